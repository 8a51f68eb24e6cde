//! `rjkb sql "<SELECT ...>"`: read-only SQL in every output format.
//!
//! Three locks, each enough alone: the connection is query-only, an
//! authorizer allows nothing but reading (no writes, schema changes, ATTACH,
//! pragma assignments or extension loading), and a statement that SQLite
//! does not call read-only is refused before it runs.

use crate::cmd::Context;
use crate::limits;
use crate::output::{Format, TABULAR};
use anyhow::{bail, Context as _, Result};
use clap::Args;
use rusqlite::fallible_iterator::FallibleIterator as _;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::Connection;
use std::io::{Read, Write};

#[derive(Debug, Args)]
pub struct SqlArgs {
    /// One SELECT statement, or - to read it from stdin
    pub sql: String,
    /// Bind a named parameter: -p year 1997 binds :year (also @year, $year)
    #[arg(short = 'p', long = "param", num_args = 2, value_names = ["NAME", "VALUE"], action = clap::ArgAction::Append, allow_hyphen_values = true)]
    pub params: Vec<String>,
    /// Stop the statement after this many seconds (0: no limit)
    #[arg(long, value_name = "SECONDS", default_value_t = limits::TIMEOUT_SECONDS)]
    pub timeout: f64,
    /// The most memory SQLite may use for the statement (K, M or G)
    #[arg(long, value_name = "SIZE", default_value = limits::MEMORY, value_parser = crate::files::read::parse_size)]
    pub max_memory: u64,
}

pub const FORMATS: &[Format] = TABULAR;

/// Pragmas whose argument names what to describe: they only read.
const DESCRIBING_PRAGMAS: &[&str] = &[
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
];

/// Pragmas that read when called without a value (with one, they write).
/// FTS5 reads data_version when it opens the search index.
const SETTING_PRAGMAS: &[&str] = &[
    "user_version",
    "schema_version",
    "data_version",
    "compile_options",
    "pragma_list",
];

fn authorize(context: AuthContext<'_>) -> Authorization {
    match context.action {
        AuthAction::Select | AuthAction::Read { .. } | AuthAction::Recursive => {
            Authorization::Allow
        }
        AuthAction::Function { function_name }
            if !function_name.eq_ignore_ascii_case("load_extension") =>
        {
            Authorization::Allow
        }
        AuthAction::Pragma {
            pragma_name,
            pragma_value,
        } => {
            let named = |list: &[&str]| list.iter().any(|p| p.eq_ignore_ascii_case(pragma_name));
            if named(DESCRIBING_PRAGMAS) || (pragma_value.is_none() && named(SETTING_PRAGMAS)) {
                Authorization::Allow
            } else {
                Authorization::Deny
            }
        }
        _ => Authorization::Deny,
    }
}

/// Locks `conn` so that nothing it runs from now on can change anything.
pub fn make_read_only(conn: &mut Connection) -> Result<()> {
    conn.pragma_update(None, "query_only", "ON")?;
    conn.authorizer(Some(authorize))?;
    Ok(())
}

pub fn run(ctx: &Context, args: SqlArgs) -> Result<()> {
    let sql = if args.sql == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading SQL from stdin")?;
        text
    } else {
        args.sql
    };
    if let Some(at) = sql.find('\0') {
        bail!("the statement holds a NUL byte (at byte {at}); SQLite would ignore all after it");
    }
    limits::memory_limit(args.max_memory)?;
    let mut conn = ctx.open()?;
    make_read_only(&mut conn)?;
    limits::time_limit(&mut conn, args.timeout)?;
    run_statement(ctx, &conn, &sql, &args.params)
        .map_err(|e| limits::explain(e, args.timeout, args.max_memory))
}

/// Prepares the one statement in `sql`, binds `params`, and writes its rows.
fn run_statement(ctx: &Context, conn: &Connection, sql: &str, params: &[String]) -> Result<()> {
    let mut statements = rusqlite::Batch::new(conn, sql);
    let Some(mut stmt) = statements.next().map_err(|e| refusal(conn, &e))? else {
        bail!("no SQL statement given");
    };
    if statements.next().map_err(|e| refusal(conn, &e))?.is_some() {
        bail!("rjkb sql runs one statement at a time");
    }
    if !stmt.readonly() {
        bail!("rjkb sql only reads: this statement would change the database");
    }
    for pair in params.chunks(2) {
        let (name, value) = (&pair[0], &pair[1]);
        let index = [":", "@", "$"]
            .iter()
            .find_map(|sigil| stmt.parameter_index(&format!("{sigil}{name}")).transpose())
            .transpose()?;
        let Some(index) = index else {
            bail!("the SQL has no parameter :{name}");
        };
        stmt.raw_bind_parameter(index, value)?;
    }
    let columns: Vec<String> = stmt.column_names().map(|c| c.to_string()).collect();
    let mut out = ctx.stdout();
    let header = crate::output::Header::plain(columns);
    crate::output::write_statement(&mut stmt, &ctx.style(), &header, &mut out)?;
    out.flush()?;
    Ok(())
}

/// An authorizer refusal says what rjkb sql allows; an unknown table or
/// column gets the nearest known ones; other errors pass through.
fn refusal(conn: &Connection, error: &rusqlite::Error) -> anyhow::Error {
    let text = error.to_string();
    if error.sqlite_error_code() == Some(rusqlite::ErrorCode::AuthorizationForStatementDenied) {
        return anyhow::anyhow!(
            "refused: rjkb sql only reads (SELECT, and pragmas that read); {text}"
        );
    }
    anyhow::anyhow!("{text}{}", nearest_names(conn, &text).unwrap_or_default())
}

/// "; nearest: …" for SQLite's "no such table: x" or "no such column: t.x",
/// from the names of the database's tables and views, or of their columns.
fn nearest_names(conn: &Connection, text: &str) -> Option<String> {
    const TABLES: &str = "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')";
    let (query, rest) = if let Some(rest) = text.strip_prefix("no such table: ") {
        (TABLES.to_string(), rest)
    } else {
        let rest = text.strip_prefix("no such column: ")?;
        let columns =
            format!("SELECT DISTINCT c.name FROM ({TABLES}) t, pragma_table_info(t.name) c");
        (columns, rest)
    };
    let name = rest.split(' ').next()?.rsplit('.').next()?;
    let known: Vec<String> = conn
        .prepare(&query)
        .and_then(|mut stmt| stmt.query_map([], |row| row.get(0))?.collect())
        .ok()?;
    let close = crate::names::nearest(name, known.iter().map(String::as_str), 3);
    (!close.is_empty()).then(|| {
        format!(
            "; nearest: {} (`rjkb db schema` lists them all)",
            close.join(", ")
        )
    })
}
