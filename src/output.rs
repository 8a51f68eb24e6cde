//! Writing rows in the output formats.
//!
//! CSV, TSV, JSON Lines, JSON and Markdown are written row by row as the
//! query yields them, so memory stays flat however many rows there are; only
//! the terminal table needs every row first, to size its columns.

use anyhow::Result;
use clap::ValueEnum;
use comfy_table::{presets, Attribute, Cell, ContentArrangement, Table};
use rusqlite::types::{Value, ValueRef};
use serde::ser::{SerializeMap, Serializer};
use std::borrow::Cow;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Tsv,
    Json,
    Jsonl,
    Markdown,
    /// Graphviz, for `rjkb graph` only
    Dot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// How to write: resolved once from the global options and the terminal.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub format: Format,
    pub headers: bool,
    pub color: bool,
    /// Wrap a table to the terminal's width (only when writing to one).
    pub fit_terminal: bool,
}

impl Style {
    /// A terminal gets a table, a pipe gets TSV (as gh does); `--format` wins.
    pub fn resolve(format: Option<Format>, no_headers: bool, color: ColorChoice) -> Style {
        use std::io::IsTerminal;
        let tty = std::io::stdout().is_terminal();
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        };
        Style {
            format: format.unwrap_or(if tty { Format::Table } else { Format::Tsv }),
            headers: !no_headers,
            color,
            fit_terminal: tty,
        }
    }
}

/// Writes rows in `style`, one at a time. Every format but the terminal
/// table writes each row as it comes, so memory stays flat; cells are
/// borrowed from the row being read, so text is never copied on the way.
pub struct RowWriter<'a> {
    format: Format,
    headers: bool,
    color: bool,
    columns: &'a [String],
    rows: usize,
    sink: Sink<'a>,
    /// The CSV or TSV record being made: written whole, one call a row.
    line: Vec<u8>,
}

enum Sink<'a> {
    Table(&'a mut dyn Write, Box<Table>),
    Text(&'a mut dyn Write),
}

impl<'a> RowWriter<'a> {
    /// Starts the output: the header row, or what opens the document.
    pub fn new(out: &'a mut dyn Write, style: &Style, columns: &'a [String]) -> Result<Self> {
        let sink = match style.format {
            Format::Dot => anyhow::bail!("--format dot is for `rjkb graph`; listings write table, csv, tsv, json, jsonl or markdown"),
            Format::Table => Sink::Table(out, Box::new(new_table(style, columns))),
            Format::Csv => {
                if style.headers {
                    let mut line = Vec::new();
                    csv_record(&mut line, columns.iter().map(String::as_bytes));
                    out.write_all(&line)?;
                }
                Sink::Text(out)
            }
            Format::Tsv => {
                if style.headers {
                    writeln!(out, "{}", columns.join("\t"))?;
                }
                Sink::Text(out)
            }
            Format::Markdown => {
                if style.headers {
                    let names: Vec<String> = columns.iter().map(|c| escape_markdown(c)).collect();
                    writeln!(out, "| {} |", names.join(" | "))?;
                    writeln!(out, "|{}", "---|".repeat(columns.len()))?;
                }
                Sink::Text(out)
            }
            Format::Json => {
                write!(out, "[")?;
                Sink::Text(out)
            }
            Format::Jsonl => Sink::Text(out),
        };
        Ok(RowWriter {
            format: style.format,
            headers: style.headers,
            color: style.color,
            columns,
            rows: 0,
            sink,
            line: Vec::new(),
        })
    }

    /// Writes one row, its cells in the order of the columns.
    pub fn row(&mut self, cells: &[ValueRef<'_>]) -> Result<()> {
        match &mut self.sink {
            Sink::Table(_, table) => {
                // Escaped here, as every cell enters: the table is written
                // to a terminal with its styling raw.
                table.add_row(
                    cells
                        .iter()
                        .map(|c| crate::terminal::cell(&text(c), self.color)),
                );
            }
            Sink::Text(out) => match self.format {
                Format::Csv => {
                    self.line.clear();
                    csv_record(&mut self.line, cells.iter().map(bytes));
                    out.write_all(&self.line)?;
                }
                Format::Tsv => {
                    self.line.clear();
                    for (index, cell) in cells.iter().enumerate() {
                        if index > 0 {
                            self.line.push(b'\t');
                        }
                        self.line.extend_from_slice(&escape_tsv(&bytes(cell)));
                    }
                    self.line.push(b'\n');
                    out.write_all(&self.line)?;
                }
                Format::Markdown => {
                    let cells: Vec<String> =
                        cells.iter().map(|c| escape_markdown(&text(c))).collect();
                    writeln!(out, "| {} |", cells.join(" | "))?;
                }
                Format::Json => {
                    write!(out, "{}\n  ", if self.rows == 0 { "" } else { "," })?;
                    serde_json::to_writer(&mut **out, &JsonRow(self.columns, cells))?;
                }
                _ => {
                    serde_json::to_writer(&mut **out, &JsonRow(self.columns, cells))?;
                    writeln!(out)?;
                }
            },
        }
        self.rows += 1;
        Ok(())
    }

    /// Writes rows another writer made in this format, without a header.
    pub fn append(&mut self, rows: &[u8]) -> Result<()> {
        match &mut self.sink {
            Sink::Text(out) => out.write_all(rows)?,
            Sink::Table(..) => anyhow::bail!("rows cannot be appended to a terminal table"),
        }
        Ok(())
    }

    /// Ends the output: the table itself, or what closes the document.
    pub fn finish(self) -> Result<()> {
        match self.sink {
            Sink::Table(out, table) => {
                if self.rows > 0 || self.headers {
                    crate::terminal::styled(|| writeln!(out, "{table}"))?;
                }
            }
            Sink::Text(out) => {
                if self.format == Format::Json {
                    writeln!(out, "\n]")?;
                }
            }
        }
        Ok(())
    }
}

/// Writes rows that are already in memory, with `columns` as the header.
pub fn write_rows(
    out: &mut dyn Write,
    style: &Style,
    columns: &[String],
    rows: impl IntoIterator<Item = Vec<Value>>,
) -> Result<()> {
    let mut writer = RowWriter::new(out, style, columns)?;
    for row in rows {
        let cells: Vec<ValueRef> = row.iter().map(ValueRef::from).collect();
        writer.row(&cells)?;
    }
    writer.finish()
}

fn new_table(style: &Style, columns: &[String]) -> Table {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    // Off a terminal there is no width to fit: never wrap a pasted table.
    table.set_content_arrangement(if style.fit_terminal {
        ContentArrangement::Dynamic
    } else {
        ContentArrangement::Disabled
    });
    if style.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    if style.headers {
        table.set_header(columns.iter().map(|c| {
            let cell = Cell::new(crate::terminal::escape(c));
            if style.color {
                cell.add_attribute(Attribute::Bold)
            } else {
                cell
            }
        }));
    }
    table
}

/// A cell as text: NULL is the empty string; text that is not UTF-8 (which
/// SQLite allows) shows U+FFFD where a byte is wrong.
fn text<'v>(cell: &ValueRef<'v>) -> Cow<'v, str> {
    match bytes(cell) {
        Cow::Borrowed(stored) => String::from_utf8_lossy(stored),
        Cow::Owned(made) => Cow::Owned(String::from_utf8_lossy(&made).into_owned()),
    }
}

