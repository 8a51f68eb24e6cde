//! One field of a record as a page shows it: a date in words, a
//! reference as a link to the record it names, an address as a link
//! when it is a web address, a language by name.

use super::catalogue::Entry;
use super::layout::{capitalised, Depth};
use super::markup::Html;
use super::Site;
use crate::author;
use crate::dates::{for_people, is_date_field};
use crate::languages;
use crate::model::Entity;
use crate::record::text;
use serde_json::Value;

/// The entity whose ids a field holds, by the field's name: the same
/// names in every table and in every list `show` gathers.
pub fn refers_to(field: &str) -> Option<Entity> {
    match field {
        "actor" | "actors" | "proposer" | "addressee" => Some(Entity::Actors),
        "event" => Some(Entity::Events),
        "proposal" | "part_of" | "target" => Some(Entity::Proposals),
        "supersedes" => Some(Entity::Positions),
        _ => None,
    }
}

/// A field's name as a label.
pub fn label(field: &str) -> String {
    match field {
        "date_text" => "Date as the source gives it".into(),
        "source" => "Cited".into(),
        "part_of" => "Part of".into(),
        "seq" => "Stage".into(),
        "lang" => "Language".into(),
        "container" => "Appeared in".into(),
        "url" => "Address".into(),
        "file" => "Full text".into(),
        // How a record of a story or a lineage joins the one before it.
        "link" => "How".into(),
        other => capitalised(other),
    }
}

/// An EDTF date in words, with the EDTF form beside it when they differ.
pub fn date(html: &mut Html, edtf: &str) {
    let words = for_people(edtf);
    html.text(&words);
    if words != edtf {
        html.raw(" <span class=\"edtf\">(")
            .text(edtf)
            .raw(")</span>");
    }
}

/// A link to `entry`'s page saying its title, from a page at `depth`.
pub fn link(html: &mut Html, depth: Depth, entry: &Entry) {
    html.open("a", &[("href", &depth.href(&entry.file))]);
    title(html, entry);
    html.close("a");
}

/// `entry`'s title, the words in its own language marked as such
/// (`<span lang="ja">川奈首脳会談</span> [The Kawana summit]`), so that a
/// browser shows them in that language's letter forms and a screen reader
/// reads them in its voice; a translation or description in square
/// brackets is ours, in English, as the page is.
pub fn title(html: &mut Html, entry: &Entry) {
    match entry.title_parts() {
        ("", english) => html.text(english),
        (own, "") => html.element("span", &[("lang", &entry.lang)], own),
        (own, translation) => html
            .element("span", &[("lang", &entry.lang)], own)
            .raw(" ")
            .text(translation),
    };
}

/// The ids a reference field holds (`actors` lists several).
pub fn ids(field: &str, value: &str) -> Vec<String> {
    if field == "actors" {
        value.split(", ").map(str::to_string).collect()
    } else {
        vec![value.to_string()]
    }
}

/// Writes one field's value. `lang` is the record's language (for its
/// address's `hreflang`).
pub fn value(html: &mut Html, site: &Site, depth: Depth, field: &str, value: &Value, lang: &str) {
    let plain = text(value);
    if let Some(entity) = refers_to(field) {
        for (n, id) in ids(field, &plain).iter().enumerate() {
            if n > 0 {
                html.raw(", ");
            }
            match site.cat.get(entity, id) {
                Some(entry) => link(html, depth, entry),
                None => {
                    html.text(id);
                }
            }
        }
        return;
    }
    match field {
        field if is_date_field(field) => date(html, &plain),
        "url" => {
            html.web_link(&plain, lang);
        }
        "lang" => {
            html.text(&format!("{} ({plain})", languages::name(&plain)));
        }
        "author" => {
            html.text(author::for_people(&plain));
        }
        "topic" => {
            html.text(site.cat.topic_name(&plain));
        }
        "source" => cited(html, site, depth, &plain),
        "link" => story_link(html, site, depth, &plain),
        _ => {
            html.text(&plain);
        }
    }
}

/// A record's `source` field, as its listing words it ("study I §2(4);
/// jamestown-4-91 (contradicts)"): each source's id a link to its page,
/// the places and the relation after it as text.
fn cited(html: &mut Html, site: &Site, depth: Depth, plain: &str) {
    for (n, label) in plain.split("; ").enumerate() {
        if n > 0 {
            html.raw("; ");
        }
        let (id, rest) = label.split_once(' ').unwrap_or((label, ""));
        match site.cat.get(Entity::Sources, id) {
            Some(entry) => {
                html.open("a", &[("href", &depth.href(&entry.file))])
                    .text(id)
                    .close("a");
                if !rest.is_empty() {
                    html.raw(" ").text(rest);
                }
            }
            None => {
                html.text(label);
            }
        }
    }
}

/// How a record of a story or a lineage joins another ("where
/// kawana-proposal was made", "derived from joint-economic-activities"):
/// each event or proposal it names by id, a link saying its title.
fn story_link(html: &mut Html, site: &Site, depth: Depth, plain: &str) {
    for (n, word) in plain.split(' ').enumerate() {
        if n > 0 {
            html.raw(" ");
        }
        let named =
            (site.cat.get(Entity::Events, word)).or_else(|| site.cat.get(Entity::Proposals, word));
        match named {
            Some(entry) => link(html, depth, entry),
            None => {
                html.text(word);
            }
        }
    }
}
