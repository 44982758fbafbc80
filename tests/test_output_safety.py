"""What deckgen writes: never an input, deck and workbook together, no live cells, clean exits.

Each test here failed before its fix (issue 7: defects 1, 2, 6, 11, 13, 14, 15).
"""

from __future__ import annotations

import errno
import io
import os
import re
import resource
import signal
import subprocess
import sys
import time
import warnings
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest
import yaml

from deckgen.build import build
from deckgen.errors import InputError
from deckgen.render import package
from test_bad_input import BOOK, CSV, DECK, SPEC, TEMPLATE, Project, project  # noqa: F401 (fixture)
from test_bad_input import good_project  # noqa: F401 (fixture)
from test_chart_kinds import write_project

INPUTS = (SPEC, BOOK, CSV, TEMPLATE)


def deckgen(cwd: Path, *args: str, env: dict | None = None, timeout: float = 60,
            memory: int | None = None) -> subprocess.CompletedProcess:
    """``python -m deckgen ARGS`` in *cwd*, optionally with an address-space cap of *memory* bytes."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run([sys.executable, "-m", "deckgen", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
                          preexec_fn=cap if memory else None)


def one_error_line(done: subprocess.CompletedProcess, *hints: str) -> str:
    """Exit 2 with exactly one ``error:`` line on stderr holding every hint; return the line."""
    shown = f"exit code {done.returncode}\nstderr:\n{done.stderr}"
    assert done.returncode == 2, shown
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, shown
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), shown
    for hint in hints:
        assert hint in lines[0], f"expected {hint!r}\n{shown}"
    return lines[0]


def snapshot(project: Project) -> dict[str, bytes]:
    return {rel: (project.path / rel).read_bytes() for rel in INPUTS}


# -- defect 1: never overwrite an input ----------------------------------------------------------


@pytest.mark.parametrize("target", INPUTS)
def test_deck_output_that_is_an_input_is_refused(project, target):
    before = snapshot(project)
    project.edit(SPEC, f"output: {DECK}", f"output: {target}")
    before[SPEC] = (project.path / SPEC).read_bytes()
    project.assert_rejected(SPEC, project.line_of(SPEC, f"output: {target}"), "deck.output",
                            hints=("would destroy",))
    assert snapshot(project) == before


@pytest.mark.parametrize("target", INPUTS)
def test_dash_o_that_is_an_input_is_refused(project, target):
    before = snapshot(project)
    one_error_line(deckgen(project.path, "build", "-o", target), "-o", target)
    assert snapshot(project) == before
    project.assert_deck_untouched()


def test_dash_o_through_a_symlink_to_the_data_is_refused(project):
    before = snapshot(project)
    (project.path / "link.pptx").symlink_to(project.path / CSV)
    one_error_line(deckgen(project.path, "build", "-o", "link.pptx"), "respondent data")
    assert snapshot(project) == before


def test_tables_workbook_that_is_the_data_is_refused(tmp_path, root):
    spec, _ = write_project(tmp_path, root, "xlsx")
    data = tmp_path / "data.xlsx"
    before = data.read_bytes()
    line = one_error_line(deckgen(tmp_path, "build", "-o", "data.pptx", "--tables"), "tables workbook",
                          "respondent data")
    assert "data.xlsx" in line
    assert data.read_bytes() == before and not (tmp_path / "data.pptx").exists()


def test_deck_named_xlsx_is_not_replaced_by_its_workbook(project):
    one_error_line(deckgen(project.path, "build", "-o", "out/deck.xlsx", "--tables"), "-o", ".pptx")
    assert not (project.path / "out" / "deck.xlsx").exists()
    project.assert_deck_untouched()


def test_the_output_check_comes_before_the_data_is_read(project, monkeypatch):
    from deckgen import data

    def unread(*args, **kwargs):
        raise AssertionError("the data was read")

    monkeypatch.setattr(data, "open_survey", unread)
    with pytest.raises(InputError, match="respondent data"):
        build(project.path / SPEC, project.path / CSV)


def test_preview_folder_that_is_a_file_is_refused(project):
    before = snapshot(project)
    one_error_line(deckgen(project.path, "preview", "--out", SPEC), "--out")
    assert snapshot(project) == before


# -- defect 6: the deck and its workbook in one step ---------------------------------------------


def awkward_ids(tmp_path, root) -> Path:
    """The synthetic project with slide ids Excel would refuse as sheet names."""
    spec_path, _ = write_project(tmp_path, root)
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    ids = ["it's'", "\U0001F600" * 40, "History", "a[b]:c*d?e/f\\g", "'quoted'", "Tab\there", "x" * 60]
    for slide, new in zip(spec["slides"][1:], ids):
        slide["id"] = new
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return spec_path


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_any_slide_id_gives_valid_unique_sheet_names(tmp_path, root):
    from openpyxl import load_workbook

    spec = awkward_ids(tmp_path, root)
    result = build(spec, excel=True)
    names = load_workbook(result.output.with_suffix(".xlsx"), read_only=True).sheetnames
    assert len(names) == 7
    for name in names:
        assert 1 <= utf16_units(name) <= 31, name
        assert not re.search(r"[\[\]:*?/\\\x00-\x1f]", name), name
        assert not name.startswith("'") and not name.endswith("'"), name
        assert name.casefold() != "history"
    assert len({n.casefold() for n in names}) == len(names)


def test_a_failed_workbook_or_deck_replaces_neither(project, monkeypatch):
    out = project.path / "decks" / "deck.pptx"
    build(project.path / SPEC, out, excel=True)
    old = {p: p.read_bytes() for p in (out, out.with_suffix(".xlsx"))}
    calls = []

    def fsync_then_full(fd):
        calls.append(fd)
        if len(calls) == 2:  # the second of the two files: the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(package.os, "fsync", fsync_then_full)
    with pytest.raises(InputError, match="disk is full"):
        build(project.path / SPEC, out, excel=True)
    assert len(calls) == 2
    assert {p: p.read_bytes() for p in old} == old
    assert sorted(p.name for p in out.parent.iterdir()) == ["deck.pptx", "deck.xlsx"]


# -- defect 2: no formulas, no links ----------------------------------------------------------------

HOSTILE = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tTab first", "\rCR first",
           "http://evil.example/x", '=HYPERLINK("http://evil.example","click")']


def cleaned(text: str) -> str:
    """What a label becomes in a file: XML has no carriage return (it reads as a newline)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def workbook_cells(blob: bytes) -> tuple[list[str], bool, bool]:
    """(every text cell, any formula, any hyperlink) of an .xlsx."""
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    texts, formula, link = [], False, False
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        names = z.namelist()
        if "xl/sharedStrings.xml" in names:
            root = ElementTree.fromstring(z.read("xl/sharedStrings.xml"))
            texts += ["".join(t.text or "" for t in si.iter(f"{ns}t")) for si in root.iter(f"{ns}si")]
        for name in names:
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                root = ElementTree.fromstring(z.read(name))
                formula |= any(True for _ in root.iter(f"{ns}f"))
                link |= any(True for _ in root.iter(f"{ns}hyperlink"))
                texts += ["".join(t.text or "" for t in c.iter(f"{ns}t")) for c in root.iter(f"{ns}is")]
            if name.endswith(".rels"):
                link |= b"relationships/hyperlink" in z.read(name)
    return texts, formula, link


