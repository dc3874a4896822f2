//! The probe: a throwaway widget model, compiled only with the `probe-widget` feature, for the
//! check that adding a widget does not grow the shell (`tools/shell-growth.sh`). It is shaped
//! like a real widget (URL state with problems, a computed table, a chart's points) so that
//! it reaches what a real widget reaches; its maths (waiting in an M/M/c queue, Erlang's C
//! formula) is real but is taught nowhere.

use super::widget::{UrlState, Widget};
use super::units::parse_number;

names! {
    /// How the probe's queue serves its waiting requests.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Discipline {
        /// First come, first served.
        #[default]
        Fifo = "fifo",
        /// Last come, first served.
        Lifo = "lifo",
        /// Shortest job first.
        Sjf = "sjf",
        /// Round robin with a quantum.
        RoundRobin = "round-robin",
    }
}

/// What the probe's fields say. Shaped like a real widget's state, with as many settings, so
/// that a shell that reached a widget's parser would grow by a measurable amount.
#[derive(Clone, Debug, PartialEq)]
pub struct ProbeState {
    /// Arrivals per second.
    pub rate: f64,
    /// Requests one server completes per second.
    pub service: f64,
    /// Servers, 1–64.
    pub servers: u32,
    /// Room in the queue, 0–10,000 requests.
    pub queue: u32,
    /// Give up after this long waiting, ms (0: never).
    pub timeout_ms: f64,
    /// Retries after a timeout, 0–5.
    pub retries: u32,
    /// Queue discipline.
    pub discipline: Discipline,
    /// Spread of service times, as a coefficient of variation (0–4).
    pub variation: f64,
    /// Arrivals in a burst, 1–1,000.
    pub burst: u32,
    /// Seed of the arrivals.
    pub seed: u64,
}

impl Default for ProbeState {
    fn default() -> Self {
        ProbeState {
            rate: 80.0,
            service: 10.0,
            servers: 10,
            queue: 100,
            timeout_ms: 0.0,
            retries: 0,
            discipline: Discipline::Fifo,
            variation: 1.0,
            burst: 1,
            seed: 1,
        }
    }
}

fn whole(value: &str, lo: u32, hi: u32, what: &str) -> Result<u32, String> {
    match value.trim().parse::<u32>() {
        Ok(n) if (lo..=hi).contains(&n) => Ok(n),
        Ok(n) => Err(format!("{what} must be from {lo} to {hi}, not {n}")),
        Err(_) => Err(format!("{what} must be a whole number from {lo} to {hi}")),
    }
}

fn amount(value: &str, lo: f64, hi: f64, what: &str) -> Result<f64, String> {
    let n = parse_number(value).map_err(|e| format!("{what}: {e}"))?;
    if !(lo..=hi).contains(&n) {
        return Err(format!("{what} must be between {lo} and {hi}"));
    }
    Ok(n)
}

impl UrlState for ProbeState {
    const KEYS: &'static [&'static str] =
        &["rate", "service", "servers", "queue", "timeout", "retries", "discipline", "variation", "burst", "seed"];

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "rate" => self.rate = amount(value, 0.0, 1e6, "the arrival rate")?,
            "service" => self.service = amount(value, 1e-3, 1e6, "the service rate")?,
            "servers" => self.servers = whole(value, 1, 64, "the number of servers")?,
            "queue" => self.queue = whole(value, 0, 10_000, "the room in the queue")?,
            "timeout" => self.timeout_ms = amount(value, 0.0, 600_000.0, "the timeout")?,
            "retries" => self.retries = whole(value, 0, 5, "the number of retries")?,
            "discipline" => {
                self.discipline =
                    Discipline::from_name(value).ok_or_else(|| "use fifo, lifo, sjf or round-robin".to_string())?
            }
            "variation" => self.variation = amount(value, 0.0, 4.0, "the variation")?,
            "burst" => self.burst = whole(value, 1, 1_000, "the burst")?,
            "seed" => self.seed = value.trim().parse::<u64>().map_err(|_| "a whole number".to_string())?,
            _ => return Err(format!("unknown setting; this widget reads {}", Self::KEYS.join(", "))),
        }
        Ok(())
    }

    fn get(&self, key: &str) -> String {
        match key {
            "rate" => self.rate.to_string(),
            "service" => self.service.to_string(),
            "servers" => self.servers.to_string(),
            "queue" => self.queue.to_string(),
            "timeout" => self.timeout_ms.to_string(),
            "retries" => self.retries.to_string(),
            "discipline" => self.discipline.name().to_string(),
            "variation" => self.variation.to_string(),
            "burst" => self.burst.to_string(),
            "seed" => self.seed.to_string(),
            _ => String::new(),
        }
    }
}

impl Widget for ProbeState {
    const ID: &'static str = "probe";
    const TITLE: &'static str = "Probe";
    const BLURB: &'static str = "A throwaway widget for a size check.";
}

/// The chance that an arrival waits, with `c` servers at offered load `a` = rate / service
/// (Erlang's C formula), or `None` when the queue grows without bound.
pub fn erlang_c(c: u32, a: f64) -> Option<f64> {
    let rho = a / f64::from(c);
    if !(0.0..1.0).contains(&rho) {
        return None;
    }
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 1..c {
        term *= a / f64::from(k);
        sum += term;
    }
    let top = term * a / f64::from(c) / (1.0 - rho);
    Some(top / (sum + top))
}

/// Mean wait in the queue, seconds, for each number of servers from 1 to `state.servers`
/// (`None` where the queue is unstable).
pub fn waits(state: &ProbeState) -> Vec<(u32, Option<f64>)> {
    let a = state.rate / state.service;
    (1..=state.servers).map(|c| (c, erlang_c(c, a).map(|p| p / (f64::from(c) * state.service - state.rate)))).collect()
}
