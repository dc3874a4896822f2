use super::*;

fn state(flow: Flow, mode: Mode, fail: Option<usize>) -> SagaState {
    SagaState { flow, mode, fail: fail.map(|f| f - 1), step: None, ..SagaState::default() }
}

/// Runs a saga to its end and checks each service's status, the outcome and the number of
/// messages. Statuses are written as one letter per service: p(ending), d(one), f(ailed),
/// c(ompensated).
#[track_caller]
fn check(s: &SagaState, statuses: &str, outcome: Outcome, count: usize) {
    let log = messages(s);
    let snap = snapshot(s.flow.services().len(), &log, s.cursor(log.len()));
    let letters: String = snap.statuses.iter().map(|st| st.name().chars().next().unwrap()).collect();
    assert_eq!((letters.as_str(), snap.outcome, snap.messages), (statuses, outcome, count));
}

#[test]
fn scenarios_as_data() {
    use Flow::*;
    use Mode::*;
    // (flow, mode, failing step, statuses at the end, outcome, messages)
    let cases = [
        (Ticket, Orchestration, None, "ddddd", Outcome::Committed, 10),
        (Ticket, Choreography, None, "ddddd", Outcome::Committed, 5),
        (Ticket, Orchestration, Some(3), "ccfpp", Outcome::Aborted, 10),
        (Ticket, Choreography, Some(3), "ccfpp", Outcome::Aborted, 5),
        (Travel, Orchestration, Some(2), "cfp", Outcome::Aborted, 6),
        (Travel, Orchestration, Some(3), "ccf", Outcome::Aborted, 10),
        (Travel, Choreography, Some(3), "ccf", Outcome::Aborted, 5),
        (Travel, Orchestration, Some(1), "fpp", Outcome::Aborted, 2),
        (Travel, Choreography, Some(1), "fpp", Outcome::Aborted, 1),
        // The lesson's checkout: fraud check fails at step 5; 4, 3, 2 and 1 are compensated.
        (Checkout, Orchestration, Some(5), "ccccfpp", Outcome::Aborted, 18),
        (Checkout, Choreography, Some(5), "ccccfpp", Outcome::Aborted, 9),
        (Checkout, Orchestration, None, "ddddddd", Outcome::Committed, 14),
    ];
    for (flow, mode, fail, statuses, outcome, count) in cases {
        check(&state(flow, mode, fail), statuses, outcome, count);
    }
}

#[test]
fn compensations_run_in_reverse_after_the_failure() {
    let s = state(Flow::Checkout, Mode::Orchestration, Some(5));
    let log = messages(&s);
    let snap = snapshot(7, &log, log.len());
    assert_eq!(snap.compensated, [3, 2, 1, 0]);
    // Commands and replies alternate, and every compensation goes to the service it undoes.
    let undo: Vec<&str> = log.iter().filter(|m| m.kind == Kind::Command).skip(5).map(|m| m.text.as_str()).collect();
    assert_eq!(undo, ["Cancel the shipment", "Put the stock back", "Refund the charge", "Cancel the order"]);
}

#[test]
fn orchestration_sends_twice_the_messages_of_choreography() {
    for flow in Flow::ALL {
        let n = flow.services().len();
        for fail in std::iter::once(None).chain((1..=n).map(Some)) {
            let count = |mode| messages(&state(flow, mode, fail)).len();
            let (orch, chor) = (count(Mode::Orchestration), count(Mode::Choreography));
            assert_eq!(orch, 2 * chor, "{flow:?} failing at {fail:?}");
            // n events on the happy path; f − 1 done, 1 failed and f − 1 undone otherwise.
            assert_eq!(chor, fail.map_or(n, |f| 2 * f - 1));
        }
    }
}

#[test]
fn a_compensation_that_fails_is_retried_and_a_duplicate_is_ignored() {
    let mut s = state(Flow::Travel, Mode::Orchestration, Some(3));
    s.undo_fails = Some(0);
    s.duplicate = Some(1);
    let log = messages(&s);
    assert_eq!(log.len(), 10 + 2 + 1, "the retry adds a command and a reply, the copy one message");
    assert!(log.iter().any(|m| m.effect == Effect::UndoFailed(0)));
    assert!(log.iter().any(|m| m.effect == Effect::Ignored(1)));
    check(&s, "ccf", Outcome::Aborted, 13);
    // The hotel did its work once: exactly one Done for it.
    assert_eq!(log.iter().filter(|m| m.effect == Effect::Done(1)).count(), 1);
    s.mode = Mode::Choreography;
    assert_eq!(messages(&s).len(), 5 + 1 + 1);
    check(&s, "ccf", Outcome::Aborted, 7);
}

#[test]
fn the_cursor_shows_earlier_moments() {
    let mut s = state(Flow::Travel, Mode::Orchestration, Some(3));
    let log = messages(&s);
    let at = |k| snapshot(3, &log, k);
    assert_eq!(at(0).outcome, Outcome::Running);
    assert_eq!(at(0).statuses, [Status::Pending; 3]);
    assert_eq!(at(2).statuses, [Status::Done, Status::Pending, Status::Pending]);
    assert_eq!(at(6).statuses, [Status::Done, Status::Done, Status::Failed]);
    assert_eq!(at(8).statuses, [Status::Done, Status::Compensated, Status::Failed]);
    assert_eq!(at(99), at(10));
    s.step = Some(4);
    assert_eq!(s.cursor(log.len()), 4);
}

#[test]
fn urls_round_trip_and_bad_ones_are_reported() {
    let s = SagaState {
        flow: Flow::Checkout,
        mode: Mode::Choreography,
        fail: Some(4),
        undo_fails: Some(1),
        duplicate: Some(2),
        step: Some(3),
    };
    assert_eq!(SagaState::from_query(&s.to_query()), (s.clone(), vec![]));
    let end = SagaState { step: None, ..SagaState::default() };
    assert_eq!(end.query_string(), "step=end");
    assert_eq!(SagaState::default().query_string(), "");
    // The flow is read first, so fail=7 is checked against checkout's seven steps.
    assert_eq!(SagaState::from_query(&[("fail", "7"), ("flow", "checkout")]).0.fail, Some(6));
    let (s, problems) = SagaState::from_query(&[
        ("fail", "0"),
        ("flow", "spaceship"),
        ("step", "-3"),
        ("mode", "chaos"),
        ("duplicate", "99"),
        ("x", "1"),
    ]);
    let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, ["flow", "fail", "step", "mode", "duplicate", "x"]);
    assert_eq!(s, SagaState::default());
    assert!(problems[1].message.contains("1 to 5"), "{}", problems[1].message);
}

#[test]
fn failed_events_are_named_in_camel_case() {
    assert_eq!(failed_event(&CHECKOUT[4]), "FraudCheckFailed");
    assert_eq!(failed_event(&TRAVEL[1]), "HotelFailed");
}
