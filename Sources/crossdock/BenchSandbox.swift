import CrossdockHTTP
import CrossdockSandbox
import Foundation

/// The BigCommerce plan whose quota the benchmark's sandbox enforces.
enum BenchPlan: String {
    case standard, pro

    /// Requests per 30-second window.
    var quota: Int { self == .pro ? 450 : 150 }

    /// The child's command line: an empty sandbox on a free port enforcing this plan.
    var sandboxArguments: [String] { ["sandbox", "--port", "0", "--empty", "--plan", rawValue] }
}

/// A channel sandbox running as a child process, so that the benchmark's CPU and memory figures
/// are the hub's alone, and the control calls the benchmark makes to it.
final class BenchSandbox: Sendable {
    static let readyMarker = "Channel sandbox is running at "

    let process: Process
    let baseURL: String
    private let http = HTTPClient(timeout: 300)

    private init(process: Process, baseURL: String) {
        self.process = process
        self.baseURL = baseURL
    }

    /// Runs this executable with `plan.sandboxArguments` and waits for the address it prints.
    static func start(plan: BenchPlan) async throws -> BenchSandbox {
        guard let executable = Bundle.main.executableURL else {
            throw BenchError("The path of this executable is unknown, so the sandbox cannot be started.")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = plan.sandboxArguments
        let output = Pipe()
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            throw BenchError("The sandbox could not be started: \(error.localizedDescription)")
        }

        // A sandbox that neither prints its address nor exits within a minute is stopped.
        let watchdog = Task {
            try await Task.sleep(for: .seconds(60))
            process.terminate()
        }
        let address = await readAddress(from: output.fileHandleForReading)
        watchdog.cancel()
        guard let address else {
            await waitForExit(process)
            throw BenchError(
                "The sandbox exited (status \(process.terminationStatus)) before it printed its address.")
        }
        let sandbox = BenchSandbox(process: process, baseURL: address)
        // Everything the benchmark sends goes to this address, so it must be loopback.
        guard address.hasPrefix("http://127.0.0.1:") else {
            await sandbox.stop()
            throw BenchError("The sandbox printed \(address), which is not on 127.0.0.1; the benchmark stops.")
        }
        return sandbox
    }

    /// Waits for the child on a thread of its own: `waitUntilExit` blocks.
    private static func waitForExit(_ process: Process) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume()
            }
        }
    }

    /// Reads the child's output on a thread of its own (the reads block) until the ready line, then
    /// keeps draining it so the child never stalls on a full pipe. Nil when the output ends first.
    private static func readAddress(from handle: FileHandle) async -> String? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var buffer = Data()
                var answered = false
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    if answered { continue }
                    buffer.append(chunk)
                    if let address = address(in: String(decoding: buffer, as: UTF8.self)) {
                        answered = true
                        buffer = Data()
                        continuation.resume(returning: address)
                    }
                }
                if !answered { continuation.resume(returning: nil) }
            }
        }
    }

    /// The URL in `Channel sandbox is running at http://127.0.0.1:PORT …`, once the line is complete.
    static func address(in output: String) -> String? {
        for line in output.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            guard let marker = line.range(of: readyMarker) else { continue }
            let address = line[marker.upperBound...].prefix { !$0.isWhitespace }
            if !address.isEmpty { return String(address) }
        }
        return nil
    }

    /// Stops the child and waits for it to exit.
    func stop() async {
        guard process.isRunning else { return }
        process.terminate()
        await Self.waitForExit(process)
    }

    // MARK: Control API

    private struct CatalogLoad: Encodable {
        var products: [BenchProduct]
        var replace = false
        var listOnAmazon = false
    }

    /// Adds products to the emulated BigCommerce store, without listing them on Amazon.
    func load(_ products: [BenchProduct]) async throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let body = try encoder.encode(CatalogLoad(products: products))
        let response = try await http.send(
            "POST", baseURL + "/_control/bigcommerce/catalog", headers: [("Content-Type", "application/json")],
            body: body)
        guard (200..<300).contains(response.status) else {
            let detail = String(decoding: response.body.prefix(300), as: UTF8.self)
            throw BenchError("The sandbox refused a catalogue load (\(response.status)): \(detail)")
        }
    }

    struct Traffic: Decodable {
        var admitted: Int
        var throttled: Int
        var faulted: Int

        /// Every BigCommerce request the sandbox received, whatever it answered.
        var total: Int { admitted + throttled + faulted }
    }

    /// BigCommerce API requests counted by outcome since the sandbox started.
    func traffic() async throws -> Traffic {
        let response = try await http.send("GET", baseURL + "/_control/bigcommerce/traffic")
        guard (200..<300).contains(response.status),
            let traffic = try? JSONDecoder().decode(Traffic.self, from: response.body)
        else { throw BenchError("The sandbox did not report its BigCommerce traffic (\(response.status)).") }
        return traffic
    }
}
