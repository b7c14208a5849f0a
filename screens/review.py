"""Review a person: their whole history as one paged timeline, with filters,
the feedback balance and full-text search.

The timeline holds one page at a time (``PAGE_SIZE`` items); ``]`` and ``[``
move to older and newer pages by keyset, so five years of history cost the
same as five weeks. Database work runs in threads and reports back to the UI
thread.
"""

from __future__ import annotations

import time

from coachtui.screens.widgets import KeyFooter
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from coachtui.errors import CoachError
from coachtui.store.people import PersonInfo
from coachtui.store.review import (
    KIND_LABELS,
    Balance,
    FilterOptions,
    ReviewService,
    TimelineFilter,
    TimelineItem,
    TimelineKey,
    TimelinePage,
    parse_day,
)
from coachtui.store.search import SearchHit, SearchResult, SearchService

HIT_KIND_LABELS = {**KIND_LABELS, "exchange": "one-on-one answer"}
HIGHLIGHT = "bold reverse"
BALANCE_PERIODS = 6


def _cut(value: str, width: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1].rstrip() + "…"


def item_prompt(item: TimelineItem, width: int = 80) -> Text:
    """Two lines at most: date, kind and title; then the tags."""
    line = Text()
    line.append(item.on.isoformat(), style="dim")
    line.append(f"  {item.label:<11} ", style="bold")
    line.append(_cut(item.title, max(10, width - 25)))
    tags = [t for t in item.tags if item.kind != "check_in"]
    if tags:
        line.append("\n" + " " * 24)
        line.append(_cut(" · ".join(tags), max(10, width - 25)), style="italic dim")
    return line


def hit_prompt(hit: SearchHit) -> Text:
    line = Text()
    line.append(hit.date.isoformat() if hit.date else "—", style="dim")
    line.append(f"  {HIT_KIND_LABELS.get(hit.kind, hit.kind)}\n", style="bold")
    offset = len(line.plain)
    line.append(hit.snippet)
    for start, end in hit.highlights:
        line.stylize(HIGHLIGHT, offset + start, offset + end)
    return line


def item_detail(item: TimelineItem) -> Text:
    out = Text()
    out.append(item.title + "\n", style="bold")
    out.append(f"{item.on.isoformat()} · {item.label}\n\n", style="dim")
    out.append(item.body)
    if item.tags:
        out.append("\n\n" + " · ".join(item.tags), style="italic")
    return out


def filter_widgets() -> list:
    return [
        Select(
            [(label, kind) for kind, label in KIND_LABELS.items()],
            prompt="all kinds",
            id="f-kind",
            type_to_search=False,
        ),
        Select([], prompt="any behaviour", id="f-behaviour", type_to_search=False),
        Select([], prompt="any KR", id="f-kr", type_to_search=False),
        Select([], prompt="any cycle", id="f-cycle", type_to_search=False),
        Input(id="f-from", placeholder="from Y-M-D"),
        Input(id="f-to", placeholder="to Y-M-D"),
    ]


def balance_table(balance: Balance) -> Table | Text:
    if not balance.rows:
        return Text("No feedback yet for this person.")
    periods = balance.periods[-BALANCE_PERIODS:]
    table = Table(
        title="Feedback balance: reinforcing (+) against redirecting (−)",
        title_justify="left",
        expand=True,
        box=None,
        pad_edge=False,
    )
    table.add_column("Named behaviour", ratio=3, no_wrap=True, overflow="ellipsis")
    table.add_column("+", justify="right")
    table.add_column("−", justify="right")
    for period in periods:
        table.add_column(period[2:], justify="center")
    for row in balance.rows:
        cells = [row.behaviour, str(row.reinforcing), str(row.redirecting)]
        for period in periods:
            plus, minus = row.periods.get(period, (0, 0))
            cells.append(f"+{plus} −{minus}" if plus or minus else "·")
        table.add_row(*cells)
    return table


