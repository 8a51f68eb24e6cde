//! Opening databases and migrating them.
//!
//! Migrations are embedded SQL files for the fact tables, applied in order
//! as cargo applies its own: in one EXCLUSIVE transaction that reads
//! `PRAGMA user_version` inside it, so two processes opening an old file
//! at once cannot both migrate it, and a database is either at the new
//! version or untouched. Shipped migrations are append-only. The same
//! transaction makes the derived tables current ([`crate::derived`]),
//! which are not migrations.

use anyhow::{anyhow, bail, Context, Result};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
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
    (
        "0011_fact_edits.sql",
        include_str!("../migrations/0011_fact_edits.sql"),
    ),
    (
        "0012_edited_elsewhere.sql",
        include_str!("../migrations/0012_edited_elsewhere.sql"),
    ),
    (
        "0013_source_dates.sql",
        include_str!("../migrations/0013_source_dates.sql"),
    ),
];

/// The schema version from which sources have their dates (0013's).
const SOURCE_DATES_SINCE: i64 = 13;

/// The schema version from which a file has migration 0011's flag.
const FACT_EDITS_SINCE: i64 = 11;

/// Runs `work` with the indexes and triggers of the tables named like
/// `tables` dropped, then makes each again: an index built once, from
/// sorted rows, is several times faster than one grown row by row, and a
/// trigger (migration 0011's) need not fire for every row loaded.
pub(crate) fn without_indexes_or_triggers<T>(
    conn: &Connection,
    tables: &str,
    work: impl FnOnce() -> Result<T>,
) -> Result<T> {
    let objects: Vec<(String, String, String)> = conn
        .prepare(
            "SELECT type, name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger') \
             AND sql IS NOT NULL AND tbl_name LIKE ?1 ESCAPE '\\'",
        )?
        .query_map([tables], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (kind, name, _) in &objects {
        conn.execute_batch(&format!("DROP {kind} {name}"))?;
    }
    let done = work()?;
    for (_, _, sql) in &objects {
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
    migrate(&mut conn, &crate::derived::made()?)?;
    Ok(conn)
}

/// Creates (or reuses) a database file at `path` and migrates it.
pub fn create(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open(literal(path))
        .with_context(|| format!("creating database {}", path.display()))?;
    configure(&conn)?;
    migrate(&mut conn, &crate::derived::made()?)
        .with_context(|| format!("migrating {}", path.display()))?;
    conn.pragma_update(None, "application_id", crate::dbfile::APPLICATION_ID)?;
    Ok(conn)
}

/// Opens an existing database file, migrating an older one forward; `own`
/// is rjkb's own schema at this version (the built-in data's,
/// [`crate::builtin::schema`]), which the file's is checked against.
///
/// Never creates a file: a mistyped path is an error, not an empty database.
pub fn open_existing(path: &Path, own: &[SchemaRow]) -> Result<Connection> {
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
    // The version and the schema read as one snapshot: another process
    // may be migrating the file meanwhile.
    let snapshot = conn.unchecked_transaction()?;
    let version = user_version(&snapshot).map_err(|error| {
        // Not SQLite at all, or SQLite damaged (a truncated file).
        if damaged(&error) && sqlite_code(&error) != Some(rusqlite::ErrorCode::NotADatabase) {
            error.context(damaged_file(path))
        } else {
            error.context(format!("{} is not an rjkb database", path.display()))
        }
    })?;
    if version == 0 {
        return Err(unversioned(&snapshot, path, own));
    }
    check_schema(&snapshot, known_version(version)?, own)
        .with_context(|| format!("opening database {}", path.display()))?;
    drop(snapshot);
    migrate(&mut conn, own).with_context(|| format!("updating {}", path.display()))?;
    Ok(conn)
}

/// An error in words, each cause in turn, but for SQLite's code and its
/// generic meaning under a message that already says it ("string or blob
/// too big: Error code 18: string or blob too big"), and for the SQL a
/// statement that failed to prepare was (a whole migration: "table
/// edited_elsewhere already exists in -- Whether another program …"): what
/// a reader is shown of any error, after "rjkb: " or inside a note.
pub fn error_in_words(error: &anyhow::Error) -> String {
    let said: Vec<String> = error
        .chain()
        .filter(|cause| !cause.is::<rusqlite::ffi::Error>())
        .map(|cause| match cause.downcast_ref::<rusqlite::Error>() {
            Some(rusqlite::Error::SqlInputError { msg, .. }) => msg.clone(),
            _ => cause.to_string(),
        })
        .collect();
    if said.is_empty() {
        return format!("{error:#}");
    }
    said.join(": ")
}

/// Whether `error` says a database file is damaged or cannot be read (as
/// opposed to a query or a schema it refuses): SQLite finds most damage
/// only when a query reaches the damaged page.
pub fn damaged(error: &anyhow::Error) -> bool {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase, SystemIoFailure};
    matches!(
        sqlite_code(error),
        Some(DatabaseCorrupt | NotADatabase | SystemIoFailure)
    )
}

/// What an error from a damaged file (see [`damaged`]) adds: its name.
pub fn damaged_file(path: &Path) -> String {
    format!(
        "the database file {} is damaged or unreadable: build it anew (`rjkb db build --out \
         FILE`)",
        path.display()
    )
}

/// What `error` says of a value of a type rjkb never stores where it was
/// read (bytes for a date, text that is not UTF-8), if that is what it
/// says: SQLite keeps any type in any column of a table that is not
/// STRICT, so a file another program changed may hold one, found only
/// when a query reads it.
pub fn mistyped(error: &anyhow::Error) -> Option<String> {
    error.chain().find_map(|cause| match cause.downcast_ref()? {
        rusqlite::Error::InvalidColumnType(_, name, kind) => {
            Some(format!("a {kind} value in its column {name}"))
        }
        rusqlite::Error::Utf8Error(..) => Some("text that is not UTF-8".to_string()),
        rusqlite::Error::FromSqlConversionFailure(_, kind, _) => {
            Some(format!("a {kind} value of another kind than rjkb writes"))
        }
        _ => None,
    })
}

/// The SQLite error code `error` carries, if it carries one.
fn sqlite_code(error: &anyhow::Error) -> Option<rusqlite::ErrorCode> {
    error.chain().find_map(|cause| {
        cause
            .downcast_ref::<rusqlite::Error>()
            .and_then(rusqlite::Error::sqlite_error_code)
    })
}

/// One object of a schema: its type, name, table and CREATE statement.
pub(crate) type SchemaRow = (String, String, String, String);

/// The objects a schema holds, in order, but SQLite's own (`sqlite_…`: its
/// statistics, and the indexes it makes for a key, which have no statement).
pub(crate) fn schema_rows(conn: &Connection) -> Result<Vec<SchemaRow>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema \
         WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name",
    )?;
    let rows = stmt
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// From this schema version on, the derived objects are made by
/// [`crate::derived::ensure`], in layouts that changed with no new version:
/// they are checked there, word for word, and made anew when they differ.
const DERIVED_SINCE: i64 = 5;

