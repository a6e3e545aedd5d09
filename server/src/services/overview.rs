//! The catalog as citizens browse it: life events and departments to open, pages of items, a
//! ranked search and pages of packages. Built once when the catalog is loaded, so a request
//! copies only the screen it shows, whatever the catalog's size.

use std::collections::{BTreeMap, HashMap};

use app::api::{
    BrowseBy, CatalogPage, CatalogQuery, GroupHead, GroupView, ItemSummary, PackageSummary, Paging,
};
use app::engine::catalog::Item;
use app::engine::{Catalog, Text};

/// Items on one page of a group or of a search: a phone screen or two.
pub const PAGE_ITEMS: usize = 20;
/// Packages shown on the first screen, and on each page when browsing by package.
pub const FIRST_PACKAGES: usize = 8;
pub const PAGE_PACKAGES: usize = 20;
/// A catalog this small is read best as one list: every group opens at once.
pub const OPEN_ALL_UP_TO: usize = 60;

/// How well an item matches a search, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    /// The whole name, one of the words citizens use, or the whole pinyin.
    Exact,
    /// The start of a name, a word or the pinyin.
    Prefix,
    /// Inside the pinyin initials ("gskf").
    Initials,
    /// Anywhere in a name, a word, the pinyin or the department's name.
    Substring,
}

/// An item's text as searched: lower case, made once.
#[derive(Clone, Debug)]
struct Keys {
    zh: String,
    en: String,
    initials: String,
    full: String,
    synonyms: Vec<String>,
}

impl Keys {
    fn of(item: &ItemSummary) -> Keys {
        Keys {
            zh: item.name.zh.to_lowercase(),
            en: item.name.en.to_lowercase(),
            initials: item.pinyin.to_lowercase(),
            full: item.pinyin_full.to_lowercase(),
            synonyms: item.synonyms.iter().map(|s| s.to_lowercase()).collect(),
        }
    }
}

/// A search as typed, made comparable: lower case, and without spaces for pinyin
/// ("gong shang" finds "gongshang…").
struct Typed {
    text: String,
    joined: String,
}

impl Typed {
    fn new(search: &str) -> Typed {
        // Without control characters, which separate the parts of the index's one string.
        let text: String = search
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        let joined = text.split_whitespace().collect();
        Typed { text, joined }
    }

    /// Whether it can be pinyin (letters only, two or more).
    fn pinyin(&self) -> bool {
        self.joined.len() > 1 && self.joined.bytes().all(|b| b.is_ascii_alphabetic())
    }
}

/// A match better than "somewhere inside", if there is one. Cheap (equality and prefixes), so
/// a search ranks its candidates with it alone: they hold what was typed already.
fn above_substring(keys: &Keys, typed: &Typed) -> Option<Rank> {
    let (q, joined) = (typed.text.as_str(), typed.joined.as_str());
    if q.is_empty() {
        return None;
    }
    let pinyin = typed.pinyin();
    let synonym = |test: &dyn Fn(&str) -> bool| keys.synonyms.iter().any(|s| test(s));
    if keys.zh == q
        || keys.en == q
        || synonym(&|s| s == q)
        || (pinyin && (keys.initials == joined || keys.full == joined))
    {
        Some(Rank::Exact)
    } else if keys.zh.starts_with(q)
        || keys.en.starts_with(q)
        || synonym(&|s| s.starts_with(q))
        || (pinyin && keys.full.starts_with(joined))
    {
        Some(Rank::Prefix)
    } else if pinyin && keys.initials.contains(joined) {
        Some(Rank::Initials)
    } else {
        None
    }
}

/// The texts of every item in one string, item after item, for one substring scan.
#[derive(Clone, Debug)]
struct Scan {
    text: String,
    /// Where each item's text starts, ascending: a hit's item by binary search.
    starts: Vec<usize>,
}

