//! `<CapWidget/>`: replicas on a ring, links to cut and mend, clients reading and writing at
//! each node, CP or AP, and a log of every step's outcome, over [`crate::model::cap`].
//!
//! Every action is a step of the script (`w2:5`, `r1`, `cut:1-2`, …): buttons and links carry
//! their step in `data-act`, one click handler appends it at the cursor, and the view is the
//! script replayed. Step, back and play move the cursor; arrow keys and Page Up/Down (what
//! presentation clickers send) do the same while the widget has focus.

use std::fmt::Write as _;

use leptos::leptos_dom::helpers::{IntervalHandle, set_interval_with_handle};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::StateSink;
use crate::model::cap::{self as cap, CapState, Cluster, MAX_LAG, MAX_NODES, MAX_OPS, MIN_NODES, Mode, Op, Outcome, Preset, Run};
use crate::ui::controls::escape;

/// Pause between steps while playing.
const PLAY_EVERY_MS: u64 = 900;

/// The CAP partition toy.
#[component]
pub fn CapWidget(
    /// Preset parameters (a lesson directive's or the URL's); bad ones are ignored.
    params: Vec<(String, String)>,
    /// Receives the widget's state as a query string.
    sink: StateSink,
) -> impl IntoView {
    let (initial, _) = CapState::from_query(&params);
    let state = RwSignal::new(initial);
    sink.provide(Signal::derive(move || state.read().query_string()));
    let run = Memo::new(move |_| cap::run(&state.read()));
    let value = RwSignal::new(String::from("1"));
    let playing = RwSignal::new(false);
    let timer = StoredValue::new(None::<IntervalHandle>);
    let stop = move || {
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        timer.set_value(None);
        playing.set(false);
    };
    on_cleanup(stop);
    let step = move || {
        let mut more = false;
        state.update(|s| {
            let c = s.cursor() + 1;
            s.at = (c < s.ops.len()).then_some(c);
            more = c < s.ops.len();
        });
        more
    };
    let act = move |code: &str| {
        if code != "play" {
            stop();
        }
        match code {
            "step" => {
                step();
            }
            "back" => state.update(|s| s.at = Some(s.cursor().saturating_sub(1))),
            "start" => state.update(|s| s.at = Some(0)),
            "end" => state.update(|s| s.at = None),
            "undo" => state.update(|s| {
                let c = s.cursor();
                if c > 0 {
                    s.ops.remove(c - 1);
                    s.at = (c - 1 < s.ops.len()).then_some(c - 1);
                    s.preset = None;
                }
            }),
            "clear" => state.update(|s| {
                s.ops.clear();
                s.at = None;
                s.partition.clear();
                s.preset = None;
            }),
            "play" => {
                if playing.get_untracked() {
                    stop();
                } else {
                    if state.with_untracked(|s| s.cursor() >= s.ops.len()) {
                        state.update(|s| s.at = Some(0));
                    }
                    playing.set(true);
                    let handle = set_interval_with_handle(
                        move || {
                            if !step() {
                                stop();
                            }
                        },
                        std::time::Duration::from_millis(PLAY_EVERY_MS),
                    );
                    timer.set_value(handle.ok());
                }
            }
            _ => {
                if let Some(i) = code.strip_prefix("at:").and_then(|i| i.parse::<usize>().ok()) {
                    state.update(|s| s.at = Some(i));
                    return;
                }
                // A write takes the value in the field.
                let text = match code.strip_prefix('w') {
                    Some(node) if !node.contains(':') => format!("w{node}:{}", value.get_untracked().trim()),
                    _ => code.to_string(),
                };
                if let Ok(op) = Op::parse(&text) {
                    state.update(|s| {
                        let c = s.cursor();
                        s.ops.truncate(c);
                        if s.ops.len() < MAX_OPS {
                            s.ops.push(op);
                        }
                        s.at = None;
                        s.preset = None;
                    });
                }
            }
        }
    };
    // One handler for every button, link and log entry that carries a step.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if let Some(code) = acted(ev.target()) {
            act(&code);
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let tag = target.as_ref().map(|t| t.tag_name().to_ascii_lowercase()).unwrap_or_default();
        if tag == "input" || tag == "select" {
            return;
        }
        let key = ev.key();
        let code = match key.as_str() {
            "ArrowRight" | "PageDown" => "step".to_string(),
            "ArrowLeft" | "PageUp" => "back".to_string(),
            // Links in the drawing are focusable; Enter or Space cuts or mends them.
            "Enter" | " " if tag != "button" => match acted(ev.target()) {
                Some(code) => code,
                None => return,
            },
            _ => return,
        };
        ev.prevent_default();
        act(&code);
    };
    let write_ok = Memo::new(move |_| value.get().trim().parse::<i64>().is_ok());
    let keys_id = crate::ui::controls::fresh_id("cap-keys");
    let described_by = keys_id.clone();
    view! {
        <div class="cap-body" tabindex="0" on:click=on_click on:keydown=on_key aria-describedby=described_by>
            {settings(state)}
            <div class="panel cap-play">
                <div class="cap-buttons" inner_html=move || play_buttons(&state.read(), playing.get())></div>
                <div class="field cap-value" class:invalid=move || !write_ok.get()>
                    <label>
                        "Value to write "
                        <input
                            type="text"
                            inputmode="numeric"
                            data-testid="cap-value-input"
                            prop:value=move || value.get()
                            on:input=move |ev| value.set(event_target_value(&ev))
                        />
                    </label>
                    <p class="field-message">{move || (!write_ok.get()).then_some("use a whole number")}</p>
                </div>
            </div>
            <div class="cap-stage">
                <div class="cap-ring" inner_html=move || ring_svg(&run.read())></div>
                <div class="cap-side" inner_html=move || side_html(&state.read(), &run.read())></div>
            </div>
            <div class="panel cap-log-panel" inner_html=move || log_html(&state.read(), &run.read())></div>
            <p class="cap-keys" id=keys_id>
                "Keys: → or Page Down steps forward, ← or Page Up steps back. Click a link in the drawing (or focus it and press Enter) to cut or mend it."
            </p>
        </div>
    }
}

