//! Signed releases: each archived release's folder holds `SHA256SUMS`, the
//! SHA-256 of its files as coreutils' `sha256sum` writes them, and
//! `SHA256SUMS.minisig`, a detached Ed25519 signature of that list in
//! minisign's format. Anyone can check a downloaded file offline with the
//! standard tools (`minisign -Vm SHA256SUMS -P KEY`, then `sha256sum -c
//! SHA256SUMS`) or with `exporter verify`.
//!
//! Signing is deterministic: plain Ed25519 (RFC 8032, without the random
//! noise minisign mixes in) over minisign's BLAKE2b-512 prehash, with a
//! trusted comment made of the release id and its fingerprint, no
//! timestamp. The same key and release always give the same bytes, so the
//! sample series is reproduced byte for byte. Verification uses
//! `minisign-verify`, the format author's own verifier, so what the
//! exporter signs is checked by code other than its own.
//!
//! Keys are minisign's: a public key is `RW…` (the base64 alone, as
//! `minisign -P` takes it, or the two-line `.pub` file); a secret key is an
//! unencrypted minisign secret key file (`exporter keygen`, or `minisign -G
//! -W`).

use crate::model::archive::ArchivedRelease;
use crate::model::digest::sha256_hex;
use crate::model::Release;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// The list of a release's files with their SHA-256, in its folder.
pub const SUMS_FILE: &str = "SHA256SUMS";

/// The signature of [`SUMS_FILE`], beside it (the name `minisign -Vm
/// SHA256SUMS` looks for).
pub const SIGNATURE_FILE: &str = "SHA256SUMS.minisig";

/// minisign's algorithm tags: `Ed` in keys, `ED` in a signature of the
/// BLAKE2b-512 prehash of the file; `B2` names the key file's checksum.
const KEY_ALGORITHM: [u8; 2] = *b"Ed";
const PREHASHED: [u8; 2] = *b"ED";
const CHECKSUM_ALGORITHM: [u8; 2] = *b"B2";
/// A secret key's key derivation: none (unencrypted) or scrypt (password).
const NO_KDF: [u8; 2] = [0, 0];
const SCRYPT: [u8; 2] = *b"Sc";
/// A secret key file's bytes: algorithm, KDF and checksum tags (2 each),
/// salt (32), KDF limits (8 + 8), key id (8), seed and public key (64),
/// checksum (32).
const SECRET_KEY_BYTES: usize = 158;
const KEY_ID_AT: usize = 54;
const SECRET_AT: usize = 62;
const CHECKSUM_AT: usize = 126;

const UNTRUSTED: &str = "untrusted comment: ";
const TRUSTED: &str = "trusted comment: ";

/// A key's id: 8 bytes chosen when it was made, carried by every signature
/// it makes, shown as minisign shows it (hex of the little-endian number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyId([u8; 8]);

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016X}", u64::from_le_bytes(self.0))
    }
}

/// Why a key cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("not a minisign {kind} key: {reason}")]
    Malformed { kind: &'static str, reason: String },
    #[error("the secret key is protected by a password: the exporter signs with an unencrypted key (made by `exporter keygen`, or `minisign -G -W`), kept out of the repository in the data team's secret store")]
    Encrypted,
    #[error("the system's random number generator failed: {0}")]
    Random(String),
}

/// The one line of a key file that holds the key: a key given alone, or
/// the line after the file's untrusted comment.
fn key_line<'a>(text: &'a str, kind: &'static str) -> Result<&'a str, KeyError> {
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with(UNTRUSTED));
    match (lines.next(), lines.next()) {
        (Some(line), None) => Ok(line),
        (None, _) => Err(KeyError::Malformed {
            kind,
            reason: "no key in it".into(),
        }),
        (Some(_), Some(_)) => Err(KeyError::Malformed {
            kind,
            reason: "more than one line besides its comment".into(),
        }),
    }
}

/// A public key: what readers check signatures with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    id: KeyId,
    key: [u8; 32],
}

impl PublicKey {
    /// Reads `RW…` alone or a minisign `.pub` file (its comment, then the key).
    pub fn parse(text: &str) -> Result<PublicKey, KeyError> {
        let malformed = |reason: String| KeyError::Malformed {
            kind: "public",
            reason,
        };
        let line = key_line(text, "public")?;
        let bytes = BASE64
            .decode(line)
            .map_err(|e| malformed(format!("{line:?} is not base64 ({e})")))?;
        match bytes.as_slice() {
            [a, b, rest @ ..] if [*a, *b] == KEY_ALGORITHM && rest.len() == 40 => {
                let (id, key) = rest.split_at(8);
                Ok(PublicKey {
                    id: KeyId(id.try_into().unwrap_or_default()),
                    key: key.try_into().unwrap_or_default(),
                })
            }
            _ => Err(malformed(format!(
                "{line:?} is not an Ed25519 public key (RW… of 56 characters)"
            ))),
        }
    }

