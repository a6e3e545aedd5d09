//! Secrets at rest and random tokens. Personal data that would hurt if a database copy leaked
//! (ID numbers, bank accounts, what the identity service vouched for) is sealed with an AEAD
//! (XChaCha20-Poly1305, RustCrypto; random 192-bit nonces are safe at any volume); where staff
//! must still find a record by such a value, a keyed hash (HMAC-SHA256) stands in for it.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Marks a sealed value, so a plain one (older rows, tests) is never mistaken for one.
const SEALED_PREFIX: &str = "sealed.v1.";

#[derive(Clone)]
pub struct Keys {
    aead: XChaCha20Poly1305,
    index: [u8; 32],
    links: [u8; 32],
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(…)")
    }
}

/// `n` bytes from the operating system's random source.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The OS random source failing means no secret can be made safely: stop rather than guess.
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    bytes
}

/// A random token for cookies and handles: 128 bits, URL-safe.
pub fn new_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<16>())
}

/// SHA-256 in hex: how session ids, sign-in attempts and resume codes are stored. They carry
/// at least 64 random bits, so a plain hash cannot be reversed by guessing.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn derive(master: &[u8], purpose: &str) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(master).expect("HMAC takes any key");
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().into()
}

impl Keys {
    /// Two keys derived from one master key (32 bytes or more), one per purpose.
    pub fn from_master(master: &[u8]) -> Result<Keys, String> {
        if master.len() < 32 {
            return Err("the data key must be at least 32 bytes".into());
        }
        let aead = XChaCha20Poly1305::new(&derive(master, "yijian seal v1").into());
        Ok(Keys {
            aead,
            index: derive(master, "yijian index v1"),
            links: derive(master, "yijian links v1"),
        })
    }

    /// The key from `YIJIAN_DATA_KEY` (base64 of 32 random bytes), or for development a key kept
    /// in `<data dir>/data.key`, made on first run, readable by the owner only.
    pub fn load(data_dir: &std::path::Path) -> Result<Keys, String> {
        if let Ok(given) = std::env::var("YIJIAN_DATA_KEY") {
            if !given.trim().is_empty() {
                let master = STANDARD
                    .decode(given.trim())
                    .map_err(|e| format!("YIJIAN_DATA_KEY is not base64: {e}"))?;
                return Keys::from_master(&master);
            }
        }
        let path = data_dir.join("data.key");
        let master = match std::fs::read_to_string(&path) {
            Ok(text) => STANDARD
                .decode(text.trim())
                .map_err(|e| format!("{} is not base64: {e}", path.display()))?,
            Err(_) => {
                let master = random_bytes::<32>();
                crate::config::write_private(&path, STANDARD.encode(master).as_bytes())
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                tracing::warn!(
                    path = %path.display(),
                    "no YIJIAN_DATA_KEY: generated a development data key; in service, set \
                     YIJIAN_DATA_KEY and keep it apart from database backups"
                );
                master.to_vec()
            }
        };
        Keys::from_master(&master)
    }

    /// A fresh key, for tests.
    pub fn random() -> Keys {
        Keys::from_master(&random_bytes::<32>()).expect("32 bytes")
    }

    pub fn seal(&self, plain: &str) -> String {
        let nonce = random_bytes::<24>();
        let sealed = self
            .aead
            .encrypt(XNonce::from_slice(&nonce), plain.as_bytes())
            .expect("sealing in memory cannot fail");
        format!(
            "{SEALED_PREFIX}{}",
            URL_SAFE_NO_PAD.encode([nonce.as_slice(), &sealed].concat())
        )
    }

    /// The plain text of a sealed value; `None` when it was not sealed with this key or was
    /// altered.
    pub fn open(&self, sealed: &str) -> Option<String> {
        let bytes = URL_SAFE_NO_PAD
            .decode(sealed.strip_prefix(SEALED_PREFIX)?)
            .ok()?;
        if bytes.len() < 24 {
            return None;
        }
        let (nonce, body) = bytes.split_at(24);
        let plain = self.aead.decrypt(XNonce::from_slice(nonce), body).ok()?;
        String::from_utf8(plain).ok()
    }

    pub fn is_sealed(value: &str) -> bool {
        value.starts_with(SEALED_PREFIX)
    }

    /// A keyed hash for finding a record by a value that is stored sealed.
    pub fn index(&self, value: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.index).expect("32 bytes");
        mac.update(value.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// Signs a link the server hands out (a file for a department's system): whoever holds
    /// the link may use it until it expires, nobody can make one.
    pub fn sign_link(&self, message: &str) -> String {
        hmac_hex(&self.links, message.as_bytes())
    }

    /// Whether `signature` is this server's for `message` (compared in constant time).
    pub fn link_signed(&self, message: &str, signature: &str) -> bool {
        hmac_verify(&self.links, message.as_bytes(), signature)
    }
}

/// HMAC-SHA256 of `message` under `key`, in lower-case hex.
pub fn hmac_hex(key: &[u8], message: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(message);
    hex(&mac.finalize().into_bytes())
}

/// Whether the hex `signature` is the HMAC-SHA256 of `message` under `key`, compared in
/// constant time (a byte-by-byte compare would tell an attacker how much they got right).
pub fn hmac_verify(key: &[u8], message: &[u8], signature: &str) -> bool {
    let Some(bytes) = unhex(signature) else {
        return false;
    };
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(message);
    mac.verify_slice(&bytes).is_ok()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_with_its_key_only_and_never_shows_the_plain_text() {
        let keys = Keys::random();
        let sealed = keys.seal("11010519491231002X");
        assert!(!sealed.contains("11010519491231002X"));
        assert_eq!(keys.open(&sealed).as_deref(), Some("11010519491231002X"));
        assert_eq!(Keys::random().open(&sealed), None);
        assert_ne!(
            sealed,
            keys.seal("11010519491231002X"),
            "a fresh nonce each time"
        );
    }

    #[test]
    fn an_altered_or_foreign_value_does_not_open() {
        let keys = Keys::random();
        let sealed = keys.seal("4111111111111111");
        // Change one character of the ciphertext to a different one (always different: a fixed
        // replacement would leave the value as it was whenever it already held that character).
        let at = SEALED_PREFIX.len() + 40;
        let was = sealed.as_bytes()[at];
        let altered = format!(
            "{}{}{}",
            &sealed[..at],
            if was == b'A' { 'B' } else { 'A' },
            &sealed[at + 1..]
        );
        assert_ne!(altered, sealed);
        assert_eq!(keys.open(&altered), None);
        assert_eq!(keys.open("4111111111111111"), None);
        assert_eq!(keys.open("sealed.v1.!!"), None);
    }

    #[test]
    fn the_index_is_stable_per_key_and_differs_between_keys() {
        let keys = Keys::from_master(&[7u8; 32]).unwrap();
        assert_eq!(keys.index("x"), keys.index("x"));
        assert_ne!(keys.index("x"), Keys::random().index("x"));
        assert!(Keys::from_master(&[0u8; 8]).is_err());
    }

    #[test]
    fn tokens_carry_128_bits_and_are_stored_as_hashes() {
        let token = new_token();
        assert_eq!(URL_SAFE_NO_PAD.decode(&token).unwrap().len(), 16);
        assert_ne!(token, new_token());
        assert_eq!(token_hash(&token).len(), 64);
        assert!(!token_hash(&token).contains(&token));
    }
}
