//! Threats from what rjkb does not trust — a data folder, a database, the
//! cache, text shown on a terminal — and from interrupted writes. Each test
//! names the threat; each checks the exit status, the message, and that
//! nothing outside the intended place changed (a snapshot of every file
//! around it: type, mode and contents).

#![cfg(unix)]

mod support;

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Output;
use support::{copy_seed, seed};

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("rjkb")
}

fn rjkb() -> Command {
    let mut cmd = Command::new(bin());
    cmd.env("RJKB_NO_CACHE", "1").env_remove("RJKB_CACHE_DIR");
    cmd
}

fn run(cmd: &mut Command) -> (Option<i32>, String, String) {
    let out: Output = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every entry under `dir`: its kind, mode and contents (a link's target).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (String, u32, Vec<u8>)> {
    let mut all = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let kind = meta.file_type();
            let (what, body) = if kind.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                ("link", target.into_os_string().into_encoded_bytes())
            } else if kind.is_dir() {
                stack.push(path.clone());
                ("dir", Vec::new())
            } else if kind.is_fifo() {
                ("fifo", Vec::new())
            } else {
                ("file", std::fs::read(&path).unwrap())
            };
            let name = path.strip_prefix(dir).unwrap().to_path_buf();
            all.insert(name, (what.to_string(), meta.mode(), body));
        }
    }
    all
}

/// sources.csv with the study's `file` column set to `file`.
fn point_study_at(data: &Path, file: &str) {
    let path = data.join("sources.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("texts/togo-yeltsin-era.txt", file)).unwrap();
}

fn line_of_study() -> usize {
    let text = std::fs::read_to_string(seed().join("sources.csv")).unwrap();
    1 + text.lines().position(|l| l.starts_with("study,")).unwrap()
}

/// A database built from the built-in data, then changed with `sql`.
fn hostile_db(path: &Path, sql: &str) {
    rjkb()
        .args(["db", "build", "--out", path.to_str().unwrap()])
        .assert()
        .success();
    rusqlite::Connection::open(path)
        .unwrap()
        .execute_batch(sql)
        .unwrap();
}

#[test]
fn a_data_folder_cannot_make_rjkb_read_outside_it() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("secret.txt"), "the user's secret").unwrap();
    let secret = root.path().join("secret.txt");
    // Each case: its name, what it plants in the folder (returning the
    // `file` to name), and what the refusal says.
    type Plant<'a> = Box<dyn Fn(&Path) -> String + 'a>;
    let cases: Vec<(&str, Plant, &str)> = vec![
        (
            "absolute",
            Box::new(|_| secret.display().to_string()),
            "is an absolute path",
        ),
        (
            "dot-dot",
            Box::new(|_| "../secret.txt".into()),
            "contains `..`",
        ),
        (
            "deeper dot-dot",
            Box::new(|_| "texts/../../secret.txt".into()),
            "contains `..`",
        ),
        (
            "link out",
            Box::new(|data: &Path| {
                std::os::unix::fs::symlink(&secret, data.join("texts/link.txt")).unwrap();
                "texts/link.txt".into()
            }),
            "symbolic link to a file outside the data folder",
        ),
        (
            "link to a device",
            Box::new(|data: &Path| {
                std::os::unix::fs::symlink("/dev/zero", data.join("texts/zero.txt")).unwrap();
                "texts/zero.txt".into()
            }),
            "outside the data folder",
        ),
        (
            "fifo",
            Box::new(|data: &Path| {
                let fifo = data.join("texts/pipe.txt");
                let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
                assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
                "texts/pipe.txt".into()
            }),
            "is a FIFO (named pipe): only regular files are read",
        ),
        (
            "a table's own file",
            Box::new(|_| "events.csv".into()),
            "is a table's CSV file",
        ),
    ];
    for (name, plant, message) in cases {
        let data = root.path().join(format!("data-{}", name.replace(' ', "-")));
        copy_seed(&data);
        let file = plant(&data);
        point_study_at(&data, &file);
        let before = snapshot(root.path());
        let d = data.to_str().unwrap();
        let (code, report, _) = run(rjkb().args(["--data", d, "db", "check"]));
        assert_eq!(code, Some(1), "{name}");
        let expected = format!("sources.csv:{}: file: '", line_of_study());
        assert!(
            report.contains(&expected) && report.contains(message),
            "{name}: {report}"
        );
        let (code, _, err) = run(rjkb().args(["--data", d, "events"]));
        assert_eq!(code, Some(1), "{name}");
        assert!(err.contains(message), "{name}: {err}");
        let out = root.path().join("kb.db");
        let (code, _, err) =
            run(rjkb().args(["--data", d, "db", "build", "--out", out.to_str().unwrap()]));
        assert_eq!(code, Some(1), "{name}");
        assert!(err.contains(message), "{name}: {err}");
        assert_eq!(
            snapshot(root.path()),
            before,
            "{name}: nothing changed, no database made"
        );
    }
}

#[test]
fn a_text_over_the_size_cap_is_refused_and_a_flag_raises_the_cap() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    copy_seed(&data);
    let study = data.join("texts/togo-yeltsin-era.txt");
    let mut text = std::fs::read_to_string(&study).unwrap();
    text.push_str(&" padding".repeat(1000));
    std::fs::write(&study, &text).unwrap();
    let before = snapshot(root.path());
    let d = data.to_str().unwrap();
    let (code, report, _) = run(rjkb().args(["--data", d, "--max-text-size", "8K", "db", "check"]));
    assert_eq!(code, Some(1));
    assert!(
        report.contains(
            "is larger than the 8 KiB allowed for a text (raise it with --max-text-size)"
        ),
        "{report}"
    );
    let (code, _, err) = run(rjkb().args(["--data", d, "--max-text-size", "64K", "db", "check"]));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(snapshot(root.path()), before);
}

#[test]
fn an_unterminated_quote_cannot_pull_a_whole_file_into_one_record() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    copy_seed(&data);
    let events = data.join("events.csv");
    let mut text = std::fs::read(&events).unwrap();
    let line = text.iter().filter(|b| **b == b'\n').count() + 1;
    text.extend_from_slice(b"runaway,1997,,\"never closed");
    text.extend(std::iter::repeat_n(b'x', 6 << 20));
    std::fs::write(&events, &text).unwrap();
    let (code, report, _) = run(rjkb().args(["--data", data.to_str().unwrap(), "db", "check"]));
    assert_eq!(code, Some(1));
    assert!(
        report.contains(&format!("events.csv:{line}: -: "))
            && report.contains("a record runs past 4 MiB"),
        "{report}"
    );
}

