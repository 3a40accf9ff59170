import Foundation

/// Builds the URLs the fake sends browsers back to: the app's URI with parameters added to its query.
enum RedirectURL {
    /// `uri` with `parameters` appended to its query. `+` is escaped as `%2B`: clients read a query as
    /// a form, where `+` means a space, so a `state` or code containing `+` must survive the trip.
    static func adding(_ parameters: [(String, String)], to uri: String) -> String {
        var components = URLComponents(string: uri) ?? URLComponents()
        components.queryItems = (components.queryItems ?? []) + parameters.map { URLQueryItem(name: $0.0, value: $0.1) }
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.string ?? uri
    }
}
