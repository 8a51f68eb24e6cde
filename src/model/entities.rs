//! The six entities, each defined once (see [`super::Def`]).

use super::{By, Column, Def, Fill, Text};

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

const fn gathered(name: &'static str, about: &'static str, value: &'static str) -> Column {
    Column {
        name,
        shown: false,
        sql_type: "TEXT",
        fill: Fill::Gathered { about, value },
    }
}

const SOURCE: Column = Column {
    name: "source",
    shown: true,
    sql_type: "TEXT",
    fill: Fill::Sources,
};

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
            "(SELECT group_concat(actor, ', ' ORDER BY first) \
             FROM (SELECT actor, min(rowid) AS first FROM event_actors WHERE event = t.id GROUP BY actor))",
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
        extra: "concat_ws(' ', t.note, t.place, {quotes}, {names})",
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
            "(SELECT group_concat(alias, '; ' ORDER BY rowid) FROM actor_aliases WHERE actor = t.id)",
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
            "(SELECT group_concat(kind || ' ' || target, '; ' ORDER BY rowid) \
             FROM proposal_links WHERE proposal = t.id)",
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
        fact("lang"),
        Column {
            shown: true,
            sql_type: "INTEGER",
            ..gathered(
                "citations",
                "how many citations cite the source",
                "coalesce((SELECT n FROM (SELECT source, count(*) AS n FROM citations GROUP BY source) \
                 WHERE source = t.id), 0)",
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
