//! The one query builder behind every entity listing.
//!
//! Each entity reads one relation with its listing columns, gathered ones
//! such as `actors` and `source` included: a listing table the loader
//! derives (migration 0004), or for sources a subquery. Filters, sorting
//! and column choice are written once, by column name, for all.

use crate::dates::parse_filter_date;
use crate::names::{nearest, resolve_actor, resolve_id};
use anyhow::{bail, Result};
use clap::ValueEnum;
use rusqlite::{types::Value, Connection};

/// What a listing lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Entity {
    Events,
    Actors,
    Proposals,
    Positions,
    Periods,
    Sources,
}

/// The filters and shaping a reader can ask for; all optional, all combined.
#[derive(Debug, Default, Clone)]
pub struct Filters {
    pub year: Option<i32>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub by: Option<String>,
    pub topic: Option<String>,
    pub text: Option<String>,
    pub sort: Option<String>,
    pub limit: Option<u64>,
    pub columns: Option<Vec<String>>,
}

/// A built query: SQL, its bound parameters, and the columns it returns.
#[derive(Debug)]
pub struct Query {
    pub sql: String,
    pub params: Vec<Value>,
    pub columns: Vec<String>,
}

struct Spec {
    /// What the listing reads: a listing table (migration 0004), or a subquery.
    from: &'static str,
    /// Every column, in output order.
    columns: &'static [&'static str],
    /// Shown in a terminal table when --columns is not given.
    table_columns: &'static [&'static str],
    dated: bool,
    /// SQL true when the row concerns one of the actors bound as `{ids}`.
    by: Option<&'static str>,
    has_topic: bool,
    text: TextSearch,
    default_order: &'static str,
    /// The default order is date_from, date_to ascending first, so among
    /// dated rows it is also the date index's order (date_from, date_to, n).
    order_follows_dates: bool,
}

/// How --text finds words: through the full-text index, whose rowids for
/// a kind are its listing's `n` plus `block << 32` (migration 0005), or,
/// for a table it does not cover, LIKE over columns.
enum TextSearch {
    Index { block: i64 },
    Like(&'static [&'static str]),
}

/// Listing tables keep their rows in the default order, numbered by `n`.
const LISTING_ORDER: &str = "n";

fn spec(entity: Entity) -> Spec {
    match entity {
        Entity::Events => Spec {
            from: "event_listing",
            columns: &[
                "id",
                "date",
                "date_text",
                "date_from",
                "date_to",
                "date_precision",
                "title",
                "type",
                "topic",
                "place",
                "actors",
                "summary",
                "note",
                "source",
            ],
            table_columns: &["id", "date", "title", "actors", "source"],
            dated: true,
            by: Some("id IN (SELECT event FROM event_actors WHERE actor IN ({ids}))"),
            has_topic: true,
            text: TextSearch::Index { block: 1 },
            default_order: LISTING_ORDER,
            order_follows_dates: true,
        },
        Entity::Actors => Spec {
            from: "actor_listing",
            columns: &[
                "id", "name", "kind", "country", "role", "aliases", "summary", "source",
            ],
            table_columns: &["id", "name", "kind", "country", "role", "source"],
            dated: false,
            by: Some("id IN ({ids})"),
            has_topic: false,
            text: TextSearch::Index { block: 2 },
            default_order: LISTING_ORDER,
            order_follows_dates: false,
        },
        Entity::Proposals => Spec {
            from: "proposal_listing",
            columns: &[
                "id",
                "date",
                "date_text",
                "date_from",
                "date_to",
                "date_precision",
                "title",
                "proposer",
                "addressee",
                "event",
                "part_of",
                "seq",
                "topic",
                "outcome",
                "reception",
                "links",
                "summary",
                "note",
                "source",
            ],
            table_columns: &["id", "date", "title", "proposer", "outcome", "source"],
            dated: true,
            by: Some("proposer IN ({ids})"),
            has_topic: true,
            text: TextSearch::Index { block: 3 },
            default_order: LISTING_ORDER,
            order_follows_dates: true,
        },
        Entity::Positions => Spec {
            from: "position_listing",
            columns: &[
                "id",
                "date",
                "date_text",
                "date_from",
                "date_to",
                "date_precision",
                "actor",
                "topic",
                "position",
                "stance",
                "proposal",
                "supersedes",
                "summary",
                "note",
                "source",
            ],
            table_columns: &[
                "id", "date", "actor", "topic", "position", "stance", "source",
            ],
            dated: true,
            by: Some("actor IN ({ids})"),
            has_topic: true,
            text: TextSearch::Index { block: 4 },
            default_order: LISTING_ORDER,
            order_follows_dates: true,
        },
        Entity::Periods => Spec {
            from: "period_listing",
            columns: &[
                "id",
                "date",
                "date_text",
                "date_from",
                "date_to",
                "date_precision",
                "name",
                "character",
                "summary",
                "source",
            ],
            table_columns: &["id", "date", "name", "character", "source"],
            dated: true,
            by: None,
            has_topic: false,
            text: TextSearch::Index { block: 5 },
            default_order: LISTING_ORDER,
            order_follows_dates: false,
        },
        Entity::Sources => Spec {
            from: "(SELECT s.id, s.title, s.author, s.kind, s.published, s.url, s.file, s.note, \
                   s.lang, (SELECT count(*) FROM citations c WHERE c.source = s.id) AS citations \
                   FROM sources s)",
            columns: &[
                "id",
                "title",
                "author",
                "kind",
                "published",
                "url",
                "file",
                "note",
                "lang",
                "citations",
            ],
            table_columns: &["id", "title", "author", "kind", "published", "citations"],
            dated: false,
            by: None,
            has_topic: false,
            text: TextSearch::Like(&["title", "author", "note"]),
            default_order: "id",
            order_follows_dates: false,
        },
    }
}

