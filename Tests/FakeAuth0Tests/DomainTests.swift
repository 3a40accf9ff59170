import FakeAuth0
import Foundation
import Testing

@Suite("domain building blocks")
struct DomainTests {
    @Test("the virtual clock advances, freezes and resumes without real time passing")
    func clock() {
        let clock = TenantClock()
        let start = clock.now()
        clock.advance(by: 3600)
        #expect(clock.now().timeIntervalSince(start) >= 3600)
        clock.freeze()
        let frozen = clock.now()
        #expect(clock.now() == frozen)
        clock.advance(by: 10)
        #expect(clock.now() == frozen.addingTimeInterval(10))
        clock.resume()
        #expect(!clock.isFrozen)
        #expect(clock.now() >= frozen.addingTimeInterval(10))
    }

    @Test("form bodies decode +, percent escapes and drop empty values")
    func formParameters() throws {
        let parameters = try RequestParameters.form("scope=openid+profile&redirect_uri=https%3A%2F%2Fa%2Fcb&audience=")
        #expect(parameters["scope"] == "openid profile")
        #expect(parameters["redirect_uri"] == "https://a/cb")
        #expect(parameters["audience"] == nil)
    }

    @Test("unescaped characters are kept, malformed escapes are invalid_request, never a crash")
    func lenientFormParameters() throws {
        let raw = try RequestParameters.form(
            "scope=openid product:buy offline_access&login_hint={\"sub\":\"auth0|a\"}&x==y")
        #expect(raw["scope"] == "openid product:buy offline_access")
        #expect(raw["login_hint"] == #"{"sub":"auth0|a"}"#)
        #expect(raw["x"] == "=y")
        #expect(throws: OAuthError.self) { try RequestParameters.form("a=%zz") }
        #expect(throws: OAuthError.self) { try RequestParameters.form("a=%E2%82") }
    }

    @Test("JSON bodies drop null and empty strings and carry numbers and arrays as text")
    func jsonParameters() throws {
        let parameters = try RequestParameters.json(
            Data(#"{"a":null,"b":"","c":300,"d":true,"e":[{"type":"x"}],"f":"v"}"#.utf8))
        #expect(parameters.values == ["c": "300", "d": "true", "e": #"[{"type":"x"}]"#, "f": "v"])
        #expect(throws: OAuthError.self) { try RequestParameters.json(Data("[]".utf8)) }
    }

    @Test("scopes parse without duplicates")
    func scopes() {
        #expect(Scope.parse(" openid  profile openid ") == ["openid", "profile"])
        #expect(Scope.parse(nil).isEmpty)
    }
}
