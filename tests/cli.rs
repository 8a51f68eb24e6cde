//! What a user sees from the core commands: listings, filters, formats,
//! errors, database files and the export round trip.

mod support;

use serde_json::Value;
use std::path::Path;
use support::{built_db, ok, rjkb, LISTINGS};

/// Runs rjkb, expects exit `code`, and returns stderr.
fn fails(args: &[&str], code: i32) -> String {
    let out = rjkb().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(code), "rjkb {args:?}: {out:?}");
    assert!(
        out.stdout.is_empty() || code == 1,
        "stdout carries data only"
    );
    String::from_utf8(out.stderr).unwrap()
}

/// Runs a listing as JSON and returns its rows.
fn rows(args: &[&str]) -> Vec<Value> {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    match serde_json::from_str(&ok(&all)).unwrap() {
        Value::Array(rows) => rows,
        other => panic!("not an array: {other}"),
    }
}

fn ids(args: &[&str]) -> Vec<String> {
    rows(args)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn events_of_1997_include_the_krasnoyarsk_summit_with_its_sources() {
    let table = ok(&["query", "events", "--year", "1997", "--format", "table"]);
    assert!(table.contains("Krasnoyarsk summit"), "{table}");
    assert!(table.contains("source"));
    assert!(table.contains("study I §2(3)"));
    assert!(!table.contains("Kawana summit"));
}

#[test]
fn query_entity_and_the_shorthand_are_the_same_command() {
    assert_eq!(
        ok(&["query", "proposals", "--by", "primakov"]),
        ok(&["proposals", "--by", "primakov"])
    );
}

#[test]
fn proposals_by_primakov_list_his_proposals_with_sources() {
    let found = rows(&["proposals", "--by", "primakov"]);
    let ids: Vec<&str> = found.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"joint-economic-activities"), "{ids:?}");
    assert!(ids.contains(&"defer-to-next-generation"));
    assert!(found.iter().all(|r| r["proposer"] == "primakov"));
    // The study text lists the fishery proposal as Russia's, not as his.
    assert!(!ids.contains(&"fishery-support"));
    let russia = rows(&["proposals", "--by", "russia", "--columns", "id,proposer"]);
    assert!(russia
        .iter()
        .any(|r| r["id"] == "fishery-support" && r["proposer"] == "russia"));
    assert!(found
        .iter()
        .all(|r| r["source"].as_str().unwrap().contains("study")));
}

#[test]
fn year_filter_uses_overlap_on_partial_dates() {
    let ids = ids(&["events", "--year", "1997"]);
    // 1996/1997 overlaps 1997; a day in 1997 is inside it.
    assert!(ids.contains(&"security-dialogue".to_string()));
    assert!(ids.contains(&"hashimoto-speech-1997".to_string()));
    assert!(!ids.contains(&"kawana-summit".to_string()));
    // The season "spring 1999" overlaps April 1999 but not January.
    assert!(ids_in("1999-04").contains(&"euphoria-evaporates".to_string()));
    assert!(!ids_in("1999-01").contains(&"euphoria-evaporates".to_string()));
}

fn ids_in(month: &str) -> Vec<String> {
    ids(&["events", "--from", month, "--to", month])
}

#[test]
fn from_and_to_bound_the_period_and_rows_sort_by_date() {
    let found = rows(&["events", "--from", "1996-11", "--to", "1998-04"]);
    let froms: Vec<&str> = found
        .iter()
        .map(|r| r["date_from"].as_str().unwrap())
        .collect();
    assert!(froms.windows(2).all(|w| w[0] <= w[1]), "{froms:?}");
    assert!(found
        .iter()
        .all(|r| r["date_to"].as_str().unwrap() >= "1996-11-01"));
    assert!(found
        .iter()
        .all(|r| r["date_from"].as_str().unwrap() <= "1998-04-30"));
    let ids: Vec<&str> = found.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"primakov-visit-1996") && ids.contains(&"kawana-summit"));
    assert!(!ids.contains(&"obuchi-in-moscow-1998"));
    // A span that ends before it starts is a slip, told as one: rows that
    // run across the gap (the trade of the 1990s) would answer it.
    for args in [
        &["events", "--from", "1998", "--to", "1997"][..],
        &["timeline", "--year", "1997", "--from", "1998-03"],
        &[
            "count",
            "events",
            "--by",
            "year",
            "--from",
            "1998-03-01",
            "--to",
            "1998-02-28",
        ],
    ] {
        let err = fails(args, 1);
        assert!(err.contains("leave no day between them"), "{args:?}: {err}");
    }
    // One day is a span.
    assert!(!rows(&["events", "--from", "1998-04-19", "--to", "1998-04-19"]).is_empty());
}

