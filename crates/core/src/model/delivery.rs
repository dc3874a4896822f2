//! Delivery guarantees, step by step: a producer publishes messages to a broker, the broker
//! delivers them one at a time to a consumer, and the consumer applies each message's effect
//! (say, "charge $10") and acknowledges it. The consumer may crash once, and acknowledgements
//! may be lost on the way back; the semantics decide what follows.
//!
//! **The rules** (the consumer's side of the Kafka documentation's "Message Delivery
//! Semantics", in its design section):
//! - **At-most-once:** the consumer acknowledges a message as soon as it arrives, then
//!   processes it. The broker never delivers a message twice and does not wait for the
//!   acknowledgement, so a lost acknowledgement changes nothing. A crash at message `k` happens
//!   after its acknowledgement, while it is being processed, before its effect: message `k` is
//!   lost.
//! - **At-least-once:** the consumer processes a message, then acknowledges it; the broker
//!   delivers again every message whose acknowledgement does not arrive (after a timeout). A
//!   crash at message `k` happens after its effect and before its acknowledgement: `k` is
//!   delivered again and its effect applied a second time. A lost acknowledgement does the same.
//! - **Exactly-once** (honestly, effectively once): at-least-once delivery, and an idempotent
//!   consumer that stores each message's id in the same transaction as its effect. A copy whose
//!   id is already stored is acknowledged without applying its effect again: delivered twice,
//!   applied once. The crash happens at the same place as under at-least-once.
//! - The consumer crashes at most once (during the first delivery of message `crash_at`) and
//!   restarts at once. Each acknowledgement sent is lost with probability `ack_loss`, drawn from
//!   the seed in the order they are sent. The broker delivers a message at most
//!   [`MAX_DELIVERIES`] times; after that many without an acknowledgement it sets the message
//!   aside (a dead-letter queue), so a run always ends.
//!
//! A run is a log of steps; the cursor says how many have happened. Deterministic given the
//! seed.

use super::rng::Rng;
use super::units::{parse_number, significant, trim};
use super::widget::{Table, UrlState, Widget, or_none};

/// The most messages a run sends.
pub const MAX_MESSAGES: usize = 20;
/// The most times the broker delivers one message before setting it aside.
pub const MAX_DELIVERIES: usize = 5;
/// The largest seed.
pub const MAX_SEED: u64 = u32::MAX as u64;

names! {
    /// What the broker and the consumer promise.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Semantics {
        /// Acknowledge, then process: never twice, maybe never.
        AtMostOnce = "at-most-once",
        /// Process, then acknowledge; redeliver what is not acknowledged: never lost, maybe twice.
        #[default]
        AtLeastOnce = "at-least-once",
        /// At-least-once with an idempotent consumer that remembers message ids.
        ExactlyOnce = "exactly-once",
    }
}

impl Semantics {
    /// What the semantics do, in a sentence, for the view and the lesson's readers.
    pub fn rule(self) -> &'static str {
        match self {
            Semantics::AtMostOnce => {
                "The consumer acknowledges each message as it arrives, then processes it. The broker never delivers a message twice and does not wait for acknowledgements, so a lost one changes nothing. The crash comes after the acknowledgement, before the effect: that message is lost."
            }
            Semantics::AtLeastOnce => {
                "The consumer processes each message, then acknowledges it; the broker delivers again any message whose acknowledgement does not arrive. The crash comes after the effect, before the acknowledgement: the message comes back and its effect is applied again."
            }
            Semantics::ExactlyOnce => {
                "At-least-once delivery, and a consumer that stores each message's id in the same transaction as its effect. A copy whose id is stored is acknowledged and skipped. The crash comes after the effect and the id are stored, before the acknowledgement."
            }
        }
    }
}

names! {
    /// A scenario of the lesson.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Preset {
        /// At-most-once, crash at message 4.
        AtMostOnceCrash = "at-most-once-crash",
        /// Exactly-once, crash at message 4.
        ExactlyOnceCrash = "exactly-once-crash",
        /// At-least-once, no crash, three acknowledgements in ten lost.
        LostAcks = "lost-acks",
        /// The same lost acknowledgements with an idempotent consumer.
        LostAcksIdempotent = "lost-acks-idempotent",
    }
}

