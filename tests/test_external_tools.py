"""The external programs a build runs (D2, Pagefind): a failure is one sentence naming the program, never a traceback."""

from __future__ import annotations

import sys

import pytest

from knowledge.external_tools import ToolFailed, run_tool


def test_a_finished_program_is_returned_with_its_output():
    done = run_tool("a greeting", [sys.executable, "-c", "print('hello')"], timeout=30)
    assert done.stdout.strip() == "hello"


@pytest.mark.parametrize(
    ("command", "says"),
    [
        ([sys.executable, "-c", "import sys; sys.exit('the layout broke')"], "the test program failed: the layout broke"),
        (["/nonexistent/program"], "the test program could not run: "),
        ([sys.executable, "-c", "import time; time.sleep(5)"], "the test program took longer than 1 s"),
    ],
    ids=["fails", "missing", "too slow"],
)
def test_a_failing_program_is_one_sentence_that_names_it(command: list[str], says: str):
    with pytest.raises(ToolFailed) as caught:
        run_tool("the test program", command, timeout=1)
    assert str(caught.value).startswith(says)
    error = caught.value
    assert error.__context__ is None or error.__suppress_context__  # no chained traceback behind the sentence
