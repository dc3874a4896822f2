use super::*;
use proptest::prelude::*;

fn state(scheme: Scheme, keys: u32, nodes: u32, to: u32) -> ShardingState {
    ShardingState { keys, nodes, to, scheme, ..ShardingState::default() }
}

/// The second implementation of a ring lookup: scan every point for the smallest position at or
/// after `h`; failing that, the smallest position of all (the ring wraps).
fn linear_lookup(points: &[(u64, u16)], h: u64) -> u16 {
    let at_or_after = points.iter().filter(|(p, _)| *p >= h).min_by_key(|(p, _)| *p);
    at_or_after.or_else(|| points.iter().min_by_key(|(p, _)| *p)).map_or(0, |&(_, n)| n)
}

#[track_caller]
fn near(got: f64, want: f64) {
    assert!((got - want).abs() <= 1e-12 * want.abs().max(1.0), "{got} ≠ {want}");
}

#[test]
fn modulo_moves_what_the_chinese_remainder_theorem_says() {
    // From n to n + 1 nodes, a key stays iff h mod n = h mod (n + 1). Writing m = h mod n(n+1),
    // both residues are m's, and m ≡ r (mod n) and (mod n + 1) means m = r < n: the key stays
    // iff h mod n(n + 1) < n. That count is computed here without the model's assignment.
    for n in 1..=12u32 {
        for seed in [0, 1, 7, 4_294_967_295] {
            let s = ShardingState { seed, ..state(Scheme::Modulo, 10_000, n, n + 1) };
            let m = u64::from(n) * u64::from(n + 1);
            let stay = (0..s.keys).filter(|&i| key_hash(seed, i) % m < u64::from(n)).count() as u32;
            let o = s.run();
            assert_eq!(o.moved, s.keys - stay, "n = {n}, seed = {seed}");
            // In expectation n/(n + 1) move: 4 → 5 moves about 80 %.
            let want = f64::from(n) / f64::from(n + 1);
            assert!((o.moved_fraction - want).abs() < 0.03, "n = {n}: {} vs {want}", o.moved_fraction);
        }
    }
}

#[test]
fn modulo_to_the_same_count_moves_nothing_and_one_node_holds_all() {
    for scheme in Scheme::ALL {
        let o = state(scheme, 1_000, 6, 6).run();
        assert_eq!(o.moved, 0, "{scheme:?}");
        assert_eq!(o.nodes.iter().map(|x| x.moved_in).sum::<u32>(), 0);
    }
    // From 3 nodes to 1: everything not already on node 1 moves there.
    let o = state(Scheme::Modulo, 999, 3, 1).run();
    assert_eq!(o.nodes[0].after, 999);
    assert_eq!(o.moved, o.nodes[1].before + o.nodes[2].before);
    near(o.max_load, 1.0);
}

#[test]
fn the_binary_search_agrees_with_a_linear_scan() {
    for (seed, nodes, vnodes) in [(1, 1, 1), (1, 4, 1), (3, 5, 100), (9, 20, 7), (0, 2, 200)] {
        let ring = Ring::new(seed, nodes, vnodes);
        assert_eq!(ring.points.len() as u32, nodes * vnodes);
        // The points themselves, one past each, the ends of the ring, and keys' hashes.
        let mut probes = vec![0, 1, u64::MAX, u64::MAX - 1];
        for &(p, _) in &ring.points {
            probes.extend([p, p.wrapping_add(1), p.wrapping_sub(1)]);
        }
        probes.extend((0..2_000).map(|i| key_hash(seed, i)));
        for h in probes {
            assert_eq!(ring.lookup(h), linear_lookup(&ring.points, h), "seed {seed}, h = {h:#x}");
        }
    }
}

