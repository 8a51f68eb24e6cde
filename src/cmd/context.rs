//! What every command gets: the global options, and the ways to use them —
//! the data to answer from, the output style, a buffered stdout.

use crate::model::{Entity, Text};
use crate::output::{self, ColorChoice, Format, Header, Style, Widths};
use crate::seed::{self, DataSource};
use crate::statement::Sql;
use crate::{cache, db, files, terminal};
use anyhow::Result;
use clap::Args;
use rusqlite::Connection;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

/// Options every command takes, before or after its name.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Output format [default: table on a terminal, tsv otherwise; dot for graph]
    #[arg(short = 'f', long, global = true, value_enum)]
    pub format: Option<Format>,
    /// Read this database file (made by `rjkb db build`) instead of the built-in data
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "data")]
    pub db: Option<PathBuf>,
    /// Read this folder of CSV files (the shape of seed/) instead of the built-in data
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// The largest text file a --data folder may name (a source's full text)
    #[arg(long, global = true, value_name = "SIZE", default_value = "16M", value_parser = crate::files::read::parse_size)]
    pub max_text_size: u64,
    /// Leave out the header row
    #[arg(long, global = true)]
    pub no_headers: bool,
    /// Colour in tables; `auto` honours NO_COLOR and colours only a terminal
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Fit tables to N columns [default: the terminal's width; none in a pipe]
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,
    /// Tables keep every column and wrap nothing, however wide
    #[arg(long, global = true, conflicts_with = "width")]
    pub wide: bool,
}

pub struct Context {
    pub global: GlobalArgs,
}

impl Context {
    /// Where the CSV data comes from: `--data DIR` or the built-in seed.
    pub fn data_source(&self) -> Result<DataSource> {
        if self.global.db.is_some() {
            anyhow::bail!(
                "--db reads a built database; this command reads CSV files (use --data DIR)"
            );
        }
        Ok(match &self.global.data {
            Some(dir) => {
                files::check_folder(dir)?;
                DataSource::Folder {
                    dir: dir.clone(),
                    max_text: self.global.max_text_size,
                }
            }
            None => DataSource::BuiltIn,
        })
    }

    /// The database to answer from: `--db FILE`, `--data DIR`, or the built-in data.
    pub fn open(&self) -> Result<Connection> {
        if let Some(path) = &self.global.db {
            return db::open_existing(path, &crate::builtin::schema()?);
        }
        match self.data_source()? {
            DataSource::BuiltIn => crate::builtin::open(),
            DataSource::Folder { dir, max_text } => cache::folder(&dir, max_text),
            data @ DataSource::Files(_) => {
                let mut conn = db::in_memory()?;
                seed::load_or_fail(&mut conn, &data)?;
                Ok(conn)
            }
        }
    }

    /// `error`, naming the `--db` file if it says that file is damaged or
    /// holds a value of a type rjkb never writes: SQLite's own words
    /// ("database disk image is malformed", "Invalid column type Blob") do
    /// not, and it finds either only when a query reaches it.
    pub fn name_damaged_file(&self, error: anyhow::Error) -> anyhow::Error {
        let Some(path) = &self.global.db else {
            return error;
        };
        if format!("{error:#}").contains(&*path.to_string_lossy()) {
            return error;
        }
        if let Some(value) = db::mistyped(&error) {
            return error.context(format!(
                "the database file {} holds {value}, which rjkb never writes there: another \
                 program changed it; build it anew (`rjkb db build --out FILE`)",
                path.display()
            ));
        }
        if !db::damaged(&error) {
            return error;
        }
        error.context(db::damaged_file(path))
    }

    pub fn style(&self) -> Style {
        let widths = Widths {
            width: self.global.width.map(usize::from),
            wide: self.global.wide,
        };
        Style::resolve(
            self.global.format,
            self.global.no_headers,
            self.global.color,
            widths,
        )
    }

    /// Locked, buffered stdout: one lock for the whole output; on a
    /// terminal, every control character from data shows escaped.
    pub fn stdout(&self) -> terminal::Sink<BufWriter<std::io::StdoutLock<'static>>> {
        terminal::stdout()
    }

    /// Runs `sql` and writes its rows to stdout.
    pub fn print_query(
        &self,
        conn: &Connection,
        style: &Style,
        sql: &Sql,
        header: &Header,
    ) -> Result<u64> {
        let mut out = self.stdout();
        let rows = output::write_query(conn, style, sql, header, &mut out)?;
        out.flush()?;
        Ok(rows)
    }

    /// After a listing, a count or a timeline of `entities` that found
    /// `found` rows with `--text` looking in the index: when its words look
    /// like query syntax, the search that reads them so; with none found,
    /// which words the index lacks; or, when it holds them all but not
    /// where `--text` looks (`events --text Ельцин`: an alias of an actor),
    /// that `rjkb search` finds them.
    pub fn say_about_text(
        &self,
        conn: &Connection,
        found: u64,
        text: Option<&str>,
        entities: &[Entity],
    ) -> Result<()> {
        let indexed = (entities.iter()).all(|e| matches!(e.def().text, Text::Index { .. }));
        let Some(text) = text.filter(|_| indexed) else {
            return Ok(());
        };
        if let Some(hint) = syntax_hint(conn, text) {
            terminal::message(&hint);
        }
        if found > 0 {
            return Ok(());
        }
        if self.say_unknown_words(conn, text)? == 0
            && crate::query::found_elsewhere(conn, text, entities)?
        {
            let kinds: Vec<&str> = entities.iter().map(|e| e.def().singular).collect();
            terminal::message(&format!(
                "rjkb: no {} holds '{text}' in its {}, where --text looks; \
                 `rjkb search {}` finds it elsewhere",
                kinds.join(" or "),
                looked_in(entities),
                terminal::shell_word(text)
            ));
        }
        Ok(())
    }

    /// Says on stderr, for a search or `--text` that found nothing, which
    /// words of `text` the index lacks ([`crate::query::unknown_words`]).
    /// Returns how many it named.
    pub fn say_unknown_words(&self, conn: &Connection, text: &str) -> Result<usize> {
        let lines = crate::query::unknown_words(conn, text)?;
        for line in &lines {
            terminal::message(&format!("rjkb: {line}"));
        }
        Ok(lines.len())
    }

    /// Prints `sql` as it would run, its values inlined (`--sql`).
    pub fn print_sql(&self, conn: &Connection, sql: &Sql) -> Result<()> {
        let mut out = self.stdout();
        writeln!(out, "{};", sql.expanded(conn)?)?;
        out.flush()?;
        Ok(())
    }
}

