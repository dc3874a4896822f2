//! `<SagaWidget/>`: a distributed transaction as a sequence diagram, one lane per service and
//! one for the orchestrator or broker, revealed message by message, over
//! [`crate::model::saga`].

use leptos::prelude::*;

use super::StateSink;
use crate::model::widget::UrlState;
use crate::model::saga::{self, Flow, Lane, Message, Mode, SagaState, Snapshot, Status};
use crate::html;
use crate::html::Html;
use crate::ui::controls::{Choice, markup, options_html, shown};
use crate::model::replay::{self, Move};
use crate::ui::stepper::{Player, ReplayButtons, acted, key_act};

island!(saga, SagaState, SagaWidget);

/// The saga stepper.
#[component]
pub fn SagaWidget(
    /// Preset parameters (a lesson directive's or the URL's); bad ones are ignored.
    params: Vec<(String, String)>,
    /// Receives the widget's state as a query string.
    sink: StateSink,
) -> impl IntoView {
    let (initial, _) = SagaState::from_query(&params);
    let state = RwSignal::new(initial);
    sink.provide(Signal::derive(move || state.read().query_string()));
    let log = Memo::new(move |_| saga::messages(&state.read()));
    let snap = Memo::new(move |_| {
        let (log, s) = (log.read(), state.read());
        saga::snapshot(s.flow.services().len(), &log, s.cursor(log.len()))
    });
    let player = Player::new();
    let total = move || log.with_untracked(Vec::len);
    let step = move || {
        let len = total();
        let mut more = false;
        state.update(|s| {
            s.step = replay::moved(s.step, len, Move::Step);
            more = s.step.is_some();
        });
        more
    };
    let act = move |code: &str| {
        if code == "play" {
            if !player.playing() && state.with_untracked(|s| s.step.is_none()) {
                state.update(|s| s.step = Some(0));
            }
            player.toggle(step);
        } else if let Some(m) = Move::parse(code) {
            player.stop();
            let len = total();
            state.update(|s| s.step = replay::moved(s.step, len, m));
        }
    };
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
    // A changed setting replays from the start, except the mode, which keeps the moment
    // (at most the new run's length) so the two can be compared.
    let set = move |key: &'static str| {
        Callback::new(move |value: String| {
            player.stop();
            state.update(|s| {
                if s.set(key, &value).is_ok() && key != "mode" {
                    s.step = Some(0);
                }
            });
        })
    };
    let flows =
        Memo::new(move |_| options_html(Flow::ALL.iter().map(|f| (f.name(), f.label())), state.read().flow.name()));
    let modes = Memo::new(move |_| {
        let list = [
            ("orchestration", "orchestration (commands and replies)"),
            ("choreography", "choreography (events on a broker)"),
        ];
        options_html(list, state.read().mode.name())
    });
    // The step pickers' options depend on the flow.
    let steps = move |pick: fn(&SagaState) -> Option<usize>, none: &'static str| {
        Memo::new(move |_| {
            let s = state.read();
            let names: Vec<(String, String)> = std::iter::once(("none".to_string(), none.to_string()))
                .chain(
                    s.flow
                        .services()
                        .iter()
                        .enumerate()
                        .map(|(k, svc)| ((k + 1).to_string(), format!("{}. {}", k + 1, svc.name))),
                )
                .collect();
            let current = pick(&s).map_or("none".to_string(), |k| (k + 1).to_string());
            options_html(names.iter().map(|(v, t)| (v.as_str(), t.as_str())), &current)
        })
    };
    // The one sentence a screen reader hears after each move: the message that just happened.
    let said = move || {
        let (s, log, snap) = (state.read(), log.read(), snap.read());
        match snap.messages.checked_sub(1).and_then(|i| log.get(i)) {
            Some(m) => format!(
                "Message {} of {}: {} to {}: {}. Saga {}.",
                snap.messages,
                snap.total,
                m.from.name(s.flow, s.mode),
                m.to.name(s.flow, s.mode),
                m.text,
                snap.outcome.name()
            ),
            None => format!("No message yet, {} to come.", snap.total),
        }
    };
    view! {
        <div class="saga-body" tabindex="0" on:click=on_click on:keydown=on_key>
            <div class="panel panel-row saga-settings">
                <Choice label="Saga" testid="saga-flow-select" options=flows choose=set("flow") />
                <Choice label="Coordination" testid="saga-mode-select" options=modes choose=set("mode") />
                <Choice label="Failure" testid="saga-fail-select" options=steps(|s| s.fail, "none: every step succeeds") choose=set("fail") />
                <Choice label="A compensation fails once" testid="saga-undo-fails-select" options=steps(|s| s.undo_fails, "none") choose=set("undo_fails") />
                <Choice label="A message arrives twice" testid="saga-duplicate-select" options=steps(|s| s.duplicate, "none") choose=set("duplicate") />
            </div>
            <div class="panel saga-play">
                <ReplayButtons
                    prefix="saga"
                    unit="message"
                    cursor=Signal::derive(move || snap.read().messages)
                    len=Signal::derive(move || snap.read().total)
                    playing=Signal::derive(move || player.playing())
                />
                <p class="visually-hidden" aria-live="polite" data-testid="saga-said">{shown(said)}</p>
            </div>
            // Each scrolls sideways on a phone: a named Tab stop where ← and → scroll.
            <div
                class="saga-stage"
                role="group"
                tabindex="0"
                data-scrolls=""
                aria-label="Sequence diagram"
                inner_html=markup(move || diagram_svg(&state.read(), &log.read(), &snap.read()))
            ></div>
            <div
                class="panel saga-side"
                role="group"
                tabindex="0"
                data-scrolls=""
                aria-label="Services and messages"
                inner_html=markup(move || side_html(&state.read(), &log.read(), &snap.read()))
            ></div>
            <p class="step-keys">"Keys: → or Page Down shows the next message, ← or Page Up the one before."</p>
        </div>
    }
}

