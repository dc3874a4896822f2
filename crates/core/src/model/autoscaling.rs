//! The `autoscaling` widget's model: a group of identical instances behind a load balancer, a
//! load that changes minute by minute, and a pair of simple scaling rules that add or remove one
//! instance at a time.
//!
//! **The load** (requests a second), given its peak `L` (key `load`) and the minute `t` since
//! the run started (midnight for the daily curve):
//! - `steady`: `L` all the time;
//! - `daily`: a sinusoid between 20 % and 100 % of `L` with a 24-hour period, lowest at
//!   midnight and highest at noon: `L × (0.6 − 0.4 × cos(2π t / 1440))`;
//! - `spike`: a quarter of `L`, jumping to `L` for two hours, from minute 60 (1:00) to minute
//!   180 (3:00), then back to a quarter.
//!
//! **The group.** It starts with `min` instances, all warm. Each instance serves at most
//! `capacity` requests a second. A new instance joins the group at once but serves nothing
//! for `warmup` seconds, and it does not count towards the group's utilization until then.
//! **Utilization** is load ÷ (serving instances × capacity); above 100 % the group cannot
//! serve the load, and the minute counts as an **overload minute**.
//!
//! **The rules** (simple scaling: each scaling activity adds or removes one instance). Every
//! minute the group's utilization is measured. When it has been above `out` % for `out_min`
//! consecutive minutes (the evaluation periods), one instance is launched, unless the group
//! has `max`; when it has been below `in` % for `in_min` consecutive minutes, one is removed
//! (a warming one first, since it serves nothing), unless the group has `min`. A scaling
//! activity happens at the end of the minute that decided it and starts a **cooldown** of
//! `cooldown` seconds during which no other scaling activity starts, scale-out or scale-in
//! alike (a simple scaling policy's cooldown, Amazon EC2 Auto Scaling User Guide, "Scaling
//! cooldowns"). The counts of breaching minutes go on during the cooldown, so a rule still
//! breached when it ends acts at once.
//!
//! **The bill** is counted in instance-hours: every instance in the group, warming or serving,
//! for every minute it is there.
//!
//! Every function is total: inputs are checked by [`AutoscalingState::set`] and
//! [`AutoscalingState::conflict`], and the run is at most [`MAX_HOURS`] hours of minutes.

use super::query::ParamProblem;
use super::units::{format_duration, grouped, parse_number, significant, trim};
use super::widget::{Table, UrlState, Widget};

/// The longest run, hours.
pub const MAX_HOURS: u32 = 48;

/// The largest group, instances.
pub const MAX_INSTANCES: u32 = 1_000;

/// The highest peak load and per-instance capacity accepted, requests a second.
pub const MAX_RATE: f64 = 1_000_000.0;

/// The longest cooldown or warm-up accepted, seconds (an hour, as AWS's own limit for the
/// default instance warmup).
pub const MAX_WAIT: u32 = 3_600;

/// The longest evaluation window, minutes.
pub const MAX_WINDOW: u32 = 60;

/// The spike: from this minute…
pub const SPIKE_START: u32 = 60;

/// …to this one (excluded), at the full load; a quarter of it before and after.
pub const SPIKE_END: u32 = 180;

/// The spike's base, as a share of the peak load.
pub const SPIKE_BASE: f64 = 0.25;

/// The daily curve's lowest point, as a share of the peak load.
pub const DAILY_LOW: f64 = 0.2;

names! {
    /// The load curve.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Pattern {
        /// The peak load all the time.
        Steady = "steady",
        /// A day: 20 % of the peak at midnight, 100 % at noon.
        Daily = "daily",
        /// A quarter of the peak, with two hours at the full peak from 1:00 to 3:00.
        Spike = "spike",
    }
}

impl Pattern {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Pattern::Steady => "Steady: the peak all the time",
            Pattern::Daily => "Daily: 20 % to 100 % at noon",
            Pattern::Spike => "Spike: 100 % from 1:00 to 3:00",
        }
    }

    /// The load at minute `t` for a peak of `peak` requests a second.
    pub fn load(self, peak: f64, t: u32) -> f64 {
        match self {
            Pattern::Steady => peak,
            Pattern::Daily => {
                let angle = 2.0 * std::f64::consts::PI * f64::from(t % 1440) / 1440.0;
                let low = DAILY_LOW;
                peak * ((1.0 + low) / 2.0 - (1.0 - low) / 2.0 * cos(angle))
            }
            Pattern::Spike if (SPIKE_START..SPIKE_END).contains(&t) => peak,
            Pattern::Spike => peak * SPIKE_BASE,
        }
    }
}

