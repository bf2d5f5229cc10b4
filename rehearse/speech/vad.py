"""How speech-like each moment sounds, from the Silero VAD network inside faster-whisper.

Energy finds the edges of sound to within a frame, but cannot tell a word from a breath,
a murmur of room noise or a reverberant tail of the same loudness. A network trained on
thousands of hours of real speech can, and faster-whisper ships one (``silero_vad_v6.onnx``,
run by onnxruntime, both already installed with it): no download, ~2 ms per second of audio.

The network hears quiet speech worse: a hoarse voice whose loud frames sit at -44 dBFS got
probabilities of 0.03 where at -24 dBFS it got 0.84. So every recording is brought to one
level before the network hears it, in whole steps of ``GAIN_STEP_DB`` so that a recording
made live (heard at every step while it is spoken, the right step chosen at the end) gets
exactly what the saved file gets.
"""

from __future__ import annotations

import array
import functools

import numpy as np

VAD_SR = 16000  # the network's rate
WINDOW = 512  # samples per probability: 32 ms
CONTEXT = 64  # samples of the previous window the network sees with each one
MODEL_FILE = "silero_vad_v6.onnx"
TARGET_LEVEL_DB = -20.0  # loud frames (95th percentile of 25-ms RMS) brought to about this
GAIN_STEP_DB = 6.0
# Up only: loud recordings were heard well as they are (`jfk`, loud frames at -10 dBFS, was
# heard worse turned down 12 dB: its closing tone rose above the 0.2 that marks non-speech).
GAINS_DB = tuple(float(g) for g in range(0, 37, 6))
FRESH_LEAD_S = 0.25  # a stretch heard afresh is heard from this long before it: a pause's worth


def model_path() -> str | None:
    """The network file inside the installed faster-whisper, found without importing it
    (which would load CTranslate2)."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("faster_whisper")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = os.path.join(folder, "assets", MODEL_FILE)
        if os.path.isfile(path):
            return path
    return None


@functools.lru_cache(maxsize=1)
def _session():
    import onnxruntime

    opts = onnxruntime.SessionOptions()
    # One thread: it runs beside pitch tracking and transcription on a two-core machine.
    opts.inter_op_num_threads = 1
    opts.intra_op_num_threads = 1
    opts.log_severity_level = 4
    opts.enable_cpu_mem_arena = False  # the arena keeps the largest call's memory for good
    return onnxruntime.InferenceSession(model_path(), providers=["CPUExecutionProvider"], sess_options=opts)


class SpeechProbability:
    """Streaming: feed audio as it arrives, get one probability per complete 32 ms window.

    The network is recurrent, so fed in pieces it gives exactly what it gives on the whole.
    """

    def __init__(self, *, gain_db: float = 0.0) -> None:
        self._gain = np.float32(10 ** (gain_db / 20))
        self._session = _session()
        self._state = (np.zeros((1, 1, 128), np.float32), np.zeros((1, 1, 128), np.float32))
        self._context = np.zeros(CONTEXT, np.float32)
        self._pending = np.zeros(0, np.float32)

    def feed(self, y: np.ndarray) -> np.ndarray:
        y = np.asarray(y, np.float32)
        if self._gain != 1:
            y = np.clip(y * self._gain, -1.0, 1.0)
        y = np.concatenate((self._pending, y))
        n = len(y) // WINDOW
        self._pending = y[n * WINDOW:]
        if n == 0:
            return np.zeros(0, np.float32)
        windows = y[:n * WINDOW].reshape(n, WINDOW)
        previous = np.vstack((self._context[None, :], windows[:-1, -CONTEXT:]))
        self._context = windows[-1, -CONTEXT:].copy()
        h, c = self._state
        out, h, c = self._session.run(None, {"input": np.hstack((previous, windows)), "h": h, "c": c})
        self._state = (h, c)
        return np.asarray(out, np.float32).reshape(-1)

    def finish(self) -> np.ndarray:
        """The last partial window, padded with silence."""
        if len(self._pending) == 0:
            return np.zeros(0, np.float32)
        return self.feed(np.zeros(WINDOW - len(self._pending), np.float32))


class LevelledStream:
    """Speech probabilities of audio still being recorded, whose level is not known yet:
    one stream per gain in ``GAINS_DB``; ``result`` takes the one the finished recording needs."""

    def __init__(self) -> None:
        self._streams = {g: SpeechProbability(gain_db=g) for g in GAINS_DB}
        # Flat float32 buffers, not an array per 50-ms block: seven of those a block were
        # ~0.8 MiB a minute of Python objects over a long answer.
        self._probs: dict[float, array.array] = {g: array.array("f") for g in GAINS_DB}
        self._finished: set[float] = set()

    def feed(self, y: np.ndarray) -> None:
        for g, stream in self._streams.items():
            self._probs[g].frombytes(np.asarray(stream.feed(y), np.float32).tobytes())

    def result(self, y: np.ndarray, *, sr: int) -> np.ndarray | None:
        """Probabilities of ``y``, the finished recording as fed from its start (a time limit
        may have cut it shorter), as ``speech_probability(y, sr=sr)`` gives them; None if
        less was fed. Feeding is over once this is asked."""
        g = gain_db(y, sr=sr)
        if g not in self._finished:
            self._probs[g].frombytes(np.asarray(self._streams[g].finish(), np.float32).tobytes())
            self._finished.add(g)
        probs = np.frombuffer(self._probs[g], np.float32).copy()
        need = -(-len(y) // WINDOW)
        return probs[:need] if len(probs) >= need else None


def gain_db(y: np.ndarray, *, sr: int) -> float:
    """The step of ``GAINS_DB`` that brings the loud frames of ``y`` nearest ``TARGET_LEVEL_DB``."""
    level = loud_level_db(y, sr=sr)
    step = GAIN_STEP_DB * round((TARGET_LEVEL_DB - level) / GAIN_STEP_DB)
    return float(np.clip(step, GAINS_DB[0], GAINS_DB[-1]))


def loud_level_db(y: np.ndarray, *, sr: int, frame_s: float = 0.025) -> float:
    """95th percentile of the RMS level (dBFS) of ``y``'s 25-ms frames: how loud speech is."""
    frame = int(round(frame_s * sr))
    n = len(y) // frame
    if n == 0:
        return TARGET_LEVEL_DB
    power = np.empty(n)
    step = 500  # frames at a time: 12.5 s of audio, 1.6 MiB of squares (the same result: row by row)
    for i in range(0, n, step):
        chunk = np.asarray(y[i * frame:min(n, i + step) * frame], np.float64).reshape(-1, frame)
        power[i:i + len(chunk)] = np.mean(chunk * chunk, axis=1)
    return float(np.percentile(10 * np.log10(np.maximum(power, 1e-12)), 95))


