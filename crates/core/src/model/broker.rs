//! The `broker` widget's model: producers, a message broker with partitions and a bounded
//! backlog, and one or several consumer groups, run second by second in whole messages.
//!
//! **Time** goes in whole seconds (ticks of 1 s) and every rate is a whole number of messages
//! a second, so every figure is an exact integer: no rounding drifts into the readouts.
//! Within a second, the producer's messages arrive first, then each consumer takes what it
//! can; the depth is read at the end of each second. A message may therefore be consumed in
//! the second it was produced, and a balanced system (consumers as fast as the producer) shows
//! a depth of 0.
//!
//! **Producing.** The producer makes `produce` messages a second for `seconds` seconds. Message
//! number `n` (counting from 0) goes to partition `n mod partitions` (round-robin, as a
//! producer without keys spreads its messages).
//!
//! **A consumer group.** Partition `p` belongs to consumer `p mod consumers`: each partition has
//! exactly one owner in the group, a consumer may own several, and consumers numbered
//! `partitions` and above own none and idle (`consumers − partitions` of them when there are
//! more consumers than partitions). A consumer takes up to `consume` messages a second from its
//! partitions in turn, skipping empty ones: its whole rate goes to whichever of its partitions
//! hold messages. A consumer owning two partitions therefore serves each at half its rate when
//! both are busy.
//!
//! **The backlog's bound.** `capacity` bounds the messages a group's backlog holds, all its
//! partitions together, as a length limit bounds a queue (RabbitMQ's `x-max-length`). A message
//! is accepted when the backlog at the end of the second would stay within the bound (what
//! consumers take in the same second makes room). When it would not:
//! - `full=drop`: the message is refused and counted as dropped; the producer goes on with the
//!   next one, which a partition whose consumer still has spare rate may accept (RabbitMQ's
//!   `overflow=reject-publish`, for a publisher that does not retry);
//! - `full=block`: the producer waits with that message (back-pressure) and tries again the
//!   next second; the messages it makes meanwhile queue up behind it. Production then ends
//!   later than `seconds`: **the end of production** is the second in which the last message is
//!   accepted. A producer still waiting [`MAX_EXTRA`] seconds after it stopped making messages
//!   ends the run there, unfinished.
//!
//! **Queue or publish/subscribe.** `mode=queue`: one group shares the messages. `mode=pubsub`:
//! `groups` subscriber groups each receive every message, each with its own `consumers`
//! consumers, its own backlog and its own bound. The groups are alike, so they hold the same
//! backlog second by second and refuse the same messages: the maximum depth is the deepest
//! group's (every group's), a dropped message is one every group refused, and the broker
//! delivers `groups` copies of each accepted message.
//!
//! **The drain.** After the end of production nothing arrives: each consumer works through its
//! backlog at its full rate, so one holding `q` messages is done after `⌈q / consume⌉` seconds,
//! and the drain time is the longest of these.

use super::units::{grouped, parse_number, trim};
use super::widget::{Table, UrlState, Widget};

/// The highest production or consumption rate, messages a second.
pub const MAX_RATE: u32 = 10_000;

/// The longest production, seconds.
pub const MAX_SECONDS: u32 = 600;

/// The most consumers in a group, and the most partitions.
pub const MAX_CONSUMERS: u32 = 32;

/// The most partitions.
pub const MAX_PARTITIONS: u32 = 32;

/// The most subscriber groups.
pub const MAX_GROUPS: u32 = 8;

/// The largest bound on a group's backlog, messages.
pub const MAX_CAPACITY: u64 = 10_000_000;

/// The longest a blocked producer is followed after it stopped making messages, seconds.
pub const MAX_EXTRA: u64 = 3_600;

names! {
    /// What the broker does with a message when the backlog is full.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Full {
        /// The producer waits until there is room (back-pressure).
        Block = "block",
        /// The message is refused and lost.
        Drop = "drop",
    }
}