    /// The key as `minisign -P` takes it and the methodology page shows it.
    pub fn to_base64(&self) -> String {
        let mut bytes = KEY_ALGORITHM.to_vec();
        bytes.extend(self.id.0);
        bytes.extend(self.key);
        BASE64.encode(bytes)
    }

    /// The key as a minisign `.pub` file.
    pub fn to_file(&self) -> String {
        format!(
            "{UNTRUSTED}minisign public key {}\n{}\n",
            self.id,
            self.to_base64()
        )
    }

    pub fn id(&self) -> KeyId {
        self.id
    }
}

/// A secret key: what the data team signs releases with. Never printed.
pub struct SecretKey {
    id: KeyId,
    key: ed25519_dalek::SigningKey,
}

impl SecretKey {
    /// A new key from the system's random number generator.
    pub fn generate() -> Result<SecretKey, KeyError> {
        let mut seed = [0u8; 32];
        let mut id = [0u8; 8];
        getrandom::fill(&mut seed)
            .and_then(|()| getrandom::fill(&mut id))
            .map_err(|e| KeyError::Random(e.to_string()))?;
        Ok(SecretKey {
            id: KeyId(id),
            key: ed25519_dalek::SigningKey::from_bytes(&seed),
        })
    }

    /// Reads an unencrypted minisign secret key file, or its key line alone.
    pub fn parse(text: &str) -> Result<SecretKey, KeyError> {
        let malformed = |reason: &str| KeyError::Malformed {
            kind: "secret",
            reason: reason.into(),
        };
        let line = key_line(text, "secret")?;
        let bytes = BASE64
            .decode(line)
            .map_err(|_| malformed("its key line is not base64"))?;
        if bytes.len() != SECRET_KEY_BYTES
            || bytes[0..2] != KEY_ALGORITHM
            || bytes[4..6] != CHECKSUM_ALGORITHM
        {
            return Err(malformed("its key line is not an Ed25519 secret key"));
        }
        match [bytes[2], bytes[3]] {
            NO_KDF => {}
            SCRYPT => return Err(KeyError::Encrypted),
            _ => return Err(malformed("it names an unknown encryption")),
        }
        let slice = |from: usize, len: usize| &bytes[from..from + len];
        let id = KeyId(slice(KEY_ID_AT, 8).try_into().unwrap_or_default());
        let secret = slice(SECRET_AT, 64);
        let seed: [u8; 32] = secret[..32].try_into().unwrap_or_default();
        let key = ed25519_dalek::SigningKey::from_bytes(&seed);
        if key.verifying_key().to_bytes() != secret[32..] {
            return Err(malformed(
                "its public half does not belong to its secret half: the file is damaged",
            ));
        }
        // minisign 0.11 leaves the checksum of an unencrypted key empty.
        let stored = slice(CHECKSUM_AT, 32);
        if stored.iter().any(|&b| b != 0) && stored != checksum(id, secret) {
            return Err(malformed(
                "its checksum does not match: the file is damaged",
            ));
        }
        Ok(SecretKey { id, key })
    }

    /// The key as an unencrypted minisign secret key file, under `comment`.
    pub fn to_file(&self, comment: &str) -> String {
        let secret = self.key.to_keypair_bytes();
        let mut bytes = Vec::with_capacity(SECRET_KEY_BYTES);
        bytes.extend(KEY_ALGORITHM);
        bytes.extend(NO_KDF);
        bytes.extend(CHECKSUM_ALGORITHM);
        bytes.resize(KEY_ID_AT, 0);
        bytes.extend(self.id.0);
        bytes.extend(secret);
        bytes.extend(checksum(self.id, &secret));
        format!("{UNTRUSTED}{comment}\n{}\n", BASE64.encode(bytes))
    }

    pub fn public_key(&self) -> PublicKey {
        PublicKey {
            id: self.id,
            key: self.key.verifying_key().to_bytes(),
        }
    }

    pub fn id(&self) -> KeyId {
        self.id
    }

