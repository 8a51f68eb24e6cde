//! Opening databases and migrating them.
//!
//! Migrations are embedded SQL files for the fact tables, applied in order
//! as cargo applies its own: in one EXCLUSIVE transaction that reads
//! `PRAGMA user_version` inside it, so two processes opening an old file
//! at once cannot both migrate it, and a database is either at the new
//! version or untouched. Shipped migrations are append-only. The same
//! transaction makes the derived tables current ([`crate::derived`]),
//! which are not migrations.

use anyhow::{bail, Context, Result};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::Path;

/// Every migration, in order; the index + 1 is the version it brings.
pub(crate) const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_knowledge_base.sql",
        include_str!("../migrations/0001_knowledge_base.sql"),
    ),
    (
        "0002_search.sql",
        include_str!("../migrations/0002_search.sql"),
    ),
    (
        "0003_date_spans.sql",
        include_str!("../migrations/0003_date_spans.sql"),
    ),
    (
        "0004_listings.sql",
        include_str!("../migrations/0004_listings.sql"),
    ),
    (
        "0005_search_in_listing_order.sql",
        include_str!("../migrations/0005_search_in_listing_order.sql"),
    ),
    (
        "0006_citation_statements.sql",
        include_str!("../migrations/0006_citation_statements.sql"),
    ),
    (
        "0007_state_spans.sql",
        include_str!("../migrations/0007_state_spans.sql"),
    ),
    (
        "0008_partial_citation_indexes.sql",
        include_str!("../migrations/0008_partial_citation_indexes.sql"),
    ),
    (
        "0009_source_containers.sql",
        include_str!("../migrations/0009_source_containers.sql"),
    ),
    (
        "0010_lookup_indexes.sql",
        include_str!("../migrations/0010_lookup_indexes.sql"),
    ),
];

/// Runs `work` with the indexes of the tables named like `tables` dropped,
/// then builds each again: once, from sorted rows, is several times faster
/// than growing an index row by row.
pub(crate) fn without_indexes<T>(
    conn: &Connection,
    tables: &str,
    work: impl FnOnce() -> Result<T>,
) -> Result<T> {
    let indexes: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL \
             AND tbl_name LIKE ?1 ESCAPE '\\'",
        )?
        .query_map([tables], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX {name}"))?;
    }
    let done = work()?;
    for (_, sql) in &indexes {
        conn.execute_batch(sql)?;
    }
    Ok(done)
}

/// The page cache of a connection that builds a database, and so the
/// memory a sort may hold before it spills to a temporary file: the two
/// bound a build's memory whatever the number of rows (peak RSS 129 MiB
/// at 100,000 events, 162 MiB at 1,000,000). At 128 MiB a build of
/// 100,000 events took about 0.1 s less, but peaked at 156 and 291 MiB.
pub(crate) const BUILD_CACHE_BYTES: u64 = 64 << 20;

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// What every connection needs: foreign keys enforced, and nothing in a
/// database's own schema (a view, a trigger) may call a function that has
/// effects: a database from elsewhere is data, not code.
pub fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON")
        .context("turning on foreign keys")?;
    conn.pragma_update(None, "trusted_schema", "OFF")
        .context("distrusting the schema")?;
    Ok(())
}

/// `path` as SQLite must be given it to read it as a file name: a name
/// that starts with `file:` would otherwise be read as a URI, naming
/// another file than the one checked.
pub fn literal(path: &Path) -> std::borrow::Cow<'_, Path> {
    if path.as_os_str().as_encoded_bytes().starts_with(b"file:") {
        std::borrow::Cow::Owned(Path::new(".").join(path))
    } else {
        std::borrow::Cow::Borrowed(path)
    }
}

/// An empty database in memory, migrated to the current schema.
pub fn in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory().context("opening an in-memory database")?;
    configure(&conn)?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// Creates (or reuses) a database file at `path` and migrates it.
pub fn create(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open(literal(path))
        .with_context(|| format!("creating database {}", path.display()))?;
    configure(&conn)?;
    migrate(&mut conn).with_context(|| format!("migrating {}", path.display()))?;
    conn.pragma_update(None, "application_id", crate::dbfile::APPLICATION_ID)?;
    Ok(conn)
}

