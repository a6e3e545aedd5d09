#![recursion_limit = "256"]
//! The catalog kept by staff as versions, over real HTTP on SQLite and PostgreSQL: a catalog
//! editor starts a draft, changes an item, previews it, publishes it as a new version; the
//! server uses it at once, applications already submitted keep theirs, a citizen's draft saved
//! under the old version is recomposed with a notice, and everyone else is refused.

mod helpers;

use app::api::SubmitOutcome;
use helpers::*;

async fn post(app: &TestApp, cookie: &str, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let response = app
        .browser()
        .post(format!("{}{path}", app.base))
        .header("Cookie", cookie)
        .form(form)
        .send()
        .await
        .expect("post");
    (response.status().as_u16(), location_if_any(&response))
}

/// The item form as the page sends it, with the rehabilitation item's committed days changed.
fn rehab_in(days: &str) -> Vec<(&'static str, String)> {
    vec![
        ("item", "work_injury_rehab".into()),
        ("name_zh", "工伤康复待遇申请".into()),
        ("name_en", "Work-injury rehabilitation benefits".into()),
        ("department", "hrss".into()),
        ("committed_days", days.into()),
        ("statutory_days", String::new()),
    ]
}

async fn save_item(app: &TestApp, cookie: &str, form: &[(&'static str, String)]) -> (u16, String) {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    post(app, cookie, "/staff/catalog/draft/change", &form).await
}

/// A page as its HTML, for a caller.
async fn page(app: &TestApp, path: &str, cookie: Option<&str>) -> String {
    app.get_as(path, cookie).await.text().await.expect("page")
}

async fn draft_body(app: &TestApp) -> Option<String> {
    sqlx::query_scalar("SELECT body FROM catalog_draft WHERE id = 1")
        .fetch_optional(&app.db.pool)
        .await
        .expect("draft")
}

async fn part_days(app: &TestApp, number: &str, item: &str) -> i64 {
    let part = part_of(app, number, item).await;
    sqlx::query_scalar("SELECT committed_days FROM parts WHERE id = $1")
        .bind(&part)
        .fetch_one(&app.db.pool)
        .await
        .expect("part")
}

async fn catalog_hash_of(app: &TestApp, number: &str) -> String {
    sqlx::query_scalar("SELECT catalog_hash FROM applications WHERE number = $1")
        .bind(number)
        .fetch_one(&app.db.pool)
        .await
        .expect("application")
}

async fn accepted(app: &TestApp, key: &str) -> String {
    let (outcome, _) = app
        .submit_as(&WORK_INJURY_SET, &work_injury_answers(), key)
        .await;
    match outcome {
        SubmitOutcome::Accepted { number } => number,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_editor_publishes_new_committed_days_and_only_later_applications_use_them() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let before = accepted(&app, "key-versions-0001").await;
        assert_eq!(part_days(&app, &before, "work_injury_rehab").await, 7);
        let editor = app.staff("editor1", "catalog_editor", None).await;

        let (status, to) = post(&app, &editor, "/staff/catalog/draft/start", &[]).await;
        assert_eq!(
            (status, to.as_str()),
            (303, "/staff/catalog?started=1#draft")
        );
        let (status, to) = save_item(&app, &editor, &rehab_in("4")).await;
        assert_eq!(status, 303, "{backend:?}");
        assert!(to.contains("saved=1"), "{backend:?}: {to}");
        // Saved in the draft only: the catalog in use is unchanged until it is published.
        assert_eq!(
            app.backend
                .catalog()
                .item("work_injury_rehab")
                .map(|i| i.committed_days),
            Some(7)
        );
        let html = page(&app, "/staff/catalog", Some(&editor)).await;
        assert!(
            html.contains("承诺办结时限由7个工作日改为4个工作日"),
            "{backend:?}: the change is listed against the version in use"
        );

        let (status, to) = post(
            &app,
            &editor,
            "/staff/catalog/draft/publish",
            &[("version", "2026.12.1")],
        )
        .await;
        assert_eq!(
            (status, to.as_str()),
            (303, "/staff/catalog?published=1"),
            "{backend:?}"
        );
        assert_eq!(
            app.backend.catalog().version,
            "2026.12.1",
            "{backend:?}: in use at once"
        );
        assert_eq!(
            app.backend
                .catalog()
                .item("work_injury_rehab")
                .map(|i| i.committed_days),
            Some(4)
        );
        assert_eq!(
            draft_body(&app).await,
            None,
            "{backend:?}: the draft became the version"
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM catalog_versions").await, 2);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'catalog_publish'")
                .await,
            1,
            "{backend:?}: publication is audited"
        );

        let after = accepted(&app, "key-versions-0002").await;
        assert_eq!(
            part_days(&app, &after, "work_injury_rehab").await,
            4,
            "{backend:?}"
        );
        assert_eq!(
            part_days(&app, &before, "work_injury_rehab").await,
            7,
            "{backend:?}: kept"
        );
        let (old, new) = (
            catalog_hash_of(&app, &before).await,
            catalog_hash_of(&app, &after).await,
        );
        assert_ne!(
            old, new,
            "{backend:?}: each application keeps the version it was made under"
        );
        assert_eq!(
            old,
            server::catalog_store::content_hash(server::config::SEED_CATALOG)
        );

        // A restart on the same database stays on what the editor published: the seed does not
        // come back over it.
        let seed = server::catalog_store::Source::Seed(server::config::SEED_CATALOG);
        let reloaded = server::catalog_store::load(&app.db, seed, 3)
            .await
            .expect("reload");
        assert_eq!(reloaded.catalog.version, "2026.12.1", "{backend:?}");
    }
}

#[tokio::test]
async fn a_citizens_draft_from_the_old_version_is_recomposed_with_a_notice_of_what_changed() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let citizen = app.open_session().await;
        let SubmitOutcome::Saved { draft } = app
            .save_answers_as(&WORK_INJURY_SET, &work_injury_answers(), Some(&citizen))
            .await
        else {
            panic!("saved")
        };
        let editor = app.staff("editor2", "catalog_editor", None).await;
        post(&app, &editor, "/staff/catalog/draft/start", &[]).await;
        save_item(&app, &editor, &rehab_in("5")).await;
        post(
            &app,
            &editor,
            "/staff/catalog/draft/publish",
            &[("version", "2026.12.2")],
        )
        .await;

        let path = format!("/apply?draft={draft}");
        let html = page(&app, &path, Some(&citizen)).await;
        assert!(
            html.contains("data-testid=\"catalog-changes\""),
            "{backend:?}: the notice"
        );
        assert!(
            html.contains("承诺办结时限由7个工作日改为5个工作日"),
            "{backend:?}: what changed, for an item of theirs"
        );
        // Saved again under the new version, the notice has been given.
        let SubmitOutcome::Saved { draft } = app
            .save_answers_as(&WORK_INJURY_SET, &work_injury_answers(), Some(&citizen))
            .await
        else {
            panic!("saved again")
        };
        let path = format!("/apply?draft={draft}");
        let made_under: Option<String> =
            sqlx::query_scalar("SELECT catalog_hash FROM drafts WHERE token = $1")
                .bind(&draft)
                .fetch_one(&app.db.pool)
                .await
                .expect("draft");
        assert_eq!(
            made_under.as_deref(),
            Some(app.backend.in_use().hash.as_str()),
            "{backend:?}"
        );
        let html = page(&app, &path, Some(&citizen)).await;
        assert!(
            !html.contains("data-testid=\"catalog-changes\""),
            "{backend:?}: told once"
        );
    }
}

