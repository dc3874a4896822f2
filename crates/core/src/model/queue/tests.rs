use super::*;
use crate::model::query::ParamProblem;

/// Equal to within a relative 1e-12 (an absolute 1e-12 near 0).
#[track_caller]
fn near(got: f64, want: f64) {
    assert!((got - want).abs() <= 1e-12 * want.abs().max(1.0), "{got} ≠ {want}");
}

#[track_caller]
fn stable(arrival: f64, service: f64) -> Mm1 {
    *mm1(arrival, service).stable().unwrap_or_else(|| panic!("λ = {arrival}, μ = {service} should be stable"))
}

fn state(arrival: f64, service: f64, backlog: u64) -> QueueState {
    QueueState { arrival, service, backlog }
}

#[test]
fn nine_a_second_into_ten_a_second() {
    // By hand: ρ = 9/10 = 0.9; W = 1/(10 − 9) = 1 s; Wq = 0.9/(10 − 9) = 0.9 s (W minus the
    // 0.1 s of service); L = 0.9/0.1 = 9; Lq = 0.81/0.1 = 8.1; λW = 9 × 1 = 9; W/S = 1/0.1 = 10.
    let m = stable(9.0, 10.0);
    near(m.utilization, 0.9);
    near(m.response_time, 1.0);
    near(m.wait, 0.9);
    near(m.in_system, 9.0);
    near(m.in_queue, 8.1);
    near(m.little, 9.0);
    near(m.slowdown, 10.0);
}

#[test]
fn twenty_ms_of_service_at_ninety_percent_is_two_hundred_ms() {
    // S = 20 ms, so μ = 1/0.02 = 50 a second; ρ = 0.9 means λ = 45. W = S/(1 − ρ) = 0.02/0.1
    // = 0.2 s, of which 0.2 − 0.02 = 0.18 s is waiting.
    let m = stable(45.0, 50.0);
    near(m.response_time, 0.2);
    near(m.wait, 0.18);
    let f = state(45.0, 50.0, 0).figures();
    near(f.service_time, 0.02);
    assert_eq!(f.response_time(), Some(m.response_time));
}

#[test]
fn ten_ms_of_service_at_rising_load() {
    // μ = 100 a second (S = 10 ms). W = 1/(100 − λ), L = λ/(100 − λ):
    // λ = 20 → 1/80 = 12.5 ms, L = 0.25; λ = 50 → 1/50 = 20 ms, L = 1; λ = 80 → 1/20 = 50 ms,
    // L = 4; λ = 90 → 100 ms, L = 9; λ = 95 → 200 ms, L = 19; λ = 99 → 1 s, L = 99.
    for (lambda, w, l) in
        [(20.0, 0.0125, 0.25), (50.0, 0.02, 1.0), (80.0, 0.05, 4.0), (90.0, 0.1, 9.0), (95.0, 0.2, 19.0), (99.0, 1.0, 99.0)]
    {
        let m = stable(lambda, 100.0);
        near(m.response_time, w);
        near(m.in_system, l);
        near(m.little, l);
    }
}

#[test]
fn littles_law_agrees_with_the_formula_everywhere_stable() {
    for mu in [0.001, 1.0, 7.0, 100.0, 500.0, 1e6] {
        for i in 0..100 {
            let lambda = mu * f64::from(i) / 100.0;
            let m = stable(lambda, mu);
            near(m.little, m.in_system);
            near(m.response_time, m.wait + 1.0 / mu);
            near(m.in_queue, m.in_system - m.utilization);
        }
    }
}

