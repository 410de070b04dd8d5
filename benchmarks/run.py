"""The scaling benchmark: ``.venv/bin/python -m benchmarks.run [--sizes 100 1000 10000] [--repeat 3]``.

For each corpus size it generates a project (``benchmarks/corpus.py``) under ``benchmarks/out/``,
lists the probe (``benchmarks/probe.py``) last under its ``hooks:``, and runs every command in a
child process whose wall time, CPU time and peak memory come from ``os.wait4`` (a build is one
process, so its ``ru_maxrss`` is the build's peak):

- ``knowledge validate`` (no parse cache);
- full builds, in rounds that each start with another kind: ``mkdocs build --strict`` with the
  hooks from a cold parse cache (``.cache/`` deleted) and with a warm one (``.cache/`` kept
  from the builds before), and a plain ``mkdocs build --strict`` of the same pages written out
  by ``knowledge export`` (no engine: only the probe is listed under ``hooks:``), followed by
  the search indexing a build with hooks ends with (``index_site``: Pagefind, once per part of
  the index), so both sides make a searchable site;
- ``mkdocs build --dirty`` after editing one scenario, and, up to 1,000 scenarios, the rebuild
  ``mkdocs serve --dirty`` reports after one edit.

Besides, ``knowledge validate`` on the repository's own ``content/``. The fastest of the
repeats counts. It prints the ratios beside the figures before the one-process engine, and
where the time goes (from the probe's marks), and writes both to ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path

from benchmarks import PROJECT
from benchmarks.corpus import make_project
from benchmarks.probe import ENVIRONMENT
from knowledge.export.search_index import INDEX_FOLDER, PARTS_FILE

SIZES = (100, 1_000, 10_000)
INDEX_SITE = "import sys; from pathlib import Path; from knowledge.export.search_index import index_site; index_site(Path(sys.argv[1]))"
"""The search indexing a build with hooks ends with, run on its own (the plain build's second half)."""
SERVE_UP_TO = 1_000
"""``mkdocs serve`` is measured at sizes up to this one (at 10,000 its first build alone takes minutes)."""
OUT = PROJECT / "benchmarks" / "out"
RESULTS = PROJECT / "benchmarks" / "RESULTS.md"
PROBE = PROJECT / "benchmarks" / "probe.py"
GIB = 1024**3
SERVE_TIMEOUT = 900.0

Log = Callable[[str], None]


@dataclass
class Run:
    """One child process: wall and CPU seconds, peak resident bytes, output, and the probe's marks."""

    seconds: float
    cpu: float
    max_rss: int
    output: str
    marks: dict[str, float] = field(default_factory=dict)
    """Seconds from the start of the process to each event (``benchmarks/probe.py``); empty without the probe."""


@dataclass
class SizeResult:
    """Every measurement for one corpus size; each run is the fastest of its repeats."""

    scenarios: int
    records: int
    validate: Run
    cold: Run
    """Full build with the hooks, ``.cache/`` deleted first (a fresh checkout)."""
    warm: Run
    """Full build with the hooks, the parse cache filled by the builds before."""
    plain: Run
    """Full build of the exported Markdown: MkDocs alone."""
    first_dirty: Run
    """The first ``--dirty`` build after full builds, nothing edited: it fills the page cache."""
    dirty: Run
    """``mkdocs build --dirty`` after editing one scenario."""
    pages_rebuilt: int
    pages_total: int
    serve: float | None = None
    """Seconds ``mkdocs serve --dirty`` reports for the rebuild after one edit."""
    search_index: Run | None = None
    """Pagefind indexing the built site alone (the last step of a build with hooks)."""
    largest_page: int = 0
    """Bytes of the largest HTML page of the built site."""
    search_bytes: int = 0
    """Bytes a reader downloads for one search, at most (:func:`search_download`)."""


def knowledge_command() -> list[str]:
    """The installed ``knowledge`` command beside this interpreter, else the package run as a module."""
    script = Path(sys.executable).with_name("knowledge")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "knowledge"]


