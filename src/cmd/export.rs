//! `rjkb export`: tables in the shape of seed/, to a folder or to stdout.
//!
//! A folder written here is a valid `--data` folder: the same files, the same
//! columns, and the full texts that citations quote, so `rjkb --data DIR`
//! answers exactly as the database it came from.

use crate::cmd::Context;
use crate::files::FolderWriter;
use crate::names::nearest;
use crate::output::{write_query, Format, TABULAR};
use crate::seed::{csv_columns, TABLES};
use crate::statement::Sql;
use anyhow::{bail, Context as _, Result};
use clap::Args;
use rusqlite::Connection;
use std::path::PathBuf;

/// To stdout any of these; into a folder (`--out`) csv, json or jsonl.
pub const FORMATS: &[Format] = TABULAR;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write one file per table into this folder, replacing it whole: a new
    /// folder, an empty one, or one rjkb exported before (nothing else)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Tables to write [default: all]; without --out, exactly one, to stdout
    #[arg(value_name = "TABLE")]
    pub tables: Vec<String>,
}

pub fn run(ctx: &Context, args: ExportArgs) -> Result<()> {
    let tables = args
        .tables
        .iter()
        .map(|t| known_table(t))
        .collect::<Result<Vec<_>>>()?;
    let conn = ctx.open()?;
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
        let (sql, columns) = select_all(&conn, table)?;
        ctx.print_query(&conn, &style, &Sql::new(sql), &columns.into())?;
        return Ok(());
    };
    let extension = match style.format {
        Format::Csv => "csv",
        Format::Json => "json",
        Format::Jsonl => "jsonl",
        other => bail!("export --out writes csv, json or jsonl, not {other:?}"),
    };
    let tables = if tables.is_empty() {
        TABLES.to_vec()
    } else {
        tables
    };
    // Written beside --out and swapped in whole: an interrupted export
    // leaves the old folder as it was.
    let mut folder = FolderWriter::new(&dir, "--out")?;
    for table in &tables {
        let (sql, columns) = select_all(&conn, table)?;
        let header = columns.into();
        folder.write(&format!("{table}.{extension}"), |out| {
            write_query(&conn, &style, &Sql::new(&sql), &header, out).map(drop)
        })?;
    }
    if tables.contains(&"sources") {
        write_texts(&conn, &mut folder)?;
    }
    folder.commit("--out")?;
    crate::terminal::message(&format!(
        "wrote {} table{} to {}",
        tables.len(),
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

/// The table's CSV columns in seed order, in the order the rows were loaded.
fn select_all(conn: &rusqlite::Connection, table: &str) -> Result<(String, Vec<String>)> {
    let columns: Vec<String> = csv_columns(conn, table)?
        .into_iter()
        .map(|c| c.name)
        .collect();
    Ok((
        format!("SELECT {} FROM {table} ORDER BY rowid", columns.join(", ")),
        columns,
    ))
}
