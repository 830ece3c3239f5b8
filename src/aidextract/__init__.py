"""aidextract: structured, verifiable data from news articles about military aid.

    >>> import aidextract
    >>> record = aidextract.parse_text("The U.S. pledged $425 million to Ukraine.", lang="en")
"""

__version__ = "0.1.0"

__all__ = ["__version__", "parse_text"]


def __getattr__(name: str):  # imported lazily: `aidextract --version` must not load spaCy
    if name == "parse_text":
        from .api import parse_text

        return parse_text
    raise AttributeError(name)