def mkdocs_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *args]


def _environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra}


def run_child(args: list[str], cwd: Path, what: str) -> Run:
    """Run a command to its end; stop the benchmark with its output if it fails."""
    with tempfile.TemporaryDirectory() as scratch:
        marks_file, output_file = Path(scratch) / "marks.json", Path(scratch) / "output.txt"
        with output_file.open("w", encoding="utf-8") as output:
            start = time.perf_counter()
            process = subprocess.Popen(args, cwd=cwd, env=_environment(**{ENVIRONMENT: str(marks_file)}), stdout=output, stderr=subprocess.STDOUT)
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        text = output_file.read_text(encoding="utf-8")
        if process.returncode != 0:
            raise SystemExit(f"{what} failed (exit {process.returncode}):\n{text[-4000:]}")
        marks = json.loads(marks_file.read_text(encoding="utf-8")) if marks_file.is_file() else {}
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, text, {event: mark - start for event, mark in marks.items()})


def best(runs: list[Run]) -> Run:
    """The fastest run (the least disturbed by other load), with the lowest CPU time and the highest peak memory seen."""
    fastest = min(runs, key=lambda run: run.seconds)
    return Run(fastest.seconds, min(run.cpu for run in runs), max(run.max_rss for run in runs), fastest.output, fastest.marks)


def add_probe(config: Path) -> None:
    """List ``benchmarks/probe.py`` last under ``hooks:`` in a MkDocs config (adding the key if there is none)."""
    text = config.read_text(encoding="utf-8")
    entry = f"  - {PROBE}\n"
    if entry in text:
        return
    hooks = re.search(r"^hooks:\n(?:  - .*\n)*", text, flags=re.MULTILINE)
    text = text[: hooks.end()] + entry + text[hooks.end() :] if hooks else text.rstrip("\n") + f"\n\nhooks:\n{entry}"
    config.write_text(text, encoding="utf-8")


def edit_one_scenario(project: Path, label: str) -> Path:
    """Change the summary of one scenario, as an author does while previewing."""
    path = sorted((project / "content" / "scenarios").glob("*.yaml"))[0]
    text = _EDIT_MARK.sub("", path.read_text(encoding="utf-8"), count=1)  # one mark at a time: the summary stays within its limit
    path.write_text(text.replace("\nsummary: ", f"\nsummary: Edited for the {label} benchmark. ", 1), encoding="utf-8")
    return path


_EDIT_MARK = re.compile(r"(?<=\nsummary: )Edited for the [^.]* benchmark\. ")
_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


