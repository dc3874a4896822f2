//! The CAP partition toy: a few replicas of one register, a network whose links can be cut,
//! and clients reading and writing at the nodes, in CP or AP mode.
//!
//! **The rules.**
//! - A *write* creates a new version of the register. Versions carry a version vector (one
//!   counter per node) so that "newer" and "concurrent" are told apart exactly, a stamp (the
//!   position of the write in the script: a clock that never skews) and the node that took it.
//! - **CP** (majority quorum): a read or write at node N succeeds only if N, with the nodes it
//!   has a working link to, makes a majority; otherwise it fails (unavailable). A write goes to
//!   that whole majority before it is acknowledged; a read returns the newest version in its
//!   majority. Either costs a round trip: `2 × lag` ticks.
//! - **AP**: every node answers at once from its own copy (0 ticks). A write is kept locally
//!   and sent to the other nodes, arriving `lag` ticks later, or when the link is healed.
//! - **Convergence.** A node receiving a version keeps it if it is newer than what it holds.
//!   Versions written concurrently (on both sides of a partition) are merged by the chosen
//!   rule: **last-writer-wins** keeps the later stamp and *loses* the other write, or
//!   **siblings** keeps both until the next write replaces them.
//! - Each client operation is judged against a linearizable history: a read is `stale` when
//!   what it returns does not include the latest acknowledged write.
//!
//! Deterministic: the same state always gives the same run.

use std::fmt;

use super::query::ParamProblem;
use super::replay;
use super::widget::{Table, UrlState, Widget};

/// Fewest nodes.
pub const MIN_NODES: usize = 3;
/// Most nodes.
pub const MAX_NODES: usize = 7;
/// Longest script the widget replays.
pub const MAX_OPS: usize = 200;
/// Largest network delay, ticks.
pub const MAX_LAG: u32 = 10;

names! {
    /// How the cluster trades consistency against availability.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Mode {
        /// Consistent under partitions: majority quorums; a minority side refuses.
        #[default]
        Cp = "cp",
        /// Available under partitions: every node answers from its own copy.
        Ap = "ap",
    }
}

names! {
    /// How concurrent writes are reconciled.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Merge {
        /// The write with the later stamp wins; the other is lost.
        #[default]
        Lww = "lww",
        /// Both are kept as siblings until a later write replaces them.
        Siblings = "siblings",
    }
}

/// One step of a script. Nodes are 0-based here and 1-based in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// `wN:V`: a client writes `value` at `node`.
    Write {
        /// The node the client talks to.
        node: usize,
        /// The value written.
        value: i64,
    },
    /// `rN`: a client reads at `node`.
    Read {
        /// The node the client talks to.
        node: usize,
    },
    /// `heal`: every link works again.
    Heal,
    /// `split:1,2|3`: links between different groups are cut, links within a group work.
    /// Nodes named in no group form one more group together.
    Split(Vec<Vec<usize>>),
    /// `cut:1-2`: one link fails.
    Cut(usize, usize),
    /// `mend:1-2`: one link works again.
    Mend(usize, usize),
    /// `tick`: time passes by one tick; messages that are due and can travel arrive.
    Tick,
}

fn node_number(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_NODES).contains(&n) => Ok(n - 1),
        _ => Err(format!("“{}” is not a node number (1 to {MAX_NODES})", text.trim())),
    }
}

/// Parses groups such as `1,2|3,4,5` into 0-based node lists. A node in two groups, or an
/// empty group, is an error.
pub fn parse_groups(text: &str) -> Result<Vec<Vec<usize>>, String> {
    let mut seen = [false; MAX_NODES];
    let mut groups = Vec::new();
    for group in text.split('|') {
        let mut nodes = Vec::new();
        for part in group.split(',') {
            let n = node_number(part)?;
            if std::mem::replace(&mut seen[n], true) {
                return Err(format!("node {} is in two groups", n + 1));
            }
            nodes.push(n);
        }
        groups.push(nodes);
    }
    Ok(groups)
}

fn groups_text(groups: &[Vec<usize>]) -> String {
    groups
        .iter()
        .map(|g| g.iter().map(|n| (n + 1).to_string()).collect::<Vec<_>>().join(","))
        .collect::<Vec<_>>()
        .join("|")
}

