//! The `queue` widget's model: one server and the queue in front of it.
//!
//! **The server.** Items (requests, orders, messages) arrive at a mean rate `λ` per second; the
//! server completes at most `μ` per second, so one item takes `S = 1/μ` seconds on average.
//! Its **utilization** is `ρ = λ/μ`, the share of time it is busy.
//!
//! **The M/M/1 queue** (arrivals at random, a Poisson process; exponentially distributed
//! service times; one server; served in order of arrival), in steady state, which exists only
//! while `λ < μ` (Kleinrock, *Queueing Systems*, vol. 1, 1975, ch. 3):
//! - mean time in the system (waiting plus service), the response time: `W = 1/(μ − λ)`,
//!   which is `S/(1 − ρ)`;
//! - mean wait in the queue before service starts: `Wq = ρ/(μ − λ) = W − S`;
//! - mean number in the system: `L = ρ/(1 − ρ)`, and in the queue `Lq = ρ²/(1 − ρ)`.
//!
//! **Little's law** (Little, 1961), `L = λW`, holds for any stable system: [`Mm1`] carries
//! both `L` from the formula above and `λW`, and they agree. When `λ ≥ μ` there is no steady
//! state: the queue grows by `λ − μ` items a second on average (at `λ = μ` it drifts ever
//! longer all the same), so [`Steady::Overloaded`] takes the place of the figures.
//!
//! **A spike drained by the queue.** A backlog of `B` items lands at once (a flash sale). The
//! same server works through it at `μ` while new items keep arriving at `λ`, so the queue
//! shrinks by `μ − λ` a second and is empty after `B/(μ − λ)` seconds, which is `B·S/(1 − ρ)`:
//! the factor `1/(1 − ρ)` of the response time again. When `μ ≤ λ` it never empties. The
//! drain is a fluid picture (the mean rates, not the random ups and downs around them): the
//! depth falls in a straight line from `B` to 0, so on average `B/2` items wait while the
//! server completes `μ` a second, and by Little's law the items served during the drain wait
//! `B/(2μ)` on average, whatever `λ` is.
//!
//! Times are in seconds, rates per second. Every function is total: inputs are checked by
//! [`QueueState::set`], and the maths answers any `f64` without NaN where a value is promised.

use super::units::{self, format_duration, grouped, parse_number, significant, trim};
use super::widget::{Table, UrlState, Widget};

/// Highest arrival or service rate accepted, per second.
pub const MAX_RATE: f64 = 1_000_000.0;

/// Lowest service rate accepted, per second (one item every 1,000 s): a server must serve.
pub const MIN_SERVICE: f64 = 0.001;

/// Largest backlog accepted, items.
pub const MAX_BACKLOG: u64 = 1_000_000_000;

/// The utilization the response-time curve ends at: beyond it the curve leaves any chart.
pub const CURVE_TOP: f64 = 0.99;

/// Segments of the response-time curve ([`response_curve`]): one per 1 % of utilization.
pub const CURVE_STEPS: usize = 99;

/// Segments of the backlog's depth over time ([`QueueState::drain_curve`]).
pub const DRAIN_STEPS: usize = 50;

names! {
    /// The scenarios the lesson starts from.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Preset {
        /// A web server at 90 %: 10 ms a request (100 a second), 90 requests a second, and a
        /// burst of 1,000 extra requests.
        Web = "web",
        /// A flash sale: 1,000,000 orders queued at once, one consumer shipping 500 a second,
        /// no new orders.
        FlashSale = "flash-sale",
    }
}

impl Preset {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Web => "A web server at 90 % busy",
            Preset::FlashSale => "A flash sale: 1,000,000 orders, 500 shipped a second",
        }
    }

    /// The state this scenario stands for.
    pub fn state(self) -> QueueState {
        match self {
            Preset::Web => QueueState { arrival: 90.0, service: 100.0, backlog: 1_000 },
            Preset::FlashSale => QueueState { arrival: 0.0, service: 500.0, backlog: 1_000_000 },
        }
    }
}

