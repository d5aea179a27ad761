//! The server's cryptography, in one place:
//! - sealing personal data and signing secrets at rest with ChaCha20-Poly1305 under a keyring
//!   (the key id is stored with every sealed value, so keys can be rotated: new values use the
//!   active key, old ones stay readable while their key is in the ring);
//! - the keyed hash (HMAC-SHA256) of a passport for repeat detection, never the plain number;
//! - SHA-256 of publishable keys (they are looked up by hash) and of request bodies;
//! - Stripe-style request signatures: `Prequal-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`, the
//!   HMAC-SHA256 of `"<t>.<raw body>"`, a tolerance window, constant-time comparison.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt;
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

const NONCE_LEN: usize = 12;

/// Data-encryption keys by id; the first one given is the active one.
#[derive(Clone)]
pub struct Keyring {
    active: String,
    keys: HashMap<String, [u8; 32]>,
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print key material.
        f.debug_struct("Keyring")
            .field("active", &self.active)
            .field("keys", &self.keys.len())
            .finish()
    }
}

impl Keyring {
    /// Parses `id:hex64[,id:hex64…]` (the active key first), e.g. from `PREQUAL_DATA_KEYS`.
    pub fn parse(spec: &str) -> Result<Keyring, String> {
        let mut keys = HashMap::new();
        let mut active = None;
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (id, hexkey) = part
                .split_once(':')
                .ok_or_else(|| "a data key is written id:64-hex-digits".to_owned())?;
            let id = id.trim();
            if id.is_empty() || id.len() > 32 {
                return Err("a data key id must be 1 to 32 characters".into());
            }
            let bytes = hex::decode(hexkey.trim())
                .map_err(|_| format!("data key '{id}' is not hexadecimal"))?;
            let key: [u8; 32] = bytes
                .try_into()
                .map_err(|_| format!("data key '{id}' must be 32 bytes (64 hex digits)"))?;
            if keys.insert(id.to_owned(), key).is_some() {
                return Err(format!("data key id '{id}' appears twice"));
            }
            active.get_or_insert_with(|| id.to_owned());
        }
        let active = active.ok_or_else(|| "no data key given".to_owned())?;
        Ok(Keyring { active, keys })
    }

    /// A fresh random key in the `id:hex` form (for `prequal-server keygen` and the demo).
    pub fn generate_spec(id: &str) -> Result<String, String> {
        Ok(format!("{id}:{}", hex::encode(random_bytes::<32>()?)))
    }

    pub fn active_id(&self) -> &str {
        &self.active
    }

    /// Seals `plain`, bound to `aad` (e.g. the application id): `(key id, nonce ‖ ciphertext)`.
    pub fn seal(&self, aad: &[u8], plain: &[u8]) -> Result<(String, Vec<u8>), String> {
        let key = self
            .keys
            .get(&self.active)
            .ok_or("the active data key is missing")?;
        let cipher = ChaCha20Poly1305::new(Key::from_slice(key));
        let nonce = random_bytes::<NONCE_LEN>()?;
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: plain, aad })
            .map_err(|_| "encryption failed".to_owned())?;
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok((self.active.clone(), out))
    }

    /// Opens what [`Keyring::seal`] sealed with key `key_id` and the same `aad`.
    pub fn open(&self, key_id: &str, aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>, String> {
        let key = self
            .keys
            .get(key_id)
            .ok_or_else(|| format!("data key '{key_id}' is not in the keyring"))?;
        if sealed.len() < NONCE_LEN {
            return Err("sealed value too short".into());
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        ChaCha20Poly1305::new(Key::from_slice(key))
            .decrypt(Nonce::from_slice(nonce), Payload { msg: body, aad })
            .map_err(|_| "sealed value does not open with its key (tampered or wrong key)".into())
    }
}

pub fn random_bytes<const N: usize>() -> Result<[u8; N], String> {
    let mut out = [0u8; N];
    getrandom::getrandom(&mut out).map_err(|e| format!("no randomness: {e}"))?;
    Ok(out)
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length: new_from_slice cannot fail for it.
    let mut mac = match <HmacSha256 as Mac>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    };
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

/// Why a signed request was refused. The variants are for logs and tests; the client is told
/// only that the signature is missing, malformed or does not verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureError {
    Missing,
    Malformed,
    /// `t` is outside the tolerance window (a replay or a wrong clock).
    Stale,
    NoMatch,
}

impl SignatureError {
    pub fn detail(self) -> &'static str {
        match self {
            SignatureError::Missing => "the Prequal-Signature header is missing",
            SignatureError::Malformed => {
                "the Prequal-Signature header must be t=<unix seconds>,v1=<hex HMAC-SHA256>"
            }
            SignatureError::Stale => "the signature's timestamp is outside the tolerance window",
            SignatureError::NoMatch => "no v1 signature matches an active secret",
        }
    }
}

/// The header value for `body` signed with `secret` at `t`; what partners do, and the tests.
pub fn sign(secret: &[u8], t: i64, body: &[u8]) -> String {
    let mac = hmac_sha256(secret, &[t.to_string().as_bytes(), b".", body]);
    format!("t={t},v1={}", hex::encode(mac))
}

