//! The `windows` widget's model: events at given event times, arriving in a given order, grouped
//! into tumbling, hopping, sliding or session windows, with a watermark and an allowed lateness
//! that decide which late events still count.
//!
//! **Times.** Every time is a whole number of milliseconds (`u64`); the URL and the fields write
//! seconds with up to three decimals (`1`, `2.5`, `0.125`), from 0 to [`MAX_TIME_S`].
//!
//! **Arrival order.** `events` lists the events in the order the stream delivers them; each
//! number is that event's **event time** (when it happened). An event whose time is smaller
//! than one delivered before it is *out of order*.
//!
//! **Windows** are half-open, `[start, end)`: an event at `end` belongs to the next window.
//! - *tumbling*, size `s`: `[k·s, (k+1)·s)` for `k ≥ 0`; every event falls in exactly one.
//! - *hopping*, size `s`, hop `h ≤ s`: `[k·h, k·h + s)` for `k ≥ 0` (never before 0); an event
//!   falls in up to `⌈s / h⌉` of them. Flink calls these "sliding windows"; Kafka Streams calls
//!   them hopping windows.
//! - *sliding*, size `s`: as in Kafka Streams' `SlidingWindows`, windows are anchored on the
//!   events themselves rather than on a grid: one window per distinct event time `t`, here
//!   `[t, t + s)` (Kafka Streams anchors the window's end on the event and includes both ends;
//!   this widget anchors its start, so that every window is half-open like the others). Each
//!   window holds every event within `s` after its first one.
//! - *session*, gap `g`: each event opens `[t, t + g)`; overlapping ones merge, so a session is
//!   `[first event, last event + g)` and two events share a session when they are less than `g`
//!   apart: a session closes once `g` seconds pass without an event.
//!
//! **Watermark and lateness** (Apache Flink's semantics: the "Timely Stream Processing" page for
//! watermarks, the "Windows" page for allowed lateness). When an event arrives, the watermark is
//! the largest event time delivered *before* it (none for the first event): the stream's claim
//! that it has seen time up to there. A window `[start, end)` is **final** once the watermark
//! reaches `end + lateness`: its result is out and it never changes again. An event counts in
//! each of its windows that is not final when it arrives; an event whose every window is final
//! is **dropped**. An event behind the watermark that still counts is *late*. With Flink's
//! bounded-out-of-orderness watermark of 0 ms (watermark = largest time − 1 ms) and its rule
//! "late when `end − 1 ms + lateness ≤ watermark`", this is the same test.
//!
//! Sessions follow Flink's merging windows: a new event's `[t, t + g)` merges with every session
//! still open that it overlaps; if the merged session is final, the event is dropped. A final
//! session is out of reach: an allowed event just after it starts a new session, which may then
//! overlap the old one.
//!
//! Inputs are checked by [`WindowsState::set`]; [`figures`](WindowsState::figures) is total.

use super::units::{grouped, trim};
use super::widget::{Table, UrlState, Widget};

/// Most events in the list.
pub const MAX_EVENTS: usize = 40;

/// Largest event time, size, hop, gap and lateness, seconds (an hour).
pub const MAX_TIME_S: u64 = 3_600;

/// Largest time, milliseconds.
pub const MAX_MS: u64 = MAX_TIME_S * 1_000;

/// Most hopping windows per event: a hop below `size / MAX_PER_EVENT` is raised to it.
pub const MAX_PER_EVENT: u64 = 20;

names! {
    /// How events are grouped into windows.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Kind {
        /// Back-to-back windows of one size.
        Tumbling = "tumbling",
        /// Windows of one size starting every hop.
        Hopping = "hopping",
        /// One window of one size starting at each event.
        Sliding = "sliding",
        /// Bursts of events separated by a gap.
        Session = "session",
    }
}

impl Kind {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Tumbling => "Tumbling",
            Kind::Hopping => "Hopping",
            Kind::Sliding => "Sliding",
            Kind::Session => "Session",
        }
    }
}

