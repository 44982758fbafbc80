"""The worked example's words: headlines and bullets say what the data says, in Swedish formats."""

from __future__ import annotations

import pandas as pd
import pytest

from deckread import read_deck

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def deck(example_deck):
    """The example's slides but its quotes (tests/test_quotes.py reads those), so each keeps its place."""
    return [s for s in read_deck(example_deck) if not s.title.startswith("Råd från de aktiva")]


def ranked_options(df, options: dict, rows=None) -> list[str]:
    part = (df if rows is None else df[rows])[list(options)]
    asked = part[part.notna().any(axis=1)]
    shares = (asked == 1).mean().sort_values(ascending=False, kind="stable")
    return [options[c] for c in shares.index]


def test_title_slide(deck):
    assert deck[0].title == "Sociala medier i kommuner, landsting och regioner"
    assert "Enkätundersökning genomförd i november 2010 av IPSOS" in deck[0].texts


def test_summary_bullets_are_computed(deck, responses, codebook):
    summary = deck[1]
    assert summary.title == "Sammanfattning"
    bullets = summary.texts[1].split("\n")
    assert len(bullets) == 5
    share_users = (responses.uses_social == 1).mean() * 100
    assert 61 < share_users <= 64
    assert bullets[0] == f"Drygt 60{NBSP}% av kommuner och landsting använder sociala medier i dagsläget."
    media = ranked_options(responses, codebook["media"]["options"])
    assert bullets[1].startswith(f"{media[0]} är det mest populära mediet men även "
                                 f"{media[1]}, {media[2]} och {media[3]} används")
    purpose = responses.purpose.dropna().astype(int).map(codebook["purpose"]["labels"]).value_counts(normalize=True)
    first, second = purpose.index[:2]
    assert bullets[2] == (f"Syftet är främst {first.lower()} ({round(purpose.iloc[0] * 100)}{NBSP}%) och "
                          f"{second.lower()} ({round(purpose.iloc[1] * 100)}{NBSP}%).")
    open_dialogue = {label: (responses[col].dropna() == 1).mean() for col, label in codebook["comm"]["items"].items()}
    assert f"starkast på {max(open_dialogue, key=open_dialogue.get)} av de medier" in bullets[3]


def test_method_bullets(deck, responses):
    bullets = deck[2].texts[1].split("\n")
    n, kommun, landsting = len(responses), (responses.org_type == 1).sum(), (responses.org_type == 2).sum()
    assert f"totalt {n} st. webbenkäter/telefonintervjuer med kommuner ({kommun} st.) och landsting ({landsting} st.)" \
        in bullets[2]
    assert bullets[4] == f"Svarsfrekvensen blev {round(100 * (n + 4) / 310)}{NBSP}%, {n + 4} svar av 310."


def test_headlines_match_the_seed(deck, responses, codebook):
    headlines = [s.title for s in deck[3:]]
    # written from the numbers (headline: auto; the exact words are tests/test_insights.py's): the seed's
    # "En majoritet av både kommuner och landsting använder sociala medier"
    for code in codebook["org_type"]["labels"]:
        assert (responses[responses.org_type == code].uses_social == 1).mean() > 0.5
    assert headlines[0].startswith("Använder sociala medier: en majoritet svarar Ja i både Kommun")
    media = ranked_options(responses, codebook["media"]["options"])
    assert headlines[1].startswith(f"Medier som används: {media[0]} vanligast")
    top_kommun = ranked_options(responses, codebook["departments"]["options"], responses.org_type == 1)[:3]
    assert headlines[2].startswith(f"Sociala medier: {top_kommun[0]}, {top_kommun[1]} och {top_kommun[2]} "
                                   "är de övriga områden inom kommunen")
    top_landsting = ranked_options(responses, codebook["departments"]["options"], responses.org_type == 2)[0]
    assert headlines[3].startswith(f"Andra verksamheter: {top_landsting} vanligast")
    assert headlines[3].endswith("(låg bas)")  # 14 county councils
    assert "Facebook är det forum där flest har en öppen dialog" in headlines[4]
    purpose = responses.purpose.dropna().astype(int).map(codebook["purpose"]["labels"]).value_counts()
    assert headlines[5].startswith(f"Huvudsakligt syfte: {purpose.index[0]} vanligast")
    assert headlines[6] == ("Orsak till att det ej används – De flesta säger att de planerar men ej hunnit komma "
                            "igång. Knappt hälften svarar att de har resursbrist för denna aktivitet.")


def test_footnotes_state_question_and_base(deck, codebook):
    footnote = next(t for t in deck[3].texts if t.startswith("Fråga:"))
    question, base = footnote.split("\n")
    assert question == f"Fråga: {codebook['uses_social']['text']}"
    assert base.startswith("Bas: samtliga, n=223 (Kommun n=207; Landsting* n=16) · * låg bas (n < 30)")
    assert base.endswith("Källa: IPSOS, november 2010")
    landsting = next(t for t in deck[6].texts if t.startswith("Fråga:"))
    assert "Bas: landsting som använder sociala medier, n=14 (låg bas)" in landsting


def test_speaker_notes_hold_question_base_and_numbers(deck, responses):
    notes = deck[4].notes  # media among users
    users = responses[responses.uses_social == 1]
    facebook = int((users.media_facebook == 1).sum())
    assert "Fråga: Vilka sociala medier" in notes
    assert f"Bas: n={len(users)}" in notes
    assert f"Facebook: {round(100 * facebook / len(users))}{NBSP}% ({facebook})" in notes