#[tokio::test]
async fn a_refused_item_change_names_each_input_and_stores_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let editor = app.staff("editor3", "catalog_editor", None).await;
        post(&app, &editor, "/staff/catalog/draft/start", &[]).await;
        let stored = draft_body(&app).await;
        let mut form = rehab_in("0");
        form[1].1 = " ".into();
        form[3].1 = "nowhere".into();
        let (status, to) = save_item(&app, &editor, &form).await;
        assert_eq!(status, 303);
        assert!(
            to.contains(
                "errors=name_zh:empty,department:unknown-department,committed_days:not-days"
            ),
            "{backend:?}: {to}"
        );
        assert_eq!(
            draft_body(&app).await,
            stored,
            "{backend:?}: the draft is unchanged"
        );
        let html = page(&app, &to, Some(&editor)).await;
        assert!(
            html.contains("请填写1至250之间的整数"),
            "{backend:?}: the message beside the input"
        );
        // A version name already used is refused, and the draft stays a draft.
        let (_, to) = post(
            &app,
            &editor,
            "/staff/catalog/draft/publish",
            &[("version", "2026.11.1")],
        )
        .await;
        assert_eq!(
            to, "/staff/catalog?error=version-name#publish",
            "{backend:?}"
        );
        assert!(draft_body(&app).await.is_some());
        assert_eq!(app.count("SELECT COUNT(*) FROM catalog_versions").await, 1);
    }
}

