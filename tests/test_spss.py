"""SPSS .sav files: answers, user-missing codes, encodings, multiple-response sets, bad files.

Files are written at test time into ``tmp_path``: with ``pyreadstat.write_sav``
where it can (labels, user-missing codes, dates; always UTF-8), and with PSPP
where it cannot (Windows-1252 dictionaries, multiple-response sets, a file
weight). The independent side of the numbers is pandas and PSPP's own
``FREQUENCIES`` on the example files PSPP ships; PSPP tests skip without PSPP.
"""

from __future__ import annotations

import csv
import shutil
import struct
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pyreadstat = pytest.importorskip("pyreadstat")

from deckgen.data.coded import MultiCoded, SingleCoded, code_index, mentions  # noqa: E402
from deckgen.data.spss import read_sav, sav_codebook, weight_variable  # noqa: E402
from deckgen.errors import InputError, Location  # noqa: E402
from deckgen.spec.codebook import Codebook  # noqa: E402
from deckgen.stats.tabulate import frequencies, multi_response  # noqa: E402

WHERE = Location("slides.yaml", 4)
PSPP = shutil.which("pspp")
needs_pspp = pytest.mark.skipif(PSPP is None, reason="PSPP is not installed")
EXAMPLES = sorted(p for d in (Path("/usr/share/pspp/examples"), Path("/usr/local/share/pspp/examples"))
                  if d.is_dir() for p in d.glob("*.sav"))


