//! Does `rjkb search` put first what a reader asked for? Queries a reader
//! would type, each with the record that must come first, or be among the
//! first three; the mean reciprocal rank over all of them must reach 0.9.

use assert_cmd::Command;

/// (query, the record that must come first).
const FIRST: &[(&str, &str)] = &[
    ("kawana proposal", "kawana-proposal"),
    ("kawana summit", "kawana-summit"),
    ("kawana", "kawana-summit"),
    ("krasnoyarsk", "krasnoyarsk-summit"),
    ("tokyo declaration", "tokyo-declaration-1993"),
    ("moscow declaration", "moscow-declaration-1998"),
    ("five stage proposal", "five-stage"),
    ("five-stage", "five-stage"),
    ("primakov", "primakov"),
    ("Ельцин", "yeltsin"),
    ("プリマコフ", "primakov"),
    ("joint economic activities", "joint-economic-activities"),
    ("fishing agreement", "fishing-agreement-1998"),
    ("russia's answer", "russian-answer-1998"),
    ("russia answer", "russian-answer-1998"),
    ("marine processing factory", "marine-processing-factory"),
    ("peace treaty by 2000", "peace-treaty-by-2000"),
    ("hashimoto yeltsin plan", "hashimoto-yeltsin-plan"),
    ("shikotan earthquake", "shikotan-earthquake-1994"),
    ("iturup", "etorofu"),
    ("southern kurils", "four-islands"),
    ("stagnation", "stagnation"),
    ("nuclear dumping", "nuclear-dumping-1993"),
    ("naples g7", "naples-g7-1994"),
    ("gorbachev visit", "gorbachev-visit"),
    ("defer to next generation", "defer-to-next-generation"),
    ("troop withdrawal", "troop-withdrawal-1995"),
    (
        "first joint naval exercise",
        "first-joint-sar-exercise-1994",
    ),
    ("kiriyenko visit", "kiriyenko-in-japan-1998"),
    ("hashimoto speech", "hashimoto-speech-1997"),
    ("contradicts krasnoyarsk", "krasnoyarsk-summit"),
];

/// (query, a record that must be among the first three).
const TOP_THREE: &[(&str, &str)] = &[
    ("eurasian diplomacy", "hashimoto-speech-1997"),
    ("obuchi moscow", "obuchi-in-moscow-1998-02"),
    ("obuchi moscow", "obuchi-in-moscow-1998"),
    ("yeltsin visit japan", "yeltsin-visit-1993"),
    ("unconfirmed visa", "visa-free-experts-1998"),
    ("disputed kawana", "kawana-proposal"),
    ("free visits former residents", "free-visits-1999"),
];

/// The ids `rjkb search` lists for `query`, best first.
fn ranked(query: &str) -> Vec<String> {
    let out = Command::cargo_bin("rjkb")
        .unwrap()
        .args([
            "search",
            query,
            "--limit",
            "10",
            "--format",
            "tsv",
            "--no-headers",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "search {query}: {out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| line.split('\t').nth(1).unwrap_or_default().to_string())
        .collect()
}

/// 1 / the rank of `id` among the results, 0 when it is not among them.
fn reciprocal_rank(query: &str, id: &str) -> f64 {
    ranked(query)
        .iter()
        .position(|found| found == id)
        .map_or(0.0, |at| 1.0 / (at + 1) as f64)
}

#[test]
fn what_a_reader_asks_for_comes_first() {
    assert!(FIRST.len() + TOP_THREE.len() >= 25);
    let mut missed = Vec::new();
    let mut total = 0.0;
    for (query, id) in FIRST {
        let rank = reciprocal_rank(query, id);
        if rank < 1.0 {
            missed.push(format!("'{query}': {id} is not first: {:?}", ranked(query)));
        }
        total += rank;
    }
    for (query, id) in TOP_THREE {
        let rank = reciprocal_rank(query, id);
        if rank < 1.0 / 3.0 {
            missed.push(format!(
                "'{query}': {id} not in the first three: {:?}",
                ranked(query)
            ));
        }
        total += rank;
    }
    let mean = total / (FIRST.len() + TOP_THREE.len()) as f64;
    assert!(missed.is_empty(), "{}", missed.join("\n"));
    assert!(mean >= 0.9, "mean reciprocal rank {mean:.3}");
}

#[test]
fn disagreements_are_found_by_the_words_people_use() {
    // Every disputed record, of each kind that can be one.
    let mut disputed: Vec<String> = Vec::new();
    for listing in ["events", "proposals", "positions", "periods"] {
        let out = Command::cargo_bin("rjkb")
            .unwrap()
            .args([listing, "--disputed", "--columns", "id", "--format", "tsv"])
            .arg("--no-headers")
            .output()
            .unwrap();
        disputed.extend(
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .map(String::from),
        );
    }
    // A search made only of such words asks for the disagreements: they
    // come before the titles that say "the disputed islands".
    for word in [
        "disputed",
        "contradicts",
        "unconfirmed",
        "differs",
        "disagree",
    ] {
        let found = ranked(word);
        let first = found.first().map(String::as_str).unwrap_or_default();
        assert!(
            disputed.iter().any(|id| id == first),
            "search {word}: {found:?}"
        );
    }
    // With another word, the title that holds both comes first.
    assert_eq!(ranked("disputed islands")[0], "four-islands");
    // The snippet says why a disputed row came first.
    let out = Command::cargo_bin("rjkb")
        .unwrap()
        .args([
            "search",
            "unconfirmed",
            "--limit",
            "1",
            "--columns",
            "snippet",
        ])
        .args(["--format", "tsv", "--no-headers"])
        .output()
        .unwrap();
    let snippet = String::from_utf8(out.stdout).unwrap();
    assert!(snippet.starts_with("disputed: [unconfirmed]"), "{snippet}");
    // A contradicting source's words are there too: the statement of what
    // the page says, and the citation's note.
    assert_eq!(
        ranked("Kvashnin first ever exercise")[0],
        "first-joint-sar-exercise-1994"
    );
}
