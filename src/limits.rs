//! Limits on what one command may cost: a statement's time and memory
//! (`rjkb sql`), and the words of a search.
//!
//! `rjkb sql` runs what a user — or a script fed from elsewhere — writes: an
//! endless recursive CTE, or one that builds a string of gigabytes, must
//! end with a message, not with the machine.

use anyhow::{bail, Result};
use rusqlite::{Connection, ErrorCode};
use std::time::{Duration, Instant};

/// How long a statement may run unless `--timeout` says otherwise.
pub const TIMEOUT_SECONDS: f64 = 30.0;
/// How much memory SQLite may hold unless `--max-memory` says otherwise.
pub const MEMORY: &str = "512M";
/// The most words a search takes: far more than anyone types, far fewer
/// than make the full-text index slow.
pub const MOST_WORDS: usize = 64;
/// The longest search text, in bytes.
pub const LONGEST_SEARCH: usize = 4096;
/// The most actors one listing may ask rows to involve, each one (`--by`
/// given again): far more than anyone names, and each is a condition
/// SQLite nests a level deeper (it refuses a query past 1,000 levels).
pub const MOST_ACTORS: usize = 50;

/// Stops any statement on `conn` once it has run `seconds` (0: never).
pub fn time_limit(conn: &mut Connection, seconds: f64) -> Result<()> {
    if seconds <= 0.0 {
        return Ok(());
    }
    let deadline = Instant::now() + Duration::from_secs_f64(seconds.min(1e9));
    // Called every few thousand steps of the statement: cheap, and often.
    conn.progress_handler(4_000, Some(move || Instant::now() >= deadline))?;
    Ok(())
}

/// Caps the memory SQLite may hold, for the whole process. It must come
/// before SQLite's first use: counting what SQLite allocates (memory
/// statistics, which a build may turn off for speed) is turned on first.
pub fn memory_limit(bytes: u64) -> Result<()> {
    use rusqlite::ffi;
    use std::sync::atomic::{AtomicBool, Ordering};
    // Once per process: a command run again after its cache file failed
    // (`cache::recover`) finds SQLite in use, and the counting already on.
    static COUNTING: AtomicBool = AtomicBool::new(false);
    // SAFETY: sqlite3_config before SQLite is initialized, with the int
    // argument SQLITE_CONFIG_MEMSTATUS takes; the limit call is always safe.
    unsafe {
        if !COUNTING.load(Ordering::Relaxed) {
            let on = ffi::sqlite3_config(ffi::SQLITE_CONFIG_MEMSTATUS, 1 as std::ffi::c_int);
            if on != ffi::SQLITE_OK {
                bail!("the memory limit must be set before SQLite is first used");
            }
            COUNTING.store(true, Ordering::Relaxed);
        }
        ffi::sqlite3_hard_heap_limit64(i64::try_from(bytes).unwrap_or(i64::MAX));
    }
    Ok(())
}

/// The error a statement stopped by a limit ends with, in words; other
/// errors pass as they are.
pub fn explain(error: anyhow::Error, seconds: f64, memory: u64) -> anyhow::Error {
    let code = error.chain().find_map(|cause| {
        cause
            .downcast_ref::<rusqlite::Error>()
            .and_then(rusqlite::Error::sqlite_error_code)
    });
    match code {
        Some(ErrorCode::OperationInterrupted) => anyhow::anyhow!(
            "the statement ran longer than {seconds} s and was stopped \
             (allow more with --timeout SECONDS, or --timeout 0 for no limit)"
        ),
        Some(ErrorCode::OutOfMemory) => anyhow::anyhow!(
            "the statement needed more than the {} of memory it may use and was stopped \
             (allow more with --max-memory SIZE)",
            crate::files::read::size_in_words(memory)
        ),
        _ => error,
    }
}

/// Refuses a search (or `--text`) with more words or bytes than a search
/// takes.
pub fn check_search(text: &str) -> Result<()> {
    let words = text.split_whitespace().count();
    if words > MOST_WORDS {
        bail!("a search takes at most {MOST_WORDS} words; this one has {words}");
    }
    if text.len() > LONGEST_SEARCH {
        bail!(
            "a search takes at most {LONGEST_SEARCH} bytes of text; this one has {}",
            text.len()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_statement_is_stopped_and_explained() {
        let mut conn = Connection::open_in_memory().unwrap();
        time_limit(&mut conn, 0.05).unwrap();
        let error = conn
            .query_row(
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) \
                 SELECT count(*) FROM c",
                [],
                |row| row.get::<_, i64>(0),
            )
            .unwrap_err();
        let explained = explain(error.into(), 0.05, 1 << 20).to_string();
        assert!(explained.contains("longer than 0.05 s"), "{explained}");
    }

    #[test]
    fn a_search_of_thousands_of_words_is_refused() {
        assert!(check_search("kawana summit").is_ok());
        let many = "word ".repeat(MOST_WORDS + 1);
        let err = check_search(&many).unwrap_err().to_string();
        assert!(err.contains("at most 64 words"), "{err}");
        assert!(check_search(&"x".repeat(LONGEST_SEARCH + 1)).is_err());
    }
}
