//! One record and everything linked to it, as `show`, `cite` and the web
//! edition present it: [`find`] turns what a reader types into the one
//! record meant; [`record`] gathers it as one nested JSON object — its
//! listing's columns, then its disagreements, each list of linked records
//! (for an event the positions taken on what was proposed there, its
//! periods and its story before and after it; for a proposal its lineage
//! both ways, through [`crate::story`]), and every citation with its
//! quote and the passage around it. The keys are an interface: `show
//! --format json` prints them, and the web edition's pages are built from
//! them.

use crate::author::{self, Author};
use crate::model::{disputing_relations, Entity};
use crate::names::{fold, fold_space, nearest};
use crate::output::json_rows;
use crate::statement::Sql;
use crate::story::{self, Linked};
use anyhow::{bail, Result};
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// One findable record: its entity, id, title, an actor's aliases or a
/// source's authors, and the years its date begins and ends in (a reader
/// names the Krasnoyarsk summit "krasnoyarsk summit 1997").
struct Candidate {
    entity: Entity,
    id: String,
    title: String,
    aliases: Vec<String>,
    years: Vec<String>,
}

impl Candidate {
    /// The names it answers to: its id, its title, its aliases (a
    /// source's authors: "Timakova, Natalya" and "Natalya Timakova").
    fn names(&self) -> impl Iterator<Item = &str> {
        [self.id.as_str(), self.title.as_str()]
            .into_iter()
            .chain(self.aliases.iter().map(String::as_str))
    }
}

fn candidates(conn: &Connection) -> Result<Vec<Candidate>> {
    let mut aliases: HashMap<String, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare("SELECT actor, alias FROM actor_aliases")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        aliases
            .entry(cell(row, 0)?)
            .or_default()
            .push(cell(row, 1)?);
    }
    let mut authors: HashMap<String, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare("SELECT id, author FROM sources WHERE author IS NOT NULL")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let text = cell(row, 1)?;
        let names = match author::parse(&text) {
            Author::People(people) => people
                .iter()
                .flat_map(|p| [p.inverted(), p.natural()])
                .collect(),
            Author::Body(name) => vec![name.to_string()],
        };
        authors.insert(cell(row, 0)?, names);
    }
    let mut all = Vec::new();
    for entity in Entity::ALL {
        let def = entity.def();
        let years = match def.dated() {
            true => "substr(date_from, 1, 4), substr(date_to, 1, 4)",
            false => "NULL, NULL",
        };
        let sql = format!("SELECT id, {}, {years} FROM {}", def.title, def.name);
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id = cell(row, 0)?;
            let mut years = vec![cell(row, 2)?, cell(row, 3)?];
            years.retain(|year| !year.is_empty());
            years.dedup();
            let aliases = match entity {
                Entity::Actors => aliases.remove(&id).unwrap_or_default(),
                Entity::Sources => authors.remove(&id).unwrap_or_default(),
                _ => Vec::new(),
            };
            all.push(Candidate {
                entity,
                title: cell(row, 1)?,
                id,
                aliases,
                years,
            });
        }
    }
    Ok(all)
}

