-- Tandem sync server metadata: who may connect (tokens), which projects exist, who may see or
-- write which project (grants), invitations, and which automerge-repo peer id belongs to which
-- token. Secrets are stored as SHA-256 hashes only. Times are UTC milliseconds.
-- Kept to portable SQL so the same schema runs on PostgreSQL.

CREATE TABLE tokens (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    secret_hash BLOB    NOT NULL UNIQUE,
    -- 'admin' tokens may register projects; 'member' tokens come from invites.
    kind        TEXT    NOT NULL CHECK (kind IN ('admin', 'member')),
    created_at  BIGINT  NOT NULL,
    revoked_at  BIGINT
);

CREATE TABLE projects (
    document_id TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES tokens (id),
    created_at  BIGINT  NOT NULL
);

CREATE TABLE grants (
    id          INTEGER PRIMARY KEY,
    token_id    INTEGER NOT NULL REFERENCES tokens (id),
    document_id TEXT    NOT NULL REFERENCES projects (document_id),
    role        TEXT    NOT NULL CHECK (role IN ('coordinator', 'member', 'viewer')),
    member_name TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    revoked_at  BIGINT,
    UNIQUE (token_id, document_id)
);
CREATE INDEX grants_by_document ON grants (document_id);

CREATE TABLE invites (
    id          INTEGER PRIMARY KEY,
    document_id TEXT    NOT NULL REFERENCES projects (document_id),
    secret_hash BLOB    NOT NULL UNIQUE,
    role        TEXT    NOT NULL CHECK (role IN ('member', 'viewer')),
    created_by  INTEGER NOT NULL REFERENCES tokens (id),
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    used_at     BIGINT,
    used_by     INTEGER REFERENCES tokens (id)
);

CREATE TABLE peers (
    peer_id     TEXT    PRIMARY KEY,
    token_id    INTEGER NOT NULL REFERENCES tokens (id),
    first_seen  BIGINT  NOT NULL,
    last_seen   BIGINT  NOT NULL
);
