"""The window's one way to the services: a query or a change, inline or in the background.

In the spirit of Anki's aqt/operations (QueryOp, CollectionOp). This is the only module in
app.ui that opens a unit of work (app.py's start-up and the self-test aside): one call here
is one user action, one transaction.

Reading and changing::

    rows = ops.query(self, actor, lambda s: log.entries(s, day, day))
    if rows is None:                 # refused or failed: the clerk has been told
        return
    if ops.change(self.message, actor, lambda s: log.close_entry(s, entry_id, text) or True,
                  touches=("值班",)):
        self.message.ok("已办结")

``where`` says where an error goes: a widget (a message box over it, ``messages.show_error``)
or an inline line (anything with ``.error(text)``, e.g. duty's ``Message``, even a QLabel).
Both calls return the work's value, or None when it failed, so a work whose service returns
None and whose caller needs to know it worked ends in ``or True``.

An edit or a move sends the version of the record the clerk saw; when someone saved it
since, the change is refused with who and when, and the box offers 重新载入::

    ops.change(self, actor, lambda s: incoming.review(s, row.id), touches=FILING,
               seen=Seen("收文", row.id, row.version), reload=self.reload)

A form that places a ValidationError beside its field lets errors through::

    try:
        case = ops.perform(actor, lambda s: cases.register_case(s, form), touches=("来访",))
    except ValidationError as exc:
        self.form.show(exc)

Slow work (imports, exports, PDFs) runs on a pool thread behind a cancellable progress
dialog (app/ui/tasks.py); the work gets the session and a Token::

    ops.in_background(self, actor, "正在导入…",
                      lambda s, token: import_file(s, "staff", path, progress=token.progress),
                      on_done=lambda n: self.message.ok(f"已导入 {n} 人"), touches=("值班",))

A read that can take long on 200,000 records (a search, a count, 首页's 待办) and that the clerk
may start again before it ends goes through a ``Latest`` of its page: on a pool thread with a
busy cursor, and a result that comes after a newer read began is dropped::

    self.reads = ops.Latest(self, actor)
    self.reads.run(lambda s: (count(s, flt), first_page(s, flt)), self.show_rows)

After every change the registers it ``touches`` are announced; a page that shows one asks to
be told once, and is reloaded (at once if it is showing, else when it next shows)::

    ops.watch(self, ("收文", "督办"), self.reload)

A look-up as the clerk types waits for a pause (``ops.Debounced``)::

    self.look_up = ops.Debounced(self, self.look_up_now, ms=300)
    edit.textChanged.connect(self.look_up)

Register names are the 待办 module names (收文 发文 督办 用印 值班 来访 档案) and the house's
(印章 用户 设置 日历 附件).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from app.services import changes as changes_of_pcs
from app.services import versions
from app.services.context import Actor
from app.services.errors import ConflictError
from app.services.session import current_data_dir, unit_of_work
from app.services.versions import Seen
from app.ui.messages import EXPECTED, error_text, offer_reload, show_error
from app.ui.tasks import Task, Token, run_task

log = logging.getLogger(__name__)
T = TypeVar("T")
Work = Callable[[Any], T]  # work(session) -> value; the session is SQLAlchemy's, never kept


class ErrorLine(Protocol):
    """An inline place for an error: a red line in the page instead of a box to dismiss."""

    def error(self, text: str) -> None: ...


Where = QWidget | ErrorLine | None


def perform(
    actor: Actor | None,
    work: Work[T],
    *,
    touches: Iterable[str] = (),
    read_only: bool = False,
    seen: Seen | Iterable[Seen] | None = None,
) -> T:
    """Run work(session) as one unit of work; errors propagate; announce ``touches`` after.

    read_only: a read never waits for another program's write (a deferred transaction).
    seen: the record(s) as the clerk loaded them; changed since, the work does not run and
    a ConflictError says who changed them and when."""
    touched = tuple(touches)
    with unit_of_work(actor, read_only=read_only) as session:
        versions.require_current(session, seen)
        value = work(session)
        changes_of_pcs.notify(session, touched)  # the other PCs hear it once it commits
    announce(touched)
    return value


def query(where: Where, actor: Actor | None, work: Work[T]) -> T | None:
    """Read: work(session)'s value, or None after telling the clerk why it failed."""
    return _told(where, lambda: perform(actor, work, read_only=True))


def change(
    where: Where,
    actor: Actor | None,
    work: Work[T],
    *,
    touches: Iterable[str],
    reload: Callable[[], None] | None = None,
    seen: Seen | Iterable[Seen] | None = None,
) -> T | None:
    """Change: like query, then the pages that show ``touches`` reload.

    An edit refused because someone saved the record first (ConflictError, from a stale
    ``seen`` or a form's own version) says who and when, and offers 重新载入, which calls
    ``reload`` (the form reads the record again).
    """
    return _told(where, lambda: perform(actor, work, touches=touches, seen=seen), reload)


def _told(
    where: Where, call: Callable[[], T], reload: Callable[[], None] | None = None
) -> T | None:
    try:
        return call()
    except Exception as exc:
        if reload is not None and isinstance(exc, ConflictError):
            if _inline(where) is not None:
                tell(where, exc)  # the line says it too, while the box offers 重新载入
            offer_reload(_window_of(where), exc, reload)
        else:
            tell(where, exc)
        return None


def _inline(where: Where) -> Callable[[str], None] | None:
    """An ErrorLine's error(), even when the line is a QLabel; None for a box."""
    inline = getattr(where, "error", None)
    return inline if callable(inline) else None


def _window_of(where: Where) -> QWidget | None:
    return where.window() if isinstance(where, QWidget) else None


