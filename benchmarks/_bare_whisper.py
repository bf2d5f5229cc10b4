"""Baseline: bare faster-whisper on one file, the same model and options rehearse uses."""

import sys

from faster_whisper import WhisperModel
from faster_whisper.audio import decode_audio

from rehearse.speech import resolve_model
from rehearse.speech import TranscribeOptions

choice = resolve_model(sys.argv[2] if len(sys.argv) > 2 else None)
model = WhisperModel(choice.location, device="cpu", compute_type="int8")
kwargs = TranscribeOptions().decode_kwargs(choice)
segments, _ = model.transcribe(decode_audio(sys.argv[1]), **kwargs)
print(sum(len(s.words or ()) for s in segments), "words")