names! {
    /// The scenarios the lesson works through.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Preset {
        /// Six events in order, tumbling windows of 5 s.
        Tumbling = "tumbling",
        /// The same events, 10 s windows every 5 s.
        Hopping = "hopping",
        /// The same events, a 5 s window from each event.
        Sliding = "sliding",
        /// The same events, sessions with a 3 s gap.
        Session = "session",
        /// Two stragglers arrive after the watermark has passed their window; no lateness.
        Late = "late",
        /// The same stragglers with 5 s of allowed lateness.
        Lateness = "lateness",
    }
}

/// The events of the first four scenarios, in arrival order (seconds).
const SIX: [u64; 6] = [1, 2, 3, 7, 8, 15];

/// The events of the lateness scenarios, in arrival order (seconds): 4 and 3 arrive late.
const STRAGGLERS: [u64; 6] = [1, 2, 9, 4, 12, 3];

impl Preset {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Tumbling => "Tumbling windows of 5 s",
            Preset::Hopping => "Hopping windows of 10 s every 5 s",
            Preset::Sliding => "Sliding windows of 5 s",
            Preset::Session => "Sessions with a 3 s gap",
            Preset::Late => "Late events, no allowed lateness",
            Preset::Lateness => "Late events, 5 s of allowed lateness",
        }
    }

    /// The state this scenario stands for.
    pub fn state(self) -> WindowsState {
        let base = WindowsState::default();
        let late = WindowsState { events: STRAGGLERS.iter().map(|s| s * 1_000).collect(), ..base.clone() };
        match self {
            Preset::Tumbling => base,
            Preset::Hopping => WindowsState { kind: Kind::Hopping, size: 10_000, ..base },
            Preset::Sliding => WindowsState { kind: Kind::Sliding, ..base },
            Preset::Session => WindowsState { kind: Kind::Session, ..base },
            Preset::Late => late,
            Preset::Lateness => WindowsState { lateness: 5_000, ..late },
        }
    }
}

/// The whole state of the widget; it round-trips through a URL query.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowsState {
    /// Event times in arrival order, ms, each at most [`MAX_MS`], at most [`MAX_EVENTS`] of them
    /// (key `events`, seconds).
    pub events: Vec<u64>,
    /// How events are grouped (key `kind`).
    pub kind: Kind,
    /// Window size, ms, 1 ms to [`MAX_MS`] (key `size`; tumbling, hopping and sliding).
    pub size: u64,
    /// Hop between window starts, ms, 1 ms to [`MAX_MS`] (key `hop`; hopping). Used as
    /// [`effective_hop`](WindowsState::effective_hop).
    pub hop: u64,
    /// Session gap, ms, 1 ms to [`MAX_MS`] (key `gap`; session).
    pub gap: u64,
    /// Allowed lateness, ms, 0 to [`MAX_MS`] (key `lateness`).
    pub lateness: u64,
}

impl Default for WindowsState {
    /// `1,2,3,7,8,15` in tumbling windows of 5 s (hop 5 s, gap 3 s), no lateness.
    fn default() -> Self {
        WindowsState {
            events: SIX.iter().map(|s| s * 1_000).collect(),
            kind: Kind::Tumbling,
            size: 5_000,
            hop: 5_000,
            gap: 3_000,
            lateness: 0,
        }
    }
}

/// What became of one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// At or after the watermark: counted.
    OnTime,
    /// Behind the watermark, but some window of it was not final yet: counted there.
    Late,
    /// Every window it belongs to was final: not counted anywhere.
    Dropped,
}

/// One event as it arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arrival {
    /// Its place in the arrival order, from 1.
    pub order: usize,
    /// Its event time, ms.
    pub time: u64,
    /// The watermark when it arrived, ms (none for the first event).
    pub watermark: Option<u64>,
    /// What became of it.
    pub fate: Fate,
}

/// One window and the events it counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    /// Start, ms (included).
    pub start: u64,
    /// End, ms (excluded).
    pub end: u64,
    /// Arrival orders (from 1) of the events counted in it, in arrival order.
    pub events: Vec<usize>,
}

impl Window {
    /// Events counted.
    pub fn count(&self) -> usize {
        self.events.len()
    }

    /// `start-end:count` in seconds, as the test ids' `data-value` writes it.
    pub fn value(&self) -> String {
        format!("{}-{}:{}", seconds(self.start), seconds(self.end), self.count())
    }
}

