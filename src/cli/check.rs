//! `check`: validate files and folders, as text (one line per problem) or, with `--json`, one
//! JSON array with an object per file for scripts.

use crate::load;
use crate::model::union_rects;
use serde_json::{Value, json};
use std::path::PathBuf;

/// `check`: one line per problem on stdout; returns whether everything was valid.
pub fn check(paths: &[PathBuf], out: &mut dyn std::io::Write) -> bool {
    let mut ok = true;
    let mut files = 0;
    let mut features = 0;
    for p in paths {
        let listing = match load::data_files(p, true) {
            Ok(l) => l,
            Err(e) => {
                let _ = writeln!(out, "{}", e.lines().join("\n"));
                ok = false;
                continue;
            }
        };
        for e in &listing.problems {
            ok = false;
            let _ = writeln!(out, "{}", e.lines().join("\n"));
        }
        for f in listing.files {
            files += 1;
            let shown = f.display().to_string();
            if load::is_indicators_file(&f) {
                let r = read_indicators(&f, &shown);
                if let Err(e) = r {
                    ok = false;
                    for l in e.lines() {
                        let _ = writeln!(out, "{l}");
                    }
                }
                continue;
            }
            match load::load_layers(&f, &load::Progress::default()) {
                Ok(layers) => {
                    for layer in layers {
                        features += layer.features.len();
                        let shown = layer.origin.to_string();
                        for w in &layer.warnings {
                            // A feature left out is a problem for `check`, though the window
                            // opens the rest.
                            if w.contains("not loaded") {
                                ok = false;
                                let _ = writeln!(out, "{shown}:{w}");
                            } else if w.starts_with("coordinate system") {
                                let _ = writeln!(out, "{shown}: note: {w}");
                            } else {
                                let _ = writeln!(out, "{shown}: warning: {w}");
                            }
                        }
                    }
                }
                Err(e) => {
                    ok = false;
                    for l in e.lines() {
                        let _ = writeln!(out, "{l}");
                    }
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "{} file(s), {features} feature(s): {}",
        files,
        if ok { "no problems" } else { "INVALID" }
    );
    ok
}

/// Read and check a corridor-figures file.
fn read_indicators(f: &std::path::Path, shown: &str) -> Result<(), load::LoadError> {
    let text = std::fs::read_to_string(f).map_err(|source| load::LoadError::Io {
        path: shown.to_string(),
        source,
    })?;
    load::parse_indicators(&text, shown).map(|_| ())
}

/// A problem line as the loader writes it ("feature 3 (id \"x\"): property \"p\": message"),
/// taken apart: (feature index, id, property, message).
fn parts(line: &str) -> (Option<usize>, Option<String>, Option<String>, String) {
    let mut rest = line;
    let mut index = None;
    let mut id = None;
    let mut property = None;
    if let Some(r) = rest.strip_prefix("feature ") {
        let digits: String = r.chars().take_while(|c| c.is_ascii_digit()).collect();
        if let Ok(i) = digits.parse() {
            index = Some(i);
            rest = &r[digits.len()..];
            if let Some(r) = rest.strip_prefix(" (id \"")
                && let Some(end) = r.find("\")")
            {
                id = Some(r[..end].to_string());
                rest = &r[end + 2..];
            }
            rest = rest.strip_prefix(": ").unwrap_or(rest);
        }
    }
    if let Some(r) = rest.strip_prefix("property \"")
        && let Some(end) = r.find("\": ")
    {
        property = Some(r[..end].to_string());
        rest = &r[end + 3..];
    }
    (index, id, property, rest.to_string())
}

fn problem_json(line: &str, severity: &str) -> Value {
    let (index, id, property, message) = parts(line);
    json!({
        "feature": index.map(|i| json!({"index": i, "id": id})),
        "property": property,
        "message": message,
        "severity": severity,
    })
}

/// `check --json`: one object per file (`path`, `format`, `crs`, `features`, `extent` as
/// [west, south, east, north] in WGS 84 degrees, `problems`), printed as one array; returns
/// whether everything was valid.
pub fn check_json(paths: &[PathBuf], out: &mut dyn std::io::Write) -> bool {
    let mut ok = true;
    let mut files: Vec<Value> = Vec::new();
    for p in paths {
        let listing = match load::data_files(p, true) {
            Ok(l) => l,
            Err(e) => {
                ok = false;
                files.push(json!({"path": p.display().to_string(), "format": Value::Null,
                    "problems": e.lines().iter().map(|l| problem_json(l, "error")).collect::<Vec<_>>()}));
                continue;
            }
        };
        for e in &listing.problems {
            ok = false;
            files.push(json!({"path": p.display().to_string(), "format": Value::Null,
                "problems": e.lines().iter().map(|l| problem_json(l, "error")).collect::<Vec<_>>()}));
        }
        for f in listing.files {
            let shown = f.display().to_string();
            if load::is_indicators_file(&f) {
                let r = read_indicators(&f, &shown);
                let problems: Vec<Value> = match r {
                    Ok(_) => Vec::new(),
                    Err(e) => {
                        ok = false;
                        e.lines().iter().map(|l| problem_json(l, "error")).collect()
                    }
                };
                files.push(
                    json!({"path": shown, "format": "corridor indicators (JSON)",
                    "crs": Value::Null, "features": Value::Null, "extent": Value::Null,
                    "problems": problems}),
                );
                continue;
            }
            let format = load::format_of(&f).map_or("GeoJSON", |x| x.name);
            match load::load_layers(&f, &load::Progress::default()) {
                Ok(layers) => {
                    for layer in layers {
                        let problems: Vec<Value> = layer
                            .warnings
                            .iter()
                            .map(|w| {
                                let error = w.contains("not loaded");
                                ok &= !error;
                                let severity = match () {
                                    _ if error => "error",
                                    _ if w.starts_with("coordinate system") => "info",
                                    _ => "warning",
                                };
                                problem_json(w, severity)
                            })
                            .collect();
                        let extent = union_rects(layer.features.iter().filter_map(|f| f.bbox()))
                            .map(|b| json!([b.min().x, b.min().y, b.max().x, b.max().y]));
                        let mut entry = json!({"path": shown, "format": format,
                            "crs": layer.crs.as_deref().unwrap_or("EPSG:4326 (WGS 84)"),
                            "features": layer.features.len(), "extent": extent, "problems": problems});
                        if let crate::model::Origin::Part { part, .. } = &layer.origin {
                            entry["layer"] = json!(part);
                        }
                        files.push(entry);
                    }
                }
                Err(e) => {
                    ok = false;
                    // The file's own name ends each line; the object already says it.
                    let lines: Vec<String> = e
                        .lines()
                        .iter()
                        .map(|l| {
                            l.strip_prefix(&format!("{shown}:"))
                                .unwrap_or(l)
                                .to_string()
                        })
                        .collect();
                    files.push(json!({"path": shown, "format": format, "crs": Value::Null, "features": 0,
                        "extent": Value::Null,
                        "problems": lines.iter().map(|l| problem_json(l, "error")).collect::<Vec<_>>()}));
                }
            }
        }
    }
    let _ = writeln!(out, "{:#}", Value::Array(files));
    ok
}