def _html_mtimes(site: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in site.rglob("*.html")}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure_serve(project: Path, log_path: Path, timeout: float = SERVE_TIMEOUT) -> float:
    """Seconds ``mkdocs serve --dirty`` takes to rebuild after one scenario changes (its own report)."""
    port = _free_port()
    with log_path.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            mkdocs_command("serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"), cwd=project, env=_environment(), stdout=output, stderr=subprocess.STDOUT
        )
        try:

            def wait_for(count: int) -> list[float]:
                deadline = time.monotonic() + timeout
                while time.monotonic() < deadline:
                    text = log_path.read_text(encoding="utf-8")
                    if server.poll() is not None or "Aborted with" in text:
                        raise SystemExit(f"mkdocs serve failed:\n{text[-4000:]}")
                    if len(built := [float(seconds) for seconds in _BUILT.findall(text)]) >= count:
                        return built
                    time.sleep(0.2)
                raise SystemExit(f"mkdocs serve did not finish build {count} in {timeout:.0f} s")

            wait_for(1)
            time.sleep(1.0)  # let the file watcher settle before the edit
            edit_one_scenario(project, "serve")
            return wait_for(2)[1]
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def measure(scenarios: int, out: Path = OUT, log: Log = print, serve: bool = False, repeat: int = 3) -> SizeResult:
    """Generate a corpus of ``scenarios`` scenarios and take every measurement on it.

    The full builds run in ``repeat`` rounds; each round starts with another kind of build,
    since successive builds on a shared machine drift, so none always gets the first slot.
    """
    folder = out / f"n{scenarios}"
    project, export_dir = folder / "project", folder / "export"
    log(f"[{scenarios:,}] generating the corpus in {project}")
    counts = make_project(project, scenarios)
    for stale in (project / "site", project / ".site.staging", project / ".site.replaced", project / ".cache", export_dir):
        shutil.rmtree(stale, ignore_errors=True)
    add_probe(project / "mkdocs.yml")
    knowledge = [*knowledge_command(), "--root", str(project)]

    def validate() -> Run:
        shutil.rmtree(project / ".cache", ignore_errors=True)
        return run_child([*knowledge, "validate"], project, "knowledge validate")

    log(f"[{scenarios:,}] knowledge validate ({repeat}×)")
    validations = [validate() for _ in range(repeat)]
    log(f"[{scenarios:,}] knowledge export")
    run_child([*knowledge, "export", str(export_dir)], project, "knowledge export")
    add_probe(export_dir / "mkdocs.yml")

    builds: dict[str, list[Run]] = {"cold": [], "warm": [], "plain": [], "search": []}

    # Every full build starts without a site/ folder: the first build of round 1 has none to delete,
    # so otherwise the fastest run of a kind may or may not include deleting the previous site (about
    # 4.5 s at 10,000 scenarios: MkDocs' clean in the plain build, the swap's delete with hooks).
    def cold() -> None:
        for stale in (project / ".cache", project / "site"):
            shutil.rmtree(stale, ignore_errors=True)
        builds["cold"].append(run_child(mkdocs_command("build", "--strict"), project, "mkdocs build"))

    def warm() -> None:
        shutil.rmtree(project / "site", ignore_errors=True)
        builds["warm"].append(run_child(mkdocs_command("build", "--strict"), project, "mkdocs build"))

    def plain() -> None:
        shutil.rmtree(export_dir / "site", ignore_errors=True)
        build = run_child(mkdocs_command("build", "--strict", "-f", str(export_dir / "mkdocs.yml")), export_dir, "plain mkdocs build")
        index = run_child([sys.executable, "-c", INDEX_SITE, str(export_dir / "site")], export_dir, "search index")
        builds["search"].append(index)
        builds["plain"].append(Run(build.seconds + index.seconds, build.cpu + index.cpu, max(build.max_rss, index.max_rss), build.output, build.marks))

    kinds = [
        ("mkdocs build --strict with the hooks, cold parse cache", cold),
        ("mkdocs build --strict with the hooks, warm parse cache", warm),  # never first in round 1: a hooked build before it filled the cache
        ("mkdocs build --strict of the export, no engine", plain),
    ]
    for round_ in range(repeat):
        shift = round_ % len(kinds)
        for label, build in kinds[shift:] + kinds[:shift]:
            log(f"[{scenarios:,}] {label} ({round_ + 1}/{repeat})")
            build()

    log(f"[{scenarios:,}] mkdocs build --dirty, nothing edited (fills the page cache)")
    first_dirty = run_child(mkdocs_command("build", "--dirty"), project, "mkdocs build --dirty")
    dirty_runs, rebuilt = [], 0
    for round_ in range(repeat):  # a new edit each time
        before = _html_mtimes(project / "site")
        time.sleep(0.05)  # a distinct modification time for the edit, on coarse file systems too
        edit_one_scenario(project, f"dirty build {round_ + 1}")
        log(f"[{scenarios:,}] mkdocs build --dirty after editing one scenario ({round_ + 1}/{repeat})")
        dirty_runs.append(run_child(mkdocs_command("build", "--dirty"), project, "mkdocs build --dirty"))
        after = _html_mtimes(project / "site")
        rebuilt = max(rebuilt, sum(1 for path, mtime in after.items() if before.get(path) != mtime))

    serve_seconds = None
    if serve:
        log(f"[{scenarios:,}] mkdocs serve --dirty: the rebuild after editing one scenario")
        serve_seconds = measure_serve(project, folder / "serve.log")
    return SizeResult(
        scenarios=scenarios,
        records=counts.total,
        validate=best(validations),
        cold=best(builds["cold"]),
        warm=best(builds["warm"]),
        plain=best(builds["plain"]),
        first_dirty=first_dirty,
        dirty=best(dirty_runs),
        pages_rebuilt=rebuilt,
        pages_total=len(after),
        serve=serve_seconds,
        search_index=best(builds["search"]),
        largest_page=max(path.stat().st_size for path in (project / "site").rglob("*.html")),
        search_bytes=search_download(project / "site"),
    )


