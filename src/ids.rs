//! Random identifiers from the browser's CSPRNG (`crypto.getRandomValues`): the application's
//! UUID v4 (also its idempotency key) and the per-instance prefix of element ids, so that
//! several widgets on one page never share an id.

/// 16 random bytes, or `None` when the browser has no `crypto` (never in a supported browser).
fn random_bytes() -> Option<[u8; 16]> {
    let mut bytes = [0u8; 16];
    let crypto = web_sys::window()?.crypto().ok()?;
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes)
}

/// A UUID version 4 (RFC 9562 §5.4) from 16 random bytes.
pub fn uuid_v4_from(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(hex(b >> 4));
        out.push(hex(b & 0x0f));
    }
    out
}

fn hex(nibble: u8) -> char {
    char::from(b"0123456789abcdef"[usize::from(nibble & 0x0f)])
}

/// A fresh application id; `None` without a CSPRNG (the widget then refuses to send rather
/// than invent a guessable id).
pub fn new_application_id() -> Option<String> {
    random_bytes().map(uuid_v4_from)
}

/// A prefix for this instance's element ids: `pq-` and 8 hex digits.
pub fn instance_prefix() -> String {
    let bytes = random_bytes().unwrap_or([0; 16]);
    let mut out = String::from("pq-");
    for b in &bytes[..4] {
        out.push(hex(b >> 4));
        out.push(hex(b & 0x0f));
    }
    out.push('-');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uuid_v4_has_its_version_and_variant() {
        let id = uuid_v4_from([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let id = uuid_v4_from([0; 16]);
        assert_eq!(id, "00000000-0000-4000-8000-000000000000");
        let id = uuid_v4_from([
            0x5f, 0x0c, 0x6a, 0x8e, 0x1f, 0x6b, 0x1c, 0x1e, 0x1a, 0x57, 0x0d, 0x7f, 0x3f, 0x0b,
            0x2c, 0x11,
        ]);
        assert_eq!(id, "5f0c6a8e-1f6b-4c1e-9a57-0d7f3f0b2c11");
    }
}
