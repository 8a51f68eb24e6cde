//! The index's timeline, drawn as SVG: the years on one axis, the named
//! periods as labelled bands above and shaded behind, then a lane of
//! events (circles, or rounded bars for long spans) and one of proposals
//! (diamonds, or square-ended bars). A disputed record's mark has a dashed
//! red outline. Every mark is a link to its record with a `<title>` that
//! says its date, title and kind, so the chart reads without the picture.

use super::catalogue::Entry;
use super::layout::Depth;
use super::markup::{num, Html};
use super::Site;
use crate::dates::for_people;
use crate::model::Entity;
use std::collections::BTreeSet;

/// The entities drawn as marks, one lane each, and their mark's shape.
pub const LANES: [(Entity, &str); 2] =
    [(Entity::Events, "Events"), (Entity::Proposals, "Proposals")];

const WIDTH: f64 = 1000.0;
const LEFT: f64 = 84.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 6.0;
const PERIOD_ROW: f64 = 20.0;
const ROW: f64 = 13.0;
const GAP: f64 = 12.0;
const AXIS: f64 = 26.0;
/// Rows a lane may stack before marks share one.
const MOST_ROWS: usize = 14;
/// The most year labels on the axis; longer spans label every 2nd, 5th,
/// 10th... year.
const MOST_LABELS: i32 = 20;
/// The least room between the middles of two year labels ("1997" is 28
/// units wide).
const MIN_LABEL_GAP: f64 = 36.0;

/// What the chart draws: the lanes' records and the periods above them.
const CHARTED: [Entity; 3] = [Entity::Events, Entity::Proposals, Entity::Periods];

/// The years in which a record the chart draws begins, ends or runs
/// through, in order (1990 to 1999 for the built-in data): the chart spans
/// the first to the last, and the finder offers each.
pub fn dated_years(site: &Site) -> BTreeSet<i32> {
    let mut spans: Vec<(i32, i32)> = (site.cat.entries.iter())
        .filter(|e| CHARTED.contains(&e.entity))
        .filter_map(|e| Some((year_of(e.from.as_deref()?)?, year_of(e.to.as_deref()?)?)))
        .collect();
    // Merged first, so that each year is visited once: a file from
    // elsewhere may hold a million records dated 0001 to 9999.
    merged(&mut spans)
        .into_iter()
        .flat_map(|(from, to)| from..=to)
        .collect()
}

/// `spans` of years (first, last), sorted and merged where they overlap
/// or meet: the same years, each in one span.
fn merged(spans: &mut [(i32, i32)]) -> Vec<(i32, i32)> {
    spans.sort_unstable();
    let mut merged: Vec<(i32, i32)> = Vec::new();
    for &(from, to) in spans.iter() {
        match merged.last_mut() {
            Some(last) if from <= last.1.saturating_add(1) => last.1 = last.1.max(to),
            _ => merged.push((from, to.max(from))),
        }
    }
    merged
}

fn year_of(day: &str) -> Option<i32> {
    day.get(..4)?.parse().ok()
}

/// Where things go: years to x. A run of [`LONG_VOID`] years or more in
/// which no record is dated (none begins, ends or runs through it) is
/// drawn [`VOID_WIDTH`] years wide, a break in the axis: a chronology that
/// reaches back to 1855 still gives its crowded decades the width.
struct Scale {
    first: i32,
    /// Where each year from `first` on begins, in years' widths; one more,
    /// the end of the last year.
    starts: Vec<f64>,
    /// The runs of years drawn as breaks: the first and last year of each.
    voids: Vec<(i32, i32)>,
}

/// The fewest empty years in a row drawn as a break: shorter runs are drawn
/// to scale, so a stagnant year or two shows as the gap it is.
const LONG_VOID: usize = 10;
/// How wide a break is drawn, in years.
const VOID_WIDTH: f64 = 2.0;

impl Scale {
    /// A scale over `first..=last` where the years `dated` says are dated
    /// (indexed from `first`) get a year's width each.
    fn new(first: i32, dated: &[bool]) -> Scale {
        let (mut starts, mut voids) = (vec![0.0], Vec::new());
        let mut year = 0;
        while year < dated.len() {
            let run = dated[year..].iter().take_while(|d| !**d).count();
            let (count, width) = match run {
                0 => (1, 1.0),
                run if run >= LONG_VOID => {
                    let from = first + year as i32;
                    voids.push((from, from + run as i32 - 1));
                    (run, VOID_WIDTH / run as f64)
                }
                run => (run, 1.0),
            };
            for _ in 0..count {
                starts.push(starts[starts.len() - 1] + width);
            }
            year += count;
        }
        Scale {
            first,
            starts,
            voids,
        }
    }

