//! `rjkb graph`: actors, proposals and the links between them — proposed,
//! addressed to, derives from, counters, revises, part of, reacts to — as
//! Graphviz DOT (`rjkb graph | dot -Tsvg > graph.svg`) or JSON. The whole
//! graph is for tools; a picture to read is of one part of it, named: a
//! proposal with its lineage, the proposals made at an event, or an
//! actor's (`rjkb graph kawana-proposal`), or those the listings' filters
//! choose (`rjkb graph --year 1998`), each with its lineage.

use crate::cmd::query::ScopeArgs;
use crate::cmd::Context;
use crate::dates::for_people;
use crate::model::Entity;
use crate::output::{json_rows, Format};
use crate::query::{Filters, Listing, Scope};
use crate::statement::Sql;
use crate::{record, story};
use anyhow::{bail, Result};
use clap::Args;
use rusqlite::Connection;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::io::Write;

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Only the part around this proposal, event (the proposals made
    /// there) or actor (the proposals it made, received or took a position
    /// on), each proposal with its lineage: an id, a name or words of a title
    #[arg(num_args = 0..)]
    pub name: Vec<String>,
    // The listings' filters choose proposals too (the command's help says so).
    #[command(flatten)]
    pub scope: ScopeArgs,
}

/// Every edge between the proposals drawn (`drawn`), and from or to
/// their actors, as (from, to, relation, date), node ids prefixed by their
/// kind. Only a reaction has a date of its own: an actor may react to one
/// proposal twice (Japan to Russia's answer of 1998, neutral, then
/// against), and the order is the story.
const EDGES: &str = "
    SELECT 'actor:' || proposer, 'proposal:' || id, 'proposed', NULL FROM proposals
      WHERE proposer IS NOT NULL AND part_of IS NULL AND id IN drawn
    UNION ALL SELECT 'proposal:' || id, 'actor:' || addressee, 'addressed to', NULL FROM proposals
      WHERE addressee IS NOT NULL AND part_of IS NULL AND id IN drawn
    UNION ALL SELECT 'proposal:' || id, 'proposal:' || part_of, 'part of', NULL FROM proposals
      WHERE part_of IS NOT NULL AND id IN drawn AND part_of IN drawn
    UNION ALL SELECT 'proposal:' || proposal, 'proposal:' || target, replace(kind, '_', ' '), NULL
      FROM proposal_links WHERE proposal IN drawn AND target IN drawn
    UNION ALL SELECT 'actor:' || actor, 'proposal:' || proposal,
      'reacts to' || coalesce(' (' || stance || ')', ''), date FROM positions WHERE proposal IN drawn";

/// The proposals drawn, and every actor an edge touches, with its label.
const NODES: &str = "
    SELECT 'actor:' || id AS id, 'actor' AS kind, name AS label, NULL AS date FROM actors
      WHERE 'actor:' || id IN (SELECT a FROM edges UNION SELECT b FROM edges)
    UNION ALL SELECT 'proposal:' || id, 'proposal', title, date FROM proposals WHERE id IN drawn
    ORDER BY kind, id";

/// DOT is the default; JSON (or JSON Lines) gives the nodes and edges.
pub const FORMATS: &[Format] = &[Format::Dot, Format::Json, Format::Jsonl];

pub fn run(ctx: &Context, args: GraphArgs) -> Result<()> {
    let conn = ctx.open()?;
    let (drawn, kept) = match chosen(&conn, &args)? {
        None => ("SELECT id FROM proposals", None),
        Some(kept) => (
            "SELECT value FROM json_each(:kept)",
            Some(Value::from(kept).to_string()),
        ),
    };
    let query = |select: &str| {
        let mut sql = Sql::new(format!(
            "WITH drawn(id) AS ({drawn}), edges(a, b, relation, date) AS ({EDGES}) {select}"
        ));
        if let Some(kept) = &kept {
            sql.bind(":kept", kept.clone());
        }
        json_rows(&conn, &sql)
    };
    let edges = query("SELECT * FROM edges")?;
    let nodes = query(NODES)?;
    let mut out = ctx.stdout();
    let format = ctx.global.format;
    if let Some(Format::Json | Format::Jsonl) = format {
        let edges: Vec<Value> = edges
            .iter()
            .map(|e| json!({"from": e["a"], "to": e["b"], "relation": e["relation"], "date": e["date"]}))
            .collect();
        let graph = json!({"nodes": nodes, "edges": edges});
        // As `show` writes one record: pretty, or on one line for JSON Lines.
        if format == Some(Format::Json) {
            serde_json::to_writer_pretty(&mut out, &graph)?;
        } else {
            serde_json::to_writer(&mut out, &graph)?;
        }
        writeln!(out)?;
    } else {
        write_dot(&mut out, &nodes, &edges)?;
    }
    out.flush()?;
    Ok(())
}

