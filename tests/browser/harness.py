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

# The embed's iframe is sized by the embed's own messages, which may come again as its
# layout finishes or a popup opens: what a test reads or clicks beside it waits for the
# height to have held for a while (8 polls, 0.8 s), or it races a resize.
SETTLED_HEIGHT = """() => {
  const h = document.querySelector('iframe').offsetHeight;
  const s = window.mqSeen || (window.mqSeen = {h: h, n: 0});
  if (s.h === h) { s.n += 1; } else { s.h = h; s.n = 0; }
  return s.n >= 8 ? h : 0;
}"""


def iframe_height_settled(page) -> int:
    """The host page's iframe height once it has held for 0.8 s."""
    page.evaluate("() => { window.mqSeen = undefined; }")
    return page.wait_for_function(SETTLED_HEIGHT, polling=100).json_value()
