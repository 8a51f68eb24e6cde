//! `rjkb cite <record>`: one record's claim with its sources, as a
//! citation to paste (Chicago author-date, APA or MLA), or the entries it
//! cites as BibTeX, RIS or CSL-JSON; and any listing in those formats:
//! `rjkb sources` every source listed as such an entry, `rjkb events` (or
//! another kind) the sources its rows cite.

use crate::biblio::citation;
use crate::biblio::styles::Style;
use crate::biblio::{self, Bib};
use crate::cmd::Context;
use crate::model::Entity;
use crate::output::{Format, BIBLIOGRAPHIES};
use crate::query::Listing;
use crate::record::{by_id, find, record};
use crate::terminal::write_wrapped;
use anyhow::{bail, Result};
use clap::{Args, ValueEnum};
use rusqlite::Connection;
use std::collections::HashSet;
use std::io::Write;

#[derive(Debug, Args)]
pub struct CiteArgs {
    /// An id (kawana-summit), an actor's name or alias, or words of a title;
    /// or several ids, cited together with one list of references
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
    let mut records = Vec::new();
    let mut cited_ids: Vec<String> = Vec::new();
    for (entity, id) in named(&conn, &args.name)? {
        let record = record(&conn, entity, &id)?;
        for source in citation::cited(entity, &id, &record) {
            if !cited_ids.contains(&source) {
                cited_ids.push(source);
            }
        }
        records.push((entity, record));
    }
    // One list of the sources every record cites: the letters that tell
    // one author's works of a year apart (1998a, 1998b) are the same in
    // every claim.
    let sources = biblio::load(&conn, &cited_ids)?;
    let mut out = ctx.stdout();
    if let Some(format) = bib(ctx.global.format) {
        biblio::write(&mut out, &sources, format)?;
    } else {
        let style = match args.style {
            StyleArg::Chicago => Style::Chicago,
            StyleArg::Apa => Style::Apa,
            StyleArg::Mla => Style::Mla,
        };
        let mut claims = Vec::new();
        let mut references = Vec::new();
        for (entity, record) in &records {
            let cited = citation::citation(&conn, style, *entity, record, &sources)?;
            claims.extend(cited.claim);
            // The same list each time: that of every source cited.
            references = cited.references;
        }
        write_citation(&mut out, style, &claims, &references, ctx.style().width)?;
    }
    out.flush()?;
    Ok(())
}

/// The records `words` name: one record, by its id, name or title's
/// words; or, when they name none, several, each word an id (`rjkb cite
/// kawana-summit krasnoyarsk-summit`).
fn named(conn: &Connection, words: &[String]) -> Result<Vec<(Entity, String)>> {
    let error = match find(conn, &words.join(" ")) {
        Ok(one) => return Ok(vec![one]),
        Err(error) => error,
    };
    let mut each = Vec::new();
    let mut not_ids = Vec::new();
    for word in words {
        match by_id(conn, word)? {
            Some(entity) => each.push((entity, word.clone())),
            None => not_ids.push(word),
        }
    }
    match not_ids[..] {
        [] if each.len() > 1 => Ok(each),
        // Some words are ids: the others are named, as one name would be.
        [word, ..] if !each.is_empty() => {
            let (_, id) = find(conn, word)?;
            bail!("'{word}' is not an id, and several records are cited by their ids only: did you mean {id}?")
        }
        _ => Err(error),
    }
}

/// How far a reference's later lines are indented on a terminal: the
/// hanging indent of a printed list of references.
const HANGING: usize = 4;

/// Each claim (a source, which cites itself, has none), then the list of
/// references; on a terminal (`width`), wrapped at spaces, each
/// reference's later lines indented.
fn write_citation(
    out: &mut impl Write,
    style: Style,
    claims: &[String],
    references: &[String],
    width: Option<usize>,
) -> Result<()> {
    for (n, claim) in claims.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        write_wrapped(out, "", claim, width, 0)?;
    }
    if !claims.is_empty() {
        writeln!(out, "\n{}\n", style.heading())?;
    }
    for reference in references {
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
