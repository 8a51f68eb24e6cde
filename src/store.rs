//! A store of databases rjkb builds for itself, used only when provably its own.
//!
//! The cache of `--data` folders keeps one entry here per folder. An entry
//! is a database file in a
//! folder only the user can write, named by its kind and a hash of its key
//! and fingerprint, and carrying them inside (table `rjkb_store`), with the
//! program that built it. It is used only if it is a regular file (not a
//! link) of this user, with rjkb's application id, a header that agrees with
//! its size, the current schema, and the very kind, key and fingerprint
//! asked for. It is opened read-only as a file that never changes (SQLite
//! reads no journal beside it): entries are only ever replaced whole.
//!
//! What the store removes is only what it made, and only what the program
//! that built it (or one that no longer exists) can never use again: an
//! entry of the same kind and key built from other data; an entry whose key
//! is a path that no longer exists (a folder since removed); an entry of a
//! kind no longer kept (the built-in data, now in the binary) — each with
//! the files SQLite left beside it; and temporaries of the scheme in
//! [`crate::files::temp`], whenever it builds.

use crate::files::Staged;
use crate::{db, dbfile};
use anyhow::{bail, Context as _, Result};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// Kinds of entry the store once kept and keeps no more: the built-in
/// data, now built into the binary.
const RETIRED: &[&str] = &["builtin"];

/// A folder of entries.
pub struct Store {
    dir: PathBuf,
}

/// What an entry holds: its kind and key name it, its fingerprint says what
/// it was built from.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub kind: &'a str,
    pub key: &'a str,
    pub fingerprint: &'a str,
}

/// What is at an entry's place.
pub enum Found {
    Usable(Connection),
    Missing,
    /// The store's own file, out of date or damaged: build it again.
    Stale(String),
    /// Something the store did not make: leave it alone.
    Foreign(String),
}

impl Store {
    /// The user's store: `RJKB_CACHE_DIR`, else `$XDG_CACHE_HOME/rjkb`, else
    /// `~/.cache/rjkb`. None when `RJKB_NO_CACHE` is set or there is no such
    /// place; an error, in words, when the folder is not the user's alone.
    /// `XDG_CACHE_HOME` and `HOME` count only when absolute, as the XDG
    /// rules ask: a relative one would put a cache in every folder rjkb is
    /// run from.
    pub fn user() -> Result<Option<Store>, String> {
        if std::env::var_os("RJKB_NO_CACHE").is_some_and(|v| !v.is_empty()) {
            return Ok(None);
        }
        let from_env = |name| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let absolute = |name| from_env(name).filter(|dir: &PathBuf| dir.is_absolute());
        let dir = from_env("RJKB_CACHE_DIR")
            .or_else(|| absolute("XDG_CACHE_HOME").map(|d| d.join("rjkb")))
            .or_else(|| absolute("HOME").map(|d| d.join(".cache").join("rjkb")));
        dir.map(|dir| Store::at(&dir)).transpose()
    }

