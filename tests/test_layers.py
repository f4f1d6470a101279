"""How the code depends on itself: tasks call services, services never import task modules
(they queue work by name through config.jobs), and the matcher never imports Django."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.no_reference_data


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _files(*folders: str) -> list[Path]:
    return [path for folder in folders for path in sorted((ROOT / folder).rglob("*.py"))]


@pytest.mark.parametrize("path", _files("peers/services", "chat/services"), ids=str)
def test_services_never_import_tasks(path):
    tasks = {name for name in _imports(path) if name.split(".")[-1] == "tasks"}
    assert not tasks, f"{path.relative_to(ROOT)} imports {tasks}: queue by name (config.jobs)"


@pytest.mark.parametrize("path", _files("peers/matching"), ids=str)
def test_the_matcher_never_imports_django(path):
    django = {name for name in _imports(path) if name.split(".")[0] == "django"}
    assert not django, f"{path.relative_to(ROOT)} imports {django}"


def test_a_job_queued_by_name_finds_its_task_in_a_fresh_process():
    """A web process may never have imported a tasks module: queuing by name still works."""
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from config.jobs import task_named; "
        "print(task_named('peers.tasks.matching_run_task').name, "
        "task_named('chat.tasks.conversation_notify').name)"
    )
    finished = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )

    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.split() == [
        "peers.tasks.matching_run_task",
        "chat.tasks.conversation_notify",
    ]
