//! The `broker` widget in a page: scenarios, fields and menus, the readouts and the live
//! sentence. Expected figures are worked out by hand in the comments.

use super::*;

#[wasm_bindgen_test]
async fn the_broker_widget_fills_and_drains_and_idles_consumers_beyond_the_partitions() {
    let w = open_widget(WidgetKind::Broker, &[("preset", "spike")]).await;
    // 1,000 a second into 4 partitions, 2 consumers of 300: +400 a second for 60 s = 24,000,
    // drained at 600 a second in 40 s.
    assert_eq!(value_of(&w, "broker-max-depth"), "24000");
    assert_eq!(value_of(&w, "broker-drain-s"), "40");
    assert_eq!(value_of(&w, "broker-idle-consumers"), "0");
    // 8 consumers on 4 partitions: 4 idle; the 4 that work get 250 and take 300: no backlog.
    type_into(&w, "broker-consumers-input", "8").await;
    assert_eq!(value_of(&w, "broker-idle-consumers"), "4");
    assert_eq!(value_of(&w, "broker-max-depth"), "0");
    // 3 consumers: one owns two partitions (500 in, 300 out, +200 a second): 12,000, 40 s.
    type_into(&w, "broker-consumers-input", "3").await;
    assert_eq!(value_of(&w, "broker-max-depth"), "12000");
    assert_eq!(value_of(&w, "broker-drain-s"), "40");
    let said = text_of(&w, "broker-said");
    assert_eq!(
        said,
        "Deepest backlog 12,000 messages; production ends at 60 s and it drains 40 s later; 0 consumers idle, 0 messages dropped."
    );
    let select: web_sys::HtmlSelectElement = by_testid(&w, "broker-preset-select").unchecked_into();
    assert_eq!(select.value(), "three-consumers", "the state is now that scenario");
}

#[wasm_bindgen_test]
async fn the_broker_widget_blocks_or_drops_and_refuses_bad_values() {
    let w = open_widget(WidgetKind::Broker, &[("preset", "backpressure")]).await;
    // Full at 6,000 after 15 s (15,000 in); the other 45,000 at 600 a second: 75 s more.
    assert_eq!(value_of(&w, "broker-end-s"), "90");
    assert_eq!(value_of(&w, "broker-dropped"), "0");
    assert_eq!(value_of(&w, "broker-drain-s"), "10");
    // Dropping instead: 60,000 made, 36,000 consumed, 6,000 left, 18,000 refused.
    choose(&w, "broker-full-select", "drop").await;
    assert_eq!(value_of(&w, "broker-dropped"), "18000");
    assert_eq!(value_of(&w, "broker-end-s"), "60");
    // Three subscriber groups: each accepts the same 42,000, so 126,000 copies are delivered.
    choose(&w, "broker-mode-select", "pubsub").await;
    type_into(&w, "broker-groups-input", "3").await;
    assert_eq!(value_of(&w, "broker-deliveries"), "126000");
    assert_eq!(value_of(&w, "broker-max-depth"), "6000");
    // A bound of 0 is refused with a message; the last good result stays.
    type_into(&w, "broker-capacity-input", "0").await;
    assert!(!text_of(&w, "broker-capacity-input-message").is_empty(), "a bound of 0 is refused");
    assert_eq!(value_of(&w, "broker-dropped"), "18000");
}
