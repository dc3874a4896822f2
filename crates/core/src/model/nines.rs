//! Availability maths for the `nines` widget.
//!
//! Availability `A` is the share of time a service works: `A = uptime / (uptime + downtime)`,
//! or from failure statistics `A = MTBF / (MTBF + MTTR)`. The allowed downtime in a period is
//! `(1 − A) × period`. "Number of nines" is `−log10(1 − A)`: 99.9 % has 3 nines, 99.95 % about
//! 3.3. Parts in series multiply; a group of `n` identical replicas, any one of which is
//! enough, fails only when all fail: `1 − (1 − a)^n` (assuming independent failures and
//! instant failover). A chain of such groups in series has
//! `A = Π (1 − (1 − aᵢ)^nᵢ)`.
//!
//! Durations are in seconds. Calendars follow [`Calendar`]: a 365- or 365.25-day year and a
//! month of 30 days or a twelfth of the year.
//!
//! Every function is total: inputs come in as text or any `f64`, results come out as values or
//! [`InputError`]s with a sentence a learner can act on.

use std::fmt;

use super::units::{self, DAY, HOUR, NumberError, format_duration_compact, parse_duration, parse_number, trim};

/// The largest number of nines the widget accepts. Twelve nines is 32 µs of downtime a year,
/// already far below anything that can be measured; beyond it `f64` rounding takes over.
pub const MAX_NINES: f64 = 12.0;

/// The availability levels of the nines table, in percent, as text so they print exactly.
pub const TABLE_LEVELS: [&str; 10] =
    ["90", "95", "99", "99.5", "99.9", "99.95", "99.99", "99.995", "99.999", "99.9999"];

names! {
    /// Length of a year.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum YearLength {
        /// 365 days, the convention of most availability tables.
        #[default]
        Days365 = "365",
        /// 365.25 days, the average Julian year, which counts leap days.
        Days365Quarter = "365.25",
    }
}

names! {
    /// Length of a month.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum MonthLength {
        /// 30 days, the convention of many availability tables and SLAs.
        #[default]
        Days30 = "30",
        /// A twelfth of the year: 30.42 days (365-day year) or 30.44 days (365.25).
        TwelfthOfYear = "twelfth",
    }
}

/// The calendar conventions used to turn an availability into downtime per period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    /// Days in a year.
    pub year: YearLength,
    /// Days in a month.
    pub month: MonthLength,
}

names! {
    /// A period over which downtime is counted.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Period {
        /// 24 hours.
        Day = "day",
        /// 7 days.
        Week = "week",
        /// One month of the [`Calendar`].
        #[default]
        Month = "month",
        /// Three months of the [`Calendar`].
        Quarter = "quarter",
        /// One year of the [`Calendar`].
        Year = "year",
    }
}

impl Period {
}

impl Calendar {
    /// Days in the year under this calendar.
    pub fn year_days(self) -> f64 {
        match self.year {
            YearLength::Days365 => 365.0,
            YearLength::Days365Quarter => 365.25,
        }
    }

    /// Days in the month under this calendar.
    pub fn month_days(self) -> f64 {
        match self.month {
            MonthLength::Days30 => 30.0,
            MonthLength::TwelfthOfYear => self.year_days() / 12.0,
        }
    }

    /// Length of `period` in seconds.
    pub fn seconds(self, period: Period) -> f64 {
        match period {
            Period::Day => DAY,
            Period::Week => 7.0 * DAY,
            Period::Month => self.month_days() * DAY,
            Period::Quarter => 3.0 * self.month_days() * DAY,
            Period::Year => self.year_days() * DAY,
        }
    }

    /// A short description for the UI, e.g. `365-day year, 30-day month`.
    pub fn describe(self) -> String {
        let month = match self.month {
            MonthLength::Days30 => "30-day month".to_string(),
            MonthLength::TwelfthOfYear => {
                format!("month = year ÷ 12 = {} days", trim(units::significant(self.month_days(), 4)))
            }
        };
        format!("{}-day year, {month}, quarter = 3 months", trim(self.year_days()))
    }
}

