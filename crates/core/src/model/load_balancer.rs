//! The `load-balancer` widget's model: a pool of servers behind one balancer, a stream of
//! requests, and what each way of choosing a server does with a slow or a failing server.
//!
//! **A deterministic discrete-event simulation.** Times are whole microseconds.
//! - **Servers.** 2 to [`MAX_SERVERS`], numbered from 1. A server's **weight** is its size: the
//!   number of requests it works on at once (its workers, think cores). Each request takes
//!   [`BASE_MS`] (100 ms) of one worker's time, the same for every request, or `slow_factor`
//!   times that on the **slow** server. A server keeps the requests its workers cannot take yet
//!   in a queue, first come first served. Weights missing from the list are 1; weights beyond
//!   the number of servers are ignored ([`LoadBalancerState::notes`] says so).
//! - **Arrivals.** `requests` requests arrive one after another at a steady rate: [`LOAD`]
//!   (70 %) of what the pool can serve when every server is well, that is
//!   `0.7 × Σweights / 100 ms` = `7 × Σweights` a second (35 a second for five servers of
//!   weight 1). Request `i` (from 0) arrives at `⌊i × 10⁶ / (7 × Σweights)⌋` µs. Each comes from
//!   one of `clients` clients, drawn at random from the seed; the client's id is what `ip-hash`
//!   hashes.
//! - **The failing server** (`down`) is down from t = 0: it refuses every request sent to it at
//!   once (an error, which takes no time and holds no connection), and the balancer does not
//!   retry. Health checks run every `health_s` seconds (at `health_s`, `2 × health_s`, …); the
//!   first check finds it down and takes it out of rotation, so the requests sent to it before
//!   `health_s` are the errors. A request arriving exactly at a check's time meets the new
//!   rotation. The slow server passes its checks: it is slow, not dead.
//! - **Algorithms**, over the servers in rotation: `round-robin` (each in turn), `weighted`
//!   (smooth weighted round robin, as NGINX does it: each pick, every server's credit grows by
//!   its weight, the one with the most credit is chosen and pays the total weight; 3 : 1 : 1
//!   gives 1, 2, 1, 3, 1), `least-connections` (the fewest requests in progress or queued;
//!   ties go to the first at or after the server after the last one chosen),
//!   `ip-hash` (a hash of the client's id picks the server; if that one is out of rotation, the
//!   next one in rotation after it), `random` (uniform), and `two-choices` (two different
//!   servers at random, the one with fewer connections; a tie goes to the first drawn: the
//!   "power of two choices", Mitzenmacher 2001). Only `weighted` reads the weights to choose;
//!   every algorithm meets them as the servers' sizes.
//! - **Reported:** per server, requests sent, served and failed, its p99 and the most
//!   connections it held at once; over the pool, the p50, p99 and worst response time of the
//!   successful requests (nearest rank: the p99 of `n` times is the `⌈0.99 n⌉`-th smallest),
//!   and the errors.
//!
//! Randomness comes from two seeded streams ([`Rng`]): one draws the clients, the other the
//! random choices, so changing the algorithm keeps the same clients.

use super::rng::{GOLDEN, Rng, mix64};
use super::units::{grouped, parse_number, trim};
use super::widget::{Table, UrlState, Widget, or_none};

/// Fewest servers.
pub const MIN_SERVERS: usize = 2;
/// Most servers.
pub const MAX_SERVERS: usize = 10;
/// Largest weight (workers on one server).
pub const MAX_WEIGHT: u32 = 10;
/// Most requests simulated.
pub const MAX_REQUESTS: u32 = 10_000;
/// Most clients.
pub const MAX_CLIENTS: u32 = 100_000;
/// Largest slow factor.
pub const MAX_SLOW_FACTOR: f64 = 100.0;
/// Longest health-check interval, seconds.
pub const MAX_HEALTH_S: f64 = 600.0;
/// Shortest health-check interval, seconds.
pub const MIN_HEALTH_S: f64 = 0.1;
/// Service time of one request on a well server, ms.
pub const BASE_MS: f64 = 100.0;
/// Service time of one request on a well server, µs.
const BASE_US: u64 = 100_000;
/// The offered load: this share of the pool's capacity when every server is well.
pub const LOAD: f64 = 0.7;
/// The arrival rate per unit of weight, a second: `LOAD / BASE_MS` = 0.7 / 0.1 s.
const RATE_PER_WEIGHT: u64 = 7;
/// The second random stream (the algorithm's choices), apart from the clients'.
const CHOICE_STREAM: u64 = 0xC401_CE5A_17B0_0B1E;

