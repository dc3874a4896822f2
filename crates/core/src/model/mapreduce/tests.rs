use std::collections::BTreeMap;

use super::*;
use crate::model::query::ParamProblem;
use proptest::prelude::*;

fn state(text: &str, mappers: u32, reducers: u32, fail: Option<u32>) -> MapReduceState {
    MapReduceState { text: text.to_string(), mappers, reducers, fail }
}

/// The reference: a plain word count over the whole text, no splits, no shuffle. Its own
/// tokenizer walks the characters one by one, closing a word at each character that is not
/// alphanumeric, and lower-cases the word it closes.
fn plain_count(text: &str) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() {
            word.push(c);
        } else if !word.is_empty() {
            *counts.entry(word.to_lowercase()).or_insert(0) += 1;
            word.clear();
        }
    }
    counts
}

fn output_map(run: &Run) -> BTreeMap<String, u64> {
    run.output().into_iter().collect()
}

#[test]
fn fnv1a_matches_the_published_test_vectors() {
    // From the FNV reference test suite (Fowler, Noll, Vo): "" → 0x811c9dc5, "a" → 0xe40c292c,
    // "foobar" → 0xbf9cf968.
    assert_eq!(fnv1a(b""), 0x811c_9dc5);
    assert_eq!(fnv1a(b"a"), 0xe40c_292c);
    assert_eq!(fnv1a(b"foobar"), 0xbf9c_f968);
    // "a" → 0xe40c292c = 3,826,002,220; mod 2 = 0, mod 3: digit sum 3+8+2+6+0+0+2+2+2+0 = 25,
    // 25 mod 3 = 1.
    assert_eq!(reducer_of("a", 2), 0);
    assert_eq!(reducer_of("a", 3), 1);
}

#[test]
fn words_are_cut_at_non_alphanumerics_and_lower_cased() {
    assert_eq!(words("To be, or not to be"), ["to", "be", "or", "not", "to", "be"]);
    // Non-ASCII letters stay inside words; the em dash and the semicolon cut.
    assert_eq!(words("Café CAFÉ café; naïve—NAÏVE 東京"), ["café", "café", "café", "naïve", "naïve", "東京"]);
    // Digits are word characters, Arabic-Indic ones too; apostrophes and hyphens cut.
    assert_eq!(words("Route 66 isn't e-mail ٣"), ["route", "66", "isn", "t", "e", "mail", "٣"]);
    // İ (U+0130) lower-cases to i + U+0307, a combining mark: cut first, so one word stays one.
    assert_eq!(words("İstanbul"), ["i\u{307}stanbul"]);
    // Markup is only letters and punctuation.
    assert_eq!(words("<script>alert(1)</script>"), ["script", "alert", "1", "script"]);
    assert!(words("").is_empty());
    assert!(words("…!!! --- \u{202e}\u{0} \n\t").is_empty());
}

#[test]
fn splits_are_contiguous_and_nearly_equal() {
    // 10 words over 3: 10 = 3 × 3 + 1, so the first split takes 4, the others 3.
    assert_eq!(split_ranges(10, 3), [0..4, 4..7, 7..10]);
    // 24 over 2: 12 and 12.
    assert_eq!(split_ranges(24, 2), [0..12, 12..24]);
    // 2 over 5: two splits of one word, three empty.
    assert_eq!(split_ranges(2, 5), [0..1, 1..2, 2..2, 2..2, 2..2]);
    assert_eq!(split_ranges(0, 1), vec![0..0]);
}

#[test]
fn hamlet_counted_by_hand() {
    // to be or not to be that is the question: 10 words, so 10 pairs. Distinct: to, be, or,
    // not, that, is, the, question = 8. be and to twice each: the tie goes to "be".
    let run = MapReduceState::default().run();
    assert_eq!(run.pairs(), 10);
    assert_eq!(run.keys(), 8);
    assert_eq!(run.top_text(), "be:2");
    // Splits of 4, 3, 3: [to be or not] [to be that] [is the question], all distinct within
    // each split, so a combiner saves nothing here: 4 + 3 + 3 = 10.
    assert_eq!(run.maps.iter().map(|m| m.split.clone()).collect::<Vec<_>>(), [0..4, 4..7, 7..10]);
    assert_eq!(run.combined_pairs(), 10);
    assert_eq!(run.lost_pairs(), 0);
}

#[test]
fn a_failed_mapper_is_run_again_and_changes_nothing() {
    // Mapper 2's split is [to be that]: its first attempt dies after ⌊3 / 2⌋ = 1 pair.
    let failed = Preset::Failure.state().run();
    assert_eq!(failed.maps[1].lost, Some(1));
    assert_eq!(failed.lost_pairs(), 1);
    assert_eq!(failed.maps[1].to.iter().sum::<usize>(), 3);
    let clean = Preset::Hamlet.state().run();
    assert_eq!(failed.reduces, clean.reduces);
    assert_eq!((failed.pairs(), failed.keys(), failed.top_text()), (10, 8, "be:2".to_string()));
}

