use super::*;

/// Equal to 12 significant digits.
#[track_caller]
fn close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() <= 1e-12 * expected.abs().max(1.0), "{actual} ≠ {expected}");
}

fn state(pairs: &[(&str, &str)]) -> EstimatorState {
    let (s, problems) = EstimatorState::from_query(pairs);
    assert!(problems.is_empty(), "{problems:?}");
    s
}

fn rough(e: &Estimate, id: &str) -> String {
    e.step(id).unwrap_or_else(|| panic!("no step {id}")).rough.text()
}

#[test]
fn the_search_example_worked_by_hand() {
    let e = estimate(&Preset::Search.state());
    // 10⁹ users × 10 searches = 10,000,000,000 a day.
    assert_eq!(e.per_day, 10_000_000_000.0);
    // 10,000,000,000 ÷ 24 = 416,666,666.67 an hour: 417 million, not 420.
    close(e.per_hour, 416_666_666.666_666_7);
    // 10,000,000,000 ÷ 86,400 = 115,740.7407… a second; × 2 at the peak = 231,481.48….
    close(e.rps_avg, 115_740.740_740_740_7);
    assert_eq!(e.rps_avg.round(), 115_741.0);
    close(e.rps_peak, 231_481.481_481_481_5);
    // 10¹⁰ searches × 200 B = 2 × 10¹² B = 2 TB a day; × 365 = 730 TB; × 3 copies = 2.19 PB.
    assert_eq!(e.storage_per_day, 2e12);
    assert_eq!(e.storage_retained, 730e12);
    assert_eq!(e.storage_total, 2_190e12);
    // 115,740.74/s × 10,000 B = 1,157,407,407 B/s, × 8 = 9.259 Gbit/s; at the peak twice that.
    close(e.egress_avg, 1_157_407_407.407_407);
    close(e.egress_peak, 2_314_814_814.814_815);
    // Requests of 1,000 B: 115,740,740.7 B/s in.
    close(e.ingress_avg, 115_740_740.740_740_7);
    close(e.ingress_peak, 231_481_481.481_481_5);
}

#[test]
fn the_search_example_with_powers_of_ten() {
    let e = estimate(&Preset::Search.state());
    // 10⁹ × 10¹ = 10¹⁰ a day; a day ≈ 10⁵ s, so 10⁵ a second; × 2 at the peak.
    assert_eq!(rough(&e, "users"), "10⁹");
    assert_eq!(rough(&e, "per-user"), "10¹");
    assert_eq!(rough(&e, "per-day"), "10¹⁰");
    assert_eq!(rough(&e, "day"), "10⁵");
    assert_eq!(rough(&e, "rps-avg"), "10⁵");
    assert_eq!(rough(&e, "rps-peak"), "2 × 10⁵");
    // 10¹⁰ × 2 × 10² B = 2 × 10¹² B a day; 365 ≈ 4 × 10², so 8 × 10¹⁴; × 3 = 24 × 10¹⁴ ≈ 2 × 10¹⁵.
    assert_eq!(rough(&e, "storage-day"), "2 × 10¹²");
    assert_eq!(rough(&e, "days"), "4 × 10²");
    assert_eq!(rough(&e, "storage-retained"), "8 × 10¹⁴");
    assert_eq!(rough(&e, "storage-total"), "2 × 10¹⁵");
    // 10⁵/s × 10⁴ B = 10⁹ B/s, 8 × 10⁹ bit/s.
    assert_eq!(rough(&e, "egress-avg"), "10⁹");
    assert_eq!(e.step("egress-avg").unwrap().rough_text(), "10⁹ B/s = 8 × 10⁹ bit/s");
    // The rough rate is 10⁵ ÷ 115,740.74 = 0.864 of the exact one: 14 % low.
    assert!((e.step("rps-avg").unwrap().ratio() - 0.864).abs() < 0.001);
    // Every step is there, in the order of the calculation, inputs marked.
    let ids: Vec<&str> = e.steps.iter().map(|s| s.id).collect();
    assert_eq!(
        ids,
        [
            "users",
            "per-user",
            "per-day",
            "day",
            "rps-avg",
            "peak",
            "rps-peak",
            "record",
            "storage-day",
            "days",
            "storage-retained",
            "copies",
            "storage-total",
            "response",
            "egress-avg",
            "request",
            "ingress-avg"
        ]
    );
    let results: Vec<&str> = e.steps.iter().filter(|s| !s.input).map(|s| s.id).collect();
    assert_eq!(
        results,
        ["per-day", "rps-avg", "rps-peak", "storage-day", "storage-retained", "storage-total", "egress-avg", "ingress-avg"]
    );
}

