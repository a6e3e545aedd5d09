//! Bad input never crashes the engine or the decoders.
//!
//! Everything here is reachable from outside: validators run on whatever a citizen types or
//! pastes (on every keystroke in the browser, and again on the server), `api::packed::unpack`
//! reads data out of a page anyone can edit, and the server functions hand `compose`, `check`
//! and `derive` whatever item ids and answers a request carries. A panic in the browser kills
//! the island; on the server it aborts the request. So each of these must answer `Ok`/`Err`,
//! `Some`/`None` or a `ComposeError` for any input at all: arbitrary Unicode, NUL and control
//! characters, very long text, digits of every length, unknown or duplicated ids, damaged bytes.
//! Where a value is valid by construction (an ID number with its computed check character, a
//! Luhn-valid card) the tests also check it is accepted, and that a one-character change is not.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use app::api::packed::{pack, pack_bytes, unpack, unpack_bytes};
use app::api::{BundleContext, Draft, SubmitOutcome};
use app::engine::calendar::{china_2025_2026, DayRange};
use app::engine::catalog::Text;
use app::engine::validate::{self, Sex};
use app::engine::{
    check, check_field, compose, derive, schedule, Answers, Catalog, ComposeError, Date,
    WorkingCalendar,
};
use app::pages::merged_form::{CatalogSlice, FormIslandData as FormData};
use base64::Engine;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, subsequence, Index};

// ---------------------------------------------------------------------------------------------
// Fixtures

fn seed() -> &'static Catalog {
    static SEED: OnceLock<Catalog> = OnceLock::new();
    SEED.get_or_init(|| {
        Catalog::from_json(include_str!("../../catalog/catalog.json")).expect("seed parses")
    })
}

fn calendar() -> &'static WorkingCalendar {
    static CAL: OnceLock<WorkingCalendar> = OnceLock::new();
    CAL.get_or_init(|| WorkingCalendar::from_years(china_2025_2026()))
}

fn today() -> Date {
    Date::new(2026, 2, 14).unwrap()
}

fn all_item_ids() -> Vec<String> {
    seed().items.iter().map(|i| i.id.clone()).collect()
}

/// Every key an answer map can meaningfully carry: field keys and situational question ids.
fn answer_keys() -> Vec<String> {
    let c = seed();
    let fields = c.fields.iter().map(|f| f.key.clone());
    fields
        .chain(c.questions.iter().map(|q| q.id.clone()))
        .collect()
}

/// Values worth trying beside arbitrary text: every option value of the catalog, yes and no.
fn meaningful_values() -> Vec<String> {
    let mut values: BTreeSet<String> = ["yes", "no", ""].map(String::from).into();
    for f in &seed().fields {
        values.extend(f.options.iter().map(|o| o.value.clone()));
    }
    values.into_iter().collect()
}

/// The base64 alphabet `pack` writes (no padding).
fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes)
}

fn unbase64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(text)
        .expect("pack writes base64")
}

// ---------------------------------------------------------------------------------------------
// Strategies

/// `c` inserted into `s` at a character boundary chosen by `at`.
fn splice((s, c, at): (String, char, Index)) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    let i = at.index(chars.len() + 1);
    chars.insert(i, c);
    chars.into_iter().collect()
}

/// Text of every awkward kind, short enough for many cases.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        // Any Unicode scalar value, with proptest's bias towards the awkward ones.
        vec(any::<char>(), 0..40).prop_map(String::from_iter),
        // NUL, other control characters and DEL, among digits.
        vec(
            prop_oneof![
                proptest::char::range('\0', '\u{1f}'),
                Just('\u{7f}'),
                proptest::char::range('0', '9'),
            ],
            0..40
        )
        .prop_map(String::from_iter),
        // Digits only, at every length around those the validators count (6, 11, 12–19, 18).
        "[0-9]{0,40}",
        // Nearly valid shapes with one arbitrary (often multi-byte) character spliced in, so
        // character counts and byte counts disagree exactly where the validators index.
        ("[0-9A-Za-z]{5,20}", any::<char>(), any::<Index>()).prop_map(splice),
        // Grouping whitespace people paste (tab, full-width space) around digits and X.
        "[ \t\u{3000}]{0,3}[0-9 ]{0,24}[ \t\u{3000}xX-]{0,3}",
        // Date-like and number-like text.
        "[0-9]{0,5}-[0-9]{0,3}-[0-9]{0,3}(\\.\\.[0-9-]{0,12})?",
        "-?[0-9]{0,18}(\\.[0-9]{0,18})?",
    ]
}