/// Builds `root`/hostile.db from the built-in data changed by `sql`, runs
/// `export --out out` on it, and requires a refusal (exit 1) that leaves
/// every file under `root` as it was; returns stderr. The database is
/// removed after.
fn refused_export(root: &Path, sql: &str, out: &Path) -> String {
    let db = root.join("hostile.db");
    hostile_db(&db, sql);
    // The edit marked the file, and its first open refills the derived
    // tables (what a file from elsewhere holds already): open it once (a
    // schema rjkb refuses stays as it is), so that what is compared is
    // what export writes.
    rjkb()
        .arg("--db")
        .arg(&db)
        .args(["sql", "SELECT 1"])
        .output()
        .unwrap();
    let before = snapshot(root);
    let args = [
        "--db",
        db.to_str().unwrap(),
        "export",
        "--out",
        out.to_str().unwrap(),
    ];
    let (code, _, err) = run(rjkb().args(args));
    assert_eq!(code, Some(1), "{sql}: {err}");
    assert_eq!(snapshot(root), before, "{sql}: nothing written anywhere");
    std::fs::remove_file(&db).unwrap();
    err
}

#[test]
fn a_database_cannot_make_export_write_outside_out() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("victim.txt"), "keep me").unwrap();
    let victim = root.path().join("victim.txt");
    for (file, message) in [
        ("../victim.txt".to_string(), "contains `..`"),
        (victim.display().to_string(), "is an absolute path"),
        ("events.csv".to_string(), "names a file the export writes"),
        (".rjkb-files".to_string(), "such names are rjkb's own"),
    ] {
        let sql = format!("UPDATE sources SET file = '{file}' WHERE id = 'study';");
        let err = refused_export(root.path(), &sql, &root.path().join("out"));
        assert!(err.contains(message), "{file}: {err}");
    }
}

/// A database from elsewhere may hold what the loader refuses in a folder —
/// a formula a spreadsheet would run on opening the export, a control
/// character — and export writes only what a folder may hold: it stops at the cell,
/// names it, and leaves the folder it would have replaced as it was.
#[test]
fn a_database_cannot_make_export_write_what_a_folder_may_not_hold() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    rjkb()
        .args(["export", "--out", out.to_str().unwrap()])
        .assert()
        .success();
    let row = |table: &str, id: &str| {
        let conn = rusqlite::Connection::open(seed_db(root.path())).unwrap();
        let sql = format!(
            "SELECT count(*) FROM {table} WHERE rowid <= (SELECT rowid FROM {table} WHERE id = ?1)"
        );
        conn.query_row(&sql, [id], |r| r.get::<_, i64>(0)).unwrap()
    };
    let cases = [
        (
            "UPDATE events SET title = '=HYPERLINK(\"https://example.org\",\"x\")' WHERE id = 'gorbachev-visit'",
            format!("events row {} (gorbachev-visit), title: '=HYPERLINK(", row("events", "gorbachev-visit")),
            "looks like a spreadsheet formula",
        ),
        (
            "UPDATE citations SET note = '@SUM(A1)' WHERE id = 'per-yeltsin-era-1'",
            "citations row 1 (per-yeltsin-era-1), note: '@SUM(A1)'".to_string(),
            "looks like a spreadsheet formula",
        ),
        (
            "UPDATE actors SET summary = 'x' || char(27) || '[2J' WHERE id = 'yeltsin'",
            format!("actors row {} (yeltsin), summary: contains the control character \\e", row("actors", "yeltsin")),
            "a terminal would act on it",
        ),
    ];
    for (sql, names, says) in cases {
        let err = refused_export(root.path(), sql, &out);
        assert!(err.contains(&names) && err.contains(says), "{sql}: {err}");
        assert!(
            err.contains("export writes only cells a --data folder may hold"),
            "{err}"
        );
        // To stdout, the same refusal.
        let db = root.path().join("hostile.db");
        hostile_db(&db, sql);
        let table = names.split_whitespace().next().unwrap();
        let (code, _, err) = run(rjkb().args(["--db", db.to_str().unwrap(), "export", table]));
        assert_eq!(code, Some(1), "{sql}");
        assert!(err.contains(&names), "{sql}: {err}");
        std::fs::remove_file(&db).unwrap();
    }
    // The columns written are rjkb's own: a column the file renamed is
    // missing, and its name — here SQL that would select more — reaches
    // neither the statement nor the header.
    let renamed = "ALTER TABLE topics RENAME COLUMN description \
         TO \"name AS description, (SELECT group_concat(name) FROM sqlite_master) AS x\"";
    let err = refused_export(root.path(), renamed, &out);
    assert!(
        err.contains("its table topics is not one rjkb makes"),
        "{err}"
    );
}

/// A database built from the built-in data in `dir`, for reading row numbers.
fn seed_db(dir: &Path) -> PathBuf {
    let db = dir.join("seed.db");
    if !db.exists() {
        hostile_db(&db, "");
    }
    db
}

#[test]
fn export_replaces_only_a_folder_it_wrote_and_never_a_users_files() {
    let root = tempfile::tempdir().unwrap();
    let mine = root.path().join("thesis");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("chapter1.tex"), "a year of work").unwrap();
    let before = snapshot(root.path());
    let (code, _, err) = run(rjkb().args(["export", "--out", mine.to_str().unwrap()]));
    assert_eq!(code, Some(1));
    assert!(
        err.contains("it holds files rjkb did not write") && err.contains("Name a new folder"),
        "{err}"
    );
    assert_eq!(snapshot(root.path()), before);

    // A folder rjkb exported is replaced whole; a file added to it since
    // makes it the user's again.
    let out = root.path().join("out");
    rjkb()
        .args(["export", "--out", out.to_str().unwrap()])
        .assert()
        .success();
    rjkb()
        .args(["export", "--out", out.to_str().unwrap(), "events"])
        .assert()
        .success();
    let names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "events.csv and the list: {names:?}");
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let before = snapshot(root.path());
    let (code, _, err) = run(rjkb().args(["export", "--out", out.to_str().unwrap()]));
    assert_eq!(code, Some(1));
    assert!(
        err.contains("'notes.txt', which rjkb did not write there"),
        "{err}"
    );
    assert_eq!(snapshot(root.path()), before);
}

#[test]
fn export_never_overwrites_a_chronology_edited_since_it_was_exported() {
    let root = tempfile::tempdir().unwrap();
    let mine = root.path().join("mine");
    let export = |args: &[&str]| {
        run(rjkb()
            .args(["export", "--out", mine.to_str().unwrap()])
            .args(args))
    };
    assert_eq!(export(&[]).0, Some(0));
    // One letter changed (the size the same), or a row added: either is
    // the keeper's work, and no export, full or empty, replaces it.
    let events = mine.join("events.csv");
    let text = std::fs::read_to_string(&events).unwrap();
    let one_letter = text.replacen("Yeltsin", "Jeltsin", 1);
    let with_a_row = format!(
        "{text}shimoda-1855,1855-02-07,,Treaty of Shimoda,agreement,territorial-issue,,x,\n"
    );
    for edited in [one_letter, with_a_row] {
        std::fs::write(&events, &edited).unwrap();
        let before = snapshot(root.path());
        for args in [&[][..], &["--empty"]] {
            let (code, _, err) = export(args);
            assert_eq!(code, Some(1), "{args:?}");
            assert!(
                err.contains("'events.csv' in it was changed after rjkb wrote it"),
                "{err}"
            );
            assert_eq!(snapshot(root.path()), before);
        }
    }
    // As rjkb wrote it, the folder is rjkb's to replace.
    std::fs::write(&events, &text).unwrap();
    assert_eq!(export(&["--empty"]).0, Some(0));
    assert_eq!(std::fs::read_to_string(&events).unwrap().lines().count(), 1);
}

