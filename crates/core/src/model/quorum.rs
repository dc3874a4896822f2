//! The `quorum` widget's model: N replicas of one value, writes that wait for W of them, reads
//! that wait for R, replication lag, and replicas that are down.
//!
//! **The timing model** (a deterministic run; [`TIMING`] says it in one sentence for people):
//! - [`OPS`] operations (40), one every [`STEP_MS`] (10 ms): operation `i` (from 0) starts at
//!   `10 × i` ms, writes and reads taking turns (even `i` a write, odd `i` a read), so the run
//!   lasts 400 ms.
//! - **Down replicas** are down for the whole run: they never answer and never receive
//!   anything. The others are **up**.
//! - **Which replicas answer.** For every operation the seed draws an order of all N replicas
//!   (a Fisher–Yates shuffle from the project's SplitMix64 generator, [`Rng`]); the operation
//!   takes the first W (write) or R (read) replicas of that order that are up: those are the
//!   replicas it *touched*. The order does not depend on W, R, the lag or which replicas are
//!   down, so raising W touches one more replica of the same order.
//! - **A write** with at least W replicas up gets the next version (1, 2, …; every replica
//!   starts with version 0). The W replicas it touched store it at once and it is
//!   **acknowledged** then; every other up replica receives it `lag` ms later (a copy arriving
//!   at the same millisecond as a read is seen by that read). With fewer than W replicas up
//!   the write **fails**: the coordinator knows which replicas are down and stores nothing.
//! - **A read** with at least R replicas up asks the R replicas it touched and returns the
//!   newest version among their answers. It is **stale** when a newer version had already been
//!   acknowledged. With fewer than R replicas up the read fails.
//!
//! **Why R + W > N removes stale reads.** A write is acknowledged only once W replicas hold it,
//! and a later read hears from R; when R + W > N the two sets share at least R + W − N
//! replicas (there are only N), so some answer is at least that new. With R + W ≤ N two such
//! sets can miss each other, and a read is stale whenever its replicas are all ones that the
//! newest write has not reached yet (the lag decides how long that lasts).
//!
//! **What the replicas survive:** a write still succeeds with N − W replicas down, a read with
//! N − R ([`Figures`]).

use super::rng::Rng;
use super::units::{grouped, parse_number};
use super::widget::{Table, UrlState, Widget};
use super::query::ParamProblem;

/// Most replicas.
pub const MAX_N: usize = 9;
/// Operations in a run.
pub const OPS: usize = 40;
/// Milliseconds between the starts of two operations.
pub const STEP_MS: u64 = 10;
/// Longest replication lag accepted, ms.
pub const MAX_LAG_MS: u64 = 10_000;
/// The timing model in one sentence, as the view says it.
pub const TIMING: &str = "One operation every 10 ms, writes and reads taking turns, 40 in all (400 ms). Each touches the first W (or R) replicas that are up, in an order the seed draws; a write is acknowledged as soon as those W store it, and reaches the other live replicas after the lag. Down replicas stay down for the whole run; an operation that cannot find enough live replicas fails and stores nothing.";

names! {
    /// The scenarios the lesson starts from.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Preset {
        /// N = 3, W = 2, R = 2: majorities, R + W = 4 > 3.
        Majority = "majority",
        /// Majorities with replica 3 down.
        OneDown = "one-down",
        /// Majorities with replicas 2 and 3 down.
        TwoDown = "two-down",
        /// N = 3, W = 3, R = 1: every write waits for every replica, reads ask one.
        WriteAll = "write-all",
    }
}

