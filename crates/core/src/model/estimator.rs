//! The `estimator` widget's model: back-of-the-envelope capacity, from daily users to requests
//! per second, storage and bandwidth, worked both exactly and with powers of ten.
//!
//! **The chain.** `dau` users each act `per_user` times a day, one request per action:
//! `dau × per_user` requests a day. A day has 86,400 seconds, so the average rate is that
//! ÷ 86,400, and the peak rate is the average × `peak`. Each action stores `record_bytes`: per
//! day that is requests × `record_bytes`, kept `days` days in `copies` copies
//! ([`Estimate::storage_total`]). Each request carries `request_bytes` in and its response
//! `response_bytes` out: bandwidth is rate × size, at the average and at the peak, in bytes per
//! second (× 8 for bits, which is how links are rated).
//!
//! **Powers of ten.** [`estimate`] also works the chain the quick way, as a list of [`Step`]s,
//! each with its exact value beside the rough one: every input becomes one digit times a power
//! of ten ([`Rough::of`]), a product multiplies the digits and adds the exponents, rounding the
//! digit again, and a day is taken as 10⁵ seconds (the round figure people remember; one-digit
//! rounding would give 9 × 10⁴). So 1 billion users × 10 searches = 10¹⁰ a day, ÷ 10⁵ s ≈ 10⁵ a
//! second, against 115,741 exactly.
//!
//! Inputs are validated by [`EstimatorState::set`]; [`estimate`] is total (it clamps what it is
//! given).

use super::units::{self, format_bits, format_bytes, format_count, grouped, parse_bytes, parse_quantity, trim};

/// Seconds in a day.
pub const DAY_SECONDS: f64 = units::DAY;

/// Most daily active users accepted: 10¹⁰, more than everyone alive.
pub const MAX_DAU: f64 = 1e10;

/// Most actions per user per day accepted (more than one a second, all day long).
pub const MAX_PER_USER: f64 = 100_000.0;

/// Fewest actions per user per day accepted (one in three years).
pub const MIN_PER_USER: f64 = 0.001;

/// Largest peak-to-average factor accepted.
pub const MAX_PEAK: f64 = 100.0;

/// Largest request, response or record accepted, bytes (10 GB).
pub const MAX_BYTES: f64 = 1e10;

/// Longest retention accepted, days (100 years of 365 days).
pub const MAX_DAYS: u32 = 36_500;

/// Most copies accepted.
pub const MAX_COPIES: u32 = 10;

names! {
    /// The scenarios the lesson works through.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Preset {
        /// A billion people searching ten times a day; each search logged as a 200-byte record
        /// kept a year in three copies; 1 KB requests and 10 KB pages of results.
        Search = "search",
        /// 100 million people sending 40 messages of 100 bytes a day, kept a year in three
        /// copies.
        Chat = "chat",
    }
}

impl Preset {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Search => "Search: 1 billion users, 10 searches a day",
            Preset::Chat => "Chat: 100 million users, 40 messages a day",
        }
    }

    /// The state this scenario sets.
    pub fn state(self) -> EstimatorState {
        let search = EstimatorState { preset: Some(self), ..EstimatorState::default() };
        match self {
            Preset::Search => search,
            Preset::Chat => EstimatorState {
                dau: 1e8,
                per_user: 40.0,
                peak: 3.0,
                record_bytes: 100.0,
                days: 365,
                copies: 3,
                request_bytes: 100.0,
                response_bytes: 100.0,
                ..search
            },
        }
    }
}

/// The whole state of the widget; it round-trips through a URL query.
#[derive(Clone, Debug, PartialEq)]
pub struct EstimatorState {
    /// Daily active users, a whole number from 1 to [`MAX_DAU`].
    pub dau: f64,
    /// Actions (requests) per user per day, [`MIN_PER_USER`] to [`MAX_PER_USER`].
    pub per_user: f64,
    /// Peak-to-average factor, 1 to [`MAX_PEAK`].
    pub peak: f64,
    /// Bytes stored per action (whole bytes).
    pub record_bytes: f64,
    /// Days the records are kept, 1 to [`MAX_DAYS`].
    pub days: u32,
    /// Copies of each record (replicas), 1 to [`MAX_COPIES`].
    pub copies: u32,
    /// Bytes each request carries in (whole bytes).
    pub request_bytes: f64,
    /// Bytes each response carries out (whole bytes).
    pub response_bytes: f64,
    /// The scenario this state came from, while nothing differs from it.
    pub preset: Option<Preset>,
}

