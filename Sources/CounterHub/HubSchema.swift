import CounterCore
import PostgresNIO

/// The hub's tables, created and migrated by `madoguchi hub init`: each migration runs once,
/// in order, in its own transaction, and is noted in `hub_schema_version`. Running it again
/// changes nothing.
public enum HubSchema {
    /// The migrations, version n at index n - 1, each a list of statements (sent one by one:
    /// the extended protocol takes one statement at a time). Never edit one that has shipped: add the next.
    static let migrations: [[String]] = [
        // 1: the journal witness — every terminal's lines, append-only, and what was refused.
        [
            """
            CREATE TABLE hub_journal (
                terminal   text    NOT NULL,
                day        date    NOT NULL,
                segment    integer NOT NULL,
                seq        bigint  NOT NULL,
                line       integer NOT NULL,
                hash       text    NOT NULL,
                prev       text    NOT NULL,
                ts         text    NOT NULL,
                body       bytea   NOT NULL,
                received_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (terminal, day, segment, seq)
            )
            """,
            """
            CREATE UNIQUE INDEX hub_journal_position ON hub_journal (terminal, day, segment, line)
            """,
            """
            CREATE FUNCTION hub_journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'hub_journal is append-only';
            END $$
            """,
            """
            CREATE TRIGGER hub_journal_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON hub_journal
                FOR EACH STATEMENT EXECUTE FUNCTION hub_journal_append_only()
            """,
            """
            CREATE TABLE hub_forks (
                id           bigserial PRIMARY KEY,
                terminal     text    NOT NULL,
                day          date    NOT NULL,
                segment      integer NOT NULL,
                seq          bigint  NOT NULL,
                line         integer NOT NULL,
                kind         text    NOT NULL,
                held_hash    text,
                offered_hash text    NOT NULL,
                offered_body bytea,
                found_at     timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE UNIQUE INDEX hub_forks_once ON hub_forks (terminal, day, segment, seq, kind, offered_hash)
            """,
            """
            CREATE FUNCTION hub_ship(p_terminal text, p_days date[], p_segments integer[], p_lines integer[], p_seqs bigint[],
                                     p_hashes text[], p_prevs text[], p_ts text[], p_bodies bytea[])
                RETURNS TABLE (accepted integer, duplicates integer, refused_at integer, reason text, held text)
                LANGUAGE plpgsql AS $$
            DECLARE
                n integer := coalesce(array_length(p_hashes, 1), 0);
                i integer;
                acc integer := 0;
                dup integer := 0;
                head text;
                found_hash text;
                body bytea;
                len integer;
                why text;
            BEGIN
                PERFORM pg_advisory_xact_lock(hashtext('hub_ship:' || p_terminal));
                SELECT j.hash INTO head FROM hub_journal j WHERE j.terminal = p_terminal
                    ORDER BY j.day DESC, j.segment DESC, j.line DESC LIMIT 1;
                FOR i IN 1..n LOOP
                    SELECT j.hash INTO found_hash FROM hub_journal j
                        WHERE j.terminal = p_terminal AND j.day = p_days[i] AND j.segment = p_segments[i] AND j.seq = p_seqs[i];
                    IF FOUND THEN
                        IF found_hash = p_hashes[i] THEN
                            dup := dup + 1;
                            CONTINUE;
                        END IF;
                        why := 'differs';
                    ELSE
                        body := p_bodies[i];
                        len := length(body);
                        why := NULL;
                        -- The line proves itself: its h is the SHA-256 of every byte before "h", and its prev is written in it.
                        IF len < 160
                           OR encode(sha256(substring(body FROM 1 FOR len - 71)), 'hex') <> p_hashes[i]
                           OR convert_from(substring(body FROM len - 65 FOR 64), 'UTF8') <> p_hashes[i]
                           OR convert_from(substring(body FROM len - 144 FOR 72), 'UTF8') <> ('"prev":"' || p_prevs[i]) THEN
                            why := 'unsealed';
                        ELSIF head IS NOT NULL AND p_prevs[i] <> head THEN
                            why := 'chain';
                        END IF;
                    END IF;
                    IF why IS NOT NULL THEN
                        INSERT INTO hub_forks (terminal, day, segment, seq, line, kind, held_hash, offered_hash, offered_body)
                            VALUES (p_terminal, p_days[i], p_segments[i], p_seqs[i], p_lines[i], why,
                                    CASE WHEN why = 'differs' THEN found_hash ELSE head END, p_hashes[i], p_bodies[i])
                            ON CONFLICT DO NOTHING;
                        RETURN QUERY SELECT acc, dup, i, why, CASE WHEN why = 'differs' THEN found_hash ELSE head END;
                        RETURN;
                    END IF;
                    INSERT INTO hub_journal (terminal, day, segment, seq, line, hash, prev, ts, body)
                        VALUES (p_terminal, p_days[i], p_segments[i], p_seqs[i], p_lines[i], p_hashes[i], p_prevs[i], p_ts[i], p_bodies[i]);
                    head := p_hashes[i];
                    acc := acc + 1;
                END LOOP;
                RETURN QUERY SELECT acc, dup, 0, NULL::text, head;
            END $$
            """,
            """
            CREATE TABLE hub_reports (
                id        bigserial PRIMARY KEY,
                terminal  text NOT NULL,
                kind      text NOT NULL,
                from_seq  bigint NOT NULL,
                to_seq    bigint NOT NULL,
                detail    text NOT NULL,
                found_at  timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE UNIQUE INDEX hub_reports_once ON hub_reports (terminal, kind, from_seq, to_seq)
            """,
        ],
        // 2: shared bereavement cases, versioned for optimistic updates.
        [
            """
            CREATE TABLE hub_case (
                number          text PRIMARY KEY,
                deceased_id     text NOT NULL,
                deceased_name   text NOT NULL,
                date_of_death   text NOT NULL,
                known_date      text,
                funeral_date    text,
                applicant_id    text,
                opened_at       text NOT NULL,
                opened_by       text NOT NULL,
                opened_terminal text NOT NULL,
                version         integer NOT NULL DEFAULT 1
            )
            """,
            """
            CREATE INDEX hub_case_deceased ON hub_case (deceased_id)
            """,
            """
            CREATE TABLE hub_case_item (
                case_number text NOT NULL REFERENCES hub_case (number),
                item_id     text NOT NULL,
                position    integer NOT NULL,
                item_json   text NOT NULL,
                status      text NOT NULL,
                changed_at  text,
                changed_by  text,
                PRIMARY KEY (case_number, item_id)
            )
            """,
            """
            CREATE TABLE hub_case_history (
                id          bigserial PRIMARY KEY,
                case_number text NOT NULL,
                item_id     text NOT NULL,
                from_status text NOT NULL,
                to_status   text NOT NULL,
                changed_at  text NOT NULL,
                clerk       text NOT NULL,
                terminal    text NOT NULL
            )
            """,
            """
            CREATE INDEX hub_case_history_case ON hub_case_history (case_number, id)
            """,
        ],
        // 3: the family's answers to the rules' questions, one row per case and question.
        [
            """
            CREATE TABLE hub_case_answer (
                case_number text NOT NULL REFERENCES hub_case (number),
                question    text NOT NULL,
                answer      text NOT NULL,
                answered_at text NOT NULL,
                clerk       text NOT NULL,
                terminal    text NOT NULL,
                PRIMARY KEY (case_number, question)
            )
            """,
        ],
    ]

