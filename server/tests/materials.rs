#![recursion_limit = "256"]
//! Materials handed in once, e-certificates exempt, resume codes: over real HTTP, on SQLite and
//! PostgreSQL.

mod helpers;

use std::collections::BTreeMap;

use app::api::SubmitOutcome;
use helpers::*;

fn benefit_answers() -> BTreeMap<&'static str, &'static str> {
    let mut a = work_injury_answers();
    a.insert("name", "李明");
    a.insert("id_number", "442000198503120312");
    a
}

async fn saved(outcome: SubmitOutcome) -> String {
    match outcome {
        SubmitOutcome::Saved { draft } => draft,
        other => panic!("not saved: {other:?}"),
    }
}

/// A saved draft for the work-injury set, anonymous, answers valid.
async fn work_injury_draft(app: &TestApp) -> String {
    saved(
        app.save_answers_as(&WORK_INJURY_SET, &work_injury_answers(), None)
            .await,
    )
    .await
}

#[tokio::test]
async fn the_same_file_given_twice_is_stored_once() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let token = work_injury_draft(&app).await;
        let scan = png("one scan");
        let files = vec![
            ("medical_diagnosis".into(), "a.png".into(), scan.clone()),
            ("labour_contract".into(), "b.png".into(), scan.clone()),
        ];
        app.upload(&token, files, "upload", None).await;
        app.upload(
            &token,
            vec![("medical_diagnosis".into(), "again.png".into(), scan)],
            "upload",
            None,
        )
        .await;
        assert_eq!(
            app.count("SELECT COUNT(*) FROM uploads").await,
            1,
            "{backend:?}"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM draft_materials").await,
            2,
            "{backend:?}: both materials point at the one stored file"
        );
    }
}

#[tokio::test]
async fn a_file_that_is_not_a_photo_or_pdf_is_refused_beside_its_input_and_not_stored() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let token = work_injury_draft(&app).await;
        let files = vec![(
            "medical_diagnosis".into(),
            "diagnosis.pdf".into(),
            b"MZ\x90\x00 this is a program renamed to .pdf".to_vec(),
        )];
        let next = app.upload(&token, files, "continue", None).await;
        assert!(
            next.starts_with("/apply/materials?draft="),
            "{backend:?}: {next}"
        );
        let page = app.page(&next).await;
        assert!(
            page.contains("只能上传 JPG、PNG 照片或 PDF 文件。"),
            "{backend:?}"
        );
        assert!(
            !page.contains("Only JPG or PNG photos and PDF files can be uploaded."),
            "one language on the page"
        );
        assert!(
            page.contains("id=\"material-medical_diagnosis\""),
            "the input is there to try again"
        );
        assert!(
            page.contains("请上传“劳动合同或劳动关系证明”。"),
            "{backend:?}: what is still missing is named"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM uploads").await,
            0,
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn a_file_over_ten_megabytes_is_refused_with_its_size() {
    let app = spawn_app(Backend::Sqlite).await;
    let token = work_injury_draft(&app).await;
    let big = [b"%PDF-".as_slice(), &vec![b' '; 11 * 1024 * 1024]].concat();
    let next = app
        .upload(
            &token,
            vec![("rehab_plan".into(), "plan.pdf".into(), big)],
            "upload",
            None,
        )
        .await;
    let page = app.page(&next).await;
    assert!(page.contains("文件太大（11.0 MB）"), "the size is named");
    assert_eq!(app.count("SELECT COUNT(*) FROM uploads").await, 0);
}

#[tokio::test]
async fn submitting_without_a_required_material_names_it_and_stores_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let token = work_injury_draft(&app).await;
        let outcome = app
            .submit_draft(&token, "key-missing-material-1", None)
            .await;
        let SubmitOutcome::Invalid { errors, .. } = outcome else {
            panic!("{backend:?}: accepted without materials")
        };
        assert!(
            errors.contains_key("material:medical_diagnosis"),
            "{errors:?}"
        );
        assert!(
            errors.contains_key("material:id_card"),
            "anonymous: no e-certificates"
        );
        app.assert_nothing_stored(backend).await;
    }
}

