-- A source is dated by when it appeared, as the facts are by their date:
-- date_from, date_to and date_precision follow from `published` as they
-- follow from a fact's `date`, so that `--year`, `--from` and `--to` pick
-- the sources of a time. `published` stays free text: when it is not an
-- EDTF date the three stay empty and the source is undated.
--
-- As in 0009, the table is rebuilt whole, rowids kept, so that the new
-- columns keep their comments in `rjkb db schema`; dropping the old table
-- drops migration 0011's triggers on it, made again below. rjkb fills the
-- three columns of a file migrated from an older version (its date parser
-- is not SQL) before it commits.

PRAGMA legacy_alter_table = ON;

CREATE TABLE new_sources ( -- a source that facts cite
  id TEXT PRIMARY KEY,           -- stable slug, e.g. study, kyodo-1998-04-20
  title TEXT NOT NULL,           -- title, or publication and date
  author TEXT,                   -- author or issuing body
  container TEXT,                -- the periodical, site or series it appeared in, as cited: Monitor, vol. 2, no. 52
  kind TEXT NOT NULL,            -- study text, press, official, analysis, memoir, fact check
  published TEXT,                -- publication date as the source gives it: EDTF when it is a date
  url TEXT,                      -- where to read it: every public source has one
  file TEXT,                     -- its full text, relative to the data folder
  note TEXT,                     -- anything a reader should know about it
  lang TEXT,                     -- ISO 639-1 language of the source (ja, ru, hr, fr...); empty for English
  date_from TEXT,                -- first day `published` allows (derived from it; empty when it is no date)
  date_to TEXT,                  -- last day `published` allows (derived from it)
  date_precision TEXT            -- day, month, season, year, interval or unknown (derived from published)
);
INSERT INTO new_sources (rowid, id, title, author, container, kind, published, url, file, note, lang)
SELECT rowid, id, title, author, container, kind, published, url, file, note, lang FROM sources ORDER BY rowid;
DROP TABLE sources;
ALTER TABLE new_sources RENAME TO sources;

PRAGMA legacy_alter_table = OFF;

CREATE TRIGGER fact_edits_sources_insert AFTER INSERT ON sources BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_sources_update AFTER UPDATE ON sources BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_sources_delete AFTER DELETE ON sources BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
