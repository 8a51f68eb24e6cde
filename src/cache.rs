//! `--data DIR` kept built: the first call loads a folder into a database
//! in the user's [`Store`], and later calls open that database read-only
//! for as long as every file it was built from is unchanged — answering
//! from a folder then costs what answering from the built-in data costs.
//!
//! The entry's key is the folder's real path; its fingerprint covers this
//! binary, the schema and the derived tables it lays out, and the text
//! size cap, so another rjkb or cap never reads it. Inside it, beside the
//! store's marks, table `rjkb_files` holds the stamp of every file the load
//! read (`files::stamp`: identity, size and times, and for a file changed
//! just before, a hash of its bytes): the entry is used only while each
//! still holds, and rebuilt otherwise. Nothing is believed blindly: the
//! store uses a file only if it is provably its own; anything else falls
//! back to loading into memory, naming the file it skipped. An entry that
//! fails in the middle of a command is removed, and the command run again
//! if it had written nothing ([`recover`]). `RJKB_NO_CACHE=1` skips the
//! cache; `RJKB_CACHE_DIR` moves it.
//!
//! The built-in data needs no cache: it is built at compile time
//! ([`crate::builtin`]).

use crate::files::stamp::{Check, Stamp};
use crate::seed::{self, DataSource};
use crate::store::{Entry, Found, Store};
use crate::{db, files};
use anyhow::{Context, Result};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The cache file this process answers from, if any.
static IN_USE: Mutex<Option<PathBuf>> = Mutex::new(None);

/// A connection to the data in the folder `dir`, read with texts of at
/// most `max_text` bytes: its cache entry, or memory.
pub fn folder(dir: &Path, max_text: u64) -> Result<Connection> {
    let data = DataSource::Folder {
        dir: dir.to_path_buf(),
        max_text,
    };
    let store = match Store::user() {
        Ok(Some(store)) => store,
        Ok(None) => return in_memory(&data),
        Err(why) => {
            note(&format!(
                "not caching {}: {why}; answering from memory",
                dir.display()
            ));
            return in_memory(&data);
        }
    };
    let folder = files::Folder::new(dir).with_context(|| format!("reading {}", dir.display()))?;
    let Some(key) = folder.root().to_str() else {
        return in_memory(&data);
    };
    let fingerprint = format!("{} {max_text}", fingerprint());
    let entry = Entry {
        kind: "data",
        key,
        fingerprint: &fingerprint,
    };
    let path = store.path(&entry);
    match store.open(&entry) {
        Found::Usable(conn) => {
            if let Some(renewed) = check(&conn, &folder) {
                if !renewed.is_empty() {
                    // Best effort: if it fails, the hashes are checked again next time.
                    let _ = store.amend(&entry, |conn| renew(conn, &renewed));
                }
                return Ok(in_use(conn, path));
            }
        }
        Found::Foreign(why) => {
            note(&format!(
                "not using the cache file {}: {why}; answering from memory (remove the file \
                 to let rjkb cache again)",
                path.display()
            ));
            return in_memory(&data);
        }
        Found::Missing | Found::Stale(_) => {}
    }
    build(&store, &entry, &data, dir)
}

/// Builds the folder's entry and opens it; answers from memory if the
/// store cannot hold it. A problem in the data is an error.
fn build(store: &Store, entry: &Entry, data: &DataSource, dir: &Path) -> Result<Connection> {
    remove_legacy_temporaries(store);
    let built = store.build(entry, |conn| {
        let stats = seed::load_or_fail(conn, data)?;
        record(conn, &stats.files)
    });
    match (built, store.open(entry)) {
        (Ok(()), Found::Usable(conn)) => Ok(in_use(conn, store.path(entry))),
        (Err(e), _) if e.downcast_ref::<seed::Problems>().is_some() => {
            Err(e.context(format!("loading {}", dir.display())))
        }
        (Err(e), _) => {
            note(&format!(
                "cannot cache {} in {}: {}; answering from memory",
                dir.display(),
                store.dir().display(),
                crate::db::error_in_words(&e)
            ));
            in_memory(data)
        }
        (Ok(()), _) => {
            note(&format!(
                "the cache file {} just built is unusable; answering from memory",
                store.path(entry).display()
            ));
            in_memory(data)
        }
    }
}

