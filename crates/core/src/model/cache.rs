//! The `cache` widget's model: a cache of `capacity` items in front of a store of `items`
//! items, a seeded trace of reads and writes, an eviction policy and a write strategy.
//!
//! **The trace.** `requests` requests, each for one of the keys `0 … items − 1`, drawn
//! independently (the *independent reference model*) from a Zipf distribution: key `k` (rank
//! `k + 1`) is asked for with probability `(k + 1)^−s / Σ_j j^−s`, where `s` is the `skew`
//! (0: every key equally likely; web traffic measures near 0.6–0.9, Breslau et al., "Web
//! Caching and Zipf-like Distributions", INFOCOM 1999). The key is sampled exactly by inverse
//! CDF over the precomputed cumulative weights ([`Zipf`]). A share `writes` of the requests are
//! writes (each request is one independently with that chance); a write replaces the key's
//! whole value, so it never needs the old value from the store.
//!
//! **Reads**, the same under every strategy (cache-aside and read-through count alike): a key
//! in the cache is a **hit**; otherwise the value is read from the store (one **store read**)
//! and put into the cache, evicting one item if it is full.
//!
//! **Writes**, by [`Strategy`]:
//! - `cache-aside`: the application writes the store (one store write) and deletes the key
//!   from the cache; the next read of it misses.
//! - `write-through`: the cache and the store are written together (one store write); a key
//!   not cached is put into the cache (write-allocate).
//! - `write-around`: the store is written (one store write); a cached copy is updated in
//!   place, but a key not cached stays out of it (no-write-allocate, in the terms of processor
//!   caches: Hennessy and Patterson, *Computer Architecture*, appendix B).
//! - `write-back`: only the cache is written, and the item is marked dirty (a key not cached is
//!   put in); the store is written when a dirty item is evicted. A crash at the end of the trace
//!   loses every item still dirty: **lost on crash**. (A real write-back cache also flushes on a
//!   timer; this one flushes only on eviction, the upper bound of what a crash can take.)
//!
//! **Eviction**, by [`Policy`]: `lru` evicts the item used least recently (a read or write hit
//! counts as a use); `fifo` the item cached longest ago (a hit changes nothing); `random` an
//! item chosen at random (a seeded stream of its own, so the trace stays the same); `lfu` keeps
//! the keys asked for most often so far, counting every request for every key, cached or not:
//! a key not cached gets in only if it has been asked for at least as often as the least-asked
//! key cached, which it replaces (ties among those go to the one used least recently). That
//! admission test is what TinyLFU approximates with small counters (Einziger, Friedman and
//! Manes, ACM Transactions on Storage, 2017); without it, every one-off key would push out a
//! popular one. A write refused under write-back goes straight to the store.
//!
//! **Reported:** the hit ratio (read hits ÷ reads), store reads, store writes, dirty items
//! lost on a crash; and the hit ratio at a few cache sizes ([`CacheState::curve`]), beside the
//! share of requests that go to the `C` most popular keys, which is what an ideal cache of `C`
//! items would hit under independent requests ([`Zipf::top_share`]).
//!
//! The trace depends only on [`CacheState::trace_inputs`], so the view keeps it while the
//! capacity, the policy or the strategy change; a run is one pass over it with arrays indexed
//! by key (no hashing), O(1) per request (O(log C) for LFU's heap).

use super::rng::Rng;
use super::units::{grouped, parse_number, trim};
use super::widget::{Table, UrlState, Widget};

/// Most keys in the store.
pub const MAX_ITEMS: u32 = 100_000;
/// Longest trace.
pub const MAX_REQUESTS: u32 = 200_000;
/// Largest Zipf exponent.
pub const MAX_SKEW: f64 = 3.0;
/// The second random stream (random eviction's choices), apart from the trace's.
const EVICT_STREAM: u64 = 0x5EED_CAC4_E000_0001;
/// The stream of the write flags, apart from the keys'.
const WRITE_STREAM: u64 = 0x3217_E5F1_A950_0002;
/// No key / empty slot.
const NONE: u32 = u32::MAX;
/// The cache sizes of the chart, as shares of the store.
pub const CURVE_SHARES: [f64; 9] = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5];

