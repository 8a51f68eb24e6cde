//! One large read split in two, for two cores.
//!
//! A common word in a large file has thousands of hits. Listing them is
//! bound by fetching rows scattered through the file (a page read each)
//! and writing them; ranking them (`search`) by scoring every one. Either
//! halves in time when each half of the full-text index's rowids is read
//! on its own connection in its own thread. A listing's halves are written
//! one after the other, so the output is the one a single statement gives,
//! and the second half waits once it has a few megabytes ready, so memory
//! stays bounded however many rows match.

use crate::output::{Format, RowWriter, Style};
use crate::query::Query;
use anyhow::{anyhow, Result};
use rusqlite::Connection;
use std::io::{self, Write};
use std::sync::mpsc::{sync_channel, SyncSender};

/// Below this many rows in a listing (for `search`, in the whole index)
/// any read takes a few milliseconds, less than a second connection and
/// thread would cost.
pub const LARGE: i64 = 50_000;

/// `search` ranks fewer matches than this in one statement: at a couple
/// of microseconds each, halving their time saves less than the second
/// connection costs. A listing does not count first: gathering a common
/// prefix's hits to count them takes milliseconds, while the second
/// connection costs a rare word a fraction of one.
pub const MANY_MATCHES: i64 = 3_000;

/// Whether rows in `format` can be written by two writers one after the
/// other: each row stands alone, after at most a header. (JSON separates
/// rows with commas, and a terminal table is sized from every row.)
pub fn splits(format: Format) -> bool {
    matches!(
        format,
        Format::Csv | Format::Tsv | Format::Jsonl | Format::Markdown
    )
}

/// How much of the second half may wait in memory: `chunks` pieces of
/// about `chunk` bytes each.
#[derive(Debug, Clone, Copy)]
pub struct Held {
    pub chunk: usize,
    pub chunks: usize,
}

/// Four megabytes: the whole second half of most answers, and little
/// beside the ~24 MB a listing takes anyway.
pub const HELD: Held = Held {
    chunk: 64 * 1024,
    chunks: 64,
};

/// Writes `first` from `conn` then `second` from `reader`, a second
/// connection to the same data: the second half is read and written into
/// memory in another thread meanwhile, up to `held`, and copied out after
/// the first.
pub fn write_in_halves(
    (conn, first): (&Connection, &Query),
    (reader, second): (Connection, &Query),
    style: &Style,
    held: Held,
    out: &mut dyn Write,
) -> Result<()> {
    let (sender, receiver) = sync_channel(held.chunks);
    std::thread::scope(|scope| {
        let worker = scope.spawn(move || {
            let mut chunks = Chunks {
                sender,
                chunk: Vec::with_capacity(held.chunk),
                size: held.chunk,
            };
            // Rows only: the header, if any, is the first half's.
            let rows_only = Style {
                headers: false,
                ..*style
            };
            let mut stmt = crate::prepare_bound(&reader, &second.sql, &second.params)?;
            crate::write_statement(&mut stmt, &rows_only, &second.columns, &mut chunks)?;
            chunks.flush()?;
            anyhow::Ok(())
        });
        let mut writer = RowWriter::new(out, style, &first.columns)?;
        let mut stmt = crate::prepare_bound(conn, &first.sql, &first.params)?;
        crate::stream_rows(&mut stmt, &mut writer)?;
        // Ends when the worker is done and has dropped its sender; if this
        // thread fails first, dropping the receiver stops the worker.
        for chunk in receiver {
            writer.append(&chunk)?;
        }
        worker
            .join()
            .map_err(|_| anyhow!("the thread reading the second half failed"))??;
        writer.finish()
    })
}

/// A writer that hands its bytes to the other thread in chunks of `size`.
struct Chunks {
    sender: SyncSender<Vec<u8>>,
    chunk: Vec<u8>,
    size: usize,
}

impl Chunks {
    fn send(&mut self) -> io::Result<()> {
        let full = std::mem::replace(&mut self.chunk, Vec::with_capacity(self.size));
        self.sender
            .send(full)
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the first half stopped"))
    }
}

