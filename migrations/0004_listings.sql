-- Listing tables: each fact table's rows as its listing shows them, with
-- the columns gathered from other tables (participants, aliases, links,
-- citing sources) already joined in, stored in the listing's default order.
--
-- Gathering those columns row by row at query time costs a few random
-- reads per row; on a large chronology that dominated every listing. rjkb
-- refills these tables after every load and every migration
-- (src/listings.sql), as it does search_index and date_spans; they are
-- never edited by hand.
--
-- n is the row's place in the default order, so listings sort by it and
-- a date range of the listing lies together on disk. `loaded` is the row's
-- place in its CSV file, the same that search_index rowids carry, so --text
-- joins a listing straight from the full-text index (see search_rows below).

CREATE TABLE event_listing ( -- events as listed, in chronological order; derived by the loader
  n INTEGER PRIMARY KEY,         -- place in the default order: date, then id
  loaded INTEGER NOT NULL,       -- the row's place in events.csv as loaded: search_index rowids build on it
  id TEXT NOT NULL,              -- events.id
  date TEXT,                     -- events.date
  date_text TEXT,                -- events.date_text
  date_from TEXT,                -- events.date_from
  date_to TEXT,                  -- events.date_to
  date_precision TEXT,           -- events.date_precision
  title TEXT,                    -- events.title
  type TEXT,                     -- events.type
  topic TEXT,                    -- events.topic
  place TEXT,                    -- events.place
  actors TEXT,                   -- participants' ids, each once, in the order event_actors lists them
  summary TEXT,                  -- events.summary
  note TEXT,                     -- events.note
  source TEXT                    -- citing sources with their locators, in citation order; contradicting ones marked
);
CREATE UNIQUE INDEX event_listing_by_id ON event_listing(id);
CREATE UNIQUE INDEX event_listing_by_loaded ON event_listing(loaded);
CREATE INDEX event_listing_by_date ON event_listing(date_from, date_to);

CREATE TABLE actor_listing ( -- actors as listed, by kind then id; derived by the loader
  n INTEGER PRIMARY KEY,         -- place in the default order: kind, then id
  loaded INTEGER NOT NULL,       -- the row's place in actors.csv as loaded: search_index rowids build on it
  id TEXT NOT NULL,              -- actors.id
  name TEXT,                     -- actors.name
  kind TEXT,                     -- actors.kind
  country TEXT,                  -- actors.country
  role TEXT,                     -- actors.role
  aliases TEXT,                  -- every alias, in the order actor_aliases lists them
  summary TEXT,                  -- actors.summary
  source TEXT                    -- citing sources with their locators, in citation order; contradicting ones marked
);
CREATE UNIQUE INDEX actor_listing_by_id ON actor_listing(id);
CREATE UNIQUE INDEX actor_listing_by_loaded ON actor_listing(loaded);

CREATE TABLE proposal_listing ( -- proposals as listed, by date, plan stages in order; derived by the loader
  n INTEGER PRIMARY KEY,         -- place in the default order: date, plan, stage, id
  loaded INTEGER NOT NULL,       -- the row's place in proposals.csv as loaded: search_index rowids build on it
  id TEXT NOT NULL,              -- proposals.id
  date TEXT,                     -- proposals.date
  date_text TEXT,                -- proposals.date_text
  date_from TEXT,                -- proposals.date_from
  date_to TEXT,                  -- proposals.date_to
  date_precision TEXT,           -- proposals.date_precision
  title TEXT,                    -- proposals.title
  proposer TEXT,                 -- proposals.proposer
  addressee TEXT,                -- proposals.addressee
  event TEXT,                    -- proposals.event
  part_of TEXT,                  -- proposals.part_of
  seq INTEGER,                   -- proposals.seq
  topic TEXT,                    -- proposals.topic
  outcome TEXT,                  -- proposals.outcome
  reception TEXT,                -- proposals.reception
  links TEXT,                    -- 'kind target' for each proposal_links row, in its order
  summary TEXT,                  -- proposals.summary
  note TEXT,                     -- proposals.note
  source TEXT                    -- citing sources with their locators, in citation order; contradicting ones marked
);
CREATE UNIQUE INDEX proposal_listing_by_id ON proposal_listing(id);
CREATE UNIQUE INDEX proposal_listing_by_loaded ON proposal_listing(loaded);
CREATE INDEX proposal_listing_by_date ON proposal_listing(date_from, date_to);
CREATE INDEX proposal_listing_by_proposer ON proposal_listing(proposer);

