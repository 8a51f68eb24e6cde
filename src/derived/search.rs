//! The full-text index (FTS5) and the rows it holds: one per row of each
//! indexed listing, with its title, aliases, summary, notes (with what its
//! citations quote, state and note), names, the words of a dispute, and the
//! words of its id.

use super::{by_cited_kind, Derived};
use crate::model::{self, Def, Entity, Text};

/// The full-text index's rows, and its content: one per row of each
/// indexed listing, with the listing row's `n` for rowid — its kind's
/// block plus its place — so that a rowid range picks one kind, its hits
/// come in listing order, and each leads to its row by primary key (which
/// is also how the index reads a row's text back, for snippets).
pub(super) fn search_rows() -> Derived {
    let text = Gathered {
        citations: format!(
            "(SELECT group_concat(text, {SEP}) FROM (SELECT {} AS text FROM citations c \
             WHERE c.{{kind}} = t.id ORDER BY c.rowid))",
            citation_text()
        ),
        disputes: format!(
            "(SELECT {} FROM citations c WHERE c.{{kind}} = t.id)",
            disputes()
        ),
        participants: format!(
            "(SELECT group_concat(name, {SEP}) FROM (SELECT a.name FROM event_actors ea \
             JOIN actors a ON a.id = ea.actor WHERE ea.event = t.id ORDER BY ea.rowid))"
        ),
        joins: false,
    };
    Derived {
        name: "search_rows",
        create: format!(
            "CREATE VIEW search_rows AS -- what search_index holds, row by row\n{}",
            text.rows()
        ),
        fill: String::new(),
    }
}

/// What the full-text index holds of one citation.
fn citation_text() -> String {
    joined(&["c.quote", "c.statement", "c.note"])
}

/// What the parts of one indexed text are joined with (an actor's role
/// and summary, a citation's quote and statement, one citation and the
/// next, participants' names), as an SQL string: a snippet that runs from
/// one part into the next shows where one ends ("Ambassador of Japan to
/// Russia until 1999 · Japan's ambassador in Moscow…"). The dot is not a
/// letter: FTS5 indexes the same words as with a space.
const SEP: &str = "' · '";

/// SQL joining the texts of `parts` with [`SEP`], NULLs left out, as
/// SQLite 3.44's `concat_ws` does (one part is left as it is): the view is
/// stored in the schema, which older sqlite3 shells must still read.
fn joined(parts: &[&str]) -> String {
    match parts {
        [one] => one.to_string(),
        _ => {
            let each: Vec<String> = parts
                .iter()
                .map(|p| format!("coalesce({SEP} || {p}, '')"))
                .collect();
            // Past the first separator (SQLite's substr counts characters).
            let from = SEP.trim_matches('\'').chars().count() + 1;
            format!("substr({}, {from})", each.join(" || "))
        }
    }
}

/// The words a disputed row is found by, as an aggregate over its
/// citations `c`: those of each relation among them that disputes it
/// ([`model::DISPUTES`]), in the order DISPUTES lists them; NULL for none.
fn disputes() -> String {
    let cases: Vec<String> = model::DISPUTES
        .iter()
        .map(|d| {
            format!(
                "CASE WHEN max(c.relation = '{}') THEN '{}' END",
                d.relation, d.words
            )
        })
        .collect();
    format!(
        "nullif({}, '')",
        joined(&cases.iter().map(String::as_str).collect::<Vec<_>>())
    )
}

/// How the search rows gather each row's citations and participants:
/// row by row (the view), or from tables that gather them all at once
/// (the fill). Both give the same text, which FTS5's integrity check
/// holds the index to.
struct Gathered {
    citations: String,
    disputes: String,
    participants: String,
    /// Whether the rows join `temp.cited_text` and `temp.participants`.
    joins: bool,
}

