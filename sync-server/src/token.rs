//! Device tokens: made once at enrollment, shown once, stored only as a hash.
//!
//! A token is `cst_` followed by 32 random bytes in unpadded base64url (256
//! bits, 47 characters in all): long enough that guessing is hopeless, short
//! enough to paste into a URL's query string, which is where an unmodified
//! automerge-repo WebSocket client can carry it. The server keeps the SHA-256
//! of the token; a presented token is hashed and compared in constant time, so
//! neither a stolen database nor response timing gives a usable token.
//!
//! Rows are found by the first 8 bytes of the hash (an index can only compare
//! by value, which takes variable time); the full 32 bytes are then compared
//! with `subtle`. What the index's timing could leak is a prefix of a SHA-256,
//! which says nothing about any token.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::CryptoRng;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// What every token starts with, so a leaked one is recognisable in logs and
/// secret scanners.
pub const TOKEN_PREFIX: &str = "cst_";
/// Random bytes in a token.
pub const TOKEN_BYTES: usize = 32;
/// The longest text we even hash as a presented token.
const MAX_PRESENTED_CHARS: usize = 128;

/// A device's secret, as given to the supervisor at enrollment. Its `Debug`
/// hides the secret, so it cannot leak through a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// A new random token.
    pub fn generate(rng: &mut impl CryptoRng) -> Self {
        let mut bytes = [0u8; TOKEN_BYTES];
        rng.fill_bytes(&mut bytes);
        Self(format!("{TOKEN_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// The text to hand over (once).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> TokenHash {
        TokenHash::of(&self.0)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(cst_…)")
    }
}

/// The SHA-256 of a token: what the database keeps.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenHash([u8; 32]);

impl TokenHash {
    fn of(text: &str) -> Self {
        Self(Sha256::digest(text.as_bytes()).into())
    }

    /// The hash of a token presented by a client, or `None` when the text
    /// cannot be a token (wrong prefix, wrong length): such requests are
    /// refused without touching the database.
    pub fn of_presented(text: &str) -> Option<Self> {
        let text = text.trim();
        let well_formed = text.len() <= MAX_PRESENTED_CHARS
            && text.strip_prefix(TOKEN_PREFIX).is_some_and(|rest| {
                URL_SAFE_NO_PAD
                    .decode(rest)
                    .is_ok_and(|b| b.len() == TOKEN_BYTES)
            });
        well_formed.then(|| Self::of(text))
    }

    /// A hash read back from the database.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        bytes.try_into().ok().map(Self)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The indexed prefix that finds candidate rows.
    pub fn lookup_key(&self) -> [u8; 8] {
        let mut key = [0u8; 8];
        key.copy_from_slice(&self.0[..8]);
        key
    }

    /// Whether two hashes are equal, in time that does not depend on where
    /// they differ.
    pub fn matches(&self, stored: &TokenHash) -> bool {
        self.0.ct_eq(&stored.0).into()
    }
}

impl fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "TokenHash({:02x}{:02x}{:02x}{:02x}…)",
            self.0[0], self.0[1], self.0[2], self.0[3]
        )
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;

    #[test]
    fn tokens_are_prefixed_long_random_and_distinct() {
        let mut rng = StdRng::seed_from_u64(7);
        let a = Token::generate(&mut rng);
        let b = Token::generate(&mut rng);
        assert_ne!(a, b);
        assert!(a.as_str().starts_with("cst_"));
        assert_eq!(a.as_str().len(), 4 + 43, "32 bytes in unpadded base64url");
        let random = URL_SAFE_NO_PAD.decode(&a.as_str()[4..]).unwrap();
        assert_eq!(random.len() * 8, 256, "at least 128 bits are required");
        // URL-safe: nothing to escape in a query string.
        assert!(
            a.as_str()[4..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let token = Token::generate(&mut StdRng::seed_from_u64(1));
        let shown = format!("{token:?} {:?}", token.hash());
        assert!(!shown.contains(&token.as_str()[4..12]), "{shown}");
    }

    #[test]
    fn presented_token_hashes_like_the_enrolled_one() {
        let token = Token::generate(&mut StdRng::seed_from_u64(2));
        let presented = TokenHash::of_presented(token.as_str()).unwrap();
        assert!(presented.matches(&token.hash()));
        assert_eq!(
            presented.as_bytes(),
            &<[u8; 32]>::from(Sha256::digest(token.as_str()))
        );
        assert_eq!(&presented.lookup_key()[..], &presented.as_bytes()[..8]);
        let stored = TokenHash::from_bytes(token.hash().as_bytes()).unwrap();
        assert!(presented.matches(&stored));
    }

    #[test]
    fn a_token_one_character_off_does_not_match() {
        let token = Token::generate(&mut StdRng::seed_from_u64(3));
        let mut other = token.as_str().to_owned();
        let last = other.pop().unwrap();
        other.push(if last == 'A' { 'B' } else { 'A' });
        let presented = TokenHash::of_presented(&other).unwrap();
        assert!(!presented.matches(&token.hash()));
    }

    #[test]
    fn text_that_cannot_be_a_token_is_refused_before_hashing() {
        for text in [
            "",
            "cst_",
            "cst_short",
            "Bearer cst_AAAA",
            &format!("xyz_{}", "A".repeat(43)),
            &format!("cst_{}", "A".repeat(200)),
            &format!("cst_{}", "!".repeat(43)),
        ] {
            assert!(TokenHash::of_presented(text).is_none(), "{text}");
        }
        assert!(TokenHash::from_bytes(&[0; 31]).is_none());
    }
}
