//! `<DeliveryWidget/>`: messages from a producer through a broker to a consumer that may crash
//! and lose acknowledgements, stepped one event at a time, over [`crate::model::delivery`]. A
//! diagram (the three parties, the step that just happened, each message's fate so far) and
//! its text twin: the figures, a table of the messages and the log of steps.

use leptos::prelude::*;

use super::StateSink;
use crate::html;
use crate::html::Html;
use crate::model::delivery::{self, Actor, DeliveryState, Kind, Preset, Semantics, Step, Tally};
use crate::model::replay::{self, Move};
use crate::model::widget::UrlState;
use crate::ui::controls::{Choice, TextField, key_field, markup, options_html, scenario_menu, shown};
use crate::ui::stepper::{Player, ReplayButtons, acted, key_act};

island!(delivery, DeliveryState, DeliveryWidget);

/// The text fields: label, unit, test id, key, input mode.
const FIELDS: [(&str, &str, &str, &str, &str); 4] = [
    ("Messages", "", "delivery-messages-input", "messages", "numeric"),
    ("Consumer crashes at message", "", "delivery-crash-input", "crash_at", "text"),
    ("Chance an acknowledgement is lost", "0–1", "delivery-loss-input", "ack_loss", "decimal"),
    ("Seed", "", "delivery-seed-input", "seed", "numeric"),
];

/// A changed setting replays the whole run (the figures show its end).
fn to_end(s: &mut DeliveryState) {
    s.step = None;
}

/// The delivery stepper.
#[component]
pub fn DeliveryWidget(
    /// Preset parameters (a lesson directive's or the URL's); bad ones are ignored.
    params: Vec<(String, String)>,
    /// Receives the widget's state as a query string.
    sink: StateSink,
) -> impl IntoView {
    let (initial, _) = DeliveryState::from_query(&params);
    let texts = FIELDS.map(|(_, _, _, key, _)| RwSignal::new(initial.get(key)));
    let state = RwSignal::new(initial);
    sink.provide(Signal::derive(move || state.read().query_string()));
    let log = Memo::new(move |_| delivery::run(&state.read()));
    let cursor = Memo::new(move |_| state.read().cursor(log.read().len()));
    let tally = Memo::new(move |_| delivery::tally(state.read().messages, &log.read(), cursor.get()));
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
    let (scenarios, pick) = scenario_menu(
        state,
        "(your own settings)",
        Preset::ALL.map(|p| (p.name(), p.label())),
        texts,
        FIELDS.map(|(_, _, _, key, _)| key),
    );
    let pick = Callback::new(move |name: String| {
        player.stop();
        pick.run(name);
    });
    let fields = texts
        .into_iter()
        .zip(FIELDS)
        .map(|(text, (label, unit, testid, key, inputmode))| {
            let apply = key_field(state, key, to_end);
            view! { <TextField label unit text apply testid inputmode /> }
        })
        .collect_view();
    let semantics = Memo::new(move |_| {
        let list = [
            ("at-most-once", "at-most-once (acknowledge, then process)"),
            ("at-least-once", "at-least-once (process, then acknowledge)"),
            ("exactly-once", "exactly-once (at-least-once + idempotent consumer)"),
        ];
        options_html(list, state.read().semantics.name())
    });
    // The semantics keep the moment (at most the new run's length), so the runs compare.
    let choose = Callback::new(move |value: String| {
        player.stop();
        state.update(|s| {
            let _ = s.set("semantics", &value);
        });
    });
    let said = move || spoken(&log.read(), &tally.read(), cursor.get());
    view! {
        <div class="delivery-body" tabindex="0" on:click=on_click on:keydown=on_key>
            <div class="panel panel-row delivery-settings">
                <Choice label="Scenario" testid="delivery-preset-select" options=scenarios choose=pick />
                <Choice label="Semantics" testid="delivery-semantics-select" options=semantics choose=choose />
                {fields}
            </div>
            <p class="delivery-rule" data-testid="delivery-rule">
                {shown(move || rule(&state.read()))}
            </p>
            <div
                class="panel delivery-figures"
                inner_html=markup(move || figures_html(&tally.read(), cursor.get() >= log.read().len()))
            ></div>
            <div class="panel delivery-play">
                <ReplayButtons
                    prefix="delivery"
                    unit="step"
                    cursor=Signal::derive(move || cursor.get())
                    len=Signal::derive(move || log.read().len())
                    playing=Signal::derive(move || player.playing())
                />
                <p class="visually-hidden" aria-live="polite" data-testid="delivery-said">{shown(said)}</p>
            </div>
            <div
                class="delivery-stage"
                role="group"
                tabindex="0"
                data-scrolls=""
                aria-label="Diagram: producer, broker and consumer"
                inner_html=markup(move || diagram_svg(&state.read(), &log.read(), &tally.read(), cursor.get()))
            ></div>
            <div
                class="panel delivery-side"
                role="group"
                tabindex="0"
                data-scrolls=""
                aria-label="Messages and steps"
                inner_html=markup(move || side_html(&log.read(), &tally.read(), cursor.get()))
            ></div>
            <p class="step-keys">"Keys: → or Page Down shows the next step, ← or Page Up the one before."</p>
        </div>
    }
}

