//! Reading the page aloud (朗读), offered in the elder-friendly mode: the browser's own speech
//! synthesis reads the page's main content — or the text the reader selected — in the page's
//! language, a little slower than usual. Nothing leaves the device. Without JavaScript, or in a
//! browser without speech synthesis, the button stays hidden rather than offering what cannot
//! work.

use leptos::prelude::*;

use crate::i18n::l;

/// The button in the masthead. An island, lazy: its few lines load only on pages in the mode.
#[island(lazy)]
pub fn ReadAloud() -> impl IntoView {
    let speaking = RwSignal::new(false);
    let available = RwSignal::new(false);
    crate::components::island_is_live();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| available.set(speech::available()));
    let toggle = move |_| {
        #[cfg(feature = "hydrate")]
        {
            if speaking.get_untracked() {
                speech::stop();
                speaking.set(false);
            } else {
                speaking.set(speech::start(move || speaking.set(false)));
            }
        }
    };
    view! {
        <button
            type="button"
            class="read-aloud link-button"
            data-testid="read-aloud"
            hidden=move || !available.get()
            aria-pressed=move || if speaking.get() { "true" } else { "false" }
            on:click=toggle
        >
            {move || if speaking.get() { l("停止朗读", "Stop reading") } else { l("朗读本页", "Read aloud") }}
        </button>
    }
}

/// Cuts text into pieces of at most about `max` characters at sentence ends (and line breaks),
/// because browsers stop long utterances part-way. Blank pieces are dropped; a sentence longer
/// than `max` is cut at `max`.
pub fn pieces(text: &str, max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut len = 0;
    let mut flush = |current: &mut String, len: &mut usize| {
        let piece = current.trim();
        if !piece.is_empty() {
            out.push(piece.to_string());
        }
        current.clear();
        *len = 0;
    };
    for c in text.chars() {
        if c == '\n' {
            flush(&mut current, &mut len);
            continue;
        }
        current.push(c);
        len += 1;
        if matches!(c, '。' | '！' | '？' | '；' | '.' | '!' | '?' | ';') || len >= max {
            flush(&mut current, &mut len);
        }
    }
    flush(&mut current, &mut len);
    out
}

#[cfg(feature = "hydrate")]
mod speech {
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{HtmlElement, SpeechSynthesis, SpeechSynthesisUtterance};

    fn synthesis() -> Option<SpeechSynthesis> {
        let window = web_sys::window()?;
        let has = |name: &str| {
            js_sys::Reflect::get(&window, &JsValue::from_str(name))
                .is_ok_and(|v| !v.is_undefined() && !v.is_null())
        };
        if !has("speechSynthesis") || !has("SpeechSynthesisUtterance") {
            return None;
        }
        window.speech_synthesis().ok()
    }

    pub fn available() -> bool {
        synthesis().is_some()
    }

    pub fn stop() {
        if let Some(s) = synthesis() {
            s.cancel();
        }
    }

    /// What to read: the reader's selection, else the main content as it shows (`innerText`
    /// leaves out what is hidden).
    fn text() -> Option<String> {
        let window = web_sys::window()?;
        let selected = window
            .get_selection()
            .ok()
            .flatten()
            .and_then(|s| s.to_string().as_string())
            .filter(|s| !s.trim().is_empty());
        if selected.is_some() {
            return selected;
        }
        let main = window.document()?.get_element_by_id("main")?;
        Some(main.dyn_into::<HtmlElement>().ok()?.inner_text())
    }

    /// Queues the pieces; `done` runs when the last ends or speech fails. False when there was
    /// nothing to read or no speech synthesis.
    pub fn start(done: impl Fn() + Clone + 'static) -> bool {
        let (Some(synth), Some(text)) = (synthesis(), text()) else {
            return false;
        };
        let lang = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .unwrap_or_else(|| "zh-CN".into());
        let pieces = super::pieces(&text, 160);
        synth.cancel();
        let last = pieces.len().saturating_sub(1);
        for (i, piece) in pieces.iter().enumerate() {
            let Ok(u) = SpeechSynthesisUtterance::new_with_text(piece) else {
                return false;
            };
            u.set_lang(&lang);
            u.set_rate(0.9);
            if i == last {
                let on_end = wasm_bindgen::closure::Closure::once_into_js(done.clone());
                let on_error = wasm_bindgen::closure::Closure::once_into_js(done.clone());
                u.set_onend(Some(on_end.unchecked_ref()));
                u.set_onerror(Some(on_error.unchecked_ref()));
            }
            synth.speak(&u);
        }
        !pieces.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::pieces;

    #[test]
    fn text_is_read_sentence_by_sentence_without_blank_pieces() {
        let text = "申请人信息\n\n姓名。身份证号！Check your answers. Then submit?\n  \n";
        assert_eq!(
            pieces(text, 160),
            [
                "申请人信息",
                "姓名。",
                "身份证号！",
                "Check your answers.",
                "Then submit?"
            ]
        );
    }

    #[test]
    fn a_sentence_longer_than_the_limit_is_cut() {
        let long = "很".repeat(25);
        let cut = pieces(&long, 10);
        assert_eq!(cut.len(), 3);
        assert!(cut.iter().all(|p| p.chars().count() <= 10));
        assert_eq!(cut.concat(), long);
    }
}
