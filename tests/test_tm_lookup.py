"""Translation memory: scoring (101/100/fuzzy), threshold, normalisation, languages,
the persistent index (bulk and one-at-a-time paths), and approved translations."""

from __future__ import annotations

import random

from rapidfuzz import fuzz, process

from l10n import tm
from l10n.ingest import ingest_file
from l10n.states import APPROVED, TRANSLATED
from l10n.store import Store

NOW = "2026-01-01T00:00:00Z"


def unit(source, target, src="fr", tgt="en", **kw):
    return tm.make_unit(source, target, src, tgt, origin=kw.pop("origin", "test"), now=NOW, **kw)


def test_exact_in_context_and_fuzzy_scores(store):
    tm.add_units(
        store,
        [
            unit(
                "L'OIM aide les migrants au Koweït.",
                "IOM helps migrants in Kuwait.",
                prev_hash="p1",
                next_hash="n1",
            ),
            unit(
                "L'OIM aide les migrants au Koweït.",
                "IOM assists migrants in Kuwait.",
                prev_hash="p2",
                next_hash="n2",
            ),
        ],
    )
    text = "L'OIM aide les migrants au Koweït."
    in_context = tm.lookup(store, text, "fr", "en", prev_hash="p2", next_hash="n2")
    assert [(m.score, m.kind, m.target) for m in in_context] == [
        (101, "context", "IOM assists migrants in Kuwait."),
        (100, "exact", "IOM helps migrants in Kuwait."),
    ]
    # Only one neighbour equal is not in context.
    half = tm.lookup(store, text, "fr", "en", prev_hash="p2", next_hash="other")
    assert {m.score for m in half} == {100}
    fuzzy = tm.lookup(store, "L'OIM aide les migrantes au Koweït.", "fr", "en")
    assert fuzzy and fuzzy[0].kind == "fuzzy"
    expected = int(fuzz.ratio("L'OIM aide les migrantes au Koweït.", text))
    assert fuzzy[0].score == expected < 100
    assert fuzzy[0].translation_origin == f"tm:{expected}"


def test_threshold_filters_fuzzy_matches(store):
    tm.add_units(
        store,
        [unit("Le bureau de l'OIM ouvre ses portes lundi.", "The IOM office opens on Monday.")],
    )
    query = "Le bureau de l'OIM ferme ses portes mardi."
    ratio = fuzz.ratio(query, "Le bureau de l'OIM ouvre ses portes lundi.")
    assert 75 <= ratio < 90
    assert tm.lookup(store, query, "fr", "en", threshold=75)
    assert tm.lookup(store, query, "fr", "en", threshold=90) == []
    assert tm.lookup(store, "Rien à voir avec le reste.", "fr", "en") == []


def test_numbers_and_placeholders_are_normalised(store):
    tm.add_units(
        store,
        [
            unit(
                "L'OIM a aidé 1\u202f250 migrants au ⟦1⟧Koweït⟦/1⟧ en 2015.",
                "IOM helped 1,250 migrants in ⟦1⟧Kuwait⟦/1⟧ in 2015.",
            )
        ],
    )
    assert tm.normalise("a ⟦1⟧b⟦/1⟧ 1\u202f250  c") == "a \ufffcb\ufffc 0 c"
    (match,) = tm.lookup(
        store, "L'OIM a aidé 1\u202f250 migrants au ⟦3⟧Koweït⟦/3⟧ en 2016.", "fr", "en"
    )
    # Equal once normalised, different as typed: the best fuzzy score, 99.
    assert (match.score, match.kind) == (99, "fuzzy")
    # The target fits the new text: placeholder ids and the changed number follow it.
    assert match.adapted_target == "IOM helped 1,250 migrants in ⟦3⟧Kuwait⟦/3⟧ in 2016."
    assert match.target == "IOM helped 1,250 migrants in ⟦1⟧Kuwait⟦/1⟧ in 2015."


