//! The exploring commands: show, search, timeline, count, sql, graph,
//! db schema, completions and man.

mod support;

use serde_json::Value;
use support::{built_db, rjkb};

fn run(args: &[&str]) -> (i32, String, String) {
    let out = rjkb().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn ok(args: &[&str]) -> String {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, 0, "rjkb {args:?}: {stderr}");
    stdout
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&ok(&all)).unwrap()
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item[key].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn show_an_actor_lists_aliases_events_proposals_and_positions() {
    let actor = json(&["show", "Примаков"]);
    assert_eq!(actor["entity"], "actor");
    assert_eq!(actor["id"], "primakov");
    assert!(ids(&actor["aliases"], "alias").contains(&"Yevgeny Primakov".to_string()));
    assert!(ids(&actor["events"], "id").contains(&"primakov-visit-1996".to_string()));
    assert!(ids(&actor["proposals"], "id").contains(&"joint-economic-activities".to_string()));
    assert!(ids(&actor["positions"], "id").contains(&"primakov-step-by-step".to_string()));
    assert!(!actor["citations"].as_array().unwrap().is_empty());
}

#[test]
fn show_a_state_lists_its_people() {
    let japan = json(&["show", "japan"]);
    assert!(ids(&japan["members"], "id").contains(&"hashimoto".to_string()));
}

