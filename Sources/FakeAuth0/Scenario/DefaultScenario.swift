import Foundation

/// The scenario built into the binary, so `fake-auth0` with no arguments has a demo tenant to serve.
enum DefaultScenario {
    static var yaml: String {
        guard let url = Bundle.module.url(forResource: "default", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }
}
