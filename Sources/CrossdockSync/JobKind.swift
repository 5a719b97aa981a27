/// The kinds of durable job the sync engine runs. Each names its flow.
public enum JobKind {
    /// Fetch the next page of the BigCommerce catalogue (key: integration id).
    public static let catalogImport = "catalog.import"
    /// Ask BigCommerce for products modified since the last poll (key: integration id).
    public static let catalogPoll = "catalog.poll"
    /// Re-read one BigCommerce product's stock and price (key: product id).
    public static let productRefresh = "product.refresh"
    /// Poll a marketplace for new and changed orders (key: integration id).
    public static let ordersPoll = "orders.poll"
    /// Create one marketplace order in BigCommerce (key: hub order id).
    public static let orderRoute = "order.route"
    /// Set one listing's quantity on one marketplace (key: integration id + SKU).
    public static let inventoryPush = "inventory.push"
    /// Compare every listing of a marketplace with the computed quantity (key: integration id).
    public static let inventoryReconcile = "inventory.reconcile"
    /// Read a BigCommerce shipment and record it against its order (key: order id + shipment id).
    public static let shipmentFetch = "shipment.fetch"
    /// Poll routed orders still awaiting fulfilment for shipments (key: integration id).
    public static let shipmentsPoll = "shipments.poll"
    /// Send a recorded shipment's tracking to the marketplace (key: shipment id).
    public static let trackingSend = "tracking.send"

    /// Outbound work held until the catalogue import completes (DESIGN.md §1.1, stage 3).
    public static let gatedByImport: Set<String> = [orderRoute, inventoryPush, inventoryReconcile]
}

extension JobKind {
    /// Read every listing of a marketplace (key: integration id).
    public static let listingsImport = "listings.import"
    /// Cancel in BigCommerce an order the marketplace cancelled (key: hub order id).
    public static let orderCancel = "order.cancel"
    /// Copy BigCommerce orders changed since the last poll (key: integration id).
    public static let bigCommerceOrdersPoll = "bigcommerce.orders.poll"
    /// Read one BigCommerce order into the hub's copy (key: BigCommerce order id).
    public static let bigCommerceOrderRefresh = "bigcommerce.order.refresh"

    /// The id of an account's BigCommerce integration (one store per account): the integration of
    /// every job that calls BigCommerce (catalogue, products, order routing and cancelling,
    /// shipments, BigCommerce orders). Marketplace jobs (orders poll, listings, quantities,
    /// tracking) belong to their marketplace's integration.
    public static let bigCommerceIntegrationID = "bigcommerce"
}
