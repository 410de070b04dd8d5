"""The scaling benchmark: ``.venv/bin/python -m benchmarks.run`` from the project root.

For each corpus size (default 100, 1,000 and 10,000 scenarios) it generates a project
(``benchmarks/corpus.py``) under ``benchmarks/out/`` and measures, each in a child process
whose peak memory and CPU time come from ``os.wait4``:

- ``python -m knowledge validate`` (validation alone);
- a full ``mkdocs build --strict`` with the hooks, without ``.cache/`` (no page or parse cache),
  with stage timings, then a second one that finds the parse cache the first one wrote; and
  the same cold build with the engine in the build process (``KNOWLEDGE_WORKER=0``), as on a
  machine where the engine worker cannot run beside MkDocs;
- ``mkdocs build --dirty`` after editing one scenario;
- ``mkdocs serve --dirty``: the rebuild after editing one scenario while the server runs;
- ``python -m knowledge export`` and a hook-free ``mkdocs build`` of the exported Markdown.

It prints ratios (overhead, scaling, preview, validation share) and where the time goes, and
writes them with the machine description to ``benchmarks/RESULTS.md``. Times are wall-clock
and CPU (user + system) time: on a shared machine the CPU ratios are the steadier ones.
"""

from __future__ import annotations

import argparse
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
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path

from benchmarks import HOOKS, PROJECT
from benchmarks.corpus import make_project

SIZES = (100, 1_000, 10_000)
SERVE_SIZES = (1_000,)
OUT = PROJECT / "benchmarks" / "out"
RESULTS = PROJECT / "benchmarks" / "RESULTS.md"
GIB = 1024**3
MEMORY_BUDGET = 2 * GIB
SERVE_TIMEOUT = 900.0

Log = Callable[[str], None]


@dataclass
class Run:
    """One child process: wall and CPU seconds, peak resident memory, exit code and output."""

    seconds: float
    cpu: float
    max_rss: int
    returncode: int
    output: str
    tree_rss: int = 0
    """Largest sum of the resident memory of the process and its children, sampled (Linux), else 0."""


@dataclass
class SizeResult:
    """Every measurement for one corpus size."""

    scenarios: int
    records: int
    validate: Run
    build: Run
    warm: Run
    dirty: Run
    export: Run
    plain: Run
    inprocess: Run
    """A cold full build with the engine in the MkDocs process (no worker)."""
    site_bytes: int
    plain_site_bytes: int
    pages_rebuilt: int
    pages_total: int
    serve_rebuild: float | None = None
    rebuild: Run | None = None
    """A second full build right after the first: the parse cache holds every record."""
    timings: dict[str, dict] = field(default_factory=dict)


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(HOOKS)})
    env.update(extra or {})
    return env


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc (0 where there is none).

    Pages a forked child still shares with its parent count in both: the sum errs high.
    """
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


class _TreeMemory:
    """Samples :func:`_tree_rss` of a running process every 50 ms in a thread; keeps the largest."""

    def __init__(self, pid: int) -> None:
        self.peak = 0
        self._pid = pid
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.wait(0.05):
            self.peak = max(self.peak, _tree_rss(self._pid))

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak


def run_child(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run a command; measure its wall time, CPU time and peak RSS (``os.wait4``: exactly this child).

    ``os.wait4`` counts the CPU time of the processes the child forked and waited for (the
    engine worker), and reports the peak memory of the largest one; the memory of the whole
    process tree at once is sampled besides.
    """
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as output:
        start = time.perf_counter()
        process = subprocess.Popen(args, cwd=cwd, env=env or _env(), stdout=output, stderr=subprocess.STDOUT)
        memory = _TreeMemory(process.pid)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        tree_rss = memory.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read()
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, process.returncode, text, tree_rss)


def _check(run: Run, what: str) -> Run:
    if run.returncode != 0:
        raise SystemExit(f"{what} failed (exit {run.returncode}):\n{run.output[-4000:]}")
    return run


def _tree_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def _html_mtimes(site: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in site.rglob("*.html")}


def edit_one_scenario(project: Path, label: str) -> Path:
    """Change the summary of one scenario, as an author does while previewing."""
    path = sorted((project / "content" / "scenarios").glob("*.yaml"))[0]
    text = _EDIT_MARK.sub("", path.read_text(encoding="utf-8"), count=1)  # one mark at a time: the summary stays within its limit
    path.write_text(text.replace("\nsummary: ", f"\nsummary: Edited for the {label} benchmark. ", 1), encoding="utf-8")
    return path


