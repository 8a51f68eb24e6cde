//! The command-line interface: the clap derive tree, and the dispatch to
//! `src/cmd/<name>.rs`.
//!
//! Doc comments here are the `--help` text. Each subcommand's own arguments
//! live beside its code in `src/cmd/<name>.rs`, with the formats it writes.

use crate::cmd::{
    self, cite::CiteArgs, completions::CompletionsArgs, count::CountArgs, db::DbArgs,
    export::ExportArgs, html::HtmlArgs, query::ListArgs, query::QueryArgs, search::SearchArgs,
    show::ShowArgs, sql::SqlArgs, timeline::TimelineArgs, Context, GlobalArgs,
};
use crate::model::Entity;
use crate::output::Format;
use crate::query::Filters;
use anyhow::Result;
use clap::{CommandFactory, Parser, Subcommand};

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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List events, actors, proposals, positions, periods or sources
    ///
    /// Example: rjkb query events --year 1997 --by japan
    Query(QueryArgs),
    /// List events (same as `rjkb query events`)
    ///
    /// Example: rjkb events --from 1996-11 --to 1998-04
    #[command(after_help = columns_help(Entity::Events))]
    Events(ListArgs),
    /// List actors: people, states, bodies and places (same as `rjkb query actors`)
    ///
    /// Example: rjkb actors --by russia
    #[command(after_help = columns_help(Entity::Actors))]
    Actors(ListArgs),
    /// List proposals (same as `rjkb query proposals`)
    ///
    /// Example: rjkb proposals --by primakov
    #[command(after_help = columns_help(Entity::Proposals))]
    Proposals(ListArgs),
    /// List positions (same as `rjkb query positions`)
    ///
    /// Example: rjkb positions --by japan --topic economic-cooperation
    #[command(after_help = columns_help(Entity::Positions))]
    Positions(ListArgs),
    /// List named periods (same as `rjkb query periods`)
    ///
    /// Example: rjkb periods --year 1997
    #[command(after_help = columns_help(Entity::Periods))]
    Periods(ListArgs),
    /// List sources (same as `rjkb query sources`), or write them as a bibliography
    ///
    /// --format bibtex, ris or csl-json writes each source as an entry a
    /// reference manager imports. A source is dated by when it appeared
    /// (`published`): --year, --from and --to pick the pages of a time.
    ///
    /// Example: rjkb sources --format bibtex > rjkb.bib
    ///
    /// Example: rjkb sources --year 1991 --sort published
    #[command(after_help = columns_help(Entity::Sources))]
    Sources(ListArgs),
    /// Show one record with everything linked to it and its citations
    ///
    /// Finds the record by id, by an actor's name or alias, or by words of
    /// its title; lists the candidates when several match.
    ///
    /// Example: rjkb show kawana-proposal
    Show(ShowArgs),
    /// Cite a record: its claim with its sources, to paste into a paper
    ///
    /// Chicago author-date by default (--style apa, mla); --format bibtex,
    /// ris or csl-json gives just the entries it cites. Several ids give
    /// each claim and one list of references.
    ///
    /// Example: rjkb cite kawana-summit --style apa
    Cite(CiteArgs),
    /// Find words anywhere: titles, summaries, quotes, names and aliases
    ///
    /// Example: rjkb search demilitar
    Search(SearchArgs),
    /// Events and proposals in date order, with a chart of activity
    ///
    /// The chart has a bar per decade, year, half-year or month (--per); a
    /// range of two years or less is drawn a bar a month.
    ///
    /// Example: rjkb timeline --year 1998 --chart
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
    /// A name, or the listings' filters (--year, --by, --topic...), choose the proposals drawn,
    /// each with its lineage.
    ///
    /// Example: rjkb graph kawana-proposal | dot -Tsvg > kawana.svg
    Graph(cmd::graph::GraphArgs),
    /// Print shell completions
    ///
    /// Example: rjkb completions bash > ~/.local/share/bash-completion/completions/rjkb
    Completions(CompletionsArgs),
    /// Print the man page, or write every command's page to a folder
    ///
    /// Example: rjkb man --out man1 && man -M . rjkb-events
    Man(cmd::completions::ManArgs),
    /// Write tables in the shape of seed/, to a folder or to stdout
    ///
    /// Example: rjkb export --out chronology/
    Export(ExportArgs),
    /// Write the knowledge base as a static web site: timeline, a page per record
    ///
    /// Readable from the file system with no network: open DIR/index.html.
    ///
    /// Example: rjkb html --out site/
    Html(HtmlArgs),
    /// Build a database file, or check a folder of CSV files
    ///
    /// Example: rjkb db check --data my-chronology/
    Db(DbArgs),
}

/// Parses the command line; a usage error, an unsupported `--format`
/// included, ends the process with clap's message and exit code 2.
pub fn parse() -> Cli {
    let cli = Cli::parse();
    if let Some(format) = cli.global.format {
        let (name, formats) = cli.command.formats();
        if !formats.contains(&format) {
            let known: Vec<&str> = formats.iter().map(|f| f.name()).collect();
            let writes = match known.split_last() {
                None => "no formatted output".to_string(),
                Some((last, [])) => last.to_string(),
                Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            };
            Cli::command()
                .error(
                    clap::error::ErrorKind::InvalidValue,
                    format!(
                        "--format {} does not apply to rjkb {name}: it writes {writes}",
                        format.name()
                    ),
                )
                .exit();
        }
    }
    if let Some((entities, filters)) = cli.command.scope() {
        for entity in entities {
            if let Err(why) = crate::query::check_applies(entity.def(), &filters) {
                Cli::command()
                    .error(clap::error::ErrorKind::ArgumentConflict, why)
                    .exit();
            }
        }
    }
    cli
}