impl Default for EstimatorState {
    /// The search scenario's values, without its name.
    fn default() -> Self {
        EstimatorState {
            dau: 1e9,
            per_user: 10.0,
            peak: 2.0,
            record_bytes: 200.0,
            days: 365,
            copies: 3,
            request_bytes: 1_000.0,
            response_bytes: 10_000.0,
            preset: None,
        }
    }
}

impl EstimatorState {
    /// Whether the values are the scenario's.
    pub fn is(&self, preset: Preset) -> bool {
        EstimatorState { preset: Some(preset), ..self.clone() } == preset.state()
    }
}

pub use super::query::ParamProblem;
use super::widget::{Table, UrlState, Widget};

/// A quantity within `[lo, hi]`; `range` says what to use instead ("from 1 to 100").
fn quantity_in(text: &str, lo: f64, hi: f64, range: &str) -> Result<f64, String> {
    let v = parse_quantity(text).map_err(|e| match e {
        units::NumberError::NotANumber(_) => format!("{e}: write it like 1000000, 1,000,000, 1e6 or 1M"),
        _ => e.to_string(),
    })?;
    if !(lo..=hi).contains(&v) {
        return Err(format!("use {range}"));
    }
    Ok(v)
}

/// A whole quantity within `[lo, hi]`.
fn whole_in(text: &str, lo: f64, hi: f64, what: &str) -> Result<f64, String> {
    let range = format!("a whole number of {what} from {} to {}", grouped(lo), grouped(hi));
    let v = quantity_in(text, lo, hi, &range)?;
    if v.fract() != 0.0 {
        return Err(format!("use {range}"));
    }
    Ok(v)
}

/// A size in bytes from 0 to [`MAX_BYTES`], rounded to whole bytes.
fn bytes_in(text: &str) -> Result<f64, String> {
    let v = parse_bytes(text).map_err(|e| e.to_string())?;
    if !(0.0..=MAX_BYTES).contains(&v) {
        return Err(format!("use a size from 0 B to {}", format_bytes(MAX_BYTES)));
    }
    Ok(v.round())
}

impl UrlState for EstimatorState {
    const KEYS: &'static [&'static str] =
        &["preset", "dau", "per_user", "peak", "record_bytes", "days", "copies", "request_bytes", "response_bytes"];

    /// Sets one field (a scenario's name for `preset` sets them all). Counts take `1e9`,
    /// `1,000,000,000`, `10^9`, `1B`; sizes take units (`10 KB`, `4 KiB`; a bare number is
    /// bytes) and are kept in whole bytes. A change that makes the state differ from its
    /// scenario drops the scenario's name.
    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "preset" => {
                *self = Preset::from_name(value).map(Preset::state).ok_or_else(|| {
                    format!("unknown scenario “{value}”; use {}", Preset::ALL.map(Preset::name).join(", "))
                })?
            }
            "dau" => self.dau = whole_in(value, 1.0, MAX_DAU, "users")?,
            "per_user" => {
                self.per_user = quantity_in(
                    value,
                    MIN_PER_USER,
                    MAX_PER_USER,
                    &format!("from {} to {} actions per user per day", trim(MIN_PER_USER), grouped(MAX_PER_USER)),
                )?
            }
            "peak" => {
                self.peak = quantity_in(
                    value,
                    1.0,
                    MAX_PEAK,
                    &format!("a factor from 1 (the peak is the average) to {}", trim(MAX_PEAK)),
                )?
            }
            "record_bytes" => self.record_bytes = bytes_in(value)?,
            "days" => self.days = whole_in(value, 1.0, f64::from(MAX_DAYS), "days")? as u32,
            "copies" => self.copies = whole_in(value, 1.0, f64::from(MAX_COPIES), "copies")? as u32,
            "request_bytes" => self.request_bytes = bytes_in(value)?,
            "response_bytes" => self.response_bytes = bytes_in(value)?,
            _ => return Err(format!("unknown setting; this widget reads {}", Self::KEYS.join(", "))),
        }
        self.preset = self.preset.filter(|p| self.is(*p));
        Ok(())
    }

    fn get(&self, key: &str) -> String {
        match key {
            "dau" => trim(self.dau),
            "per_user" => trim(self.per_user),
            "peak" => trim(self.peak),
            "record_bytes" => trim(self.record_bytes),
            "days" => self.days.to_string(),
            "copies" => self.copies.to_string(),
            "request_bytes" => trim(self.request_bytes),
            "response_bytes" => trim(self.response_bytes),
            _ => String::new(),
        }
    }

    crate::scenarios!(Preset, lookup);

    /// The scenario, while every value is still its own.
    fn named(&self) -> Option<&'static str> {
        self.preset.filter(|p| self.is(*p)).map(Preset::name)
    }

    fn settle(&mut self, _problems: &mut Vec<ParamProblem>) {
        self.preset = self.preset.filter(|p| self.is(*p));
    }
}