#[test]
fn dickens_counted_by_hand() {
    // It was the best of times (6), it was the worst of times (12), it was the age of wisdom
    // (18), it was the age of foolishness (24): 24 pairs. it, was, the, of 4 times each; times
    // and age twice; best, worst, wisdom, foolishness once: 10 distinct words, 4 × 4 + 2 × 2 +
    // 4 = 24. The tie of four goes to "it" (i < o < t < w).
    let s = Preset::Dickens.state();
    let run = s.run();
    assert_eq!((run.pairs(), run.keys(), run.top_text()), (24, 10, "it:4".to_string()));
    // Splits of 12: [it was the best of times it was the worst of times] has 7 distinct words
    // (it was the best of times worst), the second 7 too (it was the age of wisdom
    // foolishness): a combiner sends 14 pairs instead of 24.
    assert_eq!(run.maps.iter().map(|m| m.distinct).collect::<Vec<_>>(), [7, 7]);
    assert_eq!(run.combined_pairs(), 14);
}

#[test]
fn unicode_digits_and_hostile_text_counted_by_hand() {
    // café ×3, naïve ×2, 東京 ×2: 7 pairs, 3 words, café:3.
    let run = state("Café CAFÉ café; naïve—NAÏVE 東京 東京", 2, 3, Some(1)).run();
    assert_eq!((run.pairs(), run.keys(), run.top_text()), (7, 3, "café:3".to_string()));
    // route ×2, 66 ×2, and, ٣: the tie of two goes to "66" ('6' < 'r').
    let run = state("route 66, ROUTE 66 and ٣", 4, 2, None).run();
    assert_eq!((run.pairs(), run.keys(), run.top_text()), (6, 4, "66:2".to_string()));
    // script ×2, alert, 1: 4 pairs, 3 words.
    let run = state("<script>alert(1)</script>", 1, 1, Some(1)).run();
    assert_eq!((run.pairs(), run.keys(), run.top_text()), (4, 3, "script:2".to_string()));
    // No words at all: nothing to count, no top word.
    let run = state("…!!! ---", 8, 8, Some(8)).run();
    assert_eq!((run.pairs(), run.keys(), run.top_text(), run.lost_pairs()), (0, 0, String::new(), 0));
    assert_eq!(run.maps.len(), 8);
}

#[test]
fn the_url_keys_are_checked() {
    let mut s = MapReduceState::default();
    assert!(s.set("mappers", "0").unwrap_err().contains("from 1 to 8"));
    assert!(s.set("mappers", "9").is_err());
    assert!(s.set("reducers", "2.5").is_err());
    assert!(s.set("fail", "4").unwrap_err().contains("from 1 to 3"));
    s.set("fail", "3").unwrap();
    assert_eq!(s.get("fail"), "3");
    s.set("fail", "none").unwrap();
    assert_eq!(s.fail, None);
    let long = "a".repeat(MAX_CHARS + 1);
    assert!(s.set("text", &long).unwrap_err().contains("at most 2,000 characters (this one has 2,001)"));
    // 2,000 characters of four bytes each are accepted.
    s.set("text", &"😀".repeat(MAX_CHARS)).unwrap();
    assert_eq!(s.run().pairs(), 0);
    assert!(s.set("colour", "red").is_err());
}

