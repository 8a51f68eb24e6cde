//! `rjkb db build` and `rjkb db check`: database files and data validation.

use crate::cmd::Context;
use crate::dbfile;
use crate::files::{self, Staged};
use crate::output::{write_rows, Format, TABULAR};
use crate::seed::{self, DataSource};
use anyhow::{bail, Context as _, Result};
use clap::{Args, Subcommand};
use rusqlite::types::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct DbArgs {
    #[command(subcommand)]
    pub action: DbAction,
}

#[derive(Debug, Subcommand)]
pub enum DbAction {
    /// Write a database file from the built-in data or --data DIR
    ///
    /// The file appears whole or not at all: it is built beside the target
    /// and renamed into place, so a failed or interrupted build leaves the
    /// old file as it was. --out names a new file or a database rjkb built;
    /// anything else, or one whose facts another program changed since,
    /// is refused unless --force is given.
    ///
    /// Example: rjkb db build --out rjkb.db
    Build {
        /// The database file to write: a new one, or one rjkb built (replaced)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Replace --out even if rjkb did not build it or another program
        /// changed it since (never a folder, a device, a FIFO, or a file
        /// inside the --data folder)
        #[arg(long)]
        force: bool,
    },
    /// Check the built-in data or --data DIR and report every problem
    ///
    /// Prints one line per problem, `file:line: field: what is wrong`, and
    /// exits 1 if there is any.
    ///
    /// Example: rjkb db check --data my-chronology/
    Check,
    /// Describe every table and column, for writing `rjkb sql`
    ///
    /// One row per table (column empty) and per column, with its type, key
    /// and description, in any output format.
    ///
    /// Example: rjkb db schema --format markdown
    Schema,
}

impl DbArgs {
    /// The action's name, and the formats it writes: `schema` writes rows,
    /// `build` and `check` no formatted output.
    pub fn formats(&self) -> (&'static str, &'static [Format]) {
        match self.action {
            DbAction::Build { .. } => ("db build", &[]),
            DbAction::Check => ("db check", &[]),
            DbAction::Schema => ("db schema", TABULAR),
        }
    }
}

pub fn run(ctx: &Context, args: DbArgs) -> Result<()> {
    match args.action {
        DbAction::Build { out, force } => build(&ctx.data_source()?, &out, force),
        DbAction::Check => check(ctx, &ctx.data_source()?),
        DbAction::Schema => schema(ctx),
    }
}

/// The schema described from the migrations' own comments, which SQLite
/// keeps in the text of each CREATE TABLE.
fn schema(ctx: &Context) -> Result<()> {
    let conn = crate::db::in_memory()?;
    let tables: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE %TABLE%' \
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index_%' ORDER BY rowid",
        )?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut rows = Vec::new();
    for (table, sql) in tables {
        rows.extend(table_rows(&conn, &table, &sql)?);
    }
    let columns: Vec<String> = ["table", "column", "type", "key", "description"]
        .map(String::from)
        .to_vec();
    let mut out = ctx.stdout();
    write_rows(&mut out, &ctx.style(), &columns.into(), rows)?;
    out.flush()?;
    Ok(())
}

