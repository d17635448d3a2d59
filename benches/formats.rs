//! Opening every format, and bounding-box queries on a big PostGIS table: run by
//! `benches/formats.sh`, which makes the files with ogr2ogr and starts the server.

use corridor_atlas::load::postgis::{DbUrl, list_tables, read_table};
use corridor_atlas::load::{Progress, load_layers};
use std::path::Path;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let Ok(dir) = std::env::var("CORRIDOR_BENCH_FORMATS") else {
        println!("formats: run benches/formats.sh (it converts the L file and starts PostGIS)");
        return;
    };
    let dir = Path::new(&dir);
    println!("opening the L file (100k features), median of 3, seconds:");
    for f in [
        "shp/L_POINT.shp",
        "shp/L_LINESTRING.shp",
        "shp/L_POLYGON.shp",
        "L.gpkg",
        "L.fgb",
        "L.kml",
        "L.csv",
        "L_3857.geojson",
    ] {
        let p = dir.join(f);
        let mut times = Vec::new();
        let mut n = 0;
        for _ in 0..3 {
            let t = Instant::now();
            match load_layers(&p, &Progress::default()) {
                Ok(ls) => n = ls.iter().map(|l| l.features.len()).sum(),
                Err(e) => {
                    println!("  {f}: {}", e.short());
                    break;
                }
            }
            times.push(t.elapsed().as_secs_f64());
        }
        if !times.is_empty() {
            println!("  {f:<24} {:.2} s ({n} features)", median(times));
        }
    }
    // The window's read of a big FlatGeobuf: the view's box through the spatial index.
    let fgb = dir.join("L.fgb");
    for (what, bbox) in [
        ("a region (3°)", [75.0, 42.0, 78.0, 45.0]),
        ("Kazakhstan (25°)", [50.0, 40.0, 75.0, 55.0]),
    ] {
        let mut times = Vec::new();
        let mut n = 0;
        for _ in 0..5 {
            let s = Instant::now();
            match corridor_atlas::load::fgb::read_fgb_view(
                &fgb,
                bbox,
                200_000,
                &Progress::default(),
            ) {
                Ok(l) => n = l.features.len(),
                Err(e) => {
                    println!("  L.fgb by view: {}", e.short());
                    break;
                }
            }
            times.push(s.elapsed().as_secs_f64() * 1e3);
        }
        if !times.is_empty() {
            println!(
                "  L.fgb, {what:<18} {:>7.1} ms ({n} features)",
                median(times)
            );
        }
    }
    let Ok(url) = std::env::var("CORRIDOR_BENCH_PG") else {
        return;
    };
    let u = DbUrl::parse(&url).expect("the bench URL");
    let mut c = u.connect().expect("the bench server");
    let tables = list_tables(&mut c).expect("tables");
    let t = tables
        .iter()
        .find(|t| t.table == "terminals")
        .expect("terminals");
    println!(
        "bounding-box queries on {} (1,000,000 points), median of 10:",
        t.name()
    );
    for (what, bbox) in [
        ("a city (0.5°)", [76.7, 43.1, 77.2, 43.4]),
        ("a region (3°)", [75.0, 42.0, 78.0, 45.0]),
        ("Kazakhstan (25°)", [50.0, 40.0, 75.0, 55.0]),
    ] {
        let mut times = Vec::new();
        let mut n = 0;
        for _ in 0..10 {
            let s = Instant::now();
            let l = read_table(
                &mut c,
                &u,
                t,
                Some(bbox),
                Some(200_000),
                &Progress::default(),
            )
            .expect("reads");
            n = l.features.len();
            times.push(s.elapsed().as_secs_f64() * 1e3);
        }
        println!("  {what:<18} {:>7.1} ms ({n} rows)", median(times));
    }
}
