//! Window staff preview a combination before anything is typed: the merged form exactly as a
//! citizen gets it, at phone and desktop widths side by side. The frames are sandboxed without
//! forms, so nothing in a preview can be saved or submitted. The page's address is the
//! shareable link.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{encode, get_catalog_overview, get_staff_me};
use crate::components::LoadError;
use crate::i18n::{l, t, Bi};

#[component]
pub fn PreviewPage() -> impl IntoView {
    let chosen = use_query_map().with_untracked(|q| q.get_all("items").unwrap_or_default());
    let me = Resource::new(|| (), |_| get_staff_me());
    let overview = Resource::new(|| (), |_| get_catalog_overview());
    view! {
        <h1><Bi text=t("表单预览", "Preview a form")/></h1>
        <Suspense fallback=|| view! { <p><Bi text=t("正在加载…", "Loading…")/></p> }>
            {move || {
                let chosen = chosen.clone();
                Suspend::new(async move {
                    if !matches!(me.await, Ok(Some(_))) {
                        return view! {
                            <p><Bi text=t("请先用工作人员账号登录。", "Please sign in with a staff account.")/></p>
                            <p><a class="button" href="/staff/sign-in?next=%2Fstaff%2Fpreview"><Bi text=t("工作人员登录", "Staff sign-in")/></a></p>
                        }.into_any();
                    }
                    match overview.await {
                        Ok(overview) => view! { <Preview groups=overview.by_department chosen/> }.into_any(),
                        Err(error) => view! { <LoadError error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Preview(groups: Vec<crate::api::Group>, chosen: Vec<String>) -> impl IntoView {
    let form_url = {
        let mut url = String::from("/apply?");
        url.push_str(
            &chosen
                .iter()
                .map(|id| format!("items={}", encode(id)))
                .collect::<Vec<_>>()
                .join("&"),
        );
        url
    };
    let share = {
        let query: Vec<String> = chosen
            .iter()
            .map(|id| format!("items={}", encode(id)))
            .collect();
        format!("/staff/preview?{}", query.join("&"))
    };
    let any = !chosen.is_empty();
    view! {
        {any.then(|| view! {
            <section aria-labelledby="frames-h">
                <h2 id="frames-h"><Bi text=t("市民看到的表单", "The form as a citizen sees it")/></h2>
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
        <form method="get" action="/staff/preview" class="preview-choose">
            <h2><Bi text=t("选择事项（任意组合）", "Choose items (any combination)")/></h2>
            {groups.into_iter().map(|g| view! {
                <fieldset class="field">
                    <legend><Bi text=g.name.clone()/></legend>
                    {g.items.into_iter().map(|item| {
                        let id = format!("preview-{}", item.id);
                        let checked = chosen.contains(&item.id);
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=id.clone() name="items" value=item.id.clone() checked=checked/>
                                <label for=id><Bi text=item.name/></label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            }).collect_view()}
            <button type="submit" class="button" data-testid="show-preview"><Bi text=t("预览表单", "Preview the form")/></button>
        </form>
    }
}