/// The step carried by the clicked element or its nearest ancestor with `data-act`.
fn acted(target: Option<web_sys::EventTarget>) -> Option<String> {
    let el: web_sys::Element = target?.dyn_into().ok()?;
    el.closest("[data-act]").ok()??.get_attribute("data-act")
}

/// The scenario, size, mode, merge rule and delay.
fn settings(state: RwSignal<CapState>) -> impl IntoView {
    let set = move |key: &'static str| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            state.update(|s| {
                if key == "preset" {
                    if let Some(p) = Preset::ALL.into_iter().find(|p| p.name() == v) {
                        *s = p.state();
                    }
                } else if s.set(key, &v).is_ok() && key == "nodes" {
                    s.preset = None;
                }
            });
        }
    };
    let options = |list: Vec<(String, String)>, current: Signal<String>| {
        list.into_iter()
            .map(|(v, label)| {
                let selected = { let v = v.clone(); move || current.get() == v };
                view! { <option value=v selected=selected>{label}</option> }
            })
            .collect_view()
    };
    let preset_now = Signal::derive(move || state.read().preset.map(|p| p.name().to_string()).unwrap_or_default());
    let mut presets = vec![(String::new(), "(your own script)".to_string())];
    presets.extend(Preset::ALL.map(|p| (p.name().to_string(), p.label().to_string())));
    let nodes: Vec<(String, String)> = (MIN_NODES..=MAX_NODES).map(|n| (n.to_string(), format!("{n} nodes"))).collect();
    let lags: Vec<(String, String)> =
        (1..=MAX_LAG).map(|l| (l.to_string(), format!("{l} tick{}", if l == 1 { "" } else { "s" }))).collect();
    let pair = |a: &str, b: &str, c: &str, d: &str| vec![(a.to_string(), b.to_string()), (c.to_string(), d.to_string())];
    view! {
        <div class="panel panel-row cap-settings">
            <label class="field">"Scenario"
                <select data-testid="cap-preset-select" on:change=set("preset")>{options(presets, preset_now)}</select>
            </label>
            <label class="field">"Mode"
                <select data-testid="cap-mode-select" on:change=set("mode")>
                    {options(pair("cp", "CP: majority or error", "ap", "AP: answer from the local copy"), Signal::derive(move || state.read().mode.name().to_string()))}
                </select>
            </label>
            <label class="field">"Replicas"
                <select data-testid="cap-nodes-select" on:change=set("nodes")>{options(nodes, Signal::derive(move || state.read().nodes.to_string()))}</select>
            </label>
            <label class="field">"Concurrent writes"
                <select data-testid="cap-merge-select" on:change=set("merge")>
                    {options(pair("lww", "last writer wins", "siblings", "keep both (siblings)"), Signal::derive(move || state.read().merge.name().to_string()))}
                </select>
            </label>
            <label class="field">"Network delay"
                <select data-testid="cap-lag-select" on:change=set("lag")>{options(lags, Signal::derive(move || state.read().lag.to_string()))}</select>
            </label>
        </div>
    }
}

