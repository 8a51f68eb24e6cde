-- Public pages a reader can open: a citation states what its page says,
-- a source gives its language; and event types for the use of force.
--
-- A public source is cited by its address (sources.url) and, in
-- citations.statement, what that page states, in the project's own words;
-- citations.quote stays what it was, the study text's exact words (`rjkb db
-- check` enforces both). sources.lang is the language of the source.
--
-- ALTER TABLE ADD COLUMN would splice each new column into the line of the
-- last one, losing the comment `rjkb db schema` prints; so both tables are
-- rebuilt whole, rowids kept (listings and checks follow citation order),
-- as SQLite's recipe for other schema changes does. rjkb runs migrations
-- with foreign keys off and checks them before it commits; with the legacy
-- rename, views that read these tables (search_rows) are left as they are.

PRAGMA legacy_alter_table = ON;

CREATE TABLE new_sources ( -- a source that facts cite
  id TEXT PRIMARY KEY,           -- stable slug, e.g. study, kyodo-1998-04-20
  title TEXT NOT NULL,           -- title, or publication and date
  author TEXT,                   -- author or issuing body
  kind TEXT NOT NULL,            -- study text, press, official, analysis, memoir, fact check
  published TEXT,                -- publication date as the source gives it
  url TEXT,                      -- where to read it: every public source has one
  file TEXT,                     -- its full text, relative to the data folder
  note TEXT,                     -- anything a reader should know about it
  lang TEXT                      -- ISO 639-1 language of the source (ja, ru, hr, fr...); empty for English
);
INSERT INTO new_sources (rowid, id, title, author, kind, published, url, file, note)
SELECT rowid, id, title, author, kind, published, url, file, note FROM sources ORDER BY rowid;
DROP TABLE sources;
ALTER TABLE new_sources RENAME TO sources;

CREATE TABLE new_citations ( -- the source behind each fact row; exactly one target column is set
  id TEXT PRIMARY KEY,           -- stable slug
  source TEXT NOT NULL REFERENCES sources(id), -- the source cited
  actor TEXT REFERENCES actors(id), -- the cited actor, or
  event TEXT REFERENCES events(id), -- the cited event, or
  proposal TEXT REFERENCES proposals(id), -- the cited proposal, or
  position TEXT REFERENCES positions(id), -- the cited position, or
  period TEXT REFERENCES periods(id), -- the cited period
  relation TEXT NOT NULL DEFAULT 'supports' REFERENCES citation_relations(id), -- supports, contradicts, not_confirmed
  locator TEXT,                  -- section or page in the source
  quote TEXT,                    -- the study text's exact words the row rests on; empty for a public page
  note TEXT,                     -- how the source disagrees, or what a reader should weigh
  statement TEXT,                -- what a public page states, in the project's own words (its language named if not English)
  CHECK ((actor IS NOT NULL) + (event IS NOT NULL) + (proposal IS NOT NULL)
         + (position IS NOT NULL) + (period IS NOT NULL) = 1)
);
INSERT INTO new_citations
  (rowid, id, source, actor, event, proposal, position, period, relation, locator, quote, note)
SELECT rowid, id, source, actor, event, proposal, position, period, relation, locator, quote, note
FROM citations ORDER BY rowid;
DROP TABLE citations;
ALTER TABLE new_citations RENAME TO citations;
CREATE INDEX citations_by_actor ON citations(actor);
CREATE INDEX citations_by_event ON citations(event);
CREATE INDEX citations_by_proposal ON citations(proposal);
CREATE INDEX citations_by_position ON citations(position);
CREATE INDEX citations_by_period ON citations(period);

PRAGMA legacy_alter_table = OFF;

-- CAMEO's roots for force: 17 coerce (seize or damage property, detain),
-- 19 fight (use conventional military force, small arms included).
INSERT INTO event_types VALUES
  ('coerce', '17', 'coerce: seize a vessel or property, detain people'),
  ('force', '19', 'use conventional military force: fire on vessels or people');
