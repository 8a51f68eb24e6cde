//! rjkb: a Russia–Japan knowledge base on the command line.
//!
//! `main.rs` parses the command line and calls [`run`]; each subcommand
//! lives in `cmd/`. Shared pieces: [`db`] opens and migrates databases,
//! [`seed`] loads CSV folders, [`query`] builds every listing, [`output`]
//! writes the formats, [`dates`] parses partial dates, [`names`] matches what
//! a reader types. What comes from outside is never trusted: [`files`] reads
//! and writes the file system safely, [`terminal`] escapes text for a
//! terminal at the output sink, [`store`] keeps databases rjkb built for
//! itself (the [`cache`] of the built-in data), and [`limits`] bounds
//! statements and searches.

pub mod cache;
pub mod cli;
pub mod cmd;
pub mod dates;
pub mod db;
pub mod dbfile;
pub mod files;
pub mod halves;
pub mod limits;
pub mod names;
pub mod output;
pub mod query;
pub mod seed;
pub mod store;
pub mod terminal;

use anyhow::{Context as _, Result};
use cli::{Cli, Command, GlobalArgs};
use output::Style;
use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OpenFlags};
use seed::DataSource;
use std::cell::Cell;
use std::io::{BufWriter, Write};

/// What every command gets: the global options, and ways to use them.
pub struct Context {
    pub global: GlobalArgs,
    /// The `--db` file `open` opened, if it stood still while it did.
    opened: Cell<Option<db::FileId>>,
}

impl Context {
    /// Where the CSV data comes from: `--data DIR` or the built-in seed.
    pub fn data_source(&self) -> Result<DataSource> {
        if self.global.db.is_some() {
            anyhow::bail!(
                "--db reads a built database; this command reads CSV files (use --data DIR)"
            );
        }
        Ok(match &self.global.data {
            Some(dir) => {
                files::check_folder(dir)?;
                DataSource::Folder {
                    dir: dir.clone(),
                    max_text: self.global.max_text_size,
                }
            }
            None => DataSource::BuiltIn,
        })
    }

    /// The database to answer from: `--db FILE`, `--data DIR`, or the built-in data.
    pub fn open(&self) -> Result<Connection> {
        if let Some(path) = &self.global.db {
            let before = db::file_id(path);
            let conn = db::open_existing(path)?;
            self.opened
                .set(before.filter(|id| db::file_id(path) == Some(*id)));
            return Ok(conn);
        }
        match self.data_source()? {
            DataSource::BuiltIn => cache::builtin(),
            data => {
                let name = match &data {
                    DataSource::Folder { dir, .. } => dir.display().to_string(),
                    _ => "the data".to_string(),
                };
                let mut conn = db::in_memory()?;
                seed::load_or_fail(&mut conn, &data).with_context(|| format!("loading {name}"))?;
                Ok(conn)
            }
        }
    }

    /// A second, read-only connection to the `--db` file that `conn` (from
    /// `open`) reads, to split a large read across two cores. None with one
    /// core, for other databases, in WAL mode, or when the file at the path
    /// is no longer the one opened (a new build replaced it). Starts a read
    /// transaction on `conn` first: while it lasts no write can land, so
    /// both connections see the same data.
    pub fn second_reader(&self, conn: &Connection) -> Result<Option<Connection>> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let (Some(path), Some(opened)) = (&self.global.db, self.opened.get()) else {
            return Ok(None);
        };
        let journal: String = conn.query_row("PRAGMA journal_mode", [], |row| row.get(0))?;
        if cores < 2 || journal.eq_ignore_ascii_case("wal") {
            return Ok(None);
        }
        if conn.is_autocommit() {
            conn.execute_batch("BEGIN")?;
        }
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
        let reader = Connection::open_with_flags(
            db::literal(path),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Ok((db::file_id(path) == Some(opened)).then_some(reader))
    }

    pub fn style(&self) -> Style {
        Style::resolve(
            self.global.format,
            self.global.no_headers,
            self.global.color,
        )
    }

    /// Locked, buffered stdout: one lock for the whole output; on a
    /// terminal, every control character from data shows escaped.
    pub fn stdout(&self) -> terminal::Sink<BufWriter<std::io::StdoutLock<'static>>> {
        terminal::stdout()
    }

    /// Runs `sql` and writes its rows to stdout.
    pub fn print_query(
        &self,
        conn: &Connection,
        style: &Style,
        sql: &str,
        params: &[Value],
        columns: &[String],
    ) -> Result<()> {
        let mut out = self.stdout();
        write_query(conn, style, sql, params, columns, &mut out)?;
        out.flush()?;
        Ok(())
    }
}

/// Runs `sql` with `params` and writes its rows, streaming where the format allows.
pub fn write_query(
    conn: &Connection,
    style: &Style,
    sql: &str,
    params: &[Value],
    columns: &[String],
    out: &mut dyn Write,
) -> Result<()> {
    let mut stmt = prepare_bound(conn, sql, params)?;
    write_statement(&mut stmt, style, columns, out)
}

