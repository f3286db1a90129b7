//! Just enough CBOR (RFC 8949) to read and write protocol frames.
//!
//! The [`Reader`] walks a frame in place: it checks that the bytes are
//! well-formed (no reserved header values, no length running past the end of
//! the frame, indefinite-length strings made of definite chunks, breaks only
//! where they may stand, bounded nesting) and hands out slices of the frame.
//! It never builds a tree of values, so a hostile frame costs time linear in
//! its length and no memory beyond the few fields the codec keeps; a generic
//! `ciborium::Value` would cost tens of bytes per item. It deliberately does
//! not interpret floats, big numbers or tags: the codec sees them only to say
//! that a field has the wrong type, and skips them everywhere else.
//!
//! The [`Writer`] writes only what the protocol sends (maps, arrays, text,
//! byte strings, booleans), with definite lengths and the shortest headers,
//! which every CBOR decoder (cbor-x included) reads.

use std::borrow::Cow;

/// How deep arrays, maps and tags may nest in a frame. automerge-repo's
/// deepest message (`remote-heads-changed`) nests four levels.
const MAX_DEPTH: usize = 32;

const BREAK: u8 = 0xff;

/// A CBOR well-formedness error: where, and what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CborError {
    pub(crate) offset: usize,
    pub(crate) problem: &'static str,
}

/// The head of one CBOR item: its major type and argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Head {
    Unsigned(u64),
    Negative(u64),
    /// A byte string; `None` for an indefinite-length one.
    Bytes(Option<u64>),
    /// A text string; `None` for an indefinite-length one.
    Text(Option<u64>),
    Array(Option<u64>),
    Map(Option<u64>),
    Tag(u64),
    /// `false` (20), `true` (21), `null` (22), `undefined` (23) and the rest.
    Simple(u8),
    /// A half, single or double float; its bits are skipped, never read.
    Float,
    Break,
}

pub(crate) const FALSE: u8 = 20;
pub(crate) const TRUE: u8 = 21;
pub(crate) const NULL: u8 = 22;
pub(crate) const UNDEFINED: u8 = 23;

