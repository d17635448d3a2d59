//! Command-line interface: `corridor-atlas [--data PATH…]`, `check PATH…`, `export …`.

use crate::export::{self, ExportOptions};
use crate::load;
use crate::map::{MapData, MapLayer, TileServer};
use crate::model::FeatureRef;
use std::path::PathBuf;

mod analysis;
mod check;
mod project;
mod view;
pub use analysis::{
    NetworkArgs, network_of, place_named, route, route_drawing, route_text, throughput_cmd,
};
pub use check::{check, check_json};
pub use view::{BookmarkTarget, VIEW_FLAGS, ViewArgs, add_filter, check_year, resolve_bookmark};

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Open the window, with extra data.
    Run {
        data: Vec<PathBuf>,
        /// `--project FILE`: a project to open first.
        project: Option<PathBuf>,
        /// `--find`, `--bookmark`, the filters and the year, as the export takes them.
        view: ViewArgs,
    },
    /// Validate files and folders.
    Check {
        paths: Vec<PathBuf>,
        /// `--json`: one JSON array, an object per file.
        json: bool,
    },
    /// Render a briefing PNG without a window.
    Export {
        out: PathBuf,
        options: Box<ExportOptions>,
        data: Vec<PathBuf>,
        /// `--project FILE`: its layers, view, bookmarks and filters (flags given win).
        project: Option<PathBuf>,
        /// `--find NAME`: select the feature that name finds (and frame it, without a view).
        find: Option<String>,
        /// `--bookmark NAME`: frame a shipped view or a saved bookmark.
        bookmark: Option<String>,
        /// `--route FROM,TO`: draw the route between two places with its summary.
        route: Option<(String, String)>,
    },
    /// The shortest route between two places and what it passes.
    Route(NetworkArgs),
    /// The most that can move from the Chinese border to the Georgian ports.
    Throughput(NetworkArgs),
    Help,
}

pub const USAGE: &str = "\
Corridor Atlas — a desktop map of the Middle Corridor

USAGE:
  corridor-atlas [--project FILE.atlas.json] [--data PATH]... [--find NAME] [--bookmark NAME]
                 [filters as export]         open the map (files or folders: GeoJSON, Shapefile,
                                             GeoPackage, FlatGeobuf, KML/KMZ, GPX, CSV)
  corridor-atlas check [--json] PATH...      validate data files or folders (--json: for scripts)
  corridor-atlas route --from NAME --to NAME [--year YYYY] [--operational]
                 [--alternatives N] [--fastest] [--json]
                                             the shortest route, its bottleneck and crossings
  corridor-atlas throughput [--year YYYY] [--operational] [--json]
                                             the most that can move China border → Georgian ports
  corridor-atlas export --out FILE.png [--width W --height H --scale S]
                 [--bbox W,S,E,N | --view NAME] [--select ID] [--title TEXT]
                 [--project FILE.atlas.json] [--data PATH]... [--tiles] [--tile-url URL] [--no-labels]
                 [--no-lakes] [--no-rivers] [--no-places] [--find NAME] [--bookmark NAME]
                 [--kind K]... [--mode M]... [--status S]... [--country ISO3]...
                 [--min-capacity MT]     show only what passes every filter given
                 [--year YYYY]           statuses as sources give them for that year
                 [--date YYYY-MM-DD]         render a briefing PNG without a window
                 (--tile-url: an XYZ server, https://host/{z}/{x}/{y}.png; implies --tiles)
Views: corridor, kazakhstan, caspian, khorgos, caucasus, china, black-sea";

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
        Some("route") => Ok(Command::Route(analysis::parse_network_args(
            &args[1..],
            true,
        )?)),
        Some("throughput") => Ok(Command::Throughput(analysis::parse_network_args(
            &args[1..],
            false,
        )?)),
        Some("check") => {
            let paths: Vec<PathBuf> = args[1..].iter().map(PathBuf::from).collect();
            if paths.is_empty() {
                return Err("check needs at least one file or folder".into());
            }
            let json = paths.iter().any(|p| p.as_os_str() == "--json");
            let paths: Vec<PathBuf> = paths
                .into_iter()
                .filter(|p| p.as_os_str() != "--json")
                .collect();
            if paths.is_empty() {
                return Err("check needs at least one file or folder".into());
            }
            Ok(Command::Check { paths, json })
        }
        Some("export") => {
            let mut o = ExportOptions::default();
            let mut out = None;
            let mut data = Vec::new();
            let mut project = None;
            let mut view = ViewArgs::default();
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
                    "--project" => project = Some(PathBuf::from(value(args, &mut i, flag)?)),
                    "--tiles" => o.tiles = true,
                    "--no-labels" => o.labels = false,
                    "--no-lakes" => o.basemap_layers.lakes = false,
                    "--no-rivers" => o.basemap_layers.rivers = false,
                    "--no-places" => o.basemap_layers.places = false,
                    _ if VIEW_FLAGS.contains(&flag) => {
                        view.take(flag, &value(args, &mut i, flag)?)?
                    }
                    other => return Err(format!("export: unknown option \"{other}\"")),
                }
                i += 1;
            }
            let out = out.ok_or("export needs --out FILE.png")?;
            if view.find.is_some() && o.select.is_some() {
                return Err("export: give --find or --select, not both".into());
            }
            if view.bookmark.is_some() && (o.bbox.is_some() || o.view_name.is_some()) {
                return Err("export: give --bookmark or --bbox/--view, not more than one".into());
            }
            o.filter = view.filter;
            Ok(Command::Export {
                out,
                options: Box::new(o),
                data,
                project,
                find: view.find,
                bookmark: view.bookmark,
                route: view.route,
            })
        }
        _ => {
            let mut data = Vec::new();
            let mut project = None;
            let mut view = ViewArgs::default();
            let mut i = 0;
            while i < args.len() {
                match args[i].as_str() {
                    "--data" => data.push(PathBuf::from(value(args, &mut i, "--data")?)),
                    "--project" => project = Some(PathBuf::from(value(args, &mut i, "--project")?)),
                    p if crate::project::is_project_file(std::path::Path::new(p)) => {
                        project = Some(PathBuf::from(p))
                    }
                    flag if VIEW_FLAGS.contains(&flag) => {
                        view.take(flag, &value(args, &mut i, flag)?)?
                    }
                    other if !other.starts_with('-') => data.push(PathBuf::from(other)),
                    other => return Err(format!("unknown option \"{other}\"")),
                }
                i += 1;
            }
            Ok(Command::Run {
                data,
                project,
                view,
            })
        }
    }
}

