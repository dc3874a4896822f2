//! A learner's progress, kept in this browser's local storage and nowhere else: the lessons
//! opened and marked done, each self-check's result, and where reading stopped. Value in,
//! value out: the app reads and writes the strings; this module decides what they mean.
//!
//! - [`Progress`]: the record, its changes ([`Progress::open`], [`Progress::set_done`],
//!   [`Progress::record`], [`Progress::set_position`]) and [`Progress::merge`];
//! - the export format ([`Progress::to_json`], [`Progress::from_json`]): one JSON object,
//!   `{"format": "tradeoffs-progress", "version": 1, "opened": [...], "done": [...],
//!   "checks": {"<lesson>": {"<check id>": "right" | "wrong"}}, "last": {"lesson", "heading",
//!   "title", "offset"}}`;
//! - local storage ([`Progress::to_storage`], [`Progress::from_storage`]): the lessons opened
//!   stay a comma list under [`READ_KEY`], as they always were (existing learners keep their
//!   marks), and everything else is the export format without `opened` under [`PROGRESS_KEY`].
//!
//! **Hostile input.** A file or a stored value may hold anything. What is not this format at
//! all (more than [`MAX_BYTES`], not JSON, not an object naming the format, another version) is
//! refused as a whole with an [`ImportError`], the only case where nothing is kept; inside a
//! readable object, every entry that is not valid (a lesson name that is not a slug, a
//! self-check id that is not one, an unknown outcome, a position outside its lesson) is
//! skipped and counted, and the rest is kept. The site's script (`tools/site-script.js`)
//! resets a stored value with a notice by the same whole-value rule (size, JSON, object,
//! format, version); the entries are this module's to check. Nothing here panics.
//!
//! The lists are sorted `Vec`s rather than B-tree sets and maps: this code runs in the app's
//! shell, where each B-tree type would bring kilobytes of its own code.

use std::fmt::Write as _;

/// The local-storage key of the lessons opened (a comma list; older than this module).
pub const READ_KEY: &str = "tradeoffs.read";
/// The local-storage key of the rest of the progress (the export format without `opened`).
pub const PROGRESS_KEY: &str = "tradeoffs.progress";
/// The `format` field of an export.
pub const FORMAT: &str = "tradeoffs-progress";
/// The format's version; a file of another version is refused with a sentence.
pub const VERSION: u32 = 1;
/// The largest file or stored value read (bytes of UTF-8).
pub const MAX_BYTES: usize = 1_000_000;
/// At most this many lessons in each list (the course has fewer than a hundred).
pub const MAX_LESSONS: usize = 1_000;
/// At most this many self-check results per lesson.
pub const MAX_CHECKS: usize = 100;
/// The longest heading title kept for the "Continue" link, in characters.
pub const MAX_TITLE: usize = 200;
/// Nesting deeper than this is not a progress file (ours is three levels deep).
const MAX_DEPTH: usize = 64;

/// A self-check's result on the learner's first try (since the last "Try again").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// The first answer was wrong.
    Wrong,
    /// The first answer was right.
    Right,
}

impl Outcome {
    /// Its name in the export format.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Wrong => "wrong",
            Outcome::Right => "right",
        }
    }

    /// The outcome a name stands for.
    pub fn from_name(name: &str) -> Option<Outcome> {
        match name {
            "wrong" => Some(Outcome::Wrong),
            "right" => Some(Outcome::Right),
            _ => None,
        }
    }
}

/// Where the learner stopped reading: a lesson, the heading above the top of the screen (its
/// id; empty for the lesson's start) with its title for the "Continue" link, and how far
/// between that heading and the next one (0 to 1), so that a different window size still
/// lands in the same passage.
#[derive(Clone, Debug, PartialEq)]
pub struct Position {
    /// The lesson's slug.
    pub lesson: String,
    /// The heading's id, `[a-z0-9-]`, or empty for the lesson's start.
    pub heading: String,
    /// The heading's text (for the landing page's link), at most [`MAX_TITLE`] characters.
    pub title: String,
    /// From the heading (0) to the next one (1).
    pub offset: f64,
}

