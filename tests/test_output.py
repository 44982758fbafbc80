"""The deck file itself: valid OOXML, byte-identical across builds, written atomically."""

from __future__ import annotations

import hashlib
import zipfile

import pytest

from deckgen.build import build
from deckgen.errors import InputError


def audit_errors(path) -> list[str]:
    audit = pytest.importorskip("openxml_audit")
    result = audit.validate_pptx(str(path))
    return [str(e) for e in result.errors]


def test_example_passes_openxml_audit(example_deck):
    assert audit_errors(example_deck) == []


def test_builds_are_byte_identical(project, tmp_path):
    first, second = tmp_path / "a.pptx", tmp_path / "b.pptx"
    build(project, first)
    build(project, second)
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()


def test_template_sample_slides_are_gone_and_parts_unique(example_deck, root):
    with zipfile.ZipFile(example_deck) as z:
        names = z.namelist()
        slides = [n for n in names if n.startswith("ppt/slides/slide") and n.endswith(".xml")]
        assert len(slides) == 11
        assert len(names) == len(set(names))
        assert b"Sample title" not in b"".join(z.read(n) for n in slides)


def test_failed_build_leaves_previous_deck_untouched(project, tmp_path):
    out = tmp_path / "deck.pptx"
    build(project, out)
    before = out.read_bytes()
    text = project.read_text(encoding="utf-8").replace("question: purpose", "question: purpse")
    project.write_text(text, encoding="utf-8")
    with pytest.raises(InputError):
        build(project, out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".deck.pptx")] == []


def test_failure_while_saving_leaves_no_partial_file(project, tmp_path, monkeypatch):
    from deckgen.render import package

    out = tmp_path / "deck.pptx"
    build(project, out)
    before = out.read_bytes()

    monkeypatch.setattr(package.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        build(project, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "deck.pptx", "slides.yaml", "templates"]
