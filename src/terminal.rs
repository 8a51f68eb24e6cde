//! Text from data, made safe to show on a terminal.
//!
//! A terminal acts on control characters: ESC starts sequences that clear
//! the screen, retitle the window or plant a hyperlink, BEL rings, CR
//! writes over a line. Text from a data folder, a database or `rjkb sql`
//! may hold any of them, so everything written to a terminal passes a
//! [`Sink`] that shows each one escaped — `\e`, `\a`, `\r`, `\x01`,
//! `\u{9b}` — and never as the raw character. Line breaks and tabs pass
//! as they are; so do the bidirectional overrides' neighbours, but not the
//! overrides themselves, which can make text read in another order than
//! it is written. Written anywhere else (a pipe, a file), bytes pass
//! untouched: CSV and TSV keep the data's bytes.
//!
//! The one thing written raw to a terminal is rjkb's own styling (bold in
//! a table), inside [`styled`], around text already escaped.

use std::borrow::Cow;
use std::cell::Cell;
use std::io::{self, IsTerminal, Write};

/// Whether `c` must not reach a terminal as it is.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` is drawn as nothing: a soft hyphen, a zero-width space or
/// joiner, a mark of direction, a word joiner, the byte-order mark.
/// Harmless in prose, but a name or address holding one reads as another
/// that lacks it, and one pasted from a PDF rides along unseen.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202f}'
        | '\u{2060}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
}

/// `text` as a reader reads it: without its invisible characters (one
/// definition for names, search words and ids as references name them).
pub fn as_read(text: &str) -> Cow<'_, str> {
    match text.contains(is_invisible) {
        true => Cow::Owned(text.chars().filter(|c| !is_invisible(*c)).collect()),
        false => Cow::Borrowed(text),
    }
}

/// `text` with every unsafe character in its visible, escaped form.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&visible(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// How an unsafe character is shown: as Rust and C write it in a string.
pub fn visible(c: char) -> String {
    match c {
        '\n' => "\\n".into(),
        '\t' => "\\t".into(),
        '\u{1b}' => "\\e".into(),
        '\u{7}' => "\\a".into(),
        '\u{8}' => "\\b".into(),
        '\r' => "\\r".into(),
        '\u{c}' => "\\f".into(),
        '\u{b}' => "\\v".into(),
        '\0' => "\\0".into(),
        c if (c as u32) < 0x80 => format!("\\x{:02x}", c as u32),
        c => format!("\\u{{{:x}}}", c as u32),
    }
}

/// Set once anything has been written to stdout through a [`Sink`].
static WROTE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether this process has written anything to stdout yet.
pub fn wrote() -> bool {
    WROTE.load(std::sync::atomic::Ordering::Relaxed)
}

thread_local! {
    static STYLING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `write`, whose bytes reach a terminal raw: for rjkb's own styling
/// around text that [`escape`] has already made safe.
pub fn styled<T>(write: impl FnOnce() -> T) -> T {
    STYLING.with(|s| s.set(true));
    let done = write();
    STYLING.with(|s| s.set(false));
    done
}

/// The strings that stand for "highlight from here" and "to here" in text
/// on its way to a table: drawn at random for each process, so that no
/// data can hold them. A table shows them bold (or as `[` `]`).
pub fn marks() -> &'static (String, String) {
    static MARKS: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    MARKS.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        let hasher = std::collections::hash_map::RandomState::new().build_hasher();
        let nonce = hasher.finish();
        (format!("\u{1}{nonce:016x}["), format!("]{nonce:016x}\u{1}"))
    })
}

/// How a table cell shows the text between highlight [`marks`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Highlight {
    /// Bold, on a terminal in colour.
    Bold,
    /// Between `[` and `]`.
    Brackets,
    /// Not at all: the text alone (to measure it).
    None,
}

/// A table cell: escaped, with highlight [`marks`] shown as `highlight` says.
pub fn cell(text: &str, highlight: Highlight) -> String {
    let (open, close) = marks();
    let (bold, plain) = match highlight {
        Highlight::Bold => ("\u{1b}[1m", "\u{1b}[22m"),
        Highlight::Brackets => ("[", "]"),
        Highlight::None => ("", ""),
    };
    let mut out = String::with_capacity(text.len());
    for (index, piece) in text.split(open.as_str()).enumerate() {
        let (marked, rest) = match piece.split_once(close.as_str()) {
            Some((marked, rest)) if index > 0 => (Some(marked), rest),
            _ => (None, piece),
        };
        if let Some(marked) = marked {
            out.push_str(bold);
            out.push_str(&escape(marked));
            out.push_str(plain);
        }
        out.push_str(&escape(rest));
    }
    out
}