/// Very long text: thousands of characters of any kind, or of digits.
fn long_text() -> impl Strategy<Value = String> {
    prop_oneof![
        vec(any::<char>(), 1_000..8_000).prop_map(String::from_iter),
        "[0-9]{1000,5000}",
        vec(proptest::char::range('\0', '\u{1f}'), 1_000..5_000).prop_map(String::from_iter),
    ]
}

/// Any day the date type can hold (years 1–9999).
fn any_date() -> impl Strategy<Value = Date> {
    (1i32..=9999, 1u8..=12, 1u8..=31)
        .prop_map(|(y, m, d)| Date::new(y, m, d).or_else(|| Date::new(y, m, 28)).unwrap())
}

/// A birth date from 1900-01-01 to `today()` inclusive.
fn birth_date() -> impl Strategy<Value = Date> {
    let first = Date::new(1900, 1, 1).unwrap();
    let span = today().days_since_epoch() - first.days_since_epoch();
    (0..=span).prop_map(move |n| first.add_days(n))
}

fn selection() -> impl Strategy<Value = Vec<String>> {
    let ids = all_item_ids();
    let n = ids.len();
    subsequence(ids, 1..=n)
}

/// Answer maps with real keys and arbitrary keys, meaningful values and arbitrary text.
fn any_answers() -> impl Strategy<Value = Answers> {
    let key = prop_oneof![3 => select(answer_keys()), 1 => any_text()];
    let value = prop_oneof![
        2 => select(meaningful_values()),
        3 => any_text(),
        1 => Just("110105199003070017".to_string()),
    ];
    proptest::collection::btree_map(key, value, 0..40)
}

fn held() -> impl Strategy<Value = BTreeSet<String>> {
    let keys: Vec<String> = seed().materials.iter().map(|m| m.key.clone()).collect();
    let n = keys.len();
    let known = subsequence(keys, 0..=n).prop_map(|v| v.into_iter().collect::<BTreeSet<_>>());
    (known, vec(any_text(), 0..3)).prop_map(|(mut set, extra)| {
        set.extend(extra);
        set
    })
}

/// Item ids as a request may carry them: real, empty, near misses, arbitrary text.
fn any_id() -> impl Strategy<Value = String> {
    let ids = all_item_ids();
    prop_oneof![
        4 => select(ids.clone()),
        1 => Just(String::new()),
        1 => (select(ids.clone()), any::<char>()).prop_map(|(id, c)| format!("{id}{c}")),
        1 => select(ids).prop_map(|id| id.to_uppercase()),
        1 => any_text(),
    ]
}

