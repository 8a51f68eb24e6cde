//! What can be wrong in a data folder, and how each problem is told:
//! `file:line: field: what is wrong`.

use super::Column;
use crate::model;
use crate::names::nearest;
use rusqlite::ffi;
use std::fmt;

/// One thing wrong in a data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: u64,
    pub field: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.field, self.message
        )
    }
}

/// The most problems a load lists. Past it they are only counted: a
/// folder with one column wrong in 100,000 rows has 100,000 problems, and
/// listing them all (or keeping them in memory) helps nobody mend it.
pub const MOST_LISTED: usize = 100;

/// What is wrong in a data folder, as one error: the first problems found,
/// how many more there are, and how many follow only from a row that did
/// not load (a row with a problem of its own): a reference to it, or a fact
/// whose only citations it was.
#[derive(Debug, Default)]
pub struct Problems {
    pub listed: Vec<Problem>,
    pub unlisted: u64,
    pub consequent: u64,
}

impl Problems {
    pub fn is_empty(&self) -> bool {
        self.listed.is_empty()
    }

    /// How many problems there are, listed or not.
    pub fn count(&self) -> u64 {
        self.listed.len() as u64 + self.unlisted
    }

    /// Whether another problem would go unlisted.
    pub(super) fn is_full(&self) -> bool {
        self.listed.len() >= MOST_LISTED
    }

