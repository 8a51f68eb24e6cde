-- Each citation cites exactly one row, so four of its five target columns
-- are empty, and each index on one of them held an entry for every
-- citation, most of them NULL. Partial indexes hold only the citations of
-- their own kind: a lookup `c.event = ?` uses them all the same (an
-- equality implies IS NOT NULL), and a build makes them in a fraction of
-- the time (100,000 events: 0.125 s for the five before).

DROP INDEX citations_by_actor;
DROP INDEX citations_by_event;
DROP INDEX citations_by_proposal;
DROP INDEX citations_by_position;
DROP INDEX citations_by_period;
CREATE INDEX citations_by_actor ON citations(actor) WHERE actor IS NOT NULL;
CREATE INDEX citations_by_event ON citations(event) WHERE event IS NOT NULL;
CREATE INDEX citations_by_proposal ON citations(proposal) WHERE proposal IS NOT NULL;
CREATE INDEX citations_by_position ON citations(position) WHERE position IS NOT NULL;
CREATE INDEX citations_by_period ON citations(period) WHERE period IS NOT NULL;
