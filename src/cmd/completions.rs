//! `rjkb completions <shell>` and `rjkb man`: shell completions and man
//! pages, generated from the same clap tree as `--help`.

use crate::cli::Cli;
use crate::cmd::Context;
use crate::files::FolderWriter;
use anyhow::Result;
use clap::{Args, CommandFactory};
use clap_complete::Shell;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn completions(ctx: &Context, args: CompletionsArgs) -> Result<()> {
    let mut out = ctx.stdout();
    clap_complete::generate(args.shell, &mut Cli::command(), "rjkb", &mut out);
    out.flush()?;
    Ok(())
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write rjkb.1 and a page for each command (rjkb-events.1, the pages
    /// rjkb.1 names) into this folder, replacing it whole: a new folder, an
    /// empty one, or one rjkb wrote before and nobody changed since
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Prints rjkb.1, or writes it and every command's page to `--out` (as
/// `clap_mangen::generate_to` would, but through [`FolderWriter`], which
/// replaces only a folder rjkb wrote).
pub fn man(ctx: &Context, args: ManArgs) -> Result<()> {
    let mut top = Cli::command().disable_help_subcommand(true);
    top.build();
    let Some(dir) = args.out else {
        let mut out = ctx.stdout();
        clap_mangen::Man::new(top).render(&mut out)?;
        out.flush()?;
        return Ok(());
    };
    let mut folder = FolderWriter::new(&dir, "--out")?;
    let mut pending = vec![top];
    let mut pages = 0;
    while let Some(command) = pending.pop() {
        pending.extend(
            command
                .get_subcommands()
                .filter(|c| !c.is_hide_set())
                .cloned(),
        );
        let page = clap_mangen::Man::new(command);
        folder.write(&page.get_filename(), |out| Ok(page.render(out)?))?;
        pages += 1;
    }
    folder.commit("--out")?;
    crate::terminal::message(&format!("wrote {pages} man pages to {}", dir.display()));
    Ok(())
}
