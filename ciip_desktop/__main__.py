"""`python -m ciip_desktop` opens the desktop application."""

import gc

gc.disable()  # until the window's first paint (see app.main): faster imports

from ciip_desktop.app import main  # noqa: E402

raise SystemExit(main())
