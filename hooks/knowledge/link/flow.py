"""The decision flow: structural checks, walking it, and tracing scenarios through it."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from knowledge.link.graph import Graph
from knowledge.problems import ProblemLog, did_you_mean, one_of
from knowledge.validate.records import ValidRecord


@dataclass(frozen=True)
class TraceStep:
    """One question on a path and the answer taken."""

    question: str
    answer: str


@dataclass
class Trace:
    """A walk through the flow: the steps taken and the outcome reached (None if it broke off)."""

    steps: list[TraceStep] = field(default_factory=list)
    outcome: str | None = None


@dataclass
class Flow:
    """The checked decision flow."""

    start: str
    questions: dict[str, ValidRecord]
    outcomes: dict[str, ValidRecord]
    traces: dict[str, Trace] = field(default_factory=dict)
    """Scenario id → its trace."""

    def answer(self, question: str, answer: str):
        """The answer model with this id, or None."""
        return next((a for a in self.questions[question].model.answers if a.id == answer), None)

    def paths_to(self, target: str) -> list[list[TraceStep]]:
        """Every path from the start to a question or outcome (the flow is acyclic)."""
        paths: list[list[TraceStep]] = []
        stack: list[tuple[str, list[TraceStep]]] = [(self.start, [])]
        while stack:
            node, path = stack.pop()
            if node == target:
                paths.append(path)
                continue
            if node in self.questions:
                for answer in reversed(self.questions[node].model.answers):
                    stack.append((answer.next, [*path, TraceStep(node, answer.id)]))
        return paths

    def depth(self) -> dict[str, int]:
        """Shortest number of questions from the start to each node."""
        depth = {self.start: 0}
        queue = deque([self.start])
        while queue:
            node = queue.popleft()
            if node not in self.questions:
                continue
            for answer in self.questions[node].model.answers:
                if answer.next not in depth:
                    depth[answer.next] = depth[node] + 1
                    queue.append(answer.next)
        return depth

    def scenarios_reaching(self, outcome: str) -> list[str]:
        """Scenario ids whose trace ends at an outcome."""
        return sorted(sid for sid, trace in self.traces.items() if trace.outcome == outcome)


def _error(record: ValidRecord, path: tuple, log: ProblemLog, message: str, hint: str, *, key: bool = False) -> None:
    line, column = record.raw.parsed.position_of(path, key=key)
    log.error(record.raw.display_path, line, column, message, hint)


def _find_start(graph: Graph, log: ProblemLog) -> str | None:
    questions = graph.all("question")
    starts = [q for q in questions if q.model.start]
    if not questions:
        return None
    if not starts:
        first = questions[0]
        _error(first, ("id",), log, "the decision flow has no start question", "set 'start: true' on the first question of the flow")
        return None
    starts.sort(key=lambda q: q.id)
    for extra in starts[1:]:
        _error(extra, ("start",), log, f"more than one start question (also '{starts[0].id}')", "keep 'start: true' on one question only")
    return starts[0].id if len(starts) == 1 else None


def _check_answers(question: ValidRecord, log: ProblemLog) -> None:
    seen_ids: set[str] = set()
    seen_labels: dict[str, int] = {}
    for index, answer in enumerate(question.model.answers):
        if answer.id in seen_ids:
            _error(question, ("answers", index, "id"), log, f"duplicate answer id '{answer.id}'", "give each answer its own id")
        seen_ids.add(answer.id)
        label = answer.label.strip().lower()
        if label in seen_labels:
            _error(question, ("answers", index, "label"), log, f"duplicate answer label '{answer.label}'", "make each answer say something different")
        seen_labels[label] = index


def _check_cycles(start: str, questions: dict[str, ValidRecord], log: ProblemLog) -> bool:
    """Report each answer that closes a cycle; return True if the flow is acyclic."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    acyclic = True
    for root in [start, *questions]:
        if state.get(root):
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        path: list[str] = []
        while stack:
            node, index = stack.pop()
            if index == 0:
                state[node] = 1
                path.append(node)
            answers = questions[node].model.answers
            if index < len(answers):
                stack.append((node, index + 1))
                target = answers[index].next
                if target not in questions:
                    continue
                if state.get(target) == 1:
                    acyclic = False
                    loop = " → ".join([*path[path.index(target) :], target])
                    _error(
                        questions[node],
                        ("answers", index, "next"),
                        log,
                        f"answer '{answers[index].id}' leads back to '{target}', a cycle: {loop}",
                        "point it at a later question or at an outcome",
                    )
                elif not state.get(target):
                    stack.append((target, 0))
            else:
                state[node] = 2
                path.pop()
    return acyclic


def _check_reachable(start: str, graph: Graph, log: ProblemLog) -> None:
    questions = graph.records["question"]
    reached = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node in questions:
            for answer in questions[node].model.answers:
                if answer.next not in reached:
                    reached.add(answer.next)
                    queue.append(answer.next)
    for kind in ("question", "outcome"):
        for record in graph.all(kind):
            if record.id not in reached:
                _error(
                    record,
                    ("id",),
                    log,
                    f"{kind} '{record.id}' cannot be reached from the start question '{start}'",
                    "point an answer's 'next' at it, or delete it",
                )


