//! Every record of the site, read once: what the index, the timeline, the
//! listings and the links between pages need to name and place a record.

use super::markup::file_name;
use crate::languages;
use crate::model::Entity;
use crate::statement::Sql;
use anyhow::Result;
use rusqlite::Connection;
use std::collections::HashMap;

/// One record, as the pages that link to it see it.
#[derive(Debug)]
pub struct Entry {
    pub entity: Entity,
    pub id: String,
    pub title: String,
    /// The EDTF date, empty when unknown or undated; then its bounds.
    pub date: String,
    pub from: Option<String>,
    pub to: Option<String>,
    /// The topic's id, empty when none.
    pub topic: String,
    /// What the finder's words are looked for in besides the title: the
    /// summary and note, an actor's aliases and role (a reader types a
    /// name in Russian or Japanese, as `--text` finds it), a source's
    /// author and container (as `sources --text`).
    pub text: String,
    pub disputed: bool,
    /// The language its title is in, when not English (a source's
    /// `lang`, if it is a language tag); else empty.
    pub lang: String,
    /// Its page, from the site's root: `event/kawana-summit.html`.
    pub file: String,
}

/// Every record, entity by entity in the model's order, each entity's
/// rows in its listing order.
pub struct Catalogue {
    pub entries: Vec<Entry>,
    /// Each entity's block of `entries`, in the model's order: every page's
    /// header counts them, so they are counted once.
    blocks: Vec<std::ops::Range<usize>>,
    by_key: HashMap<(&'static str, String), usize>,
    by_id: HashMap<String, usize>,
    /// Topic ids and names, by name.
    pub topics: Vec<(String, String)>,
}

impl Catalogue {
    pub fn load(conn: &Connection) -> Result<Catalogue> {
        let mut entries = Vec::new();
        let mut blocks = Vec::new();
        for entity in Entity::ALL {
            let start = entries.len();
            entries.extend(entries_of(conn, entity)?);
            blocks.push(start..entries.len());
        }
        let mut by_key = HashMap::new();
        let mut by_id = HashMap::new();
        for (at, entry) in entries.iter().enumerate() {
            by_key.insert((entry.entity.def().singular, entry.id.clone()), at);
            by_id.entry(entry.id.clone()).or_insert(at);
        }
        let mut stmt = conn.prepare("SELECT id, name FROM topics ORDER BY name, id")?;
        let topics = stmt
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Catalogue {
            entries,
            blocks,
            by_key,
            by_id,
            topics,
        })
    }

    pub fn get(&self, entity: Entity, id: &str) -> Option<&Entry> {
        self.index_of(entity, id).map(|at| &self.entries[at])
    }

    /// Where the record is in [`Catalogue::entries`].
    pub fn index_of(&self, entity: Entity, id: &str) -> Option<usize> {
        self.by_key
            .get(&(entity.def().singular, id.to_string()))
            .copied()
    }

    /// The record with this id, of whatever kind (the first in the model's
    /// order when two kinds share an id).
    pub fn any(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|at| &self.entries[*at])
    }

    pub fn of(&self, entity: Entity) -> impl Iterator<Item = &Entry> {
        self.entries[self.block(entity)].iter()
    }

    pub fn count(&self, entity: Entity) -> usize {
        self.block(entity).len()
    }

    fn block(&self, entity: Entity) -> std::ops::Range<usize> {
        let at = Entity::ALL.iter().position(|e| *e == entity);
        at.map_or(0..0, |at| self.blocks[at].clone())
    }

    pub fn topic_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.topics
            .iter()
            .find(|(t, _)| t == id)
            .map_or(id, |(_, name)| name.as_str())
    }
}

impl Entry {
    /// Its title as two parts: the words in its own language, when it is
    /// not English (`lang`), and the rest — after them our translation in
    /// square brackets, or else the whole title, in English. A description
    /// in brackets is ours, in English, whatever the record's language.
    pub fn title_parts(&self) -> (&str, &str) {
        let title = self.title.as_str();
        if self.lang.is_empty() || languages::is_description(title) {
            return ("", title);
        }
        match languages::translated(title) {
            Some((original, translation)) => (original, translation),
            None => (title.trim(), ""),
        }
    }
}

/// The rows of one entity from its listing table, in listing order.
fn entries_of(conn: &Connection, entity: Entity) -> Result<Vec<Entry>> {
    let def = entity.def();
    let has = |column: &str| def.column(column).is_some();
    let or_null = |column: &'static str| if has(column) { column } else { "NULL" };
    let text: Vec<&str> = ["aliases", "role", "author", "container", "summary", "note"]
        .into_iter()
        .filter(|c| has(c))
        .collect();
    // A page marks a record a source disputes; a source that disputes
    // others is not itself in doubt.
    let disputed = if def.cited() {
        def.disputed("t.id")
    } else {
        "0".into()
    };
    let sql = format!(
        // Named as their columns, which a message about a value read here names.
        "SELECT t.id, coalesce(t.{title}, '') AS {title}, coalesce({date}, '') AS date, \
         {from} AS date_from, {to} AS date_to, coalesce({topic}, '') AS topic, \
         coalesce(concat_ws(' ', {text}), '') AS text, {disputed} AS disputed, \
         coalesce({lang}, '') AS lang FROM {listing} t ORDER BY t.n",
        title = def.title,
        date = or_null("date"),
        from = or_null("date_from"),
        to = or_null("date_to"),
        topic = or_null("topic"),
        text = if text.is_empty() {
            "NULL".to_string()
        } else {
            text.join(", ")
        },
        listing = def.listing,
        lang = or_null("lang"),
    );
    let mut stmt = Sql::new(sql).prepare(conn)?;
    let rows = stmt.query_map([], |row| {
        let id: String = row.get(0)?;
        Ok(Entry {
            entity,
            file: format!("{}/{}.html", def.singular, file_name(&id)),
            id,
            title: row.get(1)?,
            date: row.get(2)?,
            from: row.get(3)?,
            to: row.get(4)?,
            topic: row.get(5)?,
            text: row.get(6)?,
            disputed: row.get(7)?,
            lang: own_language(row.get(8)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A title's language as a page marks it: a language tag other than
/// English, or nothing.
fn own_language(lang: String) -> String {
    if languages::is_tag(&lang) && !lang.eq_ignore_ascii_case("en") {
        lang
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_a_language_tag_other_than_english_marks_a_title() {
        for (lang, marked) in [
            ("ja", "ja"),
            ("pt-BR", "pt-BR"),
            ("", ""),
            ("en", ""),
            ("EN", ""),
            ("ja\" onclick=\"x", ""),
            ("ja fr", ""),
        ] {
            assert_eq!(super::own_language(lang.to_string()), marked, "{lang}");
        }
    }
}
