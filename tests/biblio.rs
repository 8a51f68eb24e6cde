//! The bibliography: `rjkb sources --format bibtex|ris|csl-json` read by
//! real consumers — pandoc converts the BibTeX and the CSL-JSON to
//! CSL-JSON, bibutils' ris2xml the RIS to MODS — with every entry and
//! every title and container intact, for the built-in data and for hostile
//! titles; `rjkb cite` in each style; and the Markdown tables a paper
//! pastes, rendered by pandoc as text, never as markup.

mod support;

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use support::{ok, rjkb, HOSTILE_TITLE};

fn pandoc() -> Option<PathBuf> {
    support::program(
        &["pandoc"],
        "RJKB_PANDOC",
        "pandoc",
        "the pandoc checks of the bibliography",
    )
}

fn ris2xml() -> Option<PathBuf> {
    support::program(
        &["ris2xml"],
        "RJKB_RIS2XML",
        "bibutils",
        "the bibutils checks of the bibliography",
    )
}

/// Runs `program` with `input` on stdin; returns stdout.
fn through(program: &Path, args: &[&str], input: &str) -> String {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        out.status.success(),
        "{} failed: {}",
        program.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The titles of the sources listed with `global` options and `filters`.
fn titles(global: &[&str], filters: &[&str]) -> Vec<String> {
    let mut all = global.to_vec();
    all.push("sources");
    all.extend(filters);
    all.extend(["--columns", "title", "--format", "json"]);
    let rows: Value = serde_json::from_str(&ok(&all)).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect()
}

/// A title up to the typography pandoc sets: an apostrophe as ’, quoted
/// words in curly quotes, and BibTeX's `--` as an en dash (RFE/RL's
/// headlines use it for a dash).
fn typeset(title: &str) -> String {
    title
        .replace(['’', '‘', '“', '”', '"'], "'")
        .replace("--", "–")
}

fn csl_titles(json: &str) -> Vec<String> {
    csl_values(&serde_json::from_str(json).unwrap(), "title")
}

fn sorted(mut titles: Vec<String>) -> Vec<String> {
    titles = titles.iter().map(|t| typeset(t)).collect();
    titles.sort();
    titles
}

/// The built-in data, and a database with hostile titles and authors.
fn data_sets() -> (tempfile::TempDir, Vec<Vec<String>>) {
    let dir = tempfile::tempdir().unwrap();
    let hostile = support::hostile_database(dir.path());
    let sets = vec![
        vec![],
        vec!["--db".into(), hostile.to_str().unwrap().to_string()],
    ];
    (dir, sets)
}

#[test]
fn pandoc_reads_every_bibtex_and_csl_json_entry_with_its_title() {
    let Some(pandoc) = pandoc() else {
        return;
    };
    let (_dir, sets) = data_sets();
    for set in &sets {
        let global: Vec<&str> = set.iter().map(String::as_str).collect();
        let expected = sorted(titles(&global, &[]));
        for (format, reader) in [
            ("bibtex", "bibtex"),
            ("bibtex", "biblatex"),
            ("csl-json", "csljson"),
        ] {
            let mut args = global.clone();
            args.extend(["sources", "--format", format]);
            let converted = through(&pandoc, &["-f", reader, "-t", "csljson"], &ok(&args));
            assert_eq!(
                csl_titles(&converted),
                expected,
                "{format} read as {reader}, {global:?}"
            );
        }
    }
    let hostile: Vec<&str> = sets[1].iter().map(String::as_str).collect();
    assert!(titles(&hostile, &[]).iter().any(|t| t == HOSTILE_TITLE));
}

/// Each item's authors, by item id: a person as "family | given", a body
/// as its literal name (typeset as pandoc sets text). An apostrophe in a
/// name is compared as "'": pandoc's BibTeX reader sets the one of
/// "Ken'ichiro" as "’". A family name's particle, which pandoc (as citeproc) splits off whatever the braces
/// ("d'Aragon": "d’" and "Aragon"), is joined back to it.
fn csl_authors(items: &Value) -> Vec<(String, Vec<String>)> {
    let family = |name: &Value| {
        let family = name["family"].as_str().unwrap_or_default();
        match name["non-dropping-particle"].as_str() {
            Some(particle) if particle.ends_with(['\'', '’']) => format!("{particle}{family}"),
            Some(particle) => format!("{particle} {family}"),
            None => family.to_string(),
        }
        .replace('’', "'")
    };
    let mut all: Vec<(String, Vec<String>)> = (items.as_array().unwrap().iter())
        .map(|item| {
            let names = (item["author"].as_array().into_iter().flatten())
                .map(|name| match name["literal"].as_str() {
                    Some(literal) => typeset(literal),
                    None => format!(
                        "{} | {}",
                        family(name),
                        name["given"].to_string().replace('’', "'")
                    ),
                })
                .collect();
            (item["id"].as_str().unwrap().to_string(), names)
        })
        .collect();
    all.sort();
    all
}

#[test]
fn pandoc_reads_each_bibtex_author_as_the_csl_json_gives_it() {
    let Some(pandoc) = pandoc() else {
        return;
    };
    let (_dir, sets) = data_sets();
    for set in &sets {
        let global: Vec<&str> = set.iter().map(String::as_str).collect();
        let mut args = global.clone();
        args.extend(["sources", "--format", "csl-json"]);
        let ours = csl_authors(&serde_json::from_str(&ok(&args)).unwrap());
        args.pop();
        args.push("bibtex");
        let read = through(&pandoc, &["-f", "bibtex", "-t", "csljson"], &ok(&args));
        assert_eq!(
            csl_authors(&serde_json::from_str(&read).unwrap()),
            ours,
            "{global:?}"
        );
    }
    // People by family name, two of them as two; a body whole.
    let ours = ok(&["sources", "--format", "csl-json"]);
    let authors = csl_authors(&serde_json::from_str(&ours).unwrap());
    let of = |id: &str| authors.iter().find(|(i, _)| i == id).unwrap().1.clone();
    assert_eq!(of("kommersant-1998-04"), ["Timakova | \"Natalya\""]);
    assert_eq!(of("kaken-04f04263-2006").len(), 2);
    assert_eq!(of("kyodo-1998-04-20"), ["Kyodo News"]);
}

/// XML text with its five entities read back.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The titles in bibutils' MODS: each record's first title, with the
/// subtitle it split off at a colon put back.
fn mods_titles(xml: &str) -> Vec<String> {
    let inner = |text: &str, tag: &str| -> Option<String> {
        let start = text.find(&format!("<{tag}>"))? + tag.len() + 2;
        let end = start + text[start..].find(&format!("</{tag}>"))?;
        Some(unescape(&text[start..end]))
    };
    let mut titles: Vec<String> = xml
        .split("<mods ID=")
        .skip(1)
        .map(|record| {
            let info = record.split("</titleInfo>").next().unwrap_or_default();
            let title = inner(info, "title").unwrap_or_default();
            // bibutils splits a title at ": " or after "? ".
            match inner(info, "subTitle") {
                Some(sub) if title.ends_with('?') => format!("{title} {sub}"),
                Some(sub) => format!("{title}: {sub}"),
                None => title,
            }
        })
        .collect();
    titles.sort();
    titles
}

#[test]
fn bibutils_reads_every_ris_entry_with_its_title() {
    let Some(ris2xml) = ris2xml() else {
        return;
    };
    let (_dir, sets) = data_sets();
    for set in &sets {
        let global: Vec<&str> = set.iter().map(String::as_str).collect();
        let mut args = global.clone();
        args.extend(["sources", "--format", "ris"]);
        let xml = through(&ris2xml, &["-i", "utf8"], &ok(&args));
        let mut expected = titles(&global, &[]);
        expected.sort();
        assert_eq!(mods_titles(&xml), expected, "{global:?}");
    }
}

/// The containers of the sources listed with `global` options: those of
/// articles (press, analysis), then those of other kinds.
fn containers(global: &[&str]) -> (Vec<String>, Vec<String>) {
    let mut args = global.to_vec();
    args.extend(["sources", "--columns", "kind,container", "--format", "json"]);
    let rows: Value = serde_json::from_str(&ok(&args)).unwrap();
    let (mut articles, mut others) = (Vec::new(), Vec::new());
    for row in rows.as_array().unwrap() {
        let Some(container) = row["container"].as_str() else {
            continue;
        };
        match row["kind"].as_str() {
            Some("press" | "analysis") => articles.push(container.to_string()),
            _ => others.push(container.to_string()),
        }
    }
    (articles, others)
}

/// The values of `field` in CSL-JSON `items`, where set, sorted.
fn csl_values(items: &Value, field: &str) -> Vec<String> {
    let mut values: Vec<String> = items
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i[field].as_str().map(typeset))
        .collect();
    values.sort();
    values
}

