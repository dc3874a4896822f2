use super::*;
use proptest::prelude::*;

fn state(pairs: &[(&str, &str)]) -> QuorumState {
    let (s, problems) = QuorumState::from_query(pairs);
    assert!(problems.is_empty(), "{problems:?}");
    s
}

// ---- The overlap property, by brute force over every pair of subsets.

/// Every subset of `0..n` with exactly `k` members, as bit masks.
fn subsets(n: usize, k: usize) -> Vec<u32> {
    (0u32..1 << n).filter(|m| m.count_ones() as usize == k).collect()
}

#[test]
fn every_read_quorum_meets_every_write_quorum_exactly_when_r_plus_w_exceeds_n() {
    // For N up to 7, every W and R: the smallest intersection of a W-subset and an R-subset,
    // found by trying all pairs, is max(0, R + W − N), and it is positive iff R + W > N.
    for n in 1..=7 {
        for w in 1..=n {
            for r in 1..=n {
                let smallest = subsets(n, w)
                    .iter()
                    .flat_map(|a| subsets(n, r).into_iter().map(move |b| (a & b).count_ones() as i64))
                    .min()
                    .unwrap();
                let s = QuorumState { n, w, r, ..QuorumState::default() };
                let f = s.figures();
                assert_eq!(smallest, f.overlap.max(0), "N {n}, W {w}, R {r}");
                assert_eq!(smallest > 0, r + w > n, "N {n}, W {w}, R {r}");
            }
        }
    }
}

#[test]
fn tolerances_by_hand() {
    // N − W and N − R, and R + W − N.
    let f = QuorumState { n: 3, w: 2, r: 2, ..QuorumState::default() }.figures();
    assert_eq!((f.overlap, f.write_tolerates, f.read_tolerates), (1, 1, 1)); // 2 + 2 − 3; 3 − 2; 3 − 2
    let f = QuorumState { n: 5, w: 3, r: 3, ..QuorumState::default() }.figures();
    assert_eq!((f.overlap, f.write_tolerates, f.read_tolerates), (1, 2, 2)); // 6 − 5; 5 − 3
    let f = QuorumState { n: 3, w: 3, r: 1, ..QuorumState::default() }.figures();
    assert_eq!((f.overlap, f.write_tolerates, f.read_tolerates), (1, 0, 2)); // 4 − 3; 0; 3 − 1
    let f = QuorumState::default().figures();
    assert_eq!((f.overlap, f.write_tolerates, f.read_tolerates), (-1, 2, 2)); // 1 + 1 − 3 = −1
    let f = QuorumState { n: 9, w: 1, r: 1, ..QuorumState::default() }.figures();
    assert_eq!(f.overlap, -7); // 2 − 9
}

// ---- Runs whose outcome does not depend on the seed, worked by hand.

#[test]
fn too_few_replicas_up_fail_the_operations_that_need_more() {
    // Majorities (W 2, R 2) over 3 replicas, two down: one up, fewer than 2, so all 20 writes
    // and 20 reads fail: 40 of 40.
    let run = Preset::TwoDown.state().run();
    assert_eq!((run.up, run.failed, run.reads_answered), (1, 40, 0));
    assert_eq!(run.unavailable_fraction(), 1.0);
    assert_eq!(run.stale_fraction(), None);
    assert!(run.ops.iter().all(|o| o.touched.is_empty()));
    // One down: 2 up, enough for W 2 and R 2: nothing fails, and every write and read touches
    // exactly the two live replicas 1 and 2.
    let run = Preset::OneDown.state().run();
    assert_eq!((run.up, run.failed), (2, 0));
    assert!(run.ops.iter().all(|o| { let mut t = o.touched.clone(); t.sort(); t == [0, 1] }));
    assert_eq!(run.stale_fraction(), Some(0.0));
    // Write all, read one, with replica 3 down: the 20 writes need 3 and fail; the 20 reads
    // need 1 and succeed: 20 of 40 fail, half. With no write ever acknowledged, every read
    // returns version 0 and none is stale.
    let run = state(&[("preset", "write-all"), ("down", "3")]).run();
    assert_eq!(run.failed, 20);
    assert_eq!(run.unavailable_fraction(), 0.5);
    assert!(run.ops.iter().all(|o| o.failed() == (o.kind == Kind::Write)));
    assert_eq!((run.reads_answered, run.stale_reads), (20, 0));
}

