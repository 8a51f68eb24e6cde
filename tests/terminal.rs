//! Tables as a terminal shows them: every listing, the timeline, search and
//! count, run in a pseudo-terminal 60, 80, 100, 120 and 200 columns wide.
//! No line is wider than the terminal; no id and no date is cut; the
//! columns left out are named on stderr.

#![cfg(unix)]

mod support;

use unicode_width::UnicodeWidthStr;

const WIDTHS: [u16; 5] = [60, 80, 100, 120, 200];

const COMMANDS: &[&[&str]] = &[
    &["events"],
    &["actors"],
    &["proposals"],
    &["positions"],
    &["periods"],
    &["sources"],
    &[
        "events",
        "--year",
        "1998",
        "--columns",
        "id,date,title,summary",
    ],
    &["timeline"],
    &["search", "kawana"],
    &["search", "Ельцин"],
    &["count", "events", "--by", "year"],
    &["count", "proposals", "--by", "outcome"],
];

fn bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("rjkb")
}

/// What `args` writes to a terminal `width` columns wide, stdout and stderr
/// together, with `color` or without; it must succeed.
fn on_terminal(args: &[&str], width: u16, color: bool) -> String {
    let (code, all) = support::on_terminal(args, width, color);
    assert_eq!(code, Some(0), "rjkb {args:?}");
    String::from_utf8(all).unwrap().replace("\r\n", "\n")
}

