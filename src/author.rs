//! Who wrote a source, as the data writes it in `author`: one or more
//! people, each family name first — `Timakova, Natalya`, several joined
//! by `; ` (`Ito, Mitsutoshi; Kuzminkov, Victor`) — or the one name of a
//! body (`Kyodo News`, `Ministry of Foreign Affairs of Japan`), which has
//! no comma. The comma is the mark, as BibTeX and RIS write a person: it
//! tells a style which word to file and cite by ("Timakova 1998", filed
//! under T), which no rule could guess from "Natalya Timakova" or "Lloyd
//! Parry". A text with a part that is not `family, given` is a body's
//! name, written as it is; a folder's check refuses one that joins names
//! with `;` ([`stray_part`]), since only people are joined. A body whose
//! name has a comma is written in braces, as BibTeX braces one:
//! `{Ministry of Foreign Affairs, Japan}`.

/// One author field, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Author<'a> {
    People(Vec<Person<'a>>),
    Body(&'a str),
}

/// A person, as the data names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Person<'a> {
    pub family: &'a str,
    /// Given names, and whatever follows them (a name in its own script,
    /// in parentheses).
    pub given: &'a str,
}

/// Reads an author field (see the module's doc).
pub fn parse(text: &str) -> Author<'_> {
    if let Some(name) = braced(text) {
        return Author::Body(name);
    }
    match text.split(';').map(person).collect() {
        Some(people) => Author::People(people),
        None => Author::Body(text.trim()),
    }
}

/// In a field that joins names with `;`, which only people are, the first
/// that is not written `family, given`: the whole field would then be read
/// as one body's name ("Reuters; Associated Press"), which no reader means.
pub fn stray_part(text: &str) -> Option<&str> {
    (text.contains(';') && braced(text).is_none())
        .then(|| text.split(';').find(|part| person(part).is_none()))
        .flatten()
        .map(str::trim)
}

/// In a field read as people, the first part that reads as a body's name
/// with a comma ("Ministry of Health, Labour and Welfare of Japan" would be
/// filed and cited as "Ministry of Health"): one whose name holds a joining
/// word, `of`, `and` or `for`, which no person's names hold. Such a name is
/// written in braces.
pub fn body_read_as_person(text: &str) -> Option<&str> {
    const JOINING: [&str; 3] = ["of", "and", "for"];
    let Author::People(people) = parse(text) else {
        return None;
    };
    let joined = |name: &str| name.split_whitespace().any(|w| JOINING.contains(&w));
    let found = people
        .iter()
        .find(|p| joined(p.family) || joined(p.given))?;
    Some(found.family)
}

/// A field that opens with a brace but is not one name in braces
/// (`{Ministry of Foreign Affairs, Japan`, its brace left open): a slip,
/// which would otherwise be read as a person whose family name is
/// "{Ministry of Foreign Affairs".
pub fn unclosed_brace(text: &str) -> bool {
    text.trim_start().starts_with('{') && braced(text).is_none()
}

/// The field as a reader is shown it: a body's name in braces without
/// them (`Ministry of Foreign Affairs, Japan`); anything else as written.
/// The braces are the data's mark, not part of the name.
pub fn for_people(text: &str) -> &str {
    braced(text).unwrap_or(text)
}

/// The field as a sentence names its authors, given name first: "Don
/// Hill, Dora Slaba and Alexandre d'Aragon"; a body's name as it is.
pub fn in_words(text: &str) -> String {
    let people = match parse(text) {
        Author::Body(name) => return name.to_string(),
        Author::People(people) => people,
    };
    let names: Vec<String> = people.iter().map(Person::natural).collect();
    match names.split_last() {
        Some((last, before)) if !before.is_empty() => format!("{} and {last}", before.join(", ")),
        _ => names.concat(),
    }
}

/// A whole field in braces, `{Name, with comma}`: one body's name, as it
/// is inside them (not empty, and with no brace of its own).
fn braced(text: &str) -> Option<&str> {
    let name = text.trim().strip_prefix('{')?.strip_suffix('}')?.trim();
    (!name.is_empty() && !name.contains(['{', '}'])).then_some(name)
}

/// One name of a field: a person when written `family, given`, with one
/// comma. A second comma makes it no person's name: "Reuters, AFP, Kyodo"
/// (agencies that shared a report) is a body's name, which a bibliography
/// must not file as a person called Reuters.
fn person(part: &str) -> Option<Person<'_>> {
    let (family, given) = part.split_once(',')?;
    let (family, given) = (family.trim(), given.trim());
    (!family.is_empty() && !given.is_empty() && !given.contains(','))
        .then_some(Person { family, given })
}

