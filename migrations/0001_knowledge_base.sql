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
--
-- `rjkb db schema` prints each table and column with the comment on its
-- line (SQLite keeps the text of CREATE TABLE, comments included).

CREATE TABLE actor_kinds ( -- what kind of thing an actor is
  id TEXT PRIMARY KEY,           -- the value other tables use
  description TEXT NOT NULL      -- what it means
);
INSERT INTO actor_kinds VALUES
  ('person', 'a named individual'),
  ('state', 'a sovereign state or its government'),
  ('organisation', 'a ministry, agency, company, newspaper or other body'),
  ('group', 'a group of people without a formal body (former residents, detainees)'),
  ('place', 'a territory or place that is itself disputed or negotiated over');

-- Modelled on CAMEO root codes (column cameo).
CREATE TABLE event_types ( -- the controlled list of event types
  id TEXT PRIMARY KEY,           -- the value events.type uses
  cameo TEXT,                    -- the CAMEO code it corresponds to
  description TEXT NOT NULL      -- what it means
);
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

CREATE TABLE roles ( -- what part an actor plays in an event
  id TEXT PRIMARY KEY,           -- the value other tables use
  description TEXT NOT NULL      -- what it means
);
INSERT INTO roles VALUES
  ('host', 'receives the visit or meeting'),
  ('visitor', 'makes the visit'),
  ('speaker', 'makes the statement'),
  ('signatory', 'signs the agreement'),
  ('participant', 'takes part'),
  ('subject', 'the event happens to or about this actor');

CREATE TABLE outcomes ( -- how a proposal ended
  id TEXT PRIMARY KEY,           -- the value other tables use
  description TEXT NOT NULL      -- what it means
);
INSERT INTO outcomes VALUES
  ('accepted', 'taken up by the addressee'),
  ('rejected', 'turned down by the addressee'),
  ('pending', 'still under discussion at the end of the period'),
  ('superseded', 'replaced by a later proposal'),
  ('withdrawn', 'taken back by its proposer'),
  ('unknown', 'no source says how it ended');

CREATE TABLE stances ( -- a position's stance on a proposal
  id TEXT PRIMARY KEY,           -- the value other tables use
  description TEXT NOT NULL      -- what it means
);
INSERT INTO stances VALUES
  ('favor', 'supports the proposal'),
  ('against', 'opposes the proposal'),
  ('conditional', 'supports it on conditions'),
  ('neutral', 'neither supports nor opposes');

CREATE TABLE link_kinds ( -- how one proposal relates to another
  id TEXT PRIMARY KEY,           -- the value other tables use
  description TEXT NOT NULL      -- what it means
);
INSERT INTO link_kinds VALUES
  ('derived_from', 'the proposal extends or develops the other one'),
  ('counters', 'the proposal answers the other one with an alternative'),
  ('revises', 'the proposal changes the other one');

CREATE TABLE citation_relations ( -- how a citation bears on the row it cites
  id TEXT PRIMARY KEY,           -- the value other tables use
  description TEXT NOT NULL      -- what it means
);
INSERT INTO citation_relations VALUES
  ('supports', 'the source states the fact'),
  ('contradicts', 'the source disagrees with the fact as recorded'),
  ('not_confirmed', 'the source was checked and does not confirm the fact');

CREATE TABLE sources ( -- a source that facts cite
  id TEXT PRIMARY KEY,           -- stable slug, e.g. study, kyodo-1998-04-20
  title TEXT NOT NULL,           -- title, or publication and date
  author TEXT,                   -- author or issuing body
  kind TEXT NOT NULL,            -- study text, press, official, analysis, memoir, fact check
  published TEXT,                -- publication date as the source gives it
  url TEXT,                      -- where to read it, if public
  file TEXT,                     -- its full text, relative to the data folder
  note TEXT                      -- anything a reader should know about it
);

