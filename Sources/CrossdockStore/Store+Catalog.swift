import CrossdockDomain
import Foundation

/// Progress of the catalogue import from BigCommerce.
public struct CatalogImportProgress: Sendable, Equatable {
    public enum State: String, Sendable { case notStarted = "not_started", importing, complete }

    public var state: State
    public var total: Int
    public var imported: Int
    public var problems: Int
    /// The next BigCommerce page to fetch; the import resumes here after a restart.
    public var nextPage: Int
    public var startedAt: Int64?
    public var finishedAt: Int64?

    /// Products per second since the import started.
    public func rate(now: Int64 = Clock.nowMilliseconds()) -> Double {
        guard let startedAt, imported > 0 else { return 0 }
        let seconds = Double((finishedAt ?? now) - startedAt) / 1000
        return seconds > 0 ? Double(imported) / seconds : 0
    }

    /// Seconds left at the current rate, or nil when unknown.
    public func secondsRemaining(now: Int64 = Clock.nowMilliseconds()) -> Int? {
        let rate = rate(now: now)
        guard state == .importing, rate > 0 else { return state == .complete ? 0 : nil }
        return Int((Double(max(0, total - imported)) / rate).rounded(.up))
    }
}

/// A page of catalogue rows for the Products workspace.
public struct ProductPage: Sendable {
    public var products: [CatalogProduct]
    public var total: Int
}

extension Store {
    public func catalogImport() async throws -> CatalogImportProgress {
        try await database.read { db in try Self.catalogImport(db) }
    }

    /// Marks the import as started (keeping progress when it is being resumed).
    public func beginCatalogImport(integrationID: String) async throws {
        try await database.write { db in
            let now = Clock.nowMilliseconds()
            try db.execute(
                """
                INSERT INTO catalog_import (integration_id, state, started_at, updated_at) VALUES (?, 'importing', ?, ?)
                ON CONFLICT (integration_id) DO UPDATE SET state = 'importing', updated_at = excluded.updated_at
                """, [.text(integrationID), .integer(now), .integer(now)])
        }
    }

    /// Stores one page of products and problems and advances the resume point, in one transaction.
    public func storeCatalogPage(
        integrationID: String, page: Int, total: Int, products: [CatalogProduct], problems: [ImportProblem],
        importedProducts: Int, isLast: Bool
    ) async throws -> [CatalogProduct] {
        try await database.write { db in
            var stored: [CatalogProduct] = []
            let productIDs = Set(products.map(\.bigCommerceProductID) + problems.map(\.bigCommerceProductID))
            for id in productIDs {
                try db.execute("DELETE FROM import_problems WHERE bc_product_id = ?", [.integer(Int64(id))])
            }
            for problem in problems {
                try Self.insert(problem, db)
            }
            for product in products {
                if let duplicate = try Self.upsert(product, db) {
                    try Self.insert(duplicate, db)
                } else {
                    stored.append(product)
                }
            }
            try db.execute(
                """
                UPDATE catalog_import SET total = ?, imported = imported + ?, next_page = ?, updated_at = ?,
                    state = CASE WHEN ? THEN 'complete' ELSE state END,
                    finished_at = CASE WHEN ? THEN ? ELSE finished_at END
                WHERE integration_id = ?
                """,
                [
                    .integer(Int64(total)), .integer(Int64(importedProducts)), .integer(Int64(page + 1)),
                    .integer(Clock.nowMilliseconds()), SQLValue(isLast), SQLValue(isLast),
                    .integer(Clock.nowMilliseconds()), .text(integrationID),
                ])
            return stored
        }
    }