/// Why an availability (or another input of this widget) was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum InputError {
    /// Not a number at all.
    Number(NumberError),
    /// Availability below 0 %.
    Negative,
    /// Availability above 100 %.
    AboveHundred,
    /// Exactly 100 %: no downtime ever, which no real system achieves.
    ExactlyHundred,
    /// More nines than [`MAX_NINES`].
    TooManyNines,
    /// A downtime budget longer than its period.
    BudgetExceedsPeriod,
    /// A malformed duration.
    Duration(units::DurationError),
    /// MTBF must be above zero.
    MtbfNotPositive,
    /// MTTR must not be negative.
    MttrNegative,
    /// A chain group that is not `PERCENTxN`.
    ChainGroup(String),
    /// A replica count outside 1..=[`MAX_REPLICAS`].
    Replicas(String),
    /// More than [`MAX_GROUPS`] groups, or none.
    ChainLength,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Number(e) => write!(f, "{e}"),
            InputError::Negative => write!(f, "availability cannot be negative: enter a percentage between 0 and 100"),
            InputError::AboveHundred => write!(f, "availability cannot exceed 100 %: enter a percentage such as 99.9"),
            InputError::ExactlyHundred => {
                write!(f, "100 % means no downtime ever, which no real system reaches: try 99.999")
            }
            InputError::TooManyNines => write!(
                f,
                "the widget stops at {MAX_NINES} nines: about 31.5 µs of downtime a year, far below anything measurable"
            ),
            InputError::BudgetExceedsPeriod => write!(f, "that much downtime does not fit in the period"),
            InputError::Duration(e) => write!(f, "{e}"),
            InputError::MtbfNotPositive => write!(f, "MTBF must be more than 0 hours"),
            InputError::MttrNegative => write!(f, "MTTR cannot be negative"),
            InputError::ChainGroup(g) => {
                write!(f, "“{g}” is not a group: write PERCENTxN, e.g. 99.9x2 for two 99.9 % replicas")
            }
            InputError::Replicas(g) => {
                write!(f, "“{g}”: a group has 1 to {MAX_REPLICAS} replicas")
            }
            InputError::ChainLength => write!(f, "a chain has 1 to {MAX_GROUPS} groups"),
        }
    }
}

/// An availability, kept as its complement, the unavailability `u = 1 − A`.
///
/// Downtime is `u × period`, and at many nines `u` is tiny: storing `A` itself (0.9999…)
/// would lose most of `u`'s digits to floating-point rounding. Typed percentages are
/// converted to `u` with exact decimal arithmetic ([`parse_availability`]).
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Availability(f64);

impl Availability {
    /// From the unavailability `1 − A` (clamped to `[0, 1]`; NaN stays NaN).
    pub fn from_gap(gap: f64) -> Availability {
        Availability(gap.clamp(0.0, 1.0))
    }

    /// From the availability as a fraction `A` (clamped to `[0, 1]`; NaN stays NaN).
    pub fn from_fraction(a: f64) -> Availability {
        Availability::from_gap(1.0 - a)
    }

    /// The availability as a fraction, `A`.
    pub fn fraction(self) -> f64 {
        1.0 - self.0
    }

    /// The unavailability, `1 − A`.
    pub fn gap(self) -> f64 {
        self.0
    }

    /// Allowed downtime in seconds over `period`: `(1 − A) × period`.
    pub fn downtime(self, period: Period, calendar: Calendar) -> f64 {
        self.0 * calendar.seconds(period)
    }

    /// The continuous number of nines, `−log10(1 − A)`: 2 for 99 %, 3.3 for 99.95 %.
    /// Infinite at 100 %, 0 at 0 %, NaN for NaN.
    pub fn nines(self) -> f64 {
        if self.0 <= 0.0 { f64::INFINITY } else { (-self.0.log10()).max(0.0) }
    }

    /// The number of leading nines people count (99.95 % has 3; 95 % has 1; 50 % has 0).
    pub fn leading_nines(self) -> u32 {
        let n = self.nines();
        // A tiny margin keeps 99.9 % (−log10 ≈ 2.9999999999999996) at 3.
        if n.is_nan() { 0 } else { (n + 1e-9).floor().min(99.0) as u32 }
    }

    /// The shortest percent text that reads back to exactly this value (`99.95`).
    pub fn percent_text(self) -> String {
        percent_text(self)
    }
}

