"""What a flow is, and the pipeline step that runs them.

A flow starts on a message it recognises ("jeg skal bestille tid til pas") and keeps its
state in the conversation's context (`ConversationContext.flow`: a small JSON dict with the
flow's `name` and whatever it has gathered). On the next message the active flow goes first:
a pressed button (`Question.flow_input`) or a typed answer it understands continues it; a
message it does not understand leaves the flow, and the rest of the pipeline answers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from muni.answering.state import TurnState
from muni.domain import Answer, Question


@dataclass(frozen=True)
class FlowReply:
    """A flow's answer and its state afterwards (None: the flow is finished)."""

    answer: Answer
    state: dict[str, Any] | None = None


class Flow(Protocol):
    name: str

    def start(self, question: Question, state: TurnState) -> FlowReply | None:
        """A reply if the message starts this flow, else None."""
        ...

    def proceed(
        self, question: Question, state: TurnState, flow: dict[str, Any]
    ) -> FlowReply | None:
        """Continue the active flow with this message; None: the message is not for it."""
        ...


class FlowStep:
    """Continues the conversation's active flow, or starts one; else passes the message on."""

    name = "flows"

    def __init__(self, flows: list[Flow]) -> None:
        self.flows = flows
        self.by_name = {flow.name: flow for flow in flows}

    def __call__(self, question: Question, state: TurnState) -> Answer | None:
        active = question.context.flow
        if active:
            flow = self.by_name.get(str(active.get("name")))
            if flow is not None:
                reply = flow.proceed(question, state, active)
                if reply is not None:
                    return self._take(reply, state, flow.name)
        for flow in self.flows:
            reply = flow.start(question, state)
            if reply is not None:
                return self._take(reply, state, flow.name)
        return None

    @staticmethod
    def _take(reply: FlowReply, state: TurnState, name: str) -> Answer:
        state.flow_handled = True
        state.flow_next = {**reply.state, "name": name} if reply.state is not None else None
        return reply.answer
