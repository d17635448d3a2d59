//! The timeline over the shipped dataset: what sources say was, is and will be running.

use corridor_atlas::load;
use corridor_atlas::map::MapData;
use corridor_atlas::model::{Filter, LegendEntry, Status, status_in, year_range};

fn data() -> MapData {
    let (layers, errors) = load::embedded_layers();
    assert!(errors.is_empty(), "{errors:?}");
    MapData::from_layers(layers)
}

/// The status `id` is drawn with in `d`.
fn drawn(d: &MapData, id: &str) -> Option<Status> {
    let r = d.find(id).expect(id);
    d.layers[r.layer].status(r.feature)
}

#[test]
fn the_years_run_from_the_first_dated_status_to_the_last_target() {
    let d = data();
    let indicators = load::embedded_indicators().expect("indicators");
    let features = d.layers.iter().flat_map(|m| m.layer.features.iter());
    // The WE–WC road open in 2013; the 2035 transit target.
    assert_eq!(year_range(features, &indicators), Some((2013, 2035)));
}

#[test]
fn btk_and_bakhty_ayagoz_are_drawn_as_their_sources_date_them() {
    let mut d = data();
    let year = |d: &mut MapData, y: Option<i32>| {
        d.set_filter(&Filter {
            year: y,
            ..Default::default()
        })
    };
    year(&mut d, Some(2016));
    assert_eq!(
        drawn(&d, "btk_tbilisi_kars_rail"),
        Some(Status::Planned),
        "opened 2017"
    );
    assert_eq!(drawn(&d, "bakhty_ayagoz_rail"), Some(Status::Planned));
    year(&mut d, Some(2025));
    assert_eq!(
        drawn(&d, "btk_tbilisi_kars_rail"),
        Some(Status::Operational)
    );
    assert_eq!(
        drawn(&d, "bakhty_ayagoz_rail"),
        Some(Status::UnderConstruction)
    );
    year(&mut d, Some(2027));
    assert_eq!(drawn(&d, "bakhty_ayagoz_rail"), Some(Status::Operational));
    // Off: today's statuses.
    year(&mut d, None);
    assert_eq!(
        drawn(&d, "bakhty_ayagoz_rail"),
        Some(Status::UnderConstruction)
    );
    // A line no source dates is as today in every year.
    year(&mut d, Some(2013));
    let undated = "lanzhou_urumqi_rail";
    let f = d.get(d.find(undated).expect(undated)).expect("feature");
    assert_eq!(drawn(&d, undated), f.status);
    assert_eq!(
        status_in(f, 2013).reason(),
        "no source dates it: the status today"
    );
}

#[test]
fn a_status_filter_reads_the_years_statuses_and_the_legend_follows() {
    let mut d = data();
    let operational = |y| Filter {
        year: Some(y),
        statuses: [Status::Operational].into(),
        ..Default::default()
    };
    d.set_filter(&operational(2016));
    let in_2016 = d.shown_count();
    let shown = |d: &MapData, id: &str| d.is_shown(d.find(id).expect(id));
    assert!(
        !shown(&d, "btk_tbilisi_kars_rail"),
        "BTK was not running in 2016"
    );
    d.set_filter(&operational(2030));
    assert!(shown(&d, "btk_tbilisi_kars_rail") && shown(&d, "bakhty_ayagoz_rail"));
    assert!(d.shown_count() > in_2016);
    // The year alone hides nothing, and the legend lists the statuses drawn that year.
    d.set_filter(&Filter {
        year: Some(2016),
        ..Default::default()
    });
    assert_eq!(d.shown_count(), d.visible_count());
    assert!(
        d.legend()
            .entries()
            .contains(&LegendEntry::Status(Status::Planned))
    );
}
