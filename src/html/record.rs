//! One record's page: every field, every list `rjkb show` gathers for it
//! (so each link shows from both of its ends) — its disagreements first,
//! an event's story before and after it, a proposal's lineage both ways —
//! the periods a dated record falls in, and each citation with its quote
//! or statement, locator, relation and the source's address.

use super::catalogue::Entry;
use super::fields::{self, label, refers_to};
use super::layout::{self, capitalised, Depth};
use super::markup::Html;
use super::Site;
use crate::biblio::{self, citation, styles::Style};
use crate::dates::follows_from_date;
use crate::languages;
use crate::model::{Entity, DISPUTES};
use crate::record::text;
use anyhow::Result;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value};

const DEPTH: Depth = Depth::Record;

pub fn page(site: &Site, conn: &Connection, entry: &Entry) -> Result<String> {
    let record = crate::record::record(conn, entry.entity, &entry.id)?;
    let kind = entry.entity.def().singular;
    let mut html = Html::new();
    layout::start(
        &mut html,
        site,
        DEPTH,
        &format!("{} ({kind})", entry.title),
        "",
    );
    html.element("p", &[("class", "kind")], &capitalised(kind))
        .open("h1", &[]);
    fields::title(&mut html, entry);
    html.close("h1");
    if entry.disputed {
        html.raw(
            "<p class=\"disputed-note\"><strong>Disputed.</strong> A source disagrees with \
             this record, or was checked and does not confirm it: see \
             <a href=\"#disagreements\">the disagreements</a>.</p>\n",
        );
    }
    fields_list(&mut html, site, entry, &record);
    for (name, value) in &record {
        let Value::Array(items) = value else {
            continue;
        };
        match name.as_str() {
            "disagreements" => citations_list(&mut html, site, name, items),
            // The periods have a section of their own, for every dated
            // record; the citations end the page.
            "periods" | "citations" => {}
            _ => list(&mut html, site, entry.entity, name, items),
        }
    }
    periods(&mut html, site, entry);
    if let Some(Value::Array(citations)) = record.get("citations") {
        citations_list(&mut html, site, "citations", citations);
    }
    how_to_cite(&mut html, conn, entry, &record)?;
    if entry.entity == Entity::Sources {
        full_text(&mut html, conn, &entry.id)?;
    }
    layout::end(&mut html, site, false);
    Ok(html.into_string())
}

/// The record as a reader cites it in a paper, as `rjkb cite` writes it
/// (Chicago author-date): its claim with an in-text citation of each
/// source, then the references; a source, its own entry.
fn how_to_cite(
    html: &mut Html,
    conn: &Connection,
    entry: &Entry,
    record: &Map<String, Value>,
) -> Result<()> {
    let sources = biblio::load(conn, &citation::cited(entry.entity, &entry.id, record))?;
    if sources.is_empty() {
        return Ok(());
    }
    let cited = citation::citation(conn, Style::Chicago, entry.entity, record, &sources)?;
    html.element("h2", &[("id", "cite")], "How to cite it")
        .raw("\n<div class=\"cite\">\n");
    if let Some(claim) = &cited.claim {
        html.element("p", &[], claim).raw("\n");
        html.element("p", &[("class", "label")], Style::Chicago.heading())
            .raw("\n");
    }
    html.raw("<ul class=\"references\">\n");
    for reference in &cited.references {
        html.element("li", &[], reference).raw("\n");
    }
    html.raw(
        "</ul>\n<p class=\"meta\">Chicago author-date; <code>rjkb cite</code> gives \
              APA and MLA too, and BibTeX, RIS or CSL-JSON entries.</p>\n</div>\n",
    );
    Ok(())
}

/// Every field that has a value, but the title (the heading says it) and
/// what follows from the date (the date in words says it).
fn fields_list(html: &mut Html, site: &Site, entry: &Entry, record: &Map<String, Value>) {
    let title = entry.entity.def().title;
    let lang = record
        .get("lang")
        .and_then(Value::as_str)
        .filter(|l| languages::is_tag(l))
        .unwrap_or("");
    html.raw("<dl class=\"fields\">\n");
    for (name, value) in record {
        // A proposal's links are its lineage, which the page draws and
        // writes out in words ("Comes from", "Led to").
        let in_lineage = name == "links" && record.contains_key("comes_from");
        if value.is_null()
            || value.is_array()
            || name == "entity"
            || name == title
            || in_lineage
            || follows_from_date(name)
        {
            continue;
        }
        html.element("dt", &[], &label(name)).raw("<dd>");
        fields::value(html, site, DEPTH, name, value, lang);
        html.raw("</dd>\n");
    }
    html.raw("</dl>\n");
}

