-- newsgraph store, migration 4: one entity per referent across articles (docs/store.md).
-- Each article's own type of its entity, the entity's type by their majority, the kind of each
-- spelling (whether another article's entity may join by it) and the merges identity makes by
-- itself. After these statements store/upgrade.py resolves the stored articles' entities again
-- with this version's rules (entity ids kept where they can be) and replays the corrections by hand.

ALTER TABLE article_entities ADD COLUMN type TEXT;  -- the type this article gave its entity
UPDATE article_entities SET type = (SELECT e.type FROM entities e WHERE e.id = article_entities.entity_id);

-- name (the entity's key or a variant spelling), acronym: both join; fragment, generic, short: never keys.
ALTER TABLE aliases ADD COLUMN kind TEXT NOT NULL DEFAULT 'name';

-- Identity looks an entity up by its key across types (a person mis-typed as an organisation).
CREATE INDEX entities_folded ON entities(folded);

-- Per entity, how many of its articles gave each type; the entity's type is the majority.
CREATE TABLE entity_types (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (entity_id, type)
) WITHOUT ROWID;
INSERT INTO entity_types (entity_id, type, articles)
SELECT entity_id, type, count(*) FROM article_entities GROUP BY entity_id, type;

-- Merges made by identity itself (not by hand): the entity kept, the one merged into it, the key
-- that showed them to be one and why (surname, acronym, upgrade). Ids without foreign keys: a
-- history, which a later merge does not rewrite.
CREATE TABLE identity_merges (
    id INTEGER PRIMARY KEY,
    kept_id INTEGER NOT NULL,
    merged_id INTEGER NOT NULL,
    name TEXT NOT NULL,               -- the merged entity's name (Datasette's label column)
    key TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX identity_merges_kept ON identity_merges(kept_id);