impl Op {
    /// Parses one step (`w2:5`, `r1`, `heal`, `split:1|2,3`, `cut:1-2`, `mend:1-2`, `tick`).
    pub fn parse(text: &str) -> Result<Op, String> {
        let t = text.trim();
        let pair = |rest: &str| -> Result<(usize, usize), String> {
            let (a, b) = rest.split_once('-').ok_or_else(|| format!("“{t}”: name a link as two nodes, like 1-2"))?;
            let (a, b) = (node_number(a)?, node_number(b)?);
            if a == b {
                return Err(format!("“{t}”: a link joins two different nodes"));
            }
            Ok((a.min(b), a.max(b)))
        };
        if t == "heal" {
            Ok(Op::Heal)
        } else if t == "tick" {
            Ok(Op::Tick)
        } else if let Some(rest) = t.strip_prefix("split:") {
            Ok(Op::Split(parse_groups(rest)?))
        } else if let Some(rest) = t.strip_prefix("cut:") {
            pair(rest).map(|(a, b)| Op::Cut(a, b))
        } else if let Some(rest) = t.strip_prefix("mend:") {
            pair(rest).map(|(a, b)| Op::Mend(a, b))
        } else if let Some(rest) = t.strip_prefix('w') {
            let (node, value) = rest.split_once(':').ok_or_else(|| format!("“{t}”: write as wN:V, like w1:5"))?;
            let value = parse_value(value).map_err(|e| format!("“{t}”: {e}"))?;
            Ok(Op::Write { node: node_number(node)?, value })
        } else if let Some(rest) = t.strip_prefix('r') {
            Ok(Op::Read { node: node_number(rest)? })
        } else {
            Err(format!("“{t}” is not a step: use wN:V, rN, heal, split:G, cut:A-B, mend:A-B or tick"))
        }
    }

    /// Parses a comma-separated script. Commas inside `split:` groups belong to the split, so
    /// the script is cut before each word that starts a step. Bad steps are returned apart.
    pub fn parse_script(text: &str) -> (Vec<Op>, Vec<String>) {
        let mut steps: Vec<String> = Vec::new();
        for part in text.split(',') {
            let starts_step = part.trim().starts_with(|c: char| c.is_ascii_alphabetic());
            match steps.last_mut() {
                Some(last) if !starts_step && last.starts_with("split:") => {
                    last.push(',');
                    last.push_str(part.trim());
                }
                _ => steps.push(part.trim().to_string()),
            }
        }
        let (mut ops, mut problems) = (Vec::new(), Vec::new());
        for step in steps.iter().filter(|s| !s.is_empty()) {
            match Op::parse(step) {
                Ok(op) => ops.push(op),
                Err(e) => problems.push(e),
            }
        }
        (ops, problems)
    }

    /// The highest node number this step names (0-based), if any.
    pub fn max_node(&self) -> Option<usize> {
        match self {
            Op::Write { node, .. } | Op::Read { node } => Some(*node),
            Op::Split(groups) => groups.iter().flatten().max().copied(),
            Op::Cut(a, b) | Op::Mend(a, b) => Some((*a).max(*b)),
            Op::Heal | Op::Tick => None,
        }
    }

    /// Whether a client issues this step (a read or a write).
    pub fn is_client(&self) -> bool {
        matches!(self, Op::Write { .. } | Op::Read { .. })
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Write { node, value } => write!(f, "w{}:{value}", node + 1),
            Op::Read { node } => write!(f, "r{}", node + 1),
            Op::Heal => f.write_str("heal"),
            Op::Split(groups) => write!(f, "split:{}", groups_text(groups)),
            Op::Cut(a, b) => write!(f, "cut:{}-{}", a + 1, b + 1),
            Op::Mend(a, b) => write!(f, "mend:{}-{}", a + 1, b + 1),
            Op::Tick => f.write_str("tick"),
        }
    }
}

/// One written version of the register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// The value.
    pub value: i64,
    /// Version vector: writes seen from each node.
    pub clock: [u32; MAX_NODES],
    /// Position of the write in the script (the "timestamp" last-writer-wins compares).
    pub stamp: usize,
    /// The node that took the write (0-based).
    pub node: usize,
}

