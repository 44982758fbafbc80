"""The headline lint: typed claims checked against the numbers beside them, in sv and en.

Expected figures come from plain pandas (the example's data) or are worked out by hand in the
comments; the lint's own code is never asked what the truth is.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from deckgen.build import build
from deckgen.errors import Location
from deckgen.stats import Axis, Table
from deckgen.text import formats
from deckgen.text.claims import Settings, find_claims, lint_text
from deckgen.text.templates import Lookup, TextRenderer

from conftest import copy_project

NBSP = "\u00a0"


def total_table(shares: dict[str, float], base: int = 200) -> Table:
    """One column of shares (in points) of *base* respondents."""
    labels = tuple(shares)
    props = np.array([[shares[k] / 100] for k in labels])
    return Table("q", Axis("answer", labels, key="q"), Axis("total", ("Total",), bases=(base,)),
                 "share", props * base, props, np.full((len(labels), 1), float(base)), base)


def segment_table(row: str, shares: dict[str, float], bases: dict[str, int]) -> Table:
    """One answer (*row*) and the rest ("Annat"), by segment: shares in points, each segment's base."""
    names = tuple(shares)
    props = np.array([[shares[s] / 100 for s in names], [1 - shares[s] / 100 for s in names]])
    cell_bases = np.array([[float(bases[s]) for s in names]] * 2)
    return Table("q", Axis("answer", (row, "Annat"), key="q", exclusive=True),
                 Axis("segment", names, key="org", bases=tuple(bases[s] for s in names)),
                 "share", props * cell_bases, props, cell_bases, sum(bases.values()))


def said(findings) -> list[str]:
    return [f.claim.written for f in findings]


# -- finding claims ---------------------------------------------------------------------------------------


def test_claims_found_in_swedish():
    text = (f"Drygt 60{NBSP}% använder sociala medier, knappt hälften har resursbrist, två av tre har Facebook, "
            "sex av tio bloggar och en majoritet planerar. De flesta landsting svarar 12,5 %.")
    found = [(c.kind, c.written, c.qualifier) for c in find_claims(text, "sv")]
    assert found == [("amount", f"Drygt 60{NBSP}%", "over"), ("amount", "knappt hälften", "under"),
                     ("amount", "två av tre", None), ("amount", "sex av tio", None),
                     ("majority", "en majoritet", None), ("majority", "De flesta", None),
                     ("amount", "12,5 %", None)]


def test_claims_found_in_english():
    text = "Just over half use it; most of them use Facebook, about 60% blog and more than 70% tweet. One in three"
    found = [(c.kind, c.written, c.qualifier) for c in find_claims(text, "en")]
    assert found == [("amount", "Just over half", "over"), ("majority", "most", None),
                     ("amount", "about 60%", "about"), ("amount", "more than 70%", "above"),
                     ("amount", "One in three", None)]


@pytest.mark.parametrize("text, locale", [
    ("Många säger att de planerar men ej hunnit komma igång", "sv"),
    ("Facebook är det mest populära mediet och det forum där flest har en öppen dialog", "sv"),
    ("Andelen ökade med 5 % och nästan 60 % svarar ja; samtliga använder e-post", "sv"),
    ("Facebook används mer än YouTube", "sv"),  # a comparison whose sides are no segments
    ("Facebook is the most used medium", "en"),
    ("Use grew by 5% and almost 60% say yes; many plan to start", "en"),
    ("Councils use Facebook more than YouTube", "en"),
])
def test_phrases_the_lint_does_not_understand_are_left_alone(text, locale):
    assert find_claims(text, locale, segments=("Kommun", "Landsting", "Council", "Municipality")) == []


