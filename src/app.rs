//! The top-level component: loads the partner's offers, keeps the state (`state.rs`), asks
//! the rules engine for the verdict as the applicant types (`form.rs`), draws the step, and
//! talks to the host through typed events (`event.rs`).
//!
//! Network traffic: `GET /v1/offers` before `ready`; after it, nothing unless the application
//! qualifies and the three consents are given (then one application, see `net.rs`). Nothing
//! is stored in the browser, logged, or put in a URL.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use prequal_rules::application::{Consent, ConsentKind, Locale};
use prequal_rules::check::{check, Context};
use prequal_rules::config::{Config, ConfigProblem, Offer};
use prequal_rules::text::{self, UiText};
use prequal_rules::verdict::{Severity, Verdict};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{BeforeUnloadEvent, Element, SubmitEvent};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::clock;
use crate::components::about_step::about_step;
use crate::components::consent_step::{consent_field, consent_id, consent_step, ConsentStepProps};
use crate::components::error_summary::{error_summary, Entry, ErrorSummaryProps};
use crate::components::income_step::income_step;
use crate::components::loan_step::{loan_step, LoanStepProps};
use crate::components::nav_buttons::{nav_buttons, Forward, NavButtonsProps};
use crate::components::progress::progress;
use crate::components::result_step::{result_step, ResultStepProps};
use crate::components::send_status;
use crate::components::{field_id, join, FormView};
use crate::dom::{self, SizeObserver};
use crate::event::{self, WidgetEvent, VERSION};
use crate::form::{self, Extras, Issue, Ranges, Step, FIELDS};
use crate::ids;
use crate::json;
use crate::net::{self, Outcome, Prefetched};
use crate::options::Options;
use crate::state::{Action, Failure, FieldInput, Focus, Offers, Send, State};

#[derive(Properties, Clone, Default)]
pub struct AppProps {
    #[prop_or_default]
    pub options: Options,
    /// Every event for the host (see `WidgetEvent`); none carries personal data.
    #[prop_or_default]
    pub on_event: Callback<WidgetEvent>,
    /// The partner's configuration given directly (tests, previews): no request is made.
    #[prop_or_default]
    pub config: Option<Rc<Config>>,
    /// `GET /v1/offers` already under way, started by the page before the wasm was there: the
    /// first load uses it instead of fetching, if it was made for the very URL and key that
    /// load would use. Read on the first render only.
    #[prop_or_default]
    pub prefetched: Option<Prefetched>,
    /// The host reports `resize` itself (the embed measures its whole container, partner
    /// header and footer included), so the app does not watch its own size.
    #[prop_or_default]
    pub host_resizes: bool,
}

/// A given configuration is compared by identity: the same `Rc` is the same configuration, and
/// comparing every offer field by field on each render would cost bundle bytes and time.
impl PartialEq for AppProps {
    fn eq(&self, other: &AppProps) -> bool {
        self.options == other.options
            && self.on_event == other.on_event
            && config_ptr(&self.config) == config_ptr(&other.config)
            && self.prefetched == other.prefetched
            && self.host_resizes == other.host_resizes
    }
}

fn config_ptr(config: &Option<Rc<Config>>) -> Option<*const Config> {
    config.as_ref().map(Rc::as_ptr)
}

/// What a mounted `App` keeps from render to render besides its `State`, in one hook (each
/// hook is code of its own in the bundle). Async work holds it too.
struct Instance {
    /// The id prefix (`pq-1a2b3c4d-`).
    prefix: AttrValue,
    /// The widget's root element.
    root: NodeRef,
    /// The host's latest callback: a host may replace it (`update`) while a request is under
    /// way.
    on_event: RefCell<Callback<WidgetEvent>>,
    /// Whether the component is still mounted: async work checks it before touching the state.
    alive: Cell<bool>,
    sending: Cell<Sending>,
    attempt: RefCell<Option<Attempt>>,
    /// Taken by the first load, whatever it does with it: a later load (another API or key,
    /// "Load again") must ask the API afresh, never reuse an answer from before.
    prefetched: RefCell<Option<Prefetched>>,
    /// What the last render's events and focus followed (`None` before the first render).
    drawn: Cell<Option<Drawn>>,
}

/// The last field left (`State::left`), the step, and the focus request (`State::focus_seq`).
type Drawn = (Option<(usize, u32)>, Step, u32);

