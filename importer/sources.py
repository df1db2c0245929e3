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
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as error:
                yield SourceRecord(str(path), number, error=f"not valid JSON ({error.msg} at column {error.colno})")
                continue
            if not isinstance(data, dict):
                yield SourceRecord(str(path), number, error="a line must hold one JSON object")
                continue
            yield SourceRecord(str(path), number, data=data)


def read_publiccode(path, code_by_name):
    try:
        with open(path, encoding="utf-8") as file:
            document = yaml.safe_load(file)
        yield SourceRecord(str(path), 1, data=record_from_publiccode(document, code_by_name))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        yield SourceRecord(str(path), line, error=f"not valid YAML ({getattr(error, 'problem', error)})")
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
