//! Layers loading in the background: each file read, parsed and prepared (projected,
//! indexed) in a thread of its own, with progress and Cancel; the window takes what has
//! finished every frame and never waits.

use super::layers::MapLayer;
use crate::load::{Job, LoadError, Polled, Progress};
use std::path::{Path, PathBuf};

/// A file being read in the background.
struct Loading {
    path: PathBuf,
    /// A reload of a file that changed on disk (a failure keeps the old version).
    reload: bool,
    job: Job<Result<Vec<MapLayer>, LoadError>>,
}

/// What a finished load came to.
pub enum Finished {
    /// A file's layers (one, or a GeoPackage's tables).
    Loaded {
        layers: Vec<MapLayer>,
        path: PathBuf,
        reload: bool,
    },
    /// Cancel was pressed (it wins over a result that arrived before the next frame).
    Cancelled { path: PathBuf },
    Failed {
        error: LoadError,
        path: PathBuf,
        reload: bool,
    },
}

/// The loads running now.
#[derive(Default)]
pub struct Loads {
    running: Vec<Loading>,
}

impl Loads {
    /// Start loading `path`; `wake` asks the window for a frame when it is done. `Ok(false)`:
    /// the file is loading already.
    pub fn start(
        &mut self,
        path: PathBuf,
        reload: bool,
        wake: impl Fn() + Send + 'static,
    ) -> Result<bool, LoadError> {
        self.start_with(path, reload, None, wake)
    }

    /// As [`Loads::start`], a CSV table's position columns given.
    pub fn start_with(
        &mut self,
        path: PathBuf,
        reload: bool,
        csv: Option<crate::load::CsvColumns>,
        wake: impl Fn() + Send + 'static,
    ) -> Result<bool, LoadError> {
        if self.running.iter().any(|l| l.path == path) {
            return Ok(false);
        }
        let file = path.clone();
        let job = Job::spawn("load", wake, move |progress| {
            MapLayer::load_with(&file, progress, csv.as_ref())
        })
        .map_err(|source| LoadError::Io {
            path: path.display().to_string(),
            source,
        })?;
        self.running.push(Loading { path, reload, job });
        Ok(true)
    }

    /// The loads that have finished since the last call.
    pub fn poll(&mut self) -> Vec<Finished> {
        let mut finished = Vec::new();
        let mut i = 0;
        while i < self.running.len() {
            let result = match self.running[i].job.poll() {
                Polled::Running => {
                    i += 1;
                    continue;
                }
                Polled::Done(r) => r,
                Polled::Lost => Err(LoadError::Io {
                    path: self.running[i].path.display().to_string(),
                    source: std::io::Error::other("the loading thread stopped"),
                }),
            };
            let Loading { path, reload, job } = self.running.remove(i);
            finished.push(match result {
                _ if job.progress.cancelled() => Finished::Cancelled { path },
                Ok(layers) => Finished::Loaded {
                    layers,
                    path,
                    reload,
                },
                Err(LoadError::Cancelled { .. }) => Finished::Cancelled { path },
                Err(error) => Finished::Failed {
                    error,
                    path,
                    reload,
                },
            });
        }
        finished
    }

    /// Ask load number `i` (in [`Loads::progress`] order) to stop.
    pub fn cancel(&self, i: usize) {
        if let Some(l) = self.running.get(i) {
            l.job.progress.cancel();
        }
    }

    /// Each running load's file and progress.
    pub fn progress(&self) -> impl Iterator<Item = (&Path, &Progress)> {
        self.running
            .iter()
            .map(|l| (l.path.as_path(), &*l.job.progress))
    }

    pub fn is_empty(&self) -> bool {
        self.running.is_empty()
    }

    pub fn contains(&self, path: &Path) -> bool {
        self.running.iter().any(|l| l.path == path)
    }
}
