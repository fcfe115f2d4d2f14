-- newsgraph store, migration 2: events with their participants, places on the map, quotations at events.
-- Upgrades a store of version 1 in place: new tables and views, new columns (NULL for what was
-- stored before; reingesting an article is not needed for what it already had).

-- Where a place is: each article's own reading of its place entity (article_entities), and the
-- reading most of its articles give on the store's entity (entities; kept by store/places.py).
-- Named `latitude` and `longitude` so that map tools (datasette-cluster-map) find them unchanged.
ALTER TABLE article_entities ADD COLUMN country_code TEXT;  -- ISO 3166-1 alpha-2
ALTER TABLE article_entities ADD COLUMN region_code TEXT;   -- ISO 3166-2, for a region
ALTER TABLE article_entities ADD COLUMN geonames_id INTEGER;
ALTER TABLE article_entities ADD COLUMN latitude REAL;
ALTER TABLE article_entities ADD COLUMN longitude REAL;
ALTER TABLE article_entities ADD COLUMN feature TEXT;       -- country, region, city, continent
ALTER TABLE article_entities ADD COLUMN place_confidence REAL;
ALTER TABLE entities ADD COLUMN country_code TEXT;
ALTER TABLE entities ADD COLUMN region_code TEXT;
ALTER TABLE entities ADD COLUMN geonames_id INTEGER;
ALTER TABLE entities ADD COLUMN latitude REAL;
ALTER TABLE entities ADD COLUMN longitude REAL;
ALTER TABLE entities ADD COLUMN feature TEXT;
CREATE INDEX entities_geonames ON entities(geonames_id);
CREATE INDEX entities_country ON entities(country_code);

-- One event as one article reports it (PLOVER-style: docs/events.md).
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    local_id TEXT NOT NULL,           -- the record's event id (V1, V2...)
    title TEXT NOT NULL,              -- "CONSULT multilateral: meeting (Nato → Volodymyr Zelenskyy)": the label
    type TEXT NOT NULL,               -- CONSULT, INTERVIEW, STATEMENT, ASSAULT...
    mode TEXT,                        -- phone, visit, multilateral, press conference...
    status TEXT NOT NULL,             -- happened, planned, denied, hypothetical
    date TEXT,                        -- ISO value as the article gives it
    date_precision TEXT,
    happened_on TEXT,                 -- date when a full day, else the article's publication date (for queries)
    place_id INTEGER REFERENCES entities(id),
    place_article_entity_id INTEGER REFERENCES article_entities(id),
    trigger TEXT NOT NULL,            -- the word that names the event: articles.text[trigger_start:trigger_end]
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,  -- the sentence it was read from
    sentence_end INTEGER NOT NULL,
    mentions TEXT NOT NULL DEFAULT '[]', -- JSON list of later references [{start, end, text}]
    confidence REAL NOT NULL,
    UNIQUE(article_id, local_id)
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_place ON events(place_id);
CREATE INDEX events_place_article_entity ON events(place_article_entity_id);
CREATE INDEX events_type_happened_on ON events(type, happened_on);
CREATE INDEX events_happened_on ON events(happened_on);

CREATE TABLE event_participants (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    article_entity_id INTEGER NOT NULL REFERENCES article_entities(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient', 'participant')),
    name TEXT NOT NULL,               -- the entity's name in that article (Datasette's label column)
    start INTEGER NOT NULL,           -- the words that say so
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX event_participants_event ON event_participants(event_id);
CREATE INDEX event_participants_article_entity ON event_participants(article_entity_id);
CREATE INDEX event_participants_entity_role ON event_participants(entity_id, role);

-- The event at which a quotation was said.
ALTER TABLE quotes ADD COLUMN event_id INTEGER REFERENCES events(id);
CREATE INDEX quotes_event ON quotes(event_id);

-- Events with their place on the map and their participants' store names.
CREATE VIEW events_view AS
SELECT v.id AS event_id, v.title, v.type, v.mode, v.status, v.date, v.happened_on,
       p.name AS place, pl.country_code, pl.feature, pl.latitude, pl.longitude,
       (SELECT group_concat(e.name, ' | ') FROM event_participants ep JOIN entities e ON e.id = ep.entity_id
        WHERE ep.event_id = v.id AND ep.role = 'actor') AS actors,
       (SELECT group_concat(e.name, ' | ') FROM event_participants ep JOIN entities e ON e.id = ep.entity_id
        WHERE ep.event_id = v.id AND ep.role = 'recipient') AS recipients,
       (SELECT group_concat(e.name, ' | ') FROM event_participants ep JOIN entities e ON e.id = ep.entity_id
        WHERE ep.event_id = v.id AND ep.role = 'participant') AS participants,
       (SELECT count(*) FROM quotes q WHERE q.event_id = v.id) AS quotes,
       v.trigger, v.confidence, a.title AS article, a.source, a.published, a.url,
       v.article_id, v.place_id, v.trigger_start, v.trigger_end, v.sentence_start, v.sentence_end
FROM events v JOIN articles a ON a.id = v.article_id
LEFT JOIN entities p ON p.id = v.place_id
LEFT JOIN article_entities pl ON pl.id = v.place_article_entity_id;

-- One row per entity per event: who took part in what, in which role, where and when.
CREATE VIEW event_participants_view AS
SELECT ep.id AS participant_id, e.name AS entity, e.type AS entity_type, ep.role, v.title AS event,
       v.type, v.mode, v.status, v.happened_on, p.name AS place, pl.latitude, pl.longitude,
       a.title AS article, a.published, ep.event_id, ep.entity_id, v.article_id, ep.start, ep."end"
FROM event_participants ep JOIN events v ON v.id = ep.event_id JOIN entities e ON e.id = ep.entity_id
JOIN articles a ON a.id = v.article_id LEFT JOIN entities p ON p.id = v.place_id
LEFT JOIN article_entities pl ON pl.id = v.place_article_entity_id;

-- Place entities on the map, with how many articles and events they appear in.
CREATE VIEW places_view AS
SELECT e.id AS entity_id, e.name, e.country_code, e.region_code, e.feature, e.geonames_id, e.latitude,
       e.longitude,
       (SELECT count(*) FROM article_entities ae WHERE ae.entity_id = e.id) AS articles,
       (SELECT count(*) FROM events v WHERE v.place_id = e.id) AS events
FROM entities e WHERE e.latitude IS NOT NULL;