#[test]
fn pandoc_and_bibutils_read_each_sources_container() {
    let (_dir, sets) = data_sets();
    for set in &sets {
        let global: Vec<&str> = set.iter().map(String::as_str).collect();
        let (articles, others) = containers(&global);
        assert!(articles.len() > 50 && !others.is_empty(), "{global:?}");
        let all = [articles.clone(), others.clone()].concat();
        let mut args = global.clone();
        args.extend(["sources", "--format", "csl-json"]);
        let csl: Value = serde_json::from_str(&ok(&args)).unwrap();
        assert_eq!(csl_values(&csl, "container-title"), sorted(all.clone()));
        // An article's container is its journal, which pandoc reads as
        // the container; any other entry's is `howpublished`, read as the
        // publisher.
        if let Some(pandoc) = pandoc() {
            let mut args = global.clone();
            args.extend(["sources", "--format", "bibtex"]);
            let json = through(&pandoc, &["-f", "bibtex", "-t", "csljson"], &ok(&args));
            let read: Value = serde_json::from_str(&json).unwrap();
            assert_eq!(csl_values(&read, "container-title"), sorted(articles));
            assert_eq!(csl_values(&read, "publisher"), sorted(others));
        }
        let Some(ris2xml) = ris2xml() else {
            continue;
        };
        let mut args = global.clone();
        args.extend(["sources", "--format", "ris"]);
        let xml = through(&ris2xml, &["-i", "utf8"], &ok(&args));
        let hosts = xml.matches("<relatedItem type=\"host\">").count();
        assert!(
            hosts >= all.len(),
            "{hosts} hosts for {} containers",
            all.len()
        );
        let xml = unescape(&xml);
        for container in &all {
            assert!(
                xml.contains(&format!("<title>{container}</title>")),
                "{container}"
            );
        }
    }
}

