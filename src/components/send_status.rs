//! Where sending stands: "sending…", "sent" with the application's number, its status at the
//! lender and what happens next, or "not sent" and why. Announced through the widget's live
//! region; this is the visible copy.

use prequal_rules::application::Locale;
use prequal_rules::text::{self, UiText};
use yew::prelude::*;

use crate::state::{Failure, Send};

#[derive(Properties, PartialEq)]
pub struct SendStatusProps {
    pub locale: Locale,
    pub send: Send,
    pub application_id: Option<String>,
    pub id: AttrValue,
}

/// The status's label and what happens next, for the contract's statuses.
pub fn status_texts(status: &str) -> Option<(UiText, UiText)> {
    Some(match status {
        "received" => (UiText::StatusReceived, UiText::NextReceived),
        "approved" => (UiText::StatusApproved, UiText::NextApproved),
        "rejected" => (UiText::StatusRejected, UiText::NextRejected),
        "issued" => (UiText::StatusIssued, UiText::NextIssued),
        "repaid" => (UiText::StatusRepaid, UiText::NextRepaid),
        "withdrawn" => (UiText::StatusWithdrawn, UiText::NextWithdrawn),
        _ => return None,
    })
}

/// The one-line text for the live region.
pub fn announcement(send: &Send) -> Option<UiText> {
    Some(match send {
        Send::Idle => return None,
        Send::Sending => UiText::Sending,
        Send::Sent { .. } => UiText::Sent,
        Send::Failed(Failure::Network) => UiText::NotSent,
        Send::Failed(Failure::Problems) => UiText::NotSentFields,
        Send::Failed(Failure::Refused) => UiText::NotSentRefused,
        Send::Failed(Failure::Rejected) => UiText::NotSentRejected,
    })
}

#[function_component(SendStatus)]
pub fn send_status(p: &SendStatusProps) -> Html {
    let ui = |key| text::ui(key, p.locale);
    match &p.send {
        Send::Idle => html! {},
        Send::Sending => html! {
            <p class="pq-send pq-send--busy" id={p.id.clone()}>{ ui(UiText::Sending) }</p>
        },
        Send::Failed(_) => html! {
            <p class="pq-send pq-send--failed" id={p.id.clone()}>
                { announcement(&p.send).map(ui).unwrap_or_default() }
            </p>
        },
        Send::Sent { status } => {
            let texts = status.as_deref().and_then(status_texts);
            let title_id = format!("{}-title", p.id);
            html! {
                <div class="pq-sent" id={p.id.clone()}>
                    <p class="pq-sent-title">{ ui(UiText::Sent) }</p>
                    if let Some(id) = &p.application_id {
                        <p class="pq-sent-number">
                            { text::fill(ui(UiText::ApplicationNumber), &[id]) }
                        </p>
                    }
                    <h4 id={title_id} class="pq-section-title">{ ui(UiText::StatusTitle) }</h4>
                    <p class="pq-status">
                        { texts.map_or(ui(UiText::StatusChecking), |(label, _)| ui(label)) }
                    </p>
                    if let Some((_, next)) = texts {
                        <p class="pq-next">{ ui(next) }</p>
                    }
                </div>
            }
        }
    }
}
