//! The shape of the code, checked: files small enough to read in one sitting, modules that
//! import only what is below them (files → load → model → map → scene → window and export),
//! and drawing that keeps no hidden state.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The longest a source file may be.
const MAX_LINES: usize = 600;

/// What each top-level module may use of the crate (besides itself).
const ALLOWED: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("analysis", &["model"]),
    ("load", &["model"]),
    ("style", &["model"]),
    ("map", &["model", "load", "style"]),
    ("export", &["model", "load", "map", "style"]),
    ("settings", &["load"]),
    ("project", &["model", "load", "settings"]),
    (
        "ui",
        &[
            "model", "load", "map", "export", "style", "settings", "analysis",
        ],
    ),
    // The export reads the saved bookmarks (`--bookmark`).
    (
        "cli",
        &[
            "model", "load", "map", "export", "settings", "analysis", "project",
        ],
    ),
    // The window takes the command line's view state and checks it as the export does.
    (
        "app",
        &[
            "model", "load", "map", "export", "style", "settings", "ui", "analysis", "cli",
            "project",
        ],
    ),
];

fn sources() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("src is readable").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    assert!(out.len() > 20, "{out:?}");
    out
}

/// The top-level module a file belongs to (`src/map/draw.rs` → `map`, `src/app.rs` → `app`).
fn module_of(path: &Path) -> String {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let rel = path.strip_prefix(&src).expect("under src");
    let first = rel.components().next().expect("a component");
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_string()
}

/// The code of a file without its comments (doc links name modules too).
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .expect("readable")
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The crate's modules `text` uses: `crate::map::…`, and each of `crate::{map, ui::X}`.
fn uses(text: &str) -> Vec<String> {
    let name = |rest: &str| -> String {
        rest.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level names of the group, however nested their own paths are.
            let mut depth = 0;
            let mut start = 0;
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        found.push(name(&group[start..k]));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.push(name(&group[start..k]));
                        start = k + 1;
                    }
                    _ => {}
                }
            }
        } else {
            found.push(name(rest));
        }
    }
    found.retain(|n| !n.is_empty());
    found
}

#[test]
fn no_source_file_is_longer_than_can_be_read_in_one_sitting() {
    let long: Vec<String> = sources()
        .iter()
        .filter_map(|p| {
            let n = std::fs::read_to_string(p)
                .expect("readable")
                .lines()
                .count();
            (n > MAX_LINES).then(|| format!("{} ({n} lines)", p.display()))
        })
        .collect();
    assert!(long.is_empty(), "over {MAX_LINES} lines: {long:#?}");
}

#[test]
fn modules_import_only_what_is_below_them() {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut wrong = Vec::new();
    for p in sources() {
        let module = module_of(&p);
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(ok) = allowed.get(module.as_str()) else {
            wrong.push(format!(
                "{}: module {module} is not in the table",
                p.display()
            ));
            continue;
        };
        for used in uses(&code(&p)) {
            if used != module && !ok.contains(&used.as_str()) {
                wrong.push(format!("{}: {module} uses {used}", p.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_check_sees_an_import_against_the_flow() {
    // The checks above, on a made-up file: a model that reaches for the map is caught, in a
    // path, in a group, not in a comment.
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("made_up.rs");
    std::fs::write(
        &file,
        "use crate::map::Viewport;\n// crate::ui in a comment\nuse crate::{export, ui::{Action, x}};\nfn f() { crate::model::x() }\n",
    )
    .expect("write");
    assert_eq!(uses(&code(&file)), ["map", "export", "ui", "model"]);
    assert_eq!(
        module_of(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/map/draw.rs")),
        "map"
    );
}

#[test]
fn drawing_keeps_no_hidden_state() {
    // What a frame keeps is the caller's MapCache; no statics, locks or clocks in the map.
    let mut found = Vec::new();
    for p in sources().iter().filter(|p| module_of(p) == "map") {
        let text = std::fs::read_to_string(p).expect("readable");
        for (n, line) in text.lines().enumerate() {
            let l = line.trim_start();
            if l.starts_with("//") {
                continue;
            }
            let hidden = l.starts_with("static ")
                || l.starts_with("pub static ")
                || l.contains("thread_local!")
                || l.contains("Mutex")
                || l.contains("Instant::now")
                || l.contains("SystemTime");
            if hidden {
                found.push(format!("{}:{}: {l}", p.display(), n + 1));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}
