-- newsgraph store, migration 6: the participants an event describes without naming them.

-- Record schema 1.3 keeps, beside an event's entities, the people and groups its text only describes
-- ("the protesters", "attorneys general from sixteen states") in the roles that name no entity
-- (docs/events.md). They belong to no entity, so they have a table of their own. Events stored
-- before this version have none; `newsgraph ingest OLD.db --db NEW.db` analyses the stored texts again.
CREATE TABLE event_groups (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient', 'participant')),
    description TEXT NOT NULL,        -- the words that describe them, without their article
    start INTEGER NOT NULL,           -- the head noun of those words
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX event_groups_event ON event_groups(event_id);

-- Events with their described participants beside the named ones.
DROP VIEW events_view;
CREATE VIEW events_view AS
SELECT v.id AS event_id, v.title, v.type, v.mode, v.status, v.date, v.happened_on,
       p.name AS place, pl.country_code, pl.feature, pl.latitude, pl.longitude,
       (SELECT group_concat(e.name, ' | ') FROM event_participants ep JOIN entities e ON e.id = ep.entity_id
        WHERE ep.event_id = v.id AND ep.role = 'actor') AS actors,
       (SELECT group_concat(e.name, ' | ') FROM event_participants ep JOIN entities e ON e.id = ep.entity_id
        WHERE ep.event_id = v.id AND ep.role = 'recipient') AS recipients,
       (SELECT group_concat(e.name, ' | ') FROM event_participants ep JOIN entities e ON e.id = ep.entity_id
        WHERE ep.event_id = v.id AND ep.role = 'participant') AS participants,
       (SELECT group_concat(g.role || ': ' || g.description, ' | ') FROM event_groups g
        WHERE g.event_id = v.id) AS described,
       (SELECT count(*) FROM quotes q WHERE q.event_id = v.id) AS quotes,
       v.trigger, v.confidence, a.title AS article, a.source, a.published, a.url,
       v.article_id, v.place_id, v.trigger_start, v.trigger_end, v.sentence_start, v.sentence_end
FROM events v JOIN articles a ON a.id = v.article_id
LEFT JOIN entities p ON p.id = v.place_id
LEFT JOIN article_entities pl ON pl.id = v.place_article_entity_id;
