//! Temporary files and folders: named by one scheme, locked while in use,
//! never left behind for long.
//!
//! A temporary is made as `.rjkb-new-<random>`, locked (an advisory
//! `flock`, which the system drops when the process ends, however it ends),
//! and only then renamed to `.rjkb-tmp-<random>`. So a `.rjkb-tmp-*` entry
//! that can be locked belongs to no live rjkb: a run killed with SIGKILL
//! left it, and the next run that writes in the same folder removes it
//! (with the `-journal`, `-wal` and `-shm` files SQLite may have left
//! beside it). SIGINT, SIGTERM and SIGHUP remove the process's own
//! temporaries before it ends, as the signal would have ended it.
//! Nothing else is ever removed: not a file of another name, not a symbolic
//! link, not another user's file, not a temporary another rjkb holds.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once};
use std::time::{Duration, SystemTime};

/// The names of temporaries in use, and of those left by a killed run.
const PREFIX: &str = ".rjkb-tmp-";
/// The name a temporary has for the instant between its making and its lock.
const NEWBORN: &str = ".rjkb-new-";
/// Files SQLite keeps beside a database it writes.
const SIBLINGS: [&str; 3] = ["-journal", "-wal", "-shm"];

/// A temporary file or folder of this process, locked until dropped;
/// dropping it unkept removes it.
pub struct Temp {
    path: PathBuf,
    /// The open file (or folder) that holds the lock.
    lock: File,
    folder: bool,
    /// Moved into place: nothing is left to remove.
    committed: bool,
}

impl Temp {
    /// A new, empty temporary file in `dir`, readable by its owner only
    /// until it is given its final mode.
    pub fn file_in(dir: &Path) -> io::Result<Temp> {
        Temp::make(dir, false)
    }

    /// A new, empty temporary folder in `dir`.
    pub fn folder_in(dir: &Path) -> io::Result<Temp> {
        Temp::make(dir, true)
    }

    fn make(dir: &Path, folder: bool) -> io::Result<Temp> {
        remove_stale(dir);
        watch_signals();
        for _ in 0..16 {
            let suffix = random_suffix();
            let newborn = dir.join(format!("{NEWBORN}{suffix}"));
            // Held from before the newborn exists until it is registered:
            // a signal that comes meanwhile waits, then finds it and
            // removes it (without this, a signal in between left it).
            let mut live = live();
            let made = if folder {
                make_private_folder(&newborn).and_then(|()| File::open(&newborn))
            } else {
                create_private_file(&newborn)
            };
            let lock = match made {
                Ok(lock) => lock,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            };
            let path = dir.join(format!("{PREFIX}{suffix}"));
            // Where the file system has no locks (some network mounts), go
            // on unlocked: a later run then cannot lock it either, and so
            // never takes it for stale.
            let locked = match try_lock(&lock) {
                Ok(false) => Err(io::Error::other("a new temporary was locked by another")),
                _ => Ok(()),
            }
            .and_then(|()| {
                std::fs::rename(&newborn, &path)?;
                live.push(path.clone());
                Ok(())
            });
            if let Err(e) = locked {
                let _ = remove_entry(&newborn, folder);
                return Err(e);
            }
            return Ok(Temp {
                path,
                lock,
                folder,
                committed: false,
            });
        }
        Err(io::Error::other("no free temporary name"))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The open file that holds the lock (for a file: the file itself).
    pub fn file(&self) -> &File {
        &self.lock
    }

    /// Runs `commit` (which moves the temporary away, or swaps it with
    /// what it replaces) where no signal can cut in: a signal that comes
    /// meanwhile is handled after it. `commit` returns whether the
    /// temporary's name now holds what was replaced (a swapped folder):
    /// that is returned, still a temporary of this process — removed by a
    /// signal that comes first, or when dropped — never left for the next
    /// run.
    pub fn commit(
        mut self,
        commit: impl FnOnce(&Path) -> io::Result<bool>,
    ) -> io::Result<Option<Temp>> {
        let mut live = live();
        if commit(&self.path)? {
            return Ok(Some(self));
        }
        live.retain(|p| *p != self.path);
        self.committed = true;
        Ok(None)
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let mut live = live();
        let _ = remove_entry(&self.path, self.folder);
        for sibling in SIBLINGS {
            let _ = std::fs::remove_file(with_suffix(&self.path, sibling));
        }
        live.retain(|p| *p != self.path);
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_entry(path: &Path, folder: bool) -> io::Result<()> {
    if folder {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    }
}

/// Sixteen hex digits no other run will draw: the hasher std seeds at
/// random for each process, fed the time and a counter.
fn random_suffix() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    hasher.write_u128(now.as_nanos());
    hasher.write_u32(std::process::id());
    hasher.write_u64(COUNT.fetch_add(1, Ordering::Relaxed));
    format!("{:016x}", hasher.finish())
}

fn create_private_file(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

fn make_private_folder(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path)
}

/// Takes the exclusive lock on `file` if no one holds it: true if taken.
fn try_lock(file: &File) -> io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: flock on a descriptor this File owns and keeps open.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
            return Ok(true);
        }
        let error = io::Error::last_os_error();
        if error.raw_os_error() == Some(libc::EWOULDBLOCK) {
            return Ok(false);
        }
        Err(error)
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        Ok(true)
    }
}