    /// A minisign signature file of `data`: Ed25519 over its BLAKE2b-512
    /// prehash, and over that signature followed by `trusted_comment`.
    fn sign(&self, data: &[u8], trusted_comment: &str, untrusted_comment: &str) -> String {
        use blake2::Digest as _;
        use ed25519_dalek::Signer as _;
        let signature = self.key.sign(&blake2::Blake2b512::digest(data)).to_bytes();
        let mut global = signature.to_vec();
        global.extend(trusted_comment.as_bytes());
        let global = self.key.sign(&global).to_bytes();
        let mut first = PREHASHED.to_vec();
        first.extend(self.id.0);
        first.extend(signature);
        format!(
            "{UNTRUSTED}{untrusted_comment}\n{}\n{TRUSTED}{trusted_comment}\n{}\n",
            BASE64.encode(first),
            BASE64.encode(global)
        )
    }
}

/// minisign's checksum of a secret key: BLAKE2b-256 of the algorithm, the
/// key id and the key.
fn checksum(id: KeyId, secret: &[u8]) -> [u8; 32] {
    use blake2::digest::{consts::U32, Digest as _};
    let mut hash = blake2::Blake2b::<U32>::new();
    hash.update(KEY_ALGORITHM);
    hash.update(id.0);
    hash.update(secret);
    hash.finalize().into()
}

/// `SHA256SUMS` of a release's files (name → SHA-256): a line `{sha256}
/// {name}` each, as `sha256sum` writes them, in the order of the names.
pub fn checksums(files: &BTreeMap<String, String>) -> String {
    files
        .iter()
        .map(|(name, sha)| format!("{sha}  {name}\n"))
        .collect()
}

/// The lines of a `SHA256SUMS` as (name, SHA-256), or the number and
/// reason of the first line that is not one: plain file names only, each
/// once.
fn parse_checksums(text: &str) -> Result<Vec<(String, String)>, (usize, String)> {
    let mut seen = BTreeSet::new();
    let mut files = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let fail = |reason: &str| (n + 1, reason.to_owned());
        let (sha, name) = line
            .split_once("  ")
            .or_else(|| line.split_once(" *"))
            .ok_or_else(|| fail("not `{sha256}  {file}`"))?;
        if sha.len() != 64 || !sha.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(fail("not a SHA-256 in lowercase hex"));
        }
        if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." {
            return Err(fail("not a file name of the release's folder"));
        }
        if !seen.insert(name) {
            return Err(fail("a file listed twice"));
        }
        files.push((name.to_owned(), sha.to_owned()));
    }
    Ok(files)
}

/// The trusted comment of a release's signature: the release id and the
/// export's fingerprint, which `minisign -V` prints once the signature
/// verifies.
pub fn trusted_comment(release: &ArchivedRelease) -> String {
    format!(
        "release:{} fingerprint:{} file:{SUMS_FILE}",
        release.release_id, release.sha256
    )
}

/// The release a trusted comment names, if it names one.
fn signed_release(comment: &str) -> Option<&str> {
    comment
        .split_whitespace()
        .find_map(|part| part.strip_prefix("release:"))
}

/// [`SUMS_FILE`] of an archived release (from the fingerprints of its
/// index entry) and [`SIGNATURE_FILE`], its signature by `key`.
pub fn sign_release(release: &ArchivedRelease, key: &SecretKey) -> [(&'static str, String); 2] {
    let sums = checksums(&release.files);
    let untrusted = format!(
        "signature of release {} by key {}",
        release.release_id, key.id
    );
    let signature = key.sign(sums.as_bytes(), &trusted_comment(release), &untrusted);
    [(SUMS_FILE, sums), (SIGNATURE_FILE, signature)]
}

/// What a good signature says of a release folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The release the signature names.
    pub release_id: String,
    pub trusted_comment: String,
    pub key: KeyId,
    /// The files found as signed, in the order of [`SUMS_FILE`].
    pub files: Vec<String>,
}

