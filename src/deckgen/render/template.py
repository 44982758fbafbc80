"""Opening the user's template: its layouts by name, and its sample slides removed.

A corporate template works when its layout names match deckgen's roles
(Title, Section, Bullets, Chart) or the spec's ``deck.layouts`` maps the roles
to its own names.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import InputError, Location, did_you_mean, one_of
from ..zipcheck import check_package, drop_thumbnail

_MAIN_CT_POTX = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"


def open_template(path: Path, where: Location):
    """Open *path* as a presentation, with clear errors for the usual wrong files."""
    from pptx import Presentation

    if not path.exists():
        raise InputError(f"template '{path}' not found", where, "deck.template")
    if not zipfile.is_zipfile(path):
        raise InputError(f"template '{path.name}' is not a .pptx file (not a zip package)", where, "deck.template")
    try:
        with zipfile.ZipFile(path) as z:
            content_types = z.read("[Content_Types].xml").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile):
        raise InputError(f"template '{path.name}' is not a PowerPoint package", where, "deck.template") from None
    check_package(path, where, "deck.template")
    if _MAIN_CT_POTX in content_types:
        raise InputError(f"template '{path.name}' is a .potx; open it in PowerPoint and save it as .pptx",
                         where, "deck.template")
    try:
        prs = Presentation(str(path))
    except Exception as exc:  # python-pptx raises a variety of errors for damaged packages
        raise InputError(f"template '{path.name}' cannot be opened ({type(exc).__name__}: {exc})",
                         where, "deck.template") from None
    remove_all_slides(prs)
    _check_layout_parts(prs, path, where)
    drop_thumbnail(prs)
    return prs


def _check_layout_parts(prs, path: Path, where: Location) -> None:
    """Every layout the masters list can be read: a package missing one is damaged, not a deckgen bug."""
    for master in prs.slide_masters:
        try:
            for layout in master.slide_layouts:
                _ = layout.name, len(layout.placeholders)
        except (KeyError, ValueError) as exc:
            raise InputError(f"template '{path.name}' is damaged: its slide master lists a layout "
                             f"that cannot be read ({exc}); open it in PowerPoint and save it again",
                             where, "deck.template") from None


def remove_all_slides(prs) -> None:
    """Delete the template's own (sample) slides.

    Each slide is removed from the slide list *and* its relationship dropped, so
    the slide part leaves the package; otherwise the next slide added would be
    given the same part name and the file would be corrupt.
    """
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        rel_id = sld_id.rId
        id_list.remove(sld_id)
        prs.part.drop_rel(rel_id)


def find_layout(prs, name: str, where: Location, key: str):
    """The slide layout called *name*, or an error listing the template's layouts."""
    names = [layout.name for layout in prs.slide_layouts]
    for layout in prs.slide_layouts:
        if layout.name == name:
            return layout
    raise InputError(f"the template has no layout named '{name}'{did_you_mean(name, names)}; "
                     f"{one_of(names)} (map roles to layouts under deck.layouts)", where, key)
