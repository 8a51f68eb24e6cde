//! `rjkb timeline`: events and proposals interleaved in date order, and a
//! bar chart of activity per decade, year, half-year or month.
//!
//! A row with a partial date sits where its first possible day puts it and
//! is marked with its precision; the chart counts it there too, and empty
//! years are drawn, so a stagnant period shows as a gap.

use crate::cmd::query::ScopeArgs;
use crate::cmd::Context;
use crate::dates::for_people;
use crate::model::Entity;
use crate::output::{bars, Format, Header, RowWriter, NO_ROWS, SOURCE_LISTS};
use crate::query::{Filters, Listing, Scope};
use crate::statement::Sql;
use anyhow::Result;
use clap::{Args, ValueEnum};
use rusqlite::types::ValueRef;
use std::collections::BTreeMap;
use std::io::Write;

#[derive(Debug, Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Rows whose title, summary or notes contain every one of these words
    /// (as a listing's --text)
    #[arg(long, value_name = "WORDS")]
    pub text: Option<String>,
    /// Bar per decade, year, half-year or month [default: month for a range
    /// of two years or less (--year, or --from with --to), year otherwise]
    #[arg(long, value_enum)]
    pub per: Option<Per>,
    /// Print only the chart
    #[arg(long)]
    pub chart: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Per {
    Decade,
    Year,
    Half,
    Month,
}

impl Per {
    /// The bar that suits a range asked for: a year or two drawn a bar a
    /// year is one or two bars, which show nothing a reader could not
    /// count; by month, a summit or a crisis stands out.
    fn fitting(scope: &Scope) -> Per {
        let month = |day: &Option<String>| {
            bucket(day.as_deref()?, Per::Month).map(|(year, month)| year * 12 + i32::from(month))
        };
        match (month(&scope.after), month(&scope.before)) {
            (Some(first), Some(last)) if last - first < 24 => Per::Month,
            _ => Per::Year,
        }
    }
}

/// Rows, or the entries of the sources they cite (as a listing's).
pub const FORMATS: &[Format] = SOURCE_LISTS;

/// What a timeline interleaves.
pub const ENTITIES: [Entity; 2] = [Entity::Events, Entity::Proposals];

/// The columns, with their priority in a narrow terminal. A table writes
/// dates in words, which say their precision: it leaves out `partial`.
/// The kind outlasts the id: events and proposals are interleaved, and
/// "Withdraw all Russian troops" reads as done unless it says proposal
/// (`show` finds a record by its title's words too).
const COLUMNS: [(&str, u8); 6] = [
    ("date", 6),
    ("partial", 1),
    ("kind", 4),
    ("id", 3),
    ("title", 5),
    ("source", 2),
];

