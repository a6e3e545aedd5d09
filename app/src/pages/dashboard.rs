//! The managers' dashboard: volumes, deadlines kept, and working days taken beside the limits
//! each item is held to (the city's committed days against the law's). Charts are SVG drawn on
//! the server, readable without JavaScript; every chart has a title, a description and the same
//! numbers in a table beside it.

use leptos::prelude::*;

use crate::api::{
    encode, get_dashboard, Dashboard, DayCount, DepartmentStats, ItemStats, ReasonKind,
    StatusCounts, Timeliness,
};
use crate::components::LoadError;
use crate::engine::Text;
use crate::i18n::{lang, t, Bi, Lang};

#[component]
pub fn DashboardPage() -> impl IntoView {
    let dashboard = Resource::new(|| (), |_| get_dashboard());
    view! {
        <h1><Bi text=t("统计", "Statistics")/></h1>
        <Suspense fallback=|| view! { <p><Bi text=t("正在加载…", "Loading…")/></p> }>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Ok(d) => view! { <Figures d/> }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// "66.7%", or a dash when nothing was decided (never a misleading 0%).
pub fn percent_text(p: Option<f64>) -> String {
    p.map_or_else(|| "—".into(), |p| format!("{p:.1}%"))
}

/// "3.5", or a dash when nothing was decided.
pub fn days_text(d: Option<f64>) -> String {
    d.map_or_else(|| "—".into(), |d| format!("{d:.1}"))
}

#[component]
fn Figures(d: Dashboard) -> impl IntoView {
    let period_days = d.per_day.len();
    let language = lang();
    let daily = daily_chart(&d.per_day, language);
    let days = days_chart(&d.items, language);
    view! {
        <p class="lead" data-testid="stat-period">{language.pick(
            format!("统计期间：{} 至 {}（近{}天）", d.from, d.to, period_days),
            format!("Period: {} to {} (last {} days)", d.from, d.to, period_days),
        )}</p>
        <p>
            <a class="button secondary" href="/staff/statistics.csv" download="statistics.csv" rel="external" data-testid="csv-link">
                <Bi text=t("下载各事项数据（CSV）", "Download the figures per item (CSV)")/>
            </a>
        </p>

        <section aria-labelledby="glance-heading">
            <h2 id="glance-heading"><Bi text=t("概况", "At a glance")/></h2>
            <ul class="counts" data-testid="key-figures">
                <li class="count-alert"><Bi text=t("申请", "Applications")/>" "<strong data-testid="stat-applications">{d.applications}</strong></li>
                <li class="count-alert"><Bi text=t("分送事项", "Parts received")/>" "<strong data-testid="stat-parts">{d.received.total()}</strong></li>
                <li class="count-alert"><Bi text=t("作出决定（办结或不予办理）", "Decided (approved or refused)")/>" "<strong data-testid="stat-decided">{d.timeliness.decided}</strong></li>
                <li class="count-alert"><Bi text=t("按时办结率", "Decided on time")/>" "<strong data-testid="stat-on-time">{percent_text(d.timeliness.on_time_percent)}</strong></li>
                <li class="count-alert"><Bi text=t("平均用时（工作日）", "Average working days")/>" "<strong data-testid="stat-average-days">{days_text(d.timeliness.average_days)}</strong></li>
                <li class="count-alert"><Bi text=t("当前已超期", "Overdue now")/>" "<strong data-testid="stat-overdue">{d.overdue}</strong></li>
                <li class="count-alert"><Bi text=t("2个工作日内到期", "Due within 2 working days")/>" "<strong data-testid="stat-due-soon">{d.due_soon}</strong></li>
            </ul>
            <p class="hint"><Bi text=t(
                "申请与分送事项按提交日期统计；办结、按时率与用时按办结日期统计（用时为受理起计的工作日，补正期间不计）；超期与即将到期为今天仍在办理中的事项，不论何时提交。",
                "Applications and parts count by the day they were submitted; decisions, the on-time rate and working days by the day they were decided (working days on the clock from acceptance, corrections excluded). Overdue and due soon are parts open today, whenever submitted.",
            )/></p>
        </section>

        <section aria-labelledby="daily-heading">
            <h2 id="daily-heading"><Bi text=t("每日申请量", "Applications per day")/></h2>
            <div class="chart" inner_html=daily></div>
            <table data-testid="daily-table">
                <caption><Bi text=t("每日申请量（数据）", "Applications per day (figures)")/></caption>
                <thead>
                    <tr>
                        <th scope="col"><Bi text=t("日期", "Day")/></th>
                        <th scope="col"><Bi text=t("申请", "Applications")/></th>
                    </tr>
                </thead>
                <tbody>
                    {d.per_day.iter().map(|c| view! {
                        <tr><th scope="row">{c.day.to_string()}</th><td>{c.applications}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>

        <section aria-labelledby="items-heading">
            <h2 id="items-heading"><Bi text=t("各事项：实际用时与承诺、法定时限", "Per item: working days taken against the committed and statutory limits")/></h2>
            <div class="chart" inner_html=days></div>
            {d.items.is_empty().then(|| view! {
                <p><Bi text=t("本期间没有事项数据。", "No parts in this period.")/></p>
            })}
            <ItemTable items=d.items.clone()/>
        </section>

        <section aria-labelledby="departments-heading">
            <h2 id="departments-heading"><Bi text=t("各部门", "Per department")/></h2>
            <DepartmentTable departments=d.departments.clone()/>
        </section>

        <section aria-labelledby="reasons-heading">
            <h2 id="reasons-heading"><Bi text=t("补正与不予办理的理由（最近20条）", "Reasons for corrections and refusals (latest 20)")/></h2>
            <Reasons d/>
        </section>
    }
}

/// On-time rate with its counts ("50.0% (1/2)"), so a rate over two parts is not read as a trend.
fn on_time_text(x: &Timeliness) -> String {
    match x.on_time_percent {
        Some(_) => format!(
            "{} ({}/{})",
            percent_text(x.on_time_percent),
            x.on_time,
            x.decided
        ),
        None => percent_text(None),
    }
}

/// A row's figures, one "label value" line each: it reads the same beside the row header on a
/// wide screen and stacked under it on a phone (where the table's column headers are hidden).
#[component]
fn FigureList(
    received: StatusCounts,
    timeliness: Timeliness,
    overdue: u64,
    due_soon: u64,
    prefix: &'static str,
    /// Committed and statutory days, for an item.
    #[prop(optional)]
    limits: Option<(u32, Option<u32>)>,
) -> impl IntoView {
    let line = move |label: Text, what: &str, value: String| {
        view! { <li><Bi text=label/>" "<strong data-testid=format!("{prefix}-{what}")>{value}</strong></li> }
    };
    view! {
        <ul class="figures">
            {line(t("收件（本期间提交）", "Received (submitted in the period)"), "received", received.total().to_string())}
            {line(t("已办结", "Approved"), "approved", received.approved.to_string())}
            {line(t("不予办理", "Refused"), "refused", received.refused.to_string())}
            {line(t("未办结", "Open"), "open", received.undecided().to_string())}
            {line(t("本期间作出决定", "Decided in the period"), "decided", timeliness.decided.to_string())}
            {line(t("按时办结率", "Decided on time"), "on-time", on_time_text(&timeliness))}
            {line(t("实际平均用时（工作日）", "Average working days taken"), "average-days", days_text(timeliness.average_days))}
            {limits.map(|(committed, statutory)| view! {
                {line(t("承诺时限（工作日）", "Committed (working days)"), "committed", committed.to_string())}
                {line(t("法定时限（工作日）", "Statutory (working days)"), "statutory",
                    statutory.map_or_else(|| "—".to_string(), |n| n.to_string()))}
            })}
            {line(t("当前已超期", "Overdue now"), "overdue", overdue.to_string())}
            {line(t("2个工作日内到期", "Due within 2 working days"), "due-soon", due_soon.to_string())}
        </ul>
    }
}

#[component]
fn ItemTable(items: Vec<ItemStats>) -> impl IntoView {
    view! {
        <table class="parts" data-testid="item-table">
            <caption><Bi text=t("各事项数据", "Figures per item")/></caption>
            <thead>
                <tr>
                    <th scope="col"><Bi text=t("事项", "Item")/></th>
                    <th scope="col"><Bi text=t("数据", "Figures")/></th>
                </tr>
            </thead>
            <tbody>
                {items.into_iter().map(|i| {
                    // The headline: what the law allows against what the city commits to.
                    let limits = match i.statutory_days {
                        Some(s) => t(
                            &format!("法定{s}个工作日 → 承诺{}个工作日", i.committed_days),
                            &format!("{s} → {} working days", i.committed_days),
                        ),
                        None => t(
                            &format!("承诺{}个工作日", i.committed_days),
                            &format!("{} working days committed", i.committed_days),
                        ),
                    };
                    view! {
                        <tr data-testid="item-row" data-item=i.item.clone()>
                            <th scope="row">
                                <Bi text=i.name.clone()/>
                                <span class="item-meta"><Bi text=i.department_name.clone()/></span>
                                <span class="item-meta" data-testid="item-limits"><Bi text=limits/></span>
                            </th>
                            <td>
                                <FigureList received=i.received timeliness=i.timeliness.clone() overdue=i.overdue
                                    due_soon=i.due_soon prefix="item" limits=(i.committed_days, i.statutory_days)/>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn DepartmentTable(departments: Vec<DepartmentStats>) -> impl IntoView {
    view! {
        <table class="parts" data-testid="department-table">
            <caption><Bi text=t("各部门数据（按事项当前所在部门）", "Figures per department (where the parts are now)")/></caption>
            <thead>
                <tr>
                    <th scope="col"><Bi text=t("部门", "Department")/></th>
                    <th scope="col"><Bi text=t("数据", "Figures")/></th>
                </tr>
            </thead>
            <tbody>
                {departments.into_iter().map(|d| view! {
                    <tr data-testid="department-row" data-department=d.id.clone()>
                        <th scope="row"><a href=format!("/departments/{}", encode(&d.id))><Bi text=d.name.clone()/></a></th>
                        <td>
                            <FigureList received=d.received timeliness=d.timeliness.clone() overdue=d.overdue
                                due_soon=d.due_soon prefix="department"/>
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Reasons(d: Dashboard) -> impl IntoView {
    if d.reasons.is_empty() {
        return view! {
            <p data-testid="no-reasons"><Bi text=t("本期间没有补正或不予办理。", "No corrections or refusals in this period.")/></p>
        }
        .into_any();
    }
    view! {
        <table class="parts" data-testid="reason-table">
            <caption><Bi text=t("最新的在前", "Newest first")/></caption>
            <thead>
                <tr>
                    <th scope="col"><Bi text=t("日期", "Day")/></th>
                    <th scope="col"><Bi text=t("类别", "Kind")/></th>
                    <th scope="col"><Bi text=t("事项", "Item")/></th>
                    <th scope="col"><Bi text=t("理由", "Reason")/></th>
                </tr>
            </thead>
            <tbody>
                {d.reasons.into_iter().map(|r| {
                    let kind = match r.kind {
                        ReasonKind::Correction => view! { <strong class="tag tag-correction_requested"><Bi text=t("需补正", "Correction")/></strong> },
                        ReasonKind::Refusal => view! { <strong class="tag tag-refused"><Bi text=t("不予办理", "Refused")/></strong> },
                    };
                    view! {
                        <tr data-testid="reason-row">
                            <th scope="row">{r.on.to_string()}</th>
                            <td>{kind}</td>
                            <td>
                                <Bi text=r.item/>
                                <span class="item-meta"><Bi text=r.department_name/>" · "<a href=format!("/staff/parts/{}", encode(&r.part))>{r.number}</a></span>
                            </td>
                            <td data-testid="reason-text">{r.reason}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

// --- Charts: SVG as text, so the server sends a finished picture and the browser needs no
// code for it. Colours go in presentation attributes (the page's CSP allows no inline styles);
// every bar also carries its number in words, never colour alone.

const BRAND: &str = "#0b4f8a";
const COMMITTED: &str = "#00703c";
const STATUTORY: &str = "#6f777b";
const TAKEN: &str = "#b35900";
const MUTED: &str = "#505a5f";
const LINE: &str = "#b1b4b6";
/// Chart width in user units: about a phone's width, so text keeps its size there. With the
/// height given in pixels and `meet`, a chart is drawn at its natural size on a wide screen and
/// shrinks only to fit a narrower one (no CSS needed, none allowed inline).
const WIDTH: f64 = 360.0;

/// Escapes text for SVG (the names come from the catalog; escaped all the same), as for HTML.
pub use crate::components::form_markup::escape;

fn open_svg(height: f64, font: u32, id: &str, title: &str, desc: &str) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0}" width="100%" height="{height:.0}" preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="{id}-title {id}-desc" font-family="sans-serif" font-size="{font}" fill="{ink}"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>"#,
        ink = "#0b0c0c",
        title = escape(title),
        desc = escape(desc),
    )
}

/// Applications per day as vertical bars, the count above each bar that has any; every seventh
/// day (counting back from the last) labelled under the axis. Its words are in `lang`.
pub fn daily_chart(days: &[DayCount], lang: Lang) -> String {
    let height = 190.0;
    // Room on the right for the last day's label, centred under its bar.
    let (left, right, top, bottom) = (26.0, 12.0, 16.0, 28.0);
    let plot_w = WIDTH - left - right;
    let plot_h = height - top - bottom;
    let total: u64 = days.iter().map(|d| d.applications).sum();
    let busiest = days.iter().map(|d| d.applications).max().unwrap_or(0);
    let max = busiest.max(1) as f64;
    let slot = plot_w / days.len().max(1) as f64;
    let bar = (slot * 0.7).max(1.0);
    let (first, last) = match (days.first(), days.last()) {
        (Some(f), Some(l)) => (f.day.to_string(), l.day.to_string()),
        _ => (String::new(), String::new()),
    };
    let mut svg = open_svg(
        height,
        11,
        "daily",
        lang.pick("每日申请量", "Applications per day"),
        &lang.pick(
            format!("{first} 至 {last}，共{total}件，单日最多{busiest}件。"),
            format!("{first} to {last}: {total} applications, at most {busiest} on one day."),
        ),
    );
    let base = top + plot_h;
    // The scale: zero and the busiest day.
    svg.push_str(&format!(
        r#"<line x1="{left}" y1="{base}" x2="{x2}" y2="{base}" stroke="{LINE}"/><line x1="{left}" y1="{top}" x2="{x2}" y2="{top}" stroke="{LINE}" stroke-dasharray="3 3"/><text x="{lx}" y="{by:.1}" text-anchor="end">0</text><text x="{lx}" y="{ty:.1}" text-anchor="end">{busiest}</text>"#,
        x2 = WIDTH - right,
        lx = left - 4.0,
        by = base + 4.0,
        ty = top + 4.0,
        busiest = busiest.max(1),
    ));
    for (i, d) in days.iter().enumerate() {
        let x = left + slot * i as f64 + (slot - bar) / 2.0;
        let middle = x + bar / 2.0;
        if d.applications > 0 {
            let h = plot_h * d.applications as f64 / max;
            let y = base - h;
            svg.push_str(&format!(
                r#"<rect x="{x:.1}" y="{y:.1}" width="{bar:.1}" height="{h:.1}" fill="{BRAND}"><title>{day}: {n}</title></rect><text x="{middle:.1}" y="{ny:.1}" text-anchor="middle" font-size="10">{n}</text>"#,
                day = d.day,
                n = d.applications,
                ny = y - 2.0,
            ));
        }
        if (days.len() - 1 - i).is_multiple_of(7) {
            let label = d.day.to_string();
            svg.push_str(&format!(
                r#"<line x1="{middle:.1}" y1="{base}" x2="{middle:.1}" y2="{tick}" stroke="{LINE}"/><text x="{middle:.1}" y="{ly}" text-anchor="middle" fill="{MUTED}">{md}</text>"#,
                tick = base + 4.0,
                ly = height - 10.0,
                md = label.get(5..).unwrap_or(&label),
            ));
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Per item, horizontal bars on one scale: the average working days taken (when anything was
/// decided), the committed limit and the statutory limit (where the law gives one). Its words
/// are in `lang`.
pub fn days_chart(items: &[ItemStats], lang: Lang) -> String {
    let bar_max = 220.0;
    let (row, bar_h) = (16.0, 11.0);
    let max = items
        .iter()
        .flat_map(|i| {
            [
                i.committed_days as f64,
                i.statutory_days.unwrap_or(0) as f64,
                i.timeliness.average_days.unwrap_or(0.0),
            ]
        })
        .fold(1.0_f64, f64::max);
    let length = |v: f64| (v / max * bar_max).max(1.5);
    let taken = lang.pick("实际平均", "Taken");
    let committed = lang.pick("承诺", "Committed");
    let statutory = lang.pick("法定", "Statutory");
    let mut body = String::new();
    // The legend: a swatch and its words for each series.
    let mut x = 0.0;
    for (colour, label) in [
        (TAKEN, taken),
        (COMMITTED, committed),
        (STATUTORY, statutory),
    ] {
        body.push_str(&format!(
            r#"<rect x="{x}" y="4" width="10" height="10" fill="{colour}"/><text x="{tx}" y="13">{label}</text>"#,
            tx = x + 14.0,
        ));
        x += 116.0;
    }
    let mut y = 30.0;
    for i in items {
        // The name on one line when it fits, otherwise wrapped (a rough width per character).
        let lines = name_lines(lang.of(&i.name), lang);
        for (n, line) in lines.iter().enumerate() {
            body.push_str(&format!(
                r#"<text x="0" y="{ly}" font-size="13" font-weight="bold">{line}</text>"#,
                ly = y + 15.0 * n as f64,
                line = escape(line),
            ));
        }
        y += 6.0 + 15.0 * (lines.len().max(1) - 1) as f64;
        let mut rows: Vec<(Option<f64>, &str, &str, String)> = vec![(
            i.timeliness.average_days,
            TAKEN,
            taken,
            days_text(i.timeliness.average_days),
        )];
        rows.push((
            Some(i.committed_days as f64),
            COMMITTED,
            committed,
            i.committed_days.to_string(),
        ));
        if let Some(s) = i.statutory_days {
            rows.push((Some(s as f64), STATUTORY, statutory, s.to_string()));
        }
        for (value, colour, label, shown) in rows {
            match value {
                Some(v) => {
                    let w = length(v);
                    body.push_str(&format!(
                        r#"<rect x="0" y="{ry:.1}" width="{w:.1}" height="{bar_h}" fill="{colour}"/><text x="{tx:.1}" y="{ty:.1}">{shown} {label}</text>"#,
                        ry = y + 2.0,
                        tx = w + 4.0,
                        ty = y + 11.5,
                    ));
                }
                None => body.push_str(&format!(
                    r#"<text x="0" y="{ty:.1}" fill="{MUTED}">{none}</text>"#,
                    ty = y + 11.5,
                    none = lang.pick("暂无办结", "Nothing decided yet"),
                )),
            }
            y += row;
        }
        y += 18.0;
    }
    let mut svg = open_svg(
        y,
        12,
        "days",
        lang.pick(
            "各事项实际用时与承诺、法定时限（工作日）",
            "Working days taken, committed and statutory per item",
        ),
        lang.pick(
            "每个事项的横条依次为：已办结事项的实际平均用时、承诺时限、法定时限（如有），单位为工作日；数字见下表。",
            "For each item: the average working days taken by decided parts, the committed limit and the statutory limit (where the law gives one); the table below has the numbers.",
        ),
    );
    svg.push_str(&body);
    svg.push_str("</svg>");
    svg
}

/// An item's name as the lines of a chart label: one line when it fits the chart's width,
/// otherwise wrapped (English between words, Chinese between characters). A bold 13-unit
/// Chinese character is about 13 units wide, a Latin letter about 7.
fn name_lines(name: &str, lang: Lang) -> Vec<String> {
    let per_char = lang.pick(13.0, 7.0);
    let room = ((WIDTH - 8.0) / per_char).floor().max(1.0) as usize;
    if name.chars().count() <= room {
        return vec![name.to_string()];
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    match lang {
        Lang::Zh => {
            for c in name.chars() {
                if line.chars().count() == room {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(c);
            }
        }
        Lang::En => {
            for word in name.split_whitespace() {
                if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > room {
                    lines.push(std::mem::take(&mut line));
                }
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Date, Text};

    fn item(id: &str, committed: u32, statutory: Option<u32>, average: Option<f64>) -> ItemStats {
        ItemStats {
            item: id.into(),
            name: Text::new("工伤认定申请", "Work-injury determination"),
            department: "hrss".into(),
            department_name: Text::new("人社局", "HRSS"),
            received: StatusCounts::default(),
            timeliness: Timeliness {
                decided: u64::from(average.is_some()),
                on_time: u64::from(average.is_some()),
                on_time_percent: average.map(|_| 100.0),
                average_days: average,
            },
            committed_days: committed,
            statutory_days: statutory,
            overdue: 0,
            due_soon: 0,
        }
    }

    #[test]
    fn missing_figures_show_a_dash_not_zero() {
        assert_eq!(percent_text(Some(66.7)), "66.7%");
        assert_eq!(percent_text(Some(100.0)), "100.0%");
        assert_eq!(percent_text(None), "—");
        assert_eq!(days_text(Some(0.0)), "0.0");
        assert_eq!(days_text(None), "—");
    }

    #[test]
    fn chart_text_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn the_daily_chart_is_an_image_with_a_title_and_one_bar_per_busy_day() {
        let day = |d| Date::new(2026, 2, d).expect("date");
        let days: Vec<DayCount> = (1..=14)
            .map(|d| DayCount {
                day: day(d),
                applications: if d == 13 { 2 } else { 0 },
            })
            .collect();
        let svg = daily_chart(&days, Lang::Zh);
        assert!(svg.starts_with("<svg "));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains("<title id=\"daily-title\">每日申请量</title>"));
        assert!(svg.contains("共2件"));
        assert!(!svg.contains("Applications"), "{svg}");
        assert_eq!(svg.matches("<rect").count(), 1);
        assert!(svg.contains("<title>2026-02-13: 2</title>"));
        // The last day and every seventh before it are labelled.
        assert!(svg.contains(">02-14<") && svg.contains(">02-07<") && !svg.contains(">02-13<"));
        assert!(svg.ends_with("</svg>"));
        // In English: the same picture in English words only.
        let svg = daily_chart(&days, Lang::En);
        assert!(svg.contains("<title id=\"daily-title\">Applications per day</title>"));
        assert!(svg.contains("2026-02-01 to 2026-02-14: 2 applications, at most 2 on one day."));
        assert!(!svg.contains("每日"), "{svg}");
    }

    #[test]
    fn the_days_chart_draws_taken_committed_and_statutory_on_one_scale() {
        let items = [
            item("work_injury_determination", 15, Some(60), Some(0.0)),
            item("work_injury_rehab", 7, None, None),
        ];
        let svg = days_chart(&items, Lang::Zh);
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains("<title id=\"days-title\">"));
        // The longest limit (60) spans the full 220 units; 15 is a quarter of it.
        assert!(
            svg.contains(r##"width="220.0" height="11" fill="#6f777b""##),
            "{svg}"
        );
        assert!(
            svg.contains(r##"width="55.0" height="11" fill="#00703c""##),
            "{svg}"
        );
        assert!(svg.contains(">0.0 实际平均<"));
        assert!(svg.contains(">60 法定<"));
        assert!(svg.contains(">工伤认定申请<"));
        // Nothing decided: said in words, no bar pretending to be zero.
        assert!(svg.contains(">暂无办结<"));
        assert_eq!(svg.matches("法定<").count(), 2, "legend and one item");
        assert!(
            !svg.contains("Statutory") && !svg.contains("Work-injury"),
            "{svg}"
        );

        // In English: the same bars, the words and the names in English only.
        let en = days_chart(&items, Lang::En);
        assert!(en.contains(">0.0 Taken<") && en.contains(">60 Statutory<"));
        assert!(en.contains(">Work-injury determination<") && en.contains(">Nothing decided yet<"));
        assert!(en.contains(
            "<title id=\"days-title\">Working days taken, committed and statutory per item</title>"
        ));
        assert!(!en.contains("法定") && !en.contains("工伤"), "{en}");
    }

    #[test]
    fn a_long_item_name_wraps_in_its_language() {
        assert_eq!(name_lines("工伤认定申请", Lang::Zh), vec!["工伤认定申请"]);
        let long = "Fire-safety check for public-assembly premises and a good deal more besides";
        let lines = name_lines(long, Lang::En);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.join(" "), long);
        assert!(lines
            .iter()
            .all(|l| l.chars().count() as f64 * 7.0 <= WIDTH - 8.0));
    }
}
