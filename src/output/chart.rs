//! A bar chart in text: a line per label, a bar in proportion to the
//! largest count, and the count. `timeline --chart` draws rows per year
//! with it, `count --chart` rows per value.

use crate::terminal;
use unicode_width::UnicodeWidthStr;

/// The longest bar, in columns; on a narrower terminal it shrinks, but to
/// no fewer than SHORTEST.
const BAR: usize = 40;
const SHORTEST: usize = 10;

/// The widest label: with a bar and a count it fits 80 columns. A longer
/// one is cut with "…".
const LABEL: usize = 24;

/// One line per `(label, count)`, labels padded to the widest (at least
/// `least` columns), each line within `width` if one is given (a
/// terminal's). A label is escaped: it may come from the data.
pub fn bars(lines: &[(String, usize)], least: usize, width: Option<usize>) -> String {
    let max = lines.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let labels: Vec<String> = lines
        .iter()
        .map(|(label, _)| terminal::cut(&terminal::escape(label), LABEL).into_owned())
        .collect();
    let label_width = labels.iter().map(|l| l.width()).max().unwrap_or(0);
    let label_width = label_width.max(least);
    let count_width = max.to_string().len();
    let longest = width.map_or(BAR, |w| {
        w.saturating_sub(label_width + count_width + 2)
            .clamp(SHORTEST, BAR)
    });
    let mut text = String::new();
    for (label, (_, count)) in labels.iter().zip(lines) {
        let pad = " ".repeat(label_width - label.width());
        let bar = "█".repeat((count * longest).div_ceil(max));
        text.push_str(&format!("{label}{pad} {bar:<longest$} {count}\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_in_proportion_and_labels_line_up() {
        let lines = [
            ("territorial-issue".to_string(), 40),
            ("東京".to_string(), 10),
            ("a\u{1b}[2Jb".to_string(), 0),
        ];
        let text = bars(&lines, 0, None);
        let rows: Vec<&str> = text.lines().collect();
        assert_eq!(rows[0], format!("territorial-issue {} 40", "█".repeat(40)));
        // A wide script is measured by its columns, not its characters.
        assert!(
            rows[1].starts_with("東京              ██████████ "),
            "{text}"
        );
        // No bar for nothing; a control character is shown, not obeyed.
        assert!(rows[2].starts_with("a\\e[2Jb"), "{text}");
        assert!(!rows[2].contains('█') && rows[2].ends_with(" 0"), "{text}");
        // A label longer than LABEL is cut.
        let long = [("x".repeat(60), 1)];
        assert!(bars(&long, 0, None).starts_with(&format!("{}… ", "x".repeat(LABEL - 1))));
        // On a narrow terminal the bars shrink to fit, down to SHORTEST.
        let narrow = bars(&lines, 0, Some(50));
        assert!(narrow.lines().all(|l| l.width() <= 50), "{narrow}");
        assert_eq!(
            narrow.lines().next().unwrap().matches('█').count(),
            50 - 17 - 2 - 2
        );
        let tiny = bars(&lines, 0, Some(20));
        assert_eq!(tiny.lines().next().unwrap().matches('█').count(), SHORTEST);
    }
}
