"""``deckgen preview``: pictures of a deck, without PowerPoint.

The deck is converted to PDF by LibreOffice (headless, with a private,
throw-away user profile, so it works while another LibreOffice is open and in
CI as root), and the PDF's pages are rasterised by poppler's ``pdftoppm`` into
``slide-NN.png`` files. A contact sheet (``contact-sheet.png``) shows every
slide as a numbered thumbnail.

Nothing heavy is imported at module level: Pillow is imported when the contact
sheet is drawn.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import limits
from .errors import InputError, quote

INSTALL_HINT = ("apt-get install libreoffice-impress fonts-crosextra-carlito poppler-utils "
                "(or brew install --cask libreoffice poppler)")
#: Where LibreOffice lives on macOS when it is not on PATH.
MAC_SOFFICE = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")
#: Seconds LibreOffice may take to convert one deck.
CONVERT_TIMEOUT = 180.0
#: Seconds pdftoppm may take.
RASTER_TIMEOUT = 120.0

THUMB_WIDTH = 320
COLUMNS = 4
CONTACT_SHEET = "contact-sheet.png"
_SLIDE_PNG = re.compile(r"^slide-(\d+)\.png$")


@dataclass
class Preview:
    pdf: Path | None  # the PDF, when asked for (fmt="pdf") or kept (keep_pdf=True)
    pages: list[Path] = field(default_factory=list)  # the slide-NN.png files written by this call
    contact_sheet: Path | None = None  # contact-sheet.png, rebuilt from every slide PNG in the folder


class PreviewUnavailable(InputError):
    """LibreOffice or poppler is not installed."""


def find_soffice() -> str:
    """The LibreOffice executable, or :class:`PreviewUnavailable`."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found and MAC_SOFFICE.exists():
        found = str(MAC_SOFFICE)
    if not found:
        raise PreviewUnavailable(f"LibreOffice is not installed: {INSTALL_HINT}")
    return found


def find_pdftoppm() -> str:
    """poppler's pdftoppm, or :class:`PreviewUnavailable`."""
    found = shutil.which("pdftoppm")
    if not found:
        raise PreviewUnavailable(f"poppler's pdftoppm is not installed: {INSTALL_HINT}")
    return found


def preview_available() -> bool:
    """Whether LibreOffice and pdftoppm are both installed."""
    try:
        find_soffice()
        find_pdftoppm()
    except PreviewUnavailable:
        return False
    return True


def default_out_dir(source: str | Path, output: str | Path | None = None) -> Path:
    """Where previews go unless told: a ``preview`` folder beside the deck.

    *source* is a spec (the deck is *output*, or the spec's ``deck.output``) or a .pptx/.pdf itself.
    When the spec does not load, ``<spec folder>/out/preview``.
    """
    source = Path(source)
    if output is not None:
        return Path(output).parent / "preview"
    if source.suffix.lower() in (".pptx", ".pdf"):
        return source.parent / "preview"
    try:
        from .data import open_project

        return open_project(source).output_path.parent / "preview"
    except InputError:
        return source.parent / "out" / "preview"


def parse_pages(text: str) -> list[int]:
    """``"2,5-7"`` -> ``[2, 5, 6, 7]``; an :class:`InputError` for anything else.

    No slide number may pass the limit ``pages``: ``1-999999999`` would otherwise build a set of a
    billion numbers before the deck is even looked at.
    """
    pages: set[int] = set()
    for part in text.split(","):
        match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if not match:
            raise InputError(f"--pages {quote(text)}: expected slide numbers like 2,5-7")
        first, last = (_page(text, digits) for digits in (match.group(1), match.group(2) or match.group(1)))
        if first < 1 or last < first:
            raise InputError(f"--pages {quote(text)}: expected slide numbers like 2,5-7")
        pages.update(range(first, last + 1))
    return sorted(pages)


def _page(text: str, digits: str) -> int:
    """One slide number of ``--pages``, within the limit ``pages`` (checked before Python parses it)."""
    most = limits.current().pages
    if len(digits.lstrip("0")) > len(str(most)) or int(digits) > most:
        raise limits.exceeded("pages", f"{quote(text)} names slide {quote(digits, 20)}", None,
                              "--pages")
    return int(digits)


