//! Fuzz the GeoJSON loader: any bytes must give a layer or a clear error, never a panic.
//! Run: `cargo fuzz run --fuzz-dir tests/fuzz loader -- -max_total_time=600`
#![no_main]

use corridor_atlas::load;
use corridor_atlas::model::Origin;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match load::parse_layer(&text, "fuzz.geojson", Origin::Embedded("fuzz".into())) {
        Ok(layer) => {
            // Whatever loads must also be drawable and pickable.
            let prepared = corridor_atlas::map::PreparedLayer::new(&layer.features);
            std::hint::black_box(prepared);
        }
        Err(e) => {
            assert!(!e.lines().is_empty());
        }
    }
    let _ = load::parse_indicators(&text, "fuzz.json");
});
