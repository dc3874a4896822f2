use super::*;

/// `a` is within a relative `tol` of `b`.
#[track_caller]
fn near(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol * b.abs().max(1e-300), "{a} is not within {tol:e} of {b}");
}

/// Quantiles of the standard normal from printed tables (to 16 digits).
const Z_90: f64 = 1.281_551_565_544_600_4;
const Z_95: f64 = 1.644_853_626_951_472_2;
const Z_975: f64 = 1.959_963_984_540_054;
const Z_99: f64 = 2.326_347_874_040_841;
const Z_999: f64 = 3.090_232_306_167_813_5;

#[test]
fn the_normal_quantile_matches_the_tables() {
    for (q, z) in [(0.9, Z_90), (0.95, Z_95), (0.975, Z_975), (0.99, Z_99), (0.999, Z_999)] {
        near(normal_quantile(q), z, 1.2e-9);
        near(normal_quantile(1.0 - q), -z, 1.2e-9);
    }
    assert_eq!(normal_quantile(0.5), 0.0);
    // Far in the tail: P(Z < −6.3613409024) = 10⁻¹⁰.
    near(normal_quantile(1e-10), -6.361_340_902_404_056, 1.2e-9);
    assert_eq!(normal_quantile(0.0), f64::NEG_INFINITY);
    assert_eq!(normal_quantile(1.0), f64::INFINITY);
    assert!(normal_quantile(-0.1).is_nan() && normal_quantile(1.5).is_nan() && normal_quantile(f64::NAN).is_nan());
    // Rising everywhere, across the joins of the central and tail fits (0.02425, 0.97575).
    let mut last = f64::NEG_INFINITY;
    for i in 1..10_000 {
        let z = normal_quantile(f64::from(i) / 10_000.0);
        assert!(z > last, "{i}");
        last = z;
    }
}

#[test]
fn the_normal_tail_matches_the_tables() {
    // P(Z > x) from tables: 0.5 at 0, 0.158655… at 1, 0.0013499 at 3, 9.8659e-10 at 6.
    near(normal_above(0.0), 0.5, 1.2e-7);
    near(normal_above(1.0), 0.158_655_253_931_457_05, 1.2e-7);
    near(normal_above(-1.0), 0.841_344_746_068_542_9, 1.2e-7);
    near(normal_above(3.0), 0.001_349_898_031_630_094_5, 1.2e-7);
    near(normal_above(6.0), 9.865_876_450_377e-10, 1.2e-7);
    near(normal_above(10.0), 7.619_853_024_160_526e-24, 1.2e-7);
    near(normal_above(Z_975), 0.025, 1.2e-7);
    assert_eq!(normal_above(f64::INFINITY), 0.0);
    assert_eq!(normal_above(f64::NEG_INFINITY), 1.0);
    assert!(normal_above(f64::NAN).is_nan());
    // The two approximations agree with each other from the middle to far in the tail.
    for share in [0.5, 0.2, 0.05, 0.01, 1e-3, 1e-6, 1e-9] {
        near(normal_above(-normal_quantile(share)), share, 3e-7);
    }
}

#[test]
fn fan_out_makes_rare_slowness_common() {
    // 1 − 0.99¹⁰⁰: ln 0.99 = −0.01005033585350145, × 100 = −1.005033585350145,
    // e^that = 0.3660323412732292, so 0.6339676587267708.
    near(p_slow(0.01, 100), 0.633_967_658_726_770_8, 1e-12);
    // 1 − 0.99⁵⁰ = 1 − 0.6050060671375363 = 0.3949939328624637.
    near(p_slow(0.01, 50), 0.394_993_932_862_463_7, 1e-12);
    // 1 − 0.999¹⁰⁰⁰ = 1 − e^(1000 × −0.0010005003335835335) = 0.6323045752290363.
    near(p_slow(0.001, 1_000), 0.632_304_575_229_036_3, 1e-12);
    assert_eq!(p_slow(0.01, 1), 0.01);
    assert_eq!(p_slow(0.0, 10_000), 0.0);
    assert_eq!(p_slow(1.0, 3), 1.0);
    // Tiny p: 1 − (1 − 10⁻⁹)¹⁰ = 10 × 10⁻⁹ − 45 × 10⁻¹⁸ + …, every digit kept.
    near(p_slow(1e-9, 10), 1e-8 - 45e-18, 1e-14);
    // Out of range and NaN are clamped.
    assert_eq!(p_slow(2.0, 5), 1.0);
    assert_eq!(p_slow(f64::NAN, 5), 0.0);
}

