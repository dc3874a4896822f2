use super::*;
use proptest::prelude::*;

fn state(produce: u32, seconds: u32, consumers: u32, consume: u32, partitions: u32, capacity: u64, full: Full) -> BrokerState {
    BrokerState { produce, seconds, consumers, consume, partitions, capacity, full, mode: Mode::Queue, groups: 1 }
}

/// A second implementation, message by message, written from the rules in the words of the
/// lesson and sharing no code with the model: each partition is a count of waiting messages;
/// message `n` goes to partition `n mod P`; partition `p` belongs to consumer `p mod C`. A
/// message is accepted when, with it, the consumers could still bring every backlog together
/// to at most `capacity` by the end of the second (each consumer takes up to its rate,
/// visiting its partitions one message at a time, skipping empty ones). `block`: the producer
/// stops for the second at the first refusal; `drop`: the refused message is lost. Returns
/// (max depth, end of production, drain seconds, dropped, consumed during production, left).
fn reference(s: &BrokerState) -> (u64, u64, Option<u64>, u64, u64, u64) {
    let (p, c) = (s.partitions as usize, s.consumers as usize);
    let rate = s.consume as u64;
    let mut parts = vec![0u64; p];
    // What the consumers leave at the end of the second, without changing `parts`.
    let leave = |parts: &[u64]| -> Vec<u64> {
        let mut left = parts.to_vec();
        for j in 0..c {
            let mine: Vec<usize> = (0..p).filter(|&q| q % c == j).collect();
            let mut budget = rate;
            while budget > 0 && mine.iter().any(|&q| left[q] > 0) {
                for &q in &mine {
                    if budget > 0 && left[q] > 0 {
                        left[q] -= 1;
                        budget -= 1;
                    }
                }
            }
        }
        left
    };
    let (mut next, mut waiting, mut dropped, mut consumed, mut max_depth, mut t) = (0u64, 0u64, 0u64, 0u64, 0u64, 0u64);
    while t < s.seconds as u64 || (waiting > 0 && t < s.seconds as u64 + MAX_EXTRA) {
        t += 1;
        if t <= s.seconds as u64 {
            waiting += s.produce as u64;
        }
        let mut pending = waiting;
        while pending > 0 {
            let q = (next % p as u64) as usize;
            parts[q] += 1;
            if leave(&parts).iter().sum::<u64>() <= s.capacity {
                next += 1;
                waiting -= 1;
            } else {
                parts[q] -= 1;
                if s.full == Full::Block {
                    break;
                }
                next += 1;
                waiting -= 1;
                dropped += 1;
            }
            pending -= 1;
        }
        let left = leave(&parts);
        consumed += parts.iter().sum::<u64>() - left.iter().sum::<u64>();
        parts = left;
        max_depth = max_depth.max(parts.iter().sum());
    }
    let left = parts.iter().sum::<u64>();
    let drain = (waiting == 0).then(|| {
        let mut n = 0;
        while parts.iter().sum::<u64>() > 0 {
            parts = leave(&parts);
            n += 1;
        }
        n
    });
    (max_depth, t, drain, dropped, consumed, left)
}

#[track_caller]
fn agrees(s: &BrokerState) {
    let r = s.run();
    let (max_depth, end, drain, dropped, consumed, left) = reference(s);
    assert_eq!((r.max_depth, r.end, r.drain, r.dropped, r.consumed, r.left()), (max_depth, end, drain, dropped, consumed, left), "{s:?}");
}

#[test]
fn the_spike_grows_at_production_minus_consumption() {
    // 4 partitions, 2 consumers: consumer 0 owns partitions 0 and 2, consumer 1 owns 1 and 3.
    // 1,000 a second round-robin: 250 into each partition, so 500 to each consumer, which takes
    // 300: each backlog grows by 200 a second, together 1,000 − 600 = 400 a second. After 60 s:
    // 24,000 (12,000 each); then each consumer drains 12,000 / 300 = 40 s.
    let r = Preset::Spike.state().run();
    assert_eq!(r.depth[0], 400);
    assert_eq!(r.depth[29], 12_000);
    assert_eq!(r.max_depth, 24_000);
    assert_eq!(r.end, 60);
    assert_eq!(r.drain, Some(40));
    assert_eq!(r.lanes, vec![12_000, 12_000]);
    assert_eq!((r.idle, r.dropped, r.produced), (0, 0, 60_000));
    // Drained 20 s in: 24,000 − 20 × 600 = 12,000.
    assert_eq!(r.depth_at(80, 300), 12_000);
    assert_eq!(r.depth_at(100, 300), 0);
    assert_eq!(r.length(), 100);
}

