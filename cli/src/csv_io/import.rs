//! `import beds` and `import crops`: the supervisor's spreadsheet, saved as
//! CSV from LibreOffice or Excel, in English or in French.
//!
//! Headers are matched loosely (case, accents, a unit in brackets: `Îlot`,
//! `Longueur (m)`), the separator is guessed from the header line (`,`, `;`
//! or tab), and decimals may use a comma (`0,8`). Every row is parsed and
//! checked before anything is written, and the store adds all rows in one
//! transaction: a bad row names its line and field, and imports nothing.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::Path;

use anyhow::Context as _;
use carnet_core::Error;
use carnet_core::catalog::Catalog;
use carnet_core::values::{BedCode, Metres, Name, Unit, parse_decimal, parse_kg_factor};
use carnet_store::{BedInput, CropInput};

use crate::app::Context;
use crate::error::LineError;
use crate::json::{BedJson, CropJson};
use crate::output::Output;

/// A column the import reads: the field it fills (named in errors) and the
/// headers it answers to, folded (lower case, no accents, `_` for spaces).
struct Column {
    field: &'static str,
    headers: &'static [&'static str],
    required: bool,
}

const BED_COLUMNS: [Column; 4] = [
    Column {
        field: "bed code",
        headers: &["code", "planche", "bed", "code_planche"],
        required: true,
    },
    Column {
        field: "zone",
        headers: &["zone", "ilot"],
        required: true,
    },
    Column {
        field: "length",
        headers: &["length", "longueur", "length_m"],
        required: true,
    },
    Column {
        field: "width",
        headers: &["width", "largeur", "width_m"],
        required: true,
    },
];

const CROP_COLUMNS: [Column; 6] = [
    Column {
        field: "crop",
        headers: &["name", "nom", "crop", "culture"],
        required: true,
    },
    Column {
        field: "family",
        headers: &["family", "famille"],
        required: true,
    },
    Column {
        field: "unit",
        headers: &["unit", "unite"],
        required: true,
    },
    Column {
        field: "kg_per_bunch",
        headers: &["kg_per_bunch", "kg_par_botte"],
        required: false,
    },
    Column {
        field: "kg_per_piece",
        headers: &["kg_per_piece", "kg_par_piece"],
        required: false,
    },
    Column {
        field: "kg_per_crate",
        headers: &["kg_per_crate", "kg_par_caisse"],
        required: false,
    },
];

/// The rows of a file, with their line numbers, and where each wanted
/// column is in them.
struct Sheet {
    index: Vec<Option<usize>>,
    rows: Vec<(u64, csv::StringRecord)>,
}

impl Sheet {
    fn cell<'r>(&self, row: &'r csv::StringRecord, column: usize) -> &'r str {
        self.index[column]
            .and_then(|i| row.get(i))
            .unwrap_or("")
            .trim()
    }

    /// Every row through `parse`, in order. A row whose `key` (what must be
    /// unique on the farm, and how it is shown) an earlier row already has is
    /// refused with both lines, before anything is written.
    fn parse_rows<T, K: Eq + std::hash::Hash>(
        &self,
        kind: &'static str,
        parse: impl Fn(&csv::StringRecord) -> Result<T, Error>,
        key: impl Fn(&T) -> (K, String),
    ) -> anyhow::Result<Vec<T>> {
        let mut lines: HashMap<K, u64> = HashMap::new();
        let mut inputs = Vec::new();
        for (line, row) in &self.rows {
            let input = parse(row).map_err(|e| LineError::new(*line, e))?;
            let (key, shown) = key(&input);
            match lines.entry(key) {
                Entry::Occupied(first) => {
                    let problem = format!("{shown} is already on line {}", first.get());
                    return Err(LineError::new(*line, Error::invalid(kind, problem)).into());
                }
                Entry::Vacant(slot) => _ = slot.insert(*line),
            }
            inputs.push(input);
        }
        Ok(inputs)
    }
}

pub(super) fn import_beds(ctx: &Context, path: &Path) -> anyhow::Result<Output> {
    let sheet = read_sheet(path, &BED_COLUMNS)?;
    let mut store = ctx.open()?;
    let by = ctx.acting_person(&mut store)?;
    let catalog = store.catalog()?;
    let inputs = sheet.parse_rows(
        "bed code",
        |row| parse_bed(&sheet, row, catalog),
        |b| (b.code.clone(), b.code.to_string()),
    )?;
    let beds = store.add_beds(by, inputs)?;
    let catalog = store.catalog()?;
    let json: Vec<BedJson> = beds.iter().map(|b| (b, catalog).into()).collect();
    Output::pick(ctx.json, &json, || ids(json.iter().map(|b| &b.id)))
}

fn parse_bed(sheet: &Sheet, row: &csv::StringRecord, catalog: &Catalog) -> Result<BedInput, Error> {
    let code: BedCode = sheet.cell(row, 0).parse()?;
    if catalog.bed_by_code(&code).is_ok() {
        return Err(Error::invalid(
            "bed code",
            format!("{code} is already used on this farm"),
        ));
    }
    Ok(BedInput {
        code,
        zone: Name::parse("zone", sheet.cell(row, 1))?,
        length: Metres::parse("length", sheet.cell(row, 2))?,
        width: Metres::parse("width", sheet.cell(row, 3))?,
    })
}

