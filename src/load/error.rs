//! What can be wrong with a file, located as precisely as we can: the file, the feature (index
//! and id) and the property. The path comes last in messages.

use std::fmt;

/// At most this many problems are kept per file: a broken 100k-feature file would otherwise
/// hold (and the problems panel format) 100k of them. The rest are counted.
pub const MAX_PROBLEMS: usize = 1000;

/// One thing wrong with a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Index of the feature in the file's `features` array.
    pub feature_index: Option<usize>,
    pub feature_id: Option<String>,
    /// The property (or `geometry`) at fault.
    pub property: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(i) = self.feature_index {
            write!(f, "feature {i}")?;
            if let Some(id) = &self.feature_id {
                write!(f, " (id \"{id}\")")?;
            }
            write!(f, ": ")?;
        }
        if let Some(p) = &self.property {
            write!(f, "property \"{p}\": ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Why a file (or a folder entry) could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("could not read the file: {source} — {path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("could not read this entry of the folder: {message} — {path}")]
    Folder { path: String, message: String },
    #[error("the file is empty — {path}")]
    Empty { path: String },
    #[error("loading was cancelled — {path}")]
    Cancelled { path: String },
    /// Not JSON at all: a syntax error (a missing comma, a cut-off file).
    #[error("not valid JSON at line {line}, column {column}: {message} — {path}")]
    Json {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// Valid JSON, but not shaped as GeoJSON where the reader was (`"geometries": 5`).
    #[error("valid JSON, but not GeoJSON at line {line}, column {column}: {message} — {path}")]
    Structure {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("not a GeoJSON FeatureCollection or Feature (type is {found}) — {path}")]
    NotGeoJson { path: String, found: String },
    /// A CSV table whose position columns are not told by their names: the window asks which
    /// they are.
    #[error("no latitude and longitude columns: expected columns named lat/latitude/y and lon/lng/longitude/x, or a WKT column (wkt/geometry), found {} — {path}", headers.join(", "))]
    CsvColumns { path: String, headers: Vec<String> },
    #[error("{} problem(s), first: {} — {path}", problems.len() + more, problems.first().map(ToString::to_string).unwrap_or_default())]
    Invalid {
        path: String,
        /// The first [`MAX_PROBLEMS`].
        problems: Vec<Problem>,
        /// How many more there were.
        more: usize,
    },
}

impl LoadError {
    pub fn path(&self) -> &str {
        match self {
            LoadError::Io { path, .. }
            | LoadError::Folder { path, .. }
            | LoadError::Empty { path }
            | LoadError::Cancelled { path }
            | LoadError::Json { path, .. }
            | LoadError::Structure { path, .. }
            | LoadError::NotGeoJson { path, .. }
            | LoadError::CsvColumns { path, .. }
            | LoadError::Invalid { path, .. } => path,
        }
    }

    /// One line per problem, `file:feature: message` (for `corridor-atlas check`), and a last
    /// one counting the problems that were not kept.
    pub fn lines(&self) -> Vec<String> {
        let (mut lines, rest) = self.first_lines(usize::MAX);
        if rest > 0 {
            lines.push(format!("{}: … and {rest} more problem(s)", self.path()));
        }
        lines
    }

    /// The first `n` lines, one per problem (only those are formatted), and how many problems
    /// there are besides.
    pub fn first_lines(&self, n: usize) -> (Vec<String>, usize) {
        let lines = match self {
            LoadError::Invalid {
                path,
                problems,
                more,
            } => {
                let lines: Vec<String> = problems
                    .iter()
                    .take(n)
                    .map(|p| match p.feature_index {
                        Some(_) => format!("{path}:{p}"),
                        None => format!("{path}: {p}"),
                    })
                    .collect();
                let rest = problems.len() - lines.len() + more;
                return (lines, rest);
            }
            LoadError::Json {
                path,
                line,
                column,
                message,
            } => format!("{path}:{line}:{column}: not valid JSON: {message}"),
            LoadError::Structure {
                path,
                line,
                column,
                message,
            } => format!("{path}:{line}:{column}: valid JSON, but not GeoJSON: {message}"),
            other => format!("{}: {}", other.path(), other.short()),
        };
        if n == 0 {
            (Vec::new(), 1)
        } else {
            (vec![lines], 0)
        }
    }

    /// The message without the path.
    pub fn short(&self) -> String {
        match self {
            LoadError::Io { source, .. } => format!("could not read the file: {source}"),
            LoadError::Folder { message, .. } => {
                format!("could not read this entry of the folder: {message}")
            }
            LoadError::Empty { .. } => "the file is empty".into(),
            LoadError::Cancelled { .. } => "loading was cancelled".into(),
            LoadError::Json {
                line,
                column,
                message,
                ..
            } => format!("not valid JSON at line {line}, column {column}: {message}"),
            LoadError::Structure {
                line,
                column,
                message,
                ..
            } => format!("valid JSON, but not GeoJSON at line {line}, column {column}: {message}"),
            LoadError::CsvColumns { headers, .. } => format!(
                "no latitude and longitude columns: expected columns named lat/latitude/y and \
                 lon/lng/longitude/x, or a WKT column (wkt/geometry), found {}",
                headers.join(", ")
            ),
            LoadError::NotGeoJson { found, .. } => {
                format!("not a GeoJSON FeatureCollection or Feature (type is {found})")
            }
            LoadError::Invalid { problems, more, .. } => {
                let mut lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
                if *more > 0 {
                    lines.push(format!("… and {more} more problem(s)"));
                }
                lines.join("\n")
            }
        }
    }

    /// The error of a file whose problems were collected: the first [`MAX_PROBLEMS`] kept.
    pub fn invalid(path: &str, mut problems: Vec<Problem>) -> Self {
        let more = problems.len().saturating_sub(MAX_PROBLEMS);
        problems.truncate(MAX_PROBLEMS);
        LoadError::Invalid {
            path: path.into(),
            problems,
            more,
        }
    }

    /// A serde_json error, told apart as syntax (not JSON) or structure (JSON, wrong shape).
    pub fn from_json(path: &str, e: &serde_json::Error) -> Self {
        use serde_json::error::Category;
        let (line, column, message) = (e.line(), e.column(), json_message(e));
        match e.classify() {
            Category::Data => LoadError::Structure {
                path: path.into(),
                line,
                column,
                message,
            },
            Category::Io => LoadError::Io {
                path: path.into(),
                source: std::io::Error::other(message),
            },
            Category::Syntax | Category::Eof => LoadError::Json {
                path: path.into(),
                line,
                column,
                message,
            },
        }
    }
}

/// serde_json's message without the " at line L column C" it appends (reported separately).
pub fn json_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_with_more_problems_than_kept_says_how_many_more() {
        let problems = (0..MAX_PROBLEMS + 5)
            .map(|i| Problem {
                feature_index: Some(i),
                feature_id: None,
                property: Some("geometry".into()),
                message: "bad".into(),
            })
            .collect();
        let e = LoadError::invalid("big.geojson", problems);
        let lines = e.lines();
        assert_eq!(lines.len(), MAX_PROBLEMS + 1);
        assert_eq!(
            lines.last().map(String::as_str),
            Some("big.geojson: … and 5 more problem(s)")
        );
        assert!(e.to_string().starts_with("1005 problem(s)"), "{e}");
    }

    #[test]
    fn syntax_and_structure_errors_are_told_apart() {
        let syntax = serde_json::from_str::<Vec<u8>>("[1, 2").expect_err("cut off");
        assert!(matches!(
            LoadError::from_json("a.json", &syntax),
            LoadError::Json { .. }
        ));
        let structure = serde_json::from_str::<Vec<u8>>("{}").expect_err("an object");
        let e = LoadError::from_json("a.json", &structure);
        assert!(matches!(e, LoadError::Structure { .. }), "{e:?}");
        assert!(!e.to_string().contains("not valid JSON"), "{e}");
    }
}