names! {
    /// How the balancer picks a server.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Algorithm {
        /// Each server in turn.
        #[default]
        RoundRobin = "round-robin",
        /// Each server in turn, as often as its weight (smooth weighted round robin).
        Weighted = "weighted",
        /// The server with the fewest requests in progress.
        LeastConnections = "least-connections",
        /// A hash of the client's id.
        IpHash = "ip-hash",
        /// Any server, at random.
        Random = "random",
        /// The less busy of two servers drawn at random.
        TwoChoices = "two-choices",
    }
}

impl Algorithm {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Algorithm::RoundRobin => "Round robin",
            Algorithm::Weighted => "Weighted round robin",
            Algorithm::LeastConnections => "Least connections",
            Algorithm::IpHash => "IP hash (client id)",
            Algorithm::Random => "Random",
            Algorithm::TwoChoices => "Power of two choices",
        }
    }
}

names! {
    /// The scenarios the lesson starts from.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Preset {
        /// Five servers, server 3 four times slower, round robin.
        SlowServer = "slow-server",
        /// Five servers, server 2 down from the start, health checks every 10 s, round robin.
        FailingServer = "failing-server",
        /// Three servers of sizes 3, 1 and 1 under plain round robin.
        UnequalServers = "unequal-servers",
        /// Five servers, three clients, IP hash.
        FewClients = "few-clients",
    }
}

impl Preset {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Preset::SlowServer => "A slow server (round robin)",
            Preset::FailingServer => "A failing server and the health checks",
            Preset::UnequalServers => "Servers of sizes 3, 1, 1 (round robin)",
            Preset::FewClients => "Three clients behind IP hash",
        }
    }

    /// The state this scenario stands for.
    pub fn state(self) -> LoadBalancerState {
        let base = LoadBalancerState::default();
        match self {
            Preset::SlowServer => LoadBalancerState { slow: Some(3), slow_factor: 4.0, ..base },
            Preset::FailingServer => LoadBalancerState { down: Some(2), health_s: 10.0, ..base },
            Preset::UnequalServers => LoadBalancerState { servers: 3, weights: vec![3, 1, 1], ..base },
            Preset::FewClients => LoadBalancerState { algorithm: Algorithm::IpHash, clients: 3, ..base },
        }
    }
}

/// The whole state of the widget; it round-trips through a URL query.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadBalancerState {
    /// Servers in the pool, [`MIN_SERVERS`] to [`MAX_SERVERS`] (key `servers`).
    pub servers: usize,
    /// Weights as given, server 1 first, each 1 to [`MAX_WEIGHT`]; empty: all 1 (key
    /// `weights`, e.g. `3,1,1`).
    pub weights: Vec<u32>,
    /// How a server is chosen (key `algorithm`).
    pub algorithm: Algorithm,
    /// Requests simulated, 1 to [`MAX_REQUESTS`] (key `requests`).
    pub requests: u32,
    /// Distinct clients, 1 to [`MAX_CLIENTS`] (key `clients`).
    pub clients: u32,
    /// The slow server, from 1 (key `slow`, `none`).
    pub slow: Option<usize>,
    /// How many times slower it is, 1 to [`MAX_SLOW_FACTOR`] (key `slow_factor`).
    pub slow_factor: f64,
    /// The failing server, from 1 (key `down`, `none`).
    pub down: Option<usize>,
    /// Seconds between health checks, [`MIN_HEALTH_S`] to [`MAX_HEALTH_S`] (key `health_s`).
    pub health_s: f64,
    /// The seed of the random streams, 0 to 4294967295 (key `seed`).
    pub seed: u64,
}

impl Default for LoadBalancerState {
    /// Five equal servers under round robin, 1,000 requests from 50 clients, nothing wrong.
    fn default() -> Self {
        LoadBalancerState {
            servers: 5,
            weights: Vec::new(),
            algorithm: Algorithm::RoundRobin,
            requests: 1_000,
            clients: 50,
            slow: None,
            slow_factor: 4.0,
            down: None,
            health_s: 10.0,
            seed: 1,
        }
    }
}

