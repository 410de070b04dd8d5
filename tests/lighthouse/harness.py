"""Lighthouse 12 (npm, mobile defaults) against a built site served like a static host, offline.

- ``serve_static(site)`` serves a built site at the path of ``site_url`` (``/site/``) on
  127.0.0.1, gzipping text responses for clients that accept it (as GitHub Pages and most static
  hosts do), with the site's ``404.html`` for missing paths.
- ``PAGES`` lists one page of every page type; a new page type is one more line.
- ``run_lighthouse(...)`` runs ``node_modules/.bin/lighthouse`` once per page, sequentially,
  against Debian's Chromium (``CHROME_PATH``), keeps every full report, and writes a compact
  scores file (``test-artifacts/lighthouse/*.json``, with a readable ``.txt`` table beside it)
  that the tests read back. A page under the threshold is run twice more and its median run
  counts (``RUNS_WHEN_LOW``), so one noisy run on a busy machine does not fail CI.

Chromium gets a proxy that does not exist (``127.0.0.1:9``): Chromium never sends loopback
requests through a proxy, so the local site loads while anything else (a CDN, a web font, the
browser's own background requests) fails at once instead of waiting on DNS; every request that
left the local site is listed in the scores file, and the tests fail on any.
"""

from __future__ import annotations

import gzip
import http.server
import json
import mimetypes
import os
import re
import shutil
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PROJECT / "test-artifacts" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
THRESHOLD = 0.95
CHROME_FLAGS = "--headless=new --no-sandbox --proxy-server=http://127.0.0.1:9"
PAGE_TIMEOUT = 240  # seconds for one Lighthouse run (about 15 s on 2 cores)
RUNS_WHEN_LOW = 3
"""A page under the threshold is measured again up to this many runs in all, and the median run (by performance) counts.

Simulated throttling scales the CPU time Chromium really spent, so a busy machine lowers a single
run's performance score; a page that is really slow stays under the threshold in the median.
"""


@dataclass(frozen=True)
class Page:
    """One page of a page type: its name in reports and its path under the site's root (may end in ``?query``)."""

    kind: str
    path: str


# One page of every page type of the real site. Add a page type with one line.
PAGES: tuple[Page, ...] = (
    Page("home", ""),
    Page("decide", "decide/"),
    Page("question", "decide/questions/knowledge-or-behaviour/"),
    Page("outcome", "decide/outcomes/fine-tune-with-peft/"),
    Page("compare", "compare/"),
    Page("scenarios index", "scenarios/"),
    Page("scenario", "scenarios/fraud-review-triage/"),
    Page("approach", "approaches/prompt-engineering/"),
    Page("evidence", "evidence/medprompt/"),
    Page("tools index", "tools/"),
    Page("glossary", "glossary/"),
    Page("pair page", "compare/rag-vs-peft/"),
    Page("compare view", "compare/?show=rag,peft,distillation&mark=token-usage"),
    Page("search results", "search/?q=lora+clasifier"),
    Page("scenario finder", "scenarios/?domain=finance&task=classification"),
    Page("facet listing", "scenarios/by/domain/finance/"),
    Page("calculator", "compare/calculator/"),
    Page("stance", "stance/"),
)


