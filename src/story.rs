//! How records connect into a story, for [`crate::record`] (`rjkb show`
//! and the web edition's pages).
//!
//! From an event, the story runs through the proposals made at it, the
//! proposals linked to those (`proposal_links`, either way, on and on),
//! the events where those were made, and the occasion each such event
//! belongs to: an event held within another of a few days to a month at
//! the same place is part of it, as the summit talks and the declaration
//! are parts of a visit. So the Kawana summit leads to Russia's answer to
//! the Kawana proposal, handed over at the Kremlin talks of Obuchi's
//! visit, during which the Moscow Declaration was signed. The other
//! proposals made at those later events are not followed: they belong to
//! stories of their own. A proposal's lineage follows its links alone: what it
//! derives from, counters or revises, and what derives from, counters or
//! revises it, each transitively.
//!
//! The walks are bounded (depth and count), so a large chronology cannot
//! make `show` slow or long.

use anyhow::{bail, Result};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{HashSet, VecDeque};

/// How far a walk goes, in steps, and how many records it gathers.
const DEPTH: usize = 6;
const MOST: usize = 40;

/// A record reached, and how: `link` says how it joins the one before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Linked {
    pub kind: &'static str,
    pub id: String,
    pub date: Option<String>,
    /// Its first day, to place it before or after.
    pub from: Option<String>,
    pub title: String,
    pub link: String,
}

/// A record of the story: an event or a proposal, by id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Node {
    Event(String),
    Proposal(String),
}

/// How a walk reached a record, which decides where it goes on from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reached {
    /// The record shown.
    Start,
    /// An event where a proposal of the story was made: on to its occasion.
    ByProposal,
    /// An event of the same occasion, or any proposal: an event goes no
    /// further; a proposal goes on through its links and its event.
    ByLink,
}

/// The records in the same story as event `id`, earlier ones and later
/// ones, each in date order. The proposals made at the event itself are
/// left out: `show` lists them already.
pub fn around_event(conn: &Connection, id: &str) -> Result<(Vec<Linked>, Vec<Linked>)> {
    let start = Node::Event(id.to_string());
    let made_here: HashSet<Node> = pairs(conn, MADE_HERE, id, Node::Proposal)?
        .into_iter()
        .map(|(node, _)| node)
        .collect();
    let reached = walk(conn, &start, neighbours)?;
    let sql = "SELECT date_from FROM events WHERE id = ?1";
    let Some(from) = conn
        .query_row(sql, [id], |row| row.get::<_, Option<String>>(0))
        .optional()?
    else {
        bail!(
            "event {id} is listed, but the events table lacks it: the database's tables do not \
             agree (changed by another program?); build it anew"
        );
    };
    let mut before = Vec::new();
    let mut after = Vec::new();
    for (node, link) in reached {
        if made_here.contains(&node) {
            continue;
        }
        let linked = describe(conn, &node, link)?;
        match (&linked.from, &from) {
            (Some(theirs), Some(ours)) if theirs < ours => before.push(linked),
            _ => after.push(linked),
        }
    }
    Ok((in_date_order(before), in_date_order(after)))
}

/// Proposal `id`'s lineage: what it comes from (what it derives from,
/// counters or revises, and so on back) and what it led to.
pub fn lineage(conn: &Connection, id: &str) -> Result<(Vec<Linked>, Vec<Linked>)> {
    let start = Node::Proposal(id.to_string());
    let mut ways = Vec::new();
    for outgoing in [true, false] {
        let reached = walk(conn, &start, |conn, node, _| links(conn, node, outgoing))?;
        let described = reached
            .into_iter()
            .map(|(node, link)| describe(conn, &node, link))
            .collect::<Result<Vec<_>>>()?;
        ways.push(in_date_order(described));
    }
    let led_to = ways.pop().unwrap_or_default();
    let comes_from = ways.pop().unwrap_or_default();
    Ok((comes_from, led_to))
}

