//! The `delivery` widget in a browser: the lesson's runs, stepping, and settings typed as a
//! person would. Expected figures are worked out in the comments (the model's own tests check
//! the runs against a second implementation).

use super::*;

async fn open_delivery(params: &[(&str, &str)]) -> HtmlElement {
    open_widget(WidgetKind::Delivery, params).await
}

/// (processed, lost, effects applied again, delivered again).
fn figures(w: &HtmlElement) -> [String; 4] {
    ["processed", "lost", "duplicates", "redelivered"].map(|k| value_of(w, &format!("delivery-{k}")))
}

fn input_value(w: &HtmlElement, id: &str) -> String {
    let input: HtmlInputElement = by_testid(w, id).unchecked_into();
    input.value()
}

fn nums(a: [&str; 4]) -> [String; 4] {
    a.map(str::to_string)
}

#[wasm_bindgen_test]
async fn the_delivery_widget_counts_what_a_crash_costs_under_each_semantics() {
    // At-least-once, 10 messages, crash at 4: message 4 applied, crash before its
    // acknowledgement, delivered and applied again. 10 processed, 0 lost, 1 twice.
    let w = open_delivery(&[]).await;
    assert_eq!(figures(&w), nums(["10", "0", "1", "1"]));
    assert_eq!(value_of(&w, "delivery-cursor"), "43", "the run opens at its end: 9 × 4 + 7 steps");
    assert_eq!(text_of(&w, "delivery-fate-4"), "applied 2 times");
    // At-most-once: 4 acknowledged, then the crash before its effect: lost, never twice.
    choose(&w, "delivery-semantics-select", "at-most-once").await;
    assert_eq!(figures(&w), nums(["9", "1", "0", "0"]));
    assert_eq!(text_of(&w, "delivery-fate-4"), "lost");
    assert!(text_of(&w, "delivery-rule").contains("a lost one changes nothing"));
    // Exactly-once: delivered twice, applied once.
    choose(&w, "delivery-semantics-select", "exactly-once").await;
    assert_eq!(figures(&w), nums(["10", "0", "0", "1"]));
    assert_eq!(value_of(&w, "delivery-skipped"), "1");
    // Step from the start: publish, deliver, apply, ack for message 1.
    click(&w, "[data-testid='delivery-start']").await;
    assert_eq!(value_of(&w, "delivery-cursor"), "0");
    assert_eq!(figures(&w), nums(["0", "0", "0", "0"]));
    for _ in 0..3 {
        click(&w, "[data-testid='delivery-step']").await;
    }
    assert_eq!(value_of(&w, "delivery-processed"), "1");
    assert!(
        text_of(&w, "delivery-said").starts_with("Step 3 of 43: Consumer applies message 1's effect"),
        "{}",
        text_of(&w, "delivery-said")
    );
    assert_eq!(w.query_selector_all(".delivery-log li[aria-current='step']").unwrap().length(), 1);
    // Message 4's copy is skipped at step 18 (12 + publish, deliver, apply, crash, redeliver,
    // skip): pick it in the log.
    click(&w, ".delivery-log li[data-act='at:18']").await;
    assert!(text_of(&w, "delivery-said").contains("skips the effect"), "{}", text_of(&w, "delivery-said"));
    let href = by_testid(&w, "share-link").get_attribute("href").unwrap();
    // The default settings with exactly-once are the lesson's scenario, so the link names it.
    assert_eq!(href, "/widgets/delivery?preset=exactly-once-crash&step=18");
}

#[wasm_bindgen_test]
async fn delivery_settings_are_checked_and_presets_fill_the_fields() {
    let w = open_delivery(&[("preset", "lost-acks")]).await;
    // Seed 3 loses 4 of the acknowledgements: 4 copies, each applied again.
    assert_eq!(figures(&w), nums(["10", "0", "4", "4"]));
    assert_eq!(input_value(&w, "delivery-loss-input"), "0.3");
    // Every acknowledgement lost, 2 messages: 5 deliveries and 5 effects each, 8 again.
    type_into(&w, "delivery-messages-input", "2").await;
    type_into(&w, "delivery-loss-input", "100 %").await;
    assert_eq!(figures(&w), nums(["2", "0", "8", "8"]));
    // Refused values keep the last good run, with a message.
    for (id, bad) in [
        ("delivery-loss-input", "1.5"),
        ("delivery-messages-input", "0"),
        ("delivery-crash-input", "99"),
        ("delivery-seed-input", "-1"),
    ] {
        type_into(&w, id, bad).await;
        assert!(!text_of(&w, &format!("{id}-message")).is_empty(), "{bad} is refused");
        assert_eq!(figures(&w), nums(["2", "0", "8", "8"]));
    }
    choose(&w, "delivery-preset-select", "at-most-once-crash").await;
    assert_eq!(figures(&w), nums(["9", "1", "0", "0"]));
    tick().await;
    assert_eq!(input_value(&w, "delivery-messages-input"), "10", "the scenario fills the fields");
}