#[test]
fn each_format_has_an_entry_per_listed_source_with_its_fields() {
    let listed = titles(&[], &[]).len();
    let bibtex = ok(&["sources", "--format", "bibtex"]);
    assert_eq!(bibtex.matches("\n@").count() + 1, listed);
    let ris = ok(&["sources", "--format", "ris"]);
    assert_eq!(ris.matches("\nER  - ").count(), listed);
    let csl: Value = serde_json::from_str(&ok(&["sources", "--format", "csl-json"])).unwrap();
    assert_eq!(csl.as_array().unwrap().len(), listed);
    assert!(bibtex.contains(
        "@article{ap-1991-09-13,\n  author = {{Associated Press}},\n  \
         title = {{Russians Ask Japan for Billions in Aid}},\n  journal = {AP News},\n  \
         entrysubtype = {newspaper},\n  year = {1991},\n  month = sep,\n  date = {1991-09-13},\n  \
         url = {https://www.apnews.com/f91d3da22eb88626c32357dbf126bca0},\n  langid = {english},\n}"
    ));
    let japanese = csl
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["language"] == "ja")
        .expect("a source in Japanese");
    assert!(japanese["URL"].as_str().unwrap().starts_with("http"));
    // Filters apply: the Jamestown Monitor's issues only.
    let monitor = titles(&[], &["--text", "Jamestown"]).len();
    let some = ok(&["sources", "--text", "Jamestown", "--format", "ris"]);
    assert_eq!(some.matches("\nER  - ").count(), monitor);
    assert!(monitor > 10 && monitor < listed);
}

