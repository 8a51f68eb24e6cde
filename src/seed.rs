//! Loading a folder of CSV files (`seed/` or `--data DIR`) into a database.
//!
//! The schema is the single description of the data: the columns a CSV file
//! must have are its table's columns (minus those derived from `date`),
//! references are its foreign keys, and controlled values are lookup tables.
//! Everything loads in one transaction with foreign keys deferred, so rows
//! may refer forward; then every problem found — CSV syntax, dates, types,
//! duplicates, dangling references, uncited facts, misquotes — is reported as
//! `file:line: field: what is wrong` (the first hundred listed, the rest
//! counted), and nothing is committed if there is one.

mod checks;
mod insert;
mod lines;
mod problems;

pub use problems::{Problem, Problems, MOST_LISTED};

use crate::files;
use crate::files::stamp::{Ledger, Stamp};
use crate::model;
use anyhow::{Context, Result};
use insert::Insert;
use problems::{csv_error_message, not_utf8};
use rusqlite::Connection;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;
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

/// Columns the loader computes from `date` (a source's `published`); they
/// are not in CSV files.
const DERIVED: &[&str] = &["date_from", "date_to", "date_precision"];

/// Fills every source's derived dates from its `published`, as the loader
/// does: for a file migrated from before sources had them (0013).
pub(crate) fn date_sources(conn: &Connection) -> Result<()> {
    let rows: Vec<(i64, Option<String>)> = conn
        .prepare("SELECT rowid, published FROM sources")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = conn.prepare(
        "UPDATE sources SET date_from = ?2, date_to = ?3, date_precision = ?4 WHERE rowid = ?1",
    )?;
    for (rowid, published) in rows {
        let date = crate::dates::parse_edtf(published.as_deref().unwrap_or(""))
            .unwrap_or_else(|_| insert::undated());
        update.execute(rusqlite::params![
            rowid,
            date.from(),
            date.to(),
            date.precision.to_string()
        ])?;
    }
    Ok(())
}

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
    /// A folder of CSV files, and the most bytes a text named in it may have.
    Folder {
        dir: PathBuf,
        max_text: u64,
    },
    /// Files held in memory, by name: for tests and fuzzing.
    Files(Vec<(String, Vec<u8>)>),
}

impl DataSource {
    /// The name a problem report uses for one file.
    fn display_name(&self, file: &str) -> String {
        match self {
            DataSource::BuiltIn => format!("seed/{file}"),
            DataSource::Folder { dir, .. } => dir.join(file).display().to_string(),
            DataSource::Files(_) => file.to_string(),
        }
    }

    /// The file of another format `rjkb export --format` writes for
    /// `table` that a folder holds, if any: a folder exported as JSON.
    fn other_format_of(&self, table: &str) -> Option<String> {
        let DataSource::Folder { dir, .. } = self else {
            return None;
        };
        let folder = files::Folder::new(dir).ok()?;
        ["jsonl", "json"]
            .map(|ext| format!("{table}.{ext}"))
            .into_iter()
            .find(|name| matches!(folder.open(name), Ok(Some(_))))
    }

    /// The built-in files, to be changed in memory.
    pub fn builtin_files() -> Vec<(String, Vec<u8>)> {
        EMBEDDED
            .iter()
            .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec()))
            .collect()
    }

    /// A reader over one file, or None if the folder has no such file; a
    /// file of a folder is stamped in `ledger` as it is opened.
    fn open(&self, file: &str, ledger: &Rc<Ledger>) -> Result<Option<Box<dyn Read + '_>>> {
        match self {
            DataSource::BuiltIn => Ok(EMBEDDED
                .iter()
                .find(|(name, _)| *name == file)
                .map(|(_, text)| Box::new(text.as_bytes()) as Box<dyn Read>)),
            DataSource::Files(files) => Ok(files
                .iter()
                .find(|(name, _)| name == file)
                .map(|(_, bytes)| Box::new(bytes.as_slice()) as Box<dyn Read>)),
            DataSource::Folder { dir, .. } => {
                let folder = files::Folder::new(dir)
                    .with_context(|| format!("reading {}", dir.display()))?;
                let Some(found) = folder.open(file).map_err(|why| anyhow::anyhow!("{why}"))? else {
                    return Ok(None);
                };
                let stamped = ledger.stamped(file, found)?;
                Ok(Some(Box::new(std::io::BufReader::with_capacity(
                    1 << 16,
                    stamped,
                ))))
            }
        }
    }

    /// The text a source's `file` names, read whole: None if there is no
    /// such file; an error in words for a report if the name leaves the
    /// folder, the file is not a regular one, or it is over the cap.
    fn read_text(&self, file: &str, ledger: &Rc<Ledger>) -> Result<Option<Vec<u8>>, String> {
        files::check_relative(file)?;
        if TABLES.iter().any(|table| format!("{table}.csv") == file) {
            return Err("is a table's CSV file: a text needs a file of its own".into());
        }
        match self {
            DataSource::Folder { dir, max_text } => {
                let folder = files::Folder::new(dir).map_err(|e| e.to_string())?;
                match folder.open(file)? {
                    Some(f) => {
                        let stamped = ledger.stamped(file, f).map_err(|e| e.to_string())?;
                        files::read::read_capped(stamped, *max_text).map(Some)
                    }
                    None => Ok(None),
                }
            }
            _ => {
                let Some(mut input) = self.open(file, ledger).map_err(|e| format!("{e:#}"))? else {
                    return Ok(None);
                };
                let mut bytes = Vec::new();
                input.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
                Ok(Some(bytes))
            }
        }
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
    pub primary_key: bool,
}

