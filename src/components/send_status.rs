//! Where sending stands: "sending…", "sent" with the application's number, its status at the
//! lender and what happens next, or "not sent" and why. Announced through the widget's live
//! region; this is the visible copy.

use prequal_rules::application::Locale;
use prequal_rules::text::{self, UiText};
use yew::prelude::*;

use super::join;
use crate::state::{Failure, Send};

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

/// Where `send` stands, for the application `application_id`; `id` for its element.
pub fn send_status(send: &Send, application_id: Option<&str>, locale: Locale, id: &str) -> Html {
    let ui = |key| text::ui(key, locale);
    let element_id = id.to_owned();
    match send {
        Send::Idle => html! {},
        Send::Sending => html! {
            <p class="pq-send pq-send--busy" id={element_id}>{ ui(UiText::Sending) }</p>
        },
        Send::Failed(_) => html! {
            <p class="pq-send pq-send--failed" id={element_id}>
                { announcement(send).map(ui).unwrap_or_default() }
            </p>
        },
        Send::Sent { status } => {
            let texts = status.as_deref().and_then(status_texts);
            let title_id = join(id, "-title");
            html! {
                <div class="pq-sent" id={element_id} tabindex="-1">
                    <p class="pq-sent-title">{ ui(UiText::Sent) }</p>
                    if let Some(number) = application_id {
                        <p class="pq-sent-number">
                            { text::fill(ui(UiText::ApplicationNumber), &[number]) }
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
