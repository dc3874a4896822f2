//! Property tests: every model and parsing function is total (no panic, no NaN where a value
//! is promised) on random and hostile input, and the maths keeps its shape (less downtime at
//! higher availability, redundancy never hurts, series never helps, URL state round-trips).

use proptest::prelude::*;
use tradeoffs_core::lesson::{Catalog, page, parse_lesson, parse_summary};
use tradeoffs_core::model::nines::{self, Availability, Calendar, Group, MonthLength, NinesState, Period, YearLength};
use tradeoffs_core::model::widget::UrlState;
use tradeoffs_core::model::{query, units};

fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.0),
        Just(-0.0),
        Just(1.0),
        Just(100.0),
        -1e3..1e3f64,
        0.0..1.0f64,
    ]
}

fn calendar() -> impl Strategy<Value = Calendar> {
    (any::<bool>(), any::<bool>()).prop_map(|(y, m)| Calendar {
        year: if y { YearLength::Days365 } else { YearLength::Days365Quarter },
        month: if m { MonthLength::Days30 } else { MonthLength::TwelfthOfYear },
    })
}

fn period() -> impl Strategy<Value = Period> {
    prop::sample::select(Period::ALL.to_vec())
}

/// Text that looks like what people (and attackers) type into the fields.
fn typed_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9.,%+\\- e]{0,30}",
        "[0-9]{1,3}(\\.[0-9]{0,60})?",
        "(99\\.9{0,60})( ?%)?",
        "[0-9.]{1,8}(d|h|m|min|s|ms| ){0,4}",
        Just("NaN".to_string()),
        Just("1e309".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn number_and_duration_parsers_are_total(text in typed_text()) {
        if let Ok(v) = units::parse_number(&text) { prop_assert!(v.is_finite()); }
        if let Ok(v) = units::parse_duration(&text) { prop_assert!(v.is_finite() && v >= 0.0); }
        if let Ok(a) = nines::parse_availability(&text) {
            prop_assert!(a.gap() > 0.0 && a.gap() <= 1.0);
            prop_assert_eq!(nines::parse_availability(&a.percent_text()), Ok(a));
        }
        let _ = nines::parse_chain(&text);
        let _ = nines::Period::from_name(&text);
    }

    #[test]
    fn formatters_are_total(x in any_f64()) {
        prop_assert!(!units::format_duration(x).is_empty());
        prop_assert!(!units::format_duration_compact(x).is_empty());
        prop_assert!(!units::format_percent(x).is_empty());
        let _ = units::data_value(x);
        let _ = units::trim(x);
        let _ = units::significant(x, 3);
    }

    #[test]
    fn availability_maths_is_total(x in any_f64(), b in any_f64(), cal in calendar(), p in period(), n in 0u32..40) {
        for a in [Availability::from_fraction(x), Availability::from_gap(x)] {
            let d = a.downtime(p, cal);
            prop_assert!(d.is_nan() == x.is_nan());
            let _ = a.nines();
            let _ = a.leading_nines();
            let _ = a.percent_text();
            let g = Group { availability: a, replicas: n };
            let ga = g.availability().gap();
            prop_assert!(ga.is_nan() || (0.0..=1.0).contains(&ga));
            let _ = nines::compose(&[g, g]);
        }
        if let Ok(a) = nines::availability_from_budget(b, p, cal) { prop_assert!((0.0..=1.0).contains(&a.gap())); }
        if let Ok(a) = nines::availability_from_mtbf(x, b) { prop_assert!((0.0..=1.0).contains(&a.gap())); }
        let _ = nines::failures_per(p, cal, x, b);
    }

    #[test]
    fn more_availability_means_less_downtime(a in 0.0..1.0f64, b in 0.0..1.0f64, cal in calendar(), p in period()) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let down = |x: f64| Availability::from_fraction(x).downtime(p, cal);
        prop_assert!(down(hi) <= down(lo));
    }

    #[test]
    fn budget_inverts_downtime(a in 0.0..1.0f64, cal in calendar(), p in period()) {
        let a = Availability::from_fraction(a);
        let back = nines::availability_from_budget(a.downtime(p, cal), p, cal).unwrap();
        prop_assert!((back.gap() - a.gap()).abs() <= a.gap() * 1e-12);
    }

    #[test]
    fn redundancy_never_hurts_and_series_never_helps(a in 0.0..0.99999f64, b in 0.0..0.99999f64, n in 1u32..8) {
        let (a, b) = (Availability::from_fraction(a), Availability::from_fraction(b));
        let one = Group { availability: a, replicas: n };
        let more = Group { availability: a, replicas: n + 1 };
        prop_assert!(more.availability().gap() <= one.availability().gap());
        let other = Group { availability: b, replicas: 1 };
        let chain = nines::compose(&[one, other]).gap();
        prop_assert!(chain >= one.availability().gap() * (1.0 - 1e-12) && chain >= b.gap() * (1.0 - 1e-12));
    }

    #[test]
    fn query_state_round_trips(
        avail in 0.0..99.9999f64,
        groups in prop::collection::vec((50.0..99.999f64, 1u32..5), 1..6),
        budget in 0.0..86_400.0f64,
        per in period(),
        mtbf in 0.001..1e6f64,
        mttr in 0.0..1e4f64,
    ) {
        let chain: Vec<String> = groups.iter().map(|(p, n)| format!("{}x{n}", units::trim(*p))).collect();
        let pairs = vec![
            ("availability".to_string(), units::trim(avail)),
            ("chain".to_string(), chain.join(",")),
            ("budget".to_string(), units::format_duration_compact(budget)),
            ("per".to_string(), per.name().to_string()),
            ("mtbf".to_string(), units::trim(mtbf)),
            ("mttr".to_string(), units::trim(mttr)),
        ];
        let (state, problems) = NinesState::from_query(&pairs);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        let written = state.to_query();
        let (again, problems) = NinesState::from_query(&written);
        prop_assert!(problems.is_empty());
        prop_assert_eq!(again, state);
    }

    #[test]
    fn hostile_query_pairs_never_panic(pairs in prop::collection::vec((typed_text(), typed_text()), 0..8), raw in any::<String>()) {
        let (state, _) = NinesState::from_query(&pairs);
        let _ = state.to_query();
        let decoded = query::decode(&raw);
        let _ = NinesState::from_query(&decoded);
        prop_assert_eq!(query::decode(&query::encode(&decoded)), decoded);
    }

    #[test]
    fn content_parsers_are_total(text in any::<String>(), lines in prop::collection::vec(prop_oneof![
        any::<String>(),
        Just("{{#widget nines availability=99.9}}".to_string()),
        Just("{{#widget".to_string()),
        Just("```quiz".to_string()),
        Just("```".to_string()),
        Just("? q".to_string()),
        Just("+ a".to_string()),
        Just("= 1 ± 2".to_string()),
        Just("> e".to_string()),
        Just("# Title".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("[x](javascript:alert(1))".to_string()),
    ], 0..20)) {
        let src = lines.join("\n");
        for input in [text.as_str(), src.as_str()] {
            let lesson = parse_lesson(input);
            let _ = parse_summary(input);
            // Whatever the lesson holds, its page runs no script and cannot break out of its
            // <main> (the shell swaps exactly that element between pages).
            let sources = [("SUMMARY.md".to_string(), "# S\n# P\n- [T](t.md)\n".to_string()), ("t.md".to_string(), input.to_string())];
            let (catalog, parsed) = Catalog::from_sources(&sources);
            for page in page::site(&catalog, &parsed) {
                prop_assert!(!page.body.contains("<script"), "{}", page.body);
                prop_assert!(!page.body.to_ascii_lowercase().contains("href=\"javascript"), "{}", page.body);
                prop_assert_eq!(page.body.matches("<main").count(), 1);
                prop_assert_eq!(page.body.matches("</main>").count(), 1);
                prop_assert!(!page.title.contains('<') && !page.description.contains('<'));
            }
            for block in &lesson.blocks {
                if let tradeoffs_core::lesson::Block::Prose(html) = block {
                    prop_assert!(!html.contains("<script"), "{}", html);
                }
            }
        }
    }
}

