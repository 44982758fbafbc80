"""Safe YAML loading that remembers where every value came from.

The spec is composed into YAML nodes (never constructed into arbitrary Python
objects) and converted to plain dicts, lists and scalars by hand, recording the
line and column of every key and item. Validation errors can then point at the
exact place in the user's file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Location

try:  # the C loader is several times faster when libyaml is present
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

Path_ = tuple  # a path into the document: ("slides", 3, "chart")


@dataclass
class YamlDoc:
    """A loaded YAML document: plain data plus the position of every node."""

    file: str
    data: Any
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: tuple) -> Location:
        """The location of *path*, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        line, col = self.positions.get(path, (None, None))
        return Location(self.file, line, col)


def _scalar(node: yaml.ScalarNode, loader) -> Any:
    # Resolve tags with the safe constructor: ints, floats, bools, nulls, strings.
    return loader.construct_object(node, deep=True)


_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def _convert(node, loader, path: tuple, positions: dict, file: str) -> Any:
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
        loc = Location(file, node.start_mark.line + 1, node.start_mark.column + 1)
        raise InputError(f"YAML syntax error: the tag '{node.tag}' is not allowed; write plain values", loc)
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                loc = Location(file, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                raise InputError("mapping keys must be plain scalars", loc)
            key = _scalar(key_node, loader)
            if key == "<<":
                loc = Location(file, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                raise InputError("YAML merge keys ('<<') are not supported; write the keys out", loc)
            if key in out:
                loc = Location(file, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                raise InputError(f"duplicate key '{key}'; each key may appear once", loc)
            child = path + (key,)
            out[key] = _convert(value_node, loader, child, positions, file)
            # point keys at the key itself, which is where a reader looks
            positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, loader, path + (i,), positions, file) for i, item in enumerate(node.value)]
    return _scalar(node, loader)


def load_yaml(path: str | Path) -> YamlDoc:
    """Load one YAML file safely, raising :class:`InputError` with a position on any problem."""
    path = Path(path)
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", shown) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start}); save the file as UTF-8", shown) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", shown) from None
    return parse_yaml(text, shown)


def parse_yaml(text: str, file: str = "<string>") -> YamlDoc:
    """Parse YAML *text*; *file* names it in errors."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        positions: dict = {}
        data = _convert(node, loader, (), positions, file) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and mark is not None and mark.index >= len(text.rstrip()):
            mark = exc.context_mark  # "unexpected end of stream": point where the open thing began
        loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"YAML syntax error: {problem}", loc) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", Location(file)) from None
    finally:
        loader.dispose()
    return YamlDoc(file, data, positions)