#[test]
fn versions_count_the_acknowledged_writes() {
    // Write all, read one, all up: write k (k = 1 … 20, at 20(k − 1) ms) is stored on all 3 at
    // once, so the read 10 ms later returns exactly k, and the run ends with v20 everywhere.
    let run = Preset::WriteAll.state().run();
    for (i, op) in run.ops.iter().enumerate() {
        let k = (i / 2 + 1) as u32;
        let want = if i % 2 == 0 { Outcome::Written(k) } else { Outcome::Returned { version: k, newest: k } };
        assert_eq!(op.outcome, want, "operation {i}");
        assert_eq!(op.at_ms, 10 * i as u64);
        assert_eq!(op.touched.len(), if i % 2 == 0 { 3 } else { 1 });
    }
    assert_eq!(run.last_versions, [20, 20, 20]);
    assert_eq!(run.stale_fraction(), Some(0.0));
}

#[test]
fn a_lag_shorter_than_the_gap_between_operations_leaves_nothing_stale() {
    // Each read starts 10 ms after the write before it. With a lag of 0 or 10 ms, every live
    // replica holds that write by then (a copy arriving at the read's millisecond counts), so
    // even W 1, R 1 reads are never stale, whatever the seed.
    for lag in ["0", "5", "10"] {
        for seed in 0..20 {
            let run = state(&[("lag", lag), ("seed", &seed.to_string())]).run();
            assert_eq!(run.stale_reads, 0, "lag {lag}, seed {seed}");
        }
    }
}

#[test]
fn a_single_live_replica_is_never_stale() {
    // N 3, W 1, R 1 with replicas 2 and 3 down: every write and read goes to replica 1.
    let run = state(&[("down", "2,3"), ("lag", "10000")]).run();
    assert!(run.ops.iter().all(|o| o.touched == [0]));
    assert_eq!((run.stale_reads, run.failed), (0, 0));
    assert_eq!(run.last_versions, [20, 0, 0]);
}

#[test]
fn stale_reads_happen_when_the_quorums_can_miss_each_other() {
    // N 3, W 1, R 1, lag 100 ms: a read that asks a replica the newest write has not reached is
    // stale. Over 50 seeds some are, and the read quorum 3 (R + W = 4 > 3) removes them all.
    let stale: usize = (0..50).map(|seed| state(&[("seed", &seed.to_string())]).run().stale_reads).sum();
    assert!(stale > 0);
    let stale: usize = (0..50).map(|seed| state(&[("seed", &seed.to_string()), ("r", "3")]).run().stale_reads).sum();
    assert_eq!(stale, 0);
}

#[test]
fn the_replica_orders_are_shuffles_that_ignore_everything_but_the_seed() {
    let a = orders(7, 5, 40);
    assert_eq!(a.len(), 40);
    for o in &a {
        let mut s = o.clone();
        s.sort();
        assert_eq!(s, [0, 1, 2, 3, 4]);
    }
    assert_eq!(a, orders(7, 5, 40));
    assert_ne!(a, orders(8, 5, 40));
    // Raising W touches one more replica of the same order: the first touched are the same.
    let one = QuorumState { n: 5, ..QuorumState::default() }.run();
    let two = QuorumState { n: 5, w: 2, ..QuorumState::default() }.run();
    for (x, y) in one.ops.iter().zip(&two.ops).filter(|(x, _)| x.kind == Kind::Write) {
        assert_eq!(x.touched[0], y.touched[0]);
        assert_eq!(y.touched.len(), 2);
    }
    // Every shuffle of 3 turns up over many draws (a uniform shuffle gives each about 1/6).
    let mut seen = std::collections::HashMap::new();
    for o in orders(1, 3, 6000) {
        *seen.entry(o).or_insert(0) += 1;
    }
    assert_eq!(seen.len(), 6);
    assert!(seen.values().all(|&c| (800..1200).contains(&c)), "{seen:?}");
}

// ---- Settings.