mod cdn {
    use proptest::prelude::*;
    use tradeoffs_core::model::cdn_latency::{self as cdn, CdnState, Protocol, Strategy as CdnStrategy};
    use tradeoffs_core::model::widget::UrlState;

    fn state() -> impl Strategy<Value = CdnState> {
        (
            (0.0..50_000.0f64, 0.0..2_000.0f64, 0.0..=1.0f64, 0u32..60, 0.0..2_000.0f64),
            (prop::sample::select(Protocol::ALL.to_vec()), 1u32..=16, any::<bool>(), 0.1..1_000.0f64),
            (0.0..200.0f64, 0.0..50.0f64, 0.0..2.0f64, any::<bool>(), any::<u64>()),
        )
            .prop_map(|((d, e, h, n, kb), (protocol, k, reuse, bw), (o, es, j, push, seed))| CdnState {
                distance_km: d,
                edge_km: e,
                hit_ratio: h,
                assets: n,
                asset_kb: kb,
                protocol,
                connections: k,
                reuse,
                bandwidth_mbps: bw,
                origin_ms: o,
                edge_ms: es,
                jitter: j,
                strategy: if push { CdnStrategy::Push } else { CdnStrategy::Pull },
                seed,
                ..CdnState::default()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

        #[test]
        fn page_load_never_rises_with_the_hit_ratio(s in state(), a in 0.0..=1.0f64, b in 0.0..=1.0f64) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let at = |h: f64| cdn::estimate(&CdnState { hit_ratio: h, ..s.clone() }).cdn.total;
            prop_assert!(at(hi) <= at(lo) + 1e-9);
        }

        #[test]
        fn page_load_never_rises_as_distance_falls(s in state(), a in 0.0..50_000.0f64, b in 0.0..50_000.0f64) {
            let (near, far) = if a <= b { (a, b) } else { (b, a) };
            let at = |km: f64| cdn::estimate(&CdnState { distance_km: km, edge_km: s.edge_km.min(km), ..s.clone() });
            prop_assert!(at(near).origin.total <= at(far).origin.total + 1e-9);
            prop_assert!(at(near).cdn.total <= at(far).cdn.total + 1e-9);
        }

        #[test]
        fn results_are_finite_and_phases_add_up(s in state()) {
            let e = cdn::estimate(&s);
            for p in [e.origin, e.cdn] {
                prop_assert!(p.total.is_finite() && p.total >= 0.0);
                prop_assert!((p.phases.total() - p.total).abs() < 1e-6);
                prop_assert!(p.ttfb <= p.total + 1e-9);
            }
            prop_assert!((0.0..=1.0).contains(&e.offload_requests));
        }

        #[test]
        fn the_simulation_is_ordered_and_total(s in state()) {
            let d = cdn::simulate(&s, 500);
            for p in [d.origin, d.cdn] {
                prop_assert!(p.p50 <= p.p95 && p.p95 <= p.p99);
            }
        }

        #[test]
        fn hostile_input_never_panics(
            pairs in prop::collection::vec(("[a-z_]{1,14}", any::<String>()), 0..10),
            x in any::<f64>(),
        ) {
            let (s, _) = CdnState::from_query(&pairs);
            let (again, problems) = CdnState::from_query(&s.to_query());
            prop_assert!(problems.is_empty());
            prop_assert_eq!(again, s);
            // Even states no URL can produce (NaN, infinities, negatives) are handled.
            let wild = CdnState { distance_km: x, edge_km: -x, hit_ratio: x, asset_kb: x, bandwidth_mbps: x, jitter: x, origin_ms: x, ..CdnState::default() };
            let _ = cdn::estimate(&wild);
            let _ = cdn::simulate(&wild, 50);
            let _ = cdn::sweep_distance(&wild, x, 5);
            let _ = cdn::sweep_hit_ratio(&wild, 5);
        }
    }
}

mod cap {
    use proptest::prelude::*;
    use tradeoffs_core::model::cap::{self, Action, CapState, Cluster, MAX_NODES, MAX_OPS, Merge, Mode, Op, Outcome};
    use tradeoffs_core::model::replay::Move;
    use tradeoffs_core::model::widget::UrlState;

