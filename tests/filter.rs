//! Filters over the shipped dataset: what the map, its legend, picking and a briefing show.

use corridor_atlas::load;
use corridor_atlas::map::MapData;
use corridor_atlas::model::{Filter, Kind, Mode, Status, countries_of};

fn data() -> MapData {
    let (layers, errors) = load::embedded_layers();
    assert!(errors.is_empty(), "{errors:?}");
    MapData::from_layers(layers)
}

fn shown(d: &MapData) -> Vec<&corridor_atlas::model::Feature> {
    d.features_crossing([-180.0, -80.0, 180.0, 80.0])
}

#[test]
fn each_criterion_narrows_what_is_shown_and_they_combine() {
    let mut d = data();
    let all = d.shown_count();
    assert_eq!(all, d.visible_count());
    let mut f = Filter::default();
    f.kinds.insert("port".into());
    d.set_filter(&f);
    assert_eq!(d.shown_count(), 9);
    assert!(shown(&d).iter().all(|x| x.kind == Kind::Port));
    assert_eq!(d.legend().entries().len(), 1, "{:?}", d.legend().entries());

    // Rail sections under construction that run through Kazakhstan.
    let mut f = Filter::default();
    f.modes.insert(Mode::Rail);
    f.statuses.insert(Status::UnderConstruction);
    f.countries.insert("KAZ".into());
    d.set_filter(&f);
    let ids: Vec<&str> = shown(&d).iter().map(|x| x.id.as_str()).collect();
    assert!(ids.contains(&"darbaza_maktaaral_rail"), "{ids:?}");
    assert!(
        !ids.contains(&"china_kyrgyzstan_uzbekistan_rail"),
        "not in KAZ: {ids:?}"
    );
    for x in shown(&d) {
        assert_eq!(
            (x.mode, x.status),
            (Some(Mode::Rail), Some(Status::UnderConstruction))
        );
        assert!(countries_of(x).contains(&"KAZ".to_string()), "{}", x.id);
    }
    assert_eq!(d.shown_count(), ids.len());

    // A least capacity hides what has none.
    let f = Filter {
        min_capacity: Some(20.0),
        ..Default::default()
    };
    d.set_filter(&f);
    assert!(d.shown_count() > 0);
    assert!(
        shown(&d)
            .iter()
            .all(|x| x.capacity_mt_per_year.is_some_and(|c| c >= 20.0))
    );

    // Cleared: everything again.
    d.set_filter(&Filter::default());
    assert_eq!(d.shown_count(), all);
}

#[test]
fn a_filter_describes_what_it_keeps_for_a_briefing() {
    assert_eq!(Filter::default().describe(), None);
    let mut f = Filter::default();
    f.modes.insert(Mode::Rail);
    f.statuses.insert(Status::UnderConstruction);
    f.countries.insert("KAZ".into());
    f.min_capacity = Some(10.0);
    assert_eq!(
        f.describe().as_deref(),
        Some("Rail · Under construction · KAZ · at least 10 Mt/yr")
    );
    f.kinds.insert("port".into());
    assert!(f.describe().expect("set").starts_with("Port · Rail"));
}
