//! The widget's state and its reducer (yew's `use_reducer`): everything the applicant typed,
//! where they are, what is shown, and how sending went. Pure: no DOM, no network, no clock
//! (times come in with the actions), so it is tested natively.
//!
//! The values of every step live here for the whole visit, so Back and Next never lose what
//! was typed; nothing is written anywhere else (no storage, no history entries).

use std::rc::Rc;

use prequal_rules::application::ConsentKind;
use prequal_rules::config::Config;
use yew::Reducible;

use crate::display;
use crate::form::{self, ServerProblem, Step, Values, AMOUNT, TERM};

/// The partner's offers.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Offers {
    #[default]
    Loading,
    /// `GET /v1/offers` failed, for want of a network or not; the applicant may try again.
    Failed {
        network: bool,
    },
    /// The options are wrong (no API, no key): nothing can be loaded.
    Misconfigured,
    Ready(Rc<Config>),
}

/// How sending went.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Send {
    #[default]
    Idle,
    Sending,
    /// Accepted; the status last reported by `GET /v1/applications/{id}`.
    Sent {
        status: Option<String>,
    },
    Failed(Failure),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Network errors or 5xx until the attempts ran out: try again.
    Network,
    /// The lender reported field problems, shown at the fields.
    Problems,
    /// The endpoint is neither HTTPS nor on this machine: nothing was sent.
    Refused,
    /// Another 4xx.
    Rejected,
}

/// Where the keyboard focus goes after an action: moved only in answer to the applicant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Focus {
    StepHeading,
    Summary,
    Field(usize),
    /// After sending: the button pressed was disabled while it went on, which took the focus
    /// away. Sent: the confirmation that replaced the form. Not sent: "send again" (the live
    /// region says what happened).
    Sent,
    SendAgain,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub offers: Offers,
    pub step: Step,
    pub values: Rc<Values>,
    /// A date input holding a half-typed date (the DOM reports `badInput`).
    pub bad_input: Rc<Vec<bool>>,
    /// Fields whose message is shown: left once with something in them (or emptied), or
    /// checked by Next.
    pub revealed: Rc<Vec<bool>>,
    /// Fields the applicant has typed in: one emptied again is missing when left, whereas an
    /// empty field merely tabbed past waits for Next.
    pub typed: Rc<Vec<bool>>,
    /// The error summary is shown (after Next or Send found problems).
    pub summary: bool,
    /// Bumped whenever anything the verdict depends on changes.
    pub revision: u64,
    /// When each consent was given (RFC 3339), in [`ConsentKind::ALL`] order.
    pub consents: [Option<String>; 3],
    pub offer_id: Option<String>,
    pub server_problems: Rc<Vec<ServerProblem>>,
    pub send: Send,
    pub application_id: Option<String>,
    pub focus: Option<Focus>,
    /// Bumped with every focus request, so the same target can be focused twice.
    pub focus_seq: u32,
    /// The last field left, and a counter so that leaving the same field again is an event.
    pub left: Option<(usize, u32)>,
    /// Bumped by "Load again": the offers are asked for anew.
    pub reload: u32,
    /// The first `LOADING_DELAY_MS` (app.rs): while the offers load then, nothing is drawn.
    pub quiet: bool,
}

impl Default for State {
    fn default() -> State {
        State {
            offers: Offers::Loading,
            step: Step::Loan,
            values: Rc::new(form::empty_values()),
            bad_input: Rc::new(vec![false; form::FIELDS.len()]),
            revealed: Rc::new(vec![false; form::FIELDS.len()]),
            typed: Rc::new(vec![false; form::FIELDS.len()]),
            summary: false,
            revision: 0,
            consents: [None, None, None],
            offer_id: None,
            server_problems: Rc::default(),
            send: Send::Idle,
            application_id: None,
            focus: None,
            focus_seq: 0,
            left: None,
            reload: 0,
            quiet: true,
        }
    }
}

