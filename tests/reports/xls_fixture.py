"""Write a small legacy .xls (BIFF8 in an OLE compound file) for the reader tests."""

from __future__ import annotations

import struct
from pathlib import Path

# No maintained Python package writes .xls any more, and county offices still send them, so
# the tests build one by hand: one sheet, text (shared strings) and number cells, merges.
SECTOR = 512
END, FREE, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def write_xls(
    path: Path,
    rows: list[list[object]],
    merges: tuple[tuple[int, ...], ...] = (),
    *,
    password: bool = False,
) -> Path:
    """rows of str/int/float/None; merges as (first_row, last_row, first_col, last_col), 0-based.

    password=True marks the book as encrypted (a FILEPASS record), as Excel does.
    """
    path.write_bytes(_compound(_workbook(rows, merges, password)))
    return path


def _record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def _unicode(text: str, *, short: bool) -> bytes:
    length = struct.pack("<B", len(text)) if short else struct.pack("<H", len(text))
    return length + b"\x01" + text.encode("utf-16-le")


def _workbook(
    rows: list[list[object]], merges: tuple[tuple[int, ...], ...], password: bool
) -> bytes:
    strings = sorted({v for row in rows for v in row if isinstance(v, str)})
    index = {text: i for i, text in enumerate(strings)}
    sst = struct.pack("<II", len(strings), len(strings))
    sst += b"".join(_unicode(text, short=False) for text in strings)
    globals_tail = _record(0x0042, struct.pack("<H", 1200)) + _record(0x00FC, sst)
    if password:  # RC4 encryption header: version 1.1, salt and verifier (contents unused)
        globals_tail = _record(0x002F, struct.pack("<HHH", 1, 1, 1) + b"\x11" * 48) + globals_tail
    sheet_name = _unicode("Sheet1", short=True)
    boundsheet_len = 4 + 4 + 2 + len(sheet_name)
    sheet_at = len(_bof(5)) + len(globals_tail) + boundsheet_len + 4  # + EOF record
    boundsheet = _record(0x0085, struct.pack("<IBB", sheet_at, 0, 0) + sheet_name)
    book = _bof(5) + globals_tail + boundsheet + _record(0x000A)
    assert len(book) == sheet_at
    width = max((len(row) for row in rows), default=0)
    sheet = _bof(0x10) + _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str):
                sheet += _record(0x00FD, struct.pack("<HHHI", r, c, 0, index[value]))
            elif isinstance(value, int | float):
                sheet += _record(0x0203, struct.pack("<HHHd", r, c, 0, float(value)))
    if merges:
        refs = b"".join(struct.pack("<HHHH", *merge) for merge in merges)
        sheet += _record(0x00E5, struct.pack("<H", len(merges)) + refs)
    return book + sheet + _record(0x000A)


def _compound(stream: bytes) -> bytes:
    """An OLE compound file: header, one FAT sector, one directory sector, the stream."""
    stream = stream.ljust(max(4096, -(-len(stream) // SECTOR) * SECTOR), b"\0")
    count = len(stream) // SECTOR
    assert count + 2 <= 128, "fixture too large for one FAT sector"
    fat = [FATSECT, END, *range(3, 2 + count), END]
    fat += [FREE] * (128 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", FREE) * 108
    directory = _entry("Root Entry", 5, child=1, start=END, size=0)
    directory += _entry("Workbook", 2, child=NOSTREAM, start=2, size=len(stream))
    directory += b"".join(_entry("", 0, child=NOSTREAM, start=0, size=0) for _ in range(2))
    return header + struct.pack("<128I", *fat) + directory + stream


def _entry(name: str, kind: int, *, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    entry = encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
    entry += struct.pack("<III", NOSTREAM, NOSTREAM, child) + b"\0" * 16
    entry += struct.pack("<I", 0) + b"\0" * 16 + struct.pack("<IQ", start, size)
    assert len(entry) == 128
    return entry
