//! A feature's status in a given year, from what its sources date: the statuses they report
//! for a year (or as of a publication date), and the year it was or is to be completed.
//! What no source dates is shown as it is today, and says so.

use super::{Feature, Figure, FigureValue, Indicators, Status};

/// Why a feature has the status it has in a year.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// A source reports this status for `year` (the latest report up to the year asked).
    Reported { year: i32, source: Option<String> },
    /// Completed in `year` (or due then, when `planned`): operational from that year.
    Completed {
        year: i32,
        planned: bool,
        source: Option<String>,
    },
    /// Completed only in `year` (or due then): not built yet, drawn as planned.
    NotYet {
        year: i32,
        planned: bool,
        source: Option<String>,
    },
    /// No source dates its status: today's, whatever the year.
    Undated,
}

/// A feature's status in a year and why.
#[derive(Debug, Clone, PartialEq)]
pub struct YearStatus {
    pub status: Option<Status>,
    pub why: Why,
}

impl YearStatus {
    /// How the details panel explains it: "completed 2017", "due 2027 (planned)".
    pub fn reason(&self) -> String {
        match &self.why {
            Why::Reported { year, .. } => format!("as reported for {year}"),
            Why::Completed {
                year,
                planned: false,
                ..
            } => format!("completed {year}"),
            Why::Completed { year, .. } => format!("due {year} (planned)"),
            Why::NotYet {
                year,
                planned: false,
                ..
            } => format!("not built yet: completed {year}"),
            Why::NotYet { year, .. } => format!("not built yet: due {year} (planned)"),
            Why::Undated => "no source dates it: the status today".into(),
        }
    }

    /// The id of the source behind it, where there is one.
    pub fn source(&self) -> Option<&str> {
        match &self.why {
            Why::Reported { source, .. }
            | Why::Completed { source, .. }
            | Why::NotYet { source, .. } => source.as_deref(),
            Why::Undated => None,
        }
    }
}

/// The year a figure speaks of: its `year`, else the year of its `as_of` date.
fn year_of(f: &Figure) -> Option<i32> {
    f.year
        .or_else(|| f.as_of.as_deref().and_then(|d| d.get(..4)?.parse().ok()))
}

/// Statuses reported for the whole feature (not for a phase 2 or an expansion): (year,
/// status, source); the status drawn today counts as reported in the year of its source
/// (`status_source`).
fn reports(f: &Feature) -> Vec<(i32, Status, Option<String>)> {
    let mut out: Vec<_> = f
        .figures
        .iter()
        .filter(|g| g.property == "status")
        .filter(|g| matches!(g.qualifier.as_deref(), None | Some("phase_1")))
        .filter_map(|g| {
            let FigureValue::Text(t) = &g.value else {
                return None;
            };
            Some((year_of(g)?, Status::parse(t)?, g.source.clone()))
        })
        .collect();
    if let Some(s) = f.status
        && let Some(id) = f.text("status_source")
        && let Some(y) = f
            .source(&id)
            .and_then(|src| src.date.get(..4)?.parse::<i32>().ok())
    {
        out.push((y, s, Some(id)));
    }
    out
}

/// Completion years: (year, planned, source), earliest first.
fn completions(f: &Feature) -> Vec<(i32, bool, Option<String>)> {
    let mut out: Vec<_> = f
        .figures
        .iter()
        .filter(|g| g.property == "completion_year")
        .filter_map(|g| {
            let y = g.number()?;
            (y.fract() == 0.0 && (1800.0..=2200.0).contains(&y)).then(|| {
                let planned = g.qualifier.as_deref() != Some("actual");
                (y as i32, planned, g.source.clone())
            })
        })
        .collect();
    out.sort_by_key(|c| c.0);
    out
}

/// Does any figure date the feature's status? (Most features of a foreign file do not, and
/// are answered without reading their properties.)
fn is_dated(f: &Feature) -> bool {
    f.figures
        .iter()
        .any(|g| g.property == "status" || g.property == "completion_year")
}

