//! `<LoadBalancerWidget/>`: a pool of servers behind one balancer, over
//! [`crate::model::load_balancer`]: pick an algorithm, make a server slow or failing, and read
//! per server what it served, its p99 and the errors, as bars and as the table they draw.

use leptos::prelude::*;

use super::StateSink;
use crate::html;
use crate::html::Html;
use crate::model::load_balancer::{Algorithm, LoadBalancerState, Preset, Run, caption, condition, ms_text};
use crate::model::units::{data_value, fixed, grouped};
use crate::model::widget::UrlState;
use crate::ui::controls::{Choice, TextField, key_field, markup, options_html, scenario_menu};

island!(load_balancer, LoadBalancerState, LoadBalancerWidget);

/// The text fields: label, unit, test id and the key of the state each writes.
const FIELDS: [(&str, &str, &str, &str); 9] = [
    ("Servers", "", "lb-servers-input", "servers"),
    ("Weights, e.g. 3,1,1", "", "lb-weights-input", "weights"),
    ("Requests", "", "lb-requests-input", "requests"),
    ("Clients", "", "lb-clients-input", "clients"),
    ("Slow server", "", "lb-slow-input", "slow"),
    ("Slow factor", "×", "lb-slow-factor-input", "slow_factor"),
    ("Failing server", "", "lb-down-input", "down"),
    ("Health check every", "s", "lb-health-input", "health_s"),
    ("Seed", "", "lb-seed-input", "seed"),
];

/// The load balancer widget.
#[component]
pub fn LoadBalancerWidget(
    /// Preset parameters (a lesson directive's or the URL's); bad ones are ignored.
    params: Vec<(String, String)>,
    /// Receives the widget's state as a query string.
    sink: StateSink,
) -> impl IntoView {
    let (initial, _) = LoadBalancerState::from_query(&params);
    let texts = FIELDS.map(|(_, _, _, key)| RwSignal::new(initial.get(key)));
    let state = RwSignal::new(initial);
    sink.provide(Signal::derive(move || state.read().query_string()));
    let run = Memo::new(move |_| state.read().run());
    // A scenario replaces every value: the fields show the new ones.
    let (scenarios, pick) = scenario_menu(state, "(your own settings)", Preset::ALL.map(|p| (p.name(), p.label())), texts, FIELDS.map(|(_, _, _, key)| key));
    let algorithms = Memo::new(move |_| {
        let current = state.read().algorithm.name();
        options_html(Algorithm::ALL.map(|a| (a.name(), a.label())), current)
    });
    let choose = Callback::new(move |name: String| {
        if let Some(algorithm) = Algorithm::from_name(&name) {
            state.update(|s| s.algorithm = algorithm);
        }
    });
    let fields = texts
        .into_iter()
        .zip(FIELDS)
        .map(|(text, (label, unit, testid, key))| {
            let inputmode = if key == "weights" || key == "slow" || key == "down" { "text" } else { "decimal" };
            view! { <TextField label unit text apply=key_field(state, key, |_| {}) testid inputmode /> }
        })
        .collect_view();
    let said = move || spoken(&state.read(), &run.read());
    view! {
        <div class="panel lb-controls">
            <div class="panel-row lb-choices">
                <Choice label="Scenario" testid="lb-preset-select" options=scenarios choose=pick />
                <Choice label="Algorithm" testid="lb-algorithm-select" options=algorithms choose=choose />
            </div>
            <div class="panel-row lb-fields">{fields}</div>
        </div>
        <div class="lb-outputs" inner_html=markup(move || figures_html(&state.read(), &run.read()))></div>
        <p class="visually-hidden" aria-live="polite" data-testid="lb-said">{said}</p>
    }
}

