//! `rjkb html` without a browser: what it writes, where, and how it
//! escapes what the data holds (`tests/browser.rs` loads the same pages
//! in Chromium).

mod support;

use rjkb::html::markup::escape;
use serde_json::Value;
use std::path::{Path, PathBuf};
use support::{built_db, ok, rjkb, HOSTILE_TITLE, LISTINGS};

/// Writes the site of `args` (global options) into a new folder.
fn site(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let mut all = args.to_vec();
    all.extend(["html", "--out", out.to_str().unwrap()]);
    rjkb().args(&all).assert().success();
    (dir, out)
}

/// The index page of the site of `args`.
fn index_page(args: &[&str]) -> String {
    let (_dir, out) = site(args);
    read(&out.join("index.html"))
}

fn count(table: &str) -> usize {
    let sql = format!("SELECT count(*) AS n FROM {table}");
    let rows: Value = serde_json::from_str(&ok(&["sql", &sql, "--format", "json"])).unwrap();
    rows[0]["n"].as_u64().unwrap() as usize
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file under `dir`, as paths relative to it.
fn files(dir: &Path) -> Vec<String> {
    let mut all = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                all.push(name);
            }
        }
    }
    all.sort();
    all
}

#[test]
fn a_page_per_record_of_every_kind_and_a_timeline_mark_per_event_and_proposal() {
    let (_dir, out) = site(&[]);
    for (table, folder) in [
        ("events", "event"),
        ("actors", "actor"),
        ("proposals", "proposal"),
        ("positions", "position"),
        ("periods", "period"),
        ("sources", "source"),
    ] {
        let pages = std::fs::read_dir(out.join(folder)).unwrap().count();
        assert_eq!(pages, count(table), "{folder}/");
        assert!(out.join(format!("{table}.html")).is_file());
    }
    let index = read(&out.join("index.html"));
    assert_eq!(index.matches("class=\"mark event").count(), count("events"));
    assert_eq!(
        index.matches("class=\"mark proposal").count(),
        count("proposals")
    );
    let years: Vec<&str> = index
        .split("<text class=\"year\"")
        .skip(1)
        .filter_map(|t| t.split_once('>')?.1.split_once('<').map(|(y, _)| y))
        .collect();
    assert_eq!(
        years,
        (1990..=1999).map(|y| y.to_string()).collect::<Vec<_>>()
    );
    assert!(index.contains("<html lang=\"en\">"));
    assert!(!index.contains("http://") || index.contains("http://www.w3.org/2000/svg"));
    let script = read(&out.join("search-index.js"));
    let json = script
        .strip_prefix("window.rjkbIndex = ")
        .and_then(|s| s.trim_end().strip_suffix(';'))
        .expect("a JSON value in a script");
    let index: Value = serde_json::from_str(json).unwrap();
    let records: usize = LISTINGS.iter().map(|t| count(t)).sum();
    assert_eq!(index["records"].as_array().unwrap().len(), records);
    let lineage = read(&out.join("lineage.html"));
    assert!(lineage.contains("<svg") && lineage.contains(">derived from</text>"));
    assert!(lineage.contains("href=\"proposal/kawana-proposal.html\""));
}

