//! Loading a folder of CSV files (`seed/` or `--data DIR`) into a database.
//!
//! The schema is the single description of the data: the columns a CSV file
//! must have are its table's columns (minus those derived from `date`),
//! references are its foreign keys, and controlled values are lookup tables.
//! Everything loads in one transaction with foreign keys deferred, so rows
//! may refer forward; then every problem found — CSV syntax, dates, types,
//! duplicates, dangling references, uncited facts, misquotes — is reported as
//! `file:line: field: what is wrong`, and nothing is committed if there is one.

use crate::dates::parse_edtf;
use crate::names::nearest;
use anyhow::{Context, Result};
use rusqlite::{params_from_iter, types::Value, Connection};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// The tables a data folder holds, one `<table>.csv` each.
pub const TABLES: &[&str] = &[
    "sources",
    "topics",
    "actors",
    "actor_aliases",
    "periods",
    "events",
    "event_actors",
    "proposals",
    "proposal_links",
    "positions",
    "citations",
];

/// Tables whose every row is a fact that must cite a source; the citations
/// table has a column of the same name (singular) pointing at them.
const CITED: &[(&str, &str)] = &[
    ("actors", "actor"),
    ("events", "event"),
    ("proposals", "proposal"),
    ("positions", "position"),
    ("periods", "period"),
];

/// Columns the loader computes from `date`; they are not in CSV files.
const DERIVED: &[&str] = &["date_from", "date_to", "date_precision"];

/// The built-in data, embedded so that `rjkb` works from any directory.
const EMBEDDED: &[(&str, &str)] = &[
    ("sources.csv", include_str!("../seed/sources.csv")),
    ("topics.csv", include_str!("../seed/topics.csv")),
    ("actors.csv", include_str!("../seed/actors.csv")),
    (
        "actor_aliases.csv",
        include_str!("../seed/actor_aliases.csv"),
    ),
    ("periods.csv", include_str!("../seed/periods.csv")),
    ("events.csv", include_str!("../seed/events.csv")),
    ("event_actors.csv", include_str!("../seed/event_actors.csv")),
    ("proposals.csv", include_str!("../seed/proposals.csv")),
    (
        "proposal_links.csv",
        include_str!("../seed/proposal_links.csv"),
    ),
    ("positions.csv", include_str!("../seed/positions.csv")),
    ("citations.csv", include_str!("../seed/citations.csv")),
    (
        "texts/togo-yeltsin-era.txt",
        include_str!("../seed/texts/togo-yeltsin-era.txt"),
    ),
];

/// Where the CSV files come from.
#[derive(Debug, Clone)]
pub enum DataSource {
    BuiltIn,
    Folder(PathBuf),
}

impl DataSource {
    /// The name a problem report uses for one file.
    fn display_name(&self, file: &str) -> String {
        match self {
            DataSource::BuiltIn => format!("seed/{file}"),
            DataSource::Folder(dir) => dir.join(file).display().to_string(),
        }
    }

    fn read(&self, file: &str) -> Result<Option<Vec<u8>>> {
        match self {
            DataSource::BuiltIn => Ok(EMBEDDED
                .iter()
                .find(|(name, _)| *name == file)
                .map(|(_, text)| text.as_bytes().to_vec())),
            DataSource::Folder(dir) => {
                let path = dir.join(file);
                match std::fs::read(&path) {
                    Ok(bytes) => Ok(Some(bytes)),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
                }
            }
        }
    }
}

/// One thing wrong in a data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: u64,
    pub field: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.field, self.message
        )
    }
}

/// Every problem in a data folder, as one error.
#[derive(Debug)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        write!(f, "{count} problem{} in the data", plural(count))?;
        for problem in &self.0 {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A column of a table as it appears in CSV files.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub integer: bool,
    pub not_null: bool,
    pub default: Option<String>,
    /// Part of the primary key or a reference: no stray spaces allowed.
    pub key: bool,
}