names! {
    /// How the messages reach the consumers.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Mode {
        /// One group of consumers shares the messages.
        Queue = "queue",
        /// Every subscriber group receives every message.
        Pubsub = "pubsub",
    }
}

names! {
    /// The scenarios the lesson replays.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Preset {
        /// A minute at 1,000 messages a second into 4 partitions read by 2 consumers of 300.
        Spike = "spike",
        /// The same minute with 3 consumers: one still owns two partitions.
        ThreeConsumers = "three-consumers",
        /// The same minute with a bound of 6,000 messages, dropping what does not fit.
        Drop = "drop",
        /// The same bound, holding the producer back instead.
        Backpressure = "backpressure",
        /// Three subscriber groups of 2 consumers each.
        Pubsub = "pubsub",
    }
}

impl Preset {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Spike => "A spike: 1,000 a second, 2 consumers of 300",
            Preset::ThreeConsumers => "The spike with 3 consumers",
            Preset::Drop => "A bound of 6,000, dropping",
            Preset::Backpressure => "A bound of 6,000, blocking the producer",
            Preset::Pubsub => "Publish/subscribe: 3 groups",
        }
    }

    /// The state this scenario stands for.
    pub fn state(self) -> BrokerState {
        let spike = BrokerState::default();
        match self {
            Preset::Spike => spike,
            Preset::ThreeConsumers => BrokerState { consumers: 3, ..spike },
            Preset::Drop => BrokerState { capacity: 6_000, full: Full::Drop, ..spike },
            Preset::Backpressure => BrokerState { capacity: 6_000, ..spike },
            Preset::Pubsub => BrokerState { mode: Mode::Pubsub, groups: 3, ..spike },
        }
    }
}

/// The whole state of the widget; it round-trips through a URL query.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokerState {
    /// Messages the producer makes a second, 0 to [`MAX_RATE`] (key `produce`).
    pub produce: u32,
    /// Seconds the producer makes them, 1 to [`MAX_SECONDS`] (key `seconds`).
    pub seconds: u32,
    /// Consumers in each group, 1 to [`MAX_CONSUMERS`] (key `consumers`).
    pub consumers: u32,
    /// Messages one consumer takes a second, 1 to [`MAX_RATE`] (key `consume`).
    pub consume: u32,
    /// Partitions, 1 to [`MAX_PARTITIONS`] (key `partitions`).
    pub partitions: u32,
    /// The most messages a group's backlog holds, 1 to [`MAX_CAPACITY`] (key `capacity`).
    pub capacity: u64,
    /// What happens to a message that does not fit (key `full`).
    pub full: Full,
    /// Queue or publish/subscribe (key `mode`).
    pub mode: Mode,
    /// Subscriber groups in `pubsub` mode, 1 to [`MAX_GROUPS`] (key `groups`; a queue has one).
    pub groups: u32,
}

impl Default for BrokerState {
    /// The lesson's spike: a minute at 1,000 a second into 4 partitions, 2 consumers of 300
    /// each, room for a million, blocking when full, one queue.
    fn default() -> Self {
        BrokerState {
            produce: 1_000,
            seconds: 60,
            consumers: 2,
            consume: 300,
            partitions: 4,
            capacity: 1_000_000,
            full: Full::Block,
            mode: Mode::Queue,
            groups: 3,
        }
    }
}

/// What happened in a run (figures for one group: every group is alike).
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// The backlog at the end of every second of production (index 0 is the end of second 1).
    pub depth: Vec<u64>,
    /// The backlog each consumer holds at the end of production (idle ones hold 0).
    pub lanes: Vec<u64>,
    /// Partitions each consumer owns.
    pub owned: Vec<u32>,
    /// Messages the producer made: `produce × seconds`.
    pub produced: u64,
    /// Messages the broker accepted.
    pub accepted: u64,
    /// Messages refused (`full=drop`).
    pub dropped: u64,
    /// Messages consumed by the end of production.
    pub consumed: u64,
    /// Messages the producer still held when the run stopped (`full=block`, unfinished).
    pub waiting: u64,
    /// The end of production, seconds: the second the last message was accepted (at least
    /// `seconds`).
    pub end: u64,
    /// The deepest the backlog was at the end of any second.
    pub max_depth: u64,
    /// Seconds from the end of production until the backlog is empty; none when the producer
    /// was still waiting when the run stopped.
    pub drain: Option<u64>,
    /// Consumers in each group that own no partition.
    pub idle: u32,
    /// Subscriber groups (1 for a queue).
    pub groups: u32,
}