    /// Stores products re-read after the import (webhook or delta poll): the same upsert and problem
    /// rules as the import, replacing what the hub held for those BigCommerce products. Variants that
    /// BigCommerce no longer has are removed.
    @discardableResult
    public func storeProducts(_ products: [CatalogProduct], problems: [ImportProblem], productIDs: Set<Int>)
        async throws -> [CatalogProduct]
    {
        try await database.write { db in
            var stored: [CatalogProduct] = []
            for id in productIDs {
                try db.execute("DELETE FROM import_problems WHERE bc_product_id = ?", [.integer(Int64(id))])
                let keep = products.filter { $0.bigCommerceProductID == id }
                let kept = keep.map { $0.bigCommerceVariantID.map(String.init) ?? "parent" }
                for row in try db.query(
                    "SELECT id, bc_variant_id FROM products WHERE bc_product_id = ?", [.integer(Int64(id))])
                where !kept.contains(row.int("bc_variant_id").map(String.init) ?? "parent") {
                    try db.execute("DELETE FROM products WHERE id = ?", [.integer(Int64(row.int("id") ?? 0))])
                }
            }
            for problem in problems {
                try Self.insert(problem, db)
            }
            for product in products {
                if let duplicate = try Self.upsert(product, db) {
                    try Self.insert(duplicate, db)
                } else {
                    stored.append(product)
                }
            }
            return stored
        }
    }

    /// Removes a product that BigCommerce deleted, with its variants and problems.
    public func removeProduct(bigCommerceProductID: Int) async throws {
        try await database.write { db in
            try db.execute("DELETE FROM products WHERE bc_product_id = ?", [.integer(Int64(bigCommerceProductID))])
            try db.execute(
                "DELETE FROM import_problems WHERE bc_product_id = ?", [.integer(Int64(bigCommerceProductID))])
        }
    }

    /// The `date_modified` from which the next delta poll asks BigCommerce for changes.
    public func catalogModifiedSince() async throws -> String? {
        try await database.read { db in
            try db.query("SELECT modified_since FROM catalog_import LIMIT 1").first?.string("modified_since")
        }
    }

    public func setCatalogModifiedSince(_ value: String) async throws {
        try await database.write { db in
            try db.execute("UPDATE catalog_import SET modified_since = ?", [.text(value)])
        }
    }

    /// Products and variants whose SKU or title contains `search`, parents first within each family.
    public func products(search: String = "", offset: Int = 0, limit: Int = 50) async throws -> ProductPage {
        try await database.read { db in
            let pattern = Self.containsPattern(search)
            let filter = "WHERE LOWER(sku) LIKE ? ESCAPE '\\' OR LOWER(title) LIKE ? ESCAPE '\\'"
            let total =
                try db.query("SELECT COUNT(*) AS n FROM products \(filter)", [.text(pattern), .text(pattern)])
                .first?.int("n") ?? 0
            let rows = try db.query(
                """
                SELECT * FROM products \(filter)
                ORDER BY COALESCE(parent_sku, sku), is_parent DESC, sku LIMIT ? OFFSET ?
                """, [.text(pattern), .text(pattern), .integer(Int64(limit)), .integer(Int64(offset))])
            return ProductPage(products: rows.map(Self.product), total: total)
        }
    }

    /// A LIKE pattern for text containing `search`, with `\`, `%` and `_` matched literally. Letters
    /// are matched ignoring ASCII case, as SQLite's LIKE does: the SQL compares it with `LOWER(column)`
    /// because PostgreSQL's LIKE is case-sensitive, and both engines' LOWER (byte-wise collation on
    /// PostgreSQL) folds only ASCII letters.
    static func containsPattern(_ search: String) -> String {
        let escaped = search.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        let folded = String(
            String.UnicodeScalarView(
                escaped.unicodeScalars.map { scalar in
                    scalar >= "A" && scalar <= "Z" ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar
                }))
        return "%" + folded + "%"
    }

    /// The catalogue entry whose SKU matches, preferring an exact match over a case-insensitive one.
    public func product(sku: String) async throws -> CatalogProduct? {
        try await database.read { db in
            try db.query("SELECT * FROM products WHERE sku_key = ?", [.text(SKU(sku).matchKey)]).first.map(Self.product)
        }
    }

