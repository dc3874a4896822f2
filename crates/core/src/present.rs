//! Themes and presenter mode, as pure logic: which colour theme a stored value stands for,
//! which "slides" an instructor walks through when presenting a widget, what a presentation
//! clicker's key asks for, and the widget's own address that the QR code carries.
//!
//! The slides of a widget are the lesson's setups: on a lesson page, the places of this widget
//! in the lesson, in order (each with its settings), then the widget's scenarios that no place
//! starts from; standing alone, only the scenarios. A presentation starts at the place whose
//! Present button was pressed, or at the slide the address already shows; a state that is none
//! of them (the instructor changed something first) becomes a first slide of its own.

use crate::model::query;

/// The site's colour themes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeName {
    /// Dark text on a light page.
    Light,
    /// Light text on a dark page.
    Dark,
    /// For a room: black on white at the strongest contrast, large type, thick focus rings.
    Projector,
}

impl ThemeName {
    /// Every theme, in the order the menu lists them.
    pub const ALL: [ThemeName; 3] = [ThemeName::Light, ThemeName::Dark, ThemeName::Projector];

    /// The name kept in local storage and on `<html data-theme>`.
    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Light => "light",
            ThemeName::Dark => "dark",
            ThemeName::Projector => "projector",
        }
    }

    /// The name for people.
    pub fn label(self) -> &'static str {
        match self {
            ThemeName::Light => "Light",
            ThemeName::Dark => "Dark",
            ThemeName::Projector => "Projector",
        }
    }

    /// The theme a stored name stands for (exactly; anything else is none).
    pub fn from_name(text: &str) -> Option<ThemeName> {
        ThemeName::ALL.into_iter().find(|t| t.name() == text)
    }

    /// The theme to show: the stored choice when it can be read, else the system's preference
    /// (which is only ever light or dark).
    pub fn chosen(stored: Option<&str>, system_dark: bool) -> ThemeName {
        stored.and_then(ThemeName::from_name).unwrap_or(if system_dark { ThemeName::Dark } else { ThemeName::Light })
    }
}

/// One setup to present: a name for the room and the widget's settings (query pairs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slide {
    /// What the slide is called ("Slide 2 of 5: <name>").
    pub name: String,
    /// The widget's settings, as a lesson directive or a URL writes them.
    pub params: Vec<(String, String)>,
}

/// Where a presentation starts.
#[derive(Clone, Copy, Debug)]
pub enum Start<'a> {
    /// At the lesson's `n`th place of this widget (from 0): its Present button was pressed.
    Placement(usize),
    /// At the slide whose settings these are (the address bar's), or at these settings as a
    /// slide of their own.
    Query(&'a [(String, String)]),
}

/// The slides of a presentation and the one on screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deck {
    /// The slides, in order; never empty.
    pub slides: Vec<Slide>,
    /// The slide on screen (an index into `slides`).
    pub at: usize,
}

/// The longest slide name, in characters (a long list of settings is cut with "…").
const NAME_CHARS: usize = 90;

/// The slides of a widget with these `scenarios` (URL name, label: `WidgetKind::scenarios`),
/// placed in a lesson with these settings (`placements`, in order; none when it stands alone),
/// starting at `start`. Never empty: with no slide at all, the state on screen is the one.
pub fn deck(scenarios: &[(&str, &str)], placements: &[Vec<(String, String)>], start: Start) -> Deck {
    let mut slides: Vec<Slide> = Vec::new();
    // The slide each placement became (a placement written twice is one slide).
    let mut placed_at = Vec::with_capacity(placements.len());
    for params in placements {
        match slides.iter().position(|s| same(&s.params, params)) {
            Some(i) => placed_at.push(i),
            None => {
                placed_at.push(slides.len());
                let name = placement_name(slides.len() + 1, params, scenarios);
                slides.push(Slide { name, params: params.clone() });
            }
        }
    }
    // A scenario a place already starts from (whatever it changes) is that place's slide.
    for &(name, label) in scenarios {
        if !placements.iter().any(|p| p.iter().any(|(k, v)| k == "preset" && v == name)) {
            slides.push(Slide { name: label.to_string(), params: vec![("preset".to_string(), name.to_string())] });
        }
    }
    match start {
        Start::Placement(n) if n < placed_at.len() => Deck { at: placed_at[n], slides },
        Start::Placement(_) if !slides.is_empty() => Deck { slides, at: 0 },
        Start::Query(pairs) if slides.iter().any(|s| same(&s.params, pairs)) => {
            let at = slides.iter().position(|s| same(&s.params, pairs)).unwrap_or(0);
            Deck { slides, at }
        }
        Start::Query(pairs) => {
            slides.insert(0, Slide { name: "This setup".to_string(), params: pairs.to_vec() });
            Deck { slides, at: 0 }
        }
        Start::Placement(_) => {
            Deck { slides: vec![Slide { name: "This setup".to_string(), params: Vec::new() }], at: 0 }
        }
    }
}

