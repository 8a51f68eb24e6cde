//! `rjkb query <entity>` and its shorthand `rjkb <entity>`: filtered listings.

use crate::halves;
use crate::output::Format;
use crate::query::{self, build, Entity, Filters};
use crate::Context;
use anyhow::Result;
use clap::Args;
use rusqlite::types::Value;
use std::io::Write;

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// What to list
    #[arg(value_enum)]
    pub entity: Entity,
    #[command(flatten)]
    pub list: ListArgs,
}

/// The date filters every dated command takes: a row passes when its
/// span overlaps the asked one.
#[derive(Debug, Clone, Args)]
pub struct DateArgs {
    /// Rows whose date overlaps this year
    #[arg(long, value_name = "YYYY", value_parser = parse_year)]
    pub year: Option<i32>,
    /// Rows ending on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Rows starting on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
}

/// A year as `--year` takes it: four digits, as every date is written.
fn parse_year(text: &str) -> Result<i32, String> {
    match text.parse() {
        Ok(year) if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) => Ok(year),
        _ => Err(format!("a year is 4 digits (0999, 1997), got '{text}'")),
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
    /// Rows involving this actor: name, alias or id; a state includes its people
    #[arg(long, value_name = "ACTOR")]
    pub by: Option<String>,
    /// Rows on this topic (id or name)
    #[arg(long)]
    pub topic: Option<String>,
}

impl ScopeArgs {
    /// Filters with this scope and nothing else.
    pub fn filters(&self) -> Filters {
        Filters {
            by: self.by.clone(),
            topic: self.topic.clone(),
            ..self.dates.filters()
        }
    }
}

/// Filters combine: a row is listed when it passes every one given.
#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub scope: ScopeArgs,
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
    /// Print the SQL this listing runs, values inlined, instead of running it
    #[arg(long)]
    pub sql: bool,
}

impl From<&ListArgs> for Filters {
    fn from(a: &ListArgs) -> Filters {
        let a = a.clone();
        Filters {
            text: a.text,
            sort: a.sort,
            limit: a.limit,
            columns: a.columns,
            ..a.scope.filters()
        }
    }
}

pub fn run(ctx: &Context, entity: Entity, args: ListArgs) -> Result<()> {
    if let Some(text) = &args.text {
        crate::limits::check_search(text)?;
    }
    if let Some(columns) = &args.columns {
        let twice = (1..columns.len()).find(|&at| columns[..at].contains(&columns[at]));
        if let Some(twice) = twice.map(|at| &columns[at]) {
            anyhow::bail!("--columns names '{twice}' twice; name each column once");
        }
    }
    let conn = ctx.open()?;
    let style = ctx.style();
    let table = style.format == Format::Table;
    let filters = Filters::from(&args);
    let query = build(&conn, entity, &filters, table)?;
    if args.sql {
        let mut out = ctx.stdout();
        writeln!(out, "{};", inline(&query.sql, &query.params))?;
        out.flush()?;
        return Ok(());
    }
    if halves::splits(style.format) {
        if let Some([first, second]) = query::halves(&conn, entity, &filters, table, halves::LARGE)?
        {
            if let Some(reader) = ctx.second_reader(&conn)? {
                let mut out = ctx.stdout();
                let (first, second) = ((&conn, &first), (reader, &second));
                halves::write_in_halves(first, second, &style, halves::HELD, &mut out)?;
                out.flush()?;
                return Ok(());
            }
        }
    }
    ctx.print_query(&conn, &style, &query.sql, &query.params, &query.columns)
}

/// The SQL with each `?` outside string literals replaced by its value as a
/// literal, so that it runs as it stands (in sqlite3, say).
pub fn inline(sql: &str, params: &[Value]) -> String {
    let mut values = params.iter();
    let mut out = String::with_capacity(sql.len());
    let mut in_string = false;
    for c in sql.chars() {
        match c {
            '\'' => {
                in_string = !in_string;
                out.push(c);
            }
            '?' if !in_string => match values.next() {
                Some(Value::Integer(n)) => out.push_str(&n.to_string()),
                Some(Value::Real(f)) => out.push_str(&f.to_string()),
                Some(Value::Text(t)) => out.push_str(&format!("'{}'", t.replace('\'', "''"))),
                Some(Value::Null | Value::Blob(_)) | None => out.push_str("NULL"),
            },
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inlined_values_are_quoted_and_literals_left_alone() {
        let sql = "SELECT '?' FROM t WHERE a = ? AND b = ? LIMIT ?";
        let params = [Value::Text("it's".into()), Value::Null, Value::Integer(3)];
        assert_eq!(
            inline(sql, &params),
            "SELECT '?' FROM t WHERE a = 'it''s' AND b = NULL LIMIT 3"
        );
    }
}