    /// The catalogue entry for a BigCommerce product/variant id pair.
    public func product(bigCommerceProductID: Int, variantID: Int?) async throws -> CatalogProduct? {
        try await database.read { db in
            let rows: [SQLRow]
            if let variantID {
                rows = try db.query(
                    "SELECT * FROM products WHERE bc_product_id = ? AND bc_variant_id = ?",
                    [.integer(Int64(bigCommerceProductID)), .integer(Int64(variantID))])
            } else {
                rows = try db.query(
                    "SELECT * FROM products WHERE bc_product_id = ? AND is_parent = 0",
                    [.integer(Int64(bigCommerceProductID))])
            }
            return rows.first.map(Self.product)
        }
    }

    /// Sets BigCommerce's quantity for a SKU; returns false when the SKU is not in the catalogue.
    @discardableResult
    public func setInventoryLevel(_ level: Int?, sku: SKU) async throws -> Bool {
        try await database.write { db in
            try db.execute(
                "UPDATE products SET inventory_level = ?, updated_at = ? WHERE sku_key = ?",
                [SQLValue(level), .integer(Clock.nowMilliseconds()), .text(sku.matchKey)]) > 0
        }
    }

    public func importProblems(limit: Int = 500) async throws -> [ImportProblem] {
        try await database.read { db in
            try db.query(
                "SELECT * FROM import_problems ORDER BY bc_product_id, bc_variant_id LIMIT ?",
                [
                    .integer(Int64(limit))
                ]
            ).map { row in
                ImportProblem(
                    bigCommerceProductID: row.int("bc_product_id") ?? 0,
                    bigCommerceVariantID: row.int("bc_variant_id").flatMap { $0 == 0 ? nil : $0 },
                    sku: row.string("sku") ?? "", title: row.string("title") ?? "",
                    issue: CatalogueIssue(
                        code: .init(rawValue: row.string("code") ?? ""), message: row.string("message") ?? ""))
            }
        }
    }

    /// All sellable SKUs, for reconciliation.
    public func sellableSKUs() async throws -> [SKU] {
        try await database.read { db in
            try db.query("SELECT sku FROM products WHERE is_parent = 0 ORDER BY sku").compactMap {
                $0.string("sku").map(SKU.init)
            }
        }
    }

    static func catalogImport(_ db: any SQLConnection) throws -> CatalogImportProgress {
        let problems = try db.query("SELECT COUNT(*) AS n FROM import_problems").first?.int("n") ?? 0
        guard let row = try db.query("SELECT * FROM catalog_import LIMIT 1").first else {
            return CatalogImportProgress(state: .notStarted, total: 0, imported: 0, problems: problems, nextPage: 1)
        }
        return CatalogImportProgress(
            state: CatalogImportProgress.State(rawValue: row.string("state") ?? "") ?? .notStarted,
            total: row.int("total") ?? 0, imported: row.int("imported") ?? 0, problems: problems,
            nextPage: row.int("next_page") ?? 1,
            startedAt: row.int("started_at").map(Int64.init), finishedAt: row.int("finished_at").map(Int64.init))
    }