/// A cell as the bytes CSV and TSV write: text as stored, as sqlite3 writes it.
fn bytes<'v>(cell: &ValueRef<'v>) -> Cow<'v, [u8]> {
    match *cell {
        ValueRef::Null => Cow::Borrowed(b""),
        ValueRef::Integer(i) => Cow::Owned(i.to_string().into_bytes()),
        ValueRef::Real(f) => Cow::Owned(f.to_string().into_bytes()),
        ValueRef::Text(text) => Cow::Borrowed(text),
        ValueRef::Blob(blob) => Cow::Owned(format!("<{} bytes>", blob.len()).into_bytes()),
    }
}

/// One CSV record, quoted as RFC 4180 has it and as the csv crate writes
/// (a test holds the two equal; the crate's writer keeps its own buffer,
/// which rows written by another thread could not be appended to): a
/// field is quoted only when it holds a comma, a quote or a line break,
/// its quotes doubled; a record of one empty field is written `""`, or it
/// would read as no record at all.
fn csv_record<F: AsRef<[u8]>>(line: &mut Vec<u8>, fields: impl ExactSizeIterator<Item = F>) {
    let alone = fields.len() == 1;
    for (index, field) in fields.enumerate() {
        let field = field.as_ref();
        if index > 0 {
            line.push(b',');
        }
        if field.is_empty() && alone {
            line.extend_from_slice(b"\"\"");
        } else if holds_any(field, *b",\"\n\r") {
            line.push(b'"');
            for (part, piece) in field.split(|&b| b == b'"').enumerate() {
                if part > 0 {
                    line.extend_from_slice(b"\"\"");
                }
                line.extend_from_slice(piece);
            }
            line.push(b'"');
        } else {
            line.extend_from_slice(field);
        }
    }
    line.push(b'\n');
}

