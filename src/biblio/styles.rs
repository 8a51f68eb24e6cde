//! Citations to paste: a reference-list entry and an in-text citation in
//! the Chicago author-date style (17th edition), APA (7th) or MLA (9th),
//! as plain text. A source's container (the periodical or site it
//! appeared in) follows its title, as all three styles place it. People
//! are filed and cited by family name, which the data marks (see
//! [`crate::author`]); a body's name is written as the data gives it.
//! Where the data lacks what a style asks for — a container, a date — the
//! entry leaves it out rather than guess.

use super::{Date, Source, MONTHS};
use crate::author::{self, Author, Person};
use crate::languages;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Chicago,
    Apa,
    Mla,
}

impl Style {
    /// The heading of the list of references.
    pub fn heading(self) -> &'static str {
        match self {
            Style::Mla => "Works Cited",
            Style::Chicago | Style::Apa => "References",
        }
    }
}

/// What tells apart one author's sources: in Chicago and APA a letter
/// after the year for those of one year (1998a, 1998b, in the order of
/// their titles), in MLA a mark that the in-text citation needs a short
/// title; empty where there is no need. In the order of `sources`.
pub fn suffixes(style: Style, sources: &[&Source]) -> Vec<String> {
    let mut groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (n, source) in sources.iter().enumerate() {
        let year = if style == Style::Mla {
            String::new()
        } else {
            year(source)
        };
        groups
            .entry((who(source).to_lowercase(), year))
            .or_default()
            .push(n);
    }
    let mut out = vec![String::new(); sources.len()];
    for members in groups.values().filter(|m| m.len() > 1) {
        let mut members = members.clone();
        members.sort_by_key(|n| filing(&sources[*n].title));
        for (letter, n) in ('a'..='z').zip(members) {
            out[n] = letter.to_string();
        }
    }
    out
}

/// Who a source is by: its author, or (none given) its title.
fn who(source: &Source) -> String {
    source
        .author
        .clone()
        .unwrap_or_else(|| source.title.clone())
}

fn year(source: &Source) -> String {
    source.date().map_or_else(
        || "n.d.".into(),
        |date| match &date.end {
            Some(end) if end[0] != date.year() => format!("{}–{}", date.year(), end[0]),
            _ => date.year().to_string(),
        },
    )
}

/// The order of a reference list: by author (or title), then year.
pub fn sort_key(source: &Source) -> (String, String, String) {
    (filing(&who(source)), year(source), filing(&source.title))
}

/// A name or title as it is filed: without case, and without a leading
/// English article, which all three styles pass over in alphabetizing
/// ("The Japan Times" files under J).
fn filing(text: &str) -> String {
    let text = text.trim().to_lowercase();
    for article in ["the ", "a ", "an "] {
        if let Some(rest) = text.strip_prefix(article) {
            return rest.trim_start().to_string();
        }
    }
    text
}

/// The entry of the reference list for `source`.
pub fn reference(style: Style, source: &Source, suffix: &str) -> String {
    let title = source.title.trim();
    let quoted = shown_title(title);
    let date = source.date();
    let url = source.url.as_deref();
    let container = source.container.as_deref();
    let mut parts: Vec<String> = Vec::new();
    match style {
        Style::Chicago => {
            let year = with_stop(&format!("{}{suffix}", year(source)));
            match &source.author {
                Some(author) => parts.extend([with_stop(&listed(style, author)), year, quoted]),
                None => parts.extend([quoted, year]),
            }
            if source.lang != "en" {
                parts.push(format!("In {}.", languages::name(&source.lang)));
            }
            // "Monitor, vol. 2, no. 52, April 30, 1996.", either part alone.
            let full = date.as_ref().and_then(|d| full_date(d, false));
            let place: Vec<&str> = [container, full.as_deref()].into_iter().flatten().collect();
            if !place.is_empty() {
                parts.push(with_stop(&place.join(", ")));
            }
            parts.extend(url.map(|u| format!("{u}.")));
        }
        Style::Apa => {
            let when = match date.as_ref().and_then(|d| full_date(d, true)) {
                Some(full) => format!("({}{suffix}, {full}).", year(source)),
                None => format!("({}{suffix}).", year(source)),
            };
            match &source.author {
                Some(author) => {
                    parts.extend([with_stop(&listed(style, author)), when, with_stop(title)])
                }
                None => parts.extend([with_stop(title), when]),
            }
            parts.extend(container.map(with_stop));
            parts.extend(url.map(str::to_string));
        }
        Style::Mla => {
            parts.extend(
                source
                    .author
                    .as_deref()
                    .map(|a| with_stop(&listed(style, a))),
            );
            let mut tail: Vec<String> = Vec::new();
            tail.extend(container.map(str::to_string));
            tail.extend(date.as_ref().map(mla_date));
            tail.extend(url.map(|u| {
                u.trim_start_matches("https://")
                    .trim_start_matches("http://")
                    .to_string()
            }));
            parts.push(quoted);
            if !tail.is_empty() {
                parts.push(format!("{}.", tail.join(", ")));
            }
        }
    }
    parts.join(" ")
}

