//! The `tail-latency` widget's model: a response-time distribution, its percentiles and mean,
//! and what fan-out does to its tail.
//!
//! **The distribution** of one backend call is either a log-normal given by its median and its
//! p99 (`σ = ln(p99 / p50) / z₀.₉₉`, `z₀.₉₉ ≈ 2.3263`), or a list of measured response times,
//! each with a count ([`Timing`]). A percentile is the time that a share of calls exceed: the
//! p99 is exceeded by 1 % of them ([`Distribution::exceeded_by`]). For a list that is the
//! nearest rank, the `⌈q·N⌉`-th smallest of N; for the log-normal,
//! `median × exp(σ·z_q)`. The log-normal's mean is `median × exp(σ²/2)`, above its median
//! whenever there is any spread: the tail pulls the average up.
//!
//! **Fan-out.** A request that waits for `n` backends is slow when any one of them is. If each
//! is slow with probability `p`, independently, the request is slow with probability
//! `1 − (1 − p)ⁿ` ([`p_slow`]). "Slow" means above the time one backend exceeds with
//! probability `p` (its p99 when `p` is 1 %). The whole request's percentiles follow: it
//! exceeds `t` unless every backend stays under it, so the time a share `s` of requests exceed
//! is the time a share `1 − (1 − s)^(1/n)` of backend calls exceed ([`backend_budget`]).
//!
//! **Hedging.** Send the call; if no reply has come by the backend's hedge percentile (say the
//! p95, time `d`), send the same call to a second replica and take the first reply. With
//! independent replicas the call takes `min(X₁, d + X₂)`: it exceeds `t ≥ d` only if both do,
//! with probability `S(t)·S(t − d)`, where `S` is the share of calls above a time. The cost is
//! the second calls: the share of calls still out at `d` ([`Hedged`]).
//!
//! Every function is total. The only maths used is `f64::ln`, `exp` and `sqrt`: the normal
//! quantile and tail are small rational approximations ([`normal_quantile`], [`normal_above`]),
//! tested against tabled values.

use super::units::{format_duration, format_percent, grouped, normalize_number, parse_number, trim};

/// Most backends a request may fan out to.
pub const MAX_FANOUT: u32 = 10_000;

/// The smallest non-zero probability accepted for one backend being slow (one in a billion).
pub const MIN_P: f64 = 1e-9;

/// Shortest non-zero response time accepted, ms (a microsecond).
pub const MIN_MS: f64 = 0.001;
/// Longest response time accepted, ms (ten minutes).
pub const MAX_MS: f64 = 600_000.0;

/// Most items in a list of timings.
pub const MAX_ITEMS: usize = 1_000;
/// Most calls a list of timings may count in all.
pub const MAX_CALLS: u64 = 1_000_000;

/// Lowest and highest hedge percentile accepted.
pub const HEDGE_RANGE: (f64, f64) = (50.0, 99.9);

// ---------------------------------------------------------------------------------------------
// The normal distribution, from ln, exp and sqrt only.

