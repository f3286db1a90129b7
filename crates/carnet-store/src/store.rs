//! The store: one SQLite file holding a device's documents (as chunks), its
//! sync states and the projection tables the UI reads.
//!
//! Every user action is one SQLite transaction holding the document's new
//! chunk and the projection rows it changes, so what is acknowledged is both
//! durable and visible, or neither. If persisting fails, the in-memory
//! document is dropped and reloaded from disk, so memory never runs ahead of
//! what is stored.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use automerge::ActorId;
use carnet_core::catalog::Catalog;
use carnet_core::catalog::create_farm;
use carnet_core::document::{Author, DocKey, Document};
use carnet_core::ids::{DocumentId, FarmId, PersonId};
use carnet_core::record::read_records;
use carnet_core::roles::{Action, DeviceRole};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use uuid::Uuid;

use crate::env::StoreEnv;
use crate::error::{Result, StoreError};
use crate::schema;

/// A device's local store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    pub(crate) env: StoreEnv,
    actor: ActorId,
    farm: Option<FarmId>,
    /// Documents loaded, each with the tick of its last use: at most
    /// `cache_bound` of them, the least recently used evicted first (see
    /// `document`). Dropped on a failed persist.
    docs: HashMap<DocKey, (Document, u64)>,
    /// Counts uses of `docs`, for the least-recently-used order.
    tick: u64,
    cache_bound: usize,
    /// The catalog read model, rebuilt from the projection after any change
    /// to the catalog document.
    catalog: Option<Catalog>,
    /// The OS lock that makes this process the store's only user (see
    /// `lock`). Declared last so it is released after `Drop` has run
    /// housekeeping and the connection has closed.
    _lock: crate::lock::StoreLock,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("farm", &self.farm)
            .finish()
    }
}

/// How many loaded documents a store keeps in memory by default. The app
/// touches about seven at a time (the catalog and this month and last of
/// each domain); reports and syncs of older months come and go. A month of
/// a busy farm holds a few megabytes once loaded, so this keeps an app open
/// for a whole season flat in memory (the `season` row of BENCHMARKS.md)
/// while a base device's sync over two years reloads a document per round
/// trip at worst, a few milliseconds each.
pub const DOCUMENT_CACHE: usize = 16;

/// `housekeeping` compacts a document once its incremental chunks outgrow
/// its snapshot or this many bytes.
const COMPACTION_FLOOR: i64 = 4096;
/// A write compacts its own document only when housekeeping has let the
/// incremental chunks grow to this many times the threshold above.
const INLINE_COMPACTION_FACTOR: i64 = 4;

/// What `Store::housekeeping` did.
#[derive(Debug, Default)]
pub struct Housekeeping {
    /// Documents whose chunks became one snapshot.
    pub compacted: usize,
    /// WAL pages copied into the database file.
    pub wal_pages_checkpointed: i64,
    /// Documents that did not load (corrupt chunks): left as they are.
    pub skipped: Vec<StoreError>,
}

impl Drop for Store {
    /// The CLI's process ends here: leave the store compact and
    /// checkpointed. Quietly: a failure (a full disk) loses nothing, and the
    /// next housekeeping tries again.
    fn drop(&mut self) {
        if let Err(e) = self.housekeeping() {
            tracing::debug!(error = %e, "housekeeping on close failed");
        }
    }
}

/// The meta key of this device's human name.
pub const DEVICE_LABEL: &str = "device_label";

/// Metadata key of the role the server enrolled this device with (`field`,
/// `base`, `viewer`), written by the sync client's enrolment.
pub const DEVICE_ROLE: &str = "server_role";
/// The meta key of the store file's identity (see `file_identity`).
const FILE_IDENTITY: &str = "file_identity";
/// The meta key set when `open` found a copied store: the actor id the
/// original file writes under (hex). `carnet status` shows it.
pub(crate) const COPIED_FROM_ACTOR: &str = "copied_from_actor";

/// What a write touched: the records whose projection rows to refresh.
pub(crate) type Touched = Vec<Uuid>;

