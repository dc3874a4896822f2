//! The `dns` widget's model: a series of lookups of one name through a recursive resolver and
//! its cache, message by message.
//!
//! **The parties.** The stub resolver (in the device) asks one recursive resolver; the
//! resolver walks the hierarchy for it: a root server, a server of the name's top-level domain
//! (TLD), and the domain's authoritative server, which holds the A record. The root refers the
//! resolver to the TLD's servers, the TLD refers it to the domain's servers, and only the
//! authoritative server answers with the address (RFC 1034, §5.3.3).
//!
//! **The resolver's cache.** It keeps each answer for its TTL, counted from the lookup that
//! fetched it: a record fetched at `f` seconds with TTL `T` is used by a lookup at `t` while
//! `t < f + T` (so a TTL of 0 is never reused). Three things are cached:
//! - the root's referral to the TLD's servers (the TLD's NS records), TTL [`DELEGATION_TTL`]:
//!   the root zone serves every TLD delegation with 172,800 s (two days);
//! - the TLD's referral to the domain's servers (its NS records), TTL [`DELEGATION_TTL`]: the
//!   `.com` and `.net` servers (Verisign) also use 172,800 s; other registries choose their own
//!   TTL, and the model uses the `.com` value for every TLD;
//! - the A record, with the TTL the learner sets.
//!
//! The root servers' names and addresses come from the resolver's **root hints** file and are
//! always known. A lookup starts from the deepest delegation still fresh: a fresh A record is
//! answered at once, a fresh domain delegation skips the root and the TLD, a fresh TLD
//! delegation skips the root. With [`Warm::Tld`] the TLD's delegation is already cached at 0 s,
//! as in a busy resolver whose other users looked up names under the same TLD a moment earlier.
//! (A real resolver may also replace the TLD's copy of the domain's NS records with the
//! domain's own, with their own TTL (RFC 2181, §5.4.1); the model keeps the referral's.)
//!
//! **Time.** Every message is half a round trip. `hop_ms` gives the round trip of each leg:
//! stub ↔ resolver, resolver ↔ root, resolver ↔ TLD, resolver ↔ authoritative (one number: the
//! same for all four). A lookup costs the stub ↔ resolver round trip plus one round trip per
//! query the resolver sends upstream. A lookup's own milliseconds are ignored for the cache: its
//! records count as fetched at the second it started. Deterministic; every input is bounded by
//! [`DnsState::set`].

use super::units::{grouped, parse_number, trim};
use super::widget::{Table, UrlState, Widget};

/// TTL of the root's delegation of a TLD and of the TLD's delegation of a domain, seconds
/// (172,800 s = 2 days: the root zone's NS records, and the `.com`/`.net` zones').
pub const DELEGATION_TTL: u64 = 172_800;

/// Most lookups in a series.
pub const MAX_LOOKUPS: usize = 12;

/// Latest lookup time, seconds (a year).
pub const MAX_TIME: u64 = 31_536_000;

/// Largest TTL, seconds: 2³¹ − 1 (RFC 2181, §8).
pub const MAX_TTL: u64 = 2_147_483_647;

/// Largest round trip of one leg, milliseconds.
pub const MAX_HOP_MS: f64 = 10_000.0;

/// Longest name, in characters (RFC 1035, §2.3.4: 255 octets on the wire, 253 as text).
pub const MAX_NAME: usize = 253;

/// Longest label, in characters (RFC 1035, §2.3.4).
pub const MAX_LABEL: usize = 63;

/// The address the authoritative server returns (a documentation address, RFC 5737).
pub const ADDRESS: &str = "203.0.113.10";

names! {
    /// A party to a lookup, in the order a cold lookup meets them.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
    pub enum Party {
        /// The stub resolver in the device.
        Stub = "stub",
        /// The recursive resolver.
        Resolver = "resolver",
        /// A root server.
        Root = "root",
        /// A server of the name's top-level domain.
        Tld = "tld",
        /// An authoritative server of the name's domain.
        Auth = "auth",
    }
}

