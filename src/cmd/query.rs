//! `rjkb query <entity>` and its shorthand `rjkb <entity>`: filtered listings.

use crate::output::Format;
use crate::query::{build, Entity, Filters};
use crate::Context;
use anyhow::Result;
use clap::Args;

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// What to list
    #[arg(value_enum)]
    pub entity: Entity,
    #[command(flatten)]
    pub list: ListArgs,
}

/// Filters combine: a row is listed when it passes every one given.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Rows whose date overlaps this year
    #[arg(long, value_name = "YYYY")]
    pub year: Option<i32>,
    /// Rows ending on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Rows starting on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Rows involving this actor: name, alias or id; a state includes its people
    #[arg(long, value_name = "ACTOR")]
    pub by: Option<String>,
    /// Rows on this topic (id or name)
    #[arg(long)]
    pub topic: Option<String>,
    /// Rows whose title or summary contains every one of these words
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
}

impl From<ListArgs> for Filters {
    fn from(a: ListArgs) -> Filters {
        Filters {
            year: a.year,
            from: a.from,
            to: a.to,
            by: a.by,
            topic: a.topic,
            text: a.text,
            sort: a.sort,
            limit: a.limit,
            columns: a.columns,
        }
    }
}

pub fn run(ctx: &Context, entity: Entity, args: ListArgs) -> Result<()> {
    let conn = ctx.open()?;
    let style = ctx.style();
    let query = build(
        &conn,
        entity,
        &Filters::from(args),
        style.format == Format::Table,
    )?;
    ctx.print_query(&conn, &style, &query.sql, &query.params, &query.columns)
}