#[test]
fn a_third_consumer_halves_the_backlog_but_not_the_drain() {
    // 3 consumers, 4 partitions: consumer 0 owns 0 and 3 (500 a second in, 300 out: +200),
    // consumers 1 and 2 own one each (250 in, 300 out: nothing waits). After 60 s: 12,000, all
    // at consumer 0, which still needs 12,000 / 300 = 40 s.
    let r = Preset::ThreeConsumers.state().run();
    assert_eq!(r.owned, vec![2, 1, 1]);
    assert_eq!(r.max_depth, 12_000);
    assert_eq!(r.drain, Some(40));
    // A fourth: 250 in, 300 out everywhere: no backlog. Eight: four of them idle.
    let four = BrokerState { consumers: 4, ..Preset::Spike.state() }.run();
    assert_eq!((four.max_depth, four.drain, four.idle), (0, Some(0), 0));
    let eight = BrokerState { consumers: 8, ..Preset::Spike.state() }.run();
    assert_eq!((eight.max_depth, eight.drain, eight.idle), (0, Some(0), 4));
}

#[test]
fn a_full_backlog_drops_what_does_not_fit() {
    // Growing 400 a second, the bound of 6,000 is reached after 15 s. From then on the
    // consumers take 600 a second and 600 are accepted; the other 400 are dropped. 60,000 made,
    // 60 × 600 = 36,000 consumed, 6,000 left (3,000 each): 18,000 dropped, and each consumer
    // needs 3,000 / 300 = 10 s to drain.
    let r = Preset::Drop.state().run();
    assert_eq!(r.max_depth, 6_000);
    assert_eq!(r.depth[14], 6_000);
    assert_eq!(r.depth[13], 5_600);
    assert_eq!((r.consumed, r.left(), r.dropped), (36_000, 6_000, 18_000));
    assert_eq!((r.end, r.drain), (60, Some(10)));
}

#[test]
fn a_blocked_producer_finishes_later() {
    // Full after 15 s (15,000 accepted, 9,000 consumed). Then 600 accepted a second: the other
    // 45,000 take 75 s more, so the last message is accepted in second 90, not 60. Nothing is
    // dropped; the 6,000 left drain in 10 s.
    let r = Preset::Backpressure.state().run();
    assert_eq!((r.max_depth, r.end, r.drain, r.dropped), (6_000, 90, Some(10), 0));
    assert_eq!(r.accepted, 60_000);
}

#[test]
fn publish_subscribe_gives_every_group_every_message() {
    // Three groups of 2 consumers each, alike: each holds the spike's backlog, and the broker
    // delivers 3 × 60,000 copies.
    let r = Preset::Pubsub.state().run();
    assert_eq!((r.max_depth, r.drain, r.groups), (24_000, Some(40), 3));
    assert_eq!(r.deliveries(), 180_000);
    // In queue mode the groups setting is not used.
    assert_eq!(BrokerState { groups: 8, ..Preset::Spike.state() }.run().deliveries(), 60_000);
}

#[test]
fn a_producer_that_never_gets_through_stops_the_run() {
    // 10,000 a second for 600 s into room for 1 message, drained at 1 a second: the producer
    // still waits when the run stops, an hour after it stopped producing. In the first second
    // two messages get in (one is consumed in that second, one waits: the bound of 1), then one
    // a second: 1 + 4,200.
    let r = state(10_000, 600, 1, 1, 1, 1, Full::Block).run();
    assert_eq!(r.end, 600 + MAX_EXTRA);
    assert_eq!(r.drain, None);
    // One message a second got through (the consumer takes it in the same second).
    assert_eq!(r.accepted, 1 + 600 + MAX_EXTRA);
    assert_eq!(r.waiting, 6_000_000 - r.accepted);
}

#[test]
fn odd_numbers_agree_with_the_message_by_message_reference() {
    for s in [
        state(7, 5, 2, 3, 3, 4, Full::Block),
        state(7, 5, 2, 3, 3, 4, Full::Drop),
        state(13, 4, 3, 2, 5, 9, Full::Drop),
        state(13, 4, 3, 2, 5, 9, Full::Block),
        state(10, 3, 5, 1, 2, 100, Full::Block),
        state(9, 6, 1, 4, 4, 3, Full::Drop),
        state(0, 3, 1, 1, 1, 1, Full::Block),
        state(5, 2, 4, 1, 7, 2, Full::Block),
    ] {
        agrees(&s);
    }
}

