//! The entity model: one definition per kind of record a reader lists.
//!
//! Everything rjkb knows about an entity lives in its [`Def`]: its table,
//! its singular, its listing columns (and which a terminal table shows),
//! whether it is dated, how `--by`, `--topic` and `--text` apply, its block
//! of full-text rows, and how `show` titles it. From it follow the listing
//! queries (`listing.rs`), `show`, `count`, the loader's rule that every
//! fact cites a source (`seed.rs`), and the derived listing tables and
//! search rows (`derived.rs`). Adding a column to a listing is one edit
//! here (plus a migration when the fact table lacks it); adding an entity
//! is one definition here plus the migration of its table.

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
    /// Gathered from another table: `rows` yields `(id, value)` for each
    /// row of the fact table that has a value; `about` says what it holds.
    Gathered {
        about: &'static str,
        rows: &'static str,
    },
    /// The citing sources with their locators, in citation order.
    Sources,
}

const fn fact(name: &'static str) -> Column {
    Column {
        name,
        shown: false,
        sql_type: "TEXT",
        fill: Fill::Fact,
    }
}

const fn shown(column: Column) -> Column {
    Column {
        shown: true,
        ..column
    }
}

const fn gathered(name: &'static str, about: &'static str, rows: &'static str) -> Column {
    Column {
        name,
        shown: false,
        sql_type: "TEXT",
        fill: Fill::Gathered { about, rows },
    }
}

const SOURCE: Column = Column {
    name: "source",
    shown: true,
    sql_type: "TEXT",
    fill: Fill::Sources,
};

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
    /// `block << 32` plus their listing's `n`. The other fields are SQL
    /// over the listing `t` for the indexed columns; `{quotes}` stands for
    /// the quotes of the row's citations.
    Index {
        block: i64,
        summary: &'static str,
        extra: &'static str,
    },
    /// LIKE over these columns, for a table the index does not cover.
    Like(&'static [&'static str]),
}

const DATE: [Column; 5] = [
    shown(fact("date")),
    fact("date_text"),
    fact("date_from"),
    fact("date_to"),
    fact("date_precision"),
];

pub static EVENTS: Def = Def {
    name: "events",
    singular: "event",
    listing: "event_listing",
    title: "title",
    columns: &[
        shown(fact("id")),
        DATE[0],
        DATE[1],
        DATE[2],
        DATE[3],
        DATE[4],
        shown(fact("title")),
        fact("type"),
        fact("topic"),
        fact("place"),
        shown(gathered(
            "actors",
            "participants' ids, each once, in the order event_actors lists them",
            "SELECT event AS id, group_concat(actor, ', ' ORDER BY first) AS value \
             FROM (SELECT event, actor, min(rowid) AS first FROM event_actors GROUP BY event, actor) \
             GROUP BY event",
        )),
        fact("summary"),
        fact("note"),
        SOURCE,
    ],
    dated: true,
    by: Some(By::Ids(
        "SELECT event FROM event_actors WHERE actor IN (SELECT value FROM json_each(:actors))",
    )),
    topic: true,
    text: Text::Index {
        block: 1,
        summary: "t.summary",
        extra: "concat_ws(' ', t.note, t.place, {quotes}, \
                (SELECT group_concat(a.name, ' ') FROM event_actors ea JOIN actors a ON a.id = ea.actor \
                WHERE ea.event = t.id))",
    },
    order: "t.date_from IS NULL, t.date_from, t.date_to, t.id",
    order_in_words: "by date, then id",
    dates_in_order: true,
};

pub static ACTORS: Def = Def {
    name: "actors",
    singular: "actor",
    listing: "actor_listing",
    title: "name",
    columns: &[
        shown(fact("id")),
        shown(fact("name")),
        shown(fact("kind")),
        shown(fact("country")),
        shown(fact("role")),
        gathered(
            "aliases",
            "every alias, in the order actor_aliases lists them",
            "SELECT actor AS id, group_concat(alias, '; ' ORDER BY rowid) AS value \
             FROM actor_aliases GROUP BY actor",
        ),
        fact("summary"),
        SOURCE,
    ],
    dated: false,
    by: Some(By::Column("id")),
    topic: false,
    text: Text::Index {
        block: 2,
        summary:
            "concat_ws(' ', t.role, t.summary, \
                  (SELECT group_concat(al.alias, ' ') FROM actor_aliases al WHERE al.actor = t.id))",
        extra: "{quotes}",
    },
    order: "t.kind, t.id",
    order_in_words: "by kind, then id",
    dates_in_order: false,
};