impl Person<'_> {
    /// "Timakova, Natalya".
    pub fn inverted(&self) -> String {
        format!("{}, {}", self.family, self.given)
    }

    /// "Natalya Timakova".
    pub fn natural(&self) -> String {
        format!("{} {}", self.given, self.family)
    }

    /// "Timakova, N.": the given names as initials, as APA writes them
    /// ("Alexei V." → "A. V.", "Jean-Paul" → "J.-P."); a name in
    /// parentheses (its own script) is left out.
    pub fn with_initials(&self) -> String {
        let initials: Vec<String> = self
            .given
            .split_whitespace()
            .filter(|word| !word.starts_with('('))
            .map(|word| {
                let parts: Vec<String> = word
                    .split('-')
                    .filter_map(|part| part.chars().next())
                    .map(|first| format!("{first}."))
                    .collect();
                parts.join("-")
            })
            .collect();
        match initials.is_empty() {
            true => self.family.to_string(),
            false => format!("{}, {}", self.family, initials.join(" ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bodys_name_with_a_comma_is_not_taken_for_a_person() {
        let ministry = "Ministry of Health, Labour and Welfare of Japan";
        assert_eq!(body_read_as_person(ministry), Some("Ministry of Health"));
        let braced = "{Ministry of Health, Labour and Welfare of Japan}";
        assert_eq!(body_read_as_person(braced), None);
        let people = "Hill, Don; Slaba, Dora; d'Aragon, Alexandre";
        assert_eq!(body_read_as_person(people), None);
        assert_eq!(body_read_as_person("Kyodo News"), None);
        // "Ford" is not "for"; "Andropov" is not "and".
        assert_eq!(body_read_as_person("Ford, Andrew; Andropov, Yuri"), None);
    }

    #[test]
    fn a_name_with_more_than_one_comma_is_a_body() {
        let agencies = "Reuters, AFP, Kyodo, Yonhap";
        assert_eq!(parse(agencies), Author::Body(agencies));
        assert_eq!(in_words(agencies), agencies);
        // Joined with people by `;`, it is the stray part a check names.
        assert_eq!(
            stray_part("Timakova, Natalya; Reuters, AFP, Kyodo"),
            Some("Reuters, AFP, Kyodo")
        );
    }

    #[test]
    fn a_sentence_names_people_given_name_first_and_a_body_as_it_is() {
        assert_eq!(
            in_words("Hill, Don; Slaba, Dora; d'Aragon, Alexandre"),
            "Don Hill, Dora Slaba and Alexandre d'Aragon"
        );
        assert_eq!(in_words("Timakova, Natalya"), "Natalya Timakova");
        assert_eq!(in_words("Kyodo News"), "Kyodo News");
        assert_eq!(
            in_words("{Ministry of Foreign Affairs, Japan}"),
            "Ministry of Foreign Affairs, Japan"
        );
    }

    #[test]
    fn a_comma_marks_a_person_family_name_first() {
        let one = Person {
            family: "Timakova",
            given: "Natalya",
        };
        assert_eq!(parse("Timakova, Natalya"), Author::People(vec![one]));
        assert_eq!(
            parse("Ito, Mitsutoshi (伊藤光利); Kuzminkov, Victor"),
            Author::People(vec![
                Person {
                    family: "Ito",
                    given: "Mitsutoshi (伊藤光利)"
                },
                Person {
                    family: "Kuzminkov",
                    given: "Victor"
                },
            ])
        );
        // No comma, or a part without one: a body's name, as written.
        assert_eq!(parse("Kyodo News"), Author::Body("Kyodo News"));
        assert_eq!(parse("Reuters; AFP"), Author::Body("Reuters; AFP"));
        assert_eq!(parse("Doe, Jane; AP"), Author::Body("Doe, Jane; AP"));
        assert_eq!(parse("Smith,"), Author::Body("Smith,"));
        // In braces, a body's name with a comma (or a semicolon) in it.
        let ministry = "Ministry of Foreign Affairs, Japan";
        assert_eq!(
            parse(" {Ministry of Foreign Affairs, Japan} "),
            Author::Body(ministry)
        );
        assert_eq!(parse("{Reuters; AP}"), Author::Body("Reuters; AP"));
        // Braces elsewhere are part of a name.
        assert_eq!(
            parse("Evil {Co.} & 100%"),
            Author::Body("Evil {Co.} & 100%")
        );
    }

    #[test]
    fn a_reader_is_shown_a_body_without_its_braces() {
        assert_eq!(for_people("{Kyodo News, Tokyo}"), "Kyodo News, Tokyo");
        assert_eq!(for_people("Timakova, Natalya"), "Timakova, Natalya");
        assert_eq!(for_people("Evil {Co.} & 100%"), "Evil {Co.} & 100%");
        assert_eq!(for_people("{Kyodo News, Tokyo"), "{Kyodo News, Tokyo");
    }

    #[test]
    fn a_brace_that_opens_a_field_must_close_it() {
        for slip in ["{Ministry, Japan", "{Evil} & Co.", "{A} {B, C}", "{}", " {"] {
            assert!(unclosed_brace(slip), "{slip}");
        }
        for fine in [
            "{Ministry, Japan}",
            " {Reuters; AP} ",
            "Evil {Co.}",
            "Doe, Jane",
        ] {
            assert!(!unclosed_brace(fine), "{fine}");
        }
    }

    #[test]
    fn a_name_joined_by_a_semicolon_must_be_a_person() {
        assert_eq!(stray_part("Reuters; Associated Press"), Some("Reuters"));
        assert_eq!(stray_part("Doe, Jane; AP"), Some("AP"));
        assert_eq!(stray_part("Doe, Jane;"), Some(""));
        assert_eq!(stray_part("Ito, Mitsutoshi; Kuzminkov, Victor"), None);
        // Without a semicolon a field is one person or one body's name.
        assert_eq!(stray_part("Kyodo News"), None);
        assert_eq!(stray_part("Timakova, Natalya"), None);
        // Braces make the whole field one body's name.
        assert_eq!(stray_part("{Reuters; Associated Press}"), None);
    }

    #[test]
    fn a_person_is_written_three_ways() {
        let person = Person {
            family: "Zagorsky",
            given: "Alexei V.",
        };
        assert_eq!(person.inverted(), "Zagorsky, Alexei V.");
        assert_eq!(person.natural(), "Alexei V. Zagorsky");
        assert_eq!(person.with_initials(), "Zagorsky, A. V.");
        let hyphened = Person {
            family: "Sartre",
            given: "Jean-Paul",
        };
        assert_eq!(hyphened.with_initials(), "Sartre, J.-P.");
        let scripted = Person {
            family: "Togo",
            given: "Kazuhiko (東郷和彦)",
        };
        assert_eq!(scripted.with_initials(), "Togo, K.");
    }
}