impl Instance {
    /// Emits to the host's latest callback.
    fn emit(&self, event: WidgetEvent) {
        let callback = self.on_event.borrow().clone();
        callback.emit(event);
    }

    fn alive(&self) -> bool {
        self.alive.get()
    }
}

/// The verdict on everything typed so far and the messages it gives each field.
struct Checked {
    verdict: Option<Rc<Verdict>>,
    issues: Rc<Vec<Option<Issue>>>,
}

/// Sending: idle, one submission under way, or done for good. Checked and set synchronously
/// in the click handler, so a double click cannot start a second submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sending {
    Idle,
    Busy,
    Done,
}

/// How long the first load may take before the loading message shows: a usual delay before a
/// progress indicator, short enough that a slow API is not mistaken for a broken widget.
const LOADING_DELAY_MS: u64 = 300;

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let options = &props.options;
    let locale = options.locale;
    let ui = move |key| text::ui(key, locale);
    let inst: Rc<Instance> = use_memo((), |_| Instance {
        prefix: AttrValue::from(ids::instance_prefix()),
        root: NodeRef::default(),
        on_event: RefCell::new(props.on_event.clone()),
        alive: Cell::new(true),
        sending: Cell::new(Sending::Idle),
        attempt: RefCell::new(None),
        prefetched: RefCell::new(props.prefetched.clone()),
        drawn: Cell::new(None),
    });
    *inst.on_event.borrow_mut() = props.on_event.clone();
    let prefix = inst.prefix.clone();
    let state = use_reducer(State::default);
    let root = inst.root.clone();
    // The loading message waits LOADING_DELAY_MS (`State::quiet`): on a quick reply the form
    // appears without a "Loading…" flash, and the browser has no loading message to lay out and
    // paint while the reply is waiting to be handled (6–12 ms to interactive, BENCHMARKS.md
    // "Widget"). Once, on mount: that timer; on unmount, `alive` goes false.
    {
        let (dispatch, inst) = (state.dispatcher(), inst.clone());
        use_effect_with((), move |_| {
            let timer_inst = inst.clone();
            spawn_local(async move {
                yew::platform::time::sleep(std::time::Duration::from_millis(LOADING_DELAY_MS))
                    .await;
                if timer_inst.alive() {
                    dispatch.dispatch(Action::QuietOver);
                }
            });
            move || inst.alive.set(false)
        });
    }
    let drawn = !state.quiet || !matches!(state.offers, Offers::Loading);

    // The offers: from the props, or from the API; again when the API or key change.
    {
        let (dispatch, inst) = (state.dispatcher(), inst.clone());
        let (options, given) = (options.clone(), props.config.clone());
        let loading = matches!(state.offers, Offers::Loading);
        let deps = (
            options.api.clone(),
            options.partner_key.clone(),
            config_ptr(&given),
            state.reload,
        );
        use_effect_with(deps, move |_| {
            let prefetched = inst.prefetched.borrow_mut().take();
            load_offers(options, given, prefetched, loading, dispatch, inst);
        });
    }
    let config = state.config().cloned();
    {
        let inst = inst.clone();
        use_effect_with(config.is_some(), move |ready| {
            if *ready {
                inst.emit(WidgetEvent::Ready { version: VERSION });
            }
        });
    }

    // The verdict on everything typed so far, for every offer (no consents yet), and the
    // messages it gives each field: one memo, as both change with the same things.
    let checked: Rc<Checked> = {
        let (values, bad) = (state.values.clone(), state.bad_input.clone());
        let (server, config) = (state.server_problems.clone(), config.clone());
        use_memo((state.revision, locale, config.is_some()), move |_| {
            let Some(config) = config else {
                return Checked {
                    verdict: None,
                    issues: Rc::new(vec![None; FIELDS.len()]),
                };
            };
            let v = form::verdict(&values, Vec::new(), None, &config, &clock::now(), locale);
            let issues = form::issues(&values, &bad, &v, Some(&config), &server, locale);
            Checked {
                verdict: Some(Rc::new(v)),
                issues: Rc::new(issues),
            }
        })
    };
    let (verdict, issues) = (checked.verdict.clone(), checked.issues.clone());
    let ranges = config.as_deref().and_then(Ranges::of);
    let shown: Rc<Vec<Option<Issue>>> = Rc::new(
        issues
            .iter()
            .zip(state.revealed.iter())
            .map(|(issue, revealed)| issue.clone().filter(|_| *revealed))
            .collect(),
    );

    let qualified = verdict
        .as_ref()
        .is_some_and(|v| v.qualified_but_for_consent());
    let fitting: Vec<Offer> = match (&config, &verdict) {
        (Some(c), Some(v)) => c
            .offers
            .iter()
            .zip(&v.offers)
            .filter(|(_, r)| r.fits)
            .map(|(o, _)| o.clone())
            .collect(),
        _ => Vec::new(),
    };
    let chosen: Option<Offer> = state
        .offer_id
        .as_deref()
        .and_then(|id| fitting.iter().find(|o| o.id == id))
        .or(fitting.first())
        .cloned();

    // On the consent step: the verdict for the chosen offer with the consents given.
    let consents = consent_records(&state, chosen.as_ref());
    let offer_verdict: Rc<Option<Verdict>> = {
        let (values, config) = (state.values.clone(), config.clone());
        let (consents, chosen_id) = (consents.clone(), chosen.as_ref().map(|o| o.id.clone()));
        let on_consent_step = state.step == Step::Consent;
        use_memo(
            (state.revision, locale, chosen_id.clone(), on_consent_step),
            move |_| {
                if !on_consent_step {
                    return None;
                }
                let config = config?;
                Some(form::verdict(
                    &values,
                    consents,
                    chosen_id,
                    &config,
                    &clock::now(),
                    locale,
                ))
            },
        )
    };

    // After a render, in this order: `change` when a field is left, `step` and `result` when
    // the step changes (not for the first step drawn), and the keyboard focus, moved only in
    // answer to the applicant's own action. One effect for the three (each hook is code of its
    // own in the bundle); `Instance::drawn` tells which of them changed.
    {
        let (inst, issues, verdict) = (inst.clone(), issues.clone(), verdict.clone());
        let (root, prefix, focus) = (root.clone(), prefix.clone(), state.focus.clone());
        let deps = (state.left, state.step, state.focus_seq);
        use_effect_with(deps, move |&(left, step, focus_seq)| {
            let before = inst.drawn.replace(Some(deps));
            if before.is_none_or(|(was, _, _)| was != left) {
                if let Some((index, _)) = left {
                    let valid = !issues
                        .get(index)
                        .and_then(Option::as_ref)
                        .is_some_and(Issue::is_error);
                    inst.emit(WidgetEvent::Change {
                        field: FIELDS[index].path,
                        valid,
                    });
                }
            }
            if before.is_some_and(|(_, was, _)| was != step) {
                inst.emit(WidgetEvent::Step {
                    step: step.name(),
                    index: step.index(),
                });
                if let (Step::Result, Some(v)) = (step, verdict) {
                    inst.emit(result_event(&v));
                }
            }
            if before.is_some_and(|(_, _, was)| was == focus_seq) {
                return;
            }
            let selector = match focus {
                None => return,
                // The reply can come seconds after the click: the focus moves only if it is
                // nowhere (the pressed button went), never away from where the applicant went.
                Some(Focus::Sent | Focus::SendAgain) if !dom::focus_lost() => return,
                Some(Focus::StepHeading) => format!("#{prefix}step"),
                Some(Focus::Summary) => format!("#{prefix}summary"),
                Some(Focus::Field(index)) => format!("#{}", field_id(&prefix, index)),
                Some(Focus::Sent) => format!("#{prefix}send-status"),
                Some(Focus::SendAgain) => "[data-action=submit]".into(),
            };
            dom::focus(&root, &selector);
        });
    }

    // A warning before the page is closed while a qualified application is unsent.
    use_effect_with(qualified && !state.sent(), move |armed| {
        let guard = armed.then(|| BeforeUnload::arm(ui(UiText::LeaveWarning)));
        move || drop(guard)
    });

    // `resize` whenever the widget's height changes (once it is drawn).
    {
        let (root, inst) = (root.clone(), inst.clone());
        use_effect_with(drawn && !props.host_resizes, move |&watch| {
            let observer = root.cast::<Element>().filter(|_| watch).and_then(|el| {
                SizeObserver::watch(&el, move |height| inst.emit(WidgetEvent::Resize { height }))
            });
            move || drop(observer)
        });
    }

    // Hooks above this line run on every render; the early returns come after them.
    let dispatch = state.dispatcher();
    // Plain callbacks: the views are functions, so there is no child's props equality for a
    // memoised callback to preserve.
    let on_input = {
        let d = dispatch.clone();
        Callback::from(move |input: FieldInput| d.dispatch(Action::Input(input)))
    };
    let on_leave = {
        let d = dispatch.clone();
        Callback::from(move |index: usize| d.dispatch(Action::Leave(index)))
    };
    let on_fix = {
        let d = dispatch.clone();
        Callback::from(move |(step, field)| d.dispatch(Action::Fix { step, field }))
    };
    // The offer choice and the consents are not in `FIELDS` (no text to check when left): their
    // `change` goes out as they are clicked, valid once chosen or ticked.
    let on_choose = {
        let (d, inst) = (dispatch.clone(), inst.clone());
        Callback::from(move |id: String| {
            d.dispatch(Action::ChooseOffer(id));
            inst.emit(WidgetEvent::Change {
                field: "offer_id",
                valid: true,
            });
        })
    };
    let on_consent = {
        let (d, inst) = (dispatch.clone(), inst.clone());
        Callback::from(move |(kind, ticked): (ConsentKind, bool)| {
            let given_at = ticked.then(|| clock::now().rfc3339);
            d.dispatch(Action::Consent { kind, given_at });
            inst.emit(WidgetEvent::Change {
                field: consent_field(kind),
                valid: ticked,
            });
        })
    };
    let on_back = {
        let d = dispatch.clone();
        Callback::from(move |()| d.dispatch(Action::Back))
    };

    if !drawn {
        return Html::default();
    }
    let Some(config) = config else {
        return frame(
            &prefix,
            options,
            &root,
            state_message(&state, locale, state.dispatcher()),
        );
    };
    if config.offers.is_empty() {
        let body = html! { <p class="pq-error">{ ui(UiText::NoOffers) }</p> };
        return frame(&prefix, options, &root, body);
    }
    let Some(verdict) = verdict else {
        return frame(&prefix, options, &root, html! {});
    };

    let form_view = FormView {
        prefix: prefix.clone(),
        locale,
        values: state.values.clone(),
        shown,
        on_input,
        on_leave,
    };

    let onsubmit = {
        let step = state.step;
        let issues = issues.clone();
        let chosen = chosen.clone();
        let ctx = SubmitContext {
            state: (*state).clone(),
            config: config.clone(),
            offer: chosen.clone(),
            options: options.clone(),
            dispatch: dispatch.clone(),
            inst: inst.clone(),
        };
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match step {
                Step::Loan | Step::About | Step::Income => {
                    let blocked = !form::errors_in(step, &issues).is_empty();
                    ctx.dispatch.dispatch(Action::Next { blocked });
                }
                Step::Result => {
                    if let (true, Some(offer)) = (qualified, &chosen) {
                        ctx.dispatch.dispatch(Action::ChooseOffer(offer.id.clone()));
                        ctx.dispatch.dispatch(Action::Next { blocked: false });
                    }
                }
                Step::Consent => submit(&ctx),
            }
        })
    };

    let entries = summary_entries(&state, &prefix, &issues, (*offer_verdict).as_ref(), locale);
    let step_body = match state.step {
        Step::Loan => match ranges {
            Some(ranges) => loan_step(&LoanStepProps {
                form: form_view,
                config: config.clone(),
                verdict: verdict.clone(),
                ranges,
            }),
            None => html! {},
        },
        Step::About => about_step(&form_view),
        Step::Income => income_step(&form_view),
        Step::Result => result_step(&ResultStepProps {
            prefix: prefix.clone(),
            locale,
            config: config.clone(),
            verdict: verdict.clone(),
            chosen: chosen.as_ref().map(|o| o.id.clone()),
            on_choose,
            on_fix: on_fix.clone(),
        }),
        Step::Consent => match &chosen {
            Some(offer) => consent_step(&ConsentStepProps {
                prefix: prefix.clone(),
                locale,
                offer: offer.clone(),
                ticked: ConsentKind::ALL.map(|k| state.consent(k).is_some()),
                show_errors: state.summary,
                on_consent,
                send: state.send.clone(),
                application_id: state.application_id.clone(),
            }),
            None => html! {},
        },
    };
    let forward = match state.step {
        Step::Loan | Step::About | Step::Income => Forward::Next,
        Step::Result if qualified => Forward::Next,
        Step::Result => Forward::None,
        Step::Consent if state.sent() => Forward::None,
        Step::Consent => Forward::Submit {
            again: matches!(state.send, Send::Failed(_)),
            busy: state.send == Send::Sending,
        },
    };
    let announcement = match state.step {
        Step::Result if qualified => {
            text::fill(ui(UiText::AnnounceQualified), &[&fitting.len().to_string()])
        }
        Step::Result => ui(UiText::AnnounceNotQualified).to_owned(),
        Step::Consent => send_status::announcement(&state.send)
            .map(|key| ui(key).to_owned())
            .unwrap_or_default(),
        _ => String::new(),
    };
    let body = html! {
        <>
            <div class="pq-sr-only" role="status" aria-live="polite" aria-atomic="true">
                { announcement }
            </div>
            { progress(state.step, locale) }
            <form class="pq-form" novalidate={true} {onsubmit}>
                <h3 id={join(&prefix, "step")} class="pq-step-title" tabindex="-1">
                    { ui(state.step.title()) }
                </h3>
                if state.summary && !entries.is_empty() {
                    { error_summary(&ErrorSummaryProps {
                        id: AttrValue::from(join(&prefix, "summary")),
                        title: AttrValue::from(ui(UiText::SummaryTitle)),
                        entries,
                        on_fix,
                    }) }
                }
                { step_body }
                { nav_buttons(&NavButtonsProps {
                    locale,
                    back: state.step != Step::Loan && !state.locked(),
                    forward,
                    on_back,
                }) }
            </form>
        </>
    };
    frame(&prefix, options, &root, body)
}

