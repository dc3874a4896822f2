use super::*;
use proptest::prelude::*;

fn state(semantics: Semantics, messages: usize, crash_at: Option<usize>, ack_loss: f64) -> DeliveryState {
    DeliveryState { semantics, messages, crash_at, ack_loss, ..DeliveryState::default() }
}

/// The run with acknowledgements lost as `pattern` says (the k-th acknowledgement sent is lost
/// when `pattern[k]`; beyond the pattern none is).
fn with_pattern(s: &DeliveryState, pattern: &[bool]) -> Vec<Step> {
    let mut k = 0;
    simulate(s, &mut || {
        k += 1;
        pattern.get(k - 1).copied().unwrap_or(false)
    })
}

/// (processed, lost, duplicate effects, deliveries again) at the end of a run.
fn totals(s: &DeliveryState, log: &[Step]) -> (usize, usize, usize, usize) {
    let t = tally(s.messages, log, log.len());
    (t.processed, t.lost, t.duplicates, t.redelivered)
}

#[test]
fn ten_messages_and_a_crash_at_the_fourth_worked_by_hand() {
    // At-most-once: 4 is acknowledged, then the consumer crashes before its effect; the broker
    // never sends it again. 9 processed, 1 lost, nothing twice.
    // Steps: 9 messages × (publish, deliver, ack, apply) = 36, plus message 4's publish,
    // deliver, ack, crash, lost = 5: 41.
    let amo = state(Semantics::AtMostOnce, 10, Some(4), 0.0);
    let log = run(&amo);
    assert_eq!(totals(&amo, &log), (9, 1, 0, 0));
    assert_eq!(log.len(), 41);
    // At-least-once: 4's effect is applied, the crash comes before its acknowledgement, the
    // broker delivers it again and the consumer applies it again. 10 processed, 0 lost,
    // 1 duplicate effect, 1 redelivery. Steps: 9 × (publish, deliver, apply, ack) = 36, plus
    // publish, deliver, apply, crash, redeliver, apply again, ack = 7: 43.
    let alo = state(Semantics::AtLeastOnce, 10, Some(4), 0.0);
    let log = run(&alo);
    assert_eq!(totals(&alo, &log), (10, 0, 1, 1));
    assert_eq!(log.len(), 43);
    // Exactly-once: the same 43 steps, but the copy of 4 is skipped: delivered twice, applied
    // once. 10 processed, 0 lost, 0 duplicate effects, 1 redelivery.
    let eo = state(Semantics::ExactlyOnce, 10, Some(4), 0.0);
    let log = run(&eo);
    assert_eq!(totals(&eo, &log), (10, 0, 0, 1));
    assert_eq!(log.len(), 43);
    let t = tally(10, &log, log.len());
    assert_eq!((t.skipped, t.deliveries[3], t.applied[3]), (1, 2, 1));
    let kinds: Vec<Kind> = log.iter().filter(|st| st.message == 4).map(|st| st.kind).collect();
    use Kind::*;
    assert_eq!(kinds, [Publish, Deliver, Apply, Crash, Redeliver, Skip, Ack]);
}

#[test]
fn where_the_crash_falls_under_each_semantics() {
    use Kind::*;
    let kinds = |sem| -> Vec<Kind> {
        run(&state(sem, 3, Some(2), 0.0)).iter().filter(|st| st.message == 2).map(|st| st.kind).collect()
    };
    assert_eq!(kinds(Semantics::AtMostOnce), [Publish, Deliver, Ack, Crash, Lost], "after the ack, before the effect");
    assert_eq!(
        kinds(Semantics::AtLeastOnce),
        [Publish, Deliver, Apply, Crash, Redeliver, Repeat, Ack],
        "after the effect, before the ack"
    );
}

#[test]
fn lost_acknowledgements_worked_by_hand() {
    // Three messages, at-least-once, the second acknowledgement lost: message 1 acked; message
    // 2's ack lost, so 2 comes again, is applied again (a duplicate) and acked (the third
    // ack); message 3 acked. 3 processed, 0 lost, 1 duplicate, 1 redelivery.
    let s = state(Semantics::AtLeastOnce, 3, None, 0.0);
    assert_eq!(totals(&s, &with_pattern(&s, &[false, true, false])), (3, 0, 1, 1));
    // The same with an idempotent consumer: the copy is skipped.
    let s = state(Semantics::ExactlyOnce, 3, None, 0.0);
    assert_eq!(totals(&s, &with_pattern(&s, &[false, true, false])), (3, 0, 0, 1));
    // At-most-once: the broker does not wait for acknowledgements; losing them all changes
    // nothing.
    let s = state(Semantics::AtMostOnce, 3, None, 0.0);
    let log = with_pattern(&s, &[true, true, true]);
    assert_eq!(totals(&s, &log), (3, 0, 0, 0));
    assert_eq!(tally(3, &log, log.len()).acks_lost, 3);
}

