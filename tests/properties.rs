//! Property tests: random inputs, invariants that must hold for all of them.
//!
//! A small seeded generator keeps them repeatable and fast enough for every
//! `cargo test`; the fuzz targets in fuzz/ explore the same properties for
//! as long as one likes (see the README's "Reliability").

use rjkb::dates::parse_edtf;
use rjkb::output::{write_rows, Format, Style};
use rjkb::query::fts_query;
use rjkb::seed::{load, DataSource};

/// xorshift64*: enough randomness for inputs, and the same every run.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn text(&mut self, alphabet: &[char], max: usize) -> String {
        let len = self.below(max + 1);
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len())])
            .collect()
    }
}

#[test]
fn dates_parse_to_ordered_real_days_or_fail_cleanly() {
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let alphabet: Vec<char> = "0123456789-/ 1992-11/21X?~9999-24.年Feb".chars().collect();
    let (mut parsed, mut offered_readings) = (0, 0);
    for _ in 0..200_000 {
        let text = random.text(&alphabet, 24);
        let date = match parse_edtf(&text) {
            Ok(date) => date,
            // A reading it offers ("did you mean 1998-02-21?") is a date.
            Err(why) => {
                let offered = why.split_once("did you mean ").map_or("", |(_, rest)| rest);
                for reading in offered
                    .split(['?', ' '])
                    .filter(|w| w.starts_with(char::is_numeric))
                {
                    assert!(parse_edtf(reading).is_ok(), "{text}: {why}");
                    offered_readings += 1;
                }
                continue;
            }
        };
        parsed += 1;
        if let Some((from, to)) = &date.bounds {
            assert!(from <= to, "{text}: {from} > {to}");
            // Each bound is itself a real day.
            for bound in [from, to] {
                let day =
                    parse_edtf(bound).unwrap_or_else(|e| panic!("{text}: bound {bound}: {e}"));
                assert_eq!(day.bounds.as_ref().unwrap().0, *bound);
            }
        }
    }
    assert!(
        parsed > 1_000 && offered_readings > 100,
        "the alphabet makes valid dates too ({parsed}), and others' readings ({offered_readings})"
    );
}

#[test]
fn csv_is_written_exactly_as_the_csv_crate_writes_it() {
    let mut random = Random(0x2545_f491_4f6c_dd1d);
    // Long enough fields to be looked at eight bytes at a time, with
    // each special byte anywhere in them; mostly plain letters.
    let alphabet: Vec<char> = "abcdefghijklmnopqrstuvwxyz ,\"\n\r\t;é'\\"
        .chars()
        .collect();
    let style = Style {
        format: Format::Csv,
        headers: false,
        color: false,
        width: None,
    };
    for _ in 0..2_000 {
        let width = 1 + random.below(4);
        let columns: Vec<String> = (0..width).map(|i| format!("c{i}")).collect();
        let rows: Vec<Vec<String>> = (0..1 + random.below(3))
            .map(|_| (0..width).map(|_| random.text(&alphabet, 20)).collect())
            .collect();
        let mut ours = Vec::new();
        let values = rows.iter().map(|row| {
            row.iter()
                .map(|cell| rusqlite::types::Value::Text(cell.clone()))
                .collect()
        });
        write_rows(&mut ours, &style, &columns.into(), values).unwrap();
        let mut theirs = csv::Writer::from_writer(Vec::new());
        for row in &rows {
            theirs.write_record(row).unwrap();
        }
        let theirs = theirs.into_inner().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs),
            "{rows:?}"
        );
        // And it reads back as the same rows.
        let read: Vec<Vec<String>> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&ours[..])
            .records()
            .map(|record| record.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(read, rows);
    }
}

#[test]
fn escaped_search_text_is_always_a_valid_fts5_query() {
    let conn = rjkb::db::in_memory().unwrap();
    let mut random = Random(42);
    let alphabet: Vec<char> = "ab AND OR NOT NEAR\"'()*^:+-{}.,;/\\ é字ё_%\t\0\u{13}"
        .chars()
        .collect();
    let mut statement = conn
        .prepare("SELECT count(*) FROM search_index WHERE search_index MATCH ?1")
        .unwrap();
    for _ in 0..20_000 {
        let text = random.text(&alphabet, 30);
        let Some(query) = fts_query(&text) else {
            continue;
        };
        for form in [query.clone(), format!("{{title summary}} : ({query})")] {
            let result: rusqlite::Result<i64> = statement.query_row([&form], |row| row.get(0));
            assert!(result.is_ok(), "{text:?} -> {form:?}: {result:?}");
        }
    }
}

#[test]
fn the_loader_reports_rather_than_fails_on_any_corruption() {
    let mut random = Random(7);
    let pristine = DataSource::builtin_files();
    let junk: Vec<u8> = b",\"\n\r\0\xff\xfe =+@ -x1997/".to_vec();
    for round in 0..150 {
        let mut files = pristine.clone();
        let csvs: Vec<usize> = (0..files.len())
            .filter(|i| files[*i].0.ends_with(".csv"))
            .collect();
        let target = csvs[random.below(csvs.len())];
        let bytes = &mut files[target].1;
        for _ in 0..1 + random.below(4) {
            let at = random.below(bytes.len().max(1));
            match random.below(3) {
                0 if !bytes.is_empty() => {
                    bytes.remove(at.min(bytes.len() - 1));
                }
                1 => bytes.insert(at.min(bytes.len()), junk[random.below(junk.len())]),
                _ => bytes.truncate(at),
            }
        }
        let mut conn = rjkb::db::in_memory().unwrap();
        let outcome = load(&mut conn, &DataSource::Files(files));
        let (problems, _) =
            outcome.unwrap_or_else(|e| panic!("round {round}: an error, not a report: {e:#}"));
        for problem in &problems.listed {
            assert!(
                problem.file.ends_with(".csv") || problem.file.ends_with(".txt"),
                "{problem}"
            );
        }
        if !problems.is_empty() {
            let events: i64 = conn
                .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
                .unwrap();
            assert_eq!(
                events, 0,
                "round {round}: nothing is kept when there is a problem"
            );
        }
    }
}