_EDIT_MARK = re.compile(r"(?<=\nsummary: )Edited for the [^.]* benchmark\. ")


def _read_timings(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


def measure_serve(project: Path, log_path: Path, timeout: float = SERVE_TIMEOUT) -> float:
    """Seconds ``mkdocs serve --dirty`` takes to rebuild after one scenario changes (its own report)."""
    port = _free_port()
    with log_path.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=_env(),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:

            def builds() -> list[float]:
                return [float(seconds) for seconds in _BUILT.findall(log_path.read_text(encoding="utf-8"))]

            def wait_for(count: int) -> list[float]:
                deadline = time.monotonic() + timeout
                while time.monotonic() < deadline:
                    if server.poll() is not None:
                        raise SystemExit(f"mkdocs serve stopped:\n{log_path.read_text(encoding='utf-8')[-4000:]}")
                    if len(found := builds()) >= count:
                        return found
                    if "Aborted with" in log_path.read_text(encoding="utf-8"):
                        raise SystemExit(f"mkdocs serve failed to rebuild:\n{log_path.read_text(encoding='utf-8')[-4000:]}")
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


def _best(runs: list[Run]) -> Run:
    """The fastest of repeated runs (the least disturbed by other load), with the lowest CPU time seen."""
    fastest = min(runs, key=lambda run: run.seconds)
    return Run(
        fastest.seconds,
        min(run.cpu for run in runs),
        max(run.max_rss for run in runs),
        fastest.returncode,
        fastest.output,
        max(run.tree_rss for run in runs),
    )


def measure(scenarios: int, out: Path = OUT, log: Log = print, serve: bool = False, repeat: int = 1) -> SizeResult:
    """Generate a corpus of ``scenarios`` scenarios and take every measurement on it.

    Full builds (with hooks, again with the parse cache, plain, engine in process) alternate
    ``repeat`` times; the fastest of each counts.
    So does the ``--dirty`` build after an edit, repeated with a new edit each time.
    """
    python = sys.executable
    folder = out / f"n{scenarios}"
    project = folder / "project"
    export_dir = folder / "export"
    log(f"[{scenarios:,}] generating the corpus in {project}")
    counts = make_project(project, scenarios)
    for stale in (project / "site", project / ".cache", export_dir):
        shutil.rmtree(stale, ignore_errors=True)

    log(f"[{scenarios:,}] python -m knowledge validate")

    def cold_validate() -> Run:
        shutil.rmtree(project / ".cache", ignore_errors=True)  # no parse cache from the run before
        return _check(run_child([python, "-m", "knowledge", "--root", str(project), "validate"], project), "validate")

    validate = _best([cold_validate() for _ in range(repeat)])
    log(f"[{scenarios:,}] python -m knowledge export")
    export = _check(run_child([python, "-m", "knowledge", "--root", str(project), "export", str(export_dir)], project), "export")

    timings_file = folder / "timings.json"
    builds, plains, inprocess_builds, rebuilds, timings = [], [], [], [], {}

    def cold_build(runs: list[Run], which: str, extra: dict[str, str]) -> None:
        shutil.rmtree(project / ".cache", ignore_errors=True)  # a fresh checkout: no page or parse cache
        timings_file.unlink(missing_ok=True)
        env = _env({"KNOWLEDGE_TIMINGS": str(timings_file), **extra})
        runs.append(_check(run_child([python, "-m", "mkdocs", "build", "--strict"], project, env), "mkdocs build"))
        if runs[-1] is min(runs, key=lambda run: run.seconds):
            timings[which] = _read_timings(timings_file)

    plain_build = [python, "-m", "mkdocs", "build", "--strict", "-f", str(export_dir / "mkdocs.yml")]

    def with_hooks(attempt: int) -> None:
        log(f"[{scenarios:,}] mkdocs build --strict with the hooks ({attempt + 1}/{repeat})")
        cold_build(builds, "build", {})
        log(f"[{scenarios:,}] mkdocs build --strict with the hooks again, the parse cache filled by the build before ({attempt + 1}/{repeat})")
        rebuilds.append(_check(run_child([python, "-m", "mkdocs", "build", "--strict"], project), "mkdocs build"))

    def plain(attempt: int) -> None:
        log(f"[{scenarios:,}] mkdocs build --strict of the export, no hooks ({attempt + 1}/{repeat})")
        plains.append(_check(run_child(plain_build, export_dir, _env({"PYTHONPATH": ""})), "plain build"))

    def in_process(attempt: int) -> None:
        log(f"[{scenarios:,}] mkdocs build --strict with the hooks, engine in process ({attempt + 1}/{repeat})")
        cold_build(inprocess_builds, "inprocess", {"KNOWLEDGE_WORKER": "0"})

    # Successive builds on a shared machine can drift (here they slow down build after build):
    # each round starts with another kind of build, so none always gets the first slot.
    kinds = [with_hooks, plain, in_process]
    for attempt in range(repeat):
        for run in kinds[attempt % len(kinds) :] + kinds[: attempt % len(kinds)]:
            run(attempt)
    build, plain_run, inprocess, rebuild = _best(builds), _best(plains), _best(inprocess_builds), _best(rebuilds)
    site_bytes = _tree_bytes(project / "site")

    # The first incremental build fills the page cache (full builds keep pages in memory);
    # from then on an incremental build rewrites only the pages whose Markdown changed.
    log(f"[{scenarios:,}] mkdocs build --dirty, nothing edited (fills the page cache)")
    warm = _check(run_child([python, "-m", "mkdocs", "build", "--dirty"], project), "mkdocs build --dirty")
    dirty_runs, rebuilt = [], 0
    for attempt in range(repeat):  # a new edit each time; the fastest rebuild counts, as for full builds
        before = _html_mtimes(project / "site")
        time.sleep(0.05)  # a distinct modification time for the edit, on coarse file systems too
        edit_one_scenario(project, f"dirty build {attempt + 1}")
        timings_file.unlink(missing_ok=True)
        log(f"[{scenarios:,}] mkdocs build --dirty after editing one scenario ({attempt + 1}/{repeat})")
        env = _env({"KNOWLEDGE_TIMINGS": str(timings_file)})
        dirty_runs.append(_check(run_child([python, "-m", "mkdocs", "build", "--dirty"], project, env), "mkdocs build --dirty"))
        if dirty_runs[-1] is min(dirty_runs, key=lambda run: run.seconds):
            timings["dirty"] = _read_timings(timings_file)
        after = _html_mtimes(project / "site")
        rebuilt = max(rebuilt, sum(1 for path, mtime in after.items() if before.get(path) != mtime))
    dirty = _best(dirty_runs)

    serve_rebuild = None
    if serve:
        log(f"[{scenarios:,}] mkdocs serve --dirty: rebuild after editing one scenario")
        serve_rebuild = measure_serve(project, folder / "serve.log")

    return SizeResult(
        scenarios=scenarios,
        records=counts.total,
        validate=validate,
        build=build,
        warm=warm,
        dirty=dirty,
        export=export,
        plain=plain_run,
        inprocess=inprocess,
        site_bytes=site_bytes,
        plain_site_bytes=_tree_bytes(export_dir / "site"),
        pages_rebuilt=rebuilt,
        pages_total=len(after),
        serve_rebuild=serve_rebuild,
        rebuild=rebuild,
        timings=timings,
    )


# --- report ---------------------------------------------------------------------------------


def _measured(result: SizeResult, which: str) -> Run:
    """The run behind a set of stage timings."""
    return {"build": result.build, "dirty": result.dirty, "inprocess": result.inprocess}[which]


PARALLEL = "alongside MkDocs"
"""Marks the stages the engine worker runs while MkDocs works: they are not part of the wall time's sum."""


def stage_seconds(result: SizeResult, which: str = "build") -> list[tuple[str, float]]:
    """Seconds per stage of a hooked build, from the hook's event marks and the engine's timings.

    Marks are seconds since the hook module was imported (while MkDocs loads the config).
    What happens before that import and after the last event cannot be seen from inside, so
    it is the wall time minus the observed span. Garbage collection is also counted inside
    the stages it interrupts. With the engine worker, the build process's stages add up to the
    wall time; the worker's own stages overlap them and are listed apart.
    """
    data = result.timings.get(which) or {}
    marks, engine, collector = data.get("marks", {}), data.get("engine", {}), data.get("gc", {})
    if not marks:
        return []
    total = _measured(result, which).seconds
    in_worker = "worker_end" in marks

    def span(start: str, end: str) -> float:
        return max(marks.get(end, 0.0) - marks.get(start, 0.0), 0.0)

    rows = (_worker_build_rows if in_worker else _in_process_rows)(total, marks, engine, span)
    if collector:
        rows.append(("of all the above: garbage collection", collector.get("seconds", 0.0)))
    return rows


def _startup(total: float, marks: dict[str, float]) -> tuple[str, float]:
    return ("start-up and exit (interpreter, imports, config, teardown)", max(total - marks.get("post_build", 0.0), 0.0) + marks.get("config", 0.0))


def _other(rows: list[tuple[str, float]], total: float) -> tuple[str, float]:
    return ("other (plugins between the marks)", max(total - sum(seconds for _, seconds in rows), 0.0))


def _worker_build_rows(total: float, marks: dict[str, float], engine: dict[str, float], span: Callable[[str, str], float]) -> list[tuple[str, float]]:
    """A full build with the engine worker: the build process's stages, then the worker's, which overlap them.

    The build waits for the content check only in ``on_files``: MkDocs cleans and collects while
    the worker starts, loads and checks.
    """
    rows = [
        _startup(total, marks),
        ("hook: start the engine worker, set the previous site aside", span("pre_build", "pre_build_end")),
        ("MkDocs: clean site/, collect files", span("pre_build_end", "files")),
        ("hook: wait for the content check (what of the worker's start, load and checks MkDocs did not cover)", span("files", "checked")),
        ("hook: page cache, MkDocs file list", span("checked", "files_end")),
        ("MkDocs: navigation", span("files_end", "nav")),
        ("MkDocs: read pages, Markdown → HTML", span("nav", "env")),
        ("hook: wait for the engine worker to finish", span("env", "worker_end")),
        ("MkDocs: theme templates, search index, write", span("worker_end", "post_build")),
    ]
    rows.append(_other(rows, total))
    worker_stages = [
        ("start (fork, imports of the engine)", engine.get("start", 0.0)),
        ("load (find, read, parse YAML)", engine.get("load", 0.0)),
        ("validate (models)", engine.get("validate", 0.0)),
        ("link (references, backlinks)", engine.get("link", 0.0)),
        ("checks and decision flow", engine.get("checks", 0.0) + engine.get("flow", 0.0)),
        ("render (Jinja → Markdown)", engine.get("render", 0.0)),
        ("export (JSON, schemas)", engine.get("export", 0.0)),
        ("write the parse cache", engine.get("parse cache", 0.0)),
    ]
    rows += [(f"engine worker, {PARALLEL}: {label}", seconds) for label, seconds in worker_stages]
    rows.append(("of MkDocs reading pages: waiting for the worker's pages", engine.get("wait for pages", 0.0)))
    return rows


def _in_process_rows(total: float, marks: dict[str, float], engine: dict[str, float], span: Callable[[str, str], float]) -> list[tuple[str, float]]:
    """A build with the engine in the build process: every stage in turn."""
    engine_pre = sum(engine.get(name, 0.0) for name in ("load", "validate", "link", "checks", "flow"))
    unaccounted = max(span("pre_build", "pre_build_end") - engine_pre, 0.0)
    render_export = engine.get("render", 0.0) + engine.get("export", 0.0)
    rows = [
        _startup(total, marks),
        ("engine: load (find, read, parse YAML)", engine.get("load", 0.0)),
        ("engine: validate (models)", engine.get("validate", 0.0)),
        ("engine: link (references, backlinks)", engine.get("link", 0.0)),
        ("engine: checks and decision flow", engine.get("checks", 0.0) + engine.get("flow", 0.0) + unaccounted),
        ("engine: render (Jinja → Markdown)", engine.get("render", 0.0)),
        ("engine: export (JSON, schemas)", engine.get("export", 0.0)),
        ("hook: page cache, MkDocs file list", max(span("files", "files_end") - render_export, 0.0)),
        ("MkDocs: clean site/, collect files", span("pre_build_end", "files")),
        ("MkDocs: navigation", span("files_end", "nav")),
        ("MkDocs: read pages, Markdown → HTML", span("nav", "env")),
        ("MkDocs: theme templates, search index, write", span("env", "post_build")),
    ]
    rows.append(_other(rows, total))
    return rows


def _peak(run: Run) -> int:
    """Peak memory of a build: the sampled sum over its processes, or the largest process if more."""
    return max(run.max_rss, run.tree_rss)


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def _fmt(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _verdict(values: list[float], target: float) -> str:
    if not values:
        return "n/a"
    return "ok" if all(value <= target for value in values) else "MISSED"


ROW_LABELS = (
    "overhead: build with hooks / plain build of the export (wall)",
    "overhead: build with hooks / plain build of the export (CPU time of every process, the engine worker's included)",
    "overhead, engine in the build process (KNOWLEDGE_WORKER=0, as with one core) / plain build (wall)",
    "overhead, second full build (records parsed by the first, from the parse cache) / plain build (wall)",
    "scaling: build time (wall)",
    "scaling: build time (CPU)",
    "scaling: plain build time, MkDocs alone (wall, for reference)",
    "scaling: peak memory of the build (all its processes)",
    "scaling: site/ size",
    "preview: mkdocs build --dirty after one edit / full build (wall)",
    "preview: mkdocs build --dirty after one edit / full build (CPU)",
    "preview: mkdocs serve --dirty rebuild after one edit / full build (wall)",
    "preview: HTML pages rewritten by the --dirty build / all HTML pages",
    "first mkdocs build --dirty after a full build, nothing edited (fills the page cache) / full build (wall)",
    "validation alone: python -m knowledge validate, seconds per 1,000 records (wall)",
    "validation alone / full build with hooks (wall)",
    "peak memory of the build, all its processes together / 2 GiB",
    "peak memory: build with hooks / plain build",
)


def ratio_rows(results: list[SizeResult]) -> list[tuple[str, list[str], str, str]]:
    """The ratio table: (row label, one cell per size, target, verdict), one row per ROW_LABELS entry."""
    rows: list[tuple[str, list[str], str, str]] = []
    big = [r for r in results if r.scenarios >= 1_000] or results[-1:]

    def overhead(value: Callable[[Run], float]) -> tuple[list[str], str]:
        ratios = {r.scenarios: _ratio(value(r.build), value(r.plain)) for r in results}
        return [_fmt(ratios[r.scenarios]) for r in results], _verdict([ratios[r.scenarios] for r in big], 1.05)

    cells, verdict = overhead(lambda run: run.seconds)
    rows.append((ROW_LABELS[0], cells, "≤ 1.05 at 1,000 and 10,000", verdict))
    cells, _ = overhead(lambda run: run.cpu)
    rows.append((ROW_LABELS[1], cells, "-", "-"))
    rows.append((ROW_LABELS[2], [_fmt(_ratio(r.inprocess.seconds, r.plain.seconds)) for r in results], "-", "-"))
    again = [_ratio(r.rebuild.seconds, r.plain.seconds) if r.rebuild else None for r in results]
    rows.append((ROW_LABELS[3], [_fmt(value) for value in again], "-", "-"))

    def scaling(label: str, value: Callable[[SizeResult], float], judged: bool) -> None:
        cells, normalised = [], []
        for previous, current in zip([None, *results], results):
            if previous is None:
                cells.append("n/a")
                continue
            factor = current.scenarios / previous.scenarios
            ratio = _ratio(value(current), value(previous))
            cells.append(f"{ratio:.2f} (size ×{factor:g})")
            if factor == 10:
                normalised.append(ratio)
        rows.append((label + " / previous size", cells, "≤ 11 per tenfold size" if judged else "-", _verdict(normalised, 11.0) if judged else "-"))

    scaling(ROW_LABELS[4], lambda r: r.build.seconds, True)
    scaling(ROW_LABELS[5], lambda r: r.build.cpu, True)
    scaling(ROW_LABELS[6], lambda r: r.plain.seconds, False)
    scaling(ROW_LABELS[7], lambda r: _peak(r.build), True)
    scaling(ROW_LABELS[8], lambda r: r.site_bytes, True)

    at_1000 = [r for r in results if r.scenarios == 1_000] or results[-1:]
    wall = {r.scenarios: _ratio(r.dirty.seconds, r.build.seconds) for r in results}
    cpu = {r.scenarios: _ratio(r.dirty.cpu, r.build.cpu) for r in results}
    rows.append((ROW_LABELS[9], [_fmt(wall[r.scenarios]) for r in results], "≤ 0.15 at 1,000", _verdict([wall[r.scenarios] for r in at_1000], 0.15)))
    rows.append((ROW_LABELS[10], [_fmt(cpu[r.scenarios]) for r in results], "≤ 0.15 at 1,000", _verdict([cpu[r.scenarios] for r in at_1000], 0.15)))
    serve = {r.scenarios: (_ratio(r.serve_rebuild, r.build.seconds) if r.serve_rebuild is not None else None) for r in results}
    judged = [value for r in at_1000 if (value := serve[r.scenarios]) is not None]
    rows.append((ROW_LABELS[11], [_fmt(serve[r.scenarios]) for r in results], "≤ 0.15 at 1,000", _verdict(judged, 0.15)))
    rows.append((ROW_LABELS[12], [f"{r.pages_rebuilt:,} / {r.pages_total:,}" for r in results], "-", "-"))
    rows.append((ROW_LABELS[13], [_fmt(_ratio(r.warm.seconds, r.build.seconds)) for r in results], "-", "-"))
    rows.append((ROW_LABELS[14], [_fmt(r.validate.seconds / r.records * 1000) for r in results], "-", "-"))
    rows.append((ROW_LABELS[15], [_fmt(_ratio(r.validate.seconds, r.build.seconds)) for r in results], "-", "-"))
    memory = [_ratio(_peak(r.build), MEMORY_BUDGET) for r in results]
    judged = [value for r, value in zip(results, memory) if r.scenarios >= 10_000] or memory[-1:]
    rows.append((ROW_LABELS[16], [_fmt(value) for value in memory], "< 1 at 10,000", _verdict(judged, 0.999)))
    rows.append((ROW_LABELS[17], [_fmt(_ratio(_peak(r.build), _peak(r.plain))) for r in results], "-", "-"))
    return rows


def _markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _stage_table(results: list[SizeResult], which: str, title: str) -> str:
    sizes = [f"{r.scenarios:,}" for r in results]
    table: dict[str, list[str]] = {}
    for index, r in enumerate(results):
        total = _measured(r, which).seconds
        for label, seconds in stage_seconds(r, which):
            row = table.setdefault(label, ["n/a"] * len(results))
            row[index] = f"{seconds / total:.1%} ({seconds:.2f} s)"
    return _markdown_table([title, *sizes], [[label, *cells] for label, cells in table.items()])


def findings(results: list[SizeResult]) -> list[str]:
    """What the numbers point at: the largest engine stages, and stages that grow faster than the corpus."""
    lines = []
    largest = results[-1]
    stages = dict(stage_seconds(largest))
    engine = sorted(((seconds, label) for label, seconds in stages.items() if label.startswith(("engine", "hook")) and PARALLEL not in label), reverse=True)
    if engine:
        top = ", ".join(f"{label.split(': ', 1)[1]} {seconds / largest.build.seconds:.1%}" for seconds, label in engine[:3])
        lines.append(f"- Largest engine stages the build waits for at {largest.scenarios:,} scenarios (share of the full build): {top}.")
    for smaller, bigger in itertools.pairwise(results):
        factor = bigger.scenarios / smaller.scenarios
        small_stages = dict(stage_seconds(smaller))
        for label, seconds in stage_seconds(bigger):
            before = small_stages.get(label, 0.0)
            if before >= 0.02 and seconds >= 0.5 and seconds / before > factor * 1.25:  # clearly faster, not noise
                lines.append(f"- Grows faster than the corpus ({smaller.scenarios:,} → {bigger.scenarios:,}, ×{factor:g}): {label} ×{seconds / before:.1f}.")
    return lines


def report(results: list[SizeResult]) -> str:
    """Ratios, then where the time goes, as Markdown."""
    sizes = [f"{r.scenarios:,} scenarios ({r.records:,} records)" for r in results]
    ratio_table = _markdown_table(["ratio", *sizes, "target", "verdict"], [[label, *cells, target, ok] for label, cells, target, ok in ratio_rows(results)])
    return "\n\n".join(
        [
            "## Ratios",
            ratio_table,
            "## Where the time goes",
            "\n".join(findings(results)) or "- No stage stands out.",
            "Share of the wall time, with the seconds behind it for orientation.",
            _stage_table(results, "build", "full build with hooks, scenarios:"),
            _stage_table(results, "inprocess", "full build with hooks, engine in process (KNOWLEDGE_WORKER=0), scenarios:"),
            _stage_table(results, "dirty", "mkdocs build --dirty after one edit, scenarios:"),
        ]
    )


def machine() -> str:
    """The machine and software the numbers come from."""
    memory = "unknown"
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024**2:.1f} GiB"
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
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


READING_NOTES = """## Reading the numbers

- *Overhead* compares `mkdocs build` with the hooks against `mkdocs build` of the same pages
  written out by `python -m knowledge export` (no hooks, no engine): the difference is the
  engine's own work (load, validate, link, check, render, export) plus its imports. Those
  builds and the validations start without `.cache/`, as in a fresh checkout; the *second
  full build* keeps the parse cache (`.cache/knowledge/parsed.pickle`) the first one wrote,
  as on a contributor's machine, so no unchanged record is parsed again.
- A full build forks an *engine worker* (`hooks/knowledge/worker.py`) that loads and checks
  the content (record files parsed by one forked helper per spare core,
  `hooks/knowledge/preparse.py`) while MkDocs cleans `site/` and collects files (the previous
  site set aside until the check passed); the build waits for what remains of the check, then
  MkDocs converts pages while the worker renders the rest and the exports. That takes a second core: the wall time drops, the CPU time does not
  (the CPU row counts every process). The in-process row is the same build with
  `KNOWLEDGE_WORKER=0`, the cost on a machine with one core. Peak memory is the larger of
  the largest process's peak (`ru_maxrss`) and the resident memory of all the build's
  processes together, sampled every 50 ms; pages the worker still shares with the build
  process count twice, so the sum errs high.
- *Preview*: `mkdocs serve --dirty` keeps parses, unchanged record pages and record exports in
  memory between rebuilds; `mkdocs build --dirty` is a new process each time: it takes
  unchanged record pages from `.cache/knowledge/` by their keys, without rendering them, and
  MkDocs skips the pages whose file did not change. Either way MkDocs'
  `--dirty` has its own limits: the search index holds only the pages rebuilt last, and pages
  of deleted records stay in `site/` until the next full build.
- The engine's stages run with the garbage collector paused; "garbage collection" counts the
  collections during the whole build, most of them inside MkDocs' stages."""


def results_page(text: str, elapsed: float, command: str, repeat: int) -> str:
    """benchmarks/RESULTS.md: how it was run, the machine, the tables."""
    return f"""# Benchmark results

Produced by `{command}` in {elapsed / 60:.0f} minutes. Corpora are synthetic
(`benchmarks/corpus.py`): N scenarios, N/10 evidence, N/20 tools, N/100 stack patterns and
fixed sets of the other kinds, every record valid and cross-referenced like the real content.
Every command runs in a child process. Validation, the full builds (with hooks, with hooks
again from the parse cache, plain, and with the engine in process, alternating, each round
starting with another of them) and the `--dirty` build after an edit (a new edit each time) run {repeat} times
per size and the fastest counts; everything else runs once. Wall-clock ratios move with the load of the machine, CPU-time ratios much less.

{machine()}

{text}

{READING_NOTES}
"""


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the ratios; write RESULTS.md unless told not to."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", type=lambda text: tuple(int(x) for x in text.split(",")), default=SIZES, help="comma-separated scenario counts")
    parser.add_argument(
        "--serve-sizes", type=lambda text: tuple(int(x) for x in text.split(",") if x), default=SERVE_SIZES, help="sizes that also measure mkdocs serve"
    )
    parser.add_argument("--repeat", type=int, default=2, help="validations, full builds and --dirty builds per size; the fastest counts (default 2)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the generated projects go (default: benchmarks/out)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="Markdown file to write (default: benchmarks/RESULTS.md)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    started = time.perf_counter()

    def log(text: str) -> None:
        print(f"{time.perf_counter() - started:7.1f} s  {text}", file=sys.stderr, flush=True)

    results = [measure(size, args.out, log=log, serve=size in args.serve_sizes, repeat=args.repeat) for size in args.sizes]
    text = report(results)
    print(text)
    elapsed = time.perf_counter() - started
    log(f"done in {elapsed / 60:.1f} minutes")
    if not args.no_write:
        command = "python -m benchmarks.run" + ("" if argv is None and len(sys.argv) == 1 else " " + " ".join(argv if argv is not None else sys.argv[1:]))
        args.results.write_text(results_page(text, elapsed, command, args.repeat), encoding="utf-8")
        log(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