/// Opens an existing database file, migrating an older one forward.
///
/// Never creates a file: a mistyped path is an error, not an empty database.
pub fn open_existing(path: &Path) -> Result<Connection> {
    if !path.is_file() {
        bail!(
            "no database file at {} (build one with `rjkb db build --out {}`)",
            path.display(),
            crate::terminal::shell_word(&path.to_string_lossy())
        );
    }
    let literal = literal(path);
    let path = &*literal;
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .or_else(|_| Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY))
    .with_context(|| format!("opening database {}", path.display()))?;
    configure(&conn)?;
    let version = user_version(&conn)
        .with_context(|| format!("{} is not an rjkb database", path.display()))?;
    no_query_in_place_of_data(&conn)
        .with_context(|| format!("opening database {}", path.display()))?;
    if version == 0 {
        bail!(
            "{} has no rjkb schema (user_version 0); build one with `rjkb db build`",
            path.display()
        );
    }
    migrate(&mut conn).with_context(|| format!("migrating {}", path.display()))?;
    Ok(conn)
}

/// The tables the migrations make, but for the derived ones (which
/// [`crate::derived`] checks word for word): what rjkb's queries read. A
/// unit test holds the list to the migrated schema.
const TABLES: [&str; 19] = [
    "actor_aliases",
    "actor_kinds",
    "actors",
    "citation_relations",
    "citations",
    "event_actors",
    "event_types",
    "events",
    "link_kinds",
    "outcomes",
    "periods",
    "positions",
    "proposal_links",
    "proposals",
    "roles",
    "source_texts",
    "sources",
    "stances",
    "topics",
];

/// Refuses a database that holds a query where rjkb expects data: one of
/// its tables made a view, or a trigger (rjkb makes none, and one would run
/// as rjkb refills its derived tables). A database from elsewhere can make
/// a query endless (a recursive one), and every command would then run for
/// ever; views and triggers are the only places in a schema a query can
/// stand (an index, a CHECK or a generated column takes no subquery).
fn no_query_in_place_of_data(conn: &Connection) -> Result<()> {
    let names = TABLES.map(|t| format!("'{t}'")).join(", ");
    let sql = format!(
        "SELECT type, name FROM sqlite_schema \
         WHERE type = 'trigger' OR (type = 'view' AND name IN ({names}))"
    );
    let found: Option<(String, String)> = conn
        .query_row(&sql, [], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    match found {
        None => Ok(()),
        Some((kind, name)) if kind == "trigger" => bail!(
            "it holds a trigger, {name}, which would run as rjkb refills its tables \
             (rjkb makes none): not a database rjkb made"
        ),
        Some((_, name)) => {
            bail!("its {name} is a view, where rjkb keeps a table: not a database rjkb made")
        }
    }
}

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Applies every migration newer than the database's `user_version`,
/// and makes its derived tables current.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    // Most opens find everything current and need no write lock (a file
    // may be read-only); whether to migrate is decided again under it.
    if known_version(user_version(conn)?)? == SCHEMA_VERSION && crate::derived::is_current(conn)? {
        return Ok(());
    }
    // Foreign keys are off while migrations run, as SQLite's recipe for
    // rebuilding a table that others refer to asks (0006 rebuilds sources
    // and citations), and all references are checked once before the commit.
    // The pragma has no effect inside a transaction, so it is set around it.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let migrated = migrate_exclusively(conn);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrated
}

fn migrate_exclusively(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
    let version = known_version(user_version(&tx)?)?;
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.execute_batch(sql)
            .with_context(|| format!("applying migration {name}"))?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
    }
    let dangling: i64 =
        tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
            row.get(0)
        })?;
    if dangling > 0 {
        bail!("the migrated database has {dangling} dangling references");
    }
    crate::derived::ensure(&tx)?;
    tx.commit().context("committing migrations")?;
    Ok(())
}

/// `version`, unless it is newer than this rjkb knows.
fn known_version(version: i64) -> Result<i64> {
    if version > SCHEMA_VERSION {
        bail!(
            "the database has schema version {version}, newer than this rjkb \
             understands ({SCHEMA_VERSION}); upgrade rjkb"
        );
    }
    Ok(version)
}

/// The built-in data in a database file of its own, for tests that need a
/// file rather than memory; the folder goes when the first value drops.
#[cfg(test)]
pub(crate) fn built_in_file() -> (tempfile::TempDir, Connection) {
    let folder = tempfile::tempdir().unwrap();
    let mut conn = create(&folder.path().join("kb.db")).unwrap();
    crate::seed::load_or_fail(&mut conn, &crate::seed::DataSource::BuiltIn).unwrap();
    (folder, conn)
}