CREATE TABLE source_texts ( -- full texts of sources with a file; filled by the loader, not from CSV
  source TEXT PRIMARY KEY REFERENCES sources(id), -- the source
  body TEXT NOT NULL             -- the whole text, as in the file
);

CREATE TABLE topics ( -- what positions, events and proposals are about
  id TEXT PRIMARY KEY,           -- stable slug, e.g. territorial-issue
  name TEXT NOT NULL,            -- display name
  description TEXT               -- what the topic covers
);

CREATE TABLE actors ( -- people, states, bodies, groups and disputed places
  id TEXT PRIMARY KEY,           -- stable slug, e.g. yeltsin, japan
  name TEXT NOT NULL,            -- display name
  kind TEXT NOT NULL REFERENCES actor_kinds(id), -- person, state, organisation, group, place
  country TEXT,                  -- ISO 3166 alpha-3 (the USSR is SUN); a person belongs to the state of his country
  role TEXT,                     -- role in the period
  summary TEXT                   -- a sentence about the actor
);

CREATE TABLE actor_aliases ( -- every spelling of an actor a reader may type
  actor TEXT NOT NULL REFERENCES actors(id), -- the actor
  alias TEXT NOT NULL,           -- one spelling: short or full name, another script
  lang TEXT,                     -- BCP 47 language tag: en, ru, ja
  PRIMARY KEY (actor, alias)
);

CREATE TABLE periods ( -- named periods the sources characterise
  id TEXT PRIMARY KEY,           -- stable slug
  date TEXT,                     -- EDTF span of the period
  date_text TEXT,                -- the source's own words for the date
  date_from TEXT,                -- first day the date allows (derived from date)
  date_to TEXT,                  -- last day the date allows (derived from date)
  date_precision TEXT NOT NULL,  -- day, month, season, year, interval or unknown (derived)
  name TEXT NOT NULL,            -- name of the period
  character TEXT,                -- how the sources characterise it: stagnation, momentum...
  summary TEXT                   -- what happened in it
);

CREATE TABLE events ( -- things that happened, on a date
  id TEXT PRIMARY KEY,           -- stable slug, e.g. krasnoyarsk-summit
  date TEXT,                     -- EDTF date; empty when no source gives one
  date_text TEXT,                -- the source's own words for the date
  date_from TEXT,                -- first day the date allows (derived from date)
  date_to TEXT,                  -- last day the date allows (derived from date)
  date_precision TEXT NOT NULL,  -- day, month, season, year, interval or unknown (derived)
  title TEXT NOT NULL,           -- what happened, in a line
  type TEXT NOT NULL REFERENCES event_types(id), -- visit, summit, agreement, statement...
  topic TEXT REFERENCES topics(id), -- main topic
  place TEXT,                    -- where
  summary TEXT,                  -- what happened, in a few sentences
  note TEXT                      -- where sources disagree or a fact is unconfirmed
);
CREATE INDEX events_by_date ON events(date_from, date_to);

CREATE TABLE event_actors ( -- who took part in an event, and how
  event TEXT NOT NULL REFERENCES events(id), -- the event
  actor TEXT NOT NULL REFERENCES actors(id), -- the participant
  role TEXT NOT NULL REFERENCES roles(id), -- host, visitor, speaker, signatory, participant, subject
  PRIMARY KEY (event, actor, role)
);
CREATE INDEX event_actors_by_actor ON event_actors(actor, event);

