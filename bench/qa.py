"""QA checks benchmark: recall on injected errors, false positives on correct translations.

Run: python bench/qa.py [--verbose] [--json]

Corpus: bench/data/qa_pairs.tsv, press-release sentences (fr→en, fr→es, fr→ar) with correct
translations written for this benchmark; the ``heldout`` rows were written after the checks
were frozen and never used to tune them (numbers, dates, e-mails, phones, URLs, acronyms,
inline codes, glossary terms), and bench/data/qa_glossary.csv, a small migration termbase
(preferred, admitted, forbidden terms; AVRR and DTM do-not-translate).

Every pair is checked as is (a false positive is any critical or warning issue on a correct
pair), then once more with one error injected into its target. The kind of error is
chosen per pair among those that apply to it, the rarest kind so far first, so that every
kind gets a fair share: dropped or changed number, changed e-mail, changed phone number,
wrong glossary term, forbidden term, do-not-translate term translated, untranslated
(copied source, whole or second half), wrong end punctuation, French spacing in English
(space before ; : ! ?, « » quotes, 72 176 grouping). An injected error counts as found
when the injected pair has a critical or warning issue the correct pair did not have.

The peer is translate-toolkit's pofilter (``StandardChecker`` with the target language
set), run on the same pairs as PO units; found and false positive mean the same there
(any failing filter). translate-toolkit is GPL and used here only, never by l10n.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from l10n.qa import run_checks  # noqa: E402
from l10n.qa.terminology import matcher_for  # noqa: E402
from l10n.terms import read_termbase, shipped_glossary_path  # noqa: E402

DATA = ROOT / "bench" / "data"
PAIRS = DATA / "qa_pairs.tsv"
GLOSSARY = DATA / "qa_glossary.csv"

KINDS = (
    "number",
    "email",
    "phone",
    "wrong-term",
    "forbidden-term",
    "dnt",
    "untranslated",
    "end-punctuation",
    "french-spacing",
)

# Plausible wrong translations a translator (or an engine) might write for a concept:
# none of them is in the glossary for that concept.
WRONG_TERMS = {
    "en": {
        "iom": "OIM",
        "avrr-full": "voluntary return and reinsertion assistance",
        "voluntary-return": "spontaneous repatriation",
        "trafficking": "human smuggling",
        "counter-trafficking": "anti-smuggling work",
        "smuggling": "human trafficking",
        "irregular-migrant": "undocumented foreigners",
        "idp": "displaced internals",
        "asylum-seeker": "refuge applicants",
        "refugee": "exiles",
        "member-states": "member countries",
        "reintegration": "reinsertion",
        "unaccompanied": "lone minors",
        "migrant-workers": "foreign labourers",
        "durable-solutions": "lasting fixes",
        "host-community": "receiving populations",
        "un": "UNO",
    },
    "es": {
        "iom": "OMI",
        "voluntary-return": "repatriación espontánea",
        "trafficking": "contrabando",
        "smuggling": "trata de personas",
        "irregular-migrant": "migrantes indocumentados",
        "idp": "refugiados internos",
        "member-states": "países miembros",
        "reintegration": "reinserción",
        "durable-solutions": "soluciones permanentes",
        "host-community": "poblaciones receptoras",
    },
    "ar": {
        "iom": "منظمة الهجرة",
        "voluntary-return": "الترحيل",
        "trafficking": "التهريب",
        "smuggling": "الاتجار بالبشر",
        "irregular-migrant": "المهاجرين السريين",
        "member-states": "البلدان المشاركة",
        "refugee": "المنفيين",
    },
}
# How a translator translates a do-not-translate acronym by mistake.
TRANSLATED_DNT = {
    ("AVRR", "en"): "AVR/R",
    ("AVRR", "es"): "RVAR",
    ("AVRR", "ar"): "العودة الطوعية",
    ("DTM", "en"): "displacement matrix",
    ("DTM", "es"): "MSD",
    ("DTM", "ar"): "مصفوفة تتبع النزوح",
}


def read_pairs() -> list[dict]:
    rows = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            pair, subset, source, target = line.split("\t")
            src, tgt = pair.split("-")
            rows.append({"src": src, "tgt": tgt, "set": subset, "source": source, "target": target})
    return rows


# -- injections: each returns the damaged target, or None when it does not apply --------


def _replace_ci(text: str, old: str, new: str) -> str | None:
    m = re.search(re.escape(old), text, re.IGNORECASE)
    if not m:
        return None
    return text[: m.start()] + new + text[m.end() :]


_EN_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def inject_number(row, hits, n):
    if n % 4 == 3 and row["tgt"] == "en":  # a number word changed: five -> six
        m = re.search(r"\b(" + "|".join(_EN_WORDS[:-1]) + r")\b", row["target"], re.I)
        if m:
            word = _EN_WORDS[_EN_WORDS.index(m.group(1).lower()) + 1]
            if m.group(1)[0].isupper():
                word = word.capitalize()
            return row["target"][: m.start()] + word + row["target"][m.end() :]
    target = re.sub("\u27e6[^\u27e7]*\u27e7", lambda m: "\x00" * len(m.group(0)), row["target"])
    for email in re.findall(r"\S+@\S+|\+[\d ]+\d|https?://\S+|www\.\S+", target):
        target = target.replace(email, "\x00" * len(email))
    numbers = [m for m in re.finditer(r"\d+", target)]
    if not numbers:
        return None
    m = numbers[n % len(numbers)]
    original = row["target"]
    if n % 2 == 0:  # change one digit
        digits = m.group(0)
        changed = digits[:-1] + str((int(digits[-1]) + 1) % 10)
        return original[: m.start()] + changed + original[m.end() :]
    # drop the whole number (with its grouping: 72,176 or 2.1)
    start, end = m.start(), m.end()
    while (
        end < len(target)
        and target[end] in ",."
        and end + 1 < len(target)
        and target[end + 1].isdigit()
    ):
        end = re.match(r"[,.]\d+", target[end:]).end() + end
    while start > 0 and target[start - 1] in ",." and start > 1 and target[start - 2].isdigit():
        start = start - 1 - len(re.search(r"\d+$", target[: start - 1]).group(0))
    out = original[:start] + original[end:]
    return re.sub(r"  +", " ", out)


def inject_email(row, hits, n):
    m = re.search(r"([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)", row["target"])
    if not m:
        return None
    local, domain = m.group(1), m.group(2)
    bad = (
        (local[:-1] + ("x" if local[-1] != "x" else "y") + "@" + domain)
        if n % 2 == 0
        else (local + "@" + domain.replace(".int", ".org"))
    )
    return row["target"].replace(m.group(0), bad, 1)


def inject_phone(row, hits, n):
    m = re.search(r"\+\d[\d ]+\d", row["target"])
    if not m:
        return None
    phone = m.group(0)
    if n % 2 == 0:
        bad = phone[:-1] + str((int(phone[-1]) + 3) % 10)
    else:
        digits = [i for i, c in enumerate(phone) if c.isdigit()]
        a, b = digits[-2], digits[-1]  # swap the last two digits
        if phone[a] == phone[b]:
            a = digits[-3]
        chars = list(phone)
        chars[a], chars[b] = chars[b], chars[a]
        bad = "".join(chars)
    return row["target"].replace(phone, bad, 1)


def _term_in_target(row, hit):
    for term in hit.targets(row["tgt"]):
        m = re.search(r"(?<!\w)" + re.escape(term.text) + r"(?!\w)", row["target"], re.IGNORECASE)
        if m:
            return m
    return None


def inject_wrong_term(row, hits, n):
    options = []
    for hit in hits:
        if hit.term.do_not_translate:
            continue
        wrong = WRONG_TERMS.get(row["tgt"], {}).get(hit.concept_id)
        m = _term_in_target(row, hit)
        if wrong and m:
            options.append((m, wrong))
    if not options:
        return None
    m, wrong = options[n % len(options)]
    t = row["target"]
    if m.group(0)[:1].isupper() and wrong[:1].islower():
        wrong = wrong[:1].upper() + wrong[1:]
    return t[: m.start()] + wrong + t[m.end() :]


def inject_forbidden(row, hits, n):
    options = []
    for hit in hits:
        forbidden = [t for t in hit.forbidden(row["tgt"]) if t.status == "forbidden"]
        m = _term_in_target(row, hit)
        if forbidden and m:
            options.append((m, forbidden[n % len(forbidden)].text))
    if not options:
        return None
    m, bad = options[n % len(options)]
    t = row["target"]
    if m.group(0)[:1].isupper():
        bad = bad[:1].upper() + bad[1:]
    return t[: m.start()] + bad + t[m.end() :]


def inject_dnt(row, hits, n):
    for hit in hits:
        if not hit.term.do_not_translate:
            continue
        new = TRANSLATED_DNT.get((hit.term.text, row["tgt"]))
        if new and hit.term.text in row["target"]:
            return row["target"].replace(hit.term.text, new, 1)
    return None


def inject_untranslated(row, hits, n):
    if row["source"] == row["target"]:
        return None
    if n % 3 != 2:
        return row["source"]
    # Second half left in the source language.
    src_words = row["source"].split()
    tgt_words = row["target"].split()
    if len(src_words) < 8:
        return row["source"]
    return " ".join(tgt_words[: len(tgt_words) // 2] + src_words[len(src_words) // 2 :])


def inject_end_punctuation(row, hits, n):
    t = row["target"].rstrip()
    if t.endswith((".", "!", "?", "؟")):
        body = t[:-1]
        choices = {".": ["", ":", ","], "!": [".", ""], "?": [".", ""], "؟": [".", ""]}[t[-1]]
        return body + choices[n % len(choices)]
    if t[-1:].isalnum():
        return t + (".", ":")[n % 2]
    return None


def inject_french_spacing(row, hits, n):
    if row["tgt"] != "en":
        return None
    t = row["target"]
    options = []
    for m in re.finditer(r"(?<=\w)([:;!?])", t):
        if m.group(1) == ":" and (
            t[m.end() : m.end() + 2] == "//" or t[m.end() : m.end() + 1].isdigit()
        ):
            continue
        options.append(t[: m.start()] + "\u202f" + t[m.start() :])
    if "“" in t and "”" in t:
        options.append(t.replace("“", "« ").replace("”", " »"))
    for m in re.finditer(r"\b\d{1,3}(,\d{3})+\b", t):
        options.append(t[: m.start()] + m.group(0).replace(",", "\u00a0") + t[m.end() :])
    if not options:
        return None
    return options[n % len(options)]


INJECTORS = {
    "number": inject_number,
    "email": inject_email,
    "phone": inject_phone,
    "wrong-term": inject_wrong_term,
    "forbidden-term": inject_forbidden,
    "dnt": inject_dnt,
    "untranslated": inject_untranslated,
    "end-punctuation": inject_end_punctuation,
    "french-spacing": inject_french_spacing,
}


def build_cases(rows, termbase) -> list[dict]:
    """One injected case per pair: the applicable kind used least so far."""
    used: Counter = Counter()
    cases = []
    for i, row in enumerate(rows):
        hits = matcher_for(termbase, row["src"]).match(row["source"])
        options = {}
        for kind in KINDS:
            damaged = INJECTORS[kind](row, hits, used[kind])
            if damaged is not None and damaged != row["target"]:
                options[kind] = damaged
        if not options:
            continue
        kind = min(options, key=lambda k: (used[k], KINDS.index(k)))
        used[kind] += 1
        cases.append({"index": i, "kind": kind, "target": options[kind]})
    return cases


# -- the two checkers --------------------------------------------------------------------


def l10n_issues(row, target, termbase) -> Counter:
    issues = run_checks(row["source"], target, row["src"], row["tgt"], termbase=termbase)
    return Counter((i.check_id, i.message) for i in issues if i.severity != "info")


def l10n_info(row, target, termbase) -> Counter:
    issues = run_checks(row["source"], target, row["src"], row["tgt"], termbase=termbase)
    return Counter((i.check_id, i.message) for i in issues if i.severity == "info")


class Pofilter:
    def __init__(self):
        from translate.filters import checks
        from translate.storage import pypo

        self._pypo = pypo
        self._checkers = {}
        self._checks = checks

    def issues(self, row, target) -> Counter:
        lang = row["tgt"]
        if lang not in self._checkers:
            config = self._checks.CheckerConfig(targetlanguage=lang)
            self._checkers[lang] = self._checks.StandardChecker(checkerconfig=config)
        unit = self._pypo.pounit(row["source"])
        unit.target = target
        failures = self._checkers[lang].run_filters(unit)
        return Counter((name, str(msg)) for name, msg in failures.items())


def evaluate(name, issues_of, rows, cases) -> dict:
    clean = [issues_of(row, row["target"]) for row in rows]
    fp_pairs = sum(1 for c in clean if c)
    found = defaultdict(int)
    total = Counter()
    missed = []
    for case in cases:
        row = rows[case["index"]]
        damaged = issues_of(row, case["target"])
        total[case["kind"]] += 1
        if damaged - clean[case["index"]]:
            found[case["kind"]] += 1
        else:
            missed.append(case)
    fp_by_check = Counter(key[0] for c in clean for key in c)
    heldout = [c for row, c in zip(rows, clean, strict=True) if row["set"] == "heldout"]
    return {
        "name": name,
        "recall": {k: found[k] / total[k] for k in KINDS if total[k]},
        "found": dict(found),
        "total": dict(total),
        "overall": sum(found.values()) / max(1, sum(total.values())),
        "fp_pairs": fp_pairs,
        "fp_per_100": 100 * fp_pairs / len(rows),
        "fp_by_check": dict(fp_by_check),
        "heldout_pairs": len(heldout),
        "heldout_fp_per_100": 100 * sum(1 for c in heldout if c) / max(1, len(heldout)),
        "clean": clean,
        "missed": missed,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--verbose", "-v", action="store_true", help="Show misses and false positives."
    )
    parser.add_argument("--json", action="store_true", help="Print the results as JSON.")
    args = parser.parse_args(argv)

    termbase = read_termbase(GLOSSARY)
    rows = read_pairs()
    cases = build_cases(rows, termbase)

    t0 = time.perf_counter()
    ours = evaluate("l10n qa", lambda r, t: l10n_issues(r, t, termbase), rows, cases)
    ours_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    peer = evaluate("pofilter", Pofilter().issues, rows, cases)
    peer_s = time.perf_counter() - t0
    info_pairs = sum(1 for row in rows if l10n_info(row, row["target"], termbase))
    checks = 2 * len(rows) + len(cases)  # each evaluate checks clean + injected once per pair

    if args.json:
        out = {
            r["name"]: {k: v for k, v in r.items() if k not in ("clean", "missed", "name")}
            for r in (ours, peer)
        }
        print(json.dumps(out, indent=2))
        return 0

    langs = Counter(f"{r['src']}→{r['tgt']}" for r in rows)
    print(
        f"Corpus: {len(rows)} correct pairs ({', '.join(f'{k} {v}' for k, v in langs.items())}), "
        f"{len(cases)} with one injected error; glossary {len(termbase)} concepts"
    )
    print()
    print(f"{'error kind':<18}{'cases':>6}{'l10n qa':>10}{'pofilter':>10}")
    for kind in KINDS:
        if kind not in ours["total"]:
            continue
        n = ours["total"][kind]
        print(f"{kind:<18}{n:>6}{ours['recall'][kind]:>10.2f}{peer['recall'][kind]:>10.2f}")
    print(f"{'overall recall':<18}{len(cases):>6}{ours['overall']:>10.2f}{peer['overall']:>10.2f}")
    fp_ours, fp_peer = ours["fp_per_100"], peer["fp_per_100"]
    print(f"{'FP / 100 clean':<18}{len(rows):>6}{fp_ours:>10.1f}{fp_peer:>10.1f}")
    held = ours["heldout_pairs"]
    fp_ours, fp_peer = ours["heldout_fp_per_100"], peer["heldout_fp_per_100"]
    print(f"{'  of which held out':<18}{held:>6}{fp_ours:>10.1f}{fp_peer:>10.1f}")
    print()
    print(
        f"l10n qa: {len(rows)} clean pairs with an info-level note only: {info_pairs} "
        "(info is not counted as a false positive)"
    )
    ms_ours, ms_peer = 1000 * ours_s / checks, 1000 * peer_s / checks
    print(f"time: l10n qa {ms_ours:.2f} ms/pair, pofilter {ms_peer:.2f} ms/pair")
    print(
        f"pofilter false positives by filter: {dict(Counter(peer['fp_by_check']).most_common(8))}"
    )
    shipped = shipped_glossary_path()
    if shipped is not None:
        other = read_termbase(shipped)
        noisy = Counter()
        pairs = 0
        for row in rows:
            found = l10n_issues(row, row["target"], other)
            pairs += bool(found)
            noisy.update(key[0] for key in found)
        print(
            f"with the shipped glossary ({len(other)} concepts, not written for this corpus): "
            f"{100 * pairs / len(rows):.1f} FP / 100 clean pairs {dict(noisy)}"
        )
    if ours["fp_by_check"]:
        print(f"l10n qa false positives by check: {ours['fp_by_check']}")
    if args.verbose:
        for result in (ours, peer):
            print(f"\n== {result['name']}: misses")
            for case in result["missed"]:
                row = rows[case["index"]]
                print(f"  [{case['kind']}] {case['target']}")
            print(f"== {result['name']}: false positives")
            for row, issues in zip(rows, result["clean"], strict=True):
                if issues:
                    print(f"  {row['target']}\n     {sorted(issues)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
