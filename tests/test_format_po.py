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
