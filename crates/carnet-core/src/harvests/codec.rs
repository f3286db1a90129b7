//! The fields of harvests and of weighings added after their harvest, in
//! the month's harvests document. The weighings entered with a harvest are
//! one field of it (`INLINE_WEIGHINGS_FIELD`, read by `record`).
//!
//! Deliberately not here: checks against the catalog (see `writes`), and the
//! envelope that dispatches on `type` (`record`).

use uuid::Uuid;

use super::{Destination, Harvest, Void, Weighing};
use crate::ids::*;
use crate::record::{Codec, Reader, Writer};
use crate::values::{Quantity, Tare, parse_note};

impl Codec for Harvest {
    fn read(id: Uuid, r: &Reader<'_>) -> Result<Self, String> {
        let raw = r.raw;
        Ok(Harvest {
            id: HarvestId(id),
            bed: BedId(r.uuid("bed")?),
            crop: CropId(r.uuid("crop")?),
            variety: r.opt_uuid("variety")?.map(VarietyId),
            at: r.time("at")?,
            destination: r.parse::<Destination>("destination")?,
            lot: r.str("lot")?.to_owned(),
            note: parse_note("note", raw.str("note").unwrap_or_default())
                .map_err(|e| e.to_string())?,
            voided: if raw.has("voided_at") {
                Some(Void {
                    by: PersonId(r.uuid("voided_by")?),
                    at: r.time("voided_at")?,
                    reason: r.name("void_reason")?,
                })
            } else {
                None
            },
            created: r.stamp_at("at")?,
        })
    }
    fn write(&self, w: &mut Writer) {
        w.s("bed", self.bed.to_string())
            .s("crop", self.crop.to_string())
            .s_opt(
                "variety",
                &self.variety.map(|v| v.to_string()).unwrap_or_default(),
            )
            .s("at", self.at.to_rfc3339())
            .s("destination", self.destination.to_string())
            .s("lot", self.lot.as_str())
            .s_opt("note", self.note.as_str())
            .stamp_at(&self.created, &self.at);
    }
}

impl Codec for Weighing {
    fn read(id: Uuid, r: &Reader<'_>) -> Result<Self, String> {
        let quantity =
            Quantity::new(r.f64("value")?, r.parse("unit")?).map_err(|e| e.to_string())?;
        Ok(Weighing {
            id: WeighingId(id),
            harvest: HarvestId(r.uuid("harvest")?),
            quantity,
            tare_kg: r
                .raw
                .f64("tare_kg")
                .map(|kg| Tare::of(kg, quantity))
                .transpose()
                .map_err(|e| e.to_string())?,
            created: r.stamp()?,
        })
    }
    fn write(&self, w: &mut Writer) {
        w.s("harvest", self.harvest.to_string())
            .f("value", self.quantity.value())
            .s("unit", self.quantity.unit().as_str())
            .stamp(&self.created);
        if let Some(tare) = self.tare_kg {
            w.f("tare_kg", tare.kg());
        }
    }
}
