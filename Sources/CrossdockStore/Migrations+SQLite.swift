extension Migrations {
    /// The hub's first schema: integrations, catalogue, listings, orders, shipments, jobs, webhooks.
    static let sqliteVersion1 = """
        CREATE TABLE integrations (
            id TEXT PRIMARY KEY,
            channel TEXT NOT NULL,
            name TEXT NOT NULL,
            base_url TEXT NOT NULL,
            token_url TEXT,
            credentials TEXT NOT NULL,
            settings TEXT NOT NULL,
            order_cursor TEXT,
            last_error TEXT,
            connected_at INTEGER NOT NULL
        );
        CREATE TABLE catalog_import (
            integration_id TEXT PRIMARY KEY REFERENCES integrations(id),
            state TEXT NOT NULL,
            total INTEGER NOT NULL DEFAULT 0,
            imported INTEGER NOT NULL DEFAULT 0,
            next_page INTEGER NOT NULL DEFAULT 1,
            started_at INTEGER,
            finished_at INTEGER,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE products (
            id INTEGER PRIMARY KEY,
            sku TEXT NOT NULL,
            sku_key TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            parent_sku TEXT,
            is_parent INTEGER NOT NULL DEFAULT 0,
            bc_product_id INTEGER NOT NULL,
            bc_variant_id INTEGER,
            option_values TEXT NOT NULL DEFAULT '[]',
            price INTEGER,
            currency TEXT NOT NULL,
            inventory_level INTEGER,
            inventory_tracking TEXT NOT NULL,
            warnings TEXT NOT NULL DEFAULT '[]',
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX products_by_bigcommerce_id ON products(bc_product_id, bc_variant_id);
        CREATE TABLE import_problems (
            id INTEGER PRIMARY KEY,
            bc_product_id INTEGER NOT NULL,
            bc_variant_id INTEGER NOT NULL DEFAULT 0,
            sku TEXT NOT NULL,
            title TEXT NOT NULL,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            UNIQUE (bc_product_id, bc_variant_id, code)
        );
        CREATE TABLE listings (
            integration_id TEXT NOT NULL REFERENCES integrations(id),
            channel_sku TEXT NOT NULL,
            sku_key TEXT NOT NULL,
            confirmed_quantity INTEGER,
            pushed_at INTEGER,
            last_error TEXT,
            PRIMARY KEY (integration_id, channel_sku)
        );
        CREATE INDEX listings_by_sku ON listings(sku_key);
        CREATE TABLE orders (
            id INTEGER PRIMARY KEY,
            integration_id TEXT NOT NULL REFERENCES integrations(id),
            marketplace_order_id TEXT NOT NULL,
            marketplace_status TEXT NOT NULL,
            state TEXT NOT NULL,
            reason TEXT,
            purchased_at TEXT,
            currency TEXT,
            total INTEGER,
            shipping_address TEXT,
            bc_order_id INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            UNIQUE (integration_id, marketplace_order_id)
        );
        CREATE INDEX orders_by_state ON orders(state);
        CREATE TABLE order_lines (
            order_id INTEGER NOT NULL REFERENCES orders(id),
            line_id TEXT NOT NULL,
            sku TEXT NOT NULL,
            sku_key TEXT NOT NULL,
            title TEXT,
            quantity INTEGER NOT NULL,
            quantity_shipped INTEGER NOT NULL DEFAULT 0,
            line_total INTEGER,
            bc_order_product_id INTEGER,
            PRIMARY KEY (order_id, line_id)
        );
        CREATE INDEX order_lines_by_sku ON order_lines(sku_key);
        CREATE TABLE shipments (
            id INTEGER PRIMARY KEY,
            order_id INTEGER NOT NULL REFERENCES orders(id),
            bc_shipment_id INTEGER NOT NULL,
            tracking_number TEXT,
            carrier TEXT,
            lines TEXT NOT NULL,
            state TEXT NOT NULL,
            last_error TEXT,
            created_at INTEGER NOT NULL,
            sent_at INTEGER,
            UNIQUE (order_id, bc_shipment_id)
        );
        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            payload TEXT NOT NULL DEFAULT '{}',
            state TEXT NOT NULL DEFAULT 'queued',
            attempts INTEGER NOT NULL DEFAULT 0,
            run_after INTEGER NOT NULL,
            last_error TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX jobs_one_queued_per_key ON jobs(kind, key) WHERE state = 'queued';
        CREATE INDEX jobs_due ON jobs(state, run_after);
        CREATE TABLE webhook_deliveries (
            hash TEXT PRIMARY KEY,
            scope TEXT NOT NULL,
            received_at INTEGER NOT NULL
        );
        """

    /// Catalogue attributes beyond identity, price and stock; the delta poll's watermark.
    static let sqliteVersion2 = """
        ALTER TABLE products ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE catalog_import ADD COLUMN modified_since TEXT;
        """

    /// The copy of every BigCommerce order kept when BigCommerce's *Import orders: all* is on.
    static let sqliteVersion3 = """
        CREATE TABLE bigcommerce_orders (
            id INTEGER PRIMARY KEY,
            status_id INTEGER NOT NULL,
            status TEXT,
            external_source TEXT,
            external_order_id TEXT,
            currency TEXT,
            total INTEGER,
            date_created TEXT,
            date_modified TEXT,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX bigcommerce_orders_by_external_id ON bigcommerce_orders(external_order_id);
        """
}

extension Migrations {
    /// Each job names the integration whose channel API it calls, so that one worker at a time runs
    /// an integration's jobs. Jobs queued before this version are given theirs by kind.
    static let sqliteVersion4 = """
        ALTER TABLE jobs ADD COLUMN integration_id TEXT NOT NULL DEFAULT '';
        UPDATE jobs SET integration_id = key WHERE kind IN ('orders.poll', 'listings.import', 'inventory.reconcile');
        UPDATE jobs SET integration_id = COALESCE(json_extract(payload, '$.integration_id'), '')
            WHERE kind = 'inventory.push';
        UPDATE jobs SET integration_id = COALESCE((SELECT o.integration_id FROM shipments AS s
                JOIN orders AS o ON o.id = s.order_id WHERE s.id = CAST(jobs.key AS INTEGER)), '')
            WHERE kind = 'tracking.send';
        UPDATE jobs SET integration_id = COALESCE((SELECT id FROM integrations WHERE channel = 'bigcommerce'
                ORDER BY connected_at, id LIMIT 1), '')
            WHERE kind NOT IN ('orders.poll', 'listings.import', 'inventory.reconcile', 'inventory.push',
                'tracking.send');
        CREATE INDEX jobs_by_integration ON jobs(integration_id, state, run_after);
        """
}
