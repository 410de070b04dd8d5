"""The external programs a build runs: a command line in, the finished process out, or :class:`ToolFailed`.

Two binaries installed from PyPI as wheels run as subprocesses with a time limit: the D2 diagram
binary draws the decision flowchart (``render/flowchart.py``) and Pagefind indexes the written site
(``export/search_index.py``). Nothing else in the build starts a process.
"""

from __future__ import annotations

import subprocess


class ToolFailed(RuntimeError):
    """An external program could not run, ran too long or failed; the message names it and says why."""


def run_tool(name: str, command: list[str], *, timeout: int) -> subprocess.CompletedProcess[str]:
    """Run ``command`` (``name`` says what it is in messages) and return it finished, or raise :class:`ToolFailed`."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise ToolFailed(f"{name} took longer than {timeout} s") from None
    except OSError as error:
        raise ToolFailed(f"{name} could not run: {error}") from None
    if done.returncode != 0:
        raise ToolFailed(f"{name} failed: {(done.stderr or done.stdout).strip()[-500:]}")
    return done
