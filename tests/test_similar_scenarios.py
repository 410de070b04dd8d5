"""'Scenarios like this one' (``link/similar.py``): the nearest scenarios by shared facets and tags.

On the built fixture site with a few more scenarios, as a reader sees it; the ranking and its
rules on small corpora, against a brute-force reference; the same lists on every run; page keys
that follow the lists; and, on a synthetic 10,000-scenario corpus, work bounded per scenario
(counted, not timed).
"""

from __future__ import annotations

import json
import math
import os
import pickle
import random
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import FIXTURE_CONTENT, PROJECT, copy_project, mkdocs_build, write
from htmlpage import read
from knowledge.link import similar
from knowledge.link.similar import CANDIDATE_BUDGET, KEEP_RATIO, MAX_SHOWN, MIN_SHOWN, POSTING_CAP, Stats, nearest
from knowledge.pipeline import build_site
from knowledge.records import vocabulary

if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from benchmarks.corpus import OUTCOMES, TAGS

HEADING = "Scenarios like this one"
SUPPORT_BOT = (FIXTURE_CONTENT / "scenarios/support-bot.yaml").read_text(encoding="utf-8")


def scenario_like_support_bot(record_id: str, title: str, *, domain: str = "web3", volume: str = "medium", tags: str = "[wallets]") -> str:
    """A valid scenario record: the fixture's support bot under another id, title, domain, volume and tags."""
    text = SUPPORT_BOT.replace("id: support-bot", f"id: {record_id}").replace("title: Support assistant for a wallet app", f"title: {title}")
    return text.replace("domain: web3", f"domain: {domain}").replace("volume: medium", f"volume: {volume}").replace("tags: [wallets]", f"tags: {tags}")


MORE_SCENARIOS = {
    # like the support bot in every facet, plus a tag of its own
    "wallet-faq": scenario_like_support_bot("wallet-faq", "Wallet FAQ assistant", tags="[wallets, faq]"),
    # the same but for its domain (rare: it weighs more than the web3 domain five scenarios share)
    "bank-help": scenario_like_support_bot("bank-help", "Banking help desk", domain="finance"),
    # shares domain, task, data and start with the support bot, not volume or tag
    "exchange-help": scenario_like_support_bot("exchange-help", "Exchange help centre", volume="low", tags="[exchanges]"),
}


def add_more_scenarios(content: Path) -> None:
    for record_id, text in MORE_SCENARIOS.items():
        write(content.parent, f"scenarios/{record_id}.yaml", text)


# --- on the built site ------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("similar") / "project")
    add_more_scenarios(root / "content")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def section(page_text: str) -> str:
    """The reader-visible text of the 'Scenarios like this one' section."""
    assert HEADING in page_text
    return page_text.rsplit(HEADING, 1)[1].split("Referenced by", 1)[0]  # the last: the table of contents names it first


def test_a_scenario_page_lists_the_scenarios_most_like_it_with_what_they_share(built: Path):
    page = read(built, "scenarios/support-bot")
    listed = section(page.text)
    # most alike first: every facet and the tag; then the same in another (rare) domain; then four facets
    assert listed.index("Wallet FAQ assistant") < listed.index("Banking help desk") < listed.index("Exchange help centre")
    for record_id, title in (("wallet-faq", "Wallet FAQ assistant"), ("bank-help", "Banking help desk"), ("exchange-help", "Exchange help centre")):
        assert (f"../{record_id}/", title) in page.links
    # what they share, in the words of the site's vocabulary
    data, volume = vocabulary.label("data_situation", "document-corpus"), vocabulary.label("volume", "medium")
    first = listed.split("Wallet FAQ assistant", 1)[1].split("Banking help desk", 1)[0]
    assert f"shares domain Web3 · task Question answering · data {data} · volume {volume} · start Retrieval · tag wallets" in " ".join(first.split())
    assert "shares domain" not in listed.split("Banking help desk", 1)[1].split("Exchange help centre", 1)[0]  # finance ≠ web3
    # never itself, and the weak fourth (the labeller shares only the common domain) stays out
    assert "Support assistant for a wallet app" not in listed
    assert "Transaction labelling engine" not in listed


