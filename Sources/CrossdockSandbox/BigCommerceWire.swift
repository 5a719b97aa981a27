import Foundation

/// Renders the store's models as BigCommerce's JSON (products_catalog.v3.yml, orders.v2.oas2.yml).
enum BigCommerceWire {
    static let problemType = "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes"

    // MARK: v3 catalogue

    static func product(_ product: CatalogProduct, include: Set<String>) -> [String: Any] {
        let details = product.details
        let money = { (pence: Int?) in Money.catalogNumber(pence: pence ?? 0) }
        var json: [String: Any] = [
            "id": product.id, "name": product.name, "type": "physical", "sku": product.sku,
            "description": details.description, "weight": number(details.weight), "width": number(details.width),
            "depth": number(details.depth), "height": number(details.height), "price": money(product.pricePence),
            "cost_price": money(details.costPrice), "retail_price": money(details.retailPrice),
            "sale_price": money(details.salePrice), "map_price": 0, "tax_class_id": 0, "product_tax_code": "",
            "calculated_price": money(product.sellingPricePence), "categories": details.categoryIds,
            "brand_id": details.brandId, "option_set_id": NSNull(), "option_set_display": "right",
            "inventory_level": product.inventoryLevel, "inventory_warning_level": 0,
            "inventory_tracking": product.tracking.rawValue, "reviews_rating_sum": 0, "reviews_count": 0,
            "total_sold": 0, "fixed_cost_shipping_price": 0, "is_free_shipping": false,
            "is_visible": details.isVisible, "is_featured": false, "related_products": [Int](), "warranty": "",
            "bin_picking_number": "", "layout_file": "product.html", "upc": details.upc, "mpn": details.mpn,
            "gtin": details.gtin, "search_keywords": details.searchKeywords, "availability": "available",
            "availability_description": "", "gift_wrapping_options_type": "any",
            "gift_wrapping_options_list": [Int](), "sort_order": 0, "condition": "New", "is_condition_shown": false,
            "order_quantity_minimum": 0, "order_quantity_maximum": 0, "page_title": details.pageTitle,
            "meta_keywords": [String](), "meta_description": details.metaDescription, "view_count": 0,
            "preorder_release_date": NSNull(), "preorder_message": "", "is_preorder_only": false,
            "is_price_hidden": false, "price_hidden_label": "",
            "date_created": SandboxDates.bigCommerceV3(product.dateCreated),
            "date_modified": SandboxDates.bigCommerceV3(product.dateModified),
            "base_variant_id": orNull(product.baseVariantId),
            "custom_url": ["url": "/products/\(product.id)/", "is_customized": false],
            "open_graph_type": "product", "open_graph_title": "", "open_graph_description": "",
            "open_graph_use_meta_description": true, "open_graph_use_product_name": true,
            "open_graph_use_image": true,
        ]
        if include.contains("variants") {
            json["variants"] = product.variants.map { variant(product: product, $0) }
        }
        if include.contains("options") {
            json["options"] = product.options.enumerated().map { position, productOption in
                option(productOption, productId: product.id, sortOrder: position)
            }
        }
        if include.contains("images") {
            json["images"] = details.images.map { image($0, productId: product.id) }
        }
        if include.contains("primary_image") {
            json["primary_image"] = details.images.first.map { image($0, productId: product.id) } ?? [String: Any]()
        }
        if include.contains("custom_fields") {
            json["custom_fields"] = details.customFields.map(customField)
        }
        for empty in ["bulk_pricing_rules", "modifiers", "videos"] where include.contains(empty) {
            json[empty] = [Int]()
        }
        return json
    }

