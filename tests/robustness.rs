//! Bad input, faults and misuse: every failure is clear and harmless.
//!
//! Each broken folder is a copy of seed/ with one thing wrong. For each,
//! `db check`, `--data` and `db build` must exit 1 without panicking, name
//! the file, line and field, and leave an existing database file exactly
//! as it was.

mod support;

use assert_cmd::Command;
use std::path::Path;
use support::{built_db, copy_seed, seed};

fn rjkb() -> Command {
    let mut cmd = Command::cargo_bin("rjkb").unwrap();
    cmd.env("RJKB_NO_CACHE", "1");
    cmd
}

/// A copy of seed/ in a temporary folder.
fn copy_of_seed() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_seed(dir.path());
    dir
}

fn lines_in(file: &str) -> usize {
    std::fs::read_to_string(seed().join(file))
        .unwrap()
        .lines()
        .count()
}

/// The line a row appended to `file` lands on.
fn next_line(file: &str) -> usize {
    lines_in(file) + 1
}

/// The line of `file` in seed/ where `needle` first occurs.
fn first_line_with(file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(seed().join(file)).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

const DESERET_URL: &str =
    "https://www.deseret.com/1992/9/9/19003919/yeltsin-calls-miyazawa-scuttles-visit-to-japan-br";

/// How a case changes a file: its bytes in, the broken bytes out.
type Edit = Box<dyn Fn(&[u8]) -> Vec<u8>>;

/// One broken input: the file to change, how, and what the report must say.
struct Case {
    name: &'static str,
    file: &'static str,
    edit: Edit,
    expect: Vec<String>,
}

fn append(row: &'static str) -> Edit {
    Box::new(move |original| [original, row.as_bytes(), b"\n"].concat())
}

fn replace_header(header: &'static str) -> Edit {
    Box::new(move |original| {
        let text = std::str::from_utf8(original).unwrap();
        let (_, rest) = text.split_once('\n').unwrap();
        format!("{header}\n{rest}").into_bytes()
    })
}

fn at(file: &str, line: usize, field: &str) -> String {
    format!("{file}:{line}: {field}: ")
}

fn broken_inputs() -> Vec<Case> {
    let e = next_line("events.csv");
    let c = next_line("citations.csv");
    let p = next_line("proposals.csv");
    let ea = next_line("event_actors.csv");
    let s = next_line("sources.csv");
    let bad_event = |date: &'static str| -> Edit {
        Box::new(move |original| {
            [
                original,
                format!("x-event,{date},,A title,visit,,,,\n").as_bytes(),
            ]
            .concat()
        })
    };
    let event_header = "id,date,date_text,title,type,topic,place,summary,note";
    vec![
        Case {
            name: "unterminated quote",
            file: "events.csv",
            edit: append("x-event,1997,,\"An unterminated title,visit,,,,"),
            expect: vec![at("events.csv", e, "-"), "never closed".into()],
        },
        Case {
            name: "too many fields",
            file: "events.csv",
            edit: append("x-event,1997,,T,visit,,,,,extra"),
            expect: vec![
                at("events.csv", e, "-"),
                "row has 10 fields but the header has 9".into(),
            ],
        },
        Case {
            name: "too few fields",
            file: "events.csv",
            edit: append("x-event,1997,,T,visit"),
            expect: vec![
                at("events.csv", e, "-"),
                // No quote in it: nothing said of one.
                "row has 5 fields but the header has 9\n".into(),
            ],
        },
        Case {
            name: "missing column",
            file: "events.csv",
            edit: replace_header("id,date,date_text,titel,type,topic,place,summary,note"),
            expect: vec![
                at("events.csv", 1, "title"),
                "column is missing".into(),
                at("events.csv", 1, "titel"),
                "unknown column; did you mean title".into(),
            ],
        },
        Case {
            name: "unknown column",
            file: "topics.csv",
            edit: replace_header("id,name,descr"),
            expect: vec![at("topics.csv", 1, "descr"), "unknown column".into()],
        },
        Case {
            name: "a header with ';' between the names",
            file: "topics.csv",
            edit: replace_header("id;name;description"),
            expect: vec![
                at("topics.csv", 1, "-"),
                "the header is one field with ';' between the names: rjkb reads commas".into(),
            ],
        },
        Case {
            name: "an empty column after the last (a spreadsheet's)",
            file: "topics.csv",
            edit: replace_header("id,name,description,"),
            expect: vec![
                at("topics.csv", 1, "-"),
                "column 4 has no name: delete the column, or name it one of: id, name".into(),
            ],
        },
        Case {
            name: "column twice",
            file: "topics.csv",
            edit: replace_header("id,name,name"),
            expect: vec![at("topics.csv", 1, "name"), "appears twice".into()],
        },
        Case {
            name: "invalid UTF-8",
            file: "events.csv",
            edit: Box::new(|o| [o, b"x-event,1997,,Bad \xff\xfe bytes,visit,,,,\n"].concat()),
            expect: vec![
                at("events.csv", e, "title"),
                "field 4 is not valid UTF-8".into(),
            ],
        },
        Case {
            name: "UTF-16, a spreadsheet's Unicode text",
            file: "topics.csv",
            edit: Box::new(|o| {
                let text = String::from_utf8(o.to_vec()).unwrap().replace(',', "\t");
                let wide = text.encode_utf16().flat_map(u16::to_le_bytes);
                [0xff, 0xfe].into_iter().chain(wide).collect()
            }),
            expect: vec![
                at("topics.csv", 1, "-"),
                "the file is UTF-16 (what a spreadsheet saves as Unicode text): save it as CSV \
                 UTF-8"
                    .into(),
            ],
        },
        Case {
            name: "empty file",
            file: "topics.csv",
            edit: Box::new(|_| Vec::new()),
            expect: vec![at("topics.csv", 1, "-"), "file is empty".into()],
        },
        Case {
            name: "duplicate id",
            file: "events.csv",
            edit: append("kawana-summit,1998,,Again,summit,,,,"),
            expect: vec![
                at("events.csv", e, "id"),
                "duplicate: 'kawana-summit'".into(),
            ],
        },
        Case {
            name: "dangling reference",
            file: "event_actors.csv",
            edit: append("kawana-summit,yeltsn,host"),
            expect: vec![
                at("event_actors.csv", ea, "actor"),
                "no actors row has id 'yeltsn'; did you mean yeltsin".into(),
            ],
        },
        Case {
            name: "a controlled value near none",
            file: "events.csv",
            edit: append("x-event,1997,,T,meeting,,,,"),
            expect: vec![
                at("events.csv", e, "type"),
                "no event_types row has id 'meeting'; it is one of: agreement, appeal, coerce,"
                    .into(),
                "summit, trend, visit, yield".into(),
            ],
        },
        Case {
            name: "a date written day first",
            file: "events.csv",
            edit: bad_event("21.02.1998"),
            expect: vec![
                at("events.csv", e, "date"),
                "'21.02.1998' is not a date: dates are written YYYY-MM-DD, YYYY-MM or YYYY: did \
                 you mean 1998-02-21?"
                    .into(),
            ],
        },
        Case {
            name: "an address without its scheme",
            file: "sources.csv",
            edit: append("x-src,T,,,press,1997,www.example.org/a,,,"),
            expect: vec![
                at("sources.csv", s, "url"),
                "'www.example.org/a' is not a web address a reader can open: one that begins \
                 http:// or https://, with no spaces, quotes or angle brackets; did you mean \
                 https://www.example.org/a?"
                    .into(),
            ],
        },
        Case {
            name: "an address a browser would run",
            file: "sources.csv",
            edit: append("x-src,T,,,press,1997,javascript:alert(1),,,"),
            expect: vec![
                at("sources.csv", s, "url"),
                "'javascript:alert(1)' is not a web address a reader can open".into(),
            ],
        },
        Case {
            name: "month 13",
            file: "events.csv",
            edit: bad_event("1997-13-01"),
            expect: vec![
                at("events.csv", e, "date"),
                "month 13 does not exist".into(),
            ],
        },
        Case {
            name: "30 February",
            file: "events.csv",
            edit: bad_event("1997-02-30"),
            expect: vec![at("events.csv", e, "date"), "1997-02 has no day 30".into()],
        },
        Case {
            name: "a word for a date",
            file: "events.csv",
            edit: bad_event("spring"),
            expect: vec![at("events.csv", e, "date"), "'spring' is not a date".into()],
        },
        Case {
            name: "reversed interval",
            file: "events.csv",
            edit: bad_event("1998/1997"),
            expect: vec![at("events.csv", e, "date"), "ends before it starts".into()],
        },
        Case {
            name: "1 MB field",
            file: "events.csv",
            edit: Box::new(|o| {
                [
                    o,
                    b"x-event,1997,,",
                    "x".repeat(1 << 20).as_bytes(),
                    b",visit,,,,\n",
                ]
                .concat()
            }),
            expect: vec![at("events.csv", e, "title"), "1048576 bytes long".into()],
        },
        Case {
            name: "spaces around an id",
            file: "events.csv",
            edit: append(" x-event ,1997,,T,visit,,,,"),
            expect: vec![
                at("events.csv", e, "id"),
                "leading or trailing spaces".into(),
            ],
        },
        Case {
            name: "spaces around a reference",
            file: "event_actors.csv",
            edit: append("kawana-summit,yeltsin ,host"),
            expect: vec![
                at("event_actors.csv", ea, "actor"),
                "leading or trailing spaces".into(),
            ],
        },
        Case {
            name: "an invisible character in an id",
            file: "events.csv",
            edit: append("x-event\u{200b},1997,,T,visit,,,,"),
            expect: vec![
                at("events.csv", e, "id"),
                "'x-event\\u{200b}' holds an invisible character (U+200B)".into(),
            ],
        },
        Case {
            name: "a line break in a reference",
            file: "event_actors.csv",
            edit: append("kawana-summit,\"yelt\nsin\",host"),
            expect: vec![
                at("event_actors.csv", ea, "actor"),
                "'yelt\\nsin' holds a line break".into(),
            ],
        },
        Case {
            name: "formula cell",
            file: "events.csv",
            edit: append("x-event,1997,,=cmd|' /C calc'!A0,visit,,,,"),
            expect: vec![
                at("events.csv", e, "title"),
                "looks like a spreadsheet formula".into(),
            ],
        },
        Case {
            name: "a state's span that is not one",
            file: "actors.csv",
            edit: append("russia-2,Russia again,state,RUS,,,1991-13/.."),
            expect: vec![
                at("actors.csv", next_line("actors.csv"), "existed"),
                "'1991-13/..' is not a span".into(),
            ],
        },
        Case {
            name: "a state acting before its span",
            file: "event_actors.csv",
            edit: append("five-stage-announced,russia,visitor"),
            expect: vec![
                at("event_actors.csv", ea, "actor"),
                "'russia' is an actor from 1991-12-25 (its existed), after this row's date \
                 1990-01-01/1990-01-31"
                    .into(),
            ],
        },
        Case {
            name: "a state speaking after its span",
            file: "event_actors.csv",
            edit: append("watanabe-otawara-1992,ussr,speaker"),
            expect: vec![
                at("event_actors.csv", ea, "actor"),
                "'ussr' is an actor until 1991-12-26 (its existed), before this row's date \
                 1992-04-18"
                    .into(),
            ],
        },
        Case {
            name: "a span for a person",
            file: "actors.csv",
            edit: append("someone,Someone,person,RUS,,,1991/.."),
            expect: vec![
                at("actors.csv", next_line("actors.csv"), "existed"),
                "only a state has a span".into(),
            ],
        },
        Case {
            name: "formula cell with @",
            file: "topics.csv",
            edit: append("x-topic,@SUM(1),"),
            expect: vec![
                at("topics.csv", next_line("topics.csv"), "name"),
                "formula".into(),
            ],
        },
        Case {
            name: "NUL in a cell",
            file: "topics.csv",
            edit: Box::new(|o| [o, b"x-topic,a\0b,\n"].concat()),
            expect: vec![
                at("topics.csv", next_line("topics.csv"), "name"),
                "NUL".into(),
            ],
        },
        Case {
            name: "uncited event",
            file: "events.csv",
            edit: append("x-event,1997,,T,visit,,,,"),
            expect: vec![
                at("events.csv", e, "id"),
                "'x-event' cites no source".into(),
            ],
        },
        Case {
            name: "misquoted study text",
            file: "citations.csv",
            edit: append(
                "x-cite,study,,kawana-summit,,,,supports,I,The Kawana summit was a triumph,,",
            ),
            expect: vec![
                at("citations.csv", c, "quote"),
                "does not occur word for word".into(),
            ],
        },
        Case {
            name: "unknown event type",
            file: "events.csv",
            edit: append("x-event,1997,,T,meeting,,,,"),
            expect: vec![
                at("events.csv", e, "type"),
                "no event_types row has id 'meeting'".into(),
            ],
        },
        Case {
            name: "a word for a number",
            file: "proposals.csv",
            edit: append("x-prop,1997,,T,yeltsin,,,five-stage,six,,,unknown,,"),
            expect: vec![
                at("proposals.csv", p, "seq"),
                "'six' is not a whole number".into(),
            ],
        },
        Case {
            name: "required field empty",
            file: "events.csv",
            edit: append("x-event,1997,,,visit,,,,"),
            expect: vec![at("events.csv", e, "title"), "is required but empty".into()],
        },
        Case {
            name: "citation of two rows",
            file: "citations.csv",
            edit: append("x-cite,study,yeltsin,kawana-summit,,,,supports,,,,"),
            expect: vec![
                at("citations.csv", c, "actor,event,proposal,position,period"),
                "exactly one".into(),
            ],
        },
        Case {
            name: "citation of nothing",
            file: "citations.csv",
            edit: append("x-cite,study,,,,,,supports,,,,"),
            expect: vec![
                at("citations.csv", c, "actor,event,proposal,position,period"),
                "exactly one".into(),
            ],
        },
        Case {
            name: "unknown stance",
            file: "positions.csv",
            edit: append("x-pos,1997,,japan,fisheries,P,pro,,,,"),
            expect: vec![
                at("positions.csv", next_line("positions.csv"), "stance"),
                "no stances row has id 'pro'".into(),
            ],
        },
        Case {
            name: "unknown source",
            file: "citations.csv",
            edit: append("x-cite,studdy,yeltsin,,,,,supports,,,,"),
            expect: vec![
                at("citations.csv", c, "source"),
                "did you mean study".into(),
            ],
        },
        Case {
            name: "missing text file",
            file: "sources.csv",
            edit: Box::new(|o| {
                String::from_utf8_lossy(o)
                    .replace("texts/togo-yeltsin-era.txt", "texts/missing.txt")
                    .into_bytes()
            }),
            expect: vec![
                at("sources.csv", 2, "file"),
                "'texts/missing.txt' does not exist".into(),
            ],
        },
        Case {
            name: "a semicolon in a locator",
            file: "citations.csv",
            edit: append(
                "x-cite,deseret-1992-09-09,,visit-cancelled-1992,,,,supports,\"para. 1; para. 3\",,,\
                 States that Yeltsin put off the visit.",
            ),
            expect: vec![
                at("citations.csv", c, "locator"),
                "'para. 1; para. 3' holds ';', which separates one source from the next".into(),
                "write ',' instead ('para. 1, para. 3')".into(),
            ],
        },
        Case {
            name: "a public page cited without a statement",
            file: "citations.csv",
            edit: append("x-cite,deseret-1992-09-09,,visit-cancelled-1992,,,,supports,,,,"),
            expect: vec![
                at("citations.csv", c, "statement"),
                "the public source 'deseret-1992-09-09' needs a statement".into(),
            ],
        },
        Case {
            name: "a public page quoted",
            file: "citations.csv",
            edit: append(
                "x-cite,deseret-1992-09-09,,visit-cancelled-1992,,,,supports,,Yeltsin scuttles visit,,\
                 States that Yeltsin put off the visit.",
            ),
            expect: vec![
                at("citations.csv", c, "quote"),
                "verbatim quotes are the study text's".into(),
            ],
        },
        Case {
            name: "a public source without its address",
            file: "sources.csv",
            edit: Box::new(|o| {
                String::from_utf8_lossy(o)
                    .replace(DESERET_URL, "")
                    .into_bytes()
            }),
            expect: vec![
                at("citations.csv", first_line_with("citations.csv", ",deseret-1992-09-09,"), "statement"),
                "'deseret-1992-09-09' is a public source without a url".into(),
            ],
        },
        deseret_author("two bodies joined as if they were people", "Deseret News; AP", "'Deseret News' is not"),
        deseret_author("a stray semicolon after a person", "\"Smith, John;\"", "one is empty (a stray ';'?)"),
        deseret_author("a brace left open", "\"{Deseret News, Utah\"", "must be the whole field"),
        deseret_author(
            "a body's name with a comma, unbraced",
            "\"Deseret News Publishing Company of Salt Lake City, Utah\"",
            "reads as a person named 'Deseret News Publishing Company of Salt Lake City'",
        ),
        Case {
            name: "header only for a table others need",
            file: "events.csv",
            edit: Box::new(move |_| format!("{event_header}\n").into_bytes()),
            expect: vec!["no events row has id".into()],
        },
    ]
}

