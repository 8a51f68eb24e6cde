//! Derived objects: what rjkb computes from the fact tables and never
//! takes from a CSV file — one listing table per entity, the full-text
//! index and the rows it is filled from, and each dated table's longest
//! date span.
//!
//! They are not migrations. Each has one current definition, generated
//! here from the entity model ([`crate::model`]), and carries its layout —
//! a hash of the statements that make and fill it — as a comment in its
//! own CREATE statement, which SQLite keeps word for word. A database whose
//! derived object is missing or has another layout gets it dropped and
//! made anew ([`ensure`]), then everything derived is refilled; every load
//! refills them too ([`refill`]). Migrations 0002–0005 predate this and
//! still make older versions of these objects on a new database; `ensure`
//! replaces them straight after.
//!
//! Only rjkb runs the fill statements, so they may use SQLite 3.44's ORDER
//! BY inside an aggregate; what is stored in the schema (the views) must
//! not, so that older sqlite3 shells can still read the database.

use crate::model::{self, By, Def, Entity, Fill, Text};
use anyhow::{Context, Result};
use rusqlite::{Connection, OptionalExtension};
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

    fn is_current(&self, conn: &Connection) -> Result<bool> {
        let layout = format!("{}\n", self.layout());
        Ok(self
            .stored(conn)?
            .is_some_and(|(_, sql)| sql.contains(&layout)))
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

/// Whether every derived object is there in its current layout.
pub fn is_current(conn: &Connection) -> Result<bool> {
    for derived in all() {
        if !derived.is_current(conn)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Makes anew each derived object that is missing or in another layout,
/// then, if there was any, refills them all. Callers run it inside their
/// transaction.
pub fn ensure(conn: &Connection) -> Result<()> {
    let mut remade = false;
    for derived in all() {
        if !derived.is_current(conn)? {
            derived.remake(conn)?;
            remade = true;
        }
    }
    if remade {
        refill(conn)?;
    }
    Ok(())
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
    conn.execute_batch(&cited())
        .context("gathering each row's sources")?;
    crate::db::without_indexes(conn, "%\\_listing", || {
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
    Ok(RefillTimes {
        search_index: started.elapsed() - listed,
        listings: listed,
    })
}

/// Each cited row's `source` column, for the listings to join: each
/// (source, relation) once, with its distinct locators, in the order the
/// citations come. Grouping the whole citations table once is many times
/// faster, at a million rows, than a correlated subquery per row.
fn cited() -> String {
    let (kind, target) = citation_target();
    // Three steps, each grouping what the one before left in its key's
    // order: one sort of the citations in all, and so one sort's memory
    // at a time (grouping in nested subqueries held three). A key column
    // cannot be NULL: no locator is kept as '' (the loader never stores '').
    format!(
        "
CREATE TEMP TABLE cited_locators (
  kind TEXT, target TEXT, source TEXT, relation TEXT, locator TEXT, first INTEGER,
  PRIMARY KEY (kind, target, source, relation, locator)
) WITHOUT ROWID;
INSERT INTO temp.cited_locators
SELECT {kind}, {target}, source, relation, coalesce(locator, ''), min(rowid)
FROM citations GROUP BY 1, 2, 3, 4, 5;
CREATE TEMP TABLE cited_labels (
  kind TEXT, target TEXT, first INTEGER, label TEXT, PRIMARY KEY (kind, target, first)
) WITHOUT ROWID;
INSERT INTO temp.cited_labels
SELECT kind, target, min(first),
       source || coalesce(' ' || group_concat(nullif(locator, ''), ', ' ORDER BY first), '')
       || CASE relation WHEN 'supports' THEN '' ELSE ' (' || replace(relation, '_', ' ') || ')' END
FROM temp.cited_locators GROUP BY kind, target, source, relation;
DROP TABLE temp.cited_locators;
CREATE TEMP TABLE cited (
  kind TEXT, target TEXT, source TEXT, PRIMARY KEY (kind, target)
) WITHOUT ROWID;
INSERT INTO temp.cited
SELECT kind, target, group_concat(label, '; ' ORDER BY first) FROM temp.cited_labels
GROUP BY kind, target;
DROP TABLE temp.cited_labels;"
    )
}

/// An entity's listing table: each row exactly as its listing shows it,
/// numbered `n` in the listing order.
fn listing(def: &Def) -> Derived {
    let name = def.listing;
    let mut lines = vec![format!(
        "CREATE TABLE {name} ( -- {} as listed, {}; derived by rjkb",
        def.name, def.order_in_words
    )];
    let place = match block(def) {
        Some(block) => format!(
            "{block} << 32 (its kind's block of search rowids) plus its place in the listing order: {}",
            def.order_in_words
        ),
        None => format!("place in the listing order: {}", def.order_in_words),
    };
    lines.push(column_line("n INTEGER PRIMARY KEY,", &place));
    for (index, column) in def.columns.iter().enumerate() {
        let not_null = if column.name == "id" { " NOT NULL" } else { "" };
        let comma = if index + 1 < def.columns.len() {
            ","
        } else {
            ""
        };
        let about = match column.fill {
            Fill::Fact => format!("{}.{}", def.name, column.name),
            Fill::Gathered { about, .. } => about.to_string(),
            Fill::Sources => {
                "citing sources with their locators, in citation order; contradicting ones marked"
                    .to_string()
            }
        };
        let declared = format!("{} {}{not_null}{comma}", column.name, column.sql_type);
        lines.push(column_line(&declared, &about));
    }
    lines.push(");".into());
    lines.push(format!("CREATE UNIQUE INDEX {name}_by_id ON {name}(id);"));
    if def.dated {
        lines.push(format!(
            "CREATE INDEX {name}_by_date ON {name}(date_from, date_to);"
        ));
    }
    if let Some(By::Column(column)) = def.by.filter(|by| *by != By::Column("id")) {
        lines.push(format!(
            "CREATE INDEX {name}_by_{column} ON {name}({column});"
        ));
    }
    Derived {
        name,
        create: lines.join("\n"),
        fill: listing_fill(def),
    }
}

fn column_line(declared: &str, about: &str) -> String {
    format!("  {declared:<31}-- {about}")
}

/// The statements that refill a listing table from its fact table.
fn listing_fill(def: &Def) -> String {
    let mut values = Vec::new();
    let mut joins = Vec::new();
    for column in def.columns {
        let alias = format!("g_{}", column.name);
        match column.fill {
            Fill::Fact => values.push(format!("t.{}", column.name)),
            Fill::Gathered { value, .. } => values.push(value.to_string()),
            Fill::Sources => {
                values.push(format!("{alias}.source"));
                joins.push(format!(
                    "LEFT JOIN temp.cited AS {alias} ON {alias}.kind = '{}' AND {alias}.target = t.id",
                    def.singular
                ));
            }
        }
    }
    let fill = format!(
        "INSERT INTO {listing}\nSELECT NULL, {values}\nFROM {table} t\n{joins}\nORDER BY {order};",
        listing = def.listing,
        values = values.join(", "),
        table = def.name,
        joins = joins.join("\n"),
        order = def.order,
    );
    // SQLite numbers each new row one after the highest: a first row at
    // the kind's block makes the rows count on from it, and goes.
    match block(def) {
        Some(block) => format!(
            "DELETE FROM {listing};\nINSERT INTO {listing} (n, id) VALUES ({block} << 32, '');\n{fill}\n\
             DELETE FROM {listing} WHERE n = {block} << 32;",
            listing = def.listing
        ),
        None => format!("DELETE FROM {};\n{fill}", def.listing),
    }
}

/// The block of full-text rowids an entity's rows have, if indexed.
fn block(def: &Def) -> Option<i64> {
    match def.text {
        Text::Index { block, .. } => Some(block),
        Text::Like(_) => None,
    }
}

/// The full-text index's rows, and its content: one per row of each
/// indexed listing, with the listing row's `n` for rowid — its kind's
/// block plus its place — so that a rowid range picks one kind, its hits
/// come in listing order, and each leads to its row by primary key (which
/// is also how the index reads a row's text back, for snippets).
fn search_rows() -> Derived {
    let text = Gathered {
        citations: format!(
            "(SELECT group_concat(text, ' ') FROM (SELECT {} AS text FROM citations c \
             WHERE c.{{kind}} = t.id ORDER BY c.rowid))",
            CITATION_TEXT
        ),
        disputes: format!(
            "(SELECT {} FROM citations c WHERE c.{{kind}} = t.id)",
            disputes()
        ),
        participants: "(SELECT group_concat(name, ' ') FROM (SELECT a.name FROM event_actors ea \
                       JOIN actors a ON a.id = ea.actor WHERE ea.event = t.id ORDER BY ea.rowid))"
            .into(),
        joins: false,
    };
    Derived {
        name: "search_rows",
        create: format!(
            "CREATE VIEW search_rows AS -- what search_index holds, row by row\n{}",
            text.rows()
        ),
        fill: String::new(),
    }
}

/// What the full-text index holds of one citation.
const CITATION_TEXT: &str = "concat_ws(' ', c.quote, c.statement, c.note)";

/// The words a disputed row is found by, as an aggregate over its
/// citations `c`: those of each relation among them that disputes it
/// ([`model::DISPUTES`]), in the order DISPUTES lists them; NULL for none.
fn disputes() -> String {
    let cases: Vec<String> = model::DISPUTES
        .iter()
        .map(|d| {
            format!(
                "CASE WHEN max(c.relation = '{}') THEN '{}' END",
                d.relation, d.words
            )
        })
        .collect();
    format!("nullif(concat_ws(' ', {}), '')", cases.join(", "))
}

/// How the search rows gather each row's citations and participants:
/// row by row (the view), or from tables that gather them all at once
/// (the fill). Both give the same text, which FTS5's integrity check
/// holds the index to.
struct Gathered {
    citations: String,
    disputes: String,
    participants: String,
    /// Whether the rows join `temp.cited_text` and `temp.participants`.
    joins: bool,
}

impl Gathered {
    /// The SELECT of every search row, in rowid order.
    fn rows(&self) -> String {
        let selects: Vec<String> = indexed()
            .map(|indexed| {
                let Indexed {
                    def,
                    aliases,
                    summary,
                    notes,
                    names,
                    ..
                } = indexed;
                let kind = def.singular;
                let fill = |sql: &str| {
                    sql.replace("{citations}", &self.citations.replace("{kind}", kind))
                        .replace("{participants}", &self.participants)
                };
                let mut joins = String::new();
                if self.joins {
                    joins = format!(
                        "\nLEFT JOIN temp.cited_text AS ct ON ct.kind = '{kind}' AND ct.target = t.id"
                    );
                    if names.contains("{participants}") {
                        joins.push_str("\nLEFT JOIN temp.participants AS pt ON pt.event = t.id");
                    }
                }
                let date = if def.dated { "t.date" } else { "NULL" };
                format!(
                    "SELECT t.n AS rowid, '{kind}' AS kind, t.id AS id, {date} AS date, \
                     t.{title} AS title,\n       {aliases} AS aliases,\n       \
                     {summary} AS summary,\n       {notes} AS notes,\n       {names} AS names,\n       \
                     {disputes} AS disputes,\n       replace(t.id, '-', ' ') AS id_words\n\
                     FROM {listing} t{joins}",
                    title = def.title,
                    summary = fill(summary),
                    notes = fill(notes),
                    names = fill(names),
                    disputes = self.disputes.replace("{kind}", kind),
                    listing = def.listing,
                )
            })
            .collect();
        selects.join("\nUNION ALL\n")
    }
}

/// An entity in the full-text index, and what each of its indexed
/// columns holds ([`Text::Index`]).
struct Indexed {
    def: &'static Def,
    aliases: &'static str,
    summary: &'static str,
    notes: &'static str,
    names: &'static str,
}

fn indexed() -> impl Iterator<Item = Indexed> {
    Entity::ALL.iter().filter_map(|e| match e.def().text {
        Text::Index {
            aliases,
            summary,
            notes,
            names,
            ..
        } => Some(Indexed {
            def: e.def(),
            aliases,
            summary,
            notes,
            names,
        }),
        Text::Like(_) => None,
    })
}

fn search_index() -> Derived {
    let kinds: Vec<&str> = indexed().map(|i| i.def.singular).collect();
    let create = format!(
        "CREATE VIRTUAL TABLE search_index USING fts5( -- full-text index for rjkb search and --text (FTS5)
  kind UNINDEXED,                -- {}
  id UNINDEXED,                  -- the row's id
  date UNINDEXED,                -- the row's EDTF date
  title,                         -- title, name or position
  aliases,                       -- an actor's aliases
  summary,                       -- summary (for actors also role): --text searches it with title and notes
  notes,                         -- notes, receptions, places, and what citations quote, state and note
  names,                         -- the names of the actors involved
  disputes,                      -- words for a row a citation contradicts or does not confirm
  id_words,                      -- the words of the row's id (last: a snippet shows another column first)
  content = 'search_rows',       -- the text is read from search_rows, not kept twice
  content_rowid = 'rowid',
  tokenize = 'unicode61 remove_diacritics 2'
);",
        kinds.join(", ")
    );
    // The index is filled with what search_rows holds, gathered otherwise:
    // each row's citations and participants from two tables made by
    // grouping citations and event_actors once, in order, rather than by
    // looking them up row by row in listing order, all over the file (at
    // 1,000,000 events, 20.2 s of CPU against 26.3; at 100,000, 0.1 s
    // more). Its rowids only grow, the order FTS5 builds fastest in. A
    // test checks the index against search_rows ('integrity-check').
    let (kind, target) = citation_target();
    let text = Gathered {
        citations: "ct.text".into(),
        disputes: "ct.disputes".into(),
        participants: "pt.text".into(),
        joins: true,
    };
    Derived {
        name: "search_index",
        create,
        fill: format!(
            "INSERT INTO search_index (search_index, rank) VALUES ('hashsize', {HASH_SIZE});
INSERT INTO search_index (search_index) VALUES ('delete-all');
CREATE TEMP TABLE cited_text (kind TEXT, target TEXT, text TEXT, disputes TEXT, PRIMARY KEY (kind, target))
WITHOUT ROWID;
INSERT INTO temp.cited_text
SELECT {kind}, {target}, group_concat({CITATION_TEXT}, ' ' ORDER BY c.rowid), {disputes}
FROM citations c GROUP BY 1, 2;
CREATE TEMP TABLE participants (event TEXT PRIMARY KEY, text TEXT) WITHOUT ROWID;
INSERT INTO temp.participants
SELECT ea.event, group_concat(a.name, ' ' ORDER BY ea.rowid)
FROM event_actors ea JOIN actors a ON a.id = ea.actor GROUP BY ea.event;
INSERT INTO search_index (rowid, kind, id, date, title, aliases, summary, notes, names, disputes, id_words)
{rows};
DROP TABLE temp.cited_text;
DROP TABLE temp.participants;",
            disputes = disputes(),
            rows = text.rows()
        ),
    }
}

/// SQL over a row of `citations`: the kind of row it cites, and its id.
fn citation_target() -> (String, String) {
    let kinds: Vec<&str> = model::cited().map(|def| def.singular).collect();
    let kind: Vec<String> = kinds
        .iter()
        .map(|k| format!("WHEN {k} IS NOT NULL THEN '{k}'"))
        .collect();
    (
        format!("CASE {} END", kind.join(" ")),
        format!("coalesce({})", kinds.join(", ")),
    )
}

/// How many bytes of pending terms FTS5 holds before writing them out
/// (its default is 1 MiB). A bound on the build's memory whatever the
/// number of rows. Building the index of 100,000 events took 1.47-1.60 s
/// of CPU at 1 MiB, 1.35 at 4, 1.27-1.30 at 8, 1.30-1.37 at 16 and 32 MiB
/// (more merging below, more cache misses above); of 1,000,000 events,
/// 23.1 s at 8 MiB and 23.3 s at 32.
const HASH_SIZE: u32 = 8 << 20;

/// The longest date span of each dated table. A row overlaps [from, to]
/// when date_from <= to AND date_to >= from; an index on date_from bounds
/// only one side of that, but knowing that no row spans more than
/// max_days, date_from >= from - max_days bounds the other, so a date
/// filter reads one slice of the index instead of half of it.
fn date_span_rows() -> Derived {
    let selects: Vec<String> = Entity::ALL
        .iter()
        .map(|e| e.def())
        .filter(|def| def.dated)
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
    fn each_search_rowid_names_its_listing_row_in_its_kinds_block() {
        let (_folder, conn) = built_in_file();
        for Indexed { def, .. } in indexed() {
            let block = block(def).unwrap();
            // What the index holds: a size for each row it indexed.
            let (rows, named): (i64, i64) = conn
                .query_row(
                    &format!(
                        "SELECT count(*), count(t.id) FROM search_index_docsize AS d \
                         LEFT JOIN {} AS t ON t.n = d.id WHERE d.id >> 32 = ?1",
                        def.listing
                    ),
                    [block],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .unwrap();
            let listed: i64 = conn
                .query_row(&format!("SELECT count(*) FROM {}", def.listing), [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert!(rows > 0, "{}", def.listing);
            assert_eq!((named, rows), (listed, listed), "{}", def.listing);
        }
        // The index reads a row's text back (for a snippet) by its rowid:
        // one primary-key search in each listing, never a scan.
        let plan: Vec<String> = conn
            .prepare("EXPLAIN QUERY PLAN SELECT title FROM search_rows WHERE rowid = ?1")
            .unwrap()
            .query_map([1], |row| row.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let searched = plan
            .iter()
            .filter(|s| s.contains("INTEGER PRIMARY KEY"))
            .count();
        assert_eq!(searched, indexed().count(), "{plan:?}");
        assert!(!plan.iter().any(|s| s.starts_with("SCAN t")), "{plan:?}");
    }

    #[test]
    fn the_index_holds_exactly_what_search_rows_says() {
        let (_folder, conn) = built_in_file();
        // Against its content: what the fill gathered by grouping is what
        // search_rows gives row by row.
        conn.execute(
            "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .unwrap();
        // And the check tells: an index filled with other text fails it.
        conn.execute_batch(
            "INSERT INTO search_index (search_index) VALUES ('delete-all');
             INSERT INTO search_index (rowid, kind, id, date, title, aliases, summary, notes, \
             names, disputes, id_words) SELECT rowid, kind, id, date, title, aliases, summary, \
             'other words', names, disputes, id_words FROM search_rows;",
        )
        .unwrap();
        let check = "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)";
        assert!(conn.execute(check, []).is_err());
    }

    #[test]
    fn an_object_in_another_layout_is_remade_and_refilled() {
        let (_folder, mut conn) = built_in_file();
        assert!(is_current(&conn).unwrap());
        let events: i64 = conn
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap();
        // An older rjkb's listing, and a view someone changed by hand.
        conn.execute_batch(
            "DROP TABLE event_listing; CREATE TABLE event_listing (n INTEGER PRIMARY KEY, id TEXT);
             DROP VIEW date_span_rows; CREATE VIEW date_span_rows AS SELECT 1;",
        )
        .unwrap();
        assert!(!is_current(&conn).unwrap());
        crate::db::migrate(&mut conn).unwrap();
        assert!(is_current(&conn).unwrap());
        let (listed, with_source): (i64, i64) = conn
            .query_row(
                "SELECT count(*), count(source) FROM event_listing",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((listed, with_source), (events, events));
        let spans = names(&conn, "SELECT entity FROM date_spans ORDER BY entity");
        assert_eq!(spans, ["events", "periods", "positions", "proposals"]);
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
