"""Detect runs of nine or more words copied from the source material in ../shared/seeds.

A quoted published title is a name, not prose: a record may cite a paper by the title the source material
uses. So text inside double quotation marks ("..." or “...”) is left out of the check when it reads as a
title: title case, at most ``TITLE_MAX_WORDS`` words, and no sentence break inside. Runs never cross such a
title, so the words around it are still checked on their own. Quoted sentences, and any prose written in
sentence case, are checked like everything else, so the test still fails for copied prose.

>>> is_title("Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks")
True
>>> is_title("Fine-Tuning or Retrieval? Comparing Knowledge Injection in LLMs")
True
>>> is_title("tuning on your own tickets teaches the model your labels and your house style")
False
>>> is_title("It Works. Then It Breaks Again And Again")
False
>>> [len(words(part)) for part in unquoted_parts('see "Fine-Tuning or Retrieval? Comparing Knowledge Injection in LLMs" here')]
[1, 1]
>>> [len(words(part)) for part in unquoted_parts('he said "the model is only as good as the data it sees"')]
[13]
"""

from __future__ import annotations

import re
from pathlib import Path

RUN_LENGTH = 9
TITLE_MAX_WORDS = 30
PROJECT = Path(__file__).resolve().parents[1]
SEEDS = PROJECT.parent / "shared" / "seeds"
CHECKED_SUFFIXES = {".md", ".yaml", ".yml", ".html", ".j2", ".txt", ".py"}

# Straight or curly double quotes around at most a few hundred characters (YAML folds may break lines).
QUOTED = re.compile(r'"([^"]{1,400})"|“([^”]{1,400})”')
# Short words a title may leave in lower case.
MINOR_WORDS = frozenset(
    (
        *("a", "an", "and", "are", "as", "at", "but", "by", "for", "from", "in", "into", "is", "of", "off", "on", "onto", "or"),
        *("over", "per", "than", "that", "the", "to", "up", "upon", "via", "versus", "vs", "with", "within", "without"),
    )
)
# A full stop, exclamation mark or semicolon followed by more text means more than one sentence
# ("vs." and "et al." are abbreviations, not sentence ends).
SENTENCE_BREAK = re.compile(r"(?<!\bvs)(?<!\bal)\.\s+\S|[!;]\s+\S")
TITLE_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.\-]*")


def words(text: str) -> list[str]:
    """Lower-case word tokens, as the project's copy check counts them."""
    return re.findall(r"[a-z0-9]+", text.lower())


def is_title(text: str) -> bool:
    """Whether quoted ``text`` reads as a published title rather than a sentence."""
    text = " ".join(text.split())
    tokens = TITLE_WORD.findall(text)
    if not 2 <= len(tokens) <= TITLE_MAX_WORDS or SENTENCE_BREAK.search(text):
        return False
    if not (tokens[0][0].isupper() or tokens[0][0].isdigit()):
        return False
    for token in tokens:
        letters = re.sub(r"[^A-Za-z]", "", token)
        if token.lower().rstrip(".") in MINOR_WORDS or len(letters) < 4:
            continue
        if token[0].islower():
            return False
    return True


def unquoted_parts(text: str) -> list[str]:
    """``text`` split around quoted titles, which are dropped; everything else is kept."""
    parts, start = [], 0
    for match in QUOTED.finditer(text):
        if is_title(match.group(1) or match.group(2)):
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


def seed_runs(seeds: Path = SEEDS) -> set[tuple[str, ...]]:
    """Every nine-word run of the source material."""
    runs: set[tuple[str, ...]] = set()
    for path in sorted(seeds.glob("*.txt")):
        tokens = words(path.read_text(errors="replace"))
        runs.update(tuple(tokens[i : i + RUN_LENGTH]) for i in range(len(tokens) - RUN_LENGTH + 1))
    return runs


def copied_runs(path: Path, runs: set[tuple[str, ...]]) -> list[str]:
    """Nine-word runs of ``path`` that also appear in the source material (quoted titles excepted)."""
    found = []
    for part in unquoted_parts(path.read_text(errors="replace")):
        tokens = words(part)
        found += [" ".join(tokens[i : i + RUN_LENGTH]) for i in range(len(tokens) - RUN_LENGTH + 1) if tuple(tokens[i : i + RUN_LENGTH]) in runs]
    return found


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
