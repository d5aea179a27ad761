//! Browser component tests of the inputs: labels and input hints, formatting as one types,
//! and the rules engine's specific messages, shown when a field is left and updated live
//! once one is showing.
#![cfg(target_arch = "wasm32")]

mod common;

use common::{mount, tick, Widget};
use prequal_widget::Locale;
use wasm_bindgen_test::*;
use web_sys::{InputEvent, InputEventInit};

wasm_bindgen_test_configure!(run_in_browser);

async fn about(locale: Locale) -> Widget {
    let w = mount(locale).await;
    w.next().await;
    w
}

#[wasm_bindgen_test]
async fn every_input_has_a_label_and_the_right_hints() {
    let w = about(Locale::Ru).await;
    for (name, kind, inputmode, autocomplete) in [
        ("applicant.last_name", "text", None, "family-name"),
        ("applicant.first_name", "text", None, "given-name"),
        ("applicant.patronymic", "text", None, "additional-name"),
        ("applicant.birth_date", "date", None, "bday"),
        ("applicant.phone", "tel", Some("tel"), "tel"),
        ("applicant.email", "email", Some("email"), "email"),
        ("applicant.passport.series", "text", Some("numeric"), "off"),
        ("applicant.passport.number", "text", Some("numeric"), "off"),
        ("applicant.passport.issue_date", "date", None, "off"),
        (
            "applicant.passport.issuer_code",
            "text",
            Some("numeric"),
            "off",
        ),
        ("applicant.inn", "text", Some("numeric"), "off"),
        ("applicant.snils", "text", Some("numeric"), "off"),
    ] {
        let input = w.input(name);
        assert_eq!(input.type_(), kind, "{name}");
        assert_eq!(
            input.get_attribute("inputmode").as_deref(),
            inputmode,
            "{name}"
        );
        assert_eq!(
            input.get_attribute("autocomplete").as_deref(),
            Some(autocomplete),
            "{name}"
        );
        let label = w.get(&format!("label[for=\"{}\"]", input.id()));
        assert!(
            !label.text_content().unwrap_or_default().trim().is_empty(),
            "{name}"
        );
        assert_eq!(
            input.get_attribute("aria-invalid").as_deref(),
            Some("false"),
            "{name}"
        );
        let described = input.get_attribute("aria-describedby").unwrap();
        for id in described.split(' ') {
            assert!(w.find(&format!("#{id}")).is_some(), "{name}: #{id}");
        }
    }
    let region = w.get("select[name=\"applicant.region\"]");
    assert_eq!(
        region.get_attribute("autocomplete").as_deref(),
        Some("address-level1")
    );
    // 89 subjects and the placeholder.
    assert_eq!(w.all("select[name=\"applicant.region\"] option").len(), 90);
}

#[wasm_bindgen_test]
async fn identifiers_are_laid_out_as_typed() {
    let w = about(Locale::Ru).await;
    for (name, typed, shown) in [
        ("applicant.phone", "89123456789", "8 912 345-67-89"),
        ("applicant.phone", "+79123456789", "+7 912 345-67-89"),
        ("applicant.snils", "11223344595", "112-233-445 95"),
        ("applicant.passport.issuer_code", "770001", "770-001"),
        ("applicant.passport.series", "4502", "45 02"),
    ] {
        w.type_in(name, typed).await;
        assert_eq!(w.input(name).value(), shown, "{name}");
    }
    // A letter is left as typed (the engine's message explains it), never swallowed.
    w.type_in("applicant.phone", "8912x").await;
    assert_eq!(w.input("applicant.phone").value(), "8912x");
}

#[wasm_bindgen_test]
async fn a_whole_passport_pasted_into_the_series_fills_both_fields() {
    let w = about(Locale::Ru).await;
    w.type_in("applicant.passport.series", "4502 573482").await;
    tick().await;
    assert_eq!(w.input("applicant.passport.series").value(), "45 02");
    assert_eq!(w.input("applicant.passport.number").value(), "573482");
}

