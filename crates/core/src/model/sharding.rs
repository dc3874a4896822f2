//! The `sharding` widget's model: a key space spread over nodes, before and after the number of
//! nodes changes, and which keys move.
//!
//! **Keys.** `keys` keys, numbered 0 to `keys − 1` in key order (think user ids or timestamps).
//! Key `i`'s hash is [`key_hash`]: SplitMix64's mixer ([`mix64`]) over the seed and the key's
//! number, a bijection, so two keys never share a hash.
//!
//! **Schemes.** Each assigns every key to one of `n` nodes (numbered from 1 for people, from 0
//! here), once with `nodes` nodes and once with `to` nodes:
//! - `modulo`: node `h mod n`. Going from `n` to `n + 1` nodes, a key stays exactly when
//!   `h mod n = h mod (n + 1)`, which by the Chinese remainder theorem is `n` residues out of
//!   every `n(n + 1)`: about `n/(n + 1)` of the keys move.
//! - `ring` (consistent hashing, Karger et al., STOC 1997): node `j` puts `vnodes` points on a
//!   ring of 2⁶⁴ positions ([`ring_point`]: the mixer over the seed, `j` and the point's number,
//!   so a node's points are the same whatever the other nodes are, and no two points coincide).
//!   A key belongs to the node of the first point at or after its hash, wrapping past the top
//!   ([`Ring::lookup`], a binary search). Adding a node adds only its points: the keys that move
//!   are those that now land on them, about `1/(n + 1)` of all, and every one moves to the new
//!   node. Removing a node moves only its keys.
//! - `range`: by key order, not by hash. With `nodes` nodes, node `j` holds keys
//!   `⌊j·K/n⌋ … ⌊(j+1)·K/n⌋ − 1`. A change does what range-partitioned stores do (they split
//!   a range and hand one part over, or merge a range into its neighbour) rather than cutting the
//!   whole key space again ([`range_layouts`]): each added node takes the upper half of the range
//!   holding the most keys (the first such range in key order on a tie); each removed node (the
//!   highest-numbered first) hands its range to the range just before it in key order (just after,
//!   if it has none). Few keys move; balance comes back only when every range has been split.
//!
//! **Skew.** Requests are spread over keys by a Zipf law with exponent `skew` (0: every key
//! alike): the key of rank `r` gets a share `r^(−skew) / Σ_q q^(−skew)`. The newest key, the
//! last in key order, has rank 1, the one before it rank 2, and so on (recent timestamps are
//! the busiest). So the widget reads load two ways: keys per node (storage), and requests per
//! node (work).
//!
//! **Reported.** Keys whose node changed ÷ keys (`moved-fraction`); the largest node's keys ÷
//! the mean `keys/to` after the change (`max-load`); the largest node's requests ÷ the mean
//! `1/to` after the change (`max-requests`); the hottest key's share of all requests
//! (`hot-key-share`); per node, keys before and after, keys moved in and out, and its requests.

use super::rng::{GOLDEN, mix64};
use super::units::{grouped, parse_number, trim};
use super::widget::{Table, UrlState, Widget};

/// Most keys.
pub const MAX_KEYS: u32 = 10_000;
/// Most nodes, before or after.
pub const MAX_NODES: u32 = 20;
/// Most points per node on the ring.
pub const MAX_VNODES: u32 = 200;
/// Largest Zipf exponent.
pub const MAX_SKEW: f64 = 3.0;

/// Salt of the ring's points, so that they do not follow the keys' hashes.
const RING_SALT: u64 = 0x5EED_0FC0_FFEE_u64;

names! {
    /// How keys are assigned to nodes.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Scheme {
        /// The hash modulo the number of nodes.
        #[default]
        Modulo = "modulo",
        /// A consistent-hash ring with virtual nodes.
        Ring = "ring",
        /// Ranges of the key order.
        Range = "range",
    }
}

impl Scheme {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Scheme::Modulo => "Hash mod N",
            Scheme::Ring => "Consistent-hash ring",
            Scheme::Range => "Key ranges",
        }
    }
}