impl Store {
    /// Opens (or creates) the store file at `path`.
    pub fn open(path: &Path, env: StoreEnv) -> Result<Store> {
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            create_private_dir(dir).map_err(|e| StoreError::NotAStore {
                path: dir.display().to_string(),
                problem: format!("cannot create the folder: {e}"),
            })?;
        }
        carnet_chunks::create_private_file(path);
        // Before SQLite opens the file: a second process must not even
        // migrate or rebuild the projection under the first one's feet.
        let lock = crate::lock::StoreLock::acquire(path)?;
        let display = path.display().to_string();
        let not_a_store = |e: rusqlite::Error| StoreError::NotAStore {
            path: display.clone(),
            problem: e.to_string(),
        };
        let mut conn = Connection::open(path).map_err(not_a_store)?;
        carnet_chunks::restrict_permissions(path);
        schema::configure(&conn).map_err(|e| match e {
            StoreError::Sqlite(e) => not_a_store(e),
            other => other,
        })?;
        let rebuild = schema::migrate(&mut conn, &display).map_err(|e| match e {
            StoreError::Sqlite(e) => not_a_store(e),
            other => other,
        })?;
        let mut env = env;
        let actor = match meta(&conn, "actor")? {
            Some(hex) => ActorId::try_from(hex.as_str()).map_err(|e| StoreError::NotAStore {
                path: display.clone(),
                problem: format!("bad actor id: {e}"),
            })?,
            None => {
                // Each install has its own actor id (docs/DESIGN.md §3).
                let actor = ActorId::from(&env.random_bytes::<16>()[..]);
                set_meta(&conn, "actor", &actor.to_hex_string())?;
                actor
            }
        };
        // A copied (or restored) file must not go on writing under the
        // original's actor: Automerge would refuse the copy's later changes
        // as reused sequence numbers, i.e. they would never sync. The file
        // remembers which file it is; a file that is not the one that
        // remembered takes a new actor here, before any write.
        let actor = match (file_identity(path), meta(&conn, FILE_IDENTITY)?) {
            (Some(now), Some(remembered)) if now != remembered => {
                let fresh = ActorId::from(&env.random_bytes::<16>()[..]);
                tracing::warn!(
                    path = ?path,
                    previous_actor = actor.to_hex_string(),
                    actor = fresh.to_hex_string(),
                    "store file copied or restored: this install takes a new actor id"
                );
                set_meta(&conn, "actor", &fresh.to_hex_string())?;
                set_meta(&conn, COPIED_FROM_ACTOR, &actor.to_hex_string())?;
                set_meta(&conn, FILE_IDENTITY, &now)?;
                fresh
            }
            (Some(now), None) => {
                set_meta(&conn, FILE_IDENTITY, &now)?;
                actor
            }
            _ => actor,
        };
        // The device's name, once set (`carnet init --device`, the app's
        // settings), belongs to the store: it wins over the caller's default.
        if let Some(label) = meta(&conn, DEVICE_LABEL)?.filter(|l| !l.trim().is_empty()) {
            env.device_label = label;
        }
        let farm = meta(&conn, "farm_id")?.map(|s| s.parse()).transpose()?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
            env,
            actor,
            farm,
            docs: HashMap::new(),
            tick: 0,
            cache_bound: DOCUMENT_CACHE,
            catalog: None,
            _lock: lock,
        };
        if rebuild {
            let problems = store.rebuild_projection()?;
            for p in problems {
                tracing::warn!(error = %p, "document skipped while rebuilding the projection");
            }
        }
        Ok(store)
    }

    /// The actor id of the file this store was copied from, when `open`
    /// found the file to be a copy (another tablet's file, a restored
    /// backup). The copy writes under its own actor since then.
    pub fn copied_from(&self) -> Result<Option<String>> {
        meta(&self.conn, COPIED_FROM_ACTOR)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn actor(&self) -> &ActorId {
        &self.actor
    }

    pub fn device_label(&self) -> &str {
        &self.env.device_label
    }

    pub fn farm_id(&self) -> Result<FarmId> {
        self.farm.ok_or(StoreError::NoFarm)
    }

    pub fn catalog_key(&self) -> Result<DocKey> {
        Ok(DocKey::Catalog {
            farm: self.farm_id()?,
        })
    }

    /// Names this device ("tablette 2"): kept in the store, written beside
    /// its actor id in every document it changes from now on.
    pub fn set_device_label(&mut self, label: &str) -> Result<()> {
        let label = carnet_core::values::Name::parse("device", label)?;
        set_meta(&self.conn, DEVICE_LABEL, label.as_str())?;
        self.env.device_label = label.to_string();
        Ok(())
    }

    /// Restarts the id generator from `seed`. Deterministic tools (tests, the
    /// CLI's `--seed`) call it with a seed that differs per run, so a second
    /// process does not draw the first one's ids again.
    pub fn reseed(&mut self, seed: u64) {
        use rand::SeedableRng;
        self.env.rng = rand::rngs::StdRng::seed_from_u64(seed);
    }

    /// Creates the farm and its catalog document.
    pub fn init_farm(
        &mut self,
        name: carnet_core::values::Name,
    ) -> Result<carnet_core::catalog::Farm> {
        if let Some(farm) = self.farm {
            return Err(StoreError::FarmExists(farm.to_string()));
        }
        let now = (self.env.clock)();
        let farm_id = FarmId(self.env.new_id(now));
        self.farm = Some(farm_id);
        let result = self.write(
            DocKey::Catalog { farm: farm_id },
            PersonId(Uuid::nil()),
            |doc, _, author| {
                let farm = create_farm(doc, author, name)?;
                Ok((farm.clone(), vec![farm.id.0]))
            },
        );
        match result {
            Ok(farm) => {
                set_meta(&self.conn, "farm_id", &farm_id.to_string())?;
                Ok(farm)
            }
            Err(e) => {
                self.farm = None;
                Err(e)
            }
        }
    }

    /// Joins an existing farm (a device enrolled with a server). Local work
    /// made before under another farm id is not touched.
    pub fn adopt_farm(&mut self, farm: FarmId) -> Result<()> {
        self.farm = Some(farm);
        self.catalog = None;
        set_meta(&self.conn, "farm_id", &farm.to_string())
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        meta(&self.conn, key)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        set_meta(&self.conn, key, value)
    }

    /// The role this device was enrolled with; a store never enrolled is
    /// its supervisor's own device and acts as `base`. A role this version
    /// does not know (written by a newer client) reads as `viewer`: a device
    /// unsure of its rights writes nothing rather than what the server
    /// would refuse.
    pub fn device_role(&self) -> Result<DeviceRole> {
        Ok(match self.meta(DEVICE_ROLE)? {
            None => DeviceRole::Base,
            Some(role) => role.parse().unwrap_or(DeviceRole::Viewer),
        })
    }

    /// Whether the person `by` may do `action` on this device: their role
    /// (core's `Role::may`) and the device's (`DeviceRole::may`). A person
    /// the catalog does not know may do nothing.
    pub fn check_may(&mut self, by: PersonId, action: Action) -> Result<()> {
        self.check_device_may(action)?;
        let person = self
            .catalog()?
            .people
            .get(&by)
            .ok_or_else(|| carnet_core::Error::not_found("person", by.to_string()))?;
        if !person.role.may(action) {
            return Err(StoreError::PersonForbids {
                role: person.role,
                action,
            });
        }
        Ok(())
    }

    /// Whether this device may offer `action` at all, whoever holds it (the
    /// CLI's administrator, who is no person of the catalog, is checked
    /// against this only).
    pub fn check_device_may(&self, action: Action) -> Result<()> {
        let device = self.device_role()?;
        if !device.may(action) {
            return Err(StoreError::RoleForbids {
                role: device,
                document: action.as_str().to_owned(),
            });
        }
        Ok(())
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The author of a write made now by `person` on this device.
    pub(crate) fn author(&mut self, person: PersonId) -> Author {
        Author {
            person,
            device: self.env.device_label.clone(),
            now: (self.env.clock)(),
        }
    }

    /// Loads a document from its chunks, or starts an empty one.
    ///
    /// The only place a document enters the cache, and so the only place one
    /// is evicted: the least recently used, once more than `cache_bound` are
    /// loaded. An evicted document never holds unsaved state, because every
    /// change made to a cached document (a write's action, a received sync
    /// message) is persisted, or the document dropped, before the next call
    /// here; what is evicted is exactly what the chunks hold, and the next
    /// use reloads it from them.
    pub fn document(&mut self, key: DocKey) -> Result<&mut Document> {
        self.tick += 1;
        if !self.docs.contains_key(&key) {
            let doc = self.load_document(key)?;
            self.evict_to(self.cache_bound - 1);
            self.docs.insert(key, (doc, self.tick));
        }
        let (doc, used) = self.docs.get_mut(&key).expect("just inserted");
        *used = self.tick;
        Ok(doc)
    }

    /// How many documents are loaded in memory now.
    pub fn cached_documents(&self) -> usize {
        self.docs.len()
    }

    /// Sets how many loaded documents this store keeps (at least one);
    /// `DOCUMENT_CACHE` unless changed. Evicts the least recently used
    /// beyond the new bound.
    pub fn set_document_cache(&mut self, bound: usize) {
        self.cache_bound = bound.max(1);
        self.evict_to(self.cache_bound);
    }

    /// Drops the least recently used documents until `keep` remain. A scan:
    /// the cache holds a handful, and loading one costs far more.
    fn evict_to(&mut self, keep: usize) {
        while self.docs.len() > keep {
            let oldest = self
                .docs
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| *k)
                .expect("a non-empty cache");
            self.docs.remove(&oldest);
        }
    }

    fn load_document(&self, key: DocKey) -> Result<Document> {
        let chunks = carnet_chunks::load(&self.conn, &key.id().to_string())?;
        Ok(Document::load(
            key,
            chunks.iter().map(Vec::as_slice),
            self.actor.clone(),
        )?)
    }

    /// Runs one user action on one document and persists it: the change's
    /// chunk and the projection rows of the records it touched, in one
    /// transaction.
    pub(crate) fn write<R>(
        &mut self,
        key: DocKey,
        person: PersonId,
        action: impl FnOnce(&mut Document, &Catalog, &Author) -> carnet_core::Result<(R, Touched)>,
    ) -> Result<R> {
        let author = self.author(person);
        self.write_as(key, author, action)
    }

    /// The gates every write passes before a document is even loaded, so
    /// that a refused write stores nothing: the device's role (what the
    /// server would refuse at sync is refused here) and the device's clock
    /// (a wrong one would stamp the record, and file it, in a month nobody
    /// looks at).
    fn may_write(&mut self, keys: &[DocKey], author: &Author) -> Result<()> {
        let role = self.device_role()?;
        if let Some(key) = keys.iter().find(|k| !role.may_write(k)) {
            return Err(StoreError::RoleForbids {
                role,
                document: key.to_string(),
            });
        }
        self.check_clock(author.now)
    }

    /// As `write`, with an author whose time the caller already read (the
    /// document to write may depend on that time).
    pub(crate) fn write_as<R>(
        &mut self,
        key: DocKey,
        author: Author,
        action: impl FnOnce(&mut Document, &Catalog, &Author) -> carnet_core::Result<(R, Touched)>,
    ) -> Result<R> {
        self.may_write(&[key], &author)?;
        let catalog = self.catalog()?.clone();
        let doc = self.document(key)?;
        match action(doc, &catalog, &author) {
            Ok((result, touched)) => {
                self.persist(key, Some(&touched))?;
                Ok(result)
            }
            Err(e) => {
                // An action that failed halfway (the fifth row of an import)
                // may have committed changes in memory: forget them.
                self.docs.remove(&key);
                Err(e.into())
            }
        }
    }

    /// Saves what changed in a document since its last save, and refreshes
    /// the projection of `touched` records (or of the whole document).
    pub(crate) fn persist(&mut self, key: DocKey, touched: Option<&[Uuid]>) -> Result<()> {
        let outcome = self.persist_inner(key, touched, None);
        if outcome.is_err() {
            // Memory must not run ahead of the disk: reload on next use.
            self.docs.remove(&key);
            self.catalog = None;
        }
        outcome
    }

    /// As `persist`, also saving a peer's sync state in the same transaction.
    pub(crate) fn persist_with_sync_state(
        &mut self,
        key: DocKey,
        peer: &str,
        state: &[u8],
    ) -> Result<()> {
        let outcome = self.persist_inner(key, None, Some((peer, state)));
        if outcome.is_err() {
            self.docs.remove(&key);
            self.catalog = None;
        }
        outcome
    }

    fn persist_inner(
        &mut self,
        key: DocKey,
        touched: Option<&[Uuid]>,
        sync_state: Option<(&str, &[u8])>,
    ) -> Result<()> {
        let catalog = if matches!(key, DocKey::Catalog { .. }) {
            None
        } else {
            Some(self.catalog()?.clone())
        };
        let (doc, _) = self.docs.get_mut(&key).expect("persist after load");
        let tx = self.conn.transaction()?;
        save_in(&tx, key, doc, touched, sync_state, catalog.as_ref())?;
        tx.commit()?;
        if matches!(key, DocKey::Catalog { .. }) {
            let before = self.catalog.take().map(|c| c.templates);
            if touched.is_none() {
                self.refresh_instances(before)?;
            }
        }
        Ok(())
    }

    /// Runs one user action on two month documents (a task moved from one
    /// month to another) and persists both in one transaction: the move is
    /// acknowledged with both copies on disk, or not at all. Neither may be
    /// the catalog.
    pub(crate) fn write_pair<R>(
        &mut self,
        keys: [DocKey; 2],
        person: PersonId,
        action: impl FnOnce(
            &mut Document,
            &mut Document,
            &Catalog,
            &Author,
        ) -> carnet_core::Result<(R, Touched)>,
    ) -> Result<R> {
        let author = self.author(person);
        self.may_write(&keys, &author)?;
        let catalog = self.catalog()?.clone();
        // Both are taken out of the cache while the action runs (the cache
        // may hold a single document); they go back only once saved.
        let mut first = self.take_document(keys[0])?;
        let mut second = self.take_document(keys[1])?;
        let (result, touched) = action(&mut first, &mut second, &catalog, &author)?;
        let tx = self.conn.transaction()?;
        save_in(
            &tx,
            keys[0],
            &mut first,
            Some(&touched),
            None,
            Some(&catalog),
        )?;
        save_in(
            &tx,
            keys[1],
            &mut second,
            Some(&touched),
            None,
            Some(&catalog),
        )?;
        tx.commit()?;
        for (key, doc) in [(keys[0], first), (keys[1], second)] {
            self.tick += 1;
            self.docs.insert(key, (doc, self.tick));
        }
        self.evict_to(self.cache_bound);
        Ok(result)
    }

    /// A document out of the cache, loaded if it was not there. The caller
    /// owns it; dropping it forgets whatever it changed in memory.
    fn take_document(&mut self, key: DocKey) -> Result<Document> {
        match self.docs.remove(&key) {
            Some((doc, _)) => Ok(doc),
            None => self.load_document(key),
        }
    }

    /// After a merge into the catalog, re-projects the documents holding
    /// instances of recurring tasks whose template changed: they read their
    /// unedited fields from it.
    fn refresh_instances(
        &mut self,
        before: Option<
            std::collections::BTreeMap<
                carnet_core::ids::TemplateId,
                carnet_core::tasks::TaskTemplate,
            >,
        >,
    ) -> Result<()> {
        let after = self.catalog()?.templates.clone();
        let changed: Vec<String> = after
            .iter()
            .filter(|(id, t)| before.as_ref().and_then(|b| b.get(id)) != Some(t))
            .map(|(id, _)| id.to_string())
            .collect();
        if changed.is_empty() {
            return Ok(());
        }
        let mut doc_ids = std::collections::BTreeSet::new();
        for template in &changed {
            let mut stmt = self.conn.prepare_cached(
                "SELECT DISTINCT doc_id FROM records WHERE type = 'task' AND parent = ?1",
            )?;
            for row in stmt.query_map([template], |r| r.get::<_, String>(0))? {
                doc_ids.insert(row?);
            }
        }
        for doc_id in doc_ids {
            let id: DocumentId = doc_id.parse()?;
            if let Some(key) = self.key_of(id)? {
                self.document(key)?;
                self.persist(key, None)?;
            }
        }
        Ok(())
    }

    /// The catalog read model, from the projection.
    pub fn catalog(&mut self) -> Result<&Catalog> {
        if self.catalog.is_none() {
            let catalog = match self.farm {
                None => Catalog::default(),
                Some(farm) => {
                    let doc_id = DocKey::Catalog { farm }.id().to_string();
                    let mut stmt = self
                        .conn
                        .prepare_cached("SELECT id, json FROM records WHERE doc_id = ?1")?;
                    let rows = stmt.query_map([doc_id], |r| {
                        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                    })?;
                    let mut records = Vec::new();
                    for row in rows {
                        let (id, json) = row?;
                        records.push(crate::rows::decode(&id, &json)?);
                    }
                    Catalog::from_records(records)
                }
            };
            self.catalog = Some(catalog);
        }
        Ok(self.catalog.as_ref().expect("just set"))
    }

    /// Every document this store holds.
    pub fn documents(&self) -> Result<Vec<DocKey>> {
        let mut stmt = self
            .conn
            .prepare("SELECT key FROM documents ORDER BY key")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut keys = Vec::new();
        for row in rows {
            keys.push(crate::health::decode_key(&row?)?);
        }
        Ok(keys)
    }

    /// Drops and rebuilds every projection row from the documents. A document
    /// that does not load is skipped and reported; its chunks stay untouched.
    pub fn rebuild_projection(&mut self) -> Result<Vec<StoreError>> {
        let mut problems = Vec::new();
        self.conn.execute_batch(
            "DELETE FROM records; DELETE FROM record_beds; DELETE FROM conflicts;
             DELETE FROM unreadable; DELETE FROM record_copies;",
        )?;
        self.catalog = None;
        let mut keys = self.documents()?;
        // The catalog first: other documents' conflicts are named from it.
        keys.sort_by_key(|k| !matches!(k, DocKey::Catalog { .. }));
        for key in keys {
            let outcome = self
                .document(key)
                .map(|_| ())
                .and_then(|()| self.persist(key, None));
            if let Err(e) = outcome {
                problems.push(e);
            }
        }
        Ok(problems)
    }

    /// Work kept off the write path, for when the device is idle: compacts
    /// every document whose incremental chunks outgrew its snapshot (each in
    /// its own transaction), then checkpoints the WAL into the database.
    /// The app runs it after each round of its sync loop, and a store runs
    /// it when dropped (the CLI's exit). Measured: done inside writes, these
    /// two made one write in fifty take 7–13 ms instead of 2 (BENCHMARKS.md).
    /// A document that does not load is skipped and reported, never touched.
    pub fn housekeeping(&mut self) -> Result<Housekeeping> {
        let due: Vec<(String, String)> = {
            let mut stmt = self.conn.prepare(
                "SELECT doc_id, key FROM documents
                 WHERE incremental_bytes > MAX(snapshot_bytes, ?1) ORDER BY doc_id",
            )?;
            stmt.query_map([COMPACTION_FLOOR], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut done = Housekeeping::default();
        for (doc_id, key) in due {
            let key = crate::health::decode_key(&key)?;
            let snapshot = match self.document(key) {
                Ok(doc) => doc.snapshot(),
                Err(e) => {
                    done.skipped.push(e);
                    continue;
                }
            };
            let tx = self.conn.transaction()?;
            compact(&tx, &doc_id, &snapshot)?;
            tx.commit()?;
            done.compacted += 1;
        }
        done.wal_pages_checkpointed =
            self.conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get::<_, i64>(2))?;
        Ok(done)
    }

    /// Bytes of stored chunks, for status and benchmarks.
    pub fn stored_bytes(&self) -> Result<i64> {
        Ok(carnet_chunks::stored_bytes(&self.conn)?)
    }

    pub(crate) fn sync_state(&self, key: DocKey, peer: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row(
                "SELECT bytes FROM sync_states WHERE doc_id = ?1 AND peer = ?2",
                params![key.id().to_string(), peer],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Local changes not yet known to be on the server, all documents.
    pub fn pending_changes(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(SUM(pending), 0) FROM outbox", [], |r| {
                r.get(0)
            })?)
    }

    /// Local changes of one document not yet known to be on the server.
    pub fn pending_for(&self, key: DocKey) -> Result<i64> {
        Ok(self
            .conn
            .query_row(
                "SELECT pending FROM outbox WHERE doc_id = ?1",
                [key.id().to_string()],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0))
    }

    /// Records that the server holds everything of `key` that was pending
    /// when the caller checked (`seen`); later writes stay pending.
    pub fn mark_synced(&mut self, key: DocKey, seen: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE outbox SET pending = MAX(pending - ?2, 0) WHERE doc_id = ?1",
            params![key.id().to_string(), seen],
        )?;
        Ok(())
    }

    /// Whether this store holds any chunk of the document.
    pub fn has_document(&self, key: DocKey) -> Result<bool> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM documents WHERE doc_id = ?1")?;
        Ok(stmt.exists([key.id().to_string()])?)
    }

    /// The document id's key, if this store holds that document.
    pub fn key_of(&self, id: DocumentId) -> Result<Option<DocKey>> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT key FROM documents WHERE doc_id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        text.map(|t| crate::health::decode_key(&t)).transpose()
    }
}

