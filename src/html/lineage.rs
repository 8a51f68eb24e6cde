//! The proposal lineage page: every proposal that derives from, counters
//! or revises another, or is a stage of a plan, drawn as SVG — each
//! connected family in a band of its own, older proposals to the left of
//! those that build on them — and the same links written out in words.

use super::catalogue::Entry;
use super::fields;
use super::layout::{self, Depth};
use super::markup::{num, Html};
use super::Site;
use crate::dates::for_people;
use crate::model::Entity;
use anyhow::Result;
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};

const NODE_W: f64 = 210.0;
const NODE_H: f64 = 52.0;
const COLUMN: f64 = 290.0;
const ROW: f64 = 66.0;
const MARGIN: f64 = 10.0;
const BAND_GAP: f64 = 18.0;
/// The most columns a family spreads over (a chain of links longer than
/// that, or a cycle in the data, stays in the last).
const MOST_COLUMNS: usize = 32;
/// Characters on a line of a node's title.
const LINE: usize = 31;

/// One link between proposals: `from` derives from (counters, revises,
/// is part of) `to`.
struct Link<'a> {
    from: &'a Entry,
    kind: String,
    to: &'a Entry,
}

/// The links, as the data gives them, between proposals the site has.
fn links<'a>(conn: &Connection, site: &'a Site) -> Result<Vec<Link<'a>>> {
    let mut stmt = conn.prepare(
        "SELECT proposal, kind, target FROM proposal_links \
         UNION ALL SELECT id, 'part_of', part_of FROM proposals WHERE part_of IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
        ))
    })?;
    let mut links = Vec::new();
    for row in rows {
        let (from, kind, to) = row?;
        let (Some(from), Some(to)) = (
            site.cat.get(Entity::Proposals, &from),
            site.cat.get(Entity::Proposals, &to),
        ) else {
            continue;
        };
        links.push(Link { from, kind, to });
    }
    Ok(links)
}

/// Where each proposal goes: its family (band), column and row.
struct Layout<'a> {
    /// Each family's proposals by column, each column top to bottom.
    bands: Vec<Vec<Vec<&'a Entry>>>,
    at: BTreeMap<&'a str, (f64, f64)>,
    width: f64,
    height: f64,
}

/// Families are the connected groups; a proposal's column is the longest
/// chain of links below it (bounded, so a cycle in the data ends).
fn layout<'a>(links: &[Link<'a>]) -> Layout<'a> {
    let mut nodes: Vec<&Entry> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for link in links {
        for entry in [link.to, link.from] {
            index.entry(entry.id.as_str()).or_insert_with(|| {
                nodes.push(entry);
                nodes.len() - 1
            });
        }
    }
    let pairs: Vec<(usize, usize)> = links
        .iter()
        .map(|l| (index[l.from.id.as_str()], index[l.to.id.as_str()]))
        .collect();
    let mut family: Vec<usize> = (0..nodes.len()).collect();
    let mut column = vec![0usize; nodes.len()];
    for _ in 0..nodes.len().min(MOST_COLUMNS) {
        let mut changed = false;
        for &(from, to) in &pairs {
            if column[from] < column[to] + 1 && column[to] + 1 < MOST_COLUMNS {
                column[from] = column[to] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for &(from, to) in &pairs {
        let (a, b) = (root(&mut family, from), root(&mut family, to));
        family[a.max(b)] = a.min(b);
    }
    let mut bands: BTreeMap<usize, Vec<Vec<&Entry>>> = BTreeMap::new();
    for (n, entry) in nodes.iter().enumerate() {
        let columns = bands.entry(root(&mut family, n)).or_default();
        if columns.len() <= column[n] {
            columns.resize(column[n] + 1, Vec::new());
        }
        columns[column[n]].push(entry);
    }
    let mut bands: Vec<Vec<Vec<&Entry>>> = bands.into_values().collect();
    for band in &mut bands {
        for column in band.iter_mut() {
            column.sort_by(|a, b| (&a.from, &a.id).cmp(&(&b.from, &b.id)));
        }
    }
    bands.sort_by(|a, b| first_date(a).cmp(&first_date(b)));
    place(bands)
}

/// The family a proposal belongs to, halving the path on the way.
fn root(family: &mut [usize], mut n: usize) -> usize {
    while family[n] != n {
        family[n] = family[family[n]];
        n = family[n];
    }
    n
}

fn first_date<'a>(band: &[Vec<&'a Entry>]) -> Option<&'a str> {
    band.iter()
        .flatten()
        .filter_map(|e| e.from.as_deref())
        .min()
}

