"""Insight headlines: each rule on hand-made tables, in Swedish and English, and on the worked example.

The tables are built by hand, so every expected sentence is known without running the tabulator; the
figures in them are what a reader of the chart would see (rounded half up), and the hedges follow the
phrasing table in /work/shared/phrasing.md ("drygt 40 %" for 42 %, "knappt 80 %" for 79 %).
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import yaml

from deckgen.errors import InputError
from deckgen.spec.roles import Scale
from deckgen.stats import Axis, Table
from deckgen.stats.table import Comparison, Significance
from deckgen.text.insights import PHRASE_KEYS, InsightContext, insight_of, phrases

from deckread import read_deck

NBSP = "\u00a0"
SV, EN = "sv", "en"


def share_table(labels, props, columns=("Total",), bases=(200,), role="total", total_base=None, residual=(),
                nets=(), exclusive=True, significance=None, total=None, question="q") -> Table:
    """A share table of answers × columns from proportions given row by row."""
    props = np.array(props, dtype=float).reshape(len(labels), len(columns))
    rows = Axis("answer", tuple(labels), key=question, nets=tuple(nets), residual=frozenset(residual),
                exclusive=exclusive)
    cols = Axis(role, tuple(columns), key="by" if role == "segment" else None, bases=bases, total=total)
    cell_bases = np.tile(np.array(bases, dtype=float), (len(labels), 1))
    return Table(question, rows, cols, "share", props * cell_bases, props, cell_bases,
                 total_base if total_base is not None else int(sum(b for c, b in zip(columns, bases) if c != total)),
                 significance=significance)


def said(table, locale, subject, **context):
    found = insight_of(table, InsightContext(locale=locale, subject=subject, **context))
    return None if found is None else found.text


# --- the leading answer ------------------------------------------------------------------------------------

def test_the_leading_answer_is_named_with_its_hedged_share():
    t = share_table(["Dialog", "Nyheter", "Annat"], [0.42, 0.38, 0.20], residual=["Annat"])
    assert said(t, SV, "Syfte") == f"Syfte: Dialog vanligast, drygt 40{NBSP}%"
    assert said(t, EN, "Purpose") == "Purpose: Dialog leads with just over 40%"
    assert insight_of(t, InsightContext(SV, subject="Syfte")).rule == "lead"


def test_multiple_response_names_the_leader_without_a_verb_of_its_own():
    t = share_table(["Facebook", "YouTube", "Annat"], [0.77, 0.49, 0.07], residual=["Annat"], exclusive=False)
    assert said(t, SV, "Medier") == f"Medier: Facebook vanligast, nämns av knappt 80{NBSP}%"
    assert said(t, EN, "Media") == "Media: Facebook leads, named by just under 80%"
    # 77 % of those asked is a majority, but for several answers each the lead says more: no majority rule
    assert insight_of(t, InsightContext(SV)).rule == "lead"


def test_nets_and_residual_answers_never_lead():
    t = share_table(["Någon", "Ja", "Nej", "Vet ej"], [0.9, 0.3, 0.2, 0.5], nets=["Någon"], residual=["Vet ej"])
    assert said(t, SV, "X") is None  # "Vet ej" (50 %) is larger than Ja: Ja does not lead
    t = share_table(["Någon", "Ja", "Nej", "Vet ej"], [0.9, 0.47, 0.2, 0.33], nets=["Någon"], residual=["Vet ej"])
    assert said(t, SV, None) == "Ja vanligast, knappt 50\u00a0%"  # the NET is larger, and no answer
    assert said(t, EN, None) == "Ja leads with just under 50%"


def test_a_tie_as_the_chart_shows_it_is_said_as_a_tie_and_three_are_not_claimed():
    t = share_table(["Dialog", "Nyheter", "Kris"], [0.3049, 0.30, 0.20])  # both shown as 30 %
    assert said(t, SV, "Syfte") == f"Syfte: Dialog och Nyheter lika vanliga, cirka 30{NBSP}% vardera"
    assert said(t, EN, "Purpose") == "Purpose: Dialog and Nyheter lead equally, about 30% each"
    three = share_table(["A", "B", "C"], [0.30, 0.30, 0.30])
    assert said(three, SV, "X") is None and said(three, EN, "X") is None


# --- majority ----------------------------------------------------------------------------------------------

def test_a_majority_is_said_where_more_than_half_answer_one_thing():
    t = share_table(["Ja", "Nej", "Vet ej"], [0.62, 0.35, 0.03], residual=["Vet ej"])
    assert said(t, SV, "Använder sociala medier") == \
        f"Använder sociala medier: en majoritet, drygt 60{NBSP}%, svarar Ja"
    assert said(t, EN, "Uses social media") == "Uses social media: a majority, just over 60%, answer Ja"
    assert insight_of(t, InsightContext(EN)).rule == "majority"


def test_a_majority_is_one_as_the_chart_rounds_it():
    shown_as_50 = share_table(["Ja", "Nej", "Vet ej"], [0.502, 0.40, 0.098], residual=["Vet ej"])
    assert "majoritet" not in said(shown_as_50, SV, "X")
    assert said(shown_as_50, SV, "X") == "X: Ja vanligast, hälften"
    assert said(shown_as_50, EN, "X") == "X: Ja leads with half"
    shown_as_51 = share_table(["Ja", "Nej"], [0.506, 0.494])  # 51 % on the chart; "half" would understate it
    assert said(shown_as_51, SV, "X") == f"X: en majoritet, 51{NBSP}%, svarar Ja"
    assert said(shown_as_51, EN, "X") == "X: a majority, 51%, answer Ja"
    one_decimal = share_table(["Ja", "Nej"], [0.502, 0.498])  # 50.2 % with one decimal is more than half
    assert said(one_decimal, EN, "X", decimals=1) == "X: a majority, 50.2%, answer Ja"


# --- segments ----------------------------------------------------------------------------------------------

def segments_table(significance, bases=(200, 100), props=((0.60, 0.88), (0.37, 0.12), (0.03, 0.0))):
    return share_table(["Ja", "Nej", "Vet ej"], props, columns=("Kommun", "Landsting"), bases=bases,
                       role="segment", residual=["Vet ej"], significance=significance)


def test_a_significant_difference_names_both_segments_and_both_figures():
    found = (Comparison("Ja", "Landsting", "Kommun", 4.6, 4e-6), Comparison("Nej", "Kommun", "Landsting", 4.4, 1e-5))
    t = segments_table(Significance(0.95, "columns", found=found))
    assert said(t, SV, "Använder sociala medier") == \
        f"Använder sociala medier: högre andel Ja i Landsting än i Kommun, 88{NBSP}% mot 60{NBSP}%"
    assert said(t, EN, "Uses social media") == \
        "Uses social media: Ja more common in Landsting than in Kommun, 88% vs 60%"
    insight = insight_of(t, InsightContext(SV))
    assert insight.rule == "difference"
    # strength twice the 28-point gap, certainty 2 - p, support sqrt(100 / (4 x 30)) (the smaller base, 100)
    assert insight.weight == pytest.approx(round(2 * 0.28 * (2 - 4e-6) * math.sqrt(100 / 120), 4))


def test_a_difference_the_test_did_not_find_is_never_claimed_and_tested_segments_are_alike():
    t = segments_table(Significance(0.95, "columns", found=()))
    assert said(t, SV, "Använder sociala medier") == \
        "Använder sociala medier: inga säkerställda skillnader mellan Kommun och Landsting"
    assert said(t, EN, "Uses social media") == \
        "Uses social media: no significant differences between Kommun and Landsting"
    assert insight_of(t, InsightContext(SV)).rule == "alike"


def test_untested_segments_are_neither_different_nor_alike_but_a_shared_majority_is_said():
    t = segments_table(None)
    assert said(t, SV, "Använder sociala medier") == \
        f"Använder sociala medier: en majoritet svarar Ja i både Kommun (60{NBSP}%) och Landsting (88{NBSP}%)"
    assert said(t, EN, "Uses social media") == \
        "Uses social media: a majority answer Ja in both Kommun (60%) and Landsting (88%)"


def test_segments_with_a_low_base_are_not_called_alike():
    t = segments_table(Significance(0.95, "columns", found=()), bases=(200, 20))
    assert "skillnader" not in said(t, SV, "X")  # 20 councils could not show a difference


def test_a_total_is_never_a_segment_of_a_claim():
    found = (Comparison("Ja", "Total", "Kommun", 5.0, 1e-6),)  # a comparison no test makes, planted
    t = share_table(["Ja", "Nej"], [[0.7, 0.6, 0.9], [0.3, 0.4, 0.1]], columns=("Total", "Kommun", "Landsting"),
                    bases=(300, 200, 100), role="segment", total="Total",
                    significance=Significance(0.95, "columns", found=found))
    assert said(t, SV, "X") == f"X: en majoritet, cirka 70{NBSP}%, svarar Ja"  # read from the Total
    assert said(t, EN, "X") == "X: a majority, about 70%, answer Ja"


# --- low bases ---------------------------------------------------------------------------------------------

def test_a_low_base_is_hedged():
    t = share_table(["Facebook", "YouTube"], [0.77, 0.49], bases=(20,), exclusive=False)
    assert said(t, SV, "Medier") == f"Medier: Facebook vanligast, nämns av knappt 80{NBSP}% (låg bas)"
    assert said(t, EN, "Media") == "Media: Facebook leads, named by just under 80% (low base)"
    well_based = share_table(["Facebook", "YouTube"], [0.77, 0.49], bases=(200,), exclusive=False)
    assert insight_of(t, InsightContext(SV)).weight < insight_of(well_based, InsightContext(SV)).weight / 2


def test_a_low_base_segment_is_marked_beside_its_figure_and_left_out_of_differences():
    t = segments_table(None, bases=(207, 16))
    assert said(t, SV, "X") == f"X: en majoritet svarar Ja i både Kommun (60{NBSP}%) och Landsting (88{NBSP}%, låg bas)"
    assert said(t, EN, "X") == "X: a majority answer Ja in both Kommun (60%) and Landsting (88%, low base)"
    found = (Comparison("Ja", "Landsting", "Kommun", 2.2, 0.03),)  # found with min_base under the low base
    tested = segments_table(Significance(0.95, "columns", found=found), bases=(207, 16))
    assert "högre" not in said(tested, SV, "X") and "more common" not in said(tested, EN, "X")


# --- grids -------------------------------------------------------------------------------------------------

def grid_table(answers, props, nets=(), item_bases=(120, 110, 100)) -> Table:
    items = Axis("item", ("Service", "Pris", "Sortiment"), key="g", bases=item_bases)
    columns = Axis("answer", tuple(answers), key="g", nets=tuple(nets), exclusive=True)
    props = np.array(props, dtype=float)
    bases = np.tile(np.array(item_bases, dtype=float)[:, None], (1, len(answers)))
    return Table("g", items, columns, "share", props * bases, props, bases, max(item_bases))


def test_a_grid_names_the_statements_with_the_highest_and_lowest_top_two():
    t = grid_table(["Topp 2", "Nöjd", "Neutral", "Missnöjd"],
                   [[0.80, 0.80, 0.15, 0.05], [0.35, 0.35, 0.40, 0.25], [0.55, 0.55, 0.30, 0.15]], nets=["Topp 2"])
    assert said(t, SV, "Nöjdhet") == f"Nöjdhet: Topp 2 högst för Service (80{NBSP}%), lägst för Pris (35{NBSP}%)"
    assert said(t, EN, "Satisfaction") == "Satisfaction: Topp 2 highest for Service (80%), lowest for Pris (35%)"
    assert insight_of(t, InsightContext(SV)).rule == "grid"


def test_a_grid_without_a_net_is_read_at_its_positive_end_and_without_one_not_at_all():
    props = [[0.52, 0.33, 0.15], [0.09, 0.21, 0.70], [0.31, 0.39, 0.30]]
    t = grid_table(["Öppen dialog", "Viss dialog", "Envägs"], props)
    scale = Scale("unipolar", ("Öppen dialog", "Viss dialog", "Envägs"), positive="first")
    assert said(t, SV, "Typ", scale=scale) == \
        f"Typ: Öppen dialog högst för Service (52{NBSP}%), lägst för Pris (9{NBSP}%)"
    assert said(t, EN, "Kind", scale=scale) == "Kind: Öppen dialog highest for Service (52%), lowest for Pris (9%)"
    assert said(t, SV, "Typ") is None  # no NET and no scale: which end is good is not guessed


# --- means -------------------------------------------------------------------------------------------------

def mean_table(means, columns=("Total",), bases=(150,), role="total", significance=None) -> Table:
    rows = Axis("statistic", ("Mean", "Median"), key="age")
    cols = Axis(role, tuple(columns), key="by" if role == "segment" else None, bases=bases)
    stats = np.array([means, [40.0] * len(columns)])
    cell_bases = np.tile(np.array(bases, dtype=float), (2, 1))
    return Table("age", rows, cols, "mean", stats, stats, cell_bases, sum(bases), significance=significance)


def test_a_mean_is_said_with_its_unit_in_the_locales_format():
    t = mean_table([42.25])
    assert said(t, SV, "Ålder", decimals=1, unit="år") == f"Ålder: i genomsnitt 42,3{NBSP}år"
    assert said(t, EN, "Age", decimals=1, unit="years") == f"Age: 42.3{NBSP}years on average"
    assert insight_of(t, InsightContext(SV)).rule == "mean"


def test_a_significant_difference_of_means_is_said_with_both_means():
    found = (Comparison("Mean", "Kommun", "Landsting", 3.1, 0.002),)
    t = mean_table([44.0, 39.5], columns=("Kommun", "Landsting"), bases=(100, 60), role="segment",
                   significance=Significance(0.95, "columns", found=found))
    assert said(t, SV, "Ålder", decimals=1, unit="år") == \
        f"Ålder: högre medelvärde i Kommun än i Landsting, 44,0{NBSP}år mot 39,5{NBSP}år"
    assert said(t, EN, "Age", decimals=1, unit="years") == \
        f"Age: higher mean in Kommun than in Landsting, 44.0{NBSP}years vs 39.5{NBSP}years"


# --- the phrase tables -------------------------------------------------------------------------------------

def test_every_locale_has_every_phrase(root):
    for table in sorted((root / "src" / "deckgen" / "text" / "phrases").glob("*.yaml")):
        keys = set(yaml.safe_load(table.read_text(encoding="utf-8")))
        assert keys == PHRASE_KEYS, table.name
    assert phrases(SV) is phrases(SV)  # read once


# --- the worked example ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def deck(example_deck):
    return read_deck(example_deck)


def spec_slides(root):
    return yaml.safe_load((root / "slides.yaml").read_text(encoding="utf-8"))["slides"]


def test_at_least_half_of_the_examples_chart_slides_write_their_own_headline(root):
    charts = [s for s in spec_slides(root) if s["kind"] == "chart"]
    auto = [s for s in charts if s.get("headline", "auto") == "auto"]
    assert len(auto) * 2 >= len(charts) and len(auto) >= 4


def _percents(text: str) -> list[int]:
    return [int(m) for m in re.findall(r"(\d+)\u00a0%", text)]


def hedge_fits(headline: str, share: float) -> bool:
    """A hedged amount in *headline* agrees with *share* (points): near it, and on its side."""
    for number in _percents(headline):
        before = headline[:headline.index(f"{number}\u00a0%")].split()[-1:]
        word = before[0] if before else ""
        if word == "drygt" and number < share <= number + 4.5:
            return True
        if word == "knappt" and number - 4.5 <= share < number:
            return True
        if word == "cirka" and abs(number - share) <= 2.5:
            return True
        if abs(number - share) < 0.5:  # the figure itself
            return True
    return False


def test_the_examples_auto_headlines_carry_the_seeds_message(deck, responses, codebook, root):
    slides = [s for s in spec_slides(root) if s["kind"] != "title"]
    headline = {s.get("id"): deck[1 + k].title for k, s in enumerate(slides)}
    # uses social media: a majority in both kinds of organisation, each figure as the chart rounds it
    said = headline["anvander"]
    assert "majoritet" in said and "Ja" in said and "låg bas" in said  # 16 county councils
    for code, label in codebook["org_type"]["labels"].items():
        group = responses[(responses.org_type == code) & responses.uses_social.notna()]
        share = 100 * (group.uses_social == 1).mean()
        assert share > 50  # the data holds a majority in each
        assert f"{label} ({math.floor(share + 0.5)}{NBSP}%" in said
    # media: the most used medium and its approximate share
    users = responses[responses[list(codebook["media"]["options"])].notna().any(axis=1)]
    shares = {label: 100 * (users[col] == 1).mean() for col, label in codebook["media"]["options"].items()}
    top = max(shares, key=shares.get)
    assert top in headline["medier"] and hedge_fits(headline["medier"], shares[top])
    # county councils' departments: the leader, hedged for its low base
    councils = responses[(responses.org_type == 2) & responses[list(codebook["departments"]["options"])].notna()
                         .any(axis=1)]
    deps = {label: 100 * (councils[col] == 1).mean() for col, label in codebook["departments"]["options"].items()
            if label != "Inga andra"}
    lead = max(deps, key=deps.get)
    assert sorted(deps.values())[-1] > sorted(deps.values())[-2]  # one leader
    assert lead in headline["verksamheter-landsting"] and "låg bas" in headline["verksamheter-landsting"]
    assert hedge_fits(headline["verksamheter-landsting"], deps[lead])
    # purpose: the main purpose and its share
    purpose = responses.purpose.dropna().astype(int).map(codebook["purpose"]["labels"]).value_counts(normalize=True)
    assert purpose.index[0] in headline["syfte"] and hedge_fits(headline["syfte"], 100 * purpose.iloc[0])


# --- {{ insight }} -----------------------------------------------------------------------------------------

def test_insight_in_a_hand_written_headline_and_notes_is_the_auto_sentence(project, example_deck, root):
    from deckgen.build import build

    k = [s.get("id") for s in spec_slides(root)].index("medier")  # one deck slide per spec slide here

    spec = project.read_text(encoding="utf-8")
    auto = "    headline: auto\n"
    assert spec.count(auto) >= 2
    spec = spec.replace(auto, "    headline: \"Medier – {{ insight }}\"\n    notes: \"Rubrik: {{ insight }}\"\n", 1)
    project.write_text(spec, encoding="utf-8")
    built = read_deck(build(project).output)
    expected = read_deck(example_deck)[k].title  # the media slide, auto
    assert expected.startswith("Medier som används: Facebook")
    assert built[k].title == f"Medier – {expected}"
    assert f"Rubrik: {expected}" in built[k].notes


def test_insight_where_there_is_none_is_a_located_error(project):
    from deckgen.build import build

    spec = project.read_text(encoding="utf-8")
    spec = spec.replace("      - Målgruppen var", "      - \"{{ insight }}\"\n      - Målgruppen var", 1)
    project.write_text(spec, encoding="utf-8")
    line = spec.splitlines().index("    bullets:", spec.splitlines().index("    id: metod")) + 1
    k = [s.get("id") for s in yaml.safe_load(spec)["slides"]].index("metod")
    with pytest.raises(InputError, match=rf"slides.yaml:{line}:\d+: slides.{k}.bullets: \{{\{{ insight \}}\}} has "
                                         "no sentence here"):
        build(project)


def test_a_grid_by_segment_claims_no_difference_as_its_table_does_not_name_the_answer():
    items = Axis("item", ("Facebook", "YouTube"), key="comm")
    segments = Axis("segment", ("Webb", "Telefon"), key="mode", bases=(150, 120))
    props = np.array([[0.6, 0.3], [0.1, 0.12]])
    bases = np.tile(np.array([150.0, 120.0]), (2, 1))
    found = (Comparison("Facebook", "Webb", "Telefon", 5.0, 1e-6),)
    t = Table("comm", items, segments, "share", props * bases, props, bases, 270,
              significance=Significance(0.95, "columns", found=found))
    assert said(t, SV, "Typ") is None and said(t, EN, "Kind") is None


def test_a_scale_with_a_net_is_read_by_its_majority_end():
    t = share_table(["Top 2", "Very satisfied", "Satisfied", "Neutral", "Dissatisfied"],
                    [0.64, 0.30, 0.34, 0.20, 0.16], nets=["Top 2"])
    scale = Scale("bipolar", ("Dissatisfied", "Neutral", "Satisfied", "Very satisfied"))
    assert said(t, EN, "Satisfaction", scale=scale) == "Satisfaction: a majority, just over 60%, answer Top 2"
    assert said(t, SV, "Nöjdhet", scale=scale) == f"Nöjdhet: en majoritet, drygt 60{NBSP}%, svarar Top 2"
    # without the scale it is not read as one: the leading answer (34 %) speaks
    assert said(t, EN, "Satisfaction") == "Satisfaction: Satisfied leads with one in three"


def test_labels_are_named_by_their_short_form_and_a_bare_number_needs_its_question():
    t = share_table(["Dialog med medborgarna", "Nyheter"], [0.42, 0.30])
    shorts = {"Dialog med medborgarna": "Dialog"}
    assert said(t, SV, "Syfte", shorts=shorts) == f"Syfte: Dialog vanligast, drygt 40{NBSP}%"
    scale = share_table(["10", "9", "6"], [0.21, 0.15, 0.12])
    assert said(scale, EN, None) is None  # "10 leads with about 20%" names nothing
    assert said(scale, EN, "Recommend") == "Recommend: 10 leads with about 20%"
