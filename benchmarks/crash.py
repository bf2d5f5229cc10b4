"""kill -9 of `rehearse analyze`, `rehearse record` and `rehearse studio` (recording from its
page's API) at random moments, then what was left.

    python benchmarks/crash.py [--runs 20] [--seed 1]

Each run starts the real entry point on a data home that already holds one rehearsal, kills
it with SIGKILL at a random moment (for analyze, half of them drawn from the last fifth of a
normal run, where the report is saved; for record, every other one while recording and the
rest while transcribing and saving, half of those in the last fifth), then runs the next command (`rehearse history --json`), which
repairs any unfinished recording. Afterwards the history must pass ``PRAGMA
integrity_check`` and hold the earlier rehearsal plus either the whole new one (report and
every metric row) or nothing of it; every recording must be a valid WAV whose header tells
the truth; none may be left unfinished; and a kill during recording may lose only the last
moment before it (the file is synced every 0.5 s). `record` runs through the virtual
microphone (tests/virtual_mic.py). The studio records through the same microphone, started
by ``POST /api/record/start`` as its page does, and is killed like `record` (every other kill
while recording, the rest while it transcribes and saves); the next command is the CLI's.
tests/test_crash.py runs the same with 3 kills of analyze and record, 2 of the studio.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import soundfile as sf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RECORD_SECONDS = 4.0  # the --max-seconds of each `record`
LATE_SHARE = 0.5  # share of kills drawn from the last fifth of a normal run (saving)


@dataclass(frozen=True)
class Outcome:
    command: str
    killed_at_s: float  # after the process started
    normal_s: float  # how long an uninterrupted run takes
    saved: bool  # the rehearsal reached the history (whole)
    integrity: str  # PRAGMA integrity_check
    whole_or_none: bool
    repaired: bool  # the next command repaired an unfinished recording
    kept_s: float | None  # seconds of audio in the recording left behind
    recorded_s: float | None  # seconds the recording had run when killed
    problems: tuple[str, ...]  # what broke a promise; empty when nothing was lost

    @property
    def lost_s(self) -> float | None:
        if self.kept_s is None or self.recorded_s is None:
            return None
        return max(0.0, min(self.recorded_s, RECORD_SECONDS) - self.kept_s)


def _env(home: Path, extra: dict | None = None) -> dict:
    return {**os.environ, "REHEARSE_HOME": str(home), "HF_HUB_OFFLINE": "1", **(extra or {})}


def _cli(home: Path, *args: str, extra: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rehearse", *args], capture_output=True,
                          text=True, env=_env(home, extra), timeout=300)


def seed(home: Path, audio: Path) -> None:
    """One rehearsal already in the history, as a user would have (analysed once, copied)."""
    template = audio.with_name(audio.stem + "-seeded-home")
    if not template.is_dir():
        done = _cli(template, "analyze", str(audio), "-q", "An earlier answer", "--json")
        if done.returncode != 0:
            raise RuntimeError(done.stderr)
    shutil.copytree(template, home)


def check(home: Path, earlier: int) -> tuple[str, bool, bool, list[str]]:
    """(integrity, saved, whole_or_none, problems) of the history after a kill."""
    from rehearse.history.metrics import extract

    problems = []
    db = sqlite3.connect(home / "history.sqlite3")
    try:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        rows = db.execute("SELECT id, report_json FROM rehearsals ORDER BY id").fetchall()
        whole = True
        for rid, text in rows[earlier:]:
            names = {n for (n,) in db.execute("SELECT name FROM metrics WHERE rehearsal_id = ?", (rid,))}
            try:
                expected = set(extract(json.loads(text)))
            except ValueError:
                expected = None
            if expected is None or names != expected:
                whole = False
                problems.append(f"rehearsal {rid} is partial")
        orphans = db.execute("SELECT count(*) FROM metrics WHERE rehearsal_id NOT IN "
                             "(SELECT id FROM rehearsals)").fetchone()[0]
    finally:
        db.close()
    if integrity != "ok":
        problems.append(f"integrity_check: {integrity}")
    if len(rows) < earlier:
        problems.append(f"earlier rehearsals lost ({len(rows)} of {earlier})")
    if len(rows) > earlier + 1:
        problems.append(f"{len(rows) - earlier} rehearsals saved by one run")
    if orphans:
        problems.append(f"{orphans} metric rows without their rehearsal")
        whole = False
    return integrity, len(rows) == earlier + 1, whole, problems


def check_recordings(home: Path) -> tuple[float | None, list[str]]:
    """Seconds in the newest recording, and what is wrong with any recording."""
    problems, newest = [], None
    folder = home / "recordings"
    if not folder.is_dir():
        return None, problems
    if list(folder.glob("*.partial.*")):
        problems.append("an unfinished recording was left after the next command")
    for wav in sorted(folder.glob("*.wav"), key=lambda p: p.stat().st_mtime):
        try:
            info = sf.info(str(wav))
        except RuntimeError as exc:
            problems.append(f"{wav.name} is not a valid WAV: {exc}")
            continue
        if wav.stat().st_size != 44 + info.frames * info.channels * 2:
            problems.append(f"{wav.name}: header says {info.frames} frames, size disagrees")
        newest = info.frames / info.samplerate
    return newest, problems


def moment(rng: random.Random, normal_s: float) -> float:
    if rng.random() < LATE_SHARE:
        return rng.uniform(0.8 * normal_s, 1.02 * normal_s)
    return rng.uniform(0.05 * normal_s, normal_s)


def _kill_at(n: int, rng: random.Random, started: float, after_s: float, *,
             only_while_recording: bool = False) -> float:
    """When to kill run ``n`` (seconds after its start): every other one while recording, the
    others while transcribing or saving."""
    if only_while_recording or n % 2 == 0:
        return started + rng.uniform(0.2, RECORD_SECONDS)
    return started + RECORD_SECONDS + moment(rng, after_s)


def _wait_for_kill(t0: float, at: float) -> float:
    """Sleep until ``at`` seconds after ``t0``; the moment it is."""
    time.sleep(max(0.0, at - (time.monotonic() - t0)))
    return time.monotonic() - t0


def _timed_run(cmd: list[str], env: dict, **kw) -> float:
    t0 = time.monotonic()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, **kw)
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return time.monotonic() - t0


def crash_analyze(workdir: Path, audio: Path, *, runs: int, rng: random.Random) -> list[Outcome]:
    cmd = [sys.executable, "-m", "rehearse", "analyze", str(audio), "-q", "Why this job?"]
    normal_s = _timed_run(cmd, _env(workdir / "baseline"))
    out = []
    for n in range(runs):
        home = workdir / f"analyze-{n}"
        seed(home, audio)
        at = moment(rng, normal_s)
        proc = subprocess.Popen(cmd, env=_env(home), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(at)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = _cli(home, "history", "--json")
        problems = [] if after.returncode == 0 else [f"next command failed: {after.stderr.strip()}"]
        integrity, saved, whole, more = check(home, 1)
        out.append(Outcome("analyze", round(at, 2), round(normal_s, 2), saved, integrity, whole,
                           False, None, None, tuple(problems + more)))
    return out


def crash_record(workdir: Path, mic, y, *, runs: int, rng: random.Random,
                 audio: Path) -> list[Outcome]:
    from tests.test_record import Recording

    args = ("--max-seconds", f"{RECORD_SECONDS:g}", "--no-countdown", "-q", "Why this job?")

    def start(home: Path):
        mic.wait_done()
        rec = Recording(mic, *args, env={"REHEARSE_HOME": str(home)})
        t0 = time.monotonic()
        rec.wait_started()
        started = time.monotonic() - t0
        mic.play(y)
        return rec, t0, started

    for attempt in range(2):  # the second run is the baseline: the first pays for cold caches
        rec, t0, started = start(workdir / f"baseline-record-{attempt}")
        if rec.wait(timeout=120) != 0:
            raise RuntimeError(rec.stderr)
    normal_s = time.monotonic() - t0
    after_s = max(0.5, normal_s - started - RECORD_SECONDS)  # transcribing, saving, printing
    out = []
    for n in range(runs):
        home = workdir / f"record-{n}"
        seed(home, audio)
        rec, t0, started = start(home)
        killed_at = _wait_for_kill(t0, _kill_at(n, rng, started, after_s))
        rec.proc.send_signal(signal.SIGKILL)
        rec.wait(timeout=30)
        out.append(_after_kill("record", home, mic, killed_at=killed_at, started=started,
                               normal_s=normal_s))
    return out


def _studio_recording(home: Path, mic, y):
    """A studio on ``home`` recording from the microphone as its page asks, fed ``y``:
    (studio, client, t0, seconds from t0 until the recording had started)."""
    import httpx

    from devtools.browser import Studio

    mic.wait_done()
    studio = Studio(env={"REHEARSE_HOME": str(home), "HF_HUB_OFFLINE": "1", **mic.env})
    client = httpx.Client(base_url=studio.base, timeout=120)
    client.get(studio.url[len(studio.base):])  # the token becomes a cookie
    t0 = time.monotonic()
    res = client.post("/api/record/start", headers={"origin": studio.base}, json={
        "question": "Why this job?", "device": "pulse", "max_seconds": RECORD_SECONDS})
    if res.status_code != 200:
        studio.close()
        raise RuntimeError(res.text)
    started = time.monotonic() - t0
    mic.play(y)
    return studio, client, t0, started


def _studio_report(client, timeout_s: float = 120) -> dict:
    """Wait until the studio's recording (stopped by its time limit) has its result."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        rec = client.get("/index.json").json()["recording"]
        if rec["state"] == "idle" and rec["result"]:
            return rec["result"]
        time.sleep(0.05)
    raise RuntimeError("the studio's recording did not finish")