/// The widget's outer frame: the title, the body, and the note that this is an estimate.
fn frame(prefix: &AttrValue, options: &Options, root: &NodeRef, body: Html) -> Html {
    let locale = options.locale;
    let title_id = join(prefix, "title");
    let theme: Option<String> = options.theme.preset.as_deref().map(|preset| {
        preset
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect()
    });
    let lang = match locale {
        Locale::Ru => "ru",
        Locale::En => "en",
    };
    html! {
        <section ref={root.clone()} class="pq-widget" data-theme={theme} {lang}
            aria-labelledby={title_id.clone()}>
            <h2 id={title_id} class="pq-title">{ text::ui(UiText::WidgetTitle, locale) }</h2>
            { body }
            <p class="pq-note">{ text::ui(UiText::NoteShort, locale) }</p>
        </section>
    }
}

/// Loading, a failed load (with a way to try again) or a misconfiguration.
fn state_message(state: &State, locale: Locale, dispatch: UseReducerDispatcher<State>) -> Html {
    let ui = |key| text::ui(key, locale);
    match state.offers {
        Offers::Failed { network } => {
            let onclick = {
                let reload = state.reload.wrapping_add(1);
                Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Reload(reload)))
            };
            html! {
                <div class="pq-load-failed">
                    <p class="pq-error">{ ui(if network { UiText::LoadFailed } else { UiText::LoadRefused }) }</p>
                    <button type="button" class="pq-button" {onclick}>{ ui(UiText::LoadAgain) }</button>
                </div>
            }
        }
        Offers::Misconfigured => html! { <p class="pq-error">{ ui(UiText::Misconfigured) }</p> },
        _ => html! { <p class="pq-loading" role="status">{ ui(UiText::Loading) }</p> },
    }
}

