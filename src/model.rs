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
    /// The field rows are dated by, whose bounds the loader derives into
    /// `date_from`, `date_to` and `date_precision`; None for an entity
    /// without dates.
    pub date: Option<DateField>,
    /// How `--by ACTOR` selects rows, if it applies.
    pub by: Option<By>,
    /// Whether `--topic` applies (the listing has a `topic` column).
    pub topic: bool,
    /// Whether `--place` applies (the listing has a `place` column).
    pub place: bool,
    /// How `--text` finds words.
    pub text: Text,
    /// The listing order, as SQL over the fact table `t`, and in words.
    pub order: &'static str,
    pub order_in_words: &'static str,
    /// Whether the order starts with `date_from, date_to` ascending: then
    /// the date index yields dated rows already in listing order.
    pub dates_in_order: bool,
}

/// The field an entity's rows are dated by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateField {
    pub name: &'static str,
    /// Whether any text may stand there: then one that is no EDTF date is
    /// kept as written and leaves its row undated, rather than being a
    /// problem in the data.
    pub free_text: bool,
}

/// A fact's `date`: EDTF, or a problem in the data.
pub const DATE: DateField = DateField {
    name: "date",
    free_text: false,
};

/// A source's `published`, "as the source gives it": an EDTF date dates
/// the source, other text leaves it undated.
pub const PUBLISHED: DateField = DateField {
    name: "published",
    free_text: true,
};

/// The field the rows of `table` are dated by, if it is a dated entity's.
pub fn date_field(table: &str) -> Option<DateField> {
    Entity::ALL
        .iter()
        .map(|entity| entity.def())
        .find(|def| def.name == table)
        .and_then(|def| def.date)
}

impl Def {
    /// Whether rows have a date (`date_from`, `date_to`...).
    pub fn dated(&self) -> bool {
        self.date.is_some()
    }

    /// `n` rows in words: "1 event", "2 events".
    pub fn counted(&self, n: usize) -> String {
        format!("{n} {}", if n == 1 { self.singular } else { self.name })
    }

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
        self.columns
            .iter()
            .filter(|c| c.table.is_some())
            .map(|c| c.name)
    }

    /// SQL that holds when the row whose id is the SQL expression `id` is
    /// [disputed](DISPUTES): for a cited entity, when a citation of it
    /// contradicts it or does not confirm it; for sources, when one is
    /// cited so against some row. `--disputed`, `count --by disputed`,
    /// and the web edition's marks all ask this. It is 0 or 1, never
    /// NULL (the citations of other entities leave the column NULL).
    pub fn disputed(&self, id: &str) -> String {
        let column = if self.cited() {
            self.singular
        } else {
            "source"
        };
        format!(
            "{id} IN (SELECT {column} FROM citations \
             WHERE {column} IS NOT NULL AND relation IN ({}))",
            disputing_relations()
        )
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
    /// Shown in a terminal table when `--columns` is not given, with this
    /// priority: when the terminal is too narrow for every column, the
    /// lowest are left out first (the table says which).
    pub table: Option<u8>,
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

/// How `--by ACTOR` selects rows. The actors are those the name
/// designates: the actor, and for a state its people and bodies, who count
/// for it only while it exists (`actors.existed`): a row of theirs counts
/// when its date meets that span ([`crate::names::resolve_actor`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// This column of the listing holds the actor.
    Column(&'static str),
    /// The row's id is among those this query yields, where `{actors}`
    /// stands for a set of actors' ids.
    Ids(&'static str),
}

/// How `--text` finds words.
#[derive(Debug)]
pub enum Text {
    /// Through the full-text index, where this entity's rows have rowids
    /// `block << 32` plus their place in the listing: the listing's `n`.
    /// The other fields are SQL over the listing `t` for what each indexed
    /// column holds (NULL for nothing); `{citations}` stands for what the
    /// row's citations quote, state and note, `{participants}` for the
    /// names of an event's participants (both gathered once for the whole
    /// index, [`crate::derived`]), and `{sep}` for the SQL string that
    /// parts of a text are joined with, so that a snippet shows where one
    /// ends. `rjkb search` ranks a match in the title
    /// or the aliases above one elsewhere; `--text` looks in the title, the
    /// aliases, the summary and the notes (not the names).
    Index {
        block: i64,
        /// Other names the row answers to (an actor's aliases); the
        /// words of its id are indexed too, ranked with these.
        aliases: &'static str,
        /// The summary (and an actor's role, a period's character): SQL
        /// whose texts are joined with `{sep}`, NULLs left out.
        summary: &'static [&'static str],
        /// Notes, receptions, places, and `{citations}`, joined so.
        notes: &'static [&'static str],
        /// The names of the actors involved.
        names: &'static str,
    },
    /// LIKE over these columns, for a table the index does not cover.
    Like(&'static [&'static str]),
}

