//! One store, one process: an exclusive OS lock on `<store>.lock`, taken
//! before SQLite opens the file and held for the `Store`'s lifetime.
//!
//! Why refuse rather than share: a `Store` keeps loaded documents in memory
//! and compacts a document's chunks from its in-memory copy. A second
//! process writing the same file between those two moments had its changes
//! dropped by the first one's compaction (issue 10: the CLI's 30 harvests
//! vanished from the documents while the projection still listed them).
//! Reloading on external change would be friendlier but must get every
//! cached document, the catalog read model and the compaction right under
//! a race; refusing is simple and cannot lose a record. The refused process
//! is told who holds the store (`carnet-app (pid 1234)`), so the person
//! knows what to close.
//!
//! The lock is the kernel's: `flock` on unix through `rustix` (Linux,
//! Android and macOS alike; std's `File::try_lock` is not implemented on
//! every one of them, Android among the doubtful), `LockFileEx` through
//! std elsewhere (Windows). A process that dies, even by SIGKILL, releases
//! it with its file descriptors, so a stale lock file never locks the store
//! for ever. The file's text (program and pid) is only a label for the
//! message; the lock itself is what decides.
//!
//! Deliberately not here: waiting for the holder to finish (a command that
//! hangs while the app is open would be worse than a clear refusal).

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::error::{Result, StoreError};

/// The held lock; dropping it (or the process ending) releases it.
#[derive(Debug)]
pub(crate) struct StoreLock {
    /// Kept open for the lock's sake; unlocked explicitly on drop.
    file: File,
}

impl Drop for StoreLock {
    /// Unlocks before closing. Closing alone is not enough: a `flock`
    /// belongs to the open file, which a process being spawned by another
    /// thread shares until it execs (its copy of the descriptor table);
    /// the lock then outlived the `Store` and an immediate reopen was
    /// refused (the e2e journey's "reopen store" flake). An explicit
    /// unlock releases the open file's lock whoever else holds a copy.
    fn drop(&mut self) {
        unlock(&self.file);
    }
}

impl StoreLock {
    /// Takes the lock of the store at `store`, or says who holds it.
    pub(crate) fn acquire(store: &Path) -> Result<StoreLock> {
        let path = lock_path(store);
        let display = store.display().to_string();
        let cannot = |e: std::io::Error| StoreError::NotAStore {
            path: display.clone(),
            problem: format!("cannot open its lock file {}: {e}", path.display()),
        };
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&path).map_err(cannot)?;
        match try_lock(&file) {
            Ok(true) => {}
            Ok(false) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                return Err(StoreError::InUse {
                    path: display,
                    holder: holder_label(&text),
                });
            }
            Err(e) => return Err(cannot(e)),
        }
        // Ours now: say who holds it, for the next process's message. A
        // failure here only makes that message vaguer.
        let _ = file.set_len(0);
        let _ = file.seek(SeekFrom::Start(0));
        let _ = writeln!(file, "{} {}", program_name(), std::process::id());
        let _ = file.flush();
        Ok(StoreLock { file })
    }
}

/// An exclusive lock without waiting: `Ok(false)` when another open file
/// (another process, or another `Store` in this one) holds it.
#[cfg(unix)]
fn try_lock(file: &File) -> std::io::Result<bool> {
    use rustix::fs::{FlockOperation, flock};
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(true),
        Err(e) if e == rustix::io::Errno::WOULDBLOCK => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(unix)]
fn unlock(file: &File) {
    if let Err(e) = rustix::fs::flock(file, rustix::fs::FlockOperation::Unlock) {
        // Closing the file still releases it once no copy is left.
        tracing::debug!(error = %e, "unlocking the store's lock file failed");
    }
}

#[cfg(not(unix))]
fn unlock(file: &File) {
    // Windows locks belong to the handle, which no child inherits
    // (std opens files non-inheritable); unlocking is for symmetry.
    let _ = file.unlock();
}

#[cfg(not(unix))]
fn try_lock(file: &File) -> std::io::Result<bool> {
    match file.try_lock() {
        Ok(()) => Ok(true),
        Err(std::fs::TryLockError::WouldBlock) => Ok(false),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

/// `carnet.sqlite3` → `carnet.sqlite3.lock`, beside it. Not the database
/// file itself: SQLite takes its own (fcntl) locks on that one, and on some
/// file systems `flock` is emulated with them.
pub(crate) fn lock_path(store: &Path) -> PathBuf {
    let mut name = store.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

fn program_name() -> String {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|name| !name.is_empty() && !name.contains(char::is_whitespace))
        .unwrap_or_else(|| "carnet".to_owned())
}

/// `carnet-app 1234` → `carnet-app (pid 1234)`; an empty or unreadable
/// file (the holder has not written it yet) → `another process`.
fn holder_label(text: &str) -> String {
    let mut words = text.split_whitespace();
    match (
        words.next(),
        words.next().and_then(|p| p.parse::<u32>().ok()),
    ) {
        (Some(program), Some(pid)) => format!("{program} (pid {pid})"),
        _ => "another process".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_one_store_is_refused_with_the_holder_named() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("carnet.sqlite3");
        let held = StoreLock::acquire(&store).unwrap();
        let err = StoreLock::acquire(&store).unwrap_err();
        let StoreError::InUse { holder, .. } = &err else {
            panic!("expected InUse, got {err:?}");
        };
        assert_eq!(
            holder,
            &format!("{} (pid {})", program_name(), std::process::id())
        );
        assert_eq!(err.code(), "store_in_use");
        drop(held);
        StoreLock::acquire(&store).expect("free again once the holder is gone");
    }

    #[test]
    fn a_lock_file_left_behind_does_not_lock_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("carnet.sqlite3");
        // What a SIGKILLed process leaves: the file, its text, no lock.
        std::fs::write(lock_path(&store), "carnet-app 999999\n").unwrap();
        StoreLock::acquire(&store).expect("a dead process holds nothing");
    }

    #[test]
    fn holder_label_reads_program_and_pid_or_says_another_process() {
        assert_eq!(holder_label("carnet-app 1234\n"), "carnet-app (pid 1234)");
        assert_eq!(holder_label(""), "another process");
        assert_eq!(holder_label("garbage"), "another process");
    }

    /// The e2e journey's flake ("reopen store", issue 10): another thread
    /// spawning a process (the test harness runs tests side by side, many
    /// of which start `carnet` or `carnet-sync`) hands the child a copy of
    /// every file descriptor until it execs, the lock file's included; a
    /// `flock` belongs to the open file, so the copy kept the lock alive
    /// after the `Store` was dropped, and an immediate reopen was refused.
    /// A released lock must be free at once whatever children are starting.
    #[cfg(unix)]
    #[test]
    fn a_dropped_lock_is_free_at_once_while_other_threads_spawn_processes() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("carnet.sqlite3");
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let spawners: Vec<_> = (0..2)
            .map(|_| {
                let stop = stop.clone();
                std::thread::spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        let _ = std::process::Command::new("true").status();
                    }
                })
            })
            .collect();
        let mut refused = 0;
        for _ in 0..300 {
            // Each lock taken is dropped at once (the temporary).
            if StoreLock::acquire(&store).is_err() {
                refused += 1;
            }
        }
        stop.store(true, Ordering::Relaxed);
        for s in spawners {
            s.join().unwrap();
        }
        assert_eq!(refused, 0, "reopens refused out of 300");
    }
}
