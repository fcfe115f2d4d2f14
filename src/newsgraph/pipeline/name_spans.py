"""Where a name begins and ends: the tagger's spans cut to the name, split where a title, an
organisation or a place runs into a person's name, and the people's names the tagger missed.

Token bounds only; the evidence for a mention's type is gathered in `mentions`, and which words of
a Title Case headline are a name's in `headline_words`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from spacy.tokens import Doc, Token

from .. import lexicons
from ..names import is_known_forename, is_known_outlet, is_place_name, known_alias
from . import roles

# Words that end a noun phrase before a name is over ("Patrice Talon of", "Caboolture and").
_TRAILING_WORDS = frozenset({"of", "and", "the", "for", "to", "in", "on", "at", "a", "an", "by", "with", "from", "or"})
# Particles inside people's names: "Abu Mahdi al-Muhandis", "Ursula von der Leyen".
_NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "de", "del", "della", "di", "da", "dos", "du", "van", "von",
                             "der", "den", "ter", "ten", "la", "le", "y", "abu", "bint"})
# A hyphen with a space beside it is a dash too ("the Tax Policy Center - half a percentage point").
_DASHES = frozenset({"—", "–", "--", "-"})
_OPENING, _CLOSING = "([{", ")]}"
_TITLE_OF = frozenset({"of", "to", "for", "at"})
_CONJOINING = frozenset({"and", "&"})
_MAX_NAME_TOKENS = 6
# Spans longer than this are searched for no title or organisation run into a name: names are
# short, and a text built to be slow has spans of thousands of tokens (tests/pathological.py).
_MAX_SPLIT_TOKENS = 12
# Lower-case words inside a name whose other words are capitalised ("Who Gives a Crap", "European
# Court of Justice").
NAME_JOINERS = frozenset({"a", "an", "the", "of", "for", "on", "in", "to"})
# Capitalised words a name is widened over, at most: a name's own words, not a heading's.
_MAX_CAPITALISED = 4


@cache
def organisation_heads() -> frozenset[str]:
    return lexicons.word_list("organisation_heads.txt")


@cache
def place_heads() -> frozenset[str]:
    return lexicons.word_list("place_heads.txt")


@cache
def legal_suffixes() -> frozenset[str]:
    return lexicons.word_list("legal_suffixes.txt")


def organisation_head_words(parts: list[str]) -> list[str]:
    """The words of a name that say it is an organisation (data/organisation_heads.txt), lower-cased:
    its last word ("Tunisian Parliament") and the word before "of" ("Ministry of Defence", "California
    Department of Corrections")."""
    before_of = parts[parts.index("of", 1) - 1] if "of" in parts[1:] else parts[-1]
    words = dict.fromkeys(word.lower().rstrip(".") for word in (parts[-1], before_of))
    return [word for word in words if word in organisation_heads()]


def is_organisation_word(word: str) -> bool:
    return word.lower().rstrip(".") in organisation_heads() or word.lower().rstrip(".") in legal_suffixes()


def is_title_word(token: Token) -> bool:
    lowered = token.lower_
    return (lowered in roles.titles() or lowered in roles.honorifics() or lowered.rstrip(".") in roles.honorifics()
            or token.lemma_.lower() in roles.titles())


def capitalised_only_by_its_sentence(token: Token) -> bool:
    """A word opening its sentence that the article never capitalises elsewhere ("Photographs showed",
    "Violence has"; not "Coles reported" in an article that also has "and Coles")."""
    return token.is_sent_start and not any(t.text == token.text and not t.is_sent_start for t in token.doc)


def cut(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The part of a tagger's span before a line break, a quotation mark, a spaced dash or an
    unclosed bracket ("United States Commission on ... (USCIRF", "Tesco — Netto Poland"): a name
    never runs over them. The part after, when nothing comes before."""
    closed_after = [False] * (end - start + 1)  # whether a closing bracket follows each token
    for i in range(end - 1, start - 1, -1):
        closed_after[i - start] = closed_after[i - start + 1] or doc[i].text in _CLOSING
    opened = False
    for i in range(start, end):
        token = doc[i]
        unclosed = token.text in _OPENING and not closed_after[i - start + 1]
        unopened = token.text in _CLOSING and not opened
        opened = opened or token.text in _OPENING
        # Not at the apostrophe of "Fishmongers' Hall", nor the dash of "Export–Import Bank".
        apostrophe = token.text in ("'", "’") and i > start and not doc[i - 1].whitespace_
        spaced = bool(token.whitespace_) or (i > start and bool(doc[i - 1].whitespace_))
        if (token.is_space or "\n" in token.text or (token.is_quote and not apostrophe)
                or (token.text in _DASHES and spaced) or unclosed or unopened):
            before = any(t.is_alpha for t in doc[start:i])
            # "[Bashar al] Assad": what the writer wrote is after the editor's bracket.
            if before and not (unopened and any(t.is_alpha for t in doc[i + 1 : end])):
                return start, i
            return cut(doc, i + 1, end) if i + 1 < end else (end, end)
    return start, end


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds cut (`cut`), without a leading article or honorific ("Dr Valeria Gazzola",
    which the tagger may read as an organisation), or a trailing possessive, function word or
    punctuation."""
    start, end = cut(doc, start, end)
    # Not "Will" in "Will Rocky Linux provide ...?": an auxiliary opens a question, not a name.
    # Nor "And" in a title-case headline ("Donald Trump And Marco Rubio Miss The Mark").
    while start < end and (doc[start].lower_ in ("the",) or doc[start].is_punct or doc[start].is_space
                           or (doc[start].pos_ in ("AUX", "CCONJ") and doc[start].is_title and end - start > 1)):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].is_space
                           or doc[end - 1].text in ("'", "’") or doc[end - 1].lower_ in _TRAILING_WORDS
                           or _opens_credit(doc, end - 1)):
        end -= 1
    named = start
    while end - named > 1 and doc[named].lower_ in roles.honorifics() and doc[named + 1].is_title:
        named += 1
    rest = doc[named:end]
    # Before a single word, only "Dr Gazzola", "Mme Spanton": "Lady Gaga" and "Miss Universe" are
    # whole names. Before a known place, a title names something else ("Mister America").
    single_word_ok = len(rest) > 1 or all(t.lower_ in roles.surname_honorifics() for t in doc[start:named])
    keep_title = named == start or not single_word_ok or is_place_name(rest.text) or known_alias(rest.text)
    return (start if keep_title else named), end


