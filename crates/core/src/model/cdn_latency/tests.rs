use super::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// Checks the expected page loads (ms) for a state, without and with the CDN.
#[track_caller]
fn check(s: &CdnState, origin_ms: f64, cdn_ms: f64) {
    let e = estimate(s);
    assert!(close(e.origin.total, origin_ms), "without CDN: {} ≠ {origin_ms}", e.origin.total);
    assert!(close(e.cdn.total, cdn_ms), "with CDN: {} ≠ {cdn_ms}", e.cdn.total);
}

#[test]
fn distance_sets_the_round_trip() {
    assert_eq!(rtt_ms(1_000.0), 10.0); // 5 ms each way per 1,000 km of fiber.
    assert_eq!(rtt_ms(40_000.0), 400.0); // 200 ms one way.
    assert_eq!(rtt_ms(-5.0), 0.0);
    let sp_ash = city_path_km(0, 1).unwrap();
    // São Paulo → Ashburn is about 7,600 km on the great circle; × 1.5 for the route.
    assert!((11_200.0..11_600.0).contains(&sp_ash), "{sp_ash}");
    assert!((great_circle_km((51.51, -0.13), (-33.87, 151.21)) - 16_990.0).abs() < 30.0);
    assert_eq!(city_path_km(0, 99), None);
    for (i, a) in CITIES.iter().enumerate() {
        for (j, b) in CITIES.iter().enumerate() {
            let computed = great_circle_km((a.1, a.2), (b.1, b.2)).round();
            assert_eq!(f64::from(GREAT_CIRCLE_KM[i][j]), computed, "{} → {}", a.0, b.0);
        }
    }
}

#[test]
fn ten_images_at_200_ms_with_real_protocols() {
    let s = Preset::TenImagesAt200Ms.state();
    // Without a CDN: RTT 400 ms. Set-up: TCP 1 + TLS 1.2 2 = 3 RTT, and again for the five
    // extra HTTP/1.1 connections: 6 × 400. Requests: HTML + ceil(10/6) = 2 rounds, each
    // 400 + 20 ms. Transfer: (30 + 10 × 100) KB at 50 Mbit/s = 164.8 ms.
    let transfer = 1_030_000.0 * 8.0 / 50e6 * 1e3;
    let origin = 6.0 * 400.0 + 3.0 * 420.0 + transfer;
    // With a CDN 50 km away: RTT 0.5 ms, edge time 2 ms; a miss costs the edge → origin trip
    // (39,950 km: 399.5 ms) + 20 ms. Rounds of 1, 6 and 4 requests at a 90 % hit ratio.
    let penalty = 399.5 + 20.0;
    let miss = (0.1 + (1.0 - 0.9f64.powi(6)) + (1.0 - 0.9f64.powi(4))) * penalty;
    let cdn = 6.0 * 0.5 + 3.0 * 2.5 + transfer + miss;
    check(&s, origin, cdn);
    let e = estimate(&s);
    assert_eq!(e.rtt_origin, 400.0);
    assert_eq!(e.rtt_edge, 0.5);
    assert!(close(e.origin.ttfb, 3.0 * 400.0 + 420.0));
    assert!(close(e.cdn.ttfb, 3.0 * 0.5 + 2.5 + 0.1 * penalty));
    assert!(close(e.speedup, origin / cdn));
    // Origin offload: the share the edge answers, 90 % at a 90 % hit ratio.
    assert!(close(e.offload_requests, 0.9));
    assert!(close(e.offload_bytes, 0.9));
}

#[test]
fn the_leg_by_leg_sum_adds_up_to_3000_ms() {
    let sum: f64 = ENVELOPE_LEGS.iter().map(|(_, ms)| ms).sum();
    assert_eq!(sum, 3_000.0);
    // Counted with the protocols' rules the same page takes longer without a CDN.
    assert!(estimate(&Preset::TenImagesAt200Ms.state()).origin.total > sum);
}

