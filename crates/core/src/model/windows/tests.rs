use super::*;
use proptest::prelude::*;

/// A state from seconds.
fn st(events: &[u64], kind: Kind, size: u64, hop: u64, gap: u64, lateness: u64) -> WindowsState {
    WindowsState {
        events: events.iter().map(|s| s * 1_000).collect(),
        kind,
        size: size * 1_000,
        hop: hop * 1_000,
        gap: gap * 1_000,
        lateness: lateness * 1_000,
    }
}

fn values(s: &WindowsState) -> Vec<String> {
    s.figures().windows.iter().map(Window::value).collect()
}

fn fates(s: &WindowsState) -> Vec<Fate> {
    s.figures().arrivals.iter().map(|a| a.fate).collect()
}

#[test]
fn tumbling_windows_by_hand() {
    // 1, 2, 3 in [0, 5); 7, 8 in [5, 10); nothing in [10, 15); 15 in [15, 20).
    assert_eq!(values(&Preset::Tumbling.state()), ["0-5:3", "5-10:2", "15-20:1"]);
    // An event exactly at 5 starts the next window (half-open).
    assert_eq!(values(&st(&[4, 5], Kind::Tumbling, 5, 5, 3, 0)), ["0-5:1", "5-10:1"]);
    // Decimals: 0.5 and 2.499 in [0, 2.5); 2.5 in [2.5, 5).
    let s = WindowsState { events: vec![500, 2_499, 2_500], size: 2_500, ..WindowsState::default() };
    assert_eq!(values(&s), ["0-2.5:2", "2.5-5:1"]);
}

#[test]
fn hopping_windows_by_hand() {
    // Size 10, hop 5: starts 0, 5, 10, 15. [0, 10) holds 1, 2, 3, 7, 8; [5, 15) holds 7, 8;
    // [10, 20) holds 15; [15, 25) holds 15. Nothing starts before 0.
    assert_eq!(values(&Preset::Hopping.state()), ["0-10:5", "5-15:2", "10-20:1", "15-25:1"]);
    // Size 6, hop 2, one event at 5: k·2 ≤ 5 < k·2 + 6 for k = 0, 1, 2 (starts 0, 2, 4):
    // ⌈6 / 2⌉ = 3 windows.
    assert_eq!(values(&st(&[5], Kind::Hopping, 6, 2, 3, 0)), ["0-6:1", "2-8:1", "4-10:1"]);
    // Event at 1: only [0, 6) (start −4 and −2 would be before 0).
    assert_eq!(values(&st(&[1], Kind::Hopping, 6, 2, 3, 0)), ["0-6:1"]);
    // A hop equal to the size is tumbling.
    let same = st(&SIX, Kind::Hopping, 5, 5, 3, 0);
    assert_eq!(values(&same), values(&Preset::Tumbling.state()));
}

#[test]
fn the_hop_is_kept_between_a_twentieth_of_the_size_and_the_size() {
    // Hop 7 with size 5 is used as 5; hop 0.1 with size 10 as 0.5 (10 / 20).
    assert_eq!(st(&SIX, Kind::Hopping, 5, 7, 3, 0).effective_hop(), 5_000);
    let s = WindowsState { kind: Kind::Hopping, size: 10_000, hop: 100, ..WindowsState::default() };
    assert_eq!(s.effective_hop(), 500);
    // Event at 15 is in the windows starting 5.5, 6, …, 15: 20 of them.
    assert_eq!(WindowsState { events: vec![15_000], ..s }.figures().windows.len(), 20);
}

#[test]
fn sliding_windows_by_hand() {
    // One window of 5 s from each event: [1, 6) holds 1, 2, 3; [2, 7) holds 2, 3 (7 is its
    // end); [3, 8) holds 3, 7; [7, 12) holds 7, 8; [8, 13) holds 8; [15, 20) holds 15.
    assert_eq!(values(&Preset::Sliding.state()), ["1-6:3", "2-7:2", "3-8:2", "7-12:2", "8-13:1", "15-20:1"]);
    // Two events at the same time share one window.
    assert_eq!(values(&st(&[4, 4, 6], Kind::Sliding, 3, 3, 3, 0)), ["4-7:3", "6-9:1"]);
    // Out of order but allowed: 6 then 4 (size 3, lateness 10). [6, 9) holds 6; 4 arrives with
    // the watermark at 6: its own [4, 7) holds 4 and 6.
    assert_eq!(values(&st(&[6, 4], Kind::Sliding, 3, 3, 3, 10)), ["4-7:2", "6-9:1"]);
}

