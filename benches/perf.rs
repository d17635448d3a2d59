//! Speed and memory benchmarks (numbers for the notes, not pass/fail tests).
//!
//! Data: `python3 ../shared/bench/gen.py --out /tmp/bench/data` (S, M, L files), then
//! `CORRIDOR_BENCH_DATA=/tmp/bench/data cargo bench --bench perf [-- S M L]`.
//! Without that folder, only the built-in dataset is measured.
//!
//! Measures, per file: load (read + parse + validate), prepare (project + R-tree), peak RSS,
//! picking (10,000 clicks), and the CPU side of a frame (draw the whole extent and a zoomed
//! view, then egui's tessellation), median of repeated runs.

use corridor_atlas::load;
use corridor_atlas::map::{self, Basemap, Furniture, MapCache, MapData, MapLayer, Scene, Viewport};
use corridor_atlas::model::Origin;
use egui::{Rect, pos2, vec2};
use std::path::PathBuf;
use std::time::Instant;

/// mimalloc reuses the large per-frame buffers instead of returning them to the OS and
/// page-faulting them back in every frame (measured with `cargo bench --bench perf`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn peak_rss_mib() -> f64 {
    corridor_atlas::cli::peak_rss_kib() as f64 / 1024.0
}

/// Tiny deterministic PRNG (xorshift) for click positions.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// How the view changes between the measured frames.
#[derive(Clone, Copy, PartialEq)]
enum Motion {
    /// Nothing moves (hovering, panels).
    Steady,
    /// Dragging the map a little every frame.
    Pan,
    /// Wheel zooming: a new zoom level every frame (the window shows the last crowded frame
    /// scaled on the GPU until the zoom rests).
    Zoom,
    /// A new zoom level every frame, each built in full (what happens once the zoom rests).
    ZoomBuilt,
}

/// The CPU side of a frame, median ms: the window's map scene (basemap, names, furniture,
/// layers, labels), then egui's tessellation. With `gpu`, crowded views are paint callbacks
/// drawing meshes already in GPU memory (as in the window). Each run keeps one [`MapCache`],
/// as the window does.
fn frame_ms(
    data: &MapData,
    basemap: &Basemap,
    vp0: Viewport,
    frames: usize,
    motion: Motion,
    gpu: bool,
) -> f64 {
    let ctx = egui::Context::default();
    let mut cache = MapCache::default();
    let scene = Scene {
        data,
        basemap,
        selected: None,
        labels: true,
        basemap_layers: Default::default(),
        tiles: None,
        gpu,
        // The window's way: built with a margin to pan into, previewed while the wheel turns.
        interactive: true,
        focused: None,
        furniture: Furniture::Window,
    };
    let mut times = Vec::new();
    let mut frame = |vp: &Viewport, time: f64| {
        let t = Instant::now();
        let input = egui::RawInput {
            time: Some(time),
            screen_rect: Some(vp.rect),
            ..Default::default()
        };
        let mut out = ctx.run_ui(input, |ui| {
            map::draw_scene(ui, vp, &scene, None, &mut cache);
        });
        out.textures_delta.clear();
        let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
        std::hint::black_box(prims);
        t.elapsed().as_secs_f64() * 1000.0
    };
    for i in 0..frames {
        let mut vp = vp0;
        match motion {
            Motion::Steady => {}
            Motion::Pan => vp.center[0] += (i as f64) * 0.5 / vp.scale(),
            Motion::Zoom | Motion::ZoomBuilt => vp.set_zoom(vp0.zoom + 0.05 * i as f64),
        }
        // Frames at 60 Hz. A new zoom level built in full: with GPU meshes the first frame at
        // it is the scaled preview (not counted) and the wheel rests a second before the frame
        // that builds; without, the first frame builds.
        let time = i as f64 * 2.0;
        if motion == Motion::ZoomBuilt && gpu {
            frame(&vp, time);
            times.push(frame(&vp, time + 1.0));
        } else if motion == Motion::ZoomBuilt {
            times.push(frame(&vp, time));
        } else {
            times.push(frame(&vp, i as f64 / 60.0));
        }
    }
    median(times[2..].to_vec())
}

