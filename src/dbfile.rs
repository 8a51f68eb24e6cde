//! What a database file is, judged by its content before anything uses it.
//!
//! Every database rjkb builds carries `PRAGMA application_id` = "rjkb" in
//! its header. `db build --out` replaces only such a file (or one an older
//! rjkb built, recognised by its tables), and the cache uses only such a
//! file whose header also agrees with its size.

use std::io::{self, Read};
use std::path::Path;

/// "rjkb" in ASCII, in the header of every database rjkb builds.
pub const APPLICATION_ID: u32 = 0x726a_6b62;

/// The fields of an SQLite header that tell whose a file is and how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub page_size: u64,
    /// Pages in the file, when the header's count is current.
    pub pages: Option<u64>,
    pub user_version: u32,
    pub application_id: u32,
}

/// The header of the SQLite file `input` starts with, or None if it is
/// not one.
pub fn header(input: &mut impl Read) -> io::Result<Option<Header>> {
    let mut bytes = [0u8; 100];
    let mut filled = 0;
    while filled < bytes.len() {
        match input.read(&mut bytes[filled..])? {
            0 => return Ok(None),
            n => filled += n,
        }
    }
    if &bytes[..16] != b"SQLite format 3\0" {
        return Ok(None);
    }
    let u32_at =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let page_size = match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    // The page count is current only when written by the same change.
    let pages = (u32_at(92) == u32_at(24)).then(|| u64::from(u32_at(28)));
    Ok(Some(Header {
        page_size,
        pages,
        user_version: u32_at(60),
        application_id: u32_at(68),
    }))
}

/// Whose database a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Built by rjkb: its application id says so.
    Rjkb,
    /// Built by an rjkb from before the application id: no id, a schema
    /// version rjkb has had, and rjkb's tables.
    OlderRjkb,
    /// Any other SQLite database.
    OtherDatabase,
    /// Not an SQLite database at all.
    NotDatabase,
}

/// What the regular file at `path` holds.
pub fn kind(path: &Path) -> io::Result<Kind> {
    let Some(header) = header(&mut std::fs::File::open(path)?)? else {
        return Ok(Kind::NotDatabase);
    };
    if header.application_id == APPLICATION_ID {
        return Ok(Kind::Rjkb);
    }
    if header.application_id != 0 || header.user_version == 0 {
        return Ok(Kind::OtherDatabase);
    }
    Ok(if has_rjkb_tables(path) {
        Kind::OlderRjkb
    } else {
        Kind::OtherDatabase
    })
}

/// Whether the database at `path` holds rjkb's fact tables; opened
/// read-only and as never changing, so nothing in or beside it is touched.
fn has_rjkb_tables(path: &Path) -> bool {
    let Ok(conn) = open_immutable(path) else {
        return false;
    };
    conn.query_row(
        "SELECT count(*) = 4 FROM sqlite_schema WHERE type = 'table' \
         AND name IN ('events', 'sources', 'citations', 'proposals')",
        [],
        |row| row.get(0),
    )
    .unwrap_or(false)
}

/// Whether another program changed the facts of the rjkb database at
/// `path` since rjkb built it: migration 0011's flag, set until the next
/// rjkb opens the file, or 0012's mark, which that rjkb leaves. Read as
/// [`has_rjkb_tables`] reads, and only from tables of stored columns, so
/// that reading them computes nothing a file from elsewhere defines. A file
/// with neither (an older rjkb's) has no changes rjkb knows of.
pub fn changed_elsewhere(path: &Path) -> bool {
    let Ok(conn) = open_immutable(path) else {
        return false;
    };
    let marked = |table: &str| {
        let stored = conn.query_row(
            "SELECT (SELECT type FROM sqlite_schema WHERE name = ?1) = 'table' \
             AND NOT EXISTS (SELECT 1 FROM pragma_table_xinfo(?1) WHERE hidden <> 0)",
            [table],
            |row| row.get::<_, bool>(0),
        );
        let edited = || {
            let sql = format!("SELECT edited <> 0 FROM {table} LIMIT 1");
            conn.query_row(&sql, [], |row| row.get::<_, bool>(0))
        };
        stored == Ok(true) && edited() == Ok(true)
    };
    marked("fact_edits") || marked("edited_elsewhere")
}

/// The database at `path`, opened read-only, as a file that never changes
/// ([`immutable_uri`]), and not through a symbolic link.
pub fn open_immutable(path: &Path) -> rusqlite::Result<rusqlite::Connection> {
    use rusqlite::OpenFlags;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NOFOLLOW;
    rusqlite::Connection::open_with_flags(immutable_uri(path), flags)
}

/// A `file:` URI that opens `path` as a file that never changes: SQLite
/// then takes no locks and reads no journal beside it. Every byte outside
/// a plain set is percent-encoded, so the path means only itself.
fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for &byte in absolute.as_os_str().as_encoded_bytes() {
        if byte.is_ascii_alphanumeric() || b"/-_.~".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_built_database_is_rjkb_and_other_files_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let built = dir.path().join("kb.db");
        drop(crate::db::create(&built).unwrap());
        assert_eq!(kind(&built).unwrap(), Kind::Rjkb);
        let other = dir.path().join("other.db");
        rusqlite::Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t (x); PRAGMA user_version = 3;")
            .unwrap();
        assert_eq!(kind(&other).unwrap(), Kind::OtherDatabase);
        let older = dir.path().join("older.db");
        std::fs::copy(&built, &older).unwrap();
        rusqlite::Connection::open(&older)
            .unwrap()
            .pragma_update(None, "application_id", 0)
            .unwrap();
        assert_eq!(kind(&older).unwrap(), Kind::OlderRjkb);
        let text = dir.path().join("thesis.txt");
        std::fs::write(&text, "chapter one").unwrap();
        assert_eq!(kind(&text).unwrap(), Kind::NotDatabase);
    }

    #[test]
    fn a_uri_names_only_its_path() {
        let uri = immutable_uri(Path::new("/tmp/a b?mode=rw#x%.db"));
        assert_eq!(uri, "file:/tmp/a%20b%3Fmode%3Drw%23x%25.db?immutable=1");
    }
}
