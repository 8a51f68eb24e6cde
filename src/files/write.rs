//! Writing a file or a folder whole: made beside its target, then swapped in.
//!
//! A reader sees the old target or the new one, never half of either, and
//! an interrupted write leaves the old one as it was: the new file is
//! renamed over it in one step, and a new folder is exchanged with the old
//! one in one step (`renameat2(RENAME_EXCHANGE)` on Linux; elsewhere two
//! renames, one right after the other). What the target may be before it is
//! replaced is the caller's to decide; here it is only kept or made.

use super::temp::Temp;
use anyhow::{Context as _, Result};
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// A file or folder being written under a temporary name beside its target.
pub struct Staged {
    temp: Temp,
    target: PathBuf,
    folder: bool,
}

impl Staged {
    /// A temporary file beside `target`, to be written (by path or through
    /// [`Staged::file`]) and then [committed](Staged::commit).
    pub fn file(target: &Path) -> Result<Staged> {
        Staged::new(target, false)
    }

    /// A temporary folder beside `target`, to be filled and then committed.
    pub fn folder(target: &Path) -> Result<Staged> {
        Staged::new(target, true)
    }

    fn new(target: &Path, folder: bool) -> Result<Staged> {
        let dir = parent(target);
        if !dir.exists() {
            let name = dir.to_string_lossy();
            let word = crate::terminal::shell_word(&name);
            anyhow::bail!(
                "the folder {} is not there: make it first (mkdir -p {word})",
                dir.display()
            );
        }
        let temp = if folder {
            Temp::folder_in(dir)
        } else {
            Temp::file_in(dir)
        }
        .with_context(|| {
            format!(
                "creating a temporary {} in {}",
                if folder { "folder" } else { "file" },
                dir.display()
            )
        })?;
        Ok(Staged {
            temp,
            target: target.to_path_buf(),
            folder,
        })
    }

    /// Where to write: the temporary file, or the temporary folder.
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    /// What the temporary will replace.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The temporary file, open for writing.
    pub fn as_file(&self) -> &File {
        self.temp.file()
    }

    /// Moves what was written into place: the mode of the target it
    /// replaces, or the umask's for a new one; synced to disk first, and
    /// the folder's entry after.
    pub fn commit(self) -> Result<()> {
        let Staged {
            temp,
            target,
            folder,
        } = self;
        let keep = std::fs::symlink_metadata(&target)
            .ok()
            .filter(|m| m.is_dir() == folder && !m.is_symlink());
        let file = temp.file();
        set_mode(file, keep.as_ref(), folder)
            .with_context(|| format!("setting the mode of {}", target.display()))?;
        if !folder {
            file.sync_all()
                .with_context(|| format!("writing {}", target.display()))?;
        }
        let replaced = temp
            .commit(|path| match (&keep, folder) {
                (Some(_), true) => exchange(path, &target).map(|()| true),
                _ => std::fs::rename(path, &target).map(|()| false),
            })
            .with_context(|| format!("moving the new {} into place", target.display()))?;
        // The old folder, swapped out under the temporary's name, goes now
        // (a signal meanwhile removes it too).
        drop(replaced);
        if let Ok(dir) = File::open(parent(&target)) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

/// The folder `path` is in ("." for a bare name).
pub fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A replaced file or folder keeps its permissions; a new one gets what the
/// umask leaves of 0666 (a file) or 0777 (a folder), as any new file would.
fn set_mode(file: &File, keep: Option<&std::fs::Metadata>, folder: bool) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = match keep {
            Some(old) => old.permissions().mode() & 0o7777,
            None if folder => 0o777 & !umask(),
            None => 0o666 & !umask(),
        };
        file.set_permissions(std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (file, keep, folder);
        Ok(())
    }
}

/// The process's umask. Reading it means setting it: set it back at once.
#[cfg(unix)]
#[allow(clippy::useless_conversion)] // mode_t is u16 on some systems
pub fn umask() -> u32 {
    // SAFETY: umask cannot fail; the old mask is restored straight away.
    unsafe {
        let mask = libc::umask(0o077);
        libc::umask(mask);
        u32::from(mask)
    }
}

/// Swaps two paths in one step where the system can; else in two renames.
fn exchange(new: &Path, old: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
        let (a, b) = (c(new)?, c(old)?);
        // SAFETY: two NUL-terminated paths, relative to the working folder.
        let done = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if done == 0 {
            return Ok(());
        }
        let error = io::Error::last_os_error();
        if !matches!(
            error.raw_os_error(),
            Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
        ) {
            return Err(error);
        }
    }
    // Without an exchange: the old folder to a name of the scheme (the
    // next run removes it if this run dies), then the new one into place.
    let mut aside = new.as_os_str().to_owned();
    aside.push("-old");
    let aside = PathBuf::from(aside);
    std::fs::rename(old, &aside)?;
    if let Err(e) = std::fs::rename(new, old) {
        let _ = std::fs::rename(&aside, old);
        return Err(e);
    }
    std::fs::rename(&aside, new)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_new_file_honours_the_umask_and_a_replaced_one_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("kb.db");
        let staged = Staged::file(&target).unwrap();
        std::fs::write(staged.path(), b"one").unwrap();
        staged.commit().unwrap();
        assert_eq!(mode(&target), 0o666 & !umask());
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        let staged = Staged::file(&target).unwrap();
        std::fs::write(staged.path(), b"two").unwrap();
        staged.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        assert_eq!(mode(&target), 0o640);
    }

    #[test]
    fn a_folder_is_swapped_whole_and_the_old_one_removed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.csv"), b"old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o750)).unwrap();
        let staged = Staged::folder(&target).unwrap();
        std::fs::write(staged.path().join("new.csv"), b"new").unwrap();
        staged.commit().unwrap();
        let names: Vec<_> = std::fs::read_dir(&target)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec!["new.csv"]);
        assert_eq!(mode(&target), 0o750);
        let beside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(beside, vec!["out"], "no temporary left");
    }

    #[test]
    fn an_unfinished_write_leaves_the_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("kb.db");
        std::fs::write(&target, b"before").unwrap();
        let staged = Staged::file(&target).unwrap();
        std::fs::write(staged.path(), b"half").unwrap();
        drop(staged);
        assert_eq!(std::fs::read(&target).unwrap(), b"before");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
