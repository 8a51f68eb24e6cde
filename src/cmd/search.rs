//! `rjkb search <words>`: full-text search across every entity, ranked.
//!
//! The index ([`crate::derived`]) covers titles, summaries, notes, the
//! quotes that cite each row, and actor names and aliases. Ordinary words
//! are quoted before they reach FTS5, so punctuation and FTS5 keywords in
//! them are plain text; `--raw` passes FTS5 query syntax through.

use crate::cmd::context::syntax_hint;
use crate::cmd::Context;
use crate::model::{Def, Entity, Text, DISPUTES};
use crate::names::fold;
use crate::output::{Format, Header, Style, TABULAR};
use crate::query::{chosen_columns, fts_terms, fts_words, matches, Filters, Listing};
use crate::statement::Sql;
use anyhow::{bail, Result};
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
    /// Show these columns, in this order (comma-separated): kind, id, date,
    /// title, snippet
    #[arg(long, value_name = "A,B,C", value_delimiter = ',')]
    pub columns: Option<Vec<String>>,
    /// Print the SQL this search runs, values inlined, instead of running it
    #[arg(long)]
    pub sql: bool,
}

/// A search row's columns, and how a narrow table ranks them: the snippet
/// (why a record matched) outlasts the kind, the date and the title, which
/// the id mostly tells (at 80 columns the id, date and snippet fit).
const COLUMNS: [(&str, u8); 5] = [
    ("kind", 1),
    ("id", 5),
    ("date", 2),
    ("title", 3),
    ("snippet", 4),
];

pub fn run(ctx: &Context, args: SearchArgs) -> Result<()> {
    let text = args.words.join(" ");
    crate::limits::check_search(&text)?;
    let wanted = if args.raw {
        Wanted::raw(&text)
    } else {
        match Wanted::words(&text) {
            Some(wanted) => wanted,
            None => bail!("nothing to search for in '{text}': give a word"),
        }
    };
    let conn = ctx.open()?;
    // Checked first, so that a --raw syntax error is reported as such.
    // Ordinary words are quoted into a query that has no syntax to get
    // wrong: an error then is the index's (damaged, or forged in a --db
    // file), never the query's.
    let found = matches(&conn, &wanted.all).map_err(|error| {
        let error = anyhow::Error::from(error);
        if args.raw && !crate::db::damaged(&error) {
            error.context(format!("'{}' is not a valid FTS5 query", wanted.all))
        } else {
            error
        }
    })?;
    // Columns named rank in the order given, dates in words, as in a
    // listing.
    let header = match &args.columns {
        Some(list) => {
            let names: Vec<&'static str> = COLUMNS.iter().map(|(name, _)| *name).collect();
            let chosen = chosen_columns("search", &names, list)?;
            let count = chosen.len();
            let ranked = (chosen.into_iter().enumerate())
                .map(|(at, name)| (name, u8::try_from(count - at).unwrap_or(u8::MAX)));
            Header::ranked(ranked)
        }
        None => Header::ranked(COLUMNS),
    };
    let style = ctx.style();
    let sql = statement(&style, args.sql, &wanted, args.limit, &header.names);
    if args.sql {
        return ctx.print_sql(&conn, &sql);
    }
    ctx.print_query(&conn, &style, &sql, &header.choosable())?;
    if !found && !args.raw {
        ctx.say_unknown_words(&conn, &text)?;
        say_sources(&conn, &text)?;
    }
    if let Some(hint) = (!args.raw).then(|| syntax_hint(&conn, &text)).flatten() {
        crate::terminal::message(&hint);
    }
    Ok(())
}

/// What a search looks for, as the FTS5 queries that rank it.
#[derive(Debug, Clone, PartialEq)]
struct Wanted {
    /// Every word anywhere: what a row must match.
    all: String,
    /// The words as a phrase (one word: that word) in the title or the
    /// aliases.
    title: String,
    /// Every word in the title or the aliases; None for one word.
    title_words: Option<String>,
    /// Every word in the title, the aliases or the dispute words; None
    /// when no word can be one of those (see [`may_be_a_dispute_word`]).
    head: Option<String>,
    /// The words as a phrase anywhere; None for one word.
    phrase: Option<String>,
    /// The words joined as an id is (`kawana proposal`: `kawana-proposal`).
    slug: Option<String>,
    /// Every word among the words for a disputed row, when each word is
    /// one of those (`search disputed` asks for the disagreements, not
    /// for the titles that say "the disputed islands").
    disputes: Option<String>,
}