impl Party {
    /// The party's role, for people.
    pub fn role(self) -> &'static str {
        match self {
            Party::Stub => "stub resolver",
            Party::Resolver => "recursive resolver",
            Party::Root => "root server",
            Party::Tld => "TLD server",
            Party::Auth => "authoritative server",
        }
    }
}

names! {
    /// What the resolver holds before the first lookup, besides the root hints.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Warm {
        /// Nothing: the first lookup starts at a root server.
        #[default]
        None = "none",
        /// The root's referral to the name's TLD, fetched at 0 s (by other users' lookups).
        Tld = "tld",
    }
}

names! {
    /// What a message is.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Kind {
        /// A question: the A record of the name, please.
        Query = "query",
        /// A referral: not here, ask these servers.
        Referral = "referral",
        /// The answer: the address.
        Answer = "answer",
    }
}

/// A record the resolver caches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Record {
    /// The root's referral to the TLD's servers.
    TldNs,
    /// The TLD's referral to the domain's servers.
    DomainNs,
    /// The name's address.
    A,
}

names! {
    /// The scenarios the lesson starts from.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Preset {
        /// The lesson's times with the root's `.com` referral already cached.
        ComCached = "com-cached",
    }
}

impl Preset {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Preset::ComCached => "A busy resolver: the root's .com referral is already cached",
        }
    }

    /// The state this scenario stands for.
    pub fn state(self) -> DnsState {
        match self {
            Preset::ComCached => DnsState { warm: Warm::Tld, ..DnsState::default() },
        }
    }
}

/// The whole state of the widget; it round-trips through a URL query.
#[derive(Clone, Debug, PartialEq)]
pub struct DnsState {
    /// The name looked up, lower case, without a final dot (key `name`).
    pub name: String,
    /// The A record's TTL, seconds, 0 to [`MAX_TTL`] (key `ttl`).
    pub ttl: u64,
    /// When each lookup starts, seconds, in order, 1 to [`MAX_LOOKUPS`] of them (key `at`).
    pub at: Vec<u64>,
    /// Round trips, ms: stub ↔ resolver, resolver ↔ root, ↔ TLD, ↔ authoritative (key
    /// `hop_ms`: one number when all four are equal).
    pub hop_ms: [f64; 4],
    /// What the resolver holds before the first lookup (key `warm`).
    pub warm: Warm,
    /// Messages shown so far (`None`: all of them; key `step`).
    pub step: Option<usize>,
}

impl Default for DnsState {
    /// `shop.example.com`, TTL 300 s, looked up at 0, 30 and 400 s from a cold resolver, with
    /// round trips of 10 ms to the resolver, 15 ms to a root, 25 ms to a TLD server and 60 ms to
    /// the authoritative server.
    fn default() -> Self {
        DnsState {
            name: "shop.example.com".into(),
            ttl: 300,
            at: vec![0, 30, 400],
            hop_ms: [10.0, 15.0, 25.0, 60.0],
            warm: Warm::None,
            step: Some(0),
        }
    }
}

/// One message of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// The lookup it belongs to (0-based).
    pub lookup: usize,
    /// Sender.
    pub from: Party,
    /// Receiver.
    pub to: Party,
    /// Query, referral or answer.
    pub kind: Kind,
    /// What it says.
    pub text: String,
    /// Why the resolver does what it does next (the stub's query carries the cache check).
    pub note: String,
    /// Milliseconds since the lookup began, when it arrives.
    pub elapsed_ms: f64,
    /// The record the resolver caches on receiving it, if any.
    pub caches: Option<Record>,
}

/// One lookup of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Lookup {
    /// When it starts, seconds.
    pub at: u64,
    /// The first party the resolver asks (`None`: answered from its cache).
    pub start: Option<Party>,
    /// Queries the resolver sent upstream (0 to 3).
    pub upstream: usize,
    /// Milliseconds until the stub has the address.
    pub time_ms: f64,
    /// The TTL the stub receives with the address, seconds (what is left of it, from a cache).
    pub ttl_given: u64,
    /// Its messages: `first..first + count` in the run.
    pub first: usize,
    /// How many messages.
    pub count: usize,
}

/// A whole run: the lookups and their messages.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// Every lookup, in order.
    pub lookups: Vec<Lookup>,
    /// Every message, in order.
    pub messages: Vec<Message>,
}

