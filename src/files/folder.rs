//! Writing a whole folder of files (`export --out`, and any later command
//! that writes a folder), replacing only what rjkb wrote before.
//!
//! The files are written into a temporary folder beside the target, with a
//! list of them in `.rjkb-files` (each with its size and a hash of its
//! bytes), and the folder is swapped in whole. An existing target is
//! replaced only if it is empty or holds exactly what its own
//! `.rjkb-files` lists, as rjkb wrote it: a folder with anything else in it
//! — a thesis, notes, a user's own data — or with a file changed since (a
//! chronology exported once and then kept by hand) is refused, and nothing
//! is touched.

use super::write::Staged;
use super::{check_relative, describe};
use anyhow::{bail, Context as _, Result};
use std::collections::{BTreeMap, BTreeSet};
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
    /// Each file written, with its size and hash.
    written: BTreeMap<String, Fingerprint>,
}

/// A file's size and the XXH3 hash of its bytes: a hash whose value is
/// fixed by its specification, so it stays the same from one rjkb to the
/// next, as a list outlives the rjkb that wrote it (std's hasher may change
/// between Rust releases); and fast, for an export of a million events
/// hashes 365 MB as it writes them. It tells an edit from none, not a
/// forgery from the real thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    size: u64,
    hash: u64,
}

impl Fingerprint {
    /// The fingerprint of the file at `path`.
    fn of(path: &Path) -> std::io::Result<Fingerprint> {
        let mut file = super::read::open_regular(path).map_err(std::io::Error::other)?;
        let mut sink = Fingerprinting::new(std::io::sink());
        std::io::copy(&mut file, &mut sink)?;
        Ok(sink.fingerprint())
    }
}

/// A writer that keeps the fingerprint of what passes through it.
struct Fingerprinting<W> {
    inner: W,
    size: u64,
    hasher: xxhash_rust::xxh3::Xxh3,
}

impl<W: Write> Fingerprinting<W> {
    fn new(inner: W) -> Self {
        Fingerprinting {
            inner,
            size: 0,
            hasher: xxhash_rust::xxh3::Xxh3::new(),
        }
    }

    fn fingerprint(&self) -> Fingerprint {
        Fingerprint {
            size: self.size,
            hash: self.hasher.digest(),
        }
    }
}

