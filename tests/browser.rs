//! The HTML edition in a real browser: headless Chromium loads every page
//! of the built-in site, following every internal link from the index,
//! and a hostile site's pages; it counts the timeline's marks against
//! `rjkb count`, drives the finder, and saves screenshots of the index at
//! 1280 and 390 pixels wide under the target folder (`tmp/screenshots`;
//! `RJKB_SCREENSHOTS=DIR` puts them in DIR instead).
//!
//! Chromium is driven over the DevTools protocol on a pipe (its file
//! descriptors 3 and 4, `--remote-debugging-pipe`): one browser for a
//! whole test, no port, no websocket, nothing added to the build. Without
//! Chromium the tests say so in one line and pass; on CI they fail.

#![cfg(unix)]

mod support;

use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, FromRawFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};
use support::{ok, HOSTILE_TITLE};

/// The longest wait for any answer or event from the browser.
const WAIT: Duration = Duration::from_secs(30);

fn chromium() -> Option<PathBuf> {
    support::program(
        &["chromium", "chromium-browser", "google-chrome"],
        "RJKB_CHROMIUM",
        "chromium",
        "the browser tests",
    )
}

/// A pipe whose two ends close on exec (the child gets copies of its own).
fn pipe() -> (File, File) {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors pipe() writes.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0, "pipe");
    for fd in fds {
        // SAFETY: fd was just opened by pipe().
        unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    // SAFETY: each descriptor is open and owned by nothing else.
    unsafe { (File::from_raw_fd(fds[0]), File::from_raw_fd(fds[1])) }
}