#[test]
fn ring_points_are_distinct_and_a_nodes_points_do_not_depend_on_the_others() {
    let small = Ring::new(5, 3, 50);
    let big = Ring::new(5, 8, 50);
    let mut positions: Vec<u64> = big.points.iter().map(|p| p.0).collect();
    positions.dedup();
    assert_eq!(positions.len(), 400);
    for p in &small.points {
        assert!(big.points.contains(p), "node {}'s point moved when nodes were added", p.1 + 1);
    }
}

#[test]
fn ring_shares_add_up_to_the_whole_ring() {
    for (nodes, vnodes) in [(1, 1), (4, 1), (5, 100), (20, 200)] {
        let shares = Ring::new(2, nodes, vnodes).shares(nodes);
        near(shares.iter().sum(), 1.0);
        assert!(shares.iter().all(|s| *s > 0.0));
    }
}

#[test]
fn ranges_split_the_largest_and_merge_into_a_neighbour() {
    // 10 keys in 3 ranges: ⌊10j/3⌋ = 0, 3, 6, 10, so 3, 3 and 4 keys. A fourth node takes the
    // upper half of the largest, keys 6..10 split at 6 + 4/2 = 8: keys 8 and 9 move.
    let (before, after) = range_layouts(10, 3, 4);
    assert_eq!(before.iter().map(KeyRange::len).collect::<Vec<_>>(), [3, 3, 4]);
    assert_eq!(after[2], KeyRange { start: 6, end: 8, node: 2 });
    assert_eq!(after[3], KeyRange { start: 8, end: 10, node: 3 });
    let o = state(Scheme::Range, 10, 3, 4).run();
    assert_eq!(o.moved, 2);
    // 10,000 keys, 4 → 5: ranges of 2,500; the first is split, 1,250 keys move (12.5 %), and
    // the three untouched ranges still hold 2,500 against a mean of 10,000/5 = 2,000: 1.25.
    let o = state(Scheme::Range, 10_000, 4, 5).run();
    assert_eq!(o.moved, 1_250);
    near(o.moved_fraction, 0.125);
    near(o.max_load, 1.25);
    // 4 → 8: every range is halved, 4 × 1,250 = 5,000 keys move and the load is even again.
    let o = state(Scheme::Range, 10_000, 4, 8).run();
    assert_eq!(o.moved, 5_000);
    near(o.max_load, 1.0);
    // 5 → 4: node 5's 2,000 keys join node 4's range: 4,000 against a mean of 2,500 = 1.6.
    let o = state(Scheme::Range, 10_000, 5, 4).run();
    assert_eq!(o.moved, 2_000);
    assert_eq!(o.nodes[3].after, 4_000);
    near(o.max_load, 1.6);
    // 3 → 1: both later ranges merge into node 1.
    let (_, after) = range_layouts(9, 3, 1);
    assert_eq!(after, [KeyRange { start: 0, end: 9, node: 0 }]);
}

#[test]
fn zipf_shares_by_hand() {
    // 4 keys, exponent 1: weights 1/4, 1/3, 1/2, 1 (the last key is rank 1), total 25/12. The
    // hottest key gets 12/25 = 0.48, the first key (1/4)/(25/12) = 3/25 = 0.12.
    let w = request_shares(4, 1.0);
    near(w[3], 0.48);
    near(w[0], 0.12);
    let o = ShardingState { skew: 1.0, ..state(Scheme::Range, 4, 2, 2) }.run();
    near(o.hot_key_share, 0.48);
    // Range over 2 nodes: keys 2 and 3 on node 2, (1/2 + 1)/(25/12) = 18/25 = 0.72 of the
    // requests; the mean is 1/2, so max-requests = 1.44.
    near(o.nodes[1].requests, 0.72);
    near(o.max_requests, 1.44);
    assert!(o.nodes[1].hot && !o.nodes[0].hot);
    // Exponent 0: every key alike, so requests follow keys.
    let o = state(Scheme::Modulo, 1_000, 3, 7).run();
    near(o.max_requests, o.max_load);
    near(o.hot_key_share, 0.001);
}