#[test]
fn db_build_replaces_only_a_database_rjkb_built() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path();
    std::fs::write(dir.join("thesis.docx"), "a draft").unwrap();
    let fifo = std::ffi::CString::new(dir.join("pipe").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    std::os::unix::fs::symlink("/dev/stdout", dir.join("to-stdout")).unwrap();
    std::os::unix::fs::symlink(dir.join("thesis.docx"), dir.join("to-thesis")).unwrap();
    std::fs::create_dir(dir.join("folder")).unwrap();
    let data = dir.join("data");
    copy_seed(&data);
    let d = data.to_str().unwrap();
    let out = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec![out("thesis.docx")], "is not a database rjkb built"),
        (vec![out("thesis.docx")], "add --force to replace this one"),
        (
            vec![out("pipe"), "--force".into()],
            "is a FIFO (named pipe); rjkb db build writes regular files only",
        ),
        (vec![out("to-stdout")], "is a symbolic link"),
        (vec![out("to-thesis")], "add --force to replace the link"),
        (vec![out("folder")], "is a folder"),
        (
            vec![out("data/events.csv"), "--force".into()],
            "may be one of the files this build reads",
        ),
    ];
    for (args, message) in cases {
        let before = snapshot(dir);
        let mut cmd = rjkb();
        cmd.args(["--data", d, "db", "build", "--out"]).args(&args);
        let (code, _, err) = run(&mut cmd);
        assert_eq!(code, Some(1), "{args:?}");
        assert!(err.contains(message), "{args:?}: {err}");
        assert_eq!(snapshot(dir), before, "{args:?}: nothing changed");
    }
    // --force replaces a file the user names; a database rjkb built, or one
    // an older rjkb built (no application id), is replaced without it.
    rjkb()
        .args(["db", "build", "--out", &out("thesis.docx"), "--force"])
        .assert()
        .success();
    let older = out("older.db");
    hostile_db(Path::new(&older), "PRAGMA application_id = 0;");
    rjkb()
        .args(["db", "build", "--out", &older])
        .assert()
        .success();
    let other = out("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE notes (x); PRAGMA user_version = 2;")
        .unwrap();
    let (code, _, err) = run(rjkb().args(["db", "build", "--out", &other]));
    assert_eq!(code, Some(1));
    assert!(err.contains("is not a database rjkb built"), "{err}");
}

#[test]
fn db_build_never_replaces_a_database_edited_since_it_was_built() {
    let root = tempfile::tempdir().unwrap();
    let db = root.path().join("kb.db");
    let path = db.to_str().unwrap();
    let build = |args: &[&str]| run(rjkb().args(["db", "build", "--out", path]).args(args));
    assert_eq!(build(&[]).0, Some(0));
    assert_eq!(build(&[]).0, Some(0), "its own file, unchanged: replaced");
    let edit = |file: &Path, sql: &str| {
        let conn = rusqlite::Connection::open(file).unwrap();
        conn.execute_batch(sql).unwrap();
    };
    let retitle = "UPDATE events SET title = 'Mine' WHERE id = 'kawana-summit'";
    let refused = |file: &Path| {
        let before = snapshot(root.path());
        let (code, _, err) = run(rjkb().args(["db", "build", "--out", file.to_str().unwrap()]));
        assert_eq!(code, Some(1));
        assert!(err.contains("holds changes another program"), "{err}");
        assert!(err.contains("export --out DIR`, or add --force"), "{err}");
        assert_eq!(snapshot(root.path()), before);
    };
    edit(&db, retitle);
    refused(&db);
    // Still after an rjkb has opened the file and refilled its listings.
    assert_eq!(run(rjkb().args(["--db", path, "events"])).0, Some(0));
    refused(&db);
    // The command the message gives keeps the change.
    let kept = root.path().join("kept");
    let export = ["--db", path, "export", "--out", kept.to_str().unwrap()];
    assert_eq!(run(rjkb().args(export)).0, Some(0));
    let events = std::fs::read_to_string(kept.join("events.csv")).unwrap();
    assert!(
        events.contains("kawana-summit,1998-04-19,\"April 19, 1998\",Mine,"),
        "{events}"
    );
    assert_eq!(build(&["--force"]).0, Some(0));
    assert_eq!(build(&[]).0, Some(0), "built anew, it is rjkb's again");
    // A file of schema version 11, from before the lasting mark, changed
    // before or after an rjkb migrated it.
    for open_first in [false, true] {
        let v11 = root.path().join(format!("v11-{open_first}.db"));
        std::fs::copy(&db, &v11).unwrap();
        // Version 11's sources too: 0009's table, without 0013's dates,
        // and 0011's triggers on it, which 0013 makes again at its end.
        let migration = |name: &str| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("migrations")
                .join(name);
            std::fs::read_to_string(path).unwrap()
        };
        let triggers = migration("0013_source_dates.sql");
        let triggers = &triggers[triggers.find("CREATE TRIGGER").unwrap()..];
        let to_v11 = format!(
            "PRAGMA foreign_keys = OFF; DROP TABLE edited_elsewhere; {} {triggers} \
             PRAGMA user_version = 11;",
            migration("0009_source_containers.sql")
        );
        let to_v11 = to_v11.as_str();
        let query = || run(rjkb().args(["--db", v11.to_str().unwrap(), "events"])).0;
        edit(&v11, to_v11);
        if open_first {
            assert_eq!(query(), Some(0));
        }
        assert_eq!(
            run(rjkb().args(["db", "build", "--out", v11.to_str().unwrap()])).0,
            Some(0)
        );
        edit(&v11, to_v11);
        edit(&v11, retitle);
        if open_first {
            assert_eq!(query(), Some(0));
        }
        refused(&v11);
    }
}

#[test]
fn new_files_honour_the_umask_and_a_replaced_file_keeps_its_mode() {
    let root = tempfile::tempdir().unwrap();
    let db = root.path().join("kb.db");
    let out = root.path().join("out");
    let with_umask = |args: &[&str]| {
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg("umask 027 && exec \"$0\" \"$@\"")
            .arg(bin())
            .args(args)
            .env("RJKB_NO_CACHE", "1")
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
    };
    with_umask(&["db", "build", "--out", db.to_str().unwrap()]);
    with_umask(&["export", "--out", out.to_str().unwrap()]);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&db), 0o640);
    assert_eq!(mode(&out), 0o750);
    assert_eq!(mode(&out.join("events.csv")), 0o640);
    assert_eq!(mode(&out.join("texts/togo-yeltsin-era.txt")), 0o640);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o604)).unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o705)).unwrap();
    with_umask(&["db", "build", "--out", db.to_str().unwrap()]);
    with_umask(&["export", "--out", out.to_str().unwrap()]);
    assert_eq!(mode(&db), 0o604);
    assert_eq!(mode(&out), 0o705);
}