#[test]
fn sessions_by_hand() {
    // Gap 3: 1, 2, 3 are less than 3 apart: [1, 3 + 3) = [1, 6). 7 − 3 = 4 ≥ 3: a new session
    // [7, 11). 15 − 8 = 7: [15, 18).
    assert_eq!(values(&Preset::Session.state()), ["1-6:3", "7-11:2", "15-18:1"]);
    // Exactly gap apart: two sessions (the first ends at 4, half-open).
    assert_eq!(values(&st(&[1, 4], Kind::Session, 5, 5, 3, 0)), ["1-4:1", "4-7:1"]);
    // An event between two sessions joins them: 1, 7 then 4 (gap 3, lateness 10): [1, 4) and
    // [7, 10), then [4, 7) touches both without overlapping either, so three sessions; 3.5
    // would overlap [1, 4) and [4, 7)…
    assert_eq!(values(&st(&[1, 7, 4], Kind::Session, 5, 5, 3, 10)), ["1-4:1", "4-7:1", "7-10:1"]);
    let s = WindowsState {
        events: vec![1_000, 7_000, 3_500, 5_000],
        kind: Kind::Session,
        gap: 3_000,
        lateness: 10_000,
        ..WindowsState::default()
    };
    // …3.5 joins [1, 4) into [1, 6.5); 5 joins that and [7, 10) into [1, 10).
    assert_eq!(values(&s), ["1-10:4"]);
}

#[test]
fn late_events_and_allowed_lateness_by_hand() {
    // Arrival 1, 2, 9, 4, 12, 3; tumbling 5 s.
    // Watermarks on arrival: none, 1, 2, 9, 9, 12.
    // Lateness 0: 4 → window [0, 5) final since 9 ≥ 5 + 0: dropped. 12 → [10, 15). 3 → [0, 5),
    // 12 ≥ 5: dropped. Windows [0, 5): 1, 2; [5, 10): 9; [10, 15): 12.
    let late = Preset::Late.state();
    assert_eq!(values(&late), ["0-5:2", "5-10:1", "10-15:1"]);
    assert_eq!(fates(&late), [Fate::OnTime, Fate::OnTime, Fate::OnTime, Fate::Dropped, Fate::OnTime, Fate::Dropped]);
    let f = late.figures();
    assert_eq!(
        f.arrivals.iter().map(|a| a.watermark).collect::<Vec<_>>(),
        [None, Some(1_000), Some(2_000), Some(9_000), Some(9_000), Some(12_000)]
    );
    assert_eq!((f.dropped(), f.late(), f.watermark), (2, 0, Some(12_000)));
    // Lateness 5: [0, 5) is final at 5 + 5 = 10. 4 arrives at watermark 9 < 10: counts (late).
    // 3 arrives at 12 ≥ 10: dropped.
    let allowed = Preset::Lateness.state();
    assert_eq!(values(&allowed), ["0-5:3", "5-10:1", "10-15:1"]);
    assert_eq!(fates(&allowed), [Fate::OnTime, Fate::OnTime, Fate::OnTime, Fate::Late, Fate::OnTime, Fate::Dropped]);
    // Lateness 8: final at 13 > 12: nothing dropped; 3 s at 7: final at 12, 3 dropped.
    assert_eq!(values(&st(&STRAGGLERS, Kind::Tumbling, 5, 5, 3, 8)), ["0-5:4", "5-10:1", "10-15:1"]);
    assert_eq!(st(&STRAGGLERS, Kind::Tumbling, 5, 5, 3, 7).figures().dropped(), 1);
}

#[test]
fn a_late_event_counts_in_the_hopping_windows_still_open() {
    // Size 10, hop 5; arrival 12 then 4. Watermark 12 when 4 arrives. 4 is in [0, 10) (final:
    // 12 ≥ 10) only, so it is dropped. 8 would be in [0, 10) (final) and [5, 15) (open, 15 > 12):
    // it counts there, late.
    let s = st(&[12, 4, 8], Kind::Hopping, 10, 5, 3, 0);
    assert_eq!(fates(&s), [Fate::OnTime, Fate::Dropped, Fate::Late]);
    assert_eq!(values(&s), ["5-15:2", "10-20:1"]);
}

