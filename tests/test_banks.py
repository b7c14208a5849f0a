"""Question banks: the schema, precise errors, shipped banks, user overrides, Markdown import."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachtui import banks
from coachtui.banks import (
    bank_from_markdown,
    bank_problems,
    get_bank,
    import_markdown,
    load_banks,
    parse_bank,
    validate_bank_file,
)
from coachtui.domain.advice import check_advice
from coachtui.errors import CoachError, NotFound
from coachtui.paths import user_banks_dir

GOOD = """\
[bank]
id = "tiny"
title = "Tiny bank"
purpose = "one_on_one"
version = 1

[[stages]]
id = "open"
title = "Open"
hint = "Start here"

[[questions]]
id = "q1"
stage = "open"
text = "What is on your mind?"
follow_ups = ["What else?"]
tags = ["opening"]
"""


def test_a_good_bank_parses_with_its_api():
    bank = parse_bank(GOOD, "tiny.toml")
    assert bank.id == bank.bank.id == "tiny"
    assert bank.title == "Tiny bank" and bank.purpose == "one_on_one"
    assert [(s.id, s.title, s.hint) for s in bank.stages] == [("open", "Open", "Start here")]
    [q] = bank.questions_in("open")
    assert (q.id, q.stage, q.text, q.follow_ups, q.tags) == (
        "q1",
        "open",
        "What is on your mind?",
        ("What else?",),
        ("opening",),
    )


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            ('purpose = "one_on_one"', 'purpose = "chat"'),
            r"^b\.toml: line 4: bank\.purpose: must be one of .*'chat'",
        ),
        (('id = "tiny"', 'id = "Tiny Bank"'), r"^b\.toml: line 2: bank\.id: must be lowercase"),
        (
            ("version = 1", "version = 0"),
            r"^b\.toml: line 5: bank\.version: .*greater than or equal to 1",
        ),
        (
            ('stage = "open"', 'stage = "nowhere"'),
            r"^b\.toml: line 14: questions\[0\] \(id 'q1'\)\.stage: names stage 'nowhere'",
        ),
        (
            ('text = "What is on your mind?"\n', ""),
            r"^b\.toml: line 12: questions\[0\] \(id 'q1'\)\.text: is missing",
        ),
        (
            ('tags = ["opening"]', 'tags = ["opening"]\ncolour = "red"'),
            r"questions\[0\] \(id 'q1'\)\.colour: is not a known field",
        ),
        (('tags = ["opening"]', 'tags = ["Not A Tag"]'), r"questions\[0\] \(id 'q1'\)\.tags\[0\]"),
        (
            ('title = "Tiny bank"', 'title = ""'),
            r"^b\.toml: line 3: bank\.title: must not be empty",
        ),
        (("[bank]", "[bank]\nextra = 1"), r"bank\.extra: is not a known field"),
    ],
)
def test_broken_banks_name_file_line_field_and_problem(change, expected):
    text = GOOD.replace(*change)
    assert text != GOOD
    with pytest.raises(CoachError) as error:
        parse_bank(text, "b.toml")
    message = str(error.value)
    assert "\n" not in message
    assert re.search(expected, message), message


def test_duplicate_ids_are_reported_each_on_its_line():
    text = GOOD + '\n[[questions]]\nid = "q1"\nstage = "open"\ntext = "How is it going?"\n'
    bank, problems = bank_problems(text, "dup.toml")
    assert bank is None
    assert problems == ["dup.toml: line 20: questions[1].id: question id 'q1' is used twice"]


def test_every_problem_gets_its_own_line():
    text = GOOD.replace('purpose = "one_on_one"', 'purpose = "x"').replace(
        "version = 1", "version = -2"
    )
    _, problems = bank_problems(text, "two.toml")
    assert len(problems) == 2
    assert all(p.startswith("two.toml: line ") for p in problems)


def test_not_toml_not_utf8_nested_and_huge_files_are_one_line(tmp_path: Path):
    cases = {
        "syntax.toml": b"[bank\nid = ",
        "latin1.toml": "title = 'caf\xe9'".encode("latin-1"),
        "nested.toml": b"a = " + b"[" * 5000 + b"]" * 5000,
        "huge.toml": b"# " + b"x" * (banks.MAX_BYTES + 10),
    }
    expected = {
        "syntax.toml": "not valid TOML",
        "latin1.toml": "not UTF-8",
        "nested.toml": "nested too deeply",
        "huge.toml": "too large",
    }
    for name, raw in cases.items():
        path = tmp_path / name
        path.write_bytes(raw)
        problems = validate_bank_file(path)
        assert len(problems) == 1, problems
        assert problems[0].startswith(f"{path}: ") and expected[name] in problems[0]
        with pytest.raises(CoachError):
            banks.load_bank_file(path)


def test_a_directory_or_missing_file_is_a_problem_not_a_crash(tmp_path: Path):
    assert "is a directory" in validate_bank_file(tmp_path)[0]
    assert "cannot read" in validate_bank_file(tmp_path / "missing.toml")[0]


toml_fragments = st.sampled_from(
    ["[bank]", "[[stages]]", "[[questions]]", "id = ", '"x"', "'y'", "[", "]", "{", "}", "=", ",",
     "\n", " ", "1", "1.5", "true", "tags = [", "stage =", '"""', "#", "\\", "\x00", "é", "[[", "]]",
     "text = ", "purpose = \"one_on_one\"", "version = 99999999999999999999999", "a.b.c = 1"]
)  # fmt: skip


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), st.lists(toml_fragments, max_size=60).map("".join)))
def test_malformed_toml_only_ever_raises_coach_error(text: str):
    try:
        parse_bank(text, "fuzz.toml")
    except CoachError as error:
        assert str(error).startswith("fuzz.toml: ") and "\n" not in str(error).strip()