def test_comparison_sides_are_the_segments_around_it():
    [claim] = find_claims("Landsting använder sociala medier i högre grad än kommuner, 88 % mot 60 %", "sv",
                          segments=("Kommun", "Landsting"))[:1]
    assert (claim.kind, claim.direction, claim.left, claim.right) == ("comparison", "higher", "Landsting", "Kommun")
    [claim] = find_claims("Fler kommuner än landsting har en strategi", "sv", segments=("Kommun", "Landsting"))
    assert (claim.written, claim.left, claim.right) == ("Fler kommuner än landsting", "Kommun", "Landsting")
    [claim] = find_claims("Councils are twice as likely as municipals to blog", "en",
                          segments=("Council", "Municipal"))
    assert (claim.direction, claim.left, claim.right) == ("twice", "Council", "Municipal")


# -- checking amounts and quantifiers ---------------------------------------------------------------------

USES = total_table({"Ja": 61.9, "Nej": 38.1})  # 61.9 shows as 62 %; approx says "drygt 60 %" (1-4 over 60)


@pytest.mark.parametrize("text, locale, wrong", [
    ("62 % använder sociala medier", "sv", []),
    ("60 % använder sociala medier", "sv", ["60 %"]),  # neither 61.9 nor 38.1 rounds to 60
    (f"Drygt 60{NBSP}% använder sociala medier", "sv", []),
    ("Knappt 60 % använder sociala medier", "sv", ["Knappt 60 %"]),  # 61.9 is above 60, not under
    ("Sex av tio använder sociala medier", "sv", []),  # 61.9 rounds to 6 tens
    ("Två av tre använder sociala medier", "sv", ["Två av tre"]),  # 61.9 is not within 1 of 66.7
    ("Drygt sex av tio använder sociala medier", "sv", []),
    ("Mer än 70 % använder sociala medier", "sv", ["Mer än 70 %"]),  # 61.9 is not above 70
    ("Mer än 60 % använder sociala medier", "sv", []),
    ("Just over 60% use social media", "en", []),
    ("About 60% use social media", "en", ["About 60%"]),  # 61.9 is 1.9 over: "just over", not "about"
    ("Six in ten use social media", "en", []),
    ("61.9% use social media", "en", []),
    ("62.0% use social media", "en", ["62.0%"]),  # written with one decimal: 61.9 is not 62.0
])
def test_amounts_match_a_share_within_rounding(text, locale, wrong):
    assert said(lint_text(text, [USES], locale)) == wrong


def test_a_wrong_amount_names_the_closest_share():
    [finding] = lint_text("Var tredje svarar nej", [USES], "sv")  # 38.1 is 4.8 from 33.3: not "var tredje"
    assert str(finding) == 'says "Var tredje", but no share on the slide is that; the closest is 38\u00a0%'


def test_a_majority_needs_a_share_above_half_as_shown():
    under = total_table({"Dialog": 48.2, "Nyheter": 31.8, "Annat": 20.0})
    [finding] = lint_text("En majoritet vill föra dialog", [under], "sv")
    assert str(finding) == 'says "En majoritet", but the largest share on the slide is 48\u00a0%'
    assert lint_text("De flesta vill föra dialog", [total_table({"Dialog": 52.0, "Annat": 48.0})], "sv") == []
    shown_as_half = total_table({"Dialog": 50.4, "Annat": 49.6})  # 50 % as shown: not a majority
    assert said(lint_text("Most want a dialogue", [shown_as_half], "en")) == ["Most"]
    assert lint_text("Most want a dialogue", [shown_as_half], "en", settings=Settings(decimals=1)) == []
    assert said(lint_text("A minority want a dialogue", [total_table({"Ja": 50.0, "Nej": 50.0})], "en")) \
        == ["A minority"]


def test_without_numbers_beside_it_nothing_is_checked():
    assert lint_text("En majoritet, 99 %, två av tre", [], "sv") == []


# -- checking comparisons ---------------------------------------------------------------------------------

