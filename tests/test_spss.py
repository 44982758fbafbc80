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
import yaml

pyreadstat = pytest.importorskip("pyreadstat")

from deckgen.cli.main import main as cli_main  # noqa: E402
from deckgen.data import open_project, open_survey  # noqa: E402
from deckgen.data.coded import MultiCoded, SingleCoded, code_index, mentions  # noqa: E402
from deckgen.data.spss import read_sav, sav_codebook, weight_variable  # noqa: E402
from deckgen.errors import InputError, Location  # noqa: E402
from deckgen.spec.codebook import Codebook  # noqa: E402
from deckgen.stats.tabulate import frequencies, multi_response  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
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


# -- the user's codebook over the file's: partial overrides -----------------------------------------------

SCALE5 = {1.0: "Strongly disagree", 2.0: "Disagree", 3.0: "Neutral", 4.0: "Agree", 5.0: "Strongly agree"}


@pytest.fixture
def labelled_sav(tmp_path) -> tuple[Path, pd.DataFrame]:
    """A battery att1..att3 (9 "Don't know" user-missing), a single q1 with interviewer instructions in its
    labels, a reversed item, and an item where 9 is an answer."""
    rng = np.random.default_rng(5)
    n = 300
    frame = pd.DataFrame({name: rng.choice([1, 2, 3, 4, 5, 9], n).astype(float)
                          for name in ("att1", "att2", "att3", "rev", "att9")})
    frame["q1"] = rng.choice([1, 2, 3, 8, 97, 99], n).astype(float)
    path = tmp_path / "labelled.sav"
    dk = {9.0: "Don't know"}
    pyreadstat.write_sav(
        frame, path,
        column_labels={"att1": "Good value", "att2": "Innovative", "att3": "Trustworthy", "rev": "Old-fashioned",
                       "att9": "Friendly", "q1": "Would you recommend us?"},
        variable_value_labels={"att1": SCALE5 | dk, "att2": SCALE5 | dk, "att3": {**SCALE5, 6.0: "Extremely"} | dk,
                               "rev": {code: SCALE5[6.0 - code] for code in SCALE5} | dk, "att9": SCALE5 | dk,
                               "q1": {1.0: "Yes", 2.0: "No", 3.0: "Maybe", 8.0: "(DO NOT READ) Don't know",
                                      97.0: "[READ OUT] Other", 99.0: "Refused"}},
        missing_ranges={"att1": [9.0], "att2": [9.0], "att3": [9.0], "rev": [9.0], "q1": [99.0]},
    )
    return path, frame


def sav_project(tmp_path: Path, sav: Path, questions: str, slides: list | None = None) -> Path:
    """A project over *sav* with the codebook *questions* (YAML text); returns its spec."""
    (tmp_path / "questions.yaml").write_text(questions, encoding="utf-8")
    spec = {"deck": {"title": "Overrides", "locale": "en", "template": str(ROOT / "templates" / "brand.pptx")},
            "data": {"responses": str(sav), "questions": "questions.yaml"},
            "slides": slides or [{"kind": "bullets", "title": "Summary", "bullets": ["One"]}]}
    path = tmp_path / "slides.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


def merged(tmp_path: Path, sav: Path, questions: str) -> dict:
    """The project's codebook, question by question, as plain dicts (defaults left out)."""
    project = open_project(sav_project(tmp_path, sav, questions))
    return {key: q.model_dump(by_alias=True, exclude_defaults=True) for key, q in project.codebook.questions.items()}


def test_instructions_are_stripped_from_the_files_labels(labelled_sav):
    path, _ = labelled_sav
    questions = sav_codebook(path, WHERE)["questions"]
    assert questions["q1"]["labels"] == {1: "Yes", 2: "No", 3: "Maybe", 8: "Don't know", 97: "Other"}  # 99 missing
    roles = Codebook.model_validate({"questions": {"q1": questions["q1"]}}).questions["q1"].answer_roles()
    assert roles.dont_know == ("Don't know",) and roles.residual == {"Don't know", "Other"}


def test_stripping_that_would_merge_two_labels_keeps_them_whole(tmp_path):
    path = tmp_path / "same.sav"
    pyreadstat.write_sav(pd.DataFrame({"q": [1.0, 2.0]}), path,
                         variable_value_labels={"q": {1.0: "(READ OUT) Other", 2.0: "(DO NOT READ) Other"}})
    assert sav_codebook(path, WHERE)["questions"]["q"]["labels"] == {1: "(READ OUT) Other", 2: "(DO NOT READ) Other"}


