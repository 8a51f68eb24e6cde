//! The index page — the timeline, the finder, the chronology in words —
//! and the finder's index, a JSON value in `search-index.js`.
//!
//! The finder is a form the script reveals: with scripts off the page
//! still has the whole timeline and chronology, and every listing page.
//! The index is loaded by a `<script>` element rather than fetched, since
//! a browser refuses to fetch one file from another on `file://`.

use super::catalogue::Entry;
use super::layout::{self, capitalised, Depth};
use super::markup::Html;
use super::timeline::{self, LANES};
use super::{fields, Site};
use crate::dates::for_people;
use crate::model::Entity;
use crate::names::resolve_actor;
use crate::query::{Filters, Listing, Scope};
use anyhow::Result;
use rusqlite::Connection;
use serde_json::{json, Map, Value};

pub fn page(site: &Site) -> String {
    let mut html = Html::new();
    layout::start(
        &mut html,
        site,
        Depth::Root,
        "Timeline and finder",
        "index.html",
    );
    html.element("h1", &[], site.title).raw("\n<p>");
    let counts: Vec<String> = Entity::ALL
        .iter()
        .map(|e| e.def().counted(site.cat.count(*e)))
        .collect();
    html.text(&format!(
        "{}: every record with the sources it rests on, where they disagree and what they state.",
        sentence(&counts)
    ))
    .raw("</p>\n<h2 id=\"timeline\">Timeline</h2>\n");
    timeline::figure(&mut html, site);
    finder(&mut html, site);
    chronology(&mut html, site);
    layout::end(&mut html, site, true);
    html.into_string()
}

/// `a, b and c`.
fn sentence(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// The finder's form, hidden until its script runs, and where it answers.
fn finder(html: &mut Html, site: &Site) {
    html.raw("<h2 id=\"find\">Find records</h2>\n<form id=\"finder\" class=\"finder\" role=\"search\" hidden>\n")
        .raw("<label>Year <select name=\"year\"><option value=\"\">any year</option>");
    // The years a record is dated in, not the empty ones between (a
    // chronology from 1855 has 134 of them); at most 500, as a file from
    // elsewhere may date a record 0001 to 9999.
    for year in timeline::dated_years(site).into_iter().take(500) {
        html.element("option", &[], &year.to_string());
    }
    html.raw(
        "</select></label>\n<label>Actor <select name=\"actor\"><option value=\"\">anyone</option>",
    );
    let mut actors: Vec<&Entry> = site.cat.of(Entity::Actors).collect();
    actors.sort_by(|a, b| a.title.cmp(&b.title));
    for actor in actors {
        html.element("option", &[("value", &actor.id)], &actor.title);
    }
    html.raw("</select></label>\n<label>Topic <select name=\"topic\"><option value=\"\">any topic</option>");
    for (id, name) in &site.cat.topics {
        html.element("option", &[("value", id)], name);
    }
    html.raw(
        "</select></label>\n<label>Words <input type=\"search\" name=\"words\" autocomplete=\"off\"></label>\n\
         </form>\n<p id=\"finder-status\" role=\"status\"></p>\n<ol id=\"finder-results\" class=\"records\"></ol>\n\
         <noscript><p>The finder needs scripts. With them off, the chronology below and the lists of each \
         kind of record (in the navigation above) hold every record.</p></noscript>\n",
    );
}

/// Events and proposals in date order, year by year, as the timeline
/// draws them.
fn chronology(html: &mut Html, site: &Site) {
    let mut entries: Vec<&Entry> = LANES
        .iter()
        .flat_map(|(entity, _)| site.cat.of(*entity))
        .collect();
    entries.sort_by(|a, b| {
        (
            a.from.is_none(),
            &a.from,
            &a.to,
            a.entity.def().singular,
            &a.id,
        )
            .cmp(&(
                b.from.is_none(),
                &b.from,
                &b.to,
                b.entity.def().singular,
                &b.id,
            ))
    });
    html.raw("<h2 id=\"chronology\">Chronology</h2>\n");
    let year = |e: &Entry| {
        e.from
            .as_deref()
            .and_then(|f| f.get(..4))
            .unwrap_or("Undated")
            .to_string()
    };
    let mut at = 0;
    while at < entries.len() {
        let this = year(entries[at]);
        let end = at + entries[at..].iter().take_while(|e| year(e) == this).count();
        html.element("h3", &[], &format!("{this} ({})", end - at))
            .raw("\n<ol class=\"records\">\n");
        for entry in &entries[at..end] {
            record_item(html, entry);
        }
        html.raw("</ol>\n");
        at = end;
    }
}

/// One record in a list: its date, its kind, its title as a link.
fn record_item(html: &mut Html, entry: &Entry) {
    html.raw("<li>")
        .element("span", &[("class", "date")], &for_people(&entry.date))
        .raw(" ")
        .element("span", &[("class", "kind")], entry.entity.def().singular)
        .raw(" ");
    fields::link(html, Depth::Root, entry);
    if entry.disputed {
        html.raw(" <span class=\"badge\">disputed</span>");
    }
    html.raw("</li>\n");
}

/// The finder's index: every record, and for each actor the records
/// `--by` finds for it (a state with its people).
pub fn search_index(site: &Site, conn: &Connection) -> Result<String> {
    let records: Vec<Value> = site
        .cat
        .entries
        .iter()
        .map(|e| {
            // The words in another language, which the finder marks as such.
            let (own, _) = e.title_parts();
            json!({
                "kind": e.entity.def().singular,
                "title": e.title,
                "own": own,
                "lang": e.lang,
                "date": for_people(&e.date),
                "from": e.from,
                "to": e.to,
                "topic": e.topic,
                "text": e.text,
                "disputed": e.disputed,
                "href": e.file,
            })
        })
        .collect();
    let mut actors = Map::new();
    for actor in site.cat.of(Entity::Actors) {
        actors.insert(actor.id.clone(), json!(involving(site, conn, &actor.id)?));
    }
    let kinds: Map<String, Value> = Entity::ALL
        .iter()
        .map(|e| {
            (
                e.def().singular.to_string(),
                json!(capitalised(e.def().singular)),
            )
        })
        .collect();
    let index = json!({"records": records, "actors": actors, "kinds": kinds});
    Ok(format!("window.rjkbIndex = {index};\n"))
}

/// The places in the catalogue of every record `--by ACTOR` lists.
fn involving(site: &Site, conn: &Connection, actor: &str) -> Result<Vec<usize>> {
    let scope = Scope {
        actors: vec![resolve_actor(conn, actor)?],
        ..Scope::default()
    };
    let ids_only = Filters {
        columns: Some(vec!["id".into()]),
        ..Filters::default()
    };
    let mut found = Vec::new();
    for entity in Entity::ALL.into_iter().filter(|e| e.def().by.is_some()) {
        let sql = Listing::within(entity, scope.clone(), &ids_only, false)?.sql();
        let mut stmt = sql.prepare(conn)?;
        let mut rows = stmt.raw_query();
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            found.extend(site.cat.index_of(entity, &id));
        }
    }
    found.sort_unstable();
    Ok(found)
}
