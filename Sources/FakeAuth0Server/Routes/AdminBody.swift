import FakeAuth0
import Foundation

extension Dictionary where Key == String, Value == JSONValue {
    /// Refuses a control-API body with a field outside `allowed`: `invalid_request` naming it and the
    /// expected `shape`.
    func rejectUnknownFields(_ allowed: Set<String>, shape: String) throws(OAuthError) {
        if let unknown = keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .invalidRequest("Unknown field: \(unknown); the body is \(shape)")
        }
    }

    /// A whole number of seconds in `range` from field `name`, `fallback` when absent; else
    /// `invalid_request` naming the range.
    func seconds(_ name: String, in range: ClosedRange<Int>, default fallback: Int? = nil) throws(OAuthError) -> Int {
        guard let value = self[name] else {
            if let fallback { return fallback }
            throw .invalidRequest("Missing field: \(name)")
        }
        guard let seconds = Limits.seconds(value, in: range) else {
            throw .invalidRequest(
                "\(name) must be a whole number of seconds between \(range.lowerBound) and \(range.upperBound)")
        }
        return seconds
    }

    /// The string field `name`, nil when absent; `invalid_request` when it is not a non-empty string.
    func optionalString(_ name: String) throws(OAuthError) -> String? {
        guard let value = self[name] else { return nil }
        guard let text = value.stringValue, !text.isEmpty else {
            throw .invalidRequest("\(name) must be a non-empty string")
        }
        return text
    }
}
