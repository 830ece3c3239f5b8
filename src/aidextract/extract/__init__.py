"""The extractors: one spaCy pipeline component each, registered as factories.

Order in the pipeline: stems -> sentences -> cues -> entities -> amounts -> dates -> items ->
packages -> spans. Each component reads the text and earlier results on `doc._.aid` and adds its
own; the last one also gives them to `doc.spans`.
"""

COMPONENTS = (
    "aidextract_stems",
    "aidextract_sentences",
    "aidextract_cues",
    "aidextract_entities",
    "aidextract_amounts",
    "aidextract_dates",
    "aidextract_items",
    "aidextract_packages",
    "aidextract_spans",
)