pub fn run(ctx: &Context, args: TimelineArgs) -> Result<()> {
    let conn = ctx.open()?;
    let scope = Scope::resolve(&conn, &args.scope.filters(), &ENTITIES)?;
    let mut stmt = statement(&scope, args.text.as_deref())?.prepare(&conn)?;
    let mut rows = stmt.raw_query();
    let style = ctx.style();
    // Entries of the sources the rows cite, as a listing writes them (with
    // `--chart`, these formats are refused as the command line is read).
    if let Some(format) = crate::cmd::cite::bib(Some(style.format)) {
        let mut cited = crate::cmd::cite::Cited::new(&conn);
        while let Some(row) = rows.next()? {
            let (kind, id): (String, String) = (row.get(2)?, row.get(3)?);
            if let Some(entity) = ENTITIES.into_iter().find(|e| e.def().singular == kind) {
                cited.add(entity, &id)?;
            }
        }
        return crate::cmd::cite::write_bibliography(ctx, &conn, &cited.sources, format);
    }
    let mut out = ctx.stdout();
    let per = args.per.unwrap_or_else(|| Per::fitting(&scope));
    let mut tally = Tally::new(per, scope.after.as_deref());
    // Rows are written as they come (a pipe gets them streamed); only
    // their first days are kept, counted, for the chart.
    if args.chart {
        while let Some(row) = rows.next()? {
            tally.add(row.get_ref(6)?.as_str_or_null()?);
        }
    } else {
        let table = style.format == Format::Table;
        let shown: Vec<usize> = (0..COLUMNS.len())
            .filter(|&i| !(table && COLUMNS[i].0 == "partial"))
            .collect();
        let header = Header::ranked(shown.iter().map(|&i| COLUMNS[i]));
        let mut writer = RowWriter::new(&mut out, &style, &header)?;
        while let Some(row) = rows.next()? {
            tally.add(row.get_ref(6)?.as_str_or_null()?);
            let cells: Vec<ValueRef> = shown
                .iter()
                .map(|&i| row.get_ref(i))
                .collect::<rusqlite::Result<_>>()?;
            writer.row(&cells)?;
        }
        writer.finish()?;
    }
    // The chart is for reading; in a pipe the rows alone are the data.
    if args.chart || style.format == Format::Table {
        if !args.chart {
            writeln!(out)?;
        }
        write!(out, "{}", tally.chart(style.width))?;
        if args.chart && tally.rows == 0 && style.width.is_some() {
            out.flush()?;
            crate::terminal::message(NO_ROWS);
        }
        if let (Some(years), Some(_)) = (tally.too_many_years(), style.width) {
            out.flush()?;
            crate::terminal::message(&decades_hint(years, "--per decade"));
        }
    }
    out.flush()?;
    ctx.say_about_text(&conn, tally.rows as u64, args.text.as_deref(), &ENTITIES)
}

/// Events and proposals in date order: the six columns shown, then
/// `date_from`; with `text`, those the listings' `--text` finds.
fn statement(scope: &Scope, text: Option<&str>) -> Result<Sql> {
    let listing = |entity, columns: &[&str]| {
        let filters = Filters {
            columns: Some(columns.iter().map(|c| c.to_string()).collect()),
            text: text.map(str::to_string),
            ..Filters::default()
        };
        Listing::within(entity, scope.clone(), &filters, false).map(|l| l.sql())
    };
    let shared = [
        "id",
        "date",
        "date_from",
        "date_to",
        "date_precision",
        "title",
        "source",
    ];
    let events = listing(Entity::Events, &shared)?;
    let proposals = listing(Entity::Proposals, &[&shared[..], &["part_of"]].concat())?;
    // Stages and fields of a plan stay with the plan: `rjkb show` lists them.
    let mut sql = Sql::new(format!(
        "SELECT date, CASE date_precision WHEN 'day' THEN '' ELSE date_precision END, kind, id, title, source, date_from \
         FROM (SELECT 'event' AS kind, * FROM ({}) \
               UNION ALL SELECT 'proposal', id, date, date_from, date_to, date_precision, title, source \
               FROM ({}) WHERE part_of IS NULL) \
         ORDER BY date_from IS NULL, date_from, date_to, kind, id",
        events.text, proposals.text
    ));
    // Both listings come from one scope and the same words (both kinds
    // are searched in the full-text index): their parameters are the same.
    sql.params = events.params;
    Ok(sql)
}

/// Rows counted per bucket (year or half-year) by their first day, for the
/// chart. With `since` (the first day asked for), rows that reach into the
/// range but began before its first bucket are counted apart, "earlier":
/// `--year 1995` does not draw 1993 and 1994 as empty.
pub struct Tally {
    per: Per,
    since: Option<(i32, u8)>,
    counts: BTreeMap<(i32, u8), usize>,
    earlier: usize,
    unknown: usize,
    rows: usize,
}

impl Tally {
    pub fn new(per: Per, since: Option<&str>) -> Self {
        Tally {
            per,
            since: since.and_then(|s| bucket(s, per)),
            counts: BTreeMap::new(),
            earlier: 0,
            unknown: 0,
            rows: 0,
        }
    }

    /// Counts one row that begins on `start` (None: undated).
    fn add(&mut self, start: Option<&str>) {
        self.add_many(start, 1);
    }

