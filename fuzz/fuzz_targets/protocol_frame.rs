//! A frame as the server reads it off a WebSocket: any bytes go to the
//! bounded CBOR decoder. It must return a message or an error, never panic,
//! and what it accepts must survive an encode/decode round trip unchanged
//! (so the server never answers with a frame it would itself refuse).
#![no_main]

use carnet_protocol::{MAX_FRAME_BYTES, Message, decode, decode_with_limit, encode, peer_reply};
use carnet_protocol::{PeerId, PeerMetadata};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(message) = decode_with_limit(data, MAX_FRAME_BYTES) else {
        return;
    };
    let again = decode(&encode(&message)).expect("an encoded message decodes");
    // Ignored kinds keep only their kind, which the round trip keeps too.
    assert_eq!(again, message, "round trip changed the message");
    if let Message::Join { .. } = &message {
        // The server's answer to a join must be encodable and decodable.
        let server = PeerId::new("carnet-sync").unwrap();
        if let Ok(reply) = peer_reply(&server, &PeerMetadata::default(), &message) {
            assert_eq!(decode(&encode(&reply)).unwrap(), reply);
        }
    }
});
