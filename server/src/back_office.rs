//! Plain form posts and file downloads of the back office. A reviewer's move is a form post that
//! answers with a redirect (303) to the part's page, with the outcome as a code the page turns
//! into a message: it works the same with and without JavaScript.

use std::sync::Arc;

use app::api::caller::{Caller, ClientAddr, Denied};
use app::api::encode;
use app::engine::MaterialSource;
use axum::extract::{Form, Path};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

use crate::auth::handlers::see_other;
use crate::backend::AppBackend;
use crate::services::review::{self, ActError, MoveForm};

/// What a plain handler's refusal says. The handler knows what to say, not in which language:
/// `auth::resolve_caller`, which read the reader's choice, turns it into a page in that one
/// language (`refusal_page`).
#[derive(Clone, Debug)]
pub struct Say(pub app::engine::Text);

pub(crate) fn say(status: StatusCode, text: app::engine::Text) -> Response {
    let mut r = Response::new(axum::body::Body::from(format!("{} / {}", text.zh, text.en)));
    *r.status_mut() = status;
    r.extensions_mut().insert(Say(text));
    r
}

pub fn forbidden() -> Response {
    say(StatusCode::FORBIDDEN, Denied::Forbidden.message())
}

pub fn not_found() -> Response {
    say(
        StatusCode::NOT_FOUND,
        app::engine::Text::new(
            "找不到要找的内容。请检查链接是否完整。",
            "Nothing was found there. Check that the link is complete.",
        ),
    )
}

/// A short page in the reader's language for a refusal of a plain handler: its heading, what
/// happened, and a way on. Nothing of the request is echoed.
pub fn refusal_page(status: StatusCode, text: &app::engine::Text, lang: app::i18n::Lang) -> String {
    let heading = match status {
        StatusCode::FORBIDDEN => lang.pick("不允许访问", "Not allowed"),
        StatusCode::NOT_FOUND => lang.pick("找不到", "Not found"),
        _ => lang.pick("暂时无法办理", "Not available just now"),
    };
    format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{heading}</title></head><body><main><h1>{heading}</h1><p>{}</p>\
         <p><a href=\"/\">{}</a></p></main></body></html>",
        lang.tag(),
        app::pages::dashboard::escape(lang.of(text)),
        lang.pick("返回首页", "Back to the start"),
    )
}

fn refused(denied: Denied, back: &str) -> Response {
    match denied.sign_in_url(back) {
        Some(url) => see_other(&url, &[]),
        None => forbidden(),
    }
}

