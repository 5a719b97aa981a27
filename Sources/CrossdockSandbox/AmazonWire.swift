import CrossdockHTTP
import Foundation

/// Renders the seller account's models as SP-API JSON (ordersV0.json, listingsItems_2021-08-01.json).
enum AmazonWire {
    /// An order as getOrders and getOrder return it.
    ///
    /// Simplification: `ShippingAddress` and `BuyerInfo` are filled in as if the caller had used a
    /// Restricted Data Token; real Amazon returns only part of them without one. Pending orders
    /// have no total, address or buyer, as on Amazon.
    static func order(_ order: AmazonOrder, marketplaceId: String) -> [String: Any] {
        var json: [String: Any] = [
            "AmazonOrderId": order.amazonOrderId, "SellerOrderId": order.amazonOrderId,
            "PurchaseDate": SandboxDates.iso8601(order.purchaseDate),
            "LastUpdateDate": SandboxDates.iso8601(order.lastUpdateDate), "OrderStatus": order.status.rawValue,
            "FulfillmentChannel": "MFN", "SalesChannel": "Amazon.co.uk", "ShipServiceLevel": "Std UK Dom_1",
            "NumberOfItemsShipped": order.itemsShipped, "NumberOfItemsUnshipped": order.itemsUnshipped,
            "PaymentMethod": "Other", "PaymentMethodDetails": ["Standard"], "MarketplaceId": marketplaceId,
            "ShipmentServiceLevelCategory": "Standard", "OrderType": "StandardOrder",
            "EarliestShipDate": SandboxDates.iso8601(order.purchaseDate.addingTimeInterval(86_400)),
            "LatestShipDate": SandboxDates.iso8601(order.purchaseDate.addingTimeInterval(3 * 86_400)),
            "IsBusinessOrder": false, "IsPrime": false, "IsPremiumOrder": false, "IsGlobalExpressEnabled": false,
            "IsReplacementOrder": false, "IsSoldByAB": false, "IsISPU": false, "IsAccessPointOrder": false,
            "HasRegulatedItems": false,
        ]
        guard order.status != .pending else { return json }
        json["OrderTotal"] = money(order.totalMinor, order.currency)
        json["ShippingAddress"] = shippingAddress(order.buyer)
        json["BuyerInfo"] = ["BuyerEmail": order.buyerEmail, "BuyerName": order.buyer.name]
        return json
    }

    static func shippingAddress(_ buyer: SeedBuyer) -> [String: Any] {
        [
            "Name": buyer.name, "AddressLine1": buyer.addressLine1 ?? "", "City": buyer.city ?? "",
            "PostalCode": buyer.postalCode ?? "", "CountryCode": buyer.countryCode ?? "GB",
            "AddressType": "Residential",
        ]
    }

    /// getOrderItems; `ItemPrice` is the line total (unit price × quantity), as Amazon's is.
    static func orderItems(_ order: AmazonOrder) -> [String: Any] {
        let items = order.items.map { item -> [String: Any] in
            var json: [String: Any] = [
                "ASIN": item.asin, "SellerSKU": item.sku, "OrderItemId": item.orderItemId, "Title": item.title,
                "QuantityOrdered": item.quantityOrdered, "QuantityShipped": item.quantityShipped,
                "ProductInfo": ["NumberOfItems": "1"], "IsGift": "false", "ConditionId": "New",
                "ConditionSubtypeId": "New", "IsTransparency": false,
            ]
            if order.status != .pending {
                json["ItemPrice"] = money(item.unitPriceMinor * item.quantityOrdered, order.currency)
                json["ItemTax"] = money(0, order.currency)
                json["PromotionDiscount"] = money(0, order.currency)
            }
            return json
        }
        return ["payload": ["AmazonOrderId": order.amazonOrderId, "OrderItems": items]]
    }

    static func money(_ minor: Int, _ currency: String) -> [String: Any] {
        ["CurrencyCode": currency, "Amount": Money.amazonAmount(minor: minor, currency: currency)]
    }

    /// A listings item with the data sets named in `includedData`.
    static func listing(_ listing: AmazonListing, marketplaceId: String, included: Set<String>) -> [String: Any] {
        var json: [String: Any] = ["sku": listing.sku]
        if included.contains("summaries") {
            json["summaries"] = [
                [
                    "marketplaceId": marketplaceId, "asin": listing.asin, "productType": listing.productType,
                    "conditionType": "new_new", "status": listing.statuses, "itemName": listing.itemName,
                    "createdDate": SandboxDates.iso8601(listing.createdDate),
                    "lastUpdatedDate": SandboxDates.iso8601(listing.lastUpdatedDate),
                ] as [String: Any]
            ]
        }
        if included.contains("attributes") {
            json["attributes"] = attributes(listing, marketplaceId: marketplaceId)
        }
        if included.contains("offers") {
            json["offers"] =
                listing.priceMinor.map { price in
                    [
                        [
                            "marketplaceId": marketplaceId, "offerType": "B2C",
                            "price": [
                                "currencyCode": listing.currency,
                                "amount": Money.amazonAmount(minor: price, currency: listing.currency),
                            ],
                            "audience": ["value": "ALL", "displayName": "Sell on Amazon"],
                        ] as [String: Any]
                    ]
                } ?? []
        }
        if included.contains("fulfillmentAvailability") {
            json["fulfillmentAvailability"] = [["fulfillmentChannelCode": "DEFAULT", "quantity": listing.quantity]]
        }
        if included.contains("issues") { json["issues"] = [Any]() }
        if included.contains("productTypes") {
            json["productTypes"] = [["marketplaceId": marketplaceId, "productType": listing.productType]]
        }
        if included.contains("relationships") { json["relationships"] = [Any]() }
        if included.contains("procurement") { json["procurement"] = [Any]() }
        return json
    }

    private static func attributes(_ listing: AmazonListing, marketplaceId: String) -> [String: Any] {
        var json = listing.attributes.mapValues(\.foundation)
        json["item_name"] = [["value": listing.itemName, "language_tag": "en_GB", "marketplace_id": marketplaceId]]
        json["fulfillment_availability"] = [["fulfillment_channel_code": "DEFAULT", "quantity": listing.quantity]]
        if let price = listing.priceMinor {
            let amount = NSDecimalNumber(decimal: Money.major(minor: price, currency: listing.currency)).doubleValue
            json["purchasable_offer"] = [
                [
                    "currency": listing.currency, "marketplace_id": marketplaceId,
                    "our_price": [["schedule": [["value_with_tax": amount]]]],
                ] as [String: Any]
            ]
        }
        return json
    }

    static func errors(_ failure: AmazonFailure) -> [String: Any] {
        ["errors": [["code": failure.code, "message": failure.message, "details": failure.details]]]
    }
}
