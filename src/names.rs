//! Matching what a reader types against known names.
//!
//! Names are compared folded: lower case, accents and invisible characters
//! removed, white space collapsed, so "primakov", "PRIMAKOV" and "Primakóv"
//! match alike, and Cyrillic or Japanese aliases match as written. A value
//! that matches nothing is an error that suggests the nearest known values.

use anyhow::{bail, Result};
use rusqlite::{Connection, OptionalExtension};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// `text` with each run of white space one space: how a quote is found in
/// its source's full text, whose line breaks fall anywhere.
pub fn fold_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The form names are compared in.
pub fn fold(text: &str) -> String {
    // ASCII is its own compatibility decomposition and has no marks to
    // drop: most names (every id) are ASCII, and normalizing them was
    // most of the time of a hint over 100,000 ids or of `show` by a title.
    if text.is_ascii() {
        let lower = text.to_ascii_lowercase();
        // Spaced singly already, as every id and most titles are.
        if lower
            .split(' ')
            .all(|w| !w.is_empty() && !w.contains(char::is_whitespace))
        {
            return lower;
        }
        return fold_space(&lower);
    }
    normalized(text)
}

fn normalized(text: &str) -> String {
    // An invisible character (a zero-width space pasted with a name from a
    // PDF) is no part of the name a reader sees.
    let folded: String = crate::terminal::as_read(text)
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    fold_space(&folded)
}

/// Up to `count` known values closest to `value`, nearest first.
pub fn nearest<'a>(value: &str, known: impl Iterator<Item = &'a str>, count: usize) -> Vec<String> {
    // A value longer than a name is near none, and comparing it with each
    // name costs in proportion to its length (a 50 KB cell: seconds).
    if value.len() > 256 {
        return Vec::new();
    }
    let value = fold(value);
    let mut scored: Vec<(f64, String, &str)> = known
        .map(|k| {
            let folded = fold(k);
            let similar = strsim::jaro_winkler(&value, &folded);
            let mut score = similar;
            // A name begun or held whole by what was typed ("hashi",
            // "japan" inside a long id); not a name of three letters or
            // fewer that merely occurs in it ("oya" in "krasnoyarks").
            let held = folded.chars().count() > 3 && value.contains(&folded);
            if !value.is_empty() && (folded.contains(&value) || held) {
                score += 0.5;
            }
            // A name a slip or two of the keys away is what was meant,
            // before one that merely lies inside what was typed ("japan"
            // inside "japan-against-deferal-1996").
            if similar > 0.9 && strsim::levenshtein(&value, &folded) <= 2 {
                score += 1.0;
            }
            (score, folded, k)
        })
        .filter(|(score, _, _)| *score > 0.7)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(b.2)));
    // One suggestion per folded form: an actor's id "japan" and its name
    // "Japan" are the same answer.
    let mut seen: Vec<String> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    for (_, folded, k) in scored {
        if !seen.contains(&folded) {
            seen.push(folded);
            out.push(k.to_string());
        }
        if out.len() == count {
            break;
        }
    }
    out
}

/// The actors a name designates for `--by`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Designated {
    /// The actors named, and the people of a state that exists at every
    /// date: their rows count whatever their date.
    pub named: Vec<String>,
    /// The people and bodies of each state named that existed only for a
    /// span (`actors.existed`), with that span's first and last day (None
    /// where it is open): their rows count for the state only when their
    /// date meets the span.
    pub members: Vec<Members>,
}

/// A state's people, and the span in which they count for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Members {
    pub ids: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The actors that `name` designates: the actor whose id, name or alias
/// matches, and, when it is a state, every actor of that state's country
/// (its people, within the span the state existed in).
pub fn resolve_actor(conn: &Connection, name: &str) -> Result<Designated> {
    // An exact id names one actor: found through the primary key, without
    // folding every name of a large chronology.
    let exact: Option<String> = conn
        .query_row("SELECT id FROM actors WHERE id = ?1", [name], |row| {
            row.get(0)
        })
        .optional()?;
    let ids = match exact {
        Some(id) => vec![id],
        None => match_names(conn, name)?,
    };
    with_members(conn, ids)
}

/// Every actor whose id, name or alias folds to the same form as `name`.
fn match_names(conn: &Connection, name: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT id, id FROM actors UNION ALL SELECT id, name FROM actors \
         UNION ALL SELECT actor, alias FROM actor_aliases",
    )?;
    let names: Vec<(String, String)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let wanted = fold(name);
    let mut ids: Vec<String> = names
        .iter()
        .filter(|(_, n)| fold(n) == wanted)
        .map(|(id, _)| id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        bail!(
            "no actor is called '{name}'{} (list them with `rjkb actors`)",
            nearest_actors(conn, name, &names)?
        );
    }
    Ok(ids)
}

