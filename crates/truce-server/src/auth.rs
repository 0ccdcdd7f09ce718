//! Who is asking: accounts, passwords (Argon2id), API tokens and sessions
//! (random secrets stored only as SHA-256 hashes), CSRF tokens for forms, and
//! the login rate limit.

use crate::app::{AppError, AppState};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::Duration;
use truce_store::prelude::*;
use truce_store::{Role, User, Visibility};

/// The session cookie when cookies are sent without `Secure` (`truce serve
/// --http-cookies`, plain HTTP beyond this machine).
pub const SESSION_COOKIE: &str = "truce_session";
/// The session cookie otherwise: `__Host-` (Secure, Path=/, no Domain).
pub const SESSION_COOKIE_HOST: &str = "__Host-truce_session";
/// How long a session lasts without signing in again.
pub const SESSION_SECONDS: i64 = 12 * 3600;

/// A random secret, as URL-safe base64 (32 bytes: 256 bits).
pub fn random_secret() -> anyhow::Result<String> {
    use base64::Engine;
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b))
}

/// Tokens and session ids are high-entropy, so a plain SHA-256 is enough to
/// store them (unlike passwords).
pub fn secret_hash(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// An Argon2id hash of a password, as a PHC string. Slow on purpose: call it
/// off the async threads.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    use argon2::password_hash::PasswordHasher;
    argon2::Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    use argon2::password_hash::PasswordVerifier;
    use argon2::password_hash::phc::PasswordHash;
    match PasswordHash::new(phc) {
        Ok(h) => argon2::Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok(),
        Err(_) => false,
    }
}

/// A password a person chose: long enough to resist guessing once hashed.
pub fn check_password_strength(password: &str) -> Result<(), String> {
    if password.chars().count() < 12 {
        return Err("a password needs at least 12 characters".into());
    }
    if password.len() > 1024 {
        return Err("a password may have at most 1024 bytes".into());
    }
    Ok(())
}

/// The person or machine behind a request; `user` is None for the public.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    pub user: Option<User>,
    /// The session's CSRF token (signed in through the login form).
    pub csrf: Option<String>,
    /// Signed in with an API token: no cookie, so no CSRF check applies.
    pub by_token: bool,
    /// The language pages speak to them in (cookie, else Accept-Language).
    pub lang: crate::i18n::Lang,
    /// The page's own path and query, for the language switch to come back to.
    pub here: String,
    /// The time zone the viewer chose for times on pages (the `tz` cookie),
    /// when it names one of [`crate::pages::ZONES`]; else the agreement's.
    pub zone: Option<&'static str>,
}

impl Viewer {
    pub fn role(&self) -> Option<Role> {
        self.user.as_ref().map(|u| u.role)
    }

    pub fn name(&self) -> Option<&str> {
        self.user.as_ref().map(|u| u.name.as_str())
    }

    pub fn is_staff(&self) -> bool {
        self.role().is_some_and(Role::is_staff)
    }

    /// What this viewer may see of the record.
    pub fn visibility(&self) -> Visibility {
        Visibility::of(self.user.as_ref())
    }

    /// The public sees coarsened coordinates and no free text.
    pub fn is_public(&self) -> bool {
        self.user.is_none()
    }

    /// The signed-in user if their role is one of `roles`: 401 for the
    /// public, 403 for other roles.
    pub fn require(&self, roles: &[Role]) -> Result<&User, AppError> {
        match &self.user {
            None => Err(AppError::Unauthorized),
            Some(u) if roles.contains(&u.role) => Ok(u),
            Some(u) => Err(AppError::Forbidden(format!(
                "a {} may not do this",
                u.role.as_str()
            ))),
        }
    }

