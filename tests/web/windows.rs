//! The `windows` widget in a browser: its place in a page, brought to life, then driven through
//! its fields and selects. Expected windows are worked out in the comments (the model's tests
//! check the same against a brute-force reference).

use super::*;

#[wasm_bindgen_test]
async fn the_windows_widget_groups_events_and_drops_the_late_ones() {
    let w = open_widget(WidgetKind::Windows, &[("events", "1,2,3,7,8,15")]).await;
    // Tumbling 5 s: [0, 5) holds 1, 2, 3; [5, 10) holds 7, 8; [15, 20) holds 15.
    assert_eq!(value_of(&w, "window-count"), "3");
    assert_eq!(value_of(&w, "window-1"), "0-5:3");
    assert_eq!(value_of(&w, "window-2"), "5-10:2");
    assert_eq!(value_of(&w, "window-3"), "15-20:1");
    // Sessions with a gap of 3 s: [1, 6), [7, 11), [15, 18).
    choose(&w, "kind-select", "session").await;
    type_into(&w, "gap-input", "3").await;
    assert_eq!(value_of(&w, "window-count"), "3");
    assert_eq!(value_of(&w, "window-2"), "7-11:2");
    // Out of order: 9 arrives before 4, so the watermark is 9 when 4 comes. With a gap of 3 s,
    // 4's session [4, 7) is final at 7 ≤ 9 and [1, 5) (final at 5) cannot take it: dropped. The
    // others: [1, 5) with 1 and 2 (2 + 3 = 5); [9, 12) with 9; [12, 15) with 12 (a session ends
    // at 9 + 3 = 12, where 12 starts the next).
    type_into(&w, "events-input", "1,2,9,4,12").await;
    assert_eq!(value_of(&w, "windows-dropped"), "1");
    assert_eq!(value_of(&w, "window-1"), "1-5:2");
    assert_eq!(value_of(&w, "window-count"), "3");
    assert_eq!(
        text_of(&w, "windows-said"),
        "5 events in 3 windows. 1 to 5 s: 2; 9 to 12 s: 1; 12 to 15 s: 1. Dropped: 1; late but counted: 0."
    );
    // Lateness 5: when 4 arrives (watermark 9), [1, 5) is final only at 5 + 5 = 10, so it is
    // still open and 4's [4, 7) merges with it into [1, 7): late but counted.
    type_into(&w, "lateness-input", "5").await;
    assert_eq!(value_of(&w, "windows-dropped"), "0");
    assert_eq!(value_of(&w, "windows-late"), "1");
    assert_eq!(value_of(&w, "window-1"), "1-7:3");
    // Bad text is refused with a message; the last good windows stay.
    type_into(&w, "gap-input", "-1").await;
    assert!(text_of(&w, "gap-input-message").contains("not a time"), "{}", text_of(&w, "gap-input-message"));
    assert_eq!(value_of(&w, "window-1"), "1-7:3");
    let href = by_testid(&w, "share-link").get_attribute("href").unwrap();
    assert!(
        href.contains("kind=session") && href.contains("lateness=5") && href.contains("events=1,2,9,4,12"),
        "{href}"
    );
}
