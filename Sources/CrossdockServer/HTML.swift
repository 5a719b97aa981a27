/// Markup whose interpolated strings are escaped as they are inserted.
///
/// A `String` interpolated into `HTML` is always text: `Body & More <b>new</b>` becomes
/// `Body &amp; More &lt;b&gt;new&lt;/b&gt;`. Interpolating `HTML` inserts it as it is, so a value is
/// escaped exactly once however many fragments it passes through.
struct HTML: Sendable, ExpressibleByStringInterpolation {
    let rendered: String

    init(stringLiteral value: String) {
        rendered = value
    }

    init(stringInterpolation: Interpolation) {
        rendered = stringInterpolation.output
    }

    private init(rendered: String) {
        self.rendered = rendered
    }

    static let empty = HTML(rendered: "")

    /// Fragments one after another.
    static func join(_ parts: [HTML]) -> HTML {
        HTML(rendered: parts.map(\.rendered).joined())
    }

    struct Interpolation: StringInterpolationProtocol {
        var output = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            output.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        mutating func appendLiteral(_ literal: String) {
            output += literal
        }

        /// Text: escaped for element content and quoted attribute values alike.
        mutating func appendInterpolation(_ text: String) {
            output += HTML.escape(text)
        }

        mutating func appendInterpolation(_ number: Int) {
            output += String(number)
        }

        mutating func appendInterpolation(_ fragment: HTML) {
            output += fragment.rendered
        }

        mutating func appendInterpolation(_ fragments: [HTML]) {
            for fragment in fragments {
                output += fragment.rendered
            }
        }
    }

    /// Replaces the five characters that are markup in text and quoted attributes.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
