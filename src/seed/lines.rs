//! The line of a row that a problem found after loading names.
//!
//! Keeping every row's line while loading took memory in proportion to
//! the rows (four bytes each: 17 MB for 4,360,309 rows); a build must not.
//! A load that finds a problem in a row it has inserted — a dangling
//! reference, an uncited fact, a misquote — reads that table's file once
//! more instead, counting records as the load did: rowids of a fresh table
//! count up from 1 over the records that went in.

use super::{csv_reader, is_blank, Loader, Problem};
use anyhow::Result;
use std::collections::{BTreeMap, HashMap};

impl Loader<'_> {
    /// Reports a problem in the row `rowid` of `table`; its line is found
    /// by [`Loader::place_problems`].
    pub(super) fn problem_in_row(
        &mut self,
        table: &str,
        rowid: i64,
        field: &str,
        message: impl Into<String>,
    ) {
        let index = self.problems.listed.len();
        if self.problem(&format!("{table}.csv"), 0, field, message) {
            self.unplaced.push((index, table.to_string(), rowid));
        }
    }

    /// Gives each problem reported in a row its line: one more reading of
    /// each table that has any. Then lists them file by file, line by line,
    /// as a reader mends them, whichever check found them (a stable sort: a
    /// line's problems keep their order).
    pub(super) fn place_problems(&mut self) -> Result<()> {
        let mut by_table: BTreeMap<String, Vec<(usize, i64)>> = BTreeMap::new();
        for (index, table, rowid) in std::mem::take(&mut self.unplaced) {
            by_table.entry(table).or_default().push((index, rowid));
        }
        for (table, rows) in by_table {
            let lines = self.lines_of(&table, rows.iter().map(|(_, rowid)| *rowid).collect())?;
            for (index, rowid) in rows {
                let problem: &mut Problem = &mut self.problems.listed[index];
                problem.line = lines.get(&rowid).copied().unwrap_or(0);
            }
        }
        let listed = &mut self.problems.listed;
        listed.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        Ok(())
    }

    /// The line of each of `rowids` in `table`'s file.
    fn lines_of(&self, table: &str, mut rowids: Vec<i64>) -> Result<HashMap<i64, u64>> {
        rowids.sort_unstable();
        rowids.dedup();
        let mut lines = HashMap::new();
        let not_inserted: &[u64] = self.not_inserted.get(table).map_or(&[], Vec::as_slice);
        let Ok(Some(input)) = self.data.open(&format!("{table}.csv"), &self.ledger) else {
            return Ok(lines);
        };
        let (mut reader, record_start) = csv_reader(input);
        if reader.headers().is_err() {
            return Ok(lines);
        }
        let mut record = csv::StringRecord::new();
        let (mut records, mut rowid) = (0, 0);
        while lines.len() < rowids.len() {
            let line = reader.position().line();
            record_start.set(reader.position().byte());
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => break,
                Err(_) => continue,
            }
            if is_blank(&record) {
                continue;
            }
            records += 1;
            if not_inserted.binary_search(&(records - 1)).is_ok() {
                continue;
            }
            rowid += 1;
            if rowids.binary_search(&rowid).is_ok() {
                lines.insert(rowid, record.position().map_or(line, |p| p.line()));
            }
        }
        Ok(lines)
    }
}

#[cfg(test)]
mod tests {
    use crate::seed::{load, DataSource, Problems};

    /// The problems of the built-in data with `rows` appended to `file`,
    /// and how many lines that file then has.
    fn problems_with(file: &str, rows: &str) -> (Problems, u64) {
        let mut files = DataSource::builtin_files();
        let (_, bytes) = files.iter_mut().find(|(name, _)| name == file).unwrap();
        bytes.extend_from_slice(rows.as_bytes());
        let lines = bytes.iter().filter(|b| **b == b'\n').count() as u64;
        let mut conn = crate::db::in_memory().unwrap();
        let (problems, _) = load(&mut conn, &DataSource::Files(files)).unwrap();
        (problems, lines)
    }

    #[test]
    fn a_problem_found_after_loading_names_its_line_past_rows_that_did_not_load() {
        // A row that does not load (no such date), one whose title runs
        // over two lines, then one with a type that does not exist.
        let (problems, last) = problems_with(
            "events.csv",
            "x-bad,1997-13-01,,Never,summit,,,,\n\
             x-long,1997,,\"Two\nlines\",summit,,,,\n\
             x-typo,1997,,T,meeting,,,,\n",
        );
        let typo = problems.listed.iter().find(|p| p.field == "type").unwrap();
        assert_eq!((typo.file.as_str(), typo.line), ("events.csv", last));
        assert!(problems
            .listed
            .iter()
            .any(|p| p.field == "date" && p.line == last - 3));
    }

    #[test]
    fn a_long_reference_is_quoted_by_its_start() {
        let long = "x".repeat(50_000);
        let (problems, _) = problems_with("event_actors.csv", &format!("{long},yeltsin,host\n"));
        let dangling = problems.listed.iter().find(|p| p.field == "event").unwrap();
        assert!(dangling.message.len() < 300, "{}", dangling.message);
        assert!(dangling.message.contains("xxx…'"), "{}", dangling.message);
    }
}
