//! `<DnsWidget/>`: lookups of one name stepped message by message through the stub resolver,
//! the recursive resolver and its cache, a root server, a TLD server and the authoritative
//! server, over [`crate::model::dns`]. A sequence diagram of the current lookup, and its text
//! twin: the lookups' figures, the resolver's cache at that moment, and the log of messages.

use leptos::prelude::*;

use super::StateSink;
use crate::html;
use crate::html::Html;
use crate::model::dns::{DnsState, Party, Record, Run};
use crate::model::replay::{self, Move};
use crate::model::units::{data_value, grouped, trim};
use crate::model::widget::UrlState;
use crate::ui::controls::{Choice, TextField, key_field, markup, options_html, shown};
use crate::ui::stepper::{Player, ReplayButtons, acted, key_act};

island!(dns, DnsState, DnsWidget);

/// The text fields: label, unit, test id, key, input mode.
const FIELDS: [(&str, &str, &str, &str, &str); 4] = [
    ("Name", "", "dns-name-input", "name", "url"),
    ("A record TTL", "s", "dns-ttl-input", "ttl", "numeric"),
    ("Lookups at", "s", "dns-at-input", "at", "text"),
    ("Round trips", "ms", "dns-hop-input", "hop_ms", "text"),
];

/// A changed setting replays from the start.
fn restart(s: &mut DnsState) {
    s.step = Some(0);
}

/// The DNS stepper.
#[component]
pub fn DnsWidget(
    /// Preset parameters (a lesson directive's or the URL's); bad ones are ignored.
    params: Vec<(String, String)>,
    /// Receives the widget's state as a query string.
    sink: StateSink,
) -> impl IntoView {
    let (initial, _) = DnsState::from_query(&params);
    let texts = FIELDS.map(|(_, _, _, key, _)| RwSignal::new(initial.get(key)));
    let state = RwSignal::new(initial);
    sink.provide(Signal::derive(move || state.read().query_string()));
    let run = Memo::new(move |_| state.read().run());
    let cursor = Memo::new(move |_| state.read().cursor(run.read().messages.len()));
    let player = Player::new();
    let total = move || run.with_untracked(|r| r.messages.len());
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
                state.update(restart);
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
    let fields = texts
        .into_iter()
        .zip(FIELDS)
        .map(|(text, (label, unit, testid, key, inputmode))| {
            let apply = key_field(state, key, restart);
            view! { <TextField label unit text apply testid inputmode /> }
        })
        .collect_view();
    let warm = Memo::new(move |_| {
        let s = state.read();
        let tld = format!("the root's .{} referral", s.tld());
        options_html([("none", "nothing (a cold resolver)"), ("tld", tld.as_str())], s.warm.name())
    });
    let choose_warm = Callback::new(move |value: String| {
        player.stop();
        state.update(|s| {
            if s.set("warm", &value).is_ok() {
                restart(s);
            }
        });
    });
    let said = move || spoken(&state.read(), &run.read(), cursor.get());
    view! {
        <div class="dns-body" tabindex="0" on:click=on_click on:keydown=on_key>
            <div class="panel panel-row dns-settings">
                {fields}
                <Choice label="Already cached at 0 s (other users' lookups)" testid="dns-warm-select" options=warm choose=choose_warm />
            </div>
            <p class="dns-model">
                "Round trips: one number for every leg, or four: stub to resolver, resolver to a root, to a TLD server, to the authoritative server. A lookup costs the stub's round trip plus one round trip per query the resolver sends upstream; the root's and the TLD's referrals are cached for 172,800 s (2 days), the root servers' addresses are always known (root hints)."
            </p>
            <div class="panel dns-play">
                <ReplayButtons
                    prefix="dns"
                    unit="message"
                    cursor=Signal::derive(move || cursor.get())
                    len=Signal::derive(move || run.read().messages.len())
                    playing=Signal::derive(move || player.playing())
                />
                <p class="visually-hidden" aria-live="polite" data-testid="dns-said">{shown(said)}</p>
            </div>
            <div
                class="dns-stage"
                role="group"
                tabindex="0"
                data-scrolls=""
                aria-label="Sequence diagram of the current lookup"
                inner_html=markup(move || diagram_svg(&state.read(), &run.read(), cursor.get()))
            ></div>
            <div
                class="panel dns-side"
                role="group"
                tabindex="0"
                data-scrolls=""
                aria-label="Lookups, cache and messages"
                inner_html=markup(move || side_html(&state.read(), &run.read(), cursor.get()))
            ></div>
            <p class="step-keys">"Keys: → or Page Down shows the next message, ← or Page Up the one before."</p>
        </div>
    }
}