/// Why a release folder does not verify; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is missing: {why}", path.display())]
    Missing { path: PathBuf, why: &'static str },
    #[error("{} is not a minisign signature of a release ({reason})", path.display())]
    Malformed { path: PathBuf, reason: String },
    #[error("{} was made with the key {found}, not with the public key given ({expected}): check that you copied the key the portal publishes", path.display())]
    WrongKey {
        path: PathBuf,
        found: KeyId,
        expected: KeyId,
    },
    #[error("{} does not match its signature {SIGNATURE_FILE}: one of them was changed after signing", path.display())]
    BadSignature { path: PathBuf },
    #[error("{} is the signature of release {signed:?}, but this folder holds release {held:?} (its release.json): the signature belongs to another release", path.display())]
    OtherRelease {
        path: PathBuf,
        signed: String,
        held: String,
    },
    #[error("{} does not match {SUMS_FILE}: its SHA-256 is {found}, the signed one {signed}; it is not the file release {release:?} published", path.display())]
    Altered {
        path: PathBuf,
        found: String,
        signed: String,
        release: String,
    },
    #[error("{}, line {line}: {reason}", path.display())]
    Sums {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    #[error("{name} is not listed in {}: the release has no such file", path.display())]
    NotListed { path: PathBuf, name: String },
}

/// A file's bytes, or why not: a missing file is named as such.
fn read(path: &Path, why: &'static str) -> Result<Vec<u8>, VerifyError> {
    std::fs::read(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => VerifyError::Missing {
            path: path.to_owned(),
            why,
        },
        _ => VerifyError::Io {
            path: path.to_owned(),
            source,
        },
    })
}

