//! `rjkb completions <shell>` and `rjkb man`: shell completions and a man
//! page, generated from the same clap tree as `--help`.

use crate::cli::Cli;
use crate::cmd::Context;
use anyhow::Result;
use clap::{Args, CommandFactory};
use clap_complete::Shell;
use std::io::Write;

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

pub fn man(ctx: &Context) -> Result<()> {
    let mut out = ctx.stdout();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    out.flush()?;
    Ok(())
}
