"""How the agency's documents word recurring things: the 依據, and how the agency calls itself."""

from __future__ import annotations

import re


def basis_phrase(basis: str) -> str:
    """Return the 依據 as a phrase to wrap in 「依…辦理」, whatever wording staff typed.

    「依臺南市政府…函辦理。」 and 「臺南市政府…函」 both give 「臺南市政府…函」.
    """
    text = basis.strip().rstrip("。．.，,；;： ")
    text = re.sub(r"^(?:依據|依照|依)[：:\s]*", "", text)
    text = re.sub(r"(?:規定)?辦理$", "", text).rstrip("。，,；; ")
    return text


SELF_REFERENCES = (
    (("區公所", "鄉公所", "鎮公所", "市公所", "事務所"), "本所"),
    (("國民小學", "國民中學", "高級中學", "國小", "國中", "高中", "學校", "大學"), "本校"),
    (("局",), "本局"),
    (("處",), "本處"),
    (("署",), "本署"),
    (("院",), "本院"),
    (("會",), "本會"),
    (("中心",), "本中心"),
)


def self_reference(agency: str) -> str:
    """Return how the agency calls itself in letters: 本所 for a 區公所, 本校 for a school."""
    name = agency.strip()
    for endings, word in SELF_REFERENCES:
        if name.endswith(endings):
            return word
    return "本機關"