#[test]
fn a_page_shows_dates_in_words_disputes_statements_addresses_and_languages() {
    let (_dir, out) = site(&[]);
    let event = read(&out.join("event/first-joint-sar-exercise-1994.html"));
    for shown in [
        "<h1>First joint Russian-Japanese naval search-and-rescue exercise</h1>",
        "14–15 Sep 1994",
        "<strong>Disputed.</strong>",
        "<strong class=\"relation dispute\">Contradicts</strong>",
        "What the page states:</span> States that the first cooperative",
        "<a href=\"https://jamestown.org/program/rough-sailing-for-russian-naval-exercises/\"",
        "<a href=\"../source/wps-1998-12-07.html\">",
        "<a href=\"../actor/japan.html\">Japan</a>",
        "<a href=\"../period/stagnation.html\">",
    ] {
        assert!(event.contains(shown), "{shown}");
    }
    // What follows from the date is left out, as `show` leaves it.
    for left_out in ["Earliest day", "Latest day", "Date precision"] {
        assert!(!event.contains(left_out), "{left_out}");
    }
    // A state's span in words, as show gives it.
    let russia = read(&out.join("actor/russia.html"));
    assert!(russia.contains("from 25 Dec 1991 <span class=\"edtf\">(1991-12-25/..)</span>"));
    // Both ends of a link: the actor's page lists the event.
    let japan = read(&out.join("actor/japan.html"));
    assert!(japan.contains("href=\"../event/first-joint-sar-exercise-1994.html\""));
    let source = read(&out.join("source/wps-1998-12-07.html"));
    assert!(source.contains("href=\"../event/first-joint-sar-exercise-1994.html\""));
    // Where a cited page appeared, beside its title, in the citations
    // and the disagreements.
    let exercise = read(&out.join("event/first-joint-sar-exercise-1994.html"));
    let cited = "Rough Sailing for Russian Naval Exercises</a>, Monitor, vol. 4, no. 146, para. 1";
    assert_eq!(exercise.matches(cited).count(), 2, "{exercise}");
    // And who wrote it, before its title, people given name first.
    let by = "</strong> Jamestown Foundation: <a href=\"../source/jamestown-4-146.html\">";
    assert_eq!(exercise.matches(by).count(), 2, "{exercise}");
    let hill = "</strong> Don Hill, Dora Slaba and Alexandre d&#39;Aragon: <a href=";
    assert!(read(&out.join("event/kawana-summit.html")).contains(hill));
    // What cites a source is a link saying its title, not said twice.
    let monitor = read(&out.join("source/jamestown-4-106.html"));
    assert!(monitor.contains(">General Staff chief Kvashnin visits Japan</a>"));
    assert!(!monitor.contains("cites title"), "{monitor}");
    // The periodical it appeared in, under a label a reader knows.
    assert!(source.contains("<dt>Appeared in</dt><dd>WPS military digest</dd>"));
    // A source's language, by name, and on its address's link.
    let rows: Value = serde_json::from_str(&ok(&[
        "sql",
        "SELECT id FROM sources WHERE lang = 'ja' AND url LIKE 'https://%' ORDER BY id LIMIT 1",
        "--format",
        "json",
    ]))
    .unwrap();
    let id = rows[0]["id"].as_str().unwrap();
    let page = read(&out.join(format!("source/{id}.html")));
    assert!(page.contains("Japanese (ja)"), "{id}");
    assert!(page.contains("hreflang=\"ja\" rel=\"external\""), "{id}");
    // The study text's quotes, and its full text on its page.
    let summit = read(&out.join("event/kawana-summit.html"));
    assert!(summit.contains("<blockquote><p>"));
    assert!(read(&out.join("source/study.html")).contains("<h2 id=\"full-text\">Full text</h2>"));
}

#[test]
fn a_title_in_another_language_is_marked_as_in_it() {
    let (_dir, out) = site(&[]);
    let page = |id: &str| read(&out.join(format!("source/{id}.html")));
    // The title as published in its language; our translation in
    // brackets, like the page, in English.
    let kawana = "<span lang=\"ja\">川奈首脳会談</span> [The Kawana summit]";
    assert!(page("mofaj-1998-04-28").contains(&format!("<h1>{kawana}</h1>")));
    // So do the links to it: in the sources listing and in a citation.
    let link = format!("source/mofaj-1998-04-28.html\">{kawana}</a>");
    assert!(read(&out.join("sources.html")).contains(&format!("<a href=\"{link}")));
    let treaty = read(&out.join("proposal/peace-friendship-treaty.html"));
    assert!(treaty.contains(&format!("<a href=\"../{link}")));
    // Untranslated, all of it is.
    assert!(page("universalis-1993-10").contains(
        "<h1><span lang=\"fr\">11-21 octobre 1993: Russie - Japon. Visite du président Boris \
         Eltsine à Tōkyō</span></h1>"
    ));
    // A description in brackets is ours, in English, though the record
    // it describes is in Japanese; an English title is as the page is.
    assert!(page("diet-hc-1994-10-26").contains("<h1>[House of Councillors, "));
    assert!(page("study").contains("<h1>Relations with Japan (1992-1999)"));
}

