//! `carnet init`: creates the farm in a new store and names this device.
//!
//! Deliberately not here: joining a farm that exists on a server (that is
//! enrolment, done by the sync commands of the app).

use carnet_core::values::Name;
use clap::Args;

use crate::app::{Context, DEVICE_LABEL, default_device_label};
use crate::json::FarmJson;
use crate::output::Output;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The farm's name
    #[arg(long, value_name = "NAME")]
    farm: String,
    /// This device's name, shown beside its edits in conflicts [default: the hostname]
    #[arg(long, value_name = "NAME")]
    device: Option<String>,
}

pub(crate) fn init(ctx: &Context, args: InitArgs) -> anyhow::Result<Output> {
    let name = Name::parse("farm", &args.farm)?;
    let device = match &args.device {
        Some(device) => Name::parse("device", device)?.to_string(),
        None => default_device_label(),
    };
    let mut store = ctx.create(&device)?;
    let farm = store.init_farm(name)?;
    store.set_meta(DEVICE_LABEL, &device)?;
    let json = FarmJson::from((&farm, device.as_str()));
    Output::pick(ctx.json, &json, || farm.id.to_string())
}
