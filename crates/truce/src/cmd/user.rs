//! `truce user`: accounts of the web application.

use crate::Outcome;
use anyhow::{Result, bail};
use truce_store::Role;
use truce_store::prelude::*;

/// Creates an account and prints its API token, once: only its hash is kept.
pub fn add(
    db: &str,
    name: &str,
    role: &str,
    party: Option<&str>,
    password_stdin: bool,
) -> Result<Outcome> {
    let mut store = crate::workspace::open(db)?;
    let (token, _) = create(
        &mut *store,
        name,
        role,
        party,
        password_stdin.then(read_password).transpose()?.as_deref(),
    )?;
    println!("Created {role} account \"{name}\".");
    println!("API token (shown once; keep it secret): {token}");
    Ok(Outcome::Ok)
}

fn read_password() -> Result<String> {
    let mut s = String::new();
    std::io::stdin().read_line(&mut s)?;
    Ok(s.trim_end_matches(['\r', '\n']).to_string())
}

/// Creates an account; returns its API token and id.
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
        bail!("--role: \"{role}\" is not administrator, monitor, adjudicator or liaison");
    };
    let agreement = store.agreement()?.agreement;
    let party = match (role, party) {
        (Role::Liaison, None) => bail!(
            "a liaison is bound to one party: add --party ({})",
            agreement
                .parties
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (Role::Liaison, Some(p)) => match agreement.party_resolver().resolve(p) {
            Some(id) => Some(id.to_string()),
            None => bail!(
                "--party: the agreement has no party \"{p}\" (it has {})",
                agreement
                    .parties
                    .iter()
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
        (_, Some(_)) => bail!("--party applies only to liaisons"),
        (_, None) => None,
    };
    if store.user_by_name(name)?.is_some() {
        bail!("there is already an account named \"{name}\"");
    }
    let hash = match password {
        Some(p) => {
            truce_server::auth::check_password_strength(p).map_err(|e| anyhow::anyhow!(e))?;
            Some(truce_server::auth::hash_password(p)?)
        }
        None => None,
    };
    let id = store.add_user(name, role, party.as_deref(), hash.as_deref())?;
    let token = truce_server::auth::random_secret()?;
    store.add_token(id, &truce_server::auth::secret_hash(&token))?;
    Ok((token, id))
}

pub fn list(db: &str, json: bool) -> Result<Outcome> {
    let store = crate::workspace::open(db)?;
    let users = store.users()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&users)?);
        return Ok(Outcome::Ok);
    }
    if users.is_empty() {
        println!(
            "No accounts yet. Add one with: truce user add NAME --role monitor --password-stdin"
        );
    }
    for u in users {
        println!(
            "{:<24} {:<14} {}{}",
            u.name,
            u.role.as_str(),
            u.party.as_deref().unwrap_or(""),
            if u.disabled { " (disabled)" } else { "" }
        );
    }
    Ok(Outcome::Ok)
}