/// Reads an availability typed in percent (`99.95`, `99.95 %`).
///
/// 100 % exactly, negative values, values above 100 % and more than [`MAX_NINES`] nines are
/// refused with a reason.
pub fn parse_availability(text: &str) -> Result<Availability, InputError> {
    let percent = parse_number(text).map_err(InputError::Number)?;
    if percent < 0.0 {
        return Err(InputError::Negative);
    }
    // 100 − text on the decimal digits, so 99.99 gives exactly 0.01, then one correctly
    // rounded conversion of that decimal (÷ 100) to a float.
    let plain = units::normalize_number(text).map_err(InputError::Number)?;
    // `-0` is zero.
    let gap_percent = hundred_minus(plain.trim_start_matches('-')).ok_or(InputError::AboveHundred)?;
    if gap_percent.bytes().all(|b| b == b'0' || b == b'.') {
        return Err(InputError::ExactlyHundred);
    }
    let gap: f64 = format!("{gap_percent}e-2")
        .parse()
        .map_err(|_| InputError::Number(NumberError::NotANumber(text.to_string())))?;
    if gap < 10f64.powf(-MAX_NINES) * 0.999 {
        return Err(InputError::TooManyNines);
    }
    Ok(Availability(gap.min(1.0)))
}

/// `100 − d` for a plain decimal `d` (digits and at most one point) between 0 and 100,
/// computed digit by digit; `None` when `d` is above 100 or not plain.
fn hundred_minus(d: &str) -> Option<String> {
    let (int, frac) = d.split_once('.').unwrap_or((d, ""));
    let int = int.trim_start_matches('0');
    if int.len() > 3 || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Both numbers as digit strings with the point after the third digit.
    let minuend: Vec<u8> = "100".bytes().chain(std::iter::repeat_n(b'0', frac.len())).map(|b| b - b'0').collect();
    let subtrahend: Vec<u8> = format!("{int:0>3}{frac}").bytes().map(|b| b - b'0').collect();
    let mut digits = vec![0u8; minuend.len()];
    let mut borrow = 0;
    for i in (0..minuend.len()).rev() {
        let (top, bottom) = (minuend[i] as i8, subtrahend[i] as i8 + borrow);
        borrow = i8::from(top < bottom);
        digits[i] = (top + 10 * borrow - bottom) as u8;
    }
    if borrow != 0 {
        return None;
    }
    let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
    Some(plain_decimal(&text[..3], &text[3..]))
}

/// Joins integer and fraction digits into the shortest plain decimal (`"099", "50"` → `99.5`).
fn plain_decimal(int: &str, frac: &str) -> String {
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() { int.to_string() } else { format!("{int}.{frac}") }
}

/// Reads a downtime budget (`43m12s`, `1h`): not negative and at most a 365.25-day year, the
/// longest period the widget knows.
pub fn parse_budget(text: &str) -> Result<f64, InputError> {
    let seconds = parse_duration(text).map_err(InputError::Duration)?;
    if seconds > 365.25 * DAY {
        return Err(InputError::BudgetExceedsPeriod);
    }
    Ok(seconds)
}

/// The availability that allows `budget` seconds of downtime per `period`.
pub fn availability_from_budget(budget: f64, period: Period, calendar: Calendar) -> Result<Availability, InputError> {
    if budget.is_nan() || budget < 0.0 {
        return Err(InputError::Duration(units::DurationError::Malformed(trim(budget))));
    }
    let span = calendar.seconds(period);
    if budget > span {
        return Err(InputError::BudgetExceedsPeriod);
    }
    Ok(Availability::from_gap(budget / span))
}

/// `MTBF / (MTBF + MTTR)`, both in hours (its unavailability is `MTTR / (MTBF + MTTR)`).
pub fn availability_from_mtbf(mtbf_hours: f64, mttr_hours: f64) -> Result<Availability, InputError> {
    if mtbf_hours.is_nan() || mtbf_hours <= 0.0 {
        return Err(InputError::MtbfNotPositive);
    }
    if mttr_hours.is_nan() || mttr_hours < 0.0 {
        return Err(InputError::MttrNegative);
    }
    if mtbf_hours.is_infinite() || mttr_hours == 0.0 {
        return Ok(Availability::from_gap(0.0));
    }
    if mttr_hours.is_infinite() {
        return Ok(Availability::from_gap(1.0));
    }
    Ok(Availability::from_gap(mttr_hours / (mtbf_hours + mttr_hours)))
}

