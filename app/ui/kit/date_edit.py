"""Date fields clerks can type fast: 2026-03-05, 2026.3.5, 2026年3月5日 or 20260305.

Usage::

    received = DateEdit()                # empty allowed; DateEdit(required=True) if not
    received.setDate(clock.today())
    received.date()                      # -> date | None (None when empty or unreadable)
    received.is_valid()                  # False while the text cannot be read
    received.dateChanged.connect(...)    # emits date | None after Enter / leaving the field
    # ↑/↓ in the field: one day later/earlier (from today when empty)

The text is rewritten as yyyy-mm-dd on Enter and on leaving the field; text it cannot read
stays as typed with a red border and a tooltip saying which forms work. DateTimeEdit is the
same with a time of day: ``2026.3.5 9:30`` → ``2026-03-05 09:30``; ``dateTime()`` is aware.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFocusEvent, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QWidget

from app import clock
from app.common.dates import parse_date

Day = date  # for annotations inside DateEdit, where "date" is its method

HINT = "可写成 2026-03-05、2026.3.5、2026年3月5日 或 20260305"
ERROR_STYLE = "QLineEdit { border: 1px solid #d9534f; background: #fff5f5; }"


def calendar_icon() -> QIcon:
    """A small drawn calendar, so the kit needs no image files."""
    pix = QPixmap(16, 16)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setPen(QColor("#555"))
    p.drawRect(1, 2, 13, 12)
    p.fillRect(2, 3, 12, 3, QColor("#c0392b"))
    for x in (4, 7, 10):
        for y in (8, 11):
            p.fillRect(x, y, 2, 2, QColor("#555"))
    p.end()
    return QIcon(pix)


class _ParsingEdit(QLineEdit):
    """Shared behaviour: normalise on Enter/focus-out, red border for unreadable text."""

    valueChanged = Signal(object)
    EXAMPLE = ""
    MESSAGE = ""

    def __init__(self, parent: QWidget | None = None, *, required: bool = False) -> None:
        super().__init__(parent)
        self.required = required
        self._value: object | None = None
        self._valid = True
        self.setPlaceholderText(self.EXAMPLE)
        self.setToolTip(HINT)
        self.editingFinished.connect(self.normalise)
        self.textEdited.connect(self._edited)

    def _parse(self, text: str) -> object | None:
        raise NotImplementedError

    def _format(self, value: object) -> str:
        raise NotImplementedError

    def is_valid(self) -> bool:
        """False when the text cannot be read (or is empty in a required field)."""
        self.normalise()
        return self._valid

    def normalise(self) -> None:
        """Read the text now; rewrite it in the standard form or mark it as an error."""
        text = self.text().strip()
        value = self._parse(text) if text else None
        if text and value is None:
            self._set_error(f"无法识别“{text}”。{self.MESSAGE}")
        elif value is None and self.required:
            self._set_error("此项必填。" + self.MESSAGE)
        else:
            self._clear_error()
            if value is not None and self.text() != self._format(value):
                self.setText(self._format(value))
        if self._valid and value != self._value:
            self._value = value
            self.valueChanged.emit(value)

    def _set_value(self, value: object | None) -> None:
        self.setText("" if value is None else self._format(value))
        self.normalise()

    def _edited(self, _text: str) -> None:
        if not self._valid:
            self._clear_error()  # the clerk is fixing it: no red while typing

    def _set_error(self, message: str) -> None:
        self._valid = False
        self.setProperty("invalid", True)
        self.setStyleSheet(ERROR_STYLE)
        self.setToolTip(message)

    def _clear_error(self) -> None:
        self._valid = True
        self.setProperty("invalid", False)
        self.setStyleSheet("")
        self.setToolTip(HINT)

    def error_text(self) -> str:
        return "" if self._valid else self.toolTip()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.normalise()  # editingFinished skips unchanged text; check anyway


class DateEdit(_ParsingEdit):
    """A date line edit (see the module docstring)."""

    dateChanged = Signal(object)
    EXAMPLE = "例：2026-03-05"
    MESSAGE = HINT + "。"

    def __init__(
        self, parent: QWidget | None = None, *, required: bool = False, calendar: bool = True
    ) -> None:
        super().__init__(parent, required=required)
        self.valueChanged.connect(self.dateChanged)
        self._popup: QCalendarWidget | None = None
        if calendar:
            self.calendar_action = QAction(calendar_icon(), "选择日期", self)
            self.calendar_action.triggered.connect(self.show_calendar)
            self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)

    def _parse(self, text: str) -> date | None:
        return parse_date(text)

    def _format(self, value: object) -> str:
        assert isinstance(value, date)
        return value.isoformat()

    def date(self) -> date | None:
        self.normalise()
        value = self._value
        return value if self._valid and isinstance(value, date) else None

    def setDate(self, value: Day | None) -> None:  # in the class, "date" is the method
        self._set_value(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """↑/↓ move the date a day (an empty field starts from today)."""
        step = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1}.get(Qt.Key(event.key()))
        if step is None or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        current = self.date() if self.text().strip() else clock.today() - timedelta(days=step)
        if current is not None:
            self.setDate(current + timedelta(days=step))

    def show_calendar(self) -> QCalendarWidget:
        """Open a calendar under the field; picking a day fills it in."""
        if self._popup is None:
            self._popup = QCalendarWidget(self)
            self._popup.setWindowFlags(Qt.WindowType.Popup)
            self._popup.setGridVisible(True)
            # No week numbers (clerks never use them), and room for 七 columns of 星期 heads:
            # the default popup took the field's width and cut the calendar short.
            self._popup.setVerticalHeaderFormat(
                QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader
            )
            self._popup.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            self._popup.resize(self._popup.sizeHint().expandedTo(self._popup.minimumSizeHint()))
            self._popup.clicked.connect(self._picked)
            self._popup.activated.connect(self._picked)
        current = self.date() or clock.today()
        self._popup.setSelectedDate(QDate(current.year, current.month, current.day))
        self._popup.move(self.mapToGlobal(QPoint(0, self.height())))
        self._popup.show()
        return self._popup

    def _picked(self, day: QDate) -> None:
        assert self._popup is not None
        self._popup.hide()
        self.setDate(date(day.year(), day.month(), day.day()))
        self.setFocus()


_TIME = re.compile(r"^(.*?)[\sT]*(\d{1,2})\s*[:：时点]\s*(\d{1,2})\s*分?$")
_COMPACT = re.compile(r"^(\d{8})(\d{2})(\d{2})$")


def parse_datetime(text: str) -> datetime | None:
    """2026-03-05 09:30, 2026.3.5 9:30, 2026年3月5日 9时30分, 202603050930 (local, aware)."""
    text = text.strip()
    match = _COMPACT.match(text) or _TIME.match(text)
    if match is None:
        return None
    day = parse_date(match[1].strip())
    hour, minute = int(match[2]), int(match[3])
    if day is None or hour > 23 or minute > 59:
        return None
    return datetime.combine(day, time(hour, minute)).astimezone()


class DateTimeEdit(_ParsingEdit):
    """A date and time-of-day field; ``dateTime()`` returns a local aware datetime."""

    dateTimeChanged = Signal(object)
    EXAMPLE = "例：2026-03-05 09:30"
    MESSAGE = "请写成 2026-03-05 09:30 或 2026.3.5 9:30。"

    def __init__(self, parent: QWidget | None = None, *, required: bool = False) -> None:
        super().__init__(parent, required=required)
        self.valueChanged.connect(self.dateTimeChanged)

    def _parse(self, text: str) -> datetime | None:
        return parse_datetime(text)

    def _format(self, value: object) -> str:
        assert isinstance(value, datetime)
        local = value.astimezone() if value.tzinfo else value
        return local.strftime("%Y-%m-%d %H:%M")

    def dateTime(self) -> datetime | None:
        self.normalise()
        value = self._value
        return value if self._valid and isinstance(value, datetime) else None

    def setDateTime(self, value: datetime | None) -> None:
        self._set_value(value)
