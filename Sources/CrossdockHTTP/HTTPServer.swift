import CMicroHTTPD
import Foundation
import Synchronization

/// Answers one request; runs on Swift's concurrency pool, never on libmicrohttpd's thread.
public typealias HTTPHandler = @Sendable (HTTPRequest) async -> HTTPResponse

/// Errors raised while starting the HTTP server.
public struct HTTPServerError: Error, CustomStringConvertible {
    public let description: String
}

/// An HTTP/1.1 server on libmicrohttpd.
///
/// libmicrohttpd reads requests on its own polling thread. When a request's body is complete the
/// connection is suspended, the handler runs as a Swift task, and the connection is resumed with
/// the response, so no thread waits on another.
public final class HTTPServer: @unchecked Sendable {
    /// Largest request body accepted; larger bodies get 413.
    public static let maximumBodyBytes = 16 * 1024 * 1024

    public let host: String
    public private(set) var port: UInt16
    private let handler: HTTPHandler
    private var daemon: OpaquePointer?
    private var context: Unmanaged<HandlerBox>?

    /// Creates a server; `port` 0 picks a free port, readable from `port` after `start()`.
    public init(host: String = "127.0.0.1", port: UInt16, handler: @escaping HTTPHandler) {
        self.host = host
        self.port = port
        self.handler = handler
    }

    deinit {
        stop()
    }

    /// The base URL clients use, such as `http://127.0.0.1:8080`.
    public var baseURL: String { "http://\(host):\(port)" }

    public func start() throws {
        var address = in_addr()
        guard inet_pton(AF_INET, host, &address) == 1 else {
            throw HTTPServerError(description: "\(host) is not an IPv4 address; give one such as 127.0.0.1")
        }
        let box = Unmanaged.passRetained(HandlerBox(handler))
        guard
            let started = crossdock_mhd_start(
                address.s_addr, port, accessHandler, box.toOpaque(), requestCompleted, 120, 1024 * 1024)
        else {
            box.release()
            throw HTTPServerError(description: "could not listen on \(host):\(port); is the port already in use?")
        }
        daemon = started
        context = box
        port = crossdock_mhd_bound_port(started)
    }

    /// Stops accepting connections, waits (up to ten seconds) for requests whose handlers are still
    /// running, then stops. libmicrohttpd aborts the process if it is stopped while a connection is
    /// suspended, so a server whose handlers never finish is left running rather than stopped.
    public func stop() {
        guard let daemon, let context else { return }
        let listener = MHD_quiesce_daemon(daemon)
        let box = context.takeUnretainedValue()
        let deadline = Date().addingTimeInterval(10)
        while box.active > 0, Date() < deadline {
            usleep(10_000)
        }
        guard box.active == 0 else { return }
        // A connection resumed a moment ago is handed back to libmicrohttpd's thread; let it run.
        usleep(20_000)
        MHD_stop_daemon(daemon)
        if listener >= 0 { close(listener) }
        self.daemon = nil
        context.release()
        self.context = nil
    }
}

/// The handler, handed to libmicrohttpd's callbacks through their context pointer.
private final class HandlerBox: Sendable {
    let handler: HTTPHandler
    /// Requests whose connection is suspended while their handler runs.
    private let running = Mutex(0)

    init(_ handler: @escaping HTTPHandler) { self.handler = handler }

    var active: Int { running.withLock { $0 } }

    func begin() { running.withLock { $0 += 1 } }

    func end() { running.withLock { $0 -= 1 } }
}

/// State of one request across libmicrohttpd's calls to the access handler.
private final class RequestState: @unchecked Sendable {
    var body = Data()
    var bodyTooLarge = false
    var started = false
    var response: HTTPResponse?
    let lock = NSLock()
}

/// A connection pointer that may cross into the handler's task; only used to resume it.
private struct ConnectionHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

private func accessHandler(
    _ context: UnsafeMutableRawPointer?, _ connection: OpaquePointer?, _ url: UnsafePointer<CChar>?,
    _ method: UnsafePointer<CChar>?, _ version: UnsafePointer<CChar>?, _ uploadData: UnsafePointer<CChar>?,
    _ uploadSize: UnsafeMutablePointer<Int>?, _ requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result {
    guard let context, let connection, let requestContext, let uploadSize else { return .NO }

    // First call: headers only. Keep per-request state until libmicrohttpd reports completion.
    guard let statePointer = requestContext.pointee else {
        requestContext.pointee = Unmanaged.passRetained(RequestState()).toOpaque()
        return .YES
    }
    let state = Unmanaged<RequestState>.fromOpaque(statePointer).takeUnretainedValue()

    if uploadSize.pointee > 0 {
        if let uploadData, state.body.count + uploadSize.pointee <= HTTPServer.maximumBodyBytes {
            state.body.append(
                UnsafeRawPointer(uploadData).assumingMemoryBound(to: UInt8.self), count: uploadSize.pointee)
        } else {
            state.bodyTooLarge = true
        }
        uploadSize.pointee = 0
        return .YES
    }

    state.lock.lock()
    let ready = state.response
    let started = state.started
    state.started = true
    state.lock.unlock()

    if let ready {
        return queue(ready, on: connection)
    }
    if started {
        return .YES
    }
    if state.bodyTooLarge {
        return queue(.text("Request body is larger than 16 MiB.", status: 413), on: connection)
    }

    let request = HTTPRequest(
        method: method.map { String(cString: $0) } ?? "GET",
        rawPath: url.map { String(cString: $0) } ?? "/",
        query: values(of: .GET_ARGUMENT_KIND, on: connection).map {
            (PercentEncoding.decodeFormComponent($0.0), PercentEncoding.decodeFormComponent($0.1))
        },
        headers: Dictionary(
            values(of: .HEADER_KIND, on: connection).map { ($0.0.lowercased(), $0.1) },
            uniquingKeysWith: { first, second in "\(first), \(second)" }),
        body: state.body)
    let box = Unmanaged<HandlerBox>.fromOpaque(context).takeUnretainedValue()
    let handle = ConnectionHandle(pointer: connection)

    box.begin()
    MHD_suspend_connection(connection)
    Task {
        let response = await box.handler(request)
        state.lock.withLock { state.response = response }
        MHD_resume_connection(handle.pointer)
        box.end()
    }
    return .YES
}

private func requestCompleted(
    _ context: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
    _ requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ reason: MHD_RequestTerminationCode
) {
    guard let requestContext, let statePointer = requestContext.pointee else { return }
    Unmanaged<RequestState>.fromOpaque(statePointer).release()
    requestContext.pointee = nil
}

private func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
    let created = response.body.withUnsafeBytes { bytes in
        MHD_create_response_from_buffer(
            bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress), .RESPMEM_MUST_COPY)
    }
    guard let created else { return .NO }
    defer { MHD_destroy_response(created) }
    for (name, value) in response.headers {
        _ = MHD_add_response_header(created, name, value)
    }
    return MHD_queue_response(connection, UInt32(response.status), created)
}

/// Collects one kind of connection values (headers or query arguments) as raw pairs.
private func values(of kind: MHD_ValueKind, on connection: OpaquePointer) -> [(String, String)] {
    final class Collector {
        var pairs: [(String, String)] = []
    }
    let collector = Collector()
    let pointer = Unmanaged.passUnretained(collector).toOpaque()
    _ = MHD_get_connection_values(
        connection, kind,
        { context, _, key, value in
            guard let context, let key else { return .YES }
            let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
            collector.pairs.append((String(cString: key), value.map { String(cString: $0) } ?? ""))
            return .YES
        }, pointer)
    return collector.pairs
}
