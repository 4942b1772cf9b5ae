/// The database schema, versioned with `PRAGMA user_version`: migration `i` (0-based) takes a file
/// from version `i` to `i + 1`, each in its own transaction together with the version bump.
///
/// Once released, a migration is never edited: changes go in a new one appended to the list.
/// The schema is a public interface; docs/schema.md describes every table and column.
enum Schema {
    /// `PRAGMA application_id`, the bytes "LLMB": marks a file as an llmbench database.
    static let applicationId: Int32 = 0x4C4C_4D42

    /// The ordered migrations.
    static let migrations: [@Sendable (Connection) throws -> Void] = [
        { conn in try conn.execute(version1) },
    ]

    /// The version this build reads and writes.
    static var version: Int { migrations.count }

    /// Applies every migration after `current`, one transaction each.
    static func migrate(_ conn: Connection, from current: Int) throws {
        guard current < version else { return }
        for index in current..<version {
            try conn.transaction {
                try migrations[index](conn)
                try conn.execute("PRAGMA application_id = \(applicationId)")
                try conn.execute("PRAGMA user_version = \(index + 1)")
            }
        }
    }

    /// Version 1: runs, their datasets and prices, one row per request attempt, scores, baselines.
    static let version1 = """
    CREATE TABLE runs (
        id                TEXT PRIMARY KEY NOT NULL,
        started_at        TEXT NOT NULL,
        finished_at       TEXT,
        label             TEXT,
        llmbench_version  TEXT NOT NULL,
        git_commit        TEXT,
        host              TEXT NOT NULL,
        os                TEXT NOT NULL,
        cpu_count         INTEGER NOT NULL,
        curl_version      TEXT NOT NULL,
        sqlite_version    TEXT NOT NULL,
        simulated         INTEGER NOT NULL CHECK (simulated IN (0, 1)),
        settings_json     TEXT NOT NULL,
        status            TEXT NOT NULL CHECK (status IN ('running', 'completed', 'interrupted', 'failed')),
        duration_ns       INTEGER,
        capped            INTEGER NOT NULL DEFAULT 0 CHECK (capped IN (0, 1)),
        notes             TEXT,
        merged_from       TEXT,
        merged_at         TEXT
    );
    CREATE INDEX runs_by_start ON runs (started_at);
    CREATE INDEX runs_by_label ON runs (label, started_at);

    CREATE TABLE run_datasets (
        run_id   TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        dataset  TEXT NOT NULL,
        sha256   TEXT NOT NULL,
        PRIMARY KEY (run_id, dataset)
    ) WITHOUT ROWID;

    CREATE TABLE requests (
        run_id               TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        request_index        INTEGER NOT NULL,
        attempt              INTEGER NOT NULL,
        model                TEXT NOT NULL,
        dataset              TEXT NOT NULL,
        item_id              TEXT NOT NULL,
        warmup               INTEGER NOT NULL CHECK (warmup IN (0, 1)),
        status               TEXT NOT NULL CHECK (status IN ('ok', 'error', 'cancelled')),
        error_kind           TEXT,
        error_message        TEXT,
        http_status          INTEGER,
        intended_start_ns    INTEGER NOT NULL,
        sent_ns              INTEGER,
        first_byte_ns        INTEGER,
        first_token_ns       INTEGER,
        first_output_ns      INTEGER,
        last_token_ns        INTEGER,
        done_ns              INTEGER,
        input_tokens         INTEGER,
        output_tokens        INTEGER,
        cached_input_tokens  INTEGER,
        cache_write_tokens   INTEGER,
        reasoning_tokens     INTEGER,
        tokens_source        TEXT CHECK (tokens_source IN ('server', 'estimated')),
        response_text        TEXT NOT NULL,
        finish_reason        TEXT,
        provider_request_id  TEXT,
        system_fingerprint   TEXT,
        served_model         TEXT,
        rate_limit_json      TEXT,
        namelookup_ns        INTEGER,
        connect_ns           INTEGER,
        tls_ns               INTEGER,
        pretransfer_ns       INTEGER,
        starttransfer_ns     INTEGER,
        total_ns             INTEGER,
        chunk_arrivals       BLOB,
        PRIMARY KEY (run_id, request_index, attempt)
    );

    CREATE TABLE run_prices (
        run_id          TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        model           TEXT NOT NULL,
        entry_json      TEXT NOT NULL,
        catalog_sha256  TEXT,
        catalog_date    TEXT,
        PRIMARY KEY (run_id, model)
    ) WITHOUT ROWID;

    CREATE TABLE scores (
        run_id         TEXT NOT NULL,
        request_index  INTEGER NOT NULL,
        attempt        INTEGER NOT NULL,
        metric         TEXT NOT NULL,
        value          REAL NOT NULL,
        PRIMARY KEY (run_id, request_index, attempt, metric),
        FOREIGN KEY (run_id, request_index, attempt)
            REFERENCES requests (run_id, request_index, attempt) ON DELETE CASCADE
    ) WITHOUT ROWID;

    CREATE TABLE baselines (
        name    TEXT PRIMARY KEY NOT NULL,
        run_id  TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        set_at  TEXT NOT NULL
    ) WITHOUT ROWID;
    """
}
