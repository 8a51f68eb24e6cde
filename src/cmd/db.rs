//! `rjkb db build` and `rjkb db check`: database files and data validation.

use crate::seed::{self, DataSource};
use crate::Context;
use anyhow::{bail, Context as _, Result};
use clap::{Args, Subcommand};
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
    /// and renamed into place, so a failed build leaves the old file as it was.
    ///
    /// Example: rjkb db build --out rjkb.db
    Build {
        /// The database file to write (replaced if it exists)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Check the built-in data or --data DIR and report every problem
    ///
    /// Prints one line per problem, `file:line: field: what is wrong`, and
    /// exits 1 if there is any.
    ///
    /// Example: rjkb db check --data my-chronology/
    Check,
}

pub fn run(ctx: &Context, args: DbArgs) -> Result<()> {
    let data = ctx.data_source()?;
    match args.action {
        DbAction::Build { out } => build(&data, &out),
        DbAction::Check => check(ctx, &data),
    }
}

fn build(data: &DataSource, out: &Path) -> Result<()> {
    if out.is_dir() {
        bail!("--out {} is a folder; name a file inside it", out.display());
    }
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = tempfile::Builder::new()
        .prefix(".rjkb-build-")
        .suffix(".db")
        .tempfile_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    {
        let mut conn = crate::db::create(temp.path())?;
        seed::load_or_fail(&mut conn, data)?;
        conn.execute_batch("PRAGMA optimize; VACUUM")?;
        conn.close()
            .map_err(|(_, e)| e)
            .context("closing the new database")?;
    }
    temp.as_file().sync_all()?;
    temp.persist(out)
        .with_context(|| format!("moving the new database to {}", out.display()))?;
    eprintln!("built {}", out.display());
    Ok(())
}

fn check(ctx: &Context, data: &DataSource) -> Result<()> {
    let mut conn = crate::db::in_memory()?;
    let problems = seed::load(&mut conn, data)?;
    let mut out = ctx.stdout();
    for problem in &problems {
        writeln!(out, "{problem}")?;
    }
    out.flush()?;
    if problems.is_empty() {
        eprintln!("no problems found");
        Ok(())
    } else {
        let count = problems.len();
        bail!("{count} problem{} found", if count == 1 { "" } else { "s" })
    }
}
