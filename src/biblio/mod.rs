//! The bibliography: sources as entries a reference manager imports
//! (BibTeX, RIS, CSL-JSON), and citations a reader pastes (Chicago
//! author-date, APA, MLA).
//!
//! A source has a title, an author (people, family name first, or an
//! issuing body: see [`crate::author`]),
//! a container (the periodical, site or series it appeared in), a kind,
//! a publication date (EDTF), an address (only an `http` or `https` one
//! is written), a note and a language.
//! Each format gets the entry type nearest the source's kind:
//!
//! | kind        | BibTeX                  | RIS    | CSL               |
//! |-------------|-------------------------|--------|-------------------|
//! | press       | article (newspaper)     | NEWS   | article-newspaper |
//! | analysis    | article                 | JOUR   | article           |
//! | official    | misc                    | GOVDOC | document          |
//! | memoir      | book                    | BOOK   | book              |
//! | study text  | unpublished             | UNPB   | manuscript        |
//! | fact check  | misc                    | RPRT   | report            |
//! | (any other) | misc                    | GEN    | document          |

mod bibtex;
pub mod citation;
mod csl;
mod ris;
pub mod styles;

use crate::address::web_address;
use crate::dates::parse_edtf;
use crate::statement::Sql;
use anyhow::Result;
use rusqlite::Connection;
use std::collections::HashSet;
use std::io::Write;

/// A format a reference manager imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bib {
    Bibtex,
    Ris,
    CslJson,
}

/// One source, as a bibliography needs it.
#[derive(Debug, Clone, Default)]
pub struct Source {
    pub id: String,
    /// A citation key made from the id: the same in every format.
    pub key: String,
    pub title: String,
    pub author: Option<String>,
    /// The periodical, site or series it appeared in, as cited.
    pub container: Option<String>,
    pub kind: String,
    pub published: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
    /// ISO 639-1; empty in the data means English.
    pub lang: String,
}

/// Entry types by kind: BibTeX (and its entry subtype), RIS, CSL.
const TYPES: &[(&str, &str, &str, &str, &str)] = &[
    ("press", "article", "newspaper", "NEWS", "article-newspaper"),
    ("analysis", "article", "", "JOUR", "article"),
    ("official", "misc", "", "GOVDOC", "document"),
    ("memoir", "book", "", "BOOK", "book"),
    ("study text", "unpublished", "", "UNPB", "manuscript"),
    ("fact check", "misc", "", "RPRT", "report"),
];

impl Source {
    /// The entry types for this source's kind (see the module's table).
    fn types(&self) -> (&'static str, &'static str, &'static str, &'static str) {
        TYPES
            .iter()
            .find(|t| t.0 == self.kind)
            .map_or(("misc", "", "GEN", "document"), |t| (t.1, t.2, t.3, t.4))
    }

    /// The publication date, when it is a date rjkb reads.
    pub fn date(&self) -> Option<Date> {
        Date::parse(self.published.as_deref()?)
    }
}

/// The sources with these ids, in this order (each once).
pub fn load(conn: &Connection, ids: &[String]) -> Result<Vec<Source>> {
    let mut sql = Sql::new(
        "SELECT s.id, s.title, s.author, s.kind, s.published, s.url, s.note, s.lang, s.container \
         FROM json_each(:ids) j JOIN source_listing s ON s.id = j.value ORDER BY j.key",
    );
    sql.bind(":ids", serde_json::to_string(ids)?);
    let mut stmt = sql.prepare(conn)?;
    let mut rows = stmt.raw_query();
    let mut sources: Vec<Source> = Vec::new();
    let mut loaded = HashSet::new();
    let mut keys = HashSet::new();
    let text = |v: Option<String>| v.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        if !loaded.insert(id.clone()) {
            continue;
        }
        let author = text(row.get(2)?);
        // A container that only repeats the author (a Los Angeles Times
        // article by the Los Angeles Times) names nothing more: the styles
        // would print the paper twice. The data leaves it empty; a folder
        // that fills it in is cited the same.
        let container = text(row.get(8)?).filter(|c| author.as_ref() != Some(c));
        sources.push(Source {
            key: key(&id, &mut keys),
            id,
            title: row.get::<_, Option<String>>(1)?.unwrap_or_default(),
            author,
            kind: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
            published: text(row.get(4)?),
            // Only an address a reader can open: never `javascript:` or
            // a file, which a PDF or a reference manager might follow.
            url: text(row.get(5)?).filter(|u| web_address(u).is_some()),
            note: text(row.get(6)?),
            lang: crate::languages::code(row.get::<_, Option<String>>(7)?.as_deref()).to_string(),
            container,
        });
    }
    Ok(sources)
}

