//! Component tests in a real browser (headless Chromium through wasm-bindgen-test): put a
//! widget's place or a self-check in a page as the build writes it, bring it to life the way
//! the shell does, type and click as a person would, and read what the page shows. Natively
//! this file compiles to nothing; `make test` runs it on wasm32.

#![cfg(target_arch = "wasm32")]

use leptos::{prelude::*, task::tick};
use tradeoffs::lesson::page::{quiz_html, widget_html};
use tradeoffs::lesson::{Quiz, QuizAnswer, WidgetKind, WidgetSpec};
use tradeoffs::model::widget::UrlState;
use tradeoffs::ui::app::{self, BasePath, Theme};
use tradeoffs::ui::islands::Islands;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Puts page markup (as the build writes it) in a fresh `<main>` and returns it.
fn page(html: &str, preload: &str) -> HtmlElement {
    let main = document().create_element("main").unwrap();
    main.set_attribute("data-preload", preload).unwrap();
    main.set_inner_html(html);
    document().body().unwrap().append_child(&main).unwrap();
    main.unchecked_into()
}

/// A widget's place in a lesson, brought to life the way the shell does it; returns its frame
/// once the live widget is in.
async fn open_widget(kind: WidgetKind, params: &[(&str, &str)]) -> HtmlElement {
    let params: Vec<(String, String)> = params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let main = page(&widget_html(&WidgetSpec { kind, params }, false), kind.id());
    let owner = Owner::new();
    owner.with(|| app::provide(BasePath::default(), Theme(RwSignal::new(app::ThemeName::Light))));
    let islands = Islands::new(owner);
    islands.scan(&main);
    std::mem::forget(islands);
    let frame = find(&main, "section[data-widget]");
    for _ in 0..200 {
        if frame.get_attribute("data-state").as_deref() == Some("live") {
            tick().await;
            return frame;
        }
        // The widget is built a task after its code arrives: wait a task, not a tick.
        tradeoffs::ui::browser::next_task().await;
    }
    panic!("the {} widget did not come alive", kind.id());
}

async fn open_nines(params: &[(&str, &str)]) -> HtmlElement {
    open_widget(WidgetKind::Nines, params).await
}

fn find(root: &HtmlElement, selector: &str) -> HtmlElement {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("nothing matches {selector}")).unchecked_into()
}

fn by_testid(root: &HtmlElement, id: &str) -> HtmlElement {
    find(root, &format!("[data-testid='{id}']"))
}

/// The exact value a test id carries.
fn value_of(root: &HtmlElement, id: &str) -> String {
    by_testid(root, id).get_attribute("data-value").unwrap_or_default()
}

fn text_of(root: &HtmlElement, id: &str) -> String {
    by_testid(root, id).text_content().unwrap_or_default()
}

/// Types into an input the way a browser reports it: set the value, fire `input`.
async fn type_into(root: &HtmlElement, id: &str, text: &str) {
    let input: HtmlInputElement = by_testid(root, id).unchecked_into();
    input.set_value(text);
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    tick().await;
}

#[wasm_bindgen_test]
async fn availability_input_drives_the_downtime_readouts() {
    let w = open_nines(&[("availability", "99.9")]).await;
    assert!(w.query_selector(".widget-static").unwrap().is_none(), "the live widget replaced the static figures");
    assert_eq!(value_of(&w, "downtime-day"), "86.4");
    assert_eq!(text_of(&w, "downtime-month"), "43 min 12 s");
    type_into(&w, "availability-input", "99.99").await;
    assert_eq!(value_of(&w, "downtime-day"), "8.64");
    assert_eq!(value_of(&w, "downtime-year"), "3153.6");
    assert_eq!(text_of(&w, "downtime-year"), "52 min 33.6 s");
    let current = find(&w, "tr.current");
    assert!(current.text_content().unwrap().starts_with("99.99 %"));
}

