//! What the step-through widgets (`cap`, `saga`) share: a player that steps on a timer, the
//! replay buttons, and the one-handler pattern where every button, drawing element and log
//! entry carries its action in `data-act`, which the model reads ([`crate::model::replay::Move`],
//! `cap::Action`).
//!
//! Keys, while the widget has focus: → or Page Down steps forward, ← or Page Up steps back
//! (presentation clickers send Page Up/Down), Enter or Space acts on a focused drawing element.

use leptos::leptos_dom::helpers::{IntervalHandle, set_interval_with_handle};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::controls::shown;

/// Pause between steps while playing.
pub const PLAY_EVERY_MS: u64 = 900;

/// Steps a widget on a timer until told to stop or out of steps.
#[derive(Clone, Copy)]
pub struct Player {
    playing: RwSignal<bool>,
    timer: StoredValue<Option<IntervalHandle>>,
}

impl Default for Player {
    fn default() -> Self {
        Player::new()
    }
}

impl Player {
    /// A stopped player; it stops for good when the widget goes away.
    pub fn new() -> Player {
        let player = Player { playing: RwSignal::new(false), timer: StoredValue::new(None) };
        on_cleanup(move || player.stop());
        player
    }

    /// Whether it is playing (tracked).
    pub fn playing(self) -> bool {
        self.playing.get()
    }

    /// Stops playing.
    pub fn stop(self) {
        if let Some(t) = self.timer.get_value() {
            t.clear();
        }
        self.timer.set_value(None);
        self.playing.set(false);
    }

    /// Plays if stopped, stops if playing. `step` moves one step and says whether more follow.
    pub fn toggle(self, step: impl Fn() -> bool + Copy + 'static) {
        if self.playing.get_untracked() {
            self.stop();
            return;
        }
        self.playing.set(true);
        let handle = set_interval_with_handle(
            move || {
                if !step() {
                    self.stop();
                }
            },
            std::time::Duration::from_millis(PLAY_EVERY_MS),
        );
        self.timer.set_value(handle.ok());
    }
}

/// The action carried by the event's target or its nearest ancestor with `data-act`, unless
/// that element is `aria-disabled`.
pub fn acted(target: Option<web_sys::EventTarget>) -> Option<String> {
    let el: web_sys::Element = target?.dyn_into().ok()?;
    let carrier = el.closest("[data-act]").ok()??;
    if carrier.get_attribute("aria-disabled").as_deref() == Some("true") {
        return None;
    }
    carrier.get_attribute("data-act")
}

/// The action a key press asks for, if any (keys typed into fields are left alone).
pub fn key_act(ev: &web_sys::KeyboardEvent) -> Option<String> {
    let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let tag = target.as_ref().map(|t| t.tag_name().to_ascii_lowercase()).unwrap_or_default();
    if tag == "input" || tag == "select" || tag == "textarea" {
        return None;
    }
    // In a region that scrolls sideways, ← and → scroll it; Page Up and Down still step.
    let scrolls = target.as_ref().is_some_and(|t| t.has_attribute("data-scrolls"));
    match ev.key().as_str() {
        "ArrowRight" if !scrolls => Some("step".into()),
        "ArrowLeft" if !scrolls => Some("back".into()),
        "PageDown" => Some("step".into()),
        "PageUp" => Some("back".into()),
        // Buttons act on Enter and Space by themselves; drawing elements need help.
        "Enter" | " " if tag != "button" => acted(ev.target()),
        _ => None,
    }
}

/// Start, back, step, play and end, with the cursor (`{prefix}-cursor`, `data-value` the
/// steps taken). Test ids are `{prefix}-start`, `{prefix}-back`, and so on. The buttons carry
/// their action in `data-act` and stay the same elements while the cursor moves, so a button
/// pressed from the keyboard keeps the focus; one that cannot act says so with `aria-disabled`
/// (a `disabled` button would drop the focus) and [`acted`] ignores it. (Not generic: one copy
/// serves both step-through widgets.)
#[component]
pub fn ReplayButtons(
    /// The widget's test id prefix (`cap`, `saga`).
    prefix: &'static str,
    /// What the cursor counts (`step`, `message`).
    unit: &'static str,
    /// Steps taken.
    cursor: Signal<usize>,
    /// Steps in all.
    len: Signal<usize>,
    /// Whether the player is playing.
    playing: Signal<bool>,
) -> impl IntoView {
    let at_start = shown(move || (cursor.get() == 0).to_string());
    let at_end = shown(move || (cursor.get() >= len.get()).to_string());
    view! {
        <div class="step-row" role="group" aria-label="Replay">
            <button type="button" class="chip" data-act="start" data-testid=format!("{prefix}-start") aria-disabled=at_start>"« Start"</button>
            <button type="button" class="chip" data-act="back" data-testid=format!("{prefix}-back") aria-disabled=at_start>"◀ Back"</button>
            <button type="button" class="chip" data-act="step" data-testid=format!("{prefix}-step") aria-disabled=at_end>"Step ▶"</button>
            <button
                type="button"
                class="chip"
                data-act="play"
                data-testid=format!("{prefix}-play")
                aria-disabled=shown(move || (len.get() == 0).to_string())
                aria-pressed=shown(move || playing.get().to_string())
            >
                {shown(move || if playing.get() { "Pause" } else { "Play ▶▶" }.to_string())}
            </button>
            <button type="button" class="chip" data-act="end" data-testid=format!("{prefix}-end") aria-disabled=at_end>"End »"</button>
            <span class="step-cursor" data-testid=format!("{prefix}-cursor") data-value=shown(move || cursor.get().to_string())>
                {shown(move || format!("{unit} {} of {}", cursor.get(), len.get()))}
            </span>
        </div>
    }
}