def test_ties_are_listed_in_a_fixed_order(built: Path):
    # the labeller shares only the web3 domain with three scenarios: equal scores, listed by id
    listed = section(read(built, "scenarios/labeller").text)
    order = ["Exchange help centre", "Support assistant for a wallet app", "Wallet FAQ assistant"]  # ids exchange-help < support-bot < wallet-faq
    assert [listed.index(title) for title in order] == sorted(listed.index(title) for title in order)
    assert "Banking help desk" not in listed and "Transaction labelling engine" not in listed


def test_no_section_when_nothing_telling_is_shared(tmp_path: Path):
    # the fixture's two scenarios share only their domain, which every scenario has: nothing alike to show
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    pages = {job.uri: job for job in build_site(content, tmp_path).page_jobs(today=date(2026, 12, 3))}
    for uri in ("scenarios/support-bot.md", "scenarios/labeller.md"):
        assert HEADING not in pages[uri].run().content


# --- page keys ----------------------------------------------------------------------------


def keyed(content: Path) -> dict[str, tuple[bytes, str]]:
    site = build_site(content, content.parent)
    return {job.uri: (job.key(), job.run().content) for job in site.page_jobs(today=date(2026, 12, 3)) if job.key is not None and job.key() is not None}


@pytest.mark.parametrize(
    ("record_id", "old", "new", "shows"),
    [
        ("wallet-faq", "title: Wallet FAQ assistant", "title: Wallet questions bot", "scenarios/support-bot.md"),  # a listed title
        ("exchange-help", "volume: low", "volume: medium", "scenarios/bank-help.md"),  # facets: lists change beyond the links
    ],
)
def test_a_page_key_changes_when_its_list_or_a_listed_title_does(tmp_path: Path, record_id: str, old: str, new: str, shows: str):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    add_more_scenarios(content)
    before = keyed(content)
    path = content / f"scenarios/{record_id}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    after = keyed(content)
    assert before[shows][1] != after[shows][1]  # the edit shows on this page, which does not link the edited scenario
    stale = [uri for uri, (key, text) in after.items() if key == before[uri][0] and text != before[uri][1]]
    assert stale == []


def test_lists_are_read_back_from_the_cache_until_a_facet_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    add_more_scenarios(content)
    cache = tmp_path / similar.SIMILAR_CACHE_FILE
    computed = similar.similar_scenarios(build_site(content, tmp_path).graph, cache)
    assert computed["support-bot"] and cache.is_file()

    def not_again(features: object) -> None:
        raise AssertionError("computed again")

    monkeypatch.setattr(similar, "nearest", not_again)
    path = content / "scenarios/wallet-faq.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Wallet FAQ assistant", "title: Wallet questions bot"), encoding="utf-8")
    assert similar.similar_scenarios(build_site(content, tmp_path).graph, cache) == computed  # a title is not a facet
    path.write_text(path.read_text(encoding="utf-8").replace("volume: medium", "volume: low"), encoding="utf-8")
    with pytest.raises(AssertionError, match="computed again"):
        similar.similar_scenarios(build_site(content, tmp_path).graph, cache)
    monkeypatch.undo()

    graph = build_site(content, tmp_path).graph
    expected = similar.similar_scenarios(graph, cache)  # computed for the edited facets, and stored
    stored = similar.read_plain_data(cache)
    assert stored["lists"].keys() == expected.keys()
    for damaged in (b"not a pickle", pickle.dumps({**stored, "lists": {**stored["lists"], "support-bot": [("no-such-scenario", (), 1)]}})):
        cache.write_bytes(damaged)
        assert similar.similar_scenarios(graph, cache) == expected  # ignored and computed again


