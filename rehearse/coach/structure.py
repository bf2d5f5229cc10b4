"""How an answer is built: Situation, Task, Action, Result for behavioural questions; a
present / past / future arc for "tell me about yourself" and motivation questions; and for
every answer, the opening, the number of distinct points and the conclusion.

Each sentence is scored by cue phrases (tense, pronoun and the phrases people use to set a
scene, name a goal, say what they did and what came of it), plus where it sits in the answer;
then the labels of the whole answer are chosen together (a Viterbi pass) so that the usual
order S -> T -> A -> R costs nothing and a step back costs a little. A small trained classifier
was not used: the labelled set (benchmarks/data/content/structure.json, 43 answers) is far too
small to train one, and cue phrases can be read and fixed. Accuracy: benchmarks/content.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rehearse.coach.lexicon import LazyRegex, content_tokens, generic, is_number
from rehearse.speech import Word

STAR = ("situation", "task", "action", "result")
ARC = ("now", "past", "future")
OTHER = "other"
BACK_STEP_COST = 1.2  # a label earlier in the order than the one before it
TOO_MUCH_SITUATION = 0.45  # share of the answer's time spent setting the scene

BEHAVIOURAL_RE = LazyRegex(
    r"\b(tell me about|describe|give (me )?an example|talk me through|share an example|walk me through)\b"
    r".*\b(time|situation|occasion|example|project|moment|when you|mistake|conflict|failure)\b"
    r"|\ba time (when|you)\b")
ABOUT_YOU_RE = LazyRegex(
    r"\b(about yourself|walk me through your (resume|cv|career|background)|introduce yourself|"
    r"your background|who you are)\b")
MOTIVATION_RE = LazyRegex(
    r"\b(why (do|would) you want|why are you (leaving|interested|applying)|why (this|our|us)|"
    r"where do you see yourself|what motivates|why should we hire|what (attracts|interests) you)\b")


def _cues(*patterns: str) -> LazyRegex:
    return LazyRegex("|".join(rf"\b{p}\b" for p in patterns))


_PAST_VERB = (r"(wrote|set up|called|asked|built|made|started|proposed|decided|talked|organi[sz]ed|created|"
              r"went through|sat down|split|took|told|suggested|offered|pulled|walked|booked|read|checked|"
              r"redid|rewrote|counted|volunteered|introduced|changed|spoke|met|showed|presented|arranged|"
              r"reached out|contacted|emailed|designed|tested|ran|researched|interviewed|collected|gathered|"
              r"prepared|planned|prioriti[sz]ed|negotiated|paired|moved|restored|fixed|added|reviewed|"
              r"explained|trained|taught|worked|stayed|chased|discussed|put|filled|rebuilt|cut|hired|"
              r"delegated|escalated|drafted|listed|mapped|measured|analy[sz]ed|compared|watched|helped|"
              r"used|chose|agreed to|focused|gave|invited|built|led|managed|coordinated|shared|"
              r"practised|practiced|studied|broke|sent|went|looked|owned|handled|stepped|picked|kept|"
              r"started|set|made a point|made sure|sat)")
_EMIT = {
    "situation": (
        (_cues(r"last (year|month|spring|summer|autumn|winter|quarter)", r"(at|in) my (last|previous|old|first|current) (job|role|company|team|position)",
               r"when i (joined|started|was)", r"there (was|were)", r"we had", r"our (team|company|client|customers|manager|school)",
               r"used to", r"was (failing|losing|struggling|late|behind)", r"had been", r"once", r"during", r"years? ago",
               r"a (colleague|client|customer|manager)", r"early in", r"(wanted|thought|liked)", r"it was"), 1.0),
    ),
    "task": (
        (_cues(r"my (job|task|role|part|responsibility|goal) (was|were)", r"i (had|needed|was asked|was expected) to",
               r"i was responsible", r"the (goal|aim|target|challenge) was", r"(someone|we) (had|needed) to",
               r"i wanted to (get|keep|make|convince|find)", r"it was up to me", r"i was (the|in charge)",
               r"as the \w+ (lead|manager|teacher|owner)", r"i needed"), 2.5),
    ),
    "action": (
        (LazyRegex(rf"\b(i|we)( (also|then|first|personally|immediately|quickly|just))? {_PAST_VERB}\b"), 1.6),
        (_cues(r"so i", r"then i", r"first,? i", r"i also", r"next,? i", r"after that,? i", r"afterwards,? i",
               r"i started", r"i made sure"), 0.8),
    ),
    "result": (
        (_cues(r"as a result", r"in the end", r"the (result|outcome)", r"ended up", r"eventually", r"by the end",
               r"since then", r"ever since", r"since", r"today", r"still", r"learn(ed|t)", r"lesson", r"went (from|down|up)",
               r"fell", r"rose", r"grew", r"increased", r"reduced", r"dropped", r"saved", r"improved", r"on time",
               r"approved", r"agreed", r"signed", r"won", r"renewed", r"launched", r"shipped", r"closed",
               r"worked out", r"turned out", r"percent", r"without (a single|any) error", r"got the", r"became",
               r"now (asks|uses|sends|has|is)", r"broke even", r"arrived", r"kept it", r"was fine", r"succeeded",
               r"joined", r"rated", r"went with", r"(we|i|they) got", r"extended"), 1.4),
    ),
    OTHER: (
        (_cues(r"good question", r"great question", r"let me think", r"where do i start", r"(so|and),?( (um|uh),?)* yeah",
               r"that's (about )?it", r"that's all", r"that's me", r"i guess that's", r"^(sure|okay|ok|right|um|so)[,.]?$"), 3.0),
    ),
}
_ARC_EMIT = {
    "now": ((_cues(r"currently", r"right now", r"at the moment", r"these days", r"today", r"now", r"i'm an?", r"i am an?",
                   r"i work", r"i lead", r"i run", r"i've been", r"i have been", r"most of my", r"in my (current|present) role",
                   r"since \w+ i've", r"i like", r"i'm good", r"what motivates me", r"i (also )?(train|write|spend|enjoy)",
                   r"(is|are) (now|cutting)", r"means more"), 1.2),),
    "past": ((_cues(r"before that", r"started my career", r"years? ago", r"i studied", r"graduated", r"my first job",
                    r"after that", r"grew up", r"i was", r"i did", r"last (year|summer)", r"i (started|moved|trained|spent|joined|came|finished|learned|ran|worked|found)",
                    r"during my", r"there i", r"in my (last|previous) job", r"i've also done", r"over the last", r"in the past",
                    r"i enjoyed"), 1.2),),
    "future": ((_cues(r"i want", r"i'd like", r"i would like", r"looking (for|to)", r"next i", r"i hope", r"i'd hope",
                      r"keen to", r"in (five|ten|\d+) years", r"this (role|position|job)", r"that's why", r"excited",
                      r"i'm applying", r"i see myself", r"i'd want", r"grow into", r"where i can", r"is what i"), 1.6),),
    OTHER: _EMIT[OTHER],
}
_I = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "my", "myself"})
_WE = frozenset({"we", "we're", "we've", "we'd", "we'll", "us", "our", "ours", "ourselves"})
_WARM_UP = _cues(r"good question", r"great question", r"let me think", r"where do i start", r"^(um|uh|so|okay|ok|well|sure|right)\b")


@dataclass(frozen=True)
class LabelledSentence:
    label: str  # situation/task/action/result, now/past/future, or other
    text: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class Structure:
    kind: str  # "behavioural", "about_you", "motivation" or "other" (from the question)
    sentences: tuple[LabelledSentence, ...]  # labelled for behavioural and about_you/motivation
    share_of_time: dict[str, float]  # label -> share of the labelled sentences' time, 0-1
    missing: tuple[str, ...]  # parts of STAR (or of the arc) with no sentence
    has_result: bool | None  # behavioural only
    result_has_number: bool | None  # a figure or outcome in the result part
    i_count: int  # "I/me/my" in the action part (behavioural) or in the whole answer
    we_count: int  # "we/us/our", counted the same way
    i_share: float | None  # i_count / (i_count + we_count); None when neither was said
    mostly_we: bool  # the action part tells what "we" did, not what "I" did
    too_much_situation: bool
    opening: str | None  # the first sentence
    opening_answers: bool  # False when it warms up ("Good question, let me think")
    distinct_points: int  # topic shifts + 1
    conclusion: str | None  # the last sentence with content
    clear_ending: bool  # ends on a result (behavioural), a future line (about you), or a content sentence


def question_kind(question: str | None) -> str:
    """"behavioural", "about_you", "motivation" or "other", from the question's wording or
    the question bank's group."""
    if not question:
        return "other"
    from rehearse.coach.questions import BANK

    norm = question.strip().casefold()
    for group, kind in (("behavioural", "behavioural"), ("motivation", "motivation")):
        if any(norm == q.casefold() for q in BANK[group]):
            return kind
    if ABOUT_YOU_RE.search(question):
        return "about_you"
    if BEHAVIOURAL_RE.search(question):
        return "behavioural"
    if MOTIVATION_RE.search(question):
        return "motivation"
    return "other"


