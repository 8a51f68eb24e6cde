//! The command-line interface: the clap derive tree.
//!
//! Doc comments here are the `--help` text. Each subcommand's own arguments
//! live beside its code in `src/cmd/<name>.rs`.

use crate::cmd::{
    completions::CompletionsArgs, count::CountArgs, db::DbArgs, export::ExportArgs,
    query::ListArgs, query::QueryArgs, search::SearchArgs, show::ShowArgs, sql::SqlArgs,
    timeline::TimelineArgs,
};
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
    /// Output format [default: table on a terminal, tsv otherwise; dot for graph]
    #[arg(short = 'f', long, global = true, value_enum)]
    pub format: Option<Format>,
    /// Read this database file (made by `rjkb db build`) instead of the built-in data
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "data")]
    pub db: Option<PathBuf>,
    /// Read this folder of CSV files (the shape of seed/) instead of the built-in data
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// The largest text file a --data folder may name (a source's full text)
    #[arg(long, global = true, value_name = "SIZE", default_value = "16M", value_parser = crate::files::read::parse_size)]
    pub max_text_size: u64,
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
    /// Show one record with everything linked to it and its citations
    ///
    /// Finds the record by id, by an actor's name or alias, or by words of
    /// its title; lists the candidates when several match.
    ///
    /// Example: rjkb show kawana-proposal
    Show(ShowArgs),
    /// Find words anywhere: titles, summaries, quotes, names and aliases
    ///
    /// Example: rjkb search demilitar
    Search(SearchArgs),
    /// Events and proposals in date order, with a chart of activity per year
    ///
    /// Example: rjkb timeline --per half --chart
    Timeline(TimelineArgs),
    /// Count rows per year, actor, type, topic, stance... (value, count, share)
    ///
    /// Example: rjkb count events --by year
    Count(CountArgs),
    /// Run one read-only SELECT over the database, in any output format
    ///
    /// `rjkb db schema` describes every table and column.
    ///
    /// Example: rjkb sql "SELECT id, title FROM events WHERE date_from >= :from" -p from 1998
    Sql(SqlArgs),
    /// Proposals, their actors and the links between them, as Graphviz DOT or JSON
    ///
    /// Example: rjkb graph | dot -Tsvg > graph.svg
    Graph,
    /// Print shell completions
    ///
    /// Example: rjkb completions bash > ~/.local/share/bash-completion/completions/rjkb
    Completions(CompletionsArgs),
    /// Print the man page
    ///
    /// Example: rjkb man > rjkb.1 && man ./rjkb.1
    Man,
    /// Write tables in the shape of seed/, to a folder or to stdout
    ///
    /// Example: rjkb export --out chronology/
    Export(ExportArgs),
    /// Build a database file, or check a folder of CSV files
    ///
    /// Example: rjkb db check --data my-chronology/
    Db(DbArgs),
}
