//! The entity model: one definition per kind of record a reader lists.
//!
//! Everything rjkb knows about an entity lives in its [`Def`]: its table,
//! its singular, its listing columns (and which a terminal table shows),
//! whether it is dated, how `--by`, `--topic` and `--text` apply, its block
//! of full-text rows, and how `show` titles it. From it follow the listing
//! queries (`query.rs`), `show`, `count`, the loader's rule that every
//! fact cites a source (`seed.rs`), and the derived listing tables and
//! search rows (`derived.rs`). Adding a column to a listing is one edit
//! in `model/entities.rs` (plus a migration when the fact table lacks
//! it); adding an entity is one definition there, its variant here, and
//! the migration of its table. No clap type lives here: the command line
//! maps its own names to [`Entity`].

mod entities;

use entities::{ACTORS, EVENTS, PERIODS, POSITIONS, PROPOSALS, SOURCES};

/// What a listing lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Events,
    Actors,
    Proposals,
    Positions,
    Periods,
    Sources,
}

impl Entity {
    pub const ALL: [Entity; 6] = [
        Entity::Events,
        Entity::Actors,
        Entity::Proposals,
        Entity::Positions,
        Entity::Periods,
        Entity::Sources,
    ];

    pub fn def(self) -> &'static Def {
        match self {
            Entity::Events => &EVENTS,
            Entity::Actors => &ACTORS,
            Entity::Proposals => &PROPOSALS,
            Entity::Positions => &POSITIONS,
            Entity::Periods => &PERIODS,
            Entity::Sources => &SOURCES,
        }
    }
}

/// One entity: the single description everything else reads.
#[derive(Debug)]
pub struct Def {
    /// The plural: the fact table, and the name on the command line.
    pub name: &'static str,
    /// The singular: a search row's kind, and the column of `citations`
    /// that cites a row of this entity.
    pub singular: &'static str,
    /// The derived table that holds the listing, row for row.
    pub listing: &'static str,
    /// The fact table's column that titles a record (`show`, search rows).
    pub title: &'static str,
    /// The listing's columns, in output order.
    pub columns: &'static [Column],
    /// Whether rows have a date (`date`, `date_from`, `date_to`...).
    pub dated: bool,
    /// How `--by ACTOR` selects rows, if it applies.
    pub by: Option<By>,
    /// Whether `--topic` applies (the listing has a `topic` column).
    pub topic: bool,
    /// How `--text` finds words.
    pub text: Text,
    /// The listing order, as SQL over the fact table `t`, and in words.
    pub order: &'static str,
    pub order_in_words: &'static str,
    /// Whether the order starts with `date_from, date_to` ascending: then
    /// the date index yields dated rows already in listing order.
    pub dates_in_order: bool,
}

impl Def {
    /// Whether every row must cite a source: the listing shows them.
    pub fn cited(&self) -> bool {
        self.columns.iter().any(|c| matches!(c.fill, Fill::Sources))
    }

    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn column_names(&self) -> impl Iterator<Item = &'static str> {
        self.columns.iter().map(|c| c.name)
    }

    /// The columns a terminal table shows when `--columns` is not given.
    pub fn table_columns(&self) -> impl Iterator<Item = &'static str> {
        self.columns.iter().filter(|c| c.shown).map(|c| c.name)
    }
}

/// Every entity whose rows must cite a source (`citations.<singular>`).
pub fn cited() -> impl Iterator<Item = &'static Def> {
    Entity::ALL.iter().map(|e| e.def()).filter(|d| d.cited())
}

/// One column of a listing.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    /// Shown in a terminal table when `--columns` is not given.
    pub shown: bool,
    /// Its SQL type in the listing table.
    pub sql_type: &'static str,
    pub fill: Fill,
}

/// Where a listing column's value comes from.
#[derive(Debug, Clone, Copy)]
pub enum Fill {
    /// The fact table's column of the same name.
    Fact,
    /// Gathered from other tables: `value` is an SQL expression over the
    /// fact table's row `t` (a subquery, which reads an index range per
    /// row: at 1,000,000 events, 1 s faster than joining every event's
    /// group); `about` says what it holds.
    Gathered {
        about: &'static str,
        value: &'static str,
    },
    /// The citing sources with their locators, in citation order.
    Sources,
}

/// How `--by ACTOR` selects rows; the actors' ids are the query
/// [`ACTORS_PARAM`] yields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// This column of the listing holds the actor.
    Column(&'static str),
    /// The row's id is among those this query yields.
    Ids(&'static str),
}

/// The ids `--by` resolved to, bound as one JSON array.
pub const ACTORS_PARAM: &str = "SELECT value FROM json_each(:actors)";

/// How `--text` finds words.
#[derive(Debug)]
pub enum Text {
    /// Through the full-text index, where this entity's rows have rowids
    /// `block << 32` plus their place in the listing (the listing's `n`).
    /// The other fields are SQL over the listing `t` for the indexed
    /// columns; `{quotes}` stands for the quotes of the row's citations,
    /// `{names}` for the names of an event's participants.
    Index {
        block: i64,
        summary: &'static str,
        extra: &'static str,
    },
    /// LIKE over these columns, for a table the index does not cover.
    Like(&'static [&'static str]),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_blocks_distinct() {
        let mut names: Vec<&str> = Entity::ALL.iter().map(|e| e.def().name).collect();
        let mut blocks: Vec<i64> = Entity::ALL
            .iter()
            .filter_map(|e| match e.def().text {
                Text::Index { block, .. } => Some(block),
                Text::Like(_) => None,
            })
            .collect();
        names.dedup();
        blocks.sort();
        blocks.dedup();
        assert_eq!(names.len(), Entity::ALL.len());
        assert_eq!(blocks.len(), 5);
    }

    #[test]
    fn every_listing_starts_with_id_and_filters_name_real_columns() {
        for entity in Entity::ALL {
            let def = entity.def();
            assert_eq!(def.columns[0].name, "id", "{}", def.name);
            assert_eq!(def.dated, def.column("date_from").is_some(), "{}", def.name);
            assert_eq!(def.topic, def.column("topic").is_some(), "{}", def.name);
            if let Some(By::Column(column)) = def.by {
                assert!(def.column(column).is_some(), "{}", def.name);
            }
            if let Text::Like(columns) = def.text {
                assert!(columns.iter().all(|c| def.column(c).is_some()));
            }
        }
    }
}