/// The part of `page` under the heading that starts with `heading`, to
/// the next heading.
fn section<'a>(page: &'a str, heading: &str) -> &'a str {
    let at = page
        .find(&format!(">{heading} ("))
        .unwrap_or_else(|| panic!("no section {heading}"));
    let rest = &page[at..];
    &rest[..rest[1..].find("<h2").map_or(rest.len(), |end| end + 1)]
}

#[test]
fn a_page_shows_the_disagreements_first_the_story_and_the_lineage_both_ways() {
    let (_dir, out) = site(&[]);
    let summit = read(&out.join("event/kawana-summit.html"));
    // Disagreements come first, after the fields, and the note leads there.
    assert!(summit.contains("<a href=\"#disagreements\">"));
    assert!(summit.contains("<h2 id=\"disagreements\">Disagreements (2)</h2>"));
    let disagreements = section(&summit, "Disagreements");
    assert!(disagreements.contains("href=\"../source/jamestown-4-91.html\""));
    assert!(!disagreements.contains("../source/study.html"));
    assert!(summit.find(">Disagreements (") < summit.find(">Participants ("));
    // An event's story, and the positions on what was proposed there.
    let before = section(&summit, "Before it, in the same story");
    assert!(before.contains("href=\"../event/primakov-ikeda-talks.html\""));
    assert!(before.contains("href=\"../proposal/joint-economic-activities.html\""));
    let after = section(&summit, "After it, in the same story");
    assert!(after.contains("href=\"../proposal/russian-answer-1998.html\""));
    assert!(after.contains("href=\"../event/moscow-declaration-1998.html\""));
    let positions = section(&summit, "Positions on what was proposed there");
    assert!(positions.contains("href=\"../position/media-against-kawana.html\""));
    // Its periods once; a source, dated by when it appeared, lists none.
    assert_eq!(summit.matches("<h2>Periods (").count(), 1);
    let page = read(&out.join("source/jamestown-4-91.html"));
    assert!(!page.contains("<h2>Periods ("), "{page}");
    // A proposal's lineage from both ends.
    let root = read(&out.join("proposal/joint-economic-activities.html"));
    let led_to = section(&root, "Led to");
    assert!(led_to.contains("href=\"../proposal/marine-processing-factory.html\""));
    // How each joins the story: the record it names is a link saying its
    // title, not an id.
    assert!(led_to.contains(
        "how: derived from <a href=\"../proposal/joint-economic-activities.html\">Joint economic \
         activities on the four islands</a>"
    ));
    assert!(before.contains(
        "how: includes <a href=\"../event/primakov-ikeda-talks.html\">Primakov and Ikeda hold \
         talks in Tokyo</a>"
    ));
    // Each source cited, a link to its page, its places and relation after.
    assert!(summit.contains(
        "<dt>Cited</dt><dd><a href=\"../source/study.html\">study</a> I §2(4), II §5; \
         <a href=\"../source/jamestown-4-75a.html\">jamestown-4-75a</a> (contradicts);"
    ));
    let factory = read(&out.join("proposal/marine-processing-factory.html"));
    let comes_from = section(&factory, "Comes from");
    assert!(comes_from.contains("href=\"../proposal/joint-economic-activities.html\""));
    // The lineage says in words and links what the raw `links` field
    // would say again as codes.
    assert!(!factory.contains("<dt>Links</dt>"), "{factory}");
    assert!(!factory.contains("derived_from joint-economic-activities"));
}