/// Gets the offers, drops those the rules call misconfigured (a rate above the legal cap…)
/// with an `error` event each, and hands the rest to the state. A `prefetched` request stands
/// in for the fetch only when the options are valid and it asked for exactly this URL with
/// exactly this key; otherwise it is dropped and the offers fetched as always.
fn load_offers(
    options: Options,
    given: Option<Rc<Config>>,
    prefetched: Option<Prefetched>,
    loading: bool,
    dispatch: UseReducerDispatcher<State>,
    inst: Rc<Instance>,
) {
    let accept = move |config: Config, dispatch: &UseReducerDispatcher<State>, inst: &Instance| {
        let mut problems = config.problems(clock::now().date);
        // An offer without all three consent texts could be chosen but never sent: the
        // applicant cannot give a consent whose text the lender did not send.
        for o in &config.offers {
            if ConsentKind::ALL
                .iter()
                .any(|&k| o.consent_texts.get(k).is_none())
            {
                problems.push(ConfigProblem {
                    offer_id: o.id.clone(),
                    option: "",
                    code: None,
                    message: "consent_texts".into(),
                });
            }
        }
        for p in &problems {
            inst.emit(WidgetEvent::Error {
                code: p.code.map_or("config.offer", |c| c.as_str()),
                message: format!("offer {}: {}", p.offer_id, p.message),
            });
        }
        let mut config = config;
        config
            .offers
            .retain(|o| !problems.iter().any(|p| p.offer_id == o.id));
        // The applicant is told there is nothing to offer; the partner should hear it too.
        if config.offers.is_empty() {
            inst.emit(WidgetEvent::Error {
                code: "offers.empty",
                message: "no offers".into(),
            });
        }
        dispatch.dispatch(Action::Loaded(Rc::new(config)));
    };
    if let Some(config) = given {
        accept((*config).clone(), &dispatch, &inst);
        return;
    }
    if let Some(problem) = options.problem() {
        dispatch.dispatch(Action::Misconfigured);
        inst.emit(WidgetEvent::Error {
            code: problem.code,
            message: format!("option {} is missing or not allowed", problem.option),
        });
        return;
    }
    let url = options.api_url("/v1/offers");
    let prefetched = prefetched
        .filter(|p| p.url == url && p.key == options.partner_key && net::url_allowed(&p.url));
    // Already loading on the first load: dispatching again would only re-render.
    if !loading {
        dispatch.dispatch(Action::Loading);
    }
    spawn_local(async move {
        let reply = match prefetched {
            Some(prefetched) => net::prefetched(prefetched).await,
            None => net::request("GET", &url, &options.partner_key, None, None).await,
        };
        if !inst.alive() {
            return;
        }
        // Only a request that got no answer is the applicant's connection; an answer that is
        // not the offers (a wrong key, a wrong `api`, an API in trouble) is not theirs to fix.
        let failed = |code: &'static str, message: String| {
            let network = code == "offers.network";
            dispatch.dispatch(Action::LoadFailed { network });
            inst.emit(WidgetEvent::Error { code, message });
        };
        match reply {
            // `json::config` reads what `Config::from_json` reads but the offers' `payout`
            // (its tests hold it to that), without serde in the bundle: see `json.rs`.
            Ok(reply) if reply.status == 200 => match json::config(&reply.body) {
                Ok(config) => accept(config, &dispatch, &inst),
                Err(e) => failed("offers.invalid", e),
            },
            Ok(reply) => failed("offers.http", format!("HTTP {}", reply.status)),
            Err(()) => failed("offers.network", "network error".into()),
        }
    });
}

