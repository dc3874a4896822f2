//! The cache model against independent references: hand-computed traces, a brute-force
//! second implementation of every policy (a `Vec` in order, O(C) per request), the exact
//! probabilities of the Zipf sampler, and the exact hit ratios of the independent reference
//! model (King 1971 for LRU; the product form of random and FIFO replacement, Gelenbe 1973;
//! the top-C share for LFU).

use super::*;
use proptest::prelude::{ProptestConfig, prop, prop_assert, prop_assert_eq, proptest};
use super::Strategy;
use std::collections::HashMap;

/// A trace from text: `r3` reads key 3, `w3` writes it.
fn script(text: &str) -> Vec<Request> {
    text.split_whitespace()
        .map(|t| {
            let k: u32 = t[1..].parse().unwrap();
            if t.starts_with('w') { k | WRITE } else { k }
        })
        .collect()
}

/// The brute-force cache: the cached keys in a `Vec` (LRU: least recent first; FIFO: oldest
/// first; random: in the slot order the fast one keeps), with dirty flags beside them.
fn brute(trace: &[Request], items: u32, capacity: u32, policy: Policy, strategy: Strategy, seed: u64) -> Counts {
    let mut cache: Vec<(u32, bool)> = Vec::new();
    let mut count: HashMap<u32, u32> = HashMap::new();
    let mut last: HashMap<u32, usize> = HashMap::new();
    let mut rng = Rng::new(seed ^ EVICT_STREAM);
    let mut c = Counts::default();
    for (t, &r) in trace.iter().enumerate() {
        let k = r & !WRITE;
        if k >= items {
            continue;
        }
        let write = r & WRITE != 0;
        *count.entry(k).or_default() += 1;
        last.insert(k, t);
        let at = cache.iter().position(|&(x, _)| x == k);
        if write {
            c.writes += 1;
        } else {
            c.reads += 1;
            if at.is_some() {
                c.hits += 1;
            } else {
                c.store_reads += 1;
            }
        }
        match (at, write, strategy) {
            (Some(i), true, Strategy::CacheAside) => {
                c.store_writes += 1;
                // A removal from the middle: random keeps slots dense by moving the last in.
                if policy == Policy::Random {
                    cache.swap_remove(i);
                } else {
                    cache.remove(i);
                }
                continue;
            }
            (None, true, Strategy::CacheAside | Strategy::WriteAround) => {
                c.store_writes += 1;
                continue;
            }
            (_, true, Strategy::WriteThrough | Strategy::WriteAround) => c.store_writes += 1,
            _ => {}
        }
        let dirty = write && strategy == Strategy::WriteBack;
        match at {
            Some(i) => {
                cache[i].1 |= dirty;
                if policy == Policy::Lru {
                    let e = cache.remove(i);
                    cache.push(e);
                }
            }
            None => {
                if policy == Policy::Lfu && cache.len() as u32 >= capacity {
                    // LFU admits a key only if it is asked for at least as often as the
                    // least-asked one cached (the newcomer, just used, wins a tie).
                    let least = cache.iter().map(|e| count[&e.0]).min().unwrap();
                    if count[&k] < least {
                        if dirty {
                            c.store_writes += 1;
                        }
                        continue;
                    }
                }
                if cache.len() as u32 >= capacity {
                    let victim = match policy {
                        Policy::Lru | Policy::Fifo => 0,
                        Policy::Random => (rng.next_u64() % cache.len() as u64) as usize,
                        Policy::Lfu => (0..cache.len()).min_by_key(|&i| (count[&cache[i].0], last[&cache[i].0])).unwrap(),
                    };
                    let (_, was_dirty) =
                        if policy == Policy::Random { cache.swap_remove(victim) } else { cache.remove(victim) };
                    c.evictions += 1;
                    if was_dirty {
                        c.store_writes += 1;
                    }
                }
                cache.push((k, dirty));
            }
        }
    }
    c.lost_on_crash = cache.iter().filter(|e| e.1).count() as u32;
    c.cached = cache.len() as u32;
    c
}