#[tokio::test]
async fn only_catalog_editors_and_administrators_change_or_preview_the_draft() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let editor = app.staff("editor4", "catalog_editor", None).await;
        post(&app, &editor, "/staff/catalog/draft/start", &[]).await;
        let stored = draft_body(&app).await;
        let reviewer = app.staff("rev4", "reviewer", Some("hrss")).await;
        let citizen = app.sign_in_demo("li-ming").await;
        for cookie in [reviewer.as_str(), citizen.as_str()] {
            for (path, form) in [
                ("/staff/catalog/draft/change", rehab_in("1")),
                (
                    "/staff/catalog/draft/publish",
                    vec![("version", "x".to_string())],
                ),
                ("/staff/catalog/draft/discard", vec![]),
            ] {
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let (status, _) = post(&app, cookie, path, &form).await;
                assert!(
                    status == 403 || status == 303,
                    "{backend:?} {path}: {status}"
                );
            }
            // The draft preview is the editors' too: composed on the draft, shown to no one else.
            let preview = page(
                &app,
                "/apply?items=work_injury_rehab&catalog=draft",
                Some(cookie),
            )
            .await;
            assert!(
                !preview.contains("data-testid=\"catalog-preview\""),
                "{backend:?}"
            );
        }
        assert_eq!(draft_body(&app).await, stored, "{backend:?}: untouched");
        assert_eq!(app.count("SELECT COUNT(*) FROM catalog_versions").await, 1);
        let preview = page(
            &app,
            "/apply?items=work_injury_rehab&catalog=draft",
            Some(&editor),
        )
        .await;
        assert!(
            preview.contains("data-testid=\"catalog-preview\""),
            "{backend:?}"
        );
    }
}

async fn upload(app: &TestApp, cookie: &str, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    app.browser()
        .post(format!("{}/staff/catalog/draft/upload", app.base))
        .header("Cookie", cookie)
        .multipart(form)
        .send()
        .await
        .expect("upload")
}

#[tokio::test]
async fn an_uploaded_workbook_with_a_broken_reference_is_reported_by_place_and_stores_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let editor = app.staff("editor5", "catalog_editor", None).await;
        let mut catalog = (*app.backend.catalog()).clone();
        catalog.items[3].department = "no_such_department".into();
        let bytes = server::workbook::export(&catalog).expect("exports");
        let refused = upload(&app, &editor, "edited.xlsx", bytes).await;
        assert_eq!(refused.status(), 422, "{backend:?}");
        let html = refused.text().await.expect("page");
        assert!(
            html.contains("data-testid=\"upload-problems\""),
            "{backend:?}"
        );
        assert!(
            html.contains("第5行"),
            "{backend:?}: the row, as Excel numbers it: {html}"
        );
        assert!(html.contains("no_such_department"), "{backend:?}: {html}");
        assert_eq!(draft_body(&app).await, None, "{backend:?}: nothing stored");

        // The same workbook put right becomes the draft, and the change is listed.
        catalog.items[3].department = app.backend.catalog().items[3].department.clone();
        catalog.items[3].committed_days += 1;
        let bytes = server::workbook::export(&catalog).expect("exports");
        let stored = upload(&app, &editor, "edited.xlsx", bytes).await;
        assert_eq!(stored.status(), 303, "{backend:?}");
        assert!(location(&stored).contains("uploaded="), "{backend:?}");
        assert!(draft_body(&app).await.is_some(), "{backend:?}");
        let html = page(&app, "/staff/catalog", Some(&editor)).await;
        let name = &catalog.items[3].name.zh;
        assert!(
            html.contains(&format!("“{name}”承诺办结时限由")),
            "{backend:?}"
        );
        // A reviewer's upload is refused before the file is read.
        let reviewer = app.staff("rev5", "reviewer", Some("hrss")).await;
        let denied = upload(&app, &reviewer, "x.json", b"{}".to_vec()).await;
        assert_eq!(denied.status(), 403, "{backend:?}");
    }
}