/// The cosine of `x` in `[0, 2π]` (to about 1e-15): the daily curve's only trigonometry,
/// without bringing a maths library into the page. With `y = (x − π)/2`, `|y| ≤ π/2`, the
/// Taylor series of `cos y` converges in a dozen terms, and `cos x = −cos 2y = 1 − 2 cos² y`.
fn cos(x: f64) -> f64 {
    let y = (x - std::f64::consts::PI) / 2.0;
    let (mut term, mut sum) = (1.0f64, 1.0);
    let mut k = 1;
    while term.abs() > 1e-18 && k < 30 {
        term *= -y * y / f64::from((2 * k - 1) * (2 * k));
        sum += term;
        k += 1;
    }
    1.0 - 2.0 * sum * sum
}

names! {
    /// The scenarios the lesson replays.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Preset {
        /// A spike met by instances that take 10 minutes to warm up.
        SlowWarmup = "slow-warmup",
        /// The same spike with a one-minute warm-up.
        FastWarmup = "fast-warmup",
        /// The same spike with a 15-minute cooldown.
        LongCooldown = "long-cooldown",
        /// The same spike with no cooldown at all and a 5-minute warm-up.
        NoCooldown = "no-cooldown",
    }
}

impl Preset {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Preset::SlowWarmup => "A spike, 10-minute warm-up",
            Preset::FastWarmup => "A spike, 1-minute warm-up",
            Preset::LongCooldown => "A spike, 15-minute cooldown",
            Preset::NoCooldown => "A spike, no cooldown",
        }
    }

    /// The state this scenario stands for: the lesson's spike (250 requests a second, then
    /// 1,000 for two hours) on instances serving 100 each, four to twenty of them, out above
    /// 70 % for 3 minutes, in below 30 % for 10, over four hours.
    pub fn state(self) -> AutoscalingState {
        let spike = AutoscalingState {
            pattern: Pattern::Spike,
            load: 1_000.0,
            capacity: 100.0,
            min: 4,
            max: 20,
            out: 70,
            scale_in: 30,
            out_min: 3,
            in_min: 10,
            cooldown: 120,
            warmup: 600,
            hours: 4,
        };
        match self {
            Preset::SlowWarmup => spike,
            Preset::FastWarmup => AutoscalingState { warmup: 60, ..spike },
            Preset::LongCooldown => AutoscalingState { cooldown: 900, warmup: 60, ..spike },
            Preset::NoCooldown => AutoscalingState { cooldown: 0, warmup: 300, ..spike },
        }
    }
}

/// The whole state of the widget; it round-trips through a URL query. A scenario is not a
/// field: the state *is* a scenario while its values are the scenario's ([`UrlState::named`]).
#[derive(Clone, Debug, PartialEq)]
pub struct AutoscalingState {
    /// The load curve (key `pattern`).
    pub pattern: Pattern,
    /// The curve's peak, requests a second, 0 to [`MAX_RATE`] (key `load`).
    pub load: f64,
    /// Requests a second one instance serves, 1 to [`MAX_RATE`] (key `capacity`).
    pub capacity: f64,
    /// Fewest instances, 1 to [`MAX_INSTANCES`], at most `max` (key `min`).
    pub min: u32,
    /// Most instances, 1 to [`MAX_INSTANCES`] (key `max`).
    pub max: u32,
    /// Scale out above this utilization, %, 1 to 100 (key `out`).
    pub out: u32,
    /// Scale in below this utilization, %, 0 (never) to 99, below `out` (key `in`).
    pub scale_in: u32,
    /// Minutes in a row above `out` before scaling out, 1 to [`MAX_WINDOW`] (key `out_min`).
    pub out_min: u32,
    /// Minutes in a row below `in` before scaling in, 1 to [`MAX_WINDOW`] (key `in_min`).
    pub in_min: u32,
    /// Seconds after a scaling activity before another may start, 0 to [`MAX_WAIT`] (key
    /// `cooldown`).
    pub cooldown: u32,
    /// Seconds a new instance serves nothing and is left out of the utilization, 0 to
    /// [`MAX_WAIT`] (key `warmup`).
    pub warmup: u32,
    /// Length of the run, 1 to [`MAX_HOURS`] hours (key `hours`).
    pub hours: u32,
}

