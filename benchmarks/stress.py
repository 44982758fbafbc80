"""Write the stress deck: a project that exercises what the worked example does not.

    python benchmarks/stress.py [FOLDER]     # default benchmarks/work/stress (gitignored)
    deckgen build FOLDER/slides.yaml         # FOLDER/out/stress.pptx and FOLDER/out/stress-4x3.pptx
    python benchmarks/stress.py tests/fixtures/stress   # regenerate the committed test fixture

Every chart kind, on 800 weighted respondents (numpy seed 7, deterministic, about 90 KB of CSV):

- long labels (60 to 120 characters) and 20 answers, with ``top``;
- five segments, one of low base (Islands, about 25 respondents);
- a 5-point satisfaction scale, a 0-10 scale, a grid with top-2 NETs, a "Don't know" answer;
- a 7-point bipolar agreement grid (Strongly disagree .. Strongly agree, a midpoint, "Don't know");
- a 25-row table (a question of 25 options), and KPIs;
- a multiple-response question with a NET, one whose options were routed, a numeric question with a unit;
- a Total beside the segments, a grid by segment (top-2 of each statement; one statement stacked);
- significance letters between segments, and ▲/▼ against the rest in the 4:3 deck;
- python-pptx's default 4:3 template as a stand-in for a customer's corporate template;
- a combo chart: the very satisfied share by region as columns, the mean spend as a line;
- a free-text question with long answers (its own generator, seed 8, after the other columns) on a
  quotes slide.

Render the decks with LibreOffice and look at every slide; ``text-collisions`` finds text drawn over
text. Not a benchmark of speed: a deck a designer would look at.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

N = 800
REASONS = 20
SEGMENTS = {1: "Northern region", 2: "Southern region", 3: "Eastern and central region",
            4: "Western region", 5: "Islands"}
SATISFACTION = {1: "Very dissatisfied", 2: "Dissatisfied", 3: "Neither satisfied nor dissatisfied",
                4: "Satisfied", 5: "Very satisfied", 9: "Don't know"}
AGREE = {1: "Strongly disagree", 2: "Disagree", 3: "Neither agree nor disagree", 4: "Agree",
         5: "Strongly agree", 9: "Don't know"}
ITEMS = {f"g{i}": text for i, text in enumerate([
    "Staff were friendly", "The waiting time was acceptable",
    "The information I was given was clear, complete and easy to act on without calling back",
    "I would recommend the service", "Opening hours suit me"], 1)}
AGREE7 = {1: "Strongly disagree", 2: "Disagree", 3: "Somewhat disagree", 4: "Neither agree nor disagree",
          5: "Somewhat agree", 6: "Agree", 7: "Strongly agree", 9: "Don't know"}
ITEMS7 = {f"b{i}": text for i, text in enumerate([
    "The organisation is open about how it spends its budget",
    "Staff treat people from every background with the same respect",
    "Decisions are explained in plain language that anyone can follow",
    "It is easy to find the right person to talk to about a problem",
    "Complaints are handled fairly and within the promised time"], 1)}
FEATURES = ["Online booking", "Text message reminders", "Longer opening hours on weekdays",
            "Opening on Saturdays", "Shorter queues at the counter", "A named contact person",
            "Clearer letters", "Information in more languages", "Better signposting in the building",
            "More parking", "Step-free access", "A quiet waiting area", "Video appointments",
            "A mobile app", "Paying by card", "Home visits", "Faster replies to e-mail",
            "A single phone number for every service", "Help filling in forms", "Follow-up after a visit",
            "Printed guides", "Drop-in hours without booking", "Interpreters on request",
            "Feedback screens at the exit", "None of these"]
SENTENCE = ("a fairly long description of what this answer means to the respondent, as survey "
            "questionnaires often carry in full")


def reason_label(i: int) -> str:
    """60 to 120 characters: reason 1 is the shortest, reason 20 the longest."""
    return f"Reason {i}: {SENTENCE}"[: 60 + round(60 * (i - 1) / (REASONS - 1))].rstrip()


def responses(rng: np.random.Generator) -> pd.DataFrame:
    seg = rng.choice(list(SEGMENTS), N, p=[0.3, 0.25, 0.24, 0.18, 0.03])
    frame = pd.DataFrame({"id": np.arange(1, N + 1), "seg": seg})
    frame["w"] = np.round(rng.lognormal(0, 0.35, N), 4)
    lean = (seg - 3) * 0.25  # segments differ, so some differences are significant
    frame["sat"] = np.where(rng.random(N) < 0.05, 9, np.clip(np.round(3.4 + lean + rng.normal(0, 1.1, N)), 1, 5))
    frame["nps"] = np.clip(np.round(7 + 2 * lean + rng.normal(0, 2, N)), 0, 10).astype(int)
    weights = np.arange(REASONS, 0, -1)
    frame["reason"] = rng.choice(np.arange(1, REASONS + 1), N, p=weights / weights.sum())
    for i, column in enumerate(ITEMS):
        frame[column] = np.where(rng.random(N) < 0.04, 9,
                                 np.clip(np.round(3 + 0.3 * i - lean + rng.normal(0, 1.2, N)), 1, 5)).astype(int)
    for i in range(1, 9):
        frame[f"ch{i}"] = (rng.random(N) < 0.7 / i ** 0.6 + 0.05 * (seg == 2)).astype(int)
    frame.loc[rng.random(N) < 0.1, [f"ch{i}" for i in range(1, 9)]] = np.nan  # not asked
    for i in range(1, 6):  # a battery whose last two options were asked in the North only
        frame[f"r{i}"] = (rng.random(N) < 0.25 + 0.1 * i).astype(float)
    frame.loc[seg != 1, ["r4", "r5"]] = np.nan
    frame["spend"] = np.round(rng.gamma(4, 60, N), 2)
    frame.loc[rng.random(N) < 0.08, "spend"] = np.nan
    for i, column in enumerate(ITEMS7):  # bipolar: both ends used, a midpoint, some "Don't know"
        frame[column] = np.where(rng.random(N) < 0.06, 9,
                                 np.clip(np.round(4 + 0.4 * (i - 2) - 2 * lean + rng.normal(0, 1.7, N)), 1, 7)
                                 ).astype(int)
    shares = np.linspace(0.6, 0.02, len(FEATURES))
    frame["feature"] = rng.choice(np.arange(1, len(FEATURES) + 1), N, p=shares / shares.sum())
    frame["comment"] = comments(np.random.default_rng(8))
    return frame


COMMENT_PARTS = [
    "The staff at the counter were patient and explained every step of the application to me twice",
    "I waited far too long on the phone before anyone answered, and the line was cut off once",
    "The letters you send are written in a language that only a lawyer could follow without help",
    "Booking online was quick, but the confirmation e-mail never arrived and I had to call to check",
    "Opening hours that end at four in the afternoon do not suit anyone who works full time",
    "It would help a great deal to have one named person who follows a case from start to finish",
    "Information about fees was hard to find on the website and differed from what I was told",
    "Everything worked well this time, which was a pleasant surprise after my experience last year",
]


def comments(rng: np.random.Generator) -> list[str]:
    """Long free-text answers (two to five long sentences, some over 400 characters) from one in ten."""
    out = []
    for _ in range(N):
        if rng.random() > 0.1:
            out.append("")
            continue
        picked = rng.choice(COMMENT_PARTS, size=int(rng.integers(2, 6)), replace=False)
        out.append(". ".join(str(p) for p in picked) + ".")
    return out


def codebook() -> dict:
    channels = ["Website", "Phone", "E-mail", "Visit in person at one of the regional service offices",
                "Chat", "Letter", "Social media", "Through an agent acting on my behalf"]
    return {"questions": {
        "seg": {"type": "single", "text": "Region", "labels": SEGMENTS},
        "sat": {"type": "single", "text": "How satisfied are you overall with the service you received?",
                "labels": SATISFACTION, "scale": "ordinal"},
        "nps": {"type": "single", "text": "How likely are you to recommend us to a friend or colleague (0-10)?",
                "labels": {i: str(i) for i in range(11)}},
        "reason": {"type": "single", "text": "What was the main reason for your most recent contact with us?",
                   "labels": {i: reason_label(i) for i in range(1, REASONS + 1)}},
        "grid": {"type": "grid", "text": "How much do you agree with each statement about your last contact?",
                 "items": ITEMS, "labels": AGREE,
                 "nets": {"Agree (top 2)": ["Agree", "Strongly agree"],
                          "Disagree (bottom 2)": ["Strongly disagree", "Disagree"]}},
        "channels": {"type": "multi", "text": "Which of these channels have you used in the last twelve months?",
                     "options": {f"ch{i}": label for i, label in enumerate(channels, 1)},
                     "nets": {"Any digital channel": ["Website", "E-mail", "Chat", "Social media"]}},
        "routed": {"type": "multi", "text": "Which of these services have you used? (the last two asked in "
                   "the North only)", "options": {f"r{i}": f"Service {i}" for i in range(1, 6)}},
        "grid7": {"type": "grid", "text": "How far do you agree or disagree with each statement about the "
                  "organisation?", "items": ITEMS7, "labels": AGREE7, "scale": "ordinal",
                  "nets": {"Agree (top 3)": ["Somewhat agree", "Agree", "Strongly agree"],
                           "Disagree (bottom 3)": ["Strongly disagree", "Disagree", "Somewhat disagree"]}},
        "feature": {"type": "single", "text": "Which one improvement would you most like to see?",
                    "labels": {i: label for i, label in enumerate(FEATURES, 1)}},
        "spend": {"type": "numeric", "text": "How much did you spend on the service last year?",
                  "short": "Spend", "unit": "EUR", "decimals": 0},
        "comment": {"type": "text", "text": "Is there anything else you would like to tell us about the service?"},
    }}


def slides(template: str | None, output: str, versus: str) -> dict:
    deck = {"title": "Stress deck: every chart kind, long labels, five segments",
            "subtitle": "Synthetic data, weighted", "locale": "en", "output": output,
            "source": "deckgen stress deck", "low_base": 50, "significance": {"versus": versus}}
    if template:
        deck.update(template=template, layouts={"title": "Title Slide", "section": "Section Header",
                                                "bullets": "Title and Content", "chart": "Title Only"})
    chart = [
        {"question": "reason", "chart": "bar", "top": 8},
        {"question": "reason", "chart": "table", "headline": "Every reason for contacting us, as a table"},
        {"question": "sat", "chart": "bar", "by": "seg", "sort": "codes"},
        {"question": "sat", "chart": "stacked", "by": "seg", "sort": "codes",
         "headline": "Satisfaction rises from the north of the country to the islands, where the base is too "
                     "small to be sure of it"},
        {"question": "sat", "chart": "line", "by": "seg", "headline": "Satisfaction by region, as lines"},
        {"question": "sat", "chart": "pie", "headline": "Satisfaction overall, as a pie"},
        {"question": "sat", "chart": "doughnut", "dont_know": "exclude",
         "headline": "Satisfaction among those with an opinion"},
        {"question": "nps", "chart": "column"},
        {"question": "nps", "chart": "line", "headline": "Likelihood to recommend, as a line"},
        {"question": "grid", "chart": "stacked"},
        {"question": "grid", "chart": "bar", "headline": "Agreement with each statement, top-2 and bottom-2"},
        {"question": "grid", "chart": "table", "headline": "Agreement with each statement, as a table"},
        {"question": "channels", "chart": "bar", "by": "seg"},
        {"question": "channels", "chart": "dot", "by": "seg", "headline": "Channels used by region, as dots"},
        {"question": "channels", "chart": "table", "by": "seg", "headline": "Channels used by region, as a table"},
        {"question": "channels", "chart": "column", "by": "seg", "filter": "seg != 'Islands'",
         "headline": "Channels used on the mainland"},
        {"question": "spend", "chart": "kpi"},
        {"question": "spend", "chart": "kpi", "by": "seg", "headline": "Spending by region"},
        {"question": "spend", "chart": "bar", "by": "seg", "headline": "Spending by region, as bars"},
        {"question": "spend", "chart": "table", "by": "seg", "headline": "Spending by region, mean and median"},
        {"question": "sat", "chart": "combo", "by": "seg", "answer": "Very satisfied",
         "line": {"question": "spend", "statistic": "mean"},
         "headline": "The very satisfied share and the mean spend by region, in one chart"},
        {"question": "sat", "chart": "bar", "by": "seg", "total": True,
         "headline": "Satisfaction by region beside the total"},
        {"question": "grid", "chart": "bar", "by": "seg", "headline": "Agreement (top 2) by region"},
        {"question": "grid", "chart": "stacked", "by": "seg", "item": "Opening hours suit me",
         "headline": "Opening hours suit the islands least"},
        {"question": "routed", "chart": "bar"},
        {"question": "reason", "chart": "bar", "filter": "seg == 'Islands'",
         "headline": "Reasons for contact on the islands"},
        {"question": "reason", "chart": "bar", "headline": "All twenty reasons for contact"},
        {"question": "grid7", "chart": "stacked"},
        {"question": "grid7", "chart": "table", "headline": "Agreement on a 7-point scale, as a table"},
        {"question": "grid7", "chart": "stacked", "by": "seg", "item": ITEMS7["b1"],
         "headline": "Openness about the budget by region"},
        {"question": "feature", "chart": "table"},
        {"question": "feature", "chart": "bar", "top": 10, "headline": "The ten improvements most wanted"},
    ]
    return {"deck": deck,
            "data": {"responses": "responses.csv", "questions": "questions.yaml", "weight": "w"},
            "slides": [{"kind": "title"}, {"kind": "summary", "max": 6},
                       {"kind": "section", "title": "Every chart kind"}]
            + [{"kind": "chart", **s} for s in chart[:-1]]
            + [{"kind": "quotes", "question": "comment", "attribution": ["seg", "sat"], "max_chars": 400,
                "title": "In their own words: what respondents told us about the service"}]
            + [{"kind": "chart", **chart[-1]}]}


def write_templates(folder: Path) -> None:
    """The two templates the stress decks are built on, written rather than committed: deckgen's own 16:9
    brand template and python-pptx's default 4:3 one (a stand-in for a customer's corporate template)."""
    from pptx import Presentation

    from deckgen.scaffold.brand import make_brand_template

    make_brand_template(folder / "templates" / "brand.pptx")
    Presentation().save(folder / "corp43.pptx")


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    responses(np.random.default_rng(7)).to_csv(folder / "responses.csv", index=False)
    (folder / "questions.yaml").write_text(yaml.safe_dump(codebook(), allow_unicode=True, sort_keys=False))
    write_templates(folder)
    (folder / "slides.yaml").write_text(yaml.safe_dump(
        slides(None, "out/stress.pptx", "columns"), allow_unicode=True, sort_keys=False))
    (folder / "slides-4x3.yaml").write_text(yaml.safe_dump(
        slides("corp43.pptx", "out/stress-4x3.pptx", "rest"), allow_unicode=True, sort_keys=False))
    print(f"wrote {folder}: deckgen build {folder}/slides.yaml; deckgen build {folder}/slides-4x3.yaml")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "work" / "stress")