impl Wanted {
    /// Ordinary words, each a prefix, nothing in them read as syntax.
    fn words(text: &str) -> Option<Wanted> {
        let terms = fts_terms(text);
        if terms.is_empty() {
            return None;
        }
        let all = terms.join(" ");
        // A phrase as people write one: the words next to each other, in
        // any order, with room for a token between two ("Russia's answer"
        // is russia, s, answer).
        let phrase = match terms.len() {
            1 => all.clone(),
            n => format!("NEAR({all}, {})", n - 1),
        };
        let slug: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(fold)
            .collect();
        Some(Wanted {
            title: format!("{{title aliases id_words}} : ({phrase})"),
            title_words: (terms.len() > 1).then(|| format!("{{title aliases id_words}} : ({all})")),
            head: fts_words(text)
                .any(may_be_a_dispute_word)
                .then(|| format!("{{title aliases id_words disputes}} : ({all})")),
            phrase: (terms.len() > 1).then_some(phrase),
            disputes: fts_words(text)
                .all(is_a_dispute_word)
                .then(|| format!("{{disputes}} : ({all})")),
            all,
            slug: (!slug.is_empty()).then(|| slug.join("-")),
        })
    }

    /// An FTS5 query as given (`--raw`).
    fn raw(text: &str) -> Wanted {
        Wanted {
            all: text.to_string(),
            title: format!("{{title aliases id_words}} : ({text})"),
            title_words: None,
            head: Some(format!("{{title aliases id_words disputes}} : ({text})")),
            phrase: None,
            slug: None,
            disputes: None,
        }
    }
}

/// Whether `word`, as a prefix, may match one of the words a disputed row
/// is found by ([`DISPUTES`]). Only then can the tier of the title and
/// the dispute words hold a row the title tiers do not; without it, a
/// common word's search scans its matches once less (`search kaneta` at
/// a million events: 36.5 ms of CPU instead of 41.5, `perf stat -r 40`).
/// A word that is not plain ASCII letters and digits may: FTS5 folds such
/// a word its own way.
fn may_be_a_dispute_word(word: &str) -> bool {
    if !word.chars().all(|c| c.is_ascii_alphanumeric()) {
        return true;
    }
    let word = word.to_ascii_lowercase();
    DISPUTES
        .iter()
        .flat_map(|d| d.words.split(|c: char| !c.is_alphanumeric()))
        .any(|dispute| dispute.starts_with(&word))
}

/// The search index's rowids of the rows whose listing row meets
/// `condition`: an indexed entity's rowids are its listing's `n`
/// ([`crate::derived`]).
fn listed(condition: &str) -> String {
    let selects: Vec<String> = Entity::ALL
        .iter()
        .map(|e| e.def())
        .filter_map(|def| match def.text {
            Text::Index { .. } => Some(format!("SELECT n FROM {} WHERE {condition}", def.listing)),
            Text::Like(_) => None,
        })
        .collect();
    format!("rowid IN ({})", selects.join(" UNION ALL "))
}

/// SQL for `value` of the listing row the search index's current row
/// leads to, read by the listing's primary key: none of the row's text
/// is read from the index's content.
fn of_row(value: impl Fn(&Def) -> String) -> String {
    let cases: Vec<String> = Entity::ALL
        .iter()
        .map(|e| e.def())
        .filter_map(|def| match def.text {
            Text::Index { block, .. } => Some(format!(
                "WHEN {block} THEN (SELECT {} FROM {} WHERE n = search_index.rowid)",
                value(def),
                def.listing
            )),
            Text::Like(_) => None,
        })
        .collect();
    format!("CASE search_index.rowid >> 32 {} END", cases.join(" "))
}

/// How bm25 weighs each column of the index, in its order (kind, id, date,
/// aliases, summary, notes, names, title, disputes, id_words): kind, id
/// and date are not indexed; the title, aliases and id's words weigh most.
const RANK: &str = "bm25(0, 0, 0, 10.0, 3.0, 1.0, 1.0, 10.0, 2.0, 10.0)";

/// The place of `disputes` among the index's columns (in [`RANK`]'s order).
const DISPUTES_COLUMN: i32 = 8;

