-- Full-text rows numbered in listing order: a row's search_index rowid is
-- now its listing row's `n` plus its kind's block (kind number × 2^32:
-- event 1, actor 2, proposal 3, position 4, period 5).
--
-- --text used to go from a match to its listing row through an index on
-- `loaded` (the row's place in its CSV file), then sort the hits by `n`.
-- Numbered by `n`, the index's own rowid order is the listing's order and
-- leads straight to the row by its primary key, so both steps go.
--
-- search_rows now reads the listing tables, which hold the fact tables'
-- text columns as they are: rjkb fills them first and the index after, in
-- rowid order, the order FTS5 builds fastest in. `loaded` and its indexes
-- have no use left. The listings are derived and refilled right after this
-- migration, so they are emptied first rather than rewritten column by
-- column.

DROP VIEW search_rows;

DROP INDEX event_listing_by_loaded;
DELETE FROM event_listing;
ALTER TABLE event_listing DROP COLUMN loaded;

DROP INDEX actor_listing_by_loaded;
DELETE FROM actor_listing;
ALTER TABLE actor_listing DROP COLUMN loaded;

DROP INDEX proposal_listing_by_loaded;
DELETE FROM proposal_listing;
ALTER TABLE proposal_listing DROP COLUMN loaded;

DROP INDEX position_listing_by_loaded;
DELETE FROM position_listing;
ALTER TABLE position_listing DROP COLUMN loaded;

DROP INDEX period_listing_by_loaded;
DELETE FROM period_listing;
ALTER TABLE period_listing DROP COLUMN loaded;

CREATE VIEW search_rows AS
SELECT (1 << 32) + e.n AS rowid, 'event' AS kind, e.id, e.date, e.title, e.summary,
       concat_ws(' ', e.note, e.place,
         (SELECT group_concat(c.quote, ' ') FROM citations c WHERE c.event = e.id),
         (SELECT group_concat(a.name, ' ') FROM event_actors ea JOIN actors a ON a.id = ea.actor
           WHERE ea.event = e.id)) AS extra
FROM event_listing e
UNION ALL
SELECT (2 << 32) + a.n, 'actor', a.id, NULL, a.name,
       concat_ws(' ', a.role, a.summary,
         (SELECT group_concat(al.alias, ' ') FROM actor_aliases al WHERE al.actor = a.id)),
       (SELECT group_concat(c.quote, ' ') FROM citations c WHERE c.actor = a.id)
FROM actor_listing a
UNION ALL
SELECT (3 << 32) + p.n, 'proposal', p.id, p.date, p.title, p.summary,
       concat_ws(' ', p.reception, p.note,
         (SELECT group_concat(c.quote, ' ') FROM citations c WHERE c.proposal = p.id))
FROM proposal_listing p
UNION ALL
SELECT (4 << 32) + o.n, 'position', o.id, o.date, o.position, o.summary,
       concat_ws(' ', o.note,
         (SELECT group_concat(c.quote, ' ') FROM citations c WHERE c.position = o.id))
FROM position_listing o
UNION ALL
SELECT (5 << 32) + r.n, 'period', r.id, r.date, r.name, concat_ws(' ', r.character, r.summary),
       (SELECT group_concat(c.quote, ' ') FROM citations c WHERE c.period = r.id)
FROM period_listing r;
