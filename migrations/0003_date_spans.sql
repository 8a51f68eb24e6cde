-- The longest date span in each dated table.
--
-- A row overlaps [from, to] when date_from <= to AND date_to >= from. An
-- index on date_from bounds only one side of that; knowing that no row
-- spans more than max_days, date_from >= from - max_days bounds the other,
-- so a date filter reads one slice of the index instead of half of it.
-- The loader refills the table after every load from date_span_rows.

CREATE VIEW date_span_rows AS
SELECT 'events' AS entity, CAST(coalesce(max(julianday(date_to) - julianday(date_from)), 0) AS INTEGER) AS max_days FROM events
UNION ALL
SELECT 'proposals', CAST(coalesce(max(julianday(date_to) - julianday(date_from)), 0) AS INTEGER) FROM proposals
UNION ALL
SELECT 'positions', CAST(coalesce(max(julianday(date_to) - julianday(date_from)), 0) AS INTEGER) FROM positions
UNION ALL
SELECT 'periods', CAST(coalesce(max(julianday(date_to) - julianday(date_from)), 0) AS INTEGER) FROM periods;

CREATE TABLE date_spans ( -- the longest date span of each dated table, so date filters can use an index range
  entity TEXT PRIMARY KEY,       -- events, proposals, positions or periods
  max_days INTEGER NOT NULL      -- days from date_from to date_to of its longest row
);

INSERT INTO date_spans SELECT * FROM date_span_rows;