/// A copy of the built-in data with `events` more events, as a database:
/// big enough that an export or a build can be interrupted midway.
fn bulky_db(dir: &Path, events: usize) -> PathBuf {
    let data = dir.join("bulky");
    copy_seed(&data);
    let (mut extra_events, mut extra_citations) = (String::new(), String::new());
    for i in 0..events {
        extra_events.push_str(&format!("bulk-{i},1997-01-01,,Bulk event {i},trend,,,,\n"));
        extra_citations.push_str(&format!("bulk-c-{i},study,,bulk-{i},,,,supports,,,,\n"));
    }
    for (file, extra) in [
        ("events.csv", extra_events),
        ("citations.csv", extra_citations),
    ] {
        let mut all = std::fs::read_to_string(data.join(file)).unwrap();
        all.push_str(&extra);
        std::fs::write(data.join(file), all).unwrap();
    }
    let db = dir.join("bulky.db");
    rjkb()
        .args([
            "--data",
            data.to_str().unwrap(),
            "db",
            "build",
            "--out",
            db.to_str().unwrap(),
        ])
        .assert()
        .success();
    std::fs::remove_dir_all(&data).unwrap();
    db
}

fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".rjkb-"))
        .collect()
}

/// Starts rjkb and sends it `signal` after `delay_ms`; true if it was
/// still running then.
fn interrupt(args: &[&str], signal: i32, delay_ms: u64) -> bool {
    let mut child = std::process::Command::new(bin())
        .args(args)
        .env("RJKB_NO_CACHE", "1")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(delay_ms));
    let running = child.try_wait().unwrap().is_none();
    if running {
        unsafe { libc::kill(child.id() as i32, signal) };
    }
    child.wait().unwrap();
    running
}

#[test]
fn an_interrupted_export_leaves_the_old_folder_whole_and_no_temporaries() {
    let root = tempfile::tempdir().unwrap();
    let db = bulky_db(root.path(), 40_000);
    let out = root.path().join("out");
    let (d, o) = (db.to_str().unwrap(), out.to_str().unwrap());
    let whole_new = root.path().join("whole");
    rjkb()
        .args(["--db", d, "export", "--out", whole_new.to_str().unwrap()])
        .assert()
        .success();
    let new = snapshot(&whole_new);
    std::fs::remove_dir_all(&whole_new).unwrap();
    rjkb().args(["export", "--out", o]).assert().success();
    let old = snapshot(&out);
    // Whenever the signal comes, the folder is the old export or the new
    // one, each whole: never a mix, never a part.
    let whole = |what: &str| {
        let now = snapshot(&out);
        assert!(now == old || now == new, "{what}: a mix of two exports");
        now == old
    };
    let mut interrupted = 0;
    for (signal, delay) in [
        (libc::SIGINT, 150),
        (libc::SIGTERM, 300),
        (libc::SIGINT, 450),
    ] {
        if interrupt(&["--db", d, "export", "--out", o], signal, delay) && whole("signal") {
            interrupted += 1;
        }
        whole(&format!("signal {signal} after {delay} ms"));
        assert!(
            temporaries(root.path()).is_empty(),
            "signal {signal}: {:?}",
            temporaries(root.path())
        );
        // Back to the old export for the next round.
        rjkb().args(["export", "--out", o]).assert().success();
    }
    for delay in [150, 400] {
        if interrupt(&["--db", d, "export", "--out", o], libc::SIGKILL, delay) && whole("SIGKILL") {
            interrupted += 1;
        }
        whole(&format!("SIGKILL after {delay} ms"));
    }
    assert!(
        interrupted > 0,
        "every export finished before a signal: make it bigger"
    );
    // What a SIGKILL left, the next run removes; and the new export is whole.
    rjkb()
        .args(["--db", d, "export", "--out", o])
        .assert()
        .success();
    assert!(
        temporaries(root.path()).is_empty(),
        "{:?}",
        temporaries(root.path())
    );
    assert!(std::fs::read_to_string(out.join("events.csv"))
        .unwrap()
        .contains("bulk-39999"));
}

#[test]
fn an_interrupted_build_leaves_the_old_database_and_no_temporaries() {
    let root = tempfile::tempdir().unwrap();
    let bulky = bulky_db(root.path(), 40_000);
    let out = root.path().join("kb.db");
    rjkb()
        .args(["db", "build", "--out", out.to_str().unwrap()])
        .assert()
        .success();
    let mut old = std::fs::read(&out).unwrap();
    // Rebuild the bulky data from an export of it, so that a build takes time.
    let data = root.path().join("data");
    rjkb()
        .args([
            "--db",
            bulky.to_str().unwrap(),
            "export",
            "--out",
            data.to_str().unwrap(),
        ])
        .assert()
        .success();
    let args = [
        "--data",
        data.to_str().unwrap(),
        "db",
        "build",
        "--out",
        out.to_str().unwrap(),
    ];
    // Whenever the signal comes, --out is the old database or the new one,
    // whole; after each round it is made the old one again.
    let mut whole = || {
        if std::fs::read(&out).unwrap() == old {
            return true;
        }
        let conn = rusqlite::Connection::open(&out).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        let events: i64 = conn
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            (check.as_str(), events > 40_000),
            ("ok", true),
            "neither old nor new"
        );
        rjkb()
            .args(["db", "build", "--out", out.to_str().unwrap()])
            .assert()
            .success();
        old = std::fs::read(&out).unwrap();
        false
    };
    let mut interrupted = 0;
    for (signal, delay) in [(libc::SIGINT, 200), (libc::SIGTERM, 500)] {
        if interrupt(&args, signal, delay) && whole() {
            interrupted += 1;
        }
        whole();
        assert!(
            temporaries(root.path()).is_empty(),
            "{:?}",
            temporaries(root.path())
        );
    }
    if interrupt(&args, libc::SIGKILL, 500) && whole() {
        interrupted += 1;
    }
    whole();
    assert!(
        interrupted > 0,
        "every build finished before a signal: make it bigger"
    );
    rjkb().args(args).assert().success();
    assert!(
        temporaries(root.path()).is_empty(),
        "{:?}",
        temporaries(root.path())
    );
}

/// rjkb run with a private cache folder, on a copy of the built-in data
/// as a `--data` folder (made in `root` if missing).
fn cached(root: &Path) -> Command {
    let data = root.join("data");
    if !data.exists() {
        copy_seed(&data);
    }
    let mut cmd = Command::new(bin());
    cmd.env_remove("RJKB_NO_CACHE")
        .env("RJKB_CACHE_DIR", root.join("cache"))
        .arg("--data")
        .arg(data);
    cmd
}

/// The cache entry of `root`'s data folder after a first call made it.
fn cache_file(root: &Path) -> PathBuf {
    cached(root)
        .args(["events", "--year", "1997"])
        .assert()
        .success();
    let files: Vec<PathBuf> = std::fs::read_dir(root.join("cache"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("data-")
        })
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

#[test]
fn a_relative_cache_home_is_ignored_as_the_xdg_rules_ask() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let (work, home) = (root.join("work"), root.join("home"));
    std::fs::create_dir(&work).unwrap();
    let in_work = |home: &Path| {
        let mut cmd = cached(root);
        cmd.env_remove("RJKB_CACHE_DIR")
            .env("XDG_CACHE_HOME", "relative-cache")
            .env("HOME", home)
            .current_dir(&work)
            .args(["events", "--year", "1997"])
            .assert()
            .success();
    };
    in_work(&home);
    assert!(home.join(".cache/rjkb").is_dir(), "the cache is in HOME");
    // A relative HOME too: no cache at all, rather than one here.
    in_work(Path::new("relative-home"));
    let made: Vec<_> = std::fs::read_dir(&work).unwrap().flatten().collect();
    assert!(
        made.is_empty(),
        "nothing made in the working folder: {made:?}"
    );
}

