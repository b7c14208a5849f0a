"""The cycle report: per owner, objectives with KR scores, bands and flags.

``build_report`` gathers it; ``render`` writes it as JSON, Markdown, TOML or
CSV. Scores are rounded to 2 decimals; absent values are null in JSON and
left out in TOML (which has no null).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from coachtui.domain import scoring
from coachtui.errors import CoachError, NotFound

FORMATS = ("markdown", "toml", "json", "csv")
LEARNING_NOTE = "Scores are for learning, not for pay or ratings."


@dataclass(slots=True)
class KRLine:
    title: str
    kind: str
    score: float | None
    suggested: float | None
    reason: str | None


@dataclass(slots=True)
class ObjectiveLine:
    title: str
    type: str
    score: float | None
    band: str | None
    flags: list[str]
    missed_explanation: str = ""
    key_results: list[KRLine] = field(default_factory=list)


@dataclass(slots=True)
class OwnerLine:
    name: str
    flags: list[str]
    objectives: list[ObjectiveLine]


@dataclass(slots=True)
class CycleReport:
    cycle: str
    state: str
    owners: list[OwnerLine]

    def as_data(self) -> dict:
        """The documented JSON shape."""
        return {
            "cycle": self.cycle,
            "owners": [
                {
                    "name": owner.name,
                    "flags": list(owner.flags),
                    "objectives": [
                        {
                            "title": o.title,
                            "score": o.score,
                            "band": o.band,
                            "flags": list(o.flags),
                            "key_results": [
                                {
                                    "title": kr.title,
                                    "kind": kr.kind,
                                    "score": kr.score,
                                    "suggested": kr.suggested,
                                    "reason": kr.reason,
                                }
                                for kr in o.key_results
                            ],
                        }
                        for o in owner.objectives
                    ],
                }
                for owner in self.owners
            ],
        }


# Plain SQL through ``Store.query``: the report command is a whole process,
# and importing SQLAlchemy, pydantic and the ORM models would cost it
# several times what the report itself takes. The order is the scoring
# order of ``OkrService.objectives``: manager first, owners by name,
# objectives by position, KRs by position.
CYCLE_SQL = "SELECT id, name, state FROM cycle WHERE name = :name"

OBJECTIVES_SQL = """
SELECT o.id, o.owner_id, p.name, o.title, o.type, o.missed_explanation
FROM objective o JOIN person p ON p.id = o.owner_id
WHERE o.cycle_id = :cycle AND o.status = 'accepted'
ORDER BY p.is_manager DESC, p.name, o.position, o.id
"""

KEY_RESULTS_SQL = """
SELECT k.objective_id, k.title, k.kind, k.start, k.target, k."current", k.done, k.weight,
       s.score, s.reason