/// One server's figures after a run.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerRun {
    /// Its weight (workers).
    pub weight: u32,
    /// Whether it is the slow server.
    pub slow: bool,
    /// Whether it is the failing server.
    pub down: bool,
    /// Requests the balancer sent it.
    pub sent: u32,
    /// Requests it served.
    pub served: u32,
    /// Requests it failed (sent while it was down and still in rotation).
    pub errors: u32,
    /// p99 of its response times, ms (none if it served nothing).
    pub p99_ms: Option<f64>,
    /// Most requests it held at once (in progress and queued).
    pub peak: usize,
}

/// Everything one run shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// Per server, server 1 first.
    pub servers: Vec<ServerRun>,
    /// Requests a second.
    pub rate: f64,
    /// Successful requests.
    pub served: u32,
    /// Requests sent to the failing server before a health check took it out.
    pub errors: u32,
    /// Median response time of the successful requests, ms.
    pub p50_ms: Option<f64>,
    /// 99th percentile, ms.
    pub p99_ms: Option<f64>,
    /// Slowest successful request, ms.
    pub max_ms: Option<f64>,
    /// When the failing server left the rotation, seconds (none: no failing server, or the run
    /// ended first).
    pub removed_at_s: Option<f64>,
    /// When the last request arrived, seconds.
    pub last_arrival_s: f64,
}

/// The `p`-th percentile (0–100) of ascending `sorted` by nearest rank: the `⌈p n / 100⌉`-th
/// smallest.
pub fn nearest_rank(sorted: &[u64], p: u32) -> Option<u64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len() as u64;
    let rank = (u64::from(p) * n).div_ceil(100).max(1);
    sorted.get((rank - 1) as usize).copied()
}

/// The arrival time of request `i` (from 0), µs, for a pool of total weight `total_weight`.
pub fn arrival_us(i: u32, total_weight: u64) -> u64 {
    u64::from(i) * 1_000_000 / (RATE_PER_WEIGHT * total_weight.max(1))
}

/// The client of each request (ids from 1), drawn from the seed.
pub fn client_stream(seed: u64, clients: u32, requests: u32) -> Vec<u32> {
    let mut rng = Rng::new(seed);
    let clients = u64::from(clients.max(1));
    (0..requests).map(|_| (rng.next_u64() % clients) as u32 + 1).collect()
}

/// The server (from 0) a client's id hashes to among `servers`.
pub fn hash_slot(client: u32, servers: usize) -> usize {
    (mix64(u64::from(client).wrapping_mul(GOLDEN)) % servers.max(1) as u64) as usize
}

/// A server during a run.
struct Live {
    /// When each worker is next free, µs.
    free_at: Vec<u64>,
    /// Completion times of the requests it holds, ascending.
    holding: Vec<u64>,
    service_us: u64,
    times: Vec<u64>,
    sent: u32,
    errors: u32,
    peak: usize,
}

impl Live {
    /// Forgets the requests done by `t`.
    fn retire(&mut self, t: u64) {
        let done = self.holding.partition_point(|&c| c <= t);
        self.holding.drain(..done);
    }

    /// Takes a request arriving at `t`; returns when it completes.
    fn take(&mut self, t: u64) -> u64 {
        let (slot, free) = self.free_at.iter().copied().enumerate().min_by_key(|&(_, f)| f).unwrap_or((0, t));
        let done = free.max(t) + self.service_us;
        if let Some(w) = self.free_at.get_mut(slot) {
            *w = done;
        }
        let at = self.holding.partition_point(|&c| c <= done);
        self.holding.insert(at, done);
        self.peak = self.peak.max(self.holding.len());
        done
    }
}

/// The first index at or after `start` (cyclically) whose `ok` holds.
fn next_from(start: usize, ok: &[bool]) -> usize {
    let n = ok.len();
    (0..n).map(|k| (start + k) % n).find(|&i| ok[i]).unwrap_or(0)
}

impl LoadBalancerState {
    /// The weight of each server (missing ones are 1, extra ones ignored).
    pub fn effective_weights(&self) -> Vec<u32> {
        (0..self.servers).map(|i| self.weights.get(i).copied().unwrap_or(1)).collect()
    }

    /// The slow server (from 0), if it is one of the pool.
    fn slow_index(&self) -> Option<usize> {
        self.slow.filter(|&s| s >= 1 && s <= self.servers).map(|s| s - 1)
    }

    /// The failing server (from 0), if it is one of the pool.
    fn down_index(&self) -> Option<usize> {
        self.down.filter(|&s| s >= 1 && s <= self.servers).map(|s| s - 1)
    }

