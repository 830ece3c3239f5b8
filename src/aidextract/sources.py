"""Inputs -> articles: files, directories, globs, stdin and JSONL, decoded safely.

Every input yields either an `Article` or an `InputError` (never an exception), in input order,
so that one bad file never loses the good ones. Files are checked before they are read: a
missing path, a directory, a broken link, a file over the size limit or without read
permission is reported by name; bytes are then refused if binary and decoded by BOM, as UTF-8,
or by charset detection with a confidence check (no silent mojibake).
"""

from __future__ import annotations

import glob
import io
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .resources import identification, script_letters

DEFAULT_MAX_BYTES = 20_000_000
SUFFIXES = (".txt", ".md", ".jsonl", ".html", ".htm")
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_MAGIC = (b"%PDF-", b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF", b"\x1f\x8b")
_HTML_START = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body)", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """No control characters reach a terminal from an article or a file name (no escape
    sequences, no \\r): each becomes U+FFFD."""
    return _UNPRINTABLE.sub(lambda m: "" if m.group() == "\r" else "\ufffd", text)


@dataclass
class Article:
    id: str
    source: str
    text: str
    language: str | None = None
    reference_date: str | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class InputError:
    source: str
    reason: str

    def __str__(self) -> str:
        return printable(f"{self.source}: {self.reason}")


Input = Article | InputError


@dataclass
class ReadOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    encoding: str | None = None
    exclude: frozenset[Path] = frozenset()  # resolved paths never read (the run's own output)


def iter_inputs(paths: list[str], options: ReadOptions | None = None, stdin=None) -> Iterator[Input]:
    """All articles of all paths, in order; '-' or no path at all reads standard input."""
    options = options or ReadOptions()
    for path in paths or ["-"]:
        if path == "-":
            yield from _read_stream((stdin or sys.stdin.buffer), "<stdin>", options)
            continue
        for found in list_files(path, options):
            if isinstance(found, InputError):
                yield found
            else:
                yield from _read_file(*found, options)


def list_files(path: str, options: ReadOptions | None = None) -> Iterator[tuple[Path, str] | InputError]:
    """The article files of one path (a file, a directory read recursively, or a glob), in order,
    each with the name records and messages give it, and what could not be listed, as errors.
    `parse` reads what it lists; `aidextract spark` lists local paths with it for the errors."""
    options = options or ReadOptions()
    if not os.path.lexists(path) and glob.has_magic(path):
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            yield InputError(path, "no file matches this pattern")
        for match in matches:
            yield from _list_path(Path(match), match, options, explicit=True)
    else:
        yield from _list_path(Path(path), path, options, explicit=True)


def _list_path(path: Path, name: str, options: ReadOptions, explicit: bool) -> Iterator[tuple[Path, str] | InputError]:
    if path.is_symlink() and not path.exists():
        yield InputError(name, "broken symbolic link")
    elif not path.exists():
        yield InputError(name, "not found")
    elif path.is_dir():
        files, unreadable = _walk(path)
        files = [p for p in files if p.resolve() not in options.exclude]
        for directory in unreadable:
            yield InputError(str(directory), "permission denied (directory)")
        if explicit and not files and not unreadable:
            yield InputError(name, f"no article files in this directory ({', '.join('*' + s for s in SUFFIXES)})")
        for child in files:
            yield from _list_path(child, str(child), options, explicit=False)
    elif not path.is_file():
        yield InputError(name, "not a regular file")
    else:
        yield path, name


def _walk(top: Path) -> tuple[list[Path], list[Path]]:
    """The article files below a directory, sorted, and the directories that could not be listed
    (rglob passes over them without a word)."""
    files: list[Path] = []
    unreadable: list[Path] = []
    pending = [top]
    while pending:
        directory = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except PermissionError:
            unreadable.append(directory)
            continue
        except OSError:
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                pending.append(path)
            elif path.suffix.lower() in SUFFIXES and (entry.is_file() or entry.is_symlink()):
                files.append(path)
    return sorted(files), sorted(unreadable)


def _read_file(path: Path, name: str, options: ReadOptions) -> Iterator[Input]:
    try:
        if path.suffix.lower() == ".jsonl":  # a batch: streamed, the limit applies to each line
            with path.open("rb") as handle:
                yield from _read_jsonl(handle, name, options)
            return
        size = path.stat().st_size
        if size > options.max_bytes:
            yield _too_large(name, size, options)
            return
        data = path.read_bytes()
    except PermissionError:
        yield InputError(name, "permission denied")
        return
    except OSError as error:
        yield InputError(name, f"cannot read: {error.strerror or error}")
        return
    yield _article(data, name, name, options, html=path.suffix.lower() in (".html", ".htm"))


def from_bytes(data: bytes, name: str, options: ReadOptions) -> Iterator[Input]:
    """The articles of a file's bytes read elsewhere (Spark's binaryFile source), as `parse`
    reads that file: a JSONL batch line by line, an HTML page reduced to its text."""
    suffix = Path(name).suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(io.BytesIO(data), name, options)
    elif len(data) > options.max_bytes:
        yield _too_large(name, len(data), options)
    else:
        yield _article(data, name, name, options, html=suffix in (".html", ".htm"))


def _too_large(name: str, size: int, options: ReadOptions) -> InputError:
    return InputError(name, f"too large: {size:,} bytes (limit {options.max_bytes:,}; see --max-bytes)")


def _read_stream(stream, name: str, options: ReadOptions) -> Iterator[Input]:
    head = stream.read(min(options.max_bytes + 1, 65536))
    if head.lstrip()[:1] == b"{":  # JSONL on stdin: streamed line by line
        yield from _read_jsonl(_Chain(head, stream), name, options)
        return
    data = head + stream.read(options.max_bytes + 1 - len(head))
    if len(data) > options.max_bytes:
        yield InputError(name, f"too large: over {options.max_bytes:,} bytes (see --max-bytes)")
        return
    yield _article(data, name, name, options, html=False)


class _Chain(io.RawIOBase):
    """Bytes already read, then the rest of the stream."""

    def __init__(self, head: bytes, rest):
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n], self.head = self.head[:n], self.head[n:]
            return n
        data = self.rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def _lines(handle, limit: int) -> Iterator[bytes | None]:
    """Lines of at most `limit` bytes; None for a longer one, which is skipped without being kept."""
    reader = io.BufferedReader(handle) if isinstance(handle, io.RawIOBase) else handle
    while True:
        line = reader.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = reader.readline(65536)
            yield None
        else:
            yield line


def _read_jsonl(handle, name: str, options: ReadOptions) -> Iterator[Input]:
    for number, raw in enumerate(_lines(handle, options.max_bytes), start=1):
        source = f"{name}:{number}"
        if raw is None:
            yield InputError(source, f"too large: line over {options.max_bytes:,} bytes (see --max-bytes)")
            continue
        if not raw.strip():
            continue
        try:
            row = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            yield InputError(source, f"invalid JSON: {error}")
            continue
        yield from_row(row, source)


def from_row(row, source: str) -> Input:
    """The article of a JSONL line's object, or of a table row (`aidextract spark`: its columns
    `text`, `id`, `language`, `reference_date`, without the null ones), checked as `parse`
    checks a JSONL line."""
    problem = _jsonl_problem(row)
    if problem:
        return InputError(source, problem)
    article = Article(
        id=str(row.get("id", source)), source=source, text=row["text"],
        language=row.get("language"), reference_date=row.get("reference_date"), encoding="utf-8",
    )
    if not article.text.strip():
        article.warnings.append("empty text")
    return article


def _jsonl_problem(row) -> str | None:
    if not isinstance(row, dict):
        return "a JSONL line must be an object"
    if not isinstance(row.get("text"), str):
        return 'missing or non-string "text"'
    if "id" in row and not isinstance(row["id"], (str, int)):
        return '"id" must be a string or a number'
    reference = row.get("reference_date")
    if reference is not None and not (isinstance(reference, str) and _DATE.match(reference)):
        return '"reference_date" must be "YYYY-MM-DD"'
    language = row.get("language")
    if language is not None and not isinstance(language, str):
        return '"language" must be a string'
    return None


def _article(data: bytes, name: str, source: str, options: ReadOptions, html: bool) -> Input:
    if not data.strip():
        return Article(id=name, source=source, text=data.decode("utf-8", "replace") if data else "",
                       encoding=None, warnings=["empty input"])
    decoded = decode(data, options.encoding)
    if isinstance(decoded, str):  # the reason it failed
        return InputError(name, decoded)
    text, encoding = decoded
    warnings = []
    replaced = text.count("\ufffd") - data.count("\ufffd".encode("utf-8")) if encoding == "utf-8" else 0
    if replaced > 0:
        warnings.append(f"{replaced} invalid UTF-8 byte sequence{'s' * (replaced != 1)} replaced with U+FFFD")
    if html or _HTML_START.match(data[:512]):
        text = html_to_text(text)
        encoding = f"{encoding} (html)"
        if not text.strip():
            warnings.append("no article text found in the HTML")
    return Article(id=name, source=source, text=text, encoding=encoding, warnings=warnings)


def decode(data: bytes, forced: str | None = None) -> tuple[str, str] | str:
    """(text, encoding), or the reason the bytes are not text."""
    if forced:
        try:
            return data.decode(forced), forced
        except (UnicodeDecodeError, LookupError) as error:
            return f"cannot decode as {forced}: {error}"
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return f"undecodable: invalid {encoding} after a byte-order mark"
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    if data.startswith(_MAGIC) or b"\x00" in data[:8192]:
        return "binary file (contains NUL bytes)"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):  # a few bad bytes (a cut-off last character, a stray byte): UTF-8 all the same
        return data.decode("utf-8", errors="replace"), "utf-8"
    return _detect(data)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark: NULs at every other byte (the high byte of Latin
    and of most punctuation), and a decoding without control characters."""
    sample = data[:8192]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    for encoding, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if zeros.count(0) >= 0.1 * len(zeros) and (sample[0::2] if encoding == "utf-16-le" else sample[1::2]).count(0) == 0:
            try:
                text = data[:len(data) - len(data) % 2].decode(encoding)
            except UnicodeDecodeError:
                continue
            if _control_ratio(text) <= 0.01:
                return text, encoding
    return None


