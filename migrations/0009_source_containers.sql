-- A source's container: the periodical, site or series it appeared in
-- (the Jamestown Foundation's Monitor, with its volume and issue; a
-- newspaper; a database). Citation styles write it after the title; it
-- used to be kept in the title's parentheses, where every style misplaced it.
--
-- As in 0006 and 0007, the table is rebuilt whole, rowids kept, so that
-- the new column keeps its comment in `rjkb db schema` and stands beside
-- the author; rjkb runs migrations with foreign keys off and checks them
-- before it commits.

PRAGMA legacy_alter_table = ON;

CREATE TABLE new_sources ( -- a source that facts cite
  id TEXT PRIMARY KEY,           -- stable slug, e.g. study, kyodo-1998-04-20
  title TEXT NOT NULL,           -- title, or publication and date
  author TEXT,                   -- author or issuing body
  container TEXT,                -- the periodical, site or series it appeared in, as cited: Monitor, vol. 2, no. 52
  kind TEXT NOT NULL,            -- study text, press, official, analysis, memoir, fact check
  published TEXT,                -- publication date as the source gives it
  url TEXT,                      -- where to read it: every public source has one
  file TEXT,                     -- its full text, relative to the data folder
  note TEXT,                     -- anything a reader should know about it
  lang TEXT                      -- ISO 639-1 language of the source (ja, ru, hr, fr...); empty for English
);
INSERT INTO new_sources (rowid, id, title, author, kind, published, url, file, note, lang)
SELECT rowid, id, title, author, kind, published, url, file, note, lang FROM sources ORDER BY rowid;
DROP TABLE sources;
ALTER TABLE new_sources RENAME TO sources;

PRAGMA legacy_alter_table = OFF;
