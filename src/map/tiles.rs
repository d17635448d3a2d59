//! Online raster tiles, the opt-in layer under the corridor: OpenStreetMap by default, or any
//! XYZ tile server (`https://host/{z}/{x}/{y}.png`, as QGIS's "XYZ Tiles").

use egui::Context;
use walkers::sources::{Attribution, OpenStreetMap, TileSource};
use walkers::{HeaderValue, HttpOptions, HttpTiles, TileId, Tiles};

/// Where online tiles come from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum TileServer {
    #[default]
    OpenStreetMap,
    /// A URL template with `{z}`, `{x}` and `{y}`.
    Xyz(String),
}

impl TileServer {
    /// Read a URL template; a clear message when it is not one.
    pub fn xyz(template: &str) -> Result<Self, String> {
        let t = template.trim();
        if !(t.starts_with("http://") || t.starts_with("https://")) {
            return Err(format!(
                "tile URL \"{t}\" must start with http:// or https://"
            ));
        }
        for part in ["{z}", "{x}", "{y}"] {
            if !t.contains(part) {
                return Err(format!("tile URL \"{t}\" has no {part}"));
            }
        }
        Ok(Self::Xyz(t.to_string()))
    }

    /// The credit line for the map's attribution.
    pub fn credit(&self) -> String {
        match self {
            Self::OpenStreetMap => "Tiles © OpenStreetMap contributors".into(),
            Self::Xyz(t) => {
                let host = t
                    .split("://")
                    .nth(1)
                    .and_then(|rest| rest.split('/').next())
                    .unwrap_or(t);
                format!("Tiles: {host}")
            }
        }
    }

    /// Start fetching (in walkers' background thread); nothing is downloaded until a tile
    /// is asked for.
    pub fn connect(&self, ctx: Context) -> HttpTiles {
        let options = HttpOptions {
            user_agent: Some(HeaderValue::from_static(concat!(
                "corridor-atlas/",
                env!("CARGO_PKG_VERSION")
            ))),
            ..HttpOptions::default()
        };
        match self {
            Self::OpenStreetMap => HttpTiles::with_options(OpenStreetMap, options, ctx),
            Self::Xyz(t) => HttpTiles::with_options(Xyz(t.clone()), options, ctx),
        }
    }
}

/// Downloads still running: the export waits for these to end.
pub fn in_progress(tiles: &HttpTiles) -> usize {
    tiles.stats().in_progress
}

struct Xyz(String);

impl TileSource for Xyz {
    fn tile_url(&self, t: TileId) -> String {
        self.0
            .replace("{z}", &t.zoom.to_string())
            .replace("{x}", &t.x.to_string())
            .replace("{y}", &t.y.to_string())
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "tile server",
            url: "",
            logo_light: None,
            logo_dark: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_xyz_template_fills_in_the_tile_and_credits_its_host() {
        let s = TileServer::xyz("https://tiles.example.org/base/{z}/{x}/{y}.png").expect("ok");
        assert_eq!(s.credit(), "Tiles: tiles.example.org");
        let TileServer::Xyz(t) = &s else {
            panic!("not xyz")
        };
        let url = Xyz(t.clone()).tile_url(TileId {
            x: 3,
            y: 5,
            zoom: 4,
        });
        assert_eq!(url, "https://tiles.example.org/base/4/3/5.png");
    }

    #[test]
    fn a_template_without_a_scheme_or_a_placeholder_is_refused_with_the_reason() {
        let e = TileServer::xyz("tiles.example.org/{z}/{x}/{y}.png").expect_err("no scheme");
        assert!(e.contains("http://"), "{e}");
        let e = TileServer::xyz("https://tiles.example.org/{z}/{x}.png").expect_err("no y");
        assert!(e.contains("{y}"), "{e}");
    }
}