names! {
    /// Which item to evict when the cache is full.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub enum Policy {
        /// Least recently used.
        #[default]
        Lru = "lru",
        /// Least frequently used.
        Lfu = "lfu",
        /// First in, first out.
        Fifo = "fifo",
        /// Any item, at random.
        Random = "random",
    }
}

impl Policy {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Policy::Lru => "LRU (least recently used)",
            Policy::Lfu => "LFU (least frequently used)",
            Policy::Fifo => "FIFO (oldest first)",
            Policy::Random => "Random",
        }
    }
}

names! {
    /// What a write does to the cache and the store.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub enum Strategy {
        /// Write the store, delete the cached copy.
        #[default]
        CacheAside = "cache-aside",
        /// Write the cache and the store together.
        WriteThrough = "write-through",
        /// Write the cache only; the store on eviction.
        WriteBack = "write-back",
        /// Write the store; never bring the key into the cache.
        WriteAround = "write-around",
    }
}

impl Strategy {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Strategy::CacheAside => "Cache-aside (write the store, delete the cached copy)",
            Strategy::WriteThrough => "Write-through (cache and store together)",
            Strategy::WriteBack => "Write-back (cache now, store on eviction)",
            Strategy::WriteAround => "Write-around (store only)",
        }
    }
}

names! {
    /// The scenarios the lesson starts from.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Preset {
        /// Web-like skew: 10,000 items, 1 % of them cached, skew 0.8, reads only.
        Skewed = "skewed",
        /// The same cache with every key equally likely.
        Uniform = "uniform",
        /// A write-heavy load under write-back, and what a crash loses.
        WriteBack = "write-back",
    }
}

impl Preset {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Skewed => "Web-like skew: 1 % of the items cached",
            Preset::Uniform => "Every item equally popular",
            Preset::WriteBack => "Write-back, 30 % writes, then a crash",
        }
    }

    /// The state this scenario stands for.
    pub fn state(self) -> CacheState {
        let base = CacheState::default();
        match self {
            Preset::Skewed => CacheState { writes: 0.0, ..base },
            Preset::Uniform => CacheState { writes: 0.0, skew: 0.0, ..base },
            Preset::WriteBack => CacheState { writes: 0.3, strategy: Strategy::WriteBack, ..base },
        }
    }
}

/// The whole state of the widget; it round-trips through a URL query.
#[derive(Clone, Debug, PartialEq)]
pub struct CacheState {
    /// Items the cache holds, 1 to [`MAX_ITEMS`] (key `capacity`; at least `items`: everything
    /// fits).
    pub capacity: u32,
    /// Keys in the store, 1 to [`MAX_ITEMS`] (key `items`).
    pub items: u32,
    /// The Zipf exponent, 0 to [`MAX_SKEW`] (key `skew`).
    pub skew: f64,
    /// The eviction policy (key `policy`).
    pub policy: Policy,
    /// Requests in the trace, 1 to [`MAX_REQUESTS`] (key `requests`).
    pub requests: u32,
    /// The share of requests that are writes, 0 to 1 (key `writes`).
    pub writes: f64,
    /// The write strategy (key `strategy`).
    pub strategy: Strategy,
    /// The seed of the trace, 0 to 4294967295 (key `seed`).
    pub seed: u64,
}

impl Default for CacheState {
    /// 100 of 10,000 items cached, skew 0.8, LRU, 100,000 requests of which 10 % writes,
    /// cache-aside.
    fn default() -> Self {
        CacheState {
            capacity: 100,
            items: 10_000,
            skew: 0.8,
            policy: Policy::Lru,
            requests: 100_000,
            writes: 0.1,
            strategy: Strategy::CacheAside,
            seed: 1,
        }
    }
}

/// The Zipf distribution over `n` keys, with its cumulative weights for exact sampling.
#[derive(Clone, Debug, PartialEq)]
pub struct Zipf {
    /// `cumulative[k]` = Σ_{j ≤ k} (j + 1)^−s (not normalised).
    cumulative: Vec<f64>,
    /// For each of `n` equal slices of `[0, total)`, the first key whose cumulative weight
    /// exceeds the slice's start: where the search for a point in that slice begins (Chen and
    /// Asau's guide table), so a draw costs O(1) on average and gives exactly the binary
    /// search's answer.
    guide: Vec<u32>,
}