#[test]
fn no_two_labels_of_the_lineage_drawing_lie_over_one_another() {
    let (_dir, out) = site(&[]);
    let lineage = read(&out.join("lineage.html"));
    // Each link's label: `<g class="edge"><title>…</title><path …/><text x= y=>`.
    let labels: Vec<(f64, f64)> = lineage
        .split("<g class=\"edge\">")
        .skip(1)
        .map(|edge| {
            let text = &edge[edge.find("<text ").expect("a label")..];
            let number = |name: &str| -> f64 {
                let at = text.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                text[at..at + text[at..].find('"').unwrap()]
                    .parse()
                    .unwrap()
            };
            (number("x"), number("y"))
        })
        .collect();
    let words = lineage
        .find(">The links in words</h2>")
        .expect("the links in words");
    let in_words = lineage[words..].matches("<li>").count();
    assert_eq!(labels.len(), in_words);
    // The labels are 10 px high and set to the left of the same x in a column.
    for (n, a) in labels.iter().enumerate() {
        for b in &labels[n + 1..] {
            assert!(a.0 != b.0 || (a.1 - b.1).abs() >= 10.0, "{a:?} and {b:?}");
        }
    }
}

#[test]
fn a_page_says_how_to_cite_its_record_as_cite_does() {
    let (_dir, out) = site(&[]);
    for (page, id) in [
        ("proposal/kawana-proposal.html", "kawana-proposal"),
        ("position/media-against-kawana.html", "media-against-kawana"),
        ("source/kommersant-1998-04.html", "kommersant-1998-04"),
    ] {
        let page = read(&out.join(page));
        let at = page.find("<h2 id=\"cite\">How to cite it</h2>").expect(id);
        let cite = &page[at..];
        // Every line `rjkb cite` writes — the claim, each reference — is
        // a paragraph or an item of the section, escaped.
        let text = ok(&["cite", id]);
        for line in text.lines().filter(|l| !l.is_empty() && *l != "References") {
            assert!(
                cite.contains(&format!(">{}</", escape(line))),
                "{id}: {line}"
            );
        }
    }
}