    /// The start and width of `year`, as a share of the plot.
    fn year(&self, year: i32) -> Option<(f64, f64)> {
        let at = usize::try_from(year.checked_sub(self.first)?).ok()?;
        let (start, end) = (*self.starts.get(at)?, *self.starts.get(at + 1)?);
        let total = self.starts[self.starts.len() - 1];
        Some((start / total, (end - start) / total))
    }

    /// The x of the start of an ISO day (`YYYY-MM-DD`).
    fn x(&self, day: &str) -> Option<f64> {
        let (start, width) = self.year(day.get(..4)?.parse().ok()?)?;
        let month: f64 = day.get(5..7)?.parse().ok()?;
        let date: f64 = day.get(8..10)?.parse().ok()?;
        let at = start + width * ((month - 1.0) / 12.0 + (date - 1.0) / 372.0);
        Some(LEFT + at * (WIDTH - LEFT - RIGHT))
    }

    /// The x of the end of an ISO day.
    fn x_end(&self, day: &str) -> Option<f64> {
        let (_, width) = self.year(day.get(..4)?.parse().ok()?)?;
        Some(self.x(day)? + (WIDTH - LEFT - RIGHT) * width / 372.0)
    }
}

/// A record placed on the chart: its span in x, and its row in its lane.
struct Placed<'a> {
    entry: &'a Entry,
    x1: f64,
    x2: f64,
    row: usize,
}

/// Places the records in rows so that marks do not overlap, first fit;
/// past [`MOST_ROWS`] a mark goes in the row that frees first.
fn place<'a>(
    scale: &Scale,
    entries: impl Iterator<Item = &'a Entry>,
    pad: f64,
) -> (Vec<Placed<'a>>, usize) {
    let mut placed: Vec<Placed> = entries
        .filter_map(|entry| {
            let x1 = scale.x(entry.from.as_deref()?)?;
            let x2 = scale.x_end(entry.to.as_deref()?)?.max(x1);
            Some(Placed {
                entry,
                x1,
                x2,
                row: 0,
            })
        })
        .collect();
    placed.sort_by(|a, b| a.x1.total_cmp(&b.x1));
    let mut ends: Vec<f64> = Vec::new();
    for mark in &mut placed {
        let (start, end) = (mark.x1 - pad, mark.x2.max(mark.x1) + pad);
        let row = match ends.iter().position(|e| *e <= start) {
            Some(row) => row,
            None if ends.len() < MOST_ROWS => {
                ends.push(f64::MIN);
                ends.len() - 1
            }
            None => (0..ends.len())
                .min_by(|a, b| ends[*a].total_cmp(&ends[*b]))
                .unwrap_or(0),
        };
        ends[row] = end;
        mark.row = row;
    }
    let rows = ends.len().max(1);
    (placed, rows)
}

/// Writes the figure: the SVG and its legend.
pub fn figure(html: &mut Html, site: &Site) {
    let dated = dated_years(site);
    let (Some(&first), Some(&last)) = (dated.first(), dated.last()) else {
        html.raw("<p>No record has a date: there is no timeline to draw.</p>\n");
        return;
    };
    let by_year: Vec<bool> = (first..=last).map(|y| dated.contains(&y)).collect();
    let scale = Scale::new(first, &by_year);
    let (periods, period_rows) = place(&scale, site.cat.of(Entity::Periods), 0.0);
    let lanes: Vec<(&str, Entity, Vec<Placed>, usize)> = LANES
        .iter()
        .map(|(entity, name)| {
            let (marks, rows) = place(&scale, site.cat.of(*entity), 5.0);
            (*name, *entity, marks, rows)
        })
        .collect();
    let marks_top = TOP + period_rows as f64 * PERIOD_ROW + GAP;
    let lanes_height: f64 = lanes.iter().map(|l| l.3 as f64 * ROW + GAP).sum();
    let axis_y = marks_top + lanes_height;
    let height = axis_y + AXIS;
    let counts: Vec<String> = lanes
        .iter()
        .map(|(_, entity, marks, _)| entity.def().counted(marks.len()))
        .collect();
    html.raw("<figure class=\"timeline\">\n<div class=\"scroll\">\n");
    open_svg(html, (first, last), &counts, &scale.voids, height);
    grid(html, &scale, first, last, axis_y);
    for period in &periods {
        html.empty(
            "rect",
            &[
                ("class", &format!("shade p{}", period.row % 4)),
                ("x", &num(period.x1)),
                ("y", &num(marks_top - GAP / 2.0)),
                ("width", &num(period.x2 - period.x1)),
                ("height", &num(lanes_height)),
            ],
        );
    }
    html.raw("\n");
    lane_label(html, "Periods", TOP + period_rows as f64 * PERIOD_ROW / 2.0);
    for period in &periods {
        period_band(html, period);
    }
    let mut top = marks_top;
    for (name, entity, marks, rows) in &lanes {
        lane_label(html, name, top + *rows as f64 * ROW / 2.0);
        for mark in marks {
            draw_mark(html, *entity, mark, top + mark.row as f64 * ROW + ROW / 2.0);
        }
        top += *rows as f64 * ROW + GAP;
    }
    html.raw("</svg>\n</div>\n");
    legend(html, !scale.voids.is_empty());
    html.raw("</figure>\n");
}