/// The proposals to draw, each with its lineage: those of the part named,
/// those the filters choose, or both; None for every proposal. Only they
/// are read (a picture of twenty nodes of a million-event database is read
/// in milliseconds, not gathered from the whole graph).
fn chosen(conn: &Connection, args: &GraphArgs) -> Result<Option<Vec<String>>> {
    let name = args.name.join(" ");
    let named = (!name.is_empty())
        .then(|| around(conn, &name))
        .transpose()?;
    let scope = Scope::resolve(conn, &args.scope.filters(), &[Entity::Proposals])?;
    let filtered = scope != Scope::default();
    let scoped = filtered.then(|| in_scope(conn, scope)).transpose()?;
    let seeds = match (named, scoped) {
        (None, None) => return Ok(None),
        (Some(ids), None) | (None, Some(ids)) => ids,
        (Some(named), Some(scoped)) => named.into_iter().filter(|id| scoped.contains(id)).collect(),
    };
    let kept: Vec<String> = with_lineage(conn, seeds)?.into_iter().collect();
    // The picture is empty, and the DOT still valid; but an empty picture
    // reads as a fault, so say why (on stderr: stdout is dot's).
    if kept.is_empty() {
        crate::terminal::message(&empty_because(&name, filtered));
    }
    Ok(Some(kept))
}

/// Why a graph has no proposal, for a terminal.
fn empty_because(name: &str, filtered: bool) -> String {
    let why = match (name.is_empty(), filtered) {
        (false, false) => {
            format!("no proposal was made at, by or to '{name}', nor any position taken on one")
        }
        (false, true) => format!("no proposal of '{name}' passes these filters"),
        (true, _) => "no proposal passes these filters".to_string(),
    };
    format!("rjkb: {why}: the graph is empty")
}

/// The proposals a listing with this scope lists.
fn in_scope(conn: &Connection, scope: Scope) -> Result<Vec<String>> {
    let filters = Filters {
        columns: Some(vec!["id".to_string()]),
        ..Filters::default()
    };
    let sql = Listing::within(Entity::Proposals, scope, &filters, false)?.sql();
    let mut stmt = sql.prepare(conn)?;
    let ids = stmt.raw_query().mapped(|row| row.get(0));
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// The proposals of the part `name` names.
fn around(conn: &Connection, name: &str) -> Result<Vec<String>> {
    let (entity, id) = record::find(conn, name)?;
    let seeds: Vec<String> = match entity {
        Entity::Proposals => vec![id],
        Entity::Events => ids(conn, "SELECT id FROM proposals WHERE event = ?1", &id)?,
        Entity::Actors => ids(
            conn,
            "SELECT id FROM proposals WHERE ?1 IN (proposer, addressee) \
             UNION SELECT proposal FROM positions WHERE actor = ?1 AND proposal IS NOT NULL",
            &id,
        )?,
        other => bail!(
            "'{id}' is a {}: a graph is drawn around a proposal, an event or an actor",
            other.def().singular
        ),
    };
    Ok(seeds)
}

/// The proposals `seeds`, each with its lineage both ways, its plan and its
/// parts: `show` gives the same.
fn with_lineage(conn: &Connection, seeds: Vec<String>) -> Result<HashSet<String>> {
    let mut kept = HashSet::new();
    for seed in seeds {
        let (comes_from, led_to) = story::lineage(conn, &seed)?;
        let lineage = comes_from.into_iter().chain(led_to).map(|l| l.id);
        for id in lineage.chain([seed]) {
            let family = "SELECT id FROM proposals WHERE part_of = ?1 \
                 UNION SELECT part_of FROM proposals WHERE id = ?1 AND part_of IS NOT NULL";
            kept.extend(ids(conn, family, &id)?);
            kept.insert(id);
        }
    }
    Ok(kept)
}

fn ids(conn: &Connection, sql: &str, id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let ids = stmt.query_map([id], |row| row.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

type Row = serde_json::Map<String, Value>;

fn write_dot(out: &mut impl Write, nodes: &[Row], edges: &[Row]) -> Result<()> {
    writeln!(out, "digraph rjkb {{")?;
    writeln!(out, "  rankdir=LR;")?;
    writeln!(out, "  node [fontname=\"Helvetica\", fontsize=10];")?;
    writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];")?;
    for node in nodes {
        let (id, kind) = (text(&node["id"]), text(&node["kind"]));
        let label = dated(text(&node["label"]), &node["date"]);
        let shape = if kind == "actor" { "box" } else { "ellipse" };
        writeln!(
            out,
            "  {} [label={}, shape={shape}];",
            quote(&id),
            quote(&label)
        )?;
    }
    for edge in edges {
        writeln!(
            out,
            "  {} -> {} [label={}];",
            quote(&text(&edge["a"])),
            quote(&text(&edge["b"])),
            quote(&dated(text(&edge["relation"]), &edge["date"]))
        )?;
    }
    writeln!(out, "}}")?;
    Ok(())
}

/// A label with its date, if it has one, on a line of its own: a picture
/// says its dates in words, as a table does; JSON keeps the EDTF.
fn dated(mut label: String, date: &Value) -> String {
    if let Value::String(date) = date {
        label.push_str(&format!("\n{}", for_people(date)));
    }
    label
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// A DOT string: quotes and backslashes escaped, newlines as \n.
fn quote(text: &str) -> String {
    format!(
        "\"{}\"",
        text.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn dot_strings_escape_quotes_and_newlines() {
        assert_eq!(super::quote("a \"b\"\nc\\"), "\"a \\\"b\\\"\\nc\\\\\"");
    }
}
