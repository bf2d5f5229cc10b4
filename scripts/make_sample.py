"""Build the bundled sample answer in recordings/ with its ground truth beside it.

    python scripts/make_sample.py            # writes recordings/tell-me-about-yourself.wav
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # devtools/ lives beside rehearse/
from devtools import synth  # noqa: E402

QUESTION = "Tell me about yourself"
STEPS = [
    ("say", "So, I'm a software engineer, and I've been building data tools for about six years."),
    ("pause", 0.8),
    ("say", "Right now I work at a logistics company in Denver."),
    ("pause", 0.5),
    ("filler", "um"),
    ("pause", 0.4),
    ("say", "I lead a team of four engineers who build the systems that plan delivery routes."),
    ("pause", 1.2),
    ("say", "Before that I was at a startup, where I wrote the first version of their analytics pipeline."),
    ("pause", 0.6),
    ("filler", "uh"),
    ("pause", 0.3),
    ("say", "It was, like, the part of the job I enjoyed most, because people used it every day."),
    ("pause", 2.2),
    ("say", "What I am proudest of is a project from last year."),
    ("pause", 0.7),
    ("say", "Our routing jobs took six hours to run, and the drivers got their plans late."),
    ("pause", 0.5),
    ("filler", "um"),
    ("pause", 0.5),
    ("say", "I rewrote the slowest stage and moved it onto a queue of small workers."),
    ("pause", 0.9),
    ("say", "The run time dropped to forty minutes, and late deliveries fell by a fifth."),
    ("pause", 1.5),
    ("say", "I enjoy that kind of work: finding the bottleneck, measuring it, and fixing it with the team."),
    ("pause", 0.6),
    ("filler", "uh"),
    ("pause", 0.4),
    ("say", "You know, I also mentor two junior developers, which has taught me to explain things simply."),
    ("pause", 1.0),
    ("say", "Now I am looking for a role where I can own a product end to end."),
    ("pause", 0.6),
    ("say", "That is why this position caught my eye, and I would love to hear more about the team."),
]


def main(out_dir: str = "recordings") -> None:
    y, truth = synth.build(STEPS, noise_db=-60.0, seed=7, lead_s=1.2, tail_s=1.0)
    path = Path(out_dir) / "tell-me-about-yourself.wav"
    synth.write(path, y, truth)
    print(f"wrote {path} ({truth.duration_s:.1f} s, {truth.word_count} words, "
          f"{len(truth.pauses)} pauses, {len(truth.fillers)} fillers, voice {truth.voice})")


if __name__ == "__main__":
    main(*sys.argv[1:])
