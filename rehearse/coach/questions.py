"""The question bank: common interview questions by group, plus the user's own.

The user's own questions live in ``<data home>/questions.txt``: one question a line,
``# group name`` lines start a group, blank lines and other ``#`` lines are ignored. A line
may carry the talking points meant for its question after a bar:
``Tell me about yourself | led a team of four; cut routing from 6 h to 40 min``.
"""

from __future__ import annotations

import random as _random
from dataclasses import dataclass
from pathlib import Path

from rehearse.errors import UsageError
from rehearse.home import data_home

OWN_FILE = "questions.txt"
OWN_GROUP = "your questions"


@dataclass(frozen=True)
class Question:
    text: str
    group: str
    points: tuple[str, ...] = ()  # talking points from questions.txt


BANK: dict[str, tuple[str, ...]] = {
    "about you": (
        "Tell me about yourself.",
        "Walk me through your resume.",
        "How would your colleagues describe you?",
        "What are you most proud of in your career so far?",
        "What do you do outside of work?",
        "Describe your current role and what a typical week looks like.",
    ),
    "behavioural": (
        "Tell me about a time you disagreed with a colleague. What happened?",
        "Describe a project that failed. What did you learn?",
        "Tell me about a time you had to meet a tight deadline.",
        "Give an example of a time you showed leadership without being the manager.",
        "Tell me about a time you made a mistake at work and how you handled it.",
        "Describe a situation where you had to learn something new quickly.",
        "Tell me about a time you had to persuade someone to see things your way.",
        "Describe a time you received difficult feedback. What did you do with it?",
    ),
    "strengths and weaknesses": (
        "What is your greatest strength?",
        "What is your greatest weakness?",
        "What skill are you working on improving right now?",
        "What would your last manager say you could do better?",
        "What makes you a good fit for this role?",
        "Which part of this job do you expect to find hardest?",
    ),
    "motivation": (
        "Why do you want this job?",
        "Why are you leaving your current job?",
        "Where do you see yourself in five years?",
        "What do you know about our company?",
        "What kind of work environment brings out your best?",
        "What motivates you to do your best work?",
    ),
    "closing": (
        "Why should we hire you?",
        "What are your salary expectations?",
        "When could you start?",
        "Is there anything else you would like us to know about you?",
        "What questions do you have for us?",
    ),
}


# What the interviewer asks next when an answer lacked something (the keys are what
# ``rehearse.coach.followups`` finds missing), and the general probes for any answer.
FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    "no result": (
        "What was the outcome?",
        "How did it turn out in the end?",
    ),
    "no example": (
        "Can you give me a specific example?",
        "Could you walk me through one concrete situation?",
    ),
    "only we": (
        "What was your own part in that?",
        "What did you do yourself, as opposed to the team?",
    ),
    "general": (
        "What would you do differently?",
        "What did you learn from that?",
        "What was the hardest part of that for you?",
        "Why did you choose that approach?",
    ),
}

# Unusual questions that test improvising (``interview --curveball``); not asked otherwise.
CURVEBALL_GROUP = "curveball"
CURVEBALLS: tuple[str, ...] = (
    "If you were a kitchen appliance, which one would you be, and why?",
    "How many windows are there in this city? Talk me through your estimate.",
    "Sell me the chair you are sitting on.",
    "What is something you believe that most people disagree with?",
    "If you could start your career again, what would you do first?",
    "Teach me something in one minute.",
)
OPENING = "Tell me about yourself."  # how most interviews begin


def own_questions_path() -> Path:
    return data_home() / OWN_FILE


def own_questions(path: Path | None = None) -> list[Question]:
    """The user's questions from ``questions.txt``; none if the file does not exist."""
    p = path or own_questions_path()
    try:
        raw = p.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return []  # a data directory that is a file is reported where it is first used
    except OSError as exc:
        raise UsageError(f"cannot read your questions in {p}: {exc.strerror or exc}") from exc
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise UsageError(f"your questions in {p} are not UTF-8 text (line {line}); "
                         "save the file as UTF-8") from None
    group, found = OWN_GROUP, []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            group = line.lstrip("#").strip() or OWN_GROUP
            continue
        text, _, points = line.partition("|")
        if not text.strip():
            continue
        found.append(Question(text.strip(), group, tuple(p.strip() for p in points.split(";") if p.strip())))
    return found


def all_questions() -> list[Question]:
    """The built-in bank followed by the user's own questions."""
    built_in = [Question(text, group) for group, texts in BANK.items() for text in texts]
    return built_in + own_questions()


def pick(*, rng: _random.Random | None = None, group: str | None = None) -> Question:
    """A random question, from ``group`` if given (the user's own are included)."""
    pool = all_questions()
    if group:
        pool = [q for q in pool if q.group.lower() == group.lower()] or pool
    return (rng or _random.Random()).choice(pool)


def interview_questions(n: int, *, group: str | None = None, include_own: bool = False,
                        curveball: bool = False, rng: _random.Random | None = None) -> list[Question]:
    """``n`` different questions for one mock interview, in the order they are asked.

    From the built-in bank (and the user's own with ``include_own``), of ``group`` if given;
    an interview without a group opens as most do, with ``OPENING``. ``curveball``: one of
    them (never the first of several) is a curveball.
    """
    rng = rng or _random.Random()
    pool = [Question(text, g) for g, texts in BANK.items() for text in texts]
    if include_own:
        pool += own_questions()
    if group:
        pool = [q for q in pool if q.group.lower() == group.lower()]
    chosen = rng.sample(pool, min(n, len(pool)))
    opening = next((q for q in pool if q.text == OPENING), None)
    if not group and opening is not None:
        chosen = [opening] + [q for q in chosen if q is not opening][: n - 1]
    if curveball and chosen:
        at = rng.randrange(1, len(chosen)) if len(chosen) > 1 else 0
        chosen[at] = Question(rng.choice(CURVEBALLS), CURVEBALL_GROUP)
    return chosen


def groups(*, include_own: bool = False) -> list[str]:
    """The group names ``--group`` accepts."""
    names = list(BANK)
    if include_own:
        names += [q.group for q in own_questions() if q.group not in names]
    return list(dict.fromkeys(names))