/// Breadth first from `start`: every node reached (not `start`), with the
/// link that first reached it.
fn walk(
    conn: &Connection,
    start: &Node,
    next: impl Fn(&Connection, &Node, Reached) -> Result<Vec<(Node, String)>>,
) -> Result<Vec<(Node, String)>> {
    let mut seen: HashSet<Node> = HashSet::from([start.clone()]);
    let mut queue = VecDeque::from([(start.clone(), Reached::Start, 0)]);
    let mut reached = Vec::new();
    while let Some((node, how, depth)) = queue.pop_front() {
        if depth == DEPTH {
            continue;
        }
        for (found, link) in next(conn, &node, how)? {
            if reached.len() == MOST {
                return Ok(reached);
            }
            if seen.insert(found.clone()) {
                let how = match (&node, &found) {
                    (Node::Proposal(_), Node::Event(_)) => Reached::ByProposal,
                    _ => Reached::ByLink,
                };
                reached.push((found.clone(), link));
                queue.push_back((found, how, depth + 1));
            }
        }
    }
    Ok(reached)
}

/// Every record one step from `node` in a story, reached `how`.
fn neighbours(conn: &Connection, node: &Node, how: Reached) -> Result<Vec<(Node, String)>> {
    match (node, how) {
        (Node::Event(id), Reached::Start) => {
            let mut next = made_at(conn, id)?;
            next.extend(occasion(conn, id)?);
            Ok(next)
        }
        (Node::Event(id), Reached::ByProposal) => occasion(conn, id),
        (Node::Event(_), Reached::ByLink) => Ok(Vec::new()),
        (Node::Proposal(id), _) => {
            let mut next = pairs(conn, WHERE_MADE, id, Node::Event)?;
            next.extend(links(conn, node, true)?);
            next.extend(links(conn, node, false)?);
            Ok(next)
        }
    }
}

/// The proposals made at event `id`: a plan's stage or field stands for
/// its plan.
fn made_at(conn: &Connection, id: &str) -> Result<Vec<(Node, String)>> {
    pairs(conn, MADE_AT, id, Node::Proposal)
}

/// The occasion event `id` is part of, or is: the events of a few days to
/// a month at the same place that hold it, and the events each of those
/// holds (event `id`'s own parts among them).
fn occasion(conn: &Connection, id: &str) -> Result<Vec<(Node, String)>> {
    pairs(conn, OCCASION, id, Node::Event)
}

/// The proposals made at event ?1, as they are: to leave out of its story.
const MADE_HERE: &str = "SELECT id, '' FROM proposals WHERE event = ?1";

/// The event where proposal ?1 was made, and those where parts were added.
const WHERE_MADE: &str = "SELECT event, 'where ' || id || ' was made' FROM proposals \
     WHERE id = ?1 AND event IS NOT NULL \
     UNION ALL SELECT event, 'where ' || id || ' was added to ' || ?1 FROM proposals \
     WHERE part_of = ?1 AND event IS NOT NULL";

/// The proposals made at event ?1, a plan's part standing for its plan.
const MADE_AT: &str =
    "SELECT coalesce(part_of, id), CASE WHEN part_of IS NULL THEN 'made at ' || ?1 \
     ELSE id || ' added to it at ' || ?1 END FROM proposals WHERE event = ?1 \
     ORDER BY date_from, id";

/// Event ?1's occasion: see [`occasion`].
const OCCASION: &str = "WITH occasion AS (SELECT c.id, c.place, c.date_from, c.date_to, \
     c.id = e.id AS itself FROM events e JOIN events c ON c.place = e.place \
     AND c.date_from <= e.date_from AND c.date_to >= e.date_to \
     AND julianday(c.date_to) - julianday(c.date_from) BETWEEN 1 AND 31 WHERE e.id = ?1) \
     SELECT id, 'includes ' || ?1 FROM occasion WHERE NOT itself \
     UNION ALL \
     SELECT p.id, 'during ' || o.id FROM occasion o JOIN events p ON p.place = o.place \
     AND p.date_from >= o.date_from AND p.date_to <= o.date_to AND p.id NOT IN (o.id, ?1)";

/// The proposals linked to `node`: those it points to (`outgoing`), or
/// those that point to it.
fn links(conn: &Connection, node: &Node, outgoing: bool) -> Result<Vec<(Node, String)>> {
    let Node::Proposal(id) = node else {
        return Ok(Vec::new());
    };
    let sql = if outgoing { LINKS_OUT } else { LINKS_IN };
    pairs(conn, sql, id, Node::Proposal)
}

const LINKS_OUT: &str = "SELECT target, ?1 || ' ' || replace(kind, '_', ' ') || ' it' \
     FROM proposal_links WHERE proposal = ?1 ORDER BY rowid";