/// Every column of one record of `entity`, selected by its id (`?1`).
pub fn record_sql(entity: Entity) -> String {
    let spec = spec(entity);
    format!(
        "SELECT {} FROM {} AS t WHERE id = ?1",
        spec.columns.join(", "),
        spec.from
    )
}

/// Each kind's block of search index rowids and the listing that numbers
/// its rows: a row's search rowid is `block << 32` plus its listing's `n`.
pub fn search_blocks() -> impl Iterator<Item = (i64, &'static str)> {
    Entity::value_variants()
        .iter()
        .filter_map(|entity| match spec(*entity) {
            Spec {
                text: TextSearch::Index { block },
                from,
                ..
            } => Some((block, from)),
            _ => None,
        })
}

/// The columns an entity's listing can show.
pub fn columns(entity: Entity) -> &'static [&'static str] {
    spec(entity).columns
}

/// The name a value of a clap enum has on the command line.
pub fn value_name<T: ValueEnum>(value: &T) -> String {
    value
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

fn known_column(spec: &Spec, entity: Entity, name: &str) -> Result<&'static str> {
    if let Some(column) = spec.columns.iter().find(|c| **c == name) {
        return Ok(column);
    }
    let close = nearest(name, spec.columns.iter().copied(), 3);
    let hint = if close.is_empty() {
        format!("its columns: {}", spec.columns.join(", "))
    } else {
        format!("nearest: {}", close.join(", "))
    };
    bail!("{} has no column '{name}'; {hint}", value_name(&entity))
}