def _opens_credit(doc: Doc, i: int) -> bool:
    """"Image" in "Susan Rice Image: White House.": a caption's credit, not the end of the name."""
    return i + 1 < len(doc) and doc[i + 1].text == ":" and doc[i].lower_ in lexicons.word_list(
        "caption_credit_words.txt")


def only_titles(doc: Doc, start: int, end: int) -> bool:
    """'Monsenor' or 'Detective Constable' tagged on their own: an honorific, or a title of several
    words, is never a name by itself."""
    if end - start == 1:
        return doc[start].lower_ in roles.honorifics()  # "King", "Major" alone may be surnames
    return doc[start:end].text.lower() in roles.titles() or all(
        t.lower_ in roles.honorifics() or t.lower_ in roles.titles() for t in doc[start:end])


def name_like(doc: Doc, start: int, end: int) -> bool:
    """Capitalised words (and name particles) that could be a person's name, not an
    organisation's or a place's."""
    tokens = doc[start:end]
    if not 0 < len(tokens) <= _MAX_NAME_TOKENS or not tokens[-1].is_title:
        return False
    if any(not (t.is_title or t.is_upper or t.lower_ in _NAME_PARTICLES or t.text in ("-", "'", "’", ".")
                or _joined_by_hyphen(t)) for t in tokens):
        return False
    # Not "Emergencies Ministry", "Karl Marx Avenue" or "Chief Technical Officer" ("Stephen King" is).
    title_end = is_title_word(tokens[-1]) and not (len(tokens) > 1 and is_known_forename(tokens[-2].text))
    if any(is_organisation_word(t.text) for t in tokens) or tokens[-1].lower_ in place_heads() or title_end:
        return False
    text = tokens.text
    return not is_place_name(text) and known_alias(text) is None and not is_known_outlet(text)


