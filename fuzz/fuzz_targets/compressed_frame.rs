//! A frame of a connection that agreed to compressed frames (subprotocol
//! `carnet-deflate.v1`): either plain CBOR or a marker byte and a raw DEFLATE
//! stream. Any bytes go to `decode_compressed` with a small limit: no panic,
//! no inflating past the limit (a bomb is an error, not memory), and what it
//! accepts survives `encode_compressed` → `decode_compressed` unchanged.
#![no_main]

use carnet_protocol::compression::{decode_compressed, encode_compressed};
use carnet_protocol::{MAX_FRAME_BYTES, decode};
use libfuzzer_sys::fuzz_target;

/// Small, so that inputs inflating past it are easy for the fuzzer to find.
const LIMIT: usize = 64 * 1024;

fuzz_target!(|data: &[u8]| {
    let Ok(message) = decode_compressed(data, LIMIT) else {
        return;
    };
    let again = decode_compressed(&encode_compressed(&message), MAX_FRAME_BYTES)
        .expect("a compressed frame we write decodes");
    assert_eq!(again, message, "round trip changed the message");
    // A plain frame is also a valid compressed-connection frame.
    if data.first() != Some(&0) {
        assert_eq!(decode(data).as_ref(), Ok(&message));
    }
});