/// One row of the resolver's cache at a moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Which record.
    pub record: Record,
    /// Fetched at, seconds.
    pub fetched: u64,
    /// Its TTL, seconds.
    pub ttl: u64,
    /// Seconds of it left at the moment (0: expired).
    pub left: u64,
}

impl Entry {
    /// When it stops being used, seconds.
    pub fn expires(&self) -> u64 {
        self.fetched.saturating_add(self.ttl)
    }
}

/// The resolver's cache, as fetch times.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Cache {
    tld: Option<u64>,
    domain: Option<u64>,
    a: Option<u64>,
}

/// Whether a record fetched at `fetched` with `ttl` is still used at `now`.
pub fn fresh(fetched: Option<u64>, ttl: u64, now: u64) -> bool {
    fetched.is_some_and(|f| now < f.saturating_add(ttl))
}

impl DnsState {
    /// The name's top-level domain (`com`).
    pub fn tld(&self) -> &str {
        self.name.rsplit('.').next().unwrap_or("")
    }

    /// The domain that holds the name (its last two labels: `example.com`).
    pub fn domain(&self) -> String {
        let labels: Vec<&str> = self.name.rsplit('.').take(2).collect();
        labels.into_iter().rev().collect::<Vec<_>>().join(".")
    }

    /// The round trip of a leg, ms: to the resolver for the stub, to the party for the others.
    pub fn rtt(&self, party: Party) -> f64 {
        match party {
            Party::Stub | Party::Resolver => self.hop_ms[0],
            Party::Root => self.hop_ms[1],
            Party::Tld => self.hop_ms[2],
            Party::Auth => self.hop_ms[3],
        }
    }

    /// The party's name in the drawing and the log (`.com TLD`, `example.com authoritative`).
    pub fn label(&self, party: Party) -> String {
        match party {
            Party::Stub => "Stub resolver".into(),
            Party::Resolver => "Recursive resolver".into(),
            Party::Root => "Root server".into(),
            Party::Tld => format!(".{} TLD server", self.tld()),
            Party::Auth => format!("{} authoritative", self.domain()),
        }
    }

    /// The cursor: messages shown, within the run of `total` messages.
    pub fn cursor(&self, total: usize) -> usize {
        self.step.unwrap_or(total).min(total)
    }

    fn tld_servers(&self) -> String {
        match self.tld() {
            "com" | "net" => "a.gtld-servers.net … m.gtld-servers.net (13 names)".to_string(),
            tld => format!("the .{tld} servers"),
        }
    }

