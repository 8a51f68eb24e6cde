//! Partial dates in the EDTF subset the knowledge base uses (ISO 8601-2).
//!
//! Sources say "November 1996", "autumn of 1997" or "1–2 Nov 1997"; each is
//! kept as an EDTF string and turned here into inclusive ISO bounds and a
//! precision, so that filters can use overlap on plain text comparisons.
//!
//! Accepted forms: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, seasons `YYYY-21`..`YYYY-24`
//! (spring, summer, autumn, winter; Northern Hemisphere, winter running into
//! the next year), and an interval `A/B` of any two of these. Each date may
//! end in an EDTF qualifier: `~` approximate ("c. 1990"), `?` uncertain,
//! `%` both; the bounds are those of the date without it. An empty string
//! is an unknown date.
//!
//! [`for_people`] writes any of these as a historian would ("autumn 1997",
//! "1–2 Nov 1997", "1996–97"): tables and `show` print that, while CSV,
//! TSV and JSON keep the EDTF string.

use std::fmt;

/// How exact a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Day,
    Month,
    Season,
    Year,
    Interval,
    Unknown,
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Season => "season",
            Precision::Year => "year",
            Precision::Interval => "interval",
            Precision::Unknown => "unknown",
        })
    }
}

/// A parsed partial date: inclusive bounds as `YYYY-MM-DD`, or none if unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartialDate {
    pub bounds: Option<(String, String)>,
    pub precision: Precision,
}

impl PartialDate {
    pub fn from(&self) -> Option<&str> {
        self.bounds.as_ref().map(|b| b.0.as_str())
    }
    pub fn to(&self) -> Option<&str> {
        self.bounds.as_ref().map(|b| b.1.as_str())
    }
}

/// A calendar day, ordered so that intervals can be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Day(i32, u32, u32);

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0, self.1, self.2)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn number(part: &str, digits: usize, what: &str) -> Result<u32, String> {
    if part.len() != digits || !part.bytes().all(|b| b.is_ascii_digit()) {
        // A part may be most of a cell of any length: quote its start.
        let part = crate::terminal::cut(part, 20);
        return Err(format!("{what} must be {digits} digits, got '{part}'"));
    }
    part.parse().map_err(|_| format!("bad {what} '{part}'"))
}

/// An EDTF qualifier at the end of one date, and the date without it.
fn qualifier(text: &str) -> (&str, Option<char>) {
    match text.chars().last() {
        Some(q @ ('~' | '?' | '%')) => (&text[..text.len() - 1], Some(q)),
        _ => (text, None),
    }
}

/// Parses one date without '/', returning its first and last day.
fn parse_single(text: &str) -> Result<(Day, Day, Precision), String> {
    let (text, _) = qualifier(text);
    let parts: Vec<&str> = text.split('-').collect();
    let year = number(parts[0], 4, "year")? as i32;
    match parts[1..] {
        [] => Ok((Day(year, 1, 1), Day(year, 12, 31), Precision::Year)),
        [m] => {
            let m = number(m, 2, "month")?;
            match m {
                1..=12 => Ok((
                    Day(year, m, 1),
                    Day(year, m, days_in_month(year, m)),
                    Precision::Month,
                )),
                21 => Ok((Day(year, 3, 1), Day(year, 5, 31), Precision::Season)),
                22 => Ok((Day(year, 6, 1), Day(year, 8, 31), Precision::Season)),
                23 => Ok((Day(year, 9, 1), Day(year, 11, 30), Precision::Season)),
                24 if year == 9999 => {
                    Err("the winter of 9999 runs past the last year, 9999".into())
                }
                24 => Ok((
                    Day(year, 12, 1),
                    Day(year + 1, 2, days_in_month(year + 1, 2)),
                    Precision::Season,
                )),
                _ => Err(format!(
                    "month {m:02} does not exist (01-12, or 21-24 for a season)"
                )),
            }
        }
        [m, d] => {
            let m = number(m, 2, "month")?;
            let d = number(d, 2, "day")?;
            if !(1..=12).contains(&m) {
                return Err(format!("month {m:02} does not exist"));
            }
            if d == 0 || d > days_in_month(year, m) {
                return Err(format!("{year:04}-{m:02} has no day {d:02}"));
            }
            Ok((Day(year, m, d), Day(year, m, d), Precision::Day))
        }
        _ => Err("too many parts (use YYYY, YYYY-MM or YYYY-MM-DD)".into()),
    }
}

