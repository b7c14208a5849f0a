"""The cycle report: per owner, objectives with KR scores, bands and flags.

``build_report`` gathers it; ``render`` writes it as JSON, Markdown, TOML or
CSV. Scores are rounded to 2 decimals; absent values are null in JSON and
left out in TOML (which has no null).
"""

from __future__ import annotations

import csv
import io
import json

from pydantic import BaseModel

from coachtui.domain import scoring
from coachtui.errors import CoachError
from coachtui.store.db import Store
from coachtui.store.okrs import ObjectiveInfo, OkrService

FORMATS = ("markdown", "toml", "json", "csv")
LEARNING_NOTE = "Scores are for learning, not for pay or ratings."


class KRLine(BaseModel):
    title: str
    kind: str
    score: float | None
    suggested: float | None
    reason: str | None


class ObjectiveLine(BaseModel):
    title: str
    type: str
    score: float | None
    band: str | None
    flags: list[str]
    missed_explanation: str = ""
    key_results: list[KRLine]


class OwnerLine(BaseModel):
    name: str
    flags: list[str]
    objectives: list[ObjectiveLine]


class CycleReport(BaseModel):
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


def report_from(cycle: str, state: str, objectives: list[ObjectiveInfo]) -> CycleReport:
    owners: dict[int, OwnerLine] = {}
    kr_scores: dict[int, list[float | None]] = {}
    for o in objectives:
        owner = owners.get(o.owner_id)
        if owner is None:
            owner = owners[o.owner_id] = OwnerLine(name=o.owner_name, flags=[], objectives=[])
            kr_scores[o.owner_id] = []
        score = o.score
        owner.objectives.append(
            ObjectiveLine(
                title=o.title,
                type=o.type,
                score=scoring.round2(score),
                band=scoring.band(score),
                flags=scoring.objective_flags(score, o.type),
                missed_explanation=o.missed_explanation,
                key_results=[
                    KRLine(
                        title=kr.title,
                        kind=kr.kind,
                        score=scoring.round2(kr.score),
                        suggested=scoring.round2(kr.suggested),
                        reason=kr.reason if kr.score is not None else None,
                    )
                    for kr in o.key_results
                ],
            )
        )
        kr_scores[o.owner_id].extend(kr.score for kr in o.key_results)
    for owner_id, owner in owners.items():
        owner.flags = scoring.owner_flags(kr_scores[owner_id])
    return CycleReport(cycle=cycle, state=state, owners=list(owners.values()))


def build_report(store: Store, cycle_name: str) -> CycleReport:
    service = OkrService(store)
    cycle = service.find_cycle(cycle_name)
    return report_from(cycle.name, cycle.state, service.objectives(cycle.id, check_ins=False))


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


def export_report(store: Store, cycle_name: str, fmt: str, folder=None):
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
