"""NETs count respondents who gave any of their answers: never a sum of percentages."""

from __future__ import annotations

import pytest
import yaml

from deckgen.build import build
from deckread import read_deck
from test_chart_kinds import CODEBOOK, write_project


@pytest.fixture(scope="module")
def deck(tmp_path_factory, root):
    tmp = tmp_path_factory.mktemp("nets")
    spec, df = write_project(tmp, root)
    book = yaml.safe_load((tmp / "questions.yaml").read_text(encoding="utf-8"))
    book["questions"]["seen"]["nets"] = {"Any ad": ["TV", "Web", "Print"], "Online or TV": ["Web", "TV"]}
    book["questions"]["brand"]["top2"] = "Gamma or Beta"  # the last two scale points before "Don't know"
    (tmp / "questions.yaml").write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
    return read_deck(build(spec).output), df


def test_multi_response_nets_count_respondents(deck):
    slides, df = deck
    chart = slides[3].charts[0]  # 'seen', column chart, weighted
    assert chart.categories[:2] == ["Any ad", "Online or TV"]  # NETs first, in the codebook's order
    asked = df[["seen_tv", "seen_web", "seen_print"]].notna().any(axis=1)
    part, w = df[asked], df.w[asked]
    any_ad = (w * (part[["seen_tv", "seen_web", "seen_print"]] == 1).any(axis=1)).sum() / w.sum()
    online_or_tv = (w * (part[["seen_web", "seen_tv"]] == 1).any(axis=1)).sum() / w.sum()
    assert chart.series[0].values[:2] == pytest.approx([any_ad, online_or_tv], abs=1e-12)
    summed = sum(chart.series[0].values[2:])
    assert any_ad < summed  # a NET is not the sum of its members


def test_top2_of_a_single_choice_scale(deck):
    slides, df = deck
    bar = slides[1]  # the pie of 'brand' leaves the NET out: it would count respondents twice
    assert "Gamma or Beta" not in bar.charts[0].categories
    table = slides[4].tables[0]  # brand by region, native table
    assert table[1][0] == "Gamma or Beta"
    labels = CODEBOOK["questions"]["brand"]["labels"]
    assert [labels[c] for c in (2, 3)] == ["Beta", "Gamma"]
    north = df[df.region == 1]
    expected = north.w[north.brand.isin([2, 3])].sum() / north.w.sum()
    assert table[1][1].split(" ")[0] == f"{round(expected * 100)}%"


def test_a_net_of_unknown_labels_is_an_input_error(tmp_path, root):
    from deckgen.errors import InputError

    spec, _ = write_project(tmp_path, root)
    book = yaml.safe_load((tmp_path / "questions.yaml").read_text(encoding="utf-8"))
    book["questions"]["seen"]["nets"] = {"Any ad": ["TV", "Webb"]}
    (tmp_path / "questions.yaml").write_text(yaml.safe_dump(book), encoding="utf-8")
    with pytest.raises(InputError, match=r"questions.seen: NET 'Any ad' names 'Webb'.*did you mean 'Web'"):
        build(spec)


def test_grid_top2_box_per_item(tmp_path, root):
    spec, df = write_project(tmp_path, root)
    book = yaml.safe_load((tmp_path / "questions.yaml").read_text(encoding="utf-8"))
    book["questions"]["sat"]["bottom2"] = "Bottom 2"  # the first two points: Satisfied, Neutral
    (tmp_path / "questions.yaml").write_text(yaml.safe_dump(book), encoding="utf-8")
    spec_doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    spec_doc["slides"] = [{"kind": "chart", "question": "sat", "chart": "bar"},
                          {"kind": "chart", "question": "sat", "chart": "stacked"},
                          {"kind": "chart", "question": "sat", "chart": "table"}]
    spec.write_text(yaml.safe_dump(spec_doc, sort_keys=False), encoding="utf-8")
    deck = read_deck(build(spec).output)
    bars, stack, table = deck[0].charts[0], deck[1].charts[0], deck[2].tables[0]
    assert [s.name for s in bars.series] == ["Bottom 2"]  # a bar chart of a grid with NETs shows the NETs
    assert [s.name for s in stack.series] == ["Satisfied", "Neutral", "Dissatisfied"]  # the stack stays 100%
    for i, col in enumerate(("sat_price", "sat_service")):
        answered = df[df[col].notna()]
        expected = answered.w[answered[col].isin([1, 2])].sum() / answered.w.sum()
        assert bars.series[0].values[i] == pytest.approx(expected, abs=1e-12)
        assert table[i + 1][4].split(" ")[0] == f"{round(expected * 100)}%"
    assert table[0][4] == "Bottom 2"