/// A cursor over one frame, or over one item of it.
#[derive(Debug, Clone)]
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Where `bytes` starts in the whole frame, so errors give frame offsets.
    base: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self::at(bytes, 0)
    }

    /// A reader over `bytes`, which start at `base` in the frame.
    pub(crate) fn at(bytes: &'a [u8], base: usize) -> Self {
        Self {
            bytes,
            pos: 0,
            base,
        }
    }

    /// The offset of the next byte in the frame.
    pub(crate) fn offset(&self) -> usize {
        self.base + self.pos
    }

    pub(crate) fn is_at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    fn error(&self, problem: &'static str) -> CborError {
        CborError {
            offset: self.offset(),
            problem,
        }
    }

    /// Takes the next `len` bytes, refusing a length past the end of the frame
    /// before anything is allocated for it.
    fn take(&mut self, len: u64) -> Result<&'a [u8], CborError> {
        let available = self.bytes.len() - self.pos;
        let len = match usize::try_from(len) {
            Ok(len) if len <= available => len,
            _ => return Err(self.error("length runs past the end of the frame")),
        };
        let taken = &self.bytes[self.pos..self.pos + len];
        self.pos += len;
        Ok(taken)
    }

    fn argument(&mut self, info: u8) -> Result<Option<u64>, CborError> {
        Ok(Some(match info {
            0..=23 => u64::from(info),
            24 => u64::from(self.take(1)?[0]),
            25 => u64::from(u16::from_be_bytes(fixed(self.take(2)?))),
            26 => u64::from(u32::from_be_bytes(fixed(self.take(4)?))),
            27 => u64::from_be_bytes(fixed(self.take(8)?)),
            31 => return Ok(None),
            _ => return Err(self.error("reserved header value")),
        }))
    }

    /// Reads the head of the next item.
    pub(crate) fn head(&mut self) -> Result<Head, CborError> {
        let start = self.pos;
        let Some(&initial) = self.bytes.get(self.pos) else {
            return Err(self.error("unexpected end of frame"));
        };
        self.pos += 1;
        let (major, info) = (initial >> 5, initial & 0x1f);
        let argument = self.argument(info)?;
        let definite = |reader: &Self| {
            argument.ok_or(CborError {
                offset: reader.base + start,
                problem: "indefinite length on an item that cannot have one",
            })
        };
        Ok(match major {
            0 => Head::Unsigned(definite(self)?),
            1 => Head::Negative(definite(self)?),
            2 => Head::Bytes(argument),
            3 => Head::Text(argument),
            4 => Head::Array(argument),
            5 => Head::Map(argument),
            6 => Head::Tag(definite(self)?),
            _ => match info {
                0..=23 => Head::Simple(info),
                // RFC 8949 §3.3: a one-byte simple value below 32 is not well-formed.
                24 => match argument {
                    Some(value @ 32..=255) => Head::Simple(value as u8),
                    _ => {
                        return Err(CborError {
                            offset: self.base + start,
                            problem: "badly encoded simple value",
                        });
                    }
                },
                25..=27 => Head::Float,
                _ => Head::Break,
            },
        })
    }

    /// Consumes a break if one is next; for indefinite-length arrays and maps.
    fn eat_break(&mut self) -> bool {
        if self.bytes.get(self.pos) == Some(&BREAK) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Skips one whole item whose head was already read.
    pub(crate) fn skip(&mut self, head: Head, depth: usize) -> Result<(), CborError> {
        if depth > MAX_DEPTH {
            return Err(self.error("items nest too deeply"));
        }
        match head {
            Head::Unsigned(_) | Head::Negative(_) | Head::Simple(_) | Head::Float => {}
            Head::Bytes(len) => {
                self.string_chunks(len, 2, |_| Ok(()))?;
            }
            Head::Text(len) => {
                self.string_chunks(len, 3, |_| Ok(()))?;
            }
            Head::Array(len) => {
                self.each(len, |reader| {
                    let head = reader.head()?;
                    reader.skip(head, depth + 1)
                })?;
            }
            Head::Map(len) => {
                self.each(len, |reader| {
                    for _ in 0..2 {
                        let head = reader.head()?;
                        reader.skip(head, depth + 1)?;
                    }
                    Ok(())
                })?;
            }
            Head::Tag(_) => {
                let inner = self.head()?;
                self.skip(inner, depth + 1)?;
            }
            Head::Break => return Err(self.error("break outside an indefinite-length item")),
        }
        Ok(())
    }

    /// Reads the next item whole and returns the slice of the frame it fills.
    pub(crate) fn item(&mut self, depth: usize) -> Result<Reader<'a>, CborError> {
        let start = self.pos;
        let head = self.head()?;
        self.skip(head, depth)?;
        Ok(Reader::at(&self.bytes[start..self.pos], self.base + start))
    }

    /// Calls `entry` once per element (or key-value pair) of an array or map
    /// whose head gave `len`; stops at the break of an indefinite one. A claimed
    /// length larger than the frame fails when the bytes run out, since every
    /// element takes at least one byte.
    pub(crate) fn each<E: From<CborError>>(
        &mut self,
        len: Option<u64>,
        mut entry: impl FnMut(&mut Self) -> Result<(), E>,
    ) -> Result<(), E> {
        match len {
            Some(len) => {
                for _ in 0..len {
                    entry(self)?;
                }
            }
            None => {
                while !self.eat_break() {
                    entry(self)?;
                }
            }
        }
        Ok(())
    }

    /// Feeds the chunks of a byte (major 2) or text (major 3) string to `chunk`:
    /// one for a definite string, each definite chunk of an indefinite one.
    fn string_chunks(
        &mut self,
        len: Option<u64>,
        major: u8,
        mut chunk: impl FnMut(&'a [u8]) -> Result<(), CborError>,
    ) -> Result<(), CborError> {
        match len {
            Some(len) => chunk(self.take(len)?),
            None => loop {
                if self.eat_break() {
                    return Ok(());
                }
                let part = match (major, self.head()?) {
                    (2, Head::Bytes(Some(len))) | (3, Head::Text(Some(len))) => self.take(len)?,
                    _ => return Err(self.error("bad chunk in an indefinite-length string")),
                };
                chunk(part)?;
            },
        }
    }

    /// The content of a byte string whose head gave `len`.
    pub(crate) fn bytes(&mut self, len: Option<u64>) -> Result<Cow<'a, [u8]>, CborError> {
        if let Some(len) = len {
            return Ok(Cow::Borrowed(self.take(len)?));
        }
        let mut joined = Vec::new();
        self.string_chunks(None, 2, |part| {
            joined.extend_from_slice(part);
            Ok(())
        })?;
        Ok(Cow::Owned(joined))
    }

    /// The content of a text string whose head gave `len`, checked as UTF-8.
    pub(crate) fn text(&mut self, len: Option<u64>) -> Result<Cow<'a, str>, CborError> {
        let start = self.offset();
        let invalid = CborError {
            offset: start,
            problem: "text is not valid utf-8",
        };
        if let Some(len) = len {
            let raw = self.take(len)?;
            return std::str::from_utf8(raw)
                .map(Cow::Borrowed)
                .map_err(|_| invalid);
        }
        // Each chunk of an indefinite-length text must be valid UTF-8 on its own.
        let mut joined = String::new();
        self.string_chunks(None, 3, |part| {
            joined.push_str(std::str::from_utf8(part).map_err(|_| invalid)?);
            Ok(())
        })?;
        Ok(Cow::Owned(joined))
    }
}

