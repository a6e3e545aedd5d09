#![recursion_limit = "256"]
//! The journey with JavaScript off: plain HTML form posts, server-rendered pages, nothing lost.

mod helpers;

use helpers::*;

fn form(
    items: &[&str],
    answers: &[(&str, &str)],
    key: &str,
    intent: Option<&str>,
) -> Vec<(String, String)> {
    let mut form = vec![
        ("items".to_string(), items.join(",")),
        ("idempotency_key".to_string(), key.to_string()),
    ];
    for (k, v) in answers {
        form.push((format!("answers[{k}]"), v.to_string()));
    }
    if let Some(intent) = intent {
        form.push(("intent".into(), intent.into()));
    }
    form
}

async fn post_as_browser(app: &TestApp, body: Vec<(String, String)>) -> String {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let response = client
        .post(format!("{}/api/submit_application", app.base))
        .header("Accept", "text/html,application/xhtml+xml")
        .header("Referer", format!("{}/apply?items=x", app.base))
        .form(&body)
        .send()
        .await
        .expect("post");
    assert_eq!(
        response.status(),
        302,
        "a plain form post is answered with a redirect"
    );
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("location")
        .to_string()
}

#[tokio::test]
async fn a_valid_plain_form_post_lands_on_the_receipt() {
    let app = spawn_app(Backend::Sqlite).await;
    let answers: Vec<(&str, &str)> = work_injury_answers().into_iter().collect();
    let location = post_as_browser(
        &app,
        form(&WORK_INJURY_SET, &answers, "key-nojs-valid-00001", None),
    )
    .await;
    assert!(location.starts_with("/receipt/YJ-"), "{location}");
    let receipt = app.page(&location).await;
    assert!(
        receipt.contains("申请已提交"),
        "the receipt is rendered on the server"
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
        form(
            &["unemployment_registration"],
            &answers,
            "key-nojs-invalid-001",
            None,
        ),
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
        form(
            &["road_occupation"],
            &answers,
            "key-nojs-update-0001",
            Some("update"),
        ),
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
