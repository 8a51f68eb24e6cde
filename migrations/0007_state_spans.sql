-- A state's people count for it only while it exists as the actor the data
-- means: actors.existed gives a state that span, as EDTF with open ends
-- (the Russian Federation `1991-12-25/..`, the USSR `../1991-12-26`).
-- `--by russia` then finds a Russian person's rows only when their date
-- meets that span, so Yeltsin's five-stage proposal of January 1990, made
-- as a deputy of the USSR Supreme Soviet, is his and not Russia's.
--
-- As in 0006, the table is rebuilt whole, rowids kept, so that the column
-- keeps its comment in `rjkb db schema`; rjkb runs migrations with foreign
-- keys off and checks them before it commits.

PRAGMA legacy_alter_table = ON;

CREATE TABLE new_actors ( -- people, states, bodies, groups and disputed places
  id TEXT PRIMARY KEY,           -- stable slug, e.g. yeltsin, japan
  name TEXT NOT NULL,            -- display name
  kind TEXT NOT NULL REFERENCES actor_kinds(id), -- person, state, organisation, group, place
  country TEXT,                  -- ISO 3166 alpha-3 (the USSR is SUN); a person belongs to the state of his country
  role TEXT,                     -- role in the period
  summary TEXT,                  -- a sentence about the actor
  existed TEXT                   -- for a state, the EDTF span it is this actor in (1991-12-25/..): its people count for it only then
);
INSERT INTO new_actors (rowid, id, name, kind, country, role, summary)
SELECT rowid, id, name, kind, country, role, summary FROM actors ORDER BY rowid;
DROP TABLE actors;
ALTER TABLE new_actors RENAME TO actors;

PRAGMA legacy_alter_table = OFF;