def speech_probability(y: np.ndarray, *, sr: int) -> np.ndarray | None:
    """Per-32-ms-window speech probability of ``y`` brought to ``TARGET_LEVEL_DB``; None
    unless ``sr`` is the network's and the network is installed (pauses are then judged on
    energy and voicing alone)."""
    if sr != VAD_SR or model_path() is None:
        return None
    try:
        vad = SpeechProbability(gain_db=gain_db(y, sr=sr))
        # Ten seconds at a time: one call on a long recording holds every window's
        # activations at once (tens of MiB); pieces give the same result (it is recurrent).
        step = 10 * sr
        return np.concatenate([*(vad.feed(y[i:i + step]) for i in range(0, len(y), step)), vad.finish()])
    except Exception as exc:  # a broken onnxruntime must not cost the user the report
        import logging

        logging.getLogger(__name__).warning("speech network unavailable: %s", exc)
        return None


def heard_afresh(y: np.ndarray, *, sr: int, spans_s: list[tuple[float, float]],
                 lead_s: float = FRESH_LEAD_S) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each (start_s, end_s) of ``y`` heard by the network from a fresh state, from ``lead_s``
    before it, at the level ``speech_probability`` hears ``y`` at: (window centres in
    seconds, probabilities) per span, the lead's windows left out.

    The network is recurrent, and remembers: after 1.4 s of a held "um" that it rated
    non-speech it rated the soft "alright" that followed 0.10 at most, where heard from
    the pause before it, 0.77 (``classes/long_b``). Few stretches need this, each well
    under a second: a millisecond or two apiece.
    """
    gain = gain_db(y, sr=sr) if spans_s else 0.0
    out = []
    for start_s, end_s in spans_s:
        lo, hi = max(0, int((start_s - lead_s) * sr)), min(len(y), int(np.ceil(end_s * sr)))
        vad = SpeechProbability(gain_db=gain)
        probs = np.concatenate([vad.feed(y[lo:hi]), vad.finish()])
        centres = lo / sr + (np.arange(len(probs)) + 0.5) * WINDOW / sr
        keep = centres >= start_s - WINDOW / sr / 2
        out.append((centres[keep], probs[keep]))
    return out


def on_frames(probs: np.ndarray, *, n_frames: int, hop_s: float) -> np.ndarray:
    """Window probabilities resampled to frames centred at ``i * hop_s``."""
    centres = (np.arange(len(probs)) + 0.5) * WINDOW / VAD_SR
    return np.interp(np.arange(n_frames) * hop_s, centres, probs)