/// `Φ⁻¹(q)`, the standard normal quantile: the `z` with `P(Z ≤ z) = q`. P. J. Acklam's
/// rational approximation (a central and a tail fit), relative error below 1.2 × 10⁻⁹ for
/// `0 < q < 1`. `−∞` at 0, `+∞` at 1, NaN outside `[0, 1]`. Its two tails are mirror images:
/// `normal_quantile(1 − q)` is `−normal_quantile(q)` computed from `q`, so pass the small side
/// when it is known exactly (the p99 from 0.01, not 0.99).
pub fn normal_quantile(q: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.38357751867269e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] =
        [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
    const LOW: f64 = 0.02425;
    // The lower tail's fit; the upper tail is its mirror image.
    let tail = |p: f64| {
        let r = (-2.0 * p.ln()).sqrt();
        (((((C[0] * r + C[1]) * r + C[2]) * r + C[3]) * r + C[4]) * r + C[5])
            / ((((D[0] * r + D[1]) * r + D[2]) * r + D[3]) * r + 1.0)
    };
    if q.is_nan() || !(0.0..=1.0).contains(&q) {
        f64::NAN
    } else if q == 0.0 {
        f64::NEG_INFINITY
    } else if q == 1.0 {
        f64::INFINITY
    } else if q < LOW {
        tail(q)
    } else if q > 1.0 - LOW {
        -tail(1.0 - q)
    } else {
        let x = q - 0.5;
        let r = x * x;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * x
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// `P(Z > x)` for a standard normal `Z`: `erfc(x/√2) / 2`, with the complementary error
/// function's Chebyshev fit from *Numerical Recipes* (`erfcc`), relative error below
/// 1.2 × 10⁻⁷ everywhere, far tails included. 1 at `−∞`, 0 at `+∞`, NaN for NaN.
pub fn normal_above(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    let z = (x / std::f64::consts::SQRT_2).abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98 + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let erfc = t * (-z * z + poly).exp();
    if x >= 0.0 { erfc / 2.0 } else { 1.0 - erfc / 2.0 }
}

/// `ln(1 − p)` for `0 ≤ p ≤ 1`, with full relative precision when `p` is tiny (where `1 − p`
/// would round away most of `p`'s digits).
fn ln_one_minus(p: f64) -> f64 {
    if p < 1e-4 {
        // −(p + p²/2 + p³/3 + p⁴/4): the next term is below 10⁻¹⁶ of the sum.
        -(p + p * p * (0.5 + p * (1.0 / 3.0 + p * 0.25)))
    } else {
        (1.0 - p).ln()
    }
}

/// `1 − eˣ` for `x ≤ 0`, with full relative precision when `x` is tiny.
fn one_minus_exp(x: f64) -> f64 {
    if x > -1e-4 {
        // −(x + x²/2 + x³/6 + x⁴/24)
        -(x + x * x * (0.5 + x * (1.0 / 6.0 + x / 24.0)))
    } else {
        1.0 - x.exp()
    }
}

// ---------------------------------------------------------------------------------------------
// Fan-out.

/// The chance that a request waiting for `n` backends is slow, when each is slow with
/// probability `p`, independently: `1 − (1 − p)ⁿ`. (`p` is clamped to `[0, 1]`.)
///
/// Worked by squaring on the slow side: two groups slow with probabilities `a` and `b` make
/// one slow with `a + b·(1 − a)`, a sum of positive terms, so a small result keeps all its
/// digits (`p_slow(0.01, 1)` is exactly 0.01).
pub fn p_slow(p: f64, n: u32) -> f64 {
    let mut base = if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
    let (mut n, mut acc) = (n, 0.0);
    while n > 0 {
        if n & 1 == 1 {
            acc += base * (1.0 - acc);
        }
        base += base * (1.0 - base);
        n >>= 1;
    }
    acc
}

/// The smallest fan-out at which a request is slow with probability at least `target`, when
/// each backend is slow with probability `p`: `⌈ln(1 − target) / ln(1 − p)⌉` (69 for `p` = 1 %
/// and a target of 50 %). `None` when no fan-out gets there (`p` = 0, or a target of 100 %
/// with `p` below 1); 1 for a target of 0 or less.
pub fn fanout_to_reach(p: f64, target: f64) -> Option<u64> {
    if p.is_nan() || target.is_nan() {
        return None;
    }
    let p = p.clamp(0.0, 1.0);
    if target <= 0.0 || p >= 1.0 || p >= target {
        return Some(1);
    }
    if p == 0.0 || target >= 1.0 {
        return None;
    }
    let n = (ln_one_minus(target) / ln_one_minus(p)).ceil();
    if !(1.0..=1e18).contains(&n) {
        return None;
    }
    // Rounding can put the ratio a hair on the wrong side of a whole number: check the
    // neighbours with the formula itself.
    let reaches = |n: f64| {
        let slow = if n <= f64::from(u32::MAX) { p_slow(p, n as u32) } else { one_minus_exp(n * ln_one_minus(p)) };
        slow >= target
    };
    let mut n = n;
    while n > 1.0 && reaches(n - 1.0) {
        n -= 1.0;
    }
    while !reaches(n) {
        n += 1.0;
    }
    Some(n as u64)
}

/// The share of calls each of `n` backends may be slow on so that a request waiting for all of
/// them is slow with probability `target`: `1 − (1 − target)^(1/n)`. For a 1 % target at
/// fan-out 100 that is about 0.01 %: the backends need a p99.99 to give the request a p99.
pub fn backend_budget(target: f64, n: u32) -> f64 {
    let target = if target.is_nan() { 0.0 } else { target.clamp(0.0, 1.0) };
    if target == 1.0 || n <= 1 {
        return target;
    }
    one_minus_exp(ln_one_minus(target) / f64::from(n))
}

/// What fan-out does at the state's `p` and fan-out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FanOut {
    /// Probability one backend is slow.
    pub p: f64,
    /// Backends one request waits for.
    pub fanout: u32,
    /// **The probability that the whole request is slow**, `1 − (1 − p)ⁿ` (a fraction;
    /// shown as `p-slow`).
    pub p_slow: f64,
    /// The fan-out at which half the requests are slow (`None`: never, as at `p` = 0).
    pub half_at: Option<u64>,
    /// The share of calls each backend may be slow on for the request to be slow only `p` of
    /// the time at this fan-out ([`backend_budget`]).
    pub backend_budget: f64,
}

/// [`FanOut`] at `p` and `fanout`.
pub fn fan_out(p: f64, fanout: u32) -> FanOut {
    FanOut {
        p,
        fanout,
        p_slow: p_slow(p, fanout),
        half_at: fanout_to_reach(p, 0.5),
        backend_budget: backend_budget(p, fanout),
    }
}

/// Points of the fan-out chart: x is the fan-out `n` (1 to `x_max`), y the probability that
/// the request is slow, `1 − (1 − p)ⁿ`, a fraction from 0 to 1.
#[derive(Clone, Debug, PartialEq)]
pub struct FanoutCurve {
    /// The right end of the x axis: the first of 10, 20, 50, 100, 200, 500, … that is at
    /// least twice the chosen fan-out (at most [`MAX_FANOUT`]).
    pub x_max: u32,
    /// `(n, P(slow))`, n rising from 1 to `x_max`: every n up to 200 points, evenly spread
    /// ones beyond, and always the chosen fan-out.
    pub points: Vec<(f64, f64)>,
    /// The chosen fan-out and its value, to mark on the line.
    pub at: (f64, f64),
}

/// The fan-out curve at `p`, marked at `fanout`.
pub fn curve(p: f64, fanout: u32) -> FanoutCurve {
    let fanout = fanout.clamp(1, MAX_FANOUT);
    let want = fanout.saturating_mul(2).max(10);
    let x_max = [1u32, 2, 5]
        .iter()
        .flat_map(|m| [10u32, 100, 1_000, 10_000].map(|d| m * d))
        .filter(|x| *x >= want)
        .min()
        .unwrap_or(MAX_FANOUT)
        .min(MAX_FANOUT);
    let mut ns: Vec<u32> = if x_max <= 200 {
        (1..=x_max).collect()
    } else {
        (0..200u32).map(|i| 1 + ((f64::from(x_max - 1) * f64::from(i) / 199.0).round() as u32)).collect()
    };
    // `ns` is ascending: the reader's fan-out goes in its place.
    if let Err(at) = ns.binary_search(&fanout) {
        ns.insert(at, fanout);
    }
    let point = |n: u32| (f64::from(n), p_slow(p, n));
    FanoutCurve { x_max, points: ns.into_iter().map(point).collect(), at: point(fanout) }
}

// ---------------------------------------------------------------------------------------------
// Distributions.

/// A log-normal distribution of response times, ms: `ln X` is normal with mean `ln median`
/// and standard deviation `sigma`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogNormal {
    /// The median, ms.
    pub median: f64,
    /// The spread of `ln X` (0: every call takes the median).
    pub sigma: f64,
}

