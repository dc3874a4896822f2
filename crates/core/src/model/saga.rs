//! The saga stepper: a distributed transaction as a chain of local transactions, each with a
//! compensating transaction, coordinated by an orchestrator or by events on a broker.
//!
//! **The rules.**
//! - Steps run in order. When step `f` fails, every step that completed (`f − 1` down to 1) is
//!   compensated, in reverse order; the failed step itself changed nothing and is not. With no
//!   failure the saga commits when the last step is done.
//! - **Orchestration:** the orchestrator sends each service a command and waits for its reply:
//!   two messages per step and per compensation.
//! - **Choreography:** each service publishes an event when its work is done (or failed, or
//!   undone); the next service reacts to it. One message per step and per compensation.
//! - Options: one compensation fails once and is retried (the orchestrator sends the command
//!   again; in choreography the broker delivers the event again), and one step's trigger is
//!   delivered twice (the service finds the message id among those it has processed and
//!   ignores the copy: the step is idempotent).
//!
//! A run is a log of messages; the cursor says how many have happened. Moving it back shows an
//! earlier moment; nothing is undone in the world. Deterministic.

use super::widget::{Table, UrlState, Widget, or_none};

/// One service of a flow: its name, its local transaction and its compensation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Service {
    /// The service.
    pub name: &'static str,
    /// Its local transaction (Tᵢ).
    pub work: &'static str,
    /// The event it publishes when done (choreography).
    pub done_event: &'static str,
    /// Its compensating transaction (Cᵢ).
    pub undo: &'static str,
    /// The event it publishes when undone (choreography).
    pub undone_event: &'static str,
    /// Why this step might fail.
    pub failure: &'static str,
}

const fn service(
    name: &'static str,
    work: &'static str,
    done_event: &'static str,
    undo: &'static str,
    undone_event: &'static str,
    failure: &'static str,
) -> Service {
    Service { name, work, done_event, undo, undone_event, failure }
}

names! {
    /// A saga the lesson walks through.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Flow {
        /// A ticket reservation: Order → Security → Billing → Reservation → Email.
        #[default]
        Ticket = "ticket",
        /// A travel package: Airline → Hotel → Payment (payment last: nobody is charged before
        /// the flight and the room are confirmed).
        Travel = "travel",
        /// A shop checkout: Order → Payment → Inventory → Shipping → Fraud check → Loyalty →
        /// Referral.
        Checkout = "checkout",
    }
}

const TICKET: [Service; 5] = [
    service(
        "Order",
        "Register the order as pending",
        "OrderRegistered",
        "Cancel the order",
        "OrderCancelled",
        "the order form is invalid",
    ),
    service(
        "Security",
        "Check the user is not a bot or blacklisted",
        "UserVerified",
        "Delete the verification record",
        "VerificationDeleted",
        "the user is blacklisted",
    ),
    service(
        "Billing",
        "Authorize the amount on the card",
        "PaymentAuthorized",
        "Void the authorization",
        "AuthorizationVoided",
        "the card is declined",
    ),
    service(
        "Reservation",
        "Reserve the seat",
        "SeatReserved",
        "Release the seat",
        "SeatReleased",
        "the seat was taken meanwhile",
    ),
    service(
        "Email",
        "Send the confirmation",
        "ConfirmationSent",
        "Send a cancellation notice",
        "CancellationSent",
        "the mail server rejects the address",
    ),
];

const TRAVEL: [Service; 3] = [
    service("Airline", "Book the flight", "FlightBooked", "Cancel the flight", "FlightCancelled", "the flight is full"),
    service("Hotel", "Book the room", "RoomBooked", "Cancel the room", "RoomCancelled", "no room is free"),
    service(
        "Payment",
        "Charge the customer",
        "CustomerCharged",
        "Refund the customer",
        "CustomerRefunded",
        "the card is declined",
    ),
];