/// The actors, and for each state among them every actor of its country,
/// within the span the state existed in.
fn with_members(conn: &Connection, mut named: Vec<String>) -> Result<Designated> {
    // A state stands for its people and bodies too.
    let found: Vec<(String, String, Option<String>)> = conn
        .prepare(&format!(
            "SELECT s.id, m.id, s.existed FROM actors s JOIN actors m ON m.country = s.country \
             AND m.id <> s.id WHERE s.kind = 'state' AND m.kind <> 'place' AND s.id IN ({}) \
             ORDER BY s.id, m.id",
            vec!["?"; named.len()].join(",")
        ))?
        .query_map(rusqlite::params_from_iter(&named), |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut members: Vec<Members> = Vec::new();
    for (state, member, existed) in found {
        let span = crate::dates::parse_span(existed.as_deref().unwrap_or_default())
            .map_err(|e| anyhow::anyhow!("actor {state}: existed: {e}"))?;
        match span {
            (None, None) => named.push(member),
            (from, to) => match members.iter_mut().find(|m| m.from == from && m.to == to) {
                Some(same) => same.ids.push(member),
                None => members.push(Members {
                    ids: vec![member],
                    from,
                    to,
                }),
            },
        }
    }
    named.sort();
    named.dedup();
    Ok(Designated { named, members })
}

/// "; nearest: id (Name), ..." for the actors whose names are closest.
fn nearest_actors(conn: &Connection, name: &str, names: &[(String, String)]) -> Result<String> {
    let mut ids: Vec<&str> = Vec::new();
    for close in nearest(name, names.iter().map(|(_, n)| n.as_str()), 10) {
        if let Some((id, _)) = names.iter().find(|(_, n)| *n == close) {
            if !ids.contains(&id.as_str()) {
                ids.push(id);
            }
        }
    }
    if ids.is_empty() {
        return Ok(String::new());
    }
    let shown: Vec<String> = ids
        .iter()
        .take(5)
        .map(|id| {
            let display = actor_name(conn, id)?.unwrap_or_default();
            Ok(format!("{id} ({display})"))
        })
        .collect::<Result<_>>()?;
    Ok(format!("; nearest: {}", shown.join(", ")))
}

/// The name of the actor with this id ("Japan" for `japan`), if there is one.
pub fn actor_name(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT name FROM actors WHERE id = ?1", [id], |row| {
            row.get(0)
        })
        .optional()?)
}

/// Checks `value` against a table of ids (topics), suggesting the nearest.
pub fn resolve_id(conn: &Connection, table: &str, what: &str, value: &str) -> Result<String> {
    let known: Vec<(String, String)> = conn
        .prepare(&format!("SELECT id, name FROM {table} ORDER BY id"))?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let wanted = fold(value);
    if let Some((id, _)) = known
        .iter()
        .find(|(id, name)| fold(id) == wanted || fold(name) == wanted)
    {
        return Ok(id.clone());
    }
    let close = nearest(value, known.iter().map(|(id, _)| id.as_str()), 5);
    let all: Vec<&str> = known.iter().map(|(id, _)| id.as_str()).collect();
    let hint = if close.is_empty() {
        format!("known: {}", all.join(", "))
    } else {
        format!("nearest: {}", close.join(", "))
    };
    bail!("no {what} is called '{value}'; {hint}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_spacing() {
        assert_eq!(fold("  Primakóv "), "primakov");
        assert_eq!(fold("hashi\u{ad}moto\u{200b}"), "hashimoto");
        // What is folded already is seen as such, and only that: every
        // short ASCII string folds as normalizing it would.
        let alphabet = ['a', 'Z', '-', ' ', '\t', '\u{b}', '\u{1}', '1'];
        for n in 0..alphabet.len().pow(4) {
            let text: String = (0..4)
                .map(|i| alphabet[n / alphabet.len().pow(i) % alphabet.len()])
                .collect();
            assert_eq!(fold(&text), normalized(&text), "{text:?}");
        }
        assert_eq!(fold("Boris   YELTSIN"), "boris yeltsin");
        assert_eq!(fold("Ельцин"), "ельцин");
        assert_eq!(fold("エリツィン"), fold("エリツィン"));
    }

    #[test]
    fn nearest_prefers_close_spellings() {
        let known = ["primakov", "putin", "yeltsin", "hashimoto"];
        assert_eq!(nearest("primakof", known.into_iter(), 1), ["primakov"]);
        assert_eq!(nearest("hashi", known.into_iter(), 1), ["hashimoto"]);
        assert!(nearest("zzzz", known.into_iter(), 3).is_empty());
        let known = ["Oya", "Krasnoyarsk summit"];
        assert_eq!(
            nearest("krasnoyarks", known.into_iter(), 1),
            ["Krasnoyarsk summit"]
        );
        // A slip in a long id beats a short name inside it, and a name
        // that folds like another is suggested once.
        let known = [
            "Japan",
            "japan",
            "japan-aid-1993",
            "japan-against-deferral-1996",
        ];
        assert_eq!(
            nearest("japan-against-deferal-1996", known.into_iter(), 3),
            ["japan-against-deferral-1996", "Japan", "japan-aid-1993"]
        );
    }
}
