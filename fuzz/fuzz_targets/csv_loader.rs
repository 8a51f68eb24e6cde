//! Any bytes as one table's CSV file, the others as built in: the loader
//! reports problems (or loads) and never panics or fails outright.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rjkb::seed::{load, DataSource};

fuzz_target!(|input: &[u8]| {
    let Some((&which, bytes)) = input.split_first() else { return };
    let mut files = DataSource::builtin_files();
    let csvs: Vec<usize> = (0..files.len()).filter(|i| files[*i].0.ends_with(".csv")).collect();
    let target = csvs[usize::from(which) % csvs.len()];
    files[target].1 = bytes.to_vec();
    let mut conn = rjkb::db::in_memory().unwrap();
    let (problems, _) = load(&mut conn, &DataSource::Files(files)).expect("a report, not an error");
    if !problems.is_empty() {
        let events: i64 = conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0)).unwrap();
        assert_eq!(events, 0);
    }
});
