//! Compressed frames between Carnet's own client and server.
//!
//! A week of field work crosses the wire as hundreds of small Automerge
//! changes, each sent as its own chunk: the bytes are mostly UUIDs, field
//! names and timestamps repeated change after change, which DEFLATE shrinks
//! about four-fold. WebSocket's own `permessage-deflate` (RFC 7692) would do
//! it transparently, but `tungstenite` (under both axum and our client) does
//! not implement it and refuses frames with the RSV1 bit set.
//!
//! So Carnet peers agree on it at the upgrade, through the WebSocket
//! subprotocol [`SUBPROTOCOL`]: the client offers it, our server accepts it.
//! After that, a frame whose first byte is [`DEFLATED_MARKER`] holds a raw
//! DEFLATE stream of one CBOR message; any other frame is the plain CBOR
//! message (every message is a CBOR map, whose first byte is never `0x00`).
//! Small messages stay plain: compressing them would cost more than it saves.
//! A peer that did not offer the subprotocol (an unmodified automerge-repo
//! client) never sees a compressed frame.
//!
//! Each message is compressed on its own (no shared window between frames):
//! a connection holds no compressor state between messages, so 500 idle
//! tablets cost the server nothing, and the big messages, which carry the
//! bytes, compress well on their own.

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

use crate::{Message, ProtocolError, decode_with_limit, encode};

/// The WebSocket subprotocol by which a Carnet client asks for compressed frames.
pub const SUBPROTOCOL: &str = "carnet-deflate.v1";

/// First byte of a compressed frame. A CBOR map never starts with it.
pub const DEFLATED_MARKER: u8 = 0x00;

/// Messages shorter than this are sent plain.
const COMPRESS_ABOVE: usize = 200;

/// Encodes `message` for a peer that accepted [`SUBPROTOCOL`]: compressed
/// when that makes it smaller, plain otherwise.
pub fn encode_compressed(message: &Message) -> Vec<u8> {
    compress_frame(encode(message))
}

/// Compresses an encoded message, or returns it unchanged when compression
/// does not pay.
pub fn compress_frame(plain: Vec<u8>) -> Vec<u8> {
    if plain.len() < COMPRESS_ABOVE {
        return plain;
    }
    let mut deflater = Compress::new(Compression::default(), false);
    let mut out = Vec::with_capacity(plain.len() / 2 + 64);
    out.push(DEFLATED_MARKER);
    loop {
        if out.capacity() - out.len() < 64 {
            out.reserve(out.capacity());
        }
        let consumed = usize::try_from(deflater.total_in()).unwrap_or(usize::MAX);
        let status = deflater
            .compress_vec(&plain[consumed..], &mut out, FlushCompress::Finish)
            .expect("deflate of an in-memory buffer cannot fail");
        if status == Status::StreamEnd {
            break;
        }
        if out.len() > plain.len() {
            // Incompressible (already compressed Automerge columns): not worth it.
            return plain;
        }
    }
    if out.len() >= plain.len() {
        return plain;
    }
    out
}

/// Decodes a frame from a peer that accepted [`SUBPROTOCOL`]. `limit` bounds
/// both the frame and the message it inflates to, so a small frame cannot
/// expand into gigabytes.
pub fn decode_compressed(frame: &[u8], limit: usize) -> Result<Message, ProtocolError> {
    match frame.first() {
        Some(&DEFLATED_MARKER) => {
            let plain = inflate(&frame[1..], limit)?;
            decode_with_limit(&plain, limit)
        }
        _ => decode_with_limit(frame, limit),
    }
}

