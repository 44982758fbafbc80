"""The yardstick for the segmented deck: what an analyst would write for it by hand, without statistics.

Reads benchmarks/work/seg/responses.csv with pandas, crosstabs each question by
segment (column percentages; for the multiple-response question the share of
those asked who chose each option), draws each chart with matplotlib as a PNG
and places it on a python-pptx slide under the spec's headline (handdeck.py,
shared with handwritten.py). The same 21 slides as slides-csv.yaml (made by
``make_large.py seg``), but no significance tests: the letters deckgen adds are
work this script does not do. Written plainly, neither slowed down nor optimised.

Usage: python benchmarks/handwritten_seg.py [SEG_DIR]
"""

from pathlib import Path

import pandas as pd

from handdeck import HandDeck, open_project

work, spec, questions = open_project(Path(__file__).parent / "work" / "seg", "slides-csv.yaml")
df = pd.read_csv(work / spec["data"]["responses"])
deck = HandDeck(spec, work)

for slide in spec["slides"]:
    if slide["kind"] != "chart":
        continue
    q = questions[slide["question"]]
    by = slide["by"]
    segments = df[by].map(questions[by]["labels"])
    fig, ax = deck.figure()
    if q["type"] == "single":
        answers = df[slide["question"]].map(q["labels"])
        table = pd.crosstab(answers, segments, normalize="columns") * 100
        table.T.plot.barh(stacked=True, ax=ax)
    else:  # multiple response: of those asked (any option answered), the share choosing each option
        cols = list(q["options"])
        asked = df[cols].notna().any(axis=1)
        table = df.loc[asked, cols].fillna(0).groupby(segments[asked]).mean().T * 100
        table.rename(index=q["options"]).plot.barh(ax=ax)
    deck.chart_slide(slide["id"], slide["headline"], q["text"], fig, ax)

deck.save(work / "handwritten.pptx")
