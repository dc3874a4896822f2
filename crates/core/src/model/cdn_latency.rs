//! The `cdn-latency` widget's model: from distance to page load, with and without a CDN.
//!
//! **Distance.** Light in optical fiber travels at about 200,000 km/s (two thirds of its speed
//! in vacuum), so a path of `d` km costs `d / 200` ms one way and `d / 100` ms for a round
//! trip (RTT). City presets use the great-circle distance times [`ROUTE_FACTOR`], because
//! cables do not follow great circles.
//!
//! **Connection set-up**, in round trips before the first request ([`Protocol`]): TCP 1, TLS 1.2
//! +2, TLS 1.3 +1; HTTP/3 over QUIC does transport and TLS 1.3 together in 1. A reused
//! connection costs nothing.
//!
//! **A page** is one HTML document, then `assets` files. Over HTTP/1.1 they go `connections` at
//! a time (1 = one after another), each extra connection needing its own set-up (opened in
//! parallel); HTTP/2 and HTTP/3 multiplex them all in one round. Each round costs a round trip
//! plus the server's processing time; transfer costs size ÷ bandwidth, the bandwidth shared.
//!
//! **With a CDN** the client talks to an edge server `edge_km` away. A hit is served by the
//! edge; a miss costs the edge→origin round trip and the origin's processing on top. The edge
//! is assumed to sit on the way, so edge→origin is `distance_km − edge_km`, and to keep its
//! connection to the origin open. With pull, a request hits with probability `hit_ratio`
//! (the page included: a static site); push never misses. Within a round all misses overlap,
//! so a round pays the miss penalty once if any of its requests misses: `1 − hᵐ` for `m`
//! requests.
//!
//! [`estimate`] gives expected times (ms); [`simulate`] draws page loads from a seeded
//! generator, with each round trip lengthened by random queueing delay (`jitter`), and
//! reports percentiles. Everything is total: inputs are validated by [`CdnState::from_query`]
//! and the maths clamps what it is given.

use super::rng::Rng;
use super::units::{parse_number, trim};

/// Kilometres light covers in fiber per millisecond (≈ 200,000 km/s).
pub const FIBER_KM_PER_MS: f64 = 200.0;

/// How much longer than the great circle a city preset's path is taken to be.
pub const ROUTE_FACTOR: f64 = 1.5;

/// Largest distance accepted, km: twice the longest possible great circle (40,000 km) is
/// generous even for a 200 ms one-way trip (40,000 km, the Earth's circumference).
pub const MAX_KM: f64 = 50_000.0;

/// Most assets a page may have.
pub const MAX_ASSETS: u32 = 1_000;

/// Round-trip time in ms over `km` of fiber.
pub fn rtt_ms(km: f64) -> f64 {
    2.0 * km.max(0.0) / FIBER_KM_PER_MS
}

names! {
    /// The transport and security stack of the connection.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Protocol {
        /// HTTP/1.1 over TCP and TLS 1.2: 1 + 2 round trips of set-up, no multiplexing.
        H1Tls12 = "h1-tls12",
        /// HTTP/2 over TCP and TLS 1.3: 1 + 1 round trips, requests multiplexed.
        #[default]
        H2Tls13 = "h2-tls13",
        /// HTTP/3 over QUIC: transport and TLS 1.3 in 1 round trip, requests multiplexed.
        H3 = "h3",
    }
}

impl Protocol {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Protocol::H1Tls12 => "HTTP/1.1, TCP + TLS 1.2",
            Protocol::H2Tls13 => "HTTP/2, TCP + TLS 1.3",
            Protocol::H3 => "HTTP/3, QUIC",
        }
    }

    /// Round trips for the transport handshake (TCP; QUIC's combined handshake counts here).
    pub fn connect_rtts(self) -> f64 {
        1.0
    }

    /// Round trips the TLS handshake adds after the transport's.
    pub fn tls_rtts(self) -> f64 {
        match self {
            Protocol::H1Tls12 => 2.0,
            Protocol::H2Tls13 => 1.0,
            Protocol::H3 => 0.0,
        }
    }

    /// Whether all requests share one connection at once.
    pub fn multiplexed(self) -> bool {
        self != Protocol::H1Tls12
    }
}

