import CrossdockHTTP

/// A request the hub refuses, with a stable code for scripts and a sentence saying what to fix.
struct APIError: Error, Equatable {
    var status: Int
    var code: String
    var message: String
    /// Names of the fields at fault, when there are any (unknown switches, bad parameters).
    var fields: [String] = []

    /// The error as the API sends it: `{"error":{"code":…,"message":…}}`.
    var response: HTTPResponse {
        var error: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        if !fields.isEmpty {
            error["fields"] = .array(fields.map(JSONValue.string))
        }
        return .json(JSONValue.object(["error": .object(error)]), status: status)
    }

    static func notFound(_ message: String) -> APIError {
        APIError(status: 404, code: "not_found", message: message)
    }

    static func badRequest(_ message: String, field: String? = nil) -> APIError {
        APIError(status: 400, code: "invalid_request", message: message, fields: field.map { [$0] } ?? [])
    }

    static let unauthorized = APIError(
        status: 401, code: "unauthorized",
        message: "The bearer token is not this hub's API token; send the value of CROSSDOCK_ADMIN_TOKEN "
            + "as \"Authorization: Bearer <token>\".")

    static let internalError = APIError(
        status: 500, code: "internal_error",
        message: "The hub could not complete this request; try again, and see the hub's log if it keeps failing.")
}

extension Int {
    /// Parses an optional query value as a positive integer within `range`, or throws an error naming it.
    static func parameter(_ text: String?, name: String, default value: Int, range: ClosedRange<Int>) throws(APIError)
        -> Int
    {
        guard let text, !text.isEmpty else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.badRequest(
                "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound).", field: name)
        }
        return number
    }
}
