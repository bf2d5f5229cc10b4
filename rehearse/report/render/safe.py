"""User text made safe for a terminal: every printing edge passes user text through ``clean``.

A question, a transcript, a file name or a line of ``questions.txt`` may hold terminal control
codes: an escape sequence that recolours, moves the cursor, retitles the window or hides
what follows, a bell, a carriage return or backspaces that overwrite what was printed, or a
bidirectional override that shows text in another order than it is stored. ``clean`` shows
each such character as a visible escape (``\\x1b``, ``\\u202e``), so the text prints literally;
right-to-left letters and emoji are ordinary text and stay. Rich would also read ``[bold]``
in a string as markup: ``plain`` gives a ``Text``, which rich never parses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

# Explicit embeddings, overrides and isolates (Unicode bidi controls) and the line and
# paragraph separators; the implicit marks (U+200E, U+200F) only nudge neutral characters.
_BIDI_AND_SEPARATORS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"


def _escape(ch: str) -> str:
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


# C0 controls, DEL and the C1 controls (U+0080-U+009F: U+009B starts a sequence like ESC [).
_UNSAFE = [chr(n) for n in (*range(0x20), 0x7F, *range(0x80, 0xA0))] + list(_BIDI_AND_SEPARATORS)
_TABLE = {ord(ch): _escape(ch) for ch in _UNSAFE} | {ord("\t"): " "}
_TABLE_KEEP_NEWLINES = _TABLE | {ord("\n"): "\n"}
_JSON_TABLE = {ord(ch): f"\\u{ord(ch):04x}" for ch in _UNSAFE if ord(ch) >= 0x20}


def clean(text: object, *, newlines: bool = False) -> str:
    """``text`` as a string with no character a terminal would act on; ``\\n`` kept if asked."""
    s = str(text)
    if newlines:
        return s.replace("\r\n", "\n").translate(_TABLE_KEEP_NEWLINES)
    return s.translate(_TABLE)


def plain(text: object, style: str = "") -> Text:
    """``clean(text)`` as a rich ``Text``: printed literally, never read as markup."""
    from rich.text import Text

    return Text(clean(text), style=style)


def json_text(text: str) -> str:
    """JSON from ``json.dumps(..., ensure_ascii=False)`` with the unsafe characters it leaves raw
    (DEL, C1, bidi controls) written as ``\\uXXXX`` escapes: same data, safe on a terminal.

    Valid because JSON already escapes every C0 control, so these can only stand in strings.
    """
    return text.translate(_JSON_TABLE)