impl Zipf {
    /// The distribution over `n ≥ 1` keys with exponent `s ≥ 0`.
    pub fn new(n: u32, s: f64) -> Zipf {
        let n = n.max(1) as usize;
        let mut cumulative = Vec::with_capacity(n);
        let mut sum = 0.0;
        for k in 1..=n {
            sum += (k as f64).powf(-s);
            cumulative.push(sum);
        }
        let mut guide = Vec::with_capacity(n);
        let mut k = 0usize;
        for slice in 0..n {
            let start = sum * slice as f64 / n as f64;
            while k + 1 < n && cumulative[k] <= start {
                k += 1;
            }
            guide.push(k as u32);
        }
        Zipf { cumulative, guide }
    }

    /// Keys.
    pub fn len(&self) -> usize {
        self.cumulative.len()
    }

    /// Never: a distribution has at least one key.
    pub fn is_empty(&self) -> bool {
        self.cumulative.is_empty()
    }

    /// The sum of all weights.
    fn total(&self) -> f64 {
        self.cumulative.last().copied().unwrap_or(1.0)
    }

    /// The exact probability of key `k` (from 0).
    pub fn probability(&self, k: usize) -> f64 {
        let below = if k == 0 { 0.0 } else { self.cumulative.get(k - 1).copied().unwrap_or(0.0) };
        (self.cumulative.get(k).copied().unwrap_or(below) - below) / self.total()
    }

    /// The share of requests that go to the `c` most popular keys: what a cache holding
    /// exactly those would hit under independent requests, the best any cache of `c` items
    /// can do on average.
    pub fn top_share(&self, c: usize) -> f64 {
        if c == 0 {
            return 0.0;
        }
        let i = c.min(self.len()) - 1;
        self.cumulative.get(i).copied().unwrap_or(0.0) / self.total()
    }

    /// The key for a point `u` in `[0, 1)`: the first `k` with `cumulative[k] > u × total`
    /// (the inverse of the distribution function).
    pub fn key(&self, u: f64) -> u32 {
        let n = self.len();
        let x = u * self.total();
        let slice = ((u * n as f64) as usize).min(n - 1);
        let mut k = self.guide[slice] as usize;
        while k + 1 < n && self.cumulative[k] <= x {
            k += 1;
        }
        // Should rounding put the slice's start past `x`, step back to the first key above it.
        while k > 0 && self.cumulative[k - 1] > x {
            k -= 1;
        }
        k as u32
    }

    /// The same answer by binary search (the reference for [`Zipf::key`]).
    pub fn key_by_search(&self, u: f64) -> u32 {
        let x = u * self.total();
        self.cumulative.partition_point(|&c| c <= x).min(self.len() - 1) as u32
    }
}

/// One request of a trace: the key in the low 31 bits, the top bit set for a write.
pub type Request = u32;
/// The write flag of a [`Request`].
pub const WRITE: u32 = 1 << 31;

/// The requests of a trace, drawn from the seed (see the module's documentation).
/// The keys come from one seeded stream and the write flags from another, so a new share of
/// writes keeps the same keys in the same order.
pub fn trace(items: u32, skew: f64, requests: u32, writes: f64, seed: u64) -> Vec<Request> {
    let zipf = Zipf::new(items, skew);
    let mut keys = Rng::new(seed);
    let mut flags = Rng::new(seed ^ WRITE_STREAM);
    (0..requests)
        .map(|_| {
            let key = zipf.key(keys.unit());
            let write = writes > 0.0 && flags.unit() < writes;
            if write { key | WRITE } else { key }
        })
        .collect()
}

/// What one run counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Read requests.
    pub reads: u32,
    /// Reads answered by the cache.
    pub hits: u32,
    /// Write requests.
    pub writes: u32,
    /// Reads sent to the store (the misses).
    pub store_reads: u32,
    /// Writes that reached the store (every write, but under write-back only the evicted dirty
    /// items).
    pub store_writes: u32,
    /// Items evicted to make room.
    pub evictions: u32,
    /// Dirty items in the cache at the end: lost if it crashes then.
    pub lost_on_crash: u32,
    /// Items in the cache at the end.
    pub cached: u32,
}

impl Counts {
    /// Read hits ÷ reads (none without reads).
    pub fn hit_ratio(&self) -> Option<f64> {
        (self.reads > 0).then(|| f64::from(self.hits) / f64::from(self.reads))
    }
}

