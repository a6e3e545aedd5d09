//! Staff accounts: passwords hashed with argon2id (RustCrypto's `argon2`, its default
//! parameters: 19 MiB, 2 passes), roles, and the first administrator.

use app::api::caller::Role;
use app::api::StaffAccount;
use app::engine::Catalog;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sqlx::Row;

use crate::crypto::{new_token, random_bytes};
use crate::db::Db;

/// Long enough that guessing online, under the limiter, is hopeless.
pub const MIN_PASSWORD_CHARS: usize = 12;

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::encode_b64(&random_bytes::<16>()).expect("16 bytes make a salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2id with default parameters")
        .to_string()
}

pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A new account as typed by an administrator (or on the command line), before it is checked.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct NewStaff {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub password: String,
}

/// What is wrong with a new account, as codes (`username`, `name`, `role`, `department`,
/// `department_unknown`, `password`); the page says each beside its field
/// (`app::pages::staff::account_error`), the command line prints the same words.
pub type StaffErrors = Vec<&'static str>;

/// A checked account: every field parsed into what it means.
pub struct ValidStaff {
    pub username: String,
    pub name: String,
    pub role: Role,
    pub department: Option<String>,
    pub password: String,
}

impl NewStaff {
    pub fn parse(self, catalog: &Catalog) -> Result<ValidStaff, StaffErrors> {
        let mut errors = StaffErrors::new();
        let username = self.username.trim().to_ascii_lowercase();
        if !(3..=32).contains(&username.len())
            || !username
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        {
            errors.push("username");
        }
        let name = self.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 40 || name.chars().any(char::is_control) {
            errors.push("name");
        }
        let role = Role::parse(self.role.trim());
        if role.is_none() {
            errors.push("role");
        }
        let department = Some(self.department.trim().to_string()).filter(|d| !d.is_empty());
        match (role, &department) {
            (Some(Role::Reviewer), None) => errors.push("department"),
            (_, Some(d)) if catalog.department(d).is_none() => errors.push("department_unknown"),
            _ => {}
        }
        if self.password.chars().count() < MIN_PASSWORD_CHARS {
            errors.push("password");
        }
        match role {
            Some(role) if errors.is_empty() => Ok(ValidStaff {
                username,
                name,
                // Only reviewers are bound to a department.
                department: department.filter(|_| role == Role::Reviewer),
                role,
                password: self.password,
            }),
            _ => Err(errors),
        }
    }
}

/// Whether the holder of a password must replace it at their first sign-in: yes when someone
/// else chose it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chosen {
    ByHolder,
    BySomeoneElse,
}

impl Chosen {
    fn flag(self) -> i64 {
        i64::from(self == Chosen::BySomeoneElse)
    }
}

/// Stores a checked account; `Ok(None)` when the username is taken. Returns the new id.
pub async fn add(
    db: &Db,
    staff: &ValidStaff,
    chosen: Chosen,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    let taken: Option<String> = sqlx::query_scalar("SELECT id FROM staff WHERE username = $1")
        .bind(&staff.username)
        .fetch_optional(&db.pool)
        .await?;
    if taken.is_some() {
        return Ok(None);
    }
    let id = format!("staff:{}", new_token());
    sqlx::query(
        "INSERT INTO staff (id, username, display_name, role, department_id, password_hash, active, created_at, \
         must_change_password) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8)",
    )
    .bind(&id)
    .bind(&staff.username)
    .bind(&staff.name)
    .bind(staff.role.code())
    .bind(&staff.department)
    .bind(hashed(&staff.password).await?)
    .bind(now)
    .bind(chosen.flag())
    .execute(&db.writer)
    .await?;
    Ok(Some(id))
}

/// Whether `password` is this account's current one (for choosing a new one).
pub async fn is_current_password(db: &Db, id: &str, password: &str) -> Result<bool, sqlx::Error> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT password_hash FROM staff WHERE id = $1 AND active = 1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(match stored {
        Some(s) => verified(password, s).await,
        None => false,
    })
}

/// The active account with this username and password, if both match. A wrong username costs
/// the same hashing as a wrong password, so timing does not tell which names exist.
pub async fn check_password(
    db: &Db,
    username: &str,
    password: &str,
) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT id, password_hash FROM staff WHERE username = $1 AND active = 1")
        .bind(username.trim().to_ascii_lowercase())
        .fetch_optional(&db.pool)
        .await?;
    let (id, stored) = match row {
        Some(r) => (
            Some(r.try_get::<String, _>("id")?),
            r.try_get("password_hash")?,
        ),
        None => (None, dummy_hash().to_string()),
    };
    let matches = verified(password, stored).await;
    Ok(id.filter(|_| matches))
}

