"""Where a story's physical events happen when their own sentence does not say: a protest, clash or
arrest told in the paragraph after (or the same paragraph as) one placed "in Belgrade" goes on there
("Anti-government protests have been taking place since Tuesday in the Serbian capital Belgrade ...
The protesters clashed in front of parliament with the police"). Only for events that happen on a
scene (not statements, whose place is given only when stated), never across more than one
paragraph break, never where the sentence names another place, and not in a round-up whose events
happen in many places."""

from __future__ import annotations

import re

from ..record import ArticleRecord, Event

# Event types that take place on the ground, where the scene carries over; not their modes that act
# from afar (a censored story, a restriction, a boycott).
_SCENE_TYPES = frozenset({"PROTEST", "ASSAULT", "COERCE"})
_REMOTE_MODES = frozenset({"censor", "restrict", "boycott"})
_PARAGRAPH_BREAK = re.compile(r"\n+")
_MAX_BREAKS = 1
# A round-up whose events happen in more places than this has no one scene ("On the campaign trail").
_MAX_SCENES = 2


def carry_scene(events: list[Event], record: ArticleRecord) -> None:
    """Give each scene event with no place the place of the last placed scene event before it."""
    if len({event.place for event in events if event.place is not None}) > _MAX_SCENES:
        return
    text = record.text
    places = [(m.span.start, m.span.end, e.id) for e in record.entities if e.type == "place" for m in e.mentions]
    scene: tuple[str, int] | None = None  # the place and where it was last given
    for event in sorted(events, key=lambda e: e.trigger.start):
        if event.type not in _SCENE_TYPES or event.mode in _REMOTE_MODES:
            continue
        if event.place is not None:
            scene = (event.place, event.trigger.start)
            continue
        if scene is None or len(_PARAGRAPH_BREAK.findall(text, scene[1], event.trigger.start)) > _MAX_BREAKS:
            continue
        sentence = event.sentence
        if not any(start < sentence.end and end > sentence.start and place != scene[0] for start, end, place in places):
            event.place = scene[0]
