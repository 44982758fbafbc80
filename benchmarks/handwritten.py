"""The yardstick: the straightforward script an analyst would otherwise write for the same deck.

Reads benchmarks/work/responses.parquet with pandas, works out each slide's
percentages with pandas, draws each chart with matplotlib as a PNG and places
it on a python-pptx slide with a title (that drawing and placing is handdeck.py,
shared with handwritten_seg.py). Same questions, breakdowns and headline
numbers as benchmarks/work/slides.yaml (made by make_large.py); written plainly,
neither slowed down nor optimised.

Usage: python benchmarks/handwritten.py [WORK_DIR]
"""

from pathlib import Path

import pandas as pd

from handdeck import HandDeck, open_project

work, spec, questions = open_project(Path(__file__).parent / "work", "slides.yaml")
df = pd.read_parquet(work / spec["data"]["responses"])
deck = HandDeck(spec, work)

for slide in spec["slides"]:
    if slide["kind"] != "chart":
        continue
    key = slide["question"]
    q = questions[key]
    fig, ax = deck.figure()

    if q["type"] == "single" and slide.get("by"):
        by = slide["by"]
        answers = df[key].map(q["labels"])
        segments = df[by].map(questions[by]["labels"])
        table = pd.crosstab(answers, segments, normalize="columns") * 100
        overall = answers.value_counts(normalize=True) * 100
        table = table.loc[overall.index]
        top = overall.drop("Don't know", errors="ignore").index[0]
        title = f"{top} leads with {overall[top]:.0f}% overall"
        if slide["chart"] == "stacked":
            table.T.plot.barh(stacked=True, ax=ax)
        else:
            table.plot.barh(ax=ax)
    elif q["type"] == "single":
        pcts = df[key].map(q["labels"]).value_counts(normalize=True) * 100
        top = pcts.drop("Don't know", errors="ignore").index[0]
        title = f"{top} leads with {pcts[top]:.0f}%"
        if slide["chart"] == "column":
            pcts.plot.bar(ax=ax)
        else:
            pcts.sort_values().plot.barh(ax=ax)
    elif q["type"] == "multi":
        cols = list(q["options"])
        asked = df[cols].notna().any(axis=1)
        pcts = (df.loc[asked, cols].fillna(0).mean() * 100).rename(q["options"]).sort_values(ascending=False)
        title = f"{pcts.index[0]} is used by {pcts.iloc[0]:.0f}%, ahead of {pcts.index[1]} and {pcts.index[2]}"
        pcts.sort_values().plot.barh(ax=ax)
    else:  # grid
        rows = {}
        for col, item in q["items"].items():
            rows[item] = df[col].value_counts(normalize=True).sort_index() * 100
        table = pd.DataFrame(rows).T.rename(columns=q["labels"])
        best = table["Strongly agree"].idxmax()
        worst = table["Strongly disagree"].idxmax()
        title = (f"{best} gets the most agreement; "
                 f"{worst}: {table.loc[worst, 'Strongly disagree']:.0f}% strongly disagree")
        table.plot.barh(stacked=True, ax=ax)

    deck.chart_slide(slide["id"], title, q["text"], fig, ax)

deck.save(work / "handwritten.pptx")