/// A case giving the Deseret News report the author field `author` (as
/// written in the CSV), which `db check` must refuse with `expect`.
fn deseret_author(name: &'static str, author: &'static str, expect: &str) -> Case {
    Case {
        name,
        file: "sources.csv",
        edit: Box::new(move |o| {
            String::from_utf8_lossy(o)
                .replace(",Deseret News,,", &format!(",{author},,"))
                .into_bytes()
        }),
        expect: vec![
            at(
                "sources.csv",
                first_line_with("sources.csv", "deseret-1992-09-09,"),
                "author",
            ),
            expect.into(),
        ],
    }
}

/// `db check` on `dir`: its exit code, stdout's lines and stderr.
fn check(dir: &Path) -> (Option<i32>, Vec<String>, String) {
    let out = rjkb()
        .args(["--data", dir.to_str().unwrap(), "db", "check"])
        .output()
        .unwrap();
    let lines = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect();
    (
        out.status.code(),
        lines,
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// A copy of seed/ with its first event — which proposals, participants
/// and citations name — as `edit` makes it (None: left out); and its id.
fn first_event_edited(edit: impl Fn(&str) -> Option<String>) -> (tempfile::TempDir, String) {
    let dir = copy_of_seed();
    let path = dir.path().join("events.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let (header, rest) = text.split_once('\n').unwrap();
    let (first, rest) = rest.split_once('\n').unwrap();
    let edited = edit(first).map_or(String::new(), |row| format!("{row}\n"));
    std::fs::write(&path, format!("{header}\n{edited}{rest}")).unwrap();
    (dir, first.split(',').next().unwrap().to_string())
}

#[test]
fn a_row_that_does_not_load_is_one_problem_not_one_per_reference_to_it() {
    let (dir, id) = first_event_edited(|first| {
        let (id, after) = first.split_once(',').unwrap();
        let (_, after) = after.split_once(',').unwrap();
        Some(format!("{id},1990-13,{after}"))
    });
    let (code, report, stderr) = check(dir.path());
    assert_eq!(code, Some(1));
    assert_eq!(report.len(), 1, "{report:?}");
    assert!(report[0].ends_with("events.csv:2: date: '1990-13' is not a date: month 13 does not exist (01-12, or 21-24 for a season)"), "{report:?}");
    assert!(
        stderr.contains("16 more that only follow from the problems above"),
        "{stderr}"
    );
    assert!(stderr.contains("rjkb: 1 problem found"), "{stderr}");
    // An id refused for an invisible character is referred to as it shows:
    // those references follow from the one problem too.
    let (dir, _) = first_event_edited(|first| {
        let (id, after) = first.split_once(',').unwrap();
        Some(format!("{id}\u{200b},{after}"))
    });
    let (_, report, stderr) = check(dir.path());
    assert_eq!(report.len(), 1, "{report:?}");
    assert!(
        report[0].contains("holds an invisible character"),
        "{report:?}"
    );
    assert!(
        stderr.contains("16 more that only follow from the problems above"),
        "{stderr}"
    );
    // A reference to a row that is not in the file at all is still one.
    let (dir, _) = first_event_edited(|_| None);
    let (_, report, stderr) = check(dir.path());
    assert!(report
        .iter()
        .any(|l| l.contains(&format!("no events row has id '{id}'"))));
    assert!(!stderr.contains("did not load"), "{stderr}");
}

#[test]
fn a_row_that_does_not_load_is_told_all_its_problems_at_once() {
    // The first event with a bad date, no title, and its type and topic
    // misspelt: the misspellings are references, checked once every table
    // is in, yet told now, not after the date and title are mended.
    let (dir, id) = first_event_edited(|first| {
        let mut row: Vec<String> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(first.as_bytes())
            .records()
            .next()
            .unwrap()
            .unwrap()
            .iter()
            .map(String::from)
            .collect();
        row[1] = "1990-13".into();
        row[3] = String::new();
        row[4] = "vist".into();
        row[5] = "territorial-isue".into();
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record(&row).unwrap();
        Some(
            String::from_utf8(out.into_inner().unwrap())
                .unwrap()
                .trim_end()
                .to_string(),
        )
    });
    let (code, report, stderr) = check(dir.path());
    assert_eq!(code, Some(1));
    let fields: Vec<&str> = report
        .iter()
        .map(|line| line.split(": ").nth(1).unwrap())
        .collect();
    // In the order of the file's columns, each once.
    assert_eq!(fields, ["date", "title", "type", "topic"], "{report:?}");
    assert!(
        report.iter().all(|l| l.contains("events.csv:2: ")),
        "{report:?}"
    );
    assert!(report[2].ends_with("no event_types row has id 'vist'; did you mean visit?"));
    assert!(
        report[3].contains("did you mean territorial-issue?"),
        "{report:?}"
    );
    // What names the row is still only counted.
    assert!(stderr.contains("more that only follow from the problems above"));
    assert!(!report.iter().any(|l| l.contains(&id)), "{report:?}");
}

#[test]
fn problems_are_listed_file_by_file_and_line_by_line() {
    // A misspelt type on line 2 is found after loading, a bad date on the
    // last line while loading; a reader mends a file from the top.
    let (dir, _) = first_event_edited(|first| {
        let fields: Vec<&str> = first.splitn(6, ',').collect();
        Some(format!("{},vist,{}", fields[..4].join(","), fields[5]))
    });
    support::add(
        dir.path(),
        "events.csv",
        &["late-event", "1997-13", "", "T", "visit", "", "", "", ""],
    );
    let (_, report, _) = check(dir.path());
    assert_eq!(report.len(), 2, "{report:?}");
    assert!(report[0].contains("events.csv:2: type: "), "{report:?}");
    assert!(report[1].contains(": date: '1997-13'"), "{report:?}");
}

#[test]
fn a_folder_exported_as_json_is_told_that_data_reads_csv() {
    // `export --format jsonl` writes events.jsonl and the rest: a reader
    // who points --data at it learns why no table is found.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("chronology");
    let out = out.to_str().unwrap();
    support::ok(&["export", "--out", out, "--format", "jsonl"]);
    let (code, report, _) = check(Path::new(out));
    assert_eq!(code, Some(1));
    assert_eq!(report.len(), 11, "{report:?}");
    assert!(
        report.iter().any(|l| l.ends_with(
            "/sources.csv:0: -: file is missing, and the folder holds sources.jsonl instead: \
             --data reads CSV files only (`rjkb export --out DIR` writes them; JSON is for \
             other programs)"
        )),
        "{report:?}"
    );
    // A CSV file beside it is read, and only the others are missing.
    std::fs::copy(seed().join("events.csv"), Path::new(out).join("events.csv")).unwrap();
    let (_, report, _) = check(Path::new(out));
    assert_eq!(report.len(), 10, "{report:?}");
    assert!(!report.iter().any(|l| l.contains("events.")), "{report:?}");
}

#[test]
fn rows_of_empty_fields_a_spreadsheet_saves_are_passed_over() {
    // Rows of commas alone, between the data and below it, as a
    // spreadsheet saves cells it once touched: nothing to load or report.
    let dir = copy_of_seed();
    let path = dir.path().join("events.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(5, ",,,,,,,,");
    lines.extend([",,,,,,,,", ",,,,,,,,"]);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let (code, report, _) = check(dir.path());
    assert_eq!(code, Some(0), "{report:?}");
    // A problem found after loading still names its own line.
    support::add(
        dir.path(),
        "events.csv",
        &["x-event", "1997", "", "T", "visit", "", "", "", ""],
    );
    let (code, report, _) = check(dir.path());
    assert_eq!(code, Some(1));
    let line = lines.len() + 1;
    assert_eq!(report.len(), 1, "{report:?}");
    assert!(
        report[0].contains(&format!("events.csv:{line}: id: 'x-event' cites no source")),
        "{report:?}"
    );
}

#[test]
fn a_file_refused_at_its_header_is_its_problems_not_one_per_reference_to_it() {
    // citations.csv with `source` misspelt: no citation loads, and every
    // fact would otherwise cite nothing; events.csv likewise, and every
    // participant, proposal and citation naming an event would dangle.
    for (file, column) in [("citations.csv", "source"), ("events.csv", "title")] {
        let dir = copy_of_seed();
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let (header, rest) = text.split_once('\n').unwrap();
        let header = header.replace(column, "misspelt");
        std::fs::write(&path, format!("{header}\n{rest}")).unwrap();
        let (code, report, stderr) = check(dir.path());
        assert_eq!(code, Some(1));
        assert_eq!(report.len(), 2, "{report:?}");
        assert!(report[0].contains(&format!("{file}:1: {column}: column is missing")));
        assert!(report[1].contains(&format!("{file}:1: misspelt: unknown column")));
        assert!(stderr.contains("rjkb: 2 problems found"), "{stderr}");
        assert!(stderr.contains("more that only follow from the problems above"));
    }
}

#[test]
fn a_row_with_a_field_too_many_or_a_lost_citation_is_one_problem_too() {
    // The first event with one field more than the header.
    let (dir, _) = first_event_edited(|first| Some(format!("{first},extra")));
    let (code, report, stderr) = check(dir.path());
    assert_eq!(code, Some(1));
    assert_eq!(report.len(), 1, "{report:?}");
    assert!(report[0].contains("events.csv:2: -: row has"), "{report:?}");
    assert!(
        stderr.contains("16 more that only follow from the problems above"),
        "{stderr}"
    );
    // An event's only citation, its id a copy of another's: the event
    // citing nothing follows from it.
    let dir = copy_of_seed();
    let path = dir.path().join("citations.csv");
    let mut records = csv::Reader::from_path(&path).unwrap();
    let header = records.headers().unwrap().clone();
    let event = header.iter().position(|h| h == "event").unwrap();
    let mut rows: Vec<Vec<String>> = records
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let cited_once = rows
        .iter()
        .map(|row| row[event].clone())
        .find(|id| !id.is_empty() && rows.iter().filter(|r| &r[event] == id).count() == 1)
        .unwrap();
    let first_id = rows[0][0].clone();
    let lost = rows
        .iter_mut()
        .find(|row| row[event] == cited_once)
        .unwrap();
    lost[0] = first_id;
    let mut out = csv::Writer::from_path(&path).unwrap();
    out.write_record(&header).unwrap();
    for row in rows {
        out.write_record(&row).unwrap();
    }
    out.flush().unwrap();
    let (code, report, stderr) = check(dir.path());
    assert_eq!(code, Some(1));
    assert_eq!(report.len(), 1, "{report:?}");
    assert!(report[0].contains("citations.csv"), "{report:?}");
    assert!(report[0].contains("duplicate"), "{report:?}");
    assert!(
        stderr.contains("(and 1 more that only follows from the problems above"),
        "{stderr}"
    );
}

#[test]
fn a_row_with_bytes_that_are_not_utf8_is_one_problem_too() {
    // The first event's title with two bytes that are not UTF-8: its id
    // is still read, so the rows that name it are not reported.
    let (dir, id) = first_event_edited(|first| {
        let (third_comma, _) = first.match_indices(',').nth(2).unwrap();
        let (before, title) = first.split_at(third_comma + 1);
        Some(format!("{before}BAD{title}"))
    });
    let path = dir.path().join("events.csv");
    let bytes = std::fs::read(&path).unwrap();
    let at = bytes.windows(3).position(|w| w == b"BAD").unwrap();
    let bad = [&bytes[..at], b"\xff\xfe", &bytes[at + 3..]].concat();
    std::fs::write(&path, bad).unwrap();
    let (code, report, stderr) = check(dir.path());
    assert_eq!(code, Some(1));
    assert_eq!(report.len(), 1, "{report:?}");
    assert!(
        report[0].contains("events.csv:2: title: field 4 is not valid UTF-8"),
        "{report:?}"
    );
    assert!(!report.iter().any(|l| l.contains(&id)), "{report:?}");
    assert!(
        stderr.contains("16 more that only follow from the problems above"),
        "{stderr}"
    );
}

#[test]
fn past_a_hundred_problems_the_rest_are_counted_not_listed() {
    let dir = copy_of_seed();
    let path = dir.path().join("events.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut records = csv::Reader::from_reader(text.as_bytes());
    let header = records.headers().unwrap().clone();
    let date = header.iter().position(|h| h == "date").unwrap();
    let topic = header.iter().position(|h| h == "topic").unwrap();
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(&header).unwrap();
    let mut events = 0;
    for record in records.records() {
        let mut record: Vec<String> = record.unwrap().iter().map(String::from).collect();
        record[date] = "1990-13".into();
        // Each row's reference, checked after loading, is a problem too.
        record[topic] = "no-such-topic".into();
        out.write_record(&record).unwrap();
        events += 1;
    }
    std::fs::write(&path, out.into_inner().unwrap()).unwrap();
    assert!(events > rjkb::seed::MOST_LISTED);
    let (code, report, stderr) = check(dir.path());
    assert_eq!(code, Some(1));
    assert_eq!(report.len(), rjkb::seed::MOST_LISTED, "{report:?}");
    let problems = 2 * events;
    let more = problems - rjkb::seed::MOST_LISTED;
    assert!(
        stderr.contains(&format!("... and {more} more, not listed")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("rjkb: {problems} problems found")),
        "{stderr}"
    );
    // The same in the error a listing stops with.
    let out = rjkb()
        .args(["--data", dir.path().to_str().unwrap(), "events"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{problems} problems in the data")),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("events.csv:").count(),
        rjkb::seed::MOST_LISTED
    );
}

#[test]
fn every_broken_input_is_reported_and_changes_nothing() {
    let cases = broken_inputs();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let scratch = tempfile::tempdir().unwrap();
    let db = built_db(scratch.path());
    let before = std::fs::read(&db).unwrap();
    for case in cases {
        let dir = copy_of_seed();
        let path = dir.path().join(case.file);
        let original = std::fs::read(&path).unwrap();
        std::fs::write(&path, (case.edit)(&original)).unwrap();
        let data = dir.path().to_str().unwrap();

        let check = rjkb()
            .args(["--data", data, "db", "check"])
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&check.stdout);
        assert_eq!(check.status.code(), Some(1), "{}: {report}", case.name);
        for expected in &case.expect {
            assert!(
                report.contains(expected.as_str()),
                "{}: expected {expected:?} in\n{report}",
                case.name
            );
        }
        let folder = format!("{}/", dir.path().display());
        assert!(
            report.lines().all(|l| l.starts_with(&folder)),
            "{}: every line names its file",
            case.name
        );

        for args in [
            vec!["--data", data, "events"],
            vec!["--data", data, "db", "build", "--out", db.to_str().unwrap()],
        ] {
            let out = rjkb().args(&args).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{}: {args:?}", case.name);
            assert!(!stderr.contains("panicked"), "{}: {stderr}", case.name);
            assert!(
                stderr.contains(case.file) || stderr.contains(".csv:"),
                "{}: {stderr}",
                case.name
            );
        }
        assert_eq!(
            std::fs::read(&db).unwrap(),
            before,
            "{}: the database changed",
            case.name
        );
        let leftovers: Vec<_> = std::fs::read_dir(scratch.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name() != "kb.db")
            .map(|e| e.file_name())
            .collect();
        assert!(leftovers.is_empty(), "{}: left {leftovers:?}", case.name);
    }
}

/// Inputs that look odd but are legitimate load, and load correctly.
#[test]
fn bom_crlf_and_header_only_files_load() {
    let dir = copy_of_seed();
    let events = dir.path().join("events.csv");
    let text = std::fs::read_to_string(&events).unwrap();
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    std::fs::write(&events, crlf).unwrap();
    std::fs::write(
        dir.path().join("proposal_links.csv"),
        "proposal,kind,target\n",
    )
    .unwrap();
    let data = dir.path().to_str().unwrap();
    rjkb()
        .args(["--data", data, "db", "check"])
        .assert()
        .success();
    let with = rjkb()
        .args(["--data", data, "events", "--format", "json"])
        .output()
        .unwrap();
    let without = rjkb()
        .args(["events", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(with.stdout, without.stdout, "BOM and CRLF change nothing");
    let links = rjkb()
        .args([
            "--data",
            data,
            "proposals",
            "--columns",
            "links",
            "--format",
            "jsonl",
        ])
        .output()
        .unwrap();
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&links.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), lines_in("proposals.csv") - 1);
    assert!(
        rows.iter().all(|r| r["links"].is_null()),
        "a header-only file is an empty table"
    );
}

/// A copy of seed/ with `events` more events (and their citations), to make
/// a build that takes a while.
fn bulky_seed(events: usize) -> tempfile::TempDir {
    let dir = copy_of_seed();
    let mut extra_events = String::new();
    let mut extra_citations = String::new();
    for i in 0..events {
        extra_events.push_str(&format!("bulk-{i},1997-01-01,,Bulk event {i},trend,,,,\n"));
        extra_citations.push_str(&format!("bulk-c-{i},study,,bulk-{i},,,,supports,,,,\n"));
    }
    let append = |file: &str, text: &str| {
        let path = dir.path().join(file);
        let mut all = std::fs::read_to_string(&path).unwrap();
        all.push_str(text);
        std::fs::write(path, all).unwrap();
    };
    append("events.csv", &extra_events);
    append("citations.csv", &extra_citations);
    dir
}

#[test]
fn a_killed_build_leaves_the_previous_file_intact() {
    let data = bulky_seed(60_000);
    let out = tempfile::tempdir().unwrap();
    let db = out.path().join("kb.db");
    rjkb()
        .args(["db", "build", "--out", db.to_str().unwrap()])
        .assert()
        .success();
    let previous = std::fs::read(&db).unwrap();
    let mut killed = 0;
    for delay_ms in [50, 200, 500] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("rjkb"))
            .args([
                "--data",
                data.path().to_str().unwrap(),
                "db",
                "build",
                "--out",
                db.to_str().unwrap(),
            ])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        child.wait().unwrap();
        assert!(
            std::fs::read(&db).unwrap() == previous,
            "after {delay_ms} ms"
        );
    }
    assert!(
        killed > 0,
        "the build finished before it could be killed: make it bigger"
    );
}

#[test]
fn concurrent_builds_and_queries_neither_fail_nor_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let db = db.to_str().unwrap().to_string();
    rjkb()
        .args(["db", "build", "--out", &db])
        .assert()
        .success();
    let expected = rjkb()
        .args(["events", "--year", "1997"])
        .output()
        .unwrap()
        .stdout;
    let workers: Vec<_> = (0..8)
        .map(|n| {
            let db = db.clone();
            let expected = expected.clone();
            std::thread::spawn(move || {
                for _ in 0..4 {
                    if n % 2 == 0 {
                        let out = rjkb().args(["db", "build", "--out", &db]).output().unwrap();
                        assert!(
                            out.status.success(),
                            "{}",
                            String::from_utf8_lossy(&out.stderr)
                        );
                    } else {
                        let out = rjkb()
                            .args(["--db", &db, "events", "--year", "1997"])
                            .output()
                            .unwrap();
                        assert!(
                            out.status.success(),
                            "{}",
                            String::from_utf8_lossy(&out.stderr)
                        );
                        assert_eq!(out.stdout, expected);
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn an_older_database_is_migrated_forward() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    rjkb()
        .args(["db", "build", "--out", db.to_str().unwrap()])
        .assert()
        .success();
    // A file as an rjkb of schema version 1 made it: that version's schema
    // (migration 0001), and the data in the columns it had.
    let old = dir.path().join("v1.db");
    let conn = rusqlite::Connection::open(&old).unwrap();
    let first = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/0001_knowledge_base.sql");
    conn.execute_batch(&std::fs::read_to_string(first).unwrap())
        .unwrap();
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = OFF; ATTACH '{}' AS built; PRAGMA user_version = 1;",
        db.display()
    ))
    .unwrap();
    // The tables 0001 leaves empty: its lists (event types...) are as it
    // made them, later migrations adding to them.
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM main.sqlite_schema WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for table in tables {
        let empty: bool = conn
            .query_row(&format!("SELECT count(*) = 0 FROM main.{table}"), [], |r| {
                r.get(0)
            })
            .unwrap();
        if !empty {
            continue;
        }
        let columns: Vec<String> = conn
            .prepare(&format!(
                "SELECT o.name FROM pragma_table_info('{table}', 'main') o \
                 JOIN pragma_table_info('{table}', 'built') n USING (name)"
            ))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let columns = columns.join(", ");
        conn.execute_batch(&format!(
            "INSERT INTO main.{table} ({columns}) \
             SELECT {columns} FROM built.{table} ORDER BY rowid"
        ))
        .unwrap();
    }
    drop(conn);
    let db = old;
    let found = rjkb()
        .args(["--db", db.to_str().unwrap(), "search", "fishery"])
        .output()
        .unwrap();
    assert!(
        found.status.success(),
        "{}",
        String::from_utf8_lossy(&found.stderr)
    );
    assert!(String::from_utf8_lossy(&found.stdout).contains("fishery-support"));
    let listed = rjkb()
        .args(["--db", db.to_str().unwrap(), "events", "--year", "1997"])
        .args(["--columns", "id,actors", "--format", "csv"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.contains("krasnoyarsk-summit,\"yeltsin, russia, hashimoto, japan\""),
        "{listed}"
    );
    // Its sources dated as the loader dates them (0013 and the parser).
    let sources_of_1991 = |db: &[&str]| {
        let columns = ["--columns", "id,published,date_from,date_to,date_precision"];
        let args = [
            db,
            &["sources", "--year", "1991", "--format", "csv"],
            &columns,
        ]
        .concat();
        let out = rjkb().args(args).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let migrated = sources_of_1991(&["--db", db.to_str().unwrap()]);
    assert!(migrated.lines().count() > 10, "{migrated}");
    assert_eq!(migrated, sources_of_1991(&[]));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, rjkb::db::SCHEMA_VERSION);
}

#[test]
fn bad_paths_are_refused_and_create_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let inside = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "--db".into(),
                dir.path().to_str().unwrap().into(),
                "events".into(),
            ],
            "no database file",
        ),
        (
            vec!["--db".into(), inside("missing.db"), "events".into()],
            "no database file",
        ),
        (
            vec![
                "db".into(),
                "build".into(),
                "--out".into(),
                inside("no/such/folder/kb.db"),
            ],
            "/no/such/folder is not there: make it first (mkdir -p ",
        ),
        (
            vec![
                "db".into(),
                "build".into(),
                "--out".into(),
                dir.path().to_str().unwrap().into(),
            ],
            "is a folder",
        ),
        (
            vec![
                "db".into(),
                "build".into(),
                "--out".into(),
                "/dev/full/kb.db".into(),
            ],
            "temporary file",
        ),
        (
            vec!["export".into(), "--out".into(), "/dev/full/export".into()],
            "creating",
        ),
        (
            vec!["--data".into(), inside("nowhere"), "events".into()],
            "no such folder",
        ),
    ];
    for (args, message) in cases {
        let out = rjkb().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"));
    }
    let corrupt = dir.path().join("corrupt.db");
    let mut bytes = std::fs::read(seed().join("events.csv")).unwrap();
    bytes.splice(0..0, b"SQLite format 3\0".iter().copied());
    std::fs::write(&corrupt, &bytes).unwrap();
    let out = rjkb()
        .args(["--db", corrupt.to_str().unwrap(), "events"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read(&corrupt).unwrap(),
        bytes,
        "a corrupt file is left as it was"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        left,
        vec![std::ffi::OsString::from("corrupt.db")],
        "nothing else was created"
    );
}

#[test]
fn user_values_reach_sql_only_as_bound_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let db = built_db(dir.path());
    let db = db.to_str().unwrap();
    let before = std::fs::read(db).unwrap();
    let nasty = [
        "o'brien",
        "x'; DROP TABLE events; --",
        "100%",
        "a_b",
        "-- comment",
        "\"quoted\"",
        "é'\\",
    ];
    for value in nasty {
        // `--flag=value`, so that a value starting with a dash is a value.
        let flag = |name: &str| format!("--{name}={value}");
        for args in [
            vec!["events".to_string(), flag("by")],
            vec!["events".into(), flag("topic")],
            vec!["events".into(), flag("text")],
            vec!["sources".into(), flag("text")],
            vec!["events".into(), flag("sort")],
            vec!["events".into(), flag("columns")],
            vec!["search".into(), "--".into(), value.into()],
            vec!["show".into(), "--".into(), value.into()],
            vec![
                "sql".into(),
                "SELECT :v AS v".into(),
                "-p".into(),
                "v".into(),
                value.into(),
            ],
        ] {
            let out = rjkb().args(["--db", db]).args(&args).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.code() == Some(0) || out.status.code() == Some(1),
                "{args:?}"
            );
            for sql_error in [
                "syntax error",
                "unrecognized token",
                "no such column",
                "fts5:",
            ] {
                assert!(!stderr.contains(sql_error), "{args:?}: {stderr}");
            }
        }
        let echoed = rjkb()
            .args([
                "--db",
                db,
                "--format",
                "json",
                "sql",
                "SELECT :v AS v",
                "-p",
                "v",
                value,
            ])
            .output()
            .unwrap();
        let rows: serde_json::Value = serde_json::from_slice(&echoed.stdout).unwrap();
        assert_eq!(rows[0]["v"], value, "the value arrives as it was typed");
    }
    assert_eq!(std::fs::read(db).unwrap(), before);
}

#[test]
fn a_full_device_is_an_error_not_a_panic() {
    for format in ["table", "csv", "tsv", "json", "jsonl", "markdown"] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("rjkb"))
            .args(["events", "--format", format])
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
        assert!(
            stderr.contains("No space left on device"),
            "{format}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{format}");
    }
}

