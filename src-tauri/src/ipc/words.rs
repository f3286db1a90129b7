//! The closed sets of words the interface shows as pictograms or choices,
//! mirrored from the domain so that renaming a domain variant cannot change
//! what the interface receives without this file saying so.

use carnet_core::values;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! mirror {
    ($ipc:ident, $domain:ty, { $($variant:ident),+ $(,)? }) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        pub enum $ipc { $($variant),+ }

        impl From<$domain> for $ipc {
            fn from(v: $domain) -> Self {
                match v { $(<$domain>::$variant => $ipc::$variant),+ }
            }
        }

        impl From<$ipc> for $domain {
            fn from(v: $ipc) -> Self {
                match v { $($ipc::$variant => <$domain>::$variant),+ }
            }
        }
    };
}

mirror!(Role, values::Role, { Worker, TeamLeader, Supervisor });
mirror!(Lang, values::Lang, { Fr, En });
mirror!(DeviceRole, carnet_core::roles::DeviceRole, { Field, Base, Viewer });
mirror!(Action, carnet_core::roles::Action, {
    TickTask, AbandonTask, Observe, Harvest, PlanTasks, EditCatalog, ResolveConflict
});
mirror!(TaskKind, values::TaskKind, {
    Sowing, Planting, Weeding, Watering, Harvesting, Mulching, Maintenance, Other
});
mirror!(ObservationKind, values::ObservationKind, {
    Pest, Disease, Weeds, Water, Growth, Soil, Biodiversity, WeatherDamage, Other
});
mirror!(Unit, values::Unit, { Kg, G, Bunch, Piece, Crate });
mirror!(DestinationKind, values::DestinationKind, {
    Canteen, Basket, Partner, Donation, Loss
});
mirror!(AbandonReason, values::AbandonReason, {
    Weather, NoTime, NotNeeded, CropLost, Equipment, Other
});
