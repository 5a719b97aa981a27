import Foundation

/// Images, custom fields, brands and categories as the v3 catalogue writes them
/// (products_catalog.v3.yml, brands_catalog.v3.yml, categories_catalog.v3.yml).
extension BigCommerceWire {
    /// A product image; every size points at the address it was seeded with.
    static func image(_ image: CatalogImage, productId: Int) -> [String: Any] {
        let file = image.url.split(separator: "/").last.map { String($0.split(separator: "?")[0]) } ?? ""
        return [
            "id": image.id, "product_id": productId, "is_thumbnail": image.isThumbnail, "sort_order": image.sortOrder,
            "description": image.description, "image_file": file, "url_zoom": image.url, "url_standard": image.url,
            "url_thumbnail": image.url, "url_tiny": image.url,
            "date_modified": SandboxDates.bigCommerceV3(image.dateModified),
        ]
    }

    static func customField(_ field: CatalogCustomField) -> [String: Any] {
        ["id": field.id, "name": field.name, "value": field.value]
    }

    static func brand(_ brand: CatalogBrand) -> [String: Any] {
        [
            "id": brand.id, "name": brand.name, "page_title": brand.name, "meta_keywords": [String](),
            "meta_description": "", "search_keywords": "", "image_url": "",
            "custom_url": ["url": "/\(slug(brand.name))/", "is_customized": false],
        ]
    }

    /// A category of the store's single tree, at its top level.
    static func category(_ category: CatalogCategory) -> [String: Any] {
        [
            "id": category.id, "parent_id": 0, "name": category.name, "description": "", "views": 0,
            "sort_order": 0, "page_title": "", "meta_keywords": [String](), "meta_description": "",
            "layout_file": "category.html", "image_url": "", "is_visible": true, "search_keywords": "",
            "default_product_sort": "use_store_settings",
            "custom_url": ["url": "/\(slug(category.name))/", "is_customized": false],
        ]
    }

    /// A URL path segment from a name, as the control panel makes one (`Snow Boards` → `snow-boards`).
    static func slug(_ name: String) -> String {
        let words = name.lowercased().split { !$0.isLetter && !$0.isNumber }
        return words.isEmpty ? "item" : words.joined(separator: "-")
    }
}
