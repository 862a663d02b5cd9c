"""Properties that must hold for any input (hypothesis, bounded for CI).

- ingest then export in the source language gives the file back byte for byte
  (txt, Markdown, HTML);
- masking inline codes (l10n.inline) and engine placeholders (l10n.mt.masking) and
  unmasking is the identity;
- segmentation never loses or duplicates a character;
- after any sequence of review actions every translation moved only along allowed
  transitions and every change has its history row.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from l10n import review
from l10n.errors import InputError, L10nError
from l10n.export import export_release
from l10n.ingest import ingest_file
from l10n.inline import CodeBuilder, strip_codes, unmask
from l10n.mt import masking
from l10n.segment import split_sentences
from l10n.states import APPROVED, NEEDS_WORK, PRETRANSLATED, REJECTED, TRANSLATED, UNTRANSLATED
from l10n.store import Store
from l10n.workspace import Workspace

# L10N_PROP_EXAMPLES=2000 for a deeper local run (1500 examples each pass in about a minute).
EXAMPLES = int(os.environ.get("L10N_PROP_EXAMPLES", "60"))
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Characters that stress parsers and the segmenter: sentence ends, Markdown and HTML
# syntax, our own placeholder brackets, engine placeholders, CR/LF, tabs, NBSP,
# right-to-left text, combining marks and astral characters.
TRICKY = (
    "abcXYZ éÉçœ .!?…;:,«»\"'’ -*_#>`[]()|\\<>/&=\n\r\t \u00a0\u202f"
    "⟦⟧0123456789 مرحبا ، ؟ e\u0301 😀 [X1X]"
)
texts = st.one_of(
    st.text(alphabet=TRICKY, min_size=1, max_size=300),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200),
)
sentences = st.lists(
    st.sampled_from(
        [
            "Le Koweït a pris des mesures.",
            "L’OIM l’a salué !",
            "Voir [le rapport](http://x.org).",
            "Le programme AVRR, **lancé** en 2019, aide 72 176 migrants.",
            "M. Dupont arrive… demain ?",
            "# Titre",
            "- point un",
            "1. premier",
            "> citation",
            "`code`",
            "<b>gras</b> et <i>x</i>",
            "&amp; &lt;",
            "Ligne\ncoupée en deux.",
            "",
            "   ",
            "\t",
            "مرحبا بالعالم.",
        ]
    ),
    min_size=1,
    max_size=12,
).map(lambda parts: "\n".join(parts) if len(parts) % 2 else "\n\n".join(parts))

_slugs = itertools.count()


# ---------------------------------------------------------------------------
# Ingest then export in the source language is the identity
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shared_store():
    store = Store.memory()
    yield store
    store.close()


def _round_trip(store: Store, text: str, ext: str, *, same_in_target: bool = True) -> None:
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        assume(False)
    slug = f"prop-{next(_slugs)}"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{slug}{ext}"
        path.write_bytes(data)
        try:
            ingest_file(store, path, source_lang="fr", target_langs=["en"], user="prop")
        except InputError as exc:
            # Refused input (empty, binary-looking) is a clean error, never a partial release.
            assert store.get_release(slug) is None, exc
            return
    out = export_release(store, slug, "fr").content
    assert out == data
    # The target language with nothing translated falls back to the source text (a
    # release without any sentence has no translations, and no target language).
    release = store.require_release(slug)
    if same_in_target and store.active_segments(release["id"]):
        assert export_release(store, slug, "en").content == data


# How a text is wrapped to make a document of each format (every format in the registry
# must have an entry: a new format is covered as soon as it is registered).
WRAPPERS = {
    "txt": ["{}"],
    "md": ["{}", "# Titre\n\n{}\n", "- {}\n- fin\n"],
    "html": ["{}", "<p>{}</p>", "<html><body><h1>T</h1><div>{}</div></body></html>"],
    "gettext": [
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid {}\nmsgstr ""\n',
    ],
}
# The target-language export equals the source when nothing is translated, except for
# formats that record the language in the document.
LANGUAGE_IN_DOCUMENT = {"html", "gettext"}
# Formats whose source-language export is documented to normalise the file (a gettext
# catalogue comes back with every msgstr equal to its msgid, as polib writes it): there
# the property is that the messages survive and a second round trip changes nothing.
NORMALISING = {"gettext"}


def _po_string(text: str) -> str:
    """``text`` as a PO string literal (the escapes gettext defines)."""
    for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        text = text.replace(raw, escaped)
    return '"' + text + '"'


def test_every_format_has_a_wrapper():
    from l10n.formats import FORMATS

    assert sorted(WRAPPERS) == sorted(FORMATS)


def _export_of(store: Store, text: str, ext: str) -> bytes | None:
    """The source-language export of ``text`` ingested as a new release (None: refused)."""
    slug = f"prop-{next(_slugs)}"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{slug}{ext}"
        path.write_bytes(text.encode("utf-8"))
        try:
            ingest_file(store, path, source_lang="fr", target_langs=["en"], user="prop")
        except InputError:
            assert store.get_release(slug) is None
            return None
    return export_release(store, slug, "fr").content


@BOUNDED
@given(
    text=st.one_of(texts, sentences),
    fmt=st.sampled_from(sorted(WRAPPERS)),
    data=st.data(),
)
def test_ingest_then_export_in_the_source_language_is_identity(shared_store, text, fmt, data):
    from l10n.formats import FORMATS

    wrapper = data.draw(st.sampled_from(WRAPPERS[fmt]))
    if fmt == "gettext":
        assume(text != "")  # a second empty msgid: see test_po_with_two_headers_is_refused
        # Other control characters have no PO escape: no tool writes them in a catalogue.
        assume(not any(ord(ch) < 32 and ch not in "\n\r\t" for ch in text))
    body = _po_string(text) if fmt == "gettext" else text
    document = wrapper.format(body)
    ext = FORMATS[fmt].extensions[0]
    if fmt not in NORMALISING:
        _round_trip(shared_store, document, ext, same_in_target=fmt not in LANGUAGE_IN_DOCUMENT)
        return
    first = _export_of(shared_store, document, ext)
    if first is None:
        return
    import polib

    assert [e.msgid for e in polib.pofile(first.decode())] == [
        e.msgid for e in polib.pofile(document)
    ]
    assert _export_of(shared_store, first.decode(), ext) == first


def test_po_with_two_headers_is_refused(shared_store):
    document = WRAPPERS["gettext"][0].format('""')
    assert _export_of(shared_store, document, ".po") is None


# ---------------------------------------------------------------------------
# Masking then unmasking is the identity
# ---------------------------------------------------------------------------
pieces = st.lists(
    st.one_of(
        st.tuples(st.just("text"), st.text(alphabet=TRICKY, max_size=20)),
        st.tuples(
            st.just("pair"),
            st.sampled_from(["<b>", "[", "**", "<a href='x'>"]),
            st.text(alphabet=TRICKY, max_size=10),
            st.sampled_from(["</b>", "](u)", "**"]),
        ),
        st.tuples(st.just("standalone"), st.sampled_from(["<br/>", "`x`", "%s", "{name}", "⟦"])),
    ),
    max_size=12,
)


def _build(parts) -> tuple[str, str, list]:
    builder = CodeBuilder()
    original, masked = [], []
    for part in parts:
        if part[0] == "text":
            original.append(part[1])
            masked.append(builder.text(part[1]))
        elif part[0] == "pair":
            _, open_data, inner, close_data = part
            open_tok, close_tok = builder.pair(open_data, close_data)
            original += [open_data, inner, close_data]
            masked += [open_tok, builder.text(inner), close_tok]
        else:
            original.append(part[1])
            masked.append(builder.standalone(part[1]))
    return "".join(original), "".join(masked), builder.codes


@BOUNDED
@given(parts=pieces)
def test_inline_mask_unmask_is_identity(parts):
    original, masked, codes = _build(parts)
    assert unmask(masked, codes) == original
    # Literal placeholder brackets in the text are masked too: no stray token remains.
    assert "⟦" not in strip_codes(masked) and "⟧" not in strip_codes(masked)


@BOUNDED
@given(parts=pieces, data=st.data())
def test_engine_mask_unmask_is_identity(parts, data):
    _original, text, _codes = _build(parts)
    spans = data.draw(
        st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=3)
    )
    protect = [(min(a, b), max(a, b)) for a, b in spans]
    masked = masking.mask(text, protect)
    # What the engine sees holds no token of ours and no protected text.
    assert "⟦" not in masked.text and "⟧" not in masked.text
    assert masking.placeholder_problem(masked.text, masked) is None
    assert masking.unmask(masked.text, masked) == text
    # An engine that adds spaces inside placeholders is still restored exactly.
    spaced = masking.ENGINE_PLACEHOLDER_RE.sub(lambda m: f"[ X {m.group(1)} X ]", masked.text)
    assert masking.unmask(spaced, masked) == text


# ---------------------------------------------------------------------------
# Segmentation never loses or duplicates a character
# ---------------------------------------------------------------------------
@settings(max_examples=EXAMPLES, deadline=None)
@given(text=st.one_of(texts, sentences), lang=st.sampled_from(["fr", "en", "es", "ar", "de"]))
def test_segmentation_covers_every_character_once(text, lang):
    spans = split_sentences(text, lang)
    pos = 0
    for start, end in spans:
        assert pos <= start < end <= len(text), (spans, text)
        assert text[pos:start].strip() == "", (text[pos:start], spans)
        piece = text[start:end]
        assert piece == piece.strip(), piece  # no leading or trailing whitespace
        pos = end
    assert text[pos:].strip() == ""
    # Every non-whitespace character is in exactly one span.
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())


# ---------------------------------------------------------------------------
# Store invariants after random sequences of review actions
# ---------------------------------------------------------------------------
RELEASE = (
    "Le Koweït a pris des mesures. L’OIM l’a salué.\n\n"
    "Le programme **AVRR** aide les migrants. Voir le [rapport](http://x.org).\n"
)
LANGS = ["en", "es"]
# (action, old state or None for any, new state): the moves the workflow allows.
ALLOWED = {
    "pretranslate": ({UNTRANSLATED}, {PRETRANSLATED, NEEDS_WORK}),
    "translate": (None, {TRANSLATED}),
    "confirm": (None, {TRANSLATED}),
    "approve": ({UNTRANSLATED, REJECTED, NEEDS_WORK, PRETRANSLATED, TRANSLATED}, {APPROVED}),
    "reject": (None, {REJECTED}),
}
actions = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "translate",
                "approve",
                "reject",
                "accept",
                "pretranslate",
                "fuzzy",
                "comment",
                "stale",
            ]
        ),
        st.integers(0, 3),  # segment index
        st.sampled_from(LANGS),
        st.sampled_from(
            [
                "Kuwait took measures.",
                "  ",
                "IOM welcomed it.",
                "⟦1⟧AVRR⟦/1⟧ helps.",
                "See the ⟦2⟧report⟦/2⟧.",
                "x ⟦/1⟧ y ⟦1⟧",
            ]
        ),
        st.sampled_from(["alice", "bob"]),
    ),
    min_size=1,
    max_size=25,
)


@pytest.fixture(scope="module")
def review_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("review") / "release.fr.md"
    path.write_text(RELEASE, encoding="utf-8")
    return path


def _apply(store, ws, action, seg_id, lang, text, user) -> None:
    if action == "translate":
        review.translate_segment(store, ws, seg_id, lang, text, user=user)
    elif action == "approve":
        review.approve_segments(store, ws, [seg_id], lang, user=user, force_reason="test")
    elif action == "reject":
        review.reject_segment(store, ws, seg_id, lang, user=user, reason=text)
    elif action == "accept":
        review.accept_segment(store, ws, seg_id, lang, user=user)
    elif action in ("pretranslate", "fuzzy"):
        state = PRETRANSLATED if action == "pretranslate" else NEEDS_WORK
        review.apply_pretranslation(
            store, seg_id, lang, target=text, origin="mt:test", state=state, user=user
        )
    elif action == "comment":
        review.add_comment(store, seg_id, lang, user=user, text=text)
    elif action == "stale":  # a write based on an old version is refused
        row = store.get_translation(seg_id, lang)
        review.translate_segment(
            store, ws, seg_id, lang, text, user=user, if_version=row["version"] - 1
        )


@BOUNDED
@given(steps=actions, four_eyes=st.booleans())
def test_review_actions_keep_store_invariants(review_template, steps, four_eyes):
    store = Store.memory()
    ws = Workspace(Path(review_template.parent), "fr", LANGS, {"review": {"four_eyes": four_eyes}})
    ingest_file(store, review_template, source_lang="fr", target_langs=LANGS, user="ingest")
    release = store.require_release("release")
    seg_ids = [s["id"] for s in store.active_segments(release["id"])]
    for action, index, lang, text, user in steps:
        seg_id = seg_ids[index % len(seg_ids)]
        before = store.get_translation(seg_id, lang)
        history_before = store.db.execute("SELECT COUNT(*) FROM history").fetchone()[0]
        try:
            _apply(store, ws, action, seg_id, lang, text, user)
        except L10nError:
            # A refused action changes nothing.
            assert store.get_translation(seg_id, lang) == before
            assert store.db.execute("SELECT COUNT(*) FROM history").fetchone()[0] == history_before
    _assert_invariants(store)
    store.close()


def _assert_invariants(store: Store) -> None:
    assert store.consistency_problems() == []
    for t in store.db.query("SELECT * FROM translations"):
        rows = list(
            store.db.query("SELECT * FROM history WHERE translation_id = ? ORDER BY id", [t["id"]])
        )
        # Every change has exactly one history row: the version counts them.
        assert len(rows) == t["version"], (t, rows)
        state, target = UNTRANSLATED, None
        for h in rows:
            # The history is a chain: each row starts where the previous one ended.
            assert (h["old_state"], h["old_target"]) == (state, target), (t, rows)
            olds, news = ALLOWED[h["action"]]
            assert olds is None or h["old_state"] in olds, h
            assert h["new_state"] in news, h
            assert (h["new_target"] or "").strip(), h  # no state change writes an empty target
            state, target = h["new_state"], h["new_target"]
        assert (t["state"], t["target"]) == (state, target)
