import FakeAuth0
import Foundation

/// The OData query options of a Graph list call: `$top`, `$skip`, `$select`, `$filter`, `$orderby`,
/// checked against the properties of the type listed.
public struct ODataQuery: Sendable, Equatable {
    public struct Ordering: Sendable, Equatable {
        public var path: [String]
        public var descending: Bool
    }

    public var top: Int?
    public var skip: Int
    /// The properties asked for with `$select` (nil: all).
    public var select: [String]?
    public var filter: ODataFilter?
    public var orderBy: [Ordering]

    /// The largest `$skip` accepted.
    public static let maximumSkip = 1_000_000

    /// Reads the options from query parameters. `properties` are the type's property names, `maxTop`
    /// the largest page Graph serves for it; unknown options starting with `$` are refused.
    public static func parse(
        _ parameters: [String: String], properties: Set<String>, type: String, maxTop: Int
    ) throws(GraphError) -> ODataQuery {
        let known: Set<String> = ["$top", "$skip", "$select", "$filter", "$orderby", "$count", "$skiptoken"]
        if let unknown = parameters.keys.first(where: { $0.hasPrefix("$") && !known.contains($0.lowercased()) }) {
            throw .badRequest("Query option '\(unknown)' is not allowed. Make sure that it is supported by the fake.")
        }
        func option(_ name: String) -> String? {
            parameters.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
        var query = ODataQuery(top: nil, skip: 0, select: nil, filter: nil, orderBy: [])
        if let text = option("$top") {
            guard let top = Int(text), (1...maxTop).contains(top) else {
                throw .badRequest(
                    "Invalid value '\(text)' for query option '$top': expected an integer from 1 to \(maxTop).")
            }
            query.top = top
        }
        if let text = option("$skip") {
            guard let skip = Int(text), (0...maximumSkip).contains(skip) else {
                throw .badRequest(
                    "Invalid value '\(text)' for query option '$skip': expected an integer from 0 to \(maximumSkip).")
            }
            query.skip = skip
        }
        func property(_ name: String) throws(GraphError) -> String {
            guard let known = properties.first(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) else {
                throw .badRequest("Could not find a property named '\(name)' on type 'microsoft.graph.\(type)'.")
            }
            return known
        }
        if let text = option("$select") {
            var names: [String] = []
            for raw in text.split(separator: ",") {
                let name = raw.trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else { continue }
                names.append(try property(name))
            }
            query.select = names
        }
        if let text = option("$filter"), !text.trimmingCharacters(in: .whitespaces).isEmpty {
            query.filter = try ODataFilter.parse(text, properties: properties, type: type)
        }
        if let text = option("$orderby") {
            for raw in text.split(separator: ",") {
                let words = raw.split(separator: " ").map(String.init)
                guard let first = words.first, words.count <= 2 else {
                    throw .badRequest("Invalid $orderby expression '\(raw)'.")
                }
                var path = first.split(separator: "/").map(String.init)
                path[0] = try property(path[0])
                let direction = words.count == 2 ? words[1].lowercased() : "asc"
                guard direction == "asc" || direction == "desc" else {
                    throw .badRequest("Invalid $orderby direction '\(words[1])': expected asc or desc.")
                }
                query.orderBy.append(Ordering(path: path, descending: direction == "desc"))
            }
        }
        return query
    }

    /// Filters, orders and pages `items`; `hasMore` tells whether a next page exists.
    public func apply(to items: [JSONValue], defaultTop: Int) -> (page: [JSONValue], hasMore: Bool) {
        var rows = items
        if let filter { rows = rows.filter(filter.matches) }
        if !orderBy.isEmpty {
            rows = rows.enumerated().sorted { a, b in
                for ordering in orderBy {
                    let x = ODataPath.value(a.element, ordering.path) ?? .null
                    let y = ODataPath.value(b.element, ordering.path) ?? .null
                    let order = Self.order(x, y)
                    if order != .orderedSame {
                        return ordering.descending ? order == .orderedDescending : order == .orderedAscending
                    }
                }
                return a.offset < b.offset
            }.map(\.element)
        }
        let size = top ?? defaultTop
        let remaining = rows.dropFirst(skip)
        return (Array(remaining.prefix(size)), remaining.count > size)
    }

    /// `items` with only the `$select`ed properties (and `id`, which Graph always returns).
    public func project(_ item: JSONValue) -> JSONValue {
        guard let select, case .object(let fields) = item else { return item }
        var kept: [String: JSONValue] = [:]
        for (key, value) in fields where key == "id" || key.hasPrefix("@odata") || select.contains(key) {
            kept[key] = value
        }
        return .object(kept)
    }

    static func order(_ a: JSONValue, _ b: JSONValue) -> ComparisonResult {
        switch (a, b) {
        case (.null, .null): return .orderedSame
        case (.null, _): return .orderedAscending
        case (_, .null): return .orderedDescending
        case (.string(let s), .string(let t)):
            if let x = ODataDates.parse(s), let y = ODataDates.parse(t) { return x.compare(y) }
            return s.caseInsensitiveCompare(t)
        default:
            let (x, y) = (ODataFilter.compare(a, Self.literal(b)) ?? .orderedSame, ComparisonResult.orderedSame)
            return x == .orderedSame ? y : x
        }
    }

    static func literal(_ value: JSONValue) -> ODataFilter.Literal {
        switch value {
        case .string(let s): return .string(s)
        case .int(let i): return .number(Double(i))
        case .double(let d): return .number(d)
        case .bool(let b): return .boolean(b)
        default: return .null
        }
    }
}
