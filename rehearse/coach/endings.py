"""How the answer ends: landed on a point, or trailing off ("and, um, yeah", "so yeah",
"that's about it", a filler and then silence)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rehearse.coach.lexicon import LazyRegex
from rehearse.measure.rambling import Quote
from rehearse.measure.words import is_hesitation
from rehearse.speech import Word

TAIL_WORDS = 8  # trailing off happens in the last few words
_FILLER = r"(?:(?:um+|uh+|er+m?|ah+|hmm+|like|you know),?\s+)*"
_TRAIL_ITEM = (
    rf"(?:and|so|but)?,?\s*{_FILLER}yeah|"
    rf"(?:and|so)?,?\s*{_FILLER}(?:i guess |i think )?that'?s (?:(?:about|pretty much)(?: it| all| me| everything)?|it|all|me|everything)|"
    r"(?:and|or) (?:stuff|things|so on|something)(?: like that)?|"
    r"or something|anyway|i don'?t know|"
    rf"(?:and|so|but|because),?\s*{_FILLER}(?:um+|uh+|er+m?)?")
# One or more trailing items running to the very end: "so yeah, that's about it."
_TRAILING = LazyRegex(rf"(?:^|\s)((?:{_TRAIL_ITEM})(?:[\s.,!?]+(?:{_TRAIL_ITEM}))*)[\s.,!?]*$")


@dataclass(frozen=True)
class Ending:
    trails_off: bool
    kind: str | None  # "phrase" ("so yeah"), "filler" (a filler, then silence), or None
    quote: Quote | None  # the words it trails off with
    last_line: Quote | None  # the last sentence with content: where the answer should land


def find_ending(sentences: Sequence[tuple[Word, ...]], *, filler_starts_s: Sequence[float] = ()) -> Ending:
    """Trailing off in the last words of ``sentences``; ``filler_starts_s``: fillers heard but
    not written (their start times), so a final "um" into silence counts too."""
    words = [w for s in sentences for w in s]
    if not words:
        return Ending(False, None, None, None)
    spoken = [w for w in words if not is_hesitation(w.norm)]
    tail = words[-TAIL_WORDS:]
    text = " ".join(w.text for w in tail).lower().replace("\u2019", "'")
    m = _TRAILING.search(text)
    if m and m.group(0).strip(" .,!?"):
        n = min(len(m.group(0).split()), len(words))
        quoted = words[-n:]
        return Ending(True, "phrase", Quote(" ".join(w.text for w in quoted), round(quoted[0].start_s, 2)),
                      _last_line(sentences, before_s=quoted[0].start_s))
    last_line = _last_line(sentences)
    last_spoken_end = spoken[-1].end_s if spoken else words[-1].end_s
    if is_hesitation(words[-1].norm) or any(t > last_spoken_end for t in filler_starts_s):
        quoted = words[-4:]
        return Ending(True, "filler", Quote(" ".join(w.text for w in quoted) + " (um)" * (not is_hesitation(words[-1].norm)),
                                            round(quoted[0].start_s, 2)), last_line)
    return Ending(False, None, None, last_line)


def _last_line(sentences: Sequence[tuple[Word, ...]], *, before_s: float | None = None) -> Quote | None:
    """The last sentence with four or more words (that starts before ``before_s``)."""
    for s in reversed(sentences):
        if before_s is not None and s[0].start_s >= before_s:
            continue
        content = [w for w in s if not is_hesitation(w.norm)]
        if len(content) >= 4:
            return Quote(" ".join(w.text for w in s), round(s[0].start_s, 2))
    return None