#[test]
fn the_lessons_scenarios() {
    // A ring of 4 nodes with 100 points each gains a fifth: about 1/5 of the keys move.
    let o = Preset::Ring.state().run();
    assert!((o.moved_fraction - 0.2).abs() < 0.04, "{}", o.moved_fraction);
    // One point per node: the arcs are uneven, so one node holds far more than the mean.
    let one = Preset::OneToken.state().run();
    assert!(one.max_load > o.max_load + 0.3, "{} vs {}", one.max_load, o.max_load);
    // The newest keys are busiest: the last range carries most requests but an even share of keys.
    let r = Preset::RangeHotSpot.state().run();
    near(r.max_load, 1.0);
    assert!(r.max_requests > 2.5, "{}", r.max_requests);
    // One hot key: ζ(1.5) ≈ 2.612, so about 38 % of the requests hit one key; doubling the nodes
    // halves the mean, so its node's ratio to the mean doubles.
    let h = Preset::HotKey.state().run();
    assert!((h.hot_key_share - 0.386).abs() < 0.005, "{}", h.hot_key_share);
    assert!(h.max_requests >= h.hot_key_share * 20.0);
    for p in Preset::ALL {
        assert_eq!(p.state().named(), Some(p.name()));
    }
    assert_eq!(ShardingState::default().named(), None);
}

