"""Write ``src/deckgen/render/metrics.py``: the advance widths of Calibri's characters, regular and bold.

    python scripts/font_metrics.py     # needs Carlito (metric-compatible with Calibri), e.g. fonts-crosextra-carlito

Office themes set their text in Calibri, and deckgen sizes text itself (PowerPoint's autofit runs only
when a file is opened in PowerPoint), so it needs to know how wide a text will be. Carlito has exactly
Calibri's advance widths; this script measures them once, and the table is committed.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import ImageFont

#: The characters measured: printable Latin-1 and the typographic marks survey decks use.
CHARS = "".join(chr(c) for c in range(32, 127)) + "".join(chr(c) for c in range(160, 256)) + \
    "–—‘’‚“”„…•€▲▼\u2009\u2007\u202f≥≤±×÷"
UNITS = 1000


def widths(style: str) -> list[int]:
    path = subprocess.run(["fc-match", "-f", "%{file}", f"Carlito:{style}"], capture_output=True, text=True,
                          check=True).stdout
    if "Carlito" not in path:
        raise SystemExit(f"Carlito {style} is not installed (fc-match gave {path})")
    font = ImageFont.truetype(path, UNITS)
    return [round(font.getlength(ch)) for ch in CHARS]


def main() -> None:
    regular, bold = widths("regular"), widths("bold")
    out = Path(__file__).resolve().parents[1] / "src" / "deckgen" / "render" / "metrics.py"
    rows = ",\n".join(f"    {ch!r}: ({r}, {b})" for ch, r, b in zip(CHARS, regular, bold))
    out.write_text(f'''"""Advance widths of Calibri (measured from the metric-compatible Carlito), in thousandths of the size.

Written by ``scripts/font_metrics.py``; do not edit. Each character maps to (regular, bold).
"""

WIDTHS = {{
{rows},
}}
''', encoding="utf-8")
    print(f"wrote {out} ({len(CHARS)} characters)")


if __name__ == "__main__":
    main()
