//! One language at a time: Chinese by default, English when the reader chose it.
//!
//! Texts stay bilingual as data (catalog names, messages, [`t`] literals); only what is rendered
//! changes. The server renders the chosen language alone, so a page does not carry the other.
//! Islands render the same language in the browser by reading the page's `lang` attribute, which
//! the server wrote: hydration sees exactly the text the server sent.

use leptos::prelude::*;

use crate::engine::Text;

/// The language a page is rendered in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The BCP 47 tag for `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// From the `lang` cookie's value (`en` or anything else).
    pub fn from_cookie(value: Option<&str>) -> Lang {
        if value == Some("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }

    /// The one of a pair that this language reads.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// A bilingual text in this language.
    pub fn of(self, text: &Text) -> &str {
        self.pick(&text.zh, &text.en)
    }
}

/// The cookie that remembers a reader's choice for a year (read by [`lang`] on the server).
pub fn language_cookie(lang: Lang) -> String {
    let code = lang.pick("zh", "en");
    format!("lang={code}; Path=/; Max-Age=31536000; SameSite=Lax")
}

/// The elder-friendly mode (关怀模式, after the age-friendly rules 互联网应用适老化及无障碍改造):
/// larger type, more space, the common life events first. Chosen on any page, remembered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Care(pub bool);

/// The cookie that remembers the elder-friendly mode for a year.
pub fn care_cookie(on: bool) -> String {
    let value = if on { "1" } else { "0" };
    format!("care={value}; Path=/; Max-Age=31536000; SameSite=Lax")
}

/// Whether the page is rendered in the elder-friendly mode: the shell's context on the server,
/// the cookie in server functions. Only server-rendered parts ask (the mode is CSS on
/// `<html class="care">`), so islands never need it in the browser.
pub fn care() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<Care>()
            .map(|c| c.0)
            .unwrap_or_else(|| request_cookie("care").as_deref() == Some("1"))
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}

/// One cookie of the request being answered.
#[cfg(feature = "ssr")]
fn request_cookie(name: &str) -> Option<String> {
    use_context::<http::request::Parts>().and_then(|p| crate::api::cookie(&p.headers, name))
}

/// The language of the page being rendered. On the server: the shell provides it from the
/// request's cookie (server functions, which run outside the shell, read the cookie). In the
/// browser: the `lang` attribute the server put on `<html>`.
pub fn lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<Lang>()
            .unwrap_or_else(|| Lang::from_cookie(request_cookie("lang").as_deref()))
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        thread_local! {
            static PAGE: Lang = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
                .and_then(|e| e.get_attribute("lang"))
                .map(|tag| if tag == "en" { Lang::En } else { Lang::Zh })
                .unwrap_or_default();
        }
        PAGE.with(|l| *l)
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Lang::default()
    }
}

/// A bilingual text in the page's language.
pub fn tr(text: &Text) -> String {
    lang().of(text).to_string()
}

/// A literal pair in the page's language: `{l("退出", "Sign out")}`.
pub fn l(zh: &'static str, en: &'static str) -> &'static str {
    lang().pick(zh, en)
}

/// Renders a bilingual text in the page's language (the name stays: bilingual as data).
#[component]
pub fn Bi(#[prop(into)] text: Text) -> impl IntoView {
    tr(&text)
}

/// Shorthand for literal UI strings.
pub fn t(zh: &str, en: &str) -> Text {
    Text::new(zh, en)
}
