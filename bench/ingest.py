"""Ingest throughput: parse + segment + glossary match + store, in MB/s of source text.

Baseline in the same run: translate-toolkit's txt2po followed by posegment (parse,
segment, write a PO file), the closest peer pipeline. DESIGN.md target: >= 2 MB/s.

    python bench/ingest.py [--mb 2] [--runs 3]

The text is French prose: UD French sentences from ../shared/data when present,
else the bundled example release, repeated with numbered paragraphs so every
paragraph is distinct (repeated sentences would flatter a de-duplicating store).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from l10n.ingest import ingest_file  # noqa: E402
from l10n.segment import split_sentences  # noqa: E402
from l10n.workspace import load_workspace  # noqa: E402
from l10n.workspace_init import EXAMPLE_RELEASE, init_workspace  # noqa: E402


def french_text(size: int, data: Path) -> str:
    paragraphs: list[str] = []
    ud = data / "segmentation" / "ud"
    for name in ("fr_gsd-test.jsonl", "fr_sequoia-test.jsonl"):
        if (ud / name).is_file():
            with open(ud / name, encoding="utf-8") as fh:
                paragraphs += [json.loads(line)["text"] for line in fh]
    if not paragraphs:
        paragraphs = [p for p in EXAMPLE_RELEASE.read_text(encoding="utf-8").splitlines() if p]
    out: list[str] = []
    total = 0
    n = 0
    cycle = 0
    while total < size:
        cycle += 1
        for p in paragraphs:
            n += 1
            # Each pass over the corpus marks its common words, so sentences stay distinct.
            if cycle > 1:
                p = p.replace(" de ", f" de{cycle} ").replace(" la ", f" la{cycle} ")
            para = f"Paragraphe {n}. {p}"
            out.append(para)
            total += len(para.encode("utf-8")) + 2
            if total >= size:
                break
    return "\n\n".join(out) + "\n"


def run_ours(path: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        root = Path(tempfile.mkdtemp(prefix="l10n-bench-ingest-"))
        try:
            init_workspace(root / "ws", source_lang="fr", target_langs=["en", "es", "ar"])
            ws = load_workspace(root / "ws")
            store = ws.open_store()
            start = time.perf_counter()
            result = ingest_file(
                store, path, source_lang="fr", target_langs=ws.target_langs, user="bench"
            )
            times.append(time.perf_counter() - start)
            print(f"  l10n: {result.segments} distinct segments, {result.words} words")
            store.close()
        finally:
            shutil.rmtree(root, ignore_errors=True)
    return times


def run_toolkit(path: Path, runs: int) -> list[float] | None:
    try:
        from translate.convert.txt2po import txt2po
        from translate.lang import factory
        from translate.storage import po
        from translate.tools.posegment import segment
    except ImportError:
        return None
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with open(path, "rb") as src:
            pot = io.BytesIO()
            txt2po(src, pot).run()
        store = po.pofile.parsestring(pot.getvalue())
        segmented = segment(factory.getlanguage("fr"), factory.getlanguage("en")).convertstore(
            store
        )
        segmented.serialize(io.BytesIO())
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=2.0, help="size of the source text in MB")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    args = parser.parse_args()
    text = french_text(int(args.mb * 1_000_000), args.data)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "release.fr.txt"
        path.write_text(text, encoding="utf-8")
        mb = path.stat().st_size / 1_000_000
        split_sentences("Premier essai. Second essai.", "fr")  # compile the rules once
        print(f"source: {mb:.2f} MB of French, load average {os.getloadavg()[0]:.2f}")
        ours = run_ours(path, args.runs)
        theirs = run_toolkit(path, args.runs)
    print(f"{'pipeline':45} {'best s':>8} {'median s':>9} {'MB/s':>7}")
    rows = [("l10n ingest (parse+segment+match+store)", ours)]
    if theirs:
        rows.append(("translate-toolkit txt2po + posegment", theirs))
    for name, times in rows:
        best = min(times)
        print(f"{name:45} {best:8.2f} {statistics.median(times):9.2f} {mb / best:7.2f}")
    speed = mb / min(ours)
    if theirs:
        print(f"ratio l10n / translate-toolkit: {min(theirs) / min(ours):.2f}x")
    print("target >= 2 MB/s:", "met" if speed >= 2 else "missed")


if __name__ == "__main__":
    main()
