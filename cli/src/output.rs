//! How answers are shown: aligned text tables for people, pretty JSON for
//! scripts, and the few number formats both use.
//!
//! Deliberately not here: what a command shows (each command module picks its
//! columns) and the JSON shapes (see `json`).

use std::collections::BTreeMap;
use std::io::{self, Write};

use carnet_core::values::Unit;
use carnet_core::words::Words;
use serde::Serialize;

/// What a command answers, printed by `run` once the command succeeded.
#[derive(Debug)]
pub(crate) enum Output {
    Text(String),
    /// Pretty JSON, fields in the order the struct declares them.
    Json(String),
}

impl Output {
    /// Text for people, or the JSON of `value` when `json` is set. The text is
    /// only built when it is shown.
    pub(crate) fn pick<T: Serialize>(
        json: bool,
        value: &T,
        text: impl FnOnce() -> String,
    ) -> anyhow::Result<Output> {
        if json {
            Ok(Output::Json(serde_json::to_string_pretty(value)?))
        } else {
            Ok(Output::Text(text()))
        }
    }

    pub(crate) fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        match self {
            Output::Text(text) if text.is_empty() => Ok(()),
            Output::Text(text) if text.ends_with('\n') => out.write_all(text.as_bytes()),
            Output::Text(text) => writeln!(out, "{text}"),
            Output::Json(json) => writeln!(out, "{json}"),
        }
    }
}

/// An aligned text table. Columns listed in `right` are right-aligned
/// (numbers); section rows are headings printed as they are.
#[derive(Debug)]
pub(crate) struct Table {
    headers: Vec<String>,
    right: Vec<usize>,
    rows: Vec<Row>,
}

#[derive(Debug)]
enum Row {
    Cells(Vec<String>),
    Section(String),
}

impl Table {
    pub(crate) fn new(headers: &[&str]) -> Self {
        Self {
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            right: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// Right-aligns the given columns.
    pub(crate) fn right(mut self, columns: &[usize]) -> Self {
        self.right = columns.to_vec();
        self
    }

    pub(crate) fn row(&mut self, cells: Vec<String>) {
        self.rows.push(Row::Cells(cells));
    }

    pub(crate) fn section(&mut self, title: impl Into<String>) {
        self.rows.push(Row::Section(title.into()));
    }

    pub(crate) fn render(&self) -> String {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            if let Row::Cells(cells) = row {
                for (i, cell) in cells.iter().enumerate() {
                    let w = cell.chars().count();
                    match widths.get_mut(i) {
                        Some(width) => *width = (*width).max(w),
                        None => widths.push(w),
                    }
                }
            }
        }
        let line = |cells: &[String]| {
            let mut text = String::new();
            for (i, width) in widths.iter().enumerate() {
                let cell = cells.get(i).map_or("", String::as_str);
                let pad = width.saturating_sub(cell.chars().count());
                if i > 0 {
                    text.push_str("  ");
                }
                if self.right.contains(&i) {
                    text.extend(std::iter::repeat_n(' ', pad));
                    text.push_str(cell);
                } else {
                    text.push_str(cell);
                    text.extend(std::iter::repeat_n(' ', pad));
                }
            }
            text.trim_end().to_owned()
        };
        let mut out = line(&self.headers);
        out.push('\n');
        for row in &self.rows {
            match row {
                Row::Cells(cells) => out.push_str(&line(cells)),
                Row::Section(title) => out.push_str(title),
            }
            out.push('\n');
        }
        out
    }
}

/// A number rounded to 3 decimals, without trailing zeros: `30`, `0.8`,
/// `0.35`. Used for lengths, factors and counts, in text and CSV alike.
pub(crate) fn decimal(value: f64) -> String {
    let text = format!("{:.3}", round3(value));
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// Kilograms as people read them on a scale: two decimals.
pub(crate) fn kg(value: f64) -> String {
    format!("{value:.2}")
}

/// Rounds away the float noise of sums (`0.30000000000000004`).
pub(crate) fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// Counts kept in their unit, e.g. `3 bunch, 2 crate`.
/// A code read back from a `--json` shape, in the reader's words; a code of
/// no known list (a destination's outlet name) as it is.
pub(crate) fn said<T>(
    code: &str,
    from_code: fn(&str) -> Option<T>,
    word: impl Fn(T) -> &'static str,
) -> String {
    from_code(code).map_or_else(|| code.to_owned(), |v| word(v).to_owned())
}

pub(crate) fn counts(unconverted: &BTreeMap<Unit, f64>, words: Words) -> String {
    unconverted
        .iter()
        .map(|(unit, value)| format!("{} {}", decimal(*value), words.unit(*unit)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_drops_noise_and_trailing_zeros() {
        assert_eq!(decimal(30.0), "30");
        assert_eq!(decimal(0.1 + 0.2), "0.3");
        assert_eq!(decimal(0.35), "0.35");
        assert_eq!(decimal(-0.0001), "0");
    }

    #[test]
    fn table_aligns_text_left_and_numbers_right() {
        let mut table = Table::new(&["crop", "kg"]).right(&[1]);
        table.row(vec!["Radish".into(), "3.50".into()]);
        table.section("more");
        table.row(vec!["Tomato".into(), "120.00".into()]);
        assert_eq!(
            table.render(),
            "crop        kg\nRadish    3.50\nmore\nTomato  120.00\n"
        );
    }
}