#[test]
fn a_final_session_stays_as_it_was() {
    // Gap 2, lateness 1. 1 → [1, 3). 6 (watermark 1). 2.8 arrives with the watermark at 6:
    // [1, 3) is final (3 + 1 ≤ 6); 2.8's own [2.8, 4.8) ends at 4.8 + 1 = 5.8 ≤ 6: dropped.
    let s = WindowsState {
        events: vec![1_000, 6_000, 2_800],
        kind: Kind::Session,
        gap: 2_000,
        lateness: 1_000,
        ..WindowsState::default()
    };
    assert_eq!(fates(&s), [Fate::OnTime, Fate::OnTime, Fate::Dropped]);
    // Lateness 2: [1, 3) is final at 5 ≤ 6; 2.8's [2.8, 4.8) is open (6.8 > 6) and does not
    // merge with the final session: a second session that overlaps the first (as in Flink, whose
    // state for a final window is gone).
    let s = WindowsState { lateness: 2_000, ..s };
    assert_eq!(values(&s), ["1-3:1", "2.8-4.8:1", "6-8:1"]);
}

#[test]
fn urls_round_trip_and_bad_input_gets_a_message() {
    let (s, problems) = WindowsState::from_query(&[
        ("events", "1, 2.5 4s"),
        ("kind", "HOPPING"),
        ("size", "10"),
        ("hop", "2.5"),
        ("lateness", "0.125"),
    ]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(s.events, [1_000, 2_500, 4_000]);
    assert_eq!((s.kind, s.size, s.hop, s.lateness), (Kind::Hopping, 10_000, 2_500, 125));
    assert_eq!(s.get("events"), "1,2.5,4");
    let (back, p) = WindowsState::from_query(&s.to_query());
    assert!(p.is_empty());
    assert_eq!(back, s);
    // The presets.
    assert_eq!(WindowsState::default().named(), Some("tumbling"));
    assert_eq!(Preset::Lateness.state().query_string(), "preset=lateness");
    // A list keeps the times it could read and names the rest.
    let mut s = WindowsState::default();
    let err = s.set("events", "1,x,-2,3.1234,4").unwrap_err();
    assert!(err.contains("“x”, “-2”, “3.1234” are not event times"), "{err}");
    assert_eq!(s.events, [1_000, 4_000]);
    for (key, value, says) in [
        ("events", "", "at least one"),
        ("events", "3601", "“3601”"),
        ("size", "0", "from 0.001 to 3,600"),
        ("size", "1e3", "not a time"),
        ("hop", "NaN", "not a time"),
        ("gap", "99999999999999999999", "not a time"),
        ("lateness", "-1", "not a time"),
        ("kind", "rolling", "tumbling, hopping, sliding or session"),
        ("colour", "red", "this widget reads"),
    ] {
        let mut s = WindowsState::default();
        let before = s.clone();
        let err = s.set(key, value).unwrap_err();
        assert!(err.contains(says), "{key}={value}: {err}");
        assert_eq!(s, before, "{key}={value}");
    }
    // Too many: the first 40 are kept and the rest named.
    let many = (0..50).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let mut s = WindowsState::default();
    assert!(s.set("events", &many).unwrap_err().contains("at most 40"));
    assert_eq!(s.events.len(), MAX_EVENTS);
}

#[test]
fn the_twin_lists_windows_then_dropped_events() {
    let t = Preset::Late.state().twin().unwrap();
    assert_eq!(t.caption, "6 events in tumbling windows of 5 s, no allowed lateness");
    assert_eq!(t.rows[0], ["Window 1: [0 s, 5 s)", "2", "1 s, 2 s"]);
    assert_eq!(t.rows[3], ["Dropped: event 4 at 4 s", "0", "arrived with the watermark at 9 s"]);
    assert_eq!(t.rows.len(), 5);
}

// ---- Properties, against a brute-force reference ----

/// The brute-force reference: for every candidate window (grid starts `0, hop, 2·hop, …` up to
/// the last event for tumbling and hopping; every event time for sliding), each event in arrival
/// order is checked against that window alone: it counts if it lies inside and the largest time
/// delivered before it is below `end + lateness`. Returns (start, end, count) of the windows with
/// a count, and how many events counted nowhere.
fn brute(s: &WindowsState) -> (Vec<(u64, u64, usize)>, usize) {
    let hop = match s.kind {
        Kind::Tumbling => s.size,
        _ => s.effective_hop(),
    };
    let last = s.events.iter().copied().max().unwrap_or(0);
    let starts: Vec<u64> = match s.kind {
        Kind::Sliding => {
            let mut v = s.events.clone();
            v.sort_unstable();
            v.dedup();
            v
        }
        _ => (0..=last / hop).map(|k| k * hop).collect(),
    };
    let open = |i: usize, end: u64| s.events[..i].iter().max().is_none_or(|&w| w < end + s.lateness);
    // Sliding: a window exists only if its anchor event was counted (its own window open).
    let mut out = Vec::new();
    let mut counted = vec![false; s.events.len()];
    for start in starts {
        let end = start + s.size;
        if s.kind == Kind::Sliding && !s.events.iter().enumerate().any(|(i, &t)| t == start && open(i, end)) {
            continue;
        }
        let mut n = 0;
        for (i, &t) in s.events.iter().enumerate() {
            if start <= t && t < end && open(i, end) {
                n += 1;
                counted[i] = true;
            }
        }
        if n > 0 {
            out.push((start, end, n));
        }
    }
    (out, counted.iter().filter(|c| !**c).count())
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![Just(Kind::Tumbling), Just(Kind::Hopping), Just(Kind::Sliding), Just(Kind::Session)]
}

/// Events in half-seconds up to 60 s, sizes and gaps up to 20 s, lateness up to 20 s.
fn state() -> impl Strategy<Value = WindowsState> {
    (prop::collection::vec(0u64..120, 1..16), kind(), 1u64..40, 1u64..40, 1u64..40, 0u64..40).prop_map(
        |(ev, kind, size, hop, gap, late)| WindowsState {
            events: ev.iter().map(|t| t * 500).collect(),
            kind,
            size: size * 500,
            hop: hop * 500,
            gap: gap * 500,
            lateness: late * 500,
        },
    )
}

proptest! {
    #[test]
    fn grid_and_sliding_windows_match_the_brute_force(s in state()) {
        prop_assume!(s.kind != Kind::Session);
        let f = s.figures();
        let (reference, dropped) = brute(&s);
        let got: Vec<(u64, u64, usize)> = f.windows.iter().map(|w| (w.start, w.end, w.count())).collect();
        prop_assert_eq!(got, reference);
        prop_assert_eq!(f.dropped(), dropped);
    }

    #[test]
    fn every_counted_event_is_in_the_right_number_of_windows(s in state()) {
        let f = s.figures();
        let total: usize = f.windows.iter().map(Window::count).sum();
        let mut per_event = vec![0usize; f.arrivals.len()];
        for w in &f.windows {
            prop_assert!(w.count() >= 1 && w.start < w.end);
            for &o in &w.events {
                per_event[o - 1] += 1;
                let t = f.arrivals[o - 1].time;
                prop_assert!(w.start <= t && t < w.end, "event {} at {} outside [{}, {})", o, t, w.start, w.end);
            }
        }
        prop_assert_eq!(total, per_event.iter().sum::<usize>());
        let most = s.size.div_ceil(f.hop) as usize;
        for (a, n) in f.arrivals.iter().zip(&per_event) {
            prop_assert_eq!(a.fate == Fate::Dropped, *n == 0);
            match s.kind {
                Kind::Tumbling | Kind::Session => prop_assert!(a.fate == Fate::Dropped || *n == 1),
                Kind::Hopping => prop_assert!(*n <= most),
                Kind::Sliding => {}
            }
        }
        // Windows are listed in time order, each once.
        for pair in f.windows.windows(2) {
            prop_assert!((pair[0].start, pair[0].end) < (pair[1].start, pair[1].end));
        }
    }

    #[test]
    fn events_in_order_with_no_lateness_are_never_dropped(mut s in state()) {
        s.events.sort_unstable();
        s.lateness = 0;
        let f = s.figures();
        prop_assert_eq!(f.dropped(), 0);
        prop_assert_eq!(f.late(), 0);
        if s.kind == Kind::Session {
            // Sorted, sessions split exactly where two neighbours are at least a gap apart.
            let mut expected = Vec::new();
            let mut first = s.events[0];
            let mut n = 1;
            for pair in s.events.windows(2) {
                if pair[1] - pair[0] >= s.gap {
                    expected.push((first, pair[0] + s.gap, n));
                    first = pair[1];
                    n = 0;
                }
                n += 1;
            }
            expected.push((first, s.events[s.events.len() - 1] + s.gap, n));
            let got: Vec<(u64, u64, usize)> = f.windows.iter().map(|w| (w.start, w.end, w.count())).collect();
            prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn more_lateness_never_drops_more(s in state(), extra in 0u64..40) {
        let more = WindowsState { lateness: s.lateness + extra * 500, ..s.clone() };
        prop_assert!(more.figures().dropped() <= s.figures().dropped());
    }

    #[test]
    fn any_text_is_read_or_refused_and_any_state_gives_figures(key in prop::sample::select(vec!["events", "kind", "size", "hop", "gap", "lateness"]), text in ".{0,30}") {
        let mut s = WindowsState::default();
        let _ = s.set(key, &text);
        let f = s.figures();
        prop_assert!(f.windows.len() <= MAX_EVENTS * MAX_PER_EVENT as usize);
        let (back, _) = WindowsState::from_query(&s.to_query());
        prop_assert_eq!(back, s);
    }
}
