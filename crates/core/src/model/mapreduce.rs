//! The `mapreduce` widget's model: counting words the MapReduce way (Dean and Ghemawat, OSDI
//! 2004), with one map task whose first attempt fails and is run again.
//!
//! **Words.** The text is cut at every character that is not a letter or a digit (Unicode's
//! sense: [`char::is_alphanumeric`], so `café`, `naïve`, `東京` and `٣` are words or parts of
//! words), and each piece is lower-cased with [`str::to_lowercase`]. Cutting comes before
//! lower-casing so that a letter whose lower case carries a combining mark (`İ` becomes `i̇`)
//! never cuts its own word in two.
//!
//! **Splits.** The `n` words are dealt, in order, into `mappers` contiguous splits of nearly
//! equal size: the first `n mod mappers` splits take `⌈n / mappers⌉` words, the others
//! `⌊n / mappers⌋` ([`split_ranges`]). (A real job cuts its input into blocks of bytes, 16 to
//! 64 MB in the paper; cutting between words keeps every word whole.) A split may be empty when
//! there are more mappers than words.
//!
//! **Map.** Mapper `m` reads its split and emits one pair `(word, 1)` per word.
//!
//! **Failure.** If `fail` names mapper `m`, that mapper's first attempt dies after emitting the
//! first `⌊len / 2⌋` pairs of its split; they were on the failed worker's disk and are thrown
//! away. The master runs the task again on another worker, over the same split: because the
//! map function is deterministic, the second attempt emits exactly the pairs the first would
//! have, and reducers read only from the attempt that finished (section 3.3 of the paper). So
//! the output never depends on `fail`.
//!
//! **Shuffle.** A pair goes to reducer `FNV-1a(word) mod reducers` ([`fnv1a`]: the 32-bit
//! FNV-1a hash over the word's UTF-8 bytes, offset basis 2166136261, prime 16777619), so every
//! copy of a word meets at one reducer, whichever mapper emitted it.
//!
//! **Reduce.** Each reducer sums the ones of each of its words and writes its words in
//! code-point order (a reducer sees its keys sorted). The job's output is every reducer's
//! lines: the same word counts whatever `mappers`, `reducers` and `fail` are.
//!
//! **Combiner.** Optional in MapReduce: a mapper that adds up its own pairs before the shuffle
//! sends one pair per distinct word of its split instead of one per word
//! ([`Run::combined_pairs`]).
//!
//! Inputs are checked by [`MapReduceState::set`]; [`run`](MapReduceState::run) is total.

use std::ops::Range;

use super::query::ParamProblem;
use super::units::grouped;
use super::widget::{Table, UrlState, Widget, or_none};

/// Longest text accepted, in characters.
pub const MAX_CHARS: usize = 2_000;
/// Most mappers (map tasks).
pub const MAX_MAPPERS: u32 = 8;
/// Most reducers (reduce tasks).
pub const MAX_REDUCERS: u32 = 8;

/// Hamlet's line: 10 words, 8 distinct, `be` and `to` twice each.
pub const HAMLET: &str = "To be, or not to be, that is the question.";
/// Dickens's opening: 24 words, 10 distinct, four words four times each.
pub const DICKENS: &str =
    "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness.";

names! {
    /// The scenarios the lesson works through.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Preset {
        /// Hamlet's line over three mappers and two reducers, nothing fails.
        Hamlet = "hamlet",
        /// The same job, but mapper 2's first attempt fails and is run again.
        Failure = "failure",
        /// Dickens's opening over two mappers and three reducers: what a combiner saves.
        Dickens = "dickens",
    }
}

impl Preset {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Hamlet => "Hamlet's line, 3 mappers, 2 reducers",
            Preset::Failure => "The same, mapper 2 fails once",
            Preset::Dickens => "Dickens, 2 mappers, 3 reducers",
        }
    }

    /// The state this scenario stands for.
    pub fn state(self) -> MapReduceState {
        let hamlet = MapReduceState::default();
        match self {
            Preset::Hamlet => hamlet,
            Preset::Failure => MapReduceState { fail: Some(2), ..hamlet },
            Preset::Dickens => MapReduceState { text: DICKENS.to_string(), mappers: 2, reducers: 3, fail: None },
        }
    }
}

/// The whole state of the widget; it round-trips through a URL query.
#[derive(Clone, Debug, PartialEq)]
pub struct MapReduceState {
    /// The input, at most [`MAX_CHARS`] characters (key `text`).
    pub text: String,
    /// Map tasks, 1 to [`MAX_MAPPERS`] (key `mappers`).
    pub mappers: u32,
    /// Reduce tasks, 1 to [`MAX_REDUCERS`] (key `reducers`).
    pub reducers: u32,
    /// The mapper (from 1) whose first attempt fails, or none (key `fail`: a number or `none`).
    pub fail: Option<u32>,
}

impl Default for MapReduceState {
    /// Hamlet's line, 3 mappers, 2 reducers, no failure.
    fn default() -> Self {
        MapReduceState { text: HAMLET.to_string(), mappers: 3, reducers: 2, fail: None }
    }
}

