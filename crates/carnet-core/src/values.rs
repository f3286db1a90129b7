//! Validated values: once built, a `BedCode`, a `Quantity` or a `Month` cannot
//! hold a bad value. Parsing from text (CLI, CSV, documents) goes through
//! `FromStr`/constructors here, so every entry point refuses the same things
//! with the same words.
//!
//! Every type here deserializes through its constructor (`try_from`), so
//! serde cannot build a value the constructor would refuse.
//!
//! Deliberately not here: records (see `catalog`, `tasks`, `harvests`,
//! `observations`) and anything that needs the catalog to check (uniqueness).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The impls every validated text shares: read (serde's `try_from`, a
/// form's `String`) only through its parser, so a stored or sent value
/// cannot skip the check a person's input goes through; written and shown
/// as the text it holds.
macro_rules! text_value {
    ($name:ident, $parse:expr) => {
        impl TryFrom<String> for $name {
            type Error = Error;
            fn try_from(s: String) -> Result<Self> {
                let parse: fn(String) -> Result<$name> = $parse;
                parse(s)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }
    };
}

/// A non-empty, trimmed, single-line text of at most 200 characters: names,
/// titles, reasons. Notes use [`Note`].
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Name(String);

impl Name {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(field: &'static str, text: &str) -> Result<Self> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::invalid(field, "must not be empty"));
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(Error::invalid(
                field,
                format!("is longer than {} characters", Self::MAX_CHARS),
            ));
        }
        if text.chars().any(|c| c.is_control()) {
            return Err(Error::invalid(
                field,
                "must be one line without control characters",
            ));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used to compare names typed by people: case and accents of
    /// the ASCII range folded, inner whitespace collapsed.
    pub fn folded(&self) -> String {
        fold(&self.0)
    }
}

pub(crate) fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

text_value!(Name, |s| Name::parse("name", &s));

/// Free text: trimmed, at most 2,000 characters, may be empty, may span
/// lines (line breaks and tabs are the only control characters it holds).
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Note(String);

impl Note {
    pub const MAX_CHARS: usize = 2000;

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A `Note` from what a person typed; `field` names it in the error.
pub fn parse_note(field: &'static str, text: &str) -> Result<Note> {
    let text = text.trim();
    if text.chars().count() > Note::MAX_CHARS {
        return Err(Error::invalid(
            field,
            format!("is longer than {} characters", Note::MAX_CHARS),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Error::invalid(field, "must not hold control characters"));
    }
    Ok(Note(text.to_owned()))
}

text_value!(Note, |s| parse_note("note", &s));

/// An observation's tag: one word or short phrase, lower-case, 1 to 40
/// characters, without commas (a document holds the tags comma-joined).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Tag(String);

impl Tag {
    pub const MAX_CHARS: usize = 40;

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A `Tag` from what a person typed: trimmed and lower-cased.
pub fn parse_tag(text: &str) -> Result<Tag> {
    let tag = text.trim().to_lowercase();
    if tag.is_empty()
        || tag.chars().count() > Tag::MAX_CHARS
        || tag.contains(',')
        || tag.chars().any(char::is_control)
    {
        return Err(Error::invalid(
            "tag",
            format!(
                "`{}` must be 1 to {} characters without commas",
                text.trim(),
                Tag::MAX_CHARS
            ),
        ));
    }
    Ok(Tag(tag))
}

text_value!(Tag, |s| parse_tag(&s));

/// The short code painted on a bed, e.g. `A-07`: 1 to 12 characters among
/// letters, digits, `-`, `_` and `.`, stored upper-case so `a-07` is `A-07`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BedCode(String);

impl BedCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for BedCode {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        if s.is_empty() || s.len() > 12 {
            return Err(Error::invalid(
                "bed code",
                format!("`{s}` must be 1 to 12 characters"),
            ));
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            return Err(Error::invalid(
                "bed code",
                format!("`{s}` may hold only letters, digits, `-`, `_` and `.`"),
            ));
        }
        Ok(Self(s.to_ascii_uppercase()))
    }
}

text_value!(BedCode, |s| s.parse());

/// A length in metres: finite, strictly positive, at most 1 km (a bed longer
/// than that is a typo).
#[derive(Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Metres(f64);

impl Metres {
    pub fn new(field: &'static str, value: f64) -> Result<Self> {
        if !value.is_finite() || value <= 0.0 || value > 1000.0 {
            return Err(Error::invalid(
                field,
                format!("{value} m is not a length between 0 and 1000 m"),
            ));
        }
        Ok(Self(value))
    }

    pub fn parse(field: &'static str, text: &str) -> Result<Self> {
        let text = text.trim();
        let number = text.strip_suffix('m').unwrap_or(text).trim();
        let value = parse_decimal(number)
            .ok_or_else(|| Error::invalid(field, format!("`{text}` is not a number of metres")))?;
        Self::new(field, value)
    }

    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Metres {
    type Error = Error;
    fn try_from(v: f64) -> Result<Self> {
        Metres::new("length", v)
    }
}

impl From<Metres> for f64 {
    fn from(m: Metres) -> f64 {
        m.0
    }
}

impl fmt::Debug for Metres {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} m", self.0)
    }
}

/// Parses a decimal written the French way (`1,5`) or the English way (`1.5`).
pub fn parse_decimal(text: &str) -> Option<f64> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() || text.contains(|c: char| c.is_ascii_alphabetic()) {
        return None; // refuse "inf", "nan", "1e3x"
    }
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The units a harvest is weighed or counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Kg,
    G,
    Bunch,
    Piece,
    Crate,
}

impl Unit {
    pub const ALL: [Unit; 5] = [Unit::Kg, Unit::G, Unit::Bunch, Unit::Piece, Unit::Crate];

    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Kg => "kg",
            Unit::G => "g",
            Unit::Bunch => "bunch",
            Unit::Piece => "piece",
            Unit::Crate => "crate",
        }
    }

    /// The unit whose stored code is exactly `code` (no synonym).
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.as_str() == code)
    }

    /// Mass units convert to kg by themselves; counts need the crop's factor.
    pub fn kg_per_unit_by_itself(self) -> Option<f64> {
        match self {
            Unit::Kg => Some(1.0),
            Unit::G => Some(0.001),
            _ => None,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Unit {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Ok(match fold(s).as_str() {
            "kg" | "kilo" | "kilos" => Unit::Kg,
            "g" | "gramme" | "grammes" | "gram" | "grams" => Unit::G,
            "bunch" | "bunches" | "botte" | "bottes" => Unit::Bunch,
            "piece" | "pieces" | "pièce" | "pièces" | "pc" | "pcs" => Unit::Piece,
            "crate" | "crates" | "caisse" | "caisses" => Unit::Crate,
            other => {
                return Err(Error::invalid(
                    "unit",
                    format!("`{other}` is not one of kg, g, bunch, piece, crate"),
                ));
            }
        })
    }
}

/// An amount in a unit, as the person entered it: finite, strictly positive,
/// and at most 10 tonnes (or 100,000 of a count). Deserializing goes through
/// `Quantity::new`, so a stored or received `-3 kg` is refused, not built.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "QuantityFields")]
pub struct Quantity {
    value: f64,
    unit: Unit,
}

/// A `Quantity`'s fields as serde reads them, before they are checked.
#[derive(Deserialize)]
struct QuantityFields {
    value: f64,
    unit: Unit,
}

impl TryFrom<QuantityFields> for Quantity {
    type Error = Error;
    fn try_from(f: QuantityFields) -> Result<Self> {
        Quantity::new(f.value, f.unit)
    }
}

impl Quantity {
    pub fn new(value: f64, unit: Unit) -> Result<Self> {
        let max = match unit {
            Unit::Kg => 10_000.0,
            Unit::G => 10_000_000.0,
            _ => 100_000.0,
        };
        if !value.is_finite() || value <= 0.0 || value > max {
            return Err(Error::invalid(
                "quantity",
                format!("{value} {unit} must be more than 0 and at most {max} {unit}"),
            ));
        }
        Ok(Self { value, unit })
    }

    /// Parses `12.5`, `12,5kg`, `3 bunch`, `4 caisses`. A bare number takes
    /// `default_unit`.
    pub fn parse(text: &str, default_unit: Unit) -> Result<Self> {
        let text = text.trim();
        let split = text
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '-' || c == '+'))
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let value = parse_decimal(number).ok_or_else(|| {
            Error::invalid("quantity", format!("`{text}` does not start with a number"))
        })?;
        let unit = if unit.trim().is_empty() {
            default_unit
        } else {
            unit.parse()?
        };
        Self::new(value, unit)
    }

    pub fn value(&self) -> f64 {
        self.value
    }

    pub fn unit(&self) -> Unit {
        self.unit
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.value, self.unit)
    }
}