names! {
    /// The scenarios the lesson starts from.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Preset {
        /// 10,000 keys on a ring of 4 nodes with 100 points each, then 5 nodes.
        Ring = "ring",
        /// The same ring with one point per node.
        OneToken = "one-token",
        /// 10,000 keys in 4 key ranges, the newest keys the busiest (Zipf exponent 1).
        RangeHotSpot = "range-hot-spot",
        /// 10 nodes on a ring, then 20, with one very hot key (Zipf exponent 1.5).
        HotKey = "hot-key",
    }
}

impl Preset {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Ring => "A ring of 4 nodes gains a fifth",
            Preset::OneToken => "One point per node on the ring",
            Preset::RangeHotSpot => "Key ranges, the newest keys busiest",
            Preset::HotKey => "One hot key, 10 nodes then 20",
        }
    }

    /// The state this scenario stands for.
    pub fn state(self) -> ShardingState {
        let base = ShardingState::default();
        match self {
            Preset::Ring => ShardingState { scheme: Scheme::Ring, ..base },
            Preset::OneToken => ShardingState { scheme: Scheme::Ring, vnodes: 1, ..base },
            Preset::RangeHotSpot => ShardingState { scheme: Scheme::Range, to: 4, skew: 1.0, ..base },
            Preset::HotKey => ShardingState { scheme: Scheme::Ring, nodes: 10, to: 20, skew: 1.5, ..base },
        }
    }
}

/// The whole state of the widget; it round-trips through a URL query.
#[derive(Clone, Debug, PartialEq)]
pub struct ShardingState {
    /// Keys, 1 to [`MAX_KEYS`] (key `keys`).
    pub keys: u32,
    /// Nodes before the change, 1 to [`MAX_NODES`] (key `nodes`).
    pub nodes: u32,
    /// Nodes after the change, 1 to [`MAX_NODES`] (key `to`).
    pub to: u32,
    /// How keys are assigned (key `scheme`).
    pub scheme: Scheme,
    /// Points per node on the ring, 1 to [`MAX_VNODES`] (key `vnodes`; read by `ring` only).
    pub vnodes: u32,
    /// Zipf exponent of the requests over keys, 0 to [`MAX_SKEW`] (key `skew`).
    pub skew: f64,
    /// Seed of the hashes, 0 to 4294967295 (key `seed`).
    pub seed: u64,
}

impl Default for ShardingState {
    /// 10,000 keys, hash mod N, from 4 nodes to 5.
    fn default() -> Self {
        ShardingState { keys: 10_000, nodes: 4, to: 5, scheme: Scheme::Modulo, vnodes: 100, skew: 0.0, seed: 1 }
    }
}

/// Key `i`'s hash under `seed`: distinct keys (and seeds up to 2³² − 1) give distinct hashes.
pub fn key_hash(seed: u64, i: u32) -> u64 {
    mix64(((seed & 0xFFFF_FFFF) << 32 | u64::from(i)).wrapping_add(GOLDEN))
}

/// Where point `v` of node `node` (from 0) sits on the ring under `seed`: distinct `(node, v)`
/// give distinct points.
pub fn ring_point(seed: u64, node: u32, v: u32) -> u64 {
    mix64(mix64(seed ^ RING_SALT) ^ (u64::from(node) << 32 | u64::from(v)))
}

/// A consistent-hash ring: every node's points, sorted by position.
#[derive(Clone, Debug, PartialEq)]
pub struct Ring {
    /// `(position, node)`, ascending by position.
    pub points: Vec<(u64, u16)>,
}

impl Ring {
    /// The ring of nodes `0 … nodes − 1` with `vnodes` points each.
    pub fn new(seed: u64, nodes: u32, vnodes: u32) -> Ring {
        let mut points: Vec<(u64, u16)> =
            (0..nodes).flat_map(|n| (0..vnodes).map(move |v| (ring_point(seed, n, v), n as u16))).collect();
        points.sort_unstable();
        Ring { points }
    }

