//! Component tests of the `dns` widget: the lesson's scenario, stepping, the cache at each
//! moment, and settings typed as a person would.

use super::*;

async fn open_dns(params: &[(&str, &str)]) -> HtmlElement {
    open_widget(WidgetKind::Dns, params).await
}

fn figures(w: &HtmlElement, n: usize) -> Vec<(String, String)> {
    (1..=n).map(|k| (value_of(w, &format!("dns-upstream-{k}")), value_of(w, &format!("dns-time-{k}")))).collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

#[wasm_bindgen_test]
async fn the_dns_stepper_replays_the_lessons_lookups_and_its_cache() {
    let w = open_dns(&[("preset", "com-cached")]).await;
    // Only the .com referral cached: .com then authoritative, 10 + 25 + 60 = 95 ms; at 30 s the
    // address from the cache, 10 ms; at 400 s the authoritative server only, 10 + 60 = 70 ms.
    assert_eq!(figures(&w, 3), [pair("2", "95"), pair("0", "10"), pair("1", "70")]);
    assert_eq!(value_of(&w, "dns-cursor"), "0");
    assert_eq!(by_testid(&w, "dns-back").get_attribute("aria-disabled").as_deref(), Some("true"));
    assert_eq!(by_testid(&w, "dns-step").get_attribute("aria-disabled").as_deref(), Some("false"));
    // Three messages: stub → resolver, resolver → .com, .com → resolver (the referral).
    for _ in 0..3 {
        click(&w, "[data-testid='dns-step']").await;
    }
    assert_eq!(value_of(&w, "dns-cursor"), "3");
    assert_eq!(value_of(&w, "dns-left-domain"), "172800", "example.com's referral just cached");
    assert!(text_of(&w, "dns-said").contains("Referral: example.com. NS"), "{}", text_of(&w, "dns-said"));
    assert_eq!(w.query_selector_all(".dns-svg .msg").unwrap().length(), 3);
    // The first message of lookup 3 (at 400 s) is the 9th: the A record has expired.
    click(&w, "[data-act='at:9']").await;
    assert_eq!(value_of(&w, "dns-left-a"), "0");
    assert_eq!(value_of(&w, "dns-left-tld"), "172400");
    click(&w, "[data-testid='dns-end']").await;
    assert_eq!(by_testid(&w, "dns-step").get_attribute("aria-disabled").as_deref(), Some("true"));
    assert_eq!(value_of(&w, "dns-left-a"), "300", "fetched again at 400 s");
    let href = by_testid(&w, "share-link").get_attribute("href").unwrap();
    assert_eq!(href, "/widgets/dns?preset=com-cached&step=end");
}

#[wasm_bindgen_test]
async fn dns_settings_are_checked_and_restart_the_replay() {
    let w = open_dns(&[("step", "5")]).await;
    assert_eq!(figures(&w, 3), [pair("3", "110"), pair("0", "10"), pair("1", "70")]);
    // A TTL of 500 s keeps the address alive at 400 s: no query, 10 ms.
    type_into(&w, "dns-ttl-input", "500").await;
    assert_eq!(figures(&w, 3)[2], pair("0", "10"));
    assert_eq!(value_of(&w, "dns-cursor"), "0", "a new setting replays from the start");
    // One round trip of 20 ms for every leg: 20 + 3 × 20 = 80 ms cold.
    type_into(&w, "dns-hop-input", "20").await;
    assert_eq!(value_of(&w, "dns-time-1"), "80");
    // Bad names and times are refused with a message; the figures stay.
    for (id, bad) in [
        ("dns-name-input", "shop..example.com"),
        ("dns-name-input", "-x.com"),
        ("dns-at-input", "30,0"),
        ("dns-at-input", "0,1,2,3,4,5,6,7,8,9,10,11,12"),
    ] {
        type_into(&w, id, bad).await;
        assert!(!text_of(&w, &format!("{id}-message")).is_empty(), "{bad} is refused");
        assert_eq!(value_of(&w, "dns-time-1"), "80");
    }
    type_into(&w, "dns-name-input", "www.example.org").await;
    assert!(text_of(&w, "dns-lookups").contains("www.example.org"));
    type_into(&w, "dns-at-input", "0,172800").await;
    // Two days later both referrals have expired: the root again.
    assert_eq!(figures(&w, 2), [pair("3", "80"), pair("3", "80")]);
    choose(&w, "dns-warm-select", "tld").await;
    assert_eq!(value_of(&w, "dns-upstream-1"), "2");
}