    /// The whole run.
    pub fn run(&self) -> Run {
        let (name, domain, tld) = (self.name.as_str(), self.domain(), self.tld().to_string());
        let mut cache = Cache { tld: (self.warm == Warm::Tld).then_some(0), ..Cache::default() };
        let mut lookups = Vec::with_capacity(self.at.len());
        let mut messages = Vec::new();
        for (k, &t) in self.at.iter().enumerate() {
            let first = messages.len();
            let a_fresh = fresh(cache.a, self.ttl, t);
            let start = if a_fresh {
                None
            } else if fresh(cache.domain, DELEGATION_TTL, t) {
                Some(Party::Auth)
            } else if fresh(cache.tld, DELEGATION_TTL, t) {
                Some(Party::Tld)
            } else {
                Some(Party::Root)
            };
            let until = |f: Option<u64>, ttl: u64| grouped(f.unwrap_or(0).saturating_add(ttl) as f64);
            let a_state = match cache.a {
                None => "The A record is not in the resolver's cache".to_string(),
                Some(_) => format!("The A record expired at {} s", until(cache.a, self.ttl)),
            };
            let note = match start {
                None => format!(
                    "The resolver has the A record in its cache (fetched at {} s, fresh until {} s), so it answers at once.",
                    grouped(cache.a.unwrap_or(0) as f64),
                    until(cache.a, self.ttl)
                ),
                Some(Party::Auth) => format!(
                    "{a_state}; {domain}'s delegation is fresh until {} s, so the resolver asks {domain}'s authoritative server directly.",
                    until(cache.domain, DELEGATION_TTL)
                ),
                Some(Party::Tld) => format!(
                    "{a_state}, nor is {domain}'s delegation; the root's .{tld} referral is fresh until {} s, so the resolver skips the root and asks a .{tld} server.",
                    until(cache.tld, DELEGATION_TTL)
                ),
                Some(_) => format!(
                    "Nothing about {name} is cached; the root hints give the root servers' addresses, so the resolver starts at a root server."
                ),
            };
            let mut elapsed = self.hop_ms[0] / 2.0;
            let mut push = |from, to, kind, text: String, note: String, elapsed_ms, caches| {
                messages.push(Message { lookup: k, from, to, kind, text, note, elapsed_ms, caches })
            };
            push(Party::Stub, Party::Resolver, Kind::Query, format!("A? {name}"), note, elapsed, None);
            let mut upstream = 0;
            let ttl_given = match start {
                None => cache.a.unwrap_or(0).saturating_add(self.ttl).saturating_sub(t),
                Some(from) => {
                    for party in [Party::Root, Party::Tld, Party::Auth].into_iter().filter(|p| *p >= from) {
                        upstream += 1;
                        let half = self.rtt(party) / 2.0;
                        elapsed += half;
                        push(Party::Resolver, party, Kind::Query, format!("A? {name}"), String::new(), elapsed, None);
                        elapsed += half;
                        let (kind, text, record, note) = match party {
                            Party::Root => (
                                Kind::Referral,
                                format!("Referral: {tld}. NS {}, TTL {} s", self.tld_servers(), grouped(DELEGATION_TTL as f64)),
                                Record::TldNs,
                                format!("The root does not know the address; it points to the .{tld} servers. The resolver caches the referral for 2 days."),
                            ),
                            Party::Tld => (
                                Kind::Referral,
                                format!("Referral: {domain}. NS ns1.{domain}, ns2.{domain}, TTL {} s", grouped(DELEGATION_TTL as f64)),
                                Record::DomainNs,
                                format!("The .{tld} server points to {domain}'s own servers. The resolver caches the referral for 2 days."),
                            ),
                            _ => (
                                Kind::Answer,
                                format!("{name}. A {ADDRESS}, TTL {} s", grouped(self.ttl as f64)),
                                Record::A,
                                if self.ttl == 0 {
                                    "The authoritative server answers. With a TTL of 0 the resolver may not keep it.".to_string()
                                } else {
                                    format!("The authoritative server answers. The resolver caches the address for {} s.", grouped(self.ttl as f64))
                                },
                            ),
                        };
                        push(party, Party::Resolver, kind, text, note, elapsed, Some(record));
                        match record {
                            Record::TldNs => cache.tld = Some(t),
                            Record::DomainNs => cache.domain = Some(t),
                            Record::A => cache.a = Some(t),
                        }
                    }
                    self.ttl
                }
            };
            let time_ms = self.hop_ms[0] + [Party::Root, Party::Tld, Party::Auth]
                .into_iter()
                .filter(|p| start.is_some_and(|s| *p >= s))
                .map(|p| self.rtt(p))
                .sum::<f64>();
            let how = if start.is_none() { "from the cache, " } else { "" };
            push(
                Party::Resolver,
                Party::Stub,
                Kind::Answer,
                format!("{name} A {ADDRESS} ({how}TTL {} s)", grouped(ttl_given as f64)),
                format!(
                    "The stub has the address after {} ms, {} upstream.",
                    trim(time_ms),
                    match upstream {
                        0 => "with no query".to_string(),
                        1 => "with 1 query".to_string(),
                        n => format!("with {n} queries"),
                    }
                ),
                time_ms,
                None,
            );
            lookups.push(Lookup { at: t, start, upstream, time_ms, ttl_given, first, count: messages.len() - first });
        }
        Run { lookups, messages }
    }

