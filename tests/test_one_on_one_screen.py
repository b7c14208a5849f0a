"""Running a whole one-on-one by key presses, then reading what the database holds."""

from __future__ import annotations

from pathlib import Path

from one_on_one_fixtures import seed_team
from sqlalchemy import select
from textual.widgets import Static, TextArea

from coachtui.store.models import ActionItem, Exchange, Feedback, OneOnOne, Topic


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(
            {" ": "space", "\n": "enter", "?": "question_mark", ",": "comma", ".": "full_stop"}.get(
                ch, ch
            )
        )


def shown(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_a_whole_one_on_one_by_keys(app_factory, store):
    ids = seed_team(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "o")  # Ana is under the manager on the home screen
        await pilot.pause()
        prep = app.screen
        assert type(prep).__name__ == "PreparationScreen"
        panel = str(prep.query_one("#prep-sections", Static).render())
        assert "Share the alert list" in panel
        assert "Conference talk idea" in panel
        assert "Pages per month down to 4" in panel and "Runbook for every alert" not in panel
        assert "wrote the timeline" in panel
        assert "Pager noise is wearing them down." in panel

        await pilot.press("enter")  # the regular check-in is the default bank
        await pilot.pause()
        talk = app.screen
        assert type(talk).__name__ == "ConversationScreen"
        assert talk.bank.id == "regular-check-in"
        assert "stage 1 of 5" in shown(talk, "#talk-stage")
        asked: list[str] = []

        first = talk.current["text"]
        assert first in shown(talk, "#talk-question")
        # Asked in the last one-on-one, so not suggested first.
        assert talk.current["id"] != "checkin.on-your-mind"
        await type_text(pilot, "Tired but ok\nbusy week")
        await pilot.press("ctrl+n")
        asked.append(first)

        before = talk.current["text"]
        await pilot.press("ctrl+r")
        assert talk.current["text"] != before
        second = talk.current["text"]
        await type_text(pilot, "Shipped it")
        await pilot.press("ctrl+f")
        asked.append(second)
        assert talk.current["source"] == "follow_up"
        follow_up = talk.current["text"]
        await type_text(pilot, "More detail")
        await pilot.press("ctrl+n")
        asked.append(follow_up)

        await pilot.press("ctrl+o")
        await pilot.pause()
        await type_text(pilot, "You should rest more\n")
        assert "sounds like advice" in shown(app.screen, "#own-nudge")
        await pilot.press("ctrl+o")  # take the open question offered instead
        await pilot.pause()
        own = talk.current["text"]
        assert talk.current["source"] == "own" and own == "What options do you see?"
        await type_text(pilot, "Take Friday off")
        await pilot.press("ctrl+n")
        asked.append(own)

        skipped = talk.current["text"]
        await pilot.press("ctrl+b")
        assert talk.current["text"] != skipped

        await pilot.press("ctrl+t")
        await pilot.pause()
        await type_text(pilot, "Cancel the Friday sync")
        await pilot.press("tab", "down", "space", "ctrl+s")  # mine
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        await type_text(pilot, "Draft the pager runbook\n")  # theirs, the default
        await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()
        await type_text(pilot, "Team offsite plans\n")
        await pilot.pause()

        await pilot.press("tab", "space")  # the agenda: first entry is the carried-over topic
        await pilot.pause()
        assert "1 nudge" in shown(talk, "#talk-so-far")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await type_text(pilot, "Tired, Friday off")
        await pilot.press("ctrl+s")
        await pilot.pause()
        summary = app.screen
        assert type(summary).__name__ == "SummaryScreen"
        counts = shown(summary, "#summary-counts")
        assert "4 questions asked" in counts and "1 skipped" in counts and "1 nudge" in counts
        await pilot.press("e")
        await pilot.pause()
        exported: Path = summary.exported
        await pilot.press("k")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"

    with store.read() as s:
        one = s.scalars(select(OneOnOne).where(OneOnOne.id != ids["last"])).one()
        assert (one.status, one.nudges, one.questions_asked, one.summary, one.draft_json) == (
            "done", 1, 4, "Tired, Friday off", ""
        )  # fmt: skip
        rows = s.scalars(
            select(Exchange).where(Exchange.one_on_one_id == one.id).order_by(Exchange.position)
        ).all()
        assert [r.question_text for r in rows] == [*asked, skipped]
        assert [r.heard for r in rows] == [
            "Tired but ok\nbusy week",
            "Shipped it",
            "More detail",
            "Take Friday off",
            "",
        ]
        assert [r.source for r in rows] == ["bank", "bank", "follow_up", "own", "bank"]
        assert [r.skipped for r in rows] == [False, False, False, False, True]
        items = s.scalars(
            select(ActionItem).where(ActionItem.one_on_one_id == one.id).order_by(ActionItem.id)
        ).all()
        assert [(i.owner, i.text) for i in items] == [
            ("me", "Cancel the Friday sync"),
            ("them", "Draft the pager runbook"),
        ]
        carried = s.get(Topic, ids["topic"])
        assert carried.discussed_in_id == one.id
        parked = s.scalars(select(Topic).where(Topic.raised_in_id == one.id)).one()
        assert (parked.text, parked.discussed_in_id) == ("Team offsite plans", None)
        assert s.get(Feedback, ids["feedback"]).delivered_on is None  # not ticked off
    text = exported.read_text()
    assert "Tired but ok" in text and "Cancel the Friday sync" in text
    assert oct(exported.stat().st_mode & 0o777) == "0o600"


async def test_a_draft_is_offered_again_and_resumes_where_it_was(app_factory, store):
    seed_team(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "o", "enter")
        await pilot.pause()
        question = app.screen.current["text"]
        await type_text(pilot, "half a thought")
        await pilot.pause(0.6)  # the debounced save has happened
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        await pilot.press("o")
        await pilot.pause()
        assert "unfinished one-on-one" in shown(app.screen, "#prep-draft")
        await pilot.press("r")
        await pilot.pause()
        talk = app.screen
        assert talk.current["text"] == question
        assert talk.query_one("#talk-heard", TextArea).text == "half a thought"
        await type_text(pilot, " and more")
        assert talk.query_one("#talk-heard", TextArea).text == "half a thought and more"


async def test_past_one_on_ones_open_read_only(app_factory, store):
    seed_team(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "o", "p")
        await pilot.pause()
        assert type(app.screen).__name__ == "PastOneOnOnesScreen"
        await pilot.press("enter")
        await pilot.pause()
        record = app.screen
        assert type(record).__name__ == "PastOneOnOneScreen"
        text = shown(record, "#record-text")
        assert "What is on your mind this week?" in text and "The pager noise." in text
        assert not record.query("TextArea") and not record.query("Input")


async def test_palette_starts_a_one_on_one(app_factory, store):
    seed_team(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "one-on-one: start with Ana")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "PreparationScreen"
        assert app.screen.prep.person.name == "Ana Souza"


async def test_palette_during_a_conversation_keeps_one_conversation_and_its_draft(
    app_factory, store
):
    seed_team(store)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "o", "enter")
        await pilot.pause()
        await type_text(pilot, "typed just now")
        await pilot.press("ctrl+p")
        await type_text(pilot, "one-on-one: start with Ana")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        names = [type(s).__name__ for s in app.screen_stack]
        assert names[-2:] == ["HomeScreen", "PreparationScreen"]
        assert "ConversationScreen" not in names
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.query_one("#talk-heard", TextArea).text == "typed just now"