/// The cache during a run: arrays indexed by key.
struct Cache {
    policy: Policy,
    capacity: usize,
    len: usize,
    /// LRU, FIFO: a doubly linked list of the cached keys, most recent (or newest) at `head`.
    prev: Vec<u32>,
    next: Vec<u32>,
    head: u32,
    tail: u32,
    /// Random: the cached keys, densely; LFU: the heap. `slot[k]`: where key `k` is, or NONE.
    dense: Vec<u32>,
    slot: Vec<u32>,
    /// LRU, FIFO: whether each key is cached.
    cached: Vec<bool>,
    /// LFU: requests per key over the whole trace, and the time of each key's last use.
    count: Vec<u32>,
    last: Vec<u32>,
    rng: Rng,
}

impl Cache {
    fn new(policy: Policy, capacity: usize, items: usize, seed: u64) -> Cache {
        let linked = matches!(policy, Policy::Lru | Policy::Fifo);
        let lfu = policy == Policy::Lfu;
        Cache {
            policy,
            capacity: capacity.max(1),
            len: 0,
            prev: if linked { vec![NONE; items] } else { Vec::new() },
            next: if linked { vec![NONE; items] } else { Vec::new() },
            head: NONE,
            tail: NONE,
            dense: if linked { Vec::new() } else { Vec::with_capacity(capacity.min(items)) },
            slot: if linked { Vec::new() } else { vec![NONE; items] },
            cached: if linked { vec![false; items] } else { Vec::new() },
            count: if lfu { vec![0; items] } else { Vec::new() },
            last: if lfu { vec![0; items] } else { Vec::new() },
            rng: Rng::new(seed ^ EVICT_STREAM),
        }
    }

    fn contains(&self, k: u32) -> bool {
        match self.policy {
            Policy::Lru | Policy::Fifo => self.cached[k as usize],
            Policy::Lfu | Policy::Random => self.slot[k as usize] != NONE,
        }
    }

    /// A request for `k` at time `t`, before anything else happens (LFU counts it).
    fn requested(&mut self, k: u32, t: u32) {
        if self.policy == Policy::Lfu {
            let k = k as usize;
            self.count[k] = self.count[k].saturating_add(1);
            self.last[k] = t;
            if self.slot[k] != NONE {
                // Its count only grew: it can only move down the min-heap.
                self.sift_down(self.slot[k] as usize);
            }
        }
    }

    /// A hit on a cached key: LRU moves it to the front.
    fn touch(&mut self, k: u32) {
        if self.policy == Policy::Lru && self.head != k {
            self.unlink(k);
            self.push_front(k);
        }
    }

    /// Puts `k` (not cached) in: whether it went in, and the key evicted to make room, if any.
    /// LFU refuses a key asked for less often than the least-asked key cached.
    fn insert(&mut self, k: u32) -> (bool, Option<u32>) {
        if self.policy == Policy::Lfu
            && self.len >= self.capacity
            && let Some(&least) = self.dense.first()
            && self.less(k, least)
        {
            return (false, None);
        }
        let victim = if self.len >= self.capacity { self.evict() } else { None };
        self.len += 1;
        match self.policy {
            Policy::Lru | Policy::Fifo => {
                self.cached[k as usize] = true;
                self.push_front(k);
            }
            Policy::Random => {
                self.slot[k as usize] = self.dense.len() as u32;
                self.dense.push(k);
            }
            Policy::Lfu => {
                let i = self.dense.len();
                self.slot[k as usize] = i as u32;
                self.dense.push(k);
                self.sift_up(i);
            }
        }
        (true, victim)
    }

    /// Takes `k` (cached) out.
    fn remove(&mut self, k: u32) {
        self.len -= 1;
        match self.policy {
            Policy::Lru | Policy::Fifo => {
                self.unlink(k);
                self.cached[k as usize] = false;
            }
            Policy::Random => {
                let i = self.slot[k as usize] as usize;
                self.dense.swap_remove(i);
                if let Some(&moved) = self.dense.get(i) {
                    self.slot[moved as usize] = i as u32;
                }
                self.slot[k as usize] = NONE;
            }
            Policy::Lfu => {
                let i = self.slot[k as usize] as usize;
                let end = self.dense.len() - 1;
                self.swap(i, end);
                self.dense.pop();
                self.slot[k as usize] = NONE;
                if i < self.dense.len() {
                    self.sift_down(i);
                    self.sift_up(i);
                }
            }
        }
    }

