//! `rjkb cite <record>`: one record's claim with its sources, as a
//! citation to paste (Chicago author-date, APA or MLA), or the entries it
//! cites as BibTeX, RIS or CSL-JSON; and `rjkb sources --format
//! bibtex|ris|csl-json`, every source listed as such an entry.

use crate::biblio::styles::{self, Style};
use crate::biblio::{self, Bib, Source};
use crate::cmd::Context;
use crate::dates::for_people;
use crate::model::{Entity, DISPUTES};
use crate::names::actor_name;
use crate::output::{Format, BIBLIOGRAPHIES};
use crate::query::Listing;
use crate::record::{find, record};
use crate::terminal::write_wrapped;
use anyhow::Result;
use clap::{Args, ValueEnum};
use rusqlite::Connection;
use serde_json::{Map, Value};
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
    let citations: Vec<&Map<String, Value>> = match record.get("citations") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    };
    let cited: Vec<String> = if entity == Entity::Sources {
        vec![id.clone()]
    } else {
        citations
            .iter()
            .map(|c| text(c, "source").to_string())
            .collect()
    };
    let sources = biblio::load(&conn, &cited)?;
    let mut out = ctx.stdout();
    if let Some(format) = bib(ctx.global.format) {
        biblio::write(&mut out, &sources, format)?;
    } else {
        let style = match args.style {
            StyleArg::Chicago => Style::Chicago,
            StyleArg::Apa => Style::Apa,
            StyleArg::Mla => Style::Mla,
        };
        let claim = (entity != Entity::Sources)
            .then(|| claim(&conn, entity, &record))
            .transpose()?;
        let width = ctx.style().width;
        write_citation(&mut out, style, claim, &citations, &sources, width)?;
    }
    out.flush()?;
    Ok(())
}

fn text<'a>(object: &'a Map<String, Value>, field: &str) -> &'a str {
    object
        .get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// How far a reference's later lines are indented on a terminal: the
/// hanging indent of a printed list of references.
const HANGING: usize = 4;

/// The claim (none for a source, which cites itself) with its in-text
/// citations, then the list of references; on a terminal (`width`),
/// wrapped at spaces, each reference's later lines indented.
fn write_citation(
    out: &mut impl Write,
    style: Style,
    claim: Option<String>,
    citations: &[&Map<String, Value>],
    sources: &[Source],
    width: Option<usize>,
) -> Result<()> {
    let refs: Vec<&Source> = sources.iter().collect();
    let suffixes = styles::suffixes(style, &refs);
    if let Some(claim) = claim {
        let by_relation = |wanted: &str| -> Vec<String> {
            let mut cites = Vec::new();
            for (n, source) in sources.iter().enumerate() {
                let cited: Vec<&str> = citations
                    .iter()
                    .filter(|c| text(c, "source") == source.id && text(c, "relation") == wanted)
                    .map(|c| text(c, "locator"))
                    .collect();
                if cited.is_empty() {
                    continue;
                }
                // Each place once, in the order first cited: three quotes
                // from one section are one "I §2(4)".
                let mut locators: Vec<&str> = Vec::new();
                for locator in cited {
                    if !locator.is_empty() && !locators.contains(&locator) {
                        locators.push(locator);
                    }
                }
                cites.push(styles::in_text(style, source, &suffixes[n], &locators));
            }
            cites
        };
        let mut groups = by_relation("supports");
        for dispute in DISPUTES {
            let cites = by_relation(dispute.relation);
            if !cites.is_empty() {
                groups.push(format!("{} {}", dispute.by, cites.join("; ")));
            }
        }
        let claim = format!("{claim} ({}).", groups.join("; "));
        write_wrapped(out, "", &claim, width, 0)?;
        writeln!(out, "\n{}\n", style.heading())?;
    }
    let mut order: Vec<usize> = (0..sources.len()).collect();
    order.sort_by_key(|n| styles::sort_key(&sources[*n]));
    for n in order {
        let reference = styles::reference(style, &sources[n], &suffixes[n]);
        write_wrapped(out, "", &reference, width, HANGING)?;
    }
    Ok(())
}

/// What the record says, in a sentence: its title, with its date in words
/// (and a position's holder), then its summary.
fn claim(conn: &Connection, entity: Entity, record: &Map<String, Value>) -> Result<String> {
    let def = entity.def();
    let mut claim = text(record, def.title).trim().to_string();
    if entity == Entity::Positions {
        // Whose position, by name: "Japan", "Yevgeny Primakov".
        let actor = text(record, "actor");
        let name = actor_name(conn, actor)?;
        claim = format!("{}: {claim}", name.as_deref().unwrap_or(actor));
    }
    let date = for_people(text(record, "date"));
    if !date.is_empty() {
        claim = format!("{claim} ({date})");
    }
    let summary = text(record, "summary").trim();
    if summary.is_empty() {
        return Ok(claim);
    }
    let stop = if claim.ends_with(['.', '?', '!']) {
        ""
    } else {
        "."
    };
    Ok(format!("{claim}{stop} {}", summary.trim_end_matches('.')))
}

/// `rjkb sources --format bibtex|ris|csl-json`: the sources the listing's
/// filters select, in its order, each as an entry.
pub fn write_sources(
    ctx: &Context,
    conn: &Connection,
    mut listing: Listing,
    format: Bib,
) -> Result<()> {
    listing.columns = vec!["id"];
    let mut stmt = listing.sql().prepare(conn)?;
    let mut rows = stmt.raw_query();
    let mut ids: Vec<String> = Vec::new();
    while let Some(row) = rows.next()? {
        ids.push(row.get(0)?);
    }
    let sources = biblio::load(conn, &ids)?;
    let mut out = ctx.stdout();
    biblio::write(&mut out, &sources, format)?;
    out.flush()?;
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