impl Widget for EstimatorState {
    const ID: &'static str = "estimator";
    const TITLE: &'static str = "Back-of-the-envelope estimator";
    const BLURB: &'static str =
        "Go from daily users to requests per second, storage and bandwidth, exactly and with powers of ten.";

    /// Every computed step, exact and with powers of ten.
    fn twin(&self) -> Option<Table> {
        let e = estimate(self);
        Some(Table {
            caption: format!(
                "{} daily users × {} actions a day; peak × {}; {} stored per action, kept {} days in {} {}",
                grouped(self.dau),
                trim(self.per_user),
                trim(self.peak),
                format_bytes(self.record_bytes),
                self.days,
                self.copies,
                if self.copies == 1 { "copy" } else { "copies" },
            ),
            head: vec![String::new(), "Exact".into(), "Powers of ten".into()],
            rows: e.steps.iter().filter(|s| !s.input).map(|s| vec![s.label.to_string(), s.exact_text(), s.rough_text()]).collect(),
        })
    }
}

/// A number rounded to one digit times a power of ten: `digit × 10^exp` (`digit` 0 only for 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rough {
    /// The leading digit, 1–9 (0 for zero).
    pub digit: u8,
    /// The power of ten.
    pub exp: i32,
}

impl Rough {
    /// Zero.
    pub const ZERO: Rough = Rough { digit: 0, exp: 0 };

    /// `10^exp`.
    pub fn power(exp: i32) -> Rough {
        Rough { digit: 1, exp }
    }

    /// `x` to one significant digit, halves rounded up (86,400 → 9 × 10⁴, 25 → 3 × 10¹,
    /// 9.6 → 10¹), read from its shortest decimal form so that 0.15 is 2 × 10⁻¹. Zero for zero,
    /// negative or non-finite input.
    pub fn of(x: f64) -> Rough {
        if !(x.is_finite() && x > 0.0) {
            return Rough::ZERO;
        }
        let text = format!("{x:e}");
        let (mantissa, exp) = text.split_once('e').unwrap_or((text.as_str(), "0"));
        let (Some(first), Ok(mut exp)) = (mantissa.bytes().next(), exp.parse::<i32>()) else {
            return Rough::ZERO;
        };
        let mut digit = first - b'0';
        if mantissa.as_bytes().get(2).is_some_and(|next| *next >= b'5') {
            digit += 1;
        }
        if digit == 10 {
            digit = 1;
            exp += 1;
        }
        Rough { digit, exp }
    }

    /// The product: the digits multiplied and rounded again, the exponents added.
    pub fn times(self, other: Rough) -> Rough {
        if self.digit == 0 || other.digit == 0 {
            return Rough::ZERO;
        }
        let r = Rough::of(f64::from(self.digit) * f64::from(other.digit));
        Rough { digit: r.digit, exp: r.exp.saturating_add(self.exp).saturating_add(other.exp) }
    }

    /// The quotient: the digits divided and rounded again, the exponents subtracted (zero when
    /// either is zero).
    pub fn over(self, other: Rough) -> Rough {
        if self.digit == 0 || other.digit == 0 {
            return Rough::ZERO;
        }
        let r = Rough::of(f64::from(self.digit) / f64::from(other.digit));
        Rough { digit: r.digit, exp: r.exp.saturating_add(self.exp).saturating_sub(other.exp) }
    }

    /// The value, `digit × 10^exp`, as the nearest float.
    pub fn value(self) -> f64 {
        format!("{}e{}", self.digit, self.exp).parse().unwrap_or(0.0)
    }