    /// Checks a form's CSRF token against the session's.
    pub fn check_csrf(&self, token: &str) -> Result<(), AppError> {
        if self.by_token {
            return Ok(());
        }
        match &self.csrf {
            Some(t) if constant_time_eq(t.as_bytes(), token.as_bytes()) => Ok(()),
            _ => Err(AppError::Forbidden(
                "the form has expired or did not come from this site; reload the page and try again"
                    .into(),
            )),
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The cookie that carries a status message ("Decision recorded…") from a
/// form's redirect to the page it lands on. Messages never travel in the URL,
/// where anyone could write one into a link; the cookie is bound to the
/// session by a keyed hash, so only this server can have set it for this
/// signed-in user.
pub const FLASH_COOKIE: &str = "truce_flash";
/// Longest message a flash cookie carries.
const FLASH_MAX: usize = 600;

fn flash_mac(csrf: &str, msg: &str) -> String {
    // The input has a fixed length after the key (a digest of the message),
    // so the plain keyed hash cannot be extended into another message's.
    let inner = Sha256::digest(msg.as_bytes());
    let mut h = Sha256::new();
    h.update(b"truce-flash\0");
    h.update(csrf.as_bytes());
    h.update(b"\0");
    h.update(inner);
    hex::encode(h.finalize())
}

/// The `Set-Cookie` value that shows `msg` once on the next page this viewer
/// opens; None for a viewer without a session (API tokens get JSON answers).
pub fn flash_set(viewer: &Viewer, msg: &str, secure: bool) -> Option<String> {
    use base64::Engine;
    let csrf = viewer.csrf.as_deref()?;
    let msg: String = msg.chars().take(FLASH_MAX).collect();
    let body = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(msg.as_bytes());
    let secure = if secure { "; Secure" } else { "" };
    Some(format!(
        "{FLASH_COOKIE}={body}.{}; Path=/; HttpOnly; SameSite=Strict; Max-Age=120{secure}",
        flash_mac(csrf, &msg)
    ))
}

/// The message a flash cookie in `headers` carries, if it was set by this
/// server for this viewer's session; anything else is ignored.
pub fn flash_take(headers: &axum::http::HeaderMap, viewer: &Viewer) -> Option<String> {
    use base64::Engine;
    let csrf = viewer.csrf.as_deref()?;
    let value = headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == FLASH_COOKIE)
        .map(|(_, v)| v)?;
    let (body, mac) = value.split_once('.')?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(body)
        .ok()?;
    let msg = String::from_utf8(bytes).ok()?;
    constant_time_eq(flash_mac(csrf, &msg).as_bytes(), mac.as_bytes()).then_some(msg)
}

/// The message a server-set flash cookie carries for this page (never text
/// from the address), taken once: [`Flash::shown`] clears the cookie on the
/// page that shows it.
pub struct Flash {
    pub message: String,
    present: bool,
}

impl Flash {
    pub fn take(headers: &axum::http::HeaderMap, viewer: &Viewer) -> Flash {
        let m = flash_take(headers, viewer);
        Flash {
            present: m.is_some(),
            message: m.unwrap_or_default(),
        }
    }

    /// `page`, clearing the cookie when it carried a message.
    pub fn shown(&self, mut page: axum::response::Response) -> axum::response::Response {
        if self.present
            && let Ok(v) = axum::http::HeaderValue::from_str(&flash_clear())
        {
            page.headers_mut().append(axum::http::header::SET_COOKIE, v);
        }
        page
    }
}

/// The `Set-Cookie` value that removes the flash cookie once shown.
pub fn flash_clear() -> String {
    format!("{FLASH_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// The value of a cookie in a request.
pub fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    header_cookie(&parts.headers, name)
}

/// A cookie's value from request headers.
pub fn header_cookie<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

impl FromRequestParts<Arc<AppState>> for Viewer {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        if let Some(v) = parts.extensions.get::<Viewer>() {
            return Ok(v.clone());
        }
        let bearer = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_string());
        let viewer = if let Some(token) = bearer {
            let hash = secret_hash(&token);
            let user = state.read(move |s| Ok(s.user_by_token(&hash)?)).await?;
            match user {
                Some(u) if !u.disabled => Viewer {
                    user: Some(u),
                    csrf: None,
                    by_token: true,
                    ..Viewer::default()
                },
                // A wrong token is an error, not a silent downgrade to public.
                _ => return Err(AppError::Unauthorized),
            }
        } else if let Some(sid) = cookie(parts, state.session_cookie()) {
            let hash = secret_hash(sid);
            match state.read(move |s| Ok(s.session(&hash)?)).await? {
                Some((u, csrf)) if !u.disabled => Viewer {
                    user: Some(u),
                    csrf: Some(csrf),
                    by_token: false,
                    ..Viewer::default()
                },
                _ => Viewer::default(),
            }
        } else {
            Viewer::default()
        };
        let mut viewer = viewer;
        viewer.lang = crate::i18n::Lang::negotiate(
            cookie(parts, crate::i18n::COOKIE),
            parts
                .headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
        );
        viewer.zone = cookie(parts, crate::pages::ZONE_COOKIE).and_then(crate::pages::known_zone);
        viewer.here = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        parts.extensions.insert(viewer.clone());
        Ok(viewer)
    }
}

/// The address of the person behind a request: the connection's peer, or,
/// behind a configured proxy, the address the proxy forwarded for. Never a
/// header a client could set itself.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub std::net::IpAddr);

impl FromRequestParts<Arc<AppState>> for ClientIp {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<crate::app::Peer>()
            .map(|p| p.0.ip())
            .ok_or_else(|| {
                AppError::Internal(anyhow::anyhow!(
                    "a request without its connection's address"
                ))
            })?;
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(",");
        Ok(ClientIp(state.config.client_ip(
            peer,
            (!forwarded.is_empty()).then_some(forwarded.as_str()),
        )))
    }
}