impl LogNormal {
    /// The log-normal with this median and p99 (ms): `σ = ln(p99 / median) / z₀.₉₉`. A p99
    /// below the median is taken as the median (no spread).
    pub fn from_median_p99(median: f64, p99: f64) -> LogNormal {
        let sigma = (p99 / median).ln() / -normal_quantile(0.01);
        LogNormal { median, sigma: if sigma.is_finite() { sigma.max(0.0) } else { 0.0 } }
    }

    /// The time a share `share` of calls exceed: `median × exp(σ·z)`, `z` the normal quantile
    /// at `1 − share`.
    pub fn exceeded_by(&self, share: f64) -> f64 {
        if self.sigma == 0.0 {
            return self.median;
        }
        self.median * (-self.sigma * normal_quantile(share)).exp()
    }

    /// The share of calls that take longer than `ms`.
    pub fn share_above(&self, ms: f64) -> f64 {
        if ms <= 0.0 {
            return 1.0;
        }
        if self.sigma == 0.0 {
            return if ms < self.median { 1.0 } else { 0.0 };
        }
        normal_above((ms / self.median).ln() / self.sigma)
    }

    /// The mean, `median × exp(σ²/2)`.
    pub fn mean(&self) -> f64 {
        self.median * (self.sigma * self.sigma / 2.0).exp()
    }
}

/// One item of a list of response times: a time and how many calls took it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timing {
    /// The response time, ms.
    pub ms: f64,
    /// How many calls took it (at least 1).
    pub count: u32,
}

/// A list of response times, sorted, with running counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    /// `(time in ms, calls that took at most this time)`, times rising and distinct.
    pub cumulative: Vec<(f64, u64)>,
    /// Calls in all.
    pub calls: u64,
    /// Sum of all the times, ms.
    pub total_ms: f64,
}

impl Sample {
    /// The sample of a list of timings (`None` for an empty list).
    pub fn new(timings: &[Timing]) -> Option<Sample> {
        let mut sorted: Vec<Timing> = timings.iter().copied().filter(|t| t.count > 0 && t.ms.is_finite()).collect();
        sorted.sort_by(|a, b| a.ms.total_cmp(&b.ms));
        let mut cumulative: Vec<(f64, u64)> = Vec::with_capacity(sorted.len());
        let (mut calls, mut total_ms) = (0u64, 0.0);
        for t in sorted {
            calls += u64::from(t.count);
            total_ms += t.ms * f64::from(t.count);
            match cumulative.last_mut() {
                Some(last) if last.0 == t.ms => last.1 = calls,
                _ => cumulative.push((t.ms, calls)),
            }
        }
        (calls > 0).then_some(Sample { cumulative, calls, total_ms })
    }

    /// The time a share `share` of calls exceed, by nearest rank: the `⌈(1 − share)·N⌉`-th
    /// smallest of N (at least the first).
    pub fn exceeded_by(&self, share: f64) -> f64 {
        let n = self.calls as f64;
        let above = (share.clamp(0.0, 1.0) * n + 1e-9).floor();
        let rank = (self.calls - (above as u64).min(self.calls)).max(1);
        let i = self.cumulative.partition_point(|&(_, c)| c < rank);
        self.cumulative.get(i).or(self.cumulative.last()).map_or(0.0, |&(ms, _)| ms)
    }

    /// The share of calls that take longer than `ms`.
    pub fn share_above(&self, ms: f64) -> f64 {
        let i = self.cumulative.partition_point(|&(t, _)| t <= ms);
        let at_most = if i == 0 { 0 } else { self.cumulative[i - 1].1 };
        (self.calls - at_most) as f64 / self.calls as f64
    }

    /// The mean, ms.
    pub fn mean(&self) -> f64 {
        self.total_ms / self.calls as f64
    }

    /// The slowest call, ms.
    pub fn max(&self) -> f64 {
        self.cumulative.last().map_or(0.0, |&(ms, _)| ms)
    }
}