impl Scan {
    fn new<'a>(items: impl Iterator<Item = Vec<&'a str>>) -> Scan {
        let (mut text, mut starts) = (String::new(), Vec::new());
        for parts in items {
            starts.push(text.len());
            for part in parts {
                text.push_str(part);
                // A separator no search holds (`Typed` drops control characters), so a hit
                // never spans two parts.
                text.push('\u{1}');
            }
        }
        Scan { text, starts }
    }

    /// Adds the position of every item whose text holds `needle`, once each, ascending.
    fn hits(&self, needle: &str, out: &mut Vec<usize>) {
        if needle.is_empty() {
            return;
        }
        let (haystack, finder) = (self.text.as_bytes(), memchr::memmem::Finder::new(needle));
        let mut from = 0;
        while let Some(found) = finder.find(&haystack[from..]) {
            let item = self.starts.partition_point(|&start| start <= from + found) - 1;
            out.push(item);
            // One hit per item is enough: go on from the next item.
            match self.starts.get(item + 1) {
                Some(&next) => from = next,
                None => break,
            }
        }
    }
}

#[derive(Clone, Debug)]
struct Grouping {
    head: GroupHead,
    /// Positions in `CatalogIndex::items`, in the catalog's order.
    items: Vec<usize>,
}

#[derive(Clone, Debug)]
pub struct CatalogIndex {
    /// Which index this is, unique in the process (see `next_edition`): a screen of it names it,
    /// so what is rendered from the screen can be kept while this index is the one shown.
    edition: u64,
    items: Vec<ItemSummary>,
    keys: Vec<Keys>,
    /// Every item's names and words in one string, and its pinyin in another, so a search is
    /// a fast substring scan or two over the catalog rather than several per item; only the
    /// items they hit are ranked.
    names: Scan,
    pinyin: Scan,
    position: HashMap<String, usize>,
    life_events: Vec<Grouping>,
    departments: Vec<Grouping>,
    packages: Vec<PackageSummary>,
}

/// A number for each index built in this process, never 0 and never reused.
fn next_edition() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// The page `wanted` of `total` things `size` to a page, brought within range, and the span of
/// positions it covers.
fn paging(total: usize, size: usize, wanted: u32) -> (Paging, std::ops::Range<usize>) {
    let pages = total.div_ceil(size).max(1);
    let page = (wanted as usize).clamp(1, pages);
    let start = (page - 1) * size;
    let paging = Paging {
        page: page as u32,
        pages: pages as u32,
        total: total as u32,
    };
    (paging, start..(start + size).min(total))
}

impl CatalogIndex {
    pub fn new(catalog: &Catalog) -> CatalogIndex {
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
        let items: Vec<ItemSummary> = catalog.items.iter().map(summary).collect();
        let grouping = |id: &str, name: &Text, belongs: &dyn Fn(&Item) -> bool| {
            let members: Vec<usize> = (0..catalog.items.len())
                .filter(|&i| belongs(&catalog.items[i]))
                .collect();
            Grouping {
                head: GroupHead {
                    id: id.to_string(),
                    name: name.clone(),
                    count: members.len() as u32,
                },
                items: members,
            }
        };
        let life_events = catalog
            .life_events
            .iter()
            .map(|e| grouping(&e.id, &e.name, &|i| i.life_events.contains(&e.id)))
            .filter(|g| !g.items.is_empty())
            .collect();
        let departments = catalog
            .departments
            .iter()
            .map(|d| grouping(&d.id, &d.name, &|i| i.department == d.id))
            .filter(|g| !g.items.is_empty())
            .collect();
        let keys: Vec<Keys> = items.iter().map(Keys::of).collect();
        let names = Scan::new(keys.iter().map(|k| {
            let mut parts = vec![k.zh.as_str(), k.en.as_str()];
            parts.extend(k.synonyms.iter().map(String::as_str));
            parts
        }));
        let pinyin = Scan::new(
            keys.iter()
                .map(|k| vec![k.initials.as_str(), k.full.as_str()]),
        );
        CatalogIndex {
            edition: next_edition(),
            keys,
            names,
            pinyin,
            position: items
                .iter()
                .enumerate()
                .map(|(n, i)| (i.id.clone(), n))
                .collect(),
            items,
            life_events,
            departments,
            packages: catalog
                .packages
                .iter()
                .map(|p| PackageSummary {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    items: p.items.clone(),
                })
                .collect(),
        }
    }

