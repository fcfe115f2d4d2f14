"""Attributions read off the dependency parse: a reporting verb, its subject and what it reports.

Covers indirect speech ("Zelenskyy has said Ukraine does not..."), mixed quotation (an indirect
clause holding a quoted fragment), direct quotation attached to its verb by the parser, object
frames ("criticised the plan") and inverted cues ('..., said Rutte'). The cue's subject and the
source's bounds: cue_subjects.py; "according to X": according_to.py.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Token

from ..nlp import doc_text, sentence_of, tokens_where
from .candidates import Candidate, Offsets, subtree_offsets, token_end, trim, trim_content
from .cue_subjects import SUBJECT_DEPS, clause_start, cue_subject, source_offsets
from .cues import CueEntry, cue_bounds, cue_entry, reporting_lemmas
from .quotemarks import QuoteMarks

_CLAUSE_DEPS = ("ccomp",)
_CLAUSESUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "expl")
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
RULE_SCORES = {"clause": 0.85, "inverted": 0.8, "parenthetical": 0.8, "object": 0.6, "xcomp": 0.6, "prep": 0.6,
               "according_to": 0.85}
_COGNITION_PENALTY = 0.1
_NOBODY = frozenset({"nobody", "none", "noone", "no-one"})
_NEGATORS = frozenset({"no", "not", "neither"})


def _clause_child(verb: Token) -> Token | None:
    children = [c for c in verb.children if c.dep_ in _CLAUSE_DEPS]
    if not children:
        return None
    # Prefer the clause after the verb: "X said that Y" over a fronted clause.
    after = [c for c in children if c.i > verb.i]
    return (after or children)[0]


def _clause_left_edge(verb: Token, clause: Token) -> Token:
    """Where a reported clause after its verb starts. Without "that", the parser can take the
    clause's subject for the verb's object ("remarked [traffic noise] [is a problem]"): a clause
    with no subject of its own, right after the verb's object, starts with that object."""
    if clause.left_edge.is_punct or any(child.dep_ in _CLAUSESUBJECT_DEPS for child in clause.children):
        return clause.left_edge  # a quotation ('told reporters "Go home"') or a clause with its subject
    for child in verb.children:
        if (child.dep_ == "dobj" and child.pos_ != "PRON" and verb.i < child.i
                and child.right_edge.i + 1 == clause.left_edge.i):
            return child.left_edge
    return clause.left_edge


def _object_child(verb: Token, predicate: bool = False) -> Token | None:
    """The verb's object; a pronoun, or for a verb whose frame says so (`predicate`) a person's name too, only
    with what is said of them: "called him a liar", "called Trump a liar", not "called Donald Trump" (a phone
    call; "a group called the Legacy Fund" names a body, which PolNeAR marks as an attribution)."""
    for child in verb.children:
        bare = child.pos_ == "PRON" or (predicate and child.ent_type_ == "PERSON")
        if child.dep_ in _OBJECT_DEPS and child.i > verb.i and (
            not bare or any(c.dep_ in ("oprd", "xcomp", "prep") for c in verb.rights if c.i > child.i)
        ):
            return child
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
    # The parser may give the cue the comma that sets it off ("a model, he said, for ..."), or
    # leave it to the clause before.
    if left <= sentence.start or not (_sets_off(doc[left - 1]) or _sets_off(doc[left])):
        return None
    return _after_another_report(doc, sentence.start, left)


def _after_another_report(doc: Doc, start: int, end: int) -> Offsets | None:
    """The content before an inverted cue, tokens [start, end), from after the last semicolon that
    closes a report of its own ('He said A; however, "B", he added': B is what he added, "He said
    A" an attribution of its own, which the parser can hang from "added"); None when nothing is left."""
    if ";" not in doc_text(doc)[doc[start].idx : token_end(doc[end - 1])]:
        return doc[start].idx, token_end(doc[end - 1])
    first, reported = start, False
    for k in range(start, end):
        if doc[k].text == ";":
            if reported:
                first, reported = k + 1, False
        elif not reported and cue_entry(doc[k]) is not None and _own_subject(doc[k]) is not None:
            reported = True
    return (doc[first].idx, token_end(doc[end - 1])) if first < end else None