    static func variant(product: CatalogProduct, _ variant: CatalogVariant) -> [String: Any] {
        let own = variant.details
        let money = { (pence: Int?) in orNull(pence.map(Money.catalogNumber(pence:))) }
        return [
            "id": variant.id, "product_id": product.id, "sku": variant.sku,
            "sku_id": orNull(variant.skuId), "price": Money.catalogNumber(pence: product.pricePence(of: variant)),
            "calculated_price": Money.catalogNumber(pence: product.sellingPricePence(of: variant)),
            "sale_price": money(own.salePrice), "retail_price": money(own.retailPrice), "map_price": NSNull(),
            "cost_price": money(own.costPrice), "weight": orNull(own.weight.map(number)),
            "calculated_weight": number(own.weight ?? product.details.weight), "width": NSNull(),
            "height": NSNull(), "depth": NSNull(), "is_free_shipping": false, "fixed_cost_shipping_price": NSNull(),
            "purchasing_disabled": false, "purchasing_disabled_message": "", "image_url": own.imageURL,
            "upc": own.upc ?? "", "mpn": own.mpn ?? "", "gtin": own.gtin ?? "",
            "inventory_level": product.inventoryLevel(of: variant), "inventory_warning_level": 0,
            "bin_picking_number": "",
            "option_values": product.listedOptionValues(of: variant).map { value in
                var json: [String: Any] = ["id": value.id, "label": value.label, "option_id": value.optionId]
                if !product.details.omitsVariantOptionNames { json["option_display_name"] = value.optionDisplayName }
                return json
            },
        ]
    }

    /// A weight or dimension as the catalogue's floating-point number.
    static func number(_ value: Decimal) -> Double {
        NSDecimalNumber(decimal: value).doubleValue
    }

    static func option(_ option: CatalogOption, productId: Int, sortOrder: Int) -> [String: Any] {
        [
            "id": option.id, "product_id": productId, "display_name": option.displayName, "name": option.displayName,
            "type": "rectangles", "sort_order": sortOrder,
            "option_values": option.values.enumerated().map { position, value in
                ["id": value.id, "label": value.label, "sort_order": position, "is_default": false] as [String: Any]
            },
        ]
    }

    /// `meta.pagination` of a v3 collection (pagination_Full).
    static func pagination(total: Int, count: Int, page: Int, limit: Int) -> [String: Any] {
        let totalPages = total == 0 ? 0 : (total + limit - 1) / limit
        var links: [String: Any] = ["current": "?page=\(page)&limit=\(limit)"]
        if page > 1 { links["previous"] = "?page=\(page - 1)&limit=\(limit)" }
        if page < totalPages { links["next"] = "?page=\(page + 1)&limit=\(limit)" }
        return [
            "pagination": [
                "total": total, "count": count, "per_page": limit, "current_page": page, "total_pages": totalPages,
                "links": links,
            ] as [String: Any]
        ]
    }

    /// Keeps only the fields a client asked for (`include_fields`) or drops some (`exclude_fields`);
    /// `id` and the sub-resources named by `include` always stay.
    static func trim(_ json: [String: Any], includeFields: Set<String>?, excludeFields: Set<String>, keep: Set<String>)
        -> [String: Any]
    {
        json.filter { key, _ in
            if key == "id" || keep.contains(key) { return true }
            if let includeFields, !includeFields.contains(key) { return false }
            return !excludeFields.contains(key)
        }
    }

    // MARK: v2 orders

