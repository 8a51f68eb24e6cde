//! One page per kind of record (`events.html`, `actors.html`...): a table
//! of every record with the columns a terminal table shows, each title a
//! link to its page.

use super::fields::{self, label};
use super::layout::{self, capitalised, listing_file, Depth};
use super::markup::Html;
use super::Site;
use crate::model::Entity;
use crate::output::json_rows;
use crate::statement::Sql;
use anyhow::Result;
use rusqlite::Connection;
use serde_json::Value;

pub fn page(site: &Site, conn: &Connection, entity: Entity) -> Result<String> {
    let def = entity.def();
    let mut columns: Vec<&str> = def
        .table_columns()
        .filter(|c| !matches!(*c, "id" | "source"))
        .collect();
    if !columns.contains(&def.title) {
        columns.insert(0, def.title);
    }
    let rows = json_rows(
        conn,
        &Sql::new(format!(
            "SELECT id, {} FROM {} ORDER BY n",
            columns.join(", "),
            def.listing
        )),
    )?;
    let name = capitalised(def.name);
    let mut html = Html::new();
    layout::start(&mut html, site, Depth::Root, &name, &listing_file(entity));
    html.element("h1", &[], &format!("{name} ({})", rows.len()))
        .element("p", &[], &format!("Listed {}.", def.order_in_words))
        .raw("<div class=\"scroll\">\n<table class=\"listing\">\n<thead><tr>");
    for column in &columns {
        html.element("th", &[("scope", "col")], &label(column));
    }
    html.raw("</tr></thead>\n<tbody>\n");
    for row in &rows {
        let id = row.get("id").and_then(Value::as_str).unwrap_or_default();
        let entry = site.cat.get(entity, id);
        html.raw("<tr>");
        for column in &columns {
            // At phone width each row is a block, and a cell's label stands
            // before it (style.css): the title, a link, needs none.
            if *column == def.title {
                html.raw("<td>");
            } else {
                html.open("td", &[("data-label", &label(column))]);
            }
            let value = row.get(*column).unwrap_or(&Value::Null);
            match entry {
                Some(entry) if *column == def.title => {
                    fields::link(&mut html, Depth::Root, entry);
                    if entry.disputed {
                        html.raw(" <span class=\"badge\">disputed</span>");
                    }
                }
                _ if value.is_null() => {}
                _ => fields::value(&mut html, site, Depth::Root, column, value, ""),
            }
            html.raw("</td>");
        }
        html.raw("</tr>\n");
    }
    html.raw("</tbody>\n</table>\n</div>\n");
    layout::end(&mut html, site, false);
    Ok(html.into_string())
}
