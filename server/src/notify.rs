//! Telling applicants what changed. Every change to a part leaves a notification in the
//! database (shown on the applicant's pages); an SMS goes out through this seam once the change
//! is committed. The city plugs in its SMS gateway here; the development sender only logs.

use app::engine::Text;

pub trait SmsSender: Send + Sync + 'static {
    /// Sends `text` to the mobile number `phone`. Failures are the sender's to log: the
    /// notification on the applicant's pages stands either way.
    fn send(&self, phone: &str, text: &Text);
}

/// Logs instead of sending (the number masked): for development and tests.
pub struct LogSms;

impl SmsSender for LogSms {
    fn send(&self, phone: &str, text: &Text) {
        tracing::info!(
            to = %crate::auth::sign_in::mask_phone(phone),
            text = %text.zh,
            "SMS (development sender: logged, not sent)"
        );
    }
}