    /// Requests a second: [`LOAD`] of the pool's capacity.
    pub fn rate(&self) -> f64 {
        let total: u32 = self.effective_weights().iter().sum();
        (RATE_PER_WEIGHT * u64::from(total)) as f64
    }

    /// What the settings mean where they do not fit each other, in sentences.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        let n = self.servers;
        if !self.weights.is_empty() && self.weights.len() < n {
            let from = self.weights.len() + 1;
            let which = if from == n { format!("server {n} has") } else { format!("servers {from}–{n} have") };
            notes.push(format!("{} weights for {n} servers: {which} none, so weight 1", self.weights.len()));
        }
        if self.weights.len() > n {
            let extra = self.weights.len() - n;
            let which = if extra == 1 { "the last one is".to_string() } else { format!("the last {extra} are") };
            notes.push(format!("{} weights for {n} servers: {which} ignored", self.weights.len()));
        }
        for (what, server) in [("slow", self.slow), ("failing", self.down)] {
            if let Some(s) = server.filter(|&s| s > n) {
                notes.push(format!("there is no server {s} among {n}, so no server is {what}"));
            }
        }
        if self.slow.is_some() && self.slow == self.down && self.down_index().is_some() {
            notes.push(format!("server {} is both slow and failing: failing wins", self.down.unwrap_or(0)));
        }
        notes
    }

    /// Runs the simulation.
    pub fn run(&self) -> Run {
        let weights = self.effective_weights();
        let n = weights.len();
        let total_weight: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let (slow, down) = (self.slow_index(), self.down_index());
        let health_us = (self.health_s * 1e6).round().max(1.0) as u64;
        let slow_us = (BASE_US as f64 * self.slow_factor).round() as u64;
        let mut live: Vec<Live> = weights
            .iter()
            .enumerate()
            .map(|(i, &w)| Live {
                free_at: vec![0; w.max(1) as usize],
                holding: Vec::new(),
                service_us: if Some(i) == slow { slow_us } else { BASE_US },
                times: Vec::new(),
                sent: 0,
                errors: 0,
                peak: 0,
            })
            .collect();
        let clients = client_stream(self.seed, self.clients, self.requests);
        let mut rng = Rng::new(self.seed ^ CHOICE_STREAM);
        let mut in_rotation = vec![true; n];
        let mut removed_at = None;
        let mut cursor = 0usize;
        let mut credit = vec![0i64; n];
        let mut last_arrival = 0;
        // Buffers reused for every request: connections per server, the servers in rotation,
        // and which of them hold the fewest connections.
        let (mut active, mut pool, mut ok) = (vec![0usize; n], Vec::with_capacity(n), vec![false; n]);
        for (i, &client) in clients.iter().enumerate() {
            let t = arrival_us(i as u32, total_weight);
            last_arrival = t;
            if let Some(d) = down.filter(|&d| in_rotation[d] && t >= health_us) {
                in_rotation[d] = false;
                removed_at = Some(health_us);
            }
            for (s, count) in live.iter_mut().zip(active.iter_mut()) {
                s.retire(t);
                *count = s.holding.len();
            }
            pool.clear();
            pool.extend((0..n).filter(|&s| in_rotation[s]));
            let chosen = match self.algorithm {
                Algorithm::RoundRobin => {
                    let s = next_from(cursor, &in_rotation);
                    cursor = s + 1;
                    s
                }
                Algorithm::Weighted => {
                    let mut best = pool[0];
                    for &s in &pool {
                        credit[s] += i64::from(weights[s]);
                        if credit[s] > credit[best] {
                            best = s;
                        }
                    }
                    credit[best] -= pool.iter().map(|&s| i64::from(weights[s])).sum::<i64>();
                    best
                }
                Algorithm::LeastConnections => {
                    let least = pool.iter().map(|&s| active[s]).min().unwrap_or(0);
                    for (s, flag) in ok.iter_mut().enumerate() {
                        *flag = in_rotation[s] && active[s] == least;
                    }
                    let s = next_from(cursor, &ok);
                    cursor = s + 1;
                    s
                }
                Algorithm::IpHash => next_from(hash_slot(client, n), &in_rotation),
                Algorithm::Random => pool[(rng.next_u64() % pool.len() as u64) as usize],
                Algorithm::TwoChoices => {
                    if pool.len() == 1 {
                        pool[0]
                    } else {
                        let a = (rng.next_u64() % pool.len() as u64) as usize;
                        let mut b = (rng.next_u64() % (pool.len() as u64 - 1)) as usize;
                        if b >= a {
                            b += 1;
                        }
                        let (a, b) = (pool[a], pool[b]);
                        if active[b] < active[a] { b } else { a }
                    }
                }
            };
            let server = &mut live[chosen];
            server.sent += 1;
            if Some(chosen) == down {
                server.errors += 1;
            } else {
                let done = server.take(t);
                server.times.push(done - t);
            }
        }
        let mut all: Vec<u64> = live.iter().flat_map(|s| s.times.iter().copied()).collect();
        all.sort_unstable();
        let ms = |us: Option<u64>| us.map(|v| v as f64 / 1e3);
        let servers = live
            .into_iter()
            .enumerate()
            .map(|(i, mut s)| {
                s.times.sort_unstable();
                ServerRun {
                    weight: weights[i],
                    slow: Some(i) == slow && Some(i) != down,
                    down: Some(i) == down,
                    sent: s.sent,
                    served: s.times.len() as u32,
                    errors: s.errors,
                    p99_ms: ms(nearest_rank(&s.times, 99)),
                    peak: s.peak,
                }
            })
            .collect::<Vec<_>>();
        Run {
            rate: self.rate(),
            served: all.len() as u32,
            errors: servers.iter().map(|s| s.errors).sum(),
            p50_ms: ms(nearest_rank(&all, 50)),
            p99_ms: ms(nearest_rank(&all, 99)),
            max_ms: ms(all.last().copied()),
            removed_at_s: removed_at.map(|t| t as f64 / 1e6),
            last_arrival_s: last_arrival as f64 / 1e6,
            servers,
        }
    }
}

