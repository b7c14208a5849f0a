"""Question banks: the TOML schema (pydantic) and loading.

Shipped banks live in ``coachtui.question_banks``; a user's own banks live in
``<config dir>/banks`` and override a shipped bank with the same id.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from coachtui.errors import CoachError, NotFound
from coachtui.paths import user_banks_dir

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"


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
    follow_ups: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


class Bank(_Strict):
    bank: BankInfo
    stages: tuple[Stage, ...] = Field(min_length=1)
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> Bank:
        stage_ids = [s.id for s in self.stages]
        if len(set(stage_ids)) != len(stage_ids):
            raise ValueError("stage ids must be unique")
        seen: set[str] = set()
        for q in self.questions:
            if q.id in seen:
                raise ValueError(f"question id {q.id!r} is used twice")
            seen.add(q.id)
            if q.stage not in stage_ids:
                raise ValueError(f"question {q.id!r} names stage {q.stage!r}, which does not exist")
        return self

    @property
    def id(self) -> str:
        return self.bank.id

    def questions_in(self, stage_id: str) -> list[Question]:
        return [q for q in self.questions if q.stage == stage_id]


def parse_bank(text: str, source: str) -> Bank:
    """Parse and validate a bank; a problem raises CoachError naming ``source``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CoachError(f"{source}: not valid TOML: {error}") from None
    try:
        return Bank.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "bank"
        raise CoachError(f"{source}: {where}: {first['msg']}") from None


def load_bank_file(path: Path) -> Bank:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CoachError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise CoachError(f"{path}: cannot read: {error.strerror}") from None
    return parse_bank(text, str(path))


def shipped_bank_files() -> list[Path]:
    folder = resources.files("coachtui.question_banks")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".toml"))


def user_bank_files() -> list[Path]:
    folder = user_banks_dir()
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


@lru_cache(maxsize=8)
def _load_all(user_dir: str) -> dict[str, Bank]:
    banks: dict[str, Bank] = {}
    for path in shipped_bank_files():
        bank = load_bank_file(path)
        banks[bank.id] = bank
    for path in user_bank_files():
        try:
            bank = load_bank_file(path)
        except CoachError:
            continue  # a broken user bank is reported by `banks validate`, not fatal here
        banks[bank.id] = bank
    return banks


def load_banks() -> dict[str, Bank]:
    """All banks by id; the user's override shipped ones with the same id."""
    return _load_all(str(user_banks_dir()))


def get_bank(bank_id: str) -> Bank:
    banks = load_banks()
    if bank_id not in banks:
        raise NotFound(f"no question bank with id {bank_id!r}")
    return banks[bank_id]


def clear_cache() -> None:
    _load_all.cache_clear()
