//! Server metadata in SQLite through sqlx: tokens, projects, per-project grants, invites and
//! peer-id bindings. Secrets (tokens, invite codes) are stored as SHA-256 hashes only.

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use sha2::{Digest, Sha256};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, Sqlite, Transaction};

/// Errors from the metadata database, phrased for the person calling the HTTP API.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("project {0} is already registered on this server")]
    ProjectExists(String),
    #[error("no project {0} on this server (or you have no access to it)")]
    NoSuchProject(String),
    #[error("this invite code is not valid: it is unknown, already used or expired; ask the coordinator for a new one")]
    InviteInvalid,
    #[error("no member {0} in this project")]
    NoSuchMember(i64),
    #[error("a coordinator's access cannot be revoked")]
    CannotRevokeCoordinator,
    #[error("peer id {0} belongs to another token")]
    PeerTaken(String),
    #[error("no token {0}")]
    NoSuchToken(i64),
    #[error("you are already a member of project {0}; there is nothing to join")]
    AlreadyMember(String),
    #[error("metadata database: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("metadata database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// What a token may do on a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Registered the project: reads, writes, invites and revokes.
    Coordinator,
    /// Reads and writes.
    Member,
    /// Reads only: sync messages carrying changes are refused.
    Viewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Coordinator => "coordinator",
            Role::Member => "member",
            Role::Viewer => "viewer",
        }
    }

    pub fn can_write(self) -> bool {
        self != Role::Viewer
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "coordinator" => Ok(Role::Coordinator),
            "member" => Ok(Role::Member),
            "viewer" => Ok(Role::Viewer),
            other => Err(format!("unknown role {other:?}; use member or viewer")),
        }
    }
}

/// Whether a token may register projects (`admin`, made with `token create`) or is a member
/// token that an invite produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Admin,
    Member,
}

impl TokenKind {
    fn as_str(self) -> &'static str {
        match self {
            TokenKind::Admin => "admin",
            TokenKind::Member => "member",
        }
    }
}

/// An authenticated, unrevoked token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub id: i64,
    pub name: String,
    pub kind: TokenKind,
}

/// One row of `token list`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TokenInfo {
    pub id: i64,
    pub name: String,
    pub kind: TokenKind,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

/// One member of a project, as listed to its coordinator.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Member {
    /// The grant id; what `DELETE /v1/projects/{id}/members/{member}` takes.
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub token_id: i64,
    pub joined_at: i64,
    pub revoked_at: Option<i64>,
}

/// A fresh invite, returned once: only its hash is stored.
#[derive(Debug, Clone, serde::Serialize)]
pub struct NewInvite {
    pub secret: String,
    pub role: Role,
    pub expires_at: i64,
}

/// What joining with an invite produced.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Joined {
    /// The new member token; `None` when the grant went to the token the joiner already held.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    pub member_id: i64,
    pub document_id: String,
    pub role: Role,
}

/// The metadata store. Cloning shares the connection pool.
#[derive(Debug, Clone)]
pub struct Db {
    pool: SqlitePool,
}