/// Limits failed sign-ins per account and per address in a sliding window,
/// so that passwords cannot be guessed at speed. The failures are kept in
/// the workspace, so that every server sharing it counts them together
/// (and a restart forgets nothing).
pub struct LoginLimiter {
    max_failures: u32,
    window: Duration,
}

impl LoginLimiter {
    pub fn new(max_failures: u32, window: Duration) -> Self {
        LoginLimiter {
            max_failures,
            window,
        }
    }

    fn window_secs(&self) -> i64 {
        self.window.as_secs().min(i64::MAX as u64) as i64
    }

    /// Seconds to wait when any of `keys` has too many recent failures.
    pub fn blocked(&self, store: &dyn Store, keys: &[String]) -> anyhow::Result<Option<u64>> {
        let now = jiff::Timestamp::now().as_second();
        let window = self.window_secs();
        let mut wait = None;
        for (count, first) in store.login_failures(keys, now - window + 1)? {
            if count >= u64::from(self.max_failures)
                && let Some(first) = first
            {
                let left = (first + window - now).max(1) as u64;
                wait = Some(wait.unwrap_or(0).max(left));
            }
        }
        Ok(wait)
    }

    pub fn failed(&self, store: &mut dyn Store, keys: &[String]) -> anyhow::Result<()> {
        let now = jiff::Timestamp::now().as_second();
        store.note_login_failure(keys, now, now - self.window_secs())?;
        Ok(())
    }

    pub fn succeeded(&self, store: &mut dyn Store, keys: &[String]) -> anyhow::Result<()> {
        store.clear_login_failures(keys)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterz", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn limiter_blocks_after_failures_and_forgets_on_success() {
        let l = LoginLimiter::new(3, Duration::from_secs(60));
        let mut s = truce_store_sqlite::SqliteStore::create(":memory:").unwrap();
        let k = vec!["user:a".to_string()];
        assert_eq!(l.blocked(&s, &k).unwrap(), None);
        l.failed(&mut s, &k).unwrap();
        l.failed(&mut s, &k).unwrap();
        assert_eq!(l.blocked(&s, &k).unwrap(), None);
        l.failed(&mut s, &k).unwrap();
        assert!(
            l.blocked(&s, &k)
                .unwrap()
                .is_some_and(|s| (1..=60).contains(&s))
        );
        l.succeeded(&mut s, &k).unwrap();
        assert_eq!(l.blocked(&s, &k).unwrap(), None);
    }

    #[test]
    fn csrf_tokens_must_match() {
        let v = Viewer {
            user: None,
            csrf: Some("abc".into()),
            by_token: false,
            ..Viewer::default()
        };
        assert!(v.check_csrf("abc").is_ok());
        assert!(v.check_csrf("abd").is_err());
        assert!(v.check_csrf("").is_err());
        assert!(Viewer::default().check_csrf("abc").is_err());
    }
}
