"""Safe YAML loading that remembers where every value came from.

The spec is composed into YAML nodes (never constructed into arbitrary Python
objects) and converted to plain dicts, lists and scalars by hand, recording the
line and column of every key and item. Validation errors can then point at the
exact place in the user's file.

Aliases are legitimate YAML (a shared block of options), but each one is
expanded where it is used, so ten aliases of ten aliases of ... make a
"billion laughs" document of a few hundred bytes. Before anything is composed,
the parser's events are scanned once: the scan measures every anchored block's
expanded size, refuses a block that contains an alias of itself, and stops at
the nesting depth limit (libyaml's composer recurses in C and would crash on
a very deep document). The file's size is bounded before it is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import limits
from ..errors import InputError, Location, quote
from ..files import regular_file

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


def _mark(file: str, mark) -> Location:
    return Location(file, mark.line + 1, mark.column + 1)


def _scalar(node: yaml.ScalarNode, loader, file: str) -> Any:
    """Resolve a scalar with the safe constructor: ints, floats, bools, nulls, strings.

    A value the constructor cannot make (an integer over Python's 4,300-digit
    limit, a date like 2010-13-45) is the user's to fix: quoting keeps it as text.
    """
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as exc:
        reason = str(exc).split(";")[0].split(":")[0]
        raise InputError(f"cannot read the value {quote(node.value, 40)} ({reason}); quote it to keep it as text",
                         _mark(file, node.start_mark)) from None


class _Sizer:
    """Scans a document's events: its nesting depth and its size once aliases are expanded.

    Each open collection is a frame ``[nodes so far, anchor]``; an alias adds its
    anchor's expanded size to the frame it appears in, so a bomb is caught at the
    alias that pushes a block over the limit, in time linear in the file.
    """

    def __init__(self, file: str):
        self.file = file
        self.bound = limits.current()
        self.frames: list[list] = []
        self.sizes: dict[str, int] = {}  # anchor -> nodes it stands for

    def scan(self, loader) -> None:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                self.open(event)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                self.close(event)
            elif isinstance(event, yaml.AliasEvent):
                self.alias(event)
            elif isinstance(event, yaml.ScalarEvent):
                if event.anchor is not None:
                    self.sizes[event.anchor] = 1
                self.add(1, event)

    def open(self, event) -> None:
        if len(self.frames) >= self.bound.depth:
            raise limits.exceeded("depth", f"YAML nested more than {self.bound.depth} levels deep",
                                  _mark(self.file, event.start_mark))
        self.frames.append([1, event.anchor])

    def close(self, event) -> None:
        nodes, anchor = self.frames.pop()
        if anchor is not None:
            self.sizes[anchor] = nodes
        self.add(nodes, event)

    def alias(self, event) -> None:
        if any(anchor == event.anchor for _, anchor in self.frames):
            raise InputError(f"YAML alias '*{event.anchor}' refers to a block that contains it, which "
                             "never ends; repeat the values instead", _mark(self.file, event.start_mark))
        self.add(self.sizes.get(event.anchor, 0), event)  # an unknown alias is the composer's to report

    def add(self, nodes: int, event) -> None:
        if not self.frames:
            return
        self.frames[-1][0] += nodes
        if self.frames[-1][0] > self.bound.yaml_nodes:
            raise limits.exceeded("yaml_nodes", "the YAML grows too large once its aliases (*name) are "
                                  "expanded", _mark(self.file, event.start_mark))


_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def _convert(node, loader, path: tuple, positions: dict, file: str) -> Any:
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
        raise InputError(f"YAML syntax error: the tag '{node.tag}' is not allowed; write plain values",
                         _mark(file, node.start_mark))
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError("mapping keys must be plain scalars", _mark(file, key_node.start_mark))
            key = _scalar(key_node, loader, file)
            if key == "<<":
                raise InputError("YAML merge keys ('<<') are not supported; write the keys out",
                                 _mark(file, key_node.start_mark))
            if key in out:
                raise InputError(f"duplicate key {quote(str(key))}; each key may appear once",
                                 _mark(file, key_node.start_mark))
            child = path + (key,)
            out[key] = _convert(value_node, loader, child, positions, file)
            # point keys at the key itself, which is where a reader looks
            positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, loader, path + (i,), positions, file) for i, item in enumerate(node.value)]
    return _scalar(node, loader, file)


def load_yaml(path: str | Path) -> YamlDoc:
    """Load one YAML file safely, raising :class:`InputError` with a position on any problem."""
    path = Path(path)
    shown = str(path)
    most = limits.current().yaml_bytes
    regular_file(path, shown, None, "YAML file")  # a pipe would block the open below for ever
    try:
        with path.open("rb") as stream:  # read one byte past the limit: a FIFO or device has no size
            raw = stream.read(most + 1)
        if len(raw) > most:
            raise limits.exceeded("yaml_bytes", "the YAML file is too large", shown)
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text() does
    except FileNotFoundError:
        raise InputError("file not found", shown) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start}); save the file as UTF-8", shown) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", shown) from None
    return parse_yaml(text, shown)


def parse_yaml(text: str, file: str = "<string>") -> YamlDoc:
    """Parse YAML *text*; *file* names it in errors."""
    if len(text) > limits.current().yaml_bytes:
        raise limits.exceeded("yaml_bytes", "the YAML text is too large", file)
    scanner, loader = _Loader(text), _Loader(text)
    try:
        _Sizer(file).scan(scanner)
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
        scanner.dispose()
        loader.dispose()
    return YamlDoc(file, data, positions)
