"""coachtui feedback add / notes add / notes search."""

from __future__ import annotations

import json

import pytest
from review_world import make_world
from sqlalchemy import select

from coachtui.store.models import Behaviour, Feedback, Note

SIB = ("--situation", "s", "--behaviour", "wrote x", "--impact", "y")


@pytest.fixture
def world(store):
    return make_world(store)


def test_feedback_add_specific_json(run_cli, db_url, store, world) -> None:
    code, out, err = run_cli(
        "feedback",
        "add",
        "Ana Souza",
        "--kind",
        "reinforcing",
        "--situation",
        "Tuesday's design review",
        "--behaviour",
        "wrote the caching design doc before the review",
        "--impact",
        "the review took one day instead of a week",
        "--tag",
        "writes clear design docs",
        "--tag",
        "asks for help early",
        "--kr",
        "p95 latency",
        "--json",
        db=db_url,
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data == {"id": data["id"], "vague": False, "reasons": []}
    with store.read() as s:
        entry = s.get(Feedback, data["id"])
        assert entry.key_result_id == world.latency_kr and entry.person_id == world.ana
        assert sorted(b.name for b in entry.behaviours) == [
            "asks for help early",
            "writes clear design docs",
        ]


def test_feedback_add_vague_says_why(run_cli, db_url, store, world) -> None:
    code, out, _ = run_cli(
        "feedback",
        "add",
        "ana souza",
        "--kind",
        "redirecting",
        "--situation",
        "",
        "--behaviour",
        "needs to work harder",
        "--impact",
        "",
        db=db_url,
    )
    assert code == 0
    assert "vague:" in out and "generic blame" in out and "no impact" in out and "hint:" in out
    code, out, _ = run_cli(
        "feedback",
        "add",
        "Ana Souza",
        "--kind",
        "reinforcing",
        "--situation",
        "",
        "--behaviour",
        "great job",
        "--impact",
        "",
        "--json",
        db=db_url,
    )
    data = json.loads(out)
    assert data["vague"] is True
    assert len(data["reasons"]) == 3 and data["reasons"][0].startswith("generic praise")
    with store.read() as s:
        assert s.scalars(select(Feedback.is_vague).order_by(Feedback.id)).all() == [True, True]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("feedback", "add", "Nobody", "--kind", "reinforcing", *SIB),
            "no person named 'Nobody'",
        ),
        (
            (
                "feedback",
                "add",
                "Ana Souza",
                "--kind",
                "reinforcing",
                *SIB,
                "--kr",
                "zzz",
            ),
            "kr: no key result titled 'zzz'",
        ),
        (("notes", "add", "Nobody", "text"), "no person named 'Nobody'"),
        (("notes", "add", "Ana Souza", "text", "--kr", "zzz"), "kr: no key result titled 'zzz'"),
        (("notes", "search", "x", "--person", "Nobody"), "no person named 'Nobody'"),
        (("notes", "add", "Ana Souza", "   "), "text: a note needs some text"),
    ],
)
def test_unknown_person_or_kr_is_one_line(run_cli, db_url, store, world, args, message) -> None:
    code, out, err = run_cli(*args, db=db_url)
    assert code == 1
    assert err == f"coachtui: error: {message}\n"
    assert "Traceback" not in out + err
    with store.read() as s:
        assert s.scalar(select(Feedback.id)) is None
        assert s.scalar(select(Note.id)) is None
        assert s.scalar(select(Behaviour.id)) is None


def test_notes_add_and_search(run_cli, db_url, store, world) -> None:
    code, out, _ = run_cli(
        "notes",
        "add",
        "Ana Souza",
        "Ask about the Kestrel conference talk",
        "--kr",
        "p95",
        db=db_url,
    )
    assert code == 0 and "saved a private note about Ana Souza" in out
    run_cli("notes", "add", "Kofi Mensah", "Kestrel on-call handover", db=db_url)
    with store.read() as s:
        note = s.scalars(select(Note).order_by(Note.id)).first()
        assert note.key_result_id == world.latency_kr and note.is_private

    code, out, _ = run_cli(
        "notes", "search", "kestrel", "--person", "Ana Souza", "--json", db=db_url
    )
    assert code == 0
    assert json.loads(out) == [
        {
            "kind": "note",
            "id": note.id,
            "person": "Ana Souza",
            "date": note.written_on.isoformat(),
            "snippet": "Ask about the **Kestrel** conference talk",
        }
    ]
    code, out, _ = run_cli("notes", "search", "kestrel", "--json", db=db_url)
    assert sorted(h["person"] for h in json.loads(out)) == ["Ana Souza", "Kofi Mensah"]
    code, out, _ = run_cli("notes", "search", "halyard", db=db_url)
    assert code == 0 and "exchange" in out and "**Halyard**" in out


@pytest.mark.parametrize("query", ['"', "NEAR(", "AND", "*", "a OR", '"unbalanced'])
def test_notes_search_hostile_queries(run_cli, db_url, world, query) -> None:
    code, out, err = run_cli("notes", "search", query, "--json", db=db_url)
    assert code == 0
    assert json.loads(out) == []
    assert "Traceback" not in err


def test_feedback_add_needs_situation_behaviour_and_impact(run_cli, db_url, store, world) -> None:
    code, _, err = run_cli(
        "feedback", "add", "Ana Souza", "--kind", "reinforcing", "--behaviour", "x", db=db_url
    )
    assert code == 2
    assert err.startswith("coachtui: error: Missing option '--situation'")
    assert err.count("\n") == 1
    with store.read() as s:
        assert s.scalar(select(Feedback.id)) is None
