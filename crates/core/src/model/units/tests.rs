use super::*;

#[track_caller]
fn check_duration(seconds: f64, expected: &str) {
    assert_eq!(format_duration(seconds), expected, "format_duration({seconds})");
}

#[test]
fn durations_read_like_a_person_writes_them() {
    check_duration(0.001 * 365.0 * DAY, "8 h 45 min 36 s"); // 99.9 % of a 365-day year.
    check_duration(0.001 * 30.0 * DAY, "43 min 12 s");
    check_duration(0.001 * DAY, "1 min 26.4 s");
    check_duration(0.0001 * DAY, "8.64 s");
    check_duration(0.00001 * DAY, "864 ms");
    check_duration(0.1 * 365.0 * DAY, "36 d 12 h");
    check_duration(0.00001 * 365.0 * DAY, "5 min 15.4 s");
    check_duration(59.96, "1 min");
    check_duration(0.0, "0 s");
    check_duration(3e-7, "300 ns");
    check_duration(f64::INFINITY, "forever");
    check_duration(f64::NAN, "–");
}

#[test]
fn numbers_accept_what_people_type_and_refuse_the_rest() {
    assert_eq!(parse_number(" 99.95 % "), Ok(99.95));
    assert_eq!(parse_number("+1_000"), Ok(1000.0));
    assert_eq!(parse_number("1,000.5"), Ok(1000.5));
    assert_eq!(parse_number("1,000,000"), Ok(1_000_000.0));
    assert_eq!(parse_number("99,9"), Ok(99.9)); // A decimal comma.
    assert_eq!(parse_number("1,5"), Ok(1.5));
    assert_eq!(parse_number("52,56"), Ok(52.56));
    assert!(matches!(parse_number("1,000"), Err(NumberError::Ambiguous(_))));
    assert!(matches!(parse_number("99,999"), Err(NumberError::Ambiguous(_))));
    assert!(matches!(parse_number("1,00,0"), Err(NumberError::NotANumber(_))));
    assert_eq!(parse_number(&format!("99.{}", "9".repeat(60))), Ok(100.0)); // Long, but a number.
    assert_eq!(parse_number("-3"), Ok(-3.0));
    assert_eq!(parse_number(""), Err(NumberError::Empty));
    assert_eq!(parse_number("  %"), Err(NumberError::Empty));
    for bad in ["abc", "NaN", "inf", "1e3", "1.2.3", ".", "--1", "99.9x", "1,2,3"] {
        assert!(matches!(parse_number(bad), Err(NumberError::NotANumber(_))), "{bad}");
    }
}

#[test]
fn durations_parse_with_units_and_round_trip() {
    assert_eq!(parse_duration("43m12s"), Ok(2592.0));
    assert_eq!(parse_duration("1h"), Ok(3600.0));
    assert_eq!(parse_duration("1d 2h"), Ok(93_600.0));
    assert_eq!(parse_duration("90"), Ok(90.0));
    assert_eq!(parse_duration("250 ms"), Ok(0.25));
    assert_eq!(parse_duration("52.56 min"), Ok(52.56 * 60.0));
    assert!(parse_duration("").is_err());
    assert!(parse_duration("-5s").is_err());
    assert!(parse_duration("5 parsecs").is_err());
    assert!(parse_duration("h").is_err());
    for seconds in [0.25, 1.0, 59.9, 2592.0, 3153.6, 31_536.0, 93_600.5, 3_153_600.0] {
        let text = format_duration_compact(seconds);
        let back = parse_duration(&text).unwrap();
        assert!((back - seconds).abs() < 1e-6, "{seconds} -> {text} -> {back}");
    }
    assert_eq!(format_duration_compact(2592.0), "43m12s");
    assert_eq!(format_duration_compact(3600.0), "1h");
    // To the millisecond: a tiny budget is nothing, not a number its parser cannot read.
    assert_eq!(format_duration_compact(0.0004), "0s");
    assert_eq!(format_duration_compact(1.03e-73), "0s");
    assert_eq!(format_duration_compact(0.0006), "0.001s");
}

#[test]
fn data_values_are_clean_decimals() {
    assert_eq!(data_value(0.0005 * DAY), "43.2");
    assert_eq!(data_value((1.0 - 0.9995) * DAY), "43.2");
    assert_eq!(data_value(0.9995), "0.9995");
    assert_eq!(data_value(0.999 * 0.999), "0.998001");
    assert_eq!(data_value(f64::NAN), "");
}

#[test]
fn percentages_show_enough_digits_to_tell_nines_apart() {
    assert_eq!(format_percent(0.9995), "99.95 %");
    assert_eq!(format_percent(0.999), "99.9 %");
    assert_eq!(format_percent(0.999 * 0.999), "99.8001 %");
    assert_eq!(format_percent(1.0 - 0.001 * 0.001), "99.9999 %");
    assert_eq!(format_percent(0.970299), "97.03 %");
    assert_eq!(format_percent(0.9), "90 %");
}

#[test]
fn fixed_decimals_round_and_pad() {
    assert_eq!(fixed(3.30103, 2), "3.30");
    assert_eq!(fixed(3.0, 2), "3.00");
    assert_eq!(fixed(2.5, 0), "3");
    assert_eq!(fixed(-0.001, 2), "0.00");
    assert_eq!(fixed(99.949999, 4), "99.9500");
    assert_eq!(fixed(f64::NAN, 2), "NaN");
    assert_eq!(fixed(1e300, 2), trim(1e300));
}