names! {
    /// How content reaches the edge servers.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Strategy {
        /// The edge fetches from the origin on a miss and keeps the copy for a TTL.
        #[default]
        Pull = "pull",
        /// Content is published to the edges ahead of time: no misses, but every change must be
        /// pushed again.
        Push = "push",
    }
}

/// A city for the distance presets: name, latitude and longitude in degrees.
pub const CITIES: [(&str, f64, f64); 10] = [
    ("São Paulo", -23.55, -46.63),
    ("Ashburn (US East)", 39.04, -77.49),
    ("San Francisco", 37.77, -122.42),
    ("London", 51.51, -0.13),
    ("Frankfurt", 50.11, 8.68),
    ("Johannesburg", -26.20, 28.05),
    ("Mumbai", 19.08, 72.88),
    ("Singapore", 1.35, 103.82),
    ("Tokyo", 35.68, 139.69),
    ("Sydney", -33.87, 151.21),
];

/// Great-circle distance between two points (degrees), km, on a sphere of radius 6,371 km.
pub fn great_circle_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6_371.0 * h.clamp(0.0, 1.0).sqrt().asin()
}

/// Great-circle distances between [`CITIES`], km, rounded: [`great_circle_km`] worked out
/// ahead (a test checks every entry), so the browser needs no trigonometry.
pub const GREAT_CIRCLE_KM: [[u16; 10]; 10] = [
    [0, 7664, 10434, 9497, 9829, 7429, 13774, 15987, 18535, 13357],
    [7664, 0, 3877, 5917, 6549, 13087, 12855, 15522, 10872, 15674],
    [10434, 3877, 0, 8617, 9134, 16965, 13494, 13582, 8272, 11947],
    [9497, 5917, 8617, 0, 638, 9070, 7192, 10848, 9559, 16994],
    [9829, 6549, 9134, 638, 0, 8698, 6564, 10258, 9333, 16483],
    [7429, 13087, 16965, 9070, 8698, 0, 6983, 8659, 13539, 11041],
    [13774, 12855, 13494, 7192, 6564, 6983, 0, 3904, 6723, 10157],
    [15987, 15522, 13582, 10848, 10258, 8659, 3904, 0, 5314, 6306],
    [18535, 10872, 8272, 9559, 9333, 13539, 6723, 5314, 0, 7826],
    [13357, 15674, 11947, 16994, 16483, 11041, 10157, 6306, 7826, 0],
];

/// The path length a city pair is given: great circle × [`ROUTE_FACTOR`], whole km.
pub fn city_path_km(from: usize, to: usize) -> Option<f64> {
    let km = GREAT_CIRCLE_KM.get(from)?.get(to)?;
    Some((f64::from(*km) * ROUTE_FACTOR).round())
}

names! {
    /// The named setups lessons and instructors start from.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Preset {
        /// A classic worst case: a 200 ms one-way trip (40,000 km of fiber), a page with 10
        /// images, HTTP/1.1 — shown beside the leg-by-leg sum ([`ENVELOPE_LEGS`]).
        TenImagesAt200Ms = "200ms-10-images",
        /// São Paulo → Ashburn (US East): a real distance, for comparison with the 200 ms case.
        SaoPauloAshburn = "sao-paulo-ashburn",
        /// London → Sydney, about as far as users get from an origin.
        LondonSydney = "london-sydney",
        /// Frankfurt → Singapore.
        FrankfurtSingapore = "frankfurt-singapore",
    }
}

impl Preset {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Preset::TenImagesAt200Ms => "200 ms each way, 10 images, HTTP/1.1",
            Preset::SaoPauloAshburn => "São Paulo → Ashburn, real distance",
            Preset::LondonSydney => "London → Sydney",
            Preset::FrankfurtSingapore => "Frankfurt → Singapore",
        }
    }

    /// The preset of a name, or of an older name still found in shared links.
    pub fn from_name_or_alias(name: &str) -> Option<Preset> {
        Preset::from_name(name).or_else(|| {
            ALIASES.iter().find(|(old, _)| old.eq_ignore_ascii_case(name.trim())).map(|(_, p)| *p)
        })
    }

    /// The state this preset sets (everything else at its default).
    pub fn state(self) -> CdnState {
        let city = |a, b| city_path_km(a, b).unwrap_or(10_000.0);
        let mut s = CdnState { preset: Some(self), ..CdnState::default() };
        match self {
            Preset::TenImagesAt200Ms => {
                s.distance_km = 40_000.0;
                s.protocol = Protocol::H1Tls12;
                s.connections = 6;
                s.assets = 10;
            }
            Preset::SaoPauloAshburn => s.distance_km = city(0, 1),
            Preset::LondonSydney => s.distance_km = city(3, 9),
            Preset::FrankfurtSingapore => s.distance_km = city(4, 7),
        }
        s
    }
}

