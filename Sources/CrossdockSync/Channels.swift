import CrossdockConnectors
import CrossdockDomain
import CrossdockHTTP
import Foundation

/// Connector instances per integration, built from stored credentials and kept so that each
/// integration's rate-limit state is shared by every job that calls it.
actor Channels {
    private var bigCommerce: [String: BigCommerceClient] = [:]
    private var amazon: [String: AmazonClient] = [:]
    private let http = HTTPClient()
    private let amazonPlans: [String: (rate: Double, burst: Double)]
    private let bigCommerceQuotaShare: Double

    init(amazonPlans: [String: (rate: Double, burst: Double)], bigCommerceQuotaShare: Double) {
        self.amazonPlans = amazonPlans
        self.bigCommerceQuotaShare = bigCommerceQuotaShare
    }

    func bigCommerce(_ integration: Integration) throws -> BigCommerceClient {
        if let client = bigCommerce[integration.id] { return client }
        guard let token = integration.credentials["access_token"] else {
            throw SyncError.configuration("The BigCommerce integration has no access token; reconnect it.")
        }
        let client = BigCommerceClient(
            baseURL: integration.baseURL, accessToken: token, http: http, quotaShare: bigCommerceQuotaShare)
        bigCommerce[integration.id] = client
        return client
    }

    func amazon(_ integration: Integration) throws -> AmazonClient {
        if let client = amazon[integration.id] { return client }
        guard let credentials = AmazonCredentials(integration.credentials), let tokenURL = integration.tokenURL else {
            throw SyncError.configuration("The Amazon integration lacks credentials or a token URL; reconnect it.")
        }
        let client = AmazonClient(
            baseURL: integration.baseURL, tokenURL: tokenURL, credentials: credentials, http: http,
            usagePlans: amazonPlans)
        amazon[integration.id] = client
        return client
    }

    func forget(_ integrationID: String) {
        bigCommerce[integrationID] = nil
        amazon[integrationID] = nil
    }
}

/// Failures of a sync job that are not a channel's answer.
public enum SyncError: Error, CustomStringConvertible {
    case configuration(String)
    case missing(String)

    public var description: String {
        switch self {
        case .configuration(let message), .missing(let message): message
        }
    }
}