def embedded_workbooks(deck: Path) -> list[bytes]:
    with zipfile.ZipFile(deck) as z:
        return [z.read(n) for n in z.namelist() if n.startswith("ppt/embeddings/") and n.endswith(".xlsx")]


def hostile_project(tmp_path, root) -> Path:
    spec_path, _ = write_project(tmp_path, root)
    book = yaml.safe_load((tmp_path / "questions.yaml").read_text(encoding="utf-8"))
    book["questions"]["brand"]["labels"] = {i + 1: label for i, label in enumerate(HOSTILE[:4])}
    book["questions"]["brand"]["text"] = HOSTILE[6]
    book["questions"]["region"]["labels"] = {1: HOSTILE[4], 2: HOSTILE[5], 3: HOSTILE[7]}
    (tmp_path / "questions.yaml").write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    spec["slides"] = [{"kind": "chart", "question": "brand", "chart": "bar", "by": "region",
                       "headline": "=1+1 " + HOSTILE[0]},
                      {"kind": "chart", "question": "region", "chart": "column", "headline": HOSTILE[6]}]
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return spec_path


def assert_plain(blobs: list[bytes], expected: list[str]) -> None:
    """No workbook has a formula or a link, and each expected text is a whole cell of one of them."""
    assert blobs
    seen: list[str] = []
    for blob in blobs:
        texts, formula, link = workbook_cells(blob)
        assert not formula and not link
        seen += texts
    for text in expected:
        assert cleaned(text) in seen, f"{text!r} is not a text cell"


