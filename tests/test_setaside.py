"""The previous site is set aside while a full build checks the content, and comes back if the build fails."""

from __future__ import annotations

from pathlib import Path

from conftest import add_probe_hook, copy_project, edit, mkdocs_build
from knowledge.setaside import ASIDE, DISCARDED, PreviousSite


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def a_site(folder: Path) -> Path:
    (folder / "scenarios" / "support-bot").mkdir(parents=True)
    (folder / "index.html").write_text("home", encoding="utf-8")
    (folder / "scenarios" / "support-bot" / "index.html").write_text("bot", encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages", encoding="utf-8")
    return folder


def test_setting_aside_leaves_only_what_mkdocs_keeps_when_it_cleans(tmp_path: Path):
    site = a_site(tmp_path / "site")
    previous = PreviousSite.set_aside(site)
    assert previous is not None
    assert sorted(path.name for path in site.iterdir()) == sorted([".git", ASIDE])  # MkDocs keeps hidden entries
    assert files_of(previous.folder) == {"index.html": b"home", "scenarios/support-bot/index.html": b"bot"}


def test_restoring_replaces_what_the_failed_build_wrote(tmp_path: Path):
    site = a_site(tmp_path / "site")
    before = files_of(site)
    previous = PreviousSite.set_aside(site)
    assert previous is not None
    (site / "index.html").write_text("half-built", encoding="utf-8")
    (site / "new-page").mkdir()
    (site / "new-page" / "index.html").write_text("new", encoding="utf-8")
    previous.restore()
    assert files_of(site) == before
    previous.restore()  # a second restore (build error, then shutdown) changes nothing
    assert files_of(site) == before


def test_discarding_deletes_the_previous_site_and_keeps_the_new_one(tmp_path: Path):
    site = a_site(tmp_path / "site")
    previous = PreviousSite.set_aside(site)
    assert previous is not None
    (site / "index.html").write_text("new home", encoding="utf-8")
    previous.discard()
    assert files_of(site) == {"index.html": b"new home", ".git/HEAD": b"ref: refs/heads/gh-pages"}
    previous.restore()  # nothing left to restore: the new site stays
    assert files_of(site) == {"index.html": b"new home", ".git/HEAD": b"ref: refs/heads/gh-pages"}


def test_no_site_yet_means_nothing_to_set_aside(tmp_path: Path):
    assert PreviousSite.set_aside(tmp_path / "site") is None


def test_folders_left_by_a_killed_build_are_cleared_first(tmp_path: Path):
    site = a_site(tmp_path / "site")
    (site / ASIDE / "old").mkdir(parents=True)
    (site / DISCARDED).mkdir()
    previous = PreviousSite.set_aside(site)
    assert previous is not None
    assert sorted(path.name for path in site.iterdir()) == sorted([".git", ASIDE])
    assert sorted(files_of(previous.folder)) == ["index.html", "scenarios/support-bot/index.html"]


def test_a_full_build_lets_mkdocs_clean_the_site_while_the_content_is_checked(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    assert mkdocs_build(root).returncode == 0
    probe = add_probe_hook(
        root,
        "import os\n\n\ndef on_pre_build(config):\n"
        f"    report(' '.join(sorted(os.listdir(config.site_dir))) + ' | ' + str(os.path.isfile(os.path.join(config.site_dir, {ASIDE!r}, 'index.html'))))\n",
    )
    (root / "site" / ".nojekyll").write_text("", encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert probe.read_text(encoding="utf-8") == f"{ASIDE} .nojekyll | True"  # after the hooks' on_pre_build: only hidden entries
    site = root / "site"
    assert sorted(path.name for path in site.iterdir() if path.name.startswith(".")) == [".nojekyll"]  # the previous site is gone
    assert (site / "scenarios" / "support-bot" / "index.html").is_file()


def test_rejected_content_puts_the_previous_site_back_with_its_hidden_files(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    assert mkdocs_build(root).returncode == 0
    (root / "site" / ".git").mkdir()
    (root / "site" / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages", encoding="utf-8")
    before = files_of(root / "site")
    edit(root, "scenarios/support-bot.yaml", "recommended_start: retrieval", "recommended_start: retreival")
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert "no approach with id 'retreival'" in result.stderr and "Traceback" not in result.stderr
    assert files_of(root / "site") == before
    assert not (root / "site" / ASIDE).exists()


def test_a_build_that_fails_while_mkdocs_converts_pages_keeps_the_previous_site(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    assert mkdocs_build(root).returncode == 0
    before = files_of(root / "site")
    add_probe_hook(  # the last generated page: by then the worker has usually sent everything
        root,
        "def on_page_markdown(markdown, page, config, files):\n"
        "    if page.file.src_uri == 'contribute/reference.md':\n"
        "        raise RuntimeError('a page failed to convert')\n"
        "    return markdown\n",
    )
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert "a page failed to convert" in result.stderr
    assert files_of(root / "site") == before
    assert not (root / "site" / ASIDE).exists()
