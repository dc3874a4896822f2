use super::*;
use proptest::prelude::*;

fn state(pairs: &[(&str, &str)]) -> LoadBalancerState {
    let (s, problems) = LoadBalancerState::from_query(pairs);
    assert!(problems.is_empty(), "{problems:?}");
    s
}

fn served(run: &Run) -> Vec<u32> {
    run.servers.iter().map(|s| s.served).collect()
}

#[test]
fn five_equal_servers_under_round_robin_never_queue() {
    // 5 servers of weight 1: 7 × 5 = 35 requests a second, one every 28.57 ms. Round robin
    // gives each server every fifth request, one every 142.9 ms, longer than the 100 ms a
    // request takes: no request ever waits, so every response time is 100 ms, and 1,000
    // requests split 200 each.
    let run = LoadBalancerState::default().run();
    assert_eq!(run.rate, 35.0);
    assert_eq!(served(&run), [200; 5]);
    assert_eq!((run.p50_ms, run.p99_ms, run.max_ms), (Some(100.0), Some(100.0), Some(100.0)));
    assert_eq!(run.errors, 0);
    assert!(run.servers.iter().all(|s| s.peak == 1));
    // The last request (i = 999) arrives at ⌊999 × 10⁶ / 35⌋ µs = 28,542,857 µs.
    assert_eq!(run.last_arrival_s, 28.542857);
}

#[test]
fn a_slow_server_under_round_robin_piles_up_its_queue() {
    // Server 3 takes 4 × 100 = 400 ms a request but still gets every fifth request (i = 5k + 2,
    // arriving every 142.857 ms), so its queue grows by 400 − 142.857 = 257.143 ms a request.
    // Its k-th request (from 0) arrives at a_k = ⌊(5k + 2) × 10⁶ / 35⌋ µs and, waiting behind all
    // the earlier ones, completes at a_0 + 400 ms × (k + 1). The p99 of 1,000 response times is
    // the 990th smallest, the 11th largest: server 3's request k = 189, which arrives at
    // ⌊947 × 10⁶ / 35⌋ = 27,057,142 µs and completes at 57,142 + 190 × 400,000 = 76,057,142 µs:
    // 49,000,000 µs, 49,000 ms. The slowest, k = 199: ⌊997 × 10⁶ / 35⌋ = 28,485,714;
    // 57,142 + 80,000,000 − 28,485,714 = 51,571,428 µs.
    let run = Preset::SlowServer.state().run();
    assert_eq!(served(&run), [200; 5]);
    assert_eq!(run.p99_ms, Some(49_000.0));
    assert_eq!(run.max_ms, Some(51_571.428));
    // Server 3's own p99 is its ⌈0.99 × 200⌉ = 198th, k = 197: a_197 = 987 × 10⁶ / 35 =
    // 28,200,000 µs exactly; 57,142 + 198 × 400,000 − 28,200,000 = 51,057,142 µs.
    assert_eq!(run.servers[2].p99_ms, Some(51_057.142));
    assert!(run.servers[2].slow && run.servers.iter().filter(|s| s.slow).count() == 1);
    // The other four never queue.
    assert!(run.servers.iter().enumerate().all(|(i, s)| i == 2 || s.p99_ms == Some(100.0)));
}

#[test]
fn least_connections_steers_around_the_slow_server() {
    // At 70 % load at most 4 requests are in progress at any moment (35 a second × 0.1 s = 3.5),
    // so a server with nothing to do always exists and least connections picks one: nothing
    // waits. The slow server still gets a request whenever it is idle and first in turn, and
    // each of those takes 400 ms: 59 of 1,000 requests, over 1 %, so the p99 is 400 ms.
    let run = state(&[("preset", "slow-server"), ("algorithm", "least-connections")]).run();
    assert_eq!(run.p99_ms, Some(400.0));
    assert_eq!(run.p50_ms, Some(100.0));
    assert_eq!(served(&run), [236, 235, 59, 235, 235]);
    assert!(run.servers.iter().all(|s| s.peak == 1), "no server ever holds two requests");
}