/// Expected failures per period for a given MTBF and MTTR (hours): one per cycle of
/// `MTBF + MTTR`.
pub fn failures_per(period: Period, calendar: Calendar, mtbf_hours: f64, mttr_hours: f64) -> f64 {
    let cycle = (mtbf_hours + mttr_hours) * HOUR;
    if cycle.is_nan() || cycle <= 0.0 { 0.0 } else { calendar.seconds(period) / cycle }
}

/// Largest number of replicas in one group of a chain.
pub const MAX_REPLICAS: u32 = 16;
/// Largest number of groups in a chain.
pub const MAX_GROUPS: usize = 12;

/// One group of a chain: `replicas` identical copies, each with availability `availability`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Group {
    /// Availability of one replica.
    pub availability: Availability,
    /// Number of redundant replicas, 1..=[`MAX_REPLICAS`].
    pub replicas: u32,
}

impl Group {
    /// Availability of the group: it is down only when every replica is down, so its
    /// unavailability is `(1 − a)^n`, assuming independent failures and instant failover.
    pub fn availability(self) -> Availability {
        Availability::from_gap(self.availability.gap().powi(self.replicas.min(MAX_REPLICAS) as i32))
    }
}

/// Availability of a chain of groups in series: `Π (1 − (1 − aᵢ)^nᵢ)`. The unavailability is
/// accumulated as `U ← U + uᵢ·(1 − U)`, which equals `1 − Π(1 − uᵢ)` with no subtraction of
/// nearly equal numbers, so it keeps its digits at many nines. An empty chain is 100 %.
pub fn compose(groups: &[Group]) -> Availability {
    let gap = groups.iter().fold(0.0, |acc, g| {
        let u = g.availability().gap();
        acc + u * (1.0 - acc)
    });
    Availability::from_gap(gap)
}

/// Reads a chain written `99.9x1,99.95x2` (also `×`, spaces, and a bare `99.9` for one replica).
pub fn parse_chain(text: &str) -> Result<Vec<Group>, InputError> {
    let items: Vec<&str> = text.split([',', ';']).map(str::trim).filter(|s| !s.is_empty()).collect();
    if items.is_empty() || items.len() > MAX_GROUPS {
        return Err(InputError::ChainLength);
    }
    items.into_iter().map(parse_group).collect()
}

fn parse_group(item: &str) -> Result<Group, InputError> {
    let lower = item.to_ascii_lowercase();
    let (percent, count) = match lower.split_once(['x', '×', '*']) {
        Some((p, n)) => (p.trim(), n.trim()),
        None => (lower.as_str(), "1"),
    };
    parse_number(percent).map_err(|_| InputError::ChainGroup(item.to_string()))?;
    let availability = parse_availability(percent)?;
    let replicas: u32 = count.parse().map_err(|_| InputError::Replicas(item.to_string()))?;
    if replicas == 0 || replicas > MAX_REPLICAS {
        return Err(InputError::Replicas(item.to_string()));
    }
    Ok(Group { availability, replicas })
}

/// Writes a chain back in the `99.9x1,99.95x2` form [`parse_chain`] reads.
pub fn format_chain(groups: &[Group]) -> String {
    groups.iter().map(|g| format!("{}x{}", g.availability.percent_text(), g.replicas)).collect::<Vec<_>>().join(",")
}

/// The shortest percent text that [`parse_availability`] reads back to exactly `a`
/// (`99.95` for an unavailability of 0.0005), so URL state round-trips.
pub fn percent_text(a: Availability) -> String {
    let gap = a.gap();
    if !gap.is_finite() || gap <= 0.0 {
        return "100".into();
    }
    // Rust prints the shortest decimal that reads back to the same float, in plain notation;
    // move its point two places right (× 100) and take it from 100.
    let shortest = trim(gap);
    let (int, frac) = shortest.split_once('.').unwrap_or((&shortest, ""));
    let frac = format!("{frac:0<2}");
    let gap_percent = plain_decimal(&format!("{int}{}", &frac[..2]), &frac[2..]);
    match hundred_minus(&gap_percent) {
        Some(text) if parse_availability(&text) == Ok(a) => text,
        _ => trim(100.0 - gap * 100.0),
    }
}

