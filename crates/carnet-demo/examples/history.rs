//! Writes the demo garden with DAYS of history into DIR/carnet.sqlite3, for
//! the launch benchmark: `cargo run --release -p carnet-demo --example
//! history -- DIR DAYS [TODAY]`.

use carnet_demo::{DemoOptions, SteerableClock, fill};
use carnet_store::{Store, StoreEnv, system_clock};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("usage: history DIR DAYS [TODAY]")?;
    let days: u32 = args
        .next()
        .ok_or("usage: history DIR DAYS [TODAY]")?
        .parse()?;
    let today = match args.next() {
        Some(t) => t.parse()?,
        None => chrono::Local::now().date_naive(),
    };
    let steer = SteerableClock::new();
    let env = StoreEnv::seeded(7, steer.wrap(system_clock()), "banc d'essai");
    let mut store = Store::open(&std::path::Path::new(&dir).join("carnet.sqlite3"), env)?;
    let started = std::time::Instant::now();
    let offset = *chrono::Local::now().offset();
    let options = DemoOptions {
        history_days: days,
        ..DemoOptions::month_before(today, offset)
    };
    let summary = fill(&mut store, &steer, &options)?;
    eprintln!(
        "{days} days: {summary:?} in {:.1} s, {} bytes of chunks",
        started.elapsed().as_secs_f64(),
        store.stored_bytes()?
    );
    Ok(())
}