/// A reviewer's move on a part: accept, request corrections, approve, refuse or transfer.
pub async fn act_on_part(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
    Extension(client): Extension<ClientAddr>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let page = format!("/staff/parts/{}", encode(&id));
    let form = MoveForm::from_pairs(pairs);
    let action = form.action.clone();
    let outcome = match form.parse() {
        Ok((version, mv)) => {
            review::act(&backend.act_env(&client.0), &caller, &id, version, mv).await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(_) => see_other(&format!("{page}?done={}", encode(&action)), &[]),
        Err(ActError::Denied(denied)) => refused(denied, &page),
        Err(ActError::Unknown) => not_found(),
        Err(e) => see_other(
            &format!(
                "{page}?error={}&action={}#actions",
                e.code(),
                encode(&action)
            ),
            &[],
        ),
    }
}

/// A file of a part, for those who may work the part's department: served with its stored type
/// and as an attachment (never rendered as a page of this site), not cached, and audited.
pub async fn part_file(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
    Path((id, key)): Path<(String, String)>,
) -> Response {
    let page = format!("/staff/parts/{}", encode(&id));
    let found = async {
        let mut conn = backend.db().pool.acquire().await?;
        let Some(row) = crate::repo::part(&mut conn, &id).await? else {
            return Ok(None);
        };
        Ok::<_, sqlx::Error>(Some((row, conn)))
    }
    .await;
    let (row, mut conn) = match found {
        Ok(Some(found)) => found,
        Ok(None) => {
            return match caller.may_list_departments() {
                Ok(()) => not_found(),
                Err(denied) => refused(denied, &page),
            }
        }
        Err(e) => {
            tracing::error!(error = %e, "reading a part failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response_plain();
        }
    };
    if let Err(denied) = caller.may_work_department(&row.department_id) {
        return refused(denied, &page);
    }
    let response = material_response(&mut conn, &row, &key).await;
    drop(conn);
    if response.status().is_success() {
        backend
            .audit(&caller, "file_view", &row.id, &format!("material={key}"))
            .await;
    }
    response
}

/// One uploaded material of a part as a download: its stored type, as an attachment (never
/// rendered as a page of this site), not cached. 404 when the part has no such file.
pub async fn material_response(
    conn: &mut sqlx::AnyConnection,
    row: &crate::repo::PartRow,
    key: &str,
) -> Response {
    let file = review::materials_of(row)
        .ok()
        .and_then(|ms| ms.into_iter().find(|m| m.key == key))
        .and_then(|m| match m.source {
            MaterialSource::Upload(f) => Some(f),
            _ => None,
        });
    let Some(file) = file else {
        return not_found();
    };
    let (media_type, bytes) = match crate::repo::upload_bytes(conn, &file.hash).await {
        Ok(Some(found)) => found,
        Ok(None) => return not_found(),
        Err(e) => {
            tracing::error!(error = %e, "reading a file failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response_plain();
        }
    };
    let mut response = Response::new(axum::body::Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&media_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(v) = HeaderValue::from_str(&content_disposition(&file.file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// `attachment` with the name both as plain ASCII (older clients) and UTF-8 (RFC 6266/5987).
pub fn content_disposition(file_name: &str) -> String {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._- ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        ascii.trim(),
        encode(file_name)
    )
}

pub trait PlainStatus {
    fn into_response_plain(self) -> Response;
}

impl PlainStatus for StatusCode {
    fn into_response_plain(self) -> Response {
        let mut r = Response::new(axum::body::Body::from(
            "系统暂时不可用，请稍后再试。 / Temporarily unavailable; try again shortly.",
        ));
        *r.status_mut() = self;
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_is_offered_safely_in_both_forms() {
        assert_eq!(
            content_disposition("身份证.jpg"),
            "attachment; filename=\"___.jpg\"; filename*=UTF-8''%E8%BA%AB%E4%BB%BD%E8%AF%81.jpg"
        );
        assert_eq!(
            content_disposition("a\";x=\r\n.pdf"),
            "attachment; filename=\"a__x___.pdf\"; filename*=UTF-8''a%22%3Bx%3D%0D%0A.pdf"
        );
    }
}

#[derive(serde::Deserialize)]
pub struct FindForm {
    #[serde(default)]
    id_number: String,
}

/// Finding a person's applications by ID number: posted (the number never goes in a link, a
/// log line or the browser's history), checked, and answered with a redirect to the results
/// named by the number's keyed hash.
pub async fn find_applicant(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
    Form(form): Form<FindForm>,
) -> Response {
    if let Err(denied) = caller.may_search_applicants() {
        return refused(denied, "/staff/find");
    }
    let typed = form.id_number.trim().to_ascii_uppercase();
    let today = backend.clock().today();
    if typed.is_empty() {
        return see_other("/staff/find?error=required#id_number", &[]);
    }
    if app::engine::validate::id_number(&typed, today).is_err() {
        return see_other("/staff/find?error=invalid#id_number", &[]);
    }
    // The results page records each look in the audit log.
    let key = backend.keys().index(&typed);
    see_other(&format!("/staff/find?key={key}"), &[])
}

/// The catalog in use as a workbook (`catalog.xlsx`) or JSON (`catalog.json`), for catalog
/// editors and administrators to keep and edit offline; the same format a city's own list is
/// loaded from (`YIJIAN_CATALOG`).
pub async fn export_catalog(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
    Path(file): Path<String>,
) -> Response {
    if let Err(denied) = caller.may_edit_catalog() {
        return refused(denied, "/staff/catalog");
    }
    let catalog = backend.catalog();
    // The version names the file; only characters safe in a header and a file name.
    let version: String = catalog
        .version
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    let (bytes, media_type, extension) = match file.as_str() {
        "catalog.xlsx" => match crate::workbook::export(&catalog) {
            Ok(bytes) => (
                bytes,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx",
            ),
            Err(e) => {
                tracing::error!(error = ?e, "the catalog in use does not fit a workbook");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        },
        "catalog.json" => (
            crate::workbook::export_json(&catalog).into_bytes(),
            "application/json",
            "json",
        ),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, media_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"catalog-{version}.{extension}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// Adding or correcting a year of the working-day calendar: checked whole, then a redirect to
/// the page with the year saved, or with what was typed and every line to correct.
pub async fn save_calendar_year(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
    Form(form): Form<crate::services::calendar::NoticeForm>,
) -> Response {
    use crate::services::calendar::{self, SaveError};
    const PAGE: &str = "/staff/calendar";
    let errors = match calendar::save(&backend, &caller, &form, crate::clock::now_millis()).await {
        Ok(year) => return see_other(&format!("{PAGE}?saved={year}"), &[]),
        Err(SaveError::Denied(denied)) => return refused(denied, PAGE),
        Err(SaveError::Invalid(errors)) => errors
            .iter()
            .map(|e| format!("{}:{}:{}", e.field.code(), e.line, e.problem.code()))
            .collect::<Vec<_>>()
            .join(","),
        Err(SaveError::Storage(_)) => "storage".to_string(),
    };
    // What was typed comes back with the lines to correct.
    see_other(
        &format!(
            "{PAGE}?errors={errors}&year={}&holidays={}&workdays={}#calendar-form",
            encode(form.year.trim()),
            encode(&form.holidays),
            encode(&form.workdays)
        ),
        &[],
    )
}

/// Every stored year of the working-day calendar as one JSON file, in the format the product
/// ships its notices in: to keep, to edit offline, and to import again (here or in another city).
pub async fn export_calendar(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
) -> Response {
    if let Err(denied) = caller.may_manage_calendar() {
        return refused(denied, "/staff/calendar");
    }
    let years = backend.calendar().years.clone();
    let body = serde_json::json!({
        "source": "State Council notices on public holidays (国务院办公厅关于部分节假日安排的通知), as entered",
        "years": years,
    });
    (
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"calendar.json\"".to_string(),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        serde_json::to_string_pretty(&body).unwrap_or_default(),
    )
        .into_response()
}

/// The one file named `file` of a multipart upload, at most `limit` bytes: `Err` with the
/// reason code for the page (`no-file`, `too-big`).
async fn uploaded_file(
    multipart: &mut axum::extract::Multipart,
    limit: usize,
) -> Result<(String, Vec<u8>), &'static str> {
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Ok(Some(mut field)) = multipart.next_field().await {
        if field.name() != Some("file") {
            continue;
        }
        let name: String = field
            .file_name()
            .unwrap_or_default()
            .chars()
            .take(120)
            .collect();
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) if bytes.len() + chunk.len() <= limit => {
                    bytes.extend_from_slice(&chunk)
                }
                Ok(Some(_)) => return Err("too-big"),
                Ok(None) => break,
                Err(_) => return Err("no-file"),
            }
        }
        file = Some((name, bytes));
    }
    file.filter(|(_, b)| !b.is_empty()).ok_or("no-file")
}

/// A calendar file of one or more years, checked whole like the form (every wrong line of every
/// year reported, nothing stored), then stored, audited, and used at once.
pub async fn import_calendar(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
    headers: axum::http::HeaderMap,
    mut multipart: axum::extract::Multipart,
) -> Response {
    use crate::services::calendar::{self, SaveError, MAX_IMPORT};
    use app::engine::calendar::NoticeField;
    const PAGE: &str = "/staff/calendar";
    // Decided before the file is read.
    if let Err(denied) = caller.may_manage_calendar() {
        return refused(denied, PAGE);
    }
    let (name, bytes) = match uploaded_file(&mut multipart, MAX_IMPORT).await {
        Ok(file) => file,
        Err(code) => return see_other(&format!("{PAGE}?import={code}#import"), &[]),
    };
    let notices = match calendar::read_import(&bytes) {
        Ok(notices) => notices,
        Err(problems) => {
            let lang = app::i18n::Lang::from_cookie(
                crate::auth::session::read_cookie(&headers, "lang").as_deref(),
            );
            let lines: Vec<String> = problems
                .iter()
                .map(|p| {
                    let year = if p.year.is_empty() {
                        String::new()
                    } else {
                        lang.pick(format!("{}年", p.year), format!("{}, ", p.year))
                    };
                    let field = match p.error.map(|e| e.field) {
                        Some(NoticeField::Holidays) => lang.pick("放假：", "holidays: "),
                        Some(NoticeField::Workdays) => {
                            lang.pick("调休上班：", "make-up working days: ")
                        }
                        Some(NoticeField::Year) => lang.pick("年度：", "year: "),
                        None => "",
                    };
                    format!("{year}{field}{}", lang.of(&p.message))
                })
                .collect();
            return refused_file(
                lang,
                &name,
                app::engine::Text::new("工作日历", "the calendar"),
                &lines,
                (
                    &format!("{PAGE}#import"),
                    lang.pick("返回工作日历", "Back to the calendar"),
                ),
            );
        }
    };
    match calendar::import(
        &backend,
        &caller,
        &notices,
        &name,
        crate::clock::now_millis(),
    )
    .await
    {
        Ok(years) => {
            let years: Vec<String> = years.iter().map(ToString::to_string).collect();
            see_other(&format!("{PAGE}?imported={}", years.join(",")), &[])
        }
        Err(SaveError::Denied(denied)) => refused(denied, PAGE),
        Err(_) => see_other(&format!("{PAGE}?import=storage#import"), &[]),
    }
}

/// The catalog editors' draft, by plain form posts (no JavaScript needed): start it, change an
/// item, publish it as a new version, or discard it. Each answers with a redirect to the catalog
/// page, saying what happened or what to correct beside the input.
const CATALOG_PAGE: &str = "/staff/catalog";

fn after_catalog_edit(
    result: Result<(), crate::services::catalog_edit::EditRefused>,
    done: &str,
) -> Response {
    use crate::services::catalog_edit::EditRefused;
    match result {
        Ok(()) => see_other(&format!("{CATALOG_PAGE}?{done}"), &[]),
        Err(EditRefused::Denied(denied)) => refused(denied, CATALOG_PAGE),
        Err(EditRefused::NoDraft) => {
            see_other(&format!("{CATALOG_PAGE}?error=no-draft#draft"), &[])
        }
        Err(EditRefused::Problems(n)) => see_other(
            &format!("{CATALOG_PAGE}?error=problems&count={n}#problems"),
            &[],
        ),
        Err(EditRefused::VersionName) => {
            see_other(&format!("{CATALOG_PAGE}?error=version-name#publish"), &[])
        }
        Err(EditRefused::Conflict) => {
            see_other(&format!("{CATALOG_PAGE}?error=conflict#draft"), &[])
        }
        Err(EditRefused::Item(_) | EditRefused::Storage(_)) => {
            see_other(&format!("{CATALOG_PAGE}?error=storage#draft"), &[])
        }
    }
}

pub async fn start_catalog_draft(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
) -> Response {
    let result =
        crate::services::catalog_edit::start(&backend, &caller, crate::clock::now_millis()).await;
    after_catalog_edit(result, "started=1#draft")
}

pub async fn discard_catalog_draft(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
) -> Response {
    let result =
        crate::services::catalog_edit::discard(&backend, &caller, crate::clock::now_millis()).await;
    after_catalog_edit(result, "discarded=1")
}

#[derive(serde::Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    version: String,
}

pub async fn publish_catalog_draft(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
    Form(form): Form<PublishForm>,
) -> Response {
    let result = crate::services::catalog_edit::publish(
        &backend,
        &caller,
        &form.version,
        crate::clock::now_millis(),
    )
    .await
    .map(|_| ());
    after_catalog_edit(result, "published=1")
}

/// A change from any of the draft page's forms (its hidden `form` input says which; the item
/// form by default). A refusal goes back to that form with what was typed and every input to
/// correct.
pub async fn save_catalog_change(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    use crate::services::catalog_edit::EditRefused;
    use app::engine::catalog_edit::{EditError, EditField, EditForm};
    // An item asks for tens of materials and fields, not thousands.
    if pairs.len() > 1_000 {
        return see_other(&format!("{CATALOG_PAGE}?error=storage#draft"), &[]);
    }
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim().chars().take(500).collect::<String>())
            .unwrap_or_default()
    };
    let form = EditForm::from_code(&value("form")).unwrap_or(EditForm::Item);
    // Where the page comes back to: the item (and field) being edited, and the form.
    let mut place = String::new();
    if matches!(form, EditForm::Item | EditForm::FieldUse) {
        place.push_str(&format!("item={}&", encode(&value("item"))));
    }
    if form == EditForm::FieldUse {
        place.push_str(&format!("use={}&", encode(&value("use"))));
    }
    match crate::services::catalog_edit::save_change(
        &backend,
        &caller,
        form,
        &pairs,
        crate::clock::now_millis(),
    )
    .await
    {
        Err(EditRefused::Item(EditError::Invalid(problems))) => {
            let errors = problems
                .iter()
                .map(|(f, p)| format!("{}:{}", f.code(), p.code()))
                .collect::<Vec<_>>()
                .join(",");
            // What was typed and chosen comes back with every input to correct.
            // A name given several times (ticked boxes) comes back once, its values joined.
            let mut typed_values: Vec<(&str, Vec<String>)> = Vec::new();
            for (name, v) in &pairs {
                if !EditField::from_code(name).is_some_and(|f| f.form() == form) {
                    continue;
                }
                let v: String = v.chars().take(500).collect();
                match typed_values.iter_mut().find(|(n, _)| n == name) {
                    Some((_, values)) => values.push(v),
                    None => typed_values.push((name, vec![v])),
                }
            }
            let typed: String = typed_values
                .iter()
                .map(|(name, values)| format!("&{name}={}", encode(&values.join(","))))
                .collect();
            let keeps = pairs
                .iter()
                .filter(|(name, _)| {
                    ["material:", "field:", "rule:"]
                        .iter()
                        .any(|prefix| name.starts_with(prefix))
                })
                .map(|(name, v)| format!("{name}:{v}"))
                .collect::<Vec<_>>()
                .join(",");
            see_other(
                &format!(
                    "{CATALOG_PAGE}?{place}form={}&errors={errors}{typed}&keeps={}#{}",
                    form.code(),
                    encode(&keeps),
                    form.anchor()
                ),
                &[],
            )
        }
        Err(EditRefused::Item(EditError::UnknownItem)) => {
            see_other(&format!("{CATALOG_PAGE}?error=no-item#draft"), &[])
        }
        other => after_catalog_edit(
            other,
            &format!(
                "{place}saved=1#{}",
                match form {
                    EditForm::Item | EditForm::FieldUse => form.anchor(),
                    EditForm::NewMaterial | EditForm::NewField => "definitions",
                }
            ),
        ),
    }
}

/// A whole catalog uploaded as the draft (a workbook or JSON), checked completely before
/// anything is stored. A refused file gets a page of every problem by sheet, row and column, in
/// the reader's language; a usable one replaces the draft.
pub async fn upload_catalog_draft(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(caller): Extension<Caller>,
    headers: axum::http::HeaderMap,
    mut multipart: axum::extract::Multipart,
) -> Response {
    use crate::services::catalog_edit::{self, EditRefused, MAX_UPLOAD};
    // Decided before the file is read.
    let who = match catalog_edit::editor(&caller) {
        Ok(who) => who,
        Err(EditRefused::Denied(denied)) => return refused(denied, CATALOG_PAGE),
        Err(_) => return forbidden(),
    };
    let (name, bytes) = match uploaded_file(&mut multipart, MAX_UPLOAD).await {
        Ok(file) => file,
        Err(code) => return see_other(&format!("{CATALOG_PAGE}?error={code}#upload"), &[]),
    };
    let checked = if name.to_ascii_lowercase().ends_with(".json") {
        match std::str::from_utf8(&bytes) {
            Ok(text) => crate::workbook::import_json(text),
            Err(_) => Err(vec![crate::workbook::ImportError {
                sheet: "JSON".into(),
                row: 0,
                column: String::new(),
                problem: app::engine::Text::new(
                    "文件不是 UTF-8 文本。",
                    "The file is not UTF-8 text.",
                ),
            }]),
        }
    } else {
        crate::workbook::import(&bytes)
    };
    let catalog = match checked {
        Ok(catalog) => catalog,
        Err(errors) => {
            let lang = app::i18n::Lang::from_cookie(
                crate::auth::session::read_cookie(&headers, "lang").as_deref(),
            );
            let lines: Vec<String> = errors
                .iter()
                .map(|e| lang.of(&e.as_text()).to_string())
                .collect();
            return refused_file(
                lang,
                &name,
                app::engine::Text::new("草稿", "the draft"),
                &lines,
                (
                    &format!("{CATALOG_PAGE}#upload"),
                    lang.pick("返回事项清单", "Back to the catalog"),
                ),
            );
        }
    };
    let body = crate::workbook::export_json(&catalog);
    match catalog_edit::store_draft(&backend, &body, &name, &who, crate::clock::now_millis()).await
    {
        Ok(items) => see_other(&format!("{CATALOG_PAGE}?uploaded={items}#draft"), &[]),
        Err(_) => see_other(&format!("{CATALOG_PAGE}?error=storage#upload"), &[]),
    }
}

/// A refused file's page (422): every problem, one per line, and that `unchanged` is as it was
/// — nothing was stored.
fn refused_file(
    lang: app::i18n::Lang,
    file: &str,
    unchanged: app::engine::Text,
    lines: &[String],
    back: (&str, &str),
) -> Response {
    use app::pages::dashboard::escape;
    let heading = lang.pick(
        format!("未导入：发现{}个问题", lines.len()),
        format!("Not imported: {} problem(s) found", lines.len()),
    );
    let intro = lang.pick(
        format!(
            "{file}：{}未改变，没有保存任何内容。请改正下列问题后重新上传。",
            unchanged.zh
        ),
        format!(
            "{file}: {} is unchanged; nothing was stored. Correct these and upload it again.",
            unchanged.en
        ),
    );
    let heading = escape(&heading);
    let items: String = lines
        .iter()
        .map(|line| format!("<li>{}</li>", escape(line)))
        .collect();
    let page = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{heading}</title></head><body><main><h1>{heading}</h1><p>{}</p>\
         <ol data-testid=\"upload-problems\">{items}</ol>\
         <p><a href=\"{}\">{}</a></p></main></body></html>",
        lang.tag(),
        escape(&intro),
        escape(back.0),
        escape(back.1),
    );
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}
