"""Detect runs of nine or more words copied from the source material in ../shared/seeds."""

from __future__ import annotations

import re
from pathlib import Path

RUN_LENGTH = 9
PROJECT = Path(__file__).resolve().parents[1]
SEEDS = PROJECT.parent / "shared" / "seeds"
CHECKED_SUFFIXES = {".md", ".yaml", ".yml", ".html", ".j2", ".txt", ".py"}


def words(text: str) -> list[str]:
    """Lower-case word tokens, as the project's copy check counts them."""
    return re.findall(r"[a-z0-9]+", text.lower())


def seed_runs(seeds: Path = SEEDS) -> set[tuple[str, ...]]:
    """Every nine-word run of the source material."""
    runs: set[tuple[str, ...]] = set()
    for path in sorted(seeds.glob("*.txt")):
        tokens = words(path.read_text(errors="replace"))
        runs.update(tuple(tokens[i : i + RUN_LENGTH]) for i in range(len(tokens) - RUN_LENGTH + 1))
    return runs


def copied_runs(path: Path, runs: set[tuple[str, ...]]) -> list[str]:
    """Nine-word runs of ``path`` that also appear in the source material."""
    tokens = words(path.read_text(errors="replace"))
    return [" ".join(tokens[i : i + RUN_LENGTH]) for i in range(len(tokens) - RUN_LENGTH + 1) if tuple(tokens[i : i + RUN_LENGTH]) in runs]


if __name__ == "__main__":
    import sys

    all_runs = seed_runs()
    targets = [Path(arg) for arg in sys.argv[1:]] or [PROJECT / "content", PROJECT / "docs"]
    found = 0
    for target in targets:
        for path in sorted(target.rglob("*") if target.is_dir() else [target]):
            if path.suffix in CHECKED_SUFFIXES and path.is_file():
                for run in copied_runs(path, all_runs):
                    found += 1
                    print(f'{path}: "{run}"')
    print(f"{found} copied nine-word run(s)")
    raise SystemExit(1 if found else 0)
