//! Writing HTML and SVG so that nothing from data can become markup.
//!
//! [`Html`] is the only way pages are written. Markup comes from string
//! literals in this program (`&'static str`); every other piece of text —
//! titles, ids, notes, numbers, addresses — goes through [`escape`], in
//! element content and in attribute values alike. A title holding
//! `<script>` is therefore shown as text, and a quote in a value cannot
//! end its attribute. Only an `http` or `https` address becomes a link
//! ([`web_address`]); a file name made from an id ([`file_name`]) holds
//! nothing but `a-z 0-9 - _ ~`, so it stays in its folder.

use crate::address::{readable, web_address};
use std::borrow::Cow;
use std::fmt::Write as _;

/// `&`, `<`, `>`, `"` and `'` as entities: safe in content and in a
/// quoted attribute value. Control characters (which data may hold) are
/// shown as U+FFFD rather than written raw.
pub fn escape(text: &str) -> Cow<'_, str> {
    let plain = |c: char| {
        let markup = matches!(c, '&' | '<' | '>' | '"' | '\'');
        !markup && (!c.is_control() || matches!(c, '\n' | '\t'))
    };
    if text.chars().all(plain) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if plain(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    Cow::Owned(out)
}

/// The longest file name stem an id keeps whole; longer ones are cut and
/// end in a hash of the whole id.
const LONGEST_STEM: usize = 96;

/// A file name stem for an id from data, different for different ids:
/// `a-z`, `0-9` and `-` stay, every other byte is written `_` and two hex
/// digits (so no `.`, `/`, upper case or anything a file system treats
/// specially survives), an empty id is `_`, and a stem over
/// `LONGEST_STEM` bytes is cut and ends in `~` and a hash of the id.
pub fn file_name(id: &str) -> String {
    let mut stem = String::with_capacity(id.len());
    for b in id.bytes() {
        match b {
            b'a'..=b'z' | b'0'..=b'9' | b'-' => stem.push(b as char),
            _ => {
                let _ = write!(stem, "_{b:02x}");
            }
        }
    }
    if stem.is_empty() {
        stem.push('_');
    }
    if stem.len() > LONGEST_STEM {
        stem.truncate(LONGEST_STEM - 18);
        let _ = write!(stem, "~{:016x}", fnv1a(id.as_bytes()));
    }
    stem
}

/// FNV-1a, 64 bits: only to tell long ids apart in file names (the
/// folder writer refuses a name written twice, so a clash is an error,
/// never an overwrite).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A page being written. See the module's doc: literals are markup,
/// everything else is escaped.
#[derive(Default)]
pub struct Html {
    out: String,
}

impl Html {
    pub fn new() -> Html {
        Html {
            out: String::with_capacity(16 * 1024),
        }
    }

    /// Markup written by this program.
    pub fn raw(&mut self, markup: &'static str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    /// Text, escaped.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.out.push_str(&escape(text));
        self
    }

    /// `<tag a="v" ...>`, each value escaped; an empty value leaves its
    /// attribute out, except `alt` and `href` which are always written.
    pub fn open(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) -> &mut Self {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            if value.is_empty() && !matches!(*name, "alt" | "href") {
                continue;
            }
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            self.out.push_str(&escape(value));
            self.out.push('"');
        }
        self.out.push('>');
        self
    }

    /// `</tag>`.
    pub fn close(&mut self, tag: &'static str) -> &mut Self {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
        self
    }

    /// `<tag attrs>text</tag>`.
    pub fn element(
        &mut self,
        tag: &'static str,
        attrs: &[(&'static str, &str)],
        text: &str,
    ) -> &mut Self {
        self.open(tag, attrs).text(text).close(tag)
    }

    /// A self-closing SVG element: `<tag attrs/>`.
    pub fn empty(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) -> &mut Self {
        self.open(tag, attrs);
        self.out.pop();
        self.out.push_str("/>");
        self
    }

    /// A link to a page of this site (`href` is made by this program from
    /// [`file_name`]s) with `text` as what it says.
    pub fn link(&mut self, href: &str, text: &str) -> &mut Self {
        self.element("a", &[("href", href)], text)
    }

    /// A link to a web address when it is one ([`web_address`]), showing
    /// the address as a person reads it ([`readable`]); anything else as
    /// plain text.
    pub fn web_link(&mut self, url: &str, lang: &str) -> &mut Self {
        match web_address(url) {
            Some(url) => self.element(
                "a",
                &[("href", url), ("hreflang", lang), ("rel", "external")],
                &readable(url),
            ),
            None => self.element("span", &[("class", "not-a-link")], url),
        }
    }

    pub fn len(&self) -> usize {
        self.out.len()
    }

    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    pub fn into_string(self) -> String {
        self.out
    }
}

/// A number for an SVG attribute: at most one decimal, no `-0`.
pub fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded == 0.0 {
        "0".into()
    } else if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_links_to_itself_and_reads_with_its_letters() {
        let japanese = "https://example.com/doc/%E4%B8%AD%E5%B1%B1-38";
        // A page's link text is the readable form; its href the address.
        let mut html = Html::default();
        html.web_link(japanese, "ja");
        let page = html.into_string();
        assert!(page.contains(&format!("href=\"{japanese}\"")), "{page}");
        assert!(
            page.contains(">https://example.com/doc/中山-38</a>"),
            "{page}"
        );
    }

    #[test]
    fn text_and_attribute_values_cannot_become_markup() {
        let mut html = Html::new();
        html.open("a", &[("title", "\"><script>x</script>")])
            .text("<script>alert('x') & more</script>\u{1b}")
            .close("a");
        assert_eq!(
            html.into_string(),
            "<a title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">\
             &lt;script&gt;alert(&#39;x&#39;) &amp; more&lt;/script&gt;\u{FFFD}</a>"
        );
    }

    #[test]
    fn only_a_web_address_becomes_a_link() {
        let mut html = Html::new();
        html.web_link("javascript:alert(1)", "");
        assert_eq!(
            html.into_string(),
            "<span class=\"not-a-link\">javascript:alert(1)</span>"
        );
    }

    #[test]
    fn file_names_stay_in_their_folder_and_differ_for_different_ids() {
        assert_eq!(file_name("kawana-summit"), "kawana-summit");
        assert_eq!(file_name("../x"), "_2e_2e_2fx");
        assert_eq!(file_name("A.b"), "_41_2eb");
        assert_eq!(file_name(""), "_");
        assert_eq!(file_name("_2e"), "_5f2e");
        assert_ne!(file_name("a_b"), file_name("a_5fb"));
        let long = "x".repeat(500);
        let other = format!("{}y", "x".repeat(499));
        assert!(file_name(&long).len() <= LONGEST_STEM);
        assert_ne!(file_name(&long), file_name(&other));
        for id in [
            "..",
            ".",
            "/",
            "\\",
            "a/../../b",
            "con",
            "\u{0}",
            "é",
            &long,
        ] {
            let name = file_name(id);
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || matches!(b, b'-' | b'_' | b'~')),
                "{id:?} gave {name}"
            );
        }
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(12.345), "12.3");
    }
}