/// The whole state of the widget; it round-trips through a URL query. A scenario is not a
/// field: the state *is* a scenario while its values are the scenario's ([`UrlState::named`]).
#[derive(Clone, Debug, PartialEq)]
pub struct QueueState {
    /// Arrival rate `λ`, items per second, 0 to [`MAX_RATE`] (key `arrival`).
    pub arrival: f64,
    /// Service rate `μ`, items the server completes per second, [`MIN_SERVICE`] to
    /// [`MAX_RATE`] (key `service`).
    pub service: f64,
    /// Items queued at once by a spike, 0 to [`MAX_BACKLOG`] (key `backlog`).
    pub backlog: u64,
}

impl Default for QueueState {
    /// 10 ms a request at 80 % busy, with a burst of 1,000 requests.
    fn default() -> Self {
        QueueState { arrival: 80.0, service: 100.0, backlog: 1_000 }
    }
}

/// The mean figures of a stable M/M/1 queue (seconds, items).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mm1 {
    /// `ρ = λ/μ`, below 1.
    pub utilization: f64,
    /// Mean time in the system, waiting and service: `W = 1/(μ − λ)`.
    pub response_time: f64,
    /// Mean wait in the queue before service: `Wq = ρ/(μ − λ)`.
    pub wait: f64,
    /// Mean number in the system, from the M/M/1 formula: `L = ρ/(1 − ρ)`.
    pub in_system: f64,
    /// Mean number waiting in the queue: `Lq = ρ²/(1 − ρ)`.
    pub in_queue: f64,
    /// Little's law, `λW`: equal to [`Mm1::in_system`].
    pub little: f64,
    /// Response time in service times: `W/S = 1/(1 − ρ)`.
    pub slowdown: f64,
}

/// Whether the queue settles, and its figures if it does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Steady {
    /// `λ < μ`: the mean figures.
    Stable(Mm1),
    /// `λ ≥ μ`: no steady state; the queue grows without bound.
    Overloaded {
        /// How many items the queue gains a second on average, `λ − μ` (0 at exactly `λ = μ`,
        /// where it still grows without bound).
        growth: f64,
    },
}

impl Steady {
    /// The figures, when the queue is stable.
    pub fn stable(&self) -> Option<&Mm1> {
        match self {
            Steady::Stable(m) => Some(m),
            Steady::Overloaded { .. } => None,
        }
    }

    /// What to show in place of the figures when there is no steady state.
    pub fn warning(&self) -> Option<String> {
        match *self {
            Steady::Stable(_) => None,
            Steady::Overloaded { growth } if growth > 0.0 => Some(format!(
                "no steady state: items arrive faster than the server completes them, so the queue grows by {} a second without limit",
                count(growth)
            )),
            Steady::Overloaded { .. } => Some(
                "no steady state: at exactly 100 % busy the server never catches up, and the queue drifts ever longer"
                    .to_string(),
            ),
        }
    }
}

/// How a backlog drains.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Drain {
    /// `μ > λ`: the queue is empty again after `time`.
    Drains {
        /// Seconds until the queue is empty: `B/(μ − λ)`.
        time: f64,
        /// Mean wait of the items served while it drains: `B/(2μ)`.
        mean_wait: f64,
    },
    /// `μ ≤ λ`: the queue never empties.
    Never {
        /// Items the queue gains a second, `λ − μ`.
        growth: f64,
    },
}

impl Drain {
    /// Seconds until the queue is empty, if it ever is.
    pub fn time(&self) -> Option<f64> {
        match *self {
            Drain::Drains { time, .. } => Some(time),
            Drain::Never { .. } => None,
        }
    }

    /// What to show in place of a drain time when the queue never empties.
    pub fn warning(&self) -> Option<String> {
        match *self {
            Drain::Drains { .. } => None,
            Drain::Never { growth } if growth > 0.0 => {
                Some(format!("never: new items alone outpace the server, and the queue grows by {} a second", count(growth)))
            }
            Drain::Never { .. } => {
                Some("never: new items arrive exactly as fast as the server completes them".to_string())
            }
        }
    }
}