#[test]
fn every_acknowledgement_lost_ends_in_the_dead_letter_queue() {
    // ack_loss = 1: each message is delivered 5 times, applied 5 times (at-least-once), then
    // set aside. 2 messages: 2 × 4 = 8 duplicate effects and 8 redeliveries, 2 dead-lettered.
    // Steps per message: publish + 5 × (deliver, apply, ack lost) + dead letter = 17; 34.
    let s = state(Semantics::AtLeastOnce, 2, None, 1.0);
    let log = run(&s);
    assert_eq!(totals(&s, &log), (2, 0, 8, 8));
    assert_eq!(log.len(), 34);
    assert_eq!(tally(2, &log, log.len()).dead_lettered, 2);
    // With the crash at message 1, its first delivery ends in the crash (no ack is sent), its
    // four others in lost acks: still 5 deliveries and 5 effects.
    let s = state(Semantics::AtLeastOnce, 2, Some(1), 1.0);
    let t = tally(2, &run(&s), usize::MAX);
    assert_eq!((t.deliveries.clone(), t.applied.clone(), t.acks_lost), (vec![5, 5], vec![5, 5], 9));
    // Exactly-once: 5 deliveries, 1 effect each.
    let s = state(Semantics::ExactlyOnce, 2, None, 1.0);
    assert_eq!(totals(&s, &run(&s)), (2, 0, 0, 8));
}

/// A second, simpler implementation: each message's deliveries and effects from the same
/// pattern of lost acknowledgements, without a log. Returns (processed, lost, duplicates,
/// redelivered).
fn reference(sem: Semantics, n: usize, crash: Option<usize>, pattern: &[bool]) -> (usize, usize, usize, usize) {
    let mut draws = pattern.iter().copied().chain(std::iter::repeat(false));
    let (mut processed, mut lost, mut duplicates, mut redelivered) = (0, 0, 0, 0);
    for m in 1..=n {
        if sem == Semantics::AtMostOnce {
            draws.next(); // the acknowledgement is sent, lost or not, and nobody waits for it
            if crash == Some(m) {
                lost += 1;
            } else {
                processed += 1;
            }
            continue;
        }
        // The first delivery ends in the crash (no acknowledgement) or in an acknowledgement;
        // every lost one brings a delivery more, up to the limit.
        let mut d = if crash == Some(m) { 2 } else { 1 };
        while draws.next() == Some(true) && d < MAX_DELIVERIES {
            d += 1;
        }
        let effects = if sem == Semantics::ExactlyOnce { 1 } else { d };
        processed += 1;
        duplicates += effects - 1;
        redelivered += d - 1;
    }
    (processed, lost, duplicates, redelivered)
}

#[test]
fn the_log_agrees_with_a_second_implementation_on_every_small_pattern() {
    // Every pattern of 10 acknowledgements (lost or not) for 1 to 3 messages, every crash.
    for sem in Semantics::ALL {
        for n in 1..=3 {
            for crash in std::iter::once(None).chain((1..=n + 1).map(Some)) {
                for bits in 0u32..(1 << 10) {
                    let pattern: Vec<bool> = (0..10).map(|k| bits >> k & 1 == 1).collect();
                    let s = state(sem, n, crash, 0.0);
                    let got = totals(&s, &with_pattern(&s, &pattern));
                    assert_eq!(got, reference(sem, n, crash, &pattern), "{sem:?} n={n} crash={crash:?} {bits:b}");
                }
            }
        }
    }
}

#[test]
fn a_run_is_a_function_of_its_seed() {
    let s = DeliveryState { ack_loss: 0.5, messages: 20, crash_at: None, ..DeliveryState::default() };
    assert_eq!(run(&s), run(&s));
    let other = DeliveryState { seed: 2, ..s.clone() };
    assert_ne!(run(&s), run(&other), "another seed loses other acknowledgements");
    // No loss and certain loss do not depend on the seed.
    for seed in [0, 7, MAX_SEED] {
        let none = DeliveryState { seed, ack_loss: 0.0, ..s.clone() };
        assert_eq!(tally(20, &run(&none), usize::MAX).acks_lost, 0);
    }
}

#[test]
fn the_cursor_replays_a_prefix() {
    let s = state(Semantics::AtLeastOnce, 10, Some(4), 0.0);
    let log = run(&s);
    // After message 4's first effect (steps: 3 × 4 = 12, then publish, deliver, apply = 15):
    // 4 processed, no duplicate yet.
    let t = tally(10, &log, 15);
    assert_eq!((t.published, t.processed, t.duplicates), (4, 4, 0));
    // Two steps later (crash, redeliver) and one more (apply again): the duplicate.
    assert_eq!(tally(10, &log, 18).duplicates, 1);
    assert_eq!(tally(10, &log, 0), Tally { applied: vec![0; 10], deliveries: vec![0; 10], gone: vec![false; 10], ..Tally::default() });
}