def tell(where: Where, exc: BaseException | str) -> None:
    """Show an error where the page wants it; a bug is logged with its traceback as well."""
    inline = _inline(where)
    if inline is None:
        show_error(_window_of(where), exc)
        return
    if not isinstance(exc, (str, *EXPECTED)):
        log.error("未预料的错误", exc_info=exc)
    inline(exc if isinstance(exc, str) else error_text(exc))


def in_background(
    parent: QWidget | None,
    actor: Actor | None,
    title: str,
    work: Callable[[Any, Token], T],
    *,
    on_done: Callable[[T], None] | None = None,
    touches: Iterable[str] = (),
    errors: Where = None,
    read_only: bool = False,
    unseen: bool = False,
) -> Task:
    """Run work(session, token) on a pool thread in one unit of work, with progress.

    on_done gets the value on the GUI thread, after ``touches`` were announced; an error
    goes to ``errors`` (default: a box over parent). read_only: a long read (a walk of the
    whole 用印 chain) must not hold the write lock, or every save waits for it. unseen:
    work the clerk did not ask for, without a dialog (it steps aside through
    tasks.give_way). Returns tasks.py's Task.
    """
    touched = tuple(touches)

    def job(token: Token) -> T:
        with unit_of_work(actor, read_only=read_only) as session:
            value = work(session, token)
            changes_of_pcs.notify(session, touched)
            return value

    def done(value: T) -> None:
        announce(touched)
        if on_done is not None:
            on_done(value)

    where = parent if errors is None else errors
    return run_task(parent, title, job, on_done=done, on_error=lambda exc: tell(where, exc),
                    unseen=unseen)  # fmt: skip


def data_folder() -> Path | None:
    """The open data folder (None before one is open): for files kept beside the database."""
    try:
        return current_data_dir().root
    except RuntimeError:
        return None


class Latest(QObject):
    """A page's background reads of one kind: only the newest read's result is shown.

    A newer read cancels the one before: still queued, it never opens its unit of work;
    already running, its result (or error) is dropped when it comes back.
    """

    def __init__(
        self, page: QWidget, actor: Actor | None, where: Where = None, unseen: bool = False
    ) -> None:
        super().__init__(page)
        self.page, self.actor, self.where = page, actor, page if where is None else where
        self.unseen = unseen  # reads the clerk did not ask for: no busy cursor, and the
        # clerk's own reads do not wait for them (tasks.give_way)
        self.started = 0
        self.task: Task | None = None

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done

    def run(self, work: Work[T], on_done: Callable[[T], None]) -> Task:
        """Start work(session) on a pool thread; on_done(value) on the GUI thread if newest."""
        self.started += 1
        mine = self.started
        if self.task is not None:
            self.task.token.cancel()
        actor = self.actor

        def job(token: Token) -> T:
            token.check()  # a newer read began while this one waited for a thread
            with unit_of_work(actor, read_only=True) as session:
                return work(session)

        def done(value: T) -> None:
            if mine == self.started:
                on_done(value)

        def failed(exc: BaseException) -> None:
            if mine == self.started:
                tell(self.where, exc)

        self.task = run_task(self.page, "", job, on_done=done, on_error=failed,
                             quiet=not self.unseen, unseen=self.unseen)  # fmt: skip
        return self.task


class _Changes(QObject):
    changed = Signal(object)  # a frozenset of register names


_changes: _Changes | None = None


def changes() -> _Changes:
    """The one announcer (made on first use, once a QApplication exists)."""
    global _changes
    if _changes is None:
        _changes = _Changes()
    return _changes


# Something changed, not known what (SQLite's data_version moved): every page reloads.
EVERYTHING = frozenset({changes_of_pcs.EVERYTHING})


def announce(registers: Iterable[str]) -> None:
    """Tell the watching pages that these registers changed (GUI thread only)."""
    names = frozenset(registers)
    if names:
        changes().changed.emit(names)


class _Watcher(QObject):
    """Child of the watching page, so the connection ends when the page goes."""

    def __init__(self, page: QWidget, registers: frozenset[str], reload: Callable[[], None]):
        super().__init__(page)
        self.page, self.registers, self.reload = page, registers, reload
        self.stale = False
        self.timer = QTimer(self, singleShot=True, interval=0)  # many changes, one reload
        self.timer.timeout.connect(self._reload)
        changes().changed.connect(self._changed)

    def _changed(self, names: frozenset[str]) -> None:
        if names & self.registers or names == EVERYTHING:
            if self.page.isVisible():
                self.stale = True
                self.timer.start()
            elif not self.stale:
                self.stale = True
                # Filtering only while stale and hidden: a filter on every page took the GIL
                # for each of its events, 5-16 ms apiece beside a busy pool thread.
                self.page.installEventFilter(self)

    def _reload(self) -> None:
        if self.stale:
            self.stale = False
            self.page.removeEventFilter(self)
            self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.stale:
            self.timer.start()
        return False


class Debounced(QObject):
    """Calls fn once the clerk stopped typing for ``ms``; ``flush()`` runs a pending call now."""

    def __init__(self, parent: QObject, fn: Callable[[], None], ms: int = 300) -> None:
        super().__init__(parent)
        self.fn = fn
        self.timer = QTimer(self, singleShot=True, interval=ms)
        self.timer.timeout.connect(fn)

    def __call__(self, *_args: object) -> None:  # connect it to textChanged and the like
        self.timer.start()

    def flush(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self.fn()


def watch(page: QWidget, registers: Iterable[str], reload: Callable[[], None]) -> None:
    """Call reload after a change touches one of ``registers``, while ``page`` lives."""
    _Watcher(page, frozenset(registers), reload)