impl Version {
    /// Whether this version includes everything `other` does (it is the same or newer).
    pub fn covers(&self, other: &Version) -> bool {
        self.clock.iter().zip(other.clock).all(|(a, b)| *a >= b)
    }

    /// A single number for display: the total of the version vector.
    pub fn number(&self) -> u32 {
        self.clock.iter().sum()
    }
}

fn join(a: &[u32; MAX_NODES], b: &[u32; MAX_NODES]) -> [u32; MAX_NODES] {
    std::array::from_fn(|i| a[i].max(b[i]))
}

names! {
    /// What a client operation came to.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Outcome {
        /// Succeeded with the latest value (or, for steps that are not client operations, done).
        Ok = "ok",
        /// Refused: the node could not reach a majority.
        Error = "error",
        /// Answered, but without the latest acknowledged write.
        Stale = "stale",
    }
}

/// Something that happened while a step ran.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A replica received a version from another node and now holds it.
    Delivered {
        /// The receiving node.
        to: usize,
        /// The sending node.
        from: usize,
        /// The value it now holds.
        value: i64,
    },
    /// Last-writer-wins discarded an acknowledged write (reported once per write).
    Lost {
        /// The discarded value.
        value: i64,
        /// The node that had taken it.
        node: usize,
        /// The value that won.
        winner: i64,
    },
    /// A replica now keeps concurrent versions side by side.
    Siblings {
        /// The node.
        node: usize,
        /// The values it holds.
        values: Vec<i64>,
    },
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Event::Delivered { to, from, value } => {
                write!(f, "node {} received {value} from node {}", to + 1, from + 1)
            }
            Event::Lost { value, node, winner } => write!(
                f,
                "write {value} (taken at node {}) was lost: last-writer-wins kept the later {winner}",
                node + 1
            ),
            Event::Siblings { node, values } => {
                let v: Vec<String> = values.iter().map(i64::to_string).collect();
                write!(f, "node {} keeps concurrent values {} as siblings", node + 1, v.join(" and "))
            }
        }
    }
}

/// One step as it ran.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The step.
    pub op: Op,
    /// Its outcome (`Ok` for steps that are not client operations).
    pub outcome: Outcome,
    /// What a read returned or a write stored: its values (several when siblings).
    pub values: Vec<i64>,
    /// Ticks the client waited (a round trip to a majority in CP, 0 in AP).
    pub latency: u32,
    /// Why, in a sentence.
    pub note: String,
    /// What else happened.
    pub events: Vec<Event>,
}

impl Entry {
    /// The values as `data-value` text: `5`, `6|7` for siblings, empty for none.
    pub fn value_text(&self) -> String {
        values_text(&self.values)
    }
}

/// Values as text: `5`, `6|7`, or empty.
pub fn values_text(values: &[i64]) -> String {
    values.iter().map(i64::to_string).collect::<Vec<_>>().join("|")
}

#[derive(Clone, Debug, PartialEq)]
struct Message {
    from: usize,
    to: usize,
    version: Version,
    due: u64,
}

/// The replicas, the network and the history so far.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// Number of nodes.
    pub n: usize,
    /// CP or AP.
    pub mode: Mode,
    /// Reconciliation rule.
    pub merge: Merge,
    /// One-way network delay, ticks.
    pub lag: u32,
    /// `up[a][b]`: the link between `a` and `b` works.
    up: [[bool; MAX_NODES]; MAX_NODES],
    /// What each node holds: nothing, one version, or siblings.
    pub replicas: Vec<Vec<Version>>,
    in_flight: Vec<Message>,
    /// Ticks elapsed.
    pub now: u64,
    steps: usize,
    /// The latest acknowledged write.
    pub latest: Option<Version>,
    /// Acknowledged writes that last-writer-wins discarded.
    pub lost: Vec<Version>,
}