/// Older preset names that links shared before a rename still carry, and the preset each
/// now opens (the URL is then rewritten with the current name).
pub const ALIASES: [(&str, Preset); 1] = [("notes", Preset::TenImagesAt200Ms)];

/// The whole state of the widget; it round-trips through a URL query.
#[derive(Clone, Debug, PartialEq)]
pub struct CdnState {
    /// Client ↔ origin path, km.
    pub distance_km: f64,
    /// Client ↔ edge path, km.
    pub edge_km: f64,
    /// Share of requests the edge answers from its cache (pull), 0–1.
    pub hit_ratio: f64,
    /// Pull or push.
    pub strategy: Strategy,
    /// Files the page loads after its HTML.
    pub assets: u32,
    /// Size of each asset, KB (1 KB = 1,000 bytes).
    pub asset_kb: f64,
    /// Size of the HTML document, KB.
    pub html_kb: f64,
    /// Connection protocol.
    pub protocol: Protocol,
    /// Parallel connections for HTTP/1.1 (1 = one request at a time).
    pub connections: u32,
    /// The connection is already open (no set-up).
    pub reuse: bool,
    /// Client bandwidth, Mbit/s.
    pub bandwidth_mbps: f64,
    /// Server processing per request at the origin, ms.
    pub origin_ms: f64,
    /// Server processing per request at the edge, ms.
    pub edge_ms: f64,
    /// DNS lookup before connecting, ms (0: cached).
    pub dns_ms: f64,
    /// Random queueing delay per round trip, as a share of its RTT (0 = none).
    pub jitter: f64,
    /// Seed of the page-load simulation.
    pub seed: u64,
    /// What the chart's x axis shows.
    pub chart: ChartAxis,
    /// The preset this state came from, while nothing has been changed since.
    pub preset: Option<Preset>,
}

names! {
    /// The chart's x axis.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum ChartAxis {
        /// Page load against the cache hit ratio.
        #[default]
        HitRatio = "hit",
        /// Page load against the client ↔ origin distance.
        Distance = "distance",
    }
}

impl Default for CdnState {
    fn default() -> Self {
        CdnState {
            distance_km: 11_000.0,
            edge_km: 50.0,
            hit_ratio: 0.9,
            strategy: Strategy::Pull,
            assets: 10,
            asset_kb: 100.0,
            html_kb: 30.0,
            protocol: Protocol::H2Tls13,
            connections: 6,
            reuse: false,
            bandwidth_mbps: 50.0,
            origin_ms: 20.0,
            edge_ms: 2.0,
            dns_ms: 0.0,
            jitter: 0.3,
            seed: 1,
            chart: ChartAxis::HitRatio,
            preset: None,
        }
    }
}

pub use super::query::ParamProblem;
use super::widget::{Table, UrlState, Widget};

/// Reads a number within `[lo, hi]`, with the unit for the message.
pub fn parse_in(text: &str, lo: f64, hi: f64, unit: &str) -> Result<f64, String> {
    let v = parse_number(text).map_err(|e| e.to_string())?;
    if v < lo || v > hi {
        return Err(format!("use a value from {} to {}{unit}", trim(lo), trim(hi)));
    }
    Ok(v)
}

/// Reads a whole number within `[lo, hi]`.
pub fn parse_count(text: &str, lo: u32, hi: u32) -> Result<u32, String> {
    let v = parse_in(text, f64::from(lo), f64::from(hi), "")?;
    if v.fract() != 0.0 {
        return Err("use a whole number".into());
    }
    Ok(v as u32)
}