#[test]
fn a_hand_computed_lru_trace() {
    // Capacity 2, reads only: 1 miss [1]; 2 miss [1 2]; 1 hit [2 1]; 3 miss, evicts 2 [1 3];
    // 2 miss, evicts 1 [3 2]; 3 hit [2 3]; 1 miss, evicts 2 [3 1]. Hits 2 of 7; store reads 5.
    let t = script("r1 r2 r1 r3 r2 r3 r1");
    let c = simulate(&t, 10, 2, Policy::Lru, Strategy::CacheAside, 1);
    assert_eq!((c.reads, c.hits, c.store_reads, c.evictions, c.cached), (7, 2, 5, 3, 2));
    // FIFO on the same trace: 1 miss [1]; 2 miss [1 2]; 1 hit (no reorder); 3 miss, evicts 1
    // [2 3]; 2 hit; 3 hit; 1 miss, evicts 2 [3 1]. Hits 3 of 7.
    let c = simulate(&t, 10, 2, Policy::Fifo, Strategy::CacheAside, 1);
    assert_eq!((c.hits, c.store_reads), (3, 4));
    // LFU: counts after r1 r2 r1 are 1:2, 2:1; 3 evicts 2 (fewer uses) [1 3]; r2 (count 2 now)
    // misses and evicts 3 (count 1) [1 2]; r3 (count 2) misses; cached 1 (2 uses, last at 2)
    // and 2 (2 uses, last at 4): evicts 1 [2 3]; r1 (count 3) misses, evicts 2 (2 uses, at 4)
    // rather than 3 (2 uses, at 5). Hits 1 of 7.
    let c = simulate(&t, 10, 2, Policy::Lfu, Strategy::CacheAside, 1);
    assert_eq!((c.hits, c.store_reads), (1, 6));
    // LFU refuses a newcomer asked for less often than everything cached. Capacity 1: r1 r1
    // (miss, hit: 1 asked twice) r2 (asked once: refused, read from the store) r1 (hit). Hits
    // 2 of 4. Under write-back, w1 w1 w2 r1: the refused w2 goes straight to the store, and 1
    // stays dirty.
    let c = simulate(&script("r1 r1 r2 r1"), 10, 1, Policy::Lfu, Strategy::CacheAside, 1);
    assert_eq!((c.hits, c.store_reads, c.evictions), (2, 2, 0));
    let c = simulate(&script("w1 w1 w2 r1"), 10, 1, Policy::Lfu, Strategy::WriteBack, 1);
    assert_eq!((c.hits, c.store_writes, c.lost_on_crash), (1, 1, 1));
}

#[test]
fn hand_computed_write_strategies() {
    // Capacity 1: w1 r1 w2 r1.
    let t = script("w1 r1 w2 r1");
    // Cache-aside: w1 stores (1 write), nothing cached; r1 misses (1 read), caches 1; w2 stores
    // (2 writes), 2 not cached; r1 hits. Hit ratio 1/2, store reads 1, store writes 2.
    let c = simulate(&t, 10, 1, Policy::Lru, Strategy::CacheAside, 1);
    assert_eq!((c.hits, c.store_reads, c.store_writes, c.lost_on_crash), (1, 1, 2, 0));
    // Write-through: w1 stores and caches 1; r1 hits; w2 stores and caches 2 (evicts 1); r1
    // misses. Hits 1, store reads 1, store writes 2.
    let c = simulate(&t, 10, 1, Policy::Lru, Strategy::WriteThrough, 1);
    assert_eq!((c.hits, c.store_reads, c.store_writes), (1, 1, 2));
    // Write-around: w1 stores only; r1 misses, caches 1; w2 stores only; r1 hits.
    let c = simulate(&t, 10, 1, Policy::Lru, Strategy::WriteAround, 1);
    assert_eq!((c.hits, c.store_reads, c.store_writes), (1, 1, 2));
    // Write-back: w1 caches 1 dirty (no store write); r1 hits; w2 evicts dirty 1 (1 store
    // write) and caches 2 dirty; r1 misses (1 store read), evicts dirty 2 (2 store writes),
    // caches 1 clean. Nothing dirty at the end: nothing lost.
    let c = simulate(&t, 10, 1, Policy::Lru, Strategy::WriteBack, 1);
    assert_eq!((c.hits, c.store_reads, c.store_writes, c.lost_on_crash), (1, 1, 2, 0));
    // Write-back, capacity 2: w1 w2 w1 r3: 1 and 2 dirty; the second w1 is absorbed; r3 evicts
    // 2 (least recent), one store write. 1 is still dirty: a crash loses it, and with it two
    // writes the store never saw.
    let c = simulate(&script("w1 w2 w1 r3"), 10, 2, Policy::Lru, Strategy::WriteBack, 1);
    assert_eq!((c.store_writes, c.lost_on_crash, c.cached), (1, 1, 2));
    // Cache-aside deletes a cached copy on a write: r1 w1 r1 is miss, delete, miss.
    let c = simulate(&script("r1 w1 r1"), 10, 5, Policy::Lru, Strategy::CacheAside, 1);
    assert_eq!((c.hits, c.store_reads, c.cached), (0, 2, 1));
    // Write-around keeps a cached copy fresh: r1 w1 r1 is miss, update, hit.
    let c = simulate(&script("r1 w1 r1"), 10, 5, Policy::Lru, Strategy::WriteAround, 1);
    assert_eq!((c.hits, c.store_reads), (1, 1));
}