#[test]
fn the_inverse_questions() {
    // Half the requests are slow from ln 0.5 / ln 0.99 = 68.97, so n = 69:
    // 0.99⁶⁸ = 0.5049 (49.5 % slow), 0.99⁶⁹ = 0.4998 (50.02 % slow).
    assert_eq!(fanout_to_reach(0.01, 0.5), Some(69));
    assert!(1.0 - 0.99f64.powi(68) < 0.5 && 1.0 - 0.99f64.powi(69) >= 0.5);
    // ln 0.5 / ln 0.999 = 692.8 → 693.
    assert_eq!(fanout_to_reach(0.001, 0.5), Some(693));
    // ln 0.5 / ln(1 − 10⁻⁹) = 693,147,180.2 → 693,147,181.
    assert_eq!(fanout_to_reach(1e-9, 0.5), Some(693_147_181));
    assert_eq!(fanout_to_reach(0.5, 0.5), Some(1));
    assert_eq!(fanout_to_reach(0.7, 0.5), Some(1));
    assert_eq!(fanout_to_reach(0.0, 0.5), None);
    assert_eq!(fanout_to_reach(0.01, 1.0), None);
    assert_eq!(fanout_to_reach(0.01, 0.0), Some(1));
    // Exactly on a whole number: 1 − 0.5² = 0.75 is reached at n = 2, not 3.
    assert_eq!(fanout_to_reach(0.5, 0.75), Some(2));
    // Per-backend budget for a 1 % request target at fan-out 100: 1 − 0.99^(1/100).
    // x = ln 0.99 / 100 = −1.005033585350145e-4; 1 − eˣ = −x − x²/2 − x³/6
    // = 1.005033585350145e-4 − 5.050462e-9 + 1.7e-13 = 1.004983082416680e-4.
    near(backend_budget(0.01, 100), 1.004_983_082_416_68e-4, 1e-10);
    assert_eq!(backend_budget(0.01, 1), 0.01);
    assert_eq!(backend_budget(1.0, 100), 1.0);
    assert_eq!(backend_budget(0.0, 100), 0.0);
    // The budget and P(slow) undo each other.
    for (p, n) in [(0.01, 100), (0.5, 7), (1e-6, 10_000)] {
        near(p_slow(backend_budget(p, n), n), p, 1e-12);
    }
    let f = fan_out(0.01, 100);
    assert_eq!(f.half_at, Some(69));
    near(f.p_slow, 0.633_967_658_726_770_8, 1e-12);
}

#[test]
fn the_curve_spans_twice_the_fanout() {
    let c = curve(0.01, 100);
    assert_eq!(c.x_max, 200);
    assert_eq!(c.points.len(), 200);
    assert_eq!(c.points[0], (1.0, 0.01));
    assert_eq!(c.at, (100.0, p_slow(0.01, 100)));
    assert!(c.points.contains(&c.at));
    assert!(c.points.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1));
    assert_eq!(curve(0.01, 1).x_max, 10);
    assert_eq!(curve(0.01, 3).x_max, 10);
    assert_eq!(curve(0.01, 6).x_max, 20);
    assert_eq!(curve(0.01, 300).x_max, 1_000);
    let big = curve(0.001, 10_000);
    assert_eq!(big.x_max, 10_000);
    assert!(big.points.len() <= 201);
    assert_eq!(big.points.first().map(|p| p.0), Some(1.0));
    assert_eq!(big.points.last().map(|p| p.0), Some(10_000.0));
    // An odd fan-out in a thinned range is still a point.
    let odd = curve(0.01, 333);
    assert!(odd.points.iter().any(|p| p.0 == 333.0));
}

