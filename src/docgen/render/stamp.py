"""The time recorded in outputs: the document's own date, or SOURCE_DATE_EPOCH when set."""

from __future__ import annotations

import os
from datetime import UTC, datetime

EARLIEST_ZIP_TIME = datetime(1980, 1, 1, tzinfo=UTC)
LATEST_ZIP_TIME = datetime(2107, 12, 31, 23, 59, 58, tzinfo=UTC)


def stamp(default: datetime) -> datetime:
    """Return the time recorded in outputs: SOURCE_DATE_EPOCH when set, else ``default``.

    Held within what a zip entry can record (1980 to 2107), however large the epoch.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = default if default.tzinfo else default.replace(tzinfo=UTC)
    if epoch.isascii() and epoch.isdigit():
        try:
            moment = datetime.fromtimestamp(int(epoch), tz=UTC)
        except (OverflowError, OSError, ValueError):
            moment = LATEST_ZIP_TIME
    return min(max(moment, EARLIEST_ZIP_TIME), LATEST_ZIP_TIME)
