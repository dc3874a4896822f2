//! Small value helpers shared by the widget models: parsing user numbers and durations, and
//! formatting durations and figures the way the widgets show them.
//!
//! Everything here is total: any `&str` or `f64` goes in, a value or a typed error comes out.

use std::fmt;

/// Seconds in a minute, an hour and a day.
pub const MINUTE: f64 = 60.0;
/// Seconds in an hour.
pub const HOUR: f64 = 3_600.0;
/// Seconds in a day.
pub const DAY: f64 = 86_400.0;

/// Why a piece of user input could not be read as a number.
#[derive(Clone, Debug, PartialEq)]
pub enum NumberError {
    /// Nothing was typed.
    Empty,
    /// The text is not a decimal number (letters, two dots, `NaN`, `inf`, …).
    NotANumber(String),
    /// A comma that could be a decimal comma or a thousands separator (`1,000`).
    Ambiguous(String),
    /// Bits or a rate where a size in bytes was asked for (`10 Mbit`, `5 KB/s`).
    NotBytes(String),
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberError::Empty => write!(f, "enter a number"),
            NumberError::NotANumber(text) => write!(f, "“{}” is not a number", clip(text)),
            NumberError::Ambiguous(text) => write!(
                f,
                "“{}” is ambiguous: write decimals with a point (1.5) and thousands without a separator (1000)",
                clip(text)
            ),
            NumberError::NotBytes(text) => write!(
                f,
                "“{}” is not a size in bytes: write one such as 200 B, 10 KB, 1.5 MB or 4 KiB (1 byte = 8 bits)",
                clip(text)
            ),
        }
    }
}

/// Parses a plain decimal number as a person types it: surrounding spaces, a leading `+` or
/// `-`, a trailing `%`, `_` between digits, and commas. A comma is a decimal comma (`99,9`,
/// `1,5`) unless it groups thousands (`1,000,000` or `1,000.5`); a lone comma followed by
/// exactly three digits (`1,000`, `99,999`) could be either, and is refused as ambiguous.
/// `NaN`, infinities and exponents are refused, so every accepted value is finite.
pub fn parse_number(text: &str) -> Result<f64, NumberError> {
    normalize_number(text)?.parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| not_a_number(text))
}

/// The plain decimal (`-1234.5`) that [`parse_number`] reads from `text`.
pub fn normalize_number(text: &str) -> Result<String, NumberError> {
    let trimmed = text.trim().trim_end_matches('%').trim_end();
    if trimmed.is_empty() {
        return Err(NumberError::Empty);
    }
    if trimmed.len() > 200 {
        return Err(not_a_number(text));
    }
    let (sign, body) = match trimmed.strip_prefix(['+', '-']) {
        Some(rest) => (if trimmed.starts_with('-') { "-" } else { "" }, rest),
        None => ("", trimmed),
    };
    let body = body.replace('_', "");
    let commas = body.matches(',').count();
    let body = if commas == 0 {
        body
    } else if body.contains('.') || commas > 1 {
        // Thousands separators: every group after a comma has exactly three digits.
        let int = body.split('.').next().unwrap_or("");
        let groups: Vec<&str> = int.split(',').collect();
        if groups[1..].iter().any(|g| g.len() != 3) || groups[0].is_empty() {
            return Err(not_a_number(text));
        }
        body.replace(',', "")
    } else {
        let after = body.split(',').nth(1).unwrap_or("");
        if after.len() == 3 {
            return Err(NumberError::Ambiguous(text.trim().to_string()));
        }
        body.replace(',', ".")
    };
    let digits = body.chars().filter(char::is_ascii_digit).count();
    let dots = body.chars().filter(|c| *c == '.').count();
    if digits == 0 || dots > 1 || !body.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(not_a_number(text));
    }
    Ok(format!("{sign}{body}"))
}

fn not_a_number(text: &str) -> NumberError {
    NumberError::NotANumber(text.trim().to_string())
}