    static func order(_ order: StoreOrder, apiBase: String) -> [String: Any] {
        let amount = Money.bigCommerceAmount
        let subtotalTax = order.subtotalIncTax - order.subtotalExTax
        let shippingTax = order.shippingCostIncTax - order.shippingCostExTax
        let resource = "/orders/\(order.id)"
        return [
            "id": order.id, "customer_id": order.customerId,
            "date_created": SandboxDates.rfc2822(order.dateCreated),
            "date_modified": SandboxDates.rfc2822(order.dateModified),
            "date_shipped": order.dateShipped.map(SandboxDates.rfc2822) ?? "",
            "status_id": order.statusId, "status": OrderStatus.name(order.statusId),
            "custom_status": OrderStatus.name(order.statusId),
            "subtotal_ex_tax": amount(order.subtotalExTax), "subtotal_inc_tax": amount(order.subtotalIncTax),
            "subtotal_tax": amount(subtotalTax), "base_shipping_cost": amount(order.shippingCostIncTax),
            "shipping_cost_ex_tax": amount(order.shippingCostExTax),
            "shipping_cost_inc_tax": amount(order.shippingCostIncTax), "shipping_cost_tax": amount(shippingTax),
            "shipping_cost_tax_class_id": 0, "base_handling_cost": amount(0), "handling_cost_ex_tax": amount(0),
            "handling_cost_inc_tax": amount(0), "handling_cost_tax": amount(0), "base_wrapping_cost": amount(0),
            "wrapping_cost_ex_tax": amount(0), "wrapping_cost_inc_tax": amount(0), "wrapping_cost_tax": amount(0),
            "total_ex_tax": amount(order.totalExTax), "total_inc_tax": amount(order.totalIncTax),
            "total_tax": amount(order.totalIncTax - order.totalExTax), "is_tax_inclusive_pricing": false,
            "items_total": order.itemsTotal, "items_shipped": order.itemsShipped, "payment_method": "Manual",
            "payment_provider_id": "", "payment_status": "", "refunded_amount": amount(0),
            "order_is_digital": false, "store_credit_amount": amount(0), "gift_certificate_amount": amount(0),
            "ip_address": "", "ip_address_v6": "", "geoip_country": "", "geoip_country_iso2": "", "currency_id": 1,
            "currency_code": order.currencyCode, "currency_exchange_rate": "1.0000000000", "default_currency_id": 1,
            "default_currency_code": order.currencyCode, "store_default_currency_code": "GBP",
            "store_default_to_transactional_exchange_rate": "1.0000000000", "staff_notes": order.staffNotes,
            "customer_message": order.customerMessage, "discount_amount": amount(0), "coupon_discount": amount(0),
            "shipping_address_count": order.shippingAddresses.count, "is_deleted": false, "ebay_order_id": "0",
            "billing_address": address(order.billingAddress), "is_email_opt_in": false,
            "credit_card_type": NSNull(), "order_source": "external", "channel_id": 1,
            "external_source": orNull(order.externalSource), "external_id": NSNull(),
            "external_merchant_id": NSNull(),
            "external_order_id": order.externalOrderId ?? "", "tax_provider_id": "", "customer_locale": "en",
            "products": ["url": "\(apiBase)/v2\(resource)/products", "resource": "\(resource)/products"],
            "shipping_addresses": [
                "url": "\(apiBase)/v2\(resource)/shipping_addresses", "resource": "\(resource)/shipping_addresses",
            ],
            "coupons": ["url": "\(apiBase)/v2\(resource)/coupons", "resource": "\(resource)/coupons"],
        ]
    }

    static func address(_ address: OrderAddress) -> [String: Any] {
        [
            "first_name": address.firstName ?? "", "last_name": address.lastName ?? "",
            "company": address.company ?? "", "street_1": address.street1 ?? "", "street_2": address.street2 ?? "",
            "city": address.city ?? "", "state": address.state ?? "", "zip": address.zip ?? "",
            "country": address.country ?? "", "country_iso2": address.countryIso2 ?? "",
            "phone": address.phone ?? "", "email": address.email ?? "", "form_fields": [Int](),
        ]
    }