#[wasm_bindgen_test]
async fn bad_input_shows_a_message_and_keeps_the_last_good_result() {
    let w = open_nines(&[("availability", "99.95")]).await;
    let fifty_nines = format!("99.{}", "9".repeat(48));
    for (bad, says) in [
        ("", "enter a number"),
        ("abc", "not a number"),
        ("NaN", "not a number"),
        ("-5", "negative"),
        ("120", "exceed 100"),
        ("100", "no downtime ever"),
        (fifty_nines.as_str(), "nines"),
    ] {
        type_into(&w, "availability-input", bad).await;
        let message = text_of(&w, "availability-input-message").to_lowercase();
        assert!(message.contains(says), "for {bad:?} the message is {message:?}");
        assert_eq!(value_of(&w, "downtime-day"), "43.2", "after {bad:?}");
    }
    type_into(&w, "availability-input", "99.9").await;
    assert_eq!(text_of(&w, "availability-input-message"), "");
    assert_eq!(value_of(&w, "downtime-day"), "86.4");
}

#[wasm_bindgen_test]
async fn the_chain_composes_series_and_parallel_parts() {
    let w = open_nines(&[("chain", "99.9x2"), ("panels", "chain")]).await;
    assert_eq!(value_of(&w, "composed-availability"), "0.999999");
    type_into(&w, "group-replicas", "1").await;
    assert_eq!(value_of(&w, "composed-availability"), "0.999");
    find(&w, "button.add-group").click();
    tick().await;
    assert_eq!(value_of(&w, "composed-availability"), "0.998001");
    assert!(w.query_selector("[data-panel='table']").unwrap().is_none(), "only the chain panel was asked for");
}

#[wasm_bindgen_test]
async fn the_share_link_carries_the_whole_state() {
    let w = open_nines(&[("availability", "99.95"), ("chain", "99.9x1,99.95x2")]).await;
    type_into(&w, "mtbf-input", "1000").await;
    let href = by_testid(&w, "share-link").get_attribute("href").unwrap();
    assert!(href.starts_with("/widgets/nines?availability=99.95&"), "{href}");
    assert!(href.contains("chain=99.9x1,99.95x2"), "{href}");
    assert!(href.contains("mtbf=1000"), "{href}");
}

/// A self-check as the page holds it, listened to the way the shell arranges it.
async fn open_quiz(quiz: Quiz) -> HtmlElement {
    let main = page(&quiz_html(&quiz), "");
    tradeoffs::ui::quiz::listen();
    find(&main, "section[data-quiz]")
}

fn revealed(quiz: &HtmlElement) -> bool {
    find(quiz, "details.quiz-answer").has_attribute("open")
}

