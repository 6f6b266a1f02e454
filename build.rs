//! The binary carries `content/`, `static/` and `templates/` (through
//! `include_dir!` and askama). Cargo rebuilds it when a file in them
//! changes, is added or is removed: `include_dir!` alone would miss a new
//! file.

fn main() {
    for folder in ["content", "static", "templates"] {
        println!("cargo::rerun-if-changed={folder}");
    }
}
