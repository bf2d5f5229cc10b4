"""Turning numbers into advice: the three tips with their evidence, what went well, what the
answer says and how it is built (talking points, structure, substance, ending), and the
interview questions to practise."""

from rehearse._exports import lazy_exports

_NAMES = {
    "coach": "feedback",
    "analyse_content": "content",
    "Content": "content",
    "split_points": "points",
    "Question": "questions",
    "all_questions": "questions",
    "pick": "questions",
    "interview_questions": "questions",
    "choose_followup": "followups",
    "session_report": "session",
}
__all__ = sorted(_NAMES)
__getattr__ = lazy_exports(__name__, _NAMES)