    /// The node owning hash `h`: the first point at or after `h`, or the first point of all
    /// when `h` is past the last one (node 0 on an empty ring).
    pub fn lookup(&self, h: u64) -> u16 {
        let i = self.points.partition_point(|&(p, _)| p < h);
        self.points.get(i).or_else(|| self.points.first()).map_or(0, |&(_, n)| n)
    }

    /// Each node's share of the ring (the arcs that end at its points), as fractions.
    pub fn shares(&self, nodes: u32) -> Vec<f64> {
        let mut share = vec![0.0; nodes as usize];
        let Some(&(last, _)) = self.points.last() else { return share };
        let mut previous = last;
        for &(p, n) in &self.points {
            // The arc from the previous point (exclusive) to this one, wrapping.
            let arc = p.wrapping_sub(previous);
            if let Some(s) = share.get_mut(n as usize) {
                *s += arc as f64 / 2f64.powi(64);
            }
            previous = p;
        }
        if self.points.len() == 1 {
            share[self.points[0].1 as usize] = 1.0;
        }
        share
    }
}

/// A contiguous run of keys `start … end − 1` (in key order) held by one node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyRange {
    /// First key.
    pub start: u32,
    /// One past the last key.
    pub end: u32,
    /// Its node, from 0.
    pub node: u16,
}

impl KeyRange {
    /// Keys in the range.
    pub fn len(&self) -> u32 {
        self.end - self.start
    }

    /// Whether it holds no key.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// The ranges before (`nodes` equal ranges) and after the change to `to` nodes (splits or
/// merges, as the module's documentation says), in key order.
pub fn range_layouts(keys: u32, nodes: u32, to: u32) -> (Vec<KeyRange>, Vec<KeyRange>) {
    let (k, n) = (u64::from(keys), u64::from(nodes.max(1)));
    let before: Vec<KeyRange> = (0..n)
        .map(|j| KeyRange { start: (j * k / n) as u32, end: ((j + 1) * k / n) as u32, node: j as u16 })
        .collect();
    let mut after = before.clone();
    if to > nodes {
        for new in nodes..to {
            // The range with the most keys, the first in key order on a tie.
            let mut at = 0;
            for (i, r) in after.iter().enumerate() {
                if r.len() > after[at].len() {
                    at = i;
                }
            }
            let r = after[at];
            let mid = r.start + r.len() / 2;
            after[at].end = mid;
            after.insert(at + 1, KeyRange { start: mid, end: r.end, node: new as u16 });
        }
    } else {
        for gone in (to..nodes).rev() {
            while let Some(at) = after.iter().position(|r| u32::from(r.node) == gone) {
                let r = after.remove(at);
                if at > 0 {
                    after[at - 1].end = r.end;
                } else if let Some(next) = after.get_mut(0) {
                    next.start = r.start;
                }
            }
        }
    }
    (before, after)
}

/// Each key's share of the requests, by key number: Zipf with exponent `skew`, the last key
/// rank 1 (all alike at 0).
pub fn request_shares(keys: u32, skew: f64) -> Vec<f64> {
    let k = keys as usize;
    if skew == 0.0 {
        return vec![1.0 / keys.max(1) as f64; k];
    }
    let mut w: Vec<f64> = (0..k).map(|i| ((k - i) as f64).powf(-skew)).collect();
    // Summed from the smallest weight up, for accuracy.
    let total: f64 = w.iter().sum();
    for x in &mut w {
        *x /= total;
    }
    w
}

/// One node's figures.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct NodeFigures {
    /// Keys it held before the change.
    pub before: u32,
    /// Keys it holds after the change.
    pub after: u32,
    /// Keys that arrived from other nodes.
    pub moved_in: u32,
    /// Keys that left for other nodes.
    pub moved_out: u32,
    /// Its share of the requests after the change (0 to 1).
    pub requests: f64,
    /// Whether it holds the hottest key after the change.
    pub hot: bool,
}

