//! The layers hold: read the source and check the rules CONTRIBUTING.md
//! draws. The core (everything but the edge: `cli.rs`, `commands/`,
//! `output.rs`, `error.rs`, `serve/`, `main.rs`, `lib.rs`) prints nothing,
//! names no command in what it says, and never imports the edge; no two
//! top-level modules import each other, directly or around a loop; and no
//! file outside tests is longer than about 500 lines unless it says why at
//! its top.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level modules of the edge: they talk to people.
const EDGE: [&str; 7] = ["cli", "commands", "output", "error", "serve", "main", "lib"];
/// Longest file (before its unit tests) that needs no reason at its top.
const MAX_LINES: usize = 500;
/// The words a long file starts its reason with, in its module comment.
const LONG_FILE: &str = "Long file:";

struct Source {
    /// `src/`-relative path.
    path: String,
    /// The top-level module it belongs to (`ledger` for `ledger/load.rs`).
    module: String,
    /// The text before its unit tests, with comments removed.
    code: String,
    /// The whole text.
    text: String,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let module = rel
                .split('/')
                .next()
                .unwrap()
                .trim_end_matches(".rs")
                .to_string();
            let text = std::fs::read_to_string(&p).unwrap();
            let before_tests = match text.find("#[cfg(test)]\nmod tests {") {
                Some(i) => &text[..i],
                None => &text[..],
            };
            Source {
                path: rel,
                module,
                code: strip_comments(before_tests),
                text,
            }
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Drops `//` comments (doc comments included), keeping string literals.
fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut in_str = false;
        let mut prev = ' ';
        let mut cut = line.len();
        for (i, c) in line.char_indices() {
            if c == '"' && prev != '\\' {
                in_str = !in_str;
            }
            if !in_str && c == '/' && prev == '/' {
                cut = i - 1;
                break;
            }
            prev = c;
        }
        out.push_str(&line[..cut]);
        out.push('\n');
    }
    out
}

fn is_edge(module: &str) -> bool {
    EDGE.contains(&module)
}

/// The top-level modules a file names through `crate::`.
fn imports(code: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name == "{" || name.is_empty() {
            // `use crate::{a, b::c}`: every first segment in the braces.
            if let Some(body) = rest.strip_prefix('{') {
                let end = body.find("};").unwrap_or(body.len());
                let mut depth = 0;
                let mut segment_start = true;
                let mut word = String::new();
                for c in body[..end].chars() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        ',' if depth == 0 => segment_start = true,
                        _ => {}
                    }
                    if segment_start && (c.is_alphanumeric() || c == '_') {
                        word.push(c);
                    } else if !word.is_empty() {
                        found.insert(std::mem::take(&mut word));
                        segment_start = c == ',' && depth == 0;
                    }
                }
                if !word.is_empty() {
                    found.insert(word);
                }
            }
            continue;
        }
        found.insert(name);
    }
    found.retain(|m| modules.contains(m));
    found
}

#[test]
fn no_two_modules_import_each_other() {
    let sources = sources();
    let modules: BTreeSet<String> = sources.iter().map(|s| s.module.clone()).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in &sources {
        let deps = imports(&s.code, &modules);
        let entry = graph.entry(s.module.clone()).or_default();
        entry.extend(deps.into_iter().filter(|d| *d != s.module));
    }
    let loops = in_loops(&graph);
    assert!(
        loops.is_empty(),
        "these modules import themselves around a loop: {loops:?}\n{graph:#?}"
    );
}

