//! `rjkb export`: tables in the shape of seed/, to a folder or to stdout.
//!
//! A folder written here is a valid `--data` folder: the same files, the same
//! columns, and the full texts that citations quote, so `rjkb --data DIR`
//! answers exactly as the database it came from.

use crate::cmd::Context;
use crate::files::FolderWriter;
use crate::names::nearest;
use crate::output::{write_checked, Format, Header, Style, TABULAR};
use crate::seed::{check_cell, csv_columns, Column, TABLES};
use crate::terminal;
use anyhow::{bail, Context as _, Result};
use clap::Args;
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use std::io::Write;
use std::path::{Path, PathBuf};

/// To stdout any of these; into a folder (`--out`) csv, json or jsonl.
pub const FORMATS: &[Format] = TABULAR;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write one file per table into this folder, replacing it whole: a new
    /// folder, an empty one, or one rjkb exported before and nobody changed since
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Tables to write [default: all]; without --out, exactly one, to stdout
    #[arg(value_name = "TABLE")]
    pub tables: Vec<String>,
    /// Write each table's header row and no rows (and no texts): the start
    /// of a chronology of your own
    #[arg(long)]
    pub empty: bool,
}

pub fn run(ctx: &Context, args: ExportArgs) -> Result<()> {
    let tables = args
        .tables
        .iter()
        .map(|t| known_table(t))
        .collect::<Result<Vec<_>>>()?;
    // An empty table needs no data: a folder that does not load yet (its
    // files missing) can be given its header rows.
    let conn = if args.empty {
        crate::builtin::open()?
    } else {
        ctx.open()?
    };
    let rows = !args.empty;
    // The columns to write are rjkb's own, never the file's: a database from
    // elsewhere could name a column anything, and the names reach the SQL
    // and the header. The built-in data has this binary's schema and opens
    // at once (an export of it: 10.8 ms; 23.9 ms with an empty database
    // migrated instead; 9.9 ms reading the file's names, `hyperfine -N`).
    let schema = crate::builtin::open()?;
    let mut style = ctx.style();
    // The seed shape is CSV unless another format is asked for explicitly.
    style.format = ctx.global.format.unwrap_or(Format::Csv);
    let Some(dir) = args.out else {
        let [table] = tables[..] else {
            bail!(
                "name one table to write to stdout (one of {}), or give --out DIR",
                TABLES.join(", ")
            );
        };
        let mut out = ctx.stdout();
        write_table(&conn, &schema, &style, table, rows, &mut out)?;
        out.flush()?;
        return Ok(());
    };
    write_folder(&conn, &schema, &style, &dir, tables, rows)
}

/// `export --out DIR`: each table a file (every table when none is
/// named), and the texts sources name, written beside `dir` and swapped
/// in whole, so that an interrupted export leaves the old folder as it was.
fn write_folder(
    conn: &Connection,
    schema: &Connection,
    style: &Style,
    dir: &Path,
    tables: Vec<&'static str>,
    rows: bool,
) -> Result<()> {
    let extension = match style.format {
        Format::Csv => "csv",
        Format::Json => "json",
        Format::Jsonl => "jsonl",
        other => bail!(
            "export --out writes csv, json or jsonl, not {}",
            other.name()
        ),
    };
    let tables = if tables.is_empty() {
        TABLES.to_vec()
    } else {
        tables
    };
    let mut folder = FolderWriter::new(dir, "--out")?;
    for table in &tables {
        folder.write(&format!("{table}.{extension}"), |out| {
            write_table(conn, schema, style, table, rows, out)
        })?;
    }
    if rows && tables.contains(&"sources") {
        write_texts(conn, &mut folder)?;
    }
    folder.commit("--out")?;
    terminal::message(&format!(
        "wrote {} {}table{} to {}",
        tables.len(),
        if rows { "" } else { "empty " },
        if tables.len() == 1 { "" } else { "s" },
        dir.display()
    ));
    Ok(())
}

/// The full texts that sources name, each in the file its source names.
fn write_texts(conn: &Connection, folder: &mut FolderWriter) -> Result<()> {
    let mut stmt = conn
        .prepare("SELECT s.file, t.body FROM source_texts t JOIN sources s ON s.id = t.source")?;
    let texts = stmt.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    for text in texts {
        let (file, body) = text?;
        // A name from the data: it stays inside --out, and it does not
        // take the place of a table's file.
        if folder.has(&file) {
            bail!(
                "sources.file '{file}' names a file the export writes; it needs a name of its own"
            );
        }
        folder
            .write(&file, |out| Ok(out.write_all(body.as_bytes())?))
            .context("sources.file names where a text goes")?;
    }
    Ok(())
}

fn known_table(name: &str) -> Result<&'static str> {
    if let Some(table) = TABLES.iter().find(|t| **t == name) {
        return Ok(table);
    }
    let close = nearest(name, TABLES.iter().copied(), 3);
    let hint = if close.is_empty() {
        TABLES.join(", ")
    } else {
        close.join(", ")
    };
    bail!("no table is called '{name}'; try {hint}")
}

/// Writes `table` whole (with `rows` false, its header alone), its CSV
/// columns in seed order and its rows in the order they were loaded, and stops at a cell the loader would refuse: a
/// database from elsewhere may hold what no data folder can — a formula a
/// spreadsheet would run, a control character — and export writes only what
/// a `--data` folder may hold. The columns are those of `schema`, rjkb's own.
fn write_table(
    conn: &Connection,
    schema: &Connection,
    style: &Style,
    table: &str,
    rows: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let columns = csv_columns(schema, table)?;
    let names: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
    let limit = if rows { "" } else { " LIMIT 0" };
    let sql = format!(
        "SELECT {} FROM {table} ORDER BY rowid{limit}",
        names.join(", ")
    );
    let header = Header::from(names);
    let mut stmt = conn
        .prepare(&sql)
        .with_context(|| format!("the database's {table} table does not have rjkb's columns"))?;
    write_checked(&mut stmt, style, &header, out, |n, cells| {
        for (column, cell) in columns.iter().zip(cells) {
            if let Err(why) = loadable(column, *cell) {
                let key = cells[0].as_bytes().map(String::from_utf8_lossy);
                bail!(
                    "the database's {table} row {n} ({}), {}: {why}; export writes only \
                     cells a --data folder may hold",
                    terminal::cut(&key.unwrap_or_default(), 60),
                    column.name
                );
            }
        }
        Ok(())
    })?;
    Ok(())
}

/// Whether a cell of the database, written as export writes it, passes the
/// loader's rules for its column.
fn loadable(column: &Column, cell: ValueRef<'_>) -> Result<(), String> {
    match cell {
        ValueRef::Null => check_cell(column, ""),
        ValueRef::Integer(i) => check_cell(column, &i.to_string()),
        ValueRef::Real(f) => check_cell(column, &f.to_string()),
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => match std::str::from_utf8(bytes) {
            Ok(raw) => check_cell(column, raw),
            Err(_) => Err("is not UTF-8 text".into()),
        },
    }
}
