//! `cargo run --release` and `scripts/test` (`cargo test --release`) share
//! one build: every crate the site uses is built with the same features
//! for both. A dev-dependency that turns on a feature of a crate the site
//! uses too would have that crate, and every crate above it, built twice;
//! Cargo.toml names such features among the site's own dependencies.

use std::collections::BTreeSet;
use std::process::Command;

/// Each package of the build with its features, as `name vX.Y.Z|a,b`, as
/// `cargo tree` resolves them with `edges` (`no-dev` for the site's own
/// build, `all` with the tests'). A package built for the host (a
/// procedural macro, a build script's dependency) may be listed twice.
fn features(edges: &str) -> BTreeSet<String> {
    let output = Command::new(option_env!("CARGO").unwrap_or("cargo"))
        .args(["tree", "--locked", "--offline", "--prefix", "none", "--format", "{p}|{f}", "--edges", edges])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "cargo tree: {}", String::from_utf8_lossy(&output.stderr));
    // ` (*)` marks a package listed before.
    String::from_utf8_lossy(&output.stdout).lines().map(|line| line.trim_end_matches(" (*)").to_owned()).collect()
}

#[test]
fn the_tests_build_each_crate_of_the_site_with_the_site_s_features() {
    let site = features("no-dev");
    let tests = features("all");
    let differing: Vec<&String> = site.iter().filter(|line| !tests.contains(*line)).collect();
    assert!(site.len() > 100, "{site:#?}");
    assert!(
        differing.is_empty(),
        "crates the tests would build again, with other features (name the tests' features in Cargo.toml's \
         [dependencies]), as the site builds them:\n{differing:#?}\nand as the tests would:\n{:#?}",
        tests
            .iter()
            .filter(|line| differing.iter().any(|d| d.split('|').next() == line.split('|').next()))
            .collect::<Vec<_>>()
    );
}