/// The first id of `table` for which `sql`, run to its end with that id
/// as its one parameter, took a step of a full table scan (SQLite's
/// FULLSCAN_STEP): None when it read through indexes for every row,
/// and so costs the same whatever the size of the data.
#[cfg(test)]
pub(crate) fn first_full_scan(conn: &Connection, sql: &str, table: &str) -> Option<String> {
    let ids: Vec<String> = conn
        .prepare(&format!("SELECT id FROM {table}"))
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    ids.into_iter().find(|id| {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.raw_bind_parameter(1, id).unwrap();
        let mut rows = stmt.raw_query();
        while rows.next().unwrap().is_some() {}
        drop(rows);
        stmt.get_status(rusqlite::StatementStatus::FullscanStep) > 0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_checked_are_those_the_migrations_make_but_the_derived() {
        let conn = in_memory().unwrap();
        let derived: Vec<&str> = crate::derived::all().iter().map(|d| d.name).collect();
        let mut made: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |row| row.get::<_, String>(0))
            .unwrap()
            .map(Result::unwrap)
            .filter(|t| {
                !derived
                    .iter()
                    .any(|d| t == d || t.starts_with(&format!("{d}_")))
            })
            .collect();
        made.retain(|t| !t.starts_with("sqlite_"));
        assert_eq!(made, TABLES);
    }

    #[test]
    fn the_bundled_sqlite_is_compiled_as_the_cargo_config_says() {
        // .cargo/config.toml gives libsqlite3-sys its flags: without them
        // every allocation takes a global mutex, and a build is slower.
        let conn = in_memory().unwrap();
        for option in ["DEFAULT_MEMSTATUS=0", "THREADSAFE=2", "OMIT_SHARED_CACHE"] {
            let used: bool = conn
                .query_row("SELECT sqlite_compileoption_used(?1)", [option], |r| {
                    r.get(0)
                })
                .unwrap();
            assert!(
                used,
                "SQLite compiled without {option}: Cargo reads LIBSQLITE3_FLAGS from \
                 .cargo/config.toml when run in the checkout"
            );
        }
    }

    #[test]
    fn migrating_twice_changes_nothing() {
        let mut conn = in_memory().unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
        migrate(&mut conn).unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn processes_migrating_an_old_file_at_once_all_succeed() {
        let (folder, conn) = built_in_file();
        // Back to schema version 1, as an rjkb of then left it (without
        // the event types 0006 adds, which the data refers to meanwhile).
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF; DELETE FROM event_types WHERE id IN ('coerce', 'force');
             DROP TABLE search_index; DROP VIEW search_rows; DROP TABLE date_spans;
             DROP VIEW date_span_rows; DROP TABLE event_listing; DROP TABLE actor_listing;
             DROP TABLE proposal_listing; DROP TABLE position_listing;
             DROP TABLE period_listing; DROP TABLE source_listing;
             DROP INDEX proposals_by_event; DROP INDEX proposals_by_addressee;
             DROP INDEX positions_by_proposal; DROP INDEX positions_by_supersedes;
             DROP INDEX citations_by_source; DROP INDEX events_by_place;
             DROP INDEX actors_by_country; DROP INDEX periods_by_date; PRAGMA user_version = 1;",
        )
        .unwrap();
        drop(conn);
        let path = folder.path().join("kb.db");
        // Each reads the version inside its own exclusive transaction, so
        // none applies a migration another has already applied.
        std::thread::scope(|scope| {
            let openers: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| open_existing(&path).map(drop)))
                .collect();
            for opener in openers {
                opener.join().unwrap().unwrap();
            }
        });
        let conn = open_existing(&path).unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
        assert!(crate::derived::is_current(&conn).unwrap());
    }

    #[test]
    fn a_citation_is_found_by_the_row_it_cites_through_its_kinds_index() {
        let conn = in_memory().unwrap();
        for def in crate::model::cited() {
            let column = def.singular;
            let sql = format!("EXPLAIN QUERY PLAN SELECT quote FROM citations WHERE {column} = ?1");
            let plan: String = conn.query_row(&sql, ["x"], |row| row.get(3)).unwrap();
            assert!(
                plan.contains(&format!("INDEX citations_by_{column} ")),
                "{plan}"
            );
        }
    }

    #[test]
    fn newer_schema_is_refused() {
        let mut conn = in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err().to_string();
        assert!(err.contains("newer than this rjkb"), "{err}");
    }
}
