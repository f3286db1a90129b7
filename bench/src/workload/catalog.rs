//! The seeded farm's catalog: six zones of beds, sixty crops with their
//! bunch, piece and crate weights, ten people, five outlets and three
//! recurring tasks, plus the words the days draw from (task titles,
//! observation notes, tags, reasons).
//!
//! Deliberately not here: the days themselves (see the parent module).

use carnet_core::values::{
    AbandonReason, DestinationKind, Lang, Metres, Name, ObservationKind, Role, TaskKind, Unit,
};
use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::{BedPlan, CropPlan, OutletPlan, PersonPlan, TASKS_PER_DAY, TemplatePlan};

/// The farm's catalog, the same for every range of days of one seed (but the
/// recurring tasks start on the range's first day).
#[derive(Clone, Debug)]
pub struct Farm {
    pub name: Name,
    pub beds: Vec<BedPlan>,
    pub crops: Vec<CropPlan>,
    pub people: Vec<PersonPlan>,
    pub outlets: Vec<OutletPlan>,
    pub templates: Vec<TemplatePlan>,
}

pub(super) fn name(text: &str) -> Name {
    Name::parse("name", text).expect("workload names are valid")
}

/// (zone, bed letter, beds, length m, width m)
const ZONES: [(&str, char, usize, f64, f64); 6] = [
    ("Serre 1", 'A', 16, 25.0, 0.8),
    ("Serre 2", 'B', 16, 25.0, 0.8),
    ("Tunnel nord", 'C', 12, 30.0, 1.0),
    ("Plein champ est", 'D', 32, 40.0, 1.2),
    ("Plein champ ouest", 'E', 32, 40.0, 1.2),
    ("Jardin des aromatiques", 'F', 12, 10.0, 1.0),
];