/// The table of stamps an entry carries.
const FILES: &str = "CREATE TABLE rjkb_files ( -- each file the data was loaded from, as read
  name TEXT PRIMARY KEY,         -- its name in the folder
  dev INTEGER NOT NULL,          -- the device it is on
  ino INTEGER NOT NULL,          -- its inode
  size INTEGER NOT NULL,         -- its size in bytes
  mtime_ns INTEGER NOT NULL,     -- when its content last changed
  ctime_ns INTEGER NOT NULL,     -- when anything about it last changed
  hash INTEGER                   -- for a file changed just before it was read, a hash of its bytes
)";

/// Writes the stamps of the files a load read into its entry.
fn record(conn: &Connection, stamps: &[Stamp]) -> Result<()> {
    conn.execute_batch(FILES)?;
    renew(conn, stamps)
}

/// Puts `stamps` in place of those of the same files (or beside them).
fn renew(conn: &Connection, stamps: &[Stamp]) -> Result<()> {
    let mut insert =
        conn.prepare("INSERT OR REPLACE INTO rjkb_files VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
    for s in stamps {
        // SQLite's integers are signed: the bits of each are kept.
        let hash = s.hash.map(|h| h as i64);
        insert.execute((
            &s.name,
            s.dev as i64,
            s.ino as i64,
            s.size as i64,
            s.mtime_ns,
            s.ctime_ns,
            hash,
        ))?;
    }
    Ok(())
}

/// Whether every file the entry was built from is still as it was read:
/// if so, the stamps that may replace hashed ones from now on.
fn check(conn: &Connection, folder: &files::Folder) -> Option<Vec<Stamp>> {
    let stamps = conn
        .prepare("SELECT name, dev, ino, size, mtime_ns, ctime_ns, hash FROM rjkb_files")
        .and_then(|mut stmt| {
            stmt.query_map([], |row| {
                Ok(Stamp {
                    name: row.get(0)?,
                    dev: row.get::<_, i64>(1)? as u64,
                    ino: row.get::<_, i64>(2)? as u64,
                    size: row.get::<_, i64>(3)? as u64,
                    mtime_ns: row.get(4)?,
                    ctime_ns: row.get(5)?,
                    hash: row.get::<_, Option<i64>>(6)?.map(|h| h as u64),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        });
    let stamps = stamps.ok().filter(|s| !s.is_empty())?;
    let mut renewed = Vec::new();
    for stamp in stamps {
        match stamp.check(folder) {
            Check::Same => {}
            Check::SameBytes(now) => renewed.push(now),
            Check::Changed => return None,
        }
    }
    Some(renewed)
}

fn in_use(conn: Connection, path: PathBuf) -> Connection {
    *IN_USE.lock().unwrap_or_else(|p| p.into_inner()) = Some(path);
    conn
}

fn in_memory(data: &DataSource) -> Result<Connection> {
    let mut conn = db::in_memory()?;
    let name = match data {
        DataSource::Folder { dir, .. } => dir.display().to_string(),
        _ => "the data".to_string(),
    };
    seed::load_or_fail(&mut conn, data).with_context(|| format!("loading {name}"))?;
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
    let damaged = db::damaged(&error);
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

/// Everything in this binary that shapes a loaded database, hashed:
/// SipHash through std's `DefaultHasher` reads eight bytes a step. Its
/// output may change with the Rust version, which changes the binary, and
/// so the fingerprint, anyway.
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
    format!("{:016x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fingerprint_is_stable_within_a_build() {
        assert_eq!(super::fingerprint(), super::fingerprint());
    }
}