    /// Evicts one item by the policy; returns it.
    fn evict(&mut self) -> Option<u32> {
        let victim = match self.policy {
            Policy::Lru | Policy::Fifo => self.tail,
            Policy::Random => {
                let n = self.dense.len() as u64;
                *self.dense.get((self.rng.next_u64() % n.max(1)) as usize)?
            }
            Policy::Lfu => *self.dense.first()?,
        };
        if victim == NONE {
            return None;
        }
        self.remove(victim);
        Some(victim)
    }

    fn push_front(&mut self, k: u32) {
        self.prev[k as usize] = NONE;
        self.next[k as usize] = self.head;
        if self.head != NONE {
            self.prev[self.head as usize] = k;
        } else {
            self.tail = k;
        }
        self.head = k;
    }

    fn unlink(&mut self, k: u32) {
        let (p, n) = (self.prev[k as usize], self.next[k as usize]);
        if p != NONE {
            self.next[p as usize] = n;
        } else {
            self.head = n;
        }
        if n != NONE {
            self.prev[n as usize] = p;
        } else {
            self.tail = p;
        }
    }

    /// LFU's order: fewer requests first, then the one used longer ago.
    fn less(&self, a: u32, b: u32) -> bool {
        let (a, b) = (a as usize, b as usize);
        (self.count[a], self.last[a]) < (self.count[b], self.last[b])
    }

    fn swap(&mut self, i: usize, j: usize) {
        self.dense.swap(i, j);
        self.slot[self.dense[i] as usize] = i as u32;
        self.slot[self.dense[j] as usize] = j as u32;
    }

    fn sift_up(&mut self, mut i: usize) {
        while i > 0 {
            let parent = (i - 1) / 2;
            if self.less(self.dense[i], self.dense[parent]) {
                self.swap(i, parent);
                i = parent;
            } else {
                break;
            }
        }
    }

    fn sift_down(&mut self, mut i: usize) {
        let n = self.dense.len();
        loop {
            let (l, r) = (2 * i + 1, 2 * i + 2);
            let mut least = i;
            if l < n && self.less(self.dense[l], self.dense[least]) {
                least = l;
            }
            if r < n && self.less(self.dense[r], self.dense[least]) {
                least = r;
            }
            if least == i {
                break;
            }
            self.swap(i, least);
            i = least;
        }
    }
}

/// Runs `trace` through a cache of `capacity` items over `items` keys.
pub fn simulate(trace: &[Request], items: u32, capacity: u32, policy: Policy, strategy: Strategy, seed: u64) -> Counts {
    let items = items.max(1) as usize;
    let mut cache = Cache::new(policy, capacity as usize, items, seed);
    let mut dirty = if strategy == Strategy::WriteBack { vec![false; items] } else { Vec::new() };
    let mut c = Counts::default();
    for (t, &request) in trace.iter().enumerate() {
        let k = request & !WRITE;
        if k as usize >= items {
            continue;
        }
        cache.requested(k, t as u32);
        let cached = cache.contains(k);
        let write = request & WRITE != 0;
        let allocate = if write {
            c.writes += 1;
            match strategy {
                Strategy::CacheAside => {
                    c.store_writes += 1;
                    if cached {
                        cache.remove(k);
                    }
                    false
                }
                Strategy::WriteThrough => {
                    c.store_writes += 1;
                    true
                }
                Strategy::WriteAround => {
                    c.store_writes += 1;
                    false
                }
                Strategy::WriteBack => {
                    dirty[k as usize] = true;
                    true
                }
            }
        } else {
            c.reads += 1;
            if cached {
                c.hits += 1;
            } else {
                c.store_reads += 1;
            }
            true
        };
        if cached && !(write && strategy == Strategy::CacheAside) {
            cache.touch(k);
        } else if !cached && allocate {
            let (admitted, victim) = cache.insert(k);
            if let Some(victim) = victim {
                c.evictions += 1;
                if let Some(d) = dirty.get_mut(victim as usize).filter(|d| **d) {
                    *d = false;
                    c.store_writes += 1;
                }
            }
            if !admitted && write && strategy == Strategy::WriteBack {
                // Refused by LFU: the write goes straight to the store.
                dirty[k as usize] = false;
                c.store_writes += 1;
            }
        }
    }
    c.lost_on_crash = dirty.iter().filter(|&&d| d).count() as u32;
    c.cached = cache.len as u32;
    c
}

