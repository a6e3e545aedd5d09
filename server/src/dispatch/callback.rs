//! What departments' systems call: the callback that reports a decision on a part, and the
//! signed links to a part's files. Neither uses a session: the callback is signed with the
//! receiver's secret (see `signature`), a file link with the server's own key.

use std::sync::Arc;

use app::api::caller::ClientAddr;
use app::engine::Move;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use serde_json::json;

use super::signature;
use super::store;
use crate::backend::AppBackend;
use crate::clock::now_millis;
use crate::services::review::{self, ActError};

/// The largest callback body taken (a decision and a reason, not files).
pub const MAX_CALLBACK_BYTES: usize = 64 * 1024;

/// A receiver's report on one part. `version`, when sent, must be the part's current version
/// (as the delivery carried it): a report about an older state is refused as a conflict.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub part: String,
    pub action: String,
    #[serde(default)]
    pub version: Option<i64>,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub result: String,
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(default)]
    pub materials: Vec<String>,
}

impl Report {
    /// The reviewers' moves a system may report: accepted, needs correction, approved, refused.
    fn into_move(self) -> Result<(String, Option<i64>, Move), &'static str> {
        let too_long = |s: &str| s.chars().count() > app::engine::workflow::MAX_NOTE_CHARS;
        if too_long(&self.reason) || too_long(&self.result) {
            return Err("too_long");
        }
        let mv = match self.action.as_str() {
            "accept" => Move::Accept,
            "request_correction" => Move::RequestCorrection {
                fields: self.fields,
                materials: self.materials,
                reason: self.reason.trim().to_string(),
            },
            "approve" => Move::Approve {
                result: self.result.trim().to_string(),
            },
            "refuse" => Move::Refuse {
                reason: self.reason.trim().to_string(),
            },
            _ => return Err("unknown_action"),
        };
        Ok((self.part, self.version, mv))
    }
}

fn answer(status: StatusCode, error: &str, zh: &str, en: &str) -> Response {
    (
        status,
        Json(json!({"ok": false, "error": error, "message": {"zh": zh, "en": en}})),
    )
        .into_response()
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// `POST /dispatch/callback`: a receiver reports a decision. Refused, with nothing changed,
/// when the receiver is unknown or inactive, the signature or timestamp does not check, or
/// the same signed request was taken before (a replay).
pub async fn report(
    Extension(backend): Extension<Arc<AppBackend>>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let unauthorised = |code: &str| {
        tracing::warn!(code, client = %client.0, "callback refused");
        answer(
            StatusCode::UNAUTHORIZED,
            code,
            "签名无效或已过期，未作任何更改。",
            "The signature is not valid or has expired; nothing was changed.",
        )
    };
    let Some(receiver_id) = header(&headers, signature::RECEIVER) else {
        return unauthorised("unknown_receiver");
    };
    let receiver = async {
        let mut conn = backend.db().pool.acquire().await?;
        store::receiver(&mut conn, receiver_id).await
    }
    .await;
    let receiver = match receiver {
        Ok(Some(r)) if r.active => r,
        Ok(_) => return unauthorised("unknown_receiver"),
        Err(e) => {
            tracing::error!(error = %e, "reading a receiver failed");
            return unavailable();
        }
    };
    let Some(secret) = backend.keys().open(&receiver.secret) else {
        tracing::error!(receiver = %receiver.id, "the receiver's secret does not open");
        return unauthorised("unknown_receiver");
    };
    let now = now_millis();
    let signature_value = header(&headers, signature::SIGNATURE);
    if let Err(refused) = signature::verify(
        &secret,
        header(&headers, signature::TIMESTAMP),
        signature_value,
        &body,
        now / 1000,
    ) {
        return unauthorised(refused.code());
    }
    let report: Report = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return answer(
                StatusCode::BAD_REQUEST,
                "bad_json",
                &format!("请求内容不是约定的格式：{e}"),
                &format!("The body is not in the agreed form: {e}"),
            )
        }
    };
    let (part, version, mv) = match report.into_move() {
        Ok(m) => m,
        Err(code) => {
            return answer(
                StatusCode::BAD_REQUEST,
                code,
                "不支持的操作或说明过长（可报告：accept、request_correction、approve、refuse）。",
                "Unsupported action or a note too long (report accept, request_correction, approve or refuse).",
            )
        }
    };
    // Taken once: the same signed request again is a replay, whatever it says.
    let window_ms = signature::WINDOW_SECS * 1000;
    let taken = async {
        let mut conn = backend.db().writer.acquire().await?;
        store::take_signature(
            &mut conn,
            signature_value.unwrap_or_default(),
            &receiver.id,
            now,
            now - 2 * window_ms,
        )
        .await
    }
    .await;
    match taken {
        Ok(true) => {}
        Ok(false) => {
            tracing::warn!(receiver = %receiver.id, "callback replay refused");
            return answer(
                StatusCode::CONFLICT,
                "replay",
                "该请求已处理过，不再重复处理。",
                "This request was already taken; it is not taken twice.",
            );
        }
        Err(e) => {
            tracing::error!(error = %e, "recording a callback signature failed");
            return unavailable();
        }
    }
    let env = backend.act_env(&client.0);
    let done = review::act_as_receiver(
        &env,
        &receiver.id,
        &receiver.department_id,
        &part,
        version,
        mv,
    )
    .await;
    match done {
        Ok(status) => {
            Json(json!({"ok": true, "part": part, "status": status.code()})).into_response()
        }
        Err(ActError::Unknown) => answer(
            StatusCode::NOT_FOUND,
            "unknown_part",
            "本部门没有这个办件。",
            "This department has no such part.",
        ),
        Err(ActError::Conflict) => answer(
            StatusCode::CONFLICT,
            "conflict",
            "办件已被更改，请按最新状态重新报告。",
            "The part changed since; report again on its current state.",
        ),
        Err(ActError::Illegal(illegal)) => {
            let message = illegal.message();
            answer(
                StatusCode::UNPROCESSABLE_ENTITY,
                "illegal_move",
                &message.zh,
                &message.en,
            )
        }
        Err(ActError::Invalid(code)) => answer(
            StatusCode::BAD_REQUEST,
            code,
            "请求内容不完整。",
            "The request is incomplete.",
        ),
        Err(ActError::Denied(_)) => unauthorised("denied"),
        Err(ActError::Storage(_)) => unavailable(),
    }
}

