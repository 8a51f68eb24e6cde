//! `rjkb show <id | name | alias>`: one record, vertically, with everything
//! linked to it and every citation with its quote and passage.

use crate::cmd::Context;
use crate::model::Entity;
use crate::names::{fold, nearest};
use crate::output::{json_rows, Format};
use crate::seed::fold_space;
use crate::statement::Sql;
use anyhow::{bail, Result};
use clap::Args;
use rusqlite::Connection;
use serde_json::{Map, Value};
use std::io::Write;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// An id (krasnoyarsk-summit), an actor's name or alias (Примаков), or words of a title
    #[arg(required = true, num_args = 1..)]
    pub name: Vec<String>,
}

/// A record written one field a line (the default), or as one JSON object.
pub const FORMATS: &[Format] = &[Format::Table, Format::Json, Format::Jsonl];

/// One findable record: its entity, id, and the names it answers to.
struct Candidate {
    entity: Entity,
    id: String,
    title: String,
    names: Vec<String>,
}

pub fn run(ctx: &Context, args: ShowArgs) -> Result<()> {
    let conn = ctx.open()?;
    let wanted = args.name.join(" ");
    let (entity, id) = find(&conn, &wanted)?;
    let record = record(&conn, entity, &id)?;
    let mut out = ctx.stdout();
    match ctx.global.format {
        Some(Format::Json | Format::Jsonl) => {
            serde_json::to_writer_pretty(&mut out, &record)?;
            writeln!(out)?;
        }
        _ => write_vertical(&mut out, &record)?,
    }
    out.flush()?;
    Ok(())
}

fn candidates(conn: &Connection) -> Result<Vec<Candidate>> {
    let mut all = Vec::new();
    for entity in Entity::ALL {
        let def = entity.def();
        let mut stmt = conn.prepare(&format!("SELECT id, {} FROM {}", def.title, def.name))?;
        let rows = stmt.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (id, title) = row?;
            all.push(Candidate {
                entity,
                names: vec![id.clone(), title.clone()],
                id,
                title,
            });
        }
    }
    let mut stmt = conn.prepare("SELECT actor, alias FROM actor_aliases")?;
    let aliases = stmt.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    for alias in aliases {
        let (actor, alias) = alias?;
        if let Some(c) = all
            .iter_mut()
            .find(|c| c.entity == Entity::Actors && c.id == actor)
        {
            c.names.push(alias);
        }
    }
    Ok(all)
}

/// Finds the one record `wanted` names: an exact id, name or alias first,
/// then any record whose id, title or alias contains it.
pub fn find(conn: &Connection, wanted: &str) -> Result<(Entity, String)> {
    let all = candidates(conn)?;
    let folded = fold(wanted);
    let exact: Vec<&Candidate> = all.iter().filter(|c| c.id == wanted).collect();
    let matches = if !exact.is_empty() {
        exact
    } else {
        let same: Vec<&Candidate> = all
            .iter()
            .filter(|c| c.names.iter().any(|n| fold(n) == folded))
            .collect();
        if !same.is_empty() {
            same
        } else {
            all.iter()
                .filter(|c| c.names.iter().any(|n| fold(n).contains(&folded)))
                .collect()
        }
    };
    match matches[..] {
        [one] => Ok((one.entity, one.id.clone())),
        [] => {
            let names = all.iter().flat_map(|c| c.names.iter().map(String::as_str));
            let close = nearest(wanted, names, 5);
            if close.is_empty() {
                bail!("nothing is called '{wanted}' (try `rjkb search {wanted}`)");
            }
            bail!(
                "nothing is called '{wanted}'; nearest: {}",
                close.join(", ")
            )
        }
        _ => {
            let mut list = String::new();
            for c in matches.iter().take(12) {
                list.push_str(&format!(
                    "\n  {:<9} {:<28} {}",
                    c.entity.def().singular,
                    c.id,
                    c.title
                ));
            }
            if matches.len() > 12 {
                list.push_str(&format!("\n  ... and {} more", matches.len() - 12));
            }
            bail!(
                "'{wanted}' matches {} records; name one by its id:{list}",
                matches.len()
            )
        }
    }
}

