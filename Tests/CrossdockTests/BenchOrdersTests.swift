import Foundation
import Testing

/// A small `crossdock bench orders` end to end: the built executable places real orders, kills its
/// hub processes with SIGKILL, and must report the invariants held. The checker itself is tested
/// against deliberate duplicates in `SandboxRoutingAuditTests`.
@Suite(.serialized) struct BenchOrdersTests {
    @Test func routesEveryOrderOnceOnSQLiteDespiteKills() async throws {
        let run = try await runBench(["--orders", "20", "--kills", "2"])
        #expect(run.status == 0, "bench orders failed:\n\(run.output)")
        #expect(run.figures["database"] == "sqlite")
        #expect(run.figures["kills"] == "2")
        expectInvariantsHeld(run)
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["CROSSDOCK_TEST_DATABASE_URL"] != nil))
    func routesEveryOrderOnceOnPostgreSQLWithTwoWorkersAndAccounts() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["CROSSDOCK_TEST_DATABASE_URL"])
        let run = try await runBench([
            "--orders", "20", "--kills", "2", "--workers", "2", "--accounts", "2", "--database", url,
        ])
        #expect(run.status == 0, "bench orders failed:\n\(run.output)")
        #expect(run.figures["database"] == "postgresql")
        #expect(run.figures["accounts"] == "2")
        expectInvariantsHeld(run)
    }

    @Test func refusesSeveralAccountsOnSQLite() async throws {
        let run = try await runBench(["--orders", "20", "--accounts", "2"])
        #expect(run.status == 64)
        #expect(run.output.contains("SQLite holds one merchant account"))
    }

    // MARK: Helpers

    private struct BenchRun {
        var status: Int32
        var output: String
        /// The final line's key=value pairs.
        var figures: [String: String]
    }

    private func expectInvariantsHeld(_ run: BenchRun) {
        #expect(run.figures["orders"] == "20")
        #expect(run.figures["routed"] == "20")
        #expect(run.figures["duplicates"] == "0")
        #expect(run.figures["lost"] == "0")
        #expect(run.figures["tracking_missing"] == "0")
        #expect(run.figures["settled"] == "yes")
    }

    /// Runs `crossdock bench orders` fast (rate limits and polls 60 times faster, orders placed over
    /// two seconds, a minute to settle) and reads its output.
    private func runBench(_ arguments: [String]) async throws -> BenchRun {
        let process = Process()
        process.executableURL = try Self.executable()
        process.arguments =
            ["bench", "orders"] + arguments + ["--time-scale", "60", "--placing-seconds", "2", "--timeout", "60"]
        var environment = ProcessInfo.processInfo.environment
        environment["CROSSDOCK_DATABASE_URL"] = nil
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = await Self.readAll(output.fileHandleForReading)
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        let text = String(decoding: data, as: UTF8.self)
        let last = text.split(separator: "\n").last { $0.hasPrefix("orders=") } ?? ""
        let pairs = last.split(separator: " ").compactMap { pair -> (String, String)? in
            let parts = pair.split(separator: "=", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }
        return BenchRun(
            status: process.terminationStatus, output: text,
            figures: Dictionary(pairs, uniquingKeysWith: { _, last in last }))
    }

    /// Reads a pipe to its end on a thread of its own (the reads block).
    private static func readAll(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: handle.readDataToEndOfFile())
            }
        }
    }

    /// The `crossdock` executable `swift test` built beside the test bundle.
    private static func executable() throws -> URL {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent(), Bundle.main.bundleURL.deletingLastPathComponent(),
            Bundle.main.bundleURL,
        ].compactMap { $0?.appendingPathComponent("crossdock") }
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return try #require(found, "no crossdock executable beside the tests in \(candidates.map(\.path))")
    }
}
