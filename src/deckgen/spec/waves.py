"""What a tracker's slide keys ask, checked before any data is read.

A tracker reports its current wave; a slide may instead draw every wave (``chart: trend``) or the
current wave beside the previous one (``waves: previous``). Both need data with waves, and both put
the waves where a breakdown's segments would be, so neither takes ``by``. Wave names given as files
are checked here; a wave column's names are known only once the data is read (``stats.waves``).
"""

from __future__ import annotations

from ..errors import InputError, did_you_mean, one_of
from .codebook import NumericQuestion

#: The kinds that can show the current wave beside the previous one: the waves become their series.
BESIDE = ("bar", "column", "table", "stacked", "kpi", "dot", "line")


def check_wave_slide(project, i: int, slide, q) -> None:
    """A chart slide's wave keys (``answers``, ``form``, ``waves``, ``versus``) fit its kind and the data."""
    def fail(key: str, message: str):
        raise InputError(message, project.where("slides", i, key), f"slides.{i}.{key}")

    data = project.spec.data
    trend = slide.chart == "trend"
    for key, given in (("answers", slide.answers is not None), ("form", slide.form != "line")):
        if given and not trend:
            fail(key, f"'{key}' belongs to a trend (chart: trend), and this slide is a '{slide.chart}' chart")
    over_waves = trend or slide.waves == "previous"
    if not over_waves and slide.versus is None:
        return
    if not data.tracker:
        key = "chart" if trend else "waves" if slide.waves == "previous" else "versus"
        fail(key, "this slide compares waves, and the data has one; give 'data.waves' (a file per wave) or "
                  "'data.wave' (the column naming each respondent's wave)")
    if slide.versus is not None and not over_waves:
        fail("versus", "'versus' names the wave others are tested against, on a trend or with 'waves: previous'")
    if slide.waves == "previous":
        if trend:
            fail("waves", "a trend shows every wave already; leave out 'waves: previous'")
        if slide.chart not in BESIDE:
            fail("waves", f"'waves: previous' draws the two waves as series, which a '{slide.chart}' chart cannot; "
                          f"{one_of(BESIDE)}")
        if slide.by is not None:
            fail("by", "'waves: previous' puts the waves where the segments of 'by' would be; give one of them")
    if data.waves is not None and slide.versus is not None:
        names = [w.name for w in data.waves]
        if slide.versus not in names:
            fail("versus", f"'{slide.versus}' is not a wave{did_you_mean(slide.versus, names)}; waves are "
                           + ", ".join(names))
    if trend and slide.answers is not None:
        if isinstance(q, NumericQuestion):
            fail("answers", f"'{slide.question}' is numeric: its trend is the mean, so it has no answers to choose")
        known = _answers(q, slide)
        for j, answer in enumerate(slide.answers):
            if answer not in known:
                raise InputError(f"'{answer}' is not an answer or NET of '{slide.question}'"
                                 f"{did_you_mean(answer, known)}", project.where("slides", i, "answers", j),
                                 f"slides.{i}.answers.{j}")


def _answers(q, slide) -> list[str]:
    """The answers and NETs a trend of *q* can draw (a grid's, when the slide shows one statement)."""
    labels = list(getattr(q, "labels", {}).values()) or list(getattr(q, "options", {}).values())
    return labels + list(getattr(q, "net_members", dict)())
