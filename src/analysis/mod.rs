//! Questions asked of the map's data: how far (measure), and through what, where it chokes
//! and how much can pass (the network, routes, throughput).

pub mod measure;
pub mod network;
pub mod route;
pub mod scenario;

pub use measure::{Measurement, along};
pub use network::{Capacity, NetEdge, NetNode, Network};
pub use route::{
    Bottleneck, Route, RouteOptions, Speeds, Throughput, corridor_ends, no_route, routes,
    throughput,
};
pub use scenario::{Scenario, SectionEdit};
