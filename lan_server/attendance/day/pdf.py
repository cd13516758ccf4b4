"""The A4 sheet of personal cards for a class: 10 cards (85.6 x 54 mm, the bank-card size)
per page, each with the school, the name, the class, the card number and the signed QR, and
cut marks at every card corner. The QR matrix comes from ``segno``; the PDF (Helvetica,
filled rectangles, lines) is written here, so no PDF library is needed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import segno

MM = 72 / 25.4
PAGE_W, PAGE_H = 595.28, 841.89  # A4 in points
CARD_W, CARD_H = 85.6 * MM, 54 * MM
COLS, ROWS = 2, 5
CARDS_PER_PAGE = COLS * ROWS
MARGIN_X = (PAGE_W - COLS * CARD_W) / 2
MARGIN_Y = (PAGE_H - ROWS * CARD_H) / 2
CUT_MARK = 4 * MM
QR_SIZE = 40 * MM


@dataclass(frozen=True)
class CardFace:
    school: str
    name: str
    class_name: str
    card_no: int
    qr_text: str


def _pdf_text(value: str, limit: int = 40) -> str:
    value = value if len(value) <= limit else value[: limit - 1] + "…"
    raw = value.encode("cp1252", errors="replace")
    out = []
    for byte in raw:
        char = chr(byte)
        if char in "()\\":
            out.append("\\" + char)
        elif 32 <= byte < 127:
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return "".join(out)


def _qr_ops(text: str, x: float, y: float, size: float) -> list[str]:
    qr = segno.make(text, error="m", micro=False)
    matrix = [list(row) for row in qr.matrix]
    n = len(matrix)
    module = size / n
    ops = ["0 g"]
    for r, row in enumerate(matrix):
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                ops.append(
                    f"{x + start * module:.2f} {y + size - (r + 1) * module:.2f} "
                    f"{(c - start) * module:.2f} {module:.2f} re"
                )
            else:
                c += 1
    ops.append("f")
    return ops


def _text(x: float, y: float, size: float, value: str, bold: bool = False) -> str:
    font = "/F2" if bold else "/F1"
    return f"BT {font} {size} Tf {x:.2f} {y:.2f} Td ({_pdf_text(value)}) Tj ET"


def _card_ops(face: CardFace, x: float, y: float) -> list[str]:
    ops = ["0.6 G 0.3 w", f"{x:.2f} {y:.2f} {CARD_W:.2f} {CARD_H:.2f} re S", "0 g"]
    pad = 4 * MM
    qr_x = x + CARD_W - QR_SIZE - pad / 2
    qr_y = y + (CARD_H - QR_SIZE) / 2
    ops += _qr_ops(face.qr_text, qr_x, qr_y, QR_SIZE)
    tx = x + pad
    ops.append(_text(tx, y + CARD_H - pad - 8, 7, face.school))
    ops.append(_text(tx, y + CARD_H / 2 + 6, 11, face.name, bold=True))
    ops.append(_text(tx, y + CARD_H / 2 - 8, 9, face.class_name))
    ops.append(_text(tx, y + pad, 8, f"N° {face.card_no}"))
    # Cut marks, outside each corner.
    ops.append("0 G 0.5 w")
    for cx, dx in ((x, -1), (x + CARD_W, 1)):
        for cy, dy in ((y, -1), (y + CARD_H, 1)):
            ops.append(f"{cx:.2f} {cy + dy * 1:.2f} m {cx:.2f} {cy + dy * CUT_MARK:.2f} l S")
            ops.append(f"{cx + dx * 1:.2f} {cy:.2f} m {cx + dx * CUT_MARK:.2f} {cy:.2f} l S")
    return ops


def _page_content(faces: Sequence[CardFace]) -> bytes:
    ops: list[str] = []
    for index, face in enumerate(faces):
        col, row = index % COLS, index // COLS
        x = MARGIN_X + col * CARD_W
        y = PAGE_H - MARGIN_Y - (row + 1) * CARD_H
        ops += _card_ops(face, x, y)
    return "\n".join(ops).encode("latin-1")


def card_sheet_pdf(faces: Sequence[CardFace], title: str = "Cartes") -> bytes:
    """A PDF with one A4 page per 10 cards (one empty page when there are none)."""
    pages = [faces[i : i + CARDS_PER_PAGE] for i in range(0, len(faces), CARDS_PER_PAGE)] or [[]]
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the pages object's number is known
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    bold = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    )
    info = add(f"<< /Title ({_pdf_text(title, 120)}) /Producer (eCEP) >>".encode("latin-1"))
    kids = []
    for page_faces in pages:
        content = _page_content(page_faces)
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(
            add(
                (
                    f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
                    f"/Resources << /Font << /F1 {font} 0 R /F2 {bold} 0 R >> >> "
                    f"/Contents {stream} 0 R >>"
                ).encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode()
    objects[pages_obj - 1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    ).encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        info,
        xref,
    )
    return bytes(out)
