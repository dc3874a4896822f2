//! Hostile input, measured: for every widget of the list, 100,000 address queries built from a
//! seeded generator (NaN, ±inf, huge and negative numbers, empty and very long values, Unicode,
//! markup, `%00`, broken escapes, repeated and unknown keys, and each key's real values with
//! their numbers swapped) go through the URL decoder, the widget's `from_query` and its model's
//! figures (`Widget::twin`). Nothing may panic; every refused value comes back as a problem with
//! a real key and a sentence; the state writes a query that reads back to it; every figure is
//! finite. Each test prints how many inputs it tried (`cargo test -- --nocapture`).

use tradeoffs_core::model;
use tradeoffs_core::model::query;
use tradeoffs_core::model::widget::{UrlState, Widget};

/// Inputs per widget (`HOSTILE_INPUTS` may set another count for a quick look).
fn inputs() -> usize {
    std::env::var("HOSTILE_INPUTS").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000)
}

/// SplitMix64: a small, seeded, reproducible source of choices.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Numbers written every way a link or a person could, most of them wrong.
const NUMBERS: &[&str] = &[
    "NaN",
    "nan",
    "-NaN",
    "inf",
    "-inf",
    "Infinity",
    "+Infinity",
    "1e308",
    "-1e308",
    "1e309",
    "1e-320",
    "4.9e-324",
    "-0",
    "0",
    "-1",
    "0.0000001",
    "4294967296",
    "18446744073709551616",
    "9007199254740993",
    "0x10",
    "1_000",
    "1,000,000",
    "1 000",
    "١٢٣",
    "½",
    "1e",
    "e5",
    ".",
    "-",
    "+",
    "--1",
    "1..2",
    "99.99999999999999999",
    "1e9",
    "2^64",
    "10^400",
    "1B",
    "1T",
    "5%",
    "%",
    "100%",
    "-100%",
];

/// Text meant to break a parser or a page.
const TEXTS: &[&str] = &[
    "",
    " ",
    "\t",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "%00",
    "\0",
    "%",
    "%zz",
    "%E2%80%AE",
    "\u{202e}99",
    "😀",
    "e\u{301}",
    "null",
    "undefined",
    "true",
    "[]",
    "{}",
    "x",
    ",",
    ",,,",
    "|",
    "1,2|3,,|",
    "w1:1,w1:1",
    "a=b&c=d",
    "&&&",
    "==",
    "+",
    "..",
    "../..",
    "javascript:alert(1)",
];

/// One value for `key`: a real value (the default's or a scenario's) with its numbers swapped,
/// a hostile number or text, a very long one, or pieces of these glued together.
fn value<S: UrlState>(rng: &mut Rng, key: &str) -> String {
    let real = || {
        let mut seeds: Vec<String> = S::presets().iter().filter_map(|p| S::preset(p)).map(|s| s.get(key)).collect();
        seeds.push(S::default().get(key));
        if key == "preset" {
            seeds.extend(S::presets().iter().map(|p| p.to_string()));
        }
        seeds
    };
    match rng.below(10) {
        0..=2 => {
            // A real value, each run of digits replaced by a hostile number.
            let seeds = real();
            let seed = rng.pick(&seeds).clone();
            let mut out = String::new();
            let mut in_number = false;
            for c in seed.chars() {
                if c.is_ascii_digit() || (in_number && c == '.') {
                    if !in_number {
                        out.push_str(rng.pick(NUMBERS));
                        in_number = true;
                    }
                } else {
                    in_number = false;
                    out.push(c);
                }
            }
            out
        }
        3 => rng.pick(&real()).clone(),
        4 | 5 => rng.pick(NUMBERS).to_string(),
        6 | 7 => rng.pick(TEXTS).to_string(),
        8 => {
            // Very long: a number or a list repeated.
            let piece = if rng.below(2) == 0 { rng.pick(NUMBERS).to_string() } else { rng.pick(&real()).clone() };
            let times = [10, 1_000, 20_000][rng.below(3)];
            let sep = *rng.pick(&["", ",", "|", "x"]);
            vec![piece; times].join(sep)
        }
        _ => {
            // Random bytes as text, and a random float.
            let len = rng.below(24);
            let s: String = (0..len).filter_map(|_| char::from_u32(rng.next() as u32 % 0x3_0000)).collect();
            if rng.below(2) == 0 { s } else { f64::from_bits(rng.next()).to_string() }
        }
    }
}

/// A query as it arrives in an address: real keys (some repeated), unknown ones, escapes.
fn raw_query<S: UrlState>(rng: &mut Rng) -> String {
    let pairs = rng.below(12);
    let mut parts = Vec::with_capacity(pairs);
    for _ in 0..pairs {
        let key = match rng.below(10) {
            0 => rng.pick(TEXTS).to_string(),
            _ => rng.pick(S::KEYS).to_string(),
        };
        let value = value::<S>(rng, &key);
        parts.push(match rng.below(4) {
            // As a browser writes it,
            0 | 1 => query::encode(&[(key, value)]),
            // raw, or with a broken escape or no `=`.
            2 => format!("{key}={value}"),
            _ => format!("{key}%{}", value.chars().take(3).collect::<String>()),
        });
    }
    parts.join(if rng.below(5) == 0 { "&&" } else { "&" })
}

/// No figure of the model's table is NaN or infinite.
fn finite(cells: &[String]) -> bool {
    cells.iter().all(|c| {
        let lower = c.to_ascii_lowercase();
        !lower.contains("nan") && !lower.contains("inf") && !c.contains('∞')
    })
}

fn hostile<S: Widget>(seed: u64) {
    let mut rng = Rng(seed);
    let mut refused = 0usize;
    let count = inputs();
    for i in 0..count {
        let raw = raw_query::<S>(&mut rng);
        let shown: String = raw.chars().take(300).collect();
        let pairs = query::decode(&raw);
        let (state, problems) = S::from_query(&pairs);
        refused += problems.len();
        for p in &problems {
            assert!(S::KEYS.contains(&p.key.as_str()) || !p.message.is_empty(), "input {i} {shown:?}: {p:?}");
            assert!(!p.message.trim().is_empty(), "input {i} {shown:?}: a problem with no message");
        }
        let written = state.to_query();
        let (again, problems) = S::from_query(&written);
        assert!(problems.is_empty(), "input {i} {shown:?} wrote {written:?}, which reads with {problems:?}");
        assert!(again == state, "input {i} {shown:?}: the state does not read back from {written:?}");
        if let Some(t) = state.twin() {
            let cells: Vec<String> = t.rows.into_iter().flatten().chain(t.head).chain([t.caption]).collect();
            assert!(finite(&cells), "input {i} {shown:?}: a figure is not finite: {cells:?}");
        }
    }
    println!("hostile inputs, {}: {count} tried, {refused} values refused with a message, 0 failures", S::ID);
}

macro_rules! hostile_tests {
    ($( $(#[$attr:meta])* $Kind:ident $module:ident $State:ident, )*) => {
        $(
            $(#[$attr])*
            #[test]
            fn $module() {
                hostile::<model::$module::$State>(0x7EAD_0FF5 ^ stringify!($module).len() as u64);
            }
        )*
    };
}

mod hostile_inputs {
    use super::*;
    tradeoffs_core::for_each_widget!(hostile_tests);
}