#[test]
fn health_checks_bound_the_errors() {
    // Server 2 is down from t = 0; the first check, at 10 s, takes it out. Requests i with
    // ⌊i × 10⁶ / 35⌋ < 10⁷ µs are i = 0 … 349 (i = 350 arrives exactly at 10 s and meets the new
    // rotation). Round robin sent server 2 those with i mod 5 = 1: 1, 6, …, 346, that is 70.
    let run = Preset::FailingServer.state().run();
    assert_eq!(run.errors, 70);
    assert_eq!(run.servers[1].errors, 70);
    assert_eq!(run.servers[1].served, 0);
    assert_eq!(run.served, 930);
    assert_eq!(run.removed_at_s, Some(10.0));
    // Every 2 s: i < 70, of which 1, 6, …, 66 went to server 2: 14. 10 s ÷ 2 s = five times fewer.
    assert_eq!(state(&[("preset", "failing-server"), ("health_s", "2")]).run().errors, 14);
    // A run that ends before the first check: 100 requests last 2.83 s, so every fifth fails.
    let short = state(&[("preset", "failing-server"), ("requests", "100")]).run();
    assert_eq!((short.errors, short.removed_at_s), (20, None));
    assert!(caption(&Preset::FailingServer.state(), &short).contains("before the first health check"));
}

#[test]
fn weighted_round_robin_follows_the_sizes() {
    // Weights 3, 1, 1: 7 × 5 = 35 a second. Smooth weighted round robin, credits (c1, c2, c3):
    // +w → (3,1,1) pick 1, −5 → (−2,1,1); +w → (1,2,2) pick 2 → (1,−3,2); +w → (4,−2,3) pick 1
    // → (−1,−2,3); +w → (2,−1,4) pick 3 → (2,−1,−1); +w → (5,0,0) pick 1 → (0,0,0): 1,2,1,3,1.
    // So 600, 200, 200 of 1,000; server 1 (3 workers) gets 21 a second against its 30, servers
    // 2 and 3 get 7 against 10, one every 142.9 ms: nobody waits.
    let run = state(&[("preset", "unequal-servers"), ("algorithm", "weighted")]).run();
    assert_eq!(served(&run), [600, 200, 200]);
    assert_eq!(run.p99_ms, Some(100.0));
    // Plain round robin gives each a third, 11.67 a second: more than the 10 that servers 2 and 3
    // can serve, so their queues grow (by 100 − 85.7 = 14.3 ms a request, every 85.7 ms).
    let rr = Preset::UnequalServers.state().run();
    assert_eq!(served(&rr), [334, 333, 333]);
    assert!(rr.p99_ms.unwrap() > 4_000.0, "{:?}", rr.p99_ms);
    assert!(rr.servers[1].peak > 40 && rr.servers[0].peak <= 3);
}

#[test]
fn ip_hash_sends_each_client_to_one_server() {
    let s = Preset::FewClients.state();
    let run = s.run();
    let clients = client_stream(s.seed, s.clients, s.requests);
    // Each client's requests all land on hash_slot(client): count them per server.
    let mut want = vec![0u32; 5];
    for c in &clients {
        want[hash_slot(*c, 5)] += 1;
    }
    assert_eq!(served(&run), want);
    let busy = run.servers.iter().filter(|s| s.served > 0).count();
    assert!(busy <= 3, "three clients reach at most three servers");
}

#[test]
fn a_slow_server_that_is_also_down_counts_as_down() {
    let s = state(&[("slow", "2"), ("down", "2")]);
    let run = s.run();
    assert!(run.servers[1].down && !run.servers[1].slow);
    assert!(s.notes().iter().any(|n| n.contains("both slow and failing")));
}

