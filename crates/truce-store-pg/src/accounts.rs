//! Accounts, API tokens and sessions: in the database, so that every
//! server sharing it knows them.

use crate::*;

const USER_COLUMNS: &str = "id, name, role, party, password_hash, disabled";

fn user_from_row(r: &Row) -> Result<User> {
    let role: String = get(r, 2)?;
    Ok(User {
        id: get(r, 0)?,
        name: get(r, 1)?,
        role: Role::parse(&role)
            .ok_or_else(|| damaged("account", format!("unknown role {role:?}")))?,
        party: get(r, 3)?,
        password_hash: get(r, 4)?,
        disabled: get(r, 5)?,
    })
}

impl AccountStore for PgStore {
    fn add_user(
        &mut self,
        name: &str,
        role: Role,
        party: Option<&str>,
        password_hash: Option<&str>,
    ) -> Result<i64> {
        get(
            &self
                .c()?
                .query_one(
                    "INSERT INTO users (name, role, party, password_hash, created_at) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    &[&name, &role.as_str(), &party, &password_hash, &now()],
                )
                .db()?,
            0,
        )
    }

    fn set_user_disabled(&mut self, user_id: i64, disabled: bool) -> Result<()> {
        self.c()?
            .execute(
                "UPDATE users SET disabled = $2 WHERE id = $1",
                &[&user_id, &disabled],
            )
            .db()?;
        Ok(())
    }

    fn end_sessions(&mut self, user_id: i64) -> Result<u64> {
        self.c()?
            .execute("DELETE FROM sessions WHERE user_id = $1", &[&user_id])
            .db()
    }

    fn set_password(&mut self, user_id: i64, password_hash: &str) -> Result<()> {
        self.c()?
            .execute(
                "UPDATE users SET password_hash = $2 WHERE id = $1",
                &[&user_id, &password_hash],
            )
            .db()?;
        Ok(())
    }

    fn user_by_name(&self, name: &str) -> Result<Option<User>> {
        self.c()?
            .query_opt(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE name = $1"),
                &[&name],
            )
            .db()?
            .map(|r| user_from_row(&r))
            .transpose()
    }

    fn users(&self) -> Result<Vec<User>> {
        let rows = self
            .c()?
            .query(
                &format!("SELECT {USER_COLUMNS} FROM users ORDER BY name"),
                &[],
            )
            .db()?;
        rows.iter().map(user_from_row).collect()
    }

    fn add_token(&mut self, user_id: i64, hash: &[u8; 32]) -> Result<()> {
        self.c()?
            .execute(
                "INSERT INTO api_tokens (hash, user_id, created_at) VALUES ($1, $2, $3)",
                &[&&hash[..], &user_id, &now()],
            )
            .db()?;
        Ok(())
    }

    fn user_by_token(&self, hash: &[u8; 32]) -> Result<Option<User>> {
        self.c()?
            .query_opt(
                &format!(
                    "SELECT {} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = $1",
                    qualified(USER_COLUMNS, "u")
                ),
                &[&&hash[..]],
            )
            .db()?
            .map(|r| user_from_row(&r))
            .transpose()
    }

    fn create_session(
        &mut self,
        hash: &[u8; 32],
        user_id: i64,
        csrf: &str,
        expires_at: i64,
    ) -> Result<()> {
        let t = now();
        let mut c = self.c()?;
        c.execute("DELETE FROM sessions WHERE expires_at < $1", &[&t])
            .db()?;
        c.execute(
            "INSERT INTO sessions (hash, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
            &[&&hash[..], &user_id, &csrf, &t, &expires_at],
        )
        .db()?;
        Ok(())
    }

    fn session(&self, hash: &[u8; 32]) -> Result<Option<(User, String)>> {
        let cols = qualified(USER_COLUMNS, "u");
        self.c()?
            .query_opt(
                &format!(
                    "SELECT {cols}, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id \
                     WHERE s.hash = $1 AND s.expires_at > $2"
                ),
                &[&&hash[..], &now()],
            )
            .db()?
            .map(|r| Ok((user_from_row(&r)?, get(&r, 6)?)))
            .transpose()
    }

    fn delete_session(&mut self, hash: &[u8; 32]) -> Result<()> {
        self.c()?
            .execute("DELETE FROM sessions WHERE hash = $1", &[&&hash[..]])
            .db()?;
        Ok(())
    }

    fn note_login_failure(&mut self, keys: &[String], at: i64, forget_before: i64) -> Result<()> {
        let client = self.client_mut()?;
        let mut tx = client.transaction().db()?;
        tx.execute(
            "DELETE FROM login_failures WHERE at < $1",
            &[&forget_before],
        )
        .db()?;
        tx.execute(
            "INSERT INTO login_failures (key, at) SELECT k, $2 FROM unnest($1::text[]) AS u(k)",
            &[&keys, &at],
        )
        .db()?;
        tx.commit().db()
    }

    fn login_failures(&self, keys: &[String], since: i64) -> Result<Vec<(u64, Option<i64>)>> {
        let rows = self
            .c()?
            .query(
                "SELECT COUNT(f.at), MIN(f.at) FROM unnest($1::text[]) WITH ORDINALITY AS u(k, n) \
                 LEFT JOIN login_failures f ON f.key = u.k AND f.at >= $2 GROUP BY u.n ORDER BY u.n",
                &[&keys, &since],
            )
            .db()?;
        rows.iter()
            .map(|r| Ok((get_u64(r, 0)?, get(r, 1)?)))
            .collect()
    }

    fn clear_login_failures(&mut self, keys: &[String]) -> Result<()> {
        self.c()?
            .execute("DELETE FROM login_failures WHERE key = ANY($1)", &[&keys])
            .db()?;
        Ok(())
    }
}