/// The in-text citation, without its parentheses: "WPS 1998, para. 4".
pub fn in_text(style: Style, source: &Source, suffix: &str, locators: &[&str]) -> String {
    let (who, when) = in_text_parts(style, source, suffix, locators);
    named(style, &who, &when)
}

/// The in-text citation in two parts: who is cited, and what follows the
/// name in Chicago and APA — the year and the places — which one author's
/// works cited together share the name before ("Jamestown Foundation
/// 1998a, 1998b"). MLA names a work by its title: all of it is the first
/// part.
pub fn in_text_parts(
    style: Style,
    source: &Source,
    suffix: &str,
    locators: &[&str],
) -> (String, String) {
    let who = match &source.author {
        Some(author) => cited(style, author),
        None if languages::is_description(&source.title) => source.title.trim().to_string(),
        None => format!("“{}”", short(original(&source.title))),
    };
    let at = locators.join(", ");
    let placed = |text: String, between: &str| match at.is_empty() {
        true => text,
        false => format!("{text}{between}{at}"),
    };
    match style {
        Style::Chicago | Style::Apa => (who, placed(format!("{}{suffix}", year(source)), ", ")),
        Style::Mla if suffix.is_empty() || source.author.is_none() => {
            (placed(who, " "), String::new())
        }
        Style::Mla => {
            let titled = format!("{who}, “{}”", short(original(&source.title)));
            (placed(titled, " "), String::new())
        }
    }
}

/// A name and what follows it in an in-text citation: "WPS 1998" in
/// Chicago, "WPS, 1998" in APA; in MLA the name is all of it.
pub fn named(style: Style, who: &str, when: &str) -> String {
    match style {
        Style::Chicago => format!("{who} {when}"),
        Style::Apa => format!("{who}, {when}"),
        Style::Mla => who.to_string(),
    }
}

/// The authors as a reference list writes them: Chicago and MLA put the
/// first person's family name first and the others' last ("Ito,
/// Mitsutoshi, and Victor Kuzminkov"), APA every one's, with initials
/// ("Ito, M., & Kuzminkov, V."); MLA names one person and "et al." for
/// three or more. A body's name is written as it is.
fn listed(style: Style, author: &str) -> String {
    let people = match author::parse(author) {
        Author::Body(name) => return name.to_string(),
        Author::People(people) => people,
    };
    let names: Vec<String> = match style {
        Style::Apa => people.iter().map(Person::with_initials).collect(),
        Style::Mla if people.len() > 2 => return format!("{}, et al.", people[0].inverted()),
        Style::Chicago | Style::Mla => (people.iter().enumerate())
            .map(|(n, p)| if n == 0 { p.inverted() } else { p.natural() })
            .collect(),
    };
    let and = if style == Style::Apa { "&" } else { "and" };
    match names.split_last() {
        Some((last, before)) if !before.is_empty() => {
            format!("{}, {and} {last}", before.join(", "))
        }
        _ => names.concat(),
    }
}

/// The authors as an in-text citation names them: by family name, two
/// joined ("Ito and Kuzminkov", APA "Ito & Kuzminkov"), three or more as
/// the first "et al." — but Chicago names three.
fn cited(style: Style, author: &str) -> String {
    let people = match author::parse(author) {
        Author::Body(name) => return name.to_string(),
        Author::People(people) => people,
    };
    let and = if style == Style::Apa { "&" } else { "and" };
    match (style, people.as_slice()) {
        (_, [one]) => one.family.to_string(),
        (_, [a, b]) => format!("{} {and} {}", a.family, b.family),
        (Style::Chicago, [a, b, c]) => format!("{}, {}, and {}", a.family, b.family, c.family),
        (_, [first, ..]) => format!("{} et al.", first.family),
        (_, []) => String::new(),
    }
}