/// Appends a local or received change, creating the document's row (with
/// its key, which only the device keeps) on its first chunk.
fn append_chunk(tx: &Transaction<'_>, key: DocKey, doc_id: &str, bytes: &[u8]) -> Result<()> {
    tx.execute(
        "INSERT INTO documents (doc_id, key) VALUES (?1, ?2) ON CONFLICT (doc_id) DO NOTHING",
        params![doc_id, key.name()],
    )?;
    carnet_chunks::append(tx, doc_id, bytes)?;
    Ok(())
}

/// Saves what changed in a document since its last save and refreshes the
/// projection of `touched` records (or of the whole document), in the
/// caller's transaction. `catalog` names the conflicts; `None` for the
/// catalog document itself, which is read from its own records.
fn save_in(
    tx: &Transaction<'_>,
    key: DocKey,
    doc: &mut Document,
    touched: Option<&[Uuid]>,
    sync_state: Option<(&str, &[u8])>,
    catalog: Option<&Catalog>,
) -> Result<()> {
    let doc_id = key.id().to_string();
    if let Some(bytes) = doc.take_incremental() {
        append_chunk(tx, key, &doc_id, &bytes)?;
        // A local write: one more change the server has not seen. Not for
        // a document no server takes (a month of 1970 a redate leaves its
        // mark in): it would wait for ever and the tablet would never say
        // it is safe to switch off.
        if touched.is_some() && crate::health::is_syncable(key) {
            tx.execute(
                "INSERT INTO outbox (doc_id, pending) VALUES (?1, 1)
                 ON CONFLICT (doc_id) DO UPDATE SET pending = pending + 1",
                [&doc_id],
            )?;
        }
        let (snapshot, incremental): (i64, i64) = tx.query_row(
            "SELECT snapshot_bytes, incremental_bytes FROM documents WHERE doc_id = ?1",
            [&doc_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // Compaction waits for `housekeeping`, unless it has not run
        // for so long that loading the document would suffer.
        if incremental > INLINE_COMPACTION_FACTOR * snapshot.max(COMPACTION_FLOOR) {
            let snapshot = doc.snapshot();
            compact(tx, &doc_id, &snapshot)?;
        }
    }
    if let Some((peer, state)) = sync_state {
        tx.execute(
            "INSERT INTO sync_states (doc_id, peer, bytes) VALUES (?1, ?2, ?3)
             ON CONFLICT (doc_id, peer) DO UPDATE SET bytes = excluded.bytes",
            params![doc_id, peer, state],
        )?;
    }
    let names = match catalog {
        Some(c) => c.clone(),
        None => Catalog::from_records(read_records(doc).0),
    };
    match touched {
        Some(ids) => {
            for id in ids {
                crate::project::project_record(tx, doc, &names, &id.to_string())?;
            }
        }
        None => crate::project::project_document(tx, doc, &names)?,
    }
    Ok(())
}

/// Replaces a document's chunks by one snapshot, in the caller's transaction.
fn compact(tx: &Transaction<'_>, doc_id: &str, snapshot: &[u8]) -> Result<()> {
    carnet_chunks::replace_with_snapshot(tx, doc_id, snapshot)?;
    Ok(())
}

fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// Which file this is, as the file system names it: its device and inode
/// numbers on unix (Linux, Android, macOS), which a copy or a restored
/// backup never shares with the original while a rename keeps them. A
/// spurious change (a file system renumbered on remount) only costs a new
/// actor id, which loses nothing. Elsewhere the creation time stands in,
/// or nothing when the platform has none (no detection there).
fn file_identity(path: &Path) -> Option<String> {
    let metadata = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(format!("unix:{}:{}", metadata.dev(), metadata.ino()))
    }
    #[cfg(not(unix))]
    {
        let created = metadata.created().ok()?;
        let since = created.duration_since(std::time::UNIX_EPOCH).ok()?;
        Some(format!("created:{}", since.as_nanos()))
    }
}

/// The store's folder, created readable by its owner only (0700 on unix):
/// the store is not encrypted, so other accounts on the machine must not
/// list or read it. A folder that already exists is left as it is: it may
/// be one the person chose (`--data`) and shares with other files.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}