/// The drawing's opening tag, its title (the years it spans) and its
/// description (what it draws: `counts` of each kind; the `voids`).
fn open_svg(
    html: &mut Html,
    (first, last): (i32, i32),
    counts: &[String],
    voids: &[(i32, i32)],
    height: f64,
) {
    let span = if first == last {
        first.to_string()
    } else {
        format!("{first}–{last}")
    };
    html.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("viewBox", &format!("0 0 {} {}", num(WIDTH), num(height))),
            ("width", &num(WIDTH)),
            ("height", &num(height)),
            ("aria-labelledby", "timeline-title timeline-desc"),
        ],
    )
    .element(
        "title",
        &[("id", "timeline-title")],
        &format!("Timeline, {span}"),
    )
    .element(
        "desc",
        &[("id", "timeline-desc")],
        &format!(
            "{} by the day each began, each a link to its record; the named periods \
             shaded behind them; a disputed record outlined with red dashes.{}",
            counts.join(" and "),
            voids_said(voids)
        ),
    )
    .raw("\n");
}

/// The runs of years drawn narrow, in words for the drawing's description.
fn voids_said(voids: &[(i32, i32)]) -> String {
    if voids.is_empty() {
        return String::new();
    }
    let runs: Vec<String> = voids.iter().map(|(a, b)| format!("{a}–{b}")).collect();
    format!(
        " Runs of {LONG_VOID} years or more with no record are drawn narrow and grey: {}.",
        runs.join(", ")
    )
}

/// A line at the start of every year, a shaded break for each run of
/// empty years drawn narrow ([`void_breaks`]), and the years' labels: every
/// `step`-th year and the first after a break, as far as they do not crowd
/// each other.
fn grid(html: &mut Html, scale: &Scale, first: i32, last: i32, axis_y: f64) {
    let in_void = |year: i32| scale.voids.iter().any(|v| (v.0..=v.1).contains(&year));
    let shown = (first..=last).filter(|y| !in_void(*y)).count() as i32;
    let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
        .into_iter()
        .find(|step| shown / step < MOST_LABELS)
        .unwrap_or(1000);
    void_breaks(html, scale, axis_y);
    let mut labelled = f64::MIN;
    for year in first..=last + 1 {
        let Some(x) = scale.x(&format!("{year:04}-01-01")).or_else(|| {
            // The end of the last year, where no day of the next is drawn.
            scale.x_end(&format!("{:04}-12-31", year - 1))
        }) else {
            continue;
        };
        if in_void(year) && in_void(year - 1) {
            continue;
        }
        html.empty(
            "line",
            &[
                ("class", "grid"),
                ("x1", &num(x)),
                ("x2", &num(x)),
                ("y1", &num(TOP)),
                ("y2", &num(axis_y)),
            ],
        );
        let after_void = in_void(year - 1) || year == first;
        if year > last || in_void(year) || !(year % step == 0 || after_void) {
            continue;
        }
        let middle = x + scale.year(year).map_or(0.0, |(_, w)| w) * (WIDTH - LEFT - RIGHT) / 2.0;
        if middle - labelled < MIN_LABEL_GAP {
            continue;
        }
        labelled = middle;
        html.element(
            "text",
            &[
                ("class", "year"),
                ("x", &num(middle)),
                ("y", &num(axis_y + 17.0)),
            ],
            &year.to_string(),
        );
    }
    html.raw("\n");
}

