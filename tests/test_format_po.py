"""Gettext catalogues as a source: segments, placeholders, plurals, exact entries, msgfmt -c."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from l10n.export import export_release
from l10n.formats import format_for_path
from l10n.formats.po import GettextFormat
from l10n.ingest import ingest_file
from l10n.langs import plural_forms
from l10n.states import TRANSLATED
from l10n.store import utcnow
from l10n.workspace import find_workspace
from l10n.workspace_init import init_workspace

POT = Path(__file__).resolve().parent / "data" / "messages.pot"
MSGFMT = shutil.which("msgfmt")


def msgfmt_check(data: bytes, tmp_path: Path) -> None:
    if MSGFMT is None:
        pytest.skip("GNU gettext's msgfmt is not installed (apt-get install gettext)")
    path = tmp_path / "check.po"
    path.write_bytes(data)
    done = subprocess.run([MSGFMT, "-c", "-o", str(tmp_path / "check.mo"), str(path)],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.fixture
def po_release(tmp_path: Path):
    root = tmp_path / "ws"
    init_workspace(root, source_lang="en", target_langs=["fr", "ar", "ja"], with_glossary=False)
    ws = find_workspace(str(root))
    store = ws.open_store()
    path = root / "messages.pot"
    shutil.copyfile(POT, path)
    result = ingest_file(store, path, source_lang="en", target_langs=ws.target_langs,
                         user="tester")  # fmt: skip
    assert result.format == "gettext"
    return store, result.slug


def _translate_all(store, slug: str, lang: str, prefix: str) -> None:
    for seg in store.active_segments(store.require_release(slug)["id"]):
        store.change_translation(seg["id"], lang, target=f"{prefix} {seg['source']}",
                                 state=TRANSLATED, origin="human", user="t", action="translate",
                                 now=utcnow())  # fmt: skip


def test_registry_and_segments(po_release) -> None:
    assert isinstance(format_for_path("x.po"), GettextFormat)
    assert isinstance(format_for_path("x.pot"), GettextFormat)
    store, slug = po_release
    segs = store.active_segments(store.require_release(slug)["id"])
    sources = [s["source"] for s in segs]
    assert sources[:4] == [
        "Voluntary return",
        "Welcome, ⟦1/⟧!",
        "One application is pending.",  # msgid
        "⟦1/⟧ applications are pending.",  # msgid_plural: one segment per plural form
    ]
    assert sources.count("Open") == 1  # same msgid in two contexts: one job
    welcome = segs[1]
    assert '"data": "%(name)s"' in welcome["codes"]
    brace = next(s for s in segs if s["source"].startswith("The office"))
    assert brace["source"] == "The office in ⟦1/⟧ is open from Sunday to Thursday."
    assert "100%" not in sources  # no words: nothing to translate


def test_source_export_keeps_entries_order_and_metadata(po_release, tmp_path: Path) -> None:
    store, slug = po_release
    data = export_release(store, slug, "en").content
    msgfmt_check(data, tmp_path)
    original = polib.pofile(str(POT))
    exported = polib.pofile(data.decode("utf-8"))
    assert [(e.msgctxt, e.msgid, e.msgid_plural) for e in exported] == [
        (e.msgctxt, e.msgid, e.msgid_plural) for e in original
    ]
    for a, b in zip(original, exported, strict=True):
        assert (a.comment, a.tcomment, a.occurrences, a.obsolete) == (
            b.comment, b.tcomment, b.occurrences, b.obsolete,
        )  # fmt: skip
        assert [f for f in a.flags] == [f for f in b.flags]
    assert exported.obsolete_entries()[0].msgstr == "Ancien message"


@pytest.mark.parametrize("lang", ["fr", "ar", "ja"])
def test_target_export_is_a_translated_catalogue(po_release, tmp_path: Path, lang: str) -> None:
    store, slug = po_release
    nplurals = plural_forms(lang)[0]  # from babel (CLDR): fr 3, ar 6, ja 1
    assert nplurals == {"fr": 3, "ar": 6, "ja": 1}[lang]
    _translate_all(store, slug, lang, lang.upper())
    data = export_release(store, slug, lang).content
    msgfmt_check(data, tmp_path)
    po = polib.pofile(data.decode("utf-8"))
    assert po.metadata["Language"] == lang
    assert po.metadata["Plural-Forms"].startswith(f"nplurals={nplurals};")
    assert po.metadata["X-Generator"].startswith("l10n ")
    by_key = {(e.msgctxt, e.msgid): e for e in po}
    welcome = by_key[(None, "Welcome, %(name)s!")]
    assert welcome.msgstr == f"{lang.upper()} Welcome, %(name)s!"
    assert "python-format" in welcome.flags
    assert welcome.occurrences == [("templates/base.html", "20"), ("templates/home.html", "4")]
    plural = by_key[(None, "One application is pending.")]
    assert len(plural.msgstr_plural) == nplurals
    forms = set(plural.msgstr_plural.values())
    assert f"{lang.upper()} %d applications are pending." in forms
    if lang == "ar":  # Arabic's n = 1 form serves n = 1 alone: the singular goes there
        assert plural.msgstr_plural[1] == "AR One application is pending."
    else:  # fr's first form also serves 0 (and ja has one form): the number must stay
        assert forms == {f"{lang.upper()} %d applications are pending."}
    office = by_key[(None, plural_office := next(k[1] for k in by_key if k[1].startswith("The")))]
    assert office.msgstr.endswith(".\n") and '"{phone}"' in office.msgstr
    assert plural_office.endswith("\n")
    assert (
        by_key[("menu", "Open")].msgstr
        == by_key[("status", "Open")].msgstr
        == (f"{lang.upper()} Open")
    )
    assert by_key[(None, "100%")].msgstr == ""


def test_untranslated_messages_stay_empty(po_release, tmp_path: Path) -> None:
    store, slug = po_release
    data = export_release(store, slug, "ar").content
    msgfmt_check(data, tmp_path)
    po = polib.pofile(data.decode("utf-8"))
    assert po.percent_translated() == 0
    assert all(v == "" for v in po[2].msgstr_plural.values())


def test_interchange_po_of_a_gettext_release_passes_msgfmt(po_release, tmp_path: Path) -> None:
    store, slug = po_release
    _translate_all(store, slug, "fr", "FR")
    msgfmt_check(export_release(store, slug, "fr", format_name="po").content, tmp_path)


def test_broken_catalogue_is_refused(tmp_path: Path) -> None:
    from l10n.errors import InputError

    with pytest.raises(InputError) as info:
        GettextFormat().parse('msgid "a"\nmsgstr "b"\nmsgid \n"oops')
    assert "the catalogue cannot be read" in str(info.value)


# -- placeholders of every gettext format flag, newlines, duplicates ------------------------


def _masked(msgid: str, flags: str = "") -> tuple[str, list[str]]:
    flag_line = f"#, {flags}\n" if flags else ""
    doc = GettextFormat().parse(f'{flag_line}msgid "{msgid}"\nmsgstr ""\n')
    (block,) = doc.blocks
    return block.text, [c.data for c in block.codes]


@pytest.mark.parametrize(
    "flags,msgid,masked,codes",
    [
        ("c-format", "about %'d hours", "about ⟦1/⟧ hours", ["%'d"]),
        ("javascript-format", "Hi {{name}}, {{ count }} new", "Hi ⟦1/⟧, ⟦2/⟧ new",
         ["{{name}}", "{{ count }}"]),
        ("ruby-format", "Signed in as %{user}, %<n>d", "Signed in as ⟦1/⟧, ⟦2/⟧",
         ["%{user}", "%<n>d"]),
        ("qt-format", "Copied %1 of %L2 files", "Copied ⟦1/⟧ of ⟦2/⟧ files", ["%1", "%L2"]),
        ("objc-format", "Saved %@ to %1$@", "Saved ⟦1/⟧ to ⟦2/⟧", ["%@", "%1$@"]),
        ("sh-format", "Installing ${PACKAGE} into $HOME", "Installing ⟦1/⟧ into ⟦2/⟧",
         ["${PACKAGE}", "$HOME"]),
        ("python-brace-format", "Total: {0:.2f} {currency}", "Total: ⟦1/⟧ ⟦2/⟧",
         ["{0:.2f}", "{currency}"]),
    ],
)  # fmt: skip
def test_placeholders_follow_the_format_flag(flags, msgid, masked, codes) -> None:
    assert _masked(msgid, flags) == (masked, codes)


def test_other_ecosystems_placeholders_need_their_flag() -> None:
    # Without qt-format / sh-format, "%1" and "$HOME" are text (a price, a shell word).
    assert _masked("Copied %1 of $HOME") == ("Copied %1 of $HOME", [])
    assert _masked("Copied %1 of $HOME", "no-qt-format") == ("Copied %1 of $HOME", [])


def test_newline_inside_a_message_is_kept_in_the_translation(po_release, tmp_path) -> None:
    store, slug = po_release
    root = tmp_path / "ws"
    path = root / "gconf.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, c-format\nmsgid ""\n"GConf error:\\n"\n"  %s"\nmsgstr ""\n\n'
        'msgid "Usage:\\n"\nmsgstr ""\n',
        encoding="utf-8",
    )
    slug = ingest_file(store, path, source_lang="en", target_langs=["fr"], user="t").slug
    segs = store.active_segments(store.require_release(slug)["id"])
    assert [s["source"] for s in segs] == ["GConf error:⟦1/⟧⟦2/⟧", "Usage:"]
    store.change_translation(segs[0]["id"], "fr", target="Erreur GConf :⟦1/⟧⟦2/⟧",
                             state=TRANSLATED, origin="human", user="t", action="translate",
                             now=utcnow())  # fmt: skip
    data = export_release(store, slug, "fr").content
    msgfmt_check(data, tmp_path)
    po = polib.pofile(data.decode("utf-8"))
    assert po.find("GConf error:\n  %s").msgstr == "Erreur GConf :\n  %s"
    assert po.find("Usage:\n").msgstr == ""
    # The source-language export still gives every message back.
    source = polib.pofile(export_release(store, slug, "en").content.decode("utf-8"))
    assert [e.msgid for e in source] == ["GConf error:\n  %s", "Usage:\n"]


@pytest.mark.parametrize(
    "body,what,line",
    [
        ('msgid ""\nmsgstr ""\n', "a second header (empty msgid)", 5),
        ('msgid "a"\nmsgstr ""\n\nmsgctxt "x"\nmsgid "a"\nmsgstr ""\n\nmsgid ""\n"a"\nmsgstr ""\n',
         'a second definition of msgid "a"', 12),
        ('msgctxt "x"\nmsgid "a"\nmsgstr ""\n\nmsgctxt "x"\nmsgid "a"\nmsgstr "b"\n',
         'a second definition of msgid "a" in context "x"', 9),
    ],
)  # fmt: skip
def test_duplicate_messages_are_refused(tmp_path, body, what, line) -> None:
    from l10n.errors import InputError
    from l10n.store import Store

    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    path = tmp_path / "dup.po"
    path.write_text(header + body, encoding="utf-8")
    store = Store.memory()
    with pytest.raises(InputError) as info:
        ingest_file(store, path, source_lang="en", target_langs=["fr"], user="t")
    assert str(info.value).startswith(f"{path}: the catalogue has {what} at line {line}")
    assert "msguniq" in str(info.value)
    assert store.list_releases() == []
    # Obsolete entries are history: an old copy of a live message is no duplicate.
    path.write_text(header + 'msgid "a"\nmsgstr ""\n\n#~ msgid "a"\n#~ msgstr "b"\n')
    assert ingest_file(store, path, source_lang="en", target_langs=["fr"], user="t").segments == 1


# -- what the ingested catalogue says about its own language stays out of targets -----------

SOURCE_STATE = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: af\\n"

#, fuzzy, c-format
#| msgid "Unable to rename the file"
msgid "File is not valid"
msgstr "Lêer is nie geldig nie"

#~ msgid "Old message"
#~ msgstr "Ou boodskap"

#, fuzzy
#~ msgid "Old plural"
#~ msgid_plural "Old plurals"
#~ msgstr[0] "Ou meervoud"
#~ msgstr[1] "Ou meervoude"
"""