impl Cluster {
    /// A healthy cluster of `n` nodes (clamped to 3–7) with empty replicas.
    pub fn new(n: usize, mode: Mode, merge: Merge, lag: u32) -> Cluster {
        let n = n.clamp(MIN_NODES, MAX_NODES);
        Cluster {
            n,
            mode,
            merge,
            lag: lag.clamp(1, MAX_LAG),
            up: [[true; MAX_NODES]; MAX_NODES],
            replicas: vec![Vec::new(); n],
            in_flight: Vec::new(),
            now: 0,
            steps: 0,
            latest: None,
            lost: Vec::new(),
        }
    }

    /// Votes needed: a strict majority of all nodes.
    pub fn majority(&self) -> usize {
        self.n / 2 + 1
    }

    /// Whether the link between two nodes works (a node always reaches itself).
    pub fn link_up(&self, a: usize, b: usize) -> bool {
        a == b || (a < MAX_NODES && b < MAX_NODES && self.up[a][b])
    }

    /// The nodes `node` can talk to directly, itself included.
    pub fn reach(&self, node: usize) -> Vec<usize> {
        (0..self.n).filter(|&m| self.link_up(node, m)).collect()
    }

    /// For each node, the index of its side of the network: nodes that can reach each other
    /// through working links share an index (numbered in node order).
    pub fn sides(&self) -> Vec<usize> {
        let mut side = vec![usize::MAX; self.n];
        let mut next = 0;
        for start in 0..self.n {
            if side[start] != usize::MAX {
                continue;
            }
            let mut stack = vec![start];
            side[start] = next;
            while let Some(a) = stack.pop() {
                let reached: Vec<usize> =
                    (0..self.n).filter(|&b| side[b] == usize::MAX && self.link_up(a, b)).collect();
                for b in reached {
                    side[b] = next;
                    stack.push(b);
                }
            }
            next += 1;
        }
        side
    }

    /// Messages sent but not yet delivered.
    pub fn pending(&self) -> usize {
        self.in_flight.len()
    }

    /// The values a node holds, in stamp order.
    pub fn values(&self, node: usize) -> Vec<i64> {
        self.replicas.get(node).map(|r| r.iter().map(|v| v.value).collect()).unwrap_or_default()
    }

    fn set_link(&mut self, a: usize, b: usize, working: bool) {
        self.up[a][b] = working;
        self.up[b][a] = working;
    }

    /// Applies one step and reports it. A step naming a node outside the cluster is refused
    /// with an explanation and changes nothing.
    pub fn apply(&mut self, op: &Op) -> Result<Entry, String> {
        if let Some(m) = op.max_node().filter(|&m| m >= self.n) {
            return Err(format!("“{op}” names node {}, but there are only {} nodes", m + 1, self.n));
        }
        self.steps += 1;
        let stamp = self.steps;
        let mut entry = Entry {
            op: op.clone(),
            outcome: Outcome::Ok,
            values: Vec::new(),
            latency: 0,
            note: String::new(),
            events: Vec::new(),
        };
        match *op {
            Op::Write { node, value } => self.write(node, value, stamp, &mut entry),
            Op::Read { node } => self.read(node, &mut entry),
            Op::Heal => {
                self.up = [[true; MAX_NODES]; MAX_NODES];
                entry.note = "every link works again; replication waiting for a link travels on the next tick".into();
            }
            Op::Split(ref groups) => {
                let mut group_of = [usize::MAX; MAX_NODES];
                for (g, nodes) in groups.iter().enumerate() {
                    for &m in nodes {
                        group_of[m] = g;
                    }
                }
                for a in 0..self.n {
                    for b in 0..self.n {
                        self.up[a][b] = group_of[a] == group_of[b];
                    }
                }
                entry.note = "links between the groups are cut".into();
            }
            Op::Cut(a, b) => {
                self.set_link(a, b, false);
                entry.note = format!("the link between nodes {} and {} is cut", a + 1, b + 1);
            }
            Op::Mend(a, b) => {
                self.set_link(a, b, true);
                entry.note = format!("the link between nodes {} and {} works again", a + 1, b + 1);
            }
            Op::Tick => self.tick(&mut entry),
        }
        Ok(entry)
    }

    fn quorum_note(&self, node: usize, reached: usize) -> String {
        format!("node {} reaches {reached} of {} nodes; a majority is {}", node + 1, self.n, self.majority())
    }