/// Whether `raw` may stand in `column` of a data folder: the loader's own
/// rules for one cell (no control character, no formula a spreadsheet would
/// run, a whole number where one is due...), for `export` to hold a
/// database from elsewhere to what it writes.
pub fn check_cell(column: &Column, raw: &str) -> Result<(), String> {
    problems::cell_value(column, raw).map(drop)
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
                primary_key: pk > 0,
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
#[derive(Debug, Default, Clone)]
pub struct LoadStats {
    pub rows: u64,
    /// Every file read from a folder, as it was read.
    pub files: Vec<Stamp>,
    pub read: Duration,
    pub checks: Duration,
    /// Refilling the derived tables: search index, listings, date spans.
    pub refill: crate::derived::RefillTimes,
}

/// Loads `data` into `conn` (already migrated) in one transaction.
///
/// Returns the problems found; when there are any, nothing is committed.
pub fn load(conn: &mut Connection, data: &DataSource) -> Result<(Problems, LoadStats)> {
    // References are checked once, all together, after loading (foreign_key_check
    // works with enforcement off); enforcing them row by row would do it twice.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let result = load_unchecked(conn, data);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    result
}

fn load_unchecked(conn: &mut Connection, data: &DataSource) -> Result<(Problems, LoadStats)> {
    let mut stats = LoadStats::default();
    let started = Instant::now();
    let tx = conn.transaction()?;
    // The ids of rows not loaded, for the references to them: a temporary
    // table, so that a folder of many bad rows takes disk, not memory.
    tx.execute_batch(
        "CREATE TEMP TABLE not_loaded (entity TEXT, id TEXT, PRIMARY KEY (entity, id)) \
         WITHOUT ROWID; \
         CREATE TEMP TABLE unloaded_references \
         (file TEXT, line INTEGER, field TEXT, parent TEXT, id TEXT);",
    )?;
    let mut loader = Loader {
        data,
        ledger: Ledger::new(),
        problems: Problems::default(),
        not_inserted: HashMap::new(),
        unplaced: Vec::new(),
    };
    // Secondary indexes are built once after loading; the checks need them.
    stats.rows = crate::db::without_indexes_or_triggers(&tx, "%", || {
        TABLES
            .iter()
            .try_fold(0, |rows, table| Ok(rows + loader.load_table(&tx, table)?))
    })?;
    stats.read = started.elapsed();
    loader.check_references(&tx)?;
    loader.check_spans(&tx)?;
    loader.check_state_acts(&tx)?;
    loader.check_citations(&tx)?;
    loader.check_locators(&tx)?;
    loader.check_quotes(&tx)?;
    loader.check_public_citations(&tx)?;
    loader.check_addresses(&tx)?;
    loader.check_authors(&tx)?;
    loader.place_problems()?;
    tx.execute_batch("DROP TABLE temp.not_loaded; DROP TABLE temp.unloaded_references")?;
    stats.checks = started.elapsed() - stats.read;
    stats.files = loader.ledger.stamps();
    if loader.problems.is_empty() {
        stats.refill = crate::derived::refill(&tx)?;
        tx.commit().context("committing the data")?;
    }
    Ok((loader.problems, stats))
}

/// Builds `data` into a new database file at `path`, as `rjkb db build`
/// and the build script (the built-in image) do. The file is thrown away
/// unless the build succeeds, so it needs no rollback journal and no
/// syncing until the end.
pub fn build_file(path: &Path, data: &DataSource) -> Result<LoadStats> {
    let mut conn = crate::db::create(path)?;
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -{};",
        crate::db::BUILD_CACHE_BYTES >> 10
    ))?;
    let stats = load_or_fail(&mut conn, data)?;
    conn.execute_batch("PRAGMA optimize;")?;
    conn.close()
        .map_err(|(_, e)| e)
        .context("closing the new database")?;
    Ok(stats)
}

