"""A tracker's tables: waves as the columns, and each wave tested against the one before it.

The tabulator answers a query for several waves (``TableQuery.waves``) by tabulating each wave's
respondents alone, exactly as the current wave's slides are, and setting the columns side by side
on a ``wave`` axis, each with its own base and effective base. So a wave's share on a trend is the
share the same slide showed when that wave was current.

A change between waves is tested as two independent samples, the way segments are: shares by the
pooled two-proportion z test on effective bases (:func:`~.significance.z_scores`), means by Welch's
t (:func:`~.welch.welch_t`). Each wave is compared with the wave before it, or with one named base
wave (``versus``); the result is a :class:`~.table.Significance` whose ``versus`` is ``wave`` and
whose comparisons name the wave compared against, higher or lower.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .significance import critical_z, p_value, z_scores
from .table import MEAN, Axis, Comparison, Significance, Table
from .tdist import t_two_sided_p
from .welch import welch_t

#: ``Significance.versus`` of a table whose waves were tested against each other.
WAVE = "wave"


def wave_table(tables: list[Table], names: tuple[str, ...]) -> Table:
    """One column per wave, from each wave's own one-column table (answers × total), oldest first.

    The rows are the last (current) wave's; a row a wave lacks is empty (NaN) there.
    """
    current = tables[-1]
    rows = current.rows
    shape = (len(rows), len(tables))

    def cells(name: str, default=np.nan) -> np.ndarray | None:
        out = np.full(shape, default, dtype=float)
        for j, t in enumerate(tables):
            values = getattr(t, name) if name != "effective" else t.effective_bases
            if values is None:
                return None
            for i, row in enumerate(rows):
                if row in t.rows:
                    out[i, j] = values[t.rows.labels.index(row), 0]
        return out

    weighted = any(t.weighted for t in tables)
    bases = cells("bases", 0).astype(int)
    columns = Axis("wave", names, bases=tuple(t.total_base for t in tables))
    return replace(current, columns=columns, counts=cells("counts"), props=cells("props"), bases=bases,
                   weighted=weighted, effective=cells("effective") if weighted else None,
                   spread=cells("spread"), weight_sums=cells("weight_sums"), significance=None)


def tested_against(names: tuple[str, ...], versus: str | None) -> list[tuple[int, int]]:
    """(wave, the wave it is tested against) by position: each against the one before it, or every other
    wave against *versus*."""
    if versus is None:
        return [(j, j - 1) for j in range(1, len(names))]
    base = names.index(versus)
    return [(j, base) for j in range(len(names)) if j != base]


def wave_tests(table: Table, level: float = 0.95, versus: str | None = None, min_base: float = 0.0) -> Table:
    """*table* (waves as columns) with each wave tested against the previous one (or wave *versus*):
    every significant change, higher or lower, as a :class:`Comparison`. Waves whose effective base is
    below *min_base* are not tested; nor is a table whose columns are not waves."""
    waves = table.columns
    if waves.role != "wave" or len(waves) < 2:
        return table
    found = []
    pairs = tested_against(waves.labels, versus)
    if table.measure == "mean":
        if table.spread is None or table.weight_sums is None or MEAN not in table.rows:
            return table
        r = table.rows.index(MEAN)
        means, sds, bases = table.props[r], table.spread[r], table.effective_bases[r].astype(float)
        for j, b in pairs:
            if bases[j] < min_base or bases[b] < min_base:
                continue
            t, df = welch_t(means[j], sds[j], bases[j], means[b], sds[b], bases[b])
            p = t_two_sided_p(t, df)
            if p < 1 - level:
                found.append(Comparison(MEAN, waves[j], waves[b], t, p))
    else:
        z_crit = critical_z(level)
        props = table.props.astype(float)
        bases = table.effective_bases.astype(float)
        for j, b in pairs:
            z = z_scores(props[:, j], bases[:, j], props[:, b], bases[:, b])
            found += [Comparison(table.rows[i], waves[j], waves[b], float(z[i]), p_value(float(z[i])))
                      for i in range(len(table.rows))
                      if bases[i, j] >= min_base and bases[i, b] >= min_base and abs(z[i]) > z_crit]
    return replace(table, significance=Significance(level, WAVE, "none", tuple(found)))
