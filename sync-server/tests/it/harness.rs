//! A server on a loopback port over a temporary database, and the records
//! and enrollments the tests need.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::time::Duration;

use automerge::ActorId;
use carnet_core::FarmId;
use carnet_core::document::{Author, DocKey, Document, Domain};
use carnet_core::ids::PersonId;
use carnet_sync::{Config, DeviceId, Limits, Role, SqliteStorage, admin};
use chrono::{FixedOffset, TimeZone, Utc};
use rand::SeedableRng;
use rand::rngs::StdRng;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use uuid::Uuid;

/// A temporary folder holding the server's database; outlives restarts.
pub(crate) struct Fixture {
    _dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Fixture {
    pub(crate) fn new() -> Self {
        init_logging();
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("carnet-sync.sqlite3");
        Self { _dir: dir, db }
    }

    /// What `carnet-sync farm …` / `device …` use: a connection of its own.
    pub(crate) fn storage(&self) -> SqliteStorage {
        SqliteStorage::open(&self.db).unwrap()
    }

    pub(crate) fn farm(&self, name: &str) -> FarmId {
        admin::create_farm(&self.storage(), name, None, Utc::now())
            .unwrap()
            .id
    }

    pub(crate) fn enroll(&self, farm: FarmId, name: &str, role: Role) -> Enrolled {
        // Deterministic, and distinct per farm and device name.
        let seed = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        let mut rng = StdRng::seed_from_u64(seed ^ farm.0.as_u128() as u64);
        let enrolled = admin::enroll_device(
            &self.storage(),
            &farm.to_string(),
            name,
            role,
            &mut rng,
            Utc::now(),
        )
        .unwrap();
        Enrolled {
            id: enrolled.device.id,
            token: enrolled.token.as_str().to_owned(),
        }
    }

    pub(crate) async fn start(&self) -> TestServer {
        self.start_with(Limits::default()).await
    }

    pub(crate) async fn start_with(&self, limits: Limits) -> TestServer {
        TestServer::start(&self.db, limits).await
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Enrolled {
    pub id: DeviceId,
    pub token: String,
}

/// A running server. `stop` shuts it down gracefully; dropping it aborts it.
pub(crate) struct TestServer {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

impl TestServer {
    async fn start(db: &Path, limits: Limits) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut config = Config::new(db);
        config.limits = limits;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(carnet_sync::run(listener, config, async move {
            let _ = stopped.await;
        }));
        Self {
            addr,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub(crate) fn url(&self) -> String {
        format!("ws://{}/", self.addr)
    }

    /// Shuts down gracefully; fails the test if that takes over 10 s or errs.
    pub(crate) async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        let task = self.task.take().unwrap();
        tokio::time::timeout(Duration::from_secs(10), task)
            .await
            .expect("the server stops within 10 s")
            .expect("the server task does not panic")
            .expect("the server stops without error");
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

fn init_logging() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let filter = tracing_subscriber::EnvFilter::try_from_env("CARNET_SYNC_LOG")
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("off"));
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_test_writer()
            .try_init();
    });
}

pub(crate) fn catalog(farm: FarmId) -> DocKey {
    DocKey::Catalog { farm }
}

pub(crate) fn harvests(farm: FarmId, month: &str) -> DocKey {
    DocKey::Month {
        farm,
        domain: Domain::Harvests,
        month: month.parse().unwrap(),
    }
}

pub(crate) fn tasks(farm: FarmId, month: &str) -> DocKey {
    DocKey::Month {
        farm,
        domain: Domain::Tasks,
        month: month.parse().unwrap(),
    }
}

/// A device's copy of a document, with its own actor.
pub(crate) fn document(key: DocKey, actor: u8) -> Document {
    Document::new(key, ActorId::from(&[actor; 16][..]))
}

pub(crate) fn author(device: &str) -> Author {
    Author {
        person: PersonId(Uuid::from_u128(7)),
        device: device.to_owned(),
        now: FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 22, 9, 30, 0)
            .unwrap(),
    }
}

/// Writes a harvest weighing record, as a tablet would.
pub(crate) fn put_harvest(doc: &mut Document, key: &str, bed: &str, kg: f64) {
    doc.put_record(
        &author("tablette"),
        key,
        "harvest",
        &[
            ("bed", bed.into()),
            ("crop", "courgette".into()),
            ("kg", kg.into()),
        ],
    )
    .unwrap();
}

/// Writes a bed into a catalog, as a supervisor would.
pub(crate) fn put_bed(doc: &mut Document, key: &str, code: &str) {
    doc.put_record(
        &author("bureau"),
        key,
        "bed",
        &[("code", code.into()), ("length_m", 30.0.into())],
    )
    .unwrap();
}

pub(crate) fn record_keys(doc: &Document) -> Vec<String> {
    doc.records().into_iter().map(|r| r.key).collect()
}
