import Foundation

/// The hub processes of `crossdock bench orders`: children of this executable that the harness
/// starts, kills with SIGKILL and starts again. Each child's output is appended to its own log file,
/// so that one log shows every life of a process.
actor HubFleet {
    /// One hub or worker process and its command line.
    private struct Member {
        let name: String
        let arguments: [String]
        let logPath: String
        var process: Process?
        var starts = 0
        var startedAt = Date.distantPast
        /// Set while the harness has killed the process and not yet started it again.
        var killed = false
    }

    private let executable: URL
    private let environment: [String: String]
    private var members: [Member]
    /// How many times a process exited without being killed by the harness.
    private(set) var unexpectedExits = 0
    /// Set by `stopAll()`: a restart still pending then starts nothing.
    private var stopped = false

    /// `commands` are the children's names and arguments, run with `environment`; nothing starts
    /// until `startAll()`.
    init(
        executable: URL, logDirectory: String, environment: [String: String],
        commands: [(name: String, arguments: [String])]
    ) {
        self.executable = executable
        self.environment = environment
        members = commands.map { command in
            Member(name: command.name, arguments: command.arguments, logPath: "\(logDirectory)/\(command.name).log")
        }
    }

    /// This process's environment for a child: its log at info, since the logs are the evidence
    /// when an invariant breaks, and the database URL, which stays out of the process list.
    static func childEnvironment(databaseURL: String?) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["CROSSDOCK_LOG"] = environment["CROSSDOCK_LOG"] ?? "info"
        environment["CROSSDOCK_DATABASE_URL"] = databaseURL
        return environment
    }

    var names: [String] { members.map(\.name) }

    var logPaths: [String] { members.map(\.logPath) }

    /// Indices of the children that are running now.
    var live: [Int] {
        members.indices.filter { members[$0].process?.isRunning ?? false }
    }

    func startAll() throws {
        for index in members.indices { try start(index) }
    }

    /// Starts child `index`, appending its output to its log.
    func start(_ index: Int) throws {
        guard !stopped else { return }
        let member = members[index]
        let log = try Self.openLog(member.logPath)
        defer { try? log.close() }
        let banner = "=== crossdock bench: start \(member.starts + 1) of \(member.name) at \(Date()) ===\n"
        log.write(Data(banner.utf8))

        let process = Process()
        process.executableURL = executable
        process.arguments = member.arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        do {
            try process.run()
        } catch {
            throw BenchError("\(member.name) could not be started: \(error.localizedDescription)")
        }
        members[index].process = process
        members[index].starts += 1
        members[index].startedAt = Date()
        members[index].killed = false
    }

    /// Sends SIGKILL to child `index` and waits until it has exited; returns its name.
    func kill(_ index: Int) async -> String {
        members[index].killed = true
        if let process = members[index].process, process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
            await Self.waitForExit(process, seconds: 10)
        }
        return members[index].name
    }

    /// Starts again every child that exited without being killed by the harness, at most once a
    /// second each, so a process that cannot start does not spin; returns a sentence for each exit.
    func restartUnexpectedExits() throws -> [String] {
        var exits: [String] = []
        for index in members.indices where !members[index].killed {
            guard let process = members[index].process, !process.isRunning,
                Date().timeIntervalSince(members[index].startedAt) >= 1
            else { continue }
            unexpectedExits += 1
            let member = members[index]
            let status = process.terminationStatus
            exits.append("\(member.name) exited by itself (status \(status)); see \(member.logPath).")
            try start(index)
        }
        return exits
    }

    /// Asks every child to stop (SIGTERM), and kills those still running after `seconds`.
    func stopAll(seconds: Double = 15) async {
        stopped = true
        let running = members.compactMap(\.process).filter(\.isRunning)
        for process in running { process.terminate() }
        for process in running {
            await Self.waitForExit(process, seconds: seconds)
            if process.isRunning {
                Foundation.kill(process.processIdentifier, SIGKILL)
                await Self.waitForExit(process, seconds: 5)
            }
        }
        for index in members.indices { members[index].killed = true }
    }

    /// Opens a log for appending, creating it when missing.
    private static func openLog(_ path: String) throws -> FileHandle {
        let exists = FileManager.default.fileExists(atPath: path)
        guard exists || FileManager.default.createFile(atPath: path, contents: nil),
            let log = FileHandle(forWritingAtPath: path)
        else { throw BenchError("The log \(path) cannot be written.") }
        log.seekToEndOfFile()
        return log
    }

    /// Polls, so no thread blocks in `waitUntilExit`.
    private static func waitForExit(_ process: Process, seconds: Double) async {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Runs this executable once with `arguments`, its output in `logPath`, and waits for it; throws
    /// with the log's path when it fails.
    static func runToCompletion(
        executable: URL, arguments: [String], environment: [String: String], logPath: String, seconds: Double = 120
    ) async throws {
        let log = try openLog(logPath)
        defer { try? log.close() }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.run()
        await waitForExit(process, seconds: seconds)
        let command = "crossdock " + arguments.prefix(2).joined(separator: " ")
        if process.isRunning {
            process.terminate()
            await waitForExit(process, seconds: 5)
            throw BenchError("'\(command)' took over \(Int(seconds)) s; see \(logPath).")
        }
        guard process.terminationStatus == 0 else {
            throw BenchError("'\(command)' failed (status \(process.terminationStatus)); see \(logPath).")
        }
    }
}
