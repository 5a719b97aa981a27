import CrossdockDomain
import CrossdockHTTP
import CrossdockStore

// How domain values appear in the JSON API: snake_case keys, explicit nulls, money as decimal strings.

extension Money {
    var json: JSONValue {
        ["amount": .string(decimalString), "currency": .string(currency)]
    }
}

extension CatalogueIssue {
    var json: JSONValue {
        ["code": .string(code.rawValue), "message": .string(message)]
    }
}

extension CatalogProduct {
    /// `reserved` is what hub orders hold of a sellable SKU; parents have none.
    func json(reserved: Int?) -> JSONValue {
        var members: [String: JSONValue] = [
            "sku": .string(sku.value),
            "title": .string(title),
            "parent_sku": .string(parentSKU?.value),
            "is_parent": .bool(isParent),
            "bigcommerce_product_id": .int(bigCommerceProductID),
            "bigcommerce_variant_id": .int(bigCommerceVariantID),
            "option_values": .array(optionValues.map { ["option": .string($0.option), "value": .string($0.value)] }),
            "price": price?.json ?? .null,
            "inventory_level": .int(inventoryLevel),
            "inventory_tracking": .string(inventoryTracking.rawValue),
            "warnings": .array(warnings.map(\.json)),
            "attributes": attributes.json,
        ]
        if let reserved {
            members["reserved"] = .int(reserved)
        }
        return .object(members)
    }
}

extension CatalogAttributes {
    /// Every attribute, null where BigCommerce has no value (a missing cost is not 0).
    var json: JSONValue {
        let number = { (value: Double?) in value.map(JSONValue.double) ?? .null }
        return [
            "brand_id": .int(brandID),
            "category_ids": .array(categoryIDs.map(JSONValue.int)),
            "upc": .string(upc),
            "gtin": .string(gtin),
            "mpn": .string(mpn),
            "weight": number(weight),
            "width": number(width),
            "height": number(height),
            "depth": number(depth),
            "cost": cost?.json ?? .null,
            "sale_price": salePrice?.json ?? .null,
            "image_url": .string(imageURL),
            "images": images.map { images in
                .array(
                    images.map {
                        [
                            "url": .string($0.url), "description": .string($0.description),
                            "is_thumbnail": .bool($0.isThumbnail),
                        ]
                    })
            } ?? .null,
            "custom_fields": customFields.map { fields in
                .array(fields.map { ["name": .string($0.name), "value": .string($0.value)] })
            } ?? .null,
        ]
    }
}

extension ImportProblem {
    var json: JSONValue {
        [
            "bigcommerce_product_id": .int(bigCommerceProductID),
            "bigcommerce_variant_id": .int(bigCommerceVariantID),
            "sku": .string(sku),
            "title": .string(title),
            "code": .string(issue.code.rawValue),
            "message": .string(issue.message),
        ]
    }
}

extension CatalogImportProgress {
    var json: JSONValue {
        // One decimal is all a progress display needs, and keeps the number stable between polls.
        let rate = (rate() * 10).rounded() / 10
        return [
            "state": .string(state.rawValue),
            "imported": .int(imported),
            "total": .int(total),
            "problems": .int(problems),
            "rate_per_second": .double(rate),
            "eta_seconds": .int(secondsRemaining()),
        ]
    }
}

extension OrderCounts {
    var json: JSONValue {
        [
            "imported": .int(imported), "routed": .int(routed), "waiting": .int(waiting), "blocked": .int(blocked),
            "tracking_sent": .int(trackingSent),
        ]
    }
}

extension OrderRecord {
    /// The order without buyer data: no name, no address.
    func json(channel: Channel?) -> JSONValue {
        [
            "id": .int(id),
            "integration_id": .string(order.integrationID),
            "channel": .string(channel?.rawValue),
            "marketplace_order_id": .string(order.marketplaceOrderID),
            "marketplace_status": .string(order.marketplaceStatus),
            "state": .string(state.rawValue),
            "reason": .string(reason),
            "bigcommerce_order_id": .int(bigCommerceOrderID),
            "tracking_numbers": .array(trackingNumbers.map(JSONValue.string)),
            "purchased_at": .string(order.purchasedAt),
            "total": order.total?.json ?? .null,
            "lines": .array(order.lines.map(\.json)),
        ]
    }
}

extension OrderLine {
    var json: JSONValue {
        [
            "line_id": .string(lineID), "sku": .string(sku.value), "title": .string(title),
            "quantity": .int(quantity), "quantity_shipped": .int(quantityShipped),
        ]
    }
}

extension ShipmentRecord {
    var json: JSONValue {
        [
            "id": .int(id),
            "bigcommerce_shipment_id": .int(bigCommerceShipmentID),
            "tracking_number": .string(trackingNumber),
            "carrier": .string(carrier),
            "state": .string(state.rawValue),
            "last_error": .string(lastError),
        ]
    }
}

extension Integration {
    /// The integration without its credentials, with the switches that apply to its channel.
    func json(catalog: CatalogImportProgress.State) -> JSONValue {
        var switches: [String: JSONValue] = [:]
        for item in IntegrationSettings.switches(for: channel) {
            switches[item.key] = .bool(settings[item.key] ?? false)
        }
        return [
            "id": .string(id),
            "channel": .string(channel.rawValue),
            "name": .string(name),
            "last_error": .string(lastError),
            "settings": .object(switches),
            "stage": .string(GoLiveStage.line(for: self, catalog: catalog)),
        ]
    }
}
