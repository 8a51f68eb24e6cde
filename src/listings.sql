-- Refills the listing tables (migrations 0004, 0005) from the fact tables.
-- rjkb runs it after every load and every migration, in the same
-- transaction, before the full-text index, which reads them (src/db.rs).
--
-- Each gathered column is built by grouping a whole table once, which at a
-- million rows is many times faster than a correlated subquery per row.
-- Only rjkb runs this file, so it may use SQLite 3.44's ORDER BY inside an
-- aggregate; what is stored in the schema must not, so that older sqlite3
-- shells can still read the database.

-- The `source` column of every cited row: each (source, relation) once,
-- with its distinct locators, in the order the citations come.
CREATE TEMP TABLE cited (
  kind TEXT, target TEXT, source TEXT, PRIMARY KEY (kind, target)
) WITHOUT ROWID;
INSERT INTO temp.cited
SELECT kind, target, group_concat(label, '; ' ORDER BY first)
FROM (
  SELECT kind, target, min(first) AS first,
         source || coalesce(' ' || group_concat(locator, ', ' ORDER BY first), '')
         || CASE relation WHEN 'supports' THEN '' ELSE ' (' || replace(relation, '_', ' ') || ')' END AS label
  FROM (
    SELECT CASE WHEN actor IS NOT NULL THEN 'actor' WHEN event IS NOT NULL THEN 'event'
                WHEN proposal IS NOT NULL THEN 'proposal' WHEN position IS NOT NULL THEN 'position'
                ELSE 'period' END AS kind,
           coalesce(actor, event, proposal, position, period) AS target,
           source, relation, locator, min(rowid) AS first
    FROM citations
    GROUP BY 1, 2, 3, 4, 5
  )
  GROUP BY kind, target, source, relation
)
GROUP BY kind, target;

DELETE FROM event_listing;
INSERT INTO event_listing
SELECT NULL, e.id, e.date, e.date_text, e.date_from, e.date_to, e.date_precision, e.title,
       e.type, e.topic, e.place, p.actors, e.summary, e.note, c.source
FROM events e
LEFT JOIN (
  SELECT event, group_concat(actor, ', ' ORDER BY first) AS actors
  FROM (SELECT event, actor, min(rowid) AS first FROM event_actors GROUP BY event, actor)
  GROUP BY event
) p ON p.event = e.id
LEFT JOIN temp.cited c ON c.kind = 'event' AND c.target = e.id
ORDER BY e.date_from IS NULL, e.date_from, e.date_to, e.id;

DELETE FROM actor_listing;
INSERT INTO actor_listing
SELECT NULL, a.id, a.name, a.kind, a.country, a.role, al.aliases, a.summary, c.source
FROM actors a
LEFT JOIN (
  SELECT actor, group_concat(alias, '; ' ORDER BY rowid) AS aliases
  FROM actor_aliases GROUP BY actor
) al ON al.actor = a.id
LEFT JOIN temp.cited c ON c.kind = 'actor' AND c.target = a.id
ORDER BY a.kind, a.id;

DELETE FROM proposal_listing;
INSERT INTO proposal_listing
SELECT NULL, p.id, p.date, p.date_text, p.date_from, p.date_to, p.date_precision, p.title,
       p.proposer, p.addressee, p.event, p.part_of, p.seq, p.topic, p.outcome, p.reception,
       l.links, p.summary, p.note, c.source
FROM proposals p
LEFT JOIN (
  SELECT proposal, group_concat(kind || ' ' || target, '; ' ORDER BY rowid) AS links
  FROM proposal_links GROUP BY proposal
) l ON l.proposal = p.id
LEFT JOIN temp.cited c ON c.kind = 'proposal' AND c.target = p.id
ORDER BY p.date_from IS NULL, p.date_from, p.date_to, coalesce(p.part_of, p.id), p.seq, p.id;

DELETE FROM position_listing;
INSERT INTO position_listing
SELECT NULL, o.id, o.date, o.date_text, o.date_from, o.date_to, o.date_precision, o.actor,
       o.topic, o.position, o.stance, o.proposal, o.supersedes, o.summary, o.note, c.source
FROM positions o
LEFT JOIN temp.cited c ON c.kind = 'position' AND c.target = o.id
ORDER BY o.date_from IS NULL, o.date_from, o.date_to, o.id;

DELETE FROM period_listing;
INSERT INTO period_listing
SELECT NULL, r.id, r.date, r.date_text, r.date_from, r.date_to, r.date_precision, r.name,
       r.character, r.summary, c.source
FROM periods r
LEFT JOIN temp.cited c ON c.kind = 'period' AND c.target = r.id
ORDER BY r.date_from IS NULL, r.date_from, r.date_to DESC, r.id;

DROP TABLE temp.cited;