def search_download(site: Path, results: int = 6) -> int:
    """An upper bound of the bytes one search downloads, as a static host serves them (text gzipped).

    The search script, the spelling vocabulary and the list of index parts; Pagefind's script and
    WebAssembly (loaded once); for each part, its entry, metadata, its largest index chunk for each of
    two query words and its largest filter chunk; the fragments of the results shown (the largest ones).
    Pagefind's own files are compressed already.
    """
    folder = site / INDEX_FOLDER
    bundles = [folder / name for name in json.loads((folder / PARTS_FILE).read_text(encoding="utf-8"))["bundles"]]
    text = [site / "assets/javascripts/search.js", site / "search/vocabulary.json", folder / PARTS_FILE, bundles[0] / "pagefind.js"]
    text += [bundle / "pagefind-entry.json" for bundle in bundles]
    total = sum(len(gzip.compress(path.read_bytes())) for path in text) + (bundles[0] / "wasm.en.pagefind").stat().st_size
    fragments: list[int] = []
    for bundle in bundles:
        chunks = sorted((path.stat().st_size for path in (bundle / "index").iterdir()), reverse=True)
        filters = sorted((path.stat().st_size for path in (bundle / "filter").iterdir()), reverse=True)
        total += sum(path.stat().st_size for path in bundle.glob("*.pf_meta")) + sum(chunks[:2]) + sum(filters[:1])
        fragments += [path.stat().st_size for path in (bundle / "fragment").iterdir()]
    return total + sum(sorted(fragments, reverse=True)[:results])


@dataclass
class RealValidation:
    """``knowledge validate`` on the repository's own content."""

    records: int
    run: Run


def measure_real_validation(out: Path = OUT, repeat: int = 3, content: Path = PROJECT / "content") -> RealValidation:
    """Validate a copy of the real ``content/`` (so the repository's ``.cache/`` is left alone), without a parse cache."""
    root = out / "real"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(content, root / "content")
    runs = []
    for _ in range(repeat):
        shutil.rmtree(root / ".cache", ignore_errors=True)
        runs.append(run_child([*knowledge_command(), "--root", str(root), "validate"], root, "knowledge validate of the real content"))
    found = re.search(r"ok: (\d+) records", runs[-1].output)
    return RealValidation(int(found.group(1)) if found else 0, best(runs))


# --- report ---------------------------------------------------------------------------------