// ---------------------------------------------------------------------------------------------
// Valid values built by their standards

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// An ID number with its GB 11643 check character.
fn id_number(region: &str, born: Date, sequence: &str) -> String {
    let body = format!(
        "{region}{:04}{:02}{:02}{sequence}",
        born.year(),
        born.month(),
        born.day()
    );
    let sum: u32 = body
        .bytes()
        .zip(ID_WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{body}{}", ID_CHECK[(sum % 11) as usize] as char)
}

const CREDIT_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A unified social credit code with its GB 32100 check character.
fn credit_code(body: &[char]) -> String {
    let value = |c: &char| CREDIT_CHARS.find(*c).unwrap() as u32;
    let sum: u32 = body
        .iter()
        .zip(CREDIT_WEIGHTS)
        .map(|(c, w)| value(c) * w)
        .sum();
    let check = CREDIT_CHARS.as_bytes()[((31 - sum % 31) % 31) as usize] as char;
    body.iter().chain([check].iter()).collect()
}

/// `payload` followed by its Luhn check digit.
fn luhn(payload: &[u8]) -> Vec<u8> {
    // The check digit will sit at position 0 from the right, so the payload's rightmost digit is
    // at position 1 and is doubled.
    let sum: u32 = payload
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d) * if i % 2 == 0 { 2 } else { 1 };
            d / 10 + d % 10
        })
        .sum();
    let mut digits = payload.to_vec();
    digits.push(((10 - sum % 10) % 10) as u8);
    digits
}

fn digits_text(digits: &[u8]) -> String {
    digits.iter().map(|d| char::from(b'0' + d)).collect()
}

/// Runs every validator and message builder of `validate` on `s`; each must simply return.
fn every_validator(s: &str, today: Date) {
    let _ = validate::id_number(s, today);
    let _ = validate::credit_code(s);
    let _ = validate::mobile(s);
    let _ = validate::bank_card(s);
    let _ = validate::postcode(s);
    let _ = validate::date(s);
    let _ = validate::normalise_digits(s);
    let _ = validate::decimal(s);
    let _ = validate::file_choice(s.len() as u64, s);
    let _ = Date::parse_iso(s);
    let _ = DayRange::parse(s);
}

