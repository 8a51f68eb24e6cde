//! The built-in data, built at compile time and embedded in the binary.
//!
//! `build.rs` runs the loader (`seed::build_file`, what `rjkb db build`
//! runs) over `seed/` and leaves the database image in cargo's `OUT_DIR`;
//! the binary carries it and every call opens it read-only in memory
//! through SQLite's deserialize interface: no file, no copy, nothing to
//! load, check or cache. Building the built-in data at run time took 38 ms
//! a call (234 million instructions: migrations, loading, checks, search
//! index, listings); opening the image costs what opening a file does.

use anyhow::{Context, Result};
use rusqlite::Connection;

/// The image, aligned as SQLite's own page buffers are.
#[repr(C, align(8))]
struct Aligned<T: ?Sized>(T);

static IMAGE: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/builtin.db")));

/// A read-only connection to the built-in data.
pub fn open() -> Result<Connection> {
    let mut conn = Connection::open_in_memory().context("opening an in-memory database")?;
    conn.deserialize_bytes(rusqlite::MAIN_DB, &IMAGE.0)
        .context("opening the built-in data")?;
    crate::db::configure(&conn)?;
    Ok(conn)
}

/// The built-in data's schema: rjkb's own, as this build makes it, which
/// a database file from elsewhere is held to ([`crate::db::open_existing`]).
pub fn schema() -> Result<Vec<crate::db::SchemaRow>> {
    crate::db::schema_rows(&open()?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_image_is_current_and_read_only() {
        let conn = super::open().unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        assert_eq!(version, crate::db::SCHEMA_VERSION);
        assert!(crate::derived::is_current(&conn, &crate::derived::made().unwrap()).unwrap());
        let err = conn.execute("DELETE FROM events", []).unwrap_err();
        assert!(err.to_string().contains("readonly"), "{err}");
    }
}
