//! Derived objects: what rjkb computes from the fact tables and never
//! takes from a CSV file — one listing table per entity, the full-text
//! index and the rows it is filled from, and each dated table's longest
//! date span.
//!
//! They are not migrations. Each has one current definition, generated
//! here from the entity model ([`crate::model`]), and carries its layout —
//! a hash of the statements that make and fill it — as a comment in its
//! own CREATE statement, which SQLite keeps word for word. A database whose
//! derived object is missing, or is not word for word what this one's
//! statements make (anything added to it included), gets it dropped and
//! made anew ([`ensure`]), then everything derived is refilled; every load
//! refills them too ([`refill`]). Migrations 0002–0005 predate this and
//! still make older versions of these objects on a new database; `ensure`
//! replaces them straight after.
//!
//! Only rjkb runs the fill statements, so they may use SQLite 3.44's ORDER
//! BY inside an aggregate, and an aggregate of rjkb's own (`cited.rs`);
//! what is stored in the schema (the views) must not, so that older
//! sqlite3 shells can still read the database.

mod cited;
mod listing;
mod search;

use crate::db::{self, SchemaRow};
use crate::model::{self, Entity};
use anyhow::{Context, Result};
use cited::cited;
use listing::listing;
use rusqlite::{Connection, OptionalExtension};
use search::{search_index, search_rows};
use std::time::{Duration, Instant};

/// One derived table or view.
#[derive(Debug)]
pub struct Derived {
    pub name: &'static str,
    /// Its CREATE statement (then any CREATE INDEX), the first line
    /// ending in a comment that says what it holds.
    create: String,
    /// What refills it from the fact tables; empty for a view.
    fill: String,
}

impl Derived {
    /// The layout line its stored CREATE statement carries.
    fn layout(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        // The listings join the sources that cite each row: what gathers
        // them shapes the listings too.
        let cited = cited();
        for byte in [&self.create, &self.fill, &cited]
            .iter()
            .flat_map(|s| s.bytes())
        {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        format!("  -- layout {hash:016x}")
    }

    /// The statements that make it, the layout line second.
    pub fn ddl(&self) -> String {
        let (first, rest) = self.create.split_once('\n').unwrap_or((&self.create, ""));
        format!("{first}\n{}\n{rest}", self.layout())
    }

    /// What holds its name in the database now: (type, CREATE statement).
    fn stored(&self, conn: &Connection) -> Result<Option<(String, String)>> {
        let sql = "SELECT type, sql FROM sqlite_schema WHERE name = ?1";
        Ok(conn
            .query_row(sql, [self.name], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?)
    }

    /// Whether `name` is this object, or a table SQLite makes for it (the
    /// full-text index's `search_index_data`...).
    pub fn owns(&self, name: &str) -> bool {
        name == self.name
            || (self.create.starts_with("CREATE VIRTUAL TABLE")
                && name
                    .strip_prefix(self.name)
                    .is_some_and(|r| r.starts_with('_')))
    }

    /// The rows of `schema` that are this object or stand on it: its
    /// indexes, its tables, and anything a database may have added to it.
    fn rows<'s>(&self, schema: &'s [SchemaRow]) -> Vec<&'s SchemaRow> {
        schema
            .iter()
            .filter(|(_, name, table, _)| self.owns(name) || self.owns(table))
            .collect()
    }

    /// Whether `found` (a database's schema) holds this object as `made`
    /// (what its statements make) does, word for word: not only its layout
    /// line, which a database from elsewhere could keep above a definition
    /// of its own (a view in place of a table, one that never ends), and
    /// nothing more (an index on an expression that computes gigabytes, a
    /// trigger).
    fn is_current(&self, found: &[SchemaRow], made: &[SchemaRow]) -> bool {
        self.rows(found) == self.rows(made)
    }

    /// Drops whatever holds its name, and makes it anew, empty.
    fn remake(&self, conn: &Connection) -> Result<()> {
        if let Some((kind, _)) = self.stored(conn)? {
            conn.execute_batch(&format!("DROP {kind} {}", self.name))?;
        }
        conn.execute_batch(&self.ddl())
            .with_context(|| format!("making {}", self.name))
    }
}

/// Every derived object, in the order they are made and filled: each
/// reads only fact tables and the objects before it.
pub fn all() -> Vec<Derived> {
    let mut all: Vec<Derived> = Entity::ALL.iter().map(|e| listing(e.def())).collect();
    all.extend([
        search_rows(),
        search_index(),
        date_span_rows(),
        date_spans(),
    ]);
    all
}

