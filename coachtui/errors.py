"""Errors a user can cause and fix: shown as one line, never a traceback."""


class CoachError(Exception):
    """A problem with the user's input or data, explained in one line."""


class NotFound(CoachError):
    """Something the user named does not exist."""
