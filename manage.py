#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["match_file"]:
        from peers.matching.cli import is_plain_call
        from peers.matching.cli import main as match_file

        if is_plain_call(sys.argv):
            # The matcher needs no Django: skip its second of start-up (peers/matching/cli.py).
            sys.exit(match_file(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