impl UrlState for CdnState {
    const KEYS: &'static [&'static str] = &[
        "preset",
        "distance_km",
        "edge_km",
        "hit_ratio",
        "strategy",
        "assets",
        "asset_kb",
        "html_kb",
        "protocol",
        "connections",
        "reuse",
        "bandwidth_mbps",
        "origin_ms",
        "edge_ms",
        "dns_ms",
        "jitter",
        "seed",
        "chart",
    ];

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let named = |names: &[&str]| format!("“{value}”: use {}", names.join(" or "));
        match key {
            "distance_km" => self.distance_km = parse_in(value, 0.0, MAX_KM, " km")?,
            "edge_km" => self.edge_km = parse_in(value, 0.0, MAX_KM, " km")?,
            "hit_ratio" => {
                self.hit_ratio = parse_in(value, 0.0, 1.0, " (0: every request misses, 1: every request hits)")?
            }
            "strategy" => self.strategy = Strategy::from_name(value).ok_or_else(|| named(&Strategy::ALL.map(Strategy::name)))?,
            "assets" => self.assets = parse_count(value, 0, MAX_ASSETS)?,
            "asset_kb" => self.asset_kb = parse_in(value, 0.0, 1e6, " KB")?,
            "html_kb" => self.html_kb = parse_in(value, 0.0, 1e6, " KB")?,
            "protocol" => self.protocol = Protocol::from_name(value).ok_or_else(|| named(&Protocol::ALL.map(Protocol::name)))?,
            "connections" => self.connections = parse_count(value, 1, 16)?,
            "reuse" => {
                self.reuse = match value.trim() {
                    "true" | "1" | "yes" => true,
                    "false" | "0" | "no" => false,
                    _ => return Err(named(&["true", "false"])),
                }
            }
            "bandwidth_mbps" => self.bandwidth_mbps = parse_in(value, 0.01, 1e6, " Mbit/s")?,
            "origin_ms" => self.origin_ms = parse_in(value, 0.0, 60_000.0, " ms")?,
            "edge_ms" => self.edge_ms = parse_in(value, 0.0, 60_000.0, " ms")?,
            "dns_ms" => self.dns_ms = parse_in(value, 0.0, 60_000.0, " ms")?,
            "jitter" => self.jitter = parse_in(value, 0.0, 5.0, "")?,
            "seed" => self.seed = parse_count(value, 0, u32::MAX)?.into(),
            "chart" => self.chart = ChartAxis::from_name(value).ok_or_else(|| named(&ChartAxis::ALL.map(ChartAxis::name)))?,
            _ => return Err(format!("unknown parameter; this widget reads {}", Self::KEYS.join(", "))),
        }
        Ok(())
    }

    fn get(&self, key: &str) -> String {
        match key {
            "distance_km" => trim(self.distance_km),
            "edge_km" => trim(self.edge_km),
            "hit_ratio" => trim(self.hit_ratio),
            "strategy" => self.strategy.name().to_string(),
            "assets" => self.assets.to_string(),
            "asset_kb" => trim(self.asset_kb),
            "html_kb" => trim(self.html_kb),
            "protocol" => self.protocol.name().to_string(),
            "connections" => self.connections.to_string(),
            "reuse" => self.reuse.to_string(),
            "bandwidth_mbps" => trim(self.bandwidth_mbps),
            "origin_ms" => trim(self.origin_ms),
            "edge_ms" => trim(self.edge_ms),
            "dns_ms" => trim(self.dns_ms),
            "jitter" => trim(self.jitter),
            "seed" => self.seed.to_string(),
            "chart" => self.chart.name().to_string(),
            _ => String::new(),
        }
    }

    fn preset(name: &str) -> Option<CdnState> {
        Preset::from_name_or_alias(name).map(Preset::state)
    }

    fn presets() -> Vec<&'static str> {
        Preset::ALL.map(Preset::name).to_vec()
    }

    fn scenario_label(name: &str) -> Option<&'static str> {
        Preset::from_name(name).map(Preset::label)
    }

    fn named(&self) -> Option<&'static str> {
        self.preset.map(Preset::name)
    }

    /// A preset stays named only while the other values agree with it (the chart's axis is a
    /// way of looking, not part of the setup).
    fn settle(&mut self, _problems: &mut Vec<ParamProblem>) {
        let state = self.clone();
        self.preset =
            state.preset.filter(|p| CdnState { preset: Some(*p), chart: ChartAxis::HitRatio, ..state.clone() } == p.state());
    }
}