/// The feature's status in `year`.
///
/// The latest status a source reports up to `year` holds (where sources of the same year
/// disagree, the one drawn today wins; today's counts as reported in its source's year). A
/// completion year makes the feature operational from then on, unless a later report says it
/// is not; before it, with nothing reported, the feature is not built yet and is drawn as
/// planned — unless a source reports it open before that year (then the completion is an
/// upgrade's, and before the first report its status is today's). A completion year that a
/// later report contradicts (still under construction after it) has slipped: the next one
/// counts.
pub fn status_in(f: &Feature, year: i32) -> YearStatus {
    let undated = YearStatus {
        status: f.status,
        why: Why::Undated,
    };
    if !is_dated(f) {
        return undated;
    }
    let reports = reports(f);
    let not_open = reports
        .iter()
        .filter(|r| r.1 != Status::Operational)
        .map(|r| r.0)
        .max();
    let completion = completions(f)
        .into_iter()
        .find(|c| !c.1 || not_open.is_none_or(|n| c.0 > n));
    // Reported open before it was completed: the completion is an upgrade's, and says
    // nothing of when the feature opened.
    let first_open = reports
        .iter()
        .filter(|r| r.1 == Status::Operational)
        .map(|r| r.0)
        .min();
    let opened_before = |c: i32| first_open.is_some_and(|o| o < c);
    let latest = reports
        .iter()
        .filter(|r| r.0 <= year)
        .max_by_key(|r| (r.0, Some(r.1) == f.status));
    match (completion, latest) {
        (Some((c, planned, source)), latest) if c <= year => match latest {
            Some((y, s, src)) if *y >= c => YearStatus {
                status: Some(*s),
                why: Why::Reported {
                    year: *y,
                    source: src.clone(),
                },
            },
            _ => YearStatus {
                status: Some(Status::Operational),
                why: Why::Completed {
                    year: c,
                    planned,
                    source,
                },
            },
        },
        (_, Some((y, s, src))) => YearStatus {
            status: Some(*s),
            why: Why::Reported {
                year: *y,
                source: src.clone(),
            },
        },
        (Some((c, _, _)), None) if opened_before(c) => undated,
        (Some((c, planned, source)), None) => YearStatus {
            status: Some(Status::Planned),
            why: Why::NotYet {
                year: c,
                planned,
                source,
            },
        },
        (None, None) => undated,
    }
}

/// The feature's status in `year`, where a file gives its completion year only as a plain
/// property (`"completion_year": 2027`, no source): operational from that year, planned
/// before it. Features whose figures date them are answered by [`status_in`].
pub fn status_in_with(f: &Feature, year: i32, plain_completion: Option<i32>) -> YearStatus {
    match plain_completion {
        Some(c) if !is_dated(f) => {
            let planned = f.status != Some(Status::Operational);
            if year >= c {
                YearStatus {
                    status: Some(Status::Operational),
                    why: Why::Completed {
                        year: c,
                        planned,
                        source: None,
                    },
                }
            } else {
                YearStatus {
                    status: Some(Status::Planned),
                    why: Why::NotYet {
                        year: c,
                        planned,
                        source: None,
                    },
                }
            }
        }
        _ => status_in(f, year),
    }
}

/// The years the data speaks of, earliest and latest: every figure's year (or `as_of` year),
/// completion years included, and the corridor-wide figures'.
pub fn year_range<'a>(
    features: impl IntoIterator<Item = &'a Feature>,
    indicators: &Indicators,
) -> Option<(i32, i32)> {
    year_range_with(features, indicators, [])
}

/// [`year_range`], with `more` years (plain completion years of big files).
pub fn year_range_with<'a>(
    features: impl IntoIterator<Item = &'a Feature>,
    indicators: &Indicators,
    more: impl IntoIterator<Item = i32>,
) -> Option<(i32, i32)> {
    let mut years: Vec<i32> = more.into_iter().collect();
    for f in features {
        for g in &f.figures {
            years.extend(year_of(g));
            if g.property == "completion_year"
                && let Some(y) = g.number()
                && y.fract() == 0.0
                && (1800.0..=2200.0).contains(&y)
            {
                years.push(y as i32);
            }
        }
    }
    for i in &indicators.indicators {
        years.extend(i.series.iter().filter_map(year_of));
    }
    Some((*years.iter().min()?, *years.iter().max()?))
}

