//! The one query builder behind every entity listing: resolve, then render.
//!
//! [`Filters`] is what a reader typed. Resolving checks it against the
//! entity model and the database once — actor names to ids, a topic to
//! its id, dates to bounds, words to a full-text query — into a plain
//! [`Listing`]; rendering it ([`Listing::sql`]) is a pure function that
//! writes one statement with named parameters. Every entity reads its
//! listing table ([`crate::derived`]), so filters, sorting and column
//! choice are written once, by column name, for all.

use crate::dates::parse_filter_date;
use crate::limits;
use crate::model::{By, Def, Entity, Text};
use crate::names::{fold, nearest, resolve_actor, resolve_id, Designated};
use crate::statement::Sql;
use anyhow::{anyhow, bail, Result};
use rusqlite::Connection;

/// The filters and shaping a reader can ask for; all optional, all combined.
#[derive(Debug, Default, Clone)]
pub struct Filters {
    pub year: Option<i32>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Actors a row must involve, every one of them.
    pub by: Vec<String>,
    pub topic: Option<String>,
    pub place: Option<String>,
    /// Only rows a citation contradicts or does not confirm.
    pub disputed: bool,
    pub text: Option<String>,
    pub sort: Option<String>,
    pub limit: Option<u64>,
    pub columns: Option<Vec<String>>,
}

/// Which rows, resolved: the same for every entity the scope applies to.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Scope {
    /// Rows ending on or after this day (ISO), and starting on or before
    /// that one: `--year`, `--from` and `--to` together.
    pub after: Option<String>,
    pub before: Option<String>,
    /// Rows involving each of these actors (each one of its ids).
    pub actors: Vec<Designated>,
    /// Rows on this topic (its id).
    pub topic: Option<String>,
    /// Rows whose place contains this text: a LIKE pattern.
    pub place: Option<String>,
    /// Only rows a citation disputes ([`Def::disputed`]).
    pub disputed: bool,
}

/// What `--text` looks for, resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Words {
    /// An FTS5 query over the full-text index.
    Match(String),
    /// LIKE patterns, every one of which a row must match.
    Like(Vec<String>),
}

/// A listing, resolved: everything [`Listing::sql`] needs, and nothing
/// left to look up.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    pub entity: Entity,
    pub scope: Scope,
    pub words: Option<Words>,
    /// A column and whether it sorts descending.
    pub sort: Option<(&'static str, bool)>,
    pub limit: Option<i64>,
    pub columns: Vec<&'static str>,
}

impl Scope {
    /// Resolves the dates, actor and topic of `filters` once, after checking
    /// that each applies to every one of `entities`.
    pub fn resolve(conn: &Connection, filters: &Filters, entities: &[Entity]) -> Result<Scope> {
        for entity in entities {
            check_applies(entity.def(), filters)?;
        }
        let (after, before) = bounds(filters)?;
        let mut actors: Vec<Designated> = Vec::new();
        for actor in &filters.by {
            let designated = resolve_actor(conn, actor).map_err(|e| place_hint(conn, actor, e))?;
            // The same actor named twice, by any of its names, is one condition.
            if !actors.contains(&designated) {
                actors.push(designated);
            }
        }
        if actors.len() > limits::MOST_ACTORS {
            bail!(
                "rows can be asked to involve at most {} actors at once; these name {}",
                limits::MOST_ACTORS,
                actors.len()
            );
        }
        let topic = match &filters.topic {
            Some(topic) => Some(resolve_id(conn, "topics", "topic", topic)?),
            None => None,
        };
        let place = match &filters.place {
            Some(place) => Some(resolve_place(conn, place)?),
            None => None,
        };
        Ok(Scope {
            after,
            before,
            actors,
            topic,
            place,
            disputed: filters.disputed,
        })
    }
}

