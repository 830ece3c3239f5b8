"""The stored spaCy pipeline is the product: `spacy.load(models/pipeline/<xx>)(text)` finds what
`parse_text(text)` finds, reads its reference date from the Doc or from its config, shows its
results as `doc.spans`, and leaves the shared vocabulary's NORM alone."""

from __future__ import annotations

import functools

import pytest
import spacy
from conftest import ROOT, SAMPLES
from spacy import displacy

from aidextract.api import parse_text, record_of
from aidextract.language import detect
from aidextract.pipeline import pipeline_dir
from aidextract.sources import Article

TEXTS = sorted(SAMPLES.glob("*.txt")) + sorted((ROOT / "tests" / "gold" / "texts").glob("*.txt"))[::4]


@functools.cache
def stored(lang: str) -> spacy.language.Language:
    return spacy.load(pipeline_dir(lang))


def _record(nlp, text: str, lang: str):
    return record_of(Article(id="text", source="<text>", text=text), lang, nlp(text)._.aid)


@pytest.mark.parametrize("path", TEXTS, ids=[p.name for p in TEXTS])
def test_spacy_load_finds_what_parse_text_finds(path):
    text = path.read_text(encoding="utf-8")
    lang = detect(text)
    assert _record(stored(lang), text, lang) == parse_text(text, lang=lang)


def test_the_pipeline_prepares_its_text_itself():
    """Boilerplate lines are blanked and long runs broken by the pipeline's own tokenizer."""
    text = "Germany pledged €500 million to Ukraine.\nSource link\n" + "$" * 450 + " Kyiv received 3 IRIS-T SLM systems."
    doc = stored("en")(text)
    assert doc.text.splitlines()[1].strip() == ""                  # "Source link" blanked
    assert _record(stored("en"), text, "en") == parse_text(text, lang="en")
    assert [item.text for item in doc._.aid.items] == ["IRIS-T SLM systems"]


@pytest.mark.parametrize("how", ["user data", "config"])
def test_the_reference_date_comes_from_the_doc_or_from_the_config(how):
    text = "Britain will send Ukraine 20 AS-90 guns on 13 March."
    if how == "user data":
        nlp = stored("en")
        doc = nlp.make_doc(text)
        doc.user_data["reference_date"] = "2024-11-13"
        doc = nlp(doc)
    else:
        nlp = spacy.load(pipeline_dir("en"), config={"components": {"aidextract_dates": {"reference_date": "2024-11-13"}}})
        doc = nlp(text)
    assert [d.value for d in doc._.aid.dates] == ["2025-03-13"]
    assert doc._.aid.reference_source == "input"
    assert [d.value for d in stored("en")(text)._.aid.dates] == [None]  # no reference date: no year


def test_results_are_spacy_spans_that_displacy_renders():
    text = "Germany will deliver 4 IRIS-T SLM systems and 20 Marder vehicles to Ukraine, worth €500 million."
    doc = stored("en")(text)
    assert [(s.text, s.label_) for s in doc.spans["items"]] == [("IRIS-T SLM systems", "air_defense"),
                                                                 ("Marder", "armored_vehicles")]
    assert [(s.text, s.label_) for s in doc.spans["amounts"]] == [("€500 million", "EUR")]
    assert [s.label_ for s in doc.spans["packages"]] == ["DE→UA"]
    html = displacy.render(doc, style="span", options={"spans_key": "items"})
    assert "IRIS" in html and "air_defense" in html and "armored_vehicles" in html


def test_stems_stay_off_the_shared_vocabulary():
    """Our stems live on the Doc: the words' NORM in the vocabulary stays spaCy's own."""
    nlp = stored("uk")
    doc = nlp("Німеччина передала Україні ще два комплекси IRIS-T.")
    assert doc._.aid.entities and nlp.vocab["Україні"].norm_ == "україні"
