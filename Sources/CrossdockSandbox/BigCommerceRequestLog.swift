import CrossdockHTTP
import Foundation

/// One BigCommerce API request as the emulator received it, for tests that check what a client sent.
struct RecordedRequest: Sendable {
    let sequence: Int
    let receivedAt: Date
    let method: String
    /// The path as sent, still percent-encoded, without the query.
    let path: String
    /// Query parameters as the server decoded them, in order.
    let query: [(name: String, value: String)]
    /// Lower-cased names; `x-auth-token` is never kept.
    let headers: [String: String]
    let body: Data
    let status: Int
    let milliseconds: Int
}

/// The most recent BigCommerce API requests, oldest first: at most `capacity` of them and
/// `bodyBudget` bytes of bodies, the oldest giving way first. Every request is kept, whatever
/// its outcome (401, 429 and injected faults included).
actor BigCommerceRequestLog {
    let capacity: Int
    let bodyBudget: Int
    private var ring: [RecordedRequest?]
    private var head = 0
    private var count = 0
    private var bodyBytes = 0
    private var nextSequence = 1
    /// Requests that had to make room for newer ones since the last clear.
    private(set) var evicted = 0

    init(capacity: Int = 5_000, bodyBudget: Int = 64 << 20) {
        self.capacity = max(1, capacity)
        self.bodyBudget = bodyBudget
        ring = Array(repeating: nil, count: max(1, capacity))
    }

    func record(_ request: HTTPRequest, status: Int, receivedAt: Date, milliseconds: Int) {
        var headers = request.headers
        headers["x-auth-token"] = nil
        let entry = RecordedRequest(
            sequence: nextSequence, receivedAt: receivedAt, method: request.method, path: request.rawPath,
            query: request.query, headers: headers, body: request.body, status: status, milliseconds: milliseconds)
        nextSequence += 1
        while count > 0 && (count == capacity || bodyBytes + entry.body.count > bodyBudget) {
            dropOldest()
        }
        ring[(head + count) % capacity] = entry
        count += 1
        bodyBytes += entry.body.count
    }

    /// The kept requests with a sequence number above `sequence`, oldest first.
    func requests(after sequence: Int = 0) -> [RecordedRequest] {
        (0..<count).compactMap { ring[(head + $0) % capacity] }.filter { $0.sequence > sequence }
    }

    func clear() {
        ring = Array(repeating: nil, count: capacity)
        head = 0
        count = 0
        bodyBytes = 0
        evicted = 0
    }

    private func dropOldest() {
        bodyBytes -= ring[head]?.body.count ?? 0
        ring[head] = nil
        head = (head + 1) % capacity
        count -= 1
        evicted += 1
    }
}

extension RecordedRequest {
    /// The request as the control API lists it. `target` is the path with the query written again
    /// from its decoded parameters (the server does not keep the raw query string), so its
    /// percent-encoding may differ from what the client sent; `query` has the exact values.
    var json: [String: Any] {
        let queryText = PercentEncoding.query(query.map { ($0.name, $0.value) })
        var json: [String: Any] = [
            "sequence": sequence, "received_at": SandboxDates.iso8601Milliseconds(receivedAt), "method": method,
            "path": path, "target": queryText.isEmpty ? path : "\(path)?\(queryText)",
            "query": query.map { [$0.name, $0.value] }, "headers": headers, "status": status, "ms": milliseconds,
        ]
        if let text = String(data: body, encoding: .utf8) {
            json["body"] = text
        } else {
            json["body"] = NSNull()
            json["body_base64"] = body.base64EncodedString()
        }
        return json
    }
}