#[tokio::test]
async fn a_demo_applicant_holding_e_certificates_uploads_only_the_rest() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        // 李明 holds the work-injury determination: rehabilitation needs no determination item.
        let items = ["work_injury_rehab", "unemployment_benefit"];
        let answers = benefit_answers();
        let li_ming = app.sign_in_demo("li-ming").await;
        let li_ming = li_ming.as_str();
        let token = saved(app.save_answers_as(&items, &answers, Some(li_ming)).await).await;
        let needed = required_materials(
            &items,
            &answers,
            &["id_card", "household_register", "work_injury_determination"],
        );
        assert!(!needed.contains(&"id_card".to_string()), "{needed:?}");
        let page = app
            .client
            .get(format!("{}/apply/materials?draft={token}", app.base))
            .header("Cookie", li_ming)
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("text");
        assert!(
            page.contains("免交：已有电子证照"),
            "{backend:?}: the exemption is shown"
        );
        assert!(page.contains("李明"), "{backend:?}: and who is applying");
        let files = needed
            .iter()
            .map(|m| (m.clone(), format!("{m}.png"), png(m)))
            .collect();
        let next = app.upload(&token, files, "continue", Some(li_ming)).await;
        assert!(next.starts_with("/apply/review"), "{backend:?}: {next}");
        let outcome = app
            .submit_draft(&token, "key-li-ming-000000001", Some(li_ming))
            .await;
        assert!(
            matches!(outcome, SubmitOutcome::Accepted { .. }),
            "{backend:?}: {outcome:?}"
        );
        let materials: String = sqlx::query_scalar(
            "SELECT materials FROM parts WHERE item_id = 'unemployment_benefit'",
        )
        .fetch_one(&app.db.pool)
        .await
        .expect("part");
        assert!(
            materials.contains(r#""key":"id_card","source":"e_certificate""#),
            "{materials}"
        );
        assert!(materials.contains(r#""source":"upload""#), "{materials}");
        assert!(
            !materials.contains("rehab_plan"),
            "each part holds only its item's materials"
        );
    }
}

#[tokio::test]
async fn the_same_bundle_without_signing_in_needs_the_determination_or_the_id_card() {
    let app = spawn_app(Backend::Sqlite).await;
    let outcome = app
        .save_answers_as(
            &["work_injury_rehab", "unemployment_benefit"],
            &benefit_answers(),
            None,
        )
        .await;
    let SubmitOutcome::Invalid { problems, .. } = outcome else {
        panic!("accepted a rehab claim with no determination: {outcome:?}")
    };
    assert!(
        problems.iter().any(|p| p.zh.contains("工伤认定")),
        "{problems:?}"
    );
}

/// Posts a resume code as the resume form does, from a browser with `cookie` (or none).
async fn post_resume(app: &TestApp, code: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut request = app
        .browser()
        .post(format!("{}/resume", app.base))
        .form(&[("code", code)]);
    if let Some(c) = cookie {
        request = request.header("Cookie", c);
    }
    request.send().await.expect("resume")
}

#[tokio::test]
async fn a_resume_code_typed_by_hand_on_another_device_brings_the_answers_back() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let token = work_injury_draft(&app).await;
        let code = app.resume_code(&token).await;
        assert_eq!(code.len(), 16, "{backend:?}: 80 bits");
        let typed = format!(
            "{}-{}-{}-{}",
            &code[..4],
            &code[4..8],
            &code[8..12],
            &code[12..]
        )
        .to_lowercase();
        // Another device: no session yet. The draft becomes this browser's.
        let response = post_resume(&app, &typed, None).await;
        let next = location(&response);
        assert!(
            next.starts_with("/apply?items=work_injury_determination"),
            "{backend:?}: {next}"
        );
        assert!(
            !next.contains(&code),
            "{backend:?}: the code never goes into a URL"
        );
        let device = session_cookie(&response).expect("a session for the new device");
        let page = app
            .get_as(&next, Some(&device))
            .await
            .text()
            .await
            .expect("html");
        assert!(
            page.contains("value=\"中山市人民医院\""),
            "{backend:?}: answers restored"
        );

        let response = post_resume(&app, "AAAA-BBBB-CCCC-DDDD", None).await;
        assert_eq!(location(&response), "/resume?unknown=1");
        let page = app.page("/resume?unknown=1").await;
        assert!(page.contains("找不到这个续办码"), "{backend:?}");
    }
}

