"""``deckgen init``: a starter project (spec, codebook, synthetic data, brand template) that builds at once."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..errors import InputError
from ..files import file_in_the_way

STARTER = Path(__file__).with_name("starter")
FILES = ("slides.yaml", "data/questions.yaml", "data/responses.csv", "templates/brand.pptx", "slides.schema.json")


def starter_responses(n: int = 400, seed: int = 7):
    """Synthetic respondents for the starter codebook (seeded, so every init is the same)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    region = rng.choice([1, 2, 3, 4], n, p=[0.3, 0.3, 0.25, 0.15])
    columns = {"id": np.arange(1, n + 1), "region": region,
               "satisfaction": rng.choice([1, 2, 3, 4, 5, 9], n, p=[0.05, 0.1, 0.2, 0.35, 0.25, 0.05])}
    for column, p in (("ch_web", 0.7), ("ch_store", 0.45), ("ch_phone", 0.3), ("ch_app", 0.35)):
        columns[column] = (rng.random(n) < p).astype(int)
    for column, p in (("att_easy", [0.05, 0.1, 0.2, 0.4, 0.25]), ("att_value", [0.1, 0.2, 0.3, 0.3, 0.1]),
                      ("att_trust", [0.05, 0.1, 0.25, 0.35, 0.25])):
        columns[column] = rng.choice([1, 2, 3, 4, 5], n, p=p)
    columns["recommend"] = np.clip(np.round(rng.normal(7.2, 2.0, n)), 0, 10).astype(int)
    return columns


def _write_csv(columns: dict, path: Path) -> None:
    import csv

    names = list(columns)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(zip(*(columns[name].tolist() for name in names)))


def init_project(directory: Path) -> Path:
    """Write a starter project into *directory*; refuses to overwrite any of its files."""
    directory = Path(directory)
    _check_folder(directory)
    existing = [name for name in FILES if (directory / name).exists()]
    if existing:
        raise InputError(f"{directory / existing[0]} already exists; deckgen init only starts new projects "
                         "(choose an empty folder)", str(directory))
    try:
        return _write_starter(directory)
    except OSError as exc:
        if exc.errno is None:
            raise
        raise InputError(f"cannot create the project in '{directory}': {exc.strerror}; choose a folder "
                         "you can write to", str(directory)) from None


def _check_folder(directory: Path) -> None:
    """*directory* and every folder above it is a folder (or does not exist yet), not a file."""
    blocking = file_in_the_way(directory)
    if blocking is not None:
        raise InputError(f"'{blocking}' is a file, not a folder; deckgen init needs a folder to start "
                         "the project in (choose a new or empty one)", str(directory))


def _write_starter(directory: Path) -> Path:
    """Write the starter files into *directory* (known to hold none of them); return the spec."""
    from ..spec.schema import spec_schema
    from .brand import make_brand_template

    (directory / "data").mkdir(parents=True, exist_ok=True)
    (directory / "templates").mkdir(exist_ok=True)
    shutil.copyfile(STARTER / "slides.yaml", directory / "slides.yaml")
    shutil.copyfile(STARTER / "questions.yaml", directory / "data" / "questions.yaml")
    _write_csv(starter_responses(), directory / "data" / "responses.csv")
    make_brand_template(directory / "templates" / "brand.pptx")
    (directory / "slides.schema.json").write_text(spec_schema() + "\n", encoding="utf-8")
    return directory / "slides.yaml"