def crash_studio(workdir: Path, mic, y, *, runs: int, rng: random.Random, audio: Path,
                 only_while_recording: bool = False) -> list[Outcome]:
    """kill -9 of the studio while it records (every other kill, or all of them) or while it
    transcribes and saves; the next command is `rehearse history --json`."""
    after_s = normal_s = 0.0
    if not only_while_recording:
        for attempt in range(2):  # the second is the baseline: the first pays for cold caches
            studio, client, t0, started = _studio_recording(workdir / f"baseline-studio-{attempt}", mic, y)
            try:
                result = _studio_report(client)
            finally:
                client.close()
                studio.close()
            if "rehearsal_id" not in result:
                raise RuntimeError(result)
        normal_s = time.monotonic() - t0
        after_s = max(0.5, normal_s - started - RECORD_SECONDS)  # transcribing, saving
    out = []
    for n in range(runs):
        home = workdir / f"studio-{n}"
        seed(home, audio)
        studio, client, t0, started = _studio_recording(home, mic, y)
        at = _kill_at(n, rng, started, after_s, only_while_recording=only_while_recording)
        killed_at = _wait_for_kill(t0, at)
        studio.proc.send_signal(signal.SIGKILL)
        studio.proc.wait(timeout=30)
        client.close()
        out.append(_after_kill("studio", home, mic, killed_at=killed_at, started=started,
                               normal_s=normal_s))
    return out


