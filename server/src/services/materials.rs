//! Materials handed in once: each file is checked (type by its bytes, not its name; size), stored
//! once by content hash and attached to the draft for one material.

use std::collections::BTreeSet;

use app::api::backend::BackendError;
use app::engine::{validate, Text};
use sha2::{Digest, Sha256};

use crate::db::Db;
use crate::repo;
use crate::services::storage;

/// The same limit the browser checks before uploading (`validate::MAX_FILE_BYTES`).
pub const MAX_FILE_BYTES: usize = validate::MAX_FILE_BYTES as usize;

/// All files one draft may hold at once: a few dozen phone photos. Replacing a file frees its
/// share (the old one is swept once nothing refers to it).
pub const DRAFT_QUOTA_BYTES: u64 = 60 * 1024 * 1024;

/// One file as it arrived for one material, hashed while it streamed in.
pub struct Incoming {
    pub material: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// SHA-256 of `bytes`, hex.
    pub hash: String,
}

/// The key under which a material's message is shown, next to its file input.
pub fn error_key(material: &str) -> String {
    format!("material:{material}")
}

/// The media type, judged from the first bytes: a renamed `.exe` is not a PDF.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

pub fn check_file(bytes: &[u8]) -> Result<&'static str, Text> {
    if bytes.is_empty() {
        return Err(validate::file_empty());
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(validate::file_too_big(bytes.len() as u64));
    }
    sniff(bytes).ok_or_else(validate::file_wrong_type)
}

pub fn content_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A file name fit to show back: no path, no control characters, not endless.
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(100).collect();
    if cleaned.trim().is_empty() {
        "file".into()
    } else {
        cleaned
    }
}

/// Stores one file (once, by its hash) and attaches it to the draft for its material, in one
/// transaction; or says why not. `expected` are the materials this draft may hand in; `held`
/// the sizes of the files the draft holds now, by material (kept up to date here), for the quota.
pub async fn store_one(
    db: &Db,
    token: &str,
    file: &Incoming,
    expected: &BTreeSet<String>,
    held: &mut std::collections::BTreeMap<String, u64>,
    now: i64,
) -> Result<Result<(), Text>, BackendError> {
    if !expected.contains(&file.material) {
        return Ok(Err(Text::new(
            "本次办理不需要这份材料。",
            "This application does not need this document.",
        )));
    }
    let media_type = match check_file(&file.bytes) {
        Ok(t) => t,
        Err(message) => return Ok(Err(message)),
    };
    let total: u64 = held
        .iter()
        .filter(|(k, _)| **k != file.material)
        .map(|(_, size)| size)
        .sum::<u64>()
        + file.bytes.len() as u64;
    if total > DRAFT_QUOTA_BYTES {
        return Ok(Err(Text::new(
            "本次申请的材料合计已超过 60 MB。请压缩照片或改用较小的扫描件。",
            "This application's documents exceed 60 MB in all. Use smaller photos or scans.",
        )));
    }
    let mut tx = db.begin().await.map_err(storage)?;
    repo::insert_upload(&mut tx, &file.hash, media_type, &file.bytes, now)
        .await
        .map_err(storage)?;
    repo::attach_material(
        &mut tx,
        token,
        &file.material,
        &file.hash,
        &clean_file_name(&file.file_name),
    )
    .await
    .map_err(storage)?;
    tx.commit().await.map_err(storage)?;
    held.insert(file.material.clone(), file.bytes.len() as u64);
    Ok(Ok(()))
}

/// The sizes of the files a draft holds, by material.
pub async fn held_sizes(
    db: &Db,
    token: &str,
) -> Result<std::collections::BTreeMap<String, u64>, BackendError> {
    let mut conn = db.pool.acquire().await.map_err(storage)?;
    Ok(repo::draft_materials(&mut conn, token)
        .await
        .map_err(storage)?
        .into_iter()
        .map(|m| (m.material, m.size.max(0) as u64))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_comes_from_the_bytes_not_the_name() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest"), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(sniff(b"%PDF-1.7 rest"), Some("application/pdf"));
        assert_eq!(sniff(b"MZ\x90\x00 a program"), None);
        assert_eq!(sniff(b"<svg onload=alert(1)>"), None);
    }

    #[test]
    fn empty_oversized_and_foreign_files_get_a_message_in_both_languages() {
        for bad in [
            Vec::new(),
            [b"%PDF-".as_slice(), &vec![0u8; MAX_FILE_BYTES]].concat(),
            b"GIF89a".to_vec(),
        ] {
            let message = check_file(&bad).unwrap_err();
            assert!(!message.zh.is_empty() && !message.en.is_empty());
        }
        assert!(
            check_file(&[b"%PDF-".as_slice(), &vec![0u8; MAX_FILE_BYTES - 5]].concat()).is_ok()
        );
    }

    #[test]
    fn the_same_bytes_have_the_same_hash() {
        assert_eq!(content_hash(b"abc"), content_hash(b"abc"));
        assert_eq!(
            content_hash(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn file_names_lose_their_paths_and_control_characters() {
        assert_eq!(clean_file_name("C:\\Users\\me\\身份证.jpg"), "身份证.jpg");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\u{0}b\nc.pdf"), "abc.pdf");
        assert_eq!(clean_file_name(""), "file");
    }
}