/// Parses a count as people write large numbers: what [`parse_number`] reads (except `%`), and
/// also a power of ten (`1e9`, `2.5E6`, `10^9`, `10⁹`, `3 × 10^5`) and a scale after the
/// number (`10k`, `2.5M`, `1B` or `1bn`, `2T`, or the words `thousand`, `million`, `billion`,
/// `trillion`). Letters are read in any case: `m` is a million, never a thousandth. The power
/// is applied to the decimal digits before the one conversion to a float, so `1.1M` is exactly
/// 1,100,000 and `10⁹` exactly 1,000,000,000. `-0` reads as 0.
pub fn parse_quantity(text: &str) -> Result<f64, NumberError> {
    let (digits, exponent) = decimal_parts(text)?;
    scaled(text, &digits, exponent)
}

/// Scales after a number, longest first: the text and the power of ten.
const SCALES: [(&str, i32); 9] = [
    ("thousand", 3),
    ("trillion", 12),
    ("million", 6),
    ("billion", 9),
    ("bn", 9),
    ("k", 3),
    ("m", 6),
    ("b", 9),
    ("t", 12),
];

/// A quantity as a plain decimal (what [`normalize_number`] writes) and a power of ten.
fn decimal_parts(text: &str) -> Result<(String, i32), NumberError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(NumberError::Empty);
    }
    if trimmed.len() > 200 || trimmed.contains('%') {
        return Err(not_a_number(text));
    }
    let (body, scale) = SCALES
        .iter()
        .find_map(|&(s, e)| strip_suffix_any_case(trimmed, s).map(|rest| (rest, e)))
        .unwrap_or((trimmed, 0));
    let body = superscripts_as_caret(body);
    let (mantissa, power) = if let Some((before, power)) = body.split_once("10^") {
        let before = before.trim_end();
        let mantissa = if before.is_empty() {
            "1"
        } else {
            before.strip_suffix(['×', 'x', 'X', '*', '·']).ok_or_else(|| not_a_number(text))?.trim_end()
        };
        (mantissa, Some(power))
    } else if let Some((mantissa, power)) = body.split_once(['e', 'E']) {
        (mantissa, Some(power))
    } else {
        (body.as_str(), None)
    };
    let power = match power {
        None => 0,
        Some(p) => {
            let p = p.trim();
            let digits = p.strip_prefix(['+', '-']).unwrap_or(p);
            if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(not_a_number(text));
            }
            p.parse::<i32>().map_err(|_| not_a_number(text))?
        }
    };
    if mantissa.is_empty() {
        return Err(not_a_number(text));
    }
    let plain = normalize_number(mantissa).map_err(|e| match e {
        NumberError::Ambiguous(_) => NumberError::Ambiguous(text.trim().to_string()),
        _ => not_a_number(text),
    })?;
    Ok((plain, power + scale))
}

/// `digits × 10^exponent` as the nearest float, or why not (too large).
fn scaled(text: &str, digits: &str, exponent: i32) -> Result<f64, NumberError> {
    format!("{digits}e{exponent}")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        // Adding 0 turns −0 into 0.
        .map(|v| v + 0.0)
        .ok_or_else(|| not_a_number(text))
}

/// `text` without `suffix` (ASCII, in any case) at its end, trimmed; `None` when it does not end
/// so.
fn strip_suffix_any_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = text.len().checked_sub(suffix.len())?;
    let tail = text.get(cut..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| text[..cut].trim_end())
}

const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/// A trailing run of superscript digits written with a caret (`10⁻³` → `10^-3`).
fn superscripts_as_caret(text: &str) -> String {
    let is_super = |c: char| SUPERSCRIPTS.contains(&c) || c == '⁻' || c == '⁺';
    let Some(start) = text.find(is_super) else {
        return text.to_string();
    };
    let mut out = format!("{}^", &text[..start]);
    for c in text[start..].chars() {
        out.push(match c {
            '⁻' => '-',
            '⁺' => '+',
            c => SUPERSCRIPTS.iter().position(|s| *s == c).map_or(c, |d| char::from(b'0' + d as u8)),
        });
    }
    out
}

