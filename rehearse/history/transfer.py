"""Moving a history to another machine, and forgetting everything.

``export_history`` writes every rehearsal with its whole report as JSON (the format of
``rehearse export --format json``), or a zip holding that JSON as ``rehearsals.json`` plus
the audio under ``audio/``. ``import_history`` reads either back; a rehearsal already in
the history (same report, wherever its audio now lives) is skipped, so importing twice adds
nothing twice and an interrupted import can simply be run again. ``forget`` removes every
recording, the history database and rehearse's caches from the data directory.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from rehearse.errors import StoreError, UsageError
from rehearse.home import (DATABASE_SIDE_FILES, data_home, database_path, inside, models_dir,
                           private_dir, private_file, recordings_dir, studio_lock_path)

ARCHIVE_JSON = "rehearsals.json"
ARCHIVE_AUDIO = "audio/"
BUILT_MODEL_CACHES = ("base",)  # folders rehearse builds itself under the models directory


def summary(r) -> dict:
    """One rehearsal as in ``rehearse history --json`` and ``export``."""
    return {"id": r.id, "created_at": r.created_at, "question": r.question,
            "question_key": r.question_key, "audio_path": r.audio_path,
            "duration_s": r.duration_s, "model": r.model, "metrics": r.metrics}


def fingerprint(report: dict) -> str:
    """Equal for the same rehearsal on any machine: the report without where its audio lies."""
    audio = {k: v for k, v in (report.get("audio") or {}).items() if k != "path"}
    body = {**{k: v for k, v in report.items() if k not in ("audio", "history")}, "audio": audio}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class Exported:
    path: Path
    rehearsals: int
    audio_files: int
    missing_audio: int  # rehearsals whose audio file no longer exists


def export_history(store, path: Path, *, with_audio: bool) -> Exported:
    """Write the history to ``path`` (0600): JSON, or a zip with the audio if ``with_audio``."""
    rows = store.rehearsals(with_reports=True)
    items = [{**summary(r), "report": r.report} for r in rows]
    path = Path(path)
    try:
        if not with_audio:
            with private_file(path, binary=False) as f:
                json.dump(items, f, indent=2, ensure_ascii=False)
            return Exported(path, len(items), 0, 0)
        audio_files = missing = 0
        with private_file(path) as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as zf:
            for n, item in enumerate(items, 1):
                audio = Path(item["audio_path"]) if item["audio_path"] else None
                if audio is None or not audio.is_file():
                    missing += 1
                    continue
                name = f"{ARCHIVE_AUDIO}{n}-{audio.name}"
                zf.write(audio, name)  # WAV hardly compresses: stored, fast
                item["audio_file"] = name
                audio_files += 1
            zf.writestr(ARCHIVE_JSON, json.dumps(items, indent=2, ensure_ascii=False))
        return Exported(path, len(items), audio_files, missing)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc


@dataclass(frozen=True)
class Imported:
    added: int
    already_there: int
    unreadable: int  # entries without a usable report
    audio_files: int  # audio files restored into the recordings folder


def import_history(store, path: Path) -> Imported:
    """Add the rehearsals of an export (JSON or zip) that the history does not hold yet."""
    path = Path(path)
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                items = _items(zf.read(ARCHIVE_JSON), path)
                return _import(store, items, zf)
        return _import(store, _items(path.read_bytes(), path), None)
    except KeyError:
        raise UsageError(f"{path} is a zip without {ARCHIVE_JSON}: not a rehearse export") from None
    except (OSError, zipfile.BadZipFile) as exc:
        raise UsageError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from exc


def _items(data: bytes, path: Path) -> list:
    try:
        items = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"{path} is not a rehearse export (not JSON: {exc})") from None
    if not isinstance(items, list):
        raise UsageError(f"{path} is not a rehearse export (expected a list of rehearsals)")
    return items


def _import(store, items: list, zf: zipfile.ZipFile | None) -> Imported:
    known = {fingerprint(r.report) for r in store.rehearsals(with_reports=True)}
    added = already = unreadable = audio_files = 0
    for item in items:
        report = item.get("report") if isinstance(item, dict) else None
        if not isinstance(report, dict) or "created_at" not in report:
            unreadable += 1
            continue
        key = fingerprint(report)
        if key in known:
            already += 1
            continue
        report = dict(report)
        member = item.get("audio_file")
        if zf is not None and isinstance(member, str) and member in zf.NameToInfo:
            restored = _restore_audio(zf, member)
            report["audio"] = {**(report.get("audio") or {}), "path": str(restored)}
            audio_files += 1
        try:
            store.save(report)
        except (KeyError, TypeError, ValueError):
            unreadable += 1
            continue
        known.add(key)
        added += 1
    return Imported(added, already, unreadable, audio_files)


def _restore_audio(zf: zipfile.ZipFile, member: str) -> Path:
    """Copy an archived recording into the recordings folder (0600) under a fresh name.

    The name inside the archive is never used as a path: only its last part, cleaned.
    """
    folder = private_dir(recordings_dir())
    name = os.path.basename(member).split("-", 1)[-1] or "imported.wav"
    name = "".join(c if c.isalnum() or c in "._-" else "_" for c in name).lstrip(".") or "imported.wav"
    target = folder / name
    stem, suffix, n = target.stem, target.suffix, 1
    while target.exists():
        n += 1
        target = folder / f"{stem}-{n}{suffix}"
    with zf.open(member) as src, private_file(target) as out:
        shutil.copyfileobj(src, out, length=1 << 20)
    return target


@dataclass(frozen=True)
class Inventory:
    """What ``forget`` would remove from the data directory."""

    home: Path
    recordings: list[Path] = field(default_factory=list)
    recording_bytes: int = 0
    rehearsals: int = 0
    database_files: list[Path] = field(default_factory=list)
    caches: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # in the data directory, not removed

    @property
    def empty(self) -> bool:
        return not (self.recordings or self.rehearsals or self.caches)  # an empty history is nothing


def inventory() -> Inventory:
    home = data_home()
    recs = sorted(p for p in recordings_dir().glob("*") if p.is_file()) if recordings_dir().is_dir() else []
    db = database_path()
    db_files = [p for p in [db, *(db.with_name(db.name + s) for s in DATABASE_SIDE_FILES)] if p.exists()]
    count = 0
    if db.is_file():
        from rehearse.history.store import open_store

        try:
            with open_store() as store:
                count = len(store.rehearsals())
        except StoreError:
            count = -1  # damaged or from a newer rehearse: removed all the same
    from rehearse.speech.voice import CACHE_DIR as VOICE_CACHE

    caches = [home / VOICE_CACHE] if (home / VOICE_CACHE).is_dir() else []  # spoken questions
    models = models_dir()
    if inside(models, home):
        caches += [models / name for name in BUILT_MODEL_CACHES if (models / name).is_dir()]
    known = {recordings_dir(), *db_files, models, *caches, studio_lock_path()}
    kept = sorted(p for p in home.iterdir() if p not in known) if home.is_dir() else []
    if models.is_dir() and inside(models, home):
        kept += sorted(p for p in models.iterdir() if p not in caches)
    return Inventory(home, recs, sum(p.stat().st_size for p in recs), count, db_files, caches, kept)


@dataclass(frozen=True)
class Forgotten:
    recordings: int
    recording_bytes: int
    rehearsals: int
    database_files: int
    caches: int
    in_use: list[Path]  # recordings still being made by another rehearse: left alone


def forget(inv: Inventory) -> Forgotten:
    """Remove what ``inv`` lists; a recording another process is still making is left alone.
    Nothing is removed while another rehearse keeps the history open (``StoreError``)."""
    from rehearse.history.store import history_to_myself

    with history_to_myself():
        return _forget(inv)


def _forget(inv: Inventory) -> Forgotten:
    from rehearse.capture.recording_file import META_SUFFIX, PARTIAL_SUFFIX, is_in_use

    removed = size = 0
    in_use = []
    for p in inv.recordings:
        if p.name.endswith(META_SUFFIX):
            wav = p.with_name(p.name[: -len(META_SUFFIX)] + PARTIAL_SUFFIX)
            if wav.exists() and is_in_use(wav):
                continue  # the note of a recording still being made
        if p.name.endswith(PARTIAL_SUFFIX) and is_in_use(p):
            in_use.append(p)
            continue
        try:
            st = p.stat()
            p.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise UsageError(f"could not remove {p}: {exc.strerror or exc}") from exc
        removed += 1
        size += st.st_size
    for p in inv.database_files:
        p.unlink(missing_ok=True)
    for p in inv.caches:
        shutil.rmtree(p, ignore_errors=True)
    studio_lock_path().unlink(missing_ok=True)  # left by a studio no longer running
    return Forgotten(removed, size, max(inv.rehearsals, 0), len(inv.database_files),
                     len(inv.caches), in_use)


