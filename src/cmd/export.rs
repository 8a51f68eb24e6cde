//! `rjkb export`: tables in the shape of seed/, to a folder or to stdout.
//!
//! A folder written here is a valid `--data` folder: the same files, the same
//! columns, and the full texts that citations quote, so `rjkb --data DIR`
//! answers exactly as the database it came from.

use crate::cmd::Context;
use crate::names::nearest;
use crate::output::{write_query, Format, TABULAR};
use crate::seed::{csv_columns, TABLES};
use crate::statement::Sql;
use anyhow::{bail, Context as _, Result};
use clap::Args;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// To stdout any of these; into a folder (`--out`) csv, json or jsonl.
pub const FORMATS: &[Format] = TABULAR;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write one file per table into this folder (created if missing)
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
        return ctx.print_query(&conn, &style, &Sql::new(sql), &columns);
    };
    let extension = match style.format {
        Format::Csv => "csv",
        Format::Json => "json",
        Format::Jsonl => "jsonl",
        other => bail!("export --out writes csv, json or jsonl, not {other:?}"),
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let tables = if tables.is_empty() {
        TABLES.to_vec()
    } else {
        tables
    };
    for table in &tables {
        let (sql, columns) = select_all(&conn, table)?;
        let path = dir.join(format!("{table}.{extension}"));
        write_atomically(&path, |out| {
            write_query(&conn, &style, &Sql::new(&sql), &columns, out)
        })?;
    }
    if tables.contains(&"sources") {
        let mut stmt = conn.prepare(
            "SELECT s.file, t.body FROM source_texts t JOIN sources s ON s.id = t.source",
        )?;
        let texts = stmt.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        for text in texts {
            let (file, body) = text?;
            let path = dir.join(&file);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            write_atomically(&path, |out| Ok(out.write_all(body.as_bytes())?))?;
        }
    }
    eprintln!(
        "wrote {} table{} to {}",
        tables.len(),
        if tables.len() == 1 { "" } else { "s" },
        dir.display()
    );
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

/// Writes `path` through a temporary file in the same folder, then renames
/// it into place, so a reader never sees half a file.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    let mut out = BufWriter::new(temp);
    write(&mut out).with_context(|| format!("writing {}", path.display()))?;
    let temp = out.into_inner().map_err(|e| e.into_error())?;
    temp.as_file().sync_all()?;
    temp.persist(path)
        .with_context(|| format!("renaming into {}", path.display()))?;
    Ok(())
}