// ---------------------------------------------------------------------------------------------
// 1. Validators

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn an_id_number_validator_never_panics_on_any_text(s in any_text(), today in any_date()) {
        let _ = validate::id_number(&s, today);
    }

    #[test]
    fn a_credit_code_validator_never_panics_on_any_text(s in any_text()) {
        let _ = validate::credit_code(&s);
    }

    #[test]
    fn a_mobile_number_validator_never_panics_on_any_text(s in any_text()) {
        let _ = validate::mobile(&s);
    }

    #[test]
    fn a_bank_card_validator_never_panics_on_any_text(s in any_text()) {
        let _ = validate::bank_card(&s);
        let digits = validate::normalise_digits(&s);
        prop_assert!(!digits.chars().any(char::is_whitespace));
    }

    #[test]
    fn a_postcode_validator_never_panics_on_any_text(s in any_text()) {
        let _ = validate::postcode(&s);
    }

    #[test]
    fn date_parsers_never_panic_on_any_text(s in any_text()) {
        let _ = validate::date(&s);
        let _ = DayRange::parse(&s);
        if let Some(d) = Date::parse_iso(&s) {
            // Whatever parses prints back as the same text.
            prop_assert_eq!(d.to_string(), s);
        }
    }

    #[test]
    fn a_number_is_either_refused_or_finite_for_any_text(s in any_text()) {
        if let Some(x) = validate::decimal(&s) {
            prop_assert!(x.is_finite(), "{s:?} read as {x}");
        }
    }

    #[test]
    fn every_validator_returns_on_very_long_text(s in long_text(), today in any_date()) {
        every_validator(&s, today);
    }

    #[test]
    fn numbers_sizes_and_limits_are_written_out_for_any_value(
        x in any::<f64>(),
        bytes in any::<u64>(),
        n in any::<u32>(),
        declared in any_text(),
    ) {
        let text = validate::decimal_text(x);
        prop_assert!(!text.is_empty());
        let _ = (validate::below(x), validate::above(x));
        prop_assert!(validate::megabytes(bytes).ends_with(" MB"));
        let _ = validate::file_too_big(bytes);
        let _ = validate::file_choice(bytes, &declared);
        let _ = (validate::too_short(n), validate::too_long(n));
    }

    #[test]
    fn a_limit_written_out_reads_back_within_half_a_hundredth(x in -1e12f64..1e12) {
        let text = validate::decimal_text(x);
        let back = validate::decimal(&text);
        prop_assert!(back.is_some(), "{x} written as {text:?}, which does not read back");
        prop_assert!((back.unwrap() - x).abs() <= 0.005 + x.abs() * 1e-12, "{x} → {text}");
    }

    #[test]
    fn a_whole_number_of_megabytes_is_written_with_point_zero(n in 0u64..(1 << 40)) {
        prop_assert_eq!(validate::megabytes(n * 1_048_576), format!("{n}.0 MB"));
    }

    #[test]
    fn a_typed_number_reads_as_its_value(whole in -99_999_999i64..99_999_999, hundredths in 0u32..100) {
        let text = format!("{whole}.{hundredths:02}");
        let expected = whole.abs() as f64 + f64::from(hundredths) / 100.0;
        let expected = if text.starts_with('-') { -expected } else { expected };
        let x = validate::decimal(&text).unwrap();
        prop_assert!((x - expected).abs() < 1e-6, "{text} read as {x}");
    }

    #[test]
    fn a_valid_id_number_is_accepted_with_its_birth_date_and_sex(
        region in "[1-6][0-9]{5}",
        born in birth_date(),
        sequence in "[0-9]{3}",
        padding in "[ \t]{0,2}",
    ) {
        let id = id_number(&region, born, &sequence);
        let info = validate::id_number(&format!("{padding}{id}{padding}"), today());
        prop_assert!(info.is_ok(), "{id}: {:?}", info);
        let info = info.unwrap();
        prop_assert_eq!(info.birth_date, born);
        let odd = (sequence.as_bytes()[2] - b'0') % 2 == 1;
        prop_assert_eq!(info.sex, if odd { Sex::Male } else { Sex::Female });
        // A lowercase x is read as X.
        prop_assert!(validate::id_number(&id.to_lowercase(), today()).is_ok());
    }

    #[test]
    fn an_id_number_with_any_other_check_character_is_rejected(
        region in "[1-6][0-9]{5}",
        born in birth_date(),
        sequence in "[0-9]{3}",
        other in select(b"0123456789X".to_vec()),
    ) {
        let id = id_number(&region, born, &sequence);
        prop_assume!(id.as_bytes()[17] != other);
        let changed = format!("{}{}", &id[..17], other as char);
        let err = validate::id_number(&changed, today()).unwrap_err();
        prop_assert!(err.en.contains("check character"), "{changed}: {}", err.en);
    }

    #[test]
    fn an_id_number_born_after_today_is_rejected(
        region in "[1-6][0-9]{5}",
        days_later in 1i64..3_000,
        sequence in "[0-9]{3}",
    ) {
        let id = id_number(&region, today().add_days(days_later), &sequence);
        let err = validate::id_number(&id, today()).unwrap_err();
        prop_assert!(err.en.contains("in the future"), "{id}: {}", err.en);
    }

    #[test]
    fn a_valid_credit_code_is_accepted_and_any_other_check_character_is_not(
        body in vec(select(CREDIT_CHARS.chars().collect::<Vec<_>>()), 17),
        other in select(CREDIT_CHARS.chars().collect::<Vec<_>>()),
    ) {
        let code = credit_code(&body);
        prop_assert_eq!(validate::credit_code(&code), Ok(()));
        prop_assert_eq!(validate::credit_code(&code.to_lowercase()), Ok(()));
        prop_assume!(!code.ends_with(other));
        let changed = format!("{}{other}", &code[..17]);
        let err = validate::credit_code(&changed).unwrap_err();
        prop_assert!(err.en.contains("check character"), "{changed}: {}", err.en);
    }

    #[test]
    fn a_luhn_valid_card_is_accepted_and_any_single_changed_digit_is_not(
        payload in vec(0u8..10, 11..=18),
        at in any::<Index>(),
        shift in 1u8..10,
        group in prop_oneof![Just(""), Just(" "), Just("\u{3000}")],
    ) {
        let card = luhn(&payload);
        let grouped: Vec<String> = card.chunks(4).map(digits_text).collect();
        prop_assert_eq!(validate::bank_card(&grouped.join(group)), Ok(()));
        let mut typo = card.clone();
        let i = at.index(typo.len());
        typo[i] = (typo[i] + shift) % 10;
        let err = validate::bank_card(&digits_text(&typo)).unwrap_err();
        prop_assert!(err.en.contains("not valid"), "{}: {}", digits_text(&typo), err.en);
    }

    #[test]
    fn mobile_numbers_and_postcodes_of_the_right_shape_are_accepted(
        phone in "1[3-9][0-9]{9}",
        post in "[0-9]{6}",
    ) {
        prop_assert_eq!(validate::mobile(&phone), Ok(()));
        prop_assert_eq!(validate::postcode(&post), Ok(()));
        let too_long = format!("{phone}0");
        prop_assert!(validate::mobile(&too_long).is_err());
        prop_assert!(validate::postcode(&post[1..]).is_err());
    }

    #[test]
    fn every_real_day_is_accepted_as_a_date_field(d in any_date()) {
        prop_assert_eq!(validate::date(&d.to_string()), Ok(d));
        prop_assert_eq!(DayRange::parse(&d.to_string()).map(|r| (r.from, r.to)), Some((d, d)));
    }
}

