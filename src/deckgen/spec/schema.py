"""The JSON Schema of ``slides.yaml``, for editors that complete and check keys as you type.

Point an editor at it with a first line ``# yaml-language-server: $schema=slides.schema.json``
(VS Code's YAML extension and other language-server clients read it).
"""

from __future__ import annotations

import json


def spec_schema() -> str:
    """The schema as indented JSON text (stable key order, so it diffs cleanly)."""
    from .locales import localized_schema
    from .models import Spec

    schema = localized_schema(Spec.model_json_schema(by_alias=True))  # any text may be written per locale
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "deckgen slides.yaml"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True)
