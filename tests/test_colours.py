"""Colours mean one thing per deck: scales diverge or grade as their polarity says, each segment keeps its
colour on every slide, Total is one dark neutral, NETs are hatched, and text on a fill is legible.

Colours are read back from the chart XML and resolved here, with this file's own reading of the theme
(``a:clrScheme``, the master's ``p:clrMap``), its own HSL brightness and its own WCAG formula, never
deckgen's.
"""

from __future__ import annotations

import colorsys
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from lxml import etree
from pptx import Presentation

from deckgen.build import build
from layoutcheck import contrast, luminance

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"

SEG = {1: "North", 2: "South", 3: "East", 4: "West", 5: "Isles"}
AGREE7 = {1: "Strongly disagree", 2: "Disagree", 3: "Somewhat disagree", 4: "Neither agree nor disagree",
          5: "Somewhat agree", 6: "Agree", 7: "Strongly agree", 9: "Don't know"}
NPS = {i: str(i) for i in range(11)}
SAT = {1: "Very satisfied", 2: "Satisfied", 3: "Neutral", 4: "Dissatisfied", 5: "Very dissatisfied",
       9: "Don't know"}


# -- the test's own colour arithmetic -------------------------------------------------------------------

def _unit(rgb) -> tuple:
    return tuple(c / 255 for c in rgb)


def srgb_luminance(rgb) -> float:
    """WCAG relative luminance of a 0-255 colour (the checker's formula, tests/layoutcheck.py)."""
    return luminance(_unit(rgb))


def ratio(a, b) -> float:
    return contrast(_unit(a), _unit(b))


def theme_of(pptx_path):
    """(scheme name -> RGB, clrMap) of the deck's first master, read straight from its XML parts."""
    prs = Presentation(str(pptx_path))
    master = prs.slide_masters[0]
    clr_map = dict(master._element.find(f"{P}clrMap").attrib)
    theme = next(rel.target_part for rel in master.part.rels.values() if rel.reltype.endswith("/theme"))
    scheme = {}
    for el in etree.fromstring(theme.blob).find(f"{A}themeElements/{A}clrScheme"):
        value = el.find(f"{A}srgbClr")
        hexv = value.get("val") if value is not None else el.find(f"{A}sysClr").get("lastClr")
        scheme[etree.QName(el).localname] = tuple(int(hexv[i:i + 2], 16) for i in (0, 2, 4))
    return scheme, clr_map


def resolve(colour_el, theme):
    """The RGB a colour element (a:srgbClr or a:schemeClr with lumMod/lumOff) draws."""
    scheme, clr_map = theme
    if colour_el.tag == f"{A}srgbClr":
        return tuple(int(colour_el.get("val")[i:i + 2], 16) for i in (0, 2, 4))
    name = colour_el.get("val")
    rgb = scheme[clr_map.get(name, name)]
    mod = colour_el.find(f"{A}lumMod")
    off = colour_el.find(f"{A}lumOff")
    if mod is None and off is None:
        return rgb
    h, lum, s = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    lum = lum * (int(mod.get("val")) / 100000 if mod is not None else 1) + \
        (int(off.get("val")) / 100000 if off is not None else 0)
    return tuple(round(c * 255) for c in colorsys.hls_to_rgb(h, min(max(lum, 0), 1), s))


def fill_colour(sp_pr):
    """The colour element of a shape's fill (solid, or a pattern's foreground)."""
    if sp_pr is None:
        return None
    solid = sp_pr.find(f"{A}solidFill")
    if solid is not None:
        return solid[0]
    patt = sp_pr.find(f"{A}pattFill")
    return patt.find(f"{A}fgClr")[0] if patt is not None else None


def charts(pptx_path):
    """Per slide (1-based), the chart roots on it."""
    prs = Presentation(str(pptx_path))
    out = {}
    for n, slide in enumerate(prs.slides, 1):
        out[n] = [etree.fromstring(shape.chart.part.blob) for shape in slide.shapes if shape.has_chart]
    return out


def series_of(root):
    plot = root.find(f"{C}chart/{C}plotArea")
    return [ser for chart in plot if chart.tag.endswith("Chart") for ser in chart.findall(f"{C}ser")]


def name_of(ser) -> str:
    return ser.find(f"{C}tx").find(f".//{C}v").text


def segment(name: str) -> str:
    """A segment's name without the slide's marks ("Isles* (n=20)" -> "Isles")."""
    return re.split(r"\*| \(", name)[0]


def colour_key(colour_el) -> str:
    return etree.tostring(colour_el, method="c14n").decode()