/// Headless Chromium with one page, attached over the protocol.
struct Browser {
    child: Child,
    to: File,
    from: Receiver<Value>,
    next: u64,
    session: String,
    events: Vec<Value>,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn launch(program: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let (theirs_in, to) = pipe();
        let (from, theirs_out) = pipe();
        let mut command = Command::new(program);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--hide-scrollbars",
                "--mute-audio",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let (read, write) = (theirs_in.as_raw_fd(), theirs_out.as_raw_fd());
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            command.pre_exec(move || {
                // Above anything the child holds first, then onto 3 and 4
                // (duplicates do not close on exec).
                let read = libc::fcntl(read, libc::F_DUPFD, 10);
                let write = libc::fcntl(write, libc::F_DUPFD, 10);
                if read < 0 || write < 0 || libc::dup2(read, 3) < 0 || libc::dup2(write, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                libc::close(read);
                libc::close(write);
                Ok(())
            });
        }
        let child = command.spawn().expect("starting chromium");
        drop((theirs_in, theirs_out));
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(from);
            let mut message = Vec::new();
            while reader.read_until(0, &mut message).is_ok_and(|n| n > 0) {
                if message.last() == Some(&0) {
                    message.pop();
                }
                if let Ok(value) = serde_json::from_slice::<Value>(&message) {
                    if sender.send(value).is_err() {
                        break;
                    }
                }
                message.clear();
            }
        });
        let mut browser = Browser {
            child,
            to,
            from: receiver,
            next: 0,
            session: String::new(),
            events: Vec::new(),
            _profile: profile,
        };
        let target = browser.send("Target.createTarget", json!({"url": "about:blank"}), false);
        let attached = browser.send(
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
            false,
        );
        browser.session = attached["sessionId"].as_str().unwrap().to_string();
        for domain in ["Page", "Runtime", "Log", "Network"] {
            browser.call(&format!("{domain}.enable"), json!({}));
        }
        browser
    }

    /// Sends a command (to the page's session or to the browser) and
    /// returns its result; events that arrive meanwhile are kept.
    fn send(&mut self, method: &str, params: Value, to_page: bool) -> Value {
        self.next += 1;
        let id = self.next;
        let mut message = json!({"id": id, "method": method, "params": params});
        if to_page {
            message["sessionId"] = json!(self.session);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        self.to.write_all(&bytes).unwrap();
        loop {
            let value = self
                .from
                .recv_timeout(WAIT)
                .unwrap_or_else(|_| panic!("chromium did not answer {method} in {WAIT:?}"));
            if value["id"] == json!(id) {
                assert!(value.get("error").is_none(), "{method}: {}", value["error"]);
                return value["result"].clone();
            }
            self.events.push(value);
        }
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, true)
    }

    /// Waits for the page's event `method`.
    fn wait_for(&mut self, method: &str) {
        let start = Instant::now();
        while !self.events.iter().any(|e| e["method"] == method) {
            let left = WAIT.saturating_sub(start.elapsed());
            match self.from.recv_timeout(left) {
                Ok(value) => self.events.push(value),
                Err(_) => panic!("no {method} in {WAIT:?}"),
            }
        }
    }

    /// Loads `url`, waits for its load event, and returns every console
    /// error or warning, uncaught exception and failed request on the way.
    fn load(&mut self, url: &str) -> Vec<String> {
        self.events.clear();
        let navigated = self.call("Page.navigate", json!({"url": url}));
        if let Some(error) = navigated.get("errorText") {
            return vec![format!("{url} did not load: {error}")];
        }
        self.wait_for("Page.loadEventFired");
        // One more round trip: whatever the page logged before is in.
        self.eval("1");
        let mut requests = HashMap::new();
        let mut problems = Vec::new();
        for event in &self.events {
            let params = &event["params"];
            match event["method"].as_str().unwrap_or_default() {
                "Network.requestWillBeSent" => {
                    requests.insert(
                        params["requestId"].clone(),
                        params["request"]["url"].clone(),
                    );
                }
                "Network.loadingFailed" => problems.push(format!(
                    "failed request {}: {}",
                    requests.get(&params["requestId"]).unwrap_or(&Value::Null),
                    params["errorText"]
                )),
                "Runtime.exceptionThrown" => {
                    problems.push(format!("exception: {}", params["exceptionDetails"]))
                }
                "Runtime.consoleAPICalled"
                    if matches!(
                        params["type"].as_str(),
                        Some("error" | "warning" | "assert")
                    ) =>
                {
                    problems.push(format!("console {}: {}", params["type"], params["args"]))
                }
                "Log.entryAdded"
                    if matches!(params["entry"]["level"].as_str(), Some("error" | "warning")) =>
                {
                    problems.push(format!(
                        "console {}: {} ({})",
                        params["entry"]["level"], params["entry"]["text"], params["entry"]["url"]
                    ))
                }
                _ => {}
            }
        }
        problems
    }

    /// The value of a JavaScript expression in the page.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression}: {}",
            result["exceptionDetails"]
        );
        result["result"]["value"].clone()
    }

    /// A PNG of the page as a screen `width` by `height` shows it.
    fn screenshot(&mut self, width: u32, height: u32, path: &Path) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}),
        );
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}));
        let png = base64(shot["data"].as_str().unwrap());
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let shown = u32::from_be_bytes(png[16..20].try_into().unwrap());
        assert_eq!(shown, width, "the screenshot's width");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self
            .to
            .write_all(b"{\"id\":0,\"method\":\"Browser.close\",\"params\":{}}\0");
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Standard base64, as the protocol sends images.
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> = text.bytes().filter(|c| *c != b'=').map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let bits = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, d)| acc | u32::from(*d) << (18 - 6 * i));
        out.extend(&bits.to_be_bytes()[1..chunk.len()]);
    }
    out
}

/// What a page says about itself: its links, ids, headings, language, and
/// how many dates' EDTF forms broke over two lines.
const FACTS: &str = "(() => ({
  links: Array.from(document.querySelectorAll('a[href]'), a => ({
    href: new URL(a.getAttribute('href'), document.baseURI).href,
    text: a.textContent.trim()
  })),
  ids: Array.from(document.querySelectorAll('[id]'), e => e.id),
  headings: Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'), h => Number(h.tagName[1])),
  lang: document.documentElement.lang,
  brokenDates: Array.from(document.querySelectorAll('.edtf'), e => e.getClientRects().length)
    .filter(lines => lines > 1).length,
  title: document.title,
  pwned: typeof window.pwned
}))()";