/// A date filter, `--by` or `--topic` given where it means nothing is an
/// error, not an empty answer (`cli::parse` checks it as a usage error).
pub fn check_applies(def: &Def, filters: &Filters) -> Result<()> {
    let name = def.name;
    let dates = [
        ("--year", filters.year.is_some()),
        ("--from", filters.from.is_some()),
        ("--to", filters.to.is_some()),
    ];
    if let Some((flag, _)) = dates.iter().find(|(_, given)| *given && !def.dated()) {
        bail!("{flag} does not apply to {name}: they have no date");
    }
    if !filters.by.is_empty() && def.by.is_none() {
        // Not named by its flag: that is `--by` in a listing, `--actor` in
        // `count`, whose `--by` names the facet.
        let authors = match (def.name, filters.by.first()) {
            ("sources", Some(name)) => format!(
                "; a source's author is found by --text: rjkb sources --text {}",
                crate::terminal::shell_word(name)
            ),
            _ => String::new(),
        };
        bail!("no actor filter applies to {name}: they name no actor{authors}");
    }
    if filters.topic.is_some() && !def.topic {
        bail!("--topic does not apply to {name}");
    }
    if filters.place.is_some() && !def.place {
        bail!("--place does not apply to {name}");
    }
    Ok(())
}

/// Where events take place: the pattern of `--place`, after checking that
/// some event's place contains it (case aside), or an error naming the
/// nearest places.
fn resolve_place(conn: &Connection, place: &str) -> Result<String> {
    if place.trim().is_empty() {
        // Every place contains nothing: a blank would filter nothing.
        bail!("--place '{place}' names no place; list them with `rjkb count events --by place`");
    }
    let pattern = like_pattern(place.trim());
    let known: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM events WHERE place LIKE ?1 ESCAPE '\\')",
        [&pattern],
        |row| row.get(0),
    )?;
    if known {
        return Ok(pattern);
    }
    let places = known_places(conn)?;
    let close = nearest(place, places.iter().map(String::as_str), 5);
    let hint = if close.is_empty() {
        "list them with `rjkb count events --by place`".to_string()
    } else {
        format!("nearest: {}", close.join(", "))
    };
    bail!("no event took place in '{place}'; {hint}")
}

fn known_places(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT DISTINCT place FROM events WHERE place IS NOT NULL ORDER BY place")?;
    let places = stmt.query_map([], |row| row.get(0))?;
    Ok(places.collect::<rusqlite::Result<_>>()?)
}

/// An unknown actor that is a place where events happened: say so, and
/// how to ask for it.
fn place_hint(conn: &Connection, name: &str, error: anyhow::Error) -> anyhow::Error {
    match resolve_place(conn, name) {
        // Said as a whole command: `timeline` takes no --place.
        Ok(_) => anyhow!(
            "{}; '{name}' is a place: `rjkb events --place {}` lists the events there",
            crate::db::error_in_words(&error),
            crate::terminal::shell_word(name)
        ),
        Err(_) => error,
    }
}

/// The span `--year`, `--from` and `--to` ask for together: the latest of
/// their starts and the earliest of their ends (ISO days compare as text).
fn bounds(filters: &Filters) -> Result<(Option<String>, Option<String>)> {
    let given = [
        // Four digits, as every date is written: 999 is the year 0999.
        filters.year.map(|y| ("--year", format!("{y:04}"))),
        filters.from.clone().map(|f| ("--from", f)),
        filters.to.clone().map(|t| ("--to", t)),
    ];
    let (mut after, mut before): (Option<String>, Option<String>) = (None, None);
    for (flag, value) in given.iter().flatten() {
        let (from, to) = parse_filter_date(value).map_err(|e| anyhow!("{flag} '{value}': {e}"))?;
        if *flag != "--to" {
            after = Some(after.map_or(from.clone(), |a| a.max(from)));
        }
        if *flag != "--from" {
            before = Some(before.map_or(to.clone(), |b| b.min(to)));
        }
    }
    // `--from 1998 --to 1997` is a slip, not a question: rows that span
    // the gap would answer it as if it were one.
    if let (Some(a), Some(b)) = (&after, &before) {
        if a > b {
            let asked: Vec<String> = given
                .iter()
                .flatten()
                .map(|(f, v)| format!("{f} {v}"))
                .collect();
            bail!(
                "{} leave no day between them: the span would start on {a} and end on {b}",
                asked.join(", ")
            );
        }
    }
    Ok((after, before))
}

impl Listing {
    /// Resolves `filters` for a listing of `entity`; `table` picks the
    /// columns a terminal table shows.
    pub fn resolve(
        conn: &Connection,
        entity: Entity,
        filters: &Filters,
        table: bool,
    ) -> Result<Listing> {
        let scope = Scope::resolve(conn, filters, &[entity])?;
        Listing::within(entity, scope, filters, table)
    }