/// A field's new value, from the field component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldInput {
    pub index: usize,
    pub value: String,
    /// The DOM says the input holds something that is not a value yet (a half-typed date).
    pub bad_input: bool,
    /// The field shows an error now: keep checking as the applicant types, so the message
    /// goes the moment the value is right. Otherwise messages wait until the field is left.
    pub live: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The loading message may show from now on.
    QuietOver,
    /// "Load again": `reload` takes this value.
    Reload(u32),
    Loading,
    Loaded(Rc<Config>),
    LoadFailed {
        network: bool,
    },
    Misconfigured,
    Input(FieldInput),
    Leave(usize),
    /// Next was pressed: go on, or, when the step has errors, show them.
    Next {
        blocked: bool,
    },
    Back,
    /// Go to a step to change a field (from the result's reasons).
    Fix {
        step: Step,
        field: Option<usize>,
    },
    ChooseOffer(String),
    /// A consent box ticked (with the time) or unticked.
    Consent {
        kind: ConsentKind,
        given_at: Option<String>,
    },
    /// Send was pressed but something is missing: show the summary.
    SubmitBlocked,
    Sending {
        application_id: String,
    },
    Sent {
        status: Option<String>,
    },
    Failed(Failure),
    ServerProblems(Vec<ServerProblem>),
    Status(String),
}

fn kind_index(kind: ConsentKind) -> usize {
    ConsentKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0)
}

impl State {
    pub fn consent(&self, kind: ConsentKind) -> Option<&str> {
        self.consents[kind_index(kind)].as_deref()
    }

    pub fn config(&self) -> Option<&Rc<Config>> {
        match &self.offers {
            Offers::Ready(config) => Some(config),
            _ => None,
        }
    }

    pub fn sent(&self) -> bool {
        matches!(self.send, Send::Sent { .. })
    }

    /// Sending or sent: what was sent must stay what the form shows, so no step is left.
    pub fn locked(&self) -> bool {
        matches!(self.send, Send::Sending | Send::Sent { .. })
    }

    fn focus(&mut self, focus: Focus) {
        self.focus = Some(focus);
        self.focus_seq = self.focus_seq.wrapping_add(1);
    }

    fn reveal_step(&mut self, step: Step) {
        let revealed = Rc::make_mut(&mut self.revealed);
        for i in form::of_step(step) {
            revealed[i] = true;
        }
    }