#[test]
fn grouped_numbers_read_in_thousands() {
    for (value, text) in [
        (0.0, "0"),
        (999.0, "999"),
        (1_000.0, "1,000"),
        (40_000.0, "40,000"),
        (11_496.5, "11,496.5"),
        (-1_234_567.0, "-1,234,567"),
        (100_000.0, "100,000"),
        (0.25, "0.25"),
    ] {
        assert_eq!(grouped(value), text);
    }
}

#[test]
fn quantities_take_powers_of_ten_and_scales() {
    for (text, value) in [
        ("1e9", 1e9),
        ("2.5E6", 2_500_000.0),
        ("1,000,000", 1e6),
        ("10^9", 1e9),
        ("10⁹", 1e9),
        ("3 × 10^5", 300_000.0),
        ("3x10^5", 300_000.0),
        ("2 × 10⁻³", 0.002),
        ("10k", 10_000.0),
        ("2.5M", 2_500_000.0),
        ("2.5 m", 2_500_000.0),
        ("1B", 1e9),
        ("1 bn", 1e9),
        ("2T", 2e12),
        ("3 thousand", 3_000.0),
        ("1.5 Billion", 1.5e9),
        ("1e-3", 0.001),
        ("-0", 0.0),
        (" 42 ", 42.0),
    ] {
        assert_eq!(parse_quantity(text), Ok(value), "{text}");
    }
    // The scale is applied to the digits: 1.1 × 10⁶ is exactly 1,100,000 (1.1 × 1e6 in floats
    // is not).
    assert_eq!(parse_quantity("1.1M"), Ok(1_100_000.0));
    assert_eq!(parse_quantity("0.3k"), Ok(300.0));
    assert!(parse_quantity("-0").unwrap().is_sign_positive());
    assert_eq!(parse_quantity(""), Err(NumberError::Empty));
    assert!(matches!(parse_quantity("1,000"), Err(NumberError::Ambiguous(_))));
    for bad in
        ["NaN", "inf", "1e400", "1e", "e9", "1e99999", "310^5", "10^", "5%", "1kk", "1.2.3e4", "M", "5 apples", "1e9k9"]
    {
        assert!(matches!(parse_quantity(bad), Err(NumberError::NotANumber(_))), "{bad}: {:?}", parse_quantity(bad));
    }
}

#[test]
fn sizes_take_decimal_and_binary_units_but_not_bits() {
    for (text, bytes) in [
        ("200", 200.0),
        ("200 B", 200.0),
        ("200 bytes", 200.0),
        ("1 byte", 1.0),
        ("10 KB", 10_000.0),
        ("10kb", 10_000.0),
        ("1.5 MB", 1_500_000.0),
        ("2 GB", 2e9),
        ("2 TB", 2e12),
        ("1 PB", 1e15),
        ("4 KiB", 4_096.0),
        ("1 MiB", 1_048_576.0),
        ("1 GiB", 1_073_741_824.0),
        ("1e4", 10_000.0),
        ("10k", 10_000.0),
        ("1e3 KB", 1e6),
    ] {
        assert_eq!(parse_bytes(text), Ok(bytes), "{text}");
    }
    for bits in ["10 Mbit", "1 bit", "5 kbps", "5 KB/s", "8 bits"] {
        assert!(matches!(parse_bytes(bits), Err(NumberError::NotBytes(_))), "{bits}");
    }
    assert!(NumberError::NotBytes("10 Mbit".into()).to_string().contains("write one such as 200 B"));
    assert_eq!(parse_bytes(""), Err(NumberError::Empty));
    for bad in ["KB", "ten KB", "1 XB", "NaN B"] {
        assert!(matches!(parse_bytes(bad), Err(NumberError::NotANumber(_))), "{bad}");
    }
}

#[test]
fn sizes_rates_and_counts_read_with_prefixes() {
    for (bytes, text) in [
        (0.0, "0 B"),
        (0.5, "0.5 B"),
        (200.0, "200 B"),
        (10_000.0, "10 KB"),
        (999_960.0, "1 MB"),
        (2e12, "2 TB"),
        (730e12, "730 TB"),
        (2.19e15, "2.19 PB"),
        (3.65e30, "3,650,000 YB"),
    ] {
        assert_eq!(format_bytes(bytes), text);
    }
    assert_eq!(format_bytes(f64::NAN), "–");
    assert_eq!(format_bits(9_259_259_259.26), "9.26 Gbit/s");
    assert_eq!(format_bits(926e6), "926 Mbit/s");
    assert_eq!(format_bits(1_500.0), "1.5 kbit/s");
    assert_eq!(format_count(115_740.74), "115,741");
    assert_eq!(format_count(11.574), "11.6");
    assert_eq!(format_count(0.3858), "0.386");
    assert_eq!(format_count(1e10), "10,000,000,000");
    assert_eq!(superscript(12), "¹²");
    assert_eq!(superscript(-3), "⁻³");
    assert_eq!(superscript(0), "⁰");
}