pub(super) fn import_crops(ctx: &Context, path: &Path) -> anyhow::Result<Output> {
    let sheet = read_sheet(path, &CROP_COLUMNS)?;
    let mut store = ctx.open()?;
    let by = ctx.acting_person(&mut store)?;
    let catalog = store.catalog()?;
    let inputs = sheet.parse_rows(
        "crop",
        |row| parse_crop(&sheet, row, catalog),
        |c| (c.name.folded(), c.name.to_string()),
    )?;
    let crops = store.add_crops(by, inputs)?;
    let catalog = store.catalog()?;
    let json: Vec<CropJson> = crops.iter().map(|c| (c, catalog).into()).collect();
    Output::pick(ctx.json, &json, || ids(json.iter().map(|c| &c.id)))
}

fn parse_crop(
    sheet: &Sheet,
    row: &csv::StringRecord,
    catalog: &Catalog,
) -> Result<CropInput, Error> {
    let name = Name::parse("crop", sheet.cell(row, 0))?;
    if catalog.crop_by_name(name.as_str()).is_ok() {
        return Err(Error::invalid("crop", format!("{name} already exists")));
    }
    let family = Name::parse("family", sheet.cell(row, 1))?;
    let default_unit: Unit = sheet.cell(row, 2).parse()?;
    let mut kg_per = std::collections::BTreeMap::new();
    for (column, unit) in [(3, Unit::Bunch), (4, Unit::Piece), (5, Unit::Crate)] {
        let text = sheet.cell(row, column);
        if text.is_empty() {
            continue;
        }
        let field = CROP_COLUMNS[column].field;
        let factor = parse_decimal(text)
            .ok_or_else(|| Error::invalid(field, format!("`{text}` is not a number of kg")))?;
        kg_per.insert(unit, parse_kg_factor(unit, factor)?);
    }
    Ok(CropInput {
        name,
        family,
        default_unit,
        kg_per,
    })
}

fn ids<'a>(ids: impl Iterator<Item = &'a String>) -> String {
    ids.map(String::as_str).collect::<Vec<_>>().join("\n")
}

fn read_sheet(path: &Path, columns: &[Column]) -> anyhow::Result<Sheet> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = 1 + valid.iter().filter(|b| **b == b'\n').count() as u64;
        let problem = "is not UTF-8 text: save the sheet as CSV with the UTF-8 character set";
        LineError::new(line, Error::invalid("file", problem))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text.lines().next().unwrap_or("")))
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .with_context(|| format!("cannot read {}", path.display()))?
        .iter()
        .map(header_key)
        .collect();
    let mut index = Vec::new();
    for column in columns {
        let found: Vec<usize> = (0..headers.len())
            .filter(|i| column.headers.contains(&headers[*i].as_str()))
            .collect();
        let problem = match found.as_slice() {
            [] if !column.required => {
                index.push(None);
                continue;
            }
            [i] => {
                index.push(Some(*i));
                continue;
            }
            [] => format!("no column {}", column.headers[..2].join(" or ")),
            _ => format!("more than one column for {}", column.field),
        };
        return Err(LineError::new(1, Error::invalid("header", problem)).into());
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.with_context(|| format!("cannot read {}", path.display()))?;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let line = record.position().map_or(0, csv::Position::line);
        rows.push((line, record));
    }
    if rows.is_empty() {
        return Err(Error::invalid(
            "file",
            format!("{} has no rows below its header", path.display()),
        )
        .into());
    }
    Ok(Sheet { index, rows })
}

/// The separator the header line uses most: a French spreadsheet saves
/// with `;` because `,` is its decimal point.
fn separator(header: &str) -> u8 {
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|sep| (header.bytes().filter(|b| b == sep).count(), *sep == b','))
        .unwrap_or(b',')
}

/// A header as matched against the known ones: `Longueur (m)` is `longueur`,
/// `Îlot` is `ilot`, `kg par botte` is `kg_par_botte`.
fn header_key(header: &str) -> String {
    let header = header.split('(').next().unwrap_or("");
    let folded: String = header
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            ' ' | '-' => '_',
            other => other,
        })
        .collect();
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_headers_fold_to_known_keys() {
        assert_eq!(header_key(" Îlot "), "ilot");
        assert_eq!(header_key("Longueur (m)"), "longueur");
        assert_eq!(header_key("kg par pièce"), "kg_par_piece");
        assert_eq!(header_key("Unité"), "unite");
    }

    #[test]
    fn the_separator_is_guessed_from_the_header() {
        assert_eq!(separator("planche;îlot;longueur;largeur"), b';');
        assert_eq!(separator("code,zone,length,width"), b',');
        assert_eq!(separator("code"), b',');
        assert_eq!(separator("code\tzone"), b'\t');
    }
}