const LANE_GAP: i32 = 104;
const ROW: i32 = 30;
const TOP: i32 = 64;

fn lane_x(lane: Lane) -> i32 {
    match lane {
        Lane::Hub => 56,
        Lane::Service(k) => 56 + LANE_GAP * (k as i32 + 1),
    }
}

/// The sequence diagram: lanes with their status, and the messages that have happened.
fn diagram_svg(s: &SagaState, log: &[Message], snap: &Snapshot) -> Html {
    let services = s.flow.services();
    let lanes = services.len() as i32 + 1;
    let width = 56 * 2 + LANE_GAP * (lanes - 1);
    let height = TOP + ROW * log.len() as i32 + 16;
    let mut h = html!(
        r#"<svg viewBox="0 0 {} {}" class="saga-svg" role="img" aria-label="Sequence diagram: {} messages of {} shown"><defs><marker id="saga-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" class="head"/></marker></defs>"#,
        width,
        height,
        snap.messages,
        snap.total
    );
    let mut lane = |x: i32, name: &str, status: Option<Status>| {
        html!(
            h,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" class="life"/><text x="{}" y="18" class="lane">{}</text>"#,
            x,
            TOP - 22,
            x,
            height - 6,
            x,
            name
        );
        if let Some(st) = status {
            html!(
                h,
                r#"<rect x="{}" y="28" width="84" height="16" rx="8" class="st {}"/><text x="{}" y="40" class="st-text">{}</text>"#,
                x - 42,
                st.name(),
                x,
                st.name()
            );
        } else {
            html!(h, r#"<rect x="{}" y="28" width="84" height="16" rx="8" class="st hub"/>"#, x - 42);
        }
    };
    lane(lane_x(Lane::Hub), s.mode.hub(), None);
    for (k, svc) in services.iter().enumerate() {
        lane(lane_x(Lane::Service(k)), svc.name, snap.statuses.get(k).copied());
    }
    for (i, m) in log.iter().take(snap.messages).enumerate() {
        let y = TOP + ROW * i as i32 + 14;
        let (x1, x2) = (lane_x(m.from), lane_x(m.to));
        let (a, b) = if x1 < x2 { (x1 + 4, x2 - 4) } else { (x1 - 4, x2 + 4) };
        let class = m.kind.name();
        let current = if i + 1 == snap.messages { " current" } else { "" };
        html!(
            h,
            r#"<g class="msg {}{}"><line x1="{}" y1="{}" x2="{}" y2="{}" marker-end="url(#saga-arrow)"/><text x="{}" y="{}">{}. {}</text></g>"#,
            class,
            current,
            a,
            y,
            b,
            y,
            x1.min(x2) + 8,
            y - 5,
            i + 1,
            short(&m.text)
        );
    }
    html!(h, "</svg>");
    h
}

/// A label short enough for the drawing (the log below has the whole text).
fn short(text: &str) -> String {
    const MAX: usize = 44;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX - 1).collect();
    format!("{}…", cut.trim_end())
}

