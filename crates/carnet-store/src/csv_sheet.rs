//! The one CSV writer of Carnet, for the command line's `export csv` and the
//! app's report file: UTF-8 without BOM, a header row, commas, quotes only
//! where needed (RFC 4180, through the `csv` crate), `\n` line ends, and one
//! record per line (a line break inside a cell becomes a space, so
//! LibreOffice and scripts read one row per line).
//!
//! Deliberately not here: what the cells say (each caller formats its own
//! numbers and dates) or where the bytes go (any `Write`).

use std::io::{self, Write};

/// Writes `headers`, then each row, to `out`.
pub fn write_csv<W: Write>(out: W, headers: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(out);
    writer.write_record(headers)?;
    for row in rows {
        writer.write_record(row.iter().map(|cell| one_line(cell)))?;
    }
    writer.flush()
}

/// Lines joined by a space, blank lines dropped.
fn one_line(text: &str) -> String {
    if text.contains(['\n', '\r']) {
        text.split(['\n', '\r'])
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(headers: &[&str], rows: &[Vec<String>]) -> String {
        let mut out = Vec::new();
        write_csv(&mut out, headers, rows).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn cells_are_quoted_only_when_needed_and_kept_on_one_line() {
        let rows = vec![
            vec!["Radis".into(), "3.5".into()],
            vec!["Cantine école, Jean Moulin".into(), "say \"hi\"".into()],
            vec!["two\nlines\r\n".into(), String::new()],
        ];
        assert_eq!(
            csv(&["name", "note"], &rows),
            "name,note\nRadis,3.5\n\"Cantine école, Jean Moulin\",\"say \"\"hi\"\"\"\ntwo lines,\n"
        );
    }
}
