//! `rjkb count <entity> --by <facet>`: how many rows per value — value,
//! count, share — sorted by value for dates and by count otherwise; with
//! `--chart`, the same as bars.

use crate::cmd::query::{DateArgs, EntityArg};
use crate::cmd::timeline::{decades_hint, Per, Tally};
use crate::cmd::Context;
use crate::model::{By, Entity};
use crate::output::{bars, text, Format, Header, NO_ROWS, TABULAR};
use crate::query::{Filters, Listing};
use crate::statement::Sql;
use anyhow::{bail, Result};
use clap::{Args, ValueEnum};
use std::io::Write;

pub const FORMATS: &[Format] = TABULAR;

#[derive(Debug, Args)]
pub struct CountArgs {
    /// What to count
    #[arg(value_enum)]
    pub entity: EntityArg,
    /// The facet to count by
    #[arg(long, value_enum)]
    pub by: Facet,
    #[command(flatten)]
    pub dates: DateArgs,
    /// Only rows involving this actor (a listing's --by, which here names
    /// the facet); given again, rows involving each one
    #[arg(long, value_name = "ACTOR")]
    pub actor: Vec<String>,
    /// Only rows on this topic
    #[arg(long)]
    pub topic: Option<String>,
    /// Only rows a source contradicts or does not confirm
    #[arg(long)]
    pub disputed: bool,
    /// Only events whose place contains this text
    #[arg(long)]
    pub place: Option<String>,
    /// Only rows that contain every one of these words (as a listing's --text)
    #[arg(long, value_name = "WORDS")]
    pub text: Option<String>,
    /// Only the N values with the most rows (for decade, year and month, the
    /// first N)
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// Draw the counts as bars, one line per value (for reading: the rows
    /// are the data)
    #[arg(long)]
    pub chart: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Facet {
    Decade,
    Year,
    Month,
    Precision,
    Actor,
    Role,
    Type,
    Topic,
    Stance,
    Outcome,
    Proposer,
    Addressee,
    Kind,
    Country,
    Place,
    Source,
    /// Whether a source contradicts the row or does not confirm it
    Disputed,
}

impl Facet {
    fn name(self) -> String {
        self.to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    }
}

/// The grouped query for one facet over `base` (the filtered listing), or
/// None where the facet means nothing for the entity.
fn grouped(entity: Entity, facet: Facet, base: &str) -> Option<String> {
    let def = entity.def();
    let column = |expr: &str| {
        Some(format!(
            "SELECT {expr} AS value, count(*) AS n FROM ({base}) GROUP BY 1"
        ))
    };
    // Who takes part in an event, and how, is in event_actors.
    let participants = |what: &str| {
        Some(format!(
            "SELECT ea.{what} AS value, count(DISTINCT ea.event) AS n FROM event_actors ea \
             WHERE ea.event IN (SELECT id FROM ({base})) GROUP BY 1"
        ))
    };
    match facet {
        Facet::Decade if def.dated() => column("substr(date_from, 1, 3) || '0s'"),
        Facet::Year if def.dated() => column("substr(date_from, 1, 4)"),
        Facet::Month if def.dated() => column("substr(date_from, 1, 7)"),
        Facet::Precision if def.dated() => column("date_precision"),
        Facet::Actor | Facet::Role if entity == Entity::Events => {
            participants(if facet == Facet::Actor {
                "actor"
            } else {
                "role"
            })
        }
        // The actor of a row is the one `--by` selects it by.
        Facet::Actor => match def.by {
            Some(By::Column(by)) if by != "id" => column(by),
            _ => None,
        },
        Facet::Source if def.cited() => Some(format!(
            "SELECT c.source AS value, count(DISTINCT c.{target}) AS n FROM citations c \
             WHERE c.{target} IN (SELECT id FROM ({base})) GROUP BY 1",
            target = def.singular
        )),
        Facet::Disputed => column(&format!(
            "CASE WHEN {} THEN 'disputed' ELSE 'undisputed' END",
            def.disputed("id")
        )),
        Facet::Decade
        | Facet::Year
        | Facet::Month
        | Facet::Precision
        | Facet::Role
        | Facet::Source => None,
        // The rest are listing columns of the same name.
        _ => def.column(&facet.name()).and_then(|c| column(c.name)),
    }
}

/// The names of the facets `entity` can be counted by, in `--help`'s order.
fn facets_of(entity: Entity) -> Vec<String> {
    Facet::value_variants()
        .iter()
        .filter(|facet| grouped(entity, **facet, "").is_some())
        .map(|facet| facet.name())
        .collect()
}

impl CountArgs {
    /// The rows counted: those a listing with the same filters lists.
    pub fn filters(&self) -> Filters {
        Filters {
            by: self.actor.clone(),
            topic: self.topic.clone(),
            disputed: self.disputed,
            place: self.place.clone(),
            text: self.text.clone(),
            ..self.dates.filters()
        }
    }
}

pub fn run(ctx: &Context, args: CountArgs) -> Result<()> {
    let conn = ctx.open()?;
    let entity = Entity::from(args.entity);
    let filters = args.filters();
    let listing = Listing::resolve(&conn, entity, &filters, false)?;
    let base = listing.sql();
    let Some(grouped) = grouped(entity, args.by, &base.text) else {
        bail!(
            "{} cannot be counted by {}; they can be by {}",
            entity.def().name,
            args.by.name(),
            facets_of(entity).join(", ")
        );
    };
    let order = if matches!(args.by, Facet::Decade | Facet::Year | Facet::Month) {
        "value IS NULL, value"
    } else {
        "n DESC, value IS NULL, value"
    };
    // Every row of the filtered listing counts toward the share, so shares of
    // a many-valued facet (actors of an event) may add up to more than 1.
    let mut sql = Sql {
        text: format!(
            "SELECT coalesce(value, '(none)'), n, round(n * 1.0 / (SELECT count(*) FROM ({base})), 3) \
             FROM ({grouped}) ORDER BY {order}",
            base = base.text
        ),
        params: base.params,
    };
    if let Some(limit) = args.limit {
        sql.text.push_str(" LIMIT :limit");
        sql.bind(":limit", i64::try_from(limit).unwrap_or(i64::MAX));
    }
    let found = if args.chart {
        // Time is drawn as the timeline draws it: a bar for every year or
        // month from the first to the last, empty ones too, and the rows
        // begun before `--year` or `--from` on one line, `earlier`.
        let per = match args.by {
            Facet::Decade => Some(Per::Decade),
            Facet::Year => Some(Per::Year),
            Facet::Month => Some(Per::Month),
            _ => None,
        };
        let since = listing.scope.after.as_deref();
        chart(ctx, &conn, &sql, per.map(|per| Tally::new(per, since)))?
    } else {
        let header = Header::ranked([("value", 3), ("count", 2), ("share", 1)]);
        ctx.print_query(&conn, &ctx.style(), &sql, &header)?
    };
    ctx.say_about_text(&conn, found, args.text.as_deref(), &[entity])
}

/// The counts of `sql` (value, count, share) as bars; on a terminal, an
/// empty answer says so. Returns how many values it drew.
fn chart(
    ctx: &Context,
    conn: &rusqlite::Connection,
    sql: &Sql,
    mut time: Option<Tally>,
) -> Result<u64> {
    let mut stmt = sql.prepare(conn)?;
    let mut rows = stmt.raw_query();
    let mut lines = Vec::new();
    while let Some(row) = rows.next()? {
        let count: i64 = row.get(1)?;
        // A value as text whatever its type (a year is text, but a
        // --data folder's column need not be), as every format writes it.
        let value = text(&row.get_ref(0)?).into_owned();
        lines.push((value, usize::try_from(count).unwrap_or(0)));
    }
    let mut years = None;
    let drawn = match &mut time {
        Some(tally) => {
            for (value, count) in &lines {
                tally.add_many(Some(value), *count);
            }
            years = tally.too_many_years();
            tally.chart(ctx.style().width)
        }
        None => bars(&lines, 0, ctx.style().width),
    };
    let mut out = ctx.stdout();
    write!(out, "{drawn}")?;
    out.flush()?;
    if ctx.style().width.is_some() {
        if lines.is_empty() {
            crate::terminal::message(NO_ROWS);
        }
        if let Some(years) = years {
            crate::terminal::message(&decades_hint(years, "--by decade"));
        }
    }
    Ok(lines.len() as u64)
}
