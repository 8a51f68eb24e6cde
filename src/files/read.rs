//! Reading from a folder rjkb does not trust.
//!
//! A path named in data (`sources.file`) is a relative path inside its
//! folder: no absolute path, no `..`, no symbolic link that leads out. Only
//! regular files are read — a FIFO would hang, a device never end — and a
//! text is read up to a cap, counted as it is read, so a file that grows
//! meanwhile cannot pass it. A CSV file is read one record at a time, each
//! under a size limit that holds while reading.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

/// The most bytes a text named in data may have unless raised with
/// `--max-text-size`: a study text is tens of kilobytes, a book a few MiB.
pub const MAX_TEXT_BYTES: u64 = 16 << 20;

/// Why `name`, a path named in data, cannot name a file inside its
/// folder; Ok when it can. Parts are separated by `/` on every system.
pub fn check_relative(name: &str) -> Result<(), String> {
    let leaves = "it must be a relative path inside the data folder";
    if name.is_empty() {
        return Err("is empty".into());
    }
    if name.starts_with('/') || name.contains('\\') || Path::new(name).has_root() {
        return Err(format!("is an absolute path: {leaves}"));
    }
    if name.chars().any(char::is_control) {
        return Err("contains a control character".into());
    }
    for part in name.split('/') {
        match part {
            "" => {
                return Err(format!(
                    "has an empty part (`//` or a trailing `/`): {leaves}"
                ))
            }
            "." | ".." => return Err(format!("contains `{part}`: {leaves}")),
            _ if part.starts_with('.') => {
                return Err(format!(
                    "has a part starting with `.` ({part}): such names are rjkb's own"
                ))
            }
            _ if part.len() > 255 => return Err("has a part longer than 255 bytes".into()),
            _ => {}
        }
    }
    // A drive or a prefix (C:) on systems that have them.
    if Path::new(name)
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(format!("is not a plain relative path: {leaves}"));
    }
    Ok(())
}

/// Why `dir` cannot be read as a data folder; Ok when it can.
pub fn check_folder(dir: &Path) -> anyhow::Result<()> {
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(meta) => anyhow::bail!(
            "--data {}: is {}, not a folder (name a folder of CSV files)",
            dir.display(),
            super::describe(meta.file_type())
        ),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            anyhow::bail!("--data {}: no such folder", dir.display())
        }
        Err(e) => anyhow::bail!("--data {}: {e}", dir.display()),
    }
}

/// A data folder, for reading the files inside it and nothing outside.
#[derive(Debug, Clone)]
pub struct Folder {
    root: PathBuf,
}

impl Folder {
    /// The folder at `dir`, resolved once: what lies inside it is judged
    /// against where it really is.
    pub fn new(dir: &Path) -> io::Result<Folder> {
        Ok(Folder {
            root: dir.canonicalize()?,
        })
    }

    /// Where the folder really is: its canonical path.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Opens `name` inside the folder: None if there is no such file; an
    /// error, in words for a report, if the name or the file is refused.
    pub fn open(&self, name: &str) -> Result<Option<File>, String> {
        check_relative(name)?;
        let real = match self.root.join(name).canonicalize() {
            Ok(real) => real,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.to_string()),
        };
        if !real.starts_with(&self.root) {
            return Err("is a symbolic link to a file outside the data folder".into());
        }
        open_regular(&real).map(Some)
    }
}

/// Opens `path` if it is a regular file, not through a symbolic link.
pub fn open_regular(path: &Path) -> Result<File, String> {
    let file = open_no_wait(path).map_err(|e| e.to_string())?;
    let kind = file.metadata().map_err(|e| e.to_string())?.file_type();
    if !kind.is_file() {
        return Err(format!(
            "is {}: only regular files are read",
            super::describe(kind)
        ));
    }
    Ok(file)
}

/// Opens `path` for reading without waiting: opening a FIFO with no
/// writer returns at once (so it can be refused) instead of hanging, and
/// a symbolic link put in place since the path was resolved is refused.
fn open_no_wait(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_NOCTTY);
    }
    options.open(path)
}

/// Reads all of `file`, or refuses it once more than `cap` bytes have come.
pub fn read_capped(file: impl Read, cap: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > cap {
        return Err(format!(
            "is larger than the {} allowed for a text (raise it with --max-text-size)",
            size_in_words(cap)
        ));
    }
    Ok(bytes)
}

/// A size as people write it: 16 MiB, 512 KiB, 100 bytes.
pub fn size_in_words(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// Parses a size: a number of bytes, or with K, M or G (binary units).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let upper = text.trim().to_ascii_uppercase();
    let number = upper.trim_end_matches("IB").trim_end_matches('B');
    let (digits, shift) = match number.char_indices().last() {
        Some((at, 'K')) => (&number[..at], 10),
        Some((at, 'M')) => (&number[..at], 20),
        Some((at, 'G')) => (&number[..at], 30),
        _ => (number, 0),
    };
    let value: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a size (write 16M, 512K or a number of bytes)"))?;
    value
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("'{text}' is too large"))
}