impl Run {
    /// The backlog at the end of production.
    pub fn left(&self) -> u64 {
        self.lanes.iter().sum()
    }

    /// The backlog `after` seconds after the end of production: each consumer takes its full
    /// rate from what it holds.
    pub fn draining(&self, after: u64, consume: u32) -> u64 {
        self.lanes.iter().map(|&q| q.saturating_sub(after.saturating_mul(u64::from(consume)))).sum()
    }

    /// Copies delivered to consumers in the end, every group together.
    pub fn deliveries(&self) -> u64 {
        self.accepted * u64::from(self.groups)
    }

    /// The depth at the end of second `t` of the whole run, from 0 (the start) through
    /// production and the drain.
    pub fn depth_at(&self, t: u64, consume: u32) -> u64 {
        match t {
            0 => 0,
            t if t <= self.depth.len() as u64 => self.depth[t as usize - 1],
            t => self.draining(t - self.depth.len() as u64, consume),
        }
    }

    /// The length of the whole run in seconds: production and, when it ends, the drain.
    pub fn length(&self) -> u64 {
        self.end + self.drain.unwrap_or(0)
    }
}

/// One group's broker: the owner of each partition, each consumer's backlog, and the next
/// message's number (which fixes its partition).
struct Group {
    owner: Vec<usize>,
    owned: Vec<u32>,
    lanes: Vec<u64>,
    next: u64,
    rate: u64,
}

impl Group {
    /// Messages each consumer receives out of `count` messages numbered from `from`.
    fn share(&self, from: u64, count: u64, out: &mut [u64]) {
        let p = self.owner.len() as u64;
        let (full, rest) = (count / p, count % p);
        for (j, o) in out.iter_mut().enumerate() {
            *o = full * u64::from(self.owned[j]);
        }
        for i in 0..rest {
            out[self.owner[((from + i) % p) as usize]] += 1;
        }
    }

    /// The backlog at the end of the second if the next `count` messages were all accepted.
    fn end_depth(&self, count: u64, scratch: &mut [u64]) -> u64 {
        self.share(self.next, count, scratch);
        self.lanes.iter().zip(scratch.iter()).map(|(&q, &a)| (q + a).saturating_sub(self.rate)).sum()
    }

