import GRDB

/// The schema, as versioned migrations. A migration that has shipped is never edited: a change is a new
/// migration appended to the list. Migrations use plain SQL and table names, never application types.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-store") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2-actions") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3-notices") { db in
            try db.execute(sql: v3)
        }
        return migrator
    }

    /// Version 1: events, separations, obligations, actions, attempts, escalations and the audit log.
    ///
    /// Instants are stored twice where they are queried: as Unix seconds (`*_at` INTEGER, indexed, compared) and,
    /// for people, as RFC 3339 text in the worksite zone (`due_local`).
    static let v1 = """
        CREATE TABLE separations (
            id INTEGER PRIMARY KEY,
            employee_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('active', 'rescinded')),
            current_event_id TEXT NOT NULL,
            jurisdiction TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            separation_type TEXT NOT NULL,
            effective_at TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            rescinded_at TEXT,
            rescind_reason TEXT
        ) STRICT;
        CREATE UNIQUE INDEX separations_one_active ON separations(employee_id) WHERE status = 'active';
        CREATE INDEX separations_employee ON separations(employee_id, id);

        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL UNIQUE,
            employee_id TEXT NOT NULL,
            separation_id INTEGER NOT NULL REFERENCES separations(id),
            source TEXT NOT NULL,
            received_at TEXT NOT NULL,
            body TEXT NOT NULL,
            body_sha256 TEXT NOT NULL,
            disposition TEXT NOT NULL CHECK (disposition IN ('planned', 'superseded_previous'))
        ) STRICT;
        CREATE INDEX events_separation ON events(separation_id);

        CREATE TABLE obligations (
            id INTEGER PRIMARY KEY,
            separation_id INTEGER NOT NULL REFERENCES separations(id),
            event_id TEXT NOT NULL,
            employee_id TEXT NOT NULL,
            jurisdiction TEXT NOT NULL,
            kind TEXT NOT NULL,
            rule_id TEXT NOT NULL,
            rule_version TEXT NOT NULL,
            citation TEXT NOT NULL,
            source_url TEXT,
            title TEXT NOT NULL,
            actor TEXT NOT NULL,
            nature TEXT NOT NULL,
            handling TEXT NOT NULL CHECK (handling IN ('fire', 'track')),
            due_at INTEGER,
            due_local TEXT,
            due_date TEXT,
            by_end_of_day INTEGER NOT NULL,
            time_zone TEXT NOT NULL,
            projected INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'completed', 'superseded', 'cancelled', 'no_deadline')),
            created_at TEXT NOT NULL,
            completed_at TEXT,
            closed_at TEXT
        ) STRICT;
        CREATE INDEX obligations_status_due ON obligations(status, due_at);
        CREATE INDEX obligations_employee_due ON obligations(employee_id, due_at);
        CREATE INDEX obligations_separation ON obligations(separation_id);

        CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            separation_id INTEGER NOT NULL REFERENCES separations(id),
            obligation_id INTEGER REFERENCES obligations(id),
            name TEXT NOT NULL,
            connector TEXT NOT NULL,
            due_at INTEGER NOT NULL,
            status TEXT NOT NULL,
            idempotency_key TEXT NOT NULL UNIQUE,
            lease_owner TEXT,
            lease_until INTEGER,
            created_at TEXT NOT NULL,
            completed_at TEXT
        ) STRICT;
        CREATE INDEX actions_status_due ON actions(status, due_at);
        CREATE INDEX actions_separation ON actions(separation_id);

        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            action_id INTEGER NOT NULL REFERENCES actions(id),
            number INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            outcome TEXT,
            detail TEXT,
            UNIQUE (action_id, number)
        ) STRICT;

        CREATE TABLE escalations (
            id INTEGER PRIMARY KEY,
            separation_id INTEGER NOT NULL REFERENCES separations(id),
            obligation_id INTEGER REFERENCES obligations(id),
            action_id INTEGER REFERENCES actions(id),
            reason TEXT NOT NULL,
            raised_at TEXT NOT NULL,
            level INTEGER NOT NULL DEFAULT 0,
            notified TEXT,
            acknowledged_at TEXT,
            acknowledged_by TEXT
        ) STRICT;
        CREATE INDEX escalations_separation ON escalations(separation_id);

        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            employee_id TEXT,
            subject TEXT NOT NULL,
            action TEXT NOT NULL,
            outcome TEXT NOT NULL,
            details TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        ) STRICT;
        CREATE INDEX audit_employee ON audit(employee_id, seq);
        CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """
}