#[test]
fn the_chat_example_worked_by_hand() {
    let e = estimate(&Preset::Chat.state());
    // 10⁸ users × 40 messages = 4 × 10⁹ a day; ÷ 86,400 = 46,296.3/s; × 3 = 138,888.9/s.
    assert_eq!(e.per_day, 4e9);
    close(e.rps_avg, 46_296.296_296_296_3);
    close(e.rps_peak, 138_888.888_888_888_9);
    // 4 × 10⁹ × 100 B = 4 × 10¹¹ B = 400 GB a day; × 365 = 146 TB; × 3 copies = 438 TB.
    assert_eq!(e.storage_per_day, 400e9);
    assert_eq!(e.storage_retained, 146e12);
    assert_eq!(e.storage_total, 438e12);
    // Roughly: 10⁸ × 4 × 10¹ = 4 × 10⁹; × 10² B = 4 × 10¹¹; × 4 × 10² days = 16 × 10¹³ ≈ 2 × 10¹⁴.
    assert_eq!(rough(&estimate(&Preset::Chat.state()), "storage-retained"), "2 × 10¹⁴");
}

#[test]
fn handy_rates_per_day() {
    // 1 million a day: 1,000,000 ÷ 86,400 = 11.574/s; 1 billion a day: 11,574.07/s.
    let one_each = |dau: &str| estimate(&state(&[("dau", dau), ("per_user", "1")])).rps_avg;
    close(one_each("1M"), 11.574_074_074_074_07);
    close(one_each("1B"), 11_574.074_074_074_07);
}

#[test]
fn rounding_to_one_digit_times_a_power_of_ten() {
    let r = |x: f64| Rough::of(x).text();
    assert_eq!(r(86_400.0), "9 × 10⁴");
    assert_eq!(r(365.0), "4 × 10²");
    assert_eq!(r(24.0), "2 × 10¹");
    assert_eq!(r(25.0), "3 × 10¹"); // Halves go up.
    assert_eq!(r(0.15), "2 × 10⁻¹"); // Read from the decimal 0.15, not the float just below it.
    assert_eq!(r(9.6), "10¹");
    assert_eq!(r(1.0), "1");
    assert_eq!(r(7.0), "7");
    assert_eq!(r(0.001), "10⁻³");
    for nothing in [0.0, -5.0, f64::NAN, f64::INFINITY] {
        assert_eq!(Rough::of(nothing), Rough::ZERO);
    }
    assert_eq!(Rough::ZERO.text(), "0");
    // 8 × 3 = 24 ≈ 2 × 10¹; 5 × 2 = 10; 2 × 10⁸ × 5 × 10³ = 10 × 10¹¹ = 10¹²; 9 ÷ 2 = 4.5 ≈ 5.
    assert_eq!(Rough { digit: 8, exp: 0 }.times(Rough { digit: 3, exp: 0 }), Rough { digit: 2, exp: 1 });
    assert_eq!(Rough { digit: 5, exp: 0 }.times(Rough { digit: 2, exp: 0 }), Rough::power(1));
    assert_eq!(Rough { digit: 2, exp: 8 }.times(Rough { digit: 5, exp: 3 }), Rough::power(12));
    assert_eq!(Rough { digit: 9, exp: 7 }.over(Rough { digit: 2, exp: 2 }), Rough { digit: 5, exp: 5 });
    assert_eq!(Rough::power(10).over(Rough::ZERO), Rough::ZERO);
    assert_eq!(Rough::ZERO.times(Rough::power(3)), Rough::ZERO);
    assert_eq!(Rough { digit: 2, exp: 12 }.value(), 2e12);
    assert_eq!(Rough { digit: 3, exp: -2 }.value(), 0.03);
}