/// Everything the widget shows at one state.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    /// Every window holding at least one event, by start then end.
    pub windows: Vec<Window>,
    /// Every event, in arrival order.
    pub arrivals: Vec<Arrival>,
    /// The hop used (hopping), ms.
    pub hop: u64,
    /// The watermark after the last event, ms.
    pub watermark: Option<u64>,
}

impl Figures {
    /// Events dropped.
    pub fn dropped(&self) -> usize {
        self.arrivals.iter().filter(|a| a.fate == Fate::Dropped).count()
    }

    /// Events behind the watermark that still counted.
    pub fn late(&self) -> usize {
        self.arrivals.iter().filter(|a| a.fate == Fate::Late).count()
    }
}

/// Seconds for people and URLs: `1`, `2.5`, `0.125`.
pub fn seconds(ms: u64) -> String {
    trim(ms as f64 / 1_000.0)
}

/// Reads one time in seconds (`2`, `2.5`, `2.125`, `2s`) as milliseconds, within `[lo, MAX_MS]`.
pub fn parse_seconds(text: &str, lo: u64, what: &str) -> Result<u64, String> {
    let t = text.trim();
    let t = t.strip_suffix('s').unwrap_or(t).trim_end();
    let range = || {
        format!(
            "{what} must be a number of seconds from {} to {} with at most three decimals",
            seconds(lo),
            grouped(MAX_TIME_S as f64)
        )
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if t.is_empty()
        || (whole.is_empty() && frac.is_empty())
        || !digits(whole)
        || !digits(frac)
        || frac.len() > 3
        || whole.len() > 7
    {
        return Err(if t.is_empty() {
            format!("{what} is missing")
        } else {
            format!("“{}” is not a time: {}", clip(t), range())
        });
    }
    let w: u64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| range())? };
    let f: u64 = format!("{frac:0<3}").parse().unwrap_or(0);
    let ms = w * 1_000 + f;
    if ms < lo || ms > MAX_MS {
        return Err(range());
    }
    Ok(ms)
}

/// At most 12 characters of a text, for messages.
fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(12).collect();
    if text.chars().count() > 12 {
        out.push('…');
    }
    out
}

/// Reads a list of event times (commas or spaces between them): the times it could read, and a
/// message naming the others, if any.
pub fn parse_events(text: &str) -> (Vec<u64>, Option<String>) {
    let items: Vec<&str> =
        text.split(|c: char| c == ',' || c == ';' || c.is_whitespace()).filter(|s| !s.is_empty()).collect();
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for item in items.iter().take(MAX_EVENTS) {
        match parse_seconds(item, 0, "an event time") {
            Ok(ms) => good.push(ms),
            Err(_) => bad.push(clip(item)),
        }
    }
    let mut problems = Vec::new();
    if !bad.is_empty() {
        problems.push(format!(
            "{} {}: use seconds from 0 to {} with at most three decimals",
            bad.iter().take(3).map(|b| format!("“{b}”")).collect::<Vec<_>>().join(", ")
                + if bad.len() > 3 { " …" } else { "" },
            if bad.len() == 1 { "is not an event time" } else { "are not event times" },
            grouped(MAX_TIME_S as f64)
        ));
    }
    if items.len() > MAX_EVENTS {
        problems.push(format!("at most {MAX_EVENTS} events: the first {MAX_EVENTS} are kept"));
    }
    if items.is_empty() {
        problems.push("list at least one event time, such as 1, 2, 3, 7".to_string());
    }
    (good, (!problems.is_empty()).then(|| problems.join("; ")))
}

impl WindowsState {
    /// The hop the windows use: the hop asked for, kept between `⌈size / MAX_PER_EVENT⌉` and the
    /// size (a hop larger than the size would leave gaps no window covers).
    pub fn effective_hop(&self) -> u64 {
        let size = self.size.max(1);
        self.hop.clamp(size.div_ceil(MAX_PER_EVENT), size)
    }

