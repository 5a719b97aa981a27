import CrossdockHTTP

/// Which page of a list a request asks for; pages count from 1.
struct Paging: Sendable, Equatable {
    /// The largest page the API serves.
    static let maximumPerPage = 250
    static let defaultPerPage = 50

    var page: Int
    var perPage: Int

    var offset: Int { (page - 1) * perPage }

    /// `page` and `per_page` from an API request; a value out of range is an error naming it.
    static func api(_ request: HTTPRequest) throws(APIError) -> Paging {
        let page = try Int.parameter(request.queryValue("page"), name: "page", default: 1, range: 1...1_000_000)
        let perPage = try Int.parameter(
            request.queryValue("per_page"), name: "per_page", default: defaultPerPage, range: 1...maximumPerPage)
        return Paging(page: page, perPage: perPage)
    }

    /// `page` from a workspace URL; anything unreadable shows the first page.
    static func workspace(_ request: HTTPRequest, perPage: Int = defaultPerPage) -> Paging {
        let page = request.queryValue("page").flatMap { Int($0) }.map { min(max($0, 1), 1_000_000) } ?? 1
        return Paging(page: page, perPage: perPage)
    }

    func meta(total: Int) -> JSONValue {
        ["total": .int(total), "page": .int(page), "per_page": .int(perPage)]
    }
}
