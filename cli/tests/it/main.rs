//! End-to-end tests of the `carnet` binary: each test runs the real program
//! on a store in its own temporary folder, with the clock and the id
//! generator fixed (`--now`, `--seed`) so that outputs are snapshots.

mod bad_input;
mod clock;
mod command_line;
mod csv_files;
mod edits;
mod journey;
mod recurring;
mod two_processes;

use std::path::{Path, PathBuf};
use std::process::Command;

use expect_test::Expect;
use tempfile::TempDir;

/// The clock every command runs with unless told otherwise: Monday
/// 23 November 2026, 8 am in Provence.
pub const NOW: &str = "2026-11-23T08:00:00+01:00";

/// A farm's store in a temporary folder.
#[derive(Debug)]
pub struct Farm {
    dir: TempDir,
}

/// What one run of the program left behind.
#[derive(Debug)]
pub struct Run {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Farm {
    /// A folder without a store.
    pub fn empty() -> Farm {
        Farm {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    /// A store holding a farm and nothing else.
    pub fn init() -> Farm {
        let farm = Farm::empty();
        farm.ok("init --farm 'Jardin de la Durance' --device tablette-1");
        farm
    }

    /// A farm with beds, crops (with conversions), people and an outlet.
    pub fn planted() -> Farm {
        let farm = Farm::init();
        for line in [
            "bed add A-07 --zone Nord --length 30 --width 0,8",
            "bed add a-08 --zone Nord --length 30 --width 0.8",
            "bed add B-01 --zone Sud --length 25 --width 1.2",
            "crop add Radis --family Brassicacées --unit botte --kg-per bunch=0,35",
            "crop add Tomate --family Solanacées --unit kg --kg-per crate=6",
            "crop add Salade --family Astéracées --unit piece",
            "person add Awa --role \"chef d'équipe\" --pin 1234",
            "person add Moussa --role worker --lang en",
            "person add Léa --role encadrante",
            "--as Léa outlet add 'Cantine école Jean Moulin' --kind cantine",
        ] {
            farm.ok(line);
        }
        farm
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `carnet` with the fixed clock and seed, and this farm's folder.
    /// `line` is split on spaces; a 'quoted text' stays one argument.
    pub fn run(&self, line: &str) -> Run {
        self.run_at(NOW, line)
    }

    /// As `run`, with the device's clock at `now`.
    pub fn run_at(&self, now: &str, line: &str) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_carnet"))
            .arg("--data")
            .arg(self.path())
            .args(["--now", now, "--seed", "7"])
            .args(words(line))
            .env_remove("CARNET_DATA")
            .env_remove("CARNET_PERSON")
            .env_remove("CARNET_NOW")
            .env_remove("CARNET_SEED")
            .env_remove("RUST_LOG")
            .env_remove("LANG")
            // The snapshots read English; `--lang fr` in a line wins.
            .env("CARNET_LANG", "en")
            .env("TZ", "UTC")
            .output()
            .expect("the carnet binary runs");
        Run {
            ok: output.status.success(),
            stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
            stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
        }
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok(&self, line: &str) -> String {
        let run = self.run(line);
        assert!(run.ok, "carnet {line} failed: {}", run.stderr);
        assert_eq!(run.stderr, "", "carnet {line} wrote to stderr");
        run.stdout
    }

    /// Runs a command that must succeed and print one id; returns it.
    pub fn id(&self, line: &str) -> String {
        let id = self.ok(line).trim().to_owned();
        assert_eq!(id.len(), 36, "carnet {line} printed {id:?}, not an id");
        id
    }

    /// Runs a command and compares its stdout with a snapshot.
    pub fn check(&self, line: &str, expect: Expect) {
        expect.assert_eq(&self.ok(line));
    }

    /// Runs a command with `--json` and parses its answer.
    pub fn json(&self, line: &str) -> serde_json::Value {
        serde_json::from_str(&self.ok(&format!("{line} --json"))).expect("valid JSON")
    }

    /// Runs a command that must fail with one line on stderr and nothing on
    /// stdout; returns that line.
    pub fn fails(&self, line: &str) -> String {
        let run = self.run(line);
        assert!(!run.ok, "carnet {line} succeeded: {}", run.stdout);
        assert_eq!(run.stdout, "", "carnet {line} failed but wrote to stdout");
        assert_eq!(
            run.stderr.lines().count(),
            1,
            "carnet {line} wrote more than one line: {}",
            run.stderr
        );
        run.stderr.trim_end().to_owned()
    }

    /// Every record of the store, as `export csv` writes it: what must not
    /// change when a command is refused.
    pub fn contents(&self) -> String {
        let out = tempfile::tempdir().expect("temporary folder");
        self.ok(&format!("export csv --out '{}'", out.path().display()));
        let mut files: Vec<PathBuf> = std::fs::read_dir(out.path())
            .expect("export folder")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| {
                let text = std::fs::read_to_string(f).expect("CSV file");
                format!("== {}\n{text}", f.file_name().unwrap().to_string_lossy())
            })
            .collect()
    }

    /// Writes a file in the farm's folder (a spreadsheet to import).
    pub fn write(&self, name: &str, text: &str) -> String {
        let path = self.path().join(name);
        std::fs::write(&path, text).expect("write the file");
        path.display().to_string()
    }
}

/// Splits a command line on whitespace, keeping 'quoted text' (or "quoted
/// text") as one word.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_default();
            }
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (_, c) => word.get_or_insert_default().push(c),
        }
    }
    assert!(quote.is_none(), "unbalanced quote in {line:?}");
    words.extend(word);
    words
}
