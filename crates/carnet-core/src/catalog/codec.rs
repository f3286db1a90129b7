//! The fields of the catalog's kinds (farm, zone, bed, family, crop,
//! variety, person, outlet) in the catalog document.
//!
//! Deliberately not here: checks against other records (see `writes`), and
//! the envelope that dispatches on `type` (`record`).

use uuid::Uuid;

use super::{Bed, Crop, Family, Farm, Outlet, Person, Variety, Zone};
use crate::ids::*;
use crate::record::{Codec, Reader, Writer};
use crate::values::{BedCode, Metres, Unit, parse_kg_factor};

impl Codec for Farm {
    fn read(id: Uuid, r: &Reader<'_>) -> Result<Self, String> {
        Ok(Farm {
            id: FarmId(id),
            name: r.name("name")?,
        })
    }
    fn write(&self, w: &mut Writer) {
        w.s("name", self.name.as_str());
    }
}

impl Codec for Zone {
    fn read(id: Uuid, r: &Reader<'_>) -> Result<Self, String> {
        Ok(Zone {
            id: ZoneId(id),
            name: r.name("name")?,
            retired: r.flag("retired"),
        })
    }
    fn write(&self, w: &mut Writer) {
        w.s("name", self.name.as_str()).b("retired", self.retired);
    }
}

impl Codec for Bed {
    fn read(id: Uuid, r: &Reader<'_>) -> Result<Self, String> {
        Ok(Bed {
            id: BedId(id),
            code: r.parse::<BedCode>("code")?,
            zone: ZoneId(r.uuid("zone")?),
            length: Metres::new("length", r.f64("length")?).map_err(|e| e.to_string())?,
            width: Metres::new("width", r.f64("width")?).map_err(|e| e.to_string())?,
            retired: r.flag("retired"),
        })
    }
    fn write(&self, w: &mut Writer) {
        w.s("code", self.code.as_str())
            .s("zone", self.zone.to_string())
            .f("length", self.length.get())
            .f("width", self.width.get())
            .b("retired", self.retired);
    }
}

impl Codec for Family {
    fn read(id: Uuid, r: &Reader<'_>) -> Result<Self, String> {
        Ok(Family {
            id: FamilyId(id),
            name: r.name("name")?,
        })
    }
    fn write(&self, w: &mut Writer) {
        w.s("name", self.name.as_str());
    }
}

impl Codec for Crop {
    fn read(id: Uuid, r: &Reader<'_>) -> Result<Self, String> {
        Ok(Crop {
            id: CropId(id),
            name: r.name("name")?,
            family: FamilyId(r.uuid("family")?),
            default_unit: r.parse::<Unit>("default_unit")?,
            kg_per: [Unit::Bunch, Unit::Piece, Unit::Crate]
                .into_iter()
                // Leniently: a factor no write would accept is left out,
                // not the whole crop.
                .filter_map(|u| {
                    let factor = r.raw.f64(&format!("kg_per_{u}"))?;
                    Some((u, parse_kg_factor(u, factor).ok()?))
                })
                .collect(),
            retired: r.flag("retired"),
        })
    }
    fn write(&self, w: &mut Writer) {
        w.s("name", self.name.as_str())
            .s("family", self.family.to_string())
            .s("default_unit", self.default_unit.as_str())
            .b("retired", self.retired);
        for (unit, factor) in &self.kg_per {
            w.f(kg_per_field(*unit), factor.get());
        }
    }
}

/// The field that holds a crop's kg per `unit`.
pub(super) fn kg_per_field(unit: Unit) -> &'static str {
    match unit {
        Unit::Bunch => "kg_per_bunch",
        Unit::Piece => "kg_per_piece",
        Unit::Crate => "kg_per_crate",
        Unit::Kg | Unit::G => "kg_per_mass",
    }
}

impl Codec for Variety {
    fn read(id: Uuid, r: &Reader<'_>) -> Result<Self, String> {
        Ok(Variety {
            id: VarietyId(id),
            crop: CropId(r.uuid("crop")?),
            name: r.name("name")?,
            retired: r.flag("retired"),
        })
    }
    fn write(&self, w: &mut Writer) {
        w.s("crop", self.crop.to_string())
            .s("name", self.name.as_str())
            .b("retired", self.retired);
    }
}

impl Codec for Person {
    fn read(id: Uuid, r: &Reader<'_>) -> Result<Self, String> {
        Ok(Person {
            id: PersonId(id),
            name: r.name("name")?,
            role: r.parse("role")?,
            lang: r.parse("lang")?,
            pin_hash: r
                .raw
                .str("pin_hash")
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
            active: r.raw.bool("active").unwrap_or(true),
        })
    }
    fn write(&self, w: &mut Writer) {
        w.s("name", self.name.as_str())
            .s("role", self.role.as_str())
            .s("lang", self.lang.as_str())
            .s("pin_hash", self.pin_hash.clone().unwrap_or_default())
            .b("active", self.active);
    }
}

impl Codec for Outlet {
    fn read(id: Uuid, r: &Reader<'_>) -> Result<Self, String> {
        Ok(Outlet {
            id: OutletId(id),
            name: r.name("name")?,
            kind: r.parse("kind")?,
            retired: r.flag("retired"),
        })
    }
    fn write(&self, w: &mut Writer) {
        w.s("name", self.name.as_str())
            .s("kind", self.kind.as_str())
            .b("retired", self.retired);
    }
}