    /// The version this build knows.
    public static var current: Int { migrations.count }

    /// Creates or migrates the hub's tables; returns the versions applied now (empty when up to date).
    @discardableResult
    public static func initialize(_ hub: HubConnection) throws(HubError) -> [Int] {
        try hub.query("CREATE TABLE IF NOT EXISTS hub_schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
        var applied: [Int] = []
        try hub.transaction { () throws(HubError) in
            // One initializer at a time (two terminals running `hub init` together).
            try hub.query("SELECT pg_advisory_xact_lock(hashtext('hub_schema'))")
            let found = try version(hub)
            guard found <= current else { throw .schemaTooNew(found: found, known: current) }
            for version in (found + 1)...max(found + 1, current) where version <= current {
                for statement in migrations[version - 1] { try hub.query(PostgresQuery(unsafeSQL: statement)) }
                try hub.query("INSERT INTO hub_schema_version (version) VALUES (\(version))")
                applied.append(version)
            }
        }
        return applied
    }

    /// The hub's schema version (0 before `hub init`).
    public static func version(_ hub: HubConnection) throws(HubError) -> Int {
        do {
            let rows = try hub.query("SELECT coalesce(max(version), 0) FROM hub_schema_version")
            return try rows.first?.decode(Int.self) ?? 0
        } catch let error as HubError {
            if error == .notInitialized { return 0 }
            throw error
        } catch {
            throw .server(String(describing: error))
        }
    }

    /// Refuses a hub that `hub init` has not brought to this version.
    public static func require(_ hub: HubConnection) throws(HubError) {
        let found = try version(hub)
        if found > current { throw .schemaTooNew(found: found, known: current) }
        if found < current { throw .notInitialized }
    }
}