#[wasm_bindgen_test]
async fn a_choice_quiz_reveals_its_explanation_after_an_answer() {
    let q = open_quiz(Quiz {
        question: "Which is higher?".into(),
        answer: QuizAnswer::Choice { choices: vec!["99 %".into(), "99.9 %".into()], correct: 1 },
        explanation: "<p>Three nines beat two.</p>".into(),
    })
    .await;
    assert!(!revealed(&q));
    let first = find(&q, ".quiz-choice");
    first.click();
    assert!(revealed(&q));
    assert!(text_of(&q, "quiz-verdict").starts_with("Not quite"));
    assert_eq!(first.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert!(first.class_list().contains("wrong"));
    let right = q.query_selector_all(".quiz-choice").unwrap().item(1).unwrap().unchecked_into::<HtmlElement>();
    assert!(right.class_list().contains("right"), "the right choice is marked");
    right.click();
    assert_eq!(text_of(&q, "quiz-verdict"), "Right.");
    assert_eq!(first.get_attribute("aria-pressed").as_deref(), Some("false"));
}

#[wasm_bindgen_test]
async fn a_number_quiz_checks_a_prediction() {
    let q = open_quiz(Quiz {
        question: "Minutes?".into(),
        answer: QuizAnswer::Number { value: 43.2, tolerance: 0.5, unit: "min".into() },
        explanation: "<p>0.1 % of 43,200.</p>".into(),
    })
    .await;
    let input: HtmlInputElement = find(&q, ".quiz-number input").unchecked_into();
    find(&q, ".quiz-check").click();
    assert!(text_of(&q, "quiz-verdict").starts_with("Type your prediction first"));
    assert!(!revealed(&q), "nothing is revealed before a prediction");
    input.set_value("50");
    find(&q, ".quiz-check").click();
    assert_eq!(text_of(&q, "quiz-verdict"), "Not quite: the answer is 43.2 (± 0.5) min.");
    assert!(revealed(&q));
    input.set_value("43,0");
    find(&q, ".quiz-check").click();
    assert_eq!(text_of(&q, "quiz-verdict"), "Right: 43.2 (± 0.5) min.", "a decimal comma is read too");
}

async fn open_cdn(params: &[(&str, &str)]) -> HtmlElement {
    open_widget(WidgetKind::CdnLatency, params).await
}

#[wasm_bindgen_test]
async fn the_cdn_widget_counts_ten_images_at_200_ms_each_way() {
    let w = open_cdn(&[("preset", "200ms-10-images")]).await;
    assert_eq!(value_of(&w, "rtt-origin"), "400");
    assert_eq!(value_of(&w, "rtt-edge"), "0.5");
    assert_eq!(value_of(&w, "page-load-origin"), "3824.8");
    assert_eq!(value_of(&w, "envelope-sum"), "3000", "the leg-by-leg sum is 3,000 ms");
    assert_eq!(value_of(&w, "origin-offload"), "0.9", "the edge answers 90 % of requests");
    let cdn: f64 = value_of(&w, "page-load-cdn").parse().unwrap();
    assert!((cdn - 558.08).abs() < 0.01, "{cdn}");
}

#[wasm_bindgen_test]
async fn the_cdn_widget_follows_its_inputs_and_keeps_the_last_good_result() {
    // The preset's older name, from links shared before it was renamed, still opens it.
    let w = open_cdn(&[("preset", "notes")]).await;
    assert_eq!(value_of(&w, "page-load-origin"), "3824.8");
    type_into(&w, "hit-ratio-input", "1").await;
    assert_eq!(value_of(&w, "origin-offload"), "1", "every request answered at the edge");
    let all_hits: f64 = value_of(&w, "page-load-cdn").parse().unwrap();
    assert!((all_hits - (3.0 + 7.5 + 164.8)).abs() < 1e-6, "{all_hits}");
    assert!(w.query_selector("[data-panel='envelope']").unwrap().is_none(), "no longer the 200 ms preset");
    for bad in ["1.5", "-1", "abc", ""] {
        type_into(&w, "hit-ratio-input", bad).await;
        assert!(!text_of(&w, "hit-ratio-input-message").is_empty(), "no message for {bad:?}");
        assert_eq!(value_of(&w, "origin-offload"), "1", "after {bad:?}");
    }
    type_into(&w, "assets-input", "1000000000").await;
    assert!(!text_of(&w, "assets-input-message").is_empty());
    type_into(&w, "distance-input", "1000").await;
    assert_eq!(value_of(&w, "rtt-origin"), "10");
    let href = by_testid(&w, "share-link").get_attribute("href").unwrap();
    assert!(href.starts_with("/widgets/cdn-latency?distance_km=1000&"), "{href}");
    assert!(href.contains("hit_ratio=1&"), "{href}");
}

#[wasm_bindgen_test]
async fn the_cdn_widget_shows_quick_percentiles_then_refines_them_when_idle() {
    use tradeoffs::model::cdn_latency::{CdnState, simulate_cdn, simulate_origin};
    let w = open_cdn(&[("preset", "200ms-10-images")]).await;
    let caption = || find(&w, "table.percentiles caption").text_content().unwrap_or_default();
    for _ in 0..100 {
        if caption().contains("100,000 each") {
            break;
        }
        tradeoffs::ui::browser::next_task().await;
    }
    assert!(caption().contains("100,000 each"), "{}", caption());
    // The refined figures are the model's at the full sample count.
    let state = CdnState::from_query(&[("preset", "200ms-10-images")]).0;
    let shown = |id: &str| value_of(&w, id).parse::<f64>().unwrap();
    let origin = simulate_origin(&state.origin_inputs(), 100_000);
    let cdn = simulate_cdn(&state.simulation_inputs(), 100_000);
    for (id, expected) in
        [("p50-origin", origin.p50), ("p99-origin", origin.p99), ("p50-cdn", cdn.p50), ("p99-cdn", cdn.p99)]
    {
        assert!((shown(id) - expected).abs() <= expected.abs() * 1e-9, "{id}: {} vs {expected}", shown(id));
    }
}

#[wasm_bindgen_test]
async fn a_shared_cdn_url_sets_every_control() {
    let query = [
        ("distance_km", "9000", "distance-input"),
        ("edge_km", "120", "edge-input"),
        ("hit_ratio", "0.75", "hit-ratio-input"),
        ("assets", "25", "assets-input"),
        ("asset_kb", "40", "asset-kb-input"),
        ("html_kb", "12", "html-kb-input"),
        ("bandwidth_mbps", "8", "bandwidth-input"),
        ("connections", "4", "connections-input"),
        ("origin_ms", "35", "origin-ms-input"),
        ("edge_ms", "3", "edge-ms-input"),
        ("dns_ms", "15", "dns-input"),
        ("jitter", "0.7", "jitter-input"),
        ("seed", "42", "seed-input"),
        ("protocol", "h3", "protocol-select"),
        ("strategy", "push", "strategy-select"),
        ("reuse", "true", "reuse-select"),
        ("chart", "distance", "chart-select"),
    ];
    let params: Vec<(&str, &str)> = query.iter().map(|(k, v, _)| (*k, *v)).collect();
    let w = open_cdn(&params).await;
    for (key, value, testid) in query {
        let control = by_testid(&w, testid);
        let shown = match control.dyn_ref::<HtmlInputElement>() {
            Some(input) => input.value(),
            None => control.unchecked_ref::<web_sys::HtmlSelectElement>().value(),
        };
        assert_eq!(shown, value, "{key}");
    }
    let href = by_testid(&w, "share-link").get_attribute("href").unwrap();
    for (key, value, _) in query {
        assert!(href.contains(&format!("{key}={value}")), "{key} missing from {href}");
    }
}

async fn open_cap(params: &[(&str, &str)]) -> HtmlElement {
    open_widget(WidgetKind::Cap, params).await
}

/// Each logged step that ran, as `outcome:value`.
fn cap_log(root: &HtmlElement) -> Vec<String> {
    let list = root.query_selector_all("[data-testid='cap-op']").unwrap();
    (0..list.length())
        .map(|i| {
            let el: web_sys::Element = list.item(i).unwrap().unchecked_into();
            format!("{}:{}", el.get_attribute("data-outcome").unwrap(), el.get_attribute("data-value").unwrap())
        })
        .collect()
}

/// A click the way the browser delivers it: bubbling from the element.
async fn click(root: &HtmlElement, selector: &str) {
    let el = root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("nothing matches {selector}"));
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::Event::new_with_event_init_dict("click", &init).unwrap()).unwrap();
    tick().await;
}