fn file_url(path: &Path) -> String {
    let path = path.canonicalize().unwrap();
    let text = path.to_str().unwrap();
    assert!(
        text.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-".contains(&b)),
        "a plain path: {text}"
    );
    format!("file://{text}")
}

/// Every .html file under `dir`, as file URLs.
fn pages(dir: &Path) -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            all.extend(pages(&path));
        } else if path.extension().is_some_and(|e| e == "html") {
            all.insert(file_url(&path));
        }
    }
    all
}

/// Checks one loaded page: its language, its headings in order, its links,
/// its dates each on one line.
fn check_page(url: &str, facts: &Value, failures: &mut Vec<String>) {
    if facts["lang"] != "en" {
        failures.push(format!("{url}: lang is {}", facts["lang"]));
    }
    let headings: Vec<u64> = facts["headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_u64().unwrap())
        .collect();
    let in_order = headings.first() == Some(&1)
        && headings.iter().filter(|h| **h == 1).count() == 1
        && headings.windows(2).all(|w| w[1] <= w[0] + 1);
    if !in_order {
        failures.push(format!("{url}: headings out of order: {headings:?}"));
    }
    if facts["brokenDates"] != 0 {
        failures.push(format!(
            "{url}: {} dates broken over two lines",
            facts["brokenDates"]
        ));
    }
    for link in facts["links"].as_array().unwrap() {
        let href = link["href"].as_str().unwrap();
        if link["text"].as_str().unwrap().is_empty() {
            failures.push(format!("{url}: a link to {href} says nothing"));
        }
        if !["file:", "http:", "https:"]
            .iter()
            .any(|s| href.starts_with(s))
        {
            failures.push(format!("{url}: a link to {href}"));
        }
    }
}

/// Sums `rjkb count ENTITY --by year`: the dated rows of an entity.
fn counted(entity: &str) -> u64 {
    let rows: Value =
        serde_json::from_str(&ok(&["count", entity, "--by", "year", "--format", "json"])).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .sum()
}

fn listed(args: &[&str]) -> u64 {
    let mut all = args.to_vec();
    all.extend(["--columns", "id", "--format", "json"]);
    let rows: Value = serde_json::from_str(&ok(&all)).unwrap();
    rows.as_array().unwrap().len() as u64
}

fn disputed(table: &str, column: &str) -> u64 {
    let sql = format!(
        "SELECT count(*) AS n FROM {table} t WHERE EXISTS (SELECT 1 FROM citations c \
         WHERE c.{column} = t.id AND c.relation IN ('contradicts', 'not_confirmed'))"
    );
    let rows: Value = serde_json::from_str(&ok(&["sql", &sql, "--format", "json"])).unwrap();
    rows[0]["n"].as_u64().unwrap()
}

/// Chooses `value` in the finder's field `name` and returns how many
/// records it lists.
fn find(browser: &mut Browser, name: &str, value: &str) -> u64 {
    let script = format!(
        "(() => {{ const form = document.getElementById('finder');
           for (const field of form.elements) field.value = '';
           form.elements[{name}].value = {value};
           form.dispatchEvent(new Event('input'));
           return document.querySelectorAll('#finder-results li').length; }})()",
        name = json!(name),
        value = json!(value)
    );
    browser.eval(&script).as_u64().unwrap()
}

/// What loading one page showed: what went wrong, and its facts.
struct Loaded {
    problems: Vec<String>,
    facts: Value,
}