#[tokio::test]
async fn an_editor_changes_which_materials_and_fields_an_item_asks_for_and_the_next_form_follows() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let editor = app.staff("editor6", "catalog_editor", None).await;
        post(&app, &editor, "/staff/catalog/draft/start", &[]).await;
        let catalog = app.backend.catalog();
        let rehab = catalog.item("work_injury_rehab").expect("item").clone();
        let relaxed = rehab.materials[0].key.clone();
        let added = catalog
            .materials
            .iter()
            .find(|m| !rehab.materials.iter().any(|u| u.key == m.key))
            .map(|m| m.key.clone())
            .expect("another material");
        let dropped = rehab
            .fields
            .iter()
            .find(|f| !f.required)
            .or(rehab.fields.last())
            .expect("a field")
            .key
            .clone();
        let form = rehab_in("7");
        let relaxed_input = format!("material:{relaxed}");
        let dropped_input = format!("field:{dropped}");
        let pairs: Vec<(&str, &str)> = form
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .chain([
                (relaxed_input.as_str(), "optional"),
                (dropped_input.as_str(), "remove"),
                ("add_material", added.as_str()),
            ])
            .collect();
        let (status, to) = post(&app, &editor, "/staff/catalog/draft/change", &pairs).await;
        assert_eq!(status, 303, "{backend:?}");
        assert!(to.contains("saved=1"), "{backend:?}: {to}");
        let html = page(&app, "/staff/catalog", Some(&editor)).await;
        let name = |key: &str| {
            catalog
                .material(key)
                .map(|m| m.name.zh.clone())
                .unwrap_or_default()
        };
        assert!(
            html.contains(&format!("新增材料“{}”", name(&added))),
            "{backend:?}"
        );
        assert!(
            html.contains(&format!("的材料“{}”改为选交", name(&relaxed))),
            "{backend:?}"
        );
        assert!(html.contains("不再需要填写"), "{backend:?}");

        // A material the catalog does not have is refused beside its input; nothing changes.
        let before = draft_body(&app).await;
        let (_, to) = post(
            &app,
            &editor,
            "/staff/catalog/draft/change",
            &[
                ("item", "work_injury_rehab"),
                ("name_zh", "工伤康复待遇申请"),
                ("name_en", "Rehab"),
                ("department", "hrss"),
                ("committed_days", "7"),
                ("add_material", "no_such_material"),
            ],
        )
        .await;
        assert!(
            to.contains("errors=add_material:not-in-catalog"),
            "{backend:?}: {to}"
        );
        assert_eq!(draft_body(&app).await, before, "{backend:?}");

        post(
            &app,
            &editor,
            "/staff/catalog/draft/publish",
            &[("version", "2026.12.6")],
        )
        .await;
        let now = app.backend.catalog();
        let item = now.item("work_injury_rehab").expect("item");
        assert!(
            item.materials
                .iter()
                .any(|m| m.key == relaxed && !m.required),
            "{backend:?}"
        );
        assert!(
            item.materials.iter().any(|m| m.key == added && m.required),
            "{backend:?}"
        );
        assert!(!item.fields.iter().any(|f| f.key == dropped), "{backend:?}");
    }
}

#[tokio::test]
async fn two_editors_changing_one_item_cannot_overwrite_each_other_unseen() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let first = app.staff("editor7", "catalog_editor", None).await;
        let second = app.staff("editor8", "catalog_editor", None).await;
        post(&app, &first, "/staff/catalog/draft/start", &[]).await;
        // Both open the item's form.
        let shown = page(&app, "/staff/catalog?item=work_injury_rehab", Some(&first)).await;
        let fingerprint = shown
            .split("name=\"fingerprint\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the form carries the item as shown")
            .to_string();
        let with = |days: &str| {
            let mut form = rehab_in(days);
            form.push(("fingerprint", fingerprint.clone()));
            form
        };
        let (_, to) = save_item(&app, &second, &with("6")).await;
        assert!(to.contains("saved=1"), "{backend:?}: {to}");
        let (_, to) = save_item(&app, &first, &with("5")).await;
        assert_eq!(to, "/staff/catalog?error=conflict#draft", "{backend:?}");
        let body = draft_body(&app).await.expect("draft");
        let draft = app::engine::Catalog::from_json(&body).expect("parses");
        assert_eq!(
            draft.item("work_injury_rehab").map(|i| i.committed_days),
            Some(6),
            "{backend:?}: the second editor's change stands"
        );
    }
}