fn bench_dataset(name: &str, layers: Vec<corridor_atlas::model::Layer>) {
    let t = Instant::now();
    let data = &MapData::from_layers(layers);
    let prep_s = t.elapsed().as_secs_f64();
    let rect = Rect::from_min_size(pos2(0.0, 0.0), vec2(1600.0, 1000.0));
    let bbox = data
        .bbox()
        .map(|b| [b.min().x, b.min().y, b.max().x, b.max().y])
        .unwrap_or(map::CORRIDOR_BBOX);
    let full = Viewport::fit(rect, bbox, 10.0);
    let mut zoomed = full;
    zoomed.set_zoom(full.zoom + 3.0);

    // Picking: 10,000 clicks over the view, full extent and zoomed in.
    let mut pick_us = Vec::new();
    for vp in [full, zoomed] {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut worst = 0.0f64;
        let t = Instant::now();
        let n = 10_000;
        let mut hits = 0;
        for _ in 0..n {
            let p = pos2(rng.next() * rect.width(), rng.next() * rect.height());
            let t1 = Instant::now();
            if map::pick(&vp, data, p, 8.0).is_some() {
                hits += 1;
            }
            worst = worst.max(t1.elapsed().as_secs_f64() * 1e6);
        }
        let mean = t.elapsed().as_secs_f64() * 1e6 / n as f64;
        pick_us.push((mean, worst, hits));
    }
    // Find: the index built once for the layers, then one ranking per keystroke of a name
    // typed letter by letter (the window ranks again on every keystroke).
    let t = Instant::now();
    let index = data.name_index();
    let index_ms = t.elapsed().as_secs_f64() * 1e3;
    let mut worst_key = 0.0f64;
    let mut keys = 0;
    let t = Instant::now();
    for word in ["kuryk", "Құрық", "almaty", "p12345"] {
        let letters: Vec<char> = word.chars().collect();
        for n in 1..=letters.len() {
            let q: String = letters[..n].iter().collect();
            let t1 = Instant::now();
            std::hint::black_box(index.find(&q, 8));
            worst_key = worst_key.max(t1.elapsed().as_secs_f64() * 1e3);
            keys += 1;
        }
    }
    let mean_key = t.elapsed().as_secs_f64() * 1e3 / keys as f64;
    println!(
        "{name:>10} | find: index {index_ms:>7.1} ms ({} names) | keystroke {mean_key:>6.2} ms mean {worst_key:>6.2} ms worst",
        index.len()
    );
    let basemap = Basemap::embedded();
    // A filter changed: the masks made again, then the frame drawn anew for it (what a
    // rebuilt crowded frame costs: measured as "new zoom built" on the filtered data).
    let mut filtered = data.clone();
    let mut filter = corridor_atlas::model::Filter::default();
    filter
        .statuses
        .insert(corridor_atlas::model::Status::Operational);
    let t = Instant::now();
    filtered.set_filter(&filter);
    let filter_ms = t.elapsed().as_secs_f64() * 1e3;
    let redraw_ms = frame_ms(&filtered, &basemap, full, 14, Motion::ZoomBuilt, true);
    println!(
        "{name:>10} | filter: masks {filter_ms:>6.1} ms ({} of {} shown) | frame drawn anew {redraw_ms:>6.1} ms",
        filtered.shown_count(),
        filtered.visible_count()
    );
    // The timeline's year changed: statuses and masks made again, then the frame drawn anew.
    let mut dated = data.clone();
    let t = Instant::now();
    dated.set_filter(&corridor_atlas::model::Filter {
        year: Some(2026),
        ..Default::default()
    });
    let year_ms = t.elapsed().as_secs_f64() * 1e3;
    let year_redraw_ms = frame_ms(&dated, &basemap, full, 14, Motion::ZoomBuilt, true);
    println!(
        "{name:>10} | year: statuses {year_ms:>6.1} ms | frame drawn anew {year_redraw_ms:>6.1} ms"
    );
    table_bench(name, data);
    println!(
        "{name:>10} | {:>8} features | prepare {:>7.3} s | pick full {:>6.1} µs mean {:>7.1} µs worst ({} hits) | pick zoomed {:>6.1} µs mean | peak RSS {:>6.0} MiB",
        data.feature_count(),
        prep_s,
        pick_us[0].0,
        pick_us[0].1,
        pick_us[0].2,
        pick_us[1].0,
        peak_rss_mib()
    );
    for gpu in [true, false] {
        let mut row = Vec::new();
        for (what, vp) in [("full extent", full), ("zoomed +3", zoomed)] {
            let motions: &[(Motion, &str)] = if gpu {
                &[
                    (Motion::Steady, "steady"),
                    (Motion::Pan, "panning"),
                    (Motion::Zoom, "zooming"),
                    (Motion::ZoomBuilt, "new zoom built"),
                ]
            } else {
                &[
                    (Motion::Steady, "steady"),
                    (Motion::Pan, "panning"),
                    (Motion::ZoomBuilt, "new zoom built"),
                ]
            };
            for &(m, label) in motions {
                let ms = frame_ms(data, &basemap, vp, 22, m, gpu);
                row.push(format!("{what} {label} {ms:>6.2} ms"));
            }
        }
        println!(
            "{:>10} | CPU frame, {} | {}",
            "",
            if gpu {
                "crowded views in GPU memory (window)"
            } else {
                "plain egui meshes"
            },
            row.join(" | ")
        );
    }
}

