-- newsgraph store, migration 1: articles, entities across articles, quotations, statements.
-- Conventions (docs/store.md): integer primary keys, real foreign keys with an index each,
-- ISO-8601 dates as TEXT, character offsets into articles.text, a `name` or `title` column on every
-- table Datasette should label rows by.

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,                -- the input's own id (file stem, JSON id, feed link, WARC URI)
    title TEXT,                       -- the headline (named `title` so Datasette labels rows by it)
    byline TEXT,
    source TEXT,                      -- the outlet
    url TEXT,
    published TEXT,                   -- ISO date
    language TEXT,
    text TEXT NOT NULL,               -- the analysed text: every offset points into it
    hash TEXT NOT NULL UNIQUE,        -- sha256 of the normalised content: the idempotence key
    origin TEXT,                      -- path (and line or record) it was read from
    layout TEXT,                      -- JSON: headline, standfirst, byline, body spans
    boilerplate TEXT,                 -- JSON: excluded spans with their kinds
    analysed_with TEXT,               -- JSON: newsgraph version and parser model
    newsgraph_version TEXT,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_source ON articles(source);

CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,               -- canonical name (Datasette's label column)
    folded TEXT NOT NULL,             -- the canonical name folded (identity key)
    type TEXT NOT NULL,               -- person, organisation, place, outlet, group, other
    role TEXT,                        -- the role most recently given (e.g. "Ukraine President")
    gender TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX entities_type_folded ON entities(type, folded);
CREATE INDEX entities_name ON entities(name);

-- Every spelling of an entity seen in articles or given by a correction; the identity keys.
CREATE TABLE aliases (
    id INTEGER PRIMARY KEY,
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    folded TEXT NOT NULL,             -- lower case, no accents, punctuation or titles
    surname TEXT NOT NULL DEFAULT '', -- persons: the folded last name part (identity candidates)
    UNIQUE(entity_id, folded)
);
CREATE INDEX aliases_entity ON aliases(entity_id);
CREATE INDEX aliases_folded ON aliases(folded);
CREATE INDEX aliases_surname ON aliases(surname);

-- One entity as one article knows it (the article's own cluster), tied to the store's entity.
CREATE TABLE article_entities (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    local_id TEXT NOT NULL,           -- the record's entity id (E1, E2...)
    name TEXT NOT NULL,
    role TEXT,
    roles TEXT,                       -- JSON list
    UNIQUE(article_id, local_id)
);
CREATE INDEX article_entities_article ON article_entities(article_id);
CREATE INDEX article_entities_entity ON article_entities(entity_id);

CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    article_entity_id INTEGER NOT NULL REFERENCES article_entities(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_article_entity ON mentions(article_entity_id);
CREATE INDEX mentions_entity ON mentions(entity_id);

-- The same (or nearly the same) quotation carried by several articles or outlets.
CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,              -- the text of its first appearance (Datasette's label column)
    speaker_id INTEGER REFERENCES entities(id),
    first_quote_id INTEGER,           -- set once the quote row exists; no FK to avoid a cycle
    first_published TEXT,
    quote_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX statements_speaker ON statements(speaker_id);
CREATE INDEX statements_first_quote ON statements(first_quote_id);

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    local_id TEXT NOT NULL,
    speaker_id INTEGER REFERENCES entities(id),
    speaker_article_entity_id INTEGER REFERENCES article_entities(id),
    statement_id INTEGER REFERENCES statements(id),
    kind TEXT NOT NULL,               -- direct, indirect, mixed
    content TEXT NOT NULL,            -- the content spans' text, joined with " … "
    spans TEXT NOT NULL,              -- JSON list of content spans [{start, end, text}]
    start INTEGER NOT NULL,           -- the whole attribution (content, cue, source)
    "end" INTEGER NOT NULL,
    cue TEXT,
    cue_start INTEGER,
    cue_end INTEGER,
    source_text TEXT,
    source_start INTEGER,
    source_end INTEGER,
    venue TEXT,                       -- where it was said: an outlet or occasion's name
    venue_id INTEGER REFERENCES entities(id),
    medium TEXT,
    date TEXT,                        -- when it was said, if the article says
    said_on TEXT,                     -- date, else the article's publication date (for queries)
    confidence REAL NOT NULL,
    in_headline INTEGER NOT NULL DEFAULT 0,
    inherited_from TEXT,
    UNIQUE(article_id, local_id)
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker_said_on ON quotes(speaker_id, said_on);
CREATE INDEX quotes_speaker_article_entity ON quotes(speaker_article_entity_id);
CREATE INDEX quotes_statement ON quotes(statement_id);
CREATE INDEX quotes_said_on ON quotes(said_on);
CREATE INDEX quotes_venue ON quotes(venue_id);

-- Entities a quotation is about: those mentioned inside its content.
CREATE TABLE quote_entities (
    quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
    article_entity_id INTEGER NOT NULL REFERENCES article_entities(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    PRIMARY KEY (quote_id, article_entity_id)
);
CREATE INDEX quote_entities_article_entity ON quote_entities(article_entity_id);
CREATE INDEX quote_entities_entity ON quote_entities(entity_id);

-- Fingerprints of statements' normalised text (whole text and sampled word shingles).
CREATE TABLE statement_keys (
    key INTEGER NOT NULL,
    statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    PRIMARY KEY (key, statement_id)
) WITHOUT ROWID;
CREATE INDEX statement_keys_statement ON statement_keys(statement_id);

CREATE TABLE dates (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    value TEXT,
    precision TEXT NOT NULL,
    relative INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX dates_article ON dates(article_id);
CREATE INDEX dates_value ON dates(value);

CREATE TABLE flags (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    message TEXT NOT NULL,
    spans TEXT NOT NULL               -- JSON list of spans
);
CREATE INDEX flags_article ON flags(article_id);

-- Inputs that could not be read or analysed; one row per (path, reason), counted across runs.
CREATE TABLE errors (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    reason TEXT NOT NULL,
    message TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    times INTEGER NOT NULL DEFAULT 1,
    UNIQUE(path, reason)
);

-- Identity corrections made by hand; replayed after every ingest.
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL CHECK (action IN ('merge', 'split', 'rename')),
    target TEXT NOT NULL,             -- merge: the entity kept; split, rename: the entity changed
    argument TEXT NOT NULL,           -- merge: the entity merged in; split: the alias split off; rename: new name
    type TEXT,                        -- the entity type, when given
    created_at TEXT NOT NULL
);

-- Full text: articles (title, text) and quotations (content), external-content FTS5 kept by triggers.
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content=[articles], content_rowid='id',
                                             tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5(content, content=[quotes], content_rowid='id',
                                           tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
CREATE TRIGGER quotes_fts_update AFTER UPDATE OF content ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, content) VALUES ('delete', old.id, old.content);
    INSERT INTO quotes_fts(rowid, content) VALUES (new.id, new.content);
END;

-- Views for the common joins (Datasette lists them beside the tables).
CREATE VIEW quotes_view AS
SELECT q.id AS quote_id, q.said_on, e.name AS speaker, e.type AS speaker_type, q.kind, q.content, q.cue,
       q.venue, q.medium, q.confidence, a.title AS article, a.source, a.published, a.url,
       q.article_id, q.speaker_id, q.statement_id, q.start, q."end"
FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id;

CREATE VIEW entity_summary AS
SELECT e.id AS entity_id, e.name, e.type, e.role,
       (SELECT count(*) FROM article_entities ae WHERE ae.entity_id = e.id) AS articles,
       (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS mentions,
       (SELECT count(*) FROM quotes q WHERE q.speaker_id = e.id) AS quotes,
       (SELECT group_concat(al.name, ' | ') FROM aliases al WHERE al.entity_id = e.id) AS aliases
FROM entities e;

CREATE VIEW mentions_view AS
SELECT m.id AS mention_id, e.name AS entity, e.type, m.text, m.kind, m.start, m."end",
       a.title AS article, a.published, m.article_id, m.entity_id
FROM mentions m JOIN entities e ON e.id = m.entity_id JOIN articles a ON a.id = m.article_id;

CREATE VIEW statement_outlets AS
SELECT s.id AS statement_id, s.title AS statement, e.name AS speaker, s.first_published,
       s.quote_count, count(DISTINCT coalesce(a.source, a.url, a.key)) AS outlets,
       group_concat(DISTINCT coalesce(a.source, a.key)) AS carried_by
FROM statements s JOIN quotes q ON q.statement_id = s.id JOIN articles a ON a.id = q.article_id
LEFT JOIN entities e ON e.id = s.speaker_id
GROUP BY s.id;