/// `n` in superscript digits (`-3` → `⁻³`), for powers of ten.
pub fn superscript(n: i32) -> String {
    let mut out = String::new();
    if n < 0 {
        out.push('⁻');
    }
    for b in n.unsigned_abs().to_string().bytes() {
        out.push(SUPERSCRIPTS[usize::from(b - b'0')]);
    }
    out
}

/// Byte units, longest first: the text, its power of ten and its power of 1,024.
const BYTE_UNITS: [(&str, i32, i32); 13] = [
    ("bytes", 0, 0),
    ("byte", 0, 0),
    ("kib", 0, 1),
    ("mib", 0, 2),
    ("gib", 0, 3),
    ("tib", 0, 4),
    ("pib", 0, 5),
    ("kb", 3, 0),
    ("mb", 6, 0),
    ("gb", 9, 0),
    ("tb", 12, 0),
    ("pb", 15, 0),
    ("b", 0, 0),
];

/// Parses a size in bytes: a quantity ([`parse_quantity`]: `1.5`, `1e4`, `10k`) with an optional
/// unit in any case, `B` or `bytes`, decimal `KB` `MB` `GB` `TB` `PB` (powers of 1,000) or binary
/// `KiB` `MiB` `GiB` `TiB` `PiB` (powers of 1,024). A bare number is bytes. Bits and rates
/// (`Mbit`, `kbps`, `KB/s`) are refused with [`NumberError::NotBytes`].
pub fn parse_bytes(text: &str) -> Result<f64, NumberError> {
    let trimmed = text.trim();
    let lower = trimmed.to_ascii_lowercase();
    if ["bit", "bps", "/s"].iter().any(|w| lower.contains(w)) {
        return Err(NumberError::NotBytes(trimmed.to_string()));
    }
    let (number, decimal, binary) = BYTE_UNITS
        .iter()
        .find_map(|&(unit, d, b)| strip_suffix_any_case(trimmed, unit).map(|rest| (rest, d, b)))
        .unwrap_or((trimmed, 0, 0));
    if number.is_empty() && !trimmed.is_empty() {
        return Err(not_a_number(text));
    }
    let (digits, exponent) = decimal_parts(number)?;
    let bytes = scaled(text, &digits, exponent + decimal)? * 1024f64.powi(binary);
    if bytes.is_finite() { Ok(bytes) } else { Err(not_a_number(text)) }
}

/// Powers of 1,000 up to 10²⁴, as exact literals.
const THOUSANDS: [f64; 9] = [1.0, 1e3, 1e6, 1e9, 1e12, 1e15, 1e18, 1e21, 1e24];

/// `value` with a decimal prefix and three significant digits, the prefix chosen after the
/// rounding (999.96 KB is `1 MB`); `prefixes` has nine entries, from none to yotta.
fn with_prefix(value: f64, unit: &str, prefixes: [&str; 9]) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    if value < 0.0 {
        return format!("−{}", with_prefix(-value, unit, prefixes));
    }
    let rounded = significant(value, 3);
    let i = THOUSANDS.iter().rposition(|t| rounded >= *t).unwrap_or(0);
    format!("{} {}{unit}", grouped(significant(value / THOUSANDS[i], 3)), prefixes[i])
}

/// A size in bytes for reading, with a decimal prefix and three significant digits: `200 B`,
/// `10 KB`, `2 TB`, `2.19 PB` (1 KB = 1,000 bytes).
pub fn format_bytes(bytes: f64) -> String {
    with_prefix(bytes, "B", ["", "K", "M", "G", "T", "P", "E", "Z", "Y"])
}

/// A rate in bits per second for reading, with a decimal prefix and three significant digits:
/// `926 Mbit/s`, `9.26 Gbit/s`.
pub fn format_bits(bits_per_second: f64) -> String {
    with_prefix(bits_per_second, "bit/s", ["", "k", "M", "G", "T", "P", "E", "Z", "Y"])
}

/// A count for reading: whole and grouped from 100 up (`115,741`), three significant digits
/// below (`11.6`, `0.386`).
pub fn format_count(value: f64) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    if value.abs() >= 100.0 { grouped(value.round()) } else { grouped(significant(value, 3)) }
}