/// Milliseconds for people: `100 ms`, `49,000 ms`.
pub fn ms_text(ms: Option<f64>) -> String {
    match ms {
        Some(v) => format!("{} ms", grouped((v * 10.0).round() / 10.0)),
        None => "–".into(),
    }
}

/// Reads a whole number within `[lo, hi]`.
fn whole(text: &str, lo: u64, hi: u64, what: &str) -> Result<u64, String> {
    let v = parse_number(text).map_err(|e| format!("{what}: {e}"))?;
    if v.fract() != 0.0 || v < lo as f64 || v > hi as f64 {
        return Err(format!("{what} must be a whole number from {} to {}", grouped(lo as f64), grouped(hi as f64)));
    }
    Ok(v as u64)
}

/// Reads a server number or `none`.
fn server_number(text: &str, what: &str) -> Result<Option<usize>, String> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    whole(t, 1, MAX_SERVERS as u64, &format!("the {what} server (a server number, or none)")).map(|v| Some(v as usize))
}

/// Reads a list of weights such as `3,1,1` (empty: all 1).
fn weight_list(text: &str) -> Result<Vec<u32>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(Vec::new());
    }
    let items: Vec<&str> = t.split(',').collect();
    if items.len() > MAX_SERVERS {
        return Err(format!("at most {MAX_SERVERS} weights, one per server"));
    }
    items
        .iter()
        .enumerate()
        .map(|(k, item)| whole(item, 1, u64::from(MAX_WEIGHT), &format!("weight {}", k + 1)).map(|v| v as u32))
        .collect()
}

