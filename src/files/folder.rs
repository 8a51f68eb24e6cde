//! Writing a whole folder of files (`export --out`, and any later command
//! that writes a folder), replacing only what rjkb wrote before.
//!
//! The files are written into a temporary folder beside the target, with a
//! list of them in `.rjkb-files`, and the folder is swapped in whole. An
//! existing target is replaced only if it is empty or holds exactly what
//! its own `.rjkb-files` lists: a folder with anything else in it — a
//! thesis, notes, a user's own data — is refused, and nothing is touched.

use super::write::Staged;
use super::{check_relative, describe};
use anyhow::{bail, Context as _, Result};
use std::collections::BTreeSet;
use std::io::{BufWriter, Write};
use std::path::Path;

/// The list of what a folder rjkb wrote holds, inside it.
pub const LIST: &str = ".rjkb-files";
/// The first line of that list.
const HEADING: &str = "# written by rjkb; it replaces this folder only while it holds nothing else";
/// More entries than a folder rjkb writes ever has: stop looking there.
const MOST_ENTRIES: usize = 100_000;

/// A folder being written beside its target; see the module's doc.
pub struct FolderWriter {
    staged: Staged,
    written: BTreeSet<String>,
}

impl FolderWriter {
    /// Starts writing the folder `target` (`flag` names it in messages),
    /// refusing at once if `target` is not a folder rjkb may replace.
    pub fn new(target: &Path, flag: &str) -> Result<FolderWriter> {
        may_replace(target, flag)?;
        Ok(FolderWriter {
            staged: Staged::folder(target)?,
            written: BTreeSet::new(),
        })
    }

    /// Whether `name` has been written already.
    pub fn has(&self, name: &str) -> bool {
        self.written.contains(name)
    }

    /// Writes the file `name` (a relative path, `/` between parts) with
    /// what `write` writes; folders on its way are made.
    pub fn write(
        &mut self,
        name: &str,
        write: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        check_relative(name).map_err(|why| anyhow::anyhow!("'{name}' {why}"))?;
        if !self.written.insert(name.to_string()) {
            bail!("'{name}' would be written twice");
        }
        // Folders on the way, made one by one inside the temporary folder
        // (never the temporary folder itself, should a signal remove it).
        let mut path = self.staged.path().to_path_buf();
        let mut parts = name.split('/').peekable();
        while let Some(part) = parts.next() {
            path.push(part);
            if parts.peek().is_some() {
                match std::fs::create_dir(&path) {
                    Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                        return Err(e).with_context(|| format!("creating the folder for {name}"))
                    }
                    _ => {}
                }
            }
        }
        // New files in a folder only this process can reach: the umask
        // gives their mode, as for any new file.
        let file = std::fs::File::create_new(&path).with_context(|| format!("creating {name}"))?;
        let mut out = BufWriter::new(file);
        write(&mut out).with_context(|| format!("writing {name}"))?;
        out.into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("writing {name}"))?;
        Ok(())
    }

    /// Lists what was written and swaps the folder in, after checking the
    /// target once more: it may have changed while the files were written.
    pub fn commit(mut self, flag: &str) -> Result<()> {
        let mut list = String::from(HEADING);
        for name in &self.written {
            list.push('\n');
            list.push_str(name);
        }
        list.push('\n');
        self.written.insert(LIST.to_string());
        std::fs::write(self.staged.path().join(LIST), list).context("writing the list of files")?;
        sync(self.staged.path(), &self.written)?;
        may_replace(self.staged.target(), flag)?;
        self.staged.commit()
    }
}

/// Puts every file written on disk before the folder is swapped in: on
/// Linux one `syncfs` of the file system the folder is on, elsewhere (or
/// if that fails) each file in turn. Syncing each file as it was written
/// took `rjkb html` (600 files) 2.4 to 4.6 s here, nearly all of it
/// waiting on the disk; one `syncfs` takes a few milliseconds.
fn sync(dir: &Path, names: &BTreeSet<String>) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let folder = std::fs::File::open(dir).context("opening the new folder")?;
        // SAFETY: syncfs takes an open descriptor, which `folder` holds.
        if unsafe { libc::syncfs(folder.as_raw_fd()) } == 0 {
            return Ok(());
        }
    }
    for name in names {
        std::fs::File::open(dir.join(name))
            .and_then(|file| file.sync_all())
            .with_context(|| format!("writing {name}"))?;
    }
    Ok(())
}