#[test]
fn the_shape_of_the_maths() {
    let base = Preset::Search.state();
    let at = |pairs: &[(&str, &str)]| {
        let mut s = base.clone();
        for (k, v) in pairs {
            s.set(k, v).unwrap();
        }
        estimate(&s)
    };
    let e = estimate(&base);
    // The peak is never below the average.
    for peak in ["1", "1.5", "3", "100"] {
        let p = at(&[("peak", peak)]);
        assert!(p.rps_peak >= p.rps_avg, "peak {peak}");
        assert!(p.egress_peak >= p.egress_avg && p.ingress_peak >= p.ingress_avg);
    }
    assert_eq!(at(&[("peak", "1")]).rps_peak, e.rps_avg);
    // Storage grows linearly with the days kept and the copies; rates do not change.
    let one_day = at(&[("days", "1")]);
    for days in [2u32, 30, 365, 3_650] {
        let d = at(&[("days", &days.to_string())]);
        close(d.storage_total, one_day.storage_total * f64::from(days));
        assert_eq!(d.rps_avg, e.rps_avg);
    }
    close(at(&[("copies", "1")]).storage_total * 3.0, e.storage_total);
    // Ten times the users: ten times every rate, every byte.
    let more = at(&[("dau", "10B")]);
    for (a, b) in [
        (more.rps_avg, e.rps_avg),
        (more.rps_peak, e.rps_peak),
        (more.storage_total, e.storage_total),
        (more.egress_avg, e.egress_avg),
        (more.ingress_peak, e.ingress_peak),
    ] {
        close(a, 10.0 * b);
    }
    // The rough figures stay within a factor of three of the exact ones for the scenarios.
    for p in Preset::ALL {
        for s in estimate(&p.state()).steps {
            assert!((1.0 / 3.0..=3.0).contains(&s.ratio()), "{} {}: {}", p.name(), s.id, s.ratio());
        }
    }
}

#[test]
fn counts_and_sizes_read_as_people_write_them() {
    for text in ["1000000000", "1,000,000,000", "1e9", "1E9", "10^9", "10⁹", "1 × 10^9", "1B", "1bn", "1 billion", "1000M"]
    {
        assert_eq!(state(&[("dau", text)]).dau, 1e9, "{text}");
    }
    assert_eq!(state(&[("dau", "2.5M")]).dau, 2_500_000.0);
    assert_eq!(state(&[("per_user", "0.1")]).per_user, 0.1);
    assert_eq!(state(&[("peak", "2.5")]).peak, 2.5);
    for (text, bytes) in [("10KB", 10_000.0), ("10 kb", 10_000.0), ("4 KiB", 4_096.0), ("1.5 MB", 1_500_000.0), ("200", 200.0)]
    {
        assert_eq!(state(&[("response_bytes", text)]).response_bytes, bytes, "{text}");
    }
    // Sizes are kept in whole bytes.
    assert_eq!(state(&[("record_bytes", "1.1 KiB")]).record_bytes, 1_126.0); // 1,126.4 B.
    let s = state(&[("days", "3e1"), ("copies", "1")]);
    assert_eq!((s.days, s.copies), (30, 1));
}

#[test]
fn bad_values_are_refused_with_a_reason_and_change_nothing() {
    let base = EstimatorState::default();
    let refused = |key: &str, value: &str, says: &str| {
        let mut s = base.clone();
        let message = s.set(key, value).expect_err(&format!("{key}={value} was taken"));
        assert!(message.contains(says), "{key}={value}: “{message}” does not say “{says}”");
        assert_eq!(s, base, "{key}={value} changed the state");
    };
    refused("dau", "0", "from 1 to 10,000,000,000");
    refused("dau", "-5", "from 1 to 10,000,000,000");
    refused("dau", "1e11", "from 1 to 10,000,000,000");
    refused("dau", "2.5", "whole number of users");
    refused("dau", "NaN", "not a number");
    refused("dau", "lots", "1e6 or 1M");
    refused("dau", "1e400", "not a number");
    refused("dau", "", "enter a number");
    refused("dau", "1,000", "ambiguous");
    refused("per_user", "0", "from 0.001 to 100,000 actions per user per day");
    refused("per_user", "1e6", "100,000");
    refused("peak", "0.5", "a factor from 1");
    refused("peak", "101", "to 100");
    refused("response_bytes", "-1", "from 0 B to 10 GB");
    refused("response_bytes", "11 GB", "10 GB");
    refused("response_bytes", "10 Mbit", "not a size in bytes");
    refused("request_bytes", "5 KB/s", "not a size in bytes");
    refused("record_bytes", "KB", "not a number");
    refused("days", "0", "whole number of days from 1 to 36,500");
    refused("days", "1.5", "whole number of days");
    refused("copies", "11", "from 1 to 10");
    refused("preset", "video", "unknown scenario “video”; use search, chat");
    refused("colour", "red", "this widget reads preset, dau");
}