# -- the deck -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def deck(tmp_path_factory, root):
    tmp = tmp_path_factory.mktemp("colours")
    rng = np.random.default_rng(5)
    n = 900
    seg = rng.choice(list(SEG), n, p=[0.3, 0.25, 0.22, 0.2, 0.03])
    df = pd.DataFrame({"seg": seg, "nps": rng.integers(0, 11, n), "sat": rng.choice(list(SAT), n)})
    for g in ("g1", "g2", "g3"):
        df[g] = rng.choice(list(AGREE7), n)
    for c in ("c1", "c2", "c3"):
        df[c] = rng.integers(0, 2, n)
    df.to_csv(tmp / "data.csv", index=False)
    book = {"questions": {
        "seg": {"type": "single", "text": "Region", "labels": SEG},
        # no scale declared: a neutral middle makes it bipolar, "Don't know" residual
        "agree": {"type": "grid", "text": "Agreement", "items": {"g1": "Staff", "g2": "Waiting", "g3": "Hours"},
                  "labels": AGREE7},
        "nps": {"type": "single", "text": "Recommend", "labels": NPS},
        "sat": {"type": "single", "text": "Satisfaction", "labels": SAT, "scale": "ordinal"},
        "ch": {"type": "multi", "text": "Channels", "options": {"c1": "Web", "c2": "Phone", "c3": "Mail"},
               "nets": {"Digital": ["Web", "Mail"]}},
    }}
    (tmp / "questions.yaml").write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
    slides = [
        {"kind": "chart", "question": "agree", "chart": "stacked"},                           # 1
        {"kind": "chart", "question": "nps", "chart": "stacked", "by": "seg", "test": False},  # 2
        {"kind": "chart", "question": "ch", "chart": "bar", "by": "seg", "test": False},       # 3
        {"kind": "chart", "question": "ch", "chart": "bar", "by": "seg", "test": False,        # 4
         "filter": "seg != 'North'", "total": True},
        {"kind": "chart", "question": "sat", "chart": "column", "by": "seg", "total": True,    # 5
         "test": False},
        {"kind": "chart", "question": "sat", "chart": "doughnut"},                            # 6
    ]
    spec = {"deck": {"title": "Colours", "locale": "en", "template": str(root / "templates" / "brand.pptx"),
                     "output": "out/deck.pptx", "low_base": 40},
            "data": {"responses": "data.csv", "questions": "questions.yaml"}, "slides": slides}
    (tmp / "slides.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = build(tmp / "slides.yaml")
    # the same deck with low-base segments left out: Isles on every slide, North where the filter empties it
    spec["deck"] |= {"suppress_low_base": True, "output": "out/suppressed.pptx"}
    (tmp / "suppressed.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False),
                                         encoding="utf-8")
    return result.output, tmp, df, build(tmp / "suppressed.yaml").output


def test_a_bipolar_seven_point_scale_diverges_in_scale_order(deck):
    path = deck[0]
    theme = theme_of(path)
    series = series_of(charts(path)[1][0])
    assert [name_of(s) for s in series] == list(AGREE7.values())  # code order, "Don't know" last
    colours = [fill_colour(s.find(f"{C}spPr")) for s in series]
    rgbs = [resolve(c, theme) for c in colours]
    lum = [srgb_luminance(c) for c in rgbs]
    negative, middle, positive, dont_know = rgbs[:3], rgbs[3], rgbs[4:7], rgbs[7]
    assert all(r > b + 60 for r, _, b in negative)  # warm: red well above blue
    assert lum[0] < lum[1] < lum[2] and lum[6] < lum[5] < lum[4]  # darkest at both ends
    accent1 = theme[0]["accent1"]
    assert all(c.tag == f"{A}schemeClr" and c.get("val") == "accent1" for c in colours[4:7])
    assert rgbs[6] == accent1  # the positive end is the brand colour itself
    assert max(middle) - min(middle) < 40 and lum[3] > 0.6  # a light, nearly grey middle
    assert max(dont_know) - min(dont_know) < 10 and dont_know != middle  # the residual grey, not the middle
    for colour in positive:  # brand shades, none warm
        assert colour[2] > colour[0]


def test_a_zero_to_ten_scale_is_shades_of_accent_one_darkest_at_ten(deck):
    path = deck[0]
    theme = theme_of(path)
    series = series_of(charts(path)[2][0])
    assert [name_of(s) for s in series] == [str(i) for i in range(11)]
    colours = [fill_colour(s.find(f"{C}spPr")) for s in series]
    assert all(c.get("val") == "accent1" for c in colours)
    lum = [srgb_luminance(resolve(c, theme)) for c in colours]
    assert all(a > b for a, b in zip(lum, lum[1:]))  # strictly darker towards 10


def test_a_segment_keeps_its_colour_and_total_is_one_dark_neutral(deck):
    path = deck[3]
    found = charts(path)
    by_slide = []
    for n in (3, 4, 5):
        by_slide.append({segment(name_of(s)): colour_key(fill_colour(s.find(f"{C}spPr")))
                         for s in series_of(found[n][0])})
    all_shown, no_north, with_total = by_slide
    assert "North" not in no_north and "North" in all_shown  # the slides show different segment sets
    assert "Isles" not in all_shown  # left out for its low base
    for name in ("South", "East", "West"):
        assert all_shown[name] == no_north[name] == with_total[name]
    assert len({all_shown[name] for name in ("North", "South", "East", "West")}) == 4
    assert no_north["Total"] == with_total["Total"]
    total = etree.fromstring(no_north["Total"])
    assert total.tag == f"{A}srgbClr"  # never an accent
    rgb = resolve(total, theme_of(path))
    assert max(rgb) - min(rgb) < 10 and srgb_luminance(rgb) < 0.1  # a dark neutral


def test_a_low_base_segment_is_muted_and_outlined(deck):
    path, df = deck[0], deck[2]
    assert (df.seg == 5).sum() < 40  # the data has a low-base segment
    theme = theme_of(path)
    series = {segment(name_of(s)): s for s in series_of(charts(path)[3][0])}
    isles, others = series["Isles"], series["West"]
    fill = resolve(fill_colour(isles.find(f"{C}spPr")), theme)
    assert srgb_luminance(fill) > srgb_luminance(theme[0]["accent5"])  # lighter than its own accent
    line = isles.find(f"{C}spPr/{A}ln")
    assert line is not None and ratio(resolve(line.find(f"{A}solidFill")[0], theme), theme[0]["lt1"]) >= 3
    assert others.find(f"{C}spPr/{A}solidFill/{A}schemeClr").get("val") != \
        isles.find(f"{C}spPr/{A}solidFill/{A}schemeClr").get("val")


def test_a_net_is_hatched_in_its_series_colour(deck):
    path = deck[0]
    root = charts(path)[3][0]
    categories = [pt.find(f"{C}v").text for pt in series_of(root)[0].find(f"{C}cat").iter(f"{C}pt")]
    net = categories.index("Digital")
    for ser in series_of(root):
        own = colour_key(fill_colour(ser.find(f"{C}spPr")))
        points = {int(d.find(f"{C}idx").get("val")): d for d in ser.findall(f"{C}dPt")}
        patt = points[net].find(f"{C}spPr/{A}pattFill")
        assert patt is not None, name_of(ser)
        assert colour_key(patt.find(f"{A}fgClr")[0]) == own
        assert points[net].find(f"{C}spPr/{A}ln") is not None  # outlined too


def labelled_fills(root):
    """(fill colour element, label text colour element) of every point whose label sits on its fill."""
    out = []
    plot = root.find(f"{C}chart/{C}plotArea")
    for chart in plot:
        if not chart.tag.endswith("Chart"):
            continue
        kind = etree.QName(chart).localname
        for ser in chart.findall(f"{C}ser"):
            d_lbls = ser.find(f"{C}dLbls")
            if d_lbls is None:
                continue
            pos = d_lbls.find(f"{C}dLblPos")
            inside = kind == "doughnutChart" or (pos is not None and pos.get("val") == "ctr")
            if not inside:
                continue
            points = {int(d.find(f"{C}idx").get("val")): d for d in ser.findall(f"{C}dPt")}
            labels = {int(d.find(f"{C}idx").get("val")): d for d in d_lbls.findall(f"{C}dLbl")}
            n = len(list(ser.find(f"{C}val").iter(f"{C}pt")))
            for i in range(n):
                label = labels.get(i)
                if label is not None and label.find(f"{C}delete") is not None:
                    continue
                source = label if label is not None and label.find(f"{C}txPr") is not None else d_lbls
                text = source.find(f"{C}txPr//{A}defRPr/{A}solidFill")
                sp_pr = points[i].find(f"{C}spPr") if i in points else ser.find(f"{C}spPr")
                out.append((fill_colour(sp_pr), text[0] if text is not None else None))
    return out


@pytest.fixture(scope="module")
def stress(stress_decks):
    """The two stress decks (conftest), 16:9 and 4:3."""
    return [result.output for result, _ in stress_decks.values()]


def test_every_label_on_a_fill_reaches_four_and_a_half_to_one(stress, deck):
    checked = 0
    for path in [*stress, deck[0]]:
        theme = theme_of(path)
        for roots in charts(path).values():
            for root in roots:
                for fill_el, text_el in labelled_fills(root):
                    assert text_el is not None  # an explicit colour, chosen for its fill
                    fill, text = resolve(fill_el, theme), resolve(text_el, theme)
                    assert ratio(fill, text) >= 4.5, (path.name, fill, text)
                    checked += 1
    assert checked > 50  # stacked bars and doughnuts were looked at


def test_fills_stand_out_from_the_background(stress):
    for path in stress:
        theme = theme_of(path)
        background = theme[0][theme[1].get("bg1", "lt1")]
        for roots in charts(path).values():
            for root in roots:
                for ser in series_of(root):
                    for sp_pr in [ser.find(f"{C}spPr")] + [d.find(f"{C}spPr") for d in ser.findall(f"{C}dPt")]:
                        colour = fill_colour(sp_pr)
                        if colour is None:
                            continue
                        line = sp_pr.find(f"{A}ln/{A}solidFill")
                        best = max(ratio(resolve(colour, theme), background),
                                   ratio(resolve(line[0], theme), background) if line is not None else 0)
                        assert best >= 3, (path.name, name_of(ser))


def test_validate_lists_the_scales_it_read_from_labels(deck):
    folder = deck[1]
    run = subprocess.run([sys.executable, "-m", "deckgen", "validate", str(folder / "slides.yaml")],
                         capture_output=True, text=True, env={"PYTHONPATH": str(Path(__file__).parents[1] / "src"),
                                                              "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    agree = next(line for line in lines if line.strip().startswith("agree:"))
    assert "scale: bipolar" in agree and "'Strongly agree'" in agree
    nps = next(line for line in lines if line.strip().startswith("nps:"))
    assert "scale: unipolar" in nps and "'10'" in nps
    sat = next(line for line in lines if line.strip().startswith("sat:"))  # declared ordinal: its type read
    assert "scale type: bipolar" in sat and "'Very satisfied'" in sat and "positive: first" in sat
    assert not any(line.strip().startswith(("seg:", "ch:")) for line in lines)  # no scale in a list


@pytest.mark.parametrize("labels, expected", [
    (["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied"],
     ("bipolar", "last")),
    (["Mycket bra", "Ganska bra", "Varken bra eller dåligt", "Ganska dåligt", "Mycket dåligt"], ("bipolar", "first")),
    (["Strongly agree", "Agree", "Disagree", "Strongly disagree"], ("bipolar", "first")),  # opposite ends
    (["Worse", "About the same", "Better"], ("bipolar", "last")),
    ([str(i) for i in range(11)], ("unipolar", None)),
    (["1 - Poor", "2", "3", "4", "5 - Excellent"], ("unipolar", None)),
    (["Yes", "No"], None),  # two answers are no scale
    (["Alpha", "Beta", "Neutral brand", "Delta", "Gamma"], None),  # a word of a brand is no neutral middle
    (["18–29", "30–44", "45–64", "65+"], None),
    (["Not at all important", "Not very important", "Fairly important", "Very important"], None),
    (["1", "2", "3"], None),  # too few numbers to be sure
])
def test_a_scale_is_read_from_labels_only_when_it_clearly_is_one(labels, expected):
    from deckgen.spec.roles import infer_scale
    assert infer_scale(labels, frozenset()) == expected


def test_a_declared_scale_and_positive_end_win_over_the_words():
    from deckgen.spec.codebook import SingleQuestion
    labels = {1: "Very satisfied", 2: "Satisfied", 3: "Dissatisfied", 4: "Very dissatisfied", 9: "Don't know"}
    read = SingleQuestion(type="single", text="q", labels=labels).scale_roles()
    assert (read.kind, read.positive, read.points[0]) == ("bipolar", "first", "Very satisfied")
    assert read.position("Very satisfied") == 1 and read.position("Very dissatisfied") == 0
    assert read.position("Don't know") is None and set(read.inferred) == {"scale", "kind", "positive"}
    declared = SingleQuestion(type="single", text="q", labels=labels, scale="unipolar", positive="last")
    scale = declared.scale_roles()
    assert (scale.kind, scale.positive, scale.inferred) == ("unipolar", "last", ())
    assert scale.position("Very dissatisfied") == 1
    brands = SingleQuestion(type="single", text="q", labels={1: "Alpha", 2: "Beta", 3: "Gamma"})
    assert brands.scale_roles() is None and brands.default_sort() is None
