//! Accounts, API tokens and sessions.

use crate::*;
use rusqlite::{OptionalExtension, params};

impl AccountStore for SqliteStore {
    fn add_user(
        &mut self,
        name: &str,
        role: Role,
        party: Option<&str>,
        password_hash: Option<&str>,
    ) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO users (name, role, party, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![name, role.as_str(), party, password_hash, now()],
        ).db()?;
        Ok(self.conn.last_insert_rowid())
    }

    fn set_user_disabled(&mut self, user_id: i64, disabled: bool) -> Result<()> {
        self.conn
            .execute(
                "UPDATE users SET disabled = ?2 WHERE id = ?1",
                params![user_id, disabled],
            )
            .db()?;
        Ok(())
    }

    fn end_sessions(&mut self, user_id: i64) -> Result<u64> {
        Ok(self
            .conn
            .execute("DELETE FROM sessions WHERE user_id = ?1", params![user_id])
            .db()? as u64)
    }

    fn set_password(&mut self, user_id: i64, password_hash: &str) -> Result<()> {
        self.conn
            .execute(
                "UPDATE users SET password_hash = ?2 WHERE id = ?1",
                params![user_id, password_hash],
            )
            .db()?;
        Ok(())
    }

    fn user_by_name(&self, name: &str) -> Result<Option<User>> {
        self.conn
            .prepare_cached(&format!("SELECT {USER_COLUMNS} FROM users WHERE name = ?1"))
            .db()?
            .query_row([name], user_from_row)
            .optional()
            .db()
    }

    fn users(&self) -> Result<Vec<User>> {
        let mut st = self
            .conn
            .prepare(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY name"))
            .db()?;
        let rows = st.query_map([], user_from_row).db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn add_token(&mut self, user_id: i64, hash: &[u8; 32]) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO api_tokens (hash, user_id, created_at) VALUES (?1, ?2, ?3)",
                params![&hash[..], user_id, now()],
            )
            .db()?;
        Ok(())
    }

    fn user_by_token(&self, hash: &[u8; 32]) -> Result<Option<User>> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ?1",
                qualified(USER_COLUMNS, "u")
            ))
            .db()?
            .query_row([&hash[..]], user_from_row)
            .optional()
            .db()
    }

    fn create_session(
        &mut self,
        hash: &[u8; 32],
        user_id: i64,
        csrf: &str,
        expires_at: i64,
    ) -> Result<()> {
        let t = now();
        self.conn
            .execute("DELETE FROM sessions WHERE expires_at < ?1", [t])
            .db()?;
        self.conn.execute(
            "INSERT INTO sessions (hash, user_id, csrf, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![&hash[..], user_id, csrf, t, expires_at],
        ).db()?;
        Ok(())
    }

    /// The live session's user and CSRF token.
    fn session(&self, hash: &[u8; 32]) -> Result<Option<(User, String)>> {
        let cols = qualified(USER_COLUMNS, "u");
        self.conn
            .prepare_cached(&format!(
                "SELECT {cols}, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id \
                 WHERE s.hash = ?1 AND s.expires_at > ?2"
            ))
            .db()?
            .query_row(params![&hash[..], now()], |r| {
                Ok((user_from_row(r)?, r.get(6)?))
            })
            .optional()
            .db()
    }

    fn delete_session(&mut self, hash: &[u8; 32]) -> Result<()> {
        self.conn
            .execute("DELETE FROM sessions WHERE hash = ?1", [&hash[..]])
            .db()?;
        Ok(())
    }

    fn note_login_failure(&mut self, keys: &[String], at: i64, forget_before: i64) -> Result<()> {
        let tx = self.conn.transaction().db()?;
        tx.execute("DELETE FROM login_failures WHERE at < ?1", [forget_before])
            .db()?;
        for k in keys {
            tx.execute(
                "INSERT INTO login_failures (key, at) VALUES (?1, ?2)",
                params![k, at],
            )
            .db()?;
        }
        tx.commit().db()
    }

    fn login_failures(&self, keys: &[String], since: i64) -> Result<Vec<(u64, Option<i64>)>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT COUNT(*), MIN(at) FROM login_failures WHERE key = ?1 AND at >= ?2",
            )
            .db()?;
        keys.iter()
            .map(|k| {
                st.query_row(params![k, since], |r| {
                    Ok((r.get::<_, i64>(0)? as u64, r.get(1)?))
                })
                .db()
            })
            .collect()
    }

    fn clear_login_failures(&mut self, keys: &[String]) -> Result<()> {
        for k in keys {
            self.conn
                .execute("DELETE FROM login_failures WHERE key = ?1", [k])
                .db()?;
        }
        Ok(())
    }
}
