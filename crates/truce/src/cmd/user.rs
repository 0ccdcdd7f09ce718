//! `truce user`: accounts of the web application.

use crate::Outcome;
use anyhow::Result;

/// Creates an account and prints its API token, once: only its hash is kept.
pub fn add(
    db: &str,
    name: &str,
    role: &str,
    party: Option<&str>,
    password_stdin: bool,
) -> Result<Outcome> {
    let mut store = crate::workspace::open(db)?;
    let (token, _) = truce_server::accounts::create(
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

/// Disables an account (its sessions end, its tokens are refused) or
/// enables it again.
pub fn set_disabled(db: &str, name: &str, disabled: bool) -> Result<Outcome> {
    let mut store = crate::workspace::open(db)?;
    let user = truce_server::accounts::named(&*store, name)?;
    truce_server::accounts::set_disabled(&mut *store, &user, disabled)?;
    println!(
        "Account \"{}\" {}.",
        user.name,
        if disabled {
            "disabled: its sessions ended and its tokens are refused"
        } else {
            "enabled again"
        }
    );
    Ok(Outcome::Ok)
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
