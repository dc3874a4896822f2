//! `<CapWidget/>`: replicas on a ring, links to cut and mend, clients reading and writing at
//! each node, CP or AP, and a log of every step's outcome, over [`crate::model::cap`].
//!
//! Every action is a step of the script (`w2:5`, `r1`, `cut:1-2`, …): buttons and links carry
//! their step in `data-act`, one click handler appends it at the cursor, and the view is the
//! script replayed. Step, back and play move the cursor; arrow keys and Page Up/Down (what
//! presentation clickers send) do the same while the widget has focus.

use std::fmt::Write as _;

use leptos::prelude::*;

use super::StateSink;
use crate::model::widget::UrlState;
use crate::model::cap::{
    self as cap, CapState, Cluster, MAX_LAG, MAX_NODES, MAX_OPS, MIN_NODES, Mode, Op, Outcome, Preset, Run,
};
use crate::ui::controls::{Choice, TextField, escape, options_html};
use crate::ui::stepper::{Player, acted, chip, key_act, move_cursor, replay_buttons};

/// A select's options, as (value, text) pairs, and the current value.
type Menu = fn(&CapState) -> (Vec<(String, String)>, String);

island!(cap, CapState, CapWidget);

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
    // The value the Write buttons store: the field's last valid whole number.
    let value = RwSignal::new(1i64);
    let value_text = RwSignal::new(String::from("1"));
    let player = Player::new();
    let step = move || {
        let mut more = false;
        state.update(|s| {
            move_cursor(&mut s.at, s.ops.len(), "step");
            more = s.at.is_some();
        });
        more
    };
    let act = move |code: &str| {
        if code != "play" {
            player.stop();
        }
        let (mut at, len) = state.with_untracked(|s| (s.at, s.ops.len()));
        if move_cursor(&mut at, len, code) {
            state.update(|s| s.at = at);
            return;
        }
        match code {
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
                if !player.playing() && state.with_untracked(|s| s.cursor() >= s.ops.len()) {
                    state.update(|s| s.at = Some(0));
                }
                player.toggle(step);
            }
            _ => {
                // A write takes the value in the field.
                let text = match code.strip_prefix('w') {
                    Some(node) if !node.contains(':') => format!("w{node}:{}", value.get_untracked()),
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
        if let Some(code) = key_act(&ev) {
            ev.prevent_default();
            act(&code);
        }
    };
    let keys_id = crate::ui::controls::fresh_id("cap-keys");
    let described_by = keys_id.clone();
    view! {
        <div class="cap-body" tabindex="0" on:click=on_click on:keydown=on_key aria-describedby=described_by>
            {settings(state)}
            <div class="panel cap-play">
                <div class="cap-buttons" inner_html=move || play_buttons(&state.read(), player.playing())></div>
                <div class="cap-value">
                    <TextField
                        label="Value to write"
                        text=value_text
                        apply=Callback::new(move |text: String| {
                            value.set(cap::parse_value(&text)?);
                            Ok(())
                        })
                        testid="cap-value-input"
                        inputmode="numeric"
                    />
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

/// The scenario, size, mode, merge rule and delay.
fn settings(state: RwSignal<CapState>) -> impl IntoView {
    let set = move |key: &'static str| {
        Callback::new(move |v: String| {
            state.update(|s| {
                if key == "preset" {
                    if let Some(p) = Preset::ALL.into_iter().find(|p| p.name() == v) {
                        *s = p.state();
                    }
                } else if s.set(key, &v).is_ok() && key == "nodes" {
                    s.preset = None;
                }
            });
        })
    };
    // Each select's options as HTML: (value, text) pairs and the current value.
    let menu = move |make: Menu| {
        Memo::new(move |_| {
            let (list, current) = make(&state.read());
            options_html(list.iter().map(|(v, t)| (v.as_str(), t.as_str())), &current)
        })
    };
    view! {
        <div class="panel panel-row cap-settings">
            <Choice label="Scenario" testid="cap-preset-select" choose=set("preset") options=menu(|s| {
                let mut list = vec![(String::new(), "(your own script)".to_string())];
                list.extend(Preset::ALL.map(|p| (p.name().to_string(), p.label().to_string())));
                (list, s.preset.map(|p| p.name().to_string()).unwrap_or_default())
            }) />
            <Choice label="Mode" testid="cap-mode-select" choose=set("mode") options=menu(|s| {
                let list = [("cp", "CP: majority or error"), ("ap", "AP: answer from the local copy")];
                (list.iter().map(|(v, t)| (v.to_string(), t.to_string())).collect(), s.mode.name().to_string())
            }) />
            <Choice label="Replicas" testid="cap-nodes-select" choose=set("nodes") options=menu(|s| {
                ((MIN_NODES..=MAX_NODES).map(|n| (n.to_string(), format!("{n} nodes"))).collect(), s.nodes.to_string())
            }) />
            <Choice label="Concurrent writes" testid="cap-merge-select" choose=set("merge") options=menu(|s| {
                let list = [("lww", "last writer wins"), ("siblings", "keep both (siblings)")];
                (list.iter().map(|(v, t)| (v.to_string(), t.to_string())).collect(), s.merge.name().to_string())
            }) />
            <Choice label="Network delay" testid="cap-lag-select" choose=set("lag") options=menu(|s| {
                let list = (1..=MAX_LAG).map(|l| (l.to_string(), format!("{l} tick{}", if l == 1 { "" } else { "s" }))).collect();
                (list, s.lag.to_string())
            }) />
        </div>
    }
}

/// Step, back, play and the network actions.
fn play_buttons(s: &CapState, playing: bool) -> String {
    let (c, len) = (s.cursor(), s.ops.len());
    let mut h = String::new();
    replay_buttons(&mut h, "cap", c, len, playing, "step");
    h.push_str(r#"<div class="step-row" role="group" aria-label="Network">"#);
    let n = s.nodes;
    let half = n / 2;
    let list = |r: std::ops::RangeInclusive<usize>| r.map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    chip(
        &mut h,
        &format!("split:{}|{}", list(1..=half), list(half + 1..=n)),
        &format!("Split {} | {}", list(1..=half), list(half + 1..=n)),
        "cap-split",
        false,
    );
    chip(&mut h, &format!("split:1|{}", list(2..=n)), "Isolate node 1", "cap-isolate", false);
    chip(&mut h, "heal", "Heal", "cap-heal", false);
    chip(&mut h, "tick", "Tick (time passes)", "cap-tick", false);
    chip(&mut h, "undo", "Undo", "cap-undo", c == 0);
    chip(&mut h, "clear", "Clear", "cap-clear", len == 0);
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
            r#"<g class="cap-node side-{}" data-testid="cap-node-{}" data-value="{}"><circle cx="{x}" cy="{y}" r="29"/><text x="{x}" y="{}" class="name">N{}</text><text x="{x}" y="{}" class="value">{}</text><text x="{x}" y="{}" class="version">{version}</text></g>"#,
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
        chip(&mut h, &format!("r{}", i + 1), "Read", &format!("cap-read-{}", i + 1), false);
        chip(&mut h, &format!("w{}", i + 1), "Write", &format!("cap-write-{}", i + 1), false);
        h.push_str("</td></tr>");
    }
    h.push_str("</tbody></table>");
    let latency = match s.mode {
        Mode::Cp => format!("CP: every read and write waits a round trip to a majority, {} ticks.", 2 * c.lag),
        Mode::Ap => format!(
            "AP: every request is answered at once (0 ticks); copies reach the other nodes {} tick{} later.",
            c.lag,
            if c.lag == 1 { "" } else { "s" }
        ),
    };
    let _ = write!(h, r#"<p class="cap-summary">{latency} "#);
    match &c.latest {
        Some(v) => {
            let _ = write!(
                h,
                r#"Latest acknowledged write: <strong data-testid="cap-latest" data-value="{0}">{0}</strong> (at node {1})."#,
                v.value,
                v.node + 1
            );
        }
        None => h.push_str("Nothing written yet."),
    }
    if c.pending() > 0 {
        let _ = write!(h, " {} message(s) in flight.", c.pending());
    }
    if !c.lost.is_empty() {
        let lost: Vec<String> = c.lost.iter().map(|v| v.value.to_string()).collect();
        let _ = write!(
            h,
            r#" <span class="bad" data-testid="cap-lost" data-value="{0}">Lost writes: {0}.</span>"#,
            lost.join("|")
        );
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
            let _ = write!(
                h,
                r#"<li class="skipped" data-act="at:{}"{here}><code>{op}</code> skipped: {}</li>"#,
                i + 1,
                escape(why)
            );
            continue;
        }
        let Some((_, e)) = entries.next_if(|(j, _)| *j == i) else {
            let _ = write!(
                h,
                r#"<li class="future" data-testid="cap-next" data-act="at:{}"><code>{op}</code> <span class="muted">not yet run</span></li>"#,
                i + 1
            );
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
        let wait = if e.op.is_client() {
            format!(" <span class=\"muted\">{} tick{}</span>", e.latency, if e.latency == 1 { "" } else { "s" })
        } else {
            String::new()
        };
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