fn built_in_answer(args: &[&str]) -> String {
    run(rjkb().args(args)).1
}

/// Runs `events --year 1997` through `cmd` and checks that it answered
/// exactly as the built-in data does, saying on stderr each of `says`.
fn answers_as_built_in(cmd: &mut Command, says: &[&str]) {
    let (code, listing, err) = run(cmd.args(["events", "--year", "1997"]));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(listing, built_in_answer(&["events", "--year", "1997"]));
    for said in says {
        assert!(err.contains(said), "{said}: {err}");
    }
}

#[test]
fn a_planted_cache_file_is_not_believed() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let file = cache_file(root);
    let key = root.join("data").canonicalize().unwrap();
    // An rjkb database planted at the cache's name: other data, its texts
    // pointing outside. It carries no mark of the store, or a forged one.
    let forged_marks = [
        String::new(),
        format!(
            "CREATE TABLE rjkb_store (kind, key, fingerprint, program); \
             INSERT INTO rjkb_store VALUES ('data', '{}', 'forged', '/bin/sh');",
            key.display()
        ),
    ];
    for marks in forged_marks {
        std::fs::remove_file(&file).unwrap();
        let sql = format!(
            "UPDATE sources SET file = '../../escaped.txt'; \
             UPDATE event_listing SET title = 'PLANTED' WHERE id = 'krasnoyarsk-summit'; {marks}"
        );
        hostile_db(&file, &sql);
        let out = root.join("export");
        let (code, listing, err) = run(cached(root).args(["events", "--year", "1997"]));
        assert_eq!(code, Some(0), "{err}");
        assert!(!listing.contains("PLANTED"), "{listing}");
        assert_eq!(listing, built_in_answer(&["events", "--year", "1997"]));
        cached(root)
            .args(["export", "--out", out.to_str().unwrap()])
            .assert()
            .success();
        assert!(!root.join("escaped.txt").exists());
        std::fs::remove_dir_all(&out).unwrap();
    }
}

#[test]
fn a_link_or_a_foreign_file_at_the_cache_name_is_skipped_and_named() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let file = cache_file(root);
    std::fs::write(root.join("elsewhere.db"), "not mine to touch").unwrap();
    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink(root.join("elsewhere.db"), &file).unwrap();
    let before = snapshot(root);
    let link = format!(
        "not using the cache file {}: it is a symbolic link",
        file.display()
    );
    for _ in 0..2 {
        answers_as_built_in(&mut cached(root), &[&link]);
    }
    assert_eq!(snapshot(root), before);
    std::fs::remove_file(&file).unwrap();
    std::fs::write(&file, "a file the user put here").unwrap();
    let (_, _, err) = run(cached(root).args(["events"]));
    assert!(err.contains("it is not a database rjkb built"), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), b"a file the user put here");
}

#[test]
fn a_cache_folder_others_can_write_is_not_used() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let cache = root.join("cache");
    std::fs::create_dir(&cache).unwrap();
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o777)).unwrap();
    copy_seed(&root.join("data"));
    let before = snapshot(root);
    answers_as_built_in(
        &mut cached(root),
        &["others can write in", "answering from memory"],
    );
    assert_eq!(snapshot(root), before, "nothing cached there");
}

#[test]
fn a_cache_folder_or_file_of_another_user_is_not_used() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    // Only root can give a file away; anyone else finds a folder that is
    // not theirs at `/`.
    let me = std::fs::metadata(root).unwrap().uid();
    let nobody = 65534;
    let (cache, before) = if me == 0 {
        let cache = root.join("cache");
        std::fs::create_dir(&cache).unwrap();
        std::os::unix::fs::chown(&cache, Some(nobody), Some(nobody)).unwrap();
        copy_seed(&root.join("data"));
        (cache, Some(snapshot(root)))
    } else {
        assert_ne!(std::fs::metadata("/").unwrap().uid(), me);
        (PathBuf::from("/"), None)
    };
    let refused = format!("{} belongs to another user", cache.display());
    answers_as_built_in(
        cached(root).env("RJKB_CACHE_DIR", &cache),
        &[&refused, "answering from memory"],
    );
    if let Some(before) = before {
        assert_eq!(snapshot(root), before, "nothing cached there");
        std::fs::remove_dir(&cache).unwrap();
        // An entry in one's own cache folder that another user owns (only
        // root can put it there) is passed over, and left as it is.
        let file = cache_file(root);
        std::os::unix::fs::chown(&file, Some(nobody), Some(nobody)).unwrap();
        let before = snapshot(root);
        let passed_over = format!(
            "not using the cache file {}: it belongs to another user",
            file.display()
        );
        answers_as_built_in(&mut cached(root), &[&passed_over]);
        assert_eq!(snapshot(root), before);
        assert_eq!(std::fs::metadata(&file).unwrap().uid(), nobody);
    }
}

/// Overwrites the pages of `table` in the database file at `path`.
fn damage_table(path: &Path, table: &str) {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let root: i64 = conn
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = ?1",
            [table],
            |r| r.get(0),
        )
        .unwrap();
    let size: i64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    drop(conn);
    let mut bytes = std::fs::read(path).unwrap();
    for byte in &mut bytes[((root - 1) * size) as usize..(root * size) as usize] {
        *byte = 0x5a;
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_damaged_cache_is_rebuilt_at_open_and_mid_query() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let expected = built_in_answer(&["events", "--year", "1997", "--format", "table"]);
    let args = ["events", "--year", "1997", "--format", "table"];
    // Damaged past its header: the first page's schema is unreadable.
    let file = cache_file(root);
    let mut bytes = std::fs::read(&file).unwrap();
    bytes[100..4096].fill(0x5a);
    std::fs::write(&file, &bytes).unwrap();
    let (code, listing, err) = run(cached(root).args(args));
    assert_eq!(
        (code, listing.as_str()),
        (Some(0), expected.as_str()),
        "{err}"
    );
    assert_ne!(std::fs::read(&file).unwrap(), bytes, "rebuilt");
    // Damaged where only the query reads: found mid-query, removed, and the
    // command runs again.
    damage_table(&file, "event_listing");
    let (code, listing, err) = run(cached(root).args(args));
    assert_eq!(
        (code, listing.as_str()),
        (Some(0), expected.as_str()),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "the cache file {} was damaged and is removed",
            file.display()
        )),
        "{err}"
    );
    // A command that had written before it failed says so, and the next is whole.
    damage_table(&file, "event_listing");
    let (code, _, err) = run(cached(root).args(["events", "--format", "csv"]));
    assert_eq!(code, Some(1));
    assert!(
        err.contains("was damaged and is removed: run the command again"),
        "{err}"
    );
    let (code, listing, _) = run(cached(root).args(args));
    assert_eq!((code, listing.as_str()), (Some(0), expected.as_str()));
}