/// The response times of one backend call.
#[derive(Clone, Debug, PartialEq)]
pub enum Distribution {
    /// A smooth log-normal.
    LogNormal(LogNormal),
    /// A list of measured times.
    Sample(Sample),
}

/// The percentiles a dashboard shows, ms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Percentiles {
    /// The median.
    pub p50: f64,
    /// Exceeded by 1 call in 10.
    pub p90: f64,
    /// Exceeded by 1 call in 20.
    pub p95: f64,
    /// Exceeded by 1 call in 100.
    pub p99: f64,
    /// Exceeded by 1 call in 1,000.
    pub p999: f64,
    /// The slowest call of a list (a log-normal has none).
    pub max: Option<f64>,
}

impl Percentiles {
    /// `(label, test id, value)` for each, in order (the max only when there is one).
    pub fn rows(&self) -> Vec<(&'static str, &'static str, f64)> {
        let mut rows = vec![
            ("p50 (median)", "p50", self.p50),
            ("p90", "p90", self.p90),
            ("p95", "p95", self.p95),
            ("p99", "p99", self.p99),
            ("p99.9", "p999", self.p999),
        ];
        if let Some(max) = self.max {
            rows.push(("max", "max", max));
        }
        rows
    }
}

/// The share of calls above each percentile of [`Percentiles`]: 50 %, 10 %, 5 %, 1 %, 0.1 %.
pub const SHARES: [f64; 5] = [0.5, 0.1, 0.05, 0.01, 0.001];

/// Ticks for a percentile axis on the "nines" scale of [`Distribution::percentile_curve`]:
/// `(x, label)`.
pub const PERCENTILE_TICKS: [(f64, &str); 6] =
    [(0.0, "p0"), (std::f64::consts::LOG10_2, "p50"), (1.0, "p90"), (1.301_029_995_663_981_2, "p95"), (2.0, "p99"), (3.0, "p99.9")];

impl Distribution {
    /// The time a share `share` (0–1) of calls exceed: [`LogNormal::exceeded_by`] or
    /// [`Sample::exceeded_by`]. The p99 is `exceeded_by(0.01)`.
    pub fn exceeded_by(&self, share: f64) -> f64 {
        match self {
            Distribution::LogNormal(d) => d.exceeded_by(share),
            Distribution::Sample(s) => s.exceeded_by(share),
        }
    }

    /// The share of calls that take longer than `ms`.
    pub fn share_above(&self, ms: f64) -> f64 {
        match self {
            Distribution::LogNormal(d) => d.share_above(ms),
            Distribution::Sample(s) => s.share_above(ms),
        }
    }

    /// The mean, ms.
    pub fn mean(&self) -> f64 {
        match self {
            Distribution::LogNormal(d) => d.mean(),
            Distribution::Sample(s) => s.mean(),
        }
    }

    /// The share of calls that take at most the mean: where the mean sits among the
    /// percentiles (`Φ(σ/2)` for the log-normal; above one half whenever the tail is long).
    pub fn mean_rank(&self) -> f64 {
        1.0 - self.share_above(self.mean())
    }

    /// p50 to p99.9, and the max of a list.
    pub fn percentiles(&self) -> Percentiles {
        let [p50, p90, p95, p99, p999] = SHARES.map(|s| self.exceeded_by(s));
        Percentiles { p50, p90, p95, p99, p999, max: self.max() }
    }

    /// The slowest call of a list (a log-normal has none).
    pub fn max(&self) -> Option<f64> {
        match self {
            Distribution::LogNormal(_) => None,
            Distribution::Sample(s) => Some(s.max()),
        }
    }

    /// The percentiles of a request that waits for `n` such calls (their slowest): the time a
    /// share `s` of requests exceed is the time a share [`backend_budget`]`(s, n)` of calls
    /// exceed. At `n` = 1, the calls' own.
    pub fn fanned(&self, n: u32) -> Percentiles {
        let [p50, p90, p95, p99, p999] = SHARES.map(|s| self.exceeded_by(backend_budget(s, n)));
        Percentiles { p50, p90, p95, p99, p999, max: self.max() }
    }

    /// The percentile curve: x is `−log10(share above)`, so 0 is p0, 1 is p90, 2 is p99 and 3
    /// is p99.9 ([`PERCENTILE_TICKS`]); y is the response time, ms. 121 points, x from 0 to 3.
    pub fn percentile_curve(&self) -> Vec<(f64, f64)> {
        (0..=120)
            .map(|i| {
                let x = f64::from(i) / 40.0;
                (x, self.exceeded_by((-x * std::f64::consts::LN_10).exp()))
            })
            .collect()
    }

    /// One call with a hedge: a second request to another replica once the first has taken
    /// longer than the backend's `percentile` (e.g. 95), the first reply winning.
    pub fn hedged(&self, percentile: f64, slow_ms: Option<f64>, fanout: u32) -> Hedged {
        let after_ms = self.exceeded_by(1.0 - percentile / 100.0);
        let above = |t: f64| self.hedged_share_above(after_ms, t);
        let level = |share: f64| self.hedged_exceeded_by(after_ms, share);
        let p_slow_call = slow_ms.map(above);
        Hedged {
            after_ms,
            extra: self.share_above(after_ms),
            p99: level(0.01),
            p999: level(0.001),
            p_slow_call,
            p_slow: p_slow_call.map(|p| p_slow(p, fanout)),
        }
    }