/// How many kg one bunch, piece or crate of a crop weighs (a bunch of
/// radish, 0.35 kg): finite, strictly positive, at most 1 tonne.
#[derive(Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct KgFactor(f64);

impl KgFactor {
    pub const MAX_KG: f64 = 1000.0;

    pub fn get(self) -> f64 {
        self.0
    }

    fn new(value: f64, per: &str) -> Result<Self> {
        if !value.is_finite() || value <= 0.0 || value > Self::MAX_KG {
            return Err(Error::invalid(
                "conversion",
                format!(
                    "{value} kg per {per} must be more than 0 and at most {}",
                    Self::MAX_KG
                ),
            ));
        }
        Ok(Self(value))
    }
}

/// The factor of one counted `unit` for a crop; a mass unit needs none.
pub fn parse_kg_factor(unit: Unit, value: f64) -> Result<KgFactor> {
    if unit.kg_per_unit_by_itself().is_some() {
        return Err(Error::invalid(
            "conversion",
            format!("{unit} is a mass: it needs no conversion to kg"),
        ));
    }
    KgFactor::new(value, unit.as_str())
}

impl TryFrom<f64> for KgFactor {
    type Error = Error;
    fn try_from(value: f64) -> Result<Self> {
        KgFactor::new(value, "unit")
    }
}

