"""Question banks: the TOML schema (pydantic) and loading.

Shipped banks live in ``coachtui.question_banks``; a user's own banks live in
``<config dir>/banks`` and override a shipped bank with the same id.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coachtui.errors import CoachError, NotFound
from coachtui.paths import user_banks_dir

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
TAG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
MAX_BYTES = 1_000_000  # a bank of a thousand questions is far below this
MAX_STAGES = 50
MAX_QUESTIONS = 1000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class BankInfo(_Strict):
    id: str = Field(pattern=ID_PATTERN, max_length=80)
    title: str = Field(min_length=1, max_length=120)
    purpose: str = Field(pattern=r"^(one_on_one|scoring|feedback|retro)$")
    version: int = Field(ge=1)
    description: str = ""


class Stage(_Strict):
    id: str = Field(pattern=ID_PATTERN, max_length=80)
    title: str = Field(min_length=1, max_length=120)
    hint: str = ""


class Question(_Strict):
    id: str = Field(pattern=ID_PATTERN, max_length=80)
    stage: str
    text: str = Field(min_length=1, max_length=500)
    follow_ups: tuple[Annotated[str, Field(min_length=1, max_length=500)], ...] = Field(
        default=(), max_length=20
    )
    tags: tuple[Annotated[str, Field(pattern=TAG_PATTERN, max_length=40)], ...] = Field(
        default=(), max_length=20
    )


class Bank(_Strict):
    bank: BankInfo
    stages: tuple[Stage, ...] = Field(min_length=1, max_length=MAX_STAGES)
    questions: tuple[Question, ...] = Field(min_length=1, max_length=MAX_QUESTIONS)

    @property
    def id(self) -> str:
        return self.bank.id

    @property
    def title(self) -> str:
        return self.bank.title

    @property
    def purpose(self) -> str:
        return self.bank.purpose

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise NotFound(f"bank {self.id!r} has no stage {stage_id!r}")

    def question(self, question_id: str) -> Question | None:
        for q in self.questions:
            if q.id == question_id:
                return q
        return None

    def questions_in(self, stage_id: str) -> list[Question]:
        return [q for q in self.questions if q.stage == stage_id]


# -- validation ---------------------------------------------------------------

_FRIENDLY = {
    "missing": "is missing",
    "extra_forbidden": "is not a known field",
    "string_too_short": "must not be empty",
}


def _table_lines(text: str, header: re.Pattern[str]) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), start=1) if header.match(line)]


def _field_line(text: str, start: int, key: str) -> int:
    """The line of ``key = ...`` in the table that starts at line ``start``."""
    lines = text.splitlines()
    key_re = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
    for n in range(start, len(lines)):
        if lines[n].lstrip().startswith("["):
            break
        if key_re.match(lines[n]):
            return n + 1
    return start


def _line_of(text: str, loc: tuple) -> int | None:
    """Best-effort line number for a location, when the file uses table headers."""
    if not loc:
        return None
    if loc[0] == "bank":
        found = _table_lines(text, re.compile(r"^\s*\[\s*bank\s*\]"))
        if not found:
            return None
        return _field_line(text, found[0], str(loc[1])) if len(loc) > 1 else found[0]
    if loc[0] in ("stages", "questions") and len(loc) > 1 and isinstance(loc[1], int):
        header = re.compile(rf"^\s*\[\[\s*{loc[0]}\s*\]\]")
        found = _table_lines(text, header)
        if loc[1] >= len(found):
            return None
        start = found[loc[1]]
        return _field_line(text, start, str(loc[2])) if len(loc) > 2 else start
    return None


def _where(text: str, data: object, loc: tuple) -> str:
    """``line 12: questions[3] (id 'x').stage`` from a pydantic location."""
    parts: list[str] = []
    for i, part in enumerate(loc):
        if isinstance(part, int):
            parts[-1] = f"{parts[-1]}[{part}]" if parts else f"[{part}]"
            if i == 1 and loc[0] in ("stages", "questions") and isinstance(data, dict):
                items = data.get(loc[0])
                item = items[part] if isinstance(items, list) and part < len(items) else None
                if (
                    isinstance(item, dict)
                    and isinstance(item.get("id"), str)
                    and loc[2:3] != ("id",)
                ):
                    parts[-1] += f" (id {item['id']!r})"
        else:
            parts.append(str(part))
    field = ".".join(parts) or "bank"
    line = _line_of(text, loc)
    return f"line {line}: {field}" if line else field


def _describe(error: dict) -> str:
    kind = error.get("type", "")
    if kind in _FRIENDLY:
        return _FRIENDLY[kind]
    message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        field = str(error["loc"][-1]) if error.get("loc") else ""
        if field == "purpose":
            message = "must be one of one_on_one, scoring, feedback, retro"
        else:
            message = "must be lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"
    value = error.get("input")
    if kind != "missing" and isinstance(value, str | int | float | bool):
        shown = repr(value)
        if len(shown) > 40:
            shown = shown[:37] + "..."
        message = f"{message} (got {shown})"
    return message[0].lower() + message[1:] if message else message


def _reference_problems(text: str, bank: Bank) -> list[str]:
    problems: list[str] = []
    stage_ids: list[str] = []
    for i, stage in enumerate(bank.stages):
        if stage.id in stage_ids:
            where = _where(text, None, ("stages", i, "id"))
            problems.append(f"{where}: stage id {stage.id!r} is used twice")
        stage_ids.append(stage.id)
    seen: set[str] = set()
    for i, q in enumerate(bank.questions):
        if q.id in seen:
            where = _where(text, None, ("questions", i, "id"))
            problems.append(f"{where}: question id {q.id!r} is used twice")
        seen.add(q.id)
        if q.stage not in stage_ids:
            line = _line_of(text, ("questions", i, "stage"))
            prefix = f"line {line}: " if line else ""
            problems.append(
                f"{prefix}questions[{i}] (id {q.id!r}).stage: names stage {q.stage!r}, "
                f"which is not one of the bank's stages ({', '.join(dict.fromkeys(stage_ids))})"
            )
    for stage in bank.stages:
        if not bank.questions_in(stage.id):
            problems.append(f"stages: stage {stage.id!r} has no questions")
    return problems


def bank_problems(text: str | bytes, source: str) -> tuple[Bank | None, list[str]]:
    """Validate a bank; return it (when valid) and one line per problem.

    Every line starts with ``source``; nothing here raises on bad input.
    """
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            return None, [f"{source}: too large ({len(text)} bytes; a bank is at most {MAX_BYTES})"]
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            return None, [f"{source}: not UTF-8 text (bad byte at offset {error.start})"]
    if len(text) > MAX_BYTES:
        return None, [
            f"{source}: too large ({len(text)} characters; a bank is at most {MAX_BYTES})"
        ]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, [f"{source}: not valid TOML: {error}"]
    except RecursionError:
        return None, [f"{source}: not a usable bank: values are nested too deeply"]
    except Exception as error:  # tomllib on hostile input: still one line
        return None, [f"{source}: not valid TOML: {error}"]
    try:
        bank = Bank.model_validate(data)
    except ValidationError as error:
        errors = error.errors()
        # A list that lost a broken item also reports "too short": say it once.
        broken = {e["loc"][0] for e in errors if len(e["loc"]) > 1}
        errors = [
            e for e in errors if not (e["loc"] and e["loc"][0] in broken and len(e["loc"]) == 1)
        ]
        lines = []
        for item in errors[:20]:
            lines.append(f"{source}: {_where(text, data, tuple(item['loc']))}: {_describe(item)}")
        return None, lines
    except RecursionError:
        return None, [f"{source}: not a usable bank: values are nested too deeply"]
    problems = [f"{source}: {p}" for p in _reference_problems(text, bank)]
    return (None if problems else bank), problems


def parse_bank(text: str | bytes, source: str) -> Bank:
    """Parse and validate a bank; the first problem raises CoachError naming ``source``."""
    bank, problems = bank_problems(text, source)
    if bank is None:
        raise CoachError(problems[0] if problems else f"{source}: not a valid bank")
    return bank


def validate_bank_file(path: Path) -> list[str]:
    """Every problem of one bank file (empty when valid)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return [f"{path}: too large ({size} bytes; a bank is at most {MAX_BYTES})"]
        raw = path.read_bytes()
    except IsADirectoryError:
        return [f"{path}: is a directory, not a bank file"]
    except OSError as error:
        return [f"{path}: cannot read: {error.strerror or error}"]
    return bank_problems(raw, str(path))[1]