#[wasm_bindgen_test]
async fn backspace_after_a_separator_takes_the_digit_before_it() {
    let w = about(Locale::Ru).await;
    w.type_in("applicant.snils", "112233").await;
    assert_eq!(w.input("applicant.snils").value(), "112-233");
    // Backspace just after the hyphen: the browser takes the hyphen alone, the mask the 2
    // before it too (else the digits stay and the layout goes).
    let field = w.input("applicant.snils");
    field.set_value("112233");
    field.set_selection_range(3, 3).unwrap();
    let init = InputEventInit::new();
    init.set_bubbles(true);
    init.set_input_type("deleteContentBackward");
    field
        .dispatch_event(&InputEvent::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    tick().await;
    let field = w.input("applicant.snils");
    assert_eq!(field.value(), "112-33");
    assert_eq!(field.selection_start().unwrap(), Some(2));
    // A digit deleted is left as it is: "112-3" stays until the field is left.
    field.set_value("112-3");
    field
        .dispatch_event(&InputEvent::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    tick().await;
    assert_eq!(w.input("applicant.snils").value(), "112-3");
}

#[wasm_bindgen_test]
async fn each_identifier_gets_its_specific_message() {
    let w = about(Locale::Ru).await;
    // With the number there, the series is checked with it (its own test is below).
    w.type_and_leave("applicant.passport.number", "573482")
        .await;
    for (name, value, expected) in [
        (
            "applicant.inn",
            "500100732258",
            "В ИНН неверная контрольная цифра",
        ),
        ("applicant.inn", "7707083893", "12 цифр"),
        ("applicant.snils", "11223344596", "контрольное число"),
        ("applicant.snils", "1122334459", "11 цифр"),
        ("applicant.phone", "+7 495 123-45-67", "мобильный"),
        ("applicant.phone", "12345", "+7 и 10 цифр"),
        ("applicant.passport.series", "4596", "год выпуска бланка"),
        (
            "applicant.passport.issuer_code",
            "000100",
            "Код подразделения",
        ),
        ("applicant.email", "ivan@", "почты"),
        ("applicant.last_name", "Ivanov", "русскими буквами"),
    ] {
        w.type_and_leave(name, value).await;
        let message = w.message(name);
        assert!(message.contains(expected), "{name}={value}: {message}");
        assert!(w.invalid(name), "{name}={value}");
    }
}

#[wasm_bindgen_test]
async fn a_mistake_in_the_passport_series_shows_before_the_number_is_typed() {
    let w = about(Locale::Ru).await;
    w.type_and_leave("applicant.passport.series", "4596").await;
    assert!(w
        .message("applicant.passport.series")
        .contains("год выпуска бланка"));
    assert!(w.invalid("applicant.passport.series"));
    // The number on its own too, and nothing is blamed on the part that is right.
    w.type_and_leave("applicant.passport.series", "4502").await;
    assert!(!w.invalid("applicant.passport.series"));
    w.type_and_leave("applicant.passport.series", "").await;
    w.type_and_leave("applicant.passport.number", "57348").await;
    assert!(w.invalid("applicant.passport.number"));
}

#[wasm_bindgen_test]
async fn english_messages_are_english() {
    let w = about(Locale::En).await;
    w.type_and_leave("applicant.inn", "500100732258").await;
    assert_eq!(w.message("applicant.inn"), "The INN's check digit is wrong");
    assert_eq!(
        w.get(".pq-widget").get_attribute("lang").as_deref(),
        Some("en")
    );
}

#[wasm_bindgen_test]
async fn messages_wait_for_leaving_then_follow_the_typing() {
    let w = about(Locale::Ru).await;
    w.type_in("applicant.inn", "5001").await;
    assert_eq!(
        w.message("applicant.inn"),
        "",
        "no message while first typing"
    );
    w.leave("applicant.inn").await;
    assert!(w.invalid("applicant.inn"));
    // Once a message shows, it follows each keystroke: it goes the moment the INN is right.
    w.type_in("applicant.inn", "500100732259").await;
    assert!(!w.invalid("applicant.inn"));
    assert_eq!(w.message("applicant.inn"), "");
    // The phone, once right, says how the lender will get it.
    w.type_and_leave("applicant.phone", "8 (912) 345-67-89")
        .await;
    assert!(w.message("applicant.phone").contains("+79123456789"));
}

#[wasm_bindgen_test]
async fn an_empty_field_is_not_checked_on_the_way_past() {
    let w = about(Locale::Ru).await;
    w.leave("applicant.last_name").await;
    assert_eq!(w.message("applicant.last_name"), "");
    assert!(!w.invalid("applicant.last_name"));
}

#[wasm_bindgen_test]
async fn a_half_typed_date_says_so() {
    let w = about(Locale::Ru).await;
    w.type_and_leave("applicant.birth_date", "2010-01-01").await;
    // Under 18: a circumstance, shown as a note, not as a typing mistake.
    assert!(w.message("applicant.birth_date").contains("моложе"));
    assert!(!w.invalid("applicant.birth_date"));
}
