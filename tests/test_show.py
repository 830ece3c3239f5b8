"""`aidextract show`: the terminal view and the HTML page, built from the records `parse` emits."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st

from aidextract.records import Amount, ArticleRecord, Entity, Item
from aidextract.report import FIELDS, KINDS, Mark, Shown, choose, from_inputs, marks, render_html, segments

ROOT_TABLES = ROOT / "tests" / "tables"

ENGLISH = ("Washington, 2 December 2024. The United States will send Ukraine a new $725 million package, "
           "including four HIMARS launchers and 20,000 155mm shells, the Pentagon said on Monday.\n")
ANSI = re.compile(r"\x1b\[")


@pytest.fixture(scope="module")
def samples() -> list[Shown]:
    shown = list(from_inputs([str(SAMPLES)]))
    assert shown and all(isinstance(s, Shown) for s in shown)
    return shown


@pytest.fixture(scope="module")
def page(samples) -> str:
    return render_html(samples)


def show(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The real command in a child process, with exactly the environment given (plus PATH etc.)."""
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    return subprocess.run([sys.executable, "-m", "aidextract", "show", *args], capture_output=True, text=True,
                          encoding="utf-8", env={**base, "PYTHONIOENCODING": "utf-8", **(env or {})},
                          cwd=cwd, stdin=subprocess.DEVNULL, timeout=300)