CREATE TABLE position_listing ( -- positions as listed, by date; derived by the loader
  n INTEGER PRIMARY KEY,         -- place in the default order: date, then id
  loaded INTEGER NOT NULL,       -- the row's place in positions.csv as loaded: search_index rowids build on it
  id TEXT NOT NULL,              -- positions.id
  date TEXT,                     -- positions.date
  date_text TEXT,                -- positions.date_text
  date_from TEXT,                -- positions.date_from
  date_to TEXT,                  -- positions.date_to
  date_precision TEXT,           -- positions.date_precision
  actor TEXT,                    -- positions.actor
  topic TEXT,                    -- positions.topic
  position TEXT,                 -- positions.position
  stance TEXT,                   -- positions.stance
  proposal TEXT,                 -- positions.proposal
  supersedes TEXT,               -- positions.supersedes
  summary TEXT,                  -- positions.summary
  note TEXT,                     -- positions.note
  source TEXT                    -- citing sources with their locators, in citation order; contradicting ones marked
);
CREATE UNIQUE INDEX position_listing_by_id ON position_listing(id);
CREATE UNIQUE INDEX position_listing_by_loaded ON position_listing(loaded);
CREATE INDEX position_listing_by_date ON position_listing(date_from, date_to);
CREATE INDEX position_listing_by_actor ON position_listing(actor);

CREATE TABLE period_listing ( -- periods as listed, by start, longer first; derived by the loader
  n INTEGER PRIMARY KEY,         -- place in the default order: start, longer first, id
  loaded INTEGER NOT NULL,       -- the row's place in periods.csv as loaded: search_index rowids build on it
  id TEXT NOT NULL,              -- periods.id
  date TEXT,                     -- periods.date
  date_text TEXT,                -- periods.date_text
  date_from TEXT,                -- periods.date_from
  date_to TEXT,                  -- periods.date_to
  date_precision TEXT,           -- periods.date_precision
  name TEXT,                     -- periods.name
  character TEXT,                -- periods.character
  summary TEXT,                  -- periods.summary
  source TEXT                    -- citing sources with their locators, in citation order; contradicting ones marked
);
CREATE UNIQUE INDEX period_listing_by_id ON period_listing(id);
CREATE UNIQUE INDEX period_listing_by_loaded ON period_listing(loaded);
CREATE INDEX period_listing_by_date ON period_listing(date_from, date_to);

-- The full-text rows keep coming from the fact tables in the order they
-- were loaded (building FTS5 in rowid order is fastest, and reading each
-- row's citations in load order is mostly sequential), now each with a
-- rowid: its listing row's `loaded` plus its kind's block (kind number ×
-- 2^32): event 1, actor 2, proposal 3, position 4, period 5. A rowid range
-- then picks one kind and leads straight to its listing rows, without
-- reading the index's stored columns.
DROP VIEW search_rows;
CREATE VIEW search_rows AS
SELECT (1 << 32) + e.rowid AS rowid, 'event' AS kind, e.id, e.date, e.title, e.summary,
       concat_ws(' ', e.note, e.place,
         (SELECT group_concat(c.quote, ' ') FROM citations c WHERE c.event = e.id),
         (SELECT group_concat(a.name, ' ') FROM event_actors ea JOIN actors a ON a.id = ea.actor
           WHERE ea.event = e.id)) AS extra
FROM events e
UNION ALL
SELECT (2 << 32) + a.rowid, 'actor', a.id, NULL, a.name,
       concat_ws(' ', a.role, a.summary,
         (SELECT group_concat(al.alias, ' ') FROM actor_aliases al WHERE al.actor = a.id)),
       (SELECT group_concat(c.quote, ' ') FROM citations c WHERE c.actor = a.id)
FROM actors a
UNION ALL
SELECT (3 << 32) + p.rowid, 'proposal', p.id, p.date, p.title, p.summary,
       concat_ws(' ', p.reception, p.note,
         (SELECT group_concat(c.quote, ' ') FROM citations c WHERE c.proposal = p.id))
FROM proposals p
UNION ALL
SELECT (4 << 32) + o.rowid, 'position', o.id, o.date, o.position, o.summary,
       concat_ws(' ', o.note,
         (SELECT group_concat(c.quote, ' ') FROM citations c WHERE c.position = o.id))
FROM positions o
UNION ALL
SELECT (5 << 32) + r.rowid, 'period', r.id, r.date, r.name, concat_ws(' ', r.character, r.summary),
       (SELECT group_concat(c.quote, ' ') FROM citations c WHERE c.period = r.id)
FROM periods r;