    /// What a person may do: mostly add steps, sometimes move, undo or clear.
    fn action() -> impl Strategy<Value = Action> {
        prop_oneof![
            6 => op().prop_map(Action::Do),
            1 => prop_oneof![Just(Move::Step), Just(Move::Back), Just(Move::Start), Just(Move::End), (0usize..300).prop_map(Move::To)]
                .prop_map(Action::Move),
            1 => Just(Action::Undo),
            1 => Just(Action::Undo),
        ]
    }

    /// A random step for a cluster of up to `MAX_NODES` nodes (some name nodes beyond the
    /// cluster's size: those must be refused, not crash).
    fn op() -> impl Strategy<Value = Op> {
        let node = 0..MAX_NODES;
        prop_oneof![
            (node.clone(), -5i64..1_000).prop_map(|(node, value)| Op::Write { node, value }),
            node.clone().prop_map(|node| Op::Read { node }),
            Just(Op::Heal),
            Just(Op::Tick),
            Just(Op::Tick),
            (node.clone(), node.clone())
                .prop_filter("two nodes", |(a, b)| a != b)
                .prop_map(|(a, b)| Op::Cut(a.min(b), a.max(b))),
            (node.clone(), node.clone())
                .prop_filter("two nodes", |(a, b)| a != b)
                .prop_map(|(a, b)| Op::Mend(a.min(b), a.max(b))),
            prop::collection::vec(0usize..3, MAX_NODES).prop_map(|side| {
                let groups: Vec<Vec<usize>> = (0..3)
                    .map(|g| (0..MAX_NODES).filter(|&m| side[m] == g).collect())
                    .filter(|g: &Vec<usize>| !g.is_empty())
                    .collect();
                Op::Split(groups)
            }),
        ]
    }

