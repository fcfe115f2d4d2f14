-- newsgraph store, migration 3: what stores written by earlier versions lack or state wrongly.

-- Articles stored before the store coded events (version 1) have none, and reingesting them is
-- skipped as already stored. They are marked so that `newsgraph stats` counts them and says how to
-- code them: `newsgraph ingest OLD.db --db NEW.db` analyses the stored texts again (docs/store.md).
ALTER TABLE articles ADD COLUMN before_events INTEGER;  -- 1: stored before version 2, so without events
UPDATE articles SET before_events = 1
WHERE ingested_at < (SELECT applied_at FROM migrations WHERE version = 2);
CREATE INDEX articles_before_events ON articles(before_events) WHERE before_events = 1;

-- A planned, hypothetical or denied event without a full date of its own was once given its
-- article's publication day as happened_on; it has none (store/writer.py, happened_on).
UPDATE events SET happened_on = CASE
    WHEN date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN substr(date, 1, 10)
END
WHERE status != 'happened';
