#![recursion_limit = "256"]
//! Bad input never crashes the server or stores half a thing: oversized and malformed bodies,
//! invalid UTF-8, wrong types, ten thousand items, unknown ids, and random multipart bodies, all
//! over real HTTP. After each, the server still answers and nothing was stored.

mod helpers;

use helpers::*;
use proptest::prelude::*;

async fn post_raw(app: &TestApp, path: &str, content_type: &str, body: Vec<u8>) -> u16 {
    app.browser()
        .post(format!("{}{path}", app.base))
        .header("Content-Type", content_type)
        .body(body)
        .send()
        .await
        .expect("the server answers")
        .status()
        .as_u16()
}

async fn still_healthy_and_nothing_stored(app: &TestApp) {
    assert_eq!(app.get_as("/healthz", None).await.status(), 200);
    app.assert_nothing_stored(Backend::Sqlite).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM uploads").await, 0);
}

const FORM: &str = "application/x-www-form-urlencoded";

#[tokio::test]
async fn malformed_posts_to_server_functions_get_an_answer_not_a_crash() {
    let app = spawn_app(Backend::Sqlite).await;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "/api/save_answers",
            b"items=%FF%FE&answers[name]=%C3".to_vec(),
        ),
        (
            "/api/save_answers",
            b"items=unemployment_registration&answers=not-a-map".to_vec(),
        ),
        ("/api/save_answers", b"\xff\xfe\x00garbage".to_vec()),
        (
            "/api/save_answers",
            b"answers[name][deep][deeper]=x&items[]=1".to_vec(),
        ),
        (
            "/api/submit_application",
            b"draft=%00&idempotency_key=%FF".to_vec(),
        ),
        (
            "/api/submit_application",
            format!("draft=x&idempotency_key={}", "k".repeat(100_000)).into_bytes(),
        ),
        ("/api/bundle_context", b"items[0]=&items[1]=%00".to_vec()),
        ("/api/receipt", b"number=%FF".to_vec()),
        ("/api/track_application", b"number[]=1".to_vec()),
        ("/api/department_queue", b"".to_vec()),
        ("/sign-in/code", b"phone=%FF%FF".to_vec()),
        ("/sign-in/verify", b"code=\xff".to_vec()),
        ("/staff/sign-in", b"username=%00&password=".to_vec()),
        ("/resume", b"code=%FF%FE%FD".to_vec()),
    ];
    for (path, body) in cases {
        let status = post_raw(&app, path, FORM, body).await;
        assert!(status < 500, "{path}: {status}");
    }
    // Arguments that cannot be what the function takes: the caller's mistake, 400.
    let status = post_raw(&app, "/api/track_application", FORM, b"number[]=1".to_vec()).await;
    assert_eq!(status, 400);
    still_healthy_and_nothing_stored(&app).await;
    // (A post whose arguments do parse — items and a missing map — is kept as a draft with the
    // verdict, as the no-JavaScript round trip needs; nothing was submitted.)
}

#[tokio::test]
async fn ten_thousand_items_in_one_selection_are_refused_at_the_edge_with_a_message() {
    let app = spawn_app(Backend::Sqlite).await;
    let items: Vec<String> = (0..10_000).map(|i| format!("item_{i}")).collect();
    let reply = app
        .browser()
        .post(format!("{}/api/save_answers", app.base))
        .form(&[("items", items.join(",")), ("intent", "continue".into())])
        .send()
        .await
        .expect("reply");
    let status = reply.status().as_u16();
    let body = reply.text().await.expect("body");
    assert!(
        status < 500 || body.contains("一次最多选择"),
        "{status}: {body}"
    );
    assert!(body.contains("一次最多选择100个事项"), "{body}");
    let form: Vec<(String, String)> = items
        .iter()
        .enumerate()
        .map(|(i, id)| (format!("items[{i}]"), id.clone()))
        .collect();
    let reply = app
        .browser()
        .post(format!("{}/api/bundle_context", app.base))
        .form(&form)
        .send()
        .await
        .expect("reply");
    assert!(reply
        .text()
        .await
        .expect("body")
        .contains("一次最多选择100个事项"));
    // Unknown ids: the item is named.
    let reply = app
        .browser()
        .post(format!("{}/api/bundle_context", app.base))
        .form(&[("items[0]", "no_such_item")])
        .send()
        .await
        .expect("reply");
    assert!(reply.text().await.expect("body").contains("no_such_item"));
    still_healthy_and_nothing_stored(&app).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM drafts").await, 0);
}

