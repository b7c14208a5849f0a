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


def _line_of_table(text: str, table: str, index: int) -> int | None:
    """The line of the ``index``-th ``[[table]]`` header, when the file uses headers."""
    header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if header.match(line):
            if seen == index:
                return number
            seen += 1
    return None


def _where(text: str, data: object, loc: tuple) -> str:
    """``line 12: questions[3] (id 'x').stage`` from a pydantic location."""
    parts: list[str] = []
    line = None
    for i, part in enumerate(loc):
        if isinstance(part, int):
            parts[-1] = f"{parts[-1]}[{part}]" if parts else f"[{part}]"
            if i == 1 and loc[0] in ("stages", "questions"):
                line = _line_of_table(text, str(loc[0]), part)
                item = data.get(loc[0])[part] if isinstance(data, dict) else None  # type: ignore[index]
                if isinstance(item, dict) and isinstance(item.get("id"), str) and loc[2:3] != ("id",):
                    parts[-1] += f" (id {item['id']!r})"
        else:
            parts.append(str(part))
    field = ".".join(parts) or "bank"
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
            line = _line_of_table(text, "questions", i)
            prefix = f"line {line}: " if line else ""
            problems.append(
                f"{prefix}questions[{i}] (id {q.id!r}).stage: names stage {q.stage!r}, "
                f"which is not one of the bank's stages ({', '.join(stage_ids)})"
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
        return None, [f"{source}: too large ({len(text)} characters; a bank is at most {MAX_BYTES})"]
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
        lines = []
        for item in error.errors()[:20]:
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
