"""The browser tests' harness: the benchmark's server and browser helpers, and where the
tests' screenshots go (outside the repository: a test never writes into the checkout)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bench.harness import (  # noqa: F401 - re-exported for the tests
    CHROMIUM_ARGS,
    LOOPBACK,
    ROOT,
    block_non_loopback,
    chromium_path,
    free_port,
    serve_folder,
    streamlit_server,
)

ARTIFACTS = Path(os.environ.get("MONOQALA_ARTIFACTS") or Path(tempfile.gettempdir()) / "monoqala")