#[tokio::test]
async fn after_ten_wrong_resume_codes_even_the_right_one_is_not_looked_up_for_a_while() {
    let app = spawn_app(Backend::Sqlite).await;
    let token = work_injury_draft(&app).await;
    let code = app.resume_code(&token).await;
    for guess in 0..server::limits::Scope::ResumeCode.allowed() {
        let response = post_resume(&app, &format!("AAAA-BBBB-CCCC-{guess:04}"), None).await;
        assert_eq!(location(&response), "/resume?unknown=1");
    }
    let response = post_resume(&app, &code, None).await;
    assert_eq!(
        location(&response),
        "/resume?wait=1",
        "the real code must wait too"
    );
    let page = app.page("/resume?wait=1").await;
    assert!(
        page.contains("输错次数过多") && !page.contains("Too many wrong codes"),
        "{page}"
    );
}

#[tokio::test]
async fn a_signed_in_persons_typing_starts_a_draft_listed_for_them_on_any_device() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let autosave = |cookie: Option<&'static str>| {
            let app = &app;
            async move {
                let mut request = app
                    .browser()
                    .post(format!("{}/api/save_answers", app.base))
                    .header("Accept", "application/x-postcard")
                    .form(&[
                        ("items", "unemployment_registration"),
                        ("intent", "autosave"),
                        ("answers[name]", "李明"),
                    ]);
                if let Some(c) = cookie {
                    request = request.header("Cookie", c);
                }
                request.send().await.expect("autosave")
            }
        };
        // A stranger without a resume code cannot fill the database with drafts.
        let anonymous = autosave(None).await;
        assert!(
            !anonymous.status().is_success(),
            "{backend:?}: {}",
            anonymous.status()
        );

        let li_ming: &'static str = Box::leak(app.sign_in_demo("li-ming").await.into_boxed_str());
        let response = autosave(Some(li_ming)).await;
        assert!(
            response.status().is_success(),
            "{backend:?}: {}",
            response.status()
        );
        let outcome: SubmitOutcome =
            postcard::from_bytes(&response.bytes().await.expect("body")).expect("postcard");
        let token = saved(outcome).await;

        // The same session (a demo identity's drafts are its sign-in's own): the home page
        // offers the draft.
        let home = app
            .browser()
            .get(format!("{}/", app.base))
            .header("Cookie", li_ming)
            .send()
            .await
            .expect("home")
            .text()
            .await
            .expect("html");
        assert!(home.contains("继续未完成的申请"), "{backend:?}: listed");
        assert!(
            home.contains(&format!("draft={token}")),
            "{backend:?}: links to it"
        );
        assert!(home.contains("失业登记"), "{backend:?}: named by its items");
        // Nobody else sees it.
        let other = app.page("/").await;
        assert!(
            !other.contains("继续未完成的申请"),
            "{backend:?}: not for strangers"
        );
        let form = app
            .get_as(&format!("/apply?draft={token}"), Some(li_ming))
            .await
            .text()
            .await
            .expect("html");
        assert!(
            form.contains("value=\"李明\""),
            "{backend:?}: the answers came back"
        );
    }
}

