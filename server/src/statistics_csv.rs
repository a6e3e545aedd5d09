//! The dashboard's figures per item as a CSV file, for managers who work on in a spreadsheet.
//! Same figures and same authorisation as the page (`get_dashboard`).

use std::sync::Arc;

use app::api::backend::{Backend, BackendError};
use app::api::caller::{Caller, Denied};
use app::api::Dashboard;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Extension;

use crate::auth::handlers::see_other;
use crate::backend::AppBackend;

/// Where a refused reader is sent back to after signing in: the page, not a bare download.
const PAGE: &str = "/staff/statistics";

/// A byte-order mark first: without it Excel reads UTF-8 as the local code page and the Chinese
/// names come out garbled.
const BOM: &str = "\u{feff}";

const HEADER: [&str; 12] = [
    "事项编号 Item id",
    "事项名称 Item",
    "部门 Department",
    "收件 Parts received",
    "已办结 Approved",
    "不予办理 Refused",
    "未办结 Open",
    "当前超期 Overdue now",
    "按时办结率(%) On-time rate (%)",
    "平均用时(工作日) Average working days",
    "承诺时限(工作日) Committed days",
    "法定时限(工作日) Statutory days",
];

/// `GET /staff/statistics.csv`: managers and administrators; anyone else is refused as the
/// back office refuses (sign-in redirect, or 403).
pub async fn export(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
) -> Response {
    match backend.dashboard(&caller).await {
        Ok(dashboard) => attachment(csv(&dashboard)),
        Err(BackendError::Denied(denied)) => refused(denied),
        Err(_) => plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "系统暂时不可用，请稍后再试。 / Temporarily unavailable; try again shortly.",
        ),
    }
}

fn refused(denied: Denied) -> Response {
    match denied.sign_in_url(PAGE) {
        Some(url) => see_other(&url, &[]),
        None => crate::back_office::forbidden(),
    }
}

fn plain(status: StatusCode, body: &'static str) -> Response {
    let mut r = Response::new(axum::body::Body::from(body));
    *r.status_mut() = status;
    r
}

fn attachment(body: String) -> Response {
    let mut response = Response::new(axum::body::Body::from(body));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"statistics.csv\""),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// The whole file: BOM, header, one row per item (as the dashboard lists them), CRLF line ends.
pub fn csv(d: &Dashboard) -> String {
    let mut out = String::from(BOM);
    out.push_str(&row(HEADER.iter().map(|h| h.to_string())));
    for i in &d.items {
        let decimal = |x: Option<f64>| x.map(|x| format!("{x:.1}")).unwrap_or_default();
        out.push_str(&row([
            i.item.clone(),
            i.name.zh.clone(),
            i.department_name.zh.clone(),
            i.received.total().to_string(),
            i.received.approved.to_string(),
            i.received.refused.to_string(),
            i.received.undecided().to_string(),
            i.overdue.to_string(),
            decimal(i.timeliness.on_time_percent),
            decimal(i.timeliness.average_days),
            i.committed_days.to_string(),
            i.statutory_days.map(|n| n.to_string()).unwrap_or_default(),
        ]));
    }
    out
}

fn row(cells: impl IntoIterator<Item = String>) -> String {
    let mut line = cells
        .into_iter()
        .map(|c| cell(&c))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// One field, safe to open in a spreadsheet: text a spreadsheet would run as a formula (it
/// starts with = + - @, or a tab or carriage return that some strip first) gets a leading `'`,
/// so it shows as text; then quoted as RFC 4180 says when it holds a comma, quote or line break.
pub fn cell(value: &str) -> String {
    let mut v = String::with_capacity(value.len() + 2);
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        v.push('\'');
    }
    v.push_str(value);
    if v.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_cells_stay_as_they_are() {
        assert_eq!(cell("工伤认定申请"), "工伤认定申请");
        assert_eq!(cell("15"), "15");
        assert_eq!(cell(""), "");
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted_as_rfc_4180_says() {
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\r\nlines"), "\"two\r\nlines\"");
    }

    #[test]
    fn a_cell_a_spreadsheet_would_run_as_a_formula_is_made_text() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("+86"), "'+86");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        // Neutralised first, then quoted: the quote marks do not hide the formula.
        assert_eq!(
            cell("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        assert_eq!(cell("a=b"), "a=b");
    }

    #[test]
    fn the_file_starts_with_a_bom_and_the_header_and_ends_rows_with_crlf() {
        let d = Dashboard {
            from: app::engine::Date::new(2026, 1, 15).expect("date"),
            to: app::engine::Date::new(2026, 2, 13).expect("date"),
            today: app::engine::Date::new(2026, 2, 13).expect("date"),
            applications: 0,
            per_day: vec![],
            received: Default::default(),
            timeliness: Default::default(),
            overdue: 0,
            due_soon: 0,
            items: vec![],
            departments: vec![],
            reasons: vec![],
        };
        let file = csv(&d);
        assert!(file.starts_with("\u{feff}事项编号 Item id,事项名称 Item,"));
        assert!(file.ends_with("法定时限(工作日) Statutory days\r\n"));
        assert_eq!(file.matches("\r\n").count(), 1);
    }
}
