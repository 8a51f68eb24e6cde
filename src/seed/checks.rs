//! The checks a loaded folder must pass: its header rows, then, once every
//! table is in, references, citations, quotes, addresses and authors.

use super::problems::{nearest_hint, truncate, Problems};
use super::{Column, Loader};
use crate::address::web_address;
use crate::author;
use crate::dates::{parse_edtf, parse_span};
use crate::model;
use crate::names::fold_space;

/// Source kinds that are the project's own, not public pages: the study
/// text (quoted word for word) and the project's check of it.
const OWN_SOURCE_KINDS: &[&str] = &["study text", "fact check"];
use anyhow::Result;
use rusqlite::Connection;
use std::collections::HashMap;

/// The separator a header of one field uses, if it is a list of this
/// table's columns joined by ';' or a tab rather than commas: the CSV of a
/// spreadsheet in many languages, which would otherwise read as one long
/// unknown column and every column missing.
fn other_separator(columns: &[Column], header: &csv::StringRecord) -> Option<char> {
    let [only] = header.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    [';', '\t'].into_iter().find(|&separator| {
        let names: Vec<&str> = only.split(separator).collect();
        names.len() > 1 && names.iter().all(|n| columns.iter().any(|c| c.name == *n))
    })
}

/// Judges references to rows that are not there. One to a row that did
/// not load (a row with a problem of its own) is only counted: mending
/// that row mends the reference. One past the hundredth problem is only
/// counted too, its nearest ids unsought (sought over a large table for
/// every row of a broken file, that was quadratic). Any other is told with
/// the nearest ids its table has, each table's ids read once.
struct Dangling<'c> {
    conn: &'c Connection,
    not_loaded: rusqlite::Statement<'c>,
    ids: HashMap<String, Vec<String>>,
}

impl<'c> Dangling<'c> {
    fn new(conn: &'c Connection) -> Result<Self> {
        let not_loaded =
            conn.prepare("SELECT 1 FROM temp.not_loaded WHERE entity = ?1 AND id IN (?2, '')")?;
        Ok(Dangling {
            conn,
            not_loaded,
            ids: HashMap::new(),
        })
    }

    /// What to tell of a reference to `value`, which `parent` lacks; None
    /// when it is only counted in `problems`.
    fn message(
        &mut self,
        problems: &mut Problems,
        parent: &str,
        value: &str,
    ) -> Result<Option<String>> {
        if self.not_loaded.exists((parent, value))? {
            problems.consequent += 1;
            return Ok(None);
        }
        if problems.is_full() {
            problems.unlisted += 1;
            return Ok(None);
        }
        if !self.ids.contains_key(parent) {
            let known = self
                .conn
                .prepare(&format!("SELECT id FROM {parent} ORDER BY id"))?
                .query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            self.ids.insert(parent.to_string(), known);
        }
        let known: Vec<&str> = self.ids[parent].iter().map(String::as_str).collect();
        Ok(Some(format!(
            "no {parent} row has id '{}'{}",
            truncate(value),
            nearest_hint(value, &known)
        )))
    }
}

