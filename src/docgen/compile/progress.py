"""How a long compile tells its progress: the library reports steps, the CLI draws the bar."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Receives the compile's phases and steps (the CLI shows them as a progress bar)."""

    def begin(self, label: str, total: int) -> None:
        """Start a phase of ``total`` steps, named ``label`` (zh-TW)."""

    def advance(self, count: int = 1) -> None:
        """Count ``count`` more steps of the current phase as done."""

    def finish(self) -> None:
        """End the current phase."""


class Silent:
    """A :class:`Progress` that shows nothing."""

    def begin(self, label: str, total: int) -> None:
        """Show nothing."""

    def advance(self, count: int = 1) -> None:
        """Show nothing."""

    def finish(self) -> None:
        """Show nothing."""
