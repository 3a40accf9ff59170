import Foundation

/// The parameters of a form or JSON request body, with empty values and JSON `null` already removed.
public struct RequestParameters: Sendable, Equatable {
    public private(set) var values: [String: String]

    public init(_ values: [String: String] = [:]) {
        self.values = values.filter { !$0.value.isEmpty }
    }

    public subscript(_ name: String) -> String? { values[name] }

    /// The value of a parameter the request must carry.
    public func required(_ name: String) throws(OAuthError) -> String {
        guard let value = values[name] else { throw .missingParameter(name) }
        return value
    }

    /// Parses an `application/x-www-form-urlencoded` body; a parameter given twice is refused.
    public static func form(_ body: String) throws(OAuthError) -> RequestParameters {
        var components = URLComponents()
        components.percentEncodedQuery = body.replacingOccurrences(of: "+", with: "%20")
        var values: [String: String] = [:]
        for item in components.queryItems ?? [] where !item.name.isEmpty {
            let value = item.value ?? ""
            if let existing = values[item.name], existing != value || !value.isEmpty {
                throw .invalidRequest("Parameter \(item.name) was included more than once")
            }
            values[item.name] = value
        }
        return RequestParameters(values)
    }

    /// Parses a JSON object body. Strings stay strings, numbers and booleans become their text,
    /// arrays and objects become compact JSON text (as a form would carry them), `null` is dropped.
    public static func json(_ body: Data) throws(OAuthError) -> RequestParameters {
        guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: body) else {
            throw .invalidRequest("The request body is not a JSON object")
        }
        var values: [String: String] = [:]
        for (name, value) in object {
            switch value {
            case .null: continue
            case .string(let text): values[name] = text
            case .int(let number): values[name] = String(number)
            case .double(let number): values[name] = String(number)
            case .bool(let flag): values[name] = flag ? "true" : "false"
            case .array, .object: values[name] = value.description
            }
        }
        return RequestParameters(values)
    }
}
