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

#[tokio::test]
async fn switching_language_on_the_form_keeps_what_was_typed() {
    let app = spawn_app(Backend::Sqlite).await;
    let answers = [("name", "陈小明"), ("id_number", "442000198503120312")];
    // The masthead's "English" is a button of the merged form: a plain post with its intent.
    let response = app
        .browser()
        .post(format!("{}/api/save_answers", app.base))
        .header("Accept", "text/html,application/xhtml+xml")
        .header("Referer", format!("{}/apply?items=x", app.base))
        .form(&form(
            &["unemployment_registration"],
            &answers,
            "language-en",
        ))
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 302);
    let location = location(&response);
    assert!(
        location.starts_with("/apply?items=unemployment_registration&draft="),
        "{location}"
    );
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(String::from))
        .collect();
    assert!(
        cookies.iter().any(|c| c.starts_with("lang=en;")),
        "{cookies:?}"
    );
    let session = session_cookie(&response).expect("a session for the draft");
    let page = app
        .get_as(&location, Some(&format!("{session}; lang=en")))
        .await
        .text()
        .await
        .expect("html");
    assert!(page.contains("<html lang=\"en\""), "the form in English");
    assert!(page.contains("Fill in one form") && !page.contains("填写一张表"));
    assert!(
        page.contains("value=\"陈小明\""),
        "the name typed before is kept"
    );
    assert!(
        page.contains("value=\"442000198503120312\""),
        "the ID number typed before is kept"
    );
    assert!(
        !page.contains("There is a problem"),
        "switching is not submitting: no errors yet"
    );
    app.assert_nothing_stored(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_elder_friendly_mode_is_remembered_and_sends_the_reader_back_only_within_the_site() {
    let app = spawn_app(Backend::Sqlite).await;
    let response = app
        .browser()
        .get(format!("{}/care/on", app.base))
        .header("Referer", format!("{}/track", app.base))
        .send()
        .await
        .expect("get");
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/track");
    let cookie = set_cookie(&response, "care").expect("a care cookie");
    assert!(cookie.starts_with("care=1;") && cookie.contains("Max-Age=31536000"));
    let page = app
        .get_as("/track", Some("care=1"))
        .await
        .text()
        .await
        .expect("html");
    assert!(page.contains("class=\"care\""), "the page in the mode");
    assert!(page.contains("href=\"/care/off\""), "and the way back");
    // Another site as the referrer: back to the home page, never away.
    let response = app
        .browser()
        .get(format!("{}/care/off", app.base))
        .header("Referer", "https://evil.example//track")
        .send()
        .await
        .expect("get");
    assert_eq!(location(&response), "/");
    assert!(set_cookie(&response, "care").is_some_and(|c| c.starts_with("care=0;")));
}
