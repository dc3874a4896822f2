use super::*;
use crate::model::units::format_duration;

const STD: Calendar = Calendar { year: YearLength::Days365, month: MonthLength::Days30 };

/// Checks the downtime a learner sees for `percent` over `period`.
#[track_caller]
fn check(percent: &str, period: Period, expected: &str) {
    let a = parse_availability(percent).unwrap();
    assert_eq!(format_duration(a.downtime(period, STD)), expected, "{percent} % per {}", period.name());
}

#[test]
fn the_standard_nines_table_by_hand() {
    // Every cell of the usual nines table (day, 30-day month, 365-day year), worked by hand.
    check("90", Period::Day, "2 h 24 min");
    check("90", Period::Month, "3 d");
    check("90", Period::Year, "36 d 12 h");
    check("95", Period::Day, "1 h 12 min");
    check("95", Period::Month, "1 d 12 h");
    check("95", Period::Year, "18 d 6 h");
    check("99", Period::Day, "14 min 24 s");
    check("99", Period::Month, "7 h 12 min");
    check("99", Period::Year, "3 d 15 h 36 min");
    check("99.9", Period::Day, "1 min 26.4 s");
    check("99.9", Period::Month, "43 min 12 s");
    check("99.9", Period::Year, "8 h 45 min 36 s");
    check("99.99", Period::Day, "8.64 s");
    check("99.99", Period::Month, "4 min 19.2 s");
    check("99.99", Period::Year, "52 min 33.6 s");
    // Five nines.
    check("99.999", Period::Day, "864 ms");
    check("99.999", Period::Month, "25.9 s");
    check("99.999", Period::Year, "5 min 15.4 s");
}

#[test]
fn week_and_quarter_follow_the_calendar() {
    check("99.9", Period::Week, "10 min 4.8 s");
    check("99.9", Period::Quarter, "2 h 9 min 36 s");
    let julian = Calendar { year: YearLength::Days365Quarter, month: MonthLength::TwelfthOfYear };
    let three = Availability::from_gap(0.001);
    assert_eq!(format_duration(three.downtime(Period::Year, julian)), "8 h 45 min 57.6 s");
    assert_eq!(format_duration(three.downtime(Period::Month, julian)), "43 min 49.8 s");
    assert_eq!(julian.seconds(Period::Quarter) * 4.0, julian.seconds(Period::Year));
    assert_eq!(STD.seconds(Period::Quarter), 90.0 * DAY);
}

#[test]
fn nines_count_both_ways() {
    let nines_of = |p: &str| parse_availability(p).unwrap().leading_nines();
    assert_eq!(nines_of("99.9"), 3);
    assert_eq!(nines_of("99.95"), 3);
    assert_eq!(nines_of("95"), 1);
    assert_eq!(nines_of("50"), 0);
    assert_eq!(nines_of("99.999"), 5);
    assert_eq!(Availability::from_fraction(0.999).leading_nines(), 3);
    assert!((parse_availability("99.95").unwrap().nines() - 3.30103).abs() < 1e-5);
    assert_eq!(Availability::from_gap(0.0).nines(), f64::INFINITY);
    assert_eq!(Availability::from_gap(f64::NAN).leading_nines(), 0);
}

#[test]
fn typed_percentages_keep_every_digit_of_the_downtime() {
    // 0.9999 as a float is off by ~1e-17, which is 1e-13 of its gap: the downtime must still
    // be exactly 8.64 s a day, not 8.640000000006.
    assert_eq!(parse_availability("99.99").unwrap().downtime(Period::Day, STD), 8.64);
    assert_eq!(parse_availability("99.9999999999").unwrap().gap(), 1e-12);
    assert_eq!(
        crate::model::units::data_value(parse_availability("99.9999").unwrap().downtime(Period::Year, STD)),
        "31.536"
    );
    for text in ["99.95", "99.9", "12.5", "0", "99.99999", "99.123456789", "0.001"] {
        let a = parse_availability(text).unwrap();
        assert_eq!(a.percent_text(), text);
    }
    assert_eq!(parse_availability("099.950").unwrap().percent_text(), "99.95");
}

#[test]
fn bad_availability_is_refused_with_a_reason() {
    assert!(matches!(parse_availability(""), Err(InputError::Number(_))));
    assert!(matches!(parse_availability("abc"), Err(InputError::Number(_))));
    assert!(matches!(parse_availability("NaN"), Err(InputError::Number(_))));
    assert_eq!(parse_availability("-1"), Err(InputError::Negative));
    assert_eq!(parse_availability("100.5"), Err(InputError::AboveHundred));
    assert_eq!(parse_availability("100"), Err(InputError::ExactlyHundred));
    assert_eq!(parse_availability("100.000"), Err(InputError::ExactlyHundred));
    let fifty_nines = format!("99.{}", "9".repeat(48));
    assert_eq!(parse_availability(&fifty_nines), Err(InputError::TooManyNines));
    assert_eq!(parse_availability("-0"), Ok(Availability::from_gap(1.0)));
    assert_eq!(parse_availability("99,95").map(Availability::percent_text), Ok("99.95".to_string()));
    assert!(parse_availability("99.9999999999").is_ok()); // Twelve nines: accepted.
    assert_eq!(parse_availability("99.99999999999"), Err(InputError::TooManyNines));
    assert_eq!(parse_availability("100.00000000000001"), Err(InputError::AboveHundred));
    assert_eq!(parse_availability("0"), Ok(Availability::from_gap(1.0)));
    for e in [InputError::ExactlyHundred, InputError::AboveHundred, InputError::Negative] {
        assert!(!e.to_string().is_empty());
    }
    // The limit's message states the downtime of twelve nines over a 365-day year:
    // 10^-12 × 31,536,000 s = 31.536 µs.
    let twelve = 1e-12 * 365.0 * 86_400.0 * 1e6;
    assert!(InputError::TooManyNines.to_string().contains(&format!("{twelve:.1} µs")), "{twelve}");
}