impl Widget for CdnState {
    const ID: &'static str = "cdn-latency";
    const TITLE: &'static str = "CDN latency";
    const BLURB: &'static str =
        "See how distance, protocol handshakes and cache hits add up to a page load, with and without a CDN.";

    /// Round trips, time to first byte and page load, without and with the CDN.
    fn twin(&self) -> Option<Table> {
        let e = estimate(self);
        let ms = |v: f64| format!("{} ms", super::units::grouped(super::units::significant(v, 4)));
        Some(Table {
            caption: format!(
                "Expected times at these settings: {} km to the origin, {} km to the edge, hit ratio {} %",
                super::units::grouped(self.distance_km),
                super::units::grouped(self.edge_km),
                trim(self.hit_ratio * 100.0)
            ),
            head: vec![String::new(), "Without a CDN".into(), "With the CDN".into()],
            rows: vec![
                vec!["Round trip".into(), ms(e.rtt_origin), ms(e.rtt_edge)],
                vec!["Time to first byte".into(), ms(e.origin.ttfb), ms(e.cdn.ttfb)],
                vec!["Page load".into(), ms(e.origin.total), ms(e.cdn.total)],
            ],
        })
    }
}

impl CdnState {
    /// Probability that a request misses the edge cache.
    pub fn miss_probability(&self) -> f64 {
        match self.strategy {
            Strategy::Push => 0.0,
            Strategy::Pull => (1.0 - self.hit_ratio).clamp(0.0, 1.0),
        }
    }

    /// Edge → origin path, km (the edge sits on the way).
    pub fn edge_origin_km(&self) -> f64 {
        (self.distance_km - self.edge_km).max(0.0)
    }

    /// The state with everything a page load *without* a CDN does not depend on (edge,
    /// hit ratio, strategy, chart, preset name) set to defaults: equal projections give equal
    /// [`estimate`]`().origin` and [`simulate_origin`].
    pub fn origin_inputs(&self) -> CdnState {
        let d = CdnState::default();
        CdnState {
            edge_km: d.edge_km,
            hit_ratio: d.hit_ratio,
            strategy: d.strategy,
            edge_ms: d.edge_ms,
            ..self.simulation_inputs()
        }
    }

    /// The state without what only labels it (chart axis, preset name): equal projections give
    /// equal [`estimate`] and [`simulate`].
    pub fn simulation_inputs(&self) -> CdnState {
        CdnState { chart: ChartAxis::default(), preset: None, ..self.clone() }
    }
}

/// Where the time of a page load goes, ms (expected values).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Phases {
    /// DNS lookup.
    pub dns: f64,
    /// Transport handshake (TCP, or QUIC's combined one).
    pub connect: f64,
    /// TLS handshake on top.
    pub tls: f64,
    /// Request round trips and server processing.
    pub request: f64,
    /// Bytes over the client's bandwidth.
    pub transfer: f64,
    /// Edge → origin fetches on cache misses.
    pub miss: f64,
}

impl Phases {
    /// Names and values, in the order they happen.
    pub fn named(&self) -> [(&'static str, f64); 6] {
        [
            ("DNS", self.dns),
            ("connect", self.connect),
            ("TLS", self.tls),
            ("request", self.request),
            ("transfer", self.transfer),
            ("miss penalty", self.miss),
        ]
    }

    /// The sum.
    pub fn total(&self) -> f64 {
        self.dns + self.connect + self.tls + self.request + self.transfer + self.miss
    }
}

/// One way of loading the page: straight from the origin, or through the CDN.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PageLoad {
    /// Expected time per phase.
    pub phases: Phases,
    /// Expected time until the first byte of the HTML arrives.
    pub ttfb: f64,
    /// Expected time until the last asset has arrived.
    pub total: f64,
}

