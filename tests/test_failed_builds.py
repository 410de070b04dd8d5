"""A build that fails or is interrupted leaves the previous site byte-identical, and says why: also on a busy machine.

The guarantees are checked while two busy-loop processes occupy the cores (``busy_machine``), as on
a shared CI runner: the error list and the untouched site must not depend on scheduling.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import add_probe_hook, copy_project, edit, mkdocs_build, write
from knowledge.staging import StagedSite

ENUM_AND_REFERENCE = (
    "scenarios/support-bot.yaml",
    ("domain: web3", "domain: webb3"),
    ("recommended_start: retrieval", "recommended_start: retreival"),
)


def files_of(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below ``folder`` with its bytes and modification time."""
    return {path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns) for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def busy_machine() -> Iterator[None]:
    """Two processes that keep both cores busy while the test runs."""
    loops = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        yield
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()


@pytest.fixture
def built(built: Path, tmp_path: Path) -> Path:
    """A copy of the project the session built once, to spoil (with a hidden file a deployment keeps in its site)."""
    root = tmp_path / "project"
    shutil.copytree(built.parent, root, symlinks=True)
    (root / "site" / ".nojekyll").write_text("", encoding="utf-8")
    return root


def leftovers(root: Path) -> list[str]:
    return sorted(path.name for path in root.iterdir() if path.name.startswith(".site"))


def test_staging_publishes_only_a_finished_site(tmp_path: Path):
    site = tmp_path / "site"
    (site / "old").mkdir(parents=True)
    (site / "old" / "index.html").write_text("old", encoding="utf-8")
    staged = StagedSite(site)
    folder = staged.prepare()
    assert folder.parent == tmp_path and list(folder.iterdir()) == []
    (folder / "index.html").write_text("new", encoding="utf-8")
    assert (site / "old" / "index.html").read_text(encoding="utf-8") == "old"  # untouched while building
    staged.publish()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]
    assert [path.name for path in site.iterdir()] == ["index.html"]


def test_a_dirty_build_with_bad_content_leaves_the_site(built: Path, busy_machine: None):
    before = files_of(built / "site")
    edit(built, "scenarios/support-bot.yaml", "recommended_start: retrieval", "recommended_start: retreival")
    result = mkdocs_build(built, "--dirty", strict=False)
    assert result.returncode == 1 and "no approach with id 'retreival'" in result.stderr
    assert files_of(built / "site") == before


def test_folders_left_by_a_killed_build_are_cleared(tmp_path: Path):
    site = tmp_path / "site"
    staged = StagedSite(site)
    staged.staging.mkdir()
    (staged.staging / "half.html").write_text("half", encoding="utf-8")
    staged.replaced.mkdir()
    assert list(staged.prepare().iterdir()) == []
    assert not staged.replaced.exists()


def test_a_successful_build_replaces_the_site_and_leaves_nothing_beside_it(built: Path):
    edit(built, "scenarios/support-bot.yaml", "title: ", "title: Renamed ")
    result = mkdocs_build(built)
    assert result.returncode == 0, result.stderr
    assert "Renamed" in (built / "site" / "scenarios" / "support-bot" / "index.html").read_text(encoding="utf-8")
    assert leftovers(built) == []
    assert (built / "site" / ".nojekyll").exists()  # hidden entries stay, as when MkDocs cleans site/ itself


def test_every_content_error_is_listed_in_every_run_and_the_site_stays(built: Path, busy_machine: None):
    relative, *replacements = ENUM_AND_REFERENCE
    for old, new in replacements:
        edit(built, relative, old, new)
    before = files_of(built / "site")
    for _ in range(3):
        result = mkdocs_build(built)
        assert result.returncode == 1
        assert "'webb3' is not an allowed value for 'domain'" in result.stderr  # a model error...
        assert "no approach with id 'retreival'" in result.stderr  # ...and a reference error of the same file, in one run
        assert "2 error(s)" in result.stderr and "Traceback" not in result.stderr
        assert files_of(built / "site") == before
        assert leftovers(built) == []


@pytest.mark.parametrize(
    "event",
    [
        "def on_page_markdown(markdown, page, config, files):\n    if page.file.src_uri == 'contribute/reference.md':\n        raise RuntimeError('broke in a later event')\n    return markdown\n",
        "def on_post_build(config):\n    raise RuntimeError('broke in a later event')\n",
    ],
    ids=["converting-pages", "post-build"],
)
def test_an_error_in_a_later_event_leaves_the_site(built: Path, busy_machine: None, event: str):
    before = files_of(built / "site")
    add_probe_hook(built, event)
    result = mkdocs_build(built)
    assert result.returncode == 1 and "broke in a later event" in result.stderr
    assert files_of(built / "site") == before
    assert leftovers(built) == []


def test_a_strict_mode_warning_leaves_the_site(built: Path, busy_machine: None):
    before = files_of(built / "site")
    (built / "docs" / "broken.md").write_text("# Broken\n\n[gone](missing.md)\n", encoding="utf-8")
    result = mkdocs_build(built)
    assert result.returncode == 1 and "in strict mode" in result.stdout + result.stderr
    assert files_of(built / "site") == before
    assert leftovers(built) == []


def test_ctrl_c_in_the_middle_of_a_build_leaves_the_site(built: Path, busy_machine: None):
    before = files_of(built / "site")
    # a hook that reports once MkDocs is writing pages, then slows every further page down: however busy
    # the machine, the interrupt lands while the staged site is half written
    halfway = add_probe_hook(
        built,
        "import time\n\nWRITTEN = []\n\n\ndef on_post_page(output, **kwargs):\n"
        "    WRITTEN.append(1)\n    if len(WRITTEN) == 3:\n        report('writing')\n"
        "    if len(WRITTEN) >= 3:\n        time.sleep(0.05)\n    return output\n",
    )
    env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HOME": str(built)}
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=built, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not halfway.exists():
        assert build.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    assert any((built / ".site.staging").rglob("*.html")), "the build should be writing the staged site"
    build.send_signal(signal.SIGINT)
    _, stderr = build.communicate(timeout=120)
    assert build.returncode != 0
    assert files_of(built / "site") == before
    assert leftovers(built) == [], stderr


def test_the_first_build_with_bad_content_writes_no_site(tmp_path: Path, busy_machine: None):
    root = copy_project(tmp_path / "project")
    write(root, "scenarios/broken.yaml", "id: broken\n")
    result = mkdocs_build(root)
    assert result.returncode == 1 and "content/scenarios/broken.yaml:1:1: error: missing required field 'title'" in result.stderr
    assert leftovers(root) == []