/// The one sentence a screen reader hears after each move: the message that just arrived.
fn spoken(s: &DnsState, run: &Run, at: usize) -> String {
    let total = run.messages.len();
    match at.checked_sub(1).and_then(|i| run.messages.get(i)) {
        Some(m) => {
            let when = run.lookups.get(m.lookup).map_or(0, |l| l.at);
            format!(
                "Lookup {} at {} s, message {} of {}: {} to {}: {}. {} ms so far.",
                m.lookup + 1,
                grouped(when as f64),
                at,
                total,
                s.label(m.from),
                s.label(m.to),
                m.text,
                trim(m.elapsed_ms)
            )
        }
        None => format!("No message yet; {} lookups, {} messages to come.", run.lookups.len(), total),
    }
}

const LANE_GAP: i32 = 96;
const ROW: i32 = 30;
const TOP: i32 = 70;
const PARTIES: [Party; 5] = [Party::Stub, Party::Resolver, Party::Root, Party::Tld, Party::Auth];

fn lane_x(p: Party) -> i32 {
    let i = PARTIES.iter().position(|q| *q == p).unwrap_or(0) as i32;
    58 + LANE_GAP * i
}

/// Short lane names for the drawing.
fn lane_name(s: &DnsState, p: Party) -> [String; 2] {
    match p {
        Party::Stub => ["Stub".into(), "resolver".into()],
        Party::Resolver => ["Recursive".into(), "resolver".into()],
        Party::Root => ["Root".into(), "server".into()],
        Party::Tld => [format!(".{}", s.tld()), "TLD server".into()],
        Party::Auth => ["Authoritative".into(), s.domain()],
    }
}

/// A label short enough for the drawing (the log has the whole text).
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