BEFORE_COMMIT = "e1ced10"
BEFORE_MACHINE = (
    "2 cores (AMD EPYC), 23.5 GiB, Linux 6.18.44, Python 3.11.7, MkDocs 1.6.1, Material for MkDocs 9.8.1,"
    " Jinja2 3.1.6, pydantic 2.14.3, PyYAML 6.0.3 with libyaml, 2026-11-24"
)
BEFORE = {
    # The figures of benchmarks/RESULTS.md for e1ced10 (forked engine worker; commit dfe9bcc,
    # `python -m benchmarks.run --repeat 3` on BEFORE_MACHINE), by row key and size.
    "overhead_cold": {100: "1.03", 1_000: "1.02", 10_000: "1.03"},
    "overhead_warm": {100: "1.02", 1_000: "1.04", 10_000: "1.04"},
    "overhead_cpu": {100: "1.09", 1_000: "1.07", 10_000: "1.09"},
    "scaling_time": {1_000: "5.81", 10_000: "9.58"},
    "scaling_cpu": {1_000: "5.76", 10_000: "9.58"},
    "scaling_plain": {1_000: "5.85", 10_000: "9.48"},
    "scaling_memory": {1_000: "2.04", 10_000: "5.70"},
    "dirty": {100: "0.30", 1_000: "0.12", 10_000: "0.09"},
    "serve": {1_000: "0.09"},
    "pages_rebuilt": {100: "4 / 195", 1_000: "4 / 1,237", 10_000: "4 / 11,677"},
    "first_dirty": {100: "1.04", 1_000: "1.04", 10_000: "1.04"},
    "validate": {100: "0.87", 1_000: "0.40", 10_000: "0.38"},
    "memory_budget": {100: "0.06", 1_000: "0.12", 10_000: "0.66"},
    "memory_plain": {100: "2.00", 1_000: "2.00", 10_000: "1.91"},
}


AT_SCALE = (1_000, 10_000)
AT_1000 = (1_000,)


@dataclass
class Row:
    """One ratio: a value per size (None where not measured), its target and the sizes the target judges."""

    key: str
    """Where its figures before this engine are in :data:`BEFORE`."""
    label: str
    values: list[float | None]
    target: float | None = None
    target_text: str = "-"
    judged_at: tuple[int, ...] = ()
    cells: list[str] | None = None
    """Text to show instead of the values."""

    def verdict(self, sizes: list[int]) -> str:
        if self.target is None:
            return "-"
        judged = [value for size, value in zip(sizes, self.values) if size in self.judged_at and value is not None]
        if not judged:
            return "n/a"
        return "ok" if all(value <= self.target for value in judged) else "MISSED"


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _peak(result: SizeResult) -> int:
    """Peak memory of a full build with hooks: the larger of the cold and the warm build's."""
    return max(result.cold.max_rss, result.warm.max_rss)