impl Preset {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Majority => "Majorities: N 3, W 2, R 2",
            Preset::OneDown => "Majorities, one replica down",
            Preset::TwoDown => "Majorities, two replicas down",
            Preset::WriteAll => "Write all, read one: W 3, R 1",
        }
    }

    /// The state this scenario stands for.
    pub fn state(self) -> QuorumState {
        let base = QuorumState { w: 2, r: 2, ..QuorumState::default() };
        match self {
            Preset::Majority => base,
            Preset::OneDown => QuorumState { down: vec![3], ..base },
            Preset::TwoDown => QuorumState { down: vec![2, 3], ..base },
            Preset::WriteAll => QuorumState { w: 3, r: 1, ..base },
        }
    }
}

/// The whole state of the widget; it round-trips through a URL query.
#[derive(Clone, Debug, PartialEq)]
pub struct QuorumState {
    /// Replicas, 1 to [`MAX_N`] (key `n`).
    pub n: usize,
    /// Write quorum: replicas that must store a write before it is acknowledged, 1 to N (key `w`).
    pub w: usize,
    /// Read quorum: replicas a read waits for, 1 to N (key `r`).
    pub r: usize,
    /// Replication lag to the replicas a write did not touch, 0 to [`MAX_LAG_MS`] ms (key `lag`).
    pub lag_ms: u64,
    /// Replicas down for the whole run, numbered from 1, ascending, no repeats (key `down`,
    /// e.g. `2,5`, or `none`). Numbers beyond N are kept but ignored ([`QuorumState::notes`]).
    pub down: Vec<usize>,
    /// The seed of the replica orders, 0 to 4294967295 (key `seed`).
    pub seed: u64,
}

impl Default for QuorumState {
    /// Three replicas, W = 1, R = 1, 100 ms of lag, all up: stale reads happen.
    fn default() -> Self {
        QuorumState { n: 3, w: 1, r: 1, lag_ms: 100, down: Vec::new(), seed: 1 }
    }
}

/// Write or read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Stores a new version.
    Write,
    /// Returns the newest version among its answers.
    Read,
}

/// What one operation did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A write acknowledged with this version.
    Written(u32),
    /// A read that returned `version` while `newest` was the newest acknowledged version.
    Returned {
        /// The version the read returned.
        version: u32,
        /// The newest version acknowledged before the read.
        newest: u32,
    },
    /// Fewer than W (or R) replicas were up.
    Failed,
}

/// One operation of the run.
#[derive(Clone, Debug, PartialEq)]
pub struct Op {
    /// Write or read.
    pub kind: Kind,
    /// When it started, ms.
    pub at_ms: u64,
    /// The replicas it touched (from 0), in the order they answered; empty when it failed.
    pub touched: Vec<usize>,
    /// What it did.
    pub outcome: Outcome,
}

impl Op {
    /// Whether it is a read that returned an older version than the newest acknowledged one.
    pub fn stale(&self) -> bool {
        matches!(self.outcome, Outcome::Returned { version, newest } if version < newest)
    }

    /// Whether it failed.
    pub fn failed(&self) -> bool {
        self.outcome == Outcome::Failed
    }
}

/// Everything one run shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// The operations, in order.
    pub ops: Vec<Op>,
    /// Replicas up (of N).
    pub up: usize,
    /// Reads that returned a value.
    pub reads_answered: usize,
    /// Of those, the stale ones.
    pub stale_reads: usize,
    /// Operations that failed.
    pub failed: usize,
    /// The version each replica holds at the end of the run (down replicas: 0).
    pub last_versions: Vec<u32>,
}

impl Run {
    /// Stale reads ÷ reads that returned a value (none: no read returned).
    pub fn stale_fraction(&self) -> Option<f64> {
        (self.reads_answered > 0).then(|| self.stale_reads as f64 / self.reads_answered as f64)
    }

    /// Failed operations ÷ operations.
    pub fn unavailable_fraction(&self) -> f64 {
        self.failed as f64 / self.ops.len().max(1) as f64
    }
}

/// The figures that follow from N, W and R alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Figures {
    /// R + W − N: the fewest replicas a read quorum and a write quorum share (≤ 0: none
    /// guaranteed).
    pub overlap: i64,
    /// N − W: replicas that can be down while writes succeed.
    pub write_tolerates: usize,
    /// N − R: replicas that can be down while reads succeed.
    pub read_tolerates: usize,
}