    fn write(&mut self, node: usize, value: i64, stamp: usize, entry: &mut Entry) {
        // The nodes the write must reach before it is acknowledged.
        let targets = match self.mode {
            Mode::Ap => vec![node],
            Mode::Cp => {
                let reach = self.reach(node);
                entry.latency = 2 * self.lag;
                if reach.len() < self.majority() {
                    entry.outcome = Outcome::Error;
                    entry.note = format!(
                        "refused: {} (CP chooses an error over a write a majority cannot see)",
                        self.quorum_note(node, reach.len())
                    );
                    return;
                }
                reach
            }
        };
        let mut clock = [0; MAX_NODES];
        for &m in &targets {
            for v in &self.replicas[m] {
                clock = join(&clock, &v.clock);
            }
        }
        clock[node] += 1;
        let version = Version { value, clock, stamp, node };
        for &m in &targets {
            self.receive(m, version.clone(), &mut entry.events);
        }
        for m in (0..self.n).filter(|m| !targets.contains(m)) {
            self.in_flight.push(Message {
                from: node,
                to: m,
                version: version.clone(),
                due: self.now + u64::from(self.lag),
            });
        }
        entry.values = vec![value];
        entry.note = match self.mode {
            Mode::Ap => format!("stored at node {} and acknowledged at once; the other nodes get it later", node + 1),
            Mode::Cp => format!("stored on {} nodes before the acknowledgement", targets.len()),
        };
        self.latest = Some(version);
    }

    fn read(&mut self, node: usize, entry: &mut Entry) {
        let answer: Vec<Version> = match self.mode {
            Mode::Ap => self.replicas[node].clone(),
            Mode::Cp => {
                let reach = self.reach(node);
                entry.latency = 2 * self.lag;
                if reach.len() < self.majority() {
                    entry.outcome = Outcome::Error;
                    entry.note = format!("refused: {}", self.quorum_note(node, reach.len()));
                    return;
                }
                // The newest version in the majority (CP versions are totally ordered).
                let newest = reach.iter().flat_map(|&m| self.replicas[m].iter()).max_by_key(|v| (v.number(), v.stamp));
                newest.cloned().into_iter().collect()
            }
        };
        entry.values = answer.iter().map(|v| v.value).collect();
        let fresh = match &self.latest {
            None => true,
            Some(latest) => answer.iter().any(|v| v.covers(latest)),
        };
        if fresh {
            entry.note = match self.mode {
                Mode::Ap => format!("node {} answered from its own copy", node + 1),
                Mode::Cp => format!("answered by a majority: {}", self.quorum_note(node, self.reach(node).len())),
            };
        } else {
            entry.outcome = Outcome::Stale;
            let latest = self.latest.as_ref().map_or(0, |v| v.value);
            entry.note =
                format!("stale: the latest acknowledged write is {latest}, which node {} has not received", node + 1);
        }
    }

    fn tick(&mut self, entry: &mut Entry) {
        self.now += 1;
        let (due, waiting): (Vec<Message>, Vec<Message>) = std::mem::take(&mut self.in_flight)
            .into_iter()
            .partition(|m| m.due <= self.now && self.link_up(m.from, m.to));
        self.in_flight = waiting;
        for m in due {
            if self.receive(m.to, m.version.clone(), &mut entry.events) {
                entry.events.push(Event::Delivered { to: m.to, from: m.from, value: m.version.value });
            }
        }
        entry.note = match self.in_flight.len() {
            0 => format!("tick {}: nothing left in flight", self.now),
            k => format!("tick {}: {k} message(s) still in flight or waiting for a link", self.now),
        };
    }

