//! What the tests share: running rjkb, a hostile database built from a
//! copy of seed/, running it on a pseudo-terminal, and the outside programs
//! the HTML edition and the bibliography are checked with (Chromium,
//! pandoc, bibutils), found on the PATH or skipped — except on CI (`CI`
//! set), where a missing one is a failure.

#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub fn rjkb() -> Command {
    Command::cargo_bin("rjkb").unwrap()
}

/// Runs rjkb, expects success, and returns stdout.
pub fn ok(args: &[&str]) -> String {
    let out = rjkb().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "rjkb {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A database file of the built-in data, `kb.db` in `dir`.
pub fn built_db(dir: &Path) -> PathBuf {
    let db = dir.join("kb.db");
    ok(&["db", "build", "--out", db.to_str().unwrap()]);
    db
}

/// Every listing command, one per entity.
pub const LISTINGS: [&str; 6] = [
    "events",
    "actors",
    "proposals",
    "positions",
    "periods",
    "sources",
];

pub fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seed")
}

/// A copy of seed/ at `dir`.
pub fn copy_seed(dir: &Path) {
    std::fs::create_dir_all(dir.join("texts")).unwrap();
    for sub in ["", "texts"] {
        for entry in std::fs::read_dir(seed().join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dir.join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
}

/// A title that is markup, quotes, LaTeX and BibTeX syntax, and
/// non-ASCII text at once.
pub const HOSTILE_TITLE: &str =
    "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\"> \
     & 'quotes' {braces} 100% $x_1 #2 ~ ^ \\ Ünïcödé 日本 }{";
/// Ids that would leave their folder or end an attribute.
pub const HOSTILE_EVENT: &str = "../../escape\"<b>";
pub const HOSTILE_SOURCE: &str = "evil/../\"src";
/// Addresses that must never become links.
pub const HOSTILE_URLS: [&str; 2] = [
    "javascript:window.pwned=3",
    "https://example.org/\"onmouseover=\"window.pwned=4",
];

/// Appends one CSV record to `file` in `dir`.
pub fn add(dir: &Path, file: &str, record: &[&str]) {
    let file = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.join(file))
        .unwrap();
    let mut out = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(file);
    out.write_record(record).unwrap();
    out.flush().unwrap();
}

/// Appends to the folder at `dir` an event dated `date`, cited to the
/// study text: what a keeper adds to their chronology.
#[allow(dead_code)]
pub fn add_event(dir: &Path, id: &str, date: &str, title: &str) {
    let summary = format!("{title}.");
    let event = [
        id,
        date,
        "",
        title,
        "agreement",
        "territorial-issue",
        "",
        &summary,
        "",
    ];
    add(dir, "events.csv", &event);
    let citation = format!("c-{id}");
    add(
        dir,
        "citations.csv",
        &[
            &citation, "study", "", id, "", "", "", "supports", "I", "", "", "",
        ],
    );
}

/// A database built at `dir`/hostile.db from a copy of seed/ with hostile
/// rows added: an event whose id climbs out of its folder and whose title
/// and summary are markup, cited (contradicting it) by sources whose ids,
/// titles and authors are hostile too. The folder passes `db check` (the
/// data is valid, only mean); the sources' addresses, which `db check`
/// would refuse, are then made hostile in the file, as a database from
/// someone else may have them.
pub fn hostile_database(dir: &Path) -> PathBuf {
    let (folder, db) = (dir.join("folder"), dir.join("hostile.db"));
    hostile_data(&folder);
    rjkb()
        .args(["--data", folder.to_str().unwrap(), "db", "build", "--out"])
        .arg(&db)
        .assert()
        .success();
    let conn = rusqlite::Connection::open(&db).unwrap();
    for (n, url) in HOSTILE_URLS.iter().enumerate() {
        let placeholder = format!("https://example.org/hostile-{n}");
        let changed = conn
            .execute(
                "UPDATE sources SET url = ?1 WHERE url = ?2",
                [url, &placeholder.as_str()],
            )
            .unwrap();
        assert_eq!(changed, 1, "{placeholder}");
    }
    db
}

/// The folder `hostile_database` is built from, its addresses still valid.
fn hostile_data(dir: &Path) {
    copy_seed(dir);
    let source_row = |id: &str, url: &str| {
        [
            id.to_string(),
            HOSTILE_TITLE.to_string(),
            "Evil {Co.} & 100%".to_string(),
            // The container: as hostile as the title, in every format.
            HOSTILE_TITLE.to_string(),
            "press".to_string(),
            "1995-05-05".to_string(),
            url.to_string(),
            String::new(),
            "note <b>x</b> \"%\"".to_string(),
            "ja".to_string(),
        ]
    };
    let second = format!("{HOSTILE_SOURCE}2");
    for (n, id) in [HOSTILE_SOURCE, &second].into_iter().enumerate() {
        let row = source_row(id, &format!("https://example.org/hostile-{n}"));
        add(
            dir,
            "sources.csv",
            &row.iter().map(String::as_str).collect::<Vec<_>>(),
        );
    }
    add(
        dir,
        "events.csv",
        &[
            HOSTILE_EVENT,
            "1995-05-05",
            "",
            HOSTILE_TITLE,
            "statement",
            "security",
            "<b>place</b>",
            "</p><script>window.pwned=5</script>",
            "",
        ],
    );
    add(
        dir,
        "event_actors.csv",
        &[HOSTILE_EVENT, "japan", "participant"],
    );
    for (n, source) in [HOSTILE_SOURCE, &second].iter().enumerate() {
        add(
            dir,
            "citations.csv",
            &[
                &format!("hostile-{n}"),
                source,
                "",
                HOSTILE_EVENT,
                "",
                "",
                "",
                "contradicts",
                "<i>p. 1</i>",
                "",
                "<script>window.pwned=6</script>",
                "States <b>nothing</b>.",
            ],
        );
    }
}

/// The first of `names` on the PATH (or named by the environment variable
/// `env`), or None after one line saying what is skipped and why. On CI a
/// missing program is a failure: `.ci/run` installs `package`.
pub fn program(names: &[&str], env: &str, package: &str, skipped: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is not installed, and CI never skips {skipped}: .ci/run installs Debian's {package}",
        names[0]
    );
    static SAID: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut said = SAID.lock().unwrap_or_else(|e| e.into_inner());
    if !said.iter().any(|s| s == names[0]) {
        said.push(names[0].to_string());
        // Straight to the process's stderr: cargo test shows it even for a
        // test that passes (it captures only print! and eprint!).
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipping {skipped}: {} is not installed (apt-get install {package}; CI never skips them)",
            names[0]
        );
    }
    None
}