/// (crop, family, default unit, kg per count unit)
#[rustfmt::skip]
/// (crop, family, default unit, kg per count unit)
type CropRow = (&'static str, &'static str, Unit, &'static [(Unit, f64)]);

const CROPS: [CropRow; 60] = {
    use Unit::{Bunch, Crate, Kg, Piece};
    [
        ("Tomate", "Solanacées", Kg, &[(Crate, 6.0)]),
        (
            "Tomate cerise",
            "Solanacées",
            Kg,
            &[(Crate, 3.0), (Piece, 0.25)],
        ),
        ("Aubergine", "Solanacées", Kg, &[(Piece, 0.3)]),
        ("Poivron", "Solanacées", Kg, &[(Piece, 0.2)]),
        ("Piment", "Solanacées", Kg, &[(Piece, 0.02)]),
        ("Pomme de terre", "Solanacées", Kg, &[(Crate, 12.0)]),
        ("Physalis", "Solanacées", Kg, &[(Crate, 2.5)]),
        (
            "Courgette",
            "Cucurbitacées",
            Kg,
            &[(Piece, 0.3), (Crate, 8.0)],
        ),
        ("Concombre", "Cucurbitacées", Piece, &[(Piece, 0.4)]),
        ("Courge butternut", "Cucurbitacées", Kg, &[(Piece, 1.2)]),
        ("Potimarron", "Cucurbitacées", Piece, &[(Piece, 1.3)]),
        ("Melon", "Cucurbitacées", Piece, &[(Piece, 1.0)]),
        ("Pastèque", "Cucurbitacées", Piece, &[(Piece, 4.0)]),
        (
            "Laitue",
            "Astéracées",
            Piece,
            &[(Piece, 0.35), (Crate, 4.2)],
        ),
        ("Batavia", "Astéracées", Piece, &[(Piece, 0.4)]),
        ("Chicorée frisée", "Astéracées", Piece, &[(Piece, 0.5)]),
        ("Artichaut", "Astéracées", Piece, &[(Piece, 0.3)]),
        ("Topinambour", "Astéracées", Kg, &[(Crate, 10.0)]),
        ("Mesclun", "Astéracées", Kg, &[(Crate, 1.5)]),
        ("Épinard", "Amaranthacées", Kg, &[(Crate, 2.5)]),
        ("Blette", "Amaranthacées", Bunch, &[(Bunch, 0.8)]),
        (
            "Betterave",
            "Amaranthacées",
            Bunch,
            &[(Bunch, 0.9), (Crate, 10.0)],
        ),
        ("Arroche", "Amaranthacées", Bunch, &[(Bunch, 0.3)]),
        ("Radis", "Brassicacées", Bunch, &[(Bunch, 0.35)]),
        ("Navet", "Brassicacées", Bunch, &[(Bunch, 0.8)]),
        ("Chou kale", "Brassicacées", Bunch, &[(Bunch, 0.3)]),
        ("Chou-rave", "Brassicacées", Piece, &[(Piece, 0.5)]),
        ("Chou-fleur", "Brassicacées", Piece, &[(Piece, 1.0)]),
        ("Brocoli", "Brassicacées", Piece, &[(Piece, 0.5)]),
        ("Chou pommé", "Brassicacées", Piece, &[(Piece, 1.5)]),
        ("Chou de Bruxelles", "Brassicacées", Kg, &[(Crate, 5.0)]),
        ("Pak choï", "Brassicacées", Piece, &[(Piece, 0.4)]),
        ("Mizuna", "Brassicacées", Bunch, &[(Bunch, 0.2)]),
        ("Roquette", "Brassicacées", Kg, &[(Bunch, 0.15)]),
        ("Cresson", "Brassicacées", Bunch, &[(Bunch, 0.2)]),
        ("Moutarde", "Brassicacées", Bunch, &[(Bunch, 0.25)]),
        ("Carotte", "Apiacées", Bunch, &[(Bunch, 0.6), (Crate, 10.0)]),
        ("Panais", "Apiacées", Kg, &[(Crate, 10.0)]),
        ("Fenouil", "Apiacées", Piece, &[(Piece, 0.35)]),
        ("Céleri-branche", "Apiacées", Piece, &[(Piece, 0.8)]),
        ("Persil", "Apiacées", Bunch, &[(Bunch, 0.1)]),
        ("Coriandre", "Apiacées", Bunch, &[(Bunch, 0.08)]),
        ("Aneth", "Apiacées", Bunch, &[(Bunch, 0.06)]),
        ("Poireau", "Amaryllidacées", Kg, &[(Bunch, 1.0)]),
        ("Oignon", "Amaryllidacées", Kg, &[(Crate, 12.0)]),
        ("Oignon botte", "Amaryllidacées", Bunch, &[(Bunch, 0.5)]),
        ("Échalote", "Amaryllidacées", Kg, &[(Crate, 10.0)]),
        ("Ail", "Amaryllidacées", Kg, &[(Piece, 0.06)]),
        ("Ciboulette", "Amaryllidacées", Bunch, &[(Bunch, 0.05)]),
        ("Haricot vert", "Fabacées", Kg, &[(Crate, 4.0)]),
        ("Petit pois", "Fabacées", Kg, &[(Crate, 5.0)]),
        ("Fève", "Fabacées", Kg, &[(Crate, 6.0)]),
        ("Basilic", "Lamiacées", Bunch, &[(Bunch, 0.05)]),
        ("Menthe", "Lamiacées", Bunch, &[(Bunch, 0.05)]),
        ("Fraise", "Rosacées", Kg, &[(Piece, 0.25)]),
        ("Framboise", "Rosacées", Kg, &[(Piece, 0.125)]),
        ("Maïs doux", "Poacées", Piece, &[(Piece, 0.3)]),
        ("Patate douce", "Convolvulacées", Kg, &[(Crate, 10.0)]),
        ("Mâche", "Caprifoliacées", Kg, &[(Crate, 1.5)]),
        ("Pourpier", "Montiacées", Bunch, &[(Bunch, 0.15)]),
    ]
};

const PEOPLE: [(&str, Role, Lang); 10] = [
    ("Claire Martin", Role::Supervisor, Lang::Fr),
    ("Mamadou Diallo", Role::TeamLeader, Lang::Fr),
    ("Sofia Rossi", Role::TeamLeader, Lang::Fr),
    ("Awa Traoré", Role::Worker, Lang::Fr),
    ("Julien Petit", Role::Worker, Lang::Fr),
    ("Karim Benali", Role::Worker, Lang::Fr),
    ("Léa Moreau", Role::Worker, Lang::Fr),
    ("Tomás Silva", Role::Worker, Lang::En),
    ("Nadia Haddad", Role::Worker, Lang::Fr),
    ("Yannick Le Gall", Role::Worker, Lang::En),
];
pub(super) const SUPERVISOR: usize = 0;
pub(super) const TEAM_LEADERS: [usize; 2] = [1, 2];

const OUTLETS: [(&str, DestinationKind); 5] = [
    ("Cantine du collège Jean-Moulin", DestinationKind::Canteen),
    ("Paniers AMAP du jeudi", DestinationKind::Basket),
    ("Épicerie solidaire", DestinationKind::Partner),
    ("Restaurant Le Potager", DestinationKind::Partner),
    ("Banque alimentaire", DestinationKind::Donation),
];

pub(super) const TITLES: [(TaskKind, &[&str]); 8] = [
    (
        TaskKind::Sowing,
        &["Semis carottes", "Semis radis", "Semis mesclun"],
    ),
    (
        TaskKind::Planting,
        &[
            "Plantation salades",
            "Plantation poireaux",
            "Repiquage tomates",
        ],
    ),
    (
        TaskKind::Weeding,
        &["Désherbage manuel", "Binage", "Passage de la houe"],
    ),
    (
        TaskKind::Watering,
        &["Arrosage plein champ", "Vérifier le goutte-à-goutte"],
    ),
    (
        TaskKind::Harvesting,
        &[
            "Récolte pour les paniers",
            "Récolte cantine",
            "Préparer la commande",
        ],
    ),
    (TaskKind::Mulching, &["Paillage", "Pose de toile tissée"]),
    (
        TaskKind::Maintenance,
        &[
            "Réparer le filet",
            "Nettoyer la chambre froide",
            "Affûter les outils",
        ],
    ),
    (
        TaskKind::Other,
        &["Accueil des stagiaires", "Inventaire des semences"],
    ),
];

pub(super) const NOTES: [(ObservationKind, &[&str]); 9] = [
    (
        ObservationKind::Pest,
        &[
            "Pucerons sur les feuilles",
            "Altises",
            "Limaces après la pluie",
        ],
    ),
    (
        ObservationKind::Disease,
        &["Mildiou sur quelques pieds", "Oïdium", "Botrytis"],
    ),
    (
        ObservationKind::Weeds,
        &["Adventices à enlever avant montée en graines"],
    ),
    (
        ObservationKind::Water,
        &["Sol sec en surface", "Fuite sur le goutte-à-goutte"],
    ),
    (
        ObservationKind::Growth,
        &["Bonne levée", "Croissance lente"],
    ),
    (
        ObservationKind::Soil,
        &["Sol compacté", "Croûte de battance"],
    ),
    (
        ObservationKind::Biodiversity,
        &["Coccinelles", "Syrphes", "Carabes sous la bâche"],
    ),
    (
        ObservationKind::WeatherDamage,
        &["Grêle sur les feuilles", "Vent : bâche soulevée"],
    ),
    (ObservationKind::Other, &["RAS"]),
];

pub(super) const TAGS: [&str; 4] = ["à surveiller", "traité", "photo", "urgent"];
/// Abandon reasons are codes, as the app and the CLI store them.
pub(super) const REASONS: [AbandonReason; 4] = [
    AbandonReason::Weather,
    AbandonReason::NotNeeded,
    AbandonReason::NoTime,
    AbandonReason::Equipment,
];

impl Farm {
    /// The catalog of `seed`; recurring tasks start on `start`.
    pub fn new(seed: u64, start: NaiveDate) -> Farm {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut beds = Vec::new();
        for (zone, letter, count, length, width) in ZONES {
            for i in 1..=count {
                // Beds of one zone differ a little, as measured on the ground.
                let length = length * rng.random_range(0.9..=1.1);
                beds.push(BedPlan {
                    code: format!("{letter}-{i:02}").parse().expect("valid bed code"),
                    zone: name(zone),
                    length: Metres::new("length", (length * 10.0).round() / 10.0)
                        .expect("valid length"),
                    width: Metres::new("width", width).expect("valid width"),
                });
            }
        }
        let crops = CROPS
            .iter()
            .map(|(crop, family, unit, factors)| CropPlan {
                name: name(crop),
                family: name(family),
                default_unit: *unit,
                kg_per: factors.iter().copied().collect(),
            })
            .collect();
        let people = PEOPLE
            .iter()
            .map(|(n, role, lang)| PersonPlan {
                name: name(n),
                role: *role,
                lang: *lang,
            })
            .collect();
        let outlets = OUTLETS
            .iter()
            .map(|(n, kind)| OutletPlan {
                name: name(n),
                kind: *kind,
            })
            .collect();
        let bed = |code: &str| {
            beds_index(&beds, code).unwrap_or_else(|| panic!("bed {code} is in the plan"))
        };
        let templates = vec![
            TemplatePlan {
                title: name("Arrosage des serres"),
                kind: TaskKind::Watering,
                beds: ["A-01", "A-02", "B-01", "B-02"].map(bed).to_vec(),
                crew: vec![],
                rule: "daily".parse().expect("valid rule"),
                start,
                duration_min: Some(45),
            },
            TemplatePlan {
                title: name("Désherbage plein champ"),
                kind: TaskKind::Weeding,
                beds: ["D-01", "D-02", "D-03", "D-04"].map(bed).to_vec(),
                crew: vec![3, 4],
                rule: "mon,thu".parse().expect("valid rule"),
                start,
                duration_min: Some(120),
            },
            TemplatePlan {
                title: name("Aération des tunnels"),
                kind: TaskKind::Maintenance,
                beds: ["C-01", "C-02", "C-03"].map(bed).to_vec(),
                crew: vec![],
                rule: "every 3 days".parse().expect("valid rule"),
                start,
                duration_min: Some(20),
            },
        ];
        Farm {
            name: name("Les Jardins du Carnet"),
            beds,
            crops,
            people,
            outlets,
            templates,
        }
    }

    /// The recurring tasks due on `date`.
    pub fn recurring_on(&self, date: NaiveDate) -> Vec<usize> {
        (0..self.templates.len())
            .filter(|&t| {
                self.templates[t]
                    .rule
                    .occurs_on(self.templates[t].start, date)
            })
            .collect()
    }

    /// How many one-off tasks are planned for `date`, so that the day holds
    /// `TASKS_PER_DAY` tasks in all.
    pub fn planned_on(&self, date: NaiveDate) -> u16 {
        TASKS_PER_DAY.saturating_sub(self.recurring_on(date).len() as u16)
    }
}

fn beds_index(beds: &[BedPlan], code: &str) -> Option<usize> {
    beds.iter().position(|b| b.code.as_str() == code)
}
