"""Shared helpers: temporary projects, record edits, and running the engine on them."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.pipeline import check_content

PROJECT = Path(__file__).resolve().parents[1]
FIXTURE_CONTENT = PROJECT / "tests" / "fixtures" / "content"
SITE_FILES = ("mkdocs.yml", "docs", "hooks", "overrides")


def copy_project(target: Path, content: Path = FIXTURE_CONTENT) -> Path:
    """A buildable project in ``target``: this repository's site files plus a content folder."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    shutil.copytree(content, target / "content")
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project with the small fixture corpus as its content."""
    return copy_project(tmp_path / "project")


def problems(root: Path) -> list[str]:
    """Every problem the engine reports for ``root/content``, formatted as contributors see them."""
    _, log = check_content(root / "content", root)
    return [problem.format() for problem in log.sorted()]


def errors(root: Path) -> list[str]:
    """Only the errors."""
    return [line for line in problems(root) if ": error: " in line]


def edit(root: Path, relative: str, old: str, new: str) -> Path:
    """Replace text in a record file (the text must be there)."""
    path = root / "content" / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def write(root: Path, relative: str, text: str) -> Path:
    """Write a record file."""
    path = root / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def add_probe_hook(root: Path, source: str) -> Path:
    """Add a hook module after ``hooks/site.py`` that lets a test look inside a build; return where it writes.

    ``source`` defines the hook's events; they call ``report(text)`` to leave what they saw.
    """
    helper = "from pathlib import Path\n\n\ndef report(text):\n    Path(__file__).with_name('probe.txt').write_text(text)\n\n\n"
    (root / "probe.py").write_text(helper + source, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - hooks/site.py\n", "  - hooks/site.py\n  - probe.py\n", 1), encoding="utf-8")
    return root / "probe.txt"


def mkdocs_build(root: Path, *extra: str, env: dict[str, str] | None = None, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a real ``mkdocs build --strict`` in ``root``; ``env`` adds environment variables."""
    env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HOME": str(root), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), *extra],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )


def run_cli(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed ``knowledge`` command with ``root`` as the project root."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(root)}
    return subprocess.run(
        [str(Path(sys.executable).parent / "knowledge"), "--root", str(root), *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        check=False,
        timeout=120,
    )


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once from the real content/ (strict); tests only read it."""
    return built_once(tmp_path_factory, "real", PROJECT / "content")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once from the fixture content (strict); tests only read it."""
    return built_once(tmp_path_factory, "build", FIXTURE_CONTENT)


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, content: Path) -> Path:
    """A project built once per test run: with pytest-xdist the first worker builds and the others wait for it and read it."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # this run's folder, above every worker's own
    root = shared / f"{name}-once" / "project"
    with (shared / f"{name}-once.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (root / "site").is_dir():  # a failed build leaves no site/, and the next worker tries again
            shutil.rmtree(root, ignore_errors=True)
            copy_project(root, content)
            result = mkdocs_build(root)
            assert result.returncode == 0, result.stderr
    return root / "site"
