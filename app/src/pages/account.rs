//! Signing in (mobile number and one-time code through the city's identity service; demo people
//! in development) and resuming with a code. All plain forms answered by the server with a
//! redirect; a refusal comes back as a code that becomes a message beside the field.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{get_demo_applicants, get_pending_sign_in};
use crate::components::{names, LoadError};
use crate::engine::Text;
use crate::i18n::{lang, t, Bi};

/// The message for a refusal code the server sent back (see `server::auth::sign_in`).
fn sign_in_message(code: &str) -> Option<Text> {
    Some(match code {
        "phone" => t(
            "请输入11位手机号码，例如 13800138000。",
            "Enter an 11-digit mobile number, e.g. 13800138000.",
        ),
        "code" => t(
            "验证码不正确，请核对后重新输入。",
            "That code is not right. Check it and try again.",
        ),
        "expired" => t(
            "验证码已过期或已失效，请重新获取。",
            "The code has expired. Ask for a new one.",
        ),
        "wait" => t(
            "尝试次数过多。为保护您的账户，请10分钟后再试。",
            "Too many tries. To protect your account, try again in 10 minutes.",
        ),
        "unavailable" => t(
            "登录服务暂时不可用，请稍后再试。",
            "Sign-in is not available just now. Please try again shortly.",
        ),
        _ => return None,
    })
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let error = move || {
        query
            .with(|q| q.get("error"))
            .and_then(|c| sign_in_message(&c))
    };
    let next = move || query.with(|q| q.get("next")).unwrap_or_else(|| "/".into());
    let owned = move || query.with(|q| q.get("owned").is_some());
    let applicants = Resource::new(|| (), |_| get_demo_applicants());
    view! {
        <h1><Bi text=t("登录", "Sign in")/></h1>
        {move || owned().then(|| view! {
            <p class="notice"><Bi text=t(
                "这份申请由已登录的本人保存，请先登录再继续办理。",
                "This application was saved by a signed-in person. Sign in to continue it.",
            )/></p>
        })}
        <section aria-labelledby="phone-h">
            <h2 id="phone-h"><Bi text=t("手机号码登录", "Sign in with your mobile number")/></h2>
            <p class="hint"><Bi text=t(
                "正式上线时接入全市统一身份认证，验证码以短信发送；开发环境中验证码直接显示在下一页。",
                "In service this is the city's unified identity sign-in and the code comes by SMS; in development the code is shown on the next page.",
            )/></p>
            <form method="post" action="/sign-in/code" class="lookup">
                <input type="hidden" name="next" value=next/>
                <div class="field" class:field-error=move || error().is_some()>
                    <label for="phone"><Bi text=t("手机号码", "Mobile number")/></label>
                    <p class="error-message" id="phone-error" aria-live="polite">
                        {move || error().map(|m| view! { <Bi text=m/> })}
                    </p>
                    <input id="phone" name="phone" type="tel" inputmode="numeric" autocomplete="tel"
                        required aria-describedby="phone-error"
                        aria-invalid=move || error().is_some().then_some("true")/>
                </div>
                <button type="submit" class="button"><Bi text=t("获取验证码", "Send me a code")/></button>
            </form>
        </section>
        <section aria-labelledby="demo-h">
            <h2 id="demo-h"><Bi text=t("演示身份", "Demo people")/></h2>
            <p><Bi text=t(
                "开发和演示用：选择一位市民，其持有的电子证照对应的材料免交。每次登录都是独立的会话，互不可见。",
                "For development and demos: choose a person; documents they hold as e-certificates need no upload. Each sign-in is a session of its own that nobody else sees.",
            )/></p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match applicants.await {
                        Ok(list) => view! {
                            <ul class="applicants">
                                {list.into_iter().map(|a| {
                                    let certs = names(&a.certificates);
                                    view! {
                                        <li>
                                            <form method="post" action="/sign-in/demo">
                                                <input type="hidden" name="applicant" value=a.id.clone()/>
                                                <input type="hidden" name="next" value=next/>
                                                <h3>{a.name.clone()}</h3>
                                                <p><Bi text=a.story/></p>
                                                <p class="hint"><Bi text=t("持有电子证照：", "E-certificates held: ")/>{certs}</p>
                                                // The person's name is a value: once, as given.
                                                <button type="submit" class="button secondary">{lang().pick(
                                                    format!("以“{}”身份办理", a.name),
                                                    format!("Continue as {}", a.name),
                                                )}</button>
                                            </form>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <p><a href="/staff/sign-in"><Bi text=t("工作人员登录", "Staff sign-in")/></a></p>
    }
}

/// Step 2 of signing in by mobile number: the one-time code.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let query = use_query_map();
    let error = move || {
        query
            .with(|q| q.get("error"))
            .and_then(|c| sign_in_message(&c))
    };
    let next = move || query.with(|q| q.get("next")).unwrap_or_else(|| "/".into());
    let pending = Resource::new(|| (), |_| get_pending_sign_in());
    view! {
        <h1><Bi text=t("输入验证码", "Enter the code")/></h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match pending.await {
                    Ok(Some(p)) => view! {
                        <p>{lang().pick(
                            format!("验证码已发送至 {}，5分钟内有效。", p.phone),
                            format!("We sent a code to {}. It works for 5 minutes.", p.phone),
                        )}</p>
                        {p.development_code.map(|code| view! {
                            <p class="notice" data-testid="development-code">
                                <Bi text=t("开发环境（代替短信）：验证码 ", "Development (instead of an SMS): the code is ")/>
                                <strong>{code}</strong>
                            </p>
                        })}
                        <form method="post" action="/sign-in/verify" class="lookup">
                            <input type="hidden" name="next" value=next/>
                            <div class="field" class:field-error=move || error().is_some()>
                                <label for="code"><Bi text=t("6位验证码", "6-digit code")/></label>
                                <p class="error-message" id="code-error" aria-live="polite">
                                    {move || error().map(|m| view! { <Bi text=m/> })}
                                </p>
                                <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                                    maxlength="6" required aria-describedby="code-error"
                                    aria-invalid=move || error().is_some().then_some("true")/>
                            </div>
                            <button type="submit" class="button"><Bi text=t("登录", "Sign in")/></button>
                        </form>
                    }.into_any(),
                    Ok(None) => view! {
                        <p><Bi text=t("验证码已过期或尚未获取。", "The code has expired, or none was asked for.")/></p>
                        <p><a href="/sign-in"><Bi text=t("重新获取验证码", "Ask for a new code")/></a></p>
                    }.into_any(),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ResumePage() -> impl IntoView {
    let query = use_query_map();
    let unknown = move || query.with(|q| q.get("unknown").is_some());
    let wait = move || query.with(|q| q.get("wait").is_some());
    let invalid = move || unknown() || wait();
    view! {
        <h1><Bi text=t("用续办码继续", "Continue with a resume code")/></h1>
        // Posted, never in the URL: the code is a secret that opens the application.
        <form method="post" action="/resume" class="lookup">
            <div class="field" class:field-error=invalid>
                <label for="code"><Bi text=t("续办码（16位，例如 AB12-CD34-EF56-GH78）", "Resume code (16 characters, e.g. AB12-CD34-EF56-GH78)")/></label>
                <p class="error-message" id="code-error" aria-live="polite">
                    {move || unknown().then(|| view! { <Bi text=t(
                        "找不到这个续办码，或它已超过30天。请核对后重新输入。",
                        "We cannot find this code, or it is more than 30 days old. Check it and try again.",
                    )/> })}
                    {move || wait().then(|| view! { <Bi text=t(
                        "输错次数过多。为保护您的信息，请10分钟后再试，或到窗口办理。",
                        "Too many wrong codes. To protect applicants' details, try again in 10 minutes, or ask at a service counter.",
                    )/> })}
                </p>
                <input id="code" name="code" type="text" autocomplete="off" autocapitalize="characters"
                    spellcheck="false" required aria-describedby="code-error"
                    aria-invalid=move || invalid().then_some("true")/>
            </div>
            <button type="submit" class="button"><Bi text=t("继续办理", "Continue")/></button>
        </form>
    }
}