/// One row of the nines table.
#[derive(Clone, Debug, PartialEq)]
pub struct NinesRow {
    /// The availability as the table prints it, e.g. `99.95`.
    pub label: String,
    /// The availability.
    pub availability: Availability,
    /// The continuous number of nines.
    pub nines: f64,
    /// Allowed downtime in seconds for each of [`Period::ALL`].
    pub downtime: [f64; 5],
}

/// The row for one availability (fraction).
pub fn row(label: &str, availability: Availability, calendar: Calendar) -> NinesRow {
    NinesRow {
        label: label.to_string(),
        availability,
        nines: availability.nines(),
        downtime: Period::ALL.map(|p| availability.downtime(p, calendar)),
    }
}

/// The nines table, 90 % to 99.9999 % ([`TABLE_LEVELS`]).
pub fn table(calendar: Calendar) -> Vec<NinesRow> {
    TABLE_LEVELS
        .iter()
        .map(|label| row(label, parse_availability(label).unwrap_or(Availability::from_gap(1.0)), calendar))
        .collect()
}

names! {
    /// Which panels of the widget are shown.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Panel {
        /// Availability input, nines count, downtime per period and the nines table.
        Table = "table",
        /// Downtime budget → availability.
        Budget = "budget",
        /// MTBF and MTTR → availability.
        Mtbf = "mtbf",
        /// Series/parallel chain builder.
        Chain = "chain",
        /// Downtime per year against nines, log scale.
        Chart = "chart",
    }
}

impl Panel {
}

/// The whole state of the widget: every control's last accepted value. It round-trips through
/// a URL query ([`NinesState::from_query`] and [`NinesState::to_query`]).
#[derive(Clone, Debug, PartialEq)]
pub struct NinesState {
    /// The availability of the main input.
    pub availability: Availability,
    /// Calendar conventions.
    pub calendar: Calendar,
    /// Downtime budget in seconds.
    pub budget: f64,
    /// The period of the budget.
    pub per: Period,
    /// Mean time between failures, hours.
    pub mtbf: f64,
    /// Mean time to recovery, hours.
    pub mttr: f64,
    /// The chain, in series order.
    pub chain: Vec<Group>,
    /// Visible panels, in display order.
    pub panels: Vec<Panel>,
}

impl Default for NinesState {
    fn default() -> Self {
        NinesState {
            availability: Availability::from_gap(0.001),
            calendar: Calendar::default(),
            budget: 43.2 * 60.0,
            per: Period::Month,
            mtbf: 720.0,
            mttr: 1.0,
            chain: vec![
                Group { availability: Availability::from_gap(0.0005), replicas: 1 },
                Group { availability: Availability::from_gap(0.001), replicas: 2 },
                Group { availability: Availability::from_gap(0.0001), replicas: 1 },
            ],
            panels: Panel::ALL.to_vec(),
        }
    }
}

pub use super::query::ParamProblem;
use super::widget::{Table, UrlState, Widget};