fn fixed<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut array = [0; N];
    array.copy_from_slice(bytes);
    array
}

/// Builds one frame.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    out: Vec<u8>,
}

impl Writer {
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.out
    }

    fn head(&mut self, major: u8, argument: u64) {
        let major = major << 5;
        match argument {
            0..=23 => self.out.push(major | argument as u8),
            24..=0xff => self.out.extend_from_slice(&[major | 24, argument as u8]),
            0x100..=0xffff => {
                self.out.push(major | 25);
                self.out.extend_from_slice(&(argument as u16).to_be_bytes());
            }
            0x1_0000..=0xffff_ffff => {
                self.out.push(major | 26);
                self.out.extend_from_slice(&(argument as u32).to_be_bytes());
            }
            _ => {
                self.out.push(major | 27);
                self.out.extend_from_slice(&argument.to_be_bytes());
            }
        }
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        self.head(2, bytes.len() as u64);
        self.out.extend_from_slice(bytes);
    }

    pub(crate) fn text(&mut self, text: &str) {
        self.head(3, text.len() as u64);
        self.out.extend_from_slice(text.as_bytes());
    }

    pub(crate) fn array(&mut self, len: usize) {
        self.head(4, len as u64);
    }

    pub(crate) fn map(&mut self, len: usize) {
        self.head(5, len as u64);
    }

    pub(crate) fn bool(&mut self, value: bool) {
        self.head(7, u64::from(if value { TRUE } else { FALSE }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip_all(bytes: &[u8]) -> Result<(), CborError> {
        let mut reader = Reader::new(bytes);
        reader.item(0)?;
        if reader.is_at_end() {
            Ok(())
        } else {
            Err(reader.error("trailing bytes"))
        }
    }

    #[test]
    fn writer_uses_the_shortest_heads() {
        let mut writer = Writer::default();
        writer.map(1);
        writer.text("a");
        writer.array(24);
        writer.bytes(&[0; 256][..]);
        let bytes = writer.into_bytes();
        assert_eq!(&bytes[..6], &[0xa1, 0x61, b'a', 0x98, 24, 0x59]);
        assert_eq!(&bytes[6..8], &[0x01, 0x00]);
    }

    #[test]
    fn reader_skips_nested_and_indefinite_items() {
        // {_ "a": [_ 1, h'00', "x"], "b": 60(1.5)}, with a float and a tag.
        let frame = [
            0xbf, 0x61, b'a', 0x9f, 0x01, 0x41, 0x00, 0x61, b'x', 0xff, 0x61, b'b', 0xd8, 60, 0xf9,
            0x3e, 0x00, 0xff,
        ];
        assert_eq!(skip_all(&frame), Ok(()));
    }

    #[test]
    fn reader_refuses_lengths_past_the_end_without_allocating() {
        // A byte string claiming 2^64-1 bytes.
        let frame = [0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        assert_eq!(
            skip_all(&frame).unwrap_err().problem,
            "length runs past the end of the frame"
        );
        // An array claiming 2^64-1 elements stops when the bytes run out.
        let frame = [0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00];
        assert_eq!(
            skip_all(&frame).unwrap_err().problem,
            "unexpected end of frame"
        );
    }

    #[test]
    fn reader_refuses_what_is_not_well_formed() {
        let cases: &[(&[u8], &str)] = &[
            (&[0x1c], "reserved header value"),
            (&[0x1f], "indefinite length on an item that cannot have one"),
            (&[0xff], "break outside an indefinite-length item"),
            (&[0xf8, 0x10], "badly encoded simple value"),
            (
                &[0x5f, 0x61, b'a', 0xff],
                "bad chunk in an indefinite-length string",
            ),
            (&[0x82, 0x01], "unexpected end of frame"),
        ];
        for (frame, problem) in cases {
            assert_eq!(skip_all(frame).unwrap_err().problem, *problem, "{frame:x?}");
        }
    }

    #[test]
    fn reader_bounds_nesting() {
        let deep = vec![0x81; MAX_DEPTH + 2];
        assert_eq!(
            skip_all(&deep).unwrap_err().problem,
            "items nest too deeply"
        );
    }

    #[test]
    fn reader_joins_indefinite_strings() {
        let frame = [0x7f, 0x62, b'a', b'b', 0x61, b'c', 0xff];
        let mut reader = Reader::new(&frame);
        let Head::Text(len) = reader.head().unwrap() else {
            panic!("not text")
        };
        assert_eq!(reader.text(len).unwrap(), "abc");
        assert!(reader.is_at_end());
    }
}