#[test]
fn protocols_differ_in_set_up_and_multiplexing() {
    let base = CdnState { distance_km: 10_000.0, assets: 0, html_kb: 0.0, origin_ms: 0.0, ..CdnState::default() };
    let ttfb = |p: Protocol| estimate(&CdnState { protocol: p, ..base.clone() }).origin.ttfb;
    assert_eq!(ttfb(Protocol::H1Tls12), 4.0 * 100.0); // TCP + TLS 1.2 + the request.
    assert_eq!(ttfb(Protocol::H2Tls13), 3.0 * 100.0);
    assert_eq!(ttfb(Protocol::H3), 2.0 * 100.0);
    assert_eq!(estimate(&CdnState { reuse: true, ..base.clone() }).origin.ttfb, 100.0);
    let assets = CdnState { assets: 10, asset_kb: 0.0, ..base };
    assert_eq!(asset_rounds(&CdnState { protocol: Protocol::H1Tls12, connections: 1, ..assets.clone() }), [1; 10]);
    assert_eq!(asset_rounds(&CdnState { protocol: Protocol::H1Tls12, connections: 6, ..assets.clone() }), [6, 4]);
    assert_eq!(asset_rounds(&assets), [10]);
    // One connection, one request at a time: 2 set-up trips + 11 request trips.
    let seq = CdnState { protocol: Protocol::H1Tls12, connections: 1, ..assets };
    assert_eq!(estimate(&seq).origin.total, (3.0 + 11.0) * 100.0);
}

#[test]
fn push_never_misses_and_a_full_hit_ratio_neither() {
    let pull = CdnState { hit_ratio: 1.0, ..Preset::TenImagesAt200Ms.state() };
    let push = CdnState { strategy: Strategy::Push, hit_ratio: 0.2, ..Preset::TenImagesAt200Ms.state() };
    assert_eq!(estimate(&pull).cdn.phases.miss, 0.0);
    assert_eq!(estimate(&push).cdn.total, estimate(&pull).cdn.total);
    assert_eq!(estimate(&push).offload_requests, 1.0, "push: the edge answers everything");
    assert_eq!(estimate(&pull).offload_requests, 1.0);
    // At a 0 % hit ratio every round pays the full penalty.
    let cold = CdnState { hit_ratio: 0.0, ..Preset::TenImagesAt200Ms.state() };
    assert_eq!(estimate(&cold).offload_requests, 0.0, "no hits: nothing offloaded");
    assert!(close(estimate(&cold).cdn.phases.miss, 3.0 * 419.5));
}

#[test]
fn sweeps_cover_their_ranges() {
    let s = CdnState::default();
    let by_hit = sweep_hit_ratio(&s, 10);
    assert_eq!(by_hit.len(), 11);
    assert_eq!(by_hit[0].0, 0.0);
    assert_eq!(by_hit[10].0, 1.0);
    assert!(by_hit.windows(2).all(|w| w[1].2 <= w[0].2), "more hits, faster");
    let by_km = sweep_distance(&s, 20_000.0, 20);
    assert_eq!(by_km.last().map(|p| p.0), Some(20_000.0));
    assert!(by_km.windows(2).all(|w| w[1].1 >= w[0].1 && w[1].2 >= w[0].2), "farther, slower");
}

#[test]
fn the_simulation_is_seeded_and_brackets_the_expectation() {
    let s = Preset::TenImagesAt200Ms.state();
    let a = simulate(&s, 20_000);
    assert_eq!(a, simulate(&s, 20_000), "same seed, same figures");
    assert_ne!(a, simulate(&CdnState { seed: 2, ..s.clone() }, 20_000));
    assert!(a.origin.p50 <= a.origin.p95 && a.origin.p95 <= a.origin.p99);
    assert!(a.cdn.p50 <= a.cdn.p95 && a.cdn.p95 <= a.cdn.p99);
    let e = estimate(&s);
    // Jitter only adds time, so even the median is at least the no-jitter floor.
    let calm = simulate(&CdnState { jitter: 0.0, hit_ratio: 1.0, ..s.clone() }, 1_000);
    assert!(close(calm.cdn.p50, estimate(&CdnState { hit_ratio: 1.0, ..s.clone() }).cdn.total));
    assert!(close(calm.origin.p99, e.origin.total));
    assert!(a.origin.p50 > e.origin.total);
    assert!(a.cdn.p99 > a.cdn.p50, "misses and queueing make a tail");
}