#[test]
fn every_key_round_trips_and_bad_values_are_refused() {
    let s = Preset::Drop.state();
    assert_eq!(s.query_string(), "preset=drop");
    let (back, problems) = BrokerState::from_query(&[("preset", "drop")]);
    assert!(problems.is_empty());
    assert_eq!(back, s);
    let changed = BrokerState { consumers: 5, mode: Mode::Pubsub, ..s };
    let pairs = changed.to_query();
    let (again, problems) = BrokerState::from_query(&pairs);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(again, changed);
    for (key, bad) in [
        ("produce", "10001"),
        ("produce", "-1"),
        ("seconds", "0"),
        ("seconds", "601"),
        ("consumers", "0"),
        ("consumers", "33"),
        ("consume", "0"),
        ("partitions", "2.5"),
        ("capacity", "0"),
        ("capacity", "1e8"),
        ("full", "wait"),
        ("mode", "topic"),
        ("groups", "9"),
        ("groups", "NaN"),
    ] {
        let (got, problems) = BrokerState::from_query(&[(key, bad)]);
        assert_eq!(got, BrokerState::default(), "{key}={bad}");
        assert_eq!(problems.len(), 1, "{key}={bad}");
        assert!(!problems[0].message.is_empty());
    }
}

// ---- Properties: conservation, idle consumers, more consumers never slower, and the
// message-by-message reference on small random cases.

fn small() -> impl Strategy<Value = BrokerState> {
    (0u32..=20, 1u32..=6, 1u32..=6, 1u32..=8, 1u32..=6, 1u64..=30, any::<bool>()).prop_map(
        |(produce, seconds, consumers, consume, partitions, capacity, drop)| {
            state(produce, seconds, consumers, consume, partitions, capacity, if drop { Full::Drop } else { Full::Block })
        },
    )
}

fn any_state() -> impl Strategy<Value = BrokerState> {
    (
        0u32..=MAX_RATE,
        1u32..=120,
        1u32..=MAX_CONSUMERS,
        1u32..=MAX_RATE,
        1u32..=MAX_PARTITIONS,
        1u64..=200_000,
        any::<bool>(),
        any::<bool>(),
        1u32..=MAX_GROUPS,
    )
        .prop_map(|(produce, seconds, consumers, consume, partitions, capacity, drop, pubsub, groups)| BrokerState {
            produce,
            seconds,
            consumers,
            consume,
            partitions,
            capacity,
            full: if drop { Full::Drop } else { Full::Block },
            mode: if pubsub { Mode::Pubsub } else { Mode::Queue },
            groups,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn small_cases_agree_with_the_reference(s in small()) {
        agrees(&s);
    }

    #[test]
    fn no_message_is_created_or_lost(s in any_state()) {
        let r = s.run();
        prop_assert_eq!(r.produced, r.consumed + r.dropped + r.left() + r.waiting);
        prop_assert_eq!(r.accepted, r.consumed + r.left());
        prop_assert!(r.max_depth <= s.capacity);
        prop_assert_eq!(r.idle, s.consumers.saturating_sub(s.partitions));
        prop_assert!(r.end >= u64::from(s.seconds));
        if s.full == Full::Drop { prop_assert_eq!(r.end, u64::from(s.seconds)); }
        if s.full == Full::Block { prop_assert_eq!(r.dropped, 0); }
        // Never faster than every busy consumer together allows.
        if let Some(d) = r.drain { prop_assert!(d * s.drain_rate() >= r.left()); }
    }

    #[test]
    fn a_steady_overload_grows_at_the_difference(
        per in 1u32..=200, consumers in 1u32..=8, consume in 1u32..=200, seconds in 1u32..=60,
    ) {
        // One partition per consumer, production a multiple of the partitions: each consumer
        // gets exactly `per` a second, so the backlog grows by consumers × (per − consume)⁺ a
        // second, and drains in (per − consume)⁺ × seconds / consume seconds, rounded up.
        let s = state(per * consumers, seconds, consumers, consume, consumers, MAX_CAPACITY, Full::Block);
        let r = s.run();
        let growth = u64::from(per.saturating_sub(consume));
        prop_assert_eq!(r.max_depth, growth * u64::from(consumers) * u64::from(seconds));
        prop_assert_eq!(r.drain, Some((growth * u64::from(seconds)).div_ceil(u64::from(consume))));
    }

    #[test]
    fn more_consumers_are_never_slower_up_to_the_partitions(s in any_state()) {
        let fewer = BrokerState { consumers: s.consumers.min(s.partitions).max(2) - 1, ..s.clone() };
        let more = BrokerState { consumers: fewer.consumers + 1, ..s.clone() };
        prop_assume!(more.consumers <= s.partitions);
        let (a, b) = (fewer.run(), more.run());
        prop_assert!(b.end <= a.end);
        prop_assert!(b.max_depth <= a.max_depth);
        prop_assert!(b.dropped <= a.dropped);
        // The drain only while the bound is never reached: a full backlog's split between the
        // consumers depends on which messages happened to fit, and can shift a message or two
        // onto the busiest consumer (6 partitions, consumers of 1 a second, room for 5,840:
        // 4 consumers end holding 1,993 at most, 5 hold 1,994).
        if let (Some(x), Some(y)) = (a.drain, b.drain) && a.max_depth < s.capacity {
            prop_assert!(b.end + y <= a.end + x);
        }
    }
}