pub static PROPOSALS: Def = Def {
    name: "proposals",
    singular: "proposal",
    listing: "proposal_listing",
    title: "title",
    columns: &[
        shown(fact("id")),
        DATE[0],
        DATE[1],
        DATE[2],
        DATE[3],
        DATE[4],
        shown(fact("title")),
        shown(fact("proposer")),
        fact("addressee"),
        fact("event"),
        fact("part_of"),
        Column {
            sql_type: "INTEGER",
            ..fact("seq")
        },
        fact("topic"),
        shown(fact("outcome")),
        fact("reception"),
        gathered(
            "links",
            "'kind target' for each proposal_links row, in its order",
            "SELECT proposal AS id, group_concat(kind || ' ' || target, '; ' ORDER BY rowid) AS value \
             FROM proposal_links GROUP BY proposal",
        ),
        fact("summary"),
        fact("note"),
        SOURCE,
    ],
    dated: true,
    by: Some(By::Column("proposer")),
    topic: true,
    text: Text::Index {
        block: 3,
        summary: "t.summary",
        extra: "concat_ws(' ', t.reception, t.note, {quotes})",
    },
    order: "t.date_from IS NULL, t.date_from, t.date_to, coalesce(t.part_of, t.id), t.seq, t.id",
    order_in_words: "by date, a plan's stages in order",
    dates_in_order: true,
};

pub static POSITIONS: Def = Def {
    name: "positions",
    singular: "position",
    listing: "position_listing",
    title: "position",
    columns: &[
        shown(fact("id")),
        DATE[0],
        DATE[1],
        DATE[2],
        DATE[3],
        DATE[4],
        shown(fact("actor")),
        shown(fact("topic")),
        shown(fact("position")),
        shown(fact("stance")),
        fact("proposal"),
        fact("supersedes"),
        fact("summary"),
        fact("note"),
        SOURCE,
    ],
    dated: true,
    by: Some(By::Column("actor")),
    topic: true,
    text: Text::Index {
        block: 4,
        summary: "t.summary",
        extra: "concat_ws(' ', t.note, {quotes})",
    },
    order: "t.date_from IS NULL, t.date_from, t.date_to, t.id",
    order_in_words: "by date, then id",
    dates_in_order: true,
};

pub static PERIODS: Def = Def {
    name: "periods",
    singular: "period",
    listing: "period_listing",
    title: "name",
    columns: &[
        shown(fact("id")),
        DATE[0],
        DATE[1],
        DATE[2],
        DATE[3],
        DATE[4],
        shown(fact("name")),
        shown(fact("character")),
        fact("summary"),
        SOURCE,
    ],
    dated: true,
    by: None,
    topic: false,
    text: Text::Index {
        block: 5,
        summary: "concat_ws(' ', t.character, t.summary)",
        extra: "{quotes}",
    },
    order: "t.date_from IS NULL, t.date_from, t.date_to DESC, t.id",
    order_in_words: "by start, longer first",
    dates_in_order: false,
};

pub static SOURCES: Def = Def {
    name: "sources",
    singular: "source",
    listing: "source_listing",
    title: "title",
    columns: &[
        shown(fact("id")),
        shown(fact("title")),
        shown(fact("author")),
        shown(fact("kind")),
        shown(fact("published")),
        fact("url"),
        fact("file"),
        fact("note"),
        Column {
            shown: true,
            sql_type: "INTEGER",
            ..gathered(
                "citations",
                "how many citations cite the source",
                "SELECT s.id, count(c.id) AS value FROM sources s \
                 LEFT JOIN citations c ON c.source = s.id GROUP BY s.id",
            )
        },
    ],
    dated: false,
    by: None,
    topic: false,
    text: Text::Like(&["title", "author", "note"]),
    order: "t.id",
    order_in_words: "by id",
    dates_in_order: false,
};

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
