"""Generate the example's SYNTHETIC respondent data (``data/responses.csv``).

The 2010 IPSOS survey of social media in Swedish municipalities and county
councils was published only as a summary. This script builds one row per
respondent whose aggregates agree with every statement in that summary:
223 responses (207 municipalities, 16 county councils) of 310 invited, just
over 60% using social media, Facebook the most used medium, Kultur,
Grundskola/Gymnasium and Fritid the most active other municipal departments,
Sjukhus in the county councils, Facebook the forum with most open dialogue,
dialogue and news the main purposes, and among non-users most planning to
start while just under half lack resources.

Counts are fixed; only who gave which answer is random (seeded), so the file
is the same on every run. Two columns were added later, from their own seeded
generator drawn after everything else, so every earlier column stayed as it
was: ``size`` (the municipality's population band; blank for county councils)
and ``advice``, the users' free-text advice to organisations about to start,
in the spirit of the summary ("våga börja, men ta fram riktlinjer och
strategi först"), some of it blank or uninformative as real answers are.
Codes follow ``data/questions.yaml``; an empty cell means the question was
not asked.

    python data/make_data.py [OUTPUT.csv]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 2010
ORGS = {1: 207, 2: 16}  # Kommun, Landsting
USES = {1: {1: 124, 2: 77, 3: 6}, 2: {1: 14, 2: 2}}  # org -> uses_social code -> count
MODE_PHONE = 33
MEDIA = {"media_facebook": 109, "media_youtube": 68, "media_twitter": 61, "media_blog": 47,
         "media_flickr": 22, "media_linkedin": 12, "media_other": 9}
DEPARTMENTS = {
    1: {"dep_kultur": 61, "dep_skola": 54, "dep_fritid": 47, "dep_turism": 38, "dep_politiker": 29,
        "dep_raddning": 17, "dep_aldre": 11, "dep_kollektivtrafik": 2},
    2: {"dep_sjukhus": 9, "dep_primarvard": 5, "dep_kollektivtrafik": 4, "dep_kultur": 3,
        "dep_politiker": 2, "dep_turism": 1},
}
NO_DEPARTMENTS = {1: 18, 2: 2}  # "Inga andra", exclusive of the rest
DEPARTMENT_COLUMNS = ["dep_kultur", "dep_skola", "dep_fritid", "dep_turism", "dep_politiker", "dep_raddning",
                      "dep_aldre", "dep_sjukhus", "dep_primarvard", "dep_kollektivtrafik", "dep_inga"]
COMM = {  # asked of the users of each medium: open dialogue, some dialogue, one-way
    "comm_facebook": ("media_facebook", [57, 36, 16]),
    "comm_youtube": ("media_youtube", [6, 14, 48]),
    "comm_twitter": ("media_twitter", [19, 24, 18]),
    "comm_blog": ("media_blog", [17, 17, 13]),
}
PURPOSE = [49, 44, 21, 11, 6, 7]  # codes 1..6, asked of users
ADVICE_SEED = 2011  # the later columns' own generator: the earlier columns never see it
SIZES = [0.45, 0.40, 0.15]  # municipalities by population band (codes 1..3 in questions.yaml)
ADVICE_ANSWERED = 0.8  # share of users who wrote something
#: Sentences an answer is made of: an opening piece of advice, then possibly a second and a third.
ADVICE_OPENINGS = [
    "Våga börja, men ta fram riktlinjer och strategi först.",
    "Börja i liten skala och utvärdera innan ni breddar.",
    "Ta fram en tydlig strategi för vad ni vill uppnå med varje kanal.",
    "Se till att det finns resurser avsatta, det tar mer tid än man tror.",
    "Förankra arbetet hos ledningen innan ni startar.",
    "Välj ett fåtal kanaler och gör dem bra i stället för att finnas överallt.",
    "Utse en ansvarig redaktör och ett par vikarier som kan ta över vid semester.",
    "Tänk på att sociala medier handlar om dialog, inte bara om att lägga ut nyheter.",
    "Skriv riktlinjer för moderering innan första inlägget publiceras.",
    "Lär av andra kommuner som redan har kommit igång.",
    "Utbilda medarbetarna i både teknik och tonläge innan ni sätter igång.",
    "Var beredd på kritik och bestäm i förväg hur den ska bemötas.",
]
ADVICE_MORE = [
    "Svara snabbt på frågor, helst samma dag.",
    "Medborgarna förväntar sig svar även på kvällar och helger.",
    "Bevaka sidan varje dag, även när det är lugnt.",
    "Glöm inte att diarieföra det som är allmän handling.",
    "Koppla arbetet till kommunens övergripande kommunikationsplan.",
    "Mät vad som fungerar och justera efter hand.",
    "Använd bilder och film, det ger mest respons.",
    "Låt verksamheterna själva stå för innehållet, men med stöd från informationsavdelningen.",
    "Ha en plan för krisinformation i kanalerna.",
    "Var personliga men professionella i tonen.",
    "Det är bättre att vänta än att starta halvhjärtat.",
    "Ta hjälp av juristen när det gäller personuppgifter och yttrandefrihet.",
]
ADVICE_SHORT = ["Nej", "Vet ej", "-", "Inga råd", "Kör!", "Våga!", "Nej, inget särskilt", "Ingen kommentar"]
REASONS = {"reason_planning": 49, "reason_resources": 38, "reason_guidelines": 21,
           "reason_security": 15, "reason_need": 11, "reason_other": 5}  # asked of non-users ("Nej")


def _shuffled(rng: np.random.Generator, counts: list[int], codes: list[int]) -> np.ndarray:
    """Exactly counts[i] copies of codes[i], in random order."""
    return rng.permutation(np.repeat(codes, counts))


def _pick(rng: np.random.Generator, rows: np.ndarray, k: int, prefer: np.ndarray | None = None) -> np.ndarray:
    """Choose k of *rows*, taking the *prefer* rows first."""
    if prefer is not None:
        first = rng.permutation(rows[np.isin(rows, prefer)])[:k]
        rest = rng.permutation(rows[~np.isin(rows, first)])[: k - len(first)]
        return np.concatenate([first, rest])
    return rng.permutation(rows)[:k]


def _mention(df: pd.DataFrame, rng, asked: np.ndarray, column: str, k: int, prefer=None) -> None:
    df.loc[asked, column] = 0
    df.loc[_pick(rng, asked, k, prefer), column] = 1


def make(seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    org = _shuffled(rng, list(ORGS.values()), list(ORGS))
    df = pd.DataFrame({"resp_id": np.arange(1, len(org) + 1), "org_type": org})
    df["mode"] = _shuffled(rng, [len(df) - MODE_PHONE, MODE_PHONE], [1, 2])
    df["uses_social"] = 0
    for code, by_use in USES.items():
        rows = df.index[df.org_type == code]
        df.loc[rows, "uses_social"] = _shuffled(rng, list(by_use.values()), list(by_use))

    columns = list(MEDIA) + DEPARTMENT_COLUMNS + list(COMM) + ["purpose"] + list(REASONS)
    df = df.reindex(columns=list(df.columns) + columns).astype("Int64")
    users = df.index[df.uses_social == 1].to_numpy()
    for column, k in MEDIA.items():
        if column == "media_other":  # a user mentions at least one medium
            none_yet = users[df.loc[users, list(MEDIA)[:-1]].sum(axis=1).to_numpy() == 0]
            _mention(df, rng, users, column, k, prefer=none_yet)
        else:
            _mention(df, rng, users, column, k)

    for code, counts in DEPARTMENTS.items():
        asked = df.index[(df.uses_social == 1) & (df.org_type == code)].to_numpy()
        df.loc[asked, DEPARTMENT_COLUMNS] = 0
        nobody = _pick(rng, asked, NO_DEPARTMENTS[code])
        df.loc[nobody, "dep_inga"] = 1
        others = asked[~np.isin(asked, nobody)]
        for column, k in counts.items():
            df.loc[_pick(rng, others, k), column] = 1

    for column, (medium, counts) in COMM.items():
        asked = df.index[df[medium] == 1].to_numpy()
        df.loc[asked, column] = _shuffled(rng, counts, [1, 2, 3])
    df.loc[users, "purpose"] = _shuffled(rng, PURPOSE, list(range(1, len(PURPOSE) + 1)))

    non_users = df.index[df.uses_social == 2].to_numpy()
    for column, k in REASONS.items():
        _mention(df, rng, non_users, column, k)
    _later_columns(df, np.random.default_rng(ADVICE_SEED))
    return df


def _later_columns(df: pd.DataFrame, rng: np.random.Generator) -> None:
    """``size`` and ``advice``, drawn from *rng* alone, after every other column (which they never change)."""
    municipalities = df.org_type == 1
    df["size"] = pd.array([pd.NA] * len(df), dtype="Int64")
    df.loc[municipalities, "size"] = rng.choice([1, 2, 3], int(municipalities.sum()), p=SIZES)
    advice: list[str] = []
    for uses in df.uses_social:
        if uses != 1 or rng.random() > ADVICE_ANSWERED:
            advice.append("")
        elif rng.random() < 0.15:
            advice.append(str(rng.choice(ADVICE_SHORT)))
        else:
            sentences = [str(rng.choice(ADVICE_OPENINGS))]
            more = rng.choice(ADVICE_MORE, size=int(rng.integers(0, 3)), replace=False)
            text = " ".join(sentences + [str(m) for m in more])
            advice.append(text.lower() if rng.random() < 0.1 else text)  # some write without capitals
    df["advice"] = advice


def main(argv: list[str]) -> None:
    out = Path(argv[0]) if argv else Path(__file__).with_name("responses.csv")
    make().to_csv(out, index=False, lineterminator="\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
