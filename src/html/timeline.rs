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
/// The most year labels on the axis; longer spans label every n-th year.
const MOST_LABELS: i32 = 20;

/// The years the chart spans: the first and last of every dated record
/// it draws (1990 and 1999 for the built-in data).
pub fn years(site: &Site) -> Option<(i32, i32)> {
    let entities = [Entity::Events, Entity::Proposals, Entity::Periods];
    let dated = site
        .cat
        .entries
        .iter()
        .filter(|e| entities.contains(&e.entity))
        .filter_map(|e| Some((year_of(e.from.as_deref()?)?, year_of(e.to.as_deref()?)?)));
    dated.fold(None, |span, (a, b)| match span {
        None => Some((a, b.max(a))),
        Some((lo, hi)) => Some((lo.min(a), hi.max(b))),
    })
}

fn year_of(day: &str) -> Option<i32> {
    day.get(..4)?.parse().ok()
}

/// Where things go: years to x.
struct Scale {
    first: i32,
    years: f64,
}

impl Scale {
    /// The x of the start of an ISO day (`YYYY-MM-DD`).
    fn x(&self, day: &str) -> Option<f64> {
        let year: f64 = day.get(..4)?.parse().ok()?;
        let month: f64 = day.get(5..7)?.parse().ok()?;
        let date: f64 = day.get(8..10)?.parse().ok()?;
        let at = year - f64::from(self.first) + (month - 1.0) / 12.0 + (date - 1.0) / 372.0;
        Some(LEFT + at / self.years * (WIDTH - LEFT - RIGHT))
    }

    /// The x of the end of an ISO day.
    fn x_end(&self, day: &str) -> Option<f64> {
        Some(self.x(day)? + (WIDTH - LEFT - RIGHT) / self.years / 372.0)
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
    let Some((first, last)) = years(site) else {
        html.raw("<p>No record has a date: there is no timeline to draw.</p>\n");
        return;
    };
    let scale = Scale {
        first,
        years: f64::from(last - first + 1),
    };
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
        .map(|(_, entity, marks, _)| format!("{} {}", marks.len(), entity.def().name))
        .collect();
    html.raw("<figure class=\"timeline\">\n<div class=\"scroll\">\n");
    open_svg(html, (first, last), &counts, height);
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
    legend(html);
    html.raw("</figure>\n");
}

/// The drawing's opening tag, its title (the years it spans) and its
/// description (what it draws: `counts` of each kind).
fn open_svg(html: &mut Html, (first, last): (i32, i32), counts: &[String], height: f64) {
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
             shaded behind them; a disputed record outlined with red dashes.",
            counts.join(" and ")
        ),
    )
    .raw("\n");
}

/// A line at the start of every year, and the years' labels.
fn grid(html: &mut Html, scale: &Scale, first: i32, last: i32, axis_y: f64) {
    let step = ((last - first + 1) / MOST_LABELS + 1).max(1);
    for year in first..=last + 1 {
        let Some(x) = scale.x(&format!("{year:04}-01-01")) else {
            continue;
        };
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
        if year <= last && (year - first) % step == 0 {
            let middle = x + (WIDTH - LEFT - RIGHT) / scale.years / 2.0;
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
    }
    html.raw("\n");
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

/// What the marks mean, in HTML under the chart.
fn legend(html: &mut Html) {
    html.raw(
        "<figcaption>\n<ul class=\"legend\">\n\
         <li><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><circle class=\"key event\" cx=\"7\" cy=\"7\" r=\"4.5\"/></svg> event</li>\n\
         <li><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><path class=\"key proposal\" d=\"M7,2l5,5l-5,5l-5,-5z\"/></svg> proposal</li>\n\
         <li><svg width=\"26\" height=\"14\" aria-hidden=\"true\"><rect class=\"key event\" x=\"1\" y=\"3\" width=\"24\" height=\"8\" rx=\"4\"/></svg> a span of time</li>\n\
         <li><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><circle class=\"key event disputed\" cx=\"7\" cy=\"7\" r=\"4.5\"/></svg> disputed: a source disagrees or does not confirm</li>\n\
         <li><svg width=\"26\" height=\"14\" aria-hidden=\"true\"><rect class=\"key shade-key\" x=\"1\" y=\"1\" width=\"24\" height=\"12\"/></svg> a named period</li>\n\
         </ul>\n<p>Each mark sits at the first day its date allows; select one to open its record. \
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
        let scale = Scale {
            first: 1990,
            years: 10.0,
        };
        let start = scale.x("1990-01-01").unwrap();
        let end = scale.x_end("1999-12-31").unwrap();
        assert!((start - LEFT).abs() < 1e-9);
        assert!((end - (WIDTH - RIGHT)).abs() < 0.1, "{end}");
        assert!(scale.x("1994-07-01").unwrap() > scale.x("1994-06-30").unwrap());
        assert_eq!(scale.x("garbage"), None);
    }
}
