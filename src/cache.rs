//! The built-in data, cached as a database file.
//!
//! Building the built-in data into memory takes about 10 ms — migrations,
//! loading, checks, the search index — three times what sqlite3 needs to
//! answer a query. So the first call builds it once into a file in the
//! user's cache folder, and later calls open that file read-only.
//!
//! Safe by construction: the file name carries a fingerprint of everything
//! that shapes the database (this binary, the migrations, the embedded
//! data), so a changed rjkb never reads an old cache; the file is written
//! to a temporary name and renamed into place, so no reader sees half of
//! it and concurrent builders do not clash; and any failure to use the
//! cache falls back to building in memory. `RJKB_NO_CACHE=1` skips it;
//! `RJKB_CACHE_DIR` moves it.

use crate::{db, seed};
use anyhow::{bail, Context, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// A connection to the built-in data: the cached file, or memory.
pub fn builtin() -> Result<Connection> {
    if std::env::var_os("RJKB_NO_CACHE").is_some_and(|v| !v.is_empty()) {
        return in_memory();
    }
    let Some(dir) = cache_dir() else {
        return in_memory();
    };
    let path = dir.join(format!("builtin-{:016x}.db", fingerprint()));
    if let Ok(conn) = open_cached(&path) {
        return Ok(conn);
    }
    match build(&dir, &path).and_then(|()| open_cached(&path)) {
        Ok(conn) => Ok(conn),
        // An unwritable cache folder, or data with problems: memory reports them.
        Err(_) => in_memory(),
    }
}

fn in_memory() -> Result<Connection> {
    let mut conn = db::in_memory()?;
    seed::load_or_fail(&mut conn, &seed::DataSource::BuiltIn)
        .context("loading the built-in data")?;
    Ok(conn)
}

fn cache_dir() -> Option<PathBuf> {
    let from_env = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    from_env("RJKB_CACHE_DIR")
        .or_else(|| from_env("XDG_CACHE_HOME").map(|d| d.join("rjkb")))
        .or_else(|| from_env("HOME").map(|d| d.join(".cache").join("rjkb")))
}

/// FNV-1a over everything that shapes the built-in database.
fn fingerprint() -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for byte in bytes.iter().chain([&0xff]) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    // A rebuilt binary may load differently: its size and time stand for it.
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.metadata().ok())
    {
        feed(&meta.len().to_le_bytes());
        if let Some(since) = meta
            .modified()
            .ok()
            .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
        {
            feed(&since.as_nanos().to_le_bytes());
        }
    }
    feed(env!("CARGO_PKG_VERSION").as_bytes());
    for (name, sql) in db::MIGRATIONS {
        feed(name.as_bytes());
        feed(sql.as_bytes());
    }
    feed(crate::derived::definition().as_bytes());
    for (name, text) in seed::EMBEDDED {
        feed(name.as_bytes());
        feed(text.as_bytes());
    }
    hash
}

fn open_cached(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version != db::SCHEMA_VERSION {
        bail!("cached database has schema version {version}");
    }
    Ok(conn)
}

fn build(dir: &Path, path: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let temp = tempfile::Builder::new()
        .prefix(".builtin-")
        .suffix(".db")
        .tempfile_in(dir)?;
    {
        let mut conn = db::create(temp.path())?;
        seed::load_or_fail(&mut conn, &seed::DataSource::BuiltIn)?;
        conn.close().map_err(|(_, e)| e)?;
    }
    temp.persist(path)?;
    // Older caches are of no further use.
    for entry in std::fs::read_dir(dir)?.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("builtin-") && name.ends_with(".db") && entry.path() != path {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fingerprint_is_stable_within_a_build() {
        assert_eq!(super::fingerprint(), super::fingerprint());
    }
}
