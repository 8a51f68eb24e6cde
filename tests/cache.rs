//! `--data DIR` kept built: a folder is loaded once and its database reused
//! while the files it was built from are unchanged — and no edit is ever
//! missed, whatever its size and times say. (What the cache trusts, and
//! what it refuses, is in `tests/security.rs`.)

#![cfg(unix)]

use assert_cmd::Command;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A folder with a copy of seed/, and a cache folder of its own.
struct Setup {
    _root: tempfile::TempDir,
    data: PathBuf,
    cache: PathBuf,
}

fn setup() -> Setup {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("seed");
    for sub in ["", "texts"] {
        std::fs::create_dir_all(data.join(sub)).unwrap();
        for entry in std::fs::read_dir(seed.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, data.join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    let cache = root.path().join("cache");
    Setup {
        _root: root,
        data,
        cache,
    }
}

impl Setup {
    /// Runs rjkb on the folder: exit code, stdout, stderr.
    fn run(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let out = Command::cargo_bin("rjkb")
            .unwrap()
            .env_remove("RJKB_NO_CACHE")
            .env("RJKB_CACHE_DIR", &self.cache)
            .arg("--data")
            .arg(&self.data)
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn ok(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{err}");
        out
    }

    /// The title of the Krasnoyarsk summit, as the folder answers it now.
    fn title(&self) -> String {
        let args = [
            "events",
            "--year",
            "1997",
            "--columns",
            "id,title",
            "--format",
            "tsv",
        ];
        let listing = self.ok(&args);
        let line = listing
            .lines()
            .find(|l| l.starts_with("krasnoyarsk-summit\t"));
        line.unwrap().split('\t').nth(1).unwrap().to_string()
    }

    /// The one cache entry, and its inode: a new inode is a rebuilt entry.
    fn entry(&self) -> (PathBuf, u64) {
        let entries: Vec<PathBuf> = std::fs::read_dir(&self.cache)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "db"))
            .collect();
        assert_eq!(entries.len(), 1, "{entries:?}");
        let inode = std::fs::metadata(&entries[0]).unwrap().ino();
        (entries[0].clone(), inode)
    }

    /// Rewrites `file` with `edit` applied, keeping its size and its
    /// modification time: only its bytes (and its ctime) tell.
    fn edit_in_place(&self, file: &str, edit: impl Fn(&str) -> String) {
        let path = self.data.join(file);
        let before = std::fs::metadata(&path).unwrap();
        let text = edit(&std::fs::read_to_string(&path).unwrap());
        assert_eq!(text.len() as u64, before.len(), "the edit keeps the size");
        std::fs::write(&path, text).unwrap();
        set_mtime(&path, before.modified().unwrap());
    }
}

fn set_mtime(path: &Path, when: SystemTime) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(when).unwrap();
}

/// Longer than the cache's window for files changed just before a load
/// (`files::stamp::RACY`): files older than that are judged by their
/// stamps, newer ones by their bytes. Waiting once lets a test see both.
const PAST_THE_RACY_WINDOW: Duration = Duration::from_millis(3200);

#[test]
fn a_folder_is_loaded_once_and_reused_while_its_files_are_unchanged() {
    let s = setup();
    let built_in = Command::cargo_bin("rjkb")
        .unwrap()
        .env("RJKB_NO_CACHE", "1")
        .args(["events", "--year", "1997"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(s.ok(&["events", "--year", "1997"]).as_bytes(), built_in);
    let (_, built) = s.entry();
    assert_eq!(s.ok(&["events", "--year", "1997"]).as_bytes(), built_in);
    assert_eq!(s.entry().1, built, "reused, not rebuilt");
    // A file the data does not name changes nothing.
    std::fs::write(s.data.join("notes.txt"), "my notes").unwrap();
    s.ok(&["events"]);
    assert_eq!(s.entry().1, built, "reused, not rebuilt");
    // Every file was copied just now: the entry knows them by their bytes,
    // and once they are old enough, by their stamps, recorded anew once.
    std::thread::sleep(PAST_THE_RACY_WINDOW);
    s.ok(&["events"]);
    let (path, renewed) = s.entry();
    assert_ne!(renewed, built, "the stamps recorded anew");
    let hashed: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("SELECT count(hash) FROM rjkb_files", [], |r| r.get(0))
        .unwrap();
    assert_eq!(hashed, 0);
    s.ok(&["events"]);
    assert_eq!(s.entry().1, renewed, "reused, not rebuilt");
}

#[test]
fn no_edit_is_missed() {
    let s = setup();
    // Files older than the window: each edit below is first seen by its
    // stamp, and the same file edited again by its bytes.
    std::thread::sleep(PAST_THE_RACY_WINDOW);
    assert_eq!(s.title(), "Krasnoyarsk summit");
    for title in ["Krasnoyarsk SUMMIT", "KRASNOYARSK summit"] {
        // The same size, the same modification time (`touch -d` could set it).
        s.edit_in_place("events.csv", |text| {
            text.replacen(",Krasnoyarsk summit,", &format!(",{title},"), 1)
                .replacen(",Krasnoyarsk SUMMIT,", &format!(",{title},"), 1)
        });
        assert_eq!(s.title(), title);
    }

    // A text file: the study text, by its length as the database holds it.
    let body = "SELECT length(body) FROM source_texts WHERE source = 'study'";
    let length = |s: &Setup| s.ok(&["sql", body, "--format", "csv", "--no-headers"]);
    let before = length(&s);
    let study = s.data.join("texts/togo-yeltsin-era.txt");
    let mut text = std::fs::read_to_string(&study).unwrap();
    text.push_str("\nA line added at the end.\n");
    std::fs::write(&study, &text).unwrap();
    assert_ne!(length(&s), before);

    // A new file in the place of one read (written beside it, renamed over
    // it), of the same size and time as the old one.
    let events = s.data.join("events.csv");
    let old = std::fs::metadata(&events).unwrap();
    let edited = std::fs::read_to_string(&events).unwrap().replacen(
        ",KRASNOYARSK summit,",
        ",Krasnoyarsk Summit,",
        1,
    );
    let beside = s.data.join("events.csv.new");
    std::fs::write(&beside, edited).unwrap();
    set_mtime(&beside, old.modified().unwrap());
    std::fs::rename(&beside, &events).unwrap();
    assert_eq!(s.title(), "Krasnoyarsk Summit");

    // A deleted file: the text, then a table.
    std::fs::remove_file(&study).unwrap();
    let (code, _, err) = s.run(&["events"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("does not exist in the data folder"), "{err}");
    std::fs::write(&study, &text).unwrap();
    assert_eq!(s.title(), "Krasnoyarsk Summit");
    std::fs::remove_file(&events).unwrap();
    let (code, _, err) = s.run(&["events"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("events.csv:0: -: file is missing"), "{err}");
    // What to do about it, in words a terminal may wrap.
    assert!(err.contains("`rjkb export events --empty > "), "{err}");
}