/// What one change does.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Per node, `max(nodes, to)` of them.
    pub nodes: Vec<NodeFigures>,
    /// Keys whose node changed.
    pub moved: u32,
    /// `moved / keys`.
    pub moved_fraction: f64,
    /// The largest node's keys ÷ the mean `keys/nodes`, before the change.
    pub max_load_before: f64,
    /// The largest node's keys ÷ the mean `keys/to`, after the change.
    pub max_load: f64,
    /// The largest node's requests ÷ the mean `1/to`, after the change.
    pub max_requests: f64,
    /// The hottest key's share of all requests.
    pub hot_key_share: f64,
}

impl ShardingState {
    /// Each key's node (from 0) with `n` nodes under this scheme.
    pub fn assign(&self, n: u32) -> Vec<u16> {
        let n = n.max(1);
        match self.scheme {
            Scheme::Modulo => (0..self.keys).map(|i| (key_hash(self.seed, i) % u64::from(n)) as u16).collect(),
            Scheme::Ring => {
                let ring = Ring::new(self.seed, n, self.vnodes);
                (0..self.keys).map(|i| ring.lookup(key_hash(self.seed, i))).collect()
            }
            Scheme::Range => {
                let (before, after) = range_layouts(self.keys, self.nodes, self.to);
                let layout = if n == self.nodes { before } else { after };
                let mut out = vec![0; self.keys as usize];
                for r in layout {
                    for slot in &mut out[r.start as usize..r.end as usize] {
                        *slot = r.node;
                    }
                }
                out
            }
        }
    }

    /// Everything the widget shows.
    pub fn run(&self) -> Outcome {
        let before = self.assign(self.nodes);
        let after = self.assign(self.to);
        let shares = request_shares(self.keys, self.skew);
        let count = self.nodes.max(self.to) as usize;
        let mut nodes = vec![NodeFigures::default(); count];
        let mut moved = 0;
        for ((&b, &a), &share) in before.iter().zip(&after).zip(&shares) {
            nodes[b as usize].before += 1;
            nodes[a as usize].after += 1;
            nodes[a as usize].requests += share;
            if a != b {
                moved += 1;
                nodes[b as usize].moved_out += 1;
                nodes[a as usize].moved_in += 1;
            }
        }
        // The hottest key is the last one (rank 1).
        if let Some(&a) = after.last() {
            nodes[a as usize].hot = true;
        }
        let keys = f64::from(self.keys.max(1));
        let most = |f: fn(&NodeFigures) -> f64| nodes.iter().map(f).fold(0.0, f64::max);
        Outcome {
            moved,
            moved_fraction: f64::from(moved) / keys,
            max_load_before: most(|x| f64::from(x.before)) / (keys / f64::from(self.nodes.max(1))),
            max_load: most(|x| f64::from(x.after)) / (keys / f64::from(self.to.max(1))),
            max_requests: most(|x| x.requests) * f64::from(self.to.max(1)),
            hot_key_share: shares.last().copied().unwrap_or(0.0),
            nodes,
        }
    }

    /// What the vnodes setting does in this scheme (none: it is used).
    pub fn note(&self) -> Option<&'static str> {
        (self.scheme != Scheme::Ring).then_some("the points per node are used by the ring only")
    }
}

/// A summary of a run, for captions and the live sentence.
pub fn caption(s: &ShardingState, o: &Outcome) -> String {
    format!(
        "{}, {} → {} nodes: {} of {} keys move ({}); the fullest node then holds {}× the mean",
        s.scheme.label(),
        s.nodes,
        s.to,
        grouped(f64::from(o.moved)),
        grouped(f64::from(s.keys)),
        percent(o.moved_fraction),
        super::units::fixed(o.max_load, 2)
    )
}

/// A fraction as a percentage with one decimal.
pub fn percent(fraction: f64) -> String {
    format!("{} %", super::units::fixed(fraction * 100.0, 1))
}

