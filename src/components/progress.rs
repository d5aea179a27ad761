//! The progress indicator: "Step 2 of 5" and the five steps, the current one marked with
//! `aria-current="step"`. It only shows where the applicant is; moving is done with Back and
//! Next, which check the step.

use prequal_rules::application::Locale;
use prequal_rules::text::{self, UiText};
use yew::prelude::*;

use crate::form::Step;

/// Where the applicant is: on `step`.
pub fn progress(step: Step, locale: Locale) -> Html {
    let ui = |key| text::ui(key, locale);
    let current = step.index();
    let of = text::fill(
        ui(UiText::StepOf),
        &[&(current + 1).to_string(), &Step::ALL.len().to_string()],
    );
    html! {
        <div class="pq-progress">
            <p class="pq-progress-text">{ of }</p>
            <ol class="pq-steps" aria-label={ui(UiText::ProgressLabel)}>
                { for Step::ALL.iter().enumerate().map(|(i, step)| {
                    let state = match i.cmp(&current) {
                        std::cmp::Ordering::Less => "done",
                        std::cmp::Ordering::Equal => "current",
                        std::cmp::Ordering::Greater => "todo",
                    };
                    html! {
                        <li class="pq-step" data-state={state}
                            aria-current={(i == current).then_some("step")}>
                            <span class="pq-step-num" aria-hidden="true">{ i + 1 }</span>
                            <span class="pq-step-name">{ ui(step.title()) }</span>
                        </li>
                    }
                }) }
            </ol>
        </div>
    }
}
