//! Demo sign-in (identities holding e-certificates) and resuming with a code. Both are plain
//! forms answered by the server with a redirect.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::get_demo_applicants;
use crate::components::LoadError;
use crate::i18n::{t, Bi};

#[component]
pub fn SignInPage() -> impl IntoView {
    let applicants = Resource::new(|| (), |_| get_demo_applicants());
    view! {
        <h1><Bi text=t("演示登录", "Demo sign-in")/></h1>
        <p><Bi text=t(
            "正式上线时这里接入全市统一身份认证和电子证照库。演示中请选择一位市民：其持有的电子证照对应的材料免交。",
            "In service this is the city's unified identity sign-in and e-certificate library. For the demo, choose a person: documents they hold as e-certificates need no upload.",
        )/></p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match applicants.await {
                    Ok(list) => view! {
                        <ul class="applicants">
                            {list.into_iter().map(|a| {
                                let certs = crate::engine::Text::new(
                                    a.certificates.iter().map(|c| c.zh.clone()).collect::<Vec<_>>().join("、"),
                                    a.certificates.iter().map(|c| c.en.clone()).collect::<Vec<_>>().join(", "),
                                );
                                view! {
                                    <li>
                                        <form method="post" action="/sign-in">
                                            <input type="hidden" name="applicant" value=a.id.clone()/>
                                            <h2>{a.name.clone()}</h2>
                                            <p><Bi text=a.story/></p>
                                            <p class="hint"><Bi text=t("持有电子证照：", "E-certificates held: ")/><Bi text=certs/></p>
                                            <button type="submit" class="button secondary">
                                                <span class="zh">{format!("以“{}”身份办理", a.name)}</span>" "
                                                <span class="en" lang="en">{format!("Continue as {}", a.name)}</span>
                                            </button>
                                        </form>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <form method="post" action="/sign-out">
                            <button type="submit" class="button secondary"><Bi text=t("退出演示身份", "Sign out of the demo person")/></button>
                        </form>
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
        <form method="get" action="/resume/go" class="lookup">
            <div class="field" class:field-error=invalid>
                <label for="code"><Bi text=t("续办码（12位，例如 AB12-CD34-EF56）", "Resume code (12 characters, e.g. AB12-CD34-EF56)")/></label>
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