    /// The same index with life events in the order citizens use them: by the applications
    /// for their items in the recent window (`usage`: item id → count), most used first; the
    /// catalog's order among equals (and for all of them before anyone applied).
    pub fn by_usage(&self, usage: &BTreeMap<String, u64>) -> CatalogIndex {
        let mut index = self.clone();
        index.edition = next_edition();
        let used = |g: &Grouping| -> u64 {
            g.items
                .iter()
                .filter_map(|&i| usage.get(&index.items[i].id))
                .sum()
        };
        let mut events = std::mem::take(&mut index.life_events);
        // A stable sort keeps the catalog's order among equals.
        events.sort_by_key(|g| std::cmp::Reverse(used(g)));
        index.life_events = events;
        index
    }

    /// Positions of the items matching `search`, best first (the catalog's order among equals).
    pub fn search(&self, search: &str) -> Vec<usize> {
        let typed = Typed::new(search);
        if typed.text.is_empty() {
            return Vec::new();
        }
        // Candidates: the items whose names or words hold what was typed, whose pinyin holds it
        // without its spaces, and every item of a department whose name holds it.
        let mut candidates: Vec<usize> = Vec::new();
        self.names.hits(&typed.text, &mut candidates);
        if typed.pinyin() {
            self.pinyin.hits(&typed.joined, &mut candidates);
        }
        let department_named = |g: &&Grouping| {
            g.head.name.zh.contains(&typed.text)
                || g.head.name.en.to_lowercase().contains(&typed.text)
        };
        for department in self.departments.iter().filter(department_named) {
            candidates.extend(&department.items);
        }
        candidates.sort_unstable();
        candidates.dedup();
        // Each candidate holds what was typed somewhere: only a better match needs looking for.
        let mut found: Vec<(Rank, usize)> = candidates
            .into_iter()
            .map(|n| {
                (
                    above_substring(&self.keys[n], &typed).unwrap_or(Rank::Substring),
                    n,
                )
            })
            .collect();
        found.sort_unstable();
        found.into_iter().map(|(_, n)| n).collect()
    }

    /// The summary of an item, by id.
    pub fn item(&self, id: &str) -> Option<&ItemSummary> {
        self.position.get(id).map(|&n| &self.items[n])
    }

