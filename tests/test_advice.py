"""The advice check: advice in disguise fires a calm nudge; open questions never do."""

from __future__ import annotations

import pytest

from coachtui.domain.advice import check_advice, is_advice

MUST_FIRE = [
    ("You should talk to Sam about it.", "you should"),
    ("you need to prioritise the migration", "you should"),
    ("You shouldn't worry about that.", "you should"),
    ("What you should do is write it down.", "you should"),
    ("Why don't you ask Priya?", "why don't you"),
    ("Why not ask for help?", "why don't you"),
    ("Have you tried pairing on it?", "have you tried"),
    ("Did you consider a spike first?", "have you tried"),
    ("So, have you thought about a rotation?", "have you tried"),
    ("Could you try writing it down?", "have you tried"),
    ("I would just ship it.", "I would"),
    ("I'd go with the second option.", "I would"),
    ("Honestly, I’d wait a week.", "I would"),
    ("If I were you, I'd wait.", "I would"),
    ("My advice is to wait.", "my advice"),
    ("I suggest we split the ticket.", "my advice"),
    ("Don't you think it's time to escalate?", "don't you think"),
    ("Wouldn't it be better to split it?", "don't you think"),
    ("Maybe you could ask the team?", "you could"),
    ("How about asking Sam first?", "you could"),
    ("You might want to rest more.", "you could"),
    ("Just ship it and see what happens.", "just do it"),
    ("Try asking them directly?", "just do it"),
    ("Make sure you book the review.", "just do it"),
]

MUST_NOT_FIRE = [
    "What have you tried so far?",
    "What would you do?",
    "How would you approach it?",
    "What do you think you should do?",
    "What could you do?",
    "How could I help?",
    "What would I need to know to help?",
    "What options do you see?",
    "Why does that matter to you?",
    "What is getting in the way?",
    "Tell me more about that.",
    "How did you try to solve it?",
    "What I'd like to know is how it went.",
    "Why not?",
    "What do you feel you need to change?",
    "What did you consider before choosing?",
    "How about you?",
    "What is one step you could take this quarter?",
    "What would someone you admire do in your place?",
    "How well does the measure tell you what you need to know?",
    "",
]


@pytest.mark.parametrize("text, family", MUST_FIRE)
def test_advice_in_disguise_fires(text: str, family: str):
    result = check_advice(text)
    assert result.is_advice, text
    assert result.family == family
    assert result.phrase and result.phrase in " ".join(text.split())  # as the manager typed it
    # The nudge is calm and offers an open question.
    assert result.suggestion.endswith("?")
    assert result.phrase in result.nudge and result.suggestion in result.nudge
    assert "!" not in result.nudge


@pytest.mark.parametrize("text", MUST_NOT_FIRE)
def test_open_questions_do_not_fire(text: str):
    result = check_advice(text)
    assert not result.is_advice, (text, result.family, result.phrase)
    assert result.nudge == ""
    assert not is_advice(text)


def test_suggestions_are_not_advice_themselves():
    for text, _ in MUST_FIRE:
        for offer in check_advice(text).alternatives:
            if offer.startswith("Would it help"):
                continue  # asking permission to offer an idea is the point of this one
            assert not is_advice(offer), offer
