"""The site builds with the maintained tools: ProperDocs (the MkDocs 1.x line, hooks included) and, from the
exported Markdown, Zensical. Each must publish the same set of pages as MkDocs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project, mkdocs_build, run_cli

BIN = Path(sys.executable).parent


def pages(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html")}


def run(tool: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(cwd), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([str(BIN / tool), *args], cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300)


@pytest.fixture(scope="module")
def mkdocs_pages(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    root = copy_project(tmp_path_factory.mktemp("mkdocs") / "project")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return pages(root / "site")


def test_properdocs_builds_the_same_pages_with_the_hooks(tmp_path: Path, mkdocs_pages: set[str]):
    root = copy_project(tmp_path / "project")
    result = run("properdocs", "build", "--strict", "-f", "mkdocs.yml", cwd=root)
    assert result.returncode == 0, result.stderr
    assert pages(root / "site") == mkdocs_pages
    assert "Prompt or Fine-Tune?" in (root / "site/scenarios/support-bot/index.html").read_text(encoding="utf-8")


def test_zensical_builds_the_same_pages_from_the_exported_markdown(tmp_path: Path, mkdocs_pages: set[str]):
    root = copy_project(tmp_path / "project")
    assert run_cli(root, "export", str(tmp_path / "export")).returncode == 0
    shutil.rmtree(root)
    result = run("zensical", "build", "-f", "mkdocs.yml", cwd=tmp_path / "export")
    assert result.returncode == 0, result.stderr[-2000:]
    assert pages(tmp_path / "export" / "site") == mkdocs_pages
    chart = (tmp_path / "export" / "site" / "decide" / "index.html").read_text(encoding="utf-8")
    assert '<div class="flowchart"' in chart and 'aria-label="Do you have clean labelled examples?"' in chart
