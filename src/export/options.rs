//! What to export: size, pixel density, extent (a named view or a box), title, date, tiles.

use super::ExportError;
use crate::map::{BasemapLayers, CORRIDOR_BBOX, TileServer};
use std::time::Duration;

/// The longest side of an export, in pixels: wgpu's default texture limit (8192), which
/// every adapter offers.
pub const MAX_SIDE: u32 = 8192;

/// Size presets offered in the window: (label, width, height).
pub const PRESETS: [(&str, u32, u32); 5] = [
    ("1920 × 1080 (Full HD)", 1920, 1080),
    ("2560 × 1440", 2560, 1440),
    ("3840 × 2160 (4K)", 3840, 2160),
    ("A4 landscape, 150 dpi", 1754, 1240),
    ("A4 landscape, 300 dpi", 3508, 2480),
];

/// Named views for `--view`: (name, title, W, S, E, N).
pub const VIEWS: [(&str, &str, [f64; 4]); 7] = [
    ("corridor", "The Middle Corridor", CORRIDOR_BBOX),
    ("kazakhstan", "Kazakhstan", [46.0, 40.0, 88.0, 55.5]),
    ("caspian", "The Caspian crossing", [46.5, 38.5, 55.5, 45.5]),
    (
        "khorgos",
        "Khorgos and the Chinese border",
        [76.0, 42.5, 83.5, 46.5],
    ),
    (
        "caucasus",
        "Azerbaijan, Georgia and Kars",
        [40.0, 39.0, 51.0, 43.5],
    ),
    ("china", "The Chinese feeder", [75.0, 32.0, 121.0, 47.5]),
    ("black-sea", "Black Sea ports", [26.5, 40.0, 42.5, 46.8]),
];

/// What to export.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    pub width: u32,
    pub height: u32,
    /// Pixels per point: 2 doubles the detail, not just the size of the pixels.
    pub scale: f32,
    /// Empty: derived from the view.
    pub title: String,
    /// Geographic extent to show (W, S, E, N); `None`: the whole corridor.
    pub bbox: Option<[f64; 4]>,
    pub view_name: Option<String>,
    /// Feature id to select (callout).
    pub select: Option<String>,
    pub tiles: bool,
    /// Which online tiles, when `tiles`.
    pub tile_server: TileServer,
    pub labels: bool,
    /// Lakes, rivers and places of the basemap.
    pub basemap_layers: BasemapLayers,
    /// What of the data is shown (applied by whoever loads the data: the command line).
    pub filter: crate::model::Filter,
    /// "YYYY-MM-DD" for the subtitle; `None`: today (UTC).
    pub date: Option<String>,
    /// How long to wait for online tiles.
    pub tile_timeout: Duration,
    /// Draw crowded views from GPU memory, as the window does (off: as plain egui meshes;
    /// the picture is the same).
    pub gpu_meshes: bool,
    /// A route to draw, with its summary box (`--route FROM,TO`).
    pub route: Option<RouteDrawing>,
}

/// A route as a briefing draws it: worked out by the caller (the network is not the
/// export's), here only lines and the lines of its summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RouteDrawing {
    /// The names asked for (`--route FROM,TO`).
    pub from: String,
    pub to: String,
    /// Lon/lat lines.
    pub lines: Vec<Vec<(f64, f64)>>,
    /// "Khorgos → Poti", "4,132 km · rail … · sea …", "Border crossings: …", "Bottleneck: …".
    pub summary: Vec<String>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            width: 1920,
            height: 1080,
            scale: 1.0,
            title: String::new(),
            bbox: None,
            view_name: None,
            select: None,
            tiles: false,
            tile_server: TileServer::default(),
            labels: true,
            basemap_layers: BasemapLayers::default(),
            filter: Default::default(),
            date: None,
            tile_timeout: Duration::from_secs(15),
            gpu_meshes: true,
            route: None,
        }
    }
}

/// `arg` as a POSIX shell reads it: bare when it is plain, else in single quotes.
pub fn shell_quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./,:=+-@%".contains(c));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}

impl ExportOptions {
    /// The `corridor-atlas export` command that renders these options (and `data`, the files
    /// loaded besides the built-in dataset) to `out`: a view built in the window, reproducible
    /// in a script. The extent is written to 4 decimals (about 10 m).
    pub fn command_line(&self, data: &[std::path::PathBuf], out: &str) -> String {
        let mut args: Vec<String> = vec!["corridor-atlas".into(), "export".into()];
        let mut push = |a: &str| args.push(shell_quote(a));
        push("--width");
        push(&self.width.to_string());
        push("--height");
        push(&self.height.to_string());
        if self.scale != 1.0 {
            push("--scale");
            push(&self.scale.to_string());
        }
        match (&self.view_name, self.bbox) {
            (Some(v), _) => {
                push("--view");
                push(v);
            }
            (None, Some(b)) => {
                push("--bbox");
                push(&b.map(|x| format!("{x:.4}")).join(","));
            }
            (None, None) => {}
        }
        if let Some(id) = &self.select {
            push("--select");
            push(id);
        }
        if !self.title.is_empty() {
            push("--title");
            push(&self.title);
        }
        for d in data {
            push("--data");
            push(&d.to_string_lossy());
        }
        let f = &self.filter;
        for k in &f.kinds {
            push("--kind");
            push(k);
        }
        for m in &f.modes {
            push("--mode");
            push(m.key());
        }
        for s in &f.statuses {
            push("--status");
            push(s.key());
        }
        for c in &f.countries {
            push("--country");
            push(c);
        }
        if let Some(c) = f.min_capacity {
            push("--min-capacity");
            push(&c.to_string());
        }
        if let Some(y) = f.year {
            push("--year");
            push(&y.to_string());
        }
        if let Some(r) = &self.route {
            push("--route");
            push(&format!("{},{}", r.from, r.to));
        }
        match (&self.tile_server, self.tiles) {
            (TileServer::Xyz(url), true) => {
                push("--tile-url");
                push(url);
            }
            (_, true) => push("--tiles"),
            (_, false) => {}
        }
        let switches = [
            (self.labels, "--no-labels"),
            (self.basemap_layers.places, "--no-places"),
            (self.basemap_layers.rivers, "--no-rivers"),
            (self.basemap_layers.lakes, "--no-lakes"),
        ];
        for (on, flag) in switches {
            if !on {
                push(flag);
            }
        }
        push("--out");
        push(out);
        args.join(" ")
    }