fn place(bands: Vec<Vec<Vec<&Entry>>>) -> Layout<'_> {
    let mut at = BTreeMap::new();
    let (mut top, mut width) = (MARGIN, 0.0f64);
    for band in &bands {
        let rows = band.iter().map(Vec::len).max().unwrap_or(1);
        for (c, column) in band.iter().enumerate() {
            for (r, entry) in column.iter().enumerate() {
                let x = MARGIN + c as f64 * COLUMN;
                at.insert(entry.id.as_str(), (x, top + r as f64 * ROW));
                width = width.max(x + NODE_W + MARGIN);
            }
        }
        top += rows as f64 * ROW + BAND_GAP;
    }
    Layout {
        bands,
        at,
        width,
        height: top,
    }
}

pub fn page(site: &Site, conn: &Connection) -> Result<String> {
    let links = links(conn, site)?;
    let mut html = Html::new();
    layout::start(
        &mut html,
        site,
        Depth::Root,
        "Proposal lineage",
        "lineage.html",
    );
    html.raw(
        "<h1>Proposal lineage</h1>\n<p>Proposals that derive from, counter or revise \
              an earlier one, and the stages of a plan. Each family of linked proposals has a \
              band of its own; an arrow leads from a proposal to the one it builds on or \
              answers, which stands to its left. Select a proposal to open it.</p>\n",
    );
    if links.is_empty() {
        html.raw("<p>No proposal is linked to another.</p>\n");
    } else {
        drawing(&mut html, &links);
        in_words(&mut html, &links);
    }
    layout::end(&mut html, site, false);
    Ok(html.into_string())
}

fn drawing(html: &mut Html, links: &[Link]) {
    let layout = layout(links);
    html.raw("<figure class=\"lineage\">\n<div class=\"scroll\">\n")
        .open(
            "svg",
            &[
                ("xmlns", "http://www.w3.org/2000/svg"),
                ("viewBox", &format!("0 0 {} {}", num(layout.width), num(layout.height))),
                ("width", &num(layout.width)),
                ("height", &num(layout.height)),
                ("aria-labelledby", "lineage-title"),
            ],
        )
        .element("title", &[("id", "lineage-title")], "Proposals and the proposals they build on")
        .raw("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
              markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\"/></marker></defs>\n");
    for (link, start) in links.iter().zip(starts(&layout, links)) {
        edge(html, &layout, link, start);
    }
    for entry in layout.bands.iter().flatten().flatten() {
        if let Some((x, y)) = layout.at.get(entry.id.as_str()) {
            node(html, entry, *x, *y);
        }
    }
    html.raw("</svg>\n</div>\n</figure>\n");
}

/// Where on its proposal's left edge each link starts, as a share of the
/// edge's height: the middle for a proposal with one link, else evenly
/// spaced, the link to the highest target on top, so that neither the
/// lines nor their labels lie over one another (Russia's answer to the
/// Kawana proposal counters it and derives from Yeltsin's treaty idea).
fn starts(layout: &Layout, links: &[Link]) -> Vec<f64> {
    let y_of = |entry: &Entry| layout.at.get(entry.id.as_str()).map_or(0.0, |at| at.1);
    let mut leaving: HashMap<&str, Vec<usize>> = HashMap::new();
    for (n, link) in links.iter().enumerate() {
        leaving.entry(link.from.id.as_str()).or_default().push(n);
    }
    let mut starts = vec![0.5; links.len()];
    for mut group in leaving.into_values() {
        group.sort_by(|&a, &b| y_of(links[a].to).total_cmp(&y_of(links[b].to)));
        for (k, &n) in group.iter().enumerate() {
            starts[n] = (k + 1) as f64 / (group.len() + 1) as f64;
        }
    }
    starts
}

