"""``python -m web.ops``: see :mod:`web.ops.serve`."""

import sys

from web.ops.serve import main

sys.exit(main())
