//! `rjkb search <words>`: full-text search across every entity, ranked.
//!
//! The index (migration 0002) covers titles, summaries, notes, the quotes
//! that cite each row, and actor names and aliases. Ordinary words are
//! quoted before they reach FTS5, so punctuation and FTS5 keywords in them
//! are plain text; `--raw` passes FTS5 query syntax through.

use crate::output::Format;
use crate::query::fts_query;
use crate::Context;
use anyhow::{bail, Context as _, Result};
use clap::Args;
use rusqlite::types::Value;

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
}

pub fn run(ctx: &Context, args: SearchArgs) -> Result<()> {
    let text = args.words.join(" ");
    let query = if args.raw {
        text.clone()
    } else {
        match fts_query(&text) {
            Some(query) => query,
            None => bail!("nothing to search for in '{text}': give a word"),
        }
    };
    let conn = ctx.open()?;
    let style = ctx.style();
    let columns: Vec<String> = ["kind", "id", "date", "title", "snippet"]
        .map(String::from)
        .to_vec();
    let (open, close) = if style.format == Format::Table && style.color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let sql = format!(
        "SELECT kind, id, date, title, snippet(search_index, -1, '{open}', '{close}', '…', 12) \
         FROM search_index WHERE search_index MATCH ?1 ORDER BY rank, rowid LIMIT ?2"
    );
    // Check the query first, so a --raw syntax error is reported as such;
    // unranked, since ranking every match of a common word costs more than
    // the search itself.
    conn.prepare("SELECT 1 FROM search_index WHERE search_index MATCH ?1 LIMIT 1")?
        .query([Value::Text(query.clone())])?
        .next()
        .with_context(|| format!("'{query}' is not a valid FTS5 query"))?;
    let limit = Value::Integer(args.limit.min(i64::MAX as u64) as i64);
    ctx.print_query(&conn, &style, &sql, &[Value::Text(query), limit], &columns)
}
