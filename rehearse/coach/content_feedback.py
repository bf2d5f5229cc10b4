"""Tips from what the answer says and how it is built, scored on the same scale as the
delivery tips (0 = on target, about 1 = as far off as a filler every 10 seconds) so that the
three most useful tips come out on top whichever kind they are."""

from __future__ import annotations

from rehearse.coach.content import Content
from rehearse.measure.rambling import Quote
from rehearse.report.report import Tip

NO_RESULT_SEVERITY = 1.6  # a story without an ending: above all points missed (1.5)
NO_EXAMPLE_SEVERITY = 1.2
RESULT_WITHOUT_FIGURE_SEVERITY = 0.6
MOSTLY_WE_SEVERITY = 0.9
TRAILING_OFF_SEVERITY = 0.8
NO_FUTURE_SEVERITY = 0.7
WARM_UP_SEVERITY = 0.4
MISSED_POINTS_SEVERITY = 1.5  # all points missed; a share of it for some
CONCRETENESS_OK = 0.5
VAGUE_MIN = 3


def content_tips(c: Content) -> tuple[list[Tip], list[str]]:
    tips: list[Tip] = []
    praise: list[str] = []
    s, sub = c.structure, c.substance

    if c.points:
        missed = [p for p in c.points if not p.covered]
        if missed:
            names = ", ".join(f'"{p.text}"' for p in missed[:3])
            tips.append(Tip(
                "points",
                f"You missed {len(missed)} of your {len(c.points)} talking points: {names}. "
                "Work each into one sentence of its own, with its figure.",
                None, MISSED_POINTS_SEVERITY * len(missed) / len(c.points)))
        else:
            praise.append(f"You made all {len(c.points)} of your talking points.")

    if s.kind == "behavioural":
        results = [x for x in s.sentences if x.label == "result"]
        if c.no_result:
            last = next((x for x in reversed(s.sentences) if x.label != "other"), None)
            tips.append(Tip(
                "result",
                "Your story has no result: the interviewer never hears what came of it. End with "
                "the outcome, with a figure if you can (\"the wait fell from two days to four hours\").",
                Quote(last.text, last.start_s) if last else None, NO_RESULT_SEVERITY))
        elif s.result_has_number is False:
            tips.append(Tip(
                "result_figure",
                "Your result has no figure or concrete outcome. Put a number on it: how much "
                "faster, how many people, how much money.",
                Quote(results[0].text, results[0].start_s), RESULT_WITHOUT_FIGURE_SEVERITY))
        if s.too_much_situation:
            share = s.share_of_time.get("situation", 0.0)
            first = next(x for x in s.sentences if x.label == "situation")
            tips.append(Tip(
                "situation",
                f"You spent {share:.0%} of the story setting the scene. Give the situation in a "
                "sentence or two and spend the time on what you did and what came of it.",
                Quote(first.text, first.start_s), (share - 0.45) / 0.15 + 0.5))
        if c.mostly_we:
            tips.append(Tip(
                "i_we",
                f"In the action part you said \"we\" {s.we_count} times and \"I\" {s.i_count} "
                "times. The interviewer is hiring you: say what you did yourself.",
                None, MOSTLY_WE_SEVERITY))
        if c.no_example and not c.no_result:
            tips.append(Tip(
                "example",
                "There is no specific example here: tell one real occasion, when and where, "
                "what you did and what happened.", None, NO_EXAMPLE_SEVERITY))
        if not c.no_result and not s.missing and s.result_has_number:
            praise.append("Your story has a clear situation, action and result, with a figure.")
    elif s.kind in ("about_you", "motivation"):
        if "future" in s.missing:
            tips.append(Tip(
                "arc",
                "Your answer never says where you are heading. Finish with one line on what you "
                "want next and why this role fits it.", None, NO_FUTURE_SEVERITY))
        elif s.clear_ending:
            praise.append("Your answer moves from where you are to where you are going, and ends on it.")

    if not s.opening_answers and s.opening:
        tips.append(Tip(
            "opening",
            "Your first sentence warms up instead of answering. Start with the answer itself; "
            "the interviewer hears the first line most clearly.",
            Quote(s.opening, s.sentences[0].start_s if s.sentences else 0.0), WARM_UP_SEVERITY))

    e = c.ending
    if e.trails_off:
        land = f' such as "{e.last_line.text}"' if e.last_line else ""
        tips.append(Tip(
            "ending",
            "You trailed off at the end. Land the answer: come back to your point in one "
            f"sentence{land}, then stop and let the silence work.",
            e.quote, TRAILING_OFF_SEVERITY))
    elif s.clear_ending and s.kind == "other":
        praise.append("You ended on a clear line.")

    if len(sub.vague) >= VAGUE_MIN and sub.concreteness < CONCRETENESS_OK:
        words = ", ".join(dict.fromkeys(f'"{q.text}"' for q in sub.vague[:2]))
        tips.append(Tip(
            "concreteness",
            f"You used {len(sub.vague)} vague words ({words}). Name the thing and give the number "
            "instead.", sub.vague[0], (CONCRETENESS_OK - sub.concreteness) * 2 + 0.2))
    elif sub.figures + sub.names >= 3 and sub.concreteness >= 0.8:
        praise.append("Your answer is concrete: figures and names a listener can hold on to.")
    if sub.under_claims:
        tips.append(Tip(
            "under_claiming",
            f"You played yourself down (\"{sub.under_claims[0].text}\"). Say what you did and "
            "let it stand.", sub.under_claims[0], 0.35 * len(sub.under_claims)))
    if len(sub.over_claims) >= 2:
        tips.append(Tip(
            "over_claiming",
            f"Claims like \"{sub.over_claims[0].text}\" invite doubt. Let a fact make the "
            "claim for you.", sub.over_claims[0], 0.3 * len(sub.over_claims)))
    if len(sub.restating) >= 2:
        tips.append(Tip(
            "restating",
            f"{len(sub.restating)} sentences said again what you had said already. Cut them, or "
            "add something new.", sub.restating[0], 0.25 * len(sub.restating)))
    return tips, praise