/// Reads a whole number within `[lo, hi]`.
fn whole(text: &str, lo: u64, hi: u64, what: &str) -> Result<u64, String> {
    let v = parse_number(text).map_err(|e| format!("{what}: {e}"))?;
    if v.fract() != 0.0 || v < lo as f64 || v > hi as f64 {
        return Err(format!("{what} must be a whole number from {} to {}", grouped(lo as f64), grouped(hi as f64)));
    }
    Ok(v as u64)
}

impl UrlState for ShardingState {
    const KEYS: &'static [&'static str] = &["preset", "keys", "nodes", "to", "scheme", "vnodes", "skew", "seed"];

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "keys" => self.keys = whole(value, 1, u64::from(MAX_KEYS), "the number of keys")? as u32,
            "nodes" => self.nodes = whole(value, 1, u64::from(MAX_NODES), "the number of nodes before")? as u32,
            "to" => self.to = whole(value, 1, u64::from(MAX_NODES), "the number of nodes after")? as u32,
            "scheme" => {
                self.scheme = Scheme::from_name(value)
                    .ok_or_else(|| format!("unknown scheme; use {}", Scheme::ALL.map(Scheme::name).join(", ")))?
            }
            "vnodes" => self.vnodes = whole(value, 1, u64::from(MAX_VNODES), "the points per node")? as u32,
            "skew" => {
                let v = parse_number(value).map_err(|e| format!("the skew: {e}"))?;
                if !(0.0..=MAX_SKEW).contains(&v) {
                    return Err(format!("the skew must be from 0 (every key alike) to {}", trim(MAX_SKEW)));
                }
                // −0 reads as 0, so that it writes back as 0.
                self.skew = v + 0.0;
            }
            "seed" => self.seed = whole(value, 0, u64::from(u32::MAX), "the seed")?,
            _ => return Err(format!("unknown setting; this widget reads {}", Self::KEYS.join(", "))),
        }
        Ok(())
    }

    fn get(&self, key: &str) -> String {
        match key {
            "preset" => self.named().unwrap_or_default().to_string(),
            "keys" => self.keys.to_string(),
            "nodes" => self.nodes.to_string(),
            "to" => self.to.to_string(),
            "scheme" => self.scheme.name().to_string(),
            "vnodes" => self.vnodes.to_string(),
            "skew" => trim(self.skew),
            "seed" => self.seed.to_string(),
            _ => String::new(),
        }
    }

    crate::scenarios!(Preset);
}

impl Widget for ShardingState {
    const ID: &'static str = "sharding";
    const TITLE: &'static str = "Sharding and consistent hashing";
    const BLURB: &'static str = "Spread keys over nodes by hash mod N, a consistent-hash ring or key ranges, add or remove nodes, and see which keys move and how even the load stays when some keys are hot.";

    /// Per node: keys before and after, moved in and out, and its share of the requests.
    fn twin(&self) -> Option<Table> {
        let o = self.run();
        let mut rows: Vec<Vec<String>> = o
            .nodes
            .iter()
            .enumerate()
            .map(|(i, x)| {
                vec![
                    format!("Node {}{}", i + 1, node_tag(i as u32, self)),
                    grouped(f64::from(x.before)),
                    grouped(f64::from(x.after)),
                    grouped(f64::from(x.moved_in)),
                    grouped(f64::from(x.moved_out)),
                    percent(x.requests),
                ]
            })
            .collect();
        rows.push(vec![
            "All".into(),
            grouped(f64::from(self.keys)),
            grouped(f64::from(self.keys)),
            grouped(f64::from(o.moved)),
            grouped(f64::from(o.moved)),
            "100.0 %".into(),
        ]);
        Some(Table {
            caption: caption(self, &o),
            head: ["Node", "Keys before", "Keys after", "Moved in", "Moved out", "Requests after"].map(String::from).to_vec(),
            rows,
        })
    }
}

/// ` (new)` or ` (removed)` after a node's name when the change adds or removes it.
pub fn node_tag(i: u32, s: &ShardingState) -> &'static str {
    match (i < s.nodes, i < s.to) {
        (false, true) => " (new)",
        (true, false) => " (removed)",
        _ => "",
    }
}

#[cfg(test)]
mod tests;