#[test]
fn the_fast_policies_match_the_brute_force_ones() {
    for policy in Policy::ALL {
        for strategy in Strategy::ALL {
            for (items, skew, capacity, writes, seed) in
                [(20, 0.0, 5, 0.3, 1), (50, 1.0, 7, 0.2, 2), (8, 0.6, 3, 0.5, 3), (30, 1.5, 1, 0.1, 4), (10, 0.8, 10, 0.4, 5)]
            {
                let t = trace(items, skew, 3_000, writes, seed);
                let fast = simulate(&t, items, capacity, policy, strategy, seed);
                let slow = brute(&t, items, capacity, policy, strategy, seed);
                assert_eq!(fast, slow, "{policy:?} {strategy:?} items {items} skew {skew} capacity {capacity}");
            }
        }
    }
}

#[test]
fn the_sampler_gives_the_exact_zipf_probabilities() {
    // Skew 1 over 4 keys: weights 1, 1/2, 1/3, 1/4, total 25/12, so the probabilities are
    // 12/25, 6/25, 4/25, 3/25.
    let z = Zipf::new(4, 1.0);
    for (k, p) in [12.0, 6.0, 4.0, 3.0].into_iter().enumerate() {
        assert!((z.probability(k) - p / 25.0).abs() < 1e-15, "key {k}");
    }
    assert!((z.top_share(2) - 18.0 / 25.0).abs() < 1e-15);
    // The inverse CDF: u below 12/25 is key 0, from 12/25 to 18/25 key 1, and so on.
    for (u, k) in [(0.0, 0), (0.479, 0), (0.481, 1), (0.719, 1), (0.721, 2), (0.879, 2), (0.881, 3), (0.9999, 3)] {
        assert_eq!(z.key(u), k, "u = {u}");
    }
    // An even grid of u gives each key its exact share, to within one point.
    for (n, s) in [(1, 0.0), (7, 0.0), (100, 0.8), (1_000, 1.2), (37, 3.0)] {
        let z = Zipf::new(n, s);
        let grid = 200_000;
        let mut hits = vec![0u32; n as usize];
        for i in 0..grid {
            let u = (f64::from(i) + 0.5) / f64::from(grid);
            let k = z.key(u);
            assert_eq!(k, z.key_by_search(u));
            hits[k as usize] += 1;
        }
        for (k, &h) in hits.iter().enumerate() {
            let want = z.probability(k) * f64::from(grid);
            assert!((f64::from(h) - want).abs() <= 1.0, "n {n} s {s} key {k}: {h} vs {want}");
        }
    }
}

#[test]
fn the_seeded_trace_follows_the_probabilities() {
    // 200,000 draws over 5 keys at skew 1: each key's count within 4 standard deviations of
    // n p (sd = √(n p (1 − p))), and a write share within 4 sd of 0.25.
    let n = 200_000u32;
    let t = trace(5, 1.0, n, 0.25, 42);
    let z = Zipf::new(5, 1.0);
    for k in 0..5u32 {
        let got = t.iter().filter(|&&r| r & !WRITE == k).count() as f64;
        let p = z.probability(k as usize);
        let sd = (f64::from(n) * p * (1.0 - p)).sqrt();
        assert!((got - f64::from(n) * p).abs() < 4.0 * sd, "key {k}: {got}");
    }
    let writes = t.iter().filter(|&&r| r & WRITE != 0).count() as f64;
    assert!((writes - 50_000.0).abs() < 4.0 * (200_000.0f64 * 0.25 * 0.75).sqrt());
    // The same seed, the same trace; another seed, another.
    assert_eq!(t, trace(5, 1.0, n, 0.25, 42));
    assert_ne!(t, trace(5, 1.0, n, 0.25, 43));
}

/// The probabilities of `n` keys at skew `s`.
fn probabilities(n: u32, s: f64) -> Vec<f64> {
    let z = Zipf::new(n, s);
    (0..n as usize).map(|k| z.probability(k)).collect()
}