impl UrlState for NinesState {
    const KEYS: &'static [&'static str] =
        &["availability", "year", "month", "budget", "per", "mtbf", "mttr", "chain", "panels"];

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let named = |what: &str, names: &[&str]| format!("“{value}” is not {what}: use {}", names.join(", "));
        match key {
            "availability" => self.availability = parse_availability(value).map_err(|e| e.to_string())?,
            "year" => {
                self.calendar.year = YearLength::from_name(value)
                    .ok_or_else(|| named("a year length", &YearLength::ALL.map(YearLength::name)))?
            }
            "month" => {
                self.calendar.month = MonthLength::from_name(value)
                    .ok_or_else(|| named("a month length", &MonthLength::ALL.map(MonthLength::name)))?
            }
            "budget" => {
                // Kept at the precision of its URL text (a millisecond), so that a link reads
                // back to the very same state.
                let seconds = parse_budget(value).map_err(|e| e.to_string())?;
                self.budget = parse_budget(&format_duration_compact(seconds)).unwrap_or(seconds);
            }
            "per" => self.per = Period::from_name(value).ok_or_else(|| named("a period", &Period::ALL.map(Period::name)))?,
            "mtbf" => {
                let hours = parse_number(value).map_err(|e| e.to_string())?;
                availability_from_mtbf(hours, 0.0).map_err(|e| e.to_string())?;
                self.mtbf = hours;
            }
            "mttr" => {
                let hours = parse_number(value).map_err(|e| e.to_string())?;
                availability_from_mtbf(1.0, hours).map_err(|e| e.to_string())?;
                self.mttr = hours;
            }
            "chain" => self.chain = parse_chain(value).map_err(|e| e.to_string())?,
            "panels" => {
                let mut panels = Vec::new();
                for name in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let panel = Panel::from_name(name)
                        .ok_or_else(|| format!("unknown panel “{name}”: use {}", Panel::ALL.map(Panel::name).join(", ")))?;
                    if !panels.contains(&panel) {
                        panels.push(panel);
                    }
                }
                if panels.is_empty() {
                    return Err("name at least one panel".into());
                }
                self.panels = panels;
            }
            _ => return Err(format!("unknown parameter; this widget reads {}", Self::KEYS.join(", "))),
        }
        Ok(())
    }

    fn get(&self, key: &str) -> String {
        match key {
            "availability" => self.availability.percent_text(),
            "year" => self.calendar.year.name().to_string(),
            "month" => self.calendar.month.name().to_string(),
            "budget" => format_duration_compact(self.budget),
            "per" => self.per.name().to_string(),
            "mtbf" => trim(self.mtbf),
            "mttr" => trim(self.mttr),
            "chain" => format_chain(&self.chain),
            "panels" => self.panels.iter().map(|p| p.name()).collect::<Vec<_>>().join(","),
            _ => String::new(),
        }
    }

    fn settle(&mut self, problems: &mut Vec<ParamProblem>) {
        if self.budget > self.calendar.seconds(self.per) {
            problems.push(ParamProblem {
                key: "budget".into(),
                message: format!(
                    "{} of downtime does not fit in a {}",
                    units::format_duration(self.budget),
                    self.per.name()
                ),
            });
            self.budget = NinesState::default().budget.min(self.calendar.seconds(self.per));
        }
    }
}

impl Widget for NinesState {
    const ID: &'static str = "nines";
    const TITLE: &'static str = "Availability nines";
    const BLURB: &'static str =
        "Turn an availability into allowed downtime (and back), from MTBF and MTTR, and through chains of redundant parts.";

    /// Each shown panel's figures: downtime per period, the budget's availability, MTBF and
    /// MTTR's, the chain's (the chart has none of its own).
    fn twin(&self) -> Option<Table> {
        let a = self.availability;
        let percent = |a: Availability| format!("{} available", units::format_percent(a.fraction()));
        let mut rows: Vec<Vec<String>> = Vec::new();
        for panel in &self.panels {
            match panel {
                Panel::Table => rows.extend(Period::ALL.iter().map(|&p| {
                    vec![
                        format!("Downtime per {} at {}", p.name(), units::format_percent(a.fraction())),
                        units::format_duration(a.downtime(p, self.calendar)),
                    ]
                })),
                Panel::Budget => {
                    if let Ok(b) = availability_from_budget(self.budget, self.per, self.calendar) {
                        rows.push(vec![
                            format!("{} of downtime per {}", units::format_duration(self.budget), self.per.name()),
                            percent(b),
                        ]);
                    }
                }
                Panel::Mtbf => {
                    if let Ok(m) = availability_from_mtbf(self.mtbf, self.mttr) {
                        rows.push(vec![format!("MTBF {} h, MTTR {} h", trim(self.mtbf), trim(self.mttr)), percent(m)]);
                    }
                }
                Panel::Chain if !self.chain.is_empty() => {
                    rows.push(vec![format!("Chain {}", format_chain(&self.chain)), percent(compose(&self.chain))]);
                }
                Panel::Chain | Panel::Chart => {}
            }
        }
        Some(Table {
            caption: format!("The figures at these settings ({})", self.calendar.describe()),
            head: vec![String::new(), "Result".into()],
            rows,
        })
    }
}

impl NinesState {
    /// Whether `panel` is shown.
    pub fn shows(&self, panel: Panel) -> bool {
        self.panels.contains(&panel)
    }
}

#[cfg(test)]
mod tests;