def load_bank_file(path: Path) -> Bank:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CoachError(validate_bank_file(path)[0])
        raw = path.read_bytes()
    except OSError:
        raise CoachError(validate_bank_file(path)[0]) from None
    return parse_bank(raw, str(path))


def shipped_bank_files() -> list[Path]:
    folder = resources.files("coachtui.question_banks")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".toml"))


def user_bank_files() -> list[Path]:
    folder = user_banks_dir()
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


@dataclass(frozen=True)
class BankSource:
    bank: Bank
    path: Path
    origin: str  # "shipped" or "user"
    overrides: bool = False  # a user bank replacing a shipped one


@lru_cache(maxsize=8)
def _load_all(user_dir: str) -> dict[str, BankSource]:
    banks: dict[str, BankSource] = {}
    for path in shipped_bank_files():
        bank = load_bank_file(path)
        banks[bank.id] = BankSource(bank, path, "shipped")
    for path in user_bank_files():
        try:
            bank = load_bank_file(path)
        except CoachError:
            continue  # a broken user bank is reported by `banks validate`, not fatal here
        banks[bank.id] = BankSource(bank, path, "user", overrides=bank.id in banks)
    return banks


def bank_sources() -> dict[str, BankSource]:
    """Every bank with the file it came from; user banks win over shipped ones."""
    return _load_all(str(user_banks_dir()))


