import CrossdockHTTP
import Foundation

/// A problem Amazon reports on a listing submission (`issues[]`).
struct ListingIssue: Sendable {
    let code: String
    let message: String
    let attributeName: String?

    var json: [String: Any] {
        [
            "code": code, "message": message, "severity": "ERROR", "attributeNames": attributeName.map { [$0] } ?? [],
            "categories": ["INVALID_ATTRIBUTE"],
        ]
    }
}

/// `ListingsItemSubmissionResponse` bodies.
enum ListingSubmission {
    static func accepted(sku: String) -> [String: Any] {
        ["sku": sku, "status": "ACCEPTED", "submissionId": SandboxRandom.hex(bytes: 16), "issues": [Any]()]
    }

    static func response(sku: String, issues: [ListingIssue], validationOnly: Bool) -> [String: Any] {
        let status = !issues.isEmpty ? "INVALID" : validationOnly ? "VALID" : "ACCEPTED"
        return [
            "sku": sku, "status": status, "submissionId": SandboxRandom.hex(bytes: 16), "issues": issues.map(\.json),
        ]
    }
}

/// One patch of a patchListingsItem body.
struct ListingPatch: Decodable, Sendable {
    var op: String?
    var path: String?
    var value: JSONValue?
}

/// Reads the two attributes the sandbox understands: quantity and price.
enum ListingAttributes {
    /// The DEFAULT (merchant-fulfilled) quantity of a `fulfillment_availability` value.
    static func quantity(_ value: JSONValue?) -> Int? {
        guard let entries = value?.arrayValue else { return nil }
        let entry = entries.first { ($0["fulfillment_channel_code"]?.stringValue ?? "DEFAULT") == "DEFAULT" }
        guard let quantity = entry?["quantity"]?.intValue, quantity >= 0 else { return nil }
        return quantity
    }

    /// The price in minor units and currency of a `purchasable_offer` value.
    static func price(_ value: JSONValue?) -> (minor: Int, currency: String)? {
        guard let offer = value?.arrayValue?.first,
            let amount = offer["our_price"]?.arrayValue?.first?["schedule"]?.arrayValue?.first?["value_with_tax"]?
                .doubleValue,
            amount >= 0
        else { return nil }
        let currency = offer["currency"]?.stringValue ?? "GBP"
        var scaled = (Decimal(string: String(amount)) ?? 0) * pow(10, Money.exponent(of: currency))
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        return (NSDecimalNumber(decimal: rounded).intValue, currency)
    }
}

extension AmazonStore {
    /// patchListingsItem: applies every patch or, when one is invalid, none.
    func patchListing(
        sku: String, productType: String, patches: [ListingPatch], validationOnly: Bool, now: Date
    ) -> [ListingIssue]? {
        guard var listing = listings[sku] else { return nil }
        var issues: [ListingIssue] = []
        for patch in patches {
            let op = patch.op ?? ""
            guard ["add", "replace", "merge", "delete"].contains(op), let path = patch.path,
                path.hasPrefix("/attributes/"), path.count > "/attributes/".count
            else {
                issues.append(
                    ListingIssue(code: "4000001", message: "The patch operation is not valid.", attributeName: nil))
                continue
            }
            let name = String(path.dropFirst("/attributes/".count))
            switch (name, op) {
            case ("fulfillment_availability", "delete"):
                listing.quantity = 0
                listing.quantityUpdates += 1
            case ("fulfillment_availability", _):
                guard let quantity = ListingAttributes.quantity(patch.value) else {
                    issues.append(
                        ListingIssue(
                            code: "4000001", message: "fulfillment_availability needs a quantity of 0 or more.",
                            attributeName: name))
                    continue
                }
                listing.quantity = quantity
                listing.quantityUpdates += 1
            case ("purchasable_offer", "delete"):
                listing.priceMinor = nil
            case ("purchasable_offer", _):
                guard let price = ListingAttributes.price(patch.value) else {
                    issues.append(
                        ListingIssue(
                            code: "4000001",
                            message: "purchasable_offer needs our_price[0].schedule[0].value_with_tax.",
                            attributeName: name))
                    continue
                }
                listing.priceMinor = price.minor
                listing.currency = price.currency
            case (_, "delete"):
                listing.attributes[name] = nil
            default:
                listing.attributes[name] = patch.value ?? .null
            }
        }
        guard issues.isEmpty, !validationOnly else { return issues }
        listing.productType = productType
        listing.lastUpdatedDate = SandboxDates.wholeSeconds(now)
        listings[sku] = listing
        return []
    }