#[test]
fn settings_that_do_not_fit_are_explained() {
    let s = state(&[("servers", "3"), ("weights", "3,1,1,2"), ("slow", "7")]);
    assert_eq!(s.effective_weights(), [3, 1, 1]);
    let notes = s.notes();
    assert!(notes.iter().any(|n| n.contains("the last one is ignored")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("no server 7")), "{notes:?}");
    assert!(s.run().servers.iter().all(|s| !s.slow));
    let short = state(&[("servers", "4"), ("weights", "2")]);
    assert_eq!(short.effective_weights(), [2, 1, 1, 1]);
    assert!(short.notes()[0].contains("servers 2–4 have none"), "{:?}", short.notes());
    // 7 × (2 + 1 + 1 + 1) = 35 a second.
    assert_eq!(short.rate(), 35.0);
    assert!(LoadBalancerState::default().notes().is_empty());
}

#[test]
fn settings_are_read_and_refused_with_reasons() {
    let mut s = LoadBalancerState::default();
    for (key, value) in [
        ("servers", "10"),
        ("weights", " 3, 1 ,1"),
        ("algorithm", "Two-Choices"),
        ("requests", "10000"),
        ("clients", "1"),
        ("slow", "4"),
        ("slow_factor", "2.5"),
        ("down", "none"),
        ("health_s", "0.5"),
        ("seed", "4294967295"),
    ] {
        assert_eq!(s.set(key, value), Ok(()), "{key}={value}");
    }
    assert_eq!(s.weights, [3, 1, 1]);
    assert_eq!(s.get("weights"), "3,1,1");
    assert_eq!(s.get("algorithm"), "two-choices");
    let before = s.clone();
    for (key, value, says) in [
        ("servers", "1", "from 2 to 10"),
        ("servers", "11", "from 2 to 10"),
        ("weights", "3,0,1", "weight 2"),
        ("weights", "1,1,1,1,1,1,1,1,1,1,1", "at most 10"),
        ("weights", "2.5", "whole number"),
        ("algorithm", "fastest", "round-robin, weighted"),
        ("requests", "0", "from 1 to 10,000"),
        ("requests", "10001", "from 1 to 10,000"),
        ("clients", "1.5", "whole number"),
        ("slow", "0", "server number, or none"),
        ("down", "11", "server number, or none"),
        ("slow_factor", "0.5", "from 1 to 100"),
        ("health_s", "0", "from 0.1 to 600"),
        ("health_s", "NaN", "not a number"),
        ("seed", "-1", "whole number"),
        ("color", "red", "servers, weights"),
    ] {
        let message = s.set(key, value).unwrap_err();
        assert!(message.contains(says), "{key}={value}: {message}");
    }
    assert_eq!(s, before, "a refused value changes nothing");
    assert_eq!(s.with("weights", "").unwrap().weights, Vec::<u32>::new());
}

#[test]
fn scenarios_are_named_while_their_values_hold() {
    let slow = Preset::SlowServer.state();
    assert_eq!(slow.named(), Some("slow-server"));
    assert_eq!(slow.to_query(), [("preset", "slow-server".to_string())]);
    let (lc, problems) = LoadBalancerState::from_query(&[("preset", "slow-server"), ("algorithm", "least-connections")]);
    assert!(problems.is_empty());
    assert_eq!(lc.named(), None);
    assert_eq!(LoadBalancerState::from_query(&lc.to_query()), (lc, Vec::new()));
    assert!(LoadBalancerState::default().to_query().is_empty());
}

#[test]
fn the_twin_lists_every_server_and_the_pool() {
    let t = Preset::FailingServer.state().twin().unwrap();
    assert_eq!(t.head, ["Server", "Weight", "State", "Sent", "Served", "Errors", "p99", "Most at once"]);
    assert_eq!(t.rows.len(), 6);
    assert_eq!(t.rows[1], ["Server 2", "1", "failing", "70", "0", "70", "–", "0"]);
    assert_eq!(t.rows[5][..6], ["All", "5", "", "1,000", "930", "70"]);
    assert_eq!(t.rows[5][6], "100 ms");
    assert!(t.caption.contains("35 a second") && t.caption.contains("out at 10 s"), "{}", t.caption);
    let slow = Preset::SlowServer.state().twin().unwrap();
    assert_eq!(slow.rows[2][2], "slow ×4");
    assert_eq!(slow.rows[5][6], "49,000 ms");
}