/// A citation key for an id: letters, digits and `-_:.` kept, anything
/// else `_`; made unique with `-2`, `-3`... when two ids come out alike.
fn key(id: &str, taken: &mut HashSet<String>) -> String {
    let plain: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let plain = if plain.is_empty() {
        "source".into()
    } else {
        plain
    };
    let mut key = plain.clone();
    let mut n = 1;
    while !taken.insert(key.clone()) {
        n += 1;
        key = format!("{plain}-{n}");
    }
    key
}

/// Writes the sources in `format`.
pub fn write(out: &mut dyn Write, sources: &[Source], format: Bib) -> Result<()> {
    match format {
        Bib::Bibtex => bibtex::write(out, sources),
        Bib::Ris => ris::write(out, sources),
        Bib::CslJson => csl::write(out, sources),
    }
}

/// A publication date in parts: year, month, day as far as given, a
/// season, an end for an interval, and whether it is approximate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    pub start: Vec<u32>,
    pub end: Option<Vec<u32>>,
    /// 1 spring, 2 summer, 3 autumn, 4 winter.
    pub season: Option<u32>,
    pub circa: bool,
}

impl Date {
    /// Reads an EDTF date of the forms rjkb accepts (`dates.rs`).
    pub fn parse(edtf: &str) -> Option<Date> {
        let edtf = edtf.trim();
        if edtf.is_empty() || parse_edtf(edtf).is_err() {
            return None;
        }
        let mut circa = false;
        let mut season = None;
        let mut part = |text: &str| -> Option<Vec<u32>> {
            let text = text.trim_end_matches(|c| {
                let q = matches!(c, '~' | '?' | '%');
                circa |= q;
                q
            });
            let mut numbers: Vec<u32> = text
                .split('-')
                .map(|p| p.parse().ok())
                .collect::<Option<_>>()?;
            if let Some(month @ 21..=24) = numbers.get(1).copied() {
                season = Some(month - 20);
                numbers.truncate(1);
            }
            Some(numbers)
        };
        let (start, end) = match edtf.split_once('/') {
            Some((a, b)) => (part(a)?, Some(part(b)?)),
            None => (part(edtf)?, None),
        };
        // A season stands alone; in an interval its year is enough.
        let season = season.filter(|_| end.is_none());
        Some(Date {
            start,
            end,
            season,
            circa,
        })
    }

    pub fn year(&self) -> u32 {
        self.start[0]
    }
}

/// Month names, for styles that write them out.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Text on one line: control characters and line breaks as spaces, runs
/// of white space as one.
pub fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_apart_into_parts() {
        let d = Date::parse("1995-06-06~").unwrap();
        assert_eq!(
            (d.start.clone(), d.circa, d.year()),
            (vec![1995, 6, 6], true, 1995)
        );
        let d = Date::parse("1997-23").unwrap();
        assert_eq!((d.start.clone(), d.season), (vec![1997], Some(3)));
        let d = Date::parse("1996/1997-03").unwrap();
        assert_eq!(
            (d.start.clone(), d.end.clone()),
            (vec![1996], Some(vec![1997, 3]))
        );
        assert_eq!(Date::parse("13 May"), None);
        assert_eq!(Date::parse(""), None);
    }

    #[test]
    fn keys_are_safe_and_unique() {
        let mut taken = HashSet::new();
        assert_eq!(key("ap-1991-09-13", &mut taken), "ap-1991-09-13");
        assert_eq!(key("a b", &mut taken), "a_b");
        assert_eq!(key("a{b", &mut taken), "a_b-2");
        assert_eq!(key("", &mut taken), "source");
        assert_eq!(key("日本", &mut taken), "__");
    }

    #[test]
    fn text_stays_on_one_line() {
        assert_eq!(one_line(" a\r\nER  - b\u{1b}c\t"), "a ER - b c");
    }
}
