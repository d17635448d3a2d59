//! Questions asked of the map's data: how far (measure), and through what, where it chokes
//! and how much can pass (the network, routes, throughput).

pub mod flow;
pub mod measure;
pub mod network;
pub mod route;
pub mod scenario;

pub use flow::{Throughput, corridor_ends, throughput};
pub use measure::{Measurement, along};
pub use network::{Capacity, NetEdge, NetNode, Network};
pub use route::{Bottleneck, Route, RouteOptions, Speeds, no_route, routes};
pub use scenario::{Scenario, SectionEdit};
