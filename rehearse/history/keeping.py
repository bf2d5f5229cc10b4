"""What the edges (the commands and the studio) do with reports: keep one and compare it with
the history, read one back with its comparison, list, export and forget them.

No printing and no serving here: the same steps for the terminal and the browser.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rehearse.errors import StoreError, UsageError
from rehearse.history.metrics import METRICS, extract, normalise_question, targets
from rehearse.history.progress import HistoryBlock, against_history
from rehearse.history.store import Rehearsal, exists, open_store
from rehearse.history.transfer import summary

CSV_FIXED = ("id", "created_at", "question", "question_key", "audio_path", "duration_s", "model")


def keep(data: dict, *, save: bool) -> tuple[HistoryBlock | None, StoreError | None]:
    """Keep a finished report (a ``to_dict`` dict) and compare it with the history.

    A report without speech is not kept. Returns the history block (None when the history
    could not be opened) and the ``StoreError`` that stopped it, if any: the caller shows the
    report first, then raises it when saving was asked for.
    """
    save = save and bool(data.get("speech_found"))
    if not (save or exists()):
        return against_history(None, extract(data), None, [], targets(data)), None
    try:
        with open_store() as store:
            key = normalise_question(data.get("question"))
            earlier = store.rehearsals()
            rid = store.save(data) if save else None
        return against_history(rid, extract(data), key, earlier, targets(data)), None
    except StoreError as exc:
        return None, exc


def get(store, rehearsal_id: int) -> Rehearsal:
    """One rehearsal with its report; ``UsageError`` if there is none."""
    r = store.get(rehearsal_id)
    if r is None:
        raise UsageError(f"there is no rehearsal {rehearsal_id} (see `rehearse history`)")
    return r


def with_history(store, rehearsal_id: int) -> tuple[Rehearsal, HistoryBlock]:
    """A stored rehearsal and how it compared with the rehearsals made before it."""
    r = get(store, rehearsal_id)
    earlier = store.rehearsals(before_id=rehearsal_id)
    return r, against_history(r.id, r.metrics, r.question_key, earlier, targets(r.report))


def rows_of(store, question: str | None, *, with_reports: bool = False) -> list[Rehearsal]:
    """Every rehearsal, oldest first, or the attempts at ``question``."""
    key = normalise_question(question) if question else None
    if question and key is None:
        raise UsageError(f"{question!r} is not a question")
    return store.rehearsals(question_key=key, with_reports=with_reports)


def csv_text(rows: list[Rehearsal]) -> str:
    """One CSV row per rehearsal with its metrics."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(list(CSV_FIXED) + [m.name for m in METRICS])
    for r in rows:
        s = summary(r)
        writer.writerow([s[k] for k in CSV_FIXED] + [r.metrics.get(m.name, "") for m in METRICS])
    return buf.getvalue()


def owned_audio(audio_path: str) -> Path | None:
    """The audio file if it lies inside the data home's recordings folder, else None.

    Audio the user analysed from elsewhere is theirs: deleting a rehearsal never touches it.
    """
    from rehearse.home import recordings_dir

    if not audio_path:
        return None
    path = Path(audio_path).expanduser().resolve()
    if not path.is_relative_to(recordings_dir().resolve()):
        return None
    return path


def forget(store, r: Rehearsal) -> None:
    """Delete a rehearsal, and its audio if rehearse keeps it; ``StoreError`` if the audio stays."""
    audio = owned_audio(r.audio_path)
    store.delete(r.id)
    if audio is not None:
        try:
            audio.unlink(missing_ok=True)
        except OSError as exc:
            raise StoreError(f"rehearsal {r.id} deleted, but not its audio {audio}: "
                             f"{exc.strerror or exc}") from exc
