//! Settings and bookmarks survive a writer killed at any moment.

use corridor_atlas::{Bookmark, SavedState, settings};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const CHILD: &str = "CORRIDOR_ATLAS_SETTINGS_WRITER";

fn state(generation: u64) -> SavedState {
    SavedState {
        bookmarks: (0..3000)
            .map(|k| Bookmark {
                name: format!("generation {generation} view {k}"),
                center_lon: 51.0,
                center_lat: 43.0,
                zoom: 6.0,
            })
            .collect(),
        ..Default::default()
    }
}

#[test]
fn killing_a_writer_in_the_middle_of_a_save_leaves_a_whole_settings_file() {
    if let Ok(path) = std::env::var(CHILD) {
        // The child: save new generations as fast as it can until it is killed.
        for generation in 1.. {
            settings::save(Path::new(&path), &state(generation)).expect("save");
        }
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("settings.json");
    settings::save(&path, &state(0)).expect("first save");
    for round in 0..6u64 {
        let mut child = Command::new(std::env::current_exe().expect("exe"))
            .args([
                "--exact",
                "killing_a_writer_in_the_middle_of_a_save_leaves_a_whole_settings_file",
                "--nocapture",
            ])
            .env(CHILD, &path)
            .spawn()
            .expect("spawn writer");
        std::thread::sleep(Duration::from_millis(150 + 53 * round));
        child.kill().expect("kill"); // SIGKILL: no chance to clean up
        child.wait().expect("wait");
        let loaded: SavedState = settings::load(&path)
            .expect("the file is whole JSON after a kill")
            .expect("the file exists");
        assert_eq!(loaded.bookmarks.len(), 3000);
        let first = loaded.bookmarks[0]
            .name
            .split(" view")
            .next()
            .map(str::to_string);
        assert!(
            loaded
                .bookmarks
                .iter()
                .all(|b| b.name.split(" view").next().map(str::to_string) == first),
            "bookmarks from two generations mixed"
        );
    }
}