    /// A listing of `entity` over a scope already resolved; the rest of
    /// `filters` (words, sort, limit, columns) needs no database.
    pub fn within(entity: Entity, scope: Scope, filters: &Filters, table: bool) -> Result<Listing> {
        let def = entity.def();
        let words = match &filters.text {
            Some(text) => Some(words(def, text)?),
            None => None,
        };
        let sort = match &filters.sort {
            Some(sort) => Some(sort_key(def, sort)?),
            None => None,
        };
        let columns = match &filters.columns {
            Some(list) => chosen_columns(def.name, &def.column_names().collect::<Vec<_>>(), list)?,
            None if table => def.table_columns().collect(),
            None => def.column_names().collect(),
        };
        Ok(Listing {
            entity,
            scope,
            words,
            sort,
            limit: filters.limit.map(|l| l.min(i64::MAX as u64) as i64),
            columns,
        })
    }
}

/// The columns of the index `--text` reads: a row's title, an actor's
/// aliases (the names a reader sees in its listing), the summary and the
/// notes. Not the names of the actors a row involves, its disputes or its
/// id words: `--by`, `--disputed` and `show` are for those, and `search`
/// reads them all.
const TEXT_COLUMNS: &str = "{title aliases summary notes}";

/// The FTS5 query `--text` runs for `words` (an [`fts_query`]).
fn in_text_columns(words: &str) -> String {
    format!("{TEXT_COLUMNS} : ({words})")
}

fn words(def: &Def, text: &str) -> Result<Words> {
    limits::check_search(text)?;
    match def.text {
        Text::Index { .. } => match fts_query(text) {
            Some(words) => Ok(Words::Match(in_text_columns(&words))),
            None => bail!("--text '{text}' has no word to look for"),
        },
        // Outside the index a word is what spaces separate; none at all
        // would filter nothing, where the caller asked for a filter.
        Text::Like(_) => {
            let words: Vec<String> = text.split_whitespace().map(like_pattern).collect();
            if words.is_empty() {
                bail!("--text '{text}' has no word to look for");
            }
            Ok(Words::Like(words))
        }
    }
}

/// `--sort COLUMN[:asc|:desc]`, checked.
fn sort_key(def: &Def, sort: &str) -> Result<(&'static str, bool)> {
    let (column, descending) = match sort.rsplit_once(':') {
        Some((c, "desc")) => (c, true),
        Some((c, "asc")) => (c, false),
        Some((_, other)) => bail!("--sort {sort}: '{other}' is not asc or desc"),
        None => (sort, false),
    };
    Ok((
        known_column(def.name, &def.column_names().collect::<Vec<_>>(), column)?,
        descending,
    ))
}

/// `--columns a,b,c`, checked: each one of `known` (the columns of `what`:
/// a listing, or `search`), and each once (a JSON object cannot hold one
/// key twice); in the order given.
pub fn chosen_columns(
    what: &str,
    known: &[&'static str],
    list: &[String],
) -> Result<Vec<&'static str>> {
    let mut columns: Vec<&'static str> = Vec::with_capacity(list.len());
    for name in list {
        let column = known_column(what, known, name.trim())?;
        if columns.contains(&column) {
            bail!("--columns names '{column}' twice; name each column once");
        }
        columns.push(column);
    }
    Ok(columns)
}

fn known_column(what: &str, known: &[&'static str], name: &str) -> Result<&'static str> {
    if let Some(column) = known.iter().find(|c| **c == name) {
        return Ok(column);
    }
    let close = nearest(name, known.iter().copied(), 3);
    let hint = if close.is_empty() {
        format!("its columns: {}", known.join(", "))
    } else {
        format!("nearest: {}", close.join(", "))
    };
    bail!("{what} has no column '{name}'; {hint}")
}

/// Turns ordinary text into an FTS5 query that matches every word as a
/// prefix: each word becomes a quoted string (quotes doubled), so nothing
/// in it is read as syntax. Words without a letter or digit are dropped, and
/// control characters separate words (FTS5 reads a NUL as the end).
pub fn fts_query(text: &str) -> Option<String> {
    let terms = fts_terms(text);
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Each word of `text` as [`fts_query`] quotes it, without what cannot be
/// seen: a soft hyphen or zero-width space pasted from a PDF would split
/// the word for the index, as it does not for a reader (names fold alike).
pub fn fts_terms(text: &str) -> Vec<String> {
    fts_words(text)
        .map(|word| {
            format!(
                "\"{}\"*",
                crate::terminal::as_read(word).replace('"', "\"\"")
            )
        })
        .collect()
}

/// The words of `text` that [`fts_terms`] looks for, as written.
pub fn fts_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .filter(|word| word.chars().any(char::is_alphanumeric))
}

/// Whether anything matches the FTS5 query `query`.
pub fn matches(conn: &Connection, query: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM search_index WHERE search_index MATCH ?1)",
        [query],
        |row| row.get(0),
    )
}