#[test]
fn by_matches_names_and_aliases_in_any_case_or_script() {
    let by_id = ids(&["events", "--by", "yeltsin"]);
    assert!(!by_id.is_empty());
    for spelling in [
        "Yeltsin",
        "BORIS YELTSIN",
        "Ельцин",
        "エリツィン",
        "Yéltsin",
    ] {
        assert_eq!(ids(&["events", "--by", spelling]), by_id, "{spelling}");
    }
    assert_eq!(
        ids(&["events", "--by", "Iturup"]),
        ids(&["events", "--by", "etorofu"])
    );
    // A Japanese reader names a Japanese politician by family name alone.
    for (family, id) in [
        ("橋本", "hashimoto"),
        ("小渕", "obuchi"),
        ("宮澤", "miyazawa"),
    ] {
        let by_family = ids(&["events", "--by", family]);
        assert!(!by_family.is_empty(), "{family}");
        assert_eq!(by_family, ids(&["events", "--by", id]), "{family}");
    }
    // `--actor`, the word the option's help uses, is `--by` by another name.
    assert_eq!(ids(&["events", "--actor", "yeltsin"]), by_id);
}

#[test]
fn by_given_twice_keeps_the_rows_involving_each_actor() {
    let yeltsin = ids(&["events", "--by", "yeltsin"]);
    let hashimoto = ids(&["events", "--by", "hashimoto"]);
    let both: Vec<String> = yeltsin
        .iter()
        .filter(|id| hashimoto.contains(id))
        .cloned()
        .collect();
    assert!(both.len() > 5 && both.len() < hashimoto.len(), "{both:?}");
    assert!(both.contains(&"kawana-summit".to_string()));
    assert_eq!(
        ids(&["events", "--by", "hashimoto", "--by", "Ельцин"]),
        both
    );
    // A state stands for its people in each condition: Japan's and Russia's events.
    let sides = ids(&["events", "--by", "japan", "--by", "russia"]);
    assert!(sides.contains(&"kawana-summit".to_string()));
    assert!(sides.len() < ids(&["events", "--by", "japan"]).len());
    // `count --actor` and `timeline --by` count and list the same rows.
    let counted = rows(&[
        "count",
        "events",
        "--by",
        "disputed",
        "--actor",
        "hashimoto",
        "--actor",
        "yeltsin",
    ]);
    let total: u64 = counted.iter().map(|r| r["count"].as_u64().unwrap()).sum();
    assert_eq!(total, both.len() as u64);
    let timeline = ok(&[
        "timeline",
        "--by",
        "hashimoto",
        "--by",
        "yeltsin",
        "--format",
        "tsv",
    ]);
    assert!(both
        .iter()
        .all(|id| timeline.contains(&format!("\t{id}\t"))));
    // An actor named twice, by any of its names, is one condition; a
    // listing may name 50 at most, not a query SQLite would refuse.
    let twice = [
        "--by",
        "hashimoto",
        "--by",
        "橋本",
        "--by",
        "Ельцин",
        "--by",
        "yeltsin",
    ];
    assert_eq!(ids(&[&["events"][..], &twice].concat()), both);
    let mut many = vec!["events"];
    for _ in 0..1200 {
        many.extend(["--by", "russia"]);
    }
    assert_eq!(ids(&many), ids(&["events", "--by", "russia"]));
    let actors = ok(&[
        "actors",
        "--format",
        "tsv",
        "--no-headers",
        "--columns",
        "id",
    ]);
    let mut most = vec!["events"];
    for id in actors.lines().take(51) {
        most.extend(["--by", id]);
    }
    let stderr = fails(&most, 1);
    assert!(
        stderr.contains("at most 50 actors at once; these name 51"),
        "{stderr}"
    );
    // Each name is checked: a slip in the second is named as in the first.
    let stderr = fails(&["events", "--by", "hashimoto", "--by", "yeltsen"], 1);
    assert!(stderr.contains("no actor is called 'yeltsen'"), "{stderr}");
}

#[test]
fn a_state_includes_its_people() {
    let russia = ids(&["proposals", "--by", "russia"]);
    assert!(
        russia.contains(&"joint-economic-activities".to_string()),
        "Primakov's"
    );
    assert!(
        russia.contains(&"peace-treaty-by-2000".to_string()),
        "Yeltsin's"
    );
    assert!(
        !russia.contains(&"kawana-proposal".to_string()),
        "Hashimoto's"
    );
    let people: Vec<Value> = rows(&["actors", "--by", "japan"]);
    assert!(people.iter().any(|r| r["id"] == "hashimoto"));
    assert!(people.iter().all(|r| r["country"] == "JPN"));
}

#[test]
fn a_person_counts_for_his_state_only_while_it_exists() {
    // Yeltsin's five-stage proposal of January 1990 was a Soviet deputy's,
    // made before the Russian Federation existed (25 December 1991).
    let russia = ids(&["proposals", "--by", "russia"]);
    let yeltsin = ids(&["proposals", "--by", "yeltsin"]);
    for stage in ["five-stage", "five-stage-1", "five-stage-5"] {
        assert!(!russia.contains(&stage.to_string()), "{stage}: {russia:?}");
        assert!(yeltsin.contains(&stage.to_string()), "{stage}");
    }
    assert!(russia.contains(&"peace-treaty-by-2000".to_string()));
    // The same rule for positions and events.
    let positions = ids(&["positions", "--by", "russia"]);
    assert!(!positions.contains(&"yeltsin-dispute-acknowledged".to_string()));
    assert!(ids(&["positions", "--by", "yeltsin"])
        .contains(&"yeltsin-dispute-acknowledged".to_string()));
    let events = ids(&["events", "--by", "russia"]);
    assert!(!events.contains(&"five-stage-announced".to_string()));
    // The span is the state's, in the data: the USSR's ends on 26 December 1991.
    let states = rows(&["actors", "--columns", "id,existed"]);
    let existed = |id: &str| states.iter().find(|r| r["id"] == id).unwrap()["existed"].clone();
    assert_eq!(existed("russia"), "1991-12-25/..");
    assert_eq!(existed("ussr"), "../1991-12-26");
    assert_eq!(existed("japan"), Value::Null);
    // Without a span a state includes its people at every date.
    let japan = ids(&["proposals", "--by", "japan"]);
    assert!(japan.contains(&"watanabe-compromise-1992".to_string()));
}

