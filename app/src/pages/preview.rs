//! Window staff preview a combination before anything is typed: the merged form exactly as a
//! citizen gets it, at phone and desktop widths side by side. The frames are sandboxed without
//! forms, so nothing in a preview can be saved or submitted. The page's address is the
//! shareable link.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{encode, get_staff_me, CatalogPage};
use crate::components::LoadError;
use crate::i18n::{l, t, Bi};
use crate::pages::home::{fetch_screen, Picker};
use crate::pages::picker::PickerTarget;

#[component]
pub fn PreviewPage() -> impl IntoView {
    let (query, chosen, show, target) = use_query_map().with_untracked(|q| {
        // A catalog editor's link from the draft: the frames compose on the draft catalog.
        let draft = q.get("catalog").as_deref() == Some("draft");
        let target = if draft {
            PickerTarget::PreviewDraft
        } else {
            PickerTarget::Preview
        };
        let query = target.query(|name| q.get(name));
        // A shared link (no picker form behind it) or the preview button shows the frames;
        // browsing the picker does not reload them at every step.
        let show = q.get("show").is_some() || q.get("q").is_none();
        (query, q.get_all("items").unwrap_or_default(), show, target)
    });
    let draft = target == PickerTarget::PreviewDraft;
    let me = Resource::new(|| (), |_| get_staff_me());
    let screen = Resource::new(
        || (),
        move |_| fetch_screen(query.clone(), chosen.clone(), target),
    );
    view! {
        <h1><Bi text=t("表单预览", "Preview a form")/></h1>
        <Suspense fallback=|| view! { <p><Bi text=t("正在加载…", "Loading…")/></p> }>
            {move || {
                Suspend::new(async move {
                    if !matches!(me.await, Ok(Some(_))) {
                        return view! {
                            <p><Bi text=t("请先用工作人员账号登录。", "Please sign in with a staff account.")/></p>
                            <p><a class="button" href="/staff/sign-in?next=%2Fstaff%2Fpreview"><Bi text=t("工作人员登录", "Staff sign-in")/></a></p>
                        }.into_any();
                    }
                    match screen.await {
                        Ok(screen) => view! { <Preview screen show draft/> }.into_any(),
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Preview(screen: CatalogPage, show: bool, draft: bool) -> impl IntoView {
    // The server's own list: only items the catalog browsed (in use, or the draft) knows, each
    // once.
    let chosen: Vec<String> = screen.chosen.iter().map(|i| i.id.clone()).collect();
    let form_url = {
        let mut url = String::from("/apply?");
        url.push_str(
            &chosen
                .iter()
                .map(|id| format!("items={}", encode(id)))
                .collect::<Vec<_>>()
                .join("&"),
        );
        if draft {
            url.push_str("&catalog=draft");
        }
        url
    };
    let share = {
        let query: Vec<String> = chosen
            .iter()
            .map(|id| format!("items={}", encode(id)))
            .collect();
        let draft = if draft { "catalog=draft&" } else { "" };
        format!("/staff/preview?{draft}{}", query.join("&"))
    };
    let any = show && !chosen.is_empty();
    view! {
        {any.then(|| view! {
            <section aria-labelledby="frames-h">
                <h2 id="frames-h"><Bi text=t("市民看到的表单", "The form as a citizen sees it")/></h2>
                {draft.then(|| view! { <p class="notice" data-testid="preview-draft-notice"><Bi text=t(
                    "按草稿版本预览：发布后市民看到的就是这样。",
                    "Previewed on the draft catalog: this is what citizens will see once it is published.",
                )/></p> })}
                <div class="field">
                    <label for="share"><Bi text=t("分享此预览（复制链接）", "Share this preview (copy the link)")/></label>
                    <input id="share" type="text" readonly value=share.clone()/>
                </div>
                <div class="preview-frames">
                    <figure>
                        <figcaption><Bi text=t("手机（375像素宽）", "Phone (375 px wide)")/></figcaption>
                        <div class="preview-frame" tabindex="0" role="region" aria-label=l("手机宽度预览", "Phone-width preview")>
                            <iframe src=form_url.clone() width="375" height="720" title=l("手机宽度的表单预览", "Form preview at phone width")
                                sandbox="allow-same-origin allow-scripts" data-testid="preview-phone"></iframe>
                        </div>
                    </figure>
                    <figure>
                        <figcaption><Bi text=t("电脑（1024像素宽）", "Desktop (1024 px wide)")/></figcaption>
                        <div class="preview-frame" tabindex="0" role="region" aria-label=l("电脑宽度预览", "Desktop-width preview")>
                            <iframe src=form_url width="1024" height="720" title=l("电脑宽度的表单预览", "Form preview at desktop width")
                                sandbox="allow-same-origin allow-scripts" data-testid="preview-desktop"></iframe>
                        </div>
                    </figure>
                </div>
            </section>
        })}
        <section class="preview-choose" aria-labelledby="choose-h">
            <h2 id="choose-h"><Bi text=t("选择事项（任意组合）", "Choose items (any combination)")/></h2>
            <Picker screen target=if draft { PickerTarget::PreviewDraft } else { PickerTarget::Preview }/>
        </section>
    }
}