    /// Merges a version into a replica; returns whether the replica changed.
    fn receive(&mut self, node: usize, incoming: Version, events: &mut Vec<Event>) -> bool {
        let held = &mut self.replicas[node];
        if held.iter().any(|v| v.covers(&incoming)) {
            return false;
        }
        held.retain(|v| !incoming.covers(v));
        if held.is_empty() {
            held.push(incoming);
            return true;
        }
        // Concurrent versions.
        match self.merge {
            Merge::Siblings => {
                // Kept in stamp order (a handful of versions: no sort needed).
                let at = held.iter().position(|v| v.stamp > incoming.stamp).unwrap_or(held.len());
                held.insert(at, incoming);
                events.push(Event::Siblings { node, values: held.iter().map(|v| v.value).collect() });
            }
            Merge::Lww => {
                let mut all = std::mem::take(held);
                all.push(incoming);
                let last = (0..all.len()).max_by_key(|&i| (all[i].stamp, all[i].node)).unwrap_or(0);
                let mut winner = all.remove(last);
                for loser in all {
                    winner.clock = join(&winner.clock, &loser.clock);
                    if !self.lost.contains(&loser) {
                        events.push(Event::Lost { value: loser.value, node: loser.node, winner: winner.value });
                        self.lost.push(loser);
                    }
                }
                self.replicas[node].push(winner);
            }
        }
        true
    }
}

/// A value a client writes: a whole number of at most 12 digits.
pub fn parse_value(text: &str) -> Result<i64, String> {
    match text.trim().parse::<i64>() {
        Ok(v) if v.abs() < 1_000_000_000_000 => Ok(v),
        _ => Err("use a whole number of at most 12 digits, like 42 or -3".into()),
    }
}

names! {
    /// A scenario the lesson walks through, replayable from a URL.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Preset {
        /// The last item in stock: CP refuses the second buyer.
        LastItem = "last-item",
        /// The like counter: AP shows 100 instead of 103 until the partition heals.
        Likes = "likes",
        /// Two sides write during a partition; on healing, last-writer-wins loses one.
        LostWrite = "lost-write",
        /// No partition at all: AP reads can lag, CP pays a round trip on every request.
        Pacelc = "pacelc",
    }
}

impl Preset {
    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            Preset::LastItem => "The last item in stock (CP)",
            Preset::Likes => "The like counter: 100 or 103? (AP)",
            Preset::LostWrite => "Heal and converge: a lost write (AP)",
            Preset::Pacelc => "No partition: the latency price (PACELC)",
        }
    }

    /// The state it loads.
    pub fn state(self) -> CapState {
        let (nodes, mode, script) = match self {
            Preset::LastItem => (5, Mode::Cp, "w1:1,tick,split:1,2|3,4,5,r3,w3:0,r1,w1:0"),
            Preset::Likes => (3, Mode::Ap, "w1:100,tick,split:1|2,3,w2:101,w2:102,w2:103,r1,heal,tick,r1"),
            Preset::LostWrite => (3, Mode::Ap, "w1:5,tick,split:1|2,3,w1:6,w2:7,heal,tick,r1,r2"),
            Preset::Pacelc => (3, Mode::Ap, "w1:1,r2,tick,r2"),
        };
        CapState { nodes, mode, ops: Op::parse_script(script).0, preset: Some(self), ..CapState::default() }
    }
}

/// The widget's whole state; it round-trips through a URL query.
#[derive(Clone, Debug, PartialEq)]
pub struct CapState {
    /// Number of nodes, 3–7.
    pub nodes: usize,
    /// CP or AP.
    pub mode: Mode,
    /// Reconciliation rule for concurrent writes.
    pub merge: Merge,
    /// One-way network delay, ticks (1–10).
    pub lag: u32,
    /// The partition in place before the script (groups of 0-based nodes); empty for none.
    pub partition: Vec<Vec<usize>>,
    /// The script.
    pub ops: Vec<Op>,
    /// How many steps of the script have run (`None`: all of them).
    pub at: Option<usize>,
    /// The scenario loaded, while nothing differs from it.
    pub preset: Option<Preset>,
}

impl Default for CapState {
    fn default() -> Self {
        CapState {
            nodes: 5,
            mode: Mode::Cp,
            merge: Merge::Lww,
            lag: 1,
            partition: Vec::new(),
            ops: Vec::new(),
            at: None,
            preset: None,
        }
    }
}

