//! Running a statement and writing its rows: streamed to a [`RowWriter`],
//! or gathered as JSON objects for the commands that nest them.

use super::{Header, RowWriter, Style};
use crate::statement::Sql;
use anyhow::Result;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, Statement};
use std::io::Write;

/// Runs `sql` and writes its rows, streaming where the format allows;
/// returns how many.
pub fn write_query(
    conn: &Connection,
    style: &Style,
    sql: &Sql,
    header: &Header,
    out: &mut dyn Write,
) -> Result<u64> {
    write_statement(&mut sql.prepare(conn)?, style, header, out)
}

/// Runs a prepared statement whose parameters are bound, and writes each
/// row as SQLite yields it, its cells borrowed rather than copied;
/// returns how many.
pub fn write_statement(
    stmt: &mut Statement,
    style: &Style,
    header: &Header,
    out: &mut dyn Write,
) -> Result<u64> {
    write_checked(stmt, style, header, out, |_, _| Ok(()))
}

/// [`write_statement`], with `check` shown each row (numbered from 1) before
/// it is written: an error from it stops the output there.
pub fn write_checked(
    stmt: &mut Statement,
    style: &Style,
    header: &Header,
    out: &mut dyn Write,
    mut check: impl FnMut(u64, &[ValueRef<'_>]) -> Result<()>,
) -> Result<u64> {
    let mut writer = RowWriter::new(out, style, header)?;
    let width = stmt.column_count();
    let mut rows = stmt.raw_query();
    let mut count = 0;
    while let Some(row) = rows.next()? {
        count += 1;
        // Sized up front: collecting through `?` would grow it cell by cell.
        let mut cells = Vec::with_capacity(width);
        for i in 0..width {
            cells.push(row.get_ref(i)?);
        }
        check(count, &cells)?;
        writer.row(&cells)?;
    }
    writer.finish()?;
    Ok(count)
}

/// Runs `sql` and returns its rows as JSON objects keyed by column name.
pub fn json_rows(
    conn: &Connection,
    sql: &Sql,
) -> Result<Vec<serde_json::Map<String, serde_json::Value>>> {
    let mut stmt = sql.prepare(conn)?;
    let names: Vec<String> = stmt.column_names().map(|n| n.to_string()).collect();
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut object = serde_json::Map::new();
        for (i, name) in names.iter().enumerate() {
            let value = match row.get_ref(i)? {
                ValueRef::Null => serde_json::Value::Null,
                ValueRef::Integer(n) => n.into(),
                ValueRef::Real(f) => f.into(),
                ValueRef::Text(t) => String::from_utf8_lossy(t).into(),
                ValueRef::Blob(b) => b.into(),
            };
            object.insert(name.clone(), value);
        }
        out.push(object);
    }
    Ok(out)
}
