import CrossdockDomain
import CrossdockStore

/// The Products workspace: import progress, the catalogue with variants under their parents, and
/// the products that could not be imported.
struct ProductsPage {
    var search: String
    var paging: Paging
    var products: ProductPage
    var progress: CatalogImportProgress
    var problems: [ImportProblem]

    var body: HTML {
        let clear: HTML = search.isEmpty ? .empty : "<a class=\"clear\" href=\"/products\">Clear</a>"
        let query: [(String, String)] = search.isEmpty ? [] : [("search", search)]
        let pager = Pages.pager(
            page: paging.page, perPage: paging.perPage, total: products.total, path: "/products", query: query)
        return """
            <h1>Products</h1>
            \(importStatus)
            <form class="search" method="get" action="/products" role="search">
            <input type="search" id="search" name="search" value="\(search)" placeholder="Search by SKU or title" \
            aria-label="Search by SKU or title">
            <button type="submit">Search</button>\(clear)
            </form>
            \(table)
            \(pager)
            \(problemsSection)
            """
    }

    private var importStatus: HTML {
        let state = progress.state
        let bar: HTML =
            progress.total > 0
            ? """
            <progress id="import-progress" value="\(progress.imported)" max="\(progress.total)">\
            \(progress.imported) of \(progress.total)</progress>
            """
            : "<progress id=\"import-progress\">waiting for the product count</progress>"
        let hint: HTML =
            state == .notStarted
            ? """
            <p class="muted">The catalogue import has not started. It starts once BigCommerce is connected under \
            <a href="/settings/integrations">Settings → Integrations</a>.</p>
            """
            : .empty
        return """
            <section class="panel" id="import-status" data-state="\(state.rawValue)">
            <strong>Catalogue import</strong> \
            <span id="import-state" class="badge \(state.rawValue)">\(Self.label(state))</span>
            \(bar)
            <div class="progress-line">
            <span><span id="import-done">\(Format.count(progress.imported))</span> of \
            <span id="import-total">\(Format.count(progress.total))</span> products read from BigCommerce</span>
            <span id="import-rate">\(Format.rate(progress.rate()))</span>
            <span id="import-eta">\(state == .complete ? "done" : Format.remaining(progress.secondsRemaining()))</span>
            <a href="#import-problems"><span id="import-problem-count">\(Format.count(progress.problems))</span> \
            import problems</a>
            <a id="import-reload" href="" hidden>New products imported — reload</a>
            </div>
            \(hint)
            </section>
            """
    }

    private var table: HTML {
        guard !products.products.isEmpty else {
            let message = search.isEmpty ? "No products imported yet." : "No products match “\(search)”."
            return "<p class=\"notice\" id=\"no-products\">\(message)</p>"
        }
        return """
            <table id="products">
            <thead><tr><th>SKU</th><th>Title</th><th>Options</th><th class="number">Price</th>\
            <th class="number">BigCommerce quantity</th><th class="warnings-column">Warnings</th>\
            <th>Details</th></tr></thead>
            <tbody>
            \(products.products.map(Self.row))
            </tbody>
            </table>
            """
    }

    private static func row(_ product: CatalogProduct) -> HTML {
        let kind = product.isParent ? "parent" : (product.parentSKU == nil ? "simple" : "variant")
        let options = product.optionValues.map { "\($0.option) = \($0.value)" }.joined(separator: ", ")
        let none: HTML = "<span class=\"muted\">—</span>"
        let price: HTML = product.price.map { "\($0.decimalString) \($0.currency)" } ?? none
        let quantity: HTML =
            product.inventoryLevel.map { level -> HTML in
                // Zero or negative stock (case I1) is out of stock on every channel.
                level > 0 ? "\(level)" : "\(level) <span class=\"badge out-of-stock\">out of stock</span>"
            }
            ?? (product.isParent ? none : "<span class=\"muted\">not tracked</span>")
        let warningItems = product.warnings.map { issue -> HTML in
            "<li data-code=\"\(issue.code.rawValue)\">\(issue.message)</li>"
        }
        let warnings: HTML = warningItems.isEmpty ? .empty : "<ul class=\"warnings\">\(warningItems)</ul>"
        let parent: HTML = product.parentSKU.map { " data-parent-sku=\"\($0.value)\"" } ?? .empty
        return """
            <tr class="product \(kind)" data-sku="\(product.sku.value)"\(parent)>\
            <td class="sku-cell"><span class="sku">\(product.sku.value)</span></td>\
            <td class="title">\(product.title)</td><td class="options">\(options)</td>\
            <td class="number price">\(price)</td><td class="number quantity">\(quantity)</td>\
            <td>\(warnings)</td><td class="details">\(details(product))</td></tr>

            """
    }

    private var problemsSection: HTML {
        let rows = problems.map { problem -> HTML in
            let sku: HTML =
                problem.sku.isEmpty
                ? "<span class=\"muted\">(empty)</span>" : "<span class=\"sku\">\(problem.sku)</span>"
            return """
                <tr class="import-problem" data-code="\(problem.issue.code.rawValue)"><td>\(sku)</td>\
                <td class="title">\(problem.title)</td><td class="reason">\(problem.issue.message)</td></tr>

                """
        }
        let allImported =
            progress.state == .complete ? "Every product was imported." : "Every product read so far was imported."
        let content: HTML =
            problems.isEmpty
            ? "<p class=\"muted\">\(allImported)</p>"
            : """
            <table id="import-problems-table">
            <thead><tr><th>SKU</th><th>Title</th><th>Why it was not imported</th></tr></thead>
            <tbody>
            \(rows)
            </tbody>
            </table>
            """
        return """
            <h2 id="import-problems">Import problems</h2>
            \(content)
            """
    }

    static func label(_ state: CatalogImportProgress.State) -> String {
        switch state {
        case .notStarted: "Not started"
        case .importing: "Importing"
        case .complete: "Complete"
        }
    }
}