    /// Counts `n` rows that begin on `start`: a day, or the year or month
    /// `count --by year|month` groups rows by (their first month is its).
    pub fn add_many(&mut self, start: Option<&str>, n: usize) {
        self.rows += n;
        let slot = match start.and_then(|s| bucket(s, self.per)) {
            None => &mut self.unknown,
            Some(bucket) if self.since.is_some_and(|since| bucket < since) => &mut self.earlier,
            Some(bucket) => self.counts.entry(bucket).or_default(),
        };
        *slot += n;
    }

    /// How many years a chart of a bar a year spans, when that is more
    /// than a screen holds: the command then says how to draw decades.
    pub fn too_many_years(&self) -> Option<i32> {
        let keys = self.counts.keys();
        let span = match (self.per, keys.clone().next(), keys.last()) {
            (Per::Year, Some(first), Some(last)) => last.0 - first.0 + 1,
            _ => return None,
        };
        (span > MANY_YEARS).then_some(span)
    }

    /// A bar per bucket from the first to the last, empty ones included.
    pub fn chart(&self, width: Option<usize>) -> String {
        let mut lines = Vec::new();
        if self.earlier > 0 {
            lines.push(("earlier".to_string(), self.earlier));
        }
        let keys = self.counts.keys();
        if let (Some(&first), Some(&last)) = (keys.clone().next(), keys.last()) {
            let mut at = first;
            loop {
                let count = self.counts.get(&at).copied().unwrap_or(0);
                let label = match self.per {
                    Per::Decade => format!("{}s", at.0),
                    Per::Year => format!("{}", at.0),
                    Per::Half => format!("{} H{}", at.0, at.1),
                    Per::Month => for_people(&format!("{:04}-{:02}", at.0, at.1)),
                };
                lines.push((label, count));
                if at == last {
                    break;
                }
                at = match (self.per, at.1) {
                    (Per::Half, 1) => (at.0, 2),
                    (Per::Half, _) => (at.0 + 1, 1),
                    (Per::Month, 12) => (at.0 + 1, 1),
                    (Per::Month, month) => (at.0, month + 1),
                    (Per::Year, _) => (at.0 + 1, 0),
                    (Per::Decade, _) => (at.0 + 10, 0),
                };
            }
        }
        // Labels as wide as "undated", which has no bar.
        let mut text = bars(&lines, "undated".len(), width);
        if self.unknown > 0 {
            text.push_str(&format!("undated {}\n", self.unknown));
        }
        text
    }
}

/// What a terminal is told under a chart of `years` year bars: `option`
/// draws one a decade.
pub fn decades_hint(years: i32, option: &str) -> String {
    format!("rjkb: {years} years, a bar each: `{option}` draws a bar a decade")
}

/// More year bars than a terminal commonly shows at once (24 to 50 lines):
/// a chronology that spans a century or more reads better by decade.
const MANY_YEARS: i32 = 50;