#[test]
fn show_an_event_lists_participants_and_proposals_made_there() {
    let event = json(&["show", "krasnoyarsk-summit"]);
    assert_eq!(event["entity"], "event");
    let roles: Vec<(String, String)> = event["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["actor"].as_str().unwrap().into(),
                p["role"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(roles.contains(&("hashimoto".into(), "visitor".into())));
    assert!(ids(&event["proposals"], "id").contains(&"peace-treaty-by-2000".to_string()));
    let relations = ids(&event["citations"], "relation");
    assert!(
        relations.contains(&"contradicts".to_string()),
        "the date dispute is visible"
    );
}

#[test]
fn show_a_proposal_lists_stages_in_order_links_and_reactions() {
    let plan = json(&["show", "five-stage"]);
    let stages = ids(&plan["parts"], "id");
    assert_eq!(
        stages,
        [
            "five-stage-1",
            "five-stage-2",
            "five-stage-3",
            "five-stage-4",
            "five-stage-5"
        ]
    );
    let factory = json(&["show", "marine-processing-factory"]);
    assert_eq!(factory["comes_from"][0]["id"], "joint-economic-activities");
    assert_eq!(
        factory["comes_from"][0]["link"],
        "marine-processing-factory derived from it"
    );
    let kawana = json(&["show", "kawana-proposal"]);
    assert_eq!(kawana["led_to"][0]["id"], "russian-answer-1998");
    assert_eq!(kawana["led_to"][0]["link"], "counters kawana-proposal");
    assert!(ids(&kawana["positions"], "id").contains(&"russia-against-kawana".to_string()));
    // Lineage both ways, and further than one step, by date.
    let answer = json(&["show", "russian-answer-1998"]);
    assert_eq!(
        ids(&answer["comes_from"], "id"),
        ["peace-friendship-treaty", "kawana-proposal"]
    );
    // The positions taken on it, each with its date, as every other list
    // of positions has: Japan's two, in the order they were taken.
    assert_eq!(
        ids(&answer["positions"], "date"),
        ["1998-11-12/1998-11-14", "1999-01"]
    );
    let treaty = json(&["show", "peace-friendship-treaty"]);
    assert_eq!(
        ids(&treaty["led_to"], "id"),
        ["pfc-treaty-draft-1998", "russian-answer-1998"]
    );
}

#[test]
fn show_an_event_connects_it_to_its_story() {
    let kawana = json(&["show", "kawana-summit"]);
    // The positions taken on what was proposed there, and its periods.
    let positions = ids(&kawana["positions"], "id");
    assert!(positions.contains(&"russia-against-kawana".to_string()));
    assert!(positions.contains(&"japan-joint-activities-with-border".to_string()));
    let periods = ids(&kawana["periods"], "id");
    assert!(
        periods.contains(&"declining-momentum".to_string()),
        "{periods:?}"
    );
    assert!(!periods.contains(&"first-term".to_string()));
    // Kawana, then Russia's answer to its proposal, then the Moscow
    // Declaration signed during the visit the answer was handed over on.
    let after = ids(&kawana["after"], "id");
    let at = |id: &str| after.iter().position(|a| a == id);
    assert!(
        at("russian-answer-1998") < at("moscow-declaration-1998"),
        "{after:?}"
    );
    assert!(at("russian-answer-1998").is_some());
    let before = ids(&kawana["before"], "id");
    assert!(
        before.contains(&"krasnoyarsk-summit".to_string()),
        "{before:?}"
    );
    // The other way, the Moscow Declaration leads back to nothing it did
    // not come from: its story is the visit it was signed during.
    let declaration = json(&["show", "moscow-declaration-1998"]);
    assert!(ids(&declaration["before"], "id").contains(&"obuchi-in-moscow-1998".to_string()));
}

#[test]
fn show_heads_a_record_with_its_disagreements_and_writes_dates_in_words() {
    let event = json(&["show", "krasnoyarsk-summit"]);
    let sources = ids(&event["disagreements"], "source");
    assert!(
        sources.contains(&"mofaj-1997-11-02".to_string()),
        "{sources:?}"
    );
    assert!(event["disagreements"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["relation"] != "supports"));
    // JSON keeps the stored date; the text shows it in words, the
    // disagreements before every other list.
    assert_eq!(event["date"], "1997-11-01");
    let text = ok(&["show", "krasnoyarsk-summit"]);
    assert!(
        text.contains("\ndate       1 Nov 1997 (1997-11-01)\n"),
        "{text}"
    );
    let first_list = text.lines().skip_while(|l| !l.is_empty()).nth(1);
    assert!(
        first_list.is_some_and(|l| l.starts_with("disagreements (")),
        "{text}"
    );
    assert!(!text.contains("date_from"));
    // A record nobody disputes has no such list.
    let undisputed = json(&["show", "gorbachev-visit"]);
    assert_eq!(undisputed["disagreements"], serde_json::json!([]));
}

#[test]
fn show_cuts_a_long_list_of_linked_records_but_never_the_evidence() {
    // Japan's 179 events: the first 10, and the command that lists all.
    let japan = json(&["show", "japan"]);
    let events = japan["events"].as_array().unwrap();
    assert!(events.len() > 20);
    let text = ok(&["show", "japan"]);
    let section = text.split("\nevents (").nth(1).unwrap();
    let section = section.split("\n\n").next().unwrap();
    assert_eq!(section.matches("\n  - id").count(), 10, "{section}");
    assert!(section.ends_with(&format!(
        "\n  … {} more: `rjkb show japan --all` lists every one",
        events.len() - 10
    )));
    let whole = ok(&["show", "japan", "--all"]);
    assert!(!whole.contains(" more: `rjkb show"));
    for event in events {
        assert!(whole.contains(event["id"].as_str().unwrap()));
    }
    // A list of 20 or fewer is whole; so are citations, however many.
    assert!(!ok(&["show", "yeltsin"]).contains("\nproposals (10)\n  …"));
    let dir = tempfile::tempdir().unwrap();
    support::copy_seed(dir.path());
    support::add_event(dir.path(), "much-cited", "1997-05-05", "A much-cited day");
    for n in 1..=24 {
        let (id, locator) = (format!("much-cited-{n}"), format!("I §{n}"));
        let row = [
            &id,
            "study",
            "",
            "much-cited",
            "",
            "",
            "",
            "supports",
            &locator,
        ];
        support::add(
            dir.path(),
            "citations.csv",
            &[&row[..], &["", "", ""]].concat(),
        );
    }
    let data = dir.path().to_str().unwrap();
    let shown = ok(&["--data", data, "show", "much-cited"]);
    assert!(shown.contains("\ncitations (25)\n"), "{shown}");
    assert_eq!(shown.matches("relation").count(), 25, "{shown}");
    assert!(!shown.contains(" more: `rjkb show"));
}

#[test]
fn show_finds_a_record_by_words_in_any_case_or_script() {
    let id = |words: &[&str]| {
        let mut args = vec!["show"];
        args.extend(words);
        json(&args)["id"].as_str().unwrap().to_string()
    };
    assert_eq!(id(&["five", "stage", "proposal"]), "five-stage");
    assert_eq!(id(&["five stage proposal"]), "five-stage");
    assert_eq!(id(&["Five-Stage"]), "five-stage");
    assert_eq!(id(&["RUSSIAN", "ANSWER"]), "russian-answer-1998");
    assert_eq!(id(&["Итуруп"]), "etorofu");
    assert_eq!(id(&["エリツィン"]), "yeltsin");
    assert_eq!(id(&["the four disputed islands"]), "four-islands");
}

#[test]
fn show_finds_a_record_by_its_year() {
    // The summit's id and title carry no year: "1997" is its date's, and
    // an id guessed in the shape of others (`…-1997`) names it too.
    let id = |name: &str| json(&["show", name])["id"].as_str().unwrap().to_string();
    assert_eq!(id("krasnoyarsk summit 1997"), "krasnoyarsk-summit");
    assert_eq!(id("krasnoyarsk-summit-1997"), "krasnoyarsk-summit");
    assert_eq!(id("kawana summit 1998"), "kawana-summit");
    let (code, _, stderr) = run(&["show", "krasnoyarsk 1997"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("krasnoyarsk-summit "), "{stderr}");
    assert!(stderr.contains("krasnoyarsk-row-1997"), "{stderr}");
    // A year alone is a year's records: the listing that shows them is named.
    let (code, _, stderr) = run(&["show", "1997"]);
    assert_eq!(code, 1);
    assert!(
        stderr.ends_with("(`rjkb timeline --year 1997` lists its events and proposals)\n"),
        "{stderr}"
    );
}

#[test]
fn show_writes_one_record_per_format() {
    let pretty = ok(&["show", "kawana-summit", "--format", "json"]);
    assert!(pretty.lines().count() > 10);
    let one = ok(&["show", "kawana-summit", "--format", "jsonl"]);
    assert_eq!(one.lines().count(), 1);
    let parsed: Value = serde_json::from_str(&one).unwrap();
    assert_eq!(parsed, serde_json::from_str::<Value>(&pretty).unwrap());
    for format in ["csv", "tsv", "markdown"] {
        let (code, stdout, stderr) = run(&["show", "kawana-summit", "--format", format]);
        assert_eq!(code, 2, "{format}");
        assert!(stdout.is_empty());
        assert!(
            stderr.contains(&format!("--format {format} does not apply to rjkb show")),
            "{stderr}"
        );
    }
}

#[test]
fn show_prints_a_citations_passage_from_the_study_text() {
    let text = ok(&["show", "primakov"]);
    assert!(text.contains("passage"), "{text}");
    assert!(text.contains("He explicitly withdrew his suggestion to defer the territorial issue"));
}

#[test]
fn show_a_position_period_and_source() {
    let position = json(&["show", "japan-inseparability"]);
    assert_eq!(
        position["superseded_by"][0]["id"],
        "japan-balanced-expansion"
    );
    let position = json(&["show", "japan-balanced-expansion"]);
    assert_eq!(position["supersedes"], "japan-inseparability");
    // No source says the multilayered approach replaced balanced expansion.
    assert!(position["superseded_by"]
        .as_array()
        .is_none_or(|a| a.is_empty()));
    let period = json(&["show", "momentum"]);
    assert!(ids(&period["events"], "id").contains(&"krasnoyarsk-summit".to_string()));
    let source = json(&["show", "kyodo-1998-04-20"]);
    assert!(source["cited_by"].as_array().unwrap().len() >= 2);
    // Each citation names the row it cites with that row's title (a
    // position by its words, an actor by its name).
    let source = json(&["show", "jamestown-4-106"]);
    let titles: Vec<(&str, &str)> = source["cited_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["cites"].as_str().unwrap(),
                c["cites_title"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(titles.contains(&(
        "kvashnin-in-japan-1998",
        "General Staff chief Kvashnin visits Japan"
    )));
    assert!(
        titles.contains(&("kvashnin", "Anatoly Kvashnin")),
        "{titles:?}"
    );
    let study = json(&["show", "study"]);
    assert!(study["cited_by"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["cites"] == "japan-inseparability"
            && c["cites_title"] == "inseparability of economics and politics"));
}

#[test]
fn show_reports_ambiguous_and_unknown_names() {
    let (code, stdout, stderr) = run(&["show", "kawana"]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("matches")
            && stderr.contains("kawana-summit")
            && stderr.contains("kawana-proposal"),
        "{stderr}"
    );
    // Each title starts in the same column, however long an id.
    let (_, _, stderr) = run(&["show", "yeltsin cancels visit"]);
    let columns: Vec<usize> = stderr
        .lines()
        .filter(|l| l.starts_with("  "))
        .map(|l| l.find("Yeltsin").unwrap())
        .collect();
    assert!(
        columns.len() > 1 && columns.iter().all(|c| *c == columns[0]),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["show", "krasnoyarks-summit"]);
    assert_eq!(code, 1);
    let near: Vec<&str> = stderr.lines().skip(1).collect();
    assert!(stderr.starts_with("rjkb: nothing is called 'krasnoyarks-summit'; nearest:"));
    assert!(
        near[0].contains("event") && near[0].contains("krasnoyarsk-summit"),
        "{stderr}"
    );
    // With nothing near, a search to try, its words quoted for a shell.
    let (_, _, stderr) = run(&["show", "zzqx wvut"]);
    assert!(
        stderr.contains("(try `rjkb search 'zzqx wvut'`)"),
        "{stderr}"
    );
    // A record once, though its id and its title are both near.
    let (_, _, stderr) = run(&["cite", "kawana-sumit"]);
    let lines = stderr.lines().filter(|l| l.contains(" kawana-summit "));
    assert_eq!(lines.count(), 1, "{stderr}");
    // Nothing to look for is said as such, not as a name unknown.
    for empty in ["", " ", "?!"] {
        let (code, _, stderr) = run(&["cite", empty]);
        assert_eq!(code, 1);
        assert!(stderr.contains("names nothing"), "{stderr}");
    }
}

#[test]
fn a_source_answers_to_its_authors() {
    // A person, by either order of their name.
    let source = json(&["show", "Natalya Timakova"]);
    assert_eq!(source["id"], "kommersant-1998-04");
    let (code, stdout, stderr) = run(&["cite", "timakova"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("Timakova, Natalya. 1998."), "{stdout}");
    // A body: every source it wrote is among the matches, whatever its id
    // (the matches are counted whole; the first twelve are listed).
    let (code, _, stderr) = run(&["show", "kyodo"]);
    assert_eq!(code, 1);
    let (_, listing, _) = run(&["sources", "--format", "tsv", "--columns", "id,author"]);
    let kyodo: Vec<&str> = listing
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .filter(|(id, author)| author.contains("Kyodo") || id.contains("kyodo"))
        .map(|(id, _)| id)
        .collect();
    assert!(kyodo.iter().any(|id| !id.contains("kyodo")), "{kyodo:?}");
    let count = format!("'kyodo' matches {} records", kyodo.len());
    assert!(stderr.contains(&count), "{count}: {stderr}");
    let listed = stderr.lines().filter_map(|line| {
        let mut words = line.split_whitespace();
        (words.next() == Some("source"))
            .then(|| words.next())
            .flatten()
    });
    for id in listed {
        assert!(kyodo.contains(&id), "{id} is not Kyodo's: {stderr}");
    }
}

#[test]
fn search_shows_the_columns_named() {
    let all = json(&["search", "kawana"]);
    let chosen = json(&["search", "kawana", "--columns", "kind,title"]);
    // The same rows in the same order, only the columns named, in that order.
    let rows = chosen.as_array().unwrap();
    assert_eq!(rows.len(), all.as_array().unwrap().len());
    for (row, full) in rows.iter().zip(all.as_array().unwrap()) {
        let keys: Vec<&String> = row.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["kind", "title"]);
        assert_eq!(
            (&row["kind"], &row["title"]),
            (&full["kind"], &full["title"])
        );
    }
    let tsv = ok(&[
        "search",
        "kawana",
        "--columns",
        "title,kind",
        "--format",
        "tsv",
    ]);
    assert!(tsv.starts_with("title\tkind\n"), "{tsv}");
    let (code, _, stderr) = run(&["search", "kawana", "--columns", "kind,nope"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("search has no column 'nope'"), "{stderr}");
}

#[test]
fn search_is_ranked_prefix_matching_across_entities() {
    let found = json(&["search", "demilitar"]);
    let kinds = ids(&found, "kind");
    assert!(kinds.contains(&"proposal".to_string()) && kinds.contains(&"position".to_string()));
    assert_eq!(found[0]["id"], "five-stage-3");
    assert!(ids(&found, "id").contains(&"primakov-demilitarisation-1996".to_string()));
    assert!(found[0]["snippet"].as_str().unwrap().contains("[demilitar"));
    // A snippet that runs from one part of a text into the next (an
    // actor's role into its summary) shows where the first ends.
    let togo = json(&["search", "ambassador"]);
    let snippet = (togo.as_array().unwrap().iter())
        .find(|row| row["id"] == "takehiro-togo")
        .and_then(|row| row["snippet"].as_str())
        .unwrap();
    assert!(snippet.contains("until 1999 · Japan's"), "{snippet}");
    // Actor names and aliases are indexed, in any script.
    assert_eq!(ids(&json(&["search", "Итуруп"]), "id"), ["etorofu"]);
    // Quotes are indexed: these words stand only in a citation.
    assert!(ids(&json(&["search", "conductor seat"]), "id")
        .contains(&"japan-leads-eastern-policy".to_string()));
}

#[test]
fn a_snippet_shows_the_words_outside_the_title_where_they_stand_there_too() {
    // The title has a column of its own: a snippet that repeated it would
    // say nothing more. It is the title's only when the title holds more
    // of the words than any other text.
    let dir = tempfile::tempdir().unwrap();
    support::copy_seed(dir.path());
    let summaries = [
        (
            "quorlath-talks",
            "Quorlath talks open",
            "The quorlath question is put off.",
        ),
        (
            "quorlath-banquet",
            "Quorlath banquet",
            "A dinner for the delegations.",
        ),
    ];
    for (id, title, summary) in summaries {
        let event = [id, "1997-05-05", "", title, "summit", "", "", summary, ""];
        support::add(dir.path(), "events.csv", &event);
        let citation = [
            &format!("c-{id}"),
            "study",
            "",
            id,
            "",
            "",
            "",
            "supports",
            "I",
            "",
            "",
            "",
        ];
        support::add(dir.path(), "citations.csv", &citation);
    }
    let data = dir.path().to_str().unwrap();
    let snippet = |words: &str, id: &str| {
        let found = json(&["--data", data, "search", words]);
        let row = found.as_array().unwrap().iter().find(|r| r["id"] == id);
        row.unwrap()["snippet"].as_str().unwrap().to_string()
    };
    let talks = "The [quorlath] question is put off.";
    assert_eq!(snippet("quorlath", "quorlath-talks"), talks);
    assert_eq!(
        snippet("quorlath", "quorlath-banquet"),
        "[Quorlath] banquet"
    );
    // Both words stand in the title, one in the summary.
    let both = "[Quorlath] [talks] open";
    assert_eq!(snippet("quorlath talks", "quorlath-talks"), both);
}

#[test]
fn a_search_that_finds_nothing_names_the_words_the_index_lacks_and_the_nearest() {
    let (code, stdout, stderr) = run(&["search", "kawana", "disputd", "zzzqx"]);
    assert_eq!((code, stdout.lines().count()), (0, 1), "{stdout}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with("rjkb: no word in the index begins with 'disputd'; nearest: disputed")
    );
    assert_eq!(lines[1], "rjkb: no word in the index begins with 'zzzqx'");
    // Each word is found, but no record has both: nothing to name.
    let (code, _, stderr) = run(&["search", "primakov", "neftegorsk"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    // Sources are not in the index: a word only a source holds is found
    // by `sources --text`, and a search that finds nothing says so.
    let (code, _, stderr) = run(&["search", "川奈"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("rjkb: `rjkb sources --text 川奈` lists 1 source that holds it"),
        "{stderr}"
    );
    let (_, _, stderr) = run(&["search", "首脳", "会談"]);
    assert!(
        stderr.contains("`rjkb sources --text '首脳 会談'`"),
        "{stderr}"
    );
    let listed = ok(&["sources", "--text", "首脳 会談", "--format", "csv"]);
    let count = listed.lines().count() - 1;
    assert!(stderr.contains(&format!("` lists {count} sources that hold it")));
    // Found: no hint. And the index's own folded words, in any script.
    assert_eq!(run(&["search", "kawana"]).2, "");
    assert!(run(&["search", "Елцин"]).2.contains("nearest: ельцин"));
    // A listing's --text, which reads the same index, says the same; not
    // when another filter emptied it, nor for sources (not in the index).
    let (code, _, stderr) = run(&["events", "--text", "primakof"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("begins with 'primakof'; nearest: primakov"),
        "{stderr}"
    );
    assert_eq!(
        run(&["events", "--text", "primakov", "--year", "1985"]).2,
        ""
    );
    assert_eq!(run(&["sources", "--text", "primakof"]).2, "");
    // So do a timeline and a count with --text, table or chart.
    let by_year = ["count", "events", "--by", "year"];
    for args in [
        &["timeline", "--text", "primakof"][..],
        &["timeline", "--text", "primakof", "--chart"],
        &[&by_year[..], &["--text", "primakof"]].concat(),
        &[&by_year[..], &["--text", "primakof", "--chart"]].concat(),
    ] {
        let (code, _, stderr) = run(args);
        assert_eq!(code, 0, "{args:?}");
        assert!(stderr.contains("nearest: primakov"), "{args:?}: {stderr}");
    }
    assert_eq!(run(&["timeline", "--text", "primakov"]).2, "");
}

#[test]
fn text_finds_an_actor_by_an_alias_and_says_where_else_words_stand() {
    // An actor's listing shows its aliases; --text reads them.
    let found = ok(&["actors", "--text", "Ельцин", "--columns", "id"]);
    assert_eq!(found.lines().collect::<Vec<_>>(), ["id", "yeltsin"]);
    assert_eq!(
        ok(&["actors", "--text", "橋本", "--columns", "id"])
            .lines()
            .nth(1),
        Some("hashimoto")
    );
    // Every word is in the index, but in no event's title, summary or
    // notes: an empty answer, and where to find them.
    let hint = "no event holds 'Ельцин' in its title, summary or notes, where --text looks; \
                `rjkb search Ельцин` finds it elsewhere";
    let (code, stdout, stderr) = run(&["events", "--text", "Ельцин"]);
    assert_eq!((code, stdout.lines().count()), (0, 1), "{stdout}");
    assert_eq!(stderr.trim_end(), format!("rjkb: {hint}"));
    let (_, _, stderr) = run(&["timeline", "--text", "Ельцин"]);
    assert!(stderr.contains("no event or proposal holds"), "{stderr}");
    // An actor's fields are named as an actor's listing shows them.
    let (code, _, stderr) = run(&["actors", "--text", "Irkutsk"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("no actor holds 'Irkutsk' in its name, aliases, summary or notes,"),
        "{stderr}"
    );
    // Not when the words stand there and another filter left nothing.
    assert_eq!(run(&["events", "--text", "kawana", "--year", "1992"]).2, "");
}

#[test]
fn search_escapes_ordinary_text() {
    for text in [
        "\"unbalanced",
        "visa-free",
        "U.S.",
        "AND",
        "OR (",
        "NEAR(",
        "a*b",
        "col:umn",
        "-",
        "'; DROP TABLE events; --",
    ] {
        let (code, _, stderr) = run(&["search", text]);
        assert!(
            code == 0 || stderr.contains("nothing to search for"),
            "{text}: {stderr}"
        );
        assert!(!stderr.contains("fts5"), "{text}: {stderr}");
    }
    assert!(!json(&["search", "visa-free"])
        .as_array()
        .unwrap()
        .is_empty());
    // A word pasted with a soft hyphen or a zero-width space in it is
    // searched for as it reads.
    for pasted in ["kawa\u{ad}na", "kawana\u{200b}"] {
        let found = json(&["search", pasted]);
        assert_eq!(found[0]["id"], "kawana-summit", "{pasted}: {found}");
    }
}

#[test]
fn search_raw_passes_fts5_syntax_and_reports_its_errors() {
    let either = json(&["search", "--raw", "Kawana OR Krasnoyarsk"]);
    let ids = ids(&either, "id");
    assert!(
        ids.contains(&"kawana-summit".to_string())
            && ids.contains(&"krasnoyarsk-summit".to_string())
    );
    // Plain words that look like that syntax are looked for as words, and
    // the reader is told which search reads them as syntax.
    let (code, stdout, stderr) = run(&["search", "Kawana OR Krasnoyarsk"]);
    assert_eq!(code, 0);
    assert!(stdout.lines().count() < either.as_array().unwrap().len() + 1);
    assert!(
        stderr.starts_with("rjkb: `rjkb search --raw 'Kawana OR Krasnoyarsk'` reads")
            && stderr.contains("; 'OR' was looked for as a word"),
        "{stderr}"
    );
    assert_eq!(run(&["search", "--raw", "Kawana OR Krasnoyarsk"]).2, "");
    // So is a listing's, a count's or a timeline's --text, which looks in
    // the same index; not a source's, which looks for any part of a field.
    for command in [
        &["events"][..],
        &["count", "events", "--by", "year"],
        &["timeline"],
    ] {
        let args = [command, &["--text", "Kawana OR Krasnoyarsk"]].concat();
        let (code, _, stderr) = run(&args);
        assert_eq!(code, 0);
        assert!(
            stderr.contains("'OR' was looked for as a word"),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(run(&["sources", "--text", "Kawana OR Krasnoyarsk"]).2, "");
    let (code, stdout, stderr) = run(&["search", "--raw", "AND ("]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(stderr.contains("not a valid FTS5 query"), "{stderr}");
}

#[test]
fn search_works_on_a_built_database_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = built_db(dir.path());
    assert_eq!(
        ok(&["--db", db.to_str().unwrap(), "search", "fishery"]),
        ok(&["search", "fishery"])
    );
    // Words the index lacks are named from a file opened read-only too.
    let (_, _, stderr) = run(&["--db", db.to_str().unwrap(), "search", "primakof"]);
    assert!(stderr.contains("nearest: primakov"), "{stderr}");
}

#[test]
fn timeline_interleaves_events_and_proposals_in_date_order() {
    let rows = json(&["timeline", "--from", "1997-11", "--to", "1997-11"]);
    let kinds = ids(&rows, "kind");
    assert!(kinds.contains(&"event".to_string()) && kinds.contains(&"proposal".to_string()));
    let all = json(&["timeline"]);
    let dates: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["date"].as_str())
        .collect();
    assert!(dates.len() > 20);
    let marked = all
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "euphoria-evaporates")
        .unwrap();
    assert_eq!(marked["partial"], "season");
    // The same scope filters as listings: an actor, a topic, a year.
    let primakov = json(&["timeline", "--by", "primakov", "--year", "1996"]);
    let found = ids(&primakov, "id");
    assert!(found.contains(&"primakov-visit-1996".to_string()));
    assert!(found.contains(&"joint-economic-activities".to_string()));
    assert!(!found.contains(&"krasnoyarsk-summit".to_string()));
    let fisheries = json(&["timeline", "--topic", "fisheries"]);
    assert!(ids(&fisheries, "id").contains(&"fishing-agreement-1998".to_string()));
    // And words, as the listings' --text finds them: the events and the
    // proposals (not a plan's stages) that hold every word.
    let words = ["--text", "fishing agreement"];
    let mut found = ids(&json(&[&["timeline"][..], &words].concat()), "id");
    let mut listed = ids(&json(&[&["events"][..], &words].concat()), "id");
    let proposals = json(&[&["proposals"][..], &words].concat());
    for proposal in proposals.as_array().unwrap() {
        if proposal["part_of"].is_null() {
            listed.push(proposal["id"].as_str().unwrap().to_string());
        }
    }
    assert!(listed.len() > 5 && listed.len() < ids(&all, "id").len());
    found.sort();
    listed.sort();
    assert_eq!(found, listed);
    // Stages stay with their plan.
    assert!(!ids(&all, "id").contains(&"five-stage-1".to_string()));
}

#[test]
fn count_limit_keeps_the_commonest_values_or_the_first_years() {
    for (facet, n) in [("actor", 5), ("year", 3), ("topic", 0)] {
        let all = ok(&["count", "events", "--by", facet]);
        let limit = n.to_string();
        let some = ok(&["count", "events", "--by", facet, "--limit", &limit]);
        let first: Vec<&str> = all.lines().take(n + 1).collect();
        assert_eq!(some.lines().collect::<Vec<_>>(), first, "--by {facet}");
    }
    let years = ok(&["count", "events", "--by", "year", "--limit", "2", "--chart"]);
    assert_eq!(years.lines().count(), 2, "{years}");
}

#[test]
fn count_chart_draws_the_counts_as_bars() {
    let table = ok(&["count", "events", "--by", "topic", "--no-headers"]);
    let chart = ok(&["count", "events", "--by", "topic", "--chart"]);
    let counted: Vec<(String, u64)> = table
        .lines()
        .map(|l| {
            let mut cells = l.split('\t');
            let value = cells.next().unwrap().to_string();
            (value, cells.next().unwrap().parse().unwrap())
        })
        .collect();
    let drawn: Vec<(String, u64, usize)> = chart
        .lines()
        .map(|l| {
            let value = l.split(' ').next().unwrap().to_string();
            let count = l.rsplit(' ').next().unwrap().parse().unwrap();
            (value, count, l.matches('█').count())
        })
        .collect();
    // The same values in the same order, each bar in proportion to its
    // count, the largest 40 wide.
    assert_eq!(counted.len(), drawn.len(), "{chart}");
    let max = counted.iter().map(|c| c.1).max().unwrap();
    for ((value, count), (label, shown, bar)) in counted.iter().zip(&drawn) {
        assert_eq!((value, count), (label, shown), "{chart}");
        assert_eq!(*bar as u64, (count * 40).div_ceil(max), "{chart}");
    }
    // Every label starts its bar in the same column.
    let starts: Vec<usize> = chart.lines().map(|l| l.find('█').unwrap()).collect();
    assert!(starts.iter().all(|s| *s == starts[0]), "{chart}");
}

#[test]
fn count_chart_by_month_or_year_draws_time_as_the_timeline_does() {
    // The months of 1998: what began before it on one line, every month
    // from January to December, an empty one too, named in words; the
    // counts are the table's.
    let args = ["count", "events", "--by", "month", "--year", "1998"];
    let table = ok(&[&args[..], &["--no-headers"]].concat());
    let chart = ok(&[&args[..], &["--chart"]].concat());
    let labels: Vec<&str> = chart.lines().map(|l| &l[..8]).collect();
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"]
        .into_iter()
        .chain(["Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])
        .map(|m| format!("{m} 1998"));
    let expected: Vec<String> = ["earlier ".to_string()].into_iter().chain(months).collect();
    assert_eq!(labels, expected, "{chart}");
    let count = |line: &str| -> u64 { line.rsplit(['\t', ' ']).next().unwrap().parse().unwrap() };
    let before: u64 = (table.lines())
        .filter(|l| l < &"1998")
        .map(|l| l.split('\t').nth(1).unwrap().parse::<u64>().unwrap())
        .sum();
    assert!(before > 0, "{table}");
    assert_eq!(count(chart.lines().next().unwrap()), before, "{chart}");
    let april = table.lines().find(|l| l.starts_with("1998-04\t")).unwrap();
    let drawn = chart.lines().find(|l| l.starts_with("Apr 1998")).unwrap();
    assert_eq!(
        april.split('\t').nth(1).unwrap().parse::<u64>().unwrap(),
        count(drawn)
    );
    // By year, the years between are drawn, an empty one as an empty bar.
    let years = ok(&["count", "proposals", "--by", "year", "--chart"]);
    let first: i32 = years[..4].parse().unwrap();
    let last: i32 = years.lines().last().unwrap()[..4].parse().unwrap();
    assert_eq!(years.lines().count() as i32, last - first + 1, "{years}");
}

#[test]
fn timeline_chart_shows_every_year_and_the_peak_of_1998() {
    let chart = ok(&["timeline", "--chart"]);
    let count = |year: i32| -> u64 {
        let line = chart
            .lines()
            .find(|l| l.starts_with(&year.to_string()))
            .unwrap();
        assert!(line.contains('█'), "{chart}");
        line.rsplit(' ').next().unwrap().parse().unwrap()
    };
    // The era as its period has it, 1992-99 (the last Soviet year, 1991,
    // has fewer rows than any of Yeltsin's Russia): 1994, in the
    // stagnation, is its thinnest year; 1998 the fullest.
    let counts: Vec<u64> = (1992..=1999).map(count).collect();
    assert_eq!(counts.iter().min(), Some(&count(1994)), "{chart}");
    assert_eq!(counts.iter().max(), Some(&count(1998)), "{chart}");
    let halves = ok(&["timeline", "--chart", "--per", "half", "--from", "1997"]);
    assert!(halves.contains("1997 H2"), "{halves}");
    // One year asked for: what reaches into it from before (the stagnation
    // of 1992-96) is "earlier", not years 1992-94 drawn as empty.
    let year = ok(&["timeline", "--chart", "--year", "1995", "--per", "year"]);
    let labels: Vec<&str> = year.lines().filter_map(|l| l.split(' ').next()).collect();
    assert_eq!(labels, ["earlier", "1995"], "{year}");
    // Unasked, a range of two years or less is drawn a bar a month (one
    // or two bars a year would show nothing); a longer one a bar a year.
    let months = ok(&["timeline", "--chart", "--year", "1995"]);
    let labels: Vec<&str> = months.lines().map(|l| &l[..8]).collect();
    assert_eq!(labels[0], "earlier ", "{months}");
    assert!(labels.len() > 3, "{months}");
    assert!(labels[1..].iter().all(|l| l.ends_with(" 1995")), "{months}");
    let two = ok(&[
        "timeline", "--chart", "--from", "1997-01", "--to", "1998-12",
    ]);
    assert!(
        two.contains("Dec 1997") && two.contains("Nov 1998"),
        "{two}"
    );
    let three = ok(&["timeline", "--chart", "--from", "1997", "--to", "1999"]);
    let labels: Vec<&str> = three.lines().filter_map(|l| l.split(' ').next()).collect();
    assert_eq!(labels, ["earlier", "1997", "1998", "1999"], "{three}");
    // In a table the chart follows the rows; piped as TSV, rows only.
    assert!(ok(&["timeline", "--format", "table"]).contains('█'));
    assert!(!ok(&["timeline"]).contains('█'));
}

#[test]
fn every_year_of_the_era_has_events() {
    let years = json(&["count", "events", "--by", "year"]);
    for year in 1991..=1999 {
        let year = year.to_string();
        let count = years
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["value"] == year.as_str())
            .map_or(0, |r| r["count"].as_i64().unwrap());
        assert!(count >= 5, "{year}: {count} events");
    }
}

#[test]
fn count_gives_value_count_share() {
    let years = json(&["count", "events", "--by", "year"]);
    let values = ids(&years, "value");
    let mut sorted = values.clone();
    sorted.sort();
    assert_eq!(values, sorted, "dates sort by value");
    let total: i64 = years
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_i64().unwrap())
        .sum();
    let events = json(&["events"]).as_array().unwrap().len() as i64;
    assert_eq!(total, events);
    let types = json(&["count", "events", "--by", "type"]);
    let counts: Vec<i64> = types
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_i64().unwrap())
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "others sort by count"
    );
    let share = types[0]["share"].as_f64().unwrap();
    assert!((share - counts[0] as f64 / events as f64).abs() < 0.001);
    let stances = json(&["count", "positions", "--by", "stance"]);
    assert!(ids(&stances, "value").contains(&"against".to_string()));
    for format in ["csv", "tsv", "jsonl", "markdown", "table"] {
        assert!(
            ok(&["count", "proposals", "--by", "outcome", "--format", format]).contains("accepted")
        );
    }
    let (code, _, stderr) = run(&["count", "actors", "--by", "stance"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("actors cannot be counted by stance"));
    // The facets it names instead each count the actors.
    let (_, named) = stderr
        .trim_end()
        .split_once("; they can be by ")
        .expect("the facets actors can be counted by");
    assert!(named.contains("kind"), "{stderr}");
    for facet in named.split(", ") {
        assert!(
            ok(&["count", "actors", "--by", facet]).lines().count() > 1,
            "{facet}"
        );
    }
}

#[test]
fn sql_reads_in_every_format_with_parameters_and_stdin() {
    let rows = json(&[
        "sql",
        "SELECT id FROM events WHERE date_from >= :from ORDER BY date_from LIMIT 1",
        "-p",
        "from",
        "1999-09-02",
    ]);
    assert_eq!(rows[0]["id"], "free-visits-1999");
    let csv = ok(&[
        "sql",
        "SELECT count(*) AS n FROM proposals",
        "--format",
        "csv",
    ]);
    assert!(csv.starts_with("n\n"));
    let out = rjkb()
        .args(["sql", "-"])
        .write_stdin("SELECT name FROM topics WHERE id = 'fisheries'")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "name\nfisheries\n");
    let (code, _, stderr) = run(&["sql", "SELECT :nope", "-p", "other", "1"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("no parameter :other"), "{stderr}");
}

#[test]
fn sql_with_an_unknown_table_or_column_names_the_nearest() {
    for (sql, said) in [
        (
            "SELECT * FROM evnts",
            "no such table: evnts; nearest: events",
        ),
        ("SELECT e.titel FROM events e", "no such column: e.titel"),
        ("SELECT e.titel FROM events e", "; nearest: title"),
    ] {
        let (code, stdout, stderr) = run(&["sql", sql]);
        assert_eq!(code, 1, "{sql}");
        assert!(stdout.is_empty(), "{sql}");
        assert!(stderr.contains(said), "{sql}: {stderr}");
    }
    // Nothing near: SQLite's message alone.
    let (_, _, stderr) = run(&["sql", "SELECT zzzzqq FROM events"]);
    assert!(!stderr.contains("nearest"), "{stderr}");
    // An error while the rows are read says what SQLite says, once, without
    // its code and that code's generic meaning ("Error code 1: SQL logic
    // error").
    let (code, _, stderr) = run(&["sql", "SELECT abs(-9223372036854775808)"]);
    assert_eq!((code, stderr.as_str()), (1, "rjkb: integer overflow\n"));
}

#[test]
fn sql_cannot_change_anything() {
    let dir = tempfile::tempdir().unwrap();
    let db = built_db(dir.path());
    let db = db.to_str().unwrap();
    let before = std::fs::read(db).unwrap();
    let attempts = [
        "INSERT INTO topics VALUES ('x', 'x', NULL)",
        "UPDATE events SET title = 'x'",
        "DELETE FROM events",
        "DROP TABLE events",
        "CREATE TABLE x (a)",
        "CREATE INDEX x ON events(title)",
        "ALTER TABLE events ADD COLUMN x",
        "ATTACH DATABASE 'other.db' AS other",
        "PRAGMA user_version = 99",
        "PRAGMA journal_mode = DELETE",
        "SELECT load_extension('/tmp/evil')",
        "VACUUM",
        "VACUUM INTO 'copy.db'",
        "REINDEX",
        "SELECT 1; DELETE FROM events",
        "WITH x AS (SELECT 1) DELETE FROM events",
        "INSERT INTO search_index (title) VALUES ('x')",
    ];
    for sql in attempts {
        let (code, stdout, stderr) = run(&["--db", db, "sql", sql]);
        assert_eq!(code, 1, "{sql} was allowed");
        assert!(stdout.is_empty(), "{sql}");
        assert!(!stderr.is_empty(), "{sql}");
        // The built-in data is locked the same way.
        assert_eq!(run(&["sql", sql]).0, 1, "{sql}");
    }
    assert_eq!(
        std::fs::read(db).unwrap(),
        before,
        "the database file is unchanged"
    );
    assert!(!dir.path().join("other.db").exists() && !std::path::Path::new("copy.db").exists());
    // Reading pragmas still work, and so does the full-text index.
    assert!(ok(&["sql", "PRAGMA table_info(events)"]).contains("date_precision"));
    let matches = ok(&[
        "sql",
        "SELECT id FROM search_index WHERE search_index MATCH 'kawana' ORDER BY rank",
    ]);
    assert!(matches.contains("kawana-summit"), "{matches}");
}

#[test]
fn db_schema_describes_every_table_and_column() {
    let schema = json(&["db", "schema"]);
    let rows = schema.as_array().unwrap();
    // Every entity's table, and the two tables beside them.
    for table in support::LISTINGS
        .into_iter()
        .chain(["citations", "search_index"])
    {
        assert!(
            rows.iter()
                .any(|r| r["table"] == table && r["column"].is_null()),
            "{table}"
        );
    }
    let undescribed: Vec<String> = rows
        .iter()
        .filter(|r| r["description"].as_str().unwrap_or("").is_empty())
        .map(|r| format!("{}.{}", r["table"], r["column"]))
        .collect();
    assert!(undescribed.is_empty(), "{undescribed:?}");
    let proposer = rows
        .iter()
        .find(|r| r["table"] == "proposals" && r["column"] == "proposer")
        .unwrap();
    assert_eq!(proposer["key"], "references actors.id");
}

#[test]
fn graph_of_one_part_keeps_what_show_links_to_it() {
    let proposals = |graph: &Value| -> Vec<String> {
        ids(&graph["nodes"], "id")
            .into_iter()
            .filter_map(|id| id.strip_prefix("proposal:").map(String::from))
            .collect()
    };
    // A proposal: itself, its lineage both ways and its parts, as `show`
    // lists them, and nothing else.
    for name in ["kawana-proposal", "joint-economic-activities", "five-stage"] {
        let shown = json(&["show", name]);
        let mut expected: Vec<String> = ["comes_from", "led_to", "parts"]
            .iter()
            .filter(|key| shown[**key].is_array())
            .flat_map(|key| ids(&shown[*key], "id"))
            .chain([name.to_string()])
            .collect();
        expected.sort();
        let graph = json(&["graph", name]);
        let mut drawn = proposals(&graph);
        drawn.sort();
        assert_eq!(drawn, expected, "{name}");
        let nodes = ids(&graph["nodes"], "id");
        for edge in graph["edges"].as_array().unwrap() {
            for end in ["from", "to"] {
                assert!(nodes.contains(&edge[end].as_str().unwrap().to_string()));
            }
        }
    }
    // An actor: every proposal it made is drawn, with fewer than all.
    let all = proposals(&json(&["graph"]));
    let primakov = proposals(&json(&["graph", "primakov"]));
    let listed = json(&["proposals"]);
    for row in listed.as_array().unwrap() {
        if row["proposer"] == "primakov" {
            assert!(primakov.contains(&row["id"].as_str().unwrap().to_string()));
        }
    }
    assert!(primakov.len() < all.len());
    // The listings' filters choose proposals too, each with its lineage;
    // with a name, those of the part named that pass them.
    let of_1998 = proposals(&json(&["graph", "--year", "1998"]));
    for row in json(&["proposals", "--year", "1998"]).as_array().unwrap() {
        assert!(of_1998.contains(&row["id"].as_str().unwrap().to_string()));
    }
    assert!(of_1998.len() < all.len());
    let primakov_1996 = proposals(&json(&["graph", "primakov", "--year", "1996"]));
    assert!(!primakov_1996.is_empty() && primakov_1996.len() < primakov.len());
    assert!(primakov_1996.iter().all(|id| primakov.contains(id)));
    let (code, stdout, stderr) = run(&["graph", "--year", "1960"]);
    assert_eq!((code, stdout.contains("->")), (0, false));
    assert!(
        stderr.contains("no proposal passes these filters"),
        "{stderr}"
    );
    // An event where nothing was proposed: an empty graph, and why.
    let (code, stdout, stderr) = run(&["graph", "hosokawa-pm-1993"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("digraph rjkb {") && !stdout.contains("->"),
        "{stdout}"
    );
    assert!(stderr.contains("the graph is empty"), "{stderr}");
    // A source has no place in the graph: said, not drawn.
    let (code, _, stderr) = run(&["graph", "study"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("a graph is drawn around"), "{stderr}");
}

#[test]
fn graph_is_dot_or_json_with_every_kind_of_link() {
    let dot = ok(&["graph"]);
    assert!(dot.starts_with("digraph rjkb {") && dot.trim_end().ends_with('}'));
    for relation in [
        "proposed",
        "addressed to",
        "derived from",
        "counters",
        "part of",
        "reacts to (against)",
    ] {
        assert!(dot.contains(&format!("[label=\"{relation}")), "{relation}");
    }
    // A reaction says when: Japan reacted to Russia's answer twice.
    for label in [
        "reacts to (neutral)\\n12–14 Nov 1998",
        "reacts to (against)\\nJan 1999",
    ] {
        assert!(
            dot.contains(&format!(
                "\"actor:japan\" -> \"proposal:russian-answer-1998\" [label=\"{label}\"]"
            )),
            "{label}"
        );
    }
    assert!(dot.contains("\"proposal:marine-processing-factory\" -> \"proposal:joint-economic-activities\" [label=\"derived from\"]"));
    // A node says its date in words, as a table does; JSON keeps the EDTF.
    assert!(
        dot.contains(
            "[label=\"Joint marine-product processing factory on the islands\\n18–19 Apr 1998\""
        ),
        "{dot}"
    );
    let graph = json(&["graph"]);
    let nodes = ids(&graph["nodes"], "id");
    for edge in graph["edges"].as_array().unwrap() {
        assert!(nodes.contains(&edge["from"].as_str().unwrap().to_string()));
        assert!(nodes.contains(&edge["to"].as_str().unwrap().to_string()));
        // Only a reaction is dated, in EDTF.
        if !edge["relation"].as_str().unwrap().starts_with("reacts to") {
            assert!(edge["date"].is_null(), "{edge}");
        } else if edge["from"] == "actor:japan" && edge["to"] == "proposal:russian-answer-1998" {
            assert!(["1998-11-12/1998-11-14", "1999-01"].contains(&edge["date"].as_str().unwrap()));
        }
    }
    // JSON Lines is the same graph on one line, as `show` writes a record.
    let line = ok(&["graph", "--format", "jsonl"]);
    assert_eq!(line.lines().count(), 1);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&line).unwrap(),
        graph
    );
    // A format a command does not write is a usage error that names those it does.
    let (code, _, stderr) = run(&["graph", "--format", "csv"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("it writes dot, json or jsonl"), "{stderr}");
    let (code, _, stderr) = run(&["events", "--format", "dot"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--format dot does not apply to rjkb events"),
        "{stderr}"
    );
    assert_eq!(run(&["show", "kawana-summit", "--format", "csv"]).0, 2);
    assert_eq!(
        run(&["db", "build", "--out", "x.db", "--format", "json"]).0,
        2
    );
}

#[test]
fn completions_and_man_page_are_generated() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = ok(&["completions", shell]);
        assert!(script.contains("timeline"), "{shell}");
    }
    let man = ok(&["man"]);
    assert!(man.contains(".TH rjkb 1"));
}

#[test]
fn man_out_writes_every_page_rjkb_1_names() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let out_arg = out.to_str().unwrap();
    let (code, _, stderr) = run(&["man", "--out", out_arg]);
    assert_eq!(code, 0, "{stderr}");
    let page = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    assert_eq!(page("rjkb.1"), ok(&["man"]));
    // Each page a page refers to, `rjkb-events(1)` and the rest, is there.
    let named = |text: &str| -> Vec<String> {
        text.lines()
            .filter_map(|l| l.strip_suffix("(1)"))
            .map(|name| format!("{}.1", name.replace("\\-", "-")))
            .collect()
    };
    assert!(named(&page("rjkb.1")).len() > 15);
    let mut pending = vec!["rjkb.1".to_string()];
    while let Some(name) = pending.pop() {
        let text = page(&name);
        assert!(text.contains(".TH"), "{name}");
        pending.extend(named(&text));
    }
    assert!(page("rjkb-events.1").contains("Rows whose date overlaps this year"));
    assert!(page("rjkb-db-check.1").contains(".TH rjkb-db-check 1"));
    // Written again over itself; a folder with anything else is refused.
    assert_eq!(run(&["man", "--out", out_arg]).0, 0);
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    assert_eq!(run(&["man", "--out", out_arg]).0, 1);
    assert_eq!(page("notes.txt"), "mine");
}

#[test]
fn a_chronology_of_centuries_is_charted_by_decade() {
    let dir = tempfile::tempdir().unwrap();
    support::copy_seed(dir.path());
    support::add_event(
        dir.path(),
        "shimoda-1855",
        "1855-02-07",
        "Treaty of Shimoda signed",
    );
    let data = dir.path().to_str().unwrap();
    let decades = ok(&["--data", data, "timeline", "--chart", "--per", "decade"]);
    let labels: Vec<&str> = decades
        .lines()
        .filter_map(|l| l.split(' ').next())
        .collect();
    let expected: Vec<String> = (185..=199).map(|d| format!("{d}0s")).collect();
    assert_eq!(labels, expected, "{decades}");
    assert!(decades.lines().nth(1).unwrap().ends_with(" 0"), "{decades}");
    // count groups by the same decades, as values a script can read.
    let counted = ok(&[
        "--data",
        data,
        "count",
        "events",
        "--by",
        "decade",
        "--no-headers",
    ]);
    assert!(counted.starts_with("1850s\t1\t"), "{counted}");
    assert_eq!(counted.lines().count(), 2, "{counted}");
    // A terminal shown a bar a year for 145 years is told of decades; a
    // pipe is not, nor a terminal shown the era's ten years.
    for (args, hint) in [
        (
            &["timeline", "--chart", "--width", "80"][..],
            Some("--per decade"),
        ),
        (
            &[
                "count", "events", "--by", "year", "--chart", "--width", "80",
            ],
            Some("--by decade"),
        ),
        (&["timeline", "--chart"], None),
    ] {
        let (code, _, stderr) = run(&[&["--data", data][..], args].concat());
        assert_eq!(code, 0, "{stderr}");
        match hint {
            Some(hint) => assert_eq!(
                stderr.trim(),
                format!("rjkb: 145 years, a bar each: `{hint}` draws a bar a decade")
            ),
            None => assert_eq!(stderr, ""),
        }
    }
    let (_, _, stderr) = run(&["timeline", "--chart", "--width", "80"]);
    assert_eq!(stderr, "");
}