def test_target_catalogue_drops_source_fuzzy_previous_and_obsolete_text(tmp_path) -> None:
    from l10n.states import APPROVED
    from l10n.store import Store

    path = tmp_path / "nautilus.po"
    path.write_text(SOURCE_STATE, encoding="utf-8")
    store = Store.memory()
    slug = ingest_file(store, path, source_lang="en", target_langs=["ar"], user="t").slug
    (seg,) = store.active_segments(store.require_release(slug)["id"])
    store.change_translation(seg["id"], "ar", target="الملف غير صالح", state=APPROVED,
                             origin="human", user="t", action="approve", now=utcnow())  # fmt: skip
    data = export_release(store, slug, "ar").content
    msgfmt_check(data, tmp_path)
    po = polib.pofile(data.decode("utf-8"))
    entry = po.find("File is not valid")
    assert entry.msgstr == "الملف غير صالح" and entry.flags == ["c-format"]
    assert entry.previous_msgid is None
    obsolete = po.obsolete_entries()
    assert [e.msgid for e in obsolete] == ["Old message", "Old plural"]
    assert obsolete[0].msgstr == "" and set(obsolete[1].msgstr_plural.values()) == {""}
    assert "Ou boodskap" not in data.decode("utf-8") and "fuzzy" not in data.decode("utf-8")
    # The source-language export is the catalogue as it came, flags and history included.
    source = polib.pofile(export_release(store, slug, "en").content.decode("utf-8"))
    kept = source.find("File is not valid")
    assert kept.flags == ["fuzzy", "c-format"]
    assert kept.previous_msgid == "Unable to rename the file"
    assert source.obsolete_entries()[0].msgstr == "Ou boodskap"


