"""The extraction knowledge in models/ is well-formed, and generated files match their sources."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import spacy
import yaml

from aidextract.records import CATEGORIES, QUALIFIERS
from aidextract.resources import LANGUAGES, language, lexicon, models_dir
from aidextract.schemas import Invalid, LanguageFile, validated

LANG_KEYS = {"code", "name", "inflection", "numbers", "scales", "currencies", "currency_connectors",
             "qualifiers", "dates", "counting", "cues"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_file_has_every_section(lang):
    raw = yaml.safe_load((models_dir() / "lang" / f"{lang}.yaml").read_text(encoding="utf-8"))
    assert set(raw) >= LANG_KEYS, LANG_KEYS - set(raw)
    validated(LanguageFile, raw, Path(f"{lang}.yaml"))
    data = language(lang)
    assert set(data.qualifiers.values()) <= set(QUALIFIERS)
    assert all(1 <= m <= 12 for m in data.months.values())
    assert all(0 <= d <= 6 for d in data.weekdays.values())
    assert all(set(offset) <= {"days", "weeks", "months", "years"} for offset in data.relative_dates.values())
    assert all(len(code) == 3 and code.isupper() for code in data.currencies.values())
    assert data.decimal in (".", ",")


# a copy of a language file with one mistake: the error names the file and the key
BROKEN_LANGUAGE_FILES = [
    ("misspelled key", lambda raw: raw["dates"].update(monhts=raw["dates"].pop("months")), "dates.monhts"),
    ("unknown section", lambda raw: raw.update(scale=raw.pop("scales")), "scale"),
    ("wrong type", lambda raw: raw["inflection"].update(min_stem="three"), "inflection.min_stem"),
    ("unknown aid status", lambda raw: raw["cues"]["aid"].update(promised="promised"), "cues.aid.promised"),
    ("unknown cue kind", lambda raw: raw["cues"].update(pendign=["vote"]), "cues.pendign"),
    ("YAML's yes is no word", lambda raw: raw["counting"]["fillers"].append(True), "counting.fillers"),
]


@pytest.mark.parametrize("mistake, edit, key", BROKEN_LANGUAGE_FILES, ids=[m[0] for m in BROKEN_LANGUAGE_FILES])
def test_a_broken_language_file_fails_with_its_name_and_key(tmp_path, mistake, edit, key):
    copy = tmp_path / "en.yaml"
    raw = yaml.safe_load((models_dir() / "lang" / "en.yaml").read_text(encoding="utf-8"))
    edit(raw)
    copy.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(Invalid) as failure:
        validated(LanguageFile, yaml.safe_load(copy.read_text(encoding="utf-8")), copy)
    assert str(copy) in str(failure.value) and key in str(failure.value)


def test_lexicon_has_250_entries_with_unique_names_and_valid_categories():
    entries = lexicon()
    assert len(entries) >= 250
    names = Counter(entry.name for entry in entries)
    assert [name for name, n in names.items() if n > 1] == []
    assert {entry.category for entry in entries} <= set(CATEGORIES)
    assert all(set(entry.aliases) <= {"any", *LANGUAGES} for entry in entries)


def test_ammunition_names_a_generic_or_system_entry_and_munitions_are_generic():
    entries = {entry.name: entry for entry in lexicon()}
    assert [e.name for e in entries.values() if e.ammunition and entries.get(e.ammunition) is None] == []
    assert [e.name for e in entries.values() if e.munition and e.kind != "generic"] == []


def _aliases(lang):
    for entry in lexicon():
        for alias in [*entry.aliases.get("any", ()), *entry.aliases.get(lang, ())]:
            yield entry, alias


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_alias_is_found_as_its_own_entry(lang):
    """Each alias, alone in a sentence, must be read back as the entry it belongs to (a phrase that
    names no item, as nothing)."""
    from aidextract.pipeline import load

    nlp = load(lang)
    wrong = []
    for entry, alias in _aliases(lang):
        doc = nlp(f"{alias}")
        names = [item.name for item in doc._.aid.items]
        if names != ([] if entry.kind == "not_item" else [entry.name]):
            wrong.append((alias, entry.name, names))
    assert wrong == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_stored_pipeline_loads_with_spacy_and_matches_its_sources(lang):
    """models/pipeline/<lang> is generated: its compiled phrases must be what models/ gives today
    (`make models` after any change to the data)."""
    from aidextract.pipeline import build, pipeline_dir

    stored, fresh = spacy.load(pipeline_dir(lang)), build(lang)
    assert stored.pipe_names == fresh.pipe_names
    assert stored.meta["name"] == f"aidextract_{lang}"
    rules = {"exclude": ["vocab"]}
    assert stored.tokenizer.to_bytes(**rules) == fresh.tokenizer.to_bytes(**rules), "tokenizer: stale, run `make models`"
    for name in ("aidextract_cues", "aidextract_entities", "aidextract_items"):
        old, new = stored.get_pipe(name), fresh.get_pipe(name)
        assert old.phrases.patterns == new.phrases.patterns, f"{name}: stale, run `make models`"
        assert old.meta == new.meta, f"{name}: stale, run `make models`"


def test_generated_countries_match_cldr():
    pytest.importorskip("babel")
    pytest.importorskip("pycountry")
    from aidextract.build import countries_yaml

    stored = (models_dir() / "entities" / "countries.yaml").read_text(encoding="utf-8")
    assert stored == countries_yaml(), "models/entities/countries.yaml is stale: run `make models`"


def test_run_time_needs_neither_babel_nor_pycountry():
    """Generated data ships in models/: extraction never imports the libraries that generate it."""
    import subprocess
    import sys

    code = ("import sys; from aidextract import parse_text; "
            "parse_text('Deutschland liefert der Ukraine 2 IRIS-T SLM.', lang='de'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('babel', 'pycountry')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _models_copy(tmp_path, monkeypatch):
    """lexicon/ and entities/ copied to a temporary models/ that resources reads instead."""
    import shutil

    from aidextract import resources

    copy = tmp_path / "models"
    for kind in ("lang", "lexicon", "entities"):
        shutil.copytree(models_dir() / kind, copy / kind, ignore=shutil.ignore_patterns("languages"))
    monkeypatch.setattr(resources, "models_dir", lambda: copy)
    return copy


def test_a_language_adds_its_words_to_shared_entries_in_files_of_its_own(tmp_path, monkeypatch):
    from aidextract.resources import entities

    copy = _models_copy(tmp_path, monkeypatch)
    (copy / "lexicon" / "languages").mkdir()
    (copy / "lexicon" / "languages" / "xx.yaml").write_text("M142 HIMARS: [raketwerper HIMARS]\n", encoding="utf-8")
    (copy / "entities" / "languages").mkdir()
    (copy / "entities" / "languages" / "xx.yaml").write_text("UA: {aliases: [Oekraïne], demonyms: [Oekraïens]}\n",
                                                             encoding="utf-8")
    himars = next(entry for entry in lexicon.__wrapped__() if entry.name == "M142 HIMARS")
    assert himars.aliases["xx"] == ("raketwerper HIMARS",) and "en" in himars.aliases
    ukraine = next(entry for entry in entities.__wrapped__() if entry.code == "UA")
    assert ukraine.aliases["xx"] == ("Oekraïne",) and ukraine.demonyms["xx"] == ("Oekraïens",)
    assert "Україна" in ukraine.aliases["uk"]


def test_a_language_file_for_an_entry_that_does_not_exist_fails_with_its_name(tmp_path, monkeypatch):
    copy = _models_copy(tmp_path, monkeypatch)
    (copy / "lexicon" / "languages").mkdir()
    (copy / "lexicon" / "languages" / "xx.yaml").write_text("M142 HIMRAS: [HIMARS]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"xx\.yaml: no lexicon entry is named 'M142 HIMRAS'"):
        lexicon.__wrapped__()


@pytest.mark.parametrize("letter, capital", [("Ł", True), ("Ś", True), ("Ż", True), ("È", True), ("Ё", True),
                                             ("Є", True), ("Č", True), ("ł", False), ("a", False), ("я", False)])
def test_capitals_come_from_the_alphabets_of_identification_yaml(letter, capital):
    import re

    from aidextract.extract.items import capital as capitals

    assert bool(re.fullmatch(capitals(), letter)) is capital


def test_a_word_listed_twice_in_one_mapping_fails_with_its_line(tmp_path):
    """YAML would keep the last of two equal keys without a word (one meaning lost)."""
    from aidextract.resources import load_yaml

    copy = tmp_path / "en.yaml"
    copy.write_text("cues:\n  aid:\n    send: pledged\n    sent: delivered\n    send: delivered\n", encoding="utf-8")
    with pytest.raises(Invalid, match=r"duplicate key 'send'[\s\S]*line 5"):
        load_yaml(copy)