impl From<KgFactor> for f64 {
    fn from(k: KgFactor) -> f64 {
        k.0
    }
}

impl fmt::Debug for KgFactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// The weight of the crate a mass was weighed in, subtracted from it: only
/// for kg or g, finite, at least 0 and less than the gross weight. Built
/// only with the weighing it belongs to (`Tare::of`), so it has no
/// `Deserialize` of its own: a weighing deserializes through `Tare::of`.
#[derive(Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(into = "f64")]
pub struct Tare(f64);

impl Tare {
    /// `kg` taken off `gross`.
    pub fn of(kg: f64, gross: Quantity) -> Result<Self> {
        let Some(per_unit) = gross.unit().kg_per_unit_by_itself() else {
            return Err(Error::invalid(
                "tare",
                format!("a tare applies to kg or g, not to {}", gross.unit()),
            ));
        };
        if !kg.is_finite() || kg < 0.0 {
            return Err(Error::invalid("tare", format!("{kg} kg is not a weight")));
        }
        if kg >= gross.value() * per_unit {
            return Err(Error::invalid(
                "tare",
                format!("{kg} kg is not less than the gross weight {gross}"),
            ));
        }
        Ok(Self(kg))
    }

    pub fn kg(self) -> f64 {
        self.0
    }
}

impl From<Tare> for f64 {
    fn from(t: Tare) -> f64 {
        t.0
    }
}

impl fmt::Debug for Tare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// A calendar month, the unit of document splitting.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Result<Self> {
        if !(2000..=2200).contains(&year) || !(1..=12).contains(&month) {
            return Err(Error::invalid(
                "month",
                format!("{year}-{month:02} is not a month between 2000 and 2200"),
            ));
        }
        Ok(Self { year, month })
    }

    pub fn of(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("validated month")
    }

    pub fn previous(self) -> Self {
        if self.month == 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl fmt::Debug for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Month {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        let bad = || Error::invalid("month", format!("`{s}` is not a month like 2026-11"));
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        Month::new(y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?)
    }
}

impl TryFrom<String> for Month {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        s.parse()
    }
}

impl From<Month> for String {
    fn from(m: Month) -> String {
        m.to_string()
    }
}

/// Parses an ISO date (`2026-11-22`).
pub fn parse_date(field: &'static str, text: &str) -> Result<NaiveDate> {
    let text = text.trim();
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| Error::invalid(field, format!("`{text}` is not a date like 2026-11-22")))?;
    Month::new(date.year(), date.month())
        .map_err(|_| Error::invalid(field, format!("`{text}` is not between 2000 and 2200")))?;
    Ok(date)
}

/// How serious an observation is: 0 (noted) to 3 (act now).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Severity(u8);

impl Severity {
    pub fn new(value: i64) -> Result<Self> {
        if !(0..=3).contains(&value) {
            return Err(Error::invalid(
                "severity",
                format!("{value} is not between 0 and 3"),
            ));
        }
        Ok(Self(value as u8))
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Severity {
    type Error = Error;
    fn try_from(v: u8) -> Result<Self> {
        Severity::new(i64::from(v))
    }
}

impl From<Severity> for u8 {
    fn from(s: Severity) -> u8 {
        s.0
    }
}

/// Defines a closed set of words with their canonical (English, snake_case)
/// spelling, French synonyms accepted on input.
macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident, $field:literal, { $($variant:ident => $canon:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $canon),+ }
            }

