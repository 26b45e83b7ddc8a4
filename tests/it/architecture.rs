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
    // A loop is a module that reaches itself.
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