/// `sql` prepared, with `params` bound in order.
pub fn prepare_bound<'c>(
    conn: &'c Connection,
    sql: &str,
    params: &[Value],
) -> Result<rusqlite::Statement<'c>> {
    let mut stmt = conn
        .prepare(sql)
        .with_context(|| format!("preparing {sql}"))?;
    for (index, value) in params.iter().enumerate() {
        stmt.raw_bind_parameter(index + 1, value)?;
    }
    Ok(stmt)
}

/// Runs a prepared statement whose parameters are bound, and writes its rows.
pub fn write_statement(
    stmt: &mut rusqlite::Statement,
    style: &Style,
    columns: &[String],
    out: &mut dyn Write,
) -> Result<()> {
    let mut writer = output::RowWriter::new(out, style, columns)?;
    stream_rows(stmt, &mut writer)?;
    writer.finish()
}

/// Writes each row of a prepared, bound statement as SQLite yields it.
pub fn stream_rows(stmt: &mut rusqlite::Statement, writer: &mut output::RowWriter) -> Result<()> {
    let width = stmt.column_count();
    let mut rows = stmt.raw_query();
    while let Some(row) = rows.next()? {
        // Sized up front: collecting through `?` would grow it cell by cell.
        let mut cells = Vec::with_capacity(width);
        for i in 0..width {
            cells.push(row.get_ref(i)?);
        }
        writer.row(&cells)?;
    }
    Ok(())
}

/// Runs `sql` and returns its rows as JSON objects keyed by column name.
pub fn json_rows(
    conn: &Connection,
    sql: &str,
    params: &[&str],
) -> Result<Vec<serde_json::Map<String, serde_json::Value>>> {
    let mut stmt = conn
        .prepare(sql)
        .with_context(|| format!("preparing {sql}"))?;
    let names: Vec<String> = stmt.column_names().map(|n| n.to_string()).collect();
    let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut object = serde_json::Map::new();
        for (i, name) in names.iter().enumerate() {
            let value = match row.get_ref(i)? {
                ValueRef::Null => serde_json::Value::Null,
                ValueRef::Integer(n) => n.into(),
                ValueRef::Real(f) => f.into(),
                ValueRef::Text(t) => String::from_utf8_lossy(t).into(),
                ValueRef::Blob(b) => b.into(),
            };
            object.insert(name.clone(), value);
        }
        out.push(object);
    }
    Ok(out)
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let ctx = Context {
        global: cli.global,
        opened: Cell::new(None),
    };
    match cli.command {
        Command::Query(args) => cmd::query::run(&ctx, args.entity, args.list),
        Command::Events(args) => cmd::query::run(&ctx, query::Entity::Events, args),
        Command::Actors(args) => cmd::query::run(&ctx, query::Entity::Actors, args),
        Command::Proposals(args) => cmd::query::run(&ctx, query::Entity::Proposals, args),
        Command::Positions(args) => cmd::query::run(&ctx, query::Entity::Positions, args),
        Command::Periods(args) => cmd::query::run(&ctx, query::Entity::Periods, args),
        Command::Sources(args) => cmd::query::run(&ctx, query::Entity::Sources, args),
        Command::Export(args) => cmd::export::run(&ctx, args),
        Command::Show(args) => cmd::show::run(&ctx, args),
        Command::Search(args) => cmd::search::run(&ctx, args),
        Command::Count(args) => cmd::count::run(&ctx, args),
        Command::Sql(args) => cmd::sql::run(&ctx, args),
        Command::Graph => cmd::graph::run(&ctx),
        Command::Completions(args) => cmd::completions::completions(&ctx, args),
        Command::Man => cmd::completions::man(&ctx),
        Command::Timeline(args) => cmd::timeline::run(&ctx, args),
        Command::Db(args) => cmd::db::run(&ctx, args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn context(args: &[&str]) -> Context {
        let cli = Cli::try_parse_from(["rjkb"].iter().chain(args).chain(&["events"])).unwrap();
        Context {
            global: cli.global,
            opened: Cell::new(None),
        }
    }

    #[test]
    fn a_second_reader_reads_the_file_opened_or_none() {
        if std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
            return;
        }
        let (folder, built) = db::built_in_file();
        let path = built.path().unwrap().to_string();
        drop(built);
        let ctx = context(&["--db", &path]);
        let conn = ctx.open().unwrap();
        assert!(ctx.second_reader(&conn).unwrap().is_some());

        // A new build moved over the path: the first connection still reads
        // the old file, a second would read the new one.
        let replaced = context(&["--db", &path]);
        let old = replaced.open().unwrap();
        let newer = folder.path().join("newer.db");
        std::fs::copy(&path, &newer).unwrap();
        std::fs::rename(&newer, &path).unwrap();
        assert!(replaced.second_reader(&old).unwrap().is_none());

        // In WAL mode a write could land between the two connections' reads.
        drop((conn, old));
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "journal_mode", "WAL")
            .unwrap();
        let wal = context(&["--db", &path]);
        let conn = wal.open().unwrap();
        assert!(wal.second_reader(&conn).unwrap().is_none());

        // Data loaded from CSV files lives in memory: nothing to reopen.
        let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/seed");
        let loaded = context(&["--data", seed]);
        let conn = loaded.open().unwrap();
        assert!(loaded.second_reader(&conn).unwrap().is_none());
    }
}