fn inflate(deflated: &[u8], limit: usize) -> Result<Vec<u8>, ProtocolError> {
    let mut inflater = Decompress::new(false);
    let mut out = Vec::with_capacity((deflated.len() * 4).min(limit).max(64));
    loop {
        if out.len() == out.capacity() {
            if out.len() >= limit {
                return Err(ProtocolError::FrameTooLarge {
                    len: out.len() + 1,
                    limit,
                });
            }
            let grow = out.capacity().min(limit - out.len()).max(64);
            out.reserve_exact(grow);
        }
        let consumed = usize::try_from(inflater.total_in()).unwrap_or(usize::MAX);
        let before = (inflater.total_in(), inflater.total_out());
        let status = inflater
            .decompress_vec(&deflated[consumed..], &mut out, FlushDecompress::Finish)
            .map_err(|_| ProtocolError::BadCompression("not a valid deflate stream"))?;
        if out.len() > limit {
            return Err(ProtocolError::FrameTooLarge {
                len: out.len(),
                limit,
            });
        }
        match status {
            Status::StreamEnd => break,
            _ if (inflater.total_in(), inflater.total_out()) == before
                && out.len() < out.capacity() =>
            {
                return Err(ProtocolError::BadCompression(
                    "the deflate stream ends before its last block",
                ));
            }
            _ => {}
        }
    }
    if usize::try_from(inflater.total_in()).unwrap_or(usize::MAX) != deflated.len() {
        return Err(ProtocolError::BadCompression(
            "bytes follow the end of the deflate stream",
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PeerId;
    use carnet_core::DocumentId;

    fn sync(data: Vec<u8>) -> Message {
        Message::Sync {
            sender_id: PeerId::new("carnet-sync").unwrap(),
            target_id: PeerId::new("tablette-1").unwrap(),
            document_id: DocumentId([7; 16]),
            data,
        }
    }

    fn repetitive(len: usize) -> Vec<u8> {
        b"created_by|0195f3a2-7c1e-7d4b-9a2f-3b8c1d2e4f5a|2026-11-03T10:11:12+01:00|"
            .iter()
            .copied()
            .cycle()
            .take(len)
            .collect()
    }

    #[test]
    fn a_repetitive_message_shrinks_and_round_trips() {
        let message = sync(repetitive(20_000));
        let frame = encode_compressed(&message);
        assert_eq!(frame[0], DEFLATED_MARKER);
        assert!(frame.len() < 2_000, "{} bytes", frame.len());
        assert_eq!(decode_compressed(&frame, 1 << 20).unwrap(), message);
    }

    #[test]
    fn a_small_message_stays_plain_and_is_read_by_either_decoder() {
        let message = sync(vec![0x42; 10]);
        let frame = encode_compressed(&message);
        assert_eq!(frame, encode(&message));
        assert_eq!(decode_compressed(&frame, 1 << 20).unwrap(), message);
    }

    #[test]
    fn incompressible_bytes_stay_plain() {
        // A xorshift stream: no repetition for DEFLATE to find.
        let mut x = 0x9E37_79B9_7F4A_7C15_u64;
        let noise: Vec<u8> = (0..4_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        let message = sync(noise);
        assert_eq!(encode_compressed(&message), encode(&message));
    }

    #[test]
    fn a_bomb_is_refused_at_the_limit() {
        let frame = compress_frame(vec![0xA0; 1 << 20]);
        assert!(frame.len() < 10_000);
        let err = decode_compressed(&frame, 64 * 1024).unwrap_err();
        assert!(matches!(err, ProtocolError::FrameTooLarge { limit, .. } if limit == 64 * 1024));
    }

    #[test]
    fn garbage_after_the_marker_is_a_clear_error() {
        let err = decode_compressed(&[DEFLATED_MARKER, 0xFF, 0xFF, 0xFF], 1 << 20).unwrap_err();
        assert!(matches!(err, ProtocolError::BadCompression(_)), "{err}");
        let cut = {
            let mut f = encode_compressed(&sync(repetitive(20_000)));
            f.truncate(f.len() / 2);
            f
        };
        let err = decode_compressed(&cut, 1 << 20).unwrap_err();
        assert!(matches!(err, ProtocolError::BadCompression(_)), "{err}");
        let mut trailing = encode_compressed(&sync(repetitive(20_000)));
        trailing.extend_from_slice(b"extra");
        let err = decode_compressed(&trailing, 1 << 20).unwrap_err();
        assert!(matches!(err, ProtocolError::BadCompression(_)), "{err}");
    }
}