#[test]
fn nearest_rank_by_hand() {
    // p99 of 1 … 100 is the 99th; of 1 … 1,000 the 990th; of 1 … 10 the ⌈9.9⌉ = 10th; p50 of
    // 1 … 5 the ⌈2.5⌉ = 3rd.
    let v: Vec<u64> = (1..=1000).collect();
    assert_eq!(nearest_rank(&v[..100], 99), Some(99));
    assert_eq!(nearest_rank(&v, 99), Some(990));
    assert_eq!(nearest_rank(&v[..10], 99), Some(10));
    assert_eq!(nearest_rank(&v[..5], 50), Some(3));
    assert_eq!(nearest_rank(&[], 99), None);
}

/// A second implementation, written the slow and obvious way, for the algorithms that draw
/// nothing at random: every request remembers its server and completion time, a server's
/// connections at `t` are counted over all of them, and on a server of `w` workers serving in
/// order, request k starts when it arrives or when request k − w of that server is done.
fn reference(s: &LoadBalancerState) -> (Vec<u32>, Vec<u32>, Vec<u64>) {
    let w = s.effective_weights();
    let n = w.len();
    let total: u64 = w.iter().map(|&x| u64::from(x)).sum();
    let slow = s.slow.filter(|&x| x <= n).map(|x| x - 1);
    let down = s.down.filter(|&x| x <= n).map(|x| x - 1);
    let clients = client_stream(s.seed, s.clients, s.requests);
    let mut done: Vec<(usize, u64)> = Vec::new();
    let mut per_server: Vec<Vec<u64>> = vec![Vec::new(); n];
    let (mut sent, mut errors, mut times) = (vec![0u32; n], vec![0u32; n], Vec::new());
    let (mut last, mut credit) = (n - 1, vec![0i64; n]);
    for (i, &client) in clients.iter().enumerate() {
        let t = i as u64 * 1_000_000 / (7 * total);
        let up = |x: usize| Some(x) != down || (t as f64) < s.health_s * 1e6;
        let conns = |x: usize| done.iter().filter(|&&(srv, d)| srv == x && d > t).count();
        let order: Vec<usize> = (1..=n).map(|k| (last + k) % n).filter(|&x| up(x)).collect();
        let pick = match s.algorithm {
            Algorithm::RoundRobin => order[0],
            Algorithm::LeastConnections => *order.iter().min_by_key(|&&x| conns(x)).unwrap(),
            Algorithm::Weighted => {
                let live: Vec<usize> = (0..n).filter(|&x| up(x)).collect();
                for &x in &live {
                    credit[x] += i64::from(w[x]);
                }
                let best = *live.iter().rev().max_by_key(|&&x| credit[x]).unwrap();
                credit[best] -= live.iter().map(|&x| i64::from(w[x])).sum::<i64>();
                best
            }
            Algorithm::IpHash => {
                let h = hash_slot(client, n);
                (0..n).map(|k| (h + k) % n).find(|&x| up(x)).unwrap()
            }
            _ => unreachable!(),
        };
        if matches!(s.algorithm, Algorithm::RoundRobin | Algorithm::LeastConnections) {
            last = pick;
        }
        sent[pick] += 1;
        if Some(pick) == down {
            errors[pick] += 1;
            continue;
        }
        let service = if Some(pick) == slow { (100_000.0 * s.slow_factor).round() as u64 } else { 100_000 };
        let queue = &mut per_server[pick];
        let k = queue.len();
        let start = if k >= w[pick] as usize { t.max(queue[k - w[pick] as usize]) } else { t };
        queue.push(start + service);
        done.push((pick, start + service));
        times.push(start + service - t);
    }
    times.sort_unstable();
    (sent, errors, times)
}