impl Position {
    /// A position, made valid: the title cleaned and clipped, the offset within 0 to 1
    /// (rounded to 1/10,000). `None` when the lesson or heading is not a valid name.
    pub fn new(lesson: &str, heading: &str, title: &str, offset: f64) -> Option<Position> {
        if !is_slug(lesson) || !is_anchor(heading) {
            return None;
        }
        let offset = if offset.is_finite() { (offset.clamp(0.0, 1.0) * 10_000.0).round() / 10_000.0 } else { 0.0 };
        Some(Position { lesson: lesson.to_string(), heading: heading.to_string(), title: clean_title(title), offset })
    }
}

/// Whitespace runs become one space, control characters go, at most [`MAX_TITLE`] characters.
fn clean_title(text: &str) -> String {
    let words: Vec<&str> =
        text.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()).collect();
    words.join(" ").chars().take(MAX_TITLE).collect()
}

/// A lesson's name as the site writes it: 1 to 100 of `a-z`, `0-9`, `-`.
pub fn is_slug(text: &str) -> bool {
    (1..=100).contains(&text.len()) && is_anchor(text)
}

/// A heading id as the site writes it: up to 200 of `a-z`, `0-9`, `-` (empty: the start).
fn is_anchor(text: &str) -> bool {
    text.len() <= 200 && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A self-check's id: its number in the lesson (from 1) and a hash of its question, so that a
/// result recorded before a lesson was edited is not shown against another question:
/// `2-0a1b2c3d`. The page renderer writes it on each self-check (`data-check`).
pub fn check_id(n: usize, question: &str) -> String {
    // FNV-1a, 32 bits: short, stable across builds and platforms.
    let mut hash: u32 = 0x811c_9dc5;
    for b in question.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("{n}-{hash:08x}")
}

/// Whether `text` is a self-check id as [`check_id`] writes it.
pub fn is_check_id(text: &str) -> bool {
    let Some((n, hash)) = text.split_once('-') else { return false };
    (1..=4).contains(&n.len())
        && n.bytes().all(|b| b.is_ascii_digit())
        && !n.starts_with('0')
        && hash.len() == 8
        && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Why a file or stored value was not read at all: a sentence for the learner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// More than [`MAX_BYTES`].
    TooLarge,
    /// Not text, or not JSON.
    NotJson,
    /// JSON, but not an object naming this format.
    NotProgress,
    /// This format, another version (a newer site wrote it).
    Version(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::TooLarge => {
                write!(f, "This file is too large to be a progress file (a progress file is a few kilobytes).")
            }
            ImportError::NotJson | ImportError::NotProgress => {
                write!(
                    f,
                    "This file is not a Tradeoffs progress file. Choose the tradeoffs-progress.json file that Export saved."
                )
            }
            ImportError::Version(v) => write!(
                f,
                "This progress file is in a format this version of the site cannot read (version {v}); nothing was changed."
            ),
        }
    }
}

/// A file or stored value read: the progress, and how many entries in it were skipped as
/// unreadable.
#[derive(Clone, Debug, PartialEq)]
pub struct Read {
    /// What could be read.
    pub progress: Progress,
    /// Entries skipped.
    pub skipped: usize,
}

/// A lesson's self-check results, sorted by check id.
pub type Results = Vec<(String, Outcome)>;

/// A learner's progress. Every list is sorted and without repeats (the methods keep it so).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    /// Lessons opened.
    pub opened: Vec<String>,
    /// Lessons marked done.
    pub done: Vec<String>,
    /// Self-check results by lesson, sorted by lesson.
    pub checks: Vec<(String, Results)>,
    /// Where reading stopped.
    pub last: Option<Position>,
}

/// Where `key` is in a list sorted by `name`: `Ok(index)` or `Err(index to insert at)`.
fn find<T>(list: &[T], key: &str, name: impl Fn(&T) -> &str) -> Result<usize, usize> {
    list.binary_search_by(|x| name(x).cmp(key))
}

