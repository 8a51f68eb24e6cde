//! Writing rows in the output formats.
//!
//! CSV, TSV, JSON Lines, JSON and Markdown are written row by row as the
//! query yields them, so memory stays flat however many rows there are; only
//! the terminal table needs every row first, to size its columns.

use anyhow::Result;
use clap::ValueEnum;
use comfy_table::{presets, Attribute, Cell, ContentArrangement, Table};
use rusqlite::types::Value;
use serde::ser::{SerializeMap, Serializer};
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

/// Writes `rows` with `columns` as the header, in `style`.
pub fn write_rows<W: Write + ?Sized>(
    out: &mut W,
    style: &Style,
    columns: &[String],
    rows: impl Iterator<Item = Result<Vec<Value>>>,
) -> Result<()> {
    match style.format {
        Format::Dot => anyhow::bail!("--format dot is for `rjkb graph`; listings write table, csv, tsv, json, jsonl or markdown"),
        Format::Table => write_table(out, style, columns, rows),
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            if style.headers {
                writer.write_record(columns)?;
            }
            for row in rows {
                writer.write_record(row?.iter().map(plain))?;
            }
            writer.flush()?;
            Ok(())
        }
        Format::Tsv => {
            if style.headers {
                writeln!(out, "{}", columns.join("\t"))?;
            }
            for row in rows {
                let cells: Vec<String> = row?.iter().map(|v| escape_tsv(&plain(v))).collect();
                writeln!(out, "{}", cells.join("\t"))?;
            }
            Ok(())
        }
        Format::Jsonl => {
            for row in rows {
                serde_json::to_writer(&mut *out, &JsonRow(columns, &row?))?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Json => {
            write!(out, "[")?;
            for (index, row) in rows.enumerate() {
                write!(out, "{}\n  ", if index == 0 { "" } else { "," })?;
                serde_json::to_writer(&mut *out, &JsonRow(columns, &row?))?;
            }
            writeln!(out, "\n]")?;
            Ok(())
        }
        Format::Markdown => {
            if style.headers {
                let names: Vec<String> = columns.iter().map(|c| escape_markdown(c)).collect();
                writeln!(out, "| {} |", names.join(" | "))?;
                writeln!(out, "|{}", "---|".repeat(columns.len()))?;
            }
            for row in rows {
                let cells: Vec<String> = row?.iter().map(|v| escape_markdown(&plain(v))).collect();
                writeln!(out, "| {} |", cells.join(" | "))?;
            }
            Ok(())
        }
    }
}

fn write_table<W: Write + ?Sized>(
    out: &mut W,
    style: &Style,
    columns: &[String],
    rows: impl Iterator<Item = Result<Vec<Value>>>,
) -> Result<()> {
    let mut table = Table::new();
    table.load_preset(presets::UTF8_FULL_CONDENSED);
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
            let cell = Cell::new(c);
            if style.color {
                cell.add_attribute(Attribute::Bold)
            } else {
                cell
            }
        }));
    }
    let mut count = 0usize;
    for row in rows {
        table.add_row(row?.iter().map(plain));
        count += 1;
    }
    if count > 0 || style.headers {
        writeln!(out, "{table}")?;
    }
    Ok(())
}

/// A cell as text: NULL is the empty string.
pub fn plain(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(b) => format!("<{} bytes>", b.len()),
    }
}

/// One record per line: the characters that would break that are escaped.
fn escape_tsv(text: &str) -> String {
    if !text.contains(['\t', '\n', '\r', '\\']) {
        return text.to_string();
    }
    text.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

fn escape_markdown(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

/// A row serialized as a JSON object whose keys keep the column order.
struct JsonRow<'a>(&'a [String], &'a [Value]);

impl serde::Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (column, value) in self.0.iter().zip(self.1) {
            match value {
                Value::Null => map.serialize_entry(column, &())?,
                Value::Integer(i) => map.serialize_entry(column, i)?,
                Value::Real(f) => map.serialize_entry(column, f)?,
                Value::Text(t) => map.serialize_entry(column, t)?,
                Value::Blob(b) => map.serialize_entry(column, b)?,
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
        write_rows(&mut out, &style, &columns, rows.into_iter().map(Ok)).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn awkward() -> Vec<Vec<Value>> {
        vec![vec![
            Value::Text("a".into()),
            Value::Text("tab\there\nnew | line".into()),
        ]]
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