impl Write for Chunks {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.chunk.extend_from_slice(bytes);
        if self.chunk.len() >= self.size {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.chunk.is_empty() {
            Ok(())
        } else {
            self.send()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::built_in_file;
    use crate::query::{build, halves, Entity, Filters};

    fn style(format: Format, headers: bool) -> Style {
        Style {
            format,
            headers,
            color: false,
            fit_terminal: false,
        }
    }

    #[test]
    fn halves_write_exactly_what_one_statement_writes() {
        let (_folder, conn) = built_in_file();
        let path = conn.path().unwrap().to_string();
        let japan = Filters {
            text: Some("japan".into()),
            ..Filters::default()
        };
        let in_1997 = Filters {
            year: Some(1997),
            ..japan.clone()
        };
        let formats = [Format::Csv, Format::Tsv, Format::Jsonl, Format::Markdown];
        let cases = [
            (Entity::Events, &japan),
            (Entity::Events, &in_1997),
            (Entity::Actors, &japan),
            (Entity::Proposals, &japan),
            (Entity::Positions, &japan),
        ];
        for (entity, filters) in cases {
            let whole = build(&conn, entity, filters, false).unwrap();
            // The longest listing: past its end for every other.
            let rows: i64 = conn
                .query_row("SELECT count(*) FROM event_listing", [], |row| row.get(0))
                .unwrap();
            assert!(halves(&conn, entity, filters, false, 1).unwrap().is_some());
            for (format, headers) in formats
                .iter()
                .map(|f| (*f, true))
                .chain([(Format::Csv, false)])
            {
                let style = style(format, headers);
                let mut expected = Vec::new();
                crate::write_query(
                    &conn,
                    &style,
                    &whole.sql,
                    &whole.params,
                    &whole.columns,
                    &mut expected,
                )
                .unwrap();
                assert!(expected.len() > 200, "{entity:?} {format:?}");
                // Every place the middle can fall, and a second half held
                // in chunks of a few bytes, one at a time: it waits for
                // the first half rather than grow.
                for middle in (0..=rows + 1).step_by(5) {
                    let [first, second] =
                        crate::query::split_at(&conn, entity, filters, false, middle).unwrap();
                    for held in [
                        HELD,
                        Held {
                            chunk: 8,
                            chunks: 1,
                        },
                    ] {
                        let reader = Connection::open(&path).unwrap();
                        let mut written = Vec::new();
                        write_in_halves(
                            (&conn, &first),
                            (reader, &second),
                            &style,
                            held,
                            &mut written,
                        )
                        .unwrap();
                        assert_eq!(
                            String::from_utf8_lossy(&written),
                            String::from_utf8_lossy(&expected),
                            "{entity:?} {format:?}, split after {middle}"
                        );
                    }
                }
            }
        }
    }

    /// Output that has gone away, as a closed pipe.
    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failing_half_is_an_error_not_a_hang() {
        let (_folder, conn) = built_in_file();
        let japan = Filters {
            text: Some("japan".into()),
            ..Filters::default()
        };
        let [first, second] =
            crate::query::split_at(&conn, Entity::Events, &japan, false, 10).unwrap();
        let reader = Connection::open(conn.path().unwrap()).unwrap();
        let held = Held {
            chunk: 8,
            chunks: 1,
        };
        // The second half is blocked on a full channel when the first fails.
        let failed = write_in_halves(
            (&conn, &first),
            (reader, &second),
            &style(Format::Csv, true),
            held,
            &mut Closed,
        );
        assert!(failed.is_err());
    }

    #[test]
    fn a_failing_second_half_is_an_error_not_a_hang() {
        let (_folder, conn) = built_in_file();
        let japan = Filters {
            text: Some("japan".into()),
            ..Filters::default()
        };
        let [first, mut second] =
            crate::query::split_at(&conn, Entity::Events, &japan, false, 10).unwrap();
        second.sql = "SELECT no_such_column FROM event_listing".into();
        second.params.clear();
        let reader = Connection::open(conn.path().unwrap()).unwrap();
        let held = Held {
            chunk: 8,
            chunks: 1,
        };
        let mut written = Vec::new();
        let failed = write_in_halves(
            (&conn, &first),
            (reader, &second),
            &style(Format::Csv, true),
            held,
            &mut written,
        );
        assert!(failed.unwrap_err().to_string().contains("no_such_column"));
    }
}
