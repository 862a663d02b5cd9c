"""Bad input: one clear line, a non-zero status, and the database unchanged."""

from __future__ import annotations

import codecs
import hashlib

import pytest

from l10n.store import Store


def _db_digest(workspace) -> str:
    store = Store.open(workspace / "l10n.db")
    dump = "\n".join(store.db.conn.iterdump())
    store.close()
    return hashlib.sha256(dump.encode()).hexdigest()


CASES = {
    "empty": (b"", "is empty"),
    "whitespace": (b"  \n\n\t\n", "is empty"),
    "binary": (bytes(range(256)) * 4, "is a binary file"),
    "truncated-utf8": (b"Le gouvernement a choisi" + b"\xc3", "is not valid UTF-8"),
    "cp1252": ("Le Koweït a pris des mesures".encode("cp1252"), "--encoding cp1252"),
    "utf16-no-bom": (
        "Bonjour le monde, texte long".encode("utf-16-le"),
        "UTF-16 without a byte-order mark",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_is_one_clear_line_and_db_unchanged(cli_in, workspace, tmp_path, name):
    data, expected = CASES[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    before = _db_digest(workspace)
    result = cli_in("ingest", str(path))
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and str(path) in lines[0]
    assert expected in lines[0]
    assert "Traceback" not in result.stderr
    assert _db_digest(workspace) == before


def test_encoding_option_reads_cp1252(cli_in, tmp_path):
    path = tmp_path / "legacy.txt"
    text = "Le Koweït a pris des mesures. L’OIM l’a salué."
    path.write_bytes(text.encode("cp1252"))
    assert cli_in("ingest", str(path), "--encoding", "cp1252").exit_code == 0
    assert cli_in("export", "--release", "legacy", "--lang", "fr").stdout == text


@pytest.mark.parametrize(
    "bom,codec",
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_utf_boms_are_read(cli_in, tmp_path, bom, codec):
    text = "Première phrase. Deuxième phrase.\n"
    path = tmp_path / "bom.txt"
    path.write_bytes(bom + text.encode(codec))
    assert cli_in("ingest", str(path)).exit_code == 0
    assert cli_in("export", "--release", "bom", "--lang", "fr").stdout.lstrip("\ufeff") == text


def test_missing_file_directory_and_unknown_things(cli_in, workspace, tmp_path):
    before = _db_digest(workspace)
    checks = [
        (("ingest", str(tmp_path / "nope.txt")), 1, "does not exist"),
        (("ingest", str(tmp_path)), 1, "is a directory"),
        (("ingest", str(workspace / "l10n.toml")), 1, "unsupported file type '.toml'"),
        (("ingest", str(workspace / "l10n.toml"), "--release", "../x"), 1, ""),
        (("segments", "--release", "nope"), 1, "no release 'nope'"),
        (("export", "--release", "nope", "--lang", "en"), 1, "no release 'nope'"),
        (("segments", "--release", "x", "--lang", "zz"), 1, "no release"),
        (("export", "--release", "x", "--lang", "en", "--min-state", "bogus"), 2, "unknown state"),
    ]
    for args, code, message in checks:
        result = cli_in(*args)
        assert result.exit_code == code, (args, result.stderr)
        assert result.stderr.startswith("Error: "), (args, result.stderr)
        assert message in result.stderr
        assert "Traceback" not in result.stderr
    assert _db_digest(workspace) == before


def test_bad_slug_and_language(cli_in, seed_file):
    result = cli_in("ingest", str(seed_file), "--release", "../../etc")
    assert result.exit_code == 2 and "is not a valid release slug" in result.stderr
    result = cli_in("ingest", str(seed_file), "--lang", "xx")
    assert result.exit_code == 2 and "'xx' is not a known language code" in result.stderr
    cli_in("ingest", str(seed_file))
    result = cli_in("export", "--release", "oim-koweit-avrr", "--lang", "../fr")
    assert result.exit_code == 2 and "is not a language code" in result.stderr


def test_wrong_export_format_for_release(cli_in, seed_file):
    cli_in("ingest", str(seed_file))
    result = cli_in("export", "--release", "oim-koweit-avrr", "--lang", "en", "--format", "md")
    assert result.exit_code == 2
    assert "is a txt document, it cannot be rebuilt as md" in result.stderr
