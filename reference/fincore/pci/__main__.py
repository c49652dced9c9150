"""``python -m fincore.pci``: see ``fincore.pci.cli``."""

import sys

from fincore.pci.cli import main

sys.exit(main())