#[test]
fn hostile_addresses_are_left_out_and_markup_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::hostile_database(dir.path());
    let db = db.to_str().unwrap();
    for format in ["bibtex", "ris", "csl-json"] {
        let out = ok(&["--db", db, "sources", "--text", "evil", "--format", format]);
        assert!(
            !out.contains("pwned=3") && !out.contains("pwned=4"),
            "{format}: {out}"
        );
    }
    let bibtex = ok(&[
        "--db", db, "sources", "--text", "evil", "--format", "bibtex",
    ]);
    assert!(bibtex
        .contains("100\\% \\$x\\_1 \\#2 \\textasciitilde{} \\textasciicircum{} \\textbackslash{}"));
    assert_eq!(
        bibtex.matches('{').count() - bibtex.matches("\\{").count(),
        bibtex.matches('}').count() - bibtex.matches("\\}").count(),
        "braces balance"
    );
}

#[test]
fn several_records_cited_together_share_one_list_of_references() {
    let both = ["first-joint-sar-exercise-1994", "kawana-summit"];
    let text = ok(&[&["cite"][..], &both].concat());
    let (claims, references) = text.split_once("\n\nReferences\n\n").unwrap();
    assert!(!references.contains("References"), "{text}");
    // Each claim as it is cited alone, but for the letters of one author's
    // works of a year, which follow the shared list.
    let claims: Vec<&str> = claims.split("\n\n").collect();
    assert_eq!(claims.len(), 2, "{text}");
    assert!(claims[0].starts_with("First joint Russian-Japanese naval search-and-rescue"));
    assert!(claims[1].starts_with("Kawana summit (19 Apr 1998)."));
    let references: Vec<&str> = references.lines().collect();
    let letter = |title: &str| -> String {
        let line = references.iter().find(|l| l.contains(title)).unwrap();
        line.split(". ").nth(1).unwrap().to_string()
    };
    let (defence, sailing) = (letter("Defense Talks"), letter("Rough Sailing"));
    assert!(
        claims[0].contains(&format!(
            "Jamestown Foundation {defence}, para. 2; {}, para. 1",
            sailing
        )),
        "{text}"
    );
    let (new_turn, summits) = (letter("New turn"), letter("Yeltsin summits"));
    assert!(
        claims[1].contains(&format!("Jamestown Foundation {new_turn}, {summits})")),
        "{text}"
    );
    // Every source of either, once, as the entries of both.
    let keys = |args: &[&str]| -> Vec<String> {
        let bibtex = ok(&[&["cite"][..], args, &["--format", "bibtex"]].concat());
        bibtex
            .lines()
            .filter(|l| l.starts_with('@'))
            .map(String::from)
            .collect()
    };
    let mut each: Vec<String> = keys(&both[..1])
        .into_iter()
        .chain(keys(&both[1..]))
        .collect();
    each.sort();
    each.dedup();
    let mut together = keys(&both);
    assert_eq!(references.len(), together.len(), "{text}");
    together.sort();
    assert_eq!(together, each);
    // Several records are named by their ids only.
    let out = rjkb()
        .args(["cite", "kawana-summit", "primakov-visit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("'primakov-visit' is not an id") && stderr.contains("primakov-visit-1996"),
        "{stderr}"
    );
}

#[test]
fn cite_gives_a_claim_with_its_sources_in_chicago_apa_or_mla() {
    let chicago = ok(&["cite", "first-joint-sar-exercise-1994"]);
    assert_eq!(
        chicago,
        "First joint Russian-Japanese naval search-and-rescue exercise (14–15 Sep 1994). \
         The Russian and Japanese navies' first joint drill in saving people from wrecked ships, \
         staged in Peter the Great Bay close to Vladivostok (WPS agency 1998, para. 4; disputed by \
         Jamestown Foundation 1998a, para. 2; 1998b, para. 1; ITAR-TASS 2014, para. 4).\n\nReferences\n\n\
         ITAR-TASS. 2014. “Japan's Navy plans to hold exercises with Russian fleet.” TASS, \
         September 15, 2014. https://tass.com/world/749550/amp.\n\
         Jamestown Foundation. 1998a. “Japanese-Russian Defense Talks.” Monitor, vol. 4, no. 106, \
         ca. June 3, 1998. https://jamestown.org/?p=51522.\n\
         Jamestown Foundation. 1998b. “Rough Sailing for Russian Naval Exercises.” \
         Monitor, vol. 4, no. 146, ca. July 30, 1998. \
         https://jamestown.org/program/rough-sailing-for-russian-naval-exercises/.\n\
         WPS agency. 1998. “Military cooperation between Moscow and Tokyo.” WPS military digest, \
         December 7, 1998. https://en.wps.ru/archive/military-1998-12-07/.\n"
    );
    let apa = ok(&["cite", "first-joint-sar-exercise-1994", "--style", "apa"]);
    assert!(apa.contains(
        "(WPS agency, 1998, para. 4; disputed by Jamestown Foundation, 1998a, para. 2; 1998b"
    ));
    assert!(apa.contains("WPS agency. (1998, December 7). Military cooperation between Moscow"));
    let mla = ok(&["cite", "first-joint-sar-exercise-1994", "--style", "mla"]);
    assert!(mla.contains("\n\nWorks Cited\n\n"));
    assert!(mla.contains(
        "WPS agency. “Military cooperation between Moscow and Tokyo.” WPS military digest, \
         7 Dec. 1998, en.wps.ru/archive/military-1998-12-07/."
    ));
    // A place cited by several quotes is given once, in the order first
    // cited (kawana-summit quotes I §2(4) three times).
    let kawana = ok(&["cite", "kawana-summit"]);
    assert!(kawana.contains(" n.d., I §2(4), II §5; "), "{kawana}");
    // A position is its actor's, by name.
    let position = ok(&["cite", "japan-against-deferral-1996"]);
    assert!(
        position.starts_with("Japan: protests against putting the settlement off (Jan–Jun 1996). "),
        "{position}"
    );
    // The entries it cites, once each, in any of the three formats.
    let bibtex = ok(&["cite", "kawana-summit", "--format", "bibtex"]);
    let keys: Vec<&str> = bibtex
        .lines()
        .filter_map(|l| l.strip_prefix('@'))
        .map(|l| l.split_once('{').unwrap().1.trim_end_matches(','))
        .collect();
    assert_eq!(
        keys,
        [
            "study",
            "jamestown-4-75a",
            "jamestown-4-91",
            "rferl-1998-04-20",
            "sme-1998-04"
        ]
    );
    let ris = ok(&["cite", "kawana-summit", "--format", "ris"]);
    assert_eq!(ris.matches("\nER  - ").count(), keys.len());
    // A source cites itself.
    let study = ok(&["cite", "study"]);
    assert_eq!(
        study,
        "“Relations with Japan (1992-1999) under Yeltsin era; Territorial issue under Yeltsin years.” n.d.\n"
    );
}

#[test]
fn formats_that_mean_nothing_for_a_command_are_usage_errors() {
    for (args, says) in [
        (
            &["count", "events", "--by", "year", "--format", "bibtex"][..],
            "--format bibtex does not apply to rjkb count",
        ),
        (
            &["timeline", "--chart", "--format", "ris"],
            "--format ris does not apply to rjkb timeline --chart",
        ),
        (
            &["cite", "kawana-summit", "--format", "csv"],
            "--format csv does not apply to rjkb cite",
        ),
    ] {
        let out = rjkb().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{stderr}");
    }
    let ok_query = rjkb()
        .args(["query", "sources", "--format", "ris", "--limit", "1"])
        .output()
        .unwrap();
    assert!(ok_query.status.success());
}

#[test]
fn a_listing_s_bibliography_is_what_its_rows_cite() {
    // The sources the 1997 events cite, each once, in the order the
    // events first cite them, as the citations table has them.
    let events: Vec<String> = ok(&[
        "events",
        "--year",
        "1997",
        "--columns",
        "id",
        "--no-headers",
    ])
    .lines()
    .map(String::from)
    .collect();
    let cited = ok(&[
        "sql",
        "--no-headers",
        "SELECT event, source FROM citations WHERE event IS NOT NULL ORDER BY rowid",
    ]);
    let mut expected: Vec<&str> = Vec::new();
    for event in &events {
        for line in cited.lines() {
            let (cites, source) = line.split_once('\t').unwrap();
            if cites == event && !expected.contains(&source) {
                expected.push(source);
            }
        }
    }
    let csl: Value =
        serde_json::from_str(&ok(&["events", "--year", "1997", "--format", "csl-json"])).unwrap();
    let ids: Vec<&str> = csl
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, expected);
    assert!(ids.len() > 20, "{ids:?}");
    // Any kind of listing, any bibliography format, its filters applied.
    let ris = ok(&["proposals", "--by", "primakov", "--format", "ris"]);
    assert!(ris.contains("ID  - study\n"), "{ris}");
    let bibtex = ok(&["positions", "--text", "kawana", "--format", "bibtex"]);
    assert!(bibtex.starts_with('@'), "{bibtex}");
    // A timeline's: those of its events and of its proposals, each once.
    let ids_of = |args: &[&str]| -> std::collections::BTreeSet<String> {
        let mut all = args.to_vec();
        all.extend(["--year", "1997", "--format", "csl-json"]);
        let csl: Value = serde_json::from_str(&ok(&all)).unwrap();
        let items = csl.as_array().unwrap();
        let ids: std::collections::BTreeSet<String> = items
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids.len(), items.len(), "{args:?} names a source twice");
        ids
    };
    let mut both = ids_of(&["events"]);
    both.extend(ids_of(&["proposals"]));
    assert_eq!(ids_of(&["timeline"]), both);
}