def ratio_rows(results: list[SizeResult]) -> list[Row]:
    """Every ratio of the report."""

    def each(value: Callable[[SizeResult], float | None]) -> list[float | None]:
        return [value(r) for r in results]

    def growth(value: Callable[[SizeResult], float]) -> list[float | None]:
        """Each size's value over the previous size's, where the corpus grew tenfold (else None)."""
        return [None] + [_ratio(value(b), value(a)) if b.scenarios == 10 * a.scenarios else None for a, b in itertools.pairwise(results)]

    return [
        Row(
            "overhead_cold",
            "overhead: build with hooks, cold parse cache / plain build of the export (wall)",
            each(lambda r: _ratio(r.cold.seconds, r.plain.seconds)),
            1.08,
            "≤ 1.08 at 1,000 and 10,000",
            AT_SCALE,
        ),
        Row(
            "overhead_warm",
            "overhead: build with hooks, warm parse cache / plain build of the export (wall)",
            each(lambda r: _ratio(r.warm.seconds, r.plain.seconds)),
            1.05,
            "≤ 1.05 at 1,000 and 10,000",
            AT_SCALE,
        ),
        Row("overhead_cpu", "overhead: build with hooks, cold parse cache / plain build (CPU time)", each(lambda r: _ratio(r.cold.cpu, r.plain.cpu))),
        Row(
            "scaling_time",
            "scaling: build time with hooks, cold (wall) / previous size",
            growth(lambda r: r.cold.seconds),
            10.5,
            "≤ 10.5 per tenfold corpus",
            AT_SCALE,
        ),
        Row("scaling_cpu", "scaling: build time with hooks, cold (CPU) / previous size", growth(lambda r: r.cold.cpu)),
        Row("scaling_plain", "scaling: plain build time, MkDocs alone (wall, for reference) / previous size", growth(lambda r: r.plain.seconds)),
        Row("scaling_memory", "scaling: peak memory of a full build with hooks / previous size", growth(_peak), 10.5, "≤ 10.5 per tenfold corpus", AT_SCALE),
        Row(
            "dirty",
            "preview: mkdocs build --dirty after one edit / full build with hooks, cold (wall)",
            each(lambda r: _ratio(r.dirty.seconds, r.cold.seconds)),
            0.15,
            "≤ 0.15 at 1,000",
            AT_1000,
        ),
        Row(
            "serve",
            "preview: mkdocs serve --dirty rebuild after one edit / full build with hooks, cold (wall)",
            each(lambda r: _ratio(r.serve, r.cold.seconds)),
            0.15,
            "≤ 0.15 at 1,000",
            AT_1000,
        ),
        Row(
            "pages_rebuilt",
            "preview: HTML pages rewritten by the --dirty build / all HTML pages",
            each(lambda r: _ratio(r.pages_rebuilt, r.pages_total)),
            cells=[f"{r.pages_rebuilt:,} / {r.pages_total:,}" for r in results],
        ),
        Row(
            "first_dirty",
            "first mkdocs build --dirty after full builds, nothing edited (fills the page cache) / full build with hooks, cold (wall)",
            each(lambda r: _ratio(r.first_dirty.seconds, r.cold.seconds)),
        ),
        Row(
            "validate",
            "validation alone: knowledge validate, no parse cache, seconds per 1,000 records (wall)",
            each(lambda r: r.validate.seconds / r.records * 1000),
        ),
        Row("memory_budget", "peak memory of a full build with hooks / 2 GiB", each(lambda r: _peak(r) / (2 * GIB)), 0.999, "< 1 at 10,000", (10_000,)),
        Row(
            "search_share",
            "search: Pagefind indexing / full build with hooks, cold (wall)",
            each(lambda r: _ratio(r.search_index.seconds if r.search_index else None, r.cold.seconds)),
            0.15,
            "≤ 0.15",
            AT_SCALE,
        ),
        Row(
            "search_bytes",
            "search: bytes one search downloads, at most / 1 MB",
            each(lambda r: r.search_bytes / 1_000_000 if r.search_bytes else None),
            1.0,
            "≤ 1 at 10,000",
            (10_000,),
            cells=[f"{r.search_bytes / 1000:,.0f} KB" for r in results],
        ),
        Row(
            "largest_page",
            "pages: the largest HTML page / 200 KB",
            each(lambda r: r.largest_page / 200_000 if r.largest_page else None),
            1.0,
            "≤ 1 at 10,000",
            (10_000,),
            cells=[f"{r.largest_page / 1000:,.0f} KB" for r in results],
        ),
        Row("memory_plain", "peak memory: full build with hooks / plain build", each(lambda r: _ratio(_peak(r), r.plain.max_rss))),
    ]


def _markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def ratio_table(results: list[SizeResult]) -> str:
    """The ratios, each cell "before → after", with target and verdict (of the after figures)."""
    sizes = [r.scenarios for r in results]
    body = []
    for row in ratio_rows(results):
        after = row.cells or [_fmt(value) for value in row.values]
        before = BEFORE.get(row.key, {})
        body.append([row.label, *(f"{before.get(size, 'n/a')} → {cell}" for size, cell in zip(sizes, after)), row.target_text, row.verdict(sizes)])
    header = ["ratio", *(f"{r.scenarios:,} scenarios ({r.records:,} records)" for r in results), "target", "verdict"]
    return _markdown_table(header, body)


def real_validation_table(real: RealValidation) -> str:
    verdict = "ok" if real.run.seconds <= 0.5 else "MISSED"
    label = f"knowledge validate on this repository's content/ ({real.records} records), no parse cache (wall seconds)"
    return _markdown_table(["measure", "before → after", "target", "verdict"], [[label, f"n/a → {real.run.seconds:.2f}", "≤ 0.5", verdict]])