fn unavailable() -> Response {
    answer(
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        "系统暂时不可用，请稍后重试。",
        "Temporarily unavailable; try again shortly.",
    )
}

#[derive(Deserialize)]
pub struct LinkQuery {
    expires: i64,
    signature: String,
}

/// `GET /dispatch/files/{part}/{key}?expires=…&signature=…`: a material's file, for whoever
/// holds a link the dispatcher signed, until it expires. Audited.
pub async fn file(
    Extension(backend): Extension<Arc<AppBackend>>,
    Path((part, key)): Path<(String, String)>,
    Query(q): Query<LinkQuery>,
) -> Response {
    let message = super::payload::link_message(&part, &key, q.expires);
    if !backend.keys().link_signed(&message, &q.signature) {
        return crate::back_office::not_found();
    }
    if q.expires < now_millis() / 1000 {
        return answer(
            StatusCode::GONE,
            "link_expired",
            "链接已过期。",
            "The link has expired.",
        );
    }
    let found = async {
        let mut conn = backend.db().pool.acquire().await?;
        let row = crate::repo::part(&mut conn, &part).await?;
        Ok::<_, sqlx::Error>((row, conn))
    }
    .await;
    let (row, mut conn) = match found {
        Ok((Some(row), conn)) => (row, conn),
        Ok((None, _)) => return crate::back_office::not_found(),
        Err(e) => {
            tracing::error!(error = %e, "reading a part failed");
            return unavailable();
        }
    };
    let response = crate::back_office::material_response(&mut conn, &row, &key).await;
    drop(conn);
    if response.status().is_success() {
        backend
            .audit_as(
                &format!("link:{}", row.department_id),
                "file_view",
                &row.id,
                &format!("material={key}"),
            )
            .await;
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(action: &str) -> Report {
        serde_json::from_value(json!({"part": "P-1", "action": action, "reason": "缺少材料"}))
            .expect("parses")
    }

    #[test]
    fn a_system_reports_the_four_decisions_and_nothing_else() {
        assert!(matches!(
            report("accept").into_move(),
            Ok((_, None, Move::Accept))
        ));
        assert!(matches!(
            report("request_correction").into_move(),
            Ok((_, _, Move::RequestCorrection { .. }))
        ));
        assert!(matches!(
            report("approve").into_move(),
            Ok((_, _, Move::Approve { .. }))
        ));
        assert!(matches!(
            report("refuse").into_move(),
            Ok((_, _, Move::Refuse { .. }))
        ));
        assert_eq!(report("transfer").into_move().err(), Some("unknown_action"));
        assert_eq!(report("answer").into_move().err(), Some("unknown_action"));
    }

    #[test]
    fn unknown_fields_are_refused_rather_than_ignored() {
        let parsed: Result<Report, _> =
            serde_json::from_value(json!({"part": "P-1", "action": "accept", "department": "x"}));
        assert!(parsed.is_err());
    }
}
