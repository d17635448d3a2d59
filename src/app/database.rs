//! PostGIS tables (and FlatGeobuf files too big to read whole) on the map: each asked for by the view's bounding box (with a margin) in the
//! background once the view has been still for a moment, a query the view has left behind
//! cancelled on the server, what is drawn kept while the next view's rows come or while the
//! server cannot be reached (a quiet notice, and another try a few seconds later).

use super::CorridorApp;
use crate::load::postgis::{self, CancelSlot, DbUrl, GeomTable};
use crate::load::{Job, LoadError, Polled};
use crate::map::MapLayer;
use crate::model::Origin;
use crate::ui::{self, DbForm, DbListing};

/// How long the view must be still before it is asked for, seconds.
const SETTLE_S: f64 = 0.25;
/// How long after a failure the next try waits, seconds.
const RETRY_S: f64 = 5.0;

/// A view query running: its job, the box asked for, where its cancel token is.
type Running = (
    Job<Result<(MapLayer, Option<GeomTable>), LoadError>>,
    [f64; 4],
    CancelSlot,
);

/// A table as the window lists it: name, geometry type, SRID.
type TableRow = (String, String, i32);

/// What a layer that follows the view reads from.
#[derive(Debug, Clone, PartialEq)]
enum Live {
    /// A PostGIS table.
    Db(DbUrl),
    /// A big FlatGeobuf file, through its spatial index.
    Fgb(std::path::PathBuf),
}

impl Live {
    /// Whether a loaded layer came from it.
    fn made(&self, o: &Origin) -> bool {
        match (self, o) {
            (Live::Db(u), Origin::Database { url, .. }) => *url == u.shown(),
            (Live::Fgb(p), Origin::File(f)) => p == f,
            _ => false,
        }
    }

    fn shown(&self) -> String {
        match self {
            Live::Db(u) => u.shown(),
            Live::Fgb(p) => p.display().to_string(),
        }
    }
}

/// One table (or big file) on the map.
struct LiveTable {
    source: Live,
    table: Option<GeomTable>,
    /// The box the drawn rows were asked for, and whether the row limit cut them short.
    loaded: Option<([f64; 4], bool)>,
    running: Option<Running>,
    failed_at: Option<f64>,
    /// It has been on the map (so its layer gone means the planner removed it).
    shown: bool,
}

/// The database window and the tables on the map.
pub struct DbState {
    pub open: bool,
    pub form: DbForm,
    listing: Option<Job<Result<Vec<GeomTable>, String>>>,
    tables: Option<Result<Vec<TableRow>, String>>,
    /// The URL being listed, and whether every table of it is to be added (`--data URL`).
    listing_url: Option<(DbUrl, bool)>,
    live: Vec<LiveTable>,
    /// A FlatGeobuf file with more features than this is read by view (tests lower it).
    pub fgb_view_features: u64,
    /// When the view last changed (egui's clock), and to what.
    view_changed: Option<(f64, [f64; 4])>,
}

impl Default for DbState {
    fn default() -> Self {
        Self {
            open: false,
            form: DbForm::default(),
            listing: None,
            tables: None,
            listing_url: None,
            live: Vec::new(),
            fgb_view_features: crate::load::fgb::VIEW_FEATURES,
            view_changed: None,
        }
    }
}

fn contains(outer: [f64; 4], inner: [f64; 4]) -> bool {
    outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3]
}

/// The view's box with half its size again around it (panning a little asks for nothing).
fn with_margin(b: [f64; 4]) -> [f64; 4] {
    let (dx, dy) = ((b[2] - b[0]) * 0.5, (b[3] - b[1]) * 0.5);
    [
        b[0] - dx,
        (b[1] - dy).max(-90.0),
        b[2] + dx,
        (b[3] + dy).min(90.0),
    ]
}

impl CorridorApp {
    /// Open a database URL: its table, or (without `?layer=`) every geometry table of it.
    pub(super) fn open_database(&mut self, url: &str, ctx: &egui::Context) {
        let u = match DbUrl::parse(url) {
            Ok(u) => u,
            Err(e) => {
                self.problems.warning(vec![e]);
                return;
            }
        };
        match &u.layer {
            Some(_) => self.add_live_table(u),
            None => self.list_tables(u, true, ctx),
        }
    }