    /// The longest prefix of the next `offered` messages that keeps the backlog within
    /// `capacity` at the end of the second (the end depth only grows with the prefix).
    fn fits(&self, offered: u64, capacity: u64, scratch: &mut [u64]) -> u64 {
        // Whatever the partitions, the end depth is at least the backlog plus the prefix minus
        // what every consumer could take: no prefix longer than `capacity − backlog +
        // consumers × rate` fits.
        let most = (capacity + self.rate * self.lanes.len() as u64).saturating_sub(self.lanes.iter().sum());
        let offered = offered.min(most);
        if self.end_depth(offered, scratch) <= capacity {
            return offered;
        }
        let (mut lo, mut hi) = (0, offered);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.end_depth(mid, scratch) <= capacity {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Consumers take what they can; returns what they took.
    fn consume(&mut self, arrived: &[u64]) -> u64 {
        let mut took = 0;
        for (q, &a) in self.lanes.iter_mut().zip(arrived) {
            let have = *q + a;
            let t = have.min(self.rate);
            took += t;
            *q = have - t;
        }
        took
    }
}

/// Runs the broker (see the module's description).
pub fn simulate(s: &BrokerState) -> Run {
    let partitions = s.partitions.clamp(1, MAX_PARTITIONS) as usize;
    let consumers = s.consumers.clamp(1, MAX_CONSUMERS) as usize;
    let active = consumers.min(partitions);
    let owner: Vec<usize> = (0..partitions).map(|p| p % consumers).collect();
    let mut owned = vec![0u32; consumers];
    for &o in &owner {
        owned[o] += 1;
    }
    let mut g = Group { owner, owned: owned[..active].to_vec(), lanes: vec![0; active], next: 0, rate: u64::from(s.consume) };
    let (rate, seconds) = (u64::from(s.produce.min(MAX_RATE)), u64::from(s.seconds.clamp(1, MAX_SECONDS)));
    let capacity = s.capacity.clamp(1, MAX_CAPACITY);
    let mut scratch = vec![0u64; active];
    let mut arrived = vec![0u64; active];
    let (mut accepted, mut dropped, mut consumed, mut waiting) = (0u64, 0u64, 0u64, 0u64);
    let mut depth = Vec::with_capacity(seconds as usize);
    let mut t = 0u64;
    while t < seconds || (waiting > 0 && t < seconds + MAX_EXTRA) {
        t += 1;
        if t <= seconds {
            waiting += rate;
        }
        let offered = waiting;
        let taken = g.fits(offered, capacity, &mut scratch);
        g.share(g.next, taken, &mut arrived);
        match s.full {
            Full::Block => {
                g.next += taken;
                waiting -= taken;
                accepted += taken;
            }
            Full::Drop => {
                // The rest are refused, except those whose consumer still has spare rate this
                // second: accepting them leaves the end-of-second backlog as it is.
                g.share(g.next + taken, offered - taken, &mut scratch);
                let mut extra = 0;
                for j in 0..active {
                    let room = g.rate.saturating_sub(g.lanes[j] + arrived[j]);
                    let more = scratch[j].min(room);
                    arrived[j] += more;
                    extra += more;
                }
                g.next += offered;
                waiting = 0;
                accepted += taken + extra;
                dropped += offered - taken - extra;
            }
        }
        consumed += g.consume(&arrived);
        depth.push(g.lanes.iter().sum());
    }
    let finished = waiting == 0;
    let drain = finished.then(|| g.lanes.iter().map(|&q| q.div_ceil(g.rate.max(1))).max().unwrap_or(0));
    let mut lanes = g.lanes;
    lanes.resize(consumers, 0);
    Run {
        max_depth: depth.iter().copied().max().unwrap_or(0),
        end: t,
        depth,
        lanes,
        owned,
        produced: rate * seconds,
        accepted,
        dropped,
        consumed,
        waiting,
        drain,
        idle: (consumers - active) as u32,
        groups: match s.mode {
            Mode::Queue => 1,
            Mode::Pubsub => s.groups.clamp(1, MAX_GROUPS),
        },
    }
}

impl BrokerState {
    /// The run at this state ([`simulate`]).
    pub fn run(&self) -> Run {
        simulate(self)
    }

    /// Messages a second the group can take when every consumer is busy:
    /// `min(consumers, partitions) × consume`.
    pub fn drain_rate(&self) -> u64 {
        u64::from(self.consumers.min(self.partitions)) * u64::from(self.consume)
    }

    /// Subscriber groups that receive the messages (1 for a queue).
    pub fn group_count(&self) -> u32 {
        match self.mode {
            Mode::Queue => 1,
            Mode::Pubsub => self.groups,
        }
    }
}

/// A whole number of seconds for reading (`90 s`, `1 min 30 s` is left to the reader).
pub fn secs(s: u64) -> String {
    format!("{} s", grouped(s as f64))
}

/// Reads a whole number within `[lo, hi]`.
fn whole(text: &str, lo: u64, hi: u64, what: &str) -> Result<u64, String> {
    let v = parse_number(text).map_err(|e| format!("{what}: {e}"))?;
    if v.fract() != 0.0 || !(lo as f64..=hi as f64).contains(&v) {
        return Err(format!("{what} must be a whole number from {lo} to {}, not {}", grouped(hi as f64), trim(v)));
    }
    Ok(v as u64)
}

impl UrlState for BrokerState {
    const KEYS: &'static [&'static str] =
        &["preset", "produce", "seconds", "consumers", "consume", "partitions", "capacity", "full", "mode", "groups"];

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let small = |v: u64| v as u32;
        match key {
            "produce" => {
                self.produce = small(whole(value, 0, u64::from(MAX_RATE), "the production rate (messages a second)")?)
            }
            "seconds" => self.seconds = small(whole(value, 1, u64::from(MAX_SECONDS), "the production time (seconds)")?),
            "consumers" => {
                self.consumers = small(whole(value, 1, u64::from(MAX_CONSUMERS), "the consumers in a group")?)
            }
            "consume" => {
                self.consume = small(whole(value, 1, u64::from(MAX_RATE), "a consumer's rate (messages a second)")?)
            }
            "partitions" => {
                self.partitions = small(whole(value, 1, u64::from(MAX_PARTITIONS), "the partitions")?)
            }
            "capacity" => self.capacity = whole(value, 1, MAX_CAPACITY, "the backlog's bound (messages)")?,
            "full" => {
                self.full = Full::from_name(value).ok_or_else(|| {
                    format!("unknown choice “{}” when full; use block or drop", value.chars().take(40).collect::<String>())
                })?
            }
            "mode" => {
                self.mode = Mode::from_name(value).ok_or_else(|| {
                    format!("unknown mode “{}”; use queue or pubsub", value.chars().take(40).collect::<String>())
                })?
            }
            "groups" => self.groups = small(whole(value, 1, u64::from(MAX_GROUPS), "the subscriber groups")?),
            _ => return Err(format!("unknown setting; this widget reads {}", Self::KEYS.join(", "))),
        }
        Ok(())
    }

