-- Full-text search over every entity: titles, summaries, notes, the quotes
-- that cite each row, and actor names and aliases. `rjkb search` looks in
-- every column; listings' --text in title and summary.
--
-- search_rows says what is indexed; the loader refills search_index from it
-- after every load (`INSERT INTO search_index SELECT * FROM search_rows`),
-- and this migration fills it for databases built before it existed.

CREATE VIEW search_rows AS
SELECT 'event' AS kind, e.id, e.date, e.title, e.summary,
       concat_ws(' ', e.note, e.place,
         (SELECT group_concat(c.quote, ' ') FROM citations c WHERE c.event = e.id),
         (SELECT group_concat(a.name, ' ') FROM event_actors ea JOIN actors a ON a.id = ea.actor
           WHERE ea.event = e.id)) AS extra
FROM events e
UNION ALL
SELECT 'actor', a.id, NULL, a.name,
       concat_ws(' ', a.role, a.summary,
         (SELECT group_concat(al.alias, ' ') FROM actor_aliases al WHERE al.actor = a.id)),
       (SELECT group_concat(c.quote, ' ') FROM citations c WHERE c.actor = a.id)
FROM actors a
UNION ALL
SELECT 'proposal', p.id, p.date, p.title, p.summary,
       concat_ws(' ', p.reception, p.note,
         (SELECT group_concat(c.quote, ' ') FROM citations c WHERE c.proposal = p.id))
FROM proposals p
UNION ALL
SELECT 'position', o.id, o.date, o.position, o.summary,
       concat_ws(' ', o.note,
         (SELECT group_concat(c.quote, ' ') FROM citations c WHERE c.position = o.id))
FROM positions o
UNION ALL
SELECT 'period', r.id, r.date, r.name, concat_ws(' ', r.character, r.summary),
       (SELECT group_concat(c.quote, ' ') FROM citations c WHERE c.period = r.id)
FROM periods r;

-- remove_diacritics folds accents, so "Primakóv" finds Primakov.
CREATE VIRTUAL TABLE search_index USING fts5( -- full-text index for rjkb search and --text (FTS5)
  kind UNINDEXED,                -- event, actor, proposal, position or period
  id UNINDEXED,                  -- the row's id
  date UNINDEXED,                -- the row's EDTF date
  title,                         -- title, name or position
  summary,                       -- summary (for actors also role and aliases): what --text searches with title
  extra,                         -- notes, quoted passages, participants' names
  tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO search_index SELECT * FROM search_rows;