def site_path(mkdocs_yml: Path) -> str:
    """The path part of ``site_url`` in ``mkdocs.yml`` (``/site/``), where a static host serves the site."""
    match = re.search(r"^site_url:\s*(\S+)", mkdocs_yml.read_text(encoding="utf-8"), re.MULTILINE)
    path = urllib.parse.urlsplit(match.group(1)).path if match else "/"
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def missing_tools() -> str | None:
    """Why Lighthouse cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium)"
    if not LIGHTHOUSE.exists():
        return f"{LIGHTHOUSE.relative_to(PROJECT)} is missing: run npm ci"
    if shutil.which("node") is None:
        return "node is missing: install Node.js (apt-get install nodejs npm)"
    return None


# --- the static host -------------------------------------------------------------------------

COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml|manifest\+json|rss\+xml|atom\+xml|ld\+json)|image/svg\+xml)")
TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".map": "application/json",
}


class StaticHost(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, folder: Path, prefix: str) -> None:
        super().__init__(("127.0.0.1", 0), StaticHandler)
        self.folder = folder.resolve()
        self.prefix = prefix
        self.cache: dict[tuple[Path, bool], bytes] = {}
        self.lock = threading.Lock()
        self.requests: list[tuple[str, int, int]] = []  # path, status, bytes sent

    def body(self, path: Path, compress: bool) -> bytes:
        key = (path, compress)
        with self.lock:
            if key not in self.cache:
                data = path.read_bytes()
                self.cache[key] = gzip.compress(data, compresslevel=6, mtime=0) if compress else data
            return self.cache[key]


class StaticHandler(http.server.BaseHTTPRequestHandler):
    """GET and HEAD of a built site under the server's prefix, the way a static host answers."""

    server: StaticHost
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_HEAD(self) -> None:
        self.answer(head=True)

    def do_GET(self) -> None:
        self.answer(head=False)

    def answer(self, head: bool) -> None:
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        prefix = self.server.prefix
        if url_path + "/" == prefix:
            return self.redirect(prefix)
        file = self.resolve(url_path[len(prefix) :]) if url_path.startswith(prefix) else None
        if file is not None and file.is_dir():
            return self.redirect(url_path + "/")
        status = 200
        if file is None:
            status, file = 404, self.server.folder / "404.html"
            if not file.is_file():
                return self.send_bytes(404, b"Not found\n", "text/plain", head)
        kind = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        self.send_bytes(status, file, kind, head)

    def resolve(self, relative: str) -> Path | None:
        target = (self.server.folder / relative).resolve()
        if target != self.server.folder and self.server.folder not in target.parents:
            return None
        if relative.endswith("/") or target == self.server.folder:
            target = target / "index.html"
        elif target.is_dir():
            return target  # redirected to the path with a slash
        return target if target.is_file() else None

    def redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.server.requests.append((self.path, 301, 0))

    def send_bytes(self, status: int, source: Path | bytes, kind: str, head: bool) -> None:
        compress = bool(COMPRESSIBLE.match(kind)) and "gzip" in self.headers.get("Accept-Encoding", "")
        data = self.server.body(source, compress) if isinstance(source, Path) else gzip.compress(source, mtime=0) if compress else source
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8" if kind.startswith("text/") or kind == "application/json" else kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        if COMPRESSIBLE.match(kind):
            self.send_header("Vary", "Accept-Encoding")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if not head:
            self.wfile.write(data)
        self.server.requests.append((self.path, status, 0 if head else len(data)))


@contextmanager
def serve_static(folder: Path, prefix: str = "/site/") -> Iterator[tuple[str, StaticHost]]:
    """Serve ``folder`` at ``http://127.0.0.1:<free port><prefix>`` while the block runs; yields the base URL and the server."""
    server = StaticHost(folder, prefix)
    thread = threading.Thread(target=server.serve_forever, name="lighthouse-static-host", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}", server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- Lighthouse ------------------------------------------------------------------------------

METRICS = {
    "first-contentful-paint": "FCP ms",
    "largest-contentful-paint": "LCP ms",
    "total-blocking-time": "TBT ms",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI ms",
}


@dataclass
class Result:
    """One page's scores, key metrics and what pulled its categories down, as stored in the scores file."""

    kind: str
    path: str
    url: str
    scores: dict[str, float | None]
    metrics: dict[str, float]
    bytes: int
    requests: int
    offsite: list[str]
    failing: dict[str, list[str]]
    seconds: float
    error: str = ""
    report: str = ""
    runs: list[float | None] = field(default_factory=list)
    """The performance score of every run, when the page was measured more than once."""
    errored: list[str] = field(default_factory=list)
    """Audits Lighthouse could not compute (``*`` marks one that counts towards a category score)."""


def lighthouse_version() -> str:
    package = PROJECT / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"] if package.is_file() else "?"


def run_page(page: Page, base_url: str, reports: Path, name: str) -> Result:
    """One Lighthouse run (mobile defaults) of one page; the full report is kept as ``reports/<name>.report.json``."""
    url = base_url + page.path
    report = reports / f"{name}.report.json"
    report.unlink(missing_ok=True)
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    command = [
        str(LIGHTHOUSE),
        url,
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
    ]
    started = time.monotonic()
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=PAGE_TIMEOUT, check=False)
        problem = "" if done.returncode == 0 else f"lighthouse exited {done.returncode}: {(done.stderr or done.stdout)[-2000:]}"
    except subprocess.TimeoutExpired:
        problem = f"lighthouse took more than {PAGE_TIMEOUT} s"
    seconds = round(time.monotonic() - started, 1)
    if problem or not report.is_file():
        return Result(page.kind, page.path, url, dict.fromkeys(CATEGORIES), {}, 0, 0, [], {}, seconds, problem or "no report written")
    result = summarise(page, url, json.loads(report.read_text(encoding="utf-8")), seconds)
    result.report = report.name
    return result


