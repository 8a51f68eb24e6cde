#!/usr/bin/env python3
"""Writes a deterministic synthetic chronology in the shape of seed/.

    benches/generate.py DIR [EVENTS]

EVENTS (default 1,000,000) events, with actors, participants, proposals,
positions and citations in proportion to the built-in data. DIR/import/
holds the same tables with the columns rjkb derives from `date` filled in
(date_from, date_to, date_precision), for sqlite3's .import into the very
same tables. Same arguments, same bytes: the random generator is seeded.
"""
import csv
import itertools
import os
import random
import sys

DATED = {"events", "periods", "proposals", "positions"}
TYPES = ["statement", "visit", "summit", "agreement", "cooperate", "reject", "reduce", "trend"]
ROLES = ["host", "visitor", "speaker", "signatory", "participant", "subject"]
TOPICS = ["territorial-issue", "peace-treaty", "economic-cooperation", "fisheries", "energy",
          "security", "humanitarian-exchange", "geopolitics", "bilateral-relations", "domestic-politics"]
# A vocabulary of 5,000 made-up words used with Zipf frequencies, as words
# are in real text: a few very common, most rare. WORDS[100] is used by
# about one row in 150, which is what the benchmark searches for.
SYLLABLES = "ka ri to mo sa ne yu ha shi ro ta ki mi no ra ze ku be".split()
WORDS = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES][:5000]
CUMULATIVE = list(itertools.accumulate(1 / rank for rank in range(1, len(WORDS) + 1)))
DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def date_of(rng):
    """An EDTF date and its bounds: mostly days, some months, seasons, years, intervals."""
    year = rng.randint(1900, 2020)
    month = rng.randint(1, 12)
    kind = rng.random()
    if kind < 0.70:
        day = rng.randint(1, DAYS[month - 1])
        d = f"{year:04}-{month:02}-{day:02}"
        return d, d, d, "day"
    if kind < 0.85:
        return f"{year:04}-{month:02}", f"{year:04}-{month:02}-01", f"{year:04}-{month:02}-{DAYS[month - 1]:02}", "month"
    if kind < 0.90:
        season = rng.randint(21, 23)
        first, last = {21: ("03-01", "05-31"), 22: ("06-01", "08-31"), 23: ("09-01", "11-30")}[season]
        return f"{year:04}-{season}", f"{year:04}-{first}", f"{year:04}-{last}", "season"
    if kind < 0.97:
        return f"{year:04}", f"{year:04}-01-01", f"{year:04}-12-31", "year"
    day = rng.randint(1, 27)
    start = f"{year:04}-{month:02}-{day:02}"
    end = f"{year:04}-{month:02}-{day + 1:02}"
    return f"{start}/{end}", start, end, "interval"


def words(rng, n):
    return " ".join(rng.choices(WORDS, cum_weights=CUMULATIVE, k=n))


class Table:
    """One table written twice: the seed shape, and the import shape."""

    def __init__(self, out, name, columns):
        self.dated = name in DATED
        self.seed = open(os.path.join(out, f"{name}.csv"), "w", newline="")
        self.full = open(os.path.join(out, "import", f"{name}.csv"), "w", newline="")
        self.seed_writer = csv.writer(self.seed, lineterminator="\n")
        self.full_writer = csv.writer(self.full, lineterminator="\n")
        self.seed_writer.writerow(columns)
        full = list(columns)
        if self.dated:
            at = full.index("date_text") + 1
            full[at:at] = ["date_from", "date_to", "date_precision"]
        self.full_writer.writerow(full)

    def row(self, values, derived=None):
        self.seed_writer.writerow(values)
        values = list(values)
        if self.dated:
            values[3:3] = derived
        self.full_writer.writerow(values)

    def close(self):
        self.seed.close()
        self.full.close()