/// Why a duration such as `43m12s` could not be read.
#[derive(Clone, Debug, PartialEq)]
pub enum DurationError {
    /// Nothing was typed.
    Empty,
    /// The text does not follow the `1h 30m 5s` pattern.
    Malformed(String),
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DurationError::Empty => write!(f, "enter a duration such as 43m12s or 1h"),
            DurationError::Malformed(text) => {
                write!(f, "“{}” is not a duration: write numbers with units d, h, m, s or ms, e.g. 43m12s", clip(text))
            }
        }
    }
}

/// Parses a duration written as numbers with units: `d`, `h`, `m` or `min`, `s`, `ms`
/// (e.g. `1h`, `43m12s`, `52.56 min`, `1d 2h`). A bare number means seconds. The result is in
/// seconds, finite and not negative.
pub fn parse_duration(text: &str) -> Result<f64, DurationError> {
    let src = text.trim();
    if src.is_empty() {
        return Err(DurationError::Empty);
    }
    let malformed = || DurationError::Malformed(src.to_string());
    if let Ok(seconds) = parse_number(src) {
        return if seconds >= 0.0 { Ok(seconds) } else { Err(malformed()) };
    }
    let mut total = 0.0;
    let mut rest = src;
    let mut parts = 0;
    while !rest.is_empty() {
        rest = rest.trim_start();
        let num_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        if num_len == 0 || num_len > 30 {
            return Err(malformed());
        }
        let value: f64 = rest[..num_len].parse().map_err(|_| malformed())?;
        rest = rest[num_len..].trim_start();
        let unit_len = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
        let scale = match rest[..unit_len].to_ascii_lowercase().as_str() {
            "d" | "day" | "days" => DAY,
            "h" | "hr" | "hrs" | "hour" | "hours" => HOUR,
            "m" | "min" | "mins" | "minute" | "minutes" => MINUTE,
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            "ms" => 0.001,
            _ => return Err(malformed()),
        };
        rest = &rest[unit_len..];
        total += value * scale;
        parts += 1;
        if parts > 8 {
            return Err(malformed());
        }
    }
    if total.is_finite() { Ok(total) } else { Err(malformed()) }
}

/// Formats a duration in seconds for people: `8 h 45 min 36 s`, `43 min 12 s`, `8.64 s`,
/// `864 ms`. Values of a day or more are rounded to the minute, values of an hour or more to
/// a tenth of a second, smaller ones to three significant digits.
pub fn format_duration(seconds: f64) -> String {
    if !seconds.is_finite() {
        return if seconds > 0.0 { "forever".into() } else { "–".into() };
    }
    if seconds < 0.0 {
        return format!("−{}", format_duration(-seconds));
    }
    if seconds == 0.0 {
        return "0 s".into();
    }
    if seconds >= 1e12 {
        return format!("{} years", significant(seconds / (365.0 * DAY), 3));
    }
    if seconds >= DAY {
        let minutes = (seconds / MINUTE).round() as u64;
        let (d, h, m) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
        return join(&[(d as f64, "d"), (h as f64, "h"), (m as f64, "min")]);
    }
    if seconds >= MINUTE {
        let tenths = (seconds * 10.0).round() as u64;
        let (h, m) = (tenths / 36_000, tenths / 600 % 60);
        let s = (tenths % 600) as f64 / 10.0;
        return join(&[(h as f64, "h"), (m as f64, "min"), (s, "s")]);
    }
    if seconds >= 1.0 {
        let rounded = significant(seconds, 3);
        // 59.96 s rounds up to a whole minute: say so rather than "60 s".
        return if rounded >= MINUTE { "1 min".into() } else { format!("{} s", trim(rounded)) };
    }
    if seconds >= 1e-3 {
        return format!("{} ms", trim(significant(seconds * 1e3, 3)));
    }
    if seconds >= 1e-6 {
        return format!("{} µs", trim(significant(seconds * 1e6, 3)));
    }
    format!("{} ns", trim(significant(seconds * 1e9, 3)))
}