/// Everything that shapes the derived objects, as text: for fingerprints.
pub fn definition() -> String {
    all().iter().map(|d| d.ddl() + &d.fill).collect()
}

/// What the statements of every derived object make, as schema rows: the
/// statements run on an empty database (a view may name tables it lacks).
/// The built-in data holds the same ([`crate::builtin`]), at less cost.
pub fn made() -> Result<Vec<SchemaRow>> {
    let conn = Connection::open_in_memory()?;
    for derived in all() {
        conn.execute_batch(&derived.ddl())?;
    }
    db::schema_rows(&conn)
}

/// Whether every derived object is there as `own` (a schema holding them
/// as this rjkb makes them) holds it, filled from the fact tables as they
/// are.
pub fn is_current(conn: &Connection, own: &[SchemaRow]) -> Result<bool> {
    let found = db::schema_rows(conn)?;
    Ok(all().iter().all(|d| d.is_current(&found, own)) && !facts_edited(conn)?)
}

/// Makes anew each derived object that is missing, in another layout, or
/// with anything added to it, then, if there was any or a fact table
/// changed since the last fill, refills them all. Callers run it inside
/// their transaction.
pub fn ensure(conn: &Connection, own: &[SchemaRow]) -> Result<()> {
    let found = db::schema_rows(conn)?;
    let mut remade = false;
    for derived in all() {
        if !derived.is_current(&found, own) {
            derived.remake(conn)?;
            remade = true;
        }
    }
    if remade || facts_edited(conn)? {
        refill(conn)?;
    }
    Ok(())
}

/// Whether another program changed a fact table since the derived objects
/// were last filled (migration 0011's triggers say so). One row is read,
/// however many a file from elsewhere may hold.
pub(crate) fn facts_edited(conn: &Connection) -> Result<bool> {
    let edited: Option<bool> = conn
        .query_row(
            "SELECT coalesce(edited <> 0, 1) FROM fact_edits LIMIT 1",
            [],
            |row| row.get(0),
        )
        .optional()?;
    Ok(edited.unwrap_or(true))
}

/// How long refilling each kind of derived table took.
#[derive(Debug, Default, Clone, Copy)]
pub struct RefillTimes {
    pub search_index: Duration,
    pub listings: Duration,
}

/// Recomputes every derived object from the fact tables; callers run it
/// inside their transaction.
pub fn refill(conn: &Connection) -> Result<RefillTimes> {
    let started = Instant::now();
    let all = all();
    let (listings, others) = all.split_at(Entity::ALL.len());
    cited::register(conn)?;
    conn.execute_batch(&cited())
        .context("gathering each row's sources")?;
    crate::db::without_indexes_or_triggers(conn, "%\\_listing", || {
        for derived in listings {
            conn.execute_batch(&derived.fill)
                .with_context(|| format!("filling {}", derived.name))?;
        }
        Ok(())
    })?;
    conn.execute_batch("DROP TABLE temp.cited")?;
    let listed = started.elapsed();
    for derived in others {
        conn.execute_batch(&derived.fill)
            .with_context(|| format!("filling {}", derived.name))?;
    }
    conn.execute_batch("DELETE FROM fact_edits; INSERT INTO fact_edits VALUES (0);")?;
    Ok(RefillTimes {
        search_index: started.elapsed() - listed,
        listings: listed,
    })
}

/// A SELECT over `citations c` grouped by the row each cites, as one
/// SELECT per kind of cited row, joined by UNION ALL: `select` is given
/// the kind (its column in citations), and the SELECT reads only the
/// citations of that kind (`WHERE c.kind IS NOT NULL`), in the order of
/// that kind's partial index. At 100,000 events, grouping by the kind and
/// the target computed for each citation took 0.06 s more in each of the
/// two groupings.
fn by_cited_kind(select: impl Fn(&str) -> String) -> String {
    let selects: Vec<String> = model::cited().map(|def| select(def.singular)).collect();
    selects.join("\nUNION ALL\n")
}