/// The search: the `limit` best matches, with the words found marked in a
/// snippet: by [`tier`], then by bm25 ([`RANK`]); equal matches come in
/// rowid order: by kind, then in listing order (by date).
fn statement(style: &Style, shown: bool, wanted: &Wanted, limit: u64, columns: &[String]) -> Sql {
    // A table shows the marks bold (or bracketed) around escaped text;
    // every other format, and the SQL that `--sql` shows, brackets.
    let (open, close) = match style.format {
        Format::Table if !shown => {
            let (open, close) = crate::terminal::marks();
            (open.as_str(), close.as_str())
        }
        _ => ("[", "]"),
    };
    let mut sql = Sql::default();
    let (tier, last) = tier(wanted, &mut sql);
    // A search for the disagreements shows, where a row has them, the
    // words for its disagreement ("disputed: unconfirmed, not confirmed"),
    // which say why it came first; otherwise the best passage.
    let of = |column: i32| format!("snippet(search_index, {column}, '{open}', '{close}', '…', 12)");
    let snippet = match wanted.disputes {
        Some(_) => format!("coalesce(nullif({}, ''), {})", of(DISPUTES_COLUMN), of(-1)),
        None => of(-1),
    };
    // The best rows are chosen from the index alone — the tiers by rowid,
    // the lengths from the listings, bm25 as FTS5's rank — and only they
    // are read back from search_rows for their text and snippet: reading a
    // row's text computes its citations' text, and a common word has tens
    // of thousands of matches (at a million events, `search kaneta` took
    // 147 ms reading every one). bm25 is computed only for the candidates:
    // the rows in a tier before that of the limit-th row, and all of its
    // tier; it orders nothing else, and ranking all 31,490 matches of
    // kaneta took 40 ms of 70. The candidates are ranked, and the rows
    // shown read back, by one scan of the match each, `+rowid` keeping
    // FTS5 from looking each row up by rowid: with a prefix, that is a
    // prefix search of its own, about 1 ms a row. The snippet is FTS5's
    // best passage and, of passages as good, the one in the index's
    // earliest column: the title, which has a column of its own, comes
    // after the texts, so a snippet repeats it only when it holds more of
    // the words than any other (at the built-in size 13 of the 89 matches
    // of `treaty` had their title for a snippet, each with the word
    // elsewhere too).
    sql.text = format!(
        "WITH tiered AS MATERIALIZED (SELECT rowid AS hit, {tier} AS tier \
         FROM search_index WHERE search_index MATCH :query), \
         candidates AS MATERIALIZED (SELECT hit, tier FROM tiered WHERE tier <= coalesce(\
         (SELECT tier FROM tiered ORDER BY tier LIMIT 1 OFFSET :limit - 1), {last})), \
         ranked AS MATERIALIZED (SELECT rowid AS hit, rank AS score FROM search_index \
         WHERE search_index MATCH :query AND rank MATCH '{RANK}' \
         AND +rowid IN (SELECT hit FROM candidates)), \
         best AS MATERIALIZED (SELECT c.hit, c.tier, r.score FROM candidates AS c \
         JOIN ranked AS r ON r.hit = c.hit ORDER BY c.tier, r.score, c.hit LIMIT :limit), \
         shown AS MATERIALIZED (SELECT rowid AS hit, kind, id, date, title, \
         {snippet} AS snippet FROM search_index \
         WHERE search_index MATCH :query AND +rowid IN (SELECT hit FROM best)) \
         SELECT {columns} FROM best JOIN shown ON shown.hit = best.hit \
         ORDER BY best.tier, best.score, best.hit",
        columns = columns.join(", "),
        snippet = snippet,
    );
    sql.bind(":query", wanted.all.clone());
    sql.bind(":limit", limit.min(i64::MAX as u64) as i64);
    sql
}