impl Preset {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Preset::AtMostOnceCrash => "At-most-once: the consumer crashes at message 4",
            Preset::ExactlyOnceCrash => "Exactly-once: the consumer crashes at message 4",
            Preset::LostAcks => "At-least-once: 30 % of acknowledgements lost",
            Preset::LostAcksIdempotent => "Exactly-once: 30 % of acknowledgements lost",
        }
    }

    /// The state this scenario stands for.
    pub fn state(self) -> DeliveryState {
        let base = DeliveryState::default();
        match self {
            Preset::AtMostOnceCrash => DeliveryState { semantics: Semantics::AtMostOnce, ..base },
            Preset::ExactlyOnceCrash => DeliveryState { semantics: Semantics::ExactlyOnce, ..base },
            Preset::LostAcks => DeliveryState { crash_at: None, ack_loss: 0.3, seed: 3, ..base },
            Preset::LostAcksIdempotent => {
                DeliveryState { semantics: Semantics::ExactlyOnce, crash_at: None, ack_loss: 0.3, seed: 3, ..base }
            }
        }
    }
}

/// The whole state of the widget; it round-trips through a URL query.
#[derive(Clone, Debug, PartialEq)]
pub struct DeliveryState {
    /// At-most-once, at-least-once or exactly-once (key `semantics`).
    pub semantics: Semantics,
    /// Messages the producer publishes, 1 to [`MAX_MESSAGES`] (key `messages`).
    pub messages: usize,
    /// The message (from 1) during whose first delivery the consumer crashes, if any; one beyond
    /// `messages` means no crash (key `crash_at`).
    pub crash_at: Option<usize>,
    /// The probability that an acknowledgement is lost, 0 to 1 (key `ack_loss`).
    pub ack_loss: f64,
    /// The seed of the lost acknowledgements, 0 to [`MAX_SEED`] (key `seed`).
    pub seed: u64,
    /// Steps shown so far (`None`: all of them; key `step`).
    pub step: Option<usize>,
}

impl Default for DeliveryState {
    fn default() -> Self {
        DeliveryState {
            semantics: Semantics::AtLeastOnce,
            messages: 10,
            crash_at: Some(4),
            ack_loss: 0.0,
            seed: 1,
            step: None,
        }
    }
}

/// Who sends or does a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// Publishes the messages.
    Producer,
    /// Stores, delivers and redelivers them.
    Broker,
    /// Applies their effects and acknowledges them.
    Consumer,
}

impl Actor {
    /// The actor's name.
    pub fn name(self) -> &'static str {
        match self {
            Actor::Producer => "Producer",
            Actor::Broker => "Broker",
            Actor::Consumer => "Consumer",
        }
    }
}

names! {
    /// What a step is.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Kind {
        /// Producer → broker: a new message.
        Publish = "publish",
        /// Broker → consumer: a message's first delivery.
        Deliver = "deliver",
        /// Broker → consumer: a message delivered again.
        Redeliver = "redeliver",
        /// The consumer applies a message's effect for the first time.
        Apply = "apply",
        /// The consumer applies a message's effect again: a duplicate effect.
        Repeat = "repeat",
        /// The consumer finds the message's id stored and skips its effect.
        Skip = "skip",
        /// Consumer → broker: an acknowledgement that arrives.
        Ack = "ack",
        /// Consumer → broker: an acknowledgement lost on the way.
        AckLost = "ack-lost",
        /// The consumer crashes (and restarts).
        Crash = "crash",
        /// The broker will never deliver the message again, and its effect was never applied.
        Lost = "lost",
        /// The broker gives up on the message after [`MAX_DELIVERIES`] deliveries.
        DeadLetter = "dead-letter",
    }
}