impl Deck {
    /// The slide on screen.
    pub fn slide(&self) -> &Slide {
        &self.slides[self.at.min(self.slides.len().saturating_sub(1))]
    }

    /// The next slide's index, if there is one.
    pub fn next(&self) -> Option<usize> {
        (self.at + 1 < self.slides.len()).then_some(self.at + 1)
    }

    /// The previous slide's index, if there is one.
    pub fn back(&self) -> Option<usize> {
        self.at.checked_sub(1).filter(|i| *i < self.slides.len())
    }

    /// What the room reads (and a screen reader hears): "Slide 2 of 5: The like counter".
    pub fn caption(&self) -> String {
        format!("Slide {} of {}: {}", self.at.min(self.slides.len()) + 1, self.slides.len(), self.slide().name)
    }
}

/// Whether two sets of settings are the same, whatever their order.
fn same(a: &[(String, String)], b: &[(String, String)]) -> bool {
    let sorted = |p: &[(String, String)]| {
        let mut p = p.to_vec();
        p.sort();
        p
    };
    a.len() == b.len() && sorted(a) == sorted(b)
}

/// A lesson place's slide name: its scenario's label (with what it changes), or its settings.
fn placement_name(n: usize, params: &[(String, String)], scenarios: &[(&str, &str)]) -> String {
    let label = params
        .iter()
        .rev()
        .find(|(k, _)| k == "preset")
        .and_then(|(_, v)| scenarios.iter().find(|(name, _)| name == v))
        .map(|(_, label)| *label);
    let others: Vec<String> =
        params.iter().filter(|(k, _)| label.is_none() || k != "preset").map(|(k, v)| format!("{k}={v}")).collect();
    let name = match (label, others.is_empty()) {
        (Some(label), true) => label.to_string(),
        (Some(label), false) => format!("{label}, with {}", others.join(", ")),
        (None, true) => format!("The lesson's setup {n}"),
        (None, false) => format!("The lesson's setup {n}: {}", others.join(", ")),
    };
    cut(&name, NAME_CHARS)
}

/// `text` cut to `max` characters, ending with "…" when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The address's settings without `present` (which is the page's, not the widget's), and
/// whether it asked to present (`present=1`, `present=true` or a bare `present`).
pub fn strip_present(pairs: Vec<(String, String)>) -> (Vec<(String, String)>, bool) {
    let mut present = false;
    let kept = pairs
        .into_iter()
        .filter(|(k, v)| {
            if k != "present" {
                return true;
            }
            present = matches!(v.as_str(), "1" | "true" | "");
            false
        })
        .collect();
    (kept, present)
}

/// A widget's query with `present=1` at its end: the address while presenting.
pub fn with_present(query: &str) -> String {
    let (pairs, _) = strip_present(query::decode(query));
    let mut pairs = pairs;
    pairs.push(("present".to_string(), "1".to_string()));
    query::encode(&pairs)
}

/// The absolute address of a widget's own page with this query: what the QR code carries.
/// `origin` is the scheme and host (`https://example.org`), `base` the path the site is served
/// under (`""` or `"/tradeoffs"`), `query` the widget's state without `?`.
pub fn widget_url(origin: &str, base: &str, id: &str, query: &str) -> String {
    let origin = origin.trim_end_matches('/');
    let base = base.trim_end_matches('/');
    if query.is_empty() {
        format!("{origin}{base}/widgets/{id}")
    } else {
        format!("{origin}{base}/widgets/{id}?{query}")
    }
}

/// What a presentation clicker's key (or the keyboard's) asks of presenter mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clicker {
    /// → or Page Down: the next step, or the next slide.
    Next,
    /// ← or Page Up: the step before, or the slide before.
    Back,
    /// `B` or `.`: a black screen (any key brings the slide back).
    Blank,
    /// Escape: leave presenter mode.
    Leave,
}

/// The presenter's meaning of a key (`KeyboardEvent.key`), if any. `in_field`: the focus is in
/// a text field or a select, whose arrows and letters are the field's own (Page Up and Down,
/// which clickers send, and Escape still act).
pub fn clicker(key: &str, in_field: bool) -> Option<Clicker> {
    match key {
        "PageDown" => Some(Clicker::Next),
        "PageUp" => Some(Clicker::Back),
        "Escape" | "Esc" => Some(Clicker::Leave),
        _ if in_field => None,
        "ArrowRight" | "Right" => Some(Clicker::Next),
        "ArrowLeft" | "Left" => Some(Clicker::Back),
        "b" | "B" | "." => Some(Clicker::Blank),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