    /// Is the size one the renderer can draw?
    pub fn check_size(&self) -> Result<(), ExportError> {
        if (64..=MAX_SIDE).contains(&self.width)
            && (64..=MAX_SIDE).contains(&self.height)
            && (1.0..=4.0).contains(&self.scale)
        {
            Ok(())
        } else {
            Err(ExportError::BadSize(self.width, self.height, self.scale))
        }
    }

    /// Use a named view.
    pub fn set_view(&mut self, name: &str) -> Result<(), ExportError> {
        let v = VIEWS
            .iter()
            .find(|v| v.0.eq_ignore_ascii_case(name))
            .ok_or_else(|| ExportError::UnknownView(name.to_string()))?;
        self.bbox = Some(v.2);
        self.view_name = Some(v.0.to_string());
        Ok(())
    }

    /// The title to print: the planner's; else the named view's; else, for an extent of
    /// the planner's own, the `countries` it shows ([`crate::map::countries_in_view`];
    /// `None`: the whole corridor).
    pub fn title_or_default(&self, countries: Option<&[String]>) -> String {
        if !self.title.trim().is_empty() {
            return self.title.trim().to_string();
        }
        let whole = "The Middle Corridor (Trans-Caspian International Transport Route)";
        match self
            .view_name
            .as_deref()
            .and_then(|n| VIEWS.iter().find(|v| v.0 == n))
        {
            Some(v) if v.0 != "corridor" => format!("Middle Corridor — {}", v.1),
            Some(_) => whole.to_string(),
            None => match countries {
                Some(c) if !c.is_empty() => format!("Middle Corridor — {}", c.join(", ")),
                _ => whole.to_string(),
            },
        }
    }
}

/// Parse "W,S,E,N".
pub fn parse_bbox(s: &str) -> Result<[f64; 4], ExportError> {
    let parts: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| ExportError::BadBbox(format!("\"{s}\" is not four numbers W,S,E,N")))?;
    let [w, so, e, n] = parts[..] else {
        return Err(ExportError::BadBbox(format!(
            "\"{s}\" has {} numbers, expected four: W,S,E,N",
            parts.len()
        )));
    };
    if !(-180.0..=180.0).contains(&w) || !(-180.0..=180.0).contains(&e) || w >= e {
        return Err(ExportError::BadBbox(format!(
            "west {w} must be less than east {e}, both within -180..180"
        )));
    }
    if !(-85.0..=85.0).contains(&so) || !(-85.0..=85.0).contains(&n) || so >= n {
        return Err(ExportError::BadBbox(format!(
            "south {so} must be less than north {n}, both within -85..85"
        )));
    }
    Ok([w, so, e, n])
}

/// File-name-safe version of a title.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').chars().take(60).collect()
}

/// Today's date (UTC) as YYYY-MM-DD.
pub fn today() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%d").to_string()
}

/// A calendar date as YYYY-MM-DD (a briefing's date), checked: "2026-02-30" is not one.
pub fn parse_date(s: &str) -> Result<String, String> {
    let bad = || format!("--date: \"{s}\" is not a date as YYYY-MM-DD");
    let well_formed = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !well_formed {
        return Err(bad());
    }
    jiff::civil::Date::strptime("%Y-%m-%d", s)
        .map(|_| s.to_string())
        .map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_and_today_is_one() {
        assert_eq!(parse_date("2028-02-29").as_deref(), Ok("2028-02-29"));
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "23.11.2026",
            "2026-1-5",
            "tomorrow",
            "+2026-01-01",
        ] {
            let e = parse_date(bad).expect_err(bad);
            assert!(e.contains("--date") && e.contains(bad), "{e}");
        }
        let t = today();
        assert!(parse_date(&t).is_ok(), "{t}");
    }

    #[test]
    fn bbox_is_parsed_and_checked() {
        assert_eq!(
            parse_bbox("46.5, 38.5,55.5,45.5").ok(),
            Some([46.5, 38.5, 55.5, 45.5])
        );
        assert!(parse_bbox("1,2,3").is_err());
        assert!(parse_bbox("50,40,40,45").is_err());
        assert!(parse_bbox("a,b,c,d").is_err());
    }

    #[test]
    fn unknown_views_are_named_in_the_error() {
        let mut o = ExportOptions::default();
        let e = o.set_view("atlantis").expect_err("unknown");
        assert!(e.to_string().contains("atlantis") && e.to_string().contains("caspian"));
        assert!(o.set_view("Caspian").is_ok());
    }

    #[test]
    fn slugs_are_file_names() {
        assert_eq!(
            slug("Middle Corridor — The Caspian crossing"),
            "middle-corridor-the-caspian-crossing"
        );
    }
}