/// The consents as the application records them: the version of the chosen lender's text
/// and when the box was ticked.
fn consent_records(state: &State, offer: Option<&Offer>) -> Vec<Consent> {
    let Some(offer) = offer else {
        return Vec::new();
    };
    ConsentKind::ALL
        .iter()
        .filter_map(|&kind| {
            Some(Consent {
                kind,
                text_version: offer.consent_texts.get(kind)?.version.clone(),
                given_at: state.consent(kind)?.to_owned(),
            })
        })
        .collect()
}

/// The `result` event: qualified (but for the consents, which come next) and the codes,
/// without the consent codes.
fn result_event(v: &Verdict) -> WidgetEvent {
    WidgetEvent::Result {
        qualified: v.qualified_but_for_consent(),
        codes: v
            .codes()
            .into_iter()
            .map(|c| c.as_str())
            .filter(|c| !c.starts_with("consent."))
            .collect(),
    }
}

/// The error summary's entries for the current step.
fn summary_entries(
    state: &State,
    prefix: &str,
    issues: &[Option<Issue>],
    offer_verdict: Option<&Verdict>,
    locale: Locale,
) -> Vec<Entry> {
    let field_entry = |index: usize, message: String, step: Step| Entry {
        target: AttrValue::from(field_id(prefix, index)),
        message: AttrValue::from(message),
        fix: (step != state.step).then_some((step, index)),
    };
    // The engine's messages name their field ("Укажите фамилию"); the form's own ("Слишком
    // большое число…") and a lender's do not, so in a list they say which field they are for.
    let named = |index: usize, message: &str| {
        let label = text::field_label(FIELDS[index].path, locale).unwrap_or_default();
        format!("{label}: {message}")
    };
    if state.step != Step::Consent {
        return form::errors_in(state.step, issues)
            .into_iter()
            .filter_map(|i| {
                let issue = issues.get(i)?.as_ref()?;
                let message = match issue.code {
                    Some(_) => issue.message.clone(),
                    None => named(i, &issue.message),
                };
                Some(field_entry(i, message, state.step))
            })
            .collect();
    }
    let mut entries = Vec::new();
    for p in offer_verdict
        .into_iter()
        .flat_map(|v| &v.problems)
        .filter(|p| p.severity == Severity::Blocker)
    {
        if let Some(kind) = ConsentKind::ALL
            .iter()
            .find(|k| p.field == format!("consents.{}", k.as_str()))
        {
            entries.push(Entry {
                target: AttrValue::from(consent_id(prefix, *kind)),
                message: AttrValue::from(p.message),
                fix: None,
            });
        } else if let Some(i) = form::index(p.field) {
            entries.push(field_entry(i, p.message.to_owned(), FIELDS[i].step));
        }
    }
    for p in state.server_problems.iter() {
        if let Some(i) = form::index(&p.field) {
            let message = match p.text(locale) {
                (message, Some(_)) => message,
                (message, None) => named(i, &message),
            };
            entries.push(field_entry(i, message, FIELDS[i].step));
        } else {
            entries.push(Entry {
                target: AttrValue::from(join(prefix, "send-status")),
                message: AttrValue::from(p.message.clone()),
                fix: None,
            });
        }
    }
    entries
}