#[test]
fn no_steady_state_at_or_beyond_capacity() {
    // 110 a second into a server of 100: the queue gains 110 − 100 = 10 a second.
    assert_eq!(mm1(110.0, 100.0), Steady::Overloaded { growth: 10.0 });
    assert_eq!(mm1(100.0, 100.0), Steady::Overloaded { growth: 0.0 });
    let f = state(110.0, 100.0, 0).figures();
    assert_eq!(f.response_time(), None);
    near(f.utilization, 1.1);
    assert_eq!(f.throughput, 100.0);
    assert_eq!(state(110.0, 100.0, 0).point(), None);
    let warning = f.steady.warning().unwrap();
    assert!(warning.contains("no steady state") && warning.contains("10 a second"), "{warning}");
    assert!(mm1(100.0, 100.0).warning().unwrap().contains("100 %"));
    assert_eq!(mm1(90.0, 100.0).warning(), None);
    // Out-of-range input still gives an answer, never NaN.
    assert_eq!(mm1(5.0, 0.0), Steady::Overloaded { growth: 5.0 });
    assert_eq!(mm1(f64::NAN, 10.0).stable().map(|m| m.response_time), Some(0.1));
    assert_eq!(mm1(1.0, f64::NAN), Steady::Overloaded { growth: 1.0 });
}

#[test]
fn a_million_orders_at_five_hundred_a_second() {
    // 1,000,000 / 500 = 2,000 s = 33 min 20 s; the depth falls steadily, so the mean order waits
    // half of it: 1,000,000 / (2 × 500) = 1,000 s.
    let sale = Preset::FlashSale.state();
    assert_eq!(sale.figures().drain, Drain::Drains { time: 2_000.0, mean_wait: 1_000.0 });
    assert_eq!(format_duration(2_000.0), "33 min 20 s");
    // New orders at 300 a second: the queue shrinks by 500 − 300 = 200 a second, 1,000,000 /
    // 200 = 5,000 s. Orders served meanwhile still wait 1,000 s on average (B/2 waiting, 500
    // served a second).
    assert_eq!(drain(1e6, 300.0, 500.0), Drain::Drains { time: 5_000.0, mean_wait: 1_000.0 });
    // Four consumers of 500: 2,000 a second, 1,000,000 / 2,000 = 500 s.
    assert_eq!(drain(1e6, 0.0, 2_000.0).time(), Some(500.0));
    // 600 a second into 500: the queue gains 100 a second and never empties.
    assert_eq!(drain(1e6, 600.0, 500.0), Drain::Never { growth: 100.0 });
    assert_eq!(drain(1e6, 500.0, 500.0), Drain::Never { growth: 0.0 });
    assert!(drain(1e6, 600.0, 500.0).warning().unwrap().contains("100 a second"));
    assert_eq!(drain(0.0, 10.0, 100.0), Drain::Drains { time: 0.0, mean_wait: 0.0 });
}

#[test]
fn the_drain_time_carries_the_same_factor_as_the_response_time() {
    // B·S/(1 − ρ): 1,000 items at 10 ms each is 10 s of work; at 90 % busy it takes 10 × 10 =
    // 100 s to clear.
    let web = Preset::Web.state();
    let f = web.figures();
    near(f.drain.time().unwrap(), 100.0);
    near(f.drain.time().unwrap(), web.backlog as f64 * f.service_time * f.steady.stable().unwrap().slowdown);
}

#[test]
fn the_curve_runs_from_idle_to_ninety_nine_percent() {
    let c = state(0.0, 100.0, 0).curve();
    assert_eq!(c.len(), CURVE_STEPS + 1);
    // Idle: W = S = 10 ms. At 99 %: 10 ms / 0.01 = 1 s. At 50 % (step 50 of 99 is 0.5): 20 ms.
    assert_eq!(c[0], CurvePoint { utilization: 0.0, response_time: 0.01 });
    near(c[CURVE_STEPS].utilization, 0.99);
    near(c[CURVE_STEPS].response_time, 1.0);
    near(c[50].utilization, 0.5);
    near(c[50].response_time, 0.02);
    assert!(c.windows(2).all(|w| w[0].utilization < w[1].utilization && w[0].response_time < w[1].response_time));
    let p = Preset::Web.state().point().unwrap();
    near(p.utilization, 0.9);
    near(p.response_time, 0.1);
}

