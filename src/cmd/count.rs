//! `rjkb count <entity> --by <facet>`: how many rows per value — value,
//! count, share — sorted by value for dates and by count otherwise.

use crate::cmd::query::DateArgs;
use crate::query::{build, value_name, Entity, Filters};
use crate::Context;
use anyhow::{bail, Result};
use clap::{Args, ValueEnum};

#[derive(Debug, Args)]
pub struct CountArgs {
    /// What to count
    #[arg(value_enum)]
    pub entity: Entity,
    /// The facet to count by
    #[arg(long, value_enum)]
    pub by: Facet,
    #[command(flatten)]
    pub dates: DateArgs,
    /// Only rows on this topic
    #[arg(long)]
    pub topic: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Facet {
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
    Source,
}

/// The grouped query for one facet over `base` (the filtered listing), or
/// None where the facet means nothing for the entity.
fn grouped(entity: Entity, facet: Facet, base: &str) -> Option<String> {
    use Entity::*;
    use Facet::*;
    let column = |expr: &str| {
        Some(format!(
            "SELECT {expr} AS value, count(*) AS n FROM ({base}) GROUP BY 1"
        ))
    };
    let dated = matches!(entity, Events | Proposals | Positions | Periods);
    match (facet, entity) {
        (Year, _) if dated => column("substr(date_from, 1, 4)"),
        (Month, _) if dated => column("substr(date_from, 1, 7)"),
        (Precision, _) if dated => column("date_precision"),
        (Actor | Role, Events) => Some(format!(
            "SELECT ea.{} AS value, count(DISTINCT ea.event) AS n FROM event_actors ea \
             WHERE ea.event IN (SELECT id FROM ({base})) GROUP BY 1",
            if facet == Actor { "actor" } else { "role" }
        )),
        (Actor, Positions) => column("actor"),
        (Actor | Proposer, Proposals) => column("proposer"),
        (Addressee, Proposals) => column("addressee"),
        (Type, Events) => column("type"),
        (Topic, Events | Proposals | Positions) => column("topic"),
        (Stance, Positions) => column("stance"),
        (Outcome, Proposals) => column("outcome"),
        (Kind, Actors | Sources) => column("kind"),
        (Country, Actors) => column("country"),
        (Source, Events | Actors | Proposals | Positions | Periods) => {
            let table = value_name(&entity);
            let target = table.trim_end_matches('s');
            Some(format!(
                "SELECT c.source AS value, count(DISTINCT c.{target}) AS n FROM citations c \
                 WHERE c.{target} IN (SELECT id FROM ({base})) GROUP BY 1"
            ))
        }
        _ => None,
    }
}

pub fn run(ctx: &Context, args: CountArgs) -> Result<()> {
    let conn = ctx.open()?;
    let filters = Filters {
        topic: args.topic,
        ..args.dates.filters()
    };
    let base = build(&conn, args.entity, &filters, false)?;
    let Some(grouped) = grouped(args.entity, args.by, &base.sql) else {
        bail!(
            "{} cannot be counted by {}",
            value_name(&args.entity),
            value_name(&args.by)
        );
    };
    let order = if matches!(args.by, Facet::Year | Facet::Month) {
        "value IS NULL, value"
    } else {
        "n DESC, value IS NULL, value"
    };
    // Every row of the filtered listing counts toward the share, so shares of
    // a many-valued facet (actors of an event) may add up to more than 1.
    let sql = format!(
        "SELECT coalesce(value, '(none)'), n, round(n * 1.0 / (SELECT count(*) FROM ({base})), 3) \
         FROM ({grouped}) ORDER BY {order}",
        base = base.sql
    );
    // The base query appears twice, so its parameters are bound twice.
    let params: Vec<_> = base.params.iter().chain(&base.params).cloned().collect();
    let columns: Vec<String> = ["value", "count", "share"].map(String::from).to_vec();
    ctx.print_query(&conn, &ctx.style(), &sql, &params, &columns)
}
