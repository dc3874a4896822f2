//! Sharing a widget and embedding it in another site: what an embed's address holds beyond
//! the widget's own settings, the links and the `<iframe>` snippet the Share control offers,
//! and that control's markup.
//!
//! An embed is `/embed/<id>?…`: one widget with no site chrome, for slides and
//! learning-management systems. Its address holds the widget's settings, exactly those of
//! `/widgets/<id>?…`, plus the frame's own ([`FRAME_KEYS`]: `theme=light|dark`), which
//! [`split_frame`] takes out before the widget reads the rest, so they are never reported as
//! settings the widget could not use.
//!
//! Everything here is a pure function of its arguments (value in, value out, never a panic):
//! the build writes the Share control into every widget's place with it, and the app fills in
//! the absolute link and snippet (which need the address the site is served from) with the
//! same functions.

use std::fmt::Write as _;

use super::directive::WidgetKind;
use super::page::escape;
use crate::model::query;

/// Settings as `key=value` pairs, in order.
pub type Pairs = Vec<(String, String)>;

/// Keys of an embed's address that concern the frame, not the widget.
pub const FRAME_KEYS: &[&str] = &["theme"];

/// Splits an embed's address settings into the frame's ([`FRAME_KEYS`]) and the widget's,
/// each in its order.
pub fn split_frame(params: Pairs) -> (Pairs, Pairs) {
    params.into_iter().partition(|(k, _)| FRAME_KEYS.contains(&k.as_str()))
}

/// The theme an embed's frame settings ask for: `Some("light")` or `Some("dark")`; `None`
/// (follow the viewer's system) when absent or not one of those. The last `theme` wins.
pub fn frame_theme(frame: &[(String, String)]) -> Option<&'static str> {
    match frame.iter().rev().find(|(k, _)| k == "theme").map(|(_, v)| v.as_str()) {
        Some("light") => Some("light"),
        Some("dark") => Some("dark"),
        _ => None,
    }
}

/// An embed's query string: the widget's state (`widget_query`, already encoded) followed by
/// the frame's settings, so that the embed keeps its theme while its state changes.
pub fn embed_query(frame: &[(String, String)], widget_query: &str) -> String {
    let frame = query::encode(frame);
    match (widget_query.is_empty(), frame.is_empty()) {
        (_, true) => widget_query.to_string(),
        (true, false) => frame,
        (false, false) => format!("{widget_query}&{frame}"),
    }
}

fn with_query(path: String, query: &str) -> String {
    if query.is_empty() { path } else { format!("{path}?{query}") }
}

/// The path of a widget's own page with this state (`query`, encoded): `/widgets/<id>?…`.
pub fn widget_path(kind: WidgetKind, query: &str) -> String {
    with_query(format!("/widgets/{}", kind.id()), query)
}

/// The path of a widget's embed with this state: `/embed/<id>?…`.
pub fn embed_path(kind: WidgetKind, query: &str) -> String {
    with_query(format!("/embed/{}", kind.id()), query)
}

/// How tall an embed's frame should be, in CSS pixels: each widget's embed measured at 800 px
/// wide in its default state (`tests/e2e/embed.test.mjs` prints the figures), rounded up to
/// 100 px, and at most 1,800 (the longest, nines with every panel, then scrolls inside a
/// little). A host page that listens to the embed's height messages sizes it exactly.
pub fn frame_height(kind: WidgetKind) -> u32 {
    measured_height(kind).unwrap_or(1000)
}

/// The measured heights; a widget not measured yet has none.
fn measured_height(kind: WidgetKind) -> Option<u32> {
    Some(match kind.id() {
        "quorum" => 900,
        "cap" => 1000,
        "cache" => 1200,
        "broker" | "index" | "load-balancer" | "sharding" | "windows" => 1300,
        "saga" => 1500,
        "queue" | "mapreduce" => 1600,
        "estimator" => 1700,
        "autoscaling" | "cdn-latency" | "delivery" | "dns" | "nines" | "tail-latency" => 1800,
        _ => return None,
    })
}

/// The `<iframe>` snippet that embeds this widget with this state (`query`, encoded) in
/// another page. `root` is where the site is served, absolute and without a trailing slash
/// (`https://example.org/tradeoffs`); it is put in an attribute, escaped.
pub fn snippet(root: &str, kind: WidgetKind, query: &str) -> String {
    format!(
        r#"<iframe src="{}" title="{}" width="100%" height="{}" loading="lazy"></iframe>"#,
        escape(&format!("{root}{}", embed_path(kind, query))),
        escape(kind.title()),
        frame_height(kind)
    )
}

