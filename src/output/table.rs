//! The terminal table: every cell escaped, dates in words, and the columns
//! fitted to the terminal.
//!
//! comfy-table draws it and wraps cells at spaces. What it cannot know is
//! which text must not be cut: so each column gets a lower bound, its
//! widest word (a date's whole cell), and an id, a date, a number or a
//! source key is never broken inside. When those bounds do not fit the
//! width on one line, the columns with nothing in them are left out (their
//! room goes to text), then, while the bounds still do not fit, those with
//! one value in every row (a filter's `--by primakov` makes the actor
//! column say nothing a row needs), then those of lowest priority (the
//! rightmost of equals first); [`TableWriter::finish`] returns their names,
//! with the one value, for the caller to say so. A column of numbers is
//! set right, its reals given one count of decimals, so that it reads down
//! its digits ("0.100" above "0.224", not "0.1").

use super::{text, Header, Style};
use crate::dates::for_people;
use crate::terminal::{self, Highlight};
use anyhow::Result;
use comfy_table::{
    presets, Attribute, Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width,
};
use rusqlite::types::ValueRef;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// Left and right padding of a cell.
const PADDING: usize = 2;

/// The fewest columns prose is squeezed into (unless all of it is
/// narrower): a title three words wide is better left out, and named.
const READABLE: usize = 20;

pub(super) struct TableWriter {
    table: Table,
    /// The cells as shown: escaped, dates in words, highlights styled.
    rows: Vec<Vec<String>>,
    /// Per column: its widest word (a date's widest line) and its widest
    /// line.
    least: Vec<usize>,
    widest: Vec<usize>,
    /// Per column: what the rows have in it (None before a row).
    content: Vec<Option<Content>>,
    /// `repeats[j][i]`: every cell of column j, highlights aside, is the
    /// cell of column i in its row, or a part of it marked by an ellipsis
    /// (a search's snippet of a title that matched is that title).
    repeats: Vec<Vec<bool>>,
    numbers: Vec<Numbers>,
    priorities: Vec<u8>,
    names: Vec<String>,
    in_words: Vec<bool>,
    highlight: Highlight,
    width: Option<usize>,
}

/// Where a range of dates in words may break: "31 May –" / "7 Jun 1998".
const RANGE: &str = " – ";

/// Whether a column holds numbers only (NULLs aside), and the most
/// decimals of its reals.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Numbers {
    None,
    Integers,
    Reals(usize),
    Not,
}

impl Numbers {
    fn add(self, cell: &ValueRef<'_>, shown: &str) -> Numbers {
        let decimals = shown.split_once('.').map_or(0, |(_, d)| d.len());
        match (self, cell) {
            (_, ValueRef::Null) => self,
            (Numbers::Not, _) | (_, ValueRef::Text(_) | ValueRef::Blob(_)) => Numbers::Not,
            // Rust writes infinity as "inf": not a number to pad.
            (_, ValueRef::Real(f)) if !f.is_finite() => Numbers::Not,
            (Numbers::None | Numbers::Integers, ValueRef::Integer(_)) => Numbers::Integers,
            (Numbers::None | Numbers::Integers, ValueRef::Real(_)) => Numbers::Reals(decimals),
            (Numbers::Reals(most), _) => Numbers::Reals(most.max(decimals)),
        }
    }

    /// `cell` (a number as Rust writes it, or empty) with `decimals`.
    fn pad(cell: &mut String, decimals: usize) {
        if cell.is_empty() || decimals == 0 {
            return;
        }
        let has = match cell.split_once('.') {
            Some((_, d)) => d.len(),
            None => {
                cell.push('.');
                0
            }
        };
        cell.extend(std::iter::repeat_n('0', decimals.saturating_sub(has)));
    }
}

/// What a column holds in the rows so far, as shown.
enum Content {
    /// One value in every row: "" when the column is empty.
    Same(String),
    Varied,
}

impl Content {
    fn add(content: &mut Option<Content>, cell: &str) {
        match content {
            None => *content = Some(Content::Same(cell.to_string())),
            Some(Content::Same(value)) if value != cell => *content = Some(Content::Varied),
            Some(_) => {}
        }
    }
}

