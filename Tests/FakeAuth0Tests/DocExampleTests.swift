import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The examples in the public API's doc comments, run as written.
@Suite("documentation examples")
struct DocExampleTests {
    @Test("withFakeTenant's example gets a client_credentials token")
    func withFakeTenantExample() async throws {
        // The code of `withFakeTenant`'s doc comment, unchanged.
        let status = try await withFakeTenant { fake in
            var request = URLRequest(url: fake.url("/oauth/token"))
            request.httpMethod = "POST"
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(
                "grant_type=client_credentials&client_id=demo-m2m&client_secret=demo-m2m-secret".utf8)
            let (_, response) = try await URLSession.shared.data(for: request)
            return (response as? HTTPURLResponse)?.statusCode
        }
        #expect(status == 200)
    }

    @Test("the test above runs exactly the code of the doc comment")
    func exampleMatchesTheDocComment() throws {
        let tests = URL(fileURLWithPath: #filePath)
        let source = tests.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Sources/FakeAuth0Testing/WithFakeTenant.swift")
        let comment = try String(contentsOf: source, encoding: .utf8).split(separator: "\n")
            .filter { $0.hasPrefix("///") }.map { $0.dropFirst(3).trimmingCharacters(in: .whitespaces) }
        let start = try #require(comment.firstIndex(of: "```swift"))
        let end = try #require(comment[(start + 1)...].firstIndex(of: "```"))
        let example = comment[(start + 1)..<end].filter { !$0.hasPrefix("//") }
        let test = try String(contentsOf: tests, encoding: .utf8).split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let first = try #require(test.firstIndex(of: example.first ?? ""))
        #expect(Array(test[first..<(first + example.count)]) == Array(example))
    }
}