/// The deterministic results.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Estimate {
    /// Round trip to the origin, ms.
    pub rtt_origin: f64,
    /// Round trip to the edge, ms.
    pub rtt_edge: f64,
    /// Round trip edge → origin, ms.
    pub rtt_edge_origin: f64,
    /// Without a CDN.
    pub origin: PageLoad,
    /// With the CDN.
    pub cdn: PageLoad,
    /// `origin.total / cdn.total`.
    pub speedup: f64,
    /// Origin offload by requests: the share of requests the edge answers itself, so that
    /// they never reach the origin (`1 −` the miss probability; 1 with push).
    pub offload_requests: f64,
    /// Origin offload by bytes: the share of bytes the edge serves from its cache (every
    /// request misses with the same probability, so in expectation it equals
    /// `offload_requests`).
    pub offload_bytes: f64,
}

/// The rounds of requests after the HTML: how many requests each has.
pub fn asset_rounds(s: &CdnState) -> Vec<u32> {
    let n = s.assets.min(MAX_ASSETS);
    if n == 0 {
        return Vec::new();
    }
    if s.protocol.multiplexed() {
        return vec![n];
    }
    let k = s.connections.clamp(1, 16);
    (0..n.div_ceil(k)).map(|r| (n - r * k).min(k)).collect()
}

/// Extra connections HTTP/1.1 opens for parallel assets.
fn extra_connections(s: &CdnState) -> bool {
    !s.protocol.multiplexed() && s.connections.clamp(1, 16) > 1 && s.assets > 1
}

fn transfer_ms(s: &CdnState) -> f64 {
    let bytes = (s.html_kb.max(0.0) + f64::from(s.assets.min(MAX_ASSETS)) * s.asset_kb.max(0.0)) * 1_000.0;
    bytes * 8.0 / (s.bandwidth_mbps.max(0.01) * 1e6) * 1e3
}

/// Expected page load over a path with round trip `rtt`, server time `server`, and (through a
/// CDN) a miss probability `p` with penalty `penalty`.
fn page(s: &CdnState, rtt: f64, server: f64, p: f64, penalty: f64) -> PageLoad {
    let setup = if s.reuse { 0.0 } else { 1.0 };
    // Extra HTTP/1.1 connections are opened in parallel, after the HTML arrives.
    let again = if extra_connections(s) { setup } else { 0.0 };
    let mut ph = Phases {
        dns: s.dns_ms.max(0.0),
        connect: (setup + again) * s.protocol.connect_rtts() * rtt,
        tls: (setup + again) * s.protocol.tls_rtts() * rtt,
        request: rtt + server,
        transfer: transfer_ms(s),
        miss: p * penalty,
    };
    let ttfb = ph.dns + setup * (s.protocol.connect_rtts() + s.protocol.tls_rtts()) * rtt + rtt + server + ph.miss;
    for m in asset_rounds(s) {
        ph.request += rtt + server;
        ph.miss += (1.0 - (1.0 - p).powi(m as i32)) * penalty;
    }
    PageLoad { phases: ph, ttfb, total: ph.total() }
}

/// The expected times, deterministic.
pub fn estimate(s: &CdnState) -> Estimate {
    let rtt_origin = rtt_ms(s.distance_km);
    let rtt_edge = rtt_ms(s.edge_km);
    let rtt_edge_origin = rtt_ms(s.edge_origin_km());
    let p = s.miss_probability();
    let origin = page(s, rtt_origin, s.origin_ms.max(0.0), 0.0, 0.0);
    let cdn = page(s, rtt_edge, s.edge_ms.max(0.0), p, rtt_edge_origin + s.origin_ms.max(0.0));
    let speedup = if cdn.total > 0.0 { origin.total / cdn.total } else { 1.0 };
    let offload = 1.0 - p;
    Estimate { rtt_origin, rtt_edge, rtt_edge_origin, origin, cdn, speedup, offload_requests: offload, offload_bytes: offload }
}

/// Page load (expected, with the CDN) at each hit ratio from 0 to 1 in `steps` steps.
pub fn sweep_hit_ratio(s: &CdnState, steps: usize) -> Vec<(f64, f64, f64)> {
    (0..=steps.max(1))
        .map(|i| {
            let h = i as f64 / steps.max(1) as f64;
            let e = estimate(&CdnState { hit_ratio: h, strategy: Strategy::Pull, ..s.clone() });
            (h, e.origin.total, e.cdn.total)
        })
        .collect()
}

