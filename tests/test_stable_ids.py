"""Stable links: a renamed record keeps its old URL and API id working; a published id never vanishes silently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import copy_project, edit, errors, mkdocs_build, run_cli

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """The fixture project with its ids recorded as published."""
    root = copy_project(tmp_path / "project")
    result = run_cli(root, "published-ids")
    assert result.returncode == 0, result.stderr
    return root


def rename_support_bot(root: Path) -> None:
    old = root / "content/scenarios/support-bot.yaml"
    text = old.read_text(encoding="utf-8").replace("id: support-bot\n", "id: wallet-support-bot\nformerly: [support-bot]\n", 1)
    (root / "content/scenarios/wallet-support-bot.yaml").write_text(text, encoding="utf-8")
    old.unlink()


def test_the_published_list_names_every_record(published: Path):
    lines = (published / "content/_published-ids.txt").read_text(encoding="utf-8").splitlines()
    assert "scenario/support-bot" in lines and "approach/retrieval" in lines
    assert errors(published) == []


def test_removing_a_published_record_says_where_and_how_to_fix_it(published: Path):
    (published / "content/scenarios/support-bot.yaml").unlink()
    line = (published / "content/_published-ids.txt").read_text(encoding="utf-8").splitlines().index("scenario/support-bot") + 1
    assert (
        f"content/_published-ids.txt:{line}:1: error: the published scenario 'support-bot' is gone: its page and its API entry would break "
        "(add 'support-bot' under 'formerly:' in the record that replaces it, or restore content/scenarios/support-bot.yaml)"
    ) in errors(published)


def test_a_renamed_record_keeps_its_old_url_and_id(published: Path):
    rename_support_bot(published)
    assert errors(published) == []
    result = mkdocs_build(published)
    assert result.returncode == 0, result.stderr
    site = published / "site"
    redirect = (site / "scenarios/support-bot/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../wallet-support-bot/">' in redirect
    assert 'href="../wallet-support-bot/"' in redirect and "Support assistant for a wallet app" in redirect
    assert (site / "scenarios/wallet-support-bot/index.html").is_file()
    moved = json.loads((site / "api/v1/redirects.json").read_text(encoding="utf-8"))
    assert moved["redirects"] == [{"kind": "scenario", "old_id": "support-bot", "id": "wallet-support-bot", "url": "scenarios/wallet-support-bot/"}]
    assert json.loads((site / "api/v1/index.json").read_text(encoding="utf-8"))["redirects"] == "api/v1/redirects.json"


def test_a_reference_to_the_old_id_names_the_new_one(published: Path):
    old = published / "content/evidence/study-a.yaml"
    text = old.read_text(encoding="utf-8").replace("id: study-a\n", "id: retrieval-study\nformerly: [study-a]\n", 1)
    (published / "content/evidence/retrieval-study.yaml").write_text(text, encoding="utf-8")
    old.unlink()
    dangling = [line for line in errors(published) if "no evidence with id 'study-a'" in line]
    assert dangling and all(line.endswith("('study-a' was renamed: use 'retrieval-study')") for line in dangling), dangling


def test_an_old_id_cannot_be_in_use_or_claimed_twice(published: Path):
    edit(published, "scenarios/support-bot.yaml", "id: support-bot\n", "id: support-bot\nformerly: [labeller, old-bot]\n")
    edit(published, "scenarios/labeller.yaml", "id: labeller\n", "id: labeller\nformerly: [old-bot]\n")
    assert errors(published) == [
        "content/scenarios/support-bot.yaml:3:12: error: 'labeller' under 'formerly' is the id of another scenario (an old id must not be in use; remove it from 'formerly')",
        "content/scenarios/support-bot.yaml:3:22: error: 'old-bot' is also a former id of 'labeller' (an old id can lead to one record only; keep it in one 'formerly' list)",
    ]


def test_the_published_ids_command_never_drops_an_entry(published: Path):
    rename_support_bot(published)
    assert run_cli(published, "published-ids").returncode == 0
    lines = (published / "content/_published-ids.txt").read_text(encoding="utf-8").splitlines()
    assert "scenario/support-bot" in lines and "scenario/wallet-support-bot" in lines


def test_every_record_of_the_site_is_in_the_committed_published_list():
    result = run_cli(PROJECT, "validate")
    assert result.returncode == 0, result.stdout
    listed = set((PROJECT / "content/_published-ids.txt").read_text(encoding="utf-8").splitlines())
    records = {
        f"{path.parent.relative_to(PROJECT / 'content').as_posix()}/{path.stem}"
        for path in (PROJECT / "content").rglob("*.yaml")
        if "_schemas" not in path.parts
    }
    from knowledge.records.kinds import KINDS_BY_FOLDER

    ids = {f"{KINDS_BY_FOLDER[folder].name}/{stem}" for folder, _, stem in (entry.rpartition("/") for entry in records)}
    assert ids <= listed, f"run make published-ids: {sorted(ids - listed)[:5]}"
