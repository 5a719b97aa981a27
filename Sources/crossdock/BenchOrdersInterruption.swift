import Foundation

/// While `crossdock bench orders` runs, Ctrl-C or SIGTERM stops its hub processes before exiting,
/// so that no worker is left running against the database; the temporary folder is kept.
final class BenchOrdersInterruption {
    private let sources: [any DispatchSourceSignal]

    init(fleet: HubFleet, directory: String) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                Task {
                    await fleet.stopAll(seconds: 5)
                    FileHandle.standardError.write(
                        Data("crossdock bench: interrupted; hub processes stopped; logs in \(directory).\n".utf8))
                    exit(130)
                }
            }
            source.resume()
            return source
        }
    }

    /// Restores the default handling of both signals.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
