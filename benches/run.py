#!/usr/bin/env python3
"""rjkb's benchmark: whole processes, side by side with sqlite3, on this machine.

    python3 benches/run.py            # the full run: 1,000,000 events, 20 runs each
    python3 benches/run.py --quick    # 100,000 events, 5 runs: a smoke test
    python3 benches/run.py --parts c --events 100000 --rjkb OTHER/rjkb   # another build

a  `rjkb events --year 1997 --format csv` on the built-in data, against
   sqlite3 -csv running the same SELECT (`--sql` prints it) on a database
   file built by `rjkb db build`.
b  building a database file from the synthetic CSV folder (benches/generate.py),
   against sqlite3 .import of the same rows into the same tables and indexes.
c  --year, --by, --text and search on the million-row file, each with its
   EXPLAIN QUERY PLAN, beside sqlite3 running the same SELECT (`--sql` prints
   it, for listings and search alike) on the same file.
d  peak memory (RSS) of `rjkb export` and of a CSV listing of every event,
   at a tenth of the size and at full size, to show it stays flat.

Medians of whole-process wall times; peak RSS from wait4(). Generated data
and databases are kept under bench/ in cargo's target folder (CARGO_TARGET_DIR
if set) and reused.
"""
import argparse
import csv
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "benches"))
import generate  # noqa: E402

TARGET = os.path.join(ROOT, os.environ.get("CARGO_TARGET_DIR") or "target")
BUILT = os.path.join(TARGET, "release", "rjkb")
RJKB = BUILT  # the build timed; --rjkb names another
WORK = os.path.join(TARGET, "bench")
TABLES = ["sources", "topics", "actors", "actor_aliases", "periods", "events", "event_actors",
          "proposals", "proposal_links", "positions", "citations"]