/// Loads every page, shared among a few browsers at once (a page takes
/// tens of milliseconds to load, mostly the browser's own work).
fn load_every_page(chromium: &Path, pages: &BTreeSet<String>) -> HashMap<String, Loaded> {
    let pages: Vec<&String> = pages.iter().collect();
    let share = pages.len().div_ceil(BROWSERS);
    std::thread::scope(|scope| {
        let workers: Vec<_> = pages
            .chunks(share.max(1))
            .map(|chunk| {
                scope.spawn(move || {
                    let mut browser = Browser::launch(chromium);
                    chunk
                        .iter()
                        .map(|url| {
                            let problems = browser.load(url);
                            let facts = browser.eval(FACTS);
                            (url.to_string(), Loaded { problems, facts })
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a browser's thread"))
            .collect()
    })
}

/// Browsers loading pages at once.
const BROWSERS: usize = 3;

#[test]
fn every_page_loads_cleanly_every_link_resolves_and_the_timeline_counts_every_record() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    support::rjkb()
        .args(["html", "--out", site.to_str().unwrap()])
        .assert()
        .success();
    let all = pages(&site);
    let loaded = load_every_page(&chromium, &all);
    let mut failures = Vec::new();
    for (url, page) in &loaded {
        failures.extend(page.problems.iter().map(|p| format!("{url}: {p}")));
        check_page(url, &page.facts, &mut failures);
    }
    // Every internal link leads to a page that loaded, and to an element
    // of it when it names one; following them from the index reaches
    // every page.
    let index = format!("{}/index.html", file_url(&site));
    let mut queue = VecDeque::from([index.clone()]);
    let mut reached = BTreeSet::from([index.clone()]);
    while let Some(url) = queue.pop_front() {
        let Some(page) = loaded.get(&url) else {
            failures.push(format!(
                "a link leads to {url}, which is not a page of the site"
            ));
            continue;
        };
        for link in page.facts["links"].as_array().unwrap() {
            let Some(local) = link["href"].as_str().unwrap().strip_prefix("file://") else {
                continue;
            };
            let (target, fragment) = local.split_once('#').unwrap_or((local, ""));
            let target = format!("file://{target}");
            let has = |page: &Loaded| {
                page.facts["ids"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|i| i == fragment)
            };
            if !fragment.is_empty() && !loaded.get(&target).is_some_and(has) {
                failures.push(format!(
                    "{url} links to {target}#{fragment}, which is not there"
                ));
            }
            if reached.insert(target.clone()) {
                queue.push_back(target);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        reached, all,
        "the pages reached from the index are every page"
    );

    let mut browser = Browser::launch(&chromium);
    browser.load(&index);
    let marks = |browser: &mut Browser, selector: &str| {
        browser
            .eval(&format!(
                "document.querySelectorAll({}).length",
                json!(selector)
            ))
            .as_u64()
            .unwrap()
    };
    assert_eq!(marks(&mut browser, "svg a.mark.event"), counted("events"));
    assert_eq!(
        marks(&mut browser, "svg a.mark.proposal"),
        counted("proposals")
    );
    assert_eq!(
        marks(&mut browser, "svg a.mark.disputed"),
        disputed("events", "event") + disputed("proposals", "proposal")
    );
    assert_eq!(marks(&mut browser, "svg a.period"), listed(&["periods"]));
    let years: u64 = ["events", "proposals", "positions", "periods", "sources"]
        .iter()
        .map(|e| listed(&[e, "--year", "1997"]))
        .sum();
    assert_eq!(find(&mut browser, "year", "1997"), years);
    let by: u64 = ["events", "proposals", "positions", "actors"]
        .iter()
        .map(|e| listed(&[e, "--by", "primakov"]))
        .sum();
    assert_eq!(find(&mut browser, "actor", "primakov"), by);
    assert!(find(&mut browser, "words", "Kawana") >= 5);
    // A title in Japanese is marked as in Japanese there too, its
    // translation after it as it is.
    let marked = browser.eval(
        "Array.from(document.querySelectorAll('#finder-results a span[lang]'),
                    s => [s.lang, s.textContent, s.parentNode.textContent])",
    );
    assert!(
        marked.as_array().unwrap().contains(&json!([
            "ja",
            "川奈首脳会談",
            "川奈首脳会談 [The Kawana summit]"
        ])),
        "{marked}"
    );
    // A name as a Russian or Japanese reader types it finds its actor by
    // an alias; a source by its author.
    let hrefs = |browser: &mut Browser| {
        browser.eval(
            "Array.from(document.querySelectorAll('#finder-results a'), a => a.getAttribute('href'))",
        )
    };
    for (words, page) in [
        ("Ельцин", "actor/yeltsin.html"),
        ("橋本", "actor/hashimoto.html"),
        ("Slaba", "source/rferl-1998-04-20.html"),
    ] {
        assert!(find(&mut browser, "words", words) >= 1, "{words}");
        let found = hrefs(&mut browser);
        assert!(
            found.as_array().unwrap().contains(&json!(page)),
            "{words}: {found}"
        );
    }

    // `RJKB_SCREENSHOTS=docs cargo test --test browser` renews the README's.
    // With scripts off the finder stays hidden, and the chronology still
    // lists every event and proposal.
    browser.call(
        "Emulation.setScriptExecutionDisabled",
        json!({"value": true}),
    );
    assert_eq!(browser.load(&index), Vec::<String>::new());
    let without = browser.eval(
        "({ ran: typeof window.rjkbIndex,
            finder: document.getElementById('finder').hidden,
            listed: document.querySelectorAll('#chronology ~ ol.records > li').length })",
    );
    assert_eq!(without["ran"], "undefined", "no script ran");
    assert_eq!(without["finder"], true);
    assert_eq!(
        without["listed"],
        json!(counted("events") + counted("proposals"))
    );
    browser.call(
        "Emulation.setScriptExecutionDisabled",
        json!({"value": false}),
    );

    let shots = std::env::var_os("RJKB_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots"));
    browser.load(&index);
    browser.screenshot(1280, 1000, &shots.join("index-1280.png"));
    let width = browser
        .eval("document.documentElement.scrollWidth")
        .as_u64()
        .unwrap();
    assert!(width <= 1280, "the index is {width} px wide at 1280");
    // The finder's fields stand in one row, of one height, labels level.
    let fields = browser.eval(
        "Array.from(document.querySelectorAll('#finder label'), l => \
           [l.getBoundingClientRect().top, l.lastElementChild.getBoundingClientRect().height])",
    );
    let fields = fields.as_array().unwrap();
    assert_eq!(fields.len(), 4, "{fields:?}");
    assert!(fields.iter().all(|f| f == &fields[0]), "{fields:?}");
    browser.screenshot(390, 844, &shots.join("index-390.png"));
    let width = browser
        .eval("document.documentElement.scrollWidth")
        .as_u64()
        .unwrap();
    assert!(
        width <= 390,
        "at phone width the page fits (the timeline scrolls in its box): {width} px"
    );
    // At phone width no listing's table scrolls sideways (its rows are
    // blocks), and no date's EDTF form breaks over two lines, in a table or
    // in a record's lists.
    let listings = support::LISTINGS;
    for page in listings
        .iter()
        .chain(&["actor/yeltsin", "period/yeltsin-era"])
    {
        browser.load(&format!("{}/{page}.html", file_url(&site)));
        let shown = browser.eval(
            "({ wider: Array.from(document.querySelectorAll('table'), \
                  t => t.parentElement.scrollWidth - t.parentElement.clientWidth), \
                broken: Array.from(document.querySelectorAll('.edtf'), \
                  e => e.getClientRects().length).filter(lines => lines > 1).length })",
        );
        assert_eq!(shown["broken"], 0, "{page}.html at 390 px breaks dates");
        let wider = shown["wider"].as_array().unwrap();
        if listings.contains(page) {
            assert!(!wider.is_empty(), "{page}.html has its table");
        }
        assert!(
            wider.iter().all(|w| w.as_i64() == Some(0)),
            "{page}.html at 390 px scrolls sideways by {wider:?} px"
        );
        if listings.contains(page) {
            // Drawn as blocks, it is still a table to a screen reader: the
            // browser's accessibility tree keeps its column headers.
            let headers = browser.eval("document.querySelectorAll('th').length");
            let tree = browser.call("Accessibility.getFullAXTree", json!({}));
            let roles = tree["nodes"].as_array().unwrap().iter();
            let named = roles
                .filter(|n| n["role"]["value"] == "columnheader")
                .count();
            assert_eq!(json!(named), headers, "{page}.html's column headers");
        }
    }
    browser.screenshot(390, 844, &shots.join("sources-390.png"));
}

#[test]
fn a_hostile_title_renders_as_text_and_runs_nothing() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let db = support::hostile_database(dir.path());
    support::rjkb()
        .args([
            "--db",
            db.to_str().unwrap(),
            "html",
            "--out",
            site.to_str().unwrap(),
        ])
        .assert()
        .success();
    let mut browser = Browser::launch(&chromium);
    let index = format!("{}/index.html", file_url(&site));
    assert_eq!(browser.load(&index), Vec::<String>::new());
    let mark = browser.eval(
        "(() => { const mark = Array.from(document.querySelectorAll('svg a.mark'))
            .find(a => a.textContent.includes('window.pwned=1'));
          return mark ? [mark.querySelector('title').textContent,
                         new URL(mark.getAttribute('href'), document.baseURI).href] : null; })()",
    );
    let title = mark[0].as_str().expect("the hostile event has its mark");
    assert!(title.contains(HOSTILE_TITLE), "{title}");
    assert!(mark[1].as_str().unwrap().starts_with(&file_url(&site)));
    assert!(find(&mut browser, "words", "pwned") >= 1);
    let listed = browser.eval("document.getElementById('finder-results').textContent");
    assert!(listed.as_str().unwrap().contains(HOSTILE_TITLE));

    let page = mark[1].as_str().unwrap().to_string();
    assert_eq!(
        browser.load(&page),
        Vec::<String>::new(),
        "no image, no script ran"
    );
    let shown = browser.eval(
        "({ h1: document.querySelector('h1').textContent,
            pwned: typeof window.pwned,
            scripts: document.scripts.length,
            images: document.images.length,
            links: Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href')),
            text: document.body.textContent })",
    );
    assert_eq!(shown["h1"], HOSTILE_TITLE);
    assert_eq!(shown["pwned"], "undefined");
    assert_eq!(shown["scripts"], 0);
    assert_eq!(shown["images"], 0);
    for url in support::HOSTILE_URLS {
        assert!(
            shown["text"].as_str().unwrap().contains(url),
            "{url} shown as text"
        );
    }
    for link in shown["links"].as_array().unwrap() {
        let link = link.as_str().unwrap();
        assert!(
            !link.contains("pwned") && (!link.contains(':') || link.starts_with("https://")),
            "a link to {link}"
        );
    }
    // The hostile source's container: text beside its title in the
    // citation, and on the source's own page, where nothing runs either.
    let cited = browser.eval(
        "(() => { const head = document.querySelector('.cite-head');
          return [head.textContent, head.querySelector('a').href]; })()",
    );
    // Once as the link's title, once as the container after it.
    assert_eq!(
        cited[0].as_str().unwrap().matches(HOSTILE_TITLE).count(),
        2,
        "{cited}"
    );
    assert_eq!(
        browser.load(cited[1].as_str().unwrap()),
        Vec::<String>::new()
    );
    let source = browser.eval(
        "({ pwned: typeof window.pwned, scripts: document.scripts.length,
            appeared: Array.from(document.querySelectorAll('dt'))
              .find(dt => dt.textContent === 'Appeared in').nextElementSibling.textContent })",
    );
    assert_eq!(source["pwned"], "undefined");
    assert_eq!(source["scripts"], 0);
    assert_eq!(source["appeared"], HOSTILE_TITLE);
}
