//! `--project FILE` for the export: the project's files loaded (one that is missing is said and
//! the rest exported), its layers in its order with their visibility and opacity.

use super::Failure;
use crate::load;
use crate::map::{MapData, MapLayer};
use crate::project::{Project, Source};
use std::path::Path;

/// Read the project at `path` and open its layers into `dataset`; warnings go to stderr.
pub fn open_project(path: &Path, dataset: &mut MapData) -> Result<Project, Failure> {
    let p = Project::read(path).map_err(|e| Failure::Failed(e.to_string()))?;
    let base = path
        .parent()
        .filter(|b| !b.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let shown = path.display();
    // Database tables, whole; one that cannot be read is said and the rest exported.
    for l in &p.layers {
        if let Source::Database { database: url } = &l.source {
            match load::load_layers(Path::new(url), &load::Progress::default()) {
                Ok(layers) => {
                    for layer in layers {
                        dataset.add_or_replace(MapLayer::new(layer));
                    }
                }
                Err(e) => eprintln!(
                    "corridor-atlas export: warning: {shown}: {}; not drawn",
                    e.lines().join("; ")
                ),
            }
        }
    }
    for f in p.files(base) {
        if !f.exists() {
            eprintln!(
                "corridor-atlas export: warning: {shown}: {} is missing; its layers are not drawn",
                f.display()
            );
            continue;
        }
        let layers = load::load_layers(&f, &load::Progress::default())
            .map_err(|e| Failure::from(e.lines().join("\n")))?;
        for layer in layers {
            dataset.add_or_replace(MapLayer::new(layer));
        }
    }
    let order = p.arrangement(base);
    for m in &mut dataset.layers {
        if let Some((visible, opacity)) = order.state(&m.layer.origin) {
            m.visible = visible;
            m.opacity = opacity;
        }
    }
    let origins: Vec<_> = dataset
        .layers
        .iter()
        .map(|m| m.layer.origin.clone())
        .collect();
    for (from, to) in order.moves(&origins) {
        dataset.move_layer(from, to);
    }
    Ok(p)
}
