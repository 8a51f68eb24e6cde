//! Language codes as data gives them (`sources.lang`, `actor_aliases.lang`:
//! ISO 639-1, empty for English) and what pages and bibliographies need of
//! them: a name for people, and the name biblatex's `langid` takes.

/// Code, English name, biblatex/babel name.
const KNOWN: &[(&str, &str, &str)] = &[
    ("en", "English", "english"),
    ("ja", "Japanese", "japanese"),
    ("ru", "Russian", "russian"),
    ("fr", "French", "french"),
    ("de", "German", "ngerman"),
    ("it", "Italian", "italian"),
    ("es", "Spanish", "spanish"),
    ("hr", "Croatian", "croatian"),
    ("sk", "Slovak", "slovak"),
    ("sl", "Slovenian", "slovene"),
    ("pl", "Polish", "polish"),
    ("uk", "Ukrainian", "ukrainian"),
    ("zh", "Chinese", "chinese"),
    ("ko", "Korean", "korean"),
    ("nl", "Dutch", "dutch"),
];

/// The code a source's language has: its `lang`, or `en` when empty.
pub fn code(lang: Option<&str>) -> &str {
    match lang.map(str::trim) {
        Some(code) if !code.is_empty() => code,
        _ => "en",
    }
}

/// The language's English name, or the code itself when unknown.
pub fn name(code: &str) -> &str {
    KNOWN
        .iter()
        .find(|(c, _, _)| c.eq_ignore_ascii_case(code))
        .map_or(code, |(_, name, _)| name)
}

/// The name biblatex's `langid` takes, when known.
pub fn babel(code: &str) -> Option<&'static str> {
    KNOWN
        .iter()
        .find(|(c, _, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, _, babel)| *babel)
}

/// Whether a source's title is words of ours in square brackets, describing a
/// page that has no title (`[Obituary of …]`), in English: the styles write it
/// without quotation marks, and a page in another language does not mark it
/// as in that language.
pub fn is_description(title: &str) -> bool {
    let title = title.trim();
    title.starts_with('[') && title.ends_with(']')
}

/// A title that ends in our English translation in square brackets
/// (`川奈首脳会談 [The Kawana summit]`), as its two parts: the title as
/// published, and the bracketed translation.
pub fn translated(title: &str) -> Option<(&str, &str)> {
    let title = title.trim();
    let at = title.rfind(" [")?;
    (title.ends_with(']') && at > 0).then(|| (&title[..at], &title[at + 1..]))
}

/// Whether `code` has the shape of a BCP 47 tag (letters, digits and
/// hyphens, a letter first), so it may stand in a `lang` attribute.
pub fn is_tag(code: &str) -> bool {
    code.len() <= 35
        && code.starts_with(|c: char| c.is_ascii_alphabetic())
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_language_is_english_and_unknown_codes_stay_as_given() {
        assert_eq!(code(Some("")), "en");
        assert_eq!(code(None), "en");
        assert_eq!(name(code(Some("ja"))), "Japanese");
        assert_eq!(name("tlh"), "tlh");
        assert_eq!(babel("ru"), Some("russian"));
        assert!(is_tag("sr-Latn") && !is_tag("\"x") && !is_tag(""));
    }
}