const CHECKOUT: [Service; 7] = [
    service("Order", "Create the order", "OrderCreated", "Cancel the order", "OrderCancelled", "the cart is empty"),
    service(
        "Payment",
        "Charge the card",
        "PaymentCharged",
        "Refund the charge",
        "PaymentRefunded",
        "the card is declined",
    ),
    service("Inventory", "Reserve the stock", "StockReserved", "Put the stock back", "StockReleased", "out of stock"),
    service(
        "Shipping",
        "Schedule the shipment",
        "ShipmentScheduled",
        "Cancel the shipment",
        "ShipmentCancelled",
        "no carrier serves the address",
    ),
    service(
        "Fraud check",
        "Screen the order for fraud",
        "FraudCleared",
        "Delete the screening record",
        "ScreeningDeleted",
        "the order looks fraudulent",
    ),
    service(
        "Loyalty",
        "Award loyalty points",
        "PointsAwarded",
        "Take the points back",
        "PointsRevoked",
        "the loyalty service is down",
    ),
    service(
        "Referral",
        "Pay the referrer's bonus",
        "BonusPaid",
        "Reverse the bonus",
        "BonusReversed",
        "the referral code has expired",
    ),
];

impl Flow {
    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            Flow::Ticket => "Ticket reservation (5 services)",
            Flow::Travel => "Travel package (3 services)",
            Flow::Checkout => "Shop checkout (7 services)",
        }
    }

    /// Its services, in order.
    pub fn services(self) -> &'static [Service] {
        match self {
            Flow::Ticket => &TICKET,
            Flow::Travel => &TRAVEL,
            Flow::Checkout => &CHECKOUT,
        }
    }
}

names! {
    /// How the steps are coordinated.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Mode {
        /// A central orchestrator sends commands and receives replies.
        #[default]
        Orchestration = "orchestration",
        /// Services react to each other's events on a broker.
        Choreography = "choreography",
    }
}

impl Mode {
    /// The coordinating lane's name.
    pub fn hub(self) -> &'static str {
        match self {
            Mode::Orchestration => "Orchestrator",
            Mode::Choreography => "Broker",
        }
    }
}

names! {
    /// Where a service stands.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Status {
        /// Its transaction has not run.
        #[default]
        Pending = "pending",
        /// Its transaction is done.
        Done = "done",
        /// Its transaction failed (and changed nothing).
        Failed = "failed",
        /// Its transaction was done, then undone by its compensation.
        Compensated = "compensated",
    }
}

names! {
    /// How the saga stands.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Outcome {
        /// Messages are still to come.
        Running = "running",
        /// Every step is done.
        Committed = "committed",
        /// A step failed and everything before it was compensated.
        Aborted = "aborted",
    }
}

/// One end of a message: the coordinating hub (orchestrator or broker) or a service (0-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    /// The orchestrator, or the broker.
    Hub,
    /// A service.
    Service(usize),
}

impl Lane {
    /// The lane's heading: the orchestrator or broker, or the service's name.
    pub fn name(self, flow: Flow, mode: Mode) -> &'static str {
        match self {
            Lane::Hub => mode.hub(),
            Lane::Service(k) => flow.services().get(k).map_or("?", |s| s.name),
        }
    }
}

names! {
    /// What a message is.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Kind {
        /// Orchestrator → service: do this.
        Command = "cmd",
        /// Service → orchestrator: this is how it went.
        Reply = "reply",
        /// Service → broker: this happened.
        Event = "event",
        /// Broker → service: a copy delivered again.
        Redelivery = "again",
    }
}

/// What a message changes when it happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Nothing (a command on its way).
    None,
    /// Service `k` finished its transaction.
    Done(usize),
    /// Service `k`'s transaction failed.
    Failed(usize),
    /// Service `k`'s compensation failed; it will be tried again.
    UndoFailed(usize),
    /// Service `k` is compensated.
    Compensated(usize),
    /// Service `k` received a copy of a message it had processed, and ignored it.
    Ignored(usize),
}

/// One message of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Command, reply, event or redelivery.
    pub kind: Kind,
    /// Sender.
    pub from: Lane,
    /// Receiver.
    pub to: Lane,
    /// What it says.
    pub text: String,
    /// What it changes.
    pub effect: Effect,
}

/// A saga to run: the flow, the coordination and what goes wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct SagaState {
    /// Which saga.
    pub flow: Flow,
    /// Orchestration or choreography.
    pub mode: Mode,
    /// The step that fails (0-based), if any.
    pub fail: Option<usize>,
    /// The step whose compensation fails once before it succeeds (0-based), if any.
    pub undo_fails: Option<usize>,
    /// The step whose trigger is delivered twice (0-based), if any.
    pub duplicate: Option<usize>,
    /// Messages that have happened (`None`: all of them). A new saga starts at 0.
    pub step: Option<usize>,
}

