//! Web addresses from data: which ones a page may link to or a
//! bibliography may print ([`web_address`]), and how one reads to a
//! person ([`readable`]). Used by the web edition and the
//! bibliography alike.

use std::borrow::Cow;

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
    let special = matches!(c, '\u{fff0}'..='\u{ffff}');
    !(c.is_whitespace()
        || crate::terminal::is_unsafe(c)
        || crate::terminal::is_invisible(c)
        || special)
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
    }
}
