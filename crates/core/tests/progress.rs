//! Property tests of the progress record: any bytes, any text and any JSON-shaped value read
//! without a panic; what is read is valid and writes back to itself; merging is a union.

use proptest::prelude::*;
use tradeoffs_core::progress::{self, Outcome, Position, Progress};

fn slug() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z0-9-]{1,12}", Just("cdns".to_string()), any::<String>()]
}

fn check() -> impl Strategy<Value = String> {
    prop_oneof!["[1-9][0-9]{0,2}-[0-9a-f]{8}", any::<String>()]
}

fn record() -> impl Strategy<Value = Progress> {
    (
        prop::collection::vec(slug(), 0..8),
        prop::collection::vec(slug(), 0..8),
        prop::collection::vec((slug(), check(), any::<bool>()), 0..12),
        prop::option::of((slug(), "[a-z0-9-]{0,10}", any::<String>(), any::<f64>())),
    )
        .prop_map(|(opened, done, checks, last)| {
            let mut p = Progress::default();
            for s in &opened {
                p.open(s);
            }
            for s in &done {
                p.set_done(s, true);
            }
            for (s, c, right) in &checks {
                p.record(s, c, if *right { Outcome::Right } else { Outcome::Wrong });
            }
            if let Some(position) = last.and_then(|(l, h, t, o)| Position::new(&l, &h, &t, o)) {
                p.set_position(position);
            }
            p
        })
}

/// JSON-ish text: our format with hostile values in every place, and broken JSON.
fn hostile_json() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
        Just("\"right\"".to_string()),
        Just("1e400".to_string()),
        Just("-0".to_string()),
        Just("\"\\ud800\"".to_string()),
        "\"[a-z0-9<>\\-]{0,12}\"",
        "[0-9.eE+-]{1,8}",
        any::<String>().prop_map(|s| format!("{s:?}")),
    ];
    let list = prop::collection::vec(value.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(",")));
    let checks = prop::collection::vec(("[a-z0-9<-]{0,8}", "[0-9]{1,3}-[0-9a-fA-F]{7,9}", value.clone()), 0..6)
        .prop_map(|v| {
            let inner: Vec<String> = v.iter().map(|(l, c, o)| format!("{l:?}: {{{c:?}: {o}}}")).collect();
            format!("{{{}}}", inner.join(","))
        });
    let last = (value.clone(), value.clone(), value.clone(), value.clone())
        .prop_map(|(l, h, t, o)| format!(r#"{{"lesson": {l}, "heading": {h}, "title": {t}, "offset": {o}}}"#));
    let doc = (list.clone(), list, checks, prop_oneof![last, value.clone()], prop_oneof![Just("1".to_string()), value])
        .prop_map(|(o, d, c, l, v)| {
            format!(r#"{{"format": "tradeoffs-progress", "version": {v}, "opened": {o}, "done": {d}, "checks": {c}, "last": {l}}}"#)
        });
    prop_oneof![
        4 => doc.clone(),
        1 => (doc, 0..200usize).prop_map(|(d, cut)| d.chars().take(cut).collect()),
        1 => any::<String>(),
    ]
}

fn sorted<T>(list: &[T], key: impl Fn(&T) -> &str) -> bool {
    list.windows(2).all(|w| key(&w[0]) < key(&w[1]))
}

fn valid(p: &Progress) -> bool {
    sorted(&p.opened, String::as_str)
        && sorted(&p.done, String::as_str)
        && sorted(&p.checks, |(l, _)| l)
        && p.checks.iter().all(|(_, r)| !r.is_empty() && sorted(r, |(c, _)| c))
        && p.opened.iter().chain(&p.done).all(|s| progress::is_slug(s))
        && p.opened.len() <= progress::MAX_LESSONS
        && p.checks.iter().all(|(l, r)| {
            progress::is_slug(l) && r.len() <= progress::MAX_CHECKS && r.iter().all(|(c, _)| progress::is_check_id(c))
        })
        && p.last.as_ref().is_none_or(|l| progress::is_slug(&l.lesson) && (0.0..=1.0).contains(&l.offset))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_read_without_panic_and_what_is_read_is_valid(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(read) = Progress::from_bytes(&bytes) {
            prop_assert!(valid(&read.progress));
        }
    }

    #[test]
    fn hostile_json_reads_to_a_valid_record_that_writes_back_to_itself(text in hostile_json()) {
        if let Ok(read) = Progress::from_json(&text) {
            prop_assert!(valid(&read.progress));
            let again = Progress::from_json(&read.progress.to_json()).unwrap();
            prop_assert_eq!(again.skipped, 0);
            prop_assert_eq!(&again.progress, &read.progress);
        }
        let stored = Progress::from_storage(Some(&text), Some(&text));
        prop_assert!(valid(&stored));
    }

    #[test]
    fn records_round_trip_through_the_file_and_storage(p in record()) {
        prop_assert!(valid(&p));
        prop_assert_eq!(Progress::from_json(&p.to_json()).map(|r| r.progress), Ok(p.clone()));
        let (read, rest) = p.to_storage();
        prop_assert_eq!(Progress::from_storage(Some(&read), Some(&rest)), p);
    }

    #[test]
    fn merging_is_a_union_that_keeps_the_better_result(a in record(), b in record()) {
        let mut m = a.clone();
        m.merge(b.clone());
        prop_assert!(valid(&m));
        prop_assert!(a.opened.iter().chain(&b.opened).all(|s| m.is_opened(s)));
        prop_assert!(a.done.iter().chain(&b.done).all(|s| m.is_done(s)));
        for (lesson, results) in a.checks.iter().chain(&b.checks) {
            for (check, outcome) in results {
                prop_assert!(m.outcome(lesson, check) >= Some(*outcome));
            }
        }
        prop_assert_eq!(&m.last, if b.last.is_some() { &b.last } else { &a.last });
        // Merging the same record again changes nothing; merging into nothing gives it back.
        let mut twice = m.clone();
        twice.merge(b.clone());
        prop_assert_eq!(&twice, &m);
        let mut fresh = Progress::default();
        fresh.merge(a.clone());
        prop_assert_eq!(fresh, a);
    }
}

#[test]
fn a_huge_file_is_refused_quickly() {
    let mut text = String::from(r#"{"format": "tradeoffs-progress", "version": 1, "opened": ["#);
    while text.len() < progress::MAX_BYTES {
        text.push_str("\"aaaaaaaa\",");
    }
    text.push_str("\"a\"]}");
    assert_eq!(Progress::from_json(&text), Err(progress::ImportError::TooLarge));
    // Just under the limit, thousands of entries: read, capped, counted.
    let mut text = String::from(r#"{"format": "tradeoffs-progress", "version": 1, "opened": ["#);
    let mut n = 0;
    while text.len() < progress::MAX_BYTES - 100 {
        text.push_str(&format!("\"l{n}\","));
        n += 1;
    }
    text.push_str("\"a\"]}");
    let read = Progress::from_json(&text).unwrap();
    assert_eq!(read.progress.opened.len(), progress::MAX_LESSONS);
    assert_eq!(read.skipped, n + 1 - progress::MAX_LESSONS);
}