#[test]
fn a_damaged_database_file_is_named_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("event_listing", vec!["events", "--year", "1997"]),
        ("search_index_data", vec!["search", "japan"]),
        ("search_index_data", vec!["events", "--text", "japan"]),
    ];
    for (table, args) in cases {
        let db = dir.path().join(format!("{table}.db"));
        if !db.exists() {
            hostile_db(&db, "");
            damage_table(&db, table);
        }
        let before = std::fs::read(&db).unwrap();
        let (code, _, err) = run(rjkb().arg("--db").arg(&db).args(&args));
        assert_eq!(code, Some(1), "{args:?}: {err}");
        let named = format!("the database file {} is damaged", db.display());
        assert!(err.contains(&named), "{args:?}: {err}");
        assert!(!err.contains("not a valid FTS5 query"), "{args:?}: {err}");
        assert_eq!(std::fs::read(&db).unwrap(), before, "{args:?}");
    }
    // Cut short, as a download can be: damaged, not someone else's database.
    let db = dir.path().join("truncated.db");
    hostile_db(&db, "");
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&db, &bytes[..bytes.len() / 2]).unwrap();
    let (code, _, err) = run(rjkb().arg("--db").arg(&db).args(["events"]));
    assert_eq!(code, Some(1), "{err}");
    let named = format!("the database file {} is damaged", db.display());
    assert!(
        err.contains(&named) && !err.contains("not an rjkb"),
        "{err}"
    );
    // A search index whose settings are forged is no bad query of the user's.
    let db = dir.path().join("forged.db");
    hostile_db(
        &db,
        "UPDATE search_index_config SET v = 99 WHERE k = 'version'",
    );
    let before = std::fs::read(&db).unwrap();
    let (code, _, err) = run(rjkb().arg("--db").arg(&db).args(["search", "japan"]));
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("fts5") && !err.contains("not a valid FTS5 query"),
        "{err}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn a_database_whose_tables_disagree_says_so_and_writes_no_site() {
    // Another program renamed an event with foreign keys off, and forged
    // the mark its edit left (so the derived tables are not refilled, and
    // the references not checked): links to it name a row the events table
    // lacks.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let cases = [
        (
            "UPDATE events SET id = 'renamed' WHERE id = 'kawana-summit'",
            "a link names event kawana-summit, which the events table lacks",
        ),
        // One deleted, which the listings still hold.
        (
            "DELETE FROM events WHERE id = 'khasbulatov-in-tokyo-1991'",
            "event khasbulatov-in-tokyo-1991 is listed, but the events table lacks it",
        ),
    ];
    for (n, (edit, says)) in cases.into_iter().enumerate() {
        let db = dir.path().join(format!("{n}.db"));
        let forged = "UPDATE fact_edits SET edited = 0";
        hostile_db(
            &db,
            &format!("PRAGMA foreign_keys = OFF; {edit}; {forged};"),
        );
        let (code, _, err) = run(rjkb()
            .arg("--db")
            .arg(&db)
            .arg("html")
            .arg("--out")
            .arg(&out));
        assert_eq!(code, Some(1), "{err}");
        assert!(err.contains(says), "{err}");
        assert!(!out.exists(), "no site written");
    }
}

#[test]
fn a_database_with_values_of_other_types_is_searched_or_named() {
    // SQLite keeps whatever type a program stores: bytes for a title or an
    // alias, a number for an author, bytes for a date.
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let on = |name: &str, edit: &str, args: &[&str]| {
        let db = dir.path().join(name);
        hostile_db(&db, edit);
        run(rjkb().arg("--db").arg(&db).args(args))
    };
    // `show` by words compares every record's names and years as text,
    // whatever they are.
    let (code, out, err) = on(
        "typed.db",
        "UPDATE events SET title = x'ff', date_from = x'ff' WHERE id = 'nakayama-in-ussr-1991';
         UPDATE actor_aliases SET alias = x'fe' WHERE rowid = 1;
         UPDATE sources SET author = 42 WHERE id = 'kyodo-1999-01-07';",
        &["show", "krasnoyarsk summit 1997", "--format", "json"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("\"id\": \"krasnoyarsk-summit\""), "{out}");
    // Where a date must be read as one (the story of the Krasnoyarsk
    // summit passes the Kawana summit), the file is named, with the column
    // and what to do.
    let (code, _, err) = on(
        "dated.db",
        "UPDATE events SET date_from = x'ff' WHERE id = 'kawana-summit';",
        &["show", "krasnoyarsk-summit"],
    );
    assert_eq!(code, Some(1), "{err}");
    let says = format!(
        "the database file {} holds a Blob value in its column date_from, which rjkb never \
         writes there: another program changed it; build it anew",
        dir.path().join("dated.db").display()
    );
    assert!(err.contains(&says), "{err}");
    // The web edition names the column too, not the expression it reads.
    let (code, _, err) = on(
        "titled.db",
        "UPDATE proposals SET title = x'fe' WHERE id = 'kawana-proposal';",
        &["html", "--out", site.to_str().unwrap()],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("holds a Blob value in its column title,"),
        "{err}"
    );
}

#[test]
fn a_cache_damaged_under_rjkb_sql_runs_the_statement_again() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let file = cache_file(root);
    damage_table(&file, "event_listing");
    // A table is written whole at the end: nothing was printed when the
    // damage showed, so the statement runs again, its limits set again.
    let args = [
        "sql",
        "SELECT title FROM event_listing",
        "--format",
        "table",
    ];
    let (code, listing, err) = run(cached(root).args(args));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(listing, built_in_answer(&args));
    assert!(err.contains("was damaged and is removed"), "{err}");
}

#[test]
fn a_stale_journal_beside_the_cache_does_not_disable_it() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let file = cache_file(root);
    let journal = PathBuf::from(format!("{}-journal", file.display()));
    std::fs::write(&journal, vec![0xd9; 4096]).unwrap();
    let inode = std::fs::metadata(&file).unwrap().ino();
    let (code, listing, err) = run(cached(root).args(["events", "--year", "1997"]));
    assert_eq!(code, Some(0));
    assert_eq!(listing, built_in_answer(&["events", "--year", "1997"]));
    assert!(err.is_empty(), "{err}");
    assert_eq!(
        std::fs::metadata(&file).unwrap().ino(),
        inode,
        "the cache was used, not rebuilt"
    );
}