    /// As written on the envelope: `2 × 10¹²`, `10⁵`, `4`, `5 × 10⁻¹`, `0`.
    pub fn text(self) -> String {
        match (self.digit, self.exp) {
            (0, _) => "0".into(),
            (d, 0) => d.to_string(),
            (1, e) => format!("10{}", units::superscript(e)),
            (d, e) => format!("{d} × 10{}", units::superscript(e)),
        }
    }
}

/// What a step's figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// People.
    Users,
    /// Actions per user per day.
    PerUserPerDay,
    /// Requests per day.
    PerDay,
    /// Seconds.
    Seconds,
    /// Requests per second.
    PerSecond,
    /// A factor.
    Factor,
    /// Bytes.
    Bytes,
    /// Days.
    Days,
    /// Copies.
    Copies,
    /// Bytes per second.
    BytesPerSecond,
}

impl Unit {
    /// A value of this unit for reading: `115,741/s`, `2 TB`, `1.16 GB/s = 9.26 Gbit/s`.
    pub fn format(self, value: f64) -> String {
        let n = format_count(value);
        match self {
            Unit::Users => format!("{n} users"),
            Unit::PerUserPerDay => format!("{n} a day each"),
            Unit::PerDay => format!("{n}/day"),
            Unit::Seconds => format!("{n} s"),
            Unit::PerSecond => format!("{n}/s"),
            Unit::Factor => format!("× {}", trim(units::significant(value, 3))),
            Unit::Bytes => format_bytes(value),
            Unit::Days => format!("{n} days"),
            Unit::Copies => format!("{n} {}", if value == 1.0 { "copy" } else { "copies" }),
            Unit::BytesPerSecond => format!("{}/s = {}", format_bytes(value), format_bits(value * 8.0)),
        }
    }

    /// A rough value of this unit: `10⁵/s`, `2 × 10¹² B`, `10⁹ B/s = 8 × 10⁹ bit/s`.
    pub fn format_rough(self, rough: Rough) -> String {
        let r = rough.text();
        match self {
            Unit::Users => format!("{r} users"),
            Unit::PerUserPerDay => format!("{r} a day each"),
            Unit::PerDay => format!("{r}/day"),
            Unit::Seconds => format!("{r} s"),
            Unit::PerSecond => format!("{r}/s"),
            Unit::Factor => format!("× {r}"),
            Unit::Bytes => format!("{r} B"),
            Unit::Days => format!("{r} days"),
            Unit::Copies => format!("{r} copies"),
            Unit::BytesPerSecond => format!("{r} B/s = {} bit/s", rough.times(Rough::of(8.0)).text()),
        }
    }
}

/// One line of the calculation: an input or a result, exact and with powers of ten.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// A stable name (`rps-avg`), for test ids such as `step-rps-avg`.
    pub id: &'static str,
    /// What it is, in plain text ("Requests per second, average: per day ÷ seconds in a day").
    pub label: &'static str,
    /// An input (or the length of a day) rather than a result.
    pub input: bool,
    /// The exact value.
    pub exact: f64,
    /// The value the quick way.
    pub rough: Rough,
    /// What it counts.
    pub unit: Unit,
}

impl Step {
    /// The exact value for reading.
    pub fn exact_text(&self) -> String {
        self.unit.format(self.exact)
    }

    /// The rough value for reading.
    pub fn rough_text(&self) -> String {
        self.unit.format_rough(self.rough)
    }

    /// Rough ÷ exact: 1 is spot on, 0.864 is 14 % low (1 when both are zero).
    pub fn ratio(&self) -> f64 {
        if self.exact > 0.0 { self.rough.value() / self.exact } else { 1.0 }
    }
}

/// Every figure of the estimate. Rates are per second, sizes in bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// Requests (actions) per day.
    pub per_day: f64,
    /// Requests per hour (÷ 24).
    pub per_hour: f64,
    /// Requests per second on average (÷ 86,400).
    pub rps_avg: f64,
    /// Requests per second at the peak.
    pub rps_peak: f64,
    /// Bytes stored per day, one copy.
    pub storage_per_day: f64,
    /// Bytes stored over the retention, one copy.
    pub storage_retained: f64,
    /// Bytes stored over the retention, every copy.
    pub storage_total: f64,
    /// Incoming bytes per second, average.
    pub ingress_avg: f64,
    /// Incoming bytes per second at the peak.
    pub ingress_peak: f64,
    /// Outgoing bytes per second, average.
    pub egress_avg: f64,
    /// Outgoing bytes per second at the peak.
    pub egress_peak: f64,
    /// The calculation line by line, in order, exact and with powers of ten.
    pub steps: Vec<Step>,
}