impl UrlState for CapState {
    const KEYS: &'static [&'static str] = &["preset", "nodes", "mode", "merge", "lag", "partition", "ops", "at"];

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let v = value.trim();
        match key {
            "nodes" => match v.parse::<usize>() {
                Ok(n) if (MIN_NODES..=MAX_NODES).contains(&n) => self.nodes = n,
                _ => return Err(format!("“{v}”: use a whole number of nodes from {MIN_NODES} to {MAX_NODES}")),
            },
            "mode" => self.mode = Mode::from_name(v).ok_or_else(|| format!("“{v}”: use cp or ap"))?,
            "merge" => self.merge = Merge::from_name(v).ok_or_else(|| format!("“{v}”: use lww or siblings"))?,
            "lag" => match v.parse::<u32>() {
                Ok(l) if (1..=MAX_LAG).contains(&l) => self.lag = l,
                _ => return Err(format!("“{v}”: use a whole number of ticks from 1 to {MAX_LAG}")),
            },
            "partition" => self.partition = if v.is_empty() { Vec::new() } else { parse_groups(v)? },
            "ops" => {
                let (ops, bad) = Op::parse_script(v);
                if ops.len() > MAX_OPS {
                    return Err(format!("{} steps; the most is {MAX_OPS}", ops.len()));
                }
                self.ops = ops;
                if !bad.is_empty() {
                    return Err(format!("skipped {}", bad.join("; ")));
                }
            }
            "at" => {
                self.at = match v {
                    "end" | "" => None,
                    _ => Some(v.parse::<usize>().map_err(|_| format!("“{v}”: use a step number or end"))?),
                }
            }
            _ => return Err(format!("unknown setting; this widget reads {}", Self::KEYS.join(", "))),
        }
        Ok(())
    }

    fn get(&self, key: &str) -> String {
        match key {
            "nodes" => self.nodes.to_string(),
            "mode" => self.mode.name().to_string(),
            "merge" => self.merge.name().to_string(),
            "lag" => self.lag.to_string(),
            "partition" => groups_text(&self.partition),
            "ops" => self.ops.iter().map(Op::to_string).collect::<Vec<_>>().join(","),
            // The end of the script is the default: `at` is written only before it.
            "at" => self.at.filter(|&a| a < self.ops.len()).map(|a| a.to_string()).unwrap_or_default(),
            _ => String::new(),
        }
    }

    crate::scenarios!(Preset, lookup);

    fn named(&self) -> Option<&'static str> {
        self.preset.map(Preset::name)
    }

    /// Steps and partitions naming nodes beyond the count (which may have come later in the
    /// query) are left out; a scenario stays named while its nodes, partition and script are
    /// unchanged (the mode, the merge rule, the delay and the cursor are ways of playing it).
    fn settle(&mut self, problems: &mut Vec<ParamProblem>) {
        let n = self.nodes;
        let before = self.ops.len();
        let mut dropped = Vec::new();
        self.ops.retain(|op| {
            let ok = op.max_node().is_none_or(|m| m < n);
            if !ok {
                dropped.push(op.to_string());
            }
            ok
        });
        if self.ops.len() < before {
            problems.push(ParamProblem {
                key: "ops".into(),
                message: format!("left out {} (there are only {n} nodes)", dropped.join(", ")),
            });
        }
        if self.partition.iter().flatten().any(|&m| m >= n) {
            problems.push(ParamProblem { key: "partition".into(), message: format!("names a node beyond {n}; ignored") });
            self.partition.clear();
        }
        // A step past the script's end is its end, as the address writes it.
        self.at = self.at.filter(|&a| a < self.ops.len());
        let state = self.clone();
        self.preset = state.preset.filter(|p| {
            let base = p.state();
            CapState { preset: Some(*p), at: None, mode: base.mode, merge: base.merge, lag: base.lag, ..state.clone() }
                == base
        });
    }
}

impl Widget for CapState {
    const ID: &'static str = "cap";
    const TITLE: &'static str = "CAP partition toy";
    const BLURB: &'static str =
        "Cut the network between replicas, choose CP or AP, and watch reads and writes succeed, fail or go stale.";

