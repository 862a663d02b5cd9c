"""Machine translation throughput: our engine vs deep-translator's own batch.

2,000 segments (real English sentences from the UD English-EWT test set when
../shared/data is present, generated ones otherwise; 10% repeated, some with
inline codes) against the loopback LibreTranslate server with 50 ms latency
per request. Baseline: ``LibreTranslator.translate_batch`` (a sequential loop),
timed on a subset and extrapolated to 2,000 (stated in the output). Ours:
``get_engine("libre").translate_many`` at concurrency 16, fresh cache.

    /work/venv/bin/python bench/mt.py [--segments 2000] [--baseline 200] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from mtserver import MTServer  # noqa: E402

from l10n.mt import MemoryCache, MTRequest, get_engine  # noqa: E402

UD = ROOT.parent / "shared" / "data" / "segmentation" / "ud" / "en_ewt-test.paragraphs.jsonl"


def real_sentences() -> list[str]:
    if not UD.exists():
        return []
    out = []
    with UD.open(encoding="utf-8") as handle:
        for line in handle:
            out.extend(s.strip() for s in json.loads(line)["sentences"] if len(s.strip()) > 3)
    return list(dict.fromkeys(out))


def generated_sentences(n: int, rng: random.Random) -> list[str]:
    subjects = ["The office", "Our team", "The programme", "Each returnee", "The ministry"]
    verbs = ["supports", "reviews", "funds", "publishes", "coordinates"]
    objects = ["the annual report", "voluntary return", "local partners", "the new guidelines"]
    tails = ["in 2016.", "this week.", "with the embassy.", "across the region.", "on request."]
    out: set[str] = set()
    while len(out) < n:
        out.add(
            f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(objects)} "
            f"{rng.choice(tails)} Ref. {rng.randrange(10_000)}"
        )
    return sorted(out)


def build_segments(total: int, rng: random.Random) -> list[str]:
    distinct_needed = total - total // 10
    pool = real_sentences()
    source = "UD English-EWT test sentences"
    if len(pool) < distinct_needed:
        pool = generated_sentences(distinct_needed, rng)
        source = "generated sentences"
    distinct = pool[:distinct_needed]
    for i in range(0, len(distinct), 10):  # some inline codes, as formats produce them
        words = distinct[i].split(" ", 1)
        if len(words) == 2:
            distinct[i] = f"⟦1⟧{words[0]}⟦/1⟧ {words[1]}"
    segments = distinct + [rng.choice(distinct) for _ in range(total - len(distinct))]
    rng.shuffle(segments)
    print(f"segments: {len(segments)} ({len(set(segments))} distinct) from {source}")
    return segments


def baseline(server: MTServer, segments: list[str]) -> float:
    """deep-translator's sequential batch, untouched."""
    from deep_translator import LibreTranslator

    translator = LibreTranslator(source="en", target="fr", api_key="unused", custom_url=server.url)
    translator.api_key = None
    server.reset()
    started = time.perf_counter()
    translator.translate_batch(segments)
    elapsed = time.perf_counter() - started
    assert server.count() == len(segments)
    return elapsed


def ours(server: MTServer, segments: list[str], concurrency: int) -> tuple[float, int, int, int]:
    engine = get_engine("libre", url=server.url, cache=MemoryCache())
    requests = [MTRequest(i, text) for i, text in enumerate(segments)]
    server.reset()
    started = time.perf_counter()
    results = engine.translate_many(requests, "en", "fr", concurrency=concurrency)
    elapsed = time.perf_counter() - started
    failed = sum(not r.ok for r in results)
    return elapsed, server.count(), server.duplicates(), failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=2000)
    parser.add_argument("--baseline", type=int, default=200, help="baseline subset size")
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    rng = random.Random(20160201)
    segments = build_segments(args.segments, rng)

    with MTServer(latency=args.latency) as server:
        subset = segments[: min(args.baseline, len(segments))]
        base_time = baseline(server, subset)
        per_request = base_time / len(subset)
        base_full = per_request * len(segments)
        extrapolated = len(subset) < len(segments)
        print(
            f"baseline deep-translator translate_batch: {len(subset)} segments in "
            f"{base_time:.2f} s ({per_request * 1000:.1f} ms/segment)"
            + (f"; extrapolated to {len(segments)}: {base_full:.1f} s" if extrapolated else "")
        )
        elapsed, sent, duplicates, failed = ours(server, segments, args.concurrency)

    print(
        f"l10n libre engine, concurrency {args.concurrency}: {len(segments)} segments in "
        f"{elapsed:.2f} s; {sent} requests sent, {duplicates} duplicate requests, {failed} failed"
    )
    speedup = base_full / elapsed
    same_work = per_request * sent / elapsed
    print(
        f"speed-up: {speedup:.1f}x (target >= 8x); "
        f"{same_work:.1f}x for the same number of requests (without de-duplication)"
    )
    print(f"duplicate requests: {duplicates} (target 0)")


if __name__ == "__main__":
    main()