/// The schema's rows for one table: the table with the comment on its
/// CREATE line, then each column with its type, key and the comment on its
/// line.
fn table_rows(conn: &rusqlite::Connection, table: &str, sql: &str) -> Result<Vec<Vec<Value>>> {
    let comment = |line: &str| line.split_once("--").map(|(_, c)| c.trim().to_string());
    let text = |s: &str| Value::Text(s.to_string());
    let described = sql.lines().next().and_then(comment).unwrap_or_default();
    let mut rows = vec![vec![
        text(table),
        Value::Null,
        Value::Null,
        Value::Null,
        text(&described),
    ]];
    let references: Vec<(String, String, String)> = conn
        .prepare(&format!("PRAGMA foreign_key_list({table})"))?
        .query_map([], |row| {
            Ok((row.get("from")?, row.get("table")?, row.get("to")?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let columns: Vec<(String, String, bool)> = conn
        .prepare(&format!("PRAGMA table_info({table})"))?
        .query_map([], |row| {
            Ok((
                row.get("name")?,
                row.get("type")?,
                row.get::<_, i64>("pk")? > 0,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (column, declared, primary) in columns {
        let line = sql.lines().skip(1).find(|l| {
            l.split_whitespace().next().map(|t| t.trim_end_matches(',')) == Some(column.as_str())
        });
        let key = match references.iter().find(|(from, _, _)| *from == column) {
            Some((_, parent, to)) => format!("references {parent}.{to}"),
            None if primary => "primary key".to_string(),
            None => String::new(),
        };
        let described = line.and_then(comment).unwrap_or_default();
        rows.push(vec![
            text(table),
            text(&column),
            text(&declared),
            text(&key),
            text(&described),
        ]);
    }
    Ok(rows)
}

fn build(data: &DataSource, out: &Path, force: bool) -> Result<()> {
    may_replace(out, data, force)?;
    let staged = Staged::file(out)?;
    let stats = seed::build_file(staged.path(), data)?;
    // Once more: what is at --out may have changed while the build ran.
    may_replace(out, data, force)?;
    staged
        .commit()
        .with_context(|| format!("moving the new database to {}", out.display()))?;
    crate::terminal::message(&format!(
        "built {}: {} rows read in {:.2} s, checked in {:.2} s, \
         search index built in {:.2} s, listings in {:.2} s",
        out.display(),
        stats.rows,
        stats.read.as_secs_f64(),
        stats.checks.as_secs_f64(),
        stats.refill.search_index.as_secs_f64(),
        stats.refill.listings.as_secs_f64()
    ));
    Ok(())
}

/// Whether `db build` may write `out`: a new file, or a database rjkb
/// built whose facts no other program changed since. With `force`, one
/// that another program changed, or any regular file or link, except one inside
/// the --data folder (it may be one the build reads). Never a folder, a
/// device, a FIFO or a socket.
fn may_replace(out: &Path, data: &DataSource, force: bool) -> Result<()> {
    let shown = out.display();
    let meta = match std::fs::symlink_metadata(out) {
        Ok(meta) => meta,
        // Nothing there (or no folder to hold it, which the build reports).
        Err(_) => return Ok(()),
    };
    let kind = meta.file_type();
    if kind.is_dir() {
        bail!("--out {shown} is a folder; name a file inside it");
    }
    if kind.is_symlink() {
        if force {
            return Ok(());
        }
        bail!(
            "--out {shown} is a symbolic link; rjkb db build does not write through links. \
             Name the file itself, or add --force to replace the link (not what it points to)"
        );
    }
    if !kind.is_file() {
        bail!(
            "--out {shown} is {}; rjkb db build writes regular files only",
            files::describe(kind)
        );
    }
    let made_by_rjkb = matches!(
        dbfile::kind(out).with_context(|| format!("reading {shown}"))?,
        dbfile::Kind::Rjkb | dbfile::Kind::OlderRjkb
    );
    if made_by_rjkb {
        if force || !dbfile::changed_elsewhere(out) {
            return Ok(());
        }
        let file = crate::terminal::shell_word(&out.to_string_lossy()).into_owned();
        bail!(
            "--out {shown} holds changes another program (sqlite3?) made to its facts since rjkb \
             built it, and a build would replace them: keep them as a folder first with `rjkb \
             --db {file} export --out DIR`, or add --force to replace them"
        );
    }
    if let DataSource::Folder { dir, .. } = data {
        let inside = |p: &Path| p.canonicalize().ok();
        if let (Some(file), Some(dir)) = (inside(out), inside(dir)) {
            if file.starts_with(dir) {
                bail!(
                    "--out {shown} is inside the --data folder and is not a database rjkb \
                     built: it may be one of the files this build reads. Name a file elsewhere"
                );
            }
        }
    }
    if force {
        return Ok(());
    }
    bail!(
        "--out {shown} is not a database rjkb built (rjkb db build replaces only its own, \
         recognised by their content). Name a new file, or add --force to replace this one"
    )
}

fn check(ctx: &Context, data: &DataSource) -> Result<()> {
    let mut conn = crate::db::in_memory()?;
    let (problems, _) = seed::load(&mut conn, data)?;
    let mut out = ctx.stdout();
    for problem in &problems.listed {
        writeln!(out, "{problem}")?;
    }
    out.flush()?;
    if let Some(note) = undated_sources(&conn)? {
        crate::terminal::message(&note);
    }
    if problems.is_empty() {
        crate::terminal::message("no problems found");
        return Ok(());
    }
    let count = problems.count();
    let mut summary = format!("{count} problem{} found", if count == 1 { "" } else { "s" });
    for line in problems.afterword() {
        summary.push_str(&format!("\n  {line}"));
    }
    bail!(summary)
}

/// A note, not a problem: sources whose `published` is text but no date,
/// which the loader keeps as written and leaves undated, so that date
/// filters pass them by. The first is named, with what it says. A folder
/// with problems commits nothing, so the note comes once it has none.
fn undated_sources(conn: &rusqlite::Connection) -> Result<Option<String>> {
    let sql = "SELECT id, published FROM sources \
               WHERE trim(coalesce(published, '')) <> '' AND date_from IS NULL ORDER BY rowid";
    let found: Vec<(String, String)> = conn
        .prepare(sql)?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let Some(((id, published), rest)) = found.split_first() else {
        return Ok(None);
    };
    let more = match rest.len() {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let published = crate::terminal::cut(published, 40);
    Ok(Some(format!(
        "note: {} source{} a `published` that is no date, so --year, --from and --to pass \
         {} by: {id} ('{published}'){more}; written as EDTF (1997-03, 1997-21 for spring) it \
         dates the source",
        found.len(),
        if found.len() == 1 { " has" } else { "s have" },
        if found.len() == 1 { "it" } else { "them" },
    )))
}