/// Every `c`-subset of `0..n`.
fn subsets(n: usize, c: usize) -> Vec<Vec<usize>> {
    if c == 0 {
        return vec![Vec::new()];
    }
    if n < c {
        return Vec::new();
    }
    let mut out = subsets(n - 1, c);
    for mut s in subsets(n - 1, c - 1) {
        s.push(n - 1);
        out.push(s);
    }
    out
}

/// The exact IRM hit ratio of random (and FIFO) replacement: the cache holds set `S` with
/// probability ∝ Π_{i∈S} p_i (Gelenbe 1973), and hits with probability Σ_{i∈S} p_i.
fn irm_random(p: &[f64], c: usize) -> f64 {
    let (mut norm, mut hit) = (0.0, 0.0);
    for s in subsets(p.len(), c) {
        let w: f64 = s.iter().map(|&i| p[i]).product();
        norm += w;
        hit += w * s.iter().map(|&i| p[i]).sum::<f64>();
    }
    hit / norm
}

/// The exact IRM hit ratio of LRU (King 1971): the stack holds `(i1, …, ic)` from the most
/// recent with probability Π_j p_{ij} / (1 − Σ_{l<j} p_{il}).
fn irm_lru(p: &[f64], c: usize) -> f64 {
    fn walk(p: &[f64], c: usize, used: &mut Vec<usize>, prob: f64, mass: f64, hit: &mut f64) {
        if used.len() == c {
            *hit += prob * mass;
            return;
        }
        for i in 0..p.len() {
            if !used.contains(&i) {
                used.push(i);
                walk(p, c, used, prob * p[i] / (1.0 - mass), mass + p[i], hit);
                used.pop();
            }
        }
    }
    let mut hit = 0.0;
    walk(p, c, &mut Vec::new(), 1.0, 0.0, &mut hit);
    hit
}

#[test]
fn long_runs_approach_the_exact_independent_reference_hit_ratios() {
    // 8 keys at skew 1, a cache of 3, 200,000 reads: the simulated hit ratio within 0.01 of the
    // exact one for each policy; random and FIFO share theirs; LFU tends to the top-3 share.
    let (n, c, s) = (8u32, 3usize, 1.0);
    let p = probabilities(n, s);
    let t = trace(n, s, 200_000, 0.0, 7);
    let ratio = |policy| simulate(&t, n, c as u32, policy, Strategy::CacheAside, 7).hit_ratio().unwrap();
    let random = irm_random(&p, c);
    let lru = irm_lru(&p, c);
    let top = Zipf::new(n, s).top_share(c);
    // Under independent requests LRU beats random, and the top-3 set beats both.
    assert!(random < lru && lru < top, "{random} {lru} {top}");
    for (policy, want) in [(Policy::Lru, lru), (Policy::Fifo, random), (Policy::Random, random), (Policy::Lfu, top)] {
        let got = ratio(policy);
        assert!((got - want).abs() < 0.01, "{policy:?}: {got} vs exact {want}");
    }
    // Uniform keys: every policy hits C/N.
    let t = trace(10, 0.0, 100_000, 0.0, 3);
    for policy in Policy::ALL {
        let got = simulate(&t, 10, 4, policy, Strategy::CacheAside, 3).hit_ratio().unwrap();
        assert!((got - 0.4).abs() < 0.01, "{policy:?}: {got}");
    }
}

#[test]
fn the_default_and_the_scenarios() {
    let s = CacheState::default();
    let c = s.run();
    assert_eq!(c.reads + c.writes, 100_000);
    assert_eq!(c.hits + c.store_reads, c.reads);
    // Cache-aside: every write reaches the store.
    assert_eq!(c.store_writes, c.writes);
    assert_eq!(c.lost_on_crash, 0);
    // Skewed beats uniform by far for the same 1 % cache; uniform hits about 1 %.
    let skewed = Preset::Skewed.state().run().hit_ratio().unwrap();
    let uniform = Preset::Uniform.state().run().hit_ratio().unwrap();
    assert!(skewed > 10.0 * uniform && (uniform - 0.01).abs() < 0.003, "{skewed} {uniform}");
    let wb = Preset::WriteBack.state().run();
    assert!(wb.lost_on_crash > 0 && wb.lost_on_crash <= 100 && wb.store_writes < wb.writes);
    for p in Preset::ALL {
        assert_eq!(CacheState::from_query(&[("preset", p.name())]).0, p.state());
        assert_eq!(p.state().named(), Some(p.name()));
    }
}

