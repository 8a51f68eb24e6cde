//! A record's citation to paste, in one style: what it says (its claim)
//! with an in-text citation of each source, then the list of references.
//! `rjkb cite` writes it; the web edition puts it on every record's page.

use super::styles::{self, Style};
use super::Source;
use crate::dates::for_people;
use crate::model::{Entity, DISPUTES};
use crate::names::actor_name;
use anyhow::Result;
use rusqlite::Connection;
use serde_json::{Map, Value};

/// A citation in words: the claim with its in-text citations (none for a
/// source, which cites itself), then the references, in the style's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    pub claim: Option<String>,
    pub references: Vec<String>,
}

/// The citation of `record` (of kind `entity`), which cites `sources`
/// (as `biblio::load` gave them, in the order first cited).
pub fn citation(
    conn: &Connection,
    style: Style,
    entity: Entity,
    record: &Map<String, Value>,
    sources: &[Source],
) -> Result<Citation> {
    let citations: Vec<&Map<String, Value>> = match record.get("citations") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    };
    let refs: Vec<&Source> = sources.iter().collect();
    let suffixes = styles::suffixes(style, &refs);
    let claim = match entity {
        Entity::Sources => None,
        _ => {
            let cites = in_text(style, &citations, sources, &suffixes);
            Some(format!("{} ({cites}).", claim(conn, entity, record)?))
        }
    };
    let mut order: Vec<usize> = (0..sources.len()).collect();
    order.sort_by_key(|n| styles::sort_key(&sources[*n]));
    let references = (order.into_iter())
        .map(|n| styles::reference(style, &sources[n], &suffixes[n]))
        .collect();
    Ok(Citation { claim, references })
}

/// The in-text citations: those that support first, then each kind of
/// dispute after its words ("disputed by ...").
fn in_text(
    style: Style,
    citations: &[&Map<String, Value>],
    sources: &[Source],
    suffixes: &[String],
) -> String {
    let by_relation = |wanted: &str| -> Vec<String> {
        let mut cites = Vec::new();
        for (n, source) in sources.iter().enumerate() {
            let cited: Vec<&str> = citations
                .iter()
                .filter(|c| text(c, "source") == source.id && text(c, "relation") == wanted)
                .map(|c| text(c, "locator"))
                .collect();
            if cited.is_empty() {
                continue;
            }
            // Each place once, in the order first cited: three quotes
            // from one section are one "I §2(4)".
            let mut locators: Vec<&str> = Vec::new();
            for locator in cited {
                if !locator.is_empty() && !locators.contains(&locator) {
                    locators.push(locator);
                }
            }
            cites.push(styles::in_text_parts(
                style,
                source,
                &suffixes[n],
                &locators,
            ));
        }
        by_author(style, cites)
    };
    let mut groups = by_relation("supports");
    for dispute in DISPUTES {
        let cites = by_relation(dispute.relation);
        if !cites.is_empty() {
            groups.push(format!("{} {}", dispute.by, cites.join("; ")));
        }
    }
    groups.join("; ")
}

/// One author's works cited together, where the first is, in the order
/// of their years: "Jamestown Foundation 1998a, 1998b", and with places a
/// semicolon between them, "1998a, para. 2; 1998b, para. 1", as Chicago
/// writes them. MLA, which names each work by its title, keeps them apart.
fn by_author(style: Style, cites: Vec<(String, String)>) -> Vec<String> {
    if style == Style::Mla {
        return cites.into_iter().map(|(who, _)| who).collect();
    }
    let mut authors: Vec<(String, Vec<String>)> = Vec::new();
    for (who, when) in cites {
        match authors.iter_mut().find(|(name, _)| *name == who) {
            Some((_, works)) => works.push(when),
            None => authors.push((who, vec![when])),
        }
    }
    (authors.into_iter())
        .map(|(who, mut works)| {
            works.sort();
            let between = match works.iter().any(|w| w.contains(", ")) {
                true => "; ",
                false => ", ",
            };
            styles::named(style, &who, &works.join(between))
        })
        .collect()
}

/// What the record says, in a sentence: its title, with its date in words
/// (and a position's holder), then its summary.
fn claim(conn: &Connection, entity: Entity, record: &Map<String, Value>) -> Result<String> {
    let def = entity.def();
    let mut claim = text(record, def.title).trim().to_string();
    if entity == Entity::Positions {
        // Whose position, by name: "Japan", "Yevgeny Primakov".
        let actor = text(record, "actor");
        let name = actor_name(conn, actor)?;
        claim = format!("{}: {claim}", name.as_deref().unwrap_or(actor));
    }
    let date = for_people(text(record, "date"));
    if !date.is_empty() {
        claim = format!("{claim} ({date})");
    }
    let summary = text(record, "summary").trim();
    if summary.is_empty() {
        return Ok(claim);
    }
    let stop = if claim.ends_with(['.', '?', '!']) {
        ""
    } else {
        "."
    };
    Ok(format!("{claim}{stop} {}", summary.trim_end_matches('.')))
}

/// The ids of the sources `record` cites, in the order first cited (a
/// source cites itself).
pub fn cited(entity: Entity, id: &str, record: &Map<String, Value>) -> Vec<String> {
    if entity == Entity::Sources {
        return vec![id.to_string()];
    }
    match record.get("citations") {
        Some(Value::Array(items)) => (items.iter().filter_map(Value::as_object))
            .map(|c| text(c, "source").to_string())
            .collect(),
        _ => Vec::new(),
    }
}

fn text<'a>(object: &'a Map<String, Value>, field: &str) -> &'a str {
    object
        .get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cites(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(who, when)| (who.to_string(), when.to_string()))
            .collect()
    }

    #[test]
    fn one_authors_works_are_cited_together_in_the_order_of_their_years() {
        let cited = cites(&[
            ("Jamestown Foundation", "1998b"),
            ("WPS agency", "1998"),
            ("Jamestown Foundation", "1998a"),
        ]);
        assert_eq!(
            by_author(Style::Chicago, cited.clone()),
            ["Jamestown Foundation 1998a, 1998b", "WPS agency 1998"]
        );
        assert_eq!(
            by_author(Style::Apa, cited),
            ["Jamestown Foundation, 1998a, 1998b", "WPS agency, 1998"]
        );
        // With places, a semicolon between the works.
        let placed = cites(&[
            ("Jamestown Foundation", "1998b, para. 1"),
            ("Jamestown Foundation", "1998a, para. 2"),
        ]);
        assert_eq!(
            by_author(Style::Chicago, placed),
            ["Jamestown Foundation 1998a, para. 2; 1998b, para. 1"]
        );
        // MLA names each work by its title: nothing is joined.
        let mla = cites(&[
            ("Jamestown Foundation, “A”", ""),
            ("Jamestown Foundation, “B”", ""),
        ]);
        assert_eq!(
            by_author(Style::Mla, mla),
            ["Jamestown Foundation, “A”", "Jamestown Foundation, “B”"]
        );
    }
}
