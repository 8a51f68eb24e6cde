//! SQL text with its named parameters: what the query builders render and
//! what the output layer runs.
//!
//! Values a reader typed reach SQLite only as bound parameters, each bound
//! by its name (`:after`, `:topic`), so nothing has to be kept in order by
//! hand and a parameter used twice is bound once.

use anyhow::{anyhow, Context, Result};
use rusqlite::{types::Value, Connection, Statement};

/// One SQL statement and the values of its named parameters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sql {
    pub text: String,
    pub params: Vec<(String, Value)>,
}

impl Sql {
    /// A statement without parameters.
    pub fn new(text: impl Into<String>) -> Sql {
        Sql {
            text: text.into(),
            params: Vec::new(),
        }
    }

    /// Adds the value of `:name` (`name` given with its colon).
    pub fn bind(&mut self, name: impl Into<String>, value: impl Into<Value>) {
        self.params.push((name.into(), value.into()));
    }

    /// The statement prepared on `conn`, every parameter bound.
    pub fn prepare<'c>(&self, conn: &'c Connection) -> Result<Statement<'c>> {
        let mut stmt = conn
            .prepare(&self.text)
            // The statement's opening names it; the whole of a long one
            // would bury the error under it.
            .with_context(|| format!("preparing {}", crate::terminal::cut(&self.text, 120)))?;
        for (name, value) in &self.params {
            let index = stmt
                .parameter_index(name)?
                .ok_or_else(|| anyhow!("{name} is not a parameter of {}", self.text))?;
            stmt.raw_bind_parameter(index, value)?;
        }
        Ok(stmt)
    }

    /// The statement as it would run, each parameter replaced by its value
    /// as an SQL literal (SQLite's own rendering): to read, or to run in
    /// sqlite3.
    pub fn expanded(&self, conn: &Connection) -> Result<String> {
        self.prepare(conn)?
            .expanded_sql()
            .ok_or_else(|| anyhow!("SQLite could not expand {}", self.text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_that_fails_to_prepare_is_named_by_its_opening_only() {
        let conn = Connection::open_in_memory().unwrap();
        let deep = format!("SELECT 1{}", " AND 1".repeat(1200));
        let error = match Sql::new(deep).prepare(&conn) {
            Err(error) => crate::db::error_in_words(&error),
            Ok(_) => panic!("SQLite takes no expression 1,200 levels deep"),
        };
        assert!(
            error.contains("too large") || error.contains("too deep"),
            "{error}"
        );
        assert!(error.len() < 400, "{error}");
    }

    #[test]
    fn each_name_binds_every_place_it_appears() {
        let conn = Connection::open_in_memory().unwrap();
        let mut sql = Sql::new("SELECT :a || :b || :a");
        sql.bind(":a", "x'".to_string());
        sql.bind(":b", 3);
        let mut stmt = sql.prepare(&conn).unwrap();
        let mut rows = stmt.raw_query();
        let got: String = rows.next().unwrap().unwrap().get(0).unwrap();
        assert_eq!(got, "x'3x'");
        drop(rows);
        assert_eq!(sql.expanded(&conn).unwrap(), "SELECT 'x''' || 3 || 'x'''");
        sql.bind(":c", 1);
        assert!(sql.prepare(&conn).is_err(), "a name the SQL lacks is a bug");
    }
}
