//! The widget's first screen (the loan step, as drawn from the demo offers) as static markup:
//! what Yew alone costs to draw it, with none of the widget's work (the offers, the rules, the
//! state). `PREQUAL_FIRST_SCREEN` names the `html!` that `dump.mjs` wrote from the built widget.
use yew::prelude::*;

#[function_component(FirstScreen)]
fn first_screen() -> Html {
    // A state and listeners like the widget's, so that Yew registers its event handling too.
    let count = use_state(|| 0u32);
    let oninput = {
        let count = count.clone();
        Callback::from(move |_: InputEvent| count.set(*count + 1))
    };
    let onclick = {
        let count = count.clone();
        Callback::from(move |_: MouseEvent| count.set(*count + 1))
    };
    include!(env!("PREQUAL_FIRST_SCREEN"))
}

fn main() {
    let host = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("prequal"))
        .expect("the page has #prequal");
    yew::Renderer::<FirstScreen>::with_root(host).render();
}
