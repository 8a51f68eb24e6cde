//! What each file read from a data folder was, to tell later whether any
//! may have changed since: the cache of a `--data` folder is used only
//! while every file it was built from is still what was read.
//!
//! A file is known by its device and inode, its size, and the times of its
//! last change of content (mtime) and of anything (ctime, which no one can
//! set back: `touch -d` changes it too). Those tell any change made after
//! the reading — unless the file changed in the very clock tick of a change
//! just before: then its times say nothing. Git calls such a file "racily
//! clean" and compares contents. So here: a file whose times are not at
//! least [`RACY`] older than the moment the reading began has a hash of the
//! very bytes read recorded too, and is judged by its content, hashed again.
//! Once its times are old enough, the record can be made anew without the
//! hash ([`Check::SameBytes`]), as git refreshes its index.

use super::read::Folder;
use std::cell::RefCell;
use std::fs::File;
use std::hash::Hasher;
use std::io::{self, Read};
use std::rc::Rc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How much older than the reading a file's times must be to be trusted:
/// above a clock tick, and above the two seconds of the coarsest file
/// systems' times.
pub const RACY: Duration = Duration::from_secs(3);

/// One file as it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// Its name in the folder, as the data names it.
    pub name: String,
    pub dev: u64,
    pub ino: u64,
    pub size: u64,
    pub mtime_ns: i64,
    pub ctime_ns: i64,
    /// For a racily clean file, a hash of every byte read from it.
    pub hash: Option<u64>,
}

impl Stamp {
    /// The stamp of `file`, open as `name`, without a hash.
    fn of(name: &str, file: &File) -> io::Result<Stamp> {
        let meta = file.metadata()?;
        let (dev, ino, mtime_ns, ctime_ns) = identity(&meta);
        Ok(Stamp {
            name: name.to_string(),
            dev,
            ino,
            size: meta.len(),
            mtime_ns,
            ctime_ns,
            hash: None,
        })
    }

    /// Whether the file this names in `folder` is still the one read, as
    /// it was: the same identity, size and times — or, for a racily clean
    /// one, the same bytes.
    pub fn check(&self, folder: &Folder) -> Check {
        self.check_at(folder, since_epoch(SystemTime::now()))
    }

    /// [`Stamp::check`] begun at `began` (ns since the epoch).
    fn check_at(&self, folder: &Folder, began: i128) -> Check {
        let Ok(Some(file)) = folder.open(&self.name) else {
            return Check::Changed;
        };
        let Ok(now) = Stamp::of(&self.name, &file) else {
            return Check::Changed;
        };
        let Some(hash) = self.hash else {
            return if now == *self {
                Check::Same
            } else {
                Check::Changed
            };
        };
        let same = (now.dev, now.ino, now.size) == (self.dev, self.ino, self.size)
            && hash_all(&file).is_ok_and(|h| h == hash)
            // Unchanged while it was hashed, too.
            && Stamp::of(&self.name, &file).is_ok_and(|after| after == now);
        match same {
            false => Check::Changed,
            true if now.racy(began) => Check::Same,
            true => Check::SameBytes(now),
        }
    }

    /// Whether its times are too recent, at `began`, to tell a change.
    fn racy(&self, began_ns: i128) -> bool {
        i128::from(self.mtime_ns.max(self.ctime_ns)) + RACY.as_nanos() as i128 > began_ns
    }
}

/// What became of a file since its stamp.
#[derive(Debug, PartialEq, Eq)]
pub enum Check {
    /// It is as it was.
    Same,
    /// It holds the same bytes, and its times are now old enough to be
    /// trusted: this stamp, without a hash, may stand for it from now on.
    SameBytes(Stamp),
    /// It changed, or is gone, or cannot be read.
    Changed,
}

/// The files a load read, stamped as each was opened.
#[derive(Debug)]
pub struct Ledger {
    /// When the reading began, in nanoseconds since the epoch.
    began_ns: i128,
    stamps: RefCell<Vec<Stamp>>,
}

impl Ledger {
    pub fn new() -> Rc<Ledger> {
        Rc::new(Ledger {
            began_ns: since_epoch(SystemTime::now()),
            stamps: RefCell::new(Vec::new()),
        })
    }

    /// Every file read, in the order opened.
    pub fn stamps(&self) -> Vec<Stamp> {
        self.stamps.borrow().clone()
    }

    /// `file`, opened as `name`, stamped here: read through the returned
    /// reader, which hashes what it reads if the file is racily clean.
    pub fn stamped(self: &Rc<Self>, name: &str, file: File) -> io::Result<Stamped> {
        let stamp = Stamp::of(name, &file)?;
        let racy = stamp.racy(self.began_ns);
        let mut stamps = self.stamps.borrow_mut();
        stamps.push(stamp);
        Ok(Stamped {
            file,
            hasher: racy.then(hasher),
            ledger: Rc::clone(self),
            at: stamps.len() - 1,
        })
    }
}