    /// One screen of the catalog for `query`, with the `chosen` items' summaries (unknown ids
    /// are left out; each once).
    pub fn page(&self, query: &CatalogQuery, chosen: &[String]) -> CatalogPage {
        let pick = |positions: &[usize]| -> Vec<ItemSummary> {
            positions.iter().map(|&n| self.items[n].clone()).collect()
        };
        let mut seen = std::collections::HashSet::new();
        let chosen = chosen
            .iter()
            .filter(|id| seen.insert(id.as_str()))
            .filter_map(|id| self.item(id).cloned())
            .collect();
        let searching = !query.search.is_empty();
        let (found, found_paging) = if searching {
            let all = self.search(&query.search);
            let (paging, span) = paging(all.len(), PAGE_ITEMS, query.page);
            (pick(&all[span]), Some(paging))
        } else {
            (Vec::new(), None)
        };
        let (packages_paging, span) = if query.by == BrowseBy::Package && !searching {
            paging(self.packages.len(), PAGE_PACKAGES, query.page)
        } else {
            let (mut first, span) = paging(self.packages.len(), FIRST_PACKAGES, 1);
            // The first screen shows a few; the rest are a page of their own.
            first.pages = self.packages.len().div_ceil(PAGE_PACKAGES).max(1) as u32;
            (first, span)
        };
        let groupings = match query.by {
            BrowseBy::LifeEvent => &self.life_events,
            BrowseBy::Department => &self.departments,
            BrowseBy::Package => &Vec::new(),
        };
        let open_all = self.items.len() <= OPEN_ALL_UP_TO;
        let groups = if searching {
            Vec::new()
        } else {
            groupings
                .iter()
                .map(|g| {
                    let opened = query.group.as_deref() == Some(g.head.id.as_str());
                    let (items, paging) = if opened || (open_all && query.group.is_none()) {
                        let wanted = if opened { query.page } else { 1 };
                        let (paging, span) = paging(g.items.len(), PAGE_ITEMS, wanted);
                        (pick(&g.items[span]), Some(paging))
                    } else {
                        (Vec::new(), None)
                    };
                    GroupView {
                        head: g.head.clone(),
                        items,
                        paging,
                    }
                })
                .collect()
        };
        CatalogPage {
            edition: self.edition,
            query: query.clone(),
            groups,
            found,
            found_paging,
            packages: self.packages[span].to_vec(),
            packages_paging,
            chosen,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ranking by its definition, item by item: what the one-scan search must agree with.
    fn rank(keys: &Keys, item: &ItemSummary, typed: &Typed) -> Option<Rank> {
        let (q, joined) = (typed.text.as_str(), typed.joined.as_str());
        let anywhere = !q.is_empty()
            && (keys.zh.contains(q)
                || keys.en.contains(q)
                || keys.synonyms.iter().any(|s| s.contains(q))
                || (typed.pinyin() && keys.full.contains(joined))
                || item.department_name.zh.contains(q)
                || item.department_name.en.to_lowercase().contains(q));
        above_substring(keys, typed).or_else(|| anywhere.then_some(Rank::Substring))
    }

    fn seed_catalog() -> Catalog {
        let mut catalog = Catalog::from_json(include_str!("../../../catalog/catalog.json"))
            .expect("the seed catalog parses");
        crate::search_keys::fill(&mut catalog);
        catalog
    }

    fn seed() -> CatalogIndex {
        CatalogIndex::new(&seed_catalog())
    }

    fn names(index: &CatalogIndex, search: &str) -> Vec<String> {
        index
            .search(search)
            .into_iter()
            .map(|n| index.items[n].name.zh.clone())
            .collect()
    }

    fn query(by: BrowseBy, group: Option<&str>, search: &str, page: u32) -> CatalogQuery {
        CatalogQuery {
            by,
            group: group.map(str::to_string),
            search: search.into(),
            page,
        }
    }

    #[test]
    fn search_finds_an_item_by_chinese_pinyin_initials_the_words_citizens_use_or_english() {
        let index = seed();
        for typed in [
            "工伤康复",
            "gskf",
            " GSKF ",
            "gongshang",
            "gong shang kang fu",
            "rehabilitation",
        ] {
            assert!(
                names(&index, typed).contains(&"工伤康复待遇申请".to_string()),
                "{typed}"
            );
        }
        assert!(names(&index, "失业金").contains(&"失业保险金申领".to_string()));
        assert!(!names(&index, "yyzz").contains(&"工伤康复待遇申请".to_string()));
        assert!(names(&index, "").is_empty());
    }

    #[test]
    fn an_exact_name_comes_before_names_that_start_with_it_and_those_before_the_rest() {
        let keys = |zh: &str, initials: &str| Keys {
            zh: zh.into(),
            en: String::new(),
            initials: initials.into(),
            full: String::new(),
            synonyms: Vec::new(),
        };
        let item = ItemSummary {
            id: "any".into(),
            name: Text::new("", ""),
            pinyin: String::new(),
            pinyin_full: String::new(),
            synonyms: Vec::new(),
            department: "police".into(),
            department_name: Text::new("公安局", "Public Security Bureau"),
            committed_days: 1,
        };
        let rank = |keys: &Keys, typed: &Typed| rank(keys, &item, typed);
        let typed = Typed::new("出生登记");
        assert_eq!(rank(&keys("出生登记", ""), &typed), Some(Rank::Exact));
        assert_eq!(
            rank(&keys("出生登记（补录）", ""), &typed),
            Some(Rank::Prefix)
        );
        assert_eq!(
            rank(&keys("新生儿出生登记", ""), &typed),
            Some(Rank::Substring)
        );
        assert_eq!(rank(&keys("结婚登记", ""), &typed), None);
        let initials = Typed::new("csdj");
        assert_eq!(
            rank(&keys("出生登记", "csdj"), &initials),
            Some(Rank::Exact)
        );
        assert_eq!(
            rank(&keys("新生儿出生登记", "xsecsdj"), &initials),
            Some(Rank::Initials)
        );
        let index = seed();
        // "失业" starts 失业登记 and 失业保险金申领, and sits inside no other name.
        let found = names(&index, "失业");
        assert!(
            found.len() >= 2 && found[..2].iter().all(|n| n.starts_with("失业")),
            "{found:?}"
        );
        let found = names(&index, "出生登记/户口登记");
        assert_eq!(found[0], "出生登记/户口登记", "{found:?}");
    }

    #[test]
    fn the_one_scan_search_finds_exactly_what_ranking_every_item_finds() {
        let index = seed();
        for typed in [
            "出生",
            "登记",
            "gs",
            "g",
            "sq",
            "licence",
            "bureau",
            "公安",
            "失业金",
            "x y",
        ] {
            let typed_now = Typed::new(typed);
            let mut every: Vec<(Rank, usize)> = (0..index.items.len())
                .filter_map(|n| rank(&index.keys[n], &index.items[n], &typed_now).map(|r| (r, n)))
                .collect();
            every.sort();
            let every: Vec<usize> = every.into_iter().map(|(_, n)| n).collect();
            assert_eq!(index.search(typed), every, "{typed}");
        }
    }

    #[test]
    fn a_small_catalog_opens_every_group_and_a_search_replaces_them_with_its_results() {
        let index = seed();
        let first = index.page(&CatalogQuery::default(), &[]);
        assert!(first.groups.iter().all(|g| !g.items.is_empty()));
        assert!(first.packages.len() <= FIRST_PACKAGES);
        let searched = index.page(&query(BrowseBy::LifeEvent, None, "yyzz", 1), &[]);
        assert!(searched.groups.is_empty());
        assert!(searched
            .found
            .iter()
            .any(|i| i.name.zh.contains("营业执照")));
    }

    #[test]
    fn at_city_scale_the_first_screen_carries_group_names_and_no_items() {
        let mut catalog = seed_catalog();
        let template = catalog.items[0].clone();
        for n in 0..100 {
            let mut item = template.clone();
            item.id = format!("copy_{n}");
            catalog.items.push(item);
        }
        let index = CatalogIndex::new(&catalog);
        let first = index.page(&CatalogQuery::default(), &[]);
        assert!(first.groups.iter().all(|g| g.items.is_empty()));
        let group = first.groups[0].head.clone();
        let opened = index.page(&query(BrowseBy::LifeEvent, Some(&group.id), "", 99), &[]);
        let shown = &opened.groups[0];
        let paging = shown.paging.expect("an open group is paged");
        assert_eq!(
            paging.page, paging.pages,
            "a page past the end shows the last"
        );
        assert!(shown.items.len() <= PAGE_ITEMS);
        assert!(opened.groups[1..].iter().all(|g| g.items.is_empty()));
    }

    #[test]
    fn chosen_items_come_back_once_each_and_unknown_ones_are_left_out() {
        let index = seed();
        let chosen = ["birth_registration", "no_such_item", "birth_registration"].map(String::from);
        let page = index.page(&CatalogQuery::default(), &chosen);
        assert_eq!(page.chosen.len(), 1);
        assert_eq!(page.chosen[0].id, "birth_registration");
    }

    #[test]
    fn packages_are_paged_when_browsed_by_themselves() {
        let index = seed();
        let page = index.page(&query(BrowseBy::Package, None, "", 1), &[]);
        assert_eq!(page.packages.len(), index.packages.len().min(PAGE_PACKAGES));
        assert!(page.groups.is_empty());
    }
}