/// Whether `text` holds any of four bytes. It runs over every byte a CSV
/// or TSV listing writes, so it looks at eight at a time: a byte of
/// `word ^ wanted` is zero where `word` has the wanted byte, and
/// `(x - 0x01..01) & !x & 0x80..80` is nonzero exactly when `x` has a zero
/// byte.
fn holds_any(text: &[u8], bytes: [u8; 4]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = ONES << 7;
    let has = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    let mut words = text.chunks_exact(8);
    for chunk in &mut words {
        let mut eight = [0; 8];
        eight.copy_from_slice(chunk);
        let word = u64::from_ne_bytes(eight);
        if bytes.iter().fold(0, |found, &byte| found | has(word, byte)) != 0 {
            return true;
        }
    }
    words.remainder().iter().any(|b| bytes.contains(b))
}

/// One record per line: the characters that would break that are escaped.
fn escape_tsv(text: &[u8]) -> Cow<'_, [u8]> {
    if !holds_any(text, *b"\t\n\r\\") {
        return Cow::Borrowed(text);
    }
    let mut escaped = Vec::with_capacity(text.len() + 8);
    for &byte in text {
        match byte {
            b'\\' => escaped.extend_from_slice(b"\\\\"),
            b'\t' => escaped.extend_from_slice(b"\\t"),
            b'\n' => escaped.extend_from_slice(b"\\n"),
            b'\r' => escaped.extend_from_slice(b"\\r"),
            other => escaped.push(other),
        }
    }
    Cow::Owned(escaped)
}

fn escape_markdown(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

/// A row serialized as a JSON object whose keys keep the column order.
struct JsonRow<'a>(&'a [String], &'a [ValueRef<'a>]);

impl serde::Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (column, cell) in self.0.iter().zip(self.1) {
            match *cell {
                ValueRef::Null => map.serialize_entry(column, &())?,
                ValueRef::Integer(i) => map.serialize_entry(column, &i)?,
                ValueRef::Real(f) => map.serialize_entry(column, &f)?,
                ValueRef::Text(_) => map.serialize_entry(column, &text(cell))?,
                ValueRef::Blob(b) => map.serialize_entry(column, b)?,
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(format: Format, headers: bool, rows: Vec<Vec<Value>>) -> String {
        let style = Style {
            format,
            headers,
            color: false,
            fit_terminal: false,
        };
        let columns = vec!["id".to_string(), "note".to_string()];
        let mut out = Vec::new();
        write_rows(&mut out, &style, &columns, rows).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn awkward() -> Vec<Vec<Value>> {
        vec![vec![
            Value::Text("a".into()),
            Value::Text("tab\there\nnew | line".into()),
        ]]
    }

    #[test]
    fn holds_any_finds_each_byte_wherever_it_is_and_nothing_else() {
        let wanted = *b",\"\n\r";
        for len in 0..40 {
            assert!(!holds_any(&vec![b'a'; len], wanted));
            for place in 0..len {
                for byte in wanted {
                    let mut text = vec![b'a'; len];
                    text[place] = byte;
                    assert!(holds_any(&text, wanted), "{byte} at {place} of {len}");
                }
            }
        }
        // Bytes one off the wanted ones, NUL and high bytes are not them.
        for near in [
            b'+', b'-', b'!', b'#', 0x0b, 0x0c, 0x0e, 0, 0x80, 0xac, 0xa2, 0xff,
        ] {
            assert!(!holds_any(&[near; 19], wanted), "{near}");
        }
    }

    #[test]
    fn tsv_keeps_one_record_per_line() {
        assert_eq!(
            render(Format::Tsv, true, awkward()),
            "id\tnote\na\ttab\\there\\nnew | line\n"
        );
    }

    #[test]
    fn markdown_escapes_pipes_and_newlines() {
        assert_eq!(
            render(Format::Markdown, false, awkward()),
            "| a | tab\there<br>new \\| line |\n"
        );
    }

    #[test]
    fn json_keeps_nulls_numbers_and_order() {
        let rows = vec![vec![Value::Integer(3), Value::Null]];
        assert_eq!(
            render(Format::Jsonl, true, rows.clone()),
            "{\"id\":3,\"note\":null}\n"
        );
        let parsed: serde_json::Value =
            serde_json::from_str(&render(Format::Json, true, rows)).unwrap();
        assert_eq!(parsed, serde_json::json!([{"id": 3, "note": null}]));
        assert_eq!(render(Format::Json, true, vec![]).trim(), "[\n]");
    }

    #[test]
    fn no_headers_drops_the_header_row() {
        assert_eq!(render(Format::Csv, false, awkward()).lines().count(), 2);
        assert!(render(Format::Csv, true, awkward()).starts_with("id,note\n"));
    }
}