def low(result: Result) -> bool:
    return bool(result.error) or any(score is None or score < THRESHOLD for score in result.scores.values())


def measure(page: Page, base_url: str, reports: Path, name: str) -> Result:
    """Run Lighthouse on a page; if a category is under the threshold, run again and keep the median run (by performance)."""
    first = run_page(page, base_url, reports, name)
    if first.error or not low(first):
        return first
    runs = [first] + [run_page(page, base_url, reports, f"{name}.run{number}") for number in range(2, RUNS_WHEN_LOW + 1)]
    ordered = sorted(runs, key=lambda result: result.scores.get("performance") or 0.0)
    median = ordered[len(ordered) // 2]
    median.runs = [result.scores.get("performance") for result in runs]
    median.seconds = round(sum(result.seconds for result in runs), 1)
    return median


def summarise(page: Page, url: str, lhr: dict[str, Any], seconds: float) -> Result:
    audits = lhr["audits"]
    categories = lhr["categories"]
    scores = {name: categories[name]["score"] for name in CATEGORIES if name in categories}
    metrics = {label: round(audits[key]["numericValue"], 3 if key == "cumulative-layout-shift" else 0) for key, label in METRICS.items() if key in audits}
    requests = (audits.get("network-requests", {}).get("details") or {}).get("items", [])
    origin = "{0.scheme}://{0.netloc}/".format(urllib.parse.urlsplit(url))
    offsite = sorted({item["url"] for item in requests if not item["url"].startswith((origin, "data:", "blob:"))})
    failing: dict[str, list[str]] = {}
    for name in CATEGORIES:
        if name not in categories:
            continue
        refs = [ref for ref in categories[name]["auditRefs"] if ref.get("weight", 0) > 0]
        lost = []
        for ref in refs:
            audit = audits.get(ref["id"], {})
            score = audit.get("score")
            if score is not None and score < 1 and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"):
                lost.append((ref["weight"] * (1 - score), f"{ref['id']} ({score:.2f}{metric_text(audit)})"))
        failing[name] = [text for _, text in sorted(lost, key=lambda item: -item[0])][:5]
    if "performance" in categories:  # the opportunities and diagnostics behind the metrics
        notes = []
        for key, audit in audits.items():
            if audit.get("score") is not None and audit["score"] < 0.9 and audit.get("scoreDisplayMode") == "metricSavings":
                notes.append(f"{key}: {audit.get('displayValue') or audit['title']}")
        failing["performance hints"] = sorted(notes)[:8]
    weighted = {ref["id"] for name in CATEGORIES if name in categories for ref in categories[name]["auditRefs"] if ref.get("weight", 0) > 0}
    errored = sorted(key + ("*" if key in weighted else "") for key, audit in audits.items() if audit.get("scoreDisplayMode") == "error")
    transfer = sum(int(item.get("transferSize") or 0) for item in requests)
    return Result(page.kind, page.path, url, scores, metrics, transfer, len(requests), offsite, failing, seconds, errored=errored)


def metric_text(audit: dict[str, Any]) -> str:
    value = audit.get("displayValue")
    return f", {value}" if value else ""


def run_lighthouse(pages: tuple[Page, ...] | list[Page], site: Path, scores: Path, prefix: str = "/site/") -> Path:
    """Serve ``site`` and run Lighthouse on every page in turn; write the scores to ``scores`` (and a table beside it) and return its path.

    The full reports go to ``reports/<scores' stem>/`` beside the scores file.
    """
    reports = scores.parent / "reports" / scores.stem
    if reports.is_dir():
        shutil.rmtree(reports)
    reports.mkdir(parents=True)
    started = time.monotonic()
    results: list[Result] = []
    with serve_static(site, prefix) as (base_url, server):
        for number, page in enumerate(pages, 1):
            missing = page_missing(site, page)
            if missing:
                results.append(Result(page.kind, page.path, base_url + page.path, dict.fromkeys(CATEGORIES), {}, 0, 0, [], {}, 0.0, missing))
                continue
            slug = f"{number:02d}-" + re.sub(r"[^a-z0-9]+", "-", page.kind.lower()).strip("-")
            results.append(measure(page, base_url, reports, slug))
        served = len(server.requests)
    data = {
        "lighthouse": lighthouse_version(),
        "chromium": chromium_version(),
        "settings": "mobile defaults: simulated throttling, Moto G Power emulation",
        "chrome_flags": CHROME_FLAGS,
        "threshold": THRESHOLD,
        "seconds": round(time.monotonic() - started, 1),
        "requests_served": served,
        "pages": [result.__dict__ for result in results],
    }
    scores.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    scores.with_suffix(".txt").write_text(table(data) + "\n", encoding="utf-8")
    return scores


def page_missing(site: Path, page: Page) -> str:
    path = page.path.split("?", 1)[0]
    target = site / path / "index.html" if path == "" or path.endswith("/") else site / path
    if target.is_file():
        return ""
    return f"{page.path or '(home)'} is not in the build: choose another {page.kind} page in tests/lighthouse/harness.py"


def chromium_version() -> str:
    try:
        done = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return done.stdout.strip()


# --- reading the scores back -----------------------------------------------------------------


def load(scores: Path) -> dict[str, Any]:
    return json.loads(scores.read_text(encoding="utf-8"))


def below(data: dict[str, Any], categories: tuple[str, ...] = CATEGORIES, threshold: float | None = None) -> list[str]:
    """Every page and category under the threshold (or not measured), as lines."""
    limit = data["threshold"] if threshold is None else threshold
    lines = []
    for page in data["pages"]:
        if page["error"]:
            lines.append(f"{page['kind']}: {page['error']}")
            continue
        for category in categories:
            score = page["scores"].get(category)
            if score is None or score < limit:
                lines.append(f"{page['kind']}: {category} {fmt(score)} < {limit}")
    return lines


def offsite(data: dict[str, Any]) -> list[str]:
    return [f"{page['kind']}: {url}" for page in data["pages"] for url in page["offsite"]]


def fmt(score: float | None) -> str:
    return "  -  " if score is None else f"{score:.2f}"


def table(data: dict[str, Any], categories: tuple[str, ...] = CATEGORIES) -> str:
    """Every page's scores, metrics and, under each page with a category below the threshold, the audits that cost it most."""
    limit = data["threshold"]
    heads = {"performance": "perf", "accessibility": "a11y", "best-practices": "best", "seo": "seo"}
    width = max([len(page["path"]) for page in data["pages"]] + [4])
    lines = [
        f"Lighthouse {data['lighthouse']} ({data['settings']}), {data['chromium']}, {data['seconds']} s; threshold {limit}",
        f"{'page':<16} {'path':<{width}} " + " ".join(f"{heads.get(name, name):>5}" for name in CATEGORIES) + "   FCP    LCP    TBT   CLS   KB   s",
    ]
    for page in data["pages"]:
        m = page["metrics"]
        row = f"{page['kind']:<16} {page['path'] or '/':<{width}} " + " ".join(f"{fmt(page['scores'].get(name)):>5}" for name in CATEGORIES)
        if m:
            row += f" {m.get('FCP ms', 0):>5.0f} {m.get('LCP ms', 0):>6.0f} {m.get('TBT ms', 0):>6.0f} {m.get('CLS', 0):>5.3f} {page['bytes'] / 1024:>4.0f} {page['seconds']:>3.0f}"
        lines.append(row)
        if page["runs"]:
            lines.append(f"    median of {len(page['runs'])} runs; performance in each: " + ", ".join(fmt(score) for score in page["runs"]))
        if page["error"]:
            lines.append(f"    ! {page['error']}")
        for category in categories:
            score = page["scores"].get(category)
            if score is not None and score < limit:
                lines.append(f"    {category}: " + "; ".join(page["failing"].get(category, [])))
                if category == "performance" and page["failing"].get("performance hints"):
                    lines.append("      hints: " + "; ".join(page["failing"]["performance hints"]))
        for url in page["offsite"]:
            lines.append(f"    offsite request: {url}")
    errored = sorted({audit for page in data["pages"] for audit in page["errored"]})
    if errored:  # Lighthouse's trace engine and a newer Chromium can disagree; * marks an audit that counts in a score
        lines.append("audits Lighthouse could not compute: " + ", ".join(errored))
    return "\n".join(lines)
