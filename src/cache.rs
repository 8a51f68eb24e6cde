//! The built-in data, cached as a database file in the user's [`Store`].
//!
//! Building the built-in data into memory takes about 20 ms — migrations,
//! loading, checks, the derived tables — several times what sqlite3 needs
//! to answer a query. So the first call builds it once into the store, and
//! later calls open that file read-only.
//!
//! The entry's fingerprint covers everything that shapes the database (this
//! binary, the migrations, the embedded data), so a changed rjkb never
//! reads an old cache. Nothing is believed blindly: the store uses a file
//! only if it is provably its own and current. Anything else falls back to
//! building again, or to memory; a file or folder that would be skipped on
//! every call is named on stderr. A cache that fails in the middle of a
//! command is removed, and the command run again if it had written nothing
//! ([`recover`]). `RJKB_NO_CACHE=1` skips the cache; `RJKB_CACHE_DIR` moves it.

use crate::store::{Entry, Found, Store};
use crate::{db, seed};
use anyhow::{Context, Result};
use rusqlite::{Connection, ErrorCode};
use std::path::PathBuf;
use std::sync::Mutex;

/// The cache file this process answers from, if any.
static IN_USE: Mutex<Option<PathBuf>> = Mutex::new(None);

/// A connection to the built-in data: the cached file, or memory.
pub fn builtin() -> Result<Connection> {
    let store = match Store::user() {
        Ok(Some(store)) => store,
        Ok(None) => return in_memory(),
        Err(why) => {
            note(&format!(
                "not caching the built-in data: {why}; answering from memory"
            ));
            return in_memory();
        }
    };
    let fingerprint = fingerprint();
    let entry = Entry {
        kind: "builtin",
        key: "",
        fingerprint: &fingerprint,
    };
    let path = store.path(&entry);
    match store.open(&entry) {
        Found::Usable(conn) => return Ok(in_use(conn, path)),
        Found::Foreign(why) => {
            note(&format!(
                "not using the cache file {}: {why}; answering from memory (remove the file \
                 to let rjkb cache again)",
                path.display()
            ));
            return in_memory();
        }
        Found::Missing | Found::Stale(_) => {}
    }
    remove_legacy_temporaries(&store);
    let built = store.build(&entry, |conn| {
        seed::load_or_fail(conn, &seed::DataSource::BuiltIn).map(drop)
    });
    match (built, store.open(&entry)) {
        (Ok(()), Found::Usable(conn)) => Ok(in_use(conn, path)),
        (Err(e), _) => {
            note(&format!(
                "cannot cache the built-in data in {}: {e:#}; answering from memory",
                store.dir().display()
            ));
            in_memory()
        }
        (Ok(()), _) => {
            note(&format!(
                "the cache file {} just built is unusable; answering from memory",
                path.display()
            ));
            in_memory()
        }
    }
}

fn in_use(conn: Connection, path: PathBuf) -> Connection {
    *IN_USE.lock().unwrap_or_else(|p| p.into_inner()) = Some(path);
    conn
}

fn in_memory() -> Result<Connection> {
    let mut conn = db::in_memory()?;
    seed::load_or_fail(&mut conn, &seed::DataSource::BuiltIn)
        .context("loading the built-in data")?;
    Ok(conn)
}

/// A note on stderr about the cache: the command goes on.
fn note(text: &str) {
    crate::terminal::message(&format!("rjkb: {text}"));
}

/// After a failed command: run it again, or fail with this error.
pub enum Recovery {
    RunAgain,
    Fail(anyhow::Error),
}

/// What to do after a command failed with `error`. If the failure came
/// from a damaged cache file, the file is removed, and the command may run
/// again — unless it had `wrote` to stdout already: then the error says
/// the cache was removed and to run the command again.
pub fn recover(error: anyhow::Error, wrote: bool) -> Recovery {
    let damaged = error.chain().any(|cause| {
        matches!(
            cause
                .downcast_ref::<rusqlite::Error>()
                .and_then(rusqlite::Error::sqlite_error_code),
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase | ErrorCode::SystemIoFailure)
        )
    });
    let in_use = IN_USE.lock().unwrap_or_else(|p| p.into_inner()).take();
    let Some(path) = in_use.filter(|_| damaged) else {
        return Recovery::Fail(error);
    };
    let _ = std::fs::remove_file(&path);
    if wrote {
        return Recovery::Fail(error.context(format!(
            "the cache file {} was damaged and is removed: run the command again",
            path.display()
        )));
    }
    note(&format!(
        "the cache file {} was damaged and is removed",
        path.display()
    ));
    Recovery::RunAgain
}

/// Temporary files an rjkb from before the store left when killed while
/// caching (`.builtin-XXXXXX.db`); a build takes milliseconds, so one older
/// than ten minutes is no live build's.
fn remove_legacy_temporaries(store: &Store) {
    let Ok(entries) = std::fs::read_dir(store.dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let legacy = name.len() == ".builtin-XXXXXX.db".len()
            && name.starts_with(".builtin-")
            && name.ends_with(".db");
        let old = entry
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 600);
        if legacy && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Everything that shapes the built-in database, hashed: SipHash through
/// std's `DefaultHasher` reads eight bytes a step, a quarter of the time of
/// the byte-by-byte FNV it replaced (this runs on every call, over 100 KB).
/// Its output may change with the Rust version, which changes the binary,
/// and so the fingerprint, anyway.
fn fingerprint() -> String {
    use std::hash::Hasher;
    let mut hasher = std::hash::DefaultHasher::new();
    // A rebuilt binary may load differently: its size and time stand for it.
    if let Ok(meta) = std::env::current_exe().and_then(|exe| exe.metadata()) {
        hasher.write_u64(meta.len());
        if let Ok(since) = meta
            .modified()
            .map(|m| m.duration_since(std::time::UNIX_EPOCH))
        {
            hasher.write_u128(since.unwrap_or_default().as_nanos());
        }
    }
    let mut feed = |bytes: &[u8]| {
        hasher.write_usize(bytes.len());
        hasher.write(bytes);
    };
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
    format!("{:016x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fingerprint_is_stable_within_a_build() {
        assert_eq!(super::fingerprint(), super::fingerprint());
    }
}