fn button(h: &mut String, act: &str, text: &str, testid: &str, disabled: bool) {
    let _ = write!(
        h,
        r#"<button type="button" class="chip" data-act="{}" data-testid="{testid}"{}>{}</button>"#,
        escape(act),
        if disabled { " disabled" } else { "" },
        escape(text)
    );
}

/// Step, back, play and the network actions.
fn play_buttons(s: &CapState, playing: bool) -> String {
    let (c, len) = (s.cursor(), s.ops.len());
    let mut h = String::new();
    h.push_str(r#"<div class="cap-row" role="group" aria-label="Replay">"#);
    button(&mut h, "start", "« Start", "cap-start", c == 0);
    button(&mut h, "back", "◀ Back", "cap-back", c == 0);
    button(&mut h, "step", "Step ▶", "cap-step", c >= len);
    button(&mut h, "play", if playing { "Pause" } else { "Play ▶▶" }, "cap-play", len == 0);
    button(&mut h, "end", "End »", "cap-end", c >= len);
    let _ = write!(h, r#"<span class="cap-cursor" data-testid="cap-cursor" data-value="{c}">step {c} of {len}</span></div>"#);
    h.push_str(r#"<div class="cap-row" role="group" aria-label="Network">"#);
    let n = s.nodes;
    let half = n / 2;
    let list = |r: std::ops::RangeInclusive<usize>| r.map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    button(&mut h, &format!("split:{}|{}", list(1..=half), list(half + 1..=n)), &format!("Split {} | {}", list(1..=half), list(half + 1..=n)), "cap-split", false);
    button(&mut h, &format!("split:1|{}", list(2..=n)), "Isolate node 1", "cap-isolate", false);
    button(&mut h, "heal", "Heal", "cap-heal", false);
    button(&mut h, "tick", "Tick (time passes)", "cap-tick", false);
    button(&mut h, "undo", "Undo", "cap-undo", c == 0);
    button(&mut h, "clear", "Clear", "cap-clear", len == 0);
    h.push_str("</div>");
    h
}

const SIDE_COLOURS: usize = 4;

/// Node positions on the ring for 3 to 7 nodes (centre 150, 150, radius 108, node 1 at the
/// top, clockwise), in whole SVG units: a table keeps sine and cosine out of the bundle.
const RING: [&[(i32, i32)]; 5] = [
    &[(150, 42), (244, 204), (56, 204)],
    &[(150, 42), (258, 150), (150, 258), (42, 150)],
    &[(150, 42), (253, 117), (213, 237), (87, 237), (47, 117)],
    &[(150, 42), (244, 96), (244, 204), (150, 258), (56, 204), (56, 96)],
    &[(150, 42), (234, 83), (255, 174), (197, 247), (103, 247), (45, 174), (66, 83)],
];

fn node_xy(i: usize, n: usize) -> (i32, i32) {
    RING.get(n.saturating_sub(MIN_NODES)).and_then(|r| r.get(i)).copied().unwrap_or((150, 150))
}

/// The ring of replicas as SVG: links (cut ones dashed), nodes coloured by side.
fn ring_svg(run: &Run) -> String {
    let c: &Cluster = &run.cluster;
    let sides = c.sides();
    let mut h = String::from(
        r#"<svg viewBox="0 0 300 300" class="cap-svg" role="group" aria-label="Replicas and the links between them">"#,
    );
    for a in 0..c.n {
        for b in a + 1..c.n {
            let ((x1, y1), (x2, y2)) = (node_xy(a, c.n), node_xy(b, c.n));
            let up = c.link_up(a, b);
            let (act, what) = if up { ("cut", "works; press to cut it") } else { ("mend", "is cut; press to mend it") };
            let _ = write!(
                h,
                r#"<g class="cap-link {}" data-act="{act}:{}-{}" tabindex="0" role="button" aria-label="Link {}–{} {what}" data-testid="cap-link-{}-{}"><title>Link {}–{} {what}</title><line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" class="hit"/><line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" class="wire"/></g>"#,
                if up { "up" } else { "cut" },
                a + 1,
                b + 1,
                a + 1,
                b + 1,
                a + 1,
                b + 1,
                a + 1,
                b + 1,
            );
        }
    }
    for (i, replica) in c.replicas.iter().enumerate() {
        let (x, y) = node_xy(i, c.n);
        let values = cap::values_text(&c.values(i));
        let shown = if values.is_empty() { "–".to_string() } else { values.replace('|', " | ") };
        let version = replica.iter().map(|v| v.number()).max().map(|v| format!("v{v}")).unwrap_or_default();
        let _ = write!(
            h,
            r#"<g class="cap-node side-{}" data-testid="cap-node-{}" data-value="{}"><circle cx="{x}" cy="{y:.1}" r="29"/><text x="{x}" y="{}" class="name">N{}</text><text x="{x}" y="{}" class="value">{}</text><text x="{x}" y="{}" class="version">{version}</text></g>"#,
            sides[i] % SIDE_COLOURS,
            i + 1,
            escape(&values),
            y - 12,
            i + 1,
            y + 5,
            escape(&shown),
            y + 19,
        );
    }
    h.push_str("</svg>");
    h
}

/// The text twin of the drawing, with each node's read and write buttons, and the summary.
fn side_html(s: &CapState, run: &Run) -> String {
    let c = &run.cluster;
    let mut h = String::new();
    let _ = write!(
        h,
        r#"<table class="cap-nodes" data-testid="cap-nodes-table"><caption>Replicas ({}; a majority is {})</caption><thead><tr><th scope="col">Node</th><th scope="col">Holds</th><th scope="col">Reaches</th><th scope="col">Client</th></tr></thead><tbody>"#,
        c.n,
        c.majority()
    );
    for i in 0..c.n {
        let values = cap::values_text(&c.values(i));
        let reach = c.reach(i);
        let others: Vec<String> = reach.iter().filter(|&&m| m != i).map(|m| (m + 1).to_string()).collect();
        let quorum = if reach.len() >= c.majority() { "majority" } else { "minority" };
        let _ = write!(
            h,
            r#"<tr><th scope="row">{}</th><td>{}</td><td>{} of {} <span class="muted">({quorum}{}{})</span></td><td>"#,
            i + 1,
            if values.is_empty() { "–".to_string() } else { escape(&values.replace('|', " | ")) },
            reach.len(),
            c.n,
            if others.is_empty() { ", alone" } else { ", with " },
            others.join(", "),
        );
        button(&mut h, &format!("r{}", i + 1), "Read", &format!("cap-read-{}", i + 1), false);
        button(&mut h, &format!("w{}", i + 1), "Write", &format!("cap-write-{}", i + 1), false);
        h.push_str("</td></tr>");
    }
    h.push_str("</tbody></table>");
    let latency = match s.mode {
        Mode::Cp => format!("CP: every read and write waits a round trip to a majority, {} ticks.", 2 * c.lag),
        Mode::Ap => format!("AP: every request is answered at once (0 ticks); copies reach the other nodes {} tick{} later.", c.lag, if c.lag == 1 { "" } else { "s" }),
    };
    let _ = write!(h, r#"<p class="cap-summary">{latency} "#);
    match &c.latest {
        Some(v) => {
            let _ = write!(h, r#"Latest acknowledged write: <strong data-testid="cap-latest" data-value="{0}">{0}</strong> (at node {1})."#, v.value, v.node + 1);
        }
        None => h.push_str("Nothing written yet."),
    }
    if c.pending() > 0 {
        let _ = write!(h, " {} message(s) in flight.", c.pending());
    }
    if !c.lost.is_empty() {
        let lost: Vec<String> = c.lost.iter().map(|v| v.value.to_string()).collect();
        let _ = write!(h, r#" <span class="bad" data-testid="cap-lost" data-value="{0}">Lost writes: {0}.</span>"#, lost.join("|"));
    }
    h.push_str("</p>");
    h
}

/// The log: steps that ran, with outcome, value, latency and events; then the steps to come.
fn log_html(s: &CapState, run: &Run) -> String {
    let mut h = String::from(r#"<h3 class="cap-log-title">Log</h3>"#);
    if s.ops.is_empty() {
        h.push_str(r#"<p class="muted">Nothing has happened yet: press Read or Write beside a node, cut a link, or pick a scenario.</p>"#);
    }
    h.push_str(r#"<ol class="cap-log" data-testid="cap-log">"#);
    let mut entries = run.entries.iter().peekable();
    let mut skipped = run.skipped.iter().peekable();
    let cursor = s.cursor();
    for (i, op) in s.ops.iter().enumerate() {
        let here = if i + 1 == cursor { r#" aria-current="step""# } else { "" };
        if let Some((_, why)) = skipped.next_if(|(j, _)| *j == i) {
            let _ = write!(h, r#"<li class="skipped" data-act="at:{}"{here}><code>{op}</code> skipped: {}</li>"#, i + 1, escape(why));
            continue;
        }
        let Some((_, e)) = entries.next_if(|(j, _)| *j == i) else {
            let _ = write!(h, r#"<li class="future" data-testid="cap-next" data-act="at:{}"><code>{op}</code> <span class="muted">not yet run</span></li>"#, i + 1);
            continue;
        };
        let outcome = e.outcome.name();
        let value = e.value_text();
        let label = match (e.op.is_client(), e.outcome) {
            (false, _) => String::new(),
            (true, Outcome::Error) => r#"<span class="tag error">error</span> "#.to_string(),
            (true, o) => format!(r#"<span class="tag {0}">{0}</span> "#, o.name()),
        };
        let shown = match (&e.op, value.is_empty()) {
            (Op::Read { .. }, true) if e.outcome != Outcome::Error => " → (nothing)".to_string(),
            (Op::Read { .. }, false) => format!(" → <strong>{}</strong>", value.replace('|', " | ")),
            _ => String::new(),
        };
        let wait = if e.op.is_client() { format!(" <span class=\"muted\">{} tick{}</span>", e.latency, if e.latency == 1 { "" } else { "s" }) } else { String::new() };
        let _ = write!(
            h,
            r#"<li class="ran {outcome}" data-testid="cap-op" data-outcome="{outcome}" data-value="{}" data-act="at:{}"{here}><code>{op}</code>{shown} {label}{wait}<div class="note">{}</div>"#,
            escape(&value),
            i + 1,
            escape(&e.note)
        );
        if !e.events.is_empty() {
            h.push_str(r#"<ul class="events">"#);
            for ev in &e.events {
                let class = if matches!(ev, cap::Event::Lost { .. }) { " class=\"bad\"" } else { "" };
                let _ = write!(h, "<li{class}>{}</li>", escape(&ev.to_string()));
            }
            h.push_str("</ul>");
        }
        h.push_str("</li>");
    }
    h.push_str("</ol>");
    h
}