/// The same command's rows as TSV, a header row first.
fn piped(args: &[&str]) -> Vec<Vec<String>> {
    let out = std::process::Command::new(bin())
        .args(args)
        .args(["--format", "tsv"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| line.split('\t').map(String::from).collect())
        .collect()
}

/// `text` without the escape sequences of styling.
fn unstyled(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters final-byte.
            for next in chars.by_ref() {
                if next.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The cells of a table's rows, column by column: each cell's lines, from
/// one row's first line to the next's.
fn columns_left_out(screen: &str) -> Vec<String> {
    screen
        .split("left out to fit ")
        .nth(1)
        .and_then(|rest| rest.split_once(": "))
        .map(|(_, names)| {
            let names = names.split(';').next().unwrap_or_default();
            names.split(", ").map(|n| n.trim().to_string()).collect()
        })
        .unwrap_or_default()
}

#[test]
fn tables_fit_the_terminal_and_never_cut_an_id_or_a_date() {
    for args in COMMANDS {
        let rows = piped(args);
        let header = &rows[0];
        for width in WIDTHS {
            for color in [false, true] {
                let screen = unstyled(&on_terminal(args, width, color));
                for line in screen.lines() {
                    assert!(
                        line.width() <= usize::from(width),
                        "rjkb {args:?} at {width}: {} columns\n{line}\n{screen}",
                        line.width()
                    );
                }
                let left_out = columns_left_out(&screen.replace('\n', " "));
                // Every id shown is whole; so is every date, but for a
                // range, which may break after its dash.
                for (column, name) in header.iter().enumerate() {
                    if !["id", "date"].contains(&name.as_str()) || left_out.contains(name) {
                        continue;
                    }
                    for row in &rows[1..] {
                        let cell = &row[column];
                        // Dates in words, whether the columns were named
                        // with --columns or not.
                        let shown = if name == "date" {
                            rjkb::dates::for_people(cell)
                        } else {
                            cell.clone()
                        };
                        for part in shown.split(" – ") {
                            assert!(
                                screen.contains(part),
                                "rjkb {args:?} at {width}: '{part}' is cut\n{screen}"
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn a_year_of_events_at_80_columns_keeps_its_dates() {
    // The main job, on an ordinary terminal: an id long enough to push the
    // date out of a year's listing is an id to shorten.
    for year in 1990..=1999 {
        let year = year.to_string();
        let screen = on_terminal(&["events", "--year", &year], 80, false);
        let left_out = columns_left_out(&screen.replace('\n', " "));
        assert!(!left_out.contains(&"date".to_string()), "{year}\n{screen}");
        assert!(!left_out.contains(&"title".to_string()), "{year}\n{screen}");
    }
}

#[test]
fn an_empty_answer_says_so_under_its_headers() {
    let screen = on_terminal(&["sources", "--text", "zzqqx"], 80, false);
    assert!(screen.contains("│ id ┆"), "{screen}");
    assert!(screen.contains("rjkb: no rows match"), "{screen}");
    let found = on_terminal(&["sources", "--text", "kawana"], 80, false);
    assert!(!found.contains("no rows match"), "{found}");
    // A bibliography with no entry says so too.
    for listing in ["events", "timeline"] {
        let none = on_terminal(&[listing, "--year", "1900", "--format", "ris"], 80, false);
        assert!(none.contains("rjkb: no rows match"), "{listing}: {none}");
    }
    // And, as a table would, the words the index lacks.
    let none = on_terminal(
        &["events", "--text", "zzqqx", "--format", "bibtex"],
        80,
        false,
    );
    assert!(none.contains("begins with 'zzqqx'"), "{none}");
    let some = on_terminal(&["events", "--year", "1997", "--format", "ris"], 80, false);
    assert!(!some.contains("no rows match"), "{some}");
}

#[test]
fn messages_keep_to_the_terminal_and_a_name_s_matches_to_a_line_each() {
    for width in [60u16, 80] {
        let (code, all) = support::on_terminal(&["show", "kawana"], width, false);
        assert_eq!(code, Some(1));
        let screen = String::from_utf8(all).unwrap().replace("\r\n", "\n");
        let lines: Vec<&str> = screen.lines().collect();
        // The heading and one line for each match, none wider.
        let count: usize = (lines[0].split(" matches ").nth(1))
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{screen}"));
        assert!(count > 5, "{screen}");
        // A dozen are listed; beyond that, one line says how many more.
        let more = count.saturating_sub(12);
        assert_eq!(
            lines.len(),
            1 + count.min(12) + usize::from(more > 0),
            "{screen}"
        );
        if more > 0 {
            assert!(
                screen.ends_with(&format!("... and {more} more\n")),
                "{screen}"
            );
        }
        for line in &lines {
            assert!(line.width() <= usize::from(width), "{width}: {line}");
        }
        for id in ["kawana-summit", "kawana-proposal"] {
            assert!(
                screen.contains(&format!(" {id} ")),
                "{id} at {width}\n{screen}"
            );
        }
        assert!(screen.contains('…'), "{screen}");
        // A message of prose breaks at spaces, its later lines indented.
        let (code, all) = support::on_terminal(&["show", "primakof"], width, false);
        assert_eq!(code, Some(1));
        let screen = String::from_utf8(all).unwrap().replace("\r\n", "\n");
        let lines: Vec<&str> = screen.lines().collect();
        assert!(lines.len() > 1 && lines[1].starts_with("  "), "{screen}");
        assert!(
            lines.iter().all(|l| l.width() <= usize::from(width)),
            "{screen}"
        );
        assert!(screen.contains("primakov-distant-future-1996"), "{screen}");
    }
    // Piped, a message is written whole.
    let piped = support::rjkb().args(["show", "kawana"]).output().unwrap();
    let text = String::from_utf8(piped.stderr).unwrap();
    assert!(
        text.contains("The Kawana summit is put back by a week"),
        "{text}"
    );
}

#[test]
fn columns_left_out_are_named_with_how_to_see_them() {
    let screen = on_terminal(&["events"], 80, false);
    let left_out = columns_left_out(&screen.replace('\n', " "));
    assert!(left_out.contains(&"source".to_string()), "{screen}");
    assert!(screen.contains("--wide") && screen.contains("--columns"));
    // Wide enough, nothing is left out and nothing is said.
    let wide = on_terminal(&["periods"], 200, false);
    assert!(!wide.contains("left out"), "{wide}");
    // --wide keeps every column, however wide the lines get.
    let all = on_terminal(&["events", "--wide"], 80, false);
    assert!(!all.contains("left out"));
    assert!(all.lines().next().unwrap().width() > 80);
    assert!(all.contains("source") && all.contains("actors"));
}

#[test]
fn cyrillic_and_japanese_are_measured_by_display_width() {
    // Aliases in three scripts, Japanese two columns a character.
    let args = ["actors", "--columns", "id,aliases", "--by", "hashimoto"];
    for width in [60, 80] {
        let screen = on_terminal(&args, width, false);
        assert!(
            screen.contains("Хасимото") || screen.contains("橋本"),
            "{screen}"
        );
        for line in screen.lines() {
            assert!(line.width() <= usize::from(width), "{line}\n{screen}");
        }
        // The borders line up: every row of the table is as wide as the top.
        let table: Vec<&str> = screen
            .lines()
            .filter(|l| l.starts_with(['│', '┌', '└', '╞']))
            .collect();
        assert!(
            table.iter().all(|l| l.width() == table[0].width()),
            "{screen}"
        );
    }
}

#[test]
fn a_narrow_search_keeps_why_each_record_matched() {
    // The snippet is what a search adds to a listing: at 80 columns it
    // stays beside the id, which names the record, and others go (which
    // of the title and the date depends on how wide the ids found are).
    let screen = on_terminal(&["search", "kawana"], 80, false);
    let left_out = columns_left_out(&screen.replace('\n', " "));
    assert!(left_out.contains(&"kind".to_string()), "{screen}");
    assert!(
        !left_out.iter().any(|c| c == "snippet" || c == "id"),
        "{screen}"
    );
    let header = screen.lines().nth(1).unwrap();
    assert!(
        header.contains(" id ") && header.contains(" snippet "),
        "{header}"
    );
}

#[test]
fn a_narrow_timeline_says_which_rows_are_proposals() {
    // Events and proposals interleave: at 80 columns the kind stays and
    // the id, which `show` does not need, goes first.
    let screen = on_terminal(&["timeline", "--year", "1995"], 80, false);
    assert_eq!(columns_left_out(&screen), ["id", "source"], "{screen}");
    assert!(screen.contains(" proposal "), "{screen}");
    // A chart with nothing in it says so, as an empty table does.
    let empty = on_terminal(&["timeline", "--year", "2005", "--chart"], 80, false);
    assert!(empty.contains("no rows match"), "{empty}");
    let empty = on_terminal(
        &[
            "count", "events", "--by", "topic", "--year", "2005", "--chart",
        ],
        80,
        false,
    );
    assert!(empty.contains("no rows match"), "{empty}"); // Bars shrink to a narrow terminal: no line wraps.
    let narrow = on_terminal(&["count", "events", "--by", "topic", "--chart"], 50, false);
    assert!(narrow.contains('█'), "{narrow}");
    assert!(
        narrow.lines().all(|l| l.trim_end().chars().count() <= 50),
        "{narrow}"
    );
}

#[test]
fn cite_wraps_at_spaces_on_a_terminal_with_a_hanging_indent() {
    let piped = support::rjkb()
        .args(["cite", "kawana-proposal"])
        .output()
        .unwrap();
    let piped = String::from_utf8(piped.stdout).unwrap();
    let references = piped.split("\n\nReferences\n\n").nth(1).unwrap();
    for width in [60u16, 80] {
        let (code, all) = support::on_terminal(&["cite", "kawana-proposal"], width, false);
        assert_eq!(code, Some(0));
        let screen = String::from_utf8(all).unwrap().replace("\r\n", "\n");
        // No line wider than the terminal but one that is a single word
        // (an address, never broken).
        for line in screen.lines() {
            let one_word = !line.trim().contains(' ');
            assert!(line.width() <= usize::from(width) || one_word, "{line}");
        }
        // Each reference starts a line; its later lines hang under it,
        // and joined again they give the reference as piped, word for word.
        let (_, wrapped) = screen.split_once("\n\nReferences\n\n").unwrap();
        let mut joined: Vec<String> = Vec::new();
        for line in wrapped.lines() {
            match line.strip_prefix("    ") {
                Some(rest) => joined.last_mut().unwrap().push_str(&format!(" {rest}")),
                None => joined.push(line.to_string()),
            }
        }
        assert!(joined.len() > 5, "{screen}");
        assert_eq!(joined.join("\n"), references.trim_end(), "at {width}");
        assert!(screen.lines().count() > piped.lines().count(), "{screen}");
    }
}

#[test]
fn the_width_asked_is_the_width_drawn_whatever_the_terminal() {
    // Wider than the terminal: the table takes the width asked, and no id
    // is broken to fit the terminal's instead.
    let args = ["events", "--year", "1997", "--columns", "id,date,title"];
    let wide = unstyled(&on_terminal(
        &[&args[..], &["--width", "200"]].concat(),
        80,
        true,
    ));
    let top = wide.lines().find(|line| line.starts_with('┌')).unwrap();
    assert!(top.chars().count() > 80, "{wide}");
    assert!(wide.contains("│ nakhodka-joint-bow-probe-1997 "), "{wide}");
    // A pseudo-terminal that tells no width: `--width 80` still holds.
    let one = [
        "events",
        "--year",
        "1997",
        "--columns",
        "id",
        "--width",
        "80",
    ];
    let narrow = unstyled(&on_terminal(&one, 0, true));
    assert!(narrow.contains("│ russia-japan-trade-1990s "), "{narrow}");
}
