//! How fast the engine answers at the city's scale (3,900 items): composing a bundle, checking a
//! keystroke, and cutting the subset the browser composes on.
//!
//! Targets, natively: 10 items composed in under 100 µs; one keystroke re-validated in under 20 µs.
//!
//! `cargo bench -p app --bench engine -- --warm-up-time 1 --measurement-time 3`

mod synthetic;

use std::collections::BTreeSet;
use std::hint::black_box;

use app::engine::{check, check_field, compose, Answers, Bundle, Catalog, Date};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use synthetic::Rng;

fn today() -> Date {
    Date::new(2026, 2, 14).unwrap()
}

/// A selection of `n` items with the citizen's finished answers (every question "no").
fn case(catalog: &Catalog, n: usize) -> (Vec<String>, Answers) {
    let mut rng = Rng::new(1_000 + n as u64);
    let chosen = synthetic::selection(catalog, &mut rng, n);
    let empty = compose(catalog, &chosen, &Answers::new(), &BTreeSet::new()).unwrap();
    let answers = synthetic::filled(&empty);
    (chosen, answers)
}

fn bundle(catalog: &Catalog, chosen: &[String], answers: &Answers) -> Bundle {
    compose(catalog, chosen, answers, &BTreeSet::new()).unwrap()
}

fn benches(c: &mut Criterion) {
    let catalog = synthetic::catalog(42);
    let held = BTreeSet::new();

    let mut group = c.benchmark_group("compose");
    for n in [3, 10, 50] {
        let (chosen, answers) = case(&catalog, n);
        let b = bundle(&catalog, &chosen, &answers);
        eprintln!(
            "compose/{n}: {} items, {} fields, {} materials, {} parts",
            b.items.len(),
            b.form.fields().count(),
            b.checklist.len(),
            b.routing.shares.len()
        );
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |bench, _| {
            bench.iter(|| compose(black_box(&catalog), black_box(&chosen), &answers, &held))
        });
    }
    group.finish();

    let (chosen, answers) = case(&catalog, 10);
    let sub = catalog.subset(&chosen);
    c.bench_function("compose_on_subset/10", |bench| {
        bench.iter(|| compose(black_box(&sub), black_box(&chosen), &answers, &held))
    });
    c.bench_function("subset/10", |bench| {
        bench.iter(|| black_box(&catalog).subset(black_box(&chosen)))
    });

    // The floor for composing: only allocating and freeing a bundle of the same size, which is
    // most of what composing costs once lookups are by position.
    let b = bundle(&catalog, &chosen, &answers);
    c.bench_function("reference/clone_bundle/10", |bench| {
        bench.iter(|| black_box(&b).clone())
    });

    // One keystroke: the field being typed in is re-checked, nothing else.
    let id = b
        .form
        .field("id_number")
        .expect("every item asks the ID number");
    let text = b
        .form
        .fields()
        .find(|f| f.asked() && f.max_len.is_some() && f.key != "name")
        .expect("a text field with a length limit");
    c.bench_function("keystroke/check_field_id_number", |bench| {
        bench.iter(|| check_field(black_box(id), black_box("110105199003070017"), today()))
    });
    c.bench_function("keystroke/check_field_text", |bench| {
        bench.iter(|| check_field(black_box(text), black_box("中山市石岐区孙文中路"), today()))
    });
    // The whole form of a 10-item bundle, as on submission.
    c.bench_function("check/10", |bench| {
        bench.iter(|| check(black_box(&b), black_box(&answers), today()))
    });
}

criterion_group!(engine, benches);
criterion_main!(engine);
