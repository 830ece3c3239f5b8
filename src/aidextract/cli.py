"""The `aidextract` command: thin, no extraction logic.

stdout carries only records (JSONL); progress, warnings and errors go to stderr.
Exit status: 0 all inputs processed, 1 some inputs could not be read or processed,
2 usage error, 130 interrupted; a closed output pipe (`| head`) ends quietly.
"""

from __future__ import annotations

import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .resources import LANGUAGES
from .tables import FORMATS, TABLES

app = typer.Typer(
    name="aidextract", add_completion=False, no_args_is_help=True, rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="Turn news articles about military aid into structured, verifiable JSONL records.",
)

Lang = Enum("Lang", {code: code for code in LANGUAGES}, type=str)  # type: ignore[misc]  # models/lang/*.yaml


class _Exit(Exception):
    def __init__(self, code: int):
        self.code = code


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aidextract {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool | None, typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Print the version and exit.")] = None,
) -> None:
    """aidextract: military-aid facts from news articles, as JSONL."""


def _reference(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter("expected YYYY-MM-DD") from None
    return value


@app.command()
def parse(
    paths: Annotated[list[str] | None, typer.Argument(metavar="PATH", show_default=False, hidden=True)] = None,
    lang: Annotated[Lang | None, typer.Option("--lang", help="Force the language of every article.")] = None,
    reference_date: Annotated[str | None, typer.Option("--reference-date", callback=_reference, metavar="YYYY-MM-DD",
                                                          help="Anchor for year-less and relative dates when an article has none.")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write records to FILE instead of stdout.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=64, help="Worker processes.")] = 1,
    pretty: Annotated[bool, typer.Option("--pretty", help="Indented JSON for humans (not JSONL).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No warnings or summary; errors are still reported.")] = False,
    progress: Annotated[bool, typer.Option("--progress", help="Show progress even when stderr is not a terminal.")] = False,
    include_text: Annotated[bool, typer.Option("--include-text", help="Put the decoded article text in each record.")] = False,
    encoding: Annotated[str | None, typer.Option("--encoding", help="Decode every file with this encoding.")] = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse files larger than this.")] = 20_000_000,
) -> None:
    """Extract amounts, items, dates and packages from articles; one JSON record per line.

    PATH: files, directories (read recursively), globs, or - for standard input (the default when
    text is piped in)."""
    from .runner import RunOptions, run

    if output is not None and any(_same_file(path, output) for path in paths or []):
        raise typer.BadParameter(f"{output} is also an input: it would be overwritten", param_hint="-o")
    if not paths and sys.stdin.isatty():  # nothing piped in: waiting on the keyboard would look like a hang
        raise typer.BadParameter("no input: give files, directories or globs, or pipe text in "
                                 "(e.g. `aidextract parse samples/`, `cat article.txt | aidextract parse`)",
                                 param_hint="PATH")
    options = RunOptions(
        lang=lang.value if lang else None, reference_date=reference_date, jobs=jobs, pretty=pretty,
        quiet=quiet, progress=progress or sys.stderr.isatty(), include_text=include_text,
        encoding=encoding, max_bytes=max_bytes,
    )
    raise _Exit(run(paths or [], options, output))