    /// putListingsItem: creates or fully replaces a listing.
    func putListing(
        sku: String, productType: String, attributes: [String: JSONValue], validationOnly: Bool, now: Date
    ) -> [ListingIssue] {
        var issues: [ListingIssue] = []
        if sku.count > 40 {
            issues.append(
                ListingIssue(
                    code: "SKU_LENGTH", message: "Amazon allows at most 40 characters in a SKU.", attributeName: nil))
        }
        let itemName = attributes["item_name"]?.arrayValue?.first?["value"]?.stringValue
        if itemName == nil && listings[sku] == nil {
            issues.append(
                ListingIssue(
                    code: "90220", message: "'item_name' is required but not supplied.", attributeName: "item_name"))
        }
        guard issues.isEmpty, !validationOnly else { return issues }

        let stamp = SandboxDates.wholeSeconds(now)
        let previous = listings[sku]
        let price = ListingAttributes.price(attributes["purchasable_offer"])
        var rest = attributes
        for known in ["item_name", "fulfillment_availability", "purchasable_offer"] { rest[known] = nil }
        let quantity = ListingAttributes.quantity(attributes["fulfillment_availability"])
        listings[sku] = AmazonListing(
            sku: sku, asin: previous?.asin ?? AmazonIdentifiers.asin(sku: sku),
            itemName: itemName ?? previous?.itemName ?? sku, productType: productType, quantity: quantity ?? 0,
            quantityUpdates: (previous?.quantityUpdates ?? 0) + (quantity == nil ? 0 : 1), priceMinor: price?.minor,
            currency: price?.currency ?? "GBP", attributes: rest, createdDate: previous?.createdDate ?? stamp,
            lastUpdatedDate: stamp)
        return []
    }
}

extension AmazonAPI {
    private struct PatchBody: Decodable {
        var productType: String?
        var patches: [ListingPatch]?
    }

    private struct PutBody: Decodable {
        var productType: String?
        var requirements: String?
        var attributes: [String: JSONValue]?
    }

    func patchListing(_ request: HTTPRequest) async -> HTTPResponse {
        if let problem = accountProblem(request) { return failure(problem) }
        let sku = request.parameter("sku")
        guard let body = try? JSONDecoder().decode(PatchBody.self, from: request.body),
            let productType = body.productType, let patches = body.patches, !patches.isEmpty
        else { return failure(.invalidInput("The body needs productType and at least one patch.")) }
        let validationOnly = request.queryValue("mode") == "VALIDATION_PREVIEW"
        guard
            let issues = await store.patchListing(
                sku: sku, productType: productType, patches: patches, validationOnly: validationOnly, now: Date())
        else { return listingNotFound(sku) }
        SandboxLog.debug("listing patched", ["channel": "amazon", "sku": sku, "issues": String(issues.count)])
        return .jsonTree(ListingSubmission.response(sku: sku, issues: issues, validationOnly: validationOnly))
    }

    func putListing(_ request: HTTPRequest) async -> HTTPResponse {
        if let problem = accountProblem(request) { return failure(problem) }
        let sku = request.parameter("sku")
        guard let body = try? JSONDecoder().decode(PutBody.self, from: request.body),
            let productType = body.productType, let attributes = body.attributes
        else { return failure(.invalidInput("The body needs productType and attributes.")) }
        let validationOnly = request.queryValue("mode") == "VALIDATION_PREVIEW"
        let issues = await store.putListing(
            sku: sku, productType: productType, attributes: attributes, validationOnly: validationOnly, now: Date())
        return .jsonTree(ListingSubmission.response(sku: sku, issues: issues, validationOnly: validationOnly))
    }
}