/// Loads `data`, turning any problem into an error that lists them all.
pub fn load_or_fail(conn: &mut Connection, data: &DataSource) -> Result<LoadStats> {
    let (problems, stats) = load(conn, data)?;
    if problems.is_empty() {
        Ok(stats)
    } else {
        Err(problems.into())
    }
}

/// The longest record read: room for every cell of a row at its longest,
/// and a bound on the memory one unterminated quote can take.
const MAX_RECORD_BYTES: u64 = 4 << 20;

/// A table's file, open: its CSV reader past the header row (line ends
/// made one `\n`, a record's size capped while it is read), where the
/// record being read starts, and the table's INSERT.
type CsvReader<'a> = csv::Reader<files::CsvInput<Box<dyn Read + 'a>>>;

struct OpenTable<'a, 'c> {
    reader: CsvReader<'a>,
    record_start: Rc<std::cell::Cell<u64>>,
    header: csv::StringRecord,
    insert: Insert<'c>,
}

struct Loader<'a> {
    data: &'a DataSource,
    ledger: Rc<Ledger>,
    problems: Problems,
    /// Per table, the records read but not inserted, counted from 0:
    /// rowids (from 1 in a fresh table) count the others. Nothing is kept
    /// per row: a problem found after loading is placed by reading its
    /// file again ([`Loader::place_problems`]).
    not_inserted: HashMap<&'static str, Vec<u64>>,
    /// Problems found in a row after loading, to be given their line:
    /// (index in `problems`, table, rowid).
    unplaced: Vec<(usize, String, i64)>,
}

impl<'a> Loader<'a> {
    /// Lists a problem, or counts it once the list is full; whether listed.
    fn problem(&mut self, file: &str, line: u64, field: &str, message: impl Into<String>) -> bool {
        if self.problems.is_full() {
            self.problems.unlisted += 1;
            return false;
        }
        self.problems.listed.push(Problem {
            file: self.data.display_name(file),
            line,
            field: field.to_string(),
            message: message.into(),
        });
        true
    }

    /// Loads one table's file; returns how many rows went in.
    fn load_table(&mut self, conn: &Connection, table: &'static str) -> Result<u64> {
        let file = format!("{table}.csv");
        let Some(mut open) = self.open_table(conn, table, &file)? else {
            NotLoaded::whole_table(conn, table)?;
            return Ok(0);
        };
        let mut not_inserted = Vec::new();
        let mut not_loaded = NotLoaded::new(conn, table, &open.header)?;
        let mut bytes = csv::ByteRecord::new();
        let mut inserted = 0;
        let mut records = 0;
        while let Some((line, record)) =
            self.next_record(&file, &mut open, &mut bytes, &mut not_loaded)?
        {
            if is_blank(&record) {
                bytes = record.into_byte_record();
                continue;
            }
            records += 1;
            match open.insert.row(&record, &open.header)? {
                Ok(_) => inserted += 1,
                Err(mut found) => {
                    not_inserted.push(records - 1);
                    not_loaded.mark(&record)?;
                    not_loaded.keep_references(&file, line, &record, &found)?;
                    // In the order of the file's columns, as a reader mends them.
                    found.sort_by_key(|(field, _)| open.header.iter().position(|h| h == field));
                    for (field, message) in found {
                        self.problem(&file, line, &field, message);
                    }
                }
            }
            bytes = record.into_byte_record();
        }
        self.not_inserted.insert(table, not_inserted);
        Ok(inserted)
    }