    /// The grid windows (tumbling, hopping) that contain time `t`, as starts, earliest first.
    fn grid_starts(&self, t: u64) -> Vec<u64> {
        let size = self.size.max(1);
        let hop = if self.kind == Kind::Tumbling { size } else { self.effective_hop() };
        // k·hop ≤ t < k·hop + size  ⇔  (t − size) / hop < k ≤ t / hop.
        let first = if t >= size { (t - size) / hop + 1 } else { 0 };
        (first..=t / hop).map(|k| k * hop).collect()
    }

    /// Everything the widget shows (total: any state gives figures).
    pub fn figures(&self) -> Figures {
        let events: Vec<u64> = self.events.iter().take(MAX_EVENTS).map(|&t| t.min(MAX_MS)).collect();
        let size = self.size.clamp(1, MAX_MS);
        let gap = self.gap.clamp(1, MAX_MS);
        let lateness = self.lateness.min(MAX_MS);
        let final_at = |end: u64, w: Option<u64>| w.is_some_and(|w| w >= end + lateness);
        let mut arrivals = Vec::with_capacity(events.len());
        let mut windows: Vec<Window> = Vec::new();
        let mut watermark: Option<u64> = None;
        // Sessions: (window, open).
        let mut sessions: Vec<(Window, bool)> = Vec::new();
        for (i, &t) in events.iter().enumerate() {
            let order = i + 1;
            let counted = match self.kind {
                Kind::Tumbling | Kind::Hopping => {
                    let mut any = false;
                    for start in self.grid_starts(t) {
                        if final_at(start + size, watermark) {
                            continue;
                        }
                        any = true;
                        match windows.iter_mut().find(|w| w.start == start) {
                            Some(w) => w.events.push(order),
                            None => windows.push(Window { start, end: start + size, events: vec![order] }),
                        }
                    }
                    any
                }
                Kind::Sliding => {
                    // Its own window ends last of all the windows holding it: if that one is
                    // final, so are the others.
                    if final_at(t + size, watermark) {
                        false
                    } else {
                        // Into every earlier-anchored window holding it that is not final…
                        for w in windows.iter_mut().filter(|w| w.start <= t && t < w.end && !final_at(w.end, watermark))
                        {
                            w.events.push(order);
                        }
                        // …and its own window, which takes every earlier event it holds whose
                        // arrival found this window not final (the watermark only grows, so
                        // since it is not final now, it was not then).
                        if !windows.iter().any(|w| w.start == t) {
                            let held = arrivals
                                .iter()
                                .filter(|a: &&Arrival| a.fate != Fate::Dropped && a.time >= t && a.time < t + size)
                                .map(|a| a.order)
                                .chain(std::iter::once(order))
                                .collect();
                            windows.push(Window { start: t, end: t + size, events: held });
                        }
                        true
                    }
                }
                Kind::Session => {
                    for s in sessions.iter_mut() {
                        if final_at(s.0.end, watermark) {
                            s.1 = false;
                        }
                    }
                    let (mut start, mut end) = (t, t + gap);
                    let mut held = vec![order];
                    let mut merged = Vec::new();
                    for (k, (w, open)) in sessions.iter().enumerate() {
                        if *open && w.start < t + gap && t < w.end {
                            start = start.min(w.start);
                            end = end.max(w.end);
                            held.extend(&w.events);
                            merged.push(k);
                        }
                    }
                    if final_at(end, watermark) {
                        false
                    } else {
                        for k in merged.into_iter().rev() {
                            sessions.remove(k);
                        }
                        held.sort_unstable();
                        sessions.push((Window { start, end, events: held }, true));
                        true
                    }
                }
            };
            let behind = watermark.is_some_and(|w| t < w);
            let fate = match (counted, behind) {
                (false, _) => Fate::Dropped,
                (true, true) => Fate::Late,
                (true, false) => Fate::OnTime,
            };
            arrivals.push(Arrival { order, time: t, watermark, fate });
            watermark = Some(watermark.map_or(t, |w| w.max(t)));
        }
        if self.kind == Kind::Session {
            windows = sessions.into_iter().map(|(w, _)| w).collect();
        }
        windows.sort_by_key(|w| (w.start, w.end));
        Figures { windows, arrivals, hop: self.effective_hop(), watermark }
    }

    /// The size or gap that sets the windows' length, ms.
    pub fn length(&self) -> u64 {
        if self.kind == Kind::Session { self.gap } else { self.size }
    }
}