            /// The value whose stored code is exactly `code`; no synonym,
            /// no folding (reading what Carnet wrote, not what a person
            /// typed).
            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == code)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                let folded = fold(s).replace([' ', '-'], "_");
                match folded.as_str() {
                    $($canon $(| $alias)* => Ok($name::$variant),)+
                    _ => Err(Error::invalid(
                        $field,
                        format!(
                            "`{}` is not one of {}",
                            s.trim(),
                            [$($canon),+].join(", ")
                        ),
                    )),
                }
            }
        }
    };
}

word_enum!(
    /// What a person does on the farm; drives what they may do in the app.
    Role, "role", {
        Worker => "worker" | "salarie" | "salarié" | "salariee" | "salariée",
        TeamLeader => "team_leader" | "leader" | "chef" | "cheffe" | "chef_d'equipe" | "chef_d'équipe",
        Supervisor => "supervisor" | "encadrant" | "encadrante",
    }
);

word_enum!(
    /// The language a person reads the app in.
    Lang, "language", {
        Fr => "fr" | "francais" | "français" | "french",
        En => "en" | "anglais" | "english",
    }
);

word_enum!(
    /// The kinds of work, each with its pictogram in the app.
    TaskKind, "task kind", {
        Sowing => "sowing" | "semis",
        Planting => "planting" | "plantation",
        Weeding => "weeding" | "desherbage" | "désherbage",
        Watering => "watering" | "arrosage",
        Harvesting => "harvesting" | "recolte" | "récolte",
        Mulching => "mulching" | "paillage",
        Maintenance => "maintenance" | "entretien",
        Other => "other" | "autre",
    }
);

word_enum!(
    /// Where a task is in its life, as a code without the who and when of
    /// `TaskStatus`: what a history line, a report or a filter names.
    TaskState, "status", {
        Todo => "todo" | "a_faire" | "à_faire",
        Done => "done" | "fait" | "faite",
        Abandoned => "abandoned" | "abandonne" | "abandonné" | "abandonnee" | "abandonnée",
    }
);

word_enum!(
    /// Why a task was abandoned: stored as its code, shown in the reader's
    /// language, so a report never mixes the languages of the people who
    /// tapped it. Details go in the abandonment's note.
    AbandonReason, "reason", {
        Weather => "weather" | "meteo" | "météo",
        NoTime => "no_time" | "pas_le_temps" | "temps",
        NotNeeded => "not_needed" | "inutile" | "plus_utile",
        CropLost => "crop_lost" | "culture_perdue" | "perdu",
        Equipment => "equipment" | "materiel" | "matériel",
        Other => "other" | "autre",
    }
);

word_enum!(
    /// What an observation is about, each with its pictogram.
    ObservationKind, "observation kind", {
        Pest => "pest" | "ravageur",
        Disease => "disease" | "maladie",
        Weeds => "weeds" | "adventices",
        Water => "water" | "eau" | "arrosage",
        Growth => "growth" | "croissance",
        Soil => "soil" | "sol",
        Biodiversity => "biodiversity" | "biodiversite" | "biodiversité",
        WeatherDamage => "weather_damage" | "intemperies" | "intempéries" | "degat_meteo",
        Other => "other" | "autre",
    }
);

