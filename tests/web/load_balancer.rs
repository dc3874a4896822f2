//! The `load-balancer` widget in a browser: its place as a lesson holds it, brought to life,
//! then driven through its select and fields. Expected figures are worked out in the comments
//! (the model's own tests check them against a second implementation).

use super::*;

#[wasm_bindgen_test]
async fn the_balancer_switches_algorithms_and_counts_the_errors() {
    let w = open_widget(WidgetKind::LoadBalancer, &[("preset", "slow-server")]).await;
    // Round robin sends the slow server every fifth request, 200 of 1,000; its queue grows by
    // 400 − 142.9 ms a request, and the 11th slowest request waits 49,000 ms.
    assert_eq!(value_of(&w, "lb-served-3"), "200");
    assert_eq!(value_of(&w, "lb-p99"), "49000");
    assert_eq!(text_of(&w, "lb-p99"), "49,000 ms");
    // Least connections only uses the slow server while it is idle: nothing queues, and its
    // 59 requests of 400 ms (over 1 %) make the p99.
    choose(&w, "lb-algorithm-select", "least-connections").await;
    assert_eq!(value_of(&w, "lb-p99"), "400");
    assert_eq!(value_of(&w, "lb-served-3"), "59");
    assert!(
        text_of(&w, "lb-said").starts_with("Least connections over 5 servers: p99 400 ms"),
        "{}",
        text_of(&w, "lb-said")
    );
    // Server 2 down from the start, checks every 10 s: under least connections it gets the same
    // 70 requests before 10 s as round robin would; with a check every 2 s, 14 (7 a second).
    type_into(&w, "lb-slow-input", "none").await;
    type_into(&w, "lb-down-input", "2").await;
    assert_eq!(value_of(&w, "lb-errors"), "70");
    assert_eq!(value_of(&w, "lb-errors-2"), "70");
    type_into(&w, "lb-health-input", "2").await;
    assert_eq!(value_of(&w, "lb-errors"), "14");
    // A bad value is refused with a message and the last good run stays.
    type_into(&w, "lb-servers-input", "11").await;
    assert!(
        text_of(&w, "lb-servers-input-message").contains("from 2 to 10"),
        "{}",
        text_of(&w, "lb-servers-input-message")
    );
    assert_eq!(value_of(&w, "lb-errors"), "14");
    // Weights that do not fit the servers are explained, not refused.
    type_into(&w, "lb-servers-input", "3").await;
    type_into(&w, "lb-weights-input", "3,1,1,1").await;
    assert!(text_of(&w, "lb-note").contains("4 weights for 3 servers"), "{}", text_of(&w, "lb-note"));
    let href = by_testid(&w, "share-link").get_attribute("href").unwrap();
    assert!(href.contains("algorithm=least-connections") && href.contains("weights=3,1,1,1"), "{href}");
}