async fn choose(root: &HtmlElement, id: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = by_testid(root, id).unchecked_into();
    select.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    tick().await;
}

#[wasm_bindgen_test]
async fn the_cap_toy_steps_a_scenario_and_switches_modes() {
    // The like counter stopped before node 1's read: stepping runs it.
    let w = open_cap(&[("preset", "likes"), ("at", "6")]).await;
    assert_eq!(value_of(&w, "cap-cursor"), "6");
    assert_eq!(value_of(&w, "cap-node-1"), "100");
    assert_eq!(value_of(&w, "cap-node-2"), "103");
    click(&w, "[data-testid='cap-step']").await;
    assert_eq!(cap_log(&w).last().unwrap(), "stale:100");
    // The same script in CP: node 1 alone refuses.
    choose(&w, "cap-mode-select", "cp").await;
    assert_eq!(cap_log(&w).last().unwrap(), "error:");
    click(&w, "[data-testid='cap-end']").await;
    assert_eq!(cap_log(&w).last().unwrap(), "ok:103");
    assert_eq!(value_of(&w, "cap-node-1"), "103");
    let href = by_testid(&w, "share-link").get_attribute("href").unwrap();
    assert_eq!(href, "/widgets/cap?preset=likes&mode=cp");
}

#[wasm_bindgen_test]
async fn the_cap_toy_records_every_action_as_a_step() {
    let w = open_cap(&[("nodes", "3")]).await;
    assert!(cap_log(&w).is_empty());
    type_into(&w, "cap-value-input", "42").await;
    click(&w, "[data-testid='cap-write-1']").await;
    click(&w, "[data-testid='cap-link-1-2']").await;
    click(&w, "[data-testid='cap-link-1-3']").await;
    click(&w, "[data-testid='cap-read-1']").await;
    assert_eq!(cap_log(&w), ["ok:42", "ok:", "ok:", "error:"], "node 1 is cut off from both others");
    let href = by_testid(&w, "share-link").get_attribute("href").unwrap();
    assert!(href.ends_with("ops=w1:42,cut:1-2,cut:1-3,r1"), "{href}");
    // Undo takes back the last step; the cut link can be mended by a click too.
    click(&w, "[data-testid='cap-undo']").await;
    click(&w, "[data-testid='cap-link-1-3']").await;
    click(&w, "[data-testid='cap-read-1']").await;
    assert_eq!(cap_log(&w).last().unwrap(), "ok:42");
    // A bad value to write gets a message; Write keeps storing the last valid one.
    type_into(&w, "cap-value-input", "lots").await;
    assert!(!text_of(&w, "cap-value-input-message").is_empty());
    click(&w, "[data-testid='cap-write-2']").await;
    assert_eq!(cap_log(&w).last().unwrap(), "ok:42");
}

