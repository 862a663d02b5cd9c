"""Sentence segmentation: accuracy and speed on Universal Dependencies test sets.

Run ``python bench/segment.py [--data DIR]``. For each ``segmentation/ud/*.jsonl``
set it prints exact-sentence precision, recall and F1 (a predicted sentence is
correct when it equals a gold sentence of the same record after trimming
whitespace; counts are summed over the set) and throughput in MB/s, for
l10n's segmenter and, in the same run, translate-toolkit's (a test-only peer).
Throughput is also measured on French prose (the seed press release repeated).
MB/s is by the clock; "cpu MB/s" by this process's CPU time, which other processes
sharing the machine (its load average is printed first) do not change.
"""

from __future__ import annotations

import argparse
import json
import os
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


def throughput(texts: list[str], predict) -> tuple[float, float]:
    """MB/s (UTF-8) of ``predict`` over ``texts``, by the clock and by this process's CPU
    time (what other processes on a shared machine do not change): the best of several
    timed rounds."""
    size = sum(len(t.encode("utf-8")) for t in texts)
    best = best_cpu = 0.0
    for _ in range(REPEATS):
        rounds, start, cpu_start = 0, time.perf_counter(), time.process_time()
        while True:
            for t in texts:
                predict(t)
            rounds += 1
            elapsed = time.perf_counter() - start
            if elapsed >= MIN_SECONDS:
                break
        cpu = max(time.process_time() - cpu_start, 1e-9)
        best = max(best, size * rounds / elapsed / 1e6)
        best_cpu = max(best_cpu, size * rounds / cpu / 1e6)
    return best, best_cpu


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

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine load (1, 5, 15 min): {load} on {os.cpu_count()} cores")
    header = (
        f"{'set':<30} {'segmenter':<18} {'P':>6} {'R':>6} {'F1':>6} {'MB/s':>8} {'cpu MB/s':>9}"
    )
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
            speed, cpu_speed = throughput(texts, predict)
            results[name] = f
            print(
                f"{path.stem:<30} {name:<18} {p:6.3f} {r:6.3f} {f:6.3f} {speed:8.2f} "
                f"{cpu_speed:9.2f}"
            )
            if name == "l10n" and speed < 5:
                failures.append(f"{path.stem}: {speed:.2f} MB/s < 5")
        if "translate-toolkit" in results and results["l10n"] <= results["translate-toolkit"]:
            failures.append(f"{path.stem}: F1 not above translate-toolkit")
    seed = REPO / "l10n" / "data" / "oim-koweit-avrr.fr.txt"
    if seed.exists():
        prose = [seed.read_text(encoding="utf-8")] * 50
        print("-" * len(header))
        for name, predict in segmenters("fr"):
            speed, cpu_speed = throughput(prose, predict)
            print(
                f"{'French prose (seed x50)':<30} {name:<18} {'':>6} {'':>6} {'':>6} "
                f"{speed:8.2f} {cpu_speed:9.2f}"
            )
            if name == "l10n" and speed < 5:
                failures.append(f"French prose: {speed:.2f} MB/s < 5")
    print()
    if failures:
        print("Targets missed: " + "; ".join(failures))
    else:
        print("Targets met: F1 above translate-toolkit on every set, >= 5 MB/s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