/// Formats a duration in seconds, to the millisecond, in the compact form the URLs use
/// (`43m12s`, `1h`, `2d3h`; less than half a millisecond is `0s`);
/// [`parse_duration`] reads it back.
pub fn format_duration_compact(seconds: f64) -> String {
    if !seconds.is_finite() || seconds <= 0.0 {
        return "0s".into();
    }
    let millis = (seconds * 1000.0).round();
    // To the millisecond: less than half of one is nothing.
    if millis < 1.0 {
        return "0s".into();
    }
    if millis >= 1e15 {
        return format!("{}s", trim(significant(seconds, 12)));
    }
    let millis = millis as u64;
    let d = millis / 86_400_000;
    let h = millis / 3_600_000 % 24;
    let m = millis / 60_000 % 60;
    let ms = millis % 60_000;
    let mut out = String::new();
    for (value, unit) in [(d, "d"), (h, "h"), (m, "m")] {
        if value > 0 {
            out.push_str(&format!("{value}{unit}"));
        }
    }
    if ms > 0 {
        out.push_str(&format!("{}s", trim(ms as f64 / 1000.0)));
    }
    out
}

/// Rounds `value` to `digits` significant digits (finite input; 0 stays 0).
pub fn significant(value: f64, digits: i32) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let magnitude = value.abs().log10().floor() as i32;
    let scale = 10f64.powi(digits - 1 - magnitude);
    if !scale.is_finite() || scale == 0.0 {
        return value;
    }
    let rounded = (value * scale).round() / scale;
    if rounded.is_finite() { rounded } else { value }
}

/// The exact figure written into a `data-value` attribute: 12 significant digits, no
/// trailing zeros, plain decimal notation for everyday magnitudes (`43.2`, `0.9995`).
pub fn data_value(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    trim(significant(value, 12))
}

/// Shortest decimal text for a finite `f64` (`99.95`, `1`, `0.0001`). Rust prints floats in
/// plain decimal notation, never with an exponent.
pub fn trim(value: f64) -> String {
    format!("{value}")
}

/// `value` with exactly `decimals` digits after the point (`fixed(3.30103, 2)` = `3.30`).
/// Rounds, then prints the shortest form and pads: one float printer in the bundle, not two.
pub fn fixed(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return trim(value);
    }
    let scale = 10f64.powi(decimals as i32);
    let rounded = (value * scale).round() / scale;
    if !rounded.is_finite() || rounded.abs() >= 1e15 {
        return trim(value.round());
    }
    let mut text = trim(if rounded == 0.0 { 0.0 } else { rounded });
    if decimals > 0 {
        let have = text.split_once('.').map_or(0, |(_, f)| f.len());
        if have == 0 {
            text.push('.');
        }
        text.extend(std::iter::repeat_n('0', decimals.saturating_sub(have)));
    }
    text
}

/// A number for reading, its whole part in groups of three (`40000` → `40,000`,
/// `11496.5` → `11,496.5`); not for inputs or `data-value`, which stay plain.
pub fn grouped(value: f64) -> String {
    let text = trim(value);
    let (sign, rest) = text.strip_prefix('-').map_or(("", text.as_str()), |r| ("-", r));
    let (whole, frac) = rest.split_once('.').map_or((rest, None), |(w, f)| (w, Some(f)));
    let mut out = String::from(sign);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A percentage for display with enough digits to tell the nines apart
/// (`99.95 %`, `99.9999 %`, `97.03 %`).
pub fn format_percent(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "–".into();
    }
    let percent = fraction * 100.0;
    let gap = 100.0 - percent;
    // Show three digits beyond the first non-nine digit, at most 10 decimals.
    let decimals = if gap <= 0.0 { 0 } else { ((-gap.log10()).ceil() as i32 + 3).clamp(2, 10) as usize };
    let text = fixed(percent, decimals);
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text };
    format!("{text} %")
}

fn join(parts: &[(f64, &str)]) -> String {
    let shown: Vec<String> =
        parts.iter().filter(|(v, _)| *v > 0.0).map(|(v, unit)| format!("{} {unit}", trim(*v))).collect();
    if shown.is_empty() { "0 s".into() } else { shown.join(" ") }
}

fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(24).collect();
    if text.chars().count() > 24 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests;