/// A citation relation that disputes the row it cites. A row with such a
/// citation is disputed: one definition, for listings, `count`, `search`,
/// `show`, `cite` and the web edition.
#[derive(Debug)]
pub struct Dispute {
    /// As `citations.relation` holds it.
    pub relation: &'static str,
    /// How a citation in words names such a source: "disputed by".
    pub by: &'static str,
    /// The words the full-text index gives a row so disputed, so that
    /// `rjkb search disputed`, `contradicts`, `differs`, `disagree` or
    /// `unconfirmed` finds it.
    pub words: &'static str,
}

/// A source disagrees with the row, or was checked and does not confirm it.
pub const DISPUTES: &[Dispute] = &[
    Dispute {
        relation: "contradicts",
        by: "disputed by",
        words: "disputed: contradicts, differs, disagrees",
    },
    Dispute {
        relation: "not_confirmed",
        by: "not confirmed by",
        words: "disputed: unconfirmed, not confirmed",
    },
];

/// The [disputing](DISPUTES) relations as an SQL list:
/// `'contradicts', 'not_confirmed'`.
pub fn disputing_relations() -> String {
    let quoted: Vec<String> = DISPUTES
        .iter()
        .map(|d| format!("'{}'", d.relation))
        .collect();
    quoted.join(", ")
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
            assert_eq!(
                def.dated(),
                def.column("date_from").is_some(),
                "{}",
                def.name
            );
            if let Some(field) = def.date {
                assert!(def.column(field.name).is_some(), "{}", def.name);
            }
            assert_eq!(def.topic, def.column("topic").is_some(), "{}", def.name);
            assert_eq!(def.place, def.column("place").is_some(), "{}", def.name);
            if let Some(By::Column(column)) = def.by {
                assert!(def.column(column).is_some(), "{}", def.name);
            }
            if let Text::Like(columns) = def.text {
                assert!(columns.iter().all(|c| def.column(c).is_some()));
            }
        }
    }

    #[test]
    fn disputed_is_a_truth_value_for_every_row() {
        let mut conn = crate::db::in_memory().unwrap();
        crate::seed::load_or_fail(&mut conn, &crate::seed::DataSource::BuiltIn).unwrap();
        for entity in Entity::ALL {
            let def = entity.def();
            let sql = format!(
                "SELECT total({d} IS NULL), total({d}) FROM {} t",
                def.listing,
                d = def.disputed("t.id")
            );
            let (null, disputed): (f64, f64) = conn
                .query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap();
            assert_eq!(null, 0.0, "{}: no row is neither", def.name);
            let column = if def.cited() { def.singular } else { "source" };
            let by_hand: i64 = conn
                .query_row(
                    &format!(
                        "SELECT count(DISTINCT {column}) FROM citations \
                         WHERE relation IN ('contradicts', 'not_confirmed')"
                    ),
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(disputed as i64, by_hand, "{}", def.name);
        }
    }
}