/// Regression: `megabytes` computed `bytes * 10 + 524_288`, which overflows (a panic in debug
/// builds) for sizes above u64::MAX / 10.
#[test]
fn a_file_size_near_the_largest_number_is_written_without_overflow() {
    assert_eq!(validate::megabytes(u64::MAX), "17592186044416.0 MB");
    assert_eq!(validate::megabytes(u64::MAX / 10 + 1), "1759218604441.6 MB");
    let _ = validate::file_too_big(u64::MAX);
    assert!(validate::file_choice(u64::MAX, "image/png").is_err());
}

#[test]
fn text_with_nul_and_control_characters_is_refused_not_crashed_on() {
    let cases = [
        "\0",
        "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
        "11010519900307001\0",
        "\u{0}1010519900307001X",
        "1380013800\0",
        "100\u{7}71",
        "2026\0-02-14",
        "4111\u{1b}1111 1111 1111",
        "\u{202e}110105199003070017",
    ];
    for s in cases {
        every_validator(s, today());
        assert!(validate::id_number(s, today()).is_err(), "{s:?}");
        assert!(
            validate::mobile(s).is_err() && validate::postcode(s).is_err(),
            "{s:?}"
        );
    }
    // Seventeen digits and a multi-byte last character: 18 characters, 20 bytes.
    assert!(validate::id_number("11010519900307001€", today()).is_err());
    assert!(validate::credit_code("91350100M000100Y4€").is_err());
}

// ---------------------------------------------------------------------------------------------
// 2. Decoding island data

/// The form page's island data for `chosen`, as the server packs it with the catalog slice in
/// the page (the editors' preview; citizens' pages name the slice's address, and the slice
/// itself travels as `pack_bytes`, tried below).
fn form_data(chosen: Vec<String>, answers: Answers) -> FormData {
    FormData {
        catalog: CatalogSlice::Here(seed().subset(&chosen)),
        today: today(),
        chosen,
        held: vec!["id_card".into()],
        answers: BTreeMap::from([("name".to_string(), "李明".to_string())])
            .into_iter()
            .chain(answers)
            .collect(),
        draft: Some("ABCDEFGHJKMN".into()),
        signed_in: false,
        attempted: true,
        server_errors: vec!["name".into()],
        one_question_per_screen: true,
    }
}

fn as_json(data: &FormData) -> (serde_json::Value, serde_json::Value, serde_json::Value) {
    (
        serde_json::to_value(&data.catalog).unwrap(),
        serde_json::to_value(&data.chosen).unwrap(),
        serde_json::to_value((
            &data.today,
            &data.held,
            &data.answers,
            &data.draft,
            data.signed_in,
            data.attempted,
            &data.server_errors,
            data.one_question_per_screen,
        ))
        .unwrap(),
    )
}