#[test]
fn cache_cleanup_removes_only_files_its_scheme_made() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let file = cache_file(root);
    let at = |name: &str| root.join("cache").join(name);
    // The user's own file with a name like the cache's, another program's
    // cache, an older cache of this very program, the cache of a folder
    // since removed, and of the built-in data (which is now in the binary):
    // only the last three go.
    std::fs::write(at("data-0000000000000000.db"), "the user's").unwrap();
    let mark = |path: &Path, fingerprint: &str, program: &str, kind: &str, key: &str| {
        std::fs::copy(&file, path).unwrap();
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute(
            "UPDATE rjkb_store SET fingerprint = ?1, program = ?2, kind = ?3, \
             key = coalesce(?4, key)",
            (fingerprint, program, kind, (!key.is_empty()).then_some(key)),
        )
        .unwrap();
    };
    let this = bin().to_str().unwrap().to_string();
    mark(
        &at("data-1111111111111111.db"),
        "other",
        "/bin/sh",
        "data",
        "",
    );
    mark(&at("data-2222222222222222.db"), "older", &this, "data", "");
    std::fs::write(at("data-2222222222222222.db-journal"), "j").unwrap();
    let gone = root.join("removed-folder");
    mark(
        &at("data-3333333333333333.db"),
        "f",
        &this,
        "data",
        gone.to_str().unwrap(),
    );
    mark(
        &at("builtin-4444444444444444.db"),
        "f",
        &this,
        "builtin",
        "/",
    );
    // What killed runs left: a temporary no one holds, and an old rjkb's.
    std::fs::write(at(".rjkb-tmp-0123456789abcdef"), "half").unwrap();
    let legacy = at(".builtin-Ab12Cd.db");
    std::fs::write(&legacy, "half").unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&legacy)
        .unwrap()
        .set_modified(old)
        .unwrap();
    std::fs::remove_file(&file).unwrap();
    cached(root).args(["events"]).assert().success();
    let mut left: Vec<String> = std::fs::read_dir(root.join("cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    let mut expected = vec![
        "data-0000000000000000.db".to_string(),
        "data-1111111111111111.db".to_string(),
        file.file_name().unwrap().to_string_lossy().into_owned(),
    ];
    expected.sort();
    assert_eq!(left, expected);
    assert_eq!(
        std::fs::read(at("data-0000000000000000.db")).unwrap(),
        b"the user's"
    );
}

const HOSTILE: &str = "Krasnoyarsk \x1b]0;pwned\x07 \x1b[2J\x1b]8;;http://x\x07link\r \u{9b}31m";

#[test]
fn control_characters_from_data_show_escaped_on_a_terminal_in_every_command() {
    let root = tempfile::tempdir().unwrap();
    let db = root.path().join("hostile.db");
    let sql = format!(
        "UPDATE events SET title = '{HOSTILE}' WHERE id = 'krasnoyarsk-summit'; \
         UPDATE event_listing SET title = '{HOSTILE}' WHERE id = 'krasnoyarsk-summit'; \
         UPDATE search_index SET title = '{HOSTILE}' WHERE id = 'krasnoyarsk-summit'; \
         UPDATE proposals SET title = '{HOSTILE}' WHERE id = 'kawana-proposal';"
    );
    hostile_db(&db, &sql);
    let d = db.to_str().unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["--db", d, "events", "--year", "1997"],
        vec!["--db", d, "events", "--year", "1997", "--format", "csv"],
        vec![
            "--db", d, "events", "--year", "1997", "--format", "markdown",
        ],
        vec!["--db", d, "events", "--year", "1997", "--format", "json"],
        vec!["--db", d, "show", "krasnoyarsk-summit"],
        vec!["--db", d, "search", "krasnoyarsk"],
        vec!["--db", d, "timeline", "--year", "1997"],
        vec![
            "--db",
            d,
            "sql",
            "SELECT title FROM events WHERE id = 'krasnoyarsk-summit'",
        ],
        vec!["--db", d, "graph"],
    ];
    for args in &commands {
        for color in [false, true] {
            let (code, screen) = support::on_terminal(args, 200, color);
            assert_eq!(
                code,
                Some(0),
                "{args:?}: {}",
                String::from_utf8_lossy(&screen)
            );
            let text = String::from_utf8_lossy(&screen);
            // What a terminal acts on never arrives, but rjkb's own bold.
            let raw = text
                .replace("\x1b[1m", "")
                .replace("\x1b[22m", "")
                .replace("\x1b[0m", "");
            assert!(
                !raw.contains(['\x1b', '\x07', '\u{9b}']),
                "{args:?} (colour {color}): {text:?}"
            );
            // Each piece shows escaped (a table may wrap the title between them).
            let wanted: &[&str] = if args.contains(&"json") {
                &["\\u001b]0;pwned\\u0007"]
            } else if args.contains(&"markdown") {
                // Markdown's own backslash before `[`, then the escape.
                &["\\e]0;pwned\\a", "\\e\\[2J", "\\u{9b}31m"]
            } else {
                &["\\e]0;pwned\\a", "\\e[2J", "\\u{9b}31m"]
            };
            for piece in wanted {
                assert!(text.contains(piece), "{args:?}: {piece} in {text}");
            }
        }
    }
    // An error message that echoes data is escaped too.
    let (code, screen) = support::on_terminal(&["--db", d, "show", "\x1b]0;pwned\x07"], 200, false);
    assert_eq!(code, Some(1));
    let text = String::from_utf8_lossy(&screen);
    assert!(
        text.contains("\\e]0;pwned\\a") && !text.contains('\x1b'),
        "{text:?}"
    );
    // Piped, CSV and TSV keep the data's bytes.
    let (code, piped, _) =
        run(rjkb().args(["--db", d, "events", "--year", "1997", "--format", "csv"]));
    assert_eq!(code, Some(0));
    assert!(piped.contains("\x1b]0;pwned\x07"), "{piped:?}");
}

#[test]
fn db_check_flags_control_characters_in_text() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    copy_seed(&data);
    let events = data.join("events.csv");
    let text = std::fs::read_to_string(&events).unwrap();
    let line = 1 + text
        .lines()
        .position(|l| l.starts_with("krasnoyarsk-summit,"))
        .unwrap();
    std::fs::write(
        &events,
        text.replace("Krasnoyarsk summit", "Krasnoyarsk \x1b]0;pwned\x07summit"),
    )
    .unwrap();
    let before = snapshot(root.path());
    let (code, report, _) = run(rjkb().args(["--data", data.to_str().unwrap(), "db", "check"]));
    assert_eq!(code, Some(1));
    assert!(
        report.contains(&format!(
            "events.csv:{line}: title: contains the control character \\e (U+001B)"
        )),
        "{report}"
    );
    assert_eq!(snapshot(root.path()), before);
}

#[test]
fn rjkb_sql_is_bounded_in_time_and_memory_and_refuses_nul() {
    let (code, _, err) = run(rjkb().args([
        "sql",
        "--timeout",
        "0.2",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
    ]));
    assert_eq!(code, Some(1));
    assert!(
        err.contains("ran longer than 0.2 s and was stopped") && err.contains("--timeout"),
        "{err}"
    );
    let (code, _, err) = run(rjkb().args([
        "sql",
        "--max-memory",
        "8M",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 5000000) \
         SELECT length(group_concat(x)) FROM c",
    ]));
    assert_eq!(code, Some(1));
    assert!(
        err.contains("more than the 8 MiB of memory") && err.contains("--max-memory"),
        "{err}"
    );
    let (code, out, err) = run(rjkb()
        .args(["sql", "-"])
        .write_stdin("SELECT 1;\0DELETE FROM events"));
    assert_eq!(code, Some(1));
    assert!(
        out.is_empty() && err.contains("holds a NUL byte (at byte 9)"),
        "{err}"
    );
}