/// Refuses a database whose schema holds, under one of rjkb's names or on
/// one of its tables, anything but what rjkb's migrations make at its
/// version, word for word. A database from elsewhere could otherwise hold
/// a query where rjkb expects data (a view for a table, a trigger), or an
/// expression (a generated column, an index on one) that makes a small
/// file compute, and write back, gigabytes: each ran for ever or filled the
/// disk. What the file adds under other names is its own: rjkb never reads
/// it.
fn check_schema(conn: &Connection, version: i64, own: &[SchemaRow]) -> Result<()> {
    let made = if version == SCHEMA_VERSION {
        own.to_vec()
    } else {
        // Only a file from an older rjkb: its version's schema made anew
        // (about 10 ms for every migration).
        let reference = Connection::open_in_memory()?;
        for (_, sql) in &MIGRATIONS[..version as usize] {
            reference.execute_batch(sql)?;
        }
        schema_rows(&reference)?
    };
    let all = crate::derived::all();
    let derived = |name: &str| all.iter().any(|d| d.owns(name));
    let ours = |name: &str| derived(name) || made.iter().any(|(_, n, t, _)| n == name || t == name);
    for row in schema_rows(conn)? {
        let (kind, name, table, _) = &row;
        if made.contains(&row) || (version >= DERIVED_SINCE && (derived(name) || derived(table))) {
            continue;
        }
        if ours(name) || ours(table) {
            bail!(
                "its {kind} {name} is not one rjkb makes, and rjkb reads a database only in a \
                 schema of its own: undo the change, or build the file anew \
                 (`rjkb db build --out FILE`)"
            );
        }
    }
    Ok(())
}