/// Hashing off the async threads: argon2id takes tens of milliseconds of CPU on purpose, and
/// requests waiting on the same thread would wait with it.
async fn hashed(password: &str) -> Result<String, sqlx::Error> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|_| sqlx::Error::WorkerCrashed)
}

async fn verified(password: &str, stored: String) -> bool {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || verify_password(&password, &stored))
        .await
        .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a password anyone has"))
}

pub async fn list(db: &Db, catalog: &Catalog) -> Result<Vec<StaffAccount>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, username, display_name, role, department_id, active FROM staff ORDER BY username",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .filter_map(|r| {
            let role: String = match r.try_get("role") {
                Ok(role) => role,
                Err(e) => return Some(Err(e)),
            };
            let role = Role::parse(&role)?;
            Some((|| {
                let department: Option<String> = r.try_get("department_id")?;
                Ok(StaffAccount {
                    id: r.try_get("id")?,
                    username: r.try_get("username")?,
                    name: r.try_get("display_name")?,
                    role,
                    department_name: department
                        .as_deref()
                        .and_then(|d| catalog.department(d))
                        .map(|d| d.name.clone()),
                    department,
                    active: r.try_get::<i64, _>("active")? == 1,
                })
            })())
        })
        .collect()
}

pub async fn set_active(db: &Db, id: &str, active: bool) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE staff SET active = $1 WHERE id = $2")
        .bind(i64::from(active))
        .bind(id)
        .execute(&db.writer)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_password(
    db: &Db,
    id: &str,
    password: &str,
    chosen: Chosen,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE staff SET password_hash = $1, must_change_password = $2 WHERE id = $3")
            .bind(hashed(password).await?)
            .bind(chosen.flag())
            .bind(id)
            .execute(&db.writer)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// A password to hand over once: 20 characters of base 32, 100 bits.
pub fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
    random_bytes::<20>()
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// On first run, when there is no active administrator: makes `admin` with a one-time password
/// and prints it once in the log. Returns the password when it made one.
pub async fn ensure_administrator(db: &Db, now: i64) -> Result<Option<String>, sqlx::Error> {
    let admins: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM staff WHERE role = 'admin' AND active = 1")
            .fetch_one(&db.pool)
            .await?;
    if admins > 0 {
        return Ok(None);
    }
    let password = one_time_password();
    let admin = ValidStaff {
        username: "admin".into(),
        name: "系统管理员".into(),
        role: Role::Admin,
        department: None,
        password: password.clone(),
    };
    if add(db, &admin, Chosen::BySomeoneElse, now).await?.is_none() {
        // An inactive "admin" exists: give it the new password and switch it back on.
        let id: String = sqlx::query_scalar("SELECT id FROM staff WHERE username = 'admin'")
            .fetch_one(&db.pool)
            .await?;
        set_password(db, &id, &password, Chosen::BySomeoneElse).await?;
        sqlx::query("UPDATE staff SET active = 1, role = 'admin' WHERE id = $1")
            .bind(&id)
            .execute(&db.writer)
            .await?;
    }
    Ok(Some(password))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::from_json(crate::config::SEED_CATALOG).expect("catalog")
    }

    #[test]
    fn a_password_is_stored_as_an_argon2id_hash_that_only_it_matches() {
        let stored = hash_password("correct horse battery");
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(!stored.contains("correct horse"));
        assert!(verify_password("correct horse battery", &stored));
        assert!(!verify_password("correct horse batterY", &stored));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn a_reviewer_needs_a_real_department_and_everyone_a_long_password() {
        let reviewer = NewStaff {
            username: "Zhang.Wei".into(),
            name: "张伟".into(),
            role: "reviewer".into(),
            department: String::new(),
            password: "short".into(),
        };
        let errors = reviewer.clone().parse(&catalog()).err().expect("refused");
        assert_eq!(errors, ["department", "password"]);
        for code in errors {
            assert!(
                app::pages::staff::account_error(code).is_some(),
                "{code} is explained"
            );
        }
        let department = catalog().departments[0].id.clone();
        let ok = NewStaff {
            department,
            password: "a long enough password".into(),
            ..reviewer
        }
        .parse(&catalog())
        .unwrap_or_else(|_| panic!("accepted"));
        assert_eq!(ok.username, "zhang.wei");
    }

    #[test]
    fn only_reviewers_keep_a_department() {
        let department = catalog().departments[0].id.clone();
        let manager = NewStaff {
            username: "boss".into(),
            name: "经理".into(),
            role: "manager".into(),
            department,
            password: "a long enough password".into(),
        }
        .parse(&catalog())
        .unwrap_or_else(|_| panic!("accepted"));
        assert_eq!(manager.department, None);
    }

    #[test]
    fn one_time_passwords_are_long_and_fresh() {
        let a = one_time_password();
        assert_eq!(a.len(), 20);
        assert_ne!(a, one_time_password());
    }
}