/// `events --year 1997` on the database `db`, for at most 30 seconds.
fn events_of_1997(db: &Path) -> (Option<i32>, String, String) {
    run(rjkb()
        .args(["--db", db.to_str().unwrap(), "events", "--year", "1997"])
        .timeout(std::time::Duration::from_secs(30)))
}

#[test]
fn a_database_cannot_make_a_command_run_for_ever_or_fill_the_disk() {
    let root = tempfile::tempdir().unwrap();
    let endless = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r)";
    // 10 MB computed from each row it is given (none as the file is
    // changed: each case gives it none then).
    let huge = "printf('%.*c', 10000000, 'x')";
    let layout: String = {
        let conn = rusqlite::Connection::open(seed_db(root.path())).unwrap();
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = 'event_listing'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        sql.lines().nth(1).unwrap().to_string()
    };
    // On rjkb's tables of facts, anything but rjkb's own schema is refused
    // as the file is opened, and the file is left as it was: a view in
    // place of a table, a trigger, an index on an expression, a column
    // computed from one.
    let refused = [
        format!(
            "ALTER TABLE event_actors RENAME TO kept; \
             CREATE VIEW event_actors AS {endless} SELECT k.* FROM kept k, r;"
        ),
        format!(
            "CREATE TRIGGER endless AFTER DELETE ON events BEGIN \
             SELECT (SELECT max(i) FROM ({endless} SELECT i FROM r)); END;"
        ),
        format!("CREATE INDEX huge ON events({huge}) WHERE rowid < 0;"),
        format!("ALTER TABLE events ADD COLUMN huge AS ({huge});"),
    ];
    for (n, sql) in refused.iter().enumerate() {
        let db = root.path().join(format!("refused-{n}.db"));
        hostile_db(&db, sql);
        let before = snapshot(root.path());
        let (code, _, err) = events_of_1997(&db);
        assert_eq!(code, Some(1), "{sql}: {err}");
        assert!(err.contains("is not one rjkb makes"), "{sql}: {err}");
        assert!(err.contains("build the file anew"), "{sql}: {err}");
        assert_eq!(snapshot(root.path()), before, "{sql}");
        std::fs::remove_file(db).unwrap();
    }
    // On a derived table, which rjkb makes and fills from the facts, the
    // same is not refused but undone, the table made anew and refilled: a
    // view under the layout line of the table it replaced (it listed rows
    // until killed), a trigger and an index that a refill (due here, a
    // derived table being gone) would set off (they ran for ever, and
    // wrote 10 MB a row).
    let undone = [
        format!(
            "CREATE TABLE kept AS SELECT * FROM event_listing; DROP TABLE event_listing; \
             CREATE VIEW event_listing AS -- events\n{layout}\n{endless} SELECT k.* FROM kept k, r;"
        ),
        format!(
            "CREATE TRIGGER endless AFTER INSERT ON event_listing BEGIN \
             SELECT (SELECT max(i) FROM ({endless} SELECT i FROM r)); END; \
             DROP TABLE date_spans;"
        ),
        format!(
            "DELETE FROM event_listing; CREATE INDEX huge ON event_listing({huge}); \
             DROP TABLE date_spans;"
        ),
    ];
    let built_in = built_in_answer(&["events", "--year", "1997"]);
    for (n, sql) in undone.iter().enumerate() {
        let db = root.path().join(format!("undone-{n}.db"));
        hostile_db(&db, sql);
        let (code, listing, err) = events_of_1997(&db);
        assert_eq!(code, Some(0), "{sql}: {err}");
        assert_eq!(listing, built_in, "{sql}");
        let size = std::fs::metadata(&db).unwrap().len();
        assert!(size < 20 << 20, "{sql}: {size} bytes");
        std::fs::remove_file(db).unwrap();
    }
}

#[test]
fn a_search_with_thousands_of_words_is_refused() {
    let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
    let (code, _, err) = run(rjkb().arg("search").args(&words));
    assert_eq!(code, Some(1));
    assert!(
        err.contains("a search takes at most 64 words; this one has 5000"),
        "{err}"
    );
    let (code, _, err) = run(rjkb().args(["events", "--text", &words.join(" ")]));
    assert_eq!(code, Some(1));
    assert!(err.contains("at most 64 words"), "{err}");
}

#[test]
fn a_db_path_that_looks_like_a_uri_names_that_file() {
    let root = tempfile::tempdir().unwrap();
    hostile_db(
        &root.path().join("x.db"),
        "UPDATE event_listing SET title = 'THE OTHER FILE';",
    );
    let uri_named = root.path().join("file:x.db");
    rjkb()
        .args(["db", "build", "--out", uri_named.to_str().unwrap()])
        .assert()
        .success();
    let before = snapshot(root.path());
    let (code, listing, err) =
        run(rjkb()
            .current_dir(root.path())
            .args(["--db", "file:x.db", "events"]));
    assert_eq!(code, Some(0), "{err}");
    assert!(!listing.contains("THE OTHER FILE") && listing.contains("Krasnoyarsk summit"));
    assert_eq!(snapshot(root.path()), before);
}

#[test]
fn line_numbers_count_crlf_and_cr_line_ends() {
    let root = tempfile::tempdir().unwrap();
    for ending in ["\r\n", "\r"] {
        let data = root.path().join(format!("data{}", ending.len()));
        copy_seed(&data);
        let events = data.join("events.csv");
        let mut text = std::fs::read_to_string(&events).unwrap();
        text.push_str("bad-date,1997-02-30,,A bad date,visit,,,,\n");
        let line = text.lines().count();
        std::fs::write(&events, text.replace('\n', ending)).unwrap();
        let (code, report, _) = run(rjkb().args(["--data", data.to_str().unwrap(), "db", "check"]));
        assert_eq!(code, Some(1));
        assert!(
            report.contains(&format!("events.csv:{line}: date: '1997-02-30'")),
            "{ending:?}: {report}"
        );
    }
}

#[test]
fn small_inputs_get_exact_messages() {
    // A year written with a leading zero is a year.
    let (code, _, err) = run(rjkb().args(["events", "--year", "0999"]));
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = run(rjkb().args(["events", "--year", "999"]));
    assert_eq!(code, Some(2));
    assert!(err.contains("invalid value '999'"), "{err}");
    // --data on a file or a FIFO says what it is.
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("events.csv");
    std::fs::write(&file, "id\n").unwrap();
    let (code, _, err) = run(rjkb().args(["--data", file.to_str().unwrap(), "events"]));
    assert_eq!(code, Some(1));
    assert!(err.contains("is a file, not a folder"), "{err}");
    let fifo = root.path().join("pipe");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let (code, _, err) = run(rjkb().args(["--data", fifo.to_str().unwrap(), "events"]));
    assert_eq!(code, Some(1));
    assert!(
        err.contains("is a FIFO (named pipe), not a folder"),
        "{err}"
    );
    // A column named twice would be a JSON key twice.
    let (code, out, err) = run(rjkb().args(["events", "--columns", "id,id", "--format", "json"]));
    assert_eq!(code, Some(1));
    assert!(
        out.is_empty() && err.contains("--columns names 'id' twice"),
        "{err}"
    );
}