/// A cell as text, whatever a database from elsewhere stores in it (a
/// number, bytes that are not UTF-8): a name is compared, never refused.
fn cell(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<String> {
    Ok(crate::output::text(&row.get_ref(index)?).into_owned())
}

/// A value of a record as text (`show`, the web edition): strings as they are, numbers written out.
pub fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Finds the one record `wanted` names: an exact id; then an id spelt
/// with other case, spaces or hyphens (`Five Stage` for `five-stage`); a
/// title, name or alias in any case or script; then every record whose
/// id, title or aliases hold each word (as a word's beginning; its kind
/// and its years count too), the best first (an id or title that starts
/// with the words).
pub fn find(conn: &Connection, wanted: &str) -> Result<(Entity, String)> {
    let exact = with_id(conn, wanted.trim())?;
    if let [one] = exact[..] {
        return Ok((one, wanted.trim().to_string()));
    }
    let words = words_of(wanted);
    if words.is_empty() {
        bail!("'{wanted}' names nothing: give a record's id, title or name (`rjkb search` finds them)");
    }
    let slug = words.join("-");
    let spelt = with_id(conn, &slug)?;
    if let [one] = spelt[..] {
        return Ok((one, slug));
    }
    let all = candidates(conn)?;
    match matching(&all, &words)[..] {
        [one] => Ok((one.entity, one.id.clone())),
        [] => {
            let near = nearest_records(&all, wanted);
            if near.is_empty() {
                let word = crate::terminal::shell_word(wanted);
                bail!("nothing is called '{wanted}' (try `rjkb search {word}`)");
            }
            bail!("nothing is called '{wanted}'; nearest:{}", listed(&near))
        }
        ref many => {
            // A year alone names a year's records, which a listing shows.
            let year = match &words[..] {
                [year] if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) => {
                    format!("\n(`rjkb timeline --year {year}` lists its events and proposals)")
                }
                _ => String::new(),
            };
            bail!(
                "'{wanted}' matches {} records; name one by its id:{}{year}",
                many.len(),
                listed(many)
            )
        }
    }
}

/// The records `words` name: those one of whose names is the words;
/// else those whose names hold each word, a clear best alone. Each
/// record's names are folded once, for both.
fn matching<'a>(all: &'a [Candidate], words: &[String]) -> Vec<&'a Candidate> {
    let mut named: Vec<&Candidate> = Vec::new();
    let mut found: Vec<(usize, &Candidate)> = Vec::new();
    for c in all {
        let names: Vec<Vec<String>> = c.names().map(words_of).collect();
        if names.iter().any(|n| n == words) {
            named.push(c);
        } else if named.is_empty() {
            found.extend(score(c, &names, words).map(|s| (s, c)));
        }
    }
    if !named.is_empty() || words.is_empty() {
        return named;
    }
    found.sort_by_key(|(score, c)| (std::cmp::Reverse(*score), c.entity as u8, c.id.clone()));
    match found[..] {
        // A clear best, better than every other: it is the one meant.
        [(best, one), (next, _), ..] if best > next && best >= 2 => vec![one],
        _ => found.into_iter().map(|(_, c)| c).collect(),
    }
}

/// Up to five records one of whose names is near `wanted`, nearest first,
/// each once (an event's id and its title are one answer).
fn nearest_records<'a>(all: &'a [Candidate], wanted: &str) -> Vec<&'a Candidate> {
    let close = nearest(wanted, all.iter().flat_map(Candidate::names), 15);
    let mut near: Vec<&Candidate> = Vec::new();
    for name in &close {
        for record in all.iter().filter(|c| c.names().any(|n| n == name)) {
            if near.len() < 5 && !near.iter().any(|c| std::ptr::eq(*c, record)) {
                near.push(record);
            }
        }
    }
    near
}

/// The first dozen of `matches`, a line each, and how many more.
fn listed(matches: &[&Candidate]) -> String {
    let mut list = String::new();
    let shown = &matches[..matches.len().min(12)];
    // The ids in a column as wide as the longest, so titles line up.
    let width = shown.iter().map(|c| c.id.chars().count()).max();
    // On a terminal each match keeps to one line: its id is what the
    // reader needs, and the title's start tells them apart.
    let terminal = crate::terminal::stderr_width();
    for c in shown {
        let line = format!(
            "  {:<9} {:<width$} {}",
            c.entity.def().singular,
            c.id,
            c.title,
            width = width.unwrap_or(0)
        );
        list.push('\n');
        list.push_str(&terminal.map_or(line.as_str().into(), |w| crate::terminal::cut(&line, w)));
    }
    if matches.len() > 12 {
        list.push_str(&format!("\n  ... and {} more", matches.len() - 12));
    }
    list
}

