"""The advice check: spot advice dressed up as a question.

A coaching question leaves the answer with the other person. "You should…",
"why don't you…", "have you tried…" and "I would…" carry the manager's
answer inside them. ``check_advice`` finds those shapes and offers an open
question instead. Pure: no database, no UI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Each family: (name, patterns, open questions to offer instead).
# Patterns are matched against the lower-cased text with straight quotes.
# The start of a clause, allowing a filler word: "So, have you tried…".
_START = r"(?:^|[.!?;:,]\s*)(?:(?:so|and|but|well|ok|okay|hmm|then),?\s+)?"
# "What do you think you should do?" asks for their view: not advice.
_THINK = r"(?<!think )(?<!feel )(?<!believe )(?<!say )(?<!sure )(?<!what )"

_FAMILIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "you should",
        (
            _THINK
            + r"\byou (?:really |probably |definitely |just )?(?:should|shouldn't|should not|ought to|must|mustn't|need to|have to|had better|'d better)\b",
            r"\bwhat you (?:should|need to|ought to|have to) do is\b",
            _THINK + r"\byou(?:'d| would) (?:be better off|do well to)\b",
            r"\bshouldn't you\b",
            r"\bwhy (?:not|don't you) just\b",
        ),
        ("What options do you see?", "What do you think the next step is?"),
    ),
    (
        "why don't you",
        (
            r"\bwhy (?:don't|do not|wouldn't|won't|can't) you\b",
            _START + r"why not(?=\s+\w)",
        ),
        ("What is making that hard to do?", "What would it take to move on this?"),
    ),
    (
        "have you tried",
        (
            _START
            + r"(?:have|did|had) you (?:ever )?(?:tried|try|considered|consider|thought about|think about|looked at|look at)\b",
            _START + r"(?:could|can|would) you (?:not )?(?:just )?(?:try|consider)\b",
            r"\bhave you thought of\b",
        ),
        ("What have you tried so far?", "What else could you try?"),
    ),
    (
        "I would",
        (
            r"(?<!what )(?<!how )(?<!where )(?<!when )(?<!why )\bi(?:'d| would)\b(?! (?:like|love|want) to (?:know|hear|understand|learn))(?! be (?:curious|interested))",
            r"\bif i were you\b",
            r"\bin your shoes\b",
            r"\bwhat i(?:'d| would) do\b",
        ),
        ("What would you do if it were entirely your call?", "What matters most to you here?"),
    ),
    (
        "my advice",
        (
            r"\bmy (?:advice|suggestion|recommendation)\b",
            r"\bi (?:suggest|recommend|advise|propose)\b",
            r"\blet me (?:suggest|recommend)\b",
            r"\bthe (?:best|right|obvious) (?:thing|move|answer|way) (?:to do |would be |is )",
        ),
        (
            "What ideas do you have?",
            "Would it help if I shared an idea, after you have shared yours?",
        ),
    ),
    (
        "don't you think",
        (
            r"\b(?:don't|do not) you think\b",
            r"\b(?:wouldn't|would not|isn't|is not) it (?:be )?(?:better|easier|smarter|simpler|best)\b",
            r"\bwouldn't it make (?:more )?sense\b",
            r"\bisn't the (?:answer|solution|problem)\b",
        ),
        ("How do you see it?", "What makes sense to you here?"),
    ),
    (
        "you could",
        (
            _START + r"(?:maybe |perhaps )?you (?:could|can always)\b",
            r"\b(?:maybe|perhaps) you (?:could|can)\b",
            _THINK + r"\byou (?:might|may) want to\b",
            _START + r"(?:how|what) about (?:just )?\w+ing\b",
            _START + r"(?:maybe|perhaps) (?:just |try )",
        ),
        ("What could you do?", "What possibilities do you see?"),
    ),
    (
        "just do it",
        (
            _START
            + r"(?:just|try to|try|make sure|remember to|go and|go talk|talk to|stop|start|don't|do not|consider|use|send|book|schedule|escalate|push back|ask them to)(?= \w)",
        ),
        ("What do you want to do about it?", "What would a first step look like for you?"),
    ),
)

_COMPILED = tuple(
    (name, tuple(re.compile(p) for p in patterns), offers) for name, patterns, offers in _FAMILIES
)

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


@dataclass(frozen=True)
class AdviceCheck:
    """The result of checking one question the manager wrote."""

    is_advice: bool
    family: str = ""  # e.g. "have you tried"
    phrase: str = ""  # the words that gave it away, as typed
    suggestion: str = ""  # an open question to ask instead
    alternatives: tuple[str, ...] = ()

    @property
    def nudge(self) -> str:
        """A calm one-liner for the screen, empty when there is nothing to say."""
        if not self.is_advice:
            return ""
        return (
            f"“{self.phrase}” sounds like advice in disguise. "
            f"An open question leaves the answer with them, e.g. “{self.suggestion}”"
        )


def _normalise(text: str) -> str:
    return " ".join(text.translate(_QUOTES).lower().split())


def check_advice(text: str) -> AdviceCheck:
    """Check a question the manager wrote; ``is_advice`` when it carries an answer."""
    plain = _normalise(text)
    if not plain:
        return AdviceCheck(False)
    for name, patterns, offers in _COMPILED:
        for pattern in patterns:
            found = pattern.search(plain)
            if found:
                start, end = found.span()
                phrase = plain[start:end].strip(" .!?;:,")
                phrase = (
                    " ".join(text.split())[start : start + len(phrase) + 1].strip(" .!?;:,")
                    or phrase
                )
                return AdviceCheck(True, name, phrase, offers[0], offers)
    return AdviceCheck(False)


def is_advice(text: str) -> bool:
    return check_advice(text).is_advice
