-- Whether a fact table changed since the derived tables (listings, search
-- index, date spans) were last filled. rjkb fills them whenever it builds or
-- migrates a file; another program that changes a fact table (sqlite3, say)
-- sets the flag through these triggers, and the next rjkb to open the file
-- refills them, so that listings and search never answer from rows that are
-- gone. A build drops the triggers while it loads, as it does the indexes.

CREATE TABLE fact_edits ( -- whether a fact table changed since the derived tables were last filled
  edited INTEGER NOT NULL        -- 1 if so: the next rjkb to open the file refills them
);
INSERT INTO fact_edits VALUES (1);
CREATE TRIGGER fact_edits_actor_kinds_insert AFTER INSERT ON actor_kinds BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_actor_kinds_update AFTER UPDATE ON actor_kinds BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_actor_kinds_delete AFTER DELETE ON actor_kinds BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_event_types_insert AFTER INSERT ON event_types BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_event_types_update AFTER UPDATE ON event_types BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_event_types_delete AFTER DELETE ON event_types BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_roles_insert AFTER INSERT ON roles BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_roles_update AFTER UPDATE ON roles BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_roles_delete AFTER DELETE ON roles BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_outcomes_insert AFTER INSERT ON outcomes BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_outcomes_update AFTER UPDATE ON outcomes BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_outcomes_delete AFTER DELETE ON outcomes BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_stances_insert AFTER INSERT ON stances BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_stances_update AFTER UPDATE ON stances BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_stances_delete AFTER DELETE ON stances BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_link_kinds_insert AFTER INSERT ON link_kinds BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_link_kinds_update AFTER UPDATE ON link_kinds BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_link_kinds_delete AFTER DELETE ON link_kinds BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_citation_relations_insert AFTER INSERT ON citation_relations BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_citation_relations_update AFTER UPDATE ON citation_relations BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_citation_relations_delete AFTER DELETE ON citation_relations BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_topics_insert AFTER INSERT ON topics BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_topics_update AFTER UPDATE ON topics BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_topics_delete AFTER DELETE ON topics BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_actors_insert AFTER INSERT ON actors BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_actors_update AFTER UPDATE ON actors BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_actors_delete AFTER DELETE ON actors BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_actor_aliases_insert AFTER INSERT ON actor_aliases BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_actor_aliases_update AFTER UPDATE ON actor_aliases BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_actor_aliases_delete AFTER DELETE ON actor_aliases BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_sources_insert AFTER INSERT ON sources BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_sources_update AFTER UPDATE ON sources BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_sources_delete AFTER DELETE ON sources BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_source_texts_insert AFTER INSERT ON source_texts BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_source_texts_update AFTER UPDATE ON source_texts BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_source_texts_delete AFTER DELETE ON source_texts BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_events_insert AFTER INSERT ON events BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_events_update AFTER UPDATE ON events BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_events_delete AFTER DELETE ON events BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_event_actors_insert AFTER INSERT ON event_actors BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_event_actors_update AFTER UPDATE ON event_actors BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_event_actors_delete AFTER DELETE ON event_actors BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_proposals_insert AFTER INSERT ON proposals BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_proposals_update AFTER UPDATE ON proposals BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_proposals_delete AFTER DELETE ON proposals BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_proposal_links_insert AFTER INSERT ON proposal_links BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_proposal_links_update AFTER UPDATE ON proposal_links BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_proposal_links_delete AFTER DELETE ON proposal_links BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_positions_insert AFTER INSERT ON positions BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_positions_update AFTER UPDATE ON positions BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_positions_delete AFTER DELETE ON positions BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_periods_insert AFTER INSERT ON periods BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_periods_update AFTER UPDATE ON periods BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_periods_delete AFTER DELETE ON periods BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_citations_insert AFTER INSERT ON citations BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_citations_update AFTER UPDATE ON citations BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
CREATE TRIGGER fact_edits_citations_delete AFTER DELETE ON citations BEGIN UPDATE fact_edits SET edited = 1 WHERE edited = 0; END;
