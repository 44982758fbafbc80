"""The yardstick: the straightforward script an analyst would otherwise write for the same deck.

Reads benchmarks/work/responses.parquet with pandas, works out each slide's
percentages with pandas, draws each chart with matplotlib as a PNG and places
it on a python-pptx slide with a title. Same questions, breakdowns and headline
numbers as benchmarks/work/slides.yaml (made by make_large.py); written plainly,
neither slowed down nor optimised.

Usage: python benchmarks/handwritten.py [WORK_DIR]
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import yaml  # noqa: E402
from pptx import Presentation  # noqa: E402
from pptx.util import Inches, Pt  # noqa: E402

work = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "work")
spec = yaml.safe_load((work / "slides.yaml").read_text())
questions = yaml.safe_load((work / "questions.yaml").read_text())["questions"]
df = pd.read_parquet(work / spec["data"]["responses"])
charts = work / "handwritten_png"
charts.mkdir(exist_ok=True)

prs = Presentation(spec["deck"]["template"])
blank = [layout for layout in prs.slide_layouts if layout.name == "Blank"][0]
for slide_id in list(prs.slides._sldIdLst):  # drop the template's sample slides
    prs.part.drop_rel(slide_id.rId)
    prs.slides._sldIdLst.remove(slide_id)


def add_slide(title, png):
    slide = prs.slides.add_slide(blank)
    box = slide.shapes.add_textbox(Inches(0.5), Inches(0.3), Inches(12.3), Inches(1))
    box.text_frame.word_wrap = True
    box.text_frame.text = title
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(24)
    slide.shapes.add_picture(str(png), Inches(0.5), Inches(1.4), height=Inches(5.6))


first = prs.slides.add_slide(blank)
first.shapes.add_textbox(Inches(1), Inches(3), Inches(11), Inches(1.5)).text_frame.text = spec["deck"]["title"]

for slide in spec["slides"]:
    if slide["kind"] != "chart":
        continue
    key = slide["question"]
    q = questions[key]
    fig, ax = plt.subplots(figsize=(10, 5.6))

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

    ax.set_title(q["text"])
    ax.set_xlabel("%")
    fig.tight_layout()
    png = charts / f"{slide['id']}.png"
    fig.savefig(png, dpi=150)
    plt.close(fig)
    add_slide(title, png)

prs.save(work / "handwritten.pptx")
print(f"wrote {work / 'handwritten.pptx'} ({len(prs.slides)} slides)")