/// Every language the built-in data gives a source or a name in has an
/// English name and a biblatex `langid`: a bibliography never says "In nl."
#[test]
fn every_language_of_the_built_in_data_is_named() {
    let codes = ok(&[
        "sql",
        "SELECT lang FROM sources UNION SELECT lang FROM actor_aliases",
        "--no-headers",
        "--format",
        "tsv",
    ]);
    let codes: Vec<&str> = codes.lines().filter(|c| !c.trim().is_empty()).collect();
    assert!(codes.contains(&"ja") && codes.contains(&"nl"), "{codes:?}");
    for code in codes {
        assert_ne!(rjkb::languages::name(code), code, "no name for {code}");
        assert!(
            rjkb::languages::babel(code).is_some(),
            "no langid for {code}"
        );
    }
}

/// A container that only repeats the author is left out of every format:
/// "Daily Echo. 1995. “Title.” Daily Echo" names the paper twice.
#[test]
fn a_container_that_repeats_the_author_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    support::copy_seed(dir.path());
    for (id, container) in [("echo-1995", "Daily Echo"), ("echo-1996", "Weekly Echo")] {
        let title = format!("An echo of {id}");
        let url = format!("https://example.org/{id}");
        support::add(
            dir.path(),
            "sources.csv",
            &[
                id,
                &title,
                "Daily Echo",
                container,
                "press",
                "1995",
                &url,
                "",
                "",
                "",
            ],
        );
    }
    let data = dir.path().to_str().unwrap();
    let entries = |format: &str| {
        ok(&[
            "--data",
            data,
            "sources",
            "--text",
            "An echo of",
            "--format",
            format,
        ])
    };
    let csl: Value = serde_json::from_str(&entries("csl-json")).unwrap();
    let containers: Vec<(&str, Option<&str>)> = (csl.as_array().unwrap().iter())
        .map(|e| (e["id"].as_str().unwrap(), e["container-title"].as_str()))
        .collect();
    assert_eq!(
        containers,
        [("echo-1995", None), ("echo-1996", Some("Weekly Echo"))]
    );
    let bibtex = entries("bibtex");
    assert!(
        !bibtex.contains("journal = {Daily Echo}") && bibtex.contains("journal = {Weekly Echo}"),
        "{bibtex}"
    );
    let ris = entries("ris");
    assert!(
        !ris.contains("T2  - Daily Echo") && ris.contains("T2  - Weekly Echo"),
        "{ris}"
    );
}