/// The record an item of a list names: its `id` in a list of one kind
/// of record, else the first field that names a record.
fn item_target<'a>(site: &'a Site, list: &str, item: &Map<String, Value>) -> Option<&'a Entry> {
    let by_list = match list {
        "members" => Some(Entity::Actors),
        "events" => Some(Entity::Events),
        "proposals" | "proposals_received" | "parts" => Some(Entity::Proposals),
        "positions" | "superseded_by" => Some(Entity::Positions),
        // A story or a lineage holds events and proposals: each says which.
        "comes_from" | "led_to" | "before" | "after" => {
            let kind = item.get("kind").and_then(Value::as_str);
            Entity::ALL
                .into_iter()
                .find(|e| Some(e.def().singular) == kind)
        }
        _ => None,
    };
    ["id", "actor", "proposal", "target", "cites"]
        .into_iter()
        .find_map(|field| {
            let id = item.get(field).and_then(Value::as_str)?;
            match (field, by_list) {
                ("id", Some(entity)) => site.cat.get(entity, id),
                ("id", None) => None,
                // A source's citations name a record of any kind.
                ("cites", _) => site.cat.any(id),
                _ => site.cat.get(refers_to(field)?, id),
            }
        })
}

/// A list's heading, as a reader of `entity`'s page needs it.
fn heading(entity: Entity, list: &str) -> String {
    match (entity, list) {
        (Entity::Events, "positions") => "Positions on what was proposed there".into(),
        (_, "before") => "Before it, in the same story".into(),
        (_, "after") => "After it, in the same story".into(),
        (_, "led_to") => "Led to".into(),
        _ => capitalised(list),
    }
}

/// A list `show` gathers (participants, proposals, positions, a story...):
/// each item a link to its record, then its other fields.
fn list(html: &mut Html, site: &Site, entity: Entity, name: &str, items: &[Value]) {
    if items.is_empty() {
        return;
    }
    let heading = format!("{} ({})", heading(entity, name), items.len());
    html.element("h2", &[], &heading)
        .raw("\n<ul class=\"linked\">\n");
    for item in items.iter().filter_map(Value::as_object) {
        html.raw("<li>");
        let target = item_target(site, name, item);
        let mut shown: Vec<&str> = Vec::new();
        if let Some(target) = target {
            fields::link(html, DEPTH, target);
            // The link says the target's title, so no field repeats it.
            shown.extend(["id", "title", "name", "position", "cites_title"]);
            shown.extend(
                ["actor", "proposal", "target", "cites"]
                    .iter()
                    .filter(|f| item.get(**f).and_then(Value::as_str) == Some(target.id.as_str())),
            );
        }
        item_fields(html, site, item, &shown);
        html.raw("</li>\n");
    }
    html.raw("</ul>\n");
}

/// An item's fields but those already shown, as `label: value` pairs;
/// quotes and statements as paragraphs of their own.
fn item_fields(html: &mut Html, site: &Site, item: &Map<String, Value>, shown: &[&str]) {
    let mut first = shown.is_empty();
    for (name, value) in item {
        if value.is_null() || shown.contains(&name.as_str()) {
            continue;
        }
        if matches!(name.as_str(), "quote" | "statement" | "note") {
            continue;
        }
        // A language goes with the alias before it; other fields stand apart.
        html.raw(match (first, name.as_str()) {
            (true, _) => "",
            (false, "lang") => " ",
            (false, _) => " · ",
        });
        first = false;
        html.open("span", &[("class", "meta")]);
        if name == "alias" {
            let lang = item.get("lang").and_then(Value::as_str).unwrap_or("");
            let lang = if languages::is_tag(lang) { lang } else { "" };
            html.element("span", &[("lang", lang)], &text(value));
        } else if name == "lang" {
            html.text(&format!("({})", languages::name(&text(value))));
        } else {
            html.text(&format!("{}: ", label(name).to_lowercase()));
            fields::value(html, site, DEPTH, name, value, "");
        }
        html.close("span");
    }
    words(html, item);
}