    fn get(&self, key: &str) -> String {
        match key {
            "preset" => self.named().unwrap_or_default().to_string(),
            "produce" => self.produce.to_string(),
            "seconds" => self.seconds.to_string(),
            "consumers" => self.consumers.to_string(),
            "consume" => self.consume.to_string(),
            "partitions" => self.partitions.to_string(),
            "capacity" => self.capacity.to_string(),
            "full" => self.full.name().to_string(),
            "mode" => self.mode.name().to_string(),
            "groups" => self.groups.to_string(),
            _ => String::new(),
        }
    }

    crate::scenarios!(Preset);
}

impl Widget for BrokerState {
    const ID: &'static str = "broker";
    const TITLE: &'static str = "Message broker";
    const BLURB: &'static str = "Send a burst of messages through partitions to a group of consumers, bound the backlog, and watch it fill, drop or hold the producer back, as a queue or to several subscriber groups.";

    /// The run's figures.
    fn twin(&self) -> Option<Table> {
        let r = self.run();
        let row = |label: &str, value: String| vec![label.to_string(), value];
        let n = |v: u64| grouped(v as f64);
        Some(Table {
            caption: format!(
                "{} messages a second for {} s into {} partitions; {} consumers of {} a second in each of {} group(s); room for {} messages per group, {} when full",
                n(u64::from(self.produce)),
                self.seconds,
                self.partitions,
                self.consumers,
                n(u64::from(self.consume)),
                r.groups,
                n(self.capacity),
                self.full.name()
            ),
            head: vec![String::new(), "Value".into()],
            rows: vec![
                row("Deepest backlog (messages, per group)", n(r.max_depth)),
                row("End of production", secs(r.end)),
                row(
                    "Drain time after the end of production",
                    r.drain.map_or_else(|| format!("the producer still waits after {}", secs(r.end)), secs),
                ),
                row("Idle consumers (per group)", r.idle.to_string()),
                row("Messages dropped", n(r.dropped)),
                row("Copies delivered, all groups", n(r.deliveries())),
            ],
        })
    }
}

#[cfg(test)]
mod tests;
