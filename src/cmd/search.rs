//! `rjkb search <words>`: full-text search across every entity, ranked.
//!
//! The index ([`crate::derived`]) covers titles, summaries, notes, the
//! quotes that cite each row, and actor names and aliases. Ordinary words
//! are quoted before they reach FTS5, so punctuation and FTS5 keywords in
//! them are plain text; `--raw` passes FTS5 query syntax through.

use crate::cmd::Context;
use crate::output::{Format, Header, Style, TABULAR};
use crate::query::fts_query;
use crate::statement::Sql;
use anyhow::{bail, Context as _, Result};
use clap::Args;

pub const FORMATS: &[Format] = TABULAR;

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find; each matches as a prefix (demilitar finds demilitarizing)
    #[arg(required = true, num_args = 1..)]
    pub words: Vec<String>,
    /// Pass the words to FTS5 as a query (AND, OR, NOT, "phrases", NEAR, prefix*)
    #[arg(long)]
    pub raw: bool,
    /// At most this many results
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: u64,
    /// Print the SQL this search runs, values inlined, instead of running it
    #[arg(long)]
    pub sql: bool,
}

pub fn run(ctx: &Context, args: SearchArgs) -> Result<()> {
    let text = args.words.join(" ");
    crate::limits::check_search(&text)?;
    let query = if args.raw {
        text.clone()
    } else {
        match fts_query(&text) {
            Some(query) => query,
            None => bail!("nothing to search for in '{text}': give a word"),
        }
    };
    let conn = ctx.open()?;
    // Checked first, so that a --raw syntax error is reported as such.
    conn.query_row(
        "SELECT count(*) FROM (SELECT 1 FROM search_index WHERE search_index MATCH ?1 LIMIT 1)",
        [&query],
        |_| Ok(()),
    )
    .with_context(|| format!("'{query}' is not a valid FTS5 query"))?;
    let style = ctx.style();
    let sql = statement(&style, args.sql, query, args.limit);
    if args.sql {
        return ctx.print_sql(&conn, &sql);
    }
    let header = Header::ranked(
        [
            ("kind", 3),
            ("id", 5),
            ("date", 2),
            ("title", 4),
            ("snippet", 1),
        ],
        true,
    );
    ctx.print_query(&conn, &style, &sql, &header)
}

/// The search: the `limit` best matches of `query`, ranked by bm25, equal
/// ranks in rowid order (by kind, then in listing order), with the words
/// found marked in a snippet.
fn statement(style: &Style, shown: bool, query: String, limit: u64) -> Sql {
    // A table shows the marks bold (or bracketed) around escaped text;
    // every other format, and the SQL that `--sql` shows, brackets.
    let (open, close) = match style.format {
        Format::Table if !shown => {
            let (open, close) = crate::terminal::marks();
            (open.as_str(), close.as_str())
        }
        _ => ("[", "]"),
    };
    let mut sql = Sql::new(format!(
        "SELECT kind, id, date, title, snippet(search_index, -1, '{open}', '{close}', '…', 12) \
         FROM search_index WHERE search_index MATCH :query ORDER BY rank, rowid LIMIT :limit"
    ));
    sql.bind(":query", query);
    sql.bind(":limit", limit.min(i64::MAX as u64) as i64);
    sql
}