/// A CSV file on its way to the parser: line ends made `\n` (CRLF and a
/// lone CR alike, so line numbers count the lines a reader sees), and no
/// record longer than a limit — counted as the bytes arrive, so a quote
/// that is never closed cannot pull a whole file into memory.
pub struct CsvInput<R> {
    inner: R,
    after_cr: bool,
    passed: u64,
    record_start: Rc<Cell<u64>>,
    limit: u64,
}

impl<R: Read> CsvInput<R> {
    /// The input, and where the caller marks the byte each record starts at
    /// (`csv::Reader::position().byte()` before each record).
    pub fn new(inner: R, limit: u64) -> (Self, Rc<Cell<u64>>) {
        let record_start = Rc::new(Cell::new(0));
        let input = CsvInput {
            inner,
            after_cr: false,
            passed: 0,
            record_start: Rc::clone(&record_start),
            limit,
        };
        (input, record_start)
    }
}

impl<R: Read> Read for CsvInput<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.passed.saturating_sub(self.record_start.get()) > self.limit {
            return Err(io::Error::other(format!(
                "a record runs past {} (a quote that is never closed?)",
                size_in_words(self.limit)
            )));
        }
        loop {
            let read = self.inner.read(buf)?;
            if read == 0 {
                return Ok(0);
            }
            // Most files have no CR at all: then there is nothing to change.
            if !self.after_cr && !buf[..read].contains(&b'\r') {
                self.passed += read as u64;
                return Ok(read);
            }
            let mut kept = 0;
            for at in 0..read {
                let byte = buf[at];
                let after_cr = std::mem::replace(&mut self.after_cr, byte == b'\r');
                if byte == b'\n' && after_cr {
                    continue;
                }
                buf[kept] = if byte == b'\r' { b'\n' } else { byte };
                kept += 1;
            }
            // A read of nothing but the LF of a CRLF is not the end: read on.
            if kept > 0 {
                self.passed += kept as u64;
                return Ok(kept);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_name_a_file_in_the_folder() {
        for good in ["texts/study.txt", "a.txt", "deep/er/file name.md"] {
            assert_eq!(check_relative(good), Ok(()), "{good}");
        }
        for (bad, why) in [
            ("", "empty"),
            ("/etc/passwd", "absolute"),
            ("../x", "`..`"),
            ("texts/../../x", "`..`"),
            ("./x", "`.`"),
            ("a//b", "empty part"),
            ("a/", "empty part"),
            (".rjkb-export", "rjkb's own"),
            ("texts/.hidden", "rjkb's own"),
            ("C:\\x", "absolute"),
            ("a\u{1b}b", "control"),
        ] {
            let err = check_relative(bad).unwrap_err();
            assert!(err.contains(why), "{bad:?}: {err}");
        }
    }

    #[test]
    fn sizes_read_and_write_in_binary_units() {
        assert_eq!(parse_size("16M"), Ok(16 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("2GiB"), Ok(2 << 30));
        assert_eq!(parse_size("100"), Ok(100));
        assert!(parse_size("lots").is_err());
        assert_eq!(size_in_words(16 << 20), "16 MiB");
        assert_eq!(size_in_words(100), "100 bytes");
    }

    fn through(input: &[u8], chunk: usize) -> Vec<u8> {
        struct Chunks<'a>(&'a [u8], usize);
        impl Read for Chunks<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let (mut reader, _) = CsvInput::new(Chunks(input, chunk), u64::MAX);
        let mut out = Vec::new();
        reader.read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn every_line_end_becomes_one_newline_wherever_reads_split_it() {
        for chunk in 1..6 {
            assert_eq!(through(b"a\r\nb\rc\n\r\nd", chunk), b"a\nb\nc\n\nd");
        }
    }

    #[test]
    fn a_record_past_the_limit_stops_the_reading() {
        let big = vec![b'x'; 10_000];
        let (reader, start) = CsvInput::new(&big[..], 1000);
        let mut reader = io::BufReader::with_capacity(100, reader);
        let mut sink = Vec::new();
        let err = reader.read_to_end(&mut sink).unwrap_err();
        assert!(err.to_string().contains("runs past 1000 bytes"), "{err}");
        assert!(sink.len() < 1200, "stopped at {}", sink.len());
        // Marking a new record start lets reading go on.
        start.set(sink.len() as u64);
        let mut more = [0; 10];
        assert!(reader.read(&mut more).is_ok());
    }
}
