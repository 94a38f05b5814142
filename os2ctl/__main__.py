"""Run os2ctl as `python -m os2ctl`."""

from os2ctl.cli.app import main

main()
