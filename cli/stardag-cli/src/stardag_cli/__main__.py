"""``python -m stardag_cli`` runs the ``stardag`` command."""

from stardag_cli.main import main

main()
