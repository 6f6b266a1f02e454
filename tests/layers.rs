//! The source is arranged in layers, and nothing imports in a circle.
//!
//! Each top folder of `src/` is a layer; a layer may use only the layers
//! before it in `LAYERS`, the order the data flows in. Within the crate, no
//! module may reach itself again through the modules it uses. Both are read
//! from the source: every `crate::…` and `super::…` path, in `use` lines and
//! in code, is an import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, from the first to the last.
const LAYERS: [&str; 6] = ["util", "site", "content", "render", "web", "server"];

/// A module of the crate: its path (`web::error`) and its file.
struct Module {
    file: PathBuf,
    text: String,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every module below `src/`, by path; `lib.rs` is the empty path.
fn modules() -> BTreeMap<String, Module> {
    let mut modules = BTreeMap::new();
    let mut folders = vec![src()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a source folder") {
            let file = entry.expect("an entry").path();
            if file.is_dir() {
                folders.push(file);
                continue;
            }
            let relative = file.strip_prefix(src()).expect("below src").with_extension("");
            let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
                parts.pop();
            }
            if parts.first().map(String::as_str) == Some("main") {
                continue;
            }
            let text = std::fs::read_to_string(&file).expect("a source file");
            modules.insert(parts.join("::"), Module { file, text });
        }
    }
    modules
}

/// The text before a line comment, unless the `//` is inside a string.
fn code(line: &str) -> &str {
    let mut quoted = false;
    let bytes = line.as_bytes();
    for i in 0..bytes.len() {
        match bytes[i] {
            b'"' if i == 0 || bytes[i - 1] != b'\\' => quoted = !quoted,
            b'/' if !quoted && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
    }
    line
}

/// The paths a line names from `crate::`, `super::` or `self::`, or, in a
/// `use` line, from a child module, each made absolute
/// (`web::error::PageError`), as written by `module`. A group such as
/// `crate::site::{Route, routes}` gives one path per member.
fn paths_in(line: &str, module: &str) -> Vec<String> {
    let mut found = absolute_paths_in(line, module);
    let trimmed = line.trim_start().trim_start_matches("pub ").trim_start_matches("pub(crate) ");
    if let Some(path) = trimmed.strip_prefix("use ")
        && !["crate::", "super::", "self::"].iter().any(|p| path.starts_with(p))
        && path.contains("::")
    {
        // Relative to this module: only its children can be named so; a
        // crate from outside is filtered out later, as no module of ours.
        let relative = format!("self::{path}");
        found.extend(absolute_paths_in(&relative, module));
    }
    found
}

fn absolute_paths_in(line: &str, module: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find(['c', 's']) {
        let tail = &rest[at..];
        let preceded_by_ident = rest[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
        let start = if preceded_by_ident {
            None
        } else if let Some(after) = tail.strip_prefix("crate::") {
            Some((Vec::new(), after))
        } else if tail.starts_with("super::") || tail.starts_with("self::") {
            // `self` is this module (a folder's mod.rs is the folder), `super` its parent.
            let mut base: Vec<&str> = module.split("::").filter(|p| !p.is_empty()).collect();
            let mut after = tail.strip_prefix("self::").unwrap_or(tail);
            while let Some(next) = after.strip_prefix("super::") {
                base.pop();
                after = next;
            }
            Some((base.into_iter().map(str::to_owned).collect(), after))
        } else {
            None
        };
        let Some((base, after)) = start else {
            rest = &tail[1..];
            continue;
        };
        let (prefix, group) = match after.find('{') {
            Some(open) if after[..open].chars().all(|c| c.is_alphanumeric() || c == '_' || c == ':') => {
                let close = after.find('}').unwrap_or(after.len());
                (after[..open].to_owned(), Some(after[open + 1..close].to_owned()))
            }
            _ => {
                let end = after.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(after.len());
                (after[..end].to_owned(), None)
            }
        };
        let base = base.join("::");
        let join =
            |p: &str| [base.as_str(), p].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join("::");
        match group {
            Some(members) => {
                for member in members.split(',') {
                    let member = member.trim().split(" as ").next().unwrap_or("").trim();
                    found.push(join(format!("{prefix}{member}").trim_end_matches(':')));
                }
            }
            None => found.push(join(prefix.trim_end_matches(':'))),
        }
        rest = &tail[1..];
    }
    found
}

/// The module a path points into: its longest prefix that is a module.
fn module_of<'a>(path: &str, modules: &'a BTreeMap<String, Module>) -> Option<&'a str> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find_map(|p| modules.get_key_value(&p).map(|(k, _)| k.as_str()))
}