#[test]
fn settings_are_read_and_refused_with_reasons() {
    let s = state(&[("n", "5"), ("w", "3"), ("r", "3"), ("lag", "250"), ("down", "5, 2,2"), ("seed", "42")]);
    assert_eq!((s.n, s.w, s.r, s.lag_ms, s.down.clone(), s.seed), (5, 3, 3, 250, vec![2, 5], 42));
    assert_eq!(s.get("down"), "2,5");
    assert_eq!(QuorumState::default().get("down"), "none");
    for (key, bad, words) in [
        ("n", "0", "from 1 to 9"),
        ("n", "10", "from 1 to 9"),
        ("n", "2.5", "whole number"),
        ("w", "0", "from 1 to 9"),
        ("r", "many", "R, the read quorum"),
        ("lag", "-1", "from 0 to 10,000"),
        ("lag", "10001", "from 0 to 10,000"),
        ("down", "0", "down replica"),
        ("down", "2,x", "down replica"),
        ("down", "1,2,3,4,5,6,7,8,9,1", "at most 9"),
        ("seed", "4294967296", "the seed"),
        ("colour", "red", "unknown setting"),
    ] {
        let err = QuorumState::default().with(key, bad).unwrap_err();
        assert!(err.contains(words), "{key}={bad}: {err}");
    }
    // W or R above N: a field refuses it; a URL lowers it to N and says so.
    let err = QuorumState::default().with_checked("w", "4").unwrap_err();
    assert!(err.contains("W (4) cannot be more than N (3)"), "{err}");
    assert!(QuorumState::default().with_checked("n", "1").is_ok(), "W and R are 1");
    assert!(state(&[("w", "2")]).with_checked("n", "1").is_err());
    let (s, problems) = QuorumState::from_query(&[("w", "5"), ("r", "4"), ("n", "4")]);
    assert_eq!((s.n, s.w, s.r), (4, 4, 4));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].message.contains("set to 4"));
    // A down replica beyond N is explained and ignored.
    let s = state(&[("down", "2,5")]);
    assert_eq!(s.notes(), ["there are only 3 replicas, so down replica 5 is ignored"]);
    assert_eq!(s.run().up, 2);
    assert_eq!(caption(&s), "N = 3, W = 1, R = 1, lag 100 ms, down: 2");
}

#[test]
fn scenarios_are_named_while_their_values_hold() {
    for p in Preset::ALL {
        let (s, problems) = QuorumState::from_query(&[("preset", p.name())]);
        assert!(problems.is_empty());
        assert_eq!(s.named(), Some(p.name()));
        assert_eq!(s.query_string(), format!("preset={}", p.name()));
        assert_ne!(p.state(), QuorumState::default());
    }
    let s = state(&[("preset", "majority"), ("down", "3")]);
    assert_eq!(s.named(), Some("one-down"));
    let s = state(&[("preset", "majority"), ("seed", "2")]);
    assert_eq!(s.named(), None);
    assert_eq!(s.query_string(), "w=2&r=2&seed=2");
}

#[test]
fn the_twin_lists_the_figures_and_every_operation() {
    let t = Preset::OneDown.state().twin().unwrap();
    assert_eq!(t.rows.len(), 5 + OPS);
    assert_eq!(t.rows[0][1], "+1");
    assert_eq!(t.rows[3][1], "0 % (0 of 20)");
    assert_eq!(t.rows[4][1], "0 % (0 of 40)");
    assert_eq!(t.rows[5][..3], ["1".to_string(), "0 ms".into(), "write".into()]);
    assert!(t.caption.contains("down: 3") && t.caption.contains("every 10 ms"), "{}", t.caption);
    let t = Preset::TwoDown.state().twin().unwrap();
    assert_eq!(t.rows[3][1], "no read succeeded");
    assert_eq!(t.rows[6][3..], ["none".to_string(), "–".into(), "failed: too few replicas up".into()]);
}

#[test]
fn percentages_by_hand() {
    assert_eq!(percent(7.0 / 20.0), "35 %");
    assert_eq!(percent(1.0 / 40.0), "2.5 %");
    assert_eq!(percent(1.0), "100 %");
    assert_eq!(overlap_text(1), "+1");
    assert_eq!(overlap_text(0), "0");
    assert_eq!(overlap_text(-2), "-2");
}

