"""The search index in parts: which pages go together, and what a rebuild indexes again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.export import search_index
from knowledge.export.search_index import INDEX_FOLDER, PARTS_FILE, index_site, split

PAGE = '<html lang="en"><body><main data-pagefind-body><h1>{title}</h1><p>{text}</p>{aside}</main></body></html>'


def scenario_pages(count: int) -> list[str]:
    return [f"scenarios/case-{number:05d}/index.html" for number in range(count)]


CORE = ["index.html", "approaches/rag/index.html", "approaches/peft/index.html", "evidence/study/index.html"]


def test_a_site_whose_sections_are_small_is_one_part():
    assert split(CORE + scenario_pages(40)) == [CORE + scenario_pages(40)]


def test_a_large_section_is_spread_over_parts_and_every_other_page_stays_together():
    pages = CORE + scenario_pages(1_000)
    parts = split(pages)
    assert parts[0] == CORE  # the core pages are ranked against each other, as on a small site
    assert len(parts) == 1 + -(-1_000 // search_index.PART_PAGES)
    assert sorted(page for part in parts for page in part) == sorted(pages)  # each page once
    assert all(len(part) < 1.3 * search_index.PART_PAGES for part in parts[1:])


def test_a_page_keeps_its_part_when_another_page_is_added():
    before = split(CORE + scenario_pages(900))  # 4 parts of scenarios, and 4 still with one more
    after = split(CORE + scenario_pages(900) + ["scenarios/a-new-case/index.html"])
    changed = [part for part in after if part not in before]
    assert len(changed) == 1 and "scenarios/a-new-case/index.html" in changed[0]


def test_a_huge_site_has_at_most_the_most_parts():
    pages = CORE + scenario_pages(20_000) + [f"evidence/paper-{n}/index.html" for n in range(2_000)]
    parts = split(pages)
    assert len(parts) <= search_index.MAX_PARTS
    assert max(len(part) for part in parts) <= 2 * len(pages) / len(parts)  # the indexer's memory follows the largest part


def write_site(site: Path, pages: list[str], text: str = "retrieval grounding", quoted: str = "a summary quoted from elsewhere") -> None:
    aside = f'<p><span class="pof-not-indexed"><!--pof-not-indexed-->{quoted}<!--/pof-not-indexed--></span></p>'
    for page in pages:
        path = site / page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(title=page.split("/")[-2] if "/" in page else "home", text=text, aside=aside), encoding="utf-8")


def bundles(site: Path) -> list[str]:
    return json.loads((site / INDEX_FOLDER / PARTS_FILE).read_text(encoding="utf-8"))["bundles"]


def test_an_index_run_again_indexes_only_the_parts_whose_pages_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(search_index, "PART_PAGES", 4)
    site = tmp_path / "site"
    pages = CORE + scenario_pages(12)
    write_site(site, pages)
    (site / "scenarios/index.html").write_text("<html><body>a listing, not indexed</body></html>", encoding="utf-8")
    index_site(site)
    first = bundles(site)
    assert len(first) == len(split(pages)) == 4
    built = {name: (site / INDEX_FOLDER / name / "pagefind-entry.json").stat().st_mtime_ns for name in first}
    edited = next(part for part in split(pages) if part[0].startswith("scenarios/"))[0]
    write_site(site, [edited], text="an edited page")
    index_site(site)
    second = bundles(site)
    assert len(set(second) - set(first)) == 1  # one part is new, under a new name
    for name in set(first) & set(second):  # the others are the very same files
        assert (site / INDEX_FOLDER / name / "pagefind-entry.json").stat().st_mtime_ns == built[name]
    assert sorted(path.name + "/" for path in (site / INDEX_FOLDER).iterdir() if path.is_dir()) == sorted(second)  # nothing stale
    assert not list(tmp_path.glob(".search-part-*"))  # the scratch folders are gone
    write_site(site, pages, text="an edited page", quoted="another record's summary, edited")
    index_site(site)
    assert bundles(site)[1:] != second[1:]  # every scenario page changed: every scenario part is new
    write_site(site, pages, text="an edited page", quoted="only what the search skips changed")
    third = bundles(site)
    index_site(site)
    assert bundles(site) == third  # a change where the search does not look indexes nothing again


def test_the_same_pages_give_the_same_index(tmp_path: Path):
    for name in ("one", "two"):
        write_site(tmp_path / name, CORE)
        index_site(tmp_path / name)
    assert bundles(tmp_path / "one") == bundles(tmp_path / "two")