#[test]
fn the_backlog_falls_in_a_straight_line() {
    let c = Preset::FlashSale.state().drain_curve();
    assert_eq!(c.len(), DRAIN_STEPS + 1);
    assert_eq!(c[0], DepthPoint { time: 0.0, depth: 1e6 });
    // Halfway through the 2,000 s, half the orders are left.
    near(c[DRAIN_STEPS / 2].time, 1_000.0);
    near(c[DRAIN_STEPS / 2].depth, 500_000.0);
    near(c[DRAIN_STEPS].time, 2_000.0);
    assert!(c[DRAIN_STEPS].depth.abs() < 1e-6);
    // Overloaded: 1,000,000 + 100 t, shown over twice 2,000 s.
    let over = state(600.0, 500.0, 1_000_000).drain_curve();
    near(over[DRAIN_STEPS].time, 4_000.0);
    near(over[DRAIN_STEPS].depth, 1_400_000.0);
    assert!(state(100.0, 100.0, 0).drain_curve().iter().all(|p| p.depth == 0.0));
}

#[test]
fn settings_are_read_and_refused_with_reasons() {
    let mut s = QueueState::default();
    assert_eq!(s.set("arrival", "45"), Ok(()));
    assert_eq!(s.set("service", "1,000,000"), Ok(()));
    assert_eq!(s.set("backlog", "1,000,000"), Ok(()));
    assert_eq!(s, state(45.0, 1e6, 1_000_000));
    for (key, value, says) in [
        ("service", "0", "more than 0"),
        ("service", "2000000", "1,000,000"),
        ("arrival", "-1", "from 0"),
        ("arrival", "fast", "not a number"),
        ("backlog", "1.5", "whole number"),
        ("backlog", "-3", "whole number"),
        ("queue", "1", "arrival, service, backlog"),
    ] {
        let message = s.set(key, value).unwrap_err();
        assert!(message.contains(says), "{key}={value}: {message}");
    }
    assert_eq!(s, state(45.0, 1e6, 1_000_000), "a refused value changes nothing");
    assert_eq!(s.with("arrival", "-0").unwrap().get("arrival"), "0");
}

#[test]
fn scenarios_are_named_while_their_values_hold() {
    let sale = Preset::FlashSale.state();
    assert_eq!(sale.named(), Some("flash-sale"));
    assert_eq!(sale.to_query(), [("preset", "flash-sale".to_string())]);
    assert_eq!(QueueState::default().named(), None);
    assert!(QueueState::default().to_query().is_empty());
    let (busier, problems) = QueueState::from_query(&[("preset", "flash-sale"), ("arrival", "300")]);
    assert!(problems.is_empty());
    assert_eq!(busier, state(300.0, 500.0, 1_000_000));
    assert_eq!(busier.named(), None);
    assert_eq!(QueueState::from_query(&busier.to_query()), (busier, Vec::new()));
    let (_, problems) = QueueState::from_query(&[("preset", "black-friday")]);
    assert_eq!(
        problems,
        [ParamProblem { key: "preset".into(), message: "unknown scenario “black-friday”; use web, flash-sale".into() }]
    );
}

#[test]
fn the_twin_lists_the_main_figures() {
    let t = Preset::Web.state().twin().unwrap();
    let cells: Vec<(&str, &str)> = t.rows.iter().map(|r| (r[0].as_str(), r[1].as_str())).collect();
    assert_eq!(
        cells,
        [
            ("Utilization ρ = λ / μ", "90 %"),
            ("Mean response time W = 1 / (μ − λ)", "100 ms"),
            ("Mean wait in the queue Wq = ρ / (μ − λ)", "90 ms"),
            ("Mean number in the system L = ρ / (1 − ρ)", "9"),
            ("Little's law: λ × W", "9"),
            ("A backlog of 1,000 items empties in", "1 min 40 s"),
        ]
    );
    assert_eq!(t.caption, "One server: 90 arrivals a second, 100 served a second (10 ms each)");
    let over = state(600.0, 500.0, 1_000_000).twin().unwrap();
    assert!(over.rows[1][1].starts_with("no steady state"), "{:?}", over.rows);
    assert!(over.rows[2][1].starts_with("never"), "{:?}", over.rows);
}
