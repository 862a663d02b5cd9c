"""``review`` in a real terminal (a pseudo-terminal): the edit prompt comes prefilled
with the current translation, and colours follow the terminal and NO_COLOR."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from l10n.ingest import ingest_file
from l10n.review import apply_pretranslation
from l10n.states import PRETRANSLATED
from l10n.workspace import load_workspace

pty = pytest.importorskip("pty")
pytest.importorskip("readline")

REPO = Path(__file__).resolve().parents[1]


def _prepare(root: Path, tmp_path: Path) -> int:
    doc = tmp_path / "memo.txt"
    doc.write_text("Qui sommes nous\n\nNotre travail\n", encoding="utf-8")
    ws = load_workspace(root)
    store = ws.open_store()
    try:
        ingest_file(store, doc, source_lang="fr", target_langs=ws.target_langs, user="robot")
        first = store.active_segments(store.require_release("memo")["id"])[0]["id"]
        apply_pretranslation(
            store,
            first,
            "en",
            target="Who are we",
            origin="mt:pseudo",
            state=PRETRANSLATED,
            user="robot",
        )
        return first
    finally:
        store.close()


class Terminal:
    def __init__(self, root: Path, env_extra: dict):
        self.master, slave = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "L10N_WORKSPACE")}
        env.update(
            PYTHONPATH=str(REPO),
            L10N_USER="tty",
            TERM="xterm-256color",
            LC_ALL="C.UTF-8",
            EDITOR="",
            VISUAL="",
            **env_extra,
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "l10n", "review", "--lang", "en", "--release", "memo"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=root,
            env=env,
            close_fds=True,
        )
        os.close(slave)
        self.buffer = b""

    def read_until(self, marker: bytes, timeout: float = 15.0) -> bytes:
        deadline = time.monotonic() + timeout
        while marker not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {marker!r} in {self.buffer[-500:]!r}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"output ended before {marker!r}: {self.buffer!r}")
                self.buffer += chunk
        head, _, tail = self.buffer.partition(marker)
        self.buffer = tail
        return head + marker

    def send(self, text: str) -> None:
        os.write(self.master, text.encode())

    def close(self) -> int:
        try:
            code = self.proc.wait(timeout=15)
        finally:
            os.close(self.master)
        return code


def test_edit_prompt_is_prefilled_and_colours_follow_the_terminal(workspace, tmp_path):
    first = _prepare(workspace, tmp_path)
    term = Terminal(workspace, {})
    screen = term.read_until(b"[?] > ")
    assert b"\x1b[" in screen  # a terminal without NO_COLOR gets colours
    term.send("e\r")
    term.read_until(b"Who are we")  # the prompt shows the current text, ready to edit
    term.send(" today\r")
    term.read_until(b"[?] > ")
    term.send("q\r")
    assert term.close() == 0
    ws = load_workspace(workspace)
    store = ws.open_store()
    try:
        row = store.get_translation(first, "en")
    finally:
        store.close()
    assert (row["target"], row["origin"], row["author"]) == ("Who are we today", "human", "tty")


def test_no_color_turns_colours_off_in_a_terminal(workspace, tmp_path):
    _prepare(workspace, tmp_path)
    term = Terminal(workspace, {"NO_COLOR": "1"})
    screen = term.read_until(b"[?] > ")
    term.send("q\r")
    assert term.close() == 0
    text = screen.decode("utf-8", "replace")
    assert "Who are we" in text
    # no colour codes (readline may still emit cursor/bracketed-paste controls)
    assert "\x1b[3" not in text and "\x1b[9" not in text and "\x1b[1m" not in text