# z for 60 % of 200 against 45 % of 150: pooled p = 187.5/350 = 0.5357, se = sqrt(p(1-p)(1/200+1/150))
# = 0.05387, z = 0.15/0.05387 = 2.78 > 1.96: significant at 95 %.
APART = segment_table("Facebook", {"Kommun": 60.0, "Landsting": 45.0}, {"Kommun": 200, "Landsting": 150})
# 52 % against 48 % of 100 each: se = sqrt(0.25 * 0.02) = 0.0707, z = 0.57: not significant.
CLOSE = segment_table("Facebook", {"Kommun": 52.0, "Landsting": 48.0}, {"Kommun": 100, "Landsting": 100})
# 60 % against 30 % of 200 each: a ratio of 2; se = sqrt(0.45*0.55*0.01) = 0.0497, z = 6.0.
DOUBLE = segment_table("Facebook", {"Kommun": 60.0, "Landsting": 30.0}, {"Kommun": 200, "Landsting": 200})


def test_a_significant_difference_in_the_stated_direction_passes():
    assert lint_text("Kommuner använder Facebook i högre grad än landsting", [APART], "sv") == []
    assert lint_text("Landsting använder Facebook i lägre grad än kommuner", [APART], "sv") == []
    assert lint_text("Fler kommuner än landsting använder Facebook", [APART], "sv") == []
    # the row named by its figures instead of its label: 60 % and 45 % are Facebook's
    assert lint_text("Kommuner gör det i högre grad än landsting, 60 % mot 45 %", [APART], "sv") == []


def test_a_difference_the_other_way_or_not_significant_is_flagged():
    [finding] = lint_text("Landsting använder Facebook i högre grad än kommuner", [APART], "sv")
    assert str(finding) == ('says "Landsting använder Facebook i högre grad än kommuner", but Facebook: Landsting 45\u00a0%, Kommun 60\u00a0%, '
                            'not higher')
    [finding] = lint_text("Kommuner använder Facebook i högre grad än landsting", [CLOSE], "sv")
    assert str(finding) == ('says "Kommuner använder Facebook i högre grad än landsting", but Facebook: Kommun 52\u00a0%, Landsting 48\u00a0%, '
                            'a difference not significant at 95\u00a0%')


def test_a_comparison_naming_no_row_holds_if_any_row_bears_it_out():
    """Which answer "uses more" speaks of is not written, so the lint does not guess: the claim stands
    if some answer differs significantly that way, and is flagged only when none does."""
    assert lint_text("Landsting do it more than Kommuns", [APART], "en") == []  # 'Annat': 55 % against 40 %
    [finding] = lint_text("Kommuns do it more than Landstings", [CLOSE], "en")
    assert str(finding).startswith('says "Kommuns do it more than Landstings", but no answer differs significantly that way, e.g. '
                                   'Facebook: Kommun 52%, Landsting 48%')


def test_a_low_base_segment_is_never_significantly_different():
    low = segment_table("Facebook", {"Kommun": 60.0, "Landsting": 88.0}, {"Kommun": 207, "Landsting": 16})
    [finding] = lint_text("Landsting use Facebook more than Kommuns", [low], "en")
    assert str(finding) == ('says "Landsting use Facebook more than Kommuns", but Facebook: Landsting 88%, Kommun 60%, a difference not '
                            'significant at 95% (Landsting n=16: too few to test, under 30)')


def test_twice_as_many_needs_a_ratio_of_about_two():
    assert lint_text("Dubbelt så många kommuner som landsting använder Facebook", [DOUBLE], "sv") == []
    [finding] = lint_text("Dubbelt så många kommuner som landsting använder Facebook", [APART], "sv")
    assert "1,3 times" in str(finding)  # 60 / 45 = 1.33


# -- printed numbers --------------------------------------------------------------------------------------