#[test]
fn topic_and_text_filters_combine() {
    let fisheries = rows(&["proposals", "--topic", "fisheries"]);
    assert!(!fisheries.is_empty());
    assert!(fisheries.iter().all(|r| r["topic"] == "fisheries"));
    let by_name = rows(&["proposals", "--topic", "Fisheries"]);
    assert_eq!(fisheries, by_name);
    let text = ids(&["events", "--text", "visa-free"]);
    assert!(text.contains(&"free-visits-1999".to_string()), "{text:?}");
    let both = ids(&["events", "--text", "visa-free", "--year", "1999"]);
    assert_eq!(
        both,
        [
            "khristenko-in-japan-1999",
            "free-visits-1999",
            "first-free-visit-1999"
        ]
    );
    // Notes count: first-free-visit-1999 says 'visa-free' only in its note.
    let title_and_summary = ids(&["events", "--text", "Shibotsu visa-free"]);
    assert!(
        title_and_summary.contains(&"first-free-visit-1999".to_string()),
        "{title_and_summary:?}"
    );
    // So do what citations state: of this event, only the Monitor's
    // statement names General Kvashnin.
    let stated = ids(&["events", "--text", "Kvashnin"]);
    assert!(stated.contains(&"first-joint-sar-exercise-1994".to_string()));
    // Every word must match, as a word prefix in the title, summary or notes.
    assert!(ids(&["events", "--text", "summit zzz"]).is_empty());
    assert!(ids(&["events", "--text", "summ"]).contains(&"kawana-summit".to_string()));
    assert!(ids(&["events", "--text", "ummit"]).is_empty());
    let err = fails(&["events", "--text", "%"], 1);
    assert!(err.contains("has no word"), "{err}");
    // Sources, outside the index, match substrings; LIKE wildcards are literal.
    let with_percent: Vec<String> = rows(&["sources"])
        .iter()
        .filter(|r| {
            ["title", "author", "container", "note"]
                .iter()
                .any(|f| r[f].as_str().is_some_and(|t| t.contains('%')))
        })
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert!(with_percent.len() < 5, "{with_percent:?}");
    assert_eq!(ids(&["sources", "--text", "%"]), with_percent);
    assert_eq!(ids(&["sources", "--text", "COLEX"]), ["ecolex-tre-149898"]);
    // No word at all is refused there too, not taken as no filter.
    for blank in ["", "  "] {
        let err = fails(&["sources", "--text", blank], 1);
        assert!(err.contains("has no word to look for"), "{err}");
    }
}

#[test]
fn sort_limit_and_columns_shape_the_listing() {
    let limited = rows(&[
        "events",
        "--sort",
        "date:desc",
        "--limit",
        "2",
        "--columns",
        "id,date",
    ]);
    assert_eq!(limited.len(), 2);
    assert_eq!(limited[0].as_object().unwrap().len(), 2);
    let raw = ok(&[
        "events",
        "--columns",
        "date,id",
        "--limit",
        "1",
        "--format",
        "jsonl",
    ]);
    assert!(
        raw.starts_with("{\"date\":"),
        "keys keep the asked order: {raw}"
    );
    assert_eq!(limited[0]["id"], "yeltsin-resigns-1999");
    let titles = rows(&["events", "--sort", "title", "--columns", "title"]);
    let titles: Vec<&str> = titles
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);
}

#[test]
fn every_listing_has_a_source_column() {
    for entity in ["events", "actors", "proposals", "positions", "periods"] {
        let found = rows(&[entity]);
        assert!(!found.is_empty(), "{entity}");
        assert!(
            found
                .iter()
                .all(|r| r["source"].as_str().is_some_and(|s| !s.is_empty())),
            "{entity}"
        );
    }
    assert!(rows(&["sources"]).iter().any(|r| r["id"] == "study"));
}

