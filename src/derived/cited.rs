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
use std::collections::HashMap;

/// The aggregate's name in SQL: only the fill calls it, never anything
/// stored in the database, which sqlite3 shells must still read.
const LABEL: &str = "rjkb_source_label";

/// What [`Cited::text`] writes, in words. It is part of the listings' layout
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

/// A row's citations as the aggregate gathers them: each (source,
/// relation) once with the first rowid that cites it, and each of its
/// locators once with its own first rowid — what the text needs and no
/// more, so that a row a database from elsewhere cites a million times
/// from one source holds one entry, not a million.
#[derive(Debug, Default)]
struct Cited {
    /// (source, relation) → its place in `groups`.
    group_of: HashMap<(String, String), usize>,
    groups: Vec<Group>,
    /// (group, locator) → its place in that group's locators.
    locator_of: HashMap<(usize, String), usize>,
}

/// One (source, relation) of a row: the first rowid citing it, and its
/// locators, each with its first rowid.
#[derive(Debug, Default)]
struct Group {
    first: i64,
    locators: Vec<(i64, String)>,
}

impl Cited {
    /// One citation; they may come in any order.
    fn add(&mut self, rowid: i64, source: String, relation: String, locator: Option<String>) {
        let next = self.groups.len();
        let at = *self.group_of.entry((source, relation)).or_insert(next);
        if at == next {
            self.groups.push(Group {
                first: rowid,
                locators: Vec::new(),
            });
        }
        let group = &mut self.groups[at];
        group.first = group.first.min(rowid);
        let Some(locator) = locator.filter(|l| !l.is_empty()) else {
            return;
        };
        let next = group.locators.len();
        let place = *self.locator_of.entry((at, locator.clone())).or_insert(next);
        if place == next {
            group.locators.push((rowid, locator));
        }
        let first = &mut group.locators[place].0;
        *first = (*first).min(rowid);
    }

    /// The `source` column ([`RULE`]); None when nothing was added.
    fn text(self) -> Option<String> {
        let mut each = self.groups;
        let mut named: Vec<(String, String, Group)> = self
            .group_of
            .into_iter()
            .map(|((source, relation), at)| (source, relation, std::mem::take(&mut each[at])))
            .collect();
        named.sort_by_key(|(_, _, group)| group.first);
        let labels: Vec<String> = named
            .into_iter()
            .map(|(source, relation, mut group)| {
                group.locators.sort_by_key(|l| l.0);
                let mut label = source;
                for (index, (_, locator)) in group.locators.iter().enumerate() {
                    label.push_str(if index == 0 { " " } else { ", " });
                    label.push_str(locator);
                }
                if relation != "supports" {
                    label = format!("{label} ({})", relation.replace('_', " "));
                }
                label
            })
            .collect();
        (!labels.is_empty()).then(|| labels.join("; "))
    }
}

struct SourceLabel;

impl Aggregate<Cited, Option<String>> for SourceLabel {
    fn init(&self, _: &mut Context<'_>) -> rusqlite::Result<Cited> {
        Ok(Cited::default())
    }

    /// Takes (source, relation, locator, rowid). A database from
    /// elsewhere may hold anything: a citation without a source or a
    /// relation is left out, as SQL's `||` with a NULL would have left it.
    fn step(&self, ctx: &mut Context<'_>, cited: &mut Cited) -> rusqlite::Result<()> {
        if let (Some(source), Some(relation)) = (text(ctx, 0), text(ctx, 1)) {
            cited.add(ctx.get(3)?, source, relation, text(ctx, 2));
        }
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut Context<'_>,
        cited: Option<Cited>,
    ) -> rusqlite::Result<Option<String>> {
        Ok(cited.and_then(Cited::text))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cited(citations: &[(i64, &str, &str, Option<&str>)]) -> Cited {
        let mut cited = Cited::default();
        for &(rowid, source, relation, locator) in citations {
            cited.add(
                rowid,
                source.into(),
                relation.into(),
                locator.map(String::from),
            );
        }
        cited
    }

    #[test]
    fn a_label_names_each_source_once_in_the_order_first_cited() {
        // Given out of order, as a grouping may give them.
        let got = cited(&[
            (5, "study", "supports", Some("II §5")),
            (3, "study", "supports", Some("I §2(4)")),
            (2, "jamestown-4-91", "contradicts", None),
            (1, "study", "supports", Some("I §2(4)")),
            (4, "study", "contradicts", Some("III")),
            (6, "fact-check", "not_confirmed", Some("")),
            (7, "jamestown-4-91", "supports", Some("para. 1")),
        ]);
        assert_eq!(
            got.text().as_deref(),
            Some(
                "study I §2(4), II §5; jamestown-4-91 (contradicts); study III (contradicts); \
                 fact-check (not confirmed); jamestown-4-91 para. 1"
            )
        );
        assert_eq!(Cited::default().text(), None);
    }

    #[test]
    fn a_row_cited_again_and_again_holds_each_source_and_locator_once() {
        let mut many = vec![(0, "study", "supports", Some("I"))];
        for rowid in (1..10_000).rev() {
            many.push((
                rowid,
                "study",
                "supports",
                Some(["I", "II"][rowid as usize % 2]),
            ));
        }
        let got = cited(&many);
        assert_eq!((got.groups.len(), got.locator_of.len()), (1, 2));
        assert_eq!(got.text().as_deref(), Some("study I, II"));
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