impl Estimate {
    /// The step named `id`.
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }
}

/// The estimate at these settings. Total: values outside the URL's ranges are clamped (NaN and
/// negatives to their lowest).
pub fn estimate(s: &EstimatorState) -> Estimate {
    let clamp = |x: f64, lo: f64, hi: f64| if x.is_nan() { lo } else { x.clamp(lo, hi) };
    let dau = clamp(s.dau, 0.0, MAX_DAU);
    let per_user = clamp(s.per_user, 0.0, MAX_PER_USER);
    let peak = clamp(s.peak, 1.0, MAX_PEAK);
    let record = clamp(s.record_bytes, 0.0, MAX_BYTES);
    let request = clamp(s.request_bytes, 0.0, MAX_BYTES);
    let response = clamp(s.response_bytes, 0.0, MAX_BYTES);
    let days = f64::from(s.days.min(MAX_DAYS));
    let copies = f64::from(s.copies.min(MAX_COPIES));

    let per_day = dau * per_user;
    let rps_avg = per_day / DAY_SECONDS;
    let rps_peak = rps_avg * peak;
    let storage_per_day = per_day * record;
    let storage_retained = storage_per_day * days;
    let storage_total = storage_retained * copies;

    let mut steps = Vec::new();
    let mut step = |id, label, input, exact, rough: Rough, unit| {
        steps.push(Step { id, label, input, exact, rough, unit });
        rough
    };
    let users = step("users", "Daily active users", true, dau, Rough::of(dau), Unit::Users);
    let each = step("per-user", "Actions per user per day", true, per_user, Rough::of(per_user), Unit::PerUserPerDay);
    let daily = step(
        "per-day",
        "Requests per day: users × actions per user",
        false,
        per_day,
        users.times(each),
        Unit::PerDay,
    );
    let day = step("day", "Seconds in a day", true, DAY_SECONDS, Rough::power(5), Unit::Seconds);
    let rate = step(
        "rps-avg",
        "Requests per second, average: per day ÷ seconds in a day",
        false,
        rps_avg,
        daily.over(day),
        Unit::PerSecond,
    );
    let factor = step("peak", "Peak factor", true, peak, Rough::of(peak), Unit::Factor);
    step(
        "rps-peak",
        "Requests per second, peak: average × peak factor",
        false,
        rps_peak,
        rate.times(factor),
        Unit::PerSecond,
    );
    let size = step("record", "Bytes stored per action", true, record, Rough::of(record), Unit::Bytes);
    let stored = step(
        "storage-day",
        "Stored per day: requests per day × bytes per action",
        false,
        storage_per_day,
        daily.times(size),
        Unit::Bytes,
    );
    let kept = step("days", "Days kept", true, days, Rough::of(days), Unit::Days);
    let retained = step(
        "storage-retained",
        "Stored over the retention: per day × days kept",
        false,
        storage_retained,
        stored.times(kept),
        Unit::Bytes,
    );
    let replicas = step("copies", "Copies kept", true, copies, Rough::of(copies), Unit::Copies);
    step(
        "storage-total",
        "Total storage: over the retention × copies",
        false,
        storage_total,
        retained.times(replicas),
        Unit::Bytes,
    );
    let out = step("response", "Bytes per response", true, response, Rough::of(response), Unit::Bytes);
    step(
        "egress-avg",
        "Outgoing bandwidth, average: requests per second × bytes per response",
        false,
        rps_avg * response,
        rate.times(out),
        Unit::BytesPerSecond,
    );
    let inbound = step("request", "Bytes per request", true, request, Rough::of(request), Unit::Bytes);
    step(
        "ingress-avg",
        "Incoming bandwidth, average: requests per second × bytes per request",
        false,
        rps_avg * request,
        rate.times(inbound),
        Unit::BytesPerSecond,
    );

    Estimate {
        per_day,
        per_hour: per_day / 24.0,
        rps_avg,
        rps_peak,
        storage_per_day,
        storage_retained,
        storage_total,
        ingress_avg: rps_avg * request,
        ingress_peak: rps_peak * request,
        egress_avg: rps_avg * response,
        egress_peak: rps_peak * response,
        steps,
    }
}

#[cfg(test)]
mod tests;