#[test]
fn the_log_normal_from_its_median_and_p99() {
    // σ = ln(1000/100) / z₀.₉₉ = 2.302585092994046 / 2.326347874040841 = 0.98978537…
    let sigma = 10f64.ln() / Z_99;
    let d = LogNormal::from_median_p99(100.0, 1_000.0);
    near(d.sigma, sigma, 1e-9);
    near(d.exceeded_by(0.5), 100.0, 1e-12);
    near(d.exceeded_by(0.01), 1_000.0, 1e-12);
    // p90 = 100 × e^(σ × 1.2815515655) = 100 × e^1.26846 = 355.54 ms.
    near(d.exceeded_by(0.1), 100.0 * (sigma * Z_90).exp(), 1e-8);
    near(d.exceeded_by(0.1), 355.537_659_462, 1e-8);
    // p99.9 = 100 × e^(σ × 3.0902323) = 2,129.9 ms.
    near(d.exceeded_by(0.001), 100.0 * (sigma * Z_999).exp(), 1e-8);
    // Mean = 100 × e^(σ²/2) = 100 × e^0.4898377 = 163.21 ms, above the median.
    near(d.mean(), 100.0 * (sigma * sigma / 2.0).exp(), 1e-9);
    near(d.mean(), 163.205_105_552, 1e-9);
    // The mean sits at Φ(σ/2) = Φ(0.4949) = 0.6897: 69 % of calls are faster than average.
    let dist = Distribution::LogNormal(d);
    near(dist.mean_rank(), 0.689_662_062_881, 1e-6);
    // Share above the p99 is 1 %; above the median, half.
    near(d.share_above(1_000.0), 0.01, 2e-7);
    near(d.share_above(100.0), 0.5, 1.2e-7);
    assert_eq!(d.share_above(0.0), 1.0);
    // No spread: every call takes the median.
    let flat = LogNormal::from_median_p99(50.0, 50.0);
    assert_eq!(flat.sigma, 0.0);
    assert_eq!(flat.exceeded_by(0.001), 50.0);
    assert_eq!(flat.mean(), 50.0);
    assert_eq!(flat.share_above(49.0), 1.0);
    assert_eq!(flat.share_above(50.0), 0.0);
    assert_eq!(LogNormal::from_median_p99(50.0, 10.0).sigma, 0.0);
}

fn sample(items: &[(f64, u32)]) -> Distribution {
    let timings: Vec<Timing> = items.iter().map(|&(ms, count)| Timing { ms, count }).collect();
    Distribution::Sample(Sample::new(&timings).unwrap())
}

#[test]
fn percentiles_of_a_list_by_nearest_rank() {
    // 90 calls of 50 ms, 9 of 200 ms, 1 of 2,000 ms.
    let d = sample(&[(50.0, 90), (200.0, 9), (2_000.0, 1)]);
    // Mean (90 × 50 + 9 × 200 + 2,000) / 100 = 8,300 / 100 = 83 ms.
    assert_eq!(d.mean(), 83.0);
    let p = d.percentiles();
    // Ranks ⌈q × 100⌉: p50 the 50th (50 ms), p90 the 90th (50), p95 the 95th (200),
    // p99 the 99th (200), p99.9 the 100th (2,000).
    assert_eq!((p.p50, p.p90, p.p95, p.p99, p.p999, p.max), (50.0, 50.0, 200.0, 200.0, 2_000.0, Some(2_000.0)));
    // 90 of the 100 calls take at most the mean.
    assert_eq!(d.mean_rank(), 0.9);
    // One call of 20 s instead: (4,500 + 1,800 + 20,000) / 100 = 263 ms; the median stays.
    let d = sample(&[(50.0, 90), (200.0, 9), (20_000.0, 1)]);
    assert_eq!(d.mean(), 263.0);
    assert_eq!(d.percentiles().p50, 50.0);
    // Seven calls 1..7 ms in any order: p50 is the ⌈3.5⌉ = 4th, p90 the ⌈6.3⌉ = 7th.
    let d = sample(&[(7.0, 1), (3.0, 1), (1.0, 1), (5.0, 1), (2.0, 1), (6.0, 1), (4.0, 1)]);
    assert_eq!(d.percentiles().p50, 4.0);
    assert_eq!(d.percentiles().p90, 7.0);
    assert_eq!(d.exceeded_by(1.0), 1.0);
    assert_eq!(d.share_above(4.0), 3.0 / 7.0);
    assert_eq!(d.share_above(0.5), 1.0);
    assert_eq!(d.share_above(7.0), 0.0);
    // Repeated times merge.
    assert_eq!(sample(&[(5.0, 1), (5.0, 2)]), sample(&[(5.0, 3)]));
    assert!(Sample::new(&[]).is_none());
}

