"""The errors of driving LibreOffice, each with a zh-TW message naming the file."""

from docgen.problems import ToolError


class OfficeError(ToolError):
    """A problem running LibreOffice."""


class OfficeNotFound(OfficeError):
    """LibreOffice (or the Python it runs UNO scripts with) is not installed."""


class ConversionFailed(OfficeError):
    """LibreOffice ran but did not produce the converted file."""


class SourceTooLarge(ConversionFailed):
    """A file is larger than LibreOffice is ever given; it was not opened."""


class LimitExceeded(ConversionFailed):
    """LibreOffice was stopped: it ran out of its time or memory allowance."""