fn edge(html: &mut Html, layout: &Layout, link: &Link, start: f64) {
    let (Some(from), Some(to)) = (
        layout.at.get(link.from.id.as_str()),
        layout.at.get(link.to.id.as_str()),
    ) else {
        return;
    };
    let (x1, y1) = (from.0, from.1 + NODE_H * start);
    let (x2, y2) = (to.0 + NODE_W, to.1 + NODE_H / 2.0);
    let bend = ((x1 - x2).abs() / 2.0).max(30.0);
    let d = format!(
        "M{},{}C{},{} {},{} {},{}",
        num(x1),
        num(y1),
        num(x1 - bend),
        num(y1),
        num(x2 + bend),
        num(y2),
        num(x2),
        num(y2)
    );
    let kind = link.kind.replace('_', " ");
    html.open("g", &[("class", "edge")])
        .element(
            "title",
            &[],
            &format!("{} {kind} {}", link.from.title, link.to.title),
        )
        .empty("path", &[("d", &d), ("marker-end", "url(#arrow)")])
        .element(
            "text",
            &[("x", &num(x1 - 5.0)), ("y", &num(y1 - 4.0))],
            &kind,
        )
        .close("g")
        .raw("\n");
}

fn node(html: &mut Html, entry: &Entry, x: f64, y: f64) {
    let date = for_people(&entry.date);
    html.open(
        "a",
        &[("href", &Depth::Root.href(&entry.file)), ("class", "node")],
    )
    .element("title", &[], &format!("{date}: {}", entry.title))
    .empty(
        "rect",
        &[
            ("x", &num(x)),
            ("y", &num(y)),
            ("width", &num(NODE_W)),
            ("height", &num(NODE_H)),
            ("rx", "4"),
        ],
    )
    .open("text", &[]);
    let mut lines = wrap(&entry.title, LINE, 2);
    lines.push(date);
    for (n, line) in lines.iter().enumerate() {
        let class = if n + 1 == lines.len() { "date" } else { "" };
        html.element(
            "tspan",
            &[
                ("x", &num(x + 6.0)),
                ("y", &num(y + 15.0 + n as f64 * 14.0)),
                ("class", class),
            ],
            line,
        );
    }
    html.close("text").close("a").raw("\n");
}

/// `text` in at most `lines` lines of about `width` characters, the last
/// cut with an ellipsis when it does not fit.
fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = vec![String::new()];
    for word in text.split_whitespace() {
        let line = out.last_mut().expect("one line at least");
        if line.is_empty() || line.chars().count() + 1 + word.chars().count() <= width {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        } else {
            out.push(word.to_string());
        }
    }
    if out.len() > lines {
        out.truncate(lines);
        out[lines - 1].push('…');
    }
    for line in &mut out {
        if line.chars().count() > width + 1 {
            *line = line.chars().take(width).chain(['…']).collect();
        }
    }
    out
}

/// The same links as sentences, for reading and for screen readers.
fn in_words(html: &mut Html, links: &[Link]) {
    html.raw("<h2>The links in words</h2>\n<ul class=\"linked\">\n");
    for link in links {
        html.raw("<li>");
        fields::link(html, Depth::Root, link.from);
        html.raw(" ")
            .element("span", &[("class", "meta")], &link.kind.replace('_', " "))
            .raw(" ");
        fields::link(html, Depth::Root, link.to);
        html.raw("</li>\n");
    }
    html.raw("</ul>\n");
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn titles_wrap_into_two_lines_at_most() {
        assert_eq!(wrap("a b c", 3, 2), vec!["a b", "c"]);
        assert_eq!(wrap("one two three four", 7, 2), vec!["one two", "three…"]);
        assert_eq!(wrap("", 5, 2), vec![""]);
        assert_eq!(wrap("abcdefghij", 4, 2), vec!["abcd…"]);
    }
}
