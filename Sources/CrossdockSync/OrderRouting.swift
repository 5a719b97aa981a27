import CrossdockConnectors
import CrossdockDomain
import CrossdockStore
import Foundation

extension SyncEngine {
    /// BigCommerce's status id for Awaiting Fulfillment.
    static let awaitingFulfillment = 11

    /// Creates a marketplace order in BigCommerce as Awaiting Fulfillment, exactly once.
    ///
    /// The order is looked up by `external_order_id` before every create, so a crash between the
    /// create and recording its id finds the order instead of creating a second one (case O6).
    func routeOrder(id: Int) async throws {
        guard let record = try await store.order(id: id), record.state.reservesStock else { return }
        guard MarketplaceOrderStatus.amazon(record.order.marketplaceStatus) == .routable else { return }
        let integration = try await bigCommerceIntegration()
        guard integration.settings.exportOrders else {
            try await store.setOrderState(
                .waiting, reason: "Export all sales-channel orders to BigCommerce is off.", orderID: id)
            return
        }
        let client = try await channels.bigCommerce(integration)

        // A line whose SKU is unknown blocks only its own order (case O3).
        var products: [BigCommerceOrderRequest.Product] = []
        for line in record.order.lines {
            guard let product = try await catalogueEntry(sku: line.sku, client: client), product.isSellable else {
                if integration.settings.createCustomLines {
                    products.append(
                        BigCommerceOrderRequest.Product(
                            customName: line.title ?? line.sku.value, sku: line.sku.value, quantity: line.quantity,
                            unitPrice: Self.unitPrice(line)))
                    continue
                }
                try await store.setOrderState(
                    .blocked,
                    reason: "SKU \(line.sku.value) is not in the BigCommerce catalogue. Add it there or correct the "
                        + "SKU on the marketplace, then retry.", orderID: id)
                Log.info("order blocked", ["order": record.order.marketplaceOrderID, "sku": line.sku.value])
                return
            }
            products.append(
                BigCommerceOrderRequest.Product(
                    productID: product.bigCommerceProductID, variantID: product.bigCommerceVariantID,
                    quantity: line.quantity, unitPrice: Self.unitPrice(line)))
        }
        guard !products.isEmpty else {
            try await store.setOrderState(
                .blocked, reason: "The marketplace sent this order without lines.", orderID: id)
            return
        }

        let existing = try await client.orders(externalOrderID: record.order.marketplaceOrderID)
        let bigCommerceOrder: BigCommerceOrder
        if let found = existing.first {
            bigCommerceOrder = found
            Log.info(
                "order found in BigCommerce",
                ["order": record.order.marketplaceOrderID, "bigcommerce_order": String(found.id)])
        } else {
            do {
                bigCommerceOrder = try await client.createOrder(request(for: record, products: products))
            } catch let error as ChannelError where error.kind == .rejected {
                try await store.setOrderState(
                    .blocked, reason: "BigCommerce refused the order: \(error.message)", orderID: id)
                return
            }
            Log.info(
                "order routed",
                ["order": record.order.marketplaceOrderID, "bigcommerce_order": String(bigCommerceOrder.id)])
        }

        let orderProducts = try await client.orderProducts(orderID: bigCommerceOrder.id)
        try await store.recordRouted(
            orderID: id, bigCommerceOrderID: bigCommerceOrder.id,
            lineProductIDs: Self.matchLines(record.order.lines, to: orderProducts))
        // The reservation has ended: BigCommerce's own stock now holds the order. A stock webhook
        // handled while the reservation still counted would otherwise leave the channels too low.
        for line in record.order.lines {
            try await queueQuantityPushes(sku: line.sku)
        }
    }

    /// The catalogue entry for a SKU. A SKU the hub does not know is looked up in BigCommerce
    /// first, so an order waiting for a product the merchant has just added routes on retry.
    private func catalogueEntry(sku: SKU, client: BigCommerceClient) async throws -> CatalogProduct? {
        if let known = try await store.product(sku: sku.value) { return known }
        guard let productID = try await client.productID(sku: sku.value) else { return nil }
        try await refreshProduct(id: productID)
        return try await store.product(sku: sku.value)
    }

    private func request(for record: OrderRecord, products: [BigCommerceOrderRequest.Product])
        -> BigCommerceOrderRequest
    {
        let address = record.order.shippingAddress
        let name = (address?.name ?? "").split(separator: " ")
        let bigCommerceAddress = BigCommerceOrderRequest.Address(
            firstName: name.dropLast().joined(separator: " ").isEmpty
                ? (name.first.map(String.init) ?? "")
                : name.dropLast().joined(separator: " "),
            lastName: name.count > 1 ? String(name.last ?? "") : "", street1: address?.line1 ?? "",
            street2: address?.line2, city: address?.city ?? "", state: address?.region, zip: address?.postalCode ?? "",
            countryISO2: address?.countryCode ?? "", email: address?.email ?? "", phone: address?.phone)
        return BigCommerceOrderRequest(
            statusID: Self.awaitingFulfillment, externalSource: Channel.amazon.externalSource,
            externalOrderID: record.order.marketplaceOrderID,
            billingAddress: bigCommerceAddress, shippingAddresses: [bigCommerceAddress], products: products,
            total: record.order.total?.decimalString)
    }

    /// The unit price as a decimal string, from the marketplace's line total. When the total does
    /// not divide evenly by the quantity, four decimals (BigCommerce's precision) keep it closest.
    static func unitPrice(_ line: OrderLine) -> String {
        guard let total = line.lineTotal, line.quantity > 0 else { return "0" }
        if total.minorUnits % line.quantity == 0 {
            return Money(minorUnits: total.minorUnits / line.quantity, currency: total.currency).decimalString
        }
        var scale = 1
        for _ in 0..<max(0, 4 - Money.exponent(of: total.currency)) { scale *= 10 }
        let tenThousandths = (total.minorUnits * scale * 2 + line.quantity) / (line.quantity * 2)
        let digits = String(tenThousandths)
        let padded = String(repeating: "0", count: max(0, 5 - digits.count)) + digits
        return String(padded.dropLast(4)) + "." + String(padded.suffix(4))
    }

    /// Pairs each marketplace line with its BigCommerce order product by product and variant id.
    static func matchLines(_ lines: [OrderLine], to products: [BigCommerceOrderProduct]) -> [String: Int] {
        var remaining = products
        var matched: [String: Int] = [:]
        for line in lines {
            let index =
                remaining.firstIndex { $0.sku == line.sku.value && $0.quantity == line.quantity }
                ?? remaining.firstIndex { ($0.sku ?? "").lowercased() == line.sku.matchKey }
            if let index {
                matched[line.lineID] = remaining[index].id
                remaining.remove(at: index)
            }
        }
        return matched
    }
}
