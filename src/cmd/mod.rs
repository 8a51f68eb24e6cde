//! One module per subcommand: its arguments and its `run`.

pub mod db;
pub mod export;
pub mod query;