/// The error for a file whose schema version (`user_version`) is 0: one
/// with no rjkb schema, or a copy holding this rjkb's whole schema but not
/// its version, as sqlite3's `.dump` makes, which one command mends.
fn unversioned(conn: &Connection, path: &Path, own: &[SchemaRow]) -> anyhow::Error {
    let held = match schema_rows(conn) {
        Ok(held) => held,
        Err(error) => return error,
    };
    if own.iter().all(|row| held.contains(row)) {
        let file = crate::terminal::shell_word(&path.to_string_lossy()).into_owned();
        return anyhow!(
            "{} holds rjkb's tables but not their schema version (user_version is 0), as a \
             copy made with sqlite3's .dump does: if it is a copy of a database this rjkb \
             built, mark it with `sqlite3 {file} 'PRAGMA user_version = {SCHEMA_VERSION}'`; \
             otherwise build it anew (`rjkb db build --out FILE`)",
            path.display()
        );
    }
    anyhow!(
        "{} has no rjkb schema (user_version 0); build one with `rjkb db build`",
        path.display()
    )
}

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Applies every migration newer than the database's `user_version`,
/// and makes its derived tables current: as `own` (a schema holding them
/// as this rjkb makes them) holds them.
pub fn migrate(conn: &mut Connection, own: &[SchemaRow]) -> Result<()> {
    // Most opens find everything current and need no write lock (a file
    // may be read-only); whether to migrate is decided again under it.
    if known_version(user_version(conn)?)? == SCHEMA_VERSION
        && crate::derived::is_current(conn, own)?
    {
        return Ok(());
    }
    if conn.is_readonly(rusqlite::MAIN_DB)? {
        bail!(
            "it is read-only, and this rjkb must first update it (an older schema, listings \
             and a search index not as this rjkb makes them, or fact tables another program \
             changed): copy it where it can be written, or build it anew (`rjkb db build --out \
             FILE`)"
        );
    }
    // Foreign keys are off while migrations run, as SQLite's recipe for
    // rebuilding a table that others refer to asks (0006 rebuilds sources
    // and citations), and all references are checked once before the commit.
    // The pragma has no effect inside a transaction, so it is set around it.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let migrated = migrate_exclusively(conn, own);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrated
}

fn migrate_exclusively(conn: &mut Connection, own: &[SchemaRow]) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
    let version = known_version(user_version(&tx)?)?;
    // Read before the migrations: from an older file they leave the flag set.
    let edited_elsewhere = version >= FACT_EDITS_SINCE && crate::derived::facts_edited(&tx)?;
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.execute_batch(sql)
            .with_context(|| format!("applying migration {name}"))?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
    }
    if version < SOURCE_DATES_SINCE {
        // Without 0011's triggers: dating them is rjkb's own change, not
        // another program's edit.
        without_indexes_or_triggers(&tx, "sources", || crate::seed::date_sources(&tx))
            .context("dating the sources by when they appeared")?;
    }
    if edited_elsewhere {
        tx.execute_batch("UPDATE edited_elsewhere SET edited = 1")?;
    }
    let dangling: i64 =
        tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
            row.get(0)
        })?;
    if dangling > 0 {
        bail!(
            "its tables hold {dangling} references to rows they lack (changed by another \
             program with its foreign keys off?): mend them, or build the file anew (`rjkb db \
             build --out FILE`)"
        );
    }
    crate::derived::ensure(&tx, own)?;
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
    fn an_error_in_words_leaves_out_the_sql_that_failed() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (x);").unwrap();
        let failed = conn.execute_batch("-- a long migration\nCREATE TABLE t (x);");
        let error = anyhow::Error::from(failed.unwrap_err()).context("applying migration m.sql");
        assert_eq!(
            error_in_words(&error),
            "applying migration m.sql: table t already exists"
        );
    }

    #[test]
    fn a_read_only_file_that_must_be_migrated_says_so_and_is_left_as_it_was() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("old.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch(&format!("{}PRAGMA user_version = 1;", MIGRATIONS[0].1))
            .unwrap();
        let before = std::fs::read(&path).unwrap();
        let mut conn =
            Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let error = migrate(&mut conn, &crate::builtin::schema().unwrap()).unwrap_err();
        assert!(
            format!("{error:#}").contains("it is read-only"),
            "{error:#}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);
        // A current file needs no update: read-only, it is read as it is.
        let (folder, built) = built_in_file();
        drop(built);
        let path = folder.path().join("kb.db");
        let mut conn =
            Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        migrate(&mut conn, &crate::builtin::schema().unwrap()).unwrap();
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
        migrate(&mut conn, &crate::derived::made().unwrap()).unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn processes_migrating_an_old_file_at_once_all_succeed() {
        // A file as an rjkb of schema version 1 made it (empty: the
        // robustness suite migrates one that holds the built-in data).
        let folder = tempfile::tempdir().unwrap();
        let conn = Connection::open(folder.path().join("kb.db")).unwrap();
        conn.execute_batch(MIGRATIONS[0].1).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        drop(conn);
        let own = schema_rows(&in_memory().unwrap()).unwrap();
        let path = folder.path().join("kb.db");
        // Each reads the version inside its own exclusive transaction, so
        // none applies a migration another has already applied.
        std::thread::scope(|scope| {
            let openers: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| open_existing(&path, &own).map(drop)))
                .collect();
            for opener in openers {
                opener.join().unwrap().unwrap();
            }
        });
        let conn = open_existing(&path, &own).unwrap();
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
        assert!(crate::derived::is_current(&conn, &own).unwrap());
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
        let err = migrate(&mut conn, &[]).unwrap_err().to_string();
        assert!(err.contains("newer than this rjkb"), "{err}");
    }
}