# --- ranking on small corpora -------------------------------------------------------------


def features(domain: str, task: str, data: str, volume: str, start: str, *tags: str) -> list[tuple[str, str]]:
    values = (("domain", domain), ("task_type", task), ("data_situation", data), ("volume", volume), ("recommended_start", start))
    return [*values, *(("tags", tag) for tag in tags)]


def reference(corpus: dict[str, list[tuple[str, str]]]) -> dict[str, list[str]]:
    """The rule, by comparing every pair: score = sum of log2(N / df) of what is shared (in thousandths, rounded),
    best first, ties by more shared values then id; 3 at least, a 4th and 5th only at half the best score or more."""
    counts: dict[tuple[str, str], int] = {}
    for values in corpus.values():
        for value in set(values):
            counts[value] = counts.get(value, 0) + 1
    weight = {value: round(1000 * math.log2(len(corpus) / count)) for value, count in counts.items()}
    result = {}
    for me, mine in corpus.items():
        scored = []
        for other, theirs in corpus.items():
            shared = set(mine) & set(theirs)
            score = sum(weight[value] for value in shared)
            if other != me and score > 0:
                scored.append((-score, -len(shared), other))
        best = sorted(scored)[:MAX_SHOWN]
        best = best[:MIN_SHOWN] + [entry for entry in best[MIN_SHOWN:] if -entry[0] >= KEEP_RATIO * -best[0][0]]
        result[me] = [other for _, _, other in best]
    return result


def random_corpus(rng: random.Random, size: int) -> dict[str, list[tuple[str, str]]]:
    """Scenarios drawn like ``benchmarks/corpus.py`` draws them (uniform facets, 3 to 5 of its tags)."""
    domains, tasks, data, volumes = (sorted(vocab) for vocab in (vocabulary.DOMAINS, vocabulary.TASK_TYPES, vocabulary.DATA_SITUATIONS, vocabulary.VOLUMES))
    starts = list(OUTCOMES.values())
    return {
        f"scenario-{index:05d}": features(
            rng.choice(domains), rng.choice(tasks), rng.choice(data), rng.choice(volumes), rng.choice(starts), *rng.sample(TAGS, rng.randint(3, 5))
        )
        for index in range(size)
    }


def ids(result: dict[str, list[similar.Similar]]) -> dict[str, list[str]]:
    return {record_id: [item.id for item in items] for record_id, items in result.items()}


def test_rarer_shared_values_weigh_more():
    corpus = {
        "a": features("finance", "extraction", "raw-logs", "low", "rag", "invoices"),
        "b": features("health", "extraction", "raw-logs", "high", "lora", "invoices"),  # shares task, data and a rare tag
        "c": features("finance", "classification", "raw-logs", "low", "rag"),  # shares domain, data, volume, start
        "d": features("media", "extraction", "raw-logs", "low", "rag"),
        "e": features("media", "generation", "raw-logs", "high", "lora"),
        "f": features("media", "generation", "raw-logs", "high", "lora"),
    }
    result = nearest(corpus)
    # c and d share three telling values with a, but c's domain (2 scenarios) is rarer than d's task (3)
    assert [item.id for item in result["a"]] == ["c", "d", "b"]
    assert result["a"][2].shared == (("task_type", "extraction"), ("data_situation", "raw-logs"), ("tags", "invoices"))
    assert ids(result) == reference(corpus)
    # 'raw-logs' is everyone's: it is named among the shared values but weighs nothing, so e and f
    # (which share only it with a) are not listed for a
    assert all(item.id not in ("e", "f") for item in result["a"])


def test_never_itself_three_to_five_and_nothing_when_nothing_is_shared():
    rng = random.Random(7)
    corpus = random_corpus(rng, 300)
    corpus["odd-one-out"] = features("nowhere", "nothing", "none", "zero", "no-start", "unique-tag")
    result = nearest(corpus)
    assert result["odd-one-out"] == []
    for record_id, items in result.items():
        assert record_id not in [item.id for item in items]
        assert len({item.id for item in items}) == len(items)
        if record_id != "odd-one-out":
            assert MIN_SHOWN <= len(items) <= MAX_SHOWN
            assert [item.score for item in items] == sorted((item.score for item in items), reverse=True)