#[test]
fn unknown_values_are_errors_that_name_the_nearest() {
    let err = fails(&["proposals", "--by", "primakof"], 1);
    assert!(
        err.contains("no actor is called 'primakof'") && err.contains("Primakov"),
        "{err}"
    );
    let err = fails(&["events", "--topic", "fishery"], 1);
    assert!(err.contains("nearest: fisheries"), "{err}");
    let err = fails(&["events", "--columns", "id,titel"], 1);
    assert!(err.contains("nearest: title"), "{err}");
    let err = fails(&["events", "--sort", "plaec"], 1);
    assert!(err.contains("place"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    // A date that does not exist is a bad value like any other, told
    // before the data is read.
    let err = fails(&["events", "--from", "1997-13"], 2);
    assert!(
        err.contains("invalid value '1997-13' for '--from <DATE>': month 13 does not exist"),
        "{err}"
    );
    // So is a filter given where it means nothing, told before the data
    // is read.
    let err = fails(&["actors", "--year", "1997"], 2);
    assert!(err.contains("--year does not apply to actors"), "{err}");
    fails(
        &["count", "actors", "--by", "kind", "--topic", "security"],
        2,
    );
    fails(&["events", "--format", "xml"], 2);
    fails(&["nosuchcommand"], 2);
    fails(&["events", "--limit", "many"], 2);
}

#[test]
fn global_options_go_before_or_after_the_subcommand() {
    assert_eq!(
        ok(&["--format", "csv", "--no-headers", "events"]),
        ok(&["events", "--format", "csv", "--no-headers"])
    );
}

#[test]
fn every_format_parses_with_a_standard_parser() {
    let json = rows(&["events"]);
    let count = json.len();
    assert!(count > 20);

    let csv_text = ok(&["events", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(reader.headers().unwrap().get(0), Some("id"));
    let records: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().unwrap();
    assert_eq!(records.len(), count);

    let tsv = ok(&["events", "--format", "tsv"]);
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(lines.len(), count + 1, "one record per line");
    let width = lines[0].split('\t').count();
    assert!(lines.iter().all(|l| l.split('\t').count() == width));

    let jsonl = ok(&["events", "--format", "jsonl"]);
    let parsed: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(parsed, json);

    let markdown = ok(&["events", "--format", "markdown"]);
    let lines: Vec<&str> = markdown.lines().collect();
    assert_eq!(lines.len(), count + 2);
    assert!(lines[1].starts_with("|---|"));
    assert!(lines
        .iter()
        .all(|l| l.starts_with("| ") || l.starts_with("|---")));

    let table = ok(&["events", "--format", "table"]);
    assert!(table.lines().count() >= count + 3);
}

#[test]
fn piped_output_defaults_to_tsv_with_a_header() {
    let out = ok(&["events"]);
    assert!(out.starts_with("id\tdate\t"), "{out}");
}

#[test]
fn no_headers_works_in_every_tabular_format() {
    for format in ["csv", "tsv", "markdown", "table"] {
        let with = ok(&["events", "--format", format, "--columns", "id"]);
        let without = ok(&[
            "events",
            "--format",
            format,
            "--columns",
            "id",
            "--no-headers",
        ]);
        assert!(with.contains("id"), "{format}");
        assert!(
            !without
                .lines()
                .any(|l| l.trim_matches(|c: char| !c.is_alphanumeric()) == "id"),
            "{format}: {without}"
        );
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{}' export citations --format csv | head -1",
            assert_cmd::cargo::cargo_bin("rjkb").display()
        ))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "id,source,actor,event,proposal,position,period,relation,locator,quote,note,statement"
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success());
}

#[test]
fn a_closed_pipe_ends_quietly_even_mid_stream() {
    // Enough rows to outgrow the pipe buffer, so rjkb is still writing when head exits.
    let dir = tempfile::tempdir().unwrap();
    ok(&["export", "--out", dir.path().to_str().unwrap()]);
    let mut events = std::fs::read_to_string(dir.path().join("events.csv")).unwrap();
    let mut citations = std::fs::read_to_string(dir.path().join("citations.csv")).unwrap();
    for i in 0..3000 {
        events.push_str(&format!("bulk-{i},1997-01-01,,Bulk event {i} with a long enough title to fill the pipe quickly,trend,,,,\n"));
        citations.push_str(&format!("bulk-c-{i},study,,bulk-{i},,,,supports,,,,\n"));
    }
    std::fs::write(dir.path().join("events.csv"), events).unwrap();
    std::fs::write(dir.path().join("citations.csv"), citations).unwrap();
    for format in ["csv", "tsv", "json", "jsonl", "markdown", "table"] {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "set -o pipefail; '{}' --data '{}' events --format {format} | head -c 10 >/dev/null",
                assert_cmd::cargo::cargo_bin("rjkb").display(),
                dir.path().display()
            ))
            .output()
            .unwrap();
        assert!(
            out.stderr.is_empty(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{format}: {out:?}");
    }
}

#[test]
fn export_round_trips_through_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    ok(&["export", "--out", path]);
    assert!(dir.path().join("events.csv").is_file());
    assert!(dir.path().join("texts/togo-yeltsin-era.txt").is_file());
    ok(&["--data", path, "db", "check"]);
    for entity in LISTINGS {
        assert_eq!(
            ok(&[entity, "-f", "json"]),
            ok(&["--data", path, entity, "-f", "json"]),
            "{entity}"
        );
    }
    // And the export of the export is the same files.
    let again = tempfile::tempdir().unwrap();
    ok(&[
        "--data",
        path,
        "export",
        "--out",
        again.path().to_str().unwrap(),
    ]);
    for table in ["events", "citations", "proposals"] {
        let name = format!("{table}.csv");
        assert_eq!(
            std::fs::read(dir.path().join(&name)).unwrap(),
            std::fs::read(again.path().join(&name)).unwrap()
        );
    }
}

#[test]
fn an_empty_export_is_a_chronology_of_ones_own_to_begin() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine");
    let m = mine.to_str().unwrap();
    let said = rjkb()
        .args(["export", "--out", m, "--empty"])
        .output()
        .unwrap();
    assert!(said.status.success());
    let said = String::from_utf8(said.stderr).unwrap();
    assert_eq!(said, format!("wrote 11 empty tables to {m}\n"));
    // Every table, each its header row alone (that of the full export),
    // and no texts: a folder that loads, with nothing in it.
    let full = dir.path().join("full");
    ok(&["export", "--out", full.to_str().unwrap()]);
    let mut tables = 0;
    for entry in std::fs::read_dir(&full).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if let Some(table) = name.strip_suffix(".csv") {
            let empty = std::fs::read_to_string(mine.join(&name)).unwrap();
            let whole = std::fs::read_to_string(full.join(&name)).unwrap();
            assert_eq!(
                empty.lines().collect::<Vec<_>>(),
                whole.lines().take(1).collect::<Vec<_>>(),
                "{table}"
            );
            tables += 1;
        }
    }
    assert_eq!(tables, 11);
    assert!(!mine.join("texts").exists());
    assert!(ok(&["--data", m, "events"]).lines().count() == 1);
    // A table's file gone: the message gives the command that writes its
    // header row, which mends the folder.
    std::fs::remove_file(mine.join("topics.csv")).unwrap();
    let err = fails(&["--data", m, "events"], 1);
    let command = format!("rjkb export topics --empty > {m}/topics.csv");
    assert!(
        err.contains(&format!("(`{command}` writes its header row)")),
        "{err}"
    );
    let header = ok(&["export", "topics", "--empty"]);
    std::fs::write(mine.join("topics.csv"), header).unwrap();
    ok(&["--data", m, "db", "check"]);
}