/// The longest date span of each dated table. A row overlaps [from, to]
/// when date_from <= to AND date_to >= from; an index on date_from bounds
/// only one side of that, but knowing that no row spans more than
/// max_days, date_from >= from - max_days bounds the other, so a date
/// filter reads one slice of the index instead of half of it.
fn date_span_rows() -> Derived {
    let selects: Vec<String> = Entity::ALL
        .iter()
        .map(|e| e.def())
        .filter(|def| def.dated())
        .map(|def| {
            format!(
                "SELECT '{}' AS entity, CAST(coalesce(max(julianday(date_to) - julianday(date_from)), 0) \
                 AS INTEGER) AS max_days FROM {}",
                def.name, def.name
            )
        })
        .collect();
    Derived {
        name: "date_span_rows",
        create: format!(
            "CREATE VIEW date_span_rows AS -- what date_spans holds\n{}",
            selects.join("\nUNION ALL\n")
        ),
        fill: String::new(),
    }
}

fn date_spans() -> Derived {
    Derived {
        name: "date_spans",
        create: "CREATE TABLE date_spans ( -- the longest date span of each dated table, so date filters can use an index range
  entity TEXT PRIMARY KEY,       -- the dated table
  max_days INTEGER NOT NULL      -- days from date_from to date_to of its longest row
);"
        .into(),
        fill: "DELETE FROM date_spans;\nINSERT INTO date_spans SELECT * FROM date_span_rows;".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::built_in_file;

    fn names(conn: &Connection, sql: &str) -> Vec<String> {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt.query_map([], |row| row.get(0)).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    }

    #[test]
    fn listing_tables_hold_exactly_the_listing_columns() {
        let conn = crate::db::in_memory().unwrap();
        for entity in Entity::ALL {
            let def = entity.def();
            let sql = format!("SELECT name FROM pragma_table_info('{}')", def.listing);
            let stored = names(&conn, &sql);
            let listed: Vec<&str> = def.column_names().collect();
            assert_eq!(stored[0], "n", "{}", def.listing);
            assert_eq!(stored[1..], listed, "{}", def.listing);
        }
    }

    #[test]
    fn the_stored_schema_calls_nothing_newer_than_sqlite_3_40() {
        // Views and tables are kept in the file, and sqlite3 shells older
        // than rjkb's SQLite (Debian's 3.40, say) read them: a function
        // added since then would make every query of the view fail there.
        let (_folder, conn) = built_in_file();
        let newer = [
            "concat",
            "concat_ws",
            "string_agg",
            "timediff",
            "octet_length",
            "unistr",
            "if",
        ];
        for sql in names(&conn, "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL") {
            let lower = sql.to_lowercase();
            for name in newer {
                let call = format!("{name}(");
                let found = lower.match_indices(&call).any(|(at, _)| {
                    let before = lower[..at].chars().next_back();
                    !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                });
                assert!(!found, "{name}() in the stored schema:\n{sql}");
            }
        }
    }

    #[test]
    fn an_object_in_another_layout_is_remade_and_refilled() {
        let (_folder, mut conn) = built_in_file();
        let own = made().unwrap();
        assert!(is_current(&conn, &own).unwrap());
        let events: i64 = conn
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap();
        // An older rjkb's listing, and a view someone changed by hand.
        conn.execute_batch(
            "DROP TABLE event_listing; CREATE TABLE event_listing (n INTEGER PRIMARY KEY, id TEXT);
             DROP VIEW date_span_rows; CREATE VIEW date_span_rows AS SELECT 1;",
        )
        .unwrap();
        assert!(!is_current(&conn, &own).unwrap());
        crate::db::migrate(&mut conn, &own).unwrap();
        assert!(is_current(&conn, &own).unwrap());
        let (listed, with_source): (i64, i64) = conn
            .query_row(
                "SELECT count(*), count(source) FROM event_listing",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((listed, with_source), (events, events));
        let spans = names(&conn, "SELECT entity FROM date_spans ORDER BY entity");
        assert_eq!(
            spans,
            ["events", "periods", "positions", "proposals", "sources"]
        );
    }

    #[test]
    fn the_layout_follows_what_makes_and_fills_an_object() {
        let one = listing(Entity::Events.def());
        let other = Derived {
            fill: one.fill.replace("ORDER BY", "ORDER BY t.id,"),
            ..listing(Entity::Events.def())
        };
        assert_ne!(one.layout(), other.layout());
        assert_eq!(one.layout(), listing(Entity::Events.def()).layout());
        assert_eq!(one.ddl().lines().nth(1), Some(one.layout().as_str()));
    }
}