    /// The resolver's cache after the first `upto` messages of `run`, at the time of the lookup
    /// the last of them belongs to (before any message: at the first lookup's time).
    pub fn cache_at(&self, run: &Run, upto: usize) -> (u64, Vec<Entry>) {
        let upto = upto.min(run.messages.len());
        let now = upto
            .checked_sub(1)
            .and_then(|i| run.messages.get(i))
            .and_then(|m| run.lookups.get(m.lookup))
            .or(run.lookups.first())
            .map_or(0, |l| l.at);
        let mut cache = Cache { tld: (self.warm == Warm::Tld).then_some(0), ..Cache::default() };
        for m in &run.messages[..upto] {
            let at = run.lookups.get(m.lookup).map_or(0, |l| l.at);
            match m.caches {
                Some(Record::TldNs) => cache.tld = Some(at),
                Some(Record::DomainNs) => cache.domain = Some(at),
                Some(Record::A) => cache.a = Some(at),
                None => {}
            }
        }
        let entries = [(Record::TldNs, cache.tld, DELEGATION_TTL), (Record::DomainNs, cache.domain, DELEGATION_TTL), (Record::A, cache.a, self.ttl)]
            .into_iter()
            .filter_map(|(record, fetched, ttl)| {
                let fetched = fetched?;
                Some(Entry { record, fetched, ttl, left: fetched.saturating_add(ttl).saturating_sub(now) })
            })
            .collect();
        (now, entries)
    }

    /// A cached record's name and type, for people (`com. NS`, `shop.example.com. A`).
    pub fn record_name(&self, record: Record) -> String {
        match record {
            Record::TldNs => format!("{}. NS (the root's referral)", self.tld()),
            Record::DomainNs => format!("{}. NS (the .{} referral)", self.domain(), self.tld()),
            Record::A => format!("{}. A {ADDRESS}", self.name),
        }
    }
}

/// Reads a whole number of seconds within `0..=max`.
fn seconds(text: &str, max: u64, what: &str) -> Result<u64, String> {
    let v = parse_number(text).map_err(|e| format!("{what}: {e}"))?;
    if v.fract() != 0.0 || !(0.0..=max as f64).contains(&v) {
        return Err(format!("{what} must be a whole number of seconds from 0 to {}", grouped(max as f64)));
    }
    Ok(v as u64)
}

/// Checks a DNS name: labels of 1 to 63 letters, digits and hyphens (not at either end of a
/// label), at least two labels, a top-level label that is not all digits, 253 characters at
/// most. Returns it in lower case without a final dot.
pub fn check_name(text: &str) -> Result<String, String> {
    let t = text.trim();
    let t = t.strip_suffix('.').unwrap_or(t);
    let shown: String = t.chars().take(40).collect();
    if t.is_empty() {
        return Err("write a name to look up, such as shop.example.com".into());
    }
    if t.chars().count() > MAX_NAME {
        return Err(format!("a name has at most {MAX_NAME} characters"));
    }
    let labels: Vec<&str> = t.split('.').collect();
    for label in &labels {
        if label.is_empty() {
            return Err(format!("“{shown}” has an empty label (two dots in a row, or a dot at the start)"));
        }
        if label.len() > MAX_LABEL {
            return Err(format!("a label has at most {MAX_LABEL} characters"));
        }
        if !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(format!("“{shown}”: a label may hold only letters a–z, digits and hyphens"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!("“{label}”: a label may not start or end with a hyphen"));
        }
    }
    if labels.len() < 2 {
        return Err(format!("“{shown}” is a top-level domain; look up a name in one, such as example.{shown}"));
    }
    if labels.last().is_some_and(|l| l.chars().all(|c| c.is_ascii_digit())) {
        return Err(format!("“{shown}” looks like an address; a top-level domain is not all digits"));
    }
    Ok(t.to_ascii_lowercase())
}