#[test]
fn export_of_one_table_goes_to_stdout_in_the_seed_shape() {
    let out = ok(&["export", "events"]);
    let seed =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("seed/events.csv"))
            .unwrap();
    assert_eq!(out.lines().next(), seed.lines().next());
    assert_eq!(out.lines().count(), seed.lines().count());
    let jsonl = ok(&["export", "topics", "--format", "jsonl"]);
    assert!(jsonl
        .lines()
        .all(|l| serde_json::from_str::<Value>(l).is_ok()));
    let err = fails(&["export", "event"], 1);
    assert!(err.contains("events"), "{err}");
    fails(&["export"], 1);
    // A folder holds csv, json or jsonl files; another format is named as
    // it is typed, and nothing is written.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let err = fails(
        &[
            "export",
            "--out",
            out.to_str().unwrap(),
            "--format",
            "markdown",
        ],
        1,
    );
    assert!(err.contains("not markdown"), "{err}");
    assert!(!out.exists());
}

#[test]
fn a_built_database_answers_like_the_built_in_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = built_db(dir.path());
    let db = db.to_str().unwrap();
    assert_eq!(
        ok(&["--db", db, "events", "--year", "1997"]),
        ok(&["events", "--year", "1997"])
    );
    // Building again over it and opening it again (migrations already applied) changes nothing.
    ok(&["db", "build", "--out", db]);
    assert_eq!(
        ok(&["--db", db, "proposals"]),
        ok(&["--db", db, "proposals"])
    );
    assert_eq!(ok(&["--db", db, "proposals"]), ok(&["proposals"]));
}

#[test]
fn a_mistyped_database_path_is_an_error_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("my typo.db");
    let err = fails(&["--db", missing.to_str().unwrap(), "events"], 1);
    assert!(err.contains("no database file"), "{err}");
    assert!(!missing.exists());
    // The command it suggests pastes as given: the path is quoted.
    let quoted = format!("`rjkb db build --out '{}'`", missing.display());
    assert!(err.contains(&quoted), "{err}");
    let not_db = dir.path().join("notes.txt");
    std::fs::write(&not_db, "just some text, not SQLite").unwrap();
    let err = fails(&["--db", not_db.to_str().unwrap(), "events"], 1);
    assert!(
        err.contains("not an rjkb database") || err.contains("not a database"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&not_db).unwrap(),
        "just some text, not SQLite"
    );
}

#[test]
fn a_database_from_a_newer_rjkb_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = built_db(dir.path());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = fails(&["--db", db.to_str().unwrap(), "events"], 1);
    assert!(err.contains("newer than this rjkb"), "{err}");
}

