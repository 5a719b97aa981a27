import Foundation

/// Entry point: `crossdock <command> [options]`.
let arguments = Array(CommandLine.arguments.dropFirst())
let exitCode = await CommandLineInterface.run(arguments)
exit(exitCode)