#[test]
fn the_percentile_table_reads_back() {
    // 1,000 calls: ranks 1–500 at 120 ms, 501–750 at 180, 751–900 at 240, 901–950 at 300,
    // 951–990 at 480, 991–999 at 900, 1,000 at 1,200.
    let s = TailState { source: Source::Samples, ..TailState::default() };
    let d = s.distribution().unwrap();
    let p = d.percentiles();
    assert_eq!((p.p50, p.p90, p.p95, p.p99, p.p999, p.max), (120.0, 240.0, 300.0, 480.0, 900.0, Some(1_200.0)));
    assert_eq!(d.exceeded_by(0.25), 180.0); // p75
    // Mean: (60,000 + 45,000 + 36,000 + 15,000 + 19,200 + 8,100 + 1,200) / 1,000 = 184.5 ms.
    assert_eq!(d.mean(), 184.5);
    assert_eq!(d.mean_rank(), 0.75);
    // The slow threshold at p = 1 % is the p99, and exactly 10 calls of 1,000 are above it.
    assert_eq!(d.share_above(d.exceeded_by(0.01)), 0.01);
}

#[test]
fn a_fanned_out_request_is_as_slow_as_its_slowest_call() {
    let d = Distribution::LogNormal(LogNormal::from_median_p99(100.0, 1_000.0));
    let sigma = 10f64.ln() / Z_99;
    // The request's median: every one of 100 calls under t with probability 0.5, so each is
    // under t with probability 0.5^(1/100) = 0.9930925, whose normal quantile is 2.4620378:
    // 100 × e^(0.9897854 × 2.4620378) = 1,143.7 ms, a backend's p99.3.
    let r = d.fanned(100);
    near(r.p50, 100.0 * (sigma * 2.462_037_838_102_7).exp(), 1e-8);
    near(r.p50, 1_143.740_396_86, 1e-8);
    // Its p99: 0.99^(1/100) = 0.9998995, quantile 3.7177606: 100 × e^(0.98979 × 3.71776).
    near(r.p99, 100.0 * (sigma * 3.717_760_585_229_8).exp(), 1e-8);
    // One call is its own request.
    assert_eq!(d.fanned(1).p99, d.percentiles().p99);
    // The list: share 1 − 0.5^(1/100) = 0.0069075 of 1,000 calls above, ⌊6.9⌋ = 6: rank 994,
    // which is 900 ms; the p99's share 0.0001005 rounds to rank 1,000: 1,200 ms.
    let s = TailState { source: Source::Samples, ..TailState::default() };
    let r = s.distribution().unwrap().fanned(100);
    assert_eq!((r.p50, r.p99), (900.0, 1_200.0));
}

