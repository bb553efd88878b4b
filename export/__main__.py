"""``python -m export``: the same as the ``monoqala`` command."""

import sys

from export.cli import main

sys.exit(main())