/// Everything the send button needs, captured when the step is drawn.
struct SubmitContext {
    state: State,
    config: Rc<Config>,
    offer: Option<Offer>,
    options: Options,
    dispatch: UseReducerDispatcher<State>,
    inst: Rc<Instance>,
}

/// An application once sent (or tried). Its id is the `Idempotency-Key`, and the lender may
/// have stored it even if no answer came back, so the id goes again only with this very body:
/// a "try again" that changes nothing re-sends it byte for byte (`applied_at` included). A
/// changed application keeps the id only if the lender refused the last one (then nothing is
/// stored under it); otherwise it is a new application with a new id.
struct Attempt {
    id: String,
    applied_at: String,
    body: String,
    refused: bool,
}

/// Send: only once at a time, only a qualified application with the three consents, only to
/// an HTTPS (or local) endpoint, always with the same id.
fn submit(ctx: &SubmitContext) {
    if ctx.inst.sending.get() != Sending::Idle {
        return;
    }
    let Some(offer) = ctx.offer.clone() else {
        return;
    };
    let options = &ctx.options;
    let now = clock::now();
    let build = |id: &str, applied_at: &str| {
        let mut app = form::application(
            &ctx.state.values,
            Extras {
                locale: options.locale,
                application_id: Some(id.to_owned()),
                applied_at: Some(applied_at.to_owned()),
                offer_id: Some(offer.id.clone()),
                consents: consent_records(&ctx.state, Some(&offer)),
                tracking: Some(options.application_tracking()),
            },
        );
        form::normalise(&mut app);
        let body = json::application(&app);
        (app, body)
    };
    // Which id and which `applied_at`: see `Attempt`.
    let again = ctx.inst.attempt.borrow().as_ref().and_then(|a| {
        let same = build(&a.id, &a.applied_at);
        if same.1 == a.body {
            Some((a.id.clone(), a.applied_at.clone(), same))
        } else if a.refused {
            Some((
                a.id.clone(),
                now.rfc3339.clone(),
                build(&a.id, &now.rfc3339),
            ))
        } else {
            None
        }
    });
    let fresh = || {
        let id = ids::new_application_id()?;
        let built = build(&id, &now.rfc3339);
        Some((id, now.rfc3339.clone(), built))
    };
    let Some((id, applied_at, (app, body))) = again.or_else(fresh) else {
        ctx.dispatch.dispatch(Action::Failed(Failure::Refused));
        return;
    };
    // The very application that would leave the browser is checked again: only a qualified
    // one (which includes the three consents) is sent.
    if !check(&app, &ctx.config, &Context::on(now.date)).qualified {
        ctx.dispatch.dispatch(Action::SubmitBlocked);
        return;
    }
    let endpoint = offer
        .endpoint
        .clone()
        .unwrap_or_else(|| options.api_url("/v1/applications"));
    if !net::url_allowed(&endpoint) {
        ctx.dispatch.dispatch(Action::Failed(Failure::Refused));
        ctx.inst.emit(WidgetEvent::Error {
            code: "submit.endpoint_refused",
            message: "the offer's endpoint is neither HTTPS nor on this machine".into(),
        });
        return;
    }
    ctx.inst.sending.set(Sending::Busy);
    *ctx.inst.attempt.borrow_mut() = Some(Attempt {
        id: id.clone(),
        applied_at,
        body: body.clone(),
        refused: false,
    });
    ctx.dispatch.dispatch(Action::Sending {
        application_id: id.clone(),
    });
    let (dispatch, inst) = (ctx.dispatch.clone(), ctx.inst.clone());
    let key = options.partner_key.clone();
    spawn_local(async move {
        let outcome = net::submit(&endpoint, &key, &id, &body, |_| {}).await;
        let done = matches!(outcome, Outcome::Accepted { .. });
        inst.sending
            .set(if done { Sending::Done } else { Sending::Idle });
        if let Some(a) = inst.attempt.borrow_mut().as_mut() {
            a.refused = matches!(outcome, Outcome::Problems(_) | Outcome::Rejected { .. });
        }
        if !inst.alive() {
            return;
        }
        match outcome {
            Outcome::Accepted { status } => {
                dispatch.dispatch(Action::Sent { status });
                inst.emit(WidgetEvent::Submitted {
                    application_id: id.clone(),
                });
                poll_status(endpoint, key, id, dispatch, inst).await;
            }
            Outcome::Problems(problems) => {
                inst.emit(WidgetEvent::Error {
                    code: "submit.problems",
                    message: problems
                        .iter()
                        .map(|p| p.code.as_str())
                        .filter(|c| event::is_code(c))
                        .collect::<Vec<_>>()
                        .join(","),
                });
                dispatch.dispatch(Action::ServerProblems(problems));
            }
            Outcome::Rejected { status } => {
                dispatch.dispatch(Action::Failed(Failure::Rejected));
                inst.emit(WidgetEvent::Error {
                    code: "submit.rejected",
                    message: format!("HTTP {status}"),
                });
            }
            Outcome::GaveUp { status } => {
                dispatch.dispatch(Action::Failed(Failure::Network));
                // The last attempt's answer, so that a partner can tell the lender's errors
                // from the applicant's connection or the page's CSP.
                inst.emit(WidgetEvent::Error {
                    code: "submit.network",
                    message: match status {
                        Some(status) => format!("HTTP {status}"),
                        None => "no answer".into(),
                    },
                });
            }
        }
    });
}