/// Page load without and with the CDN at client ↔ origin distances from 0 to `max_km`.
pub fn sweep_distance(s: &CdnState, max_km: f64, steps: usize) -> Vec<(f64, f64, f64)> {
    (0..=steps.max(1))
        .map(|i| {
            let km = max_km.clamp(0.0, MAX_KM) * i as f64 / steps.max(1) as f64;
            let e = estimate(&CdnState { distance_km: km, edge_km: s.edge_km.min(km), ..s.clone() });
            (km, e.origin.total, e.cdn.total)
        })
        .collect()
}

/// Percentiles of simulated page loads, ms.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Percentiles {
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
}

/// Simulated distributions without and with the CDN.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Distribution {
    /// Without a CDN.
    pub origin: Percentiles,
    /// With the CDN.
    pub cdn: Percentiles,
    /// Samples drawn for each.
    pub samples: usize,
}

const TABLE: usize = 1024;

/// Quantiles of the largest of `k` independent Exp(1) delays: the extra wait of a round whose
/// `k` requests each meet random queueing (`−ln(1 − u^(1/k))`), sampled by table look-up.
fn max_exp_table(k: u32) -> Box<[f64; TABLE]> {
    let mut table = Box::new([0.0; TABLE]);
    for (i, slot) in table.iter_mut().enumerate() {
        let u = (i as f64 + 0.5) / TABLE as f64;
        // ln x = log10 x × ln 10 (log10 is in the bundle already; ln would add its own code).
        *slot = -(1.0 - u.powf(1.0 / f64::from(k.max(1)))).log10() * std::f64::consts::LN_10;
    }
    table
}

/// One round of a simulated page load: its delay table and the chance (scaled to `u64`) that
/// at least one of its requests misses the edge.
struct Round {
    delays: Box<[f64; TABLE]>,
    miss_below: u64,
}

/// Draws `samples` page loads without and with the CDN (seeded, so the same inputs always give
/// the same figures) and returns their percentiles: [`simulate_origin`] and [`simulate_cdn`].
pub fn simulate(s: &CdnState, samples: usize) -> Distribution {
    let samples = samples.clamp(1, MAX_SAMPLES);
    Distribution { origin: simulate_origin(s, samples), cdn: simulate_cdn(s, samples), samples }
}

/// Most samples a simulation draws.
pub const MAX_SAMPLES: usize = 200_000;

/// Percentiles of `samples` page loads without a CDN. They depend only on
/// [`CdnState::origin_inputs`], so a view can keep them while CDN settings change.
pub fn simulate_origin(s: &CdnState, samples: usize) -> Percentiles {
    let e = estimate(s);
    let mut loads = draw(s, samples, e.rtt_origin, s.origin_ms, None, Rng::new(s.seed));
    percentiles(&mut loads)
}

/// Percentiles of `samples` page loads through the CDN, drawn from their own random stream
/// (the seed with its high bits flipped), independent of [`simulate_origin`]'s.
pub fn simulate_cdn(s: &CdnState, samples: usize) -> Percentiles {
    let e = estimate(s);
    let p = s.miss_probability();
    let miss = (p > 0.0).then_some((p, e.rtt_edge_origin + s.origin_ms.max(0.0), e.rtt_edge_origin));
    let mut loads = draw(s, samples, e.rtt_edge, s.edge_ms, miss, Rng::new(s.seed ^ CDN_STREAM));
    percentiles(&mut loads)
}

const CDN_STREAM: u64 = 0xC0DE_0000_0000_0000;

