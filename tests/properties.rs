//! Property tests: every model and parsing function is total (no panic, no NaN where a value
//! is promised) on random and hostile input, and the maths keeps its shape (less downtime at
//! higher availability, redundancy never hurts, series never helps, URL state round-trips).

use proptest::prelude::*;
use tradeoffs::lesson::{bundle, parse_lesson, parse_summary};
use tradeoffs::model::nines::{self, Availability, Calendar, Group, MonthLength, NinesState, Period, YearLength};
use tradeoffs::model::{query, units};

fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.0),
        Just(-0.0),
        Just(1.0),
        Just(100.0),
        -1e3..1e3f64,
        0.0..1.0f64,
    ]
}

fn calendar() -> impl Strategy<Value = Calendar> {
    (any::<bool>(), any::<bool>()).prop_map(|(y, m)| Calendar {
        year: if y { YearLength::Days365 } else { YearLength::Days365Quarter },
        month: if m { MonthLength::Days30 } else { MonthLength::TwelfthOfYear },
    })
}

fn period() -> impl Strategy<Value = Period> {
    prop::sample::select(Period::ALL.to_vec())
}

/// Text that looks like what people (and attackers) type into the fields.
fn typed_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9.,%+\\- e]{0,30}",
        "[0-9]{1,3}(\\.[0-9]{0,60})?",
        "(99\\.9{0,60})( ?%)?",
        "[0-9.]{1,8}(d|h|m|min|s|ms| ){0,4}",
        Just("NaN".to_string()),
        Just("1e309".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn number_and_duration_parsers_are_total(text in typed_text()) {
        if let Ok(v) = units::parse_number(&text) { prop_assert!(v.is_finite()); }
        if let Ok(v) = units::parse_duration(&text) { prop_assert!(v.is_finite() && v >= 0.0); }
        if let Ok(a) = nines::parse_availability(&text) {
            prop_assert!(a.gap() > 0.0 && a.gap() <= 1.0);
            prop_assert_eq!(nines::parse_availability(&a.percent_text()), Ok(a));
        }
        let _ = nines::parse_chain(&text);
        let _ = nines::Period::from_name(&text);
    }

    #[test]
    fn formatters_are_total(x in any_f64()) {
        prop_assert!(!units::format_duration(x).is_empty());
        prop_assert!(!units::format_duration_compact(x).is_empty());
        prop_assert!(!units::format_percent(x).is_empty());
        let _ = units::data_value(x);
        let _ = units::trim(x);
        let _ = units::significant(x, 3);
    }

    #[test]
    fn availability_maths_is_total(x in any_f64(), b in any_f64(), cal in calendar(), p in period(), n in 0u32..40) {
        for a in [Availability::from_fraction(x), Availability::from_gap(x)] {
            let d = a.downtime(p, cal);
            prop_assert!(d.is_nan() == x.is_nan());
            let _ = a.nines();
            let _ = a.leading_nines();
            let _ = a.percent_text();
            let g = Group { availability: a, replicas: n };
            let ga = g.availability().gap();
            prop_assert!(ga.is_nan() || (0.0..=1.0).contains(&ga));
            let _ = nines::compose(&[g, g]);
        }
        if let Ok(a) = nines::availability_from_budget(b, p, cal) { prop_assert!((0.0..=1.0).contains(&a.gap())); }
        if let Ok(a) = nines::availability_from_mtbf(x, b) { prop_assert!((0.0..=1.0).contains(&a.gap())); }
        let _ = nines::failures_per(p, cal, x, b);
    }

    #[test]
    fn more_availability_means_less_downtime(a in 0.0..1.0f64, b in 0.0..1.0f64, cal in calendar(), p in period()) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let down = |x: f64| Availability::from_fraction(x).downtime(p, cal);
        prop_assert!(down(hi) <= down(lo));
    }

    #[test]
    fn budget_inverts_downtime(a in 0.0..1.0f64, cal in calendar(), p in period()) {
        let a = Availability::from_fraction(a);
        let back = nines::availability_from_budget(a.downtime(p, cal), p, cal).unwrap();
        prop_assert!((back.gap() - a.gap()).abs() <= a.gap() * 1e-12);
    }

    #[test]
    fn redundancy_never_hurts_and_series_never_helps(a in 0.0..0.99999f64, b in 0.0..0.99999f64, n in 1u32..8) {
        let (a, b) = (Availability::from_fraction(a), Availability::from_fraction(b));
        let one = Group { availability: a, replicas: n };
        let more = Group { availability: a, replicas: n + 1 };
        prop_assert!(more.availability().gap() <= one.availability().gap());
        let other = Group { availability: b, replicas: 1 };
        let chain = nines::compose(&[one, other]).gap();
        prop_assert!(chain >= one.availability().gap() * (1.0 - 1e-12) && chain >= b.gap() * (1.0 - 1e-12));
    }

    #[test]
    fn query_state_round_trips(
        avail in 0.0..99.9999f64,
        groups in prop::collection::vec((50.0..99.999f64, 1u32..5), 1..6),
        budget in 0.0..86_400.0f64,
        per in period(),
        mtbf in 0.001..1e6f64,
        mttr in 0.0..1e4f64,
    ) {
        let chain: Vec<String> = groups.iter().map(|(p, n)| format!("{}x{n}", units::trim(*p))).collect();
        let pairs = vec![
            ("availability".to_string(), units::trim(avail)),
            ("chain".to_string(), chain.join(",")),
            ("budget".to_string(), units::format_duration_compact(budget)),
            ("per".to_string(), per.name().to_string()),
            ("mtbf".to_string(), units::trim(mtbf)),
            ("mttr".to_string(), units::trim(mttr)),
        ];
        let (state, problems) = NinesState::from_query(&pairs);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        let written = state.to_query();
        let (again, problems) = NinesState::from_query(&written);
        prop_assert!(problems.is_empty());
        prop_assert_eq!(again, state);
    }

    #[test]
    fn hostile_query_pairs_never_panic(pairs in prop::collection::vec((typed_text(), typed_text()), 0..8), raw in any::<String>()) {
        let (state, _) = NinesState::from_query(&pairs);
        let _ = state.to_query();
        let decoded = query::decode(&raw);
        let _ = NinesState::from_query(&decoded);
        prop_assert_eq!(query::decode(&query::encode(&decoded)), decoded);
    }

    #[test]
    fn content_parsers_are_total(text in any::<String>(), lines in prop::collection::vec(prop_oneof![
        any::<String>(),
        Just("{{#widget nines availability=99.9}}".to_string()),
        Just("{{#widget".to_string()),
        Just("```quiz".to_string()),
        Just("```".to_string()),
        Just("? q".to_string()),
        Just("+ a".to_string()),
        Just("= 1 ± 2".to_string()),
        Just("> e".to_string()),
        Just("# Title".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("[x](javascript:alert(1))".to_string()),
    ], 0..20)) {
        let src = lines.join("\n");
        for input in [text.as_str(), src.as_str()] {
            let lesson = parse_lesson(input);
            prop_assert_eq!(&bundle::decode(&bundle::encode(&lesson)), &lesson);
            let _ = bundle::decode(input);
            let _ = parse_summary(input);
            for block in &lesson.blocks {
                if let tradeoffs::lesson::Block::Prose(html) = block {
                    prop_assert!(!html.contains("<script"), "{}", html);
                }
            }
        }
    }
}