/// A title as Chicago and MLA write it: in quotation marks, unless it is
/// a description; an English translation after it in square brackets
/// (`川奈首脳会談 [The Kawana summit]`) stays outside the quotation marks.
fn shown_title(title: &str) -> String {
    match (
        languages::is_description(title),
        languages::translated(title),
    ) {
        (true, _) => with_stop(title),
        (false, Some((original, translation))) => with_stop(&format!("“{original}” {translation}")),
        (false, None) => format!("“{}”", with_stop(title)),
    }
}

/// A title without its bracketed translation: what an in-text citation
/// shortens.
fn original(title: &str) -> &str {
    languages::translated(title).map_or(title, |(original, _)| original)
}

/// The first words of a title, for an in-text citation of a source
/// without an author.
fn short(title: &str) -> String {
    let words: Vec<&str> = title.split_whitespace().collect();
    let mut short = words.iter().take(4).copied().collect::<Vec<_>>().join(" ");
    short = short.trim_end_matches([',', ';', ':', '.']).to_string();
    if words.len() > 4 {
        short.push('…');
    }
    short
}

/// Text ending in a full stop (or the mark it already ends in).
fn with_stop(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '?', '!']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// "September 13, 1991", "September 1991", "Autumn 1997" (APA without
/// the year: "September 13"); None for a bare year.
fn full_date(date: &Date, without_year: bool) -> Option<String> {
    let year = if without_year {
        String::new()
    } else {
        format!(" {}", date.year())
    };
    let circa = if date.circa { "ca. " } else { "" };
    let text = match (date.season, date.start.get(1), date.start.get(2)) {
        (Some(season), _, _) => {
            let name = ["Spring", "Summer", "Autumn", "Winter"][season as usize - 1];
            format!("{name}{year}")
        }
        (None, Some(month), Some(day)) => {
            let comma = if without_year { "" } else { "," };
            format!("{} {day}{comma}{year}", MONTHS[*month as usize - 1])
        }
        (None, Some(month), None) => format!("{}{year}", MONTHS[*month as usize - 1]),
        _ => return None,
    };
    if date.end.is_some() {
        return None;
    }
    Some(format!("{circa}{}", text.trim()))
}

