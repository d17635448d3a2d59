//! The view state the window and the export both take from the command line: a feature to
//! find, a bookmark to go to, the filters and the timeline's year. A value that names nothing
//! is an error naming it and listing those there are (exit code 2).

use crate::export::VIEWS;
use crate::model::{Filter, Kind, Mode, Status};
use crate::settings::Bookmark;

/// What the command line asked the view to be.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ViewArgs {
    /// `--find NAME`: select (and fly to) the feature that name finds.
    pub find: Option<String>,
    /// `--bookmark NAME`: a shipped view or one of the planner's bookmarks.
    pub bookmark: Option<String>,
    /// `--kind`, `--mode`, `--status`, `--country`, `--min-capacity`, `--year`.
    pub filter: Filter,
    /// `--route FROM,TO`: the route between two places, drawn with its summary.
    pub route: Option<(String, String)>,
}

/// The flags [`ViewArgs::take`] reads.
pub const VIEW_FLAGS: [&str; 9] = [
    "--find",
    "--route",
    "--bookmark",
    "--kind",
    "--mode",
    "--status",
    "--country",
    "--min-capacity",
    "--year",
];

impl ViewArgs {
    /// Read `flag` with its value `raw` if it is one of [`VIEW_FLAGS`].
    pub fn take(&mut self, flag: &str, raw: &str) -> Result<(), String> {
        match flag {
            "--find" => self.find = Some(raw.to_string()),
            "--bookmark" => self.bookmark = Some(raw.to_string()),
            "--route" => {
                let (a, b) = raw
                    .split_once(',')
                    .filter(|(a, b)| !a.trim().is_empty() && !b.trim().is_empty())
                    .ok_or_else(|| format!("--route: \"{raw}\" is not FROM,TO (two places)"))?;
                self.route = Some((a.trim().to_string(), b.trim().to_string()));
            }
            _ => add_filter(&mut self.filter, flag, raw)?,
        }
        Ok(())
    }
}

/// Where `--bookmark NAME` goes: a shipped view (by its name or title) or a saved bookmark
/// (by its name), case aside.
#[derive(Debug, Clone, PartialEq)]
pub enum BookmarkTarget {
    /// One of [`VIEWS`]: its name.
    View(&'static str),
    Saved(Bookmark),
}

/// Resolve `--bookmark NAME` against the shipped views and the planner's `saved` bookmarks.
pub fn resolve_bookmark(name: &str, saved: &[Bookmark]) -> Result<BookmarkTarget, String> {
    let wanted = name.trim();
    if let Some(b) = saved.iter().find(|b| b.name.eq_ignore_ascii_case(wanted)) {
        return Ok(BookmarkTarget::Saved(b.clone()));
    }
    if let Some(v) = VIEWS
        .iter()
        .find(|v| v.0.eq_ignore_ascii_case(wanted) || v.1.eq_ignore_ascii_case(wanted))
    {
        return Ok(BookmarkTarget::View(v.0));
    }
    let shipped: Vec<&str> = VIEWS.iter().map(|v| v.0).collect();
    let yours: Vec<&str> = saved.iter().map(|b| b.name.as_str()).collect();
    let yours = if yours.is_empty() {
        "none saved".to_string()
    } else {
        yours.join(", ")
    };
    Err(format!(
        "--bookmark: no bookmark \"{name}\" (shipped: {}; yours: {yours})",
        shipped.join(", ")
    ))
}

/// `--year` must be one the data speaks of.
pub fn check_year(year: i32, range: Option<(i32, i32)>) -> Result<(), String> {
    match range {
        Some((a, b)) if (a..=b).contains(&year) => Ok(()),
        Some((a, b)) => Err(format!(
            "--year: {year} is outside the years the data speaks of ({a}–{b})"
        )),
        None => Err(format!("--year: {year}: no feature's status is dated")),
    }
}

/// One filter option of the command line into `filter`; a value that names nothing is an
/// error that names it and lists the ones there are.
pub fn add_filter(filter: &mut Filter, flag: &str, raw: &str) -> Result<(), String> {
    let known = |list: Vec<&str>| list.join(", ");
    match flag {
        "--kind" => match Kind::parse(raw).0 {
            Kind::Other(_) => Err(format!(
                "{flag}: no kind \"{raw}\" (kinds: {})",
                known(Kind::KNOWN.iter().map(Kind::key).collect())
            )),
            k => {
                filter.kinds.insert(k.key().to_string());
                Ok(())
            }
        },
        "--mode" => {
            let m = Mode::parse(raw).ok_or_else(|| {
                format!(
                    "{flag}: no mode \"{raw}\" (modes: {})",
                    known(Mode::ALL.iter().map(|m| m.key()).collect())
                )
            })?;
            filter.modes.insert(m);
            Ok(())
        }
        "--status" => {
            let s = Status::parse(raw).ok_or_else(|| {
                format!(
                    "{flag}: no status \"{raw}\" (statuses: {})",
                    known(Status::ALL.iter().map(|s| s.key()).collect())
                )
            })?;
            filter.statuses.insert(s);
            Ok(())
        }
        "--country" => {
            let c = raw.trim().to_ascii_uppercase();
            if c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_alphabetic()) {
                return Err(format!(
                    "{flag}: \"{raw}\" is not an ISO 3166-1 alpha-3 code (KAZ, AZE, GEO…)"
                ));
            }
            filter.countries.insert(c);
            Ok(())
        }
        "--year" => {
            let y: i32 = raw
                .trim()
                .parse()
                .ok()
                .filter(|y| (1800..=2200).contains(y))
                .ok_or_else(|| format!("{flag}: \"{raw}\" is not a year (YYYY)"))?;
            filter.year = Some(y);
            Ok(())
        }
        _ => {
            let v: f64 = raw
                .trim()
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| format!("{flag}: \"{raw}\" is not a capacity in Mt/yr"))?;
            filter.min_capacity = Some(v);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bookmark_is_found_by_its_name_or_a_shipped_views_name_or_title() {
        let saved = vec![Bookmark::at("Kuryk port".into(), 51.6, 43.2, 9.0)];
        assert_eq!(
            resolve_bookmark("kuryk PORT", &saved),
            Ok(BookmarkTarget::Saved(saved[0].clone()))
        );
        assert_eq!(
            resolve_bookmark("Caspian", &saved),
            Ok(BookmarkTarget::View("caspian"))
        );
        assert_eq!(
            resolve_bookmark("the caspian crossing", &[]),
            Ok(BookmarkTarget::View("caspian"))
        );
        let e = resolve_bookmark("Atlantis", &saved).expect_err("unknown");
        assert!(e.contains("\"Atlantis\"") && e.contains("black-sea"), "{e}");
        assert!(e.contains("yours: Kuryk port"), "{e}");
    }

    #[test]
    fn the_year_and_the_filters_are_read_and_checked() {
        let mut v = ViewArgs::default();
        v.take("--year", "2027").expect("a year");
        v.take("--kind", "port").expect("a kind");
        assert_eq!(v.filter.year, Some(2027));
        assert!(v.take("--year", "soon").is_err());
        assert_eq!(check_year(2027, Some((2013, 2035))), Ok(()));
        let e = check_year(2040, Some((2013, 2035))).expect_err("outside");
        assert!(e.contains("2040") && e.contains("2013–2035"), "{e}");
    }
}
