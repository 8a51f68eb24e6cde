//! Writing rows in the output formats.
//!
//! CSV, TSV, JSON Lines, JSON and Markdown are written row by row as the
//! query yields them, so memory stays flat however many rows there are; only
//! the terminal table needs every row first, to size its columns
//! (`table`). `rows` runs statements and hands their rows to a
//! [`RowWriter`].

mod chart;
mod rows;
mod table;

pub use chart::bars;
pub use rows::{json_rows, write_checked, write_query, write_statement};

use anyhow::Result;
use clap::ValueEnum;
use rusqlite::types::{Value, ValueRef};
use serde::ser::{SerializeMap, Serializer};
use std::borrow::Cow;
use std::io::Write;

/// What a terminal is told when a question has no answer: a box of
/// headers, or nothing at all, would read as a fault.
pub const NO_ROWS: &str = "rjkb: no rows match";

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
    /// BibTeX, for listings (their sources) and `rjkb cite`
    Bibtex,
    /// RIS, for listings (their sources) and `rjkb cite`
    Ris,
    /// CSL-JSON, for listings (their sources) and `rjkb cite`
    CslJson,
}

/// The formats rows are written in: the tabular ones, then the entries a
/// reference manager imports — each family a slice of this one list.
const ROW_FORMATS: [Format; 9] = [
    Format::Table,
    Format::Csv,
    Format::Tsv,
    Format::Json,
    Format::Jsonl,
    Format::Markdown,
    Format::Bibtex,
    Format::Ris,
    Format::CslJson,
];

/// The formats every command that writes rows supports.
pub const TABULAR: &[Format] = ROW_FORMATS.split_at(6).0;

/// The formats a bibliography is written in (`rjkb cite`, a listing).
pub const BIBLIOGRAPHIES: &[Format] = ROW_FORMATS.split_at(6).1;

/// The formats a listing is written in: rows, or the entries of its sources.
pub const SOURCE_LISTS: &[Format] = &ROW_FORMATS;

impl Format {
    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Markdown => "markdown",
            Format::Dot => "dot",
            Format::Bibtex => "bibtex",
            Format::Ris => "ris",
            Format::CslJson => "csl-json",
        }
    }
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
    /// The width a table must fit, in terminal columns: the terminal's,
    /// or `--width`'s; None (a pipe, or `--wide`) for no limit.
    pub width: Option<usize>,
}

/// What the global options say about the table's width.
#[derive(Debug, Clone, Copy, Default)]
pub struct Widths {
    /// `--width N`: fit N columns, on a terminal or not.
    pub width: Option<usize>,
    /// `--wide`: fit nothing; keep every column and wrap no cell.
    pub wide: bool,
}

impl Style {
    /// A terminal gets a table, a pipe gets TSV (as gh does); `--format` wins.
    pub fn resolve(
        format: Option<Format>,
        no_headers: bool,
        color: ColorChoice,
        widths: Widths,
    ) -> Style {
        use std::io::IsTerminal;
        let tty = std::io::stdout().is_terminal();
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        };
        let width = match widths {
            Widths { wide: true, .. } => None,
            Widths { width: Some(n), .. } => Some(n),
            _ if tty => crate::terminal::stdout_width(),
            _ => None,
        };
        Style {
            format: format.unwrap_or(if tty { Format::Table } else { Format::Tsv }),
            headers: !no_headers,
            color,
            width,
        }
    }
}

/// The columns of an output: their names (the CSV header, the JSON keys)
/// and how a terminal table shows them.
#[derive(Debug, Clone)]
pub struct Header {
    pub names: Vec<String>,
    /// When a terminal is too narrow for every column, the lowest
    /// priority is left out first (of equals, the rightmost).
    priorities: Vec<u8>,
    /// Columns holding an EDTF date that a table writes in words.
    in_words: Vec<bool>,
    /// Whether `--columns` chooses these columns (a listing).
    choosable: bool,
}

impl Header {
    /// Columns shown as they are, each as important as the next.
    pub fn plain(names: Vec<String>) -> Header {
        let count = names.len();
        Header {
            names,
            priorities: vec![0; count],
            in_words: vec![false; count],
            choosable: false,
        }
    }

    /// Columns with their priorities; in a table, each that holds a date
    /// ([`crate::dates::is_date_field`]) is written in words ("autumn
    /// 1997").
    pub fn ranked<'a>(columns: impl IntoIterator<Item = (&'a str, u8)>) -> Header {
        let (names, priorities): (Vec<String>, Vec<u8>) = columns
            .into_iter()
            .map(|(name, priority)| (name.to_string(), priority))
            .unzip();
        let in_words = names
            .iter()
            .map(|name| crate::dates::is_date_field(name))
            .collect();
        Header {
            names,
            priorities,
            in_words,
            choosable: false,
        }
    }

    /// The same columns, chosen with `--columns` (which a table's note
    /// then suggests).
    pub fn choosable(self) -> Header {
        Header {
            choosable: true,
            ..self
        }
    }
}