#[test]
fn the_curve_rises_with_the_cache_and_stays_under_the_ideal_for_lfu_only_roughly() {
    let s = CacheState { writes: 0.0, ..CacheState::default() };
    let t = s.trace();
    let curve = s.curve_on(&t);
    assert_eq!(curve.iter().map(|p| p.capacity).collect::<Vec<_>>(), [10, 20, 50, 100, 200, 500, 1000, 2000, 5000]);
    for w in curve.windows(2) {
        // LRU is a stack algorithm: a bigger cache never hits less on the same trace.
        assert!(w[1].hit_ratio >= w[0].hit_ratio && w[1].ideal > w[0].ideal);
    }
    // The point at the state's own capacity is the readout's.
    let at_100 = curve.iter().find(|p| p.capacity == 100).unwrap();
    assert_eq!(Some(at_100.hit_ratio), s.run_on(&t).hit_ratio());
    // Tiny stores: sizes stay at least 1 and do not repeat.
    let tiny = CacheState { items: 3, ..s };
    assert_eq!(tiny.curve_sizes(), [1, 2]);
}

#[test]
fn url_state_reads_and_refuses() {
    let (s, problems) = CacheState::from_query(&[
        ("capacity", "500"),
        ("items", "1000"),
        ("skew", "1.2"),
        ("policy", "LFU"),
        ("requests", "5000"),
        ("writes", "0.25"),
        ("strategy", "write-back"),
        ("seed", "9"),
    ]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!((s.capacity, s.items, s.policy, s.strategy, s.seed), (500, 1000, Policy::Lfu, Strategy::WriteBack, 9));
    for (k, v) in [
        ("capacity", "0"),
        ("items", "100001"),
        ("skew", "-1"),
        ("skew", "NaN"),
        ("policy", "mru"),
        ("requests", "1.5"),
        ("writes", "2"),
        ("strategy", "write-behind"),
        ("seed", "-3"),
    ] {
        let (t, problems) = CacheState::from_query(&[(k, v)]);
        assert_eq!(t, CacheState::default(), "{k}={v}");
        assert_eq!(problems.len(), 1, "{k}={v}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_small_run_matches_the_brute_force_and_keeps_its_books(
        items in 1u32..40,
        capacity in 1u32..45,
        skew in 0.0..2.5f64,
        writes in 0.0..1.0f64,
        len in 0u32..600,
        seed in 0u64..1000,
        policy in prop::sample::select(Policy::ALL.to_vec()),
        strategy in prop::sample::select(Strategy::ALL.to_vec()),
    ) {
        let t = trace(items, skew, len, writes, seed);
        let c = simulate(&t, items, capacity, policy, strategy, seed);
        prop_assert_eq!(c, brute(&t, items, capacity, policy, strategy, seed));
        prop_assert_eq!(c.reads + c.writes, len);
        prop_assert_eq!(c.hits + c.store_reads, c.reads);
        prop_assert!(c.cached <= capacity.min(items));
        match strategy {
            // Every write is stored at once, or (write-back) on eviction or lost in the crash.
            Strategy::WriteBack => prop_assert!(c.store_writes + c.lost_on_crash <= c.writes),
            _ => prop_assert!(c.store_writes == c.writes && c.lost_on_crash == 0),
        }
        // A cache that holds everything misses each key at most once per write that removed it.
        if capacity >= items && strategy != Strategy::CacheAside {
            prop_assert!(c.store_reads <= items);
        }
    }
}


#[test]
fn a_remembered_run_is_the_run() {
    let a = CacheState { capacity: 7, items: 50, requests: 2_000, ..CacheState::default() };
    let b = CacheState { policy: Policy::Fifo, ..a.clone() };
    for s in [&a, &b, &a, &CacheState { seed: 2, ..a.clone() }, &b] {
        assert_eq!(remembered_run(s), s.run());
    }
}

#[test]
fn more_writes_keep_the_same_keys() {
    let keys = |writes| trace(100, 0.8, 1_000, writes, 5).into_iter().map(|r| r & !WRITE).collect::<Vec<_>>();
    assert_eq!(keys(0.0), keys(0.3));
    assert_eq!(keys(0.3), keys(1.0));
    assert!(trace(100, 0.8, 1_000, 1.0, 5).iter().all(|r| r & WRITE != 0));
}

