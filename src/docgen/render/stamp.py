"""The time recorded in outputs: the document's own date, or SOURCE_DATE_EPOCH when set."""

from __future__ import annotations

import os
from datetime import UTC, datetime

EARLIEST_ZIP_TIME = datetime(1980, 1, 1, tzinfo=UTC)


def stamp(default: datetime) -> datetime:
    """Return the time recorded in outputs: SOURCE_DATE_EPOCH when set, else ``default``."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = datetime.fromtimestamp(int(epoch), tz=UTC)
    else:
        moment = default if default.tzinfo else default.replace(tzinfo=UTC)
    return max(moment, EARLIEST_ZIP_TIME)
