import Foundation

/// Parses `crossdock <command> [--option value]…` and runs the command.
enum CommandLineInterface {
    static let usage = """
        Usage: crossdock <command> [options]

        Commands:
          demo      Run the channel sandbox and the hub together, seeded with real data
          serve     Run the hub: web UI, API, webhooks and sync workers (or web only, on PostgreSQL)
          worker    Run sync workers for every account of a PostgreSQL database, without a web server
          sandbox   Run the channel sandbox (BigCommerce and Amazon emulators) on its own
          connect   Connect a channel (BigCommerce, Amazon, or both accounts of a sandbox)
          migrate   Apply database migrations (one account or all) and exit
          bench     Measure the hub against the channel sandbox (catalog: the BigCommerce catalogue import)

        Run 'crossdock <command> --help' for the options of a command.
        """

    static func run(_ arguments: [String]) async -> Int32 {
        guard let command = arguments.first, command != "--help", command != "-h", command != "help" else {
            say(usage)
            return arguments.isEmpty ? 64 : 0
        }
        let rest = Array(arguments.dropFirst())
        do {
            switch command {
            case "demo": try await DemoCommand.run(try Options(rest, spec: DemoCommand.options, help: DemoCommand.help))
            case "serve":
                try await ServeCommand.run(try Options(rest, spec: ServeCommand.options, help: ServeCommand.help))
            case "worker":
                try await WorkerCommand.run(try Options(rest, spec: WorkerCommand.options, help: WorkerCommand.help))
            case "sandbox":
                try await SandboxCommand.run(try Options(rest, spec: SandboxCommand.options, help: SandboxCommand.help))
            case "connect": try await ConnectCommand.run(rest)
            case "bench": try await BenchCommand.run(rest)
            case "migrate":
                try await MigrateCommand.run(try Options(rest, spec: MigrateCommand.options, help: MigrateCommand.help))
            default:
                FileHandle.standardError.write(Data("crossdock: unknown command '\(command)'.\n\n\(usage)\n".utf8))
                return 64
            }
            return 0
        } catch let help as HelpRequested {
            say(help.text)
            return 0
        } catch let error as UsageError {
            FileHandle.standardError.write(Data("crossdock \(command): \(error.message)\n".utf8))
            return 64
        } catch {
            FileHandle.standardError.write(Data("crossdock \(command): \(error)\n".utf8))
            return 1
        }
    }
}

/// `--help` was asked for; carries the text to print.
struct HelpRequested: Error {
    let text: String
}

/// A command line that cannot be run as written.
struct UsageError: Error {
    let message: String
}

/// Options of one command: `--name value` pairs and `--flag` switches, each declared up front.
struct Options {
    enum Kind { case value(default: String?), flag }

    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    init(_ arguments: [String], spec: [String: Kind], help: String) throws {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--help" || argument == "-h" { throw HelpRequested(text: help) }
            var name = argument
            var inline: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            guard name.hasPrefix("--"), let kind = spec[String(name.dropFirst(2))] else {
                throw UsageError(message: "unknown option '\(argument)'; see --help.")
            }
            let key = String(name.dropFirst(2))
            switch kind {
            case .flag:
                flags.insert(key)
            case .value:
                if let inline {
                    values[key] = inline
                } else {
                    index += 1
                    guard index < arguments.count else { throw UsageError(message: "\(name) needs a value.") }
                    values[key] = arguments[index]
                }
            }
            index += 1
        }
        for (key, kind) in spec {
            if case .value(let fallback?) = kind, values[key] == nil { values[key] = fallback }
        }
    }

    func string(_ name: String) -> String? { values[name] }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func port(_ name: String) throws -> UInt16 {
        guard let text = values[name], let port = UInt16(text) else {
            throw UsageError(message: "--\(name) must be a port number from 0 to 65535.")
        }
        return port
    }

    func number(_ name: String) throws -> Double {
        guard let text = values[name], let number = Double(text), number > 0 else {
            throw UsageError(message: "--\(name) must be a positive number.")
        }
        return number
    }
}
