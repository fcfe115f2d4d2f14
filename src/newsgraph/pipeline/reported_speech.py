"""Attributions read off the dependency parse: a reporting verb, its subject and what it reports.

Covers indirect speech ("Zelenskyy has said Ukraine does not..."), mixed quotation (an indirect
clause holding a quoted fragment), direct quotation attached to its verb by the parser, object
frames ("criticised the plan"), inverted cues ('..., said Rutte') and "according to X".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from ..nlp import doc_text, sentence_of
from .candidates import Candidate, Offsets, subtree_offsets, token_end, trim, trim_content
from .cues import CueEntry, cue_bounds, cue_entry
from .quotemarks import QuoteMarks
from .roles import titles

_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_CLAUSE_DEPS = ("ccomp",)
_SHARED_SUBJECT_DEPS = ("conj", "advcl", "xcomp", "pcomp")
_EMPTY_SUBJECTS = frozenset({"there", "this", "that", "which"})
# "the newspaper, which endorsed Clinton": the relative pronoun stands for the noun it follows.
_RELATIVES = frozenset({"which", "that", "who", "whom"})
# Right-hand dependents of an object-frame cue that belong to what is reported:
# "accused Trump [of using divisive rhetoric]", "called the plan [rotten]", "described it [as absurd]".
_OBJECT_TAIL_DEPS = frozenset({"dobj", "oprd", "prep", "xcomp", "ccomp", "attr", "dative"})
_OBJECT_DEPS = ("dobj", "attr", "oprd")
# "accused Trump of...", "criticised him for...", "described it as...": these prepositions carry on
# the reported content; "in a statement", "on Facebook", "at a rally" are where, not what.
_OBJECT_TAIL_PREPOSITIONS = frozenset({"of", "for", "as", "over", "about", "with", "to", "against", "on"})
# Base confidence by rule; the quotes stage may lower it for weak evidence.
_SCORES = {"clause": 0.85, "inverted": 0.8, "parenthetical": 0.8, "object": 0.6, "xcomp": 0.6, "prep": 0.6,
           "according_to": 0.85}
_COGNITION_PENALTY = 0.1
_NOBODY = frozenset({"nobody", "none", "noone", "no-one"})
_NEGATORS = frozenset({"no", "not", "neither"})


def _subject(verb: Token) -> Token | None:
    """The verb's grammatical subject; for a coordinated verb without one ("but insisted"), its head's."""
    if names_without_reporting(verb):
        return _agent(verb)  # "a programme called ...", "a letter posted online by ..."
    subjects = [child for child in verb.children if child.dep_ in _SUBJECT_DEPS]
    if subjects:
        # 'BUFFALO, N.Y. — "...," said Mary Jones': the parser can take a dateline for a second
        # subject; the speaker is the one nearest the verb.
        subject = min(subjects, key=lambda child: abs(child.i - verb.i))
        # "Staff were told by their managers that...": a passive's agent speaks, its subject listens.
        return _agent(verb) or subject if subject.dep_ == "nsubjpass" else subject
    agent = _agent(verb)
    if agent is not None:
        return agent
    # "but insisted that...", "..., saying that...", "is correct to note that...", "distanced himself
    # by saying...": the subject is the governing verb's.
    head = verb.head
    if verb.dep_ == "pcomp" and head.pos_ == "ADP":
        head = head.head
    if verb.dep_ in _SHARED_SUBJECT_DEPS and head.pos_ in ("VERB", "AUX") and head.i != verb.i:
        return _subject(head)
    # "the share of Republicans saying that...": the noun the participle describes.
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN"):
        return head
    return None


def _agent(verb: Token) -> Token | None:
    """The object of a passive verb's "by" phrase."""
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def names_without_reporting(verb: Token) -> bool:
    """A past participle right after the noun it describes ("a programme called 'Bridges'", "a
    manifesto posted online"): it names or places something, it does not report anyone's words.
    The parser tags it VBD as often as VBN, and hangs it from the noun or from the clause's verb."""
    if verb.tag_ not in ("VBN", "VBD") or any(
            child.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for child in verb.children):
        return False
    if verb.dep_ in ("acl", "amod"):
        return verb.head.i < verb.i
    return verb.dep_ == "advcl" and verb.i > 0 and verb.doc[verb.i - 1].pos_ in ("NOUN", "PROPN")