/// The Share control of a widget's place: a disclosure holding the link to this setup (a
/// read-only field and "Copy link"), the `<iframe>` snippet ("Copy embed code"), and, in a
/// lesson, "Open on its own page ↗"; a live line says what was copied. `id` names the panel
/// (unique on its page). `params` is the state the page was written with; the app keeps
/// `data-query` on the current state and fills in absolute addresses.
///
/// Without JavaScript the disclosure is hidden and, in a lesson, a plain "Share ↗" link to the
/// widget's own page stands in for it; standing alone, the address is the link.
///
/// Returns what goes in the widget's header (the link and the button) and the panel, which
/// goes right after the header.
pub fn share_html(kind: WidgetKind, params: &[(String, String)], id: &str, standalone: bool) -> (String, String) {
    let q = query::encode(params);
    let path = widget_path(kind, &q);
    let mut head = String::with_capacity(512);
    if !standalone {
        let _ = write!(
            head,
            r#"<a class="widget-share" href="{}" data-testid="share-link" title="Open this setup on its own page: copy that address to share it">Share ↗</a>"#,
            escape(&path)
        );
    }
    let _ = write!(
        head,
        r#"<button type="button" class="share-toggle" aria-expanded="false" aria-controls="{id}" data-testid="share-toggle">Share <span aria-hidden="true">▾</span></button>"#,
        id = escape(id)
    );
    let mut h = String::with_capacity(1536);
    let _ = write!(
        h,
        concat!(
            r#"<div class="share-panel" id="{id}" hidden data-testid="share-panel" data-widget-kind="{kind}" data-query="{q}">"#,
            r#"<div class="share-row"><label class="share-label" for="{id}-link">Link to this setup</label>"#,
            r#"<input type="text" readonly class="share-field" id="{id}-link" data-testid="share-url" value="{path}" spellcheck="false">"#,
            r#"<button type="button" class="share-copy" data-copy="{id}-link" data-testid="copy-link">Copy link</button></div>"#,
            r#"<div class="share-row"><label class="share-label" for="{id}-code">Embed code for another site</label>"#,
            r#"<textarea readonly class="share-field share-code" id="{id}-code" rows="3" data-testid="share-code" spellcheck="false">{code}</textarea>"#,
            r#"<button type="button" class="share-copy" data-copy="{id}-code" data-testid="copy-code">Copy embed code</button></div>"#,
        ),
        id = escape(id),
        kind = kind.id(),
        q = escape(&q),
        path = escape(&path),
        code = escape(&snippet("", kind, &q)),
    );
    if !standalone {
        let _ = write!(
            h,
            r#"<p class="share-open"><a href="{}" data-testid="share-open">Open on its own page ↗</a></p>"#,
            escape(&path)
        );
    }
    h.push_str(r#"<p class="share-said" role="status" data-testid="share-said"></p></div>"#);
    (head, h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn the_frame_keys_come_out_of_the_widget_settings() {
        let (frame, widget) = split_frame(pairs(&[("arrival", "95"), ("theme", "dark"), ("service", "100")]));
        assert_eq!(frame, pairs(&[("theme", "dark")]));
        assert_eq!(widget, pairs(&[("arrival", "95"), ("service", "100")]));
        assert_eq!(frame_theme(&frame), Some("dark"));
        assert_eq!(frame_theme(&pairs(&[("theme", "light"), ("theme", "dark")])), Some("dark"), "the last one wins");
        assert_eq!(frame_theme(&pairs(&[("theme", "purple")])), None, "anything else follows the system");
        assert_eq!(frame_theme(&[]), None);
    }

    #[test]
    fn an_embed_keeps_its_frame_settings_after_the_state() {
        let frame = pairs(&[("theme", "dark")]);
        assert_eq!(embed_query(&frame, "arrival=95"), "arrival=95&theme=dark");
        assert_eq!(embed_query(&frame, ""), "theme=dark");
        assert_eq!(embed_query(&[], "arrival=95"), "arrival=95");
        assert_eq!(embed_query(&[], ""), "");
    }

    #[test]
    fn the_snippet_is_an_iframe_of_the_embed_with_this_state() {
        let queue = WidgetKind::from_id("queue").unwrap();
        assert_eq!(
            snippet("https://example.org/tradeoffs", queue, "arrival=95&service=100"),
            format!(
                r#"<iframe src="https://example.org/tradeoffs/embed/queue?arrival=95&amp;service=100" title="{}" width="100%" height="{}" loading="lazy"></iframe>"#,
                escape(queue.title()),
                frame_height(queue)
            )
        );
        assert!(snippet("https://example.org", queue, "").contains(r#"src="https://example.org/embed/queue""#));
        // Whatever the root holds stays inside its attribute.
        let hostile = snippet(r#"https://x"><script>"#, queue, "");
        assert!(!hostile.contains("<script>") && hostile.contains("&quot;&gt;&lt;script&gt;"));
    }

    #[test]
    fn every_widget_has_a_frame_height_of_its_own() {
        for &kind in WidgetKind::ALL {
            let height = measured_height(kind);
            assert!(
                height.is_some_and(|h| (600..=1800).contains(&h)),
                "{}: measure its embed (tests/e2e/embed.test.mjs prints it)",
                kind.id()
            );
        }
    }

    #[test]
    fn the_share_control_offers_the_link_the_snippet_and_the_page() {
        let queue = WidgetKind::from_id("queue").unwrap();
        let (head, h) = share_html(queue, &pairs(&[("arrival", "95")]), "share-queue-1", false);
        assert!(
            head.starts_with(r#"<a class="widget-share" href="/widgets/queue?arrival=95" data-testid="share-link""#)
        );
        assert!(head.contains(r#"aria-expanded="false" aria-controls="share-queue-1""#));
        assert!(h.contains(r#"<div class="share-panel" id="share-queue-1" hidden"#));
        assert!(h.contains(r#"data-widget-kind="queue" data-query="arrival=95""#));
        assert!(h.contains(r#"value="/widgets/queue?arrival=95""#));
        assert!(h.contains("&lt;iframe src=&quot;/embed/queue?arrival=95&quot;"), "the snippet is text in the field");
        assert!(h.contains(r#"data-copy="share-queue-1-link""#) && h.contains(r#"id="share-queue-1-link""#));
        assert!(h.contains(r#"data-copy="share-queue-1-code""#) && h.contains(r#"id="share-queue-1-code""#));
        assert!(
            h.contains(r#"<a href="/widgets/queue?arrival=95" data-testid="share-open">Open on its own page ↗</a>"#)
        );
        assert_eq!(h.matches(r#"role="status""#).count(), 1, "one live line");
        // Standing alone, the address is the link: no fallback link, no link to itself.
        let (head, alone) = share_html(queue, &[], "share-queue", true);
        assert!(!head.contains("share-link") && !alone.contains("share-open"));
        assert!(alone.contains(r#"value="/widgets/queue""#));
    }
}
