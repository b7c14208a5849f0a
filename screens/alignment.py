"""Alignment: a cycle's objectives as a tree by parent, with owner and
progress; objectives proposed upward wait here to be accepted or declined."""

from __future__ import annotations

from coachtui.screens.widgets import KeyFooter
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Static, Tree
from textual.widgets.tree import TreeNode

from coachtui.errors import CoachError
from coachtui.store.okrs import AlignmentNode, CycleInfo, ObjectiveInfo, OkrService


def node_label(o: ObjectiveInfo) -> Text:
    progress = o.progress
    share = "—" if progress is None else f"{progress:.0%}"
    label = Text()
    if o.status == "proposed":
        label.append("[proposed] ", style="bold italic")
    label.append(o.title, style="bold" if o.status == "accepted" else "italic")
    label.append(f"  {o.owner_name} · {share}", style="dim")
    return label


class AlignmentScreen(Screen[None]):
    CSS_PATH = "alignment.tcss"
    HELP = (
        "Objectives by parent: who supports what, and how far along each is. "
        "Proposed objectives (offered upward by a report) wait under the objective "
        "they support: a accepts (it becomes a child), x declines. p proposes one "
        "under the highlighted objective; c picks another cycle."
    )
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("a", "decide(True)", "Accept"),
        Binding("x", "decide(False)", "Decline"),
        Binding("p", "propose", "Propose under"),
        Binding("c", "pick_cycle", "Cycle"),
    ]

    def __init__(self, cycle_id: int | None = None) -> None:
        super().__init__()
        self.cycle_id = cycle_id
        self.cycle: CycleInfo | None = None

    @property
    def service(self) -> OkrService:
        return OkrService(self.app.store, today=self.app.today)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="alignment-body"):
            yield Static(id="alignment-line")
            yield Tree("Objectives", id="alignment")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.cycle_id is None:
            from coachtui.screens.okr import default_cycle

            chosen = default_cycle(self.service.cycles())
            self.cycle_id = chosen.id if chosen else None
        self.reload()
        self.query_one("#alignment", Tree).focus()

    def reload(self, select: int | None = None) -> None:
        tree = self.query_one("#alignment", Tree)
        tree.clear()
        if self.cycle_id is None:
            self.query_one("#alignment-line", Static).update("No cycles yet.")
            return
        self.cycle = self.service.get_cycle(self.cycle_id)
        roots = self.service.alignment(self.cycle_id)
        proposed = 0
        tree.root.label = f"{self.cycle.name} ({self.cycle.state})"
        target: TreeNode | None = None

        def add(parent: TreeNode, node: AlignmentNode) -> None:
            nonlocal proposed, target
            o = node.objective
            proposed += o.status == "proposed"
            if node.children:
                branch = parent.add(node_label(o), data=o, expand=True)
                for child in node.children:
                    add(branch, child)
            else:
                branch = parent.add_leaf(node_label(o), data=o)
            if o.id == select:
                target = branch

        for root in roots:
            add(tree.root, root)
        tree.root.expand()
        waiting = f" · {proposed} proposed, waiting for you" if proposed else ""
        self.query_one("#alignment-line", Static).update(
            f"{len(roots)} top-level objectives{waiting}"
        )
        if target is not None:
            self.call_after_refresh(tree.move_cursor, target)

    def selected(self) -> ObjectiveInfo | None:
        node = self.query_one("#alignment", Tree).cursor_node
        return node.data if node is not None else None

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_decide(self, accept: bool) -> None:
        o = self.selected()
        if o is None or o.status != "proposed":
            self.notify("Pick a proposed objective first.", severity="warning")
            return
        try:
            self.service.decide(o.id, accept)
        except CoachError as error:
            self.notify(str(error), severity="error")
            return
        self.reload(select=o.id if accept else o.parent_id)
        self.notify(f"{'Accepted' if accept else 'Declined'} {o.title!r}.")

    def action_propose(self) -> None:
        from coachtui.screens.okr_forms import ObjectiveForm

        from coachtui.store.people import PeopleService

        parent = self.selected()
        if self.cycle_id is None or parent is None:
            self.notify("Pick the objective it supports first.", severity="warning")
            return
        cycle_id = self.cycle_id
        people = [(p.name, p.id) for p in PeopleService(self.app.store).list() if not p.is_manager]
        if not people:
            self.notify("Only reports propose objectives upward; add a person first.")
            return

        def save(data: dict) -> ObjectiveInfo:
            return self.service.propose_objective(
                cycle_id,
                data["owner_id"],
                data["title"],
                data["parent_id"] or parent.id,
                type_=data["type_"],
            )

        def done(saved: ObjectiveInfo | None) -> None:
            if saved is not None:
                self.reload(select=saved.id)
                self.notify(f"Proposed {saved.title!r} under {parent.title!r}.")

        self.app.push_screen(
            ObjectiveForm(
                f"Propose an objective under {parent.title!r}",
                save,
                people,
                [(parent.title, parent.id)],
                parent_id=parent.id,
            ),
            done,
        )

    def action_pick_cycle(self) -> None:
        from coachtui.screens.okr_forms import CyclePicker

        def picked(cycle_id: int | None) -> None:
            if cycle_id:
                self.cycle_id = cycle_id
                self.reload()

        self.app.push_screen(CyclePicker("Show which cycle?", self.service.cycles()), picked)
