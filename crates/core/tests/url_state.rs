//! Every widget's URL state, tested the same way and from the list of widgets: keys drawn from
//! the widget's real key list, values from per-key strategies (the values the key takes in the
//! default state and in every scenario, the same with other numbers, pieces of them, and
//! hostile text). A state read from any query writes a query that reads back to it; a value
//! the model refuses changes nothing; a value it takes writes back as itself.

use proptest::prelude::*;
use tradeoffs_core::model;
use tradeoffs_core::model::widget::UrlState;

/// The values a key is known to take: in the default state and in every scenario (for
/// `preset`, the scenarios' names).
fn seeds<S: UrlState>(key: &str) -> Vec<String> {
    let mut seeds: Vec<String> = if key == "preset" {
        S::presets().iter().map(|p| p.to_string()).collect()
    } else {
        let scenarios = S::presets().into_iter().filter_map(S::preset);
        std::iter::once(S::default()).chain(scenarios).map(|s| s.get(key)).collect()
    };
    seeds.push(String::new());
    seeds.sort();
    seeds.dedup();
    seeds
}

/// Numbers as people and links write them, in and out of every range.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..12).prop_map(|n| n.to_string()),
        (0u32..1_000_000).prop_map(|n| n.to_string()),
        (0.0..100.0f64).prop_map(|x| format!("{x:.3}")),
        (-1e6..1e9f64).prop_map(|x| x.to_string()),
        prop::sample::select(vec!["0", "-0", "-5", "1e9", "99.999", "0.5", "NaN", "inf", "1e400", ""])
            .prop_map(str::to_string),
    ]
}

/// `seed` with each number in it replaced, in turn, by one of `numbers`.
fn renumber(seed: &str, numbers: &[String]) -> String {
    let mut out = String::new();
    let mut next = numbers.iter().cycle();
    let mut in_number = false;
    for c in seed.chars() {
        if c.is_ascii_digit() || (in_number && c == '.') {
            if !in_number {
                out.push_str(next.next().map(String::as_str).unwrap_or(""));
                in_number = true;
            }
        } else {
            in_number = false;
            out.push(c);
        }
    }
    out
}

/// Text meant to break a parser or a page.
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::sample::select(vec![
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>",
            "%00",
            "&amp;",
            "1,2|3,,|",
            "w1:1,w1:1,w1:1",
            "\u{202e}99",
            " 99.9 ",
        ])
        .prop_map(str::to_string),
    ]
}

/// A value for `key`, from that key's own strategy.
fn value<S: UrlState + 'static>(key: &str) -> BoxedStrategy<String> {
    let seeds = seeds::<S>(key);
    prop_oneof![
        3 => prop::sample::select(seeds.clone()),
        4 => (prop::sample::select(seeds.clone()), prop::collection::vec(number(), 1..4))
            .prop_map(|(seed, numbers)| renumber(&seed, &numbers)),
        1 => (prop::sample::select(seeds), any::<prop::sample::Index>()).prop_map(|(seed, at)| {
            let cut = seed.char_indices().map(|(i, _)| i).nth(at.index(seed.chars().count().max(1))).unwrap_or(0);
            seed[..cut].to_string()
        }),
        1 => hostile(),
    ]
    .boxed()
}

/// One pair of a query: a real key and a value from its strategy.
fn pair<S: UrlState + 'static>() -> impl Strategy<Value = (String, String)> {
    prop::sample::select(S::KEYS).prop_flat_map(|key| (Just(key.to_string()), value::<S>(key)))
}

macro_rules! url_state_tests {
    ($( $(#[$attr:meta])* $Kind:ident $module:ident $State:ident, )*) => {
        $(
            $(#[$attr])*
            mod $module {
                use super::*;
                use model::$module::$State as S;

                #[test]
                fn the_strategies_reach_every_key_and_known_values() {
                    assert!(S::KEYS.len() >= 2);
                    for key in S::KEYS {
                        assert!(!seeds::<S>(key).is_empty(), "{key}");
                    }
                    // A known value of every key is taken, with no problem.
                    for key in S::KEYS.iter().filter(|k| **k != "preset") {
                        let value = S::default().get(key);
                        assert_eq!(S::default().with(key, &value), Ok(S::default()), "{key}={value}");
                    }
                }

                proptest! {
                    #![proptest_config(ProptestConfig::with_cases(400))]

                    #[test]
                    fn any_query_reads_to_a_state_that_writes_itself_back(
                        pairs in prop::collection::vec(pair::<S>(), 0..10)
                    ) {
                        let (state, problems) = S::from_query(&pairs);
                        for p in &problems {
                            // (A scenario's script may not fit the nodes given: `ops` is then named
                            // though only `preset` and `nodes` were.)
                            prop_assert!(S::KEYS.contains(&p.key.as_str()), "a problem with no real key: {:?}", p);
                        }
                        let written = state.to_query();
                        for (key, _) in &written {
                            prop_assert!(S::KEYS.contains(key), "{} is no key", key);
                        }
                        let (again, problems) = S::from_query(&written);
                        prop_assert!(problems.is_empty(), "{:?} from {:?}", problems, written);
                        prop_assert_eq!(again, state);
                    }

                    #[test]
                    fn one_value_is_taken_and_written_back_or_refused_with_nothing_changed(
                        pairs in prop::collection::vec(pair::<S>(), 0..6),
                        (key, text) in pair::<S>(),
                    ) {
                        let (state, _) = S::from_query(&pairs);
                        let mut changed = state.clone();
                        let taken = changed.set(&key, &text);
                        if let Err(message) = &taken {
                            prop_assert!(!message.is_empty());
                        }
                        if key == "preset" {
                            return Ok(());
                        }
                        // No other field changed (a refused value may leave a list with the
                        // items that could be read, never more).
                        for other in S::KEYS.iter().filter(|k| **k != key && **k != "preset") {
                            prop_assert_eq!(changed.get(other), state.get(other), "{}={:?} changed {}", key, text, other);
                        }
                        // What the field now holds writes back as itself.
                        let written = changed.get(&key);
                        prop_assert_eq!(changed.with(&key, &written), Ok(changed.clone()), "{}={:?} wrote {:?}", key, text, written);

                    }
                }
            }
        )*
    };
}
tradeoffs_core::for_each_widget!(url_state_tests);