/// For a `--text` that found nothing: whether the index holds the words of
/// `text` together, but in none of the rows of `entities` where `--text`
/// looks ([`TEXT_COLUMNS`]) — an actor's name on an event, or another
/// kind's row — so that `rjkb search` would find them.
pub fn found_elsewhere(conn: &Connection, text: &str, entities: &[Entity]) -> Result<bool> {
    let Some(words) = fts_query(text) else {
        return Ok(false);
    };
    if !matches(conn, &words)? {
        return Ok(false);
    }
    let here = in_text_columns(&words);
    for entity in entities {
        if let Text::Index { block, .. } = entity.def().text {
            let (first, last) = block_rows(block);
            let found: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM search_index WHERE search_index MATCH ?1 \
                 AND rowid BETWEEN ?2 AND ?3)",
                rusqlite::params![here, first, last],
                |row| row.get(0),
            )?;
            if found {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// The first and last rowid the index may give a row of the kind in
/// `block` ([`Text::Index`]).
fn block_rows(block: i64) -> (i64, i64) {
    let base = block << 32;
    (base + 1, base + (1 << 32) - 1)
}

/// For a search or `--text` that found nothing, a line for each word of
/// `text` that begins no word of the index, with the index's words nearest
/// to it (`disputd`: disputed), from FTS5's vocabulary: only the words with
/// its first letter, since reading the vocabulary counts each word's rows
/// (those of one letter at a million events: about 0.4 s, spent only on a
/// miss). A line names the word as typed, each suggestion as indexed.
pub fn unknown_words(conn: &Connection, text: &str) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words \
         USING fts5vocab(main, 'search_index', 'row')",
    )?;
    for word in fts_words(text) {
        if matches(conn, &fts_terms(word).join(" "))? {
            continue;
        }
        let Some(first) = fold(word).chars().next() else {
            continue;
        };
        let after = char::from_u32(first as u32 + 1).unwrap_or(char::MAX);
        // At most the first 100,000 of them, so that a vocabulary of any
        // size costs a bounded time and memory (a million ids starting
        // with `e`: 0.6 s and 69 MB without the bound).
        let mut stmt = conn.prepare(
            "SELECT term FROM temp.search_words WHERE term >= ?1 AND term < ?2 LIMIT 100000",
        )?;
        let terms = stmt
            .query_map([first.to_string(), after.to_string()], |row| row.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        // A slip of the keys changes a word's length by a letter or two;
        // a much shorter word is merely inside it (`d` in `disputd`).
        let long = word.chars().count().saturating_sub(2);
        let terms = terms.iter().filter(|t| t.chars().count() >= long);
        let close = nearest(word, terms.map(String::as_str), 3);
        let mut line = format!("no word in the index begins with '{word}'");
        if !close.is_empty() {
            line += &format!("; nearest: {}", close.join(", "));
        }
        if word.chars().any(is_japanese) {
            line += " (Japanese, written without spaces, is found only from the start of a run \
                      of kanji and kana)";
        }
        lines.push(line);
    }
    Ok(lines)
}

/// Kana and the common kanji: the script the index's tokenizer takes a
/// whole run of as one word.
fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}')
}

