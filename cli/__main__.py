"""``python -m cli``: the same as the ``monoqala`` command."""

import sys

from cli.main import main

sys.exit(main())
