//! One module per subcommand: its arguments and its `run`.

pub mod completions;
pub mod count;
pub mod db;
pub mod export;
pub mod graph;
pub mod query;
pub mod search;
pub mod show;
pub mod sql;
pub mod timeline;
