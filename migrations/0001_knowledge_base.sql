-- rjkb schema, version 1.
--
-- Shipped migrations are never edited: add 0002_*.sql instead.
--
-- Fact tables (actors, events, proposals, positions, periods) and their join
-- tables are loaded from seed/<table>.csv; every seed column is a column here
-- with the same name. The columns date_from, date_to and date_precision are
-- derived by the loader from the EDTF string in `date` and are not in seed/.
--
-- Controlled vocabularies are small lookup tables filled here, so that a
-- wrong value in a CSV is a foreign-key problem reported like any other.

CREATE TABLE actor_kinds (id TEXT PRIMARY KEY, description TEXT NOT NULL);
INSERT INTO actor_kinds VALUES
  ('person', 'a named individual'),
  ('state', 'a sovereign state or its government'),
  ('organisation', 'a ministry, agency, company, newspaper or other body'),
  ('group', 'a group of people without a formal body (former residents, detainees)'),
  ('place', 'a territory or place that is itself disputed or negotiated over');

-- Modelled on CAMEO root codes (in brackets).
CREATE TABLE event_types (id TEXT PRIMARY KEY, cameo TEXT, description TEXT NOT NULL);
INSERT INTO event_types VALUES
  ('statement', '01', 'make a public statement or speech'),
  ('appeal', '02', 'appeal or request'),
  ('intent', '03', 'express intent to cooperate'),
  ('visit', '04', 'consult: visit, host or meet'),
  ('summit', '04', 'consult: meeting of heads of state or government'),
  ('cooperate', '05', 'engage in diplomatic cooperation'),
  ('agreement', '057', 'sign a formal agreement'),
  ('concession', '07', 'provide aid or make a humanitarian concession'),
  ('yield', '08', 'yield: ease a restriction, allow'),
  ('disapprove', '11', 'disapprove or criticise'),
  ('reject', '12', 'reject a proposal'),
  ('reduce', '16', 'reduce relations: cancel or postpone a visit'),
  ('domestic', NULL, 'a domestic event that bears on the relationship'),
  ('trend', NULL, 'a change in the state of relations over a period');

CREATE TABLE roles (id TEXT PRIMARY KEY, description TEXT NOT NULL);
INSERT INTO roles VALUES
  ('host', 'receives the visit or meeting'),
  ('visitor', 'makes the visit'),
  ('speaker', 'makes the statement'),
  ('signatory', 'signs the agreement'),
  ('participant', 'takes part'),
  ('subject', 'the event happens to or about this actor');

CREATE TABLE outcomes (id TEXT PRIMARY KEY, description TEXT NOT NULL);
INSERT INTO outcomes VALUES
  ('accepted', 'taken up by the addressee'),
  ('rejected', 'turned down by the addressee'),
  ('pending', 'still under discussion at the end of the period'),
  ('superseded', 'replaced by a later proposal'),
  ('withdrawn', 'taken back by its proposer'),
  ('unknown', 'no source says how it ended');

CREATE TABLE stances (id TEXT PRIMARY KEY, description TEXT NOT NULL);
INSERT INTO stances VALUES
  ('favor', 'supports the proposal'),
  ('against', 'opposes the proposal'),
  ('conditional', 'supports it on conditions'),
  ('neutral', 'neither supports nor opposes');

CREATE TABLE link_kinds (id TEXT PRIMARY KEY, description TEXT NOT NULL);
INSERT INTO link_kinds VALUES
  ('derived_from', 'the proposal extends or develops the other one'),
  ('counters', 'the proposal answers the other one with an alternative'),
  ('revises', 'the proposal changes the other one');

CREATE TABLE citation_relations (id TEXT PRIMARY KEY, description TEXT NOT NULL);
INSERT INTO citation_relations VALUES
  ('supports', 'the source states the fact'),
  ('contradicts', 'the source disagrees with the fact as recorded'),
  ('not_confirmed', 'the source was checked and does not confirm the fact');

CREATE TABLE sources (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  author TEXT,
  kind TEXT NOT NULL,            -- study text, press, official, analysis...
  published TEXT,                -- as the source gives it
  url TEXT,
  file TEXT,                     -- the full text, relative to the data folder
  note TEXT
);

-- The full text of a source whose `file` is in the data folder, kept so that
-- a database file can show a citation's passage and export the text again.
-- Filled by the loader, not from a CSV file.
CREATE TABLE source_texts (
  source TEXT PRIMARY KEY REFERENCES sources(id),
  body TEXT NOT NULL
);

CREATE TABLE topics (id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT);