def _fronted_content(doc: Doc, verb: Token) -> Offsets | None:
    """'Al Jazeera reported on Thursday, coverage had risen.': a cue with its subject, set off by a
    comma before what it reports, which the parser takes for the main clause and hangs it from."""
    if verb.dep_ not in ("ccomp", "parataxis") or verb.head.i < verb.i or _own_subject(verb) is None:
        return None
    if any(child.dep_ in ("mark", "ccomp", "dobj") for child in verb.children):
        return None  # "if he said so, ...", "he said that, and ...", "he reported the theft, ..."
    comma = verb.right_edge.i + 1
    sentence = sentence_of(verb)
    if comma + 1 >= sentence.end or doc[comma].text != "," or verb.left_edge.i != clause_start(sentence):
        return None
    return doc[comma + 1].idx, sentence.end_char


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
    if not any(child.dep_ in SUBJECT_DEPS for child in verb.children):
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
                    fronted_clause = _after_another_report(doc, clause.left_edge.i, clause.right_edge.i + 1)
                    if fronted_clause is None:
                        continue  # the clause before the cue is a report of its own, not what it reports
                    return [fronted_clause], "inverted", None
                end = _right_extent(verb, clause)
                return [(_clause_left_edge(verb, clause).idx, token_end(doc[end - 1]))], "clause", None
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
            obj = _object_child(verb, frame.predicate)
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
    subject = subject or cue_subject(verb)
    if rule == "inverted" and subject is not None and content[0][0] < subject.idx < verb.idx:
        # '"...," another friend said': the content stops where its speaker starts.
        content = [(content[0][0], min(content[0][1], subject.left_edge.idx))]
    spans = [trim_content(doc, s, e, marks) for s, e in _around_cue(doc, verb, subject, content)]
    passive_subject = _passive_without_agent(verb) if rule == "xcomp" else None
    if passive_subject is not None:
        subject = None
        spans.insert(0, trim(doc_text(doc), *subtree_offsets(passive_subject)))
    elif subject is not None and subject.dep_ == "nsubjpass" and subject.head == verb and rule == "clause":
        # "Staff were told the office would close": who told them is not said ("officials were
        # angered by the deal and predicted": the passive is another verb's, the officials spoke)
        subject = None
    elif subject is None:
        return None
    elif ((subject.lower_ in _EMPTY_SUBJECTS and not (verb.dep_ == "relcl" and subject.lower_ in _RELATIVES))
          or (subject.lower_ == "it" and entry.cls not in ("speech", "evidence"))
          or _lets(doc, subject)):
        # "there is said to be...": no speaker; "it said" is an organisation speaking; "let's say
        # I bought it" supposes: they report nothing.
        return None
    spans = [(s, e) for s, e in spans if e > s]
    if not spans:
        return None
    cue_start, cue_end = cue_bounds(verb)
    if cue_last is not None and not (subject is not None and cue_end <= subject.i < cue_last.i):
        cue_end = max(cue_end, cue_last.i + 1)  # "called for", not "told [by the chief] of": the source is no cue
    score = RULE_SCORES[rule] - (_COGNITION_PENALTY if entry.cls in ("cognition", "evidence") else 0.0)
    return Candidate(
        content=spans,
        cue=(doc[cue_start].idx, token_end(doc[cue_end - 1])),
        source=source_offsets(doc, subject, verb) if subject is not None else None,
        rule=f"{rule}:{entry.cls}",
        score=score,
        cue_token=verb.i,
        source_token=subject.i if subject is not None else None,
        cue_class=entry.cls,
        # "Not everyone agreed the plan works" denies anyone said it: the attribution stands (its
        # source as written), but it is nobody's quotation.
        quotation=False if subject is not None and denies_speaker(subject) else None,
    )


def denies_speaker(subject: Token) -> bool:
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
            token.i for token in tokens_where(doc, LEMMA, reporting_lemmas())
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
    return next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)


def verb_candidates(doc: Doc, marks: QuoteMarks) -> Iterator[Candidate]:
    """An attribution for each reporting verb outside quotation marks that has a subject and a content."""
    shared_subject: dict[int, Token] = {}
    for token in tokens_where(doc, LEMMA, reporting_lemmas()):
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