SPANS = (
    ("start", "startup", "start-up: interpreter, MkDocs, theme, plugins and hooks imported (the engine's too), mkdocs.yml loaded"),
    ("startup", "config", "on_config: the hook opens the build and its staging folder (`--dirty`: copies site/ into it)"),
    ("config", "pre_build", "on_pre_build: the engine's content check (load, validate, link)"),
    ("pre_build", "files", "MkDocs empties the output folder and collects files; on_files: the engine renders pages and exports"),
    ("files", "nav", "navigation; on_nav (`--dirty`: the hook reads unchanged pages for their titles)"),
    ("nav", "env", "MkDocs reads the pages (`--dirty`: the changed ones): Markdown → HTML; on_env"),
    ("env", "post_build", "MkDocs writes static files and the pages through the theme; search index (on_post_build)"),
    ("post_build", "shutdown", "on_shutdown: the hook swaps the staged site in and deletes the previous one"),
    ("shutdown", "end", "exit: interpreter teardown"),
)
"""Each row of "where the time goes": the span between two of the probe's marks, and what happens in it."""


def spans(run: Run) -> list[float | None]:
    """Seconds of each row of :data:`SPANS` (None where the probe left no mark)."""
    marks = {"start": 0.0, **run.marks, "end": run.seconds}
    return [marks[end] - marks[start] if start in marks and end in marks else None for start, end, _ in SPANS]


def time_table(result: SizeResult) -> str:
    """Where the time goes at one size, per kind of build, with the difference a build with hooks makes."""
    columns = [result.cold, result.warm, result.plain, result.dirty]
    seconds = [spans(run) for run in columns]
    extra = [a - b if a is not None and b is not None else None for a, b in zip(seconds[0], seconds[2])]

    def cell(value: float | None, total: float) -> str:
        return "n/a" if value is None else f"{value:.2f} s ({value / total:.0%})"

    rows = [
        [label, *(cell(values[index], run.seconds) for values, run in zip(seconds, columns)), "n/a" if extra[index] is None else f"{extra[index]:+.2f} s"]
        for index, (_, _, label) in enumerate(SPANS)
    ]
    rows.append(["total (wall)", *(f"{run.seconds:.2f} s" for run in columns), f"{result.cold.seconds - result.plain.seconds:+.2f} s"])
    header = [f"{result.scenarios:,} scenarios", "with hooks, cold cache", "with hooks, warm cache", "plain (export)", "--dirty after one edit", "cold − plain"]
    return _markdown_table(header, rows)


def report(results: list[SizeResult], real: RealValidation) -> str:
    """Ratios, the real content's validation, then where the time goes, as Markdown."""
    return "\n\n".join(
        [
            "## Ratios",
            f"Each cell: before (forked engine worker, {BEFORE_COMMIT}) → after (one process, this run). The verdict judges the after figure.",
            ratio_table(results),
            "## Validation of the real content",
            real_validation_table(real),
            "## Where the time goes",
            WHERE_NOTES,
            *(time_table(result) for result in results),
        ]
    )


WHERE_NOTES = """Spans between the probe's marks (`benchmarks/probe.py`), from the fastest run of each kind.
The probe is listed last under `hooks:`, and MkDocs runs the handlers of an event in that order,
so each row ends once every plugin and hook handled its event: a row holds MkDocs' own work
since the previous event plus the handlers of the event that ends it (the engine's `hooks/site.py`
among them). In the plain build the engine's rows hold MkDocs' work alone. Every full build
starts without a `site/` folder, so no row holds deleting a previous site (MkDocs' clean in the
plain build, the swap's delete on shutdown with hooks). The start and end of the process are the
benchmark's own clock, which on Linux the child shares."""


def machine() -> str:
    """The machine and software the numbers come from."""
    memory, cpu = "unknown", platform.processor() or "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), cpu)
    except OSError:
        pass

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    import yaml

    libyaml = "yes" if getattr(yaml, "__with_libyaml__", False) else "no"
    return "\n".join(
        [
            f"- date: {date.today().isoformat()}",
            f"- CPU: {len(os.sched_getaffinity(0))} cores available (`nproc`), {cpu}",
            f"- memory: {memory}",
            f"- OS: {platform.platform()}",
            f"- Python {platform.python_version()}, MkDocs {version('mkdocs')}, Material for MkDocs {version('mkdocs-material')},"
            f" Jinja2 {version('Jinja2')}, pydantic {version('pydantic')}, PyYAML {version('PyYAML')} (libyaml: {libyaml})",
        ]
    )