def render_preview(deck: str | Path, out_dir: str | Path, fmt: str = "png", dpi: int = 80,
                   pages: Iterable[int] | None = None, *, keep_pdf: bool = False,
                   timeout: float = CONVERT_TIMEOUT) -> Preview:
    """Render *deck* (a .pptx, or an already converted .pdf) into *out_dir*.

    ``fmt="png"``: one ``slide-NN.png`` per slide (``pages``: only those 1-based slide numbers; other
    slide PNGs already in *out_dir* are kept) and ``contact-sheet.png``. ``fmt="pdf"``: only the PDF,
    copied to ``out_dir/<deck stem>.pdf``. Raises :class:`InputError` (one line) when the deck is
    missing or cannot be converted, :class:`PreviewUnavailable` when LibreOffice or pdftoppm is missing.
    """
    deck = Path(deck)
    out_dir = Path(out_dir)
    if fmt not in ("png", "pdf"):
        raise InputError(f"unknown preview format '{fmt}'; expected one of 'png', 'pdf'")
    if not deck.is_file():
        raise InputError(f"deck '{deck}' not found", deck)
    if dpi < 10 or dpi > 600:
        raise InputError(f"dpi {dpi} is out of range; expected 10 to 600")
    wanted = None if pages is None else sorted(set(int(p) for p in pages))
    is_pdf = deck.suffix.lower() == ".pdf"
    soffice = None if is_pdf else find_soffice()
    pdftoppm = find_pdftoppm() if fmt == "png" else None
    out_dir.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="deckgen-preview-") as tmp:
        tmp = Path(tmp)
        pdf = deck if is_pdf else _convert(soffice, deck, tmp, timeout)
        kept = None
        if fmt == "pdf" or keep_pdf:
            kept = out_dir / f"{deck.stem}.pdf"
            if pdf.resolve() != kept.resolve():
                _copy_atomic(pdf, kept)
        if fmt == "pdf":
            return Preview(kept, [], None)
        if wanted == []:  # nothing to rasterise; still refresh the contact sheet
            return Preview(kept, [], contact_sheet(out_dir))
        count = _page_count(pdf, deck)
        if wanted is not None:
            bad = [p for p in wanted if not 1 <= p <= count]
            if bad:
                raise InputError(f"slide {bad[0]} does not exist; the deck has {count} slides", deck)
        width = max(2, len(str(count)))
        _tidy(out_dir, count, width)
        written = _rasterise(pdftoppm, pdf, out_dir, dpi, wanted, count, width)
    return Preview(kept, written, contact_sheet(out_dir))


def _convert(soffice: str, deck: Path, tmp: Path, timeout: float) -> Path:
    """Convert *deck* to PDF in *tmp* with a private LibreOffice profile; return the PDF."""
    profile = tmp / "profile"
    outdir = tmp / "pdf"
    outdir.mkdir()
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
               "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               "--convert-to", "pdf", "--outdir", str(outdir), str(deck.resolve())]
    try:
        code, output = _run(command, timeout)
    except FileNotFoundError:
        raise PreviewUnavailable(f"LibreOffice is not installed: {INSTALL_HINT}") from None
    except subprocess.TimeoutExpired:
        raise InputError(f"LibreOffice did not convert the deck within {timeout:g} s", deck) from None
    pdf = outdir / f"{deck.stem}.pdf"
    if code != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        detail = _last_line(output)
        raise InputError("LibreOffice could not convert the deck to PDF"
                         + (f" (exit code {code})" if code else "") + (f": {detail}" if detail else ""), deck)
    return pdf