/// Parses an EDTF string of the supported subset. A date written in
/// another common form (`21.02.1998`, `1998/2/21`, `21 Feb 1998`,
/// `1998年2月21日`) is an error that names what it would be.
pub fn parse_edtf(text: &str) -> Result<PartialDate, String> {
    parse_iso(text).map_err(|why| match &readings(text.trim())[..] {
        [] => match spreadsheet_reading(text.trim()) {
            Some((date, how)) => {
                format!("dates are written YYYY-MM-DD: did you mean {date} ({how})?")
            }
            None => why,
        },
        [one] => format!("dates are written YYYY-MM-DD, YYYY-MM or YYYY: did you mean {one}?"),
        [day_first, month_first, ..] => format!(
            "dates are written YYYY-MM-DD: did you mean {day_first} (day first) or \
             {month_first} (month first)?"
        ),
    })
}

const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The dates `text` could mean if written in another common way: a
/// four-digit year with a month (number or English name) and perhaps a day,
/// in any order and with any separators; day first before month first when
/// both could be. Only readings that are days of the calendar.
fn readings(text: &str) -> Vec<String> {
    let tokens: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let is_year = |t: &&str| t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit());
    let (Some(at), 2..=3) = (tokens.iter().position(is_year), tokens.len()) else {
        return Vec::new();
    };
    let year = tokens[at];
    let rest: Vec<&str> = [&tokens[..at], &tokens[at + 1..]].concat();
    // An English month's name, or its first three letters or more.
    let named = |t: &str| {
        let t = t.to_ascii_lowercase();
        let at = MONTH_NAMES
            .iter()
            .position(|m| t.len() >= 3 && m.starts_with(&t));
        at.map(|m| (m + 1).to_string())
    };
    let orders: Vec<(String, Option<&str>)> = match rest[..] {
        [m] => vec![(named(m).unwrap_or(m.to_string()), None)],
        [a, b] => match (named(a), named(b)) {
            (Some(m), None) => vec![(m, Some(b))],
            (None, Some(m)) => vec![(m, Some(a))],
            (Some(_), Some(_)) => Vec::new(),
            // Year first: year, month, day. Year last: day first, or month first.
            (None, None) if at == 0 => vec![(a.to_string(), Some(b))],
            (None, None) => vec![(b.to_string(), Some(a)), (a.to_string(), Some(b))],
        },
        _ => Vec::new(),
    };
    let mut out: Vec<String> = Vec::new();
    for (month, day) in orders {
        let pad = |n: &str| format!("{:0>2}", n);
        let iso = match day {
            Some(d) => format!("{year}-{}-{}", pad(&month), pad(d)),
            None => format!("{year}-{}", pad(&month)),
        };
        // A month, not a season (`1998-21`), which no other form writes.
        let a_month = month.parse().is_ok_and(|m: u32| (1..=12).contains(&m));
        if a_month && parse_single(&iso).is_ok() && !out.contains(&iso) {
            out.push(iso);
        }
    }
    out
}

/// What a spreadsheet may have made of a day or a month: a day with a
/// time of day (`1998-02-21 00:00:00`), a short form with a two-digit year
/// ([`short_year_reading`]), or the spreadsheet's own number for a day,
/// counted from 30 December 1899 (`35847`; five digits, 1927 to 2173).
fn spreadsheet_reading(text: &str) -> Option<(String, String)> {
    if let Some((day, time)) = text.split_once(['T', ' ']) {
        let is_time = time.contains(':')
            && time
                .bytes()
                .all(|b| b.is_ascii_digit() || b":.Z".contains(&b));
        if is_time {
            return match parse_single(day) {
                Ok((day, _, Precision::Day)) => {
                    Some((day.to_string(), "the day without its time".into()))
                }
                _ => None,
            };
        }
    }
    if let Some(reading) = short_year_reading(text) {
        return Some(reading);
    }
    if text.len() != 5 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut left: u32 = text.parse().ok()?;
    let mut day = Day(1899, 12, 30);
    while left > 0 {
        let rest_of_month = days_in_month(day.0, day.1) - day.2;
        if left <= rest_of_month {
            day.2 += left;
            break;
        }
        left -= rest_of_month + 1;
        day = match day.1 {
            12 => Day(day.0 + 1, 1, 1),
            m => Day(day.0, m + 1, 1),
        };
    }
    Some((
        day.to_string(),
        "a spreadsheet's number for that day".into(),
    ))
}