impl Default for SagaState {
    fn default() -> Self {
        SagaState {
            flow: Flow::default(),
            mode: Mode::default(),
            fail: None,
            undo_fails: None,
            duplicate: None,
            step: Some(0),
        }
    }
}

/// The event a service publishes when its transaction fails: `FraudCheckFailed`.
pub fn failed_event(svc: &Service) -> String {
    let mut out = String::new();
    for word in svc.name.split(' ') {
        let mut chars = word.chars();
        if let Some(c) = chars.next() {
            out.push(c.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out + "Failed"
}

/// The whole run: every message, in order.
pub fn messages(s: &SagaState) -> Vec<Message> {
    let services = s.flow.services();
    let n = services.len();
    let fail = s.fail.filter(|&f| f < n);
    let mut log = Vec::new();
    let mut push = |kind, from, to, text: String, effect| log.push(Message { kind, from, to, text, effect });
    let last = fail.unwrap_or(n - 1);
    for (i, svc) in services.iter().enumerate().take(last + 1) {
        let me = Lane::Service(i);
        let failed = fail == Some(i);
        match s.mode {
            Mode::Orchestration => {
                push(Kind::Command, Lane::Hub, me, svc.work.to_string(), Effect::None);
                if s.duplicate == Some(i) {
                    let text = format!(
                        "the same command again (a retry): {} has processed this message id, ignores it",
                        svc.name
                    );
                    push(Kind::Redelivery, Lane::Hub, me, text, Effect::Ignored(i));
                }
                if failed {
                    push(Kind::Reply, me, Lane::Hub, format!("failed: {}", svc.failure), Effect::Failed(i));
                } else {
                    push(Kind::Reply, me, Lane::Hub, "done".to_string(), Effect::Done(i));
                }
            }
            Mode::Choreography => {
                if s.duplicate == Some(i) {
                    let trigger = if i == 0 { "the saga's start request" } else { services[i - 1].done_event };
                    let text =
                        format!("{trigger} delivered again: {} has processed this message id, ignores it", svc.name);
                    push(Kind::Redelivery, Lane::Hub, me, text, Effect::Ignored(i));
                }
                if failed {
                    push(
                        Kind::Event,
                        me,
                        Lane::Hub,
                        format!("{}: {}", failed_event(svc), svc.failure),
                        Effect::Failed(i),
                    );
                } else {
                    push(Kind::Event, me, Lane::Hub, svc.done_event.to_string(), Effect::Done(i));
                }
            }
        }
    }
    if let Some(f) = fail {
        for j in (0..f).rev() {
            let svc = &services[j];
            let me = Lane::Service(j);
            let retry = s.undo_fails == Some(j);
            match s.mode {
                Mode::Orchestration => {
                    push(Kind::Command, Lane::Hub, me, svc.undo.to_string(), Effect::None);
                    if retry {
                        push(
                            Kind::Reply,
                            me,
                            Lane::Hub,
                            "compensation failed; try again".to_string(),
                            Effect::UndoFailed(j),
                        );
                        push(Kind::Command, Lane::Hub, me, format!("{} (retry)", svc.undo), Effect::None);
                    }
                    push(Kind::Reply, me, Lane::Hub, "compensated".to_string(), Effect::Compensated(j));
                }
                Mode::Choreography => {
                    if retry {
                        let trigger = if j + 1 == f {
                            failed_event(&services[f])
                        } else {
                            services[j + 1].undone_event.to_string()
                        };
                        let text =
                            format!("{}'s compensation failed, so the broker delivers {trigger} again", svc.name);
                        push(Kind::Redelivery, Lane::Hub, me, text, Effect::UndoFailed(j));
                    }
                    push(
                        Kind::Event,
                        me,
                        Lane::Hub,
                        format!("{}: {}", svc.undone_event, svc.undo),
                        Effect::Compensated(j),
                    );
                }
            }
        }
    }
    log
}

/// The state of a run after some of its messages.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// Each service's status.
    pub statuses: Vec<Status>,
    /// Messages so far.
    pub messages: usize,
    /// All messages of the run.
    pub total: usize,
    /// Running until the last message; then committed or aborted.
    pub outcome: Outcome,
    /// Services compensated so far, in the order it happened (0-based).
    pub compensated: Vec<usize>,
}

/// Replays the first `upto` messages of `log` over `n` services.
pub fn snapshot(n: usize, log: &[Message], upto: usize) -> Snapshot {
    let upto = upto.min(log.len());
    let mut statuses = vec![Status::Pending; n];
    let mut compensated = Vec::new();
    let mut failed = false;
    for m in &log[..upto] {
        match m.effect {
            Effect::Done(k) => statuses[k] = Status::Done,
            Effect::Failed(k) => {
                statuses[k] = Status::Failed;
                failed = true;
            }
            Effect::Compensated(k) => {
                statuses[k] = Status::Compensated;
                compensated.push(k);
            }
            Effect::None | Effect::UndoFailed(_) | Effect::Ignored(_) => {}
        }
    }
    let outcome = match (upto == log.len(), failed) {
        (false, _) => Outcome::Running,
        (true, false) => Outcome::Committed,
        (true, true) => Outcome::Aborted,
    };
    Snapshot { statuses, messages: upto, total: log.len(), outcome, compensated }
}

impl UrlState for SagaState {
    const KEYS: &'static [&'static str] = &["flow", "mode", "fail", "undo_fails", "duplicate", "step"];
    // The flow first: the other numbers are checked against its length.
    const FIRST: &'static [&'static str] = &["flow"];

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let v = value.trim();
        let n = self.flow.services().len();
        let step_of = |what: &str| -> Result<Option<usize>, String> {
            if v.is_empty() || v == "none" {
                return Ok(None);
            }
            match v.parse::<usize>() {
                Ok(k) if (1..=n).contains(&k) => Ok(Some(k - 1)),
                _ => Err(format!("“{v}”: {what} must be a step from 1 to {n} ({}), or none", self.flow.name())),
            }
        };
        match key {
            "flow" => {
                self.flow = Flow::from_name(v)
                    .ok_or_else(|| format!("unknown flow “{v}”; use {}", Flow::ALL.map(|f| f.name()).join(", ")))?;
                let n = self.flow.services().len();
                for step in [&mut self.fail, &mut self.undo_fails, &mut self.duplicate] {
                    if step.is_some_and(|k| k >= n) {
                        *step = None;
                    }
                }
            }
            "mode" => self.mode = Mode::from_name(v).ok_or_else(|| format!("“{v}”: use orchestration or choreography"))?,
            "fail" => self.fail = step_of("the failing step")?,
            "undo_fails" => self.undo_fails = step_of("the step whose compensation fails")?,
            "duplicate" => self.duplicate = step_of("the step that gets a message twice")?,
            "step" => {
                self.step = match v {
                    "end" => None,
                    _ => {
                        Some(v.parse::<usize>().map_err(|_| format!("“{v}”: use a message count (0 or more) or end"))?)
                    }
                }
            }
            _ => return Err(format!("unknown setting; this widget reads {}", Self::KEYS.join(", "))),
        }
        Ok(())
    }

    fn get(&self, key: &str) -> String {
        let step = |k: Option<usize>| or_none(k.map(|k| k + 1));
        match key {
            "flow" => self.flow.name().to_string(),
            "mode" => self.mode.name().to_string(),
            "fail" => step(self.fail),
            "undo_fails" => step(self.undo_fails),
            "duplicate" => step(self.duplicate),
            "step" => self.step.map_or_else(|| "end".to_string(), |k| k.to_string()),
            _ => String::new(),
        }
    }
}

impl Widget for SagaState {
    const ID: &'static str = "saga";
    const TITLE: &'static str = "Saga stepper";
    const BLURB: &'static str =
        "Run a distributed transaction step by step, make a step fail, and watch the compensations undo the rest.";

    /// The services with their transactions and compensations.
    fn twin(&self) -> Option<Table> {
        Some(Table {
            caption: format!("The saga's steps and their compensations ({})", self.mode.name()),
            head: vec!["Service".into(), "Transaction".into(), "Compensation".into()],
            rows: self
                .flow
                .services()
                .iter()
                .map(|svc| vec![svc.name.to_string(), svc.work.to_string(), svc.undo.to_string()])
                .collect(),
        })
    }
}

impl SagaState {
    /// The cursor: messages that have happened, within the run.
    pub fn cursor(&self, total: usize) -> usize {
        self.step.unwrap_or(total).min(total)
    }
}

#[cfg(test)]
mod tests;