FROM key_result k
JOIN objective o ON o.id = k.objective_id
LEFT JOIN kr_score s ON s.key_result_id = k.id
WHERE o.cycle_id = :cycle AND o.status = 'accepted'
ORDER BY k.objective_id, k.position, k.id
"""


def build_report(store, cycle_name: str) -> CycleReport:
    found = store.query(CYCLE_SQL, {"name": cycle_name.strip()})
    if not found:
        raise NotFound(f"no cycle named {cycle_name!r}")
    cycle_id, name, state = found[0]
    params = {"cycle": cycle_id}
    krs: dict[int, list[tuple]] = {}
    for row in store.query(KEY_RESULTS_SQL, params):
        krs.setdefault(row[0], []).append(row)
    owners: dict[int, OwnerLine] = {}
    kr_scores: dict[int, list[float | None]] = {}
    for objective_id, owner_id, owner_name, title, type_, missed in store.query(
        OBJECTIVES_SQL, params
    ):
        owner = owners.get(owner_id)
        if owner is None:
            owner = owners[owner_id] = OwnerLine(name=owner_name, flags=[], objectives=[])
            kr_scores[owner_id] = []
        lines, weighted = [], []
        for _, kr_title, kind, start, target, current, done, weight, score, reason in krs.get(
            objective_id, ()
        ):
            suggested = scoring.suggest(kind, start, target, current, bool(done))
            lines.append(
                KRLine(
                    title=kr_title,
                    kind=kind,
                    score=scoring.round2(score),
                    suggested=scoring.round2(suggested),
                    reason=(reason or "") if score is not None else None,
                )
            )
            weighted.append(scoring.Weighted(score, weight))
            kr_scores[owner_id].append(score)
        objective_score = scoring.objective_score(weighted)
        owner.objectives.append(
            ObjectiveLine(
                title=title,
                type=type_,
                score=scoring.round2(objective_score),
                band=scoring.band(objective_score),
                flags=scoring.objective_flags(objective_score, type_),
                missed_explanation=missed or "",
                key_results=lines,
            )
        )
    for owner_id, owner in owners.items():
        owner.flags = scoring.owner_flags(kr_scores[owner_id])
    return CycleReport(cycle=name, state=state, owners=list(owners.values()))


def render(report: CycleReport, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report.as_data(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "toml":
        return render_toml(report)
    if fmt == "csv":
        return render_csv(report)
    raise CoachError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _md(text: str) -> str:
    """Keep a cell on one line and stop pipes from breaking the table."""
    return " ".join(text.split()).replace("|", "\\|")


def render_markdown(report: CycleReport) -> str:
    lines = [f"# Cycle report: {report.cycle}", "", f"_{LEARNING_NOTE}_", ""]
    if not report.owners:
        lines.append("No objectives in this cycle.")
    for owner in report.owners:
        lines.append(f"## {owner.name}")
        lines.append("")
        for flag in owner.flags:
            lines.append(f"- **{flag}**: {scoring.FLAG_TEXT[flag]}")
        if owner.flags:
            lines.append("")
        for o in owner.objectives:
            band = f" ({o.band})" if o.band else ""
            lines.append(f"### {_md(o.title)} — {_fmt(o.score)}{band}")
            lines.append("")
            kind = "committed" if o.type == "committed" else "aspirational"
            lines.append(f"Type: {kind}")
            for flag in o.flags:
                lines.append(f"- **{flag}**: {scoring.FLAG_TEXT[flag]}")
            if o.missed_explanation:
                lines.append(f"- What got in the way: {_md(o.missed_explanation)}")
            lines.append("")
            lines.append("| Key result | Kind | Score | Suggested | Reason |")
            lines.append("|---|---|---|---|---|")
            for kr in o.key_results:
                lines.append(
                    f"| {_md(kr.title)} | {kr.kind} | {_fmt(kr.score)} | "
                    f"{_fmt(kr.suggested)} | {_md(kr.reason or '')} |"
                )
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _drop_none(value):
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def render_toml(report: CycleReport) -> str:
    import tomli_w

    return tomli_w.dumps(_drop_none(report.as_data()))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> object:
    """Stop a spreadsheet from running a cell as a formula."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def render_csv(report: CycleReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "cycle",
            "owner",
            "owner_flags",
            "objective",
            "objective_score",
            "band",
            "objective_flags",
            "key_result",
            "kind",
            "score",
            "suggested",
            "reason",
        ]
    )
    for owner in report.owners:
        for o in owner.objectives:
            for kr in o.key_results or [None]:
                row = [
                    report.cycle,
                    owner.name,
                    " ".join(owner.flags),
                    o.title,
                    "" if o.score is None else f"{o.score:.2f}",
                    o.band or "",
                    " ".join(o.flags),
                    kr.title if kr else "",
                    kr.kind if kr else "",
                    "" if kr is None or kr.score is None else f"{kr.score:.2f}",
                    "" if kr is None or kr.suggested is None else f"{kr.suggested:.2f}",
                    (kr.reason or "") if kr else "",
                ]
                writer.writerow([neutralise(c) for c in row])
    return out.getvalue()


EXPORT_SUFFIX = {"markdown": "md", "toml": "toml", "json": "json", "csv": "csv"}


def export_report(store, cycle_name: str, fmt: str, folder=None):
    """Write the report into ``folder`` (default: ``reports`` in the data
    directory) as a 0600 file; return its path."""
    import os
    import re
    from pathlib import Path

    from coachtui.paths import data_dir, ensure_private_dir

    target_dir = Path(folder) if folder else data_dir() / "reports"
    ensure_private_dir(target_dir)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", cycle_name).strip("-") or "cycle"
    path = target_dir / f"{safe}.{EXPORT_SUFFIX[fmt]}"
    text = render(build_report(store, cycle_name), fmt)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as error:
        raise CoachError(f"{path}: cannot write: {error.strerror}") from None
    return path
