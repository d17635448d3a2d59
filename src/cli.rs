//! Command-line interface: `corridor-atlas [--data PATH…]`, `check PATH…`, `export …`.

use crate::export::{self, ExportOptions};
use crate::load;
use crate::map::{MapData, MapLayer, TileServer};
use std::path::PathBuf;

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Open the window, with extra data.
    Run {
        data: Vec<PathBuf>,
    },
    /// Validate files and folders.
    Check {
        paths: Vec<PathBuf>,
    },
    /// Render a briefing PNG without a window.
    Export {
        out: PathBuf,
        options: Box<ExportOptions>,
        data: Vec<PathBuf>,
    },
    Help,
}

pub const USAGE: &str = "\
Corridor Atlas — a desktop map of the Middle Corridor

USAGE:
  corridor-atlas [--data PATH]...            open the map (files or folders of GeoJSON)
  corridor-atlas check PATH...               validate GeoJSON files or folders
  corridor-atlas export --out FILE.png [--width W --height H --scale S]
                 [--bbox W,S,E,N | --view NAME] [--select ID] [--title TEXT]
                 [--data PATH]... [--tiles] [--tile-url URL] [--no-labels]
                 [--no-lakes] [--no-rivers] [--no-places]
                 [--date YYYY-MM-DD]         render a briefing PNG without a window
                 (--tile-url: an XYZ server, https://host/{z}/{x}/{y}.png; implies --tiles)
Views: corridor, kazakhstan, caspian, khorgos, caucasus, china";

fn value(args: &[String], i: &mut usize, flag: &str) -> Result<String, String> {
    *i += 1;
    args.get(*i)
        .cloned()
        .ok_or_else(|| format!("{flag} needs a value"))
}

fn number<T: std::str::FromStr>(s: &str, flag: &str) -> Result<T, String> {
    s.parse()
        .map_err(|_| format!("{flag}: \"{s}\" is not a valid number"))
}

/// Parse the arguments after the program name.
pub fn parse(args: &[String]) -> Result<Command, String> {
    match args.first().map(String::as_str) {
        Some("-h" | "--help" | "help") => Ok(Command::Help),
        Some("check") => {
            let paths: Vec<PathBuf> = args[1..].iter().map(PathBuf::from).collect();
            if paths.is_empty() {
                return Err("check needs at least one file or folder".into());
            }
            Ok(Command::Check { paths })
        }
        Some("export") => {
            let mut o = ExportOptions::default();
            let mut out = None;
            let mut data = Vec::new();
            let mut i = 1;
            while i < args.len() {
                let flag = args[i].as_str();
                match flag {
                    "--out" | "-o" => out = Some(PathBuf::from(value(args, &mut i, flag)?)),
                    "--width" => o.width = number(&value(args, &mut i, flag)?, flag)?,
                    "--height" => o.height = number(&value(args, &mut i, flag)?, flag)?,
                    "--scale" => o.scale = number(&value(args, &mut i, flag)?, flag)?,
                    "--title" => o.title = value(args, &mut i, flag)?,
                    "--select" => o.select = Some(value(args, &mut i, flag)?),
                    "--date" => o.date = Some(export::parse_date(&value(args, &mut i, flag)?)?),
                    "--bbox" => {
                        if o.view_name.is_some() {
                            return Err("export: give --bbox or --view, not both".into());
                        }
                        o.bbox = Some(
                            export::parse_bbox(&value(args, &mut i, flag)?)
                                .map_err(|e| e.to_string())?,
                        )
                    }
                    "--view" => {
                        if o.bbox.is_some() {
                            return Err("export: give --bbox or --view, not both".into());
                        }
                        o.set_view(&value(args, &mut i, flag)?)
                            .map_err(|e| e.to_string())?
                    }
                    "--tile-url" => {
                        o.tile_server = TileServer::xyz(&value(args, &mut i, flag)?)?;
                        o.tiles = true;
                    }
                    "--data" => data.push(PathBuf::from(value(args, &mut i, flag)?)),
                    "--tiles" => o.tiles = true,
                    "--no-labels" => o.labels = false,
                    "--no-lakes" => o.basemap_layers.lakes = false,
                    "--no-rivers" => o.basemap_layers.rivers = false,
                    "--no-places" => o.basemap_layers.places = false,
                    other => return Err(format!("export: unknown option \"{other}\"")),
                }
                i += 1;
            }
            let out = out.ok_or("export needs --out FILE.png")?;
            Ok(Command::Export {
                out,
                options: Box::new(o),
                data,
            })
        }
        _ => {
            let mut data = Vec::new();
            let mut i = 0;
            while i < args.len() {
                match args[i].as_str() {
                    "--data" => data.push(PathBuf::from(value(args, &mut i, "--data")?)),
                    other if !other.starts_with('-') => data.push(PathBuf::from(other)),
                    other => return Err(format!("unknown option \"{other}\"")),
                }
                i += 1;
            }
            Ok(Command::Run { data })
        }
    }
}

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
                let r = std::fs::read_to_string(&f)
                    .map_err(|source| load::LoadError::Io {
                        path: shown.clone(),
                        source,
                    })
                    .and_then(|t| load::parse_indicators(&t, &shown));
                if let Err(e) = r {
                    ok = false;
                    for l in e.lines() {
                        let _ = writeln!(out, "{l}");
                    }
                }
                continue;
            }
            match load::load_file(&f) {
                Ok(layer) => {
                    features += layer.features.len();
                    for w in &layer.warnings {
                        let _ = writeln!(out, "{shown}: warning: {w}");
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

/// `export`: the built-in dataset plus `data`, rendered to `out`.
pub fn export(
    out: &std::path::Path,
    options: &ExportOptions,
    data: &[PathBuf],
) -> Result<(), String> {
    let t_load = std::time::Instant::now();
    let (layers, errors) = load::embedded_layers();
    if let Some(e) = errors.first() {
        return Err(e.to_string());
    }
    let mut dataset = MapData::from_layers(layers);
    for p in data {
        let listing = load::data_files(p, false).map_err(|e| e.to_string())?;
        // An entry of a folder that cannot be read is said, and the rest is exported.
        for e in &listing.problems {
            eprintln!("corridor-atlas export: warning: {e}");
        }
        for f in listing.files {
            if load::is_indicators_file(&f) {
                continue;
            }
            let layer = load::load_file(&f).map_err(|e| e.lines().join("\n"))?;
            dataset.add_or_replace(MapLayer::new(layer));
        }
    }
    let scene = export::Scene {
        data: &dataset,
        selected: None,
    };
    // Phase lines for ../shared/bench/bench.py (seconds, peak RSS in KiB).
    println!(
        "@phase load {:.3} {}",
        t_load.elapsed().as_secs_f64(),
        peak_rss_kib()
    );
    let t0 = std::time::Instant::now();
    let img = export::render(&scene, options).map_err(|e| e.to_string())?;
    let t_render = t0.elapsed().as_secs_f64();
    export::write_png_atomic(&img, out).map_err(|e| e.to_string())?;
    println!("@phase render {t_render:.3} {}", peak_rss_kib());
    println!(
        "@phase png {:.3} {}",
        t0.elapsed().as_secs_f64() - t_render,
        peak_rss_kib()
    );
    println!(
        "wrote {}×{} px to {}",
        img.width(),
        img.height(),
        out.display()
    );
    Ok(())
}

/// Peak resident memory of this process so far, in KiB (0 where /proc is missing).
pub fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn export_arguments_are_parsed() {
        let c = parse(&args("export --out a.png --width 800 --height 600 --scale 2 --view caspian --select aktau_port")).expect("ok");
        let Command::Export { out, options, .. } = c else {
            panic!("not export")
        };
        assert_eq!(out, PathBuf::from("a.png"));
        assert_eq!(
            (options.width, options.height, options.scale),
            (800, 600, 2.0)
        );
        assert_eq!(options.view_name.as_deref(), Some("caspian"));
        assert_eq!(options.select.as_deref(), Some("aktau_port"));
        assert_eq!(options.basemap_layers, crate::map::BasemapLayers::default());
        let Ok(Command::Export { options, .. }) =
            parse(&args("export --out a.png --no-places --no-lakes"))
        else {
            panic!("basemap switches")
        };
        let b = options.basemap_layers;
        assert_eq!((b.places, b.rivers, b.lakes), (false, true, false));
    }

    #[test]
    fn view_and_bbox_together_dates_and_tile_urls_are_checked() {
        for both in [
            "export --out a.png --view caspian --bbox 40,35,60,45",
            "export --out a.png --bbox 40,35,60,45 --view caspian",
        ] {
            let e = parse(&args(both)).expect_err(both);
            assert!(e.contains("not both"), "{both}: {e}");
        }
        // (Which dates are dates: `export::parse_date`'s tests.)
        let e = parse(&args("export --out a.png --date 2026-02-30")).expect_err("no such day");
        assert!(e.contains("--date") && e.contains("2026-02-30"), "{e}");
        let Ok(Command::Export { options, .. }) =
            parse(&args("export --out a.png --date 2028-02-29"))
        else {
            panic!("a leap day is a date")
        };
        assert_eq!(options.date.as_deref(), Some("2028-02-29"));
        let Ok(Command::Export { options, .. }) = parse(&args(
            "export --out a.png --tile-url http://127.0.0.1:9/{z}/{x}/{y}.png",
        )) else {
            panic!("a tile URL")
        };
        assert!(options.tiles);
        assert_eq!(
            options.tile_server,
            TileServer::Xyz("http://127.0.0.1:9/{z}/{x}/{y}.png".into())
        );
        let e = parse(&args("export --out a.png --tile-url ftp://x/{z}/{x}/{y}"))
            .expect_err("not http");
        assert!(e.contains("http"), "{e}");
    }

    #[test]
    fn bad_arguments_say_what_is_wrong() {
        assert!(
            parse(&args("export --width 800"))
                .unwrap_err()
                .contains("--out")
        );
        assert!(
            parse(&args("export --out a.png --width big"))
                .unwrap_err()
                .contains("--width")
        );
        assert!(
            parse(&args("export --out a.png --view mars"))
                .unwrap_err()
                .contains("mars")
        );
        assert!(parse(&args("check")).is_err());
        assert_eq!(
            parse(&args("--data x.geojson")),
            Ok(Command::Run {
                data: vec!["x.geojson".into()]
            })
        );
    }
}