/// One map task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapTask {
    /// The words of its split: indexes into [`Run::words`].
    pub split: Range<usize>,
    /// Pairs its failed first attempt emitted before dying (and that were thrown away), if its
    /// first attempt failed.
    pub lost: Option<usize>,
    /// Pairs it sent to each reducer (from the attempt that finished): `to[r]`.
    pub to: Vec<usize>,
    /// Distinct words of its split: the pairs it would send with a combiner.
    pub distinct: usize,
}

/// One reduce task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReduceTask {
    /// Its words and their counts, in code-point order.
    pub counts: Vec<(String, u64)>,
}

impl ReduceTask {
    /// Pairs it received.
    pub fn pairs(&self) -> u64 {
        self.counts.iter().map(|(_, c)| c).sum()
    }
}

/// Everything the widget shows at one state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// The words, in text order.
    pub words: Vec<String>,
    /// The map tasks, mapper 1 first.
    pub maps: Vec<MapTask>,
    /// The reduce tasks, reducer 1 first.
    pub reduces: Vec<ReduceTask>,
}

impl Run {
    /// Pairs the map phase emitted (from the attempts that finished): one per word.
    pub fn pairs(&self) -> usize {
        self.maps.iter().map(|m| m.to.iter().sum::<usize>()).sum()
    }

    /// Distinct words: the output's lines.
    pub fn keys(&self) -> usize {
        self.reduces.iter().map(|r| r.counts.len()).sum()
    }

    /// The most frequent word and its count, the first in code-point order on a tie; none
    /// without words.
    pub fn top(&self) -> Option<(&str, u64)> {
        let mut best: Option<(&str, u64)> = None;
        for (word, count) in self.reduces.iter().flat_map(|r| &r.counts) {
            let better = match best {
                None => true,
                Some((w, c)) => *count > c || (*count == c && word.as_str() < w),
            };
            if better {
                best = Some((word, *count));
            }
        }
        best
    }

    /// `word:count` of [`Run::top`], or empty.
    pub fn top_text(&self) -> String {
        self.top().map(|(w, c)| format!("{w}:{c}")).unwrap_or_default()
    }

    /// Pairs sent over the network with a combiner: one per distinct word of each split.
    pub fn combined_pairs(&self) -> usize {
        self.maps.iter().map(|m| m.distinct).sum()
    }

    /// Pairs thrown away with a failed attempt.
    pub fn lost_pairs(&self) -> usize {
        self.maps.iter().filter_map(|m| m.lost).sum()
    }

    /// The whole output, in code-point order.
    pub fn output(&self) -> Vec<(String, u64)> {
        let mut all: Vec<(String, u64)> = self.reduces.iter().flat_map(|r| r.counts.iter().cloned()).collect();
        all.sort();
        all
    }
}

