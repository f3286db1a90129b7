//! The demo garden's fixed parts: its zones and beds, its crops, its team
//! and its outlets, modelled on the garden of DOMAIN.md (1.3 ha of permanent
//! beds in Provence, an integration team, canteens first).

use carnet_core::values::{AbandonReason, DestinationKind, Lang, Role, TaskKind, Unit};

/// (zone name, code letter, number of beds, length m, width m)
pub(crate) const ZONES: &[(&str, &str, u32, f64, f64)] = &[
    ("Jardin-type 1", "A", 14, 30.0, 0.8),
    ("Jardin-type 2", "B", 14, 30.0, 0.8),
    ("Jardin-type 3", "C", 14, 30.0, 0.8),
    ("Jardin-test", "T", 8, 10.0, 0.8),
    ("Serre", "S", 10, 20.0, 0.8),
];

/// (name, family, default unit, kg per unit when the unit is a count)
pub(crate) const CROPS: &[(&str, &str, Unit, Option<f64>)] = &[
    ("Tomate", "Solanacées", Unit::Kg, None),
    ("Aubergine", "Solanacées", Unit::Kg, None),
    ("Poivron", "Solanacées", Unit::Kg, None),
    ("Pomme de terre", "Solanacées", Unit::Crate, Some(12.0)),
    ("Courgette", "Cucurbitacées", Unit::Kg, None),
    ("Concombre", "Cucurbitacées", Unit::Piece, Some(0.35)),
    ("Courge butternut", "Cucurbitacées", Unit::Kg, None),
    ("Laitue", "Astéracées", Unit::Piece, Some(0.4)),
    ("Chicorée", "Astéracées", Unit::Piece, Some(0.5)),
    ("Carotte", "Apiacées", Unit::Bunch, Some(0.5)),
    ("Persil", "Apiacées", Unit::Bunch, Some(0.15)),
    ("Radis", "Brassicacées", Unit::Bunch, Some(0.3)),
    ("Chou kale", "Brassicacées", Unit::Kg, None),
    ("Navet", "Brassicacées", Unit::Bunch, Some(0.6)),
    ("Betterave", "Amaranthacées", Unit::Bunch, Some(0.7)),
    ("Épinard", "Amaranthacées", Unit::Kg, None),
    ("Blette", "Amaranthacées", Unit::Bunch, Some(0.8)),
    ("Haricot vert", "Fabacées", Unit::Kg, None),
    ("Oignon", "Amaryllidacées", Unit::Kg, None),
    ("Poireau", "Amaryllidacées", Unit::Bunch, Some(1.0)),
    ("Basilic", "Lamiacées", Unit::Bunch, Some(0.1)),
];

/// (name, role, language, PIN)
pub(crate) const TEAM: &[(&str, Role, Lang, Option<&str>)] = &[
    ("Claire", Role::Supervisor, Lang::Fr, Some("1234")),
    ("Julien", Role::Supervisor, Lang::Fr, Some("4321")),
    ("Moussa", Role::TeamLeader, Lang::Fr, None),
    ("Inès", Role::TeamLeader, Lang::Fr, None),
    ("Awa", Role::Worker, Lang::En, None),
    ("Ioana", Role::Worker, Lang::En, None),
    ("Karim", Role::Worker, Lang::Fr, None),
    ("Fatou", Role::Worker, Lang::Fr, None),
    ("Dimitri", Role::Worker, Lang::En, None),
    ("Léa", Role::Worker, Lang::Fr, None),
];

pub(crate) const OUTLETS: &[(&str, DestinationKind)] = &[
    ("Cantine école Jean Moulin", DestinationKind::Canteen),
    ("Cantine collège Giono", DestinationKind::Canteen),
    ("EHPAD Les Oliviers", DestinationKind::Canteen),
    ("Paniers solidaires", DestinationKind::Basket),
    ("Épicerie sociale", DestinationKind::Donation),
];

/// One-off tasks the history draws from: (title, kind).
pub(crate) const CHORES: &[(&str, TaskKind)] = &[
    ("Désherber", TaskKind::Weeding),
    ("Semer", TaskKind::Sowing),
    ("Planter", TaskKind::Planting),
    ("Pailler", TaskKind::Mulching),
    ("Récolter", TaskKind::Harvesting),
    ("Arroser", TaskKind::Watering),
    ("Réparer le goutte-à-goutte", TaskKind::Maintenance),
    ("Ranger les caisses", TaskKind::Other),
];

pub(crate) const ABANDON_REASONS: &[AbandonReason] = &[
    AbandonReason::Weather,
    AbandonReason::NoTime,
    AbandonReason::Equipment,
];

pub(crate) const OBSERVATION_NOTES: &[&str] = &[
    "Pucerons sur les jeunes feuilles",
    "Taches sur les feuilles du bas",
    "Sol sec en surface",
    "Belle reprise après repiquage",
    "Coccinelles nombreuses",
    "Limaces après la pluie",
    "",
];

pub(crate) const OBSERVATION_TAGS: &[&str] = &["à surveiller", "traité", "photo", "essai"];