    /// The lines that follow the list: what it leaves out.
    pub fn afterword(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if self.unlisted > 0 {
            lines.push(format!("... and {} more, not listed", self.unlisted));
        }
        if self.consequent > 0 {
            lines.push(format!(
                "(and {} more that only follow{} from the problems above)",
                self.consequent,
                if self.consequent == 1 { "s" } else { "" }
            ));
        }
        lines
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.count();
        write!(f, "{count} problem{} in the data", plural(count))?;
        for problem in &self.listed {
            write!(f, "\n  {problem}")?;
        }
        for line in self.afterword() {
            write!(f, "\n  {line}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A checked cell, ready to bind.
pub(super) enum Cell<'a> {
    Null,
    Text(&'a str),
    Integer(i64),
}

/// The longest cell accepted: far above any summary or quote, far below
/// what a runaway quote (one unterminated `"`) swallows.
const MAX_CELL_BYTES: usize = 100_000;

/// The value of one cell, or what is wrong with it.
pub(super) fn cell_value<'a>(column: &'a Column, raw: &'a str) -> Result<Cell<'a>, String> {
    if raw.len() > MAX_CELL_BYTES {
        return Err(format!(
            "is {} bytes long, more than the {MAX_CELL_BYTES} allowed (an unterminated quote?)",
            raw.len()
        ));
    }
    // Printable ASCII, tabs and line breaks are safe, and most text is
    // nothing else: only other text is looked at character by character.
    // Folded 32 bytes at a time without stopping early, which the compiler
    // turns into vector instructions (`export --out` at a million events,
    // which checks every cell: 2.68 → 2.56 s, `hyperfine -N -r 6`).
    let plain = raw.as_bytes().chunks(32).all(|chunk| {
        (chunk.iter()).fold(true, |ok, &b| ok & matches!(b, b' '..=b'~' | b'\t' | b'\n'))
    });
    if !plain {
        if raw.contains('\0') {
            return Err("contains a NUL character".into());
        }
        if let Some(c) = raw.chars().find(|&c| crate::terminal::is_unsafe(c)) {
            return Err(format!(
                "contains the control character {} (U+{:04X}): a terminal would act on it \
                 rather than show it",
                crate::terminal::visible(c),
                c as u32
            ));
        }
    }
    if column.key {
        key_problem(raw)?;
    }
    if raw.starts_with(['=', '+', '@']) {
        return Err(format!(
            "'{}' looks like a spreadsheet formula; rewrite it (a leading =, + or @ is \
             refused so that exports stay safe to open)",
            truncate(raw)
        ));
    }
    if raw.is_empty() {
        return match (&column.default, column.not_null) {
            (Some(default), _) => Ok(Cell::Text(default)),
            (None, true) => Err("is required but empty".into()),
            (None, false) => Ok(Cell::Null),
        };
    }
    if column.integer {
        return raw
            .parse::<i64>()
            .map(Cell::Integer)
            .map_err(|_| format!("'{}' is not a whole number", truncate(raw)));
    }
    Ok(Cell::Text(raw))
}

/// What keeps `raw` from being an id or a reference to one (or an alias,
/// part of its table's key). An id is read and typed as it shows: a space
/// around it, or a line break, tab or invisible character in it, makes two
/// ids that look alike differ, and a reference to the one a reader sees
/// unknown ("did you mean" itself).
fn key_problem(raw: &str) -> Result<(), String> {
    if raw.starts_with(char::is_whitespace) || raw.ends_with(char::is_whitespace) {
        return Err(format!(
            "'{}' has leading or trailing spaces",
            truncate(raw)
        ));
    }
    let hidden = |c: char| matches!(c, '\n' | '\t') || crate::terminal::is_invisible(c);
    match raw.chars().find(|&c| hidden(c)) {
        Some(c) => {
            let shown: String = (raw.chars())
                .map(|c| {
                    if hidden(c) {
                        crate::terminal::visible(c)
                    } else {
                        c.into()
                    }
                })
                .collect();
            let what = match c {
                '\n' => "a line break",
                '\t' => "a tab",
                _ => "an invisible character",
            };
            Err(format!(
                "'{}' holds {what} (U+{:04X}): an id is read and typed as it shows, so it \
                 holds no line break, tab or invisible character",
                truncate(&shown),
                c as u32
            ))
        }
        None => Ok(()),
    }
}

/// A cell as a message quotes it: at most 60 columns of it.
pub(super) fn truncate(text: &str) -> String {
    crate::terminal::cut(text, 60).into_owned()
}

/// What to say after an unknown value: the known ones nearest to it; with
/// none near, every known one if they are few (a controlled list such as
/// the event types, which the folder cannot show, or a file's columns).
pub(super) fn nearest_hint(value: &str, known: &[&str]) -> String {
    const LISTED: usize = 30;
    let close = nearest(value, known.iter().copied(), 3);
    if !close.is_empty() {
        format!("; did you mean {}?", close.join(", "))
    } else if !known.is_empty() && known.len() <= LISTED {
        format!("; it is one of: {}", known.join(", "))
    } else {
        String::new()
    }
}

/// What is wrong with a record the CSV reader refused; `fields`, the
/// fields it read, tell a quote left open (a field that runs over lines)
/// from a row that is merely short.
pub(super) fn csv_error_message(e: &csv::Error, fields: Option<&csv::ByteRecord>) -> String {
    let runs_over_lines = fields.is_some_and(|r| r.iter().any(|f| f.contains(&b'\n')));
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } if len < expected_len && runs_over_lines => format!(
            "row has {len} fields but the header has {expected_len} (a quote that is never \
             closed joins the lines after it into one field)"
        ),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("row has {len} fields but the header has {expected_len}"),
        csv::ErrorKind::Utf8 { err, .. } => not_utf8(err),
        _ => e.to_string(),
    }
}

/// What is wrong with a field whose bytes are not UTF-8 (in a row or the
/// header row).
pub(super) fn not_utf8(err: &csv::Utf8Error) -> String {
    format!(
        "field {} is not valid UTF-8 (save the file as UTF-8)",
        err.field() + 1
    )
}

/// Turns an SQLite constraint error into the field it concerns and a
/// message, told apart by SQLite's extended result code; the fields come
/// from the table's `columns`.
pub(super) fn constraint_message(
    table: &str,
    columns: &[Column],
    error: &rusqlite::Error,
    record: &csv::StringRecord,
    header: &csv::StringRecord,
) -> (String, String) {
    let cell = |column: &str| {
        header
            .iter()
            .position(|h| h == column)
            .and_then(|at| record.get(at))
            .unwrap_or("")
            .to_string()
    };
    let code = match error {
        rusqlite::Error::SqliteFailure(failure, _) => failure.extended_code,
        _ => 0,
    };
    match code {
        ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
            let fields: Vec<&str> = columns
                .iter()
                .filter(|c| c.primary_key)
                .map(|c| c.name.as_str())
                .collect();
            let values: Vec<String> = fields.iter().map(|f| cell(f)).collect();
            (
                fields.join(","),
                format!("duplicate: '{}' already appears above", values.join("', '")),
            )
        }
        // The one CHECK of the tables: a citation names exactly one row.
        ffi::SQLITE_CONSTRAINT_CHECK if table == "citations" => {
            let targets: Vec<&str> = columns
                .iter()
                .map(|c| c.name.as_str())
                .filter(|name| model::cited().any(|def| def.singular == *name))
                .collect();
            (
                targets.join(","),
                "exactly one of these must name the cited row".into(),
            )
        }
        _ => ("-".into(), error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::nearest_hint;

    #[test]
    fn a_hint_names_the_nearest_or_else_a_short_list_whole() {
        let types = ["agreement", "summit", "visit"];
        assert_eq!(nearest_hint("vist", &types), "; did you mean visit?");
        assert_eq!(
            nearest_hint("meeting", &types),
            "; it is one of: agreement, summit, visit"
        );
        // Nothing to list: no table rows, or too many to read in a message.
        assert_eq!(nearest_hint("meeting", &[]), "");
        let many: Vec<String> = (0..31).map(|i| format!("actor{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(nearest_hint("zzzz", &many), "");
    }
}