#[tokio::test]
async fn an_editor_removes_a_prerequisite_and_adds_an_exclusion_with_its_reason() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let editor = app.staff("editor10", "catalog_editor", None).await;
        post(&app, &editor, "/staff/catalog/draft/start", &[]).await;
        let rehab = app
            .backend
            .catalog()
            .item("work_injury_rehab")
            .expect("item")
            .clone();
        let rule = app::engine::catalog_edit::rule_codes(&rehab)[0].clone();
        let mut form = rehab_in("7");
        form.push(("add_exclusion", "unemployment_benefit".into()));
        form.push(("exclusion_reason_zh", "康复期间不领取失业保险金。".into()));
        form.push((
            "exclusion_reason_en",
            "No unemployment benefit during rehabilitation.".into(),
        ));
        let rule_input = format!("rule:{rule}");
        let mut pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        pairs.push((rule_input.as_str(), "remove"));
        let (_, to) = post(&app, &editor, "/staff/catalog/draft/change", &pairs).await;
        assert!(to.contains("saved=1"), "{backend:?}: {to}");
        let html = page(&app, "/staff/catalog", Some(&editor)).await;
        assert!(html.contains("前置或互斥规则有变化"), "{backend:?}");
        // Without its reasons the exclusion is refused beside each box, and nothing changes.
        let before = draft_body(&app).await;
        let mut bare = rehab_in("7");
        bare.push(("add_exclusion", "assistive_devices".into()));
        let (_, to) = save_item(&app, &editor, &bare).await;
        assert!(
            to.contains("errors=exclusion_reason_zh:empty,exclusion_reason_en:empty"),
            "{backend:?}: {to}"
        );
        assert_eq!(draft_body(&app).await, before, "{backend:?}");

        post(
            &app,
            &editor,
            "/staff/catalog/draft/publish",
            &[("version", "2026.12.10")],
        )
        .await;
        let now = app.backend.catalog();
        let item = now.item("work_injury_rehab").expect("item");
        assert_eq!(item.requires.len(), rehab.requires.len() - 1, "{backend:?}");
        assert!(
            item.excludes
                .iter()
                .any(|e| e.item == "unemployment_benefit"
                    && e.reason.zh == "康复期间不领取失业保险金。"),
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn an_editor_makes_a_material_and_a_date_field_asks_for_them_with_limits_and_the_next_form_follows(
) {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let editor = app.staff("editor11", "catalog_editor", None).await;
        post(&app, &editor, "/staff/catalog/draft/start", &[]).await;
        let section = app.backend.catalog().sections[0].id.clone();
        let (_, to) = post(
            &app,
            &editor,
            "/staff/catalog/draft/change",
            &[
                ("form", "material"),
                ("material_key", "rehab_progress_report"),
                ("material_name_zh", "康复进展报告"),
                ("material_name_en", "Rehabilitation progress report"),
            ],
        )
        .await;
        assert!(to.contains("saved=1"), "{backend:?}: {to}");

        // A key in capitals and date rules on a text field come back beside each input, with
        // what was typed, and nothing is stored.
        let before = draft_body(&app).await;
        let refused = [
            ("form", "field"),
            ("field_key", "Handover Date"),
            ("field_label_zh", "交接日期"),
            ("field_label_en", "Handover date"),
            ("field_section", section.as_str()),
            ("field_kind", "text"),
            ("not_before_today", "on"),
        ];
        let (_, to) = post(&app, &editor, "/staff/catalog/draft/change", &refused).await;
        assert!(
            to.contains("form=field&errors=field_key:bad-key,not_after_today:only-for-dates"),
            "{backend:?}: {to}"
        );
        assert!(to.ends_with("#new-field"), "{backend:?}: {to}");
        assert_eq!(draft_body(&app).await, before, "{backend:?}");
        let html = page(&app, &to, Some(&editor)).await;
        assert!(html.contains("编号以小写英文字母开头"), "{backend:?}");
        assert!(html.contains("日期规则只用于日期字段"), "{backend:?}");
        assert!(
            html.contains("value=\"交接日期\""),
            "{backend:?}: typed label kept"
        );

        let mut accepted_field = refused;
        accepted_field[1] = ("field_key", "handover_date");
        accepted_field[5] = ("field_kind", "date");
        let (_, to) = post(
            &app,
            &editor,
            "/staff/catalog/draft/change",
            &accepted_field,
        )
        .await;
        assert!(to.contains("saved=1"), "{backend:?}: {to}");

        // The item asks for both, needs the appraisal first, and keeps the employer's name short.
        let mut form = rehab_in("7");
        form.push(("add_material", "rehab_progress_report".into()));
        form.push(("add_field", "handover_date".into()));
        form.push(("add_prerequisite", "work_capacity_appraisal".into()));
        form.push(("prerequisite_material", "work_capacity_appraisal".into()));
        form.push((
            "prerequisite_reason_zh",
            "康复前须有劳动能力鉴定结论。".into(),
        ));
        form.push((
            "prerequisite_reason_en",
            "Rehabilitation needs the work-capacity appraisal first.".into(),
        ));
        let (_, to) = save_item(&app, &editor, &form).await;
        assert!(to.contains("saved=1"), "{backend:?}: {to}");
        let limits = |min: &'static str, max: &'static str| {
            vec![
                ("form", "use".to_string()),
                ("item", "work_injury_rehab".into()),
                ("use", "employer_name".into()),
                ("min_len", min.into()),
                ("max_len", max.into()),
            ]
        };
        let (_, to) = save_item(&app, &editor, &limits("9", "5")).await;
        assert!(
            to.contains("use=employer_name&form=use&errors=min_len:min-above-max"),
            "{backend:?}: {to}"
        );
        let (_, to) = save_item(&app, &editor, &limits("2", "5")).await;
        assert!(to.contains("saved=1"), "{backend:?}: {to}");

        let (_, to) = post(
            &app,
            &editor,
            "/staff/catalog/draft/publish",
            &[("version", "2026.12.11")],
        )
        .await;
        assert!(to.contains("published=1"), "{backend:?}: {to}");
        let now = app.backend.catalog();
        let rehab = now.item("work_injury_rehab").expect("item");
        assert!(rehab
            .requires
            .iter()
            .any(|r| r.item == "work_capacity_appraisal"));
        assert_eq!(
            now.field("handover_date").map(|f| f.dates.not_before_today),
            Some(true)
        );
        // The next citizen is asked for the new date, and a long employer name is refused.
        match app
            .save_answers_as(&["work_injury_rehab"], &work_injury_answers(), None)
            .await
        {
            SubmitOutcome::Invalid { errors, .. } => {
                assert!(
                    errors.contains_key("handover_date"),
                    "{backend:?}: {errors:?}"
                );
                assert!(
                    errors.contains_key("employer_name"),
                    "{backend:?}: {errors:?}"
                );
            }
            other => panic!("{backend:?}: {other:?}"),
        }
        let trail: Vec<String> = sqlx::query_scalar(
            "SELECT action FROM audit_log WHERE subject = 'catalog:draft' ORDER BY at, id",
        )
        .fetch_all(&app.db.pool)
        .await
        .expect("audit");
        for action in [
            "catalog_draft_new_material",
            "catalog_draft_new_field",
            "catalog_draft_item",
            "catalog_draft_field_use",
        ] {
            assert!(trail.iter().any(|a| a == action), "{backend:?}: {trail:?}");
        }
    }
}

