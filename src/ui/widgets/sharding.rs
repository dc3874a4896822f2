//! `<ShardingWidget/>`: keys spread over nodes, over [`crate::model::sharding`]: pick a scheme
//! (hash mod N, a consistent-hash ring, key ranges), change the number of nodes, and read which
//! keys move and how even the keys and the requests stay, as bars per node and as their table.

use leptos::prelude::*;

use super::StateSink;
use crate::html;
use crate::html::Html;
use crate::model::sharding::{Outcome, Preset, Scheme, ShardingState, caption, node_tag, percent};
use crate::model::units::{data_value, fixed, grouped, significant, trim};
use crate::model::widget::UrlState;
use crate::ui::controls::{Choice, TextField, key_field, markup, options_html, scenario_menu};

island!(sharding, ShardingState, ShardingWidget);

/// The text fields: label, unit, test id and the key of the state each writes.
const FIELDS: [(&str, &str, &str, &str); 6] = [
    ("Keys", "", "sharding-keys-input", "keys"),
    ("Nodes before", "", "sharding-nodes-input", "nodes"),
    ("Nodes after", "", "sharding-to-input", "to"),
    ("Points per node (ring)", "", "sharding-vnodes-input", "vnodes"),
    ("Skew (Zipf exponent)", "", "sharding-skew-input", "skew"),
    ("Seed", "", "sharding-seed-input", "seed"),
];

/// The sharding widget.
#[component]
pub fn ShardingWidget(
    /// Preset parameters (a lesson directive's or the URL's); bad ones are ignored.
    params: Vec<(String, String)>,
    /// Receives the widget's state as a query string.
    sink: StateSink,
) -> impl IntoView {
    let (initial, _) = ShardingState::from_query(&params);
    let texts = FIELDS.map(|(_, _, _, key)| RwSignal::new(initial.get(key)));
    let state = RwSignal::new(initial);
    sink.provide(Signal::derive(move || state.read().query_string()));
    let run = Memo::new(move |_| state.read().run());
    // A scenario replaces every value: the fields show the new ones.
    let (scenarios, pick) = scenario_menu(state, "(your own settings)", Preset::ALL.map(|p| (p.name(), p.label())), texts, FIELDS.map(|(_, _, _, key)| key));
    let schemes = Memo::new(move |_| {
        let current = state.read().scheme.name();
        options_html(Scheme::ALL.map(|s| (s.name(), s.label())), current)
    });
    let choose = Callback::new(move |name: String| {
        if let Some(scheme) = Scheme::from_name(&name) {
            state.update(|s| s.scheme = scheme);
        }
    });
    let fields = texts
        .into_iter()
        .zip(FIELDS)
        .map(|(text, (label, unit, testid, key))| {
            view! { <TextField label unit text apply=key_field(state, key, |_| {}) testid inputmode="decimal" /> }
        })
        .collect_view();
    let said = move || spoken(&state.read(), &run.read());
    view! {
        <div class="panel sh-controls">
            <div class="panel-row sh-choices">
                <Choice label="Scenario" testid="sharding-preset-select" options=scenarios choose=pick />
                <Choice label="Scheme" testid="sharding-scheme-select" options=schemes choose=choose />
            </div>
            <div class="panel-row sh-fields">{fields}</div>
        </div>
        <div class="sh-outputs" inner_html=markup(move || figures_html(&state.read(), &run.read()))></div>
        <p class="visually-hidden" aria-live="polite" data-testid="sharding-said">{said}</p>
    }
}

/// The one sentence a screen reader hears after a change.
fn spoken(s: &ShardingState, o: &Outcome) -> String {
    let mut out = caption(s, o);
    if s.skew > 0.0 {
        out.push_str(&format!(
            "; the busiest node serves {}× the mean of the requests, and the hottest key alone gets {} of them",
            fixed(o.max_requests, 2),
            share_text(o.hot_key_share)
        ));
    }
    out.push('.');
    out
}

/// A key's share of the requests for people, to three significant digits (`38.6 %`, and
/// `0.01 %` for one key of 10,000, which one decimal would show as 0.0 %).
fn share_text(fraction: f64) -> String {
    format!("{} %", trim(significant(fraction * 100.0, 3)))
}

/// A count for people.
fn count(n: u32) -> String {
    grouped(f64::from(n))
}

/// A ratio to the mean for people: `1.25×`.
fn times(x: f64) -> String {
    format!("{}×", fixed(x, 2))
}