impl Default for AutoscalingState {
    /// A day of the daily curve peaking at 1,000 requests a second, instances of 100, three to
    /// twenty of them, out above 70 % for 5 minutes, in below 30 % for 10, AWS's default
    /// 300-second cooldown and a 5-minute warm-up.
    fn default() -> Self {
        AutoscalingState {
            pattern: Pattern::Daily,
            load: 1_000.0,
            capacity: 100.0,
            min: 3,
            max: 20,
            out: 70,
            scale_in: 30,
            out_min: 5,
            in_min: 10,
            cooldown: 300,
            warmup: 300,
            hours: 24,
        }
    }
}

/// What happened in one minute of the run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Minute {
    /// Requests a second offered.
    pub load: f64,
    /// Instances past their warm-up, serving.
    pub serving: u32,
    /// Instances in the group, warming or serving (what is paid for).
    pub instances: u32,
    /// Load ÷ (serving × capacity).
    pub utilization: f64,
}

impl Minute {
    /// Requests a second the serving instances can take.
    pub fn capacity(&self, per_instance: f64) -> f64 {
        f64::from(self.serving) * per_instance
    }
}

/// Which way a scaling activity went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// One instance launched.
    Out,
    /// One instance removed.
    In,
}

/// A scaling activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Activity {
    /// The minute it ended: it takes effect from the next one.
    pub minute: u32,
    /// Out or in.
    pub direction: Direction,
    /// Instances in the group after it.
    pub instances: u32,
}

/// The whole run and its totals.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// Every minute, in order (`hours × 60` of them).
    pub minutes: Vec<Minute>,
    /// Every scaling activity, in order.
    pub activities: Vec<Activity>,
    /// Instances in the group in the last minute.
    pub final_instances: u32,
    /// Most instances in the group in any minute.
    pub peak_instances: u32,
    /// Minutes whose load was above what the serving instances could take (utilization above
    /// 100 %).
    pub overload_minutes: u32,
    /// Instances in the group, minute by minute, in hours: what the run costs.
    pub instance_hours: f64,
    /// The highest utilization of any minute (a fraction).
    pub peak_utilization: f64,
    /// Requests turned away (the load above what the serving instances could take), in total.
    pub unserved: f64,
}

impl Run {
    /// Scaling activities that went `direction`.
    pub fn count(&self, direction: Direction) -> usize {
        self.activities.iter().filter(|a| a.direction == direction).count()
    }
}

/// Runs the group through the load, minute by minute.
pub fn simulate(s: &AutoscalingState) -> Run {
    let minutes_total = s.hours.clamp(1, MAX_HOURS) * 60;
    let capacity = s.capacity.max(f64::MIN_POSITIVE);
    let (min, max) = (s.min.max(1), s.max.max(s.min.max(1)));
    // Serving instances, and the times (s) at which the warming ones will serve, in order.
    let mut serving = min;
    let mut warming: std::collections::VecDeque<u64> = std::collections::VecDeque::new();
    let (mut above, mut below) = (0u32, 0u32);
    let mut calm_from = 0u64;
    let mut minutes = Vec::with_capacity(minutes_total as usize);
    let mut activities = Vec::new();
    for t in 0..minutes_total {
        let now = u64::from(t) * 60;
        while warming.front().is_some_and(|&ready| ready <= now) {
            warming.pop_front();
            serving += 1;
        }
        let instances = serving + warming.len() as u32;
        let load = s.pattern.load(s.load, t);
        let room = f64::from(serving) * capacity;
        minutes.push(Minute { load, serving, instances, utilization: load / room });
        // Compared as load × 100 against threshold × capacity, so 700 on 10 × 100 is exactly
        // 70 %, not a rounding error above it.
        above = if load * 100.0 > f64::from(s.out) * room { above + 1 } else { 0 };
        below = if load * 100.0 < f64::from(s.scale_in) * room { below + 1 } else { 0 };
        let end = now + 60;
        if end < calm_from {
            continue;
        }
        let direction = if above >= s.out_min.max(1) && instances < max {
            warming.push_back(end + u64::from(s.warmup));
            Direction::Out
        } else if below >= s.in_min.max(1) && instances > min {
            if warming.pop_back().is_none() {
                serving -= 1;
            }
            Direction::In
        } else {
            continue;
        };
        calm_from = end + u64::from(s.cooldown);
        activities.push(Activity { minute: t, direction, instances: serving + warming.len() as u32 });
    }
    let overload: Vec<&Minute> = minutes.iter().filter(|m| m.load > m.capacity(capacity)).collect();
    Run {
        final_instances: minutes.last().map_or(min, |m| m.instances),
        peak_instances: minutes.iter().map(|m| m.instances).max().unwrap_or(min),
        overload_minutes: overload.len() as u32,
        instance_hours: minutes.iter().map(|m| f64::from(m.instances)).sum::<f64>() / 60.0,
        peak_utilization: minutes.iter().map(|m| m.utilization).fold(0.0, f64::max),
        unserved: overload.iter().map(|m| (m.load - m.capacity(capacity)) * 60.0).sum(),
        minutes,
        activities,
    }
}

