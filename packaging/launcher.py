"""Entry point of the desktop bundle (PyInstaller freezes this script): the same main() as `bouquet-desk`."""

import sys

from bouquet_desk.app import main

if __name__ == "__main__":
    sys.exit(main())
