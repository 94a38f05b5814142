"""os2ctl: the OS2 governance model as a Git-backed YAML registry."""

__version__ = "0.1.0"
