#![recursion_limit = "256"]
//! The journey with JavaScript off: plain HTML form posts, server-rendered pages, nothing lost.

mod helpers;

use helpers::*;

fn form(items: &[&str], answers: &[(&str, &str)], intent: &str) -> Vec<(String, String)> {
    let mut form = vec![
        ("items".to_string(), items.join(",")),
        ("intent".to_string(), intent.to_string()),
    ];
    for (k, v) in answers {
        form.push((format!("answers[{k}]"), v.to_string()));
    }
    form
}

/// Posts like a browser without JavaScript (asking for HTML) and returns the redirect.
async fn post_as_browser(app: &TestApp, endpoint: &str, body: Vec<(String, String)>) -> String {
    let mut request = app
        .browser()
        .post(format!("{}/api/{endpoint}", app.base))
        .header("Accept", "text/html,application/xhtml+xml")
        .header("Referer", format!("{}/apply?items=x", app.base))
        .form(&body);
    // One browser: it keeps the session the server gives it.
    if let Some(cookie) = app.cookie_for(None) {
        request = request.header("Cookie", cookie);
    }
    let response = request.send().await.expect("post");
    app.remember(None, &response);
    assert_eq!(
        response.status(),
        302,
        "a plain form post is answered with a redirect"
    );
    location(&response)
}

fn draft_of(location: &str) -> String {
    location
        .split("draft=")
        .nth(1)
        .and_then(|rest| rest.split(['&', '#']).next())
        .expect("a draft in the location")
        .to_string()
}

#[tokio::test]
async fn the_whole_journey_works_with_plain_form_posts_and_lands_on_the_receipt() {
    let app = spawn_app(Backend::Sqlite).await;
    let answers: Vec<(&str, &str)> = work_injury_answers().into_iter().collect();
    let location = post_as_browser(
        &app,
        "save_answers",
        form(&WORK_INJURY_SET, &answers, "continue"),
    )
    .await;
    assert!(
        location.starts_with("/apply/materials?draft="),
        "{location}"
    );
    let token = draft_of(&location);
    let page = app.page(&location).await;
    assert!(
        page.contains("上传材料"),
        "the materials page is rendered on the server"
    );
    let code = app.resume_code(&token).await;
    assert!(
        page.contains(&format!(
            "{}-{}-{}-{}",
            &code[..4],
            &code[4..8],
            &code[8..12],
            &code[12..]
        )),
        "with the resume code"
    );
    assert!(!location.contains(&code), "the code is not in the URL");
    assert!(
        page.contains("enctype=\"multipart/form-data\""),
        "a plain file form"
    );

    let files = required_materials(&WORK_INJURY_SET, &work_injury_answers(), &[])
        .into_iter()
        .map(|m| (m.clone(), format!("{m}.jpg"), png(&m)))
        .collect();
    let next = app.upload(&token, files, "continue", None).await;
    assert_eq!(next, format!("/apply/review?draft={token}"));
    let review = app.page(&next).await;
    assert!(review.contains("核对并提交"), "the review page");
    assert!(
        review.contains(&format!("{}002X", "*".repeat(14))),
        "the ID number is masked"
    );
    assert!(
        review.contains("已上传：medical_diagnosis.jpg"),
        "uploaded files are listed"
    );

    let location = post_as_browser(
        &app,
        "submit_application",
        vec![
            ("draft".into(), token.clone()),
            ("idempotency_key".into(), "key-nojs-valid-00001".into()),
        ],
    )
    .await;
    assert!(location.starts_with("/receipt/YJ-"), "{location}");
    let receipt = app.page(&location).await;
    assert!(
        receipt.contains("申请已提交"),
        "the receipt is rendered on the server"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM drafts").await,
        0,
        "the draft goes once the application is stored"
    );
}

#[tokio::test]
async fn an_invalid_plain_form_post_comes_back_filled_in_with_errors_beside_the_fields() {
    let app = spawn_app(Backend::Sqlite).await;
    let answers = [
        ("name", ""),
        ("phone", "12345"),
        ("id_number", "11010519491231002X"),
    ];
    let location = post_as_browser(
        &app,
        "save_answers",
        form(&["unemployment_registration"], &answers, "continue"),
    )
    .await;
    assert!(
        location.starts_with("/apply?items=unemployment_registration&draft="),
        "{location}"
    );
    let page = app.page(&location).await;
    assert!(page.contains("请修改以下问题后再提交"), "an error summary");
    assert!(
        page.contains("请填写正确的11位手机号码"),
        "the phone message"
    );
    assert!(
        page.contains("value=\"12345\""),
        "what was typed is still there"
    );
    assert!(page.contains("value=\"11010519491231002X\""));
    app.assert_nothing_stored(Backend::Sqlite).await;
}

#[tokio::test]
async fn answering_a_situational_question_without_javascript_adds_its_item() {
    let app = spawn_app(Backend::Sqlite).await;
    let answers = [
        ("affects_carriageway", "yes"),
        ("involves_highway", "no"),
        ("name", "李四"),
    ];
    let location = post_as_browser(
        &app,
        "save_answers",
        form(&["road_occupation"], &answers, "update"),
    )
    .await;
    assert!(location.contains("draft="), "{location}");
    let page = app.page(&location).await;
    assert!(
        page.contains("涉路施工交通安全审查"),
        "the traffic-police review joined the bundle"
    );
    assert!(
        page.contains("value=\"李四\""),
        "the name typed before is kept"
    );
    assert!(
        !page.contains("请修改以下问题后再提交"),
        "updating is not submitting: no errors yet"
    );
    app.assert_nothing_stored(Backend::Sqlite).await;
}