def test_fuzzy_in_a_target_catalogue_comes_from_the_block_states() -> None:
    from l10n.states import APPROVED, NEEDS_WORK, PRETRANSLATED

    carrier = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "One"\nmsgstr "Un"\n\nmsgid "Two"\nmsgstr "Deux"\n\n'
        'msgid "Three"\nmsgstr "Three"\n\n'
        'msgid "A file"\nmsgid_plural "Files"\nmsgstr[0] "Un fichier"\nmsgstr[1] "Fichiers"\n'
    )
    states = [APPROVED, PRETRANSLATED, NEEDS_WORK, APPROVED, NEEDS_WORK]
    po = polib.pofile(GettextFormat().finalize(carrier, "fr", "en", {"block_states": states}))
    fuzzy = {e.msgid: e.fuzzy for e in po}
    # Approved is never fuzzy (whatever the source said); an untranslated message has
    # nothing for gettext to ignore; one fuzzy form makes the plural message fuzzy.
    assert fuzzy == {"One": False, "Two": True, "Three": False, "A file": True}
    plain = polib.pofile(GettextFormat().finalize(carrier, "fr", "en", {}))
    assert not any(e.fuzzy for e in plain)


# -- translations the catalogue already holds -------------------------------------------------

TRANSLATED_CATALOGUE = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fr_FR\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