/// The kind of the one record whose id is `id`; None when no record, or
/// more than one (of different kinds), has it.
pub fn by_id(conn: &Connection, id: &str) -> Result<Option<Entity>> {
    Ok(match with_id(conn, id)?[..] {
        [one] => Some(one),
        _ => None,
    })
}

/// The entities that have a record with this id (through their keys).
fn with_id(conn: &Connection, id: &str) -> Result<Vec<Entity>> {
    let mut found = Vec::new();
    for entity in Entity::ALL {
        let sql = format!("SELECT 1 FROM {} WHERE id = ?1", entity.def().name);
        if conn.query_row(&sql, [id], |_| Ok(())).optional()?.is_some() {
            found.push(entity);
        }
    }
    Ok(found)
}

/// The words of a name as compared: folded (case, accents), split at
/// anything that is not a letter or a digit.
fn words_of(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// How well a record answers to `words`, if it has each of them (as the
/// beginning of a word of its id, title or aliases, or as its kind,
/// "proposal", or a year its date begins or ends in): 1, 2 more when the
/// words other than its kind and year spell its id, else 1 more when its id
/// starts with them, 1 more when one of its names holds them in a row, and
/// 1 more when they name its kind or year.
fn score(candidate: &Candidate, named: &[Vec<String>], words: &[String]) -> Option<usize> {
    let def = candidate.entity.def();
    let qualifies = |w: &String| w == def.singular || w == def.name || candidate.years.contains(w);
    let found =
        |w: &String| qualifies(w) || named.iter().flatten().any(|n| n.starts_with(w.as_str()));
    if !words.iter().all(found) {
        return None;
    }
    let rest: Vec<String> = words.iter().filter(|w| !qualifies(w)).cloned().collect();
    let slug = rest.join("-");
    let id = if words_of(&candidate.id) == rest {
        2
    } else {
        usize::from(!rest.is_empty() && candidate.id.starts_with(&format!("{slug}-")))
    };
    let in_a_row = !rest.is_empty()
        && named
            .iter()
            .any(|n| n.windows(rest.len()).any(|w| w == rest));
    let qualified = usize::from(rest.len() < words.len());
    Some(1 + id + usize::from(in_a_row) + qualified)
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
    let columns = json_rows(conn, &bound(listed, id))?;
    record.extend(columns.into_iter().next().unwrap_or_default());
    if def.cited() {
        record.insert(
            "disagreements".into(),
            Value::Array(disagreements(conn, def.singular, id)?),
        );
    }
    for (name, sql) in linked(entity) {
        let items = json_rows(conn, &bound(sql, id))?;
        record.insert(
            name.into(),
            Value::Array(items.into_iter().map(Value::Object).collect()),
        );
        // A proposal's lineage follows its parts; an event's story ends
        // its lists.
        if name == "parts" {
            let (from, to) = story::lineage(conn, id)?;
            record.insert("comes_from".into(), linked_items(from));
            record.insert("led_to".into(), linked_items(to));
        }
    }
    if entity == Entity::Events {
        let (before, after) = story::around_event(conn, id)?;
        record.insert("before".into(), linked_items(before));
        record.insert("after".into(), linked_items(after));
    }
    if def.cited() {
        record.insert(
            "citations".into(),
            Value::Array(citations(conn, def.singular, id)?),
        );
    }
    Ok(record)
}

/// The story's records as JSON objects.
fn linked_items(linked: Vec<Linked>) -> Value {
    let items = linked.into_iter().map(|l| {
        serde_json::json!({
            "kind": l.kind, "id": l.id, "date": l.date, "title": l.title, "link": l.link,
        })
    });
    Value::Array(items.collect())
}

/// The citations that contradict the record or do not confirm it.
fn disagreements(conn: &Connection, column: &str, id: &str) -> Result<Vec<Value>> {
    let sql = format!(
        "SELECT c.source, s.author AS source_author, s.container AS source_container, c.relation, c.locator, c.note, c.statement \
         FROM citations c JOIN sources s ON s.id = c.source \
         WHERE c.{column} = :id AND c.relation IN ({}) ORDER BY c.rowid",
        disputing_relations()
    );
    let rows = json_rows(conn, &bound(sql, id))?;
    Ok(rows.into_iter().map(Value::Object).collect())
}

/// `sql` with the record's id bound as `:id`.
fn bound(sql: impl Into<String>, id: &str) -> Sql {
    let mut sql = Sql::new(sql);
    sql.bind(":id", id.to_string());
    sql
}

/// The lists shown with each kind of record; `:id` is its id.
fn linked(entity: Entity) -> Vec<(&'static str, String)> {
    let lists: Vec<(&'static str, &'static str)> = match entity {
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
            ("positions", "SELECT o.id, o.date, o.actor, o.stance, o.position, o.proposal FROM positions o \
              JOIN proposals p ON p.id = o.proposal WHERE p.event = :id ORDER BY o.date_from, o.id"),
            ("periods", "SELECT r.id, r.date, r.name, r.character FROM periods r, events e WHERE e.id = :id \
              AND r.date_from <= e.date_to AND r.date_to >= e.date_from ORDER BY r.date_from, r.date_to DESC, r.id"),
        ],
        Entity::Proposals => vec![
            ("parts", "SELECT seq, id, title FROM proposals WHERE part_of = :id ORDER BY seq, id"),
            ("positions", "SELECT id, date, actor, stance, position FROM positions WHERE proposal = :id \
              ORDER BY date_from, id"),
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
        // Built from the cited kinds' definitions, below.
        Entity::Sources => return vec![("cited_by", cited_by())],
    };
    lists
        .into_iter()
        .map(|(name, sql)| (name, sql.to_string()))
        .collect()
}

/// What cites a source: each citation with the row it cites and that
/// row's title (its name, or a position's words), from each cited kind.
fn cited_by() -> String {
    let defs: Vec<_> = crate::model::cited().collect();
    let row = defs
        .iter()
        .map(|d| d.singular)
        .collect::<Vec<_>>()
        .join(", ");
    let titles = defs
        .iter()
        .map(|d| {
            format!(
                "(SELECT {} FROM {} WHERE id = c.{})",
                d.title, d.name, d.singular
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT c.id, coalesce({row}) AS cites, coalesce({titles}) AS cites_title, c.relation, \
         c.locator, c.quote, c.note, c.statement FROM citations c WHERE c.source = :id ORDER BY c.rowid"
    )
}

/// A row's citations, each with the paragraph of the source its quote stands in.
fn citations(conn: &Connection, column: &str, id: &str) -> Result<Vec<Value>> {
    let sql = format!(
        "SELECT c.id, c.source, s.author AS source_author, s.title AS source_title, s.container AS source_container, s.url AS source_url, c.relation, c.locator, c.quote, c.note, c.statement \
         FROM citations c JOIN sources s ON s.id = c.source WHERE c.{column} = :id ORDER BY c.rowid"
    );
    let mut out = Vec::new();
    for mut citation in json_rows(conn, &bound(sql, id))? {
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

#[cfg(test)]
mod tests {
    use super::{linked, passage};
    use crate::model::Entity;

    #[test]
    fn a_record_s_lists_read_through_indexes() {
        // Every list of every record of the built-in data: no step of a
        // full table scan, so a page costs the same in a chronology of any
        // size (a web edition of 10,000 events took 37 s without them).
        let mut conn = crate::db::in_memory().unwrap();
        crate::seed::load_or_fail(&mut conn, &crate::seed::DataSource::BuiltIn).unwrap();
        for entity in Entity::ALL {
            let table = entity.def().name;
            for (name, sql) in linked(entity) {
                let scanned = crate::db::first_full_scan(&conn, &sql, table);
                assert_eq!(scanned, None, "{table}: {name}");
            }
        }
    }

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
