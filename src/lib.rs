//! rjkb: a Russia–Japan knowledge base on the command line.
//!
//! `main.rs` calls [`cli::parse`] and [`cli::run`], which dispatches to one
//! module per subcommand in [`cmd`]. Those call down into the library:
//! [`model`] defines each entity once; [`query`] resolves a listing's
//! filters and renders its SQL ([`statement`]); [`db`] opens and migrates
//! databases, [`derived`] keeps the tables computed from the facts,
//! [`seed`] loads CSV folders, [`cache`] keeps the built-in data built;
//! [`output`] writes rows in every format; [`dates`] parses partial dates
//! and [`names`] matches what a reader types, [`author`] reads who wrote a source; [`record`] finds one
//! record and gathers everything linked to it, for `show`, `cite` and the
//! HTML edition, and [`story`] follows how records connect for it. What
//! comes from outside is never trusted: [`files`] reads and writes the file system safely,
//! [`dbfile`] recognises rjkb's own database files, [`terminal`] escapes
//! text for a terminal at the output sink, [`store`] keeps databases rjkb
//! built for itself (the cache of the built-in data), and [`limits`]
//! bounds statements and searches. [`html`] writes the static HTML
//! edition, [`biblio`] the bibliography ([`languages`] names languages
//! and [`address`] judges web addresses for both).

pub mod address;
pub mod author;
pub mod biblio;
pub mod builtin;
pub mod cache;
pub mod cli;
pub mod cmd;
pub mod dates;
pub mod db;
pub mod dbfile;
pub mod derived;
pub mod files;
pub mod html;
pub mod languages;
pub mod limits;
pub mod model;
pub mod names;
pub mod output;
pub mod query;
pub mod record;
pub mod seed;
pub mod statement;
pub mod store;
pub mod story;
pub mod terminal;
