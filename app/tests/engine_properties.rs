//! Properties of composing any combination of the seed catalog's items: what must hold for every
//! selection a citizen can make, not just the examples in the unit tests.

use std::collections::{BTreeMap, BTreeSet};

use app::engine::calendar::china_2025_2026;
use app::engine::{compose, schedule, Answers, Bundle, Catalog, Date, WorkingCalendar};
use proptest::prelude::*;
use proptest::sample::subsequence;

fn seed() -> &'static Catalog {
    use std::sync::OnceLock;
    static SEED: OnceLock<Catalog> = OnceLock::new();
    SEED.get_or_init(|| {
        Catalog::from_json(include_str!("../../catalog/catalog.json")).expect("seed parses")
    })
}

fn calendar() -> &'static WorkingCalendar {
    use std::sync::OnceLock;
    static CAL: OnceLock<WorkingCalendar> = OnceLock::new();
    CAL.get_or_init(|| WorkingCalendar::from_years(china_2025_2026()))
}

fn all_item_ids() -> Vec<String> {
    seed().items.iter().map(|i| i.id.clone()).collect()
}

/// The keys whose answers change the bundle: question ids, and fields other fields are
/// conditional on, each with the values worth trying (absent is tried too).
fn deciding_answers() -> Vec<(String, Vec<String>)> {
    let mut keys: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for q in &seed().questions {
        keys.entry(q.id.clone())
            .or_default()
            .extend(["yes".to_string(), "no".to_string()]);
    }
    for item in &seed().items {
        for cond in item.fields.iter().filter_map(|f| f.show_if.as_ref()) {
            let values = keys.entry(cond.field.clone()).or_default();
            values.insert(cond.equals.clone());
            values.insert("none_of_these".to_string());
        }
    }
    keys.into_iter()
        .map(|(k, v)| (k, v.into_iter().collect()))
        .collect()
}

fn selection() -> impl Strategy<Value = Vec<String>> {
    let ids = all_item_ids();
    let n = ids.len();
    subsequence(ids, 1..=n)
}

fn answers() -> impl Strategy<Value = Answers> {
    let choices: Vec<_> = deciding_answers()
        .into_iter()
        .map(|(key, values)| {
            proptest::option::of(proptest::sample::select(values))
                .prop_map(move |v| (key.clone(), v))
        })
        .collect();
    choices.prop_map(|pairs| {
        pairs
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect()
    })
}

fn held() -> impl Strategy<Value = BTreeSet<String>> {
    let certs: Vec<String> = seed()
        .materials
        .iter()
        .filter(|m| m.e_certificate)
        .map(|m| m.key.clone())
        .collect();
    let n = certs.len();
    subsequence(certs, 0..=n).prop_map(|v| v.into_iter().collect())
}