def test_adaptation_refuses_ambiguous_numbers(store):
    tm.add_units(store, [unit("Il y a 5 sites et 5 équipes.", "There are 5 sites and 5 teams.")])
    (match,) = tm.lookup(store, "Il y a 6 sites et 5 équipes.", "fr", "en")
    assert match.score == 99 and match.adapted_target is None


def test_region_fallback_has_a_penalty_and_scripts_never_mix(store):
    tm.add_units(
        store,
        [
            unit("Bonjour à tous.", "Hello everyone.", "fr-CA", "en-GB"),
            unit("Merci beaucoup.", "Hvala puno.", "fr", "sr-Latn"),
        ],
    )
    # A language asked without a region takes any regional variant at full value.
    (match,) = tm.lookup(store, "Bonjour à tous.", "fr", "en")
    assert match.score == 100 and match.kind == "exact"
    assert tm.lookup(store, "Bonjour à tous.", "fr-CA", "en-GB")[0].score == 100
    # Two different regions cost one point per side.
    assert tm.lookup(store, "Bonjour à tous.", "fr-FR", "en-US")[0].score == 98
    assert tm.lookup(store, "Merci beaucoup.", "fr", "sr-Cyrl") == []
    assert tm.lookup(store, "Merci beaucoup.", "fr", "sr")[0].score == 100
    assert tm.lookup(store, "Bonjour à tous.", "fr", "es") == []


def test_same_target_is_listed_once_best_first(store):
    tm.add_units(
        store,
        [
            unit("Le camp accueille des familles.", "The camp hosts families.", origin="tmx:a.tmx"),
            unit(
                "Le camp accueille des familles.",
                "The camp hosts families.",
                prev_hash="x",
                next_hash="y",
                origin="tmx:b.tmx",
            ),
        ],
    )
    matches = tm.lookup(
        store, "Le camp accueille des familles.", "fr", "en", prev_hash="x", next_hash="y"
    )
    assert [(m.score, m.origin) for m in matches] == [(101, "tmx:b.tmx")]


def _sentences(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    subjects = ["L'OIM", "Le HCR", "Le gouvernement", "Les autorités locales", "L'équipe mobile"]
    verbs = ["a distribué", "a fourni", "a financé", "a organisé", "a évalué"]
    objects = ["des kits d'hygiène", "une aide d'urgence", "des abris", "un atelier", "des vaccins"]
    places = ["au Koweït", "en Libye", "au Niger", "au Yémen", "en Haïti", "au Mali"]
    names = [
        "".join(rng.choice("bdkmnrstz") + rng.choice("aeiou") for _ in range(3)) for _ in range(300)
    ]
    return [
        f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(objects)} à {rng.randint(2, 900)} "
        f"personnes {rng.choice(places)} avec {rng.choice(names).capitalize()}."
        for _ in range(n)
    ]


def test_index_finds_what_brute_force_finds(store):
    sentences = _sentences(3000)
    result = tm.add_units(store, [unit(s, f"EN {i}") for i, s in enumerate(sentences)])
    assert result.added + result.unchanged == 3000
    norms = dict(store.db.execute("SELECT id, norm FROM tm_units"))
    rng = random.Random(3)
    found = wanted = 0
    for query in [rng.choice(sentences).replace("a ", "avait ", 1) for _ in range(30)] + _sentences(
        30, 99
    ):
        norm = tm.normalise(query)
        truth = process.extract(norm, norms, scorer=fuzz.ratio, limit=5, score_cutoff=75)
        got = tm.fuzzy_search(store, "fr>en", norm, limit=5, cutoff=75)
        wanted += len(truth)
        found += sum(1 for i, t in enumerate(truth) if i < len(got) and got[i][1] >= t[1] - 1e-9)
    assert wanted > 100
    assert found / wanted >= 0.97