/// An author in braces is one body's name, commas and semicolons and all:
/// a literal in CSL-JSON, braced whole in BibTeX, cited by its whole name,
/// and not refused by `db check` as names joined by `;`.
#[test]
fn an_author_in_braces_is_one_body_with_a_comma() {
    let dir = tempfile::tempdir().unwrap();
    support::copy_seed(dir.path());
    for (id, author) in [
        ("mofa-braced", "{Ministry of Foreign Affairs, Japan}"),
        ("agencies-braced", "{Reuters; AP}"),
    ] {
        let url = format!("https://example.org/{id}");
        let title = format!("A braced author: {id}");
        let row = [id, &title, author, "", "official", "1996", &url, "", "", ""];
        support::add(dir.path(), "sources.csv", &row);
    }
    let data = dir.path().to_str().unwrap();
    ok(&["--data", data, "db", "check"]); // exits 0: nothing refused
    let entries = |format: &str| {
        let args = [
            "--data",
            data,
            "sources",
            "--text",
            "braced author",
            "--format",
            format,
        ];
        ok(&args)
    };
    let csl: Value = serde_json::from_str(&entries("csl-json")).unwrap();
    let authors: Vec<&Value> = (csl.as_array().unwrap().iter())
        .map(|entry| &entry["author"][0])
        .collect();
    assert_eq!(
        authors,
        [
            &serde_json::json!({ "literal": "Reuters; AP" }),
            &serde_json::json!({ "literal": "Ministry of Foreign Affairs, Japan" }),
        ]
    );
    let bibtex = entries("bibtex");
    assert!(
        bibtex.contains("author = {{Ministry of Foreign Affairs, Japan}}"),
        "{bibtex}"
    );
    // A reader is shown the name, not the data's braces: `show` and the
    // source's page in the web edition.
    let shown = ok(&["--data", data, "show", "mofa-braced"]);
    assert!(
        shown.lines().any(|line| line.starts_with("author ")
            && line.ends_with(" Ministry of Foreign Affairs, Japan")),
        "{shown}"
    );
    let site = dir.path().join("site");
    ok(&["--data", data, "html", "--out", site.to_str().unwrap()]);
    let page = std::fs::read_to_string(site.join("source/agencies-braced.html")).unwrap();
    assert!(page.contains(">Reuters; AP<"), "{page}");
    assert!(!page.contains("{Reuters"), "{page}");
}

