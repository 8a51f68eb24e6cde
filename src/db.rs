//! Opening databases and migrating them.
//!
//! Migrations are embedded SQL files applied in order, each bumping
//! `PRAGMA user_version`, all in one transaction: a database is either at the
//! new version or untouched. Shipped migrations are append-only.

use anyhow::{bail, Context, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::{Duration, Instant};

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
        "0007_citation_statements.sql",
        include_str!("../migrations/0007_citation_statements.sql"),
    ),
];

/// Refills the full-text index (in rowid order, the order FTS5 builds
/// fastest in) and the longest date spans, from the views that define them.
const SEARCH_INDEX: &str = "
    DELETE FROM search_index;
    INSERT INTO search_index (rowid, kind, id, date, title, summary, extra) SELECT * FROM search_rows;
    DELETE FROM date_spans;
    INSERT INTO date_spans SELECT * FROM date_span_rows;";

/// Refills the listing tables.
pub(crate) const LISTINGS: &str = include_str!("listings.sql");

/// How long refilling each kind of derived table took.
#[derive(Debug, Default, Clone, Copy)]
pub struct RefillTimes {
    pub search_index: Duration,
    pub listings: Duration,
}

/// Recomputes every derived table from the fact tables; callers run it
/// inside their transaction.
pub fn refill_derived(conn: &Connection) -> Result<RefillTimes> {
    let started = Instant::now();
    // The search index reads the listings (migration 0005): they come first.
    without_indexes(conn, "%\\_listing", || {
        conn.execute_batch(LISTINGS)
            .context("building the listing tables")
    })?;
    let listings = started.elapsed();
    conn.execute_batch(SEARCH_INDEX)
        .context("building the search index")?;
    Ok(RefillTimes {
        search_index: started.elapsed() - listings,
        listings,
    })
}

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

/// Which file a path names: its device and inode (Unix only; elsewhere
/// None, and no read is split across connections).
pub type FileId = (u64, u64);

/// The file at `path` now, to tell it from one that replaced it since.
pub fn file_id(path: &Path) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON")
        .context("turning on foreign keys")?;
    Ok(())
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
    let mut conn =
        Connection::open(path).with_context(|| format!("creating database {}", path.display()))?;
    configure(&conn)?;
    migrate(&mut conn).with_context(|| format!("migrating {}", path.display()))?;
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
            path.display()
        );
    }
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .or_else(|_| Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY))
    .with_context(|| format!("opening database {}", path.display()))?;
    configure(&conn)?;
    let version = user_version(&conn)
        .with_context(|| format!("{} is not an rjkb database", path.display()))?;
    if version == 0 {
        bail!(
            "{} has no rjkb schema (user_version 0); build one with `rjkb db build`",
            path.display()
        );
    }
    migrate(&mut conn).with_context(|| format!("migrating {}", path.display()))?;
    Ok(conn)
}

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Applies every migration newer than the database's `user_version`.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let version = user_version(conn)?;
    if version > SCHEMA_VERSION {
        bail!(
            "the database has schema version {version}, newer than this rjkb \
             understands ({SCHEMA_VERSION}); upgrade rjkb"
        );
    }
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    // Foreign keys are off while migrations run, as SQLite's recipe for
    // rebuilding a table others refer to asks (0007 rebuilds sources), and
    // checked all at once before the commit instead.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let applied = apply_migrations(conn, version);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    applied
}

fn apply_migrations(conn: &mut Connection, version: i64) -> Result<()> {
    let tx = conn.transaction()?;
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
    // A newer schema may derive more, or derive differently, from the same facts.
    refill_derived(&tx)?;
    tx.commit().context("committing migrations")?;
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_twice_changes_nothing() {
        let mut conn = in_memory().unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
        migrate(&mut conn).unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
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