/// A citation's quote, statement and note, each under its own label.
fn words(html: &mut Html, item: &Map<String, Value>) {
    if let Some(quote) = item.get("quote").and_then(Value::as_str) {
        html.raw("<blockquote><p>")
            .text(quote)
            .raw("</p></blockquote>");
    }
    if let Some(statement) = item.get("statement").and_then(Value::as_str) {
        html.raw("<p class=\"statement\"><span class=\"label\">What the page states:</span> ")
            .text(statement)
            .raw("</p>");
    }
    if let Some(note) = item.get("note").and_then(Value::as_str) {
        html.raw("<p class=\"note\"><span class=\"label\">Note:</span> ")
            .text(note)
            .raw("</p>");
    }
}

/// The named periods a dated fact's span overlaps (a source is dated by
/// when it appeared, which no period is about).
fn periods(html: &mut Html, site: &Site, entry: &Entry) {
    if matches!(entry.entity, Entity::Periods | Entity::Sources) {
        return;
    }
    let (Some(from), Some(to)) = (&entry.from, &entry.to) else {
        return;
    };
    let within: Vec<&Entry> = site
        .cat
        .of(Entity::Periods)
        .filter(|p| {
            p.from.as_ref().is_some_and(|f| f <= to) && p.to.as_ref().is_some_and(|t| t >= from)
        })
        .collect();
    if within.is_empty() {
        return;
    }
    html.element("h2", &[], &format!("Periods ({})", within.len()))
        .raw("\n<ul class=\"linked\">\n");
    for period in within {
        html.raw("<li>");
        fields::link(html, DEPTH, period);
        html.raw(" · ");
        fields::date(html, &period.date);
        html.raw("</li>\n");
    }
    html.raw("</ul>\n");
}

/// The relation of a citation in words; a dispute stands out.
fn relation(html: &mut Html, relation: &str) {
    let class = if DISPUTES.iter().any(|d| d.relation == relation) {
        "relation dispute"
    } else {
        "relation"
    };
    html.element("strong", &[("class", class)], &capitalised(relation));
}

/// Citations (all, or the disagreements: `name`), each with its relation,
/// source, locator, words, passage and address.
fn citations_list(html: &mut Html, site: &Site, name: &str, citations: &[Value]) {
    if citations.is_empty() {
        return;
    }
    let heading = format!("{} ({})", capitalised(name), citations.len());
    html.element("h2", &[("id", name)], &heading)
        .raw("\n<ol class=\"citations\">\n");
    for citation in citations.iter().filter_map(Value::as_object) {
        let get = |field: &str| citation.get(field).and_then(Value::as_str).unwrap_or("");
        html.raw("<li><p class=\"cite-head\">");
        relation(html, get("relation"));
        html.raw(" ");
        // Who says it, then what: "Kyodo News: Hashimoto proposed…".
        if !get("source_author").is_empty() {
            html.text(&crate::author::in_words(get("source_author")))
                .raw(": ");
        }
        match site.cat.get(Entity::Sources, get("source")) {
            Some(source) => fields::link(html, DEPTH, source),
            None => {
                html.text(get("source"));
            }
        }
        // Where it appeared: "Japanese-Russian Defense Talks, Monitor, vol. 4, no. 106".
        if !get("source_container").is_empty() {
            html.raw(", ").text(get("source_container"));
        }
        if !get("locator").is_empty() {
            html.raw(", ").text(get("locator"));
        }
        html.raw("</p>");
        words(html, citation);
        if !get("passage").is_empty() {
            html.raw("<details><summary>The passage around the quote</summary><p>")
                .text(get("passage"))
                .raw("</p></details>");
        }
        if !get("source_url").is_empty() {
            html.raw("<p class=\"address\">Read it at ");
            html.web_link(get("source_url"), "");
            html.raw("</p>");
        }
        html.raw("</li>\n");
    }
    html.raw("</ol>\n");
}

/// A source's full text, when the data holds it, paragraph by paragraph.
fn full_text(html: &mut Html, conn: &Connection, id: &str) -> Result<()> {
    let body: Option<String> = conn
        .query_row(
            "SELECT body FROM source_texts WHERE source = ?1",
            [id],
            |row| row.get(0),
        )
        .optional()?;
    let Some(body) = body else {
        return Ok(());
    };
    html.raw("<h2 id=\"full-text\">Full text</h2>\n<div class=\"full-text\">\n");
    for paragraph in body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        html.element("p", &[], paragraph).raw("\n");
    }
    html.raw("</div>\n");
    Ok(())
}