    /// The share of hedged calls (second request after `after_ms`) that take longer than `t`:
    /// `S(t)` before the second request goes, `S(t)·S(t − after)` after.
    pub fn hedged_share_above(&self, after_ms: f64, t: f64) -> f64 {
        let first = self.share_above(t);
        if t < after_ms { first } else { first * self.share_above(t - after_ms) }
    }

    /// The time a share `share` of hedged calls exceed.
    pub fn hedged_exceeded_by(&self, after_ms: f64, share: f64) -> f64 {
        let plain = self.exceeded_by(share);
        if plain <= after_ms {
            return plain; // The second request has not gone yet.
        }
        match self {
            Distribution::Sample(s) => {
                // The answer is one of the times a call can end at: a first reply, or the
                // hedge time plus a second reply. Both lists are ascending; merged, so are
                // the ends.
                let first = s.cumulative.iter().map(|&(ms, _)| ms).filter(|ms| *ms >= after_ms);
                let second = s.cumulative.iter().map(|&(ms, _)| after_ms + ms);
                let ends = merge_ascending(first, second);
                let tolerance = 1e-12;
                ends.into_iter()
                    .find(|&t| self.hedged_share_above(after_ms, t) <= share + tolerance)
                    .unwrap_or(plain)
            }
            Distribution::LogNormal(_) => {
                // Bisection between the hedge time and the unhedged answer (the hedge never
                // makes a call slower).
                let (mut lo, mut hi) = (after_ms, plain);
                for _ in 0..200 {
                    let mid = (lo + hi) / 2.0;
                    if self.hedged_share_above(after_ms, mid) <= share {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                    if hi - lo <= 1e-12 * hi {
                        break;
                    }
                }
                hi
            }
        }
    }
}

/// One backend call with a hedge, against the same call without.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hedged {
    /// When the second request goes, ms (the backend's hedge percentile).
    pub after_ms: f64,
    /// The share of calls that send a second request: the extra load.
    pub extra: f64,
    /// The hedged call's p99, ms.
    pub p99: f64,
    /// The hedged call's p99.9, ms.
    pub p999: f64,
    /// The share of hedged calls above the slow threshold (`None` when there is none).
    pub p_slow_call: Option<f64>,
    /// The probability that a request waiting for the fan-out's hedged calls is slow.
    pub p_slow: Option<f64>,
}

// ---------------------------------------------------------------------------------------------
// The widget's state.

names! {
    /// Where the response times come from.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Source {
        /// A log-normal from its median and p99.
        #[default]
        LogNormal = "lognormal",
        /// The list of timings.
        Samples = "samples",
    }
}

names! {
    /// The parts of the widget shown.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Panel {
        /// The distribution's settings, percentiles, mean and percentile curve.
        Distribution = "distribution",
        /// P(slow) against the fan-out: the chart, the request's percentiles, the inverse
        /// questions.
        Fanout = "fanout",
        /// The hedged call against the plain one.
        Hedge = "hedge",
    }
}

names! {
    /// The scenarios lessons start from.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Preset {
        /// Dean and Barroso's example ("The Tail at Scale", 2013): calls that typically take
        /// 10 ms with a p99 of one second, a request waiting for 100 of them.
        TailAtScale = "tail-at-scale",
        /// 1,000 calls whose percentiles are p50 120 ms, p75 180, p90 240, p95 300, p99 480,
        /// p99.9 900 and max 1,200 ms: each time stands for the calls up to its percentile.
        PercentileTable = "percentile-table",
        /// 100 calls: 90 of 50 ms, 9 of 200 ms, 1 of 2,000 ms (mean 83 ms, median 50 ms).
        AveragesLie = "averages-lie",
    }
}

impl Preset {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Preset::TailAtScale => "The Tail at Scale: 10 ms typical, 1 s p99, fan-out 100",
            Preset::PercentileTable => "1,000 calls from a percentile table (p50 120 ms … max 1,200 ms)",
            Preset::AveragesLie => "90 fast calls, 9 slow, 1 very slow",
        }
    }

    /// The state this scenario sets (everything else at its default).
    pub fn state(self) -> TailState {
        let t = |ms: f64, count: u32| Timing { ms, count };
        let mut s = TailState { preset: Some(self), ..TailState::default() };
        match self {
            Preset::TailAtScale => {
                s.median_ms = 10.0;
                s.p99_ms = 1_000.0;
            }
            Preset::PercentileTable => s.source = Source::Samples,
            Preset::AveragesLie => {
                s.source = Source::Samples;
                s.samples = vec![t(50.0, 90), t(200.0, 9), t(2_000.0, 1)];
            }
        }
        s
    }
}

/// The list of timings behind the percentile table: 500 calls of 120 ms, 250 of 180, 150 of
/// 240, 50 of 300, 40 of 480, 9 of 900 and 1 of 1,200 (1,000 in all).
pub const TABLE_SAMPLE: [(f64, u32); 7] =
    [(120.0, 500), (180.0, 250), (240.0, 150), (300.0, 50), (480.0, 40), (900.0, 9), (1_200.0, 1)];