async fn open_saga(params: &[(&str, &str)]) -> HtmlElement {
    open_widget(WidgetKind::Saga, params).await
}

fn saga_statuses(root: &HtmlElement, n: usize) -> Vec<String> {
    (1..=n).map(|k| value_of(root, &format!("saga-status-{k}"))).collect()
}

#[wasm_bindgen_test]
async fn the_saga_steps_forward_and_back_and_compensates_in_reverse() {
    let w = open_saga(&[("flow", "travel"), ("fail", "3")]).await;
    assert_eq!(value_of(&w, "saga-outcome"), "running");
    assert_eq!(value_of(&w, "saga-messages"), "0");
    for _ in 0..6 {
        click(&w, "[data-testid='saga-step']").await;
    }
    assert_eq!(saga_statuses(&w, 3), ["done", "done", "failed"]);
    click(&w, "[data-testid='saga-step']").await;
    click(&w, "[data-testid='saga-step']").await;
    assert_eq!(saga_statuses(&w, 3), ["done", "compensated", "failed"], "the hotel is undone first");
    click(&w, "[data-testid='saga-back']").await;
    assert_eq!(saga_statuses(&w, 3), ["done", "done", "failed"], "back shows the earlier moment");
    click(&w, "[data-testid='saga-end']").await;
    assert_eq!(saga_statuses(&w, 3), ["compensated", "compensated", "failed"]);
    assert_eq!(value_of(&w, "saga-outcome"), "aborted");
    assert_eq!(value_of(&w, "saga-messages"), "10");
    // The same failure choreographed: half the messages, the same compensations.
    choose(&w, "saga-mode-select", "choreography").await;
    assert_eq!(value_of(&w, "saga-messages"), "5");
    assert_eq!(saga_statuses(&w, 3), ["compensated", "compensated", "failed"]);
    let href = by_testid(&w, "share-link").get_attribute("href").unwrap();
    assert_eq!(href, "/widgets/saga?flow=travel&mode=choreography&fail=3&step=end");
    // A new failure point replays from the start.
    choose(&w, "saga-fail-select", "none").await;
    assert_eq!(value_of(&w, "saga-messages"), "0");
    click(&w, "[data-testid='saga-end']").await;
    assert_eq!(value_of(&w, "saga-outcome"), "committed");
}

#[wasm_bindgen_test]
async fn every_widget_in_the_list_comes_alive_and_says_one_sentence() {
    for &kind in WidgetKind::ALL {
        let w = open_widget(kind, &[]).await;
        let live = w.query_selector_all("[aria-live]").unwrap().length();
        assert_eq!(live, 1, "{} has {live} live regions", kind.id());
        assert!(
            w.query_selector(".widget-static").unwrap().is_none(),
            "{}: the live widget replaced the figures",
            kind.id()
        );
    }
}

