"""The open-data archive: every record in one download, with licence, version and date."""

from __future__ import annotations

import csv
import io
import json
import pickle
import shutil
import zipfile
from datetime import date
from pathlib import Path

from conftest import FIXTURE_CONTENT
from htmlpage import Page
from knowledge.export.api import ARCHIVE_URI
from knowledge.export.archive import archive
from knowledge.pipeline import build_site

DAY = date(2026, 12, 3)


def made(content: Path = FIXTURE_CONTENT) -> tuple[bytes, dict, dict]:
    site = build_site(content, content.parent)
    api = site.api_files()
    data, manifest = archive(site.graph, api, DAY)
    return data, manifest, api


def test_the_archive_holds_every_kind_the_scenarios_as_csv_and_a_manifest():
    data, manifest, api = made()
    zipped = zipfile.ZipFile(io.BytesIO(data))
    assert zipped.read("json/scenarios.json").decode() == api["api/v1/scenarios.json"]
    assert json.loads(zipped.read("schemas/scenario.schema.json"))["$id"] == "schemas/scenario.schema.json"
    rows = list(csv.DictReader(io.StringIO(zipped.read("scenarios.csv").decode())))
    assert [row["id"] for row in rows] == [record["id"] for record in json.loads(api["api/v1/scenarios.json"])["records"]]
    exported = json.loads(api["api/v1/scenarios.json"])["records"]
    assert [row["tags"] for row in rows] == ["; ".join(record["record"]["tags"]) for record in exported]
    assert json.loads(zipped.read("manifest.json")) == manifest
    assert manifest["date"] == "2026-12-03" and manifest["counts"]["scenario"] == len(rows)
    assert "CC BY 4.0" in zipped.read("README.txt").decode() and manifest["version"] in zipped.read("README.txt").decode()


def test_the_same_content_and_day_give_the_same_bytes_and_an_edit_a_new_version(tmp_path: Path):
    first, manifest, _ = made()
    assert made()[0] == first
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    path = content / "scenarios/support-bot.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")
    assert made(content)[1]["version"] != manifest["version"]


def test_a_build_reads_the_archive_back_from_its_cache_only_for_the_same_members_and_day(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    site = build_site(content, tmp_path)
    api, cache = site.api_files(), tmp_path / "archive.pickle"
    fresh, manifest = archive(site.graph, api, DAY, cache)
    assert cache.is_file() and archive(site.graph, api, DAY, cache) == (fresh, manifest)
    planted = {"key": pickle.loads(cache.read_bytes())["key"], "zip": b"planted"}
    cache.write_bytes(pickle.dumps(planted))
    assert archive(site.graph, api, DAY, cache)[0] == b"planted"  # read back, not built again
    later = archive(site.graph, api, date(2026, 12, 4), cache)  # another day: built again
    assert later[0] == archive(site.graph, api, date(2026, 12, 4))[0] and later[1]["date"] == "2026-12-04"
    edited = {**api, "api/v1/scenarios.json": api["api/v1/scenarios.json"].replace("wallet", "purse")}
    assert edited != api and archive(site.graph, edited, date(2026, 12, 4), cache)[0] == archive(site.graph, edited, date(2026, 12, 4))[0]
    cache.write_bytes(b"damaged")
    assert archive(site.graph, api, DAY, cache) == (fresh, manifest)


def test_the_site_links_the_archive_and_the_api_index_names_it(real_site: Path):
    assert (real_site / ARCHIVE_URI).is_file()
    links = [attributes.get("href", "") for tag, attributes in Page(real_site / "about/index.html").tags if tag == "a"]
    assert "../downloads/prompt-or-fine-tune-data.zip" in links
    index = json.loads((real_site / "api/v1/index.json").read_text(encoding="utf-8"))
    assert index["archive"] == ARCHIVE_URI and index["redirects"] == "api/v1/redirects.json"