    /// Inserts or updates by BigCommerce ids; returns a problem when another product holds the SKU.
    private static func upsert(_ product: CatalogProduct, _ db: any SQLConnection) throws -> ImportProblem? {
        let variant: SQLValue = product.bigCommerceVariantID.map { .integer(Int64($0)) } ?? .null
        let existing = try Self.productID(
            bigCommerceProductID: product.bigCommerceProductID, variantID: product.bigCommerceVariantID, db)
        let holder = try db.query("SELECT id, sku FROM products WHERE sku_key = ?", [.text(product.sku.matchKey)]).first
        if let holder, holder.int("id") != existing {
            return ImportProblem(
                bigCommerceProductID: product.bigCommerceProductID, bigCommerceVariantID: product.bigCommerceVariantID,
                sku: product.sku.value, title: product.title,
                issue: CatalogueIssue(
                    code: .skuDuplicate,
                    message: "SKU is already used by another product (\(holder.string("sku") ?? "")); "
                        + "BigCommerce SKUs must be unique regardless of letter case."))
        }
        let values: [SQLValue] = [
            .text(product.sku.value), .text(product.sku.matchKey), .text(product.title),
            SQLValue(product.parentSKU?.value), SQLValue(product.isParent),
            .integer(Int64(product.bigCommerceProductID)),
            variant, .text(JSONColumn.encode(product.optionValues)), SQLValue(product.price?.minorUnits),
            .text(product.price?.currency ?? "GBP"), SQLValue(product.inventoryLevel),
            .text(product.inventoryTracking.rawValue), .text(JSONColumn.encode(product.warnings)),
            .text(JSONColumn.encode(product.attributes)), .integer(Clock.nowMilliseconds()),
        ]
        if let existing {
            try db.execute(
                """
                UPDATE products SET sku = ?, sku_key = ?, title = ?, parent_sku = ?, is_parent = ?, bc_product_id = ?,
                    bc_variant_id = ?, option_values = ?, price = ?, currency = ?, inventory_level = ?,
                    inventory_tracking = ?, warnings = ?, attributes = ?, updated_at = ?
                WHERE id = ?
                """, values + [.integer(Int64(existing))])
        } else {
            try db.execute(
                """
                INSERT INTO products (sku, sku_key, title, parent_sku, is_parent, bc_product_id, bc_variant_id,
                    option_values, price, currency, inventory_level, inventory_tracking, warnings, attributes,
                    updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, values)
        }
        return nil
    }

    /// The row of a BigCommerce product (variant nil) or variant. `IS ?` would match both cases in
    /// one statement on SQLite, but PostgreSQL cannot infer the type of a parameter after `IS`.
    private static func productID(bigCommerceProductID: Int, variantID: Int?, _ db: any SQLConnection) throws -> Int? {
        let rows: [SQLRow]
        if let variantID {
            rows = try db.query(
                "SELECT id FROM products WHERE bc_product_id = ? AND bc_variant_id = ?",
                [.integer(Int64(bigCommerceProductID)), .integer(Int64(variantID))])
        } else {
            rows = try db.query(
                "SELECT id FROM products WHERE bc_product_id = ? AND bc_variant_id IS NULL",
                [.integer(Int64(bigCommerceProductID))])
        }
        return rows.first?.int("id")
    }

    private static func insert(_ problem: ImportProblem, _ db: any SQLConnection) throws {
        try db.execute(
            """
            INSERT INTO import_problems (bc_product_id, bc_variant_id, sku, title, code, message)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (bc_product_id, bc_variant_id, code) DO UPDATE SET sku = excluded.sku,
                title = excluded.title, message = excluded.message
            """,
            [
                .integer(Int64(problem.bigCommerceProductID)), .integer(Int64(problem.bigCommerceVariantID ?? 0)),
                .text(problem.sku), .text(problem.title), .text(problem.issue.code.rawValue),
                .text(problem.issue.message),
            ])
    }

    static func product(_ row: SQLRow) -> CatalogProduct {
        let currency = row.string("currency") ?? "GBP"
        return CatalogProduct(
            sku: SKU(row.string("sku") ?? ""), title: row.string("title") ?? "",
            parentSKU: row.string("parent_sku").map(SKU.init), isParent: row.bool("is_parent"),
            bigCommerceProductID: row.int("bc_product_id") ?? 0, bigCommerceVariantID: row.int("bc_variant_id"),
            optionValues: JSONColumn.decode([OptionValue].self, from: row.string("option_values")) ?? [],
            price: row.int("price").map { Money(minorUnits: $0, currency: currency) },
            inventoryLevel: row.int("inventory_level"),
            inventoryTracking: InventoryTracking(rawValue: row.string("inventory_tracking") ?? "") ?? .none,
            warnings: JSONColumn.decode([CatalogueIssue].self, from: row.string("warnings")) ?? [],
            attributes: JSONColumn.decode(CatalogAttributes.self, from: row.string("attributes")) ?? CatalogAttributes()
        )
    }
}
