//! Settings and bookmarks survive a writer killed at any moment.

use corridor_atlas::{Bookmark, SavedState, settings};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const CHILD: &str = "CORRIDOR_ATLAS_SETTINGS_WRITER";
const DYING: &str = "CORRIDOR_ATLAS_SETTINGS_DIES_HALF_WAY";

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

/// The settings as read back: whole, with nothing to warn about and nothing moved aside.
fn whole(path: &Path) -> SavedState {
    let loaded = settings::read(path).expect("readable");
    assert!(
        loaded.warnings.is_empty() && loaded.moved_aside.is_none(),
        "the file is not whole: {:?}",
        loaded.warnings
    );
    loaded.state
}

/// The generation of a saved state (all its bookmarks must agree).
fn generation_of(loaded: &SavedState) -> u64 {
    let generations: std::collections::BTreeSet<u64> = loaded
        .bookmarks
        .iter()
        .filter_map(|b| {
            b.name
                .strip_prefix("generation ")
                .and_then(|r| r.split(' ').next())
                .and_then(|g| g.parse().ok())
        })
        .collect();
    assert_eq!(loaded.bookmarks.len(), 3000, "bookmarks lost");
    assert_eq!(generations.len(), 1, "bookmarks from two generations mixed");
    generations.into_iter().next().unwrap_or_default()
}

#[test]
fn killing_a_writer_in_the_middle_of_a_save_leaves_a_whole_settings_file() {
    if let Ok(path) = std::env::var(CHILD) {
        // The child: save new generations as fast as it can, saying when each is done,
        // until it is killed.
        let mut out = std::io::stdout().lock();
        for generation in 1.. {
            settings::save(Path::new(&path), &state(generation)).expect("save");
            let _ = writeln!(out, "saved {generation}");
            let _ = out.flush();
        }
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("settings.json");
    settings::save(&path, &state(0)).expect("first save");
    let mut last_seen = 0;
    for round in 0..8u64 {
        let mut child = Command::new(std::env::current_exe().expect("exe"))
            .args([
                "--exact",
                "killing_a_writer_in_the_middle_of_a_save_leaves_a_whole_settings_file",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, &path)
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn writer");
        // Wait until the writer has finished a few saves of its own, then kill it at a point
        // that moves through its write cycle from round to round.
        let stdout = child.stdout.take().expect("piped");
        let mut lines = BufReader::new(stdout).lines();
        let mut saved = 0;
        while saved < 3 + round {
            match lines.next() {
                Some(Ok(l)) => {
                    if let Some(g) = l.strip_prefix("saved ").and_then(|g| g.parse::<u64>().ok()) {
                        saved = g;
                    }
                }
                _ => panic!("the writer stopped before saving"),
            }
        }
        std::thread::sleep(Duration::from_micros(700 * round));
        child.kill().expect("kill"); // SIGKILL: no chance to clean up
        // Saves it reported before it died.
        for l in lines.map_while(Result::ok) {
            if let Some(g) = l.strip_prefix("saved ").and_then(|g| g.parse::<u64>().ok()) {
                saved = saved.max(g);
            }
        }
        child.wait().expect("wait");
        assert!(path.exists(), "the file is gone after a kill");
        let loaded = whole(&path);
        let g = generation_of(&loaded);
        // Every save reported done is on disk; at most the one being written when the kill
        // came is newer (renamed but not yet reported).
        assert!(
            g == saved || g == saved + 1,
            "round {round}: file holds generation {g}, the writer had finished {saved}"
        );
        assert!(saved >= 3, "no save happened before the kill");
        last_seen = g;
    }
    assert!(last_seen > 0);
}

#[test]
fn a_writer_that_dies_half_way_through_its_bytes_leaves_the_previous_file() {
    if let Ok(path) = std::env::var(DYING) {
        // The child: write half of a new generation, then die on the spot (SIGABRT: no
        // unwinding, no cleanup), as a crash or power cut would.
        let bytes = serde_json::to_vec_pretty(&state(1)).expect("encode");
        let _ = corridor_atlas::load::write_atomic_with(Path::new(&path), &bytes, |f, b| {
            f.write_all(&b[..b.len() / 2])?;
            f.sync_all()?;
            std::process::abort()
        });
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("settings.json");
    settings::save(&path, &state(0)).expect("first save");
    let status = Command::new(std::env::current_exe().expect("exe"))
        .args([
            "--exact",
            "a_writer_that_dies_half_way_through_its_bytes_leaves_the_previous_file",
            "--nocapture",
        ])
        .env(DYING, &path)
        .stderr(Stdio::null())
        .status()
        .expect("run the dying writer");
    assert!(!status.success(), "the writer was meant to die");
    let loaded = whole(&path);
    assert_eq!(generation_of(&loaded), 0);
    // The next save works, whatever the crash left behind.
    settings::save(&path, &state(2)).expect("save after a crash");
    let loaded = whole(&path);
    assert_eq!(generation_of(&loaded), 2);
}