/// Checks the release in `dir` against `key`: the signature of
/// [`SUMS_FILE`], the release it names (against the folder's
/// `release.json`, when there is one), then each file it lists (only those
/// named in `only`, if any: a download of some of them).
pub fn verify_release(
    dir: &Path,
    key: &PublicKey,
    only: &[String],
) -> Result<Verified, VerifyError> {
    let sig_path = dir.join(SIGNATURE_FILE);
    let sums_path = dir.join(SUMS_FILE);
    let text = read(
        &sig_path,
        "the release is not signed, or its signature was not downloaded with it",
    )?;
    let malformed = |reason: String| VerifyError::Malformed {
        path: sig_path.clone(),
        reason,
    };
    let text = String::from_utf8(text).map_err(|_| malformed("not text".into()))?;
    let signature =
        minisign_verify::Signature::decode(&text).map_err(|e| malformed(e.to_string()))?;
    let found = text
        .lines()
        .nth(1)
        .and_then(|line| BASE64.decode(line).ok())
        .and_then(|bytes| bytes.get(2..10)?.try_into().ok())
        .map(KeyId)
        .ok_or_else(|| malformed("no key id".into()))?;
    if found != key.id {
        return Err(VerifyError::WrongKey {
            path: sig_path,
            found,
            expected: key.id,
        });
    }
    let sums = read(
        &sums_path,
        "download it with the signature, from the same release's folder",
    )?;
    let held = std::fs::read_to_string(dir.join("release.json"))
        .ok()
        .and_then(|text| Release::parse(&text).ok())
        .map(|r| r.release_id);
    let other = |signed: &str| {
        held.as_deref()
            .filter(|held| *held != signed)
            .map(|held| VerifyError::OtherRelease {
                path: sig_path.clone(),
                signed: signed.to_owned(),
                held: held.to_owned(),
            })
    };
    let verifier = minisign_verify::PublicKey::from_base64(&key.to_base64())
        .map_err(|e| malformed(format!("the public key: {e}")))?;
    match verifier.verify(&sums, &signature, false) {
        Ok(()) => {}
        Err(minisign_verify::Error::InvalidSignature) => {
            // A rejection either way; the comment, not yet trusted, only
            // says which is the likelier cause.
            let claimed = signed_release(signature.trusted_comment()).and_then(other);
            return Err(claimed.unwrap_or(VerifyError::BadSignature { path: sums_path }));
        }
        Err(e) => return Err(malformed(e.to_string())),
    }
    let comment = signature.trusted_comment();
    let release = signed_release(comment)
        .ok_or_else(|| malformed(format!("its trusted comment {comment:?} names no release")))?;
    if let Some(e) = other(release) {
        return Err(e);
    }
    let text = String::from_utf8(sums).map_err(|_| VerifyError::Sums {
        path: sums_path.clone(),
        line: 1,
        reason: "not UTF-8".into(),
    })?;
    let listed = parse_checksums(&text).map_err(|(line, reason)| VerifyError::Sums {
        path: sums_path.clone(),
        line,
        reason,
    })?;
    if let Some(name) = only.iter().find(|n| !listed.iter().any(|(l, _)| l == *n)) {
        return Err(VerifyError::NotListed {
            path: sums_path,
            name: name.clone(),
        });
    }
    let mut files = Vec::new();
    for (name, signed) in listed {
        if !only.is_empty() && !only.contains(&name) {
            continue;
        }
        let path = dir.join(&name);
        let found = sha256_hex(&read(
            &path,
            "SHA256SUMS lists it as a file of the release",
        )?);
        if found != signed {
            return Err(VerifyError::Altered {
                path,
                found,
                signed,
                release: release.to_owned(),
            });
        }
        files.push(name);
    }
    Ok(Verified {
        release_id: release.to_owned(),
        trusted_comment: comment.to_owned(),
        key: key.id,
        files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample key of `data/`, which the tests may use: it is public.
    fn sample() -> SecretKey {
        SecretKey::parse(super::super::builtin::SAMPLE_SIGNING_KEY).unwrap()
    }

    #[test]
    fn keys_round_trip_through_their_files() {
        let key = SecretKey::generate().unwrap();
        let again = SecretKey::parse(&key.to_file("a test key")).unwrap();
        assert_eq!(again.public_key(), key.public_key());
        let public = key.public_key();
        assert_eq!(PublicKey::parse(&public.to_file()).unwrap(), public);
        assert_eq!(PublicKey::parse(&public.to_base64()).unwrap(), public);
        assert_eq!(public.to_base64().len(), 56);
        assert!(public.to_base64().starts_with("RW"));
    }

    #[test]
    fn a_damaged_or_encrypted_secret_key_is_refused() {
        let file = sample().to_file("k");
        let line = file.lines().nth(1).unwrap();
        let mut bytes = BASE64.decode(line).unwrap();
        bytes[SECRET_AT] ^= 1;
        let damaged = BASE64.encode(&bytes);
        let e = SecretKey::parse(&damaged).err().unwrap().to_string();
        assert!(e.contains("does not belong to its secret half"), "{e}");
        let mut encrypted = BASE64.decode(line).unwrap();
        encrypted[2..4].copy_from_slice(&SCRYPT);
        let e = SecretKey::parse(&BASE64.encode(&encrypted)).err().unwrap();
        assert!(matches!(e, KeyError::Encrypted), "{e}");
        assert!(SecretKey::parse("RWQ").is_err());
        let e = PublicKey::parse("untrusted comment: x\nRWQ\nRWQ\n").unwrap_err();
        assert!(e.to_string().contains("more than one line"), "{e}");
    }

    /// minisign 0.11 (`minisign -G -W`) leaves an unencrypted key's
    /// checksum empty; such a key signs all the same.
    #[test]
    fn a_key_without_checksum_as_minisign_writes_it_is_read() {
        let key = sample();
        let file = key.to_file("k");
        let mut bytes = BASE64.decode(file.lines().nth(1).unwrap()).unwrap();
        bytes[CHECKSUM_AT..].fill(0);
        let read = SecretKey::parse(&BASE64.encode(&bytes)).unwrap();
        assert_eq!(read.public_key(), key.public_key());
        bytes[CHECKSUM_AT] = 1;
        assert!(SecretKey::parse(&BASE64.encode(&bytes)).is_err());
    }

    #[test]
    fn signatures_are_deterministic_and_verify_with_minisign_verify() {
        let key = sample();
        let a = key.sign(b"data", "release:r-1", "u");
        assert_eq!(a, key.sign(b"data", "release:r-1", "u"));
        let pk = minisign_verify::PublicKey::from_base64(&key.public_key().to_base64()).unwrap();
        let sig = minisign_verify::Signature::decode(&a).unwrap();
        pk.verify(b"data", &sig, false).unwrap();
        assert!(pk.verify(b"date", &sig, false).is_err());
        let forged = a.replace("release:r-1", "release:r-2");
        let sig = minisign_verify::Signature::decode(&forged).unwrap();
        assert!(
            pk.verify(b"data", &sig, false).is_err(),
            "the trusted comment is signed"
        );
    }

    #[test]
    fn checksums_are_written_as_sha256sum_reads_them() {
        let files: BTreeMap<String, String> = [("b.csv", "b"), ("a.json", "a")]
            .into_iter()
            .map(|(n, c)| (n.to_owned(), c.repeat(64)))
            .collect();
        let text = checksums(&files);
        assert_eq!(
            text,
            format!("{}  a.json\n{}  b.csv\n", "a".repeat(64), "b".repeat(64))
        );
        assert_eq!(parse_checksums(&text).unwrap().len(), 2);
        let bad = |text: &str| parse_checksums(text).unwrap_err();
        assert_eq!(bad(&format!("{}  ../x\n", "a".repeat(64))).0, 1);
        assert_eq!(
            bad(&format!("{0}  x\n{0}  x\n", "a".repeat(64))).1,
            "a file listed twice"
        );
        assert!(bad("abc  x\n").1.contains("SHA-256"));
    }
}