def walk(flow: Flow, answers: dict[str, str]) -> tuple[Trace, str | None]:
    """Follow the flow with a scenario's answers; return the trace and the question left unanswered, if any."""
    trace = Trace()
    node = flow.start
    while node in flow.questions:
        chosen = answers.get(node)
        answer = flow.answer(node, chosen) if chosen is not None else None
        if answer is None:
            return trace, node
        trace.steps.append(TraceStep(node, answer.id))
        node = answer.next
    trace.outcome = node if node in flow.outcomes else None
    return trace, None


def _trace_scenario(flow: Flow, scenario: ValidRecord, approaches: dict[str, ValidRecord], log: ProblemLog) -> None:
    decision = scenario.model.decision
    base = ("decision", "answers")
    for question_id, answer_id in decision.answers.items():
        if question_id in flow.questions and flow.answer(question_id, answer_id) is None:
            allowed = [a.id for a in flow.questions[question_id].model.answers]
            hint = "; ".join(filter(None, [did_you_mean(answer_id, allowed), one_of(allowed)]))
            _error(scenario, (*base, question_id), log, f"'{answer_id}' is not an answer of question '{question_id}'", hint)
    trace, unanswered = walk(flow, decision.answers)
    if unanswered is not None:
        if decision.answers.get(unanswered) is None:
            allowed = [a.id for a in flow.questions[unanswered].model.answers]
            _error(
                scenario,
                base,
                log,
                f"no answer to question '{unanswered}', which is on this scenario's path",
                f"add '{unanswered}: <answer>' under decision.answers; {one_of(allowed)}",
                key=True,
            )
        return
    if trace.outcome is None:  # the path ran into a dangling 'next', reported by the graph stage
        return
    flow.traces[scenario.id] = trace
    used = {step.question for step in trace.steps}
    for question_id in decision.answers:
        if question_id in flow.questions and question_id not in used:
            line, column = scenario.raw.parsed.position_of((*base, question_id), key=True)
            log.warning(
                scenario.raw.display_path,
                line,
                column,
                f"the answer to '{question_id}' is not on this scenario's path",
                "remove it, or check the earlier answers",
            )
    outcome = flow.outcomes[trace.outcome].model
    start = scenario.model.recommended_start
    if start not in approaches or outcome.recommends not in approaches:  # a dangling id, reported by the graph stage
        return
    if outcome.recommends != start and not decision.exception:
        _error(
            scenario,
            ("recommended_start",),
            log,
            f"recommended start '{start}' differs from the decision flow's outcome '{trace.outcome}', which recommends '{outcome.recommends}'",
            f"change recommended_start to '{outcome.recommends}', or explain the difference under decision.exception",
        )
    elif outcome.recommends == start and decision.exception:
        _error(scenario, ("decision", "exception"), log, f"an exception is recorded but the flow already recommends '{start}'", "remove decision.exception")


def check_flow(graph: Graph, log: ProblemLog) -> Flow | None:
    """Check the flow's structure and trace every scenario; return the flow if it can be used."""
    questions, outcomes = graph.records["question"], graph.records["outcome"]
    for shared in sorted(set(questions) & set(outcomes)):
        _error(outcomes[shared], ("id",), log, f"'{shared}' is the id of both a question and an outcome", "rename one of them")
    for question in questions.values():
        _check_answers(question, log)
    start = _find_start(graph, log)
    if start is None:
        if graph.records["scenario"] and not questions:
            first = graph.all("scenario")[0]
            _error(
                first, ("decision",), log, "scenarios answer decision questions, but content/decision/questions is empty", "add the decision flow's questions"
            )
        return None
    if not _check_cycles(start, questions, log):
        return None
    _check_reachable(start, graph, log)
    flow = Flow(start, questions, outcomes)
    for scenario in graph.all("scenario"):
        _trace_scenario(flow, scenario, graph.records["approach"], log)
    _check_approaches_reached(graph, log)
    return flow


def _check_approaches_reached(graph: Graph, log: ProblemLog) -> None:
    """Every approach is recommended or added by some outcome, or says in ``outside_flow`` why not (and only then)."""
    reached: dict[str, str] = {}
    for outcome in graph.all("outcome"):
        for approach in [outcome.model.recommends, *(step.approach for step in outcome.model.add_later)]:
            reached.setdefault(approach, outcome.id)
    if any(approach not in graph.records["approach"] for approach in reached):
        return  # an outcome names an unknown approach: that error comes first, and the approach it meant looks unreached
    for approach in graph.all("approach"):
        if approach.id not in reached and approach.model.outside_flow is None:
            _error(
                approach,
                ("id",),
                log,
                f"no outcome of the decision flow recommends or adds '{approach.id}'",
                "make an outcome recommend it or list it under add_later, or say why it stays outside the flow in 'outside_flow'",
            )
        elif approach.id in reached and approach.model.outside_flow is not None:
            _error(
                approach,
                ("outside_flow",),
                log,
                f"'outside_flow' says the flow never reaches '{approach.id}', but outcome '{reached[approach.id]}' does",
                "remove 'outside_flow'",
            )
