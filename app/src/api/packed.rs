//! How an island's data travels inside the page: postcard bytes in base64, not JSON.
//!
//! Why: each type the browser decodes costs WebAssembly per format. serde_json's decoder
//! (self-describing maps, field names, whitespace, escapes) was the largest part of the bundle we
//! control; postcard reads fields in order, so its decoder per type is a fraction of that. For
//! the same reason the one server function an island calls (`save_answers`) replies in postcard;
//! the others, called only by the server's own pages, keep JSON.

use base64::Engine;
use serde::{de::DeserializeOwned, Serialize};

const CODEC: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD_NO_PAD;

/// Encodes `value` for a page (the server side of an island).
pub fn pack<T: Serialize>(value: &T) -> String {
    // Serialising plain data into memory cannot fail; an empty string would only make the island
    // report that its data is missing.
    postcard::to_allocvec(value)
        .map(|bytes| CODEC.encode(bytes))
        .unwrap_or_default()
}

/// The postcard bytes of `value`, for a reply that is not inside a page (the form island's
/// catalog slice, fetched from an address of its own).
pub fn pack_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    postcard::to_allocvec(value).unwrap_or_default()
}

/// Decodes what [`pack`] produced; `None` if it is damaged or cut short. (The format does not
/// describe itself: bytes packed from another type may decode as garbage, so each island
/// unpacks only the one type its page packed for it.)
pub fn unpack<T: DeserializeOwned>(text: &str) -> Option<T> {
    unpack_bytes(&CODEC.decode(text).ok()?)
}

/// Decodes what [`pack_bytes`] produced (or a reply in postcard); `None` if damaged or cut short.
pub fn unpack_bytes<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    postcard::from_bytes(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{BundleContext, Draft};
    use crate::engine::calendar::Date;
    use crate::engine::Text;

    #[test]
    fn a_bundle_context_with_a_catalog_slice_survives_the_trip() {
        let catalog = crate::engine::test_support::seed();
        let mut draft = Draft {
            token: "ABCDEFGHJKMN".into(),
            items: vec!["work_injury_rehab".into()],
            ..Draft::default()
        };
        draft.answers.insert("name".into(), "李明".into());
        let context = BundleContext {
            catalog,
            calendar: Vec::new(),
            today: Date::new(2026, 11, 26).unwrap(),
            idempotency_key: "k".into(),
            draft: Some(draft),
            applicant: None,
            held: vec!["id_card".into()],
            prefill: Default::default(),
            at_counter: false,
            catalog_preview: false,
            catalog_changes: vec![Text::new("变化", "A change")],
            catalog_version: "0123456789abcdef".into(),
        };
        let back: BundleContext = unpack(&pack(&context)).expect("decodes");
        // (Compared as data: the catalog's lookup index is rebuilt after any decode.)
        assert_eq!(
            serde_json::to_value(&back).unwrap(),
            serde_json::to_value(&context).unwrap()
        );
    }

    #[test]
    fn damaged_or_cut_short_data_is_refused() {
        assert_eq!(unpack::<Vec<String>>("not base64!"), None);
        let bytes = postcard::to_allocvec(&vec!["工伤康复".to_string()]).unwrap();
        let cut = CODEC.encode(&bytes[..bytes.len() - 2]);
        assert_eq!(unpack::<Vec<String>>(&cut), None);
    }
}