def _run(command: list[str], timeout: float, env: dict | None = None) -> tuple[int, str]:
    """Run *command* in its own process group; kill the whole group on timeout or interrupt."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
    except BaseException:  # timeout, KeyboardInterrupt: no LibreOffice left behind
        _kill_group(process)
        process.communicate()
        raise
    return process.returncode, output.decode("utf-8", "replace")


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        process.kill()


def _last_line(output: str) -> str:
    lines = [line.strip() for line in output.splitlines()
             if line.strip() and "javaldx" not in line and not line.startswith("convert ")]
    return lines[-1] if lines else ""


def _page_count(pdf: Path, deck: Path) -> int:
    """The PDF's page count: pdfinfo (poppler) when present, else the deck's slide count."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        try:
            code, output = _run([pdfinfo, str(pdf)], RASTER_TIMEOUT)
            match = re.search(r"^Pages:\s+(\d+)", output, re.MULTILINE)
            if code == 0 and match:
                return int(match.group(1))
        except (OSError, subprocess.TimeoutExpired):
            pass
    if deck.suffix.lower() == ".pdf":  # no pdfinfo: count the pages' objects
        return max(1, len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes())))
    import zipfile

    with zipfile.ZipFile(deck) as z:
        return sum(1 for name in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", name))


def _slide_pngs(out_dir: Path) -> dict[int, Path]:
    """The slide-N.png files in *out_dir*, by slide number."""
    found: dict[int, Path] = {}
    for path in out_dir.glob("slide-*.png"):
        match = _SLIDE_PNG.match(path.name)
        if match:
            found.setdefault(int(match.group(1)), path)
    return found


def _tidy(out_dir: Path, count: int, width: int) -> None:
    """Remove slide PNGs past the deck's end; rename others to the deck's zero-padding width."""
    for path in out_dir.glob("slide-*.png"):
        match = _SLIDE_PNG.match(path.name)
        if not match:
            continue
        number = int(match.group(1))
        proper = out_dir / f"slide-{number:0{width}d}.png"
        if number < 1 or number > count:
            path.unlink(missing_ok=True)
        elif path.name != proper.name:
            if proper.exists():
                path.unlink(missing_ok=True)
            else:
                os.replace(path, proper)


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """[1, 2, 3, 7] -> [(1, 3), (7, 7)]"""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _rasterise(pdftoppm: str, pdf: Path, out_dir: Path, dpi: int, wanted: list[int] | None, count: int,
               width: int) -> list[Path]:
    """pdftoppm the wanted pages into a scratch folder inside *out_dir*, then move them into place."""
    ranges = [(1, count)] if wanted is None else _runs(wanted)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix=".deckgen-", dir=out_dir) as scratch:
        scratch = Path(scratch)
        for first, last in ranges:
            command = [pdftoppm, "-png", "-r", str(dpi), "-f", str(first), "-l", str(last), str(pdf),
                       str(scratch / "page")]
            try:
                code, output = _run(command, RASTER_TIMEOUT)
            except subprocess.TimeoutExpired:
                raise InputError(f"pdftoppm did not finish within {RASTER_TIMEOUT:g} s", pdf) from None
            if code != 0:
                detail = _last_line(output)
                raise InputError(f"pdftoppm could not rasterise the PDF (exit code {code})"
                                 + (f": {detail}" if detail else ""), pdf)
        for path in sorted(scratch.glob("page-*.png")):
            number = int(path.stem.rsplit("-", 1)[1])
            target = out_dir / f"slide-{number:0{width}d}.png"
            os.replace(path, target)
            written.append(target)
    expected = count if wanted is None else len(wanted)
    if len(written) != expected:
        raise InputError(f"pdftoppm wrote {len(written)} pages, expected {expected}", pdf)
    return sorted(written)


def _copy_atomic(source: Path, target: Path) -> None:
    scratch = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(source, scratch)
    os.replace(scratch, target)


def contact_sheet(out_dir: str | Path, thumb_width: int = THUMB_WIDTH, columns: int = COLUMNS) -> Path | None:
    """Draw every slide-NN.png in *out_dir* as a numbered thumbnail grid into contact-sheet.png.

    Returns the sheet's path, or None (and removes a stale sheet) when there are no slide PNGs.
    """
    from PIL import Image, ImageDraw, ImageFont

    out_dir = Path(out_dir)
    target = out_dir / CONTACT_SHEET
    slides = sorted(_slide_pngs(out_dir).items())
    if not slides:
        target.unlink(missing_ok=True)
        return None
    thumbs = []
    for number, path in slides:
        with Image.open(path) as image:
            image = image.convert("RGB")
            height = max(1, round(image.height * thumb_width / image.width))
            thumbs.append((number, image.resize((thumb_width, height), Image.LANCZOS)))
    thumb_height = max(t.height for _, t in thumbs)
    gap, label = 16, 24
    cols = min(columns, len(thumbs))
    rows = -(-len(thumbs) // cols)
    sheet = Image.new("RGB", (cols * thumb_width + (cols + 1) * gap,
                              rows * (thumb_height + label) + (rows + 1) * gap), (236, 236, 236))
    draw = ImageDraw.Draw(sheet)
    try:
        font = ImageFont.load_default(size=15)
    except (TypeError, ImportError, OSError):  # Pillow < 10.1 or without FreeType: the bitmap font
        font = ImageFont.load_default()
    for k, (number, thumb) in enumerate(thumbs):
        row, col = divmod(k, cols)
        x = gap + col * (thumb_width + gap)
        y = gap + row * (thumb_height + label + gap)
        sheet.paste(thumb, (x, y))
        draw.rectangle((x - 1, y - 1, x + thumb_width, y + thumb.height), outline=(180, 180, 180))
        text = str(number)
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        draw.text((x + (thumb_width - (right - left)) / 2 - left, y + thumb_height + (label - (bottom - top)) / 2 - top),
                  text, fill=(60, 60, 60), font=font)
    scratch = out_dir / f".{CONTACT_SHEET}.tmp"
    sheet.save(scratch, format="PNG")
    os.replace(scratch, target)
    return target