def source_offsets(doc: Doc, subject: Token, verb: Token | None = None) -> Offsets:
    """The speaker's noun phrase as the parser draws it, relative clauses included (as PolNeAR
    marks them more often than not); an appositive source keeps its closing comma."""
    if verb is not None and _governs(subject, verb):
        # The cue hangs inside the speaker's phrase ("Republicans saying..."): stop at the noun.
        start, end = trim(doc_text(doc), subject.left_edge.idx, token_end(subject))
        return start, end
    start, end = subtree_offsets(subject)
    participle = _participle_after_comma(subject)
    if participle is not None:
        end = doc[participle.left_edge.i - 1].idx
    dateline = _DATELINE.match(doc_text(doc), start, end + 4)
    if dateline is not None and dateline.end() >= end and verb is not None and verb.idx > dateline.end():
        # The parser took the dateline for the subject: the speaker is what stands before the verb.
        start, end = dateline.end(), verb.idx
    elif dateline is not None and dateline.end() < end:
        start = dateline.end()
    return with_closing_comma(doc, *trim(doc_text(doc), start, end))


def _governs(head: Token, token: Token) -> bool:
    """Whether `head` is an ancestor of `token`. A subtree lies within its edges, so a token outside
    them is answered at once, without walking up a chain of clauses as deep as the sentence."""
    if not head.left_edge.i <= token.i <= head.right_edge.i:
        return False
    return head in token.ancestors


def _participle_after_comma(subject: Token) -> Token | None:
    """'Trump, speaking to a veterans group,' : PolNeAR leaves the participle out of the source
    (87 times in train, in 54)."""
    for child in subject.rights:
        if child.dep_ == "acl" and child.tag_ == "VBG" and child.left_edge.i > subject.i + 1 \
                and child.doc[child.left_edge.i - 1].text == ",":
            return child
    return None


# 'WASHINGTON -- ', 'FLINT, Mich., Oct. 4 (UPI) — ': a dateline the parser hangs from the subject or
# takes for it; never part of a source in PolNeAR's train.
_DATELINE = re.compile(r"[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+)*(?:,[^\n—–]{0,40}?)?[^\S\n]+(?:--|—|–|-)[^\S\n]+")


def with_closing_comma(doc: Doc, start: int, end: int) -> Offsets:
    """An appositive source ("the minister, Anne Martin,") keeps its closing comma, as PolNeAR
    marks it: the comma right after a source that holds a comma of its own."""
    text = doc_text(doc)
    if "," in text[start:end] and text[end : end + 1] == ",":
        end += 1
    return start, end


def _clause_child(verb: Token) -> Token | None:
    children = [c for c in verb.children if c.dep_ in _CLAUSE_DEPS]
    if not children:
        return None
    # Prefer the clause after the verb: "X said that Y" over a fronted clause.
    after = [c for c in children if c.i > verb.i]
    return (after or children)[0]