#[test]
fn a_hedge_cuts_the_tail_of_a_list() {
    // 90 calls of 10 ms and 10 of 1,000 ms; hedge after the p90 (10 ms). A call takes
    // min(X₁, 10 + X₂): 10 ms when the first is fast (90 %), 20 ms when the first is slow and
    // the second fast (0.1 × 0.9 = 9 %), 1,000 ms when both are slow (1 %).
    let d = sample(&[(10.0, 90), (1_000.0, 10)]);
    let h = d.hedged(90.0, Some(20.0), 1);
    assert_eq!(h.after_ms, 10.0);
    assert_eq!(h.extra, 0.1);
    assert_eq!(h.p99, 20.0);
    assert_eq!(h.p999, 1_000.0);
    assert_eq!(d.hedged_exceeded_by(10.0, 0.5), 10.0);
    assert_eq!(d.hedged_share_above(10.0, 20.0), 0.1 * 0.1);
    // Above 20 ms: 10 % without a hedge, 0.1 × 0.1 = 1 % with one.
    near(h.p_slow_call.unwrap(), 0.01, 1e-12);
    near(h.p_slow.unwrap(), 0.01, 1e-12);
    // Above 10 ms it is still 10 %: every slow first call waits for the second.
    assert_eq!(d.hedged_share_above(10.0, 10.0), 0.1);
    // Unhedged, the p99 is 1,000 ms.
    assert_eq!(d.percentiles().p99, 1_000.0);
}

/// Standard normal draws from a seeded SplitMix64 by Box–Muller: an independent way to the
/// hedged tail.
fn normal_draws(seed: u64, n: usize) -> Vec<f64> {
    let mut state = seed;
    let mut unit = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| {
            let (u, v) = (1.0 - unit(), unit());
            (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
        })
        .collect()
}