#[test]
fn settings_are_read_and_refused_with_messages() {
    let (s, problems) = DeliveryState::from_query(&[
        ("semantics", "exactly-once"),
        ("messages", "12"),
        ("crash_at", "none"),
        ("ack_loss", "25 %"),
        ("seed", "42"),
    ]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        (s.semantics, s.messages, s.crash_at, s.ack_loss, s.seed),
        (Semantics::ExactlyOnce, 12, None, 0.25, 42)
    );
    assert_eq!(s.with("ack_loss", "0,1").map(|s| s.ack_loss), Ok(0.1), "a decimal comma");
    assert_eq!(s.with("ack_loss", "-0").map(|s| s.get("ack_loss")), Ok("0".to_string()));
    for (key, bad) in [
        ("semantics", "twice"),
        ("messages", "0"),
        ("messages", "21"),
        ("messages", "2.5"),
        ("crash_at", "0"),
        ("crash_at", "21"),
        ("ack_loss", "1.5"),
        ("ack_loss", "101%"),
        ("ack_loss", "-0.1"),
        ("ack_loss", "NaN"),
        ("seed", "-1"),
        ("seed", "4294967296"),
        ("step", "-1"),
        ("wat", "1"),
    ] {
        let err = s.with(key, bad).expect_err(bad);
        assert!(!err.is_empty());
    }
    // A crash beyond the messages sent is no crash.
    let s = state(Semantics::AtMostOnce, 3, Some(5), 0.0);
    assert_eq!(s.crash(), None);
    assert_eq!(totals(&s, &run(&s)), (3, 0, 0, 0));
}

#[test]
fn presets_are_named_wherever_the_cursor_stands() {
    for p in Preset::ALL {
        let s = DeliveryState { step: Some(3), ..p.state() };
        assert_eq!(s.named(), Some(p.name()));
        let (again, problems) = DeliveryState::from_query(&s.to_query());
        assert!(problems.is_empty());
        assert_eq!(again, s);
    }
    assert_eq!(DeliveryState::default().named(), None);
}

#[test]
fn the_twin_lists_every_message_and_the_totals() {
    let t = Preset::AtMostOnceCrash.state().twin().unwrap();
    assert_eq!(t.rows.len(), 11);
    assert_eq!(t.rows[3], ["Message 4", "1", "0", "lost"]);
    assert_eq!(t.rows[10][3], "9 processed, 1 lost");
    assert!(t.caption.contains("0 % of acknowledgements lost"), "{}", t.caption);
    let t = Preset::LostAcks.state().twin().unwrap();
    assert!(t.caption.contains("30 %"), "{}", t.caption);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The promises, over random settings: at-most-once never delivers or applies twice;
    /// at-least-once never loses; exactly-once neither loses nor applies twice; and every
    /// message ends processed or lost.
    #[test]
    fn the_guarantees_hold(
        sem in prop::sample::select(Semantics::ALL.to_vec()),
        messages in 1usize..=MAX_MESSAGES,
        crash in 0usize..=MAX_MESSAGES + 1,
        ack_loss in prop_oneof![Just(0.0), Just(1.0), 0.0..=1.0f64],
        seed in 0..=MAX_SEED,
    ) {
        let s = DeliveryState {
            semantics: sem, messages, crash_at: (crash > 0).then_some(crash), ack_loss, seed, step: None,
        };
        let log = run(&s);
        let t = tally(messages, &log, log.len());
        prop_assert_eq!(t.processed + t.lost, messages);
        prop_assert_eq!(t.gone.iter().filter(|&&g| g).count(), t.lost);
        prop_assert!(t.gone.iter().zip(&t.applied).all(|(&g, &a)| !(g && a > 0)), "a lost message was never applied");
        prop_assert_eq!(t.published, messages);
        match sem {
            Semantics::AtMostOnce => {
                prop_assert_eq!((t.duplicates, t.redelivered), (0, 0));
                prop_assert_eq!(t.lost, usize::from(s.crash().is_some()));
            }
            Semantics::AtLeastOnce => {
                prop_assert_eq!(t.lost, 0);
                prop_assert_eq!(t.duplicates, t.redelivered, "every copy is applied again");
            }
            Semantics::ExactlyOnce => {
                prop_assert_eq!((t.lost, t.duplicates), (0, 0));
                prop_assert_eq!(t.skipped, t.redelivered, "every copy is recognised");
            }
        }
        prop_assert!(t.deliveries.iter().all(|&d| (1..=MAX_DELIVERIES).contains(&d)));
        // Counts never go down as the cursor moves on.
        let mut before = tally(messages, &log, 0);
        for k in 1..=log.len() {
            let now = tally(messages, &log, k);
            prop_assert!(now.processed >= before.processed && now.duplicates >= before.duplicates && now.lost >= before.lost);
            before = now;
        }
    }
}

