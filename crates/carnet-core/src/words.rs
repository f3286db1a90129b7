//! The words Carnet adds to what it prints outside the app's screens (the
//! command line's tables, CSV exports and reports), one table per reader's
//! language: column headers, task states and kinds, observation kinds,
//! abandon reasons, destinations, units, yes and no.
//!
//! Records hold codes; these words are chosen by whoever reads, never by
//! whoever wrote, so a report of records tapped in French and in English is
//! entirely in the reader's language. Texts people typed (titles, notes,
//! names) are not here: they are shown as typed.
//!
//! Deliberately not here: the app's screens (their catalogues are
//! `ui/src/lib/i18n/{fr,en}.ts`) and error messages (the interface
//! translates error codes).

use crate::values::{
    AbandonReason, DestinationKind, Lang, ObservationKind, Role, TaskKind, TaskState, Unit,
};

/// The words of one language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Words {
    lang: Lang,
}

impl Words {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    pub fn lang(self) -> Lang {
        self.lang
    }

    fn pick(self, fr: &'static str, en: &'static str) -> &'static str {
        match self.lang {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    pub fn task_state(self, state: TaskState) -> &'static str {
        match state {
            TaskState::Todo => self.pick("à faire", "to do"),
            TaskState::Done => self.pick("faite", "done"),
            TaskState::Abandoned => self.pick("abandonnée", "abandoned"),
        }
    }

    pub fn task_kind(self, kind: TaskKind) -> &'static str {
        match kind {
            TaskKind::Sowing => self.pick("semis", "sowing"),
            TaskKind::Planting => self.pick("plantation", "planting"),
            TaskKind::Weeding => self.pick("désherbage", "weeding"),
            TaskKind::Watering => self.pick("arrosage", "watering"),
            TaskKind::Harvesting => self.pick("récolte", "harvesting"),
            TaskKind::Mulching => self.pick("paillage", "mulching"),
            TaskKind::Maintenance => self.pick("entretien", "maintenance"),
            TaskKind::Other => self.pick("autre", "other"),
        }
    }

    pub fn observation_kind(self, kind: ObservationKind) -> &'static str {
        match kind {
            ObservationKind::Pest => self.pick("ravageur", "pest"),
            ObservationKind::Disease => self.pick("maladie", "disease"),
            ObservationKind::Weeds => self.pick("adventices", "weeds"),
            ObservationKind::Water => self.pick("eau", "water"),
            ObservationKind::Growth => self.pick("croissance", "growth"),
            ObservationKind::Soil => self.pick("sol", "soil"),
            ObservationKind::Biodiversity => self.pick("biodiversité", "biodiversity"),
            ObservationKind::WeatherDamage => self.pick("dégât météo", "weather damage"),
            ObservationKind::Other => self.pick("autre", "other"),
        }
    }

    pub fn abandon_reason(self, reason: AbandonReason) -> &'static str {
        match reason {
            AbandonReason::Weather => self.pick("météo", "weather"),
            AbandonReason::NoTime => self.pick("pas le temps", "no time"),
            AbandonReason::NotNeeded => self.pick("plus nécessaire", "not needed"),
            AbandonReason::CropLost => self.pick("culture perdue", "crop lost"),
            AbandonReason::Equipment => self.pick("matériel", "equipment"),
            AbandonReason::Other => self.pick("autre", "other"),
        }
    }

    pub fn destination_kind(self, kind: DestinationKind) -> &'static str {
        match kind {
            DestinationKind::Canteen => self.pick("cantine", "canteen"),
            DestinationKind::Basket => self.pick("panier", "basket"),
            DestinationKind::Partner => self.pick("partenaire", "partner"),
            DestinationKind::Donation => self.pick("don", "donation"),
            DestinationKind::Loss => self.pick("perte", "loss"),
        }
    }

    pub fn unit(self, unit: Unit) -> &'static str {
        match unit {
            Unit::Kg => "kg",
            Unit::G => "g",
            Unit::Bunch => self.pick("botte", "bunch"),
            Unit::Piece => self.pick("pièce", "piece"),
            Unit::Crate => self.pick("caisse", "crate"),
        }
    }

    pub fn role(self, role: Role) -> &'static str {
        match role {
            Role::Worker => self.pick("salarié·e", "worker"),
            Role::TeamLeader => self.pick("chef·fe d'équipe", "team leader"),
            Role::Supervisor => self.pick("encadrant·e", "supervisor"),
        }
    }

    pub fn yes_no(self, yes: bool) -> &'static str {
        match yes {
            true => self.pick("oui", "yes"),
            false => self.pick("non", "no"),
        }
    }

    /// The line under a daily list that counts the open tasks older than
    /// the late window.
    pub fn older_open(self, count: usize, before: &str) -> String {
        match self.lang {
            Lang::Fr => format!(
                "plus anciennes : {count} tâche(s) ouverte(s) prévue(s) avant le {before} (voir `carnet task list --day DATE`)"
            ),
            Lang::En => format!(
                "older: {count} open task(s) due before {before} (see `carnet task list --day DATE`)"
            ),
        }
    }

    /// The first line of `export csv`.
    pub fn wrote(self, dir: &str) -> String {
        match self.lang {
            Lang::Fr => format!("fichiers écrits dans {dir}"),
            Lang::En => format!("wrote {dir}"),
        }
    }

    /// Whether `code` is a header or label this table has words for, so a
    /// caller's test can check every header it prints.
    pub fn knows_column(code: &str) -> bool {
        french_column(code).is_some()
    }

    /// A column header or a table's label, named by its English code
    /// (`due`, `abandon_reason`). The English words are the codes
    /// themselves, as before; an unknown code is shown as it is, and
    /// `every_column_carnet_prints_has_a_french_word` keeps that from
    /// happening in what Carnet prints.
    pub fn column(self, code: &str) -> &str {
        match self.lang {
            Lang::En => code,
            Lang::Fr => french_column(code).unwrap_or(code),
        }
    }
}