/// The CSV columns of `table`, in schema order, read from the schema itself.
pub fn csv_columns(conn: &Connection, table: &str) -> Result<Vec<Column>> {
    let references: Vec<String> = conn
        .prepare(&format!("PRAGMA foreign_key_list({table})"))?
        .query_map([], |row| row.get::<_, String>("from"))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let columns = stmt
        .query_map([], |row| {
            let name: String = row.get("name")?;
            let declared: String = row.get("type")?;
            let pk: i64 = row.get("pk")?;
            Ok(Column {
                key: pk > 0 || references.contains(&name),
                integer: declared.eq_ignore_ascii_case("INTEGER"),
                not_null: row.get::<_, i64>("notnull")? == 1 || pk > 0,
                default: row
                    .get::<_, Option<String>>("dflt_value")?
                    .map(|d| d.trim_matches('\'').to_string()),
                name,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(columns
        .into_iter()
        .filter(|c| !DERIVED.contains(&c.name.as_str()))
        .collect())
}

/// Loads `data` into `conn` (already migrated) in one transaction.
///
/// Returns the problems found; when there are any, nothing is committed.
pub fn load(conn: &mut Connection, data: &DataSource) -> Result<Vec<Problem>> {
    let tx = conn.transaction()?;
    tx.pragma_update(None, "defer_foreign_keys", "ON")?;
    let mut loader = Loader {
        data,
        problems: Vec::new(),
        lines: HashMap::new(),
    };
    for table in TABLES {
        loader.load_table(&tx, table)?;
    }
    loader.check_references(&tx)?;
    loader.check_citations(&tx)?;
    loader.check_quotes(&tx)?;
    if loader.problems.is_empty() {
        tx.execute_batch(
            "DELETE FROM search_index; INSERT INTO search_index SELECT * FROM search_rows;",
        )
        .context("building the search index")?;
        tx.commit().context("committing the data")?;
    }
    Ok(loader.problems)
}

/// Loads `data`, turning any problem into an error that lists them all.
pub fn load_or_fail(conn: &mut Connection, data: &DataSource) -> Result<()> {
    let problems = load(conn, data)?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Problems(problems).into())
    }
}

struct Loader<'a> {
    data: &'a DataSource,
    problems: Vec<Problem>,
    /// (table, rowid) → CSV line, to place problems found after insertion.
    lines: HashMap<(String, i64), u64>,
}

impl Loader<'_> {
    fn problem(&mut self, file: &str, line: u64, field: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.data.display_name(file),
            line,
            field: field.to_string(),
            message: message.into(),
        });
    }

    fn load_table(&mut self, conn: &Connection, table: &str) -> Result<()> {
        let file = format!("{table}.csv");
        let Some(bytes) = self.data.read(&file)? else {
            self.problem(
                &file,
                0,
                "-",
                "file is missing (every table needs its CSV file, header row at least)",
            );
            return Ok(());
        };
        let columns = csv_columns(conn, table)?;
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(bytes.as_slice());
        let header = match reader.headers() {
            Ok(header) => header.clone(),
            Err(e) => {
                self.problem(&file, 1, "-", format!("cannot read the header row: {e}"));
                return Ok(());
            }
        };
        if header.is_empty() {
            self.problem(&file, 1, "-", "file is empty: it needs a header row");
            return Ok(());
        }
        // Position of each schema column in the file's header.
        let mut positions = Vec::with_capacity(columns.len());
        let mut header_ok = true;
        for column in &columns {
            match header.iter().position(|h| h == column.name) {
                Some(at) => positions.push(at),
                None => {
                    header_ok = false;
                    self.problem(&file, 1, &column.name, "column is missing from the header");
                }
            }
        }
        for (at, name) in header.iter().enumerate() {
            if !columns.iter().any(|c| c.name == name) {
                header_ok = false;
                let known: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
                self.problem(
                    &file,
                    1,
                    name,
                    format!("unknown column{}", nearest_hint(name, &known)),
                );
            } else if header.iter().take(at).any(|earlier| earlier == name) {
                header_ok = false;
                self.problem(&file, 1, name, "column appears twice in the header");
            }
        }
        if !header_ok {
            return Ok(());
        }

        let has_date = columns.iter().any(|c| c.name == "date");
        let mut names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        if has_date {
            names.extend(DERIVED);
        }
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            vec!["?"; names.len()].join(", ")
        );
        let mut insert = conn.prepare(&sql)?;
        let mut record = csv::StringRecord::new();
        loop {
            let line = reader.position().line();
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map_or(line, |p| p.line());
                    self.problem(&file, line, "-", csv_error_message(&e));
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        break;
                    }
                    continue;
                }
            }
            let line = record.position().map_or(line, |p| p.line());
            let mut values = Vec::with_capacity(names.len());
            let mut row_ok = true;
            for (column, &at) in columns.iter().zip(&positions) {
                match self.cell_value(column, &record[at]) {
                    Ok(value) => values.push(value),
                    Err(message) => {
                        row_ok = false;
                        self.problem(&file, line, &column.name, message);
                    }
                }
            }
            if has_date {
                let at = positions[columns.iter().position(|c| c.name == "date").unwrap()];
                match parse_edtf(&record[at]) {
                    Ok(date) => {
                        values.push(date.from().map_or(Value::Null, |d| Value::Text(d.into())));
                        values.push(date.to().map_or(Value::Null, |d| Value::Text(d.into())));
                        values.push(Value::Text(date.precision.to_string()));
                    }
                    Err(message) => {
                        row_ok = false;
                        self.problem(
                            &file,
                            line,
                            "date",
                            format!("'{}' is not a date: {message}", &record[at]),
                        );
                    }
                }
            }
            if !row_ok {
                continue;
            }
            match insert.execute(params_from_iter(values.iter())) {
                Ok(_) => {
                    self.lines
                        .insert((table.to_string(), conn.last_insert_rowid()), line);
                }
                Err(e) => {
                    let (field, message) = constraint_message(table, &e, &record, &header);
                    self.problem(&file, line, &field, message);
                }
            }
        }
        Ok(())
    }

    /// The SQL value of one cell, or what is wrong with it.
    fn cell_value(&self, column: &Column, raw: &str) -> Result<Value, String> {
        if column.key && raw.trim() != raw {
            return Err(format!("'{raw}' has leading or trailing spaces"));
        }
        if raw.starts_with(['=', '+', '@']) {
            return Err(format!(
                "'{}' looks like a spreadsheet formula; rewrite it (a leading =, + or @ is refused so that exports stay safe to open)",
                truncate(raw)
            ));
        }
        if raw.is_empty() {
            return Ok(match (&column.default, column.not_null) {
                (Some(default), _) => Value::Text(default.clone()),
                (None, true) => return Err("is required but empty".into()),
                (None, false) => Value::Null,
            });
        }
        if column.integer {
            return raw
                .parse::<i64>()
                .map(Value::Integer)
                .map_err(|_| format!("'{}' is not a whole number", truncate(raw)));
        }
        Ok(Value::Text(raw.to_string()))
    }

    fn check_references(&mut self, conn: &Connection) -> Result<()> {
        let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
        let dangling: Vec<(String, i64, String, i64)> = stmt
            .query_map([], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (table, rowid, parent, fk_id) in dangling {
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
            let known: Vec<String> = conn
                .prepare(&format!("SELECT id FROM {parent} ORDER BY id"))?
                .query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            let line = self.line_of(&table, rowid);
            self.problem(
                &format!("{table}.csv"),
                line,
                &column,
                format!(
                    "no {parent} row has id '{value}'{}",
                    nearest_hint(&value, &known)
                ),
            );
        }
        Ok(())
    }

    fn check_citations(&mut self, conn: &Connection) -> Result<()> {
        for (table, column) in CITED {
            let uncited: Vec<(i64, String)> = conn
                .prepare(&format!(
                    "SELECT rowid, id FROM {table} t WHERE NOT EXISTS \
                     (SELECT 1 FROM citations c WHERE c.{column} = t.id) ORDER BY rowid"
                ))?
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (rowid, id) in uncited {
                let line = self.line_of(table, rowid);
                self.problem(
                    &format!("{table}.csv"),
                    line,
                    "id",
                    format!(
                        "'{id}' cites no source: add a row to citations.csv with {column} = {id}"
                    ),
                );
            }
        }
        Ok(())
    }

    /// Every quote from a source whose full text is in the folder must occur
    /// in it word for word (white space aside: line breaks in the text vary).
    fn check_quotes(&mut self, conn: &Connection) -> Result<()> {
        let texts: Vec<(i64, String, String)> = conn
            .prepare("SELECT rowid, id, file FROM sources WHERE file IS NOT NULL")?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (rowid, source, file) in texts {
            let text = match self.data.read(&file)? {
                Some(bytes) => {
                    let body = String::from_utf8_lossy(&bytes);
                    conn.execute(
                        "INSERT INTO source_texts (source, body) VALUES (?, ?)",
                        (&source, &body),
                    )?;
                    fold_space(&body)
                }
                None => {
                    let line = self.line_of("sources", rowid);
                    self.problem(
                        "sources.csv",
                        line,
                        "file",
                        format!("'{file}' does not exist in the data folder"),
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
                    let line = self.line_of("citations", rowid);
                    self.problem(
                        "citations.csv",
                        line,
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

    fn line_of(&self, table: &str, rowid: i64) -> u64 {
        self.lines
            .get(&(table.to_string(), rowid))
            .copied()
            .unwrap_or(0)
    }
}

pub(crate) fn fold_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn truncate(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

fn nearest_hint(value: &str, known: &[&str]) -> String {
    let close = nearest(value, known.iter().copied(), 3);
    if close.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", close.join(", "))
    }
}

fn csv_error_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("row has {len} fields but the header has {expected_len}"),
        csv::ErrorKind::Utf8 { err, .. } => format!(
            "field {} is not valid UTF-8 (save the file as UTF-8)",
            err.field() + 1
        ),
        _ => e.to_string(),
    }
}

/// Turns an SQLite constraint error into the field it concerns and a message.
fn constraint_message(
    table: &str,
    error: &rusqlite::Error,
    record: &csv::StringRecord,
    header: &csv::StringRecord,
) -> (String, String) {
    let text = error.to_string();
    let cell = |column: &str| {
        header
            .iter()
            .position(|h| h == column)
            .and_then(|at| record.get(at))
            .unwrap_or("")
            .to_string()
    };
    if let Some(columns) = text.strip_prefix("UNIQUE constraint failed: ") {
        let fields: Vec<&str> = columns
            .split(", ")
            .map(|c| c.trim_start_matches(&format!("{table}.")))
            .collect();
        let values: Vec<String> = fields.iter().map(|f| cell(f)).collect();
        return (
            fields.join(","),
            format!("duplicate: '{}' already appears above", values.join("', '")),
        );
    }
    if let Some(column) = text.strip_prefix("NOT NULL constraint failed: ") {
        let field = column.trim_start_matches(&format!("{table}."));
        return (field.to_string(), "is required but empty".into());
    }
    if text.starts_with("CHECK constraint failed") && table == "citations" {
        return (
            "actor,event,proposal,position,period".into(),
            "exactly one of these must name the cited row".into(),
        );
    }
    ("-".into(), text)
}

/// Reads `dir` into a fresh in-memory database, failing on any problem.
pub fn load_folder_in_memory(dir: &Path) -> Result<Connection> {
    if !dir.is_dir() {
        anyhow::bail!("--data {}: no such folder", dir.display());
    }
    let mut conn = crate::db::in_memory()?;
    load_or_fail(&mut conn, &DataSource::Folder(dir.to_path_buf()))
        .with_context(|| format!("loading {}", dir.display()))?;
    Ok(conn)
}