impl<W: Write> Write for Fingerprinting<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(bytes)?;
        self.hasher.update(&bytes[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl FolderWriter {
    /// Starts writing the folder `target` (`flag` names it in messages),
    /// refusing at once if `target` is not a folder rjkb may replace.
    pub fn new(target: &Path, flag: &str) -> Result<FolderWriter> {
        may_replace(target, flag, Bytes::Read)?;
        Ok(FolderWriter {
            staged: Staged::folder(target)?,
            written: BTreeMap::new(),
        })
    }

    /// Whether `name` has been written already.
    pub fn has(&self, name: &str) -> bool {
        self.written.contains_key(name)
    }

    /// Writes the file `name` (a relative path, `/` between parts) with
    /// what `write` writes; folders on its way are made.
    pub fn write(
        &mut self,
        name: &str,
        write: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        check_relative(name).map_err(|why| anyhow::anyhow!("'{name}' {why}"))?;
        if self.written.contains_key(name) {
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
        let mut out = BufWriter::new(Fingerprinting::new(file));
        write(&mut out).with_context(|| format!("writing {name}"))?;
        let done = out
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("writing {name}"))?;
        self.written.insert(name.to_string(), done.fingerprint());
        Ok(())
    }

    /// Lists what was written and swaps the folder in, after checking the
    /// target once more: it may have changed while the files were written.
    pub fn commit(self, flag: &str) -> Result<()> {
        // A name holds no control character (`check_relative`): a tab
        // parts it from its fingerprint.
        let mut list = String::from(HEADING);
        for (name, print) in &self.written {
            list.push_str(&format!("\n{name}\t{}\t{:016x}", print.size, print.hash));
        }
        list.push('\n');
        std::fs::write(self.staged.path().join(LIST), list).context("writing the list of files")?;
        let mut names: BTreeSet<String> = self.written.into_keys().collect();
        names.insert(LIST.to_string());
        sync(self.staged.path(), &names)?;
        // Its files' bytes were read at the start; now their names and
        // sizes are enough (reading them again cost `html --out` over a
        // site of 893 pages another 900 opens).
        may_replace(self.staged.target(), flag, Bytes::Trusted)?;
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

/// Whether a file's bytes are read to tell whether they changed, or its
/// size alone is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bytes {
    Read,
    Trusted,
}

/// Whether the folder at `target` may be replaced: Ok if there is none, if
/// it is empty, or if it holds only what its list says rjkb wrote there,
/// as rjkb wrote it (its bytes read, or only its size compared).
fn may_replace(target: &Path, flag: &str, bytes: Bytes) -> Result<()> {
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
    if let Some(found) = first_not_rjkbs(target, "", listed.as_ref(), bytes, &mut seen)? {
        let why = match (found, listed) {
            (Found::Unlisted(_), None) => "it holds files rjkb did not write".to_string(),
            (Found::Unlisted(stray), Some(_)) => {
                format!("it holds '{stray}', which rjkb did not write there")
            }
            (Found::Changed(name), _) => format!("'{name}' in it was changed after rjkb wrote it"),
        };
        bail!(
            "{flag} {shown}: {why}; rjkb replaces only an empty folder or one it wrote itself, \
             as it wrote it (nothing was changed). Name a new folder, or move what you keep out \
             of this one"
        );
    }
    Ok(())
}

/// What a folder's list says rjkb wrote there: each name, with its
/// fingerprint (none for the list itself, nor in a list an rjkb of before
/// 2026-12-01 wrote, which named the files alone).
type Listed = BTreeMap<String, Option<Fingerprint>>;

/// The list of a folder rjkb wrote, if it has one of rjkb's.
fn read_list(dir: &Path) -> Option<Listed> {
    let file = super::read::open_regular(&dir.join(LIST)).ok()?;
    let bytes = super::read::read_capped(file, 16 << 20).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let mut lines = text.lines();
    if lines.next()? != HEADING {
        return None;
    }
    let mut listed: Listed = lines
        .map(|line| {
            let mut parts = line.split('\t');
            let name = parts.next().unwrap_or_default().to_string();
            let print = match (parts.next(), parts.next()) {
                (Some(size), Some(hash)) => Some(Fingerprint {
                    size: size.parse().ok()?,
                    hash: u64::from_str_radix(hash, 16).ok()?,
                }),
                _ => None,
            };
            Some((name, print))
        })
        .collect::<Option<_>>()?;
    listed.insert(LIST.to_string(), None);
    Some(listed)
}

/// What shows that a folder is not as rjkb left it.
enum Found {
    /// A file or entry its list does not name.
    Unlisted(String),
    /// A file its list names, with other bytes now.
    Changed(String),
}

/// The first entry under `dir` (`prefix` is its path from the target)
/// that is not rjkb's as rjkb wrote it: any file when there is no list,
/// anything that is not a plain file or folder, any file the list leaves
/// out, any file whose size or bytes differ from what the list says.
fn first_not_rjkbs(
    dir: &Path,
    prefix: &str,
    listed: Option<&Listed>,
    bytes: Bytes,
    seen: &mut usize,
) -> Result<Option<Found>> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    for entry in entries {
        let entry = entry?;
        *seen += 1;
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if *seen > MOST_ENTRIES {
            return Ok(Some(Found::Unlisted(name)));
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            let inner = format!("{name}/");
            if let Some(found) = first_not_rjkbs(&entry.path(), &inner, listed, bytes, seen)? {
                return Ok(Some(found));
            }
            continue;
        }
        match listed.and_then(|l| l.get(&name)) {
            Some(_) if !kind.is_file() => return Ok(Some(Found::Unlisted(name))),
            None => return Ok(Some(Found::Unlisted(name))),
            Some(Some(print)) => {
                // The size first: most edits change it, and it costs no read.
                let same = entry.metadata()?.len() == print.size
                    && (bytes == Bytes::Trusted
                        || Fingerprint::of(&entry.path()).is_ok_and(|now| now == *print));
                if !same {
                    return Ok(Some(Found::Changed(name)));
                }
            }
            Some(None) => {}
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
    fn a_file_changed_since_it_was_written_keeps_the_folder_and_an_older_list_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        write(&target, &["a.csv", "texts/t.txt"]).unwrap();
        // The same size, other bytes: the hash tells.
        std::fs::write(target.join("texts/t.txt"), b"texts/t.tx!").unwrap();
        let err = write(&target, &["b.csv"]).unwrap_err().to_string();
        assert!(
            err.contains("'texts/t.txt' in it was changed after rjkb wrote it"),
            "{err}"
        );
        assert_eq!(
            std::fs::read(target.join("texts/t.txt")).unwrap(),
            b"texts/t.tx!"
        );
        // A list an earlier rjkb wrote names files alone: what it names is
        // replaced as before.
        let list = format!("{HEADING}\na.csv\ntexts/t.txt\n");
        std::fs::write(target.join(LIST), list).unwrap();
        write(&target, &["b.csv"]).unwrap();
        assert!(target.join("b.csv").is_file() && !target.join("a.csv").exists());
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
