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

/// The address itself when it is an `http` or `https` URL a browser
/// can follow as written: no white space or control characters, no
/// quote or angle bracket. Anything else (`javascript:`, `file:`, a
/// relative path) is shown as text and never linked.
pub fn web_address(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme = lower.starts_with("https://") || lower.starts_with("http://");
    let clean = !url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\'));
    let host = url.split_once("//").map_or("", |(_, rest)| rest);
    (scheme && clean && !host.is_empty() && !host.starts_with('/')).then_some(url)
}

/// A web address as a person reads it: the letters of other scripts that
/// it carries percent-encoded (`%E4%B8%AD` for 中, as in a Japanese title)
/// shown as themselves. Only escapes of non-ASCII text are decoded, and a
/// run of them only when every character it makes can be shown — no
/// space, control, invisible or direction-changing character — so the
/// text never reads as another address than the link goes to (`%2F`,
/// `%20`, `%E2%80%AE` stay as they are). The host is never decoded: an
/// escaped Cyrillic `а` in it would make `%D0%B0pple.com` read as a
/// familiar site. The link itself keeps the address.
pub fn readable(url: &str) -> Cow<'_, str> {
    let (site, path) = url.split_at(authority(url).end);
    if !path.contains('%') {
        return Cow::Borrowed(url);
    }
    let mut out = String::with_capacity(url.len());
    out.push_str(site);
    let mut rest = path;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // The run of escapes of bytes 0x80 and above that starts here.
        let mut bytes = Vec::new();
        let mut end = 0;
        while rest[end..].starts_with('%') {
            let Some(byte) = rest.get(end + 1..end + 3).and_then(high_byte) else {
                break;
            };
            bytes.push(byte);
            end += 3;
        }
        match std::str::from_utf8(&bytes) {
            Ok(text) if end > 0 && text.chars().all(showable) => out.push_str(text),
            _ => out.push_str(&rest[..end.max(1)]),
        }
        rest = &rest[end.max(1)..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The byte two hex digits write, if it is not ASCII.
fn high_byte(hex: &str) -> Option<u8> {
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u8::from_str_radix(hex, 16).ok().filter(|b| *b >= 0x80)
}

/// Whether a character decoded from an address may be shown as itself.
fn showable(c: char) -> bool {
    !(c.is_whitespace()
        || crate::terminal::is_unsafe(c)
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202f}'
            | '\u{2060}'..='\u{206f}' | '\u{feff}' | '\u{fff0}'..='\u{ffff}'))
}

/// The host of a web address, for link text that says where it goes.
pub fn host(url: &str) -> &str {
    let host = &url[authority(url)];
    host.rsplit_once('@').map_or(host, |(_, h)| h)
}

/// Where a web address's authority (user, host, port) stands: after its
/// `//`, up to the path, query or fragment.
fn authority(url: &str) -> std::ops::Range<usize> {
    let start = url.find("//").map_or(0, |at| at + 2);
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |at| start + at);
    start..end
}

/// The longest file name stem an id keeps whole; longer ones are cut and
/// end in a hash of the whole id.
const LONGEST_STEM: usize = 96;

/// A file name stem for an id from data, different for different ids:
/// `a-z`, `0-9` and `-` stay, every other byte is written `_` and two hex
/// digits (so no `.`, `/`, upper case or anything a file system treats
/// specially survives), an empty id is `_`, and a stem over
/// [`LONGEST_STEM`] bytes is cut and ends in `~` and a hash of the id.
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
    fn an_address_reads_with_its_letters_and_keeps_what_could_mislead() {
        let japanese = "https://example.com/doc/%E4%B8%AD%E5%B1%B1-38";
        assert_eq!(readable(japanese), "https://example.com/doc/中山-38");
        // ASCII escapes, spaces, invisible and direction-changing
        // characters, broken or lone escapes stay as written.
        for kept in [
            "https://example.com/a%2Fb%20c%25",
            "https://example.com/%E2%80%AEgpj.exe",
            "https://example.com/%E2%80%8B",
            "https://example.com/%E3%80%80",
            "https://example.com/%E4%B8",
            "https://example.com/%E4%B8%Z1%",
            "https://example.com/%+8%",
            "https://%D0%B0pple.com",
            "https://%D0%B0pple.com?q",
        ] {
            assert_eq!(readable(kept), kept);
        }
        // A host is never decoded, whatever its path is.
        assert_eq!(
            readable("https://%D0%B0pple.com/%E4%B8%AD"),
            "https://%D0%B0pple.com/中"
        );
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
    fn only_http_and_https_addresses_become_links() {
        for url in [
            "https://example.org/a?b=c&d",
            "HTTP://example.org",
            "http://x",
        ] {
            assert_eq!(web_address(url), Some(url));
        }
        for url in [
            "javascript:alert(1)",
            " https://example.org",
            "https://example.org/\"onmouseover=x",
            "file:///etc/passwd",
            "//example.org",
            "https:///etc",
            "https://",
            "java\tscript:https://x",
            "data:text/html,<script>",
            "../event/x.html",
        ] {
            assert_eq!(web_address(url), None, "{url}");
        }
        let mut html = Html::new();
        html.web_link("javascript:alert(1)", "");
        assert_eq!(
            html.into_string(),
            "<span class=\"not-a-link\">javascript:alert(1)</span>"
        );
        assert_eq!(
            host("https://user@jamestown.org:80/p?q"),
            "jamestown.org:80"
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