@pytest.mark.parametrize("seed", range(20))
def test_exact_on_a_corpus_within_the_caps(seed: int):
    # no index list is longer than POSTING_CAP + 1 scenarios: every scenario sharing a value is scored
    corpus = random_corpus(random.Random(seed), POSTING_CAP + 1)
    assert ids(nearest(corpus)) == reference(corpus)


def test_close_to_exact_on_a_thousand_scenarios():
    # past the caps the lists are near, not exact: the three listed score about as much as the best three
    corpus = random_corpus(random.Random(2026), 1000)
    result = nearest(corpus)
    counts: dict[tuple[str, str], int] = {}
    for values in corpus.values():
        for value in set(values):
            counts[value] = counts.get(value, 0) + 1
    weight = {value: round(1000 * math.log2(len(corpus) / count)) for value, count in counts.items()}
    ratios = []
    for me in sorted(corpus)[::10]:
        scores = sorted((sum(weight[v] for v in set(corpus[me]) & set(corpus[other])) for other in corpus if other != me), reverse=True)
        ratios.append(sum(item.score for item in result[me][:3]) / sum(scores[:3]))
    assert sum(ratios) / len(ratios) >= 0.95
    assert min(ratios) >= 0.75


# --- the same on every run ------------------------------------------------------------------

DUMP = """
import json, random, sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
from test_similar_scenarios import random_corpus
from knowledge.link.similar import nearest
corpus = random_corpus(random.Random(5), 2000)
order = list(corpus)
random.Random(int(sys.argv[3])).shuffle(order)
result = nearest({key: corpus[key] for key in order})
print(json.dumps({key: [[item.id, item.shared, item.score] for item in items] for key, items in sorted(result.items())}))
"""


def test_the_same_lists_on_every_run_whatever_the_hash_seed_or_input_order():
    outputs = set()
    for hash_seed, shuffle in (("0", 1), ("4242", 2), ("random", 3)):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        result = subprocess.run(
            [sys.executable, "-c", DUMP, str(PROJECT / "hooks"), str(PROJECT / "tests"), str(shuffle)],
            capture_output=True,
            text=True,
            env=env,
            cwd=PROJECT,
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1
    assert any(json.loads(outputs.pop()).values())


# --- near-linear: bounded work per scenario, counted -------------------------------------------


def test_work_per_scenario_stays_bounded_at_ten_thousand_scenarios():
    bound = CANDIDATE_BUDGET + POSTING_CAP
    scored, read = {}, {}
    for size in (1_000, 10_000):
        corpus = random_corpus(random.Random(size), size)
        stats = Stats()
        result = nearest(corpus, stats)
        assert len(stats.candidates) == size
        assert max(stats.candidates.values()) <= bound  # never more scored than the budget, whatever the corpus size
        assert sum(stats.candidates.values()) <= size * bound < size * (size - 1) // 20  # all pairs: size * (size - 1)
        # index lists read: at most POSTING_CAP + 1 entries from each of a scenario's keys (its values, their pairs and triples)
        keys = sum(len(values) + sum(math.comb(min(len(values), top), n) for n, top in similar.COMBINED_KEYS) for values in corpus.values())
        assert stats.postings_read <= keys * (POSTING_CAP + 1)
        assert all(MIN_SHOWN <= len(items) <= MAX_SHOWN for items in result.values())
        scored[size], read[size] = sum(stats.candidates.values()) / size, stats.postings_read / size
    # ten times the scenarios, not more work for each
    assert scored[10_000] <= scored[1_000] * 1.1
    assert read[10_000] <= read[1_000] * 1.1