/// The catalog slice carried in the page.
fn in_page(slice: CatalogSlice) -> Catalog {
    match slice {
        CatalogSlice::Here(catalog) => catalog,
        // An address decodes too; the island would fetch it, and has no slice meanwhile.
        CatalogSlice::At(_) => Catalog::default(),
    }
}

/// What the island does with its data once decoded: index the catalog slice and run the engine.
fn use_form_data(data: FormData) {
    let catalog = in_page(data.catalog).indexed();
    let answers = data.answers;
    let held: BTreeSet<String> = data.held.into_iter().collect();
    let today = data.today;
    if let Ok(bundle) = compose(&catalog, &data.chosen, &answers, &held) {
        let _ = check(&bundle, &answers, today);
        let _ = derive(&bundle.form, &answers, today);
        for field in bundle.form.fields() {
            let _ = check_field(field, answers.get(&field.key).map_or("", |v| v), today);
        }
    }
    let _ = catalog.subset(&data.chosen);
}

/// Tries every island data type the app unpacks on `text`; none may panic.
fn unpack_every_type(text: &str) {
    if let Some(data) = unpack::<FormData>(text) {
        use_form_data(data);
    }
    let _ = unpack::<BundleContext>(text);
    let _ = unpack::<SubmitOutcome>(text);
    let _ = unpack::<Answers>(text);
    let _ = unpack::<Draft>(text);
    let _ = unpack::<Vec<String>>(text);
    let _ = unpack::<Text>(text);
}

