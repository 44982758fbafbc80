"""A build's stages as they finish, told to whoever asked (``deckgen build`` prints them on long builds).

Each stage is reported from where it happens (the data stage reports reading a file, the build loop
composing and placing the slides) through a plain callable handed down, so no lower layer knows who
listens or how it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Stage:
    """One finished stage: *name* ("reading", "coding", …), its wall-clock *seconds*, and *count* things of
    *unit* it handled ("rows", "questions", "tables", "slides"); *subject* names what it worked on (a file)."""

    name: str
    seconds: float
    count: int = 0
    unit: str = ""
    subject: str = ""


#: Told each stage as it finishes.
OnStage = Callable[[Stage], None]