/// The attribute table: its rows made and sorted (once per change), then the CPU cost of a
/// frame of the panel while it scrolls to another place every frame (layout, tessellation).
fn table_bench(name: &str, data: &MapData) {
    use corridor_atlas::model::{Column, table};
    let t = Instant::now();
    let mut rows = data.table_rows();
    let rows_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    table::sort_rows(&mut rows, Column::Capacity, false);
    let sort_ms = t.elapsed().as_secs_f64() * 1e3;
    let order: Vec<usize> = (0..rows.len()).collect();
    let ctx = egui::Context::default();
    let mut times = Vec::new();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for i in 0..62 {
        let to = (rng.next() * rows.len() as f32) as usize;
        let view = corridor_atlas::ui::TableView {
            rows: &rows,
            order: &order,
            selected: None,
            sort: (Column::Capacity, false),
            in_view_only: false,
            scroll_to: Some(to.min(rows.len().saturating_sub(1))),
        };
        let t = Instant::now();
        let input = egui::RawInput {
            time: Some(i as f64 / 60.0),
            screen_rect: Some(Rect::from_min_size(pos2(0.0, 0.0), vec2(1600.0, 260.0))),
            ..Default::default()
        };
        let out = ctx.run_ui(input, |ui| {
            std::hint::black_box(corridor_atlas::ui::attribute_table(ui, &view));
        });
        let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
        std::hint::black_box(prims);
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let worst = times[2..].iter().copied().fold(0.0, f64::max);
    println!(
        "{name:>10} | table: rows {rows_ms:>6.1} ms ({} rows) | sort {sort_ms:>6.1} ms | frame scrolling {:>5.2} ms median {worst:>5.2} ms worst",
        rows.len(),
        median(times[2..].to_vec())
    );
}

fn main() {
    // The built-in corridor dataset.
    let (layers, _) = load::embedded_layers();
    bench_dataset("built-in", layers);

    let Some(dir) = std::env::var_os("CORRIDOR_BENCH_DATA").map(PathBuf::from) else {
        println!(
            "(set CORRIDOR_BENCH_DATA to the folder made by ../shared/bench/gen.py for S/M/L)"
        );
        return;
    };
    let scales: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| ["S", "M", "L"].contains(&a.as_str()))
        .collect();
    let scales = if scales.is_empty() {
        vec!["S".into(), "M".into(), "L".into()]
    } else {
        scales
    };
    for scale in scales {
        let path = dir.join(format!("corridor_{scale}.geojson"));
        if !path.exists() {
            println!("{} missing", path.display());
            continue;
        }
        let mut loads = Vec::new();
        let mut layer = None;
        for _ in 0..3 {
            drop(layer.take());
            let t = Instant::now();
            let l = load::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
            let prepared = MapLayer::new(l);
            loads.push(t.elapsed().as_secs_f64());
            layer = Some(prepared);
        }
        println!(
            "{scale:>10} | load+prepare median {:.3} s (runs {:?})",
            median(loads.clone()),
            loads.iter().map(|s| format!("{s:.3}")).collect::<Vec<_>>()
        );
        let Some(layer) = layer else { continue };
        let mut layer = std::sync::Arc::unwrap_or_clone(layer.layer);
        layer.origin = Origin::File(path.clone());
        bench_dataset(&scale, vec![layer]);
    }
}