def _object_child(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _OBJECT_DEPS and child.i > verb.i and (
            child.pos_ != "PRON" or any(c.dep_ in ("oprd", "xcomp", "prep") for c in verb.rights if c.i > child.i)
        ):
            return child  # a pronoun only with what is said of it: "called him a liar"
    return None


def _is_new_attribution(token: Token) -> bool:
    """A reporting verb that starts an attribution of its own: coordinated or adverbial (", adding
    that..."), or after a semicolon with its own subject ('...; TVN24 reported he had surgery')."""
    if cue_entry(token) is None:
        return False
    if token.dep_ in ("advcl", "conj", "parataxis"):
        return True
    doc, left = token.doc, token.left_edge.i
    while left < token.i and doc[left].is_punct and doc[left].text != ";":
        left += 1
    semicolon = doc[left].text == ";" or (left > 0 and doc[left - 1].text == ";")  # in its subtree or not
    return semicolon and _own_subject(token) is not None


def _right_extent(verb: Token, first: Token, deps: frozenset[str] | None = None) -> int:
    """Token index where a reported content starting at `first` ends (exclusive).

    PolNeAR's content runs on past the reported clause through what the cue governs to its right
    ("said he will support the nominee, but he does not want..."), up to a second reporting verb
    (", adding that...") or, for object frames, the first dependent that is not part of the object.
    """
    end = first.right_edge.i + 1
    for child in verb.rights:
        if child.i <= first.i:
            continue
        if _is_new_attribution(child) or (deps is not None and not child.is_punct and (
            child.dep_ not in deps or (child.dep_ == "prep" and child.lower_ not in _OBJECT_TAIL_PREPOSITIONS)
        )):
            break
        if child.dep_ == "cc" or child.is_punct:
            continue
        end = child.right_edge.i + 1
    return end


def _inverted_content(doc: Doc, verb: Token) -> Offsets | None:
    """'The plan is dead, he said.': the content precedes the verb, which hangs off it as parataxis."""
    if verb.dep_ not in ("parataxis", "ccomp") or verb.head.i > verb.i:
        return None
    if any(child.dep_ == "mark" for child in verb.children):
        return None  # "whether a manifesto posted online ...": a subordinate clause, not a cue
    left = verb.left_edge.i
    sentence = sentence_of(verb)
    if left <= sentence.start or not _sets_off(doc[left - 1]):
        return None
    return sentence.start_char, doc[left - 1].idx + len(doc[left - 1].text)


def _fronted_content(doc: Doc, verb: Token) -> Offsets | None:
    """'Al Jazeera reported on Thursday, coverage had risen.': a cue with its subject, set off by a
    comma before what it reports, which the parser takes for the main clause and hangs it from."""
    if verb.dep_ not in ("ccomp", "parataxis") or verb.head.i < verb.i or _own_subject(verb) is None:
        return None
    if any(child.dep_ in ("mark", "ccomp", "dobj") for child in verb.children):
        return None  # "if he said so, ...", "he said that, and ...", "he reported the theft, ..."
    comma = verb.right_edge.i + 1
    sentence = sentence_of(verb)
    if comma + 1 >= sentence.end or doc[comma].text != "," or verb.left_edge.i != _clause_start(sentence):
        return None
    return doc[comma + 1].idx, sentence.end_char


def _clause_start(sentence: Span) -> int:
    """The first word of `sentence` after any opening punctuation."""
    return next((t.i for t in sentence if not (t.is_punct or t.is_space)), sentence.start)


def _sets_off(token: Token) -> bool:
    """Whether `token` sets off an inverted cue from what it reports ('The plan is dead, he said',
    '"...," she said', '... — officials said')."""
    return token.is_punct and token.text not in "([{"


def _parenthetical_content(doc: Doc, verb: Token) -> list[Offsets] | None:
    """'Vice President Joe Biden, Rubio said, had been in the Senate...': a cue set off by commas
    inside the sentence it reports; the content is the sentence around it, in two spans."""
    if verb.dep_ not in ("parataxis", "ccomp", "advcl") or verb.head.i < verb.i:
        return None
    # A parenthetical cue names its own speaker (", Rubio said,"); a subordinate clause without one
    # ("when asked about the talks, Lammy said...") is a circumstance of the main clause.
    if not any(child.dep_ in _SUBJECT_DEPS for child in verb.children):
        return None
    words = [t for t in verb.subtree if not t.is_punct]
    left, right = words[0].i, words[-1].i
    sentence = sentence_of(verb)
    if left <= sentence.start or right + 1 >= sentence.end:
        return None
    if doc[left - 1].text != "," or doc[right + 1].text != ",":
        return None
    before = (sentence.start_char, doc[left - 1].idx)
    after = (token_end(doc[right + 1]), sentence.end_char)
    return [before, after]


def _content_for(doc: Doc, verb: Token, entry: CueEntry) -> tuple[list[Offsets], str, Token | None] | None:
    """(content spans, rule, last token of the cue) by the entry's frames in order of preference."""
    for frame in entry.frames:
        if frame.kind == "clause":
            clause = _clause_child(verb)
            if clause is not None:
                if clause.i < verb.i:
                    return [subtree_offsets(clause)], "inverted", None
                end = _right_extent(verb, clause)
                return [(clause.left_edge.idx, token_end(doc[end - 1]))], "clause", None
            inverted = _inverted_content(doc, verb)
            if inverted is not None:
                return [inverted], "inverted", None
            fronted = _fronted_content(doc, verb)
            if fronted is not None:
                return [fronted], "clause", None
            parenthetical = _parenthetical_content(doc, verb)
            if parenthetical is not None:
                return parenthetical, "parenthetical", None
        elif frame.kind == "object":
            obj = _object_child(verb)
            if obj is not None:
                end = _right_extent(verb, obj, _OBJECT_TAIL_DEPS)
                return [(obj.left_edge.idx, token_end(doc[end - 1]))], "object", None
        elif frame.kind == "xcomp":
            xcomp = next((c for c in verb.rights if c.dep_ == "xcomp"), None)
            if xcomp is not None:
                return [subtree_offsets(xcomp)], "xcomp", None
        elif frame.kind == "prep":
            for child in verb.rights:
                if child.dep_ == "prep" and child.lower_ in frame.prepositions:
                    objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                    if objects:
                        return [(objects[0].left_edge.idx, token_end(objects[0].right_edge))], "prep", child
    return None


def _around_cue(doc: Doc, verb: Token, subject: Token | None, content: list[Offsets]) -> list[Offsets]:
    """A content that holds its own cue ("donations, which he said were favours": the parser puts
    "which" in the clause) is the part before the speaker and the part after the cue."""
    start = subject.left_edge.idx if subject is not None and subject.i < verb.i else verb.idx
    end = token_end(verb)
    result: list[Offsets] = []
    for s, e in content:
        if s < start and end < e:
            result += [(s, start), (end, e)]
        else:
            result.append((s, e))
    return result


def _passive_without_agent(verb: Token) -> Token | None:
    """'She is expected to win': the subject of a passive cue with no "by" phrase is content, not source."""
    if any(c.dep_ == "agent" for c in verb.children):
        return None
    return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)


