-- newsgraph store, migration 7: the desk. What `newsgraph watch` follows and has seen, and the alerts
-- saved with `newsgraph alert add` with every match they fired (docs/desk.md). IF NOT EXISTS: a store
-- rolled back to an earlier version by hand (the upgrade tests do) keeps these tables.

-- A feed or sitemap `watch` polls, with what it needs to poll politely and to resume.
CREATE TABLE IF NOT EXISTS watch_feeds (
    id INTEGER PRIMARY KEY,
    listed_url TEXT NOT NULL UNIQUE,  -- the URL as the user listed it (command line or OPML)
    url TEXT NOT NULL,                -- where it is fetched: a permanent redirect (301, 308) moves it
    title TEXT,                       -- the feed's own title once read (Datasette's label column)
    kind TEXT,                        -- rss, atom, sitemap, sitemapindex (as last read)
    etag TEXT,                        -- validators for the next conditional GET
    last_modified TEXT,
    added_at TEXT NOT NULL,
    last_polled_at TEXT,
    last_status TEXT,                 -- HTTP status of the last poll, or what went wrong (timeout, bad_feed...)
    last_ok_at TEXT,
    failures INTEGER NOT NULL DEFAULT 0, -- consecutive failed polls
    last_error TEXT
);

-- Every item a feed listed: its page fetched and ingested once (a transient failure is tried again).
CREATE TABLE IF NOT EXISTS watch_items (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER NOT NULL REFERENCES watch_feeds(id) ON DELETE CASCADE,
    key TEXT NOT NULL,                -- the item's guid (Atom id), else its link
    url TEXT,                         -- the page
    title TEXT,
    published TEXT,                   -- the date the feed gives
    first_seen_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'stored', 'already_stored', 'rejected', 'skipped')),
    article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    done_at TEXT,
    UNIQUE(feed_id, key)
);
CREATE INDEX IF NOT EXISTS watch_items_feed ON watch_items(feed_id);
CREATE INDEX IF NOT EXISTS watch_items_article ON watch_items(article_id);

-- One row per poll of a feed: the desk's log.
CREATE TABLE IF NOT EXISTS watch_polls (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER NOT NULL REFERENCES watch_feeds(id) ON DELETE CASCADE,
    polled_at TEXT NOT NULL,
    status TEXT NOT NULL,             -- 200, 304, or what went wrong
    new_items INTEGER NOT NULL DEFAULT 0,
    stored INTEGER NOT NULL DEFAULT 0,
    error TEXT
);
CREATE INDEX IF NOT EXISTS watch_polls_feed ON watch_polls(feed_id);

-- A saved watch: new facts matching it fire once each.
CREATE TABLE IF NOT EXISTS alerts (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,              -- what it watches, in words ("quotes by Zelenskyy")
    kind TEXT NOT NULL CHECK (kind IN ('speaker', 'phrase', 'event', 'outlet')),
    target TEXT NOT NULL,             -- the speaker or participant's name, the phrase, the outlet
    event_type TEXT,                  -- kind 'event': CONSULT, ASSAULT...
    webhook TEXT,                     -- http(s) URL a JSON POST goes to
    command TEXT,                     -- JSON list: a program and its arguments, given the JSON on stdin
    workspace_url TEXT,               -- the workspace's address, for the evidence links it sends
    since_article_id INTEGER NOT NULL DEFAULT 0, -- facts of articles stored after it was added
    created_at TEXT NOT NULL
);

-- Every match an alert fired: (alert, fact) once, whatever is ingested again.
CREATE TABLE IF NOT EXISTS alert_firings (
    id INTEGER PRIMARY KEY,
    alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    fact_key TEXT NOT NULL,           -- quote:<article hash>:<local id>, event:<article hash>:<local id>
    article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    quote_id INTEGER,
    event_id INTEGER,
    title TEXT NOT NULL,              -- the quotation or event, for people browsing the store
    payload TEXT NOT NULL,            -- JSON: what the webhook and the command are sent
    fired_at TEXT NOT NULL,
    webhook_done_at TEXT,             -- NULL while a webhook is still to be delivered
    command_done_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    UNIQUE(alert_id, fact_key)
);
CREATE INDEX IF NOT EXISTS alert_firings_alert ON alert_firings(alert_id);
CREATE INDEX IF NOT EXISTS alert_firings_article ON alert_firings(article_id);
