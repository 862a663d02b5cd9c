"""Translation memory: fuzzy lookup latency and recall at a million units.

Run ``python bench/tm.py [--units 1000000] [--queries 200] [--db PATH]``.

1. Builds a TM of ``--units`` synthetic French→English units: press-release sentences
   generated deterministically from parallel templates, Zipf-weighted phrase lists,
   numbers, dates and generated place and person names (a long tail of rare words).
   Prints the build time (``tm.add_units``: insert + persistent index and sketches),
   database size and peak RSS.
2. Reopens the database (the index is persistent: nothing is rebuilt) and runs
   ``--queries`` lookups, half perturbed copies of existing units (typos, a changed
   number, a replaced or dropped phrase) and half new sentences from the same
   generator. Prints the first lookup of the process (which reads every unit's sketch
   into memory), then p50/p99 latency of ``tm.lookup`` (what pretranslation calls) and
   of the index alone (``tm.fuzzy_search``), as wall-clock and as CPU time of the
   process (the CPU time is what to compare when other work shares the machine; the
   load average while querying is printed beside it).
3. Computes recall@5 against brute force in the same run: rapidfuzz
   ``process.extract`` with the same scorer (``fuzz.ratio`` on normalised text) and
   cutoff (75) over every unit. Recall is score-based, so ties are not counted as
   misses: for each query the i-th best brute-force score is found when the index's
   i-th best score is at least as high. Queries with no match above the cutoff in
   brute force are counted as "no match" (both agree when the index returns nothing).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rapidfuzz import fuzz, process  # noqa: E402

from l10n import tm  # noqa: E402
from l10n.store import Store  # noqa: E402

# Parallel phrase lists (French, English), most frequent first.
SUBJECTS = [
    ("L'OIM", "IOM"),
    (
        "L'Organisation internationale pour les migrations",
        "The International Organization for Migration",
    ),
    ("Le gouvernement", "The government"),
    ("Les autorités locales", "The local authorities"),
    ("L'équipe de l'OIM", "The IOM team"),
    ("Le bureau de l'OIM", "The IOM office"),
    ("Le HCR", "UNHCR"),
    ("Les partenaires humanitaires", "Humanitarian partners"),
    ("Le ministère de l'Intérieur", "The Ministry of the Interior"),
    ("La Directrice générale", "The Director General"),
    ("Le coordinateur résident", "The Resident Coordinator"),
    ("Les agences des Nations Unies", "United Nations agencies"),
    ("L'Union européenne", "The European Union"),
    ("Le programme conjoint", "The joint programme"),
    ("Une délégation ministérielle", "A ministerial delegation"),
    ("Les équipes mobiles", "Mobile teams"),
    ("Le comité de pilotage", "The steering committee"),
    ("Les organisations de la société civile", "Civil society organizations"),
    ("Le chef de mission", "The Chief of Mission"),
    ("Les services consulaires", "Consular services"),
]
VERBS = [
    ("a fourni", "provided"),
    ("a distribué", "distributed"),
    ("a facilité", "facilitated"),
    ("a organisé", "organized"),
    ("a annoncé", "announced"),
    ("a lancé", "launched"),
    ("a financé", "funded"),
    ("a soutenu", "supported"),
    ("a coordonné", "coordinated"),
    ("a renforcé", "strengthened"),
    ("a évalué", "assessed"),
    ("a mis en place", "set up"),
    ("a présenté", "presented"),
    ("a accueilli", "hosted"),
    ("a signé", "signed"),
    ("a étendu", "expanded"),
    ("a documenté", "documented"),
    ("a recensé", "registered"),
]
OBJECTS = [
    ("une aide d'urgence", "emergency assistance"),
    ("des kits d'hygiène", "hygiene kits"),
    ("des abris temporaires", "temporary shelters"),
    ("une assistance au retour volontaire", "assisted voluntary return"),
    ("des consultations médicales", "medical consultations"),
    ("un soutien psychosocial", "psychosocial support"),
    ("des articles non alimentaires", "non-food items"),
    ("une formation sur la traite des personnes", "training on trafficking in persons"),
    ("des documents de voyage", "travel documents"),
    ("une aide à la réintégration", "reintegration assistance"),
    ("des transferts monétaires", "cash transfers"),
    ("un programme de subsistance", "a livelihood programme"),
    ("des points d'eau", "water points"),
    ("une campagne de sensibilisation", "an awareness campaign"),
    ("des vaccins contre la rougeole", "measles vaccines"),
    ("un centre d'accueil", "a reception centre"),
    ("des bourses scolaires", "school grants"),
    ("une évaluation des besoins", "a needs assessment"),
    ("un atelier technique", "a technical workshop"),
    ("des services de protection", "protection services"),
    ("un appui logistique", "logistical support"),
    ("des couvertures et des matelas", "blankets and mattresses"),
    ("une enquête de suivi des déplacements", "a displacement tracking survey"),
    ("des cours de langue", "language courses"),
]
PEOPLE = [
    ("migrants", "migrants"),
    ("familles déplacées", "displaced families"),
    ("personnes déplacées internes", "internally displaced persons"),
    ("victimes de la traite", "victims of trafficking"),
    ("travailleurs migrants", "migrant workers"),
    ("enfants non accompagnés", "unaccompanied children"),
    ("réfugiés", "refugees"),
    ("rapatriés", "returnees"),
    ("femmes enceintes", "pregnant women"),
    ("ménages vulnérables", "vulnerable households"),
    ("demandeurs d'asile", "asylum seekers"),
    ("pêcheurs", "fishers"),
]
PLACES = [
    ("au Koweït", "in Kuwait"),
    ("au Yémen", "in Yemen"),
    ("en Libye", "in Libya"),
    ("au Niger", "in Niger"),
    ("au Soudan", "in Sudan"),
    ("en Éthiopie", "in Ethiopia"),
    ("au Nigéria", "in Nigeria"),
    ("en Sierra Leone", "in Sierra Leone"),
    ("au Bangladesh", "in Bangladesh"),
    ("en Haïti", "in Haiti"),
    ("au Mali", "in Mali"),
    ("en Afghanistan", "in Afghanistan"),
    ("en Irak", "in Iraq"),
    ("au Liban", "in Lebanon"),
    ("en Somalie", "in Somalia"),
    ("au Tchad", "in Chad"),
    ("en Ukraine", "in Ukraine"),
    ("au Mozambique", "in Mozambique"),
    ("au Guatemala", "in Guatemala"),
    ("en Colombie", "in Colombia"),
]
TIMES = [
    ("la semaine dernière", "last week"),
    ("depuis le début de l'année", "since the beginning of the year"),
    ("ce mois-ci", "this month"),
    ("au cours du dernier trimestre", "over the last quarter"),
    ("hier", "yesterday"),
    ("pendant la saison des pluies", "during the rainy season"),
    ("à la suite des inondations", "following the floods"),
    ("après le séisme", "after the earthquake"),
]
MONTHS = [
    ("janvier", "January"),
    ("février", "February"),
    ("mars", "March"),
    ("avril", "April"),
    ("mai", "May"),
    ("juin", "June"),
    ("juillet", "July"),
    ("août", "August"),
    ("septembre", "September"),
    ("octobre", "October"),
    ("novembre", "November"),
    ("décembre", "December"),
]
# Invariable complements, adverbs and partner phrases multiply the phrase inventory the
# way real releases do (a TM of a million sentences is not a million permutations of
# a hundred phrases).
COMPLEMENTS = [
    ("", ""),
    ("", ""),
    ("", ""),
    ("de première nécessité", "of basic necessity"),
    ("dans les camps", "in the camps"),
    ("à base communautaire", "on a community basis"),
    ("à grande échelle", "on a large scale"),
    ("sur le terrain", "in the field"),
    ("à titre préventif", "as a preventive measure"),
    ("en coordination avec les autorités", "in coordination with the authorities"),
    ("dans les zones frontalières", "in border areas"),
    ("en milieu urbain", "in urban areas"),
    ("avec l'appui du PAM", "with WFP support"),
    ("en urgence", "urgently"),
    ("dans les centres de transit", "in transit centres"),
    ("pour la saison froide", "for the cold season"),
    ("dans les écoles", "in schools"),
    ("auprès des communautés hôtes", "in host communities"),
    ("le long de la route migratoire", "along the migration route"),
    ("dans les points d'entrée", "at points of entry"),
    ("via des partenaires locaux", "through local partners"),
]
ADVERBS = [
    ("", ""),
    ("", ""),
    ("", ""),
    ("", ""),
    ("rapidement", "rapidly"),
    ("également", "also"),
    ("déjà", "already"),
    ("conjointement", "jointly"),
    ("progressivement", "gradually"),
    ("récemment", "recently"),
    ("une nouvelle fois", "once again"),
    ("officiellement", "officially"),
]
PARTNERS = [
    ("du Fonds central d'intervention d'urgence", "the Central Emergency Response Fund"),
    ("de l'Union européenne", "the European Union"),
    ("du gouvernement japonais", "the Government of Japan"),
    ("de la Banque mondiale", "the World Bank"),
    ("de l'UNICEF", "UNICEF"),
    ("du PNUD", "UNDP"),
    ("de la Croix-Rouge", "the Red Cross"),
    ("des autorités régionales", "the regional authorities"),
]
SYLLABLES = (
    "ba bi bo da de di do ka ke ki ko ma me mi mo na ne ni no ra re ri ro sa se si so ta te ti "
    "to za zi wa ya lu mu nu ru tu gou kan dar bel sha kha mar sin tam zar"
).split()
TEMPLATES = [
    "{subj} {verb} {obj} à {n} {people} {place} {time}.",
    "Avec le soutien {partner}, {subj_l} {verb} {obj} {place}.",
    "{subj} {verb} {obj} à l'intention de {n} {people} à {region} {time}.",
    "Dans la province de {region}, {n} {people} ont bénéficié de {obj} grâce au soutien {partner}.",
    "Le rapport publié {time} indique que {n} {people} ont besoin de {obj} {place}.",
    "{person}, porte-parole de l'OIM, a indiqué que {obj} avaient été fournis à {n} {people}.",
    "{subj} et l'ONG {org} {verb} {obj} dans le district de {region} en {month} {year}.",
    "{subj} {verb} {obj} {place}, dans la région de {region}, {time}.",
    "{time_cap}, {subj_l} {verb} {obj} à {n} {people} {place}.",
    "Selon {person}, {n} {people} ont reçu {obj} à {region} en {month} {year}.",
    "{subj} {verb} {obj} pour {n} {people} dans le district de {region}.",
    "En {month} {year}, {subj_l} {verb} {obj} {place} avec le soutien de {person}.",
    "« Nous avons {verb_pp} {obj} à {n} {people} », a déclaré {person} {place}.",
    "Plus de {n} {people} {place} ont bénéficié de {obj} {time}.",
]
TEMPLATES_EN = [
    "{subj} {verb} {obj} to {n} {people} {place} {time}.",
    "With the support of {partner}, {subj_l} {verb} {obj} {place}.",
    "{subj} {verb} {obj} for {n} {people} in {region} {time}.",
    "In {region} province, {n} {people} benefited from {obj} thanks to the support of {partner}.",
    "The report published {time} indicates that {n} {people} need {obj} {place}.",
    "{person}, IOM spokesperson, said that {obj} had been provided to {n} {people}.",
    "{subj} and the NGO {org} {verb} {obj} in {region} district in {month} {year}.",
    "{subj} {verb} {obj} {place}, in the {region} region, {time}.",
    "{time_cap}, {subj_l} {verb} {obj} to {n} {people} {place}.",
    "According to {person}, {n} {people} received {obj} in {region} in {month} {year}.",
    "{subj} {verb} {obj} for {n} {people} in {region} district.",
    "In {month} {year}, {subj_l} {verb} {obj} {place} with the support of {person}.",
    "\u201cWe have {verb_pp} {obj} to {n} {people},\u201d said {person} {place}.",
    "More than {n} {people} {place} benefited from {obj} {time}.",
]


def _weights(n: int) -> list[float]:
    """Cumulative Zipf-like weights: the first items are the most frequent."""
    total, out = 0.0, []
    for rank in range(n):
        total += 1.0 / (rank + 1) ** 0.7
        out.append(total)
    return out


class Generator:
    """Deterministic parallel sentences (French source, English target)."""

    def __init__(self, seed: int, profile: str = "varied"):
        self.rng = random.Random(seed)
        self.varied = profile == "varied"
        names = random.Random(12345)
        self.regions = []
        for _ in range(20000):
            word = "".join(names.choice(SYLLABLES) for _ in range(names.randint(2, 4)))
            self.regions.append(word.capitalize())
        self.persons = []
        for _ in range(5000):
            first = "".join(names.choice(SYLLABLES) for _ in range(2)).capitalize()
            last = "".join(names.choice(SYLLABLES) for _ in range(names.randint(2, 3))).capitalize()
            self.persons.append(f"{first} {last}")
        # Programme and organisation names: the long tail of proper nouns real text has.
        self.names = []
        for _ in range(30000):
            word = "".join(names.choice(SYLLABLES) for _ in range(names.randint(2, 3)))
            self.names.append(word.upper() if names.random() < 0.2 else word.capitalize())
        self.names_cw = _weights(len(self.names))
        self.cw = {name: _weights(len(lst)) for name, lst in self._lists().items()}
        self.region_cw = _weights(len(self.regions))
        self.person_cw = _weights(len(self.persons))

    def _lists(self) -> dict[str, list]:
        return {
            "subj": SUBJECTS,
            "verb": VERBS,
            "obj": OBJECTS,
            "people": PEOPLE,
            "place": PLACES,
            "time": TIMES,
            "month": MONTHS,
            "tpl": TEMPLATES,
            "comp": COMPLEMENTS,
            "adv": ADVERBS,
            "partner": PARTNERS,
        }

    def pick(self, name: str):
        lst = self._lists()[name]
        return self.rng.choices(lst, cum_weights=self.cw[name])[0]

    def sentence(self) -> tuple[str, str]:
        rng = self.rng
        index = rng.choices(range(len(TEMPLATES)), cum_weights=self.cw["tpl"])[0]
        subj, verb, obj, people = (
            self.pick("subj"),
            self.pick("verb"),
            self.pick("obj"),
            self.pick("people"),
        )
        comp, adv, partner = self.pick("comp"), self.pick("adv"), self.pick("partner")
        org = rng.choices(self.regions, cum_weights=self.region_cw)[0]
        if adv[0]:
            verb = (verb[0].replace("a ", f"a {adv[0]} ", 1), f"{adv[1]} {verb[1]}")
        if comp[0]:
            obj = (f"{obj[0]} {comp[0]}", f"{obj[1]} {comp[1]}")
        place, when, month = self.pick("place"), self.pick("time"), self.pick("month")
        region = rng.choices(self.regions, cum_weights=self.region_cw)[0]
        if self.varied:
            # Real releases name programmes, partners and towns: rare words in most sentences.
            if rng.random() < 0.4:
                name = rng.choices(self.names, cum_weights=self.names_cw)[0]
                subj = (f"L'ONG {name}", f"The NGO {name}")
            if rng.random() < 0.6:
                name = rng.choices(self.names, cum_weights=self.names_cw)[0]
                obj = (f"{obj[0]} du programme {name}", f"{obj[1]} of the {name} programme")
            if rng.random() < 0.5:
                town = rng.choices(self.regions, cum_weights=self.region_cw)[0]
                place = (f"à {town}", f"in {town}")
        person = rng.choices(self.persons, cum_weights=self.person_cw)[0]
        n = rng.choice([rng.randint(2, 99), rng.randint(100, 999), rng.randint(1000, 20000)])
        year = rng.randint(2015, 2026)
        fr_n = f"{n:,}".replace(",", "\u202f")
        en_n = f"{n:,}"
        fr = TEMPLATES[index].format(
            subj=subj[0],
            subj_l=subj[0][0].lower() + subj[0][1:],
            verb=verb[0],
            verb_pp=verb[0].removeprefix("a "),
            obj=obj[0],
            n=fr_n,
            people=people[0],
            place=place[0],
            time=when[0],
            time_cap=when[0][0].upper() + when[0][1:],
            region=region,
            person=person,
            month=month[0],
            year=year,
            partner=partner[0],
            org=org,
        )
        en = TEMPLATES_EN[index].format(
            subj=subj[1],
            subj_l=subj[1][0].lower() + subj[1][1:] if subj[1].startswith("The ") else subj[1],
            verb=verb[1],
            verb_pp=verb[1],
            obj=obj[1],
            n=en_n,
            people=people[1],
            place=place[1],
            time=when[1],
            time_cap=when[1][0].upper() + when[1][1:],
            region=region,
            person=person,
            month=month[1],
            year=year,
            partner=partner[1],
            org=org,
        )
        for wrong, right in ((" de des ", " de "), (" de une ", " d'une "), (" de un ", " d'un ")):
            fr = fr.replace(wrong, right)
        return fr, en


def perturb(rng: random.Random, gen: Generator, text: str) -> str:
    """1 to 3 edits of the kinds translators meet: typos, numbers, phrases."""
    for _ in range(rng.randint(1, 3)):
        kind = rng.random()
        words = text.split(" ")
        if kind < 0.35:  # typo: swap, drop or double a letter
            i = rng.randrange(len(text) - 1)
            op = rng.randrange(3)
            if op == 0:
                text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
            elif op == 1:
                text = text[:i] + text[i + 1 :]
            else:
                text = text[:i] + text[i] + text[i:]
        elif kind < 0.55:  # another number
            text = "".join(str(rng.randint(0, 9)) if c.isdigit() else c for c in text)
        elif kind < 0.8 and len(words) > 6:  # a phrase replaced
            old = next((o[0] for o in OBJECTS + PLACES + TIMES if o[0] in text), None)
            if old:
                text = text.replace(old, gen.pick(rng.choice(["obj", "place", "time"]))[0], 1)
        elif len(words) > 6:  # a word dropped
            del words[rng.randrange(1, len(words) - 1)]
            text = " ".join(words)
    return text


def rss_mb() -> tuple[float, float]:
    """Resident memory and the part of it shared with the page cache (mapped files)."""
    with open("/proc/self/statm") as fh:
        fields = fh.read().split()
    page = os.sysconf("SC_PAGE_SIZE")
    return int(fields[1]) * page / 1e6, int(fields[2]) * page / 1e6


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def score_recall(truth: list[float], got: list[float]) -> tuple[int, int]:
    """(found, wanted): the i-th best true score is found when got[i] >= it."""
    found = sum(1 for i, s in enumerate(truth) if i < len(got) and got[i] >= s - 1e-9)
    return found, len(truth)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--threshold", type=float, default=tm.DEFAULT_THRESHOLD)
    ap.add_argument("--db", help="database path (default: a temporary file, removed after)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--profile",
        choices=["varied", "dense"],
        default="varied",
        help="varied: phrase templates plus programme, organisation and town names (a long "
        "tail of rare words, as in real releases); dense: templates and phrase lists only, "
        "so a new sentence has hundreds of near-ties at 80-90 (a stress test for recall)",
    )
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="reuse the TM already built in --db by an earlier run with the same --units",
    )
    args = ap.parse_args(argv)

    tmpdir = None
    if args.db:
        db_path = Path(args.db)
        if db_path.exists() and not args.reuse:
            db_path.unlink()
    else:
        tmpdir = tempfile.TemporaryDirectory(prefix="l10n-bench-tm-")
        db_path = Path(tmpdir.name) / "tm.db"

    gen = Generator(args.seed, args.profile)
    start = time.perf_counter()
    pairs = [gen.sentence() for _ in range(args.units)]
    gen_s = time.perf_counter() - start

    store = Store.open(db_path, create=True)
    now = "2026-01-01T00:00:00Z"
    start = time.perf_counter()
    reused = bool(args.reuse and store.tm_count_units())
    if reused:
        result = tm.AddResult(added=store.tm_count_units())
    else:
        result = tm.add_units(
            store,
            (tm.make_unit(fr, en, "fr", "en", origin="bench", now=now) for fr, en in pairs),
        )
    build_s = time.perf_counter() - start
    build_peak = peak_rss_mb()
    store.close()
    db_mb = db_path.stat().st_size / 1e6

    start = time.perf_counter()
    store = Store.open(db_path)
    open_ms = (time.perf_counter() - start) * 1000

    qrng = random.Random(args.seed + 1)
    newgen = Generator(args.seed + 1000, args.profile)
    queries = []
    for i in range(args.queries):
        if i % 2 == 0:
            queries.append(("perturbed", perturb(qrng, gen, qrng.choice(pairs)[0])))
        else:
            queries.append(("new", newgen.sentence()[0]))

    # The first lookup of a process reads every unit's sketch (kept in memory after).
    start, cpu_start = time.perf_counter(), time.process_time()
    tm.lookup(store, queries[0][1], "fr", "en")
    first_ms = (time.perf_counter() - start) * 1000
    first_cpu_ms = (time.process_time() - cpu_start) * 1000
    for _, q in queries[:5]:  # warm the page cache and statement cache
        tm.lookup(store, q, "fr", "en")
    lookup_ms: list[float] = []
    index_ms: list[float] = []
    index_cpu_ms: list[float] = []
    index_results = []
    lookup_cpu_ms: list[float] = []
    for _, q in queries:
        t0, c0 = time.perf_counter(), time.process_time()
        tm.lookup(store, q, "fr", "en", threshold=args.threshold)
        t1, c1 = time.perf_counter(), time.process_time()
        found = tm.fuzzy_search(store, "fr>en", tm.normalise(q), limit=5, cutoff=args.threshold)
        t2, c2 = time.perf_counter(), time.process_time()
        lookup_ms.append((t1 - t0) * 1000)
        lookup_cpu_ms.append((c1 - c0) * 1000)
        index_ms.append((t2 - t1) * 1000)
        index_cpu_ms.append((c2 - c1) * 1000)
        index_results.append(found)
    load = os.getloadavg()[0]
    query_rss = rss_mb()

    # Brute force over every unit, in the same run.
    del pairs
    norms = dict(store.db.execute("SELECT id, norm FROM tm_units"))
    brute_ms: list[float] = []
    found_total = wanted_total = 0
    per_kind = {"perturbed": [0, 0], "new": [0, 0]}
    no_match = agree_empty = best_found = 0
    for (kind, q), got in zip(queries, index_results, strict=True):
        t0 = time.perf_counter()
        truth = process.extract(
            tm.normalise(q), norms, scorer=fuzz.ratio, limit=5, score_cutoff=args.threshold
        )
        brute_ms.append((time.perf_counter() - t0) * 1000)
        if not truth:
            no_match += 1
            agree_empty += not got
            continue
        f, w = score_recall([score for _, score, _ in truth], [score for _, score in got])
        best_found += bool(got) and got[0][1] >= truth[0][1] - 1e-9
        found_total += f
        wanted_total += w
        per_kind[kind][0] += f
        per_kind[kind][1] += w
    recall = found_total / wanted_total if wanted_total else 1.0
    with_match = len(queries) - no_match

    rows = [
        ("units", f"{result.added:,}"),
        ("generate sentences", f"{gen_s:.1f} s"),
        (
            "build (insert + index)",
            "reused from an earlier run"
            if reused
            else f"{build_s:.1f} s ({result.added / build_s:,.0f} units/s)",
        ),
        ("database size", f"{db_mb:,.0f} MB"),
        ("peak RSS after build", f"{build_peak:,.0f} MB"),
        ("reopen store", f"{open_ms:.1f} ms"),
        (
            "first lookup (reads sketches)",
            f"{first_ms:.0f} ms (CPU {first_cpu_ms:.0f} ms)",
        ),
        (
            "RSS while querying",
            f"{query_rss[0]:,.0f} MB ({query_rss[1]:,.0f} MB of it shared: the mapped "
            "database file and libraries)",
        ),
        ("queries", f"{len(queries)} (half perturbed units, half new sentences)"),
        (
            "lookup p50 / p99",
            f"{percentile(lookup_ms, 50):.2f} / {percentile(lookup_ms, 99):.2f} ms",
        ),
        (
            "lookup CPU time p50 / p99",
            f"{percentile(lookup_cpu_ms, 50):.2f} / {percentile(lookup_cpu_ms, 99):.2f} ms"
            f" (load average {load:.1f} on {os.cpu_count()} CPUs while querying)",
        ),
        (
            "index only p50 / p99",
            f"{percentile(index_ms, 50):.2f} / {percentile(index_ms, 99):.2f} ms"
            f" (CPU {percentile(index_cpu_ms, 50):.2f} / {percentile(index_cpu_ms, 99):.2f} ms)",
        ),
        ("brute force p50", f"{statistics.median(brute_ms):.0f} ms"),
        ("recall@5 (score-based)", f"{recall:.4f} ({found_total}/{wanted_total})"),
        (
            "recall@1 (best match as good)",
            f"{best_found / max(1, with_match):.4f} ({best_found}/{with_match})",
        ),
        ("  perturbed", f"{per_kind['perturbed'][0]}/{per_kind['perturbed'][1]}"),
        ("  new sentences", f"{per_kind['new'][0]}/{per_kind['new'][1]}"),
        ("queries without match >= cutoff", f"{no_match} (index also empty: {agree_empty})"),
    ]
    width = max(len(k) for k, _ in rows)
    print(
        f"TM fuzzy lookup, {args.units:,} units ({args.profile} sentences), "
        f"threshold {args.threshold:g}, budget {tm.POSTINGS_BUDGET:,} postings, "
        f"{tm.CANDIDATES} candidates rescored, {tm.SKETCH_BITS}-bit sketches"
    )
    print("-" * (width + 40))
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    store.close()
    if tmpdir is not None:
        tmpdir.cleanup()


if __name__ == "__main__":
    main()