/// The fields `--text` reads in rows of `entities`, in words: each one's
/// title column ("name" for an actor), aliases where they have any, the
/// summary and the notes (`TEXT_COLUMNS` in `crate::query`).
fn looked_in(entities: &[Entity]) -> String {
    let mut fields: Vec<&str> = Vec::new();
    for def in entities.iter().map(|e| e.def()) {
        if !fields.contains(&def.title) {
            fields.push(def.title);
        }
    }
    let aliased =
        |e: &Entity| matches!(e.def().text, Text::Index { aliases, .. } if aliases != "NULL");
    if entities.iter().any(aliased) {
        fields.push("aliases");
    }
    fields.extend(["summary", "notes"]);
    let last = fields.pop().unwrap_or_default();
    format!("{} or {last}", fields.join(", "))
}

/// What a reader is told when plain words look like query syntax, which
/// they are not read as: the `--raw` search that reads them so, when FTS5
/// takes it for a query (`"kawana OR krasnoyarsk`, its quote unclosed, is
/// none, and gets no hint).
pub fn syntax_hint(conn: &Connection, text: &str) -> Option<String> {
    let (query, said) = meant_as(text)?;
    crate::query::matches(conn, &query).ok()?;
    // The command first, so that a terminal's wrapping leaves it whole.
    let command = terminal::shell_word(&query);
    Some(format!("rjkb: `rjkb search --raw {command}` {said}"))
}

/// The query plain words that look like syntax were perhaps meant as, and
/// what to say of it: `kawana OR krasnoyarsk` looks for "or" as well, and
/// `treaty -peace` for "peace".
fn meant_as(text: &str) -> Option<(String, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    // A word to leave out needs one to keep: NOT joins two (`treaty NOT
    // peace`), whatever order they were typed in.
    let (left_out, kept): (Vec<&str>, Vec<&str>) =
        (words.iter()).partition(|w| w.len() > 1 && w.starts_with('-'));
    if let (Some(word), false) = (left_out.first(), kept.is_empty()) {
        let query = (kept.iter().map(|w| w.to_string()))
            .chain(left_out.iter().map(|w| format!("NOT {}", &w[1..])))
            .collect::<Vec<_>>()
            .join(" ");
        let said = format!("leaves rows out with NOT; '{word}' was looked for as a word");
        return Some((query, said));
    }
    // AND, OR and NOT join two words (a lone one is no query at all).
    let between = |at: usize| at > 0 && at + 1 < words.len();
    let operator = (words.iter().enumerate())
        .find(|(at, w)| {
            (matches!(**w, "AND" | "OR" | "NOT") && between(*at)) || w.starts_with("NEAR(")
        })
        .map(|(_, w)| w);
    let said = match operator {
        Some(word) => format!("'{word}' was looked for as a word"),
        None if text.contains('"') => "quotes around plain words make no phrase".to_string(),
        None => return None,
    };
    let said = format!("reads AND, OR, NOT, \"phrases\" and NEAR; {said}");
    Some((text.to_string(), said))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_that_look_like_syntax_name_the_raw_search() {
        let conn = crate::builtin::open().unwrap();
        let hint = |text| syntax_hint(&conn, text).unwrap_or_default();
        assert_eq!(
            hint("kawana OR krasnoyarsk"),
            "rjkb: `rjkb search --raw 'kawana OR krasnoyarsk'` reads AND, OR, NOT, \"phrases\" \
             and NEAR; 'OR' was looked for as a word"
        );
        assert!(hint("\"peace treaty\"").ends_with("; quotes around plain words make no phrase"));
        assert!(hint("treaty -peace").starts_with(
            "rjkb: `rjkb search --raw 'treaty NOT peace'` leaves rows out with NOT; '-peace'"
        ));
        assert!(hint("-peace treaty").starts_with("rjkb: `rjkb search --raw 'treaty NOT peace'`"));
        // Ordinary words, a hyphen inside a word, lower-case "or", an
        // operator with no word on one side: no hint.
        for text in [
            "kawana",
            "visa-free",
            "kawana or krasnoyarsk",
            "-",
            "1997 - 1998",
            "kawana OR",
            "NOT kawana",
            "-peace",
            // Looks like syntax, but is no FTS5 query: no --raw search to name.
            "\"kawana OR krasnoyarsk",
            "kawana OR U.S.",
        ] {
            assert_eq!(syntax_hint(&conn, text), None, "{text}");
        }
    }
}