/// How often, and how many times, the status is asked for after sending.
const POLL_EVERY_MS: u64 = 15_000;
const POLLS: u32 = 40;

/// Asks for the application's status now and then, while the widget is open and the status
/// can still change.
async fn poll_status(
    endpoint: String,
    key: String,
    id: String,
    dispatch: UseReducerDispatcher<State>,
    inst: Rc<Instance>,
) {
    let mut last: Option<String> = None;
    for round in 0..POLLS {
        if round > 0 {
            yew::platform::time::sleep(std::time::Duration::from_millis(POLL_EVERY_MS)).await;
        }
        if !inst.alive() {
            return;
        }
        let Some(status) = net::status(&endpoint, &key, &id).await else {
            continue;
        };
        if !inst.alive() {
            return;
        }
        if last.as_ref() != Some(&status) {
            dispatch.dispatch(Action::Status(status.clone()));
        }
        if matches!(status.as_str(), "rejected" | "repaid" | "withdrawn") {
            return;
        }
        last = Some(status);
    }
}

/// A `beforeunload` listener, removed when dropped.
struct BeforeUnload {
    closure: Closure<dyn FnMut(BeforeUnloadEvent)>,
}

impl BeforeUnload {
    fn arm(message: &'static str) -> Option<BeforeUnload> {
        let window = web_sys::window()?;
        let closure = Closure::<dyn FnMut(BeforeUnloadEvent)>::new(move |e: BeforeUnloadEvent| {
            e.prevent_default();
            e.set_return_value(message);
        });
        window
            .add_event_listener_with_callback("beforeunload", closure.as_ref().unchecked_ref())
            .ok()?;
        Some(BeforeUnload { closure })
    }
}

impl Drop for BeforeUnload {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                "beforeunload",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}
