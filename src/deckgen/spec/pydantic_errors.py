"""Turning pydantic's validation errors into one actionable line with a position."""

from __future__ import annotations

import types
import typing

from pydantic import BaseModel, ValidationError

from ..errors import InputError, did_you_mean, one_of, quote
from .yamlsource import YamlDoc


def _real_path(data, loc: tuple) -> tuple:
    """Map pydantic's error location onto the document, dropping union tags it inserts."""
    path, cur = [], data
    for i, part in enumerate(loc):
        is_tag = isinstance(cur, dict) and part in (cur.get("kind"), cur.get("type")) and (
            i < len(loc) - 1 or part not in cur)
        if is_tag:  # pydantic names the member of a tagged union by its tag: not a key
            continue
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            cur = cur[part]
        elif isinstance(cur, dict) and part == "[key]":
            continue
        else:
            if isinstance(cur, dict) and isinstance(part, str) and part not in cur and loc[-1] == part:
                # a missing key: point at the mapping that lacks it, but name the key
                path.append(part)
            continue
        path.append(part)
    return tuple(path)


def _unwrap(annotation):
    """Strip Annotated[...] and Optional[...] from an annotation."""
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType) and type(None) in args and len(args) == 2:
            annotation = next(a for a in args if a is not type(None))
        else:
            return annotation


def _model_at(model: type[BaseModel], data, loc: tuple) -> type[BaseModel] | None:
    """The model class that validates the mapping at *loc* (for listing its keys)."""
    annotation, cur = model, data
    for part in loc:
        annotation = _unwrap(annotation)
        origin = typing.get_origin(annotation)
        current_model = _pick_model(annotation, cur)
        if origin in (typing.Union, types.UnionType) and isinstance(cur, dict) and \
                part in (cur.get("kind"), cur.get("type")):
            annotation = current_model  # the tag of a tagged union, not a field
        elif origin is list and isinstance(part, int):
            annotation = typing.get_args(annotation)[0]
            cur = cur[part] if isinstance(cur, list) and part < len(cur) else None
        elif origin is dict:
            annotation = typing.get_args(annotation)[1]
            cur = cur.get(part) if isinstance(cur, dict) else None
        elif current_model is not None and part in current_model.model_fields:
            annotation = current_model.model_fields[part].annotation
            cur = cur.get(part) if isinstance(cur, dict) else None
        # anything else is a union tag pydantic put in the location: skip it
    return _pick_model(_unwrap(annotation), cur)


def _pick_model(annotation, value) -> type[BaseModel] | None:
    """Find the BaseModel an annotation stands for (through unions of tagged models)."""
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return None
    models = [m for m in (_pick_model(a, value) for a in typing.get_args(annotation)) if m is not None]
    if len(models) > 1 and isinstance(value, dict):
        for m in models:
            for tag in ("kind", "type"):
                fld = m.model_fields.get(tag)
                if fld is not None and value.get(tag) in typing.get_args(fld.annotation):
                    return m
    return models[0] if len(models) == 1 else None


def _describe(err: dict, model: type[BaseModel], data) -> tuple[str, str]:
    """Return (key, message) for one pydantic error."""
    loc = tuple(err["loc"])
    kind = err["type"]
    key = ".".join(str(p) for p in _real_path(data, loc)) or "(document)"
    given = err.get("input")
    if kind == "extra_forbidden":
        parent = _model_at(model, data, loc[:-1])
        allowed = [f.alias or name for name, f in parent.model_fields.items()] if parent else []
        hint = did_you_mean(loc[-1], allowed)
        return key, f"unknown key {quote(loc[-1])}{hint}; {one_of(allowed) if allowed else 'remove it'}"
    if kind == "missing":
        return key, f"missing required key '{loc[-1]}'"
    if kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '\"") for c in expected.replace(" or ", ",").split(",") if c.strip()]
        return key, f"{quote(str(given))} is not allowed{did_you_mean(given, choices)}; {one_of(choices)}"
    if kind == "union_tag_invalid":
        tag = err["ctx"]["discriminator"].strip("'")
        choices = [c.strip(" '\"") for c in err["ctx"]["expected_tags"].split(",")]
        return f"{key}.{tag}", (f"{quote(err['ctx']['tag'])} is not a known {tag}"
                                f"{did_you_mean(err['ctx']['tag'], choices)}; {one_of(choices)}")
    if kind == "union_tag_not_found":
        tag = err["ctx"]["discriminator"].strip("'")
        return key, f"missing required key '{tag}'"
    if kind in ("too_short", "too_long"):
        return key, err["msg"].replace("List", "list").replace("Dictionary", "mapping")
    if kind == "value_error":  # a model's own check: its message is the whole story
        return key, str(err["ctx"]["error"])
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return key, f"{err['msg'][0].lower()}{err['msg'][1:]}, got {quote(given)}"
    return key, err["msg"]


def raise_for(exc: ValidationError, model: type[BaseModel], doc: YamlDoc) -> typing.NoReturn:
    """Raise the first of *exc*'s errors as an :class:`InputError` pointing into *doc*."""
    errors = exc.errors(include_url=False)
    # a misspelt key shows up as "unknown key" and "missing key": the first says more
    err = min(errors, key=lambda e: e["type"] != "extra_forbidden")
    key, message = _describe(err, model, doc.data)
    path = _real_path(doc.data, tuple(err["loc"]))
    if err["type"] == "missing":
        path = path[:-1]
    elif err["type"] == "union_tag_invalid":
        path = path + (err["ctx"]["discriminator"].strip("'"),)
    raise InputError(message, doc.where(path), key) from None


def validate(model: type[BaseModel], doc: YamlDoc):
    """Validate *doc* against *model*; bad input raises :class:`InputError`."""
    if not isinstance(doc.data, dict):
        raise InputError(f"expected a mapping of keys at the top, got {type(doc.data).__name__}",
                         doc.where(()))
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise_for(exc, model, doc)
