"""How `--jobs` shares a window of articles between workers: by language, within a slack."""

from __future__ import annotations

import pytest

from aidextract.runner import _SLACK, _Router
from aidextract.sources import Article, InputError


def articles(*languages: str | None) -> list:
    return [InputError(f"bad{n}", "binary") if lang == "!" else Article(id=str(n), source=str(n), text="x", language=lang)
            for n, lang in enumerate(languages)]


@pytest.mark.parametrize("languages,expected", [
    # each language has a home worker, given in order of appearance to the worker with fewest
    (["en", "de", "en", "de"], [0, 1, 0, 1]),
    (["en", "bg", "uk", "en", "bg", "uk"], [0, 1, 0, 0, 1, 0]),
    # an input that could not be read goes to no worker: it is reported in its place
    (["en", "!", "de"], [0, None, 1]),
])
def test_languages_keep_their_worker(languages, expected):
    assert _Router(2, None).route(articles(*languages)) == expected


def test_one_language_still_keeps_every_worker_busy():
    chosen = _Router(2, None).route(articles(*["en"] * 64))
    assert abs(chosen.count(0) - chosen.count(1)) <= _SLACK
    assert chosen[:_SLACK] == [0] * _SLACK  # the home worker first


def test_unknown_languages_and_a_forced_language_share_one_home():
    assert _Router(2, None).route(articles(None, None)) == [0, 0]
    assert _Router(2, "de").route(articles("en", "bg")) == [0, 0]


def test_homes_last_across_windows():
    router = _Router(2, None)
    router.route(articles("en", "de"))
    assert router.route(articles("de", "en")) == [1, 0]


def test_work_is_counted_in_characters():
    """One long article weighs as much as many short ones: the short ones go to the other worker."""
    batch = [Article(id="long", source="long", text="x" * 1000, language="en")]
    batch += [Article(id=str(n), source=str(n), text="x" * 10, language="en") for n in range(20)]
    assert _Router(2, None).route(batch) == [0] + [1] * 20