    /// The file's next record and its line, or None at its end. A record
    /// that cannot be read, or is not UTF-8, is reported, its row marked not
    /// loaded where its fields are known, and skipped. `bytes` is the buffer
    /// it is read into, handed back by the caller to be read into again.
    fn next_record(
        &mut self,
        file: &str,
        open: &mut OpenTable<'a, '_>,
        bytes: &mut csv::ByteRecord,
        not_loaded: &mut NotLoaded,
    ) -> Result<Option<(u64, csv::StringRecord)>> {
        let OpenTable {
            reader,
            record_start,
            header,
            ..
        } = open;
        loop {
            let line = reader.position().line();
            record_start.set(reader.position().byte());
            let read = reader.read_byte_record(bytes);
            let line = bytes.position().map_or(line, |p| p.line());
            match read {
                Ok(false) => return Ok(None),
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map_or(line, |p| p.line());
                    self.problem(file, line, "-", csv_error_message(&e, Some(bytes)));
                    match e.kind() {
                        csv::ErrorKind::Io(_) => return Ok(None),
                        // Its fields were read: what it names is known.
                        csv::ErrorKind::UnequalLengths { .. } => not_loaded
                            .mark(&csv::StringRecord::from_byte_record_lossy(bytes.clone()))?,
                        _ => {}
                    }
                    continue;
                }
            }
            // Read as bytes, then checked as UTF-8: a row with bad bytes
            // still has its fields, so what it names is known (the csv
            // crate's own check would clear them).
            match csv::StringRecord::from_byte_record(std::mem::take(bytes)) {
                Ok(record) => return Ok(Some((line, record))),
                Err(e) => {
                    let field = header.get(e.utf8_error().field()).unwrap_or("-");
                    self.problem(file, line, field, not_utf8(e.utf8_error()));
                    *bytes = e.into_byte_record();
                    not_loaded.mark(&csv::StringRecord::from_byte_record_lossy(bytes.clone()))?;
                }
            }
        }
    }

    /// The table's file open past a header row that names its columns; or
    /// None, with the problems reported.
    fn open_table<'c>(
        &mut self,
        conn: &'c Connection,
        table: &'static str,
        file: &str,
    ) -> Result<Option<OpenTable<'a, 'c>>> {
        let data: &'a DataSource = self.data;
        let input = match data.open(file, &self.ledger) {
            Ok(Some(input)) => input,
            Ok(None) => {
                self.problem(file, 0, "-", missing(data, table, file));
                return Ok(None);
            }
            Err(why) => {
                self.problem(file, 0, "-", format!("{why:#}"));
                return Ok(None);
            }
        };
        let columns = csv_columns(conn, table)?;
        let (mut reader, record_start) = csv_reader(input);
        let header = match reader.headers() {
            Ok(header) => header.clone(),
            Err(e) => {
                let what = unreadable_header(&mut reader, &e);
                self.problem(file, 1, "-", what);
                return Ok(None);
            }
        };
        if header.is_empty() {
            self.problem(file, 1, "-", "file is empty: it needs a header row");
            return Ok(None);
        }
        let Some(positions) = self.check_header(file, &columns, &header) else {
            return Ok(None);
        };
        let insert = Insert::prepare(conn, table, columns, positions)?;
        Ok(Some(OpenTable {
            reader,
            record_start,
            header,
            insert,
        }))
    }
}

/// What a keeper is told of a table's file that is not in the folder: the
/// command that writes its header row, or, when the folder holds the
/// table in another format, that --data reads CSV only.
fn missing(data: &DataSource, table: &str, file: &str) -> String {
    match data.other_format_of(table) {
        Some(other) => format!(
            "file is missing, and the folder holds {other} instead: --data reads CSV files \
             only (`rjkb export --out DIR` writes them; JSON is for other programs)"
        ),
        None => format!(
            "file is missing: every table needs its CSV file, header row at least \
             (`rjkb export {table} --empty > {}` writes its header row)",
            crate::terminal::shell_word(&data.display_name(file))
        ),
    }
}

/// Why a header row could not be read: a spreadsheet's "Unicode text",
/// which is UTF-16 with its mark first, is named as such.
fn unreadable_header<R: std::io::Read>(reader: &mut csv::Reader<R>, error: &csv::Error) -> String {
    let utf16 = reader.byte_headers().is_ok_and(|h| {
        h.get(0)
            .is_some_and(|f| f.starts_with(b"\xff\xfe") || f.starts_with(b"\xfe\xff"))
    });
    if utf16 {
        "the file is UTF-16 (what a spreadsheet saves as Unicode text): save it as CSV UTF-8"
            .to_string()
    } else {
        format!(
            "cannot read the header row: {}",
            csv_error_message(error, None)
        )
    }
}