#[test]
fn scenarios_stay_named_until_a_value_changes() {
    let (s, problems) = EstimatorState::from_query(&[("preset", "chat")]);
    assert!(problems.is_empty());
    assert_eq!(s.named(), Some("chat"));
    assert_eq!(s.query_string(), "preset=chat");
    // Setting a scenario's own value keeps its name.
    assert_eq!(s.with("dau", "100M").unwrap().named(), Some("chat"));
    // Another value drops it; the link then says what differs from the default.
    let changed = s.with("copies", "1").unwrap();
    assert_eq!(changed.named(), None);
    assert_eq!(changed.preset, None);
    assert_eq!(
        changed.query_string(),
        "dau=100000000&per_user=40&peak=3&record_bytes=100&copies=1&request_bytes=100&response_bytes=100"
    );
    assert_eq!(EstimatorState::from_query(&changed.to_query()), (changed, vec![]));
    // The search scenario is the default with its name.
    let search = state(&[("preset", "search")]);
    assert_eq!(search.query_string(), "preset=search");
    assert_eq!(EstimatorState { preset: None, ..search.clone() }, EstimatorState::default());
    assert_eq!(EstimatorState::default().query_string(), "");
    assert_eq!(state(&[("preset", "search"), ("days", "30")]).query_string(), "days=30");
    // A scenario set through `set` replaces every value.
    let mut s = state(&[("days", "30")]);
    s.set("preset", "search").unwrap();
    assert_eq!(s, Preset::Search.state());
    // An unknown scenario is reported and the rest still applies.
    let (s, problems) = EstimatorState::from_query(&[("preset", "video"), ("days", "7")]);
    assert_eq!(s.days, 7);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].key, "preset");
}

#[test]
fn the_twin_shows_every_result_exact_and_rough() {
    let table = Preset::Search.state().twin().unwrap();
    assert!(table.caption.contains("1,000,000,000 daily users × 10 actions a day"), "{}", table.caption);
    assert!(table.caption.contains("kept 365 days in 3 copies"), "{}", table.caption);
    let row = |start: &str| {
        table.rows.iter().find(|r| r[0].starts_with(start)).unwrap_or_else(|| panic!("no row {start}")).clone()
    };
    assert_eq!(row("Requests per day")[1..], ["10,000,000,000/day", "10¹⁰/day"]);
    assert_eq!(row("Requests per second, average")[1..], ["115,741/s", "10⁵/s"]);
    assert_eq!(row("Requests per second, peak")[1..], ["231,481/s", "2 × 10⁵/s"]);
    assert_eq!(row("Stored per day")[1..], ["2 TB", "2 × 10¹² B"]);
    assert_eq!(row("Stored over the retention")[1..], ["730 TB", "8 × 10¹⁴ B"]);
    assert_eq!(row("Total storage")[1..], ["2.19 PB", "2 × 10¹⁵ B"]);
    assert_eq!(row("Outgoing")[1..], ["1.16 GB/s = 9.26 Gbit/s", "10⁹ B/s = 8 × 10⁹ bit/s"]);
    assert_eq!(row("Incoming")[1..], ["116 MB/s = 926 Mbit/s", "10⁸ B/s = 8 × 10⁸ bit/s"]);
    assert_eq!(table.rows.len(), 8);
}

#[test]
fn wild_states_give_finite_figures() {
    let wild = EstimatorState {
        dau: f64::NAN,
        per_user: f64::INFINITY,
        peak: -3.0,
        record_bytes: f64::NEG_INFINITY,
        days: u32::MAX,
        copies: 0,
        request_bytes: f64::NAN,
        response_bytes: 1e300,
        preset: None,
    };
    let e = estimate(&wild);
    for s in &e.steps {
        assert!(s.exact.is_finite() && s.exact >= 0.0, "{}: {}", s.id, s.exact);
        assert!(!s.exact_text().is_empty() && !s.rough_text().is_empty());
    }
    assert!(e.rps_peak.is_finite() && e.storage_total.is_finite() && e.egress_peak.is_finite());
}
