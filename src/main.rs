//! The widget's standalone entry point, used by Trunk's demo page: mounts the app into
//! `#prequal`. Embedding pages go through the loader instead.
fn main() {
    prequal_widget::mount_standalone();
}