/// Each run of empty years drawn narrow: a shaded break, named in its
/// tooltip, with an ellipsis where its labels would be.
fn void_breaks(html: &mut Html, scale: &Scale, axis_y: f64) {
    for &(from, to) in &scale.voids {
        let (Some(x1), Some(x2)) = (
            scale.x(&format!("{from:04}-01-01")),
            scale.x_end(&format!("{to:04}-12-31")),
        ) else {
            continue;
        };
        html.open("g", &[("class", "void")])
            .element("title", &[], &format!("{from}–{to}: no record"))
            .empty(
                "rect",
                &[
                    ("x", &num(x1)),
                    ("y", &num(TOP)),
                    ("width", &num(x2 - x1)),
                    ("height", &num(axis_y - TOP)),
                ],
            )
            .element(
                "text",
                &[("x", &num((x1 + x2) / 2.0)), ("y", &num(axis_y + 17.0))],
                "…",
            )
            .close("g");
    }
}

fn lane_label(html: &mut Html, name: &str, y: f64) {
    html.element(
        "text",
        &[
            ("class", "lane"),
            ("x", &num(LEFT - 8.0)),
            ("y", &num(y + 4.0)),
        ],
        name,
    );
}

/// A period's band: a link to it, its name written inside as far as it fits.
fn period_band(html: &mut Html, period: &Placed) {
    let entry = period.entry;
    let y = TOP + period.row as f64 * PERIOD_ROW;
    let width = period.x2 - period.x1;
    html.open(
        "a",
        &[
            ("href", &Depth::Root.href(&entry.file)),
            ("class", "period"),
        ],
    )
    .element(
        "title",
        &[],
        &format!("{}: {}", for_people(&entry.date), entry.title),
    )
    .empty(
        "rect",
        &[
            ("class", &format!("p{}", period.row % 4)),
            ("x", &num(period.x1)),
            ("y", &num(y)),
            ("width", &num(width)),
            ("height", &num(PERIOD_ROW - 3.0)),
        ],
    )
    .element(
        "text",
        &[("x", &num(period.x1 + 4.0)), ("y", &num(y + 12.5))],
        &fit(&entry.title, width - 8.0),
    )
    .close("a")
    .raw("\n");
}

/// As much of `text` as fits in `width` (about 6 units a character).
fn fit(text: &str, width: f64) -> String {
    let room = (width / 6.0).floor().max(0.0) as usize;
    if text.chars().count() <= room {
        return text.to_string();
    }
    if room < 2 {
        return String::new();
    }
    let mut cut: String = text.chars().take(room - 1).collect();
    cut.push('…');
    cut
}

/// One record's mark: a link around a shape, its title first.
fn draw_mark(html: &mut Html, entity: Entity, mark: &Placed, y: f64) {
    let entry = mark.entry;
    let kind = entity.def().singular;
    let class = if entry.disputed {
        format!("mark {kind} disputed")
    } else {
        format!("mark {kind}")
    };
    let title = format!(
        "{}: {} ({kind}{})",
        for_people(&entry.date),
        entry.title,
        if entry.disputed { ", disputed" } else { "" }
    );
    html.open(
        "a",
        &[("href", &Depth::Root.href(&entry.file)), ("class", &class)],
    )
    .element("title", &[], &title);
    let (x1, x2) = (mark.x1, mark.x2);
    if x2 - x1 > 8.0 {
        let rounded = if entity == Entity::Proposals {
            "1"
        } else {
            "4"
        };
        html.empty(
            "rect",
            &[
                ("x", &num(x1)),
                ("y", &num(y - 4.0)),
                ("width", &num(x2 - x1)),
                ("height", "8"),
                ("rx", rounded),
            ],
        );
    } else if entity == Entity::Proposals {
        let d = format!("M{},{}l5,5l-5,5l-5,-5z", num(x1), num(y - 5.0));
        html.empty("path", &[("d", &d)]);
    } else {
        html.empty("circle", &[("cx", &num(x1)), ("cy", &num(y)), ("r", "4.5")]);
    }
    html.close("a").raw("\n");
}