fn bundle(chosen: &[String], given: &Answers, held: &BTreeSet<String>) -> Bundle {
    compose(seed(), chosen, given, held).expect("the seed catalog never conflicts")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_selection_of_seed_items_composes(chosen in selection(), given in answers(), held in held()) {
        let result = compose(seed(), &chosen, &given, &held);
        prop_assert!(result.is_ok(), "{:?}", result.err());
    }

    #[test]
    fn the_bundle_does_not_depend_on_the_order_items_were_picked(
        (chosen, shuffled) in selection().prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
        given in answers(),
        held in held(),
    ) {
        prop_assert_eq!(bundle(&chosen, &given, &held), bundle(&shuffled, &given, &held));
    }

    #[test]
    fn adding_an_item_never_drops_a_field_nor_relaxes_a_requirement(
        chosen in selection(),
        extra in proptest::sample::select(all_item_ids()),
        given in answers(),
    ) {
        let none = BTreeSet::new();
        let before = bundle(&chosen, &given, &none);
        let mut more = chosen.clone();
        more.push(extra.clone());
        let after = bundle(&more, &given, &none);
        for f in before.form.fields() {
            let g = after.form.field(&f.key);
            prop_assert!(g.is_some(), "adding {} dropped {}", extra, f.key);
            let g = g.unwrap();
            prop_assert!(!f.required || g.required, "adding {} made {} optional", extra, f.key);
            prop_assert!(!f.shown || g.shown, "adding {} hid {}", extra, f.key);
            prop_assert!(g.min_len >= f.min_len, "adding {} loosened {}", extra, f.key);
            prop_assert!(
                f.max_len.is_none() || g.max_len.is_some_and(|m| Some(m) <= f.max_len),
                "adding {} loosened {}", extra, f.key
            );
            prop_assert!(g.options.iter().all(|o| f.options.contains(o)));
        }
        for id in before.item_ids() {
            prop_assert!(after.contains(id));
        }
    }

    #[test]
    fn each_shown_field_reaches_a_department_that_declared_it_and_no_other(
        chosen in selection(),
        given in answers(),
        held in held(),
    ) {
        let c = seed();
        let b = bundle(&chosen, &given, &held);
        let declared = |part: &app::engine::DepartmentShare| -> BTreeSet<String> {
            part.items
                .iter()
                .flat_map(|id| c.item(id).unwrap().fields.iter().map(|f| f.key.clone()))
                .collect()
        };
        for part in &b.routing.shares {
            let own = declared(part);
            for key in &part.fields {
                prop_assert!(own.contains(key), "{} receives {} that none of its items declares", part.department, key);
            }
            for id in &part.items {
                prop_assert_eq!(&c.item(id).unwrap().department, &part.department);
            }
        }
        for f in b.form.fields().filter(|f| f.shown) {
            let reached = b
                .routing
                .shares
                .iter()
                .any(|p| p.fields.contains(&f.key) && declared(p).contains(&f.key));
            prop_assert!(reached, "shown field {} reaches no department", f.key);
        }
        let routed: usize = b.routing.shares.iter().map(|p| p.items.len()).sum();
        prop_assert_eq!(routed, b.items.len(), "every item goes to exactly one department share");
    }

    #[test]
    fn the_timeline_lies_between_the_longest_item_and_the_sequential_sum(
        chosen in selection(),
        given in answers(),
        held in held(),
        offset in 0i64..730,
    ) {
        let b = bundle(&chosen, &given, &held);
        let submitted = Date::new(2025, 1, 1).unwrap().add_days(offset);
        let t = schedule(seed(), &b, calendar(), submitted);
        prop_assert!(t.parallel_days <= t.sequential_days);
        prop_assert!(t.parallel_days >= t.longest_item_days);
        prop_assert!(t.sequential_days <= t.statutory_sequential_days);
        prop_assert!(t.due >= submitted);
        for (before, after) in &b.dependencies {
            let s = |id: &str| t.steps.iter().find(|s| s.item == id).unwrap();
            prop_assert!(s(before).finishes_after <= s(after).starts_after);
        }
    }

    #[test]
    fn composing_on_the_subset_equals_composing_on_the_full_catalog(
        chosen in selection(),
        given in answers(),
        held in held(),
    ) {
        let sub = seed().subset(&chosen);
        let small = compose(&sub, &chosen, &given, &held);
        prop_assert_eq!(small, compose(seed(), &chosen, &given, &held));
    }

    /// Data minimisation, whatever was chosen, answered and held: each part carries only the
    /// fields its own item declares (and only ones the form showed), every material its item
    /// declares and no other, goes to its item's department, and waits only for items of the
    /// same bundle that it really needs.
    #[test]
    fn each_part_of_the_split_holds_only_what_its_own_item_declares(
        chosen in selection(),
        given in answers(),
        held in held(),
        files in subsequence(
            seed().materials.iter().map(|m| m.key.clone()).collect::<Vec<_>>(),
            0..=seed().materials.len()
        ),
    ) {
        use app::engine::part::FileRef;
        use app::engine::{derive, split, Given, MaterialSource};
        let b = bundle(&chosen, &given, &held);
        let today = Date::new(2026, 3, 2).unwrap();
        let t = schedule(seed(), &b, calendar(), today);
        // Every field answered with something, so only the split decides what travels.
        let mut answered = given.clone();
        for f in b.form.fields() {
            answered.entry(f.key.clone()).or_insert_with(|| format!("value of {}", f.key));
        }
        let answered = derive(&b.form, &answered, today);
        let given_files: BTreeMap<String, Given> = files
            .iter()
            .map(|k| (k.clone(), Given::File(FileRef { hash: k.clone(), file_name: k.clone(), media_type: "image/png".into() })))
            .collect();
        let parts = split(seed(), &b, &t, &answered, &given_files);
        prop_assert_eq!(parts.len(), b.items.len(), "one part per item");
        for part in &parts {
            let item = seed().item(&part.item).unwrap();
            prop_assert_eq!(&part.department, &item.department);
            let declared: BTreeSet<&str> = item.fields.iter().map(|f| f.key.as_str()).collect();
            for key in part.fields.keys() {
                prop_assert!(declared.contains(key.as_str()), "{} receives {} it never declared", part.item, key);
                prop_assert!(b.form.field(key).is_some_and(|f| f.shown), "{} receives hidden {}", part.item, key);
            }
            let materials: Vec<&str> = part.materials.iter().map(|m| m.key.as_str()).collect();
            let own: Vec<&str> = item.materials.iter().map(|m| m.key.as_str()).collect();
            prop_assert_eq!(materials, own);
            for m in &part.materials {
                if let MaterialSource::Upload(f) = &m.source {
                    prop_assert_eq!(&f.hash, &m.key, "a part gets the file given for that material");
                }
            }
            for before in &part.depends_on {
                prop_assert!(b.dependencies.contains(&(before.clone(), part.item.clone())));
            }
            prop_assert!(part.due >= today);
        }
    }
}