// ---- A second implementation: each read's answer recomputed from scratch.

/// The version replica `k` holds at `t` ms, straight from the definition: the newest
/// acknowledged write that either touched it at or before `t`, or was sent at least `lag` ms
/// before `t` while it is up.
fn holds(k: usize, t: u64, writes: &[(u64, u32, Vec<usize>)], up: &[bool], lag: u64) -> u32 {
    writes
        .iter()
        .filter(|(at, _, touched)| *at <= t && (touched.contains(&k) || (up[k] && *at + lag <= t)))
        .map(|(_, v, _)| *v)
        .max()
        .unwrap_or(0)
}

/// (stale reads, failed operations, reads answered) from the definitions.
fn reference(s: &QuorumState) -> (usize, usize, usize) {
    let up: Vec<bool> = (1..=s.n).map(|k| !s.down.contains(&k)).collect();
    let live = up.iter().filter(|&&u| u).count();
    let mut writes: Vec<(u64, u32, Vec<usize>)> = Vec::new();
    let (mut stale, mut failed, mut answered) = (0, 0, 0);
    for (i, order) in orders(s.seed, s.n, OPS).into_iter().enumerate() {
        let t = i as u64 * STEP_MS;
        let need = if i % 2 == 0 { s.w } else { s.r };
        if live < need {
            failed += 1;
            continue;
        }
        let touched: Vec<usize> = order.into_iter().filter(|&k| up[k]).take(need).collect();
        if i % 2 == 0 {
            let v = writes.len() as u32 + 1;
            writes.push((t, v, touched));
        } else {
            answered += 1;
            let got = touched.iter().map(|&k| holds(k, t, &writes, &up, s.lag_ms)).max().unwrap_or(0);
            if got < writes.len() as u32 {
                stale += 1;
            }
        }
    }
    (stale, failed, answered)
}

fn any_state() -> impl Strategy<Value = QuorumState> {
    (1usize..=MAX_N, 0usize..=MAX_N, 0usize..=MAX_N, prop_oneof![0u64..=50, 0u64..=MAX_LAG_MS], proptest::collection::vec(1usize..=MAX_N, 0..4), 0u64..1000)
        .prop_map(|(n, w, r, lag_ms, mut down, seed)| {
            down.sort_unstable();
            down.dedup();
            QuorumState { n, w: w.clamp(1, n), r: r.clamp(1, n), lag_ms, down, seed }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_run_agrees_with_the_reference(s in any_state()) {
        let run = s.run();
        prop_assert_eq!((run.stale_reads, run.failed, run.reads_answered), reference(&s));
    }

    #[test]
    fn overlapping_quorums_are_never_stale(s in any_state()) {
        prop_assume!(s.r + s.w > s.n);
        prop_assert_eq!(s.run().stale_reads, 0);
    }

    #[test]
    fn operations_fail_exactly_when_too_few_replicas_are_up(s in any_state()) {
        let run = s.run();
        let up = (1..=s.n).filter(|k| !s.down.contains(k)).count();
        prop_assert_eq!(run.up, up);
        let want = if up < s.w { OPS / 2 } else { 0 } + if up < s.r { OPS / 2 } else { 0 };
        prop_assert_eq!(run.failed, want);
        // Figures the view shows stay within their ranges.
        prop_assert!((0.0..=1.0).contains(&run.unavailable_fraction()));
        if let Some(x) = run.stale_fraction() {
            prop_assert!((0.0..=1.0).contains(&x));
        }
        for op in &run.ops {
            let need = if op.kind == Kind::Write { s.w } else { s.r };
            prop_assert!(op.failed() || op.touched.len() == need);
            prop_assert!(op.touched.iter().all(|&k| !s.down.contains(&(k + 1))));
        }
    }

    #[test]
    fn the_state_round_trips_through_its_query(s in any_state()) {
        let (back, problems) = QuorumState::from_query(&s.to_query());
        prop_assert!(problems.is_empty(), "{:?}", problems);
        prop_assert_eq!(back, s);
    }
}