impl UrlState for LoadBalancerState {
    const KEYS: &'static [&'static str] = &[
        "preset",
        "servers",
        "weights",
        "algorithm",
        "requests",
        "clients",
        "slow",
        "slow_factor",
        "down",
        "health_s",
        "seed",
    ];

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "servers" => self.servers = whole(value, MIN_SERVERS as u64, MAX_SERVERS as u64, "the number of servers")? as usize,
            "weights" => self.weights = weight_list(value)?,
            "algorithm" => {
                self.algorithm = Algorithm::from_name(value).ok_or_else(|| {
                    format!("unknown algorithm; use {}", Algorithm::ALL.map(Algorithm::name).join(", "))
                })?
            }
            "requests" => self.requests = whole(value, 1, u64::from(MAX_REQUESTS), "the number of requests")? as u32,
            "clients" => self.clients = whole(value, 1, u64::from(MAX_CLIENTS), "the number of clients")? as u32,
            "slow" => self.slow = server_number(value, "slow")?,
            "down" => self.down = server_number(value, "failing")?,
            "slow_factor" => {
                let v = parse_number(value).map_err(|e| format!("the slow factor: {e}"))?;
                if !(1.0..=MAX_SLOW_FACTOR).contains(&v) {
                    return Err(format!("the slow factor must be from 1 to {} (times the usual 100 ms)", trim(MAX_SLOW_FACTOR)));
                }
                self.slow_factor = v;
            }
            "health_s" => {
                let v = parse_number(value).map_err(|e| format!("the health-check interval: {e}"))?;
                if !(MIN_HEALTH_S..=MAX_HEALTH_S).contains(&v) {
                    return Err(format!(
                        "the health-check interval must be from {} to {} seconds",
                        trim(MIN_HEALTH_S),
                        trim(MAX_HEALTH_S)
                    ));
                }
                self.health_s = v;
            }
            "seed" => self.seed = whole(value, 0, u64::from(u32::MAX), "the seed")?,
            _ => return Err(format!("unknown setting; this widget reads {}", Self::KEYS.join(", "))),
        }
        Ok(())
    }

    fn get(&self, key: &str) -> String {
        match key {
            "preset" => self.named().unwrap_or_default().to_string(),
            "servers" => self.servers.to_string(),
            "weights" => self.weights.iter().map(u32::to_string).collect::<Vec<_>>().join(","),
            "algorithm" => self.algorithm.name().to_string(),
            "requests" => self.requests.to_string(),
            "clients" => self.clients.to_string(),
            "slow" => or_none(self.slow),
            "slow_factor" => trim(self.slow_factor),
            "down" => or_none(self.down),
            "health_s" => trim(self.health_s),
            "seed" => self.seed.to_string(),
            _ => String::new(),
        }
    }

    crate::scenarios!(Preset);
}

impl Widget for LoadBalancerState {
    const ID: &'static str = "load-balancer";
    const TITLE: &'static str = "Load balancer";
    const BLURB: &'static str = "Send a stream of requests through a balancer to a pool with a slow and a failing server, and compare how each algorithm spreads them, what the slowest requests wait and how many fail before a health check.";

    /// Per server: its size, what is wrong with it, requests sent, served and failed, p99.
    fn twin(&self) -> Option<Table> {
        let run = self.run();
        let mut rows: Vec<Vec<String>> = run
            .servers
            .iter()
            .enumerate()
            .map(|(i, s)| {
                vec![
                    format!("Server {}", i + 1),
                    s.weight.to_string(),
                    condition(s, self.slow_factor),
                    grouped(f64::from(s.sent)),
                    grouped(f64::from(s.served)),
                    grouped(f64::from(s.errors)),
                    ms_text(s.p99_ms),
                    s.peak.to_string(),
                ]
            })
            .collect();
        rows.push(vec![
            "All".into(),
            grouped(f64::from(run.servers.iter().map(|s| s.weight).sum::<u32>())),
            String::new(),
            grouped(f64::from(self.requests)),
            grouped(f64::from(run.served)),
            grouped(f64::from(run.errors)),
            ms_text(run.p99_ms),
            String::new(),
        ]);
        Some(Table {
            caption: caption(self, &run),
            head: ["Server", "Weight", "State", "Sent", "Served", "Errors", "p99", "Most at once"].map(String::from).to_vec(),
            rows,
        })
    }
}

/// What is wrong with a server, for people: `well`, `slow ×4`, `down until 10 s`.
pub fn condition(s: &ServerRun, slow_factor: f64) -> String {
    if s.down {
        "failing".into()
    } else if s.slow {
        format!("slow ×{}", trim(slow_factor))
    } else {
        "well".into()
    }
}

/// The run in one line: algorithm, pool, rate, checks.
pub fn caption(s: &LoadBalancerState, run: &Run) -> String {
    let checks = match run.removed_at_s {
        Some(t) => format!("; the health check took the failing server out at {} s", trim(t)),
        None if s.down_index().is_some() => {
            format!("; the run ended before the first health check at {} s", trim(s.health_s))
        }
        None => String::new(),
    };
    format!(
        "{}, {} servers, {} requests from {} clients at {} a second (70 % of the pool's capacity), 100 ms each{}",
        s.algorithm.label(),
        s.servers,
        grouped(f64::from(s.requests)),
        grouped(f64::from(s.clients)),
        grouped(run.rate),
        checks
    )
}

#[cfg(test)]
mod tests;