READING_NOTES = f"""## Reading the numbers

- *Overhead* compares `mkdocs build --strict` with the hooks against `mkdocs build --strict` of
  the same pages written out by `knowledge export` (MkDocs alone; its `mkdocs.yml` lists only the
  probe): the difference is the engine's work (load, validate, link, render, export) and imports,
  plus the staging folder. *Cold* builds start without `.cache/`, as in a fresh checkout; *warm*
  builds keep the parse cache (`.cache/knowledge/parsed.pickle`) the builds before wrote, as on a
  contributor's machine.
- The engine runs in the build process: a build is one process, so its peak memory is exact
  (`ru_maxrss` from `os.wait4`) and its CPU time is that one process's.
- *Preview*: `mkdocs build --dirty` is a new process each time; it stages a copy of the current
  site, takes unchanged record pages from `.cache/knowledge/` by their keys without rendering
  them, and MkDocs skips the pages whose file did not change. `mkdocs serve --dirty` reports the
  rebuild itself (from `on_config` to the end of `on_post_build`), without start-up.
- *Before*: the figures of `benchmarks/RESULTS.md` for {BEFORE_COMMIT}, where a full build forked
  an engine worker that checked and rendered the content on the second core while MkDocs worked
  (full report: `git show dfe9bcc:benchmarks/RESULTS.md`; `--repeat 3` on {BEFORE_MACHINE}).
  Compare the machine above before comparing the figures.
  Its full builds had no parse cache, like the cold ones here; its peak memory summed the
  sampled resident memory of the build's processes (pages shared with the worker counted
  twice), where now one process's peak is exact. Its overhead targets were ≤ 1.05."""


def results_page(text: str, elapsed: float, command: str, repeat: int) -> str:
    """benchmarks/RESULTS.md: how it was run, the machine, the tables."""
    return f"""# Benchmark results

Produced by `{command}` in {elapsed / 60:.0f} minutes. Corpora are synthetic
(`benchmarks/corpus.py`): N scenarios, N/10 evidence, N/20 tools, N/100 stack patterns and
fixed sets of the other kinds, every record valid and cross-referenced like the real content.
Every command runs in a child process. Rounds: {repeat}; each runs the full builds (with hooks from
a cold and from a warm parse cache, and the plain build; each round starts with another of them),
a validation and a `--dirty` build after an edit (a new edit each time); the fastest of each counts.
The real content is validated {max(repeat, 3)} times. `mkdocs serve --dirty` runs once, at sizes up to {SERVE_UP_TO:,}.

{machine()}

{text}

{READING_NOTES}
"""


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the report; write it with the machine description."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="scenario counts (default: 100 1000 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of full builds, validations and --dirty builds per size; the fastest counts (default 3)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the generated projects go (default: benchmarks/out)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="Markdown file to write (default: benchmarks/RESULTS.md)")
    args = parser.parse_args(argv)
    started = time.perf_counter()

    def log(text: str) -> None:
        print(f"{time.perf_counter() - started:7.1f} s  {text}", file=sys.stderr, flush=True)

    log("knowledge validate on this repository's content/")
    real = measure_real_validation(args.out, max(args.repeat, 3))
    results = [measure(size, args.out, log=log, serve=size <= SERVE_UP_TO, repeat=args.repeat) for size in sorted(args.sizes)]
    text = report(results, real)
    print(text)
    elapsed = time.perf_counter() - started
    command = " ".join(["python -m benchmarks.run", *(sys.argv[1:] if argv is None else argv)])
    args.results.write_text(results_page(text, elapsed, command, args.repeat), encoding="utf-8")
    log(f"done in {elapsed / 60:.1f} minutes; wrote {args.results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