/// The order in which the replicas answer each operation: one shuffle of `0..n` per operation,
/// drawn from `seed` (Fisher–Yates, the `k`-th swap partner uniform in `0..=k`).
pub fn orders(seed: u64, n: usize, ops: usize) -> Vec<Vec<usize>> {
    let mut rng = Rng::new(seed);
    (0..ops)
        .map(|_| {
            let mut order: Vec<usize> = (0..n).collect();
            for k in (1..n).rev() {
                let j = (rng.next_u64() % (k as u64 + 1)) as usize;
                order.swap(k, j);
            }
            order
        })
        .collect()
}

/// A copy on its way to a replica.
struct Pending {
    arrives_ms: u64,
    version: u32,
    replica: usize,
}

impl QuorumState {
    /// Overlap and tolerances.
    pub fn figures(&self) -> Figures {
        Figures {
            overlap: self.r as i64 + self.w as i64 - self.n as i64,
            write_tolerates: self.n.saturating_sub(self.w),
            read_tolerates: self.n.saturating_sub(self.r),
        }
    }

    /// Whether replica `i` (from 0) is down.
    pub fn is_down(&self, i: usize) -> bool {
        self.down.contains(&(i + 1))
    }

    /// What the settings mean where they do not fit each other, in sentences.
    pub fn notes(&self) -> Vec<String> {
        let beyond: Vec<String> = self.down.iter().filter(|&&d| d > self.n).map(|d| d.to_string()).collect();
        if beyond.is_empty() {
            return Vec::new();
        }
        let (word, verb) = if beyond.len() == 1 { ("replica", "is") } else { ("replicas", "are") };
        vec![format!("there are only {} replicas, so down {word} {} {verb} ignored", self.n, beyond.join(", "))]
    }

    /// What is wrong between two settings, with the key to blame: W and R cannot exceed N.
    pub fn conflict(&self) -> Option<(&'static str, String)> {
        if self.w > self.n {
            return Some(("w", format!("W ({}) cannot be more than N ({}) replicas", self.w, self.n)));
        }
        if self.r > self.n {
            return Some(("r", format!("R ({}) cannot be more than N ({}) replicas", self.r, self.n)));
        }
        None
    }

    /// A copy with one field set from its text, checked alone and against the others: what a
    /// field of the view applies.
    pub fn with_checked(&self, key: &str, value: &str) -> Result<QuorumState, String> {
        let next = self.with(key, value)?;
        match next.conflict() {
            Some((_, message)) => Err(message),
            None => Ok(next),
        }
    }

    /// Runs the [`OPS`] operations.
    pub fn run(&self) -> Run {
        let n = self.n;
        let up_flags: Vec<bool> = (0..n).map(|i| !self.is_down(i)).collect();
        let up = up_flags.iter().filter(|&&u| u).count();
        let mut versions = vec![0u32; n];
        let mut pending: Vec<Pending> = Vec::new();
        let mut newest = 0u32;
        let mut ops = Vec::with_capacity(OPS);
        for (i, order) in orders(self.seed, n, OPS).into_iter().enumerate() {
            let at_ms = i as u64 * STEP_MS;
            // Deliver every copy due by now (they arrive in the order they were sent).
            pending.retain(|p| {
                if p.arrives_ms <= at_ms {
                    versions[p.replica] = versions[p.replica].max(p.version);
                    false
                } else {
                    true
                }
            });
            let kind = if i % 2 == 0 { Kind::Write } else { Kind::Read };
            let need = if kind == Kind::Write { self.w } else { self.r };
            if up < need {
                ops.push(Op { kind, at_ms, touched: Vec::new(), outcome: Outcome::Failed });
                continue;
            }
            let touched: Vec<usize> = order.into_iter().filter(|&k| up_flags[k]).take(need).collect();
            let outcome = match kind {
                Kind::Write => {
                    newest += 1;
                    for k in 0..n {
                        if touched.contains(&k) {
                            versions[k] = newest;
                        } else if up_flags[k] {
                            pending.push(Pending { arrives_ms: at_ms + self.lag_ms, version: newest, replica: k });
                        }
                    }
                    Outcome::Written(newest)
                }
                Kind::Read => {
                    let version = touched.iter().map(|&k| versions[k]).max().unwrap_or(0);
                    Outcome::Returned { version, newest }
                }
            };
            ops.push(Op { kind, at_ms, touched, outcome });
        }
        for p in pending.iter().filter(|p| p.arrives_ms <= OPS as u64 * STEP_MS) {
            versions[p.replica] = versions[p.replica].max(p.version);
        }
        let reads_answered = ops.iter().filter(|o| matches!(o.outcome, Outcome::Returned { .. })).count();
        Run {
            up,
            reads_answered,
            stale_reads: ops.iter().filter(|o| o.stale()).count(),
            failed: ops.iter().filter(|o| o.failed()).count(),
            last_versions: versions,
            ops,
        }
    }
}