#[tokio::test]
async fn the_draft_preview_picker_browses_the_draft_not_the_version_in_use() {
    let app = spawn_app(Backend::Sqlite).await;
    let editor = app.staff("editor12", "catalog_editor", None).await;
    post(&app, &editor, "/staff/catalog/draft/start", &[]).await;
    let mut renamed = rehab_in("7");
    renamed[1] = ("name_zh", "工伤职工康复治疗待遇".into());
    save_item(&app, &editor, &renamed).await;
    let search = |catalog: &'static str, cookie: Option<String>| {
        let app = &app;
        async move {
            let mut request = app.browser().get(format!(
                "{}/api/browse?{catalog}q=%E5%BA%B7%E5%A4%8D%E6%B2%BB%E7%96%97",
                app.base
            ));
            if let Some(cookie) = cookie {
                request = request.header("Cookie", cookie);
            }
            let reply = request.send().await.expect("browse");
            let status = reply.status().as_u16();
            (
                status,
                String::from_utf8_lossy(&reply.bytes().await.expect("body")).to_string(),
            )
        }
    };
    let (status, body) = search("catalog=draft&", Some(editor.clone())).await;
    assert_eq!(status, 200);
    assert!(
        body.contains("工伤职工康复治疗待遇"),
        "the draft's new name is found"
    );
    let (_, body) = search("", None).await;
    assert!(
        !body.contains("工伤职工康复治疗待遇"),
        "citizens browse the version in use"
    );
    // A second change is seen at once: the draft is indexed again per saved change.
    renamed[1] = ("name_zh", "工伤康复治疗待遇（新）".into());
    save_item(&app, &editor, &renamed).await;
    let (_, body) = search("catalog=draft&", Some(editor.clone())).await;
    assert!(body.contains("工伤康复治疗待遇（新）"));
    // A word citizens use, added on the item form, finds it in the draft too; the comparison
    // says so.
    renamed.push(("synonyms", "康复治疗补助、工伤复健".into()));
    save_item(&app, &editor, &renamed).await;
    let found = app
        .browser()
        .get(format!(
            "{}/api/browse?catalog=draft&q=%E5%B7%A5%E4%BC%A4%E5%A4%8D%E5%81%A5",
            app.base
        ))
        .header("Cookie", &editor)
        .send()
        .await
        .expect("browse")
        .bytes()
        .await
        .expect("body");
    assert!(String::from_utf8_lossy(&found).contains("工伤康复治疗待遇（新）"));
    let html = page(&app, "/staff/catalog", Some(&editor)).await;
    assert!(html.contains("的常用说法或所属人生事件有变化"), "{html}");
    // Forty words are too many; the ticked life events come back ticked with the refusal.
    let events = app.backend.catalog().life_events.clone();
    let mut refused = renamed.clone();
    refused.retain(|(k, _)| *k != "synonyms");
    refused.push((
        "synonyms",
        (0..40)
            .map(|n| format!("词{n}"))
            .collect::<Vec<_>>()
            .join("、"),
    ));
    refused.push(("life_events_shown", "1".into()));
    refused.push(("life_events", events[0].id.clone()));
    refused.push(("life_events", events[2].id.clone()));
    let before = draft_body(&app).await;
    let (_, to) = save_item(&app, &editor, &refused).await;
    assert!(to.contains("errors=synonyms:too-many-words"), "{to}");
    assert!(
        to.contains(&format!("life_events={}%2C{}", events[0].id, events[2].id)),
        "{to}"
    );
    assert_eq!(draft_body(&app).await, before);
    let shown = page(&app, &to, Some(&editor)).await;
    assert!(shown.contains("最多30个说法"), "the message beside the box");
    let (status, body) = search("catalog=draft&", None).await;
    assert_ne!(status, 200, "the draft is not for citizens");
    assert!(
        !body.contains("工伤康复治疗待遇"),
        "the draft is not for citizens"
    );
}