#[wasm_bindgen_test]
async fn the_estimator_follows_the_retention_and_its_scenarios() {
    let w = open_widget(WidgetKind::Estimator, &[("preset", "search")]).await;
    // 10¹⁰ searches a day × 200 B × 365 days × 3 copies.
    assert_eq!(value_of(&w, "step-storage-total"), "2190000000000000");
    type_into(&w, "days-input", "30").await;
    assert_eq!(value_of(&w, "step-storage-total"), "180000000000000");
    assert_eq!(text_of(&w, "storage-total"), "180 TB");
    type_into(&w, "days-input", "0").await;
    assert!(!text_of(&w, "days-input-message").is_empty());
    assert_eq!(value_of(&w, "step-storage-total"), "180000000000000", "the last good result stays");
    choose(&w, "estimator-preset-select", "chat").await;
    // 10⁸ users × 40 a day ÷ 86,400 s.
    assert_eq!(value_of(&w, "rps-avg"), "46296.2962963");
    let days: HtmlInputElement = by_testid(&w, "days-input").unchecked_into();
    // The field follows within a few tasks (the scenario's value replaces the refused text).
    for _ in 0..20 {
        if days.value() == "365" {
            break;
        }
        tradeoffs::ui::browser::next_task().await;
    }
    assert_eq!(days.value(), "365", "a scenario rewrites the fields");
}

#[wasm_bindgen_test]
async fn the_queue_rides_the_curve_and_says_when_it_has_no_steady_state() {
    let w = open_widget(WidgetKind::Queue, &[("preset", "web")]).await;
    assert_eq!(value_of(&w, "response-time"), "0.1");
    type_into(&w, "arrival-input", "95").await;
    // W = 1 / (100 − 95) s.
    assert_eq!(value_of(&w, "response-time"), "0.2");
    type_into(&w, "arrival-input", "100").await;
    assert_eq!(value_of(&w, "stability"), "overloaded");
    assert_eq!(by_testid(&w, "response-time").get_attribute("data-value"), None);
    assert!(text_of(&w, "queue-said").contains("no steady state"), "{}", text_of(&w, "queue-said"));
}

#[wasm_bindgen_test]
async fn the_tail_widget_shows_only_the_panels_asked_for_and_follows_the_fan_out() {
    let w = open_widget(WidgetKind::TailLatency, &[("preset", "tail-at-scale"), ("panels", "fanout")]).await;
    let panels: Vec<String> = (0..w.query_selector_all("[data-panel]").unwrap().length())
        .filter_map(|i| w.query_selector_all("[data-panel]").unwrap().item(i))
        .filter_map(|n| n.unchecked_into::<HtmlElement>().get_attribute("data-panel"))
        .collect();
    assert_eq!(panels, ["fanout"]);
    // 1 − 0.99¹⁰⁰.
    assert_eq!(value_of(&w, "p-slow"), "0.633967658727");
    type_into(&w, "fanout-input", "1").await;
    assert_eq!(value_of(&w, "p-slow"), "0.01");
    type_into(&w, "p-input", "2").await;
    assert!(!text_of(&w, "p-input-message").is_empty(), "a probability above 1 is refused");
    assert_eq!(value_of(&w, "p-slow"), "0.01");
}

// ---- The load-balancer widget's component tests live in their own file.
#[path = "web/load_balancer.rs"]
mod load_balancer;
// The autoscaling widget's component tests.
#[path = "web/autoscaling.rs"]
mod autoscaling;
// ---- dns ----
#[path = "web/dns.rs"]
mod dns;
// ---- quorum ----
#[path = "web/quorum.rs"]
mod quorum;
// ---- sharding ----
#[path = "web/sharding.rs"]
mod sharding;
// ---- index ----
#[path = "web/index.rs"]
mod index;
// ---- cache ----
#[path = "web/cache.rs"]
mod cache;
// ---- share ----
#[path = "web/share.rs"]
mod share;
// ---- broker ----
#[path = "web/broker.rs"]
mod broker;
// ---- delivery ----
#[path = "web/delivery.rs"]
mod delivery;
// ---- windows ----
#[path = "web/windows.rs"]
mod windows;
// ---- mapreduce ----
#[path = "web/mapreduce.rs"]
mod mapreduce;
