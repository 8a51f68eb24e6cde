//! One table's rows into its INSERT: each cell checked and bound where it
//! stands in the CSV record, the bounds of its date derived.

use super::problems::{cell_value, constraint_message, truncate, Cell};
use super::{Column, DERIVED};
use crate::dates::{parse_edtf, PartialDate, Precision};
use crate::model::DateField;
use anyhow::Result;
use rusqlite::{types::Value, Connection, Statement};

/// A table's prepared INSERT, and where each of its columns stands in
/// the CSV records.
pub(super) struct Insert<'c> {
    conn: &'c Connection,
    table: &'static str,
    stmt: Statement<'c>,
    columns: Vec<Column>,
    /// Where each column stands in the record; None for one the file
    /// leaves out, which reads as empty in every row.
    positions: Vec<Option<usize>>,
    /// Which column the derived dates follow from, and how it is read,
    /// for a dated table.
    date_at: Option<(usize, DateField)>,
}

/// What is wrong with a record: (field, message) each.
pub(super) type Found = Vec<(String, String)>;

impl<'c> Insert<'c> {
    pub(super) fn prepare(
        conn: &'c Connection,
        table: &'static str,
        columns: Vec<Column>,
        positions: Vec<Option<usize>>,
    ) -> Result<Self> {
        let date_at = crate::model::date_field(table).and_then(|field| {
            let at = columns.iter().position(|c| c.name == field.name)?;
            Some((at, field))
        });
        let mut names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        if date_at.is_some() {
            names.extend(DERIVED);
        }
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            vec!["?"; names.len()].join(", ")
        );
        Ok(Insert {
            conn,
            table,
            stmt: conn.prepare(&sql)?,
            columns,
            positions,
            date_at,
        })
    }

    /// Inserts one record: its rowid, or what is wrong with it.
    pub(super) fn row(
        &mut self,
        record: &csv::StringRecord,
        header: &csv::StringRecord,
    ) -> Result<Result<i64, Found>> {
        let found = self.bind(record)?;
        if !found.is_empty() {
            return Ok(Err(found));
        }
        Ok(match self.stmt.raw_execute() {
            Ok(_) => Ok(self.conn.last_insert_rowid()),
            Err(e) => Err(vec![constraint_message(
                self.table,
                &self.columns,
                &e,
                record,
                header,
            )]),
        })
    }

    /// Binds every cell of `record` (cells are borrowed, not copied), and
    /// returns what is wrong with any.
    fn bind(&mut self, record: &csv::StringRecord) -> Result<Found> {
        let mut found = Vec::new();
        let positions = &self.positions;
        let cell = |i: usize| positions[i].map_or("", |at| &record[at]);
        let stmt = &mut self.stmt;
        for (index, column) in self.columns.iter().enumerate() {
            match cell_value(column, cell(index)) {
                Ok(Cell::Null) => stmt.raw_bind_parameter(index + 1, Value::Null)?,
                Ok(Cell::Text(text)) => stmt.raw_bind_parameter(index + 1, text)?,
                Ok(Cell::Integer(n)) => stmt.raw_bind_parameter(index + 1, n)?,
                Err(message) => found.push((column.name.clone(), message)),
            }
        }
        if let Some((at, field)) = self.date_at {
            let date = match parse_edtf(cell(at)) {
                Ok(date) => date,
                Err(_) if field.free_text => undated(),
                Err(message) => {
                    let what = format!("'{}' is not a date: {message}", truncate(cell(at)));
                    found.push((field.name.into(), what));
                    undated()
                }
            };
            let first = self.columns.len() + 1;
            stmt.raw_bind_parameter(first, date.from())?;
            stmt.raw_bind_parameter(first + 1, date.to())?;
            stmt.raw_bind_parameter(first + 2, date.precision.to_string())?;
        }
        Ok(found)
    }
}

/// The derived dates of a row whose date field is empty, or free text.
pub(super) fn undated() -> PartialDate {
    PartialDate {
        bounds: None,
        precision: Precision::Unknown,
    }
}