/// Each module's imports: (the module imported, the line that imports it).
fn imports(modules: &BTreeMap<String, Module>) -> BTreeMap<&str, Vec<(&str, usize)>> {
    let mut graph: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::new();
    for (name, module) in modules {
        let mut in_tests = false;
        for (i, line) in module.text.lines().enumerate() {
            if line.trim_start().starts_with("#[cfg(test)]") {
                in_tests = true;
            }
            if in_tests {
                continue;
            }
            for path in paths_in(code(line), name) {
                if let Some(target) = module_of(&path, modules).filter(|t| *t != name && !t.is_empty()) {
                    graph.entry(name.as_str()).or_default().push((target, i + 1));
                }
            }
        }
    }
    graph
}

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| module.split("::").next() == Some(*l))
}

fn location(modules: &BTreeMap<String, Module>, module: &str, line: usize) -> String {
    let file = &modules[module].file;
    format!("{}:{line}", file.strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap_or(file).display())
}

#[test]
fn every_top_folder_is_a_layer() {
    let folders: BTreeSet<String> = std::fs::read_dir(src())
        .expect("src/")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let layers: BTreeSet<String> = LAYERS.iter().map(|l| (*l).to_owned()).collect();
    assert_eq!(folders, layers, "src/ holds one folder per layer, and nothing else");
}

#[test]
fn no_layer_imports_a_later_layer() {
    let modules = modules();
    let mut wrong = Vec::new();
    for (module, targets) in imports(&modules) {
        let Some(from) = layer(module) else { continue };
        for (target, line) in targets {
            if let Some(to) = layer(target).filter(|to| *to > from) {
                wrong.push(format!(
                    "{}: `{module}` (layer {}) imports `{target}` from the later layer {}",
                    location(&modules, module, line),
                    LAYERS[from],
                    LAYERS[to]
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the flow:\n{}", wrong.join("\n"));
}

#[test]
fn no_module_imports_itself_through_others() {
    let modules = modules();
    let graph = imports(&modules);
    let mut cycles = Vec::new();
    for start in graph.keys() {
        // Depth-first from `start`, looking for a way back to it.
        let mut stack: Vec<(&str, Vec<(&str, usize)>)> = vec![(start, Vec::new())];
        let mut seen = BTreeSet::new();
        while let Some((at, trail)) = stack.pop() {
            for &(next, line) in graph.get(at).map_or(&[][..], Vec::as_slice) {
                let mut trail = trail.clone();
                trail.push((at, line));
                if next == *start {
                    let steps: Vec<String> =
                        trail.iter().map(|(m, l)| format!("{m} ({})", location(&modules, m, *l))).collect();
                    cycles.push(format!("{} -> {start}", steps.join(" -> ")));
                } else if seen.insert(next) {
                    stack.push((next, trail));
                }
            }
        }
    }
    cycles.sort_by_key(String::len);
    cycles.dedup();
    assert!(cycles.is_empty(), "modules that import in a circle:\n{}", cycles.join("\n"));
}

#[test]
fn the_reader_finds_imports_in_use_lines_groups_and_code() {
    assert_eq!(paths_in("use crate::site::{Route, routes};", "web::send"), ["site::Route", "site::routes"]);
    assert_eq!(paths_in("use super::error::PageError;", "web::send"), ["web::error::PageError"]);
    assert_eq!(paths_in("use super::Checker;", "content::validate::asem"), ["content::validate::Checker"]);
    assert_eq!(paths_in("use super::load;", "content::validate"), ["content::load"]);
    assert_eq!(
        paths_in("use listen::{bind, accept_loop};", "server"),
        ["server::listen::bind", "server::listen::accept_loop"]
    );
    assert_eq!(paths_in("pub use model::*;", "site"), ["site::model"]);
    assert_eq!(paths_in("let x = crate::util::hash::content_hash(b);", "render"), ["util::hash::content_hash"]);
    assert!(paths_in(code("let supercrate = 1; // crate::web"), "site").is_empty());
}