/// The rule of the chosen semantics, and where the crash falls.
fn rule(s: &DeliveryState) -> String {
    let crash = match (s.crash_at, s.crash()) {
        (None, _) => " No crash.".to_string(),
        (Some(k), None) => format!(" The crash at message {k} is beyond the last message: no crash."),
        (Some(_), Some(_)) => String::new(),
    };
    format!(
        "{}{} The broker delivers a message at most {} times, then sets it aside.",
        s.semantics.rule(),
        crash,
        delivery::MAX_DELIVERIES
    )
}

/// The figures so far, each with its test id and exact value.
fn figures_html(t: &Tally, at_end: bool) -> Html {
    let mut h = html!(
        r#"<p class="delivery-when">{}</p><dl class="readouts">"#,
        if at_end { "At the end of the run:" } else { "So far:" }
    );
    for (id, label, value) in [
        ("processed", "Processed (effect applied)", t.processed),
        ("lost", "Lost (never applied)", t.lost),
        ("duplicates", "Effects applied again", t.duplicates),
        ("redelivered", "Delivered again", t.redelivered),
        ("skipped", "Copies skipped", t.skipped),
    ] {
        html!(
            h,
            r#"<div class="readout {}"><dt>{}</dt><dd data-testid="delivery-{}" data-value="{}">{}</dd></div>"#,
            id,
            label,
            id,
            value,
            value
        );
    }
    html!(h, "</dl>");
    h
}

/// The one sentence a screen reader hears after each move: the step that just happened.
fn spoken(log: &[Step], t: &Tally, at: usize) -> String {
    match at.checked_sub(1).and_then(|i| log.get(i)) {
        Some(st) => format!(
            "Step {} of {}: {} {}. {} processed, {} lost, {} applied again.",
            at,
            log.len(),
            st.from.name(),
            st.text,
            t.processed,
            t.lost,
            t.duplicates
        ),
        None => format!("No step yet; {} to come.", log.len()),
    }
}

const BOX_W: i32 = 120;
const BOX_H: i32 = 64;
const TOP: i32 = 24;

fn box_x(a: Actor) -> i32 {
    match a {
        Actor::Producer => 10,
        Actor::Broker => 190,
        Actor::Consumer => 370,
    }
}

/// A message's class at this moment: not yet published, waiting or in flight, applied once or
/// more, or lost.
fn chip_class(t: &Tally, i: usize) -> &'static str {
    if i >= t.published {
        "future"
    } else if t.gone[i] {
        "lost"
    } else {
        match t.applied[i] {
            0 => "waiting",
            1 => "once",
            _ => "twice",
        }
    }
}

