//! rjkb: a Russia–Japan knowledge base on the command line.
//!
//! `main.rs` parses the command line and calls [`run`]; each subcommand
//! lives in `cmd/`. Shared pieces: [`db`] opens and migrates databases,
//! [`seed`] loads CSV folders, [`query`] builds every listing, [`output`]
//! writes the formats, [`dates`] parses partial dates, [`names`] matches what
//! a reader types.

pub mod cache;
pub mod cli;
pub mod cmd;
pub mod dates;
pub mod db;
pub mod names;
pub mod output;
pub mod query;
pub mod seed;

use anyhow::{Context as _, Result};
use cli::{Cli, Command, GlobalArgs};
use output::Style;
use rusqlite::types::{Value, ValueRef};
use rusqlite::Connection;
use seed::DataSource;
use std::io::{BufWriter, Write};

/// What every command gets: the global options, and ways to use them.
pub struct Context {
    pub global: GlobalArgs,
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
            Some(dir) if !dir.is_dir() => anyhow::bail!("--data {}: no such folder", dir.display()),
            Some(dir) => DataSource::Folder(dir.clone()),
            None => DataSource::BuiltIn,
        })
    }

    /// The database to answer from: `--db FILE`, `--data DIR`, or the built-in data.
    pub fn open(&self) -> Result<Connection> {
        if let Some(path) = &self.global.db {
            return db::open_existing(path);
        }
        match self.data_source()? {
            DataSource::BuiltIn => cache::builtin(),
            data => {
                let name = match &data {
                    DataSource::Folder(dir) => dir.display().to_string(),
                    _ => "the data".to_string(),
                };
                let mut conn = db::in_memory()?;
                seed::load_or_fail(&mut conn, &data).with_context(|| format!("loading {name}"))?;
                Ok(conn)
            }
        }
    }

    pub fn style(&self) -> Style {
        Style::resolve(
            self.global.format,
            self.global.no_headers,
            self.global.color,
        )
    }

    /// Locked, buffered stdout: one lock for the whole output.
    pub fn stdout(&self) -> BufWriter<std::io::StdoutLock<'static>> {
        BufWriter::new(std::io::stdout().lock())
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
    let mut stmt = conn
        .prepare(sql)
        .with_context(|| format!("preparing {sql}"))?;
    for (index, value) in params.iter().enumerate() {
        stmt.raw_bind_parameter(index + 1, value)?;
    }
    write_statement(&mut stmt, style, columns, out)
}

/// Runs a prepared statement whose parameters are bound, and writes its rows.
pub fn write_statement(
    stmt: &mut rusqlite::Statement,
    style: &Style,
    columns: &[String],
    out: &mut dyn Write,
) -> Result<()> {
    let width = stmt.column_count();
    let mut writer = output::RowWriter::new(out, style, columns)?;
    let mut rows = stmt.raw_query();
    while let Some(row) = rows.next()? {
        // Sized up front: collecting through `?` would grow it cell by cell.
        let mut cells = Vec::with_capacity(width);
        for i in 0..width {
            cells.push(row.get_ref(i)?);
        }
        writer.row(&cells)?;
    }
    writer.finish()
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
    let names: Vec<String> = stmt.column_names().iter().map(|n| n.to_string()).collect();
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
    let ctx = Context { global: cli.global };
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
