"""Names that report something, left unlabelled by the tagger: "UNICEF reported ...", "Geingob
tweeted ...", "according to Phivolcs, ...". The small model misses many names, most often of
organisations, acronyms and people named once by surname; where a proper noun is the source of a
reporting verb it is a name by that evidence alone (and a quotation's speaker). Its type is left
to the evidence the mentions stage gathers, except an acronym's: an organisation."""

from __future__ import annotations

from collections.abc import Container, Iterator

from spacy.tokens import Doc, Token

from ..lexicons import word_list
from ..names import fold
from ..nlp import dictionary_words, sentence_of
from .coref.nouns import is_capitalised_person_noun
from .cues import reporting_lemmas
from .name_spans import capitalised_only_by_its_sentence, is_title_word


def reporting_names(doc: Doc, taken: Container[int]) -> Iterator[tuple[int, int, str]]:
    """(start, end, label) of each name in `doc` outside `taken` that reports something; the label
    is "ORG" for an acronym and "" (to be decided by its evidence) otherwise."""
    for token in doc:
        if token.i in taken or not _reports(token):
            continue
        if _is_acronym(token):
            yield token.i, token.i + 1, "ORG"
        elif (name := _proper_name(token, taken)) is not None:
            yield name


def _proper_name(head: Token, taken: Container[int]) -> tuple[int, int, str] | None:
    """The capitalised words the tagger left unlabelled that end in `head`, when they are a whole
    name: not an office ("The Vice President, Mike Pence"), nothing of the name already part of
    another, no number or apposition of its own ("News 12", "a Republican, Mark Amodei"), and a
    single word opening its sentence only if the article capitalises it elsewhere too or it is no
    English word ("Violence has ..." is no name, "Geingob tweeted" and "Rappler reported" are)."""
    if not _tagged_as_name(head) or not head.text[:1].isupper() or head.is_upper or is_title_word(head):
        return None
    parts = [child for child in head.children if child.dep_ in ("compound", "flat", "nummod", "appos", "amod")]
    start = head.i
    while start > 0 and start <= head.doc[start - 1].head.i <= head.i and _capitalised(head.doc[start - 1]):
        start -= 1  # "Emergency Situations Ministry": a word of the name may hang on another
    if any(not start <= part.i < head.i for part in parts) or any(i in taken for i in range(start, head.i)):
        return None
    # "Dr Gazzola", "US Speaker Pelosi": the name after its titles.
    start = max([start, *(word.i + 1 for word in head.doc[start : head.i] if is_title_word(word))])
    if start == head.i and is_capitalised_person_noun(head):
        return None  # "the Republican said": one of the party, not a name
    words = dictionary_words()
    if start == head.i and capitalised_only_by_its_sentence(head) and (not words or head.lower_ in words):
        return None
    return start, head.i + 1, ""


def _tagged_as_name(token: Token) -> bool:
    """A proper noun, or a capitalised common noun that is no English word, accents aside ("O’Donnell
    said", which the tagger read as a noun after a quotation; not "Fiancée ... demands")."""
    words = dictionary_words()
    spellings = {token.lower_, token.lemma_.lower(), fold(token.text), fold(token.lemma_)}
    return token.tag_ == "NNP" or (token.tag_ in ("NN", "NNS") and bool(words) and not spellings & words)


def _capitalised(token: Token) -> bool:
    return token.pos_ == "PROPN" and (token.is_title or token.is_upper)


def _is_acronym(token: Token) -> bool:
    # The tagger reads an unknown acronym as a common noun as often as a proper one; a sentence in
    # capitals throughout (a shouted headline) has no acronyms to tell apart.
    text = token.text
    return (3 <= len(text) <= 8 and text.isalpha() and text.isupper() and token.pos_ in ("PROPN", "NOUN")
            and text.lower() not in word_list("acronyms_not_organisations.txt")
            and any(word.is_lower for word in sentence_of(token)))


def _reports(token: Token) -> bool:
    head = token.head
    if token.dep_ == "nsubj":
        return head.lemma_.lower() in reporting_lemmas()
    return token.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"
