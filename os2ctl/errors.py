"""The exceptions os2ctl raises for conditions a user can fix.

The CLI maps them to one-line messages and exit codes; nothing else in the core
exits or prints.
"""


class Os2ctlError(Exception):
    """Base class: a problem the user can act on; the message is shown as is."""

    exit_code = 2


class UsageError(Os2ctlError):
    """A command was called with arguments that cannot work (exit 2)."""


class RegistryError(Os2ctlError):
    """No registry could be found or read (exit 2)."""


class RefusedError(Os2ctlError):
    """A command refused to act because of the registry's state (exit 1)."""

    exit_code = 1
