//! The data files of a folder: every file below it in a format we read (following links, never in a
//! loop), each entry that cannot be read reported rather than dropped.

use super::error::LoadError;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// What a folder holds: its data files, sorted, and the entries that could not be read.
#[derive(Debug, Default)]
pub struct Listing {
    pub files: Vec<PathBuf>,
    pub problems: Vec<LoadError>,
}

fn is_data_file(p: &Path) -> bool {
    super::formats::format_of(p).is_some()
}

/// The GeoJSON files of a folder (recursively, sorted), or the path itself if it is a file.
/// Folders named `basemap` are skipped unless `include_basemap`. A path that cannot be read at
/// all is an error; entries below it that cannot be (a broken link, a folder without
/// permission, a link back to a folder above) are listed as problems.
pub fn data_files(path: &Path, include_basemap: bool) -> Result<Listing, LoadError> {
    // A database URL is its own listing.
    if path.to_str().is_some_and(super::postgis::is_database_url) {
        return Ok(Listing {
            files: vec![path.to_path_buf()],
            problems: Vec::new(),
        });
    }
    let meta = std::fs::metadata(path).map_err(|source| LoadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    if meta.is_file() {
        return Ok(Listing {
            files: vec![path.to_path_buf()],
            problems: Vec::new(),
        });
    }
    let mut listing = Listing::default();
    let walk = WalkDir::new(path)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            include_basemap
                || e.depth() == 0
                || !(e.file_type().is_dir() && e.file_name() == "basemap")
        });
    for entry in walk {
        match entry {
            Ok(e) if e.file_type().is_file() && is_data_file(e.path()) => {
                listing.files.push(e.into_path())
            }
            Ok(_) => {}
            Err(e) => {
                let at = e
                    .path()
                    .or_else(|| e.loop_ancestor())
                    .unwrap_or(path)
                    .display()
                    .to_string();
                let message = match (e.loop_ancestor(), e.io_error()) {
                    (Some(ancestor), _) => format!(
                        "a link back to {}, a folder above it: not followed",
                        ancestor.display()
                    ),
                    (None, Some(io)) => io.to_string(),
                    (None, None) => e.to_string(),
                };
                listing
                    .problems
                    .push(LoadError::Folder { path: at, message });
            }
        }
    }
    // (Sorted as walked: walkdir sorts each folder's entries by name.)
    Ok(listing)
}

/// Is this file an indicators file rather than GeoJSON?
pub fn is_indicators_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "indicators.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_with_a_link_loop_and_a_broken_link_lists_its_files_and_reports_both() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub/basemap")).expect("mkdir");
        std::fs::write(root.join("a.geojson"), "{}").expect("write");
        std::fs::write(root.join("sub/b.json"), "{}").expect("write");
        std::fs::write(root.join("sub/notes.txt"), "not data").expect("write");
        std::fs::write(root.join("sub/basemap/land.geojson"), "{}").expect("write");
        // A link to the folder itself: followed naively, sub/loop/loop/loop/… never ends.
        std::os::unix::fs::symlink(root.join("sub"), root.join("sub/loop")).expect("link");
        std::os::unix::fs::symlink(root.join("gone.geojson"), root.join("broken.geojson"))
            .expect("link");

        let listing = data_files(root, false).expect("the folder is readable");
        assert_eq!(
            listing.files,
            vec![root.join("a.geojson"), root.join("sub/b.json")]
        );
        let problems: Vec<String> = listing.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(
            problems
                .iter()
                .any(|p| p.contains("a link back to") && p.ends_with("sub/loop")),
            "{problems:#?}"
        );
        assert!(
            problems.iter().any(|p| p.ends_with("broken.geojson")),
            "{problems:#?}"
        );

        let with_basemap = data_files(root, true).expect("readable");
        assert!(
            with_basemap
                .files
                .contains(&root.join("sub/basemap/land.geojson"))
        );
    }

    #[test]
    fn a_file_is_its_own_listing_and_a_missing_path_is_an_error() {
        let dir = tempfile::tempdir().expect("tmp");
        let f = dir.path().join("x.geojson");
        std::fs::write(&f, "{}").expect("write");
        assert_eq!(data_files(&f, false).expect("file").files, vec![f]);
        let e = data_files(&dir.path().join("nope"), false).expect_err("missing");
        assert!(e.to_string().ends_with("nope"), "{e}");
    }
}
