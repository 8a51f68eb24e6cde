//! BibTeX, as biber, BibTeX, pandoc, Zotero and JabRef read it: UTF-8
//! text, biblatex's fields (`date`, `langid`, `entrysubtype`) beside
//! BibTeX's (`year`, `month`), and every text field escaped so that its
//! braces stay balanced and `\ { } % & $ # _ ~ ^` print as themselves.
//! People are written family name first and joined by `and`, as BibTeX
//! parses names; a body's name is in an inner pair of braces, so that
//! "Associated Press" is never read as "Press, Associated". A title is in
//! one too, so that styles and readers that change a title's case
//! (pandoc makes English titles sentence case) keep it as written.

use super::{one_line, Source, MONTHS};
use crate::author::{self, Author};
use anyhow::Result;
use std::io::Write;

pub fn write(out: &mut dyn Write, sources: &[Source]) -> Result<()> {
    for (n, source) in sources.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        let (kind, subtype, _, _) = source.types();
        writeln!(out, "@{kind}{{{},", source.key)?;
        if let Some(author) = &source.author {
            field(out, "author", &names(author))?;
        }
        // In a second pair of braces: kept as written, since no style can
        // know which words are names ("Japan", "AP") it must not lower.
        field(out, "title", &format!("{{{}}}", escape(&source.title)))?;
        if let Some(container) = &source.container {
            // An article's periodical; for any other entry type the field
            // every BibTeX style prints.
            let name = if kind == "article" {
                "journal"
            } else {
                "howpublished"
            };
            field(out, name, &escape(container))?;
        }
        if !subtype.is_empty() {
            field(out, "entrysubtype", subtype)?;
        }
        if let Some(date) = source.date() {
            writeln!(out, "  year = {{{}}},", date.year())?;
            if let (Some(month @ 1..=12), None) = (date.start.get(1), date.season) {
                let name = MONTHS[*month as usize - 1].get(..3).unwrap_or_default();
                writeln!(out, "  month = {},", name.to_ascii_lowercase())?;
            }
            // As EDTF, which biblatex reads (`~` approximate, `/` a span,
            // 21-24 a season); it parsed, so it holds nothing to escape.
            if let Some(published) = &source.published {
                field(out, "date", published)?;
            }
        }
        if let Some(url) = &source.url {
            field(out, "url", &url_field(url))?;
        }
        if let Some(note) = &source.note {
            field(out, "note", &escape(note))?;
        }
        match crate::languages::babel(&source.lang) {
            Some(babel) => field(out, "langid", babel)?,
            None => field(out, "langid", &escape(&source.lang))?,
        }
        writeln!(out, "}}")?;
    }
    Ok(())
}

fn field(out: &mut dyn Write, name: &str, value: &str) -> Result<()> {
    writeln!(out, "  {name} = {{{value}}},")?;
    Ok(())
}

/// Text for a BibTeX field: on one line, LaTeX's special characters
/// escaped. Everything else, non-ASCII letters included, as it is (UTF-8).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in one_line(text).chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '{' | '}' | '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// An address for the `url` field, which is read verbatim: only what
/// would unbalance its braces or end it (`{ } \`, white space, control
/// characters) is percent-encoded, which a browser reads the same.
fn url_field(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.trim().chars() {
        if matches!(c, '{' | '}' | '\\') || c.is_whitespace() || c.is_control() {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The `author` field's value: "{Timakova, Natalya}", "{Ito, Mitsutoshi
/// and Kuzminkov, Victor}", or a body's "{{Kyodo News}}".
fn names(author: &str) -> String {
    match author::parse(author) {
        Author::Body(name) => format!("{{{}}}", escape(name)),
        Author::People(people) => {
            let names: Vec<String> = (people.iter())
                .map(|p| format!("{}, {}", part(p.family, true), part(p.given, false)))
                .collect();
            names.join(" and ")
        }
    }
}

/// A part of a person's name, escaped; in braces if it holds the word
/// "and", which BibTeX would otherwise take for the start of another name,
/// or if it is a family name with a word in lower case ("d'Aragon", "van
/// Gogh"), which BibTeX would take for a particle and file apart, where the
/// data (and CSL-JSON) keep the family name whole.
fn part(text: &str, family: bool) -> String {
    let escaped = escape(text);
    let mut words = text.split_whitespace();
    let braced = words.clone().any(|w| w.eq_ignore_ascii_case("and"))
        || (family && words.any(|w| w.starts_with(char::is_lowercase)));
    match braced {
        true => format!("{{{escaped}}}"),
        false => escaped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latex_specials_are_escaped_and_braces_stay_balanced() {
        assert_eq!(
            escape("100% & {x} $1 #2 a_b ~ ^ \\ }{ é 日本"),
            "100\\% \\& \\{x\\} \\$1 \\#2 a\\_b \\textasciitilde{} \\textasciicircum{} \
             \\textbackslash{} \\}\\{ é 日本"
        );
        assert_eq!(
            url_field("https://x.org/a b{c}\\"),
            "https://x.org/a%20b%7Bc%7D%5C"
        );
        assert_eq!(
            url_field("https://x.org/?a=1&b=%20"),
            "https://x.org/?a=1&b=%20"
        );
    }

    #[test]
    fn an_entry_has_its_type_author_title_container_date_address_note_and_language() {
        let source = Source {
            id: "ap-1991".into(),
            key: "ap-1991".into(),
            title: "Russians Ask Japan for Aid".into(),
            author: Some("Associated Press".into()),
            container: Some("AP News".into()),
            kind: "press".into(),
            published: Some("1991-09-13".into()),
            url: Some("https://apnews.com/x".into()),
            note: Some("Wire report.".into()),
            lang: "ja".into(),
        };
        let mut out = Vec::new();
        write(&mut out, &[source]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "@article{ap-1991,\n  author = {{Associated Press}},\n  title = {{Russians Ask Japan for Aid}},\n  \
             journal = {AP News},\n  entrysubtype = {newspaper},\n  year = {1991},\n  month = sep,\n  date = {1991-09-13},\n  \
             url = {https://apnews.com/x},\n  note = {Wire report.},\n  langid = {japanese},\n}\n"
        );
    }

    #[test]
    fn people_are_joined_by_and_and_a_body_is_braced() {
        assert_eq!(names("Timakova, Natalya"), "Timakova, Natalya");
        assert_eq!(
            names("Ito, Mitsutoshi; Kuzminkov, Victor"),
            "Ito, Mitsutoshi and Kuzminkov, Victor"
        );
        assert_eq!(names("Associated Press"), "{Associated Press}");
        // "and" inside a name must not split it into two people.
        assert_eq!(names("Smith, Tom and Jerry"), "Smith, {Tom and Jerry}");
        assert_eq!(names("Doe, {J}ane"), "Doe, \\{J\\}ane");
        // A family name in lower case is kept whole, not read as a particle.
        assert_eq!(names("d'Aragon, Alexandre"), "{d'Aragon}, Alexandre");
        assert_eq!(names("van Gogh, Vincent"), "{van Gogh}, Vincent");
        assert_eq!(names("Hill, don"), "Hill, don");
    }
}