#[tokio::test]
async fn nonsense_in_a_catalog_browse_is_read_as_the_nearest_sense_and_too_many_chosen_are_refused()
{
    let app = spawn_app(Backend::Sqlite).await;
    async fn get(app: &TestApp, query: String) -> (u16, Vec<u8>) {
        let url = format!("{}/api/browse?{query}", app.base);
        let reply = app.browser().get(url).send().await.expect("answers");
        let status = reply.status().as_u16();
        (status, reply.bytes().await.unwrap_or_default().to_vec())
    }
    // An unknown mode, a page that is not a number, a group nobody has, invalid UTF-8, and a
    // search far longer than anyone types: each an ordinary screen, not an error.
    for query in [
        "by=everything&page=-5".to_string(),
        "page=99999999999999999999".to_string(),
        "group=no_such_group&page=3".to_string(),
        "q=%FF%FE%C3".to_string(),
        format!("q={}", "%E5%87%BA".repeat(5_000)),
    ] {
        let (status, body) = get(&app, query.clone()).await;
        assert_eq!(status, 200, "{query}");
        assert!(!body.is_empty(), "{query}");
    }
    // More chosen items than any bundle: refused with a message, in the reader's language.
    let chosen: Vec<String> = (0..101).map(|n| format!("chosen[{n}]=item_{n}")).collect();
    let (status, body) = get(&app, chosen.join("&")).await;
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("一次最多选择"));
    still_healthy_and_nothing_stored(&app).await;
}

