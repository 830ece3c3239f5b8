"""The `parse` job: inputs -> records -> JSONL, in input order, with bounded memory.

Articles are read lazily and processed in windows (so a million files never sit in memory),
in this process or in `--jobs` worker processes. A failure on one input is reported on stderr
and counted; it never stops the others.
"""

from __future__ import annotations

import collections
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

from .sources import Article, InputError, Input, ReadOptions, iter_inputs

_WINDOW_PER_JOB = 32


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


def _work(item: Input) -> Done | InputError:
    return process(item, _OPTIONS)


def results(inputs: Iterator[Input], options: RunOptions) -> Iterator[Done | InputError]:
    if options.jobs <= 1:
        for item in inputs:
            yield process(item, options)
        return
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    window = options.jobs * _WINDOW_PER_JOB
    first = list(itertools.islice(inputs, window))
    _preload(first, options)  # forked workers inherit the pipelines instead of each loading its own
    with context.Pool(options.jobs, initializer=_init_worker, initargs=(options,)) as pool:
        # two windows in flight: the workers start on the next one while this one's last results
        # come in, and memory stays bounded by two windows
        in_flight = collections.deque([pool.imap(_work, first, chunksize=4)])
        while in_flight:
            batch = list(itertools.islice(inputs, window))
            if batch:
                in_flight.append(pool.imap(_work, batch, chunksize=4))
            yield from in_flight.popleft()


def _preload(batch: list[Input], options: RunOptions) -> None:
    """Load, in this process, the pipelines of the languages of the first articles."""
    from .language import detect
    from .pipeline import load
    from .resources import LANGUAGES

    languages = set()
    for article in batch:
        if isinstance(article, Article) and not options.lang and article.language is None:
            article.language = detect(article.text)  # detected once: the workers keep it
        if isinstance(article, Article):
            languages.add(options.lang or (article.language if article.language in LANGUAGES else detect(article.text)))
    for lang in sorted(languages):
        load(lang)


def run(paths: list[str], options: RunOptions, output: Path | None = None) -> int:
    """Exit status: 0 all done, 1 some inputs failed or the output could not be written,
    130 interrupted, 141 the reader of stdout went away (quietly, as Unix tools do)."""
    try:
        return _run(paths, options, output)
    except KeyboardInterrupt:  # the records written so far are whole lines: the output stays valid
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 141
    except OSError as error:
        if error.errno == errno.EPIPE:
            _silence_stdout()
            return 141
        sys.stderr.write(f"aidextract: cannot write output: {error.strerror or error}\n")
        _silence_stdout()
        return 1


def _silence_stdout() -> None:
    """Nothing more can be written: drop what Python would still try to flush at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _run(paths: list[str], options: RunOptions, output: Path | None) -> int:
    inputs = iter_inputs(paths, ReadOptions(max_bytes=options.max_bytes, encoding=options.encoding))
    out: TextIO = open(output, "w", encoding="utf-8") if output else sys.stdout
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
                        _stderr(f"aidextract: {result.source}: warning: {warning}", progress)
            if progress:
                progress.advance(records, failures)
    finally:
        if progress:
            progress.stop()
        if output:
            out.close()
    if options.progress and not options.quiet:
        elapsed = time.perf_counter() - started
        rate = words / elapsed if elapsed else 0.0
        sys.stderr.write(f"aidextract: {records} records, {failures} failed, {words:,} words in "
                         f"{elapsed:.1f} s ({rate:,.0f} words/s)\n")
    return 1 if failures else 0


def _stderr(message: str, progress: "_Progress | None") -> None:
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