# ------------------------------------------------------------------------------ HTML checks

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Balance(HTMLParser):
    """Every start tag is closed by its own end tag, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'} at {self.getpos()}")
        else:
            self.stack.pop()


def balanced(page: str) -> Balance:
    parser = Balance()
    parser.feed(page)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []
    return parser


def tree(page: str) -> ET.Element:
    balanced(page)
    return ET.fromstring(page)  # well-formed XML as well: void elements are self-closed


def article_texts(root: ET.Element) -> list[ET.Element]:
    return [div for div in root.iter("div") if div.get("class") == "text"]


def highlights(div: ET.Element) -> list[ET.Element]:
    return [span for span in div.iter("span") if span.get("data-kind")]


def test_page_is_balanced_well_formed_and_has_one_text_per_article(samples, page):
    assert page.startswith("<!DOCTYPE html>")
    root = tree(page)
    assert root.tag == "html"
    assert len(article_texts(root)) == len(samples)
    assert root.find("head/meta").get("charset") == "utf-8"


def test_page_is_self_contained(page):
    lowered = page.lower()
    for needle in ("http://", "https://", "src=", "<link", "<script", "@import", "url(", "<iframe", "<img"):
        assert needle not in lowered, needle
    assert "<style>" in page and "@media print" in page


def test_every_span_is_highlighted_exactly_once_with_its_exact_text(samples, page):
    root = tree(page)
    for shown, div in zip(samples, article_texts(root)):
        record, text = shown.record, shown.text
        assert "".join(div.itertext()) == text  # no character lost, none duplicated
        spans = highlights(div)
        keys = [(s.get("data-kind"), int(s.get("data-index"))) for s in spans]
        assert len(keys) == len(set(keys))
        for span in spans:
            kind, index = span.get("data-kind"), int(span.get("data-index"))
            start, end = int(span.get("data-start")), int(span.get("data-end"))
            value = getattr(record, FIELDS[kind])[index]
            assert (start, end) == (value.start, value.end)
            assert "".join(span.itertext()) == text[start:end] == value.text
            assert span.get("title")
        chosen = choose(marks(record, text))
        assert sorted(keys) == sorted((m.kind, m.index) for m in chosen)
        # what is not highlighted crosses or repeats a highlighted span, nothing else
        shown_ranges = [(m.start, m.end) for m in chosen]
        for mark in marks(record, text):
            if (mark.kind, mark.index) not in keys:
                assert any(_clash((mark.start, mark.end), other) for other in shown_ranges), mark
        total = sum(len(getattr(record, FIELDS[k])) for k in KINDS)
        assert len(spans) >= total - 10  # samples: almost everything is highlighted


def _clash(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a == b:
        return True
    overlap = a[0] < b[1] and b[0] < a[1]
    nested = (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])
    return overlap and not nested


def test_contained_spans_are_nested_elements(samples, page):
    """A highlight inside another (uk sample: 'канадських' in '400 млн канадських доларів') is a child element."""
    root = tree(page)
    for shown, div in zip(samples, article_texts(root)):
        chosen = choose(marks(shown.record, shown.text))
        expected = {((a.kind, a.index), (b.kind, b.index)) for a in chosen for b in chosen
                    if a is not b and a.start <= b.start and b.end <= a.end}
        found = {((o.get("data-kind"), int(o.get("data-index"))), (i.get("data-kind"), int(i.get("data-index"))))
                 for o in highlights(div) for i in highlights(o) if i is not o}
        assert found == expected


def test_tooltips_carry_canonical_names_and_values(samples, page):
    from aidextract.columns import entity_name, number

    root = tree(page)
    for shown, div in zip(samples, article_texts(root)):
        record = shown.record
        for span in highlights(div):
            kind, index, title = span.get("data-kind"), int(span.get("data-index")), span.get("title")
            value = getattr(record, FIELDS[kind])[index]
            if kind == "item":
                assert title.startswith(f"Item: {value.name} · {value.category.replace('_', ' ')}")
            elif kind == "amount":
                assert title.startswith(f"Amount: {number(value.value)} {value.currency}")
            elif kind == "entity":
                assert title.endswith(f"{entity_name(value.code)} ({value.code})") or title.endswith(f": {value.code}")
            else:
                assert (value.value or "unresolved") in title
    titles = [s.get("title") for div in article_texts(root) for s in highlights(div)]
    assert "Country: Germany (DE)" in titles
    assert any(t.startswith("Item: IRIS-T SLM · air defense") for t in titles)


def test_legend_and_packages_summary(samples, page):
    root = tree(page)
    legend = [ul for ul in root.iter("ul") if ul.get("class") == "legend"]
    assert len(legend) == 1
    legend_text = " ".join(legend[0].itertext())
    for label in ("amount", "item", "date", "relative date", "country / organisation"):
        assert label in legend_text
    assert not [s for s in legend[0].iter("span") if s.get("data-kind")]  # legend swatches are not highlights
    section = [s for s in root.iter("section") if s.get("id") == "packages"]
    assert len(section) == 1
    rows = [tr for tr in section[0].iter("tr") if tr.find("td") is not None]
    assert len(rows) == sum(len(s.record.packages) for s in samples) > 0
    summary = " ".join(section[0].itertext())
    assert "United States (US)" in summary and "735,000,000" in summary and "PDA" in summary


def _record(text: str, **fields) -> ArticleRecord:
    return ArticleRecord(id="t", source="t.txt", language="en", **fields)


def test_article_text_is_escaped():
    text = 'Alert <script>alert("x")</script> & <b>bold</b> \'q\' — $5 million for Ukraine.\n'
    start = text.index("$5 million")
    record = _record(text, amounts=[Amount(text="$5 million", start=start, end=start + 10, value=5_000_000,
                                           currency="USD", currency_text="$")])
    page = render_html([Shown(record, text)])
    assert "<script" not in page and "<b>bold" not in page
    assert "&lt;script&gt;" in page
    (div,) = article_texts(tree(page))
    assert "".join(div.itertext()) == text
    (span,) = highlights(div)
    assert span.text == "$5 million"


def test_overlaps_nest_or_keep_the_longer_span_and_never_lose_characters():
    text = "Canada gave 400 million Canadian dollars to Kyiv and Ottawa again.\n"
    amount = text.index("400 million Canadian dollars")
    canadian = text.index("Canadian")
    again = text.index("Ottawa again")
    record = _record(
        text,
        amounts=[Amount(text="400 million Canadian dollars", start=amount, end=amount + 28, value=400_000_000,
                        currency="CAD", currency_text="Canadian dollars")],
        items=[Item(text="dollars to Kyiv", start=canadian + 9, end=canadian + 24, name="x", category="other", role="other"),
               Item(text="Ottawa", start=again, end=again + 6, name="y", category="other", role="other")],
        entities=[Entity(text="Canadian", start=canadian, end=canadian + 8, label="demonym", code="CA"),
                  Entity(text="Kyiv", start=text.index("Kyiv"), end=text.index("Kyiv") + 4, label="country", code="UA"),
                  Entity(text="Ottawa", start=again, end=again + 6, label="country", code="CA")],
    )
    chosen = choose(marks(record, text))
    keys = {(m.kind, m.index) for m in chosen}
    # the entity nests in the amount; the item crossing the amount loses to it (shorter); the entity
    # 'Kyiv' nests in nothing crossing, so it stays; 'Ottawa' is an item and an entity: the item wins
    assert keys == {("amount", 0), ("entity", 0), ("entity", 1), ("item", 1)}
    pieces = segments(text, chosen)
    assert "".join(text[p.start:p.end] for p in pieces) == text
    assert pieces[0].start == 0 and pieces[-1].end == len(text)
    (div,) = article_texts(tree(render_html([Shown(record, text)])))
    assert "".join(div.itertext()) == text
    spans = highlights(div)
    assert len(spans) == 4
    outer = next(s for s in spans if s.get("data-kind") == "amount")
    assert [s.get("data-kind") for s in highlights(outer)] == ["amount", "entity"]
    # deterministic: the same record gives the same page
    assert render_html([Shown(record, text)]) == render_html([Shown(record, text)])


def test_choose_is_independent_of_input_order():
    text = "a" * 40
    candidates = [Mark("entity", 0, 0, 10, text[0:10], ""), Mark("item", 0, 5, 20, text[5:20], ""),
                  Mark("date", 0, 15, 30, text[15:30], ""), Mark("amount", 0, 5, 20, text[5:20], "")]
    expected = choose(candidates)
    assert choose(list(reversed(candidates))) == expected
    assert [(m.kind, m.start, m.end) for m in expected] == [("amount", 5, 20)]


@st.composite
def _candidates(draw):
    length = draw(st.integers(1, 60))
    spans = draw(st.lists(st.tuples(st.integers(0, length - 1), st.integers(1, 25), st.sampled_from(KINDS)), max_size=25))
    text = "".join(draw(st.sampled_from("ab <&>\n")) for _ in range(length))
    return text, [Mark(kind, i, s, min(length, s + n), text[s:min(length, s + n)], "") for i, (s, n, kind) in enumerate(spans)]


@settings(max_examples=300, deadline=None)
@given(_candidates())
def test_segmentation_invariants(case):
    text, candidates = case
    chosen = choose(candidates)
    ranges = [(m.start, m.end) for m in chosen]
    assert len(set(ranges)) == len(ranges)
    assert not any(_clash(a, b) for i, a in enumerate(ranges) for b in ranges[i + 1:])
    for mark in candidates:
        if mark not in chosen:
            assert any(_clash((mark.start, mark.end), r) for r in ranges)
    pieces = segments(text, chosen)
    assert "".join(text[p.start:p.end] for p in pieces) == text
    for mark in chosen:
        covered = [p for p in pieces if mark in p.marks]
        assert (covered[0].start, covered[-1].end) == (mark.start, mark.end)
        assert all(a.end == b.start for a, b in zip(covered, covered[1:]))
    record = _record(text)
    body = render_html([Shown(record, text)])
    (div,) = article_texts(tree(body))
    assert "".join(div.itertext()) == text


def test_control_characters_become_replacement_characters():
    page = render_html([], title="a\x01<b>\x7f")
    assert "<title>a\ufffd&lt;b&gt;\ufffd</title>" in page
    tree(page)


def test_template_and_css_ship_in_the_package_and_the_css_is_inlined():
    from importlib.resources import files

    folder = files("aidextract") / "templates"
    assert (folder / "report.html.j2").is_file()
    css = (folder / "report.css").read_text(encoding="utf-8")
    assert "@media print" in css and css.strip() in render_html([])


def test_empty_page_has_no_packages_and_is_still_valid():
    page = render_html([])
    tree(page)
    assert "no packages found" in page


# ----------------------------------------------------------------------------- terminal view


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("show") / "us.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    return path


def test_terminal_view_plain_when_not_a_terminal(article):
    result = show(str(article))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert not ANSI.search(result.stdout)
    out = result.stdout
    assert "Amounts (1)" in out and "725,000,000" in out and "USD" in out
    assert "Items (" in out and "M142 HIMARS" in out and "pledged" in out
    assert "Dates (" in out and "2024-12-02" in out
    assert "Packages (1)" in out
    assert "The United States will send Ukraine a new $725 million package" in " ".join(out.split())


def test_terminal_view_colours_on_request_and_respects_no_color(article):
    coloured = show(str(article), "--color")
    assert coloured.returncode == 0 and ANSI.search(coloured.stdout)
    for args, env in ((["--no-color"], {}), ([], {"NO_COLOR": "1"}), (["--no-color"], {"FORCE_COLOR": "1"})):
        result = show(str(article), *args, env=env)
        assert result.returncode == 0
        assert not ANSI.search(result.stdout), (args, env)
        assert "Amounts (1)" in result.stdout


def _on_a_terminal(args: list[str], env: dict) -> str:
    """Run `show` with stdout on a pseudo-terminal; what it wrote."""
    import pty

    leader, follower = pty.openpty()
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    proc = subprocess.Popen([sys.executable, "-m", "aidextract", "show", *args], stdout=follower,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            env={**base, "TERM": "xterm-256color", "COLUMNS": "100", **env})
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=300)
    os.close(leader)
    assert proc.returncode == 0, proc.stderr.read()
    return b"".join(chunks).decode("utf-8")


def test_terminal_view_colours_a_terminal_unless_no_color(article):
    assert ANSI.search(_on_a_terminal([str(article)], {}))
    plain = _on_a_terminal([str(article)], {"NO_COLOR": "1"})
    assert not ANSI.search(plain) and "Amounts (1)" in plain
    assert not ANSI.search(_on_a_terminal([str(article), "--no-color"], {}))


def test_terminal_view_in_process_respects_color_choice():
    import io

    from aidextract.api import parse_text
    from aidextract.views import article_console, print_articles, use_color

    record = parse_text(ENGLISH, lang="en")
    for color, ansi in ((True, True), (False, False)):
        buffer = io.StringIO()
        print_articles([Shown(record, ENGLISH)], article_console(color, file=buffer, width=100))
        assert bool(ANSI.search(buffer.getvalue())) is ansi
        assert "Amounts (1)" in buffer.getvalue()
    os.environ["NO_COLOR"] = "1"
    try:
        assert use_color(None) is False and use_color(True) is True
    finally:
        del os.environ["NO_COLOR"]
    assert use_color(False) is False


def test_terminal_output_does_not_pass_control_characters_through(tmp_path):
    path = tmp_path / "evil.txt"
    path.write_text("Kyiv\x1b[2J got $5 million [bold]from[/bold] the U.S.\r\n", encoding="utf-8")
    result = show(str(path), "--no-color")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\r" not in result.stdout
    assert "[bold]from[/bold]" in result.stdout  # article text is never read as markup


def test_missing_input_is_named_on_stderr_and_exit_1(article, tmp_path):
    result = show(str(article), str(tmp_path / "nope.txt"), "--no-color")
    assert result.returncode == 1
    assert "nope.txt: not found" in result.stderr
    assert "Amounts (1)" in result.stdout


def test_usage_errors_exit_2(article, tmp_path):
    assert show().returncode == 2
    assert show(str(article), "--texts", str(tmp_path)).returncode == 2
    assert show(str(article), "--records", str(article)).returncode == 2
    assert show("--records", str(tmp_path / "missing.jsonl")).returncode == 2
    assert show(str(article), "--bogus").returncode == 2


def test_closed_pipe_ends_quietly(article):
    proc = subprocess.run(f"{sys.executable} -m aidextract show {article} {article} {article} --no-color | head -1",
                          shell=True, capture_output=True, text=True, executable="/bin/bash", timeout=300)
    assert proc.stdout.strip().startswith("─")
    assert "Traceback" not in proc.stderr and "Error" not in proc.stderr


# ------------------------------------------------------------------------- HTML from the CLI


def test_cli_html_matches_the_library_page(article, tmp_path):
    out = tmp_path / "report.html"
    result = show(str(article), "--html", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"aidextract: wrote the report of 1 article to {out}\n"
    page = out.read_text(encoding="utf-8")
    expected = render_html(list(from_inputs([str(article)])))
    assert page == expected
    (div,) = article_texts(tree(page))
    assert any(s.get("title", "").startswith("Item: M142 HIMARS") for s in highlights(div))


def test_cli_html_with_a_failed_input_still_writes_the_others(article, tmp_path):
    out = tmp_path / "report.html"
    result = show(str(article), str(tmp_path / "gone.txt"), "--html", str(out))
    assert result.returncode == 1
    assert "gone.txt: not found" in result.stderr
    assert len(article_texts(tree(out.read_text(encoding="utf-8")))) == 1


def test_records_with_texts_dir_give_the_same_page(article, tmp_path):
    records = tmp_path / "out.jsonl"
    parse = subprocess.run([sys.executable, "-m", "aidextract", "parse", str(article), "-o", str(records)],
                           capture_output=True, timeout=300)
    assert parse.returncode == 0, parse.stderr
    direct = render_html(list(from_inputs([str(article)])))
    # the record's source path
    by_source = tmp_path / "a.html"
    assert show("--records", str(records), "--html", str(by_source)).returncode == 0
    assert by_source.read_text(encoding="utf-8") == direct
    # --texts DIR + basename, run from elsewhere with a relative source
    elsewhere = tmp_path / "texts"
    elsewhere.mkdir()
    (elsewhere / article.name).write_text(ENGLISH, encoding="utf-8")
    line = json.loads(records.read_text(encoding="utf-8"))
    line["source"] = line["id"] = f"corpus/{article.name}"
    moved = tmp_path / "moved.jsonl"
    moved.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = show("--records", str(moved), "--texts", str(elsewhere), "--no-color", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Amounts (1)" in result.stdout and "725,000,000" in result.stdout
    # without the text: named on stderr, exit 1
    missing = show("--records", str(moved), "--no-color", cwd=tmp_path)
    assert missing.returncode == 1 and f"corpus/{article.name}: article text not found" in missing.stderr


def test_records_with_included_text_and_from_stdin(article, tmp_path):
    parse = subprocess.run([sys.executable, "-m", "aidextract", "parse", "--include-text", "-"],
                           input=ENGLISH.encode(), capture_output=True, timeout=300)
    assert parse.returncode == 0
    records = tmp_path / "with-text.jsonl"
    records.write_bytes(parse.stdout)
    result = show("--records", str(records), "--no-color")
    assert result.returncode == 0, result.stderr
    assert "<stdin>" in result.stdout and "Amounts (1)" in result.stdout
    # the same records on stdin, HTML on stdout
    piped = subprocess.run([sys.executable, "-m", "aidextract", "show", "--records", "-", "--html", "-"],
                           input=parse.stdout, capture_output=True, timeout=300)
    assert piped.returncode == 0
    (div,) = article_texts(tree(piped.stdout.decode("utf-8")))
    assert "".join(div.itertext()) == ENGLISH


def test_records_of_a_jsonl_batch_find_their_texts_by_line(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"id": "one", "text": ENGLISH}) + "\n\n"
                     + json.dumps({"id": "two", "text": "Kyiv got C$500 million from Canada.", "language": "en"}) + "\n",
                     encoding="utf-8")
    parse = subprocess.run([sys.executable, "-m", "aidextract", "parse", "batch.jsonl"], cwd=tmp_path,
                           capture_output=True, timeout=300)
    assert parse.returncode == 0, parse.stderr
    (tmp_path / "out.jsonl").write_bytes(parse.stdout)
    out = tmp_path / "page.html"
    result = show("--records", "out.jsonl", "--html", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    texts = ["".join(div.itertext()) for div in article_texts(tree(out.read_text(encoding="utf-8")))]
    assert texts == [ENGLISH, "Kyiv got C$500 million from Canada."]


def test_records_whose_text_does_not_fit_are_refused(article, tmp_path):
    parse = subprocess.run([sys.executable, "-m", "aidextract", "parse", str(article)], capture_output=True, timeout=300)
    records = tmp_path / "out.jsonl"
    records.write_bytes(parse.stdout + b"not json\n")
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / article.name).write_text("Something else entirely, and long enough to be cut anywhere at all.\n" * 5,
                                      encoding="utf-8")
    result = show("--records", str(records), "--texts", str(texts), "--no-color")
    assert result.returncode == 1
    assert "the text does not match the record" in result.stderr
    assert f"{records}:2: not an aidextract record" in result.stderr


@pytest.mark.parametrize("width", ["80", "100"])
def test_terminal_tables_wrap_between_words_never_inside_one(width):
    """Piped at 80 columns, 'Flugabwehrsysteme IRIS-T SLM' wraps as a whole word, not as 'Flugabwehrsyst / eme'."""
    result = show(str(SAMPLES / "de_germany_iris_t.txt"), env={"COLUMNS": width})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= int(width)
    items = "\n".join(lines[next(i for i, line in enumerate(lines) if line.startswith("Items")):])
    words = set(items.split())
    for name in ("Flugabwehrsysteme", "Artilleriemunition", "Marschflugkörper", "status"):
        assert name in words, name


def test_a_page_of_several_articles_shows_their_commitments_merged():
    articles = ROOT_TABLES / "articles"
    page = render_html(list(from_inputs([str(articles)])))
    section = page[page.index('id="commitments"'):]
    section = section[:section.index("</section>")]
    rows = section.count("<tr>") - 1  # the head row
    assert rows == 5  # our multi-article set: five distinct commitments (tests/tables/expected.yaml)
    assert "725,000,000 USD / 700,000,000 USD / 752,000,000 USD" in section and "low" in section
    one = render_html(list(from_inputs([str(articles / "de_de.txt")])))
    assert 'id="commitments"' not in one


# ------------------------------------------------------------------ one definition per table

# A cell every view must show for ENGLISH, by table and column key (hard-coded: not derived from the definitions).
KNOWN = {"amounts": ("value", "725,000,000"), "items": ("name", "M142 HIMARS"), "dates": ("value", "2024-12-02"),
         "packages": ("parties", "United States (US) → Ukraine (UA)")}


@pytest.fixture(scope="module")
def english():
    from aidextract.api import parse_text

    return Shown(parse_text(ENGLISH, lang="en", reference_date="2024-12-02"), ENGLISH)


@pytest.fixture(scope="module")
def terminal(english) -> list[str]:
    import io

    from aidextract.views import article_console, print_articles

    buffer = io.StringIO()
    print_articles([english], article_console(False, file=buffer, width=400))
    return buffer.getvalue().splitlines()


def test_the_tables_are_the_ones_defined():
    from aidextract.columns import TABLES

    assert list(TABLES) == ["amounts", "items", "dates", "packages"] == list(KNOWN)


@pytest.mark.parametrize("key", list(KNOWN))
def test_terminal_and_html_show_the_same_columns_and_cells(key, english, terminal):
    from aidextract.columns import TABLES

    table = TABLES[key]
    titles = [column.title for column in table.columns]
    rows = table.rows(english.record)
    column, value = KNOWN[key]
    at = [c.key for c in table.columns].index(column)
    assert any(row[at] == value for row in rows), (key, rows)
    # terminal: the title line, the header with every title (in order), then a line per row
    start = terminal.index(next(line for line in terminal if line.startswith(f"{table.title} ({len(rows)})")))
    assert re.split(r"\s{2,}", terminal[start + 1].strip()) == titles
    for line, row in zip(terminal[start + 3:], rows):
        position = 0
        for cell in filter(None, row):
            position = line.index(cell, position) + len(cell)
    assert any(value in line for line in terminal[start + 3:start + 3 + len(rows)])
    # HTML: the same titles over the same cells
    page = tree(render_html([english]))
    (found,) = [t for t in page.iter("table") if t.get("class") == key]
    assert ["".join(th.itertext()) for th in found.iter("th")] == titles
    cells = [["".join(td.itertext()) for td in tr.iter("td")] for tr in found.find("tbody")]
    assert cells == rows