def test_an_override_gives_only_what_it_changes(tmp_path, labelled_sav):
    path, _ = labelled_sav
    questions = merged(tmp_path, path, """\
questions:
  q1:
    short: Recommend
    labels: {3: Perhaps, 5: Never asked}
    dont_know: [8]
    residual: ['Other']
  att1:
    type: numeric
  att2:
    labels: {'1': Totally disagree}
    missing: [3]
    scale: ordinal
    top2: Agree (top 2)
  att3:
    labels: {6: Extremely, 5: Strongly agree, 4: Agree, 3: Neutral, 2: Disagree, 1: Strongly disagree}
""")
    assert questions["q1"] == {
        "type": "single", "text": "Would you recommend us?", "short": "Recommend",  # the text is the file's
        "labels": {1: "Yes", 2: "No", 3: "Perhaps", 8: "Don't know", 97: "Other", 5: "Never asked"},
        "dont_know": [8], "residual": ["Other"]}
    assert questions["att1"] == {"type": "numeric", "text": "Good value"}  # labels dropped: numeric has none
    assert merged(tmp_path, path, "questions:\n  q1:\n    type: numeric\n    missing: [8, 97]\n")["q1"] == {
        "type": "numeric", "text": "Would you recommend us?", "missing": [8, 97]}
    assert questions["att2"]["text"] == "Innovative"
    assert questions["att2"]["labels"] == {1: "Totally disagree", 2: "Disagree", 4: "Agree", 5: "Strongly agree"}
    assert questions["att2"]["scale"] == "ordinal" and questions["att2"]["missing"] == [3]
    assert list(questions["att3"]["labels"]) == [6, 5, 4, 3, 2, 1]  # every code given: the override's order
    assert questions["rev"]["labels"][1] == "Strongly agree"  # not overridden: the file's entry as it was


def test_a_new_key_groups_file_variables(tmp_path, labelled_sav):
    path, _ = labelled_sav
    questions = merged(tmp_path, path, """\
questions:
  brand:
    type: grid
    text: How well does each describe the brand?
    items: [att1, att2, att3]
    top2: Agree (top 2)
  named:
    type: grid
    text: Describe the brand
    items:
      att1: Value for money
      att2:
    labels: {3: Neither}
  both:
    type: multi
    text: Strongly agree
    options: [att1, att2]
    selected: 5
""")
    brand = questions["brand"]
    assert brand["items"] == {"att1": "Good value", "att2": "Innovative", "att3": "Trustworthy"}
    assert brand["labels"] == {**{int(c): label for c, label in SCALE5.items()}, 6: "Extremely"}  # 9 user-missing
    assert questions["named"]["items"] == {"att1": "Value for money", "att2": "Innovative"}
    assert questions["named"]["labels"][3] == "Neither" and len(questions["named"]["labels"]) == 5
    assert questions["both"]["options"] == {"att1": "Good value", "att2": "Innovative"}
    assert questions["att1"]["type"] == "single"  # the variables stay questions of their own


def test_an_override_counts_as_the_file_would_with_its_changes(tmp_path, labelled_sav):
    """A relabelled code and a code made missing: the table follows the override; pandas on the same rows."""
    path, frame = labelled_sav
    project = open_project(sav_project(tmp_path, path, "questions:\n  att2:\n    labels: {2: Rather not}\n"
                                                       "    missing: [3]\n"))
    table = frequencies("att2", open_survey(project).question("att2"), sort="codes")
    kept = frame["att2"][frame["att2"].isin([1, 2, 4, 5])]  # 9 user-missing in the file, 3 by the override
    expected = kept.value_counts(normalize=True)
    names = {1: "Strongly disagree", 2: "Rather not", 4: "Agree", 5: "Strongly agree"}
    assert shares(table) == pytest.approx({names[int(code)]: 100 * p for code, p in expected.items()})
    assert table.total_base == len(kept)