#[test]
fn queries_read_and_write() {
    let (s, problems) = MapReduceState::from_query(&[("preset", "failure")]);
    assert!(problems.is_empty());
    assert_eq!(s, Preset::Failure.state());
    assert_eq!(s.query_string(), "preset=failure");
    // The failing mapper is checked against the mappers, wherever they stand in the query.
    let (s, problems) = MapReduceState::from_query(&[("fail", "6"), ("mappers", "6")]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(s.failing(), Some(6));
    // A scenario's failing mapper beyond fewer mappers is dropped and said.
    let (s, problems) = MapReduceState::from_query(&[("preset", "failure"), ("mappers", "1")]);
    assert_eq!(s.fail, None);
    assert_eq!(problems, [ParamProblem { key: "fail".into(), message: "there is no mapper 2 among 1 mappers; no mapper fails".into() }]);
    // Any text writes back as itself.
    let text = "a&b=c %zz\n東京 <b>";
    let s = MapReduceState::default().with("text", text).unwrap();
    let (again, problems) = MapReduceState::from_query(&query::decode(&s.query_string()));
    assert!(problems.is_empty());
    assert_eq!(again.text, text);
}

#[test]
fn the_twin_gives_every_task_its_share() {
    // Mapper 2 of the failure scenario: words 5–7 (to be that), one pair thrown away.
    let t = Preset::Failure.state().twin().unwrap();
    assert_eq!(t.rows.len(), 3 + 2);
    assert_eq!(t.rows[0], ["Mapper 1", "words 1–4", "4"]);
    assert_eq!(t.rows[1], ["Mapper 2 (attempt 2; attempt 1 failed, 1 pair thrown away)", "words 5–7", "3"]);
    // The reducers' distinct words add up to 8 and their pairs to 10.
    let reducers = &t.rows[3..];
    let distinct: usize = reducers.iter().map(|r| r[1].trim_end_matches(" distinct").parse::<usize>().unwrap()).sum();
    let pairs: usize = reducers.iter().map(|r| r[2].parse::<usize>().unwrap()).sum();
    assert_eq!((distinct, pairs), (8, 10));
    let t = Preset::Dickens.state().twin().unwrap();
    assert_eq!(
        t.caption,
        "24 words over 2 mappers and 3 reducers: 24 pairs, 10 distinct words; with a combiner, 14 pairs would cross the network"
    );
    assert_eq!(span(&(2..3)), "word 3");
    assert_eq!(span(&(2..2)), "no words");
}

use crate::model::query;

/// Text drawn from pieces that make words collide: a few ASCII words in mixed case, accented
/// and non-Latin words, digits and separators of every kind.
fn text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "the", "The", "THE", "cat", "Cat", "a", "b", "café", "CAFÉ", "東京", "66", "٣", "İ", "ß", " ", ", ", "—", "\n", "'",
        "<b>", "&", "%",
    ]);
    prop_oneof![
        3 => prop::collection::vec(piece, 0..120).prop_map(|v| v.concat()),
        1 => any::<String>().prop_map(|s| s.chars().take(300).collect()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_output_is_the_plain_count_whatever_the_job(
        text in text(),
        mappers in 1..=MAX_MAPPERS,
        reducers in 1..=MAX_REDUCERS,
        fail in prop::option::of(1..=MAX_MAPPERS),
    ) {
        let s = state(&text, mappers, reducers, fail);
        let run = s.run();
        let reference = plain_count(&text);
        prop_assert_eq!(output_map(&run), reference.clone());
        // One pair per word; one output line per distinct word.
        prop_assert_eq!(run.pairs() as u64, reference.values().sum::<u64>());
        prop_assert_eq!(run.pairs(), run.words.len());
        prop_assert_eq!(run.keys(), reference.len());
        // The top word: the largest count, the smallest word among those.
        let most = reference.values().copied().max();
        let expected = most.map(|m| {
            let w = reference.iter().find(|(_, c)| **c == m).unwrap().0;
            format!("{w}:{m}")
        });
        prop_assert_eq!(run.top_text(), expected.unwrap_or_default());
        // Every word lands on exactly one reducer, the one its hash names.
        for word in reference.keys() {
            let holders: Vec<usize> = run.reduces.iter().enumerate().filter(|(_, r)| r.counts.iter().any(|(w, _)| w == word)).map(|(i, _)| i).collect();
            prop_assert_eq!(holders, vec![reducer_of(word, reducers)]);
        }
        // The splits cover the words in order, sizes differing by at most one.
        let lens: Vec<usize> = run.maps.iter().map(|m| m.split.len()).collect();
        prop_assert_eq!(run.maps.len(), mappers as usize);
        prop_assert!(lens.iter().max().unwrap() - lens.iter().min().unwrap() <= 1);
        prop_assert!(lens.windows(2).all(|w| w[0] >= w[1]));
        let mut next = 0;
        for m in &run.maps {
            prop_assert_eq!(m.split.start, next);
            next = m.split.end;
            prop_assert_eq!(m.to.iter().sum::<usize>(), m.split.len());
            prop_assert!(m.distinct <= m.split.len());
        }
        prop_assert_eq!(next, run.words.len());
        // What each reducer received is what the mappers sent it.
        for (r, t) in run.reduces.iter().enumerate() {
            prop_assert_eq!(t.pairs() as usize, run.maps.iter().map(|m| m.to[r]).sum::<usize>());
        }
        // A failure changes nothing but the pairs thrown away.
        let clean = state(&text, mappers, reducers, None).run();
        prop_assert_eq!(&run.reduces, &clean.reduces);
        match s.failing() {
            Some(f) => prop_assert_eq!(run.lost_pairs(), run.maps[f as usize - 1].split.len() / 2),
            None => prop_assert_eq!(run.lost_pairs(), 0),
        }
        // A combiner never sends more, and at least one pair per distinct word.
        prop_assert!(run.combined_pairs() <= run.pairs());
        prop_assert!(run.combined_pairs() >= run.keys());
    }

    #[test]
    fn any_text_is_read_or_refused_whole(text in any::<String>()) {
        let mut s = MapReduceState::default();
        match s.set("text", &text) {
            Ok(()) => prop_assert_eq!(&s.text, &text),
            Err(_) => {
                prop_assert!(text.chars().count() > MAX_CHARS);
                prop_assert_eq!(s, MapReduceState::default());
            }
        }
    }
}