/// The slice at `address` as the server sends it to a browser that accepts `encoding`: status,
/// the headers that decide caching, and the catalog it decodes to.
async fn slice(
    app: &TestApp,
    address: &str,
    encoding: &str,
) -> (u16, String, String, Option<app::engine::Catalog>) {
    let reply = app
        .browser()
        .get(format!("{}{address}", app.base))
        .header("Accept-Encoding", encoding)
        .send()
        .await
        .expect("get");
    let status = reply.status().as_u16();
    let header = |name: &str| {
        reply
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let (cache, coding) = (header("cache-control"), header("content-encoding"));
    let body = reply.bytes().await.expect("body").to_vec();
    let plain = match coding.as_str() {
        "br" => {
            let mut out = Vec::new();
            brotli::BrotliDecompress(&mut &body[..], &mut out).expect("brotli");
            out
        }
        _ => body,
    };
    let catalog = app::api::packed::unpack_bytes(&plain);
    (status, cache, coding, catalog)
}

#[tokio::test]
async fn the_form_islands_catalog_slice_is_cached_by_version_and_gone_once_another_is_published() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let form_page = "/apply?items=work_injury_rehab&items=assistive_devices";
        let address = app.form_catalog_address(form_page).await;
        let version = app.backend.in_use().hash.clone();
        // One address per selection, whatever the order the items were chosen in.
        assert_eq!(
            address,
            format!("/form-catalog/{version}?items=assistive_devices&items=work_injury_rehab"),
            "{backend:?}"
        );
        let html = page(&app, form_page, None).await;
        let island_data = html
            .split("id=\"form-island-data\">")
            .nth(1)
            .and_then(|rest| rest.split("</template>").next())
            .expect("the island's data");
        assert!(
            island_data.len() < 1_000,
            "{backend:?}: the page carries the slice's address, not the slice ({} bytes)",
            island_data.len()
        );

        let (status, cache, coding, catalog) = slice(&app, &address, "br, gzip").await;
        assert_eq!(status, 200, "{backend:?}");
        assert_eq!(cache, "public, max-age=31536000, immutable", "{backend:?}");
        assert_eq!(
            coding, "br",
            "{backend:?}: compressed once, at brotli's best"
        );
        let catalog = catalog.expect("a catalog");
        for id in ["work_injury_rehab", "assistive_devices"] {
            assert!(
                catalog.items.iter().any(|i| i.id == id),
                "{backend:?}: {id}"
            );
        }
        assert!(
            catalog.items.len() < app.backend.catalog().items.len(),
            "{backend:?}: a slice, not the whole catalog"
        );
        // Published data only: whoever asks, signed in or not, gets the same bytes.
        let citizen = app.sign_in_demo("li-ming").await;
        let as_citizen = app
            .browser()
            .get(format!("{}{address}", app.base))
            .header("Accept-Encoding", "br, gzip")
            .header("Cookie", &citizen)
            .send()
            .await
            .expect("get");
        let anonymous = app
            .browser()
            .get(format!("{}{address}", app.base))
            .header("Accept-Encoding", "br, gzip")
            .send()
            .await
            .expect("get");
        assert_eq!(
            as_citizen.bytes().await.expect("body"),
            anonymous.bytes().await.expect("body"),
            "{backend:?}"
        );
        // Asked in another order or without compression: the same slice.
        let reordered =
            format!("/form-catalog/{version}?items=work_injury_rehab&items=assistive_devices");
        let (status, _, coding, again) = slice(&app, &reordered, "identity").await;
        assert_eq!((status, coding.as_str()), (200, ""), "{backend:?}");
        assert_eq!(
            serde_json::to_value(again.expect("a catalog")).unwrap(),
            serde_json::to_value(&catalog).unwrap(),
            "{backend:?}"
        );

        // What names nothing is not found, and that answer is not kept.
        let too_many = (0..=app::api::MAX_ITEMS)
            .map(|i| format!("items=x{i}"))
            .collect::<Vec<_>>()
            .join("&");
        for (wrong, expected) in [
            (format!("/form-catalog/{version}?items=no_such_item"), 404),
            (format!("/form-catalog/{version}"), 404),
            (
                "/form-catalog/0000000000000000?items=work_injury_rehab".to_string(),
                404,
            ),
            (format!("/form-catalog/{version}?{too_many}"), 400),
        ] {
            let (status, cache, _, catalog) = slice(&app, &wrong, "br").await;
            assert_eq!(status, expected, "{backend:?}: {wrong}");
            assert_eq!(cache, "no-store", "{backend:?}: {wrong}");
            assert!(catalog.is_none(), "{backend:?}: {wrong}");
        }

        // After a publication the old address is gone (its page was rendered before; the form
        // still works without the island) and a new form page names the new version.
        let editor = app.staff("editor1", "catalog_editor", None).await;
        post(&app, &editor, "/staff/catalog/draft/start", &[]).await;
        save_item(&app, &editor, &rehab_in("4")).await;
        let (status, _) = post(
            &app,
            &editor,
            "/staff/catalog/draft/publish",
            &[("version", "2026.12.2")],
        )
        .await;
        assert_eq!(status, 303, "{backend:?}");
        assert_eq!(slice(&app, &address, "br").await.0, 404, "{backend:?}");
        let renewed = app.form_catalog_address(form_page).await;
        assert_ne!(renewed, address, "{backend:?}");
        let (status, _, _, catalog) = slice(&app, &renewed, "br").await;
        assert_eq!(status, 200, "{backend:?}");
        let days = catalog
            .expect("a catalog")
            .items
            .iter()
            .find(|i| i.id == "work_injury_rehab")
            .map(|i| i.committed_days);
        assert_eq!(
            days,
            Some(4),
            "{backend:?}: the slice of the version now in use"
        );
    }
}
