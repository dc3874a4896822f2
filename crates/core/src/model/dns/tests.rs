use super::*;

fn state(pairs: &[(&str, &str)]) -> DnsState {
    let (s, problems) = DnsState::from_query(pairs);
    assert!(problems.is_empty(), "{problems:?}");
    s
}

/// (queries upstream, ms, first party asked) of every lookup.
fn summary(s: &DnsState) -> Vec<(usize, f64, Option<Party>)> {
    s.run().lookups.iter().map(|l| (l.upstream, l.time_ms, l.start)).collect()
}

#[test]
fn the_lessons_four_cases_by_hand() {
    // Round trips 10 ms stub ↔ resolver, 15 root, 25 TLD, 60 authoritative; TTL 300 s;
    // lookups at 0, 30, 400 s from a cold resolver:
    // - at 0 s nothing is cached: root, TLD, authoritative, 10 + 15 + 25 + 60 = 110 ms;
    // - at 30 s the A record (fetched at 0, fresh until 300) answers: 10 ms, no query;
    // - at 400 s the A record expired at 300 s, example.com's delegation (fresh until
    //   172,800 s) is not: the authoritative server only, 10 + 60 = 70 ms.
    let s = DnsState::default();
    assert_eq!(
        summary(&s),
        [(3, 110.0, Some(Party::Root)), (0, 10.0, None), (1, 70.0, Some(Party::Auth))]
    );
    // The same lookups with only the root's .com referral cached (another user's lookup): the
    // resolver still asks a .com server and then the authoritative one: 10 + 25 + 60 = 95 ms.
    let warm = DnsState::preset("com-cached").unwrap();
    assert_eq!(
        summary(&warm),
        [(2, 95.0, Some(Party::Tld)), (0, 10.0, None), (1, 70.0, Some(Party::Auth))]
    );
}

#[test]
fn the_delegations_expire_after_two_days() {
    // TTL 60 s, one round trip of 20 ms for every leg. Lookups at:
    // 0 → cold: 3 queries, 20 + 3 × 20 = 80 ms;
    // 59 → A fresh (59 < 0 + 60): 0 queries, 20 ms;
    // 60 → A expired exactly at 60: domain NS fresh: 1 query, 40 ms (A refetched at 60);
    // 172,799 → A (60 + 60 = 120) expired, domain NS fresh (172,799 < 172,800): 1 query, 40;
    // 172,800 → both referrals expired at 172,800, the A record fetched at 172,799 is fresh
    //   (172,800 < 172,859): 0 queries, 20 ms;
    // 172,900 → the A record expired at 172,859 and so have both referrals: 3 queries, 80 ms.
    let s = state(&[("ttl", "60"), ("hop_ms", "20"), ("at", "0,59,60,172799,172800,172900")]);
    let got: Vec<(usize, f64)> = summary(&s).into_iter().map(|(n, ms, _)| (n, ms)).collect();
    assert_eq!(got, [(3, 80.0), (0, 20.0), (1, 40.0), (1, 40.0), (0, 20.0), (3, 80.0)]);
}

#[test]
fn a_warm_tld_referral_also_expires() {
    // Warm at 0 s: the .com referral is used until 172,800 s. At 172,800 s with nothing else
    // cached the resolver starts at the root again.
    let s = state(&[("warm", "tld"), ("at", "172799"), ("hop_ms", "1")]);
    assert_eq!(summary(&s), [(2, 3.0, Some(Party::Tld))]);
    let s = state(&[("warm", "tld"), ("at", "172800"), ("hop_ms", "1")]);
    assert_eq!(summary(&s), [(3, 4.0, Some(Party::Root))]);
}

#[test]
fn a_ttl_of_zero_is_never_reused() {
    // Lookups at 0, 0 and 1 s: the A record is fetched every time, the delegations once.
    let s = state(&[("ttl", "0"), ("at", "0,0,1"), ("hop_ms", "10")]);
    let got: Vec<usize> = summary(&s).into_iter().map(|(n, _, _)| n).collect();
    assert_eq!(got, [3, 1, 1]);
}

#[test]
fn the_stub_gets_what_is_left_of_the_ttl() {
    // Fetched at 0 with TTL 300: at 30 s the resolver hands out 270 s; at 299 s, 1 s.
    let s = state(&[("at", "0,30,299")]);
    let given: Vec<u64> = s.run().lookups.iter().map(|l| l.ttl_given).collect();
    assert_eq!(given, [300, 270, 1]);
}

