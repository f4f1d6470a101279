"""`manage.py match_file IN.json OUT.json` without Django.

The matcher needs no Django, but starting Django (settings, every app, allauth, Channels,
Celery) costs more than a second before any work, longer than solving a 10,000 × 2,000 file.
So manage.py hands `match_file IN OUT` straight to `main` here; the Django management command
of the same name (for `call_command` and `--help` with Django's options) calls `run` too.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

USAGE = "manage.py match_file IN.json OUT.json"


class MatchFileError(Exception):
    """The input cannot be read or is not the specification's shape; nothing was written."""


def english_language_name(code: str) -> str:
    """The language's English name ("ti" → "Tigrinya"), or the code if none is known."""
    import langcodes

    try:
        name = langcodes.Language.get(code).display_name("en")
    except (LookupError, ValueError):
        return code
    return code if name.lower().startswith("unknown language") else name


def run(input: str, output: str) -> str:
    """Solves the file and writes the result; returns the one-line summary."""
    from . import Translator, match
    from .jsonio import MatchInputError, match_input_from_json, match_result_to_json

    try:
        document = json.loads(Path(input).read_text(encoding="utf-8"))
    except OSError as error:
        raise MatchFileError(f"Cannot read {input}: {error.strerror or error}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MatchFileError(f"{input} is not valid JSON: {error}") from error
    try:
        data = match_input_from_json(document)
    except MatchInputError as error:
        raise MatchFileError(f"{input}: {error}") from error
    result = match(data, translator=Translator(language_name=english_language_name))
    write_atomically(Path(output), match_result_to_json(result))
    return (
        f"Matched {len(result.pairs)} of {len(data.newcomers)} newcomers "
        f"(objective {result.objective:.6f}); wrote {output}."
    )


def write_atomically(path: Path, document: dict) -> None:
    """Writes to a temporary file beside the target, then renames it into place."""
    directory = path.parent if str(path.parent) else Path()
    try:
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise MatchFileError(f"Cannot write {path}: {error.strerror or error}") from error
    try:
        os.chmod(temporary, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=2, allow_nan=False)
            handle.write("\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def is_plain_call(argv: list[str]) -> bool:
    """`manage.py match_file IN OUT` and nothing else (any option goes through Django)."""
    return (
        len(argv) == 4 and argv[1] == "match_file" and not any(a.startswith("-") for a in argv[2:])
    )


def main(argv: list[str]) -> int:
    """What Django's command prints and returns, without starting Django."""
    parser = argparse.ArgumentParser(prog=USAGE)
    parser.add_argument("input")
    parser.add_argument("output")
    args = parser.parse_args(argv)
    try:
        print(run(args.input, args.output))
    except MatchFileError as error:
        print(f"CommandError: {error}", file=sys.stderr)
        return 1
    return 0
