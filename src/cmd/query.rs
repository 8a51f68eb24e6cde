//! `rjkb query <entity>` and its shorthand `rjkb <entity>`: filtered listings.

use crate::cmd::Context;
use crate::model::Entity;
use crate::output::{Format, Header, SOURCE_LISTS};
use crate::query::{Filters, Listing};
use anyhow::Result;
use clap::{Args, ValueEnum};

/// Rows, or as entries a reference manager imports: the sources listed,
/// or those the rows listed cite.
pub const FORMATS: &[Format] = SOURCE_LISTS;

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// What to list
    #[arg(value_enum)]
    pub entity: EntityArg,
    #[command(flatten)]
    pub list: ListArgs,
}

/// An entity as the command line names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EntityArg {
    Events,
    Actors,
    Proposals,
    Positions,
    Periods,
    Sources,
}

impl From<EntityArg> for Entity {
    fn from(arg: EntityArg) -> Entity {
        match arg {
            EntityArg::Events => Entity::Events,
            EntityArg::Actors => Entity::Actors,
            EntityArg::Proposals => Entity::Proposals,
            EntityArg::Positions => Entity::Positions,
            EntityArg::Periods => Entity::Periods,
            EntityArg::Sources => Entity::Sources,
        }
    }
}

/// The date filters every dated command takes: a row passes when its
/// span overlaps the asked one.
#[derive(Debug, Clone, Args)]
pub struct DateArgs {
    /// Rows whose date overlaps this year
    #[arg(long, value_name = "YYYY", value_parser = parse_year)]
    pub year: Option<i32>,
    /// Rows ending on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = filter_date)]
    pub from: Option<String>,
    /// Rows starting on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = filter_date)]
    pub to: Option<String>,
}

/// A date as `--from` and `--to` take it, checked with the rest of the
/// command line: a date that does not exist is a usage error (exit 2),
/// told before any data is read.
fn filter_date(text: &str) -> Result<String, String> {
    crate::dates::parse_filter_date(text).map(|_| text.to_string())
}

/// A year as `--year` takes it: four digits, as every date is written.
fn parse_year(text: &str) -> Result<i32, String> {
    match text.parse() {
        Ok(year) if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) => Ok(year),
        // clap quotes the value itself; the message keeps the line to 80
        // columns for a value of five characters.
        _ => Err("a year is 4 digits: 1997, 0999".into()),
    }
}

impl DateArgs {
    /// Filters with these dates and nothing else.
    pub fn filters(&self) -> Filters {
        Filters {
            year: self.year,
            from: self.from.clone(),
            to: self.to.clone(),
            ..Filters::default()
        }
    }
}

/// Which rows: dates, an actor, a topic (listings and the timeline).
#[derive(Debug, Clone, Args)]
pub struct ScopeArgs {
    #[command(flatten)]
    pub dates: DateArgs,
    /// Rows involving this actor: name, alias or id; a state includes its people (while it exists). Given again, rows involving each one
    #[arg(long, value_name = "ACTOR", alias = "actor")]
    pub by: Vec<String>,
    /// Rows on this topic (id or name)
    #[arg(long)]
    pub topic: Option<String>,
    /// Only rows a source contradicts or does not confirm (for sources: those that do)
    #[arg(long)]
    pub disputed: bool,
}

impl ScopeArgs {
    /// Filters with this scope and nothing else.
    pub fn filters(&self) -> Filters {
        Filters {
            by: self.by.clone(),
            topic: self.topic.clone(),
            disputed: self.disputed,
            ..self.dates.filters()
        }
    }
}

/// Filters combine: a row is listed when it passes every one given.
#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Events whose place contains this text (Tokyo, Kawana, Vladivostok)
    #[arg(long)]
    pub place: Option<String>,
    /// Rows whose title, summary or notes (citations' quotes and statements too; an actor's aliases) contain every one of these words
    #[arg(long, value_name = "WORDS")]
    pub text: Option<String>,
    /// Sort by this column, `:desc` for descending [default: by date]
    #[arg(long, value_name = "COLUMN[:desc]")]
    pub sort: Option<String>,
    /// At most this many rows
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// Show these columns, in this order (comma-separated)
    #[arg(long, value_name = "A,B,C", value_delimiter = ',')]
    pub columns: Option<Vec<String>>,
    /// Print the SQL this listing runs, values inlined, instead of running it
    #[arg(long)]
    pub sql: bool,
}

impl From<&ListArgs> for Filters {
    fn from(a: &ListArgs) -> Filters {
        let a = a.clone();
        Filters {
            place: a.place,
            text: a.text,
            sort: a.sort,
            limit: a.limit,
            columns: a.columns,
            ..a.scope.filters()
        }
    }
}

pub fn run(ctx: &Context, entity: Entity, args: ListArgs) -> Result<()> {
    let conn = ctx.open()?;
    let style = ctx.style();
    let table = style.format == Format::Table;
    let listing = Listing::resolve(&conn, entity, &Filters::from(&args), table)?;
    let sql = listing.sql();
    if args.sql {
        return ctx.print_sql(&conn, &sql);
    }
    if let Some(format) = crate::cmd::cite::bib(Some(style.format)) {
        let rows = crate::cmd::cite::write_sources(ctx, &conn, listing, format)?;
        return ctx.say_about_text(&conn, rows, args.text.as_deref(), &[entity]);
    }
    let rows = ctx.print_query(
        &conn,
        &style,
        &sql,
        &header(&listing, args.columns.is_some()),
    )?;
    ctx.say_about_text(&conn, rows, args.text.as_deref(), &[entity])
}

/// The listing's columns as a table shows them, dates in words. Columns
/// named with `--columns` rank in the order given; the default ones rank
/// as the model says. (Chosen columns once kept their dates as stored, so
/// following the table's own hint to choose columns changed how its dates
/// read; CSV, TSV and JSON keep the EDTF.)
pub fn header(listing: &Listing, chosen: bool) -> Header {
    let def = listing.entity.def();
    let count = listing.columns.len();
    let ranked = listing.columns.iter().enumerate().map(|(at, name)| {
        let priority = if chosen {
            u8::try_from(count - at).unwrap_or(u8::MAX)
        } else {
            def.column(name).and_then(|c| c.table).unwrap_or(0)
        };
        (*name, priority)
    });
    Header::ranked(ranked).choosable()
}