fn deterministic() -> impl Strategy<Value = LoadBalancerState> {
    (
        2usize..=6,
        prop::collection::vec(1u32..=4, 0..7),
        prop::sample::select(vec![Algorithm::RoundRobin, Algorithm::Weighted, Algorithm::LeastConnections, Algorithm::IpHash]),
        1u32..=400,
        1u32..=20,
        prop::option::of(1usize..=7),
        1.0..8.0f64,
        prop::option::of(1usize..=7),
        0.5..10.0f64,
        0u64..1000,
    )
        .prop_map(|(servers, weights, algorithm, requests, clients, slow, slow_factor, down, health_s, seed)| {
            LoadBalancerState { servers, weights, algorithm, requests, clients, slow, slow_factor, down, health_s, seed }
        })
}

fn any_state() -> impl Strategy<Value = LoadBalancerState> {
    (deterministic(), prop::sample::select(Algorithm::ALL.to_vec())).prop_map(|(s, algorithm)| LoadBalancerState { algorithm, ..s })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_simulation_agrees_with_the_slow_reference(s in deterministic()) {
        let run = s.run();
        let (sent, errors, mut times) = reference(&s);
        prop_assert_eq!(run.servers.iter().map(|x| x.sent).collect::<Vec<_>>(), sent);
        prop_assert_eq!(run.servers.iter().map(|x| x.errors).collect::<Vec<_>>(), errors);
        times.dedup();
        let want = |p| nearest_rank(&reference(&s).2, p).map(|us| us as f64 / 1e3);
        prop_assert_eq!(run.p99_ms, want(99));
        prop_assert_eq!(run.p50_ms, want(50));
        prop_assert_eq!(run.max_ms, times.last().map(|&us| us as f64 / 1e3));
    }

    #[test]
    fn every_request_is_served_or_counted_as_an_error(s in any_state()) {
        let run = s.run();
        prop_assert_eq!(run.served + run.errors, s.requests);
        prop_assert_eq!(run.servers.iter().map(|x| x.sent).sum::<u32>(), s.requests);
        for (i, x) in run.servers.iter().enumerate() {
            prop_assert_eq!(x.served + x.errors, x.sent);
            // Only the failing server fails, and only before the first check takes it out: at
            // most the requests that arrive in that time.
            if x.errors > 0 {
                prop_assert!(x.down && s.down == Some(i + 1));
            }
        }
        let before = (0..s.requests).filter(|&i| (arrival_us(i, s.effective_weights().iter().map(|&w| u64::from(w)).sum()) as f64) < s.health_s * 1e6).count();
        prop_assert!(run.errors as usize <= before);
        // Nothing is faster than a well server's 100 ms; nothing beats the order p50 ≤ p99 ≤ max.
        if let (Some(p50), Some(p99), Some(max)) = (run.p50_ms, run.p99_ms, run.max_ms) {
            prop_assert!(100.0 <= p50 && p50 <= p99 && p99 <= max);
        }
        prop_assert_eq!(s.run(), run, "the same state gives the same run");
    }

    #[test]
    fn without_trouble_round_robin_and_least_connections_never_queue(servers in 2usize..=10, requests in 1u32..=2000, seed in 0u64..100) {
        // At 70 % load with equal servers and equal requests, some server is always idle, and
        // both algorithms find one.
        for algorithm in [Algorithm::RoundRobin, Algorithm::LeastConnections, Algorithm::Weighted] {
            let s = LoadBalancerState { servers, requests, seed, algorithm, ..LoadBalancerState::default() };
            let run = s.run();
            prop_assert_eq!(run.max_ms, Some(100.0));
            prop_assert_eq!(run.errors, 0);
        }
    }
}