impl UrlState for DnsState {
    const KEYS: &'static [&'static str] = &["preset", "name", "ttl", "at", "hop_ms", "warm", "step"];

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let v = value.trim();
        match key {
            "name" => self.name = check_name(v)?,
            "ttl" => self.ttl = seconds(v, MAX_TTL, "the TTL")?,
            "at" => {
                let items: Vec<&str> = v.split(',').map(str::trim).collect();
                if v.is_empty() {
                    return Err("give at least one lookup time, in seconds, such as 0,30,400".into());
                }
                if items.len() > MAX_LOOKUPS {
                    return Err(format!("at most {MAX_LOOKUPS} lookups, not {}", items.len()));
                }
                let mut times = Vec::with_capacity(items.len());
                for item in items {
                    let t = seconds(item, MAX_TIME, "each lookup time")?;
                    if times.last().is_some_and(|&last| t < last) {
                        return Err(format!("lookup times go in order: {} s comes before {} s", grouped(t as f64), grouped(times[times.len() - 1] as f64)));
                    }
                    times.push(t);
                }
                self.at = times;
            }
            "hop_ms" => {
                let items: Vec<&str> = v.split(',').map(str::trim).collect();
                if items.len() != 1 && items.len() != 4 {
                    return Err("give one round trip in ms for every leg, or four: to the resolver, a root, a TLD server and the authoritative server, such as 10,15,25,60".into());
                }
                let mut hops = [0.0; 4];
                for (i, item) in items.iter().enumerate() {
                    let ms = parse_number(item).map_err(|e| format!("a round trip: {e}"))?;
                    if !(0.0..=MAX_HOP_MS).contains(&ms) {
                        return Err(format!("a round trip must be from 0 to {} ms, not {}", grouped(MAX_HOP_MS), trim(ms)));
                    }
                    hops[i] = ms + 0.0;
                }
                if items.len() == 1 {
                    hops = [hops[0]; 4];
                }
                self.hop_ms = hops;
            }
            "warm" => {
                self.warm = Warm::from_name(v).ok_or_else(|| format!("“{}”: use none or tld", v.chars().take(20).collect::<String>()))?
            }
            "step" => {
                self.step = match v {
                    "end" => None,
                    _ => Some(v.parse::<usize>().map_err(|_| "use a message count (0 or more) or end".to_string())?),
                }
            }
            _ => return Err(format!("unknown setting; this widget reads {}", Self::KEYS.join(", "))),
        }
        Ok(())
    }

    fn get(&self, key: &str) -> String {
        match key {
            "preset" => self.named().unwrap_or_default().to_string(),
            "name" => self.name.clone(),
            "ttl" => self.ttl.to_string(),
            "at" => self.at.iter().map(u64::to_string).collect::<Vec<_>>().join(","),
            "hop_ms" => {
                if self.hop_ms.iter().all(|h| *h == self.hop_ms[0]) {
                    trim(self.hop_ms[0])
                } else {
                    self.hop_ms.map(trim).join(",")
                }
            }
            "warm" => self.warm.name().to_string(),
            "step" => self.step.map_or_else(|| "end".to_string(), |k| k.to_string()),
            _ => String::new(),
        }
    }

    crate::scenarios!(Preset, lookup);

    /// The scenario whose settings these are, wherever the stepper stands.
    fn named(&self) -> Option<&'static str> {
        Preset::ALL
            .into_iter()
            .find(|p| DnsState { step: self.step, ..p.state() } == *self)
            .map(Preset::name)
    }
}

impl Widget for DnsState {
    const ID: &'static str = "dns";
    const TITLE: &'static str = "DNS lookups and the resolver's cache";
    const BLURB: &'static str =
        "Step through lookups of one name from the stub to the root, TLD and authoritative servers, and watch the resolver's cache and TTLs skip steps.";

    /// Each lookup: when, where the resolver started, queries sent upstream, time.
    fn twin(&self) -> Option<Table> {
        let run = self.run();
        let rows = run
            .lookups
            .iter()
            .enumerate()
            .map(|(k, l)| {
                vec![
                    format!("{} at {} s", k + 1, grouped(l.at as f64)),
                    match l.start {
                        None => "its cache".to_string(),
                        Some(p) => format!("the {}", p.role()),
                    },
                    l.upstream.to_string(),
                    format!("{} ms", trim(l.time_ms)),
                ]
            })
            .collect();
        Some(Table {
            caption: format!(
                "Lookups of {} (A record TTL {} s; referrals 172,800 s)",
                self.name,
                grouped(self.ttl as f64)
            ),
            head: vec!["Lookup".into(), "The resolver starts at".into(), "Queries upstream".into(), "Time".into()],
            rows,
        })
    }
}

#[cfg(test)]
mod tests;