    /// Stop following the tables not in `keep` (a project being opened).
    pub(super) fn keep_tables(&mut self, keep: &[DbUrl]) {
        self.db.live.retain(|l| match &l.source {
            Live::Db(u) => keep.contains(u),
            Live::Fgb(_) => true,
        });
    }

    pub(super) fn add_live_table(&mut self, u: DbUrl) {
        self.add_live(Live::Db(u));
    }

    /// A big FlatGeobuf file, read by view.
    pub(super) fn add_live_fgb(&mut self, path: std::path::PathBuf) {
        self.add_live(Live::Fgb(path));
    }

    fn add_live(&mut self, source: Live) {
        if self.db.live.iter().any(|l| l.source == source) {
            return;
        }
        self.db.live.push(LiveTable {
            source,
            table: None,
            loaded: None,
            running: None,
            failed_at: None,
            shown: false,
        });
    }

    fn list_tables(&mut self, u: DbUrl, add_all: bool, ctx: &egui::Context) {
        let waker = ctx.clone();
        let at = u.clone();
        match Job::spawn(
            "list tables",
            move || waker.request_repaint(),
            move |_| {
                let mut c = at.connect()?;
                postgis::list_tables(&mut c)
            },
        ) {
            Ok(job) => {
                self.db.listing = Some(job);
                self.db.tables = None;
                self.db.listing_url = Some((u, add_all));
            }
            Err(e) => self.problems.warning(vec![e.to_string()]),
        }
    }

    pub(super) fn db_action(&mut self, a: ui::Action, ctx: &egui::Context) {
        match a {
            ui::Action::ShowDatabase(open) => {
                // Filled in from a database already on the map, if the form is still blank.
                if open
                    && self.db.form.database.is_empty()
                    && let Some(u) = self.db.live.iter().find_map(|l| match &l.source {
                        Live::Db(u) => Some(u.clone()),
                        Live::Fgb(_) => None,
                    })
                {
                    self.db.form = DbForm {
                        host: u.host.clone(),
                        port: u.port.to_string(),
                        database: u.database.clone(),
                        user: u.user,
                    };
                }
                self.db.open = open;
            }
            ui::Action::DbConnect(url) => match DbUrl::parse(&url) {
                Ok(u) => self.list_tables(u, false, ctx),
                Err(e) => self.db.tables = Some(Err(e)),
            },
            ui::Action::DbAdd(url) => self.open_database(&url, ctx),
            _ => {}
        }
    }

