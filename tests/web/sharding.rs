//! Component tests of the `sharding` widget: its place in a lesson brought to life, then driven
//! through its selects and fields. Expected figures are worked out in the comments or by an
//! independent count (the model's own tests check the rest against second implementations).

use super::*;
use tradeoffs::model::sharding::key_hash;

#[wasm_bindgen_test]
async fn the_sharding_widget_moves_keys_by_scheme_and_keeps_the_last_good_state() {
    let w = open_widget(WidgetKind::Sharding, &[]).await;
    // Hash mod N, 4 → 5 nodes, seed 1: a key stays iff h mod 20 < 4 (the Chinese remainder
    // theorem), counted here from the hashes alone.
    let stay = (0..10_000u32).filter(|&i| key_hash(1, i) % 20 < 4).count();
    let moved = 10_000 - stay;
    let shown: f64 = value_of(&w, "moved-fraction").parse().unwrap();
    assert!((shown - moved as f64 / 10_000.0).abs() < 1e-12, "{shown} vs {moved}");
    assert!(
        text_of(&w, "moved-fraction").contains(&format!("{},{:03}", moved / 1000, moved % 1000)),
        "{}",
        text_of(&w, "moved-fraction")
    );
    // Key ranges: the first of four ranges of 2,500 is split, 1,250 keys move to node 5, and
    // the other ranges hold 2,500 against a mean of 2,000.
    choose(&w, "sharding-scheme-select", "range").await;
    assert_eq!(value_of(&w, "moved-fraction"), "0.125");
    assert_eq!(value_of(&w, "max-load"), "1.25");
    assert_eq!(value_of(&w, "sharding-in-5"), "1250");
    assert_eq!(value_of(&w, "sharding-out-1"), "1250");
    assert!(
        text_of(&w, "sharding-said").starts_with("Key ranges, 4 → 5 nodes: 1,250 of 10,000 keys move (12.5 %)"),
        "{}",
        text_of(&w, "sharding-said")
    );
    assert!(text_of(&w, "sharding-note").contains("ring only"));
    // 4 → 8: every range is halved; half the keys move and the load is even.
    type_into(&w, "sharding-to-input", "8").await;
    assert_eq!(value_of(&w, "moved-fraction"), "0.5");
    assert_eq!(value_of(&w, "max-load"), "1");
    // A ring moves keys only onto the new nodes: nodes 1 to 4 receive none.
    choose(&w, "sharding-scheme-select", "ring").await;
    for n in 1..=4 {
        assert_eq!(value_of(&w, &format!("sharding-in-{n}")), "0", "node {n}");
    }
    // A bad value is refused with a message, and the last good figures stay.
    let before = value_of(&w, "moved-fraction");
    type_into(&w, "sharding-to-input", "21").await;
    assert!(
        text_of(&w, "sharding-to-input-message").contains("from 1 to 20"),
        "{}",
        text_of(&w, "sharding-to-input-message")
    );
    assert_eq!(value_of(&w, "moved-fraction"), before);
    let href = by_testid(&w, "share-link").get_attribute("href").unwrap();
    assert!(href.contains("scheme=ring") && href.contains("to=8"), "{href}");
}

#[wasm_bindgen_test]
async fn the_range_hot_spot_puts_the_newest_keys_on_one_node() {
    let w = open_widget(WidgetKind::Sharding, &[("preset", "range-hot-spot")]).await;
    // Equal ranges of 2,500 keys: the keys are even, the requests are not. With Zipf exponent
    // 1 over 10,000 keys the newest key alone has 1/H(10,000) ≈ 1/9.788 ≈ 10.2 % of them.
    assert_eq!(value_of(&w, "max-load"), "1");
    let hot: f64 = value_of(&w, "hot-key-share").parse().unwrap();
    assert!((hot - 0.10217).abs() < 1e-4, "{hot}");
    let busiest: f64 = value_of(&w, "max-requests").parse().unwrap();
    assert!(busiest > 3.0, "{busiest}");
    assert!(text_of(&w, "sharding-requests-4").ends_with('%'));
    // Spread by hash, the same keys share the work far more evenly.
    choose(&w, "sharding-scheme-select", "modulo").await;
    let spread: f64 = value_of(&w, "max-requests").parse().unwrap();
    assert!(spread < 1.5, "{spread}");
    assert_eq!(by_testid(&w, "sharding-preset-select").unchecked_into::<web_sys::HtmlSelectElement>().value(), "");
}
