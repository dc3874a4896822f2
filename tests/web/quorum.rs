//! The `quorum` widget in a browser: its place brought to life, then driven through its select
//! and fields. Expected figures are worked out in the comments from N, W and R (the model's own
//! tests check the runs against a second implementation).

use super::*;

#[wasm_bindgen_test]
async fn the_quorum_widget_shows_overlap_tolerances_and_failures() {
    let w = open_widget(WidgetKind::Quorum, &[("preset", "majority")]).await;
    // N 3, W 2, R 2: overlap 2 + 2 − 3 = 1; each quorum survives 3 − 2 = 1 replica down; with
    // overlapping quorums no read is stale, and with all up nothing fails.
    assert_eq!(value_of(&w, "quorum-overlap"), "1");
    assert_eq!(text_of(&w, "quorum-overlap"), "+1");
    assert_eq!(value_of(&w, "quorum-write-tolerates"), "1");
    assert_eq!(value_of(&w, "quorum-read-tolerates"), "1");
    assert_eq!(value_of(&w, "quorum-stale"), "0");
    assert_eq!(value_of(&w, "quorum-unavailable"), "0");
    // One replica down: 2 up, enough for both quorums.
    type_into(&w, "quorum-down-input", "3").await;
    assert_eq!(value_of(&w, "quorum-unavailable"), "0");
    // Two down: 1 up, fewer than 2, so all 40 operations fail and no read returns.
    type_into(&w, "quorum-down-input", "2,3").await;
    assert_eq!(value_of(&w, "quorum-unavailable"), "1");
    assert_eq!(by_testid(&w, "quorum-stale").get_attribute("data-value"), None);
    assert!(text_of(&w, "quorum-said").contains("no read succeeded"), "{}", text_of(&w, "quorum-said"));
    // Write all, read one (W 3, R 1) with replica 3 down: the 20 writes fail, the 20 reads do
    // not: half. Overlap 3 + 1 − 3 = 1, writes survive 0 down, reads 2.
    choose(&w, "quorum-preset-select", "write-all").await;
    assert_eq!(value_of(&w, "quorum-unavailable"), "0");
    type_into(&w, "quorum-down-input", "3").await;
    assert_eq!(value_of(&w, "quorum-unavailable"), "0.5");
    assert_eq!(value_of(&w, "quorum-write-tolerates"), "0");
    assert_eq!(value_of(&w, "quorum-read-tolerates"), "2");
    // W above N is refused with a message, and the last good run stays.
    type_into(&w, "quorum-w-input", "4").await;
    assert!(
        text_of(&w, "quorum-w-input-message").contains("cannot be more than N"),
        "{}",
        text_of(&w, "quorum-w-input-message")
    );
    assert_eq!(value_of(&w, "quorum-unavailable"), "0.5");
    // Five replicas, W 1, R 1: overlap 1 + 1 − 5 = −3, each survives 4 down.
    type_into(&w, "quorum-n-input", "5").await;
    type_into(&w, "quorum-w-input", "1").await;
    assert_eq!(value_of(&w, "quorum-overlap"), "-3");
    assert_eq!(value_of(&w, "quorum-write-tolerates"), "4");
    let href = by_testid(&w, "share-link").get_attribute("href").unwrap();
    assert!(href.contains("n=5") && href.contains("down=3"), "{href}");
}