def _after_kill(command: str, home: Path, mic, *, killed_at: float, started: float,
                normal_s: float) -> Outcome:
    """Run the next command on ``home`` and say what the killed recording left."""
    partial = bool(list((home / "recordings").glob("*.partial.wav")))
    after = _cli(home, "history", "--json", extra=mic.env)
    problems = [] if after.returncode == 0 else [f"next command failed: {after.stderr.strip()}"]
    if partial and not ("Recovered an unfinished recording" in after.stderr
                        or "Removed an unfinished recording that held no audio" in after.stderr):
        problems.append("the next command did not say it repaired the recording")
    kept_s, more = check_recordings(home)
    integrity, saved, whole, more2 = check(home, 1)
    o = Outcome(command, round(killed_at, 2), round(normal_s, 2), saved, integrity, whole,
                partial, kept_s, round(killed_at - started, 2), tuple(problems + more + more2))
    if partial and o.lost_s is not None and o.lost_s > 1.0:
        o = Outcome(**{**o.__dict__, "problems": o.problems + (f"lost {o.lost_s:.2f} s",)})
    return o


def summary(outcomes: list[Outcome]) -> str:
    lines = []
    for command in ("analyze", "record", "studio"):
        runs = [o for o in outcomes if o.command == command]
        if not runs:
            continue
        saved = sum(o.saved for o in runs)
        broken = [o for o in runs if o.problems]
        normal = f" (normal run {runs[0].normal_s:.1f} s)" if runs[0].normal_s else ""
        line = (f"{command}: {len(runs)} kills -9{normal}: "
                f"{saved} left the whole rehearsal, {len(runs) - saved} left none; "
                f"integrity_check ok in {sum(o.integrity == 'ok' for o in runs)}; "
                f"promises broken in {len(broken)}")
        if command in ("record", "studio"):
            repaired = [o for o in runs if o.repaired]
            lost = [o.lost_s for o in repaired if o.lost_s is not None]
            line += (f"; {len(repaired)} killed while recording, repaired by the next command"
                     + (f", audio lost before the kill at most {max(lost):.2f} s "
                        f"(mean {sum(lost) / len(lost):.2f} s)" if lost else ""))
        lines.append(line)
        for o in broken:
            lines.append(f"  killed at {o.killed_at_s:.2f} s: {'; '.join(o.problems)}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--commands", default="analyze,record,studio",
                    help="which to kill, comma-separated (default: all three)")
    a = ap.parse_args()
    from tests.virtual_mic import SR, VirtualMic

    commands = set(a.commands.split(","))
    rng = random.Random(a.seed)
    audio = ROOT / "recordings" / "tell-me-about-yourself.wav"
    y, sr = sf.read(str(audio), dtype="float32")
    assert sr == SR
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="rehearse-crash-") as tmp:
        work = Path(tmp)
        short = work / "answer.wav"
        sf.write(short, y[: 20 * SR], SR)
        if "analyze" in commands:
            outcomes += crash_analyze(work, short, runs=a.runs, rng=rng)
            print(summary(outcomes), flush=True)
        mic = VirtualMic(work / "pulse")
        mic.start()
        try:
            fed = y[: int((RECORD_SECONDS + 1) * SR)]
            for command, crash in (("record", crash_record), ("studio", crash_studio)):
                if command in commands:
                    these = crash(work, mic, fed, runs=a.runs, rng=rng, audio=short)
                    print(summary(these), flush=True)
                    outcomes += these
        finally:
            mic.close()
        for o in outcomes:
            print(json.dumps(o.__dict__ | {"lost_s": o.lost_s}))


if __name__ == "__main__":
    main()