def load_banks() -> dict[str, Bank]:
    """All banks by id; the user's override shipped ones with the same id."""
    return {bank_id: source.bank for bank_id, source in bank_sources().items()}


def get_bank(bank_id: str) -> Bank:
    banks = load_banks()
    if bank_id not in banks:
        raise NotFound(f"no question bank with id {bank_id!r}")
    return banks[bank_id]


def clear_cache() -> None:
    _load_all.cache_clear()


# -- Markdown import ----------------------------------------------------------

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?(.*\S)\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def slug(text: str, limit: int = 40) -> str:
    """A lower-case id fragment made from ``text`` (never empty)."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or (words[0][:limit] if words else "item")


def _unique(base: str, taken: set[str]) -> str:
    name, n = base, 2
    while name in taken:
        name = f"{base}-{n}"
        n += 1
    taken.add(name)
    return name


def bank_from_markdown(text: str, *, bank_id: str, title: str, purpose: str = "one_on_one") -> dict:
    """The bank data for a Markdown list of questions.

    Headings become stages, ``-``/``*``/``+`` and numbered items become
    questions of the stage above them, everything else is ignored. Headings
    without items are dropped. The result still needs validating.
    """
    stages: list[dict] = []
    questions: list[dict] = []
    stage_ids: set[str] = set()
    question_ids: set[str] = set()
    current: dict | None = None
    in_fence = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        heading = _HEADING.match(line)
        if heading:
            name = heading.group(2).strip() or "Questions"
            current = {"id": _unique(slug(name), stage_ids), "title": name[:120], "hint": ""}
            stages.append(current)
            continue
        item = _ITEM.match(line)
        if item:
            if current is None:
                current = {"id": _unique("questions", stage_ids), "title": "Questions", "hint": ""}
                stages.append(current)
            question = item.group(1).strip()
            qid = _unique(f"{current['id']}.{slug(question)}", question_ids)
            questions.append({"id": qid, "stage": current["id"], "text": question})
    used = {q["stage"] for q in questions}
    return {
        "bank": {
            "id": bank_id,
            "title": title,
            "purpose": purpose,
            "version": 1,
            "description": "Imported from Markdown.",
        },
        "stages": [s for s in stages if s["id"] in used],
        "questions": questions,
    }


def import_markdown(
    path: Path, *, bank_id: str, title: str | None = None, force: bool = False
) -> tuple[Path, Bank]:
    """Turn a Markdown file into a validated bank in the user's banks directory."""
    import tomli_w

    from coachtui.paths import ensure_private_dir

    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CoachError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(raw) > MAX_BYTES:
        raise CoachError(f"{path}: too large ({len(raw)} bytes; at most {MAX_BYTES})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CoachError(f"{path}: not UTF-8 text (bad byte at offset {error.start})") from None
    data = bank_from_markdown(text, bank_id=bank_id, title=title or path.stem, purpose="one_on_one")
    if not data["questions"]:
        raise CoachError(f"{path}: no list items found; write questions as '- ...' or '1. ...'")
    toml_text = tomli_w.dumps(data)
    bank = parse_bank(toml_text, f"{path} (as bank {bank_id!r})")
    folder = ensure_private_dir(user_banks_dir())
    target = folder / f"{bank_id}.toml"
    if target.exists() and not force:
        raise CoachError(f"{target}: a bank with this id exists; use --force to replace it")
    target.write_text(f"# Imported from {path.name}\n" + toml_text, encoding="utf-8")
    clear_cache()
    return target, bank