def _candidate(doc: Doc, verb: Token, entry: CueEntry, marks: QuoteMarks, subject: Token | None = None
               ) -> Candidate | None:
    found = _content_for(doc, verb, entry)
    if found is None:
        return None
    content, rule, cue_last = found
    subject = subject or _subject(verb)
    if rule == "inverted" and subject is not None and content[0][0] < subject.idx < verb.idx:
        # '"...," another friend said': the content stops where its speaker starts.
        content = [(content[0][0], min(content[0][1], subject.left_edge.idx))]
    spans = [trim_content(doc, s, e, marks) for s, e in _around_cue(doc, verb, subject, content)]
    passive_subject = _passive_without_agent(verb) if rule == "xcomp" else None
    if passive_subject is not None:
        subject = None
        spans.insert(0, trim(doc_text(doc), *subtree_offsets(passive_subject)))
    elif subject is not None and subject.dep_ == "nsubjpass" and rule == "clause":
        subject = None  # "Staff were told the office would close": who told them is not said
    elif subject is None:
        return None
    elif ((subject.lower_ in _EMPTY_SUBJECTS and not (verb.dep_ == "relcl" and subject.lower_ in _RELATIVES))
          or (subject.lower_ == "it" and entry.cls not in ("speech", "evidence"))
          or _lets(doc, subject) or _nobody(subject)):
        # "there is said to be...": no speaker; "it said" is an organisation speaking; "let's say
        # I bought it" supposes, "not everyone agreed" denies: they report nothing.
        return None
    spans = [(s, e) for s, e in spans if e > s]
    if not spans:
        return None
    cue_start, cue_end = cue_bounds(verb)
    if cue_last is not None:
        cue_end = max(cue_end, cue_last.i + 1)
    score = _SCORES[rule] - (_COGNITION_PENALTY if entry.cls in ("cognition", "evidence") else 0.0)
    return Candidate(
        content=spans,
        cue=(doc[cue_start].idx, token_end(doc[cue_end - 1])),
        source=source_offsets(doc, subject, verb) if subject is not None else None,
        rule=f"{rule}:{entry.cls}",
        score=score,
        cue_token=verb.i,
        source_token=subject.i if subject is not None else None,
        cue_class=entry.cls,
    )


def _nobody(subject: Token) -> bool:
    """A subject that denies anyone said it: "nobody", "none of them", "no one", "not everyone"."""
    return subject.lower_ in _NOBODY or any(
        child.i < subject.i and child.lower_ in _NEGATORS for child in subject.children)


def _lets(doc: Doc, subject: Token) -> bool:
    return subject.lower_ in ("'s", "’s") and subject.i > 0 and doc[subject.i - 1].lower_ == "let"


def _second_cue(doc: Doc, candidate: Candidate) -> Token | None:
    """'He says A and says B', 'said A — asserting B': the parser hangs the second reporting verb
    inside A. It shares the first one's subject and starts an attribution of its own."""
    start, end = candidate.content[-1]
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or candidate.cue_token is None:
        return None
    # Only the document's possible second cues are read, not every token of every content (a
    # sentence of hundreds of reporting verbs made that quadratic).
    possible = _possible_second_cues(doc)
    for k in range(bisect_left(possible, span.start + 1), bisect_left(possible, span.end)):
        token = doc[possible[k]]
        if token.head.i != candidate.cue_token:
            return token
    return None


_SECOND_CUES_KEY = "newsgraph.possible_second_cues"


def _possible_second_cues(doc: Doc) -> list[int]:
    """Indices of the tokens that can start an attribution of their own inside another's content:
    a coordinated or adverbial reporting verb after a conjunction or punctuation, without a subject."""
    found = doc.user_data.get(_SECOND_CUES_KEY)
    if found is None:
        found = doc.user_data[_SECOND_CUES_KEY] = [
            token.i for token in doc
            if token.i > 0 and token.dep_ in ("conj", "advcl") and token.tag_ in ("VBD", "VBZ", "VBP", "VBG")
            and (doc[token.i - 1].dep_ == "cc" or doc[token.i - 1].is_punct)
            and cue_entry(token) is not None and _own_subject(token) is None]
    return found


