//! Dispatch, for administrators: where each department's parts are delivered (the product's own
//! queue, or the department's system at an address with a shared secret) and the deliveries
//! given up on, each with its last error and a "deliver again" button.

use crate::engine::Text;

/// A shared secret shorter than this is refused: it must resist guessing offline (32
/// characters of a random token carry well over 128 bits).
pub const MIN_SECRET_CHARS: usize = 32;

/// Why a field of the receiver form was refused, by the code the server sends back.
pub fn receiver_error(field: &str) -> Option<Text> {
    Some(match field {
        "department" => Text::new("请选择部门。", "Choose a department."),
        "url" => Text::new(
            "请填写以 https:// 开头的接收地址（仅本机测试可用 http://127.0.0.1）。",
            "Enter an address starting with https:// (plain http only to this machine, for tests).",
        ),
        "secret" => Text::new(
            format!("共享密钥至少{MIN_SECRET_CHARS}个字符。"),
            format!("The shared secret needs at least {MIN_SECRET_CHARS} characters."),
        ),
        "storage" => Text::new(
            "系统暂时不可用，未保存。请稍后再试。",
            "Temporarily unavailable: nothing was saved. Try again shortly.",
        ),
        _ => return None,
    })
}