def _mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 but for a few byte sequences: at least as many well-formed non-ASCII characters
    as bad sequences, and bad ones in at most 1% of the text (a legacy code page decoded as UTF-8
    is nearly all bad sequences)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    return 0 < bad <= max(1, len(text) // 100) and (good >= bad or (bad == 1 and _cut_at_end(data)))


def _cut_at_end(data: bytes) -> bool:
    """The last character is cut off: the bytes are UTF-8 without their last 1-3."""
    for cut in (1, 2, 3):
        try:
            data[:-cut].decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False


_MAX_FOREIGN = 0.005


def _detect(data: bytes) -> tuple[str, str] | str:
    """The legacy decoding that charset-normalizer finds plausible and that writes only our letters."""
    from charset_normalizer import from_bytes

    best: tuple[float, str, str] | None = None
    for match in from_bytes(data, cp_isolation=list(identification().legacy_encodings)):
        text = str(match)
        foreign = _foreign_ratio(text)
        if foreign <= _MAX_FOREIGN and match.chaos <= 0.2 and _mixed_script_ratio(text) <= _MAX_MIXED \
                and (best is None or foreign < best[0]):
            best = (foreign, text, match.encoding)
    if best is None:
        return "undecodable: not UTF-8, and no other encoding fits with confidence (see --encoding)"
    text = best[1]
    if _control_ratio(text) > 0.01:
        return "binary file (control characters)"
    return text, best[2]


_MAX_MIXED = 0.002
def _mixed_script_ratio(text: str) -> float:
    """Words that mix the letters of two scripts ("MilitУЄrhilfepaket", "тАФ" inside a Latin
    text): a language writes one alphabet, a wrong code page mixes them."""
    words = text.split()
    if not words:
        return 0.0
    scripts = list(script_letters().values())
    mixed = sum(1 for w in words if sum(1 for letters in scripts if letters.search(w)) > 1)
    return mixed / len(words)


def _foreign_ratio(text: str) -> float:
    letters = [ch for ch in text.lower() if ch.isalpha()]
    if not letters:
        return 1.0
    alphabet = identification().alphabet  # the letters our languages write (identification.yaml)
    return sum(1 for ch in letters if ch not in alphabet) / len(letters)


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return controls / len(text)


def html_to_text(html: str) -> str:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
    return text if len(text.split()) >= _MIN_ARTICLE_WORDS else ""  # a lone "menu" is no article


_MIN_ARTICLE_WORDS = 5
