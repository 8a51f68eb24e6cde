//! The command-line interface: the clap derive tree.
//!
//! Doc comments here are the `--help` text. Each subcommand's own arguments
//! live beside its code in `src/cmd/<name>.rs`.

use crate::cmd::{db::DbArgs, export::ExportArgs, query::ListArgs, query::QueryArgs};
use crate::output::{ColorChoice, Format};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Russia–Japan relations in the Yeltsin era (1992–1999): events, actors,
/// proposals and positions, every fact with its source.
#[derive(Debug, Parser)]
#[command(name = "rjkb", version, propagate_version = true)]
#[command(after_help = "Examples:
  rjkb events --year 1997
  rjkb proposals --by primakov
  rjkb events --from 1996-11 --to 1998-04 --format csv
  rjkb export --out chronology/")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes, before or after its name.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Output format [default: table on a terminal, tsv otherwise]
    #[arg(short = 'f', long, global = true, value_enum)]
    pub format: Option<Format>,
    /// Read this database file (made by `rjkb db build`) instead of the built-in data
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "data")]
    pub db: Option<PathBuf>,
    /// Read this folder of CSV files (the shape of seed/) instead of the built-in data
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Leave out the header row
    #[arg(long, global = true)]
    pub no_headers: bool,
    /// Colour in tables; `auto` honours NO_COLOR and colours only a terminal
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List events, actors, proposals, positions, periods or sources
    ///
    /// Example: rjkb query events --year 1997 --by japan
    Query(QueryArgs),
    /// List events (same as `rjkb query events`)
    ///
    /// Example: rjkb events --from 1996-11 --to 1998-04
    Events(ListArgs),
    /// List actors: people, states, bodies and places (same as `rjkb query actors`)
    ///
    /// Example: rjkb actors --by russia
    Actors(ListArgs),
    /// List proposals (same as `rjkb query proposals`)
    ///
    /// Example: rjkb proposals --by primakov
    Proposals(ListArgs),
    /// List positions (same as `rjkb query positions`)
    ///
    /// Example: rjkb positions --by japan --topic economic-cooperation
    Positions(ListArgs),
    /// List named periods (same as `rjkb query periods`)
    ///
    /// Example: rjkb periods --year 1997
    Periods(ListArgs),
    /// List sources (same as `rjkb query sources`)
    ///
    /// Example: rjkb sources
    Sources(ListArgs),
    /// Write tables in the shape of seed/, to a folder or to stdout
    ///
    /// Example: rjkb export --out chronology/
    Export(ExportArgs),
    /// Build a database file, or check a folder of CSV files
    ///
    /// Example: rjkb db check --data my-chronology/
    Db(DbArgs),
}