class ReviewScreen(Screen[None]):
    CSS_PATH = "review.tcss"
    AUTO_FOCUS = "#timeline"
    HELP = (
        "Everything about one person, newest first, one page at a time. Filters combine; "
        "/ searches everything written about them (matched words highlighted); enter or j "
        "on a result jumps to it in the timeline."
    )
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("right_square_bracket", "older", "Older page", key_display="]"),
        Binding("left_square_bracket", "newer", "Newer page", key_display="["),
        Binding("j", "jump", "Jump to result", show=False),
        Binding("b", "toggle_balance", "Balance"),
        Binding("f", "add_feedback", "Feedback"),
        Binding("n", "add_note", "Note"),
        Binding("e", "edit_item", "Edit", show=False),
        Binding("c", "clear_filters", "Clear filters", show=False),
    ]

    def __init__(self, person: PersonInfo) -> None:
        super().__init__()
        self.person = person
        self.filters = TimelineFilter()
        self.page: TimelinePage | None = None
        self.page_number: int | None = 1
        self.hits: list[SearchHit] = []
        self.searching = False
        self.showing_balance = False
        self.pages_shown = 0  # tests and benchmarks wait on this
        self.options_loaded = False
        self.filters_ready = False
        # perf_counter() when the first page went into the timeline, for benchmarks.
        self.first_page_at: float | None = None
        self._first_page: TimelinePage | None = None

    @property
    def service(self) -> ReviewService:
        return ReviewService(self.app.store, today=self.app.today)

    def compose(self) -> ComposeResult:
        yield Header()
        role = f" — {self.person.role}" if self.person.role else ""
        yield Static(Text(f"Review · {self.person.name}{role}"), id="review-title")
        yield Input(
            id="search",
            placeholder=f'Search everything about {self.person.name} (words, "phrases", pre*)',
        )
        # The filter bar is mounted once the first page is on screen: the page
        # is what the manager came for, and the bar's widgets cost a few frames.
        yield Horizontal(id="filters")
        with Horizontal(id="review-body"):
            # The search results list and the balance panel are built on first
            # use: most visits never open them.
            with Vertical(id="left"):
                yield Static("Loading…", id="list-status")
                yield OptionList(id="timeline")
            with VerticalScroll(id="right"):
                yield Static("", id="detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = f"Review · {self.person.name}"
        # The first page is read right here rather than in a worker: it is one
        # bounded keyset query (about 25 ms on five years of history), and
        # measured, a thread competing with the screen's own set-up for the
        # interpreter made the first page appear later, not sooner. Every later
        # read (pages, filters, search, balance) runs in a worker.
        self._first_page = self.service.page(self.person.id, self.filters)

    def on_screen_resume(self) -> None:
        # The page goes into the list when the screen comes to the front: on
        # resuming, Textual restyles and repaints the whole screen, so a list
        # filled any earlier would be drawn twice.
        if self._first_page is not None:
            page, self._first_page = self._first_page, None
            self._show_page(page, 1, None)

    # -- loading -----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="timeline")
    def _load(
        self,
        filters: TimelineFilter,
        number: int | None,
        *,
        older_than: TimelineKey | None = None,
        newer_than: TimelineKey | None = None,
        start_at: TimelineKey | None = None,
    ) -> None:
        try:
            page = self.service.page(
                self.person.id,
                filters,
                older_than=older_than,
                newer_than=newer_than,
                start_at=start_at,
            )
        except CoachError as error:
            self.app.call_from_thread(self._status, str(error), error=True)
            return
        self.app.call_from_thread(self._show_page, page, number, start_at)

    def on_descendant_focus(self, event) -> None:
        # The filter choices (a person can own hundreds of KRs over the years)
        # are loaded when the filter bar is first used, not on opening.
        if not self.options_loaded and "filters" in {n.id for n in event.widget.ancestors}:
            self._apply_options(self.service.filter_options(self.person.id))

    @work(thread=True, exclusive=True, group="options")
    def _refresh_options(self) -> None:
        if not self.options_loaded:
            return
        options = self.service.filter_options(self.person.id)
        self.app.call_from_thread(self._apply_options, options)

    def _apply_options(self, options: FilterOptions) -> None:
        self.options_loaded = True
        for selector, choices in (
            ("#f-behaviour", [(b.name, b.id) for b in options.behaviours]),
            ("#f-kr", [(_cut(k.label, 60), k.id) for k in options.key_results]),
            ("#f-cycle", [(c.name, c.id) for c in options.cycles]),
        ):
            select = self.query_one(selector, Select)
            keep = select.value
            with select.prevent(Select.Changed):
                select.set_options(choices)
                if keep is not Select.NULL and keep in {value for _, value in choices}:
                    select.value = keep

    def _show_page(
        self, page: TimelinePage, number: int | None, select_key: TimelineKey | None
    ) -> None:
        self.page = page
        self.page_number = number
        timeline = self.query_one("#timeline", OptionList)
        timeline.clear_options()
        if timeline.size.width:
            width = timeline.scrollable_content_region.width - 2
        else:  # not laid out yet: the list takes 3/5 of the screen, less borders
            width = max(40, (self.app.size.width - 2) * 3 // 5 - 7)
        timeline.add_options(
            [Option(item_prompt(item, width), id=f"{item.kind}:{item.id}") for item in page.items]
        )
        if page.items:
            index = 0
            if select_key is not None:
                index = next((i for i, it in enumerate(page.items) if it.key == select_key), 0)
            timeline.highlighted = index
            self._show_detail(page.items[index])
        else:
            self.query_one("#detail", Static).update(
                Text("Nothing matches these filters." if self.filters.active else "No history yet.")
            )
        self._show_timeline_status()
        self.pages_shown += 1
        if self.pages_shown == 1:
            self.first_page_at = time.perf_counter()
            # The filter bar's row is already laid out (empty): fill it once
            # the page is on screen, so it never holds the page back.
            self.call_after_refresh(self._mount_filters)

    def _mount_filters(self) -> None:
        self.query_one("#filters", Horizontal).mount_all(filter_widgets())
        self.filters_ready = True

    def _show_timeline_status(self) -> None:
        page = self.page
        if page is None:
            return
        if not page.items:
            self._status("No items" + (" with these filters" if self.filters.active else ""))
            return
        where = f"Page {self.page_number}" if self.page_number else f"From {page.items[0].on}"
        moves = []
        if page.has_older:
            moves.append("] older")
        if page.has_newer:
            moves.append("[ newer")
        filtered = " · filtered (c clears)" if self.filters.active else ""
        self._status(
            f"{where} · {len(page.items)} items, newest first{filtered}"
            + (" · " + "  ".join(moves) if moves else "")
        )

    def _status(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#list-status", Static)
        status.update(Text(message))
        status.set_class(error, "error")

    def _show_detail(self, item: TimelineItem) -> None:
        self.query_one("#detail", Static).update(item_detail(item))

    def current_item(self) -> TimelineItem | None:
        if self.page is None or self.searching:
            return None
        index = self.query_one("#timeline", OptionList).highlighted
        if index is None or index >= len(self.page.items):
            return None
        return self.page.items[index]

    @on(OptionList.OptionHighlighted, "#timeline")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.page and event.option_index < len(self.page.items):
            self._show_detail(self.page.items[event.option_index])

    # -- paging --------------------------------------------------------------------

    def action_older(self) -> None:
        if self.searching or self.page is None or not self.page.has_older:
            return
        number = self.page_number + 1 if self.page_number else None
        self._load(self.filters, number, older_than=self.page.oldest)

    def action_newer(self) -> None:
        if self.searching or self.page is None or not self.page.has_newer:
            return
        number = self.page_number - 1 if self.page_number and self.page_number > 1 else None
        self._load(self.filters, number, newer_than=self.page.newest)

    def reload(self) -> None:
        """Back to the newest page with the current filters."""
        self._load(self.filters, 1)

    # -- filters -------------------------------------------------------------------

    def _read_filters(self) -> TimelineFilter:
        def value(selector: str):
            chosen = self.query_one(selector, Select).value
            return None if chosen is Select.NULL else chosen

        kind = value("#f-kind")
        return TimelineFilter(
            kinds=frozenset({kind}) if kind else frozenset(),
            behaviour_id=value("#f-behaviour"),
            key_result_id=value("#f-kr"),
            cycle_id=value("#f-cycle"),
            date_from=parse_day(self.query_one("#f-from", Input).value, "from"),
            date_to=parse_day(self.query_one("#f-to", Input).value, "to"),
        )

    @on(Select.Changed, "#filters Select")
    @on(Input.Changed, "#f-from, #f-to")
    def _filters_changed(self, event) -> None:
        event.stop()
        try:
            filters = self._read_filters()
        except CoachError as error:
            self._status(str(error), error=True)
            return
        if filters == self.filters:
            if self.page is not None and not self.searching:
                self._show_timeline_status()
            return
        self.filters = filters
        self._close_results()
        self.reload()
        if self.showing_balance:
            self._load_balance()

    @on(Input.Submitted, "#f-from, #f-to")
    def _date_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#timeline").focus()

    def action_clear_filters(self) -> None:
        self._reset_filter_widgets()
        if self.filters.active:
            self.filters = TimelineFilter()
            self.reload()

    def _reset_filter_widgets(self) -> None:
        if not self.filters_ready:
            return
        for selector in ("#f-kind", "#f-behaviour", "#f-kr", "#f-cycle"):
            self.query_one(selector, Select).clear()
        for selector in ("#f-from", "#f-to"):
            self.query_one(selector, Input).value = ""

    # -- search --------------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self._close_results()
            return
        self._search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str) -> None:
        result = SearchService(self.app.store).search(query, person_id=self.person.id)
        self.app.call_from_thread(self._show_results, result)

    async def _show_results(self, result: SearchResult) -> None:
        self.hits = result.hits
        self.searching = True
        options = [Option(hit_prompt(h), id=str(i)) for i, h in enumerate(self.hits)]
        found = self.query("#results")
        if found:
            results = found.only_one(OptionList)
            results.clear_options()
            results.add_options(options)
            results.display = True
        else:  # the first search: build the list
            results = OptionList(*options, id="results")
            await self.query_one("#left", Vertical).mount(results)
        self.query_one("#timeline").display = False
        count = len(self.hits)
        message = f"{count} match{'es' if count != 1 else ''} for {result.query.strip()!r}" + (
            " · enter or j jumps to the item · escape goes back" if count else ""
        )
        if result.note:
            message += f"\n{result.note}"
        self._status(message)
        if count:
            results.highlighted = 0
            results.focus()
        self.pages_shown += 1

    def _close_results(self) -> None:
        if not self.searching:
            return
        self.searching = False
        self.query_one("#results").display = False
        timeline = self.query_one("#timeline", OptionList)
        timeline.display = True
        timeline.focus()
        self._show_timeline_status()

    @on(OptionList.OptionHighlighted, "#results")
    def _hit_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index < len(self.hits):
            hit = self.hits[event.option_index]
            detail = hit_prompt(hit)
            detail.append("\n\nenter or j shows it in the timeline", style="dim")
            self.query_one("#detail", Static).update(detail)

    @on(OptionList.OptionSelected, "#results")
    def _result_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._jump_to(self.hits[event.option_index])

    def action_jump(self) -> None:
        if not self.searching:
            return
        index = self.query_one("#results", OptionList).highlighted
        if index is not None and index < len(self.hits):
            self._jump_to(self.hits[index])

    def _jump_to(self, hit: SearchHit) -> None:
        try:
            _person, key = self.service.locate(hit.target_kind, hit.target_id)
        except CoachError as error:
            self._status(str(error), error=True)
            return
        # The item may not pass the filters: jump into the unfiltered timeline.
        self.filters = TimelineFilter()
        self._reset_filter_widgets()
        self._close_results()
        self._load(self.filters, None, start_at=key)

    # -- balance -------------------------------------------------------------------

    def action_toggle_balance(self) -> None:
        self.showing_balance = not self.showing_balance
        if not self.query("#balance"):  # the first time: build the panel
            self.query_one("#right", VerticalScroll).mount(Static("", id="balance"))
        self.query_one("#balance").display = self.showing_balance
        self.query_one("#detail").display = not self.showing_balance
        if self.showing_balance:
            self._load_balance()

    @work(thread=True, exclusive=True, group="balance")
    def _load_balance(self) -> None:
        balance = self.service.balance(
            self.person.id, date_from=self.filters.date_from, date_to=self.filters.date_to
        )
        self.app.call_from_thread(self.query_one("#balance", Static).update, balance_table(balance))

    # -- writing -------------------------------------------------------------------

    def action_add_feedback(self) -> None:
        from coachtui.screens.feedback_form import FeedbackForm

        self.app.push_screen(FeedbackForm(self.person), self._after_feedback)

    def action_add_note(self) -> None:
        from coachtui.screens.note_form import NoteForm

        self.app.push_screen(NoteForm(self.person), self._after_note)

    def action_edit_item(self) -> None:
        item = self.current_item()
        if item is None or item.kind not in ("feedback", "note"):
            self.notify("Only feedback and notes can be edited here.", severity="warning")
            return
        if item.kind == "feedback":
            from coachtui.screens.feedback_form import FeedbackForm

            from coachtui.store.feedback import FeedbackService

            entry = FeedbackService(self.app.store).get(item.id)
            self.app.push_screen(FeedbackForm(self.person, entry), self._after_feedback)
        else:
            from coachtui.screens.note_form import NoteForm

            from coachtui.store.notes import NotesService

            note = NotesService(self.app.store).get(item.id)
            self.app.push_screen(NoteForm(self.person, note), self._after_note)

    def _after_feedback(self, saved) -> None:
        if saved is None:
            return
        if saved.vague:
            self.notify("Saved, marked vague: " + "; ".join(saved.reasons), severity="warning")
        else:
            self.notify("Saved feedback.")
        self._after_write("feedback", saved.id)

    def _after_note(self, saved) -> None:
        if saved is not None:
            self.notify("Saved a private note.")
            self._after_write("note", saved.id)

    def _after_write(self, kind: str, item_id: int) -> None:
        self._close_results()
        _person, key = self.service.locate(kind, item_id)
        self._load(self.filters, None, start_at=key)
        self._refresh_options()  # a new named behaviour may have been created
        if self.showing_balance:
            self._load_balance()

    def action_back(self) -> None:
        if self.searching:
            self._close_results()
            return
        self.app.pop_screen()


def open_review(app, person: PersonInfo) -> None:
    app.push_screen(ReviewScreen(person))


def open_feedback_form(app, person: PersonInfo) -> None:
    from coachtui.screens.feedback_form import FeedbackForm

    def done(saved) -> None:
        if saved is not None:
            state = "marked vague" if saved.vague else "specific"
            app.notify(f"Saved feedback for {person.name} ({state}).")

    app.push_screen(FeedbackForm(person), done)


def open_note_form(app, person: PersonInfo) -> None:
    from coachtui.screens.note_form import NoteForm

    def done(saved) -> None:
        if saved is not None:
            app.notify(f"Saved a private note about {person.name}.")

    app.push_screen(NoteForm(person), done)
