import GRDB

extension StoreMigrations {
    /// Version 2: what the scheduler keeps per action (when it fires, by when it must be done, after which
    /// actions, how many attempts, when to try again).
    static let v2 = """
        ALTER TABLE actions ADD COLUMN spec_id TEXT NOT NULL DEFAULT '';
        ALTER TABLE actions ADD COLUMN title TEXT NOT NULL DEFAULT '';
        ALTER TABLE actions ADD COLUMN employee_id TEXT NOT NULL DEFAULT '';
        ALTER TABLE actions ADD COLUMN deadline_at INTEGER;
        ALTER TABLE actions ADD COLUMN deadline_source TEXT;
        ALTER TABLE actions ADD COLUMN after_specs TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE actions ADD COLUMN attempt_count INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE actions ADD COLUMN max_attempts INTEGER NOT NULL DEFAULT 6;
        ALTER TABLE actions ADD COLUMN retry_initial INTEGER NOT NULL DEFAULT 30;
        ALTER TABLE actions ADD COLUMN retry_max INTEGER NOT NULL DEFAULT 3600;
        ALTER TABLE actions ADD COLUMN next_attempt_at INTEGER;
        ALTER TABLE actions ADD COLUMN last_error TEXT;
        ALTER TABLE actions ADD COLUMN warned INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX actions_deadline ON actions(status, deadline_at);
        ALTER TABLE escalations ADD COLUMN employee_id TEXT NOT NULL DEFAULT '';
        ALTER TABLE escalations ADD COLUMN next_alert_at INTEGER;
        CREATE INDEX escalations_open ON escalations(acknowledged_at, next_alert_at);
        """
}
