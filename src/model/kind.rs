//! What a feature is: its kind, the mode of a section and the status of a project.

/// What a point, zone or line is, in the planner's words.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Kind {
    Port,
    LogisticsHub,
    SpecialEconomicZone,
    IndustrialZone,
    BorderCrossing,
    RailStation,
    City,
    Airport,
    /// A rail, road or sea section (see [`Mode`]).
    Section,
    /// A value we do not know; drawn with a neutral style.
    Other(String),
}

impl Kind {
    /// The kinds our schema defines, in legend order.
    pub const KNOWN: [Kind; 9] = [
        Kind::Port,
        Kind::LogisticsHub,
        Kind::SpecialEconomicZone,
        Kind::IndustrialZone,
        Kind::BorderCrossing,
        Kind::RailStation,
        Kind::Airport,
        Kind::City,
        Kind::Section,
    ];

    /// Parse a `kind` value; also returns the mode implied by an alias such as `rail_section`.
    pub fn parse(raw: &str) -> (Kind, Option<Mode>) {
        let kind = match raw.trim().to_ascii_lowercase().as_str() {
            "port" | "seaport" => Kind::Port,
            "logistics_hub" | "hub" | "dry_port" | "container_terminal" => Kind::LogisticsHub,
            "special_economic_zone" | "sez" => Kind::SpecialEconomicZone,
            "industrial_zone" => Kind::IndustrialZone,
            "border_crossing" | "border" => Kind::BorderCrossing,
            "rail_station" | "station" => Kind::RailStation,
            "city" | "town" => Kind::City,
            "airport" => Kind::Airport,
            "section" => Kind::Section,
            "rail_section" | "railway" => return (Kind::Section, Some(Mode::Rail)),
            "road_section" | "road" => return (Kind::Section, Some(Mode::Road)),
            "sea_route" | "sea_lane" | "sea_section" => return (Kind::Section, Some(Mode::Sea)),
            _ => Kind::Other(raw.to_string()),
        };
        (kind, None)
    }

    /// The value used in files.
    pub fn key(&self) -> &str {
        match self {
            Kind::Port => "port",
            Kind::LogisticsHub => "logistics_hub",
            Kind::SpecialEconomicZone => "special_economic_zone",
            Kind::IndustrialZone => "industrial_zone",
            Kind::BorderCrossing => "border_crossing",
            Kind::RailStation => "rail_station",
            Kind::City => "city",
            Kind::Airport => "airport",
            Kind::Section => "section",
            Kind::Other(s) => s,
        }
    }

    /// Human-readable label.
    pub fn label(&self) -> &str {
        match self {
            Kind::Port => "Port",
            Kind::LogisticsHub => "Logistics hub",
            Kind::SpecialEconomicZone => "Special economic zone",
            Kind::IndustrialZone => "Industrial zone",
            Kind::BorderCrossing => "Border crossing",
            Kind::RailStation => "Rail station",
            Kind::City => "City",
            Kind::Airport => "Airport",
            Kind::Section => "Section",
            Kind::Other(_) => "Other feature",
        }
    }
}

/// Transport mode of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    Rail,
    Road,
    Sea,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Rail, Mode::Road, Mode::Sea];

    pub fn parse(raw: &str) -> Option<Mode> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "rail" | "railway" => Some(Mode::Rail),
            "road" | "highway" => Some(Mode::Road),
            "sea" | "sea_lane" | "ferry" | "maritime" => Some(Mode::Sea),
            _ => None,
        }
    }

    /// The value used in files and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Mode::Rail => "rail",
            Mode::Road => "road",
            Mode::Sea => "sea",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Mode::Rail => "Rail",
            Mode::Road => "Road",
            Mode::Sea => "Sea lane",
        }
    }
}

/// Project status, drawn as solid / dashed / dotted lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Operational,
    UnderConstruction,
    Planned,
}

impl Status {
    pub const ALL: [Status; 3] = [
        Status::Operational,
        Status::UnderConstruction,
        Status::Planned,
    ];

    pub fn parse(raw: &str) -> Option<Status> {
        match raw
            .trim()
            .to_ascii_lowercase()
            .replace([' ', '-'], "_")
            .as_str()
        {
            "operational" | "operating" | "open" | "completed" | "existing" => {
                Some(Status::Operational)
            }
            "under_construction" | "construction" | "upgrading" | "in_progress" => {
                Some(Status::UnderConstruction)
            }
            "planned" | "proposed" | "projected" => Some(Status::Planned),
            _ => None,
        }
    }

    /// The value used in files and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Status::Operational => "operational",
            Status::UnderConstruction => "under_construction",
            Status::Planned => "planned",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Operational => "Operational",
            Status::UnderConstruction => "Under construction",
            Status::Planned => "Planned",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_from_other_datasets_map_to_our_kinds() {
        assert_eq!(Kind::parse("hub").0, Kind::LogisticsHub);
        assert_eq!(
            Kind::parse("rail_section"),
            (Kind::Section, Some(Mode::Rail))
        );
        assert_eq!(Kind::parse("windmill").0, Kind::Other("windmill".into()));
    }
}
