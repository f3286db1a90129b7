//! What the fuzz targets share: a small real farm store, built once per
//! process through the `carnet` command line, and fresh copies of it.
//!
//! Every input starts from a copy of the same file, so a run is
//! deterministic: libFuzzer's coverage feedback and the crash reproducers
//! do not depend on what earlier inputs left behind.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clap::Parser;

/// The store file's name inside a data folder (what the CLI opens).
pub const STORE_FILE: &str = "carnet.sqlite3";

/// Runs `carnet --data DIR ARGS…` in-process; returns what it printed.
pub fn carnet(dir: &Path, args: &[&str]) -> anyhow::Result<String> {
    let mut argv = vec![
        "carnet".to_owned(),
        "--data".to_owned(),
        dir.display().to_string(),
        "--now".to_owned(),
        "2026-11-23T09:00:00+01:00".to_owned(),
        "--seed".to_owned(),
        "7".to_owned(),
    ];
    argv.extend(args.iter().map(|a| (*a).to_owned()));
    let cli = carnet_cli::Cli::try_parse_from(&argv)?;
    let mut out = Vec::new();
    carnet_cli::run(cli, &mut out)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// The folder holding the template store: a farm with beds, crops, people,
/// tasks in two months, a harvest and an observation.
pub fn template() -> &'static Path {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = scratch().join("template");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let beds = dir.join("beds.csv");
        std::fs::write(
            &beds,
            "planche;îlot;longueur (m);largeur\nA-01;Jardin A;30;0,8\nA-02;Jardin A;30;0,8\nB-01;Jardin B;12,5;1\n",
        )
        .unwrap();
        let steps: &[&[&str]] = &[
            &["init", "--farm", "Jardin des Aubes"],
            &["import", "beds", beds.to_str().unwrap()],
            &["crop", "add", "Tomate", "--family", "Solanacées", "--unit", "kg"],
            &["person", "add", "Awa", "--role", "worker", "--lang", "en"],
            &["person", "add", "Moussa", "--role", "team_leader"],
            &["task", "add", "Désherber A-01", "--kind", "weeding", "--due", "2026-11-23", "--bed", "A-01", "--crew", "Awa"],
            &["task", "add", "Pailler B-01", "--kind", "mulching", "--due", "2026-12-02", "--bed", "B-01"],
            &["harvest", "add", "--bed", "A-01", "--crop", "Tomate", "--weigh", "12.5kg", "--tare", "1.5", "--by", "Moussa"],
            &["observe", "--bed", "A-02", "--kind", "pest", "--severity", "2", "--note", "pucerons", "--by", "Awa"],
        ];
        for step in steps {
            if let Err(e) = carnet(&dir, step) {
                panic!("building the template store: carnet {step:?}: {e:#}");
            }
        }
        std::fs::remove_file(&beds).unwrap();
        // One self-contained file: the WAL folded in and gone.
        let conn = rusqlite::Connection::open(dir.join(STORE_FILE)).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
            .unwrap();
        drop(conn);
        dir
    })
}

/// A per-process folder under the system's temporary folder (tmpfs when
/// there is one), kept for the process's life.
pub fn scratch() -> &'static Path {
    static SCRATCH: OnceLock<PathBuf> = OnceLock::new();
    SCRATCH.get_or_init(|| {
        let base = if Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("carnet-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

/// A fresh data folder holding a copy of the template store.
pub fn fresh_copy() -> PathBuf {
    let template = template();
    let dir = scratch().join("work");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(template.join(STORE_FILE), dir.join(STORE_FILE)).unwrap();
    dir
}

/// Splits bytes into chunks at each automerge magic number, the way a
/// document's stored chunks follow each other; the seeds are real chunks
/// joined, so mutations land inside and between them.
pub fn split_chunks(data: &[u8]) -> Vec<&[u8]> {
    const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
    let mut starts: Vec<usize> = (1..data.len().saturating_sub(3))
        .filter(|&i| data[i..i + 4] == MAGIC)
        .collect();
    starts.insert(0, 0);
    starts.push(data.len());
    starts.windows(2).map(|w| &data[w[0]..w[1]]).collect()
}