/// A listing's help ends with its columns, the names `--columns` and
/// `--sort` take, from the one list of them in the model.
fn columns_help(entity: Entity) -> String {
    let def = entity.def();
    let names: Vec<&str> = def.columns.iter().map(|c| c.name).collect();
    let shown: Vec<&str> = (def.columns.iter())
        .filter(|c| c.table.is_some())
        .map(|c| c.name)
        .collect();
    format!(
        "Columns (for --columns and --sort): {}. A terminal table shows {}, as many as \
         fit, unless --columns names others; the README's column contract says what each holds.",
        names.join(", "),
        shown.join(", ")
    )
}

impl Command {
    /// The records a command lists and the filters it was given, so that
    /// a filter that does not apply to them (`actors --year 1997`) is a
    /// usage error, told before any data is read.
    fn scope(&self) -> Option<(Vec<Entity>, Filters)> {
        let (entity, filters) = match self {
            Command::Query(args) => (args.entity.into(), Filters::from(&args.list)),
            Command::Events(args) => (Entity::Events, Filters::from(args)),
            Command::Actors(args) => (Entity::Actors, Filters::from(args)),
            Command::Proposals(args) => (Entity::Proposals, Filters::from(args)),
            Command::Positions(args) => (Entity::Positions, Filters::from(args)),
            Command::Periods(args) => (Entity::Periods, Filters::from(args)),
            Command::Sources(args) => (Entity::Sources, Filters::from(args)),
            Command::Count(args) => (Entity::from(args.entity), args.filters()),
            Command::Timeline(args) => {
                let both = cmd::timeline::ENTITIES.to_vec();
                return Some((both, args.scope.filters()));
            }
            _ => return None,
        };
        Some((vec![entity], filters))
    }

    /// The command's name, and the formats it writes.
    fn formats(&self) -> (&'static str, &'static [Format]) {
        match self {
            Command::Query(_) => ("query", cmd::query::FORMATS),
            Command::Events(_) => ("events", cmd::query::FORMATS),
            Command::Actors(_) => ("actors", cmd::query::FORMATS),
            Command::Proposals(_) => ("proposals", cmd::query::FORMATS),
            Command::Positions(_) => ("positions", cmd::query::FORMATS),
            Command::Periods(_) => ("periods", cmd::query::FORMATS),
            Command::Sources(_) => ("sources", cmd::query::FORMATS),
            Command::Show(_) => ("show", cmd::show::FORMATS),
            Command::Cite(_) => ("cite", cmd::cite::FORMATS),
            Command::Search(_) => ("search", cmd::search::FORMATS),
            // The chart is drawn, never written as entries.
            Command::Timeline(args) if args.chart => ("timeline --chart", crate::output::TABULAR),
            Command::Timeline(_) => ("timeline", cmd::timeline::FORMATS),
            Command::Count(_) => ("count", cmd::count::FORMATS),
            Command::Sql(_) => ("sql", cmd::sql::FORMATS),
            Command::Graph(_) => ("graph", cmd::graph::FORMATS),
            Command::Completions(_) => ("completions", &[]),
            Command::Man(_) => ("man", &[]),
            Command::Export(_) => ("export", cmd::export::FORMATS),
            Command::Html(_) => ("html", cmd::html::FORMATS),
            Command::Db(args) => args.formats(),
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let ctx = Context { global: cli.global };
    dispatch(&ctx, cli.command).map_err(|error| ctx.name_damaged_file(error))
}

fn dispatch(ctx: &Context, command: Command) -> Result<()> {
    match command {
        Command::Query(args) => cmd::query::run(ctx, args.entity.into(), args.list),
        Command::Events(args) => cmd::query::run(ctx, Entity::Events, args),
        Command::Actors(args) => cmd::query::run(ctx, Entity::Actors, args),
        Command::Proposals(args) => cmd::query::run(ctx, Entity::Proposals, args),
        Command::Positions(args) => cmd::query::run(ctx, Entity::Positions, args),
        Command::Periods(args) => cmd::query::run(ctx, Entity::Periods, args),
        Command::Sources(args) => cmd::query::run(ctx, Entity::Sources, args),
        Command::Export(args) => cmd::export::run(ctx, args),
        Command::Show(args) => cmd::show::run(ctx, args),
        Command::Cite(args) => cmd::cite::run(ctx, args),
        Command::Search(args) => cmd::search::run(ctx, args),
        Command::Count(args) => cmd::count::run(ctx, args),
        Command::Sql(args) => cmd::sql::run(ctx, args),
        Command::Graph(args) => cmd::graph::run(ctx, args),
        Command::Completions(args) => cmd::completions::completions(ctx, args),
        Command::Man(args) => cmd::completions::man(ctx, args),
        Command::Timeline(args) => cmd::timeline::run(ctx, args),
        Command::Html(args) => cmd::html::run(ctx, args),
        Command::Db(args) => cmd::db::run(ctx, args),
    }
}