def says_something(doc: Doc, start: int, end: int) -> bool:
    """Not just punctuation or a sentence adverbial ("In addition", "In fact", ".)")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not any(t.is_alpha for t in span):
        return False
    return len(span) > 3 or any(t.pos_ in ("VERB", "AUX") for t in span)


def _own_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)


def verb_candidates(doc: Doc, marks: QuoteMarks) -> Iterator[Candidate]:
    """An attribution for each reporting verb outside quotation marks that has a subject and a content."""
    shared_subject: dict[int, Token] = {}
    for token in doc:
        entry = cue_entry(token)
        if entry is None or marks.inside(token.idx, token_end(token)):
            continue
        candidate = _candidate(doc, token, entry, marks, shared_subject.get(token.i))
        if candidate is None:
            continue
        second = _second_cue(doc, candidate) if candidate.source_token is not None else None
        if second is not None:
            cut = doc[second.i - 1] if doc[second.i - 2].text not in ",;—–" else doc[second.i - 2]
            start, _ = candidate.content[-1]
            candidate.content[-1] = trim(doc_text(doc), start, cut.idx)
            shared_subject[second.i] = doc[candidate.source_token]  # type: ignore[index]
        yield candidate


def according_to_candidates(doc: Doc, marks: QuoteMarks) -> Iterator[Candidate]:
    """'A, according to X.' / 'According to X, A.' / 'Per X, A.': the rest of the sentence is the content."""
    for token in doc:
        preposition = _attributing_preposition(doc, token)
        if preposition is None:
            continue
        objects = [c for c in preposition.children if c.dep_ == "pobj"]
        if not objects or marks.inside(token.idx, token_end(preposition)):
            continue
        source = objects[0]
        source_start, source_end = _source_phrase(doc, source)
        sentence = sentence_of(token)
        phrase_start, phrase_end = token.idx, source_end
        before = trim(doc_text(doc), sentence.start_char, phrase_start)
        after = trim(doc_text(doc), phrase_end, sentence.end_char)
        content = [span for span in (before, after) if span[1] - span[0] > 1]
        content = [trim_content(doc, s, e, marks) for s, e in content]
        content = [(s, e) for s, e in content if says_something(doc, s, e)]
        if not content:
            continue
        yield Candidate(
            content=content,
            cue=(token.idx, token_end(preposition)),
            source=(source_start, source_end),
            rule="according_to",
            score=_SCORES["according_to"],
            cue_token=token.i,
            source_token=source.i,
        )


def _attributing_preposition(doc: Doc, token: Token) -> Token | None:
    """The preposition whose object is a source: "to" of "according to"; "per" opening its
    sentence and set off by a comma ("Per the ruling, the council must..."), not "5 per cent",
    "per person" or "per WHO guidelines" inside a clause."""
    if token.lower_ == "according":
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        return following if following is not None and following.lower_ == "to" else None
    if token.lower_ != "per":
        return None
    sentence = sentence_of(token)
    opening = all(t.is_punct or t.is_space for t in doc[sentence.start : token.i])
    set_off = token.right_edge.i + 1 < sentence.end and doc[token.right_edge.i + 1].text == ","
    return token if opening and set_off else None


def _source_phrase(doc: Doc, source: Token) -> Offsets:
    """The bounds of the source phrase headed by `source`: the parser's subtree, with its closing
    parenthesis ("Notes from Poland (NFP)") and, after an office, the name set off in apposition
    ("the El Paso mayor, Dee Margo,"), which the parser often leaves out of it."""
    text = doc_text(doc)
    start, end = trim(text, *subtree_offsets(source))
    closing = end
    while closing < len(text) and text[closing] in " )":
        closing += 1
    if text.count("(", start, end) > text.count(")", start, end) and ")" in text[end:closing]:
        end = text.index(")", end) + 1
    if source.lemma_.lower() in titles() and source.pos_ == "NOUN":
        name_end = _name_in_apposition(doc, source.right_edge.i + 1)
        if name_end is not None:
            end = name_end
    return start, end


def _name_in_apposition(doc: Doc, i: int) -> int | None:
    """The end offset of ", Name Name," starting at token `i` (the name without its commas)."""
    if i >= len(doc) or doc[i].text != ",":
        return None
    k = i + 1
    while k < len(doc) and doc[k].pos_ == "PROPN":
        k += 1
    if k == i + 1 or k >= len(doc) or doc[k].text != ",":
        return None
    return token_end(doc[k - 1])
