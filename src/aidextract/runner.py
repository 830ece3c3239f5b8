"""The `parse` job: inputs -> records -> JSONL, in input order, with bounded memory.

Articles are read lazily and processed in windows (so a million files never sit in memory),
in this process or in `--jobs` worker processes, each of which gets the articles of its own
languages (so it loads only their pipelines) as long as that keeps the workers evenly busy.
A failure on one input is reported on stderr and counted; it never stops the others.
"""

from __future__ import annotations

import collections
import contextlib
import errno
import itertools
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .sources import Article, Input, InputError, ReadOptions, iter_inputs, printable

_WINDOW_PER_JOB = 32
_SLACK = 8  # articles of a window a worker may have beyond the least busy one before others take its languages


@dataclass
class RunOptions:
    lang: str | None = None
    reference_date: str | None = None
    jobs: int = 1
    pretty: bool = False
    quiet: bool = False
    progress: bool = False
    include_text: bool = False
    encoding: str | None = None
    max_bytes: int = 20_000_000


@dataclass
class Done:
    source: str
    line: str
    words: int
    warnings: list[str]


def process(item: Input, options: RunOptions) -> Done | InputError:
    """One input to one serialized record, or the error that stopped it."""
    if isinstance(item, InputError):
        return item
    from .api import extract

    if options.lang:
        item.language = options.lang
    if not item.reference_date:
        item.reference_date = options.reference_date
    try:
        record = extract(item, include_text=options.include_text)
    except Exception as error:  # a bug must cost one article, not the batch
        return InputError(item.source, f"internal error while extracting: {type(error).__name__}: {error}")
    exclude = None if options.include_text else {"text"}
    line = record.model_dump_json(indent=2 if options.pretty else None, exclude=exclude)
    return Done(item.source, line, len(item.text.split()), record.warnings)


_OPTIONS: RunOptions | None = None


def _init_worker(options: RunOptions) -> None:
    global _OPTIONS
    _OPTIONS = options
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ^C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a worker told to end ends, without a traceback


def _work(item: Input) -> Done | InputError:
    assert _OPTIONS is not None, "set by _init_worker"
    return process(item, _OPTIONS)


def results(inputs: Iterator[Input], options: RunOptions) -> Iterator[Done | InputError]:
    if options.jobs <= 1:
        for item in inputs:
            yield process(item, options)
        return
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    lanes = [context.Pool(1, initializer=_init_worker, initargs=(options,)) for _ in range(options.jobs)]
    router = _Router(options.jobs, options.lang)
    window = options.jobs * _WINDOW_PER_JOB
    try:
        # two windows in flight: the workers start on the next one while this one's last results
        # come in, and memory stays bounded by two windows
        in_flight: collections.deque[tuple[list[Input], list[int | None], list]] = collections.deque()
        batch = list(itertools.islice(inputs, window))
        while batch or in_flight:
            if batch:
                in_flight.append(_submit(lanes, router, batch))
            batch = list(itertools.islice(inputs, window))
            if not batch or len(in_flight) == 2:
                yield from _collect(*in_flight.popleft())
    finally:
        for lane in lanes:
            lane.terminate()


class _Router:
    """Which worker gets an article: each language has a home worker, so that a worker loads only
    its share of the pipelines, unless that worker already has `_SLACK` articles' worth of text of
    the window more than the least busy one (a batch in one language still keeps every worker busy).
    Work is counted in characters: a long article costs as much as several short ones."""

    def __init__(self, jobs: int, lang: str | None):
        self.jobs, self.lang = jobs, lang
        self.home: dict[str | None, int] = {}

    def route(self, batch: list[Input]) -> list[int | None]:
        articles = [item for item in batch if isinstance(item, Article)]
        slack = _SLACK * sum(len(article.text) for article in articles) / max(1, len(articles))
        work = [0] * self.jobs
        chosen: list[int | None] = []
        for item in batch:
            if isinstance(item, InputError):
                chosen.append(None)  # reported as it is, in its place
                continue
            language = self.lang or item.language
            if language not in self.home:
                homes = [list(self.home.values()).count(lane) for lane in range(self.jobs)]
                self.home[language] = homes.index(min(homes))
            lane = self.home[language]
            if work[lane] - min(work) >= slack:
                lane = work.index(min(work))
            work[lane] += len(item.text)
            chosen.append(lane)
        return chosen