/// The record as one nested object: its columns, then each linked list.
pub fn record(conn: &Connection, entity: Entity, id: &str) -> Result<Map<String, Value>> {
    let def = entity.def();
    let mut record = Map::new();
    record.insert("entity".into(), def.singular.into());
    let columns: Vec<&str> = def.column_names().collect();
    let listed = format!(
        "SELECT {} FROM {} WHERE id = :id",
        columns.join(", "),
        def.listing
    );
    let columns = json_rows(conn, &with_id(listed, id))?;
    record.extend(columns.into_iter().next().unwrap_or_default());
    for (name, sql) in linked(entity) {
        let items = json_rows(conn, &with_id(sql, id))?;
        record.insert(
            name.into(),
            Value::Array(items.into_iter().map(Value::Object).collect()),
        );
    }
    if def.cited() {
        record.insert(
            "citations".into(),
            Value::Array(citations(conn, def.singular, id)?),
        );
    }
    Ok(record)
}

/// `sql` with the record's id bound as `:id`.
fn with_id(sql: impl Into<String>, id: &str) -> Sql {
    let mut sql = Sql::new(sql);
    sql.bind(":id", id.to_string());
    sql
}

/// The lists shown with each kind of record; `:id` is its id.
fn linked(entity: Entity) -> Vec<(&'static str, &'static str)> {
    match entity {
        Entity::Actors => vec![
            ("aliases", "SELECT alias, lang FROM actor_aliases WHERE actor = :id ORDER BY rowid"),
            ("members", "SELECT m.id, m.name, m.kind FROM actors s JOIN actors m ON m.country = s.country \
              AND m.id <> s.id AND m.kind <> 'place' WHERE s.id = :id AND s.kind = 'state' ORDER BY m.kind, m.id"),
            ("events", "SELECT e.id, e.date, e.title, ea.role FROM event_actors ea JOIN events e ON e.id = ea.event \
              WHERE ea.actor = :id ORDER BY e.date_from IS NULL, e.date_from, e.date_to, e.id"),
            ("proposals", "SELECT id, date, title, outcome FROM proposals WHERE proposer = :id \
              ORDER BY date_from IS NULL, date_from, coalesce(part_of, id), seq"),
            ("proposals_received", "SELECT id, date, title, proposer, outcome FROM proposals WHERE addressee = :id \
              AND part_of IS NULL ORDER BY date_from IS NULL, date_from, id"),
            ("positions", "SELECT id, date, topic, position, stance, proposal FROM positions WHERE actor = :id \
              ORDER BY date_from IS NULL, date_from, id"),
        ],
        Entity::Events => vec![
            ("participants", "SELECT ea.actor, a.name, ea.role FROM event_actors ea JOIN actors a ON a.id = ea.actor \
              WHERE ea.event = :id ORDER BY ea.rowid"),
            ("proposals", "SELECT id, date, title, proposer, outcome FROM proposals WHERE event = :id \
              ORDER BY coalesce(part_of, id), seq"),
        ],
        Entity::Proposals => vec![
            ("parts", "SELECT seq, id, title FROM proposals WHERE part_of = :id ORDER BY seq, id"),
            ("links", "SELECT l.kind, l.target, p.title FROM proposal_links l JOIN proposals p ON p.id = l.target \
              WHERE l.proposal = :id ORDER BY l.rowid"),
            ("answered_by", "SELECT l.proposal, l.kind, p.title FROM proposal_links l JOIN proposals p \
              ON p.id = l.proposal WHERE l.target = :id ORDER BY l.rowid"),
            ("positions", "SELECT id, actor, stance, position FROM positions WHERE proposal = :id ORDER BY date_from, id"),
        ],
        Entity::Positions => vec![(
            "superseded_by",
            "SELECT id, date, actor, position FROM positions WHERE supersedes = :id ORDER BY date_from, id",
        )],
        Entity::Periods => vec![(
            "events",
            "SELECT e.id, e.date, e.title FROM events e, periods r WHERE r.id = :id \
             AND e.date_to >= r.date_from AND e.date_from <= r.date_to ORDER BY e.date_from, e.date_to, e.id",
        )],
        Entity::Sources => vec![(
            "cited_by",
            "SELECT id, coalesce(actor, event, proposal, position, period) AS cites, relation, locator, quote, note, statement \
             FROM citations WHERE source = :id ORDER BY rowid",
        )],
    }
}