/// Adds `s` to a sorted list of at most [`MAX_LESSONS`]; `false` when it was there or full.
fn add(list: &mut Vec<String>, s: &str) -> bool {
    match find(list, s, String::as_str) {
        Err(i) if list.len() < MAX_LESSONS => {
            list.insert(i, s.to_string());
            true
        }
        _ => false,
    }
}

impl Progress {
    /// Nothing recorded.
    pub fn is_empty(&self) -> bool {
        self.opened.is_empty() && self.done.is_empty() && self.checks.is_empty() && self.last.is_none()
    }

    /// Notes a lesson opened; `false` when it already was (or is not a lesson's name).
    pub fn open(&mut self, lesson: &str) -> bool {
        is_slug(lesson) && add(&mut self.opened, lesson)
    }

    /// Marks a lesson done, or not.
    pub fn set_done(&mut self, lesson: &str, done: bool) {
        if !done {
            if let Ok(i) = find(&self.done, lesson, String::as_str) {
                self.done.remove(i);
            }
        } else if is_slug(lesson) {
            add(&mut self.done, lesson);
        }
    }

    /// Whether a lesson is marked done.
    pub fn is_done(&self, lesson: &str) -> bool {
        find(&self.done, lesson, String::as_str).is_ok()
    }

    /// Whether a lesson was opened.
    pub fn is_opened(&self, lesson: &str) -> bool {
        find(&self.opened, lesson, String::as_str).is_ok()
    }

    /// A lesson's self-check results.
    pub fn results(&self, lesson: &str) -> Option<&Results> {
        find(&self.checks, lesson, |(l, _)| l).ok().map(|i| &self.checks[i].1)
    }

    /// Records a self-check's outcome (replacing an earlier one).
    pub fn record(&mut self, lesson: &str, check: &str, outcome: Outcome) {
        self.try_record(lesson, check, outcome);
    }

    /// [`Progress::record`], saying whether it was kept (`false`: not valid, or no room).
    fn try_record(&mut self, lesson: &str, check: &str, outcome: Outcome) -> bool {
        if !is_slug(lesson) || !is_check_id(check) {
            return false;
        }
        let at = match find(&self.checks, lesson, |(l, _)| l) {
            Ok(i) => i,
            Err(i) if self.checks.len() < MAX_LESSONS => {
                self.checks.insert(i, (lesson.to_string(), Vec::new()));
                i
            }
            Err(_) => return false,
        };
        let results = &mut self.checks[at].1;
        match find(results, check, |(c, _)| c) {
            Ok(j) => results[j].1 = outcome,
            Err(j) if results.len() < MAX_CHECKS => results.insert(j, (check.to_string(), outcome)),
            Err(_) => {
                if results.is_empty() {
                    self.checks.remove(at);
                }
                return false;
            }
        }
        true
    }

    /// A self-check's recorded outcome.
    pub fn outcome(&self, lesson: &str, check: &str) -> Option<Outcome> {
        let results = self.results(lesson)?;
        find(results, check, |(c, _)| c).ok().map(|j| results[j].1)
    }

