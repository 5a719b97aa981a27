import Dispatch
import Synchronization

/// A few PostgreSQL connections, each confined to its own serial queue, so blocking libpq calls
/// never run on Swift's cooperative thread pool. Connections open when first needed; a caller that
/// finds them all busy waits (without blocking a thread) until one is returned.
final class PostgresPool: Sendable {
    /// One connection and the queue it is only ever touched on.
    private final class Slot: @unchecked Sendable {
        let queue: DispatchQueue
        /// Only read and written on `queue`.
        var connection: PostgresConnection?

        init(number: Int) {
            queue = DispatchQueue(label: "crossdock.postgresql.\(number)")
        }
    }

    private struct State {
        var idle: [Slot] = []
        var opened = 0
        var waiting: [CheckedContinuation<Slot, Never>] = []
    }

    let configuration: PostgresConfiguration
    let maximumConnections: Int
    private let state = Mutex(State())

    init(configuration: PostgresConfiguration, maximumConnections: Int) {
        self.configuration = configuration
        self.maximumConnections = max(1, maximumConnections)
    }

    /// Runs `body` with a connection on that connection's queue. A connection left inside a
    /// transaction by a failed body is rolled back before it is used again.
    @discardableResult
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        let slot = await acquire()
        defer { release(slot) }
        let configuration = configuration
        return try await withCheckedThrowingContinuation { continuation in
            slot.queue.async {
                continuation.resume(
                    with: Result {
                        let connection = try Self.open(slot, configuration)
                        defer {
                            if !connection.isIdle { try? connection.executeScript("ROLLBACK") }
                        }
                        return try body(connection)
                    })
            }
        }
    }

    /// The slot's connection, opened or reconnected when needed. Runs on the slot's queue.
    private static func open(_ slot: Slot, _ configuration: PostgresConfiguration) throws -> PostgresConnection {
        if let connection = slot.connection {
            if !connection.isConnected { try connection.reconnect() }
            return connection
        }
        let connection = try PostgresConnection(configuration: configuration)
        slot.connection = connection
        return connection
    }

    private func acquire() async -> Slot {
        await withCheckedContinuation { continuation in
            let slot = state.withLock { state -> Slot? in
                if let slot = state.idle.popLast() { return slot }
                guard state.opened < maximumConnections else {
                    state.waiting.append(continuation)
                    return nil
                }
                state.opened += 1
                return Slot(number: state.opened)
            }
            if let slot { continuation.resume(returning: slot) }
        }
    }

    private func release(_ slot: Slot) {
        let waiter = state.withLock { state -> CheckedContinuation<Slot, Never>? in
            guard !state.waiting.isEmpty else {
                state.idle.append(slot)
                return nil
            }
            return state.waiting.removeFirst()
        }
        waiter?.resume(returning: slot)
    }
}
