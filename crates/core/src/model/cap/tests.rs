use super::*;

/// Runs a state and checks each client step's outcome, written as `"r1=stale:100"` (reads,
/// with the values returned) or `"w1:0=error"` (writes), in script order.
#[track_caller]
fn check(state: CapState, expected: &[&str]) {
    let run = run(&state);
    assert!(run.skipped.is_empty(), "{:?}", run.skipped);
    let got: Vec<String> = run
        .entries
        .iter()
        .filter(|(_, e)| e.op.is_client())
        .map(|(_, e)| match &e.op {
            Op::Read { .. } if e.outcome != Outcome::Error => {
                format!("{}={}:{}", e.op, e.outcome.name(), e.value_text())
            }
            op => format!("{op}={}", e.outcome.name()),
        })
        .collect();
    assert_eq!(got, expected);
}

fn with(preset: Preset, pairs: &[(&str, &str)]) -> CapState {
    let mut s = preset.state();
    for (k, v) in pairs {
        s.set(k, v).unwrap();
    }
    s
}

fn values(state: &CapState) -> Vec<String> {
    let r = run(state);
    (0..r.cluster.n).map(|m| values_text(&r.cluster.values(m))).collect()
}

#[test]
fn the_last_item_in_stock() {
    // CP: the minority side (nodes 1 and 2 of 5) refuses; nobody buys an item that is gone.
    check(Preset::LastItem.state(), &["w1:1=ok", "r3=ok:1", "w3:0=ok", "r1=error", "w1:0=error"]);
    // AP: node 1 still says one is left and takes the second order: sold twice.
    check(with(Preset::LastItem, &[("mode", "ap")]), &["w1:1=ok", "r3=ok:1", "w3:0=ok", "r1=stale:1", "w1:0=ok"]);
}

#[test]
fn the_like_counter_shows_100_until_the_partition_heals() {
    check(Preset::Likes.state(), &["w1:100=ok", "w2:101=ok", "w2:102=ok", "w2:103=ok", "r1=stale:100", "r1=ok:103"]);
    assert_eq!(values(&Preset::Likes.state()), ["103", "103", "103"]);
    // In CP the isolated node 1 refuses instead of showing an old count.
    check(
        with(Preset::Likes, &[("mode", "cp")]),
        &["w1:100=ok", "w2:101=ok", "w2:102=ok", "w2:103=ok", "r1=error", "r1=ok:103"],
    );
}

#[test]
fn healing_under_last_writer_wins_loses_a_write() {
    let s = Preset::LostWrite.state();
    check(s.clone(), &["w1:5=ok", "w1:6=ok", "w2:7=ok", "r1=ok:7", "r2=ok:7"]);
    let r = run(&s);
    assert_eq!(r.cluster.lost.iter().map(|v| v.value).collect::<Vec<_>>(), [6]);
    let lost: Vec<&Event> =
        r.entries.iter().flat_map(|(_, e)| &e.events).filter(|e| matches!(e, Event::Lost { .. })).collect();
    assert_eq!(lost, [&Event::Lost { value: 6, node: 0, winner: 7 }], "reported once");
    assert_eq!(values(&s), ["7", "7", "7"]);
    // Keeping siblings loses nothing: every node holds both, and a read returns both.
    let sib = with(Preset::LostWrite, &[("merge", "siblings")]);
    check(sib.clone(), &["w1:5=ok", "w1:6=ok", "w2:7=ok", "r1=ok:6|7", "r2=ok:6|7"]);
    assert_eq!(values(&sib), ["6|7", "6|7", "6|7"]);
    assert!(run(&sib).cluster.lost.is_empty());
    // The next write replaces both siblings.
    let mut next = sib.clone();
    next.ops.extend(Op::parse_script("w3:8,tick,tick,r1").0);
    assert_eq!(values(&next), ["8", "8", "8"]);
}

#[test]
fn without_a_partition_ap_lags_and_cp_waits() {
    // AP: a read right after a write at another node is stale until replication arrives.
    check(Preset::Pacelc.state(), &["w1:1=ok", "r2=stale:", "r2=ok:1"]);
    // CP: always fresh, but every request waits a round trip to a majority.
    let cp = with(Preset::Pacelc, &[("mode", "cp"), ("lag", "3")]);
    check(cp.clone(), &["w1:1=ok", "r2=ok:1", "r2=ok:1"]);
    let latencies = |s: &CapState| -> Vec<u32> {
        run(s).entries.iter().filter(|(_, e)| e.op.is_client()).map(|(_, e)| e.latency).collect()
    };
    assert_eq!(latencies(&cp), [6, 6, 6]);
    assert_eq!(latencies(&Preset::Pacelc.state()), [0, 0, 0]);
}

