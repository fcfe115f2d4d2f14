"""Work in progress."""

from spacy.tokens import Doc

from ..record import ArticleRecord
from ..settings import Settings


def run(doc: Doc, record: ArticleRecord, settings: Settings) -> None:
    return None