    /// The steps run so far, with their outcomes (none before the first step).
    fn twin(&self) -> Option<Table> {
        let run = run(self);
        if run.entries.is_empty() {
            return None;
        }
        Some(Table {
            caption: format!(
                "The steps so far: {} nodes, {}, one-way delay {} ticks",
                self.nodes,
                self.mode.name().to_ascii_uppercase(),
                self.lag
            ),
            head: vec!["Step".into(), "Outcome".into(), "What happened".into()],
            rows: run.entries.iter().map(|(_, e)| vec![e.op.to_string(), e.outcome.name().to_string(), e.note.clone()]).collect(),
        })
    }
}

impl CapState {
    /// Steps that have run: the cursor, within the script.
    pub fn cursor(&self) -> usize {
        self.at.unwrap_or(self.ops.len()).min(self.ops.len())
    }

    /// Does what a person asked (the toy's one reducer: the view only dispatches actions).
    /// Moves go through the script without changing it. A new step replaces every step after
    /// the cursor (as typing after an undo does), is appended, and the cursor goes to the end;
    /// undo removes the step just before the cursor; clear empties the script and the starting
    /// partition. Any edit forgets the scenario. A step beyond [`MAX_OPS`], or one naming a
    /// node the cluster does not have, is refused with the reason, and nothing changes.
    pub fn apply(&mut self, action: Action) -> Result<(), String> {
        match action {
            Action::Move(m) => self.at = replay::moved(self.at, self.ops.len(), m),
            Action::Undo => {
                let c = self.cursor();
                if c > 0 {
                    self.ops.remove(c - 1);
                    self.at = (c - 1 < self.ops.len()).then_some(c - 1);
                    self.preset = None;
                }
            }
            Action::Clear => {
                self.ops.clear();
                self.partition.clear();
                self.at = None;
                self.preset = None;
            }
            Action::Do(op) => {
                let c = self.cursor();
                if let Some(m) = op.max_node().filter(|&m| m >= self.nodes) {
                    return Err(format!("“{op}” names node {}, but there are only {} nodes", m + 1, self.nodes));
                }
                if c >= MAX_OPS {
                    return Err(format!("the script is full: {MAX_OPS} steps is the most (undo or clear some)"));
                }
                self.ops.truncate(c);
                self.ops.push(op);
                self.at = None;
                self.preset = None;
            }
        }
        Ok(())
    }
}

/// What a person does to the toy: move through the script, or change it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Step, back, start, end, or jump to a log entry.
    Move(replay::Move),
    /// Remove the step just before the cursor.
    Undo,
    /// Empty the script and heal the starting partition.
    Clear,
    /// Add a step at the cursor.
    Do(Op),
}

impl Action {
    /// The action a control names (its `data-act`): a move (`step`, `at:3`, …), `undo`,
    /// `clear`, or a step of the script (`r2`, `cut:1-2`, …). A bare `wN` writes `value`.
    pub fn parse(code: &str, value: i64) -> Option<Action> {
        if let Some(m) = replay::Move::parse(code) {
            return Some(Action::Move(m));
        }
        match code {
            "undo" => Some(Action::Undo),
            "clear" => Some(Action::Clear),
            _ => {
                let write = code.strip_prefix('w').filter(|node| !node.contains(':'));
                let op = match write {
                    Some(node) => Op::parse(&format!("w{node}:{value}")),
                    None => Op::parse(code),
                };
                op.ok().map(Action::Do)
            }
        }
    }
}

/// A replayed script.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// The cluster after the steps up to the cursor.
    pub cluster: Cluster,
    /// The steps that ran, in order, with the script index of each.
    pub entries: Vec<(usize, Entry)>,
    /// Steps that could not run (script index, why).
    pub skipped: Vec<(usize, String)>,
}

/// Replays the state's partition and script up to its cursor.
pub fn run(state: &CapState) -> Run {
    let mut cluster = Cluster::new(state.nodes, state.mode, state.merge, state.lag);
    if !state.partition.is_empty() {
        let _ = cluster.apply(&Op::Split(state.partition.clone()));
        cluster.steps = 0;
    }
    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    for (i, op) in state.ops.iter().take(state.cursor()).enumerate() {
        match cluster.apply(op) {
            Ok(entry) => entries.push((i, entry)),
            Err(why) => skipped.push((i, why)),
        }
    }
    Run { cluster, entries, skipped }
}

#[cfg(test)]
mod tests;