impl UrlState for WindowsState {
    const KEYS: &'static [&'static str] = &["preset", "events", "kind", "size", "hop", "gap", "lateness"];

    /// Sets one field. Times are seconds with at most three decimals (`2`, `2.5`, `2s`);
    /// `events` is a list of them in arrival order, separated by commas or spaces.
    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "events" => {
                let (good, problem) = parse_events(value);
                if !good.is_empty() {
                    self.events = good;
                }
                if let Some(p) = problem {
                    return Err(p);
                }
            }
            "kind" => {
                self.kind = Kind::from_name(value).ok_or_else(|| {
                    format!(
                        "“{}” is not a kind of window; use tumbling, hopping, sliding or session",
                        clip(value.trim())
                    )
                })?
            }
            "size" => self.size = parse_seconds(value, 1, "the window size")?,
            "hop" => self.hop = parse_seconds(value, 1, "the hop")?,
            "gap" => self.gap = parse_seconds(value, 1, "the session gap")?,
            "lateness" => self.lateness = parse_seconds(value, 0, "the allowed lateness")?,
            _ => return Err(format!("unknown setting; this widget reads {}", Self::KEYS.join(", "))),
        }
        Ok(())
    }

    fn get(&self, key: &str) -> String {
        match key {
            "preset" => self.named().unwrap_or_default().to_string(),
            "events" => self.events.iter().map(|&t| seconds(t)).collect::<Vec<_>>().join(","),
            "kind" => self.kind.name().to_string(),
            "size" => seconds(self.size),
            "hop" => seconds(self.hop),
            "gap" => seconds(self.gap),
            "lateness" => seconds(self.lateness),
            _ => String::new(),
        }
    }

    crate::scenarios!(Preset);
}

/// "1 event", "3 events".
pub fn events_word(n: usize) -> String {
    format!("{n} event{}", if n == 1 { "" } else { "s" })
}

/// What the window kind and its lengths are, for captions: "tumbling windows of 5 s".
pub fn describe(s: &WindowsState, f: &Figures) -> String {
    let late = if s.lateness == 0 {
        "no allowed lateness".to_string()
    } else {
        format!("{} s of allowed lateness", seconds(s.lateness))
    };
    match s.kind {
        Kind::Tumbling => format!("tumbling windows of {} s, {late}", seconds(s.size)),
        Kind::Hopping => format!("hopping windows of {} s every {} s, {late}", seconds(s.size), seconds(f.hop)),
        Kind::Sliding => format!("sliding windows of {} s from each event, {late}", seconds(s.size)),
        Kind::Session => format!("sessions closed by a gap of {} s, {late}", seconds(s.gap)),
    }
}

impl Widget for WindowsState {
    const ID: &'static str = "windows";
    const TITLE: &'static str = "Stream windows";
    const BLURB: &'static str = "Group a stream's events into tumbling, hopping, sliding or session windows by event time, and see which late events a watermark and allowed lateness still count.";

    /// Every window with its count, then every dropped event.
    fn twin(&self) -> Option<Table> {
        let f = self.figures();
        let mut rows: Vec<Vec<String>> = f
            .windows
            .iter()
            .enumerate()
            .map(|(k, w)| {
                let list = w
                    .events
                    .iter()
                    .map(|&o| format!("{} s", seconds(f.arrivals[o - 1].time)))
                    .collect::<Vec<_>>()
                    .join(", ");
                vec![
                    format!("Window {}: [{} s, {} s)", k + 1, seconds(w.start), seconds(w.end)),
                    w.count().to_string(),
                    list,
                ]
            })
            .collect();
        for a in f.arrivals.iter().filter(|a| a.fate == Fate::Dropped) {
            rows.push(vec![
                format!("Dropped: event {} at {} s", a.order, seconds(a.time)),
                "0".into(),
                format!("arrived with the watermark at {} s", a.watermark.map_or_else(|| "none".into(), seconds)),
            ]);
        }
        Some(Table {
            caption: format!("{} in {}", events_word(f.arrivals.len()), describe(self, &f)),
            head: vec!["Window".into(), "Events counted".into(), "Event times".into()],
            rows,
        })
    }
}

#[cfg(test)]
mod tests;