#[test]
fn percentiles_use_nearest_rank() {
    let mut v: Vec<f64> = (1..=100).rev().map(f64::from).collect();
    assert_eq!(percentiles(&mut v), Percentiles { p50: 50.0, p95: 95.0, p99: 99.0 });
    assert_eq!(percentiles(&mut []), Percentiles::default());
    assert_eq!(percentiles(&mut [7.0]), Percentiles { p50: 7.0, p95: 7.0, p99: 7.0 });
}

#[test]
fn state_round_trips_and_presets_stay_named_until_changed() {
    let (s, problems) = CdnState::from_query(&[("preset", "200ms-10-images")]);
    assert!(problems.is_empty());
    assert_eq!(s, Preset::TenImagesAt200Ms.state());
    assert_eq!(s.to_query(), [("preset", "200ms-10-images".to_string())]);
    // The preset's older name, still in links shared before the rename, opens it too and is
    // rewritten with the current name.
    let (old, problems) = CdnState::from_query(&[("preset", "notes")]);
    assert!(problems.is_empty());
    assert_eq!(old, s);
    assert_eq!(old.to_query(), s.to_query());
    let (again, problems) = CdnState::from_query(&s.to_query());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(again, s);
    let (changed, _) = CdnState::from_query(&[("preset", "200ms-10-images"), ("assets", "20")]);
    assert_eq!(changed.preset, None, "no longer the preset");
    assert_eq!(changed.assets, 20);
    assert_eq!(changed.distance_km, 40_000.0, "the rest of the preset stays");
    assert_eq!(CdnState::default().to_query(), [], "the defaults are not written");
    let one = CdnState { assets: 7, ..CdnState::default() };
    assert_eq!(one.to_query(), [("assets", "7".to_string())], "only what differs from them");
    assert_eq!(
        changed.to_query().len(),
        CdnState::KEYS.iter().filter(|&&k| k != "preset" && changed.get(k) != CdnState::default().get(k)).count()
    );
}

#[test]
fn bad_parameters_are_reported_and_skipped() {
    let (s, problems) = CdnState::from_query(&[
        ("distance_km", "-5"),
        ("hit_ratio", "1.5"),
        ("bandwidth_mbps", "0"),
        ("assets", "1000000000"),
        ("asset_kb", "lots"),
        ("protocol", "h4"),
        ("preset", "mars"),
        ("connections", "2.5"),
        ("seed", "5000000000"),
        ("colour", "red"),
    ]);
    let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "preset",
            "distance_km",
            "hit_ratio",
            "bandwidth_mbps",
            "assets",
            "asset_kb",
            "protocol",
            "connections",
            "seed",
            "colour"
        ]
    );
    assert_eq!(s, CdnState::default());
    assert!(problems.iter().all(|p| !p.message.is_empty()));
}

#[test]
fn the_origin_simulation_ignores_cdn_settings() {
    let s = Preset::SaoPauloAshburn.state();
    let mut t = s.clone();
    for (k, v) in
        [("hit_ratio", "0.2"), ("edge_km", "900"), ("strategy", "push"), ("edge_ms", "40"), ("chart", "distance")]
    {
        t.set(k, v).unwrap();
    }
    assert_eq!(s.origin_inputs(), t.origin_inputs());
    assert_eq!(simulate_origin(&s, 5_000), simulate_origin(&t, 5_000));
    assert_ne!(simulate_cdn(&s, 5_000), simulate_cdn(&t, 5_000));
    // And the projection keeps what the origin does depend on.
    t.set("distance_km", "3000").unwrap();
    assert_ne!(s.origin_inputs(), t.origin_inputs());
    assert_ne!(simulate_origin(&s, 5_000), simulate_origin(&t, 5_000));
    let d = simulate(&s, 5_000);
    assert_eq!((d.origin, d.cdn), (simulate_origin(&s, 5_000), simulate_cdn(&s, 5_000)));
}