/// Replica numbers for people (from 1): `1, 3`.
pub fn replica_list(touched: &[usize]) -> String {
    touched.iter().map(|k| (k + 1).to_string()).collect::<Vec<_>>().join(", ")
}

/// A fraction as a percentage for reading, whole numbers where they are exact (`35 %`, `2.5 %`).
pub fn percent(fraction: f64) -> String {
    format!("{} %", grouped((fraction * 1000.0).round() / 10.0))
}

/// One operation as table cells: number, time, kind, replicas, version, result.
pub fn op_cells(i: usize, op: &Op) -> [String; 6] {
    let kind = match op.kind {
        Kind::Write => "write",
        Kind::Read => "read",
    };
    let (version, result) = match op.outcome {
        Outcome::Written(v) => (format!("v{v}"), "acknowledged".to_string()),
        Outcome::Returned { version, newest } if version < newest => {
            (format!("v{version}"), format!("stale (v{newest} was acknowledged)"))
        }
        Outcome::Returned { version, .. } => (format!("v{version}"), "up to date".to_string()),
        Outcome::Failed => ("–".into(), "failed: too few replicas up".into()),
    };
    let touched = if op.touched.is_empty() { "none".to_string() } else { replica_list(&op.touched) };
    [(i + 1).to_string(), format!("{} ms", op.at_ms), kind.into(), touched, version, result]
}

/// The overlap for people: `+1: every read meets every write in at least 1 replica`.
pub fn overlap_text(overlap: i64) -> String {
    if overlap > 0 {
        format!("+{overlap}")
    } else {
        overlap.to_string()
    }
}

/// The run in one line: N, W, R, lag, down.
pub fn caption(s: &QuorumState) -> String {
    let down: Vec<String> = s.down.iter().filter(|&&d| d <= s.n).map(|d| d.to_string()).collect();
    let down = if down.is_empty() { "none down".to_string() } else { format!("down: {}", down.join(", ")) };
    format!("N = {}, W = {}, R = {}, lag {} ms, {down}", s.n, s.w, s.r, grouped(s.lag_ms as f64))
}

/// Reads a whole number within `[lo, hi]`.
fn whole(text: &str, lo: u64, hi: u64, what: &str) -> Result<u64, String> {
    let v = parse_number(text).map_err(|e| format!("{what}: {e}"))?;
    if v.fract() != 0.0 || v < lo as f64 || v > hi as f64 {
        return Err(format!("{what} must be a whole number from {} to {}", grouped(lo as f64), grouped(hi as f64)));
    }
    Ok(v as u64)
}

