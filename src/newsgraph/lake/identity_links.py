"""The lake's identity resolution, step 2: each block decides which of its units are one identity.

A block holds the units that share a blocking key (newsgraph.lake.identity_units); its decision is
a list of links (pairs of units), made with the store's rules as pure functions, so a block needs
nothing but its own units and blocks are resolved in parallel. The links of every block are then
joined into identities (connected components, newsgraph.lake.identity_job).

Where the store's serial choice depends on the order articles come in, the lake takes the choice
that does not (docs/lake-identity.md lists each):

- people (`s|` and `f|` blocks): two full names are linked when one can only be the other
  (store.persons.same_person over their spellings); a full name that fits two people who are not
  one ("G. Bush": George and Gary) links to neither. Surnames alone ("Trump", "Zelensky") with one
  suffix are one unit group; it joins the one person its surname alone can be
  (store.persons.surname_alone_candidates: the one articles call so, else the only one), unless it
  names more articles alone than that person does;
- the others (`a|` blocks): an entity joins the one entity of a type it may share an identity with
  that gives its key as a spelling of kind `name` or `acronym`; an acronym only when it is known
  by nothing else and names no more articles alone than its expansion; a key two entities give
  joins neither;
- types (`x|` blocks): entities typed differently join on the same key when the two types may be
  one referent on the name alone (store.types.may_share_identity).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ..store.entities import alias_of
from ..store.lookup import DOMINANCE
from ..store.persons import (
    PersonName,
    called_by_surname_alone,
    same_person,
    surname_alone_candidates,
    transliteration_key,
)
from ..store.types import may_share_identity
from .identity_units import JOINING, UnitView

Link = tuple[str, str]


def links_of_blocks(entries: Iterable[tuple[str, str, UnitView]]) -> list[Link]:
    """The links of every block among `entries` (block key, role, unit) that a fresh unit is in."""
    blocks: dict[str, list[tuple[str, UnitView]]] = defaultdict(list)
    for block, role, view in entries:
        blocks[block].append((role, view))
    links: list[Link] = []
    for block in sorted(blocks):
        members = blocks[block]
        if len(members) < 2 or not any(view.fresh for _, view in members):
            continue
        kind = block.split("|", 1)[0]
        if kind == "s":
            links += _surname_block(block.split("|", 1)[1], [view for _, view in members])
        elif kind == "f":
            links += _full_name_links(_distinct([view for _, view in members]), typo_only=True)
        elif kind == "a":
            links += _alias_block(members)
        else:
            links += _type_block(block.split("|", 2)[1], members)
    return links


def _distinct(views: Iterable[UnitView]) -> list[UnitView]:
    return sorted({view.unit: view for view in views}.values(), key=lambda view: view.unit)


@lru_cache(maxsize=1 << 18)
def _forms(spellings: tuple[str, ...]) -> tuple[PersonName, ...]:
    return tuple(dict.fromkeys(PersonName.parse(s) for s in spellings))


@lru_cache(maxsize=1 << 18)
def _same(a: PersonName, b: PersonName) -> bool:
    return same_person(a, b)


def _matches(a: UnitView, b: UnitView) -> bool:
    """Whether a full name of one can only be a spelling of the other (as a new article's name is
    matched against a stored person's spellings)."""
    first, second = PersonName.parse(a.name), PersonName.parse(b.name)
    return any(_same(first, form) for form in _forms(b.spellings)) or \
        any(_same(second, form) for form in _forms(a.spellings))


def _full_name_links(views: Sequence[UnitView], *, typo_only: bool = False) -> list[Link]:
    """Links between people with a forename; one that fits two people who are not one links to neither."""
    full = [view for view in views if PersonName.parse(view.name).first]
    matched: dict[str, set[str]] = defaultdict(set)
    surname = {view.unit: PersonName.parse(view.name).key for view in full}
    for i, j in sorted(_candidate_pairs(full)):
        a, b = full[i], full[j]
        if _matches(a, b):
            matched[a.unit].add(b.unit)
            matched[b.unit].add(a.unit)
    ambiguous = {unit for unit, others in matched.items()
                 if any(y not in matched[x] for x in others for y in others if x < y)}
    # In a forename block only the pairs with different surnames are linked: the surname's own block
    # decides the others (all pairs still count above, to see a name that fits two people).
    return [(a, b) for a, others in sorted(matched.items()) for b in sorted(others)
            if a < b and a not in ambiguous and b not in ambiguous and not (typo_only and surname[a] == surname[b])]


def _first_letters(part: str) -> set[str]:
    """The letters on which a forename can agree with another (persons.same_person: the same part,
    the same once transliterated, an initial or a typo all begin with the same letter, before or
    after transliteration: "Phillip" and "Fillip")."""
    return {part[0], (transliteration_key(part) or part)[0]}


def _candidate_pairs(full: Sequence[UnitView]) -> set[tuple[int, int]]:
    """The pairs (i < j) of `full` that `_matches` may accept: one's name and a spelling of the
    other with the same suffix, as many middle names and forenames that may agree. The test of
    every pair grows with the square of a block (a common surname holds thousands of people at
    scale); this index leaves only the pairs that can pass it."""
    index: dict[tuple[str, int, str], set[int]] = defaultdict(set)
    for j, view in enumerate(full):
        for form in _forms(view.spellings):
            if form.first:
                for letter in _first_letters(form.first):
                    index[(form.suffix, len(form.middle), letter)].add(j)
    pairs: set[tuple[int, int]] = set()
    for i, view in enumerate(full):
        name = PersonName.parse(view.name)
        for letter in _first_letters(name.first):
            pairs.update((min(i, j), max(i, j)) for j in index.get((name.suffix, len(name.middle), letter), ())
                         if j != i)
    return pairs


def _surname_block(surname_key: str, views: Sequence[UnitView]) -> list[Link]:
    members = _distinct(views)
    links = _full_name_links(members)
    # The people with a forename, as one group each once their own links are followed.
    parent = {view.unit: view.unit for view in members}

    def root(unit: str) -> str:
        while parent[unit] != unit:
            parent[unit] = parent[parent[unit]]
            unit = parent[unit]
        return unit

    for a, b in links:
        parent[root(a)] = root(b)
    groups: dict[str, list[UnitView]] = defaultdict(list)
    alone: dict[str, list[UnitView]] = defaultdict(list)  # surname alone, by suffix
    for view in members:
        person = PersonName.parse(view.name)
        if person.first:
            groups[root(view.unit)].append(view)
        elif person.last and person.key == surname_key:
            alone[person.suffix].append(view)
    # Their spellings with this surname (as the store's surname_forms: "Melania" alone says nothing of "Trump").
    forms = {group: [f for view in group_views for f in _forms(view.spellings) if f.key == surname_key]
             for group, group_views in groups.items()}
    for suffix, same_surname in sorted(alone.items()):
        links += [(same_surname[0].unit, other.unit) for other in same_surname[1:]]
        chosen = surname_alone_candidates(forms, PersonName("", (), surname_key, suffix))
        if len(chosen) != 1:
            chosen = _dominant(called_by_surname_alone(forms, suffix), groups)
        if len(chosen) != 1:
            continue
        (group,) = chosen
        alone_articles = sum(view.articles for view in same_surname)
        if alone_articles <= sum(view.articles for view in groups[group]):
            links.append((same_surname[0].unit, group))
    return links


def _dominant(known_so: Sequence[str], groups: dict[str, list[UnitView]]) -> list[str]:
    """Of several people called by the surname alone, the one with `DOMINANCE` times the article
    entities of any other (as a query picks one, store/lookup.py): the store, serial, gives a bare
    surname to whoever was called so first, most often the most named; an even split stays apart."""
    weights = sorted(((sum(view.articles for view in groups[group]), group) for group in known_so), reverse=True)
    if len(weights) >= 2 and weights[0][0] >= DOMINANCE * weights[1][0]:
        return [weights[0][1]]
    return []


def _alias_block(members: Sequence[tuple[str, UnitView]]) -> list[Link]:
    """Units known by this key, and those giving it as a spelling that joins (see above)."""
    owners = [view for role, view in members if role == "key"]
    holders = [(role, view) for role, view in members if role != "key"]
    links: list[Link] = []
    for owner in owners:
        fitting = {view.unit: (role, view) for role, view in holders
                   if view.unit != owner.unit and may_share_identity(owner.name, owner.type, view.type)}
        if len(fitting) != 1:
            continue
        ((role, holder),) = fitting.values()
        if role == "acronym" and (owner.articles > holder.articles or _other_keys(owner)):
            continue
        links.append((owner.unit, holder.unit))
    return links


def _other_keys(view: UnitView) -> bool:
    """Whether a unit is known by a joining spelling besides its key (then it is no bare acronym)."""
    return any(alias.kind in JOINING and alias.folded != view.key
               for alias in (alias_of(s, view.type, view.name, view.key) for s in view.spellings))


def _type_block(block_type: str, members: Sequence[tuple[str, UnitView]]) -> list[Link]:
    """Units of `block_type` known by this key, and units of other types whose name has it there."""
    owners = [view for role, view in members if role == "own" and view.type == block_type]
    probes = [view for role, view in members if role == "probe"]
    return [(probe.unit, owner.unit) for owner in owners for probe in probes
            if may_share_identity(probe.name, probe.type, owner.type)]
