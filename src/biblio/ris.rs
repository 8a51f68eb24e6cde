//! RIS, the tagged format EndNote, Zotero, Mendeley and bibutils read:
//! one `TAG  - value` a line, each record ending in `ER  - `. A value is
//! kept on one line (line breaks and control characters become spaces),
//! so nothing in the data can start a tag; text is UTF-8.

use super::{one_line, Source};
use crate::author::{self, Author};
use anyhow::Result;
use std::io::Write;

pub fn write(out: &mut dyn Write, sources: &[Source]) -> Result<()> {
    for (n, source) in sources.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        let (_, _, kind, _) = source.types();
        tag(out, "TY", kind)?;
        tag(out, "ID", &source.key)?;
        // One AU a person, family name first; a body's name as it is.
        match source.author.as_deref().map(author::parse) {
            Some(Author::People(people)) => {
                for person in people {
                    tag(out, "AU", &person.inverted())?;
                }
            }
            Some(Author::Body(name)) => tag(out, "AU", name)?,
            None => {}
        }
        tag(out, "TI", &source.title)?;
        if let Some(container) = &source.container {
            // The secondary title: a periodical's or a site's name.
            tag(out, "T2", container)?;
        }
        if let Some(date) = source.date() {
            let mut parts = date.start.iter().map(|n| format!("{n:02}"));
            let year = parts.next().unwrap_or_default();
            let rest: Vec<String> = parts.collect();
            let other = match (date.season, date.circa) {
                (Some(season), _) => ["spring", "summer", "autumn", "winter"][season as usize - 1],
                (None, true) => "approximate",
                (None, false) => "",
            };
            let month = rest.first().map_or("", String::as_str);
            let day = rest.get(1).map_or("", String::as_str);
            tag(out, "PY", &year)?;
            tag(out, "DA", &format!("{year}/{month}/{day}/{other}"))?;
        }
        if let Some(url) = &source.url {
            tag(out, "UR", url)?;
        }
        if let Some(note) = &source.note {
            tag(out, "N1", note)?;
        }
        tag(out, "LA", &source.lang)?;
        writeln!(out, "ER  - ")?;
    }
    Ok(())
}

fn tag(out: &mut dyn Write, tag: &str, value: &str) -> Result<()> {
    writeln!(out, "{tag}  - {}", one_line(value))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_cannot_start_a_tag_of_its_own() {
        let source = Source {
            key: "k".into(),
            title: "A\nER  - \nTY  - BOOK".into(),
            container: Some("Monitor,\nvol. 1".into()),
            kind: "press".into(),
            published: Some("1997-23".into()),
            lang: "en".into(),
            ..Source::default()
        };
        let mut out = Vec::new();
        write(&mut out, &[source]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "TY  - NEWS\nID  - k\nTI  - A ER - TY - BOOK\nT2  - Monitor, vol. 1\nPY  - 1997\nDA  - 1997///autumn\nLA  - en\nER  - \n"
        );
    }

    #[test]
    fn each_person_is_an_author_of_their_own() {
        let source = Source {
            key: "k".into(),
            title: "T".into(),
            author: Some("Ito, Mitsutoshi; Kuzminkov, Victor".into()),
            kind: "analysis".into(),
            lang: "en".into(),
            ..Source::default()
        };
        let mut out = Vec::new();
        write(&mut out, &[source]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("AU  - Ito, Mitsutoshi\nAU  - Kuzminkov, Victor\n"),
            "{text}"
        );
    }
}