/// One step of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// What happens.
    pub kind: Kind,
    /// The message it concerns (from 1).
    pub message: usize,
    /// Who sends or does it.
    pub from: Actor,
    /// Who receives it (the same actor for something done in place).
    pub to: Actor,
    /// What happens, for people.
    pub text: String,
}

/// The whole run: every step, in order. Each acknowledgement sent is lost when `lose` says so
/// (called once per acknowledgement, in order): [`run`] draws from the seed, tests pass their
/// own patterns.
pub fn simulate(s: &DeliveryState, lose: &mut dyn FnMut() -> bool) -> Vec<Step> {
    use Actor::{Broker, Consumer, Producer};
    let mut log = Vec::new();
    let mut push = |kind, message, from, to, text: String| log.push(Step { kind, message, from, to, text });
    for m in 1..=s.messages.min(MAX_MESSAGES) {
        let crash = s.crash_at == Some(m);
        push(Kind::Publish, m, Producer, Broker, format!("publishes message {m}; the broker stores it"));
        if s.semantics == Semantics::AtMostOnce {
            push(Kind::Deliver, m, Broker, Consumer, format!("delivers message {m}"));
            if lose() {
                push(
                    Kind::AckLost,
                    m,
                    Consumer,
                    Broker,
                    format!(
                        "acknowledges message {m} before processing it; the acknowledgement is lost, which changes nothing: the broker does not wait for it"
                    ),
                );
            } else {
                push(Kind::Ack, m, Consumer, Broker, format!("acknowledges message {m} before processing it"));
            }
            if crash {
                push(
                    Kind::Crash,
                    m,
                    Consumer,
                    Consumer,
                    format!("crashes while processing message {m}, before its effect, and restarts"),
                );
                push(
                    Kind::Lost,
                    m,
                    Broker,
                    Broker,
                    format!("message {m} was acknowledged, so it is never delivered again: it is lost"),
                );
            } else {
                push(Kind::Apply, m, Consumer, Consumer, format!("applies message {m}'s effect"));
            }
            continue;
        }
        let idempotent = s.semantics == Semantics::ExactlyOnce;
        let mut applied = false;
        for delivery in 1..=MAX_DELIVERIES {
            if delivery == 1 {
                push(Kind::Deliver, m, Broker, Consumer, format!("delivers message {m}"));
            } else {
                push(
                    Kind::Redeliver,
                    m,
                    Broker,
                    Consumer,
                    format!("no acknowledgement of message {m} before the timeout: delivers it again (delivery {delivery})"),
                );
            }
            if idempotent && applied {
                push(
                    Kind::Skip,
                    m,
                    Consumer,
                    Consumer,
                    format!("finds message {m}'s id among those processed: skips the effect"),
                );
            } else if applied {
                push(
                    Kind::Repeat,
                    m,
                    Consumer,
                    Consumer,
                    format!("applies message {m}'s effect again: a duplicate effect"),
                );
            } else if idempotent {
                push(
                    Kind::Apply,
                    m,
                    Consumer,
                    Consumer,
                    format!("applies message {m}'s effect and stores its id, in one transaction"),
                );
            } else {
                push(Kind::Apply, m, Consumer, Consumer, format!("applies message {m}'s effect"));
            }
            applied = true;
            if crash && delivery == 1 {
                push(
                    Kind::Crash,
                    m,
                    Consumer,
                    Consumer,
                    format!("crashes before acknowledging message {m}, and restarts"),
                );
            } else if lose() {
                push(
                    Kind::AckLost,
                    m,
                    Consumer,
                    Broker,
                    format!("acknowledges message {m}; the acknowledgement is lost on the way"),
                );
            } else {
                push(Kind::Ack, m, Consumer, Broker, format!("acknowledges message {m}; the broker deletes it"));
                break;
            }
            if delivery == MAX_DELIVERIES {
                push(
                    Kind::DeadLetter,
                    m,
                    Broker,
                    Broker,
                    format!(
                        "message {m} delivered {MAX_DELIVERIES} times without an acknowledgement: sets it aside in a dead-letter queue"
                    ),
                );
            }
        }
    }
    log
}