#[test]
fn messages_go_out_and_back_in_half_round_trips() {
    // Cold, 10/15/25/60: the stub's query arrives at 5 ms; root query 12.5, referral 20;
    // TLD query 32.5, referral 45; authoritative query 75, answer 105; the stub has it at 110.
    let s = DnsState::default();
    let run = s.run();
    let first = &run.lookups[0];
    assert_eq!(first.count, 8);
    let msgs = &run.messages[first.first..first.first + first.count];
    let times: Vec<f64> = msgs.iter().map(|m| m.elapsed_ms).collect();
    assert_eq!(times, [5.0, 12.5, 20.0, 32.5, 45.0, 75.0, 105.0, 110.0]);
    let legs: Vec<(Party, Party)> = msgs.iter().map(|m| (m.from, m.to)).collect();
    use Party::*;
    assert_eq!(
        legs,
        [(Stub, Resolver), (Resolver, Root), (Root, Resolver), (Resolver, Tld), (Tld, Resolver), (Resolver, Auth), (Auth, Resolver), (Resolver, Stub)]
    );
    let kinds: Vec<Kind> = msgs.iter().map(|m| m.kind).collect();
    assert_eq!(kinds[2], Kind::Referral);
    assert_eq!(kinds[4], Kind::Referral);
    assert_eq!(kinds[6], Kind::Answer);
    assert!(msgs[2].text.contains("com. NS a.gtld-servers.net") && msgs[2].text.contains("172,800"), "{}", msgs[2].text);
    assert!(msgs[4].text.contains("example.com. NS"), "{}", msgs[4].text);
    assert!(msgs[6].text.contains("203.0.113.10") && msgs[6].text.contains("TTL 300 s"), "{}", msgs[6].text);
    // The second lookup: two messages, answered from the cache.
    assert_eq!(run.lookups[1].count, 2);
    assert!(run.messages[run.lookups[1].first + 1].text.contains("from the cache, TTL 270 s"));
}

#[test]
fn the_cache_at_each_moment() {
    let s = DnsState::default();
    let run = s.run();
    // Before any message: empty, at the first lookup's time.
    assert_eq!(s.cache_at(&run, 0), (0, vec![]));
    // After the root's referral (message 3): only com. NS, fetched at 0.
    let (now, entries) = s.cache_at(&run, 3);
    assert_eq!(now, 0);
    assert_eq!(entries, [Entry { record: Record::TldNs, fetched: 0, ttl: 172_800, left: 172_800 }]);
    // During lookup 3 (at 400 s, its first message is the 11th): the A record has 0 s left.
    let (now, entries) = s.cache_at(&run, 11);
    assert_eq!(now, 400);
    let left: Vec<(Record, u64)> = entries.iter().map(|e| (e.record, e.left)).collect();
    assert_eq!(left, [(Record::TldNs, 172_400), (Record::DomainNs, 172_400), (Record::A, 0)]);
    // At the end the A record was fetched again at 400 s.
    let (_, entries) = s.cache_at(&run, run.messages.len());
    assert_eq!(entries[2], Entry { record: Record::A, fetched: 400, ttl: 300, left: 300 });
    assert_eq!(entries[2].expires(), 700);
}

#[test]
fn names_are_checked_as_dns_names() {
    let ok = |t: &str| check_name(t).unwrap();
    assert_eq!(ok("Shop.Example.COM."), "shop.example.com");
    assert_eq!(ok("a-b.c1.org"), "a-b.c1.org");
    let label63 = "a".repeat(63);
    assert_eq!(ok(&format!("{label63}.com")), format!("{label63}.com"));
    // 253 characters: four labels of 62 and a dot between each (4 × 62 + 3 = 251) + ".x" → 253.
    let long = format!("{0}.{0}.{0}.{0}.x", "b".repeat(62));
    assert_eq!(long.len(), 253);
    assert_eq!(ok(&long), long);
    for bad in ["", ".", "com", "a..com", ".a.com", "a.com..", "-a.com", "a-.com", "a_b.com", "a b.com", "10.0.0.1", "é.com", "<b>.com"] {
        assert!(check_name(bad).is_err(), "{bad:?} should be refused");
    }
    assert!(check_name(&format!("{}a.com", label63)).is_err(), "a 64-character label");
    assert!(check_name(&format!("{long}x")).is_err(), "254 characters");
}

#[test]
fn settings_are_bounded_and_refusals_change_nothing() {
    let s = DnsState::default();
    for (key, bad) in [
        ("ttl", "-1"),
        ("ttl", "1.5"),
        ("ttl", "2147483648"),
        ("at", ""),
        ("at", "30,0"),
        ("at", "0,1,2,3,4,5,6,7,8,9,10,11,12"),
        ("at", "31536001"),
        ("at", "0,,5"),
        ("hop_ms", "10,20"),
        ("hop_ms", "-5"),
        ("hop_ms", "10001"),
        ("hop_ms", "NaN"),
        ("warm", "all"),
        ("step", "-1"),
        ("name", "x"),
    ] {
        let err = s.with(key, bad).expect_err(&format!("{key}={bad}"));
        assert!(!err.is_empty());
    }
    assert_eq!(s.with("at", "0,0,5").unwrap().at, [0, 0, 5], "two lookups at the same second are allowed");
    assert_eq!(s.with("at", "0,1,2,3,4,5,6,7,8,9,10,11").unwrap().at.len(), 12);
    assert_eq!(s.with("hop_ms", "7").unwrap().hop_ms, [7.0; 4]);
    assert_eq!(s.with("hop_ms", "7,7,7,7").unwrap().get("hop_ms"), "7");
    assert_eq!(s.with("step", "end").unwrap().step, None);
}

