//! Accounts: created, disabled, enabled and given new passwords or API
//! tokens, by `truce user` and by the administrator's page
//! `/admin/accounts` alike, through the functions here (one set of rules).

use crate::app::{AppError, AppState};
use crate::auth::{self, Viewer};
use crate::pages::{Frame, PageError};
use anyhow::{Result, bail};
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use std::sync::Arc;
use truce_store::prelude::*;
use truce_store::{Role, User};

/// Creates an account; returns its API token (shown once: only its hash is
/// kept) and its id.
pub fn create(
    store: &mut dyn Store,
    name: &str,
    role: &str,
    party: Option<&str>,
    password: Option<&str>,
) -> Result<(String, i64)> {
    let name = name.trim();
    if name.is_empty()
        || name.len() > 64
        || name.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        bail!("a user name is 1 to 64 characters without spaces");
    }
    let Some(role) = Role::parse(role) else {
        bail!("role: \"{role}\" is not administrator, monitor, adjudicator or liaison");
    };
    let agreement = store.agreement()?.agreement;
    let ids = || {
        agreement
            .parties
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let party = match (role, party.map(str::trim).filter(|p| !p.is_empty())) {
        (Role::Liaison, None) => bail!("a liaison is bound to one party: choose one ({})", ids()),
        (Role::Liaison, Some(p)) => match agreement.party_resolver().resolve(p) {
            Some(id) => Some(id.to_string()),
            None => bail!(
                "party: the agreement has no party \"{p}\" (it has {})",
                ids()
            ),
        },
        (_, Some(_)) => bail!("a party applies only to liaisons"),
        (_, None) => None,
    };
    if store.user_by_name(name)?.is_some() {
        bail!("there is already an account named \"{name}\"");
    }
    let hash = match password.filter(|p| !p.is_empty()) {
        Some(p) => {
            auth::check_password_strength(p).map_err(|e| anyhow::anyhow!(e))?;
            Some(auth::hash_password(p)?)
        }
        None => None,
    };
    let id = store.add_user(name, role, party.as_deref(), hash.as_deref())?;
    let token = new_token(store, id)?;
    Ok((token, id))
}

/// A new API token for an account (its earlier ones keep working).
pub fn new_token(store: &mut dyn Store, user_id: i64) -> Result<String> {
    let token = auth::random_secret()?;
    store.add_token(user_id, &auth::secret_hash(&token))?;
    Ok(token)
}

/// Sets an account's password and ends its sessions, so a password that
/// leaked stops working everywhere at once.
pub fn set_password(store: &mut dyn Store, user: &User, password: &str) -> Result<()> {
    auth::check_password_strength(password).map_err(|e| anyhow::anyhow!(e))?;
    store.set_password(user.id, &auth::hash_password(password)?)?;
    store.end_sessions(user.id)?;
    Ok(())
}

/// Disables an account (ending its sessions; its tokens are refused) or
/// enables it again.
pub fn set_disabled(store: &mut dyn Store, user: &User, disabled: bool) -> Result<()> {
    store.set_user_disabled(user.id, disabled)?;
    if disabled {
        store.end_sessions(user.id)?;
    }
    Ok(())
}

/// The account named `name`, or an error that says so.
pub fn named(store: &dyn Store, name: &str) -> Result<User> {
    match store.user_by_name(name.trim())? {
        Some(u) => Ok(u),
        None => bail!("there is no account named \"{}\"", name.trim()),
    }
}

// The administrator's page.

pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/admin/accounts", get(page).post(act))
}

type St = State<Arc<AppState>>;

#[derive(Template)]
#[template(path = "accounts.html")]
struct AccountsPage {
    f: Frame,
    users: Vec<User>,
    me: String,
    roles: [&'static str; 4],
    parties: Vec<(String, String)>,
    message: String,
    error: String,
    /// A new token, shown once, and whose it is.
    secret: Option<(String, String)>,
}

async fn render(
    state: &Arc<AppState>,
    viewer: &Viewer,
    message: String,
    error: String,
    secret: Option<(String, String)>,
) -> Result<Response, PageError> {
    let mut users = state.read(|s| Ok(s.users()?)).await?;
    users.sort_by(|a, b| (a.role.as_str(), &a.name).cmp(&(b.role.as_str(), &b.name)));
    crate::pages::html(AccountsPage {
        f: Frame::new(state, viewer, viewer.lang.t("accounts-title"), "accounts"),
        users,
        me: viewer.name().unwrap_or("").to_string(),
        roles: ["monitor", "adjudicator", "liaison", "administrator"],
        parties: crate::pages::party_choices(state, viewer.lang),
        message,
        error,
        secret,
    })
}

async fn page(State(state): St, viewer: Viewer, headers: HeaderMap) -> Result<Response, PageError> {
    viewer.require(&[Role::Administrator])?;
    let flash = auth::Flash::take(&headers, &viewer);
    let page = render(&state, &viewer, flash.message.clone(), String::new(), None).await?;
    Ok(flash.shown(page))
}

#[derive(serde::Deserialize, Default)]
struct AccountForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    party: String,
    #[serde(default)]
    password: String,
}

/// What an administrator asked of an account.
enum Done {
    Message(String),
    Token(String, String),
}

async fn act(
    State(state): St,
    viewer: Viewer,
    form: Result<Form<AccountForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(form) =
        form.map_err(|e| AppError::BadRequest(format!("the form is not valid: {e}")))?;
    viewer.check_csrf(&form.csrf)?;
    let admin = viewer.require(&[Role::Administrator])?.name.clone();
    let lang = viewer.lang;
    let outcome = state
        .write(move |s, _| {
            let f = &form;
            let done = (|| -> Result<Done> {
                match f.action.as_str() {
                    "add" => {
                        let (token, _) = create(
                            s,
                            &f.name,
                            &f.role,
                            Some(f.party.as_str()),
                            Some(f.password.as_str()),
                        )?;
                        Ok(Done::Token(f.name.trim().to_string(), token))
                    }
                    "token" => {
                        let u = named(s, &f.name)?;
                        Ok(Done::Token(u.name.clone(), new_token(s, u.id)?))
                    }
                    "password" => {
                        let u = named(s, &f.name)?;
                        set_password(s, &u, &f.password)?;
                        Ok(Done::Message(
                            lang.args("accounts-password-set", &[("name", u.name.into())]),
                        ))
                    }
                    "disable" | "enable" => {
                        let u = named(s, &f.name)?;
                        let off = f.action == "disable";
                        if off && u.name == admin {
                            bail!("you cannot disable your own account");
                        }
                        set_disabled(s, &u, off)?;
                        let key = if off {
                            "accounts-disabled"
                        } else {
                            "accounts-enabled"
                        };
                        Ok(Done::Message(lang.args(key, &[("name", u.name.into())])))
                    }
                    other => bail!("\"{other}\" is not something this page does"),
                }
            })();
            Ok(done.map_err(|e| e.to_string()))
        })
        .await?;
    match outcome {
        Ok(Done::Message(m)) => Ok(crate::pages::redirect_with_flash(
            &state,
            &viewer,
            "/admin/accounts",
            &m,
        )),
        // A token is shown on this answer only, never carried in a cookie
        // or an address.
        Ok(Done::Token(name, token)) => {
            let m = lang.args("accounts-token-made", &[("name", name.clone().into())]);
            render(&state, &viewer, m, String::new(), Some((name, token))).await
        }
        Err(e) => {
            let mut page = render(&state, &viewer, String::new(), e, None).await?;
            *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(page)
        }
    }
}