/// Verifies `header` over `body` against any of `secrets` (two during a rotation).
pub fn verify_signature(
    header: Option<&str>,
    body: &[u8],
    secrets: &[Vec<u8>],
    now_secs: i64,
    tolerance_secs: i64,
) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let mut t: Option<i64> = None;
    let mut candidates: Vec<[u8; 32]> = Vec::new();
    for part in header.split(',') {
        let (k, v) = part
            .trim()
            .split_once('=')
            .ok_or(SignatureError::Malformed)?;
        match k.trim() {
            "t" => {
                if t.is_some() {
                    return Err(SignatureError::Malformed);
                }
                t = Some(v.trim().parse().map_err(|_| SignatureError::Malformed)?);
            }
            "v1" => {
                // A v1 that is not 32 bytes of hex can never match: skip it, as Stripe does.
                if let Ok(bytes) = hex::decode(v.trim()) {
                    if let Ok(mac) = <[u8; 32]>::try_from(bytes.as_slice()) {
                        candidates.push(mac);
                    }
                }
            }
            _ => {} // other schemes (v0…) are ignored
        }
        if candidates.len() > 8 {
            return Err(SignatureError::Malformed);
        }
    }
    let t = t.ok_or(SignatureError::Malformed)?;
    if candidates.is_empty() {
        return Err(SignatureError::NoMatch);
    }
    if (now_secs - t).abs() > tolerance_secs {
        return Err(SignatureError::Stale);
    }
    let t_text = t.to_string();
    let mut ok = subtle::Choice::from(0u8);
    for secret in secrets {
        let expected = hmac_sha256(secret, &[t_text.as_bytes(), b".", body]);
        for c in &candidates {
            ok |= expected.ct_eq(c);
        }
    }
    if bool::from(ok) {
        Ok(())
    } else {
        Err(SignatureError::NoMatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring() -> Keyring {
        Keyring::parse(&format!("k2:{},k1:{}", "22".repeat(32), "11".repeat(32))).unwrap()
    }

    #[test]
    fn sealed_values_open_only_with_their_key_and_aad() {
        let ring = ring();
        let (id, sealed) = ring.seal(b"app-1", b"4502 573482").unwrap();
        assert_eq!(id, "k2");
        assert!(!sealed.windows(6).any(|w| w == b"573482"));
        assert_eq!(ring.open("k2", b"app-1", &sealed).unwrap(), b"4502 573482");
        assert!(ring.open("k2", b"app-2", &sealed).is_err());
        assert!(ring.open("k1", b"app-1", &sealed).is_err());
        assert!(ring.open("k9", b"app-1", &sealed).is_err());
        let mut tampered = sealed.clone();
        tampered[20] ^= 1;
        assert!(ring.open("k2", b"app-1", &tampered).is_err());
    }

    #[test]
    fn an_old_key_still_opens_after_rotation() {
        let old = Keyring::parse(&format!("k1:{}", "11".repeat(32))).unwrap();
        let (id, sealed) = old.seal(b"a", b"x").unwrap();
        assert_eq!(ring().open(&id, b"a", &sealed).unwrap(), b"x");
    }

    #[test]
    fn bad_keyrings_are_refused() {
        assert!(Keyring::parse("").is_err());
        assert!(Keyring::parse("k1:abcd").is_err());
        assert!(Keyring::parse("nocolon").is_err());
        assert!(Keyring::parse(&format!("k1:{0},k1:{0}", "11".repeat(32))).is_err());
    }

    #[test]
    fn signatures_verify_with_either_secret_and_several_v1() {
        let (a, b) = (b"sk_a".to_vec(), b"sk_b".to_vec());
        let body = br#"{"status":"approved"}"#;
        let now = 1_800_000_000;
        let signed = sign(b"sk_b", now, body);
        assert_eq!(
            verify_signature(Some(&signed), body, &[a.clone(), b.clone()], now, 300),
            Ok(())
        );
        let two = format!("{signed},v1={}", "00".repeat(32));
        assert_eq!(
            verify_signature(Some(&two), body, std::slice::from_ref(&b), now, 300),
            Ok(())
        );
        // Another body, another secret, a stale or future time, garbage.
        assert_eq!(
            verify_signature(Some(&signed), b"{}", std::slice::from_ref(&b), now, 300),
            Err(SignatureError::NoMatch)
        );
        assert_eq!(
            verify_signature(Some(&signed), body, std::slice::from_ref(&a), now, 300),
            Err(SignatureError::NoMatch)
        );
        assert_eq!(
            verify_signature(
                Some(&signed),
                body,
                std::slice::from_ref(&b),
                now + 301,
                300
            ),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            verify_signature(
                Some(&signed),
                body,
                std::slice::from_ref(&b),
                now - 301,
                300
            ),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            verify_signature(None, body, std::slice::from_ref(&b), now, 300),
            Err(SignatureError::Missing)
        );
        for bad in ["", "t=x,v1=00", "v1=00", "t=1,t=2,v1=00", "garbage"] {
            assert!(
                verify_signature(Some(bad), body, std::slice::from_ref(&b), now, 300).is_err(),
                "{bad}"
            );
        }
    }
}