/// Removes, in `dir`, the temporaries of runs that have ended without
/// removing them: `.rjkb-tmp-*` entries of this user that no one holds
/// locked, the files SQLite left beside them, and `.rjkb-new-*` entries
/// older than a minute (they exist for an instant while in use).
pub fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.starts_with(PREFIX) || n.starts_with(NEWBORN))
        .collect();
    // Each temporary before the files beside it: they go when it has gone.
    names.sort_by_key(|n| n.len());
    for name in names {
        let path = dir.join(&name);
        let Some(meta) = own_entry(&path) else {
            continue;
        };
        let base_len = PREFIX.len() + 16;
        if let Some(sibling) = SIBLINGS.iter().find(|s| name.ends_with(*s)) {
            let base = dir.join(&name[..name.len() - sibling.len()]);
            if name.len() == base_len + sibling.len() && !base.exists() && meta.is_file() {
                let _ = std::fs::remove_file(&path);
            }
            continue;
        }
        if name.len() != base_len {
            continue;
        }
        if name.starts_with(NEWBORN) {
            let age = meta.modified().ok().and_then(|m| m.elapsed().ok());
            if age.is_some_and(|age| age > Duration::from_secs(60)) {
                let _ = remove_entry(&path, meta.is_dir());
            }
            continue;
        }
        let unheld = File::open(&path).and_then(|f| try_lock(&f));
        if unheld.unwrap_or(false) {
            let _ = remove_entry(&path, meta.is_dir());
        }
    }
}

/// The entry's metadata if it is a file or folder (not a link) of this user.
fn own_entry(path: &Path) -> Option<std::fs::Metadata> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !(meta.is_file() || meta.is_dir()) {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions.
        if meta.uid() != unsafe { libc::geteuid() } {
            return None;
        }
    }
    Some(meta)
}

/// The temporaries this process holds now.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn live() -> MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// From the first temporary on, SIGINT, SIGTERM and SIGHUP remove every
/// temporary still held, then end the process as the signal would have.
fn watch_signals() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    // Held to the end: no commit can start after this.
                    let live = live();
                    for path in live.iter() {
                        remove_in_use(path);
                    }
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            });
        }
    });
}