    /// Starting values from the offers: the first offer's middle amount (rounded down to
    /// 1 000 ₽) and its longest term, so the first screen already shows a price.
    fn defaults(&mut self, config: &Config) {
        let Some(first) = config.offers.first() else {
            return;
        };
        let values = Rc::make_mut(&mut self.values);
        if values[AMOUNT].is_empty() {
            let middle = first.amount_min_kop / 2 + first.amount_max_kop / 2;
            let rounded = (middle / 100_000 * 100_000).max(first.amount_min_kop);
            values[AMOUNT] = display::rubles_input(rounded);
        }
        if values[TERM].is_empty() {
            // The longest term the first offer's range allows that some offer lends for this
            // amount (an instalment offer's longest term need not be whole periods). No overflow:
            // offers longer than 365 days never get here (`Config::problems`, `load_offers`).
            let amount = form::parse_rubles(&values[AMOUNT])
                .ok()
                .flatten()
                .unwrap_or(0);
            let max = first.term_max_days;
            values[TERM] = form::term_step(config, amount, max + 1, false)
                .min(max)
                .to_string();
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::QuietOver => s.quiet = false,
            Action::Reload(reload) => s.reload = reload,
            Action::Loading => s.offers = Offers::Loading,
            Action::Loaded(config) => {
                s.defaults(&config);
                s.offers = Offers::Ready(config);
                s.revision += 1;
            }
            Action::LoadFailed { network } => s.offers = Offers::Failed { network },
            Action::Misconfigured => s.offers = Offers::Misconfigured,
            Action::Input(input) => {
                let Some(slot) = Rc::make_mut(&mut s.values).get_mut(input.index) else {
                    return self;
                };
                *slot = input.value;
                Rc::make_mut(&mut s.typed)[input.index] = true;
                Rc::make_mut(&mut s.bad_input)[input.index] = input.bad_input;
                if !input.live {
                    Rc::make_mut(&mut s.revealed)[input.index] = false;
                }
                let path = form::FIELDS[input.index].path;
                if s.server_problems.iter().any(|p| p.field == path) {
                    Rc::make_mut(&mut s.server_problems).retain(|p| p.field != path);
                }
                s.revision += 1;
            }
            Action::Leave(index) => {
                if index >= form::FIELDS.len() {
                    return self;
                }
                // Leaving an empty field never typed in is passing by: Next will ask for it.
                let passing_by =
                    !s.typed[index] && !s.revealed[index] && s.values[index].trim().is_empty();
                if passing_by {
                    return self;
                }
                Rc::make_mut(&mut s.revealed)[index] = true;
                let seq = s.left.map_or(0, |(_, n)| n.wrapping_add(1));
                s.left = Some((index, seq));
            }
            Action::Next { blocked } => {
                if blocked {
                    s.reveal_step(s.step);
                    s.summary = true;
                    s.focus(Focus::Summary);
                } else {
                    s.step = s.step.next();
                    s.summary = false;
                    s.focus(Focus::StepHeading);
                }
            }
            Action::Back => {
                if !s.locked() {
                    s.step = s.step.prev();
                    s.summary = false;
                    s.focus(Focus::StepHeading);
                }
            }
            Action::Fix { step, field } => {
                if !s.locked() {
                    s.step = step;
                    s.summary = false;
                    s.focus(field.map_or(Focus::StepHeading, Focus::Field));
                }
            }
            Action::ChooseOffer(id) => {
                if s.offer_id.as_deref() != Some(id.as_str()) {
                    // Consents are given to one lender's texts: another offer needs them anew.
                    s.offer_id = Some(id);
                    s.consents = [None, None, None];
                    s.revision += 1;
                }
            }
            Action::Consent { kind, given_at } => {
                s.consents[kind_index(kind)] = given_at;
                s.revision += 1;
            }
            Action::SubmitBlocked => {
                s.summary = true;
                s.focus(Focus::Summary);
            }
            Action::Sending { application_id } => {
                s.application_id = Some(application_id);
                s.send = Send::Sending;
                s.summary = false;
            }
            Action::Sent { status } => {
                s.send = Send::Sent { status };
                s.focus(Focus::Sent);
            }
            Action::Failed(failure) => {
                s.send = Send::Failed(failure);
                s.focus(Focus::SendAgain);
            }
            Action::ServerProblems(problems) => {
                let revealed = Rc::make_mut(&mut s.revealed);
                for p in &problems {
                    if let Some(i) = form::index(&p.field) {
                        revealed[i] = true;
                    }
                }
                s.server_problems = Rc::new(problems);
                s.send = Send::Failed(Failure::Problems);
                s.summary = true;
                s.revision += 1;
                s.focus(Focus::Summary);
            }
            Action::Status(status) => {
                if let Send::Sent { status: current } = &mut s.send {
                    *current = Some(status);
                }
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(state: State, actions: Vec<Action>) -> State {
        let mut s = Rc::new(state);
        for a in actions {
            s = s.reduce(a);
        }
        (*s).clone()
    }

    fn input(index: usize, value: &str, live: bool) -> Action {
        Action::Input(FieldInput {
            index,
            value: value.into(),
            bad_input: false,
            live,
        })
    }

    #[test]
    fn loading_sets_a_priced_default_loan() {
        let s = run(
            State::default(),
            vec![Action::Loaded(Rc::new(Config::demo()))],
        );
        assert_eq!(s.values[AMOUNT], "15 000");
        assert_eq!(s.values[TERM], "30");
        assert!(s.config().is_some());
    }

    #[test]
    fn the_default_term_is_one_an_offer_lends_for() {
        // Instalments every 14 days up to 100 days: 98 days is the longest whole number of them.
        let mut config = Config::demo();
        config.offers.remove(0);
        config.offers[0].term_max_days = 100;
        let s = run(State::default(), vec![Action::Loaded(Rc::new(config))]);
        assert_eq!(s.values[TERM], "98");
    }

    #[test]
    fn back_and_next_keep_every_value() {
        let phone = form::index("applicant.phone").unwrap();
        let s = run(
            State::default(),
            vec![
                Action::Next { blocked: false },
                input(phone, "+7 912", false),
                Action::Back,
                Action::Next { blocked: false },
            ],
        );
        assert_eq!(s.step, Step::About);
        assert_eq!(s.values[phone], "+7 912");
        assert_eq!(s.focus, Some(Focus::StepHeading));
    }

    #[test]
    fn an_emptied_field_is_checked_when_left_an_untouched_one_is_not() {
        let name = form::index("applicant.first_name").unwrap();
        let s = run(State::default(), vec![Action::Leave(name)]);
        assert!(!s.revealed[name]);
        assert_eq!(s.left, None, "passing by is not a change");
        let s = run(
            s,
            vec![
                input(name, "Иван", false),
                input(name, "", false),
                Action::Leave(name),
            ],
        );
        assert!(s.revealed[name]);
        assert_eq!(s.left, Some((name, 0)));
    }

    #[test]
    fn messages_wait_for_leaving_unless_one_is_showing() {
        let inn = form::index("applicant.inn").unwrap();
        let s = run(State::default(), vec![input(inn, "5", false)]);
        assert!(!s.revealed[inn]);
        let s = run(s, vec![Action::Leave(inn)]);
        assert!(s.revealed[inn]);
        assert_eq!(s.left, Some((inn, 0)));
        // An error is showing: typing keeps it live.
        let s = run(s, vec![input(inn, "50", true)]);
        assert!(s.revealed[inn]);
        // Nothing wrong was showing: typing hides the check until the field is left again.
        let s = run(s, vec![input(inn, "500", false)]);
        assert!(!s.revealed[inn]);
    }

    #[test]
    fn a_blocked_next_reveals_the_step_and_focuses_the_summary() {
        let s = run(
            State::default(),
            vec![
                Action::Next { blocked: false },
                Action::Next { blocked: true },
            ],
        );
        assert_eq!(s.step, Step::About);
        assert!(s.summary);
        assert_eq!(s.focus, Some(Focus::Summary));
        for i in form::of_step(Step::About) {
            assert!(s.revealed[i]);
        }
        assert!(!s.revealed[AMOUNT]);
    }

    #[test]
    fn another_offer_needs_the_consents_again() {
        let s = run(
            State::default(),
            vec![
                Action::ChooseOffer("a".into()),
                Action::Consent {
                    kind: ConsentKind::Transfer,
                    given_at: Some("2026-11-24T10:00:00+03:00".into()),
                },
            ],
        );
        assert!(s.consent(ConsentKind::Transfer).is_some());
        let same = run(s.clone(), vec![Action::ChooseOffer("a".into())]);
        assert!(same.consent(ConsentKind::Transfer).is_some());
        let other = run(s, vec![Action::ChooseOffer("b".into())]);
        assert_eq!(other.consent(ConsentKind::Transfer), None);
    }

    #[test]
    fn server_problems_show_at_their_fields_until_edited() {
        let inn = form::index("applicant.inn").unwrap();
        let s = run(
            State::default(),
            vec![Action::ServerProblems(vec![ServerProblem {
                field: "applicant.inn".into(),
                code: "inn.checksum".into(),
                message: "m".into(),
            }])],
        );
        assert!(s.revealed[inn] && s.summary);
        assert_eq!(s.send, Send::Failed(Failure::Problems));
        let s = run(s, vec![input(inn, "1", true)]);
        assert!(s.server_problems.is_empty());
    }

    #[test]
    fn after_sending_the_form_stays_put_and_takes_the_status() {
        let s = run(
            State {
                step: Step::Consent,
                ..State::default()
            },
            vec![
                Action::Sending {
                    application_id: "id".into(),
                },
                Action::Sent { status: None },
                Action::Back,
                Action::Status("approved".into()),
            ],
        );
        assert_eq!(s.step, Step::Consent);
        assert_eq!(
            s.send,
            Send::Sent {
                status: Some("approved".into())
            }
        );
        assert_eq!(s.application_id.as_deref(), Some("id"));
    }

    /// The form cannot change under an application on its way: what is sent is what it shows.
    #[test]
    fn while_sending_no_step_is_left() {
        let consent = State {
            step: Step::Consent,
            ..State::default()
        };
        let sending = Action::Sending {
            application_id: "id".into(),
        };
        let fix = Action::Fix {
            step: Step::About,
            field: None,
        };
        let s = run(consent, vec![sending, Action::Back, fix]);
        assert_eq!(s.step, Step::Consent);
        assert!(s.locked() && !s.sent());
        // Once it has failed, the applicant may go back and change it.
        let s = run(s, vec![Action::Failed(Failure::Network), Action::Back]);
        assert_eq!(s.step, Step::Result);
        assert!(!s.locked());
    }
}