/// The bar a row beginning on `date` counts in; None for a date that is
/// not one (a database from elsewhere may hold month 13, which would
/// never reach the next year when the bars are walked).
fn bucket(date: &str, per: Per) -> Option<(i32, u8)> {
    let year: i32 = date.get(..4)?.parse().ok()?;
    // A year or a decade alone (what `count --by year|decade` groups by:
    // "1997", "1990s") begins in January.
    let month: u8 = match date.len() {
        4 | 5 => 1,
        _ => date.get(5..7)?.parse().ok()?,
    };
    if !(1..=12).contains(&month) {
        return None;
    }
    Some(match per {
        Per::Decade => (year - year.rem_euclid(10), 0),
        Per::Year => (year, 0),
        Per::Half => (year, if month <= 6 { 1 } else { 2 }),
        Per::Month => (year, month),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart<'a>(
        starts: impl Iterator<Item = Option<&'a str>>,
        per: Per,
        since: Option<&str>,
        width: Option<usize>,
    ) -> String {
        let mut tally = Tally::new(per, since);
        starts.for_each(|start| tally.add(start));
        tally.chart(width)
    }

    #[test]
    fn empty_years_are_drawn_and_undated_rows_counted() {
        let dates = [
            Some("1992-09-09"),
            Some("1992-01-01"),
            Some("1995-03-01"),
            None,
        ];
        let text = chart(dates.into_iter(), Per::Year, None, None);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5, "{text}");
        assert!(lines[0].starts_with("1992    ████") && lines[0].ends_with(" 2"));
        assert!(
            lines[1].starts_with("1993") && lines[1].ends_with(" 0") && !lines[1].contains('█')
        );
        assert_eq!(lines[4], "undated 1");
    }

    #[test]
    fn halves_split_at_june() {
        let dates = [Some("1997-06-30"), Some("1997-07-01")];
        let text = chart(dates.into_iter(), Per::Half, None, None);
        assert!(text.starts_with("1997 H1"), "{text}");
        assert!(text.lines().nth(1).unwrap().starts_with("1997 H2"));
    }

    #[test]
    fn months_run_into_the_next_year_and_say_their_month_in_words() {
        let dates = [Some("1998-11-12"), Some("1999-01-07"), Some("1999-01")];
        let text = chart(dates.into_iter(), Per::Month, Some("1998-11-01"), None);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[0].starts_with("Nov 1998 ") && lines[0].ends_with(" 1"));
        assert!(lines[1].starts_with("Dec 1998 ") && lines[1].ends_with(" 0"));
        assert!(lines[2].starts_with("Jan 1999 ") && lines[2].ends_with(" 2"));
        // A month that is not one is no month: counted as undated.
        let odd = [Some("1998-13-01"), Some("1998-00-01"), Some("1999-01-07")];
        let text = chart(odd.into_iter(), Per::Month, None, None);
        assert_eq!(text.lines().collect::<Vec<_>>().len(), 2, "{text}");
        assert!(text.starts_with("Jan 1999 ") && text.ends_with("undated 2\n"));
    }

    #[test]
    fn rows_begun_before_the_range_are_counted_apart() {
        let dates = [Some("1991-01-01"), Some("1992-09-01"), Some("1995-03-01")];
        let text = chart(dates.into_iter(), Per::Year, Some("1995-01-01"), None);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].starts_with("earlier ") && lines[0].ends_with(" 2"));
        assert!(lines[1].starts_with("1995 ") && lines[1].ends_with(" 1"));
        let half = chart(dates.into_iter(), Per::Half, Some("1992-07-01"), None);
        assert!(
            half.starts_with("earlier ") && half.contains("1992 H2"),
            "{half}"
        );
        assert!(!half.contains("1992 H1"), "{half}");
    }

    #[test]
    fn decades_are_drawn_empty_ones_too_and_named_as_people_name_them() {
        let dates = [
            Some("1855-02-07"),
            Some("1875-05"),
            Some("1879"),
            Some("1998-11-12"),
        ];
        let text = chart(dates.into_iter(), Per::Decade, None, None);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 15, "{text}");
        for (line, decade, count) in [
            (0, "1850s ", " 1"),
            (1, "1860s ", " 0"),
            (2, "1870s ", " 2"),
            (14, "1990s ", " 1"),
        ] {
            assert!(
                lines[line].starts_with(decade) && lines[line].ends_with(count),
                "{text}"
            );
        }
        // What `count --by decade` groups by is counted where it says.
        let mut tally = Tally::new(Per::Decade, None);
        tally.add_many(Some("1990s"), 7);
        assert!(tally.chart(None).starts_with("1990s ") && tally.unknown == 0);
    }

    #[test]
    fn only_a_chart_of_more_years_than_a_screen_asks_for_decades() {
        let tally = |per, last: &str| {
            let mut tally = Tally::new(per, None);
            tally.add(Some("1950-01-01"));
            tally.add(Some(last));
            tally
        };
        assert_eq!(tally(Per::Year, "1999-12-31").too_many_years(), None);
        assert_eq!(tally(Per::Year, "2000-01-01").too_many_years(), Some(51));
        assert_eq!(tally(Per::Decade, "2090-01-01").too_many_years(), None);
        assert_eq!(Tally::new(Per::Year, None).too_many_years(), None);
    }
}