#[test]
fn a_copy_without_its_schema_version_is_told_the_command_that_marks_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = built_db(dir.path());
    let db_arg = db.to_str().unwrap();
    // What sqlite3's .dump loses: the schema version; the rest is as built.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    conn.pragma_update(None, "user_version", 0).unwrap();
    let before = std::fs::read(&db).unwrap();
    let err = fails(&["--db", db_arg, "events", "--year", "1997"], 1);
    let mark = format!("'PRAGMA user_version = {version}'");
    assert!(
        err.contains("holds rjkb's tables") && err.contains(&mark),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the file is left as it was"
    );
    // Marked as the message says, it answers as the built-in data does.
    conn.pragma_update(None, "user_version", version).unwrap();
    let listing = ["events", "--year", "1997"];
    let answer = ok(&[&["--db", db_arg][..], &listing[..]].concat());
    assert_eq!(answer, ok(&listing));
    // A file without rjkb's tables is told only to build one.
    let other = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE events (id TEXT)").unwrap();
    let err = fails(&["--db", other.to_str().unwrap(), "events"], 1);
    assert!(
        err.contains("has no rjkb schema") && !err.contains("PRAGMA"),
        "{err}"
    );
}

#[test]
fn a_database_changed_by_another_program_is_refilled_before_it_answers() {
    let dir = tempfile::tempdir().unwrap();
    let db = built_db(dir.path());
    let db_arg = db.to_str().unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE events SET title = 'Kawana summit (retitled)' WHERE id = 'kawana-summit'",
        [],
    )
    .unwrap();
    let listing = ok(&[
        "--db",
        db_arg,
        "events",
        "--year",
        "1998",
        "--columns",
        "id,title",
    ]);
    assert!(
        listing.contains("kawana-summit\tKawana summit (retitled)"),
        "{listing}"
    );
    let found = ok(&["--db", db_arg, "search", "retitled", "--columns", "id"]);
    assert_eq!(found, "id\nkawana-summit\n");
    let edited: i64 = conn
        .query_row("SELECT edited FROM fact_edits", [], |r| r.get(0))
        .unwrap();
    assert_eq!(edited, 0, "refilled once, not at every open");
    // An edit that breaks a reference is refused, and the file left as it was.
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF; UPDATE events SET id = 'renamed' WHERE id = 'kawana-summit';",
    )
    .unwrap();
    drop(conn);
    let before = std::fs::read(&db).unwrap();
    let err = fails(&["--db", db_arg, "events"], 1);
    assert!(err.contains("references to rows they lack"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn db_check_reports_every_problem_as_file_line_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    ok(&["export", "--out", path]);
    let events = dir.path().join("events.csv");
    let mut text = std::fs::read_to_string(&events).unwrap();
    text.push_str("bad-date,1997-02-30,,A bad date,visit,,,,\n");
    text.push_str("bad-type,1997,,A bad type,vist,,,,\n");
    text.push_str("krasnoyarsk-summit,1997,,A duplicate,visit,,,,\n");
    std::fs::write(&events, &text).unwrap();
    let line = |n: usize| text.lines().count() - 3 + n;

    let out = rjkb()
        .args(["--data", path, "db", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8(out.stdout).unwrap();
    let file = dir.path().join("events.csv").display().to_string();
    assert!(
        report.contains(&format!(
            "{file}:{}: date: '1997-02-30' is not a date",
            line(1)
        )),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            "{file}:{}: type: no event_types row has id 'vist'; did you mean visit",
            line(2)
        )),
        "{report}"
    );
    assert!(
        report.contains(&format!("{file}:{}: id: duplicate", line(3))),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            "{file}:{}: id: 'bad-type' cites no source",
            line(2)
        )),
        "{report}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("4 problems found"));

    // Queries and builds refuse the same folder, and leave an existing file alone.
    let err = fails(&["--data", path, "events"], 1);
    assert!(err.contains("4 problems in the data"), "{err}");
    let db = dir.path().join("kb.db");
    std::fs::write(&db, b"previous contents").unwrap();
    fails(
        &["--data", path, "db", "build", "--out", db.to_str().unwrap()],
        1,
    );
    assert_eq!(std::fs::read(&db).unwrap(), b"previous contents");
}

#[test]
fn a_missing_data_folder_is_an_error() {
    let err = fails(&["--data", "/nonexistent/rjkb-data", "events"], 1);
    assert!(err.contains("no such folder"), "{err}");
}