/// The French headers, by English code.
fn french_column(code: &str) -> Option<&'static str> {
    Some(match code {
        "id" => "id",
        "date" => "date",
        "at" => "heure",
        "due" => "prévue",
        "title" => "titre",
        "kind" => "type",
        "what" => "quoi",
        "summary" => "résumé",
        "bed" => "planche",
        "beds" => "planches",
        "bed_id" => "id_planche",
        "bed_ids" => "ids_planches",
        "crew" => "équipe",
        "crew_ids" => "ids_équipe",
        "minutes" => "minutes",
        "status" => "état",
        "status_by" => "état_par",
        "status_at" => "état_à",
        "abandon_reason" => "raison_abandon",
        "abandon_note" => "note_abandon",
        "template_id" => "id_modèle",
        "deleted" => "supprimé",
        "lot" => "lot",
        "crop" => "culture",
        "crop_id" => "id_culture",
        "variety" => "variété",
        "destination" => "destination",
        "outlet_id" => "id_débouché",
        "kg" => "kg",
        "unconverted" => "autres_unités",
        "note" => "note",
        "by" => "par",
        "voided" => "annulée",
        "void_reason" => "raison_annulation",
        "harvest_id" => "id_récolte",
        "value" => "valeur",
        "unit" => "unité",
        "tare_kg" => "tare_kg",
        "net_kg" => "net_kg",
        "severity" => "gravité",
        "tags" => "étiquettes",
        "week" => "semaine",
        "harvests" => "récoltes",
        "kg/m²" => "kg/m²",
        "area_m2" => "surface_m2",
        "kg_per_m2" => "kg_par_m2",
        "group" => "groupe",
        "late" => "en retard",
        "today" => "aujourd'hui",
        "upcoming" => "à venir",
        "tasks for" => "tâches du",
        "rows" => "lignes",
        "file" => "fichier",
        "name" => "nom",
        "retired" => "retiré",
        "code" => "code",
        "zone_id" => "id_îlot",
        "zone" => "îlot",
        "length_m" => "longueur_m",
        "width_m" => "largeur_m",
        "family_id" => "id_famille",
        "family" => "famille",
        "kg_per_bunch" => "kg_par_botte",
        "kg_per_piece" => "kg_par_pièce",
        "kg_per_crate" => "kg_par_caisse",
        "role" => "rôle",
        "lang" => "langue",
        "has_pin" => "a_un_code",
        "active" => "actif",
        "counts" => "comptages",
        "length m" => "longueur m",
        "width m" => "largeur m",
        "area m²" => "surface m²",
        "conversions" => "conversions",
        "pin" => "code",
        "task" => "tâche",
        "harvest" => "récolte",
        "observation" => "observation",
        _ => return None,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every column header the command line and the app print, in one list
    /// so that a new column without a French word fails here.
    pub(crate) const PRINTED_COLUMNS: &[&str] = &[
        "id",
        "date",
        "at",
        "due",
        "title",
        "kind",
        "what",
        "summary",
        "bed",
        "beds",
        "bed_id",
        "bed_ids",
        "crew",
        "crew_ids",
        "minutes",
        "status",
        "status_by",
        "status_at",
        "abandon_reason",
        "abandon_note",
        "template_id",
        "deleted",
        "lot",
        "crop",
        "crop_id",
        "variety",
        "destination",
        "outlet_id",
        "kg",
        "unconverted",
        "note",
        "by",
        "voided",
        "void_reason",
        "harvest_id",
        "value",
        "unit",
        "tare_kg",
        "net_kg",
        "severity",
        "tags",
        "week",
        "harvests",
        "kg/m²",
        "area_m2",
        "kg_per_m2",
        "group",
        "late",
        "today",
        "upcoming",
        "tasks for",
        "rows",
        "file",
        "name",
        "retired",
        "code",
        "zone_id",
        "zone",
        "length_m",
        "width_m",
        "family_id",
        "family",
        "kg_per_bunch",
        "kg_per_piece",
        "kg_per_crate",
        "role",
        "lang",
        "has_pin",
        "active",
        "counts",
        "length m",
        "width m",
        "area m²",
        "conversions",
        "pin",
        "task",
        "harvest",
        "observation",
    ];

    #[test]
    fn every_column_carnet_prints_has_a_french_word() {
        let missing: Vec<_> = PRINTED_COLUMNS
            .iter()
            .filter(|c| french_column(c).is_none())
            .collect();
        assert!(missing.is_empty(), "{missing:?}");
    }

    /// Each code has a word in each language, and no two codes of a list
    /// share one (a reader could not tell them apart).
    #[test]
    fn every_code_has_a_distinct_word_in_each_language() {
        fn distinct<T: Copy>(all: &[T], word: impl Fn(T) -> &'static str) -> bool {
            let mut words: Vec<_> = all.iter().map(|v| word(*v)).collect();
            words.sort();
            words.dedup();
            words.len() == all.len() && words.iter().all(|w| !w.is_empty())
        }
        for lang in Lang::ALL {
            let w = Words::new(*lang);
            assert!(distinct(TaskState::ALL, |v| w.task_state(v)));
            assert!(distinct(TaskKind::ALL, |v| w.task_kind(v)));
            assert!(distinct(ObservationKind::ALL, |v| w.observation_kind(v)));
            assert!(distinct(AbandonReason::ALL, |v| w.abandon_reason(v)));
            assert!(distinct(DestinationKind::ALL, |v| w.destination_kind(v)));
            assert!(distinct(&Unit::ALL, |v| w.unit(v)));
            assert!(distinct(Role::ALL, |v| w.role(v)));
        }
        let fr = Words::new(Lang::Fr);
        assert_eq!(
            (fr.abandon_reason(AbandonReason::NoTime), fr.column("due")),
            ("pas le temps", "prévue")
        );
        assert_eq!(Words::new(Lang::En).column("due"), "due");
    }
}
