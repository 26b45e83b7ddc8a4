//! What kind of SSH key a key line or key file holds, told in words, for
//! the keys signoff does not take.
//!
//! signoff signs and verifies with Ed25519 only (`ssh-ed25519`, and
//! `sk-ssh-ed25519@openssh.com` on a FIDO security key). The parser of this
//! build cannot even read the other types, so without this a person with an
//! RSA key would read "unknown algorithm" or a PEM complaint. Here the type
//! is found without parsing the key: the first word of a public key line,
//! the header of a PEM or `PuTTY` file, or the public key inside an OpenSSH
//! private key file (readable even when the private part is encrypted).

use base64::Engine as _;

/// The algorithms signoff takes.
pub const TAKEN: [&str; 2] = ["ssh-ed25519", "sk-ssh-ed25519@openssh.com"];

/// What a key file or line is, when it is not a key signoff can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// An SSH key of this algorithm (`ssh-rsa`, `ecdsa-sha2-nistp256`, …).
    Algorithm(String),
    /// A private key in a format that is not OpenSSH's: `PEM (RSA)`,
    /// `PKCS#8`, `PuTTY (ssh-rsa)`.
    Format(String),
}

/// The key in words: `an RSA key (ssh-rsa)`, `an ECDSA key on a FIDO
/// security key (sk-ecdsa-sha2-nistp256@openssh.com)`.
#[must_use]
pub fn describe(alg: &str) -> String {
    let what = match alg {
        "ssh-rsa" | "rsa-sha2-256" | "rsa-sha2-512" => "an RSA key",
        "ssh-dss" => "a DSA key",
        a if a.starts_with("ecdsa-sha2-") => "an ECDSA key",
        a if a.starts_with("sk-ecdsa-") => "an ECDSA key on a FIDO security key",
        a if a.starts_with("ssh-ed448") => "an Ed448 key",
        a if a.contains("-cert-v01@openssh.com") => "an SSH certificate",
        _ => "a key",
    };
    format!("{what} ({alg})")
}

/// Whether `alg` is held on a FIDO security key.
#[must_use]
pub fn is_fido(alg: &str) -> bool {
    alg.starts_with("sk-")
}

/// The algorithm named by a public key line (`ssh-rsa AAAA… comment`), when
/// the line looks like one.
#[must_use]
pub fn of_public_line(line: &str) -> Option<&str> {
    let mut words = line.split_whitespace();
    let alg = words.next()?;
    let looks = alg.starts_with("ssh-") || alg.starts_with("ecdsa-") || alg.starts_with("sk-");
    (looks && words.next().is_some_and(|b| b.starts_with("AAAA"))).then_some(alg)
}

/// What a private key file's text holds, when signoff cannot use it: its
/// algorithm (OpenSSH or `PuTTY` files), or a format that is not OpenSSH's.
/// `None` for an OpenSSH Ed25519 key and for text that is no key at all.
#[must_use]
pub fn of_private_file(text: &str) -> Option<Found> {
    let text = text.trim_start();
    if let Some(rest) = text.strip_prefix("PuTTY-User-Key-File-") {
        let alg = rest
            .lines()
            .next()
            .and_then(|l| l.split_once(':'))
            .map_or("unknown", |(_, a)| a.trim());
        return Some(Found::Format(format!("PuTTY ({alg})")));
    }
    let header = text.lines().next()?.trim();
    let pem = |kind: &str| Some(Found::Format(format!("PEM ({kind})")));
    match header {
        "-----BEGIN OPENSSH PRIVATE KEY-----" => {
            let alg = openssh_algorithm(text)?;
            (!TAKEN.contains(&alg.as_str())).then_some(Found::Algorithm(alg))
        }
        "-----BEGIN RSA PRIVATE KEY-----" => Some(Found::Algorithm("ssh-rsa".into())),
        "-----BEGIN DSA PRIVATE KEY-----" => Some(Found::Algorithm("ssh-dss".into())),
        "-----BEGIN EC PRIVATE KEY-----" => Some(Found::Algorithm("ecdsa-sha2-nistp256".into())),
        "-----BEGIN PRIVATE KEY-----" => pem("PKCS#8"),
        "-----BEGIN ENCRYPTED PRIVATE KEY-----" => pem("encrypted PKCS#8"),
        "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----" => pem("SSH.COM"),
        _ => None,
    }
}

/// The algorithm of the public key stored in an OpenSSH private key file
/// (`openssh-key-v1`: cipher, KDF, KDF options, key count, then the public
/// key blob, which opens with the algorithm's name).
fn openssh_algorithm(text: &str) -> Option<String> {
    let body: String = text
        .lines()
        .map(str::trim)
        .skip(1)
        .take_while(|l| !l.starts_with("-----END"))
        .collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(body)
        .ok()?;
    let mut rest = bytes.strip_prefix(b"openssh-key-v1\0")?;
    for _ in 0..3 {
        // cipher, KDF, KDF options
        string(&mut rest)?;
    }
    let count = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?);
    rest = rest.get(4..)?;
    if count == 0 {
        return None;
    }
    let mut blob = string(&mut rest)?;
    let alg = string(&mut blob)?;
    String::from_utf8(alg.to_vec()).ok()
}

/// Reads one SSH wire-format string (a 4-byte length, then the bytes).
fn string<'a>(rest: &mut &'a [u8]) -> Option<&'a [u8]> {
    let len = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?) as usize;
    let s = rest.get(4..4usize.checked_add(len)?)?;
    *rest = &rest[4 + len..];
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::{Found, describe, of_private_file, of_public_line};

    #[test]
    fn types_are_told_in_words() {
        assert_eq!(describe("ssh-rsa"), "an RSA key (ssh-rsa)");
        assert_eq!(describe("ssh-dss"), "a DSA key (ssh-dss)");
        assert_eq!(
            describe("sk-ecdsa-sha2-nistp256@openssh.com"),
            "an ECDSA key on a FIDO security key (sk-ecdsa-sha2-nistp256@openssh.com)"
        );
        assert_eq!(of_public_line("ssh-rsa AAAAB3Nza x"), Some("ssh-rsa"));
        assert_eq!(of_public_line("hello world"), None);
        assert_eq!(
            of_private_file("-----BEGIN RSA PRIVATE KEY-----\nMII\n"),
            Some(Found::Algorithm("ssh-rsa".into()))
        );
        assert_eq!(
            of_private_file("PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\n"),
            Some(Found::Format("PuTTY (ssh-rsa)".into()))
        );
        assert_eq!(of_private_file("not a key"), None);
    }
}