impl Loader<'_> {
    /// The position in the file of each schema column (None for one left
    /// out), or None (with the problems reported) when columns are unknown,
    /// doubled, or missing. Only a column that may be empty may be left out:
    /// every row reads it as empty, so a folder written before a migration
    /// added an optional column still loads.
    pub(super) fn check_header(
        &mut self,
        file: &str,
        columns: &[Column],
        header: &csv::StringRecord,
    ) -> Option<Vec<Option<usize>>> {
        if let Some(separator) = other_separator(columns, header) {
            let what = format!(
                "the header is one field with '{separator}' between the names: rjkb reads \
                 commas (save the file as comma-separated; a spreadsheet set to a language \
                 that writes decimal commas may use ';')"
            );
            self.problem(file, 1, "-", what);
            return None;
        }
        let mut positions = Vec::with_capacity(columns.len());
        let mut header_ok = true;
        for column in columns {
            let at = header.iter().position(|h| h == column.name);
            if at.is_none() && column.not_null && column.default.is_none() {
                header_ok = false;
                self.problem(file, 1, &column.name, "column is missing from the header");
            }
            positions.push(at);
        }
        let known: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        for (at, name) in header.iter().enumerate() {
            if name.trim().is_empty() {
                // A spreadsheet may save an empty column after the last.
                header_ok = false;
                let what = format!(
                    "column {} has no name: delete the column, or name it one of: {}",
                    at + 1,
                    known.join(", ")
                );
                self.problem(file, 1, "-", what);
            } else if !known.contains(&name) {
                header_ok = false;
                let what = format!("unknown column{}", nearest_hint(name, &known));
                self.problem(file, 1, name, what);
            } else if header.iter().take(at).any(|earlier| earlier == name) {
                header_ok = false;
                self.problem(file, 1, name, "column appears twice in the header");
            }
        }
        header_ok.then_some(positions)
    }

    /// Every reference to a row that is not there (judged by [`Dangling`]);
    /// then the references of rows that did not load, so that a row's
    /// every problem is told in one pass.
    pub(super) fn check_references(&mut self, conn: &Connection) -> Result<()> {
        let mut dangling = Dangling::new(conn)?;
        let mut check = conn.prepare("PRAGMA foreign_key_check")?;
        let mut rows = check.query([])?;
        while let Some(row) = rows.next()? {
            let (table, rowid): (String, i64) = (row.get(0)?, row.get(1)?);
            let (parent, fk_id): (String, i64) = (row.get(2)?, row.get(3)?);
            let column: String = conn.query_row(
                &format!("SELECT \"from\" FROM pragma_foreign_key_list('{table}') WHERE id = ?"),
                [fk_id],
                |row| row.get(0),
            )?;
            let value: String = conn.query_row(
                &format!("SELECT {column} FROM {table} WHERE rowid = ?"),
                [rowid],
                |row| row.get(0),
            )?;
            if let Some(what) = dangling.message(&mut self.problems, &parent, &value)? {
                self.problem_in_row(&table, rowid, &column, what);
            }
        }
        self.check_kept_references(conn, &mut dangling)
    }

    /// The references of rows that did not load for a value of their own,
    /// each with the file and line `NotLoaded` kept.
    fn check_kept_references(&mut self, conn: &Connection, dangling: &mut Dangling) -> Result<()> {
        let mut kept = conn.prepare(
            "SELECT file, line, field, parent, id FROM temp.unloaded_references ORDER BY rowid",
        )?;
        let mut rows = kept.query([])?;
        while let Some(row) = rows.next()? {
            let (file, line, field): (String, i64, String) =
                (row.get(0)?, row.get(1)?, row.get(2)?);
            let (parent, value): (String, String) = (row.get(3)?, row.get(4)?);
            let there = conn
                .prepare_cached(&format!("SELECT 1 FROM {parent} WHERE id = ?"))?
                .exists([&value])?;
            if there {
                continue;
            }
            if let Some(what) = dangling.message(&mut self.problems, &parent, &value)? {
                self.problem(&file, u64::try_from(line)?, &field, what);
            }
        }
        Ok(())
    }

    /// A state's span (`actors.existed`) is EDTF, its ends possibly open
    /// (`1991-12-25/..`); only a state has one.
    pub(super) fn check_spans(&mut self, conn: &Connection) -> Result<()> {
        let spans: Vec<(i64, String, String)> = conn
            .prepare(
                "SELECT rowid, existed, kind FROM actors \
                 WHERE coalesce(existed, '') <> '' ORDER BY rowid",
            )?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (rowid, existed, kind) in spans {
            if let Err(why) = parse_span(&existed) {
                let what = format!("'{}' is not a span: {why}", truncate(&existed));
                self.problem_in_row("actors", rowid, "existed", what);
            } else if kind != "state" {
                let what = format!("only a state has a span (this actor is a {kind})");
                self.problem_in_row("actors", rowid, "existed", what);
            }
        }
        Ok(())
    }

    /// A state acts only while it is the actor the data means (its span,
    /// `existed`): a visit, statement or signature of it, a proposal it
    /// makes or receives, a position it takes, dated wholly outside the
    /// span, is a problem — `--by` would not count it. Being the subject
    /// of an event is not acting (the USSR is the subject of Russia's
    /// recognition as its successor, a day after it ended). Read through
    /// the actor indexes from the few states that have a span: CROSS JOIN
    /// keeps that order, which SQLite, with no statistics yet, does not
    /// choose (it scanned every participant: +0.1 s at 100,000 events).
    pub(super) fn check_state_acts(&mut self, conn: &Connection) -> Result<()> {
        let acts: Vec<(String, i64, String, Option<String>, String, String)> = conn
            .prepare(
                "SELECT 'event_actors', f.rowid, 'actor', e.date, a.id, a.existed
                   FROM actors a CROSS JOIN event_actors f ON f.actor = a.id
                   JOIN events e ON e.id = f.event
                  WHERE a.existed <> '' AND f.role <> 'subject'
                 UNION ALL
                 SELECT 'proposals', f.rowid, 'proposer', f.date, a.id, a.existed
                   FROM actors a CROSS JOIN proposals f ON f.proposer = a.id WHERE a.existed <> ''
                 UNION ALL
                 SELECT 'proposals', f.rowid, 'addressee', f.date, a.id, a.existed
                   FROM actors a CROSS JOIN proposals f ON f.addressee = a.id WHERE a.existed <> ''
                 UNION ALL
                 SELECT 'positions', f.rowid, 'actor', f.date, a.id, a.existed
                   FROM actors a CROSS JOIN positions f ON f.actor = a.id WHERE a.existed <> ''",
            )?
            .query_map([], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (table, rowid, field, date, state, existed) in acts {
            // A bad span or date is reported by its own check.
            let date = date.unwrap_or_default();
            let (Ok((start, end)), Ok(date)) = (parse_span(&existed), parse_edtf(&date)) else {
                continue;
            };
            let Some((first, last)) = date.bounds else {
                continue;
            };
            let (when, state) = (date_text(&first, &last), truncate(&state));
            let what = match (start, end) {
                (Some(start), _) if last < start => format!(
                    "'{state}' is an actor from {start} (its existed), after this row's date \
                     {when}: name the state of that time, or its people"
                ),
                (_, Some(end)) if first > end => format!(
                    "'{state}' is an actor until {end} (its existed), before this row's date \
                     {when}: name the state of that time, or its people"
                ),
                _ => continue,
            };
            self.problem_in_row(&table, rowid, &field, what);
        }
        Ok(())
    }

    /// Every fact cites a source. One whose citation did not load (a row
    /// with a problem of its own) is only counted, as a reference is.
    pub(super) fn check_citations(&mut self, conn: &Connection) -> Result<()> {
        for def in model::cited() {
            let (table, column) = (def.name, def.singular);
            let mut uncited = conn.prepare(&format!(
                "SELECT rowid, id, EXISTS (SELECT 1 FROM temp.not_loaded n \
                   WHERE n.entity = 'cited {table}' AND n.id IN (t.id, '')) \
                 FROM {table} t WHERE NOT EXISTS \
                 (SELECT 1 FROM citations c WHERE c.{column} = t.id) ORDER BY rowid"
            ))?;
            let mut rows = uncited.query([])?;
            while let Some(row) = rows.next()? {
                let (rowid, id, failed): (i64, String, bool) =
                    (row.get(0)?, row.get(1)?, row.get(2)?);
                if failed {
                    self.problems.consequent += 1;
                    continue;
                }
                self.problem_in_row(
                    table,
                    rowid,
                    "id",
                    format!(
                        "'{id}' cites no source: add a row to citations.csv with {column} = {id}",
                        id = truncate(&id)
                    ),
                );
            }
        }
        Ok(())
    }

    /// A locator holds no `;`: in each listing's `source` column (and the
    /// web edition's links made from it) `; ` separates one source from the
    /// next, so "opening; bullet 1" would read as a second source "bullet".
    pub(super) fn check_locators(&mut self, conn: &Connection) -> Result<()> {
        let mut stmt = conn.prepare(
            "SELECT rowid, locator FROM citations WHERE instr(locator, ';') > 0 ORDER BY rowid",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (rowid, locator): (i64, String) = (row.get(0)?, row.get(1)?);
            let what = format!(
                "'{}' holds ';', which separates one source from the next in each listing's \
                 source column; write ',' instead ('{}')",
                truncate(&locator),
                truncate(&locator.replace(';', ","))
            );
            self.problem_in_row("citations", rowid, "locator", what);
        }
        Ok(())
    }

    /// Every quote from a source whose full text is in the folder must occur
    /// in it word for word (white space aside: line breaks in the text vary).
    pub(super) fn check_quotes(&mut self, conn: &Connection) -> Result<()> {
        let texts: Vec<(i64, String, String)> = conn
            .prepare("SELECT rowid, id, file FROM sources WHERE file IS NOT NULL")?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (rowid, source, file) in texts {
            let text = match self.data.read_text(&file, &self.ledger) {
                Err(why) => {
                    let what = format!("'{}' {why}", truncate(&file));
                    self.problem_in_row("sources", rowid, "file", what);
                    continue;
                }
                Ok(Some(bytes)) => {
                    let body = String::from_utf8_lossy(&bytes);
                    conn.execute(
                        "INSERT INTO source_texts (source, body) VALUES (?, ?)",
                        (&source, &body),
                    )?;
                    fold_space(&body)
                }
                Ok(None) => {
                    self.problem_in_row(
                        "sources",
                        rowid,
                        "file",
                        format!("'{}' does not exist in the data folder", truncate(&file)),
                    );
                    continue;
                }
            };
            let quotes: Vec<(i64, String)> = conn
                .prepare("SELECT rowid, quote FROM citations WHERE source = ? AND quote IS NOT NULL ORDER BY rowid")?
                .query_map([&source], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (rowid, quote) in quotes {
                if !text.contains(&fold_space(&quote)) {
                    self.problem_in_row(
                        "citations",
                        rowid,
                        "quote",
                        format!(
                            "'{}' does not occur word for word in {file}",
                            truncate(&quote)
                        ),
                    );
                }
            }
        }
        Ok(())
    }

    /// A citation of a public source (any kind but the project's own: the
    /// study text and its fact check) names a source with an address and
    /// says, in `statement`, what that page states; verbatim quotes are the
    /// study text's alone. Only the citations that fail are read back: a
    /// million good ones cost no memory here.
    pub(super) fn check_public_citations(&mut self, conn: &Connection) -> Result<()> {
        let mut stmt = conn.prepare(
            "SELECT c.rowid, c.source, coalesce(s.url, '') <> '' AS has_url, \
             coalesce(c.statement, '') <> '' AS has_statement, \
             coalesce(c.quote, '') <> '' AS has_quote \
             FROM citations c JOIN sources s ON s.id = c.source \
             WHERE s.kind NOT IN (SELECT value FROM json_each(?1)) \
             AND NOT (has_url AND has_statement AND NOT has_quote) ORDER BY c.rowid",
        )?;
        let own = serde_json::to_string(OWN_SOURCE_KINDS)?;
        let mut rows = stmt.query([own])?;
        while let Some(row) = rows.next()? {
            let (rowid, source): (i64, String) = (row.get(0)?, row.get(1)?);
            let source = truncate(&source);
            let (has_url, has_statement, has_quote): (bool, bool, bool) =
                (row.get(2)?, row.get(3)?, row.get(4)?);
            if !has_url {
                let what = format!(
                    "'{source}' is a public source without a url: give it the address of \
                     the page, or cite a page that has one"
                );
                self.problem_in_row("citations", rowid, "statement", what);
            }
            if !has_statement {
                let what = format!(
                    "a citation of the public source '{source}' needs a statement: what the \
                     page states, in your own words"
                );
                self.problem_in_row("citations", rowid, "statement", what);
            }
            if has_quote {
                let what = format!(
                    "a citation of the public source '{source}' quotes it: verbatim quotes \
                     are the study text's; say what the page states in `statement`"
                );
                self.problem_in_row("citations", rowid, "quote", what);
            }
        }
        Ok(())
    }

    /// A source's url is a web address a reader can open
    /// ([`web_address`]): anything else the web edition would show as text
    /// and every bibliography would leave out.
    pub(super) fn check_addresses(&mut self, conn: &Connection) -> Result<()> {
        let mut stmt = conn.prepare(
            "SELECT rowid, url FROM sources WHERE coalesce(url, '') <> '' ORDER BY rowid",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (rowid, url): (i64, String) = (row.get(0)?, row.get(1)?);
            if web_address(&url).is_some() {
                continue;
            }
            let with_scheme = format!("https://{url}");
            let hint = match !url.contains("://") && web_address(&with_scheme).is_some() {
                true => format!("; did you mean {}?", truncate(&with_scheme)),
                false => String::new(),
            };
            let what = format!(
                "'{}' is not a web address a reader can open: one that begins http:// or \
                 https://, with no spaces, quotes or angle brackets{hint}",
                truncate(&url)
            );
            self.problem_in_row("sources", rowid, "url", what);
        }
        Ok(())
    }

    /// An author that joins names with `;` lists people, each `family,
    /// given`; with one name that is not, every bibliography would file the
    /// whole field as one body's name. One that opens a brace closes it at
    /// its end. Only fields with a `;` or a leading `{` are read back.
    pub(super) fn check_authors(&mut self, conn: &Connection) -> Result<()> {
        let mut stmt = conn.prepare(
            "SELECT rowid, author FROM sources \
             WHERE instr(author, ';') > 0 OR instr(author, ',') > 0 \
             OR ltrim(author) LIKE '{%' ORDER BY rowid",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (rowid, text): (i64, String) = (row.get(0)?, row.get(1)?);
            if let Some(what) = author_problem(&text) {
                self.problem_in_row("sources", rowid, "author", what);
            }
        }
        Ok(())
    }
}

/// What is wrong with an author field that `author` would misread: a
/// brace left open, a body's name with a comma read as a person, or names
/// joined by `;` that are not all people.
fn author_problem(text: &str) -> Option<String> {
    if author::unclosed_brace(text) {
        return Some(format!(
            "'{}': a body's name in braces must be the whole field, '{{name}}', \
             with no other brace",
            truncate(text)
        ));
    }
    if let Some(family) = author::body_read_as_person(text) {
        return Some(format!(
            "'{}' reads as a person named '{}': a body's name with a comma is written \
             in braces, '{{{}}}'",
            truncate(text),
            truncate(family),
            truncate(text.trim())
        ));
    }
    let stray = author::stray_part(text)?;
    let which = match stray.is_empty() {
        true => "one is empty (a stray ';'?)".to_string(),
        false => format!(
            "'{}' is not (keep one body's name and give the others in the note)",
            truncate(stray)
        ),
    };
    Some(format!(
        "'{}': names joined by ';' must each be a person, 'family, given'; {which}",
        truncate(text)
    ))
}

/// A date's first and last day, as one when they are the same.
fn date_text(first: &str, last: &str) -> String {
    match first == last {
        true => first.to_string(),
        false => format!("{first}/{last}"),
    }
}