word_enum!(
    /// Where a harvest goes when it is not a named outlet.
    DestinationKind, "destination", {
        Canteen => "canteen" | "cantine",
        Basket => "basket" | "panier",
        Partner => "partner" | "partenaire",
        Donation => "donation" | "don",
        Loss => "loss" | "perte",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    /// Serde is no back door: each bad value is refused on the way in, with
    /// the constructor's own words.
    #[test]
    fn deserializing_a_bad_value_fails_like_its_constructor() {
        fn refused<T: serde::de::DeserializeOwned + fmt::Debug>(json: &str) -> String {
            serde_json::from_str::<T>(json).unwrap_err().to_string()
        }
        let table = [
            refused::<Name>(r#""  ""#),
            refused::<BedCode>(r#""A 07""#),
            refused::<Metres>("-2.0"),
            refused::<Quantity>(r#"{"value":-3.0,"unit":"kg"}"#),
            refused::<Quantity>(r#"{"value":20000.0,"unit":"kg"}"#),
            refused::<Month>(r#""2026-13""#),
            refused::<Severity>("7"),
            refused::<Unit>(r#""ton""#),
            refused::<Note>(r#""bip\u0007""#),
            refused::<Note>(&format!("{:?}", "x".repeat(2001))),
            refused::<Tag>(r#""pucerons, serre""#),
            refused::<Tag>(r#"" ""#),
            refused::<KgFactor>("0.0"),
            refused::<KgFactor>("1001.0"),
        ]
        .join("\n");
        expect_test::expect![[r#"
            name: must not be empty
            bed code: `A 07` may hold only letters, digits, `-`, `_` and `.`
            length: -2 m is not a length between 0 and 1000 m
            quantity: -3 kg must be more than 0 and at most 10000 kg
            quantity: 20000 kg must be more than 0 and at most 10000 kg
            month: 2026-13 is not a month between 2000 and 2200
            severity: 7 is not between 0 and 3
            unknown variant `ton`, expected one of `kg`, `g`, `bunch`, `piece`, `crate` at line 1 column 5
            note: must not hold control characters
            note: is longer than 2000 characters
            tag: `pucerons, serre` must be 1 to 40 characters without commas
            tag: `` must be 1 to 40 characters without commas
            conversion: 0 kg per unit must be more than 0 and at most 1000
            conversion: 1001 kg per unit must be more than 0 and at most 1000"#]].assert_eq(&table);
        let good: Quantity = serde_json::from_str(r#"{"value":2.5,"unit":"kg"}"#).unwrap();
        assert_eq!(good, Quantity::new(2.5, Unit::Kg).unwrap());
    }

    #[test]
    fn bed_code_is_upper_cased_and_bounded() {
        assert_eq!("a-07".parse::<BedCode>().unwrap().as_str(), "A-07");
        assert!("".parse::<BedCode>().is_err());
        assert!("A 07".parse::<BedCode>().is_err());
        assert!("ABCDEFGHIJKLM".parse::<BedCode>().is_err());
    }

    #[test]
    fn metres_refuse_zero_negative_and_absurd() {
        assert!(Metres::parse("length", "30").is_ok());
        assert_eq!(Metres::parse("width", "0,8").unwrap().get(), 0.8);
        assert_eq!(Metres::parse("width", "0.8m").unwrap().get(), 0.8);
        for bad in ["0", "-3", "nan", "inf", "1e9", "", "abc"] {
            let err = Metres::parse("length", bad).unwrap_err();
            assert!(err.to_string().starts_with("length: "), "{bad}: {err}");
        }
    }

    #[test]
    fn quantity_parses_french_and_units() {
        let q = Quantity::parse("12,5kg", Unit::Bunch).unwrap();
        assert_eq!((q.value(), q.unit()), (12.5, Unit::Kg));
        let q = Quantity::parse("3 bottes", Unit::Kg).unwrap();
        assert_eq!((q.value(), q.unit()), (3.0, Unit::Bunch));
        let q = Quantity::parse("4", Unit::Crate).unwrap();
        assert_eq!(q.unit(), Unit::Crate);
        assert!(Quantity::parse("0kg", Unit::Kg).is_err());
        assert!(Quantity::parse("-2", Unit::Kg).is_err());
        assert!(Quantity::parse("20000kg", Unit::Kg).is_err());
        assert_eq!(
            Quantity::parse("3 sacks", Unit::Kg)
                .unwrap_err()
                .to_string(),
            "unit: `sacks` is not one of kg, g, bunch, piece, crate"
        );
    }

    #[test]
    fn month_parses_and_steps() {
        let m: Month = "2026-01".parse().unwrap();
        assert_eq!(m.previous().to_string(), "2025-12");
        assert_eq!(m.previous().next(), m);
        assert!("2026-13".parse::<Month>().is_err());
        assert!("26-01".parse::<Month>().is_err());
    }

    #[test]
    fn severity_is_zero_to_three() {
        assert!(Severity::new(3).is_ok());
        assert_eq!(
            Severity::new(4).unwrap_err().to_string(),
            "severity: 4 is not between 0 and 3"
        );
    }

    #[test]
    fn words_accept_french() {
        assert_eq!("Désherbage".parse::<TaskKind>().unwrap(), TaskKind::Weeding);
        assert_eq!("chef d'équipe".parse::<Role>().unwrap(), Role::TeamLeader);
        assert_eq!(
            "ravageur".parse::<ObservationKind>().unwrap(),
            ObservationKind::Pest
        );
        let err = "digging".parse::<TaskKind>().unwrap_err().to_string();
        assert!(
            err.starts_with("task kind: `digging` is not one of sowing"),
            "{err}"
        );
    }

    #[test]
    fn names_are_trimmed_single_lines() {
        assert_eq!(Name::parse("name", "  Awa ").unwrap().as_str(), "Awa");
        assert!(Name::parse("name", "  ").is_err());
        assert!(Name::parse("name", "a\nb").is_err());
    }
}
