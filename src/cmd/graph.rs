//! `rjkb graph`: actors, proposals and the links between them — proposed,
//! addressed to, derives from, counters, revises, part of, reacts to — as
//! Graphviz DOT (`rjkb graph | dot -Tsvg > graph.svg`) or JSON.

use crate::cmd::Context;
use crate::output::{json_rows, Format};
use crate::statement::Sql;
use anyhow::Result;
use serde_json::{json, Value};
use std::io::Write;

/// Every edge as (from, to, relation), node ids prefixed by their kind.
const EDGES: &str = "
    SELECT 'actor:' || proposer, 'proposal:' || id, 'proposed' FROM proposals
      WHERE proposer IS NOT NULL AND part_of IS NULL
    UNION ALL SELECT 'proposal:' || id, 'actor:' || addressee, 'addressed to' FROM proposals
      WHERE addressee IS NOT NULL AND part_of IS NULL
    UNION ALL SELECT 'proposal:' || id, 'proposal:' || part_of, 'part of' FROM proposals
      WHERE part_of IS NOT NULL
    UNION ALL SELECT 'proposal:' || proposal, 'proposal:' || target, replace(kind, '_', ' ') FROM proposal_links
    UNION ALL SELECT 'actor:' || actor, 'proposal:' || proposal,
      'reacts to' || coalesce(' (' || stance || ')', '') FROM positions WHERE proposal IS NOT NULL";

/// Every node that an edge touches, with its label.
const NODES: &str = "
    SELECT 'actor:' || id AS id, 'actor' AS kind, name AS label, NULL AS date FROM actors
      WHERE 'actor:' || id IN (SELECT a FROM edges UNION SELECT b FROM edges)
    UNION ALL SELECT 'proposal:' || id, 'proposal', title, date FROM proposals
    ORDER BY kind, id";

/// DOT is the default; JSON (or JSON Lines) gives the nodes and edges.
pub const FORMATS: &[Format] = &[Format::Dot, Format::Json, Format::Jsonl];

pub fn run(ctx: &Context) -> Result<()> {
    let conn = ctx.open()?;
    let edges = json_rows(
        &conn,
        &Sql::new(format!(
            "WITH edges(a, b, relation) AS ({EDGES}) SELECT * FROM edges"
        )),
    )?;
    let nodes = json_rows(
        &conn,
        &Sql::new(format!("WITH edges(a, b, relation) AS ({EDGES}) {NODES}")),
    )?;
    let mut out = ctx.stdout();
    match ctx.global.format {
        Some(Format::Json | Format::Jsonl) => {
            let edges: Vec<Value> = edges
                .iter()
                .map(|e| json!({"from": e["a"], "to": e["b"], "relation": e["relation"]}))
                .collect();
            serde_json::to_writer_pretty(&mut out, &json!({"nodes": nodes, "edges": edges}))?;
            writeln!(out)?;
        }
        _ => write_dot(&mut out, &nodes, &edges)?,
    }
    out.flush()?;
    Ok(())
}

type Row = serde_json::Map<String, Value>;

fn write_dot(out: &mut impl Write, nodes: &[Row], edges: &[Row]) -> Result<()> {
    writeln!(out, "digraph rjkb {{")?;
    writeln!(out, "  rankdir=LR;")?;
    writeln!(out, "  node [fontname=\"Helvetica\", fontsize=10];")?;
    writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];")?;
    for node in nodes {
        let (id, kind) = (text(&node["id"]), text(&node["kind"]));
        let mut label = text(&node["label"]);
        if let Value::String(date) = &node["date"] {
            label.push_str(&format!("\n{date}"));
        }
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
            quote(&text(&edge["relation"]))
        )?;
    }
    writeln!(out, "}}")?;
    Ok(())
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
