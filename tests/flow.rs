//! Browser component tests of the flow: steps, Back and Next, the error summary, the result
//! with its gauge and estimate, the consents, events, and what is (not) sent.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{count_fetches, fetches, mount, mount_with, options, tick};
use prequal_widget::{Config, Locale, WidgetEvent};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Moves `slider` to `to` as a drag does: its value, then an `input` event.
async fn drag(slider: &HtmlInputElement, to: &str) {
    slider.set_value(to);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    slider
        .dispatch_event(&web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    tick().await;
}

#[wasm_bindgen_test]
async fn the_loan_step_prices_the_loan_within_the_offers_range() {
    let w = mount(Locale::Ru).await;
    assert_eq!(w.step_title(), "Сумма и срок");
    assert_eq!(w.input("loan.amount_kop").value(), "15 000");
    assert_eq!(w.input("loan.term_days").value(), "30");
    let slider = w.get("input[type=range]");
    assert_eq!(slider.get_attribute("min").as_deref(), Some("1000"));
    assert_eq!(slider.get_attribute("max").as_deref(), Some("100000"));
    // 15 000 ₽ for 30 days at 0.8 % a day: 3 600 ₽ of interest, ПСК 292 %.
    let cost = w.text(".pq-cost");
    assert!(cost.contains("292 % годовых"), "{cost}");
    assert!(cost.contains("3\u{a0}600 ₽"), "{cost}");
    assert!(cost.contains("18\u{a0}600 ₽"), "{cost}");
    // Outside every offer: a message, and Next stays.
    w.type_and_leave("loan.amount_kop", "500").await;
    assert!(w.message("loan.amount_kop").contains("от 1\u{a0}000 ₽"));
    w.next().await;
    assert_eq!(w.step_title(), "Сумма и срок");
    assert!(w.find(".pq-summary").is_some());
    // A term no offer has: no price, and the offers' own terms instead.
    w.type_and_leave("loan.amount_kop", "20000").await;
    w.type_and_leave("loan.term_days", "45").await;
    assert!(w.text(".pq-cost").contains("предложений нет"));
    // The term slider stops only at terms an offer lends for (5–30 days in one payment,
    // 56–168 in 14-day instalments): dragged, it lands on the nearest; its keys go to the
    // next one.
    let term_slider =
        || -> HtmlInputElement { w.all("input[type=range]")[1].clone().dyn_into().unwrap() };
    w.type_and_leave("loan.term_days", "30").await;
    for (to, lands) in [("40", "30"), ("45", "56"), ("64", "70"), ("62", "56")] {
        let slider = term_slider();
        drag(&slider, to).await;
        assert_eq!(w.input("loan.term_days").value(), lands, "dragged to {to}");
        assert_eq!(term_slider().value(), lands, "dragged to {to}");
    }
    for (key, lands) in [
        ("ArrowLeft", "30"),
        ("ArrowRight", "56"),
        ("ArrowUp", "70"),
        ("End", "168"),
        ("Home", "5"),
    ] {
        let init = web_sys::KeyboardEventInit::new();
        init.set_bubbles(true);
        init.set_cancelable(true);
        init.set_key(key);
        let event =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        term_slider().dispatch_event(&event).unwrap();
        tick().await;
        assert!(event.default_prevented(), "{key}");
        assert_eq!(w.input("loan.term_days").value(), lands, "{key}");
        assert_eq!(term_slider().value(), lands, "{key}");
    }
}

#[wasm_bindgen_test]
async fn the_amount_slider_never_goes_below_a_minimum_with_kopecks() {
    // A minimum of 1 000,50 ₽: the slider's stops are whole rubles, so its lowest (Home, or
    // dragged to the left end) must give 1 001 ₽, not 1 000 ₽ that no offer lends; its
    // highest is still the maximum.
    let mut config = Config::demo();
    for offer in &mut config.offers {
        offer.amount_min_kop = 100_050;
    }
    let w = mount_with(options(Locale::Ru), config).await;
    let slider: HtmlInputElement = w.all("input[type=range]")[0].clone().dyn_into().unwrap();
    for (to, lands) in [("0", "1 001"), ("999999999", "100 000"), ("0", "1 001")] {
        drag(&slider, to).await;
        assert_eq!(w.input("loan.amount_kop").value(), lands, "dragged to {to}");
    }
    assert!(w.text(".pq-cost").contains("292 % годовых"));
}

#[wasm_bindgen_test]
async fn a_fixed_amount_and_term_are_said_as_one_value() {
    let mut config = Config::demo();
    config.offers.truncate(1);
    let offer = &mut config.offers[0];
    (offer.amount_min_kop, offer.amount_max_kop) = (500_000, 500_000);
    (offer.term_min_days, offer.term_max_days) = (14, 14);
    let w = mount_with(options(Locale::Ru), config).await;
    let hints: Vec<String> = w
        .all(".pq-hint")
        .iter()
        .map(|h| h.text_content().unwrap())
        .collect();
    assert_eq!(
        hints[..2],
        ["Только 5\u{a0}000 ₽", "Только 14 дн."],
        "{hints:?}"
    );
    // So are the messages for an amount or a term outside it.
    w.type_and_leave("loan.amount_kop", "6000").await;
    w.type_and_leave("loan.term_days", "30").await;
    assert_eq!(w.message("loan.amount_kop"), "Только 5\u{a0}000 ₽");
    assert_eq!(w.message("loan.term_days"), "Только 14 дн.");
}

#[wasm_bindgen_test]
async fn instalments_say_the_last_payment_when_it_differs() {
    let w = mount(Locale::Ru).await;
    // 10 000 ₽ for 168 days in 14-day periods at 0.6 % a day: 11 payments of 1 354,58 ₽, and
    // a last one of 1 354,60 ₽ that repays the principal exactly (16 254,98 ₽ in all).
    w.type_and_leave("loan.amount_kop", "10000").await;
    w.type_and_leave("loan.term_days", "168").await;
    let cost = w.text(".pq-cost");
    assert!(
        cost.contains(
            "Платежей: 12, по 1\u{a0}354,58 ₽ каждые 14 дн., последний — 1\u{a0}354,60 ₽"
        ),
        "{cost}"
    );
    assert!(cost.contains("16\u{a0}254,98 ₽"), "{cost}");
    // Equal payments are said once.
    w.type_and_leave("loan.amount_kop", "12000").await;
    w.type_and_leave("loan.term_days", "56").await;
    let cost = w.text(".pq-cost");
    assert!(
        cost.contains("Платежей: 4, по 3\u{a0}655,36 ₽ каждые 14 дн."),
        "{cost}"
    );
    assert!(!cost.contains("последний"), "{cost}");
}

#[wasm_bindgen_test]
async fn instalments_cut_by_the_interest_cap_say_their_smallest_and_largest_payment() {
    // 10 000 ₽ for 364 days at 0.8 % a day would overpay 210.88 %: the cap (100 % of the
    // amount) cuts the later payments, from 1 195,66 ₽ down to 218,73 ₽ (20 000 ₽ in all).
    let mut config = Config::demo();
    config.offers[1].daily_rate_pct = prequal_rules::money::Rate::from_millionths(800_000);
    config.offers[1].term_max_days = 364;
    let w = mount_with(options(Locale::Ru), config).await;
    w.type_and_leave("loan.amount_kop", "10000").await;
    w.type_and_leave("loan.term_days", "364").await;
    let cost = w.text(".pq-cost");
    assert!(
        cost.contains("Платежей: 26, от 218,73 ₽ до 1\u{a0}195,66 ₽ каждые 14 дн."),
        "{cost}"
    );
    assert!(cost.contains("Вернуть всего20\u{a0}000 ₽"), "{cost}");
    assert!(
        cost.contains("переплата не может быть больше 100 % суммы займа"),
        "{cost}"
    );
    assert!(!cost.contains(" по "), "{cost}");
}

#[wasm_bindgen_test]
async fn next_shows_a_linked_summary_and_moves_the_focus_to_it() {
    let w = mount(Locale::Ru).await;
    w.next().await;
    w.next().await;
    assert_eq!(w.step_title(), "О себе");
    let summary = w.get(".pq-summary");
    let active = gloo_utils::document().active_element().unwrap();
    assert_eq!(active.id(), summary.id());
    let links = w.all(".pq-summary a");
    assert!(links
        .iter()
        .any(|a| a.text_content().unwrap() == "Укажите фамилию"));
    // Each link points at its field, and clicking it focuses the field without a URL change.
    let first: HtmlElement = links[0].clone().dyn_into().unwrap();
    let href = first.get_attribute("href").unwrap();
    let before = gloo_utils::window().location().href().unwrap();
    first.click();
    tick().await;
    assert_eq!(gloo_utils::window().location().href().unwrap(), before);
    let active = gloo_utils::document().active_element().unwrap();
    assert_eq!(format!("#{}", active.id()), href);
    assert!(w.invalid("applicant.last_name"));
}

#[wasm_bindgen_test]
async fn back_and_next_keep_what_was_typed() {
    let w = mount(Locale::Ru).await;
    w.type_and_leave("loan.amount_kop", "20000").await;
    w.next().await;
    w.type_and_leave("applicant.last_name", "Петрова").await;
    w.back().await;
    assert_eq!(w.input("loan.amount_kop").value(), "20 000");
    w.next().await;
    assert_eq!(w.input("applicant.last_name").value(), "Петрова");
    let current = w.get(".pq-step[aria-current=step]");
    assert!(current.text_content().unwrap().contains("О себе"));
    assert_eq!(w.text(".pq-progress-text"), "Шаг 2 из 5");
}

#[wasm_bindgen_test]
async fn a_qualified_applicant_sees_the_offers_the_gauge_and_the_estimate() {
    let w = mount(Locale::Ru).await;
    w.to_result().await;
    assert_eq!(w.step_title(), "Результат");
    assert!(w.text(".pq-verdict").contains("подходите"));
    let radios = w.all("input[type=radio][name=offer_id]");
    assert_eq!(radios.len(), 1);
    assert_eq!(
        radios[0].get_attribute("value").as_deref(),
        Some("mfo-a-payday")
    );
    // The live region says so.
    assert!(w.text("[role=status]").contains("пройдена"));
    // The gauge: three bands, a marker, and a text equivalent.
    assert_eq!(w.all(".pq-gauge-svg rect").len(), 3);
    assert!(w.find(".pq-gauge-svg title").is_some());
    assert!(w.text(".pq-gauge-value").contains("%"));
    // The estimate's factors, and the note that it is only an estimate.
    assert!(w.all(".pq-factor").len() >= 7);
    assert!(w.text(".pq-estimate-note").contains("не решение кредитора"));
    assert!(w.text(".pq-note").contains("не решение кредитора"));
    let result = w.events.borrow().iter().find_map(|e| match e {
        WidgetEvent::Result { qualified, codes } => Some((*qualified, codes.clone())),
        _ => None,
    });
    let (qualified, codes) = result.expect("a result event");
    assert!(qualified);
    assert!(
        codes.iter().all(|c| !c.starts_with("consent.")),
        "{codes:?}"
    );
}

#[wasm_bindgen_test]
async fn the_debt_load_gauge_follows_the_offer_chosen() {
    // A second payday offer at 0.5 % a day: a smaller payment, so a lower debt load.
    let mut config = Config::demo();
    let mut cheaper = config.offers[0].clone();
    cheaper.id = "mfo-a-cheaper".into();
    cheaper.daily_rate_pct = prequal_rules::money::Rate::from_millionths(500_000);
    config.offers.push(cheaper);
    let w = mount_with(options(Locale::Ru), config).await;
    w.to_result().await;
    assert_eq!(w.all("input[type=radio][name=offer_id]").len(), 2);
    let first = w.text(".pq-gauge-value");
    w.select_offer("mfo-a-cheaper").await;
    let cheaper = w.text(".pq-gauge-value");
    assert_ne!(first, cheaper, "the gauge stayed at {first}");
    w.select_offer("mfo-a-payday").await;
    assert_eq!(w.text(".pq-gauge-value"), first);
}

#[wasm_bindgen_test]
async fn a_not_qualified_applicant_sees_why_and_what_to_do() {
    let w = mount(Locale::Ru).await;
    w.next().await;
    w.fill_about().await;
    w.next().await;
    w.fill_income().await;
    // Payments of 60 000 ₽ on an income of 80 000 ₽: above every offer's debt-load limit.
    w.type_and_leave("obligations.monthly_payments_kop", "60000")
        .await;
    w.next().await;
    assert!(w.text(".pq-verdict").contains("лучше не отправлять"));
    assert!(w.find("input[name=offer_id]").is_none());
    assert!(
        w.find("[data-action=next]").is_none(),
        "no way on to the consents"
    );
    let reasons = w.text(".pq-reasons");
    assert!(
        reasons.contains("Долговая нагрузка выше предела"),
        "{reasons}"
    );
    assert!(reasons.contains("Что сделать"), "{reasons}");
    assert!(w.find(r#"rect[data-band="warn"][data-active]"#).is_some());
    // "Change" takes the applicant to the field.
    w.click(".pq-reasons .pq-link").await;
    assert_ne!(w.step_title(), "Результат");
}

#[wasm_bindgen_test]
async fn a_term_no_offer_lends_for_stops_next_and_says_the_nearest_ones() {
    let w = mount(Locale::Ru).await;
    // 40 days: the payday offer lends for 5–30, the instalments for 56–168.
    w.type_and_leave("loan.term_days", "40").await;
    w.next().await;
    assert_eq!(w.step_title(), "Сумма и срок");
    assert!(w.invalid("loan.term_days"));
    assert_eq!(
        w.message("loan.term_days"),
        "На 40 дн. такую сумму не дают: ближайшие сроки — 30 и 56 дн."
    );
}

#[wasm_bindgen_test]
async fn an_offer_that_does_not_lend_for_the_term_says_what_it_lends() {
    let w = mount(Locale::Ru).await;
    // 30 days only the payday offer lends, and it does not lend in region 05.
    w.type_and_leave("loan.term_days", "30").await;
    w.next().await;
    w.fill_about().await;
    w.select("applicant.region", "05").await;
    w.next().await;
    w.fill_income().await;
    w.next().await;
    let reasons = w.text(".pq-reasons");
    assert!(
        reasons.contains("от 56 до 168 дней, кратно 14"),
        "{reasons}"
    );
    assert_eq!(w.all(".pq-offer-range").len(), 1);
}

#[wasm_bindgen_test]
async fn a_refusal_by_one_offer_says_what_that_offer_asks_for() {
    let w = mount(Locale::Ru).await;
    w.next().await;
    w.fill_about().await;
    // 18 or 19 years old, whatever the year the test runs in; the passport got at 14.
    let year = js_sys::Date::new_0().get_full_year();
    let birth = format!("{}-01-15", year - 19);
    let issued = format!("{}-02-01", year - 5);
    w.type_and_leave("applicant.birth_date", &birth).await;
    w.type_and_leave("applicant.passport.issue_date", &issued)
        .await;
    w.next().await;
    w.fill_income().await;
    // Two months at the job; payments of 60 000 ₽ on 80 000 ₽ of income.
    w.type_and_leave("income.tenure_months", "2").await;
    w.type_and_leave("obligations.monthly_payments_kop", "60000")
        .await;
    w.next().await;
    let reasons = w.text(".pq-reasons");
    // The payday offer lends at 21 to 70, after 3 months at the job, up to a debt load of 80 %.
    for condition in [
        "Условие кредитора: возраст от 21 до 70",
        "Условие кредитора: стаж на последнем месте от 3 мес.",
        "Условие кредитора: долговая нагрузка не больше 80 %",
    ] {
        assert!(reasons.contains(condition), "{condition}: {reasons}");
    }
}

#[wasm_bindgen_test]
async fn consents_are_separate_unticked_and_versioned() {
    let w = mount(Locale::Ru).await;
    w.to_result().await;
    w.next().await;
    assert_eq!(w.step_title(), "Согласие и отправка");
    assert!(w.text(".pq-lender").contains("ООО МФК «Пример»"));
    assert!(w
        .text(".pq-lender")
        .contains("ОГРН 1027700000000, ИНН 7700000000, номер в реестре Банка России"));
    for (kind, version) in [
        ("personal_data", "pd-2026-01"),
        ("credit_bureau", "bki-2026-01"),
        ("transfer", "tr-2026-01"),
    ] {
        let name = format!("consents.{kind}");
        let box_ = w.input(&name);
        assert!(!box_.checked(), "{kind} is unticked by default");
        let id = box_.id();
        assert!(
            w.text(&format!("#{id}-text")).len() > 20,
            "{kind} shows its text"
        );
        assert!(w.text(&format!("#{id}-version")).contains(version));
    }
    // Send without them: the summary lists each one, nothing is fetched.
    count_fetches();
    w.click("[data-action=submit]").await;
    assert_eq!(w.all(".pq-summary li").len(), 3);
    assert!(w
        .text(".pq-summary")
        .contains("обработку персональных данных"));
    assert_eq!(fetches(), 0);
}

#[wasm_bindgen_test]
async fn an_offer_without_all_three_consent_texts_is_dropped_with_an_error_event() {
    // Its consents could not be given, so it could be chosen but never sent.
    let mut config = Config::demo();
    config.offers[0].consent_texts.transfer = None;
    let w = mount_with(options(Locale::Ru), config).await;
    let errors = w.errors();
    assert_eq!(errors, ["config.offer offer mfo-a-payday: consent_texts"]);
    // Only the instalment offer is left: the loan starts on its terms and the result offers it.
    assert_eq!(w.input("loan.term_days").value(), "168");
    w.to_result().await;
    assert_eq!(
        w.all("input[type=radio][name=offer_id]").len(),
        1,
        "{}",
        w.text(".pq-widget")
    );
    assert!(w.text(".pq-widget").contains("Заём частями"));
}

#[wasm_bindgen_test]
async fn a_loan_whose_psk_rounds_past_the_legal_limit_says_so_on_the_loan_step() {
    // 1 001 ₽ for 7 days at 0.8 % a day: 56.056 ₽ of interest, 56.06 ₽ to the kopeck, a ПСК of
    // 292.021 %; the result step would refuse it (`cap.psk`).
    let w = mount(Locale::Ru).await;
    w.type_and_leave("loan.amount_kop", "1001").await;
    w.type_and_leave("loan.term_days", "7").await;
    let cost = w.text(".pq-cost");
    assert!(cost.contains("292,021 %"), "{cost}");
    assert!(cost.contains("выше предела по закону"), "{cost}");
    // 1 000 ₽ for 7 days is exactly 292 %: no such note.
    w.type_and_leave("loan.amount_kop", "1000").await;
    let cost = w.text(".pq-cost");
    assert!(!cost.contains("выше предела"), "{cost}");
}

#[wasm_bindgen_test]
async fn a_lender_without_all_its_details_shows_no_half_filled_line() {
    // The schema lets a partner leave them out: no "ОГРН , ИНН ," then.
    let mut config = Config::demo();
    config.offers[0].lender.ogrn.clear();
    let w = mount_with(options(Locale::Ru), config).await;
    w.to_result().await;
    w.next().await;
    let lender = w.text(".pq-lender");
    assert!(lender.contains("ООО МФК «Пример»"), "{lender}");
    assert!(
        !lender.contains("ОГРН") && !lender.contains("ИНН"),
        "{lender}"
    );
}

#[wasm_bindgen_test]
async fn no_offers_at_all_is_said_to_the_applicant_and_to_the_partner() {
    let mut config = Config::demo();
    config.offers.clear();
    let w = mount_with(options(Locale::Ru), config).await;
    assert!(
        w.text(".pq-widget").contains("нет доступных предложений"),
        "{}",
        w.text(".pq-widget")
    );
    assert!(w.find("input").is_none());
    assert_eq!(w.errors(), ["offers.empty no offers"]);
}

#[wasm_bindgen_test]
async fn two_offers_with_one_id_are_both_dropped_with_an_error_event() {
    // An application names its offer by id: neither of the two could be told apart.
    let mut config = Config::demo();
    let mut twin = config.offers[0].clone();
    twin.id = config.offers[1].id.clone();
    config.offers.push(twin);
    let w = mount_with(options(Locale::Ru), config).await;
    let errors = w.errors();
    assert_eq!(
        errors,
        ["config.offer offer mfo-b-instalment: another offer has the same id"]
    );
    w.to_result().await;
    let offers = w.all("input[type=radio][name=offer_id]");
    assert_eq!(offers.len(), 1, "{}", w.text(".pq-widget"));
    assert!(!w.text(".pq-widget").contains("Заём частями"));
}

#[wasm_bindgen_test]
async fn an_endpoint_that_is_not_https_is_refused_before_anything_is_sent() {
    let mut config = Config::demo();
    for offer in &mut config.offers {
        offer.endpoint = Some("http://mfo.example/v1/applications".into());
    }
    let w = mount_with(options(Locale::Ru), config).await;
    w.to_result().await;
    w.next().await;
    for kind in ["personal_data", "credit_bureau", "transfer"] {
        w.check(&format!("consents.{kind}"), true).await;
    }
    count_fetches();
    w.click("[data-action=submit]").await;
    tick().await;
    assert_eq!(fetches(), 0);
    assert!(
        w.text(".pq-send").contains("небезопасен"),
        "{}",
        w.text(".pq-send")
    );
    assert!(w.events.borrow().iter().any(|e| matches!(
        e,
        WidgetEvent::Error {
            code: "submit.endpoint_refused",
            ..
        }
    )));
}

#[wasm_bindgen_test]
async fn events_carry_no_personal_data() {
    let w = mount(Locale::Ru).await;
    w.to_result().await;
    let names = w.event_names();
    assert_eq!(names.first(), Some(&"ready"));
    assert!(names.contains(&"step") && names.contains(&"change") && names.contains(&"result"));
    let all: String = w.events.borrow().iter().map(|e| e.detail_json()).collect();
    for personal in [
        "Иванов",
        "Иван",
        "1990",
        "912",
        "4502",
        "573482",
        "770",
        "80000",
        "77",
    ] {
        assert!(!all.contains(personal), "{personal} in {all}");
    }
}

#[wasm_bindgen_test]
async fn two_widgets_on_one_page_share_nothing() {
    let a = mount(Locale::Ru).await;
    let b = mount(Locale::En).await;
    a.next().await;
    a.type_and_leave("applicant.last_name", "Иванов").await;
    assert_eq!(b.step_title(), "Amount and term");
    let id_a = a.get(".pq-title").id();
    let id_b = b.get(".pq-title").id();
    assert_ne!(id_a, id_b);
    assert_eq!(
        gloo_utils::document()
            .query_selector_all(&format!("#{id_a}"))
            .unwrap()
            .length(),
        1
    );
}
