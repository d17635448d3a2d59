//! Finding the shipped dataset's features by any of their names, in any spelling.

use corridor_atlas::load;
use corridor_atlas::model::{FindIndex, Layer};

fn layers() -> Vec<Layer> {
    let (layers, errors) = load::embedded_layers();
    assert!(errors.is_empty(), "{errors:?}");
    layers
}

/// The id of the best match for `query`.
fn first(layers: &[Layer], index: &FindIndex, query: &str) -> String {
    let hits = index.find(query, 5);
    let h = hits
        .first()
        .unwrap_or_else(|| panic!("nothing found for {query:?}"));
    layers[h.r.layer].features[h.r.feature].id.clone()
}

#[test]
fn a_place_is_found_by_any_of_its_names_in_any_spelling() {
    let layers = layers();
    let index = FindIndex::build(layers.iter().enumerate());
    for (query, want) in [
        ("kuryk", "kuryk_port"),
        ("Kuryk", "kuryk_port"),
        ("Құрық", "kuryk_port"),
        ("Urumqi", "urumqi"),
        ("Ürümqi", "urumqi"),
        ("乌鲁木齐", "urumqi"),
        ("Baki", "baku"),
        ("Bakı", "baku"),
        ("Qyzylorda", "kyzylorda"),
        ("Kyzylorda", "kyzylorda"),
        ("Қызылорда", "kyzylorda"),
        ("тбилиси", "tbilisi"),
        ("თბილისი", "tbilisi"),
        ("Boyuk Kasik", "boyuk_kasik"),
        ("zhezkaz", "zhezkazgan"),
    ] {
        assert_eq!(first(&layers, &index, query), want, "{query}");
    }
}

#[test]
fn partial_names_list_every_feature_that_has_them_once_each() {
    let layers = layers();
    let index = FindIndex::build(layers.iter().enumerate());
    let hits = index.find("khorgos", 20);
    let ids: Vec<&str> = hits
        .iter()
        .map(|h| layers[h.r.layer].features[h.r.feature].id.as_str())
        .collect();
    for want in ["khorgos_chn", "khorgos_eastern_gate_sez", "icbc_khorgos"] {
        assert!(ids.contains(&want), "{want} not in {ids:?}");
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "a feature listed twice: {ids:?}");
    assert!(index.find("zzqxw", 5).is_empty());
    assert!(index.find("", 5).is_empty());
}
