import Foundation
import Testing

@testable import CrossdockStore

/// What the PostgreSQL engine does differently, checked without a server where it can be.
@Suite("Store dialects")
struct StoreDialectTests {
    @Test func placeholdersAreNumberedOutsideQuotesAndComments() {
        let sql = """
            SELECT '?', "a?b", E'it\\'s ?', x FROM t -- why?
            WHERE a = ? /* not ? /* nested ? */ here? */ AND b LIKE ? ESCAPE '\\' AND c = ?
            """
        let (numbered, count) = PostgresPlaceholders.numbered(sql)
        #expect(count == 3)
        #expect(
            numbered == """
                SELECT '?', "a?b", E'it\\'s ?', x FROM t -- why?
                WHERE a = $1 /* not ? /* nested ? */ here? */ AND b LIKE $2 ESCAPE '\\' AND c = $3
                """)
        #expect(PostgresPlaceholders.numbered("SELECT 'it''s ?' = ?, ?").sql == "SELECT 'it''s ?' = $1, $2")
        #expect(PostgresPlaceholders.numbered("SELECT name'?' = ?").count == 1)
    }

    @Test func postgresURLKeepsTheSchemaForItselfAndHidesThePassword() throws {
        let configuration = try #require(
            try PostgresConfiguration(url: "postgresql://hub:s3cret@127.0.0.1:5432/hub?schema=tenant_7&sslmode=disable")
        )
        #expect(configuration.schema == "tenant_7")
        #expect(!configuration.connectionString.contains("schema="))
        #expect(configuration.connectionString.contains("sslmode=disable"))
        #expect(configuration.connectionString.contains("client_encoding=UTF8"))
        #expect(configuration.redactedURL == "postgresql://hub:***@127.0.0.1:5432/hub?schema=tenant_7&sslmode=disable")
        #expect(
            try PostgresConfiguration(url: "postgres://hub@127.0.0.1/hub?password=x")?.redactedURL
                == "postgres://hub@127.0.0.1/hub?password=***")
        #expect(try PostgresConfiguration(url: "/var/lib/crossdock/crossdock.sqlite") == nil)
        #expect(throws: PostgresError.self) {
            try PostgresConfiguration(url: "postgresql://127.0.0.1/hub?schema=a%22b")
        }
    }

    @Test func unreachableServerIsReportedWithoutThePassword() async throws {
        let error = await #expect(throws: PostgresError.self) {
            _ = try await Store(databaseURL: "postgresql://hub:s3cret@127.0.0.1:1/hub?connect_timeout=2")
        }
        let description = try #require(error?.description)
        #expect(description.contains("Cannot connect to postgresql://hub:***@127.0.0.1:1/hub"))
        #expect(!description.contains("s3cret"))
    }

    @Test func dataExceptionsDoNotEchoTheBoundValue() async throws {
        try await withStore(.postgresql) { store, _ in
            let error = await #expect(throws: PostgresError.self) {
                try await store.database.read { db in try db.query("SELECT CAST(? AS BIGINT) AS n", ["buyer@x"]) }
            }
            #expect(error?.sqlState == "22P02")
            #expect(error?.description.contains("buyer@x") == false)
        }
    }

    @Test func sqliteURLOpensAFileStore() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crossdock-url-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try await Store(databaseURL: "sqlite:\(directory)/hub.sqlite")
        #expect(store.database.dialect == .sqlite)
        try await store.enqueue(kind: "catalog.poll", key: "bigcommerce", integration: "bigcommerce")
        #expect(try await store.pendingJobCounts() == ["catalog.poll": 1])
    }

    @Test func reconnectsToItsSchemaAfterTheServerDropsTheConnection() async throws {
        // Calls one after another reuse the one connection the pool has opened.
        try await withStore(.postgresql) { store, _ in
            try await store.enqueue(kind: "catalog.poll", key: "bigcommerce", integration: "bigcommerce")
            let error = await #expect(throws: PostgresError.self) {
                try await store.database.read { db in try db.query("SELECT pg_terminate_backend(pg_backend_pid())") }
            }
            #expect(error?.message.contains("closed the connection") == true)
            #expect(try await store.pendingJobCounts() == ["catalog.poll": 1])
        }
    }

    @Test func bothEnginesMigrateToTheSameTablesAndColumns() async throws {
        var schemas: [Engine: [String: [String]]] = [:]
        for engine in Engine.allCases {
            try await withStore(engine) { store, _ in
                schemas[engine] = try await store.database.read { db in try Self.columnsByTable(db) }
            }
        }
        let sqlite = try #require(schemas[.sqlite])
        #expect(sqlite.keys.count == 12)
        // The base schema of a PostgreSQL deployment also holds its registries of accounts and workers.
        let postgresql = try #require(schemas[.postgresql])
        #expect(Set(postgresql.keys).subtracting(sqlite.keys) == ["crossdock_accounts", "crossdock_workers"])
        #expect(sqlite == postgresql.filter { !$0.key.hasPrefix("crossdock_") })
    }

    private static func columnsByTable(_ db: any SQLConnection) throws -> [String: [String]] {
        let sql =
            switch db.dialect {
            case .sqlite:
                """
                SELECT m.name AS table_name, c.name AS column_name FROM sqlite_master AS m
                JOIN pragma_table_info(m.name) AS c WHERE m.type = 'table' ORDER BY m.name, c.cid
                """
            case .postgresql:
                """
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position
                """
            }
        var columns: [String: [String]] = [:]
        for row in try db.query(sql) {
            columns[row.string("table_name") ?? "", default: []].append(row.string("column_name") ?? "")
        }
        return columns
    }
}