    /// How many of `checks` (a lesson's self-check ids, as its page has them) were answered
    /// right on the first try, and how many answered at all. Results recorded against
    /// questions the lesson no longer has are not counted.
    pub fn score<'a>(&self, lesson: &str, checks: impl IntoIterator<Item = &'a str>) -> (usize, usize) {
        let (mut right, mut answered) = (0, 0);
        for id in checks {
            match self.outcome(lesson, id) {
                Some(Outcome::Right) => (right, answered) = (right + 1, answered + 1),
                Some(Outcome::Wrong) => answered += 1,
                None => {}
            }
        }
        (right, answered)
    }

    /// How many self-checks of a lesson were answered right on the first try, and how many
    /// answered, counting every result kept (see [`Progress::prune`]).
    pub fn tally(&self, lesson: &str) -> (usize, usize) {
        let Some(results) = self.results(lesson) else { return (0, 0) };
        (results.iter().filter(|(_, o)| *o == Outcome::Right).count(), results.len())
    }

    /// Forgets a lesson's results for self-checks it no longer has (`checks`: the ids on its
    /// page, which an edit of the lesson changes). Returns whether anything was forgotten.
    pub fn prune<'a>(&mut self, lesson: &str, checks: impl IntoIterator<Item = &'a str>) -> bool {
        let Ok(at) = find(&self.checks, lesson, |(l, _)| l) else { return false };
        let keep: Vec<&str> = checks.into_iter().collect();
        let results = &mut self.checks[at].1;
        let before = results.len();
        results.retain(|(id, _)| keep.contains(&id.as_str()));
        let changed = results.len() != before;
        if results.is_empty() {
            self.checks.remove(at);
        }
        changed
    }

    /// Remembers where reading stopped.
    pub fn set_position(&mut self, position: Position) {
        self.last = Some(position);
    }

    /// Takes in another record (an imported file): lessons opened and done are the union; a
    /// self-check answered in both keeps "right" if either was right; the position read
    /// `other`'s when it has one (the file is the newer reading, or the learner would not bring
    /// it in). The lists stay within their limits.
    pub fn merge(&mut self, other: Progress) {
        for lesson in other.opened {
            self.open(&lesson);
        }
        for lesson in other.done {
            self.set_done(&lesson, true);
        }
        for (lesson, results) in other.checks {
            for (check, outcome) in results {
                let best = self.outcome(&lesson, &check).map_or(outcome, |o| o.max(outcome));
                self.record(&lesson, &check, best);
            }
        }
        if other.last.is_some() {
            self.last = other.last;
        }
    }

    /// The export file: the whole record as JSON, one entry per line.
    pub fn to_json(&self) -> String {
        self.json(true)
    }

    fn json(&self, with_opened: bool) -> String {
        let mut out = String::with_capacity(256);
        let _ = write!(out, "{{\n  \"format\": \"{FORMAT}\",\n  \"version\": {VERSION}");
        let list = |out: &mut String, name: &str, set: &[String]| {
            let _ = write!(out, ",\n  \"{name}\": [");
            for (i, s) in set.iter().enumerate() {
                out.push_str(if i == 0 { "" } else { ", " });
                quote(out, s);
            }
            out.push(']');
        };
        if with_opened {
            list(&mut out, "opened", &self.opened);
        }
        list(&mut out, "done", &self.done);
        out.push_str(",\n  \"checks\": {");
        for (i, (lesson, results)) in self.checks.iter().enumerate() {
            out.push_str(if i == 0 { "\n    " } else { ",\n    " });
            quote(&mut out, lesson);
            out.push_str(": {");
            for (j, (check, outcome)) in results.iter().enumerate() {
                out.push_str(if j == 0 { "" } else { ", " });
                quote(&mut out, check);
                let _ = write!(out, ": \"{}\"", outcome.name());
            }
            out.push('}');
        }
        out.push_str(if self.checks.is_empty() { "}" } else { "\n  }" });
        if let Some(p) = &self.last {
            out.push_str(",\n  \"last\": {\"lesson\": ");
            quote(&mut out, &p.lesson);
            out.push_str(", \"heading\": ");
            quote(&mut out, &p.heading);
            out.push_str(", \"title\": ");
            quote(&mut out, &p.title);
            out.push_str(", \"offset\": ");
            out.push_str(&offset_text(p.offset));
            out.push('}');
        }
        out.push_str("\n}\n");
        out
    }

    /// Reads an export file (any bytes): the progress and the entries skipped, or why the
    /// file is not one at all.
    pub fn from_bytes(bytes: &[u8]) -> Result<Read, ImportError> {
        if bytes.len() > MAX_BYTES {
            return Err(ImportError::TooLarge);
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = std::str::from_utf8(bytes).map_err(|_| ImportError::NotJson)?;
        Progress::from_json(text)
    }

    /// Reads the export format from text.
    pub fn from_json(text: &str) -> Result<Read, ImportError> {
        if text.len() > MAX_BYTES {
            return Err(ImportError::TooLarge);
        }
        let value = Parser { bytes: text.as_bytes(), at: 0 }.document().ok_or(ImportError::NotJson)?;
        let Json::Object(fields) = value else { return Err(ImportError::NotProgress) };
        let field = |name: &str| fields.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v);
        match field("format") {
            Some(Json::String(f)) if f == FORMAT => {}
            _ => return Err(ImportError::NotProgress),
        }
        match field("version") {
            Some(Json::Number(v, _)) if *v == f64::from(VERSION) => {}
            Some(Json::Number(_, text)) => return Err(ImportError::Version(text.chars().take(20).collect())),
            _ => return Err(ImportError::NotProgress),
        }
        let mut p = Progress::default();
        let mut skipped = 0;
        p.opened = lessons(field("opened"), &mut skipped);
        p.done = lessons(field("done"), &mut skipped);
        match field("checks") {
            None => {}
            Some(Json::Object(lessons)) => {
                for (lesson, results) in lessons {
                    let Json::Object(results) = results else {
                        skipped += 1;
                        continue;
                    };
                    for (check, outcome) in results {
                        let kept = match outcome {
                            Json::String(o) => Outcome::from_name(o).is_some_and(|o| p.try_record(lesson, check, o)),
                            _ => false,
                        };
                        skipped += usize::from(!kept);
                    }
                }
            }
            Some(_) => skipped += 1,
        }
        match field("last") {
            None | Some(Json::Null) => {}
            Some(Json::Object(at)) => {
                let get = |name: &str| at.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v);
                let text = |name: &str| match get(name) {
                    Some(Json::String(s)) => Some(s.as_str()),
                    None => Some(""),
                    _ => None,
                };
                let offset = match get("offset") {
                    Some(Json::Number(n, _)) if (0.0..=1.0).contains(n) => Some(*n),
                    None => Some(0.0),
                    _ => None,
                };
                match (text("lesson"), text("heading"), text("title"), offset) {
                    (Some(lesson), Some(heading), Some(title), Some(offset)) => {
                        match Position::new(lesson, heading, title, offset) {
                            Some(position) => p.last = Some(position),
                            None => skipped += 1,
                        }
                    }
                    _ => skipped += 1,
                }
            }
            Some(_) => skipped += 1,
        }
        Ok(Read { progress: p, skipped })
    }

    /// What local storage holds: the lessons opened as a comma list (for [`READ_KEY`]) and the
    /// rest in the export format (for [`PROGRESS_KEY`]).
    pub fn to_storage(&self) -> (String, String) {
        (self.opened.join(","), self.json(false))
    }

    /// The progress local storage holds (either key may be missing). A stored value that
    /// cannot be read counts as empty: the site's script has reset it with a notice before
    /// the app starts; entries that cannot be read are dropped.
    pub fn from_storage(read: Option<&str>, progress: Option<&str>) -> Progress {
        let mut p = progress.and_then(|text| Progress::from_json(text).ok()).map(|r| r.progress).unwrap_or_default();
        p.opened.clear();
        for lesson in read.unwrap_or_default().split(',') {
            p.open(lesson);
        }
        p
    }
}

