"""What the answer gives a listener to hold on to: figures, names and a specific example
against vague words; claims too big ("the best", "I always") or too small ("I'm not really
an expert, but"); and sentences that restate without adding anything."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rehearse.coach.lexicon import LazyRegex, content_tokens, generic, is_number, raw_tokens
from rehearse.measure.rambling import Quote
from rehearse.speech import Word

RESTATING_MIN_WORDS = 12  # a shorter sentence that adds nothing is a summary, not padding
QUOTE_CONTEXT_WORDS = 3

_VAGUE = LazyRegex(r"\b(stuff|things?|a lot|lots of|various|very|several|a bunch|pretty much|pretty|somehow|"
                    r"something like that|and so on|etc|et cetera|whatever|some sort of|kind of stuff|"
                    r"many different|all sorts)\b")
_OVER = LazyRegex(r"\b(the best|best \w+ (ever|in)|perfect(ly)?|flawless(ly)?|100 percent|a hundred percent|"
                   r"i(?:'m| am)? always|everyone (loves|agrees|knows|says)|single[- ]handedly|the only one|no one else|"
                   r"nobody else|i(?:'ve)? never (make|made|fail|failed|miss|missed|let|give up|gave up)|the greatest|"
                   r"number one|world[- ]class|the most \w+ person|incredibl[ey]|amazing|extremely)\b")
_UNDER = LazyRegex(r"\b(i'?m not (really |much of |exactly )?(an? )?(expert|specialist|pro)|i'?m no expert|"
                    r"not (really |that |very )?(good|great) at|(kind|sort) of good|i (just|only) (helped|did|tried|"
                    r"supported|assisted|followed)|it was (just|only|nothing)|just a (small|little|minor)|"
                    r"nothing special|i was (just )?lucky|not a big deal|i don'?t know if|i'?m probably not|"
                    r"i'?m not sure (i|if i)|a little bit|i guess i'?m|i'?m not the best)\b")
_EXAMPLE_VERB = LazyRegex(r"\b(i|we)( \w+)? (wrote|set|called|asked|built|made|started|proposed|decided|"
                           r"talked|organi[sz]ed|created|went|sat|split|took|told|suggested|offered|pulled|"
                           r"walked|booked|checked|rewrote|counted|volunteered|introduced|changed|spoke|met|"
                           r"showed|presented|ran|designed|tested|interviewed|collected|planned|negotiated|"
                           r"paired|moved|restored|fixed|added|reviewed|explained|trained|taught|led|managed|"
                           r"launched|shipped|delivered|found|cut|hired|solved|reduced|increased|grew|saved|"
                           r"handled|worked|learned|had to|needed to|deleted|sent|gave|came|did|joined|studied|finished|"
                           r"grew|coached|won|became|spent)\b")
_EPISODE = LazyRegex(r"\b(last (year|month|week|spring|summer|autumn|fall|winter|quarter)|once|when i|"
                      r"at my (last|previous|old|current|first)|in my (last|previous|first|current)|"
                      r"years? ago|months? ago|in (19|20)\d\d|during)\b")
_NOT_NAMES = frozenset({"I", "I'm", "I've", "I'd", "I'll", "OK", "Okay"})


@dataclass(frozen=True)
class Substance:
    concreteness: float  # specifics / (specifics + vague words), 0-1; 0 when neither
    figures: int  # numbers said ("forty minutes", "25%")
    names: int  # named things: capitalised words inside a sentence (products, places, tools)
    vague: tuple[Quote, ...]  # each vague word with a few words around it
    has_example: bool  # a specific episode: "I/we did" in the past, with a time, place, name or figure
    over_claims: tuple[Quote, ...]  # superlatives and absolutes
    under_claims: tuple[Quote, ...]  # self-undermining
    restating: tuple[Quote, ...]  # long sentences with no content word not already said


def analyse_substance(sentences: Sequence[tuple[Word, ...]]) -> Substance:
    sentences = [s for s in sentences if s]
    texts = [" ".join(w.text for w in s) for s in sentences]
    figures = sum(1 for t in texts for tok in raw_tokens(t) if is_number(tok))
    names = _names(sentences)
    vague = tuple(q for s in sentences for q in _find(_VAGUE, s))
    specifics = figures + len(names)
    whole = " ".join(texts)
    example = bool(_EXAMPLE_VERB.search(whole)) and (specifics > 0 or bool(_EPISODE.search(whole)))
    return Substance(
        concreteness=round(specifics / (specifics + len(vague)), 2) if specifics + len(vague) else 0.0,
        figures=figures,
        names=len(names),
        vague=vague,
        has_example=example,
        over_claims=tuple(q for s in sentences for q in _find(_OVER, s)),
        under_claims=tuple(q for s in sentences for q in _find(_UNDER, s)),
        restating=tuple(_restating(sentences)),
    )


def _names(sentences) -> set[str]:
    out = set()
    for s in sentences:
        for k, w in enumerate(s):
            text = w.text.strip(".,!?;:\"'()")
            if k == 0 or not text or text in _NOT_NAMES or s[k - 1].text.rstrip().endswith((".", "?", "!")):
                continue
            if text[0].isupper() or (any(c.isupper() for c in text[1:]) and text.isalnum()):
                out.add(text)
    return out


def _find(rx: LazyRegex, sentence: tuple[Word, ...]) -> list[Quote]:
    """Each match in the sentence, quoted with a few words either side."""
    text = " ".join(w.text for w in sentence)
    starts, pos = [], 0
    for w in sentence:
        starts.append(pos)
        pos += len(w.text) + 1
    out = []
    for m in rx.finditer(text):
        k = max(i for i, s in enumerate(starts) if s <= m.start())
        lo, hi = max(0, k - QUOTE_CONTEXT_WORDS), min(len(sentence), k + len(m.group(0).split()) + QUOTE_CONTEXT_WORDS)
        out.append(Quote(" ".join(w.text for w in sentence[lo:hi]), round(sentence[k].start_s, 2)))
    return out


def _restating(sentences):
    seen: set[str] = set()
    for s in sentences:
        toks = {t for t in content_tokens(" ".join(w.text for w in s)) if t not in generic()}
        if len(s) >= RESTATING_MIN_WORDS and len(toks) >= 3 and not toks - seen:
            yield Quote(" ".join(w.text for w in s), round(s[0].start_s, 2))
        seen |= toks