#[test]
fn the_scenario_survives_stepping_and_the_url_round_trips() {
    let (s, problems) = DnsState::from_query(&[("preset", "com-cached"), ("step", "4")]);
    assert!(problems.is_empty());
    assert_eq!(s.named(), Some("com-cached"));
    assert_eq!(s.query_string(), "preset=com-cached&step=4");
    let (s, _) = DnsState::from_query(&[("preset", "com-cached"), ("ttl", "60")]);
    assert_eq!(s.named(), None);
    assert_eq!(s.query_string(), "ttl=60&warm=tld");
    assert_eq!(DnsState::default().query_string(), "");
    let (s, _) = DnsState::from_query(&[("hop_ms", "20"), ("at", "0,5")]);
    assert_eq!(DnsState::from_query(&s.to_query()).0, s);
}

#[test]
fn the_twin_lists_every_lookup() {
    let t = DnsState::default().twin().unwrap();
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.rows[0], ["1 at 0 s", "the root server", "3", "110 ms"]);
    assert_eq!(t.rows[1][2..], ["0".to_string(), "10 ms".to_string()]);
    assert_eq!(t.rows[2][2..], ["1".to_string(), "70 ms".to_string()]);
}

/// A second implementation for the properties: the queries a lookup needs, from the cache's
/// fetch times kept as a plain list of (record, fetched) events.
fn brute_force(s: &DnsState) -> Vec<usize> {
    let mut events: Vec<(u8, u64)> = if s.warm == Warm::Tld { vec![(0, 0)] } else { vec![] };
    let mut out = Vec::new();
    for &t in &s.at {
        let alive = |kind: u8, ttl: u64| events.iter().any(|&(k, f)| k == kind && f <= t && t - f < ttl);
        // Newest fetch wins, and every fetch is at or before t, so "any fetch still alive"
        // equals "the latest fetch is alive".
        let n = if alive(2, s.ttl) {
            0
        } else if alive(1, DELEGATION_TTL) {
            1
        } else if alive(0, DELEGATION_TTL) {
            2
        } else {
            3
        };
        for kind in (3 - n as u8)..3 {
            events.push((kind, t));
        }
        out.push(n);
    }
    out
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn any_state() -> impl Strategy<Value = DnsState> {
        (
            0u64..400_000,
            prop::collection::vec(0u64..400_000, 1..=MAX_LOOKUPS),
            prop::array::uniform4(0.0..=MAX_HOP_MS),
            any::<bool>(),
        )
            .prop_map(|(ttl, mut at, hop_ms, warm)| {
                at.sort_unstable();
                DnsState { ttl, at, hop_ms, warm: if warm { Warm::Tld } else { Warm::None }, ..DnsState::default() }
            })
    }

    proptest! {
        #[test]
        fn queries_agree_with_a_brute_force_cache(s in any_state()) {
            let got: Vec<usize> = s.run().lookups.iter().map(|l| l.upstream).collect();
            prop_assert_eq!(got, brute_force(&s));
        }

        #[test]
        fn time_is_the_stub_leg_plus_one_round_trip_per_query(s in any_state()) {
            let run = s.run();
            let mut total = 0;
            for l in &run.lookups {
                let legs = [Party::Root, Party::Tld, Party::Auth];
                let asked: f64 = legs[3 - l.upstream..].iter().map(|p| s.rtt(*p)).sum();
                prop_assert!((l.time_ms - (s.hop_ms[0] + asked)).abs() <= 1e-9 * l.time_ms.max(1.0));
                prop_assert_eq!(l.count, 2 + 2 * l.upstream);
                prop_assert_eq!(l.first, total);
                total += l.count;
                let last = &run.messages[l.first + l.count - 1];
                prop_assert_eq!((last.from, last.to, last.elapsed_ms), (Party::Resolver, Party::Stub, l.time_ms));
                prop_assert!(l.ttl_given <= s.ttl);
            }
            prop_assert_eq!(total, run.messages.len());
        }

        #[test]
        fn a_repeat_within_the_ttl_is_answered_from_the_cache(s in any_state(), gap in 0u64..1000) {
            // Ask again `gap` seconds after the last lookup: while the A record lives, no query.
            let mut again = s.clone();
            let last = *s.at.last().unwrap();
            again.at = vec![last, last + gap];
            let lookups = again.run().lookups;
            prop_assert_eq!(lookups[1].upstream == 0, gap < s.ttl);
        }
    }
}
