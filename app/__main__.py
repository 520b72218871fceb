"""``python -m app`` runs the ``saoluu`` command."""

import sys

from app.cli import main

sys.exit(main())