def test_numbers_a_template_prints_are_never_flagged():
    """A template may print figures of another base (a share() of values, another filter): not linted."""
    source = "{{ share(57, 100) }} svarar ja och {{ 57 }} % nej; en majoritet {{ '' }}"
    lookup = Lookup(lambda q, f, by: USES, 223)
    renderer = TextRenderer("sv")
    text = renderer.render(source, lookup, Location("slides.yaml", 10), "slides.0.headline")
    [rendered] = renderer.take()
    assert rendered.text == text == "57\u00a0% svarar ja och 57 % nej; en majoritet"
    assert len(rendered.printed) == 2  # the empty print marks nothing
    assert said(lint_text(text, [USES], "sv", rendered.printed)) == []  # 'en majoritet' holds at 62 %
    # the same figures typed: both are stale (neither 61.9 nor 38.1 is 57)
    assert said(lint_text(text, [USES], "sv")) == ["57\u00a0%", "57 %"]


def test_printed_text_is_the_text_it_always_was():
    renderer = TextRenderer("en")
    lookup = Lookup(lambda q, f, by: USES, 223)
    text = renderer.render("  {{ 'über' }}  cool\n {{ pct('q', 'Ja') }}\u00a0 ", lookup,
                           Location("slides.yaml", 1), "k")
    assert text == "Über cool 62%"


# -- on the example ---------------------------------------------------------------------------------------

PLANTED = """
  - kind: chart
    id: stale
    question: media
    chart: bar
    headline: Facebook används av 75 % av organisationerna

  - kind: chart
    id: majoritet
    question: purpose
    filter: mode == 2
    chart: bar
    headline: En majoritet vill föra dialog med medborgarna

  - kind: chart
    id: hogre
    question: uses_social
    by: org_type
    chart: bar
    headline: Landsting använder sociala medier i högre grad än kommuner

  - kind: bullets
    title: Kort
    bullets:
      - "{{ pct('uses_social', 'Ja') }} använder sociala medier, en minoritet gör det inte"
      - Tre av fyra använder sociala medier
    notes: Två av tre använder sociala medier
"""


def lint_warnings(result) -> list[str]:
    return [w for w in result.warnings if " says " in w]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_planted_claims_are_flagged_once_each_at_their_line(tmp_path, responses):
    spec = copy_project(tmp_path)
    yaml_text = spec.read_text(encoding="utf-8") + PLANTED
    spec.write_text(yaml_text, encoding="utf-8")
    users = responses[responses.uses_social == 1]
    facebook = 100 * users.media_facebook.mean()
    assert round(facebook) != 75  # the planted figure is stale
    phone = responses[(responses["mode"] == 2) & responses.purpose.notna()]
    largest = 100 * phone.purpose.value_counts(normalize=True).max()
    assert largest < 50  # the planted majority is false
    by_org = responses[responses.uses_social.notna()].groupby("org_type")
    bases = by_org.size()
    assert bases[2] < 30  # Landsting is too few to test, so "högre än" cannot be significant
    yes = 100 * by_org.uses_social.apply(lambda s: (s == 1).mean())

    answered = responses[responses.uses_social.notna()]
    uses = 100 * answered.uses_social.value_counts(normalize=True)
    # Ja and Nej: neither within 1 of 75 nor of 66.7; Nej is under 50, so "en minoritet" holds
    assert all(abs(v - 75) > 1 and abs(v - 200 / 3) > 1 for v in uses) and uses[2] < 50

    warnings = lint_warnings(build(spec, tmp_path / "deck.pptx", write=False))
    slides = len([line for line in yaml_text.splitlines() if line.startswith("  - kind:")])
    pct = lambda v: formats.percent(v, "sv")  # noqa: E731
    media = 100 * users.filter(like="media_").mean()
    assert warnings == [
        f"{spec}:{line_of(yaml_text, 'används av 75 %')}: slides.{slides - 4}.headline says \"75 %\", but no "
        f"share on the slide is that; the closest is {pct(min(media, key=lambda v: abs(v - 75)))}",
        f"{spec}:{line_of(yaml_text, 'En majoritet vill')}: slides.{slides - 3}.headline says \"En majoritet\", "
        f"but the largest share on the slide is {pct(largest)}",
        f"{spec}:{line_of(yaml_text, 'i högre grad än kommuner')}: slides.{slides - 2}.headline says "
        f"\"Landsting använder sociala medier i högre grad än kommuner\", but no answer differs significantly "
        f"that way, e.g. Ja: Landsting {pct(yes[2])}, Kommun {pct(yes[1])}, a difference not "
        f"significant at 95{NBSP}% (Landsting n={bases[2]}: too few to test, under 30)",
        f"{spec}:{line_of(yaml_text, 'Tre av fyra')}: slides.{slides - 1}.bullets.1 says \"Tre av fyra\", but no "
        f"share on the slide is that; the closest is {pct(min(uses, key=lambda v: abs(v - 75)))}",
        f"{spec}:{line_of(yaml_text, 'notes: Två av tre')}: slides.{slides - 1}.notes says \"Två av tre\", but no "
        f"share on the slide is that; the closest is {pct(min(uses, key=lambda v: abs(v - 200 / 3)))}",
    ]