impl AutoscalingState {
    /// The run at this state ([`simulate`]).
    pub fn run(&self) -> Run {
        simulate(self)
    }

    /// A fixed fleet for comparison: the fewest instances that keep the peak load at or below
    /// the scale-out threshold, `ceil(load × 100 / (capacity × out))` (at least the minimum).
    pub fn fixed_fleet(&self) -> u32 {
        let needed = (self.load * 100.0 / (self.capacity * f64::from(self.out.max(1)))).ceil();
        (needed.min(f64::from(MAX_INSTANCES * 100)) as u32).max(self.min)
    }

    /// What is wrong between two settings, with the key to blame: the scale-in threshold must
    /// be below the scale-out one, and the minimum no more than the maximum.
    pub fn conflict(&self) -> Option<(&'static str, String)> {
        if self.scale_in >= self.out {
            return Some((
                "in",
                format!(
                    "the scale-in threshold ({} %) must be below the scale-out threshold ({} %)",
                    self.scale_in, self.out
                ),
            ));
        }
        if self.min > self.max {
            return Some(("max", format!("the maximum ({}) must be at least the minimum ({})", self.max, self.min)));
        }
        None
    }

    /// A copy with one field set from its text, checked alone and against the others: what a
    /// field of the view applies.
    pub fn with_checked(&self, key: &str, value: &str) -> Result<AutoscalingState, String> {
        let next = self.with(key, value)?;
        match next.conflict() {
            Some((_, message)) => Err(message),
            None => Ok(next),
        }
    }
}

/// Reads a whole number within `[lo, hi]`.
fn whole(text: &str, lo: u32, hi: u32, what: &str) -> Result<u32, String> {
    let v = parse_number(text).map_err(|e| format!("{what}: {e}"))?;
    if v.fract() != 0.0 || !(f64::from(lo)..=f64::from(hi)).contains(&v) {
        return Err(format!("{what} must be a whole number from {lo} to {}, not {}", grouped(f64::from(hi)), trim(v)));
    }
    Ok(v as u32)
}

/// Reads a rate within `[lo, hi]` requests a second.
fn rate(text: &str, lo: f64, what: &str) -> Result<f64, String> {
    let v = parse_number(text).map_err(|e| format!("{what}: {e}"))?;
    if !(lo..=MAX_RATE).contains(&v) {
        return Err(format!("{what} must be from {} to {} requests a second, not {}", trim(lo), grouped(MAX_RATE), trim(v)));
    }
    // −0 reads as 0, so that it writes back as 0.
    Ok(v + 0.0)
}