/// An offset from 0 to 1 in ten-thousandths as JSON (`0`, `0.25`, `1`), without the float
/// printer: this code runs in the app's shell, which has no other use for it.
fn offset_text(offset: f64) -> String {
    let n = (offset.clamp(0.0, 1.0) * 10_000.0).round() as u32;
    if n.is_multiple_of(10_000) {
        return (n / 10_000).to_string();
    }
    let digits = format!("{n:04}");
    format!("0.{}", digits.trim_end_matches('0'))
}

/// A list of lessons: the valid names, up to [`MAX_LESSONS`]; the rest counted as skipped.
fn lessons(value: Option<&Json>, skipped: &mut usize) -> Vec<String> {
    let mut set = Vec::new();
    match value {
        None => {}
        Some(Json::Array(items)) => {
            for item in items {
                match item {
                    Json::String(s) if is_slug(s) && (add(&mut set, s) || find(&set, s, String::as_str).is_ok()) => {}
                    _ => *skipped += 1,
                }
            }
        }
        Some(_) => *skipped += 1,
    }
    set
}

/// Appends `text` as a JSON string.
fn quote(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON value, as far as this format needs one.
#[derive(Clone, Debug, PartialEq)]
enum Json {
    Null,
    Bool,
    /// Its value, and its text as written (for a message).
    Number(f64, String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// A strict JSON parser (RFC 8259, as `JSON.parse` reads it, but at most [`MAX_DEPTH`] deep;
/// a lone surrogate escape reads as U+FFFD).
struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn document(mut self) -> Option<Json> {
        let value = self.value(0)?;
        self.space();
        (self.at == self.bytes.len()).then_some(value)
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn eat(&mut self, word: &[u8]) -> bool {
        let ok = self.bytes.get(self.at..).is_some_and(|rest| rest.starts_with(word));
        if ok {
            self.at += word.len();
        }
        ok
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.space();
        match *self.bytes.get(self.at)? {
            b'n' => self.eat(b"null").then_some(Json::Null),
            b't' => self.eat(b"true").then_some(Json::Bool),
            b'f' => self.eat(b"false").then_some(Json::Bool),
            b'"' => self.string().map(Json::String),
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                self.space();
                if self.eat(b"]") {
                    return Some(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.space();
                    if self.eat(b"]") {
                        return Some(Json::Array(items));
                    }
                    if !self.eat(b",") {
                        return None;
                    }
                }
            }
            b'{' => {
                self.at += 1;
                let mut fields = Vec::new();
                self.space();
                if self.eat(b"}") {
                    return Some(Json::Object(fields));
                }
                loop {
                    self.space();
                    if self.bytes.get(self.at) != Some(&b'"') {
                        return None;
                    }
                    let key = self.string()?;
                    self.space();
                    if !self.eat(b":") {
                        return None;
                    }
                    fields.push((key, self.value(depth + 1)?));
                    self.space();
                    if self.eat(b"}") {
                        return Some(Json::Object(fields));
                    }
                    if !self.eat(b",") {
                        return None;
                    }
                }
            }
            _ => {
                let start = self.at;
                let value = self.number()?;
                let text = std::str::from_utf8(&self.bytes[start..self.at]).ok()?.to_string();
                Some(Json::Number(value, text))
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Option<f64> {
        let start = self.at;
        self.eat(b"-");
        if !self.eat(b"0") && self.digits() == 0 {
            return None;
        }
        if self.eat(b".") && self.digits() == 0 {
            return None;
        }
        if self.eat(b"e") || self.eat(b"E") {
            let _ = self.eat(b"+") || self.eat(b"-");
            if self.digits() == 0 {
                return None;
            }
        }
        std::str::from_utf8(&self.bytes[start..self.at]).ok()?.parse().ok()
    }

    fn hex4(&mut self) -> Option<u32> {
        let text = std::str::from_utf8(self.bytes.get(self.at..self.at + 4)?).ok()?;
        if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u32::from_str_radix(text, 16).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.at += 1; // The opening quote.
        let mut out = String::new();
        loop {
            let start = self.at;
            while let Some(&b) = self.bytes.get(self.at) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // The input is a &str and we stopped at an ASCII byte: a character boundary.
            out.push_str(std::str::from_utf8(&self.bytes[start..self.at]).ok()?);
            match *self.bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.at += 1;
                    let escaped = *self.bytes.get(self.at)?;
                    self.at += 1;
                    let c = match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let unit = self.hex4()?;
                            if (0xD800..0xDC00).contains(&unit) && self.bytes.get(self.at..self.at + 2) == Some(b"\\u")
                            {
                                let back = self.at;
                                self.at += 2;
                                match self.hex4()? {
                                    low @ 0xDC00..0xE000 => {
                                        char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                                            .unwrap_or('\u{FFFD}')
                                    }
                                    _ => {
                                        self.at = back;
                                        '\u{FFFD}'
                                    }
                                }
                            } else {
                                char::from_u32(unit).unwrap_or('\u{FFFD}')
                            }
                        }
                        _ => return None,
                    };
                    out.push(c);
                }
                _ => return None, // A raw control character.
            }
        }
    }
}

#[cfg(test)]
mod tests;
