"""`python -m ciip_desktop` opens the desktop application."""

from ciip_desktop.app import main

raise SystemExit(main())
