//! `rjkb search <words>`: full-text search across every entity, ranked.
//!
//! The index (migration 0002) covers titles, summaries, notes, the quotes
//! that cite each row, and actor names and aliases. Ordinary words are
//! quoted before they reach FTS5, so punctuation and FTS5 keywords in them
//! are plain text; `--raw` passes FTS5 query syntax through.
//!
//! Ranking scores every match (bm25), which for a common word in a large
//! file is most of the time a search takes: there the index is ranked in
//! two halves on two cores and the best rows of each merged.

use crate::halves::{LARGE, MANY_MATCHES};
use crate::output::{write_rows, Format};
use crate::query::{fts_query, search_blocks};
use crate::Context;
use anyhow::{anyhow, bail, Context as _, Result};
use clap::Args;
use rusqlite::{params, types::Value, Connection};
use std::io::Write;

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
    let style = ctx.style();
    let columns: Vec<String> = ["kind", "id", "date", "title", "snippet"]
        .map(String::from)
        .to_vec();
    // A table shows the marks bold (or bracketed) around escaped text.
    let (open, close) = match style.format {
        Format::Table => {
            let (open, close) = crate::terminal::marks();
            (open.as_str(), close.as_str())
        }
        _ => ("[", "]"),
    };
    let shown = format!(
        "SELECT kind, id, date, title, snippet(search_index, -1, '{open}', '{close}', '…', 12)"
    );
    // Check the query first, so a --raw syntax error is reported as such,
    // and count its matches, stopping at a few thousand: ranking fewer on
    // two cores saves less than the second connection costs.
    let many: bool = conn
        .query_row(
            "SELECT count(*) >= ?2 FROM \
             (SELECT 1 FROM search_index WHERE search_index MATCH ?1 LIMIT ?2)",
            params![query, MANY_MATCHES],
            |row| row.get(0),
        )
        .with_context(|| format!("'{query}' is not a valid FTS5 query"))?;
    let limit = args.limit.min(i64::MAX as u64) as i64;
    let split = match many {
        true => split_rowid(&conn, limit, LARGE)?,
        false => None,
    };
    let reader = match split {
        Some(_) => ctx.second_reader(&conn)?,
        None => None,
    };
    match split.zip(reader) {
        Some((split, reader)) => {
            let rows = best_in_halves(&conn, reader, &shown, &query, limit, split)?;
            let mut out = ctx.stdout();
            write_rows(&mut out, &style, &columns, rows)?;
            out.flush()?;
            Ok(())
        }
        None => {
            let sql = format!(
                "{shown} FROM search_index WHERE search_index MATCH ?1 ORDER BY rank, rowid LIMIT ?2"
            );
            let params = [Value::Text(query), Value::Integer(limit)];
            ctx.print_query(&conn, &style, &sql, &params, &columns)
        }
    }
}

/// Each half holds its best `limit` rows in memory until they are merged;
/// a longer `--limit` streams from one statement instead.
const MOST_HELD: i64 = 1_000;

/// Where to split the index in two halves of as many rows, when it is
/// large enough to be worth ranking on two cores: ranking every match of
/// a common word (one bm25 score each) is most of a search's time.
fn split_rowid(conn: &Connection, limit: i64, large: i64) -> Result<Option<i64>> {
    if limit > MOST_HELD {
        return Ok(None);
    }
    let mut blocks = Vec::new();
    for (block, listing) in search_blocks() {
        let rows: Option<i64> =
            conn.query_row(&format!("SELECT max(n) FROM {listing}"), [], |row| {
                row.get(0)
            })?;
        blocks.push((block, rows.unwrap_or(0)));
    }
    let total: i64 = blocks.iter().map(|(_, rows)| rows).sum();
    if total < large {
        return Ok(None);
    }
    let mut before = total / 2;
    for (block, rows) in blocks {
        if before < rows {
            return Ok(Some((block << 32) + before + 1));
        }
        before -= rows;
    }
    Ok(None)
}

