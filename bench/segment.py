"""Sentence segmentation: accuracy and speed on Universal Dependencies test sets.

Run ``python bench/segment.py [--data DIR]``. For each ``segmentation/ud/*.jsonl``
set it prints exact-sentence precision, recall and F1 (a predicted sentence is
correct when it equals a gold sentence of the same record after trimming
whitespace; counts are summed over the set) and throughput in MB/s, for
l10n's segmenter and, in the same run, translate-toolkit's (a test-only peer).
Throughput is also measured on French prose (the seed press release repeated).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from l10n.segment import Segmenter  # noqa: E402

MIN_SECONDS = 0.2  # repeat a timing until it lasts this long
REPEATS = 5  # best of: this machine's timings are noisy


def load_set(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def score(records: list[dict], predict) -> tuple[int, int, int]:
    """(correct, predicted, gold) sentence counts over a set."""
    correct = predicted = gold = 0
    for rec in records:
        want = Counter(s.strip() for s in rec["sentences"] if s.strip())
        got = Counter(s.strip() for s in predict(rec["text"]) if s.strip())
        correct += sum((want & got).values())
        predicted += sum(got.values())
        gold += sum(want.values())
    return correct, predicted, gold


def throughput(texts: list[str], predict) -> float:
    """MB/s (UTF-8) of ``predict`` over ``texts``: the best of several timed rounds."""
    size = sum(len(t.encode("utf-8")) for t in texts)
    best = 0.0
    for _ in range(REPEATS):
        rounds, start = 0, time.perf_counter()
        while True:
            for t in texts:
                predict(t)
            rounds += 1
            elapsed = time.perf_counter() - start
            if elapsed >= MIN_SECONDS:
                break
        best = max(best, size * rounds / elapsed / 1e6)
    return best


def prf(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def segmenters(lang: str):
    ours = Segmenter.for_language(lang)

    def l10n(text: str) -> list[str]:
        return [text[a:b] for a, b in ours.split(text)]

    out = [("l10n", l10n)]
    try:
        from translate.lang import factory
    except ImportError:
        return out
    tt_lang = factory.getlanguage(lang)

    def translate_toolkit(text: str) -> list[str]:
        return tt_lang.sentences(text)

    out.append(("translate-toolkit", translate_toolkit))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=REPO.parent / "shared" / "data",
        help="the shared data directory (default: ../shared/data beside the repo)",
    )
    args = parser.parse_args(argv)
    ud = args.data / "segmentation" / "ud"
    files = sorted(ud.glob("*.jsonl")) if ud.is_dir() else []
    if not files:
        print(f"No UD sets under {ud}: nothing to measure (pass --data DIR).")
        return 0

    header = f"{'set':<30} {'segmenter':<18} {'P':>6} {'R':>6} {'F1':>6} {'MB/s':>8}"
    print(header)
    print("-" * len(header))
    failures = []
    for path in files:
        records = load_set(path)
        lang = records[0]["lang"]
        texts = [r["text"] for r in records]
        results = {}
        for name, predict in segmenters(lang):
            p, r, f = prf(*score(records, predict))
            speed = throughput(texts, predict)
            results[name] = f
            print(f"{path.stem:<30} {name:<18} {p:6.3f} {r:6.3f} {f:6.3f} {speed:8.2f}")
            if name == "l10n" and speed < 5:
                failures.append(f"{path.stem}: {speed:.2f} MB/s < 5")
        if "translate-toolkit" in results and results["l10n"] <= results["translate-toolkit"]:
            failures.append(f"{path.stem}: F1 not above translate-toolkit")
    seed = REPO / "l10n" / "data" / "oim-koweit-avrr.fr.txt"
    if seed.exists():
        prose = [seed.read_text(encoding="utf-8")] * 50
        print("-" * len(header))
        for name, predict in segmenters("fr"):
            print(
                f"{'French prose (seed x50)':<30} {name:<18} {'':>6} {'':>6} {'':>6} "
                f"{throughput(prose, predict):8.2f}"
            )
    print()
    if failures:
        print("Targets missed: " + "; ".join(failures))
    else:
        print("Targets met: F1 above translate-toolkit on every set, >= 5 MB/s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