impl TableWriter {
    pub(super) fn new(style: &Style, header: &Header) -> TableWriter {
        let mut table = Table::new();
        table.load_style(presets::UTF8_FULL_CONDENSED);
        // Without a width to fit (a pipe, --wide) nothing wraps: a table
        // pasted elsewhere keeps its rows whole.
        table.set_content_arrangement(match style.width {
            Some(_) => ContentArrangement::Dynamic,
            None => ContentArrangement::Disabled,
        });
        if style.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        let count = header.names.len();
        let mut least = vec![0; count];
        if style.headers {
            table.set_header(header.names.iter().zip(&mut least).map(|(name, least)| {
                let name = terminal::escape(name);
                *least = name.width();
                let cell = Cell::new(name);
                if style.color {
                    cell.add_attribute(Attribute::Bold)
                } else {
                    cell
                }
            }));
        }
        TableWriter {
            table,
            rows: Vec::new(),
            widest: least.clone(),
            content: (0..count).map(|_| None).collect(),
            repeats: (0..count)
                .map(|j| (0..count).map(|i| i != j).collect())
                .collect(),
            numbers: vec![Numbers::None; count],
            least,
            priorities: header.priorities.clone(),
            names: header.names.clone(),
            in_words: header.in_words.clone(),
            highlight: if style.color {
                Highlight::Bold
            } else {
                Highlight::Brackets
            },
            width: style.width,
        }
    }