fn submit_outcome() -> impl Strategy<Value = SubmitOutcome> {
    prop_oneof![
        any_text().prop_map(|number| SubmitOutcome::Accepted { number }),
        any_text().prop_map(|draft| SubmitOutcome::Saved { draft }),
        (
            proptest::collection::btree_map(any_text(), (any_text(), any_text()), 0..5),
            vec((any_text(), any_text()), 0..3),
        )
            .prop_map(|(errors, problems)| SubmitOutcome::Invalid {
                errors: errors
                    .into_iter()
                    .map(|(k, (zh, en))| (k, Text::new(zh, en)))
                    .collect(),
                problems: problems
                    .into_iter()
                    .map(|(zh, en)| Text::new(zh, en))
                    .collect(),
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn unpacking_any_text_gives_nothing_or_a_value_and_never_panics(text in any_text()) {
        unpack_every_type(&text);
    }

    #[test]
    fn unpacking_any_bytes_gives_nothing_or_a_value_and_never_panics(
        bytes in vec(any::<u8>(), 0..512),
    ) {
        unpack_every_type(&base64(&bytes));
    }

    #[test]
    fn a_submit_outcome_survives_packing_whatever_its_text(outcome in submit_outcome()) {
        prop_assert_eq!(unpack::<SubmitOutcome>(&pack(&outcome)), Some(outcome));
    }

    #[test]
    fn answers_survive_packing_whatever_their_text(given in any_answers()) {
        prop_assert_eq!(unpack::<Answers>(&pack(&given)), Some(given));
    }
}

proptest! {
    // Packing a catalog slice costs more per case.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_form_page_survives_packing_and_composes_as_the_full_catalog_does(
        chosen in selection(),
        given in any_answers(),
    ) {
        let data = form_data(chosen.clone(), given.clone());
        let back = unpack::<FormData>(&pack(&data));
        prop_assert!(back.is_some(), "a packed form page does not unpack");
        let back = back.unwrap();
        prop_assert_eq!(as_json(&back), as_json(&data));
        // The slice, re-indexed as the island does, composes what the full catalog composes.
        let held = BTreeSet::new();
        let catalog = in_page(back.catalog).indexed();
        prop_assert_eq!(
            compose(&catalog, &back.chosen, &given, &held),
            compose(seed(), &chosen, &given, &held)
        );
    }

    #[test]
    fn a_catalog_slice_fetched_from_its_address_composes_as_the_full_catalog_does(
        chosen in selection(),
        given in any_answers(),
    ) {
        let bytes = pack_bytes(&seed().subset(&chosen));
        let back = unpack_bytes::<Catalog>(&bytes);
        prop_assert!(back.is_some(), "a packed slice does not unpack");
        let catalog = back.unwrap().indexed();
        let held = BTreeSet::new();
        prop_assert_eq!(
            compose(&catalog, &chosen, &given, &held),
            compose(seed(), &chosen, &given, &held)
        );
        // Cut short, it is refused rather than half-read.
        prop_assert!(unpack_bytes::<Catalog>(&bytes[..bytes.len() / 2]).is_none());
    }

    #[test]
    fn a_damaged_form_page_unpacks_to_nothing_or_to_data_the_engine_survives(
        chosen in selection(),
        edits in vec((any::<Index>(), any::<u8>()), 1..6),
        cut in proptest::option::weighted(0.3, any::<Index>()),
    ) {
        let mut bytes = unbase64(&pack(&form_data(chosen, Answers::new())));
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        if let Some(at) = cut {
            bytes.truncate(at.index(bytes.len()));
        }
        unpack_every_type(&base64(&bytes));
    }

    #[test]
    fn a_damaged_submit_outcome_unpacks_to_nothing_or_to_some_outcome(
        outcome in submit_outcome(),
        edits in vec((any::<Index>(), any::<u8>()), 1..4),
    ) {
        let mut bytes = unbase64(&pack(&outcome));
        prop_assume!(!bytes.is_empty());
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let _ = unpack::<SubmitOutcome>(&base64(&bytes));
    }
}

#[test]
fn text_that_is_not_base64_or_not_postcard_unpacks_to_nothing() {
    for text in ["", "=", "not base64!", "AAAA====", "\0", "////", "🦀🦀🦀"] {
        unpack_every_type(text);
    }
    assert!(unpack::<FormData>("").is_none());
    assert!(unpack::<SubmitOutcome>("not base64!").is_none());
    // A length prefix promising far more than follows (u32::MAX as a varint) is refused without
    // trying to allocate it.
    let huge = base64(&[0xff, 0xff, 0xff, 0xff, 0x0f, b'a']);
    assert!(unpack::<Vec<String>>(&huge).is_none());
    assert!(unpack::<Answers>(&huge).is_none());
    assert!(unpack::<FormData>(&huge).is_none());
}

// ---------------------------------------------------------------------------------------------
// 3. The engine's entry points

/// What `compose` must answer for `chosen`: `Empty`, the first unknown id, or a bundle.
fn expected_error(chosen: &[String]) -> Option<ComposeError> {
    if chosen.is_empty() {
        return Some(ComposeError::Empty);
    }
    chosen
        .iter()
        .find(|id| seed().item(id).is_none())
        .map(|id| ComposeError::UnknownItem(id.clone()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn composing_any_list_of_ids_gives_a_bundle_or_names_the_unknown_id(
        chosen in vec(any_id(), 0..40),
        given in any_answers(),
        held in held(),
    ) {
        let result = compose(seed(), &chosen, &given, &held);
        match expected_error(&chosen) {
            Some(expected) => prop_assert_eq!(result.err(), Some(expected)),
            None => prop_assert!(result.is_ok(), "{:?}", result.err()),
        }
        let _ = seed().subset(&chosen);
    }

    #[test]
    fn any_answers_for_a_valid_bundle_are_checked_and_derived_without_panicking(
        chosen in selection(),
        given in any_answers(),
        held in held(),
        today in any_date(),
    ) {
        let bundle = compose(seed(), &chosen, &given, &held);
        prop_assert!(bundle.is_ok(), "{:?}", bundle.err());
        let bundle = bundle.unwrap();

        let errors = check(&bundle, &given, today);
        for key in errors.keys() {
            let asked = bundle.form.field(key).is_some_and(|f| f.asked());
            let question = bundle.questions.iter().any(|q| &q.id == key);
            prop_assert!(asked || question, "an error for {key}, which is not asked");
        }

        let derived_keys: BTreeSet<&str> = bundle
            .form
            .fields()
            .filter(|f| f.derived.is_some())
            .map(|f| f.key.as_str())
            .collect();
        let filled = derive(&bundle.form, &given, today);
        for (key, value) in &given {
            if !derived_keys.contains(key.as_str()) {
                prop_assert_eq!(filled.get(key), Some(value), "derive changed {}", key);
            }
        }
        for key in filled.keys() {
            prop_assert!(given.contains_key(key) || derived_keys.contains(key.as_str()));
        }
    }

    #[test]
    fn any_value_in_any_field_is_judged_without_panicking(
        given in any_answers(),
        values in vec(any_text(), 1..8),
        today in any_date(),
    ) {
        // Every item, with every situational question answered yes: the widest form there is.
        let mut all = given;
        for q in &seed().questions {
            all.insert(q.id.clone(), "yes".into());
        }
        let bundle = compose(seed(), &all_item_ids(), &all, &BTreeSet::new()).unwrap();
        for (i, field) in bundle.form.fields().enumerate() {
            let value = &values[i % values.len()];
            let _ = check_field(field, value, today);
            let _ = check_field(field, value.trim(), today);
        }
    }

    #[test]
    fn a_bundle_is_scheduled_from_any_day_without_panicking(
        chosen in selection(),
        submitted in any_date(),
    ) {
        let bundle = compose(seed(), &chosen, &Answers::new(), &BTreeSet::new()).unwrap();
        let timeline = schedule(seed(), &bundle, calendar(), submitted);
        prop_assert!(timeline.due >= submitted);
    }
}

proptest! {
    // Ten thousand ids per case.
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn ten_thousand_ids_with_duplicates_compose_as_their_distinct_set(
        chosen in vec(select(all_item_ids()), 10_000),
        stranger in any_id(),
        at in any::<Index>(),
    ) {
        let none = (Answers::new(), BTreeSet::new());
        let distinct: Vec<String> = chosen.iter().cloned().collect::<BTreeSet<_>>().into_iter().collect();
        prop_assert_eq!(
            compose(seed(), &chosen, &none.0, &none.1),
            compose(seed(), &distinct, &none.0, &none.1)
        );
        // One id among the ten thousand that the catalog may not hold.
        let mut with_stranger = chosen;
        with_stranger.insert(at.index(with_stranger.len() + 1), stranger);
        let result = compose(seed(), &with_stranger, &none.0, &none.1);
        match expected_error(&with_stranger) {
            Some(expected) => prop_assert_eq!(result.err(), Some(expected)),
            None => prop_assert!(result.is_ok()),
        }
    }
}

#[test]
fn empty_unknown_and_absurd_ids_are_compose_errors() {
    let (given, held) = (Answers::new(), BTreeSet::new());
    assert_eq!(
        compose(seed(), &[], &given, &held).err(),
        Some(ComposeError::Empty)
    );
    for id in [
        "",
        " ",
        "\0",
        "work_injury_rehab\0",
        "🦀",
        &"x".repeat(100_000),
    ] {
        let chosen = vec![id.to_string()];
        assert_eq!(
            compose(seed(), &chosen, &given, &held).err(),
            Some(ComposeError::UnknownItem(id.to_string())),
            "{id:?}"
        );
    }
    let many_unknown: Vec<String> = (0..10_000).map(|i| format!("no_such_item_{i}")).collect();
    assert_eq!(
        compose(seed(), &many_unknown, &given, &held).err(),
        Some(ComposeError::UnknownItem("no_such_item_0".into()))
    );
    assert!(seed().subset(&many_unknown).items.is_empty());
}