def run(args, stdout=subprocess.DEVNULL, env=None):
    """Runs a whole process; returns (seconds, peak RSS in KiB, stdout, stderr)."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=stdout, stderr=subprocess.PIPE, env=env)
    out = proc.stdout.read() if stdout == subprocess.PIPE else b""
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(args)}\n{err.decode(errors='replace')}")
    return seconds, usage.ru_maxrss, out, err


def median_ms(args, runs, **kw):
    return statistics.median(run(args, **kw)[0] for _ in range(runs)) * 1000


def ensure_tools():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    if not shutil.which("sqlite3"):
        print("installing Debian's sqlite3 for the comparison...", file=sys.stderr)
        subprocess.run(["apt-get", "install", "-y", "-qq", "sqlite3"], check=True)
    version = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
    return version


def dataset(events):
    folder = os.path.join(WORK, f"data-{events}")
    if not os.path.exists(os.path.join(folder, "citations.csv")):
        print(f"generating {events:,} events into {folder}...", file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(ROOT, "benches", "generate.py"), folder, str(events)],
                       check=True)
    return folder


def count_rows(folder):
    total = 0
    for table in TABLES:
        with open(os.path.join(folder, f"{table}.csv"), "rb") as f:
            total += sum(1 for _ in f) - 1
    return total


def reference_schema():
    """rjkb's tables and indexes for sqlite3 .import, which cannot write NULL:
    the one CHECK that needs NULLs (one target per citation) becomes CHECK (1)."""
    with open(os.path.join(ROOT, "migrations", "0001_knowledge_base.sql")) as f:
        sql = f.read()
    start = sql.index("  CHECK ((actor IS NOT NULL)")
    end = sql.index("= 1)", start) + len("= 1)")
    sql = sql[:start] + "  CHECK (1)" + sql[end:]
    return sql


def sqlite_import(folder, db):
    if os.path.exists(db):
        os.remove(db)
    script = reference_schema() + "\n"
    script += "PRAGMA journal_mode = OFF;\nPRAGMA synchronous = OFF;\nBEGIN;\n"
    for table in TABLES:
        script += f".import --csv --skip 1 {os.path.join(folder, 'import', table + '.csv')} {table}\n"
    script += "COMMIT;\n"
    started = time.perf_counter()
    proc = subprocess.run(["sqlite3", db], input=script.encode(), capture_output=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0 or proc.stderr:
        sys.exit("sqlite3 .import failed:\n" + proc.stderr.decode(errors="replace")[:2000])
    return seconds


def rjkb_build(folder, db):
    if os.path.exists(db):
        os.remove(db)
    seconds, rss, _, err = run([RJKB, "--data", folder, "db", "build", "--out", db])
    # "built X: N rows read in A s, checked in B s, search index built in C s, listings in D s"
    words = err.decode().split()
    read, checked, index, listings = (float(words[i - 1]) for i, w in enumerate(words) if w in ("s", "s,"))
    return seconds, read, checked, index, listings


def plan(db, sql):
    out = subprocess.run(["sqlite3", db, "EXPLAIN QUERY PLAN " + sql], capture_output=True, text=True, check=True)
    return [line.strip(" |`-") for line in out.stdout.splitlines() if line.strip() and line != "QUERY PLAN"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 events and 5 runs")
    parser.add_argument("--events", type=int, help="events in the synthetic folder [1,000,000]")
    parser.add_argument("--runs", type=int, help="runs per measurement [20]")
    parser.add_argument("--parts", default="abcd", help="which measurements to take [abcd]")
    parser.add_argument("--rjkb", help="time this rjkb binary instead of the release build")
    options = parser.parse_args()
    if options.rjkb:
        global RJKB
        RJKB = os.path.abspath(options.rjkb)
    events = options.events or (100_000 if options.quick else 1_000_000)
    runs = options.runs or (5 if options.quick else 20)
    os.makedirs(WORK, exist_ok=True)
    sqlite_version = ensure_tools()
    results = []  # (measure, rjkb, reference, target, met)

    # a: the built-in data
    if "a" in options.parts:
        measure_builtin(runs, results)
    folder = dataset(events)
    big_db = os.path.join(WORK, f"kb-{events}.db")
    if "b" in options.parts or not os.path.exists(big_db):
        measure_build(folder, events, runs, results)
    plans = measure_queries(big_db, runs, results) if "c" in options.parts else []
    if "d" in options.parts:
        measure_memory(big_db, events, results)
    report(results, plans, runs, sqlite_version)


def measure_builtin(runs, results):
    builtin_db = os.path.join(WORK, "builtin.db")
    run([RJKB, "db", "build", "--out", builtin_db])
    listing = ["events", "--year", "1997", "--format", "csv"]
    select = run([RJKB] + listing + ["--sql"], stdout=subprocess.PIPE)[2].decode()
    ours = run([RJKB] + listing, stdout=subprocess.PIPE)[2]
    theirs = subprocess.run(["sqlite3", "-csv", "-header", builtin_db, select], capture_output=True).stdout
    parse = lambda raw: list(csv.reader(io.StringIO(raw.decode())))  # noqa: E731 (quoting differs)
    assert parse(ours) == parse(theirs), "rjkb and sqlite3 answer differently"
    run([RJKB, "events"])  # warm the cache of the built-in data
    a_rjkb = median_ms([RJKB] + listing, runs)
    a_sqlite = median_ms(["sqlite3", "-csv", "-header", builtin_db, select], runs)
    results.append(("a. `events --year 1997 --format csv`, built-in data", f"{a_rjkb:.1f} ms",
                    f"{a_sqlite:.1f} ms", "≤ 1.5× sqlite3", a_rjkb <= 1.5 * a_sqlite))
    no_cache = dict(os.environ, RJKB_NO_CACHE="1")
    a_memory = median_ms([RJKB] + listing, runs, env=no_cache)
    results.append(("a'. the same, cache off (`RJKB_NO_CACHE=1`)", f"{a_memory:.1f} ms", f"{a_sqlite:.1f} ms",
                    "(for information)", None))



def measure_build(folder, events, runs, results):
    """b: building from a large CSV folder."""
    rows = count_rows(folder)
    big_db = os.path.join(WORK, f"kb-{events}.db")
    ref_db = os.path.join(WORK, f"sqlite-{events}.db")
    builds = [rjkb_build(folder, big_db) for _ in range(runs)]
    imports = [sqlite_import(folder, ref_db) for _ in range(runs)]
    total = statistics.median(b[0] for b in builds)
    loaded = statistics.median(b[1] + b[2] for b in builds)
    index = statistics.median(b[3] for b in builds)
    listings = statistics.median(b[4] for b in builds)
    imported = statistics.median(imports)
    results.append((f"b. build from CSV, {rows:,} rows: read + validate", f"{loaded:.2f} s ({rows / loaded:,.0f} rows/s)",
                    f"{imported:.2f} s ({rows / imported:,.0f} rows/s) .import", "faster than .import",
                    loaded < imported))
    results.append(("b'. then the full-text index", f"{index:.2f} s", "—", "(reported)", None))
    results.append(("b'. then the listing tables", f"{listings:.2f} s", "—", "(reported)", None))
    results.append(("b''. whole `db build` process", f"{total:.2f} s ({rows / total:,.0f} rows/s)",
                    f"{imported:.2f} s", "(for information)", None))



def measure_queries(big_db, runs, results):
    """c: queries on the large file: common words, and rare ones. Beside each, sqlite3 runs the
    same SELECT on the same file, for the cost of the answer itself."""
    common, rare = generate.WORDS[100], generate.WORDS[3000]
    queries = [
        ["events", "--year", "1997"],
        ["events", "--year", "1997", "--columns", "id,date,title"],
        ["events", "--by", "a17"],
        ["events", "--text", rare],
        ["events", "--text", common],
        ["search", rare],
        ["search", common],
    ]
    plans = []
    for query in queries:
        args = [RJKB, "--db", big_db] + query + ["--format", "csv"]
        count = run(args, stdout=subprocess.PIPE)[2].count(b"\n") - 1
        ms = median_ms(args, runs)
        shown = "rjkb " + " ".join(query)
        # The statement comes from the release build, which has --sql for every query.
        sql = run([BUILT, "--db", big_db] + query + ["--sql"], stdout=subprocess.PIPE)[2].decode()
        if query[0] == "search":
            steps = ["(FTS5 MATCH on search_index, ranked)"]
            indexed = True
        else:
            steps = plan(big_db, sql)
            # A listing is read through an index (or the full-text index), never scanned whole.
            indexed = any("USING INDEX" in s or "USING INTEGER PRIMARY KEY" in s or "VIRTUAL TABLE INDEX" in s
                          for s in steps) and not any(s.startswith("SCAN t") for s in steps)
        reference = median_ms(["sqlite3", "-csv", "-header", big_db, sql], runs)
        plans.append((shown, steps))
        results.append((f"c. `{shown}` ({count:,} rows)", f"{ms:.1f} ms", f"{reference:.1f} ms",
                        "< 50 ms, index used", ms < 50 and indexed))
    return plans


def measure_memory(big_db, events, results):
    """d: memory, at a tenth of the size and at full size."""
    small = max(events // 10, 1000)
    small_db = os.path.join(WORK, f"kb-{small}.db")
    if not os.path.exists(small_db):
        rjkb_build(dataset(small), small_db)
    for label, args in [("export --out", ["export", "--out"]), ("events --format csv", ["events", "--format", "csv"])]:
        peaks = []
        for db in (small_db, big_db):
            with tempfile.TemporaryDirectory(dir=WORK) as out:
                full = [RJKB, "--db", db] + args + ([out] if args[-1] == "--out" else [])
                peaks.append(run(full)[1] / 1024)
        results.append((f"d. peak RSS, `{label}`: {small:,} → {events:,} events",
                        f"{peaks[0]:.1f} → {peaks[1]:.1f} MiB", "—", "< 64 MiB, flat",
                        peaks[1] < 64 and peaks[1] < peaks[0] * 1.5 + 4))


def report(results, plans, runs, sqlite_version):
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    print(f"rjkb benchmark — {platform.node()}: {os.cpu_count()} cores, {cpu}; sqlite3 {sqlite_version}; "
          f"{runs} runs each, medians\n")
    print("| measure | rjkb | sqlite3 | target | met |")
    print("|---|---|---|---|---|")
    for measure, ours, theirs, target, met in results:
        mark = "" if met is None else ("yes" if met else "**no**")
        print(f"| {measure} | {ours} | {theirs} | {target} | {mark} |")
    print("\nQuery plans:")
    for shown, steps in plans:
        print(f"- {shown}: " + "; ".join(steps))


if __name__ == "__main__":
    main()