impl Gathered {
    /// The SELECT of every search row, in rowid order.
    fn rows(&self) -> String {
        let selects: Vec<String> = indexed()
            .map(|indexed| {
                let Indexed {
                    def,
                    aliases,
                    summary,
                    notes,
                    names,
                    ..
                } = indexed;
                let kind = def.singular;
                let fill = |sql: &str| {
                    sql.replace("{citations}", &self.citations.replace("{kind}", kind))
                        .replace("{participants}", &self.participants)
                        .replace("{sep}", SEP)
                };
                let mut joins = String::new();
                if self.joins {
                    joins = format!(
                        "\nLEFT JOIN temp.cited_text AS ct ON ct.kind = '{kind}' AND ct.target = t.id"
                    );
                    if names.contains("{participants}") {
                        joins.push_str("\nLEFT JOIN temp.participants AS pt ON pt.event = t.id");
                    }
                }
                let date = def.date.map_or("NULL".to_string(), |date| format!("t.{}", date.name));
                format!(
                    "SELECT t.n AS rowid, '{kind}' AS kind, t.id AS id, {date} AS date, \
                     t.{title} AS title,\n       {aliases} AS aliases,\n       \
                     {summary} AS summary,\n       {notes} AS notes,\n       {names} AS names,\n       \
                     {disputes} AS disputes,\n       replace(t.id, '-', ' ') AS id_words\n\
                     FROM {listing} t{joins}",
                    title = def.title,
                    aliases = fill(aliases),
                    summary = fill(&joined(summary)),
                    notes = fill(&joined(notes)),
                    names = fill(names),
                    disputes = self.disputes.replace("{kind}", kind),
                    listing = def.listing,
                )
            })
            .collect();
        selects.join("\nUNION ALL\n")
    }
}

/// An entity in the full-text index, and what each of its indexed
/// columns holds ([`Text::Index`]).
struct Indexed {
    def: &'static Def,
    aliases: &'static str,
    summary: &'static [&'static str],
    notes: &'static [&'static str],
    names: &'static str,
}

fn indexed() -> impl Iterator<Item = Indexed> {
    Entity::ALL.iter().filter_map(|e| match e.def().text {
        Text::Index {
            aliases,
            summary,
            notes,
            names,
            ..
        } => Some(Indexed {
            def: e.def(),
            aliases,
            summary,
            notes,
            names,
        }),
        Text::Like(_) => None,
    })
}

pub(super) fn search_index() -> Derived {
    let kinds: Vec<&str> = indexed().map(|i| i.def.singular).collect();
    let create = format!(
        "CREATE VIRTUAL TABLE search_index USING fts5( -- full-text index for rjkb search and --text (FTS5)
  kind UNINDEXED,                -- {}
  id UNINDEXED,                  -- the row's id
  date UNINDEXED,                -- the row's EDTF date
  aliases,                       -- an actor's aliases
  summary,                       -- summary (for actors also role): --text searches it with title and notes
  notes,                         -- notes, receptions, places, and what citations quote, state and note
  names,                         -- the names of the actors involved
  title,                         -- title, name or position (after the texts: a snippet shows one of them first)
  disputes,                      -- words for a row a citation contradicts or does not confirm
  id_words,                      -- the words of the row's id (last: a snippet shows another column first)
  content = 'search_rows',       -- the text is read from search_rows, not kept twice
  content_rowid = 'rowid',
  tokenize = 'unicode61 remove_diacritics 2'
);",
        kinds.join(", ")
    );
    // The index is filled with what search_rows holds, gathered otherwise:
    // each row's citations and participants from two tables made by
    // grouping citations and event_actors once, in order, rather than by
    // looking them up row by row in listing order, all over the file (at
    // 1,000,000 events, 20.2 s of CPU against 26.3; at 100,000, 0.1 s
    // more). Its rowids only grow, the order FTS5 builds fastest in. A
    // test checks the index against search_rows ('integrity-check').
    let cited_text = by_cited_kind(|kind| {
        format!(
            "SELECT '{kind}', c.{kind}, group_concat({}, {SEP} ORDER BY c.rowid), {} \
             FROM citations c WHERE c.{kind} IS NOT NULL GROUP BY c.{kind}",
            citation_text(),
            disputes()
        )
    });
    let text = Gathered {
        citations: "ct.text".into(),
        disputes: "ct.disputes".into(),
        participants: "pt.text".into(),
        joins: true,
    };
    Derived {
        name: "search_index",
        create,
        fill: format!(
            "INSERT INTO search_index (search_index, rank) VALUES ('hashsize', {HASH_SIZE});
INSERT INTO search_index (search_index) VALUES ('delete-all');
CREATE TEMP TABLE cited_text (kind TEXT, target TEXT, text TEXT, disputes TEXT, PRIMARY KEY (kind, target))
WITHOUT ROWID;
INSERT INTO temp.cited_text
{cited_text};
CREATE TEMP TABLE participants (event TEXT PRIMARY KEY, text TEXT) WITHOUT ROWID;
INSERT INTO temp.participants
SELECT ea.event, group_concat(a.name, {SEP} ORDER BY ea.rowid)
FROM event_actors ea JOIN actors a ON a.id = ea.actor GROUP BY ea.event;
INSERT INTO search_index (rowid, kind, id, date, title, aliases, summary, notes, names, disputes, id_words)
{rows};
DROP TABLE temp.cited_text;
DROP TABLE temp.participants;",
            rows = text.rows()
        ),
    }
}