def test_index_is_persistent_and_small_adds_use_the_delta(tmp_path, monkeypatch):
    path = tmp_path / "tm.db"
    store = Store.open(path, create=True)
    sentences = _sentences(2500)
    tm.add_units(store, [unit(s, f"EN {i}") for i, s in enumerate(sentences)])  # bulk path
    assert store.tm_delta_rows() == 0
    tm.add_units(store, [unit("Une phrase toute nouvelle sur la saison des pluies.", "A new one.")])
    assert store.tm_delta_rows() > 0  # one unit: delta rows, posting lists untouched
    store.close()

    store = Store.open(path)  # nothing rebuilt: the index is in the database
    assert (
        tm.lookup(store, "Une phrase toute nouvelle sur la saison sèche.", "fr", "en")[0].target
        == "A new one."
    )
    assert tm.lookup(store, sentences[10], "fr", "en")[0].score == 100
    monkeypatch.setattr("l10n.store.tm.DELTA_COMPACT_ROWS", 0)
    tm.add_units(store, [unit("Encore une autre phrase sur les inondations.", "Another one.")])
    assert store.tm_delta_rows() == 0  # folded into the packed lists
    assert (
        tm.lookup(store, "Encore une autre phrase sur les inondations !", "fr", "en")[0].target
        == "Another one."
    )
    assert (
        tm.lookup(store, "Une phrase toute nouvelle sur la saison sèche.", "fr", "en")[0].target
        == "A new one."
    )
    store.close()


def test_identical_units_are_kept_once(store):
    first = tm.add_units(store, [unit("Bonjour.", "Hello."), unit("Bonjour.", "Hello.")])
    again = tm.add_units(store, [unit("Bonjour.", "Hello.")])
    assert (first.added, first.unchanged, again.added, again.unchanged) == (1, 1, 0, 1)
    assert store.tm_count_units() == 1


def _approve(store, segment_id, lang, target, state=APPROVED):
    store.change_translation(
        segment_id,
        lang,
        target=target,
        state=state,
        origin="human",
        user="rev",
        action="approve",
        now=NOW,
    )


def test_approved_translations_become_units(tmp_path):
    source = tmp_path / "note.fr.txt"
    source.write_text(
        "Premier paragraphe du communiqué.\n\n"
        "L'OIM aide les migrants au Koweït.\n\nFin du texte.\n",
        encoding="utf-8",
    )
    store = Store.open(tmp_path / "ws.db", create=True)
    ingest_file(store, source, source_lang="fr", target_langs=["en", "es"], user="coord")
    seg = next(s for s in store.active_segments(1) if s["source"].startswith("L'OIM"))
    _approve(store, seg["id"], "es", "Traducción en curso.", state=TRANSLATED)
    assert tm.add_approved(store, seg["id"], "es") == "skipped"
    _approve(store, seg["id"], "en", "IOM helps migrants in Kuwait.")
    assert tm.add_approved(store, seg["id"], "en") == "added"
    assert tm.add_approved(store, seg["id"], "en") == "unchanged"
    (match,) = tm.lookup(
        store, seg["source"], "fr", "en", prev_hash=seg["prev_hash"], next_hash=seg["next_hash"]
    )
    assert (match.score, match.origin, match.segment_id, match.author) == (
        101,
        "workspace",
        seg["id"],
        "rev",
    )

    _approve(store, seg["id"], "en", "IOM assists migrants in Kuwait.")
    first = store.active_segments(1)[0]
    _approve(store, first["id"], "en", "First paragraph of the release.")
    result = tm.sync_approved(store)
    assert (result.added, result.updated, result.unchanged) == (1, 1, 0)
    assert tm.sync_approved(store) == tm.AddResult(0, 0, 2)  # idempotent
    assert store.tm_count_units() == 2
    (match,) = tm.lookup(store, seg["source"], "fr", "en")
    assert match.target == "IOM assists migrants in Kuwait."
    store.close()