/// `text` in lines of at most `width` columns, broken at spaces (a word
/// wider than that gets a line of its own); each line break in `text`
/// stays one.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            if !line.is_empty() && line.width() + 1 + word.width() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

/// `label` then `text`, wrapped at spaces to `width` with every further
/// line indented by `indent` columns; without a width (a pipe, a file),
/// or too narrow to be worth it, one line, so scripts get each value
/// whole.
pub fn write_wrapped(
    out: &mut impl Write,
    label: &str,
    text: &str,
    width: Option<usize>,
    indent: usize,
) -> io::Result<()> {
    use unicode_width::UnicodeWidthStr;
    let first = label.width();
    let Some(room) = width
        .map(|w| w.saturating_sub(first.max(indent)))
        .filter(|r| *r >= 20)
    else {
        return writeln!(out, "{label}{text}");
    };
    for (index, line) in wrap(text, room).iter().enumerate() {
        match index {
            0 => writeln!(out, "{label}{line}")?,
            _ => writeln!(out, "{:indent$}{line}", "")?,
        }
    }
    Ok(())
}

/// A writer that escapes what it passes when it writes to a terminal.
pub struct Sink<W: Write> {
    inner: W,
    escaping: bool,
    /// Whether this is stdout, whose first byte [`wrote`] tells of.
    stdout: bool,
    /// The start of a character cut off at the end of the last write.
    pending: Vec<u8>,
}

impl<W: Write> Sink<W> {
    /// Escapes if `escaping` (the writer leads to a terminal).
    pub fn new(inner: W, escaping: bool) -> Self {
        Sink {
            inner,
            escaping,
            stdout: false,
            pending: Vec::new(),
        }
    }

    fn write_escaped(&mut self, mut bytes: &[u8]) -> io::Result<()> {
        let mut text = String::with_capacity(bytes.len() + 16);
        loop {
            match std::str::from_utf8(bytes) {
                Ok(valid) => {
                    text.push_str(&escape(valid));
                    break;
                }
                Err(error) => {
                    let (valid, rest) = bytes.split_at(error.valid_up_to());
                    // SAFETY-free: valid_up_to marks where valid UTF-8 ends.
                    text.push_str(&escape(std::str::from_utf8(valid).unwrap_or_default()));
                    match error.error_len() {
                        Some(bad) => {
                            for byte in &rest[..bad] {
                                text.push_str(&format!("\\x{byte:02x}"));
                            }
                            bytes = &rest[bad..];
                        }
                        None => {
                            self.pending = rest.to_vec();
                            break;
                        }
                    }
                }
            }
        }
        self.inner.write_all(text.as_bytes())
    }
}

impl<W: Write> Write for Sink<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.stdout && !buf.is_empty() {
            WROTE.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        let plain = |b: &u8| (0x20..0x7f).contains(b) || *b == b'\n' || *b == b'\t';
        if !self.escaping
            || STYLING.with(Cell::get)
            || (self.pending.is_empty() && buf.iter().all(plain))
        {
            self.inner.write_all(buf)?;
        } else if self.pending.is_empty() {
            self.write_escaped(buf)?;
        } else {
            let mut joined = std::mem::take(&mut self.pending);
            joined.extend_from_slice(buf);
            self.write_escaped(&joined)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        for byte in std::mem::take(&mut self.pending) {
            self.inner.write_all(format!("\\x{byte:02x}").as_bytes())?;
        }
        self.inner.flush()
    }
}

/// Locked, buffered stdout, escaping when it is a terminal.
pub fn stdout() -> Sink<io::BufWriter<io::StdoutLock<'static>>> {
    let escaping = io::stdout().is_terminal();
    // 64 KiB at a time: a large listing takes an eighth of the system
    // calls of the default 8 KiB.
    let mut sink = Sink::new(
        io::BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
        escaping,
    );
    sink.stdout = true;
    sink
}

/// Writes a message to stderr. On a terminal it is escaped (messages echo
/// names and values that come from data) and each line too long for the
/// terminal is broken at spaces, its later lines indented under it, so
/// that a long message reads as lines rather than as text the terminal
/// cuts anywhere.
pub fn message(text: &str) {
    let terminal = io::stderr().is_terminal();
    write_message(&mut io::stderr().lock(), text, terminal, stderr_width());
}