/// The whole state of the widget; it round-trips through a URL query.
#[derive(Clone, Debug, PartialEq)]
pub struct TailState {
    /// Log-normal or the list (`dist`).
    pub source: Source,
    /// The log-normal's median, ms (`median`).
    pub median_ms: f64,
    /// The log-normal's p99, ms, at least the median (`p99`).
    pub p99_ms: f64,
    /// The list of timings, in the order written (`samples`).
    pub samples: Vec<Timing>,
    /// The probability that one backend is slow, 0–1 (`p`).
    pub p: f64,
    /// The backends one request waits for, 1–[`MAX_FANOUT`] (`fanout`).
    pub fanout: u32,
    /// The percentile after which a hedged call sends its second request (`hedge`; `None`:
    /// off).
    pub hedge: Option<f64>,
    /// The parts shown, in order (`panels`).
    pub panels: Vec<Panel>,
    /// The scenario this state came from, while nothing has been changed since (`preset`).
    pub preset: Option<Preset>,
}

impl Default for TailState {
    fn default() -> Self {
        TailState {
            source: Source::LogNormal,
            median_ms: 100.0,
            p99_ms: 1_000.0,
            samples: TABLE_SAMPLE.iter().map(|&(ms, count)| Timing { ms, count }).collect(),
            p: 0.01,
            fanout: 100,
            hedge: Some(95.0),
            panels: Panel::ALL.to_vec(),
            preset: None,
        }
    }
}

/// Everything the widget shows apart from the charts.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    /// One backend call's percentiles (`p50`, `p90`, `p95`, `p99`, `p999`, `max`).
    pub backend: Percentiles,
    /// Its mean, ms (`mean`).
    pub mean: f64,
    /// The share of calls that take at most the mean (`mean-rank`).
    pub mean_rank: f64,
    /// What "slow" means: the time one call exceeds with probability `p`, ms (`slow-ms`;
    /// `None` when `p` is 0 or 1).
    pub slow_ms: Option<f64>,
    /// The fan-out figures, `p_slow` among them (`p-slow`, `half-at`, `backend-budget`).
    pub fan: FanOut,
    /// The percentiles of a request that waits for all `fanout` calls (`request-p50`, …).
    pub request: Percentiles,
    /// The hedged call (`hedge-after`, `hedge-extra`, `hedged-p99`, `hedged-p999`,
    /// `hedged-p-slow`; `None` when hedging is off).
    pub hedge: Option<Hedged>,
}

impl TailState {
    /// The distribution of one backend call, or why there is none (a p99 below the median, an
    /// empty list).
    pub fn distribution(&self) -> Result<Distribution, String> {
        match self.source {
            Source::LogNormal => {
                if self.p99_ms < self.median_ms {
                    return Err(format!(
                        "the p99 ({}) is below the median ({}): a p99 is at least the median",
                        ms_text(self.p99_ms),
                        ms_text(self.median_ms)
                    ));
                }
                Ok(Distribution::LogNormal(LogNormal::from_median_p99(self.median_ms, self.p99_ms)))
            }
            Source::Samples => Sample::new(&self.samples)
                .map(Distribution::Sample)
                .ok_or_else(|| "the list has no response times".to_string()),
        }
    }

    /// The fan-out figures, which need only `p` and the fan-out.
    pub fn fan_out(&self) -> FanOut {
        fan_out(self.p, self.fanout)
    }

    /// The fan-out chart's points.
    pub fn curve(&self) -> FanoutCurve {
        curve(self.p, self.fanout)
    }

    /// Every figure, or why the distribution has none ([`TailState::distribution`]; the
    /// fan-out figures alone are in [`TailState::fan_out`]).
    pub fn figures(&self) -> Result<Figures, String> {
        let d = self.distribution()?;
        let slow_ms = (self.p > 0.0 && self.p < 1.0).then(|| d.exceeded_by(self.p));
        Ok(Figures {
            backend: d.percentiles(),
            mean: d.mean(),
            mean_rank: d.mean_rank(),
            slow_ms,
            fan: self.fan_out(),
            request: d.fanned(self.fanout),
            hedge: self.hedge.map(|h| d.hedged(h, slow_ms, self.fanout)),
        })
    }

    /// Whether `panel` is shown.
    pub fn shows(&self, panel: Panel) -> bool {
        self.panels.contains(&panel)
    }
}

/// Two ascending lists as one ascending list.
fn merge_ascending(a: impl Iterator<Item = f64>, b: impl Iterator<Item = f64>) -> Vec<f64> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    let mut out = Vec::new();
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x <= y => a.next(),
            (Some(_), Some(_)) => b.next(),
            (Some(_), None) => a.next(),
            (None, _) => b.next(),
        };
        match next {
            Some(v) => out.push(v),
            None => return out,
        }
    }
}

/// A time in ms for reading: `120 ms`, `1.14 s`, `355 ms` (three significant digits).
pub fn ms_text(ms: f64) -> String {
    format_duration(ms / 1_000.0)
}

// ---------------------------------------------------------------------------------------------
// Reading the URL.

/// Reads a time in ms (a bare number or with `ms` after it) within `[MIN_MS, MAX_MS]`, or 0
/// when `zero` allows it.
fn parse_ms(text: &str, what: &str, zero: bool) -> Result<f64, String> {
    let t = text.trim();
    let t = t.strip_suffix("ms").unwrap_or(t);
    let v = parse_number(t).map_err(|e| e.to_string())?;
    let v = if v == 0.0 { 0.0 } else { v }; // no −0
    if (zero && v == 0.0) || (MIN_MS..=MAX_MS).contains(&v) {
        return Ok(v);
    }
    Err(format!("{what} must be from {} to {} ms (10 minutes)", trim(MIN_MS), grouped(MAX_MS)))
}

