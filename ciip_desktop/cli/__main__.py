"""`python -m ciip_desktop.cli` is the `ciip` command."""

from ciip_desktop.cli import main

raise SystemExit(main())