const LINKS_IN: &str = "SELECT proposal, replace(kind, '_', ' ') || ' ' || ?1 \
     FROM proposal_links WHERE target = ?1 ORDER BY rowid";

/// Runs `sql` with `id` as ?1, making a node of each first column and a
/// link of each second.
fn pairs(
    conn: &Connection,
    sql: &str,
    id: &str,
    node: fn(String) -> Node,
) -> Result<Vec<(Node, String)>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params![id], |row| {
        Ok((node(row.get(0)?), row.get::<_, String>(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn describe(conn: &Connection, node: &Node, link: String) -> Result<Linked> {
    let (kind, table, id) = match node {
        Node::Event(id) => ("event", "events", id),
        Node::Proposal(id) => ("proposal", "proposals", id),
    };
    let sql = format!("SELECT date, date_from, title FROM {table} WHERE id = ?1");
    let found = conn
        .query_row(&sql, [id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?;
    // Only a database changed by another program with its foreign keys
    // off, and its mark of the change (migration 0011) forged, links to a
    // row it lacks: an honest mark has the references checked at open.
    let Some((date, from, title)) = found else {
        bail!(
            "a link names {kind} {id}, which the {table} table lacks: the database's tables \
             do not agree (changed by another program?); build it anew"
        );
    };
    Ok(Linked {
        kind,
        id: id.clone(),
        date,
        from,
        title,
        link,
    })
}

fn in_date_order(mut linked: Vec<Linked>) -> Vec<Linked> {
    linked.sort_by(|a, b| {
        (a.from.is_none(), &a.from, &a.id).cmp(&(b.from.is_none(), &b.from, &b.id))
    });
    linked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(linked: &[Linked]) -> Vec<&str> {
        linked.iter().map(|l| l.id.as_str()).collect()
    }

    #[test]
    fn every_step_of_a_story_reads_through_an_index() {
        // For every event and proposal: no step of a full table scan, so a
        // record's story costs the same in a chronology of any size.
        let conn = loaded();
        for (sql, table) in [
            (MADE_HERE, "events"),
            (MADE_AT, "events"),
            (OCCASION, "events"),
            (WHERE_MADE, "proposals"),
            (LINKS_OUT, "proposals"),
            (LINKS_IN, "proposals"),
        ] {
            assert_eq!(crate::db::first_full_scan(&conn, sql, table), None, "{sql}");
        }
    }

    fn loaded() -> Connection {
        let mut conn = crate::db::in_memory().unwrap();
        crate::seed::load_or_fail(&mut conn, &crate::seed::DataSource::BuiltIn).unwrap();
        conn
    }

    #[test]
    fn kawana_leads_to_russias_answer_and_the_moscow_declaration() {
        let conn = loaded();
        let (before, after) = around_event(&conn, "kawana-summit").unwrap();
        let after = ids(&after);
        let answer = after.iter().position(|id| *id == "russian-answer-1998");
        let declaration = after.iter().position(|id| *id == "moscow-declaration-1998");
        assert!(answer.is_some() && declaration > answer, "{after:?}");
        // Through the field of the Hashimoto-Yeltsin plan added at Kawana,
        // back to Krasnoyarsk; through the factory, back to Primakov.
        let before = ids(&before);
        assert!(before.contains(&"krasnoyarsk-summit"), "{before:?}");
        assert!(before.contains(&"hashimoto-yeltsin-plan"), "{before:?}");
        assert!(before.contains(&"joint-economic-activities"), "{before:?}");
        // What was proposed at Kawana itself is not repeated.
        assert!(!after.contains(&"kawana-proposal"));
    }

    #[test]
    fn a_proposals_lineage_runs_both_ways() {
        let conn = loaded();
        let (from, to) = lineage(&conn, "russian-answer-1998").unwrap();
        // By date: the treaty was floated during the summit of 18-19 April,
        // the border proposal made on the 19th.
        assert_eq!(ids(&from), ["peace-friendship-treaty", "kawana-proposal"]);
        assert!(to.is_empty());
        let (from, to) = lineage(&conn, "joint-economic-activities").unwrap();
        assert!(from.is_empty());
        assert_eq!(ids(&to), ["marine-processing-factory", "kuril-sez-1999"]);
        assert_eq!(to[0].link, "derived from joint-economic-activities");
        let (from, _) = lineage(&conn, "kawana-proposal").unwrap();
        assert!(from.is_empty());
    }
}
