"""Which follow-up the interviewer asks after an answer: from what the answer lacked.

``choose_followup(report, ...)`` is the interface. It reads what the answer lacked from the
report's content analysis (``report.content``, issue 12): ``no_result`` from the STAR parts
of a behavioural answer and ``no_example`` (``facts_from_report``); "I" and "we" are counted
over the whole answer, since a short story may tell its "we" in the situation as much as in
the action. A report without it (schema version 1) falls back on
``answer_facts``: a few word lists over the transcript text, honest about being crude (it
hears "we cut the time in half" as a result, and misses a result told without any of its
words), as it also does for the result of an answer that is not a behavioural story. The
rules and the follow-ups (data, in ``rehearse.coach.questions.FOLLOW_UPS``) stay.
"""

from __future__ import annotations

import random as _random
import re
from dataclasses import dataclass

from rehearse.coach.questions import FOLLOW_UPS

MIN_WORDS = 15  # an answer shorter than this is not worth probing: there is nothing to ask about
MIN_WE = 3  # "we" this many times, and "I" in at most ``MAX_I_SHARE`` of them, is "all we"
MAX_I_SHARE = 0.2

# Outcomes are told with these: numbers, comparisons, consequences.
RESULT_WORDS = re.compile(
    r"\b(result(ed|s)?|outcome|so that|which meant|in the end|ended up|led to|"
    r"(in|de)creas\w*|reduc\w*|improv\w*|sav(ed|ing)|cut|doubl\w*|halv\w*|half|grew|"
    r"dropped|fell|rose|won|launched|shipped|delivered|succeed\w*|success\w*|fail\w*|"
    r"percent|per ?cent|faster|slower|fewer|more than|less than)\b|%|\d")
# A specific example names a time, a place or an occasion.
EXAMPLE_WORDS = re.compile(
    r"\b(for example|for instance|one time|once|last (year|month|week|spring|summer|autumn|fall|winter)|"
    r"(a|one) (time|project|day) (when|where)|when I (was|worked)|at my (last|previous|current) (job|company|role)|"
    r"in (19|20)\d\d|there was a)\b")
I_WORDS = re.compile(r"\b(i|i'm|i've|i'd|i'll|me|my|mine|myself)\b")
WE_WORDS = re.compile(r"\b(we|we're|we've|we'd|we'll|us|our|ours|ourselves)\b")


@dataclass(frozen=True)
class AnswerFacts:
    """What the content of an answer holds, as far as the transcript's words tell."""

    word_count: int
    has_result: bool
    has_example: bool
    i_count: int
    we_count: int


@dataclass(frozen=True)
class FollowUp:
    text: str
    reason: str  # a key of ``FOLLOW_UPS``: "no result", "no example", "only we", "general"


def answer_facts(text: str) -> AnswerFacts:
    """The facts ``choose_followup`` needs, from the transcript text alone."""
    t = " ".join(text.lower().replace("\u2019", "'").split())
    return AnswerFacts(
        word_count=len(t.split()),
        has_result=bool(RESULT_WORDS.search(t)),
        has_example=bool(EXAMPLE_WORDS.search(t)),
        i_count=len(I_WORDS.findall(t)),
        we_count=len(WE_WORDS.findall(t)),
    )


def facts_from_report(report) -> AnswerFacts:
    """The facts of a ``Report``: from its content analysis when it has one."""
    c = getattr(report, "content", None)
    if c is None:
        return answer_facts(report.transcript.text)
    words = answer_facts(report.transcript.text)
    behavioural = c.structure.kind == "behavioural"
    return AnswerFacts(
        word_count=words.word_count,
        has_result=not c.no_result if behavioural else words.has_result,
        has_example=not c.no_example,
        i_count=words.i_count,
        we_count=words.we_count,
    )


def lacking(facts: AnswerFacts) -> str | None:
    """What the answer most lacked (a ``FOLLOW_UPS`` key), or None when nothing stands out."""
    if facts.we_count >= MIN_WE and facts.i_count <= MAX_I_SHARE * facts.we_count:
        return "only we"
    if not facts.has_example:
        return "no example"
    if not facts.has_result:
        return "no result"
    return None


def choose_followup(report, *, asked: frozenset[str] | set[str] = frozenset(),
                    general: bool = True, rng: _random.Random | None = None) -> FollowUp | None:
    """The follow-up to ask after the answer ``report`` (a ``Report``), or None.

    What the answer lacked comes first; otherwise, with ``general``, one of the general
    probes. A follow-up already ``asked`` in this session is not asked again. No speech or a
    very short answer gets none.
    """
    if not report.speech_found:
        return None
    facts = facts_from_report(report)
    if facts.word_count < MIN_WORDS:
        return None
    reason = lacking(facts)
    reasons = [reason] if reason else []
    if general:
        reasons.append("general")
    for r in reasons:
        fresh = [q for q in FOLLOW_UPS[r] if q not in asked]
        if fresh:
            return FollowUp((rng or _random.Random()).choice(fresh), r)
    return None