/// A month or a day as a spreadsheet shows it with a two-digit year and
/// writes it to CSV: `Nov-97` (1997-11) or `21-Nov-97` (1997-11-21), an
/// English month's name before the year. Its year is read as spreadsheets
/// read one: 30–99 in the 1900s, 00–29 in the 2000s.
fn short_year_reading(text: &str) -> Option<(String, String)> {
    let tokens: Vec<&str> = text
        .split(['-', ' ', '/', '.'])
        .filter(|t| !t.is_empty())
        .collect();
    let (day, month, year) = match tokens[..] {
        [month, year] => (None, month, year),
        [day, month, year] => (Some(day), month, year),
        _ => return None,
    };
    let month = month.to_ascii_lowercase();
    let month = MONTH_NAMES
        .iter()
        .position(|m| month.len() >= 3 && m.starts_with(&month))?
        + 1;
    if year.len() != 2 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let short = year;
    let year: u32 = year.parse().ok()?;
    let year = if year >= 30 { 1900 + year } else { 2000 + year };
    let iso = match day {
        None => format!("{year:04}-{month:02}"),
        Some(day) if (1..=2).contains(&day.len()) => format!("{year:04}-{month:02}-{day:0>2}"),
        Some(_) => return None,
    };
    let how = format!("a spreadsheet's short form, '{short}' read as {year}");
    parse_single(&iso).is_ok().then_some((iso, how))
}

/// Parses an EDTF string of the supported subset, as written.
fn parse_iso(text: &str) -> Result<PartialDate, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(PartialDate {
            bounds: None,
            precision: Precision::Unknown,
        });
    }
    let (first, last, precision) = match text.split_once('/') {
        None => parse_single(text)?,
        Some((a, b)) => {
            let (from, _, _) = parse_single(a)?;
            let (_, to, _) = parse_single(b)?;
            if to < from {
                return Err(format!("interval '{text}' ends before it starts"));
            }
            (from, to, Precision::Interval)
        }
    };
    Ok(PartialDate {
        bounds: Some((first.to_string(), last.to_string())),
        precision,
    })
}

/// An open end of a span, as EDTF writes it.
const OPEN: &str = "..";

/// Parses a span whose ends may be open, as EDTF writes it: `1991-12-25/..`
/// (from that day on), `../1991-12-26` (until then), or any date above.
/// Returns its first and last day, None where it is open. Only the span of
/// a state (`actors.existed`) takes open ends; the dates of facts do not.
pub fn parse_span(text: &str) -> Result<(Option<String>, Option<String>), String> {
    let text = text.trim();
    match text.split_once('/') {
        Some((OPEN, OPEN)) => Err("a span needs at least one end".into()),
        Some((OPEN, end)) => Ok((None, Some(parse_single(end)?.1.to_string()))),
        Some((start, OPEN)) => Ok((Some(parse_single(start)?.0.to_string()), None)),
        _ => match parse_edtf(text)?.bounds {
            Some((from, to)) => Ok((Some(from), Some(to))),
            None => Ok((None, None)),
        },
    }
}