    fn cluster() -> impl Strategy<Value = Cluster> {
        (3usize..=7, any::<bool>(), any::<bool>(), 1u32..=4).prop_map(|(n, cp, lww, lag)| {
            Cluster::new(n, if cp { Mode::Cp } else { Mode::Ap }, if lww { Merge::Lww } else { Merge::Siblings }, lag)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn actions_keep_the_script_whole_and_the_state_in_its_link(
            start in prop::sample::select(vec!["", "likes", "last-item", "lost-write", "pacelc"]),
            actions in prop::collection::vec(action(), 0..260),
            clear_at in prop::option::of(0usize..260),
        ) {
            let (mut s, _) = CapState::from_query(&[("preset", start)]);
            for (i, action) in actions.into_iter().enumerate() {
                let action = if Some(i) == clear_at { Action::Clear } else { action };
                let before = s.clone();
                let moved = matches!(action, Action::Move(_));
                let added = matches!(action, Action::Do(_));
                let refused = action.clone();
                match s.apply(action) {
                    Ok(()) => {
                        prop_assert!(s.ops.len() <= MAX_OPS);
                        prop_assert!(s.at.is_none_or(|a| a < s.ops.len()), "the cursor is inside the script or at its end");
                        if moved {
                            prop_assert_eq!(&s.ops, &before.ops, "a move changes no step");
                            prop_assert_eq!(s.preset, before.preset, "a move keeps the scenario");
                        }
                        if added {
                            prop_assert_eq!(s.ops.len(), before.cursor() + 1, "the steps after the cursor are replaced");
                            prop_assert_eq!(&s.ops[..before.cursor()], &before.ops[..before.cursor()]);
                            prop_assert_eq!(s.at, None);
                        }
                    }
                    Err(why) => {
                        let Action::Do(op) = &refused else { return Err(TestCaseError::fail(format!("refused a move: {why}"))) };
                        prop_assert!(before.cursor() >= MAX_OPS || op.max_node() >= Some(before.nodes), "refused: {}", why);
                        prop_assert_eq!(&s, &before, "a refused step changes nothing");
                    }
                }
            }
            let (again, problems) = CapState::from_query(&s.to_query());
            prop_assert!(problems.is_empty(), "{:?}", problems);
            prop_assert_eq!(again, s);
        }

        #[test]
        fn cp_never_answers_a_stale_read(mut c in cluster(), ops in prop::collection::vec(op(), 0..60)) {
            c.mode = Mode::Cp;
            for op in &ops {
                if let Ok(e) = c.apply(op) {
                    prop_assert_ne!(e.outcome, Outcome::Stale, "{} after {:?}", op, ops);
                }
            }
        }

        #[test]
        fn without_partitions_both_modes_converge(mut c in cluster(), ops in prop::collection::vec(op(), 0..60)) {
            for op in ops.iter().filter(|op| matches!(op, Op::Write { .. } | Op::Read { .. } | Op::Tick)) {
                let _ = c.apply(op);
            }
            for _ in 0..c.lag {
                c.apply(&Op::Tick).unwrap();
            }
            prop_assert_eq!(c.pending(), 0);
            let first = c.values(0);
            for m in 1..c.n {
                prop_assert_eq!(&c.values(m), &first, "node {} differs", m + 1);
            }
            // And every node then answers every read with the latest write.
            for m in 0..c.n {
                let e = c.apply(&Op::Read { node: m }).unwrap();
                prop_assert_eq!(e.outcome, Outcome::Ok);
            }
        }

        #[test]
        fn after_healing_the_replicas_converge(mut c in cluster(), ops in prop::collection::vec(op(), 0..60)) {
            for op in &ops {
                let _ = c.apply(op);
            }
            c.apply(&Op::Heal).unwrap();
            for _ in 0..c.lag {
                c.apply(&Op::Tick).unwrap();
            }
            prop_assert_eq!(c.pending(), 0);
            let first = c.values(0);
            for m in 1..c.n {
                prop_assert_eq!(&c.values(m), &first, "node {} differs after {:?}", m + 1, ops);
            }
        }

        #[test]
        fn scripts_and_urls_are_total(
            text in any::<String>(),
            pairs in prop::collection::vec(("[a-z]{1,9}", "[a-z0-9:,|. -]{0,40}"), 0..8),
            ops in prop::collection::vec(op(), 0..40),
            at in 0usize..50,
        ) {
            let _ = Op::parse_script(&text);
            let (s, _) = CapState::from_query(&pairs);
            let (again, problems) = CapState::from_query(&s.to_query());
            prop_assert!(problems.is_empty(), "{:?}", problems);
            prop_assert_eq!(&again, &s);
            let _ = cap::run(&s);
            // A script written for 7 nodes, played on fewer: the extra steps are skipped.
            let state = CapState { nodes: 3, ops: ops.clone(), at: Some(at), ..CapState::default() };
            let run = cap::run(&state);
            prop_assert_eq!(run.entries.len() + run.skipped.len(), at.min(ops.len()));
            let printed: Vec<String> = ops.iter().map(Op::to_string).collect();
            prop_assert_eq!(Op::parse_script(&printed.join(",")).0, ops);
        }
    }
}

mod saga {
    use proptest::prelude::*;
    use tradeoffs_core::model::saga::{self, Effect, Flow, Mode, Outcome, SagaState, Status};
    use tradeoffs_core::model::widget::UrlState;

    fn state() -> impl Strategy<Value = SagaState> {
        (prop::sample::select(Flow::ALL.to_vec()), any::<bool>(), 0usize..9, 0usize..9, 0usize..9).prop_map(
            |(flow, orch, fail, undo, dup)| {
                let n = flow.services().len();
                let pick = |k: usize| (k < n).then_some(k);
                SagaState {
                    flow,
                    mode: if orch { Mode::Orchestration } else { Mode::Choreography },
                    fail: pick(fail),
                    undo_fails: pick(undo),
                    duplicate: pick(dup),
                    step: None,
                }
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn exactly_the_completed_steps_are_compensated_in_reverse(s in state()) {
            let n = s.flow.services().len();
            let log = saga::messages(&s);
            let end = saga::snapshot(n, &log, log.len());
            match s.fail {
                None => {
                    prop_assert_eq!(end.outcome, Outcome::Committed);
                    prop_assert!(end.statuses.iter().all(|st| *st == Status::Done));
                    prop_assert!(end.compensated.is_empty());
                }
                Some(f) => {
                    prop_assert_eq!(end.outcome, Outcome::Aborted);
                    let expected: Vec<usize> = (0..f).rev().collect();
                    prop_assert_eq!(&end.compensated, &expected);
                    prop_assert_eq!(end.statuses[f], Status::Failed);
                    prop_assert!(end.statuses[f + 1..].iter().all(|st| *st == Status::Pending));
                }
            }
            // No compensation without its transaction, and each step's work happens once.
            for k in 0..n {
                let done = log.iter().position(|m| m.effect == Effect::Done(k));
                let undone = log.iter().position(|m| m.effect == Effect::Compensated(k));
                if let Some(u) = undone {
                    prop_assert!(done.is_some_and(|d| d < u), "step {} undone before it was done", k + 1);
                }
                prop_assert!(log.iter().filter(|m| m.effect == Effect::Done(k)).count() <= 1);
            }
            // Every moment before the end is running, and statuses only move forward.
            for upto in 0..log.len() {
                prop_assert_eq!(saga::snapshot(n, &log, upto).outcome, Outcome::Running);
            }
        }

        #[test]
        fn orchestration_doubles_choreography_without_extras(s in state()) {
            let plain = SagaState { undo_fails: None, duplicate: None, ..s };
            let count = |mode| saga::messages(&SagaState { mode, ..plain.clone() }).len();
            prop_assert_eq!(count(Mode::Orchestration), 2 * count(Mode::Choreography));
        }

        #[test]
        fn urls_are_total(pairs in prop::collection::vec(("[a-z_]{1,10}", any::<String>()), 0..8)) {
            let (s, _) = SagaState::from_query(&pairs);
            let (again, problems) = SagaState::from_query(&s.to_query());
            prop_assert!(problems.is_empty(), "{:?}", problems);
            prop_assert_eq!(&again, &s);
            let log = saga::messages(&s);
            let _ = saga::snapshot(s.flow.services().len(), &log, s.cursor(log.len()));
        }
    }
}

mod queue {
    use proptest::prelude::*;
    use tradeoffs_core::model::queue::{self, Drain, QueueState, Steady};
    use tradeoffs_core::model::widget::{UrlState, Widget};

    fn state() -> impl Strategy<Value = QueueState> {
        (0.0..=1e6f64, 0.001..=1e6f64, 0u64..=1_000_000_000).prop_map(|(arrival, service, backlog)| QueueState {
            arrival,
            service,
            backlog,
        })
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

        #[test]
        fn waiting_never_falls_as_arrivals_rise(mu in 0.001..1e6f64, a in 0.0..1.0f64, b in 0.0..1.0f64) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let w = |share: f64| queue::mm1(share * mu, mu).stable().map(|m| m.response_time);
            if let (Some(w_lo), Some(w_hi)) = (w(lo), w(hi)) {
                prop_assert!(w_lo <= w_hi * (1.0 + 1e-12), "{} > {}", w_lo, w_hi);
            }
        }

        #[test]
        fn the_figures_hold_together(s in state()) {
            let f = s.figures();
            let stable = s.arrival < s.service;
            prop_assert_eq!(f.steady.stable().is_some(), stable);
            prop_assert_eq!(f.drain.time().is_some(), stable);
            prop_assert_eq!(f.steady.warning().is_some(), !stable);
            prop_assert_eq!(f.drain.warning().is_some(), !stable);
            prop_assert!(f.throughput <= s.service && f.throughput <= s.arrival);
            match f.steady {
                Steady::Stable(m) => {
                    prop_assert!(m.response_time.is_finite() && m.response_time >= f.service_time * (1.0 - 1e-12));
                    prop_assert!(close(m.little, m.in_system), "λW {} ≠ L {}", m.little, m.in_system);
                    prop_assert!(close(m.response_time, m.wait + f.service_time));
                    prop_assert!(s.point().is_some());
                }
                Steady::Overloaded { growth } => prop_assert!(growth >= 0.0 && close(growth, s.arrival - s.service)),
            }
            if let Drain::Drains { time, mean_wait } = f.drain {
                // Never faster than the server alone could clear it.
                prop_assert!(time.is_finite() && time >= s.backlog as f64 / s.service * (1.0 - 1e-12));
                prop_assert!(mean_wait <= time);
            }
            let curve = s.drain_curve();
            prop_assert_eq!(curve[0].depth, s.backlog as f64);
            prop_assert!(curve.iter().all(|p| p.depth.is_finite() && p.depth >= 0.0 && p.time.is_finite()));
            prop_assert!(s.curve().iter().all(|p| p.response_time.is_finite() && p.response_time > 0.0));
            prop_assert!(s.twin().is_some_and(|t| t.rows.iter().all(|r| r.iter().all(|c| !c.is_empty()))));
        }

        #[test]
        fn hostile_input_never_panics(
            pairs in prop::collection::vec(("[a-z_]{1,10}", any::<String>()), 0..8),
            x in any::<f64>(),
            y in any::<f64>(),
        ) {
            let (s, _) = QueueState::from_query(&pairs);
            let (again, problems) = QueueState::from_query(&s.to_query());
            prop_assert!(problems.is_empty());
            prop_assert_eq!(again, s);
            // Values no URL can produce still give answers.
            let wild = QueueState { arrival: x, service: y, backlog: u64::MAX };
            let f = wild.figures();
            if let Some(m) = f.steady.stable() {
                prop_assert!(!m.response_time.is_nan() && !m.in_system.is_nan());
            }
            prop_assert!(wild.drain_curve().iter().all(|p| !p.depth.is_nan()));
            let _ = wild.twin();
            let _ = queue::response_curve(y);
        }
    }
}

mod estimator {
    use proptest::prelude::*;
    use tradeoffs_core::model::estimator::{self, EstimatorState, Rough};
    use tradeoffs_core::model::units;

    fn state() -> impl Strategy<Value = EstimatorState> {
        (
            (1u64..=10_000_000_000, 0.001..100_000.0f64, 1.0..100.0f64),
            (0u32..10_000_000, 1u32..=36_500, 1u32..=10, 0u32..10_000_000, 0u32..10_000_000),
        )
            .prop_map(|((dau, per_user, peak), (record, days, copies, request, response))| EstimatorState {
                dau: dau as f64,
                per_user,
                peak,
                record_bytes: f64::from(record),
                days,
                copies,
                request_bytes: f64::from(request),
                response_bytes: f64::from(response),
                preset: None,
            })
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

        #[test]
        fn quantity_and_size_parsers_are_total(text in prop_oneof![
            any::<String>(),
            "[0-9.,+\\- eE^×x⁰¹²³⁹⁻]{0,20}",
            "[0-9.]{1,6} ?(k|M|B|bn|T|KB|kb|MiB|GB|B|bytes|Mbit|e[0-9]{1,3})?",
        ]) {
            if let Ok(v) = units::parse_quantity(&text) { prop_assert!(v.is_finite()); }
            if let Ok(v) = units::parse_bytes(&text) { prop_assert!(v.is_finite()); }
        }

        #[test]
        fn one_digit_rounding_stays_within_a_third(x in prop_oneof![1e-6..1e6f64, 1.0..10.0f64, 1e9..1e20f64]) {
            // The worst cases: 1.4999… → 1 (a third low) and 1.5 → 2 (a third high).
            let ratio = Rough::of(x).value() / x;
            prop_assert!((2.0 / 3.0 - 1e-9..=4.0 / 3.0 + 1e-9).contains(&ratio), "{x}: {ratio}");
            let r = Rough::of(x);
            prop_assert!((1..=9).contains(&r.digit));
        }

        #[test]
        fn the_maths_keeps_its_shape(s in state(), k in 1u32..=10) {
            let e = estimator::estimate(&s);
            prop_assert!(e.rps_peak >= e.rps_avg && e.egress_peak >= e.egress_avg && e.ingress_peak >= e.ingress_avg);
            prop_assert!(close(e.storage_total, e.storage_per_day * f64::from(s.days) * f64::from(s.copies)));
            prop_assert!(close(e.per_hour * 24.0, e.per_day) && close(e.rps_avg * 86_400.0, e.per_day));
            // k times the days: k times the storage, the same rates.
            let longer = estimator::estimate(&EstimatorState { days: (s.days * k).min(36_500), ..s.clone() });
            prop_assert!(close(longer.storage_total * f64::from(s.days), e.storage_total * f64::from((s.days * k).min(36_500))));
            prop_assert_eq!(longer.rps_peak, e.rps_peak);
            // k times the users: k times every rate and every byte.
            let more = estimator::estimate(&EstimatorState { dau: s.dau * f64::from(k), ..s.clone() });
            if s.dau * f64::from(k) <= estimator::MAX_DAU {
                for (a, b) in [(more.rps_avg, e.rps_avg), (more.rps_peak, e.rps_peak), (more.storage_total, e.storage_total), (more.egress_peak, e.egress_peak)] {
                    prop_assert!(close(a, b * f64::from(k)), "{} vs {} × {}", a, b, k);
                }
            }
            // Every step has a finite exact value and a rough one of the same sign.
            for step in &e.steps {
                prop_assert!(step.exact.is_finite() && step.exact >= 0.0);
                prop_assert_eq!(step.exact == 0.0, step.rough == Rough::ZERO, "{}", step.id);
            }
        }
    }
}

// An embed's address comes from another site's page: whatever it holds, the frame's settings
// come out, never a key the widget would report; the query the embed writes back reads back as
// the same settings; the snippet is one element whose attributes hold what they were given.
proptest! {
    #[test]
    fn an_embed_address_of_any_kind_splits_and_round_trips(raw in "[a-z=&%+?#<>\"' 0-9A-F.-]{0,80}", theme in prop_oneof![Just("light"), Just("dark"), Just("x<\"y")]) {
        use tradeoffs_core::lesson::{WidgetKind, embed};
        let mut params = query::decode(&raw);
        params.push(("theme".to_string(), theme.to_string()));
        let (frame, widget) = embed::split_frame(params.clone());
        prop_assert!(widget.iter().all(|(k, _)| !embed::FRAME_KEYS.contains(&k.as_str())));
        prop_assert_eq!(frame.len() + widget.len(), params.len());
        prop_assert_eq!(embed::frame_theme(&frame), ["light", "dark"].contains(&theme).then_some(theme));
        let written = embed::embed_query(&frame, &query::encode(&widget));
        let (frame2, widget2) = embed::split_frame(query::decode(&written));
        prop_assert_eq!(frame2, frame);
        prop_assert_eq!(widget2, widget);
        for &kind in WidgetKind::ALL {
            let snippet = embed::snippet(&raw, kind, &query::encode(&query::decode(&raw)));
            prop_assert!(snippet.starts_with("<iframe src=\"") && snippet.ends_with("></iframe>"));
            prop_assert_eq!(snippet.matches('<').count(), 2, "{}", snippet);
            prop_assert_eq!(snippet.matches('"').count(), 10, "{}", snippet);
        }
    }
}

proptest! {
    /// Presenter mode reads the address bar and local storage: any text gives a deck with a
    /// slide on screen, stepping stays inside it, and a theme is always chosen.
    #[test]
    fn presenter_mode_is_total_on_hostile_input(
        query in any::<String>(),
        placed in prop::collection::vec(any::<String>(), 0..6),
        n in any::<usize>(),
        stored in any::<Option<String>>(),
        dark in any::<bool>(),
        key in any::<String>(),
    ) {
        use tradeoffs_core::present::{self, Deck, Start, ThemeName};
        let scenarios = [("likes", "Likes"), ("last-item", "Last item")];
        let placements: Vec<_> = placed.iter().map(|p| query::decode(p)).collect();
        let (pairs, _) = present::strip_present(query::decode(&query));
        prop_assert!(pairs.iter().all(|(k, _)| k != "present"));
        for start in [Start::Query(&pairs), Start::Placement(n)] {
            let deck: Deck = present::deck(&scenarios, &placements, start);
            prop_assert!(!deck.slides.is_empty() && deck.at < deck.slides.len());
            prop_assert!(deck.next().is_none_or(|i| i < deck.slides.len()));
            prop_assert!(deck.caption().starts_with("Slide "));
        }
        let _ = present::with_present(&query);
        let _ = present::clicker(&key, dark);
        let theme = ThemeName::chosen(stored.as_deref(), dark);
        prop_assert!(ThemeName::ALL.contains(&theme));
    }
}
