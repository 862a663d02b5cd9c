"""QA on one change in a big release: 200,000 segments x 1 language.

Run ``python bench/qa_scale.py [--segments N] [--checks N] [--translates N] [--db PATH]``.
The workspace is built with bulk inserts through the store (``executemany`` inside one
``store.write()`` transaction, so the store's triggers run as in real use): one release
whose sentences are the French press-release sentences of ``bench/data/qa_pairs.tsv``
with a file number, about 70 % translated into English, the shipped migration glossary,
and a few near-duplicates so the consistency checks have something to find (1 % of the
sources differ from another one only by case and punctuation and are translated
differently; 1 % of the translations repeat another segment's translation).

Then it times the library calls a translator's change goes through:

- ``l10n.qa.check_translation(store, None, segment_id, "en")`` on random translated
  segments (target p50 < 20 ms);
- ``l10n.review.translate_segment(store, None, segment_id, "en", text, user=...)``
  (the write, then the QA checks of the change and of the translations it relates to).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from l10n.qa import check_translation  # noqa: E402
from l10n.review import translate_segment  # noqa: E402
from l10n.states import TRANSLATED, UNTRANSLATED  # noqa: E402
from l10n.store import Store  # noqa: E402
from l10n.terms import read_termbase  # noqa: E402

NOW = "2026-01-01T00:00:00.000000Z"
CHECK_TARGET_MS = 20
PAIRS = REPO / "bench" / "data" / "qa_pairs.tsv"
GLOSSARY = REPO / "l10n" / "data" / "glossary" / "migration.csv"


def read_pairs() -> list[tuple[str, str]]:
    with PAIRS.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(r["source"], r["target"]) for r in rows if r["pair"] == "fr-en"]


def _numbered(text: str, n: int, word: str) -> str:
    return f"{text.rstrip('.')} ({word} {n})."


def build(store: Store, segments: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    pairs = read_pairs()
    termbase = read_termbase(GLOSSARY)
    store.save_concepts(list(termbase), NOW)
    rows = []
    for p in range(segments):
        source, target = pairs[p % len(pairs)]
        source, target = _numbered(source, p, "dossier"), _numbered(target, p, "file")
        roll = rng.random()
        if roll < 0.01 and p > 0:
            # the same sentence as the previous one, up to case and punctuation
            before = _numbered(pairs[(p - 1) % len(pairs)][0], p - 1, "dossier")
            source = before.upper().replace(".", " !")
            target = target.replace(".", " (bis).")
        elif roll < 0.02 and p > 0:
            target = rows[-1][1] or target  # copy-paste of the previous translation
        if rng.random() >= 0.7:
            target = None
        rows.append((source, target))
    conn = store.db.conn
    with store.write():
        conn.execute(
            "INSERT INTO releases (id, slug, source_lang, format, title, current_version, "
            "created_at, updated_at) VALUES (1, 'big', 'fr', 'txt', 'Big', 1, ?, ?)",
            [NOW, NOW],
        )
        conn.execute(
            "INSERT INTO release_versions (id, release_id, version, checksum, encoding, "
            "skeleton, ingested_at, ingested_by) VALUES (1, 1, 1, ?, 'utf-8', '[]', ?, 'bench')",
            ["0" * 64, NOW],
        )
        conn.executemany(
            "INSERT INTO segments (id, release_id, source, source_hash, words, position, "
            "block_position, occurrences, first_version, last_version) "
            "VALUES (?, 1, ?, ?, ?, ?, ?, 1, 1, 1)",
            (
                (p + 1, s, hashlib.sha1(s.encode()).hexdigest(), len(s.split()), p, p)
                for p, (s, _t) in enumerate(rows)
            ),
        )
        conn.executemany(
            "INSERT INTO translations (segment_id, lang, target, state, origin, author, "
            "updated_at, version) VALUES (?, 'en', ?, ?, ?, ?, ?, ?)",
            (
                (
                    p + 1,
                    t,
                    TRANSLATED if t else UNTRANSLATED,
                    "human" if t else None,
                    "bench" if t else None,
                    NOW,
                    1 if t else 0,
                )
                for p, (_s, t) in enumerate(rows)
            ),
        )
        conn.execute(
            "INSERT INTO history (translation_id, segment_id, release_id, lang, user, at, "
            "action, old_target, new_target, old_state, new_state, origin) "
            "SELECT t.id, t.segment_id, 1, t.lang, 'bench', ?, 'translate', NULL, "
            "t.target, 0, t.state, t.origin FROM translations t WHERE t.state > 0",
            [NOW],
        )
    conn.execute("ANALYZE")


def timed(fn) -> tuple[float, float]:
    cpu = time.process_time()
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(name: str, walls: list[float], cpus: list[float]) -> str:
    return (
        f"{name} ({len(walls)} calls): p50 {statistics.median(walls):.1f} ms, "
        f"p99 {percentile(walls, 0.99):.1f} ms wall; p50 {statistics.median(cpus):.1f} ms CPU"
    )


def load_average() -> str:
    try:
        return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except (AttributeError, OSError):
        return "load average unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=200_000)
    parser.add_argument("--checks", type=int, default=50)
    parser.add_argument("--translates", type=int, default=20)
    parser.add_argument("--db", type=Path, help="Keep the workspace database at this path.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        store = Store.open(path, create=True)
        if store.db.execute("SELECT COUNT(*) FROM segments").fetchone()[0]:
            how = "reused (--db)"
        else:
            start = time.perf_counter()
            build(store, args.segments)
            how = f"built in {time.perf_counter() - start:.1f} s"
        n, done = store.db.execute(
            "SELECT COUNT(*), COUNT(target) FROM translations WHERE lang = 'en'"
        ).fetchone()
        print(f"workspace: 1 release x 1 language, {n:,} segments ({done:,} translated), {how}")
        try:
            from l10n.qa.runner import refresh_comparison_keys
        except ImportError:  # before the store kept comparison keys
            pass
        else:
            # What the first check after a bulk write would otherwise pay, once.
            wall, cpu = timed(lambda: refresh_comparison_keys(store))
            print(
                f"QA comparison keys of the bulk-inserted translations, computed once: "
                f"{wall:.0f} ms wall, {cpu:.0f} ms CPU"
            )
        print(load_average())

        rng = random.Random(17)
        translated = [
            r[0]
            for r in store.db.execute(
                "SELECT segment_id FROM translations WHERE lang = 'en' AND target IS NOT NULL"
            )
        ]
        first, _ = timed(lambda: check_translation(store, None, translated[0], "en"))
        print(f"first check_translation (loads the glossary and its matcher): {first:.0f} ms")

        walls, cpus = [], []
        for sid in rng.sample(translated, args.checks):
            wall, cpu = timed(lambda sid=sid: check_translation(store, None, sid, "en"))
            walls.append(wall)
            cpus.append(cpu)
        print(summary("check_translation", walls, cpus) + f" (target p50 < {CHECK_TARGET_MS} ms)")
        check_p50 = statistics.median(walls)

        walls, cpus = [], []
        for i, sid in enumerate(rng.sample(translated, args.translates)):
            current = store.get_translation(sid, "en")["target"]
            text = current.replace("(file", f"(edited {i}, file")
            wall, cpu = timed(
                lambda sid=sid, text=text: translate_segment(
                    store, None, sid, "en", text, user="bench"
                )
            )
            walls.append(wall)
            cpus.append(cpu)
        print(summary("translate_segment", walls, cpus))
        print(load_average())
        store.close()
    ok = check_p50 < CHECK_TARGET_MS
    print("target met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