    /// The database window, if open.
    pub(super) fn database_window(&mut self, ctx: &egui::Context) -> Vec<ui::Action> {
        if !self.db.open {
            return Vec::new();
        }
        let mut open = true;
        let mut out = Vec::new();
        let added: Vec<String> = self
            .db
            .live
            .iter()
            .filter_map(|l| match &l.source {
                Live::Db(u) => u.layer.clone(),
                Live::Fgb(_) => None,
            })
            .collect();
        let db = &mut self.db;
        egui::Window::new("Connect to database")
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| {
                let listing = match (&db.listing, &db.tables) {
                    (Some(_), _) => DbListing::Listing,
                    (None, Some(Ok(t))) => DbListing::Tables(t),
                    (None, Some(Err(e))) => DbListing::Failed(e),
                    (None, None) => DbListing::None,
                };
                out = ui::database_panel(ui, &mut db.form, listing, &added);
            });
        if !open {
            out.push(ui::Action::ShowDatabase(false));
        }
        out
    }

    /// Take finished queries and start the ones the view needs. Called every frame.
    pub(super) fn poll_database(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        let listed = match self.db.listing.as_ref().map(Job::poll) {
            Some(Polled::Done(r)) => Some(r),
            Some(Polled::Lost) => Some(Err("the listing thread stopped".into())),
            _ => None,
        };
        if let Some(r) = listed {
            self.db.listing = None;
            let (u, add_all) = self.db.listing_url.take().unzip();
            match (&r, u) {
                (Ok(tables), Some(u)) if add_all == Some(true) => {
                    for t in tables {
                        self.add_live_table(u.with_layer(&t.name()));
                    }
                }
                (Err(e), _) if add_all == Some(true) => self.problems.warning(vec![e.clone()]),
                _ => {}
            }
            self.db.tables = Some(r.map(|ts| {
                ts.iter()
                    .map(|t| (t.name(), t.kind.clone(), t.srid))
                    .collect()
            }));
        }
        if self.db.live.is_empty() {
            return;
        }
        let Some(vp) = self.viewport else { return };
        let view = vp.bbox_lonlat();
        match self.db.view_changed {
            Some((_, v)) if v == view => {}
            _ => self.db.view_changed = Some((now, view)),
        }
        let settled = self
            .db
            .view_changed
            .is_some_and(|(t, _)| now - t >= SETTLE_S);
        let mut arrived: Vec<MapLayer> = Vec::new();
        let mut notices: Vec<String> = Vec::new();
        let mut problems: Vec<String> = Vec::new();
        // A table the planner removed from the layers panel is no longer asked for.
        let layers = &self.data.layers;
        self.db
            .live
            .retain(|l| !l.shown || layers.iter().any(|m| l.source.made(&m.layer.origin)));
        for l in &mut self.db.live {
            if let Some((job, asked, slot)) = &l.running {
                match job.poll() {
                    Polled::Running => {
                        // The view has left the box asked for: cancel it, ask anew below.
                        if settled && !contains(*asked, view) {
                            postgis::cancel(slot);
                            job.progress.cancel();
                            l.running = None;
                        }
                    }
                    Polled::Done(Ok((layer, table))) => {
                        let truncated = layer.layer.warnings.iter().any(|w| w.contains("zoom in"));
                        l.loaded = Some((*asked, truncated));
                        l.table = table;
                        l.failed_at = None;
                        l.shown = true;
                        arrived.push(layer);
                        l.running = None;
                    }
                    Polled::Done(Err(LoadError::Cancelled { .. })) => l.running = None,
                    Polled::Done(Err(e)) => {
                        // What is drawn stays; another try in a few seconds. A table never
                        // drawn is said in the problems panel too.
                        if !l.shown && l.failed_at.is_none() {
                            problems.push(format!("{}: {}", l.source.shown(), e.short()));
                        }
                        if l.failed_at.is_none() {
                            notices.push(format!(
                                "Database: {} — {}; what is drawn stays, trying again",
                                l.source.shown(),
                                e.short()
                            ));
                        }
                        l.failed_at = Some(now);
                        l.running = None;
                    }
                    Polled::Lost => {
                        l.failed_at = Some(now);
                        l.running = None;
                    }
                }
            }
            if l.running.is_some() || !settled {
                continue;
            }
            if l.failed_at.is_some_and(|t| now - t < RETRY_S) {
                continue;
            }
            let ask = with_margin(view);
            // Rows are asked for when none are drawn, when the view has left the box they were
            // asked for, when the limit cut them short and the view changed, or to retry.
            let needed = l.failed_at.is_some()
                || match l.loaded {
                    None => true,
                    Some((b, truncated)) => !contains(b, view) || (truncated && b != ask),
                };
            if !needed {
                continue;
            }
            let (source, table) = (l.source.clone(), l.table.clone());
            let slot = CancelSlot::default();
            let theirs = slot.clone();
            let waker = ctx.clone();
            if let Ok(job) = Job::spawn(
                "view query",
                move || waker.request_repaint(),
                move |progress| match source {
                    Live::Db(url) => postgis::read_view(&url, table, ask, progress, &theirs)
                        .map(|(layer, t)| (MapLayer::new(layer), Some(t))),
                    Live::Fgb(path) => crate::load::fgb::read_fgb_view(
                        &path,
                        ask,
                        postgis::VIEW_ROWS as usize,
                        progress,
                    )
                    .map(|layer| (MapLayer::new(layer), None)),
                },
            ) {
                l.running = Some((job, ask, slot));
            }
        }
        // A table's layer replaced keeps its place, visibility and opacity (add_or_replace).
        for layer in arrived {
            self.add_layer(layer);
        }
        if !notices.is_empty() {
            self.notice = notices.pop();
        }
        if !problems.is_empty() {
            self.problems.warning(problems);
        }
        // Retries and settling need frames of their own.
        if self
            .db
            .live
            .iter()
            .any(|l| l.failed_at.is_some() || l.loaded.is_none())
        {
            ctx.request_repaint_after(std::time::Duration::from_millis(300));
        }
    }
}