/// Everything the widget shows at one state.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figures {
    /// `ρ = λ/μ` (may be 1 or more: the server cannot keep up).
    pub utilization: f64,
    /// Mean service time `S = 1/μ`, seconds.
    pub service_time: f64,
    /// Items completed per second in the long run: `λ` when stable, at most `μ`.
    pub throughput: f64,
    /// The M/M/1 figures, or why there are none.
    pub steady: Steady,
    /// How the backlog drains.
    pub drain: Drain,
}

impl Figures {
    /// The mean response time `W`, seconds, when the queue is stable.
    pub fn response_time(&self) -> Option<f64> {
        self.steady.stable().map(|m| m.response_time)
    }
}

/// A point of the response-time curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CurvePoint {
    /// `ρ`, the x axis (a fraction).
    pub utilization: f64,
    /// `W` at that utilization, seconds: the y axis.
    pub response_time: f64,
}

/// A point of the backlog's depth over time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DepthPoint {
    /// Seconds since the spike landed: the x axis.
    pub time: f64,
    /// Items in the queue: the y axis.
    pub depth: f64,
}

/// The M/M/1 figures for arrivals at `arrival` and service at `service` a second.
pub fn mm1(arrival: f64, service: f64) -> Steady {
    let (lambda, mu) = (arrival.max(0.0), service);
    if !(mu > 0.0 && lambda < mu) {
        return Steady::Overloaded { growth: (lambda - mu.max(0.0)).max(0.0) };
    }
    let rho = lambda / mu;
    let response_time = 1.0 / (mu - lambda);
    let in_system = rho / (1.0 - rho);
    Steady::Stable(Mm1 {
        utilization: rho,
        response_time,
        wait: rho * response_time,
        in_system,
        in_queue: rho * in_system,
        little: lambda * response_time,
        slowdown: 1.0 / (1.0 - rho),
    })
}

/// How a backlog of `backlog` items drains through a server completing `service` a second
/// while new items arrive at `arrival` a second.
pub fn drain(backlog: f64, arrival: f64, service: f64) -> Drain {
    let (b, lambda, mu) = (backlog.max(0.0), arrival.max(0.0), service);
    if !(mu > 0.0 && lambda < mu) {
        return Drain::Never { growth: (lambda - mu.max(0.0)).max(0.0) };
    }
    Drain::Drains { time: b / (mu - lambda), mean_wait: b / (2.0 * mu) }
}

/// The mean response time against utilization for a server completing `service` a second:
/// `ρ` from 0 to [`CURVE_TOP`] in [`CURVE_STEPS`] steps, `W = S/(1 − ρ)`.
pub fn response_curve(service: f64) -> Vec<CurvePoint> {
    let s = if service > 0.0 { 1.0 / service } else { 0.0 };
    (0..=CURVE_STEPS)
        .map(|i| {
            let rho = CURVE_TOP * i as f64 / CURVE_STEPS as f64;
            CurvePoint { utilization: rho, response_time: s / (1.0 - rho) }
        })
        .collect()
}

impl QueueState {
    /// Everything the widget shows.
    pub fn figures(&self) -> Figures {
        let steady = mm1(self.arrival, self.service);
        Figures {
            utilization: if self.service > 0.0 { self.arrival.max(0.0) / self.service } else { f64::INFINITY },
            service_time: if self.service > 0.0 { 1.0 / self.service } else { f64::INFINITY },
            throughput: self.arrival.max(0.0).min(self.service.max(0.0)),
            steady,
            drain: drain(self.backlog as f64, self.arrival, self.service),
        }
    }

    /// The response-time curve at this service rate ([`response_curve`]).
    pub fn curve(&self) -> Vec<CurvePoint> {
        response_curve(self.service)
    }

    /// Where this state sits on the curve (none when there is no steady state; its utilization
    /// may lie between [`CURVE_TOP`] and 1, beyond the curve's end).
    pub fn point(&self) -> Option<CurvePoint> {
        self.figures().steady.stable().map(|m| CurvePoint { utilization: m.utilization, response_time: m.response_time })
    }