/// The one sentence a screen reader hears after a change.
fn spoken(s: &LoadBalancerState, run: &Run) -> String {
    let mut out = format!(
        "{} over {} servers: p99 {}, median {}, {} errors",
        s.algorithm.label(),
        s.servers,
        ms_text(run.p99_ms),
        ms_text(run.p50_ms),
        grouped(f64::from(run.errors))
    );
    let busiest = run.servers.iter().enumerate().max_by_key(|(_, x)| x.served);
    if let Some((i, x)) = busiest {
        out.push_str(&format!("; server {} served the most, {}", i + 1, grouped(f64::from(x.served))));
    }
    out.push('.');
    out
}

/// A count for people.
fn count(n: u32) -> String {
    grouped(f64::from(n))
}

/// The readouts, the bars and the table: read-only, so one block of markup.
fn figures_html(s: &LoadBalancerState, run: &Run) -> Html {
    let mut h = html!(r#"<div class="panel" data-panel="figures">"#);
    for note in s.notes() {
        html!(h, r#"<p class="panel-note" data-testid="lb-note">{}.</p>"#, crate::ui::controls::sentence(&note));
    }
    html!(h, r#"<dl class="readouts">"#);
    let ms_readout = |label: &str, testid: &str, value: Option<f64>| match value {
        Some(v) => html!(
            r#"<div class="readout"><dt>{}</dt><dd data-testid="{}" data-value="{}">{}</dd></div>"#,
            label,
            testid,
            data_value(v),
            ms_text(Some(v))
        ),
        None => html!(r#"<div class="readout"><dt>{}</dt><dd data-testid="{}">–</dd></div>"#, label, testid),
    };
    h.push(&ms_readout("p99 response time", "lb-p99", run.p99_ms));
    h.push(&ms_readout("Median response time", "lb-p50", run.p50_ms));
    html!(
        h,
        r#"<div class="readout"><dt>Errors</dt><dd data-testid="lb-errors" data-value="{}">{}</dd></div><div class="readout"><dt>Served</dt><dd data-testid="lb-served" data-value="{}">{} of {}</dd></div></dl>"#,
        run.errors,
        count(run.errors),
        run.served,
        count(run.served),
        count(s.requests)
    );
    html!(h, r#"<p class="result">{}.</p></div>"#, caption(s, run));
    h.push(&bars_html(run));
    h.push(&table_html(s, run));
    h
}

/// One bar: an SVG sized by attributes (the site's policy allows no style attributes), with
/// an optional second segment (errors).
fn bar(share: f64, extra: f64, class: &str) -> Html {
    let first = (share * 100.0).clamp(0.0, 100.0);
    let second = (extra * 100.0).clamp(0.0, 100.0 - first);
    let mut h = html!(r#"<svg class="lb-bar" viewBox="0 0 100 10" preserveAspectRatio="none">"#);
    if first > 0.0 {
        html!(h, r#"<rect class="{}" width="{}" height="10"></rect>"#, class, fixed(first.max(0.5), 3));
    }
    if second > 0.0 {
        html!(h, r#"<rect class="lb-error" x="{}" width="{}" height="10"></rect>"#, fixed(first, 3), fixed(second.max(0.5), 3));
    }
    html!(h, "</svg>");
    h
}

/// Per server: requests served (errors in red after them) and its p99, as bars.
fn bars_html(run: &Run) -> Html {
    let most = run.servers.iter().map(|x| x.sent).max().unwrap_or(1).max(1) as f64;
    let slowest = run.servers.iter().filter_map(|x| x.p99_ms).fold(1.0, f64::max);
    let mut h = html!(
        r#"<div class="panel lb-bars" data-panel="bars" aria-hidden="true"><h3 class="panel-title">Per server</h3><p class="panel-note">Upper bar: requests served<span class="lb-key lb-error-key">errors</span>. Lower bar: the server's p99 response time.</p>"#
    );
    for (i, x) in run.servers.iter().enumerate() {
        let tag = match (x.down, x.slow) {
            (true, _) => " failing",
            (_, true) => " slow",
            _ => "",
        };
        html!(h, r#"<div class="lb-row"><span class="lb-name">Server {}<span class="lb-tag">{}</span></span>"#, i + 1, tag);
        h.push(&bar(f64::from(x.served) / most, f64::from(x.errors) / most, "lb-served"));
        html!(h, r#"<span class="lb-value">{}</span>"#, if x.errors > 0 { format!("{} + {} errors", count(x.served), count(x.errors)) } else { count(x.served) });
        h.push(&bar(x.p99_ms.unwrap_or(0.0) / slowest, 0.0, if x.slow { "lb-latency lb-slow" } else { "lb-latency" }));
        html!(h, r#"<span class="lb-value">{}</span></div>"#, ms_text(x.p99_ms));
    }
    html!(h, "</div>");
    h
}

/// The bars' twin: every server's figures as a table.
fn table_html(s: &LoadBalancerState, run: &Run) -> Html {
    let mut h = html!(
        r#"<div class="panel" data-panel="table"><div class="table-scroll" role="group" tabindex="0" aria-label="Per-server figures"><table data-testid="lb-table"><caption>Per server (weight = requests it works on at once)</caption><thead><tr><th scope="col">Server</th><th scope="col">Weight</th><th scope="col">State</th><th scope="col">Sent</th><th scope="col">Served</th><th scope="col">Errors</th><th scope="col">p99</th><th scope="col">Most at once</th></tr></thead><tbody>"#
    );
    for (i, x) in run.servers.iter().enumerate() {
        let n = i + 1;
        let p99 = match x.p99_ms {
            Some(v) => html!(r#"<td data-testid="lb-p99-{}" data-value="{}">{}</td>"#, n, data_value(v), ms_text(Some(v))),
            None => html!(r#"<td data-testid="lb-p99-{}">–</td>"#, n),
        };
        html!(
            h,
            r#"<tr><th scope="row">Server {}</th><td>{}</td><td>{}</td><td>{}</td><td data-testid="lb-served-{}" data-value="{}">{}</td><td data-testid="lb-errors-{}" data-value="{}">{}</td>{}<td>{}</td></tr>"#,
            n,
            x.weight,
            condition(x, s.slow_factor),
            count(x.sent),
            n,
            x.served,
            count(x.served),
            n,
            x.errors,
            count(x.errors),
            p99,
            x.peak
        );
    }
    html!(
        h,
        r#"</tbody><tfoot><tr><th scope="row">All</th><td></td><td></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td></td></tr></tfoot></table></div></div>"#,
        count(s.requests),
        count(run.served),
        count(run.errors),
        ms_text(run.p99_ms)
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::well_formed;

    #[test]
    fn the_figures_carry_the_test_ids_and_values() {
        // The failing-server scenario: round robin sends server 2 every fifth request of the
        // first 10 s (i = 1, 6, …, 346: 70), then the other four share the rest: 930 served.
        let (s, _) = LoadBalancerState::from_query(&[("preset", "failing-server")]);
        let run = s.run();
        let h = figures_html(&s, &run);
        let h = h.as_str();
        well_formed(h).unwrap();
        for (id, value) in [("lb-errors", "70"), ("lb-served", "930"), ("lb-p99", "100"), ("lb-served-2", "0"), ("lb-errors-2", "70")] {
            assert!(h.contains(&format!(r#"data-testid="{id}" data-value="{value}""#)), "{id} in {h}");
        }
        assert!(h.contains(r#"<td data-testid="lb-p99-2">–</td>"#), "a server that served nothing has no p99");
        assert!(spoken(&s, &run).starts_with("Round robin over 5 servers: p99 100 ms, median 100 ms, 70 errors"), "{}", spoken(&s, &run));
        // Weights that do not fit are explained above the figures.
        let (odd, _) = LoadBalancerState::from_query(&[("servers", "2"), ("weights", "1,2,3")]);
        let h = figures_html(&odd, &odd.run());
        well_formed(h.as_str()).unwrap();
        assert!(h.as_str().contains("3 weights for 2 servers: the last one is ignored."), "{}", h.as_str());
    }
}
