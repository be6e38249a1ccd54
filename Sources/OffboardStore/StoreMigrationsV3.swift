extension StoreMigrations {
    /// Version 3: the notice outbox. Alerts and warnings are written here in the transaction that decides
    /// them, and delivered from here, so a crash between deciding and sending loses nothing, and a failed
    /// delivery is retried (with backoff) instead of waiting for the next step of the ladder.
    static let v3 = """
        CREATE TABLE notices (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('alert', 'warning')),
            subject TEXT NOT NULL,
            action_id INTEGER REFERENCES actions(id),
            separation_id INTEGER NOT NULL REFERENCES separations(id),
            employee_id TEXT NOT NULL,
            round INTEGER NOT NULL,
            idempotency_key TEXT NOT NULL UNIQUE,
            deadline_at INTEGER,
            summary TEXT NOT NULL,
            created_at TEXT NOT NULL,
            next_try_at INTEGER,
            failures INTEGER NOT NULL DEFAULT 0,
            delivered_at TEXT,
            last_error TEXT
        ) STRICT;
        CREATE INDEX notices_due ON notices(next_try_at) WHERE next_try_at IS NOT NULL;
        CREATE INDEX notices_subject ON notices(subject);
        """
}