/// Why a command failed: a value the planner gave that names nothing (exit code 2, like a
/// bad option) or anything else (exit code 1).
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    Usage(String),
    Failed(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Usage(m) | Failure::Failed(m) => f.write_str(m),
        }
    }
}

impl From<String> for Failure {
    fn from(m: String) -> Self {
        Failure::Failed(m)
    }
}

/// The feature `query` finds among the visible layers of `data` (the best match), or an
/// error that says so.
pub fn resolve_find(data: &MapData, query: &str) -> Result<FeatureRef, String> {
    data.find_by_name(query).ok_or_else(|| {
        format!(
            "--find: no feature is named like \"{query}\" (names, local names and aliases are \
             matched in any script and spelling; try part of a name)"
        )
    })
}

/// The extent a saved bookmark (a centre and a zoom) shows on a page of the export's size.
fn bookmark_extent(b: &crate::settings::Bookmark, o: &ExportOptions) -> [f64; 4] {
    let size = egui::vec2(o.width as f32 / o.scale, o.height as f32 / o.scale);
    let rect = egui::Rect::from_min_size(egui::Pos2::ZERO, size);
    crate::map::Viewport::new(rect, b.center_lon, b.center_lat, b.zoom).bbox_lonlat()
}

/// The box around lon/lat lines, with a margin of a tenth of it (at least 1°).
fn extent_of(lines: &[Vec<(f64, f64)>]) -> Option<[f64; 4]> {
    let pts = lines.iter().flatten();
    let (mut w, mut s, mut e, mut n) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for (x, y) in pts {
        (w, s, e, n) = (w.min(*x), s.min(*y), e.max(*x), n.max(*y));
    }
    if w > e {
        return None;
    }
    let pad = ((e - w).max(n - s) * 0.1).max(1.0);
    Some([w - pad, s - pad, e + pad, n + pad])
}

/// The box an export frames a found feature in: the feature and 1.5° around it.
fn frame_of(data: &MapData, r: FeatureRef) -> Option<[f64; 4]> {
    let b = data.get(r)?.bbox()?;
    let pad = 1.5;
    Some([
        b.min().x - pad,
        b.min().y - pad,
        b.max().x + pad,
        b.max().y + pad,
    ])
}