    /// The store in `dir`, made (private) if missing.
    pub fn at(dir: &Path) -> Result<Store, String> {
        if !dir.exists() {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder
                .create(dir)
                .map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
        }
        let meta = std::fs::symlink_metadata(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if !meta.is_dir() {
            return Err(format!("{} is not a folder", dir.display()));
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if meta.uid() != euid() {
                return Err(format!("{} belongs to another user", dir.display()));
            }
            if meta.mode() & 0o022 != 0 {
                return Err(format!(
                    "others can write in {} (make it yours alone: chmod go-w)",
                    dir.display()
                ));
            }
        }
        Ok(Store {
            dir: dir.to_path_buf(),
        })
    }

    /// Where an entry lives.
    pub fn path(&self, entry: &Entry) -> PathBuf {
        let name = hash(&[entry.key.as_bytes(), entry.fingerprint.as_bytes()]);
        self.dir.join(format!("{}-{name}.db", entry.kind))
    }

    /// The entry, if it is there and provably the store's own, current one.
    pub fn open(&self, entry: &Entry) -> Found {
        let path = self.path(entry);
        match check_file(&path) {
            Ok(()) => {}
            Err(found) => return found,
        }
        match open_verified(&path, entry) {
            Ok(conn) => Found::Usable(conn),
            Err(e) => Found::Stale(crate::db::error_in_words(&e)),
        }
    }

    /// Builds the entry: `fill` loads a new, migrated database, which is
    /// then marked as the entry and moved into place whole. Entries it
    /// supersedes are removed.
    pub fn build(
        &self,
        entry: &Entry,
        fill: impl FnOnce(&mut Connection) -> Result<()>,
    ) -> Result<()> {
        let path = self.path(entry);
        let staged = Staged::file(&path)?;
        {
            let mut conn = db::create(staged.path())?;
            conn.execute_batch(&format!(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -{};",
                db::BUILD_CACHE_BYTES >> 10
            ))?;
            fill(&mut conn)?;
            conn.execute(
                "CREATE TABLE rjkb_store (kind TEXT NOT NULL, key TEXT NOT NULL, \
                 fingerprint TEXT NOT NULL, program TEXT NOT NULL)",
                [],
            )?;
            conn.execute(
                "INSERT INTO rjkb_store VALUES (?1, ?2, ?3, ?4)",
                (entry.kind, entry.key, entry.fingerprint, program()),
            )?;
            conn.close().map_err(|(_, e)| e)?;
        }
        staged.commit()?;
        self.remove_superseded(entry, &path);
        Ok(())
    }

    /// Replaces the entry, which must be there and the store's own, with a
    /// copy changed by `change`, moved into place whole.
    pub fn amend(
        &self,
        entry: &Entry,
        change: impl FnOnce(&Connection) -> Result<()>,
    ) -> Result<()> {
        let path = self.path(entry);
        if check_file(&path).is_err() {
            bail!("{} is not the store's own", path.display());
        }
        let staged = Staged::file(&path)?;
        std::fs::copy(&path, staged.path())?;
        {
            let conn = Connection::open(db::literal(staged.path()))?;
            conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
            change(&conn)?;
            conn.close().map_err(|(_, e)| e)?;
        }
        staged.commit()
    }

    /// Removes the entries, built by this program (or by one that is
    /// gone), that can never be used again: of the same kind and key but
    /// other data; of a key that is a path no longer there; of a retired
    /// kind.
    fn remove_superseded(&self, entry: &Entry, current: &Path) {
        let Ok(names) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let kinds: Vec<&str> = RETIRED.iter().copied().chain([entry.kind]).collect();
        for name in names.flatten().map(|e| e.file_name()) {
            let Some(name) = name.to_str() else {
                continue;
            };
            let hex = kinds
                .iter()
                .find_map(|kind| name.strip_prefix(kind)?.strip_prefix('-'))
                .and_then(|n| n.strip_suffix(".db"));
            if !hex.is_some_and(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit())) {
                continue;
            }
            let path = self.dir.join(name);
            if path == current || check_file(&path).is_err() {
                continue;
            }
            let Ok((kind, key, program)) = marks(&path) else {
                continue;
            };
            let by_us = program == self::program() || !Path::new(&program).exists();
            let gone = |key: &str| {
                Path::new(key).is_absolute()
                    && std::fs::symlink_metadata(key)
                        .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
            };
            let useless = RETIRED.contains(&kind.as_str())
                || (kind == entry.kind && (key == entry.key || gone(&key)));
            if by_us && useless {
                for suffix in ["", "-journal", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(self.dir.join(format!("{name}{suffix}")));
                }
            }
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Ok if `path` is a regular file of this user whose header says rjkb built
/// it and agrees with its size; else what is there instead.
fn check_file(path: &Path) -> Result<(), Found> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Found::Missing),
        Err(e) => return Err(Found::Foreign(e.to_string())),
    };
    if !meta.is_file() {
        return Err(Found::Foreign(format!(
            "it is {}",
            crate::files::describe(meta.file_type())
        )));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.uid() != euid() {
            return Err(Found::Foreign("it belongs to another user".into()));
        }
    }
    let header = crate::files::read::open_regular(path)
        .map_err(Found::Foreign)
        .and_then(|mut file| {
            dbfile::header(&mut file).map_err(|e| Found::Foreign(e.to_string()))
        })?;
    let Some(header) = header.filter(|h| h.application_id == dbfile::APPLICATION_ID) else {
        return Err(Found::Foreign("it is not a database rjkb built".into()));
    };
    match header.pages {
        Some(pages) if pages * header.page_size == meta.len() => Ok(()),
        _ => Err(Found::Stale(
            "it is damaged: its size does not match its header".into(),
        )),
    }
}

/// Opens `path` read-only, as a file that never changes, if it holds the
/// current schema and is marked as `entry`.
fn open_verified(path: &Path, entry: &Entry) -> Result<Connection> {
    let conn = open_immutable(path)?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version != db::SCHEMA_VERSION {
        bail!(
            "it has schema version {version}, not {}",
            db::SCHEMA_VERSION
        );
    }
    let (kind, key, fingerprint): (String, String, String) = conn
        .query_row("SELECT kind, key, fingerprint FROM rjkb_store", [], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .context("it carries no mark of the store")?;
    if (kind.as_str(), key.as_str(), fingerprint.as_str())
        != (entry.kind, entry.key, entry.fingerprint)
    {
        bail!("it was built from other data");
    }
    Ok(conn)
}

fn open_immutable(path: &Path) -> Result<Connection> {
    let conn = dbfile::open_immutable(path)?;
    db::configure(&conn)?;
    Ok(conn)
}

/// The kind, key and program an entry's file is marked with.
fn marks(path: &Path) -> Result<(String, String, String)> {
    let conn = open_immutable(path)?;
    Ok(
        conn.query_row("SELECT kind, key, program FROM rjkb_store", [], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?,
    )
}

/// The program running, as entries record it.
fn program() -> String {
    std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

#[cfg(unix)]
fn euid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// FNV-1a over `parts` (each ended by a byte no UTF-8 text has), as
/// sixteen hex digits: a name and a fingerprint, not a defence — what
/// makes an entry trusted is where it is and what it holds.
pub fn hash(parts: &[&[u8]]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.iter().chain([&0xff]) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}
