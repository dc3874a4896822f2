//! The `autoscaling` widget in a page: scenarios, fields checked against each other, the
//! totals and the live sentence. Expected figures are worked out by hand in the comments.

use super::*;

#[wasm_bindgen_test]
async fn the_autoscaling_widget_replays_the_spike_and_follows_the_warm_up() {
    let w = open_widget(WidgetKind::Autoscaling, &[("preset", "fast-warmup")]).await;
    // Launches every 2 minutes from 1:02; the 6th newcomer (10 serving, 1,000 ≤ 10 × 100)
    // serves from 1:14: minutes 1:00–1:13 are overloaded, 14 of them; the group stops at 15.
    assert_eq!(value_of(&w, "as-overload-minutes"), "14");
    assert_eq!(value_of(&w, "as-peak-instances"), "15");
    // Base load 250 on 8 is 31.25 %, above the 30 % scale-in line: it ends with 8.
    assert_eq!(value_of(&w, "as-final-instances"), "8");
    // A ten-minute warm-up: the same launch serves from 1:23 (60–82 overloaded: 23), and the
    // rule keeps firing until the maximum of 20.
    type_into(&w, "as-warmup-input", "600").await;
    assert_eq!(value_of(&w, "as-overload-minutes"), "23");
    assert_eq!(value_of(&w, "as-peak-instances"), "20");
    let said = text_of(&w, "as-said");
    assert!(said.contains("at most 20 instances, overloaded for 23 minutes"), "{said}");
    // The state is now the slow-warm-up scenario, and the menu says so.
    let select: web_sys::HtmlSelectElement = by_testid(&w, "as-preset-select").unchecked_into();
    assert_eq!(select.value(), "slow-warmup");
}

#[wasm_bindgen_test]
async fn the_autoscaling_widget_refuses_contradicting_thresholds_and_keeps_the_result() {
    let w = open_widget(WidgetKind::Autoscaling, &[("preset", "long-cooldown")]).await;
    // One launch every 15 minutes: 79 overloaded minutes, 12 instances at most.
    assert_eq!(value_of(&w, "as-overload-minutes"), "79");
    type_into(&w, "as-in-input", "80").await;
    let message = text_of(&w, "as-in-input-message");
    assert!(message.contains("below the scale-out threshold"), "{message}");
    assert_eq!(value_of(&w, "as-overload-minutes"), "79", "the last good result stays");
    // No cooldown at all: a launch a minute, each serving after its minute of warm-up: the
    // k-th newcomer, launched at the end of minute 61 + k, serves from minute 63 + k; the
    // 6th (10 serving) from 1:09, so 1:00–1:08 are overloaded (9).
    type_into(&w, "as-cooldown-input", "0").await;
    assert_eq!(value_of(&w, "as-overload-minutes"), "9");
    choose(&w, "as-pattern-select", "steady").await;
    // 1,000 all the time: the same 9 minutes of overload, from the first minute instead of
    // 1:00, but no fall at 3:00 to scale in from. Launches at the end of minutes 2 to 13 (a
    // launch while the serving instances, t + 1 at minute t, are 14 or fewer: 1,000 / 1,400 is
    // above 70 %) leave 16 instances, and 16 at 62.5 % stay.
    assert_eq!(value_of(&w, "as-overload-minutes"), "9");
    assert_eq!(value_of(&w, "as-final-instances"), "16");
    let select: web_sys::HtmlSelectElement = by_testid(&w, "as-preset-select").unchecked_into();
    assert_eq!(select.value(), "", "no longer a scenario");
}