impl From<Vec<String>> for Header {
    fn from(names: Vec<String>) -> Header {
        Header::plain(names)
    }
}

/// Writes rows in `style`, one at a time. Every format but the terminal
/// table writes each row as it comes, so memory stays flat; cells are
/// borrowed from the row being read, so text is never copied on the way.
pub struct RowWriter<'a> {
    format: Format,
    headers: bool,
    columns: &'a [String],
    choosable: bool,
    width: Option<usize>,
    rows: usize,
    sink: Sink<'a>,
    /// The CSV or TSV record being made: written whole, one call a row.
    line: Line,
}

enum Sink<'a> {
    Table(&'a mut dyn Write, Box<table::TableWriter>),
    Text(&'a mut dyn Write),
}

impl<'a> RowWriter<'a> {
    /// Starts the output: the header row, or what opens the document.
    pub fn new(out: &'a mut dyn Write, style: &Style, header: &'a Header) -> Result<Self> {
        let columns = &header.names;
        let sink = match style.format {
            Format::Dot | Format::Bibtex | Format::Ris | Format::CslJson => {
                anyhow::bail!("rows cannot be written as {}", style.format.name())
            }
            Format::Table => Sink::Table(out, Box::new(table::TableWriter::new(style, header))),
            Format::Csv => {
                if style.headers {
                    out.write_all(
                        Line::default().csv(columns.iter().map(|c| Cow::Borrowed(c.as_bytes()))),
                    )?;
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
            columns,
            choosable: header.choosable,
            width: style.width,
            rows: 0,
            sink,
            line: Line::default(),
        })
    }

    /// Writes one row, its cells in the order of the columns.
    pub fn row(&mut self, cells: &[ValueRef<'_>]) -> Result<()> {
        match &mut self.sink {
            Sink::Table(_, table) => table.row(cells),
            Sink::Text(out) => match self.format {
                Format::Csv => out.write_all(self.line.csv(cells.iter().map(bytes)))?,
                Format::Tsv => out.write_all(self.line.tsv(cells.iter().map(bytes)))?,
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

    /// Ends the output: the table itself, or what closes the document.
    pub fn finish(self) -> Result<()> {
        match self.sink {
            Sink::Table(out, table) => {
                let left_out = table.finish(out, self.headers)?;
                if self.rows == 0 && self.width.is_some() {
                    // A box of headers alone reads as a fault; say it is an answer.
                    out.flush()?;
                    crate::terminal::message(NO_ROWS);
                }
                if let (false, Some(width)) = (left_out.is_empty(), self.width) {
                    // On stderr, after the table: stdout carries the data only.
                    out.flush()?;
                    let note = table::left_out_note(&left_out, width, self.choosable);
                    crate::terminal::message(&crate::terminal::wrap(&note, width).join("\n"));
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

/// Writes rows that are already in memory under `header`.
pub fn write_rows(
    out: &mut dyn Write,
    style: &Style,
    header: &Header,
    rows: impl IntoIterator<Item = Vec<Value>>,
) -> Result<()> {
    let mut writer = RowWriter::new(out, style, header)?;
    for row in rows {
        let cells: Vec<ValueRef> = row.iter().map(ValueRef::from).collect();
        writer.row(&cells)?;
    }
    writer.finish()
}

/// A cell as text: NULL is the empty string; text that is not UTF-8 (which
/// SQLite allows) shows U+FFFD where a byte is wrong.
pub fn text<'v>(cell: &ValueRef<'v>) -> Cow<'v, str> {
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

/// One CSV or TSV record, made whole in one buffer so that it is written
/// with one call.
#[derive(Default)]
struct Line {
    bytes: Vec<u8>,
    used: usize,
    csv: csv_core::Writer,
}

impl Line {
    /// `need` bytes of room after what is written.
    fn room(bytes: &mut Vec<u8>, used: usize, need: usize) -> &mut [u8] {
        if bytes.len() < used + need {
            bytes.resize((used + need).max(2 * bytes.len()), 0);
        }
        &mut bytes[used..]
    }

    /// A CSV record, quoted by csv_core's writer as the csv crate writes
    /// (RFC 4180: a field is quoted only when it holds a comma, a quote or
    /// a line break, its quotes doubled; a record of one empty field is
    /// `""`). csv_core keeps no buffer of its own, so the record can be
    /// made in this one. (It replaced a hand-written writer that scanned
    /// eight bytes at a time: the CSV listing of 1,000,000 events takes
    /// 1.11 s with it against 0.94 s, median of 11 whole runs each — a
    /// price paid for one writer fewer to keep.)
    fn csv<'f>(&mut self, fields: impl Iterator<Item = Cow<'f, [u8]>>) -> &[u8] {
        let Line { bytes, used, csv } = self;
        *used = 0;
        for (index, field) in fields.enumerate() {
            if index > 0 {
                *used += csv.delimiter(Self::room(bytes, *used, 2)).1;
            }
            // At most every byte doubled, between quotes.
            let room = Self::room(bytes, *used, 2 * field.len() + 2);
            *used += csv.field(&field, room).2;
        }
        *used += csv.terminator(Self::room(bytes, *used, 3)).1;
        &bytes[..*used]
    }

    /// A TSV record: one per line, so the characters that would break it
    /// are escaped as `\t`, `\n`, `\r` and `\\`.
    fn tsv<'f>(&mut self, fields: impl Iterator<Item = Cow<'f, [u8]>>) -> &[u8] {
        let line = &mut self.bytes;
        line.clear();
        for (index, field) in fields.enumerate() {
            if index > 0 {
                line.push(b'\t');
            }
            if !field
                .iter()
                .any(|b| matches!(b, b'\t' | b'\n' | b'\r' | b'\\'))
            {
                line.extend_from_slice(&field);
                continue;
            }
            for &byte in field.iter() {
                match byte {
                    b'\\' => line.extend_from_slice(b"\\\\"),
                    b'\t' => line.extend_from_slice(b"\\t"),
                    b'\n' => line.extend_from_slice(b"\\n"),
                    b'\r' => line.extend_from_slice(b"\\r"),
                    other => line.push(other),
                }
            }
        }
        line.push(b'\n');
        line
    }
}

/// A cell as Markdown that renders as the text itself: a cell comes from a
/// data folder or a query, and Markdown is most often read rendered, as HTML
/// (pandoc, a forge), where `<script>` in a title would be markup and an
/// approximate span such as `1995~/1996~` a subscript. A character that can
/// open markup in CommonMark, GitHub's or pandoc's Markdown gets a backslash,
/// which all three read as "this character itself": `\ | < [ @` always, `&`
/// where an entity could begin (`&amp;`, `&#…`), and the characters that make
/// markup only in pairs (`*`, `_`, a backtick, `~`, `^`, `$`) when the cell
/// holds two of one, so that "US$10", "Oil & Gas" and the date `1991-09~`
/// stay as written — but not an underscore inside a word (`date_from`),
/// which opens nothing. A line break is `<br>`, a carriage return alone
/// too: CommonMark ends a line there, which would end the table's row.
fn escape_markdown(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let chars: Vec<char> = text.chars().collect();
    let paired: Vec<char> = ['*', '_', '`', '~', '^', '$']
        .into_iter()
        .filter(|&c| chars.iter().filter(|&&d| d == c).nth(1).is_some())
        .collect();
    let in_word = |i: usize| chars.get(i).is_some_and(|c| c.is_alphanumeric());
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let escape = match c {
            '\\' | '|' | '<' | '[' | '@' => true,
            '&' => chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '#'),
            '_' if i > 0 && in_word(i - 1) && in_word(i + 1) => false,
            _ => paired.contains(&c),
        };
        match c {
            '\n' => out.push_str("<br>"),
            _ if escape => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
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
            width: None,
        };
        let header = Header::plain(vec!["id".to_string(), "note".to_string()]);
        let mut out = Vec::new();
        write_rows(&mut out, &style, &header, rows).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn awkward() -> Vec<Vec<Value>> {
        vec![vec![
            Value::Text("a".into()),
            Value::Text("tab\there\nnew | line".into()),
        ]]
    }

    #[test]
    fn csv_is_written_as_the_csv_crate_writes_it() {
        let fields: &[&[&str]] = &[
            &["plain", "a,b", "say \"no\"", "two\nlines", "cr\r", ""],
            &[""],
            &["", ""],
            &["\"", "x"],
        ];
        let mut line = Line::default();
        for record in fields {
            let mut expected = csv::Writer::from_writer(Vec::new());
            expected.write_record(*record).unwrap();
            let expected = expected.into_inner().unwrap();
            let ours = line.csv(record.iter().map(|f| Cow::Borrowed(f.as_bytes())));
            assert_eq!(
                String::from_utf8_lossy(ours),
                String::from_utf8_lossy(&expected)
            );
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
    fn markdown_escapes_what_would_be_markup() {
        let cell = |text: &str| {
            let rows = vec![vec![Value::Text(text.into())]];
            let out = render(Format::Markdown, false, rows);
            out.trim_end()
                .trim_start_matches("| ")
                .trim_end_matches(" |")
                .to_string()
        };
        assert_eq!(cell("1995~/1996~"), "1995\\~/1996\\~");
        assert_eq!(cell("<script>x</script>"), "\\<script>x\\</script>");
        assert_eq!(
            cell("[a](b) *c* `d` $e$ ^f^ @g h&amp;"),
            "\\[a](b) \\*c\\* \\`d\\` \\$e\\$ \\^f\\^ \\@g h\\&amp;"
        );
        assert_eq!(cell("date_from _x_ a\\b"), "date_from \\_x\\_ a\\\\b");
        let plain = "US$10 million · 1991-09~/1992 · 3 * 4 · Oil & Gas · _x · a`b";
        assert_eq!(cell(plain), plain);
        assert_eq!(
            cell("one\r\ntwo\nthree\rfour"),
            "one<br>two<br>three<br>four"
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
