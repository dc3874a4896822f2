//! What the step-through widgets (`cap`, `saga`) share: a player that steps on a timer, the
//! replay buttons, and the one-handler pattern where every button, drawing element and log
//! entry carries its action in `data-act`.
//!
//! Keys, while the widget has focus: → or Page Down steps forward, ← or Page Up steps back
//! (presentation clickers send Page Up/Down), Enter or Space acts on a focused drawing element.

use std::fmt::Write as _;

use leptos::leptos_dom::helpers::{IntervalHandle, set_interval_with_handle};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::controls::escape;

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

/// Moves a replay cursor for an action: `step`, `back`, `start`, `end` or `at:K` (a log
/// entry clicked). `at` counts the steps taken, `None` meaning all `len` of them. Returns
/// whether the action was a cursor move.
pub fn move_cursor(at: &mut Option<usize>, len: usize, action: &str) -> bool {
    let c = at.unwrap_or(len).min(len);
    let to = match action {
        "step" => c + 1,
        "back" => c.saturating_sub(1),
        "start" => 0,
        "end" => len,
        _ => match action.strip_prefix("at:").and_then(|k| k.parse::<usize>().ok()) {
            Some(k) => k,
            None => return false,
        },
    };
    *at = (to < len).then_some(to);
    true
}

/// The action carried by the event's target or its nearest ancestor with `data-act`.
pub fn acted(target: Option<web_sys::EventTarget>) -> Option<String> {
    let el: web_sys::Element = target?.dyn_into().ok()?;
    el.closest("[data-act]").ok()??.get_attribute("data-act")
}

/// The action a key press asks for, if any (keys typed into fields are left alone).
pub fn key_act(ev: &web_sys::KeyboardEvent) -> Option<String> {
    let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let tag = target.as_ref().map(|t| t.tag_name().to_ascii_lowercase()).unwrap_or_default();
    if tag == "input" || tag == "select" || tag == "textarea" {
        return None;
    }
    match ev.key().as_str() {
        "ArrowRight" | "PageDown" => Some("step".into()),
        "ArrowLeft" | "PageUp" => Some("back".into()),
        // Buttons act on Enter and Space by themselves; drawing elements need help.
        "Enter" | " " if tag != "button" => acted(ev.target()),
        _ => None,
    }
}

/// A button carrying an action.
pub fn chip(h: &mut String, act: &str, text: &str, testid: &str, disabled: bool) {
    let _ = write!(
        h,
        r#"<button type="button" class="chip" data-act="{}" data-testid="{testid}"{}>{}</button>"#,
        escape(act),
        if disabled { " disabled" } else { "" },
        escape(text)
    );
}

/// Start, back, step, play and end, with the cursor (`{prefix}-cursor`, `data-value` the
/// steps taken). Test ids are `{prefix}-start`, `{prefix}-back`, and so on.
pub fn replay_buttons(h: &mut String, prefix: &str, cursor: usize, len: usize, playing: bool, unit: &str) {
    h.push_str(r#"<div class="step-row" role="group" aria-label="Replay">"#);
    chip(h, "start", "« Start", &format!("{prefix}-start"), cursor == 0);
    chip(h, "back", "◀ Back", &format!("{prefix}-back"), cursor == 0);
    chip(h, "step", "Step ▶", &format!("{prefix}-step"), cursor >= len);
    chip(h, "play", if playing { "Pause" } else { "Play ▶▶" }, &format!("{prefix}-play"), len == 0);
    chip(h, "end", "End »", &format!("{prefix}-end"), cursor >= len);
    let _ = write!(
        h,
        r#"<span class="step-cursor" data-testid="{prefix}-cursor" data-value="{cursor}">{unit} {cursor} of {len}</span></div>"#
    );
}

#[cfg(test)]
mod tests {
    use super::move_cursor;

    #[test]
    fn the_cursor_moves_within_the_log() {
        let moved = |at: Option<usize>, action: &str| {
            let mut at = at;
            let handled = move_cursor(&mut at, 3, action);
            (handled, at)
        };
        assert_eq!(moved(Some(0), "step"), (true, Some(1)));
        assert_eq!(moved(Some(2), "step"), (true, None), "the last step reaches the end");
        assert_eq!(moved(None, "step"), (true, None), "nothing beyond the end");
        assert_eq!(moved(None, "back"), (true, Some(2)));
        assert_eq!(moved(Some(0), "back"), (true, Some(0)));
        assert_eq!(moved(Some(2), "start"), (true, Some(0)));
        assert_eq!(moved(Some(1), "end"), (true, None));
        assert_eq!(moved(Some(1), "at:2"), (true, Some(2)));
        assert_eq!(moved(Some(1), "at:9"), (true, None));
        assert_eq!(moved(Some(1), "w1"), (false, Some(1)));
        assert_eq!(moved(Some(7), "back"), (true, Some(2)), "a cursor past the end counts as the end");
    }
}