/// The words of a text: runs of letters and digits, each lower-cased.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// The 32-bit FNV-1a hash of `bytes` (Fowler, Noll and Vo).
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &b in bytes {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// The reducer (from 0) of `word` among `reducers`.
pub fn reducer_of(word: &str, reducers: u32) -> usize {
    (fnv1a(word.as_bytes()) % reducers.max(1)) as usize
}

/// `n` words cut into `parts` contiguous ranges: the first `n mod parts` of `⌈n/parts⌉`
/// words, the rest of `⌊n/parts⌋`.
pub fn split_ranges(n: usize, parts: usize) -> Vec<Range<usize>> {
    let parts = parts.max(1);
    let (base, extra) = (n / parts, n % parts);
    let mut start = 0;
    (0..parts)
        .map(|i| {
            let len = base + usize::from(i < extra);
            let r = start..start + len;
            start += len;
            r
        })
        .collect()
}

impl MapReduceState {
    /// The failing mapper (from 1), if it is one of the mappers.
    pub fn failing(&self) -> Option<u32> {
        self.fail.filter(|&f| (1..=self.mappers).contains(&f))
    }

    /// The job, run (total: out-of-range values are clamped).
    pub fn run(&self) -> Run {
        let words = words(&self.text);
        let mappers = self.mappers.clamp(1, MAX_MAPPERS) as usize;
        let reducers = self.reducers.clamp(1, MAX_REDUCERS);
        let failing = self.failing().map(|f| f as usize - 1);
        let mut buckets: Vec<Vec<(String, u64)>> = vec![Vec::new(); reducers as usize];
        let mut maps = Vec::with_capacity(mappers);
        for (m, split) in split_ranges(words.len(), mappers).into_iter().enumerate() {
            let mut to = vec![0; reducers as usize];
            let mut seen: Vec<&str> = words[split.clone()].iter().map(String::as_str).collect();
            seen.sort_unstable();
            seen.dedup();
            for word in &words[split.clone()] {
                let r = reducer_of(word, reducers);
                to[r] += 1;
                buckets[r].push((word.clone(), 1));
            }
            let lost = (failing == Some(m)).then_some(split.len() / 2);
            maps.push(MapTask { split, lost, to, distinct: seen.len() });
        }
        let reduces = buckets
            .into_iter()
            .map(|mut pairs| {
                pairs.sort();
                let mut counts: Vec<(String, u64)> = Vec::new();
                for (word, one) in pairs {
                    match counts.last_mut() {
                        Some((w, c)) if *w == word => *c += one,
                        _ => counts.push((word, one)),
                    }
                }
                ReduceTask { counts }
            })
            .collect();
        Run { words, maps, reduces }
    }
}

/// A whole count within `[lo, hi]`.
fn whole(text: &str, lo: u32, hi: u32, what: &str) -> Result<u32, String> {
    let t = text.trim();
    match t.parse::<u32>() {
        Ok(v) if (lo..=hi).contains(&v) => Ok(v),
        _ => Err(format!("{what} must be a whole number from {lo} to {hi}")),
    }
}

impl UrlState for MapReduceState {
    const KEYS: &'static [&'static str] = &["preset", "text", "mappers", "reducers", "fail"];
    /// The mappers first: the failing mapper must be one of them.
    const FIRST: &'static [&'static str] = &["mappers"];

    /// Sets one field. The text takes up to [`MAX_CHARS`] characters of anything; `fail` takes
    /// a mapper's number (from 1 to `mappers`) or `none`.
    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "text" => {
                let n = value.chars().count();
                if n > MAX_CHARS {
                    return Err(format!("the text may hold at most {} characters (this one has {})", grouped(MAX_CHARS as f64), grouped(n as f64)));
                }
                self.text = value.to_string();
            }
            "mappers" => self.mappers = whole(value, 1, MAX_MAPPERS, "the number of mappers")?,
            "reducers" => self.reducers = whole(value, 1, MAX_REDUCERS, "the number of reducers")?,
            "fail" => {
                let t = value.trim();
                self.fail = if t.is_empty() || t.eq_ignore_ascii_case("none") || t == "0" {
                    None
                } else {
                    Some(whole(t, 1, self.mappers, "the failing mapper (or none)")?)
                }
            }
            _ => return Err(format!("unknown setting; this widget reads {}", Self::KEYS.join(", "))),
        }
        Ok(())
    }

    fn get(&self, key: &str) -> String {
        match key {
            "preset" => self.named().unwrap_or_default().to_string(),
            "text" => self.text.clone(),
            "mappers" => self.mappers.to_string(),
            "reducers" => self.reducers.to_string(),
            "fail" => or_none(self.fail),
            _ => String::new(),
        }
    }

    /// A failing mapper beyond the mappers (a scenario's, after fewer mappers were asked for)
    /// is dropped, and said.
    fn settle(&mut self, problems: &mut Vec<ParamProblem>) {
        if let Some(f) = self.fail.filter(|&f| f > self.mappers) {
            self.fail = None;
            problems.push(ParamProblem {
                key: "fail".into(),
                message: format!("there is no mapper {f} among {} mappers; no mapper fails", self.mappers),
            });
        }
    }

    crate::scenarios!(Preset);
}

impl Widget for MapReduceState {
    const ID: &'static str = "mapreduce";
    const TITLE: &'static str = "MapReduce word count";
    const BLURB: &'static str = "Count words the MapReduce way: split a text over mappers, shuffle the pairs to reducers by a hash of the word, fail a map task and watch the re-run give the same counts.";

    /// Every task's share of the work: each mapper's split and the pairs it emitted, each
    /// reducer's distinct words and the pairs it received. (The words themselves are the
    /// learner's text; the live widget lists them, reducer by reducer.)
    fn twin(&self) -> Option<Table> {
        let run = self.run();
        let mut rows: Vec<Vec<String>> = run
            .maps
            .iter()
            .enumerate()
            .map(|(m, t)| {
                let task = match t.lost {
                    Some(lost) => format!("Mapper {} (attempt 2; attempt 1 failed, {} thrown away)", m + 1, plural(lost, "pair")),
                    None => format!("Mapper {}", m + 1),
                };
                vec![task, span(&t.split), t.split.len().to_string()]
            })
            .collect();
        rows.extend(run.reduces.iter().enumerate().map(|(r, t)| {
            vec![format!("Reducer {}", r + 1), format!("{} distinct", t.counts.len()), t.pairs().to_string()]
        }));
        Some(Table {
            caption: format!(
                "{} over {} and {}: {}, {}; with a combiner, {} would cross the network",
                plural(run.words.len(), "word"),
                plural(self.mappers as usize, "mapper"),
                plural(self.reducers as usize, "reducer"),
                plural(run.pairs(), "pair"),
                plural(run.keys(), "distinct word"),
                plural(run.combined_pairs(), "pair")
            ),
            head: vec!["Task".into(), "Words".into(), "Pairs".into()],
            rows,
        })
    }
}

/// "1 pair", "3 pairs" (thousands grouped).
pub fn plural(n: usize, what: &str) -> String {
    format!("{} {what}{}", grouped(n as f64), if n == 1 { "" } else { "s" })
}

/// A split's words for people, from 1: "words 1–4", "word 5", "no words".
pub fn span(split: &Range<usize>) -> String {
    match split.len() {
        0 => "no words".to_string(),
        1 => format!("word {}", split.start + 1),
        _ => format!("words {}–{}", split.start + 1, split.end),
    }
}

#[cfg(test)]
mod tests;
