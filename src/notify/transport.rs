//! How mail leaves: the configuration (`git config signoff.smtp`, …) and
//! the transports (SMTP, sendmail, none: the outbox keeps everything), and
//! the sending of one message from the outbox (claim, send, mark).

use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::{SendmailTransport, SmtpTransport, Transport};

use super::{Marked, Meta, Outbox};
use crate::store::Store;

/// How long one SMTP conversation may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Mail settings read from git config.
#[derive(Debug, Clone, Default)]
pub struct MailConfig {
    pub smtp: Option<String>,
    pub sendmail: Option<String>,
    pub from: Option<String>,
    pub reply_to: Option<String>,
    /// The repository's own address (`git config user.email`): the default
    /// sender, so that mail never goes out under a reviewer's address.
    pub sender: Option<String>,
    pub enabled: bool,
    /// The logo every HTML part shows, as an inline part (see
    /// [`super::view::mail_logo`]).
    pub logo: Option<(Vec<u8>, &'static str)>,
}

impl MailConfig {
    #[must_use]
    pub fn from_store(store: &Store) -> MailConfig {
        let get = |k: &str| store.config_string(k).filter(|v| !v.trim().is_empty());
        MailConfig {
            smtp: get("signoff.smtp"),
            sendmail: get("signoff.sendmail"),
            from: get("signoff.from"),
            reply_to: get("signoff.replyTo"),
            sender: get("user.email"),
            enabled: !matches!(
                get("signoff.notify")
                    .as_deref()
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("false" | "no" | "off" | "0")
            ),
            logo: super::view::mail_logo(store),
        }
    }

    /// Whether anything can deliver messages (else they wait in the outbox).
    #[must_use]
    pub fn has_transport(&self) -> bool {
        self.smtp.is_some() || self.sendmail.is_some()
    }
}

/// A configured way to hand messages on.
pub enum Sender {
    Smtp(Box<SmtpTransport>),
    Sendmail(SendmailTransport),
}

impl Sender {
    /// The configured transport, `Ok(None)` when there is none.
    pub fn from_config(cfg: &MailConfig) -> Result<Option<Sender>, String> {
        if let Some(url) = &cfg.smtp {
            return smtp_transport(url).map(|t| Some(Sender::Smtp(Box::new(t))));
        }
        Ok(cfg
            .sendmail
            .as_ref()
            .map(|cmd| Sender::Sendmail(SendmailTransport::new_with_command(cmd))))
    }