/// The three parties, the step that just happened, and a chip per message.
fn diagram_svg(s: &DeliveryState, log: &[Step], t: &Tally, at: usize) -> Html {
    let current = at.checked_sub(1).and_then(|i| log.get(i));
    let n = t.applied.len();
    let chips_y = TOP + BOX_H + 76;
    let height = chips_y + 44;
    let mut h = html!(
        r#"<svg viewBox="0 0 500 {}" class="delivery-svg" role="img" aria-label="Producer, broker and consumer; step {} of {}"><defs><marker id="delivery-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" class="head"/></marker></defs>"#,
        height,
        at,
        log.len()
    );
    let applied: usize = t.applied.iter().sum();
    let consumer_line = if s.semantics == Semantics::ExactlyOnce {
        format!("{} ids stored", t.processed)
    } else {
        format!("{applied} effects")
    };
    let waiting = t.published.saturating_sub(t.processed + t.lost);
    for (actor, second) in [
        (Actor::Producer, format!("{} published", t.published)),
        (Actor::Broker, format!("{waiting} unacknowledged")),
        (Actor::Consumer, consumer_line),
    ] {
        let active = current.is_some_and(|st| st.from == actor || st.to == actor);
        let crashed = current.is_some_and(|st| st.kind == Kind::Crash) && actor == Actor::Consumer;
        let class = if crashed {
            "party crashed"
        } else if active {
            "party active"
        } else {
            "party"
        };
        let x = box_x(actor);
        html!(
            h,
            r#"<g class="{}"><rect x="{}" y="{}" width="{}" height="{}" rx="8"/><text x="{}" y="{}" class="name">{}</text><text x="{}" y="{}" class="sub">{}</text></g>"#,
            class,
            x,
            TOP,
            BOX_W,
            BOX_H,
            x + BOX_W / 2,
            TOP + 26,
            actor.name(),
            x + BOX_W / 2,
            TOP + 46,
            second
        );
    }
    // The arrows: publish and deliver above the middle, acknowledgements below.
    let arrows = [
        (Actor::Producer, Actor::Broker, TOP + 22, "publish"),
        (Actor::Broker, Actor::Consumer, TOP + 22, "deliver"),
        (Actor::Consumer, Actor::Broker, TOP + 44, "ack"),
    ];
    for (from, to, y, class) in arrows {
        let lit = current.is_some_and(|st| st.from == from && st.to == to);
        let (x1, x2) = if from == Actor::Consumer {
            (box_x(from) - 4, box_x(to) + BOX_W + 4)
        } else {
            (box_x(from) + BOX_W + 4, box_x(to) - 4)
        };
        let kind = current.filter(|_| lit).map_or("", |st| st.kind.name());
        html!(
            h,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" class="arrow {}{}k-{}" marker-end="url(#delivery-arrow)"/>"#,
            x1,
            y,
            x2,
            y,
            class,
            if lit { " lit " } else { " " },
            kind
        );
    }
    // The step, in words, under the parties.
    if let Some(st) = current {
        html!(
            h,
            r#"<text x="250" y="{}" class="now k-{}">{}. Message {}: {}</text>"#,
            TOP + BOX_H + 30,
            st.kind.name(),
            at,
            st.message,
            short(&st.kind_label())
        );
    } else {
        html!(h, r#"<text x="250" y="{}" class="now">Press Step to begin</text>"#, TOP + BOX_H + 30);
    }
    // One chip per message.
    let gap = if n > 10 { 24 } else { 46 };
    let left = 250 - (gap * n as i32) / 2;
    html!(h, r#"<text x="10" y="{}" class="legend">Messages</text>"#, chips_y - 12);
    for i in 0..n {
        let x = left + gap * i as i32;
        let class = chip_class(t, i);
        html!(
            h,
            r#"<g class="chip-m {}"><rect x="{}" y="{}" width="{}" height="24" rx="5"/><text x="{}" y="{}">{}</text></g>"#,
            class,
            x + 2,
            chips_y,
            gap - 4,
            x + gap / 2,
            chips_y + 16,
            i + 1
        );
    }
    html!(h, "</svg>");
    h
}

/// A short label of a step for the drawing.
trait KindLabel {
    fn kind_label(&self) -> String;
}

impl KindLabel for Step {
    fn kind_label(&self) -> String {
        match self.kind {
            Kind::Publish => "published",
            Kind::Deliver => "delivered",
            Kind::Redeliver => "delivered again",
            Kind::Apply => "effect applied",
            Kind::Repeat => "effect applied again (duplicate)",
            Kind::Skip => "id known: copy skipped",
            Kind::Ack => "acknowledged",
            Kind::AckLost => "acknowledgement lost",
            Kind::Crash => "the consumer crashes",
            Kind::Lost => "lost for good",
            Kind::DeadLetter => "set aside (dead letters)",
        }
        .to_string()
    }
}

/// A label short enough for the drawing.
fn short(text: &str) -> String {
    const MAX: usize = 48;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX - 1).collect();
    format!("{}…", cut.trim_end())
}

/// The text twin: each message's deliveries, effects and fate so far; the log of steps.
fn side_html(log: &[Step], t: &Tally, at: usize) -> Html {
    let mut h = html!(
        r#"<table class="delivery-messages" data-testid="delivery-table"><caption>Messages so far</caption><thead><tr><th scope="col">Message</th><th scope="col">Deliveries</th><th scope="col">Effects applied</th><th scope="col">Fate</th></tr></thead><tbody>"#
    );
    for i in 0..t.applied.len() {
        let fate = if i >= t.published {
            "not published yet".to_string()
        } else if t.deliveries[i] == 0 {
            "waiting in the broker".to_string()
        } else if t.gone[i] {
            "lost".to_string()
        } else {
            match t.applied[i] {
                0 => "being processed".to_string(),
                1 => "applied once".to_string(),
                a => format!("applied {a} times"),
            }
        };
        html!(
            h,
            r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td data-testid="delivery-fate-{}">{}</td></tr>"#,
            i + 1,
            t.deliveries[i],
            t.applied[i],
            i + 1,
            fate
        );
    }
    html!(h, "</tbody></table>");
    html!(h, r#"<h3 class="delivery-log-title">Steps</h3><ol class="delivery-log" data-testid="delivery-log">"#);
    for (i, st) in log.iter().enumerate() {
        let here = if i + 1 == at { html!(r#" aria-current="step""#) } else { Html::new() };
        let future = if i >= at { " future" } else { "" };
        html!(
            h,
            r#"<li class="k-{}{}" data-act="at:{}"{}><span class="who">{}</span> {}</li>"#,
            st.kind.name(),
            future,
            i + 1,
            here,
            who(st),
            st.text
        );
    }
    html!(h, "</ol>");
    h
}

/// Who acts: `Broker → Consumer`, or one party for something done in place.
fn who(st: &Step) -> String {
    if st.from == st.to { st.from.name().to_string() } else { format!("{} → {}", st.from.name(), st.to.name()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::well_formed;

    fn at_end(query: &[(&str, &str)]) -> (DeliveryState, Vec<Step>, Tally) {
        let (s, problems) = DeliveryState::from_query(query);
        assert!(problems.is_empty());
        let log = delivery::run(&s);
        let t = delivery::tally(s.messages, &log, log.len());
        (s, log, t)
    }

    #[test]
    fn the_figures_the_table_and_the_drawing_agree() {
        // At-most-once, 10 messages, crash at 4: 9 processed, message 4 lost.
        let (s, log, t) = at_end(&[("preset", "at-most-once-crash")]);
        let fig = figures_html(&t, true);
        well_formed(fig.as_str()).unwrap();
        assert!(fig.as_str().contains(r#"data-testid="delivery-processed" data-value="9""#));
        assert!(fig.as_str().contains(r#"data-testid="delivery-lost" data-value="1""#));
        let side = side_html(&log, &t, log.len());
        well_formed(side.as_str()).unwrap();
        assert!(side.as_str().contains(r#"data-testid="delivery-fate-4">lost<"#));
        assert!(side.as_str().contains(r#"data-testid="delivery-fate-5">applied once<"#));
        assert_eq!(side.as_str().matches("<li ").count(), 41);
        let svg = diagram_svg(&s, &log, &t, log.len());
        well_formed(svg.as_str()).unwrap();
        assert_eq!(svg.as_str().matches("chip-m lost").count(), 1);
        assert_eq!(svg.as_str().matches("chip-m once").count(), 9);
    }

    #[test]
    fn a_duplicate_shows_as_applied_twice() {
        let (s, log, t) = at_end(&[]);
        let side = side_html(&log, &t, log.len());
        assert!(side.as_str().contains(r#"data-testid="delivery-fate-4">applied 2 times<"#));
        let svg = diagram_svg(&s, &log, &t, log.len());
        assert_eq!(svg.as_str().matches("chip-m twice").count(), 1);
        // Midway through message 4 (after its publish, deliver, apply, crash: step 16), 4 is
        // applied once and nothing is lost.
        let mid = delivery::tally(10, &log, 16);
        assert_eq!(chip_class(&mid, 3), "once");
        assert_eq!(chip_class(&mid, 4), "future");
        assert!(spoken(&log, &mid, 16).starts_with("Step 16 of 43: Consumer crashes before acknowledging message 4"));
    }
}