/// Removes a temporary that the main thread may still be writing into. A
/// folder could gain a file while it is emptied, faster than it empties
/// (an export writing file after file left it so): it is first moved to
/// another temporary's name, where the main thread, which writes by the
/// old path, can put nothing more; then removed. What is left anyway (under
/// a temporary's name, still locked by this process until it ends), the
/// next run removes.
fn remove_in_use(path: &Path) {
    let folder = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    let gone = path.with_file_name(format!("{PREFIX}{}", random_suffix()));
    let path = match folder && std::fs::rename(path, &gone).is_ok() {
        true => gone.as_path(),
        false => path,
    };
    for _ in 0..5 {
        if remove_entry(path, folder).is_ok() {
            break;
        }
    }
    for sibling in SIBLINGS {
        let _ = std::fs::remove_file(with_suffix(path, sibling));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_held_temporary_stays_and_an_unheld_one_goes_with_its_journal() {
        let dir = tempfile::tempdir().unwrap();
        let held = Temp::file_in(dir.path()).unwrap();
        let held_name = held
            .path()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        // What a killed run leaves: a temporary no one locks, its journal,
        // and a folder of its own.
        let dead = dir.path().join(format!("{PREFIX}0123456789abcdef"));
        std::fs::write(&dead, b"half a database").unwrap();
        std::fs::write(with_suffix(&dead, "-journal"), b"j").unwrap();
        let dead_folder = dir.path().join(format!("{PREFIX}fedcba9876543210"));
        std::fs::create_dir(&dead_folder).unwrap();
        std::fs::write(dead_folder.join("events.csv"), b"x").unwrap();
        // And what is not ours: other names, and a link named like ours.
        std::fs::write(dir.path().join("thesis.db"), b"mine").unwrap();
        std::fs::write(dir.path().join(".rjkb-tmp-notes"), b"mine").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(
            dir.path().join("thesis.db"),
            dir.path().join(format!("{PREFIX}1111111111111111")),
        )
        .unwrap();
        remove_stale(dir.path());
        let mut expected = vec![
            ".rjkb-tmp-notes".to_string(),
            held_name.clone(),
            "thesis.db".to_string(),
        ];
        #[cfg(unix)]
        expected.push(format!("{PREFIX}1111111111111111"));
        expected.sort();
        assert_eq!(names(dir.path()), expected);
        drop(held);
        assert!(!names(dir.path()).contains(&held_name), "dropped, removed");
    }

    #[test]
    fn a_folder_still_written_into_is_removed_on_a_signal() {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join(format!("{PREFIX}00000000000000aa"));
        std::fs::create_dir(&folder).unwrap();
        // The main thread of an export, writing file after file.
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let (folder, stop) = (folder.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let _ = std::fs::write(folder.join(format!("{n}.csv")), b"row");
                    n += 1;
                }
            })
        };
        std::thread::sleep(Duration::from_millis(20));
        remove_in_use(&folder);
        let left = names(dir.path());
        stop.store(true, Ordering::Relaxed);
        writer.join().unwrap();
        assert!(left.is_empty(), "left behind: {left:?}");
    }

    #[test]
    fn a_committed_temporary_is_no_longer_removed() {
        let dir = tempfile::tempdir().unwrap();
        let temp = Temp::folder_in(dir.path()).unwrap();
        std::fs::write(temp.path().join("a.csv"), b"a").unwrap();
        let target = dir.path().join("out");
        temp.commit(|path| std::fs::rename(path, &target).map(|()| false))
            .unwrap();
        assert_eq!(std::fs::read(target.join("a.csv")).unwrap(), b"a");
        assert!(!live().iter().any(|p| p.starts_with(dir.path())));
        assert_eq!(names(dir.path()), vec!["out".to_string()]);
    }

    #[test]
    fn what_a_commit_swaps_out_stays_a_live_temporary_until_dropped() {
        // A signal between the swap and the removal of the old folder
        // removes it too (it left one behind for the next run).
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.csv"), b"old").unwrap();
        let temp = Temp::folder_in(dir.path()).unwrap();
        std::fs::write(temp.path().join("new.csv"), b"new").unwrap();
        let aside = dir.path().join("aside");
        let swap = |path: &Path| {
            std::fs::rename(&target, &aside)?;
            std::fs::rename(path, &target)?;
            std::fs::rename(&aside, path).map(|()| true)
        };
        let old = temp.commit(swap).unwrap().expect("the old folder");
        let path = old.path().to_path_buf();
        assert!(live().contains(&path));
        assert!(path.join("old.csv").exists());
        drop(old);
        assert!(!path.exists() && !live().contains(&path));
        assert_eq!(names(dir.path()), vec!["out".to_string()]);
        assert!(target.join("new.csv").exists());
    }
}
