"""Snapshots: the preparation panel and a stage of the conversation."""

from __future__ import annotations

from one_on_one_fixtures import seed_team


def test_preparation_snapshot(snap_compare, app_factory, store):
    seed_team(store)

    async def open_preparation(pilot):
        await pilot.press("down", "o")
        await pilot.pause()

    assert snap_compare(app_factory(), terminal_size=(120, 40), run_before=open_preparation)


def test_conversation_stage_snapshot(snap_compare, app_factory, store):
    seed_team(store)

    async def into_the_work_stage(pilot):
        await pilot.press("down", "o", "enter")
        await pilot.pause()
        await pilot.press("ctrl+g")  # on to stage 2, "The work"
        screen = pilot.app.screen
        screen.query_one("#talk-heard").cursor_blink = False
        for key in "Busy":
            await pilot.press(key)
        while screen._save_timer is not None:  # the draft is saved, the label says so
            await pilot.pause(0.1)
        await pilot.pause()

    assert snap_compare(app_factory(), terminal_size=(120, 40), run_before=into_the_work_stage)