/// MLA's date: "13 Sept. 1991", "Sept. 1991", "1991".
fn mla_date(date: &Date) -> String {
    const SHORT: [&str; 12] = [
        "Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
        "Dec.",
    ];
    let mut parts: Vec<String> = Vec::new();
    if let (Some(day), None) = (date.start.get(2), date.season) {
        parts.push(day.to_string());
    }
    if let (Some(month @ 1..=12), None) = (date.start.get(1), date.season) {
        parts.push(SHORT[*month as usize - 1].to_string());
    }
    parts.push(date.year().to_string());
    let text = parts.join(" ");
    if date.circa {
        format!("c. {text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(author: Option<&str>, title: &str, published: &str) -> Source {
        Source {
            id: title.into(),
            key: title.into(),
            title: title.into(),
            author: author.map(str::to_string),
            container: None,
            kind: "press".into(),
            published: Some(published.into()).filter(|p: &String| !p.is_empty()),
            url: Some("https://example.org/a".into()),
            note: None,
            lang: "en".into(),
        }
    }

    #[test]
    fn chicago_author_date_entries_and_citations() {
        let wps = source(Some("WPS"), "Military cooperation", "1998-12-07");
        assert_eq!(
            reference(Style::Chicago, &wps, ""),
            "WPS. 1998. “Military cooperation.” December 7, 1998. https://example.org/a."
        );
        assert_eq!(
            in_text(Style::Chicago, &wps, "", &["para. 4"]),
            "WPS 1998, para. 4"
        );
        let untitled = source(None, "Relations with Japan under Yeltsin era", "");
        assert_eq!(
            reference(Style::Chicago, &untitled, ""),
            "“Relations with Japan under Yeltsin era.” n.d. https://example.org/a."
        );
        assert_eq!(
            in_text(Style::Chicago, &untitled, "", &["I §2", "II §5"]),
            "“Relations with Japan under…” n.d., I §2, II §5"
        );
        let described = source(Some("Asahi"), "[Obituary of Toshiki Kaifu]", "2022-01-14");
        assert_eq!(
            reference(Style::Chicago, &described, ""),
            "Asahi. 2022. [Obituary of Toshiki Kaifu]. January 14, 2022. https://example.org/a."
        );
        assert_eq!(
            reference(Style::Mla, &described, ""),
            "Asahi. [Obituary of Toshiki Kaifu]. 14 Jan. 2022, example.org/a."
        );
        let untitled = source(None, "[A report without a title]", "");
        assert_eq!(
            in_text(Style::Chicago, &untitled, "", &[]),
            "[A report without a title] n.d."
        );
        let mut translated = source(
            Some("MOFA"),
            "川奈首脳会談 [The Kawana summit]",
            "1998-04-28",
        );
        translated.lang = "ja".into();
        assert_eq!(
            reference(Style::Chicago, &translated, ""),
            "MOFA. 1998. “川奈首脳会談” [The Kawana summit]. In Japanese. April 28, 1998. \
             https://example.org/a."
        );
        assert_eq!(
            reference(Style::Mla, &translated, ""),
            "MOFA. “川奈首脳会談” [The Kawana summit]. 28 Apr. 1998, example.org/a."
        );
        translated.author = None;
        assert_eq!(
            in_text(Style::Chicago, &translated, "", &[]),
            "“川奈首脳会談” 1998"
        );
        let mut ja = source(Some("MOFA"), "川奈首脳会談", "1998-23");
        ja.lang = "ja".into();
        assert_eq!(
            reference(Style::Chicago, &ja, "b"),
            "MOFA. 1998b. “川奈首脳会談.” In Japanese. Autumn 1998. https://example.org/a."
        );
    }

    #[test]
    fn people_are_filed_and_cited_by_family_name_in_each_style() {
        let one = source(Some("Timakova, Natalya"), "Report from Tokyo", "1998-04-21");
        assert_eq!(
            reference(Style::Chicago, &one, ""),
            "Timakova, Natalya. 1998. “Report from Tokyo.” April 21, 1998. https://example.org/a."
        );
        assert_eq!(in_text(Style::Chicago, &one, "", &[]), "Timakova 1998");
        assert_eq!(
            reference(Style::Apa, &one, ""),
            "Timakova, N. (1998, April 21). Report from Tokyo. https://example.org/a"
        );
        assert_eq!(in_text(Style::Apa, &one, "", &[]), "Timakova, 1998");
        assert_eq!(
            in_text(Style::Mla, &one, "", &["para. 2"]),
            "Timakova para. 2"
        );
        let two = source(
            Some("Ito, Mitsutoshi; Kuzminkov, Victor"),
            "Politics",
            "2006",
        );
        let three = source(
            Some("Ward, Geoffrey C.; Burns, Ken; Novick, Lynn"),
            "War",
            "2007",
        );
        let four = source(Some("A, Bo; C, Di; E, Fa; G, Hu"), "Four", "2001");
        let cases = [
            (
                Style::Chicago,
                &two,
                "Ito, Mitsutoshi, and Victor Kuzminkov.",
                "Ito and Kuzminkov 2006",
            ),
            (
                Style::Apa,
                &two,
                "Ito, M., & Kuzminkov, V.",
                "Ito & Kuzminkov, 2006",
            ),
            (
                Style::Mla,
                &two,
                "Ito, Mitsutoshi, and Victor Kuzminkov.",
                "Ito and Kuzminkov",
            ),
            (
                Style::Chicago,
                &three,
                "Ward, Geoffrey C., Ken Burns, and Lynn Novick.",
                "Ward, Burns, and Novick 2007",
            ),
            (
                Style::Apa,
                &three,
                "Ward, G. C., Burns, K., & Novick, L.",
                "Ward et al., 2007",
            ),
            (
                Style::Mla,
                &three,
                "Ward, Geoffrey C., et al.",
                "Ward et al.",
            ),
            (
                Style::Chicago,
                &four,
                "A, Bo, Di C, Fa E, and Hu G.",
                "A et al. 2001",
            ),
        ];
        for (style, source, listed, cited) in cases {
            let reference = reference(style, source, "");
            assert!(reference.starts_with(listed), "{style:?}: {reference}");
            assert_eq!(in_text(style, source, "", &[]), cited, "{style:?}");
        }
        // A body keeps its name, whatever its words.
        let body = source(
            Some("Prime Minister of Japan and His Cabinet"),
            "Diary",
            "1997",
        );
        assert_eq!(
            in_text(Style::Apa, &body, "", &[]),
            "Prime Minister of Japan and His Cabinet, 1997"
        );
    }

    #[test]
    fn apa_and_mla() {
        let ap = source(
            Some("Associated Press"),
            "Russians Ask Japan for Aid",
            "1991-09-13~",
        );
        assert_eq!(
            reference(Style::Apa, &ap, ""),
            "Associated Press. (1991, ca. September 13). Russians Ask Japan for Aid. https://example.org/a"
        );
        assert_eq!(in_text(Style::Apa, &ap, "", &[]), "Associated Press, 1991");
        assert_eq!(
            reference(Style::Mla, &ap, ""),
            "Associated Press. “Russians Ask Japan for Aid.” c. 13 Sept. 1991, example.org/a."
        );
        assert_eq!(
            in_text(Style::Mla, &ap, "", &["para. 2"]),
            "Associated Press para. 2"
        );
    }

    #[test]
    fn a_container_follows_the_title_in_every_style() {
        let mut monitor = source(
            Some("Jamestown Foundation"),
            "Slow Going in Russo-Japanese Relations",
            "1996-03-14~",
        );
        monitor.container = Some("Monitor, vol. 2, no. 52".into());
        assert_eq!(
            reference(Style::Chicago, &monitor, ""),
            "Jamestown Foundation. 1996. “Slow Going in Russo-Japanese Relations.” \
             Monitor, vol. 2, no. 52, ca. March 14, 1996. https://example.org/a."
        );
        assert_eq!(
            reference(Style::Apa, &monitor, ""),
            "Jamestown Foundation. (1996, ca. March 14). Slow Going in Russo-Japanese Relations. \
             Monitor, vol. 2, no. 52. https://example.org/a"
        );
        assert_eq!(
            reference(Style::Mla, &monitor, ""),
            "Jamestown Foundation. “Slow Going in Russo-Japanese Relations.” \
             Monitor, vol. 2, no. 52, c. 14 Mar. 1996, example.org/a."
        );
        let mut undated = source(Some("Samurai Archives"), "Treaty of Shimoda", "");
        undated.container = Some("SamuraiWiki".into());
        assert_eq!(
            reference(Style::Chicago, &undated, ""),
            "Samurai Archives. n.d. “Treaty of Shimoda.” SamuraiWiki. https://example.org/a."
        );
    }

    #[test]
    fn a_reference_list_files_names_without_a_leading_article() {
        let times = source(Some("The Japan Times"), "Ivanov reaffirms", "2000-02-10");
        let kyodo = source(Some("Kyodo"), "Talks", "1997-01-01");
        let jamestown = source(Some("Jamestown Foundation"), "Monitor", "1998-01-01");
        let an = source(None, "An Untitled Report", "1995-01-01");
        let mut list = [&kyodo, &times, &an, &jamestown];
        list.sort_by_key(|s| sort_key(s));
        let authors: Vec<&str> = list
            .iter()
            .map(|s| s.author.as_deref().unwrap_or(&s.title))
            .collect();
        assert_eq!(
            authors,
            [
                "Jamestown Foundation",
                "The Japan Times",
                "Kyodo",
                "An Untitled Report"
            ]
        );
        assert_eq!(filing("Theory of Games"), "theory of games");
        assert_eq!(filing("A. Smith"), "a. smith");
    }

    #[test]
    fn one_authors_sources_of_one_year_get_letters_by_title() {
        let a = source(Some("Jamestown Foundation"), "Rough Sailing", "1998-07-29");
        let b = source(
            Some("Jamestown Foundation"),
            "Japanese-Russian Defense Talks",
            "1998-06-04",
        );
        let c = source(Some("Jamestown Foundation"), "Earlier", "1997-01-01");
        assert_eq!(suffixes(Style::Chicago, &[&a, &b, &c]), vec!["b", "a", ""]);
        let mla = suffixes(Style::Mla, &[&a, &b, &c]);
        assert_eq!(mla, vec!["c", "b", "a"]);
        let d = source(
            Some("Jamestown Foundation"),
            "The Kuril Talks",
            "1998-01-01",
        );
        assert_eq!(
            suffixes(Style::Chicago, &[&a, &b, &d]),
            vec!["c", "a", "b"],
            "files under K, not T"
        );
        assert_eq!(
            in_text(Style::Mla, &a, &mla[0], &["para. 1"]),
            "Jamestown Foundation, “Rough Sailing” para. 1"
        );
    }
}