#[test]
fn hostile_data_is_escaped_and_nothing_is_written_outside_out() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let db = support::hostile_database(dir.path());
    let before = files(dir.path());
    rjkb()
        .args([
            "--db",
            db.to_str().unwrap(),
            "html",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let after: Vec<String> = files(dir.path())
        .into_iter()
        .filter(|f| !f.starts_with("site/"))
        .collect();
    assert_eq!(before, after, "nothing but site/ was written");
    let written = files(&out);
    for name in &written {
        assert!(
            name.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_~./".contains(&b)),
            "{name}"
        );
        assert!(!name.contains(".."), "{name}");
        if !name.ends_with(".html") {
            continue;
        }
        let page = read(&out.join(name));
        for raw in [
            "<script>window",
            "<img",
            "<b>",
            "<i>",
            "href=\"javascript",
            "onmouseover=\"",
        ] {
            assert!(!page.contains(raw), "{name} holds {raw}");
        }
    }
    let escaped = "&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.pwned=2&quot;&gt;";
    let event = written
        .iter()
        .find(|n| n.starts_with("event/") && read(&out.join(n)).contains(escaped))
        .expect("the hostile event's page");
    let page = read(&out.join(event));
    assert!(page.contains(&format!("<h1>{escaped}")), "{event}");
    assert!(page.contains("<span class=\"not-a-link\">javascript:window.pwned=3</span>"));
    assert!(HOSTILE_TITLE.contains("window.pwned=1"));
}

#[test]
fn html_replaces_only_a_site_it_wrote() {
    let (dir, out) = site(&[]);
    // Its own site: replaced whole.
    let again = rjkb()
        .args(["html", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("pages to"));
    // A folder with someone's file in it: refused, left as it was.
    let theirs = dir.path().join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("thesis.tex"), "chapter one").unwrap();
    let refused = rjkb()
        .args(["html", "--out", theirs.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("holds files rjkb did not write"),
        "{message}"
    );
    assert_eq!(files(&theirs), vec!["thesis.tex"]);
    assert_eq!(read(&theirs.join("thesis.tex")), "chapter one");
}

#[test]
fn html_reads_a_database_file_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = built_db(dir.path());
    let (_site_dir, out) = site(&["--db", db.to_str().unwrap()]);
    let index = read(&out.join("index.html"));
    assert_eq!(index.matches("class=\"mark event").count(), count("events"));
    assert!(index.contains("from the database kb.db"));
}

#[test]
fn a_chronology_from_1855_draws_its_empty_decades_as_one_narrow_break() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    support::copy_seed(&data);
    support::add_event(
        &data,
        "shimoda-1855",
        "1855-02-07",
        "Treaty of Shimoda signed",
    );
    let index = index_page(&["--data", data.to_str().unwrap()]);
    // One break, named in the drawing's description and its own title.
    assert_eq!(
        index.matches("<g class=\"void\"><title>").count(),
        1,
        "{index}"
    );
    assert!(index.contains("<title>1856–1989: no record</title>"));
    assert!(index.contains("with no record are drawn narrow and grey: 1856–1989."));
    assert!(index.contains("</svg> ten years or more with no record, drawn narrow</li>"));
    // The axis names 1855 and each year of the era: none of the break's.
    let years: Vec<&str> = index
        .split("<text class=\"year\"")
        .skip(1)
        .filter_map(|t| t.split_once('>')?.1.split_once('<').map(|(y, _)| y))
        .collect();
    let mut expected = vec!["1855".to_string()];
    expected.extend((1990..=1999).map(|y| y.to_string()));
    assert_eq!(years, expected);
    // The finder offers the same years, not the 134 empty ones between.
    let select = index.split_once("<select name=\"year\">").unwrap().1;
    let offered: Vec<&str> = select
        .split_once("</select>")
        .unwrap()
        .0
        .split("<option>")
        .skip(1)
        .filter_map(|o| o.strip_suffix("</option>"))
        .collect();
    assert_eq!(offered, expected);
    // The built-in data, every year of it dated, has no break.
    let index = index_page(&[]);
    assert!(!index.contains("class=\"void\"") && !index.contains("with no record, drawn narrow"));
}

#[test]
fn a_chronology_of_one_event_is_counted_in_the_singular() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(&["export", "--out", data.to_str().unwrap(), "--empty"]);
    support::add(&data, "topics.csv", &["diplomacy", "diplomacy", ""]);
    support::add(
        &data,
        "sources.csv",
        &[
            "mofa-1972",
            "Joint Communique",
            "",
            "",
            "official",
            "1972-09-29",
            "https://www.mofa.go.jp/region/asia-paci/china/joint72.html",
            "",
            "",
            "",
        ],
    );
    support::add(
        &data,
        "citations.csv",
        &[
            "c1",
            "mofa-1972",
            "",
            "normalisation-1972",
            "",
            "",
            "",
            "supports",
            "",
            "",
            "",
            "Gives the text of the communique.",
        ],
    );
    support::add(
        &data,
        "events.csv",
        &[
            "normalisation-1972",
            "1972-09-29",
            "",
            "Japan and China normalise relations",
            "agreement",
            "diplomacy",
            "Beijing",
            "The communique is signed.",
            "",
        ],
    );
    let index = index_page(&["--data", data.to_str().unwrap()]);
    assert!(
        index.contains("1 event, 0 actors, 0 proposals, 0 positions, 0 periods and 1 source:"),
        "{index}"
    );
    assert!(index.contains("<desc id=\"timeline-desc\">1 event and 0 proposals by the day"));
}