/// Turns ordinary text into an FTS5 query that matches every word as a
/// prefix: each word becomes a quoted string (quotes doubled), so nothing
/// in it is read as syntax. Words without a letter or digit are dropped, and
/// control characters separate words (FTS5 reads a NUL as the end).
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .map(|word| format!("\"{}\"*", word.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

fn like_pattern(word: &str) -> String {
    let escaped = word
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Builds the listing query for `entity`; `table` picks the short column set.
pub fn build(conn: &Connection, entity: Entity, filters: &Filters, table: bool) -> Result<Query> {
    build_within(conn, entity, filters, table, None)
}

/// The FTS5 query --text runs: every word, as a prefix, in a title or summary.
fn text_match(words: &str) -> String {
    format!("{{title summary}} : ({words})")
}

/// The listing split in two at the middle of its rows, when it reads the
/// full-text index's hits in their order (--text, no --sort, no --limit)
/// from a listing of at least `large` rows: the first half's rows, then
/// the second's, are exactly the listing's, and each half can be read on
/// a core of its own ([`crate::halves`]).
pub fn halves(
    conn: &Connection,
    entity: Entity,
    filters: &Filters,
    table: bool,
    large: i64,
) -> Result<Option<[Query; 2]>> {
    let spec = spec(entity);
    let (TextSearch::Index { .. }, Some(_), None, None) =
        (spec.text, &filters.text, &filters.sort, filters.limit)
    else {
        return Ok(None);
    };
    let rows: i64 = conn.query_row(
        &format!("SELECT coalesce(max(n), 0) FROM {}", spec.from),
        [],
        |row| row.get(0),
    )?;
    if rows < large {
        return Ok(None);
    }
    split_at(conn, entity, filters, table, rows / 2).map(Some)
}

/// The --text listing as two queries: its rows up to `n` = `middle`, and
/// those after.
pub(crate) fn split_at(
    conn: &Connection,
    entity: Entity,
    filters: &Filters,
    table: bool,
    middle: i64,
) -> Result<[Query; 2]> {
    let TextSearch::Index { block } = spec(entity).text else {
        bail!(
            "--text on {} does not read the full-text index",
            value_name(&entity)
        );
    };
    let base = block << 32;
    Ok([
        build_within(
            conn,
            entity,
            filters,
            table,
            Some((base + 1, base + middle)),
        )?,
        build_within(
            conn,
            entity,
            filters,
            table,
            Some((base + middle + 1, base + (1 << 32) - 1)),
        )?,
    ])
}

/// [`build`], and when --text reads the full-text index, only its hits
/// with rowids in `hits` (both ends included).
fn build_within(
    conn: &Connection,
    entity: Entity,
    filters: &Filters,
    table: bool,
    hits: Option<(i64, i64)>,
) -> Result<Query> {
    let spec = spec(entity);
    let name = value_name(&entity);
    let mut from = format!("{} AS t", spec.from);
    let mut conditions: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    // Set when the rows come from the full-text index's hits, in their order.
    let mut from_hits = false;

    let date_filters = [
        filters.year.map(|y| ("--year", y.to_string())),
        filters.from.clone().map(|f| ("--from", f)),
        filters.to.clone().map(|t| ("--to", t)),
    ];
    let mut dates_bounded = false;
    for (flag, value) in date_filters.into_iter().flatten() {
        dates_bounded = true;
        if !spec.dated {
            bail!("{flag} does not apply to {name}: they have no date");
        }
        let (from, to) = parse_filter_date(&value).map_err(|e| anyhow::anyhow!("{flag} {e}"))?;
        // Overlap: the row's span meets the asked span. The second bound on
        // date_from is implied by the first (no row spans more than max_days)
        // and lets the date index be read as one slice.
        if flag != "--to" {
            conditions.push("date_to >= ?".into());
            conditions.push(format!(
                "date_from >= coalesce(date(?, '-' || (SELECT max_days FROM date_spans \
                 WHERE entity = '{name}') || ' days'), '0000-01-01')"
            ));
            params.push(Value::Text(from.clone()));
            params.push(Value::Text(from));
        }
        if flag != "--from" {
            conditions.push("date_from <= ?".into());
            params.push(Value::Text(to));
        }
    }
    if let Some(actor) = &filters.by {
        let Some(by) = spec.by else {
            bail!("--by does not apply to {name}");
        };
        let ids = resolve_actor(conn, actor)?;
        conditions.push(by.replace("{ids}", &vec!["?"; ids.len()].join(", ")));
        params.extend(ids.into_iter().map(Value::Text));
    }
    if let Some(topic) = &filters.topic {
        if !spec.has_topic {
            bail!("--topic does not apply to {name}");
        }
        conditions.push("topic = ?".into());
        params.push(Value::Text(resolve_id(conn, "topics", "topic", topic)?));
    }
    if let Some(text) = &filters.text {
        match spec.text {
            TextSearch::Index { block } => {
                let Some(words) = fts_query(text) else {
                    bail!("--text '{text}' has no word to look for");
                };
                // The rowid range keeps to this kind. Its hits come in
                // rowid order, which is listing order, each leading to its
                // row by primary key: nothing to look up, collect or sort.
                let base = block << 32;
                let (low, high) = hits.unwrap_or((base + 1, base + (1 << 32) - 1));
                from = format!(
                    "(SELECT rowid AS hit FROM search_index WHERE search_index MATCH ? \
                     AND rowid BETWEEN {low} AND {high}) AS h JOIN {} AS t ON t.n = h.hit - {base}",
                    spec.from
                );
                from_hits = true;
                // The FROM clause comes first in the SQL, so does its parameter.
                params.insert(0, Value::Text(text_match(&words)));
            }
            TextSearch::Like(columns) => {
                for word in text.split_whitespace() {
                    let any: Vec<String> = columns
                        .iter()
                        .map(|c| format!("{c} LIKE ? ESCAPE '\\'"))
                        .collect();
                    conditions.push(format!("({})", any.join(" OR ")));
                    params.extend(columns.iter().map(|_| Value::Text(like_pattern(word))));
                }
            }
        }
    }

    let order = match &filters.sort {
        None if from_hits => "h.hit".to_string(),
        // A date filter leaves only dated rows, which the date index yields
        // already in listing order: saying so spares SQLite a sort.
        None if dates_bounded && spec.order_follows_dates => "date_from, date_to, n".to_string(),
        None => spec.default_order.to_string(),
        Some(sort) => {
            let (column, descending) = match sort.rsplit_once(':') {
                Some((c, "desc")) => (c, true),
                Some((c, "asc")) => (c, false),
                Some((_, other)) => bail!("--sort {sort}: '{other}' is not asc or desc"),
                None => (sort.as_str(), false),
            };
            let column = known_column(&spec, entity, column)?;
            // Dates sort by their bounds, not by the EDTF text.
            let key = if column == "date" {
                "date_from, date_to"
            } else {
                column
            };
            let direction = if descending { " DESC" } else { "" };
            let keys: Vec<String> = key.split(", ").map(|k| format!("{k}{direction}")).collect();
            format!(
                "{} IS NULL, {}, id",
                key.split(", ").next().unwrap_or(key),
                keys.join(", ")
            )
        }
    };

    let columns: Vec<String> = match &filters.columns {
        Some(list) => list
            .iter()
            .map(|c| known_column(&spec, entity, c.trim()).map(str::to_string))
            .collect::<Result<_>>()?,
        None if table => spec.table_columns.iter().map(|c| c.to_string()).collect(),
        None => spec.columns.iter().map(|c| c.to_string()).collect(),
    };

    let mut sql = format!("SELECT {} FROM {from}", columns.join(", "));
    if !conditions.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conditions.join(" AND "));
    }
    sql.push_str(" ORDER BY ");
    sql.push_str(&order);
    if let Some(limit) = filters.limit {
        sql.push_str(" LIMIT ?");
        params.push(Value::Integer(limit.min(i64::MAX as u64) as i64));
    }
    Ok(Query {
        sql,
        params,
        columns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        crate::db::in_memory().unwrap()
    }

    #[test]
    fn every_entity_query_prepares() {
        let conn = conn();
        for entity in Entity::value_variants() {
            let q = build(&conn, *entity, &Filters::default(), false).unwrap();
            conn.prepare(&q.sql).unwrap();
            assert_eq!(q.columns, columns(*entity));
        }
    }

    fn loaded() -> Connection {
        let mut conn = conn();
        crate::seed::load_or_fail(&mut conn, &crate::seed::DataSource::BuiltIn).unwrap();
        conn
    }

    #[test]
    fn listing_tables_hold_exactly_the_listing_columns() {
        let conn = conn();
        for entity in Entity::value_variants() {
            let spec = spec(*entity);
            if spec.from.starts_with('(') {
                continue;
            }
            let stored: Vec<String> = conn
                .prepare(&format!(
                    "SELECT name FROM pragma_table_info('{}')",
                    spec.from
                ))
                .unwrap()
                .query_map([], |row| row.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert_eq!(stored[0], "n", "{}", spec.from);
            assert_eq!(stored[1..], *spec.columns, "{}", spec.from);
        }
    }

    #[test]
    fn each_kind_keeps_to_its_block_of_search_rowids() {
        let conn = loaded();
        for entity in Entity::value_variants() {
            let TextSearch::Index { block } = spec(*entity).text else {
                continue;
            };
            let kind = value_name(entity).trim_end_matches('s').to_string();
            let (rows, outside): (i64, i64) = conn
                .query_row(
                    "SELECT count(*), count(*) FILTER (WHERE rowid >> 32 != ?2) \
                     FROM search_index WHERE kind = ?1",
                    rusqlite::params![kind, block],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .unwrap();
            assert!(rows > 0, "{kind}");
            assert_eq!(outside, 0, "{kind} rows outside block {block}");
        }
    }

    #[test]
    fn text_search_finds_the_row_the_index_names() {
        let conn = loaded();
        for entity in [
            Entity::Events,
            Entity::Actors,
            Entity::Proposals,
            Entity::Positions,
        ] {
            let kind = value_name(&entity).trim_end_matches('s').to_string();
            let (id, title): (String, String) = conn
                .query_row(
                    "SELECT id, title FROM search_index WHERE kind = ?1 ORDER BY rowid DESC LIMIT 1",
                    [&kind],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .unwrap();
            let filters = Filters {
                text: Some(title.clone()),
                columns: Some(vec!["id".into()]),
                ..Filters::default()
            };
            let q = build(&conn, entity, &filters, false).unwrap();
            let found: Vec<String> = conn
                .prepare(&q.sql)
                .unwrap()
                .query_map(rusqlite::params_from_iter(&q.params), |row| row.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert!(found.contains(&id), "{kind} '{title}': {found:?}");
        }
    }

    fn ids(conn: &Connection, entity: Entity, filters: &Filters) -> Vec<String> {
        let filters = Filters {
            columns: Some(vec!["id".into()]),
            ..filters.clone()
        };
        let q = build(conn, entity, &filters, false).unwrap();
        conn.prepare(&q.sql)
            .unwrap()
            .query_map(rusqlite::params_from_iter(&q.params), |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn date_filters_keep_the_listing_order_without_a_sort() {
        let conn = loaded();
        let everything = Filters {
            from: Some("0001".into()),
            ..Filters::default()
        };
        for entity in [
            Entity::Events,
            Entity::Proposals,
            Entity::Positions,
            Entity::Periods,
        ] {
            let dated = ids(&conn, entity, &everything);
            let all = ids(&conn, entity, &Filters::default());
            let in_order: Vec<String> = all.into_iter().filter(|id| dated.contains(id)).collect();
            assert!(dated.len() > 3, "{entity:?}");
            assert_eq!(dated, in_order, "{entity:?}");
        }
        let year = Filters {
            year: Some(1997),
            ..Filters::default()
        };
        let plan = plan(&conn, &build(&conn, Entity::Events, &year, false).unwrap());
        assert!(
            plan.iter()
                .any(|step| step.contains("event_listing_by_date")),
            "{plan:?}"
        );
        assert!(
            !plan.iter().any(|step| step.contains("TEMP B-TREE")),
            "{plan:?}"
        );
    }

    fn plan(conn: &Connection, q: &Query) -> Vec<String> {
        conn.prepare(&format!("EXPLAIN QUERY PLAN {}", q.sql))
            .unwrap()
            .query_map(rusqlite::params_from_iter(&q.params), |row| row.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn each_search_rowid_names_its_listing_row() {
        let conn = loaded();
        for (block, listing) in search_blocks() {
            let (rows, named): (i64, i64) = conn
                .query_row(
                    &format!(
                        "SELECT count(*), count(t.id) FROM search_index AS s \
                         LEFT JOIN {listing} AS t ON t.n = s.rowid - (?1 << 32) AND t.id = s.id \
                         WHERE s.rowid >> 32 = ?1"
                    ),
                    [block],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .unwrap();
            assert!(rows > 0, "{listing}");
            assert_eq!(
                named, rows,
                "{listing}: rows whose n differs from their rowid"
            );
        }
    }

    #[test]
    fn text_hits_come_in_listing_order_without_a_sort() {
        let conn = loaded();
        let japan = Filters {
            text: Some("japan".into()),
            ..Filters::default()
        };
        let in_1997 = Filters {
            year: Some(1997),
            ..japan.clone()
        };
        for entity in [
            Entity::Events,
            Entity::Actors,
            Entity::Proposals,
            Entity::Positions,
        ] {
            let found = ids(&conn, entity, &japan);
            let all = ids(&conn, entity, &Filters::default());
            let in_order: Vec<String> = all.into_iter().filter(|id| found.contains(id)).collect();
            assert!(found.len() > 1, "{entity:?}");
            assert_eq!(found, in_order, "{entity:?}");
            let steps = plan(&conn, &build(&conn, entity, &japan, false).unwrap());
            assert!(
                steps.iter().any(|s| s.contains("search_index")),
                "{steps:?}"
            );
            assert!(
                !steps.iter().any(|s| s.contains("TEMP B-TREE")),
                "{steps:?}"
            );
        }
        // With a date filter too, the hits are the year's, still in order.
        let found = ids(&conn, Entity::Events, &in_1997);
        let year = Filters {
            year: Some(1997),
            ..Filters::default()
        };
        let in_order: Vec<String> = ids(&conn, Entity::Events, &year)
            .into_iter()
            .filter(|id| ids(&conn, Entity::Events, &japan).contains(id))
            .collect();
        assert!(found.len() > 1);
        assert_eq!(found, in_order);
    }

    #[test]
    fn only_an_unsorted_unlimited_text_listing_is_halved() {
        let conn = loaded();
        let japan = Filters {
            text: Some("japan".into()),
            ..Filters::default()
        };
        let halved = |entity, filters: &Filters, large| {
            halves(&conn, entity, filters, false, large)
                .unwrap()
                .is_some()
        };
        assert!(halved(Entity::Events, &japan, 1));
        assert!(halved(Entity::Actors, &japan, 1));
        let sorted = Filters {
            sort: Some("title".into()),
            ..japan.clone()
        };
        let limited = Filters {
            limit: Some(5),
            ..japan.clone()
        };
        // Each half would be sorted, or limited, on its own.
        assert!(!halved(Entity::Events, &sorted, 1));
        assert!(!halved(Entity::Events, &limited, 1));
        assert!(!halved(Entity::Events, &Filters::default(), 1));
        assert!(!halved(Entity::Sources, &japan, 1), "no index");
        assert!(
            !halved(Entity::Events, &japan, crate::halves::LARGE),
            "too few"
        );
    }

    #[test]
    fn year_becomes_an_overlap_on_bounds() {
        let filters = Filters {
            year: Some(1997),
            ..Filters::default()
        };
        let q = build(&conn(), Entity::Events, &filters, true).unwrap();
        assert!(q.sql.contains("WHERE date_to >= ? AND date_from >= coalesce(date(?, '-' || (SELECT max_days FROM date_spans"), "{}", q.sql);
        assert!(q.sql.contains("AND date_from <= ?"), "{}", q.sql);
        let (from, to) = (
            Value::Text("1997-01-01".into()),
            Value::Text("1997-12-31".into()),
        );
        assert_eq!(q.params, vec![from.clone(), from, to]);
    }

    #[test]
    fn user_text_is_bound_never_spliced() {
        let filters = Filters {
            text: Some("50%_'; DROP".into()),
            ..Filters::default()
        };
        let q = build(&conn(), Entity::Events, &filters, true).unwrap();
        assert!(!q.sql.contains("DROP"));
        let fts = "{title summary} : (\"50%_';\"* \"DROP\"*)";
        assert!(
            q.params.contains(&Value::Text(fts.into())),
            "{:?}",
            q.params
        );
        let q = build(&conn(), Entity::Sources, &filters, true).unwrap();
        assert!(!q.sql.contains("DROP"));
        assert!(q.params.contains(&Value::Text("%50\\%\\_';%".into())));
    }

    #[test]
    fn ordinary_text_is_quoted_word_by_word() {
        assert_eq!(fts_query("demilitar").unwrap(), "\"demilitar\"*");
        assert_eq!(
            fts_query("say \"no\" AND").unwrap(),
            "\"say\"* \"\"\"no\"\"\"* \"AND\"*"
        );
        assert_eq!(fts_query("- ... ()").as_deref(), None);
        // Found by fuzzing: FTS5 stops reading at a NUL.
        assert_eq!(fts_query("vi\0free").unwrap(), "\"vi\"* \"free\"*");
    }

    #[test]
    fn unknown_columns_and_misplaced_filters_are_errors() {
        let c = conn();
        let bad_column = Filters {
            columns: Some(vec!["titel".into()]),
            ..Filters::default()
        };
        let err = build(&c, Entity::Events, &bad_column, true)
            .unwrap_err()
            .to_string();
        assert!(err.contains("nearest: title"), "{err}");
        let bad_sort = Filters {
            sort: Some("date:up".into()),
            ..Filters::default()
        };
        assert!(build(&c, Entity::Events, &bad_sort, true).is_err());
        let year_on_actors = Filters {
            year: Some(1997),
            ..Filters::default()
        };
        assert!(build(&c, Entity::Actors, &year_on_actors, true).is_err());
    }
}
