import CrossdockHTTP
import Foundation

/// The workspaces of the hub's UI, as shown in the navigation.
enum Workspace: String, Sendable {
    case products, orders, integrations

    var title: String {
        switch self {
        case .products: "Products"
        case .orders: "Orders"
        case .integrations: "Settings → Integrations"
        }
    }

    var path: String {
        switch self {
        case .products: "/products"
        case .orders: "/orders"
        case .integrations: "/settings/integrations"
        }
    }
}

/// The shared page shell: navigation, styles, and the headers every page carries.
enum Pages {
    /// A complete page. `script` is inline JavaScript allowed by a one-time nonce; the page must work without it.
    static func page(title: String, workspace: Workspace?, body: HTML, script: HTML? = nil, status: Int = 200)
        -> HTTPResponse
    {
        let nonce = makeNonce()
        let navigation = HTML.join(
            [Workspace.products, .orders, .integrations].map { item -> HTML in
                let current: HTML = item == workspace ? " aria-current=\"page\"" : ""
                return "<a href=\"\(item.path)\"\(current)>\(item.title)</a>"
            })
        let scriptTag: HTML = script.map { "<script nonce=\"\(nonce)\">\($0)</script>" } ?? .empty
        let document: HTML = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · Crossdock</title>
            <link rel="icon" href="data:,">
            <style>\(stylesheet)</style>
            </head>
            <body>
            <header class="top"><span class="brand">Crossdock</span><nav>\(navigation)</nav></header>
            <main>
            \(body)
            </main>
            \(scriptTag)
            </body>
            </html>
            """
        // Inline styles are ours; scripts run only with this response's nonce, so markup that slipped
        // through escaping still could not execute.
        let policy =
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-\(nonce)'; connect-src 'self'; "
            + "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        return HTTPResponse.html(document.rendered, status: status)
            .withHeader("Content-Security-Policy", policy)
            .withHeader("Cache-Control", "no-store")
    }

    /// A page explaining why a request failed.
    static func error(_ error: APIError) -> HTTPResponse {
        let body: HTML = """
            <h1>\(error.status == 404 ? "Not found" : "Something went wrong")</h1>
            <p class="notice error">\(error.message)</p>
            <p><a href="/products">Back to Products</a></p>
            """
        return page(title: "Error", workspace: nil, body: body, status: error.status)
    }

    /// Previous/next links for a paged table; `query` holds the other parameters to keep.
    static func pager(page: Int, perPage: Int, total: Int, path: String, query: [(String, String)] = []) -> HTML {
        let pages = max(1, (total + perPage - 1) / perPage)
        func link(_ target: Int, _ label: String, _ rel: String) -> HTML {
            let href = path + "?" + PercentEncoding.query(query + [("page", String(target))])
            return "<a class=\"\(rel)\" rel=\"\(rel)\" href=\"\(href)\">\(label)</a>"
        }
        let previous =
            page > 1 ? link(page - 1, "← Previous", "prev") : "<span class=\"prev disabled\">← Previous</span>"
        let next = page < pages ? link(page + 1, "Next →", "next") : "<span class=\"next disabled\">Next →</span>"
        return """
            <nav class="pager" aria-label="Pages">\(previous)<span class="page-of">Page \(page) of \(pages) \
            · \(Format.count(total)) in all</span>\(next)</nav>
            """
    }

    private static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
    }

    private static let stylesheet: HTML = """
        :root{--ink:#1d2433;--muted:#5b6475;--line:#dde2ea;--bg:#f5f7fa;--accent:#1f5fbf;--warn:#9a5b00;\
        --bad:#b3261e;--good:#1e7a3c}
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);\
        background:var(--bg)}
        .top{display:flex;align-items:center;gap:24px;padding:10px 24px;background:#17233b;color:#fff}
        .brand{font-weight:700;letter-spacing:.02em}
        .top nav a{color:#c9d6ee;text-decoration:none;margin-right:18px;padding:4px 0}
        .top nav a[aria-current=page]{color:#fff;border-bottom:2px solid #fff}
        main{max-width:1200px;margin:0 auto;padding:20px 24px 48px}
        h1{font-size:22px;margin:4px 0 16px}
        h2{font-size:17px;margin:28px 0 10px}
        section.panel,.tile{background:#fff;border:1px solid var(--line);border-radius:6px;padding:14px 16px}
        table{width:100%;border-collapse:collapse;background:#fff;border:1px solid var(--line)}
        th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
        th{background:#eef1f6;font-weight:600;font-size:13px}
        td.number,th.number{text-align:right;font-variant-numeric:tabular-nums}
        code,.sku{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px;white-space:pre-wrap;\
        overflow-wrap:anywhere}
        td.price,td.quantity,.nowrap{white-space:nowrap}
        th.warnings-column{width:30%}
        tr.variant td.sku-cell{padding-left:30px}
        tr.variant td.sku-cell::before{content:"↳ ";color:var(--muted)}
        tr.parent td{background:#fafbfd;font-weight:600}
        tr.blocked td{background:#fdecea}
        .muted{color:var(--muted)}
        .warning{color:var(--warn)}
        ul.warnings{margin:0;padding-left:16px;color:var(--warn)}
        .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;background:#e7ecf4}
        .badge.blocked,.badge.out-of-stock{background:#f9d5d2;color:var(--bad)}
        .badge.routed,.badge.shipped,.badge.complete{background:#d7f0df;color:var(--good)}
        .badge.waiting,.badge.ready,.badge.importing{background:#fdf0d5;color:var(--warn)}
        .notice{padding:8px 12px;border-radius:4px;background:#e8f0fc}
        .notice.error{background:#fdecea;color:var(--bad)}
        .notice.ok{background:#e3f4e8;color:var(--good)}
        form.search{display:flex;gap:8px;margin:14px 0;align-items:center}
        input[type=search]{flex:1;max-width:420px;padding:6px 10px;border:1px solid #b9c2d0;border-radius:4px}
        button{padding:6px 14px;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:4px;\
        cursor:pointer}
        button.secondary{background:#fff;color:var(--accent)}
        progress{width:100%;height:14px}
        .progress-line{display:flex;flex-wrap:wrap;gap:6px 18px;margin-top:6px;color:var(--muted)}
        .pager{display:flex;gap:16px;align-items:center;margin:12px 0}
        .pager a{color:var(--accent)}
        .pager .disabled{color:#a6aebb}
        .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:16px}
        .tile h2{margin:0 0 4px}
        .stage{font-weight:600;margin:8px 0}
        fieldset{border:1px solid var(--line);border-radius:4px;margin:10px 0;padding:6px 12px}
        legend{font-weight:600;font-size:13px;color:var(--muted)}
        fieldset label{display:flex;gap:6px;align-items:flex-start;margin:4px 0}
        fieldset input{margin-top:3px}
        .stage-banner{background:#fff;border:1px solid var(--line);border-left:4px solid var(--accent);\
        border-radius:4px;padding:10px 14px;margin:0 0 16px}
        """
}

/// Number and time wording for pages.
enum Format {
    /// `12345` → `12,345`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// Seconds left as a merchant reads them: `about 3 min left`.
    static func remaining(_ seconds: Int?) -> String {
        guard let seconds else { return "time left unknown" }
        let minutes = (seconds + 59) / 60
        switch seconds {
        case ..<60: return "under a minute left"
        case ..<3600: return "about \(minutes) min left"
        default: return "about \(minutes / 60) h \(minutes % 60) min left"
        }
    }

    /// Products per second with one decimal.
    static func rate(_ perSecond: Double) -> String {
        String(format: "%.1f per second", perSecond)
    }
}