/// What the marks mean, in HTML under the chart (with `voids`, what a
/// break in the axis means too).
fn legend(html: &mut Html, voids: bool) {
    html.raw(
        "<figcaption>\n<ul class=\"legend\">\n\
         <li><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><circle class=\"key event\" cx=\"7\" cy=\"7\" r=\"4.5\"/></svg> event</li>\n\
         <li><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><path class=\"key proposal\" d=\"M7,2l5,5l-5,5l-5,-5z\"/></svg> proposal</li>\n\
         <li><svg width=\"26\" height=\"14\" aria-hidden=\"true\"><rect class=\"key event\" x=\"1\" y=\"3\" width=\"24\" height=\"8\" rx=\"4\"/></svg> a span of time</li>\n\
         <li><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><circle class=\"key event disputed\" cx=\"7\" cy=\"7\" r=\"4.5\"/></svg> disputed: a source disagrees or does not confirm</li>\n\
         <li><svg width=\"26\" height=\"14\" aria-hidden=\"true\"><rect class=\"key shade-key\" x=\"1\" y=\"1\" width=\"24\" height=\"12\"/></svg> a named period</li>\n",
    );
    if voids {
        html.raw(
            "<li><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><g class=\"void\"><rect x=\"1\" y=\"1\" width=\"12\" height=\"12\"/></g></svg> \
             ten years or more with no record, drawn narrow</li>\n",
        );
    }
    html.raw(
        "</ul>\n<p>Each mark sits at the first day its date allows; select one to open its record. \
         The chronology below lists the same records in words.</p>\n</figcaption>\n",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_name_is_cut_to_fit() {
        assert_eq!(fit("Yeltsin era", 200.0), "Yeltsin era");
        assert_eq!(fit("Unforeseen momentum", 60.0), "Unforesee…");
        assert_eq!(fit("Anything", 5.0), "");
    }

    #[test]
    fn days_fall_in_their_year() {
        let scale = Scale::new(1990, &[true; 10]);
        assert!(scale.voids.is_empty());
        let start = scale.x("1990-01-01").unwrap();
        let end = scale.x_end("1999-12-31").unwrap();
        assert!((start - LEFT).abs() < 1e-9);
        assert!((end - (WIDTH - RIGHT)).abs() < 0.1, "{end}");
        assert!(scale.x("1994-07-01").unwrap() > scale.x("1994-06-30").unwrap());
        assert_eq!(scale.x("garbage"), None);
    }

    #[test]
    fn spans_that_overlap_or_meet_are_merged_and_each_year_kept_once() {
        let mut spans = [(1995, 1996), (1, 9999), (1990, 1990), (1997, 1993)];
        assert_eq!(merged(&mut spans), [(1, 9999)]);
        let mut spans = [
            (1998, 1999),
            (1855, 1855),
            (1990, 1997),
            (1992, 1994),
            (1956, 1956),
        ];
        assert_eq!(
            merged(&mut spans),
            [(1855, 1855), (1956, 1956), (1990, 1999)]
        );
        assert_eq!(merged(&mut []), []);
    }

    #[test]
    fn a_decade_or_more_with_no_record_is_drawn_narrow_and_shorter_gaps_to_scale() {
        // 1855 dated, 1856-1865 (ten years) empty, 1866 dated, 1867-1875
        // (nine) empty, 1876 dated.
        let dated: Vec<bool> = (1855..=1876)
            .map(|y| [1855, 1866, 1876].contains(&y))
            .collect();
        let scale = Scale::new(1855, &dated);
        assert_eq!(scale.voids, [(1856, 1865)]);
        let width = |year: i32| scale.year(year).unwrap().1;
        // Twelve years drawn a year wide each, the ten of the break in two.
        let year = 1.0 / (12.0 + VOID_WIDTH);
        assert!((width(1855) - year).abs() < 1e-9 && (width(1870) - year).abs() < 1e-9);
        assert!((width(1860) - year * VOID_WIDTH / 10.0).abs() < 1e-9);
        // Days still fall in order and the last one ends at the right edge.
        let days = [
            "1855-01-01",
            "1856-06-01",
            "1865-12-31",
            "1866-01-01",
            "1876-12-31",
        ];
        let xs: Vec<f64> = days.iter().map(|d| scale.x(d).unwrap()).collect();
        assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
        let end = scale.x_end("1876-12-31").unwrap();
        assert!((end - (WIDTH - RIGHT)).abs() < 0.1, "{end}");
        assert_eq!(scale.x("1877-01-01"), None);
        assert!(voids_said(&scale.voids).ends_with(": 1856–1865."));
    }
}