/// Runs rjkb with stdout and stderr on a pseudo-terminal `width` columns
/// wide, with `color` or without (and no cache); returns the exit code and
/// all it wrote there.
#[cfg(unix)]
pub fn on_terminal(args: &[&str], width: u16, color: bool) -> (Option<i32>, Vec<u8>) {
    use std::io::Read;
    use std::os::unix::io::FromRawFd;
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: 50,
        ws_col: width,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let made = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(made, 0);
    let slave = unsafe { std::fs::File::from_raw_fd(slave) };
    let mut master = unsafe { std::fs::File::from_raw_fd(master) };
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("rjkb"));
    cmd.args(args)
        .env("RJKB_NO_CACHE", "1")
        .stdin(std::process::Stdio::null())
        .stdout(slave.try_clone().unwrap())
        .stderr(slave);
    if color {
        cmd.env_remove("NO_COLOR").arg("--color").arg("always");
    } else {
        cmd.env("NO_COLOR", "1");
    }
    let mut child = cmd.spawn().unwrap();
    drop(cmd);
    let mut all = Vec::new();
    let mut chunk = [0; 4096];
    // Read until the terminal closes (EIO once the child has gone).
    while let Ok(n) = master.read(&mut chunk) {
        if n == 0 {
            break;
        }
        all.extend_from_slice(&chunk[..n]);
    }
    (child.wait().unwrap().code(), all)
}