/// How many bytes of pending terms FTS5 holds before writing them out
/// (its default is 1 MiB). A bound on the build's memory whatever the
/// number of rows. Building the index of 100,000 events took 1.47-1.60 s
/// of CPU at 1 MiB, 1.35 at 4, 1.27-1.30 at 8, 1.30-1.37 at 16 and 32 MiB
/// (more merging below, more cache misses above); of 1,000,000 events,
/// 23.1 s at 8 MiB and 23.3 s at 32.
const HASH_SIZE: u32 = 8 << 20;

#[cfg(test)]
mod tests {
    use super::super::listing::block;
    use super::*;
    use crate::db::built_in_file;

    #[test]
    fn each_search_rowid_names_its_listing_row_in_its_kinds_block() {
        let (_folder, conn) = built_in_file();
        for Indexed { def, .. } in indexed() {
            let block = block(def).unwrap();
            // What the index holds: a size for each row it indexed.
            let (rows, named): (i64, i64) = conn
                .query_row(
                    &format!(
                        "SELECT count(*), count(t.id) FROM search_index_docsize AS d \
                         LEFT JOIN {} AS t ON t.n = d.id WHERE d.id >> 32 = ?1",
                        def.listing
                    ),
                    [block],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .unwrap();
            let listed: i64 = conn
                .query_row(&format!("SELECT count(*) FROM {}", def.listing), [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert!(rows > 0, "{}", def.listing);
            assert_eq!((named, rows), (listed, listed), "{}", def.listing);
        }
        // The index reads a row's text back (for a snippet) by its rowid:
        // one primary-key search in each listing, never a scan.
        let plan: Vec<String> = conn
            .prepare("EXPLAIN QUERY PLAN SELECT title FROM search_rows WHERE rowid = ?1")
            .unwrap()
            .query_map([1], |row| row.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let searched = plan
            .iter()
            .filter(|s| s.contains("INTEGER PRIMARY KEY"))
            .count();
        assert_eq!(searched, indexed().count(), "{plan:?}");
        assert!(!plan.iter().any(|s| s.starts_with("SCAN t")), "{plan:?}");
    }

    #[test]
    fn the_index_holds_exactly_what_search_rows_says() {
        let (_folder, conn) = built_in_file();
        // Against its content: what the fill gathered by grouping is what
        // search_rows gives row by row.
        conn.execute(
            "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .unwrap();
        // And the check tells: an index filled with other text fails it.
        conn.execute_batch(
            "INSERT INTO search_index (search_index) VALUES ('delete-all');
             INSERT INTO search_index (rowid, kind, id, date, title, aliases, summary, notes, \
             names, disputes, id_words) SELECT rowid, kind, id, date, title, aliases, summary, \
             'other words', names, disputes, id_words FROM search_rows;",
        )
        .unwrap();
        let check = "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)";
        assert!(conn.execute(check, []).is_err());
    }
}
