"""What the answer says and how it is built, in one result: talking points, structure,
substance and the ending. Computed from the transcript's words and times and the question;
no audio and no model, so it adds milliseconds to a report (benchmarks/content.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rehearse.coach.endings import Ending, find_ending
from rehearse.coach.points import PointResult, match_points
from rehearse.coach.structure import Structure, analyse_structure
from rehearse.coach.substance import Substance, analyse_substance
from rehearse.speech import Word


@dataclass(frozen=True)
class Content:
    points: tuple[PointResult, ...]  # the user's talking points, in the order given
    points_covered: int
    structure: Structure
    substance: Substance
    ending: Ending
    # Three facts a follow-up question can be chosen from, read straight off the parts:
    no_result: bool  # behavioural answer without a result ("What was the outcome?")
    no_example: bool  # no specific episode ("Can you give me a specific example?")
    mostly_we: bool  # the action told as "we" ("What was your own part?")
    star_completeness: float | None  # share of situation, action, result present (behavioural only)


def analyse_content(sentences: Sequence[tuple[Word, ...]], *, question: str | None = None,
                    points: Sequence[str] = (), filler_starts_s: Sequence[float] = ()) -> Content:
    """Everything about the content of an answer given as sentences of timed words.
    ``filler_starts_s``: fillers heard but not written, for the ending."""
    sentences = [s for s in sentences if s]
    matched = match_points(points, sentences)
    structure = analyse_structure(sentences, question)
    substance = analyse_substance(sentences)
    behavioural = structure.kind == "behavioural"
    needed = ("situation", "action", "result")
    return Content(
        points=matched,
        points_covered=sum(p.covered for p in matched),
        structure=structure,
        substance=substance,
        ending=find_ending(sentences, filler_starts_s=filler_starts_s),
        no_result=behavioural and not structure.has_result,
        no_example=not substance.has_example,
        mostly_we=structure.mostly_we,
        star_completeness=(round(sum(p not in structure.missing for p in needed) / len(needed), 2)
                           if behavioural else None),
    )


def warm() -> None:
    """Import and compile everything the content coach uses (about 0.1 s, once a process),
    so that it can be done while the answer is still being transcribed."""
    from rehearse.coach import content_feedback  # noqa: F401

    analyse_content([(Word("I", 0.0, 0.2, 1.0), Word("led.", 0.2, 0.5, 1.0))],
                    question="Tell me about a time you led.", points=("led a team",))