def label_sentences(texts: Sequence[str], kind: str) -> list[str]:
    """One label a sentence: STAR parts for behavioural answers, the arc otherwise."""
    if not texts:
        return []
    order, emit = (STAR, _EMIT) if kind == "behavioural" else (ARC, _ARC_EMIT)
    labels = (*order, OTHER)
    n = len(texts)
    scores = []
    for k, text in enumerate(texts):
        pos = k / max(n - 1, 1)
        row = {}
        for lab in labels:
            row[lab] = sum(w for rx, w in emit[lab] if rx.search(text))
        if kind == "behavioural":
            row["situation"] += 1.0 * (1 - pos) + 0.3
            row["result"] += 1.0 * pos - 0.3
            row["action"] += 0.3
        else:
            row["now"] += 0.4 * (1 - pos)
            row["future"] += 0.8 * pos - 0.6
        meaningful = [t for t in content_tokens(text) if t not in generic()]
        row[OTHER] += -1.5 if len(meaningful) >= 3 else 0.0
        scores.append(row)
    rank = {lab: i for i, lab in enumerate(order)}

    def step(prev: str, cur: str) -> float:
        if OTHER in (prev, cur):
            return 0.0
        return -BACK_STEP_COST if rank[cur] < rank[prev] else 0.0

    best = [{lab: (scores[0][lab], [lab]) for lab in labels}]
    for k in range(1, n):
        row = {}
        for cur in labels:
            prev, (s, path) = max(((p, best[-1][p]) for p in labels),
                                  key=lambda pv: pv[1][0] + step(pv[0], cur))
            row[cur] = (s + step(prev, cur) + scores[k][cur], path + [cur])
        best.append(row)
    return max(best[-1].values(), key=lambda sp: sp[0])[1]