/// Milliseconds since the Unix epoch, the unit of every time column.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// 32 random bytes as 64 hex characters, prefixed so a leaked secret is recognisable.
pub fn new_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    let mut out = String::with_capacity(prefix.len() + 64);
    out.push_str(prefix);
    for b in bytes {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

impl Db {
    /// Opens (creating if needed) the SQLite database at `path` and applies migrations.
    pub async fn open(path: &Path) -> Result<Db, DbError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(10));
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Db { pool })
    }

    /// Closes the pool, waiting for queries in flight.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Whether the database answers a trivial query.
    /// A transaction that will write. It takes SQLite's write lock at `BEGIN IMMEDIATE`, waiting
    /// up to the busy timeout for another writer, rather than as a deferred transaction that
    /// reads first and is then refused at once ("database is locked") if another connection wrote
    /// in between: concurrent joins and handshakes then queue instead of failing.
    async fn write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, DbError> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    pub async fn ping(&self) -> Result<(), DbError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Makes a token and returns its secret (shown once).
    pub async fn create_token(&self, name: &str, kind: TokenKind) -> Result<(i64, String), DbError> {
        let mut tx = self.write().await?;
        let made = insert_token(&mut tx, name, kind).await?;
        tx.commit().await?;
        Ok(made)
    }

    pub async fn list_tokens(&self) -> Result<Vec<TokenInfo>, DbError> {
        let rows = sqlx::query("SELECT id, name, kind, created_at, revoked_at FROM tokens ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| TokenInfo {
                id: r.get(0),
                name: r.get(1),
                kind: if r.get::<String, _>(2) == "admin" { TokenKind::Admin } else { TokenKind::Member },
                created_at: r.get(3),
                revoked_at: r.get(4),
            })
            .collect())
    }

    /// Revokes a token and every grant it holds.
    pub async fn revoke_token(&self, id: i64) -> Result<(), DbError> {
        let now = now_ms();
        let mut tx = self.write().await?;
        let done = sqlx::query("UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(DbError::NoSuchToken(id));
        }
        sqlx::query("UPDATE grants SET revoked_at = COALESCE(revoked_at, ?) WHERE token_id = ?")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The unrevoked token with this secret, if any.
    pub async fn authenticate(&self, secret: &str) -> Result<Option<Token>, DbError> {
        let row = sqlx::query("SELECT id, name, kind FROM tokens WHERE secret_hash = ? AND revoked_at IS NULL")
            .bind(hash(secret))
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| Token {
            id: r.get(0),
            name: r.get(1),
            kind: if r.get::<String, _>(2) == "admin" { TokenKind::Admin } else { TokenKind::Member },
        }))
    }

    /// Registers a project; the registering token becomes its coordinator.
    pub async fn register_project(&self, token: &Token, document_id: &str, name: &str) -> Result<(), DbError> {
        let now = now_ms();
        let mut tx = self.write().await?;
        let exists = sqlx::query("SELECT 1 FROM projects WHERE document_id = ?")
            .bind(document_id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            return Err(DbError::ProjectExists(document_id.to_owned()));
        }
        sqlx::query("INSERT INTO projects (document_id, name, created_by, created_at) VALUES (?, ?, ?, ?)")
            .bind(document_id)
            .bind(name)
            .bind(token.id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        insert_grant(&mut tx, token.id, document_id, Role::Coordinator, &token.name, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The role `token_id` holds on `document_id`, if its grant is live.
    pub async fn role(&self, token_id: i64, document_id: &str) -> Result<Option<Role>, DbError> {
        let row = sqlx::query(
            "SELECT g.role FROM grants g JOIN tokens t ON t.id = g.token_id \
             WHERE g.token_id = ? AND g.document_id = ? AND g.revoked_at IS NULL AND t.revoked_at IS NULL",
        )
        .bind(token_id)
        .bind(document_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|r| r.get::<String, _>(0).parse().ok()))
    }

    /// Every live grant of a token, by document id.
    pub async fn grants(&self, token_id: i64) -> Result<HashMap<String, Role>, DbError> {
        let rows = sqlx::query(
            "SELECT g.document_id, g.role FROM grants g JOIN tokens t ON t.id = g.token_id \
             WHERE g.token_id = ? AND g.revoked_at IS NULL AND t.revoked_at IS NULL",
        )
        .bind(token_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| Some((r.get::<String, _>(0), r.get::<String, _>(1).parse().ok()?)))
            .collect())
    }

    /// Creates a single-use invite to a project.
    pub async fn create_invite(
        &self,
        document_id: &str,
        role: Role,
        created_by: i64,
        expires_at: i64,
    ) -> Result<NewInvite, DbError> {
        let secret = new_secret("tdi_");
        sqlx::query(
            "INSERT INTO invites (document_id, secret_hash, role, created_by, created_at, expires_at) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(document_id)
        .bind(hash(&secret))
        .bind(role.as_str())
        .bind(created_by)
        .bind(now_ms())
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(NewInvite { secret, role, expires_at })
    }

    /// Spends an invite. Without `existing`, makes a new member token scoped to the invite's
    /// project. With `existing` (a token the joiner already holds on this server), adds the grant
    /// to that token, so one replica keeps one token, one connection and one peer id per server.
    /// A revoked grant of that token on the same project is given back with the invite's role.
    pub async fn join(&self, invite_secret: &str, name: &str, existing: Option<&Token>) -> Result<Joined, DbError> {
        let now = now_ms();
        let mut tx = self.write().await?;
        let row = sqlx::query(
            "SELECT id, document_id, role FROM invites \
             WHERE secret_hash = ? AND used_at IS NULL AND expires_at > ?",
        )
        .bind(hash(invite_secret))
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(DbError::InviteInvalid)?;
        let invite_id: i64 = row.get(0);
        let document_id: String = row.get(1);
        let role: Role = row.get::<String, _>(2).parse().map_err(|_| DbError::InviteInvalid)?;
        let (token_id, token, member_id) = match existing {
            None => {
                let (token_id, token) = insert_token(&mut tx, name, TokenKind::Member).await?;
                let member_id = insert_grant(&mut tx, token_id, &document_id, role, name, now).await?;
                (token_id, Some(token), member_id)
            }
            Some(holder) => {
                let previous = sqlx::query("SELECT id, revoked_at FROM grants WHERE token_id = ? AND document_id = ?")
                    .bind(holder.id)
                    .bind(&document_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                let member_id = match previous {
                    Some(r) if r.get::<Option<i64>, _>(1).is_none() => {
                        return Err(DbError::AlreadyMember(document_id));
                    }
                    Some(r) => {
                        let id: i64 = r.get(0);
                        sqlx::query("UPDATE grants SET revoked_at = NULL, role = ?, member_name = ? WHERE id = ?")
                            .bind(role.as_str())
                            .bind(name)
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                        id
                    }
                    None => insert_grant(&mut tx, holder.id, &document_id, role, name, now).await?,
                };
                (holder.id, None, member_id)
            }
        };
        // The `used_at IS NULL` guard makes a second concurrent join with the same code fail.
        let spent = sqlx::query("UPDATE invites SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL")
            .bind(now)
            .bind(token_id)
            .bind(invite_id)
            .execute(&mut *tx)
            .await?;
        if spent.rows_affected() != 1 {
            return Err(DbError::InviteInvalid);
        }
        tx.commit().await?;
        Ok(Joined { token, member_id, document_id, role })
    }

    /// Members of a project, revoked ones included, in joining order.
    pub async fn members(&self, document_id: &str) -> Result<Vec<Member>, DbError> {
        let rows = sqlx::query(
            "SELECT id, member_name, role, token_id, created_at, revoked_at FROM grants \
             WHERE document_id = ? ORDER BY id",
        )
        .bind(document_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                Some(Member {
                    id: r.get(0),
                    name: r.get(1),
                    role: r.get::<String, _>(2).parse().ok()?,
                    token_id: r.get(3),
                    joined_at: r.get(4),
                    revoked_at: r.get(5),
                })
            })
            .collect())
    }

    /// Revokes a member's grant (and, for member tokens, which are scoped to this one project,
    /// the token itself). Returns the token id so its open connections can be closed.
    pub async fn revoke_member(&self, document_id: &str, member_id: i64) -> Result<i64, DbError> {
        let now = now_ms();
        let mut tx = self.write().await?;
        let row = sqlx::query("SELECT token_id, role FROM grants WHERE id = ? AND document_id = ?")
            .bind(member_id)
            .bind(document_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(DbError::NoSuchMember(member_id))?;
        let token_id: i64 = row.get(0);
        if row.get::<String, _>(1) == Role::Coordinator.as_str() {
            return Err(DbError::CannotRevokeCoordinator);
        }
        sqlx::query("UPDATE grants SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")
            .bind(now)
            .bind(member_id)
            .execute(&mut *tx)
            .await?;
        // A member token dies with its last grant; one that still opens other projects lives on.
        sqlx::query(
            "UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND kind = 'member' \
             AND NOT EXISTS (SELECT 1 FROM grants WHERE token_id = ? AND revoked_at IS NULL)",
        )
        .bind(now)
        .bind(token_id)
        .bind(token_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(token_id)
    }

    /// Binds an automerge-repo peer id to the token that first used it. A peer id already bound
    /// to another token is refused: peer ids are how the sync protocol addresses replies.
    pub async fn bind_peer(&self, peer_id: &str, token_id: i64) -> Result<(), DbError> {
        let now = now_ms();
        let mut tx = self.write().await?;
        let owner = sqlx::query("SELECT token_id FROM peers WHERE peer_id = ?")
            .bind(peer_id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.get::<i64, _>(0));
        match owner {
            Some(owner) if owner != token_id => return Err(DbError::PeerTaken(peer_id.to_owned())),
            Some(_) => {
                sqlx::query("UPDATE peers SET last_seen = ? WHERE peer_id = ?")
                    .bind(now)
                    .bind(peer_id)
                    .execute(&mut *tx)
                    .await?;
            }
            None => {
                sqlx::query("INSERT INTO peers (peer_id, token_id, first_seen, last_seen) VALUES (?, ?, ?, ?)")
                    .bind(peer_id)
                    .bind(token_id)
                    .bind(now)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

async fn insert_token(tx: &mut Transaction<'_, Sqlite>, name: &str, kind: TokenKind) -> Result<(i64, String), DbError> {
    let secret = new_secret("tdt_");
    let id = sqlx::query("INSERT INTO tokens (name, secret_hash, kind, created_at) VALUES (?, ?, ?, ?) RETURNING id")
        .bind(name)
        .bind(hash(&secret))
        .bind(kind.as_str())
        .bind(now_ms())
        .fetch_one(&mut **tx)
        .await?
        .get(0);
    Ok((id, secret))
}

async fn insert_grant(
    tx: &mut Transaction<'_, Sqlite>,
    token_id: i64,
    document_id: &str,
    role: Role,
    name: &str,
    now: i64,
) -> Result<i64, DbError> {
    Ok(sqlx::query(
        "INSERT INTO grants (token_id, document_id, role, member_name, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(token_id)
    .bind(document_id)
    .bind(role.as_str())
    .bind(name)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .get(0))
}