async def test_okr_check_in_during_a_one_on_one(app_factory, store):
    from coachtui.store.models import CheckIn, KeyResult

    ids = seed_team(store)
    with store.read() as s:
        runbook = s.scalar(select(KeyResult.id).where(KeyResult.title == "Runbook for every alert"))
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "o", "enter")
        await pilot.pause()
        talk = app.screen
        assert type(talk).__name__ == "ConversationScreen"

        await pilot.press("f3")
        await pilot.pause()
        picker = app.screen
        assert type(picker).__name__ == "KRPickerScreen"
        await pilot.press("down", "enter")  # the runbook milestone, second in the list
        await pilot.pause()
        form = app.screen
        assert type(form).__name__ == "CheckInForm"
        assert "Runbook for every alert" in form.form_title

        # A confidence out of range is refused with one line; nothing is saved.
        await type_text(pilot, "not done")
        await pilot.press("tab")
        await type_text(pilot, "12")
        await pilot.press("tab")
        await type_text(pilot, "two alerts left")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#form-error", Static).render())
        assert "confidence" in error and "12" in error and "\n" not in error
        # A value that is not a number (nor done / not done) is refused too.
        form.query_one("#value").value = "soon"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form
        assert "value" in str(form.query_one("#form-error", Static).render())
        with store.read() as s:
            assert s.scalars(select(CheckIn).where(CheckIn.one_on_one_id.is_not(None))).all() == []

        form.query_one("#value").value = "not done"
        form.query_one("#confidence").value = ""
        form.query_one("#confidence").focus()
        await type_text(pilot, "2")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is talk
        assert "Runbook for every alert: 2/10" in shown(talk, "#talk-so-far")
        agenda = talk.query_one("#talk-agenda")
        assert any(
            "KR at 2/10: Runbook for every alert" in str(agenda.get_option_at_index(i).prompt)
            for i in range(agenda.option_count)
        )
        with store.read() as s:
            rows = s.scalars(select(CheckIn).where(CheckIn.one_on_one_id.is_not(None))).all()
            assert [
                (r.key_result_id, r.value, r.confidence, r.note, r.one_on_one_id) for r in rows
            ] == [(runbook, 0.0, 2, "two alerts left", talk.one_id)]

        # Home counts both KRs at risk now, and the next preparation lists the runbook.
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        table = app.screen.query_one("DataTable")
        assert str(table.get_cell(str(ids["ana"]), "risk")) == "2"  # was 1 before
        await pilot.press("o")
        await pilot.pause()
        panel = shown(app.screen, "#prep-sections")
        assert "Runbook for every alert" in panel and "confidence 2/10" in panel
