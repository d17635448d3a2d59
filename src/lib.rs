//! Corridor Atlas: a desktop map of the Middle Corridor (Trans-Caspian International Transport
//! Route) for infrastructure planners.
//!
//! Data flows one way: files → [`load`] → [`model`] → prepared layers ([`map`]) → one map
//! scene → the window ([`app`], [`ui`]) and the briefing [`export`]. The UI returns
//! [`ui::Action`]s; the app, the one place with side effects, carries them out.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod analysis;
pub mod app;
pub mod cli;
pub mod export;
pub mod load;
pub mod map;
pub mod model;
pub mod project;
pub mod settings;
pub mod style;
pub mod ui;

pub use app::{CorridorApp, StartOptions};
pub use settings::{Bookmark, SavedState};
