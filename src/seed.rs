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
use rusqlite::{types::Value, Connection};
use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

/// Source kinds that are the project's own, not public pages: the study
/// text (quoted word for word) and the project's check of it.
const OWN_SOURCE_KINDS: &[&str] = &["study text", "fact check"];

/// Columns the loader computes from `date`; they are not in CSV files.
const DERIVED: &[&str] = &["date_from", "date_to", "date_precision"];

/// The built-in data, embedded so that `rjkb` works from any directory.
pub(crate) const EMBEDDED: &[(&str, &str)] = &[
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
    /// Files held in memory, by name: for tests and fuzzing.
    Files(Vec<(String, Vec<u8>)>),
}

impl DataSource {
    /// The name a problem report uses for one file.
    fn display_name(&self, file: &str) -> String {
        match self {
            DataSource::BuiltIn => format!("seed/{file}"),
            DataSource::Folder(dir) => dir.join(file).display().to_string(),
            DataSource::Files(_) => file.to_string(),
        }
    }

    /// The built-in files, to be changed in memory.
    pub fn builtin_files() -> Vec<(String, Vec<u8>)> {
        EMBEDDED
            .iter()
            .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec()))
            .collect()
    }

    /// A reader over one file, or None if the folder has no such file.
    fn open(&self, file: &str) -> Result<Option<Box<dyn Read + '_>>> {
        match self {
            DataSource::BuiltIn => Ok(EMBEDDED
                .iter()
                .find(|(name, _)| *name == file)
                .map(|(_, text)| Box::new(text.as_bytes()) as Box<dyn Read>)),
            DataSource::Files(files) => Ok(files
                .iter()
                .find(|(name, _)| name == file)
                .map(|(_, bytes)| Box::new(bytes.as_slice()) as Box<dyn Read>)),
            DataSource::Folder(dir) => {
                let path = dir.join(file);
                match std::fs::File::open(&path) {
                    Ok(f) => Ok(Some(Box::new(std::io::BufReader::with_capacity(
                        1 << 16,
                        f,
                    )))),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
                }
            }
        }
    }

    fn read(&self, file: &str) -> Result<Option<Vec<u8>>> {
        let Some(mut input) = self.open(file)? else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        input
            .read_to_end(&mut bytes)
            .with_context(|| format!("reading {}", self.display_name(file)))?;
        Ok(Some(bytes))
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

/// What a load did and how long each part took.
#[derive(Debug, Default, Clone, Copy)]
pub struct LoadStats {
    pub rows: u64,
    pub read: Duration,
    pub checks: Duration,
    /// Refilling the derived tables: search index, listings, date spans.
    pub refill: crate::db::RefillTimes,
}

/// Loads `data` into `conn` (already migrated) in one transaction.
///
/// Returns the problems found; when there are any, nothing is committed.
pub fn load(conn: &mut Connection, data: &DataSource) -> Result<(Vec<Problem>, LoadStats)> {
    // References are checked once, all together, after loading (foreign_key_check
    // works with enforcement off); enforcing them row by row would do it twice.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let result = load_unchecked(conn, data);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    result
}

fn load_unchecked(conn: &mut Connection, data: &DataSource) -> Result<(Vec<Problem>, LoadStats)> {
    let mut stats = LoadStats::default();
    let started = Instant::now();
    let tx = conn.transaction()?;
    let mut loader = Loader {
        data,
        problems: Vec::new(),
        lines: HashMap::new(),
    };
    // Secondary indexes are built once after loading; the checks need them.
    stats.rows = crate::db::without_indexes(&tx, "%", || {
        TABLES
            .iter()
            .try_fold(0, |rows, table| Ok(rows + loader.load_table(&tx, table)?))
    })?;
    stats.read = started.elapsed();
    loader.check_references(&tx)?;
    loader.check_citations(&tx)?;
    loader.check_quotes(&tx)?;
    loader.check_public_citations(&tx)?;
    stats.checks = started.elapsed() - stats.read;
    if loader.problems.is_empty() {
        stats.refill = crate::db::refill_derived(&tx)?;
        tx.commit().context("committing the data")?;
    }
    Ok((loader.problems, stats))
}

/// Loads `data`, turning any problem into an error that lists them all.
pub fn load_or_fail(conn: &mut Connection, data: &DataSource) -> Result<LoadStats> {
    let (problems, stats) = load(conn, data)?;
    if problems.is_empty() {
        Ok(stats)
    } else {
        Err(Problems(problems).into())
    }
}

struct Loader<'a> {
    data: &'a DataSource,
    problems: Vec<Problem>,
    /// Per table, the CSV line of each row by rowid - 1 (rowids of a fresh
    /// table count up from 1), to place problems found after insertion.
    lines: HashMap<&'static str, Vec<u32>>,
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

    /// Loads one table's file; returns how many rows went in.
    fn load_table(&mut self, conn: &Connection, table: &'static str) -> Result<u64> {
        let file = format!("{table}.csv");
        let Some(input) = self.data.open(&file)? else {
            self.problem(
                &file,
                0,
                "-",
                "file is missing (every table needs its CSV file, header row at least)",
            );
            return Ok(0);
        };
        let columns = csv_columns(conn, table)?;
        let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
        let header = match reader.headers() {
            Ok(header) => header.clone(),
            Err(e) => {
                let what = format!("cannot read the header row: {}", csv_error_message(&e));
                self.problem(&file, 1, "-", what);
                return Ok(0);
            }
        };
        if header.is_empty() {
            self.problem(&file, 1, "-", "file is empty: it needs a header row");
            return Ok(0);
        }
        let Some(positions) = self.check_header(&file, &columns, &header) else {
            return Ok(0);
        };

        let date_at = columns.iter().position(|c| c.name == "date");
        let mut names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        if date_at.is_some() {
            names.extend(DERIVED);
        }
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            vec!["?"; names.len()].join(", ")
        );
        let mut insert = conn.prepare(&sql)?;
        let lines = self.lines.entry(table).or_default();
        let mut problems = Vec::new();
        let mut record = csv::StringRecord::new();
        let mut inserted = 0;
        loop {
            let line = reader.position().line();
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map_or(line, |p| p.line());
                    let field = match e.kind() {
                        csv::ErrorKind::Utf8 { err, .. } => header.get(err.field()).unwrap_or("-"),
                        _ => "-",
                    };
                    problems.push((line, field.to_string(), csv_error_message(&e)));
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        break;
                    }
                    continue;
                }
            }
            let line = record.position().map_or(line, |p| p.line());
            let mut row_ok = true;
            // A column the file leaves out reads as empty in every row.
            let cell = |i: usize| positions[i].map_or("", |at| &record[at]);
            for (index, column) in columns.iter().enumerate() {
                let bound = match cell_value(column, cell(index)) {
                    Ok(Cell::Null) => insert.raw_bind_parameter(index + 1, Value::Null),
                    Ok(Cell::Text(text)) => insert.raw_bind_parameter(index + 1, text),
                    Ok(Cell::Integer(n)) => insert.raw_bind_parameter(index + 1, n),
                    Err(message) => {
                        row_ok = false;
                        problems.push((line, column.name.clone(), message));
                        continue;
                    }
                };
                bound?;
            }
            if let Some(at) = date_at {
                match parse_edtf(cell(at)) {
                    Ok(date) => {
                        let first = columns.len() + 1;
                        insert.raw_bind_parameter(first, date.from())?;
                        insert.raw_bind_parameter(first + 1, date.to())?;
                        insert.raw_bind_parameter(first + 2, date.precision.to_string())?;
                    }
                    Err(message) => {
                        row_ok = false;
                        let what = format!("'{}' is not a date: {message}", truncate(cell(at)));
                        problems.push((line, "date".into(), what));
                    }
                }
            }
            if !row_ok {
                continue;
            }
            match insert.raw_execute() {
                Ok(_) => {
                    inserted += 1;
                    let rowid = usize::try_from(conn.last_insert_rowid()).unwrap_or(0);
                    if rowid > lines.len() {
                        lines.resize(rowid, 0);
                    }
                    if let Some(slot) = rowid.checked_sub(1).and_then(|i| lines.get_mut(i)) {
                        *slot = u32::try_from(line).unwrap_or(u32::MAX);
                    }
                }
                Err(e) => {
                    let (field, message) = constraint_message(table, &e, &record, &header);
                    problems.push((line, field, message));
                }
            }
        }
        for (line, field, message) in problems {
            self.problem(&file, line, &field, message);
        }
        Ok(inserted)
    }

    /// The position in the file of each schema column (None for one left
    /// out), or None (with the problems reported) when columns are unknown,
    /// doubled, or missing. Only a column that may be empty may be left out:
    /// every row reads it as empty, so a folder written before a migration
    /// added an optional column still loads.
    fn check_header(
        &mut self,
        file: &str,
        columns: &[Column],
        header: &csv::StringRecord,
    ) -> Option<Vec<Option<usize>>> {
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
            if !known.contains(&name) {
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

    /// A citation of a public source (any kind but the project's own: the
    /// study text and its fact check) names a source with an address and
    /// says, in `statement`, what that page states; verbatim quotes are the
    /// study text's alone.
    fn check_public_citations(&mut self, conn: &Connection) -> Result<()> {
        let own = OWN_SOURCE_KINDS
            .iter()
            .map(|kind| format!("'{kind}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let cited: Vec<(i64, String, bool, bool, bool)> = conn
            .prepare(&format!(
                "SELECT c.rowid, c.source, coalesce(s.url, '') <> '', \
                 coalesce(c.statement, '') <> '', coalesce(c.quote, '') <> '' \
                 FROM citations c JOIN sources s ON s.id = c.source \
                 WHERE s.kind NOT IN ({own}) ORDER BY c.rowid"
            ))?
            .query_map([], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (rowid, source, has_url, has_statement, has_quote) in cited {
            let line = self.line_of("citations", rowid);
            if !has_url {
                let what = format!(
                    "'{source}' is a public source without a url: give it the address of \
                     the page, or cite a page that has one"
                );
                self.problem("citations.csv", line, "statement", what);
            }
            if !has_statement {
                let what = format!(
                    "a citation of the public source '{source}' needs a statement: what the \
                     page states, in your own words"
                );
                self.problem("citations.csv", line, "statement", what);
            }
            if has_quote {
                let what = format!(
                    "a citation of the public source '{source}' quotes it: verbatim quotes \
                     are the study text's; say what the page states in `statement`"
                );
                self.problem("citations.csv", line, "quote", what);
            }
        }
        Ok(())
    }

    fn line_of(&self, table: &str, rowid: i64) -> u64 {
        self.lines
            .get(table)
            .and_then(|lines| lines.get(usize::try_from(rowid - 1).ok()?))
            .map_or(0, |line| u64::from(*line))
    }
}

/// A checked cell, ready to bind.
enum Cell<'a> {
    Null,
    Text(&'a str),
    Integer(i64),
}

/// The longest cell accepted: far above any summary or quote, far below
/// what a runaway quote (one unterminated `"`) swallows.
const MAX_CELL_BYTES: usize = 100_000;

/// The value of one cell, or what is wrong with it.
fn cell_value<'a>(column: &'a Column, raw: &'a str) -> Result<Cell<'a>, String> {
    if raw.len() > MAX_CELL_BYTES {
        return Err(format!(
            "is {} bytes long, more than the {MAX_CELL_BYTES} allowed (an unterminated quote?)",
            raw.len()
        ));
    }
    if raw.contains('\0') {
        return Err("contains a NUL character".into());
    }
    if column.key && raw.trim() != raw {
        return Err(format!(
            "'{}' has leading or trailing spaces",
            truncate(raw)
        ));
    }
    if raw.starts_with(['=', '+', '@']) {
        return Err(format!(
            "'{}' looks like a spreadsheet formula; rewrite it (a leading =, + or @ is \
             refused so that exports stay safe to open)",
            truncate(raw)
        ));
    }
    if raw.is_empty() {
        return match (&column.default, column.not_null) {
            (Some(default), _) => Ok(Cell::Text(default)),
            (None, true) => Err("is required but empty".into()),
            (None, false) => Ok(Cell::Null),
        };
    }
    if column.integer {
        return raw
            .parse::<i64>()
            .map(Cell::Integer)
            .map_err(|_| format!("'{}' is not a whole number", truncate(raw)));
    }
    Ok(Cell::Text(raw))
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
        } if len < expected_len => format!(
            "row has {len} fields but the header has {expected_len} (a quote that is never \
             closed joins the lines after it into one field)"
        ),
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
