"""Pages as small grey images, and a tolerant comparison of two of them (no Pillow needed).

``render_page`` asks poppler's ``pdftoppm -gray`` for one page as PGM at a low resolution;
images are stored and shown as 8-bit greyscale PNG, written and read here with zlib.
``difference`` blurs both images (3×3 box) and counts the pixels whose grey differs by more
than a threshold: anti-aliasing noise stays under it, a moved table or a lost line does not.
"""

from __future__ import annotations

import struct
import subprocess
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from support.pdfcheck import _poppler

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
GREY_THRESHOLD = 48  # grey levels (of 255) two blurred pixels may differ by


@dataclass(frozen=True)
class Image:
    """An 8-bit greyscale image, rows top to bottom (0 black, 255 white)."""

    width: int
    height: int
    pixels: bytes

    def row(self, y: int) -> bytes:
        return self.pixels[y * self.width : (y + 1) * self.width]


def render_page(pdf: Path, page: int, dpi: int = 30) -> Image:
    """Return page ``page`` (from 1) of ``pdf`` rendered in grey at ``dpi``."""
    with tempfile.TemporaryDirectory(prefix="docgen-page-") as folder:
        root = Path(folder) / "page"
        command = [_poppler("pdftoppm"), "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page)]
        subprocess.run([*command, "-singlefile", str(pdf), str(root)], check=True)
        return read_pgm(root.with_suffix(".pgm").read_bytes())


def read_pgm(data: bytes) -> Image:
    """Return the image of a binary PGM (P5, maxval 255) as pdftoppm writes it."""
    fields: list[bytes] = []
    index = 0
    while len(fields) < 4:
        while data[index : index + 1].isspace():
            index += 1
        start = index
        while not data[index : index + 1].isspace():
            index += 1
        fields.append(data[start:index])
    magic, width, height, maxval = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    if magic != b"P5" or maxval != 255:
        raise ValueError(f"not an 8-bit binary PGM: {magic!r} {maxval}")
    pixels = data[index + 1 : index + 1 + width * height]
    return Image(width, height, pixels)


def write_png(image: Image, path: Path) -> Path:
    """Write ``image`` as an 8-bit greyscale PNG; Return ``path``."""
    raw = b"".join(b"\x00" + image.row(y) for y in range(image.height))
    header = struct.pack(">IIBBBBB", image.width, image.height, 8, 0, 0, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        PNG_SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )
    return path


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def read_png(path: Path) -> Image:
    """Return the image of an 8-bit greyscale PNG, as :func:`write_png` writes it."""
    data = path.read_bytes()
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError(f"{path} is not a PNG")
    index, idat, header = len(PNG_SIGNATURE), b"", b""
    while index < len(data):
        (length,) = struct.unpack(">I", data[index : index + 4])
        kind = data[index + 4 : index + 8]
        body = data[index + 8 : index + 8 + length]
        header = body if kind == b"IHDR" else header
        idat += body if kind == b"IDAT" else b""
        index += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    if (depth, colour) != (8, 0):
        raise ValueError(f"{path}: only 8-bit greyscale PNG is read here")
    return Image(width, height, _unfilter(zlib.decompress(idat), width, height))


def _unfilter(raw: bytes, width: int, height: int) -> bytes:
    """Undo the PNG row filters (one byte per pixel)."""
    rows: list[bytearray] = []
    previous = bytearray(width)
    for y in range(height):
        start = y * (width + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + width])
        for x in range(width):
            left = line[x - 1] if x else 0
            up, corner = previous[x], previous[x - 1] if x else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                line[x] = (line[x] + _paeth(left, up, corner)) & 255
        rows.append(line)
        previous = line
    return b"".join(rows)


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def blur(image: Image) -> Image:
    """Return ``image`` under a 3×3 box blur (edges repeat)."""
    w, h, src = image.width, image.height, image.pixels
    out = bytearray(w * h)
    for y in range(h):
        rows = [src[max(0, min(h - 1, y + d)) * w :][:w] for d in (-1, 0, 1)]
        for x in range(w):
            xs = (max(0, x - 1), x, min(w - 1, x + 1))
            out[y * w + x] = sum(row[i] for row in rows for i in xs) // 9
    return Image(w, h, bytes(out))


def difference(actual: Image, expected: Image) -> tuple[float, Image]:
    """Return the fraction of pixels that differ after blurring, and an image of them.

    Images of different sizes differ entirely. In the difference image, differing pixels are
    black over a faint copy of the actual page.
    """
    if (actual.width, actual.height) != (expected.width, expected.height):
        return 1.0, actual
    a, b = blur(actual).pixels, blur(expected).pixels
    shown = bytearray(200 + p // 5 for p in actual.pixels)
    differing = 0
    for index, (x, y) in enumerate(zip(a, b, strict=True)):
        if abs(x - y) > GREY_THRESHOLD:
            differing += 1
            shown[index] = 0
    return differing / len(a), Image(actual.width, actual.height, bytes(shown))