#[tokio::test]
async fn only_known_demo_identities_can_sign_in_and_each_sign_in_is_a_new_session() {
    let app = spawn_app(Backend::Sqlite).await;
    let ok = app
        .browser()
        .post(format!("{}/sign-in/demo", app.base))
        .form(&[("applicant", "li-ming")])
        .send()
        .await
        .expect("sign in");
    let cookie = set_cookie(&ok, "yj_session").unwrap_or_default();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("li-ming"),
        "the cookie names nobody: {cookie}"
    );
    let again = app.sign_in_demo("li-ming").await;
    assert_ne!(
        session_cookie(&ok),
        Some(again),
        "a new id at every sign-in"
    );
    let refused = app
        .browser()
        .post(format!("{}/sign-in/demo", app.base))
        .form(&[("applicant", "someone-else")])
        .send()
        .await
        .expect("sign in");
    assert!(session_cookie(&refused).is_none());
    assert_eq!(location(&refused), "/sign-in?error=unknown");
}

#[tokio::test]
async fn too_much_in_one_upload_is_explained_and_what_arrived_is_kept() {
    let app = spawn_app(Backend::Sqlite).await;
    let token = work_injury_draft(&app).await;
    let scan = |label: &str| [png(label), vec![0u8; 9 * 1024 * 1024]].concat();
    // Seven 9 MB files: each is allowed, together they pass the request limit.
    let files = [
        "medical_diagnosis",
        "labour_contract",
        "rehab_plan",
        "termination_proof",
        "id_card",
        "accident_evidence",
        "discharge_summary",
    ]
    .iter()
    .map(|m| (m.to_string(), format!("{m}.png"), scan(m)))
    .collect();
    let next = app.upload(&token, files, "upload", None).await;
    assert!(next.starts_with("/apply/materials?draft="), "{next}");
    let page = app.page(&next).await;
    assert!(
        page.contains("一次上传的文件太多或太大"),
        "the reason is given"
    );
    assert!(
        app.count("SELECT COUNT(*) FROM uploads").await >= 1,
        "the files that arrived whole are kept"
    );
}

#[tokio::test]
async fn an_upload_to_someone_elses_draft_is_refused_before_any_file_is_read() {
    let app = spawn_app(Backend::Sqlite).await;
    let token = work_injury_draft(&app).await;
    let stranger = app.open_session().await;
    let next = app
        .upload(
            &token,
            vec![("medical_diagnosis".into(), "a.png".into(), png("not yours"))],
            "continue",
            Some(&stranger),
        )
        .await;
    assert_eq!(next, "/resume?unknown=1");
    assert_eq!(app.count("SELECT COUNT(*) FROM uploads").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM draft_materials").await, 0);
}

#[tokio::test]
async fn a_burst_of_concurrent_wrong_codes_gets_no_more_lookups_than_the_allowance() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        // Forty guesses at once from one address: each is counted before its lookup, so at most
        // ten are looked up (answered "unknown"); the rest wait.
        let mut guesses = tokio::task::JoinSet::new();
        for i in 0..40 {
            let (client, url) = (app.browser(), format!("{}/resume", app.base));
            guesses.spawn(async move {
                let code = format!("AAAA-BBBB-DDDD-{i:04}");
                client.post(url).form(&[("code", code)]).send().await
            });
        }
        let mut replies = Vec::new();
        while let Some(reply) = guesses.join_next().await {
            replies.push(reply.expect("task").expect("resume"));
        }
        let looked_up = replies
            .iter()
            .filter(|r| location(r) == "/resume?unknown=1")
            .count();
        let waited = replies
            .iter()
            .filter(|r| location(r) == "/resume?wait=1")
            .count();
        assert_eq!(looked_up + waited, 40, "{backend:?}");
        assert_eq!(looked_up, 10, "{backend:?}: exactly the allowance");
    }
}
