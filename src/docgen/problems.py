"""Problems found in the input, each naming where it was found, and the errors that carry them.

The library never prints or exits: it collects :class:`Problem` objects and raises
:class:`InputError` holding all of them; the CLI prints them and chooses the exit code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Severity(Enum):
    """How bad a problem is: an error stops the run, a warning is only reported."""

    ERROR = "錯誤"
    WARNING = "警告"


@dataclass(frozen=True)
class Problem:
    """One problem in the input, located by sheet and cell (or by file)."""

    severity: Severity
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}：{self.message}" if self.where else self.message

    @property
    def is_error(self) -> bool:
        """Return True when this problem stops the run."""
        return self.severity is Severity.ERROR


class Problems:
    """An ordered collection of problems, filled while reading and validating."""

    def __init__(self, items: Iterable[Problem] = ()) -> None:
        self._items: list[Problem] = list(items)

    def error(self, where: str, message: str) -> None:
        """Record an error at ``where``."""
        self._items.append(Problem(Severity.ERROR, where, message))

    def warning(self, where: str, message: str) -> None:
        """Record a warning at ``where``."""
        self._items.append(Problem(Severity.WARNING, where, message))

    def extend(self, other: Iterable[Problem]) -> None:
        """Add every problem of ``other``."""
        self._items.extend(other)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def has_errors(self) -> bool:
        """Return True when at least one problem is an error."""
        return any(p.is_error for p in self._items)


class DocgenError(Exception):
    """Base of every error docgen reports to a user; ``problems`` says what and where.

    ``written`` lists files that were already replaced when the error struck (normally none).
    """

    def __init__(
        self, problems: Iterable[Problem] | str, where: str = "", written: Iterable[Path] = ()
    ) -> None:
        if isinstance(problems, str):
            problems = [Problem(Severity.ERROR, where, problems)]
        self.problems: list[Problem] = list(problems)
        self.written: list[Path] = list(written)
        super().__init__("\n".join(str(p) for p in self.problems))


class InputError(DocgenError):
    """The workbook (or another input file) cannot be used as it is."""


class OutputError(DocgenError):
    """An output could not be written; earlier outputs are left as they were."""


class NotReadyError(DocgenError):
    """A document cannot be built yet at the project's current stage."""


class RejectedFile(InputError):
    """A file from outside (a returned form) cannot be read safely; the message says why."""


class ToolError(DocgenError):
    """A program docgen drives (LibreOffice) is missing, failed or timed out."""


class MailError(DocgenError):
    """An e-mail could not be sent; nothing was sent and the message file is kept."""
