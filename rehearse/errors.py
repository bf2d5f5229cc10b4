"""One exception family; the CLI turns each into a one-line message and an exit code."""


class RehearseError(Exception):
    """Base of every error rehearse reports to the user."""

    exit_code = 1


class AudioError(RehearseError):
    """The audio could not be read, or holds nothing to analyse."""

    exit_code = 2


class ModelError(RehearseError):
    """The speech model could not be found or loaded."""

    exit_code = 3


class DeviceError(RehearseError):
    """The microphone or the audio stack is missing or refused to work."""

    exit_code = 4


class StoreError(RehearseError):
    """The rehearsal history could not be read or written."""

    exit_code = 5


class UsageError(RehearseError):
    """The user asked for something that does not make sense."""

    exit_code = 2
