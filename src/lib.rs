//! Corridor Atlas: a desktop map of the Middle Corridor (Trans-Caspian International Transport
//! Route) for infrastructure planners.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod app;
pub mod cli;
pub mod export;
pub mod gpu;
pub mod load;
pub mod map;
pub mod model;
pub mod panels;
pub mod settings;
pub mod style;
pub mod tiles;

pub use app::{Bookmark, CorridorApp, SavedState, StartOptions};
