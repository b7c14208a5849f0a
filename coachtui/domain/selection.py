"""Which question to suggest next: fresh ones first, then those fitting the context.

Pure: works on anything with ``id`` and ``tags`` (the bank's Question).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol, TypeVar

# How many of a person's latest one-on-ones count as "recent" for freshness.
RECENT_ONE_ON_ONES = 5


class _Taggable(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def tags(self) -> tuple[str, ...]: ...


Q = TypeVar("Q", bound=_Taggable)


def context_tags(
    *,
    krs_at_risk: int = 0,
    open_action_items: int = 0,
    carried_topics: int = 0,
    undelivered_feedback: int = 0,
) -> frozenset[str]:
    """The tags that fit what preparation found about the person."""
    tags: set[str] = set()
    if krs_at_risk:
        tags |= {"obstacle", "confidence", "kr"}
    if open_action_items:
        tags.add("commitment")
    if carried_topics:
        tags.add("topic")
    if undelivered_feedback:
        tags.add("feedback")
    return frozenset(tags)


def rank_questions(
    questions: Sequence[Q],
    *,
    recently_asked: Collection[str] = (),
    context: Collection[str] = (),
) -> list[Q]:
    """Questions in the order to offer them.

    A question not asked in the recent one-on-ones comes before one that was;
    among equals, the more tags it shares with the context the earlier it
    comes; otherwise the bank's own order holds.
    """
    recent = set(recently_asked)
    wanted = set(context)

    def key(item: tuple[int, Q]) -> tuple[int, int, int]:
        position, question = item
        stale = 1 if question.id in recent else 0
        fit = len(wanted.intersection(question.tags))
        return (stale, -fit, position)

    return [q for _, q in sorted(enumerate(questions), key=key)]