#[test]
fn url_state_reads_writes_and_refuses() {
    let (s, problems) = ShardingState::from_query(&[("scheme", "ring"), ("nodes", "3"), ("to", "2"), ("vnodes", "8"), ("skew", "0.5")]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!((s.scheme, s.nodes, s.to, s.vnodes, s.skew), (Scheme::Ring, 3, 2, 8, 0.5));
    let (back, _) = ShardingState::from_query(&s.to_query());
    assert_eq!(back, s);
    let mut t = ShardingState::default();
    for (key, bad, says) in [
        ("keys", "0", "from 1 to 10,000"),
        ("keys", "10001", "from 1 to 10,000"),
        ("nodes", "21", "from 1 to 20"),
        ("to", "2.5", "whole number"),
        ("vnodes", "201", "from 1 to 200"),
        ("skew", "-1", "from 0"),
        ("skew", "NaN", "skew"),
        ("scheme", "rendezvous", "modulo, ring, range"),
        ("seed", "4294967296", "seed"),
        ("colour", "red", "this widget reads"),
    ] {
        let message = t.set(key, bad).unwrap_err();
        assert!(message.contains(says), "{key}={bad}: {message}");
    }
    assert_eq!(t, ShardingState::default(), "a refused value changes nothing");
    assert_eq!(ShardingState::from_query(&[("preset", "hot-key"), ("to", "10")]).0.to, 10);
}

#[test]
fn the_twin_lists_every_node_and_the_totals() {
    let t = state(Scheme::Range, 10_000, 4, 5).twin().unwrap();
    assert_eq!(t.rows.len(), 6);
    assert_eq!(t.rows[0], ["Node 1", "2,500", "1,250", "0", "1,250", "12.5 %"]);
    assert_eq!(t.rows[4], ["Node 5 (new)", "0", "1,250", "1,250", "0", "12.5 %"]);
    assert_eq!(t.rows[5][3], "1,250");
    assert!(t.caption.starts_with("Key ranges, 4 → 5 nodes: 1,250 of 10,000 keys move (12.5 %)"), "{}", t.caption);
    let t = state(Scheme::Modulo, 100, 3, 2).twin().unwrap();
    assert_eq!(t.rows[2][0], "Node 3 (removed)");
    assert_eq!(t.rows[2][2], "0");
}

// ---- Properties ----

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Consistent hashing's promise, exactly: adding nodes moves keys only onto the new nodes,
    /// and removing nodes moves only the removed nodes' keys.
    #[test]
    fn a_ring_moves_keys_only_to_new_or_from_removed_nodes(
        seed in 0u64..=u64::from(u32::MAX), nodes in 1u32..=20, to in 1u32..=20, vnodes in 1u32..=64, keys in 1u32..=3_000,
    ) {
        let s = ShardingState { keys, nodes, to, scheme: Scheme::Ring, vnodes, skew: 0.0, seed };
        let (before, after) = (s.assign(nodes), s.assign(to));
        for (&b, &a) in before.iter().zip(&after) {
            if a != b {
                prop_assert!(u32::from(a) >= nodes || u32::from(b) >= to, "a key moved from node {} to node {}", b + 1, a + 1);
            }
        }
    }

    /// With many points per node, adding one node to n moves about 1/(n + 1) of the keys: the
    /// new node's expected share of the ring.
    #[test]
    fn a_ring_with_many_points_moves_about_one_in_n_plus_one(seed in 0u64..=u64::from(u32::MAX), n in 1u32..=12) {
        let s = ShardingState { keys: 10_000, nodes: n, to: n + 1, scheme: Scheme::Ring, vnodes: 200, skew: 0.0, seed };
        let want = 1.0 / f64::from(n + 1);
        let got = s.run().moved_fraction;
        prop_assert!((got - want).abs() < 0.25 * want + 0.01, "n = {}: moved {} vs {}", n, got, want);
    }

    /// The per-node books balance: every key is counted once before and once after, and a
    /// node's keys after are its keys before, less those that left, plus those that arrived.
    #[test]
    fn the_books_balance(
        seed in 0u64..=u64::from(u32::MAX), nodes in 1u32..=20, to in 1u32..=20, vnodes in 1u32..=50,
        keys in 1u32..=2_000, scheme in prop::sample::select(Scheme::ALL.to_vec()), skew in 0.0..=3.0f64,
    ) {
        let s = ShardingState { keys, nodes, to, scheme, vnodes, skew, seed };
        let o = s.run();
        prop_assert_eq!(o.nodes.len() as u32, nodes.max(to));
        prop_assert_eq!(o.nodes.iter().map(|x| x.before).sum::<u32>(), keys);
        prop_assert_eq!(o.nodes.iter().map(|x| x.after).sum::<u32>(), keys);
        prop_assert_eq!(o.nodes.iter().map(|x| x.moved_in).sum::<u32>(), o.moved);
        prop_assert_eq!(o.nodes.iter().map(|x| x.moved_out).sum::<u32>(), o.moved);
        for (i, x) in o.nodes.iter().enumerate() {
            prop_assert_eq!(x.before - x.moved_out + x.moved_in, x.after);
            if i as u32 >= nodes { prop_assert_eq!(x.before, 0); }
            if i as u32 >= to { prop_assert_eq!(x.after, 0); }
        }
        let requests: f64 = o.nodes.iter().map(|x| x.requests).sum();
        prop_assert!((requests - 1.0).abs() < 1e-9);
        prop_assert!(o.max_load >= 1.0 - 1e-12 && o.max_requests >= 1.0 - 1e-12);
        prop_assert!(o.max_requests >= o.hot_key_share * f64::from(to) - 1e-12);
    }

    /// Range moves never exceed what the split or merge hands over: from n to m > n nodes, the
    /// new nodes' keys; from n to m < n, the removed nodes' keys.
    #[test]
    fn range_changes_move_only_the_handed_over_keys(keys in 1u32..=5_000, nodes in 1u32..=20, to in 1u32..=20) {
        let o = ShardingState { keys, nodes, to, scheme: Scheme::Range, ..ShardingState::default() }.run();
        let handed: u32 = if to > nodes {
            o.nodes[nodes as usize..].iter().map(|x| x.after).sum()
        } else {
            o.nodes[to as usize..].iter().map(|x| x.before).sum()
        };
        prop_assert_eq!(o.moved, handed);
    }
}