CREATE TABLE actors (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL REFERENCES actor_kinds(id),
  country TEXT,                  -- ISO 3166 alpha-3; the USSR is SUN
  role TEXT,
  summary TEXT
);

CREATE TABLE actor_aliases (
  actor TEXT NOT NULL REFERENCES actors(id),
  alias TEXT NOT NULL,
  lang TEXT,                     -- BCP 47: en, ru, ja
  PRIMARY KEY (actor, alias)
);

CREATE TABLE periods (
  id TEXT PRIMARY KEY,
  date TEXT,                     -- EDTF
  date_text TEXT,                -- the source's own words
  date_from TEXT, date_to TEXT, date_precision TEXT NOT NULL,
  name TEXT NOT NULL,
  character TEXT,                -- stagnation, momentum...
  summary TEXT
);

CREATE TABLE events (
  id TEXT PRIMARY KEY,
  date TEXT,
  date_text TEXT,
  date_from TEXT, date_to TEXT, date_precision TEXT NOT NULL,
  title TEXT NOT NULL,
  type TEXT NOT NULL REFERENCES event_types(id),
  topic TEXT REFERENCES topics(id),
  place TEXT,
  summary TEXT,
  note TEXT                      -- where sources disagree
);
CREATE INDEX events_by_date ON events(date_from, date_to);

CREATE TABLE event_actors (
  event TEXT NOT NULL REFERENCES events(id),
  actor TEXT NOT NULL REFERENCES actors(id),
  role TEXT NOT NULL REFERENCES roles(id),
  PRIMARY KEY (event, actor, role)
);
CREATE INDEX event_actors_by_actor ON event_actors(actor, event);

CREATE TABLE proposals (
  id TEXT PRIMARY KEY,
  date TEXT,
  date_text TEXT,
  date_from TEXT, date_to TEXT, date_precision TEXT NOT NULL,
  title TEXT NOT NULL,
  proposer TEXT REFERENCES actors(id),
  addressee TEXT REFERENCES actors(id),
  event TEXT REFERENCES events(id),
  part_of TEXT REFERENCES proposals(id),   -- a stage or field of a larger plan
  seq INTEGER,                              -- its order within part_of
  topic TEXT REFERENCES topics(id),
  summary TEXT,
  outcome TEXT NOT NULL REFERENCES outcomes(id),
  reception TEXT,
  note TEXT
);
CREATE INDEX proposals_by_date ON proposals(date_from, date_to);
CREATE INDEX proposals_by_proposer ON proposals(proposer);
CREATE INDEX proposals_by_part ON proposals(part_of, seq);

CREATE TABLE proposal_links (
  proposal TEXT NOT NULL REFERENCES proposals(id),
  kind TEXT NOT NULL REFERENCES link_kinds(id),
  target TEXT NOT NULL REFERENCES proposals(id),
  PRIMARY KEY (proposal, kind, target)
);
CREATE INDEX proposal_links_by_target ON proposal_links(target);

CREATE TABLE positions (
  id TEXT PRIMARY KEY,
  date TEXT,
  date_text TEXT,
  date_from TEXT, date_to TEXT, date_precision TEXT NOT NULL,
  actor TEXT NOT NULL REFERENCES actors(id),
  topic TEXT NOT NULL REFERENCES topics(id),
  position TEXT NOT NULL,        -- in a few words
  stance TEXT REFERENCES stances(id),
  proposal TEXT REFERENCES proposals(id),  -- the proposal it reacts to
  supersedes TEXT REFERENCES positions(id),
  summary TEXT,
  note TEXT
);
CREATE INDEX positions_by_date ON positions(date_from, date_to);
CREATE INDEX positions_by_actor ON positions(actor);

-- Exactly one of the target columns names the cited row.
CREATE TABLE citations (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL REFERENCES sources(id),
  actor TEXT REFERENCES actors(id),
  event TEXT REFERENCES events(id),
  proposal TEXT REFERENCES proposals(id),
  position TEXT REFERENCES positions(id),
  period TEXT REFERENCES periods(id),
  relation TEXT NOT NULL DEFAULT 'supports' REFERENCES citation_relations(id),
  locator TEXT,                  -- section or page
  quote TEXT,                    -- the exact words the row rests on
  note TEXT,
  CHECK ((actor IS NOT NULL) + (event IS NOT NULL) + (proposal IS NOT NULL)
         + (position IS NOT NULL) + (period IS NOT NULL) = 1)
);
CREATE INDEX citations_by_actor ON citations(actor);
CREATE INDEX citations_by_event ON citations(event);
CREATE INDEX citations_by_proposal ON citations(proposal);
CREATE INDEX citations_by_position ON citations(position);
CREATE INDEX citations_by_period ON citations(period);