/// The run of a state, its acknowledgements lost at random from its seed.
pub fn run(s: &DeliveryState) -> Vec<Step> {
    let mut rng = Rng::new(s.seed);
    let p = s.ack_loss;
    simulate(s, &mut || rng.unit() < p)
}

/// What has happened after some steps of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Messages published so far.
    pub published: usize,
    /// Messages whose effect was applied at least once.
    pub processed: usize,
    /// Messages the broker will never deliver again, their effect never applied.
    pub lost: usize,
    /// Effects applied beyond each message's first (a message applied 3 times counts 2).
    pub duplicates: usize,
    /// Deliveries beyond each message's first.
    pub redelivered: usize,
    /// Copies the idempotent consumer recognised and skipped.
    pub skipped: usize,
    /// Acknowledgements lost on the way.
    pub acks_lost: usize,
    /// Messages set aside after [`MAX_DELIVERIES`] deliveries.
    pub dead_lettered: usize,
    /// How many times each message's effect was applied (index 0 is message 1).
    pub applied: Vec<usize>,
    /// How many times each message was delivered.
    pub deliveries: Vec<usize>,
    /// Whether each message is lost.
    pub gone: Vec<bool>,
}

/// Replays the first `upto` steps of a run of `messages` messages.
pub fn tally(messages: usize, log: &[Step], upto: usize) -> Tally {
    let n = messages.min(MAX_MESSAGES);
    let mut t = Tally { applied: vec![0; n], deliveries: vec![0; n], gone: vec![false; n], ..Tally::default() };
    for step in &log[..upto.min(log.len())] {
        let i = step.message.saturating_sub(1).min(n.saturating_sub(1));
        match step.kind {
            Kind::Publish => t.published += 1,
            Kind::Deliver => t.deliveries[i] += 1,
            Kind::Redeliver => {
                t.deliveries[i] += 1;
                t.redelivered += 1;
            }
            Kind::Apply | Kind::Repeat => t.applied[i] += 1,
            Kind::Skip => t.skipped += 1,
            Kind::AckLost => t.acks_lost += 1,
            Kind::Lost => {
                t.lost += 1;
                t.gone[i] = true;
            }
            Kind::DeadLetter => t.dead_lettered += 1,
            Kind::Ack | Kind::Crash => {}
        }
    }
    t.processed = t.applied.iter().filter(|&&a| a > 0).count();
    t.duplicates = t.applied.iter().map(|&a| a.saturating_sub(1)).sum();
    t
}

impl DeliveryState {
    /// The cursor: steps that have happened, within the run.
    pub fn cursor(&self, total: usize) -> usize {
        self.step.unwrap_or(total).min(total)
    }

    /// The crash, if it falls within the messages sent.
    pub fn crash(&self) -> Option<usize> {
        self.crash_at.filter(|&k| k <= self.messages)
    }
}

/// A probability as a percentage, without the float's noise (`0.3` → `30`).
pub fn percent(p: f64) -> String {
    trim(significant(p * 100.0, 9))
}

/// Reads a whole number within `[lo, hi]`.
fn whole(text: &str, lo: u64, hi: u64, what: &str) -> Result<u64, String> {
    let v = parse_number(text).map_err(|e| format!("{what}: {e}"))?;
    if v.fract() != 0.0 || v < lo as f64 || v > hi as f64 {
        return Err(format!("{what} must be a whole number from {lo} to {hi}"));
    }
    Ok(v as u64)
}

/// Reads a probability: `0.25`, `0,25` or `25 %`.
fn probability(text: &str) -> Result<f64, String> {
    let what = "the chance that an acknowledgement is lost";
    let v = parse_number(text).map_err(|e| format!("{what}: {e}"))?;
    let v = if text.trim().ends_with('%') { v / 100.0 } else { v };
    if !(0.0..=1.0).contains(&v) {
        return Err(format!("{what} must be from 0 to 1 (or 0 % to 100 %)"));
    }
    // -0 reads as 0.
    Ok(v + 0.0)
}