#[test]
fn the_core_never_imports_the_edge() {
    let sources = sources();
    let modules: BTreeSet<String> = sources.iter().map(|s| s.module.clone()).collect();
    let mut wrong = Vec::new();
    for s in sources.iter().filter(|s| !is_edge(&s.module)) {
        for d in imports(&s.code, &modules) {
            if is_edge(&d) {
                wrong.push(format!("{} imports {d}", s.path));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_core_prints_nothing_and_names_no_command() {
    let mut wrong = Vec::new();
    for s in sources().iter().filter(|s| !is_edge(&s.module)) {
        for (n, line) in s.code.lines().enumerate() {
            let at = format!("{}:{}", s.path, n + 1);
            if ["println!", "eprintln!", "print!(", "eprint!("]
                .iter()
                .any(|m| line.contains(m))
            {
                wrong.push(format!("{at} prints: {}", line.trim()));
            }
            // What a person should run is the edge's to say.
            if line.contains("'signoff ") || line.contains("\"signoff ") {
                wrong.push(format!("{at} names a command: {}", line.trim()));
            }
            if line.contains(".hint(") {
                wrong.push(format!("{at} adds a hint: {}", line.trim()));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn long_files_say_why() {
    let mut wrong = Vec::new();
    for s in sources() {
        let before_tests = match s.text.find("#[cfg(test)]\nmod tests {") {
            Some(i) => &s.text[..i],
            None => &s.text[..],
        };
        let lines = before_tests.lines().count();
        let head: String = s.text.lines().take(30).collect::<Vec<_>>().join("\n");
        if lines > MAX_LINES && !head.contains(LONG_FILE) {
            wrong.push(format!("{} has {lines} lines", s.path));
        }
    }
    assert!(
        wrong.is_empty(),
        "split these, or say why at the top (\"{LONG_FILE} …\"): {wrong:#?}"
    );
}

/// Longest function (its signature to its closing brace) without a split.
const MAX_FN_LINES: usize = 120;

/// The functions of `text` (formatted by rustfmt) with their first line
/// and length: from `fn` to the closing brace at the same indentation.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let mut rest = trimmed;
        for prefix in [
            "pub(crate) ",
            "pub(super) ",
            "pub ",
            "const ",
            "async ",
            "unsafe ",
        ] {
            rest = rest.strip_prefix(prefix).unwrap_or(rest);
        }
        let Some(after) = rest.strip_prefix("fn ") else {
            i += 1;
            continue;
        };
        let name: String = after
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let indent = &line[..line.len() - trimmed.len()];
        // The signature ends at the first line ending in `{` (a body
        // follows), `;` (none) or `}` (a body on that line).
        let Some(open) = (i..lines.len()).find(|&j| {
            let t = lines[j].trim_end();
            t.ends_with('{') || t.ends_with(';') || t.ends_with('}')
        }) else {
            break;
        };
        if !lines[open].trim_end().ends_with('{') {
            i = open + 1;
            continue;
        }
        let close = (open + 1..lines.len())
            .find(|&j| lines[j] == format!("{indent}}}"))
            .unwrap_or(lines.len() - 1);
        out.push((name, i + 1, close - i + 1));
        i = open + 1;
    }
    out
}

#[test]
fn no_function_is_over_120_lines() {
    let mut wrong = Vec::new();
    for s in sources() {
        for (name, line, len) in functions(&s.text) {
            if len > MAX_FN_LINES {
                wrong.push(format!("{}:{line} fn {name} has {len} lines", s.path));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "split these into functions of at most {MAX_FN_LINES} lines: {wrong:#?}"
    );
}

#[test]
fn the_function_check_measures_what_it_says() {
    let text = "fn short() -> u8 { 1 }\n\npub fn long(\n    a: u8,\n) -> u8 {\n    let b = a;\n    b\n}\n\ntrait T {\n    fn f(&self);\n}\n";
    let found = functions(text);
    assert_eq!(found, vec![("long".to_string(), 3, 6)]);
}

/// The file a path of module names (`["state", "model"]`) lives in,
/// among `files` (`src/`-relative paths), trying the longest prefix first:
/// `state::model::Evaluation` lives in `state/model.rs`, `state::Evaluation`
/// in `state/mod.rs`.
fn file_of(segments: &[String], files: &BTreeSet<String>) -> Option<String> {
    (1..=segments.len()).rev().find_map(|n| {
        let base = segments[..n].join("/");
        [format!("{base}.rs"), format!("{base}/mod.rs")]
            .into_iter()
            .find(|f| files.contains(f))
    })
}

/// The module path of a file: `state/rules.rs` → `["state", "rules"]`,
/// `state/mod.rs` → `["state"]`.
fn module_path(file: &str) -> Vec<String> {
    let trimmed = file
        .trim_end_matches(".rs")
        .trim_end_matches("/mod")
        .to_string();
    trimmed.split('/').map(str::to_string).collect()
}

/// Resolves a path as written in `file` (`super::model::X`,
/// `crate::state::Y`, a child module's `rules::check` in a `mod.rs`) to
/// module names from the crate root; `None` for a path that names nothing
/// of the crate (`std::…`, a local name).
fn resolve(file: &str, segments: &[String]) -> Option<Vec<String>> {
    let here = module_path(file);
    let is_dir_module = file.ends_with("mod.rs");
    let first = segments.first()?;
    let (mut base, mut rest) = match first.as_str() {
        "crate" => (Vec::new(), &segments[1..]),
        "self" => {
            let mut p = here.clone();
            if !is_dir_module {
                p.pop();
            }
            (p, &segments[1..])
        }
        "super" => {
            let mut p = here.clone();
            p.pop();
            (p, &segments[1..])
        }
        _ if segments.len() > 1 && is_dir_module => (here.clone(), segments),
        _ => return None,
    };
    while rest.first().is_some_and(|s| s == "super") {
        base.pop();
        rest = &rest[1..];
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The paths `code` names, each as its segments: `a::b::c`, and every
/// item of a brace list, `a::{b, c::d}` as `a::b` and `a::c::d`.
fn paths(code: &str) -> Vec<Vec<String>> {
    let word = |ch: char| ch.is_alphanumeric() || ch == '_';
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    // Prefixes of the brace lists we are in, innermost last.
    let mut prefixes: Vec<Vec<String>> = Vec::new();
    let mut depth_at_open: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        if ch == '{' {
            depth += 1;
        } else if ch == '}' {
            if depth_at_open.last() == Some(&depth) {
                depth_at_open.pop();
                prefixes.pop();
            }
            depth = depth.saturating_sub(1);
        }
        if !word(ch) || (i > 0 && (word(chars[i - 1]) || chars[i - 1] == ':')) {
            i += 1;
            continue;
        }
        let mut segments: Vec<String> = Vec::new();
        let mut end = i;
        let mut opens = false;
        loop {
            let start = end;
            while end < chars.len() && word(chars[end]) {
                end += 1;
            }
            segments.push(chars[start..end].iter().collect());
            if end + 2 < chars.len() && chars[end] == ':' && chars[end + 1] == ':' {
                if word(chars[end + 2]) {
                    end += 2;
                    continue;
                }
                opens = chars[end + 2] == '{';
            }
            break;
        }
        // Inside a brace list whose `{` directly precedes this item.
        let mut back = i;
        while back > 0 && chars[back - 1].is_whitespace() {
            back -= 1;
        }
        let in_list = back > 0 && matches!(chars[back - 1], '{' | ',') && !prefixes.is_empty();
        let full: Vec<String> = if in_list {
            let mut p = prefixes.last().cloned().unwrap_or_default();
            if segments != ["self"] {
                p.extend(segments);
            }
            p
        } else {
            segments
        };
        if opens {
            depth += 1;
            depth_at_open.push(depth);
            prefixes.push(full.clone());
            i = end + 3;
        } else {
            i = end.max(i + 1);
        }
        out.push(full);
    }
    out
}

/// The files of its own top-level module that `file` names; declaring a
/// module (`mod x;`) is not naming it.
fn inner_imports(file: &str, code: &str, files: &BTreeSet<String>) -> BTreeSet<String> {
    let top = module_path(file)[0].clone();
    let code: String = code
        .lines()
        .filter(|l| {
            let t = l.trim();
            !((t.starts_with("mod ") || t.starts_with("pub mod ")) && t.ends_with(';'))
        })
        .collect::<Vec<_>>()
        .join("\n");
    paths(&code)
        .iter()
        .filter_map(|p| resolve(file, p))
        .filter(|p| p.first() == Some(&top) && p.len() >= 2)
        .filter_map(|p| file_of(&p, files))
        .filter(|f| f != file)
        .collect()
}

#[test]
fn the_path_reader_follows_brace_lists_and_super() {
    let files: BTreeSet<String> = ["state/mod.rs", "state/model.rs", "state/rules.rs"]
        .into_iter()
        .map(String::from)
        .collect();
    let of = |file: &str, code: &str| -> Vec<String> {
        inner_imports(file, code, &files).into_iter().collect()
    };
    assert_eq!(
        of("state/rules.rs", "use crate::state::{self, Evaluation};"),
        ["state/mod.rs"]
    );
    assert_eq!(
        of("state/rules.rs", "use super::{model::Evaluation, x};"),
        ["state/mod.rs", "state/model.rs"]
    );
    assert_eq!(
        of("state/rules.rs", "use super::model::{A, B};"),
        ["state/model.rs"]
    );
    assert_eq!(
        of("state/mod.rs", "pub mod rules;\nfn f() { rules::check() }"),
        ["state/rules.rs"]
    );
    assert!(of("state/mod.rs", "pub mod rules;\nuse std::fmt;").is_empty());
}

#[test]
fn the_files_of_state_and_views_do_not_import_each_other_in_a_loop() {
    let sources = sources();
    let files: BTreeSet<String> = sources.iter().map(|s| s.path.clone()).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in sources
        .iter()
        .filter(|s| ["state", "views"].contains(&s.module.as_str()))
        .filter(|s| !s.path.ends_with("/tests.rs"))
    {
        graph.insert(s.path.clone(), inner_imports(&s.path, &s.code, &files));
    }
    let loops = in_loops(&graph);
    assert!(
        loops.is_empty(),
        "these files import themselves around a loop: {loops:?}\n{graph:#?}"
    );
    // The two the read side's redesign cut apart.
    let rules = &graph["state/rules.rs"];
    assert!(!rules.contains("state/mod.rs"), "{rules:?}");
    assert!(!graph["state/mod.rs"].contains("state/rules.rs"));
}

/// The nodes of `graph` (name → what it imports) that reach themselves.
fn in_loops(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut loops = Vec::new();
    for start in graph.keys() {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&String> = graph[start].iter().collect();
        while let Some(m) = todo.pop() {
            if m == start {
                loops.push(start.clone());
                break;
            }
            if seen.insert(m.clone()) {
                todo.extend(graph.get(m).into_iter().flatten());
            }
        }
    }
    loops
}