/// The readouts, the bars and the table: read-only, so one block of markup.
fn figures_html(s: &ShardingState, o: &Outcome) -> Html {
    let mut h = html!(r#"<div class="panel" data-panel="figures">"#);
    if let Some(note) = s.note() {
        html!(h, r#"<p class="panel-note" data-testid="sharding-note">{}.</p>"#, crate::ui::controls::sentence(note));
    }
    html!(
        h,
        r#"<dl class="readouts"><div class="readout"><dt>Keys that moved</dt><dd data-testid="moved-fraction" data-value="{}">{} <small>({})</small></dd></div>"#,
        data_value(o.moved_fraction),
        percent(o.moved_fraction),
        count(o.moved)
    );
    let ratio = |h: &mut Html, label: &str, testid: &str, value: f64| {
        html!(
            h,
            r#"<div class="readout"><dt>{}</dt><dd data-testid="{}" data-value="{}">{}</dd></div>"#,
            label,
            testid,
            data_value(value),
            times(value)
        );
    };
    ratio(&mut h, "Fullest node after, keys ÷ mean", "max-load", o.max_load);
    ratio(&mut h, "Fullest node before", "max-load-before", o.max_load_before);
    ratio(&mut h, "Busiest node after, requests ÷ mean", "max-requests", o.max_requests);
    html!(
        h,
        r#"<div class="readout"><dt>Hottest key's share of requests</dt><dd data-testid="hot-key-share" data-value="{}">{}</dd></div></dl>"#,
        data_value(o.hot_key_share),
        share_text(o.hot_key_share)
    );
    html!(h, r#"<p class="result">{}.</p></div>"#, caption(s, o));
    h.push(&bars_html(s, o));
    h.push(&table_html(s, o));
    h
}

/// One bar of two segments (the part that stays, then the part that moves), sized by SVG
/// attributes (the site's policy allows no style attributes).
fn bar(stay: f64, moving: f64, moving_class: &str) -> Html {
    let first = (stay * 100.0).clamp(0.0, 100.0);
    let second = (moving * 100.0).clamp(0.0, 100.0 - first);
    let mut h = html!(r#"<svg class="sh-bar" viewBox="0 0 100 10" preserveAspectRatio="none">"#);
    if first > 0.0 {
        html!(h, r#"<rect class="sh-stay" width="{}" height="10"></rect>"#, fixed(first.max(0.5), 3));
    }
    if second > 0.0 {
        html!(h, r#"<rect class="{}" x="{}" width="{}" height="10"></rect>"#, moving_class, fixed(first, 3), fixed(second.max(0.5), 3));
    }
    html!(h, "</svg>");
    h
}

/// Per node: keys before (those leaving marked), keys after (those arriving marked), and its
/// requests when some keys are hotter than others.
fn bars_html(s: &ShardingState, o: &Outcome) -> Html {
    let most = o.nodes.iter().map(|x| x.before.max(x.after)).max().unwrap_or(1).max(1) as f64;
    let busiest = o.nodes.iter().map(|x| x.requests).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    let skewed = s.skew > 0.0;
    let mut h = html!(
        r#"<div class="panel sh-bars" data-panel="bars" aria-hidden="true"><h3 class="panel-title">Keys per node, before and after</h3><p class="panel-note"><span class="sh-key sh-stay-key">stays</span><span class="sh-key sh-out-key">leaves</span><span class="sh-key sh-in-key">arrives</span>"#
    );
    if skewed {
        html!(h, r#"<span class="sh-key sh-req-key">requests after</span>"#);
    }
    html!(h, "</p>");
    for (i, x) in o.nodes.iter().enumerate() {
        let tag = node_tag(i as u32, s).trim().trim_matches(['(', ')']);
        html!(
            h,
            r#"<div class="sh-row{}{}"><span class="sh-name">Node {}<span class="sh-tag">{}</span></span><span class="sh-when">before</span>"#,
            if skewed { " sh-three" } else { "" },
            if x.hot && skewed { " sh-hot" } else { "" },
            i + 1,
            tag
        );
        h.push(&bar(f64::from(x.before - x.moved_out) / most, f64::from(x.moved_out) / most, "sh-out"));
        html!(
            h,
            r#"<span class="sh-value">{}</span><span class="sh-when">after</span>"#,
            if x.moved_out > 0 { format!("{} (−{})", count(x.before), count(x.moved_out)) } else { count(x.before) }
        );
        h.push(&bar(f64::from(x.after - x.moved_in) / most, f64::from(x.moved_in) / most, "sh-in"));
        html!(
            h,
            r#"<span class="sh-value">{}</span>"#,
            if x.moved_in > 0 { format!("{} (+{})", count(x.after), count(x.moved_in)) } else { count(x.after) }
        );
        if skewed {
            html!(h, r#"<span class="sh-when">requests</span>"#);
            h.push(&bar(0.0, x.requests / busiest, "sh-req"));
            html!(h, r#"<span class="sh-value">{}{}</span>"#, percent(x.requests), if x.hot { " (hot key)" } else { "" });
        }
        html!(h, "</div>");
    }
    html!(h, "</div>");
    h
}

/// The bars' twin: every node's figures as a table.
fn table_html(s: &ShardingState, o: &Outcome) -> Html {
    let mut h = html!(
        r#"<div class="panel" data-panel="table"><div class="table-scroll" role="group" tabindex="0" aria-label="Per-node figures"><table data-testid="sharding-table"><caption>Per node: keys before and after the change, keys moved, share of the requests after</caption><thead><tr><th scope="col">Node</th><th scope="col">Keys before</th><th scope="col">Keys after</th><th scope="col">Moved in</th><th scope="col">Moved out</th><th scope="col">Requests after</th></tr></thead><tbody>"#
    );
    for (i, x) in o.nodes.iter().enumerate() {
        let n = i + 1;
        html!(
            h,
            r#"<tr><th scope="row">Node {}{}{}</th><td data-testid="sharding-before-{}" data-value="{}">{}</td><td data-testid="sharding-after-{}" data-value="{}">{}</td><td data-testid="sharding-in-{}" data-value="{}">{}</td><td data-testid="sharding-out-{}" data-value="{}">{}</td><td data-testid="sharding-requests-{}" data-value="{}">{}</td></tr>"#,
            n,
            node_tag(i as u32, s),
            if x.hot && s.skew > 0.0 { ", hot key" } else { "" },
            n,
            x.before,
            count(x.before),
            n,
            x.after,
            count(x.after),
            n,
            x.moved_in,
            count(x.moved_in),
            n,
            x.moved_out,
            count(x.moved_out),
            n,
            data_value(x.requests),
            percent(x.requests)
        );
    }
    html!(
        h,
        r#"</tbody><tfoot><tr><th scope="row">All</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>100.0 %</td></tr></tfoot></table></div></div>"#,
        count(s.keys),
        count(s.keys),
        count(o.moved),
        count(o.moved)
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::well_formed;

    #[test]
    fn the_figures_carry_the_test_ids_and_values() {
        // Key ranges, 10,000 keys, 4 → 5: the first range of 2,500 is split, 1,250 keys move to
        // node 5, and the untouched ranges hold 2,500 against a mean of 2,000.
        let (s, _) = ShardingState::from_query(&[("scheme", "range")]);
        let o = s.run();
        let h = figures_html(&s, &o);
        let h = h.as_str();
        well_formed(h).unwrap();
        for (id, value) in [("moved-fraction", "0.125"), ("max-load", "1.25"), ("sharding-out-1", "1250"), ("sharding-in-5", "1250"), ("sharding-after-2", "2500")] {
            assert!(h.contains(&format!(r#"data-testid="{id}" data-value="{value}""#)), "{id} in {h}");
        }
        assert!(h.contains("Node 5 (new)"), "{h}");
        assert!(h.contains("used by the ring only"), "{h}");
        assert!(spoken(&s, &o).starts_with("Key ranges, 4 → 5 nodes: 1,250 of 10,000 keys move (12.5 %)"), "{}", spoken(&s, &o));
        // With skew, the requests are drawn and said.
        let (s, _) = ShardingState::from_query(&[("preset", "hot-key")]);
        let o = s.run();
        let h = figures_html(&s, &o);
        well_formed(h.as_str()).unwrap();
        assert!(h.as_str().contains("(hot key)"));
        assert!(spoken(&s, &o).contains("the hottest key alone gets 38.6 %"), "{}", spoken(&s, &o));
        // Without skew, one key of 10,000 has 0.01 % of the requests, not “0.0 %”.
        let (s, _) = ShardingState::from_query::<&str, &str>(&[]);
        assert!(figures_html(&s, &s.run()).as_str().contains(r#"data-value="0.0001">0.01 %"#));
    }
}
