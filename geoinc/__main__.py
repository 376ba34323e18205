"""``python -m geoinc`` runs the command line."""

from geoinc.cli import main

main()