fn like_pattern(word: &str) -> String {
    let escaped = word
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

impl Listing {
    /// The statement that lists the rows. Pure: the same listing always
    /// renders the same SQL and parameters.
    pub fn sql(&self) -> Sql {
        let def = self.entity.def();
        let mut sql = Sql::default();
        let from = self.from(def, &mut sql);
        let conditions = self.conditions(def, &mut sql);
        sql.text = format!("SELECT {} FROM {from}", self.columns.join(", "));
        if !conditions.is_empty() {
            sql.text.push_str(" WHERE ");
            sql.text.push_str(&conditions.join(" AND "));
        }
        sql.text.push_str(" ORDER BY ");
        sql.text.push_str(&self.order(def));
        if let Some(limit) = self.limit {
            sql.text.push_str(" LIMIT :limit");
            sql.bind(":limit", limit);
        }
        sql
    }

    /// What the rows come from: the listing table, or for `--text` over
    /// the full-text index, that index's hits for this entity joined to it.
    fn from(&self, def: &Def, sql: &mut Sql) -> String {
        let (Some(Words::Match(words)), Text::Index { block, .. }) = (&self.words, &def.text)
        else {
            return format!("{} AS t", def.listing);
        };
        // The rowid range keeps to this kind. Its hits come in rowid
        // order, which is listing order, each being its row's `n`: nothing
        // to look up, collect or sort.
        let (first, last) = block_rows(*block);
        sql.bind(":text", words.clone());
        format!(
            "(SELECT rowid AS hit FROM search_index WHERE search_index MATCH :text \
             AND rowid BETWEEN {first} AND {last}) AS h JOIN {} AS t ON t.n = h.hit",
            def.listing
        )
    }

    /// Each filter as an SQL condition, its values bound to `sql`.
    fn conditions(&self, def: &Def, sql: &mut Sql) -> Vec<String> {
        let mut conditions = Vec::new();
        let scope = &self.scope;
        if let Some(after) = &scope.after {
            // Overlap: the row's span meets the asked one. The second bound
            // on date_from follows from the first (no row spans more than
            // max_days) and lets the date index be read as one slice.
            conditions.push("date_to >= :after".to_string());
            conditions.push(format!(
                "date_from >= coalesce(date(:after, '-' || (SELECT max_days FROM date_spans \
                 WHERE entity = '{}') || ' days'), '0000-01-01')",
                def.name
            ));
            sql.bind(":after", after.clone());
        }
        if let Some(before) = &scope.before {
            conditions.push("date_from <= :before".to_string());
            sql.bind(":before", before.clone());
        }
        if let Some(by) = def.by {
            for (index, actors) in scope.actors.iter().enumerate() {
                let param = format!(":actors{}", index + 1);
                conditions.push(actor_condition(def, by, actors, &param, sql));
            }
        }
        if let Some(topic) = &scope.topic {
            conditions.push("topic = :topic".to_string());
            sql.bind(":topic", topic.clone());
        }
        if let Some(place) = &scope.place {
            conditions.push("place LIKE :place ESCAPE '\\'".to_string());
            sql.bind(":place", place.clone());
        }
        if scope.disputed {
            conditions.push(def.disputed("id"));
        }
        if let (Some(Words::Like(patterns)), Text::Like(columns)) = (&self.words, &def.text) {
            for (index, pattern) in patterns.iter().enumerate() {
                let name = format!(":word{}", index + 1);
                let any: Vec<String> = columns
                    .iter()
                    .map(|c| format!("{c} LIKE {name} ESCAPE '\\'"))
                    .collect();
                conditions.push(format!("({})", any.join(" OR ")));
                sql.bind(name, pattern.clone());
            }
        }
        conditions
    }

    fn order(&self, def: &Def) -> String {
        let dated_only = self.scope.after.is_some() || self.scope.before.is_some();
        match self.sort {
            None if matches!(self.words, Some(Words::Match(_))) => "h.hit".to_string(),
            // A date filter leaves only dated rows, which the date index
            // yields already in listing order: saying so spares a sort.
            None if dated_only && def.dates_in_order => "date_from, date_to, n".to_string(),
            // Listing tables keep their rows in the listing order, as `n`.
            None => "n".to_string(),
            Some((column, descending)) => {
                // Dates sort by their bounds, not by the EDTF text.
                let keys: &[&str] = if column == "date" {
                    &["date_from", "date_to"]
                } else {
                    &[column]
                };
                let direction = if descending { " DESC" } else { "" };
                let keys: Vec<String> = keys.iter().map(|k| format!("{k}{direction}")).collect();
                let first = if column == "date" {
                    "date_from"
                } else {
                    column
                };
                format!("{first} IS NULL, {}, id", keys.join(", "))
            }
        }
    }
}

/// The rows of `actors`: those of the actors named, and those of a state's
/// people whose date meets the span the state existed in (for an entity
/// without dates, all of theirs). Parameters are named after `param`, one
/// set for each actor a listing asks for.
fn actor_condition(def: &Def, by: By, actors: &Designated, param: &str, sql: &mut Sql) -> String {
    let involving = |param: &str| {
        let set = format!("(SELECT value FROM json_each({param}))");
        match by {
            By::Column(column) => format!("{column} IN {set}"),
            By::Ids(ids) => format!("id IN ({})", ids.replace("{actors}", &set)),
        }
    };
    let json = |ids: &[String]| serde_json::to_string(ids).unwrap_or_default();
    let mut any = vec![involving(param)];
    sql.bind(param.to_string(), json(&actors.named));
    for (index, members) in actors.members.iter().enumerate() {
        let param = format!("{param}_members{}", index + 1);
        let mut all = vec![involving(&param)];
        sql.bind(param.clone(), json(&members.ids));
        if def.dated() {
            if let Some(from) = &members.from {
                all.push(format!("date_to >= {param}_from"));
                sql.bind(format!("{param}_from"), from.clone());
            }
            if let Some(to) = &members.to {
                all.push(format!("date_from <= {param}_to"));
                sql.bind(format!("{param}_to"), to.clone());
            }
        }
        any.push(format!("({})", all.join(" AND ")));
    }
    match any.len() {
        1 => any.remove(0),
        _ => format!("({})", any.join(" OR ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::types::Value;

    fn conn() -> Connection {
        crate::db::in_memory().unwrap()
    }

    fn loaded() -> Connection {
        let mut conn = conn();
        crate::seed::load_or_fail(&mut conn, &crate::seed::DataSource::BuiltIn).unwrap();
        conn
    }

    fn sql(conn: &Connection, entity: Entity, filters: &Filters) -> Sql {
        Listing::resolve(conn, entity, filters, false)
            .unwrap()
            .sql()
    }

    fn ids(conn: &Connection, entity: Entity, filters: &Filters) -> Vec<String> {
        let filters = Filters {
            columns: Some(vec!["id".into()]),
            ..filters.clone()
        };
        let sql = sql(conn, entity, &filters);
        let mut stmt = sql.prepare(conn).unwrap();
        let mut rows = stmt.raw_query();
        let mut ids = Vec::new();
        while let Some(row) = rows.next().unwrap() {
            ids.push(row.get(0).unwrap());
        }
        ids
    }

    fn plan(conn: &Connection, sql: &Sql) -> Vec<String> {
        let explained = Sql {
            text: format!("EXPLAIN QUERY PLAN {}", sql.text),
            params: sql.params.clone(),
        };
        let mut stmt = explained.prepare(conn).unwrap();
        let mut rows = stmt.raw_query();
        let mut steps = Vec::new();
        while let Some(row) = rows.next().unwrap() {
            steps.push(row.get(3).unwrap());
        }
        steps
    }

    #[test]
    fn every_entity_query_prepares_with_its_columns() {
        let conn = conn();
        for entity in Entity::ALL {
            let listing = Listing::resolve(&conn, entity, &Filters::default(), false).unwrap();
            listing.sql().prepare(&conn).unwrap();
            let all: Vec<&str> = entity.def().column_names().collect();
            assert_eq!(listing.columns, all);
        }
    }

    #[test]
    fn rendering_needs_no_database_and_binds_every_value_by_name() {
        let listing = Listing {
            entity: Entity::Proposals,
            scope: Scope {
                after: Some("1997-01-01".into()),
                before: Some("1997-12-31".into()),
                actors: vec![
                    Designated {
                        named: vec!["primakov".into(), "o'brien".into()],
                        members: Vec::new(),
                    },
                    Designated {
                        named: vec!["ikeda".into()],
                        members: Vec::new(),
                    },
                ],
                topic: Some("fisheries".into()),
                place: None,
                disputed: false,
            },
            words: None,
            sort: Some(("date", true)),
            limit: Some(5),
            columns: vec!["id", "title"],
        };
        let sql = listing.sql();
        assert_eq!(sql, listing.sql(), "the same listing, the same SQL");
        // Two actors asked for, two conditions that must both hold.
        assert!(sql.text.contains(
            "proposer IN (SELECT value FROM json_each(:actors1)) \
             AND proposer IN (SELECT value FROM json_each(:actors2))"
        ));
        assert!(sql.text.ends_with(
            "ORDER BY date_from IS NULL, date_from DESC, date_to DESC, id LIMIT :limit"
        ));
        let names: Vec<&str> = sql.params.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [":after", ":before", ":actors1", ":actors2", ":topic", ":limit"]
        );
        assert_eq!(
            sql.params[2].1,
            Value::Text(r#"["primakov","o'brien"]"#.into())
        );
        assert!(!sql.text.contains("o'brien") && !sql.text.contains("1997"));
    }

    #[test]
    fn year_from_and_to_become_one_span_of_overlap() {
        let conn = conn();
        let scope = |filters: Filters| {
            let scope = Scope::resolve(&conn, &filters, &[Entity::Events]).unwrap();
            (scope.after, scope.before)
        };
        let year = Filters {
            year: Some(1997),
            ..Filters::default()
        };
        assert_eq!(
            scope(year.clone()),
            (Some("1997-01-01".into()), Some("1997-12-31".into()))
        );
        // Every filter given must hold: the latest start, the earliest end.
        let narrower = Filters {
            from: Some("1997-06".into()),
            to: Some("1998".into()),
            ..year
        };
        assert_eq!(
            scope(narrower),
            (Some("1997-06-01".into()), Some("1997-12-31".into()))
        );
        // A year before 1000 is written with four digits, as dates are.
        let early = Filters {
            year: Some(999),
            ..Filters::default()
        };
        assert_eq!(
            scope(early),
            (Some("0999-01-01".into()), Some("0999-12-31".into()))
        );
    }

    #[test]
    fn text_search_finds_the_row_the_index_names() {
        let conn = loaded();
        for entity in [
            Entity::Events,
            Entity::Actors,
            Entity::Proposals,
            Entity::Positions,
        ] {
            let kind = entity.def().singular;
            let (id, title): (String, String) = conn
                .query_row(
                    "SELECT id, title FROM search_index WHERE kind = ?1 ORDER BY rowid DESC LIMIT 1",
                    [kind],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .unwrap();
            let filters = Filters {
                text: Some(title.clone()),
                ..Filters::default()
            };
            let found = ids(&conn, entity, &filters);
            assert!(found.contains(&id), "{kind} '{title}': {found:?}");
        }
    }

    #[test]
    fn date_filters_keep_the_listing_order_without_a_sort() {
        let conn = loaded();
        let everything = Filters {
            from: Some("0001".into()),
            ..Filters::default()
        };
        for entity in [
            Entity::Events,
            Entity::Proposals,
            Entity::Positions,
            Entity::Periods,
        ] {
            let dated = ids(&conn, entity, &everything);
            let all = ids(&conn, entity, &Filters::default());
            let in_order: Vec<String> = all.into_iter().filter(|id| dated.contains(id)).collect();
            assert!(dated.len() > 3, "{entity:?}");
            assert_eq!(dated, in_order, "{entity:?}");
        }
        let year = Filters {
            year: Some(1997),
            ..Filters::default()
        };
        let plan = plan(&conn, &sql(&conn, Entity::Events, &year));
        assert!(
            plan.iter().any(|s| s.contains("event_listing_by_date")),
            "{plan:?}"
        );
        assert!(!plan.iter().any(|s| s.contains("TEMP B-TREE")), "{plan:?}");
    }

    #[test]
    fn text_hits_come_in_listing_order_without_a_sort() {
        let conn = loaded();
        let japan = Filters {
            text: Some("japan".into()),
            ..Filters::default()
        };
        for entity in [
            Entity::Events,
            Entity::Actors,
            Entity::Proposals,
            Entity::Positions,
        ] {
            let found = ids(&conn, entity, &japan);
            let all = ids(&conn, entity, &Filters::default());
            let in_order: Vec<String> = all.into_iter().filter(|id| found.contains(id)).collect();
            assert!(found.len() > 1, "{entity:?}");
            assert_eq!(found, in_order, "{entity:?}");
            let steps = plan(&conn, &sql(&conn, entity, &japan));
            assert!(
                steps.iter().any(|s| s.contains("search_index")),
                "{steps:?}"
            );
            assert!(
                !steps.iter().any(|s| s.contains("TEMP B-TREE")),
                "{steps:?}"
            );
        }
        // With a date filter too, the hits are the year's, still in order.
        let in_1997 = Filters {
            year: Some(1997),
            ..japan.clone()
        };
        let year = Filters {
            year: Some(1997),
            ..Filters::default()
        };
        let all_japan = ids(&conn, Entity::Events, &japan);
        let in_order: Vec<String> = ids(&conn, Entity::Events, &year)
            .into_iter()
            .filter(|id| all_japan.contains(id))
            .collect();
        let found = ids(&conn, Entity::Events, &in_1997);
        assert!(found.len() > 1);
        assert_eq!(found, in_order);
    }

    #[test]
    fn by_selects_through_the_index_of_the_actor_column() {
        let conn = loaded();
        let primakov = Filters {
            by: vec!["Примаков".into()],
            ..Filters::default()
        };
        let found = ids(&conn, Entity::Proposals, &primakov);
        assert!(found.contains(&"joint-economic-activities".to_string()));
        let steps = plan(&conn, &sql(&conn, Entity::Proposals, &primakov));
        assert!(
            steps
                .iter()
                .any(|s| s.contains("proposal_listing_by_proposer")),
            "{steps:?}"
        );
    }

    #[test]
    fn user_text_is_bound_never_spliced() {
        let conn = conn();
        let filters = Filters {
            text: Some("50%_'; DROP".into()),
            ..Filters::default()
        };
        let events = sql(&conn, Entity::Events, &filters);
        assert!(!events.text.contains("DROP"));
        let fts = "{title aliases summary notes} : (\"50%_';\"* \"DROP\"*)";
        assert!(events
            .params
            .contains(&(":text".into(), Value::Text(fts.into()))));
        let sources = sql(&conn, Entity::Sources, &filters);
        assert!(!sources.text.contains("DROP"));
        let pattern = Value::Text("%50\\%\\_';%".into());
        assert!(sources.params.contains(&(":word1".into(), pattern)));
    }

    #[test]
    fn ordinary_text_is_quoted_word_by_word() {
        assert_eq!(fts_query("demilitar").unwrap(), "\"demilitar\"*");
        assert_eq!(
            fts_query("say \"no\" AND").unwrap(),
            "\"say\"* \"\"\"no\"\"\"* \"AND\"*"
        );
        assert_eq!(fts_query("- ... ()").as_deref(), None);
        // Found by fuzzing: FTS5 stops reading at a NUL.
        assert_eq!(fts_query("vi\0free").unwrap(), "\"vi\"* \"free\"*");
    }

    #[test]
    fn unknown_columns_and_misplaced_filters_are_errors() {
        let c = conn();
        let err = |entity, filters: Filters| {
            Listing::resolve(&c, entity, &filters, true)
                .unwrap_err()
                .to_string()
        };
        let bad_column = Filters {
            columns: Some(vec!["titel".into()]),
            ..Filters::default()
        };
        assert!(err(Entity::Events, bad_column).contains("nearest: title"));
        let twice = Filters {
            columns: Some(vec!["id".into(), "title".into(), " id".into()]),
            ..Filters::default()
        };
        assert_eq!(
            err(Entity::Events, twice),
            "--columns names 'id' twice; name each column once"
        );
        let many_words = Filters {
            text: Some("word ".repeat(limits::MOST_WORDS + 1)),
            ..Filters::default()
        };
        assert!(err(Entity::Sources, many_words).contains("at most 64 words"));
        let bad_sort = Filters {
            sort: Some("date:up".into()),
            ..Filters::default()
        };
        assert!(err(Entity::Events, bad_sort).contains("'up' is not asc or desc"));
        let year_on_actors = Filters {
            year: Some(1997),
            ..Filters::default()
        };
        assert_eq!(
            err(Entity::Actors, year_on_actors),
            "--year does not apply to actors: they have no date"
        );
        let by_on_periods = Filters {
            by: vec!["japan".into()],
            ..Filters::default()
        };
        assert_eq!(
            err(Entity::Periods, by_on_periods.clone()),
            "no actor filter applies to periods: they name no actor"
        );
        // A source's author is no actor, but --text finds it.
        assert!(err(Entity::Sources, by_on_periods)
            .ends_with("; a source's author is found by --text: rjkb sources --text japan"));
    }
}
