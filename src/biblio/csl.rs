//! CSL-JSON, the form citeproc processors (pandoc, Zotero, Mendeley)
//! read: one array of items, each with its type, `author` (a person's
//! family and given names, a body's literal name), `container-title`, `issued` as date parts (with `season` and
//! `circa` where the date has them), `URL`, `note` and `language`.

use super::{Date, Source};
use crate::author::{self, Author};
use anyhow::Result;
use serde_json::{json, Map, Value};
use std::io::Write;

pub fn write(out: &mut dyn Write, sources: &[Source]) -> Result<()> {
    let items: Vec<Value> = sources.iter().map(item).collect();
    serde_json::to_writer_pretty(&mut *out, &items)?;
    writeln!(out)?;
    Ok(())
}

fn item(source: &Source) -> Value {
    let (_, _, _, kind) = source.types();
    let mut item = Map::new();
    item.insert("id".into(), json!(source.key));
    item.insert("type".into(), json!(kind));
    if let Some(author) = &source.author {
        let names: Vec<Value> = match author::parse(author) {
            Author::People(people) => (people.iter())
                .map(|p| json!({ "family": p.family, "given": p.given }))
                .collect(),
            Author::Body(name) => vec![json!({ "literal": name })],
        };
        item.insert("author".into(), Value::Array(names));
    }
    item.insert("title".into(), json!(source.title));
    if let Some(container) = &source.container {
        item.insert("container-title".into(), json!(container));
    }
    if let Some(date) = source.date() {
        item.insert("issued".into(), issued(&date));
    }
    if let Some(url) = &source.url {
        item.insert("URL".into(), json!(url));
    }
    if let Some(note) = &source.note {
        item.insert("note".into(), json!(note));
    }
    item.insert("language".into(), json!(source.lang));
    Value::Object(item)
}

fn issued(date: &Date) -> Value {
    let mut parts = vec![json!(date.start)];
    if let Some(end) = &date.end {
        parts.push(json!(end));
    }
    let mut issued = json!({ "date-parts": parts });
    if let Some(season) = date.season {
        issued["season"] = json!(season);
    }
    if date.circa {
        issued["circa"] = json!(true);
    }
    issued
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_parts_with_their_season_and_circa() {
        let date = Date::parse("1996-04-30~").unwrap();
        assert_eq!(
            issued(&date),
            json!({"date-parts": [[1996, 4, 30]], "circa": true})
        );
        let date = Date::parse("1996/1997").unwrap();
        assert_eq!(issued(&date), json!({"date-parts": [[1996], [1997]]}));
        let date = Date::parse("1998-21").unwrap();
        assert_eq!(issued(&date), json!({"date-parts": [[1998]], "season": 1}));
    }

    #[test]
    fn a_person_has_family_and_given_names_and_a_body_a_literal_one() {
        let mut source = Source {
            author: Some("Timakova, Natalya".into()),
            ..Source::default()
        };
        assert_eq!(
            item(&source)["author"],
            json!([{"family": "Timakova", "given": "Natalya"}])
        );
        source.author = Some("Kyodo News".into());
        assert_eq!(item(&source)["author"], json!([{"literal": "Kyodo News"}]));
    }
}
