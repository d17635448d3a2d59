//! An export from the window, run in the background like a load: it draws the app's own
//! layers and basemap (shared, not copied) with the app's one offscreen renderer, which it
//! hands back when it is done. The window keeps running meanwhile; Cancel stops it between
//! steps, and nothing is written then.

use super::ExportError;
use super::compose::{Briefing, STEPS, render_page};
use super::options::ExportOptions;
use super::png::write_png_atomic;
use super::render::Renderer;
use crate::load::{Job, Polled, Progress};
use crate::map::{Basemap, MapData};
use crate::model::FeatureRef;
use std::path::PathBuf;
use std::sync::Arc;

/// What to export and where.
pub struct ExportRequest {
    /// The layers as they are now (the window may load or hide others meanwhile).
    pub data: MapData,
    pub basemap: Arc<Basemap>,
    pub selected: Option<FeatureRef>,
    pub options: ExportOptions,
    pub path: PathBuf,
}

/// What an export came to, and the renderer back for the next one.
pub struct Exported {
    /// The size written, or why nothing was.
    pub result: Result<(u32, u32), ExportError>,
    pub path: PathBuf,
    pub renderer: Option<Renderer>,
}

/// Where the export job gets its renderer: the app's from the last export, or a new one made
/// in the background (making one takes a while on some machines).
pub enum RendererSource {
    Ready(Renderer),
    Make(Box<dyn FnOnce() -> Result<Renderer, ExportError> + Send>),
}

/// Start an export in a thread; `wake` asks the window for a frame when it is done.
pub fn spawn(
    request: ExportRequest,
    renderer: RendererSource,
    wake: impl Fn() + Send + 'static,
) -> std::io::Result<Job<Exported>> {
    Job::spawn("export", wake, move |progress| {
        run(request, renderer, progress)
    })
}

fn run(request: ExportRequest, renderer: RendererSource, progress: &Progress) -> Exported {
    progress.set_total(STEPS);
    progress.set_stage("Starting the renderer");
    let mut renderer = match renderer {
        RendererSource::Ready(r) => r,
        RendererSource::Make(make) => match make() {
            Ok(r) => r,
            Err(e) => {
                return Exported {
                    result: Err(e),
                    path: request.path,
                    renderer: None,
                };
            }
        },
    };
    let briefing = Briefing {
        data: &request.data,
        basemap: &request.basemap,
        selected: request.selected,
    };
    let result =
        render_page(&mut renderer, &briefing, &request.options, progress).and_then(|(img, _)| {
            if progress.cancelled() {
                return Err(ExportError::Cancelled);
            }
            progress.set_stage("Writing the PNG");
            write_png_atomic(&img, &request.path)?;
            progress.set_done(STEPS);
            Ok((img.width(), img.height()))
        });
    Exported {
        result,
        path: request.path,
        renderer: Some(renderer),
    }
}

/// The window's exports: one at a time, in the background, each drawn with the same renderer
/// (made by the first, on the window's GPU device when it has one).
#[derive(Default)]
pub struct Exporter {
    running: Option<Job<Exported>>,
    renderer: Option<Renderer>,
    /// The window's wgpu state, to make the renderer on its device.
    window: Option<eframe::egui_wgpu::RenderState>,
}

impl Exporter {
    /// Exports for a window drawing with `window` (`None`: a renderer of its own).
    pub fn new(window: Option<eframe::egui_wgpu::RenderState>) -> Self {
        Self {
            window,
            ..Default::default()
        }
    }

    /// Start an export; `wake` asks the window for a frame when it is done.
    pub fn start(
        &mut self,
        request: ExportRequest,
        wake: impl Fn() + Send + 'static,
    ) -> Result<(), String> {
        if self.running.is_some() {
            return Err("an export is running already".into());
        }
        let renderer = match (self.renderer.take(), self.window.clone()) {
            (Some(r), _) => RendererSource::Ready(r),
            (None, Some(rs)) => {
                RendererSource::Make(Box::new(move || Ok(Renderer::on_device_of(&rs))))
            }
            (None, None) => RendererSource::Make(Box::new(Renderer::new)),
        };
        self.running = Some(spawn(request, renderer, wake).map_err(|e| e.to_string())?);
        Ok(())
    }

    /// What the export that has just finished came to ("Saved …" or why not); `None` while
    /// one runs or none did.
    pub fn poll(&mut self) -> Option<Result<String, String>> {
        let result = match self.running.as_ref()?.poll() {
            Polled::Running => return None,
            Polled::Done(done) => {
                // Whatever came of it, the renderer serves the next export.
                self.renderer = done.renderer;
                let path = done.path;
                done.result
                    .map(|(w, h)| format!("Saved {w}×{h} to {}", path.display()))
            }
            Polled::Lost => Err(ExportError::Renderer("the export thread stopped".into())),
        };
        self.running = None;
        Some(result.map_err(|e| e.to_string()))
    }

    /// The running export's progress.
    pub fn progress(&self) -> Option<&Progress> {
        self.running.as_ref().map(|j| &*j.progress)
    }

    pub fn cancel(&self) {
        if let Some(p) = self.progress() {
            p.cancel();
        }
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }
}
