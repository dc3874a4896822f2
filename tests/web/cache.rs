//! The `cache` widget in a browser: its place as a lesson holds it, brought to life, then
//! driven through its selects and fields. The settings make the expected figures certain and
//! countable by hand (the model's own tests check the rest against a second implementation).

use super::*;

#[wasm_bindgen_test]
async fn the_cache_counts_reads_writes_and_what_a_crash_loses() {
    // One item in the store, a cache of one, 1,000 reads: the first misses, the other 999 hit.
    let w = open_widget(WidgetKind::Cache, &[("items", "1"), ("capacity", "1"), ("requests", "1000"), ("writes", "0")])
        .await;
    assert_eq!(value_of(&w, "hit-ratio"), "0.999");
    assert_eq!(text_of(&w, "hit-ratio"), "99.9 %");
    assert_eq!(value_of(&w, "store-reads"), "1");
    assert_eq!(value_of(&w, "store-writes"), "0");
    // Every request a write, under write-back: the one item is dirty all along, the store is
    // never written, and a crash loses it. There are no reads, so no hit ratio.
    choose(&w, "cache-strategy-select", "write-back").await;
    type_into(&w, "cache-writes-input", "1").await;
    assert_eq!(value_of(&w, "store-writes"), "0");
    assert_eq!(value_of(&w, "lost-on-crash"), "1");
    assert_eq!(text_of(&w, "hit-ratio"), "no reads");
    assert!(text_of(&w, "cache-said").ends_with("a crash now loses 1 dirty items."), "{}", text_of(&w, "cache-said"));
    // Write-through writes the store every time: 1,000 store writes, nothing to lose.
    choose(&w, "cache-strategy-select", "write-through").await;
    assert_eq!(value_of(&w, "store-writes"), "1000");
    assert_eq!(value_of(&w, "lost-on-crash"), "0");
    // A store of 50 items and a cache that holds them all, reads only: each item is read from
    // the store once (100,000 draws reach all 50), whatever the policy.
    type_into(&w, "cache-writes-input", "0").await;
    type_into(&w, "cache-items-input", "50").await;
    type_into(&w, "cache-capacity-input", "50").await;
    type_into(&w, "cache-requests-input", "100000").await;
    for policy in ["lru", "lfu", "fifo", "random"] {
        choose(&w, "cache-policy-select", policy).await;
        assert_eq!(value_of(&w, "store-reads"), "50", "{policy}");
        assert_eq!(value_of(&w, "hit-ratio"), "0.9995", "{policy}");
    }
    // A bad value is refused with a message and the last good run stays.
    type_into(&w, "cache-capacity-input", "0").await;
    assert!(
        text_of(&w, "cache-capacity-input-message").contains("from 1 to 100,000"),
        "{}",
        text_of(&w, "cache-capacity-input-message")
    );
    assert_eq!(value_of(&w, "store-reads"), "50");
    let href = by_testid(&w, "share-link").get_attribute("href").unwrap();
    assert!(
        href.contains("policy=random") && href.contains("capacity=50") && href.contains("strategy=write-through"),
        "{href}"
    );
}
