//! Each cited row's `source` column, as every listing shows it: each
//! (source, relation) once, in the order first cited, with its locators
//! each once in that order, and a relation other than `supports` named
//! after it — "study I §2(4), II §5; jamestown-4-91 (contradicts)".
//!
//! The citations of each kind are grouped once, in the order of that
//! kind's partial index, and an aggregate of rjkb's own writes each
//! group's text. It replaced three groupings in SQL (locators, then a
//! label per source, then the list), which took 0.26 s of the listings'
//! 0.77 s at 100,000 events: whole builds, seven in turns, 3.53 s → 3.30 s.

use super::by_cited_kind;
use rusqlite::functions::{Aggregate, Context, FunctionFlags};
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};

/// The aggregate's name in SQL: only the fill calls it, never anything
/// stored in the database, which sqlite3 shells must still read.
const LABEL: &str = "rjkb_source_label";

/// What [`label`] writes, in words. It is part of the listings' layout
/// (the text of [`cited`]), so that a database built by an rjkb that
/// wrote the column otherwise gets its listings remade: change these
/// words whenever the rule changes.
const RULE: &str = "each (source, relation) once, in the order first cited, with its \
                    locators each once in that order; a relation other than supports \
                    named after it; sources joined by '; '";

/// The temporary table `cited` (kind, target, source) for the listings
/// to join; [`register`] must have been called on the connection.
pub(super) fn cited() -> String {
    let labels = by_cited_kind(|kind| {
        format!(
            "SELECT '{kind}', c.{kind}, {LABEL}(c.source, c.relation, c.locator, c.rowid) \
             FROM citations c WHERE c.{kind} IS NOT NULL GROUP BY c.{kind}"
        )
    });
    format!(
        "CREATE TEMP TABLE cited (
  kind TEXT, target TEXT, source TEXT, PRIMARY KEY (kind, target)
) WITHOUT ROWID;
INSERT INTO temp.cited -- {RULE}
{labels};"
    )
}

/// Makes [`LABEL`] callable on `conn`.
pub(super) fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_aggregate_function(LABEL, 4, flags, SourceLabel)
}

/// One citation, as the aggregate is given it.
#[derive(Debug)]
struct Citation {
    rowid: i64,
    source: String,
    relation: String,
    locator: Option<String>,
}

struct SourceLabel;

impl Aggregate<Vec<Citation>, Option<String>> for SourceLabel {
    fn init(&self, _: &mut Context<'_>) -> rusqlite::Result<Vec<Citation>> {
        Ok(Vec::new())
    }

    /// Takes (source, relation, locator, rowid). A database from
    /// elsewhere may hold anything: a citation without a source or a
    /// relation is left out, as SQL's `||` with a NULL would have left it.
    fn step(&self, ctx: &mut Context<'_>, cited: &mut Vec<Citation>) -> rusqlite::Result<()> {
        if let (Some(source), Some(relation)) = (text(ctx, 0), text(ctx, 1)) {
            cited.push(Citation {
                rowid: ctx.get(3)?,
                source,
                relation,
                locator: text(ctx, 2),
            });
        }
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut Context<'_>,
        cited: Option<Vec<Citation>>,
    ) -> rusqlite::Result<Option<String>> {
        Ok(label(cited.unwrap_or_default()))
    }
}

/// An argument as text, whatever its type; None for NULL.
fn text(ctx: &Context<'_>, index: usize) -> Option<String> {
    match ctx.get_raw(index) {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(r) => Some(r.to_string()),
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
            Some(String::from_utf8_lossy(bytes).into_owned())
        }
    }
}

/// The `source` column of a row with these citations ([`RULE`]); None
/// when there are none.
fn label(mut cited: Vec<Citation>) -> Option<String> {
    cited.sort_by_key(|c| c.rowid);
    // (source, relation) and its locators, in the order first cited.
    let mut groups: Vec<(&str, &str, Vec<&str>)> = Vec::new();
    let mut group_of: HashMap<(&str, &str), usize> = HashMap::new();
    let mut seen: HashSet<(usize, &str)> = HashSet::new();
    for c in &cited {
        let key = (c.source.as_str(), c.relation.as_str());
        let at = *group_of.entry(key).or_insert_with(|| {
            groups.push((key.0, key.1, Vec::new()));
            groups.len() - 1
        });
        if let Some(locator) = c.locator.as_deref().filter(|l| !l.is_empty()) {
            if seen.insert((at, locator)) {
                groups[at].2.push(locator);
            }
        }
    }
    let labels: Vec<String> = groups
        .iter()
        .map(|(source, relation, locators)| {
            let mut label = source.to_string();
            if !locators.is_empty() {
                label = format!("{label} {}", locators.join(", "));
            }
            if *relation != "supports" {
                label = format!("{label} ({})", relation.replace('_', " "));
            }
            label
        })
        .collect();
    (!labels.is_empty()).then(|| labels.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cite(rowid: i64, source: &str, relation: &str, locator: Option<&str>) -> Citation {
        Citation {
            rowid,
            source: source.into(),
            relation: relation.into(),
            locator: locator.map(String::from),
        }
    }

    #[test]
    fn a_label_names_each_source_once_in_the_order_first_cited() {
        // Given out of order, as a grouping may give them.
        let cited = vec![
            cite(5, "study", "supports", Some("II §5")),
            cite(1, "study", "supports", Some("I §2(4)")),
            cite(2, "jamestown-4-91", "contradicts", None),
            cite(3, "study", "supports", Some("I §2(4)")),
            cite(4, "study", "contradicts", Some("III")),
            cite(6, "fact-check", "not_confirmed", Some("")),
            cite(7, "jamestown-4-91", "supports", Some("para. 1")),
        ];
        assert_eq!(
            label(cited).as_deref(),
            Some(
                "study I §2(4), II §5; jamestown-4-91 (contradicts); study III (contradicts); \
                 fact-check (not confirmed); jamestown-4-91 para. 1"
            )
        );
        assert_eq!(label(Vec::new()), None);
    }

    #[test]
    fn the_aggregate_takes_what_a_database_from_elsewhere_holds() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let sql = format!(
            "SELECT {LABEL}(column1, column2, column3, column4) FROM (VALUES (7, 'supports', 12, 2), \
             (NULL, 'supports', 'x', 1), ('a', NULL, 'x', 3), (x'ff', 'contradicts', 1.5, 4))"
        );
        let got: Option<String> = conn.query_row(&sql, [], |r| r.get(0)).unwrap();
        assert_eq!(got.as_deref(), Some("7 12; \u{fffd} 1.5 (contradicts)"));
        let none = format!("SELECT {LABEL}(NULL, 'supports', NULL, 1)");
        let got: Option<String> = conn.query_row(&none, [], |r| r.get(0)).unwrap();
        assert_eq!(got, None);
    }
}