#[test]
fn a_hedge_cuts_the_tail_of_the_log_normal() {
    // The Tail at Scale's backend: median 10 ms, p99 1 s, so σ = ln 100 / z₀.₉₉ = 1.9795707.
    let sigma = 100f64.ln() / Z_99;
    let d = Distribution::LogNormal(LogNormal::from_median_p99(10.0, 1_000.0));
    let h = d.hedged(95.0, Some(1_000.0), 100);
    // Hedge after the p95: 10 × e^(1.9795707 × 1.6448536) = 259.48 ms; 5 % of calls get there.
    near(h.after_ms, 10.0 * (sigma * Z_95).exp(), 1e-8);
    near(h.extra, 0.05, 2e-7);
    // Reference roots of S(t)·S(t − 259.48) = 0.01 and 0.001, with S from the exact normal
    // tail: 301.44 ms and 541.85 ms, against 1,000 and 4,536.5 ms unhedged.
    near(h.p99, 301.442_834_785, 1e-6);
    near(h.p999, 541.846_630_968, 1e-6);
    // Above 1 s: 0.01 × S(740.5) = 0.01 × 0.01483 = 0.000148 of calls; at fan-out 100,
    // 1 − (1 − 0.000148)¹⁰⁰ = 1.47 % of requests, against 63.4 % without the hedge.
    near(h.p_slow_call.unwrap(), 1.483_024_808_446e-4, 1e-6);
    near(h.p_slow.unwrap(), 0.014_721_905_163_6, 1e-6);
    // The same by simulation: two independent calls, the second sent after 259.48 ms.
    let z = normal_draws(7, 400_000);
    let mut times: Vec<f64> = z
        .chunks(2)
        .map(|p| {
            let (a, b) = (10.0 * (sigma * p[0]).exp(), 10.0 * (sigma * p[1]).exp());
            a.min(h.after_ms + b)
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[(q * times.len() as f64).ceil() as usize - 1];
    near(at(0.99), h.p99, 0.03);
    near(at(0.999), h.p999, 0.08);
    // Below the hedge percentile nothing changes: the median is still 10 ms.
    near(d.hedged_exceeded_by(h.after_ms, 0.5), 10.0, 1e-9);
    near(d.hedged_exceeded_by(h.after_ms, 0.1), 10.0 * (sigma * Z_90).exp(), 1e-8);
    let flat = Distribution::LogNormal(LogNormal::from_median_p99(50.0, 50.0));
    assert_eq!(flat.hedged(95.0, None, 1).p999, 50.0);
}

#[test]
fn the_default_figures() {
    let f = TailState::default().figures().unwrap();
    near(f.backend.p99, 1_000.0, 1e-12);
    assert_eq!(f.backend.max, None);
    near(f.mean, 163.205_105_552, 1e-9);
    near(f.slow_ms.unwrap(), 1_000.0, 1e-12);
    near(f.fan.p_slow, 0.633_967_658_726_770_8, 1e-12);
    assert_eq!(f.fan.half_at, Some(69));
    // Hedged after the p95 (509.39 ms): above 1 s, 0.01 × S(490.6) = 0.000540 of calls;
    // at fan-out 100, 5.26 % of requests.
    let h = f.hedge.unwrap();
    near(h.after_ms, 509.394_233_838, 1e-8);
    near(h.p_slow.unwrap(), 0.052_619_497_12, 1e-5);
    let off = TailState { hedge: None, p: 0.0, ..TailState::default() }.figures().unwrap();
    assert_eq!(off.hedge, None);
    assert_eq!(off.slow_ms, None);
    assert_eq!(off.fan.p_slow, 0.0);
}

#[test]
fn the_url_reads_and_writes_the_state() {
    let (s, problems) = TailState::from_query(&[("p", "1%"), ("fanout", "50"), ("median", "20ms"), ("p99", "400")]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(s.p, 0.01);
    assert_eq!((s.fanout, s.median_ms, s.p99_ms), (50, 20.0, 400.0));
    assert_eq!(s.query_string(), "median=20&p99=400&fanout=50");
    assert_eq!(TailState::default().query_string(), "");
    // Percentages move the decimal point exactly.
    assert_eq!(TailState::default().with("p", "0.1 %").unwrap().p, 0.001);
    assert_eq!(TailState::default().with("p", "100%").unwrap().p, 1.0);
    for bad in ["1.5", "-0.1", "150%", "0.0000000001", "", "one", "NaN"] {
        assert!(TailState::default().with("p", bad).is_err(), "p={bad}");
    }
    for bad in ["0", "10001", "2.5", "-3", "many"] {
        assert!(TailState::default().with("fanout", bad).is_err(), "fanout={bad}");
    }
    assert!(TailState::default().with("median", "0").is_err());
    assert!(TailState::default().with("median", "700000").is_err());
    assert_eq!(TailState::default().with("hedge", "off").unwrap().hedge, None);
    assert_eq!(TailState::default().with("hedge", "99").unwrap().hedge, Some(99.0));
    assert!(TailState::default().with("hedge", "100").is_err());
    assert!(TailState::default().with("hedge", "10").is_err());
    assert!(TailState::default().with("dist", "normal").is_err());
    assert!(TailState::default().with("panels", "fanout,nope").is_err());
    assert_eq!(TailState::default().with("panels", "fanout,fanout").unwrap().panels, [Panel::Fanout]);
    assert!(TailState::default().with("nope", "1").is_err());
}

#[test]
fn a_list_keeps_what_it_can_read() {
    let mut s = TailState::default();
    let err = s.set("samples", "50x90, 200 x 9;2000,abc,5x0").unwrap_err();
    assert!(err.contains("“abc”") && err.contains("“5x0”"), "{err}");
    let t = |ms, count| Timing { ms, count };
    assert_eq!(s.samples, [t(50.0, 90), t(200.0, 9), t(2_000.0, 1)]);
    assert_eq!(s.get("samples"), "50x90,200x9,2000");
    // Nothing readable: nothing changes.
    let before = s.clone();
    assert!(s.set("samples", "").is_err());
    assert!(s.set("samples", "x,y").is_err());
    assert_eq!(s, before);
    // Past a million calls the rest is refused.
    let (kept, bad) = parse_samples("1x600000,2x400000,3x1");
    assert_eq!(kept.len(), 2);
    assert_eq!(bad, ["3x1"]);
}

#[test]
fn scenarios_stay_named_while_they_are_what_they_say() {
    let (s, problems) = TailState::from_query(&[("preset", "tail-at-scale"), ("panels", "fanout")]);
    assert!(problems.is_empty());
    assert_eq!(s.named(), Some("tail-at-scale"));
    assert_eq!(s.query_string(), "preset=tail-at-scale&panels=fanout");
    let (s, _) = TailState::from_query(&[("preset", "tail-at-scale"), ("fanout", "10")]);
    assert_eq!(s.named(), None);
    assert_eq!(s.query_string(), "median=10&fanout=10");
    for p in Preset::ALL {
        let (s, problems) = TailState::from_query(&[("preset", p.name())]);
        assert!(problems.is_empty());
        assert_eq!(s, p.state());
        assert!(s.figures().is_ok(), "{}", p.name());
    }
    let (s, problems) = TailState::from_query(&[("preset", "nope")]);
    assert_eq!(problems.len(), 1);
    assert_eq!(s, TailState::default());
    let lie = Preset::AveragesLie.state().figures().unwrap();
    assert_eq!((lie.mean, lie.backend.p50), (83.0, 50.0));
}

#[test]
fn a_p99_below_the_median_is_raised_to_it() {
    let (s, problems) = TailState::from_query(&[("median", "500"), ("p99", "200")]);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].key, "p99");
    assert_eq!(s.p99_ms, 500.0);
    // Set field by field (as a view does), the state says what is wrong.
    let s = TailState::default().with("median", "2000").unwrap();
    assert!(s.figures().unwrap_err().contains("below the median"));
    // The fan-out figures need no distribution.
    assert_eq!(s.fan_out().half_at, Some(69));
    // A median raised with its p99 is fine in either order.
    let (s, problems) = TailState::from_query(&[("p99", "5000"), ("median", "2000")]);
    assert!(problems.is_empty());
    assert_eq!((s.median_ms, s.p99_ms), (2_000.0, 5_000.0));
}

#[test]
fn the_twin_lists_the_figures_of_the_panels_shown() {
    let t = TailState::default().twin().unwrap();
    let text = format!("{t:?}");
    assert!(text.contains("63.4 %"), "{text}");
    assert!(text.contains("1 s"), "{text}");
    assert!(text.contains("163 ms"), "{text}");
    let only = TailState { panels: vec![Panel::Fanout], ..TailState::default() }.twin().unwrap();
    assert_eq!(only.rows.len(), 5);
    assert_eq!(only.rows[1][1], "63.4 %");
    let hedge = TailState { panels: vec![Panel::Hedge], ..Preset::TailAtScale.state() }.twin().unwrap();
    assert_eq!(hedge.rows[0][1], "301 ms (1 s without)");
    assert_eq!(hedge.rows[3][1], "1.47 % (63.4 % without)");
    let lie = Preset::AveragesLie.state().twin().unwrap();
    assert!(format!("{lie:?}").contains("83 ms"));
    assert!(lie.caption.contains("100 measured calls"));
}

#[test]
fn the_percentile_curve_climbs() {
    let d = Distribution::LogNormal(LogNormal::from_median_p99(100.0, 1_000.0));
    let c = d.percentile_curve();
    assert_eq!(c.len(), 121);
    assert_eq!(c[0], (0.0, 0.0));
    assert!(c.windows(2).all(|w| w[0].1 <= w[1].1));
    // x = 2 is the p99.
    near(c[80].1, 1_000.0, 1e-9);
    assert_eq!(PERCENTILE_TICKS[4], (2.0, "p99"));
    let s = sample(&[(50.0, 90), (200.0, 9), (2_000.0, 1)]).percentile_curve();
    assert_eq!(s[0].1, 50.0);
    assert_eq!(s[120].1, 2_000.0);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn probability() -> impl Strategy<Value = f64> {
        prop_oneof![Just(0.0), Just(1.0), 1e-9..1.0f64, (1u32..10).prop_map(|k| 10f64.powi(-(k as i32)))]
    }

    fn state() -> impl Strategy<Value = TailState> {
        let timings = prop::collection::vec((0.0..10_000.0f64, 1u32..1_000), 1..20)
            .prop_map(|v| v.into_iter().map(|(ms, count)| Timing { ms, count }).collect::<Vec<_>>());
        (
            any::<bool>(),
            MIN_MS..MAX_MS,
            1.0..1_000.0f64,
            timings,
            probability(),
            1..=MAX_FANOUT,
            prop::option::of(HEDGE_RANGE.0..=HEDGE_RANGE.1),
        )
            .prop_map(|(list, median_ms, ratio, samples, p, fanout, hedge)| TailState {
                source: if list { Source::Samples } else { Source::LogNormal },
                median_ms,
                p99_ms: (median_ms * ratio).min(MAX_MS).max(median_ms),
                samples,
                p,
                fanout,
                hedge,
                ..TailState::default()
            })
    }

    proptest! {
        #[test]
        fn p_slow_is_a_probability_that_grows_with_the_fanout(p in probability(), n in 1u32..20_000) {
            let (a, b) = (p_slow(p, n), p_slow(p, n + 1));
            prop_assert!((0.0..=1.0).contains(&a) && a <= b, "{a} {b}");
            prop_assert!(a >= p * (1.0 - 1e-12));
        }

        #[test]
        fn half_at_is_where_p_slow_passes_a_half(p in 1e-6..1.0f64) {
            let n = fanout_to_reach(p, 0.5).unwrap();
            let n = u32::try_from(n).unwrap();
            prop_assert!(p_slow(p, n) >= 0.5);
            prop_assert!(n == 1 || p_slow(p, n - 1) < 0.5);
        }

        #[test]
        fn every_figure_is_a_number_in_order(s in state()) {
            let f = s.figures().unwrap();
            let rows = |p: &Percentiles| p.rows().into_iter().map(|r| r.2).collect::<Vec<f64>>();
            for (backend, request) in rows(&f.backend).into_iter().zip(rows(&f.request)) {
                prop_assert!(backend.is_finite() && request.is_finite() && request >= backend * (1.0 - 1e-9));
            }
            prop_assert!(rows(&f.backend).windows(2).all(|w| w[0] <= w[1] * (1.0 + 1e-12)));
            prop_assert!(f.mean.is_finite() && (0.0..=1.0).contains(&f.mean_rank));
            prop_assert!((0.0..=1.0).contains(&f.fan.p_slow) && (0.0..=1.0).contains(&f.fan.backend_budget));
            if let Some(h) = f.hedge {
                // A hedge never makes the tail longer.
                prop_assert!(h.p99 <= f.backend.p99 * (1.0 + 1e-9), "{} > {}", h.p99, f.backend.p99);
                prop_assert!(h.p999 <= f.backend.p999 * (1.0 + 1e-9));
                prop_assert!((0.0..=1.0).contains(&h.extra));
                if let (Some(hedged), Some(plain)) = (h.p_slow_call, f.slow_ms.map(|_| s.p)) {
                    prop_assert!(hedged <= plain * (1.0 + 1e-6) + 1e-12);
                }
            }
            let c = s.curve();
            prop_assert!(c.points.iter().all(|p| p.1.is_finite()) && c.points.contains(&c.at));
            prop_assert!(s.twin().is_some());
        }
    }
}

#[test]
fn two_ascending_lists_merge_into_one() {
    let cases: [(&[f64], &[f64]); 5] = [
        (&[], &[]),
        (&[1.0, 2.0], &[]),
        (&[], &[0.5]),
        (&[1.0, 3.0, 3.0, 9.0], &[2.0, 3.0, 10.0]),
        (&[5.0, 6.0], &[1.0, 2.0]),
    ];
    for (a, b) in cases {
        let mut want: Vec<f64> = a.iter().chain(b).copied().collect();
        want.sort_by(f64::total_cmp);
        assert_eq!(merge_ascending(a.iter().copied(), b.iter().copied()), want);
    }
}