#[test]
fn budget_is_the_inverse_of_downtime() {
    let a = availability_from_budget(43.2 * 60.0, Period::Month, STD).unwrap();
    assert_eq!(a.percent_text(), "99.9");
    let a = availability_from_budget(52.56 * 60.0, Period::Year, STD).unwrap();
    assert_eq!(a.percent_text(), "99.99");
    assert_eq!(availability_from_budget(0.0, Period::Day, STD), Ok(Availability::from_gap(0.0)));
    assert_eq!(availability_from_budget(2.0 * DAY, Period::Day, STD), Err(InputError::BudgetExceedsPeriod));
    assert!(availability_from_budget(-1.0, Period::Day, STD).is_err());
}

#[test]
fn mtbf_and_mttr() {
    assert_eq!(availability_from_mtbf(999.0, 1.0).map(Availability::percent_text), Ok("99.9".to_string()));
    assert_eq!(availability_from_mtbf(720.0, 0.0), Ok(Availability::from_gap(0.0))); // MTTR → 0 gives 100 %.
    assert_eq!(availability_from_mtbf(0.0, 1.0), Err(InputError::MtbfNotPositive));
    assert_eq!(availability_from_mtbf(10.0, -1.0), Err(InputError::MttrNegative));
    assert!((failures_per(Period::Year, STD, 719.0, 1.0) - 12.1666).abs() < 1e-3);
}

#[test]
fn chains_multiply_in_series_and_add_nines_in_parallel() {
    let two_in_series = parse_chain("99.9x1,99.9x1").unwrap();
    assert!((compose(&two_in_series).fraction() - 0.998001).abs() < 1e-15);
    let two_in_parallel = parse_chain("99.9x2").unwrap();
    assert!((compose(&two_in_parallel).gap() - 1e-6).abs() < 1e-20);
    let three = parse_chain(" 99 × 3 ; 99.95").unwrap();
    let pct = |p: &str| parse_availability(p).unwrap();
    assert_eq!(
        three,
        vec![Group { availability: pct("99"), replicas: 3 }, Group { availability: pct("99.95"), replicas: 1 }]
    );
    assert!((compose(&three).fraction() - (1.0 - 1e-6) * 0.9995).abs() < 1e-15);
    assert_eq!(compose(&[]), Availability::from_gap(0.0));
    assert_eq!(format_chain(&parse_chain("99.9x1,99.95x2").unwrap()), "99.9x1,99.95x2");
}

#[test]
fn bad_chains_are_refused() {
    for bad in ["", ",,", "abc", "99.9x0", "99.9x17", "99.9xx", "100x2", "101x1", "99.9x-1"] {
        assert!(parse_chain(bad).is_err(), "{bad:?}");
    }
    let too_long = ["99x1"; MAX_GROUPS + 1].join(",");
    assert_eq!(parse_chain(&too_long), Err(InputError::ChainLength));
}

#[test]
fn the_table_spans_90_to_six_nines() {
    let rows = table(STD);
    assert_eq!(rows.len(), 10);
    assert_eq!(rows[0].label, "90");
    assert_eq!(rows[9].label, "99.9999");
    assert_eq!(format_duration(rows[9].downtime[4]), "31.5 s");
    // Each row allows less downtime than the one above it.
    assert!(rows.windows(2).all(|w| w[1].downtime[4] < w[0].downtime[4]));
}

#[test]
fn state_round_trips_through_the_query() {
    let pairs = [
        ("availability", "99.95"),
        ("year", "365.25"),
        ("month", "twelfth"),
        ("budget", "1h"),
        ("per", "quarter"),
        ("mtbf", "1000"),
        ("mttr", "0.5"),
        ("chain", "99.9x1,99.95x2"),
        ("panels", "chain,table"),
    ];
    let (state, problems) = NinesState::from_query(&pairs);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(state.availability.percent_text(), "99.95");
    assert_eq!(state.panels, vec![Panel::Chain, Panel::Table]);
    let written = state.to_query();
    let expected: Vec<(&str, String)> = pairs.iter().map(|(k, v)| (*k, v.to_string())).collect();
    assert_eq!(written, expected);
    let (again, _) = NinesState::from_query(&written);
    assert_eq!(again, state);
}

#[test]
fn bad_query_pairs_are_reported_and_skipped() {
    let (state, problems) = NinesState::from_query(&[
        ("availability", "abc"),
        ("year", "360"),
        ("colour", "red"),
        ("chain", "99.9x1"),
        ("panels", "table,graph"),
    ]);
    let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, ["availability", "year", "colour", "panels"]);
    assert_eq!(state.availability, NinesState::default().availability);
    assert_eq!(state.chain.len(), 1);
    assert!(problems[0].message.contains("not a number"));
}

#[test]
fn a_budget_must_fit_its_period() {
    let (state, problems) = NinesState::from_query(&[("budget", "2d"), ("per", "day")]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].key, "budget");
    assert!(state.budget <= DAY);
    let (_, problems) = NinesState::from_query(&[("budget", "400d")]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(parse_budget("1h"), Ok(HOUR));
}