/// Page loads over a path of round-trip `rtt` ms to a server that works `server` ms per
/// request. Each round trip is lengthened by `jitter × RTT × E`, E an exponential delay (the
/// slowest of a round's requests for a round; one shared delay for the set-up trips). With
/// `miss = Some((p, penalty, penalty_rtt))` each round of m requests misses the edge with
/// probability `1 − (1 − p)ᵐ` and then pays `penalty` plus jitter on `penalty_rtt`.
fn draw(s: &CdnState, samples: usize, rtt: f64, server: f64, miss: Option<(f64, f64, f64)>, mut rng: Rng) -> Vec<f64> {
    let samples = samples.clamp(1, MAX_SAMPLES);
    let server = server.max(0.0);
    let (p, penalty, penalty_rtt) = miss.unwrap_or((0.0, 0.0, 0.0));
    let one = max_exp_table(1);
    // The HTML is a round of one request; the assets follow in their rounds.
    let rounds: Vec<Round> = std::iter::once(1)
        .chain(asset_rounds(s))
        .map(|m| {
            let chance = if miss.is_some() { 1.0 - (1.0 - p).powi(m as i32) } else { 0.0 };
            Round { delays: max_exp_table(m), miss_below: (chance.clamp(0.0, 1.0) * u64::MAX as f64) as u64 }
        })
        .collect();
    let jitter = s.jitter.clamp(0.0, 5.0);
    let setup_rtts = if s.reuse { 0.0 } else { s.protocol.connect_rtts() + s.protocol.tls_rtts() };
    let trips = setup_rtts + if extra_connections(s) { setup_rtts } else { 0.0 };
    let fixed = s.dns_ms.max(0.0) + transfer_ms(s);
    let pick = |table: &[f64; TABLE], rng: &mut Rng| table[(rng.next_u64() >> 54) as usize];
    let (jr, jp) = (jitter * rtt, jitter * penalty_rtt);
    (0..samples)
        .map(|_| {
            let mut t = fixed + trips * (rtt + jr * pick(&one, &mut rng));
            for round in &rounds {
                t += rtt + jr * pick(&round.delays, &mut rng) + server;
                if round.miss_below > 0 && rng.next_u64() < round.miss_below {
                    t += penalty + jp * pick(&one, &mut rng);
                }
            }
            t
        })
        .collect()
}

/// The 50th, 95th and 99th percentiles (nearest rank); all 0 for no values. Each selection
/// works only on the part above the previous one.
pub fn percentiles(values: &mut [f64]) -> Percentiles {
    let n = values.len();
    if n == 0 {
        return Percentiles::default();
    }
    let rank = |q: f64| ((q * n as f64).ceil() as usize).clamp(1, n) - 1;
    let mut from = 0;
    let mut at = |q: f64| {
        let i = rank(q).max(from);
        let v = *values[from..].select_nth_unstable_by(i - from, |a, b| a.total_cmp(b)).1;
        from = i;
        v
    };
    Percentiles { p50: at(0.50), p95: at(0.95), p99: at(0.99) }
}

/// The quick leg-by-leg estimate of the 200 ms case ([`Preset::TenImagesAt200Ms`]): every
/// one-way trip costs 200 ms and the trips follow one another. It adds up to 3,000 ms; the
/// widget shows it beside what the protocols' rules give.
pub const ENVELOPE_LEGS: [(&str, f64); 3] = [
    ("Handshake: SYN, SYN-ACK, ACK (3 × 200 ms)", 600.0),
    ("HTML: request and response (2 × 200 ms)", 400.0),
    ("10 images, one trip each (10 × 200 ms)", 2_000.0),
];

/// Thresholds of perceived speed: a reaction within 100 ms feels instant and one within 1 s
/// keeps the user's flow (Nielsen, 1993); past 3 s, 53 % of mobile visits were abandoned in
/// Google's 2016 study of mobile sites ("The Need for Mobile Speed").
pub const THRESHOLDS_MS: [(f64, &str); 3] = [
    (100.0, "feels instant"),
    (1_000.0, "keeps the user's flow"),
    (3_000.0, "past this, 53 % of mobile visits are abandoned (Google, 2016)"),
];

/// How a time compares with [`THRESHOLDS_MS`], as a phrase.
pub fn verdict(ms: f64) -> &'static str {
    match ms {
        x if x <= 100.0 => "feels instant (≤ 100 ms)",
        x if x <= 1_000.0 => "keeps the user's flow (≤ 1 s)",
        x if x <= 3_000.0 => "noticeably slow (1–3 s)",
        _ => "over 3 s, past which 53 % of mobile visits are abandoned (Google, 2016)",
    }
}

#[cfg(test)]
mod tests;