/// A record whose every field is empty, such as the rows of commas a
/// spreadsheet saves below its data: it holds nothing, and is passed over
/// as a blank line is (here and where a problem's line is found again).
fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(str::is_empty)
}

/// What a row that did not load leaves unfound, kept in `temp.not_loaded`
/// so that a check after loading counts it as a consequence rather than a
/// problem of its own: its id (`entity` its table), and for a citation the
/// row it would have cited (`entity` "cited events", and so on). The id ''
/// stands for every id: a file whose header was refused loads no row.
///
/// And what such a row names, when it did not load for a value of its own
/// (a bad date, a missing title): its references, kept in
/// `temp.unloaded_references` and checked with everyone else's, so that a
/// mistyped event type in the same row is told in the same pass.
struct NotLoaded<'c> {
    insert: rusqlite::Statement<'c>,
    /// (entity, index of the column in the file).
    marks: Vec<(String, usize)>,
    keep: rusqlite::Statement<'c>,
    /// (column, the table it names, index of the column in the file).
    references: Vec<(String, String, usize)>,
}

impl<'c> NotLoaded<'c> {
    fn new(conn: &'c Connection, table: &str, header: &csv::StringRecord) -> Result<Self> {
        let at = |name: &str| header.iter().position(|column| column == name);
        let mut marks: Vec<(String, usize)> = at("id")
            .map(|i| (table.to_string(), i))
            .into_iter()
            .collect();
        if table == "citations" {
            for def in model::cited() {
                if let Some(i) = at(def.singular) {
                    marks.push((format!("cited {}", def.name), i));
                }
            }
        }
        let insert = conn.prepare("INSERT OR IGNORE INTO temp.not_loaded VALUES (?1, ?2)")?;
        let mut references = Vec::new();
        let mut fks =
            conn.prepare("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?1)")?;
        for fk in fks.query_map([table], |row| Ok((row.get(0)?, row.get(1)?)))? {
            let (column, parent): (String, String) = fk?;
            if let Some(i) = at(&column) {
                references.push((column, parent, i));
            }
        }
        references.sort_by_key(|(_, _, i)| *i);
        let keep =
            conn.prepare("INSERT INTO temp.unloaded_references VALUES (?1, ?2, ?3, ?4, ?5)")?;
        Ok(NotLoaded {
            insert,
            marks,
            keep,
            references,
        })
    }

    /// Marks every id of `table` (and, for citations, every cited row) as
    /// not loaded: a file that could not be read past its header.
    fn whole_table(conn: &Connection, table: &str) -> Result<()> {
        let mut entities = vec![table.to_string()];
        if table == "citations" {
            entities.extend(model::cited().map(|def| format!("cited {}", def.name)));
        }
        let mut insert = conn.prepare("INSERT OR IGNORE INTO temp.not_loaded VALUES (?1, '')")?;
        for entity in entities {
            insert.execute([entity])?;
        }
        Ok(())
    }

    /// Keeps the references of a row that did not load for the problems
    /// `found`, but those in a field already found wrong.
    fn keep_references(
        &mut self,
        file: &str,
        line: u64,
        record: &csv::StringRecord,
        found: &insert::Found,
    ) -> Result<()> {
        for (column, parent, at) in &self.references {
            let value = record.get(*at).unwrap_or_default();
            if !value.is_empty() && !found.iter().any(|(field, _)| field == column) {
                self.keep
                    .execute((file, i64::try_from(line)?, column, parent, value))?;
            }
        }
        Ok(())
    }

    fn mark(&mut self, record: &csv::StringRecord) -> Result<()> {
        for (entity, at) in &self.marks {
            match record.get(*at) {
                Some(value) if !value.is_empty() => {
                    self.insert.execute((entity, value))?;
                    // An id refused for what cannot be seen (a space around
                    // it, a zero-width space in it) is referred to as it
                    // shows: those references follow from the refusal too.
                    let shown = crate::terminal::as_read(value.trim());
                    if shown != value && !shown.is_empty() {
                        self.insert.execute((entity, shown))?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// A reader of one table's CSV file (line ends made one `\n`, a record's
/// size capped while it is read), and where the caller marks the byte the
/// record it reads next starts at.
fn csv_reader<'a>(input: Box<dyn Read + 'a>) -> (CsvReader<'a>, Rc<std::cell::Cell<u64>>) {
    let (input, record_start) = files::CsvInput::new(input, MAX_RECORD_BYTES);
    let reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    (reader, record_start)
}