#[test]
fn the_built_in_data_passes_its_own_check() {
    let out = rjkb().args(["db", "check"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn every_listing_keeps_only_disputed_rows_with_disputed() {
    for entity in LISTINGS {
        let all = ids(&[entity]);
        let disputed = rows(&[entity, "--disputed"]);
        assert!(disputed.len() < all.len(), "{entity}");
        for row in &disputed {
            let id = row["id"].as_str().unwrap();
            assert!(all.contains(&id.to_string()));
            // A row's source column marks the sources that dispute it; a
            // source is listed when it disputes some row.
            let disputes = if entity == "sources" {
                let sql = format!(
                    "SELECT count(*) FROM citations WHERE source = '{id}' AND relation <> 'supports'"
                );
                ok(&["sql", &sql, "--format", "tsv", "--no-headers"]).trim() != "0"
            } else {
                let source = row["source"].as_str().unwrap();
                source.contains("(contradicts)") || source.contains("(not confirmed)")
            };
            assert!(disputes, "{entity} {id}");
        }
        // The rest are not disputed: the filter leaves none out.
        for row in rows(&[entity]).iter().filter(|r| r["source"].is_string()) {
            let source = row["source"].as_str().unwrap();
            let marked = source.contains("(contradicts)") || source.contains("(not confirmed)");
            let listed = disputed.iter().any(|d| d["id"] == row["id"]);
            assert_eq!(marked, listed, "{entity} {}", row["id"]);
        }
    }
    let kawana = ids(&[
        "events",
        "--disputed",
        "--year",
        "1998",
        "--by",
        "hashimoto",
    ]);
    assert!(kawana.contains(&"kawana-summit".to_string()), "{kawana:?}");
    let err = fails(
        &[
            "count",
            "events",
            "--by",
            "disputed",
            "--disputed",
            "--year",
            "zz",
        ],
        2,
    );
    assert!(err.contains("a year is 4 digits"), "{err}");
    // A year one digit too long is told on one line of 80 columns (clap
    // quotes the value; the message does not quote it again).
    let err = fails(&["events", "--year", "19977"], 2);
    let first = err.lines().next().unwrap_or_default();
    assert!(first.chars().count() <= 80, "{first}");
}

#[test]
fn count_has_a_disputed_facet() {
    let counted = rows(&["count", "events", "--by", "disputed"]);
    let count = |value: &str| {
        counted
            .iter()
            .find(|r| r["value"] == value)
            .and_then(|r| r["count"].as_i64())
            .unwrap_or(0) as usize
    };
    assert_eq!(count("disputed"), ids(&["events", "--disputed"]).len());
    assert_eq!(
        count("disputed") + count("undisputed"),
        ids(&["events"]).len()
    );
    // `--actor` counts the rows a listing's `--by` lists (there `--by`
    // names the facet).
    let his = rows(&["count", "events", "--by", "year", "--actor", "primakov"]);
    let total: i64 = his.iter().map(|r| r["count"].as_i64().unwrap()).sum();
    assert_eq!(total as usize, ids(&["events", "--by", "primakov"]).len());
    assert!(total > 0 && (total as usize) < ids(&["events"]).len());
    // Where no actor filter applies, the message does not call it `--by`,
    // which here is the facet.
    let err = fails(
        &["count", "periods", "--by", "year", "--actor", "yeltsin"],
        2,
    );
    assert!(err.contains("no actor filter applies to periods"), "{err}");
    for (filter, value) in [("--place", "tokyo"), ("--text", "kuril fishing")] {
        let counted = rows(&["count", "events", "--by", "type", filter, value]);
        let total: i64 = counted.iter().map(|r| r["count"].as_i64().unwrap()).sum();
        let listed = ids(&["events", filter, value]).len();
        assert!(listed > 0 && listed < ids(&["events"]).len(), "{filter}");
        assert_eq!(total as usize, listed, "{filter}");
    }
    let only = rows(&["count", "proposals", "--by", "disputed", "--disputed"]);
    assert_eq!(only.len(), 1);
    assert_eq!(only[0]["value"], "disputed");
}

#[test]
fn places_are_a_filter_of_their_own_not_actors() {
    let tokyo = rows(&["events", "--place", "tokyo"]);
    assert!(tokyo.len() > 10);
    assert!(tokyo
        .iter()
        .all(|r| r["place"].as_str().unwrap().contains("Tokyo")));
    // A word of a longer place, in any case.
    let kawana = ids(&["events", "--place", "KAWANA"]);
    assert!(kawana.contains(&"kawana-summit".to_string()), "{kawana:?}");
    // Cities are not actors: --by Tokyo is an error that points to --place.
    // The hint is a whole command: `timeline` takes no --place.
    for command in ["events", "timeline"] {
        let err = fails(&[command, "--by", "Tokyo"], 1);
        assert!(err.contains("no actor is called 'Tokyo'"), "{err}");
        assert!(err.contains("`rjkb events --place Tokyo`"), "{err}");
    }
    let err = fails(&["events", "--by", "Moscow"], 1);
    assert!(err.contains("--place Moscow"), "{err}");
    // A place of two words is quoted, so the command pastes as given.
    let err = fails(&["events", "--by", "Kuala Lumpur"], 1);
    assert!(
        err.contains("`rjkb events --place 'Kuala Lumpur'`"),
        "{err}"
    );
    // An unknown place names the nearest; --place applies to events only.
    let err = fails(&["events", "--place", "Tokio"], 1);
    assert!(err.contains("nearest: Tokyo"), "{err}");
    let err = fails(&["proposals", "--place", "Tokyo"], 2);
    assert!(err.contains("--place does not apply to proposals"), "{err}");
    // Wildcards are literal.
    let err = fails(&["events", "--place", "%"], 1);
    assert!(err.contains("no event took place in '%'"), "{err}");
    // A blank names no place (every place contains it), and no actor is a
    // place for being blank.
    for blank in ["", " "] {
        let err = fails(&["events", "--place", blank], 1);
        assert!(
            err.contains(&format!("--place '{blank}' names no place")),
            "{err}"
        );
        let err = fails(&["events", "--by", blank], 1);
        assert!(!err.contains("is a place"), "{err}");
    }
    // Tokyo is the commonest place named (events without one count as
    // "(none)", which may come first).
    let counted = rows(&["count", "events", "--by", "place"]);
    let named: Vec<_> = counted.iter().filter(|r| r["value"] != "(none)").collect();
    assert_eq!(named[0]["value"], "Tokyo");
    // Places that contain the word count too ("Tokyo and Moscow").
    let exactly = rows(&["events", "--place", "tokyo"])
        .iter()
        .filter(|r| r["place"] == "Tokyo")
        .count();
    assert_eq!(named[0]["count"].as_u64().unwrap() as usize, exactly);
}

/// Every `Example:` of every command's help, as a new user would paste it
/// into an empty folder: its rjkb part (before a pipe, `&&` or a
/// redirection) runs and succeeds. The one folder an example expects to
/// exist is made first, as the README makes it (`export --out`).
#[test]
fn every_example_in_the_help_runs_in_an_empty_folder() {
    use clap::CommandFactory;
    fn examples(command: &clap::Command, out: &mut Vec<String>) {
        let about = command.get_long_about().or(command.get_about());
        let text = about.map(|a| a.to_string()).unwrap_or_default();
        for line in text.lines() {
            if let Some(example) = line.trim().strip_prefix("Example: ") {
                out.push(example.to_string());
            }
        }
        for sub in command.get_subcommands() {
            examples(sub, out);
        }
    }
    let mut all = Vec::new();
    examples(&rjkb::cli::Cli::command(), &mut all);
    assert!(all.len() >= 20, "{all:?}");
    let dir = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("rjkb");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    rjkb()
        .args(["export", "--out", "my-chronology"])
        .current_dir(dir.path())
        .assert()
        .success();
    for example in &all {
        let first = [" | ", " && ", " > "]
            .iter()
            .fold(example.as_str(), |line, end| {
                line.split(end).next().unwrap()
            });
        assert!(first.starts_with("rjkb "), "{example}");
        let out = std::process::Command::new("sh")
            .args(["-c", first])
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("HOME", dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{example}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn sources_are_dated_by_when_they_appeared_and_free_text_leaves_one_undated() {
    let dir = tempfile::tempdir().unwrap();
    support::copy_seed(dir.path());
    let data = dir.path().to_str().unwrap();
    // Every source that --year 1997 lists appeared in 1997, and every one
    // that did is listed.
    let of_1997: Vec<String> = rows(&["sources", "--year", "1997"])
        .iter()
        .map(|r| r["published"].as_str().unwrap().to_string())
        .collect();
    assert!(of_1997.len() > 10, "{of_1997:?}");
    assert!(of_1997.iter().all(|p| p.starts_with("1997")), "{of_1997:?}");
    let all = rows(&["sources"]);
    let appeared = |p: &str| p.starts_with("1997") && !p.contains('/');
    let published = |r: &Value| r["published"].as_str().unwrap_or("").to_string();
    let count = all.iter().filter(|r| appeared(&published(r))).count();
    assert_eq!(of_1997.len(), count);
    let counted = ok(&["count", "sources", "--by", "year", "--format", "csv"]);
    assert!(counted.contains(&format!("\n1997,{count},")), "{counted}");
    // `published` is free text: "Spring 1997" is kept as written, loads
    // without complaint and dates nothing.
    let path = dir.path().join("sources.csv");
    let csv = std::fs::read_to_string(&path).unwrap();
    let id = "ap-1992-07-08";
    let line = csv
        .lines()
        .find(|l| l.starts_with("ap-1992-07-08,"))
        .unwrap();
    let spring = line.replacen(",press,1992-07-08,", ",press,Spring 1997,", 1);
    assert_ne!(spring, line);
    std::fs::write(&path, csv.replacen(line, &spring, 1)).unwrap();
    let kept = rows(&[
        "--data",
        data,
        "sources",
        "--columns",
        "id,published,date_from",
    ]);
    let row = kept.iter().find(|r| r["id"] == id).unwrap();
    assert_eq!(row["published"], "Spring 1997");
    assert_eq!(row["date_from"], Value::Null);
    let listed = ids(&["--data", data, "sources", "--year", "1997"]);
    assert!(!listed.iter().any(|l| l == id), "{listed:?}");
    // `db check` says so, as a note: the folder has no problem.
    let out = rjkb()
        .args(["db", "check", "--data", data])
        .output()
        .unwrap();
    assert!(out.status.success());
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(
        said.starts_with("note: 1 source has a `published` that is no date")
            && said.contains("ap-1992-07-08 ('Spring 1997')")
            && said.ends_with("no problems found\n"),
        "{said}"
    );
}

#[test]
fn each_listings_help_names_the_columns_it_writes() {
    // --columns and --sort take a column's name: the help says which,
    // as the listing's own header row has them.
    for listing in support::LISTINGS {
        let header = ok(&[listing, "--limit", "1", "--format", "csv"]);
        let columns = header.lines().next().unwrap().replace(',', ", ");
        let help = ok(&[listing, "--help"]).replace('\n', " ");
        let named = format!("Columns (for --columns and --sort): {columns}.");
        assert!(help.contains(&named), "{listing}: {help}");
    }
}
