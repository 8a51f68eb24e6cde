//! Each entity's listing table: its rows exactly as its listing shows
//! them, numbered in the listing order, with what it gathers from other
//! tables (participants, aliases, links, citing sources).

use super::Derived;
use crate::model::{By, Def, Fill, Text};

/// An entity's listing table: each row exactly as its listing shows it,
/// numbered `n` in the listing order.
pub(super) fn listing(def: &Def) -> Derived {
    let name = def.listing;
    let mut lines = vec![format!(
        "CREATE TABLE {name} ( -- {} as listed, {}; derived by rjkb",
        def.name, def.order_in_words
    )];
    let place = match block(def) {
        Some(block) => format!(
            "{block} << 32 (its kind's block of search rowids) plus its place in the listing order: {}",
            def.order_in_words
        ),
        None => format!("place in the listing order: {}", def.order_in_words),
    };
    lines.push(column_line("n INTEGER PRIMARY KEY,", &place));
    for (index, column) in def.columns.iter().enumerate() {
        let not_null = if column.name == "id" { " NOT NULL" } else { "" };
        let comma = if index + 1 < def.columns.len() {
            ","
        } else {
            ""
        };
        let about = match column.fill {
            Fill::Fact => format!("{}.{}", def.name, column.name),
            Fill::Gathered { about, .. } => about.to_string(),
            Fill::Sources => {
                "citing sources with their locators, in citation order; contradicting ones marked"
                    .to_string()
            }
        };
        let declared = format!("{} {}{not_null}{comma}", column.name, column.sql_type);
        lines.push(column_line(&declared, &about));
    }
    lines.push(");".into());
    lines.push(format!("CREATE UNIQUE INDEX {name}_by_id ON {name}(id);"));
    if def.dated() {
        lines.push(format!(
            "CREATE INDEX {name}_by_date ON {name}(date_from, date_to);"
        ));
    }
    if let Some(By::Column(column)) = def.by.filter(|by| *by != By::Column("id")) {
        lines.push(format!(
            "CREATE INDEX {name}_by_{column} ON {name}({column});"
        ));
    }
    Derived {
        name,
        create: lines.join("\n"),
        fill: listing_fill(def),
    }
}

fn column_line(declared: &str, about: &str) -> String {
    format!("  {declared:<31}-- {about}")
}

/// The statements that refill a listing table from its fact table.
fn listing_fill(def: &Def) -> String {
    let mut values = Vec::new();
    let mut joins = Vec::new();
    for column in def.columns {
        let alias = format!("g_{}", column.name);
        match column.fill {
            Fill::Fact => values.push(format!("t.{}", column.name)),
            Fill::Gathered { value, .. } => values.push(value.to_string()),
            Fill::Sources => {
                values.push(format!("{alias}.source"));
                joins.push(format!(
                    "LEFT JOIN temp.cited AS {alias} ON {alias}.kind = '{}' AND {alias}.target = t.id",
                    def.singular
                ));
            }
        }
    }
    let fill = format!(
        "INSERT INTO {listing}\nSELECT NULL, {values}\nFROM {table} t\n{joins}\nORDER BY {order};",
        listing = def.listing,
        values = values.join(", "),
        table = def.name,
        joins = joins.join("\n"),
        order = def.order,
    );
    // SQLite numbers each new row one after the highest: a first row at
    // the kind's block makes the rows count on from it, and goes.
    match block(def) {
        Some(block) => format!(
            "DELETE FROM {listing};\nINSERT INTO {listing} (n, id) VALUES ({block} << 32, '');\n{fill}\n\
             DELETE FROM {listing} WHERE n = {block} << 32;",
            listing = def.listing
        ),
        None => format!("DELETE FROM {};\n{fill}", def.listing),
    }
}

/// The block of full-text rowids an entity's rows have, if indexed.
pub(super) fn block(def: &Def) -> Option<i64> {
    match def.text {
        Text::Index { block, .. } => Some(block),
        Text::Like(_) => None,
    }
}