@settings(deadline=None, max_examples=150)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_only_ever_give_problems(raw: bytes):
    bank, problems = bank_problems(raw, "bytes.toml")
    assert bank is None and problems


# -- the shipped banks ----------------------------------------------------------------


def test_at_least_eight_shipped_banks_with_150_questions():
    shipped = load_banks()
    assert len(shipped) >= 8
    assert all(len(b.questions) >= 12 for b in shipped.values())
    assert sum(len(b.questions) for b in shipped.values()) >= 150
    for needed in ("regular-check-in", "grow", "career-growth", "stuck-blocked", "okr-check-in",
                   "feedback-conversation", "new-report", "end-of-cycle"):  # fmt: skip
        assert needed in shipped
    assert get_bank("regular-check-in").purpose == "one_on_one"
    assert get_bank("end-of-cycle").purpose == "scoring"
    assert [s.id for s in get_bank("grow").stages] == ["goal", "reality", "options", "will"]


def test_okr_bank_covers_progress_confidence_obstacles_help():
    bank = get_bank("okr-check-in")
    assert [s.id for s in bank.stages] == ["progress", "confidence", "obstacles", "help"]
    assert any("obstacle" in q.tags for q in bank.questions)


CLOSED_OPENERS = re.compile(
    r"^(do|does|did|is|are|was|were|have|has|had|can|could|will|would|should|shall|am)\b", re.I
)


def test_shipped_questions_are_open_and_never_advice():
    for bank in load_banks().values():
        for q in bank.questions:
            for text in (q.text, *q.follow_ups):
                assert text.endswith("?"), (q.id, text)
                assert not CLOSED_OPENERS.match(text), (q.id, text)
                assert not check_advice(text).is_advice, (q.id, text)
            assert q.tags, q.id


def test_generator_asks_real_questions_of_the_regular_check_in():
    from coachtui.generate import CHECKIN_QUESTIONS

    bank = get_bank("regular-check-in")
    for question_id, stage, text in CHECKIN_QUESTIONS:
        question = bank.question(question_id)
        assert question is not None, question_id
        assert (question.stage, question.text) == (stage, text)


def test_user_bank_overrides_shipped_one_and_broken_user_bank_is_skipped():
    folder = user_banks_dir()
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(
        GOOD.replace('id = "tiny"', 'id = "regular-check-in"').replace("Tiny bank", "My check-in")
    )
    (folder / "broken.toml").write_text("[bank")
    banks.clear_cache()
    assert get_bank("regular-check-in").title == "My check-in"
    assert banks.bank_sources()["regular-check-in"].overrides
    assert "grow" in load_banks()
    with pytest.raises(NotFound):
        get_bank("nope")


# -- Markdown import ------------------------------------------------------------------

MARKDOWN = """\
Some text before any heading is ignored.

- How are you arriving today?

# Opening
A paragraph that is not a question.
- What is on your mind?
* What would make today useful?

## The work
1. What moved forward?
2) What is in the way?
   - [ ] What have you tried?

```
- not a question: inside a code block
```

### Empty heading
"""


def test_markdown_headings_become_stages_and_items_questions():
    data = bank_from_markdown(MARKDOWN, bank_id="md", title="From md")
    assert [s["title"] for s in data["stages"]] == ["Questions", "Opening", "The work"]
    assert [(q["stage"], q["text"]) for q in data["questions"]] == [
        ("questions", "How are you arriving today?"),
        ("opening", "What is on your mind?"),
        ("opening", "What would make today useful?"),
        ("the-work", "What moved forward?"),
        ("the-work", "What is in the way?"),
        ("the-work", "What have you tried?"),
    ]
    bank = parse_bank(__import__("tomli_w").dumps(data), "md")
    assert len({q.id for q in bank.questions}) == 6


def test_import_markdown_writes_a_valid_bank_to_the_user_dir(tmp_path: Path):
    source = tmp_path / "mine.md"
    source.write_text(MARKDOWN)
    target, bank = import_markdown(source, bank_id="from-md", title="From md")
    assert target == user_banks_dir() / "from-md.toml"
    assert (len(bank.stages), len(bank.questions)) == (3, 6)
    assert get_bank("from-md").title == "From md"
    assert validate_bank_file(target) == []
    with pytest.raises(CoachError, match="exists"):
        import_markdown(source, bank_id="from-md")
    import_markdown(source, bank_id="from-md", title="Again", force=True)
    assert get_bank("from-md").title == "Again"


def test_import_markdown_refuses_files_without_questions_or_bad_ids(tmp_path: Path):
    source = tmp_path / "empty.md"
    source.write_text("# Just a heading\n\nSome prose.\n")
    with pytest.raises(CoachError, match="no list items"):
        import_markdown(source, bank_id="empty")
    source.write_text("- What now?\n")
    with pytest.raises(CoachError, match=r"bank\.id"):
        import_markdown(source, bank_id="Bad Id")