/// [`message`] to any writer. The whole message, its newline included, is
/// one write: stderr is unbuffered, and a message written in pieces can be
/// split by the output of a pager or `head` sharing the terminal.
fn write_message(err: &mut impl Write, text: &str, terminal: bool, width: Option<usize>) {
    let text = bounded_words(text);
    let mut text = match width {
        Some(width) => fitted(&escape(&text), width),
        None => text,
    };
    text.push('\n');
    let mut err = Sink::new(err, terminal);
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

/// The widest word a message shows whole, in columns: wider than any
/// path or address a message names, far narrower than a value pasted by
/// mistake or read from a hostile file, which a message echoes.
const WIDEST_WORD: usize = 200;

/// `text` with each word (a run without spaces) wider than [`WIDEST_WORD`]
/// cut to that width, an ellipsis standing for the rest: a message quoting
/// a 3,000-character value stays a message, and what it says after the
/// value (the hint) is still read.
fn bounded_words(text: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    if text
        .split_whitespace()
        .all(|word| word.width() <= WIDEST_WORD)
    {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len().min(64 * 1024));
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        out.push_str(&cut(&rest[..end], WIDEST_WORD));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `text` as one word of a command a message suggests, ready to paste
/// into a shell: as it is when it holds only letters, digits and `-_.,:/@`,
/// else in single quotes, a quote inside written `'\''` (`--place 'New
/// York'`, not `--place New York`, which a shell reads as two words).
pub fn shell_word(text: &str) -> Cow<'_, str> {
    let plain = |c: char| c.is_alphanumeric() || "-_.,:/@".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(format!("'{}'", text.replace('\'', "'\\''")))
    }
}

/// The width of the terminal stdout is, if it is one.
pub fn stdout_width() -> Option<usize> {
    columns(terminal_size::terminal_size_of(io::stdout()))
}

/// The width of the terminal stderr is, if it is one.
pub fn stderr_width() -> Option<usize> {
    columns(terminal_size::terminal_size_of(io::stderr()))
}

fn columns(size: Option<(terminal_size::Width, terminal_size::Height)>) -> Option<usize> {
    let (terminal_size::Width(columns), _) = size?;
    (columns > 0).then_some(usize::from(columns))
}

