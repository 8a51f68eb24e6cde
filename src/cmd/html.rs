//! `rjkb html --out DIR`: the knowledge base as a static site to open from
//! `file://` — a visual timeline, a page per record, the proposal lineage,
//! a finder — written beside DIR and swapped in whole (see [`crate::html`]).

use crate::cmd::Context;
use crate::files::FolderWriter;
use crate::output::Format;
use anyhow::Result;
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct HtmlArgs {
    /// Write the site into this folder, replacing it whole: a new folder, an
    /// empty one, or one rjkb wrote before and nobody changed since
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// The site is its own format.
pub const FORMATS: &[Format] = &[];

pub fn run(ctx: &Context, args: HtmlArgs) -> Result<()> {
    let conn = ctx.open()?;
    let name = |path: &Path| {
        path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    let (title, from) = match (&ctx.global.db, &ctx.global.data) {
        (Some(db), _) => (
            format!("rjkb: {}", name(db)),
            format!("the database {}", name(db)),
        ),
        (None, Some(dir)) => (
            format!("rjkb: {}", name(dir)),
            format!("the folder {}", name(dir)),
        ),
        (None, None) => (
            "Russia–Japan relations in the Yeltsin era".to_string(),
            "rjkb's built-in data".to_string(),
        ),
    };
    // Written beside --out and swapped in whole: an interrupted run
    // leaves the old site as it was.
    let mut folder = FolderWriter::new(&args.out, "--out")?;
    let pages = crate::html::write(&conn, &title, &from, &mut folder)?;
    folder.commit("--out")?;
    crate::terminal::message(&format!(
        "wrote {pages} pages to {} (open {})",
        args.out.display(),
        args.out.join("index.html").display()
    ));
    Ok(())
}
