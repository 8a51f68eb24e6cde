//! `rjkb cite <record>`: one record's claim with its sources, as a
//! citation to paste (Chicago author-date, APA or MLA), or the entries it
//! cites as BibTeX, RIS or CSL-JSON; and any listing in those formats:
//! `rjkb sources` every source listed as such an entry, `rjkb events` (or
//! another kind) the sources its rows cite.

use crate::biblio::citation::{self, Citation};
use crate::biblio::styles::Style;
use crate::biblio::{self, Bib};
use crate::cmd::Context;
use crate::model::Entity;
use crate::output::{Format, BIBLIOGRAPHIES};
use crate::query::Listing;
use crate::record::{find, record};
use crate::terminal::write_wrapped;
use anyhow::Result;
use clap::{Args, ValueEnum};
use rusqlite::Connection;
use std::collections::HashSet;
use std::io::Write;

#[derive(Debug, Args)]
pub struct CiteArgs {
    /// An id (kawana-summit), an actor's name or alias, or words of a title
    #[arg(required = true, num_args = 1..)]
    pub name: Vec<String>,
    /// The citation style
    #[arg(long, value_enum, default_value_t = StyleArg::Chicago)]
    pub style: StyleArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StyleArg {
    /// Chicago author-date (17th edition)
    Chicago,
    /// APA (7th edition)
    Apa,
    /// MLA (9th edition)
    Mla,
}

/// A citation in words by default; the entries it cites in these.
pub const FORMATS: &[Format] = BIBLIOGRAPHIES;

/// The formats a reference manager imports, as `--format` names them.
pub fn bib(format: Option<Format>) -> Option<Bib> {
    match format? {
        Format::Bibtex => Some(Bib::Bibtex),
        Format::Ris => Some(Bib::Ris),
        Format::CslJson => Some(Bib::CslJson),
        _ => None,
    }
}

pub fn run(ctx: &Context, args: CiteArgs) -> Result<()> {
    let conn = ctx.open()?;
    let (entity, id) = find(&conn, &args.name.join(" "))?;
    let record = record(&conn, entity, &id)?;
    let sources = biblio::load(&conn, &citation::cited(entity, &id, &record))?;
    let mut out = ctx.stdout();
    if let Some(format) = bib(ctx.global.format) {
        biblio::write(&mut out, &sources, format)?;
    } else {
        let style = match args.style {
            StyleArg::Chicago => Style::Chicago,
            StyleArg::Apa => Style::Apa,
            StyleArg::Mla => Style::Mla,
        };
        let cited = citation::citation(&conn, style, entity, &record, &sources)?;
        write_citation(&mut out, style, &cited, ctx.style().width)?;
    }
    out.flush()?;
    Ok(())
}

/// How far a reference's later lines are indented on a terminal: the
/// hanging indent of a printed list of references.
const HANGING: usize = 4;

/// The claim (none for a source, which cites itself), then the list of
/// references; on a terminal (`width`), wrapped at spaces, each
/// reference's later lines indented.
fn write_citation(
    out: &mut impl Write,
    style: Style,
    cited: &Citation,
    width: Option<usize>,
) -> Result<()> {
    if let Some(claim) = &cited.claim {
        write_wrapped(out, "", claim, width, 0)?;
        writeln!(out, "\n{}\n", style.heading())?;
    }
    for reference in &cited.references {
        write_wrapped(out, "", reference, width, HANGING)?;
    }
    Ok(())
}

/// A listing in `--format bibtex|ris|csl-json`: for sources, those the
/// filters select, in the listing's order; for any other kind, the sources
/// its rows cite — the bibliography of what it lists. Returns how many
/// rows it listed.
pub fn write_sources(
    ctx: &Context,
    conn: &Connection,
    mut listing: Listing,
    format: Bib,
) -> Result<u64> {
    let entity = listing.entity;
    listing.columns = vec!["id"];
    let mut stmt = listing.sql().prepare(conn)?;
    let mut rows = stmt.raw_query();
    let mut ids: Vec<String> = Vec::new();
    let mut cited = Cited::new(conn);
    let mut listed = 0;
    while let Some(row) = rows.next()? {
        listed += 1;
        let id: String = row.get(0)?;
        match entity {
            Entity::Sources => ids.push(id),
            _ => cited.add(entity, &id)?,
        }
    }
    ids.extend(cited.sources);
    write_bibliography(ctx, conn, &ids, format)?;
    Ok(listed)
}

/// The sources rows cite, gathered row by row: each once, in the order
/// first cited.
pub struct Cited<'c> {
    conn: &'c Connection,
    statements: Vec<(Entity, rusqlite::Statement<'c>)>,
    seen: HashSet<String>,
    pub sources: Vec<String>,
}

impl<'c> Cited<'c> {
    pub fn new(conn: &'c Connection) -> Self {
        Cited {
            conn,
            statements: Vec::new(),
            seen: HashSet::new(),
            sources: Vec::new(),
        }
    }

    /// Adds what the `entity` row `id` cites.
    pub fn add(&mut self, entity: Entity, id: &str) -> Result<()> {
        let at = match self.statements.iter().position(|(e, _)| *e == entity) {
            Some(at) => at,
            None => {
                let sql = format!(
                    "SELECT source FROM citations WHERE {} = ?1 ORDER BY rowid",
                    entity.def().singular
                );
                self.statements.push((entity, self.conn.prepare(&sql)?));
                self.statements.len() - 1
            }
        };
        let mut rows = self.statements[at].1.query([id])?;
        while let Some(row) = rows.next()? {
            let source: String = row.get(0)?;
            if self.seen.insert(source.clone()) {
                self.sources.push(source);
            }
        }
        Ok(())
    }
}

/// The sources `ids` names, in that order, as entries of `format`; on a
/// terminal, none says so (an empty page reads as a fault).
pub fn write_bibliography(
    ctx: &Context,
    conn: &Connection,
    ids: &[String],
    format: Bib,
) -> Result<()> {
    let sources = biblio::load(conn, ids)?;
    let mut out = ctx.stdout();
    biblio::write(&mut out, &sources, format)?;
    out.flush()?;
    if sources.is_empty() && ctx.style().width.is_some() {
        crate::terminal::message(crate::output::NO_ROWS);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{SOURCE_LISTS, TABULAR};

    #[test]
    fn the_format_families_split_where_the_bibliographies_begin() {
        // TABULAR and BIBLIOGRAPHIES are two slices of one list: each
        // holds exactly its own kind, and together they are every format
        // a list of sources is written in.
        assert!(BIBLIOGRAPHIES.iter().all(|f| bib(Some(*f)).is_some()));
        assert!(TABULAR.iter().all(|f| bib(Some(*f)).is_none()));
        assert_eq!(TABULAR.len() + BIBLIOGRAPHIES.len(), SOURCE_LISTS.len());
        assert!(!BIBLIOGRAPHIES.is_empty() && TABULAR.contains(&Format::Table));
    }
}