/// Reads a probability: a fraction (`0.01`) or a percentage (`1%`).
pub fn parse_probability(text: &str) -> Result<f64, String> {
    let percent = text.trim().ends_with('%');
    let plain = normalize_number(text).map_err(|e| e.to_string())?;
    // A percentage moves the decimal point: `1%` is exactly what `0.01` is.
    let v: f64 = (if percent { format!("{plain}e-2") } else { plain })
        .parse()
        .map_err(|_| format!("“{}” is not a number", text.trim()))?;
    if !(0.0..=1.0).contains(&v) {
        return Err("a probability is from 0 to 1 (or 0 % to 100 %), e.g. 0.01 for 1 in 100".into());
    }
    if v > 0.0 && v < MIN_P {
        return Err("use 0, or a probability of at least 0.000000001 (one in a billion)".into());
    }
    Ok(if v == 0.0 { 0.0 } else { v })
}

/// Reads a list of timings: times in ms separated by commas, each with an optional count
/// after `x` (`120x500,180x250,1200`). Returns what it could read and the items it could not.
pub fn parse_samples(text: &str) -> (Vec<Timing>, Vec<String>) {
    let mut kept = Vec::new();
    let mut bad = Vec::new();
    let mut calls: u64 = 0;
    for item in text.split([',', ';', '\n']).map(str::trim).filter(|s| !s.is_empty()) {
        let timing = parse_timing(item);
        match timing {
            Some(t) if kept.len() < MAX_ITEMS && calls + u64::from(t.count) <= MAX_CALLS => {
                calls += u64::from(t.count);
                kept.push(t);
            }
            _ => bad.push(item.to_string()),
        }
    }
    (kept, bad)
}

fn parse_timing(item: &str) -> Option<Timing> {
    let (ms, count) = match item.split_once(['x', 'X', '×', '*']) {
        Some((ms, count)) => (ms, Some(count.trim())),
        None => (item, None),
    };
    let ms = parse_ms(ms, "a time", true).ok()?;
    let count = match count {
        None => 1,
        Some(c) if !c.is_empty() && c.len() <= 7 && c.bytes().all(|b| b.is_ascii_digit()) => c.parse().ok()?,
        Some(_) => return None,
    };
    (1..=MAX_CALLS as u32).contains(&count).then_some(Timing { ms, count })
}

/// A list of timings as URL text (`120x500,180x250,1200`).
pub fn format_samples(samples: &[Timing]) -> String {
    samples
        .iter()
        .map(|t| if t.count == 1 { trim(t.ms) } else { format!("{}x{}", trim(t.ms), t.count) })
        .collect::<Vec<_>>()
        .join(",")
}

pub use super::query::ParamProblem;
use super::widget::{Table, UrlState, Widget};

impl UrlState for TailState {
    const KEYS: &'static [&'static str] = &["preset", "dist", "median", "p99", "samples", "p", "fanout", "hedge", "panels"];

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let named = |names: &[&str]| format!("“{}”: use {}", value.trim(), names.join(" or "));
        match key {
            "dist" => self.source = Source::from_name(value).ok_or_else(|| named(&Source::ALL.map(Source::name)))?,
            "median" => self.median_ms = parse_ms(value, "the median", false)?,
            "p99" => self.p99_ms = parse_ms(value, "the p99", false)?,
            "samples" => {
                let (kept, bad) = parse_samples(value);
                let read = !kept.is_empty();
                if read {
                    self.samples = kept;
                }
                if !bad.is_empty() || !read {
                    let listed: Vec<String> = bad.iter().take(3).map(|b| format!("“{}”", clip(b))).collect();
                    let more = if bad.len() > 3 { format!(" and {} more", bad.len() - 3) } else { String::new() };
                    let what = if bad.is_empty() {
                        "enter at least one response time".to_string()
                    } else {
                        format!("could not use {}{more}", listed.join(", "))
                    };
                    return Err(format!(
                        "{what}: write times in ms from 0 to {}, separated by commas, each with an optional count, e.g. 120x500,180x250 (500 calls of 120 ms, 250 of 180 ms; {} calls at most)",
                        grouped(MAX_MS),
                        grouped(MAX_CALLS as f64)
                    ));
                }
            }
            "p" => self.p = parse_probability(value)?,
            "fanout" => {
                let n = parse_number(value).map_err(|e| e.to_string())?;
                if n.fract() != 0.0 || !(1.0..=f64::from(MAX_FANOUT)).contains(&n) {
                    return Err(format!("the fan-out is a whole number of backends from 1 to {}", grouped(f64::from(MAX_FANOUT))));
                }
                self.fanout = n as u32;
            }
            "hedge" => {
                if ["off", "none", "no"].contains(&value.trim().to_ascii_lowercase().as_str()) {
                    self.hedge = None;
                } else {
                    let h = parse_number(value).map_err(|e| format!("{e}: use a percentile such as 95, or off"))?;
                    if !(HEDGE_RANGE.0..=HEDGE_RANGE.1).contains(&h) {
                        return Err(format!(
                            "hedge after a percentile from {} to {} (e.g. 95 for the p95), or off",
                            trim(HEDGE_RANGE.0),
                            trim(HEDGE_RANGE.1)
                        ));
                    }
                    self.hedge = Some(h);
                }
            }
            "panels" => {
                let mut panels = Vec::new();
                for name in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let panel = Panel::from_name(name)
                        .ok_or_else(|| format!("unknown panel “{}”: use {}", clip(name), Panel::ALL.map(Panel::name).join(", ")))?;
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
            "dist" => self.source.name().to_string(),
            "median" => trim(self.median_ms),
            "p99" => trim(self.p99_ms),
            "samples" => format_samples(&self.samples),
            "p" => trim(self.p),
            "fanout" => self.fanout.to_string(),
            "hedge" => self.hedge.map_or_else(|| "off".to_string(), trim),
            "panels" => self.panels.iter().map(|p| p.name()).collect::<Vec<_>>().join(","),
            _ => String::new(),
        }
    }

    crate::scenarios!(Preset, lookup);

    fn named(&self) -> Option<&'static str> {
        self.preset.map(Preset::name)
    }

    /// A p99 below the median is raised to the median (and reported). A scenario stays named
    /// only while the other values agree with it (the panels are a way of looking, not part of
    /// the setup).
    fn settle(&mut self, problems: &mut Vec<ParamProblem>) {
        if self.p99_ms < self.median_ms {
            problems.push(ParamProblem {
                key: "p99".into(),
                message: format!(
                    "the p99 ({}) cannot be below the median ({}): set to the median",
                    ms_text(self.p99_ms),
                    ms_text(self.median_ms)
                ),
            });
            self.p99_ms = self.median_ms;
        }
        let state = self.clone();
        self.preset = state.preset.filter(|p| {
            TailState { preset: Some(*p), panels: Panel::ALL.to_vec(), ..state.clone() } == p.state()
        });
    }
}

fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(24).collect();
    if text.chars().count() > 24 {
        out.push('…');
    }
    out
}

impl Widget for TailState {
    const ID: &'static str = "tail-latency";
    const TITLE: &'static str = "Tail latency";
    const BLURB: &'static str = "Read a response-time distribution's percentiles against its mean, and see how waiting for many backends turns a rare slow reply into a common slow request.";

    /// Each shown panel's figures: the percentiles and mean; the fan-out's P(slow) and the
    /// request's percentiles; the hedged call's tail.
    fn twin(&self) -> Option<Table> {
        let f = self.figures().ok()?;
        let n = grouped(f64::from(self.fanout));
        let mut rows: Vec<Vec<String>> = Vec::new();
        for panel in &self.panels {
            match panel {
                Panel::Distribution => {
                    rows.extend(f.backend.rows().into_iter().map(|(label, _, ms)| vec![format!("One call, {label}"), ms_text(ms)]));
                    rows.push(vec![
                        "One call, mean".into(),
                        format!("{} (at or above {} of calls)", ms_text(f.mean), format_percent(f.mean_rank)),
                    ]);
                }
                Panel::Fanout => {
                    let slow = f.slow_ms.map_or_else(|| "slow".to_string(), |ms| format!("slower than {}", ms_text(ms)));
                    rows.push(vec![format!("One call {slow}"), format_percent(self.p)]);
                    rows.push(vec![format!("A request waiting for {n} calls {slow}"), format_percent(f.fan.p_slow)]);
                    rows.push(vec![
                        "Fan-out at which half the requests are slow".into(),
                        f.fan.half_at.map_or_else(|| "never".to_string(), |h| grouped(h as f64)),
                    ]);
                    rows.push(vec![format!("A request waiting for {n} calls, p50"), ms_text(f.request.p50)]);
                    rows.push(vec![format!("A request waiting for {n} calls, p99"), ms_text(f.request.p99)]);
                }
                Panel::Hedge => {
                    if let (Some(h), Some(pct)) = (f.hedge, self.hedge) {
                        let after = format!("hedged after the p{} ({})", trim(pct), ms_text(h.after_ms));
                        let versus = |hedged: String, plain: String| format!("{hedged} ({plain} without)");
                        rows.push(vec![
                            format!("One call {after}, p99"),
                            versus(ms_text(h.p99), ms_text(f.backend.p99)),
                        ]);
                        rows.push(vec![
                            format!("One call {after}, p99.9"),
                            versus(ms_text(h.p999), ms_text(f.backend.p999)),
                        ]);
                        rows.push(vec!["Extra requests sent".into(), format_percent(h.extra)]);
                        if let (Some(p), Some(ms)) = (h.p_slow, f.slow_ms) {
                            rows.push(vec![
                                format!("A request waiting for {n} hedged calls slower than {}", ms_text(ms)),
                                versus(format_percent(p), format_percent(f.fan.p_slow)),
                            ]);
                        }
                    }
                }
            }
        }
        let dist = match self.source {
            Source::LogNormal => format!("log-normal, median {}, p99 {}", ms_text(self.median_ms), ms_text(self.p99_ms)),
            Source::Samples => {
                let calls: u64 = self.samples.iter().map(|t| u64::from(t.count)).sum();
                format!("{} measured calls", grouped(calls as f64))
            }
        };
        Some(Table {
            caption: format!(
                "The figures at these settings: {dist}; each call slow with probability {}, fan-out {n}",
                format_percent(self.p)
            ),
            head: vec![String::new(), "Result".into()],
            rows,
        })
    }
}

#[cfg(test)]
mod tests;
