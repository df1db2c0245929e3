"""Reading import files into plain records (dictionaries in the JSON Lines schema).

Every source yields `SourceRecord`s; a line that cannot be read yields a record
with `error` set, so the importer can report it with its line number and go on.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from municipalities.models import Municipality
from municipalities.names import codes_by_name

from .publiccode import record_from_publiccode

PUBLICCODE_NAMES = ("publiccode.yml", "publiccode.yaml")
MAX_YAML_BYTES = 1024 * 1024
MAX_YAML_NODES = 100_000


@dataclass
class SourceRecord:
    source: str
    line: int
    data: dict | None = None
    error: str = ""

    @property
    def location(self):
        return f"{self.source}:{self.line}"


def read_jsonl(path):
    with open(path, encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as error:
                yield SourceRecord(str(path), number, error=f"not valid JSON ({error.msg} at column {error.colno})")
                continue
            except RecursionError:
                yield SourceRecord(str(path), number, error="not valid JSON (nested too deeply)")
                continue
            if not isinstance(data, dict):
                yield SourceRecord(str(path), number, error="a line must hold one JSON object")
                continue
            if not is_encodable(data):
                yield SourceRecord(str(path), number, error="the line holds text that is not valid Unicode (a lone surrogate)")
                continue
            yield SourceRecord(str(path), number, data=data)


def is_encodable(data):
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class YAMLLimitError(ValueError):
    """A YAML document refused before it is built: too large, or too many nodes once aliases are expanded."""


class LimitedSafeLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader that refuses alias bombs ("billion laughs") before building them.

    Composing a document keeps each alias as a reference to its anchored node, so it costs
    no more than the text; only constructing the Python objects expands the aliases. The
    composed graph is measured first (the number of nodes it would expand to, memoised per
    node, so measuring stays linear) and refused above `MAX_YAML_NODES`.
    """

    def get_limited_data(self):
        node = self.get_single_node()
        if node is None:
            return None
        size = expanded_size(node)
        if size > MAX_YAML_NODES:
            raise YAMLLimitError(
                f"refused: the YAML expands to more than {MAX_YAML_NODES:,} nodes through its aliases (anchors)"
            )
        return self.construct_document(node)


def expanded_size(root):
    """How many nodes `root` stands for once every alias is expanded; YAMLLimitError for a cycle."""
    sizes, in_progress = {}, set()
    stack = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children = node_children(node)
        if children_done:
            in_progress.discard(key)
            sizes[key] = min(1 + sum(sizes[id(child)] for child in children), MAX_YAML_NODES + 1)
            continue
        if key in in_progress:
            raise YAMLLimitError("refused: the YAML refers to itself through an alias (a recursive anchor)")
        in_progress.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in in_progress:
                raise YAMLLimitError("refused: the YAML refers to itself through an alias (a recursive anchor)")
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def node_children(node):
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def load_yaml(path):
    """The document in the YAML file at `path`, within the size and alias limits."""
    with open(path, "rb") as file:
        content = file.read(MAX_YAML_BYTES + 1)
    if len(content) > MAX_YAML_BYTES:
        raise YAMLLimitError(f"refused: the file is larger than {MAX_YAML_BYTES // 1024:,} KiB")
    loader = LimitedSafeLoader(content.decode("utf-8", errors="replace"))
    try:
        return loader.get_limited_data()
    finally:
        loader.dispose()


def read_publiccode(path, code_by_name):
    try:
        document = load_yaml(path)
        yield SourceRecord(str(path), 1, data=record_from_publiccode(document, code_by_name))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        yield SourceRecord(str(path), line, error=f"not valid YAML ({getattr(error, 'problem', error)})")
    except RecursionError:
        yield SourceRecord(str(path), 1, error="refused: the YAML is nested too deeply")
    except ValueError as error:
        yield SourceRecord(str(path), 1, error=str(error))


def import_files(paths):
    """Expand folders into the JSON Lines and publiccode files they contain, sorted by name."""
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and is_importable(p)))
        else:
            files.append(path)
    return files


def is_importable(path):
    return path.suffix == ".jsonl" or path.name in PUBLICCODE_NAMES


def read_records(paths):
    """All records of all files, in file order."""
    code_by_name = None
    for path in import_files(paths):
        if not path.exists():
            yield SourceRecord(str(path), 0, error="file not found")
        elif path.suffix in (".yml", ".yaml"):
            if code_by_name is None:
                code_by_name = codes_by_name(Municipality.objects.values_list("code", "name"))
            yield from read_publiccode(path, code_by_name)
        else:
            yield from read_jsonl(path)