#[test]
fn replication_waits_for_the_lag_and_for_links() {
    let state = |script: &str| CapState {
        nodes: 3,
        mode: Mode::Ap,
        lag: 2,
        ops: Op::parse_script(script).0,
        ..CapState::default()
    };
    assert_eq!(values(&state("w1:4,tick")), ["4", "", ""]);
    assert_eq!(values(&state("w1:4,tick,tick")), ["4", "4", "4"]);
    // A cut link holds the message until it is mended.
    assert_eq!(values(&state("cut:1-3,w1:4,tick,tick,tick")), ["4", "4", ""]);
    assert_eq!(values(&state("cut:1-3,w1:4,tick,tick,mend:1-3,tick")), ["4", "4", "4"]);
    // Individual cuts count for quorums: node 1 without links to 2 and 3 of 5 is a minority.
    let cp = CapState { nodes: 5, ops: Op::parse_script("cut:1-2,cut:1-3,w1:1,cut:1-4,w1:2").0, ..CapState::default() };
    check(cp, &["w1:1=ok", "w1:2=error"]);
}

#[test]
fn an_initial_partition_and_the_cursor() {
    let mut s = CapState { nodes: 3, partition: vec![vec![0], vec![1, 2]], ..CapState::default() };
    s.ops = Op::parse_script("w1:1,w2:2,r3").0;
    check(s.clone(), &["w1:1=error", "w2:2=ok", "r3=ok:2"]);
    s.at = Some(1);
    let r = run(&s);
    assert_eq!(r.entries.len(), 1);
    assert_eq!(s.cursor(), 1);
    s.at = Some(99);
    assert_eq!(s.cursor(), 3);
}

#[test]
fn scripts_parse_and_print() {
    let text = "w1:5,r2,split:1,2|3,heal,cut:2-1,mend:1-3,tick,w3:-4";
    let (ops, bad) = Op::parse_script(text);
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(ops.len(), 8);
    assert_eq!(ops[2], Op::Split(vec![vec![0, 1], vec![2]]));
    assert_eq!(ops[4], Op::Cut(0, 1));
    let printed: Vec<String> = ops.iter().map(Op::to_string).collect();
    assert_eq!(printed.join(","), "w1:5,r2,split:1,2|3,heal,cut:1-2,mend:1-3,tick,w3:-4");
    let (ops, bad) = Op::parse_script("w1:5,x9,w1,r0,w2:abc,split:1|1,cut:2-2,r8,tick");
    assert_eq!(ops, [Op::Write { node: 0, value: 5 }, Op::Tick]);
    assert_eq!(bad.len(), 7, "{bad:?}");
}

#[test]
fn urls_round_trip_and_bad_ones_are_reported() {
    for p in Preset::ALL {
        let s = with(p, &[("mode", "ap"), ("lag", "2")]);
        let q = s.to_query();
        assert_eq!(CapState::from_query(&q), (s.clone(), vec![]), "{q:?}");
        assert_eq!(CapState::from_query(&p.state().to_query()).0.preset, Some(p));
    }
    let (s, problems) = CapState::from_query(&[
        ("nodes", "0"),
        ("mode", "ca"),
        ("lag", "1000"),
        ("partition", "1|9"),
        ("ops", "w1:1,w9:2,bogus,r3"),
        ("at", "-3"),
        ("colour", "red"),
    ]);
    let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, ["nodes", "mode", "lag", "partition", "ops", "at", "colour"]);
    assert_eq!(s.ops, [Op::Write { node: 0, value: 1 }, Op::Read { node: 2 }]);
    assert_eq!(s.nodes, 5);
    // Steps beyond the node count are left out and said so.
    let (s, problems) = CapState::from_query(&[("nodes", "3"), ("ops", "w5:1,r1")]);
    assert_eq!(s.ops, [Op::Read { node: 0 }]);
    assert!(problems[0].message.contains("w5:1"), "{problems:?}");
}

#[test]
fn sides_follow_the_links() {
    let mut c = Cluster::new(5, Mode::Cp, Merge::Lww, 1);
    assert_eq!(c.sides(), [0, 0, 0, 0, 0]);
    c.apply(&Op::parse("split:1,2|3,4,5").unwrap()).unwrap();
    assert_eq!(c.sides(), [0, 0, 1, 1, 1]);
    assert_eq!(c.reach(0), [0, 1]);
    c.apply(&Op::parse("mend:2-3").unwrap()).unwrap();
    assert_eq!(c.sides(), [0, 0, 0, 0, 0], "joined through the mended link");
    assert_eq!(c.reach(0), [0, 1], "but node 1 still has only its own links");
    assert!(c.apply(&Op::parse("r6").unwrap()).is_err());
}

