//! The six entities, each defined once (see [`super::Def`]).

use super::{By, Column, Def, Fill, Text, DATE as DATED, PUBLISHED};

const fn fact(name: &'static str) -> Column {
    Column {
        name,
        table: None,
        sql_type: "TEXT",
        fill: Fill::Fact,
    }
}

/// A column a terminal table shows by default, with its priority there:
/// when the terminal is too narrow for all, the lowest go first.
const fn shown(priority: u8, column: Column) -> Column {
    Column {
        table: Some(priority),
        ..column
    }
}

const fn gathered(name: &'static str, about: &'static str, value: &'static str) -> Column {
    Column {
        name,
        table: None,
        sql_type: "TEXT",
        fill: Fill::Gathered { about, value },
    }
}

/// Every listing's `source`; its priority is set per entity.
const SOURCE: Column = Column {
    name: "source",
    table: None,
    sql_type: "TEXT",
    fill: Fill::Sources,
};

const DATE: [Column; 5] = [
    shown(6, fact("date")),
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
        shown(9, fact("id")),
        DATE[0],
        DATE[1],
        DATE[2],
        DATE[3],
        DATE[4],
        shown(8, fact("title")),
        fact("type"),
        fact("topic"),
        fact("place"),
        shown(4, gathered(
            "actors",
            "participants' ids, each once, in the order event_actors lists them",
            "(SELECT group_concat(actor, ', ' ORDER BY first) \
             FROM (SELECT actor, min(rowid) AS first FROM event_actors WHERE event = t.id GROUP BY actor))",
        )),
        fact("summary"),
        fact("note"),
        shown(5, SOURCE),
    ],
    date: Some(DATED),
    by: Some(By::Ids(
        "SELECT event FROM event_actors WHERE actor IN {actors}",
    )),
    topic: true,
    place: true,
    text: Text::Index {
        block: 1,
        aliases: "NULL",
        summary: &["t.summary"],
        notes: &["t.note", "t.place", "{citations}"],
        names: "{participants}",
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
        shown(9, fact("id")),
        shown(8, fact("name")),
        shown(5, fact("kind")),
        shown(4, fact("country")),
        shown(6, fact("role")),
        gathered(
            "aliases",
            "every alias, in the order actor_aliases lists them",
            "(SELECT group_concat(alias, '; ' ORDER BY rowid) FROM actor_aliases WHERE actor = t.id)",
        ),
        fact("summary"),
        fact("existed"),
        shown(3, SOURCE),
    ],
    date: None,
    by: Some(By::Column("id")),
    topic: false,
    place: false,
    text: Text::Index {
        block: 2,
        aliases: "(SELECT group_concat(al.alias, {sep}) FROM actor_aliases al WHERE al.actor = t.id)",
        summary: &["t.role", "t.summary"],
        notes: &["{citations}"],
        names: "NULL",
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
        shown(9, fact("id")),
        DATE[0],
        DATE[1],
        DATE[2],
        DATE[3],
        DATE[4],
        shown(8, fact("title")),
        shown(6, fact("proposer")),
        fact("addressee"),
        fact("event"),
        fact("part_of"),
        Column {
            sql_type: "INTEGER",
            ..fact("seq")
        },
        fact("topic"),
        shown(5, fact("outcome")),
        fact("reception"),
        gathered(
            "links",
            "'kind target' for each proposal_links row, in its order",
            "(SELECT group_concat(kind || ' ' || target, '; ' ORDER BY rowid) \
             FROM proposal_links WHERE proposal = t.id)",
        ),
        fact("summary"),
        fact("note"),
        shown(4, SOURCE),
    ],
    date: Some(DATED),
    by: Some(By::Column("proposer")),
    topic: true,
    place: false,
    text: Text::Index {
        block: 3,
        aliases: "NULL",
        summary: &["t.summary"],
        notes: &["t.reception", "t.note", "{citations}"],
        names: "(SELECT group_concat(a.name, {sep}) FROM actors a WHERE a.id IN (t.proposer, t.addressee))",
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
        shown(5, fact("id")),
        DATE[0],
        DATE[1],
        DATE[2],
        DATE[3],
        DATE[4],
        shown(7, fact("actor")),
        shown(4, fact("topic")),
        shown(8, fact("position")),
        shown(5, fact("stance")),
        fact("proposal"),
        fact("supersedes"),
        fact("summary"),
        fact("note"),
        shown(3, SOURCE),
    ],
    date: Some(DATED),
    by: Some(By::Column("actor")),
    topic: true,
    place: false,
    text: Text::Index {
        block: 4,
        aliases: "NULL",
        summary: &["t.summary"],
        notes: &["t.note", "{citations}"],
        names: "(SELECT a.name FROM actors a WHERE a.id = t.actor)",
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
        shown(9, fact("id")),
        DATE[0],
        DATE[1],
        DATE[2],
        DATE[3],
        DATE[4],
        shown(8, fact("name")),
        shown(6, fact("character")),
        fact("summary"),
        shown(5, SOURCE),
    ],
    date: Some(DATED),
    by: None,
    topic: false,
    place: false,
    text: Text::Index {
        block: 5,
        aliases: "NULL",
        summary: &["t.character", "t.summary"],
        notes: &["{citations}"],
        names: "NULL",
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
        shown(9, fact("id")),
        shown(8, fact("title")),
        shown(5, fact("author")),
        shown(2, fact("container")),
        shown(4, fact("kind")),
        shown(6, fact("published")),
        fact("url"),
        fact("file"),
        fact("note"),
        fact("lang"),
        DATE[2],
        DATE[3],
        DATE[4],
        Column {
            table: Some(3),
            sql_type: "INTEGER",
            ..gathered(
                "citations",
                "how many citations cite the source",
                "coalesce((SELECT n FROM (SELECT source, count(*) AS n FROM citations GROUP BY source) \
                 WHERE source = t.id), 0)",
            )
        },
    ],
    date: Some(PUBLISHED),
    by: None,
    topic: false,
    place: false,
    text: Text::Like(&["title", "author", "container", "note"]),
    order: "t.id",
    order_in_words: "by id",
    dates_in_order: false,
};