def test_labels_headlines_and_texts_are_never_formulas_or_links(tmp_path, root):
    result = build(hostile_project(tmp_path, root), excel=True)
    labels = HOSTILE[:6] + HOSTILE[7:]
    assert_plain(embedded_workbooks(result.output), labels)  # each chart's "Edit Data" workbook
    tables = result.output.with_suffix(".xlsx").read_bytes()
    assert_plain([tables], labels + ["=1+1 " + HOSTILE[0], "Question: " + HOSTILE[6]])  # + headline, question


def test_sav_value_and_variable_labels_are_never_formulas(tmp_path, root):
    pyreadstat = pytest.importorskip("pyreadstat")
    import pandas as pd

    df = pd.DataFrame({"q1": [1.0, 2.0, 3.0, 1.0, 2.0] * 20})
    pyreadstat.write_sav(df, str(tmp_path / "data.sav"), column_labels={"q1": HOSTILE[0]},
                         variable_value_labels={"q1": {1.0: HOSTILE[1], 2.0: HOSTILE[6], 3.0: HOSTILE[7]}})
    spec = {"deck": {"title": "Sav", "locale": "en", "template": str(root / "templates" / "brand.pptx"),
                     "output": "out/deck.pptx"},
            "data": {"responses": "data.sav"},
            "slides": [{"kind": "chart", "question": "q1", "chart": "bar"}]}
    (tmp_path / "slides.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    result = build(tmp_path / "slides.yaml", excel=True)
    assert_plain(embedded_workbooks(result.output), [HOSTILE[1], HOSTILE[6], HOSTILE[7]])
    # the variable label is the question ("Question: =cmd…"); the headline is written from the numbers
    assert_plain([result.output.with_suffix(".xlsx").read_bytes()], ["Question: " + HOSTILE[0], HOSTILE[1],
                                                                     HOSTILE[7]])


# -- defects 15, 14: temporary files, signals, honest messages ------------------------------------


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temporary_files_of_killed_builds_are_removed(project):
    out = project.path / "decks" / "deck.pptx"
    out.parent.mkdir(parents=True, exist_ok=True)
    stale = out.parent / f".deck.pptx.deckgen-{dead_pid()}-abc123.tmp"
    running = out.parent / f".deck.pptx.deckgen-{os.getppid()}-def456.tmp"  # a process that is alive
    foreign = out.parent / ".deck.pptx.someone-else.tmp"
    for path in (stale, running, foreign):
        path.write_bytes(b"half a deck")
    build(project.path / SPEC, out)
    assert not stale.exists()
    assert running.exists() and foreign.exists()


#: Runs the CLI with a hook that signals readiness (a marker file) and then waits to be killed.
HOOKED = """
import sys, time
from pathlib import Path
from deckgen.cli import main as cli
from deckgen.render import package

marker, where = Path(sys.argv[1]), sys.argv[2]

def wait(*args, **kwargs):
    marker.write_text("ready")
    time.sleep(60)

if where == "write":
    package.os.fsync = wait
else:
    cli._report = wait
sys.exit(cli.main(sys.argv[3:]))
"""


def interrupted(project: Project, where: str, signum: int) -> subprocess.CompletedProcess:
    """Run ``deckgen build`` stopping at *where* ('write' or 'report'), then send it *signum*."""
    marker = project.path / "ready"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    child = subprocess.Popen([sys.executable, "-c", HOOKED, str(marker), where, "build", SPEC],
                             cwd=project.path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.02)
    assert marker.exists(), child.communicate(timeout=10)
    marker.unlink()
    child.send_signal(signum)
    out, err = child.communicate(timeout=20)
    return subprocess.CompletedProcess(child.args, child.returncode, out, err)


def test_sigterm_during_the_write_leaves_the_old_deck_and_no_temporary_file(project):
    done = interrupted(project, "write", signal.SIGTERM)
    assert done.returncode == 143, done.stderr
    assert done.stderr.splitlines() == ["terminated; no deck written"], done.stderr
    project.assert_deck_untouched()


def test_ctrl_c_after_the_write_says_the_deck_was_written(project):
    done = interrupted(project, "report", signal.SIGINT)
    assert done.returncode == 130, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("interrupted after writing") and DECK in lines[0], done.stderr
    assert "no deck written" not in done.stderr


# -- defects 15, 13: odd output paths and refusing file systems are exit 2 -----------------------


def test_dash_o_dash_is_refused(project):
    one_error_line(deckgen(project.path, "build", "-o", "-"), "-o", "standard output")
    assert not (project.path / "-").exists()


@pytest.mark.parametrize("output, hint", [("out", "folder"), (f"{SPEC}/deck.pptx", "not a folder")])
def test_output_that_is_a_folder_or_under_a_file(project, output, hint):
    (project.path / "out").mkdir(exist_ok=True)
    one_error_line(deckgen(project.path, "build", "-o", output), hint)


@pytest.mark.parametrize("where, code, hint", [("replace", errno.EROFS, "read-only"),
                                                ("replace", errno.EACCES, "permission"),
                                                ("fsync", errno.ENOSPC, "disk is full")])
def test_refused_writes_are_input_errors_naming_the_path(project, monkeypatch, where, code, hint):
    out = project.path / "elsewhere" / "deck.pptx"

    def refuse(*args):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(package.os, where, refuse)
    with pytest.raises(InputError, match=hint) as caught:
        build(project.path / SPEC, out)
    assert caught.value.location.file == str(out)
    assert [p.name for p in out.parent.iterdir()] == []


def test_init_into_a_file_is_exit_2(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    one_error_line(deckgen(tmp_path, "init", "notes.txt"), "notes.txt", "not a folder")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


# -- defect 11: page ranges are bounded -----------------------------------------------------------


def test_a_billion_pages_are_refused_quickly_in_little_memory(project):
    started = time.monotonic()
    done = deckgen(project.path, "preview", "--pages", "1-999999999", memory=1 << 30, timeout=20)
    one_error_line(done, "--pages", "pages=")
    assert time.monotonic() - started < 15


def test_page_numbers_longer_than_python_parses_are_refused(project):
    one_error_line(deckgen(project.path, "preview", "--pages", "1-" + "9" * 5000), "pages=")


# -- --limit ---------------------------------------------------------------------------------------


def test_limit_on_the_command_line_and_in_the_environment(project):
    one_error_line(deckgen(project.path, "preview", "--pages", "11", "--limit", "pages=10"), "pages=10")
    one_error_line(deckgen(project.path, "preview", "--pages", "11", env={"DECKGEN_LIMITS": "pages=10"}),
                   "pages=10")


@pytest.mark.parametrize("command", ["build", "validate", "preview", "watch"])
def test_a_bad_limit_is_exit_2(project, command):
    one_error_line(deckgen(project.path, command, "--limit", "pagez=3"), "--limit", "pages")
    one_error_line(deckgen(project.path, command, "--limit", "pages=many"), "--limit", "pages")


# -- defect 14: library warnings in deckgen's words -------------------------------------------------


def test_numpy_warnings_become_one_build_warning_per_kind(tmp_path, root, monkeypatch):
    spec, _ = write_project(tmp_path, root)
    from deckgen.stats import tabulator as tabulator_module

    tabulate = tabulator_module.tabulate

    def overflowing(*args, **kwargs):
        np.add.reduce(np.array([1e308, 1e308]))  # a real numpy overflow, as extreme weights give
        return tabulate(*args, **kwargs)

    monkeypatch.setattr(tabulator_module, "tabulate", overflowing)
    with warnings.catch_warnings(record=True) as escaped:
        warnings.simplefilter("always")
        result = build(spec)
    assert [w for w in escaped if issubclass(w.category, RuntimeWarning)] == []
    said = [w for w in result.warnings if "numpy" in w]
    assert len(said) == 1, result.warnings
    assert said[0].startswith("pie (and ") and "a computation overflowed" in said[0]
    assert "numpy: overflow encountered in reduce" in said[0] and "check the weights" in said[0]