def test_strict_validate_stops_on_a_false_claim(tmp_path):
    spec = copy_project(tmp_path)
    head = spec.read_text(encoding="utf-8").split("\nslides:")[0]
    slide = ("\nslides:\n  - kind: chart\n    question: purpose\n    chart: bar\n"
             "    headline: {}\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}

    def validate(headline: str) -> subprocess.CompletedProcess:
        spec.write_text(head + slide.format(headline), encoding="utf-8")
        return subprocess.run([sys.executable, "-m", "deckgen", "validate", "--strict", str(spec)],
                              capture_output=True, text=True, env=env, cwd=tmp_path)

    wrong = validate("En majoritet vill föra dialog med medborgarna")  # 36 % at most
    assert wrong.returncode == 2
    assert 'slides.0.headline says "En majoritet"' in wrong.stderr
    # shares 35.5, 31.9, 15.2, 8.0, 5.1, 4.3: none shows within 1 of 25
    quarter = validate("Var fjärde vill föra dialog med medborgarna")
    assert quarter.returncode == 2 and 'says "Var fjärde"' in quarter.stderr
    # 31.9 % for news: 1.9 over 30, "drygt 30 %"; and "många" claims nothing the lint reads
    fine = validate("Många vill föra dialog, och drygt 30 % ser en kanal för nyheter")
    assert fine.returncode == 0, fine.stderr


def test_the_example_is_lint_clean(root, responses):
    result = build(root / "slides.yaml", write=False)
    assert lint_warnings(result) == []
    # and the lint had something to check: the example's typed "En majoritet" and "De flesta" were rendered
    yes = responses[responses.uses_social.notna()].groupby("org_type").uses_social.apply(lambda s: (s == 1).mean())
    assert yes.min() > 0.5  # so the template took its "En majoritet av både ..." branch
    planning = responses[responses.reason_planning.notna()].reason_planning.mean()
    assert planning > 0.5  # and its "De flesta" branch


def test_the_example_prints_a_figure_of_no_table_which_is_not_flagged(root, responses, monkeypatch):
    """The method slide prints its response rate, (n + 4 declined by e-mail) / 310 invited = 73 %, a share
    of no table: printed by a template, it is not linted; were it typed, it would be."""
    import deckgen.compose.claims_check as claims_check

    assert round(100 * (len(responses) + 4) / 310) == 73
    assert lint_warnings(build(root / "slides.yaml", write=False)) == []
    typed = claims_check.lint_text
    monkeypatch.setattr(claims_check, "lint_text",
                        lambda text, tables, locale, printed, settings: typed(text, tables, locale, (), settings))
    [warning] = lint_warnings(build(root / "slides.yaml", write=False))
    k = [s.get("id") for s in yaml.safe_load((root / "slides.yaml").read_text(encoding="utf-8"))["slides"]].index("metod")
    assert f'slides.{k}.bullets.4 says "73\u00a0%"' in warning
