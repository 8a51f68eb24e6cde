//! Any text: once escaped, it is a valid FTS5 query, alone and with the
//! column filter --text uses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rjkb::query::fts_query;
use std::cell::OnceCell;

thread_local! {
    static DB: OnceCell<rusqlite::Connection> = const { OnceCell::new() };
}

fuzz_target!(|text: &str| {
    let Some(query) = fts_query(text) else { return };
    DB.with(|cell| {
        let conn = cell.get_or_init(|| rjkb::db::in_memory().unwrap());
        for form in [query.clone(), format!("{{title summary}} : ({query})")] {
            let result: rusqlite::Result<i64> = conn.query_row(
                "SELECT count(*) FROM search_index WHERE search_index MATCH ?1",
                [&form],
                |row| row.get(0),
            );
            assert!(result.is_ok(), "{text:?} -> {form:?}: {result:?}");
        }
    });
});