#[test]
fn text_that_is_not_utf8_is_written_not_a_panic() {
    // SQLite lets TEXT hold any bytes; `rjkb sql` can produce them.
    let sql = "SELECT CAST(x'ff41' AS TEXT) AS t, CAST(x'09' AS TEXT) AS tab";
    let expected: [(&str, &[u8]); 6] = [
        // CSV and TSV pass the bytes through, as sqlite3 does.
        ("csv", b"t,tab\n\xffA,\t\n"),
        ("tsv", b"t\ttab\n\xffA\t\\t\n"),
        // The formats made of text show U+FFFD for the bad byte.
        (
            "jsonl",
            "{\"t\":\"\u{fffd}A\",\"tab\":\"\\t\"}\n".as_bytes(),
        ),
        (
            "json",
            "[\n  {\"t\":\"\u{fffd}A\",\"tab\":\"\\t\"}\n]\n".as_bytes(),
        ),
        (
            "markdown",
            "| t | tab |\n|---|---|\n| \u{fffd}A | \t |\n".as_bytes(),
        ),
        ("table", "\u{fffd}A".as_bytes()),
    ];
    for (format, output) in expected {
        let out = rjkb()
            .args(["sql", sql, "--format", format])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{format}: {stderr}");
        let found = out.stdout.windows(output.len()).any(|w| w == output);
        assert!(
            found,
            "{format}: {:?}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

/// `file` without its column `name`, every row with it.
fn drop_column(file: &Path, name: &str) {
    let mut reader = csv::Reader::from_path(file).unwrap();
    let header = reader.headers().unwrap().clone();
    let at = header.iter().position(|h| h == name).unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    let keep = |record: &csv::StringRecord| -> Vec<String> {
        (0..record.len())
            .filter(|i| *i != at)
            .map(|i| record[i].to_string())
            .collect()
    };
    writer.write_record(keep(&header)).unwrap();
    for record in reader.records() {
        writer.write_record(keep(&record.unwrap())).unwrap();
    }
    std::fs::write(file, writer.into_inner().unwrap()).unwrap();
}

/// A folder written before migration 0006 has no `sources.lang` and no
/// `citations.statement`, one before 0009 no `sources.container`: a column
/// that may be empty may be left out.
#[test]
fn a_folder_without_the_optional_columns_loads() {
    let dir = copy_of_seed();
    drop_column(&dir.path().join("sources.csv"), "lang");
    drop_column(&dir.path().join("sources.csv"), "container");
    let data = dir.path().to_str().unwrap();
    rjkb()
        .args(["--data", data, "db", "check"])
        .assert()
        .success();
    let cells = rjkb()
        .args([
            "--data",
            data,
            "sources",
            "--columns",
            "lang,container",
            "--format",
            "jsonl",
        ])
        .output()
        .unwrap();
    let cells = String::from_utf8_lossy(&cells.stdout);
    assert_eq!(cells.lines().count(), lines_in("sources.csv") - 1);
    let empty = "{\"lang\":null,\"container\":null}";
    assert!(cells.lines().all(|l| l == empty), "{cells}");

    // Without statements, the public citations are reported, not the header.
    drop_column(&dir.path().join("citations.csv"), "statement");
    let check = rjkb()
        .args(["--data", data, "db", "check"])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(1));
    // More than are listed: the first hundred, and how many more.
    assert_eq!(report.lines().count(), rjkb::seed::MOST_LISTED, "{report}");
    assert!(String::from_utf8_lossy(&check.stderr).contains("more, not listed"));
    assert!(
        report.lines().all(|l| l.contains("citations.csv:")
            && l.contains(": statement: ")
            && l.contains("needs a statement")),
        "{report}"
    );
}
