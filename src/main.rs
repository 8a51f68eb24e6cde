//! The `rjkb` binary: parse, run, and turn the outcome into an exit code.
//!
//! Exit 0 on success (an empty result included) and when stdout is closed
//! early (`| head -1`); 1 on a runtime or data error; 2 on a usage error.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = rjkb::cli::parse();
    match rjkb::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if closed_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("rjkb: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// A reader that stops reading is a normal end, not an error.
fn closed_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}