/// `text` with each line wider than `width` broken at spaces, the later
/// parts indented two columns more than the line itself.
fn fitted(text: &str, width: usize) -> String {
    let mut lines = Vec::new();
    for line in text.split('\n') {
        if unicode_width::UnicodeWidthStr::width(line) <= width {
            lines.push(line.to_string());
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        // Never narrower than a few words, however deep the indent.
        let room = width.saturating_sub(indent + 2).max(20);
        for (index, part) in wrap(&line[indent..], room).into_iter().enumerate() {
            let deeper = if index == 0 { 0 } else { 2 };
            lines.push(format!("{}{part}", " ".repeat(indent + deeper)));
        }
    }
    lines.join("\n")
}

/// `text` cut to at most `width` columns, an ellipsis standing for the rest.
pub fn cut(text: &str, width: usize) -> Cow<'_, str> {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.width() <= width {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_shows_an_overlong_word_cut_and_what_follows_it_whole() {
        let value = "y".repeat(3000);
        let text = format!("nothing is called '{value}' (try `rjkb search {value}`)\nnext line");
        let mut written = Vec::new();
        write_message(&mut written, &text, false, None);
        let written = String::from_utf8(written).unwrap();
        assert!(written.len() < 600, "{} bytes", written.len());
        assert!(written.starts_with("nothing is called 'yyy"), "{written}");
        assert!(written.contains("… (try `rjkb search yyy"), "{written}");
        assert!(written.ends_with("yyy…\nnext line\n"), "{written}");
        let path = format!("wrote 12 man pages to /{}", "p/".repeat(90));
        let mut written = Vec::new();
        write_message(&mut written, &path, false, None);
        assert_eq!(String::from_utf8(written).unwrap(), format!("{path}\n"));
    }

    /// Counts the writes it is given.
    struct Writes(Vec<Vec<u8>>);

    impl Write for Writes {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.push(buf.to_vec());
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_message_of_several_lines_is_one_write() {
        let text = "rjkb: left out to fit 40 columns: id, topic, source; see every one with --wide";
        for (terminal, width) in [(true, Some(40)), (false, None), (true, None)] {
            let mut writes = Writes(Vec::new());
            write_message(&mut writes, text, terminal, width);
            assert_eq!(writes.0.len(), 1, "terminal {terminal}, width {width:?}");
            let written = String::from_utf8(writes.0.remove(0)).unwrap();
            assert!(written.ends_with('\n'));
            let lines = written.lines().count();
            assert_eq!(lines > 1, width.is_some(), "{written}");
        }
    }

    fn through(chunks: &[&[u8]]) -> String {
        let mut out = Vec::new();
        let mut sink = Sink::new(&mut out, true);
        for chunk in chunks {
            sink.write_all(chunk).unwrap();
        }
        sink.flush().unwrap();
        drop(sink);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_suggested_word_is_quoted_for_a_shell_when_it_must_be() {
        assert_eq!(shell_word("tokyo"), "tokyo");
        assert_eq!(shell_word("川奈"), "川奈");
        assert_eq!(shell_word("New York"), "'New York'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word("$(rm)"), "'$(rm)'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn long_lines_of_a_message_break_at_spaces_under_their_indent() {
        let text = "rjkb: nothing is called 'x'; nearest: one, two, three\n  a b c d e f";
        assert_eq!(
            fitted(text, 30),
            "rjkb: nothing is called 'x';\n  nearest: one, two, three\n  a b c d e f"
        );
        // A line that fits is left as it is.
        assert_eq!(fitted(text, 80), text);
    }

    #[test]
    fn a_cut_ends_in_an_ellipsis_within_the_width() {
        use unicode_width::UnicodeWidthStr;
        assert_eq!(cut("Kawana summit", 20), "Kawana summit");
        assert_eq!(cut("Kawana summit", 8), "Kawana…");
        let cut_cjk = cut("川奈首脳会談", 6);
        assert_eq!(cut_cjk, "川奈…");
        assert!(cut_cjk.width() <= 6);
    }

    #[test]
    fn control_characters_show_escaped_and_text_passes() {
        assert_eq!(
            through(&[b"title\x1b]0;pwned\x07 \x1b[2J\r\n\tok"]),
            "title\\e]0;pwned\\a \\e[2J\\r\n\tok"
        );
        assert_eq!(
            through(&["Ельцин エリツィン".as_bytes()]),
            "Ельцин エリツィン"
        );
        assert_eq!(
            through(&["a\u{9b}31m\u{202e}b\u{7f}".as_bytes()]),
            "a\\u{9b}31m\\u{202e}b\\x7f"
        );
        assert_eq!(through(&[b"bad \xff byte"]), "bad \\xff byte");
    }

    #[test]
    fn a_character_cut_between_writes_is_joined() {
        let csi = "\u{9b}".as_bytes();
        assert_eq!(through(&[&csi[..1], &csi[1..]]), "\\u{9b}");
        let kana = "エ".as_bytes();
        assert_eq!(through(&[&kana[..1], &kana[1..2], &kana[2..]]), "エ");
        assert_eq!(through(&[&kana[..2]]), "\\xe3\\x82", "cut off at the end");
    }

    #[test]
    fn off_a_terminal_bytes_pass_untouched() {
        let mut out = Vec::new();
        Sink::new(&mut out, false).write_all(b"\x1b[2J\r").unwrap();
        assert_eq!(out, b"\x1b[2J\r");
    }

    #[test]
    fn only_styling_passes_raw() {
        let mut out = Vec::new();
        let mut sink = Sink::new(&mut out, true);
        styled(|| sink.write_all(b"\x1b[1m")).unwrap();
        sink.write_all(b"\x1b[1m").unwrap();
        assert_eq!(out, b"\x1b[1m\\e[1m");
    }

    #[test]
    fn wrapping_breaks_at_spaces_by_display_width() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("a\nb c", 10), ["a", "b c"]);
        assert_eq!(wrap("unbreakable-word x", 5), ["unbreakable-word", "x"]);
        // Wide characters take two columns each.
        assert_eq!(wrap("日本 国会", 5), ["日本", "国会"]);
    }

    #[test]
    fn cells_show_marks_bold_and_data_escaped() {
        let (open, close) = marks();
        let text = format!("a \x1b[1mfake{close} {open}word{close} b");
        assert_eq!(
            cell(&text, Highlight::Bold),
            format!("a \\e[1mfake{} \x1b[1mword\x1b[22m b", escape(close))
        );
        assert_eq!(cell(&format!("{open}x{close}"), Highlight::Brackets), "[x]");
        assert_eq!(cell(&format!("{open}x{close} y"), Highlight::None), "x y");
    }
}