/// A point of the chart: a cache size and the hit ratio there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CurvePoint {
    /// Items cached.
    pub capacity: u32,
    /// The simulated hit ratio (0 without reads).
    pub hit_ratio: f64,
    /// The share of requests to the `capacity` most popular keys.
    pub ideal: f64,
}

impl CacheState {
    /// What the trace depends on: items, skew, requests, writes, seed.
    pub fn trace_inputs(&self) -> (u32, f64, u32, f64, u64) {
        (self.items, self.skew, self.requests, self.writes, self.seed)
    }

    /// The trace of this state.
    pub fn trace(&self) -> Vec<Request> {
        trace(self.items, self.skew, self.requests, self.writes, self.seed)
    }

    /// The run of this state over `trace` (which must be [`CacheState::trace`]'s).
    pub fn run_on(&self, trace: &[Request]) -> Counts {
        simulate(trace, self.items, self.capacity, self.policy, self.strategy, self.seed)
    }

    /// The run of this state.
    pub fn run(&self) -> Counts {
        self.run_on(&self.trace())
    }

    /// The cache sizes of the chart: [`CURVE_SHARES`] of the store, whole, at least 1, without
    /// repeats.
    pub fn curve_sizes(&self) -> Vec<u32> {
        let mut sizes: Vec<u32> =
            CURVE_SHARES.iter().map(|s| ((f64::from(self.items) * s).round() as u32).max(1)).collect();
        sizes.dedup();
        sizes
    }

    /// The hit ratio at each size of [`CacheState::curve_sizes`], with the ideal beside it,
    /// over `trace` (this state's).
    pub fn curve_on(&self, trace: &[Request]) -> Vec<CurvePoint> {
        let zipf = Zipf::new(self.items, self.skew);
        self.curve_sizes()
            .into_iter()
            .map(|capacity| {
                let c = simulate(trace, self.items, capacity, self.policy, self.strategy, self.seed);
                CurvePoint { capacity, hit_ratio: c.hit_ratio().unwrap_or(0.0), ideal: zipf.top_share(capacity as usize) }
            })
            .collect()
    }

    /// The share of requests to the `capacity` most popular keys.
    pub fn ideal(&self) -> f64 {
        Zipf::new(self.items, self.skew).top_share(self.capacity as usize)
    }
}

/// How many runs [`remembered_run`] keeps.
const REMEMBERED: usize = 100_000;

/// Every field of a state, hashable.
type StateKey = (u32, u32, u64, Policy, u32, u64, Strategy, u64);

/// The trace's inputs, hashable.
type TraceKey = (u32, u64, u32, u64, u64);

/// The last trace drawn with its inputs, and the runs remembered.
type Memory = (Option<(TraceKey, Vec<Request>)>, std::collections::HashMap<StateKey, Counts>);

std::thread_local! {
    /// The last trace drawn, with what it was drawn from, and the runs done so far.
    static MEMORY: std::cell::RefCell<Memory> = std::cell::RefCell::new((None, std::collections::HashMap::new()));
}

/// [`CacheState::run`], remembering the last trace and up to [`REMEMBERED`] runs: the static
/// pages and the tests that read the figures of many states (a hundred thousand hostile
/// queries, most of them the same few states) pay for each run once. The result is the run's,
/// whatever was remembered.
pub fn remembered_run(s: &CacheState) -> Counts {
    let key: StateKey =
        (s.capacity, s.items, s.skew.to_bits(), s.policy, s.requests, s.writes.to_bits(), s.strategy, s.seed);
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        let (last, runs) = &mut *memory;
        if let Some(c) = runs.get(&key) {
            return *c;
        }
        let trace_key: TraceKey = (s.items, s.skew.to_bits(), s.requests, s.writes.to_bits(), s.seed);
        if last.as_ref().is_none_or(|(k, _)| *k != trace_key) {
            *last = Some((trace_key, s.trace()));
        }
        let c = last.as_ref().map_or_else(|| s.run(), |(_, t)| s.run_on(t));
        if runs.len() >= REMEMBERED {
            runs.clear();
        }
        runs.insert(key, c);
        c
    })
}

