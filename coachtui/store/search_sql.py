"""The full-text index (SQLite FTS5) and the triggers that keep it in sync.

One FTS5 table holds every text a manager writes. Its rowid encodes the
source row (``id * 16 + code``) so an update or delete touches exactly one
index row without scanning. Shared by the migration and by tests.
"""

from __future__ import annotations

from dataclasses import dataclass

ROWID_STRIDE = 16


@dataclass(frozen=True)
class Source:
    table: str
    code: int
    kind: str
    body: str  # SQL over NEW./OLD. columns, written with {r} for the row alias
    person: str
    happened_on: str
    text_columns: tuple[str, ...]


_KR_OWNER = (
    "(SELECT o.owner_id FROM key_result k JOIN objective o ON o.id = k.objective_id "
    "WHERE k.id = {r}.key_result_id)"
)

SOURCES: tuple[Source, ...] = (
    Source(
        "exchange",
        1,
        "exchange",
        "{r}.question_text || char(10) || {r}.heard",
        "(SELECT person_id FROM one_on_one WHERE id = {r}.one_on_one_id)",
        "(SELECT held_on FROM one_on_one WHERE id = {r}.one_on_one_id)",
        ("question_text", "heard", "one_on_one_id"),
    ),
    Source(
        "feedback",
        2,
        "feedback",
        "{r}.situation || char(10) || {r}.behaviour || char(10) || {r}.impact",
        "{r}.person_id",
        "{r}.observed_on",
        ("situation", "behaviour", "impact", "person_id", "observed_on"),
    ),
    Source(
        "note",
        3,
        "note",
        "{r}.text",
        "{r}.person_id",
        "{r}.written_on",
        ("text", "person_id", "written_on"),
    ),
    Source(
        "action_item",
        4,
        "action_item",
        "{r}.text",
        "{r}.person_id",
        "date({r}.created_at)",
        ("text", "person_id"),
    ),
    Source(
        "topic",
        5,
        "topic",
        "{r}.text",
        "{r}.person_id",
        "date({r}.created_at)",
        ("text", "person_id"),
    ),
    Source(
        "check_in",
        6,
        "check_in",
        "{r}.note",
        _KR_OWNER,
        '{r}."on"',
        ("note", "on", "key_result_id"),
    ),
    Source(
        "one_on_one",
        7,
        "one_on_one",
        "{r}.summary || char(10) || {r}.private_notes",
        "{r}.person_id",
        "{r}.held_on",
        ("summary", "private_notes", "person_id", "held_on"),
    ),
    Source(
        "kr_score",
        8,
        "kr_score",
        "{r}.reason",
        _KR_OWNER,
        "date({r}.scored_at)",
        ("reason", "key_result_id"),
    ),
)

KIND_BY_CODE = {s.code: s.kind for s in SOURCES}

CREATE_INDEX = (
    "CREATE VIRTUAL TABLE search_index USING fts5("
    "body, kind UNINDEXED, person_id UNINDEXED, happened_on UNINDEXED, "
    "tokenize = 'porter unicode61 remove_diacritics 2')"
)


def _insert(source: Source, alias: str) -> str:
    r = alias
    return (
        "INSERT INTO search_index(rowid, body, kind, person_id, happened_on) VALUES ("
        f"{r}.id * {ROWID_STRIDE} + {source.code}, "
        f"{source.body.format(r=r)}, '{source.kind}', "
        f"{source.person.format(r=r)}, {source.happened_on.format(r=r)});"
    )


def _delete(source: Source, alias: str) -> str:
    return f"DELETE FROM search_index WHERE rowid = {alias}.id * {ROWID_STRIDE} + {source.code};"


def trigger_statements() -> list[str]:
    statements = []
    for s in SOURCES:
        cols = ", ".join(f'"{c}"' for c in s.text_columns)
        statements += [
            f"CREATE TRIGGER search_{s.table}_ai AFTER INSERT ON {s.table} "
            f"BEGIN {_insert(s, 'NEW')} END",
            f"CREATE TRIGGER search_{s.table}_ad AFTER DELETE ON {s.table} "
            f"BEGIN {_delete(s, 'OLD')} END",
            f"CREATE TRIGGER search_{s.table}_au AFTER UPDATE OF {cols} ON {s.table} "
            f"BEGIN {_delete(s, 'OLD')} {_insert(s, 'NEW')} END",
        ]
    return statements


def backfill_statements() -> list[str]:
    out = []
    for s in SOURCES:
        r = s.table
        out.append(
            "INSERT INTO search_index(rowid, body, kind, person_id, happened_on) "
            f"SELECT {r}.id * {ROWID_STRIDE} + {s.code}, {s.body.format(r=r)}, '{s.kind}', "
            f"{s.person.format(r=r)}, {s.happened_on.format(r=r)} FROM {r}"
        )
    return out


def drop_statements() -> list[str]:
    out = []
    for s in SOURCES:
        for suffix in ("ai", "ad", "au"):
            out.append(f"DROP TRIGGER IF EXISTS search_{s.table}_{suffix}")
    out.append("DROP TABLE IF EXISTS search_index")
    return out
