"""Build the held-out accuracy set: answers and conditions that no rule was ever tuned on.

    .venv/bin/python benchmarks/build_heldout_set.py --out /tmp/heldout
    .venv/bin/python benchmarks/accuracy.py --synthetic /tmp/heldout -v

Built after round 8 of docs/accuracy.md to measure issue 14's targets on speech the project
never saw; nothing here is to be tuned on. It shares no text and no parameter value with the
tuned sets (``build_synthetic_set.py``, ``build_classes_set.py``, ``build_long_set.py``, the
short-"uh" sweep):

- five new interview answers of 40-70 s (``ANSWERS``), four by the Piper voice at speaking
  rates the tuned set never used (``length_scale`` 0.85, 1.0, 1.2, 1.35) and one by espeak-ng,
  a second voice the project never heard;
- pauses of 0.31-2.8 s, several within 0.1 s of the 0.3-s floor; every filler's length fixed
  (0.16-0.78 s, the tuned set drew 0.3-0.8 s), set off by silences, glued to words on one or
  both sides, and a run of three ("uh... uh, um") in every answer;
- conditions at new values (``CONDITIONS``): white noise at -40 dBFS (tuned: -45, -35), pink
  at -30 (tuned: -35), 60-Hz hum at -38 (tuned: 50 Hz at -40), rooms of RT60 0.3 and 0.8 s
  (tuned: 0.5 s), and breaths, clicks, a chair and typing in the same answer over white noise
  at -50 (tuned: each pair alone, over -55), all drawn from seeds of their own.

Writes ``NAME.wav`` plus ``NAME.truth.json`` (``devtools.synth.Truth``), the synthetic set's
format. The noises, rooms and sounds are the synthetic set's own functions.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import zlib
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # devtools/ lives beside rehearse/
sys.path.insert(0, str(HERE))
from build_synthetic_set import breaths_and_clicks, hum, pink, reverberant, room_sounds, white  # noqa: E402
from devtools import synth  # noqa: E402

SEED = "heldout"  # every draw of this set is seeded from it: none of the tuned sets' seeds


def _run(first_s: float, gap_s: float, second_s: float, gap2_s: float, third_s: float) -> list[tuple]:
    """A run of three hesitations, "uh... uh, um", with their lengths and the silences between."""
    return [("filler", "uh", first_s), ("pause", gap_s), ("filler", "uh", second_s), ("pause", gap2_s),
            ("filler", "um", third_s)]


# (voice, length_scale, steps). Fillers are ("filler", kind, held seconds).
ANSWERS: dict[str, tuple[str, float, list[tuple]]] = {
    "failure": ("piper", 0.85, [
        ("say", "The clearest failure I can point to happened during my second year at a logistics startup."),
        ("pause", 0.38),
        ("say", "I was asked to move our order system to a new database over a single weekend."),
        ("pause", 0.9),
        ("filler", "uh", 0.42),
        ("pause", 0.55),
        ("say", "I was confident, so I skipped the full rehearsal and trusted my checklist."),
        ("pause", 1.6),
        ("say", "On Sunday night the import stopped halfway, and nobody could place an order for six hours."),
        ("pause", 0.32),
        ("filler", "um", 0.24),
        ("say", "customers noticed, and my manager had to call our biggest client himself."),
        ("pause", 2.2),
        ("say", "I wrote the incident report that same night and took the blame in front of the team."),
        ("pause", 0.7),
        *_run(0.31, 0.45, 0.19, 0.27, 0.56),
        ("pause", 0.6),
        ("say", "What I changed afterwards matters more than the outage itself."),
        ("pause", 0.34),
        ("say", "Every migration I lead now has a dry run on a copy of the real data, and a written way back."),
        ("pause", 1.1),
        ("say", "Since then"),
        ("filler", "uh", 0.28),
        ("say", "we have moved four systems without a single lost order."),
        ("pause", 0.8),
        ("say", "It was a painful lesson, but it made me a much more careful engineer."),
    ]),
    "company": ("piper", 1.2, [
        ("say", "I want to work here because your product solves a problem I have lived with for years."),
        ("pause", 0.6),
        ("say", "Before I moved into software, I ran a small bakery with my sister."),
        ("pause", 1.3),
        ("filler", "um", 0.66),
        ("pause", 0.4),
        ("say", "We lost hours every week matching invoices from our suppliers by hand."),
        ("pause", 0.36),
        ("say", "When I found your tool, it gave us back almost a full day each month."),
        ("pause", 2.8),
        ("say", "So I know what it means to the people who use it."),
        ("pause", 0.5),
        ("filler", "uh", 0.17),
        ("say", "and I would love to build it instead of only paying for it."),
        ("pause", 1.0),
        ("say", "I also read the engineering blog your team publishes."),
        ("pause", 0.41),
        ("say", "The post about retiring the old billing service showed a careful and honest culture."),
        ("pause", 0.75),
        *_run(0.45, 0.5, 0.26, 0.2, 0.38),
        ("pause", 0.7),
        ("say", "Teams that write down their mistakes in public tend to learn faster."),
        ("pause", 1.8),
        ("say", "Finally, the role mixes data work with talking to customers, which is the balance I want."),
        ("pause", 0.31),
        ("say", "That is why this company is my first choice."),
    ]),
    "led": ("piper", 1.0, [
        ("say", "Last autumn our support team was drowning in tickets after a big release."),
        ("pause", 0.45),
        ("say", "Nobody had asked me to, but I offered to coordinate the response."),
        ("pause", 1.4),
        ("filler", "uh", 0.71),
        ("pause", 0.37),
        ("say", "First I split the tickets into three groups by how urgent they were,"),
        ("filler", "um", 0.2),
        ("say", "then I paired each engineer with one support agent."),
        ("pause", 0.9),
        ("say", "That way the people fixing bugs heard directly from the people answering customers."),
        ("pause", 2.0),
        ("say", "Within two weeks the backlog fell from nine hundred tickets to under one hundred."),
        ("pause", 0.33),
        ("say", "The hardest part was keeping everyone calm when the numbers looked bad."),
        ("pause", 0.65),
        ("filler", "um", 0.47),
        ("pause", 1.2),
        ("say", "I held a short meeting every morning where we only talked about what was blocking us."),
        ("pause", 0.39),
        *_run(0.16, 0.36, 0.24, 0.5, 0.61),
        ("pause", 0.45),
        ("say", "Later my manager asked me to write the process down for other teams."),
        ("pause", 1.0),
        ("say", "It is still used today, and I was promoted to team lead the following spring."),
    ]),
    "technical": ("piper", 1.35, [
        ("say", "The hardest technical problem I solved was a memory leak in our mobile app."),
        ("pause", 0.5),
        ("say", "It only showed up on older phones, and only after about an hour of use."),
        ("pause", 1.7),
        ("filler", "um", 0.53),
        ("pause", 0.44),
        ("say", "I could not reproduce it at first, so I added logging around every screen change."),
        ("pause", 0.35),
        ("say", "The logs pointed to an image cache that never released pictures the user had scrolled past."),
        ("pause", 0.8),
        ("filler", "uh", 0.29),
        ("say", "it kept a strong reference to each one."),
        ("pause", 2.4),
        ("say", "I replaced that reference with a weak one and wrote a test that scrolls for thirty minutes."),
        ("pause", 0.6),
        *_run(0.4, 0.28, 0.18, 0.42, 0.33),
        ("pause", 0.55),
        ("say", "Crashes on those phones dropped by more than half the next week."),
        ("pause", 1.05),
        ("say", "What I took from it is that a problem you cannot see needs measurement before it needs a fix."),
    ]),
    "pressure": (synth.ESPEAK, 1.1, [
        ("say", "When deadlines pile up, I start by writing every task on one list."),
        ("pause", 0.7),
        ("filler", "um", 0.5),
        ("pause", 0.4),
        ("say", "Then I ask my lead which two items matter most this week."),
        ("pause", 1.2),
        ("say", "Last March we had a product demo and a security audit on the same Friday."),
        ("pause", 0.36),
        ("filler", "uh", 0.3),
        ("say", "so I moved the audit notes to a shared document early."),
        ("pause", 2.1),
        ("say", "My colleagues could fill in their parts while I rehearsed the demo."),
        ("pause", 0.34),
        *_run(0.25, 0.38, 0.35, 0.25, 0.45),
        ("pause", 0.9),
        ("say", "Both went fine, and the auditors even thanked us for being organised."),
        ("pause", 0.55),
        ("filler", "um", 0.78),
        ("say", "pressure does not disappear, but a clear list makes it feel smaller."),
        ("pause", 0.95),
        ("say", "I would handle a week like that the same way again."),
    ]),
}


def _white(db: float):
    return lambda y, truth, rng: (y + white(len(y), db, rng), db)


def _pink(db: float):
    return lambda y, truth, rng: (y + pink(len(y), db, rng), db)


def _hum(db: float, mains_hz: float):
    return lambda y, truth, rng: (y + hum(len(y), db, mains_hz=mains_hz), db)


def _room(rt60_s: float, floor_db: float = -58.0):
    return lambda y, truth, rng: (reverberant(y, rng, rt60_s=rt60_s) + white(len(y), floor_db, rng), floor_db)


def _sounds(floor_db: float = -50.0):
    """Breaths and clicks in every other pause, a chair and typing in the rest, in one answer."""
    def add(y, truth, rng):
        y = breaths_and_clicks(y, truth.pauses[0::2], rng)
        y = room_sounds(y, truth.pauses[1::2], rng)
        return y + white(len(y), floor_db, rng), floor_db
    return add


# name -> (samples, truth, rng) -> (noisy samples, noise floor in dBFS or None)
CONDITIONS = {
    "clean": lambda y, truth, rng: (y, None),
    "white40": _white(-40.0),
    "pink30": _pink(-30.0),
    "hum60": _hum(-38.0, 60.0),
    "room03": _room(0.3),
    "room08": _room(0.8),
    "sounds": _sounds(),
}


def render(name: str, out: Path, conditions=tuple(CONDITIONS)) -> list[Path]:
    voice, length_scale, steps = ANSWERS[name]
    y0, truth = synth.build(steps, seed=zlib.crc32(f"{SEED}/{name}".encode()), voice=voice,
                            length_scale=length_scale)
    written = []
    for cond in conditions:
        rng = np.random.default_rng(zlib.crc32(f"{SEED}/{name}/{cond}".encode()))
        y, noise_db = CONDITIONS[cond](y0.astype(np.float64), truth, rng)
        path = out / f"{name}_{cond}.wav"
        synth.write(path, np.clip(y, -1, 1).astype(np.float32), dataclasses.replace(truth, noise_db=noise_db))
        written.append(path)
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/heldout"))
    ap.add_argument("--answers", nargs="+", choices=list(ANSWERS), default=list(ANSWERS))
    ap.add_argument("--only", nargs="+", choices=list(CONDITIONS), default=list(CONDITIONS),
                    help="conditions to render")
    args = ap.parse_args()
    for name in args.answers:
        paths = render(name, args.out, args.only)
        t = synth.Truth(**json.loads(paths[0].with_suffix(".truth.json").read_text()))
        print(f"{name}: {t.duration_s:.1f} s, {t.word_count} words, {len(t.pauses)} pauses "
              f"({sum(b - a >= 0.3 for a, b in t.pauses)} >= 0.3 s), {len(t.fillers)} fillers, {t.voice}")


if __name__ == "__main__":
    main()