def rejected(tmp_path: Path, sav: Path, questions: str, marker: str, key: str, hints: tuple, capsys) -> None:
    """The codebook is refused with one line at *marker*'s line of questions.yaml, naming *key*, exit code 2."""
    spec = sav_project(tmp_path, sav, questions)
    with pytest.raises(InputError) as err:
        open_project(spec)
    line = questions[:questions.index(marker)].count("\n") + 1
    assert err.value.location.file.endswith("questions.yaml") and err.value.location.line == line
    assert err.value.key == key
    for hint in hints:
        assert hint in err.value.message
    capsys.readouterr()
    assert cli_main(["validate", str(spec)]) == 2
    out = capsys.readouterr()
    assert out.out == "" and out.err.count("\n") == 1
    assert out.err.startswith(f"error: {tmp_path / 'questions.yaml'}:{line}:") and f" {key}: " in out.err


OVERRIDE_ERRORS = [
    ("grid-item-not-in-file", "questions:\n  brand:\n    type: grid\n    text: Brand\n    items: [att1, attt2]\n",
     "attt2", "questions.brand.items.1", ("'attt2'", "labelled.sav", "did you mean 'att2'")),
    ("grid-item-mapping-not-in-file", "questions:\n  brand:\n    type: grid\n    text: Brand\n    items:\n"
     "      att1: Value\n      att4:\n", "att4:", "questions.brand.items.att4", ("'att4'", "did you mean")),
    ("grid-item-listed-twice", "questions:\n  brand:\n    type: grid\n    text: Brand\n    items: [att1, att2,\n"
     "      att1]\n", "att1]", "questions.brand.items.2", ("'att1' is listed twice",)),
    ("multi-option-not-in-file", "questions:\n  seen:\n    type: multi\n    text: Seen\n    options: [att1, nope]\n",
     "nope", "questions.seen.options.1", ("'nope'", "labelled.sav")),
    ("mentions-column-not-in-file", "questions:\n  m:\n    type: mentions\n    text: M\n    columns: [att1, at2]\n",
     "at2", "questions.m.columns.1", ("'at2'", "did you mean 'att2'")),
    ("label-of-a-user-missing-code", "questions:\n  att1:\n    labels: {9: Don't know}\n", "labels",
     "questions.att1.labels.9", ("user-missing in 'att1'", "labelled.sav")),
    ("role-of-a-user-missing-code", "questions:\n  q1:\n    dont_know: [8, 99]\n", "dont_know",
     "questions.q1.dont_know.1", ("user-missing in 'q1'", "'dont_know'")),
    ("numeric-counting-a-no-answer-code", "questions:\n  q1:\n    short: Recommend\n    type: numeric\n",
     "type: numeric", "questions.q1.type", ("8 'Don't know'", "97 'Other'", "'missing'", "missing: []")),
    ("grid-items-with-different-scales", "questions:\n  brand:\n    type: grid\n    text: Brand\n"
     "    items: [att1, rev]\n", "items", "questions.brand.items", ("code 1", "'att1' 'Strongly disagree'",
                                                                     "'rev' 'Strongly agree'", "'labels'")),
    ("grid-code-missing-in-one-item-only", "questions:\n  brand:\n    type: grid\n    text: Brand\n"
     "    items: [att1, att9]\n", "items", "questions.brand.items", ("code 9", "answer in 'att9'",
                                                                      "user-missing in 'att1'", "'missing'")),
]


@pytest.mark.parametrize("questions,marker,key,hints", [case[1:] for case in OVERRIDE_ERRORS],
                         ids=[case[0] for case in OVERRIDE_ERRORS])
def test_bad_overrides_are_refused_at_their_line(tmp_path, labelled_sav, capsys, questions, marker, key, hints):
    rejected(tmp_path, labelled_sav[0], questions, marker, key, hints, capsys)


def test_what_resolves_a_refused_scale(tmp_path, labelled_sav):
    """Labelling the disputed code, or leaving it missing everywhere, is the user's explicit word."""
    path, _ = labelled_sav
    questions = merged(tmp_path, path, "questions:\n  brand:\n    type: grid\n    text: Brand\n"
                                       "    items: [att1, att9]\n    missing: [9]\n"
                                       "  reversed:\n    type: grid\n    text: Brand\n    items: [att1, rev]\n"
                                       "    labels: {1: Low, 2: Lower middle, 4: Upper middle, 5: High}\n")
    assert 9 not in questions["brand"]["labels"]
    assert questions["reversed"]["labels"] == {1: "Low", 2: "Lower middle", 3: "Neutral", 4: "Upper middle",
                                               5: "High"}
