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
    /// Lenient like real servers: raw spaces and other unescaped characters are kept as they are.
    public static func form(_ body: String) throws(OAuthError) -> RequestParameters {
        guard let pairs = FormURLEncoding.pairs(body, malformed: .fail) else {
            throw .invalidRequest("The form body has an invalid percent-encoding")
        }
        var values: [String: String] = [:]
        for (name, value) in pairs {
            if name.isEmpty { continue }
            if let existing = values[name], existing != value || !value.isEmpty {
                throw .invalidRequest("Parameter \(name) was included more than once")
            }
            values[name] = value
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