def run_pspp(tmp_path: Path, syntax: str, name: str = "job") -> Path:
    """Run PSPP syntax (UTF-8) in *tmp_path*; the output table as CSV."""
    sps, out = tmp_path / f"{name}.sps", tmp_path / f"{name}.csv"
    sps.write_text(syntax, encoding="utf-8")
    done = subprocess.run([PSPP, "--syntax-encoding=UTF-8", "-o", str(out), str(sps)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "error" not in done.stdout.lower(), done.stdout + done.stderr
    return out


def coded_single(responses, question: dict, column: str) -> SingleCoded:
    values, present = responses.raw(column)
    index = code_index(values, question["labels"], column, WHERE, "labels", present)
    return SingleCoded(list(question["labels"].values()), list(question["labels"]), index)


def shares(table) -> dict[str, float]:
    """Row label -> percent of the first column."""
    return {row: 100 * float(p) for row, p in zip(table.rows, table.props[:, 0])}


# -- files pyreadstat writes ----------------------------------------------------------------------------

@pytest.fixture
def survey_sav(tmp_path) -> tuple[Path, pd.DataFrame]:
    """A small survey: a labelled question with user-missing codes, a string, a date, an unlabelled weight."""
    rng = np.random.default_rng(7)
    n = 400
    frame = pd.DataFrame({
        "q1": rng.choice([1, 2, 3, 9, 98, 99], n, p=[.3, .25, .2, .1, .1, .05]).astype(float),
        "region": rng.choice([3, 1, 2], n).astype(float),
        "city": rng.choice(["Malmö", "Göteborg", "", "n/a"], n),
        "wt": rng.uniform(0.5, 2.0, n),
    })
    frame.loc[::17, "q1"] = np.nan  # system-missing
    frame["when"] = [pd.Timestamp("2024-03-01") + pd.Timedelta(days=int(d)) for d in rng.integers(0, 30, n)]
    frame["when"] = frame["when"].dt.date
    frame.loc[5, "when"] = None
    path = tmp_path / "survey.sav"
    pyreadstat.write_sav(
        frame, path,
        column_labels={"q1": "Hur nöjd är du? (åäö é €)", "region": None, "wt": "Vikt"},
        # labels given out of code order on purpose
        variable_value_labels={"q1": {3.0: "Missnöjd", 1.0: "Nöjd", 2.0: "Varken eller", 9.0: "Vet ej",
                                      98.0: "Vägrar", 99.0: "Ej svar"},
                               "region": {2.0: "Mitt", 3.0: "Syd", 1.0: "Norr"},
                               "city": {"Malmö": "Malmö stad", "Göteborg": "Göteborgs stad"}},
        missing_ranges={"q1": [{"lo": 98.0, "hi": 99.0}, 9.0], "city": ["n/a"]},
    )
    return path, frame


def test_value_labels_become_single_questions_in_code_order(survey_sav):
    path, _ = survey_sav
    _, codebook = read_sav(path, None, WHERE)
    questions = codebook["questions"]
    assert set(questions) == {"q1", "region", "city"}  # wt and when have no value labels: plain columns
    assert questions["q1"] == {"type": "single", "text": "Hur nöjd är du? (åäö é €)",
                               "labels": {1: "Nöjd", 2: "Varken eller", 3: "Missnöjd"}}  # 9, 98, 99 user-missing
    assert list(questions["region"]["labels"].items()) == [(1, "Norr"), (2, "Mitt"), (3, "Syd")]
    assert all(type(code) is int for code in questions["region"]["labels"])
    assert questions["region"]["text"] == "region"  # no variable label: the name
    assert questions["city"]["labels"] == {"Göteborg": "Göteborgs stad", "Malmö": "Malmö stad"}
    Codebook.model_validate(codebook)  # the schema the user's codebook is merged over


def test_user_missing_codes_are_left_out_of_the_base(survey_sav):
    path, frame = survey_sav
    responses, codebook = read_sav(path, {"q1"}, WHERE)
    q1 = responses.column("q1")
    assert np.isnan(q1[frame["q1"].isin([9, 98, 99]) | frame["q1"].isna()]).all()
    table = frequencies("q1", coded_single(responses, codebook["questions"]["q1"], "q1"), sort="codes")

    kept = frame["q1"][~frame["q1"].isin([9, 98, 99])].dropna()
    expected = kept.value_counts(normalize=True)
    labels = codebook["questions"]["q1"]["labels"]
    assert shares(table) == pytest.approx({labels[int(code)]: 100 * p for code, p in expected.items()})
    assert table.total_base == len(kept)
    assert list(table.rows) == ["Nöjd", "Varken eller", "Missnöjd"]


def test_weighted_frequencies_match_pandas(survey_sav):
    path, frame = survey_sav
    responses, codebook = read_sav(path, {"q1", "wt"}, WHERE)
    table = frequencies("q1", coded_single(responses, codebook["questions"]["q1"], "q1"),
                        weights=responses.column("wt"))
    kept = frame[frame["q1"].isin([1, 2, 3])]
    expected = kept.groupby("q1")["wt"].sum() / kept["wt"].sum()
    labels = codebook["questions"]["q1"]["labels"]
    assert shares(table) == pytest.approx({labels[int(code)]: 100 * p for code, p in expected.items()})


def test_strings_dates_and_the_integer_path(survey_sav):
    path, frame = survey_sav
    responses, _ = read_sav(path, None, WHERE)
    city = responses.column("city")
    assert city.dtype == object
    expected = [None if c in ("", "n/a") else c for c in frame["city"]]  # blank and user-missing 'n/a'
    assert city.tolist() == expected
    when = responses.column("when")
    assert when[0] == frame["when"][0].isoformat() and when[5] is None
    region = responses.column("region")
    assert region.dtype == np.float64 and region.tolist() == frame["region"].tolist()
    values, present = responses.raw("region")
    assert values.dtype.kind == "i" and present.all() and values.tolist() == region.astype(int).tolist()
    values, present = responses.raw("q1")
    assert (present == ~np.isnan(responses.column("q1"))).all()
    assert values[present].tolist() == responses.column("q1")[present].astype(int).tolist()
    values, present = responses.raw("wt")  # fractional: no integer path
    assert present is None and values.dtype == np.float64


def test_all_variables_listed_only_wanted_ones_read(survey_sav, monkeypatch):
    path, frame = survey_sav
    calls = []
    real = pyreadstat.read_sav

    def spy(*args, **kwargs):
        calls.append(kwargs.get("usecols"))
        return real(*args, **kwargs)

    monkeypatch.setattr(pyreadstat, "read_sav", spy)
    codebook = sav_codebook(path, WHERE)  # the dictionary alone: no data read
    assert calls == [None]
    responses, again = read_sav(path, {"region", "not_in_file"}, WHERE)
    assert again == codebook
    assert responses.columns == list(frame.columns)
    assert responses.n == len(frame)
    assert [c for c in calls if c is not None] == [["region"]]
    assert responses.column("wt").tolist() == pytest.approx(frame["wt"].tolist())  # read when asked for
    assert calls[-1] == ["wt"]


def test_utf8_file_written_by_pyreadstat_round_trips(survey_sav):
    path, _ = survey_sav
    _, meta = pyreadstat.read_sav(path, metadataonly=True)
    assert meta.file_encoding.upper().replace("-", "") == "UTF8"
    responses, codebook = read_sav(path, {"city"}, WHERE)
    assert "Malmö" in responses.column("city").tolist()
    assert codebook["questions"]["q1"]["text"] == "Hur nöjd är du? (åäö é €)"


# -- files PSPP writes -------------------------------------------------------------------------------------

CP1252_SYNTAX = """\
SET LOCALE='windows-1252'.
DATA LIST LIST /seen_a seen_b b1 b2 b3 q (F8.0) name (A8).
BEGIN DATA
1 0 1 2 3 1 abc
0 1 2 9 . 2 "dé"
1 1 3 1 2 9 x
. . 1 . . 1 " "
0 0 2 3 . 1 "ö"
END DATA.
VARIABLE LABELS seen_a 'Seen A' seen_b 'Seen Bé' q 'Åsikt om ärende'.
VALUE LABELS b1 b2 b3 1 'Brand ä' 2 'Brand €' 3 'Brand ö' /q 1 'Ja' 2 'Nej' 9 'Vet ej'.
MISSING VALUES q (9) b2 (9).
MRSETS /MDGROUP NAME=$seen LABEL='Seen' VARIABLES=seen_a seen_b VALUE=1
       /MCGROUP NAME=$brands LABEL='Brands café' VARIABLES=b1 b2 b3.
SAVE OUTFILE='{out}'.
"""


@pytest.fixture
def pspp_sav(tmp_path) -> Path:
    """A Windows-1252 file with user-missing codes and both kinds of multiple-response set."""
    if PSPP is None:
        pytest.skip("PSPP is not installed")
    out = tmp_path / "cp1252.sav"
    run_pspp(tmp_path, CP1252_SYNTAX.format(out=out), "cp1252")
    return out


def _with_encoding_record(path: Path, new: bytes, dest: Path) -> Path:
    """A copy of *path* whose character-encoding record (type 7, subtype 20) names *new*."""
    raw = path.read_bytes()
    at = raw.index(b"WINDOWS-1252")
    assert struct.unpack("<4i", raw[at - 16:at]) == (7, 20, 1, 12)
    dest.write_bytes(raw[:at - 16] + struct.pack("<4i", 7, 20, 1, len(new)) + new + raw[at + 12:])
    return dest


def test_windows_1252_labels_come_out_right(pspp_sav):
    _, meta = pyreadstat.read_sav(pspp_sav, metadataonly=True)
    assert meta.file_encoding.upper() == "WINDOWS-1252"  # really a cp1252 file
    responses, codebook = read_sav(pspp_sav, None, WHERE)
    questions = codebook["questions"]
    assert questions["q"]["text"] == "Åsikt om ärende"
    assert questions["b1"]["labels"] == {1: "Brand ä", 2: "Brand €", 3: "Brand ö"}
    assert questions["brands"]["text"] == "Brands café"
    assert responses.column("name").tolist() == ["abc", "dé", "x", None, "ö"]


def test_encoding_override_for_a_wrongly_declared_file(pspp_sav, tmp_path):
    # declared Windows-1250: it reads without error but Å comes out as Ĺ
    w1250 = _with_encoding_record(pspp_sav, b"WINDOWS-1250", tmp_path / "w1250.sav")
    assert read_sav(w1250, None, WHERE)[1]["questions"]["q"]["text"] == "Ĺsikt om ärende"
    assert read_sav(w1250, None, WHERE, encoding="cp1252")[1]["questions"]["q"]["text"] == "Åsikt om ärende"
    # declared UTF-8: the cp1252 bytes are invalid; the error says what to do
    utf8 = _with_encoding_record(pspp_sav, b"UTF-8", tmp_path / "utf8.sav")
    with pytest.raises(InputError) as err:
        read_sav(utf8, None, WHERE)
    assert "encoding" in err.value.message and "cp1252" in err.value.message
    responses, codebook = read_sav(utf8, None, WHERE, encoding="cp1252")
    assert codebook["questions"]["b1"]["labels"][2] == "Brand €"
    assert responses.column("name").tolist() == ["abc", "dé", "x", None, "ö"]
    with pytest.raises(InputError, match="unknown encoding 'no-such-encoding'"):
        read_sav(utf8, None, WHERE, encoding="no-such-encoding")


def test_multiple_response_sets(pspp_sav):
    responses, codebook = read_sav(pspp_sav, None, WHERE)
    questions = codebook["questions"]
    assert questions["seen"] == {"type": "multi", "text": "Seen",
                                 "options": {"seen_a": "Seen A", "seen_b": "Seen Bé"}, "selected": 1}
    assert questions["brands"] == {"type": "mentions", "text": "Brands café", "columns": ["b1", "b2", "b3"],
                                   "labels": {1: "Brand ä", 2: "Brand €", 3: "Brand ö"}}
    assert questions["q"]["labels"] == {1: "Ja", 2: "Nej"}  # 9 is user-missing
    assert not {"seen_a", "seen_b"} & set(questions)  # no value labels: not questions of their own
    # the mentions' second column has user-missing 9: missing, like the blanks
    assert np.isnan(responses.column("b2")).tolist() == [False, True, False, True, False]
    # the dichotomy set tabulates as multiple response
    flags = [mentions(*responses.raw(c), 1) for c in ("seen_a", "seen_b")]
    coded = MultiCoded(["Seen A", "Seen Bé"], [m for m, _ in flags], np.logical_or.reduce([a for _, a in flags]))
    table = multi_response("seen", coded, sort="codes")
    assert table.total_base == 4 and shares(table) == pytest.approx({"Seen A": 50.0, "Seen Bé": 50.0})
    # everything but the new 'mentions' type validates against the codebook schema today
    Codebook.model_validate({"questions": {k: q for k, q in questions.items() if q["type"] != "mentions"}})


def test_set_named_like_a_variable_keeps_its_dollar(tmp_path):
    if PSPP is None:
        pytest.skip("PSPP is not installed")
    out = tmp_path / "clash.sav"
    run_pspp(tmp_path, f"""\
DATA LIST LIST /q q_1 q_2 (F8.0).
BEGIN DATA
1 1 0
END DATA.
VALUE LABELS q 1 'Yes'.
MRSETS /MDGROUP NAME=$q LABEL='Q set' VARIABLES=q_1 q_2 VALUE=1.
SAVE OUTFILE='{out}'.
""")
    questions = read_sav(out, None, WHERE)[1]["questions"]
    assert questions["q"]["type"] == "single" and questions["$q"]["type"] == "multi"


# -- bad files ----------------------------------------------------------------------------------------------

def test_missing_file(tmp_path):
    with pytest.raises(InputError) as err:
        read_sav(tmp_path / "nope.sav", None, WHERE)
    assert err.value.key == "data.responses" and err.value.location == WHERE
    assert "nope.sav" in err.value.message and "not found" in err.value.message


@pytest.mark.parametrize("content", [
    b"",
    b"respondent,q1\n1,2\n" * 50,
    b"$FL2@(#) SPSS DATA FILE" + b"\0" * 40,
])
def test_not_a_sav_file(tmp_path, content):
    path = tmp_path / "data.sav"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read_sav(path, None, WHERE)
    assert err.value.message.startswith("not a readable SPSS .sav file (")
    assert err.value.location.file == str(path)
    assert "\n" not in err.value.one_line()


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_truncated_file(survey_sav, tmp_path, keep):
    path, _ = survey_sav
    raw = path.read_bytes()
    cut = tmp_path / "cut.sav"
    cut.write_bytes(raw[:int(len(raw) * keep)])
    with pytest.raises(InputError, match=r"not a readable SPSS \.sav file \("):
        responses, _ = read_sav(cut, {"q1", "wt"}, WHERE)


def test_a_folder_and_a_missing_pyreadstat(tmp_path, survey_sav, monkeypatch):
    with pytest.raises(InputError, match="folder"):
        read_sav(tmp_path, None, WHERE)
    monkeypatch.setitem(__import__("sys").modules, "pyreadstat", None)
    with pytest.raises(InputError, match=r"pip install 'deckgen\[spss\]'"):
        read_sav(survey_sav[0], None, WHERE)


# -- against PSPP itself ------------------------------------------------------------------------------------

def pspp_valid_percents(tmp_path: Path, sav: Path, variable: str) -> dict[str, float]:
    """Label -> "Valid Percent" of PSPP's FREQUENCIES table for *variable*."""
    out = run_pspp(tmp_path, f"GET FILE='{sav}'.\nFREQUENCIES /VARIABLES={variable}.\n", f"freq_{variable}")
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    start = next(i for i, row in enumerate(rows) if "Valid Percent" in row)
    col = rows[start].index("Valid Percent")
    result = {}
    for row in rows[start + 1:]:
        if not row or row[0] not in ("Valid", ""):
            break  # 'Missing' or 'Total' rows, or the next table
        result[row[1]] = float(row[col].rstrip("%"))
    return result


def _labelled(path: Path) -> list[str]:
    return [v for v, labels in pyreadstat.read_sav(path, metadataonly=True)[1].variable_value_labels.items() if labels]


@needs_pspp
@pytest.mark.skipif(not EXAMPLES, reason="no PSPP example .sav files")
@pytest.mark.parametrize("sav,variable", [(p, v) for p in EXAMPLES for v in _labelled(p)],
                         ids=lambda x: x.stem if isinstance(x, Path) else x)
def test_frequencies_match_pspp_on_its_example_files(tmp_path, sav, variable):
    responses, codebook = read_sav(sav, {variable}, WHERE)
    question = codebook["questions"][variable]
    ours = shares(frequencies(variable, coded_single(responses, question, variable)))
    theirs = pspp_valid_percents(tmp_path, sav, variable)
    assert theirs, "PSPP printed no frequencies"
    for label, percent in ours.items():
        assert percent == pytest.approx(theirs.get(label, 0.0), abs=0.05 + 1e-9), label
    assert set(theirs) <= set(ours)


@needs_pspp
def test_weighted_file_matches_pspp(tmp_path):
    """A file saved WEIGHT BY a variable: the weight is found and weighted percents match PSPP's."""
    out = tmp_path / "weighted.sav"
    rng = np.random.default_rng(3)
    lines = "\n".join(f'"{s}" {q} {w:.2f}' for s, q, w in
                      zip(rng.choice(["aa", "bbbbbbbbbbbbbbbbb"], 60), rng.choice([1, 2, 3, 8, 9], 60),
                          rng.uniform(0.2, 3, 60)))
    run_pspp(tmp_path, f"""\
DATA LIST LIST /long_text_variable (A20) q (F8.0) the_weight_variable (F8.2).
BEGIN DATA
{lines}
END DATA.
VARIABLE LABELS q 'Rekommendera?'.
VALUE LABELS q 1 'Ja' 2 'Kanske' 3 'Nej' 8 'Vet ej' 9 'Vill ej svara'.
MISSING VALUES q (8 THRU 9).
WEIGHT BY the_weight_variable.
SAVE OUTFILE='{out}'.
""", "weighted")
    responses, codebook = read_sav(out, {"q"}, WHERE)
    weight = weight_variable(out, responses.columns)
    assert weight == "the_weight_variable"
    question = codebook["questions"]["q"]
    assert question["labels"] == {1: "Ja", 2: "Kanske", 3: "Nej"}
    ours = shares(frequencies("q", coded_single(responses, question, "q"), weights=responses.column(weight)))
    theirs = pspp_valid_percents(tmp_path, out, "q")
    assert set(theirs) == set(ours)
    for label, percent in ours.items():
        assert percent == pytest.approx(theirs[label], abs=0.05 + 1e-9), label


@pytest.mark.skipif(not EXAMPLES, reason="no PSPP example .sav files")
def test_example_files_are_not_weighted():
    assert all(weight_variable(p) is None for p in EXAMPLES)