def _submit(lanes: list, router: _Router, batch: list[Input]) -> tuple[list[Input], list[int | None], list]:
    chosen = router.route(batch)
    results = [lane.imap(_work, [item for item, k in zip(batch, chosen) if k == number], chunksize=4)
               for number, lane in enumerate(lanes)]
    return batch, chosen, results


def _collect(batch: list[Input], chosen: list[int | None], results: list) -> Iterator[Done | InputError]:
    """The window's results in input order, taking each from the worker it went to."""
    for item, lane in zip(batch, chosen):
        if lane is None:  # an input error: no worker had anything to do
            assert isinstance(item, InputError)
            yield item
        else:
            yield next(results[lane])


class Terminated(BaseException):  # not caught by the per-article `except Exception`
    """SIGTERM: the run ends as after ^C, quietly, with exit status 143."""


def _on_sigterm(signum, frame) -> None:
    raise Terminated()


def run(paths: list[str], options: RunOptions, output: Path | None = None) -> int:
    """Exit status: 0 all done, 1 some inputs failed or the output could not be written,
    130 interrupted, 143 terminated, 141 the reader of stdout went away (quietly, as Unix tools do)."""
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _run(paths, options, output)
    except KeyboardInterrupt:  # the records written so far are whole lines: the output stays valid
        return 130
    except Terminated:
        return 143
    except BrokenPipeError:
        _silence_stdout()
        return 141
    except OSError as error:
        if error.errno == errno.EPIPE:
            _silence_stdout()
            return 141
        target = printable(str(output)) if output else "output"
        sys.stderr.write(f"aidextract: cannot write {target}: {error.strerror or error}\n")
        _silence_stdout()
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)


def _silence_stdout() -> None:
    """Nothing more can be written: drop what Python would still try to flush at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _run(paths: list[str], options: RunOptions, output: Path | None) -> int:
    exclude = frozenset([output.resolve()]) if output else frozenset()  # the output is never an input
    inputs = iter_inputs(paths, ReadOptions(max_bytes=options.max_bytes, encoding=options.encoding, exclude=exclude))
    target = _Replacement(output) if output else None
    out: TextIO = target.handle if target else sys.stdout
    records = failures = words = 0
    started = time.perf_counter()
    progress = _Progress() if options.progress else None
    try:
        for result in results(inputs, options):
            if isinstance(result, InputError):
                failures += 1
                _stderr(f"aidextract: {result}", progress)
            else:
                out.write(result.line + "\n")
                if output is None:
                    out.flush()
                records += 1
                words += result.words
                if not options.quiet:
                    for warning in result.warnings:
                        _stderr(printable(f"aidextract: {result.source}: warning: {warning}"), progress)
            if progress:
                progress.advance(records, failures)
    except BaseException:
        if target:
            target.discard()  # ^C, SIGTERM, a full disk: the previous file stays as it was
        raise
    finally:
        if progress:
            progress.stop()
    if target:
        if records == 0 and failures:
            target.discard()
            sys.stderr.write(f"aidextract: {printable(str(output))} left as it was: no input could be read\n")
        else:
            target.commit()
    if options.progress and not options.quiet:
        elapsed = time.perf_counter() - started
        rate = words / elapsed if elapsed else 0.0
        sys.stderr.write(f"aidextract: {records} records, {failures} failed, {words:,} words in "
                         f"{elapsed:.1f} s ({rate:,.0f} words/s)\n")
    return 1 if failures else 0


class _Replacement:
    """An output file written beside its target and renamed over it only when the run ends: an
    interrupted or failed run never leaves the previous file truncated or half-written."""

    def __init__(self, path: Path):
        import tempfile

        self.path = path
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
        self.temporary = Path(name)
        self.handle = os.fdopen(fd, "w", encoding="utf-8")

    def commit(self) -> None:
        self.handle.close()  # raises on a full disk: then nothing replaces the target
        try:
            mode = self.path.stat().st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(self.temporary, mode)
        os.replace(self.temporary, self.path)

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        self.temporary.unlink(missing_ok=True)


def _stderr(message: str, progress: _Progress | None) -> None:
    if progress:
        progress.console.print(message, markup=False, highlight=False)
    else:
        sys.stderr.write(message + "\n")


class _Progress:
    """A live counter on stderr (rich)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.console = Console(stderr=True)
        self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                            console=self.console, transient=True)
        self.task = self.bar.add_task("parsing", total=None)
        self.bar.start()

    def advance(self, records: int, failures: int) -> None:
        self.bar.update(self.task, description=f"{records} records, {failures} failed")

    def stop(self) -> None:
        self.bar.stop()