/// A file being read for a [`Ledger`]; when dropped, the hash of what was
/// read (if it is kept) goes to the file's stamp.
pub struct Stamped {
    file: File,
    hasher: Option<std::hash::DefaultHasher>,
    ledger: Rc<Ledger>,
    at: usize,
}

impl Read for Stamped {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.file.read(buf)?;
        if let Some(hasher) = &mut self.hasher {
            hasher.write(&buf[..read]);
        }
        Ok(read)
    }
}

impl Drop for Stamped {
    fn drop(&mut self) {
        if let Some(hasher) = self.hasher.take() {
            self.ledger.stamps.borrow_mut()[self.at].hash = Some(hasher.finish());
        }
    }
}

/// SipHash with fixed keys: the same bytes hash the same in every run of
/// one binary (a cache is never used by another).
fn hasher() -> std::hash::DefaultHasher {
    std::hash::DefaultHasher::new()
}

fn hash_all(mut file: &File) -> io::Result<u64> {
    let mut hasher = hasher();
    let mut buf = vec![0; 1 << 16];
    loop {
        match file.read(&mut buf)? {
            0 => return Ok(hasher.finish()),
            n => hasher.write(&buf[..n]),
        }
    }
}

fn since_epoch(time: SystemTime) -> i128 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_nanos() as i128,
        Err(before) => -(before.duration().as_nanos() as i128),
    }
}

/// Device, inode, mtime and ctime (in nanoseconds) of a file.
#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> (u64, u64, i64, i64) {
    use std::os::unix::fs::MetadataExt;
    let ns = |s: i64, n: i64| s.saturating_mul(1_000_000_000).saturating_add(n);
    (
        meta.dev(),
        meta.ino(),
        ns(meta.mtime(), meta.mtime_nsec()),
        ns(meta.ctime(), meta.ctime_nsec()),
    )
}

/// Elsewhere: no inode and no ctime, so the modification time stands for
/// both times.
#[cfg(not(unix))]
fn identity(meta: &std::fs::Metadata) -> (u64, u64, i64, i64) {
    let mtime = meta
        .modified()
        .map(|m| since_epoch(m) as i64)
        .unwrap_or_default();
    (0, 0, mtime, mtime)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_through(ledger: &Rc<Ledger>, folder: &Folder, name: &str) -> Vec<u8> {
        let file = folder.open(name).unwrap().unwrap();
        let mut bytes = Vec::new();
        // Small reads, as a CSV reader's buffer makes them.
        let mut reader = io::BufReader::with_capacity(7, ledger.stamped(name, file).unwrap());
        reader.read_to_end(&mut bytes).unwrap();
        bytes
    }

    fn set_times(path: &std::path::Path, ago: Duration) {
        let file = File::options().write(true).open(path).unwrap();
        file.set_modified(SystemTime::now() - ago).unwrap();
    }

    #[test]
    fn an_old_file_is_judged_by_its_stamp_and_a_new_one_by_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("old.csv"), "id\n1\n").unwrap();
        std::fs::write(dir.path().join("new.csv"), "id\n2\n").unwrap();
        set_times(&dir.path().join("old.csv"), Duration::from_secs(60));
        // ctime is now for both: only what the test can set matters here,
        // so the ledger begins a while after both were made.
        let ledger = Rc::new(Ledger {
            began_ns: since_epoch(SystemTime::now() + RACY),
            stamps: RefCell::new(Vec::new()),
        });
        let folder = Folder::new(dir.path()).unwrap();
        assert_eq!(read_through(&ledger, &folder, "old.csv"), b"id\n1\n");
        let fresh = Ledger::new();
        assert_eq!(read_through(&fresh, &folder, "new.csv"), b"id\n2\n");
        let (old, new) = (&ledger.stamps()[0], &fresh.stamps()[0]);
        assert_eq!(old.hash, None, "old enough to trust its times");
        assert!(new.hash.is_some(), "just written: judged by its bytes");
        assert_eq!(old.check(&folder), Check::Same);
        assert_eq!(new.check(&folder), Check::Same, "still too new to trust");
        // Once its times are old, the same bytes give a stamp to keep.
        let later = since_epoch(SystemTime::now() + RACY);
        let kept = match new.check_at(&folder, later) {
            Check::SameBytes(kept) => kept,
            other => panic!("{other:?}"),
        };
        assert_eq!((kept.hash, kept.check(&folder)), (None, Check::Same));
        // The same size, the times set back: the stamp still tells (ctime).
        std::fs::write(dir.path().join("old.csv"), "id\n9\n").unwrap();
        set_times(&dir.path().join("old.csv"), Duration::from_secs(60));
        assert_eq!(old.check(&folder), Check::Changed);
        std::fs::write(dir.path().join("new.csv"), "id\n8\n").unwrap();
        assert_eq!(new.check(&folder), Check::Changed);
        std::fs::write(dir.path().join("new.csv"), "id\n2\n").unwrap();
        assert_eq!(new.check(&folder), Check::Same, "the same bytes again");
        std::fs::remove_file(dir.path().join("new.csv")).unwrap();
        assert_eq!(new.check(&folder), Check::Changed);
    }
}
