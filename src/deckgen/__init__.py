"""deckgen: respondent-level survey data + a YAML spec -> a branded, editable PowerPoint deck.

The pipeline runs one way, one package per stage::

    slides.yaml -> spec -> data -> stats -> text -> render -> deck.pptx
"""

__version__ = "0.1.0"
