import json
import os
import tempfile
from pathlib import Path

import langcodes
from django.core.management.base import BaseCommand, CommandError

from peers.matching import Translator, match
from peers.matching.jsonio import MatchInputError, match_input_from_json, match_result_to_json


def english_language_name(code: str) -> str:
    """The language's English name ("ti" → "Tigrinya"), or the code if none is known."""
    try:
        name = langcodes.Language.get(code).display_name("en")
    except (LookupError, ValueError):
        return code
    return code if name.lower().startswith("unknown language") else name


class Command(BaseCommand):
    help = (
        "Solves a matching run given as JSON (DESIGN.md's input shape) and writes the exact "
        "optimum as JSON (pairs with English reasons, unmatched ids, objective)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("input", help="input JSON file")
        parser.add_argument("output", help="output JSON file (written only on success)")

    def handle(self, *args, input: str, output: str, **options) -> None:
        try:
            document = json.loads(Path(input).read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {input}: {error.strerror or error}") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{input} is not valid JSON: {error}") from error
        try:
            data = match_input_from_json(document)
        except MatchInputError as error:
            raise CommandError(f"{input}: {error}") from error
        result = match(data, translator=Translator(language_name=english_language_name))
        self._write_atomically(Path(output), match_result_to_json(result))
        self.stdout.write(
            self.style.SUCCESS(
                f"Matched {len(result.pairs)} of {len(data.newcomers)} newcomers "
                f"(objective {result.objective:.6f}); wrote {output}."
            )
        )

    def _write_atomically(self, path: Path, document: dict) -> None:
        """Writes to a temporary file beside the target, then renames it into place."""
        directory = path.parent if str(path.parent) else Path()
        try:
            fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror or error}") from error
        try:
            os.chmod(temporary, 0o644)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(document, handle, ensure_ascii=False, indent=2, allow_nan=False)
                handle.write("\n")
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
