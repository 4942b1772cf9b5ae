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
        { conn in try conn.execute(version2) },
        { conn in try conn.execute(version3) },
        { conn in try conn.execute(version4) },
        { conn in try conn.execute(conversationTurns) },
        { conn in try conn.execute(datasetTaskAndTemplate) },
        { conn in try conn.execute(commonUnitCounts) },
        { conn in try addShards(conn) },
        { conn in try conn.execute(listChecksAsComparisons) },
    ]

    /// The version `conversationTurns` brings a file to (its position in `migrations`, 1-based).
    static let conversationTurnsVersion = 5
    /// The version that added `input_o200k_tokens` and `output_o200k_tokens` (issue 14).
    static let commonUnitCountsVersion = 7

    /// The version at which `run_datasets` gained `task` and `template_sha256` (the migration
    /// `datasetTaskAndTemplate`); readers of older files select NULL for them.
    static let datasetTaskAndTemplateVersion = 6

    /// The version that added the shard columns of `runs` and the `run_shards` table (issue 17).
    static let shardsVersion = 8

    /// The version whose `requests` spells its value-list CHECKs as comparisons (issue 17); the
    /// CHECK lists in force are in `listChecksAsComparisons`.
    static let listChecksAsComparisonsVersion = 9

    /// The version this build reads and writes.
    static var version: Int { migrations.count }

    /// Brings the file up to `version`, one migration per transaction. Each transaction is
    /// `BEGIN IMMEDIATE` (the write lock first) and re-reads `user_version` inside it, so two processes
    /// creating or migrating one file at once wait for each other (busy timeout) instead of both
    /// running a migration: the second finds the work done.
    static func migrate(_ conn: Connection) throws {
        guard try conn.scalarInt("PRAGMA user_version") < version else { return }
        // A table rebuild (version 2) must not cascade: foreign keys are off while migrating and
        // checked before each commit (SQLite, "Making Other Kinds Of Table Schema Changes").
        try conn.execute("PRAGMA foreign_keys = OFF")
        defer { try? conn.execute("PRAGMA foreign_keys = ON") }
        for index in 0..<version {
            try conn.transaction {
                let current = Int(try conn.scalarInt("PRAGMA user_version"))
                if current > version {
                    throw StoreError.schemaTooNew(path: conn.owner.path, version: current, supported: version)
                }
                guard current == index else { return }
                try migrations[index](conn)
                let broken = try conn.scalarInt("SELECT count(*) FROM pragma_foreign_key_check")
                if broken != 0 { throw StoreError.migrationBrokeForeignKeys(version: index + 1, rows: Int(broken)) }
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

    /// Version 2 (issue 10): a planned request that was never sent is a row too. `requests.status`
    /// gains `not_sent`; `intended_start_ns` may be NULL (a closed-loop request that never had a
    /// turn); `reasoning_tokens_source` says whether `reasoning_tokens` is the server's count or a
    /// local estimate (rows from version 1 take their `tokens_source`). `runs.heartbeat_at` is the
    /// last time a running run said it was alive (issue 11: a crashed run is told from a live one).
    /// `tokens_source` gains `invalid` (usage the server sent that cannot be trusted; token columns
    /// NULL, the raw object in `raw_usage`); `response_bytes` is the answer's full length in UTF-8
    /// bytes when `response_text` was cut at the stored-text limit. `error_kind` is checked against the
    /// bounded list of kinds (with issue 11's `redirect`, `bad_encoding`, `headers_too_large`,
    /// `response_too_large`): a new kind is a new migration. SQLite cannot change a CHECK
    /// in place, so the table is rebuilt and its rows copied; `scores` still refers to it by name.
    static let version2 = """
    CREATE TABLE requests_v2 (
        run_id               TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        request_index        INTEGER NOT NULL,
        attempt              INTEGER NOT NULL,
        model                TEXT NOT NULL,
        dataset              TEXT NOT NULL,
        item_id              TEXT NOT NULL,
        warmup               INTEGER NOT NULL CHECK (warmup IN (0, 1)),
        status               TEXT NOT NULL CHECK (status IN ('ok', 'error', 'cancelled', 'not_sent')),
        error_kind           TEXT CHECK (error_kind IN ('connect', 'timeout', 'timeout_connect', 'timeout_first_byte',
                                 'timeout_idle', 'timeout_total', 'auth', 'http_429', 'http_4xx', 'overloaded', 'http_5xx',
                                 'stream_error', 'stream_truncated', 'protocol', 'redirect', 'bad_encoding',
                                 'headers_too_large', 'response_too_large', 'cancelled')),
        error_message        TEXT,
        http_status          INTEGER,
        intended_start_ns    INTEGER,
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
        tokens_source        TEXT CHECK (tokens_source IN ('server', 'estimated', 'invalid')),
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
        reasoning_tokens_source TEXT CHECK (reasoning_tokens_source IN ('server', 'estimated')),
        raw_usage            TEXT,
        response_bytes       INTEGER,
        PRIMARY KEY (run_id, request_index, attempt),
        CHECK (status = 'not_sent' OR intended_start_ns IS NOT NULL),
        CHECK ((tokens_source = 'invalid') = (raw_usage IS NOT NULL)),
        CHECK (tokens_source IS NOT 'invalid' OR (input_tokens IS NULL AND output_tokens IS NULL))
    );
    INSERT INTO requests_v2 (
        run_id, request_index, attempt, model, dataset, item_id, warmup, status, error_kind, error_message,
        http_status, intended_start_ns, sent_ns, first_byte_ns, first_token_ns, first_output_ns, last_token_ns,
        done_ns, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens,
        tokens_source, response_text, finish_reason, provider_request_id, system_fingerprint, served_model,
        rate_limit_json, namelookup_ns, connect_ns, tls_ns, pretransfer_ns, starttransfer_ns, total_ns,
        chunk_arrivals, reasoning_tokens_source)
    SELECT
        run_id, request_index, attempt, model, dataset, item_id, warmup, status, error_kind, error_message,
        http_status, intended_start_ns, sent_ns, first_byte_ns, first_token_ns, first_output_ns, last_token_ns,
        done_ns, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens,
        tokens_source, response_text, finish_reason, provider_request_id, system_fingerprint, served_model,
        rate_limit_json, namelookup_ns, connect_ns, tls_ns, pretransfer_ns, starttransfer_ns, total_ns,
        chunk_arrivals, tokens_source
    FROM requests;
    DROP TABLE requests;
    ALTER TABLE requests_v2 RENAME TO requests;
    ALTER TABLE runs ADD COLUMN heartbeat_at TEXT;
    """

    /// Version 3 (issue 12): every time a baseline name was pointed at a run, kept. `baselines` still
    /// holds what each name points at now (`baseline set` overwrites it); `baseline_marks` keeps every
    /// mark with its time (in insertion order: two marks may share a millisecond), so a baseline can
    /// be "the last 7 runs marked good". Existing baselines become each name's first mark.
    static let version3 = """
    CREATE TABLE baseline_marks (
        name    TEXT NOT NULL,
        run_id  TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        set_at  TEXT NOT NULL
    );
    CREATE INDEX baseline_marks_by_name ON baseline_marks (name, set_at);
    INSERT INTO baseline_marks (name, run_id, set_at) SELECT name, run_id, set_at FROM baselines;
    """

    /// Version 4 (issue 13): the part of `cache_write_tokens` written with a 1-hour lifetime (Anthropic
    /// `cache_creation.ephemeral_1h_input_tokens`), priced apart from 5-minute writes. Older rows read
    /// NULL: every write they counted was a 5-minute one.
    static let version4 = """
    ALTER TABLE requests ADD COLUMN cache_write_1h_tokens INTEGER;
    """

    /// Version 5 (issue 15): a conversation dataset's request is one turn of one conversation.
    /// `conversation_index` is the conversation's 0-based index in the run's plan (the same for every
    /// model) and `turn` its 1-based user turn; both NULL for a single-turn request. No CHECK ties the
    /// two together: `ALTER TABLE ADD COLUMN` may carry only a column's own CHECK.
    static let conversationTurns = """
    ALTER TABLE requests ADD COLUMN conversation_index INTEGER CHECK (conversation_index >= 0);
    ALTER TABLE requests ADD COLUMN turn INTEGER CHECK (turn >= 1);
    CREATE INDEX requests_by_conversation ON requests (run_id, model, conversation_index, turn)
        WHERE conversation_index IS NOT NULL;
    """

    /// Version 6 (issue 15): what a run's dataset was besides its bytes. `task` is the task its items
    /// had (`prompt` for a prompt-only dataset, which is never scored, so reports say "not scored"
    /// rather than show empty scores); `template_sha256` is the SHA-256 of a team's own prompt template
    /// (system text, a NUL byte, user text), NULL when the task's built-in prompt was used. Older rows
    /// read NULL for both.
    static let datasetTaskAndTemplate = """
    ALTER TABLE run_datasets ADD COLUMN task TEXT CHECK (task IN ('summarization', 'qa', 'translation', 'prompt'));
    ALTER TABLE run_datasets ADD COLUMN template_sha256 TEXT CHECK (length(template_sha256) = 64);
    """

    /// Version 7 (issue 14): one ruler for every vendor. `input_o200k_tokens` is the prompt (system + user
    /// text) counted in o200k_base, `output_o200k_tokens` the answer text (never reasoning) counted in
    /// o200k_base, both filled after the run for successful attempts (NULL in older rows, and for rows
    /// whose text was not counted). `tokens_source` gains `chunks` (output counted as streamed events
    /// carrying text, config `count_tokens: chunks`), `o200k` (counted in o200k_base, config
    /// `count_tokens: o200k`) and `router` (usage that came through a router, which may have made it up).
    /// A CHECK cannot change in place, so the table is rebuilt as in version 2 (version 5's conversation columns and index come along).
    static let commonUnitCounts = """
    CREATE TABLE requests_v7 (
        run_id               TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        request_index        INTEGER NOT NULL,
        attempt              INTEGER NOT NULL,
        model                TEXT NOT NULL,
        dataset              TEXT NOT NULL,
        item_id              TEXT NOT NULL,
        warmup               INTEGER NOT NULL CHECK (warmup IN (0, 1)),
        status               TEXT NOT NULL CHECK (status IN ('ok', 'error', 'cancelled', 'not_sent')),
        error_kind           TEXT CHECK (error_kind IN ('connect', 'timeout', 'timeout_connect', 'timeout_first_byte',
                                 'timeout_idle', 'timeout_total', 'auth', 'http_429', 'http_4xx', 'overloaded', 'http_5xx',
                                 'stream_error', 'stream_truncated', 'protocol', 'redirect', 'bad_encoding',
                                 'headers_too_large', 'response_too_large', 'cancelled')),
        error_message        TEXT,
        http_status          INTEGER,
        intended_start_ns    INTEGER,
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
        tokens_source        TEXT CHECK (tokens_source IN ('server', 'router', 'estimated', 'chunks', 'o200k', 'invalid')),
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
        reasoning_tokens_source TEXT CHECK (reasoning_tokens_source IN ('server', 'estimated')),
        raw_usage            TEXT,
        response_bytes       INTEGER,
        cache_write_1h_tokens INTEGER,
        conversation_index   INTEGER CHECK (conversation_index >= 0),
        turn                 INTEGER CHECK (turn >= 1),
        input_o200k_tokens   INTEGER CHECK (input_o200k_tokens IS NULL OR input_o200k_tokens >= 0),
        output_o200k_tokens  INTEGER CHECK (output_o200k_tokens IS NULL OR output_o200k_tokens >= 0),
        PRIMARY KEY (run_id, request_index, attempt),
        CHECK (status = 'not_sent' OR intended_start_ns IS NOT NULL),
        CHECK ((tokens_source = 'invalid') = (raw_usage IS NOT NULL)),
        CHECK (tokens_source IS NOT 'invalid' OR (input_tokens IS NULL AND output_tokens IS NULL))
    );
    INSERT INTO requests_v7 (
        run_id, request_index, attempt, model, dataset, item_id, warmup, status, error_kind, error_message,
        http_status, intended_start_ns, sent_ns, first_byte_ns, first_token_ns, first_output_ns, last_token_ns,
        done_ns, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens,
        tokens_source, response_text, finish_reason, provider_request_id, system_fingerprint, served_model,
        rate_limit_json, namelookup_ns, connect_ns, tls_ns, pretransfer_ns, starttransfer_ns, total_ns,
        chunk_arrivals, reasoning_tokens_source, raw_usage, response_bytes, cache_write_1h_tokens, conversation_index, turn)
    SELECT
        run_id, request_index, attempt, model, dataset, item_id, warmup, status, error_kind, error_message,
        http_status, intended_start_ns, sent_ns, first_byte_ns, first_token_ns, first_output_ns, last_token_ns,
        done_ns, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens,
        tokens_source, response_text, finish_reason, provider_request_id, system_fingerprint, served_model,
        rate_limit_json, namelookup_ns, connect_ns, tls_ns, pretransfer_ns, starttransfer_ns, total_ns,
        chunk_arrivals, reasoning_tokens_source, raw_usage, response_bytes, cache_write_1h_tokens, conversation_index, turn
    FROM requests;
    DROP TABLE requests;
    ALTER TABLE requests_v7 RENAME TO requests;
    CREATE INDEX requests_by_conversation ON requests (run_id, model, conversation_index, turn)
        WHERE conversation_index IS NOT NULL;
    """

    /// Version 8 (issue 17): runs beyond one machine. `runs.started_wall_ns` is the wall-clock start in
    /// ns since the Unix epoch (what puts shards on one time line); `shard_index` / `shard_count` are
    /// `--shard I/N` (a merged group run has `shard_index` NULL and `shard_count` N); `run_group` is
    /// `--run-group`. `run_shards` lists, for a run `merge` built from a group's shards, each shard run
    /// it holds: the shard run's id, the offset added to its request indices and to its times (ns),
    /// and how many rows it brought.
    /// Adds each column of `shardColumns` the table lacks, then the index and `run_shards` (a file
    /// faked older by dropping columns may hold some already).
    static func addShards(_ conn: Connection) throws {
        var have: Set<String> = []
        let info = try conn.prepare("PRAGMA table_info(runs)")
        while try info.step() { have.insert(info.text(1)) }
        for (name, definition) in shardColumns where !have.contains(name) {
            try conn.execute("ALTER TABLE runs ADD COLUMN \(name) \(definition)")
        }
        try conn.execute(shardTables)
    }

    static let shardColumns: [(String, String)] = [
        ("started_wall_ns", "INTEGER CHECK (started_wall_ns IS NULL OR started_wall_ns >= 0)"),
        ("shard_index", "INTEGER CHECK (shard_index IS NULL OR shard_index >= 1)"),
        ("shard_count", "INTEGER CHECK (shard_count IS NULL OR shard_count >= 1)"),
        ("run_group", "TEXT CHECK (run_group IS NULL OR length(run_group) BETWEEN 1 AND 200)"),
    ]

    static let shardTables = """
    CREATE INDEX IF NOT EXISTS runs_by_group ON runs (run_group) WHERE run_group IS NOT NULL;
    CREATE TABLE IF NOT EXISTS run_shards (
        run_id          TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        shard_index     INTEGER NOT NULL CHECK (shard_index >= 1),
        shard_run_id    TEXT NOT NULL,
        request_offset  INTEGER NOT NULL CHECK (request_offset >= 0),
        time_offset_ns  INTEGER NOT NULL,
        rows            INTEGER NOT NULL CHECK (rows >= 0),
        PRIMARY KEY (run_id, shard_index)
    );
    """

    /// Version 9 (issue 17): the same `requests` table, column for column, with each value-list CHECK
    /// spelled as a chain of comparisons, `(status = 'ok' OR status = 'error' OR ...)`, instead of
    /// `status IN ('ok', 'error', ...)`. Both have the same truth table (NULL passes, a value not listed
    /// fails), but SQLite evaluates a CHECK's `IN (list)` of more than two values by building a temporary
    /// b-tree of the list each time the INSERT runs, i.e. for every row: with five such lists that was
    /// more than half of an insert's CPU time (Benchmarks/README.md, "The store and reports at scale").
    /// The lists are those of version 7. The table is rebuilt as in version 7, rows and scores kept.
    static let listChecksAsComparisons = """
    CREATE TABLE requests_v9 (
        run_id               TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        request_index        INTEGER NOT NULL,
        attempt              INTEGER NOT NULL,
        model                TEXT NOT NULL,
        dataset              TEXT NOT NULL,
        item_id              TEXT NOT NULL,
        warmup               INTEGER NOT NULL CHECK (warmup = 0 OR warmup = 1),
        status               TEXT NOT NULL CHECK (\(oneOf("status", ["ok", "error", "cancelled", "not_sent"]))),
        error_kind           TEXT CHECK (\(oneOf("error_kind", ["connect", "timeout", "timeout_connect", "timeout_first_byte", "timeout_idle", "timeout_total", "auth", "http_429", "http_4xx", "overloaded", "http_5xx", "stream_error", "stream_truncated", "protocol", "redirect", "bad_encoding", "headers_too_large", "response_too_large", "cancelled"]))),
        error_message        TEXT,
        http_status          INTEGER,
        intended_start_ns    INTEGER,
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
        tokens_source        TEXT CHECK (\(oneOf("tokens_source", ["server", "router", "estimated", "chunks", "o200k", "invalid"]))),
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
        reasoning_tokens_source TEXT CHECK (\(oneOf("reasoning_tokens_source", ["server", "estimated"]))),
        raw_usage            TEXT,
        response_bytes       INTEGER,
        cache_write_1h_tokens INTEGER,
        conversation_index   INTEGER CHECK (conversation_index >= 0),
        turn                 INTEGER CHECK (turn >= 1),
        input_o200k_tokens   INTEGER CHECK (input_o200k_tokens IS NULL OR input_o200k_tokens >= 0),
        output_o200k_tokens  INTEGER CHECK (output_o200k_tokens IS NULL OR output_o200k_tokens >= 0),
        PRIMARY KEY (run_id, request_index, attempt),
        CHECK (status = 'not_sent' OR intended_start_ns IS NOT NULL),
        CHECK ((tokens_source = 'invalid') = (raw_usage IS NOT NULL)),
        CHECK (tokens_source IS NOT 'invalid' OR (input_tokens IS NULL AND output_tokens IS NULL))
    );
    INSERT INTO requests_v9 (
        run_id, request_index, attempt, model, dataset, item_id, warmup, status, error_kind, error_message,
        http_status, intended_start_ns, sent_ns, first_byte_ns, first_token_ns, first_output_ns, last_token_ns,
        done_ns, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens,
        tokens_source, response_text, finish_reason, provider_request_id, system_fingerprint, served_model,
        rate_limit_json, namelookup_ns, connect_ns, tls_ns, pretransfer_ns, starttransfer_ns, total_ns,
        chunk_arrivals, reasoning_tokens_source, raw_usage, response_bytes, cache_write_1h_tokens, conversation_index, turn,
        input_o200k_tokens, output_o200k_tokens)
    SELECT
        run_id, request_index, attempt, model, dataset, item_id, warmup, status, error_kind, error_message,
        http_status, intended_start_ns, sent_ns, first_byte_ns, first_token_ns, first_output_ns, last_token_ns,
        done_ns, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens,
        tokens_source, response_text, finish_reason, provider_request_id, system_fingerprint, served_model,
        rate_limit_json, namelookup_ns, connect_ns, tls_ns, pretransfer_ns, starttransfer_ns, total_ns,
        chunk_arrivals, reasoning_tokens_source, raw_usage, response_bytes, cache_write_1h_tokens, conversation_index, turn,
        input_o200k_tokens, output_o200k_tokens
    FROM requests;
    DROP TABLE requests;
    ALTER TABLE requests_v9 RENAME TO requests;
    CREATE INDEX requests_by_conversation ON requests (run_id, model, conversation_index, turn)
        WHERE conversation_index IS NOT NULL;
    """

    /// `(column = 'a' OR column = 'b' ...)` for a CHECK: the values are fixed SQL words (never user
    /// input), each quoted as an SQL string. Part of `listChecksAsComparisons`'s text: never change its output.
    static func oneOf(_ column: String, _ values: [String]) -> String {
        "(" + values.map { "\(column) = '\($0)'" }.joined(separator: " OR ") + ")"
    }
}
