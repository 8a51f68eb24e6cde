//! `rjkb show <id | name | alias | words>`: one record, vertically, with
//! everything linked to it — its disagreements first, then for an event
//! the positions taken on what was proposed there, its periods and the
//! story before and after it, for a proposal its lineage both ways — and
//! every citation with its quote and passage. The record is found and
//! gathered by [`crate::record`]; this writes it.

use crate::author;
use crate::cmd::Context;
use crate::dates::{follows_from_date, for_people, is_date_field};
use crate::output::Format;
use crate::record::{find, record, text};
use crate::terminal::{shell_word, write_wrapped};
use anyhow::Result;
use clap::Args;
use serde_json::{Map, Value};
use std::io::Write;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// An id (krasnoyarsk-summit), an actor's name or alias (Примаков), or words of an id or title (five stage proposal)
    #[arg(required = true, num_args = 1..)]
    pub name: Vec<String>,
    /// List every linked record: the one-field-a-line view lists the first
    /// 10 of a list of more than 20 (an actor's events), and always every
    /// citation and disagreement
    #[arg(long)]
    pub all: bool,
}

/// How many of a long list of linked records the one-field-a-line view
/// lists, and how long a list is before it is cut: `show japan` was 1,146
/// lines, 179 events of four lines each. Lists of up to 20 are whole, so
/// that a cut always spares many lines.
const SHOWN: usize = 10;
const LONG: usize = 20;

/// The lists that are the record's own evidence, never cut.
const WHOLE: &[&str] = &["disagreements", "citations"];

/// A record written one field a line (the default), or as one JSON object:
/// pretty (`json`) or on one line (`jsonl`). Formats of rows do not fit
/// one nested record and are refused.
pub const FORMATS: &[Format] = &[Format::Table, Format::Json, Format::Jsonl];

pub fn run(ctx: &Context, args: ShowArgs) -> Result<()> {
    let conn = ctx.open()?;
    let wanted = args.name.join(" ");
    let (entity, id) = find(&conn, &wanted)?;
    let record = record(&conn, entity, &id)?;
    let mut out = ctx.stdout();
    match ctx.global.format {
        Some(Format::Json) => serde_json::to_writer_pretty(&mut out, &record)?,
        Some(Format::Jsonl) => serde_json::to_writer(&mut out, &record)?,
        _ => write_vertical(&mut out, &record, ctx.style().width, args.all)?,
    }
    if ctx.global.format.is_some_and(|f| f != Format::Table) {
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}
/// One field a line, empty ones left out, a date in words; each linked
/// list that has items as a section, the record's disagreements first, a
/// long one cut (unless `all`) with the command that lists it whole.
/// Long text wraps at words to `width`, under its own column.
fn write_vertical(
    out: &mut impl Write,
    record: &Map<String, Value>,
    width: Option<usize>,
    all: bool,
) -> Result<()> {
    // Labels as wide as the widest shown, not as a field left out.
    let fields: Vec<(&String, &Value)> = record
        .iter()
        .filter(|(key, value)| !value.is_array() && !value.is_null() && !follows_from_date(key))
        .collect();
    let pad = fields.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    for (key, value) in fields {
        let shown = match key.as_str() {
            key if is_date_field(key) => in_words(&text(value), true),
            "author" => author::for_people(&text(value)).to_string(),
            _ => text(value),
        };
        let label = format!("{key:<pad$}  ");
        write_wrapped(out, &label, &shown, width, label.width())?;
    }
    for (key, value) in record {
        let Some(items) = value.as_array().filter(|items| !items.is_empty()) else {
            continue;
        };
        writeln!(out, "\n{key} ({})", items.len())?;
        let cut = !all && items.len() > LONG && !WHOLE.contains(&key.as_str());
        let shown = if cut { &items[..SHOWN] } else { &items[..] };
        // One width for the list, so that its items line up.
        let pad = (shown.iter().filter_map(Value::as_object))
            .flat_map(|fields| fields.iter().filter(|(_, v)| !v.is_null()))
            .map(|(k, _)| k.width())
            .max()
            .unwrap_or(0);
        for item in shown {
            let Some(fields) = item.as_object() else {
                continue;
            };
            for (index, (field, value)) in fields.iter().filter(|(_, v)| !v.is_null()).enumerate() {
                let bullet = if index == 0 { "-" } else { " " };
                let shown = match field.as_str() {
                    field if is_date_field(field) => in_words(&text(value), false),
                    _ => text(value),
                };
                let label = format!("  {bullet} {field:<pad$}  ");
                write_wrapped(out, &label, &shown, width, label.width())?;
            }
        }
        if cut {
            let id = record.get("id").map(text).unwrap_or_default();
            writeln!(
                out,
                "  … {} more: `rjkb show {} --all` lists every one",
                items.len() - SHOWN,
                shell_word(&id)
            )?;
        }
    }
    Ok(())
}

/// A date in words, and, with `stored`, the EDTF it is stored as.
fn in_words(edtf: &str, stored: bool) -> String {
    let words = for_people(edtf);
    if stored && words != edtf {
        format!("{words} ({edtf})")
    } else {
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The record given as JSON, as `show` writes it.
    fn shown(json: &str) -> String {
        let record: Map<String, Value> = serde_json::from_str(json).unwrap();
        let mut out = Vec::new();
        write_vertical(&mut out, &record, None, false).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn labels_are_as_wide_as_the_widest_field_shown() {
        let out = shown(
            r#"{"entity": "event", "id": "x", "date": "1998-04-19",
                "date_precision": "day", "note": null,
                "participants": [{"actor": "japan", "role": null}]}"#,
        );
        assert!(
            out.starts_with("entity  event\nid      x\ndate    19 Apr 1998"),
            "{out}"
        );
        assert!(out.contains("\n  - actor  japan\n"), "{out}");
        // A list's items line up, each as wide as the widest label shown.
        let out = shown(
            r#"{"id": "x", "periods": [{"id": "a", "character": null},
                                       {"id": "b", "character": "calm"}]}"#,
        );
        assert!(
            out.ends_with("  - id         a\n  - id         b\n    character  calm\n"),
            "{out}"
        );
    }
}