impl UrlState for AutoscalingState {
    const KEYS: &'static [&'static str] = &[
        "preset", "pattern", "load", "capacity", "min", "max", "out", "in", "out_min", "in_min", "cooldown", "warmup",
        "hours",
    ];

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "pattern" => {
                self.pattern = Pattern::from_name(value).ok_or_else(|| {
                    format!("unknown load pattern “{}”; use steady, daily or spike", value.chars().take(40).collect::<String>())
                })?
            }
            "load" => self.load = rate(value, 0.0, "the peak load")?,
            "capacity" => self.capacity = rate(value, 1.0, "an instance's capacity")?,
            "min" => self.min = whole(value, 1, MAX_INSTANCES, "the minimum group size")?,
            "max" => self.max = whole(value, 1, MAX_INSTANCES, "the maximum group size")?,
            "out" => self.out = whole(value, 1, 100, "the scale-out threshold (%)")?,
            "in" => self.scale_in = whole(value, 0, 99, "the scale-in threshold (%)")?,
            "out_min" => self.out_min = whole(value, 1, MAX_WINDOW, "the scale-out evaluation minutes")?,
            "in_min" => self.in_min = whole(value, 1, MAX_WINDOW, "the scale-in evaluation minutes")?,
            "cooldown" => self.cooldown = whole(value, 0, MAX_WAIT, "the cooldown (seconds)")?,
            "warmup" => self.warmup = whole(value, 0, MAX_WAIT, "the warm-up (seconds)")?,
            "hours" => self.hours = whole(value, 1, MAX_HOURS, "the length of the run (hours)")?,
            _ => return Err(format!("unknown setting; this widget reads {}", Self::KEYS.join(", "))),
        }
        Ok(())
    }

    fn get(&self, key: &str) -> String {
        match key {
            "preset" => self.named().unwrap_or_default().to_string(),
            "pattern" => self.pattern.name().to_string(),
            "load" => trim(self.load),
            "capacity" => trim(self.capacity),
            "min" => self.min.to_string(),
            "max" => self.max.to_string(),
            "out" => self.out.to_string(),
            "in" => self.scale_in.to_string(),
            "out_min" => self.out_min.to_string(),
            "in_min" => self.in_min.to_string(),
            "cooldown" => self.cooldown.to_string(),
            "warmup" => self.warmup.to_string(),
            "hours" => self.hours.to_string(),
            _ => String::new(),
        }
    }

    crate::scenarios!(Preset);

    /// Settings that contradict each other are reported and mended: a scale-in threshold at or
    /// above the scale-out one drops to just below it, a maximum below the minimum rises to it.
    fn settle(&mut self, problems: &mut Vec<ParamProblem>) {
        while let Some((key, message)) = self.conflict() {
            problems.push(ParamProblem { key: key.into(), message: format!("{message}; set to {}", mend(self, key)) });
        }
    }
}

/// Mends the conflict `key` names and says what it became.
fn mend(s: &mut AutoscalingState, key: &str) -> String {
    if key == "in" {
        s.scale_in = s.out.saturating_sub(1);
        format!("{} %", s.scale_in)
    } else {
        s.max = s.min;
        s.max.to_string()
    }
}

/// A count for reading: three significant digits, thousands grouped.
pub fn count(value: f64) -> String {
    grouped(significant(value, 3))
}

/// Minute `t` of the run as a clock time, `h:mm` (hours past 24 go on counting: `25:00`).
pub fn clock(t: u32) -> String {
    format!("{}:{:02}", t / 60, t % 60)
}

impl Widget for AutoscalingState {
    const ID: &'static str = "autoscaling";
    const TITLE: &'static str = "Auto-scaling";
    const BLURB: &'static str = "Run a group of servers through a day or a spike under scale-out and scale-in rules, and see what cooldowns and warm-up do to overload and to the bill.";

    /// The run's totals.
    fn twin(&self) -> Option<Table> {
        let r = self.run();
        let row = |label: &str, value: String| vec![label.to_string(), value];
        Some(Table {
            caption: format!(
                "{} hours of the {} load, peak {} requests a second, on instances serving {} each ({} to {} of them); out above {} % for {} min, in below {} % for {} min; cooldown {}, warm-up {}",
                self.hours,
                self.pattern.name(),
                grouped(self.load),
                grouped(self.capacity),
                self.min,
                self.max,
                self.out,
                self.out_min,
                self.scale_in,
                self.in_min,
                format_duration(f64::from(self.cooldown)),
                format_duration(f64::from(self.warmup)),
            ),
            head: vec![String::new(), "Value".into()],
            rows: vec![
                row("Instances at the end", r.final_instances.to_string()),
                row("Most instances at once", r.peak_instances.to_string()),
                row("Minutes overloaded (above 100 %)", r.overload_minutes.to_string()),
                row("Instance-hours paid", count(r.instance_hours)),
                row("Scale-out activities", r.count(Direction::Out).to_string()),
                row("Scale-in activities", r.count(Direction::In).to_string()),
                row("Requests turned away", count(r.unserved)),
                row(
                    "A fixed fleet that keeps the peak under the scale-out threshold",
                    format!("{} instances, {} instance-hours", self.fixed_fleet(), grouped(f64::from(self.fixed_fleet() * self.hours))),
                ),
            ],
        })
    }
}

#[cfg(test)]
mod tests;