#, python-format
msgid "Welcome, %(name)s!"
msgstr "Bienvenue, %(name)s !"

#, fuzzy
msgid "Voluntary return"
msgstr "Retour forcé"

msgid "Not yet translated"
msgstr ""

#, python-format
msgid "Lost %(count)d"
msgstr "Perdu %(total)d"

msgid "First sentence. Second sentence."
msgstr "Première phrase. Deuxième phrase."

#, python-format
msgid "%(n)d file"
msgid_plural "%(n)d files"
msgstr[0] "%(n)d fichier"
msgstr[1] "%(n)d fichiers"
"""


def test_catalogue_translations_are_imported_for_its_language(tmp_path) -> None:
    from l10n.states import UNTRANSLATED
    from l10n.store import Store

    path = tmp_path / "portal.po"
    path.write_text(TRANSLATED_CATALOGUE, encoding="utf-8")
    store = Store.memory()
    result = ingest_file(store, path, source_lang="en", target_langs=["fr", "es"], user="amina")
    rows = {
        r["source"]: r for r in store.segment_rows(store.require_release(result.slug)["id"], "fr")
    }
    imported = {s: (r["target"], r["origin"]) for s, r in rows.items() if r["state"] == TRANSLATED}
    assert imported == {
        "Welcome, ⟦1/⟧!": ("Bienvenue, ⟦1/⟧ !", "import:po"),
        "⟦1/⟧ file": ("⟦1/⟧ fichier", "import:po"),
        "⟦1/⟧ files": ("⟦1/⟧ fichiers", "import:po"),
    }  # not the fuzzy one, not a changed placeholder, not a message of two sentences
    assert result.imported_translations == 3
    assert rows["Voluntary return"]["state"] == UNTRANSLATED
    release_id = store.require_release(result.slug)["id"]
    assert all(r["state"] == UNTRANSLATED for r in store.segment_rows(release_id, "es"))
    welcome = rows["Welcome, ⟦1/⟧!"]
    (change,) = store.segment_history(welcome["id"], "fr")
    assert (change["user"], change["action"]) == ("amina", "import")
    # Re-ingesting never overwrites work done since.
    store.change_translation(welcome["id"], "fr", target="Salut, ⟦1/⟧ !", state=TRANSLATED,
                             origin="human", user="t", action="translate", now=utcnow())  # fmt: skip
    path.write_text(TRANSLATED_CATALOGUE + '\nmsgid "New"\nmsgstr "Nouveau"\n', encoding="utf-8")
    again = ingest_file(store, path, source_lang="en", target_langs=["fr", "es"], user="amina")
    assert again.imported_translations == 1
    assert store.get_translation(welcome["id"], "fr")["target"] == "Salut, ⟦1/⟧ !"


def test_catalogue_of_another_language_imports_nothing(tmp_path) -> None:
    from l10n.store import Store

    path = tmp_path / "portal.po"
    path.write_text(TRANSLATED_CATALOGUE.replace("fr_FR", "de"), encoding="utf-8")
    store = Store.memory()
    result = ingest_file(store, path, source_lang="en", target_langs=["fr"], user="amina")
    assert result.imported_translations == 0


def test_export_marks_pretranslated_messages_fuzzy(po_release, tmp_path) -> None:
    """The target catalogue's fuzzy flags come from our states, not the source file's."""
    from l10n.states import APPROVED, PRETRANSLATED

    store, slug = po_release
    release = store.require_release(slug)
    segs = {s["source"]: s["id"] for s in store.active_segments(release["id"])}
    for source, state in (("Voluntary return", APPROVED), ("Welcome, ⟦1/⟧!", PRETRANSLATED)):
        store.change_translation(segs[source], "fr", target=f"FR {source}", state=state,
                                 origin="human", user="t", action="translate",
                                 now=utcnow())  # fmt: skip
    data = export_release(store, slug, "fr").content
    msgfmt_check(data, tmp_path)
    po = polib.pofile(data.decode("utf-8"))
    assert po.find("Voluntary return").msgstr == "FR Voluntary return"
    assert not po.find("Voluntary return").fuzzy
    assert po.find("Welcome, %(name)s!").fuzzy
    assert not po.find("Old message", include_obsolete_entries=True).fuzzy
