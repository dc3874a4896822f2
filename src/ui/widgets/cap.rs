//! `<CapWidget/>`: replicas on a ring, links to cut and mend, clients reading and writing at
//! each node, CP or AP, and a log of every step's outcome, over [`crate::model::cap`].
//!
//! Every action is a step of the script (`w2:5`, `r1`, `cut:1-2`, …): buttons and links carry
//! their step in `data-act`, one click handler appends it at the cursor, and the view is the
//! script replayed. Step, back and play move the cursor; arrow keys and Page Up/Down (what
//! presentation clickers send) do the same while the widget has focus.

use leptos::prelude::*;

use super::StateSink;
use crate::model::widget::UrlState;
use crate::model::cap::{
    self as cap, Action, CapState, MAX_LAG, MAX_NODES, MIN_NODES, Mode, Op, Outcome, Preset, Run,
};
use crate::html;
use crate::html::Html;
use crate::ui::controls::{Choice, TextField, markup, options_html, shown};
use crate::model::replay::Move;
use crate::ui::stepper::{Player, ReplayButtons, acted, key_act};

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
    // Why the last action was refused (the script is full), until the next one.
    let refused = RwSignal::new(None::<String>);
    let apply = move |action: Action| state.update(|s| refused.set(s.apply(action).err()));
    let step = move || {
        apply(Action::Move(Move::Step));
        state.with_untracked(|s| s.at.is_some())
    };
    // Every control names its action; the model does it.
    let act = move |code: &str| {
        if code == "play" {
            if !player.playing() && state.with_untracked(|s| s.cursor() >= s.ops.len()) {
                apply(Action::Move(Move::Start));
            }
            player.toggle(step);
        } else if let Some(action) = Action::parse(code, value.get_untracked()) {
            player.stop();
            apply(action);
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
    // The one sentence a screen reader hears after each move: the step that just ran.
    let said = move || {
        if let Some(why) = refused.get() {
            return format!("Not added: {why}.");
        }
        let (s, r) = (state.read(), run.read());
        let (c, len) = (s.cursor(), s.ops.len());
        match r.entries.last().filter(|(i, _)| i + 1 == c) {
            Some((_, e)) => {
                let value = e.value_text();
                let value = if value.is_empty() { String::new() } else { format!(" {}", value.replace('|', " and ")) };
                format!("Step {c} of {len}: {}{value}, {}. {}", e.op, e.outcome.name(), e.note)
            }
            None if c == 0 => format!("No step run yet, {len} to come."),
            None => format!("Step {c} of {len}."),
        }
    };
    let keys_id = crate::ui::controls::fresh_id("cap-keys");
    let described_by = keys_id.clone();
    view! {
        <div class="cap-body" tabindex="0" on:click=on_click on:keydown=on_key aria-describedby=described_by>
            {settings(state)}
            <div class="panel cap-play">
                <div class="cap-buttons">
                    <ReplayButtons
                        prefix="cap"
                        unit="step"
                        cursor=Signal::derive(move || state.read().cursor())
                        len=Signal::derive(move || state.read().ops.len())
                        playing=Signal::derive(move || player.playing())
                    />
                    {network_buttons(state)}
                    <p
                        class=shown(move || if refused.read().is_some() { "field-message" } else { "visually-hidden" }.to_string())
                        aria-live="polite"
                        data-testid="cap-said"
                    >
                        {shown(said)}
                    </p>
                </div>
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
                <div class="cap-ring">{ring(run)}</div>
                <div class="cap-side">
                    {node_table(run)}
                    <p class="cap-summary" inner_html=markup(move || summary_html(&state.read(), &run.read()))></p>
                </div>
            </div>
            <div class="panel cap-log-panel" inner_html=markup(move || log_html(&state.read(), &run.read()))></div>
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

/// The network actions, and undo and clear: buttons that stay the same elements as the
/// script grows (their labels and actions follow the number of nodes).
fn network_buttons(state: RwSignal<CapState>) -> impl IntoView {
    let list = |r: std::ops::RangeInclusive<usize>| r.map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let halves = move || {
        let n = state.read().nodes;
        (list(1..=n / 2), list(n / 2 + 1..=n))
    };
    view! {
        <div class="step-row" role="group" aria-label="Network">
            <button type="button" class="chip" data-testid="cap-split" data-act=shown(move || { let (a, b) = halves(); format!("split:{a}|{b}") })>
                {shown(move || { let (a, b) = halves(); format!("Split {a} | {b}") })}
            </button>
            <button type="button" class="chip" data-testid="cap-isolate" data-act=shown(move || format!("split:1|{}", list(2..=state.read().nodes)))>
                "Isolate node 1"
            </button>
            <button type="button" class="chip" data-testid="cap-heal" data-act="heal">"Heal"</button>
            <button type="button" class="chip" data-testid="cap-tick" data-act="tick">"Tick (time passes)"</button>
            <button type="button" class="chip" data-testid="cap-undo" data-act="undo" aria-disabled=shown(move || (state.read().cursor() == 0).to_string())>
                "Undo"
            </button>
            <button type="button" class="chip" data-testid="cap-clear" data-act="clear" aria-disabled=shown(move || state.read().ops.is_empty().to_string())>
                "Clear"
            </button>
        </div>
    }
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

/// The ring of replicas: links (cut ones dashed) that can be pressed to cut or mend them, and
/// nodes coloured by the side of the network they are on. Every link and node stays the same
/// element from step to step (a focused link keeps the focus); they are drawn anew only when
/// the number of nodes changes (a plain list: a keyed `<For>` would cost kilobytes here).
fn ring(run: Memo<Run>) -> impl IntoView {
    let n = Memo::new(move |_| run.read().cluster.n);
    let links = move || {
        let n = n.get();
        (0..n).flat_map(|a| (a + 1..n).map(move |b| ring_link(run, (n, a, b)))).collect_view()
    };
    view! {
        <svg viewBox="0 0 300 300" class="cap-svg" role="group" aria-label="Replicas and the links between them">
            {links}
            <g inner_html=markup(move || nodes_svg(&run.read()))></g>
        </svg>
    }
}

fn ring_link(run: Memo<Run>, (n, a, b): (usize, usize, usize)) -> impl IntoView {
    let ((x1, y1), (x2, y2)) = (node_xy(a, n), node_xy(b, n));
    let up = Memo::new(move |_| run.read().cluster.link_up(a, b));
    let label = shown(move || {
        let what = if up.get() { "works; press to cut it" } else { "is cut; press to mend it" };
        format!("Link {}–{} {what}", a + 1, b + 1)
    });
    view! {
        <g
            class=shown(move || if up.get() { "cap-link up" } else { "cap-link cut" }.to_string())
            data-act=shown(move || format!("{}:{}-{}", if up.get() { "cut" } else { "mend" }, a + 1, b + 1))
            tabindex="0"
            role="button"
            aria-label=label
            data-testid=format!("cap-link-{}-{}", a + 1, b + 1)
        >
            <title>{label}</title>
            <line x1=x1 y1=y1 x2=x2 y2=y2 class="hit" />
            <line x1=x1 y1=y1 x2=x2 y2=y2 class="wire" />
        </g>
    }
}

/// The nodes of the drawing: read-only, so one block of markup.
fn nodes_svg(run: &Run) -> Html {
    let c = &run.cluster;
    let mut h = Html::new();
    for (i, side) in c.sides().into_iter().enumerate().take(c.n) {
        let (x, y) = node_xy(i, c.n);
        let values = cap::values_text(&c.values(i));
        let shown = if values.is_empty() { "–".to_string() } else { values.replace('|', " | ") };
        let version = c.replicas[i].iter().map(|v| v.number()).max().map(|v| format!("v{v}")).unwrap_or_default();
        html!(
            h,
            r#"<g class="cap-node side-{}" data-testid="cap-node-{}" data-value="{}"><circle cx="{}" cy="{}" r="29"/><text x="{}" y="{}" class="name">N{}</text><text x="{}" y="{}" class="value">{}</text><text x="{}" y="{}" class="version">{}</text></g>"#,
            side % SIDE_COLOURS,
            i + 1,
            values,
            x,
            y,
            x,
            y - 12,
            i + 1,
            x,
            y + 5,
            shown,
            x,
            y + 19,
            version
        );
    }
    h
}

/// The text twin of the drawing: a row per node with what it holds, whom it reaches, and its
/// client's Read and Write buttons (rows and buttons stay the same elements from step to step).
fn node_table(run: Memo<Run>) -> impl IntoView {
    let n = Memo::new(move |_| run.read().cluster.n);
    let rows = move || (0..n.get()).map(|i| node_row(run, i)).collect_view();
    view! {
        <table class="cap-nodes" data-testid="cap-nodes-table">
            <caption>{shown(move || format!("Replicas ({}; a majority is {})", n.get(), run.read().cluster.majority()))}</caption>
            <thead>
                <tr>
                    <th scope="col">"Node"</th>
                    <th scope="col">"Holds"</th>
                    <th scope="col">"Reaches"</th>
                    <th scope="col">"Client"</th>
                </tr>
            </thead>
            <tbody>
                {rows}
            </tbody>
        </table>
    }
}

fn node_row(run: Memo<Run>, i: usize) -> impl IntoView {
    let holds = shown(move || {
        let values = cap::values_text(&run.read().cluster.values(i));
        if values.is_empty() { "–".to_string() } else { values.replace('|', " | ") }
    });
    let reaches = move || {
        let r = run.read();
        let c = &r.cluster;
        let reach = c.reach(i);
        let others: Vec<String> = reach.iter().filter(|&&m| m != i).map(|m| (m + 1).to_string()).collect();
        let quorum = if reach.len() >= c.majority() { "majority" } else { "minority" };
        let with = if others.is_empty() { ", alone".to_string() } else { format!(", with {}", others.join(", ")) };
        (format!("{} of {} ", reach.len(), c.n), format!("({quorum}{with})"))
    };
    view! {
        <tr>
            <th scope="row">{i + 1}</th>
            <td>{holds}</td>
            <td>{shown(move || reaches().0)} <span class="muted">{shown(move || reaches().1)}</span></td>
            <td>
                <button type="button" class="chip" data-act=format!("r{}", i + 1) data-testid=format!("cap-read-{}", i + 1)>"Read"</button>
                <button type="button" class="chip" data-act=format!("w{}", i + 1) data-testid=format!("cap-write-{}", i + 1)>"Write"</button>
            </td>
        </tr>
    }
}

/// The summary under the node table: how long requests wait in this mode, the latest
/// acknowledged write, messages in flight and lost writes.
fn summary_html(s: &CapState, run: &Run) -> Html {
    let c = &run.cluster;
    let latency = match s.mode {
        Mode::Cp => format!("CP: every read and write waits a round trip to a majority, {} ticks.", 2 * c.lag),
        Mode::Ap => format!(
            "AP: every request is answered at once (0 ticks); copies reach the other nodes {} tick{} later.",
            c.lag,
            if c.lag == 1 { "" } else { "s" }
        ),
    };
    let mut h = html!("{} ", latency);
    match &c.latest {
        Some(v) => html!(
            h,
            r#"Latest acknowledged write: <strong data-testid="cap-latest" data-value="{}">{}</strong> (at node {})."#,
            v.value,
            v.value,
            v.node + 1
        ),
        None => html!(h, "Nothing written yet."),
    }
    if c.pending() > 0 {
        html!(h, " {} message(s) in flight.", c.pending());
    }
    if !c.lost.is_empty() {
        let lost: Vec<String> = c.lost.iter().map(|v| v.value.to_string()).collect();
        let lost = lost.join("|");
        html!(h, r#" <span class="bad" data-testid="cap-lost" data-value="{}">Lost writes: {}.</span>"#, lost, lost);
    }
    h
}

/// The log: steps that ran, with outcome, value, latency and events; then the steps to come.
fn log_html(s: &CapState, run: &Run) -> Html {
    let mut h = html!(r#"<h3 class="cap-log-title">Log</h3>"#);
    if s.ops.is_empty() {
        html!(h, r#"<p class="muted">Nothing has happened yet: press Read or Write beside a node, cut a link, or pick a scenario.</p>"#);
    }
    html!(h, r#"<ol class="cap-log" data-testid="cap-log">"#);
    let mut entries = run.entries.iter().peekable();
    let mut skipped = run.skipped.iter().peekable();
    let cursor = s.cursor();
    for (i, op) in s.ops.iter().enumerate() {
        let here = if i + 1 == cursor { html!(r#" aria-current="step""#) } else { Html::new() };
        if let Some((_, why)) = skipped.next_if(|(j, _)| *j == i) {
            html!(h, r#"<li class="skipped" data-act="at:{}"{}><code>{}</code> skipped: {}</li>"#, i + 1, here, op, why);
            continue;
        }
        let Some((_, e)) = entries.next_if(|(j, _)| *j == i) else {
            html!(
                h,
                r#"<li class="future" data-testid="cap-next" data-act="at:{}"><code>{}</code> <span class="muted">not yet run</span></li>"#,
                i + 1,
                op
            );
            continue;
        };
        let outcome = e.outcome.name();
        let value = e.value_text();
        let label = match (e.op.is_client(), e.outcome) {
            (false, _) => Html::new(),
            (true, o) => html!(r#"<span class="tag {}">{}</span> "#, o.name(), o.name()),
        };
        let shown = match (&e.op, value.is_empty()) {
            (Op::Read { .. }, true) if e.outcome != Outcome::Error => html!(" → (nothing)"),
            (Op::Read { .. }, false) => html!(" → <strong>{}</strong>", value.replace('|', " | ")),
            _ => Html::new(),
        };
        let wait = if e.op.is_client() {
            html!(r#" <span class="muted">{} tick{}</span>"#, e.latency, if e.latency == 1 { "" } else { "s" })
        } else {
            Html::new()
        };
        html!(
            h,
            r#"<li class="ran {}" data-testid="cap-op" data-outcome="{}" data-value="{}" data-act="at:{}"{}><code>{}</code>{} {}{}<div class="note">{}</div>"#,
            outcome,
            outcome,
            value,
            i + 1,
            here,
            e.op,
            shown,
            label,
            wait,
            e.note
        );
        if !e.events.is_empty() {
            html!(h, r#"<ul class="events">"#);
            for ev in &e.events {
                if matches!(ev, cap::Event::Lost { .. }) {
                    html!(h, r#"<li class="bad">{}</li>"#, ev);
                } else {
                    html!(h, "<li>{}</li>", ev);
                }
            }
            html!(h, "</ul>");
        }
        html!(h, "</li>");
    }
    html!(h, "</ol>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::well_formed;

    /// Three nodes; node 1 writes 7, is cut off from both others and reads (refused), then node
    /// 2 reads; the cursor is one step back from the end.
    fn cut_off() -> CapState {
        let mut s = CapState { nodes: 3, ..CapState::default() };
        for code in ["w1", "cut:1-2", "cut:1-3", "r1", "r2"] {
            s.apply(Action::parse(code, 7).unwrap()).unwrap();
        }
        s.apply(Action::Move(Move::Back)).unwrap();
        s
    }

    #[test]
    fn the_log_shows_each_step_that_ran_the_cursor_and_the_step_to_come() {
        let s = cut_off();
        let h = log_html(&s, &cap::run(&s));
        let h = h.as_str();
        well_formed(h).unwrap();
        assert_eq!(h.matches(r#"data-testid="cap-op""#).count(), 4);
        assert!(h.contains(r#"<li class="ran ok" data-testid="cap-op" data-outcome="ok" data-value="7" data-act="at:1"><code>w1:7</code>"#), "{h}");
        assert!(h.contains(r#"data-outcome="error" data-value="" data-act="at:4" aria-current="step"><code>r1</code>"#), "{h}");
        assert!(h.contains(r#"<li class="future" data-testid="cap-next" data-act="at:5"><code>r2</code>"#), "{h}");
        assert_eq!(h.matches("aria-current").count(), 1);
    }

    #[test]
    fn the_summary_and_the_drawing_show_the_cluster() {
        let s = cut_off();
        let run = cap::run(&s);
        let summary = summary_html(&s, &run);
        well_formed(summary.as_str()).unwrap();
        assert!(summary.as_str().contains(r#"<strong data-testid="cap-latest" data-value="7">7</strong> (at node 1)"#));
        assert!(summary.as_str().starts_with("CP: every read and write waits a round trip to a majority, 2 ticks."));
        let nodes = nodes_svg(&run);
        well_formed(nodes.as_str()).unwrap();
        assert_eq!(nodes.as_str().matches("<g class=\"cap-node").count(), 3);
        // The write reached every node before the cuts; node 1 is then on a side of its own.
        assert!(nodes.as_str().contains(r#"<g class="cap-node side-0" data-testid="cap-node-1" data-value="7"><circle cx="150" cy="42" r="29"/><text x="150" y="30" class="name">N1</text><text x="150" y="47" class="value">7</text><text x="150" y="61" class="version">v1</text></g>"#));
        assert!(nodes.as_str().contains(r#"<g class="cap-node side-1" data-testid="cap-node-2" data-value="7">"#));
        assert!(nodes.as_str().contains(r#"<g class="cap-node side-1" data-testid="cap-node-3" data-value="7">"#));
    }
}
