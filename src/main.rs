//! The `rjkb` binary: parse, run, and turn the outcome into an exit code.
//!
//! Exit 0 on success (an empty result included) and when stdout is closed
//! early (`| head -1`); 1 on a runtime or data error; 2 on a usage error.

use std::process::ExitCode;

fn main() -> ExitCode {
    // A cache file that failed mid-command is removed: then run once more.
    let outcome = rjkb::cli::run(rjkb::cli::parse()).or_else(|error| {
        match rjkb::cache::recover(error, rjkb::terminal::wrote()) {
            rjkb::cache::Recovery::RunAgain => rjkb::cli::run(rjkb::cli::parse()),
            rjkb::cache::Recovery::Fail(error) => Err(error),
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if closed_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            rjkb::terminal::message(&format!("rjkb: {}", rjkb::db::error_in_words(&error)));
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