/// The tier of the index's current row, as SQL over `search_index.rowid`
/// whose values are bound to `sql`, and the number of the last tier.
/// Best first: the row whose id the words spell; rows whose id starts
/// with them; when every word is one for a disagreement (`disputed`,
/// `contradicts`), the disputed rows; rows with the words, as a phrase, in their title (or
/// aliases); rows with every word there; rows with every word there or
/// among the words for a disputed row (when a word can be one of those);
/// rows with the phrase anywhere; the rest. Within the id and title tiers
/// a shorter id or title is about the words more.
fn tier(wanted: &Wanted, sql: &mut Sql) -> (String, usize) {
    let hits = |param: &str| {
        format!("rowid IN (SELECT rowid FROM search_index WHERE search_index MATCH {param})")
    };
    // Each tier, and what orders its rows first. The id tiers find their
    // rows through each listing's index of ids, so that no tier reads a
    // row's text but for the few it holds: a common word has thousands of
    // matches.
    let mut tiers: Vec<(String, Option<String>)> = Vec::new();
    if let Some(slug) = &wanted.slug {
        tiers.push((listed("id = :slug"), None));
        // The ids that start with `slug-`: from `slug-` up to `slug.`.
        let prefix = "id > :slug || '-' AND id < :slug || '.'";
        tiers.push((listed(prefix), Some(of_row(|_| "length(id)".into()))));
        sql.bind(":slug", slug.clone());
    }
    if let Some(disputes) = &wanted.disputes {
        tiers.push((hits(":disputes"), None));
        sql.bind(":disputes", disputes.clone());
    }
    let title_length = of_row(|def| format!("length({})", def.title));
    tiers.push((hits(":title"), Some(title_length.clone())));
    sql.bind(":title", wanted.title.clone());
    if let Some(words) = &wanted.title_words {
        tiers.push((hits(":title_words"), Some(title_length)));
        sql.bind(":title_words", words.clone());
    }
    if let Some(head) = &wanted.head {
        tiers.push((hits(":head"), None));
        sql.bind(":head", head.clone());
    }
    if let Some(phrase) = &wanted.phrase {
        tiers.push((hits(":phrase"), None));
        sql.bind(":phrase", phrase.clone());
    }
    // Each tier is a whole number; a length, in millionths, orders within.
    let cases: Vec<String> = tiers
        .iter()
        .enumerate()
        .map(|(at, (condition, by))| match by {
            Some(length) => format!("WHEN {condition} THEN {at} + min({length}, 999999) / 1e6"),
            None => format!("WHEN {condition} THEN {at}"),
        })
        .collect();
    let last = tiers.len();
    (format!("CASE {} ELSE {last} END", cases.join(" ")), last)
}

/// Whether `word` is, or begins, one of the words a disputed row is found
/// by, written out far enough to mean it (four letters: `disp`, not `d`).
fn is_a_dispute_word(word: &str) -> bool {
    word.chars().count() >= 4
        && word.chars().all(|c| c.is_ascii_alphanumeric())
        && may_be_a_dispute_word(word)
}