@app.command("spark")
def spark_command(
    paths: Annotated[list[str], typer.Argument(metavar="INPUT", show_default=False, hidden=True)],
    output: Annotated[str, typer.Option("-o", "--output", help="Output directory: OUT/records and OUT/errors.")],
    master: Annotated[str | None, typer.Option("--master", help="Spark master URL (spark://HOST:7077, yarn, local[*]); "
                                                                "default: Spark's own.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="Records as parquet (typed) or jsonl (the lines of `parse`).")] = "parquet",
    lang: Annotated[Lang | None, typer.Option("--lang", help="Force the language of every article.")] = None,
    reference_date: Annotated[str | None, typer.Option("--reference-date", callback=_reference, metavar="YYYY-MM-DD",
                                                          help="Anchor for year-less and relative dates when an article has none.")] = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse files larger than this.")] = 20_000_000,
    encoding: Annotated[str | None, typer.Option("--encoding", help="Decode every file with this encoding.")] = None,
    partitions: Annotated[int | None, typer.Option(
        "--partitions", min=1, help="Spread the articles over this many tasks (default: 4 per core, or the inputs' own splits when more).",
    )] = None,
) -> None:
    """Run the extraction on an Apache Spark cluster (the `spark` extra): records and errors as tables.

    INPUT: directories, globs and article files (txt, md, html, jsonl), Parquet tables of articles
    (`text`, optional `id`, `language`, `reference_date`): any path Spark reads (hdfs://, s3a://)."""
    if fmt not in ("parquet", "jsonl"):
        raise typer.BadParameter("expected parquet or jsonl", param_hint="--format")
    try:
        import pyspark  # noqa: F401
    except ImportError:
        sys.stderr.write("aidextract: `aidextract spark` needs the spark extra: pip install 'aidextract[spark]'\n")
        raise _Exit(2) from None
    from .spark import run_job

    raise _Exit(run_job(paths, output, master=master, fmt=fmt, lang=lang.value if lang else None,
                        reference_date=reference_date, max_bytes=max_bytes, encoding=encoding,
                        partitions=partitions))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the record."""
    import json

    from .records import json_schema

    _write_stdout(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")


@app.command("eval")
def evaluate_command(
    gold: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Gold annotations (.gold.jsonl).")],
    texts: Annotated[Path | None, typer.Option("--texts", exists=True, file_okay=False,
                                                  help="Directory of the article texts (default: texts/ beside GOLD).")] = None,
    details: Annotated[bool, typer.Option("--details", help="List misses and false hits with their text.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable results.")] = False,
    no_reference_date: Annotated[bool, typer.Option("--no-reference-date", help="Do not pass the gold reference dates.")] = False,
) -> None:
    """Score the extractor against gold annotations: precision, recall, F1 per field and language."""
    import json

    from .evaluate import evaluate
    from .views import print_evaluation

    report = evaluate(gold, texts, use_reference_date=not no_reference_date)
    if as_json:
        _write_stdout(json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        print_evaluation(report, details)


@app.command()
def show(
    paths: Annotated[list[str] | None, typer.Argument(metavar="FILE", show_default=False, hidden=True)] = None,
    records: Annotated[str | None, typer.Option("--records", metavar="JSONL",
                                                   help="Show these records of `parse` (- for stdin) instead of extracting.")] = None,
    texts: Annotated[Path | None, typer.Option("--texts", exists=True, file_okay=False,
                                                  help="Directory of the article texts of --records (by source path or basename).")] = None,
    html: Annotated[str | None, typer.Option("--html", metavar="FILE",
                                                help="Write one self-contained HTML page to FILE (- for stdout).")] = None,
    color: Annotated[bool | None, typer.Option("--color/--no-color",
                                                  help="Force colour on (e.g. for `| less -R`) or off. "
                                                       "Default: on for a terminal unless NO_COLOR is set.")] = None,
    lang: Annotated[Lang | None, typer.Option("--lang", help="Force the language of every article.")] = None,
    reference_date: Annotated[str | None, typer.Option("--reference-date", callback=_reference, metavar="YYYY-MM-DD",
                                                          help="Anchor for year-less and relative dates when an article has none.")] = None,
    encoding: Annotated[str | None, typer.Option("--encoding", help="Decode every file with this encoding.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=64, help="Worker processes.")] = 1,
) -> None:
    """Show what was extracted: each article with its spans highlighted, and tables (or --html FILE).

    FILE: files, directories, globs, or - for standard input."""
    from .report import from_inputs, from_records, write_html

    if records is not None and paths:
        raise typer.BadParameter("give FILES to extract, or --records JSONL, not both", param_hint="--records")
    if texts is not None and records is None:
        raise typer.BadParameter("--texts goes with --records", param_hint="--texts")
    if records is None and not paths:
        raise typer.BadParameter("give FILES (or - for stdin), or --records JSONL", param_hint="FILE")
    if records is not None and records != "-" and not Path(records).is_file():
        raise typer.BadParameter(f"{records}: not found", param_hint="--records")
    if html not in (None, "-") and not Path(html).resolve().parent.is_dir():
        raise typer.BadParameter(f"{html}: no such directory", param_hint="--html")
    if records is not None:
        items = from_records(records, texts, encoding=encoding)
    else:
        items = from_inputs(paths or [], lang=lang.value if lang else None, reference_date=reference_date,
                            encoding=encoding, jobs=jobs)
    try:
        if html is not None:
            shown, failures = write_html(items, html)
            if html != "-":
                sys.stderr.write(f"aidextract: wrote the report of {shown} article{'s' * (shown != 1)} to {html}\n")
        else:
            from .views import article_console, print_articles, use_color

            _, failures = print_articles(items, article_console(use_color(color)))
    except BrokenPipeError:
        from .runner import _silence_stdout

        _silence_stdout()
        raise _Exit(141) from None
    except OSError as error:
        sys.stderr.write(f"aidextract: cannot write {html or 'output'}: {error.strerror or error}\n")
        raise _Exit(1) from None
    raise _Exit(1 if failures else 0)


TableKind = Enum("TableKind", {kind: kind for kind in TABLES}, type=str)  # type: ignore[misc]
TableFormat = Enum("TableFormat", {fmt: fmt for fmt in FORMATS}, type=str)  # type: ignore[misc]


@app.command()
def table(
    kind: Annotated[TableKind, typer.Argument(help="packages, items, amounts, dates or articles.")],
    records: Annotated[list[str] | None, typer.Argument(metavar="RECORDS", show_default=False, hidden=True)] = None,
    output: Annotated[str | None, typer.Option("-o", "--output", help="Write to FILE (.csv, .tsv or .parquet).")] = None,
    fmt: Annotated[TableFormat | None, typer.Option("--format", help="csv (default), tsv or parquet.")] = None,
) -> None:
    """Flat rows from the records of `parse`: one per package, item, amount, date or article.

    RECORDS: JSONL files of `aidextract parse`, or standard input (`aidextract parse dir/ | aidextract table items`)."""
    from .tables import format_of, rows_of

    columns = TABLES[kind.value][1]
    raise _Exit(_write_rows(lambda good: rows_of(kind.value, good), columns, records, output, format_of(output, fmt and fmt.value)))


@app.command("packages")
def packages_command(
    records: Annotated[list[str] | None, typer.Argument(metavar="RECORDS", show_default=False, hidden=True)] = None,
    output: Annotated[str | None, typer.Option("-o", "--output", help="Write to FILE (.csv, .tsv or .parquet).")] = None,
    fmt: Annotated[TableFormat | None, typer.Option("--format", help="csv (default), tsv or parquet.")] = None,
    rates: Annotated[Path | None, typer.Option("--usd-rates", exists=True, dir_okay=False,
                                                  help="JSON {\"EUR\": 1.08, ...}: US dollars per unit, to compare and convert.")] = None,
    window: Annotated[int, typer.Option("--window", min=0, help="Days within which two reports can be one commitment.")] = 14,
) -> None:
    """One row per distinct aid commitment across articles, with every report of it.

    RECORDS: JSONL files of `aidextract parse`, or standard input (`aidextract parse articles/ | aidextract packages`)."""
    import json

    from .consolidate import COLUMNS, commitment_row, consolidate, reports_of
    from .tables import format_of

    table_rates = None
    if rates is not None:
        try:
            table_rates = {str(k).upper(): float(v) for k, v in json.loads(rates.read_text(encoding="utf-8")).items()}
        except (ValueError, AttributeError) as error:
            raise typer.BadParameter(f"{rates}: expected a JSON object of currency codes to numbers ({error})",
                                     param_hint="--usd-rates") from None

    def rows(good):
        return (commitment_row(c, table_rates) for c in consolidate(reports_of(good), table_rates, window))

    raise _Exit(_write_rows(rows, COLUMNS, records, output, format_of(output, fmt and fmt.value)))


def _write_rows(make_rows, columns, records: list[str] | None, output: str | None, fmt: str) -> int:
    """Read the records (bad lines named on stderr), write the rows; the exit status."""
    from .tables import RecordError, read_records, write_table

    if not records and sys.stdin.isatty():
        raise typer.BadParameter("no records: give JSONL files of `aidextract parse`, or pipe them in", param_hint="RECORDS")
    failures = 0
    good = []
    for record in read_records(records or []):
        if isinstance(record, RecordError):
            failures += 1
            sys.stderr.write(f"aidextract: {record}\n")
        else:
            good.append(record)
    try:
        written = write_table(make_rows(good), columns, output, fmt, to_stdout=_write_stdout)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="-o") from None
    except OSError as error:
        sys.stderr.write(f"aidextract: cannot write {output or 'output'}: {error.strerror or error}\n")
        return 1
    if output and output != "-":
        sys.stderr.write(f"aidextract: wrote {written} row{'s' * (written != 1)} to {output}\n")
    return 1 if failures else 0


@app.command("build-models")
def build_models() -> None:
    """Regenerate models/entities/countries.yaml (from CLDR) and models/pipeline/<lang>/."""
    from .build import build_all

    for path in build_all():
        typer.echo(f"wrote {path}", err=True)


def _same_file(path: str, output: Path) -> bool:
    try:
        return Path(path).exists() and output.exists() and Path(path).samefile(output)
    except OSError:
        return False


def _write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        from .runner import _silence_stdout

        _silence_stdout()
        raise _Exit(141) from None
    except OSError as error:
        from .runner import _silence_stdout

        sys.stderr.write(f"aidextract: cannot write output: {error.strerror or error}\n")
        _silence_stdout()
        raise _Exit(1) from None


def main() -> None:
    """Console entry point: maps every outcome to an exit status, never to a traceback."""
    try:
        result = app(standalone_mode=False, prog_name="aidextract")
        code = result if isinstance(result, int) else 0
    except _Exit as done:
        code = done.code
    except KeyboardInterrupt:
        code = 130
    except Exception as error:  # click usage errors and anything unforeseen
        code = _report(error)
    if code in (130, 143):
        sys.stderr.write("aidextract: interrupted\n" if code == 130 else "aidextract: terminated\n")
    sys.exit(code)


def _report(error: Exception) -> int:
    """Usage errors (click's, as typer raises them) exit 2 with their message; anything else 1."""
    if hasattr(error, "show") and hasattr(error, "exit_code"):
        error.show(file=sys.stderr)
        return int(error.exit_code)
    from .resources import Invalid

    if isinstance(error, Invalid):  # a models/ file edited by hand: say which file and key
        sys.stderr.write(f"aidextract: invalid model data: {error}\n")
        return 1
    sys.stderr.write(f"aidextract: internal error: {type(error).__name__}: {error}\n")
    return 1


if __name__ == "__main__":
    main()
