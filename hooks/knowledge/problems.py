"""Problems found in content: where they are, what is wrong, and how to fix it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, printed as ``file:line:col: error: message (hint)``."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Severity = "error"

    def format(self) -> str:
        """Render the problem in the compiler-style one-line format."""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}{hint}"

    def format_github(self) -> str:
        """Render the problem as a GitHub Actions workflow annotation."""
        text = self.message + (f" ({self.hint})" if self.hint else "")
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity} file={self.path},line={self.line},col={self.column}::{text}"


@dataclass
class ProblemLog:
    """Collects every problem of a run so all of them can be reported at once."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, column: int, message: str, hint: str = "") -> None:
        """Record an error."""
        self.problems.append(Problem(path, line, column, message, hint, "error"))

    def warning(self, path: str, line: int, column: int, message: str, hint: str = "") -> None:
        """Record a warning (reported, but does not fail the build)."""
        self.problems.append(Problem(path, line, column, message, hint, "warning"))

    @property
    def errors(self) -> list[Problem]:
        """Only the problems that fail a build."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Only the problems that are reported without failing."""
        return [p for p in self.problems if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        """Problems ordered by file, then position, without duplicates."""
        return sorted(set(self.problems))


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """Return "did you mean 'x'?" for the closest candidate, or an empty string."""
    matches = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else ""


def one_of(values: Iterable[str], limit: int = 12) -> str:
    """List allowed values compactly for a hint."""
    items = sorted(values)
    shown = ", ".join(f"'{v}'" for v in items[:limit])
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return f"use one of {shown}{more}"
