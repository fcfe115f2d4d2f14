"""Work in progress."""

from spacy.tokens import Doc

from ..record import ArticleRecord
from ..settings import Settings


def run(doc: Doc, record: ArticleRecord, settings: Settings) -> None:
    return None


def prepare(draft, settings):  # temporary until the cleaner lands
    return ArticleRecord(id=draft.id, text=draft.text, headline=draft.headline, published=draft.published)
