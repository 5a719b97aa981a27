import CrossdockStore
import Foundation

/// The PostgreSQL side of one `crossdock bench orders` run. The run keeps its registry of accounts
/// and workers in a base schema of its own (`bench_<run>`), so its workers see only its accounts,
/// and each account's tables in that account's schema; all of them are dropped afterwards.
struct BenchOrdersDatabase: Sendable {
    /// The URL the run's processes share: the operator's URL with the run's base schema.
    let url: String
    let baseSchema: String

    init(url operatorURL: String, runID: String) {
        baseSchema = "bench_" + runID.filter { $0.isLetter || $0.isNumber }
        url = operatorURL + (operatorURL.contains("?") ? "&" : "?") + "schema=" + baseSchema
    }

    /// The schemas the run created: each account's and the base schema.
    func schemaNames(accounts: [String]) -> [String] {
        accounts.compactMap { try? AccountID($0).schemaName(base: baseSchema) } + [baseSchema]
    }

    /// Drops every schema of the run, with its tables.
    func dropSchemas(accounts: [String]) async throws {
        let schemas = schemaNames(accounts: accounts)
        guard let first = accounts.first else { return }
        // One account's store lends its connection; dropping the schema a connection sits in is allowed.
        let store = try await Store(
            databaseURL: url, account: try AccountID(first), maximumConnections: 1, migrate: false)
        try await store.database.write { connection in
            try connection.executeScript("DROP SCHEMA IF EXISTS \(schemas.joined(separator: ", ")) CASCADE")
        }
    }
}
