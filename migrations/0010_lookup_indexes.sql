-- The references `show` and the web edition follow from a record to the
-- rows that name it: the proposals made at an event or addressed to an
-- actor, the positions on a proposal or superseding one, the citations of
-- a source, the events at a place (an event's occasion), a state's people,
-- the periods an event falls in.
-- Without an index each was a read of the whole table for every record
-- shown, so a web edition grew with the square of the rows. Partial where
-- the column is often empty: an equality implies IS NOT NULL.

CREATE INDEX proposals_by_event ON proposals(event) WHERE event IS NOT NULL;
CREATE INDEX proposals_by_addressee ON proposals(addressee) WHERE addressee IS NOT NULL;
CREATE INDEX positions_by_proposal ON positions(proposal) WHERE proposal IS NOT NULL;
CREATE INDEX positions_by_supersedes ON positions(supersedes) WHERE supersedes IS NOT NULL;
CREATE INDEX citations_by_source ON citations(source);
CREATE INDEX events_by_place ON events(place, date_from) WHERE place IS NOT NULL;
CREATE INDEX actors_by_country ON actors(country) WHERE country IS NOT NULL;
CREATE INDEX periods_by_date ON periods(date_from, date_to);