def analyse_structure(sentences: Sequence[tuple[Word, ...]], question: str | None) -> Structure:
    """The structure of an answer given as sentences of timed words."""
    sentences = [s for s in sentences if s]
    texts = [" ".join(w.text for w in s) for s in sentences]
    kind = question_kind(question)
    labels = label_sentences(texts, kind) if kind != "other" else [OTHER] * len(texts)
    labelled = tuple(LabelledSentence(lab, t, round(s[0].start_s, 2), round(s[-1].end_s, 2))
                     for lab, t, s in zip(labels, texts, sentences))
    parts = STAR if kind == "behavioural" else ARC if kind in ("about_you", "motivation") else ()
    durations: dict[str, float] = {}
    for x in labelled:
        if x.label in parts:
            durations[x.label] = durations.get(x.label, 0.0) + max(x.end_s - x.start_s, 0.0)
    total = sum(durations.values())
    share = {p: round(durations.get(p, 0.0) / total, 3) if total else 0.0 for p in parts}
    missing = tuple(p for p in parts if p not in durations)
    if kind == "behavioural":
        missing = tuple(p for p in missing if p != "task")  # a task is often implied by the situation
    behavioural = kind == "behavioural"
    results = [x.text for x in labelled if x.label == "result"]
    counted = [x.text for x in labelled if x.label == "action"] if behavioural else texts
    i_count, we_count = _pronouns(counted)
    content = [x for x in labelled if x.label != OTHER]
    last = content[-1] if content else None
    if behavioural:
        clear = bool(labelled) and labelled[-1].label == "result"
    elif kind in ("about_you", "motivation"):
        clear = bool(labelled) and labelled[-1].label == "future"
    else:
        clear = bool(labelled) and labelled[-1].label != OTHER and not _WARM_UP.search(labelled[-1].text)
    return Structure(
        kind=kind,
        sentences=labelled,
        share_of_time=share,
        missing=missing,
        has_result=bool(results) if behavioural else None,
        result_has_number=any(_has_figure(t) for t in results) if behavioural and results else None,
        i_count=i_count,
        we_count=we_count,
        i_share=round(i_count / (i_count + we_count), 2) if i_count + we_count else None,
        mostly_we=we_count >= 2 and we_count > i_count,
        too_much_situation=behavioural and share.get("situation", 0.0) > TOO_MUCH_SITUATION,
        opening=texts[0] if texts else None,
        opening_answers=bool(texts) and not _is_warm_up(texts[0]),
        distinct_points=count_points(texts),
        conclusion=last.text if last else None,
        clear_ending=clear,
    )


def _pronouns(texts: Sequence[str]) -> tuple[int, int]:
    i = we = 0
    for t in texts:
        for tok in re.findall(r"[a-z']+", t.lower().replace("\u2019", "'")):
            i += tok in _I
            we += tok in _WE
    return i, we


def _has_figure(text: str) -> bool:
    from rehearse.coach.lexicon import raw_tokens

    return any(is_number(t) or t in ("halve", "percent", "third", "quarter", "double", "doubled", "tripled")
               for t in raw_tokens(text))


def _is_warm_up(text: str) -> bool:
    meaningful = [t for t in content_tokens(text) if t not in generic()]
    return bool(_WARM_UP.search(text.strip())) and len(meaningful) < 3 or len(meaningful) < 2


def count_points(texts: Sequence[str]) -> int:
    """Distinct points, roughly: the answer is cut where a sentence shares no content word
    with the two before it, and the stretches of two or more sentences are counted (a lone
    sentence is an aside, not a point)."""
    if not texts:
        return 0
    runs, recent = [0], []
    for t in texts:
        toks = {x for x in content_tokens(t) if x not in generic() and not is_number(x)}
        if recent and len(toks) >= 3 and not any(toks & r for r in recent[-2:]):
            runs.append(0)
        runs[-1] += 1
        recent.append(toks)
    return max(sum(1 for n in runs if n >= 2), 1)
