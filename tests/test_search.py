"""Full-text search: the index follows every write, hostile input is safe."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from review_world import make_world
from sqlalchemy import text

from coachtui.store.feedback import FeedbackService
from coachtui.store.models import Note
from coachtui.store.notes import NotesService
from coachtui.store.search import SearchService, parse_query, split_marks

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def world(store):
    return make_world(store)


def kinds_ids(result):
    return {(h.kind, h.id) for h in result.hits}


def test_index_follows_insert_update_and_delete(store, world) -> None:
    notes = NotesService(store, TODAY)
    search = SearchService(store)
    note = notes.add(world.ana, "Ask about the Kestrel conference talk")
    hit = search.search("kestrel").hits
    assert [(h.kind, h.id, h.person, h.date) for h in hit] == [
        ("note", note.id, "Ana Souza", TODAY)
    ]
    assert hit[0].marked() == "Ask about the **Kestrel** conference talk"

    notes.update(note.id, "Ask about the Osprey rollout")
    assert search.search("kestrel").hits == []
    assert kinds_ids(search.search("osprey")) == {("note", note.id)}

    notes.delete(note.id)
    assert search.search("osprey").hits == []
    with store.read() as s:
        assert (
            s.execute(text("SELECT count(*) FROM search_index WHERE kind = 'note'")).scalar() == 0
        )


def test_feedback_edits_are_searchable(store, world) -> None:
    service = FeedbackService(store, TODAY)
    entry = service.add(
        world.ana, kind="reinforcing", behaviour="wrote the Marigold guide", impact="fewer pings"
    )
    search = SearchService(store)
    assert kinds_ids(search.search("marigold")) == {("feedback", entry.id)}
    service.update(
        entry.id,
        kind="reinforcing",
        situation="",
        behaviour="wrote the Juniper guide",
        impact="fewer pings",
        behaviours=[],
        key_result_id=None,
        observed_on=TODAY,
    )
    assert search.search("marigold").hits == []
    assert kinds_ids(search.search("juniper")) == {("feedback", entry.id)}


def test_everything_written_is_found_and_points_into_the_timeline(store, world) -> None:
    search = SearchService(store)
    exchange = search.search("Halyard team").hits
    assert {(h.kind, h.target_kind, h.target_id) for h in exchange} == {
        ("exchange", "one_on_one", world.one_on_one)
    }
    assert {h.kind for h in search.search("halyard").hits} == {"exchange", "action_item"}
    assert [h.kind for h in search.search("tariff").hits] == ["check_in"]
    assert [h.kind for h in search.search("weekends").hits] == ["kr_score"]
    assert [h.kind for h in search.search("latency work").hits] == ["one_on_one"]


@pytest.mark.parametrize("few_matches", [3000, 0], ids=["row-filter", "rowid-probe"])
def test_person_filter_and_newest_first(store, world, monkeypatch, few_matches) -> None:
    import coachtui.store.search as search_module

    monkeypatch.setattr(search_module, "FEW_MATCHES", few_matches)
    notes = NotesService(store, TODAY)
    old = notes.add(world.ana, "Pairing on Wren went well", written_on=dt.date(2026, 1, 5))
    new = notes.add(world.ana, "Wren demo next week", written_on=dt.date(2026, 11, 5))
    kofi = notes.add(world.kofi, "Wren on-call handover")
    search = SearchService(store)
    assert [h.id for h in search.search("wren").hits] == [kofi.id, new.id, old.id]
    assert [h.id for h in search.search("wren", person_id=world.ana).hits] == [new.id, old.id]
    assert search.search("wren", person_id=world.kofi).hits[0].person == "Kofi Mensah"
    # Everything about a person is found through the person filter, whatever its source.
    assert {h.kind for h in search.search("halyard", person_id=world.ana).hits} == {
        "exchange",
        "action_item",
    }
    assert [h.kind for h in search.search("tariff", person_id=world.ana).hits] == ["check_in"]
    assert [h.kind for h in search.search("weekends", person_id=world.ana).hits] == ["kr_score"]
    assert search.search("tariff", person_id=world.kofi).hits == []


def test_stemming_prefix_and_phrases(store, world) -> None:
    notes = NotesService(store, TODAY)
    a = notes.add(world.ana, "She migrated the billing tables")
    b = notes.add(world.ana, "Migration plan for the tables of billing")
    search = SearchService(store)
    assert kinds_ids(search.search("migrate")) >= {("note", a.id)}
    assert kinds_ids(search.search("migra*")) == {("note", a.id), ("note", b.id)}
    assert kinds_ids(search.search('"billing tables"')) == {("note", a.id)}
    assert kinds_ids(search.search("tables billing")) == {("note", a.id), ("note", b.id)}


@pytest.mark.parametrize(
    ("typed", "fts", "note"),
    [
        ("kestrel", '"kestrel"', None),
        ('"design doc" review', '"design doc" "review"', None),
        ("a AND b", '"a" "AND" "b"', "AND: searched as plain words"),
        ("NEAR(a b)", '"NEAR" "a" "b"', "NEAR: searched as plain words"),
        ("on-call (rota)", '"on call" "rota"', None),
        ('say "hi', '"say" "hi"', "an unmatched quote was ignored"),
        ("*", "", "ignored *"),
        ("mig*", '"mig" *', None),
        ("body:kestrel", '"body" "kestrel"', None),
        ("   ", "", None),
    ],
)
def test_parse_query(typed: str, fts: str, note: str | None) -> None:
    parsed = parse_query(typed)
    assert parsed.fts == fts
    if note is None:
        assert parsed.note is None
    else:
        assert note in parsed.note


HOSTILE = [
    '"',
    '""',
    "'",
    "*",
    "**",
    "AND",
    "OR",
    "NOT",
    "NEAR(",
    "NEAR(a b, 2)",
    "a OR",
    "NOT kestrel",
    "(",
    ")",
    "kestrel)",
    "^kestrel",
    "body:kestrel",
    "kind:note",
    "-kestrel",
    "+",
    "{a b}",
    "\x00",
    "a\x00b",
    "\ud800",
    "ü*",
    "%",
    "_",
    "\\",
    "' OR 1=1 --",
    "kestrel" * 200,
    " ".join(["word"] * 100),
]


@pytest.mark.parametrize("typed", HOSTILE)
@pytest.mark.parametrize("use_fts", [True, False])
def test_hostile_strings_never_raise(store, world, typed: str, use_fts: bool) -> None:
    result = SearchService(store, use_fts=use_fts).search(typed, person_id=world.ana)
    assert isinstance(result.hits, list)
    assert result.note is None or "\n" not in result.note


@settings(
    deadline=None, max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=st.text(max_size=60))
def test_any_typed_text_never_raises(store, typed: str) -> None:
    result = SearchService(store).search(typed)
    assert result.hits == [] or all(h.snippet for h in result.hits)


@settings(
    deadline=None, max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    typed=st.lists(
        st.sampled_from(
            ['"', "*", "AND", "OR", "NOT", "NEAR(", "(", ")", ":", "^", "kestrel", "-"]
        ),
        max_size=8,
    ).map(" ".join)
)
def test_operator_soup_never_raises(store, typed: str) -> None:
    SearchService(store).search(typed)


def test_like_fallback_finds_the_same_things(store, world) -> None:
    notes = NotesService(store, TODAY)
    note = notes.add(world.ana, "Ask about the Kestrel conference talk")
    like = SearchService(store, use_fts=False)
    hits = like.search("KESTREL talk", person_id=world.ana).hits
    assert [(h.kind, h.id, h.person) for h in hits] == [("note", note.id, "Ana Souza")]
    assert hits[0].marked() == "Ask about the **Kestrel** conference **talk**"
    assert like.search("100%").hits == []
    exchange = like.search("halyard team").hits
    assert {(h.kind, h.target_kind) for h in exchange} == {("exchange", "one_on_one")}


def test_split_marks() -> None:
    assert split_marks("a \x02b\x03\nc") == ("a b · c", [(2, 3)])


def test_many_matches_are_capped_and_said(store, world, monkeypatch) -> None:
    import coachtui.store.search as search_module

    monkeypatch.setattr(search_module, "CANDIDATES", 5)
    with store.write() as s:
        for i in range(8):
            s.add(Note(person_id=world.ana, text=f"standup note {i}", written_on=TODAY))
    result = SearchService(store).search("standup", limit=3)
    assert len(result.hits) == 3 and result.more
    assert "over 5 matches" in result.note