    static func orderProduct(_ line: OrderLine, orderId: Int) -> [String: Any] {
        let amount = Money.bigCommerceAmount
        let quantity = Decimal(line.quantity)
        return [
            "id": line.id, "order_id": orderId, "product_id": line.productId,
            "variant_id": orNull(line.variantId), "order_address_id": line.orderAddressId,
            "name": line.name, "name_customer": line.name, "name_merchant": line.name, "sku": line.sku,
            "upc": "", "type": "physical", "base_price": amount(line.priceExTax),
            "price_ex_tax": amount(line.priceExTax), "price_inc_tax": amount(line.priceIncTax),
            "price_tax": amount(line.priceIncTax - line.priceExTax), "base_total": amount(line.priceExTax * quantity),
            "total_ex_tax": amount(line.priceExTax * quantity), "total_inc_tax": amount(line.priceIncTax * quantity),
            "total_tax": amount((line.priceIncTax - line.priceExTax) * quantity), "weight": amount(0),
            "quantity": line.quantity, "quantity_shipped": line.quantityShipped, "quantity_refunded": 0,
            "is_refunded": false, "refund_amount": amount(0), "return_id": 0, "base_cost_price": amount(0),
            "cost_price_inc_tax": amount(0), "cost_price_ex_tax": amount(0), "cost_price_tax": amount(0),
            "wrapping_id": 0, "wrapping_name": "", "base_wrapping_cost": amount(0),
            "wrapping_cost_ex_tax": amount(0), "wrapping_cost_inc_tax": amount(0), "wrapping_cost_tax": amount(0),
            "wrapping_message": "", "fixed_shipping_cost": amount(0), "ebay_item_id": "", "ebay_transaction_id": "",
            "option_set_id": NSNull(), "parent_order_product_id": NSNull(), "is_bundled_product": false,
            "bin_picking_number": "", "external_id": NSNull(), "brand": "", "applied_discounts": [Int](),
            "configurable_fields": [Int](), "event_name": NSNull(), "event_date": NSNull(),
            "product_options": line.options.map { value in
                [
                    "id": value.id, "option_id": value.optionId, "order_product_id": line.id,
                    "product_option_id": value.optionId, "display_name": value.optionDisplayName,
                    "display_name_customer": value.optionDisplayName,
                    "display_name_merchant": value.optionDisplayName, "display_value": value.label,
                    "display_value_customer": value.label, "display_value_merchant": value.label,
                    "value": String(value.id), "type": "Multiple choice", "name": value.optionDisplayName,
                    "display_style": "Rectangle",
                ] as [String: Any]
            },
        ]
    }

    static func shippingAddress(_ shipping: OrderShippingAddress, order: StoreOrder, apiBase: String)
        -> [String: Any]
    {
        let amount = Money.bigCommerceAmount
        let lines = order.lines.filter { $0.orderAddressId == shipping.id }
        var json = address(shipping.address)
        json.merge([
            "id": shipping.id, "order_id": order.id, "items_total": lines.reduce(0) { $0 + $1.quantity },
            "items_shipped": lines.reduce(0) { $0 + $1.quantityShipped }, "shipping_method": shipping.shippingMethod,
            "base_cost": amount(order.shippingCostIncTax), "cost_ex_tax": amount(order.shippingCostExTax),
            "cost_inc_tax": amount(order.shippingCostIncTax),
            "cost_tax": amount(order.shippingCostIncTax - order.shippingCostExTax), "cost_tax_class_id": 0,
            "base_handling_cost": amount(0), "handling_cost_ex_tax": amount(0), "handling_cost_inc_tax": amount(0),
            "handling_cost_tax": amount(0), "handling_cost_tax_class_id": 0, "shipping_zone_id": 1,
            "shipping_zone_name": "United Kingdom",
            "shipping_quotes": [
                "url": "\(apiBase)/v2/orders/\(order.id)/shipping_addresses/\(shipping.id)/shipping_quotes",
                "resource": "/orders/\(order.id)/shipping_addresses/\(shipping.id)/shipping_quotes",
            ],
        ]) { _, new in new }
        return json
    }

    static func shipment(_ shipment: OrderShipment, order: StoreOrder) -> [String: Any] {
        let shipping = order.shippingAddresses.first { $0.id == shipment.orderAddressId }
        return [
            "id": shipment.id, "order_id": shipment.orderId, "customer_id": order.customerId,
            "order_address_id": shipment.orderAddressId, "date_created": SandboxDates.rfc2822(shipment.dateCreated),
            "tracking_number": shipment.trackingNumber, "merchant_shipping_cost": "0.0000",
            "shipping_method": shipment.shippingMethod, "comments": shipment.comments,
            "shipping_provider": shipment.shippingProvider, "tracking_carrier": shipment.trackingCarrier,
            "tracking_link": shipment.trackingLink, "generated_tracking_link": "",
            "shipping_provider_display_name": ShippingProvider.displayName(shipment.shippingProvider),
            "billing_address": address(order.billingAddress),
            "shipping_address": shipping.map { address($0.address) } ?? [String: Any](),
            "items": shipment.items.map { item in
                ["order_product_id": item.orderProductId, "product_id": item.productId, "quantity": item.quantity]
            },
        ]
    }
}