/// The text twin: the services with their transactions, compensations and status; the
/// outcome and message count; the log of messages so far.
fn side_html(s: &SagaState, log: &[Message], snap: &Snapshot) -> Html {
    let services = s.flow.services();
    let mut h = html!(
        r#"<p class="saga-summary">Saga: <strong data-testid="saga-outcome" data-value="{}">{}</strong>. Messages so far: <strong data-testid="saga-messages" data-value="{}">{}</strong> of {} ({}).</p>"#,
        snap.outcome.name(),
        snap.outcome.name(),
        snap.messages,
        snap.messages,
        snap.total,
        match s.mode {
            Mode::Orchestration => "a command and a reply per step and per compensation",
            Mode::Choreography => "one event per step and per compensation",
        }
    );
    html!(h, r#"<table class="saga-services" data-testid="saga-table"><caption>Services, in order</caption><thead><tr><th scope="col">Step</th><th scope="col">Service</th><th scope="col">Local transaction</th><th scope="col">Compensation</th><th scope="col">Status</th></tr></thead><tbody>"#);
    for (k, svc) in services.iter().enumerate() {
        let status = snap.statuses.get(k).copied().unwrap_or_default();
        let (step, st) = (k + 1, status.name());
        html!(
            h,
            r#"<tr><td>{}</td><th scope="row">{}</th><td>{}</td><td>{}</td><td><span class="status {}" data-testid="saga-status-{}" data-value="{}">{}</span></td></tr>"#,
            step,
            svc.name,
            svc.work,
            svc.undo,
            st,
            step,
            st,
            st
        );
    }
    html!(h, "</tbody></table>");
    html!(h, r#"<h3 class="saga-log-title">Messages</h3><ol class="saga-log" data-testid="saga-log">"#);
    for (i, m) in log.iter().enumerate() {
        let here = if i + 1 == snap.messages { html!(r#" aria-current="step""#) } else { Html::new() };
        let future = if i >= snap.messages { " future" } else { "" };
        html!(
            h,
            r#"<li class="{}{}" data-act="at:{}"{}><span class="who">{} → {}</span> {}</li>"#,
            m.kind.name(),
            future,
            i + 1,
            here,
            m.from.name(s.flow, s.mode),
            m.to.name(s.flow, s.mode),
            m.text
        );
    }
    html!(h, "</ol>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::well_formed;

    #[test]
    fn the_diagram_and_the_table_show_the_moment_of_the_run() {
        // Checkout failing at its fifth step, played to the end: the four steps before it are
        // compensated, the last two never ran.
        let (s, _) = SagaState::from_query(&[("flow", "checkout"), ("fail", "5"), ("step", "end")]);
        let log = saga::messages(&s);
        let snap = saga::snapshot(s.flow.services().len(), &log, s.cursor(log.len()));
        let side = side_html(&s, &log, &snap);
        well_formed(side.as_str()).unwrap();
        let statuses: Vec<&str> =
            side.as_str().split("data-testid=\"saga-status-").skip(1).map(|r| r.split('"').nth(2).unwrap_or("")).collect();
        assert_eq!(statuses, ["compensated", "compensated", "compensated", "compensated", "failed", "pending", "pending"]);
        assert!(side.as_str().contains(r#"<strong data-testid="saga-messages" data-value="18">18</strong> of 18"#));
        let svg = diagram_svg(&s, &log, &snap);
        well_formed(svg.as_str()).unwrap();
        assert_eq!(svg.as_str().matches("<g class=\"msg").count(), 18);
        assert_eq!(svg.as_str().matches(" current\"").count(), 1, "the last message is the current one");
    }
}