/// The best `limit` matches: rowids below `split` ranked here, the rest on
/// `reader` (a second connection to the same data) in another thread,
/// then merged. bm25 scores a row from statistics of the whole index, so
/// each row scores the same in either half, and (rank, rowid) orders the
/// halves and the merge alike.
fn best_in_halves(
    conn: &Connection,
    reader: Connection,
    shown: &str,
    query: &str,
    limit: i64,
    split: i64,
) -> Result<Vec<Vec<Value>>> {
    let sql = format!(
        "{shown}, rank, rowid FROM search_index WHERE search_index MATCH ?1 \
         AND rowid BETWEEN ?3 AND ?4 ORDER BY rank, rowid LIMIT ?2"
    );
    let (lower, upper) = std::thread::scope(|scope| {
        let sql = &sql;
        let upper = scope.spawn(move || best(&reader, sql, query, limit, (split, i64::MAX)));
        let lower = best(conn, sql, query, limit, (i64::MIN, split - 1));
        (lower, upper.join())
    });
    let upper = upper.map_err(|_| anyhow!("the second search thread failed"))??;
    let mut rows = lower?;
    rows.extend(upper);
    rows.sort_by(|(rank_a, rowid_a, _), (rank_b, rowid_b, _)| {
        rank_a.total_cmp(rank_b).then(rowid_a.cmp(rowid_b))
    });
    Ok(rows
        .into_iter()
        .take(limit as usize)
        .map(|(_, _, cells)| cells)
        .collect())
}

/// One half's best rows: (rank, rowid, the cells shown).
fn best(
    conn: &Connection,
    sql: &str,
    query: &str,
    limit: i64,
    (low, high): (i64, i64),
) -> Result<Vec<(f64, i64, Vec<Value>)>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(params![query, limit, low, high], |row| {
        let cells = (0..5)
            .map(|i| row.get(i))
            .collect::<rusqlite::Result<_>>()?;
        Ok((row.get(5)?, row.get(6)?, cells))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::built_in_file;

    const SHOWN: &str =
        "SELECT kind, id, date, title, snippet(search_index, -1, '[', ']', '…', 12)";

    fn in_one(conn: &Connection, query: &str, limit: i64) -> Vec<Vec<Value>> {
        let sql = format!(
            "{SHOWN} FROM search_index WHERE search_index MATCH ?1 ORDER BY rank, rowid LIMIT ?2"
        );
        let mut stmt = conn.prepare(&sql).unwrap();
        let rows = stmt.query_map(params![query, limit], |row| {
            (0..5).map(|i| row.get(i)).collect::<rusqlite::Result<_>>()
        });
        rows.unwrap().map(Result::unwrap).collect()
    }

    #[test]
    fn halves_merged_rank_exactly_as_one_search() {
        let (_folder, conn) = built_in_file();
        let rowids: Vec<i64> = conn
            .prepare("SELECT rowid FROM search_index ORDER BY rowid")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        // Common words, so that both halves have matches and many tie.
        for words in ["japan", "russia", "islands", "yeltsin hashimoto", "summit"] {
            let query = fts_query(words).unwrap();
            for limit in [1, 5, 20, 1000] {
                let expected = in_one(&conn, &query, limit);
                assert!(!expected.is_empty(), "{words}");
                // Every place the split can fall: before, inside and after each kind.
                for split in rowids.iter().step_by(7).chain([&i64::MAX]) {
                    let reader = Connection::open(conn.path().unwrap()).unwrap();
                    let merged =
                        best_in_halves(&conn, reader, SHOWN, &query, limit, *split).unwrap();
                    assert_eq!(merged, expected, "{words}, limit {limit}, split {split}");
                }
            }
        }
    }

    #[test]
    fn only_a_large_index_is_split() {
        let (_folder, conn) = built_in_file();
        assert_eq!(split_rowid(&conn, 20, LARGE).unwrap(), None);
        assert_eq!(
            split_rowid(&conn, 5000, 1).unwrap(),
            None,
            "a long --limit streams"
        );
        // The split is the middle row of the index, here among the events.
        let split = split_rowid(&conn, 20, 1).unwrap().unwrap();
        let (below, total): (i64, i64) = conn
            .query_row(
                "SELECT count(*) FILTER (WHERE rowid < ?1), count(*) FROM search_index",
                [split],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .unwrap();
        assert_eq!(below, total / 2);
    }
}