/// Applies actions named as the controls name them (`w2` writes `value`).
#[track_caller]
fn act(s: &mut CapState, codes: &[&str], value: i64) {
    for code in codes {
        let action = Action::parse(code, value).unwrap_or_else(|| panic!("{code} is no action"));
        s.apply(action).unwrap();
    }
}

fn script(s: &CapState) -> String {
    s.get("ops")
}

#[test]
fn a_new_step_replaces_the_steps_after_the_cursor() {
    let mut s = CapState::default();
    act(&mut s, &["w1", "r2", "r3"], 7);
    assert_eq!((script(&s), s.at), ("w1:7,r2,r3".into(), None));
    act(&mut s, &["back", "back"], 0);
    assert_eq!(s.cursor(), 1);
    assert_eq!(script(&s), "w1:7,r2,r3", "moving changes nothing");
    act(&mut s, &["cut:1-2"], 0);
    assert_eq!((script(&s), s.at), ("w1:7,cut:1-2".into(), None), "r2 and r3 are replaced; the cursor is at the end");
    act(&mut s, &["start", "w4"], 9);
    assert_eq!(script(&s), "w4:9");
}

#[test]
fn undo_removes_the_step_before_the_cursor() {
    let mut s = CapState::default();
    act(&mut s, &["w1", "r2", "r3"], 7);
    act(&mut s, &["at:2", "undo"], 0);
    assert_eq!((script(&s), s.cursor(), s.at), ("w1:7,r3".into(), 1, Some(1)), "r2 goes, r3 is still to come");
    act(&mut s, &["undo", "undo"], 0);
    assert_eq!((script(&s), s.cursor()), ("r3".into(), 0), "nothing before the start to undo");
    act(&mut s, &["end", "undo"], 0);
    assert_eq!((script(&s), s.at), (String::new(), None));
}

#[test]
fn any_edit_forgets_the_scenario_and_moves_do_not() {
    let mut s = Preset::Likes.state();
    act(&mut s, &["start", "step", "end"], 0);
    assert_eq!(s.preset, Some(Preset::Likes));
    act(&mut s, &["tick"], 0);
    assert_eq!(s.preset, None);
    let mut s = Preset::LastItem.state();
    assert!(!s.partition.is_empty() || !s.ops.is_empty());
    act(&mut s, &["clear"], 0);
    assert_eq!((s.ops.len(), s.partition.len(), s.preset, s.at), (0, 0, None, None));
    let mut s = Preset::Likes.state();
    act(&mut s, &["undo"], 0);
    assert_eq!(s.preset, None);
}

#[test]
fn the_script_stops_at_its_limit_and_says_why() {
    let mut s = CapState::default();
    for _ in 0..MAX_OPS {
        s.apply(Action::Do(Op::Tick)).unwrap();
    }
    let full = s.clone();
    let refused = s.apply(Action::Do(Op::Heal)).unwrap_err();
    assert!(refused.contains(&MAX_OPS.to_string()), "{refused}");
    assert_eq!(s, full, "nothing changed");
    // Back one step, and a new step replaces the last one.
    act(&mut s, &["back", "heal"], 0);
    assert_eq!((s.ops.len(), s.ops.last()), (MAX_OPS, Some(&Op::Heal)));
    // A step naming a node the cluster does not have is refused too.
    let mut small = CapState { nodes: 3, ..CapState::default() };
    let refused = small.apply(Action::parse("r5", 0).unwrap()).unwrap_err();
    assert!(refused.contains("only 3 nodes"), "{refused}");
    assert!(small.ops.is_empty());
    // The full script still makes a link that opens the same state.
    assert_eq!(CapState::from_query(&s.to_query()), (s.clone(), Vec::new()));
}

#[test]
fn only_the_controls_names_are_actions() {
    assert_eq!(Action::parse("w3", 42), Some(Action::Do(Op::Write { node: 2, value: 42 })));
    assert_eq!(Action::parse("w3:5", 42), Some(Action::Do(Op::Write { node: 2, value: 5 })));
    assert_eq!(Action::parse("at:4", 0), Some(Action::Move(replay::Move::To(4))));
    assert_eq!(Action::parse("split:1,2|3", 0), Some(Action::Do(Op::Split(vec![vec![0, 1], vec![2]]))));
    for other in ["", "play", "w", "w9", "r0", "cut:1-1", "<b>", "undo "] {
        assert_eq!(Action::parse(other, 1), None, "{other:?}");
    }
}