CREATE TABLE proposals ( -- proposals, and the stages or fields of larger plans
  id TEXT PRIMARY KEY,           -- stable slug, e.g. kawana-proposal
  date TEXT,                     -- EDTF date it was made; empty when no source gives one
  date_text TEXT,                -- the source's own words for the date
  date_from TEXT,                -- first day the date allows (derived from date)
  date_to TEXT,                  -- last day the date allows (derived from date)
  date_precision TEXT NOT NULL,  -- day, month, season, year, interval or unknown (derived)
  title TEXT NOT NULL,           -- the proposal in a line
  proposer TEXT REFERENCES actors(id), -- who made it
  addressee TEXT REFERENCES actors(id), -- to whom
  event TEXT REFERENCES events(id), -- where it was made
  part_of TEXT REFERENCES proposals(id), -- the plan this is a stage or field of
  seq INTEGER,                   -- its order within part_of
  topic TEXT REFERENCES topics(id), -- main topic
  summary TEXT,                  -- what it proposed
  outcome TEXT NOT NULL REFERENCES outcomes(id), -- accepted, rejected, pending, superseded, withdrawn, unknown
  reception TEXT,                -- how it was received
  note TEXT                      -- where sources disagree or a fact is unconfirmed
);
CREATE INDEX proposals_by_date ON proposals(date_from, date_to);
CREATE INDEX proposals_by_proposer ON proposals(proposer);
CREATE INDEX proposals_by_part ON proposals(part_of, seq);

CREATE TABLE proposal_links ( -- how proposals answer or build on each other
  proposal TEXT NOT NULL REFERENCES proposals(id), -- the later proposal
  kind TEXT NOT NULL REFERENCES link_kinds(id), -- derived_from, counters, revises
  target TEXT NOT NULL REFERENCES proposals(id), -- the proposal it relates to
  PRIMARY KEY (proposal, kind, target)
);
CREATE INDEX proposal_links_by_target ON proposal_links(target);

CREATE TABLE positions ( -- an actor's position on a topic, or stance on a proposal
  id TEXT PRIMARY KEY,           -- stable slug
  date TEXT,                     -- EDTF span it held; empty when no source gives one
  date_text TEXT,                -- the source's own words for the date
  date_from TEXT,                -- first day the date allows (derived from date)
  date_to TEXT,                  -- last day the date allows (derived from date)
  date_precision TEXT NOT NULL,  -- day, month, season, year, interval or unknown (derived)
  actor TEXT NOT NULL REFERENCES actors(id), -- who holds it
  topic TEXT NOT NULL REFERENCES topics(id), -- what it is about
  position TEXT NOT NULL,        -- the position in a few words
  stance TEXT REFERENCES stances(id), -- favor, against, conditional, neutral: on the proposal
  proposal TEXT REFERENCES proposals(id), -- the proposal it reacts to
  supersedes TEXT REFERENCES positions(id), -- the earlier position it replaces
  summary TEXT,                  -- the position in a few sentences
  note TEXT                      -- where sources disagree or a fact is unconfirmed
);
CREATE INDEX positions_by_date ON positions(date_from, date_to);
CREATE INDEX positions_by_actor ON positions(actor);

CREATE TABLE citations ( -- the source behind each fact row; exactly one target column is set
  id TEXT PRIMARY KEY,           -- stable slug
  source TEXT NOT NULL REFERENCES sources(id), -- the source cited
  actor TEXT REFERENCES actors(id), -- the cited actor, or
  event TEXT REFERENCES events(id), -- the cited event, or
  proposal TEXT REFERENCES proposals(id), -- the cited proposal, or
  position TEXT REFERENCES positions(id), -- the cited position, or
  period TEXT REFERENCES periods(id), -- the cited period
  relation TEXT NOT NULL DEFAULT 'supports' REFERENCES citation_relations(id), -- supports, contradicts, not_confirmed
  locator TEXT,                  -- section or page in the source
  quote TEXT,                    -- the exact words the row rests on
  note TEXT,                     -- what the source says, where no quote is given, or how it disagrees
  CHECK ((actor IS NOT NULL) + (event IS NOT NULL) + (proposal IS NOT NULL)
         + (position IS NOT NULL) + (period IS NOT NULL) = 1)
);
CREATE INDEX citations_by_actor ON citations(actor);
CREATE INDEX citations_by_event ON citations(event);
CREATE INDEX citations_by_proposal ON citations(proposal);
CREATE INDEX citations_by_position ON citations(position);
CREATE INDEX citations_by_period ON citations(period);