    /// Adds one row: each cell escaped (the table is written to a
    /// terminal with its styling raw), a date written in words.
    pub(super) fn row(&mut self, cells: &[ValueRef<'_>]) {
        let mut row = Vec::with_capacity(cells.len());
        let mut bare = Vec::with_capacity(cells.len());
        for (index, cell) in cells.iter().enumerate() {
            let mut value = text(cell);
            let date = self.in_words.get(index).copied().unwrap_or(false);
            if date {
                value = for_people(&value).into();
            }
            // Measured as shown: brackets take room, bold does not.
            let unmarked = terminal::cell(&value, Highlight::None);
            let plain = match self.highlight {
                Highlight::Bold => unmarked.clone(),
                shown => terminal::cell(&value, shown),
            };
            let widest = plain.lines().map(|l| l.width()).max().unwrap_or(0);
            let least = if date {
                // A date is never cut; a range only at its dash.
                plain
                    .split(RANGE)
                    .map(|end| end.width() + RANGE.trim_end().width())
                    .max()
                    .unwrap_or(0)
                    .min(widest)
            } else {
                plain.split([' ', '\n']).map(unbroken).max().unwrap_or(0)
            };
            if let (Some(l), Some(w)) = (self.least.get_mut(index), self.widest.get_mut(index)) {
                *l = (*l).max(least);
                *w = (*w).max(widest);
            }
            if let Some(content) = self.content.get_mut(index) {
                Content::add(content, &plain);
            }
            if let Some(numbers) = self.numbers.get_mut(index) {
                *numbers = numbers.add(cell, &plain);
            }
            row.push(terminal::cell(&value, self.highlight));
            bare.push(unmarked);
        }
        self.note_repeats(&bare);
        self.rows.push(row);
    }

    /// Keeps `repeats` true only where this row's cell is the other's, or
    /// an elided part of it; of two columns equal in every row, the later
    /// repeats the earlier. (A short cell that merely occurs in a longer
    /// one, an actor's id in a position's, repeats nothing.)
    fn note_repeats(&mut self, cells: &[String]) {
        for (j, within) in self.repeats.iter_mut().enumerate() {
            let Some(cell) = cells.get(j) else { continue };
            let part = cell.trim_matches('…');
            let elided = part.len() < cell.len();
            for (i, other) in within.iter_mut().enumerate() {
                let Some(whole) = cells.get(i) else { continue };
                let same = cell == whole && i < j;
                *other = *other && (same || (elided && whole.contains(part)));
            }
        }
    }

    /// The column that `index` only repeats, if one is shown.
    fn repeated(&self, index: usize, shown: &[usize]) -> Option<usize> {
        let filled = self.filled(index) && self.rows.len() > 1;
        let within = self.repeats.get(index)?;
        filled.then(|| shown.iter().copied().find(|&i| within[i]))?
    }

    /// Writes the table, if it has a row or a header; returns the names of
    /// the columns left out to fit the width.
    pub(super) fn finish(mut self, out: &mut dyn Write, headers: bool) -> Result<Vec<String>> {
        let numbers = self.align_numbers();
        let (left_out, constraints) = match self.width {
            Some(width) => self.fit(width),
            None => (Vec::new(), Vec::new()),
        };
        let shown: Vec<usize> = (0..self.names.len())
            .filter(|i| !left_out.contains(i))
            .collect();
        let names = left_out
            .into_iter()
            .map(|i| match (self.one_value(i), self.filled(i)) {
                (_, false) => format!("{} (empty)", self.names[i]),
                (Some(value), true) => {
                    format!(
                        "{} ({} in every row)",
                        self.names[i],
                        terminal::cut(value, 24)
                    )
                }
                (None, true) => match self.repeated(i, &shown) {
                    Some(other) => format!(
                        "{} (within the {} in every row)",
                        self.names[i], self.names[other]
                    ),
                    None => self.names[i].clone(),
                },
            })
            .collect();
        if !self.rows.is_empty() || headers {
            let mut table = self.table;
            // comfy-table makes a column for a header or a row's cell, so
            // without a header the rows come first, then what is said of
            // their columns.
            table.add_rows(self.rows);
            if let Some(width) = self.width {
                // Always the width asked: left to itself, comfy-table fits
                // a table to the terminal it finds, which `--width` may
                // not be (none at all in some pseudo-terminals), breaking
                // ids a fitting table never breaks.
                table.set_constraints(constraints).set_width(clamp(width));
            }
            for index in numbers {
                if let Some(column) = table.column_mut(index) {
                    column.set_cell_alignment(CellAlignment::Right);
                }
            }
            terminal::styled(|| writeln!(out, "{table}"))?;
        }
        Ok(names)
    }

    /// Pads the reals of each column of numbers to its most decimals (which
    /// can only widen a cell); returns those columns, to be set right.
    fn align_numbers(&mut self) -> Vec<usize> {
        let mut columns = Vec::new();
        for (index, numbers) in self.numbers.iter().enumerate() {
            let decimals = match numbers {
                Numbers::Integers => 0,
                Numbers::Reals(decimals) => *decimals,
                Numbers::None | Numbers::Not => continue,
            };
            for row in &mut self.rows {
                if let Some(cell) = row.get_mut(index) {
                    Numbers::pad(cell, decimals);
                    self.widest[index] = self.widest[index].max(cell.width());
                    self.least[index] = self.least[index].max(cell.width());
                }
            }
            columns.push(index);
        }
        columns
    }

    /// Whether any row has something in column `index`.
    fn filled(&self, index: usize) -> bool {
        match &self.content[index] {
            None => false,
            Some(Content::Same(value)) => !value.is_empty(),
            Some(Content::Varied) => true,
        }
    }

    /// The one value column `index` has in every row, when there are
    /// rows enough for that to tell something.
    fn one_value(&self, index: usize) -> Option<&str> {
        match &self.content[index] {
            Some(Content::Same(value)) if self.rows.len() > 1 => Some(value),
            _ => None,
        }
    }

    /// Leaves out the columns of lowest priority until the rest fit
    /// `width` without breaking a word, and bounds each shown column below
    /// by its widest word. Returns the indexes left out, and each column's
    /// constraint.
    fn fit(&mut self, width: usize) -> (Vec<usize>, Vec<ColumnConstraint>) {
        let count = self.least.len();
        let all: Vec<usize> = (0..count).collect();
        if needed(&self.widest, &all) <= width {
            return (Vec::new(), Vec::new());
        }
        let mut least: Vec<usize> = (self.least.iter().zip(&self.widest).zip(&self.in_words))
            .map(|((least, widest), date)| match date {
                true => *least,
                false => (*least).max((*widest).min(READABLE)),
            })
            .collect();
        let (shown, mut left_out) = self.choose(&least, width);
        left_out.sort_unstable();
        self.widen_dates(&mut least, &shown, width);
        self.break_ranges(&least);
        // Room for one column's content, borders and padding aside.
        let room = width.saturating_sub(needed(&vec![0; count], &shown));
        let constraints = (0..count)
            .map(|index| {
                if left_out.contains(&index) {
                    ColumnConstraint::Hidden
                } else {
                    let least = least[index].min(room).max(1) + PADDING;
                    ColumnConstraint::LowerBoundary(Width::Fixed(clamp(least)))
                }
            })
            .collect();
        (left_out, constraints)
    }

    /// Room that the shown columns leave when every other column has all
    /// it needs goes to the dates, up to their widest: otherwise a range
    /// breaks at its dash beside room the table never uses ("Sep 1992 –"
    /// over "1996" in a table six columns short of the terminal).
    fn widen_dates(&self, least: &mut [usize], shown: &[usize], width: usize) {
        let mut bound: Vec<usize> = (0..least.len())
            .map(|i| {
                if self.in_words[i] {
                    least[i]
                } else {
                    self.widest[i]
                }
            })
            .collect();
        for &index in shown.iter().filter(|&&i| self.in_words[i]) {
            let spare = width.saturating_sub(needed(&bound, shown));
            bound[index] = self.widest[index].min(bound[index] + spare);
            least[index] = bound[index];
        }
    }

    /// Too narrow for a date column's every cell on one line (`least`):
    /// ranges wider break at their dash; any other date stays whole.
    fn break_ranges(&mut self, least: &[usize]) {
        for (index, _) in self.in_words.iter().enumerate().filter(|(_, d)| **d) {
            for row in &mut self.rows {
                if let Some(cell) = row.get_mut(index) {
                    if cell.width() > least[index] {
                        *cell = cell.replace(RANGE, " –\n");
                    }
                }
            }
        }
    }

    /// The columns shown and those left out, each column at least `least`
    /// wide, in `width`.
    fn choose(&self, least: &[usize], width: usize) -> (Vec<usize>, Vec<usize>) {
        // A column with nothing in it gives its room to those with text.
        let (mut shown, mut left_out): (Vec<usize>, Vec<usize>) =
            (0..least.len()).partition(|&index| self.filled(index));
        if shown.is_empty() {
            std::mem::swap(&mut shown, &mut left_out);
        }
        let empty = left_out.len();
        while shown.len() > 1 && needed(least, &shown) > width {
            // One value in every row goes first, said once on stderr;
            // then a column that only repeats another shown; then the
            // lowest priority; of equals, the rightmost.
            let Some(at) = (0..shown.len()).min_by_key(|&at| {
                let index = shown[at];
                let varied = self.one_value(index).is_none();
                let own = self.repeated(index, &shown).is_none();
                (
                    varied,
                    own,
                    self.priorities[index],
                    std::cmp::Reverse(index),
                )
            }) else {
                break;
            };
            left_out.push(shown.remove(at));
        }
        // A narrower column left out on the way may fit beside the rest:
        // back it comes, the most important first (one with a value the
        // same in every row, or repeating one shown, stays out: stderr
        // says it).
        let back: Vec<usize> = left_out.iter().skip(empty).copied().collect();
        for index in back.into_iter().rev() {
            if self.one_value(index).is_some() || self.repeated(index, &shown).is_some() {
                continue;
            }
            let mut with = shown.clone();
            with.push(index);
            if needed(least, &with) <= width {
                shown = with;
                left_out.retain(|i| *i != index);
            }
        }
        (shown, left_out)
    }
}

/// The width of the widest part of `word` that must not be broken: a run
/// of letters, digits and signs. Between two wide (CJK) characters a line
/// may break, as Japanese and Chinese text, which has no spaces, breaks.
fn unbroken(word: &str) -> usize {
    let mut widest = 0;
    let mut run = 0;
    for c in word.chars() {
        let width = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if width > 1 {
            widest = widest.max(run).max(width);
            run = 0;
        } else {
            run += width;
        }
    }
    widest.max(run)
}

/// The width the `shown` columns need at their lower bounds: content,
/// padding, and a border between and around them.
fn needed(least: &[usize], shown: &[usize]) -> usize {
    shown.iter().map(|&i| least[i] + PADDING).sum::<usize>() + shown.len() + 1
}

fn clamp(width: usize) -> u16 {
    u16::try_from(width).unwrap_or(u16::MAX)
}

/// What to tell a reader about the columns a table left out to fit.
pub(super) fn left_out_note(names: &[String], width: usize, choosable: bool) -> String {
    let columns = if choosable {
        "choose columns with --columns, "
    } else {
        ""
    };
    format!(
        "rjkb: left out to fit {width} columns: {}; {columns}see every one with --wide, \
         or the whole rows with --format csv",
        names.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_latin_words_are_unbroken_cjk_breaks_anywhere() {
        assert_eq!(unbroken("jamestown-4-146"), 15);
        assert_eq!(unbroken("東京宣言"), 2);
        assert_eq!(unbroken("「東京宣言」,「経済宣言」"), 2);
        assert_eq!(unbroken("Ельцин"), 6);
        assert_eq!(unbroken("G7サミット"), 2);
    }

    #[test]
    fn a_column_with_nothing_in_it_gives_its_room_to_text() {
        use crate::output::Format;
        let header = Header::ranked([("id", 3), ("container", 5), ("note", 1)]);
        let note = "a note of many words that wraps in the width it has";
        let left_out = |width: usize, cells: &[ValueRef<'_>]| {
            let style = Style {
                format: Format::Table,
                headers: true,
                color: false,
                width: Some(width),
            };
            let mut table = TableWriter::new(&style, &header);
            table.row(cells);
            table.row(&[ValueRef::Text(b"tokyo"), ValueRef::Null, ValueRef::Null]);
            table.finish(&mut Vec::new(), true).unwrap()
        };
        let empty = [
            ValueRef::Text(b"kawana"),
            ValueRef::Null,
            ValueRef::Text(note.as_bytes()),
        ];
        let filled = [empty[0], ValueRef::Text(b"Monitor"), empty[2]];
        // Wide enough for every column, once the note wraps: the empty one
        // goes all the same, and says why.
        assert_eq!(left_out(50, &empty), ["container (empty)"]);
        assert!(left_out(50, &filled).is_empty());
        // Too narrow for every column: the empty one first, and then by
        // priority (the note's is the lowest).
        assert_eq!(left_out(40, &empty), ["container (empty)"]);
        assert_eq!(left_out(40, &filled), ["note"]);
        // Wide enough for every cell on one line: nothing is left out.
        assert!(left_out(100, &empty).is_empty());
    }

    #[test]
    fn room_the_table_leaves_keeps_a_range_of_dates_on_one_line() {
        let header = Header::ranked([("id", 3), ("date", 2), ("name", 1)]);
        let table = |width: usize| {
            let mut table = TableWriter::new(&style(Some(width), true), &header);
            for (id, date, name) in [
                ("stagnation", "1992-09/1996", "Four years of stagnation"),
                ("momentum", "1997-23/1998-21", "Unforeseen momentum"),
            ] {
                let cells = [id, date, name].map(|c| ValueRef::Text(c.as_bytes()));
                table.row(&cells);
            }
            let mut out = Vec::new();
            assert!(table.finish(&mut out, true).unwrap().is_empty());
            String::from_utf8(out).unwrap()
        };
        // Room for the shorter range beside names on one line: it stays
        // whole; the longer breaks at its dash, and only there.
        let narrow = table(60);
        assert!(narrow.contains("Sep 1992 – 1996"), "{narrow}");
        assert!(
            narrow.contains("autumn 1997 –  ") && narrow.contains(" spring 1998 "),
            "{narrow}"
        );
        assert!(narrow.lines().all(|l| l.width() <= 60), "{narrow}");
        // Room for both.
        assert!(table(80).contains("autumn 1997 – spring 1998"));
    }

    fn style(width: Option<usize>, headers: bool) -> Style {
        Style {
            format: crate::output::Format::Table,
            headers,
            color: false,
            width,
        }
    }

    #[test]
    fn numbers_are_set_right_with_one_count_of_decimals() {
        let header = Header::ranked([("value", 3), ("count", 2), ("share", 1)]);
        let mut table = TableWriter::new(&style(None, true), &header);
        let rows = [
            [
                ValueRef::Text(b"1997"),
                ValueRef::Integer(3),
                ValueRef::Real(0.1),
            ],
            [
                ValueRef::Text(b"a"),
                ValueRef::Integer(120),
                ValueRef::Real(0.225),
            ],
            [ValueRef::Text(b"b"), ValueRef::Null, ValueRef::Real(1.0)],
        ];
        for row in &rows {
            table.row(row);
        }
        let mut out = Vec::new();
        table.finish(&mut out, true).unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        // Text that looks like a number stays text, set left.
        assert_eq!(lines[3], "│ 1997  ┆     3 ┆ 0.100 │", "{out}");
        assert_eq!(lines[4], "│ a     ┆   120 ┆ 0.225 │", "{out}");
        assert_eq!(lines[5], "│ b     ┆       ┆ 1.000 │", "{out}");
        // The headers are set as their columns.
        assert_eq!(lines[1], "│ value ┆ count ┆ share │", "{out}");
    }

    #[test]
    fn without_headers_the_table_still_fits() {
        let header = Header::ranked([("id", 3), ("title", 2), ("note", 1)]);
        let mut table = TableWriter::new(&style(Some(56), false), &header);
        let note = "a note of many words that wraps in the width it has";
        for (id, title) in [
            ("a-long-identifier-of-row-1", "a title of some words"),
            ("a-long-identifier-of-row-2", "another title"),
        ] {
            let cells = [id, title, &format!("{title}: {note}")];
            table.row(&cells.map(|cell| ValueRef::Text(cell.as_bytes())));
        }
        let mut out = Vec::new();
        let left_out = table.finish(&mut out, false).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(left_out, ["note"]);
        assert!(out.lines().all(|line| line.width() <= 56), "{out}");
        // An id is never broken.
        assert!(out.contains("a-long-identifier-of-row-1"), "{out}");
    }

    #[test]
    fn one_value_in_every_row_goes_before_any_priority() {
        let header = Header::ranked([("id", 9), ("actor", 7), ("date", 6)]);
        let style = Style {
            format: crate::output::Format::Table,
            headers: true,
            color: false,
            width: Some(45),
        };
        let left_out = |rows: &[[&str; 3]]| {
            let mut table = TableWriter::new(&style, &header);
            for row in rows {
                table.row(&row.map(|cell| ValueRef::Text(cell.as_bytes())));
            }
            table.finish(&mut Vec::new(), true).unwrap()
        };
        let (one, two) = ("a-long-identifier-of-row-1", "a-long-identifier-of-row-2");
        // The actor is the same in both rows: it goes, and says its value.
        let same = [[one, "primakov", "1996"], [two, "primakov", "1997"]];
        assert_eq!(left_out(&same), ["actor (primakov in every row)"]);
        // Two actors: the date, of lower priority, goes.
        let varied = [[one, "primakov", "1996"], [two, "ikeda", "1997"]];
        assert_eq!(left_out(&varied), ["date"]);
        // One row tells nothing about the others: priority decides.
        assert_eq!(left_out(&same[..1]), ["date"]);
        // With the wide id gone too, the actor would fit again: it stays
        // out, as its one value is said on stderr.
        let header = Header::ranked([("id", 5), ("actor", 7), ("date", 6)]);
        let style = Style {
            width: Some(30),
            ..style
        };
        let mut table = TableWriter::new(&style, &header);
        for row in same {
            table.row(&row.map(|cell| ValueRef::Text(cell.as_bytes())));
        }
        let left_out = table.finish(&mut Vec::new(), true).unwrap();
        assert_eq!(left_out, ["id", "actor (primakov in every row)"]);
    }

    #[test]
    fn a_column_that_only_repeats_another_goes_before_any_priority() {
        let header = Header::ranked([("id", 5), ("title", 3), ("snippet", 4)]);
        let left_out = |rows: &[[&str; 3]], width: usize| {
            let mut table = TableWriter::new(&style(Some(width), true), &header);
            for row in rows {
                table.row(&row.map(|cell| ValueRef::Text(cell.as_bytes())));
            }
            table.finish(&mut Vec::new(), true).unwrap()
        };
        let (open, close) = crate::terminal::marks();
        let marked = |word: &str| format!("{open}{word}{close}");
        let one = format!("{} proposal: a border", marked("Kawana"));
        let two = format!("opposed the {} proposal", marked("Kawana"));
        let (first, second) = ("kawana-proposal-of-1998", "media-against-kawana");
        let titles = [
            [first, "Kawana proposal: a border", one.as_str()],
            [second, "opposed the Kawana proposal", two.as_str()],
        ];
        // The snippet, highlights aside, is the title in every row: it
        // goes first, though its priority is the title's better, and says
        // why.
        assert_eq!(
            left_out(&titles, 50),
            ["snippet (within the title in every row)"]
        );
        // A part of the title after an ellipsis is within it too (a cell
        // merely found in a longer one is not: see the test above).
        let part = format!("…the {} proposal", marked("Kawana"));
        let parts = [titles[0], [second, "opposed the Kawana proposal", &part]];
        assert_eq!(
            left_out(&parts, 50),
            ["snippet (within the title in every row)"]
        );
        // One snippet from elsewhere: the title, of lower priority, goes.
        let elsewhere = format!("…Hashimoto proposed at {} a border…", marked("Kawana"));
        let mixed = [
            titles[0],
            [second, "opposed the Kawana proposal", &elsewhere],
        ];
        assert_eq!(left_out(&mixed, 50), ["title"]);
        // Wide enough for all three: nothing goes.
        assert!(left_out(&titles, 200).is_empty());
    }
}
