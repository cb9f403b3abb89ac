"""Small pure functions the model and the documents share: sort keys and risk bands.

Kept apart from the dataclasses so that modules needing only these stay cheap to import.
"""

from __future__ import annotations

import re


def natural_key(text: str) -> tuple[object, ...]:
    """Return a sort key that puts C2 before C10."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def risk_band(score: int) -> str:
    """Return the band of a risk score: 6–9 高, 3–4 中, 1–2 低."""
    if score >= 6:
        return "高"
    if score >= 3:
        return "中"
    return "低"