#[tokio::test]
async fn nonsense_asked_of_the_picker_gets_an_ordinary_screen_and_too_many_ticks_are_refused() {
    let app = spawn_app(Backend::Sqlite).await;
    async fn get(app: &TestApp, query: String) -> (u16, String) {
        let url = format!("{}/picker?{query}", app.base);
        let reply = app.browser().get(url).send().await.expect("answers");
        let status = reply.status().as_u16();
        (status, reply.text().await.unwrap_or_default())
    }
    for query in [
        "for=apply&by=everything&page=-5".to_string(),
        "for=apply&view=package&open=x&page=99999999999999999999".to_string(),
        "for=preview&group=no_such_group&page=3".to_string(),
        "for=apply&q=%FF%FE%C3".to_string(),
        format!("for=apply&q={}", "%E5%87%BA".repeat(5_000)),
        "for=apply&items=no_such_item&items=%3Cscript%3E".to_string(),
    ] {
        let (status, body) = get(&app, query.clone()).await;
        assert_eq!(status, 200, "{query}");
        assert!(body.contains(r#"data-region="screen""#), "{query}");
        assert!(!body.contains("<script"), "{query}");
    }
    // A picker that does not exist, or none named.
    assert_eq!(get(&app, "for=other".into()).await.0, 404);
    assert_eq!(get(&app, "q=x".into()).await.0, 404);
    // More ticks than any bundle: refused with a message.
    let chosen: Vec<String> = (0..101).map(|n| format!("items=item_{n}")).collect();
    let (status, body) = get(&app, format!("for=apply&{}", chosen.join("&"))).await;
    assert_eq!(status, 400);
    assert!(body.contains("一次最多选择"), "{body}");
    still_healthy_and_nothing_stored(&app).await;
}

#[tokio::test]
async fn a_catalog_download_of_a_file_that_is_not_offered_is_not_found() {
    let app = spawn_app(Backend::Sqlite).await;
    let editor = app.staff("editor1", "catalog_editor", None).await;
    for path in [
        "/staff/catalog/catalog.exe",
        "/staff/catalog/..%2Fcatalog.json",
    ] {
        let reply = app.get_as(path, Some(&editor)).await;
        assert_eq!(reply.status(), 404, "{path}");
    }
    assert_eq!(
        app.get_as("/staff/catalog/catalog.json", Some(&editor))
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn an_oversized_body_is_refused_without_storing_anything() {
    let app = spawn_app(Backend::Sqlite).await;
    let big = format!(
        "items=unemployment_registration&answers[name]={}",
        "名".repeat(3_000_000)
    );
    let status = post_raw(&app, "/api/save_answers", FORM, big.into_bytes()).await;
    assert!((400..500).contains(&status), "{status}");
    still_healthy_and_nothing_stored(&app).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM drafts").await, 0);
}

#[tokio::test]
async fn malformed_multipart_uploads_are_answered_and_store_nothing() {
    let app = spawn_app(Backend::Sqlite).await;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("multipart/form-data", b"no boundary at all".to_vec()),
        ("multipart/form-data; boundary=X", b"--X\r\nContent-Disposition: form-data; name=\"draft\"\r\n\r\n".to_vec()),
        ("multipart/form-data; boundary=X", b"--X\r\nContent-Disposition: form-data; name=\"material:id_card\"; filename=\"a.png\"\r\n\r\n\x89PNG\r\n--X--\r\n".to_vec()),
        ("multipart/form-data; boundary=X", b"--X\r\n\xff\xfe\r\n\r\n--X--".to_vec()),
        ("multipart/form-data; boundary=X", vec![0u8; 4096]),
        ("text/plain", b"draft=x".to_vec()),
    ];
    for (content_type, body) in cases {
        let status = post_raw(&app, "/apply/materials", content_type, body).await;
        assert!(status < 500, "{content_type}: {status}");
    }
    still_healthy_and_nothing_stored(&app).await;
}

proptest! {
    // No regression file: this test lives outside a crate root, where proptest cannot keep one.
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever bytes arrive as a multipart body — under a real boundary, with parts named like
    /// the materials form's — the upload handler answers and stores nothing for a stranger.
    #[test]
    fn the_upload_handler_never_panics_on_any_multipart_body(
        parts in proptest::collection::vec(
            (prop_oneof![Just("draft"), Just("intent"), Just("material:id_card"), Just("material:x"), Just("\u{0}")],
             proptest::collection::vec(any::<u8>(), 0..200)),
            0..5),
        tail in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(async {
            let app = spawn_app(Backend::Sqlite).await;
            let mut body = Vec::new();
            for (name, bytes) in &parts {
                body.extend_from_slice(b"--B\r\nContent-Disposition: form-data; name=\"");
                body.extend_from_slice(name.as_bytes());
                body.extend_from_slice(b"\"; filename=\"f.png\"\r\n\r\n");
                body.extend_from_slice(bytes);
                body.extend_from_slice(b"\r\n");
            }
            body.extend_from_slice(&tail);
            let status = post_raw(&app, "/apply/materials", "multipart/form-data; boundary=B", body).await;
            assert!(status < 500, "{status}");
            still_healthy_and_nothing_stored(&app).await;
        });
    }
}

#[tokio::test]
async fn nonsense_sent_to_the_catalog_draft_is_answered_and_changes_nothing() {
    let app = spawn_app(Backend::Sqlite).await;
    let editor = app.staff("editor9", "catalog_editor", None).await;
    let send = |path: &'static str, content_type: &'static str, body: Vec<u8>| {
        app.browser()
            .post(format!("{}{path}", app.base))
            .header("Cookie", editor.clone())
            .header("Content-Type", content_type)
            .body(body)
            .send()
    };
    assert_eq!(
        send("/staff/catalog/draft/start", FORM, Vec::new())
            .await
            .expect("start")
            .status(),
        303
    );
    let draft = || async {
        sqlx::query_scalar::<_, String>("SELECT body FROM catalog_draft WHERE id = 1")
            .fetch_one(&app.db.pool)
            .await
            .expect("the draft")
    };
    let before = draft().await;
    let many: String = (0..5_000)
        .map(|n| format!("material:m{n}=remove&"))
        .collect();
    let cases: Vec<(&'static str, &'static str, Vec<u8>)> = vec![
        ("/staff/catalog/draft/change", FORM, b"item=work_injury_rehab&name_zh=\xff\xfe&committed_days=\xff".to_vec()),
        ("/staff/catalog/draft/change", FORM, b"item=work_injury_rehab&name_zh=a&name_en=a&department=hrss&committed_days=99999999999999999999".to_vec()),
        ("/staff/catalog/draft/change", FORM, format!("item=work_injury_rehab&{many}").into_bytes()),
        ("/staff/catalog/draft/change", FORM, format!("item={}", "x".repeat(5_000)).into_bytes()),
        ("/staff/catalog/draft/change", "text/plain", b"item=work_injury_rehab".to_vec()),
        ("/staff/catalog/draft/change", FORM, b"form=use&item=work_injury_rehab&use=employer_name&min_len=99999999999999999999&max=NaN".to_vec()),
        ("/staff/catalog/draft/change", FORM, b"form=use&item=work_injury_rehab&use=../../etc&min_len=1".to_vec()),
        ("/staff/catalog/draft/change", FORM, b"form=material&material_key=%F0%9F%92%A3&material_name_zh=\xff&material_name_en=x".to_vec()),
        ("/staff/catalog/draft/change", FORM, format!("form=field&field_key={}&field_label_zh=a&field_label_en=a&field_section=applicant&field_kind=text", "k".repeat(5_000)).into_bytes()),
        ("/staff/catalog/draft/change", FORM, b"form=field&field_key=ok_key&field_label_zh=a&field_label_en=a&field_section=applicant&field_kind=select".to_vec()),
        ("/staff/catalog/draft/change", FORM, b"form=nonsense&item=work_injury_rehab".to_vec()),
        ("/staff/catalog/draft/publish", FORM, format!("version={}", "9".repeat(5_000)).into_bytes()),
        ("/staff/catalog/draft/publish", FORM, b"version=..%2F..%2Fetc%00".to_vec()),
        ("/staff/catalog/draft/upload", "multipart/form-data", b"no boundary at all".to_vec()),
        ("/staff/catalog/draft/upload", "multipart/form-data; boundary=X", b"--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.xlsx\"\r\n\r\nPK\x03\x04 not a workbook\r\n--X--\r\n".to_vec()),
        ("/staff/catalog/draft/upload", "multipart/form-data; boundary=X", vec![0u8; 17 * 1024 * 1024]),
    ];
    for (path, content_type, body) in cases {
        let status = send(path, content_type, body)
            .await
            .expect("the server answers")
            .status()
            .as_u16();
        assert!(status < 500, "{path} {content_type}: {status}");
        assert_eq!(draft().await, before, "{path}: the draft is unchanged");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM catalog_versions").await, 1);
    assert_eq!(app.get_as("/healthz", None).await.status(), 200);
}