/// Parses a `--from`/`--to`/`--year` value: YYYY, YYYY-MM or YYYY-MM-DD.
/// The error does not quote the value: its caller does.
pub fn parse_filter_date(text: &str) -> Result<(String, String), String> {
    let date = parse_edtf(text)?;
    match (date.precision, date.bounds) {
        (Precision::Day | Precision::Month | Precision::Year, Some(b))
            if qualifier(text.trim()).1.is_none() =>
        {
            Ok(b)
        }
        _ => Err("use YYYY, YYYY-MM or YYYY-MM-DD".into()),
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// One date of an EDTF string, split into what a reader needs to write it.
#[derive(Debug, Clone, Copy)]
struct Parts {
    year: i32,
    /// 1-12 a month, 21-24 a season, None the whole year.
    month: Option<u32>,
    day: Option<u32>,
    qualifier: Option<char>,
}

fn parts(text: &str) -> Option<Parts> {
    parse_single(text).ok()?;
    let (text, qualifier) = qualifier(text);
    let mut pieces = text.split('-').map(|p| p.parse::<u32>().ok());
    Some(Parts {
        year: pieces.next()?? as i32,
        month: pieces.next().flatten(),
        day: pieces.next().flatten(),
        qualifier,
    })
}

impl Parts {
    /// The date without its year, if it has more than a year: "24 Jul",
    /// "Nov", "autumn".
    fn within_year(&self) -> Option<String> {
        let month = self.month?;
        Some(match (month, self.day) {
            (21..=24, _) => ["spring", "summer", "autumn", "winter"][month as usize - 21].into(),
            (_, Some(day)) => format!("{day} {}", MONTHS[month as usize - 1]),
            (_, None) => MONTHS[month as usize - 1].into(),
        })
    }

    /// The year as written after the rest: a winter runs into the next year.
    fn year_text(&self) -> String {
        match self.month {
            Some(24) => format!("{}–{}", self.year, short_year(self.year, self.year + 1)),
            _ => self.year.to_string(),
        }
    }

    fn words(&self) -> String {
        let text = match self.within_year() {
            Some(part) => format!("{part} {}", self.year_text()),
            None => self.year_text(),
        };
        match self.qualifier {
            Some('~') => format!("c. {text}"),
            Some('?') => format!("{text}?"),
            Some(_) => format!("c. {text}?"),
            None => text,
        }
    }
}

/// The second year of a span as historians abbreviate it: "97" after
/// 1996, in full across a century ("1999–2001").
fn short_year(first: i32, second: i32) -> String {
    if first / 100 == second / 100 && second != first {
        format!("{:02}", second % 100)
    } else {
        second.to_string()
    }
}

/// Whether a field of that name holds an EDTF date: a fact's `date`, a
/// source's `published`, a state's `existed`. Tables, `show` and the web
/// edition write these in words ([`for_people`]).
pub fn is_date_field(name: &str) -> bool {
    matches!(name, "date" | "published" | "existed")
}

/// Whether a field follows from a record's date — its first and last
/// possible days, its precision — so that what is written for reading
/// (`show`, the web edition) leaves it out, the date in words saying as
/// much; JSON, CSV and `rjkb sql` keep it.
pub fn follows_from_date(name: &str) -> bool {
    matches!(name, "date_from" | "date_to" | "date_precision")
}

/// An EDTF date as a reader writes it: "1997", "Nov 1996", "24 Jul 1997",
/// "autumn 1997", "c. 1990", "1996–97", "1–2 Nov 1997", "Feb–Apr 1998",
/// "spring 1998 – 1999"; a span with an open end "from 25 Dec 1991",
/// "until 26 Dec 1991". Empty stays empty; text that is not a date of the
/// accepted forms (a database from elsewhere) is returned as it is.
pub fn for_people(edtf: &str) -> String {
    let edtf = edtf.trim();
    if parse_span(edtf).is_ok() {
        match edtf.split_once('/') {
            Some((OPEN, end)) => return format!("until {}", for_people(end)),
            Some((start, OPEN)) => return format!("from {}", for_people(start)),
            _ => {}
        }
    }
    if edtf.is_empty() || parse_edtf(edtf).is_err() {
        return edtf.to_string();
    }
    let Some((a, b)) = edtf.split_once('/') else {
        return parts(edtf).map_or_else(|| edtf.to_string(), |p| p.words());
    };
    let (Some(a), Some(b)) = (parts(a), parts(b)) else {
        return edtf.to_string();
    };
    let plain = a.qualifier.is_none() && b.qualifier.is_none();
    match (a.within_year(), b.within_year()) {
        // 1996/1997: "1996–97".
        (None, None) if plain => format!("{}–{}", a.year, short_year(a.year, b.year)),
        // Two days or months of one year share it: "1–2 Nov 1997", "Feb–Apr 1998".
        (Some(first), Some(second)) if plain && a.year == b.year && a.month != Some(24) => {
            let same_month = a.month == b.month && a.day.is_some() && b.day.is_some();
            if same_month {
                let month = MONTHS[a.month.unwrap_or(1) as usize - 1];
                format!(
                    "{}–{} {month} {}",
                    a.day.unwrap_or(1),
                    b.day.unwrap_or(1),
                    a.year
                )
            } else {
                // An en dash between single words, spaced between groups.
                let dash = if first.contains(' ') { " – " } else { "–" };
                format!("{first}{dash}{second} {}", a.year)
            }
        }
        _ => format!("{} – {}", a.words(), b.words()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_written_another_way_is_told_its_iso_form() {
        let said = |text: &str| parse_edtf(text).unwrap_err();
        for (text, iso) in [
            ("21.02.1998", "1998-02-21"),
            ("1998/2/21", "1998-02-21"),
            ("1998-2-21", "1998-02-21"),
            ("21 February 1998", "1998-02-21"),
            ("Feb. 21, 1998", "1998-02-21"),
            ("Sept 1998", "1998-09"),
            ("02.1998", "1998-02"),
            ("1998年2月21日", "1998-02-21"),
            ("21/02/1998", "1998-02-21"),
            ("02/21/1998", "1998-02-21"),
        ] {
            assert!(
                said(text).ends_with(&format!("did you mean {iso}?")),
                "{text}: {}",
                said(text)
            );
        }
        // What a spreadsheet makes of a day.
        for (text, said_then) in [
            ("35847", "1998-02-21 (a spreadsheet's number for that day)"),
            ("36160", "1998-12-31 (a spreadsheet's number for that day)"),
            ("36161", "1999-01-01 (a spreadsheet's number for that day)"),
            ("36585", "2000-02-29 (a spreadsheet's number for that day)"),
            (
                "1998-02-21 00:00:00",
                "1998-02-21 (the day without its time)",
            ),
            ("1998-02-21T00:00", "1998-02-21 (the day without its time)"),
            (
                "Nov-97",
                "1997-11 (a spreadsheet's short form, '97' read as 1997)",
            ),
            (
                "21-Feb-98",
                "1998-02-21 (a spreadsheet's short form, '98' read as 1998)",
            ),
            (
                "1-jan-05",
                "2005-01-01 (a spreadsheet's short form, '05' read as 2005)",
            ),
        ] {
            assert_eq!(
                said(text),
                format!("dates are written YYYY-MM-DD: did you mean {said_then}?")
            );
        }
        assert_eq!(
            said("03/02/1998"),
            "dates are written YYYY-MM-DD: did you mean 1998-02-03 (day first) or 1998-03-02 \
             (month first)?"
        );
        // No reading that is a day of the calendar, or no year: as before.
        for text in [
            "30.02.1998",
            "1997-13-01",
            "spring",
            "98-02-21",
            "1999/1998",
            "Feb 30 1998",
            "1998/21",
            "1998-02 00:00",
            "1998-02-21 noon",
            "358470",
        ] {
            assert!(
                !said(text).contains("did you mean"),
                "{text}: {}",
                said(text)
            );
        }
    }

    fn bounds(text: &str) -> (String, String, Precision) {
        let d = parse_edtf(text).unwrap();
        let (a, b) = d.bounds.unwrap();
        (a, b, d.precision)
    }

    #[test]
    fn a_long_part_is_quoted_by_its_start() {
        let long = format!("1997 {}", "x".repeat(100_000));
        let message = parse_edtf(&long).unwrap_err();
        assert!(message.len() < 100, "{message}");
        assert!(message.contains("got '1997 xxxxxxxxxxxxxx…'"), "{message}");
    }

    #[test]
    fn each_precision_has_inclusive_bounds() {
        assert_eq!(
            bounds("1997"),
            ("1997-01-01".into(), "1997-12-31".into(), Precision::Year)
        );
        assert_eq!(
            bounds("1996-11"),
            ("1996-11-01".into(), "1996-11-30".into(), Precision::Month)
        );
        assert_eq!(
            bounds("1997-07-24"),
            ("1997-07-24".into(), "1997-07-24".into(), Precision::Day)
        );
        assert_eq!(
            bounds("1997-11-01/1997-11-02"),
            (
                "1997-11-01".into(),
                "1997-11-02".into(),
                Precision::Interval
            )
        );
        assert_eq!(
            bounds("1996/1997"),
            (
                "1996-01-01".into(),
                "1997-12-31".into(),
                Precision::Interval
            )
        );
    }

    #[test]
    fn seasons_follow_the_design_months() {
        assert_eq!(bounds("1999-21").0, "1999-03-01");
        assert_eq!(bounds("1999-21").1, "1999-05-31");
        assert_eq!(bounds("1997-23").0, "1997-09-01");
        assert_eq!(bounds("1997-23").1, "1997-11-30");
        // Winter runs into February of the next year, leap years included.
        assert_eq!(bounds("1995-24").1, "1996-02-29");
        assert_eq!(bounds("1996-24").1, "1997-02-28");
    }

    #[test]
    fn empty_is_unknown_not_an_error() {
        let d = parse_edtf("").unwrap();
        assert_eq!(d.precision, Precision::Unknown);
        assert!(d.bounds.is_none());
    }

    #[test]
    fn impossible_dates_are_refused() {
        for bad in [
            "1997-13-01",
            "1997-02-30",
            "1997-00",
            "1997-25",
            "spring",
            "97",
            "1997-1",
            "1998/1997",
            "1997-11-02/1997-11-01",
            "1997-11-01-02",
            "1997-",
        ] {
            assert!(parse_edtf(bad).is_err(), "{bad} should be refused");
        }
        assert!(parse_edtf("1996-02-29").is_ok());
        // Found by fuzzing: a bound past 9999 would sort before its start.
        assert!(parse_edtf("9999-24").is_err());
        assert!(parse_edtf("9998-24").is_ok());
        assert!(parse_edtf("1900-02-29").is_err());
    }

    #[test]
    fn qualified_dates_keep_the_bounds_of_the_date() {
        assert_eq!(bounds("1990~"), bounds("1990"));
        assert_eq!(bounds("1996-11?"), bounds("1996-11"));
        assert_eq!(bounds("1997-23%").0, "1997-09-01");
        assert_eq!(bounds("1990~/1992").1, "1992-12-31");
        assert!(parse_edtf("~1990").is_err());
        assert!(parse_edtf("1990~~").is_err());
    }

    #[test]
    fn every_accepted_form_reads_as_words() {
        for (edtf, words) in [
            ("", ""),
            ("1997", "1997"),
            ("1996-11", "Nov 1996"),
            ("1997-07-24", "24 Jul 1997"),
            ("1999-21", "spring 1999"),
            ("1998-22", "summer 1998"),
            ("1997-23", "autumn 1997"),
            ("1997-24", "winter 1997–98"),
            ("1999-24", "winter 1999–2000"),
            ("1990~", "c. 1990"),
            ("1996-11?", "Nov 1996?"),
            ("1997-23%", "c. autumn 1997?"),
            ("1996/1997", "1996–97"),
            ("1992/1999", "1992–99"),
            ("1999/2001", "1999–2001"),
            ("1997-11-01/1997-11-02", "1–2 Nov 1997"),
            ("1997-10-30/1997-11-02", "30 Oct – 2 Nov 1997"),
            ("1998-02/1998-04", "Feb–Apr 1998"),
            ("1996-11/1997-02", "Nov 1996 – Feb 1997"),
            ("1998-21/1999", "spring 1998 – 1999"),
            ("1992-09/1996", "Sep 1992 – 1996"),
            ("1996/1999-21", "1996 – spring 1999"),
            ("1997-21/1997-23", "spring–autumn 1997"),
            ("1997-24/1998-21", "winter 1997–98 – spring 1998"),
            ("1990~/1992", "c. 1990 – 1992"),
            ("1991-04-16/1991-04-19", "16–19 Apr 1991"),
        ] {
            assert!(parse_edtf(edtf).is_ok(), "{edtf} must be accepted");
            assert_eq!(for_people(edtf), words, "{edtf}");
        }
    }

    #[test]
    fn a_span_may_be_open_at_one_end() {
        let day = |d: &str| Some(d.to_string());
        assert_eq!(parse_span("1991-12-25/.."), Ok((day("1991-12-25"), None)));
        assert_eq!(parse_span("../1991-12"), Ok((None, day("1991-12-31"))));
        assert_eq!(
            parse_span("1992/1999"),
            Ok((day("1992-01-01"), day("1999-12-31")))
        );
        assert_eq!(parse_span(""), Ok((None, None)));
        for bad in ["../..", "1991-13/..", "../soon", "..", "1998/1997"] {
            assert!(parse_span(bad).is_err(), "{bad}");
        }
        // Facts take no open ends.
        assert!(parse_edtf("1991-12-25/..").is_err());
        assert_eq!(for_people("1991-12-25/.."), "from 25 Dec 1991");
        assert_eq!(for_people("../1991-12-26"), "until 26 Dec 1991");
        assert_eq!(for_people("../.."), "../..");
    }

    #[test]
    fn text_that_is_not_a_date_is_shown_as_it_is() {
        for odd in ["soon", "1997-13", "1998/1997", "\u{1b}[2J"] {
            assert_eq!(for_people(odd), odd);
        }
    }

    #[test]
    fn filter_dates_take_no_seasons_or_intervals() {
        assert!(parse_filter_date("1998~").is_err());
        assert_eq!(
            parse_filter_date("1998-04").unwrap(),
            ("1998-04-01".into(), "1998-04-30".into())
        );
        assert!(parse_filter_date("1998-21").is_err());
        assert!(parse_filter_date("1996/1997").is_err());
        assert!(parse_filter_date("").is_err());
    }
}
