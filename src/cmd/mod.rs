//! One module per subcommand: its arguments, the formats it writes, and
//! its `run`. [`Context`] is what they all get.

pub mod cite;
pub mod completions;
mod context;
pub mod count;
pub mod db;
pub mod export;
pub mod graph;
pub mod html;
pub mod query;
pub mod search;
pub mod show;
pub mod sql;
pub mod timeline;

pub use context::{Context, GlobalArgs};
