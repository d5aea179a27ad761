//! The widget's standalone entry point, used by Trunk's demo page: mounts the app into
//! `#prequal` with the options from its `data-*` attributes. Embedding pages go through the
//! loader instead (issue 7).
fn main() {
    prequal_widget::mount_standalone();
}