def _joined_by_hyphen(token: Token) -> bool:
    """The lower-case second part of a hyphenated given name ("Man-kei", "Kyung-wha")."""
    doc, i = token.doc, token.i
    return (i >= 2 and token.is_alpha and doc[i - 1].text == "-" and not doc[i - 1].whitespace_
            and not doc[i - 2].whitespace_ and doc[i - 2].is_title and doc[i - 2].is_alpha)


def _hyphenated_start(doc: Doc, end: int) -> int | None:
    """Where the hyphenated given name ending before `end` starts ("Wai-ling" in "Wai-ling Chan"), if one does."""
    if end >= 3 and doc[end - 1].is_lower and _joined_by_hyphen(doc[end - 1]):
        return end - 3
    return None


def hand_over_joined_forenames(doc: Doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Tagged spans, with a hyphenated given name the tagger ended another span with moved to the
    person's name right after it ("Amnesty International Wai-ling" + "Chan"): such a word
    ("Wai-ling", "Kyung-wha") is a given name, and it is the person's."""
    spans = list(spans)
    for k in range(len(spans) - 1):
        (start, end, label), (after, after_end, after_label) = spans[k], spans[k + 1]
        joined = _hyphenated_start(doc, end)
        if after == end and after_label == "PERSON" and label != "PERSON" and joined is not None and joined > start:
            spans[k], spans[k + 1] = (start, joined, label), (joined, after_end, after_label)
    return spans


def after_leading_title(doc: Doc, start: int, end: int, personal: bool) -> int:
    """The first token of a person's name after titles the tagger ran into it ("Detective
    Constable Daniel Dubé", "Presidential Spokesperson Harry Roque", "Broadcaster Piers Morgan"),
    else `start`. Unless the tagger read a person (`personal`), the name must have two words:
    "General Motors" is no general."""
    for k in range(end - 1, max(start, end - _MAX_SPLIT_TOKENS), -1):
        if not _ends_in_title(doc, start, k) or not name_like(doc, k, end):
            continue
        if personal or end - k > 1:
            return k
    return start


def _ends_in_title(doc: Doc, start: int, end: int) -> bool:
    """Whether doc[start:end] ends with a title ("... Detective Constable"), not an adjective."""
    if doc[end - 1].pos_ == "ADJ":
        return False
    return any(doc[i:end].text.lower() in roles.titles() for i in range(max(start, end - 5), end)) or (
        doc[end - 1].lemma_.lower() in roles.titles())


def person_after_organisation(doc: Doc, start: int, end: int, personal: bool) -> int | None:
    """Where a person's name starts in a tagger's span that runs an organisation or place into it
    ("First Minister of Scotland Nicola Sturgeon" tagged "Scotland Nicola Sturgeon", "director of
    Amnesty International Man-kei Tam"): after a known place, institution or outlet, or a name
    ending in an organisation's head word, when what follows opens with a known forename or the
    whole follows a title and "of" ("director of ...")."""
    if end - start > _MAX_SPLIT_TOKENS:
        return None
    for k in range(start + 1, end - 1):
        prefix = doc[start:k].text
        place = is_place_name(prefix)
        if personal and place:
            continue  # "Georgia Ann Smith": the tagger read one name
        if not (place or known_alias(prefix) or is_known_outlet(prefix) or is_organisation_word(doc[k - 1].text)):
            continue
        if name_like(doc, k, end) and (is_known_forename(doc[k].text) or after_title_of(doc, start)):
            return k
    return None


def after_title_of(doc: Doc, start: int) -> bool:
    """Whether token `start` follows a title and "of", "to" or "for" ("director of", "Ambassador to the")."""
    before = start - 1
    if before >= 0 and doc[before].lower_ == "the":
        before -= 1
    return before >= 1 and doc[before].lower_ in _TITLE_OF and _ends_in_title(doc, max(0, before - 5), before)


def extend_over_forenames(doc: Doc, start: int, end: int) -> int:
    """A person's span widened over the untagged given name before it ("Mayor of London Sadiq
    Khan", tagged "Khan"): a capitalised proper noun compounded with the name, not a title, a
    known place, or a sentence's first word (unless a known forename). Known forenames may be
    several ("Sławoj Leszek Głódź"); another word only one, and not after another untagged proper
    noun, which makes it the end of a title ("Minority Whip Dick Durbin")."""
    unknown_taken, widest = False, start - _MAX_NAME_TOKENS
    while start > max(0, widest):
        last = doc[start - 1]
        joined = _hyphenated_start(doc, start)
        # A hyphenated given name ("Wai-ling") is one word of three tokens.
        first = joined if joined is not None and not any(t.ent_type_ for t in doc[joined:start]) else start - 1
        token, word = doc[first], doc[first:start].text
        if not (_bare_proper(token) and last.dep_ == "compound" and start <= last.head.i < end):
            break
        # "Chief Executive Carrie Lam": a word that ends a title of several words ends the title too
        if is_title_word(token) or _ends_in_title(doc, max(0, first - 5), start) or is_place_name(word):
            break
        if not is_known_forename(word):
            before = doc[first - 1] if first >= 1 else None
            if unknown_taken or token.is_sent_start or (
                    before is not None and _bare_proper(before) and not is_title_word(before)):
                break
            unknown_taken = True
        start = first
    return start


def extend_over_conjoined_words(doc: Doc, start: int, end: int) -> int:
    """An organisation's span widened over the words its name joins with "and" ("the House Oversight and
    Reform Committee", tagged "Reform Committee"): the capitalised proper nouns before "and" that the parse
    hangs on the name's own words, and those before them ("House"); not a name of its own ("Britain and
    the European Commission": the tagger labels it, or an article stands between)."""
    if start < 2 or not _joins_into(doc, start - 1, start, end):
        return start
    inside = range(start, end)
    first = start - 2
    hangs_on_name = doc[first].head.i in inside or any(c.i in inside for c in doc[first].conjuncts)
    if not (_bare_proper(doc[first]) and hangs_on_name):
        return start
    while first > max(0, start - _MAX_NAME_TOKENS) and _bare_proper(doc[first - 1]) and (
            doc[first - 1].head.i in inside or doc[first - 1].head.i == first) and not doc[first - 1].is_sent_start:
        first -= 1
    return first


def extend_over_institution(doc: Doc, start: int, end: int) -> int:
    """A country's or an organisation's span widened over the institution it is the first words of ("the
    United States House of Representatives", tagged "the United States"): the parse makes its last word a
    compound of the untagged capitalised words after it, which end in a word for an organisation or go on
    with "of" and a capitalised name ("House of Representatives", "Ministry of Foreign Affairs"); not a
    title ("the United States Secretary of State" is a person's)."""
    last = doc[end - 1]
    head = last.head
    if last.dep_ != "compound" or not end <= head.i < end + _MAX_CAPITALISED or is_title_word(head) or any(
            not _bare_proper(t) for t in doc[end:head.i + 1]):
        return end
    after = head.i + 1
    objects = [o for c in head.rights if c.i == after and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
    if objects and all(_bare_proper(t) for t in doc[after + 1:objects[0].i + 1]):
        return objects[0].i + 1
    return after if is_organisation_word(head.text) else end


@cache
def _located_body_heads() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(words.split()) for words in lexicons.word_list("located_body_heads.txt"))


def _names_a_located_body(words: tuple[str, ...]) -> bool:
    """Whether lower-case words end in a word for a body named by its city ("us embassy")."""
    return any(words[-len(head):] == head for head in _located_body_heads())


def extend_over_seat(doc: Doc, start: int, end: int) -> int:
    """An embassy's or consulate's span widened over "in" and the place it sits in ("the US Embassy in
    London", tagged "the US Embassy" and "London"): the place tells one embassy of a country from
    another."""
    words = tuple(token.lower_ for token in doc[start:end])
    if end + 1 >= len(doc) or doc[end].lower_ != "in" or doc[end + 1].ent_type_ != "GPE" or not (
            _names_a_located_body(words)):
        return end
    place = end + 1
    while place + 1 < len(doc) and doc[place + 1].ent_iob_ == "I":
        place += 1
    return place + 1


def without_seat(key: str) -> str:
    """A folded name without the place an embassy or consulate sits in ("us embassy in baghdad": "us
    embassy"): within one article, "the US Embassy in Baghdad", "the US Embassy in Iraq" and "the US Embassy"
    are one body, which keeps its full name."""
    body, found, _ = key.partition(" in ")
    return body if found and _names_a_located_body(tuple(body.split())) else key


def _joins_into(doc: Doc, conjunction: int, start: int, end: int) -> bool:
    """Whether "and" at `conjunction` joins words into the organisation's name start..end: a name that
    ends in a word for an organisation ("Committee")."""
    return doc[conjunction].lower_ in _CONJOINING and is_organisation_word(doc[end - 1].text)


def join_conjoined_organisations(doc: Doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Tagged spans, with an organisation's name the tagger cut in two at its "and" made one ("the Senate
    Homeland Security and Governmental Affairs Committee", tagged "Senate Homeland Security" and
    "Governmental Affairs Committee"): the first part hangs on the second's words in the parse and is no
    organisation's name of its own (it does not end in "Committee", "Council" ...)."""
    joined: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        if joined and label == "ORG" and start >= 1 and _joins_into(doc, start - 1, start, end):
            before_start, before_end, before_label = joined[-1]
            last = doc[start - 2]  # the tagger may have run the "and" into the first part
            if before_end in (start - 1, start) and before_label == "ORG" and before_start <= last.i and (
                    start <= last.head.i < end) and not is_organisation_word(last.text):
                joined[-1] = (before_start, end, label)
                continue
        joined.append((start, end, label))
    return joined


def _bare_proper(token: Token) -> bool:
    """A capitalised proper noun the tagger gave no entity label."""
    return token.pos_ == "PROPN" and not token.ent_type_ and token.is_title and token.is_alpha


def untagged_people(doc: Doc, taken: set[int]) -> Iterator[tuple[int, int]]:
    """Runs of capitalised proper nouns the tagger left unlabelled that are people's names by their
    own evidence ("Cardinal Marc Ouellet of the Holy See said", "Alexis Boon, the head of ..."):
    two words or more after any title, the first a known forename, or a title right before them,
    or an office in apposition; and nothing that ends an organisation's or a place's name."""
    i = 0
    while i < len(doc):
        if i in taken or not _bare_proper(doc[i]):
            i += 1
            continue
        j = i
        while j < len(doc) and j not in taken and _bare_proper(doc[j]):
            j += 1
        if j - i > _MAX_SPLIT_TOKENS:
            i = j
            continue  # a run of capitals that long is a heading or a list, not a name
        start = after_leading_title(doc, i, j, personal=True)
        if start == i and roles.title_before(doc, i) is None:
            # "Represenative Adam Schiff": an unknown word before a known forename is no name.
            start = next((k for k in range(i, j - 1) if is_known_forename(doc[k].text)), i)
        # A forename that is also a place's name ("Paris Climate ...") is no evidence on its own.
        forename = is_known_forename(doc[start].text) and not is_place_name(doc[start].text)
        if j - start >= 2 and name_like(doc, start, j) and not is_title_word(doc[start]) and (
                forename or roles.title_before(doc, start) is not None
                or roles.appositive_role(doc[start:j]) is not None):
            yield start, j
        i = j


def extend_over_capitalised(doc: Doc, start: int, body_start: int) -> int:
    """A name widened over the capitalised words before it that English writes in lower case
    mid-sentence ("producer Who Gives a Crap said", tagged "Crap"): only a name's own words are
    capitalised there. Not in the headline (`body_start`: Title Case capitalises every word), not
    over a title, a proper noun of another name, or a sentence's first word."""
    new_start, i = start, start
    while i > 0 and start - i < _MAX_CAPITALISED:
        token = doc[i - 1]
        if token.lower_ in NAME_JOINERS and token.is_lower and i >= 2 and _capitalised_word(doc[i - 2], body_start):
            i -= 1
        elif _capitalised_word(token, body_start):
            i -= 1
            new_start = i
        else:
            break
    # Mid-sentence means after a word: not after a bracket, a colon or a quotation mark.
    return new_start if new_start == start or doc[new_start - 1].is_alpha else start


def _capitalised_word(token: Token, body_start: int) -> bool:
    return (token.is_title and token.is_alpha and not token.is_sent_start and token.idx >= body_start
            and token.pos_ not in ("PROPN", "NUM", "DET", "AUX") and not token.ent_type_ and token.text != "I"
            and not is_title_word(token))