def main():
    out = sys.argv[1]
    events = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    rng = random.Random(20261127)
    os.makedirs(os.path.join(out, "import"), exist_ok=True)
    actors = max(events // 100, 50)
    proposals = max(events // 10, 10)
    positions = max(events // 20, 10)
    sources = 100

    # Sources of the kind "study text" without a file: their citations may
    # quote (db check asks a public source for a url and a statement instead,
    # and the quotes are what the search index holds, as in the built-in data).
    t = Table(out, "sources", ["id", "title", "author", "kind", "published", "url", "file", "note"])
    for i in range(sources):
        t.row([f"s{i}", f"Source {i}", f"Author {i % 17}", "study text", "", "", "", ""])
    t.close()
    t = Table(out, "topics", ["id", "name", "description"])
    for topic in TOPICS:
        t.row([topic, topic.replace("-", " "), ""])
    t.close()

    citations = Table(out, "citations", ["id", "source", "actor", "event", "proposal", "position",
                                         "period", "relation", "locator", "quote", "note"])
    cite_count = 0

    def cite(column, target):
        nonlocal cite_count
        cite_count += 1
        cells = {"actor": "", "event": "", "proposal": "", "position": "", "period": ""}
        cells[column] = target
        relation = "contradicts" if cite_count % 50 == 0 else "supports"
        citations.row([f"c{cite_count}", f"s{rng.randrange(sources)}", cells["actor"], cells["event"],
                       cells["proposal"], cells["position"], cells["period"], relation,
                       f"p. {rng.randint(1, 400)}", words(rng, 8), ""])

    t = Table(out, "actors", ["id", "name", "kind", "country", "role", "summary"])
    a = Table(out, "actor_aliases", ["actor", "alias", "lang"])
    countries = ["RUS", "JPN", "CHN", "USA", "KOR"]
    for i in range(actors):
        kind = "state" if i < len(countries) else "person"
        t.row([f"a{i}", f"Actor Number {i}", kind, countries[i % len(countries)], "", words(rng, 6)])
        a.row([f"a{i}", f"Actor {i}", "en"])
        a.row([f"a{i}", f"Актор {i}", "ru"])
        cite("actor", f"a{i}")
    t.close()
    a.close()

    t = Table(out, "periods", ["id", "date", "date_text", "name", "character", "summary"])
    for i in range(100):
        start = 1900 + i
        t.row([f"r{i}", f"{start}/{start + 1}", "", f"Period {i}", "momentum", ""],
              [f"{start}-01-01", f"{start + 1}-12-31", "interval"])
        cite("period", f"r{i}")
    t.close()

    t = Table(out, "events", ["id", "date", "date_text", "title", "type", "topic", "place", "summary", "note"])
    ea = Table(out, "event_actors", ["event", "actor", "role"])
    for i in range(events):
        edtf, first, last, precision = date_of(rng)
        t.row([f"e{i}", edtf, "", f"Event {i}: {words(rng, 4)}", rng.choice(TYPES), rng.choice(TOPICS),
               f"Place {i % 997}", words(rng, 14), ""], [first, last, precision])
        for actor in rng.sample(range(actors), 2):
            ea.row([f"e{i}", f"a{actor}", rng.choice(ROLES)])
        cite("event", f"e{i}")
    t.close()
    ea.close()

    t = Table(out, "proposals", ["id", "date", "date_text", "title", "proposer", "addressee", "event",
                                 "part_of", "seq", "topic", "summary", "outcome", "reception", "note"])
    links = Table(out, "proposal_links", ["proposal", "kind", "target"])
    for i in range(proposals):
        edtf, first, last, precision = date_of(rng)
        t.row([f"p{i}", edtf, "", f"Proposal {i}: {words(rng, 4)}", f"a{rng.randrange(actors)}",
               f"a{rng.randrange(actors)}", f"e{rng.randrange(events)}", "", "", rng.choice(TOPICS),
               words(rng, 12), rng.choice(["accepted", "rejected", "pending", "unknown"]), "", ""],
              [first, last, precision])
        if i and i % 5 == 0:
            links.row([f"p{i}", rng.choice(["derived_from", "counters", "revises"]), f"p{rng.randrange(i)}"])
        cite("proposal", f"p{i}")
    t.close()
    links.close()

    t = Table(out, "positions", ["id", "date", "date_text", "actor", "topic", "position", "stance",
                                 "proposal", "supersedes", "summary", "note"])
    for i in range(positions):
        edtf, first, last, precision = date_of(rng)
        t.row([f"o{i}", edtf, "", f"a{rng.randrange(actors)}", rng.choice(TOPICS), words(rng, 4),
               rng.choice(["favor", "against", "conditional", "neutral"]), f"p{rng.randrange(proposals)}",
               "", words(rng, 10), ""], [first, last, precision])
        cite("position", f"o{i}")
    t.close()
    citations.close()


if __name__ == "__main__":
    main()