/// Is this corridor-wide value one for `year`?
pub fn is_for_year(f: &Figure, year: i32) -> bool {
    year_of(f) == Some(year)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn feature(status: Option<Status>, figures: Vec<Figure>) -> Feature {
        Feature {
            id: "f".into(),
            name: "F".into(),
            kind: Kind::Section,
            mode: None,
            status,
            geometry: geo::Point::new(0.0, 0.0).into(),
            figures,
            sources: vec![],
            properties_json: serde_json::value::RawValue::from_string("{}".into())
                .unwrap_or_else(|_| unreachable!()),
            capacity_mt_per_year: None,
            index: 0,
        }
    }

    fn completion(year: i32, qualifier: &str) -> Figure {
        let mut f = Figure::new("completion_year", FigureValue::Number(year as f64));
        f.qualifier = Some(qualifier.into());
        f.source = Some("s".into());
        f
    }

    fn report(value: &str, year: Option<i32>, as_of: Option<&str>) -> Figure {
        let mut f = Figure::new("status", FigureValue::Text(value.into()));
        f.year = year;
        f.as_of = as_of.map(str::to_string);
        f
    }

    #[test]
    fn a_line_due_in_2027_is_planned_before_under_construction_then_and_open_after() {
        // Bakhty–Ayagoz as the seeds give it: under construction in 2025, due 2027.
        let f = feature(
            Some(Status::UnderConstruction),
            vec![
                completion(2027, "planned"),
                report("under_construction", Some(2025), None),
            ],
        );
        let at = |y| status_in(&f, y).status;
        assert_eq!(at(2020), Some(Status::Planned));
        assert_eq!(at(2025), Some(Status::UnderConstruction));
        assert_eq!(at(2026), Some(Status::UnderConstruction));
        assert_eq!(at(2027), Some(Status::Operational));
        assert_eq!(status_in(&f, 2030).reason(), "due 2027 (planned)");
        assert_eq!(
            status_in(&f, 2020).reason(),
            "not built yet: due 2027 (planned)"
        );
    }

    #[test]
    fn a_completed_line_is_not_built_before_its_year() {
        let f = feature(Some(Status::Operational), vec![completion(2017, "actual")]);
        assert_eq!(status_in(&f, 2016).status, Some(Status::Planned));
        assert_eq!(status_in(&f, 2017).reason(), "completed 2017");
    }

    #[test]
    fn a_completion_year_a_later_report_contradicts_has_slipped() {
        // Halkalı–Kapıkule: due 2025 by one source, 2026 by another, under construction in 2025.
        let f = feature(
            Some(Status::UnderConstruction),
            vec![
                report("under_construction", Some(2025), None),
                completion(2026, "planned"),
                completion(2025, "planned"),
            ],
        );
        assert_eq!(status_in(&f, 2025).status, Some(Status::UnderConstruction));
        assert_eq!(status_in(&f, 2026).status, Some(Status::Operational));
    }

    #[test]
    fn sources_of_one_year_that_disagree_leave_todays_status() {
        let f = feature(
            Some(Status::Operational),
            vec![
                report("planned", None, Some("2025-11-25")),
                report("operational", None, Some("2025-11-25")),
            ],
        );
        assert_eq!(status_in(&f, 2025).status, Some(Status::Operational));
        // Nothing reported before 2025 and no completion year: today's, said so.
        assert_eq!(status_in(&f, 2020).why, Why::Undated);
    }

    #[test]
    fn a_line_open_before_its_upgrade_is_completed_is_not_drawn_as_planned() {
        // Altynkol–Zhetygen: opened 2011 (the drawn status's source), upgrade under way in
        // 2025, due 2026.
        let mut f = feature(
            Some(Status::Operational),
            vec![
                completion(2026, "planned"),
                report("under_construction", None, Some("2025")),
            ],
        );
        f.properties_json =
            serde_json::value::RawValue::from_string(r#"{"status_source":"tengri"}"#.into())
                .unwrap_or_else(|_| unreachable!());
        f.sources.push(crate::model::Source {
            id: "tengri".into(),
            publication: "Tengrinews".into(),
            date: "2011-12".into(),
            ..Default::default()
        });
        let at = |y| status_in(&f, y).status;
        assert_eq!(at(2016), Some(Status::Operational));
        assert_eq!(at(2025), Some(Status::UnderConstruction));
        assert_eq!(at(2026), Some(Status::Operational));
        // Before its first report: today's, said so.
        assert_eq!(status_in(&f, 2005).why, Why::Undated);
    }

    #[test]
    fn undated_features_keep_their_status_and_the_range_spans_the_data() {
        let plain = feature(Some(Status::Operational), vec![]);
        assert_eq!(status_in(&plain, 1990).status, Some(Status::Operational));
        let dated = feature(None, vec![completion(2017, "actual")]);
        let mut ind = Indicators::default();
        let mut target = Figure::new("x", FigureValue::Number(1.0));
        target.year = Some(2035);
        ind.indicators.push(crate::model::Indicator {
            id: "i".into(),
            label: "I".into(),
            unit: String::new(),
            series: vec![target],
        });
        assert_eq!(year_range([&plain, &dated], &ind), Some((2017, 2035)));
        assert_eq!(year_range([&plain], &Indicators::default()), None);
    }
}