/// A fraction as a percentage for people: `42.3 %`.
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

/// Reads a number within `[lo, hi]`.
fn within(text: &str, lo: f64, hi: f64, what: &str) -> Result<f64, String> {
    let v = parse_number(text).map_err(|e| format!("{what}: {e}"))?;
    if !(lo..=hi).contains(&v) {
        return Err(format!("{what} must be from {} to {}", trim(lo), trim(hi)));
    }
    // −0 reads as 0, so that it writes back as 0.
    Ok(v + 0.0)
}

impl UrlState for CacheState {
    const KEYS: &'static [&'static str] =
        &["preset", "capacity", "items", "skew", "policy", "requests", "writes", "strategy", "seed"];

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "capacity" => {
                self.capacity = whole(value, 1, u64::from(MAX_ITEMS), "the cache's capacity (items)")? as u32
            }
            "items" => self.items = whole(value, 1, u64::from(MAX_ITEMS), "the number of items in the store")? as u32,
            "skew" => self.skew = within(value, 0.0, MAX_SKEW, "the skew (Zipf exponent)")?,
            "policy" => {
                self.policy = Policy::from_name(value)
                    .ok_or_else(|| format!("unknown policy; use {}", Policy::ALL.map(Policy::name).join(", ")))?
            }
            "requests" => {
                self.requests = whole(value, 1, u64::from(MAX_REQUESTS), "the number of requests")? as u32
            }
            "writes" => self.writes = within(value, 0.0, 1.0, "the share of writes")?,
            "strategy" => {
                self.strategy = Strategy::from_name(value)
                    .ok_or_else(|| format!("unknown strategy; use {}", Strategy::ALL.map(Strategy::name).join(", ")))?
            }
            "seed" => self.seed = whole(value, 0, u64::from(u32::MAX), "the seed")?,
            _ => return Err(format!("unknown setting; this widget reads {}", Self::KEYS.join(", "))),
        }
        Ok(())
    }

    fn get(&self, key: &str) -> String {
        match key {
            "preset" => self.named().unwrap_or_default().to_string(),
            "capacity" => self.capacity.to_string(),
            "items" => self.items.to_string(),
            "skew" => trim(self.skew),
            "policy" => self.policy.name().to_string(),
            "requests" => self.requests.to_string(),
            "writes" => trim(self.writes),
            "strategy" => self.strategy.name().to_string(),
            "seed" => self.seed.to_string(),
            _ => String::new(),
        }
    }

    crate::scenarios!(Preset);
}

/// The run in one line: cache, store, skew, trace, policy, strategy.
pub fn caption(s: &CacheState) -> String {
    format!(
        "A cache of {} items in front of {} items, skew {}, {} requests ({} writes), {}, {}",
        grouped(f64::from(s.capacity)),
        grouped(f64::from(s.items)),
        trim(s.skew),
        grouped(f64::from(s.requests)),
        percent(s.writes),
        s.policy.label(),
        s.strategy.label()
    )
}

impl Widget for CacheState {
    const ID: &'static str = "cache";
    const TITLE: &'static str = "Cache";
    const BLURB: &'static str = "Put a cache in front of a store, draw requests with more or less skew, and compare eviction policies and write strategies: hit ratio, store reads and writes, and what a crash loses under write-back.";

    /// The run's figures.
    fn twin(&self) -> Option<Table> {
        let c = remembered_run(self);
        let row = |label: &str, value: String| vec![label.to_string(), value];
        Some(Table {
            caption: caption(self),
            head: vec![String::new(), "Value".into()],
            rows: vec![
                row("Hit ratio (read hits ÷ reads)", c.hit_ratio().map_or_else(|| "no reads".into(), percent)),
                row("The top items' share of requests", percent(self.ideal())),
                row("Store reads", grouped(f64::from(c.store_reads))),
                row("Store writes", grouped(f64::from(c.store_writes))),
                row("Dirty items lost in a crash", grouped(f64::from(c.lost_on_crash))),
            ],
        })
    }
}

#[cfg(test)]
mod tests;