/// The current lookup as a sequence diagram: five lanes, its messages so far, the last one
/// highlighted with its two parties.
fn diagram_svg(s: &DnsState, run: &Run, at: usize) -> Html {
    let current = at.checked_sub(1).and_then(|i| run.messages.get(i));
    let k = current.map_or(0, |m| m.lookup);
    let lookup = run.lookups.get(k);
    let (first, count) = lookup.map_or((0, 0), |l| (l.first, l.count));
    let shown_here = at.saturating_sub(first).min(count);
    let width = 58 * 2 + LANE_GAP * 4;
    // As tall as this lookup's messages (2 to 8).
    let height = TOP + ROW * count.max(2) as i32 + 12;
    let title = match lookup {
        Some(l) if current.is_some() => format!("Lookup {} at {} s", k + 1, grouped(l.at as f64)),
        Some(l) => format!("Lookup 1 at {} s: press Step", grouped(l.at as f64)),
        None => String::new(),
    };
    let mut h = html!(
        r#"<svg viewBox="0 0 {} {}" class="dns-svg" role="img" aria-label="{}: {} of its {} messages shown"><defs><marker id="dns-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" class="head"/></marker></defs>"#,
        width,
        height,
        title,
        shown_here,
        count
    );
    for p in PARTIES {
        let x = lane_x(p);
        let active = current.is_some_and(|m| m.from == p || m.to == p);
        let [a, b] = lane_name(s, p);
        html!(
            h,
            r#"<g class="lane{}" data-party="{}"><rect x="{}" y="4" width="92" height="36" rx="6"/><text x="{}" y="19">{}</text><text x="{}" y="33" class="sub">{}</text><line x1="{}" y1="44" x2="{}" y2="{}" class="life"/></g>"#,
            if active { " active" } else { "" },
            p.name(),
            x - 46,
            x,
            a,
            x,
            short(&b, 16),
            x,
            x,
            height - 4
        );
    }
    html!(h, r#"<text x="6" y="58" class="title">{}</text>"#, title);
    for (i, m) in run.messages.iter().enumerate().skip(first).take(shown_here) {
        let row = (i - first) as i32;
        let y = TOP + ROW * row + 14;
        let (x1, x2) = (lane_x(m.from), lane_x(m.to));
        let (a, b) = if x1 < x2 { (x1 + 4, x2 - 4) } else { (x1 - 4, x2 + 4) };
        let now = if i + 1 == at { " current" } else { "" };
        // The label may run on to the drawing's right edge (about 5.5 px a character).
        let room = ((width - x1.min(x2) - 10) as f64 / 5.5) as usize;
        html!(
            h,
            r#"<g class="msg {}{}"><line x1="{}" y1="{}" x2="{}" y2="{}" marker-end="url(#dns-arrow)"/><text x="{}" y="{}">{}</text></g>"#,
            m.kind.name(),
            now,
            a,
            y,
            b,
            y,
            x1.min(x2) + 6,
            y - 5,
            short(&m.text, room.max(14))
        );
    }
    html!(h, "</svg>");
    h
}

/// The text twin: every lookup's figures (the test ids), the resolver's cache at this moment,
/// and the log of messages with the current one marked.
fn side_html(s: &DnsState, run: &Run, at: usize) -> Html {
    let mut h = html!(
        r#"<table class="dns-lookups" data-testid="dns-lookups"><caption>Lookups of {} (A record TTL {} s)</caption><thead><tr><th scope="col">Lookup</th><th scope="col">The resolver starts at</th><th scope="col">Queries upstream</th><th scope="col">Time</th></tr></thead><tbody>"#,
        s.name,
        grouped(s.ttl as f64)
    );
    for (k, l) in run.lookups.iter().enumerate() {
        let how = match l.start {
            None => "its cache".to_string(),
            Some(Party::Root) => "a root server".to_string(),
            Some(Party::Tld) => format!("a .{} server", s.tld()),
            Some(_) => "the authoritative server".to_string(),
        };
        html!(
            h,
            r#"<tr><th scope="row">{} at {} s</th><td>{}</td><td data-testid="dns-upstream-{}" data-value="{}">{}</td><td data-testid="dns-time-{}" data-value="{}">{} ms</td></tr>"#,
            k + 1,
            grouped(l.at as f64),
            how,
            k + 1,
            l.upstream,
            l.upstream,
            k + 1,
            data_value(l.time_ms),
            trim(l.time_ms)
        );
    }
    html!(h, "</tbody></table>");
    let (now, entries) = s.cache_at(run, at);
    html!(
        h,
        r#"<table class="dns-cache" data-testid="dns-cache"><caption>The resolver's cache at {} s</caption><thead><tr><th scope="col">Record</th><th scope="col">TTL</th><th scope="col">Left</th></tr></thead><tbody><tr><th scope="row">. NS a.root-servers.net … m.root-servers.net (root hints)</th><td>–</td><td>always known</td></tr>"#,
        grouped(now as f64)
    );
    for e in &entries {
        let key = match e.record {
            Record::TldNs => "tld",
            Record::DomainNs => "domain",
            Record::A => "a",
        };
        let left = if e.left == 0 {
            html!(r#"<span class="expired">expired at {} s</span>"#, grouped(e.expires() as f64))
        } else {
            html!("{} s (fetched at {} s, until {} s)", grouped(e.left as f64), grouped(e.fetched as f64), grouped(e.expires() as f64))
        };
        html!(
            h,
            r#"<tr><th scope="row">{}</th><td>{} s</td><td data-testid="dns-left-{}" data-value="{}">{}</td></tr>"#,
            s.record_name(e.record),
            grouped(e.ttl as f64),
            key,
            e.left,
            left
        );
    }
    html!(h, "</tbody></table>");
    html!(h, r#"<h3 class="dns-log-title">Messages</h3><ol class="dns-log" data-testid="dns-log">"#);
    for (i, m) in run.messages.iter().enumerate() {
        let here = if i + 1 == at { html!(r#" aria-current="step""#) } else { Html::new() };
        let future = if i >= at { " future" } else { "" };
        let when = run.lookups.get(m.lookup).map_or(0, |l| l.at);
        let note = if m.note.is_empty() { Html::new() } else { html!(r#" <span class="note">{}</span>"#, m.note) };
        html!(
            h,
            r#"<li class="{}{}" data-act="at:{}"{}><span class="who">Lookup {} ({} s), +{} ms · {} → {}:</span> {}{}</li>"#,
            m.kind.name(),
            future,
            i + 1,
            here,
            m.lookup + 1,
            grouped(when as f64),
            trim(m.elapsed_ms),
            s.label(m.from),
            s.label(m.to),
            m.text,
            note
        );
    }
    html!(h, "</ol>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::well_formed;
    use crate::model::dns::Warm;

    #[test]
    fn the_twin_carries_every_lookup_and_the_cache_of_the_moment() {
        // The lesson's scenario: only the root's .com referral cached. Lookup 1 asks .com and the
        // authoritative server (10 + 25 + 60 = 95 ms), lookup 2 is answered from the cache
        // (10 ms), lookup 3 at 400 s asks the authoritative server only (10 + 60 = 70 ms).
        let (s, _) = DnsState::from_query(&[("preset", "com-cached"), ("step", "3")]);
        assert_eq!(s.warm, Warm::Tld);
        let run = s.run();
        let side = side_html(&s, &run, s.cursor(run.messages.len()));
        well_formed(side.as_str()).unwrap();
        for (id, v) in [("dns-upstream-1", "2"), ("dns-time-1", "95"), ("dns-upstream-2", "0"), ("dns-time-2", "10"), ("dns-upstream-3", "1"), ("dns-time-3", "70")] {
            assert!(side.as_str().contains(&format!(r#"data-testid="{id}" data-value="{v}""#)), "{id} in {}", side.as_str());
        }
        // After 3 messages (stub → resolver, resolver → .com, .com → resolver): com. NS from 0 s
        // and example.com. NS just fetched.
        assert!(side.as_str().contains(r#"data-testid="dns-left-tld" data-value="172800""#));
        assert!(side.as_str().contains(r#"data-testid="dns-left-domain" data-value="172800""#));
        assert!(!side.as_str().contains("dns-left-a"));
        assert_eq!(side.as_str().matches("<li ").count(), run.messages.len());
        assert_eq!(side.as_str().matches(r#"aria-current="step""#).count(), 1);
        let svg = diagram_svg(&s, &run, 3);
        well_formed(svg.as_str()).unwrap();
        assert_eq!(svg.as_str().matches("<g class=\"msg").count(), 3);
        assert_eq!(svg.as_str().matches(" current\"").count(), 1);
        assert!(svg.as_str().contains(r#"<g class="lane active" data-party="tld">"#));
        assert!(spoken(&s, &run, 3).starts_with("Lookup 1 at 0 s, message 3 of 12: .com TLD server to Recursive resolver: Referral"), "{}", spoken(&s, &run, 3));
    }

    #[test]
    fn before_the_first_step_nothing_is_drawn_and_hostile_names_stay_text() {
        let s = DnsState::default();
        let run = s.run();
        let svg = diagram_svg(&s, &run, 0);
        well_formed(svg.as_str()).unwrap();
        assert_eq!(svg.as_str().matches("<g class=\"msg").count(), 0);
        assert!(spoken(&s, &run, 0).starts_with("No message yet"));
        // An expired record says when it expired.
        let side = side_html(&s, &run, 11);
        assert!(side.as_str().contains(r#"data-testid="dns-left-a" data-value="0"><span class="expired">expired at 300 s</span>"#), "{}", side.as_str());
    }
}
