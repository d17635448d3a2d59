//! The fonts every name in the data needs, in the window and in the export.
//!
//! egui's built-in fonts lack ə (Azerbaijani), Georgian, Chinese and the prime signs of
//! coordinates (′ ″). DejaVu Sans covers Latin (Turkish, Azerbaijani), Cyrillic (Russian,
//! Kazakh), Georgian and the signs; Droid Sans Fallback covers Chinese. Both are tried in that
//! order for every glyph, egui's own fonts after them (emoji and icons).

use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

/// DejaVu Sans 2.37 (Debian `fonts-dejavu-core`), Bitstream Vera / DejaVu licence.
pub const DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// Droid Sans Fallback (Debian `fonts-droid-fallback`), Apache-2.0.
pub const DROID_SANS_FALLBACK: &[u8] =
    include_bytes!("../../assets/fonts/DroidSansFallbackFull.ttf");

/// The bundled fonts by name, in the order glyphs are looked up.
pub const BUNDLED: [(&str, &[u8]); 2] = [
    ("DejaVuSans", DEJAVU_SANS),
    ("DroidSansFallbackFull", DROID_SANS_FALLBACK),
];

/// egui's definitions with DejaVu Sans first for text (one face for a whole name; in the
/// monospace family after egui's mono face) and Droid Sans Fallback last, after egui's emoji and
/// icon fonts, so their symbols keep egui's look.
pub fn definitions() -> FontDefinitions {
    let mut defs = FontDefinitions::default();
    for (name, bytes) in BUNDLED {
        defs.font_data
            .insert(name.to_string(), Arc::new(FontData::from_static(bytes)));
    }
    let [(dejavu, _), (droid, _)] = BUNDLED;
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        let list = defs.families.entry(family.clone()).or_default();
        let first = if family == FontFamily::Proportional {
            0
        } else {
            1
        };
        list.insert(first.min(list.len()), dejavu.to_string());
        list.push(droid.to_string());
    }
    defs
}

/// Sets the bundled fonts on a context (the window's, or an export page's).
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}
