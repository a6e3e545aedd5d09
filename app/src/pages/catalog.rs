//! The catalog in use, for catalog editors and administrators: what it holds, and the whole of
//! it to download as a spreadsheet workbook (the way cities keep their item lists, 事项清单) or
//! as JSON. A city runs on an edited list with `YIJIAN_CATALOG`, after `server catalog check`.

use leptos::prelude::*;

use crate::api::{get_catalog_summary, CatalogSummary};
use crate::components::LoadError;
use crate::i18n::{lang, t, Bi};

#[component]
pub fn CatalogPage() -> impl IntoView {
    let summary = Resource::new(|| (), |_| get_catalog_summary());
    view! {
        <h1><Bi text=t("事项清单", "Service catalog")/></h1>
        <Suspense fallback=|| view! { <p><Bi text=t("正在加载…", "Loading…")/></p> }>
            {move || Suspend::new(async move {
                match summary.await {
                    Ok(s) => view! { <Summary s/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Summary(s: CatalogSummary) -> impl IntoView {
    let rows = [
        (t("事项", "Service items"), s.items),
        (t("部门", "Departments"), s.departments),
        (t("人生事件", "Life events"), s.life_events),
        (t("套餐", "Packages"), s.packages),
        (t("表单字段", "Form fields"), s.fields),
        (t("材料", "Materials"), s.materials),
    ];
    view! {
        <p class="lead">
            {lang().pick(
                format!("正在使用的版本：{}", s.version),
                format!("Version in use: {}", s.version),
            )}
            <br/><span class="hint">{lang().pick(format!("内容摘要 {}", s.hash), format!("Content hash {}", s.hash))}</span>
        </p>
        <table class="parts" data-testid="catalog-counts">
            <caption class="visually-hidden"><Bi text=t("清单中的内容", "What the catalog holds")/></caption>
            <tbody>
                {rows.into_iter().map(|(what, n)| view! {
                    <tr><th scope="row"><Bi text=what/></th><td>{n}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        <section aria-labelledby="download-h">
            <h2 id="download-h"><Bi text=t("下载整份清单", "Download the whole catalog")/></h2>
            <p><Bi text=t(
                "电子表格每类内容一张工作表（部门、事项、字段、材料、套餐、前置与互斥、情形等），第一张“说明”解释每一列。",
                "The workbook has one sheet per kind (departments, items, fields, materials, packages, rules, situational questions…); its first sheet, README, explains every column.",
            )/></p>
            <ul class="department-list">
                <li><a href="/staff/catalog/catalog.xlsx" data-testid="catalog-xlsx" download>
                    <Bi text=t("电子表格（.xlsx）", "Spreadsheet workbook (.xlsx)")/>
                </a></li>
                <li><a href="/staff/catalog/catalog.json" data-testid="catalog-json" download>
                    <Bi text=t("JSON 文件", "JSON file")/>
                </a></li>
            </ul>
            <p class="hint"><Bi text=t(
                "修改后的清单由运维人员先用 server catalog check 检查（逐表、逐行、逐列列出问题，不保存任何内容），再用 YIJIAN_CATALOG 启用。在本页上传、比对和发布新版本尚未提供。",
                "An edited list is checked by the operator with server catalog check (every problem by sheet, row and column; nothing is stored), then put in use with YIJIAN_CATALOG. Uploading, comparing and publishing a new version on this page is not available yet.",
            )/></p>
        </section>
    }
}