/// `search` looks through records, not sources: a word only a source
/// holds (川奈, in the title 川奈首脳会談) is found by `sources --text`,
/// which looks for any part of a source's fields. A search that finds
/// nothing says so when that listing would not be empty.
fn say_sources(conn: &rusqlite::Connection, text: &str) -> Result<()> {
    let filters = Filters {
        text: Some(text.to_string()),
        ..Filters::default()
    };
    let listing = Listing::resolve(conn, Entity::Sources, &filters, false)?.sql();
    let count = Sql {
        text: format!("SELECT count(*) FROM ({})", listing.text),
        params: listing.params,
    };
    let mut stmt = count.prepare(conn)?;
    let mut rows = stmt.raw_query();
    let sources: i64 = match rows.next()? {
        Some(row) => row.get(0)?,
        None => 0,
    };
    if sources > 0 {
        // The command first, so that a terminal's wrapping leaves it whole.
        let which = if sources == 1 {
            "source that holds"
        } else {
            "sources that hold"
        };
        crate::terminal::message(&format!(
            "rjkb: `rjkb sources --text {}` lists {sources} {which} it (search looks through \
             records, not sources)",
            crate::terminal::shell_word(text)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_positions_named_here_are_those_of_the_index() {
        // RANK weighs the index's columns by place, and DISPUTES_COLUMN
        // names one: both follow the order src/derived/search.rs makes.
        let (_folder, conn) = crate::db::built_in_file();
        let columns: Vec<String> = conn
            .prepare("SELECT name FROM pragma_table_info('search_index')")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let at = usize::try_from(DISPUTES_COLUMN).unwrap();
        assert_eq!(columns[at], "disputes", "{columns:?}");
        assert_eq!(RANK.matches(',').count() + 1, columns.len(), "{columns:?}");
        let weights: Vec<&str> = RANK
            .trim_start_matches("bm25(")
            .trim_end_matches(')')
            .split(", ")
            .collect();
        let weight = |name: &str| weights[columns.iter().position(|c| c == name).unwrap()];
        assert_eq!((weight("title"), weight("summary")), ("10.0", "3.0"));
    }

    fn every() -> Vec<String> {
        COLUMNS.iter().map(|(name, _)| name.to_string()).collect()
    }

    fn csv() -> Style {
        Style {
            format: Format::Csv,
            headers: true,
            color: false,
            width: None,
        }
    }

    fn rows(conn: &rusqlite::Connection, sql: &Sql, column: usize) -> Vec<String> {
        let mut stmt = sql.prepare(conn).unwrap();
        stmt.raw_query()
            .mapped(|row| row.get::<_, String>(column))
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn the_match_is_scanned_not_looked_up_and_only_candidates_are_ranked() {
        // With a prefix, looking a row up in the index by rowid is a
        // search of its own: each step over the index scans the match.
        // The rows shown are read back by one such scan of the best; bm25
        // (the scan with FTS5's rank, `r`) only for the candidates.
        let conn = crate::builtin::open().unwrap();
        let wanted = Wanted::words("kawana proposal").unwrap();
        let mut sql = statement(&csv(), true, &wanted, 20, &every());
        sql.text = format!("EXPLAIN QUERY PLAN {}", sql.text);
        let plan = rows(&conn, &sql, 3);
        let over_index: Vec<&String> = plan.iter().filter(|s| s.contains("search_index")).collect();
        assert!(
            over_index.iter().all(
                |s| s.starts_with("SCAN search_index VIRTUAL TABLE INDEX 0:") && !s.contains(":=")
            ),
            "{plan:?}"
        );
        let after = |step: &str| {
            let at = plan
                .iter()
                .position(|s| s == step)
                .unwrap_or_else(|| panic!("{step}: {plan:?}"));
            plan[at + 1..].iter().take(3).cloned().collect::<Vec<_>>()
        };
        let ranked = after("MATERIALIZE ranked");
        assert!(
            ranked[0].ends_with(":rM10") && ranked[2] == "SCAN candidates",
            "{plan:?}"
        );
        let shown = after("MATERIALIZE shown");
        assert_eq!(shown[2], "SCAN best", "{plan:?}");
    }

    #[test]
    fn ranking_only_the_candidates_orders_as_ranking_every_match() {
        let conn = crate::builtin::open().unwrap();
        for words in [
            "kawana",
            "kawana proposal",
            "islands",
            "yeltsin hashimoto",
            "treaty",
            "russia",
        ] {
            let wanted = Wanted::words(words).unwrap();
            for limit in [1, 2, 3, 5, 20, 1000] {
                let shown = rows(&conn, &statement(&csv(), true, &wanted, limit, &every()), 1);
                // Every match ranked, then the best `limit`.
                let mut all = Sql::default();
                let (tier, _) = tier(&wanted, &mut all);
                all.text = format!(
                    "SELECT kind, id FROM search_index WHERE search_index MATCH :query \
                     AND rank MATCH '{RANK}' ORDER BY {tier}, rank, rowid LIMIT :limit"
                );
                all.bind(":query", wanted.all.clone());
                all.bind(":limit", limit as i64);
                let expected = rows(&conn, &all, 1);
                assert!(!expected.is_empty(), "{words}");
                assert_eq!(shown, expected, "{words}, limit {limit}");
            }
        }
    }

    #[test]
    fn the_dispute_tier_is_left_out_only_where_it_can_hold_nothing_more() {
        let conn = crate::builtin::open().unwrap();
        let head = |words: &str| Wanted::words(words).unwrap().head.is_some();
        assert!(!head("kawana") && !head("kawana proposal") && !head("x"));
        assert!(head("Disp") && head("kawana contradicts") && head("not") && head("dísputed"));
        for words in [
            "kawana",
            "kawana proposal",
            "islands",
            "disputed",
            "differs",
            "russia",
        ] {
            let wanted = Wanted::words(words).unwrap();
            let mut every_tier = wanted.clone();
            every_tier.head = Some(format!(
                "{{title aliases id_words disputes}} : ({})",
                wanted.all
            ));
            let order = |w: &Wanted| rows(&conn, &statement(&csv(), true, w, 1000, &every()), 1);
            assert!(!order(&wanted).is_empty(), "{words}");
            assert_eq!(order(&wanted), order(&every_tier), "{words}");
        }
    }
}