impl UrlState for DeliveryState {
    const KEYS: &'static [&'static str] = &["preset", "semantics", "messages", "crash_at", "ack_loss", "seed", "step"];

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let v = value.trim();
        match key {
            "semantics" => {
                self.semantics = Semantics::from_name(v)
                    .ok_or_else(|| format!("“{v}”: use at-most-once, at-least-once or exactly-once"))?;
            }
            "messages" => self.messages = whole(v, 1, MAX_MESSAGES as u64, "the number of messages")? as usize,
            "crash_at" => {
                self.crash_at = if v.is_empty() || v.eq_ignore_ascii_case("none") {
                    None
                } else {
                    Some(whole(v, 1, MAX_MESSAGES as u64, "the message during which the consumer crashes")? as usize)
                };
            }
            "ack_loss" => self.ack_loss = probability(v)?,
            "seed" => self.seed = whole(v, 0, MAX_SEED, "the seed")?,
            "step" => {
                self.step = match v {
                    "end" => None,
                    _ => Some(v.parse::<usize>().map_err(|_| format!("“{v}”: use a step count (0 or more) or end"))?),
                }
            }
            _ => return Err(format!("unknown setting; this widget reads {}", Self::KEYS.join(", "))),
        }
        Ok(())
    }

    fn get(&self, key: &str) -> String {
        match key {
            "semantics" => self.semantics.name().to_string(),
            "messages" => self.messages.to_string(),
            "crash_at" => or_none(self.crash_at),
            "ack_loss" => trim(self.ack_loss),
            "seed" => self.seed.to_string(),
            "step" => self.step.map_or_else(|| "end".to_string(), |k| k.to_string()),
            _ => String::new(),
        }
    }

    crate::scenarios!(Preset, lookup);

    /// The scenario whose settings these are, wherever the stepper stands.
    fn named(&self) -> Option<&'static str> {
        Preset::ALL.into_iter().find(|p| DeliveryState { step: self.step, ..p.state() } == *self).map(Preset::name)
    }
}

/// A message's fate at the end of a run, for people.
pub fn fate(t: &Tally, m: usize) -> String {
    let i = m - 1;
    match (t.applied.get(i).copied().unwrap_or(0), t.deliveries.get(i).copied().unwrap_or(0)) {
        (_, 0) => "not delivered yet".to_string(),
        (0, _) => "lost".to_string(),
        (1, _) => "applied once".to_string(),
        (a, _) => format!("applied {a} times"),
    }
}

impl Widget for DeliveryState {
    const ID: &'static str = "delivery";
    const TITLE: &'static str = "Delivery guarantees";
    const BLURB: &'static str = "Send messages through a broker to a consumer that crashes or loses acknowledgements, and count the effects lost and applied twice under at-most-once, at-least-once and exactly-once.";

    /// Each message: deliveries, effects applied, fate; then the totals.
    fn twin(&self) -> Option<Table> {
        let log = run(self);
        let t = tally(self.messages, &log, log.len());
        let mut rows: Vec<Vec<String>> = (1..=t.applied.len())
            .map(|m| vec![format!("Message {m}"), t.deliveries[m - 1].to_string(), t.applied[m - 1].to_string(), fate(&t, m)])
            .collect();
        rows.push(vec![
            "Total".into(),
            format!("{} ({} again)", t.deliveries.iter().sum::<usize>(), t.redelivered),
            format!("{} ({} duplicate)", t.applied.iter().sum::<usize>(), t.duplicates),
            format!("{} processed, {} lost", t.processed, t.lost),
        ]);
        Some(Table {
            caption: format!(
                "{} messages, {}, crash at {}, {} % of acknowledgements lost (seed {})",
                self.messages,
                self.semantics.name(),
                or_none(self.crash()),
                percent(self.ack_loss),
                self.seed
            ),
            head: vec!["Message".into(), "Deliveries".into(), "Effects applied".into(), "Fate".into()],
            rows,
        })
    }
}

#[cfg(test)]
mod tests;
