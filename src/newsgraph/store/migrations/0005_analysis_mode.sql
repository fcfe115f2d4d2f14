-- newsgraph store, migration 5: which mode and attribution model analysed each article.

-- The engine's default became the accurate mode (the MiniLM tagger on ONNX Runtime); --fast runs the
-- rules with the CRF tagger (docs/cli.md, Modes). Each article keeps the mode and the model that made
-- its quotations, as its record's `analysed_with` says. Articles stored before this version were all
-- analysed by the rules with the shipped CRF tagger (ingest had no other choice): the fast mode.
ALTER TABLE articles ADD COLUMN mode TEXT;               -- accurate, fast, or rules (no tagger)
ALTER TABLE articles ADD COLUMN attribution_model TEXT;  -- onnx, crf, or another model's directory
UPDATE articles SET mode = 'fast', attribution_model = 'crf',
    analysed_with = json_set(coalesce(analysed_with, '{}'), '$.mode', 'fast', '$.attribution_model', 'crf');
CREATE INDEX articles_mode ON articles(mode, attribution_model);
