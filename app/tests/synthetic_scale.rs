//! The engine at the city's real scale: a synthetic catalog of 3,900 items and 1,008 packages
//! composes any selection, and its subsets compose the same.

#[path = "../benches/synthetic.rs"]
mod synthetic;

use std::collections::BTreeSet;

use app::engine::{check, compose, Answers, Catalog, Date, Text};
use synthetic::Rng;

fn today() -> Date {
    Date::new(2026, 2, 14).unwrap()
}

fn big() -> &'static Catalog {
    use std::sync::OnceLock;
    static BIG: OnceLock<Catalog> = OnceLock::new();
    BIG.get_or_init(|| synthetic::catalog(42))
}

#[test]
fn the_synthetic_catalog_has_the_citys_scale() {
    let c = big();
    assert_eq!(c.items.len(), 3_900);
    assert_eq!(c.packages.len(), 1_008);
    assert_eq!(c.departments.len(), 40);
    assert_eq!(c.materials.len(), 200);
    let used: BTreeSet<&str> = c
        .items
        .iter()
        .flat_map(|i| i.fields.iter().map(|f| f.key.as_str()))
        .collect();
    assert!(
        used.len() >= 300,
        "{} distinct field keys in use",
        used.len()
    );
    let departments: BTreeSet<&str> = c.items.iter().map(|i| i.department.as_str()).collect();
    assert_eq!(departments.len(), 40);
    let count =
        |f: &dyn Fn(&app::engine::catalog::Item) -> bool| c.items.iter().filter(|i| f(i)).count();
    assert!(count(&|i| !i.requires.is_empty()) > 100, "prerequisites");
    assert!(count(&|i| !i.excludes.is_empty()) > 30, "exclusions");
    assert!(
        count(&|i| i.fields.iter().any(|f| f.show_if.is_some())) > 100,
        "conditional fields"
    );
    assert!(c.questions.len() >= 100, "situational questions");
}

/// Fails on an empty name or one that two of `names` share, in either language.
fn assert_unique(what: &str, names: &[&Text]) {
    let zh: Vec<&str> = names.iter().map(|t| t.zh.as_str()).collect();
    let en: Vec<&str> = names.iter().map(|t| t.en.as_str()).collect();
    for (language, names) in [("zh", zh), ("en", en)] {
        let mut seen = BTreeSet::new();
        for name in names {
            assert!(!name.is_empty(), "an empty {what} name ({language})");
            assert!(seen.insert(name), "two {what}s are named {name:?}");
        }
    }
}

#[test]
fn the_synthetic_catalogs_names_are_unique_in_each_language() {
    let c = big();
    let items: Vec<&Text> = c.items.iter().map(|i| &i.name).collect();
    assert_unique("item", &items);
    let packages: Vec<&Text> = c.packages.iter().map(|p| &p.name).collect();
    assert_unique("package", &packages);
    let materials: Vec<&Text> = c.materials.iter().map(|m| &m.name).collect();
    assert_unique("material", &materials);
    let departments: Vec<&Text> = c.departments.iter().map(|d| &d.name).collect();
    assert_unique("department", &departments);
    let events: Vec<&Text> = c.life_events.iter().map(|e| &e.name).collect();
    assert_unique("life event", &events);
    // Names, not numbered placeholders: a qualifier makes a name unique, never a number.
    for i in &c.items {
        assert!(
            !i.name.zh.chars().any(|ch| ch.is_ascii_digit()),
            "{}",
            i.name.zh
        );
    }
    assert!(c
        .items
        .iter()
        .any(|i| i.synonyms.iter().any(|s| s == "失业金")));
}

#[test]
fn the_same_seed_gives_the_same_catalog_and_another_seed_another() {
    assert_eq!(synthetic::catalog(42), *big());
    assert_ne!(synthetic::catalog(7).items, big().items);
}

#[test]
fn every_reference_in_the_synthetic_catalog_resolves() {
    let c = big();
    for i in &c.items {
        assert!(c.department(&i.department).is_some());
        assert!(
            i.fields.iter().all(|f| c.field(&f.key).is_some()),
            "{}",
            i.id
        );
        assert!(
            i.materials.iter().all(|m| c.material(&m.key).is_some()),
            "{}",
            i.id
        );
        for p in &i.requires {
            let producer = c.item(&p.item).expect("producer exists");
            assert!(producer.produces.contains(&p.material));
            assert!(
                c.item_position(&p.item) < c.item_position(&i.id),
                "prerequisites form a DAG"
            );
        }
        assert!(i.excludes.iter().all(|x| c.item(&x.item).is_some()));
    }
    for q in &c.questions {
        assert!(q
            .asked_for
            .iter()
            .chain(&q.adds)
            .all(|id| c.item(id).is_some()));
    }
}

#[test]
fn every_package_composes() {
    let c = big();
    for p in &c.packages {
        let result = compose(c, &p.items, &Answers::new(), &BTreeSet::new());
        assert!(result.is_ok(), "{}: {:?}", p.id, result.err());
    }
}

#[test]
fn random_selections_compose_and_a_filled_form_passes_the_check() {
    let c = big();
    let mut rng = Rng::new(2026);
    for round in 0..200 {
        let n = [1, 3, 10, 50][round % 4];
        let chosen = synthetic::selection(c, &mut rng, n);
        // Answer every question yes half of the time, to bring in the items it adds.
        let mut answers = Answers::new();
        if round % 2 == 0 {
            for q in &c.questions {
                answers.insert(q.id.clone(), "yes".into());
            }
        }
        let bundle = compose(c, &chosen, &answers, &BTreeSet::new())
            .unwrap_or_else(|e| panic!("{chosen:?}: {e:?}"));
        assert!(bundle.items.len() >= n);
        let filled = synthetic::filled(&bundle);
        let again = compose(c, &chosen, &filled, &BTreeSet::new()).unwrap();
        // Answering "no" everywhere may hide conditional fields; fill what is now shown.
        let filled = synthetic::filled(&again);
        let errors = check(&again, &filled, today());
        assert!(errors.is_empty(), "{chosen:?}: {errors:?}");
    }
}

#[test]
fn composing_on_a_subset_of_the_big_catalog_gives_the_same_bundle() {
    let c = big();
    let mut rng = Rng::new(7);
    for n in [1, 3, 10, 50] {
        for _ in 0..5 {
            let chosen = synthetic::selection(c, &mut rng, n);
            let sub = c.subset(&chosen);
            assert!(
                sub.items.len() < 200,
                "a subset stays small: {}",
                sub.items.len()
            );
            let answers: Answers = c
                .questions
                .iter()
                .map(|q| (q.id.clone(), "yes".to_string()))
                .collect();
            assert_eq!(
                compose(&sub, &chosen, &answers, &BTreeSet::new()),
                compose(c, &chosen, &answers, &BTreeSet::new())
            );
        }
    }
}

#[test]
fn the_synthetic_catalog_passes_the_catalog_check() {
    let c = big();
    let started = std::time::Instant::now();
    let found = app::engine::catalog_check::problems(c);
    let took = started.elapsed();
    assert_eq!(found, [], "the synthetic catalog is sound by construction");
    // Generous for a debug build on a slow machine; it matters because every import runs it.
    assert!(took.as_secs_f64() < 5.0, "{took:?}");
    eprintln!("catalog check of 3,900 items: {took:?}");
}