/// Reads a list of replica numbers such as `2,5` (empty or `none`: none), ascending, no repeats.
fn replica_numbers(text: &str) -> Result<Vec<usize>, String> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    let items: Vec<&str> = t.split(',').collect();
    if items.len() > MAX_N {
        return Err(format!("at most {MAX_N} replica numbers"));
    }
    let mut out = items
        .iter()
        .map(|item| {
            whole(item, 1, MAX_N as u64, "a down replica (numbers such as 2,5, or none)").map(|v| v as usize)
        })
        .collect::<Result<Vec<_>, _>>()?;
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

impl UrlState for QuorumState {
    const KEYS: &'static [&'static str] = &["preset", "n", "w", "r", "lag", "down", "seed"];
    const FIRST: &'static [&'static str] = &["n"];

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "n" => self.n = whole(value, 1, MAX_N as u64, "N, the number of replicas,")? as usize,
            "w" => self.w = whole(value, 1, MAX_N as u64, "W, the write quorum,")? as usize,
            "r" => self.r = whole(value, 1, MAX_N as u64, "R, the read quorum,")? as usize,
            "lag" => self.lag_ms = whole(value, 0, MAX_LAG_MS, "the replication lag (ms)")?,
            "down" => self.down = replica_numbers(value)?,
            "seed" => self.seed = whole(value, 0, u64::from(u32::MAX), "the seed")?,
            _ => return Err(format!("unknown setting; this widget reads {}", Self::KEYS.join(", "))),
        }
        Ok(())
    }

    fn get(&self, key: &str) -> String {
        match key {
            "preset" => self.named().unwrap_or_default().to_string(),
            "n" => self.n.to_string(),
            "w" => self.w.to_string(),
            "r" => self.r.to_string(),
            "lag" => self.lag_ms.to_string(),
            "down" if self.down.is_empty() => "none".into(),
            "down" => self.down.iter().map(usize::to_string).collect::<Vec<_>>().join(","),
            "seed" => self.seed.to_string(),
            _ => String::new(),
        }
    }

    crate::scenarios!(Preset);

    /// W or R above N is lowered to N, and said.
    fn settle(&mut self, problems: &mut Vec<ParamProblem>) {
        while let Some((key, message)) = self.conflict() {
            if key == "w" {
                self.w = self.n;
            } else {
                self.r = self.n;
            }
            problems.push(ParamProblem { key: key.into(), message: format!("{message}; set to {}", self.n) });
        }
    }
}

impl Widget for QuorumState {
    const ID: &'static str = "quorum";
    const TITLE: &'static str = "Replication quorums";
    const BLURB: &'static str = "Run writes and reads against N replicas with write and read quorums W and R, replication lag and replicas that are down, and see which reads come back stale and which operations fail.";

    /// The quorum figures, then every operation of the run.
    fn twin(&self) -> Option<Table> {
        let f = self.figures();
        let run = self.run();
        let row = |label: &str, value: String| vec![label.to_string(), value, String::new(), String::new(), String::new(), String::new()];
        let mut rows = vec![
            row("Overlap R + W − N", overlap_text(f.overlap)),
            row("Writes survive (N − W replicas down)", f.write_tolerates.to_string()),
            row("Reads survive (N − R replicas down)", f.read_tolerates.to_string()),
            row(
                "Stale reads",
                match run.stale_fraction() {
                    Some(x) => format!("{} ({} of {})", percent(x), run.stale_reads, run.reads_answered),
                    None => "no read succeeded".into(),
                },
            ),
            row("Failed operations", format!("{} ({} of {})", percent(run.unavailable_fraction()), run.failed, OPS)),
        ];
        rows.extend(run.ops.iter().enumerate().map(|(i, op)| op_cells(i, op).to_vec()));
        Some(Table {
            caption: format!("{}. {}", caption(self), TIMING),
            head: ["Operation", "Starts", "Kind", "Replicas touched", "Version", "Result"].map(String::from).to_vec(),
            rows,
        })
    }
}

#[cfg(test)]
mod tests;
