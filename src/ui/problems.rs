//! The problems panel: files that could not be loaded (each naming the file, the feature and
//! the property), folder entries that could not be read, settings that were damaged. Each is
//! formatted once, when it arrives, and at most [`SHOWN`] lines of it are kept.

use super::Action;
use crate::load::LoadError;
use egui::{Color32, RichText, Ui};

/// Lines kept per entry; the rest are counted ("… and 950 more").
pub const SHOWN: usize = 50;

/// One file's (or the settings') problems, ready to show.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    lines: Vec<String>,
    more: usize,
    /// A file that could not be loaded (counted in the headline), not a warning.
    failed: bool,
}

/// What the problems panel lists, newest last.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Problems {
    entries: Vec<Entry>,
}

impl Problems {
    /// A file that could not be loaded, or a folder entry that could not be read (listed,
    /// but not counted as a file).
    pub fn failed(&mut self, e: &LoadError) {
        let (lines, more) = e.first_lines(SHOWN);
        self.entries.push(Entry {
            lines,
            more,
            failed: !matches!(e, LoadError::Folder { .. }),
        });
    }

    /// Something that was read with problems, and what became of it.
    pub fn warning(&mut self, mut lines: Vec<String>) {
        let more = lines.len().saturating_sub(SHOWN);
        lines.truncate(SHOWN);
        self.entries.push(Entry {
            lines,
            more,
            failed: false,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// How many files could not be loaded.
    pub fn failed_files(&self) -> usize {
        self.entries.iter().filter(|e| e.failed).count()
    }

    /// Every line kept, for tests and logs.
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .flat_map(|e| e.lines.iter().map(String::as_str))
    }
}

/// The problems, newest last, and a Dismiss button.
pub fn problems_panel(ui: &mut Ui, problems: &Problems) -> Vec<Action> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        let failed = problems.failed_files();
        let headline = if failed > 0 {
            format!("{failed} file(s) could not be loaded")
        } else {
            "Problems".to_string()
        };
        ui.label(
            RichText::new(headline)
                .color(Color32::from_rgb(0xB0, 0x20, 0x20))
                .strong(),
        );
        if ui.button("Dismiss").clicked() {
            out.push(Action::DismissProblems);
        }
    });
    egui::ScrollArea::vertical()
        .max_height(160.0)
        .show(ui, |ui| {
            for e in &problems.entries {
                for line in &e.lines {
                    ui.label(RichText::new(line).monospace().small());
                }
                if e.more > 0 {
                    ui.label(
                        RichText::new(format!(
                            "… and {} more (corridor-atlas check lists them all)",
                            e.more
                        ))
                        .small()
                        .weak(),
                    );
                }
            }
        });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Problem;

    #[test]
    fn a_file_with_thousands_of_problems_keeps_fifty_lines_and_counts_the_rest() {
        let problems = (0..5000)
            .map(|i| Problem {
                feature_index: Some(i),
                feature_id: None,
                property: Some("geometry".into()),
                message: "latitude 95 is outside -90..90".into(),
            })
            .collect();
        let mut p = Problems::default();
        // The loader keeps a thousand of them and counts the other 4,000.
        p.failed(&LoadError::invalid("big.geojson", problems));
        p.warning(vec!["settings.json: bookmark 2 could not be read".into()]);
        p.failed(&LoadError::Folder {
            path: "data/loop".into(),
            message: "a link back to data".into(),
        });
        assert_eq!(p.failed_files(), 1, "a folder entry is not a file");
        assert_eq!(p.lines().count(), SHOWN + 2);
        assert_eq!(p.entries[0].more, 5000 - SHOWN);
        assert!(
            p.lines()
                .next()
                .is_some_and(|l| l.starts_with("big.geojson:feature 0"))
        );
    }
}
