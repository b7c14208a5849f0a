"""Full-text search over everything a manager wrote.

On SQLite the FTS5 table ``search_index`` (kept in sync by triggers, see
``search_sql``) answers; elsewhere a LIKE scan over the same texts does.

Whatever the user types is safe: the text is cut into words and each word
(or "quoted phrase") becomes a quoted FTS5 string, so quotes, ``*``, ``AND``,
``NEAR(`` and stray brackets are never parsed as query syntax. A trailing
``*`` on a word keeps its meaning (prefix search). Anything dropped or
reinterpreted is explained in one line (``SearchResult.note``).

Results are newest first. A word found in most texts would match hundreds of
thousands of rows; sorting all of them costs more than the user can wait, so
only the most recently written ``CANDIDATES`` matches are ranked by date and
``SearchResult.more`` says that there were more.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from pydantic import BaseModel
from sqlalchemy import bindparam, exc, func, literal, select, text, union_all

from coachtui.store.db import Store
from coachtui.store.models import (
    ActionItem,
    CheckIn,
    Exchange,
    Feedback,
    KeyResult,
    KRScore,
    Note,
    Objective,
    OneOnOne,
    Person,
    Topic,
)
from coachtui.store.search_sql import KIND_BY_CODE, ROWID_STRIDE

CANDIDATES = 500
FEW_MATCHES = 3000  # below this, filtering matches by person row by row is cheapest
_S = ROWID_STRIDE
_OWNED_KRS = (
    "SELECT k.id FROM key_result k JOIN objective o ON o.id = k.objective_id "
    "WHERE o.owner_id = :person"
)
# The search_index rowids of everything about one person (see search_sql.SOURCES).
_PERSON_ROWIDS = " UNION ALL ".join(
    (
        f"SELECT e.id * {_S} + 1 FROM exchange e JOIN one_on_one o ON o.id = e.one_on_one_id "
        "WHERE o.person_id = :person",
        f"SELECT id * {_S} + 2 FROM feedback WHERE person_id = :person",
        f"SELECT id * {_S} + 3 FROM note WHERE person_id = :person",
        f"SELECT id * {_S} + 4 FROM action_item WHERE person_id = :person",
        f"SELECT id * {_S} + 5 FROM topic WHERE person_id = :person",
        f"SELECT id * {_S} + 6 FROM check_in WHERE key_result_id IN ({_OWNED_KRS})",
        f"SELECT id * {_S} + 7 FROM one_on_one WHERE person_id = :person",
        f"SELECT id * {_S} + 8 FROM kr_score WHERE key_result_id IN ({_OWNED_KRS})",
    )
)
MAX_TERMS = 12
MARK_START, MARK_END = "\x02", "\x03"
_OPERATORS = {"AND", "OR", "NOT"}
_WORD = re.compile(r"\w+")
_PHRASE = re.compile(r'"([^"]*)"')
# Outside quotes, query syntax characters separate words like spaces do.
_SEPARATORS = re.compile(r"[\s()\[\]{},:;^+]+")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        quoted = '"' + " ".join(self.words) + '"'
        return quoted + " *" if self.prefix else quoted

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[Term, ...]
    note: str | None

    @property
    def fts(self) -> str:
        return " ".join(t.fts() for t in self.terms)

    @property
    def empty(self) -> bool:
        return not self.terms


def _clean(raw: str) -> str:
    # Lone surrogates cannot be encoded for the database; control characters
    # (NUL included) mean nothing in a search box.
    raw = raw.encode("utf-8", "replace").decode("utf-8")
    return "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in raw)


def parse_query(raw: str) -> ParsedQuery:
    """Turn anything typed into a safe query of quoted terms, all required."""
    text_in = _clean(raw)
    notes: list[str] = []
    chunks: list[tuple[str, bool]] = []  # (text, was quoted)
    last = 0
    for match in _PHRASE.finditer(text_in):
        chunks += [(c, False) for c in _SEPARATORS.split(text_in[last : match.start()]) if c]
        chunks.append((match.group(1), True))
        last = match.end()
    rest = text_in[last:]
    if '"' in rest:
        notes.append("an unmatched quote was ignored")
        rest = rest.replace('"', " ")
    chunks += [(c, False) for c in _SEPARATORS.split(rest) if c]

    terms: list[Term] = []
    operators: list[str] = []
    ignored: list[str] = []
    for chunk, quoted in chunks:
        words = tuple(_WORD.findall(chunk))
        if not quoted and chunk in _OPERATORS | {"NEAR"}:
            operators.append(chunk)
        if not words:
            if chunk.strip():
                ignored.append(chunk)
            continue
        prefix = not quoted and chunk.rstrip(")]}.,;:!?").endswith("*")
        terms.append(Term(words, prefix))
    if operators:
        notes.append(
            f"{', '.join(dict.fromkeys(operators))}: searched as plain words (every word must appear)"
        )
    if ignored:
        notes.append(f"ignored {' '.join(ignored)!s}: no letters or digits")
    if len(terms) > MAX_TERMS:
        terms = terms[:MAX_TERMS]
        notes.append(f"only the first {MAX_TERMS} words are searched")
    return ParsedQuery(tuple(terms), "; ".join(notes) or None)


class SearchHit(BaseModel):
    kind: str  # search kind: exchange, feedback, note, action_item, topic, ...
    id: int
    person_id: int | None
    person: str | None
    date: dt.date | None
    snippet: str  # plain text
    highlights: list[tuple[int, int]]  # [start, end) spans of matched words in snippet
    # Where the hit lives in a person's timeline (an exchange lives in its one-on-one).
    target_kind: str
    target_id: int

    def marked(self, start: str = "**", end: str = "**") -> str:
        """The snippet with matched words wrapped in ``start`` / ``end``."""
        out, last = [], 0
        for a, b in self.highlights:
            out += [self.snippet[last:a], start, self.snippet[a:b], end]
            last = b
        out.append(self.snippet[last:])
        return "".join(out)


class SearchResult(BaseModel):
    query: str
    hits: list[SearchHit]
    note: str | None = None
    more: bool = False


def split_marks(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove FTS5 highlight marks; return the plain text and highlighted spans."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for ch in marked:
        if ch == MARK_START:
            start = length
        elif ch == MARK_END:
            if start is not None and length > start:
                spans.append((start, length))
            start = None
        else:
            piece = " · " if ch == "\n" else ch
            out.append(piece)
            length += len(piece)
    return "".join(out), spans


def _as_date(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class SearchService:
    def __init__(self, store: Store, *, use_fts: bool | None = None) -> None:
        self.store = store
        self.use_fts = store.is_sqlite if use_fts is None else use_fts

    def search(self, query: str, *, person_id: int | None = None, limit: int = 50) -> SearchResult:
        """Hits for ``query``, newest first; never raises for what was typed."""
        parsed = parse_query(query)
        if parsed.empty:
            note = parsed.note or "type a word to search"
            return SearchResult(query=query, hits=[], note=note)
        limit = max(1, min(limit, CANDIDATES))
        try:
            if self.use_fts:
                hits, more = self._fts(parsed, person_id, limit)
            else:
                hits, more = self._like(parsed, person_id, limit)
        except exc.OperationalError as error:  # pragma: no cover - defensive
            reason = str(error.orig).splitlines()[0] if error.orig else "database error"
            return SearchResult(query=query, hits=[], note=f"could not search for that: {reason}")
        self._enrich(hits)
        note = parsed.note
        if more:
            extra = f"over {CANDIDATES} matches: showing recent ones; add words to narrow it down"
            note = f"{note}; {extra}" if note else extra
        return SearchResult(query=query, hits=hits, note=note, more=more)

    # -- FTS5 ----------------------------------------------------------------

    def _fts(self, parsed: ParsedQuery, person_id: int | None, limit: int):
        where = "search_index MATCH :q"
        params: dict = {"q": parsed.fts, "cap": CANDIDATES}
        with self.store.read() as s:
            if person_id is not None:
                params["person"] = person_id
                # person_id is UNINDEXED: testing it reads each match's content
                # row, cheap for a rare word. For a common one, probe the
                # person's own rowids instead (the unary + keeps SQLite from
                # turning the IN into one index lookup per rowid).
                matches = s.execute(
                    text(
                        "SELECT count(*) FROM (SELECT 1 FROM search_index "
                        "WHERE search_index MATCH :q LIMIT :few)"
                    ),
                    {"q": parsed.fts, "few": FEW_MATCHES + 1},
                ).scalar()
                if matches <= FEW_MATCHES:
                    where += " AND person_id = :person"
                else:
                    where += f" AND +rowid IN ({_PERSON_ROWIDS})"
            # rowid order is the index's own: cheap even for a word in every text.
            candidates = s.execute(
                text(
                    f"SELECT rowid, happened_on FROM search_index WHERE {where} "
                    "ORDER BY rowid DESC LIMIT :cap"
                ),
                params,
            ).all()
            more = len(candidates) >= CANDIDATES
            chosen = sorted(candidates, key=lambda r: (str(r[1] or ""), r[0]), reverse=True)
            rowids = [r[0] for r in chosen[:limit]]
            if not rowids:
                return [], False
            rows = s.execute(
                text(
                    "SELECT rowid, kind, person_id, happened_on, "
                    "snippet(search_index, 0, :a, :b, '…', 14) FROM search_index "
                    "WHERE search_index MATCH :q AND rowid IN :ids"
                ).bindparams(bindparam("ids", expanding=True)),
                {"q": parsed.fts, "a": MARK_START, "b": MARK_END, "ids": rowids},
            ).all()
        order = {rowid: i for i, rowid in enumerate(rowids)}
        hits = []
        for rowid, kind, person, happened, marked in sorted(rows, key=lambda r: order[r[0]]):
            snippet, spans = split_marks(marked or "")
            source_id = rowid // ROWID_STRIDE
            hits.append(
                SearchHit(
                    kind=kind or KIND_BY_CODE.get(rowid % ROWID_STRIDE, "?"),
                    id=source_id,
                    person_id=person,
                    person=None,
                    date=_as_date(happened),
                    snippet=snippet,
                    highlights=spans,
                    target_kind=kind,
                    target_id=source_id,
                )
            )
        return hits, more

    # -- LIKE fallback (PostgreSQL and friends) --------------------------------

    def _like(self, parsed: ParsedQuery, person_id: int | None, limit: int):
        sqlite = self.store.is_sqlite

        def day(column):
            from coachtui.store.review import day_of

            return day_of(column, sqlite)

        sources = [
            (
                "exchange",
                Exchange,
                func.coalesce(Exchange.question_text, "")
                + "\n"
                + func.coalesce(Exchange.heard, ""),
                OneOnOne.person_id,
                OneOnOne.held_on,
                [(OneOnOne, OneOnOne.id == Exchange.one_on_one_id)],
            ),
            (
                "feedback",
                Feedback,
                Feedback.situation + "\n" + Feedback.behaviour + "\n" + Feedback.impact,
                Feedback.person_id,
                Feedback.observed_on,
                [],
            ),
            ("note", Note, Note.text, Note.person_id, Note.written_on, []),
            (
                "action_item",
                ActionItem,
                ActionItem.text,
                ActionItem.person_id,
                day(ActionItem.created_at),
                [],
            ),
            ("topic", Topic, Topic.text, Topic.person_id, day(Topic.created_at), []),
            (
                "check_in",
                CheckIn,
                CheckIn.note,
                Objective.owner_id,
                CheckIn.on,
                [
                    (KeyResult, KeyResult.id == CheckIn.key_result_id),
                    (Objective, Objective.id == KeyResult.objective_id),
                ],
            ),
            (
                "one_on_one",
                OneOnOne,
                OneOnOne.summary + "\n" + OneOnOne.private_notes,
                OneOnOne.person_id,
                OneOnOne.held_on,
                [],
            ),
            (
                "kr_score",
                KRScore,
                KRScore.reason,
                Objective.owner_id,
                day(KRScore.scored_at),
                [
                    (KeyResult, KeyResult.id == KRScore.key_result_id),
                    (Objective, Objective.id == KeyResult.objective_id),
                ],
            ),
        ]
        parts = []
        for kind, model, body, person, happened, joins in sources:
            q = select(
                literal(kind).label("kind"),
                model.id.label("id"),
                person.label("person_id"),
                happened.label("happened_on"),
                body.label("body"),
            ).select_from(model)
            for target, on in joins:
                q = q.join(target, on)
            for term in parsed.terms:
                pattern = "%" + _like_escape(term.text.lower()) + "%"
                q = q.where(func.lower(body).like(pattern, escape="\\"))
            if person_id is not None:
                q = q.where(person == person_id)
            parts.append(q)
        union = union_all(*parts).subquery()
        with self.store.read() as s:
            rows = s.execute(
                select(union)
                .order_by(union.c.happened_on.desc(), union.c.id.desc())
                .limit(CANDIDATES)
            ).all()
        more = len(rows) >= CANDIDATES
        hits = []
        for kind, item_id, person, happened, body in rows[:limit]:
            snippet, spans = _window(body or "", [t.text for t in parsed.terms])
            hits.append(
                SearchHit(
                    kind=kind,
                    id=item_id,
                    person_id=person,
                    person=None,
                    date=_as_date(happened),
                    snippet=snippet,
                    highlights=spans,
                    target_kind=kind,
                    target_id=item_id,
                )
            )
        return hits, more

    # -- names and jump targets ------------------------------------------------

    def _enrich(self, hits: list[SearchHit]) -> None:
        if not hits:
            return
        person_ids = {h.person_id for h in hits if h.person_id is not None}
        exchange_ids = [h.id for h in hits if h.kind == "exchange"]
        with self.store.read() as s:
            names = _pairs(
                s.execute(select(Person.id, Person.name).where(Person.id.in_(person_ids)))
            )
            ones = (
                _pairs(
                    s.execute(
                        select(Exchange.id, Exchange.one_on_one_id).where(
                            Exchange.id.in_(exchange_ids)
                        )
                    )
                )
                if exchange_ids
                else {}
            )
        for hit in hits:
            hit.person = names.get(hit.person_id)
            if hit.kind == "exchange" and hit.id in ones:
                hit.target_kind, hit.target_id = "one_on_one", ones[hit.id]


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _window(body: str, terms: list[str], width: int = 120) -> tuple[str, list[tuple[int, int]]]:
    """A snippet of ``body`` around the first match, with every match's span."""
    flat = body.replace("\n", " · ")
    lower = flat.lower()
    first = min((i for t in terms if (i := lower.find(t.lower())) >= 0), default=0)
    start = max(0, first - width // 3)
    end = min(len(flat), start + width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    window = flat[start:end]
    spans: list[tuple[int, int]] = []
    low_window = window.lower()
    for term in terms:
        needle = term.lower()
        if not needle:
            continue
        i = low_window.find(needle)
        while i >= 0:
            spans.append((i + len(prefix), i + len(prefix) + len(needle)))
            i = low_window.find(needle, i + len(needle))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return prefix + window + suffix, merged


__all__ = [
    "CANDIDATES",
    "ParsedQuery",
    "SearchHit",
    "SearchResult",
    "SearchService",
    "Term",
    "parse_query",
    "split_marks",
]


def _pairs(result) -> dict:
    return {row[0]: row[1] for row in result}
