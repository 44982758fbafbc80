"""Safe by construction: no YAML objects, no entity expansion, awkward labels drawn safely."""

from __future__ import annotations

import zipfile

import pytest
import yaml

from deckgen.build import build
from deckgen.errors import InputError
from deckread import read_deck
from test_chart_kinds import write_project


def test_yaml_python_tags_are_refused(project):
    text = project.read_text(encoding="utf-8").replace("invited: 310", "invited: !!python/object/apply:os.getcwd []")
    project.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"slides.yaml:\d+:\d+: YAML syntax error"):
        build(project)


def test_template_entities_are_not_expanded(project, tmp_path):
    template = project.parent / "templates" / "brand.pptx"
    patched = tmp_path / "patched.pptx"
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(patched, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "ppt/slideLayouts/slideLayout1.xml":
                head, body = data.split(b"?>", 1)
                data = head + b'?><!DOCTYPE p:sldLayout [<!ENTITY boom "EXPANDED-ENTITY">]>' + body.replace(
                    b"</p:cSld>", b"</p:cSld>", 1)
                data = data.replace(b'name="Title"', b'name="Title" xml:lang="&boom;"', 1)
            dst.writestr(info, data)
    template.write_bytes(patched.read_bytes())
    deck = build(project, tmp_path / "out.pptx").output
    with zipfile.ZipFile(deck) as z:
        assert not any(b"EXPANDED-ENTITY" in z.read(name) for name in z.namelist())


def test_long_labels_control_characters_and_sixty_categories(tmp_path, root):
    spec_path, df = write_project(tmp_path, root, weight=False)
    book = yaml.safe_load((tmp_path / "questions.yaml").read_text(encoding="utf-8"))
    labels = {i: f"Category {i} " + ("with a very long explanation " * 4 if i == 1 else "") for i in range(1, 61)}
    labels[2] = "Control\x01chars\x0b here"
    book["questions"]["many"] = {"type": "single", "text": "Sixty answers", "labels": labels}
    (tmp_path / "questions.yaml").write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
    df["many"] = (df.index % 60) + 1
    df.to_csv(tmp_path / "data.csv", index=False)
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    spec["slides"] = [{"kind": "chart", "question": "many", "chart": "bar", "sort": "codes"}]
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    result = build(spec_path)
    assert any("drawn as a table" in w for w in result.warnings)  # 60 bars cannot each carry their value
    pages = [slide.tables[0] for slide in read_deck(result.output)]  # a table of 60 rows continues
    assert all(page[0][0] == "" and page[-1][0] == "Base (n)" for page in pages)  # header and base on each
    rows = [row for page in pages for row in page[1:-1]]
    assert len(rows) == 60  # every answer once
    assert rows[0][0] == labels[1]  # a table keeps long labels whole
    assert rows[1][0] == "Controlchars here"


@pytest.mark.parametrize("fmt, message", [("xlsx", "not a readable .xlsx workbook"),
                                          ("parquet", "not a readable Parquet file")])
def test_truncated_data_files_are_input_errors(tmp_path, root, fmt, message):
    spec, _ = write_project(tmp_path, root, fmt)
    data = tmp_path / f"data.{fmt}"
    data.write_bytes(data.read_bytes()[: data.stat().st_size // 2])
    with pytest.raises(InputError, match=message):
        build(spec)


def test_control_characters_in_the_deck_title_and_carriage_returns_in_labels(tmp_path, root):
    """Found by the property tests: the file's own title must be XML-safe too."""
    spec_path, _ = write_project(tmp_path, root)
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    spec["deck"]["title"] = "Brand\x08 tracker\x01"
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    book = yaml.safe_load((tmp_path / "questions.yaml").read_text(encoding="utf-8"))
    book["questions"]["brand"]["labels"][3] = "Gam\rma"
    (tmp_path / "questions.yaml").write_text(yaml.safe_dump(book), encoding="utf-8")
    deck = read_deck(build(spec_path).output)
    assert deck[0].title == "Brand tracker"
    assert "Gam\nma" in deck[1].charts[0].categories


def test_the_deck_title_is_plain_text_not_a_template(tmp_path, root):
    """Found by the property tests: a title with '{#' must not be read as template syntax."""
    spec_path, _ = write_project(tmp_path, root)
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    spec["deck"]["title"] = "Survey {# 2024"
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    assert read_deck(build(spec_path).output)[0].title == "Survey {# 2024"


def test_five_thousand_answers_draw_in_linear_time(tmp_path, root):
    """python-pptx walks every row, series and category to find the next one: a table of 1,500 rows took
    over ten minutes and a stack of 2,000 answers 18 s. A bar, a stack by segment and a table of a
    5,000-answer question must now take seconds (the bound is generous for a shared machine)."""
    import re
    import subprocess
    import sys

    import numpy as np
    import pandas as pd

    answers = 5_000
    respondents = np.arange(2 * answers)
    pd.DataFrame({"q": respondents % answers + 1, "seg": respondents % 2 + 1}).to_csv(tmp_path / "data.csv",
                                                                                        index=False)
    book = {"questions": {"q": {"type": "single", "text": "Q",
                                "labels": {i: f"Answer {i}" for i in range(1, answers + 1)}},
                          "seg": {"type": "single", "text": "Segment", "labels": {1: "A", 2: "B"}}}}
    (tmp_path / "questions.yaml").write_text(yaml.safe_dump(book), encoding="utf-8")
    slides = [{"kind": "chart", "question": "q", "chart": "bar", "sort": "codes"},
              {"kind": "chart", "question": "q", "chart": "stacked", "by": "seg", "sort": "codes"},
              {"kind": "chart", "question": "q", "chart": "table", "sort": "codes"}]
    spec = {"deck": {"title": "Many answers", "locale": "en", "template": str(root / "templates" / "brand.pptx")},
            "data": {"responses": "data.csv", "questions": "questions.yaml"}, "slides": slides}
    (tmp_path / "slides.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "deckgen", "build", "-q", "slides.yaml"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "out" / "slides.pptx") as z:  # counted in the XML: reading it with
        stack = z.read("ppt/charts/chart1.xml").decode()  # python-pptx is slow
        names = [n for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
        slides_xml = [z.read(n).decode() for n in names]
    charts = [x for x in slides_xml if "<c:chart " in x]
    tables = [x for x in slides_xml if "<a:tbl>" in x]
    assert len(charts) == 1 and stack.count("<c:ser>") == answers  # the stack; the bars are drawn as a table
    # the bars-as-table and the table, continued over slides: each page a header and the base around its rows
    assert sum(x.count("<a:tr ") - 2 for x in tables) == 2 * answers
