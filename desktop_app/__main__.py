import sys

from desktop_app.gui_main import main

sys.exit(main())
