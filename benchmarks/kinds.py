"""Is each hesitation counted as the kind it was said? The rules' labels, the signal's nasal
close and Whisper's odds, on the spans found, against ground truth.

    .venv/bin/python benchmarks/kinds.py /tmp/dev /tmp/dev2     # sets of benchmarks/build_heldout_set.py

For every "um" or "uh" the analysis counts on a true hesitation (its midpoint within 0.2 s of
the true span, whatever the kind), before the kind check (``analysis.kinds_in_doubt``):
whether its label is right; whether the body's nasal close (``nasal_end_db``) on the right
side of ``NASAL_LINE_DB`` is; whether Whisper's odds on the span alone are (all spans, and
with the bar); and what the kind check does: spans heard, labels mended, labels broken.
Transcripts come from ``accuracy.py``'s cache.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import accuracy as A  # noqa: E402

from rehearse.measure.acoustic_fillers import nasal_end_db  # noqa: E402
from rehearse.measure.analysis import HEARD_KIND_ODDS, NASAL_LINE_DB, kinds_in_doubt, with_heard_kinds  # noqa: E402
from rehearse.speech.hesitation_kind import hesitation_odds  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", type=Path, nargs="+", help="folders of NAME.wav + NAME.truth.json")
    args = ap.parse_args(argv)
    options = A.TranscribeOptions()
    choice = A.resolve_model("tiny.en")
    A.load_model(choice)
    n = rules = signal = heard = sure = sure_right = doubted = mended = broken = 0
    for folder in args.sets:
        for item in A.load_synthetic(folder):
            audio = A.load_audio(item.path)
            feats = A.compute_features(audio.y, sr=audio.sr)
            tr, _ = A.transcript_for(item.path, audio.y, audio.sr, model="tiny.en", options=options)
            fixed = A.complete_transcript(audio.y, sr=audio.sr, feats=feats, transcript=tr, choice=choice,
                                          options=options)
            res = A.analyse(feats, fixed.transcript, unclear_s=fixed.unclear, rechecked=fixed.rechecked,
                            believed=fixed.believed)
            if res is None:
                continue
            found = [f for f in res.fillers.items if f.text in ("um", "uh")]
            said = [[k for a, b, k in item.fillers if a - A.FILLER_TOL_S <= (f.start_s + f.end_s) / 2 <= b + A.FILLER_TOL_S]
                    for f in found]
            pairs = [(f, {A.filler_class(k) for k in ks}) for f, ks in zip(found, said) if ks]
            spans = [(f.start_s, f.end_s) for f, _ in pairs]
            odds = hesitation_odds(audio.y, sr=audio.sr, spans_s=spans, model=choice, language=tr.language)
            # The check itself on the spans in doubt (those on no true hesitation are not scored here).
            in_doubt = kinds_in_doubt(res, feats)
            by_span = dict(zip(spans, odds))
            checked = with_heard_kinds(res, in_doubt, [by_span.get(span, 0.0) for span in in_doubt])
            now = {(f.start_s, f.end_s): f.text for f in checked.fillers.items}
            for (f, truth), o in zip(pairs, odds):
                nasal = nasal_end_db(feats, feats.frame_at(f.start_s), feats.frame_at(f.end_s))
                heard_kind = A.filler_class("um" if o > 0 else "uh")
                n += 1
                rules += A.filler_class(f.text) in truth
                signal += nasal is not None and A.filler_class("um" if nasal >= NASAL_LINE_DB else "uh") in truth
                heard += heard_kind in truth
                sure += abs(o) >= HEARD_KIND_ODDS
                sure_right += abs(o) >= HEARD_KIND_ODDS and heard_kind in truth
                doubted += (f.start_s, f.end_s) in in_doubt
                was, is_now = A.filler_class(f.text) in truth, A.filler_class(now[(f.start_s, f.end_s)]) in truth
                mended += is_now and not was
                broken += was and not is_now
    print(f"hesitations counted on true ones: {n}")
    print(f"  labels right, as the rules give them:      {rules} ({rules / max(n, 1):.1%})")
    print(f"  nasal close on the right side of {NASAL_LINE_DB} dB: {signal} ({signal / max(n, 1):.1%})")
    print(f"  Whisper's odds the right way:              {heard} ({heard / max(n, 1):.1%}); "
          f"over the bar ({HEARD_KIND_ODDS}): {sure}, of which right {sure_right}")
    print(f"  the kind check: heard {doubted}, mended {mended}, broken {broken}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
