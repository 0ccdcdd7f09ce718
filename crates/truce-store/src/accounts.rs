//! Accounts of the web application: who may sign in, with which role.

use crate::Result;
use serde::Serialize;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    Administrator,
    Monitor,
    Adjudicator,
    /// A party's liaison office, bound to one party.
    Liaison,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Administrator,
        Role::Monitor,
        Role::Adjudicator,
        Role::Liaison,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Monitor => "monitor",
            Role::Adjudicator => "adjudicator",
            Role::Liaison => "liaison",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "administrator" | "admin" => Some(Role::Administrator),
            "monitor" => Some(Role::Monitor),
            "adjudicator" => Some(Role::Adjudicator),
            "liaison" | "party-liaison" => Some(Role::Liaison),
            _ => None,
        }
    }

    /// Staff of the mission see everything, published or not.
    pub const fn is_staff(self) -> bool {
        !matches!(self, Role::Liaison)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    #[serde(skip)]
    pub password_hash: Option<String>,
    pub disabled: bool,
}

/// Accounts, API tokens and sessions. Tokens and session ids are kept only
/// as SHA-256 hashes.
pub trait AccountStore {
    fn add_user(
        &mut self,
        name: &str,
        role: Role,
        party: Option<&str>,
        password_hash: Option<&str>,
    ) -> Result<i64>;
    fn set_password(&mut self, user_id: i64, password_hash: &str) -> Result<()>;
    /// Disables (or enables again) an account; a disabled account's sessions
    /// and tokens stop working at once (they are checked against it).
    fn set_user_disabled(&mut self, user_id: i64, disabled: bool) -> Result<()>;
    /// Ends every session of an account (after its password changed or it
    /// was disabled); returns how many there were.
    fn end_sessions(&mut self, user_id: i64) -> Result<u64>;
    fn user_by_name(&self, name: &str) -> Result<Option<User>>;
    fn users(&self) -> Result<Vec<User>>;
    fn add_token(&mut self, user_id: i64, hash: &[u8; 32]) -> Result<()>;
    fn user_by_token(&self, hash: &[u8; 32]) -> Result<Option<User>>;
    /// Starts a session (and forgets expired ones).
    fn create_session(
        &mut self,
        hash: &[u8; 32],
        user_id: i64,
        csrf: &str,
        expires_at: i64,
    ) -> Result<()>;
    /// The live session's user and CSRF token.
    fn session(&self, hash: &[u8; 32]) -> Result<Option<(User, String)>>;
    fn delete_session(&mut self, hash: &[u8; 32]) -> Result<()>;
    /// Counts a failed sign-in at `at` against each key (an account, an
    /// address), forgetting every failure before `forget_before`. Kept in
    /// the store so that every server sharing it counts them together.
    fn note_login_failure(&mut self, keys: &[String], at: i64, forget_before: i64) -> Result<()>;
    /// For each key, in order: its failures at or after `since`, and the
    /// earliest of them.
    fn login_failures(&self, keys: &[String], since: i64) -> Result<Vec<(u64, Option<i64>)>>;
    /// Forgets the failures of these keys (after a successful sign-in).
    fn clear_login_failures(&mut self, keys: &[String]) -> Result<()>;
}
