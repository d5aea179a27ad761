//! The top-level component. For now a single step: the mobile phone with its live check.

use crate::components::phone_field::PhoneField;
use prequal_rules::application::Locale;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    #[prop_or_default]
    pub locale: Locale,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let title = match props.locale {
        Locale::Ru => "Предварительная проверка заявки на заём",
        Locale::En => "Loan application pre-check",
    };
    html! {
        <section class="pq-widget" lang={lang(props.locale)}>
            <h2 class="pq-title">{ title }</h2>
            <PhoneField locale={props.locale} />
        </section>
    }
}

fn lang(locale: Locale) -> &'static str {
    match locale {
        Locale::Ru => "ru",
        Locale::En => "en",
    }
}