    /// The backlog's depth over time, [`DRAIN_STEPS`] segments: from `B` down to 0 at the
    /// drain time; when it never drains, rising (or flat) over as long as the server alone
    /// would take to clear the backlog twice (at least a minute).
    pub fn drain_curve(&self) -> Vec<DepthPoint> {
        let b = self.backlog as f64;
        let net = self.service - self.arrival.max(0.0);
        let horizon = match drain(b, self.arrival, self.service) {
            Drain::Drains { time, .. } if time > 0.0 => time,
            _ => (2.0 * b / self.service.max(MIN_SERVICE)).max(60.0),
        };
        (0..=DRAIN_STEPS)
            .map(|i| {
                let time = horizon * i as f64 / DRAIN_STEPS as f64;
                DepthPoint { time, depth: (b - net * time).max(0.0) }
            })
            .collect()
    }
}

/// A rate or count for reading: three significant digits, thousands grouped.
fn count(value: f64) -> String {
    grouped(significant(value, 3))
}

/// Reads a rate within `[lo, hi]` per second.
fn rate(text: &str, lo: f64, hi: f64, what: &str) -> Result<f64, String> {
    let v = parse_number(text).map_err(|e| format!("{what}: {e}"))?;
    if !(lo..=hi).contains(&v) {
        return Err(format!("{what} must be from {} to {} a second, not {}", trim(lo), grouped(hi), trim(v)));
    }
    // −0 reads as 0, so that it writes back as 0.
    Ok(v + 0.0)
}

impl UrlState for QueueState {
    const KEYS: &'static [&'static str] = &["preset", "arrival", "service", "backlog"];

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "arrival" => self.arrival = rate(value, 0.0, MAX_RATE, "the arrival rate")?,
            "service" => {
                self.service = rate(value, MIN_SERVICE, MAX_RATE, "the service rate (more than 0: a server must serve)")?
            }
            "backlog" => {
                let v = parse_number(value).map_err(|e| format!("the backlog: {e}"))?;
                if v.fract() != 0.0 || !(0.0..=MAX_BACKLOG as f64).contains(&v) {
                    return Err(format!("the backlog must be a whole number of items from 0 to {}", grouped(MAX_BACKLOG as f64)));
                }
                self.backlog = v as u64;
            }
            _ => return Err(format!("unknown setting; this widget reads {}", Self::KEYS.join(", "))),
        }
        Ok(())
    }

    fn get(&self, key: &str) -> String {
        match key {
            "preset" => self.named().unwrap_or_default().to_string(),
            "arrival" => trim(self.arrival),
            "service" => trim(self.service),
            "backlog" => self.backlog.to_string(),
            _ => String::new(),
        }
    }

    crate::scenarios!(Preset);
}

impl Widget for QueueState {
    const ID: &'static str = "queue";
    const TITLE: &'static str = "Queue and utilization";
    const BLURB: &'static str =
        "Watch response time climb as a server gets busier, check Little's law, and time how long a queue takes to drain a spike.";

    /// Utilization, the M/M/1 figures (or why there are none) and the backlog's drain time.
    fn twin(&self) -> Option<Table> {
        let f = self.figures();
        let row = |label: &str, value: String| vec![label.to_string(), value];
        let mut rows = vec![row("Utilization ρ = λ / μ", units::format_percent(f.utilization))];
        match (f.steady.stable(), f.steady.warning()) {
            (Some(m), _) => rows.extend([
                row("Mean response time W = 1 / (μ − λ)", format_duration(m.response_time)),
                row("Mean wait in the queue Wq = ρ / (μ − λ)", format_duration(m.wait)),
                row("Mean number in the system L = ρ / (1 − ρ)", count(m.in_system)),
                row("Little's law: λ × W", count(m.little)),
            ]),
            (None, warning) => rows.push(row("Mean response time", warning.unwrap_or_default())),
        }
        let label = format!("A backlog of {} items empties in", grouped(self.backlog as f64));
        rows.push(match (f.drain, f.drain.warning()) {
            (Drain::Drains { time, .. }, _) => row(&label, format_duration(time)),
            (Drain::Never { .. }, warning) => row(&label, warning.unwrap_or_default()),
        });
        Some(Table {
            caption: format!(
                "One server: {} arrivals a second, {} served a second ({} each)",
                grouped(self.arrival),
                grouped(self.service),
                format_duration(f.service_time)
            ),
            head: vec![String::new(), "Value".into()],
            rows,
        })
    }
}

#[cfg(test)]
mod tests;
