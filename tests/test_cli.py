"""The command line: validate, export, new, diff and walk, run as a contributor would run them."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from conftest import edit, run_cli
from knowledge.records.kinds import KINDS_BY_NAME
from knowledge.tools.scaffold import scaffold_text


def test_validate_passes_on_good_content(project: Path):
    result = run_cli(project, "validate")
    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr.startswith("ok: 27 records,")


def test_validate_lists_every_error_and_exits_1(project: Path):
    edit(project, "tools/vector-db.yaml", "open_source: true", "opensource: true")
    edit(project, "scenarios/support-bot.yaml", "domain: web3", "domain: web")
    result = run_cli(project, "validate")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/scenarios/support-bot.yaml:5:9: error: 'web' is not an allowed value for 'domain' (did you mean 'web3'?; use one of 'agriculture', "
        "'customer-support', 'cybersecurity', 'e-commerce', 'education', 'energy', 'enterprise-knowledge', 'finance', 'gaming', 'healthcare', "
        "'human-resources', 'insurance' and 12 more)",
        "content/tools/vector-db.yaml:7:1: error: unknown field 'opensource' (did you mean 'open_source'?)",
    ]
    assert "2 error(s), 0 warning(s)" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_speaks_github_annotations(project: Path):
    edit(project, "tools/vector-db.yaml", "open_source: true", "opensource: true")
    result = run_cli(project, "validate", "--format", "github")
    assert result.stdout == "::error file=content/tools/vector-db.yaml,line=7,col=1::unknown field 'opensource' (did you mean 'open_source'?)\n"


def test_validate_is_fast(project: Path):
    started = time.perf_counter()
    assert run_cli(project, "validate").returncode == 0
    assert time.perf_counter() - started < 5  # includes interpreter start; the engine itself takes a fraction of that


def test_export_builds_without_the_hooks(project: Path, tmp_path: Path):
    out = tmp_path / "export"
    result = run_cli(project, "export", str(out))
    assert result.returncode == 0, result.stderr
    config = (out / "mkdocs.yml").read_text()
    assert "hooks:" not in config and "watch:" not in config
    assert (out / "docs/scenarios/support-bot.md").read_text().startswith('---\ntitle: "Support assistant for a wallet app"')
    assert (out / "docs/api/v1/index.json").exists() and (out / "docs/contribute/index.md").exists()
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(out / "mkdocs.yml")],
        capture_output=True,
        text=True,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert build.returncode == 0, build.stderr
    assert (out / "site/scenarios/support-bot/index.html").exists()


def test_new_scenario_scaffold_is_commented_and_refuses_to_overwrite(project: Path):
    first = run_cli(project, "new", "scenario", "Invoice field extraction")
    assert first.returncode == 0, first.stderr
    path = project / "content/scenarios/invoice-field-extraction.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../_schemas/scenario.schema.json\n")
    assert 'title: "Invoice field extraction"' in text
    assert "#   allowed: web3, healthcare, finance," in text
    assert "# Extra kebab-case tags for the tag index. · optional · list of text\n# tags:" in text
    assert "knowledge-or-behaviour: fill-in" in text
    assert "# Do you have clean labelled examples? (yes-labelled, no-labelled)\n    # labelled-data: fill-in" in text
    assert f"last_reviewed: {time.strftime('%Y-%m-%d')}" in text
    path.write_text(text.replace("# extra", "# extra"))
    second = run_cli(project, "new", "scenario", "Invoice field extraction")
    assert second.returncode == 1
    assert "content/scenarios/invoice-field-extraction.yaml already exists; not overwritten" in second.stderr
    assert path.read_text() == text


def test_every_kind_can_be_scaffolded(project: Path):
    for kind in KINDS_BY_NAME:
        text = scaffold_text(KINDS_BY_NAME[kind], f"A new {kind}", None, __import__("datetime").date(2026, 1, 2))
        assert text.splitlines()[0].startswith("# yaml-language-server: $schema=")
        assert f"id: a-new-{kind}" in text


def test_walk_in_the_terminal(project: Path):
    result = run_cli(project, "walk", stdin="2\n1\n")
    assert result.returncode == 0, result.stderr
    assert "Question 2: Do you have clean labelled examples?" in result.stdout
    assert "Outcome: Fine-tune" in result.stdout
    assert "https://prompt-or-fine-tune.github.io/site/decide/outcomes/fine-tune/" in result.stdout


def test_walk_ends_cleanly_when_input_runs_out(project: Path):
    result = run_cli(project, "walk", stdin="")
    assert result.returncode == 1 and "Traceback" not in result.stderr


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=root,
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "PATH": "/usr/bin:/bin",
            "HOME": str(root),
        },
    )


def test_change_summary_against_a_git_revision(project: Path):
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "base")
    edit(project, "scenarios/support-bot.yaml", "volume: medium", "volume: high")
    (project / "content/tools/old-server.yaml").unlink()
    assert run_cli(project, "new", "scenario", "Invoice field extraction").returncode == 0
    result = run_cli(project, "diff", "HEAD")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "- **added** scenario `invoice-field-extraction` (`content/scenarios/invoice-field-extraction.yaml`)" in lines
    assert "- **changed** scenario `support-bot` (`content/scenarios/support-bot.yaml`)" in lines
    assert "    - `volume`: medium → high" in lines
    assert "- **removed** tool `old-server` (`content/tools/old-server.yaml`)" in lines
    assert "- `scenarios/support-bot/`" in lines and "- `tools/`" in lines


def test_change_summary_with_an_unknown_revision(project: Path):
    _git(project, "init", "-q")
    result = run_cli(project, "diff", "no-such-branch")
    assert result.returncode == 2
    assert "git could not read revision 'no-such-branch'" in result.stderr
