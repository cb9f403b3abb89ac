"""The risk assessment's rules that every document applies alike."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from docgen.model.keys import natural_key

if TYPE_CHECKING:
    from docgen.model.project import Measure, Risk


def residual_levels(
    risks: Iterable[Risk], measures: Iterable[Measure]
) -> dict[str, tuple[int, int]]:
    """Return each risk's residual (likelihood, impact) after its measures, where rated.

    A risk's residual is taken from the measure against it with the lowest residual score
    (可能性 × 影響程度) among those that give both residual levels: the strongest planned
    control decides where the risk lands after controls. Ties go to the lower likelihood,
    then to the lower 措施編號, so the grid never depends on row order. Risks that no such
    measure addresses are left out (the template lists them as not rated).
    """
    wanted = {risk.id for risk in risks}
    best: dict[str, tuple[int, int, tuple[object, ...], tuple[int, int]]] = {}
    for measure in measures:
        score = measure.residual_score
        if score is None or measure.risk_id not in wanted:
            continue
        likelihood, impact = measure.residual_likelihood or 0, measure.residual_impact or 0
        key = (score, likelihood, natural_key(measure.id), (likelihood, impact))
        if measure.risk_id not in best or key < best[measure.risk_id]:
            best[measure.risk_id] = key
    return {risk_id: key[3] for risk_id, key in best.items()}