/// `export`: the built-in dataset plus `data`, rendered to `out`; `find` selects (and, without
/// a view, frames) the feature a name finds; `bookmark` frames a shipped view or one of the
/// bookmarks saved in the settings file.
pub fn export(
    out: &std::path::Path,
    options: &ExportOptions,
    data: &[PathBuf],
    project: Option<&std::path::Path>,
    find: Option<&str>,
    bookmark: Option<&str>,
    route: Option<&(String, String)>,
) -> Result<(), Failure> {
    let t_load = std::time::Instant::now();
    let (layers, errors) = load::embedded_layers();
    if let Some(e) = errors.first() {
        return Err(e.to_string().into());
    }
    let mut dataset = MapData::from_layers(layers);
    let mut options = options.clone();
    let mut project_bookmarks = Vec::new();
    if let Some(path) = project {
        let p = project::open_project(path, &mut dataset)?;
        let (filter, unknown) = p.filter.filter();
        for u in unknown {
            eprintln!("corridor-atlas export: warning: {}: {u}", path.display());
        }
        // Flags given on the command line win over the project's.
        if options.filter.is_empty() {
            options.filter = filter;
        }
        let framed = options.bbox.is_some()
            || options.view_name.is_some()
            || bookmark.is_some()
            || find.is_some()
            || route.is_some();
        if let Some(v) = &p.view
            && !framed
        {
            let v =
                crate::settings::Bookmark::at(v.name.clone(), v.center_lon, v.center_lat, v.zoom);
            options.bbox = Some(bookmark_extent(&v, &options));
        }
        project_bookmarks = p.bookmarks;
    }
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
            for layer in load::load_layers(&f, &load::Progress::default())
                .map_err(|e| e.lines().join("\n"))?
            {
                dataset.add_or_replace(MapLayer::new(layer));
            }
        }
    }
    if let Some(y) = options.filter.year {
        let indicators = load::embedded_indicators().unwrap_or_default();
        check_year(y, dataset.year_range(&indicators)).map_err(Failure::Usage)?;
    }
    if let Some(name) = bookmark {
        let mut saved = crate::settings::open(crate::settings::default_path()).state;
        saved.bookmarks.extend(project_bookmarks);
        match resolve_bookmark(name, &saved.bookmarks).map_err(Failure::Usage)? {
            BookmarkTarget::View(v) => options.set_view(v).map_err(|e| e.to_string())?,
            BookmarkTarget::Saved(b) => options.bbox = Some(bookmark_extent(&b, &options)),
        }
    }
    if !options.filter.is_empty() {
        // A country no feature names is as much a mistake as an unknown kind.
        let present = dataset.countries();
        if let Some(c) = options
            .filter
            .countries
            .iter()
            .find(|c| !present.contains(*c))
        {
            return Err(Failure::Usage(format!(
                "--country: no feature is in \"{c}\" (countries: {})",
                present.join(", ")
            )));
        }
        dataset.set_filter(&options.filter);
    }
    if let Some(query) = find {
        let r = resolve_find(&dataset, query).map_err(Failure::Usage)?;
        if let Some(f) = dataset.get(r) {
            options.select = Some(f.id.clone());
        }
        if options.bbox.is_none() && options.view_name.is_none() {
            options.bbox = frame_of(&dataset, r);
        }
    }
    if let Some((from, to)) = route {
        let drawing = route_drawing(&dataset, from, to)?;
        if options.bbox.is_none() && options.view_name.is_none() {
            options.bbox = extent_of(&drawing.lines);
        }
        if options.title.is_empty()
            && let Some(t) = drawing.summary.first()
        {
            options.title = t.trim_start_matches("Route: ").to_string();
        }
        options.route = Some(drawing);
    }
    let options = &options;
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
                data: vec!["x.geojson".into()],
                project: None,
                view: ViewArgs::default(),
            })
        );
        // A project file given bare opens as the project, not as data.
        assert_eq!(
            parse(&args("plans/kz.atlas.json --data x.geojson")),
            Ok(Command::Run {
                data: vec!["x.geojson".into()],
                project: Some("plans/kz.atlas.json".into()),
                view: ViewArgs::default(),
            })
        );
        assert_eq!(
            parse(&args("--find Kuryk")),
            Ok(Command::Run {
                data: vec![],
                project: None,
                view: ViewArgs {
                    find: Some("Kuryk".into()),
                    ..Default::default()
                },
            })
        );
        let e =
            parse(&args("export --out a.png --find Kuryk --select kuryk_port")).expect_err("both");
        assert!(e.contains("not both"), "{e}");
    }

    #[test]
    fn a_name_finds_its_feature_and_an_unknown_one_says_so() {
        let (layers, _) = load::embedded_layers();
        let data = MapData::from_layers(layers);
        let r = resolve_find(&data, "Құрық").expect("found");
        assert_eq!(data.get(r).map(|f| f.id.as_str()), Some("kuryk_port"));
        let frame = frame_of(&data, r).expect("a frame");
        assert!(frame[0] < 51.67 && frame[2] > 51.67 && frame[1] < 43.17 && frame[3] > 43.17);
        let e = resolve_find(&data, "zzqxw").expect_err("nothing");
        assert!(e.contains("zzqxw") && e.contains("--find"), "{e}");
    }
}