/// Whether the folder at `target` may be replaced: Ok if there is none, if
/// it is empty, or if it holds only what its list says rjkb wrote there.
pub fn may_replace(target: &Path, flag: &str) -> Result<()> {
    let shown = target.display();
    let meta = match std::fs::symlink_metadata(target) {
        Ok(meta) => meta,
        // Nothing there (or no folder to hold it, which the writing reports).
        Err(_) => return Ok(()),
    };
    if !meta.is_dir() {
        bail!(
            "{flag} {shown} is {}, not a folder; name a new folder (rjkb writes a whole folder there)",
            describe(meta.file_type())
        );
    }
    let listed = read_list(target);
    let mut seen = 0;
    if let Some(stray) = first_unlisted(target, "", listed.as_ref(), &mut seen)? {
        let why = match listed {
            None => "it holds files rjkb did not write".to_string(),
            Some(_) => format!("it holds '{stray}', which rjkb did not write there"),
        };
        bail!(
            "{flag} {shown}: {why}; rjkb replaces only an empty folder or one it wrote itself \
             (nothing was changed). Name a new folder, or move what you keep out of this one"
        );
    }
    Ok(())
}

/// The names a folder's list says rjkb wrote, if it has a list of rjkb's.
fn read_list(dir: &Path) -> Option<BTreeSet<String>> {
    let file = super::read::open_regular(&dir.join(LIST)).ok()?;
    let bytes = super::read::read_capped(file, 16 << 20).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let mut lines = text.lines();
    (lines.next()? == HEADING).then(|| {
        lines
            .map(str::to_string)
            .chain([LIST.to_string()])
            .collect()
    })
}

/// The first entry under `dir` (`prefix` is its path from the target)
/// that the list does not name: any file when there is no list, anything
/// that is not a plain file or folder, any file the list leaves out.
fn first_unlisted(
    dir: &Path,
    prefix: &str,
    listed: Option<&BTreeSet<String>>,
    seen: &mut usize,
) -> Result<Option<String>> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    for entry in entries {
        let entry = entry?;
        *seen += 1;
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if *seen > MOST_ENTRIES {
            return Ok(Some(name));
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            let inner = format!("{name}/");
            if let Some(stray) = first_unlisted(&entry.path(), &inner, listed, seen)? {
                return Ok(Some(stray));
            }
        } else if !kind.is_file() || !listed.is_some_and(|l| l.contains(&name)) {
            return Ok(Some(name));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(target: &Path, names: &[&str]) -> Result<()> {
        let mut folder = FolderWriter::new(target, "--out")?;
        for name in names {
            folder.write(name, |out| Ok(out.write_all(name.as_bytes())?))?;
        }
        folder.commit("--out")
    }

    #[test]
    fn a_folder_rjkb_wrote_is_replaced_and_one_with_other_files_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        write(&target, &["a.csv", "texts/t.txt"]).unwrap();
        write(&target, &["b.csv"]).unwrap();
        assert!(target.join("b.csv").is_file() && !target.join("a.csv").exists());
        std::fs::write(target.join("notes.txt"), b"mine").unwrap();
        let err = write(&target, &["c.csv"]).unwrap_err().to_string();
        assert!(
            err.contains("'notes.txt', which rjkb did not write"),
            "{err}"
        );
        assert_eq!(std::fs::read(target.join("notes.txt")).unwrap(), b"mine");
        assert!(target.join("b.csv").is_file(), "left as it was");
    }

    #[test]
    fn an_empty_folder_is_filled_and_a_users_folder_refused() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        write(&empty, &["a.csv"]).unwrap();
        let theirs = dir.path().join("theirs");
        std::fs::create_dir_all(theirs.join("deep")).unwrap();
        std::fs::write(theirs.join("deep/thesis.tex"), b"chapter").unwrap();
        let err = write(&theirs, &["a.csv"]).unwrap_err().to_string();
        assert!(err.contains("holds files rjkb did not write"), "{err}");
        let file = dir.path().join("file");
        std::fs::write(&file, b"x").unwrap();
        let err = write(&file, &["a.csv"]).unwrap_err().to_string();
        assert!(err.contains("is a file, not a folder"), "{err}");
    }

    #[test]
    fn names_that_leave_the_folder_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        for bad in ["../escape.txt", "/tmp/abs.txt", ".rjkb-files"] {
            assert!(write(&target, &[bad]).is_err(), "{bad}");
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
