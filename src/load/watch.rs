//! Live reload: the folders of loaded files are watched, and a file that changed is due for
//! reloading once it has been quiet for a moment (editors write in several steps).

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

/// A change is acted on once the file has been quiet this long.
pub const QUIET: Duration = Duration::from_millis(300);

/// The file a changed file belongs to: a shapefile's `.dbf`, `.prj`, `.cpg` or `.shx` is its
/// `.shp`'s change, a GeoPackage's `-wal`, `-journal` or `-shm` its `.gpkg`'s.
pub fn main_file(p: &Path) -> PathBuf {
    let name = p.to_string_lossy();
    for suffix in ["-wal", "-journal", "-shm"] {
        if let Some(base) = name.strip_suffix(suffix)
            && base.to_lowercase().ends_with(".gpkg")
        {
            return PathBuf::from(base);
        }
    }
    match p.extension().and_then(|x| x.to_str()) {
        Some(x) if ["dbf", "prj", "cpg", "shx"].contains(&x.to_lowercase().as_str()) => {
            let upper = x.chars().all(|c| c.is_ascii_uppercase());
            p.with_extension(if upper { "SHP" } else { "shp" })
        }
        _ => p.to_path_buf(),
    }
}

/// Watches folders and collects the files that changed in them.
#[derive(Default)]
pub struct Watcher {
    watcher: Option<notify::RecommendedWatcher>,
    rx: Option<Receiver<notify::Result<notify::Event>>>,
    dirs: Vec<PathBuf>,
    /// Files that changed and when they last did.
    pending: Vec<(PathBuf, Instant)>,
}

impl Watcher {
    /// Watch the folder of `file`; `wake` is called on every change (an idle window runs no
    /// frame until something asks for one). Returns a message when watching is impossible.
    pub fn watch(&mut self, file: &Path, wake: impl Fn() + Send + 'static) -> Result<(), String> {
        use notify::Watcher as _;
        let dir = match file.parent() {
            Some(d) if d.as_os_str().is_empty() => PathBuf::from("."),
            Some(d) => d.to_path_buf(),
            None => return Ok(()),
        };
        if self.dirs.contains(&dir) {
            return Ok(());
        }
        if self.watcher.is_none() {
            let (tx, rx) = std::sync::mpsc::channel();
            let handler = move |ev: notify::Result<notify::Event>| {
                if tx.send(ev).is_ok() {
                    wake();
                }
            };
            let w = notify::recommended_watcher(handler)
                .map_err(|e| format!("cannot watch files for changes: {e}"))?;
            self.watcher = Some(w);
            self.rx = Some(rx);
        }
        if let Some(w) = self.watcher.as_mut() {
            w.watch(&dir, notify::RecursiveMode::NonRecursive)
                .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
            self.dirs.push(dir);
        }
        Ok(())
    }

    /// Note the changes that arrived, keeping those `wanted` (files that are loaded).
    pub fn collect(&mut self, now: Instant, wanted: impl Fn(&Path) -> bool) {
        let Some(rx) = &self.rx else { return };
        let mut changed = Vec::new();
        while let Ok(ev) = rx.try_recv() {
            if let Ok(ev) = ev
                && (ev.kind.is_modify() || ev.kind.is_create())
            {
                changed.extend(ev.paths.iter().map(|p| main_file(p)).filter(|p| wanted(p)));
            }
        }
        for p in changed {
            self.again(p, now);
        }
    }

    /// Note that `file` changed at `now` (again: the quiet time starts over).
    pub fn again(&mut self, file: PathBuf, now: Instant) {
        self.pending.retain(|(q, _)| !same_file(q, &file));
        self.pending.push((file, now));
    }

    /// The files that have been quiet for [`QUIET`]: reload them now.
    pub fn due(&mut self, now: Instant) -> Vec<PathBuf> {
        let (due, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|(_, t)| now.duration_since(*t) >= QUIET);
        self.pending = waiting;
        due.into_iter().map(|(p, _)| p).collect()
    }

    /// Changes are waiting for their quiet time (the window should look again soon).
    pub fn waiting(&self) -> bool {
        !self.pending.is_empty()
    }
}

/// Do two paths name the same file (after resolving `.` and links where possible)?
pub fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sidecar_change_is_its_main_files() {
        assert_eq!(
            main_file(Path::new("/d/roads.dbf")),
            Path::new("/d/roads.shp")
        );
        assert_eq!(
            main_file(Path::new("/d/ROADS.DBF")),
            Path::new("/d/ROADS.SHP")
        );
        assert_eq!(
            main_file(Path::new("/d/p.gpkg-wal")),
            Path::new("/d/p.gpkg")
        );
        assert_eq!(
            main_file(Path::new("/d/a.geojson")),
            Path::new("/d/a.geojson")
        );
    }

    #[test]
    fn a_change_is_due_once_the_file_has_been_quiet() {
        let mut w = Watcher::default();
        let t0 = Instant::now();
        w.again(PathBuf::from("a.geojson"), t0);
        assert!(w.due(t0 + QUIET / 2).is_empty());
        // Written again: the quiet time starts over.
        w.again(PathBuf::from("a.geojson"), t0 + QUIET / 2);
        assert!(w.due(t0 + QUIET).is_empty());
        assert!(w.waiting());
        assert_eq!(w.due(t0 + QUIET * 2), vec![PathBuf::from("a.geojson")]);
        assert!(!w.waiting());
    }
}
