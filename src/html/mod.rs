//! The HTML edition (`rjkb html --out DIR`): a static site that reads from
//! `file://` with no network and no server.
//!
//! ```text
//! index.html          the timeline (SVG), the finder, the chronology
//! events.html ...     one listing per kind of record, in the model's order
//! lineage.html        the proposal lineage (SVG) and its links in words
//! event/<id>.html ... one page per record, in a folder per kind
//! style.css           the one style sheet; no fonts, nothing from elsewhere
//! filter.js           the finder's script, over search-index.js
//! search-index.js     the finder's index: `window.rjkbIndex = <JSON>;`
//! ```
//!
//! Pages are written from the model: a page per record of every entity,
//! gathered by [`crate::record`] as `rjkb show` gathers it, so a page
//! holds what `show` prints.
//! Every piece of text from data is escaped ([`markup`]); a file name is
//! made from an id so that it stays in its folder; the folder is written
//! by [`FolderWriter`], beside `--out`, and
//! swapped in whole.

mod catalogue;
mod fields;
mod index;
mod layout;
mod lineage;
mod listing;
pub mod markup;
mod record;
mod timeline;

use crate::files::FolderWriter;
use crate::model::Entity;
use anyhow::{Context, Result};
use catalogue::Catalogue;
use rusqlite::Connection;

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("filter.js");

/// What every page needs: the site's title, where its data came from,
/// and every record.
pub struct Site<'a> {
    pub title: &'a str,
    pub from: &'a str,
    cat: Catalogue,
}

/// Writes the whole site into `folder`; returns how many pages it wrote.
pub fn write(
    conn: &Connection,
    title: &str,
    from: &str,
    folder: &mut FolderWriter,
) -> Result<usize> {
    let site = Site {
        title,
        from,
        cat: Catalogue::load(conn)?,
    };
    let mut put =
        |name: &str, text: &str| folder.write(name, |out| Ok(out.write_all(text.as_bytes())?));
    put("style.css", STYLE)?;
    put("filter.js", SCRIPT)?;
    put("search-index.js", &index::search_index(&site, conn)?)?;
    put("index.html", &index::page(&site))?;
    put("lineage.html", &lineage::page(&site, conn)?)?;
    let mut pages = 2;
    for entity in Entity::ALL {
        put(
            &layout::listing_file(entity),
            &listing::page(&site, conn, entity)?,
        )?;
        pages += 1;
    }
    for entry in &site.cat.entries {
        let page = record::page(&site, conn, entry).with_context(|| {
            let kind = entry.entity.def().singular;
            format!("making the page of {kind} {}", entry.id)
        })?;
        put(&entry.file, &page)?;
        pages += 1;
    }
    Ok(pages)
}