/// A row's citations, each with the paragraph of the source its quote stands in.
fn citations(conn: &Connection, column: &str, id: &str) -> Result<Vec<Value>> {
    let sql = format!(
        "SELECT c.id, c.source, s.title AS source_title, s.url AS source_url, c.relation, c.locator, c.quote, c.note, c.statement \
         FROM citations c JOIN sources s ON s.id = c.source WHERE c.{column} = :id ORDER BY c.rowid"
    );
    let mut out = Vec::new();
    for mut citation in json_rows(conn, &with_id(sql, id))? {
        let quote = citation
            .get("quote")
            .and_then(Value::as_str)
            .map(str::to_string);
        let source = citation
            .get("source")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if let Some(quote) = quote {
            let body: Option<String> = conn
                .query_row(
                    "SELECT body FROM source_texts WHERE source = ?1",
                    [&source],
                    |row| row.get(0),
                )
                .ok();
            if let Some(passage) = body.and_then(|b| passage(&b, &quote)) {
                citation.insert("passage".into(), passage.into());
            }
        }
        out.push(Value::Object(citation));
    }
    Ok(out)
}

/// The paragraph (or run of paragraphs) of `text` that contains `quote`,
/// when it says more than the quote itself.
fn passage(text: &str, quote: &str) -> Option<String> {
    let quote = fold_space(quote);
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(fold_space)
        .filter(|p| !p.is_empty())
        .collect();
    for span in 1..=3 {
        for window in paragraphs.windows(span) {
            let joined = window.join(" ");
            if joined.contains(&quote) {
                return (joined != quote).then_some(joined);
            }
        }
    }
    None
}

/// One field a line, empty ones left out; each linked list that has
/// items as a section.
fn write_vertical(out: &mut impl Write, record: &Map<String, Value>) -> Result<()> {
    let width = record.keys().map(|k| k.chars().count()).max().unwrap_or(0);
    for (key, value) in record {
        if !value.is_array() && !value.is_null() {
            writeln!(out, "{key:<width$}  {}", text(value))?;
        }
    }
    for (key, value) in record {
        let Some(items) = value.as_array().filter(|items| !items.is_empty()) else {
            continue;
        };
        writeln!(out, "\n{key} ({})", items.len())?;
        for item in items {
            let Some(fields) = item.as_object() else {
                continue;
            };
            let width = fields.keys().map(|k| k.chars().count()).max().unwrap_or(0);
            for (index, (field, value)) in fields.iter().filter(|(_, v)| !v.is_null()).enumerate() {
                let bullet = if index == 0 { "-" } else { " " };
                writeln!(out, "  {bullet} {field:<width$}  {}", text(value))?;
            }
        }
    }
    Ok(())
}

fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::passage;

    #[test]
    fn a_passage_is_the_paragraph_around_the_quote() {
        let text = "Title\n\nFirst  sentence. Second\nsentence.\n\nOther paragraph.";
        assert_eq!(
            passage(text, "Second sentence."),
            Some("First sentence. Second sentence.".into())
        );
        assert_eq!(
            passage(text, "Other paragraph."),
            None,
            "nothing more than the quote"
        );
        assert_eq!(
            passage(text, "sentence. Other"),
            Some("First sentence. Second sentence. Other paragraph.".into())
        );
        assert_eq!(passage(text, "missing"), None);
    }
}