/// A Markdown table is mostly read rendered: pandoc's Markdown, GitHub's and
/// CommonMark with pandoc's extensions show every cell as its text — the hostile event's markup, an
/// approximate span (`1995~/1996~`, a subscript to pandoc), emphasis, code,
/// maths, a citation, a link — and nothing as markup.
#[test]
fn markdown_tables_render_as_their_text() {
    let Some(pandoc) = pandoc() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = support::hostile_database(dir.path());
    let db = db.to_str().unwrap();
    let columns = "id,title,place,summary";
    let hostile = ok(&[
        "--db",
        db,
        "events",
        "--year",
        "1995",
        "--format",
        "markdown",
        "--columns",
        columns,
    ]);
    let awkward = "*a* _b_ `c` $d$ ^e^ @f [g](h) H~2~O a\\b";
    let query = format!("SELECT '1995~/1996~' AS date_from, '{awkward}' AS text");
    let cells = ok(&["sql", &query, "--format", "markdown"]);
    for reader in ["markdown", "gfm", "commonmark_x"] {
        let html = through(&pandoc, &["-f", reader, "-t", "html"], &hostile);
        assert!(
            html.contains("&lt;script&gt;window.pwned=1&lt;/script&gt;"),
            "{reader}: {html}"
        );
        assert!(
            html.contains("&lt;b&gt;place&lt;/b&gt;"),
            "{reader}: {html}"
        );
        let text = through(&pandoc, &["-f", reader, "-t", "html"], &cells);
        assert!(text.contains("<th>date_from</th>"), "{reader}: {text}");
        assert!(text.contains("1995~/1996~"), "{reader}: {text}");
        assert!(text.contains(awkward), "{reader}: {text}");
        for html in [html, text] {
            for markup in [
                "<script", "<img", "<b>", "<em>", "<strong>", "<code>", "<sub>", "<sup>", "<del>",
                "<a ", "math", "citation",
            ] {
                assert!(!html.contains(markup), "{reader}: {markup} in {html}");
            }
        }
    }
}