    /// Sends exact message bytes to the envelope's recipients.
    pub fn send(&self, meta: &Meta, bytes: &[u8]) -> Result<(), String> {
        match self {
            Sender::Smtp(t) => t
                .send_raw(&meta.envelope, bytes)
                .map(|_| ())
                .map_err(|e| crate::text::header(&e.to_string())),
            Sender::Sendmail(t) => t
                .send_raw(&meta.envelope, bytes)
                .map_err(|e| crate::text::header(&e.to_string())),
        }
    }
}

/// Builds an SMTP transport from `smtp://` / `smtps://`. Plain `smtp://`
/// requires STARTTLS unless the URL says `tls=opportunistic` or `tls=none`.
fn smtp_transport(url: &str) -> Result<SmtpTransport, String> {
    let (scheme, _) = url
        .split_once("://")
        .ok_or_else(|| format!("signoff.smtp {url:?} is not an smtp:// or smtps:// URL"))?;
    let mut url = url.to_string();
    match scheme {
        "smtps" => {}
        "smtp" => {
            let tls = url
                .split_once('?')
                .and_then(|(_, q)| q.split('&').find_map(|kv| kv.strip_prefix("tls=")))
                .map(str::to_string);
            match tls.as_deref() {
                None => {
                    url.push(if url.contains('?') { '&' } else { '?' });
                    url.push_str("tls=required");
                }
                Some("none") => {
                    // lettre's spelling of "no TLS" is no tls parameter at all.
                    let (base, q) = url.split_once('?').expect("has a query");
                    let rest: Vec<&str> = q.split('&').filter(|kv| *kv != "tls=none").collect();
                    url = if rest.is_empty() {
                        base.to_string()
                    } else {
                        format!("{base}?{}", rest.join("&"))
                    };
                }
                Some("required" | "opportunistic") => {}
                Some(other) => {
                    return Err(format!(
                        "signoff.smtp: unknown tls={other} (use required, opportunistic or none)"
                    ));
                }
            }
        }
        other => {
            return Err(format!(
                "signoff.smtp: unknown scheme {other}:// (use smtp:// or smtps://)"
            ));
        }
    }
    let mut builder = SmtpTransport::from_url(&url)
        .map_err(|e| format!("signoff.smtp: {}", crate::text::header(&e.to_string())))?;
    if let Ok(pass) = std::env::var("SIGNOFF_SMTP_PASSWORD") {
        let user = url_user(&url)?;
        if !user.is_empty() {
            builder = builder.credentials(Credentials::new(user, pass));
        }
    }
    Ok(builder.timeout(Some(SMTP_TIMEOUT)).build())
}

/// The user name of an `smtp://user@host` URL, percent-decoded (a user
/// name that is an email address is written `user%40example.com`). The
/// password in the URL, if any, lettre decodes itself.
fn url_user(url: &str) -> Result<String, String> {
    let Some(userinfo) = url
        .split_once("://")
        .map(|(_, rest)| rest.split(['/', '?']).next().unwrap_or_default())
        .and_then(|authority| authority.rsplit_once('@'))
        .map(|(userinfo, _)| userinfo)
    else {
        return Ok(String::new());
    };
    let raw = userinfo.split(':').next().unwrap_or_default();
    percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map(std::borrow::Cow::into_owned)
        .map_err(|_| {
            "signoff.smtp: the user name is not valid UTF-8 once percent-decoded".to_string()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls() {
        assert!(smtp_transport("smtp://127.0.0.1:2525?tls=none").is_ok());
        assert!(smtp_transport("smtp://user:pw@mail.example.com:587").is_ok());
        assert!(smtp_transport("smtps://mail.example.com").is_ok());
        assert!(smtp_transport("smtp://h?tls=maybe").is_err());
        assert!(smtp_transport("http://h").is_err());
        assert!(smtp_transport("h").is_err());
    }

    #[test]
    fn user_names_are_percent_decoded() {
        assert_eq!(
            url_user("smtp://user%40example.com:pa%3Ass@host:587").unwrap(),
            "user@example.com"
        );
        assert_eq!(url_user("smtp://host:25?tls=none").unwrap(), "");
        assert_eq!(url_user("smtp://bob@host").unwrap(), "bob");
    }
}

/// What became of one message handed to [`send_one`].
#[derive(Debug, PartialEq, Eq)]
pub enum Sent {
    /// Delivered and filed into `sent/`.
    Filed,
    /// Another process had claimed it.
    Taken,
    /// Delivered and marked so, but not filed into `sent/` (the error): it
    /// is listed as sent-unmarked and never sent again.
    Unfiled(String),
}

/// Claims, sends and marks one message.
pub fn send_one(outbox: &Outbox, sender: &Sender, id: &str) -> Result<Sent, String> {
    let Some((mut meta, bytes)) = outbox.claim(id).map_err(|e| e.to_string())? else {
        return Ok(Sent::Taken);
    };
    match sender.send(&meta, &bytes) {
        Ok(()) => match outbox.mark_sent(id, &mut meta) {
            Marked::Filed => Ok(Sent::Filed),
            Marked::Unfiled(e) => Ok(Sent::Unfiled(e)),
            Marked::Unmarked(e) => Err(format!(
                "sent, but could not mark it sent ({e}); a later flush may send it again"
            )),
        },
        Err(e) => {
            outbox
                .release(id, &mut meta, &e)
                .map_err(|io| format!("{e}; and could not return it to the outbox: {io}"))?;
            Err(e)
        }
    }
}
