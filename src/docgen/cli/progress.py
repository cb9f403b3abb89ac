"""The compile's progress bar on standard error (tqdm), drawn only when that is a terminal."""

from __future__ import annotations

import sys
from typing import Any, TextIO

DELAY_SECONDS = 0.5  # a short compile shows no bar at all


class TerminalProgress:
    """A :class:`docgen.compile.progress.Progress` drawing one tqdm bar per phase."""

    def __init__(self, stream: TextIO, delay: float = DELAY_SECONDS) -> None:
        self.stream = stream
        self.delay = delay
        self.bar: Any = None

    def begin(self, label: str, total: int) -> None:
        """Start a bar for the phase ``label`` of ``total`` steps."""
        from tqdm import tqdm

        self.finish()
        self.bar = tqdm(
            total=total, desc=label, unit="件", file=self.stream, leave=False, delay=self.delay
        )

    def advance(self, count: int = 1) -> None:
        """Move the bar on by ``count`` steps."""
        if self.bar is not None:
            self.bar.update(count)

    def finish(self) -> None:
        """Close the current bar."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def terminal_progress(stream: TextIO | None = None) -> Any:
    """Return a progress bar on ``stream`` (standard error) when it is a terminal, else None."""
    stream = stream or sys.stderr
    isatty = getattr(stream, "isatty", None)
    return TerminalProgress(stream) if isatty is not None and isatty() else None
