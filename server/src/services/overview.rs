//! The catalog as the home page shows it.

use app::api::{CatalogOverview, Group, ItemSummary, PackageSummary};
use app::engine::catalog::Item;
use app::engine::{Catalog, Text};

/// Life events in the order citizens use them: by the applications for their items in the
/// recent window (`usage`: item id → count), the most used first; the catalog's order among
/// equals (and for all of them before anyone applied).
pub fn by_usage(
    mut overview: CatalogOverview,
    usage: &std::collections::BTreeMap<String, u64>,
) -> CatalogOverview {
    let used = |g: &Group| -> u64 { g.items.iter().filter_map(|i| usage.get(&i.id)).sum() };
    // A stable sort keeps the catalog's order among equals.
    overview
        .by_life_event
        .sort_by_key(|g| std::cmp::Reverse(used(g)));
    overview
}

pub fn overview(catalog: &Catalog) -> CatalogOverview {
    let summary = |item: &Item| ItemSummary {
        id: item.id.clone(),
        name: item.name.clone(),
        pinyin: item.pinyin.clone(),
        pinyin_full: item.pinyin_full.clone(),
        synonyms: item.synonyms.clone(),
        department: item.department.clone(),
        department_name: catalog
            .department(&item.department)
            .map(|d| d.name.clone())
            .unwrap_or_else(|| Text::new(item.department.clone(), item.department.clone())),
        committed_days: item.committed_days,
    };
    let by_life_event = catalog
        .life_events
        .iter()
        .map(|e| Group {
            id: e.id.clone(),
            name: e.name.clone(),
            items: catalog
                .items
                .iter()
                .filter(|i| i.life_events.contains(&e.id))
                .map(summary)
                .collect(),
        })
        .filter(|g| !g.items.is_empty())
        .collect();
    let by_department = catalog
        .departments
        .iter()
        .map(|d| Group {
            id: d.id.clone(),
            name: d.name.clone(),
            items: catalog
                .items
                .iter()
                .filter(|i| i.department == d.id)
                .map(summary)
                .collect(),
        })
        .filter(|g| !g.items.is_empty())
        .collect();
    let packages = catalog
        .packages
        .iter()
        .map(|p| PackageSummary {
            id: p.id.clone(),
            name: p.name.clone(),
            items: p.items.clone(),
        })
        .collect();
    CatalogOverview {
        version: catalog.version.clone(),
        by_life_event,
        by_department,
        packages,
    }
}
